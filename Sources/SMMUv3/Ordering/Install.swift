/// Installing an entry is an update of a live entry like any other: every word the SMMU could
/// observe goes through the planner and the entry writer, so the SMMU never sees a hybrid (a
/// bypass STE reads word 1; a stage-1 STE reads words 0-2). Filling an L2 array or a CD leaf
/// before its L1 descriptor is published is not a live write (`ensure`).
extension StreamTable {
    /// Make the STE for `sid` exist (`ensure`), then plan the change from the entry it holds to
    /// `ste` and apply it, calling `sync` at each sync point. Refused, with nothing stored, when
    /// `ste` is not a valid target (the planner's findings) or `sid` is out of range. Returns
    /// the plan applied (no steps when the entry already holds `ste`).
    @discardableResult
    public mutating func install(_ sid: UInt32, _ ste: STE, policy: Policy = .linux,
                                 sync: SyncSink) throws -> Plan {
        try check(sid)
        // Plan against the entry the table will hold (a new L2 array holds abort STEs) so that
        // a refused target changes nothing, not even the L2 array.
        let from = try self.ste(sid)?.words ?? STE.abort().words
        let plan = try Planner.plan(.ste, from: from, to: ste.words, policy: policy)
        try ensure(sid, sync: sync)
        try EntryWriter.apply(plan, to: self, sid: sid, sync: sync)
        return plan
    }
}

extension CDTable {
    /// Make the CD for `ssid` exist (`ensure`), then plan the change from the CD it holds to
    /// `cd` and apply it, calling `sync` at each sync point (CFGI_CD for every StreamID of the
    /// table). Refused, with nothing stored, when `cd` is not a valid target.
    @discardableResult
    public mutating func install(_ ssid: UInt32, _ cd: CD, policy: Policy = .linux,
                                 sync: SyncSink) throws -> Plan {
        try check(ssid)
        let from = try self.cd(ssid)?.words ?? CD().words
        let plan = try Planner.plan(.cd, from: from, to: cd.words, policy: policy)
        try ensure(ssid, sync: sync)
        try EntryWriter.apply(plan, to: self, ssid: ssid, sync: sync)
        return plan
    }
}
