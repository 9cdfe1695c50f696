/// The CD's summary: what the SMMU makes of it (IHI 0070 §5.4). Its validity rules are the
/// table `RuleTable.cd`.
enum CDRules {
    static func summary(_ cd: CD) -> String {
        typealias F = CD.F
        func v(_ f: Field) -> UInt64 { cd.value(f) }
        guard cd.valid else { return "invalid (V=0)" }
        let t0sz = v(F.t0sz), tg0 = Granule(rawValue: v(F.tg0)), aa64 = v(F.aa64) == 1
        let ips = AddressSize(rawValue: v(F.ips))
        var s = "stage 1: ASID \(cd.asid) (\(v(F.aset) == 1 ? "private, ASET=1" : "shared, ASET=0")), "
        if cd.epd0 {
            s += "TTB0 walks disabled (EPD0=1, quiet CD)"
        } else {
            s += "TTB0 \(hex(cd.ttb0)), \(tg0) granule, T0SZ \(t0sz) (\(64 - Int(t0sz))-bit VA), IPS \(ips.bits)-bit"
        }
        if v(F.epd1) == 0, let t1sz = Layouts.cd.field(named: "T1SZ"), let ttb1 = Layouts.cd.field(named: "TTB1") {
            s += "; TTB1 \(hex(cd.value(ttb1))), T1SZ \(cd.value(t1sz)) (EPD1=0)"
        }
        if !aa64 { s += ", AA64=0 (VMSAv8-32 LPAE, or VMSAv9-128 with SMMU_IDR5.D128=1)" }
        return s
    }
}

/// L1STD (§5.1) and L1CD (§5.3) rules.
enum L1Rules {
    static func check(_ d: L1STD) -> (String, [Finding]) {
        let span = d["Span"]!, ptr = d["L2Ptr"]!
        if span == 0 {
            return ("invalid (Span=0): StreamIDs in this span are invalid (C_BAD_STREAMID)", [])
        }
        if span > 11 {
            return ("invalid (Span reserved)", [Finding(.reserved, "Span", span, "Span \(span) is reserved (12...31), behaves as 0: invalid (§5.1)")])
        }
        var out: [Finding] = []
        let size = UInt64(64) << (span - 1)
        if ptr % size != 0 {
            out.append(Finding(.res0, "L2Ptr", ptr, "L2Ptr \(hex(ptr)) is not aligned to its \(sizeName(size)) L2 array of 2^\(span - 1) STEs: L2Ptr[\(5 + span - 1):6] are treated as zero (§5.1)"))
        }
        return ("L2 array of 2^\(span - 1) STEs at \(hex(ptr))", out)
    }

    /// The L1CD's summary (§5.3); its rules are the table `RuleTable.l1cd`.
    static func summary(_ d: L1CD) -> String {
        guard d["V"] == 1 else { return "invalid (V=0): SubstreamIDs through it record C_BAD_SUBSTREAMID" }
        return "leaf CD table at \(hex(d["L2Ptr"] ?? 0))"
    }
}
