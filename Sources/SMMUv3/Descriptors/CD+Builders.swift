extension CD {
    enum F {
        static let l = DescriptorLayout.cd
        static let t0sz = l.field(named: "T0SZ")!, tg0 = l.field(named: "TG0")!
        static let ir0 = l.field(named: "IR0")!, or0 = l.field(named: "OR0")!
        static let sh0 = l.field(named: "SH0")!, epd0 = l.field(named: "EPD0")!
        static let endi = l.field(named: "ENDI")!, epd1 = l.field(named: "EPD1")!
        static let v = l.field(named: "V")!, ips = l.field(named: "IPS")!
        static let tbi0 = l.field(named: "TBI0")!, aa64 = l.field(named: "AA64")!
        static let hd = l.field(named: "HD")!, ha = l.field(named: "HA")!
        static let s = l.field(named: "S")!, r = l.field(named: "R")!, a = l.field(named: "A")!
        static let aset = l.field(named: "ASET")!, asid = l.field(named: "ASID")!
        static let ttb0 = l.field(named: "TTB0")!
        static let mair0 = l.field(named: "MAIR0")!, mair1 = l.field(named: "MAIR1")!
    }

    /// CD.V: the CD is valid (IHI 0070 §5.4).
    public var valid: Bool { value(F.v) == 1 }
    /// CD.ASID: the ASID that tags this context's TLB entries (IHI 0070 §5.4).
    public var asid: UInt64 { value(F.asid) }
    /// CD.TTB0: the byte address of the TTB0 translation table (IHI 0070 §5.4).
    public var ttb0: UInt64 { value(F.ttb0) }
    /// CD.EPD0: TTB0 walks are disabled; a TLB miss in its range faults (IHI 0070 §5.4).
    public var epd0: Bool { value(F.epd0) == 1 }
}

/// The TCR-like fields of a stage-1 CD for TTB0 (IHI 0070 §5.4).
public struct TranslationControl: Sendable, Hashable {
    /// CD.T0SZ: the TTB0 region is 2^(64-t0sz) bytes (IHI 0070 §5.4).
    public var t0sz: UInt64
    /// CD.TG0: the TTB0 translation granule (IHI 0070 §5.4).
    public var tg0: Granule = .size4K
    /// CD.IR0: inner cacheability of TTB0 walks (IHI 0070 §5.4).
    public var ir0: WalkCacheability = .writeBack
    /// CD.OR0: outer cacheability of TTB0 walks (IHI 0070 §5.4).
    public var or0: WalkCacheability = .writeBack
    /// CD.SH0: shareability of TTB0 walks (IHI 0070 §5.4).
    public var sh0: Shareability = .inner
    /// CD.IPS: the stage-1 output address size, capped to SMMU_IDR5.OAS (IHI 0070 §5.4).
    public var ips: AddressSize = .bits48
    /// CD.TBI0: top byte ignored for TTB0 addresses (IHI 0070 §5.4).
    public var tbi0 = false
    /// CD.HA: the SMMU updates the access flag in hardware (IHI 0070 §5.4).
    public var ha = false
    /// CD.HD: the SMMU updates the dirty state in hardware (IHI 0070 §5.4).
    public var hd = false
    /// CD.ENDI: true for big-endian translation tables (IHI 0070 §5.4).
    public var bigEndian = false
    /// TTB0 controls with write-back inner-shareable walks and every other flag clear.
    public init(t0sz: UInt64, tg0: Granule = .size4K, ips: AddressSize = .bits48) {
        self.t0sz = t0sz
        self.tg0 = tg0
        self.ips = ips
    }
}

