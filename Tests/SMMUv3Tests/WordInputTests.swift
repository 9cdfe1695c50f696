import Foundation
import Testing
@testable import SMMUv3

/// `decode` reads the dumps engineers actually have.
@Suite("Word input formats")
struct WordInputTests {
    let expected: [UInt64] = [0x9, 0x0, 0x1122334455667788, 0, 0, 0, 0, 0xffffffffffffffff]

    @Test func rawLittleEndianBinary() throws {
        let bytes = expected.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        #expect(try WordInput.words(from: bytes, kind: .ste) == expected)
    }

    @Test func oneHexWordPerLineWithOrWithout0x() throws {
        let text = "0x9\n0\n1122334455667788\n0x0\n0\n0\n0\nffffffffffffffff\n"
        #expect(try WordInput.words(from: Array(text.utf8), kind: .ste) == expected)
    }

    @Test(arguments: ["ste[%d] == 0x%016llx", "qw[%d] = 0x%016llx", "d%d: %016llx", "  [%d] = %llx"])
    func labelledLines(_ pattern: String) throws {
        let text = expected.enumerated().map { i, w in
            pattern.replacingOccurrences(of: "%d", with: "\(i)")
                .replacingOccurrences(of: "0x%016llx", with: "0x" + String(w, radix: 16))
                .replacingOccurrences(of: "%016llx", with: String(w, radix: 16))
                .replacingOccurrences(of: "%llx", with: String(w, radix: 16))
        }.joined(separator: "\n")
        #expect(try WordInput.words(from: Array(text.utf8), kind: .ste) == expected)
    }

    @Test func gdbExamineRows() throws {
        let text = """
        0xffff000012340000:\t0x0000000000000009\t0x0000000000000000
        0xffff000012340010:\t0x1122334455667788\t0x0000000000000000
        0xffff000012340020 <ste+32>:\t0x0000000000000000\t0x0000000000000000
        0xffff000012340030:\t0x0000000000000000\t0xffffffffffffffff
        """
        #expect(try WordInput.words(from: Array(text.utf8), kind: .ste) == expected)
    }

    @Test func qemuXpRows() throws {
        let text = """
        0000000080001000: 0x0000000000000009 0x0000000000000000
        0000000080001010: 0x1122334455667788 0x0000000000000000
        0000000080001020: 0x0000000000000000 0x0000000000000000
        0000000080001030: 0x0000000000000000 0xffffffffffffffff
        """
        #expect(try WordInput.words(from: Array(text.utf8), kind: .ste) == expected)
    }

    @Test func thirtyTwoBitDumpsLowHalfFirst() throws {
        let text = """
        0x80001000: 0x00000009 0x00000000 0x00000000 0x00000000
        0x80001010: 0x55667788 0x11223344 0x00000000 0x00000000
        0x80001020: 0x00000000 0x00000000 0x00000000 0x00000000
        0x80001030: 0x00000000 0x00000000 0xffffffff 0xffffffff
        """
        #expect(try WordInput.words(from: Array(text.utf8), wordSize: 32, kind: .ste) == expected)
        #expect(throws: InputError.wordTooWide(token: "0x100000000", line: 1, bits: 32)) {
            try WordInput.words(fromText: "0x100000000 0x0", wordSize: 32)
        }
    }

    @Test func commentsAndBlankLinesAreSkipped() throws {
        let text = "# an STE\n\n0x9 # word 0\n0 0x1122334455667788 0\n0 0 0 // tail\n0xffffffffffffffff\n"
        #expect(try WordInput.words(from: Array(text.utf8), kind: .ste) == expected)
    }

    @Test func severalDescriptorsInARow() throws {
        let w = try WordInput.words(fromArguments: ["0x1 0x2", "0x3 0x4"], kind: .cmd)
        #expect(w == [1, 2, 3, 4])
    }
}
