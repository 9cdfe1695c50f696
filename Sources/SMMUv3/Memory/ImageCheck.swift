/// Walks a table image the way the SMMU would (STRTAB_BASE -> L1STD -> STE -> S1ContextPtr ->
/// L1CD -> CD) and reports, per StreamID / SubstreamID, what is wrong: decode findings, address
/// bits the SMMU would silently mask, Span 0 or > SPLIT+1, reserved SPLIT, SubstreamIDs beyond
/// S1CDMax, L2 arrays reachable twice, pointers outside the image or back into a parent table.
public enum ImageCheck {
    /// One thing wrong with the tables, and the StreamID / SubstreamID it concerns.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// The StreamID whose entry or tables are wrong, nil when the finding is not about one.
        public let sid: UInt32?
        /// The SubstreamID whose CD or L1CD is wrong, nil when the finding is not about one.
        public let ssid: UInt32?
        /// What is wrong: the field, the value and the rule.
        public let message: String
        /// `sid S ssid N: message`, leaving out what is nil.
        public var description: String {
            var where_ = ""
            if let sid { where_ += "sid \(hex(UInt64(sid)))" }
            if let ssid { where_ += (where_.isEmpty ? "" : " ") + "ssid \(hex(UInt64(ssid)))" }
            return where_.isEmpty ? message : "\(where_): \(message)"
        }
    }

    /// The stream-table geometry STRTAB_BASE / STRTAB_BASE_CFG describe.
    public struct Geometry: Sendable, Equatable {
        /// STRTAB_BASE.ADDR: the byte address of the stream table (IHI 0070 §6.3.24).
        public let base: UInt64
        /// The effective LOG2SIZE: min(LOG2SIZE, SMMU_IDR1.SIDSIZE), never above 32.
        public let log2Size: Int
        /// nil for a linear table (and for a reserved FMT).
        public let split: Int?
        /// STRTAB_BASE_CFG.SPLIT as written when it is reserved (not 6, 8 or 10); it behaves as 6 (IHI 0070 §6.3.25).
        public let reservedSplit: Int?
        /// STRTAB_BASE_CFG.FMT when it is a reserved encoding (0b10, 0b11).
        public let reservedFormat: Int?
        /// STRTAB_BASE_CFG.LOG2SIZE as written, when it is above 32 and SMMU_IDR1 was not
        /// recorded (0): no SMMU has more than 32 StreamID bits.
        public let log2SizeBeyond32: Int?
    }

    /// StreamIDs have at most 32 bits (SMMU_IDR1.SIDSIZE ≤ 32).
    static let maxSIDBits = 32

    /// The geometry `img`'s STRTAB_BASE, STRTAB_BASE_CFG and SMMU_IDR1 give (IHI 0070 §6.3.24, §6.3.25).
    public static func geometry(_ img: some TableSource) -> Geometry {
        let cfg = DescriptorLayout.register(named: "STRTAB_BASE_CFG")!, base = DescriptorLayout.register(named: "STRTAB_BASE")!
        let written = Int(cfg.field(named: "LOG2SIZE")!.get([img.strtabBaseCfg]))
        var sidSize = maxSIDBits
        if img.idr1 != 0 {
            sidSize = min(maxSIDBits, Int(DescriptorLayout.register(named: "IDR1")!.field(named: "SIDSIZE")!.get([img.idr1])))
        }
        let log2 = min(written, sidSize)   // effective LOG2SIZE = min(LOG2SIZE, IDR1.SIDSIZE) (§6.3.25)
        let beyond = img.idr1 == 0 && written > maxSIDBits ? written : nil
        let fmt = Int(cfg.field(named: "FMT")!.get([img.strtabBaseCfg]))
        let split = Int(cfg.field(named: "SPLIT")!.get([img.strtabBaseCfg]))
        let addr = base.field(named: "ADDR")!.get([img.strtabBase])
        if fmt != 1 {
            return Geometry(base: addr, log2Size: log2, split: nil, reservedSplit: nil,
                            reservedFormat: fmt == 0 ? nil : fmt, log2SizeBeyond32: beyond)
        }
        let legal = [6, 8, 10].contains(split)
        return Geometry(base: addr, log2Size: log2, split: legal ? split : 6, reservedSplit: legal ? nil : split,
                        reservedFormat: nil, log2SizeBeyond32: beyond)
    }

    /// The SMMU the source records (the one feature model: `TableImage.features`).
    static func features(_ img: some TableSource) -> Features { img.features }

    /// A lint's findings, with repeats summarised so output stays bounded by `limit`.
    public struct Report: Sendable, Equatable {
        /// The findings kept (at most `perMessage` with the same message, `limit` in all), then
        /// one summary per message that had more ("… and 1,048,000 more like it: …") and one
        /// for findings not kept at all.
        public let findings: [Finding]
        /// How many findings the walk made in all.
        public let total: Int
    }

    /// Collects findings: the same message (sid/ssid aside) is kept `perMessage` times, then
    /// counted. At most `limit` findings are kept; a message first met after that is only
    /// counted, so memory stays bounded by `limit`.
    struct Collector {
        let perMessage: Int
        let limit: Int
        var kept: [Finding] = []
        /// Per message kept at least once: how many were made, how many kept.
        var made: [String: Int] = [:]
        var keptOf: [String: Int] = [:]
        var order: [String] = []
        var untracked = 0
        var total = 0

        mutating func append(_ f: Finding) {
            total += 1
            if let n = made[f.message] {
                made[f.message] = n + 1
                if let k = keptOf[f.message], k < perMessage, kept.count < limit {
                    kept.append(f)
                    keptOf[f.message] = k + 1
                }
                return
            }
            guard kept.count < limit else { untracked += 1; return }
            made[f.message] = 1
            keptOf[f.message] = 1
            order.append(f.message)
            kept.append(f)
        }

        func report() -> Report {
            var out = kept
            for m in order {
                let more = (made[m] ?? 0) - (keptOf[m] ?? 0)
                if more > 0 { out.append(Finding(sid: nil, ssid: nil, message: "… and \(grouped(more)) more like it: \(m)")) }
            }
            if untracked > 0 { out.append(Finding(sid: nil, ssid: nil, message: "… and \(grouped(untracked)) more findings")) }
            return Report(findings: out, total: total)
        }
    }

    /// 1048000 as "1,048,000".
    static func grouped(_ n: Int) -> String {
        let d = Array(String(n))
        var out = ""
        for (i, c) in d.enumerated() {
            if i > 0 && (d.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Every table walked once: what a walk has already visited.
    struct Visited {
        var cdTables: Set<[UInt64]> = []
        var leaves: Set<[UInt64]> = []
        /// L1CD words already walked, per S1Fmt (4 KB or 64 KB leaves): L1 CD tables need
        /// not be aligned to their size, so tables at nearby S1ContextPtrs overlap.
        var l1cds: [UInt64: Ranges] = [:]
    }

    /// Disjoint bus address ranges, sorted, merged on insertion.
    struct Ranges {
        var starts: [UInt64] = []
        var ends: [UInt64] = []

        /// The end of the range holding `a`, nil if no range holds it.
        func end(containing a: UInt64) -> UInt64? {
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if starts[mid] <= a { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 && a < ends[lo - 1] ? ends[lo - 1] : nil
        }

        mutating func insert(_ s: UInt64, _ e: UInt64) {
            guard s < e else { return }
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if starts[mid] < s { lo = mid + 1 } else { hi = mid }
            }
            var first = lo, newS = s, newE = e
            if first > 0 && ends[first - 1] >= s { first -= 1; newS = starts[first]; newE = max(newE, ends[first]) }
            var last = first
            while last < starts.count && starts[last] <= newE { newE = max(newE, ends[last]); last += 1 }
            starts.replaceSubrange(first..<last, with: [newS])
            ends.replaceSubrange(first..<last, with: [newE])
        }
    }

    /// Every finding of ``report(_:perMessage:limit:)`` with the default bounds.
    public static func check(_ img: some TableSource) -> [Finding] { report(img).findings }

    /// Walk the image once, the way the SMMU would, and lint it. Each L2 array, CD table and
    /// CD leaf is walked once however many pointers reach it; work and output are bounded by
    /// the image's size and `limit`.
    public static func report(_ img: some TableSource, perMessage: Int = 8, limit: Int = 1000) -> Report {
        var out = Collector(perMessage: max(1, perMessage), limit: max(1, limit))
        walk(img, &out)
        return out.report()
    }

    static func walk(_ img: some TableSource, _ out: inout Collector) {
        let g = geometry(img), ft = features(img)
        if let f = g.reservedFormat {
            out.append(Finding(sid: nil, ssid: nil, message: "STRTAB_BASE_CFG.FMT \(f) is reserved (0 is linear, 1 is 2-level; §6.3.25): the stream table is not walked"))
            return
        }
        if let w = g.log2SizeBeyond32 {
            out.append(Finding(sid: nil, ssid: nil, message: "STRTAB_BASE_CFG.LOG2SIZE \(w) is beyond the 32 StreamID bits an SMMU can have (SMMU_IDR1.SIDSIZE ≤ 32): read as 32"))
        }
        if let r = g.reservedSplit {
            out.append(Finding(sid: nil, ssid: nil, message: "SPLIT \(r) is reserved: the SMMU behaves as SPLIT 6 (§6.3.25)"))
        }
        var visited = Visited()
        guard let split = g.split else {
            // log2Size ≤ 32: n * 64 ≤ 2^38.
            let n = 1 << g.log2Size, size = UInt64(n * 64)
            if g.base % size != 0 {
                out.append(Finding(sid: nil, ssid: nil, message: "linear stream table at \(hex(g.base)) is not aligned to its \(sizeName(size)) size: the SMMU masks ADDR[\(g.log2Size + 5):0]"))
            }
            guard let w = img.words(at: g.base & ~(size - 1), count: n * 8) else {
                out.append(Finding(sid: nil, ssid: nil, message: "stream table \(hex(g.base)) (\(n) STEs) is outside \(img.extentName)"))
                return
            }
            for sid in 0..<n {
                checkSTE(img, UInt32(truncatingIfNeeded: sid), Array(w[sid * 8..<sid * 8 + 8]), ft, parent: (g.base, size), &visited, &out)
            }
            return
        }
        let l1n = 1 << max(0, g.log2Size - split), l1Size = UInt64(max(64, l1n * 8))
        if g.base % l1Size != 0 {
            out.append(Finding(sid: nil, ssid: nil, message: "L1 stream table at \(hex(g.base)) is not aligned to \(sizeName(l1Size)): the SMMU masks the low address bits"))
        }
        let l1Base = g.base & ~(l1Size - 1)
        guard let l1 = img.words(at: l1Base, count: l1n) else {
            out.append(Finding(sid: nil, ssid: nil, message: "L1 stream table \(hex(l1Base)) (\(l1n) L1STDs) is outside \(img.extentName)"))
            return
        }
        var l2Seen: [UInt64: Int] = [:]
        for i in 0..<l1n {
            guard let d = try? L1STD(words: [l1[i]]) else { continue }
            let span = Int(d["Span"] ?? 0), ptr = d["L2Ptr"] ?? 0
            // i < 2^(log2Size - split) and log2Size ≤ 32: i << split < 2^32.
            let first = UInt32(truncatingIfNeeded: i << split)
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
                // Walked once, from L1STD j: its STEs' findings are reported there.
                out.append(Finding(sid: first, ssid: nil, message: "L2 array \(hex(l2)) is reachable from L1STD \(j) and L1STD \(i)"))
                continue
            }
            l2Seen[l2] = i
            let n = 1 << (span - 1)
            guard let w = img.words(at: l2, count: n * 8) else {
                out.append(Finding(sid: first, ssid: nil, message: "L1STD \(i): L2 array \(hex(l2)) (\(n) STEs) is outside \(img.extentName)"))
                continue
            }
            for e in 0..<n {
                checkSTE(img, first &+ UInt32(truncatingIfNeeded: e), Array(w[e * 8..<e * 8 + 8]), ft, parent: (l1Base, l1Size), &visited, &out)
            }
        }
    }

    static func checkSTE(_ img: some TableSource, _ sid: UInt32, _ w: [UInt64], _ ft: Features,
                         parent: (UInt64, UInt64), _ visited: inout Visited, _ out: inout Collector) {
        guard let d = try? Decoded(.ste, words: w, features: ft), let ste = try? STE(words: w) else { return }
        for f in d.findings where f.severity > .note { out.append(Finding(sid: sid, ssid: nil, message: f.description)) }
        // Nested STEs hold an IPA in S1ContextPtr: not walkable without the stage-2 tables.
        guard ste.valid, ste.config == .s1Trans else { return }
        let ptr = ste.s1ContextPtr, cdmax = ste.s1cdmax, fmt = S1Fmt(rawValue: ste.value(STE.F.s1fmt))
        if ptr >= parent.0 && ptr < parent.0 + parent.1 {
            out.append(Finding(sid: sid, ssid: nil, message: "S1ContextPtr \(hex(ptr)) points into the stream table (pointer loop)"))
            return
        }
        // S1CDMax is 5 bits: n ≤ 2^31, n * 64 ≤ 2^37.
        if cdmax == 0 || fmt.rawValue == 0 || fmt.rawValue == 3 {
            let n = cdmax == 0 ? 1 : 1 << cdmax
            let base = ptr & ~UInt64(n * 64 - 1)
            // A linear table is aligned to its size: one walk per (base, size).
            guard visited.cdTables.insert([base, UInt64(n)]).inserted else { return }
            guard let cds = img.words(at: base, count: n * 8) else {
                out.append(Finding(sid: sid, ssid: nil, message: "CD table \(hex(ptr)) (\(n) CDs) is outside \(img.extentName)"))
                return
            }
            for s in 0..<n { checkCD(sid, UInt32(truncatingIfNeeded: s), Array(cds[s * 8..<s * 8 + 8]), ft, &out) }
            return
        }
        guard visited.cdTables.insert([ptr, UInt64(cdmax), fmt.rawValue]).inserted else { return }
        let leafN = fmt == .twoLevel4K ? 64 : 1024
        let split = fmt == .twoLevel4K ? 6 : 10
        let l1n = 1 << max(0, cdmax - split)
        // SubstreamIDs 0 ..< 2^S1CDMax reach CDs; a leaf holds more when S1CDMax < its split.
        let reachable = min(leafN, 1 << cdmax)
        // l1n ≤ 2^25: l1n * 8 ≤ 2^28; S1ContextPtr < 2^56.
        let l1End = ptr + UInt64(l1n * 8)
        guard let l1Seg = img.region(containing: ptr), l1End <= l1Seg.end else {
            out.append(Finding(sid: sid, ssid: nil, message: "L1 CD table \(hex(ptr)) (\(l1n) L1CDs) is outside \(img.extentName)"))
            return
        }
        // L1CDs past the ones S1CDMax reaches would serve SubstreamIDs beyond S1CDMax.
        if let extra = img.words(at: l1End, count: 1), extra[0] & 1 == 1, l1Seg.start == ptr, l1End < l1Seg.end {
            out.append(Finding(sid: sid, ssid: UInt32(truncatingIfNeeded: l1n * leafN), message: "L1CD \(l1n) is valid but serves SubstreamIDs beyond S1CDMax \(cdmax): unreachable"))
        }
        var leafFrom: [UInt64: Int] = [:]
        var walked = visited.l1cds[fmt.rawValue] ?? Ranges()
        defer {
            walked.insert(ptr, l1End)
            visited.l1cds[fmt.rawValue] = walked
        }
        var i = 0
        while i < l1n {
            let at = ptr + UInt64(i * 8)
            // L1CDs another table already walked: their findings were reported with it.
            if let e = walked.end(containing: at) { i = Int((e - ptr + 7) / 8); continue }
            defer { i += 1 }
            guard let word = img.words(at: at, count: 1), let d = try? L1CD(words: word), d["V"] == 1 else { continue }
            let firstSSID = UInt32(truncatingIfNeeded: i * leafN)
            var leaf = d["L2Ptr"] ?? 0
            if fmt == .twoLevel64K && leaf % 0x10000 != 0 {
                out.append(Finding(sid: sid, ssid: firstSSID, message: "L1CD \(i): L2Ptr \(hex(leaf)) is not 64 KB aligned: L2Ptr[15:12] are RES0 and masked"))
                leaf &= ~0xffff
            }
            if let j = leafFrom[leaf] {
                out.append(Finding(sid: sid, ssid: firstSSID, message: "CD leaf \(hex(leaf)) is reachable from L1CD \(j) and L1CD \(i)"))
                continue
            }
            leafFrom[leaf] = i
            // A leaf shared with another CD table is walked once, with the first table.
            guard visited.leaves.insert([leaf, UInt64(reachable)]).inserted else { continue }
            guard let cds = img.words(at: leaf, count: reachable * 8) else {
                out.append(Finding(sid: sid, ssid: firstSSID, message: "L1CD \(i): leaf \(hex(leaf)) is outside \(img.extentName)"))
                continue
            }
            for s in 0..<reachable { checkCD(sid, firstSSID &+ UInt32(truncatingIfNeeded: s), Array(cds[s * 8..<s * 8 + 8]), ft, &out) }
            // The rest of a leaf S1CDMax does not reach: not decoded, one note if any is non-zero.
            if reachable < leafN, let rest = img.words(at: leaf + UInt64(reachable * 64), count: (leafN - reachable) * 8) {
                let nonZero = stride(from: 0, to: rest.count, by: 8).filter { c in rest[c..<c + 8].contains { $0 != 0 } }.count
                if nonZero > 0 {
                    out.append(Finding(sid: sid, ssid: UInt32(truncatingIfNeeded: reachable), message: "CD leaf \(hex(leaf)): \(nonZero) non-zero CD\(nonZero == 1 ? "" : "s") at SubstreamIDs \(reachable)...\(leafN - 1), beyond S1CDMax \(cdmax): unreachable, not decoded"))
                }
            }
        }
    }

    static func checkCD(_ sid: UInt32, _ ssid: UInt32, _ w: [UInt64], _ ft: Features, _ out: inout Collector) {
        guard let d = try? Decoded(.cd, words: w, features: ft) else { return }
        for f in d.findings where f.severity > .note { out.append(Finding(sid: sid, ssid: ssid, message: f.description)) }
    }

    /// The STE words for `sid`, as the SMMU would find them.
    ///
    /// - Throws: ``LookupError`` when the StreamID is out of range, the L1STD on the way is
    ///   invalid, or a word is outside the source.
    public static func ste(_ img: some TableSource, sid: UInt32) throws(LookupError) -> [UInt64] {
        let g = geometry(img)
        if let f = g.reservedFormat { throw .invalid("STRTAB_BASE_CFG.FMT \(f) is reserved (0 is linear, 1 is 2-level; §6.3.25)") }
        guard UInt64(sid) < UInt64(1) << g.log2Size else { throw .sidOutOfRange(sid, g.log2Size) }
        guard let split = g.split else {
            guard let w = img.words(at: g.base + UInt64(sid) * 64, count: 8) else { throw .outside("STE of sid \(sid)", img.extentName) }
            return w
        }
        guard let l1 = img.words(at: g.base + UInt64(Int(sid) >> split) * 8, count: 1) else { throw .outside("L1STD of sid \(sid)", img.extentName) }
        guard let d = try? L1STD(words: l1) else { throw .outside("L1STD of sid \(sid)", img.extentName) }
        let span = Int(d["Span"] ?? 0)
        guard span > 0, span <= min(11, split + 1) else { throw .invalid("L1STD of sid \(sid) has Span \(span): the StreamID is invalid") }
        let index = Int(sid) & ((1 << split) - 1)
        guard index < 1 << (span - 1) else { throw .invalid("sid \(sid) is beyond its L2 array's Span \(span)") }
        guard let w = img.words(at: (d["L2Ptr"] ?? 0) + UInt64(index * 64), count: 8) else { throw .outside("STE of sid \(sid)", img.extentName) }
        return w
    }

    /// The CD words for (`sid`, `ssid`), found through the STE's S1ContextPtr, S1Fmt and
    /// S1CDMax (IHI 0070 §5.2) and, for a two-level table, the L1CD (§5.3).
    ///
    /// - Throws: ``LookupError`` when the STE is not a valid stage-1 STE, the SubstreamID is
    ///   beyond S1CDMax, the L1CD is invalid, or a word is outside the source.
    public static func cd(_ img: some TableSource, sid: UInt32, ssid: UInt32) throws(LookupError) -> [UInt64] {
        let words = try ste(img, sid: sid)
        guard let ste = try? STE(words: words) else { throw .outside("STE of sid \(sid)", img.extentName) }
        guard ste.valid, ste.config.stage1 else { throw .invalid("sid \(sid) is not a stage-1 STE (\(ste.config))") }
        let cdmax = ste.s1cdmax, ptr = ste.s1ContextPtr, fmt = S1Fmt(rawValue: ste.value(STE.F.s1fmt))
        guard UInt64(ssid) < UInt64(1) << cdmax else { throw .ssidBeyond(ssid, cdmax) }
        if cdmax == 0 || fmt.rawValue == 0 || fmt.rawValue == 3 {
            guard let w = img.words(at: ptr + UInt64(ssid) * 64, count: 8) else { throw .outside("CD of ssid \(ssid)", img.extentName) }
            return w
        }
        let leafN = fmt == .twoLevel4K ? 64 : 1024
        guard let l1 = img.words(at: ptr + UInt64(Int(ssid) / leafN) * 8, count: 1) else { throw .outside("L1CD of ssid \(ssid)", img.extentName) }
        guard let d = try? L1CD(words: l1) else { throw .outside("L1CD of ssid \(ssid)", img.extentName) }
        guard d["V"] == 1 else { throw .invalid("L1CD of ssid \(ssid) is invalid (V=0)") }
        guard let w = img.words(at: (d["L2Ptr"] ?? 0) + UInt64(Int(ssid) % leafN) * 64, count: 8) else { throw .outside("CD of ssid \(ssid)", img.extentName) }
        return w
    }

    /// Why an entry cannot be found the way the SMMU would find it.
    public enum LookupError: Error, Equatable, CustomStringConvertible {
        /// The StreamID is beyond the 2^LOG2SIZE the stream table covers.
        case sidOutOfRange(UInt32, Int)
        /// The SubstreamID is beyond the STE's 2^S1CDMax.
        case ssidBeyond(UInt32, Int)
        /// What is outside, and what it is outside of ("the image", "the memory files").
        case outside(String, String)
        /// A descriptor on the way is invalid or reserved (Span 0, L1CD V=0, a reserved FMT, not a stage-1 STE).
        case invalid(String)
        /// The message: the ID, and what stopped the lookup.
        public var description: String {
            switch self {
            case let .sidOutOfRange(s, l): "StreamID \(s) is out of range: the stream table covers 2^\(l) StreamIDs"
            case let .ssidBeyond(s, m): "SubstreamID \(s) is beyond S1CDMax \(m)"
            case let .outside(w, of): "\(w) is outside \(of)"
            case let .invalid(m): m
            }
        }
    }
}
