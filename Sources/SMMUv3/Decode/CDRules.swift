/// The CD's summary: what the SMMU makes of it (IHI 0070 §5.4). Its validity rules are the
/// table `RuleTable.cd`.
enum CDRules {
    static func summary(_ cd: CD, _ ft: Features) -> String {
        typealias F = CD.F
        func v(_ f: DescriptorLayout.Field) -> UInt64 { cd.value(f) }
        guard cd.valid else { return "invalid (V=0)" }
        let t0sz = v(F.t0sz), tg0 = Granule(rawValue: v(F.tg0)), aa64 = v(F.aa64) == 1
        let ips = AddressSize(rawValue: v(F.ips))
        var s = "stage 1: ASID \(hex(UInt64(cd.asid))) (\(v(F.aset) == 1 ? "private, ASET=1" : "shared, ASET=0")), "
        if cd.epd0 {
            s += "TTB0 walks disabled (EPD0=1, quiet CD)"
        } else {
            s += "TTB0 \(hex(cd.ttb0)), \(tg0) granule, T0SZ \(t0sz) (\(64 - Int(t0sz))-bit VA), IPS \(ips.bits)-bit"
        }
        if v(F.epd1) == 0, let t1sz = DescriptorLayout.cd.field(named: "T1SZ"), let ttb1 = DescriptorLayout.cd.field(named: "TTB1") {
            s += "; TTB1 \(hex(cd.value(ttb1))), T1SZ \(cd.value(t1sz)) (EPD1=0)"
        }
        if !aa64 { s += ft.d128 ? ", VMSAv9-128 tables (AA64=0, SMMU_IDR5.D128=1)" : ", VMSAv8-32 LPAE tables (AA64=0)" }
        return s
    }
}

/// The L1CD's summary (§5.3).
enum L1Rules {
    /// The L1CD's summary (§5.3); its rules are the table `RuleTable.l1cd`.
    static func summary(_ d: L1CD) -> String {
        guard d["V"] == 1 else { return "invalid (V=0): SubstreamIDs through it record C_BAD_SUBSTREAMID" }
        return "leaf CD table at \(hex(d["L2Ptr"] ?? 0))"
    }
}
