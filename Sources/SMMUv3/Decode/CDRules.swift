/// The CD's validity rules (IHI 0070 §5.4): ILLEGAL conditions (C_BAD_CD), reserved
/// encodings, and TTB0 bits the SMMU masks.
enum CDRules {
    static func check(_ cd: CD, _ ft: Features) -> (String, [Finding]) {
        typealias F = CD.F
        func v(_ f: Field) -> UInt64 { cd.value(f) }
        guard cd.valid else {
            return ("invalid (V=0)", [Finding(.note, "V", 0, "CD invalid: a transaction using it records C_BAD_CD (§5.4)")])
        }
        var out: [Finding] = []
        let t0sz = v(F.t0sz), tg0 = Granule(rawValue: v(F.tg0)), aa64 = v(F.aa64) == 1
        if aa64 && (t0sz < 12 || t0sz > 48) {
            out.append(Finding(.illegal, "T0SZ", t0sz, "T0SZ \(t0sz) is outside 12...48, the widest VMSAv8-64 range: CD ILLEGAL (C_BAD_CD) (§5.4)"))
        }
        if tg0.isReserved {
            out.append(Finding(.reserved, "TG0", 3, "TG0=0b11 is a reserved granule encoding (§5.4)"))
        }
        if v(F.epd1) == 0, let tg1 = Layouts.cd.field(named: "TG1"), cd.value(tg1) == 0 {
            out.append(Finding(.reserved, "TG1", 0, "TG1=0b00 is reserved while TTB1 walks are enabled (EPD1=0) (§5.4)"))
        }
        let ips = AddressSize(rawValue: v(F.ips))
        if ips.bits > ft.oas {
            out.append(Finding(.note, "IPS", ips.rawValue, "IPS \(ips.bits)-bit exceeds SMMU_IDR5.OAS (\(ft.oas)-bit): treated as OAS (§5.4)"))
        }
        if v(F.hd) == 1 && v(F.ha) == 0 {
            out.append(Finding(.reserved, "HD", 1, "{HD,HA}=0b10 is reserved (§5.4)"))
        }
        for name in ["SH0", "SH1"] {
            if let f = Layouts.cd.field(named: name), cd.value(f) == 1 {
                out.append(Finding(.reserved, name, 1, "\(name)=0b01 is reserved, behaves as Non-shareable (§5.4)"))
            }
        }
        let stall = v(F.s)
        if stall == 1 && ft.stallModel == 1 {
            out.append(Finding(.illegal, "S", 1, "S=1 is ILLEGAL when SMMU_IDR0.STALL_MODEL=0b01 (no stall): C_BAD_CD (§5.4)"))
        } else if stall == 0 && ft.stallModel == 2 {
            out.append(Finding(.illegal, "S", 0, "S=0 is ILLEGAL when SMMU_IDR0.STALL_MODEL=0b10 (stall forced): C_BAD_CD (§5.4)"))
        }
        // TTB0 must be aligned to the start-level table (VMSAv8-64): the SMMU ignores the low bits.
        let ttb0 = cd.ttb0
        if aa64, v(F.epd0) == 0, let g = tg0.shift, (12...48).contains(t0sz) {
            let va = 64 - Int(t0sz), stride = g - 3
            let resolved = va - g
            if resolved > 0 {
                let topBits = (resolved - 1) % stride + 1
                let align = max(UInt64(16), UInt64(8) << topBits)
                if ttb0 % align != 0 {
                    out.append(Finding(.res0, "TTB0", ttb0, "TTB0 \(hex(ttb0)) is not aligned to its \(sizeName(align)) start-level table (\(tg0) granule, T0SZ \(t0sz)); the SMMU treats the low bits as zero (§5.4)"))
                }
            }
        }
        // TTB0/TTB1 [55:52] hold address bits only for VMSAv9-128 tables (AA64=0 with D128).
        for name in ["TTB0", "TTB1"] {
            if aa64, let f = Layouts.cd.field(named: name), cd.value(f) >> 52 != 0 {
                out.append(Finding(.res0, name, cd.value(f), "\(name) bits [55:52] are RES0 with VMSAv8-64 tables (AA64=1); only VMSAv9-128 uses them (§5.4)"))
            }
        }
        var s = "stage 1: ASID \(cd.asid) (\(v(F.aset) == 1 ? "private, ASET=1" : "shared, ASET=0")), "
        if cd.epd0 {
            s += "TTB0 walks disabled (EPD0=1, quiet CD)"
        } else {
            s += "TTB0 \(hex(ttb0)), \(tg0) granule, T0SZ \(t0sz) (\(64 - Int(t0sz))-bit VA), IPS \(ips.bits)-bit"
        }
        if !aa64 { s += ", VMSAv8-32 LPAE tables (AA64=0)" }
        return (s, out)
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

    static func check(_ d: L1CD) -> (String, [Finding]) {
        let valid = d["V"]!, ptr = d["L2Ptr"]!
        if valid == 0 {
            return ("invalid (V=0): SubstreamIDs through it record C_BAD_SUBSTREAMID", [])
        }
        var out: [Finding] = []
        if ptr % 0x10000 != 0 {
            out.append(Finding(.note, "L2Ptr", ptr, "L2Ptr \(hex(ptr)) is 4 KB- but not 64 KB-aligned: valid only for S1Fmt=0b01 (4 KB leaves); with S1Fmt=0b10 L2Ptr[15:12] are RES0 (§5.3)"))
        }
        return ("leaf CD table at \(hex(ptr))", out)
    }
}
