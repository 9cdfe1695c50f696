/// Named positions of the STE fields the builders and decoder use.
extension STE {
    enum F {
        static let l = DescriptorLayout.ste
        static let v = l.field(named: "V")!, config = l.field(named: "Config")!
        static let s1fmt = l.field(named: "S1Fmt")!, s1ContextPtr = l.field(named: "S1ContextPtr")!
        static let s1cdmax = l.field(named: "S1CDMax")!, s1dss = l.field(named: "S1DSS")!
        static let s1cir = l.field(named: "S1CIR")!, s1cor = l.field(named: "S1COR")!
        static let s1csh = l.field(named: "S1CSH")!, mev = l.field(named: "MEV")!
        static let s2fwb = l.field(named: "S2FWB")!, s1stalld = l.field(named: "S1STALLD")!
        static let eats = l.field(named: "EATS")!, strw = l.field(named: "STRW")!
        static let shcfg = l.field(named: "SHCFG")!, nscfg = l.field(named: "NSCFG")!
        static let privcfg = l.field(named: "PRIVCFG")!, instcfg = l.field(named: "INSTCFG")!
        static let s2vmid = l.field(named: "S2VMID")!, s2t0sz = l.field(named: "S2T0SZ")!
        static let s2sl0 = l.field(named: "S2SL0")!, s2ir0 = l.field(named: "S2IR0")!
        static let s2or0 = l.field(named: "S2OR0")!, s2sh0 = l.field(named: "S2SH0")!
        static let s2tg = l.field(named: "S2TG")!, s2ps = l.field(named: "S2PS")!
        static let s2aa64 = l.field(named: "S2AA64")!, s2endi = l.field(named: "S2ENDI")!
        static let s2affd = l.field(named: "S2AFFD")!, s2ptw = l.field(named: "S2PTW")!
        static let s2hd = l.field(named: "S2HD")!, s2ha = l.field(named: "S2HA")!
        static let s2s = l.field(named: "S2S")!, s2r = l.field(named: "S2R")!
        static let s2ttb = l.field(named: "S2TTB")!
    }

    /// STE.V, bit 0 of word 0: the STE is valid (IHI 0070 §5.2).
    public var valid: Bool { value(F.v) == 1 }
    /// STE.Config, bits [3:1] of word 0: which stages translate (IHI 0070 §5.2).
    public var config: Config { Config(rawValue: value(F.config)) }
    /// STE.S1DSS, bits [1:0] of word 1: what traffic without a SubstreamID does (IHI 0070 §5.2).
    public var s1dss: S1DSS { S1DSS(rawValue: value(F.s1dss)) }
    /// STE.EATS, bits [29:28] of word 1: how PCIe ATS requests are handled (IHI 0070 §5.2).
    public var eats: EATS { EATS(rawValue: value(F.eats)) }
    /// STE.S1ContextPtr, bits [55:6] of word 0 in place: the byte address of the CD or CD table (IHI 0070 §5.2).
    public var s1ContextPtr: UInt64 { value(F.s1ContextPtr) }
    /// STE.S1CDMax, bits [63:59] of word 0: log2 of the number of CDs (IHI 0070 §5.2).
    public var s1cdmax: Int { Int(value(F.s1cdmax)) }
    /// STE.S2VMID, bits [15:0] of word 2: the VMID that tags stage-2 TLB entries (IHI 0070 §5.2).
    public var s2vmid: UInt64 { value(F.s2vmid) }
}

/// Where an STE finds its Context Descriptors: STE.S1ContextPtr, S1Fmt, S1CDMax (IHI 0070 §5.2).
public struct CDTableRef: Sendable, Hashable {
    /// Byte address of the CD, linear CD table or L1CD table (64-byte aligned; a linear table
    /// aligned to its size).
    public var address: UInt64
    /// STE.S1Fmt: linear, or two-level with 4 KB or 64 KB leaves (IHI 0070 §5.2).
    public var format: S1Fmt
    /// log2 of the number of CDs; 0 = one CD, substreams disabled. At most 20 (IDR1.SSIDSIZE).
    public var s1cdmax: Int

    /// A reference to the CD table at `address`; the builders check alignment and S1CDMax.
    public init(address: UInt64, format: S1Fmt = .linear, s1cdmax: Int = 0) {
        self.address = address
        self.format = format
        self.s1cdmax = s1cdmax
    }
}

