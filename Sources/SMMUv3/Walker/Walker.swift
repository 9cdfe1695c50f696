/// The SMMU's view of the tables (IHI 0070 §3.3, §5, §7.3; VMSAv8-64 for the translation
/// tables): StreamID → L1STD → STE → (L1CD →) CD → stage 1 → stage 2, ending in an output
/// address or the event the SMMU records. Written from the spec, sharing nothing with the
/// builders but the field positions: it decodes what is in memory, whoever wrote it.
///
/// An ILLEGAL STE or CD is whatever `Decoded.init(_:words:features:)` finds `.illegal`, so `decode` and the
/// walker give the same answer for the same words.
public struct Walker<Memory: BusMemory>: Sendable {
    /// The memory the tables are read from.
    public let memory: Memory
    /// The SMMU whose rules decide what is ILLEGAL.
    public let features: Features
    /// Raw SMMU_STRTAB_BASE: where the stream table is (IHI 0070 §6.3.24).
    public let strtabBase: UInt64
    /// Raw SMMU_STRTAB_BASE_CFG: the stream table's format, LOG2SIZE and SPLIT (IHI 0070 §6.3.25).
    public let strtabBaseCfg: UInt64
    /// SMMU_IDR1.SIDSIZE, when known: the effective LOG2SIZE is min(LOG2SIZE, SIDSIZE).
    public let sidSize: Int?
    /// SMMU_CR2.RECINVSID: record C_BAD_STREAMID for StreamIDs that reach no STE.
    public var recordInvalidStreamID = true

    /// A walker over `memory` with the stream-table registers given.
    ///
    /// - Parameters:
    ///   - memory: the memory the SMMU reads.
    ///   - strtabBase: raw SMMU_STRTAB_BASE.
    ///   - strtabBaseCfg: raw SMMU_STRTAB_BASE_CFG.
    ///   - features: the SMMU's features.
    ///   - sidSize: SMMU_IDR1.SIDSIZE, nil when not known.
    public init(memory: Memory, strtabBase: UInt64, strtabBaseCfg: UInt64,
                features: Features = Features(), sidSize: Int? = nil) {
        self.memory = memory
        self.strtabBase = strtabBase
        self.strtabBaseCfg = strtabBaseCfg
        self.features = features
        self.sidSize = sidSize
    }

    /// Walks `t` as the SMMU would: every structure it reads and what it does with the transaction (delivered, fault, stalled or terminated).
    public func walk(_ t: Transaction) -> Walk {
        var run = Run(w: self, t: t)
        let stop: Stop
        do { stop = try run.go() } catch { stop = error }
        return Walk(transaction: t, steps: run.steps, outcome: stop.outcome, reason: stop.reason,
                    level: stop.level, stage: stop.stage)
    }
}

extension Walker where Memory: TableSource {
    /// A walker over a table source (a saved image, physical memory), with its stream-table
    /// registers and the features its ID registers give.
    public init(source: Memory) {
        var sid: Int?
        if source.idr1 != 0 { sid = Int(WF.idr1SIDSIZE.get([source.idr1])) }
        self.init(memory: source, strtabBase: source.strtabBase, strtabBaseCfg: source.strtabBaseCfg,
                  features: ImageCheck.features(source), sidSize: sid)
    }
}

extension Walker where Memory == TableImage {
    /// A walker over a saved image, with the features its ID registers give.
    public init(image: TableImage) { self.init(source: image) }
}

/// Field positions the walker reads (the C tables' names; constants, never input).
enum WF {
    static let base = DescriptorLayout.register(named: "STRTAB_BASE")!, cfg = DescriptorLayout.register(named: "STRTAB_BASE_CFG")!
    static let baseADDR = base.field(named: "ADDR")!
    static let cfgLOG2SIZE = cfg.field(named: "LOG2SIZE")!, cfgSPLIT = cfg.field(named: "SPLIT")!
    static let cfgFMT = cfg.field(named: "FMT")!
    static let idr1SIDSIZE = DescriptorLayout.register(named: "IDR1")!.field(named: "SIDSIZE")!
    static func ste(_ n: String) -> DescriptorLayout.Field { DescriptorLayout.ste.field(named: n)! }
    static func cd(_ n: String) -> DescriptorLayout.Field { DescriptorLayout.cd.field(named: n)! }
    static let l1stdSpan = DescriptorLayout.l1std.field(named: "Span")!, l1stdPtr = DescriptorLayout.l1std.field(named: "L2Ptr")!
    static let l1cdV = DescriptorLayout.l1cd.field(named: "V")!, l1cdPtr = DescriptorLayout.l1cd.field(named: "L2Ptr")!
}

