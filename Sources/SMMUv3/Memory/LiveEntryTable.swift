import CSMMUv3

/// A table of entries the SMMU reads live: `StreamTable` (STEs by StreamID) and `CDTable` (CDs
/// by SubstreamID). Both keep their memory in ``EntryArrays``; what differs between them is
/// required here (how an index finds its entry, what a change of it owes, how an L2 array or
/// leaf is made), and what they share (reading an entry, the ordered store, the memory they
/// hold, and through the ordering layer `install` and `EntryWriter.apply`) is written once, in
/// extensions.
public protocol LiveEntryTable: ~Copyable {
    /// A StreamID for a stream table, a SubstreamID for a CD table.
    associatedtype Index: FixedWidthInteger & Sendable
    /// ``STE`` or ``CD``.
    associatedtype Entry: Descriptor
    /// What an entry holds before anything was written: an abort STE, a zero (V=0) CD.
    static var initialEntry: Entry { get }
    /// The table's memory: the L1 array, the L2 arrays or leaves, the bus map and the log.
    var arrays: EntryArrays { get }
    /// Where the entry for `index` sits.
    ///
    /// - Throws: ``TableError`` when `index` is beyond the table.
    func slot(_ index: Index) throws(TableError) -> EntryArrays.Slot
    /// What a change of the entry owes at a sync point: CFGI_STE for the StreamID, or CFGI_CD
    /// for every StreamID sharing the CD table; `leaf: false` when an L1 descriptor changed
    /// (IHI 0070 §4.3.1, §4.3.4).
    func invalidations(for index: Index, leaf: Bool) -> [Invalidation]
    /// Make the entry exist, handing what publishing its L2 array / leaf owes to `sync`.
    @discardableResult
    mutating func ensure(_ index: Index, sync: SyncSink) throws -> Bool
}

extension LiveEntryTable where Self: ~Copyable {
    /// ``DescriptorKind/ste`` or ``DescriptorKind/cd``.
    public static var entryKind: DescriptorKind { Entry.kind }
    /// The log every published word, and the invalidations it owes, go to.
    public var log: UpdateLog { arrays.log }
    /// The bus map the table and its L2 arrays / leaves are mapped through.
    public var map: BusMap { arrays.map }
    /// The table's bus address: STRTAB_BASE.ADDR, or what STE.S1ContextPtr holds.
    public var baseBus: UInt64 { arrays.baseBus }

    /// Host pointer of the entry's 8 words; nil when its L2 array / leaf is not allocated yet.
    /// For the C API and tests: every store the SMMU could observe goes through `publish`.
    package func entryAddress(_ index: Index) throws(TableError) -> UnsafeMutablePointer<UInt64>? {
        arrays.address(try slot(index).position)
    }

    /// Host pointer of the entry's 8 words, refused with ``TableError/notPresent(_:)`` when its
    /// L2 array / leaf is not allocated (`ensure` first).
    package func presentEntryAddress(_ index: Index) throws(TableError) -> UnsafeMutablePointer<UInt64> {
        guard let p = try entryAddress(index) else { throw Self.notPresent(index) }
        return p
    }

    /// The entry of `index` has no L2 array (L1STD Span=0) or leaf CD table (L1CD V=0) yet.
    static func notPresent(_ index: Index) -> TableError {
        .notPresent(entryKind == .ste ? "StreamID \(index) has no L2 array yet (L1STD Span=0)"
                                      : "SubstreamID \(index) has no leaf CD table yet (L1CD V=0)")
    }

    /// Bus address of the entry (what the SMMU fetches), nil if its L2 array / leaf is not
    /// allocated.
    public func entryBus(_ index: Index) throws(TableError) -> UInt64? {
        arrays.bus(try slot(index).position)
    }

    /// The entry's words as the SMMU would read them now (each one atomic load), nil if its
    /// L2 array / leaf is not allocated.
    public func words(_ index: Index) throws(TableError) -> [UInt64]? {
        guard let p = try entryAddress(index) else { return nil }
        return (0..<8).map { smmuv3_load_qword(p + $0) }
    }

