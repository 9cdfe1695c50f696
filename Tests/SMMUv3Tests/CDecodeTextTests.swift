import CSMMUv3
import Foundation
import Testing
@testable import SMMUv3
@testable import SMMUv3C

/// engine.h promises that smmuv3_decode returns exactly the text `smmuv3 decode KIND WORD…`
/// prints for the same words: the C API's text is compared with the CLI's standard output for
/// every golden fixture and for each kind with every bit set.
@Suite("smmuv3_decode prints what smmuv3 decode prints")
struct CDecodeTextTests {
    /// fixtures/KIND/NAME.bin for every kind: one descriptor each.
    static let fixtures: [String] = DescriptorKind.allCases.flatMap { kind in
        let dir = Repo.fixtures.appendingPathComponent(kind.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".bin") }.sorted().map { "\(kind.rawValue)/\($0)" }
    }

    /// The C API's text for `words`, or its error message.
    static func cText(_ kind: DescriptorKind, _ words: [UInt64], capacity: Int = 1 << 16) -> (Int32, String) {
        var text = [CChar](repeating: 0, count: capacity)
        var err = smmuv3_error()
        let rc = smmuv3Decode(kind.rawValue, words, UInt(words.count), &text, UInt(text.count), &err)
        guard rc == Int32(SMMUV3_E_OK) else { return (rc, CAPITests.message(err)) }
        return (rc, String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The CLI's standard output for the same words given as arguments.
    static func cliText(_ kind: DescriptorKind, _ words: [UInt64]) throws -> String {
        let r = try CLITests().run(["decode", kind.rawValue] + words.map(hex16))
        #expect(r.status == 0, "\(r.err)")
        return r.out
    }

    @Test func everyKindHasFixtures() {
        for kind in DescriptorKind.allCases {
            #expect(Self.fixtures.contains { $0.hasPrefix(kind.rawValue + "/") }, "no fixture for \(kind.rawValue)")
        }
    }

    @Test(arguments: fixtures)
    func fixtureTextIsTheCLIText(_ path: String) throws {
        let kind = try #require(DescriptorKind(rawValue: String(path.prefix { $0 != "/" })))
        let words = try Repo.words(path)
        #expect(words.count == kind.wordCount)
        let (rc, text) = Self.cText(kind, words)
        #expect(rc == Int32(SMMUV3_E_OK), "\(text)")
        #expect(text.utf8.count < 16384, "engine.h: 16384 bytes hold it")
        #expect(text == (try Self.cliText(kind, words)))
    }

    /// Every bit set: the most fields, reserved values and findings a descriptor can show.
    @Test(arguments: DescriptorKind.allCases)
    func allOnesTextIsTheCLIText(_ kind: DescriptorKind) throws {
        let words = [UInt64](repeating: ~0, count: kind.wordCount)
        let (rc, text) = Self.cText(kind, words)
        #expect(rc == Int32(SMMUV3_E_OK), "\(text)")
        #expect(text.utf8.count < 16384, "engine.h: 16384 bytes hold it")
        #expect(text == (try Self.cliText(kind, words)))
    }

    /// The text and its NUL must fit: one byte short is SMMUV3_E_BUFFER, naming the size needed.
    @Test func aBufferOneByteShortIsRefusedWithTheSizeNeeded() {
        let words = STE.bypass().words
        let (_, text) = Self.cText(.ste, words)
        let need = text.utf8.count + 1
        #expect(Self.cText(.ste, words, capacity: need).1 == text)
        let (rc, message) = Self.cText(.ste, words, capacity: need - 1)
        #expect(rc == Int32(SMMUV3_E_BUFFER))
        #expect(message == "the decode needs \(need) bytes; the buffer holds \(need - 1)")
    }
}
