import Testing
@testable import SMMUv3

/// The allocation-free writer stores exactly what the planner plans: Linux's sequence, the
/// same words in the same steps, one sync per step.
@Suite("Live writer: prepared targets, memoised pairs, fill")
struct LiveWriterTests {
    static func steConfigs() throws -> [[UInt64]] {
        let t = CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4)
        var ats = Stage1Options(); ats.eats = .trans
        var dssBypass = Stage1Options(); dssBypass.s1dss = .bypass; dssBypass.shcfg = .incoming
        var s2 = Stage2Config(vmid: 0, vttbr: 0x8100_0000, t0sz: 24, sl0: 1); s2.shcfg = .incoming
        return [STE.abort().words, STE.bypass(shcfg: .incoming).words, try STE.stage1(t).words,
                try STE.stage1(t, ats).words, try STE.stage1(t, dssBypass).words, try STE.stage2(s2).words,
                try STE.nested(t, stage2: s2).words]
    }

    static func cdConfigs() throws -> [[UInt64]] {
        let tcr = TranslationControl(t0sz: 16)
        let sva = try CD.sva(asid: 7, ttb0: 0x9800_0000, tcr: tcr, mair: 0xff)
        return [CD().words, try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff).words,
                sva.words, CD.released(from: sva).words]
    }

    /// Every ordered pair: the stores logged by the writer (recording log) equal the plan's
    /// writes, and its sync count the plan's.
    @Test(arguments: [DescriptorKind.ste, .cd])
    func theWriterStoresThePlannersSequence(_ kind: DescriptorKind) throws {
        let configs = kind == .ste ? try Self.steConfigs() : try Self.cdConfigs()
        let set = try EntryWriter.Configurations(kind, configs)
        for a in configs.indices {
            for b in configs.indices {
                let plan = try Planner.plan(kind, from: configs[a], to: configs[b])
                let planned = plan.steps.map { $0.writes.map { [UInt64($0.qword), $0.value] } }
                for memoised in [false, true] {
                    let log = UpdateLog(recording: !memoised)
                    var stores: [[[UInt64]]] = [], current: [[UInt64]] = []
                    var syncs = 0
                    func sink() { syncs += 1 }
                    if kind == .ste {
                        var t = try StreamTable(linear: 1, log: log)
                        try t.install(1, words: configs[a]) { _ in }
                        _ = log.drain()
                        let n = memoised ? try set.write(b, from: a, to: t, sid: 1, sync: sink)
                                         : try EntryWriter.write(set.targets[b], to: t, sid: 1, sync: sink)
                        #expect(n == plan.syncs && syncs == plan.syncs)
                        #expect(try t.words(1) == configs[b])
                    } else {
                        var t = try CDTable(.linear, s1cdmax: 0, streamIDs: [0], log: log)
                        try t.install(0, words: configs[a]) { _ in }
                        _ = log.drain()
                        let n = memoised ? try set.write(b, from: a, to: t, ssid: 0, sync: sink)
                                         : try EntryWriter.write(set.targets[b], to: t, ssid: 0, sync: sink)
                        #expect(n == plan.syncs && syncs == plan.syncs)
                        #expect(try t.words(0) == configs[b])
                    }
                    guard !memoised else { continue }
                    for e in log.all {
                        switch e {
                        case let .store(_, _, _, q, v, _): current.append([UInt64(q), v])
                        case .invalidate:
                            if !current.isEmpty { stores.append(current); current = [] }
                        }
                    }
                    #expect(stores == planned, "\(kind.rawValue) \(a) -> \(b)")
                }
            }
        }
    }

    /// A target is decoded once: an ILLEGAL one is refused as `EntryWriter.apply` refuses it.
    @Test func anIllegalTargetIsRefusedWhenPrepared() throws {
        var bad = STE.bypass(shcfg: .incoming).words
        bad[0] = 0x0000_0000_0000_000b | 21 << 59   // S1CDMax 21 > SSIDSIZE 20
        #expect(throws: PlanError.self) { try EntryWriter.Target(.ste, words: bad) }
        #expect(throws: PlanError.self) { try EntryWriter.Configurations(.ste, [STE.abort().words, bad]) }
        #expect(throws: PlanError.self) { try EntryWriter.Target(.ste, words: [1, 2]) }
        _ = try EntryWriter.Target(.ste, words: bad, allowIllegal: true)
    }

    /// The wrong kind, an index outside the set, an entry without its L2 array: refused, nothing stored.
    @Test func refusalsStoreNothing() throws {
        let set = try EntryWriter.Configurations(.ste, try Self.steConfigs())
        var t = try StreamTable(twoLevel: 8, split: 6)
        #expect(throws: TableError.self) { try set.write(1, from: 0, to: t, sid: 3) {} }
        try t.install(3, words: STE.abort().words) { _ in }
        #expect(throws: EntryWriter.ConfigurationError.self) { try set.write(99, from: 0, to: t, sid: 3) {} }
        let cd = try EntryWriter.Target(.cd, words: CD().words)
        #expect(throws: PlanError.self) { try EntryWriter.write(cd, to: t, sid: 3) {} }
        #expect(try t.words(3) == STE.abort().words)
        #expect(throws: EntryWriter.ConfigurationError.self) {
            try EntryWriter.Configurations(.ste, Array(repeating: STE.abort().words, count: 65))
        }
    }

    /// Each refusal names what was wrong.
    @Test func refusalsSayWhy() throws {
        let set = try EntryWriter.Configurations(.ste, try Self.steConfigs())
        var t = try StreamTable(twoLevel: 8, split: 6)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { try set.write(1, from: 0, to: t, sid: 3) {} } == "StreamID 3 has no L2 array yet (L1STD Span=0)")
        try t.install(3, words: STE.abort().words) { _ in }
        #expect(message { try set.write(99, from: 0, to: t, sid: 3) {} } == "configuration 99 is not one of 0..<\(set.count)")
        let cd = try EntryWriter.Target(.cd, words: CD().words)
        #expect(message { try EntryWriter.write(cd, to: t, sid: 3) {} } == "a cd cannot be written to a table of STEs")
        #expect(throws: PlanError.tableKind(.cd, table: .ste)) { try EntryWriter.write(cd, to: t, sid: 3) {} }
    }

    /// An entry that does not hold `from` is planned from its live words all the same.
    @Test func aStaleFromIsPlannedFromTheLiveWords() throws {
        let configs = try Self.steConfigs()
        let set = try EntryWriter.Configurations(.ste, configs)
        var t = try StreamTable(linear: 0, log: UpdateLog(recording: false))
        try t.install(0, words: configs[2]) { _ in }
        var syncs = 0
        try set.write(5, from: 0, to: t, sid: 0) { syncs += 1 }
        #expect(try t.words(0) == configs[5])
        #expect(syncs == (try Planner.plan(.ste, from: configs[2], to: configs[5])).syncs)
    }

    /// Fill: entries in new L2 arrays hold the target, the others of those arrays abort STEs;
    /// one sync per L2 array published; entries of arrays already published go through install.
    @Test func fillWritesWhatInstallWould() throws {
        let target = try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4)).words
        var filled = try StreamTable(twoLevel: 10, split: 6)
        try filled.install(70, words: STE.bypass().words) { _ in }   // array 1 published before
        var syncs = 0
        #expect(try filled.fill(5..<200, with: target) { _ in syncs += 1 } == 195)
        // Arrays 0, 2 and 3 are new (one sync each); array 1 is installed entry by entry.
        let installSyncs = try (64..<128).reduce(0) { n, sid in
            n + (try Planner.plan(.ste, from: sid == 70 ? STE.bypass().words : STE.abort().words, to: target).syncs)
        }
        #expect(syncs == 3 + installSyncs)
        for sid in UInt32(0)..<256 {
            let expected = (5..<200).contains(sid) ? target : STE.abort().words
            #expect(try filled.words(sid) == expected, "sid \(sid)")
        }
        #expect(throws: PlanError.self) { try filled.fill(0..<1, with: [1]) { _ in } }
        #expect(throws: TableError.self) { try filled.fill(1000..<1025, with: target) { _ in } }
        #expect(try filled.needsLeaf(1000))
    }
}
