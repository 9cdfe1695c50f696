/// Plans the update of a live entry so that the SMMU never sees a hybrid of the old and new
/// configuration (the algorithm of the Linux driver's arm_smmu_write_entry):
///
/// - If the used bits of the target differ from what the current entry would show in only one
///   word (the critical word): write every bit the current configuration ignores, sync; store
///   the critical word, sync; write the rest (bits the target ignores), sync.
/// - If they differ in more than one word, break: V=0 in word 0, sync; words 1..7, sync; word 0,
///   sync. Not hitless: transactions see an invalid entry in between.
/// - A step that changes nothing is not issued and needs no sync.
///
/// Any descriptor can be planned, ILLEGAL and reserved ones included (an emulator test may
/// want to drive an SMMU into C_BAD_STE on purpose): the plan carries the findings of both
/// sides (`UpdatePlan.findings`), and only the writers of real memory refuse an ILLEGAL target
/// unless asked not to (`EntryWriter.apply(…, allowIllegal:)`).
public enum Planner {
    /// The steps that take a live STE or CD from `from` to `to`, as described above.
    ///
    /// - Parameters:
    ///   - kind: ``DescriptorKind/ste`` or ``DescriptorKind/cd``.
    ///   - from: the 8 words the entry holds now.
    ///   - to: the 8 words to install.
    ///   - policy: `.linux` for the driver's sequence and sync count, `.minimal` to also drop
    ///     every sync the checker proves unnecessary.
    ///   - features: the SMMU the plan's findings are judged against (planning does not read it).
    /// - Returns: the plan: its steps, why they have that shape, and both sides' findings on demand.
    /// - Throws: ``PlanError/kind(_:)`` for a kind other than STE or CD, ``PlanError/input(_:)``
    ///   when `from` or `to` is not 8 words.
    public static func plan(_ kind: DescriptorKind, from: [UInt64], to: [UInt64],
                            policy: Planner.Policy = .linux, features: Features = Features()) throws(PlanError) -> UpdatePlan {
        guard kind == .ste || kind == .cd else { throw .kind(kind) }
        guard from.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: from.count)) }
        guard to.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: to.count)) }
        let p = linux(kind, from, to, features)
        return policy == .linux ? p : try minimal(p)
    }

    /// Linux's sequence.
    static func linux(_ kind: DescriptorKind, _ cur: [UInt64], _ target: [UInt64], _ features: Features) -> UpdatePlan {
        let c = UsedBits.entry(cur), t = UsedBits.entry(target)
        var steps: [UpdatePlan.Step] = []
        steps.reserveCapacity(3)
        let differs = StoreSequence.linux(cur: c, curUsed: UsedBits.used(kind, c), target: t,
                                          targetUsed: UsedBits.used(kind, t), safe: UsedBits.updateSafe(kind, c, t),
                                          vMask: kind == .cd ? UsedBits.cdV : UsedBits.vMask) { m, v in
            var writes: [UpdatePlan.Write] = []
            for i in 0..<8 where m & (1 << i) != 0 { writes.append(UpdatePlan.Write(qword: i, value: v[i])) }
            steps.append(UpdatePlan.Step(writes: writes, sync: true))
        }
        let why: UpdatePlan.Why
        if differs != 0 && differs & (differs &- 1) == 0 {
            why = .hitless(critical: differs.trailingZeroBitCount)
        } else if differs != 0 {
            why = .breaking(words: (0..<8).filter { differs & (1 << $0) != 0 })
        } else {
            why = c == t ? .nothingToDo : .ignoredBitsOnly
        }
        return UpdatePlan(kind: kind, from: cur, to: target, features: features, steps: steps, why: why)
    }

    /// Drop each sync, first to last, that the checker proves unnecessary: merging the step with
    /// the next keeps the sequence safe, as hitless as before, and still ending with a sync.
    static func minimal(_ p: UpdatePlan) throws(PlanError) -> UpdatePlan {
        var steps = p.steps
        let base = try Checker.check(p.kind, from: p.from, steps: steps, target: p.to)
        var i = 0
        while i < steps.count - 1 {
            var trial = steps
            trial[i + 1].writes = trial[i].writes + trial[i + 1].writes
            trial.remove(at: i)
            let r = try Checker.check(p.kind, from: p.from, steps: trial, target: p.to)
            if r.safe && r.hitless == base.hitless && r.endsSynced {
                steps = trial
            } else {
                i += 1
            }
        }
        return UpdatePlan(kind: p.kind, from: p.from, to: p.to, features: p.features, steps: steps,
                    why: .minimal(p.why, dropped: p.steps.count - steps.count))
    }
}

extension Planner {
    /// Which sequence the planner issues.
    public enum Policy: String, Sendable, CaseIterable {
        /// The Linux driver's arm_smmu_write_entry sequences and sync counts.
        case linux
        /// Linux's sequence with every sync the checker proves unnecessary dropped.
        case minimal
    }
}