    /// The entry as the SMMU would read it now (each word one atomic load), nil if its L2 array
    /// / leaf is not allocated.
    public func entry(_ index: Index) throws(TableError) -> Entry? {
        guard let w = try words(index) else { return nil }
        var e = Self.initialEntry
        e.words = w
        return e
    }

    /// Whether `ensure` would allocate and publish an L2 array / leaf (and owe one sync).
    public func needsLeaf(_ index: Index) throws(TableError) -> Bool {
        arrays.needsLeaf(try slot(index).position)
    }

    /// The one ordered primitive for entry words: release barrier, one 64-bit atomic store,
    /// logged. It owes the entry's invalidations and CMD_SYNC: use it through the entry writer
    /// or `install`, which call a sync sink at each sync point.
    ///
    /// - Throws: ``TableError/format(_:)`` for a word other than 0...7, the range error of
    ///   `index`, or ``TableError/notPresent(_:)`` when the entry's L2 array / leaf is not
    ///   allocated (`ensure` first); nothing is stored then.
    public func publish(_ index: Index, qword: Int, value: UInt64) throws(TableError) {
        let ste = Self.entryKind == .ste
        guard (0..<8).contains(qword) else { throw .format("\(ste ? "STE" : "CD") word \(qword) is not 0...7") }
        let s = try slot(index)
        guard let p = arrays.address(s.position), let bus = arrays.bus(s.position) else { throw Self.notPresent(index) }
        smmuv3_publish_qword(p + qword, value)
        arrays.log.append(.store(table: ste ? .ste : .cd, sid: s.sid, ssid: s.ssid, qword: qword, value: value,
                                 bus: bus + UInt64(qword * 8)))
    }

    /// Bytes of memory the table holds now (L1 or linear array, plus every L2 array / leaf).
    public var residentBytes: Int { arrays.residentBytes }

    /// Bus address and host bytes of every array (the L1 or linear array, then each L2 array /
    /// leaf).
    public func segments() -> [(bus: UInt64, bytes: [UInt8])] { arrays.segments() }

    /// What an entry holds before anything was written, as words.
    static var initialWords: [UInt64] { initialEntry.words }
}

extension StreamTable: LiveEntryTable {
    /// A StreamID.
    public typealias Index = UInt32
    /// An abort STE (V=1, Config=abort): what every entry of a new L2 array holds.
    public static var initialEntry: STE { STE.abort() }

    /// The STE of `sid`, at position `sid`; the log names it by its StreamID.
    public func slot(_ sid: UInt32) throws(TableError) -> EntryArrays.Slot {
        guard UInt64(sid) < UInt64(1) << log2Size else { throw .sidOutOfRange(sid: sid, log2Size: log2Size) }
        return EntryArrays.Slot(position: Int(sid), sid: sid, ssid: 0)
    }

    /// CMD_CFGI_STE of `sid`: Leaf=1 for the STE only, Leaf=0 when an L1STD changed too
    /// (IHI 0070 §4.3.1).
    public func invalidations(for sid: UInt32, leaf: Bool) -> [Invalidation] { [.cfgiSTE(sid: sid, leaf: leaf)] }
}

extension CDTable: LiveEntryTable {
    /// A SubstreamID.
    public typealias Index = UInt32
    /// A zero CD (V=0): what every entry of a new leaf holds.
    public static var initialEntry: CD { CD() }

    /// The CD of `ssid`, at position `ssid`; the log names it by its SubstreamID and the first
    /// StreamID sharing the table.
    public func slot(_ ssid: UInt32) throws(TableError) -> EntryArrays.Slot {
        guard UInt64(ssid) < UInt64(1) << s1cdmax else { throw .ssidOutOfRange(ssid: ssid, s1cdmax: s1cdmax) }
        return EntryArrays.Slot(position: Int(ssid), sid: streamIDs.first ?? 0, ssid: ssid)
    }

    /// CMD_CFGI_CD of `ssid` for every StreamID whose STE points at the table; Leaf=0 when an
    /// L1CD changed too (IHI 0070 §4.3.4).
    public func invalidations(for ssid: UInt32, leaf: Bool) -> [Invalidation] {
        streamIDs.map { .cfgiCD(sid: $0, ssid: ssid, leaf: leaf) }
    }
}