/// How a walk ended (thrown to unwind from any depth).
struct Stop: Error {
    let outcome: Outcome
    let reason: String
    var level: Int? = nil
    var stage: Int? = nil
}

/// The translation regime of one stage, as read from a CD (stage 1) or an STE (stage 2).
struct Regime {
    let stage: Int
    let pageShift: Int
    let inputBits: Int
    let startLevel: Int
    let outputBits: Int
    let table: UInt64
    let bigEndian: Bool
    let affd: Bool     // Access flag faults disabled (AFFD, or HA: hardware sets AF)
    let hierarchical: Bool
    let record: Bool
    let stall: Bool
    var stride: Int { pageShift - 3 }
    func shift(_ level: Int) -> Int { pageShift + (3 - level) * stride }
    func indexBits(_ level: Int) -> Int { level == startLevel ? inputBits - shift(level) : stride }
    /// Block descriptors exist at levels 1-2 with 4 KB, level 2 with 16/64 KB (no LPA/DS).
    func blockAllowed(_ level: Int) -> Bool { pageShift == 12 ? (1...2).contains(level) : level == 2 }
}

/// One walk in progress.
struct Run<Memory: BusMemory> {
    let w: Walker<Memory>
    let t: Transaction
    var steps: [WalkStep] = []
    var ste: [UInt64] = []
    var cd: [UInt64] = []
    var s2: Regime?
    var ipaOut: UInt64?
    /// Access after STE.PRIVCFG / INSTCFG.
    var privileged = false
    var access: Transaction.Access = .read

    init(w: Walker<Memory>, t: Transaction) {
        self.w = w
        self.t = t
        privileged = t.privileged
        access = t.access
    }

    // MARK: records

    func record(_ name: String, _ set: [String: UInt64] = [:]) -> EventRecord {
        let layout = DescriptorLayout.event(named: name) ?? DescriptorLayout.unknownEvent
        var e = EventRecord(layout)
        var fields: [String: UInt64] = ["StreamID": UInt64(t.sid), "InputAddr": t.iova,
                                        "RnW": access == .write ? 0 : 1, "InD": access == .execute ? 1 : 0,
                                        "PnU": privileged ? 1 : 0]
        if let ssid = t.ssid { fields["SSV"] = 1; fields["SubstreamID"] = UInt64(ssid) }
        for (k, v) in set { fields[k] = v }
        for (k, v) in fields {
            guard let f = layout.field(named: k) else { continue }
            let value = f.isAddress ? v & ~((UInt64(1) << UInt64(f.lo)) - 1) : v
            try? e.set(k, value & f.maxValue)
        }
        return e
    }

    func always(_ name: String, _ why: String, _ set: [String: UInt64] = [:]) -> Stop {
        Stop(outcome: .fault(record(name, set)), reason: why)
    }

    /// A translation-class fault (F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION) of `r`'s
    /// stage: stalled if its S bit is set on an SMMU that stalls, recorded if its R bit is set,
    /// else terminated silently.
    func translationFault(_ name: String, _ r: Regime, level: Int?, cls: UInt64, ipa: UInt64?, _ why: String) -> Stop {
        var set: [String: UInt64] = ["S2": r.stage == 2 ? 1 : 0, "CLASS": cls]
        if let ipa, r.stage == 2 { set["IPA"] = ipa }
        let stalls = (r.stall && w.features.stallModel != 1) || w.features.stallModel == 2
        if stalls {
            set["Stall"] = 1
            set["STAG"] = UInt64(t.stag)
            return Stop(outcome: .stalled(record(name, set)), reason: why, level: level, stage: r.stage)
        }
        if r.record { return Stop(outcome: .fault(record(name, set)), reason: why, level: level, stage: r.stage) }
        let bit = r.stage == 1 ? "CD.R=0" : "STE.S2R=0"
        return Stop(outcome: .terminated, reason: "\(why); not recorded (\(bit))", level: level, stage: r.stage)
    }

    // MARK: memory

    func read(_ addr: UInt64, _ n: Int) -> [UInt64]? {
        var out: [UInt64] = []
        for i in 0..<n {
            let (a, o) = addr.addingReportingOverflow(UInt64(i * 8))
            guard !o, let v = w.memory.load(bus: a) else { return nil }
            out.append(v)
        }
        return out
    }

    // MARK: the walk

