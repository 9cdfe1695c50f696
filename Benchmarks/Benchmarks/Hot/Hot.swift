import Benchmark
import SMMUv3

// Counts, never time: allocations, retains and releases (and instructions where the kernel
// lets the harness count them) per sample of the hot paths. A sample of plan-apply is 1000
// transitions, of check every pair of the builders' configurations, of fill 2^16 STEs.
// `swift package benchmark thresholds check` fails when a count grows past Thresholds/.

/// The builders' STE configurations drivers use (as the planner tests and smmuv3-bench).
func steConfigs() throws -> [[UInt64]] {
    let t = CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4)
    var ats = Stage1Options(); ats.eats = .trans
    var dssBypass = Stage1Options(); dssBypass.s1dss = .bypass; dssBypass.shcfg = .incoming
    var s2 = Stage2Config(vmid: 0, vttbr: 0x8100_0000, t0sz: 24, sl0: 1); s2.shcfg = .incoming
    var s2ats = s2; s2ats.eats = .trans
    return [STE.abort().words, STE.bypass(shcfg: .incoming).words, try STE.stage1(t).words,
            try STE.stage1(t, ats).words, try STE.stage1(t, dssBypass).words, try STE.stage2(s2).words,
            try STE.stage2(s2ats).words, try STE.nested(t, stage2: s2).words]
}

func cdConfigs() throws -> [[UInt64]] {
    let tcr = TranslationControl(t0sz: 16)
    let sva = try CD.sva(asid: 7, ttb0: 0x9800_0000, tcr: tcr, mair: 0xff)
    return [CD().words, try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff).words,
            try CD.stage1(asid: 2, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff).words,
            sva.words, CD.released(from: sva).words]
}

/// 1000 configuration indices, the same LCG as smmuv3-bench.
func sequence(among n: Int) -> [Int] {
    var x: UInt32 = 12345
    return (0..<1000).map { _ in
        x = x &* 1_103_515_245 &+ 12345
        return Int((x >> 16) % UInt32(n))
    }
}

let benchmarks: @Sendable () -> Void = {
    // Retain/release counts come from the harness's ARC runtime hooks, which crash on Swift
    // 6.3 for Linux (the harness's own note; its interposer package for 6.3 is not in the
    // mirror): there `Scripts/callgrind-counts.sh` counts swift_retain / swift_release calls.
    #if os(Linux) && compiler(<6.4)
    let counts: [BenchmarkMetric] = [.mallocCountTotal, .instructions]
    #else
    let counts: [BenchmarkMetric] = [.mallocCountTotal, .retainCount, .releaseCount, .instructions]
    #endif
    /// Any growth of a count fails the check (absolute tolerance 0 at every percentile).
    /// Only for the metrics measured here, so the check warns about none.
    var zero: [BenchmarkMetric: BenchmarkThresholds] = [:]
    for metric in counts {
        zero[metric] = metric == .instructions ? .init(relative: [.p90: 5.0])
                                               : .init(absolute: BenchmarkThresholds.Absolute.strict)
    }

    Benchmark.defaultConfiguration = .init(metrics: counts, warmupIterations: 2, maxDuration: .seconds(2),
                                           maxIterations: 50, thresholds: zero)

    // The harness's own floor: what starting and stopping a measurement costs with no work.
    Benchmark("empty") { benchmark in
        benchmark.startMeasurement()
        blackHole(0)
        benchmark.stopMeasurement()
    }

    Benchmark("plan-apply-memoised") { benchmark throws in
        let configs = try EntryWriter.Configurations(.ste, try steConfigs())
        let seq = sequence(among: configs.count)
        var table = try StreamTable(linear: 0, log: UpdateLog(recording: false))
        try table.install(0, words: configs.targets[0].wordArray) { _ in }
        var syncs = 0, previous = 0
        benchmark.startMeasurement()
        for next in seq {
            try configs.write(next, from: previous, to: table, sid: 0) { syncs &+= 1 }
            previous = next
        }
        benchmark.stopMeasurement()
        blackHole(syncs)
    }

    Benchmark("plan-apply") { benchmark throws in
        let targets = try steConfigs().map { try EntryWriter.Target(.ste, words: $0) }
        let seq = sequence(among: targets.count)
        var table = try StreamTable(linear: 0, log: UpdateLog(recording: false))
        try table.install(0, words: targets[0].wordArray) { _ in }
        var syncs = 0
        benchmark.startMeasurement()
        try targets.withUnsafeBufferPointer { targets in
            var previous = 0
            for next in seq {
                try EntryWriter.write(targets[next], to: table, sid: 0, from: targets[previous]) { syncs &+= 1 }
                previous = next
            }
        }
        benchmark.stopMeasurement()
        blackHole(syncs)
    }

    for (name, kind, configs) in [("check-ste", DescriptorKind.ste, (try? steConfigs()) ?? []), ("check-cd", .cd, (try? cdConfigs()) ?? [])] {
        Benchmark(name) { benchmark throws in
            let plans = try configs.flatMap { a in try configs.map { b in try Planner.plan(kind, from: a, to: b) } }
            var safe = 0
            benchmark.startMeasurement()
            for p in plans where try Checker.check(kind, from: p.from, steps: p.steps, target: p.to).safe { safe &+= 1 }
            benchmark.stopMeasurement()
            blackHole(safe)
        }
    }

    Benchmark("planner-plan") { benchmark throws in
        let configs = try steConfigs()
        let seq = sequence(among: configs.count)
        var syncs = 0
        benchmark.startMeasurement()
        for i in 1..<seq.count { syncs &+= try Planner.plan(.ste, from: configs[seq[i - 1]], to: configs[seq[i]]).syncs }
        benchmark.stopMeasurement()
        blackHole(syncs)
    }

    Benchmark("fill") { benchmark throws in
        let ste = try STE.stage1(CDTableRef(address: 0x8000_0000, format: .twoLevel64K, s1cdmax: 20)).words
        var table = try StreamTable(twoLevel: 16, split: 8, log: UpdateLog(recording: false))
        var syncs = 0
        benchmark.startMeasurement()
        try table.fill(0..<(1 << 16), with: ste) { _ in syncs &+= 1 }
        benchmark.stopMeasurement()
        blackHole(syncs)
    }
}
