import CSMMUv3

/// A Context Descriptor table in real aligned memory (IHI 0070 §5.4, STE.S1Fmt):
/// linear (2^S1CDMax CDs, aligned to its size) or 2-level (L1CDs indexed by
/// SSID[S1CDMax-1:6] or [S1CDMax-1:10]; 4 KB or 64 KB leaves allocated on first use).
///
/// `streamIDs` are the StreamIDs whose STE points at this table: each CD change owes a
/// CFGI_CD for every one of them.
public struct CDTable: ~Copyable {
    /// STE.S1Fmt: linear, or 2-level with 4 KB or 64 KB leaves (IHI 0070 §5.2).
    public let format: S1Fmt
    /// STE.S1CDMax: the table covers SubstreamIDs 0 ..< 2^s1cdmax (IHI 0070 §5.2).
    public let s1cdmax: Int
    /// The StreamIDs whose STE points at this table; a CD change owes a CFGI_CD for each.
    public let streamIDs: [UInt32]
    /// The bus map the table and its leaves are mapped through.
    public let map: BusMap
    /// The log every published word, and the invalidations it owes, go to.
    public let log: UpdateLog
    let l1: AlignedMemory
    /// The table's bus address: what STE.S1ContextPtr holds.
    public let baseBus: UInt64
    var leaves: [Int: TableLeaf] = [:]

    /// A CD table for `streamIDs` in freshly allocated memory aligned to its size: a linear
    /// array of 2^S1CDMax CDs, or the L1CD array of a 2-level table with no leaves yet.
    ///
    /// - Parameters:
    ///   - format: `.linear`, `.twoLevel4K` or `.twoLevel64K`.
    ///   - s1cdmax: STE.S1CDMax, 0...20 (IHI 0070 §5.2).
    ///   - streamIDs: the StreamIDs whose STE will point at the table.
    ///   - map: where the table's memory appears on the bus.
    ///   - log: where the table's stores and owed invalidations are recorded.
    ///   - maxTableBytes: the most memory the table's L1 (or linear) array may take.
    /// - Throws: ``TableError`` for S1CDMax beyond 20, the reserved S1Fmt, a table over the
    ///   ceiling, or memory or bus failures; nothing is left allocated then.
    public init(_ format: S1Fmt, s1cdmax: Int, streamIDs: [UInt32], map: BusMap = BusMap(),
                log: UpdateLog = UpdateLog(),
                maxTableBytes: UInt64 = StreamTable.defaultMaxTableBytes) throws(TableError) {
        guard (0...20).contains(s1cdmax) else { throw .s1cdmax(s1cdmax) }
        guard format.rawValue < 3 else { throw .format("S1Fmt 0b11 is reserved") }
        let bytes: Int
        if format == .linear {
            bytes = 64 << s1cdmax                       // aligned to its size
        } else {
            let split = format == .twoLevel4K ? 6 : 10
            bytes = max(64, 8 << max(0, s1cdmax - split))  // aligned to max(64 B, its size)
        }
        if UInt64(bytes) > maxTableBytes {
            throw .overCeiling(what: "a CD table for S1CDMax \(s1cdmax)", bytes: UInt64(bytes), ceiling: maxTableBytes)
        }
        let mem: AlignedMemory
        do { mem = try AlignedMemory(size: bytes, alignment: bytes) } catch { throw .memory(error) }
        let bus: UInt64
        do { bus = try map.map(host: mem.base, size: bytes, alignment: bytes) } catch { throw .bus(error) }
        self.format = format
        self.s1cdmax = s1cdmax
        self.streamIDs = streamIDs
        self.map = map
        self.log = log
        self.l1 = mem
        self.baseBus = bus
    }

    deinit { map.unmap(host: l1.base) }

    /// Leaf size in CDs (2-level), nil for a linear table.
    public var leafCDs: Int? {
        switch format {
        case .twoLevel4K: 64
        case .twoLevel64K: 1024
        default: nil
        }
    }

    /// What the STE says about this table: S1ContextPtr, S1Fmt, S1CDMax.
    public var ref: CDTableRef { CDTableRef(address: baseBus, format: format, s1cdmax: s1cdmax) }

    func check(_ ssid: UInt32) throws(TableError) {
        guard UInt64(ssid) < UInt64(1) << s1cdmax else { throw .ssidOutOfRange(ssid: ssid, s1cdmax: s1cdmax) }
    }

