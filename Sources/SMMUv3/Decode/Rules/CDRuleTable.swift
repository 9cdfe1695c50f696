/// What a CD's words, the SMMU's features and the STE that locates the CD say, as the CD rules
/// (IHI 0070 §5.4, and CdIllegal / CDTxSZInvalid / CDSLInvalidD128 of §5.4.2) ask it.
private extension RuleInput {
    var ft: Features { features }
    /// StreamWorld any-EL2 or EL3 (not any-EL2-E2H): TTB1 is unreachable, EPD0/EPD1 are IGNORED
    /// with an effective value of 0, ASID is IGNORED (§5.4 EPD0, §5.4.1).
    var el2OrEL3: Bool { ft.streamWorld == .el2 || ft.streamWorld == .el3 }
    /// The effective CD.EPD0 / CD.EPD1 (§5.4 EPD0: 0 for StreamWorld any-EL2 or EL3).
    var epd0: Bool { !el2OrEL3 && v("EPD0") == 1 }
    var epd1: Bool { !el2OrEL3 && v("EPD1") == 1 }
    /// Walks through TTB0 / TTB1 are enabled (TTB1 also needs to be reachable, §5.4.1).
    var ttb0Walks: Bool { !epd0 }
    var ttb1Walks: Bool { !el2OrEL3 && !epd1 }
    /// CD.AA64 selects VMSAv8-32 LPAE / VMSAv8-64 / VMSAv9-128 (§5.4 AA64).
    var vmsa32: Bool { v("AA64") == 0 && !ft.d128 }
    var vmsa64: Bool { v("AA64") == 1 }
    var vmsa128: Bool { v("AA64") == 0 && ft.d128 }
    /// SMMUv3.0 (SMMU_AIDR.ArchMinorRev=0).
    var v3_0: Bool { ft.archMinorRev == 0 }
    /// CD.DS in effect (RES0 when SMMU_IDR5.DS=0).
    var ds: Bool { ft.ds && v("DS") == 1 }

    /// The granule a TGx field selects, in KB (nil for a Reserved encoding). TG0 and TG1 are
    /// encoded differently (§5.4 TG0, TG1).
    func granule(_ tg: String) -> Int? {
        switch (tg, v(tg)) {
        case ("TG0", 0), ("TG1", 2): 4
        case ("TG0", 2), ("TG1", 1): 16
        case ("TG0", 1), ("TG1", 3): 64
        default: nil
        }
    }

    /// The granule is Reserved or not one SMMU_IDR5.GRAN4K/16K/64K says is supported.
    func granuleBad(_ tg: String) -> Bool {
        switch granule(tg) {
        case 4?: !ft.gran4K
        case 16?: !ft.gran16K
        case 64?: !ft.gran64K
        default: true
        }
    }

    /// The valid TxSZ range with this TGx (§5.4.2 CDTxSZInvalid).
    func txszRange(_ tg: String) -> ClosedRange<Int> {
        let g = granule(tg)
        let max = ft.stt ? (g == 4 || g == 16 ? 48 : 47) : 39
        let min: Int
        switch ft.vax {
        case 0b10 where vmsa128: min = ft.streamWorld == .el3 ? 8 : 9
        case 0b10, 0b01: min = g == 64 || ds || vmsa128 ? 12 : 16
        default: min = 16
        }
        return min...max
    }

    /// TxSZ is outside its valid range (VMSAv8-64 and VMSAv9-128 only: every VMSAv8-32 LPAE
    /// value is valid).
    func txszBad(_ sz: String, _ tg: String) -> Bool { !vmsa32 && !txszRange(tg).contains(Int(v(sz))) }

    /// The effective IPS in bits: 40 for VMSAv8-32 LPAE, else MIN(IPS, OAS) with the Reserved
    /// encodings behaving as the version says (§5.4 IPS).
    var effectiveIPS: Int {
        if vmsa32 { return 40 }
        var ips = v("IPS")
        if v3_0 && ips >= 6 { ips = 5 } else if ft.archMinorRev <= 3 && ips == 7 { ips = 6 }
        return Swift.min(AddressSize(rawValue: ips).bits, ft.oas)
    }

    /// Bits at or above `bit` of field `name` are not all zero.
    func above(_ name: String, _ bit: Int) -> Bool { bit < 64 && v(name) >> UInt64(bit) != 0 }

    /// TTBx is outside the range the effective IPS describes (§5.4 TTB0, TTB1).
    func ttbBeyondIPS(_ ttb: String) -> Bool { above(ttb, effectiveIPS) }
    /// TTBx is outside a 48-bit range with DS=0, VMSAv8-64 and a 4 KB or 16 KB granule.
    func ttbBeyond48(_ ttb: String, _ tg: String) -> Bool {
        !ds && vmsa64 && (granule(tg) == 4 || granule(tg) == 16) && above(ttb, 48)
    }
    /// The TTBx address bits that are RES0: [55:52] unless VMSAv9-128 (SMMUv3.1 and later),
    /// [55:48] in SMMUv3.0.
    func ttbRes0(_ ttb: String) -> Bool { v3_0 ? above(ttb, 48) : !vmsa128 && above(ttb, 52) }

