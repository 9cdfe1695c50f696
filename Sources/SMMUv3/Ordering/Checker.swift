/// The torn-state checker (consumer view). The SMMU reads each 64-bit word atomically, the words
/// in any order and at any time, and may keep what it read until a CFGI + CMD_SYNC completes. So
/// between two syncs every word may show the value it had at the last sync or any value stored
/// to it since (a store not followed by a sync leaves that debt to the next step). Every such
/// combination is judged: the old configuration, the new one, invalid (V=0), or HYBRID.
/// Safe: no hybrid is observable. Hitless: safe and never invalid.
///
/// The checker is exact without enumerating the combinations. What an entry reads is fixed by
/// a few selector fields in words 0 and 1 (`ConsumerView`), and within one read class "reads as
/// the old entry" is a conjunction of one test per word. So, for each read class reachable from
/// the candidate values of words 0 and 1, a hybrid exists exactly when some word has a candidate
/// that is neither old nor new there, or one word has a candidate that is not old and another
/// word one that is not new (or the class is neither the old nor the new one). That is linear
/// in the number of candidate values: every log gets an exact verdict.
public enum Checker {
    /// How an observable entry reads: as the old configuration, the new one, invalid (V=0), or a hybrid of both.
    public enum Class: String, Sendable {
        /// Behaves as the entry before the change (`from`).
        case old
        /// Behaves as the target (`to`).
        case new
        /// V=0: the entry is invalid.
        case invalid
        /// Neither old nor new (or not 8 words): a hybrid the SMMU must never see.
        case hybrid
    }

    /// What a sequence of stores and syncs does to a live entry. The first failure in this
    /// order wins: a hybrid, a sequence that ends without its sync, one that misses the target,
    /// a check that ran out of budget; otherwise safe.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        /// No hybrid is observable; `hitless` when no invalid entry is either.
        case safe(hitless: Bool)
        /// `entry` is observable in step `step` (0-based) and is neither old, new nor invalid.
        case hybrid(entry: [UInt64], step: Int)
        /// The last step has stores and no sync after them: the SMMU may still use stale words.
        case endsUnsynced
        /// The sequence does not leave the entry equal to the target.
        case missesTarget
        /// The check stopped at its work budget before it could decide: never reported as safe.
        case undecided(work: Int, budget: Int)

        /// True for ``safe(hitless:)``.
        public var isSafe: Bool { if case .safe = self { return true } else { return false } }
        /// True for ``undecided(work:budget:)``.
        public var isUndecided: Bool { if case .undecided = self { return true } else { return false } }

