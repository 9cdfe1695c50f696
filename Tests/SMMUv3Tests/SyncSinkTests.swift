import CSMMUv3
import Foundation
import Synchronization
import Testing
@testable import SMMUv3

/// The sync sink (issue 9, items 2 and 4): every table operation hands its owed invalidations to
/// a sink at each sync point; `install` goes through the planner and the entry writer, so no
/// install over a live entry can show the SMMU a hybrid; the log drains into a real queue.
@Suite("Sync sink: install, ensure and the log to queue drain", .serialized)
struct SyncSinkTests {
    /// The log's stores of one entry as checker steps, a step ending at each run of invalidations.
    static func steps(_ events: [TableEvent], table: TableKind) -> [UpdatePlan.Step] {
        var steps: [UpdatePlan.Step] = []
        var writes: [UpdatePlan.Write] = []
        var owing = false
        for e in events {
            switch e {
            case let .store(t, _, _, q, v, _) where t == table:
                if owing { steps.append(UpdatePlan.Step(writes: writes, sync: true)); writes = []; owing = false }
                writes.append(UpdatePlan.Write(qword: q, value: v))
            case .store:
                break
            case .invalidate:
                owing = true
            }
        }
        if owing || !writes.isEmpty { steps.append(UpdatePlan.Step(writes: writes, sync: owing)) }
        return steps
    }

    /// What install stores over every builder configuration, judged by the torn-state checker.
    /// The old install stored words 1-7 with no sync before word 0, so bypass (which reads word 1)
    /// -> stage 1 was a hybrid; live translating entries were refused.
    @Test(arguments: [DescriptorKind.ste, .cd])
    func installOverEveryBuilderConfigurationIsSafe(_ kind: DescriptorKind) throws {
        let configs = kind == .ste ? PlannerTests.stes.map { ($0.0, $0.1.words) } : PlannerTests.cds.map { ($0.0, $0.1.words) }
        for (fromName, from) in configs {
            for (toName, to) in configs {
                let log = UpdateLog()
                var st = try StreamTable(linear: 2, log: log)
                var cds = try CDTable(.linear, s1cdmax: 2, streamIDs: [1], log: log)
                var syncs = 0
                if kind == .ste { try st.install(1, try STE(words: from)) { _ in } } else { try cds.install(1, try CD(words: from)) { _ in } }
                _ = log.drain()
                if kind == .ste { try st.install(1, try STE(words: to)) { _ in syncs += 1 } } else { try cds.install(1, try CD(words: to)) { _ in syncs += 1 } }
                let steps = Self.steps(log.all, table: kind == .ste ? .ste : .cd)
                #expect(steps.filter(\.sync).count == syncs, "\(fromName) -> \(toName): one sink call per sync point")
                let r = try Checker.check(kind, from: from, steps: steps, target: to)
                #expect(r.safe && r.endsSynced, "\(kind) \(fromName) -> \(toName): \(steps)")
                let now = kind == .ste ? try st.ste(1)?.words : try cds.cd(1)?.words
                #expect(now == to)
            }
        }
    }

    /// A reader thread plays the SMMU while install moves one live entry between every pair of
    /// builder configurations; each sync waits for a fetch in flight and for one more snapshot.
    @Test(arguments: [DescriptorKind.ste, .cd])
    func installUnderAConcurrentReaderShowsNoHybrid(_ kind: DescriptorKind) throws {
        let configs = kind == .ste ? PlannerTests.stes.map(\.1.words) : PlannerTests.cds.map(\.1.words)
        let ts = configs.flatMap { a in configs.map { (from: a, to: $0) } }
        let log = UpdateLog(recording: false)
        var st = try StreamTable(linear: 0, log: log)
        var cds = try CDTable(.linear, s1cdmax: 0, streamIDs: [0], log: log)
        let address = kind == .ste ? UInt(bitPattern: try st.entryAddress(0)) : UInt(bitPattern: try cds.entryAddress(0))
        let s = StressTests.Shared()
        let thread = Thread { StressTests.reader(kind, s, StressTests.Entry(address: address), ts) }
        thread.start()
        defer { s.stop.store(true, ordering: .sequentiallyConsistent) }
        var syncPoints = 0, seenAfterSync = 0
        func sync() {
            StressTests.sync(s)
            syncPoints += 1
            let before = s.snapshots.load(ordering: .relaxed)
            let deadline = ContinuousClock.now + .seconds(5)
            while s.snapshots.load(ordering: .relaxed) == before && ContinuousClock.now < deadline {}
            if s.snapshots.load(ordering: .relaxed) > before { seenAfterSync += 1 }
        }
        for (i, t) in ts.enumerated() {
            s.transition.store(-1, ordering: .sequentiallyConsistent)
            if kind == .ste { try st.install(0, try STE(words: t.from)) { _ in StressTests.sync(s) } } else {
                try cds.install(0, try CD(words: t.from)) { _ in StressTests.sync(s) }
            }
            s.transition.store(i, ordering: .sequentiallyConsistent)
            if kind == .ste { try st.install(0, try STE(words: t.to)) { _ in sync() } } else {
                try cds.install(0, try CD(words: t.to)) { _ in sync() }
            }
        }
        s.transition.store(-1, ordering: .sequentiallyConsistent)
        s.stop.store(true, ordering: .sequentiallyConsistent)
        while !thread.isFinished { usleep(100) }
        #expect(s.hybrids.load(ordering: .relaxed) == 0)
        #expect(syncPoints > ts.count)                      // most transitions need more than one sync
        #expect(seenAfterSync == syncPoints, "the reader looked at the entry after every sync point")
    }

