#if canImport(Glibc)
import Glibc
#endif
import SMMUv3

// swift run -c release smmuv3-bench [tables]
// Prints figures; asserts nothing. Tests never time anything (house rule 6).

/// `x` with `digits` decimals (no Foundation).
func f(_ x: Double, _ digits: Int = 3) -> String {
    let scale = (0..<digits).reduce(1.0) { a, _ in a * 10 }
    let v = (x * scale).rounded() / scale
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    }
    return s
}

func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func populate(sids: Int, split: Int) throws -> (Duration, Int, Int) {
    let log2 = Int(log2(Double(sids)).rounded(.up))
    var t = try StreamTable(twoLevel: log2, split: split, log: UpdateLog(recording: false))
    let ste = try STE.stage1(CDTableRef(address: 0x8000_0000, format: .twoLevel64K, s1cdmax: 20))
    let clock = ContinuousClock()
    let d = try clock.measure {
        try t.populate(0..<UInt32(sids), with: ste.words) { _ in }   // the sink does nothing: syncs not timed
    }
    return (d, sids * 64, t.residentBytes)
}

func memcpyBaseline(bytes: Int) -> Duration {
    let src = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
    memset(src, 0x5a, 64)
    let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { src.deallocate(); dst.deallocate() }
    let clock = ContinuousClock()
    return clock.measure {
        var off = 0
        while off < bytes {
            memcpy(dst + off, src, 64)
            off += 64
        }
    }
}

func tables() throws {
    print("== populate a 2-level stream table (SPLIT 8) with valid stage-1 STEs (populate: abort -> stage 1 planned once, words 1-7, sync, word 0, sync; each a release-barrier atomic store; the sink does nothing)")
    for n in [1 << 16, 1 << 20] {
        let (d, bytes, resident) = try populate(sids: n, split: 8)
        let s = seconds(d)
        let copy = seconds(memcpyBaseline(bytes: bytes))
        let steRate = Double(n) / s / 1e6, gbps = Double(bytes) / s / 1e9
        let copyRate = Double(bytes) / copy / 1e9
        print("  \(pad(String(n), 8)) SIDs: \(f(s)) s, \(f(steRate, 2)) M STEs/s, \(f(gbps)) GB/s; "
              + "memcpy of the same \(bytes) bytes: \(f(copy, 4)) s (\(f(copyRate, 2)) GB/s); resident \(resident) bytes")
    }
    print("== resident bytes, linear vs 2-level (SPLIT 8), 2^20 StreamIDs")
    let sets: [(String, [UInt32])] = [
        ("dense: 65536 consecutive SIDs", (0..<65536).map { UInt32($0) }),
        ("sparse: 1024 SIDs, one per PCI bus (stride 256)", (0..<1024).map { UInt32($0 * 256) }),
        ("very sparse: 64 SIDs spread over the space", (0..<64).map { UInt32($0 * 16384) }),
    ]
    let linear = 64 << 20
    for (name, sids) in sets {
        var t = try StreamTable(twoLevel: 20, split: 8, log: UpdateLog(recording: false))
        for sid in sids { try t.ensure(sid) { _ in } }
        print("  \(name): linear \(linear) bytes, 2-level \(t.residentBytes) bytes")
    }
}

/// The builders' configurations drivers use (as in the planner tests).
func steConfigs() throws -> [(String, [UInt64])] {
    let t = CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4)
    var ats = Stage1Options(); ats.eats = .trans
    var dssBypass = Stage1Options(); dssBypass.s1dss = .bypass; dssBypass.shcfg = .incoming
    var s2 = Stage2Config(vmid: 0, vttbr: 0x8100_0000, t0sz: 24, sl0: 1); s2.shcfg = .incoming
    var s2ats = s2; s2ats.eats = .trans
    return [("abort", STE.abort().words), ("bypass", STE.bypass(shcfg: .incoming).words),
            ("s1-ssid0", try STE.stage1(t).words), ("s1-ats", try STE.stage1(t, ats).words),
            ("s1-dss-bypass", try STE.stage1(t, dssBypass).words), ("s2", try STE.stage2(s2).words),
            ("s2-ats", try STE.stage2(s2ats).words), ("nested", try STE.nested(t, stage2: s2).words)]
}