        /// `safe`, `unsafe` or `undecided` (the JSON `verdict` and the CLI's first word).
        public var description: String {
            switch self {
            case .safe: "safe"
            case .undecided: "undecided"
            case .hybrid, .endsUnsynced, .missesTarget: "unsafe"
            }
        }
    }

    /// What a check found: the verdict and the facts behind it.
    public struct Report: Sendable, Hashable {
        /// The verdict: safe, one of the unsafe ones, or undecided.
        public let verdict: Verdict
        /// No hybrid is observable (false when the check was undecided).
        public let safe: Bool
        /// Safe, and no invalid (V=0) entry is observable either.
        public let hitless: Bool
        /// Entries the SMMU could observe, counting each step's new combinations (saturates at
        /// `Int.max`).
        public let observed: Int
        /// The first hybrid entry found, and the step it is observable in (0-based).
        public let hybrid: [UInt64]?
        /// The step (0-based) the first hybrid entry is observable in.
        public let hybridStep: Int?
        /// The number of steps that end with a sync.
        public let syncs: Int
        /// The last step ends with a sync (nothing left for the SMMU to see late).
        public let endsSynced: Bool
        /// The entry ends equal to the target.
        public let reachesTarget: Bool
        /// The whole sequence was judged within the budget.
        public let decided: Bool
    }

    /// Work units (candidate values visited) one check may spend before it says `undecided`.
    /// The search is linear in the log's size, so only a log of billions of stores reaches it.
    public static let defaultBudget = 1 << 32

    /// Judge `steps` applied to the live entry `from`, which should end at `target`.
    /// Throws only for a malformed sequence (not 8 words, a store to a word beyond 7).
    ///
    /// - Parameters:
    ///   - kind: ``DescriptorKind/ste`` or ``DescriptorKind/cd``.
    ///   - from: the 8 words the entry holds before the first step.
    ///   - steps: the stores and syncs, in order (an ``UpdatePlan``'s, or a recorded log's).
    ///   - target: the 8 words the sequence should leave.
    ///   - budget: work units (candidate values visited) before the verdict is `undecided`.
    /// - Returns: the verdict and the facts behind it.
    /// - Throws: ``PlanError/kind(_:)``, ``PlanError/input(_:)`` or ``PlanError/word(_:)``.
    public static func check(_ kind: DescriptorKind, from: [UInt64], steps: [UpdatePlan.Step], target: [UInt64],
                             budget: Int = defaultBudget) throws(PlanError) -> Report {
        guard kind == .ste || kind == .cd else { throw .kind(kind) }
        guard from.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: from.count)) }
        guard target.count == 8 else { throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: target.count)) }
        // Steps and their stores are read through buffer pointers: iterating an array of steps
        // would retain each step's store list.
        let bad: Int? = steps.withUnsafeBufferPointer { sp in
            for n in sp.indices {
                let bad = sp[n].writes.withUnsafeBufferPointer { wp in wp.first { !(0..<8).contains($0.qword) } }
                if let bad { return bad.qword }
            }
            return nil
        }
        if let bad { throw .word(bad) }

        // Each word's candidates live in one buffer (on the stack for any plan-sized sequence):
        // word i has room for its value at the last sync plus every store to it.
        var room = SIMD8<Int>(repeating: 1)
        var stores = 0
        steps.withUnsafeBufferPointer { sp in
            for n in sp.indices {
                sp[n].writes.withUnsafeBufferPointer { wp in
                    for w in wp { room[w.qword] += 1 }
                    stores += wp.count
                }
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8 + stores) { buffer in
            var candidates = Candidates(buffer, room: room)
            return judge(kind, from, steps, target, budget, &candidates)
        }
    }

    static func judge(_ kind: DescriptorKind, _ from: [UInt64], _ steps: [UpdatePlan.Step], _ target: [UInt64], _ budget: Int,
                      _ candidates: inout Candidates) -> Report {
        let view = ConsumerView.of(kind)
        var current = SIMD8<UInt64>(), new = SIMD8<UInt64>()
        for i in 0..<8 {
            current[i] = from[i]
            new[i] = target[i]
            candidates.reset(i, from[i])
        }
        var search = Search(view: view, old: current, new: new, budget: budget)
        var observed = 1
        var hybrid: (entry: [UInt64], step: Int)?
        var invalidSeen = false
        var syncs = 0
        var endsSynced = true   // an empty sequence leaves nothing unsynced
        steps.withUnsafeBufferPointer { sp in
            for n in sp.indices {
                sp[n].writes.withUnsafeBufferPointer { wp in
                    for w in wp {
                        current[w.qword] = w.value
                        candidates.append(w.qword, w.value)
                    }
                }
                var product = 1
                for i in 0..<8 {
                    if candidates.count[i] > 1 { candidates.unique(i) }
                    let m = product.multipliedReportingOverflow(by: candidates.count[i])
                    product = m.overflow ? Int.max : m.partialValue
                }
                let sum = observed.addingReportingOverflow(product - 1)
                observed = sum.overflow ? Int.max : sum.partialValue
                if candidates[0].contains(where: { $0 & view.vMask == 0 }) { invalidSeen = true }
                if hybrid == nil, let e = search.hybrid(candidates) { hybrid = (e, n) }
                endsSynced = sp[n].sync
                if sp[n].sync {
                    syncs += 1
                    for i in 0..<8 { candidates.reset(i, current[i]) }
                }
            }
        }

        let reachesTarget = current == new
        let decided = search.work <= budget
        let verdict: Verdict
        if let hybrid { verdict = .hybrid(entry: hybrid.entry, step: hybrid.step) }
        else if !endsSynced { verdict = .endsUnsynced }
        else if !reachesTarget { verdict = .missesTarget }
        else if !decided { verdict = .undecided(work: search.work, budget: budget) }
        else { verdict = .safe(hitless: !invalidSeen) }
        let safe = hybrid == nil && decided
        return Report(verdict: verdict, safe: safe, hitless: safe && !invalidSeen, observed: observed,
                      hybrid: hybrid?.entry, hybridStep: hybrid?.step, syncs: syncs,
                      endsSynced: endsSynced, reachesTarget: reachesTarget, decided: decided)
    }

    /// How the SMMU treats `observed` while `from` is being changed to `to`.
    public static func classify(_ kind: DescriptorKind, observed: [UInt64], from: [UInt64], to: [UInt64]) -> Class {
        let view = ConsumerView.of(kind)
        guard observed.count == 8, from.count == 8, to.count == 8 else { return .hybrid }
        if observed[0] & view.vMask == 0 { return .invalid }
        if view.equivalent(observed, from) { return .old }
        if view.equivalent(observed, to) { return .new }
        return .hybrid
    }
}