    mutating func go() throws(Stop) -> Stop {
        let steAddr = try streamTable()
        guard let words = read(steAddr, 8) else {
            throw always("F_STE_FETCH", "STE of StreamID \(hex(UInt64(t.sid))) at \(hex(steAddr)) is outside memory", ["FetchAddr": steAddr])
        }
        ste = words
        let decoded = (try? Decoded(.ste, words: words, features: w.features))
        steps.append(WalkStep(name: "STE", address: steAddr, words: words, decoded: decoded?.summary ?? ""))
        func s(_ n: String) -> UInt64 { WF.ste(n).get(words) }
        guard s("V") == 1 else { throw always("C_BAD_STE", "STE.V=0") }
        if let bad = decoded?.findings.first(where: { $0.severity == .illegal }) {
            throw always("C_BAD_STE", "ILLEGAL STE: \(bad.field)=\(hex(bad.value)): \(bad.rule)")
        }
        let config = s("Config")
        guard config & 0b100 != 0 else {
            throw Stop(outcome: .terminated, reason: "STE.Config=\(config == 0 ? "abort" : "reserved \(config), behaves as abort"): aborted, no event")
        }
        switch s("PRIVCFG") {
        case 0b10: privileged = false
        case 0b11: privileged = true
        default: break
        }
        if t.access != .write {
            switch s("INSTCFG") {
            case 0b10: access = .read
            case 0b11: access = .execute
            default: break
            }
        }
        let stage1 = config & 1 == 1, stage2 = config & 0b10 != 0
        if t.ssid != nil && (!stage1 || w.features.ssidSize == 0) {
            throw always("C_BAD_SUBSTREAMID", !stage1 ? "a SubstreamID with stage 1 disabled (STE.Config=\(hex(config)))" : "a SubstreamID on an SMMU without substreams (SSIDSIZE=0)")
        }
        if stage2 { s2 = try stage2Regime() }
        var ipa = t.iova
        var s1: (oa: UInt64, r: Bool, w: Bool, x: Bool, attr: UInt8, size: UInt64)?
        if stage1, let cdIndex = try substream() {
            try fetchCD(cdIndex)
            let r = try walkStage1()
            s1 = r
            ipa = r.oa
        } else {
            // Stage 1 bypassed: the IOVA is the IPA, checked against the IAS (= OAS for
            // VMSAv8-64; §3.4), always terminated and recorded as a stage-1 F_ADDR_SIZE.
            guard t.iova >> UInt64(w.features.oas) == 0 else {
                throw always("F_ADDR_SIZE", "IOVA \(hex(t.iova)) is beyond the \(w.features.oas)-bit \(stage2 ? "IAS" : "OAS") with stage 1 bypassed (§3.4)", ["CLASS": 2])
            }
        }
        if s1 == nil && !stage2 {
            // Full bypass (or S1DSS=bypass without stage 2): PA = IOVA.
            let d = Delivery(pa: t.iova, ipa: nil, read: true, write: true, execute: true, mairAttr: nil, s2MemAttr: nil, leafSize: nil)
            return Stop(outcome: .delivered(d), reason: stage1 ? "S1DSS=bypass: no stage translates" : "STE.Config=bypass: PA = IOVA")
        }
        var out = (oa: ipa, r: true, w: true, x: true, memAttr: UInt8?.none, size: UInt64?.none)
        if s2 != nil {
            let o = try walkStage2(ipa, cls: 2, need: access)
            out = (o.oa, o.r, o.w, o.x, o.memAttr, o.size)
        }
        let d = Delivery(pa: out.oa, ipa: s2 != nil ? ipa : nil,
                         read: (s1?.r ?? true) && out.r, write: (s1?.w ?? true) && out.w,
                         execute: (s1?.x ?? true) && out.x, mairAttr: s1?.attr, s2MemAttr: out.memAttr,
                         leafSize: out.size ?? s1?.size)
        let how = [s1 != nil ? "stage 1" : nil, s2 != nil ? "stage 2" : nil].compactMap { $0 }.joined(separator: " + ")
        return Stop(outcome: .delivered(d), reason: "translated by \(how.isEmpty ? "no stage" : how)")
    }