    /// ensure's owed invalidations reach the sink (the old ensure only logged them).
    @Test func ensureHandsItsOwedInvalidationsToTheSink() throws {
        var st = try StreamTable(twoLevel: 12, split: 6)
        var q = try CommandQueue(log2Size: 4)
        #expect(try st.needsLeaf(0x123))
        #expect(try st.ensure(0x123) { try q.sync($0) })
        #expect(try !st.needsLeaf(0x124))
        #expect(try !st.ensure(0x124) { _ in Issue.record("no sync owed for a published L2 array") })
        let cmds = q.drain().commands
        #expect(cmds.map(\.layout.name) == ["CMD_CFGI_STE", "CMD_SYNC"])
        #expect(cmds.first?.value("StreamID") == 0x123 && cmds.first?.value("Leaf") == 0)

        var cd = try CDTable(.twoLevel4K, s1cdmax: 12, streamIDs: [5, 6])
        var owed: [[Invalidation]] = []
        try cd.ensure(700) { owed.append($0) }
        #expect(owed == [[.cfgiCD(sid: 5, ssid: 700, leaf: false), .cfgiCD(sid: 6, ssid: 700, leaf: false)]])
    }

    /// A sink that throws stops the operation at that sync point: the stores before it are made,
    /// nothing after it, and the owed invalidation is in the log.
    @Test func aFailingSinkStopsAtItsSyncPoint() throws {
        struct Refused: Error {}
        let log = UpdateLog()
        var st = try StreamTable(linear: 2, log: log)
        let target = try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))
        #expect(throws: Refused.self) { try st.install(1, target) { _ in throw Refused() } }
        let now = try #require(try st.ste(1))
        #expect(now.words[0] == STE.abort().words[0] && now.words[1] == target.words[1])   // step 1 only
        #expect(log.all.last == .invalidate(.cfgiSTE(sid: 1, leaf: true)))
    }

    /// The public log -> queue drain: a rig that defers its syncs gets the same commands, in order,
    /// all or nothing.
    @Test func theLogDrainsIntoARealQueue() throws {
        let log = UpdateLog()
        var st = try StreamTable(twoLevel: 8, split: 6, log: log)
        try st.install(9, try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))) { _ in }
        let expected = ["CMD_CFGI_STE", "CMD_SYNC", "CMD_CFGI_STE", "CMD_SYNC", "CMD_CFGI_STE", "CMD_SYNC"]
        var small = try CommandQueue(log2Size: 2)             // 4 entries: too few
        #expect(throws: QueueError.batchTooLarge(batch: 6, free: 4)) { try small.issue(log) }
        #expect(log.count == 6 && small.isEmpty)     // L1STD, CFGI_STE Leaf=0, word 1, CFGI_STE, word 0, CFGI_STE
        var q = try CommandQueue(log2Size: 4)
        let taken = try q.issue(log)
        #expect(taken.count == 6 && log.count == 0)
        let cmds = q.drain().commands
        #expect(cmds.map(\.layout.name) == expected)
        #expect(cmds.compactMap { $0.value("Leaf") } == [0, 1, 1])
    }

    /// The README's "Tables in real memory" tour, as written there.
    @Test func theReadmeTourRuns() throws {
        let map = BusMap(.fixedBase(0x8000_0000))
        var st = try StreamTable(twoLevel: 16, split: 8, map: map)
        var queue = try CommandQueue(log2Size: 8, map: map)
        var cds = try CDTable(.twoLevel64K, s1cdmax: 12, streamIDs: [0x42], map: map, log: st.log)
        try cds.install(0, try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: TranslationControl(t0sz: 16), mair: 0xff)) { try queue.sync($0) }
        try st.install(0x42, try STE.stage1(cds.ref)) { try queue.sync($0) }
        let (commands, _) = queue.drain()                            // as the SMMU consumes them
        // L1CD + CFGI_CD Leaf=0, the CD in two steps, L1STD + CFGI_STE Leaf=0, the STE in two steps.
        #expect(commands.map(\.layout.name) == Array(repeating: ["CMD_CFGI_CD", "CMD_SYNC"], count: 3).flatMap { $0 }
                + Array(repeating: ["CMD_CFGI_STE", "CMD_SYNC"], count: 3).flatMap { $0 })
        #expect(try st.ste(0x42) == (try STE.stage1(cds.ref)))
    }

    @Test func logsAreBounded() {
        let log = UpdateLog(capacity: 4)
        for i in 0..<10 { log.append(.invalidate(.cfgiSTE(sid: UInt32(i), leaf: true))) }
        #expect(log.count == 4 && log.dropped == 6)
        #expect(log.all == (6..<10).map { .invalidate(.cfgiSTE(sid: UInt32($0), leaf: true)) })
        log.append(.invalidate(.cfgiSTE(sid: 10, leaf: true)))
        #expect(log.drain() == (7..<11).map { .invalidate(.cfgiSTE(sid: UInt32($0), leaf: true)) })
        #expect(log.count == 0 && log.dropped == 7)
    }
}

