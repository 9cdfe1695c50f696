/// Installing an entry is an update of a live entry like any other: every word the SMMU could
/// observe goes through the planner and the entry writer, so the SMMU never sees a hybrid (a
/// bypass STE reads word 1; a stage-1 STE reads words 0-2). Filling an L2 array or a CD leaf
/// before its L1 descriptor is published is not a live write (`ensure`).
extension LiveEntryTable where Self: ~Copyable {
    /// Make the entry exist (`ensure`), then plan the change from the words it holds to `words`
    /// and apply it, calling `sync` at each sync point. Refused, with nothing stored (not even
    /// an L2 array allocated), when `words` is not a valid target (the planner's findings) or
    /// `index` is out of range. Returns the plan applied (no steps when nothing changes).
    @discardableResult
    public mutating func install(_ index: Index, words: [UInt64], policy: Policy = .linux,
                                 sync: SyncSink) throws -> Plan {
        // Plan against the entry the table will hold (a new L2 array holds abort STEs, a new
        // leaf zero CDs) so that a refused target changes nothing.
        let from = try self.words(index) ?? Self.initialWords
        let plan = try Planner.plan(Self.entryKind, from: from, to: words, policy: policy)
        try ensure(index, sync: sync)
        try EntryWriter.apply(plan, to: self, at: index, sync: sync)
        return plan
    }
}

extension StreamTable {
    /// `install(_:words:policy:sync:)` of an STE.
    @discardableResult
    public mutating func install(_ sid: UInt32, _ ste: STE, policy: Policy = .linux, sync: SyncSink) throws -> Plan {
        try install(sid, words: ste.words, policy: policy, sync: sync)
    }
}

extension CDTable {
    /// `install(_:words:policy:sync:)` of a CD.
    @discardableResult
    public mutating func install(_ ssid: UInt32, _ cd: CD, policy: Policy = .linux, sync: SyncSink) throws -> Plan {
        try install(ssid, words: cd.words, policy: policy, sync: sync)
    }
}
