#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSMMUv3

/// A stream table in real aligned memory (IHI 0070 §3.3.2, §6.3.24-25): linear (2^LOG2SIZE
/// STEs, aligned to its size) or 2-level (L1STDs indexed by SID[LOG2SIZE-1:SPLIT], L2 arrays
/// of 2^SPLIT STEs allocated on first use, each aligned to its size).
///
/// Every word the SMMU could observe is written by `publish(_:qword:value:)`: a release
/// barrier, then one 64-bit single-copy-atomic store, logged with the invalidation it owes.
public struct StreamTable: ~Copyable {
    /// SMMU_STRTAB_BASE_CFG.FMT and SPLIT: how StreamIDs index the table (IHI 0070 §6.3.25, §3.3.2).
    public enum Format: Sendable, Hashable {
        /// FMT=0: one array of 2^LOG2SIZE STEs, indexed by the StreamID.
        case linear
        /// FMT=1: L1STDs indexed by StreamID[LOG2SIZE-1:SPLIT], each locating an array of 2^SPLIT STEs.
        case twoLevel(split: Int)
    }

    /// Linear or 2-level, and the SPLIT.
    public let format: Format
    /// SMMU_STRTAB_BASE_CFG.LOG2SIZE: the table covers StreamIDs 0 ..< 2^log2Size (IHI 0070 §6.3.25).
    public let log2Size: Int
    /// The table's memory: the STE array (linear) or the L1STD array and the L2 arrays.
    public internal(set) var arrays: EntryArrays
    /// SMMU_STRTAB_BASE: ADDR = the table's bus address, RA=1 (read-allocate, as Linux sets).
    public let strtabBase: UInt64
    /// SMMU_STRTAB_BASE_CFG: LOG2SIZE, SPLIT, FMT (0 linear, 1 2-level).
    public let strtabBaseCfg: UInt64

    /// Table memory a table may take unless its creator raises the ceiling: 1 GiB.
    public static let defaultMaxTableBytes: UInt64 = 1 << 30

    /// A linear stream table of 2^log2Size STEs, every one an abort STE (V=1, Config=abort).
    ///
    /// - Parameters:
    ///   - log2Size: SMMU_STRTAB_BASE_CFG.LOG2SIZE, 0...32 (IHI 0070 §6.3.25).
    ///   - map: where the table's memory appears on the bus.
    ///   - log: where the table's stores and owed invalidations are recorded.
    ///   - maxTableBytes: the most memory the table may take (refused above it).
    /// - Throws: ``TableError`` for LOG2SIZE beyond 32, a table over the ceiling or the
    ///   machine's memory, or memory or bus failures.
    public init(linear log2Size: Int, map: BusMap = BusMap(), log: UpdateLog = UpdateLog(),
                maxTableBytes: UInt64 = StreamTable.defaultMaxTableBytes) throws(TableError) {
        guard (0...32).contains(log2Size) else { throw .log2Size(log2Size, max: 32) }
        let bytes = UInt64(64) << log2Size
        try Self.checkFits(bytes, ceiling: maxTableBytes, "a linear stream table of 2^\(log2Size) STEs")
        let arrays = try EntryArrays(bytes: Int(bytes), leafShift: nil, map: map, log: log)
        // A refusal here drops `arrays`, which unmaps and frees the memory.
        let regs = try Self.registers(bus: arrays.baseBus, log2Size: log2Size, split: nil)
        let abort = STE.abort().words[0]
        for i in 0..<(1 << log2Size) { arrays.l1.qwords[i * 8] = abort }
        self.format = .linear
        self.log2Size = log2Size
        self.arrays = arrays
        (strtabBase, strtabBaseCfg) = regs
    }

    /// A 2-level stream table: 2^(log2Size-split) L1STDs, all invalid (Span=0) until an L2
    /// array is allocated for them.
    public init(twoLevel log2Size: Int, split: Int, map: BusMap = BusMap(),
                log: UpdateLog = UpdateLog(),
                maxTableBytes: UInt64 = StreamTable.defaultMaxTableBytes) throws(TableError) {
        guard [6, 8, 10].contains(split) else { throw .split(split) }
        guard (0...32).contains(log2Size) else { throw .log2Size(log2Size, max: 32) }
        let entries = UInt64(1) << max(0, log2Size - split)
        let bytes = max(64, entries * 8)   // aligned to max(64 B, its size) (§6.3.24)
        try Self.checkFits(bytes, ceiling: maxTableBytes, "an L1 stream table of 2^\(max(0, log2Size - split)) L1STDs")
        let arrays = try EntryArrays(bytes: Int(bytes), leafShift: split, map: map, log: log)
        let regs = try Self.registers(bus: arrays.baseBus, log2Size: log2Size, split: split)
        self.format = .twoLevel(split: split)
        self.log2Size = log2Size
        self.arrays = arrays
        (strtabBase, strtabBaseCfg) = regs
    }

