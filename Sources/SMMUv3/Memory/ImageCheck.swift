/// Walks a table image the way the SMMU would (STRTAB_BASE -> L1STD -> STE -> S1ContextPtr ->
/// L1CD -> CD) and reports, per StreamID / SubstreamID, what is wrong: decode findings, address
/// bits the SMMU would silently mask, Span 0 or > SPLIT+1, reserved SPLIT, SubstreamIDs beyond
/// S1CDMax, L2 arrays reachable twice, pointers outside the image or back into a parent table.
public enum ImageCheck {
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public let sid: UInt32?
        public let ssid: UInt32?
        public let message: String
        public var description: String {
            var where_ = ""
            if let sid { where_ += "sid \(sid)" }
            if let ssid { where_ += (where_.isEmpty ? "" : " ") + "ssid \(ssid)" }
            return where_.isEmpty ? message : "\(where_): \(message)"
        }
    }

    /// The stream-table geometry STRTAB_BASE / STRTAB_BASE_CFG describe.
    public struct Geometry: Sendable, Equatable {
        public let base: UInt64
        public let log2Size: Int
        /// nil for a linear table.
        public let split: Int?
        public let reservedSplit: Int?
    }

    public static func geometry(_ img: TableImage) -> Geometry {
        let cfg = Layouts.register(named: "STRTAB_BASE_CFG")!, base = Layouts.register(named: "STRTAB_BASE")!
        var log2 = Int(cfg.field(named: "LOG2SIZE")!.get([img.strtabBaseCfg]))
        if img.idr1 != 0 {
            let sidSize = Int(Layouts.register(named: "IDR1")!.field(named: "SIDSIZE")!.get([img.idr1]))
            log2 = min(log2, sidSize)   // effective LOG2SIZE = min(LOG2SIZE, IDR1.SIDSIZE) (§6.3.25)
        }
        let fmt = cfg.field(named: "FMT")!.get([img.strtabBaseCfg])
        let split = Int(cfg.field(named: "SPLIT")!.get([img.strtabBaseCfg]))
        let addr = base.field(named: "ADDR")!.get([img.strtabBase])
        if fmt != 1 { return Geometry(base: addr, log2Size: log2, split: nil, reservedSplit: nil) }
        let legal = [6, 8, 10].contains(split)
        return Geometry(base: addr, log2Size: log2, split: legal ? split : 6, reservedSplit: legal ? nil : split)
    }

    static func features(_ img: TableImage) -> Features {
        var f = Features()
        if img.idr1 != 0 {
            f.ssidSize = Int(Layouts.register(named: "IDR1")!.field(named: "SSIDSIZE")!.get([img.idr1]))
        }
        if img.idr0 != 0 {
            let l = Layouts.register(named: "IDR0")!
            f.cd2l = l.field(named: "CD2L")!.get([img.idr0]) == 1
            f.ats = l.field(named: "ATS")!.get([img.idr0]) == 1
            f.stallModel = Int(l.field(named: "STALL_MODEL")!.get([img.idr0]))
        }
        return f
    }

    public static func check(_ img: TableImage) -> [Finding] {
        var out: [Finding] = []
        let g = geometry(img), ft = features(img)
        if let r = g.reservedSplit {
            out.append(Finding(sid: nil, ssid: nil, message: "SPLIT \(r) is reserved: the SMMU behaves as SPLIT 6 (§6.3.25)"))
        }
        var cdTablesSeen: Set<[UInt64]> = []
        guard let split = g.split else {
            let n = 1 << g.log2Size, size = UInt64(n * 64)
            if g.base % size != 0 {
                out.append(Finding(sid: nil, ssid: nil, message: "linear stream table at \(hex(g.base)) is not aligned to its \(sizeName(size)) size: the SMMU masks ADDR[\(g.log2Size + 5):0]"))
            }
            guard let w = img.words(at: g.base & ~(size - 1), count: n * 8) else {
                return out + [Finding(sid: nil, ssid: nil, message: "stream table \(hex(g.base)) (\(n) STEs) is outside the image")]
            }
            for sid in 0..<n {
                checkSTE(img, UInt32(sid), Array(w[sid * 8..<sid * 8 + 8]), ft, parent: (g.base, size), &cdTablesSeen, &out)
            }
            return out
        }
        let l1n = 1 << max(0, g.log2Size - split), l1Size = UInt64(max(64, l1n * 8))
        if g.base % l1Size != 0 {
            out.append(Finding(sid: nil, ssid: nil, message: "L1 stream table at \(hex(g.base)) is not aligned to \(sizeName(l1Size)): the SMMU masks the low address bits"))
        }
        let l1Base = g.base & ~(l1Size - 1)
        guard let l1 = img.words(at: l1Base, count: l1n) else {
            return out + [Finding(sid: nil, ssid: nil, message: "L1 stream table \(hex(l1Base)) (\(l1n) L1STDs) is outside the image")]
        }
        var l2Seen: [UInt64: Int] = [:]
        for i in 0..<l1n {
            let d = try! L1STD(words: [l1[i]])
            let span = Int(d["Span"]!), ptr = d["L2Ptr"]!
            let first = UInt32(i << split)
            if span == 0 { continue }
            if span > 11 {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): Span \(span) is reserved, behaves as 0 (StreamIDs \(first)... invalid)"))
                continue
            }
            if span > split + 1 {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): Span \(span) > SPLIT+1 (\(split + 1)): C_BAD_STREAMID for every StreamID it covers"))
                continue
            }
            let size = UInt64(64) << (span - 1)
            if ptr % size != 0 {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): L2Ptr \(hex(ptr)) is not aligned to its \(sizeName(size)) L2 array: the SMMU masks L2Ptr[\(span + 4):6]"))
            }
            let l2 = ptr & ~(size - 1)
            if l2 < l1Base + l1Size && l1Base < l2 + size {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): L2Ptr \(hex(l2)) points back into the L1 stream table (pointer loop)"))
                continue
            }
            if let j = l2Seen[l2] {
                out.append(Finding(sid: first, ssid: nil, message: "L2 array \(hex(l2)) is reachable from L1STD \(j) and L1STD \(i)"))
            } else {
                l2Seen[l2] = i
            }
            let n = 1 << (span - 1)
            guard let w = img.words(at: l2, count: n * 8) else {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): L2 array \(hex(l2)) (\(n) STEs) is outside the image"))
                continue
            }
            for e in 0..<n {
                checkSTE(img, first + UInt32(e), Array(w[e * 8..<e * 8 + 8]), ft, parent: (l1Base, l1Size), &cdTablesSeen, &out)
            }
        }
        return out
    }

    static func checkSTE(_ img: TableImage, _ sid: UInt32, _ w: [UInt64], _ ft: Features,
                         parent: (UInt64, UInt64), _ seen: inout Set<[UInt64]>, _ out: inout [Finding]) {
        let d = try! Decoder.decode(.ste, w, features: ft)
        for f in d.findings where f.severity > .note { out.append(Finding(sid: sid, ssid: nil, message: f.description)) }
        let ste = try! STE(words: w)
        // Nested STEs hold an IPA in S1ContextPtr: not walkable without the stage-2 tables.
        guard ste.valid, ste.config == .s1Trans else { return }
        let ptr = ste.s1ContextPtr, cdmax = ste.s1cdmax, fmt = S1Fmt(rawValue: ste.value(STE.F.s1fmt))
        if ptr >= parent.0 && ptr < parent.0 + parent.1 {
            out.append(Finding(sid: sid, ssid: nil, message: "S1ContextPtr \(hex(ptr)) points into the stream table (pointer loop)"))
            return
        }
        guard seen.insert([ptr, UInt64(cdmax), fmt.rawValue]).inserted else { return }
        if cdmax == 0 || fmt.rawValue == 0 || fmt.rawValue == 3 {
            let n = cdmax == 0 ? 1 : 1 << cdmax
            guard let cds = img.words(at: ptr & ~UInt64(n * 64 - 1), count: n * 8) else {
                out.append(Finding(sid: sid, ssid: nil, message: "CD table \(hex(ptr)) (\(n) CDs) is outside the image"))
                return
            }
            for s in 0..<n { checkCD(sid, UInt32(s), Array(cds[s * 8..<s * 8 + 8]), ft, &out) }
            return
        }
        let leafN = fmt == .twoLevel4K ? 64 : 1024
        let split = fmt == .twoLevel4K ? 6 : 10
        let l1n = 1 << max(0, cdmax - split)
        guard let l1 = img.words(at: ptr, count: l1n) else {
            out.append(Finding(sid: sid, ssid: nil, message: "L1 CD table \(hex(ptr)) (\(l1n) L1CDs) is outside the image"))
            return
        }
        // L1CDs past the ones S1CDMax reaches would serve SubstreamIDs beyond S1CDMax.
        if let extra = img.words(at: ptr + UInt64(l1n * 8), count: 1), extra[0] & 1 == 1,
           img.segments.contains(where: { $0.bus <= ptr && ptr + UInt64(l1n * 8) < $0.end && $0.bus == ptr }) {
            out.append(Finding(sid: sid, ssid: UInt32(l1n * leafN), message: "L1CD \(l1n) is valid but serves SubstreamIDs beyond S1CDMax \(cdmax): unreachable"))
        }
        for i in 0..<l1n {
            let d = try! L1CD(words: [l1[i]])
            guard d["V"] == 1 else { continue }
            var leaf = d["L2Ptr"]!
            if fmt == .twoLevel64K && leaf % 0x10000 != 0 {
                out.append(Finding(sid: sid, ssid: UInt32(i * leafN), message: "L1CD \(i): L2Ptr \(hex(leaf)) is not 64 KB aligned: L2Ptr[15:12] are RES0 and masked"))
                leaf &= ~0xffff
            }
            guard let cds = img.words(at: leaf, count: leafN * 8) else {
                out.append(Finding(sid: sid, ssid: UInt32(i * leafN), message: "L1CD \(i): leaf \(hex(leaf)) is outside the image"))
                continue
            }
            for s in 0..<leafN { checkCD(sid, UInt32(i * leafN + s), Array(cds[s * 8..<s * 8 + 8]), ft, &out) }
        }
    }

    static func checkCD(_ sid: UInt32, _ ssid: UInt32, _ w: [UInt64], _ ft: Features, _ out: inout [Finding]) {
        let d = try! Decoder.decode(.cd, w, features: ft)
        for f in d.findings where f.severity > .note { out.append(Finding(sid: sid, ssid: ssid, message: f.description)) }
    }

    /// The STE words for `sid`, as the SMMU would find them.
    public static func ste(_ img: TableImage, sid: UInt32) throws(LookupError) -> [UInt64] {
        let g = geometry(img)
        guard UInt64(sid) < UInt64(1) << g.log2Size else { throw .sidOutOfRange(sid, g.log2Size) }
        guard let split = g.split else {
            guard let w = img.words(at: g.base + UInt64(sid) * 64, count: 8) else { throw .outside("STE of sid \(sid)") }
            return w
        }
        guard let l1 = img.words(at: g.base + UInt64(Int(sid) >> split) * 8, count: 1) else { throw .outside("L1STD of sid \(sid)") }
        let d = try! L1STD(words: l1)
        let span = Int(d["Span"]!)
        guard span > 0, span <= min(11, split + 1) else { throw .invalid("L1STD of sid \(sid) has Span \(span): the StreamID is invalid") }
        let index = Int(sid) & ((1 << split) - 1)
        guard index < 1 << (span - 1) else { throw .invalid("sid \(sid) is beyond its L2 array's Span \(span)") }
        guard let w = img.words(at: d["L2Ptr"]! + UInt64(index * 64), count: 8) else { throw .outside("STE of sid \(sid)") }
        return w
    }

    /// The CD words for (`sid`, `ssid`).
    public static func cd(_ img: TableImage, sid: UInt32, ssid: UInt32) throws(LookupError) -> [UInt64] {
        let ste = try! STE(words: try ste(img, sid: sid))
        guard ste.valid, ste.config.stage1 else { throw .invalid("sid \(sid) is not a stage-1 STE (\(ste.config))") }
        let cdmax = ste.s1cdmax, ptr = ste.s1ContextPtr, fmt = S1Fmt(rawValue: ste.value(STE.F.s1fmt))
        guard UInt64(ssid) < UInt64(1) << cdmax else { throw .ssidBeyond(ssid, cdmax) }
        if cdmax == 0 || fmt.rawValue == 0 || fmt.rawValue == 3 {
            guard let w = img.words(at: ptr + UInt64(ssid) * 64, count: 8) else { throw .outside("CD of ssid \(ssid)") }
            return w
        }
        let leafN = fmt == .twoLevel4K ? 64 : 1024
        guard let l1 = img.words(at: ptr + UInt64(Int(ssid) / leafN) * 8, count: 1) else { throw .outside("L1CD of ssid \(ssid)") }
        let d = try! L1CD(words: l1)
        guard d["V"] == 1 else { throw .invalid("L1CD of ssid \(ssid) is invalid (V=0)") }
        guard let w = img.words(at: d["L2Ptr"]! + UInt64(Int(ssid) % leafN) * 64, count: 8) else { throw .outside("CD of ssid \(ssid)") }
        return w
    }

    public enum LookupError: Error, Equatable, CustomStringConvertible {
        case sidOutOfRange(UInt32, Int)
        case ssidBeyond(UInt32, Int)
        case outside(String)
        case invalid(String)
        public var description: String {
            switch self {
            case let .sidOutOfRange(s, l): "StreamID \(s) is out of range: the stream table covers 2^\(l) StreamIDs"
            case let .ssidBeyond(s, m): "SubstreamID \(s) is beyond S1CDMax \(m)"
            case let .outside(w): "\(w) is outside the image"
            case let .invalid(m): m
            }
        }
    }
}
