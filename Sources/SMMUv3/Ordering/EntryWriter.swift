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
/// invalid on the breaking path), but the sync that was owed has not completed. An ILLEGAL
/// target is refused before the first store unless `allowIllegal` (a rig driving an emulator
/// into C_BAD_STE / C_BAD_CD on purpose).
public enum EntryWriter {
    /// Applies `plan` to the entry `index` of `table`, as described above.
    ///
    /// - Parameters:
    ///   - plan: a plan whose kind is the table's and whose `from` is what the entry holds.
    ///   - table: the live stream table or CD table.
    ///   - index: the StreamID (stream table) or SubstreamID (CD table).
    ///   - allowIllegal: write an ILLEGAL target too (it is refused by default).
    ///   - sync: called at each sync point with the invalidations owed; it must complete them
    ///     (CFGI_* and CMD_SYNC) before it returns.
    /// - Throws: ``PlanError/tableKind(_:table:)`` or ``PlanError/invalidTarget(_:)``, and
    ///   ``TableError/liveEntry(_:)`` when the entry does not hold `plan.from`, all before any
    ///   store; a ``TableError`` from a store, or whatever `sync` throws.
    public static func apply<Table: LiveEntryTable & ~Copyable>(_ plan: UpdatePlan, to table: borrowing Table,
                                                                at index: Table.Index, allowIllegal: Bool = false,
                                                                sync: SyncSink) throws {
        guard plan.kind == Table.entryKind else { throw PlanError.tableKind(plan.kind, table: Table.entryKind) }
        if !allowIllegal && !LegalTargets.isLegal(plan.kind, plan.to, plan.features) {
            throw PlanError.invalidTarget(plan.illegalTarget)
        }
        guard let p = try table.entryAddress(index), plan.from.count == 8,
              (0..<8).allSatisfy({ smmuv3_load_qword(p + $0) == plan.from[$0] }) else {
            let what = Table.entryKind == .ste ? "StreamID \(index) does not hold the plan's starting STE"
                                               : "SubstreamID \(index) does not hold the plan's starting CD"
            throw TableError.liveEntry(what)
        }
        smmuv3_release_barrier()
        for step in plan.steps {
            for w in step.writes { try table.publish(index, qword: w.qword, value: w.value) }
            if step.sync {
                try table.arrays.owe(table.invalidations(for: index, leaf: true), sync: sync)
            }
        }
    }
}
