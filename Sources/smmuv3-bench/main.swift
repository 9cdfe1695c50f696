#if canImport(Glibc)
import Glibc
#endif
import CBenchAnchor
import CSMMUv3
import SMMUv3

// swift run -c release smmuv3-bench [--json]
// Prints each figure beside the C anchor's (Sources/CBenchAnchor, the same Linux algorithm in
// plain C, fed the same transitions in the same run) and the ratio; asserts nothing. Tests
// never time anything. `--json`: the headline figures as one JSON object on the last line.

let json = CommandLine.arguments.contains("--json")
/// `smmuv3-bench apply|full|plan|check|minimal|fill` runs that part alone (for a profiler).
let only = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") }
func want(_ part: String) -> Bool { only == nil || only == part }
let clock = ContinuousClock()

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// The shortest of `runs` timings of `body` (this machine is shared: the minimum is the figure).
func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var b = Double.infinity
    for _ in 0..<runs { b = min(b, seconds(try clock.measure(body))) }
    return b
}

/// The same pseudo-random transition sequence for the Swift side and the anchor: each step a
/// configuration index drawn by the C library's example LCG.
func sequence(_ n: Int, among count: Int) -> [UInt32] {
    var x: UInt32 = 12345
    return (0..<n).map { _ in
        x = x &* 1_103_515_245 &+ 12345
        return (x >> 16) % UInt32(count)
    }
}

/// A sync sink like the anchor's: a full fence and a counter.
struct CountingSync {
    var syncs = 0
    mutating func sync() {
        syncs &+= 1
        smmuv3_full_barrier()
    }
}

// MARK: - configurations (the builders', as the planner tests use them)

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

// MARK: - formatting (no Foundation)

func f(_ x: Double, _ digits: Int = 2) -> String {
    guard x.isFinite else { return "-" }
    let scale = (0..<digits).reduce(1.0) { a, _ in a * 10 }
    let v = (x * scale).rounded() / scale
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        if digits == 0 { s = String(s[..<dot]) }
    }
    return s
}

func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }

var rows: [(String, String, String, String)] = []
/// Results folded here so the optimizer keeps the work measured.
nonisolated(unsafe) var keep = 0
@MainActor func row(_ work: String, _ ours: String, _ anchor: String = "–", _ ratio: String = "–") {
    rows.append((work, ours, anchor, ratio))
}

// MARK: - plan + apply on live memory, beside the anchor

let transitions = Int(String(cString: getenv("SMMUV3_BENCH_TRANSITIONS") ?? strdup("2000000"))) ?? 2_000_000
let ste = try steConfigs()
let seq = sequence(transitions, among: ste.count)

/// The anchor: the C writer over the same configurations and sequence. Returns (ns, syncs).
func anchorRun() -> (Double, Int) {
    let configs = UnsafeMutablePointer<bench_anchor_ste>.allocate(capacity: ste.count)
    let live = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64).assumingMemoryBound(to: UInt64.self)
    defer { configs.deallocate(); live.deallocate() }
    for (i, c) in ste.enumerated() {
        configs[i] = bench_anchor_ste()
        withUnsafeMutableBytes(of: &configs[i].q) { b in
            for w in 0..<8 { b.storeBytes(of: c.1[w], toByteOffset: w * 8, as: UInt64.self) }
        }
    }
    for w in 0..<8 { live[w] = ste[0].1[w] }
    var syncs: UInt64 = 0
    let t = seq.withUnsafeBufferPointer { s in
        seconds(clock.measure { syncs = bench_anchor_run(live, configs, s.baseAddress, s.count) })
    }
    return (t / Double(transitions) * 1e9, Int(syncs))
}

/// The Swift side like for like: `EntryWriter.write` of prepared targets into a live STE (a
/// table whose log records nothing), the sync a fence and a counter. Returns (ns, syncs).
func swiftRun() throws -> (Double, Int) {
    let configs = try EntryWriter.Configurations(.ste, ste.map(\.1))
    var table = try StreamTable(linear: 0, log: UpdateLog(recording: false))
    try table.install(0, words: ste[0].1) { _ in }
    var sink = CountingSync()
    let t = try seconds(clock.measure {
        var previous = 0
        for i in seq {
            let next = Int(i)
            try configs.write(next, from: previous, to: table, sid: 0) { sink.sync() }
            previous = next
        }
    })
    return (t / Double(transitions) * 1e9, sink.syncs)
}

