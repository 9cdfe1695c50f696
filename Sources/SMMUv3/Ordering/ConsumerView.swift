/// The consumer's view of a live STE or CD: which bits an SMMU reads of an entry, decided by the
/// entry's own selector fields (IHI 0070 §5.2, §5.4, §13.5), and when two entries read the same.
///
/// Written from the spec's field semantics, not from the planner's used-bits tables (two models
/// that must agree). Every field lies inside one word, and the set of fields read depends only
/// on a few selector fields in words 0 and 1, so "entry A behaves as entry B" is: the same read
/// class, and every word equal on that class's read mask. The checker relies on that word-wise
/// form to decide every observable combination without enumerating it.
struct ConsumerView: @unchecked Sendable {   // immutable; `masks` is written once in init
    let kind: DescriptorKind
    /// The read mask of each class, indexed by class number (0 is the invalid class: V=0).
    /// Allocated once per kind for the life of the process (the two views are static), so a
    /// copy of the view is plain numbers: the checker retains nothing.
    let masks: UnsafePointer<SIMD8<UInt64>>

    /// A selector field's position: mask and low bit (mask 0: the kind has no such field).
    /// Plain numbers, so copying the view retains nothing.
    struct Bits: Sendable {
        let mask: UInt64, lo: UInt64
        init(_ f: DescriptorLayout.Field?) {
            mask = f?.mask ?? 0
            lo = UInt64(f?.lo ?? 0)
        }
    }

    // Selector and special fields (positions from the C tables).
    let vMask: UInt64
    let configField: Bits, s1cdmaxField: Bits, s1dssField: Bits, eatsField: Bits
    let epd0Field: Bits, epd1Field: Bits

    static let ste = ConsumerView(.ste)
    static let cd = ConsumerView(.cd)

    static func of(_ kind: DescriptorKind) -> ConsumerView { kind == .cd ? cd : ste }

    private init(_ kind: DescriptorKind) {
        self.kind = kind
        let layout = kind == .cd ? DescriptorLayout.cd : DescriptorLayout.ste
        func f(_ n: String) -> DescriptorLayout.Field? { layout.field(named: n) }
        vMask = f("V")?.mask ?? 1
        configField = Bits(kind == .ste ? f("Config") : nil)
        s1cdmaxField = Bits(kind == .ste ? f("S1CDMax") : nil)
        s1dssField = Bits(kind == .ste ? f("S1DSS") : nil)
        eatsField = Bits(kind == .ste ? f("EATS") : nil)
        epd0Field = Bits(kind == .cd ? f("EPD0") : nil)
        epd1Field = Bits(kind == .cd ? f("EPD1") : nil)
        func mask(_ names: [String]) -> SIMD8<UInt64> {
            var m = SIMD8<UInt64>(repeating: 0)
            for n in names { if let x = f(n) { m[x.word] |= x.mask } }
            return m
        }
        var masks = [SIMD8<UInt64>](repeating: SIMD8(repeating: 0), count: kind == .cd ? 8 : 64)
        if kind == .cd {
            // A valid CD: every field, except the TTB0 walk fields when EPD0=1 and the TTB1 walk
            // fields when EPD1=1 (§5.4: IGNORED while walks through that base are disabled).
            let all = mask(layout.fields.filter { !$0.isAlias }.map(\.name))
            let ttb0 = mask(["T0SZ", "TG0", "IR0", "OR0", "SH0", "TTB0", "HAD0", "DisCH0"])
            let ttb1 = mask(["T1SZ", "TG1", "IR1", "OR1", "SH1", "TTB1", "HAD1", "DisCH1"])
            for key in 0..<8 where key & 1 == 1 {
                var m = all
                if key & 2 != 0 { m &= ~ttb0 }
                if key & 4 != 0 { m &= ~ttb1 }
                masks[key] = m
            }
        } else {
            for key in 0..<64 where key & 1 == 1 {
                let config = (key >> 1) & 0b111, cdmax = key & 16 != 0, dssBypass = key & 32 != 0
                if config & 0b100 == 0 {
                    // Abort, and the reserved encodings that behave as abort: nothing else is read
                    // and every such entry behaves the same (the class alone says so).
                    masks[key] = SIMD8(repeating: 0)
                    continue
                }
                let s1 = config & 0b101 == 0b101, s2 = config & 0b110 == 0b110
                var names = ["Config", "CONT", "DRE", "DCP", "PRIVCFG", "INSTCFG", "NSCFG"]
                // Overrides of incoming attributes apply to traffic that bypasses translation:
                // every transaction of a bypass STE, non-substream traffic with S1DSS=bypass (§13.5).
                let bypassTraffic = config == 0b100 || (s1 && !s2 && cdmax && dssBypass)
                if bypassTraffic || s2 { names += ["SHCFG"] }
                if bypassTraffic { names += ["MTCFG", "MemAttr", "ALLOCCFG"] }
                if s1 || s2 { names += ["EATS"] }
                if s1 {
                    names += ["S1ContextPtr", "S1CDMax", "S1CIR", "S1COR", "S1CSH", "S1STALLD", "STRW",
                              "S1MPAM", "S1PIE", "PPAR", "S2VMID"]
                    if cdmax { names += ["S1Fmt", "S1DSS"] }
                }
                if s2 {
                    names += ["S2VMID", "S2T0SZ", "S2SL0", "S2IR0", "S2OR0", "S2SH0", "S2TG", "S2PS", "S2AA64",
                              "S2ENDI", "S2AFFD", "S2PTW", "S2HD", "S2HA", "S2S", "S2R", "S2TTB", "S2FWB",
                              "S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62", "S2HAFT", "S2PIE", "S2POE", "S2SL0_2", "S2DS"]
                }
                // MEV only changes how fault records are merged: never part of the behaviour.
                masks[key] = mask(names)
            }
        }
        let stored = UnsafeMutablePointer<SIMD8<UInt64>>.allocate(capacity: masks.count)
        stored.initialize(from: masks, count: masks.count)
        self.masks = UnsafePointer(stored)
    }