/// The stage-1 choices of a CD-table STE (IHI 0070 §5.2). Defaults are what Linux writes:
/// S1CIR=S1COR=WB-RA, S1CSH=ISH, S1DSS=SSID0, StreamWorld NS-EL1.
public struct Stage1Options: Sendable, Hashable {
    /// STE.S1DSS: what traffic without a SubstreamID does (IHI 0070 §5.2).
    public var s1dss: S1DSS = .ssid0
    /// STE.EATS: how PCIe ATS translation requests are handled (IHI 0070 §5.2).
    public var eats: EATS = .abort
    /// STE.STRW: the StreamWorld (translation regime) of stage-1 traffic (IHI 0070 §5.2).
    public var strw: STRW = .el1
    /// Set when the SMMU can stall but this master must not (CD.S=1 becomes ILLEGAL).
    public var s1stalld = false
    /// STE.S1CIR: inner cacheability of CD and L1CD fetches (IHI 0070 §5.2).
    public var s1cir: S1Cacheability = .writeBackReadAllocate
    /// STE.S1COR: outer cacheability of CD and L1CD fetches (IHI 0070 §5.2).
    public var s1cor: S1Cacheability = .writeBackReadAllocate
    /// STE.S1CSH: shareability of CD and L1CD fetches (IHI 0070 §5.2).
    public var s1csh: Shareability = .inner
    /// Shareability override; nil leaves SHCFG 0 (RES0 unless IDR1.ATTR_TYPES_OVR).
    public var shcfg: SHCFG? = nil
    /// Linux's defaults.
    public init() {}
}

/// A stage-2 configuration, VTCR_EL2-like (IHI 0070 §5.2). Defaults are Linux's: AArch64
/// tables, PTW=1, R=1, WB/WB/ISH walks.
public struct Stage2Config: Sendable, Hashable {
    /// STE.S2VMID: the VMID of the stage-2 translations (IHI 0070 §5.2).
    public var vmid: UInt64
    /// Stage-2 translation table base (S2TTB: the table base address, bits [55:4] of it; IHI 0070 §5.2).
    public var vttbr: UInt64
    /// STE.S2T0SZ: the stage-2 input size is 2^(64-t0sz) bytes, as VTCR_EL2.T0SZ (IHI 0070 §5.2).
    public var t0sz: UInt64
    /// STE.S2SL0: the stage-2 starting level, in VTCR_EL2.SL0's encoding (IHI 0070 §5.2).
    public var sl0: UInt64
    /// STE.S2TG: the stage-2 translation granule (IHI 0070 §5.2).
    public var granule: Granule = .size4K
    /// STE.S2PS: the stage-2 output address size, capped to SMMU_IDR5.OAS (IHI 0070 §5.2).
    public var outputSize: AddressSize = .bits48
    /// STE.S2IR0: inner cacheability of stage-2 table walks (IHI 0070 §5.2).
    public var ir0: WalkCacheability = .writeBack
    /// STE.S2OR0: outer cacheability of stage-2 table walks (IHI 0070 §5.2).
    public var or0: WalkCacheability = .writeBack
    /// STE.S2SH0: shareability of stage-2 table walks (IHI 0070 §5.2).
    public var sh0: Shareability = .inner
    /// STE.S2AA64: true for VMSAv8-64 stage-2 tables (IHI 0070 §5.2).
    public var aa64 = true
    /// STE.S2ENDI: true for big-endian stage-2 tables (IHI 0070 §5.2).
    public var bigEndian = false
    /// STE.S2PTW: stage-1 walks and CD fetches that stage 2 maps as Device memory fault (IHI 0070 §5.2).
    public var ptw = true
    /// STE.S2R: stage-2 faults are recorded in the event queue (IHI 0070 §5.2).
    public var record = true
    /// STE.S2S: stage-2 faults stall the transaction rather than terminate it (IHI 0070 §5.2).
    public var stall = false
    /// STE.S2AFFD: stage-2 access-flag faults are disabled (IHI 0070 §5.2).
    public var affd = false
    /// STE.S2HA: the SMMU updates the stage-2 access flag in hardware (IHI 0070 §5.2).
    public var ha = false
    /// STE.S2HD: the SMMU updates the stage-2 dirty state in hardware (IHI 0070 §5.2).
    public var hd = false
    /// STE.S2FWB: stage-2 forced write-back attribute control (IHI 0070 §5.2).
    public var fwb = false
    /// STE.EATS of the stage-2 (or nested) STE (IHI 0070 §5.2).
    public var eats: EATS = .abort
    /// STE.SHCFG, the shareability override; nil leaves it 0 (IHI 0070 §5.2).
    public var shcfg: SHCFG? = nil

    /// A stage-2 configuration with Linux's defaults for the fields not given.
    public init(vmid: UInt64, vttbr: UInt64, t0sz: UInt64, sl0: UInt64,
                granule: Granule = .size4K, outputSize: AddressSize = .bits48) {
        self.vmid = vmid
        self.vttbr = vttbr
        self.t0sz = t0sz
        self.sl0 = sl0
        self.granule = granule
        self.outputSize = outputSize
    }
}

extension STE {
    /// V=1, Config=abort: all traffic aborted without an event (§5.2). What Linux writes into
    /// every unused STE.
    public static func abort() -> STE {
        var s = STE()
        F.v.storeFitting(1, in: &s.words)
        F.config.storeFitting(Config.abort.rawValue, in: &s.words)
        return s
    }

    /// V=1, Config=bypass; SHCFG given only where IDR1.ATTR_TYPES_OVR=1 (Linux: incoming).
    public static func bypass(shcfg: SHCFG? = nil) -> STE {
        var s = STE()
        F.v.storeFitting(1, in: &s.words)
        F.config.storeFitting(Config.bypass.rawValue, in: &s.words)
        if let shcfg { F.shcfg.storeFitting(shcfg.rawValue, in: &s.words) }
        return s
    }

