import Foundation
import Testing
@testable import SMMUv3

/// No input traps (issue #9, items 9-11): every number is read as ASCII digits with checked
/// arithmetic, and a refused input is an error naming the field, the value as written and
/// the rule; the CLI exits 2 with it on standard error.
@Suite("Hostile input: numbers, words and scenario values")
struct HostileInputTests {
    let cli = CLITests()
    let zeros = Array(repeating: "0", count: 7)

    // MARK: item 9: digits are ASCII

    /// U+FF10 FULLWIDTH DIGIT ZERO is a hex digit to `Character.isHexDigit`, but not to a
    /// descriptor dump.
    @Test(arguments: ["０", "0x０", "１２", "٣", "0xfｆ"])
    func unicodeDigitsAreNotHexWords(_ token: String) {
        #expect(throws: InputError.notHex(token: token, line: 1)) { try WordInput.words(fromText: token) }
        #expect(WordInput.parseNumber(token) == nil)
    }

    /// The words fuzzer's first find on the old parser (Tests/Fuzz/corpus/words/
    /// crash-fullwidth-digit-32bit): a 32-bit gdb-style row whose last word ends in U+FF11.
    @Test func fuzzerFindFullWidthDigitIn32BitRow() throws {
        let bytes: [UInt8] = [0x20, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x66, 0x66, 0x66, 0x66, 0xb5,
                              0x30, 0x3a, 0x20, 0x30, 0x78, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x39, 0x20,
                              0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0xef, 0xbc, 0x91, 0x20, 0x30, 0x20, 0x30, 0x41,
                              0x30, 0x20, 0x30, 0x20, 0x30, 0x0a]
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(throws: InputError.notHex(token: "000000１", line: 1)) {
            try WordInput.words(fromArguments: [text], wordSize: 32, kind: .cd)
        }
        #expect(WordInput.parseNumber(text) == nil)
        #expect(throws: InputError.self) { try WordInput.words(from: bytes, format: .hex, wordSize: 32, kind: .cd) }
    }

    @Test func numbersAreASCIIAndCheckedAgainst64Bits() {
        #expect(WordInput.parseNumber("0xffff_ffff_ffff_ffff") == .max)
        #expect(WordInput.parseNumber("18446744073709551615") == .max)
        #expect(WordInput.parseNumber("18446744073709551616") == nil)
        #expect(WordInput.parseNumber("0x1_0000_0000_0000_0000") == nil)
        #expect(WordInput.parseNumber("0b102") == nil)
        #expect(WordInput.parseNumber("0X1f") == 0x1f)
        #expect(WordInput.parseNumber("0x") == nil)
        #expect(WordInput.parseNumber("٣") == nil)
    }