/// The same without memoised plans: each transition planned from the live words into fixed-size
/// values (`EntryWriter.write` of prepared `Target`s, used bits cached per configuration).
func swiftUnmemoised() throws -> (Double, Int) {
    let targets = try ste.map { try EntryWriter.Target(.ste, words: $0.1) }
    var table = try StreamTable(linear: 0, log: UpdateLog(recording: false))
    try table.install(0, words: ste[0].1) { _ in }
    var sink = CountingSync()
    let t = try targets.withUnsafeBufferPointer { targets in
        try seconds(clock.measure {
            var previous = 0
            for i in seq {
                let next = Int(i)
                try EntryWriter.write(targets[next], to: table, sid: 0, from: targets[previous]) { sink.sync() }
                previous = next
            }
        })
    }
    return (t / Double(transitions) * 1e9, sink.syncs)
}

var anchorNs = Double.infinity, swiftNs = Double.infinity, unmemoNs = Double.infinity
var anchorSyncs = 0, swiftSyncs = 0, unmemoSyncs = 0
for _ in 0..<(want("apply") ? 3 : 0) {   // alternated in one sitting; the best of each
    let a = anchorRun(), s = try swiftRun(), u = try swiftUnmemoised()
    anchorNs = min(anchorNs, a.0); anchorSyncs = a.1
    swiftNs = min(swiftNs, s.0); swiftSyncs = s.1
    unmemoNs = min(unmemoNs, u.0); unmemoSyncs = u.1
}
row("plan + apply one STE transition, live memory, counting sync, memoised plans (\(transitions / 1_000_000) M transitions, \(ste.count) configs)",
    "\(f(swiftNs, 1)) ns", "\(f(anchorNs, 1)) ns", "\(f(swiftNs / anchorNs))×")
row("  the same, each transition planned (no memoised plans; used bits cached per configuration)",
    "\(f(unmemoNs, 1)) ns", "\(f(anchorNs, 1)) ns", "\(f(unmemoNs / anchorNs))×")
row("  syncs per transition (same sequence)", f(Double(swiftSyncs) / Double(transitions), 3),
    f(Double(anchorSyncs) / Double(transitions), 3), swiftSyncs == anchorSyncs && unmemoSyncs == anchorSyncs ? "equal" : "DIFFER")

/// The full path: `Planner.plan` (arrays, `Plan`), `EntryWriter.apply` through the table's
/// recording log, each sync pushed into a real command queue and consumed: raw, as the C API
/// engine consumes it (`consume()`), or `decoded` (`drain()`, the decoded view a rig reads).
func fullPath(_ n: Int, decoded: Bool) throws -> Double {
    let plans = try (0..<ste.count).map { a in try (0..<ste.count).map { b in try Planner.plan(.ste, from: ste[a].1, to: ste[b].1) } }
    var table = try StreamTable(linear: 0, log: UpdateLog())
    try table.install(0, words: ste[0].1) { _ in }
    var q = try CommandQueue(log2Size: 8)
    var cur = 0
    let t = try seconds(clock.measure {
        for i in seq.prefix(n) {
            let next = Int(i)
            let p = try Planner.plan(.ste, from: plans[cur][next].from, to: plans[cur][next].to)
            try EntryWriter.apply(p, to: table, at: 0) { try q.sync($0) }
            if decoded { _ = q.drain() } else { q.consume() }
            cur = next
        }
    })
    _ = table.log.drain()
    return t / Double(n) * 1e9
}
let fullNs = want("full") ? try fullPath(200_000, decoded: false) : .nan
let fullDecodedNs = want("full") ? try fullPath(200_000, decoded: true) : .nan
row("  full path: Planner.plan + EntryWriter.apply + update log + command queue", "\(f(fullNs, 0)) ns",
    "\(f(anchorNs, 1)) ns", "\(f(fullNs / anchorNs, 1))×")
row("    the same, the consumer returning each command decoded (drain())", "\(f(fullDecodedNs, 0)) ns",
    "\(f(anchorNs, 1)) ns", "\(f(fullDecodedNs / anchorNs, 1))×")