    /// StreamID → STE address, or C_BAD_STREAMID.
    mutating func streamTable() throws(Stop) -> UInt64 {
        // Effective LOG2SIZE = min(LOG2SIZE, SIDSIZE) (§6.3.25); StreamIDs have at most 32 bits.
        var log2 = min(32, Int(WF.cfgLOG2SIZE.get([w.strtabBaseCfg])))
        if let s = w.sidSize { log2 = min(log2, s) }
        let base = WF.baseADDR.get([w.strtabBase])
        func badSID(_ why: String) -> Stop {
            w.recordInvalidStreamID ? always("C_BAD_STREAMID", why)
                                    : Stop(outcome: .terminated, reason: why + "; not recorded (CR2.RECINVSID=0)")
        }
        guard UInt64(t.sid) >> UInt64(log2) == 0 else {
            throw badSID("StreamID \(hex(UInt64(t.sid))) is beyond the stream table's LOG2SIZE \(log2) (2^\(log2) StreamIDs)")
        }
        guard WF.cfgFMT.get([w.strtabBaseCfg]) == 1 else {
            let size = UInt64(64) << UInt64(log2)
            return (base & ~(size - 1)) + UInt64(t.sid) * 64
        }
        var split = Int(WF.cfgSPLIT.get([w.strtabBaseCfg]))
        if ![6, 8, 10].contains(split) { split = 6 }    // reserved SPLIT behaves as 6 (§6.3.25)
        let l1n = UInt64(1) << UInt64(max(0, log2 - split))
        let l1size = max(64, l1n * 8)
        let l1addr = (base & ~(l1size - 1)) + UInt64(t.sid >> UInt32(split)) * 8
        guard let l1 = read(l1addr, 1) else {
            throw always("F_STE_FETCH", "L1STD at \(hex(l1addr)) is outside memory", ["FetchAddr": l1addr])
        }
        let span = Int(WF.l1stdSpan.get(l1)), ptr = WF.l1stdPtr.get(l1)
        steps.append(WalkStep(name: "L1STD", address: l1addr, words: l1,
                              decoded: span == 0 ? "Span=0: invalid" : "Span=\(span), L2Ptr=\(hex(ptr))"))
        guard span != 0 else { throw badSID("L1STD Span=0: StreamID \(hex(UInt64(t.sid))) is invalid (§5.1.1)") }
        guard span <= 11 else { throw badSID("L1STD Span=\(span) is reserved and behaves as 0 (§5.1)") }
        guard span <= split + 1 else { throw badSID("L1STD Span=\(span) is beyond SPLIT+1 (\(split + 1)) (§5.1.1)") }
        let index = UInt64(t.sid) & ((UInt64(1) << UInt64(split)) - 1)
        guard index < UInt64(1) << UInt64(span - 1) else {
            throw badSID("StreamID \(hex(UInt64(t.sid))) is outside its L2 array of 2^\(span - 1) STEs (Span=\(span))")
        }
        let l2size = UInt64(64) << UInt64(span - 1)
        return (ptr & ~(l2size - 1)) + index * 64
    }

    /// Which CD the transaction uses; nil when S1DSS=bypass skips stage 1.
    func substream() throws(Stop) -> UInt64? {
        let cdmax = w.features.ssidSize == 0 ? 0 : Int(WF.ste("S1CDMax").get(ste))
        let dss = WF.ste("S1DSS").get(ste)
        if let ssid = t.ssid {
            guard cdmax > 0 else { throw always("C_BAD_SUBSTREAMID", "SubstreamID \(hex(UInt64(ssid))) with STE.S1CDMax=0 (substreams disabled)") }
            guard UInt64(ssid) >> UInt64(cdmax) == 0 else {
                throw always("C_BAD_SUBSTREAMID", "SubstreamID \(hex(UInt64(ssid))) is beyond STE.S1CDMax=\(cdmax) (2^\(cdmax) CDs)")
            }
            if dss == 0b10 && ssid == 0 {
                throw always("F_STREAM_DISABLED", "SubstreamID 0 with STE.S1DSS=SSID0: substream 0 serves traffic without a SubstreamID")
            }
            return UInt64(ssid)
        }
        guard cdmax > 0 else { return 0 }
        switch dss {
        case 0b01: return nil
        case 0b10: return 0
        default: throw always("F_STREAM_DISABLED", "no SubstreamID with STE.S1DSS=\(dss == 0 ? "terminate" : "reserved 0b11, behaves as terminate")")
        }
    }

    /// A structure address through stage 2 when stage 2 is on (nested: CD and L1CD pointers
    /// are IPAs), else as is.
    mutating func structureAddress(_ a: UInt64, cls: UInt64) throws(Stop) -> UInt64 {
        guard s2 != nil else { return a }
        return try walkStage2(a, cls: cls, need: .read).oa
    }