    @inline(__always) func value(_ f: Bits, _ w: UInt64) -> UInt64 {
        (w & f.mask) >> f.lo
    }

    /// S1DSS as it behaves: 0b11 is reserved and behaves as terminate (§5.2).
    @inline(__always) func s1dss(_ w1: UInt64) -> UInt64 {
        let v = value(s1dssField, w1)
        return v == 0b11 ? 0 : v
    }

    /// The part of the read class that word 0 decides (0 when V=0).
    @inline(__always) func key0(_ w0: UInt64) -> Int {
        guard w0 & vMask != 0 else { return 0 }
        if kind == .cd {
            return 1 | Int(value(epd0Field, w0)) << 1 | Int(value(epd1Field, w0)) << 2
        }
        let config = Int(value(configField, w0))
        if config & 0b100 == 0 { return 1 }                     // abort-like: nothing else matters
        let s1 = config & 0b101 == 0b101
        let cdmax = s1 && value(s1cdmaxField, w0) > 0
        return 1 | config << 1 | (cdmax ? 16 : 0)
    }

    /// Does word 1 take part in the read class for this key0? (STE: S1DSS, when stage 1
    /// translates with substreams and stage 2 bypasses.)
    @inline(__always) func key1Matters(_ k0: Int) -> Bool {
        kind == .ste && k0 & 16 != 0 && (k0 >> 1) & 0b111 == 0b101
    }

    /// The part of the read class that word 1 decides, given key0.
    @inline(__always) func key1(_ k0: Int, _ w1: UInt64) -> Int {
        key1Matters(k0) && s1dss(w1) == 1 ? 32 : 0
    }

    /// The read class of an entry: 0 invalid, otherwise an index into `masks`.
    @inline(__always) func readClass(_ w0: UInt64, _ w1: UInt64) -> Int {
        let k0 = key0(w0)
        return k0 | key1(k0, w1)
    }

    /// Word `i` of `a` reads as word `i` of `b` under `mask` (the words of one read class).
    /// EATS 0b00 and 0b01 are interchangeable when both sides are in that pair: ATS is disabled
    /// at the PCI function across such a change, so no translation request tells them apart.
    /// S1DSS 0b11 reads as terminate.
    @inline(__always) func wordMatches(_ i: Int, _ a: UInt64, _ b: UInt64, _ mask: UInt64) -> Bool {
        var d = (a ^ b) & mask
        if d == 0 { return true }
        if kind == .ste && i == 1 {
            let e = eatsField, s = s1dssField
            if d & e.mask != 0, value(e, a) <= 1, value(e, b) <= 1 { d &= ~e.mask }
            if d & s.mask != 0, s1dss(a) == s1dss(b) { d &= ~s.mask }
        }
        return d == 0
    }

    /// Two whole entries behave the same (both invalid, or the same class and every read bit equal).
    func equivalent(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        let c = readClass(a[0], a[1])
        guard c == readClass(b[0], b[1]) else { return false }
        if c == 0 { return true }
        let m = masks[c]
        for i in 0..<8 where !wordMatches(i, a[i], b[i], m[i]) { return false }
        return true
    }
}