extension CD {
    /// A stage-1 CD as Linux writes one for a paging domain (§5.4): V=1, AA64=1, EPD1=1 (TTB1
    /// never walked), R=1, A=1, ASET=1 (private ASID), the TCR fields, TTB0, MAIR in word 3;
    /// S=1 only for a stall-enabled master.
    public static func stage1(asid: UInt64, ttb0: UInt64, tcr: TranslationControl, mair: UInt64,
                              stall: Bool = false, aset: Bool = true) throws(BuildError) -> CD {
        var cd = CD()
        try cd.setting(F.t0sz, tcr.t0sz)
        try cd.setting(F.tg0, tcr.tg0.rawValue)
        try cd.setting(F.ir0, tcr.ir0.rawValue)
        try cd.setting(F.or0, tcr.or0.rawValue)
        try cd.setting(F.sh0, tcr.sh0.rawValue)
        try cd.setting(F.endi, tcr.bigEndian ? 1 : 0)
        try cd.setting(F.epd1, 1)
        try cd.setting(F.ips, tcr.ips.rawValue)
        try cd.setting(F.tbi0, tcr.tbi0 ? 1 : 0)
        try cd.setting(F.aa64, 1)
        try cd.setting(F.hd, tcr.hd ? 1 : 0)
        try cd.setting(F.ha, tcr.ha ? 1 : 0)
        try cd.setting(F.s, stall ? 1 : 0)
        try cd.setting(F.r, 1)
        try cd.setting(F.a, 1)
        try cd.setting(F.aset, aset ? 1 : 0)
        try cd.setting(F.asid, asid)
        try cd.setting(F.ttb0, ttb0)
        try cd.setting(F.mair0, mair & 0xffff_ffff)
        try cd.setting(F.mair1, mair >> 32)
        try cd.setting(F.v, 1)
        return cd
    }

    /// An SVA CD: a process address space shared with the CPU, so ASET=0 (shared ASID set:
    /// broadcast TLB maintenance applies) (§5.4).
    public static func sva(asid: UInt64, ttb0: UInt64, tcr: TranslationControl, mair: UInt64,
                           stall: Bool = false) throws(BuildError) -> CD {
        try stage1(asid: asid, ttb0: ttb0, tcr: tcr, mair: mair, stall: stall, aset: false)
    }

    /// The quiet CD of a released address space: still valid with the same ASID, but EPD0=1 so
    /// TTB0 is never walked (misses fault, no fetch from freed tables) and TTB0 cleared.
    public static func released(from cd: CD) -> CD {
        var q = cd
        F.epd0.storeFitting(1, in: &q.words)
        F.ttb0.storeFitting(0, in: &q.words)
        return q
    }

    mutating func setting(_ f: DescriptorLayout.Field, _ v: UInt64) throws(BuildError) {
        do { try put(f, v) } catch { throw .field(error) }
    }
}

extension L1STD {
    /// An L1STD pointing at an L2 array of 2^(span-1) STEs, aligned to its size (§5.1).
    public static func pointing(to l2: UInt64, span: Int) throws(BuildError) -> L1STD {
        guard (1...11).contains(span) else { throw .rule("Span \(span) is not in 1...11 (IHI 0070 §5.1)") }
        let size = UInt64(64) << (span - 1)
        guard l2 % size == 0 else {
            throw .rule("L2Ptr \(hex(l2)) is not aligned to its \(sizeName(size)) L2 array of 2^\(span - 1) STEs")
        }
        var d = L1STD()
        do {
            try d.put(DescriptorLayout.l1std.field(named: "Span")!, UInt64(span))
            try d.put(DescriptorLayout.l1std.field(named: "L2Ptr")!, l2)
        } catch { throw .field(error) }
        return d
    }
}

extension L1CD {
    /// A valid L1CD pointing at a leaf CD table (4 KB aligned; 64 KB for S1Fmt=64k-l2) (§5.3).
    public static func pointing(to l2: UInt64, format: S1Fmt = .twoLevel64K) throws(BuildError) -> L1CD {
        let align: UInt64 = format == .twoLevel64K ? 0x10000 : 0x1000
        guard l2 % align == 0 else {
            throw .rule("L2Ptr \(hex(l2)) is not \(sizeName(align)) aligned (leaf of \(format))")
        }
        var d = L1CD()
        do {
            try d.put(DescriptorLayout.l1cd.field(named: "V")!, 1)
            try d.put(DescriptorLayout.l1cd.field(named: "L2Ptr")!, l2)
        } catch { throw .field(error) }
        return d
    }
}