/// The Fabric's command stream reaches the real queue in the order of the stores (issue 9 item
/// 8): each CMD_SYNC is pushed right after the stores the flow events show before it, not after
/// every store of the flow (the old flush ran once per flow).
@Suite("Fabric: commands reach the queue in store order")
struct FabricSinkTests {
    @Test(arguments: ScenarioTests.seeds)
    func eachSyncIsPushedWhereTheEventsShowIt(_ name: String) throws {
        let (fabric, steps) = try Scenario.run(try ScenarioTests.seed(name))
        let events = steps.flatMap(\.events)
        for smmu in fabric.smmuNames {
            var stores = 0
            var shown: [Int] = []
            for e in events {
                switch e {
                case let .store(s, _, _, _, _, _) where s == smmu: stores += 1
                case let .command(s, d) where s == smmu && d.layout.name == "CMD_SYNC": shown.append(stores)
                default: break
                }
            }
            let pushed = fabric.read { $0.smmus[smmu]?.syncsPushedAfter ?? [] }
            #expect(!shown.isEmpty)
            #expect(pushed == shown, "smmu \(smmu): CMD_SYNCs pushed after \(pushed) stores, shown after \(shown)")
            let logged = fabric.read { $0.smmus[smmu]?.log.count ?? -1 }
            #expect(logged == 0, "smmu \(smmu): the update log is drained at every sync point")
        }
    }
}

/// Bulk population plans once per distinct starting entry and stores what install would.
@Suite("Populate")
struct PopulateTests {
    @Test func populateStoresWhatInstallWould() throws {
        let target = try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))
        let a = UpdateLog(), b = UpdateLog()
        var t1 = try StreamTable(twoLevel: 10, split: 6, map: BusMap(.fixedBase(0x4000_0000)), log: a)
        var t2 = try StreamTable(twoLevel: 10, split: 6, map: BusMap(.fixedBase(0x4000_0000)), log: b)
        var syncs1 = 0, syncs2 = 0
        let sids: [UInt32] = [3, 4, 70, 900, 3]
        #expect(try t1.populate(sids, with: target.words) { _ in syncs1 += 1 } == 5)
        for sid in sids { try t2.install(sid, target) { _ in syncs2 += 1 } }
        #expect(a.all == b.all && syncs1 == syncs2)
        #expect(try sids.allSatisfy { try t1.ste($0) == target })
    }
}