    mutating func fetchCD(_ index: UInt64) throws(Stop) {
        let cdmax = w.features.ssidSize == 0 ? 0 : Int(WF.ste("S1CDMax").get(ste))
        let ptr = WF.ste("S1ContextPtr").get(ste)
        let fmt = WF.ste("S1Fmt").get(ste)
        var cdAddr: UInt64
        if cdmax == 0 || fmt == 0 || fmt == 3 {
            let size = UInt64(64) << UInt64(cdmax)
            cdAddr = (ptr & ~(size - 1)) + index * 64
        } else {
            let leafN: UInt64 = fmt == 1 ? 64 : 1024
            let l1ipa = ptr + (index / leafN) * 8
            let l1pa = try structureAddress(l1ipa, cls: 0)
            guard let l1 = read(l1pa, 1) else {
                throw always("F_CD_FETCH", "L1CD at \(hex(l1pa)) is outside memory", ["FetchAddr": l1pa])
            }
            let v = WF.l1cdV.get(l1)
            var leaf = WF.l1cdPtr.get(l1)
            if fmt == 2 { leaf &= ~0xffff }   // L2Ptr[15:12] RES0 for 64 KB leaves
            steps.append(WalkStep(name: "L1CD", address: l1pa, words: l1, decoded: v == 1 ? "V=1, L2Ptr=\(hex(leaf))" : "V=0: invalid"))
            guard v == 1 else { throw always("C_BAD_SUBSTREAMID", "L1CD for SubstreamID \(hex(index)) has V=0 (§5.3.1)") }
            cdAddr = leaf + (index % leafN) * 64
        }
        cdAddr = try structureAddress(cdAddr, cls: 0)
        guard let words = read(cdAddr, 8) else {
            throw always("F_CD_FETCH", "CD at \(hex(cdAddr)) is outside memory", ["FetchAddr": cdAddr])
        }
        cd = words
        let decoded = try? Decoded(.cd, words: words, features: w.features)
        steps.append(WalkStep(name: "CD", address: cdAddr, words: words, decoded: decoded?.summary ?? ""))
        guard WF.cd("V").get(words) == 1 else { throw always("C_BAD_CD", "CD.V=0") }
        if let bad = decoded?.findings.first(where: { $0.severity == .illegal }) {
            throw always("C_BAD_CD", "ILLEGAL CD: \(bad.field)=\(hex(bad.value)): \(bad.rule)")
        }
    }

    static func psBits(_ v: UInt64) -> Int { [32, 36, 40, 42, 44, 48, 52, 56][Int(v & 7)] }

    /// The stage-2 regime from the STE (S2T0SZ, S2SL0, S2TG, S2PS, S2TTB…); an inconsistent
    /// S2T0SZ/S2SL0 makes the STE ILLEGAL (C_BAD_STE).
    func stage2Regime() throws(Stop) -> Regime {
        func s(_ n: String) -> UInt64 { WF.ste(n).get(ste) }
        let tg = s("S2TG")
        guard let g = [0: 12, 1: 16, 2: 14][tg] else { throw always("C_BAD_STE", "STE.S2TG=3 is reserved") }
        let t0sz = Int(s("S2T0SZ")), sl0 = Int(s("S2SL0"))
        let ia = 64 - t0sz
        let start: Int? = g == 12 ? [0: 2, 1: 1, 2: 0][sl0] : [0: 3, 1: 2, 2: 1][sl0]
        let stride = g - 3
        guard let start, ia > g else {
            throw always("C_BAD_STE", "STE.S2SL0=\(sl0) with S2TG=\(tg) names no start level")
        }
        // S2T0SZ outside 16...39 (MAX(16, 64-IAS) without S2DS; 39 without IDR3.STT) makes the
        // STE ILLEGAL from SMMUv3.1 (§5.2).
        let minT0SZ = max(16, 64 - w.features.oas)
        guard (minT0SZ...39).contains(t0sz) else {
            throw always("C_BAD_STE", "STE.S2T0SZ=\(t0sz) is outside \(minT0SZ)...39 (§5.2)")
        }
        let top = ia - (g + (3 - start) * stride)
        guard top >= 1 && top <= stride + 4 else {
            throw always("C_BAD_STE", "STE.S2T0SZ=\(t0sz) and S2SL0=\(sl0) are inconsistent: the level-\(start) table would resolve \(top) bits (1...\(stride + 4) allowed, at most 16 concatenated tables)")
        }
        let oa = min(Self.psBits(s("S2PS")), w.features.oas, 48)
        // A table base beyond the output size is a configuration error, not an Address Size
        // fault (§3.4).
        guard s("S2TTB") >> UInt64(oa) == 0 else {
            throw always("C_BAD_STE", "STE.S2TTB \(hex(s("S2TTB"))) is beyond the \(oa)-bit stage-2 output size (§3.4)")
        }
        return Regime(stage: 2, pageShift: g, inputBits: ia, startLevel: start, outputBits: oa,
                      table: s("S2TTB"), bigEndian: s("S2ENDI") == 1, affd: s("S2AFFD") == 1 || s("S2HA") == 1,
                      hierarchical: false, record: s("S2R") == 1, stall: s("S2S") == 1)
    }