// The shared baseline, when it is beside the repository (not needed: the anchor above is ours).
func sharedBaseline() -> String? {
    let candidates = ["../shared/bench/baseline.c", "/work/shared/bench/baseline.c"]
    guard let src = candidates.first(where: { access($0, R_OK) == 0 }) else { return nil }
    let bin = "/tmp/smmuv3-bench-baseline-\(getpid())", out = bin + ".out"
    defer { unlink(bin); unlink(out) }
    guard system("cc -O2 -std=c11 '\(src)' -o '\(bin)' 2>/dev/null && '\(bin)' \(transitions) > '\(out)'") == 0,
          let fp = fopen(out, "r") else { return nil }
    defer { fclose(fp) }
    var line = [CChar](repeating: 0, count: 512)
    guard fgets(&line, 512, fp) != nil else { return nil }
    let text = String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // "planner+writer: 36.1 ns/transition, ..."
    guard let colon = text.firstIndex(of: ":"), let ns = text.firstRange(of: " ns/") else { return nil }
    return String(text[text.index(after: colon)..<ns.lowerBound]).trimmingCharacters()
}
extension String {
    func trimmingCharacters() -> String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
if only == nil, let b = sharedBaseline() {
    row("  beside: ../shared/bench/baseline.c (cc -O2, its own sequence)", "–", "\(b) ns")
}

// MARK: - planner, checker, minimal

func planRate(_ kind: DescriptorKind, _ configs: [(String, [UInt64])], _ n: Int, _ policy: Planner.Policy) throws -> Double {
    let s = sequence(n + 1, among: configs.count)
    var syncs = 0
    let t = try best(2) {
        for i in 0..<n {
            let p = try Planner.plan(kind, from: configs[Int(s[i])].1, to: configs[Int(s[i + 1])].1, policy: policy)
            syncs &+= p.syncs
        }
    }
    keep &+= syncs
    return Double(n) / t
}
let cd = try cdConfigs()
let steRate = want("plan") ? try planRate(.ste, ste, 1_000_000, .linux) : .nan
let cdRate = want("plan") ? try planRate(.cd, cd, 1_000_000, .linux) : .nan
row("Planner.plan, 10^6 random STE transitions (linux)", "\(f(steRate / 1e6)) M plans/s")
row("Planner.plan, 10^6 random CD transitions (linux)", "\(f(cdRate / 1e6)) M plans/s")

func checkMicros(_ kind: DescriptorKind, _ configs: [(String, [UInt64])]) throws -> Double {
    let plans = try configs.flatMap { a in try configs.map { b in try Planner.plan(kind, from: a.1, to: b.1) } }
    let rounds = 200
    var safe = 0
    let t = try best(3) {
        for _ in 0..<rounds {
            for p in plans where try Checker.check(kind, from: p.from, steps: p.steps, target: p.to).safe { safe &+= 1 }
        }
    }
    keep &+= safe
    return t / Double(rounds * plans.count) * 1e6
}
let checkSTE = want("check") ? try checkMicros(.ste, ste) : .nan
let checkCD = want("check") ? try checkMicros(.cd, cd) : .nan
/// Against a goal: the time taken over the time allowed (≤ 1 meets it).
func goal(_ ratio: Double) -> String { ratio.isFinite ? (ratio <= 1 ? "meets" : "misses") + " (\(f(ratio))× the time allowed)" : "–" }
row("Checker.check, exhaustive, \(ste.count * ste.count) STE transitions (\(ste.count) configs)", "\(f(checkSTE, 3)) µs", "goal ≤ 2 µs", goal(checkSTE / 2))
row("Checker.check, exhaustive, \(cd.count * cd.count) CD transitions (\(cd.count) configs)", "\(f(checkCD, 3)) µs", "goal ≤ 2 µs", goal(checkCD / 2))

let minSTE = want("minimal") ? try planRate(.ste, ste, 100_000, .minimal) : .nan
let minCD = want("minimal") ? try planRate(.cd, cd, 100_000, .minimal) : .nan
row("Planner.plan, minimal policy, random STE transitions", "\(f(minSTE / 1e3, 1)) k plans/s", "goal ≥ 100 k/s", goal(100e3 / minSTE))
row("Planner.plan, minimal policy, random CD transitions", "\(f(minCD / 1e3, 1)) k plans/s", "goal ≥ 100 k/s", goal(100e3 / minCD))

// MARK: - fill vs memcpy

let sids = 1 << 20, bytes = sids * 64
let stage1 = try STE.stage1(CDTableRef(address: 0x8000_0000, format: .twoLevel64K, s1cdmax: 20)).words
var resident = 0, fillSyncs = 0
var fillTime = Double.infinity
for _ in 0..<(want("fill") ? 3 : 0) {   // the table is made and freed outside the time
    var t = try StreamTable(twoLevel: 20, split: 8, log: UpdateLog(recording: false))
    var syncs = 0
    fillTime = min(fillTime, try seconds(clock.measure {
        try t.fill(0..<UInt32(sids), with: stage1) { _ in syncs += 1 }
    }))
    resident = t.residentBytes
    fillSyncs = syncs
}
let src = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
memset(src, 0x5a, bytes)
memset(dst, 0, bytes)
let copyTime = best(want("fill") ? 5 : 0) { memcpy(dst, src, bytes) }
/// memcpy into memory never touched before: the kernel's page faults and zeroing included, as
/// the fill pays them for the L2 arrays it allocates.
var freshCopyTime = Double.infinity
for _ in 0..<(want("fill") ? 3 : 0) {
    let fresh = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
    freshCopyTime = min(freshCopyTime, seconds(clock.measure { memcpy(fresh, src, bytes) }))
    fresh.deallocate()
}
src.deallocate()
dst.deallocate()
let fillGBps = Double(bytes) / fillTime / 1e9, copyGBps = Double(bytes) / copyTime / 1e9
row("fill 2^20 STEs, 2-level (SPLIT 8), StreamTable.fill (\(fillSyncs) syncs)", "\(f(fillTime * 1e3)) ms = \(f(fillGBps)) GB/s",
    "memcpy \(f(copyTime * 1e3)) ms = \(f(copyGBps)) GB/s", "\(f(fillGBps / copyGBps))× (goal ≥ 0.5×: " + (fillGBps / copyGBps >= 0.5 ? "meets)" : "misses)"))
row("  memcpy of the same bytes into untouched memory (page faults included)", "–",
    "\(f(freshCopyTime * 1e3)) ms = \(f(Double(bytes) / freshCopyTime / 1e9)) GB/s",
    "\(f(fillGBps / (Double(bytes) / freshCopyTime / 1e9)))×")
row("  resident bytes of that table (L1 + every L2 array)", "\(resident)", "\(bytes) (the STEs alone)")
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
row("  peak resident bytes of this process", "\(usage.ru_maxrss * 1024)")

// MARK: - output

let w0 = max(4, rows.map(\.0.count).max() ?? 0), w1 = max(5, rows.map(\.1.count).max() ?? 0)
let w2 = max(8, rows.map(\.2.count).max() ?? 0)
print("| " + pad("work", w0) + " | " + pad("swift", w1) + " | " + pad("C anchor", w2) + " | ratio |")
print("|" + String(repeating: "-", count: w0 + 2) + "|" + String(repeating: "-", count: w1 + 2) + "|"
      + String(repeating: "-", count: w2 + 2) + "|---|")
for r in rows { print("| " + pad(r.0, w0) + " | " + pad(r.1, w1) + " | " + pad(r.2, w2) + " | " + r.3 + " |") }
if only == nil {
    print("")
    print("Resident bytes, linear vs 2-level (SPLIT 8), 2^20 StreamIDs:")
    let sets: [(String, [UInt32])] = [
        ("dense: 65536 consecutive SIDs", (0..<65536).map { UInt32($0) }),
        ("sparse: 1024 SIDs, one per PCI bus (stride 256)", (0..<1024).map { UInt32($0 * 256) }),
        ("very sparse: 64 SIDs spread over the space", (0..<64).map { UInt32($0 * 16384) }),
    ]
    for (name, sids) in sets {
        var t = try StreamTable(twoLevel: 20, split: 8, log: UpdateLog(recording: false))
        for sid in sids { try t.ensure(sid) { _ in } }
        print("  \(name): linear \(64 << 20) bytes, 2-level \(t.residentBytes) bytes")
    }
    print("Where minimal drops syncs (each proven by the checker):")
    for (kind, configs) in [(DescriptorKind.ste, ste), (.cd, cd)] {
        for a in configs {
            for b in configs {
                let l = try Planner.plan(kind, from: a.1, to: b.1), m = try Planner.plan(kind, from: a.1, to: b.1, policy: .minimal)
                if m.syncs < l.syncs { print("  \(kind.rawValue) \(a.0) -> \(b.0): \(l.syncs) -> \(m.syncs)") }
            }
        }
    }
}
if json {
    // A figure this run did not measure (one part run alone) is JSON null.
    func j(_ x: Double, _ digits: Int) -> String { x.isFinite ? f(x, digits) : "null" }
    print("{\"plan_apply_ns\": \(j(swiftNs, 2)), \"anchor_ns\": \(j(anchorNs, 2)), \"check_ste_us\": \(j(checkSTE, 3)), "
          + "\"check_cd_us\": \(j(checkCD, 3)), \"minimal_plans_per_s\": \(j(min(minSTE, minCD), 0)), "
          + "\"fill_gbps\": \(j(fillGBps, 3)), \"memcpy_gbps\": \(j(copyGBps, 3)), \"full_ns\": \(j(fullNs, 0))}")
}