    /// The alignment the SMMU imposes on TTBx (it treats the bits below as zero): the size of
    /// the VMSAv8-64 starting-level table, at least 64 bytes when the effective IPS is 52 bits
    /// (or more); 32 bytes for VMSAv9-128. 16 (no constraint) when TxSZ or TGx is invalid.
    func ttbAlignment(_ sz: String, _ tg: String) -> UInt64 {
        if vmsa128 { return 32 }
        guard vmsa64, let g = granule(tg), !txszBad(sz, tg) else { return 16 }
        let granuleBits = g == 4 ? 12 : g == 16 ? 14 : 16, stride = granuleBits - 3
        let resolved = 64 - Int(v(sz)) - granuleBits
        guard resolved > 0 else { return 16 }
        let topBits = (resolved - 1) % stride + 1
        let table = UInt64(8) << UInt64(topBits)
        return Swift.max(16, effectiveIPS >= 52 ? Swift.max(table, 64) : table)
    }
    func ttbMisaligned(_ ttb: String, _ sz: String, _ tg: String) -> Bool {
        v(ttb) % ttbAlignment(sz, tg) != 0
    }

    /// VMSAv9-128: the start level plus SKLx is beyond level 3 (§5.4.2 CDSLInvalidD128).
    func sklBad(_ skl: String, _ sz: String, _ tg: String) -> Bool {
        guard vmsa128, !txszBad(sz, tg), let g = granule(tg) else { return false }
        let granuleBits = g == 4 ? 12 : g == 16 ? 14 : 16, stride = granuleBits - 4
        let ia = 64 - Int(v(sz))
        let n = (ia - 1) - granuleBits
        let div = n >= 0 ? n / stride : -((-n + stride - 1) / stride)
        return 3 - div + Int(v(skl)) > 3
    }

    /// Stage 1 permission indirection is enabled (§5.4 PIE, §5.4.2).
    var piEnabled: Bool { (vmsa64 && ft.s1pi && ft.steS1PIE && v("PIE") == 1) || vmsa128 }
    /// The StreamWorld has unprivileged transactions, so PIIU is not RES0 (§5.4 PIIU, §5.4.2).
    var unprivileged: Bool { !el2OrEL3 }
}

private let badCD = Rule.Outcome.illegal(event: "C_BAD_CD")

/// `name=value`, as the messages quote a field.
private func q(_ i: RuleInput, _ name: String) -> String { "\(name)=\(hex(i.v(name)))" }

/// A field that is RES0 when `when` holds and it is not zero; `why` says when.
private func res0(_ id: String, _ section: String, _ field: String, _ why: String,
                  when: @escaping @Sendable (RuleInput) -> Bool) -> Rule {
    Rule("CD.\(field).res0-\(id)", section, field, .res0, when: { when($0) && $0.v(field) != 0 }) {
        "\(q($0, field)) is RES0 \(why)"
    }
}

/// The MAIR attribute bytes of field `field` (Attr0-3 in MAIR0, Attr4-7 in MAIR1).
private func attrs(_ i: RuleInput, _ field: String) -> [(n: Int, attr: UInt64)] {
    let base = field == "MAIR0" ? 0 : 4
    return (0..<4).map { (base + $0, i.v(field) >> UInt64(8 * $0) & 0xff) }
}

/// A Reserved MAIR attribute encoding (§5.4 MAIR0, MAIR1: the encodings UNPREDICTABLE in
/// VMSAv8-64 are Reserved and behave as the table says).
private func mair(_ field: String, _ id: String, _ behavesAs: String, _ what: String,
                  _ match: @escaping @Sendable (UInt64) -> Bool) -> Rule {
    Rule("CD.\(field).attr-\(id)", "5.4", field, .reserved(behavesAs: behavesAs),
         when: { attrs($0, field).contains { match($0.attr) } }) { i in
        let bad = attrs(i, field).filter { match($0.attr) }.map { "Attr\($0.n)=\(hex($0.attr))" }
        return "\(field) \(bad.joined(separator: ", ")) (\(what)) is a Reserved attribute encoding"
    }
}

/// Attr[7:4]=0 (Device) with Attr[1:0] (RW) non-zero; `type` is Attr[3:2].
private func device(_ type: UInt64) -> @Sendable (UInt64) -> Bool {
    { $0 >> 4 == 0 && $0 >> 2 & 3 == type && $0 & 3 != 0 }
}