    /// The guard before any table memory is allocated: the ceiling first, then the machine.
    static func checkFits(_ bytes: UInt64, ceiling: UInt64, _ what: String) throws(TableError) {
        if bytes > ceiling { throw .overCeiling(what: what, bytes: bytes, ceiling: ceiling) }
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), page = sysconf(Int32(_SC_PAGESIZE))
        let physical = UInt64(max(0, pages)) * UInt64(max(0, page))
        if physical > 0 && bytes > physical { throw .tooLarge(bytes: bytes, available: physical) }
    }

    /// SMMU_STRTAB_BASE_CFG.SPLIT of a 2-level table, nil for a linear one.
    public var split: Int? {
        if case let .twoLevel(s) = format { return s }
        return nil
    }

    /// L1STDs in a 2-level table (entries of the STE array for a linear one).
    public var l1Count: Int { arrays.l1.size / (split == nil ? 64 : 8) }

    /// The register values that point an SMMU at a table at `bus`: SMMU_STRTAB_BASE (ADDR = the
    /// bus address, RA=1, read-allocate as Linux sets) and SMMU_STRTAB_BASE_CFG (LOG2SIZE, and
    /// for a 2-level table SPLIT and FMT=1) (IHI 0070 §6.3.24, §6.3.25). Refused when the
    /// address does not fit STRTAB_BASE.ADDR.
    static func registers(bus: UInt64, log2Size: Int, split: Int?) throws(TableError) -> (base: UInt64, cfg: UInt64) {
        var cfg: [(name: String, value: UInt64)] = [("LOG2SIZE", UInt64(log2Size))]
        if let split { cfg += [("SPLIT", UInt64(split)), ("FMT", 1)] }
        do {
            return (try Registers.encode(Registers.named("STRTAB_BASE"), [("ADDR", bus), ("RA", 1)]),
                    try Registers.encode(Registers.named("STRTAB_BASE_CFG"), cfg))
        } catch { throw .format("the stream table cannot be registered: \(error)") }
    }

    /// The STE for `sid` as the SMMU would read it now: ``entry(_:)``.
    public func ste(_ sid: UInt32) throws(TableError) -> STE? { try entry(sid) }

    /// The L1STD word for `sid` (2-level tables only).
    public func l1std(_ sid: UInt32) throws(TableError) -> L1STD? {
        _ = try slot(sid)
        guard let split else { return nil }
        var d = L1STD()
        d.words = [smmuv3_load_qword(arrays.l1.qwords + (Int(sid) >> split))]
        return d
    }

    /// Make the STE for `sid` exist: in a 2-level table, allocate its L2 array (2^SPLIT abort
    /// STEs, aligned to its size, filled before anything can see it), then publish the L1STD
    /// (Span = SPLIT+1) with one store after a release barrier, log CFGI_STE Leaf=0 (an invalid
    /// L1STD may be cached, §4.3.1) and hand it to `sync`. Returns true if an L2 array was
    /// allocated. A refusal (range, memory, bus) changes nothing; if `sync` throws, the L2 array
    /// stays published and the owed CFGI_STE is in the log.
    ///
    /// - Throws: ``TableError`` (StreamID out of range, memory, bus), or what `sync` throws.
    @discardableResult
    public mutating func ensure(_ sid: UInt32, sync: SyncSink) throws -> Bool {
        guard try needsLeaf(sid), let split else { return false }
        let abort = STE.abort().words[0]
        let leaf = try TableLeaf(bytes: 64 << split, map: map) { m in
            for i in 0..<(1 << split) { m.qwords[i * 8] = abort }
        }
        try publishLeaf(leaf, for: sid, split: split, sync: sync)
        return true
    }

    /// Publish a filled L2 array as the one for `sid`: the L1STD (Span = SPLIT+1) stored after
    /// a release barrier, logged, and CFGI_STE Leaf=0 handed to `sync` (an invalid L1STD may
    /// be cached, §4.3.1).
    mutating func publishLeaf(_ leaf: TableLeaf, for sid: UInt32, split: Int, sync: SyncSink) throws {
        let desc: L1STD
        do { desc = try L1STD.pointing(to: leaf.bus, span: split + 1) } catch { throw TableError.format(error.description) }
        let index = Int(sid) >> split
        let bus = arrays.publish(leaf, at: index, descriptor: desc.words[0])
        log.append(.store(table: .l1std, sid: UInt32(index << split), ssid: 0, qword: 0, value: desc.words[0], bus: bus))
        try arrays.owe(invalidations(for: sid, leaf: false), sync: sync)
    }
}
