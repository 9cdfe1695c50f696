import CSMMUv3
import Foundation
import Synchronization
import Testing
@testable import SMMUv3

/// A reader thread plays the SMMU against a live STE in real table memory: it snapshots the
/// entry word by word in random order with 64-bit atomic loads, and a snapshot never spans a
/// completed sync (CMD_SYNC waits for fetches in flight). Every snapshot is classified against
/// the transition in progress with the consumer-view `Checker.Configuration`. Zero hybrids allowed for
/// planned updates; a naive word-by-word copy must produce some (proof the test can fail).
/// Bounded in count and time; timings are never asserted.
@Suite("Concurrent SMMU reader against live updates", .serialized)
struct StressTests {
    final class Shared: Sendable {
        let transition = Atomic<Int>(-1)
        let generation = Atomic<Int>(0)
        let inFlight = Atomic<Int>(-1)
        let stop = Atomic<Bool>(false)
        let snapshots = Atomic<Int>(0)
        let hybrids = Atomic<Int>(0)
        /// The transition the reader's latest counted snapshot was taken in.
        let lastObserved = Atomic<Int>(-1)
        /// Transitions the reader took at least one snapshot in.
        let windowsSeen = Atomic<Int>(0)
    }

    struct Entry: @unchecked Sendable { let address: UInt }

    /// Deterministic transitions between the builders' STE (or CD) configurations.
    static func transitions(_ kind: DescriptorKind, _ n: Int) -> [(from: [UInt64], to: [UInt64])] {
        let configs = kind == .ste ? PlannerTests.stes.map(\.1.words) : PlannerTests.cds.map(\.1.words)
        var state: UInt64 = 0x5eed
        var cur = kind == .ste ? STE.abort().words : CD().words
        var out: [([UInt64], [UInt64])] = []
        for _ in 0..<n {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let next = configs[Int(state >> 33) % configs.count]
            out.append((cur, next))
            cur = next
        }
        return out
    }

    /// The SMMU side: snapshot until told to stop; count hybrids.
    static func reader(_ kind: DescriptorKind, _ s: Shared, _ e: Entry, _ ts: [(from: [UInt64], to: [UInt64])]) {
        let p = UnsafePointer<UInt64>(bitPattern: e.address)!
        var rng: UInt64 = 0xabcdef
        var order = Array(0..<8)
        var ends: (t: Int, from: Checker.Configuration, to: Checker.Configuration)?     // the current transition's, decoded once
        while !s.stop.load(ordering: .sequentiallyConsistent) {
            let t = s.transition.load(ordering: .sequentiallyConsistent)
            let g = s.generation.load(ordering: .sequentiallyConsistent)
            s.inFlight.store(g, ordering: .sequentiallyConsistent)
            if s.generation.load(ordering: .sequentiallyConsistent) != g {   // a sync started: retry
                s.inFlight.store(-1, ordering: .sequentiallyConsistent)
                continue
            }
            for i in stride(from: 7, to: 0, by: -1) {
                rng = rng &* 6364136223846793005 &+ 1
                order.swapAt(i, Int(rng >> 33) % (i + 1))
            }
            var words = [UInt64](repeating: 0, count: 8)
            for i in order { words[i] = smmuv3_load_qword(p + i) }
            smmuv3_full_barrier()
            s.inFlight.store(-1, ordering: .sequentiallyConsistent)
            guard t >= 0, s.transition.load(ordering: .sequentiallyConsistent) == t else { continue }
            s.snapshots.add(1, ordering: .relaxed)
            if s.lastObserved.exchange(t, ordering: .sequentiallyConsistent) != t { s.windowsSeen.add(1, ordering: .relaxed) }
            if ends?.t != t { ends = (t, Checker.Configuration(kind, ts[t].from), Checker.Configuration(kind, ts[t].to)) }
            let c = Checker.Configuration(kind, words)
            if let (_, from, to) = ends, !c.isInvalid && !c.equivalent(to: from) && !c.equivalent(to: to) {
                s.hybrids.add(1, ordering: .relaxed)
            }
        }
    }

    /// The writer's CMD_SYNC: completes once no fetch that started before it is in flight.
    static func sync(_ s: Shared) {
        let g = s.generation.add(1, ordering: .sequentiallyConsistent).newValue
        while true {
            let f = s.inFlight.load(ordering: .sequentiallyConsistent)
            if f == -1 || f >= g { return }
        }
    }