private func mairRules(_ field: String) -> [Rule] {
    [
        mair(field, "normal-inner-0000", "Normal-iWT Transient with RW=0b11", "Attr[7:4]!=0, Attr[3:0]=0b0000") { $0 >> 4 != 0 && $0 & 0xf == 0 },
        mair(field, "device-00RW", "Device-nGnRnE", "Attr[7:4]=0, Attr[3:0]=0b00RW, RW!=0b00", device(0)),
        mair(field, "device-01RW", "Device-nGnRE", "Attr[7:4]=0, Attr[3:0]=0b01RW, RW!=0b00", device(1)),
        mair(field, "device-10RW", "Device-nGRE", "Attr[7:4]=0, Attr[3:0]=0b10RW, RW!=0b00", device(2)),
        mair(field, "device-11RW", "Device-GRE", "Attr[7:4]=0, Attr[3:0]=0b11RW, RW!=0b00", device(3)),
    ]
}

/// PIIU<p> (§5.4): RES0 without unprivileged transactions or with permission indirection
/// disabled; 0b100 and 0b110 are reserved and treated as C_BAD_CD.
private func piiuRules(_ p: Int) -> [Rule] {
    let f = "PIIU\(p)"
    return [
        res0("el2-el3", "5.4", f, "when StreamWorld is EL3 or any-EL2") { $0.el2OrEL3 },
        res0("pi-disabled", "5.4", f, "when stage 1 permission indirection is disabled (CD.PIE, STE.S1PIE, SMMU_IDR3.S1PI, CD.AA64)") { !$0.piEnabled },
        Rule("CD.\(f).reserved", "5.4", f, badCD, when: { $0.piEnabled && $0.unprivileged && [4, 6].contains($0.v(f)) }) {
            "\(q($0, f)) is a reserved permission encoding (0b100, 0b110) while stage 1 permission indirection is enabled"
        },
    ]
}

/// PIIP<p> (§5.4): RES0 with permission indirection disabled; 0b100 and 0b110 are reserved and
/// treated as C_BAD_CD; privileged execute with unprivileged write (PIIU<p> not RES0) is ILLEGAL.
private func piipRules(_ p: Int) -> [Rule] {
    let f = "PIIP\(p)", u = "PIIU\(p)"
    return [
        res0("pi-disabled", "5.4", f, "when stage 1 permission indirection is disabled (CD.PIE, STE.S1PIE, SMMU_IDR3.S1PI, CD.AA64)") { !$0.piEnabled },
        Rule("CD.\(f).reserved", "5.4", f, badCD, when: { $0.piEnabled && [4, 6].contains($0.v(f)) }) {
            "\(q($0, f)) is a reserved permission encoding (0b100, 0b110) while stage 1 permission indirection is enabled"
        },
        Rule("CD.\(f).exec-with-unprivileged-write", "5.4", f, badCD,
             when: { $0.piEnabled && $0.unprivileged && $0.v(f) & 0b010 != 0 && $0.v(u) & 0b100 != 0 }) {
            "\(q($0, f)) grants privileged execute while \(q($0, u)) grants unprivileged write"
        },
    ]
}

/// The CD's rules (IHI 0070 §5.4), in the order of the spec's field descriptions, with the
/// ILLEGAL conditions of §5.4.2 (CdIllegal) where the field text defers to it. A transaction
/// through an ILLEGAL CD is aborted and records C_BAD_CD.
///
/// The STE that locates the CD (StreamWorld, S1STALLD, S1PIE, S1MPAM, Config, S2AA64) comes
/// from `Features`. Not checked: PARTID/PMG against SMMU_(*_)MPAMIDR; the VMSAv8-32 LPAE
/// starting-level alignment of TTBx; the VMSAv9-128 alignment beyond 32 bytes; "T0SZ must cover
/// the required VA input space" (§5.4.1), which depends on the client device.
public extension RuleTable {
    /// The CD's rules (IHI 0070 §5.4), as described above.
    static let cd = RuleTable(kind: .cd, rules: cdRules, ignored: cdIgnored)
}