    /// Read one translation-table descriptor; nested stage-1 table addresses go through stage 2.
    mutating func descriptor(_ r: Regime, _ addr: UInt64, level: Int, cls: UInt64) throws(Stop) -> UInt64 {
        var pa = addr
        if r.stage == 1, s2 != nil { pa = try walkStage2(addr, cls: 1, need: .read).oa }
        guard let d = read(pa, 1)?.first else {
            throw always("F_WALK_EABT", "stage-\(r.stage) level-\(level) descriptor at \(hex(pa)) is outside memory",
                         ["S2": r.stage == 2 ? 1 : 0, "CLASS": r.stage == 1 ? 1 : cls, "FetchAddr": pa])
        }
        return r.bigEndian ? d.byteSwapped : d
    }

    typealias Leaf = (oa: UInt64, d: UInt64, level: Int, size: UInt64, apTable: UInt64, xnTable: UInt64)

    /// The generic VMSAv8-64 descent from the start level to a page or block.
    mutating func descend(_ r: Regime, _ va: UInt64, cls: UInt64, faultIPA: UInt64?, log: Bool) throws(Stop) -> Leaf {
        let oaMask = ((UInt64(1) << 48) - 1)
        let topBytes = UInt64(8) << UInt64(r.indexBits(r.startLevel))
        var table = r.table & ~(topBytes - 1) & oaMask
        guard table >> UInt64(r.outputBits) == 0 else {
            throw translationFault("F_ADDR_SIZE", r, level: r.startLevel, cls: cls, ipa: faultIPA,
                                   "stage-\(r.stage) table base \(hex(table)) is beyond the \(r.outputBits)-bit output size")
        }
        var apTable: UInt64 = 0, xnTable: UInt64 = 0
        for level in r.startLevel...3 {
            let bits = UInt64(r.indexBits(level))
            let idx = (va >> UInt64(r.shift(level))) & ((UInt64(1) << bits) - 1)
            let addr = table + idx * 8
            let d = try descriptor(r, addr, level: level, cls: cls)
            let name = "S\(r.stage) L\(level)"
            let pageMask = ~((UInt64(1) << UInt64(r.pageShift)) - 1)
            func note(_ s: String) -> WalkStep { WalkStep(name: name, address: addr, words: [d], decoded: s) }
            guard d & 1 == 1 else {
                if log { steps.append(note("invalid")) }
                throw translationFault("F_TRANSLATION", r, level: level, cls: cls, ipa: faultIPA,
                                       "stage-\(r.stage) level-\(level) descriptor at \(hex(addr)) is invalid")
            }
            if level < 3 && d & 0b10 != 0 {
                let next = d & oaMask & pageMask
                if log { steps.append(note("table -> \(hex(next))")) }
                guard next >> UInt64(r.outputBits) == 0 else {
                    throw translationFault("F_ADDR_SIZE", r, level: level, cls: cls, ipa: faultIPA,
                                           "stage-\(r.stage) level-\(level) table address \(hex(next)) is beyond the \(r.outputBits)-bit output size")
                }
                if r.hierarchical {
                    apTable |= (d >> 61) & 0b11
                    xnTable |= (d >> 59) & 0b11   // [0] PXNTable, [1] UXNTable
                }
                table = next
                continue
            }
            if level == 3 && d & 0b10 == 0 {
                if log { steps.append(note("reserved (0b01 at level 3)")) }
                throw translationFault("F_TRANSLATION", r, level: level, cls: cls, ipa: faultIPA,
                                       "stage-\(r.stage) level-3 descriptor at \(hex(addr)) has type 0b01 (reserved, invalid)")
            }
            if level < 3 && !r.blockAllowed(level) {
                if log { steps.append(note("block not allowed at level \(level)")) }
                throw translationFault("F_TRANSLATION", r, level: level, cls: cls, ipa: faultIPA,
                                       "stage-\(r.stage) block descriptor at level \(level) is not allowed with a \(1 << (r.pageShift - 10)) KB granule")
            }
            let size = UInt64(1) << UInt64(r.shift(level))
            let oa = d & oaMask & ~(size - 1)
            if log { steps.append(note("\(level == 3 ? "page" : "block") -> \(hex(oa)) (\(sizeName(size)))")) }
            guard oa >> UInt64(r.outputBits) == 0 else {
                throw translationFault("F_ADDR_SIZE", r, level: level, cls: cls, ipa: faultIPA,
                                       "stage-\(r.stage) output address \(hex(oa)) is beyond the \(r.outputBits)-bit output size")
            }
            if d >> 10 & 1 == 0 && !r.affd {
                throw translationFault("F_ACCESS", r, level: level, cls: cls, ipa: faultIPA,
                                       "stage-\(r.stage) level-\(level) descriptor has AF=0 (\(r.stage == 1 ? "CD.AFFD" : "STE.S2AFFD")=0)")
            }
            return (oa | (va & (size - 1)), d, level, size, apTable, xnTable)
        }
        throw Stop(outcome: .terminated, reason: "walk did not end at level 3")   // not reached
    }

