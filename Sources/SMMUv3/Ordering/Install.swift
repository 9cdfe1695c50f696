/// Installing an entry is an update of a live entry like any other: every word the SMMU could
/// observe goes through the planner and the entry writer, so the SMMU never sees a hybrid (a
/// bypass STE reads word 1; a stage-1 STE reads words 0-2). Filling an L2 array or a CD leaf
/// before its L1 descriptor is published is not a live write (`ensure`).
extension LiveEntryTable where Self: ~Copyable {
    /// Make the entry exist (`ensure`), then plan the change from the words it holds to `words`
    /// and apply it, calling `sync` at each sync point. Refused, with nothing stored (not even
    /// an L2 array allocated), when `words` is ILLEGAL (the decoder's findings; `allowIllegal`
    /// writes it anyway, for emulator tests) or `index` is out of range. Returns the plan
    /// applied (no steps when nothing changes).
    @discardableResult
    public mutating func install(_ index: Index, words: [UInt64], policy: Planner.Policy = .linux, allowIllegal: Bool = false,
                                 sync: SyncSink) throws -> UpdatePlan {
        // Plan against the entry the table will hold (a new L2 array holds abort STEs, a new
        // leaf zero CDs) so that a refused target changes nothing.
        let from = try self.words(index) ?? Self.initialWords
        let plan = try Planner.plan(Self.entryKind, from: from, to: words, policy: policy)
        if !allowIllegal {
            let bad = plan.illegalTarget
            guard bad.isEmpty else { throw PlanError.invalidTarget(bad) }
        }
        try ensure(index, sync: sync)
        try EntryWriter.apply(plan, to: self, at: index, allowIllegal: true, sync: sync)
        return plan
    }
}

extension LiveEntryTable where Self: ~Copyable {
    /// `install(_:words:policy:sync:)` for every index in `indices`, in order, planning once per
    /// distinct starting entry (a new L2 array's entries all start alike), so bulk population
    /// costs stores, not planning. Stops at the first error; the entries before it are installed.
    /// Returns the number of entries installed.
    @discardableResult
    public mutating func populate(_ indices: some Sequence<Index>, with words: [UInt64], policy: Planner.Policy = .linux,
                                  allowIllegal: Bool = false, sync: SyncSink) throws -> Int {
        var plans: [[UInt64]: UpdatePlan] = [:]
        var n = 0
        for index in indices {
            let from = try self.words(index) ?? Self.initialWords
            let plan: UpdatePlan
            if let p = plans[from] { plan = p } else {
                plan = try Planner.plan(Self.entryKind, from: from, to: words, policy: policy)
                if !allowIllegal {
                    let bad = plan.illegalTarget
                    guard bad.isEmpty else { throw PlanError.invalidTarget(bad) }
                }
                plans[from] = plan
            }
            try ensure(index, sync: sync)
            try EntryWriter.apply(plan, to: self, at: index, allowIllegal: true, sync: sync)
            n += 1
        }
        return n
    }
}

extension StreamTable {
    /// `install(_:words:policy:sync:)` of an STE.
    @discardableResult
    public mutating func install(_ sid: UInt32, _ ste: STE, policy: Planner.Policy = .linux, allowIllegal: Bool = false,
                                 sync: SyncSink) throws -> UpdatePlan {
        try install(sid, words: ste.words, policy: policy, allowIllegal: allowIllegal, sync: sync)
    }
}

extension CDTable {
    /// `install(_:words:policy:sync:)` of a CD.
    @discardableResult
    public mutating func install(_ ssid: UInt32, _ cd: CD, policy: Planner.Policy = .linux, allowIllegal: Bool = false,
                                 sync: SyncSink) throws -> UpdatePlan {
        try install(ssid, words: cd.words, policy: policy, allowIllegal: allowIllegal, sync: sync)
    }
}
