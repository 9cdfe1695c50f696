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
    /// The bus map the table and its L2 arrays are mapped through.
    public let map: BusMap
    /// The log every published word, and the invalidation it owes, goes to.
    public let log: UpdateLog
    /// Linear: the STE array. 2-level: the L1STD array.
    let l1: AlignedMemory
    /// Bus address of the table (STRTAB_BASE.ADDR).
    public let baseBus: UInt64
    /// SMMU_STRTAB_BASE: ADDR = the table's bus address, RA=1 (read-allocate, as Linux sets).
    public let strtabBase: UInt64
    /// SMMU_STRTAB_BASE_CFG: LOG2SIZE, SPLIT, FMT (0 linear, 1 2-level).
    public let strtabBaseCfg: UInt64
    var leaves: [Int: TableLeaf] = [:]

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
        let mem: AlignedMemory
        do { mem = try AlignedMemory(size: Int(bytes), alignment: Int(bytes)) } catch { throw .memory(error) }
        let bus: UInt64
        do { bus = try map.map(host: mem.base, size: mem.size, alignment: mem.alignment) } catch { throw .bus(error) }
        let regs: (base: UInt64, cfg: UInt64)
        do { regs = try Self.registers(bus: bus, log2Size: log2Size, split: nil) } catch {
            map.unmap(host: mem.base)
            throw error
        }
        for i in 0..<(1 << log2Size) { mem.qwords[i * 8] = STE.abort().words[0] }
        self.format = .linear
        self.log2Size = log2Size
        self.map = map
        self.log = log
        self.l1 = mem
        self.baseBus = bus
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
        let mem: AlignedMemory
        do { mem = try AlignedMemory(size: Int(bytes), alignment: Int(bytes)) } catch { throw .memory(error) }
        let bus: UInt64
        do { bus = try map.map(host: mem.base, size: mem.size, alignment: mem.alignment) } catch { throw .bus(error) }
        let regs: (base: UInt64, cfg: UInt64)
        do { regs = try Self.registers(bus: bus, log2Size: log2Size, split: split) } catch {
            map.unmap(host: mem.base)
            throw error
        }
        self.format = .twoLevel(split: split)
        self.log2Size = log2Size
        self.map = map
        self.log = log
        self.l1 = mem
        self.baseBus = bus
        (strtabBase, strtabBaseCfg) = regs
    }

    deinit { map.unmap(host: l1.base) }

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
    public var l1Count: Int { l1.size / (split == nil ? 64 : 8) }

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

    func check(_ sid: UInt32) throws(TableError) {
        guard UInt64(sid) < UInt64(1) << log2Size else { throw .sidOutOfRange(sid: sid, log2Size: log2Size) }
    }

    /// Host pointer of the STE for `sid`; nil when its L2 array is not allocated yet.
    public func entry(_ sid: UInt32) throws(TableError) -> UnsafeMutablePointer<UInt64>? {
        try check(sid)
        guard let split else { return l1.qwords + Int(sid) * 8 }
        guard let leaf = leaves[Int(sid) >> split] else { return nil }
        return leaf.mem.qwords + (Int(sid) & ((1 << split) - 1)) * 8
    }

    /// Bus address of the STE for `sid` (what the SMMU fetches), nil if not present.
    public func entryBus(_ sid: UInt32) throws(TableError) -> UInt64? {
        try check(sid)
        guard let split else { return baseBus + UInt64(sid) * 64 }
        guard let leaf = leaves[Int(sid) >> split] else { return nil }
        return leaf.bus + UInt64(Int(sid) & ((1 << split) - 1)) * 64
    }

    /// The STE for `sid` as the SMMU would read it now (each word one atomic load).
    public func ste(_ sid: UInt32) throws(TableError) -> STE? {
        guard let p = try entry(sid) else { return nil }
        var ste = STE()
        ste.words = (0..<8).map { smmuv3_load_qword(p + $0) }
        return ste
    }

    /// The L1STD word for `sid` (2-level tables only).
    public func l1std(_ sid: UInt32) throws(TableError) -> L1STD? {
        try check(sid)
        guard let split else { return nil }
        var d = L1STD()
        d.words = [smmuv3_load_qword(l1.qwords + (Int(sid) >> split))]
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
        try check(sid)
        guard let split, leaves[Int(sid) >> split] == nil else { return false }
        let abort = STE.abort().words[0]
        let leaf = try TableLeaf(bytes: 64 << split, map: map) { m in
            for i in 0..<(1 << split) { m.qwords[i * 8] = abort }
        }
        try publish(leaf, for: sid, split: split, sync: sync)
        return true
    }

    /// Publish a filled L2 array as the one for `sid`: the L1STD (Span = SPLIT+1) stored after
    /// a release barrier, logged, and CFGI_STE Leaf=0 handed to `sync` (an invalid L1STD may
    /// be cached, §4.3.1).
    mutating func publish(_ leaf: TableLeaf, for sid: UInt32, split: Int, sync: SyncSink) throws {
        let desc: L1STD
        do { desc = try L1STD.pointing(to: leaf.bus, span: split + 1) } catch { throw TableError.format(error.description) }
        let index = Int(sid) >> split
        leaves[index] = leaf
        // The L2 array's contents must be visible before the L1STD that publishes it.
        smmuv3_publish_qword(l1.qwords + index, desc.words[0])
        log.append(.store(table: .l1std, sid: UInt32(index << split), ssid: 0, qword: 0,
                          value: desc.words[0], bus: baseBus + UInt64(index * 8)))
        let owed = [Invalidation.cfgiSTE(sid: sid, leaf: false)]
        for i in owed { log.append(.invalidate(i)) }
        try sync(owed)
    }

    /// Whether `ensure(sid)` would allocate and publish an L2 array (and owe one sync).
    public func needsLeaf(_ sid: UInt32) throws(TableError) -> Bool {
        try check(sid)
        guard let split else { return false }
        return leaves[Int(sid) >> split] == nil
    }

    /// The one ordered primitive for STE words: release barrier, one 64-bit atomic store, logged.
    /// It owes CFGI_STE + CMD_SYNC: use it through the entry writer or `install`, which call a
    /// sync sink at each sync point.
    ///
    /// - Throws: ``TableError/format(_:)`` for a word other than 0...7,
    ///   ``TableError/sidOutOfRange(sid:log2Size:)``, or ``TableError/notPresent(_:)`` when the
    ///   StreamID's L2 array is not allocated (`ensure` first); nothing is stored then.
    public func publish(_ sid: UInt32, qword: Int, value: UInt64) throws(TableError) {
        guard (0..<8).contains(qword) else { throw .format("STE word \(qword) is not 0...7") }
        guard let p = try entry(sid), let bus = try entryBus(sid) else {
            throw .notPresent("StreamID \(sid) has no L2 array yet (L1STD Span=0)")
        }
        smmuv3_publish_qword(p + qword, value)
        log.append(.store(table: .ste, sid: sid, ssid: 0, qword: qword, value: value, bus: bus + UInt64(qword * 8)))
    }

    /// Bytes of memory the table holds now (L1 or linear array, plus every L2 array).
    public var residentBytes: Int {
        l1.size + leaves.values.reduce(0) { $0 + $1.mem.size }
    }

    /// Bus address and host bytes of every table (the L1 or linear array, then each L2 array).
    public func segments() -> [(bus: UInt64, bytes: [UInt8])] {
        [(baseBus, l1.bytes())] + leaves.keys.sorted().map { (leaves[$0]!.bus, leaves[$0]!.mem.bytes()) }
    }
}