    /// Stage 1 for the IOVA: TTB0/TTB1 selection, the walk, AP/UXN/PXN/PAN/WXN checks.
    mutating func walkStage1() throws(Stop) -> (oa: UInt64, r: Bool, w: Bool, x: Bool, attr: UInt8, size: UInt64) {
        func c(_ n: String) -> UInt64 { WF.cd(n).get(cd) }
        let va = t.iova
        let ips = min(Self.psBits(c("IPS")), w.features.oas, 48)
        for x in ["0", "1"] where c("EPD" + x) == 0 && c("TTB" + x) >> UInt64(ips) != 0 {
            // Configuration error, not an Address Size fault (§3.4).
            throw always("C_BAD_CD", "CD.TTB\(x) \(hex(c("TTB" + x))) is beyond the \(ips)-bit IPS (§3.4)")
        }
        let upper = (va >> 55) & 1 == 1
        let n = upper ? "1" : "0"
        let tbi = c("TBI" + n) == 1
        let stallOK = WF.ste("S1STALLD").get(ste) == 0
        let bare = Regime(stage: 1, pageShift: 12, inputBits: 48, startLevel: 0, outputBits: 48, table: 0, bigEndian: false,
                          affd: false, hierarchical: false, record: c("R") == 1, stall: c("S") == 1 && stallOK)
        if c("AA64") == 0 {
            throw Stop(outcome: .terminated, reason: "CD.AA64=0 (VMSAv8-32 LPAE tables) is not walked by this walker", stage: 1)
        }
        let g: Int?
        if upper { g = [1: 14, 2: 12, 3: 16][c("TG1")] } else { g = [0: 12, 1: 16, 2: 14][c("TG0")] }
        guard let g else { throw always("C_BAD_CD", "CD.TG\(n) is reserved") }
        // TxSZ outside 16...39 is clamped (the Arm ARM's permitted behaviour without LVA/STT).
        let tsz = min(39, max(16, Int(c("T\(n)SZ"))))
        let ia = 64 - tsz
        let topBits = tbi ? va & 0x00ff_ffff_ffff_ffff : va
        let outside = upper ? (topBits | ((UInt64(1) << UInt64(ia)) - 1)) != (tbi ? 0x00ff_ffff_ffff_ffff : ~UInt64(0))
                            : topBits >> UInt64(ia) != 0
        if outside || c("EPD" + n) == 1 {
            let why = c("EPD" + n) == 1 ? "CD.EPD\(n)=1: TTB\(n) is never walked"
                                        : "IOVA \(hex(va)) is outside the \(ia)-bit TTB\(n) region (CD.T\(n)SZ=\(tsz))"
            throw translationFault("F_TRANSLATION", bare, level: nil, cls: 2, ipa: nil, why)
        }
        let stride = g - 3
        let start = 4 - (ia - g + stride - 1) / stride
        let r = Regime(stage: 1, pageShift: g, inputBits: ia, startLevel: start, outputBits: ips,
                       table: c("TTB" + n), bigEndian: c("ENDI") == 1, affd: c("AFFD") == 1 || c("HA") == 1,
                       hierarchical: c("HAD" + n) == 0, record: c("R") == 1, stall: c("S") == 1 && stallOK)
        let leaf = try descend(r, va, cls: 2, faultIPA: nil, log: true)
        let d = leaf.d
        let ap1 = d >> 6 & 1 == 1, ap2 = d >> 7 & 1 == 1
        let el0 = ap1 && leaf.apTable & 0b01 == 0
        let ro = ap2 || leaf.apTable & 0b10 != 0
        let pxn = d >> 53 & 1 == 1 || leaf.xnTable & 0b01 != 0
        let uxn = d >> 54 & 1 == 1 || leaf.xnTable & 0b10 != 0
        let wxn = c("WXN") == 1
        let pan = c("PAN") == 1
        let canR: Bool, canW: Bool, canX: Bool
        if privileged {
            let panBlocks = pan && el0
            canR = !panBlocks
            canW = !ro && !panBlocks
            canX = !pxn && !(el0 && !ro) && !(wxn && !ro)   // EL0-writable implies PXN (AArch64 EL1&0)
        } else {
            canR = el0
            canW = el0 && !ro
            canX = el0 && !uxn && !(wxn && !ro)
        }
        let ok = access == .read ? canR : access == .write ? canW : canX
        guard ok else {
            let ap = "AP[2:1]=\(ap2 ? 1 : 0)\(ap1 ? 1 : 0)\(leaf.apTable != 0 ? ", APTable=\(leaf.apTable)" : "")"
            throw translationFault("F_PERMISSION", r, level: leaf.level, cls: 2, ipa: nil,
                                   "stage-1 \(privileged ? "privileged" : "unprivileged") \(access.rawValue) denied by \(ap)\(access == .execute ? ", PXN=\(pxn ? 1 : 0), UXN=\(uxn ? 1 : 0)" : "")\(pan && el0 && privileged ? ", PAN=1" : "")")
        }
        let attrIndx = Int(d >> 2 & 0b111)
        let mair = c("MAIR0") | c("MAIR1") << 32
        let attr = UInt8(truncatingIfNeeded: mair >> UInt64(attrIndx * 8))
        ipaOut = leaf.oa
        if leaf.oa >> UInt64(ips) != 0 {
            throw translationFault("F_ADDR_SIZE", r, level: leaf.level, cls: 2, ipa: nil,
                                   "stage-1 output \(hex(leaf.oa)) is beyond IPS \(ips) bits")
        }
        return (leaf.oa, canR, canW, canX, attr, leaf.size)
    }