private let cdRules: [Rule] = [
    // T0SZ (§5.4; §5.4.2 CDTxSZInvalid): ILLEGAL from SMMUv3.1, CONSTRAINED UNPREDICTABLE in v3.0.
    Rule("CD.T0SZ.out-of-range", "5.4", "T0SZ", badCD, when: { !$0.v3_0 && $0.txszBad("T0SZ", "TG0") }) {
        "\(q($0, "T0SZ")) is outside \($0.txszRange("TG0")) (\($0.granule("TG0").map { "\($0) KB" } ?? "reserved") granule, SMMU_IDR3.STT, SMMU_IDR5.VAX, CD.DS) while TTB0 walks are enabled"
    },
    Rule("CD.T0SZ.out-of-range-v3.0", "5.4", "T0SZ", .constrainedUnpredictable("the CD is ILLEGAL (C_BAD_CD), or not and T0SZ is used as 39 if above, 16 if below"),
         when: { $0.v3_0 && $0.txszBad("T0SZ", "TG0") }) {
        "\(q($0, "T0SZ")) is outside \($0.txszRange("TG0")) on an SMMUv3.0 while TTB0 walks are enabled"
    },
    // TG0
    Rule("CD.TG0.unsupported", "5.4", "TG0", badCD, when: { $0.granuleBad("TG0") }) {
        "\(q($0, "TG0")) selects \($0.granule("TG0").map { "the \($0) KB granule, which SMMU_IDR5 does not support" } ?? "the Reserved encoding 0b11") while TTB0 walks are enabled"
    },
    // SH0
    Rule("CD.SH0.reserved", "5.4", "SH0", .reserved(behavesAs: "SH0=0b00, Non-shareable"), when: { $0.v("SH0") == 1 }) {
        "\(q($0, "SH0")) is Reserved"
    },
    // ENDI (§5.4; §5.4.2)
    Rule("CD.ENDI.little-endian-only", "5.4", "ENDI", badCD, when: { $0.ft.ttendian == 0b10 && $0.v("ENDI") == 1 }) {
        "\(q($0, "ENDI")) (big-endian tables) on an SMMU with SMMU_IDR0.TTENDIAN=0b10 (little-endian only)"
    },
    Rule("CD.ENDI.big-endian-only", "5.4", "ENDI", badCD, when: { $0.ft.ttendian == 0b11 && $0.v("ENDI") == 0 }) {
        "\(q($0, "ENDI")) (little-endian tables) on an SMMU with SMMU_IDR0.TTENDIAN=0b11 (big-endian only)"
    },
    // T1SZ
    Rule("CD.T1SZ.out-of-range", "5.4", "T1SZ", badCD, when: { !$0.v3_0 && $0.ttb1Walks && $0.txszBad("T1SZ", "TG1") }) {
        "\(q($0, "T1SZ")) is outside \($0.txszRange("TG1")) (\($0.granule("TG1").map { "\($0) KB" } ?? "reserved") granule, SMMU_IDR3.STT, SMMU_IDR5.VAX, CD.DS) while TTB1 walks are enabled (EPD1=0)"
    },
    Rule("CD.T1SZ.out-of-range-v3.0", "5.4", "T1SZ", .constrainedUnpredictable("the CD is ILLEGAL (C_BAD_CD), or not and T1SZ is used as 39 if above, 16 if below"),
         when: { $0.v3_0 && $0.ttb1Walks && $0.txszBad("T1SZ", "TG1") }) {
        "\(q($0, "T1SZ")) is outside \($0.txszRange("TG1")) on an SMMUv3.0 while TTB1 walks are enabled (EPD1=0)"
    },
    res0("ttb1-unreachable", "5.4", "T1SZ", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    // TG1
    Rule("CD.TG1.unsupported", "5.4", "TG1", badCD, when: { $0.ttb1Walks && $0.granuleBad("TG1") }) {
        "\(q($0, "TG1")) selects \($0.granule("TG1").map { "the \($0) KB granule, which SMMU_IDR5 does not support" } ?? "the Reserved encoding 0b00") while TTB1 walks are enabled (EPD1=0)"
    },
    res0("ttb1-unreachable", "5.4", "TG1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    // IR1, OR1, SH1
    res0("ttb1-unreachable", "5.4", "IR1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    res0("ttb1-unreachable", "5.4", "OR1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    res0("ttb1-unreachable", "5.4", "SH1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    Rule("CD.SH1.reserved", "5.4", "SH1", .reserved(behavesAs: "SH1=0b00, Non-shareable"), when: { !$0.el2OrEL3 && $0.v("SH1") == 1 }) {
        "\(q($0, "SH1")) is Reserved"
    },
    // V: not a fault of the CD, but what the SMMU does with it.
    Rule("CD.V.invalid", "5.4", "V", .note, when: { $0.v("V") == 0 }) { _ in
        "V=0: CD invalid, the rest of it IGNORED; a transaction whose STE locates it is aborted and records C_BAD_CD"
    },
    // IPS: Reserved encodings by version; a value above the OAS is capped.
    Rule("CD.IPS.reserved-v3.0", "5.4", "IPS", .reserved(behavesAs: "IPS=0b101, 48 bits"), when: { $0.v3_0 && $0.v("IPS") >= 6 }) {
        "\(q($0, "IPS")) is Reserved in SMMUv3.0"
    },
    Rule("CD.IPS.reserved-v3.1-3.3", "5.4", "IPS", .reserved(behavesAs: "IPS=0b110, 52 bits"),
         when: { (1...3).contains($0.ft.archMinorRev) && $0.v("IPS") == 7 }) {
        "\(q($0, "IPS")) is Reserved in SMMUv3.1 to SMMUv3.3"
    },
    Rule("CD.IPS.capped-to-OAS", "5.4", "IPS", .note, when: { AddressSize(rawValue: $0.v("IPS")).bits > $0.ft.oas }) {
        "\(q($0, "IPS")) (\(AddressSize(rawValue: $0.v("IPS")).bits)-bit) exceeds SMMU_IDR5.OAS (\($0.ft.oas)-bit): behaves as the OAS, which software must not rely on"
    },
    // UWXN
    res0("vmsav9-128", "5.4", "UWXN", "when CD.AA64 selects VMSAv9-128") { $0.vmsa128 },
    // TBI1
    res0("ttb1-unreachable", "5.4", "TBI1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    // AA64 (§5.4; §5.4.2)
    Rule("CD.AA64.vmsav8-32-unsupported", "5.4", "AA64", badCD, when: { $0.vmsa32 && $0.ft.ttf & 1 == 0 }) {
        "\(q($0, "AA64")) selects VMSAv8-32 LPAE tables, which the SMMU does not support (SMMU_IDR0.TTF[0]=0)"
    },
    Rule("CD.AA64.vmsav8-32-streamworld", "5.4", "AA64", badCD,
         when: { $0.vmsa32 && ($0.ft.streamWorld == .el2E2H || $0.ft.streamWorld == .el3 || ($0.ft.streamWorld == .el2 && $0.ft.secureTable)) }) {
        "\(q($0, "AA64")) selects VMSAv8-32 LPAE tables for StreamWorld \($0.ft.streamWorld.rawValue)\($0.ft.secureTable ? " (Secure)" : "") (not allowed for any-EL2-E2H, S-EL2, EL3)"
    },
    Rule("CD.AA64.vmsav8-64-unsupported", "5.4", "AA64", badCD, when: { $0.vmsa64 && $0.ft.ttf & 2 == 0 }) {
        "\(q($0, "AA64")) selects VMSAv8-64 tables, which the SMMU does not support (SMMU_IDR0.TTF[1]=0)"
    },
    Rule("CD.AA64.vmsav8-64-over-32-bit-stage2", "5.4", "AA64", badCD,
         when: { $0.vmsa64 && $0.ft.steConfig & 0b110 == 0b110 && $0.ft.steS2AA64 == 0 && !$0.ft.d128 }) {
        "\(q($0, "AA64")) selects VMSAv8-64 tables while stage 2 translates with VMSAv8-32 LPAE (STE.Config=\(hex(UInt64($0.ft.steConfig))), STE.S2AA64=0)"
    },
    Rule("CD.AA64.vmsav9-128-el2", "5.4", "AA64", badCD, when: { $0.vmsa128 && $0.ft.streamWorld == .el2 }) {
        "\(q($0, "AA64")) selects VMSAv9-128 tables (SMMU_IDR5.D128=1) for StreamWorld any-EL2"
    },
    Rule("CD.AA64.vmsav9-128-without-S1PIE", "5.4", "AA64", badCD, when: { $0.vmsa128 && !$0.ft.steS1PIE }) {
        "\(q($0, "AA64")) selects VMSAv9-128 tables (SMMU_IDR5.D128=1) while STE.S1PIE=0"
    },
    // HD, HA (§5.4; §5.4.2)
    Rule("CD.HD.reserved", "5.4", "HD", .reserved(behavesAs: "{HD,HA}=0b00, HTTU disabled"), when: { $0.ft.httu >= 2 && $0.v("HD") == 1 && $0.v("HA") == 0 }) {
        "\(q($0, "HD")) with HA=0: {HD,HA}=0b10 is Reserved"
    },
    Rule("CD.HD.httu", "5.4", "HD", badCD, when: { $0.ft.httu <= 1 && $0.v("HD") == 1 }) {
        "\(q($0, "HD")) (dirty state update) on an SMMU with SMMU_IDR0.HTTU=\(hex(UInt64($0.ft.httu)))"
    },
    Rule("CD.HA.httu", "5.4", "HA", badCD, when: { $0.ft.httu == 0 && $0.v("HA") == 1 }) {
        "\(q($0, "HA")) (Access flag update) on an SMMU with SMMU_IDR0.HTTU=0b00"
    },
    // S, A (§5.4.2, §5.5)
    Rule("CD.S.S1STALLD", "5.4.2", "S", badCD, when: { $0.ft.steS1STALLD && $0.v("S") == 1 }) {
        "\(q($0, "S")) while the locating STE has S1STALLD=1 (stalls disabled for the stream)"
    },
    Rule("CD.S.no-stall", "5.4.2", "S", badCD, when: { $0.ft.stallModel == 0b01 && $0.v("S") == 1 }) {
        "\(q($0, "S")) on an SMMU with SMMU_IDR0.STALL_MODEL=0b01 (no stall)"
    },
    Rule("CD.S.stall-forced", "5.4.2", "S", badCD, when: { $0.ft.stallModel == 0b10 && $0.v("S") == 0 }) {
        "\(q($0, "S")) on an SMMU with SMMU_IDR0.STALL_MODEL=0b10 (stall forced)"
    },
    Rule("CD.A.term-model", "5.4.2", "A", badCD, when: { $0.ft.termModel && $0.v("A") == 0 }) {
        "\(q($0, "A")) on an SMMU with SMMU_IDR0.TERM_MODEL=1 (terminated transactions always abort)"
    },
    // ASID
    Rule("CD.ASID.asid8", "5.4", "ASID", badCD, when: { !$0.ft.asid16 && $0.v("ASID") >> 8 != 0 }) {
        "\(q($0, "ASID")) has bits [15:8] set on an SMMU with 8-bit ASIDs (SMMU_IDR0.ASID16=0)"
    },
    // E0PD0
    res0("no-e0pd", "5.4", "E0PD0", "when SMMU_IDR3.E0PD=0") { !$0.ft.e0pd },
    res0("vmsav8-32-el2-el3", "5.4", "E0PD0", "with VMSAv8-32 LPAE tables or StreamWorld EL3 or any-EL2") { $0.vmsa32 || $0.el2OrEL3 },
    // HAFT
    Rule("CD.HAFT.without-HA", "5.4", "HAFT", badCD, when: { $0.ft.httu == 0b11 && !$0.vmsa32 && $0.v("HA") == 0 && $0.v("HAFT") == 1 }) {
        "\(q($0, "HAFT")) (Access flag update in table descriptors) with HA=0"
    },
    res0("httu", "5.4", "HAFT", "when SMMU_IDR0.HTTU!=0b11") { $0.ft.httu != 0b11 },
    // TTB0
    Rule("CD.TTB0.beyond-IPS", "5.4", "TTB0", badCD, when: { $0.ttbBeyondIPS("TTB0") }) {
        "TTB0=\(hex($0.v("TTB0"))) is outside the CD's effective IPS (\($0.effectiveIPS)-bit) while TTB0 walks are enabled"
    },
    Rule("CD.TTB0.beyond-48-bit", "5.4", "TTB0", badCD, when: { $0.ttbBeyond48("TTB0", "TG0") }) {
        "TTB0=\(hex($0.v("TTB0"))) is outside a 48-bit range with CD.DS=0, VMSAv8-64 and a \($0.granule("TG0") ?? 0) KB granule"
    },
    Rule("CD.TTB0.res0-high-bits", "5.4", "TTB0", .res0, when: { $0.ttbRes0("TTB0") }) {
        "TTB0=\(hex($0.v("TTB0"))) bits \($0.v3_0 ? "[55:48] are RES0 in SMMUv3.0" : "[55:52] are RES0 unless CD.AA64 selects VMSAv9-128")"
    },
    Rule("CD.TTB0.misaligned", "5.4", "TTB0", .res0, when: { $0.ttbMisaligned("TTB0", "T0SZ", "TG0") }) {
        "TTB0=\(hex($0.v("TTB0"))) is not aligned to its \(sizeName($0.ttbAlignment("T0SZ", "TG0"))) start-level table (\($0.granule("TG0") ?? 0) KB granule, T0SZ=\($0.v("T0SZ"))): the SMMU treats the low bits as zero"
    },
    // PnCH
    res0("vmsav9-128-vmsav8-32", "5.4", "PnCH", "when CD.AA64 selects VMSAv9-128 or VMSAv8-32 LPAE") { !$0.vmsa64 },
    res0("no-the", "5.4", "PnCH", "when SMMU_IDR3.THE=0") { !$0.ft.the },
    // EPAN
    res0("context", "5.4", "EPAN", "with VMSAv8-32 LPAE tables, StreamWorld any-EL2 or EL3, or stage 1 permission indirection enabled") {
        $0.vmsa32 || $0.el2OrEL3 || $0.piEnabled
    },
    res0("no-epan", "5.4", "EPAN", "when SMMU_IDR3.EPAN=0") { !$0.ft.epan },
    // HWU059..HWU062: RES0 with VMSAv9-128 and in SMMUv3.0 (HWU061/062 are SKL0 when D128=1).
    res0("vmsav9-128", "5.4", "HWU059", "when CD.AA64 selects VMSAv9-128") { $0.vmsa128 },
    res0("v3.0", "5.4", "HWU059", "in SMMUv3.0") { $0.v3_0 },
    res0("vmsav9-128", "5.4", "HWU060", "when CD.AA64 selects VMSAv9-128") { $0.vmsa128 },
    res0("v3.0", "5.4", "HWU060", "in SMMUv3.0") { $0.v3_0 },
    res0("v3.0", "5.4", "HWU061", "in SMMUv3.0") { $0.v3_0 },
    res0("v3.0", "5.4", "HWU062", "in SMMUv3.0") { $0.v3_0 },
    // SKL0 (SMMU_IDR5.D128=1; §5.4.2 CDSLInvalidD128)
    Rule("CD.SKL0.start-level", "5.4", "SKL0", badCD, when: { $0.sklBad("SKL0", "T0SZ", "TG0") }) {
        "\(q($0, "SKL0")) skips past level 3 from the start level T0SZ=\($0.v("T0SZ")) and a \($0.granule("TG0") ?? 0) KB granule give"
    },
    // NSCFG1
    res0("ttb1-unreachable", "5.4", "NSCFG1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    // DisCH1 (D128=1) / HAD1
    res0("ttb1-unreachable", "5.4", "DisCH1", "when StreamWorld is EL3 or any-EL2") { $0.ft.d128 && $0.el2OrEL3 },
    res0("ttb1-unreachable", "5.4", "HAD1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { !$0.ft.d128 && $0.el2OrEL3 },
    // E0PD1
    res0("no-e0pd", "5.4", "E0PD1", "when SMMU_IDR3.E0PD=0") { !$0.ft.e0pd },
    res0("vmsav8-32-el2-el3", "5.4", "E0PD1", "with VMSAv8-32 LPAE tables or StreamWorld EL3 or any-EL2") { $0.vmsa32 || $0.el2OrEL3 },
    // AIE
    res0("no-aie", "5.4", "AIE", "when SMMU_IDR3.AIE=0") { !$0.ft.aie },
    // TTB1
    res0("ttb1-unreachable", "5.4", "TTB1", "when StreamWorld is any-EL2 or EL3 (TTB1 unreachable)") { $0.el2OrEL3 },
    Rule("CD.TTB1.beyond-IPS", "5.4", "TTB1", badCD, when: { $0.ttb1Walks && $0.ttbBeyondIPS("TTB1") }) {
        "TTB1=\(hex($0.v("TTB1"))) is outside the CD's effective IPS (\($0.effectiveIPS)-bit) while TTB1 walks are enabled (EPD1=0)"
    },
    Rule("CD.TTB1.beyond-48-bit", "5.4", "TTB1", badCD, when: { $0.ttb1Walks && $0.ttbBeyond48("TTB1", "TG1") }) {
        "TTB1=\(hex($0.v("TTB1"))) is outside a 48-bit range with CD.DS=0, VMSAv8-64 and a \($0.granule("TG1") ?? 0) KB granule"
    },
    Rule("CD.TTB1.res0-high-bits", "5.4", "TTB1", .res0, when: { !$0.el2OrEL3 && $0.ttbRes0("TTB1") }) {
        "TTB1=\(hex($0.v("TTB1"))) bits \($0.v3_0 ? "[55:48] are RES0 in SMMUv3.0" : "[55:52] are RES0 unless CD.AA64 selects VMSAv9-128")"
    },
    Rule("CD.TTB1.misaligned", "5.4", "TTB1", .res0, when: { $0.ttb1Walks && $0.ttbMisaligned("TTB1", "T1SZ", "TG1") }) {
        "TTB1=\(hex($0.v("TTB1"))) is not aligned to its \(sizeName($0.ttbAlignment("T1SZ", "TG1"))) start-level table (\($0.granule("TG1") ?? 0) KB granule, T1SZ=\($0.v("T1SZ"))): the SMMU treats the low bits as zero"
    },
    // DS
    res0("no-ds", "5.4", "DS", "when SMMU_IDR5.DS=0") { !$0.ft.ds },
    res0("not-vmsav8-64", "5.4", "DS", "when CD.AA64 selects VMSAv9-128 or VMSAv8-32 LPAE") { !$0.vmsa64 },
    res0("64k-el1", "5.4", "DS", "when StreamWorld is EL1 or EL2-E2H and both TG0 and TG1 select 64 KB") {
        !$0.el2OrEL3 && $0.granule("TG0") == 64 && $0.granule("TG1") == 64
    },
    res0("64k-el2-el3", "5.4", "DS", "when StreamWorld is any-EL2 or EL3 and TG0 selects 64 KB") { $0.el2OrEL3 && $0.granule("TG0") == 64 },
    res0("v3.0", "5.4", "DS", "in SMMUv3.0") { $0.v3_0 },
    // PIE
    res0("no-s1pi", "5.4", "PIE", "when SMMU_IDR3.S1PI=0") { !$0.ft.s1pi },
    res0("no-ste-s1pie", "5.4", "PIE", "when the locating STE has S1PIE=0") { !$0.ft.steS1PIE },
    res0("not-vmsav8-64", "5.4", "PIE", "when CD.AA64 selects VMSAv9-128 (implicitly enabled) or VMSAv8-32 LPAE") { !$0.vmsa64 },
    // SKL1 (SMMU_IDR5.D128=1)
    res0("ttb1-unreachable", "5.4", "SKL1", "when StreamWorld is EL3 or any-EL2") { $0.ft.d128 && $0.el2OrEL3 },
    Rule("CD.SKL1.start-level", "5.4", "SKL1", badCD, when: { $0.ttb1Walks && $0.sklBad("SKL1", "T1SZ", "TG1") }) {
        "\(q($0, "SKL1")) skips past level 3 from the start level T1SZ=\($0.v("T1SZ")) and a \($0.granule("TG1") ?? 0) KB granule give"
    },
]
// MAIR0, MAIR1: Reserved attribute encodings.
+ mairRules("MAIR0") + mairRules("MAIR1")
+ [
    // PARTID, PMG
    res0("no-mpam", "5.4", "PARTID", "when MPAM is not supported (SMMU_IDR3.MPAM=0) or the locating STE has S1MPAM=0") { !$0.ft.mpam || !$0.ft.steS1MPAM },
    Rule("CD.PARTID.res0-virtual", "5.4", "PARTID", .res0,
         when: { $0.ft.mpam && $0.ft.steS1MPAM && $0.ft.steConfig == 0b111 && $0.v("PARTID") >> 5 != 0 }) {
        "\(q($0, "PARTID")): bits [15:5] are RES0 when STE.Config=0b111 and STE.S1MPAM=1 (a 5-bit virtual PARTID)"
    },
    res0("no-mpam", "5.4", "PMG", "when MPAM is not supported (SMMU_IDR3.MPAM=0) or the locating STE has S1MPAM=0") { !$0.ft.mpam || !$0.ft.steS1MPAM },
]
// PIIU<p>, then PIIP<p>.
+ (0..<16).flatMap(piiuRules) + (0..<16).flatMap(piipRules)

/// When CD fields are IGNORED (§5.4; §5.4.1.1: no validity checks on fields EPDx disables).
private let cdIgnored: [IgnoredWhen] = [
    IgnoredWhen(DescriptorLayout.cd.fields.map(\.name).filter { $0 != "V" }, "5.4", "V=0: the rest of the CD is IGNORED") { $0.v("V") == 0 },
    IgnoredWhen(["T0SZ", "TG0", "IR0", "OR0", "SH0", "TTB0", "DisCH0", "SKL0"], "5.4", "EPD0=1: TTB0 walks disabled") { $0.epd0 },
    IgnoredWhen(["T1SZ", "TG1", "IR1", "OR1", "SH1", "TTB1", "DisCH1", "SKL1"], "5.4", "EPD1=1: TTB1 walks disabled") { $0.epd1 },
    IgnoredWhen(["EPD0", "EPD1"], "5.4", "StreamWorld any-EL2 or EL3: EPD0 and EPD1 are IGNORED (effective value 0)") { $0.el2OrEL3 },
    IgnoredWhen(["ENDI"], "5.4", "EPD0=1 and EPD1=1: no walks") { $0.epd0 && $0.epd1 },
    IgnoredWhen(["TG0"], "5.4", "AA64=0 selects VMSAv8-32 LPAE: TG0 IGNORED") { $0.vmsa32 },
    IgnoredWhen(["TG1"], "5.4", "AA64=0 selects VMSAv8-32 LPAE: TG1 IGNORED") { $0.vmsa32 && !$0.el2OrEL3 },
    IgnoredWhen(["IPS"], "5.4", "AA64=0 selects VMSAv8-32 LPAE: IPS IGNORED, 40-bit output") { $0.vmsa32 },
    IgnoredWhen(["AFFD"], "5.4", "HA=1: AFFD IGNORED") { $0.v("HA") == 1 },
    IgnoredWhen(["UWXN"], "5.4", "UWXN IGNORED with VMSAv8-64 tables and for StreamWorld any-EL2 or EL3") { $0.vmsa64 || $0.el2OrEL3 },
    IgnoredWhen(["HD", "HA"], "5.4", "AA64=0 selects VMSAv8-32 LPAE: HD and HA IGNORED") { $0.vmsa32 },
    IgnoredWhen(["ASID"], "5.4", "StreamWorld any-EL2 or EL3: ASID IGNORED") { $0.el2OrEL3 },
    IgnoredWhen(["NSCFG0"], "5.4", "NSCFG0 is used only when the CD is reached from a Secure STE") { !$0.ft.secureTable },
    IgnoredWhen(["NSCFG1"], "5.4", "NSCFG1 is used only when the CD is reached from a Secure STE") { !$0.ft.secureTable && !$0.el2OrEL3 },
    IgnoredWhen(["HAD0", "HAD1"], "5.4", "SMMU_IDR3.HAD=0: HAD0 and HAD1 IGNORED") { !$0.ft.had },
    IgnoredWhen(["HAD0", "HAD1", "HWU061", "HWU062", "HWU161", "HWU162"], "5.4", "SMMU_IDR5.D128=1: these bits are DisCH0/DisCH1 and SKL0/SKL1") { $0.ft.d128 },
    IgnoredWhen(["DisCH0", "DisCH1", "SKL0", "SKL1"], "5.4", "SMMU_IDR5.D128=0: these bits are HAD0/HAD1 and HWU061/062, HWU161/162") { !$0.ft.d128 },
    IgnoredWhen(["HWU059", "HWU060", "HWU061", "HWU062"], "5.4", "PBHA not supported (SMMU_IDR3.PBHA=0) or CD.HAD0=0") {
        !$0.ft.pbha || (!$0.vmsa128 && (!$0.ft.had || $0.v("HAD0") == 0))
    },
    IgnoredWhen(["HWU159", "HWU160", "HWU161", "HWU162"], "5.4", "PBHA not supported (SMMU_IDR3.PBHA=0) or CD.HAD1=0") {
        !$0.ft.pbha || (!$0.vmsa128 && (!$0.ft.had || $0.v("HAD1") == 0))
    },
]
