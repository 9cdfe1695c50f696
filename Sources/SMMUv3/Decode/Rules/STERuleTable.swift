/// What an STE's words and the SMMU's features say about it, as the STE rules (IHI 0070 §5.2) ask
/// it: the Config stage bits, the Security state, the stage 2 table format, StreamWorld.
private extension RuleInput {
    var config: UInt64 { v("Config") }
    /// Config == 0b1x1: stage 1 translates.
    var stage1: Bool { config & 0b101 == 0b101 }
    /// Config == 0b11x: stage 2 translates.
    var stage2: Bool { config & 0b110 == 0b110 }
    var secure: Bool { features.secureTable }
    var ft: Features { features }
    /// STE.S2AA64 selects VMSAv8-32 LPAE (S2AA64=0 and SMMU_IDR5.D128=0).
    var vmsa32: Bool { v("S2AA64") == 0 && !ft.d128 }
    /// STE.S2AA64 selects VMSAv8-64.
    var vmsa64: Bool { v("S2AA64") == 1 }
    /// STE.S2AA64 selects VMSAv9-128 (S2AA64=0 and SMMU_IDR5.D128=1).
    var vmsa128: Bool { v("S2AA64") == 0 && ft.d128 }
    /// STE.STRW is used (§5.2.2 IgnoreSTESTRW is false): stage 1 implemented, Hyp for a
    /// Non-secure STE, and Config == 0b101 (stage 1 only).
    var strwUsed: Bool { ft.s1p && (secure || ft.hyp) && config == 0b101 }
    /// The stage 2 granule in KB from STE.S2TG (0 for the reserved 0b11).
    var s2Granule: Int { granule(.ns) }
    /// The effective stage 2 output size in bits: 40 for VMSAv8-32 LPAE, else MIN(S2PS, OAS),
    /// with the reserved S2PS values behaving as the spec says for the version (§5.2 S2PS).
    var effectiveS2PS: Int {
        if vmsa32 { return 40 }
        var ps = v("S2PS")
        if ft.isV3_0 && ps >= 6 { ps = 5 } else if ft.archMinorRev <= 3 && ps == 7 { ps = 6 }
        return min(AddressSize(rawValue: ps).bits, ft.oas)
    }
    var s2t0szRange: ClosedRange<Int> { t0szRange(.ns) }
    var s2t0szInvalid: Bool { t0szInvalid(.ns) }
    var s2WalkInconsistent: Bool { walkInconsistent(.ns) }
    var s2TableAlignment: UInt64 { tableAlignment(.ns) }

    /// The granule in KB a stage 2 table's TG field selects (0 for the reserved 0b11).
    func granule(_ t: S2Table) -> Int {
        switch v(t.tg) {
        case 0: 4
        case 1: 64
        case 2: 16
        default: 0
        }
    }

    /// §5.2.2 STES2T0SZInvalid: the valid range of S2T0SZ / S_S2T0SZ (VMSAv8-64, VMSAv9-128).
    func t0szRange(_ t: S2Table) -> ClosedRange<Int> {
        let g = granule(t)
        let max = ft.stt ? (g == 4 || g == 16 ? 48 : 47) : 39
        let min: Int
        if ft.isV3_0 {
            min = 64 - ft.ias
        } else if vmsa128 {
            min = Swift.max(8, 64 - ft.ias)
        } else if g == 64 || (ft.ds && v("S2DS") == 1) {
            min = Swift.max(12, 64 - ft.ias)
        } else {
            min = Swift.max(16, 64 - ft.ias)
        }
        return min...Swift.max(min, max)
    }
    func t0szInvalid(_ t: S2Table) -> Bool { !t0szRange(t).contains(Int(v(t.t0sz))) }

