/// What an STE (IHI 0070 §5.2) and an L1STD (§5.1) make the SMMU do, in one line. Every validity
/// check lives in the rule tables (`RuleTable.ste`, `RuleTable.l1std`); the decoder appends what
/// their findings mean (the event an ILLEGAL STE records, what a reserved value behaves as).
enum STERules {
    static func check(_ s: STE, _ ft: Features) -> (String, [Decoded.Finding]) {
        (summary(s.words, ft), [])
    }

    static func summary(_ words: [UInt64], _ ft: Features) -> String {
        let i = RuleInput(layout: DescriptorLayout.ste, words: words, features: ft)
        func v(_ name: String) -> UInt64 { i.v(name) }
        guard v("V") == 1 else { return "invalid (V=0)" }
        let config = v("Config")
        switch config {
        case 0b000...0b011: return "abort"
        case 0b100: return "bypass"
        default: break
        }
        var parts: [String] = []
        if config & 1 == 1 { parts.append(stage1(i)) }
        if config & 2 == 2 { parts.append(stage2(i)) }
        if config == 0b101 { parts.append("StreamWorld \(streamWorld(i))") }
        let eats = v("EATS")
        if eats != 0 && ft.ats && !ft.secureTable {
            parts.append("EATS=\(EATS(rawValue: eats))")
        }
        return parts.joined(separator: "; ")
    }

    /// The StreamWorld of a stage-1-only STE (§5.2 STRW; §3.3.3).
    static func streamWorld(_ i: RuleInput) -> String {
        let strw = i.v("STRW"), ft = i.features
        let used = ft.s1p && (ft.secureTable || ft.hyp)
        if ft.secureTable {
            guard used else { return "Secure" }
            switch strw {
            case 0: return "Secure"
            case 1: return "EL3"
            case 2: return ft.e2h ? "S-EL2-E2H" : "S-EL2"
            default: return "reserved (STRW=0b11)"
            }
        }
        guard used else { return "NS-EL1" }
        switch strw {
        case 0: return "NS-EL1"
        case 2: return ft.e2h ? "NS-EL2-E2H" : "NS-EL2"
        default: return "reserved (STRW=\(hex(strw)))"
        }
    }

    static func stage1(_ i: RuleInput) -> String {
        let cdmax = i.v("S1CDMax"), ptr = i.v("S1ContextPtr")
        guard cdmax > 0 && i.features.ssidSize > 0 else {
            return "stage 1: one CD at \(hex(ptr)) (substreams disabled)"
        }
        var table: String
        switch i.v("S1Fmt") {
        case 1: table = "2-level CD table (4 KB leaves), 2^\(cdmax) SSIDs, L1 at \(hex(ptr))"
        case 2: table = "2-level CD table (64 KB leaves), 2^\(cdmax) SSIDs, L1 at \(hex(ptr))"
        default: table = "linear CD table of 2^\(cdmax) CDs at \(hex(ptr))"
        }
        let dss = S1DSS(rawValue: i.v("S1DSS"))
        table += ", S1DSS=\(dss.isReserved ? S1DSS.terminate : dss)"
        return "stage 1: " + table
    }

    static func stage2(_ i: RuleInput) -> String {
        let t0sz = i.v("S2T0SZ")
        let aa32 = i.v("S2AA64") == 0 && !i.features.d128
        let format = aa32 ? "VMSAv8-32 LPAE" : i.v("S2AA64") == 1 ? "VMSAv8-64" : "VMSAv9-128"
        let granule = aa32 ? Granule.size4K : Granule(rawValue: i.v("S2TG"))
        let ps = aa32 ? "40-bit" : "\(AddressSize(rawValue: i.v("S2PS")).bits)-bit"
        return "stage 2: VMID \(hex(i.v("S2VMID"))), S2TTB \(hex(i.v("S2TTB"))), \(format), \(granule) granule, S2T0SZ \(t0sz)"
            + (aa32 ? "" : " (\(64 - Int(t0sz))-bit IPA)") + ", S2SL0 \(i.v("S2SL0")), S2PS \(ps)"
    }

    /// The L1STD (§5.1): where its Level 2 array is, or that its StreamIDs are invalid.
    static func check(_ d: L1STD) -> (String, [Decoded.Finding]) {
        let span = d["Span"] ?? 0, ptr = d["L2Ptr"] ?? 0
        switch span {
        case 0: return ("invalid (Span=0): StreamIDs in this span are invalid (C_BAD_STREAMID if SMMU_CR2.RECINVSID=1)", [])
        case 12...: return ("invalid (reserved Span \(span) behaves as 0): StreamIDs in this span are invalid (C_BAD_STREAMID if SMMU_CR2.RECINVSID=1)", [])
        default: return ("L2 array of 2^\(span - 1) STEs at \(hex(ptr & ~((UInt64(64) << (span - 1)) - 1)))", [])
        }
    }
}
