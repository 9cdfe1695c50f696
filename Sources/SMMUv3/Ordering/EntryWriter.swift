import CSMMUv3

/// Applies a plan to a live entry: a release barrier first (whatever the entry points to must be
/// visible before it), each word one 64-bit single-copy-atomic store through the table's
/// publish primitive, and at each sync point a call into the sync sink with the invalidations
/// owed at that point (CFGI_STE for the StreamID, or CFGI_CD for every StreamID sharing the CD table). The
/// sink turns them into commands + CMD_SYNC (see `CommandQueue.sync(_:)`). An ILLEGAL target is
/// refused before the first store unless `allowIllegal` (a rig driving an emulator into
/// C_BAD_STE / C_BAD_CD on purpose).
public enum EntryWriter {
    public static func apply(_ plan: Plan, to table: borrowing StreamTable, sid: UInt32, allowIllegal: Bool = false,
                             sync: ([Invalidation]) throws -> Void) throws {
        guard plan.kind == .ste else { throw PlanError.kind(plan.kind) }
        if !allowIllegal {
            let bad = plan.illegalTarget
            guard bad.isEmpty else { throw PlanError.invalidTarget(bad) }
        }
        guard let cur = try table.ste(sid), cur.words == plan.from else {
            throw TableError.liveEntry("StreamID \(sid) does not hold the plan's starting STE")
        }
        smmuv3_release_barrier()
        for step in plan.steps {
            for w in step.writes { try table.publish(sid, qword: w.qword, value: w.value) }
            if step.sync { try sync([.cfgiSTE(sid: sid, leaf: true)]) }
        }
    }

    public static func apply(_ plan: Plan, to table: borrowing CDTable, ssid: UInt32, allowIllegal: Bool = false,
                             sync: ([Invalidation]) throws -> Void) throws {
        guard plan.kind == .cd else { throw PlanError.kind(plan.kind) }
        if !allowIllegal {
            let bad = plan.illegalTarget
            guard bad.isEmpty else { throw PlanError.invalidTarget(bad) }
        }
        guard let cur = try table.cd(ssid), cur.words == plan.from else {
            throw TableError.liveEntry("SubstreamID \(ssid) does not hold the plan's starting CD")
        }
        smmuv3_release_barrier()
        for step in plan.steps {
            for w in step.writes { try table.publish(ssid, qword: w.qword, value: w.value) }
            if step.sync { try sync(table.streamIDs.map { .cfgiCD(sid: $0, ssid: ssid, leaf: true) }) }
        }
    }
}

extension CommandQueue {
    /// The sync sink: one command per owed invalidation, then CMD_SYNC (CS=SEV), as one batch.
    public mutating func sync(_ owed: [Invalidation]) throws {
        var batch: [Command] = []
        for i in owed { batch.append(try Command(i)) }
        try push(batch: batch + [.sync()])
    }
}
