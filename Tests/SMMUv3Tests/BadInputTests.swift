import Testing
@testable import SMMUv3

/// Every bad input gets an error that names the field, the value and the rule (issue #2).
@Suite("Bad input is refused with a clear message")
struct BadInputTests {
    func message(_ kind: DescriptorKind, _ a: [String], record: String? = nil) -> String? {
        do {
            _ = try Encoded(kind, record: record, assignments: a)
            return nil
        } catch { return error.description }
    }

    @Test func unknownField() {
        #expect(message(.ste, ["V=1", "Frobnicate=1"]) == "unknown field 'Frobnicate' in STE")
        #expect(message(.cmd, ["ASID=1"], record: "CMD_CFGI_STE") == "unknown field 'ASID' in CMD_CFGI_STE")
    }

    @Test func fieldGivenTwice() {
        #expect(message(.ste, ["V=1", "v=0"]) == "field v given twice")
    }

    @Test func valueWiderThanTheField() {
        #expect(message(.ste, ["S1CDMax=40"]) == "S1CDMax=40 does not fit in 5 bits (max 0x1f)")
        #expect(message(.cd, ["V=2"]) == "V=2 does not fit in 1 bit (max 0x1)")
    }

    @Test func misalignedAddress() {
        #expect(message(.ste, ["S1ContextPtr=0x1008"]) == "S1ContextPtr 0x1008 is not 64-byte aligned")
        #expect(message(.l1cd, ["L2Ptr=0x80000800"]) == "L2Ptr 0x80000800 is not 4 KB aligned")
        #expect(message(.ste, ["S2TTB=0x1001"]) == "S2TTB 0x1001 is not 16-byte aligned")
    }

    @Test func addressAboveTheField() {
        #expect(message(.ste, ["S1ContextPtr=0x100000000000000"])
                == "S1ContextPtr 0x100000000000000 does not fit in address bits [55:6] (above bit 55)")
    }

    @Test func unknownNamedValue() {
        #expect(message(.ste, ["Config=sideways"])
                == "unknown value 'sideways' for Config (known: abort, bypass, s1-trans, s2-trans, nested)")
        #expect(message(.ste, ["S1ContextPtr=somewhere"]) == "S1ContextPtr has no named values; 'somewhere' is not a number")
        #expect(message(.ste, ["S1CDMax=12q"]) == "S1CDMax: '12q' is not a number (decimal, 0x…, 0b…) or a named value")
    }

    @Test func notAnAssignment() {
        #expect(message(.ste, ["V"]) == "'V' is not FIELD=VALUE")
        #expect(message(.ste, ["=1"]) == "'=1' is not FIELD=VALUE")
    }

    @Test func commandsNeedTheirRecord() {
        #expect(message(.cmd, ["StreamID=1"]) == "cmd needs the command: a name (e.g. CMD_CFGI_STE) or Opcode=…")
        #expect(message(.cmd, [], record: "CMD_FROB") == "unknown command 'CMD_FROB'")
        #expect(message(.evt, [], record: "F_NOPE") == "unknown event record 'F_NOPE'")
    }

    @Test func reservedEncodingsAreWrittenWithAWarning() throws {
        let r = try Encoded(.ste, assignments: ["V=1", "Config=2"])
        #expect(r.words[0] == 0b0101)
        #expect(r.warnings == ["warning: Config=2 is a reserved encoding (reserved, behaves as abort); written as asked"])
    }

    @Test func aRefusedSetLeavesTheDescriptorUntouched() throws {
        var ste = STE.bypass()
        let before = ste.words
        #expect(throws: EncodeError.field(.misaligned(field: "S1ContextPtr", value: 0x1008, alignment: 64))) {
            try ste.set("S1ContextPtr", 0x1008)
        }
        #expect(throws: EncodeError.field(.doesNotFit(field: "S1CDMax", value: 40, width: 5))) {
            try ste.set("S1CDMax", 40)
        }
        #expect(ste.words == before)
    }

    @Test func wrongNumberOfWords() {
        #expect(throws: InputError.wordCount(kind: "ste", expected: 8, got: 7)) {
            try Decoded(.ste, words: [1, 2, 3, 4, 5, 6, 7])
        }
        #expect(InputError.wordCount(kind: "ste", expected: 8, got: 7).description
                == "ste takes 8 words (a multiple of 8 for several); got 7")
    }

    @Test func truncatedBinary() {
        let bytes = [UInt8](repeating: 0x80, count: 60)
        #expect(throws: InputError.truncatedBinary(bytes: 60, unit: 64, kind: "ste")) {
            try WordInput.words(from: bytes, kind: .ste)
        }
        #expect(InputError.truncatedBinary(bytes: 60, unit: 64, kind: "ste").description
                == "truncated binary: 60 bytes is not a whole number of 64-byte ste descriptors")
    }

    @Test func nonHexText() {
        #expect(throws: InputError.notHex(token: "0xzz", line: 2)) {
            try WordInput.words(fromText: "0x1\n0xzz\n")
        }
        #expect(InputError.notHex(token: "0xzz", line: 2).description == "line 2: '0xzz' is not a hex word")
        #expect(throws: InputError.wordTooWide(token: "0x10000000000000000", line: 1, bits: 64)) {
            try WordInput.words(fromText: "0x10000000000000000")
        }
    }

    @Test("A field read or written on words shorter than its layout: zero read, the write refused naming the word")
    func fieldOnTooFewWords() throws {
        let config = try #require(DescriptorLayout.ste.field(named: "Config"))
        let s2ttb = try #require(DescriptorLayout.ste.field(named: "S2TTB"))
        #expect(config.get([]) == 0)
        #expect(s2ttb.get([0x9, 0, 0]) == 0)
        var words: [UInt64] = [0, 0]
        #expect(throws: FieldError.wordMissing(field: "S2TTB", word: 3, words: 2)) { try s2ttb.set(0x8000_0000, in: &words) }
        #expect(words == [0, 0])
        #expect(FieldError.wordMissing(field: "S2TTB", word: 3, words: 2).description == "S2TTB is in word 3, but only 2 words were given")
    }
}
