/// The STE's validity rules (IHI 0070 §5.2): every condition under which the SMMU treats an
/// STE as ILLEGAL (C_BAD_STE), reserved encodings, and address bits it silently masks.
enum STERules {
    static func check(_ s: STE, _ ft: Features) -> (String, [Finding]) {
        typealias F = STE.F
        var out: [Finding] = []
        func v(_ f: Field) -> UInt64 { s.value(f) }
        guard s.valid else {
            return ("invalid (V=0)", [Finding(.note, "V", 0, "STE invalid: a transaction using it is aborted and records C_BAD_STE; every other field is ignored (§5.2)")])
        }
        let config = s.config
        if config.isReserved {
            out.append(Finding(.reserved, "Config", config.rawValue, "reserved Config encoding, behaves as abort (§5.2)"))
        }
        var parts: [String] = []
        switch config.rawValue {
        case 0b100: parts.append("bypass")
        case 0b101, 0b110, 0b111: break
        default: parts.append("abort")
        }
        if config.stage1 { parts.append(stage1(s, ft, &out)) }
        if config.stage2 { parts.append(stage2(s, ft, &out)) }

        // EATS (§5.2, §3.9): only meaningful when the stream translates.
        let eats = v(F.eats)
        if eats != 0 {
            if !ft.ats {
                out.append(Finding(.res0, "EATS", eats, "EATS is RES0 when SMMU_IDR0.ATS=0"))
            }
            if eats == 2 {
                if config != .nested {
                    out.append(Finding(.illegal, "EATS", eats, "EATS=0b10 (split-stage ATS) is ILLEGAL unless Config=0b111 (nested) (§5.2)"))
                } else if v(F.s2s) == 1 {
                    out.append(Finding(.illegal, "EATS", eats, "EATS=0b10 is ILLEGAL with S2S=1 (§5.2)"))
                }
                if ft.ns1ats {
                    out.append(Finding(.illegal, "EATS", eats, "EATS=0b10 is ILLEGAL when SMMU_IDR0.NS1ATS=1 (§5.2)"))
                }
            }
            if eats == 3 && !ft.dpt {
                out.append(Finding(.illegal, "EATS", eats, "EATS=0b11 needs DPT (SMMU_IDR3.DPT=1) (§5.2)"))
            }
            if config == .bypass {
                out.append(Finding(.note, "EATS", eats, "with Config=bypass EATS behaves as 0b01 for ATS: translated traffic passes (§5.2)"))
            }
            parts.append("EATS=\(EATS(rawValue: eats))")
        }
        // Attribute overrides (§5.2, §13.x): 0b01 is reserved in each of these.
        for (f, name) in [(F.nscfg, "NSCFG"), (F.privcfg, "PRIVCFG"), (F.instcfg, "INSTCFG")] where v(f) == 1 {
            out.append(Finding(.reserved, name, 1, "\(name)=0b01 is reserved, behaves as 'use incoming' (§5.2)"))
        }
        if v(F.nscfg) != 0 && !ft.secureTable {
            out.append(Finding(.note, "NSCFG", v(F.nscfg), "NSCFG is ignored in the Non-secure stream table (§5.2)"))
        }
        return (parts.joined(separator: "; "), out)
    }

