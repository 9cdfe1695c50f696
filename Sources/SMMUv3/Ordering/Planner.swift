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
/// sides (`Plan.findings`), and only the writers of real memory refuse an ILLEGAL target
/// unless asked not to (`EntryWriter.apply(…, allowIllegal:)`).
public enum Planner {
    public static func plan(_ kind: DescriptorKind, from: [UInt64], to: [UInt64],
                            policy: Policy = .linux, features: Features = Features()) throws(PlanError) -> Plan {
        guard kind == .ste || kind == .cd else { throw .kind(kind) }
        guard from.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: from.count)) }
        guard to.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: to.count)) }
        let p = linux(kind, from, to, features)
        return policy == .linux ? p : try minimal(p)
    }

    /// Linux's sequence.
    static func linux(_ kind: DescriptorKind, _ cur: [UInt64], _ target: [UInt64], _ features: Features) -> Plan {
        var curUsed = UsedBits.used(kind, cur)
        var targetUsed = UsedBits.used(kind, target)
        var safe = UsedBits.updateSafe(kind, cur, target)
        var unused = cur
        var diffWords: [Int] = []
        for i in 0..<8 {
            // Safe bits count only where both configurations use them; elsewhere the unused side rules.
            safe[i] &= curUsed[i] & targetUsed[i]
            curUsed[i] &= ~safe[i]
            targetUsed[i] &= ~safe[i]
            unused[i] = (cur[i] & curUsed[i]) | (target[i] & ~curUsed[i])
            if (unused[i] ^ target[i]) & targetUsed[i] != 0 { diffWords.append(i) }
        }
        var entry = cur
        var steps: [Step] = []
        /// Store words lo..<hi of `value` that differ; a step with stores ends with a sync.
        func set(_ value: [UInt64], _ range: Range<Int>) {
            var writes: [Write] = []
            for i in range where entry[i] != value[i] {
                entry[i] = value[i]
                writes.append(Write(qword: i, value: value[i]))
            }
            if !writes.isEmpty { steps.append(Step(writes: writes, sync: true)) }
        }
        let reason: String
        if diffWords.count == 1 {
            let critical = diffWords[0]
            unused[critical] = cur[critical]
            set(unused, 0..<8)
            set(target, critical..<critical + 1)
            set(target, 0..<8)
            reason = "hitless: only word \(critical) holds used bits that change (\(fieldsChanged(kind, cur, target, word: critical)))"
        } else if !diffWords.isEmpty {
            var broken = entry
            broken[0] &= ~Layouts.fixed(kind)!.field(named: "V")!.mask
            set(broken, 0..<1)
            set(target, 1..<8)
            set(target, 0..<1)
            reason = "breaking (V=0): used bits change in words \(diffWords.map(String.init).joined(separator: ", ")) ("
                + diffWords.map { fieldsChanged(kind, cur, target, word: $0) }.joined(separator: "; ") + ")"
        } else {
            set(target, 0..<8)
            reason = entry == cur && cur == target ? "nothing to do" : "hitless: only bits the current configuration ignores change"
        }
        return Plan(kind: kind, from: cur, to: target, steps: steps, reason: reason, features: features)
    }

    static func fieldsChanged(_ kind: DescriptorKind, _ a: [UInt64], _ b: [UInt64], word: Int) -> String {
        let names = Layouts.fixed(kind)!.fields.filter { $0.word == word && !$0.isAlias && $0.get(a) != $0.get(b) }.map(\.name)
        return "word \(word): " + (names.isEmpty ? "no named field" : names.joined(separator: ", "))
    }

    /// Drop each sync, first to last, that the checker proves unnecessary: merging the step with
    /// the next keeps the sequence safe, as hitless as before, and still ending with a sync.
    static func minimal(_ p: Plan) throws(PlanError) -> Plan {
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
        return Plan(kind: p.kind, from: p.from, to: p.to, features: p.features, steps: steps,
                    reason: p.reason + (steps.count < p.steps.count ? "; \(p.steps.count - steps.count) sync(s) dropped, every observable state checked" : ""))
    }
}
