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
    /// The table's memory: the CD array (linear) or the L1CD array and the leaves.
    public internal(set) var arrays: EntryArrays

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
        let bytes: Int, leafShift: Int?
        if format == .linear {
            bytes = 64 << s1cdmax                       // aligned to its size
            leafShift = nil
        } else {
            let split = format == .twoLevel4K ? 6 : 10
            bytes = max(64, 8 << max(0, s1cdmax - split))  // aligned to max(64 B, its size)
            leafShift = split
        }
        if UInt64(bytes) > maxTableBytes {
            throw .overCeiling(what: "a CD table for S1CDMax \(s1cdmax)", bytes: UInt64(bytes), ceiling: maxTableBytes)
        }
        self.arrays = try EntryArrays(bytes: bytes, leafShift: leafShift, map: map, log: log)
        self.format = format
        self.s1cdmax = s1cdmax
        self.streamIDs = streamIDs
    }

    /// Leaf size in CDs (2-level: 64 or 1024), nil for a linear table.
    public var leafCDs: Int? { arrays.leafEntries }

    /// What the STE says about this table: S1ContextPtr, S1Fmt, S1CDMax.
    public var ref: CDTableRef { CDTableRef(address: baseBus, format: format, s1cdmax: s1cdmax) }

    /// The CD for `ssid` as the SMMU would read it now: ``entry(_:)``.
    public func cd(_ ssid: UInt32) throws(TableError) -> CD? { try entry(ssid) }

    /// Make the CD for `ssid` exist: in a 2-level table allocate its leaf (zeroed: V=0), publish
    /// the L1CD with one store after a release barrier, log CFGI_CD Leaf=0 for every StreamID
    /// (an invalid L1CD may have been cached, §4.3.4) and hand them to `sync`. True if a leaf
    /// was allocated. A refusal changes nothing; if `sync` throws, the leaf stays published and
    /// the owed CFGI_CDs are in the log.
    @discardableResult
    public mutating func ensure(_ ssid: UInt32, sync: SyncSink) throws -> Bool {
        guard try needsLeaf(ssid), let n = leafCDs else { return false }
        let leaf = try TableLeaf(bytes: n * 64, map: map) { _ in }  // zeroed: every CD V=0
        let desc: L1CD
        do { desc = try L1CD.pointing(to: leaf.bus, format: format) } catch { throw TableError.format(error.description) }
        let index = Int(ssid) / n
        let bus = arrays.publish(leaf, at: index, descriptor: desc.words[0])
        for sid in streamIDs {
            log.append(.store(table: .l1cd, sid: sid, ssid: UInt32(index * n), qword: 0, value: desc.words[0], bus: bus))
        }
        try arrays.owe(invalidations(for: ssid, leaf: false), sync: sync)
        return true
    }
}