    @Test func fullWidthDigitsThroughEveryCommandExitTwo() throws {
        let w = ["０"] + zeros
        let decode = try cli.run(["decode", "ste"] + w)
        #expect(decode.status == 2)
        #expect(decode.err == "error: line 1: '０' is not a hex word\n")
        let stdin = try cli.run(["decode", "ste", "--in-format", "hex"], stdin: Data(w.joined(separator: "\n").utf8))
        #expect(stdin.status == 2)
        #expect(stdin.err == "error: line 1: '０' is not a hex word\n")
        #expect(try cli.run(["diff", "ste", w.joined(separator: " "), "0 0 0 0 0 0 0 0"]).status == 2)
        let plan = try cli.run(["plan", "ste", "--from", w.joined(separator: " "), "--to", "0 0 0 0 0 0 0 0"])
        #expect(plan.status == 2)
        #expect(plan.err == "error: --from: line 1: '０' is not a hex word\n")
        #expect(try cli.run(["verify", "ste", "--from", w.joined(separator: " "), "--log", "-"], stdin: Data()).status == 2)
        #expect(try cli.run(["verify", "ste", "--from", "0 0 0 0 0 0 0 0", "--log", "-"],
                            stdin: Data("write ０ 0x1\nsync\n".utf8)).status == 2)
        #expect(try cli.run(["encode", "ste", "S1CDMax=１"]).status == 2)
    }

    /// A line of 200,000 '=' is one label: no words (linear-time label stripping).
    @Test func aLongLabelIsNoWords() throws {
        #expect(throws: InputError.empty) {
            try WordInput.words(from: Array(String(repeating: "=", count: 200_000).utf8), kind: .ste)
        }
        // The label runs to the last '==', else the last '=', else the last ':'.
        #expect(try WordInput.words(fromText: "a=b: 0x5 == 0x7") == [7])
        #expect(try WordInput.words(fromText: "x: y = 0x8") == [8])
        #expect(try WordInput.words(fromText: "0xffff8000: 0x9 0x1 # gdb") == [9, 1])
    }

    // MARK: item 10: word size, one descriptor, fields

    @Test func aWordSizeOtherThan64Or32IsAnError() throws {
        #expect(throws: InputError.wordSize(16)) { try WordInput.words(fromText: "0x9", wordSize: 16) }
        let r = try cli.run(["diff", "ste", "0x9 0 0 0 0 0 0 0", "0 0 0 0 0 0 0 0", "--word-size", "16"])
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("Error: --word-size 16 is not 64 or 32\n"))
    }

    @Test func diffTakesExactlyOneDescriptorEachSide() throws {
        let sixteen = (0..<16).map { _ in "0" }.joined(separator: " ")
        let r = try cli.run(["diff", "cd", sixteen, "0 0 0 0 0 0 0 0"])
        #expect(r.status == 2)
        #expect(r.err == "error: A must be one cd of 8 words; got 16\n")
        let seven = try cli.run(["diff", "cd", "0 0 0 0 0 0 0 0", "0 0 0 0 0 0 0"])
        #expect(seven.err == "error: B must be one cd of 8 words; got 7\n")
    }

    @Test func fieldsOfAFixedLayoutTakeAFieldNotARecord() throws {
        let r = try cli.run(["fields", "ste", "NOPE"])
        #expect(r.status == 2)
        #expect(r.err == "error: unknown field 'NOPE' in STE\n")
        #expect(r.out.isEmpty)
        #expect(try cli.run(["fields", "cmd", "CMD_NOPE"]).status == 2)
        #expect(try cli.run(["fields", "ste"]).status == 0)
    }

    // MARK: item 11: scenario numbers

    func refusal(_ script: String) -> String? {
        do {
            _ = try Scenario.run(script)
            return nil
        } catch { return error.message }
    }

    @Test func scenarioNumbersThatDoNotFitAreRefusedByValue() {
        #expect(refusal("smmu a sid-bits=0xffffffffffffffff")
                == "line 1: sid-bits=0xffffffffffffffff is not in 1...32 (SMMU_IDR1.SIDSIZE)")
        #expect(refusal("smmu a ssid-bits=9223372036854775808")
                == "line 1: ssid-bits=9223372036854775808 is not in 0...20 (SMMU_IDR1.SSIDSIZE)")
        #expect(refusal("smmu a sid-bits=0")
                == "line 1: sid-bits=0 is not in 1...32 (SMMU_IDR1.SIDSIZE)")
        #expect(refusal("smmu a\nmaster m smmu=a sids=1 ssid-bits=0xffffffffffffffff")
                == "line 2: ssid-bits=0xffffffffffffffff is not in 0...20 (SubstreamID bits, SMMU_IDR1.SSIDSIZE at most 20)")
    }

    @Test func anSSIDIsNamedAsWrittenNeverClamped() {
        let base = "smmu a\nmaster m smmu=a sids=1\ndomain d s1 asid=1 ttb0=0x1000\n"
        #expect(refusal(base + "attach d m ssid=0xffffffffffff")
                == "line 4: ssid=0xffffffffffff is beyond the 20 bits a SubstreamID has (SMMU_IDR1.SSIDSIZE is at most 20)")
        #expect(refusal(base + "detach m ssid=4294967296")
                == "line 4: ssid=4294967296 is beyond the 20 bits a SubstreamID has (SMMU_IDR1.SSIDSIZE is at most 20)")
    }
}