    /// A stage-1 STE that points at a CD table (Config=s1-trans).
    public static func stage1(_ table: CDTableRef, _ o: Stage1Options = Stage1Options()) throws(BuildError) -> STE {
        var s = STE()
        try s.writeStage1(table, o)
        try s.setting(F.v, 1)
        try s.setting(F.config, Config.s1Trans.rawValue)
        return s
    }

    /// A stage-2 STE (Config=s2-trans).
    public static func stage2(_ c: Stage2Config) throws(BuildError) -> STE {
        var s = STE()
        try s.writeStage2(c)
        try s.setting(F.v, 1)
        try s.setting(F.config, Config.s2Trans.rawValue)
        return s
    }

    /// A nested STE (Config=nested): a guest's CD table translated by a stage-2 domain.
    /// MEV=1 as Linux writes it for nested STEs.
    public static func nested(_ table: CDTableRef, _ o: Stage1Options = Stage1Options(),
                              stage2 c: Stage2Config) throws(BuildError) -> STE {
        var s = STE()
        try s.writeStage2(c)
        try s.writeStage1(table, o)
        if c.eats != .abort { try s.setting(F.eats, c.eats.rawValue) }
        try s.setting(F.mev, 1)
        try s.setting(F.v, 1)
        try s.setting(F.config, Config.nested.rawValue)
        return s
    }

    mutating func setting(_ f: DescriptorLayout.Field, _ v: UInt64) throws(BuildError) {
        do { try put(f, v) } catch { throw .field(error) }
    }

    mutating func writeStage1(_ t: CDTableRef, _ o: Stage1Options) throws(BuildError) {
        guard (0...20).contains(t.s1cdmax) else {
            throw .rule("S1CDMax \(t.s1cdmax) is beyond 20, the largest SSIDSIZE (IHI 0070 §5.2)")
        }
        if t.s1cdmax > 0, t.format == .linear {
            // A linear CD table is aligned to its size: S1ContextPtr[S1CDMax+5:6] RES0 (§5.2).
            let size = UInt64(64) << t.s1cdmax
            if t.address % size != 0 {
                throw .rule("S1ContextPtr \(hex(t.address)) is not aligned to the \(sizeName(size)) linear CD table of 2^\(t.s1cdmax) CDs")
            }
        }
        try setting(F.s1ContextPtr, t.address)
        try setting(F.s1fmt, t.format.rawValue)
        try setting(F.s1cdmax, UInt64(t.s1cdmax))
        try setting(F.s1dss, o.s1dss.rawValue)
        try setting(F.s1cir, o.s1cir.rawValue)
        try setting(F.s1cor, o.s1cor.rawValue)
        try setting(F.s1csh, o.s1csh.rawValue)
        try setting(F.s1stalld, o.s1stalld ? 1 : 0)
        try setting(F.eats, o.eats.rawValue)
        try setting(F.strw, o.strw.rawValue)
        if let sh = o.shcfg { try setting(F.shcfg, sh.rawValue) }
    }

    mutating func writeStage2(_ c: Stage2Config) throws(BuildError) {
        guard c.granule.shift != nil else { throw .rule("S2TG 3 is reserved (IHI 0070 §5.2)") }
        try setting(F.s2vmid, c.vmid)
        try setting(F.s2t0sz, c.t0sz)
        try setting(F.s2sl0, c.sl0)
        try setting(F.s2ir0, c.ir0.rawValue)
        try setting(F.s2or0, c.or0.rawValue)
        try setting(F.s2sh0, c.sh0.rawValue)
        try setting(F.s2tg, c.granule.rawValue)
        try setting(F.s2ps, c.outputSize.rawValue)
        try setting(F.s2aa64, c.aa64 ? 1 : 0)
        try setting(F.s2endi, c.bigEndian ? 1 : 0)
        try setting(F.s2affd, c.affd ? 1 : 0)
        try setting(F.s2ptw, c.ptw ? 1 : 0)
        try setting(F.s2ha, c.ha ? 1 : 0)
        try setting(F.s2hd, c.hd ? 1 : 0)
        try setting(F.s2s, c.stall ? 1 : 0)
        try setting(F.s2r, c.record ? 1 : 0)
        try setting(F.s2fwb, c.fwb ? 1 : 0)
        try setting(F.eats, c.eats.rawValue)
        if let sh = c.shcfg { try setting(F.shcfg, sh.rawValue) }
        try setting(F.s2ttb, c.vttbr)
    }
}

/// Why a builder refused its input: a field that cannot hold the value, or a spec rule.
public enum BuildError: Error, Equatable, CustomStringConvertible {
    /// A value does not fit its field, or an address is misaligned.
    case field(FieldError)
    /// The values fit but break a spec rule; the message names the field and the section.
    case rule(String)
    /// The message: the field, the value and the rule broken.
    public var description: String {
        switch self {
        case let .field(e): e.description
        case let .rule(m): m
        }
    }
}
