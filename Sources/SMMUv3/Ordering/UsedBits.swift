import CSMMUv3

/// The producer's used-bits model (what the Linux driver's arm_smmu_get_ste_used /
/// arm_smmu_get_cd_used compute): the bits the SMMU reads given an entry's own V, Config,
/// S1DSS and EPD0. Bits outside are IGNORED by that configuration and may be written freely.
///
/// The torn-state checker does not use these tables: it judges observed entries by its own
/// consumer-view decode (`Checker`). Two models that must agree is the point.
///
/// Every mask is resolved from the C field tables once (static `let`s), so planning never
/// looks a field up by name.
public enum UsedBits {
    /// An entry's eight words as one value.
    static func entry(_ w: [UInt64]) -> SIMD8<UInt64> {
        var e = SIMD8<UInt64>(repeating: 0)
        for i in 0..<min(8, w.count) { e[i] = w[i] }
        return e
    }

    static func array(_ e: SIMD8<UInt64>) -> [UInt64] { (0..<8).map { e[$0] } }

    static func mask(_ l: DescriptorLayout, _ names: [String]) -> SIMD8<UInt64> {
        var m = SIMD8<UInt64>(repeating: 0)
        for n in names { if let f = l.field(named: n) { m[f.word] |= f.mask } }
        return m
    }

    /// One STE field: word, mask, shift.
    struct F: Sendable {
        let word: Int, mask: UInt64, shift: UInt64
        init(_ n: String) {
            let f = DescriptorLayout.ste.field(named: n)
            word = f?.word ?? 0
            mask = f?.mask ?? 0
            shift = UInt64(f?.lo ?? 0)
        }
        @inline(__always) func get(_ e: SIMD8<UInt64>) -> UInt64 { (e[word] & mask) >> shift }
    }

    /// Bits hi...lo of a word (from the C layout's field constants: folded at compile time,
    /// so the writer's hot path reads no lazily initialised global).
    @inline(__always) static func bits(_ hi: some BinaryInteger, _ lo: some BinaryInteger) -> UInt64 {
        (~UInt64(0) >> (63 - UInt64(hi))) & (~UInt64(0) << UInt64(lo))
    }
    /// One field's mask in an otherwise zero entry.
    @inline(__always) static func lane(_ word: some BinaryInteger, _ mask: UInt64) -> SIMD8<UInt64> {
        var e = SIMD8<UInt64>(repeating: 0)
        e[Int(word)] = mask
        return e
    }

    static var vMask: UInt64 { bits(SMMUV3_STE_V_HI, SMMUV3_STE_V_LO) }
    static var cdV: UInt64 { bits(SMMUV3_CD_V_HI, SMMUV3_CD_V_LO) }
    static var cdEPD0: UInt64 { bits(SMMUV3_CD_EPD0_HI, SMMUV3_CD_EPD0_LO) }
    static let config = F("Config"), s1dss = F("S1DSS")

    static let steV = mask(DescriptorLayout.ste, ["V"])
    static let steConfig = mask(DescriptorLayout.ste, ["Config"])
    /// Beyond Linux's tables (it never sets these, so its sequences are unchanged): fields the
    /// spec applies to every stream that is not aborted (§5.2, §13.5).
    static let steNotAborted = mask(DescriptorLayout.ste, ["CONT", "DRE", "DCP", "PRIVCFG", "INSTCFG", "NSCFG"])
    static let steBypassOverrides = mask(DescriptorLayout.ste, ["MTCFG", "MemAttr", "ALLOCCFG"])
    static let steS1Extra = mask(DescriptorLayout.ste, ["PPAR", "S1MPAM", "S1PIE"])
    static let steS2Extra = mask(DescriptorLayout.ste, ["S2AFFD", "S2HD", "S2HA", "S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62",
                                               "S2HAFT", "S2PIE", "S2POE", "S2SL0_2", "S2DS"])
    static let steS1 = mask(DescriptorLayout.ste, ["S1Fmt", "S1ContextPtr", "S1CDMax", "S1DSS", "S1CIR", "S1COR", "S1CSH",
                                          "S1STALLD", "STRW", "EATS", "S2VMID"])
    static let steS2 = mask(DescriptorLayout.ste, ["S2FWB", "EATS", "SHCFG", "MEV", "S2VMID", "S2T0SZ", "S2SL0", "S2IR0",
                                          "S2OR0", "S2SH0", "S2TG", "S2PS", "S2AA64", "S2ENDI", "S2PTW", "S2S",
                                          "S2R", "S2TTB"])
    static let steSHCFG = mask(DescriptorLayout.ste, ["SHCFG"])
    static var steMEV: SIMD8<UInt64> { lane(SMMUV3_STE_MEV_WORD, bits(SMMUV3_STE_MEV_HI, SMMUV3_STE_MEV_LO)) }
    static var steEATS: SIMD8<UInt64> { lane(SMMUV3_STE_EATS_WORD, bits(SMMUV3_STE_EATS_HI, SMMUV3_STE_EATS_LO)) }
    static let cdVOnly = mask(DescriptorLayout.cd, ["V"])
    static let cdTTB0Walk = mask(DescriptorLayout.cd, ["T0SZ", "TG0", "IR0", "OR0", "SH0", "TTB0"])