    /// VMSAv8-64 stage 2 start level from {SL0_2, SL0} and TG (VTCR_EL2.{SL2, SL0}, as the
    /// A-profile architecture encodes them); nil for an encoding that is invalid on this SMMU
    /// (PA size, small tables (IDR3.STT) and DS as AArch64.S2InvalidSL has them).
    func startLevel(_ t: S2Table) -> Int? {
        let sl0 = v(t.sl0), sl2 = ft.ds && v("S2DS") == 1 ? v(t.sl0_2) : 0
        switch granule(t) {
        case 4:
            switch (sl2, sl0) {
            case (0, 0): return 2
            case (0, 1): return 1
            case (0, 2): return ft.oas < 44 ? nil : 0
            case (0, 3): return ft.stt ? 3 : nil
            case (1, 0): return ft.oas < 52 ? nil : -1
            default: return nil
            }
        case 16:
            switch sl0 {
            case 0: return 3
            case 1: return 2
            case 2: return ft.oas < 42 ? nil : 1
            default: return v("S2DS") == 0 || !ft.ds || ft.oas < 52 ? nil : 0
            }
        case 64:
            switch sl0 {
            case 0: return 3
            case 1: return 2
            case 2: return ft.oas < 44 ? nil : 1
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether a walk of `ia` input bits can start at `start` with a granule of 2^granuleBits
    /// bytes: at least one bit for the start level, at most one more stride plus 16
    /// concatenated tables (the A-profile S2InconsistentSL).
    static func inconsistent(ia: Int, start: Int, granuleBits: Int) -> Bool {
        let stride = granuleBits - 3
        let minIA = (3 - start) * stride + granuleBits + 1
        let maxIA = minIA + (stride - 1) + 4
        return ia < minIA || ia > maxIA
    }

    /// The VMSAv8-64 walk configuration is inconsistent (AArch64.S2InconsistentSL).
    func walkInconsistent(_ t: S2Table) -> Bool {
        guard let start = startLevel(t) else { return true }
        let g = granule(t)
        return Self.inconsistent(ia: 64 - Int(v(t.t0sz)), start: start, granuleBits: g == 4 ? 12 : g == 16 ? 14 : 16)
    }

    /// The VMSAv8-32 LPAE walk configuration is inconsistent: S2T0SZ[3:0] is a signed -8..7,
    /// the input size 32-S2T0SZ; S2SL0 0b00 starts at level 2, 0b01 at level 1, others reserved
    /// (VTCR.SL0); 4 KB granule.
    var aa32WalkInconsistent: Bool {
        let t = Int(v("S2T0SZ") & 0xf), signed = t >= 8 ? t - 16 : t
        let start: Int
        switch v("S2SL0") {
        case 0: start = 2
        case 1: start = 1
        default: return true
        }
        return Self.inconsistent(ia: 32 - signed, start: start, granuleBits: 12)
    }

    /// The alignment of a VMSAv8-64 starting-level table (concatenated tables included) in
    /// bytes: its size, and at least 64 bytes when the effective S2PS is 52 bits (§5.2 S2TTB).
    func tableAlignment(_ t: S2Table) -> UInt64 {
        guard let start = startLevel(t) else { return 8 }
        let g = granule(t), granuleBits = g == 4 ? 12 : g == 16 ? 14 : 16
        let resolvedBelow = (3 - start) * (granuleBits - 3) + granuleBits
        let entries = Swift.max(0, 64 - Int(v(t.t0sz)) - resolvedBelow)
        let size = UInt64(8) << UInt64(Swift.min(entries, 40))
        return effectiveS2PS >= 52 ? Swift.max(size, 64) : size
    }

    /// A stage 2 table base out of range (§5.2.2 STES2TTBOutOfRange): beyond the effective S2PS,
    /// or beyond 48 bits with VMSAv8-64, a 4 KB or 16 KB granule and S2DS=0.
    func ttbBeyondPS(_ t: S2Table) -> Bool { addressBits(t.ttb, 55, effectiveS2PS) }
    func ttbBeyond48(_ t: S2Table) -> Bool {
        vmsa64 && (granule(t) == 4 || granule(t) == 16) && v("S2DS") == 0 && addressBits(t.ttb, 55, 48)
    }

    /// The effective StreamWorld is EL1 (NS-EL1 or Secure): STRW unused or 0b00.
    var streamWorldEL1: Bool { !strwUsed || v("STRW") == 0 }

    /// STE.S2VMID is IGNORED (§5.2.2 IgnoreSTES2VMID; Config=0b0xx is muted separately).
    var s2vmidIgnored: Bool {
        config == 0b100 || (!secure && !ft.s2p) || (secure && !ft.sel2)
            || (v("STRW") != 0 && strwUsed) || (secure && config == 0b101)
    }

    /// Bits [hi:lo] of an address field's byte address are not all zero.
    func addressBits(_ name: String, _ hi: Int, _ lo: Int) -> Bool {
        guard hi >= lo else { return false }
        let mask = (hi >= 63 ? UInt64.max : (UInt64(1) << UInt64(hi + 1)) - 1) & ~((UInt64(1) << UInt64(lo)) - 1)
        return v(name) & mask != 0
    }
}

/// The fields of one stage 2 translation table: STE.S2TTB's, or a Secure STE's S_S2TTB's, which
/// shares the other S2* fields (§5.2 S_S2TTB).
private struct S2Table {
    let tg, t0sz, sl0, sl0_2, ttb: String
    static let ns = S2Table(tg: "S2TG", t0sz: "S2T0SZ", sl0: "S2SL0", sl0_2: "S2SL0_2", ttb: "S2TTB")
    static let secure = S2Table(tg: "S_S2TG", t0sz: "S_S2T0SZ", sl0: "S_S2SL0", sl0_2: "S_S2SL0_2", ttb: "S_S2TTB")
}

private let badSTE = Rule.Outcome.illegal(event: "C_BAD_STE")

/// `name=value`, as the messages quote a field.
private func q(_ i: RuleInput, _ name: String) -> String { "\(name)=\(hex(i.v(name)))" }

/// The STE's rules (IHI 0070 §5.2), in the order of the spec's field descriptions, with the
/// ILLEGAL conditions of §5.2.2 (SteIllegal) where the field text defers to it. An ILLEGAL STE
/// behaves as V=0: a transaction using it is aborted and records C_BAD_STE.
///
/// Not checked (the descriptor alone cannot tell, or the spec leaves it to the A-profile
/// architecture beyond what is modelled here): Realm STEs; CONT spans; PARTID/PMG against
/// MPAMIDR; the VMSAv9-128 walk-consistency check (S2SKL against S2T0SZ); the alignment of
/// S_S2TTB.
public extension RuleTable {
    /// The STE's rules (IHI 0070 §5.2), as described above.
    static let ste = RuleTable(kind: .ste, rules: steRules, ignored: steIgnored)
}

/// A field of Secure stage 2: RES0 outside the Secure Stream table and when SMMU_S_IDR1.SEL2=0
/// (§5.2 S2NSW, S2NSA, S_S2T0SZ, S_S2SL0, S_S2TG, S2SW, S2SA, S_S2SL0_2, S_S2TTB, S_S2SKL).
private func secureStage2Only(_ f: String) -> Rule {
    Rule("STE.\(f).res0-not-secure-stage2", "5.2", f, .res0, when: { !($0.secure && $0.ft.sel2) && $0.v(f) != 0 }) {
        "\(q($0, f)) is RES0 outside the Secure Stream table and when SMMU_S_IDR1.SEL2=0"
    }
}

private let steRules: [Rule] = [
    // V (§5.2): not a fault of the STE, but what the SMMU does with it.
    Rule("STE.V.invalid", "5.2", "V", .note, when: { $0.v("V") == 0 }) { _ in
        "V=0: STE invalid, other fields IGNORED; a transaction using it is aborted and records C_BAD_STE, an ATS Translation Request completes with CA"
    },
    // Config
    Rule("STE.Config.reserved", "5.2", "Config", .reserved(behavesAs: "Config=0b000 (abort, no event recorded)"),
         when: { (1...3).contains($0.config) }) { "\(q($0, "Config")) is a reserved encoding" },
    Rule("STE.Config.no-stage1", "5.2", "Config", badSTE, when: { $0.stage1 && !$0.ft.s1p }) {
        "\(q($0, "Config")) enables stage 1, but SMMU_IDR0.S1P=0 (stage 1 not implemented)"
    },
    Rule("STE.Config.no-stage2", "5.2", "Config", badSTE, when: { $0.stage2 && !$0.ft.s2p }) {
        "\(q($0, "Config")) enables stage 2, but SMMU_IDR0.S2P=0 (stage 2 not implemented)"
    },
    Rule("STE.Config.no-secure-stage2", "5.2", "Config", badSTE,
         when: { $0.stage2 && $0.ft.s2p && $0.secure && !$0.ft.sel2 }) {
        "\(q($0, "Config")) enables stage 2 in a Secure STE, but SMMU_S_IDR1.SEL2=0 (no Secure stage 2)"
    },
    // Stated with S2AA64 (§5.2 S2AA64), so reported on it.
    Rule("STE.S2AA64.secure-VMSAv8-32", "5.2", "S2AA64", badSTE, when: { $0.stage2 && $0.secure && $0.vmsa32 }) {
        "\(q($0, "S2AA64")) selects VMSAv8-32 LPAE in a Secure STE with stage 2 enabled (Config=\(hex($0.v("Config"))))"
    },
    // S1Fmt (IGNORED when S1CDMax=0 or SSIDSIZE=0, and with stage 1 bypassed)
    Rule("STE.S1Fmt.reserved", "5.2", "S1Fmt", .reserved(behavesAs: "S1Fmt=0b00 (linear CD table)"),
         when: { $0.v("S1Fmt") == 3 }) { "\(q($0, "S1Fmt")) is a reserved encoding" },
    Rule("STE.S1Fmt.no-CD2L", "5.2", "S1Fmt", badSTE, when: { (1...2).contains($0.v("S1Fmt")) && !$0.ft.cd2l }) {
        "\(q($0, "S1Fmt")) selects a 2-level CD table, but SMMU_IDR0.CD2L=0"
    },
    // S1ContextPtr: RES0 bits of an aligned table; CONSTRAINED UNPREDICTABLE if set (§5.2 S1Fmt)
    Rule("STE.S1ContextPtr.linear-misaligned", "5.2", "S1ContextPtr",
         .constrainedUnpredictable("the SMMU treats the bits as 0, or fetches any CD of the table"),
         when: { i in i.ft.ssidSize > 0 && i.v("S1CDMax") > 0 && [0, 3].contains(i.v("S1Fmt"))
             && i.addressBits("S1ContextPtr", Int(i.v("S1CDMax")) + 5, 6) }) { i in
        "\(q(i, "S1ContextPtr")): a linear table of 2^\(i.v("S1CDMax")) CDs is aligned to its \(sizeName(UInt64(64) << i.v("S1CDMax"))) size, S1ContextPtr[\(i.v("S1CDMax") + 5):6] are RES0"
    },
    Rule("STE.S1ContextPtr.l1-4k-misaligned", "5.2", "S1ContextPtr",
         .constrainedUnpredictable("the SMMU treats the bits as 0, or fetches any L1CD of the table"),
         when: { i in i.ft.ssidSize > 0 && i.v("S1Fmt") == 1 && i.v("S1CDMax") > 9
             && i.addressBits("S1ContextPtr", Int(i.v("S1CDMax")) - 4, 6) }) { i in
        "\(q(i, "S1ContextPtr")): with S1Fmt=0b01 and S1CDMax=\(i.v("S1CDMax")) > 9, S1ContextPtr[\(i.v("S1CDMax") - 4):6] are RES0 (L1 table aligned to its size)"
    },
    Rule("STE.S1ContextPtr.l1-64k-misaligned", "5.2", "S1ContextPtr",
         .constrainedUnpredictable("the SMMU treats the bits as 0, or fetches any L1CD of the table"),
         when: { i in i.ft.ssidSize > 0 && i.v("S1Fmt") == 2 && i.v("S1CDMax") > 13
             && i.addressBits("S1ContextPtr", Int(i.v("S1CDMax")) - 8, 6) }) { i in
        "\(q(i, "S1ContextPtr")): with S1Fmt=0b10 and S1CDMax=\(i.v("S1CDMax")) > 13, S1ContextPtr[\(i.v("S1CDMax") - 8):6] are RES0 (L1 table aligned to its size)"
    },
    // S1ContextPtr out of range (§3.4.3): a PA beyond the OAS (stage 1 only), an IPA beyond the IAS
    Rule("STE.S1ContextPtr.beyond-OAS", "3.4.3", "S1ContextPtr", badSTE,
         when: { !$0.stage2 && !$0.ft.isV3_0 && $0.addressBits("S1ContextPtr", 55, $0.ft.oas) }) {
        "\(q($0, "S1ContextPtr")) is a PA beyond SMMU_IDR5.OAS (\($0.ft.oas)-bit)"
    },
    Rule("STE.S1ContextPtr.beyond-OAS-v3.0", "3.4.3", "S1ContextPtr",
         .constrainedUnpredictable("F_CD_FETCH, C_BAD_STE, or the pointer truncated to the OAS"),
         when: { !$0.stage2 && $0.ft.isV3_0 && $0.addressBits("S1ContextPtr", 55, $0.ft.oas) }) {
        "\(q($0, "S1ContextPtr")) is a PA beyond SMMU_IDR5.OAS (\($0.ft.oas)-bit), in SMMUv3.0"
    },
    Rule("STE.S1ContextPtr.beyond-IAS", "3.4.3", "S1ContextPtr",
         .constrainedUnpredictable("C_BAD_STE, or a stage 2 Translation fault (SMMUv3.0: or the IPA truncated to the IAS)"),
         when: { $0.stage2 && $0.addressBits("S1ContextPtr", 55, $0.ft.ias) }) {
        "\(q($0, "S1ContextPtr")) is an IPA beyond the IAS (\($0.ft.ias)-bit)"
    },
    // S1CDMax (IGNORED when SSIDSIZE=0)
    Rule("STE.S1CDMax.beyond-SSIDSIZE", "5.2", "S1CDMax", badSTE, when: { $0.v("S1CDMax") > UInt64($0.ft.ssidSize) }) {
        "\(q($0, "S1CDMax")) exceeds SMMU_IDR1.SSIDSIZE \($0.ft.ssidSize) (the allowable range is 0 to SSIDSIZE)"
    },
    // S1DSS (IGNORED when S1CDMax=0 or SSIDSIZE=0)
    Rule("STE.S1DSS.reserved", "5.2", "S1DSS", .reserved(behavesAs: "S1DSS=0b00 (terminate, F_STREAM_DISABLED)"),
         when: { $0.v("S1DSS") == 3 }) { "\(q($0, "S1DSS")) is a reserved encoding" },
    // S1CSH
    Rule("STE.S1CSH.reserved", "5.2", "S1CSH", .reserved(behavesAs: "S1CSH=0b00 (Non-shareable)"),
         when: { $0.v("S1CSH") == 1 }) { "\(q($0, "S1CSH")) is a reserved encoding" },
    // S2HWU59..62: RES0 when S2AA64 selects VMSAv9-128 (IGNORED when SMMU_IDR3.PBHA=0)
] + ["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"].map { f in
    Rule("STE.\(f).res0-VMSAv9-128", "5.2", f, .res0, when: { $0.vmsa128 && $0.v(f) != 0 }) {
        "\(q($0, f)) is RES0 when S2AA64=0 selects VMSAv9-128"
    }
} + ["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"].map { f in
    Rule("STE.\(f).res0-v3.0", "5.2", f, .res0, when: { $0.ft.isV3_0 && $0.v(f) != 0 }) {
        "\(q($0, f)) is RES0 in SMMUv3.0 (SMMU_AIDR.ArchMinorRev=0)"
    }
} + [
    // DRE, DCP
    Rule("STE.DRE.res0-v3.0", "5.2", "DRE", .res0, when: { $0.ft.isV3_0 && $0.v("DRE") != 0 }) {
        "\(q($0, "DRE")) is RES0 in SMMUv3.0 (SMMU_AIDR.ArchMinorRev=0)"
    },
    Rule("STE.DCP.res0-v3.0", "5.2", "DCP", .res0, when: { $0.ft.isV3_0 && $0.v("DCP") != 0 }) {
        "\(q($0, "DCP")) is RES0 in SMMUv3.0 (SMMU_AIDR.ArchMinorRev=0)"
    },
    // PPAR (IGNORED when SMMU_IDR3.PPS=1)
    Rule("STE.PPAR.res0", "5.2", "PPAR", .res0, when: { ($0.ft.ssidSize == 0 || !$0.ft.pri) && $0.v("PPAR") != 0 }) {
        "\(q($0, "PPAR")) is RES0 when SMMU_IDR0.PRI=0 or SMMU_IDR1.SSIDSIZE=0"
    },
    // S1PIE
    Rule("STE.S1PIE.res0", "5.2", "S1PIE", .res0, when: { !$0.ft.s1pi && $0.v("S1PIE") != 0 }) {
        "\(q($0, "S1PIE")) is RES0 when SMMU_IDR3.S1PI=0"
    },
    // S2FWB
    Rule("STE.S2FWB.res0", "5.2", "S2FWB", .res0,
         when: { ($0.ft.archMinorRev < 2 || !$0.ft.fwb) && $0.v("S2FWB") != 0 }) {
        "\(q($0, "S2FWB")) is RES0 before SMMUv3.2 and when SMMU_IDR3.FWB=0"
    },
    Rule("STE.S2FWB.VMSAv8-32", "5.2", "S2FWB", badSTE,
         when: { $0.stage2 && $0.ft.fwb && $0.ft.archMinorRev >= 2 && $0.vmsa32 && $0.v("S2FWB") == 1 }) {
        "\(q($0, "S2FWB")) with S2AA64=0 selecting VMSAv8-32 LPAE"
    },
    // S1MPAM
    Rule("STE.S1MPAM.res0", "5.2", "S1MPAM", .res0,
         when: { ($0.ft.archMinorRev < 2 || !$0.ft.mpam) && $0.v("S1MPAM") != 0 }) {
        "\(q($0, "S1MPAM")) is RES0 before SMMUv3.2 and without MPAM (SMMU_IDR3.MPAM=0)"
    },
    // S1STALLD (IGNORED with stage 1 bypassed)
    Rule("STE.S1STALLD.stall-model", "5.2", "S1STALLD", badSTE, when: { $0.v("S1STALLD") == 1 && $0.ft.stallModel != 0 }) {
        "\(q($0, "S1STALLD")) with SMMU_IDR0.STALL_MODEL=\(hex(UInt64($0.ft.stallModel))): only 0b00 (stall configurable) permits it"
    },
    // EATS (IGNORED when SMMU_IDR0.ATS=0 or Config[1:0]=0b00)
    Rule("STE.EATS.res0-secure", "5.2", "EATS", .res0, when: { $0.secure && $0.v("EATS") != 0 }) {
        "\(q($0, "EATS")) in a Secure STE is RES0 (effective value 0b00)"
    },
    Rule("STE.EATS.split-not-nested", "5.2", "EATS", badSTE, when: { !$0.secure && $0.v("EATS") == 2 && $0.config != 0b111 }) {
        "\(q($0, "EATS")) (split-stage ATS) needs Config=0b111 (nested); Config=\(hex($0.config))"
    },
    Rule("STE.EATS.split-with-S2S", "5.2", "EATS", badSTE, when: { !$0.secure && $0.v("EATS") == 2 && $0.v("S2S") == 1 }) {
        "\(q($0, "EATS")) (split-stage ATS) with S2S=1"
    },
    Rule("STE.EATS.split-with-NS1ATS", "5.2", "EATS", badSTE, when: { !$0.secure && $0.v("EATS") == 2 && $0.ft.ns1ats }) {
        "\(q($0, "EATS")) (split-stage ATS) when SMMU_IDR0.NS1ATS=1 (split-stage ATS not supported)"
    },
    Rule("STE.EATS.full-with-S2S", "5.2", "EATS", badSTE,
         when: { !$0.secure && $0.v("EATS") == 1 && $0.v("S2S") == 1 && $0.stage2 }) {
        "\(q($0, "EATS")) (full ATS) with S2S=1 and stage 2 enabled"
    },
    Rule("STE.EATS.full-with-S2S-v3.0", "5.2", "EATS",
         .constrainedUnpredictable("in SMMUv3.0 the STE is ILLEGAL (C_BAD_STE) or not"),
         when: { !$0.secure && $0.ft.isV3_0 && $0.v("EATS") == 1 && $0.v("S2S") == 1 && !$0.stage2 }) {
        "\(q($0, "EATS")) (full ATS) with S2S=1 and stage 2 bypassed, in SMMUv3.0"
    },
    Rule("STE.EATS.DPT-reserved", "5.2", "EATS", .reserved(behavesAs: "EATS=0b00 (ATS disabled)"),
         when: { !$0.secure && $0.v("EATS") == 3 && !$0.ft.dpt }) {
        "\(q($0, "EATS")) (full ATS with DPT checks) is reserved when SMMU_IDR3.DPT=0"
    },
    Rule("STE.EATS.DPT-not-EL1", "5.2", "EATS", badSTE,
         when: { !$0.secure && $0.v("EATS") == 3 && $0.ft.dpt && !$0.streamWorldEL1 }) {
        "\(q($0, "EATS")) (DPT checks) with StreamWorld not EL1 (STRW=\(hex($0.v("STRW"))))"
    },
    Rule("STE.EATS.DPT-with-S2S", "5.2", "EATS", badSTE,
         when: { !$0.secure && $0.v("EATS") == 3 && $0.ft.dpt && $0.stage2 && $0.v("S2S") == 1 }) {
        "\(q($0, "EATS")) (DPT checks) with S2S=1 and stage 2 enabled"
    },
    // STRW (IGNORED with Config=0b11x or 0b100)
    Rule("STE.STRW.res0-no-Hyp", "5.2", "STRW", .res0,
         when: { !$0.secure && !$0.ft.hyp && $0.v("STRW") != 0 }) {
        "\(q($0, "STRW")) is RES0 in a Non-secure STE when SMMU_IDR0.Hyp=0"
    },
    Rule("STE.STRW.reserved-non-secure", "5.2", "STRW", badSTE,
         when: { !$0.secure && $0.strwUsed && $0.v("STRW") & 1 == 1 }) {
        "\(q($0, "STRW")): 0bx1 is reserved in a Non-secure STE"
    },
    Rule("STE.STRW.reserved-secure", "5.2", "STRW", badSTE, when: { $0.secure && $0.strwUsed && $0.v("STRW") == 3 }) {
        "\(q($0, "STRW")): 0b11 is reserved in a Secure STE"
    },
    Rule("STE.STRW.EL3-with-RME", "5.2", "STRW", badSTE,
         when: { $0.secure && $0.strwUsed && $0.v("STRW") == 1 && $0.ft.rmeImpl }) {
        "\(q($0, "STRW")) (EL3) when SMMU_IDR0.RME_IMPL=1"
    },
    Rule("STE.STRW.secure-EL2-no-SEL2", "5.2", "STRW", badSTE,
         when: { $0.secure && !$0.ft.sel2 && $0.v("STRW") == 2 && $0.config == 0b101 }) {
        "\(q($0, "STRW")) (S-EL2\($0.ft.e2h ? "-E2H" : "")) when SMMU_S_IDR1.SEL2=0"
    },
    // MemAttr, MTCFG, ALLOCCFG, SHCFG
    Rule("STE.MemAttr.reserved", "5.2", "MemAttr", .reserved(behavesAs: "Device-nGnRnE"),
         when: { $0.ft.attrTypesOvr && $0.v("MTCFG") == 1 && [4, 8, 12].contains($0.v("MemAttr")) }) {
        "\(q($0, "MemAttr")) is a reserved encoding"
    },
    Rule("STE.MemAttr.res0", "5.2", "MemAttr", .res0,
         when: { ($0.v("MTCFG") == 0 || !$0.ft.attrTypesOvr) && $0.v("MemAttr") != 0 }) {
        "\(q($0, "MemAttr")) is RES0 when MTCFG=0 or SMMU_IDR1.ATTR_TYPES_OVR=0"
    },
    Rule("STE.MTCFG.res0", "5.2", "MTCFG", .res0, when: { !$0.ft.attrTypesOvr && $0.v("MTCFG") != 0 }) {
        "\(q($0, "MTCFG")) is RES0 when SMMU_IDR1.ATTR_TYPES_OVR=0"
    },
    Rule("STE.ALLOCCFG.res0", "5.2", "ALLOCCFG", .res0, when: { !$0.ft.attrTypesOvr && $0.v("ALLOCCFG") != 0 }) {
        "\(q($0, "ALLOCCFG")) is RES0 when SMMU_IDR1.ATTR_TYPES_OVR=0"
    },
    Rule("STE.ALLOCCFG.without-MTCFG", "5.2", "ALLOCCFG",
         .constrainedUnpredictable("the override has an effect on the allocation hints or not"),
         when: { $0.ft.attrTypesOvr && $0.v("MTCFG") == 0 && $0.v("ALLOCCFG") >= 8 }) {
        "\(q($0, "ALLOCCFG")) overrides allocation hints while MTCFG=0"
    },
    Rule("STE.SHCFG.res0", "5.2", "SHCFG", .res0, when: { !$0.ft.attrTypesOvr && $0.v("SHCFG") != 0 }) {
        "\(q($0, "SHCFG")) is RES0 when SMMU_IDR1.ATTR_TYPES_OVR=0"
    },
    // NSCFG (IGNORED in the Non-secure table, and in a Secure STE with stage 1 enabled)
    Rule("STE.NSCFG.res0", "5.2", "NSCFG", .res0, when: { $0.secure && !$0.ft.attrPermsOvr && $0.v("NSCFG") != 0 }) {
        "\(q($0, "NSCFG")) is RES0 when SMMU_IDR1.ATTR_PERMS_OVR=0"
    },
    Rule("STE.NSCFG.reserved", "5.2", "NSCFG", .reserved(behavesAs: "NSCFG=0b00 (use incoming NS)"),
         when: { $0.secure && $0.ft.attrPermsOvr && $0.v("NSCFG") == 1 }) { "\(q($0, "NSCFG")) is a reserved encoding" },
    // PRIVCFG, INSTCFG
    Rule("STE.PRIVCFG.reserved", "5.2", "PRIVCFG", .reserved(behavesAs: "PRIVCFG=0b00 (use incoming PRIV)"),
         when: { $0.ft.attrPermsOvr && $0.v("PRIVCFG") == 1 }) { "\(q($0, "PRIVCFG")) is a reserved encoding" },
    Rule("STE.PRIVCFG.res0", "5.2", "PRIVCFG", .res0, when: { !$0.ft.attrPermsOvr && $0.v("PRIVCFG") != 0 }) {
        "\(q($0, "PRIVCFG")) is RES0 when SMMU_IDR1.ATTR_PERMS_OVR=0"
    },
    Rule("STE.INSTCFG.reserved", "5.2", "INSTCFG", .reserved(behavesAs: "INSTCFG=0b00 (use incoming INST)"),
         when: { $0.ft.attrPermsOvr && $0.v("INSTCFG") == 1 }) { "\(q($0, "INSTCFG")) is a reserved encoding" },
    Rule("STE.INSTCFG.res0", "5.2", "INSTCFG", .res0, when: { !$0.ft.attrPermsOvr && $0.v("INSTCFG") != 0 }) {
        "\(q($0, "INSTCFG")) is RES0 when SMMU_IDR1.ATTR_PERMS_OVR=0"
    },
    // S2VMID (IGNORED as §5.2.2 IgnoreSTES2VMID says)
    Rule("STE.S2VMID.16-bit", "5.2", "S2VMID", badSTE, when: { !$0.ft.vmid16 && $0.v("S2VMID") >> 8 != 0 }) {
        "\(q($0, "S2VMID")) has bits [15:8] set, but SMMU_IDR0.VMID16=0 (8-bit VMIDs)"
    },
    // S2T0SZ (VMSAv8-64 and VMSAv9-128; every 4-bit value is valid for VMSAv8-32 LPAE)
    Rule("STE.S2T0SZ.out-of-range", "5.2", "S2T0SZ", badSTE,
         when: { !$0.ft.isV3_0 && !$0.vmsa32 && $0.s2t0szInvalid }) { i in
        "\(q(i, "S2T0SZ")) is outside \(i.s2t0szRange.lowerBound)...\(i.s2t0szRange.upperBound) (\(i.s2Granule == 0 ? "reserved" : "\(i.s2Granule) KB") granule, S2DS=\(i.v("S2DS")), SMMU_IDR3.STT=\(i.ft.stt ? 1 : 0), IAS \(i.ft.ias)-bit)"
    },
    Rule("STE.S2T0SZ.out-of-range-v3.0", "5.2", "S2T0SZ",
         .constrainedUnpredictable("the STE is ILLEGAL (C_BAD_STE), or S2T0SZ is used clamped to the valid range"),
         when: { $0.ft.isV3_0 && !$0.vmsa32 && $0.s2t0szInvalid }) { i in
        "\(q(i, "S2T0SZ")) is outside \(i.s2t0szRange.lowerBound)...\(i.s2t0szRange.upperBound) in SMMUv3.0"
    },
    // S2SL0 (with S2SL0_2): consistent with S2T0SZ and S2TG, as the A-profile architecture says
    Rule("STE.S2SL0.inconsistent", "5.2", "S2SL0", badSTE,
         when: { $0.vmsa64 && $0.s2Granule != 0 && !$0.s2t0szInvalid && $0.s2WalkInconsistent }) { i in
        "\(q(i, "S2SL0")) (S2SL0_2=\(i.v("S2SL0_2"))) is inconsistent with S2T0SZ=\(i.v("S2T0SZ")) and the \(i.s2Granule) KB granule"
    },
    Rule("STE.S2SL0.inconsistent-VMSAv8-32", "5.2", "S2SL0", badSTE, when: { $0.vmsa32 && $0.aa32WalkInconsistent }) { i in
        "\(q(i, "S2SL0")) is inconsistent with S2T0SZ[3:0]=\(i.v("S2T0SZ") & 0xf) (VMSAv8-32 LPAE: SL0 0b00 starts at level 2, 0b01 at level 1)"
    },
    Rule("STE.S2SL0.res0-VMSAv9-128", "5.2", "S2SL0", .res0, when: { $0.vmsa128 && $0.v("S2SL0") != 0 }) {
        "\(q($0, "S2SL0")) is RES0 when S2AA64=0 selects VMSAv9-128"
    },
    // S2SH0
    Rule("STE.S2SH0.reserved", "5.2", "S2SH0", .reserved(behavesAs: "S2SH0=0b00 (Non-shareable)"),
         when: { $0.v("S2SH0") == 1 }) { "\(q($0, "S2SH0")) is a reserved encoding" },
    // S2TG
    Rule("STE.S2TG.res0-VMSAv8-32", "5.2", "S2TG", .res0, when: { $0.vmsa32 && $0.v("S2TG") != 0 }) {
        "\(q($0, "S2TG")) is RES0 (effective 4 KB) when S2AA64=0 selects VMSAv8-32 LPAE"
    },
    Rule("STE.S2TG.unsupported", "5.2", "S2TG", badSTE,
         when: { !$0.vmsa32 && ($0.s2Granule == 0 || !$0.ft.supportsGranule(kb: $0.s2Granule)) }) { i in
        i.s2Granule == 0 ? "\(q(i, "S2TG")) is a reserved granule encoding"
                         : "\(q(i, "S2TG")) selects a \(i.s2Granule) KB granule, which SMMU_IDR5.GRAN\(i.s2Granule)K=0 does not support"
    },
    // S2PS (IGNORED with VMSAv8-32 LPAE)
    Rule("STE.S2PS.reserved-v3.0", "5.2", "S2PS", .reserved(behavesAs: "S2PS=0b101 (48 bits)"),
         when: { $0.ft.isV3_0 && $0.v("S2PS") >= 6 }) { "\(q($0, "S2PS")) is reserved in SMMUv3.0" },
    Rule("STE.S2PS.reserved-v3.1", "5.2", "S2PS", .reserved(behavesAs: "S2PS=0b110 (52 bits)"),
         when: { !$0.ft.isV3_0 && $0.ft.archMinorRev <= 3 && $0.v("S2PS") == 7 }) {
        "\(q($0, "S2PS")) is reserved in SMMUv3.1 to SMMUv3.3"
    },
    Rule("STE.S2PS.capped-to-OAS", "5.2", "S2PS", .note,
         when: { AddressSize(rawValue: $0.v("S2PS")).bits > $0.ft.oas }) { i in
        "\(q(i, "S2PS")) (\(AddressSize(rawValue: i.v("S2PS")).bits)-bit) exceeds SMMU_IDR5.OAS (\(i.ft.oas)-bit): behaves as OAS"
    },
    // S2AA64
    Rule("STE.S2AA64.no-VMSAv8-32", "5.2", "S2AA64", badSTE, when: { $0.vmsa32 && $0.ft.ttf & 1 == 0 }) {
        "\(q($0, "S2AA64")) selects VMSAv8-32 LPAE, but SMMU_IDR0.TTF[0]=0"
    },
    Rule("STE.S2AA64.no-VMSAv8-64", "5.2", "S2AA64", badSTE, when: { $0.vmsa64 && $0.ft.ttf & 2 == 0 }) {
        "\(q($0, "S2AA64")) selects VMSAv8-64, but SMMU_IDR0.TTF[1]=0"
    },
    // S2ENDI
    Rule("STE.S2ENDI.unsupported", "5.2", "S2ENDI", badSTE,
         when: { ($0.ft.ttendian == 2 && $0.v("S2ENDI") == 1) || ($0.ft.ttendian == 3 && $0.v("S2ENDI") == 0) }) {
        "\(q($0, "S2ENDI")) selects an endianness SMMU_IDR0.TTENDIAN=\(hex(UInt64($0.ft.ttendian))) does not implement"
    },
    // S2HA, S2HD
    Rule("STE.S2HA.VMSAv8-32", "5.2", "S2HA", badSTE, when: { $0.vmsa32 && $0.v("S2HA") == 1 }) {
        "\(q($0, "S2HA")) with S2AA64=0 selecting VMSAv8-32 LPAE"
    },
    Rule("STE.S2HA.no-HTTU", "5.2", "S2HA", badSTE, when: { !$0.vmsa32 && $0.ft.httu == 0 && $0.v("S2HA") == 1 }) {
        "\(q($0, "S2HA")) when SMMU_IDR0.HTTU=0b00 (no hardware flag updates)"
    },
    Rule("STE.S2HD.VMSAv8-32", "5.2", "S2HD", badSTE, when: { $0.vmsa32 && $0.v("S2HD") == 1 }) {
        "\(q($0, "S2HD")) with S2AA64=0 selecting VMSAv8-32 LPAE"
    },
    Rule("STE.S2HD.no-dirty-HTTU", "5.2", "S2HD", badSTE, when: { !$0.vmsa32 && $0.ft.httu <= 1 && $0.v("S2HD") == 1 }) {
        "\(q($0, "S2HD")) when SMMU_IDR0.HTTU=\(hex(UInt64($0.ft.httu))) (no dirty-state update)"
    },
    Rule("STE.S2HD.reserved", "5.2", "S2HD", .reserved(behavesAs: "S2HA=0, S2HD=0 (HTTU disabled)"),
         when: { !$0.vmsa32 && $0.ft.httu >= 2 && $0.v("S2HA") == 0 && $0.v("S2HD") == 1 }) { _ in
        "{S2HA,S2HD}=0b01 is a reserved encoding"
    },
    // S2S (IGNORED with stage 2 bypassed): the stall model (SMMU_IDR0.STALL_MODEL, §5.2.2)
    Rule("STE.S2S.no-stall", "5.2", "S2S", badSTE, when: { $0.v("S2S") == 1 && $0.ft.stallModel == 1 }) {
        "\(q($0, "S2S")) when SMMU_IDR0.STALL_MODEL=0b01 (stall not supported)"
    },
    Rule("STE.S2S.stall-forced", "5.2", "S2S", badSTE, when: { $0.v("S2S") == 0 && $0.ft.stallModel == 2 }) {
        "\(q($0, "S2S")) when SMMU_IDR0.STALL_MODEL=0b10 (stall forced)"
    },
    // S2HAFT
    Rule("STE.S2HAFT.res0", "5.2", "S2HAFT", .res0, when: { $0.ft.httu != 3 && $0.v("S2HAFT") != 0 }) {
        "\(q($0, "S2HAFT")) is RES0 when SMMU_IDR0.HTTU != 0b11"
    },
    Rule("STE.S2HAFT.without-S2HA", "5.2", "S2HAFT", badSTE,
         when: { $0.ft.httu == 3 && $0.v("S2HAFT") == 1 && $0.v("S2HA") == 0 }) {
        "\(q($0, "S2HAFT")) with S2HA=0"
    },
    // S2PIE
    Rule("STE.S2PIE.res0", "5.2", "S2PIE", .res0, when: { (!$0.ft.s2pi || $0.vmsa128) && $0.v("S2PIE") != 0 }) {
        "\(q($0, "S2PIE")) is RES0 when SMMU_IDR3.S2PI=0 or S2AA64=0 selects VMSAv9-128"
    },
    Rule("STE.S2PIE.VMSAv8-32", "5.2", "S2PIE", badSTE, when: { $0.ft.s2pi && $0.vmsa32 && $0.v("S2PIE") == 1 }) {
        "\(q($0, "S2PIE")) with S2AA64=0 selecting VMSAv8-32 LPAE"
    },
    // S2POE
    Rule("STE.S2POE.res0", "5.2", "S2POE", .res0, when: { !$0.ft.s2po && $0.v("S2POE") != 0 }) {
        "\(q($0, "S2POE")) is RES0 when SMMU_IDR3.S2PO=0"
    },
    Rule("STE.S2POE.direct-permissions", "5.2", "S2POE", badSTE,
         when: { $0.ft.s2po && $0.v("S2POE") == 1 && $0.v("S2PIE") == 0 && !$0.vmsa128 }) {
        "\(q($0, "S2POE")) with the Direct Permission Scheme (S2PIE=0)"
    },
    Rule("STE.S2POE.with-S2HWU", "5.2", "S2POE", badSTE,
         when: { i in i.ft.s2po && i.ft.pbha && i.v("S2POE") == 1
             && ["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"].contains { i.v($0) != 0 } }) {
        "\(q($0, "S2POE")) with one of S2HWU59..62 set"
    },
    // DPT_VMATCH
    Rule("STE.DPT_VMATCH.res0", "5.2", "DPT_VMATCH", .res0,
         when: { (!$0.ft.dpt || $0.v("EATS") != 3) && $0.v("DPT_VMATCH") != 0 }) {
        "\(q($0, "DPT_VMATCH")) is RES0 when SMMU_IDR3.DPT=0 or EATS != 0b11"
    },
    Rule("STE.DPT_VMATCH.reserved", "5.2", "DPT_VMATCH", .reserved(behavesAs: "DPT_VMATCH=0b00"),
         when: { $0.ft.dpt && $0.v("EATS") == 3 && $0.v("DPT_VMATCH") == 3 }) {
        "\(q($0, "DPT_VMATCH")) is a reserved encoding"
    },
    // S2NSW, S2NSA
    secureStage2Only("S2NSW"),
    secureStage2Only("S2NSA"),
    // S2SL0_2, S2DS
    Rule("STE.S2SL0_2.res0", "5.2", "S2SL0_2", .res0, when: { (!$0.vmsa64 || !$0.ft.ds) && $0.v("S2SL0_2") != 0 }) {
        "\(q($0, "S2SL0_2")) is RES0 when SMMU_IDR5.DS=0 or S2AA64 selects VMSAv8-32 LPAE or VMSAv9-128"
    },
    Rule("STE.S2DS.res0", "5.2", "S2DS", .res0,
         when: { (!$0.vmsa64 || !$0.ft.ds || $0.v("S2TG") == 1) && $0.v("S2DS") != 0 }) {
        "\(q($0, "S2DS")) is RES0 when SMMU_IDR5.DS=0, S2TG selects 64 KB, or S2AA64 selects VMSAv8-32 LPAE or VMSAv9-128"
    },
    // S2TTB
    Rule("STE.S2TTB.res0-high-bits", "5.2", "S2TTB", .res0,
         when: { !$0.vmsa128 && $0.addressBits("S2TTB", 55, $0.ft.isV3_0 ? 48 : 52) }) { i in
        "\(q(i, "S2TTB")): bits [55:\(i.ft.isV3_0 ? 48 : 52)] are RES0 \(i.ft.isV3_0 ? "in SMMUv3.0" : "unless S2AA64=0 selects VMSAv9-128")"
    },
    Rule("STE.S2TTB.beyond-S2PS", "5.2", "S2TTB", badSTE,
         when: { $0.stage2 && $0.ttbBeyondPS(.ns) }) { i in
        "\(q(i, "S2TTB")) is outside the effective S2PS (\(i.effectiveS2PS)-bit) range"
    },
    Rule("STE.S2TTB.beyond-48-bit", "5.2", "S2TTB", badSTE,
         when: { $0.stage2 && $0.ttbBeyond48(.ns) }) { i in
        "\(q(i, "S2TTB")) is outside a 48-bit range with a \(i.s2Granule) KB granule and S2DS=0"
    },
    Rule("STE.S2TTB.misaligned", "5.2", "S2TTB", .res0,
         when: { $0.vmsa64 && $0.s2Granule != 0 && !$0.s2t0szInvalid && !$0.s2WalkInconsistent
             && $0.v("S2TTB") & ($0.s2TableAlignment - 1) != 0 }) { i in
        "\(q(i, "S2TTB")) is not aligned to its \(sizeName(i.s2TableAlignment)) starting-level table: bits [\(i.s2TableAlignment.trailingZeroBitCount - 1):0] are treated as 0"
    },
    // S2SKL
    Rule("STE.S2SKL.res0", "5.2", "S2SKL", .res0, when: { !$0.vmsa128 && $0.v("S2SKL") != 0 }) {
        "\(q($0, "S2SKL")) is RES0 unless S2AA64=0 selects VMSAv9-128 (SMMU_IDR5.D128=1)"
    },
    // PARTID, MECID, PMG, MPAM_NS
    Rule("STE.PARTID.res0", "5.2", "PARTID", .res0, when: { ($0.ft.archMinorRev < 2 || !$0.ft.mpam) && $0.v("PARTID") != 0 }) {
        "\(q($0, "PARTID")) is RES0 before SMMUv3.2 and without MPAM"
    },
    // S_S2T0SZ, S_S2SL0, S_S2TG, S_S2TTB: a Secure STE with stage 2 (SMMU_S_IDR1.SEL2=1) has the same
    // validity requirements for the Secure IPA table (§5.2 S_S2*; §5.2.2 "Secure version of above")
    secureStage2Only("S_S2T0SZ"),
    Rule("STE.S_S2T0SZ.out-of-range", "5.2", "S_S2T0SZ", badSTE,
         when: { $0.secure && $0.ft.sel2 && $0.stage2 && !$0.vmsa32 && $0.t0szInvalid(.secure) }) { i in
        let r = i.t0szRange(.secure)
        return "\(q(i, "S_S2T0SZ")) is outside \(r.lowerBound)...\(r.upperBound)"
    },
    secureStage2Only("S_S2SL0"),
    Rule("STE.S_S2SL0.inconsistent", "5.2", "S_S2SL0", badSTE,
         when: { $0.secure && $0.ft.sel2 && $0.stage2 && $0.vmsa64 && $0.granule(.secure) != 0
             && !$0.t0szInvalid(.secure) && $0.walkInconsistent(.secure) }) { i in
        "\(q(i, "S_S2SL0")) (S_S2SL0_2=\(i.v("S_S2SL0_2"))) is inconsistent with S_S2T0SZ=\(i.v("S_S2T0SZ")) and the \(i.granule(.secure)) KB granule"
    },
    secureStage2Only("S_S2TG"),
    Rule("STE.S_S2TG.unsupported", "5.2", "S_S2TG", badSTE,
         when: { $0.secure && $0.ft.sel2 && $0.stage2
             && ($0.granule(.secure) == 0 || !$0.ft.supportsGranule(kb: $0.granule(.secure))) }) {
        "\(q($0, "S_S2TG")) selects a reserved or unsupported granule (SMMU_IDR5.GRAN4K/16K/64K)"
    },
    Rule("STE.MECID.res0-not-Realm", "5.2", "MECID", .res0, when: { $0.v("MECID") != 0 }) {
        "\(q($0, "MECID")) is RES0 in a Non-secure or Secure STE"
    },
    Rule("STE.PMG.res0", "5.2", "PMG", .res0, when: { ($0.ft.archMinorRev < 2 || !$0.ft.mpam) && $0.v("PMG") != 0 }) {
        "\(q($0, "PMG")) is RES0 before SMMUv3.2 and without MPAM"
    },
    Rule("STE.MPAM_NS.res0-non-secure", "5.2", "MPAM_NS", .res0, when: { !$0.secure && $0.v("MPAM_NS") != 0 }) {
        "\(q($0, "MPAM_NS")) is RES0 in a Non-secure STE"
    },
    // AssuredOnly, TL0, TL1
    Rule("STE.AssuredOnly.res0", "5.2", "AssuredOnly", .res0,
         when: { (!$0.ft.the || $0.vmsa128) && $0.v("AssuredOnly") != 0 }) {
        "\(q($0, "AssuredOnly")) is RES0 when SMMU_IDR3.THE=0 or S2AA64=0 selects VMSAv9-128"
    },
    Rule("STE.TL0.res0", "5.2", "TL0", .res0, when: { !$0.ft.the && $0.v("TL0") != 0 }) {
        "\(q($0, "TL0")) is RES0 when SMMU_IDR3.THE=0"
    },
    Rule("STE.TL1.res0", "5.2", "TL1", .res0, when: { !$0.ft.the && $0.v("TL1") != 0 }) {
        "\(q($0, "TL1")) is RES0 when SMMU_IDR3.THE=0"
    },
    // VMSPtr (IGNORED unless enabled: Config=0b111 and S1MPAM=1)
    Rule("STE.VMSPtr.res0-before-v3.2", "5.2", "VMSPtr", .res0, when: { $0.ft.archMinorRev < 2 && $0.v("VMSPtr") != 0 }) {
        "\(q($0, "VMSPtr")) is RES0 before SMMUv3.2"
    },
    Rule("STE.VMSPtr.beyond-OAS", "5.2", "VMSPtr", badSTE,
         when: { $0.ft.archMinorRev >= 2 && $0.addressBits("VMSPtr", 55, $0.ft.oas) }) {
        "\(q($0, "VMSPtr")) is beyond SMMU_IDR5.OAS (\($0.ft.oas)-bit) while the VMSPtr is enabled"
    },
    // S2SW, S2SA, S_S2SL0_2, S_S2TTB, S_S2SKL
    secureStage2Only("S2SW"),
    secureStage2Only("S2SA"),
    secureStage2Only("S_S2SL0_2"),
    secureStage2Only("S_S2TTB"),
    Rule("STE.S_S2TTB.out-of-range", "5.2", "S_S2TTB", badSTE,
         when: { $0.secure && $0.ft.sel2 && $0.stage2 && ($0.ttbBeyondPS(.secure) || $0.ttbBeyond48(.secure)) }) { i in
        "\(q(i, "S_S2TTB")) is outside the effective S2PS (\(i.effectiveS2PS)-bit) range, or a 48-bit range with a 4 KB or 16 KB granule and S2DS=0"
    },
    secureStage2Only("S_S2SKL"),
] + (0...15).flatMap { p -> [Rule] in
    // S2POI<p> (IGNORED with stage 2 bypassed)
    let f = "S2POI\(p)"
    return [
        Rule("STE.\(f).res0", "5.2", f, .res0,
             when: { i in
                 let enabled = i.ft.s2po && i.v("S2POE") == 1 && !i.vmsa32 && (i.v("S2PIE") == 1 || i.vmsa128)
                 return !enabled && i.v(f) != 0 }) {
            "\(q($0, f)) is RES0 unless SMMU_IDR3.S2PO=1, S2POE=1 and stage 2 permission indirection is enabled"
        },
        Rule("STE.\(f).reserved", "5.2", f, badSTE,
             when: { $0.ft.s2po && $0.v("S2POE") == 1 && [1, 5].contains($0.v(f)) }) {
            "\(q($0, f)) is a reserved overlay encoding (treated as C_BAD_STE)"
        },
    ]
}

/// The fields of the STE layout other than those named.
private func steFields(except keep: Set<String>) -> [String] {
    DescriptorLayout.ste.fields.map(\.name).filter { !keep.contains($0) }
}

/// Every STE field with the prefix (S1 or S2), as "All fields with an S1/S2 prefix" (§5.2 V).
private func steFields(prefix: String, except: Set<String> = []) -> [String] {
    DescriptorLayout.ste.fields.map(\.name).filter { $0.hasPrefix(prefix) && !except.contains($0) }
}

private let steIgnored: [IgnoredWhen] = [
    IgnoredWhen(steFields(except: ["V"]), "5.2", "V=0: other STE fields are IGNORED") { $0.v("V") == 0 },
    IgnoredWhen(steFields(except: ["V", "Config", "CONT"]), "5.2.1",
                "Config=0b0xx (abort): the remaining fields are IGNORED") { $0.v("V") == 1 && $0.config < 4 },
    IgnoredWhen(steFields(prefix: "S1"), "5.2", "Config=0b1x0: stage 1 bypasses, S1* fields are IGNORED") {
        $0.config >= 4 && !$0.stage1
    },
    IgnoredWhen(steFields(prefix: "S2", except: ["S2VMID"]), "5.2",
                "Config=0b10x: stage 2 bypasses, S2* fields (but S2VMID) are IGNORED") { $0.config >= 4 && !$0.stage2 },
    IgnoredWhen(["S_S2T0SZ", "S_S2SL0", "S_S2TG", "S_S2SL0_2", "S_S2TTB", "S_S2SKL"], "5.2",
                "Secure STE with Config=0b10x: the Secure stage 2 fields are IGNORED") {
        $0.secure && $0.ft.sel2 && $0.config >= 4 && !$0.stage2
    },
    IgnoredWhen(["S1Fmt", "S1DSS"], "5.2", "S1CDMax=0 or SMMU_IDR1.SSIDSIZE=0: substreams disabled") {
        $0.v("S1CDMax") == 0 || $0.ft.ssidSize == 0
    },
    IgnoredWhen(["S1CDMax"], "5.2", "SMMU_IDR1.SSIDSIZE=0: no substreams") { $0.ft.ssidSize == 0 },
    IgnoredWhen(["EATS"], "5.2", "SMMU_IDR0.ATS=0 or Config[1:0]=0b00: EATS is IGNORED") {
        !$0.ft.ats || $0.config & 0b11 == 0
    },
    IgnoredWhen(["STRW"], "5.2", "Config=0b11x or 0b100: STRW is IGNORED") { $0.stage2 || $0.config == 0b100 },
    IgnoredWhen(["S2VMID"], "5.2.2", "S2VMID is IGNORED: no stage 2 VMID tagging for this Config, StreamWorld or Security state") {
        $0.s2vmidIgnored
    },
    IgnoredWhen(["NSCFG"], "5.2", "NSCFG is IGNORED in the Non-secure Stream table and with stage 1 enabled") {
        !$0.secure || $0.stage1
    },
    IgnoredWhen(["S2AFFD"], "5.2", "S2HA=1: S2AFFD is IGNORED") { $0.v("S2HA") == 1 },
    IgnoredWhen(["S2PTW"], "5.2", "Config[1:0] != 0b11: S2PTW is IGNORED") { $0.config & 0b11 != 0b11 },
    IgnoredWhen(["S2PS"], "5.2", "S2AA64 selects VMSAv8-32 LPAE: S2PS is IGNORED (40-bit output)") { $0.vmsa32 },
    IgnoredWhen(["S2NSA"], "5.2", "S2NSW=1 or effective S2SA=1: S2NSA is IGNORED") {
        $0.v("S2NSW") == 1 || $0.v("S2SA") == 1 || $0.v("S2SW") == 1
    },
    IgnoredWhen(["S2SA"], "5.2", "S2SW=1: S2SA is IGNORED (effective 1)") { $0.v("S2SW") == 1 },
    IgnoredWhen(["PPAR"], "5.2", "SMMU_IDR3.PPS=1: PPAR is IGNORED") { $0.ft.pps },
    IgnoredWhen(["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"], "5.2", "SMMU_IDR3.PBHA=0: S2HWU* are IGNORED") { !$0.ft.pbha },
    IgnoredWhen(["SW_RESERVED"], "5.2", "SW_RESERVED is IGNORED by the SMMU") { _ in true },
    IgnoredWhen(["VMSPtr"], "5.2", "the VMSPtr is not enabled (Config != 0b111 or S1MPAM=0): VMSPtr is IGNORED") {
        $0.ft.archMinorRev >= 2 && !($0.config == 0b111 && $0.v("S1MPAM") == 1)
    },
]
