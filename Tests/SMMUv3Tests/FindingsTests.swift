import Testing
@testable import SMMUv3

/// The decoder reports what the spec calls ILLEGAL, reserved, or silently masked (IHI 0070
/// §5.1-§5.4, chapter 4), each finding naming the field, the value and the rule.
@Suite("Decode findings")
struct FindingsTests {
    func ste(_ a: [String]) throws -> [UInt64] { try Encoded(.ste, assignments: a).words }
    func findings(_ kind: DescriptorKind, _ w: [UInt64], _ ft: Features = Features()) throws -> [Decoded.Finding] {
        try Decoded(kind, words: w, features: ft).findings
    }

    @Test func s1cdmaxBeyondSSIDSIZEIsIllegal() throws {
        var ft = Features()
        ft.ssidSize = 16
        let f = try findings(.ste, try ste(["V=1", "Config=s1-trans", "S1CDMax=17", "S1ContextPtr=0x80000000"]), ft)
        #expect(f.contains { $0.severity == .illegal && $0.field == "S1CDMax" && $0.value == 17
                && $0.rule.contains("exceeds SMMU_IDR1.SSIDSIZE 16") })
    }

    @Test func reservedConfigBehavesAsAbort() throws {
        let f = try findings(.ste, try ste(["V=1", "Config=1"]))
        #expect(f.map(\.ruleID) == ["STE.Config.reserved"])
        #expect(f.first?.outcome == .reserved(behavesAs: "Config=0b000 (abort, no event recorded)"))
    }

    @Test func misalignedLinearCDTableIsReported() throws {
        let f = try findings(.ste, try ste(["V=1", "Config=s1-trans", "S1CDMax=4", "S1ContextPtr=0x80000040"]))
        // §5.2 S1Fmt: the RES0 bits set make the table's alignment CONSTRAINED UNPREDICTABLE.
        #expect(f.contains { $0.field == "S1ContextPtr" && $0.severity == .constrainedUnpredictable && $0.rule.contains("1 KB") })
    }

    @Test func s1stalldWithAStallModelThatForbidsIt() throws {
        var ft = Features()
        ft.stallModel = 1
        let f = try findings(.ste, try ste(["V=1", "Config=s1-trans", "S1STALLD=1"]), ft)
        #expect(f.contains { $0.field == "S1STALLD" && $0.severity == .illegal })
        #expect(try findings(.ste, try ste(["V=1", "Config=s1-trans", "S1STALLD=1"])).allSatisfy { $0.field != "S1STALLD" })
    }

    @Test func eatsThatNeedFeatures() throws {
        var ft = Features()
        ft.ats = false
        // §5.2 EATS: IGNORED (not RES0) when SMMU_IDR0.ATS=0.
        #expect(try findings(.ste, try ste(["V=1", "Config=s1-trans", "EATS=trans"]), ft)
                    .allSatisfy { $0.field != "EATS" })
        #expect(try findings(.ste, try ste(["V=1", "Config=s1-trans", "EATS=s1chk"]))
                    .contains { $0.field == "EATS" && $0.severity == .illegal && $0.rule.contains("nested") })
        ft = Features()
        ft.dpt = false
        #expect(try findings(.ste, try ste(["V=1", "Config=s2-trans", "S2T0SZ=25", "EATS=3"]), ft)
                    .contains { $0.field == "EATS" && $0.rule.contains("DPT") })
    }

    @Test func twoLevelCDTableWithoutCD2L() throws {
        var ft = Features()
        ft.cd2l = false
        let f = try findings(.ste, try ste(["V=1", "Config=s1-trans", "S1CDMax=12", "S1Fmt=64k-l2", "S1ContextPtr=0x80000000"]), ft)
        #expect(f.contains { $0.field == "S1Fmt" && $0.severity == .illegal })
    }

    @Test func stage2ReservedGranuleAndT0SZ() throws {
        let f = try findings(.ste, try ste(["V=1", "Config=s2-trans", "S2TG=3", "S2T0SZ=60", "S2AA64=1"]))
        #expect(f.contains { $0.field == "S2TG" && $0.severity == .illegal })
        #expect(f.contains { $0.field == "S2T0SZ" && $0.severity == .illegal })
    }

    @Test func res0BitsAreReportedPerWord() throws {
        // STE word 0 bits [58:56] are RES0 (§5.2).
        let f = try findings(.ste, [0x0100_0000_0000_0009, 0, 0, 0, 0, 0, 0, 0])
        #expect(f == [Decoded.Finding(.res0, "word0", 0x0100_0000_0000_0000, "RES0 bits [56] of word 0 are set (STE defines no field there)")])
    }

    @Test func invalidEntriesAreANoteNotAProblem() throws {
        let d = try Decoded(.ste, words: [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(d.summary == "invalid (V=0)")
        #expect(!d.hasProblems)
    }

    @Test func cdStallAgainstTheStallModel() throws {
        var ft = Features()
        ft.stallModel = 1
        let cd = try Encoded(.cd, assignments: ["V=1", "AA64=1", "T0SZ=16", "S=1"]).words
        #expect(try findings(.cd, cd, ft).contains { $0.field == "S" && $0.severity == .illegal })
        ft.stallModel = 2
        let noStall = try Encoded(.cd, assignments: ["V=1", "AA64=1", "T0SZ=16"]).words
        #expect(try findings(.cd, noStall, ft).contains { $0.field == "S" && $0.rule.contains("stall forced") })
    }

    @Test func cdTTB0MisalignedForItsStartLevelTable() throws {
        // 4 KB granule, T0SZ=16: a 512-entry (4 KB) level-0 table.
        let cd = try Encoded(.cd, assignments: ["V=1", "AA64=1", "T0SZ=16", "TTB0=0x80000800"]).words
        #expect(try findings(.cd, cd).contains { $0.field == "TTB0" && $0.rule.contains("4 KB start-level table") })
    }

    @Test func l1stdSpan() throws {
        #expect(try findings(.l1std, [12]).contains { $0.field == "Span" && $0.severity == .reserved })
        #expect(try findings(.l1std, [0x8000_2000 | 9]).contains { $0.field == "L2Ptr" && $0.rule.contains("16 KB") })
        #expect(try findings(.l1std, [0x8000_4000 | 9]).isEmpty)
    }

    @Test func commandsTheQueueRejects() throws {
        #expect(try findings(.cmd, [0x08, 0]).contains { $0.field == "Opcode" && $0.rule.contains("CERROR_ILL") })
        #expect(try findings(.cmd, [0x46 | 3 << 12, 0]).contains { $0.field == "CS" && $0.severity == .illegal })
        #expect(try findings(.cmd, [0x03 | 1 << 10, 1]).contains { $0.field == "SSec" })
        #expect(try findings(.cmd, [0x85, 0]).allSatisfy { $0.severity == .note })
    }

    @Test func cfgiAllIsSTERangeWithRange31() throws {
        #expect(try Decoded(.cmd, words: [0x04, 31]).layout.name == "CMD_CFGI_ALL")
        #expect(try Decoded(.cmd, words: [0x04, 5]).layout.name == "CMD_CFGI_STE_RANGE")
    }

    @Test func addressBitsAbove51AreOnlyForVMSAv9_128() throws {
        let cd = try Encoded(.cd, assignments: ["V=1", "AA64=1", "T0SZ=16", "TTB0=0x10000000000000"]).words
        #expect(try findings(.cd, cd).contains { $0.field == "TTB0" && $0.rule.contains("[55:52] are RES0") })
        let ste = try Encoded(.ste, assignments: ["V=1", "Config=s2-trans", "S2AA64=1", "S2T0SZ=24", "S2TTB=0x80000000000000"]).words
        #expect(try findings(.ste, ste).contains { $0.field == "S2TTB" })
    }
}
