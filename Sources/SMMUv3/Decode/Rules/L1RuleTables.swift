extension RuleTable {
    /// The L1STD's rules (IHI 0070 §5.1). Not checked here: a Span beyond the split point
    /// (SMMU_STRTAB_BASE_CFG.SPLIT, which the descriptor alone does not give).
    public static let l1std = RuleTable(kind: .l1std, rules: [
        Rule("L1STD.Span.reserved", "5.1", "Span", .reserved(behavesAs: "Span=0 (L2Ptr invalid, the span's StreamIDs are invalid)"),
             when: { $0.v("Span") >= 12 }) { "Span=\($0.v("Span")) is a reserved value (12-31)" },
        Rule("L1STD.L2Ptr.misaligned", "5.1", "L2Ptr", .res0,
             when: { i in (1...11).contains(i.v("Span")) && i.v("L2Ptr") & ((UInt64(64) << (i.v("Span") - 1)) - 1) != 0 }) { i in
            let span = i.v("Span"), size = UInt64(64) << (span - 1)
            return "L2Ptr=\(hex(i.v("L2Ptr"))) is not aligned to its \(sizeName(size)) Level 2 array of 2^\(span - 1) STEs: L2Ptr[\(5 + span - 1):0] are treated as 0"
        },
        Rule("L1STD.L2Ptr.beyond-OAS", "5.1", "L2Ptr",
             .constrainedUnpredictable("the STE fetch address is truncated to the OAS, or F_STE_FETCH (§3.4.3)"),
             when: { $0.features.oas < 56 && $0.v("L2Ptr") >> UInt64($0.features.oas) != 0 }) {
            "L2Ptr=\(hex($0.v("L2Ptr"))) has bits above SMMU_IDR5.OAS (\($0.features.oas)-bit), which are RES0"
        },
    ], ignored: [
        IgnoredWhen(["L2Ptr"], "5.1", "Span=0 or reserved: L1STD.L2Ptr is invalid") {
            $0.v("Span") == 0 || $0.v("Span") >= 12
        },
    ])
    /// The L1CD's rules (IHI 0070 §5.3).
    public static let l1cd = RuleTable(kind: .l1cd, rules: [
        // V: not a fault of the L1CD, but what the SMMU does with it (§5.3.1).
        Rule("L1CD.V.invalid", "5.3.1", "V", .note, when: { $0.v("V") == 0 }) { _ in
            "V=0: L2Ptr invalid; a transaction whose SubstreamID indexes through it is aborted and records C_BAD_SUBSTREAMID"
        },
        // L2Ptr: bits above the OAS are RES0 (§5.3).
        Rule("L1CD.L2Ptr.beyond-OAS", "5.3", "L2Ptr", .res0, when: { $0.features.oas < 56 && $0.v("L2Ptr") >> UInt64($0.features.oas) != 0 }) {
            "L2Ptr=\(hex($0.v("L2Ptr"))) has bits above SMMU_IDR5.OAS (\($0.features.oas)-bit), which are RES0"
        },
        // L2Ptr with 64 KB leaf tables (§5.2 STE.S1Fmt=0b10): L2Ptr[15:12] are RES0.
        Rule("L1CD.L2Ptr.64k-leaf-misaligned", "5.2", "L2Ptr", .res0,
             when: { $0.features.steS1Fmt == 0b10 && $0.v("L2Ptr") & 0xf000 != 0 }) {
            "L2Ptr=\(hex($0.v("L2Ptr"))): L2Ptr[15:12] are RES0 with 64 KB leaf CD tables (STE.S1Fmt=0b10); the SMMU treats them as zero"
        },
        // The same, when the locating STE's S1Fmt is not known: only legal with 4 KB leaf tables.
        Rule("L1CD.L2Ptr.64k-leaf-unknown", "5.2", "L2Ptr", .note,
             when: { $0.features.steS1Fmt == nil && $0.v("L2Ptr") & 0xf000 != 0 }) {
            "L2Ptr=\(hex($0.v("L2Ptr"))) is 4 KB- but not 64 KB-aligned: right for 4 KB leaf CD tables (STE.S1Fmt=0b01); with STE.S1Fmt=0b10 L2Ptr[15:12] are RES0"
        },
    ], ignored: [
        IgnoredWhen(["L2Ptr"], "5.3.1", "V=0: L2Ptr is IGNORED") { $0.v("V") == 0 },
    ])
}
