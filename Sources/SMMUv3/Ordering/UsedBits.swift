/// The producer's used-bits model (what the Linux driver's arm_smmu_get_ste_used /
/// arm_smmu_get_cd_used compute): the bits the SMMU reads given an entry's own V, Config,
/// S1DSS and EPD0. Bits outside are IGNORED by that configuration and may be written freely.
///
/// The torn-state checker does not use these tables: it judges observed entries by its own
/// consumer-view decode (`Checker`). Two models that must agree is the point.
public enum UsedBits {
    static func mask(_ l: Layout, _ names: [String]) -> [UInt64] {
        var m = [UInt64](repeating: 0, count: l.wordCount)
        for n in names {
            let f = l.field(named: n)!
            m[f.word] |= f.mask
        }
        return m
    }

    static func or(_ a: inout [UInt64], _ b: [UInt64]) { for i in a.indices { a[i] |= b[i] } }

    /// STE used bits (IHI 0070 §5.2; Linux arm_smmu_get_ste_used).
    public static func ste(_ w: [UInt64]) -> [UInt64] {
        let l = Layouts.ste
        var u = mask(l, ["V"])
        let s = try! STE(words: w)
        guard s.valid else { return u }
        or(&u, mask(l, ["Config"]))
        let cfg = s.config.rawValue
        // Beyond Linux's tables (it never sets these, so its sequences are unchanged): fields
        // the spec applies to every stream that is not aborted (§5.2, §13.5).
        if cfg & 0b100 != 0 { or(&u, mask(l, ["CONT", "DRE", "DCP", "PRIVCFG", "INSTCFG", "NSCFG"])) }
        if cfg == 0b100 || (cfg == 0b101 && s.s1dss == .bypass) {
            or(&u, mask(l, ["MTCFG", "MemAttr", "ALLOCCFG"]))
        }
        if cfg & 0b101 == 0b101 { or(&u, mask(l, ["PPAR", "S1MPAM", "S1PIE"])) }
        if cfg & 0b110 == 0b110 {
            or(&u, mask(l, ["S2AFFD", "S2HD", "S2HA", "S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62",
                            "S2HAFT", "S2PIE", "S2POE", "S2SL0_2", "S2DS"]))
        }
        if cfg & 0b101 == 0b101 {   // stage 1 translates
            or(&u, mask(l, ["S1Fmt", "S1ContextPtr", "S1CDMax", "S1DSS", "S1CIR", "S1COR", "S1CSH",
                            "S1STALLD", "STRW", "EATS", "S2VMID"]))
            // §13.5: SHCFG applies to the non-substream traffic that S1DSS=bypass lets through.
            if s.s1dss == .bypass { or(&u, mask(l, ["SHCFG"])) }
        }
        if cfg & 0b110 == 0b110 {   // stage 2 translates
            or(&u, mask(l, ["S2FWB", "EATS", "SHCFG", "MEV", "S2VMID", "S2T0SZ", "S2SL0", "S2IR0",
                            "S2OR0", "S2SH0", "S2TG", "S2PS", "S2AA64", "S2ENDI", "S2PTW", "S2S",
                            "S2R", "S2TTB"]))
        }
        if cfg == 0b100 { or(&u, mask(l, ["SHCFG"])) }
        return u
    }

    /// Bits that may change in either order within a used field because every transient is
    /// harmless (Linux arm_smmu_get_ste_update_safe): MEV only changes how faults are merged;
    /// EATS between 0b00 and 0b01 (ATS is disabled at the PCI capability around such a change)
    /// when neither side uses S1CHK.
    public static func steUpdateSafe(_ cur: [UInt64], _ target: [UInt64]) -> [UInt64] {
        let l = Layouts.ste
        var safe = mask(l, ["MEV"])
        let eats = l.field(named: "EATS")!
        if eats.get(cur) <= 1 && eats.get(target) <= 1 { or(&safe, mask(l, ["EATS"])) }
        return safe
    }

    /// CD used bits (IHI 0070 §5.4; Linux arm_smmu_get_cd_used): everything when V=1, except
    /// that EPD0=1 makes the TTB0 walk fields IGNORED.
    public static func cd(_ w: [UInt64]) -> [UInt64] {
        let l = Layouts.cd
        let cd = try! CD(words: w)
        guard cd.valid else { return mask(l, ["V"]) }
        var u = [UInt64](repeating: ~0, count: 8)
        if cd.epd0 {
            let ignored = mask(l, ["T0SZ", "TG0", "IR0", "OR0", "SH0", "TTB0"])
            for i in u.indices { u[i] &= ~ignored[i] }
        }
        return u
    }

    public static func used(_ kind: DescriptorKind, _ w: [UInt64]) -> [UInt64] {
        kind == .ste ? ste(w) : cd(w)
    }

    public static func updateSafe(_ kind: DescriptorKind, _ cur: [UInt64], _ target: [UInt64]) -> [UInt64] {
        kind == .ste ? steUpdateSafe(cur, target) : [UInt64](repeating: 0, count: 8)
    }
}