/// Each word's candidate values (the value at the last sync, then every value stored since),
/// in one caller-provided buffer: word i owns `room[i]` slots from `start[i]`.
struct Candidates {
    let buffer: UnsafeMutableBufferPointer<UInt64>
    let start: SIMD8<Int>
    var count = SIMD8<Int>(repeating: 0)

    init(_ buffer: UnsafeMutableBufferPointer<UInt64>, room: SIMD8<Int>) {
        self.buffer = buffer
        var s = SIMD8<Int>(repeating: 0)
        for i in 1..<8 { s[i] = s[i - 1] + room[i - 1] }
        start = s
    }

    /// Word i's candidates, indexed from 0.
    subscript(i: Int) -> UnsafeMutableBufferPointer<UInt64> {
        UnsafeMutableBufferPointer(rebasing: buffer[start[i]..<start[i] + count[i]])
    }

    mutating func reset(_ i: Int, _ v: UInt64) {
        buffer[start[i]] = v
        count[i] = 1
    }

    mutating func append(_ i: Int, _ v: UInt64) {
        buffer[start[i] + count[i]] = v
        count[i] += 1
    }

    /// Drop repeated values of word i, keeping the first of each (a set only for long lists).
    mutating func unique(_ i: Int) {
        let c = self[i]
        var n = 0
        if c.count < 16 {
            for j in c.indices where !c[..<n].contains(c[j]) {
                c[n] = c[j]
                n += 1
            }
        } else {
            var seen = Set<UInt64>(minimumCapacity: c.count)
            for j in c.indices where seen.insert(c[j]).inserted {
                c[n] = c[j]
                n += 1
            }
        }
        count[i] = n
    }
}

/// The exact hybrid search of one step.
struct Search {
    let view: ConsumerView
    let old: SIMD8<UInt64>, new: SIMD8<UInt64>
    let oldClass: Int, newClass: Int
    let budget: Int
    /// Candidate values visited so far.
    var work = 0

    init(view: ConsumerView, old: SIMD8<UInt64>, new: SIMD8<UInt64>, budget: Int) {
        self.view = view
        self.old = old
        self.new = new
        self.budget = budget
        oldClass = view.readClass(old[0], old[1])
        newClass = view.readClass(new[0], new[1])
    }

    /// A hybrid entry observable with these candidate values per word, or nil if there is none
    /// (or the budget ran out first: `work` then exceeds `budget`).
    mutating func hybrid(_ candidates: Candidates) -> [UInt64]? {
        // The read classes: word 0's part, then (STE) word 1's part of each. Few distinct
        // classes exist (at most 20 x 2), so they are found by scanning, without a set.
        let c0 = candidates[0], c1 = candidates[1]
        work += c0.count
        for (n, w) in c0.enumerated() {
            let k0 = view.key0(w)
            // Each class of word 0 once: at its first candidate.
            if k0 == 0 || c0[..<n].contains(where: { view.key0($0) == k0 }) { continue }
            if view.key1Matters(k0) {
                work += c1.count
                for (m, w1) in c1.enumerated() {
                    let k1 = view.key1(k0, w1)
                    if c1[..<m].contains(where: { view.key1(k0, $0) == k1 }) { continue }
                    if let e = hybrid(inClass: k0 | k1, candidates, k0: k0, k1: k1) { return e }
                    if work > budget { return nil }
                }
            } else {
                if let e = hybrid(inClass: k0, candidates, k0: k0, k1: nil) { return e }
                if work > budget { return nil }
            }
        }
        return nil
    }