func cdConfigs() throws -> [(String, [UInt64])] {
    let tcr = TranslationControl(t0sz: 16)
    let sva = try CD.sva(asid: 7, ttb0: 0x9800_0000, tcr: tcr, mair: 0xff)
    return [("clear", CD().words), ("s1-asid1", try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff).words),
            ("s1-asid2", try CD.stage1(asid: 2, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff).words),
            ("sva", sva.words), ("released", CD.released(from: sva).words)]
}

func ordering() throws {
    let clock = ContinuousClock()
    for (kind, configs) in [(DescriptorKind.ste, try steConfigs()), (.cd, try cdConfigs())] {
        let pairs = configs.flatMap { a in configs.map { (a, $0) } }
        print("== \(kind.rawValue): \(pairs.count) transitions between \(configs.count) configurations")
        for policy in Planner.Policy.allCases {
            let rounds = policy == .linux ? 200 : 5
            var plans: [UpdatePlan] = []
            let d = try clock.measure {
                for _ in 0..<rounds { plans = try pairs.map { try Planner.plan(kind, from: $0.0.1, to: $0.1.1, policy: policy) } }
            }
            let perSec = Double(rounds * pairs.count) / seconds(d)
            let syncs = Double(plans.reduce(0) { $0 + $1.syncs }) / Double(plans.count)
            print("  \(policy.rawValue): \(f(perSec / 1000, 1)) k plans/s, \(f(syncs, 2)) syncs per transition")
        }
        var checks = 0
        let planned = try pairs.map { try Planner.plan(kind, from: $0.0.1, to: $0.1.1) }
        let dc = try clock.measure {
            for _ in 0..<20 {
                for p in planned {
                    _ = try Checker.check(kind, from: p.from, steps: p.steps, target: p.to)
                    checks += 1
                }
            }
        }
        print("  checker: \(f(seconds(dc) / Double(checks) * 1e6, 1)) µs per transition")
        var applied = 0
        let da = try clock.measure {
            for _ in 0..<20 {
                for (a, b) in pairs {
                    let p = try Planner.plan(kind, from: a.1, to: b.1)
                    var q = try CommandQueue(log2Size: 6)
                    if kind == .ste {
                        let t = try StreamTable(linear: 0, log: UpdateLog(recording: false))
                        for w in 0..<8 { try t.publish(0, qword: w, value: p.from[w]) }
                        try EntryWriter.apply(p, to: t, sid: 0) { try q.sync($0) }
                    } else {
                        var t = try CDTable(.linear, s1cdmax: 0, streamIDs: [0], log: UpdateLog(recording: false))
                        try t.ensure(0) { _ in }
                        for w in 0..<8 { try t.publish(0, qword: w, value: p.from[w]) }
                        try EntryWriter.apply(p, to: t, ssid: 0) { try q.sync($0) }
                    }
                    _ = q.drain()
                    applied += 1
                }
            }
        }
        print("  applied through table memory and the command queue: \(f(Double(applied) / seconds(da) / 1000, 1)) k transitions/s")
        print("  where minimal drops syncs (each proven by the checker):")
        for (a, b) in pairs {
            let l = try Planner.plan(kind, from: a.1, to: b.1), m = try Planner.plan(kind, from: a.1, to: b.1, policy: .minimal)
            if m.syncs < l.syncs { print("    \(a.0) -> \(b.0): \(l.syncs) -> \(m.syncs)") }
        }
    }
}

let which = CommandLine.arguments.dropFirst().first ?? "all"
switch which {
case "tables": try tables()
case "ordering": try ordering()
case "all":
    try tables()
    try ordering()
default:
    print("usage: smmuv3-bench [tables|ordering|all]")
    exit(2)
}
