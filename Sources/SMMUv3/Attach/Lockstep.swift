/// Batched updates: when one line changes several entries of one kind on one
/// SMMU (a master's StreamIDs, a domain's CD slots), the SMMU reads each entry independently, so
/// their plans can run in lockstep: step k's stores for every entry, the CFGI_* of every entry
/// whose step k ends in a sync, then ONE CMD_SYNC. Each entry still goes through exactly its
/// own plan's states (so the torn-state checker judges each entry's sequence on its own), and a
/// CD is still synced before any STE that points at it (CDs and STEs are never joined: the
/// flows write the CDs first). `smmu ... order=lockstep` turns it on for an SMMU; the default
/// (`order=driver`) keeps the driver's one-entry-at-a-time order.
extension Fabric {
    /// One entry of a lockstep group: its plan, how to store a one-step piece of it (no sync), and
    /// the invalidations it owes after a step.
    struct LockstepEntry {
        let plan: UpdatePlan
        let store: (UpdatePlan) throws -> Void
        let owed: () -> [Invalidation]
    }

    /// Run the entries' plans in lockstep on one SMMU: per step, every entry's stores, then the
    /// invalidations of every entry whose step syncs, then one sync through the sink. Counts the
    /// syncs saved against running the plans one after another.
    func lockstep(_ s: State, _ sm: SMMUState, _ entries: [LockstepEntry]) throws(FlowError) {
        let steps = entries.map(\.plan.steps.count).max() ?? 0
        var words = entries.map(\.plan.from)
        var alone = 0, together = 0
        for k in 0..<steps {
            var owed: [Invalidation] = []
            for (i, e) in entries.enumerated() where k < e.plan.steps.count {
                let step = e.plan.steps[k]
                var next = words[i]
                for w in step.writes { next[w.qword] = w.value }
                let piece = UpdatePlan(kind: e.plan.kind, from: words[i], to: next, features: e.plan.features,
                                 steps: [UpdatePlan.Step(writes: step.writes, sync: false)], reason: "lockstep step \(k + 1)")
                do { try e.store(piece) } catch let x as FlowError { throw x } catch { throw FlowError("smmu \(sm.name): \(error)") }
                words[i] = next
                if step.sync {
                    owed += e.owed()
                    alone += 1
                }
            }
            // Every entry's stores of this step first, then what they owe: one run of
            // invalidations in the log is one sync point (`CommandQueue.batches`).
            for inv in owed { sm.log.append(.invalidate(inv)) }
            if !owed.isEmpty {
                do { try sink(s, sm)(owed) } catch let x as FlowError { throw x } catch { throw FlowError("smmu \(sm.name): \(error)") }
                together += 1
            }
        }
        s.eventLog.syncsSaved += alone - together
    }
}