    /// At the first sync point of transition `t` (its first step stored, not yet synced): wait
    /// until the reader has completed, in `t`'s window, a snapshot that started after this call
    /// (the second to complete after it), so one of the step's intermediate state; at most one
    /// second (a reader stalled that long fails the test instead of hanging it). True if it did.
    static func awaitSnapshot(_ s: Shared, in t: Int) -> Bool {
        let seen = s.snapshots.load(ordering: .sequentiallyConsistent)
        let deadline = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < deadline {
            if s.snapshots.load(ordering: .sequentiallyConsistent) >= seen + 2
                && s.lastObserved.load(ordering: .sequentiallyConsistent) == t { return true }
            usleep(20)                                      // give the reader the core on a busy machine
        }
        return false
    }

    /// Snapshots taken, hybrids seen, transitions the reader took a snapshot in, and (planned
    /// updates) of every 20th transition with a sync point, how many the writer held at their
    /// first sync point until the reader had looked (`awaited`), out of how many (`windows`).
    /// Waiting in every window costs seconds on a loaded machine; one in twenty keeps the
    /// minimum meaningful and the test fast.
    func run(_ kind: DescriptorKind, count: Int, naive: Bool) throws
        -> (snapshots: Int, hybrids: Int, windowsSeen: Int, awaited: Int, windows: Int) {
        let ts = Self.transitions(kind, count)
        let log = UpdateLog(recording: false)
        let st = try StreamTable(linear: 0, log: log)
        var cds = try CDTable(.linear, s1cdmax: 0, streamIDs: [0], log: log)
        try cds.ensure(0) { _ in }
        let address = kind == .ste ? UInt(bitPattern: try st.entryAddress(0)!) : UInt(bitPattern: try cds.entryAddress(0)!)
        let e = Entry(address: address)
        let s = Shared()
        let thread = Thread { Self.reader(kind, s, e, ts) }
        thread.start()
        defer { s.stop.store(true, ordering: .sequentiallyConsistent) }
        var awaited = 0, windows = 0
        for (i, t) in ts.enumerated() {
            s.transition.store(i, ordering: .sequentiallyConsistent)
            if naive {
                for q in 0..<8 where t.from[q] != t.to[q] {
                    if kind == .ste { try st.publish(0, qword: q, value: t.to[q]) } else { try cds.publish(0, qword: q, value: t.to[q]) }
                    // Let the reader complete two snapshots of this intermediate state (at most 20 ms).
                    let seen = s.snapshots.load(ordering: .relaxed)
                    let deadline = ContinuousClock.now + .milliseconds(20)
                    while s.snapshots.load(ordering: .relaxed) < seen + 2 && ContinuousClock.now < deadline {}
                }
                Self.sync(s)
            } else {
                let plan = try Planner.plan(kind, from: t.from, to: t.to)
                var first = i % 20 == 0
                let sync = { (_: [Invalidation]) in
                    if first {
                        windows += 1
                        if Self.awaitSnapshot(s, in: i) { awaited += 1 }
                        first = false
                    }
                    Self.sync(s)
                }
                if kind == .ste {
                    try EntryWriter.apply(plan, to: st, at: 0, sync: sync)
                } else {
                    try EntryWriter.apply(plan, to: cds, at: 0, sync: sync)
                }
            }
            if naive && s.hybrids.load(ordering: .relaxed) > 0 { break }
        }
        s.transition.store(-1, ordering: .sequentiallyConsistent)
        s.stop.store(true, ordering: .sequentiallyConsistent)
        while !thread.isFinished { usleep(100) }
        return (s.snapshots.load(ordering: .relaxed), s.hybrids.load(ordering: .relaxed),
                s.windowsSeen.load(ordering: .relaxed), awaited, windows)
    }

    @Test(arguments: [DescriptorKind.ste, .cd])
    func plannedUpdatesShowNoHybrid(_ kind: DescriptorKind) throws {
        let r = try run(kind, count: 3000, naive: false)
        #expect(r.hybrids == 0)
        // The reader looked inside at least 100 transitions mid-update, not once in the whole run.
        #expect(r.windows >= 100, "only \(r.windows) of the 150 sampled transitions have a sync point")
        #expect(r.awaited == r.windows, "the reader took a snapshot in only \(r.awaited) of \(r.windows) held windows")
        #expect(r.windowsSeen >= r.windows && r.snapshots >= r.windowsSeen)
    }

    @Test(arguments: [DescriptorKind.ste, .cd])
    func aNaiveCopyIsCaught(_ kind: DescriptorKind) throws {
        let r = try run(kind, count: 3000, naive: true)
        #expect(r.hybrids > 0, "\(r.snapshots) snapshots and no hybrid: the stress test could not fail")
    }
}