    /// Within one read class: the candidates of word 0 whose key0 is `k0`, of word 1 whose
    /// key1 is `k1` (when word 1 takes part in the class), of the other words all.
    mutating func hybrid(inClass c: Int, _ candidates: Candidates, k0: Int, k1: Int?) -> [UInt64]? {
        @inline(__always) func member(_ i: Int, _ v: UInt64) -> Bool {
            if i == 0 { return view.key0(v) == k0 }
            if i == 1, let k1 { return view.key1(k0, v) == k1 }
            return true
        }
        /// Any combination of this class with word `i` set to `a` (and word `j` to `b`).
        func witness(_ i: Int, _ a: UInt64, _ j: Int = -1, _ b: UInt64 = 0) -> [UInt64] {
            (0..<8).map { q in
                if q == i { return a }
                if q == j { return b }
                return candidates[q].first { member(q, $0) } ?? candidates[q][0]
            }
        }
        let isOld = c == oldClass, isNew = c == newClass
        // A class neither side reads as: every entry of it is a hybrid.
        guard isOld || isNew else { return witness(-1, 0) }
        let m = view.masks[c]
        // Per word: a candidate that is not old there, one that is not new (-1: none).
        var notOld = SIMD8<Int64>(repeating: -1), notNew = SIMD8<Int64>(repeating: -1)
        for i in 0..<8 {
            let ci = candidates[i]
            work += ci.count
            for (j, v) in ci.enumerated() where member(i, v) {
                let o = isOld && view.wordMatches(i, v, old[i], m[i])
                let n = isNew && view.wordMatches(i, v, new[i], m[i])
                // Neither old nor new in this word: that combination is neither.
                if !o && !n { return witness(i, v) }
                if !o && notOld[i] < 0 { notOld[i] = Int64(j) }
                if !n && notNew[i] < 0 { notNew[i] = Int64(j) }
            }
        }
        // Not old in word i and not new in another word j: that combination is neither.
        for i in 0..<8 where notOld[i] >= 0 {
            for j in 0..<8 where j != i && notNew[j] >= 0 {
                return witness(i, candidates[i][Int(notOld[i])], j, candidates[j][Int(notNew[j])])
            }
        }
        return nil
    }
}

extension Checker {
    /// What an SMMU does with an entry, as the fields it reads and their values (IHI 0070 §5.2, §5.4,
    /// §13.5). Two entries with the same configuration behave the same for every transaction.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// ``DescriptorKind/ste`` or ``DescriptorKind/cd``.
        public let kind: DescriptorKind
        /// The entry's 8 words.
        public let words: [UInt64]
        /// V=0: the entry is invalid and the SMMU reads no other field of it.
        public let isInvalid: Bool

        /// `words` must hold 8 words; fewer are read as zero.
        public init(_ kind: DescriptorKind, _ words: [UInt64]) {
            self.kind = kind == .cd ? .cd : .ste
            var w = Array(words.prefix(8))
            while w.count < 8 { w.append(0) }
            self.words = w
            isInvalid = w[0] & ConsumerView.of(self.kind).vMask == 0
        }

        /// The fields the SMMU reads for this entry, with their values.
        public var reads: [String: UInt64] {
            let view = ConsumerView.of(kind)
            let c = view.readClass(words[0], words[1])
            guard c != 0 else { return [:] }
            let m = view.masks[c]
            var r: [String: UInt64] = [:]
            if m == SIMD8(repeating: 0) { return ["Config": 0] }
            for f in (kind == .cd ? DescriptorLayout.cd : DescriptorLayout.ste).fields where !f.isAlias && m[f.word] & f.mask == f.mask {
                r[f.name] = f.get(words)
            }
            return r
        }

        /// Same behaviour: both invalid, or the same fields read with the same values (EATS 0b00
        /// and 0b01 interchangeable, S1DSS 0b11 as terminate).
        public func equivalent(to o: Checker.Configuration) -> Bool {
            kind == o.kind && ConsumerView.of(kind).equivalent(words, o.words)
        }

        /// `invalid`, or the fields read as `NAME=value`, sorted by name.
        public var description: String {
            let r = reads
            return isInvalid ? "invalid" : r.keys.sorted().map { "\($0)=\(hex(r[$0] ?? 0))" }.joined(separator: " ")
        }
    }
}