    /// Stage 2 for an IPA (CLASS: 0 CD fetch, 1 stage-1 table walk, 2 the input address).
    mutating func walkStage2(_ ipa: UInt64, cls: UInt64, need: Transaction.Access)
        throws(Stop) -> (oa: UInt64, r: Bool, w: Bool, x: Bool, memAttr: UInt8, size: UInt64) {
        guard let r = s2 else { return (ipa, true, true, true, 0, 0) }
        guard ipa >> UInt64(r.inputBits) == 0 else {
            throw translationFault("F_TRANSLATION", r, level: nil, cls: cls, ipa: ipa,
                                   "IPA \(hex(ipa)) is beyond the \(r.inputBits)-bit stage-2 input size (STE.S2T0SZ=\(64 - r.inputBits))")
        }
        let leaf = try descend(r, ipa, cls: cls, faultIPA: ipa, log: true)
        let d = leaf.d
        let canR = d >> 6 & 1 == 1, canW = d >> 7 & 1 == 1
        let canX = d >> 54 & 1 == 0 && canR
        let device = d >> 4 & 0b11 == 0    // MemAttr[3:2] = 0b00: Device
        if cls != 2 && device && WF.ste("S2PTW").get(ste) == 1 {
            throw translationFault("F_PERMISSION", r, level: leaf.level, cls: cls, ipa: ipa,
                                   "\(cls == 1 ? "a stage-1 table walk" : "a CD fetch") to stage-2 Device memory with STE.S2PTW=1")
        }
        let ok = need == .read ? canR : need == .write ? canW : canX
        guard ok else {
            throw translationFault("F_PERMISSION", r, level: leaf.level, cls: cls, ipa: ipa,
                                   "stage-2 \(need.rawValue)\(cls == 2 ? "" : cls == 1 ? " of a stage-1 table" : " of a CD") denied by S2AP=\(d >> 6 & 3)\(need == .execute ? ", XN[1]=\(d >> 54 & 1)" : "")")
        }
        return (leaf.oa, canR, canW, canX, UInt8(truncatingIfNeeded: d >> 2 & 0xf), leaf.size)
    }
}
