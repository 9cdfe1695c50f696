import CSMMUv3

/// The memory a live table owns, the same for a stream table and a CD table (IHI 0070 §3.3.2,
/// §5.4): the L1 array (the entries themselves for a linear table, the L1 descriptors for a
/// 2-level one), the level-2 arrays allocated so far, the bus map they appear through and the
/// update log their stores go to. `~Copyable`: exactly one table owns it; the L1 array is
/// unmapped when it goes away.
public struct EntryArrays: ~Copyable {
    /// Linear: the entry array. 2-level: the L1 descriptor array.
    let l1: AlignedMemory
    /// Bus address of the L1 array (STRTAB_BASE.ADDR, STE.S1ContextPtr).
    let baseBus: UInt64
    /// The bus map the L1 array and every level-2 array are mapped through.
    let map: BusMap
    /// The log every published word, and the invalidations it owes, go to.
    let log: UpdateLog
    /// log2 of the entries in one level-2 array; nil for a linear table.
    let leafShift: Int?
    /// The level-2 arrays allocated so far, by L1 descriptor index.
    var leaves: [Int: TableLeaf] = [:]

    /// Where an entry sits (its position among all the table's entries) and the StreamID and
    /// SubstreamID the update log names its stores by.
    public struct Slot: Sendable {
        let position: Int
        let sid: UInt32
        let ssid: UInt32
    }

    /// An L1 array of `bytes`, zeroed, aligned to its size and mapped on `map`.
    init(bytes: Int, leafShift: Int?, map: BusMap, log: UpdateLog) throws(TableError) {
        let mem: AlignedMemory
        do { mem = try AlignedMemory(size: bytes, alignment: bytes) } catch { throw .memory(error) }
        let bus: UInt64
        do { bus = try map.map(host: mem.base, size: bytes, alignment: bytes) } catch { throw .bus(error) }
        self.l1 = mem
        self.baseBus = bus
        self.map = map
        self.log = log
        self.leafShift = leafShift
    }

    deinit { map.unmap(host: l1.base) }

    /// Entries in one level-2 array, nil for a linear table.
    var leafEntries: Int? { leafShift.map { 1 << $0 } }

    /// Host pointer of the entry at `position`; nil when its level-2 array is not allocated.
    @inline(__always)
    func address(_ position: Int) -> UnsafeMutablePointer<UInt64>? {
        guard let shift = leafShift else { return l1.qwords + position * 8 }
        guard let leaf = leaves[position >> shift] else { return nil }
        return leaf.mem.qwords + (position & ((1 << shift) - 1)) * 8
    }

    /// Bus address of the entry at `position` (what the SMMU fetches); nil when its level-2
    /// array is not allocated.
    func bus(_ position: Int) -> UInt64? {
        guard let shift = leafShift else { return baseBus + UInt64(position) * 64 }
        guard let leaf = leaves[position >> shift] else { return nil }
        return leaf.bus + UInt64(position & ((1 << shift) - 1)) * 64
    }

    /// Whether the entry at `position` waits for a level-2 array.
    func needsLeaf(_ position: Int) -> Bool {
        guard let shift = leafShift else { return false }
        return leaves[position >> shift] == nil
    }

    /// Make `leaf`, filled, level-2 array `index`: its L1 descriptor `descriptor` is stored with
    /// one 64-bit store after a release barrier, so the array's contents are visible before the
    /// descriptor that publishes it. Returns the bus address of the L1 descriptor.
    mutating func publish(_ leaf: TableLeaf, at index: Int, descriptor: UInt64) -> UInt64 {
        leaves[index] = leaf
        smmuv3_publish_qword(l1.qwords + index, descriptor)
        return baseBus + UInt64(index * 8)
    }

    /// Log what a change owes, then hand it to `sync`, which completes it.
    func owe(_ owed: [Invalidation], sync: SyncSink) throws {
        for i in owed { log.append(.invalidate(i)) }
        try sync(owed)
    }

    /// Bytes of memory held now (the L1 array plus every level-2 array).
    var residentBytes: Int { l1.size + leaves.values.reduce(0) { $0 + $1.mem.size } }

    /// Bus address and host bytes of the L1 array, then of each level-2 array in index order.
    func segments() -> [(bus: UInt64, bytes: [UInt8])] {
        [(baseBus, l1.bytes())] + leaves.sorted { $0.key < $1.key }.map { ($0.value.bus, $0.value.mem.bytes()) }
    }
}