    /// Host pointer of the CD for `ssid`; nil when its leaf is not allocated yet.
    public func entry(_ ssid: UInt32) throws(TableError) -> UnsafeMutablePointer<UInt64>? {
        try check(ssid)
        guard let n = leafCDs else { return l1.qwords + Int(ssid) * 8 }
        guard let leaf = leaves[Int(ssid) / n] else { return nil }
        return leaf.mem.qwords + (Int(ssid) % n) * 8
    }

    /// Bus address of the CD for `ssid` (what the SMMU fetches), nil if not present.
    public func entryBus(_ ssid: UInt32) throws(TableError) -> UInt64? {
        try check(ssid)
        guard let n = leafCDs else { return baseBus + UInt64(ssid) * 64 }
        guard let leaf = leaves[Int(ssid) / n] else { return nil }
        return leaf.bus + UInt64(Int(ssid) % n) * 64
    }

    /// The CD for `ssid` as the SMMU would read it now, nil if its leaf is not allocated.
    public func cd(_ ssid: UInt32) throws(TableError) -> CD? {
        guard let p = try entry(ssid) else { return nil }
        var cd = CD()
        cd.words = (0..<8).map { smmuv3_load_qword(p + $0) }
        return cd
    }

    /// Make the CD for `ssid` exist: in a 2-level table allocate its leaf (zeroed: V=0), publish
    /// the L1CD with one store after a release barrier, log CFGI_CD Leaf=0 for every StreamID
    /// (an invalid L1CD may have been cached, §4.3.4) and hand them to `sync`. True if a leaf
    /// was allocated. A refusal changes nothing; if `sync` throws, the leaf stays published and
    /// the owed CFGI_CDs are in the log.
    @discardableResult
    public mutating func ensure(_ ssid: UInt32, sync: SyncSink) throws -> Bool {
        try check(ssid)
        guard let n = leafCDs, leaves[Int(ssid) / n] == nil else { return false }
        let leaf = try TableLeaf(bytes: n * 64, map: map) { _ in }  // zeroed: every CD V=0
        let bus = leaf.bus
        let desc: L1CD
        do { desc = try L1CD.pointing(to: bus, format: format) } catch { throw TableError.format(error.description) }
        let index = Int(ssid) / n
        leaves[index] = leaf
        smmuv3_publish_qword(l1.qwords + index, desc.words[0])
        for sid in streamIDs {
            log.append(.store(table: .l1cd, sid: sid, ssid: UInt32(index * n), qword: 0, value: desc.words[0],
                              bus: baseBus + UInt64(index * 8)))
        }
        let owed = streamIDs.map { Invalidation.cfgiCD(sid: $0, ssid: ssid, leaf: false) }
        for i in owed { log.append(.invalidate(i)) }
        try sync(owed)
        return true
    }

    /// Whether `ensure(ssid)` would allocate and publish a leaf (and owe one sync).
    public func needsLeaf(_ ssid: UInt32) throws(TableError) -> Bool {
        try check(ssid)
        guard let n = leafCDs else { return false }
        return leaves[Int(ssid) / n] == nil
    }

    /// The invalidations a change of the CD at `ssid` owes: CFGI_CD for every StreamID.
    public func invalidations(_ ssid: UInt32) -> [Invalidation] {
        streamIDs.map { .cfgiCD(sid: $0, ssid: ssid, leaf: true) }
    }

    /// The one ordered primitive for CD words: release barrier, one 64-bit atomic store, logged.
    public func publish(_ ssid: UInt32, qword: Int, value: UInt64) throws(TableError) {
        guard (0..<8).contains(qword) else { throw .format("CD word \(qword) is not 0...7") }
        guard let p = try entry(ssid), let bus = try entryBus(ssid) else {
            throw .notPresent("SubstreamID \(ssid) has no leaf CD table yet (L1CD V=0)")
        }
        smmuv3_publish_qword(p + qword, value)
        log.append(.store(table: .cd, sid: streamIDs.first ?? 0, ssid: ssid, qword: qword, value: value,
                          bus: bus + UInt64(qword * 8)))
    }

    /// Bus address and host bytes of every table (the L1 or linear array, then each leaf).
    public func segments() -> [(bus: UInt64, bytes: [UInt8])] {
        [(baseBus, l1.bytes())] + leaves.keys.sorted().map { (leaves[$0]!.bus, leaves[$0]!.mem.bytes()) }
    }
}
