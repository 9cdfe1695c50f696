// Fuzz target: the exact torn-state checker (Checker.check) against a full enumeration of every
// observable combination. Bytes pick STE or CD, the old and new entries from the builders'
// configurations, and up to 4 steps of stores mixing their words (with stray bits); any
// disagreement in safe / hitless, or a named hybrid that is not one, traps. Compiled into the
// SMMUv3 module by Tests/Fuzz/run.
let checkerSTEs: [[UInt64]] = {
    let t = CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4)
    var b = Stage1Options(); b.s1dss = .bypass
    var ats = Stage1Options(); ats.eats = .trans
    let s2 = Stage2Config(vmid: 5, vttbr: 0x8100_0000, t0sz: 24, sl0: 1)
    return [STE().words, STE.abort().words, STE.bypass().words, STE.bypass(shcfg: .incoming).words,
            try! STE.stage1(t).words, try! STE.stage1(t, b).words, try! STE.stage1(t, ats).words,
            try! STE.stage2(s2).words, try! STE.nested(t, stage2: s2).words]
}()
let checkerCDs: [[UInt64]] = {
    let tcr = TranslationControl(t0sz: 16)
    let a = try! CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xf404_ff44)
    let sva = try! CD.sva(asid: 7, ttb0: 0x9800_0000, tcr: tcr, mair: 0xf404_ff44)
    return [CD().words, a.words, sva.words, CD.released(from: sva).words,
            try! CD.stage1(asid: 2, ttb0: 0x9000_0000, tcr: tcr, mair: 0xf404_ff44).words]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecker(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 3 else { return 0 }
    func next() -> Int { bytes.isEmpty ? 0 : Int(bytes.removeFirst()) }
    let kind: DescriptorKind = next() & 1 == 0 ? .ste : .cd
    let p = kind == .ste ? checkerSTEs : checkerCDs
    let from = p[next() % p.count], to = p[next() % p.count]
    var steps: [UpdatePlan.Step] = []
    var total = 0
    while !bytes.isEmpty && steps.count < 4 {
        let n = next() % 5
        var writes: [UpdatePlan.Write] = []
        for _ in 0..<n {
            let b = next(), q = b & 7, src = p[(b >> 3) % p.count]
            var v = src[q]
            if next() & 1 == 1 { v ^= UInt64(1) << UInt64(next() % 64) }   // a stray bit
            writes.append(UpdatePlan.Write(qword: q, value: v))
        }
        total += n
        steps.append(UpdatePlan.Step(writes: writes, sync: next() & 3 != 0))
    }
    guard total <= 10 else { return 0 }
    let r = try! Checker.check(kind, from: from, steps: steps, target: to)
    // Reference: enumerate.
    var cur = from
    var cand: [[UInt64]] = from.map { [$0] }
    var hybrid = false, invalid = false
    for s in steps {
        for w in s.writes { cur[w.qword] = w.value; if !cand[w.qword].contains(w.value) { cand[w.qword].append(w.value) } }
        var combos: [[UInt64]] = [[]]
        for c in cand { combos = combos.flatMap { pre in c.map { pre + [$0] } } }
        for e in combos {
            switch Checker.classify(kind, observed: e, from: from, to: to) {
            case .hybrid: hybrid = true
            case .invalid: invalid = true
            default: break
            }
        }
        if s.sync { cand = cur.map { [$0] } }
    }
    if r.safe != !hybrid || r.hitless != (!hybrid && !invalid) { fatalError("checker disagrees: \(kind) \(from) \(to) \(steps)") }
    if let h = r.hybrid, Checker.classify(kind, observed: h, from: from, to: to) != .hybrid { fatalError("witness is not a hybrid") }
    return 0
}
