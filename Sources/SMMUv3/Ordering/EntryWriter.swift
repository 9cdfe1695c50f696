import CSMMUv3

/// Applies a plan to a live entry: a release barrier first (whatever the entry points to must be
/// visible before it), each word one 64-bit single-copy-atomic store through the table's
/// publish primitive, and at each sync point the invalidations owed there (CFGI_STE for the
/// StreamID, or CFGI_CD for every StreamID sharing the CD table) are logged in the table's
/// update log and handed to the sync sink, which completes them before the next store (see
/// `SyncSink` and `CommandQueue.sync(_:)`).
///
/// The entry after an error: a refusal (wrong kind, the entry does not hold the plan's starting
/// words) stores nothing. If the sink throws at sync point k, the stores of steps 1...k are in
/// place and nothing after them: the SMMU sees a state the plan proves safe (old, new, or
/// invalid on the breaking path), but the sync that was owed has not completed.
public enum EntryWriter {
    public static func apply(_ plan: Plan, to table: borrowing StreamTable, sid: UInt32,
                             sync: SyncSink) throws {
        guard plan.kind == .ste else { throw PlanError.kind(plan.kind) }
        guard let cur = try table.ste(sid), cur.words == plan.from else {
            throw TableError.liveEntry("StreamID \(sid) does not hold the plan's starting STE")
        }
        smmuv3_release_barrier()
        for step in plan.steps {
            for w in step.writes { try table.publish(sid, qword: w.qword, value: w.value) }
            if step.sync {
                let owed = [Invalidation.cfgiSTE(sid: sid, leaf: true)]
                for i in owed { table.log.append(.invalidate(i)) }
                try sync(owed)
            }
        }
    }

    public static func apply(_ plan: Plan, to table: borrowing CDTable, ssid: UInt32,
                             sync: SyncSink) throws {
        guard plan.kind == .cd else { throw PlanError.kind(plan.kind) }
        guard let cur = try table.cd(ssid), cur.words == plan.from else {
            throw TableError.liveEntry("SubstreamID \(ssid) does not hold the plan's starting CD")
        }
        smmuv3_release_barrier()
        for step in plan.steps {
            for w in step.writes { try table.publish(ssid, qword: w.qword, value: w.value) }
            if step.sync {
                let owed = table.invalidations(ssid)
                for i in owed { table.log.append(.invalidate(i)) }
                try sync(owed)
            }
        }
    }
}