    /// STE used bits (IHI 0070 §5.2; Linux arm_smmu_get_ste_used).
    static func ste(_ e: SIMD8<UInt64>) -> SIMD8<UInt64> {
        var u = steV
        guard e[0] & vMask != 0 else { return u }
        u |= steConfig
        let cfg = config.get(e)
        let dssBypass = s1dss.get(e) == 1
        if cfg & 0b100 != 0 { u |= steNotAborted }
        if cfg == 0b100 || (cfg == 0b101 && dssBypass) { u |= steBypassOverrides }
        if cfg & 0b101 == 0b101 { u |= steS1Extra }
        if cfg & 0b110 == 0b110 { u |= steS2Extra }
        if cfg & 0b101 == 0b101 {   // stage 1 translates
            u |= steS1
            // §13.5: SHCFG applies to the non-substream traffic that S1DSS=bypass lets through.
            if dssBypass { u |= steSHCFG }
        }
        if cfg & 0b110 == 0b110 { u |= steS2 }   // stage 2 translates
        if cfg == 0b100 { u |= steSHCFG }
        return u
    }

    /// STE used bits of `w` (8 words).
    public static func ste(_ w: [UInt64]) -> [UInt64] { array(ste(entry(w))) }

    /// Bits that may change in either order within a used field because every transient is
    /// harmless (Linux arm_smmu_get_ste_update_safe): MEV only changes how faults are merged;
    /// EATS between 0b00 and 0b01 (ATS is disabled at the PCI capability around such a change)
    /// when neither side uses S1CHK.
    @inline(__always)
    static func steUpdateSafe(_ cur: SIMD8<UInt64>, _ target: SIMD8<UInt64>) -> SIMD8<UInt64> {
        // EATS <= 0b01 on both sides: bit 1 of the field clear in both.
        let eatsHigh = UInt64(2) << UInt64(SMMUV3_STE_EATS_LO), w = Int(SMMUV3_STE_EATS_WORD)
        return (cur[w] | target[w]) & eatsHigh == 0 ? steMEV | steEATS : steMEV
    }

    /// The STE bits that may change in either order from `cur` to `target`, per word (see above).
    public static func steUpdateSafe(_ cur: [UInt64], _ target: [UInt64]) -> [UInt64] {
        array(steUpdateSafe(entry(cur), entry(target)))
    }

    /// CD used bits (IHI 0070 §5.4; Linux arm_smmu_get_cd_used): everything when V=1, except
    /// that EPD0=1 makes the TTB0 walk fields IGNORED.
    static func cd(_ e: SIMD8<UInt64>) -> SIMD8<UInt64> {
        guard e[0] & cdV != 0 else { return cdVOnly }
        let all = SIMD8<UInt64>(repeating: ~0)
        return e[0] & cdEPD0 != 0 ? all & ~cdTTB0Walk : all
    }

    /// The bits the SMMU reads of the CD `w`, per word (IHI 0070 §5.4).
    public static func cd(_ w: [UInt64]) -> [UInt64] { array(cd(entry(w))) }

    static func used(_ kind: DescriptorKind, _ e: SIMD8<UInt64>) -> SIMD8<UInt64> {
        kind == .ste ? ste(e) : cd(e)
    }

    /// The bits the SMMU reads of the STE or CD `w`, per word (IHI 0070 §5.2, §5.4).
    public static func used(_ kind: DescriptorKind, _ w: [UInt64]) -> [UInt64] { array(used(kind, entry(w))) }

    static func updateSafe(_ kind: DescriptorKind, _ cur: SIMD8<UInt64>, _ target: SIMD8<UInt64>) -> SIMD8<UInt64> {
        kind == .ste ? steUpdateSafe(cur, target) : SIMD8(repeating: 0)
    }

    /// The bits that may change in either order from `cur` to `target`, per word: none for a CD.
    public static func updateSafe(_ kind: DescriptorKind, _ cur: [UInt64], _ target: [UInt64]) -> [UInt64] {
        array(updateSafe(kind, entry(cur), entry(target)))
    }
}