    static func stage1(_ s: STE, _ ft: Features, _ out: inout [Finding]) -> String {
        typealias F = STE.F
        let cdmax = s.s1cdmax, fmt = S1Fmt(rawValue: s.value(F.s1fmt)), ptr = s.s1ContextPtr
        if cdmax > ft.ssidSize {
            out.append(Finding(.illegal, "S1CDMax", UInt64(cdmax), "S1CDMax \(cdmax) exceeds SMMU_IDR1.SSIDSIZE \(ft.ssidSize): STE ILLEGAL (C_BAD_STE) (§5.2)"))
        }
        var table: String
        if cdmax == 0 {
            table = "one CD at \(hex(ptr)) (substreams disabled)"
        } else {
            switch fmt.rawValue {
            case 0, 3:
                if fmt.rawValue == 3 {
                    out.append(Finding(.reserved, "S1Fmt", 3, "S1Fmt=0b11 is reserved, behaves as linear (§5.2)"))
                }
                let size = UInt64(64) << cdmax
                if ptr % size != 0 {
                    out.append(Finding(.res0, "S1ContextPtr", ptr, "linear CD table of 2^\(cdmax) CDs must be aligned to its \(sizeName(size)) size: S1ContextPtr[\(cdmax + 5):6] are RES0 and the SMMU may mask them (§5.2)"))
                }
                table = "linear CD table of 2^\(cdmax) CDs at \(hex(ptr))"
            default:
                if !ft.cd2l {
                    out.append(Finding(.illegal, "S1Fmt", fmt.rawValue, "2-level CD table needs SMMU_IDR0.CD2L=1: STE ILLEGAL (§5.2)"))
                }
                let split = fmt == .twoLevel4K ? 6 : 10
                let l1Entries = UInt64(1) << max(0, cdmax - split)
                let l1Size = max(64, 8 * l1Entries)
                if ptr % l1Size != 0 {
                    out.append(Finding(.res0, "S1ContextPtr", ptr, "L1 CD table of \(l1Entries) L1CDs must be aligned to \(sizeName(l1Size)); the SMMU may mask the low address bits (§5.2)"))
                }
                table = "2-level CD table (\(fmt == .twoLevel4K ? "4 KB" : "64 KB") leaves), 2^\(cdmax) SSIDs, L1 at \(hex(ptr))"
            }
            let dss = s.s1dss
            if dss.isReserved {
                out.append(Finding(.reserved, "S1DSS", dss.rawValue, "S1DSS=0b11 is reserved, behaves as terminate (§5.2)"))
            }
            table += ", S1DSS=\(dss)"
        }
        if s.value(F.s1csh) == 1 {
            out.append(Finding(.reserved, "S1CSH", 1, "S1CSH=0b01 is reserved, behaves as Non-shareable (§5.2)"))
        }
        if s.value(F.s1stalld) == 1 && ft.stallModel != 0 {
            out.append(Finding(.illegal, "S1STALLD", 1, "S1STALLD=1 is ILLEGAL when SMMU_IDR0.STALL_MODEL=\(ft.stallModel) (only 0b00 allows it) (§5.2)"))
        }
        let strw = s.value(F.strw)
        if strw == 3 {
            out.append(Finding(.illegal, "STRW", 3, "STRW=0b11 is reserved: STE ILLEGAL (§5.2)"))
        } else if strw == 1 && !ft.secureTable {
            out.append(Finding(.illegal, "STRW", 1, "STRW=0b01 (EL3) is ILLEGAL outside the Secure stream table (§5.2)"))
        }
        return "stage 1: " + table
    }

    static func stage2(_ s: STE, _ ft: Features, _ out: inout [Finding]) -> String {
        typealias F = STE.F
        let tg = Granule(rawValue: s.value(F.s2tg))
        if tg.isReserved {
            out.append(Finding(.illegal, "S2TG", tg.rawValue, "S2TG=0b11 is a reserved granule: STE ILLEGAL (§5.2)"))
        }
        let t0sz = s.value(F.s2t0sz)
        if s.value(F.s2aa64) == 1 && (t0sz < 12 || t0sz > 48) {
            out.append(Finding(.illegal, "S2T0SZ", t0sz, "S2T0SZ \(t0sz) is outside 12...48, the widest range any VMSAv8-64 stage 2 accepts: STE ILLEGAL (§5.2)"))
        }
        let ps = AddressSize(rawValue: s.value(F.s2ps))
        if ps.bits > ft.oas {
            out.append(Finding(.note, "S2PS", ps.rawValue, "S2PS \(ps.bits)-bit exceeds SMMU_IDR5.OAS (\(ft.oas)-bit): treated as OAS (§5.2)"))
        }
        if s.value(F.s2ha) == 0 && s.value(F.s2hd) == 1 {
            out.append(Finding(.reserved, "S2HD", 1, "{S2HA,S2HD}=0b01 is reserved (§5.2)"))
        }
        if s.value(F.s2sh0) == 1 {
            out.append(Finding(.reserved, "S2SH0", 1, "S2SH0=0b01 is reserved, behaves as Non-shareable (§5.2)"))
        }
        let s2s = s.value(F.s2s)
        if s2s == 1 && ft.stallModel == 1 {
            out.append(Finding(.illegal, "S2S", 1, "S2S=1 is ILLEGAL when SMMU_IDR0.STALL_MODEL=0b01 (no stall) (§5.2)"))
        } else if s2s == 0 && ft.stallModel == 2 {
            out.append(Finding(.illegal, "S2S", 0, "S2S=0 is ILLEGAL when SMMU_IDR0.STALL_MODEL=0b10 (stall forced) (§5.2)"))
        }
        if s.value(F.s2aa64) == 1 && s.value(F.s2ttb) >> 52 != 0 {
            out.append(Finding(.res0, "S2TTB", s.value(F.s2ttb), "S2TTB bits [55:52] are RES0 with VMSAv8-64 tables (S2AA64=1); only VMSAv9-128 uses them (§5.2)"))
        }
        let ipa = 64 - Int(t0sz)
        return "stage 2: VMID \(s.s2vmid), S2TTB \(hex(s.value(F.s2ttb))), \(tg) granule, S2T0SZ \(t0sz) (\(ipa)-bit IPA), S2SL0 \(s.value(F.s2sl0)), S2PS \(ps.bits)-bit"
    }
}
