import CSMMUv3

/// A table of entries the SMMU reads live: `StreamTable` (STEs by StreamID) and `CDTable` (CDs
/// by SubstreamID). What differs between them is required here; what they share (reading an
/// entry's words, and through the ordering layer `install` and `EntryWriter.apply`) is written
/// once, in extensions.
public protocol LiveEntryTable: ~Copyable {
    /// A StreamID for a stream table, a SubstreamID for a CD table.
    associatedtype Index: FixedWidthInteger & Sendable
    /// `.ste` or `.cd`.
    static var entryKind: DescriptorKind { get }
    /// The ordered stream of stores and owed invalidations this table writes into.
    var log: UpdateLog { get }
    /// Host pointer of the entry's 8 words; nil when its L2 array / leaf is not allocated yet.
    func entry(_ index: Index) throws(TableError) -> UnsafeMutablePointer<UInt64>?
    /// The ordered store primitive: release barrier, one 64-bit atomic store, logged.
    func publish(_ index: Index, qword: Int, value: UInt64) throws(TableError)
    /// What a change of the entry owes at a sync point (CFGI_STE for the StreamID; CFGI_CD for
    /// every StreamID sharing the CD table).
    func invalidations(_ index: Index) -> [Invalidation]
    /// Whether `ensure` would allocate and publish an L2 array / leaf (and owe one sync).
    func needsLeaf(_ index: Index) throws(TableError) -> Bool
    /// Make the entry exist, handing what publishing its L2 array / leaf owes to `sync`.
    @discardableResult
    mutating func ensure(_ index: Index, sync: SyncSink) throws -> Bool
}

extension LiveEntryTable where Self: ~Copyable {
    /// The entry's words as the SMMU would read them now (each one atomic load), nil if its
    /// L2 array / leaf is not allocated.
    public func words(_ index: Index) throws(TableError) -> [UInt64]? {
        guard let p = try entry(index) else { return nil }
        return (0..<8).map { smmuv3_load_qword(p + $0) }
    }

    /// What an entry holds before anything was written: an abort STE, a zero (V=0) CD.
    static var initialWords: [UInt64] { entryKind == .ste ? STE.abort().words : CD().words }
}

extension StreamTable: LiveEntryTable {
    /// A StreamID.
    public typealias Index = UInt32
    /// ``DescriptorKind/ste``.
    public static var entryKind: DescriptorKind { .ste }
    /// CMD_CFGI_STE of `sid` with Leaf=1: the STE only (IHI 0070 §4.3.1).
    public func invalidations(_ sid: UInt32) -> [Invalidation] { [.cfgiSTE(sid: sid, leaf: true)] }
}

extension CDTable: LiveEntryTable {
    /// A SubstreamID.
    public typealias Index = UInt32
    /// ``DescriptorKind/cd``.
    public static var entryKind: DescriptorKind { .cd }
}
