import Foundation
import Testing
@testable import SMMUv3

/// The torn-state checker is exact (issue #9 item 1): between two syncs every word may show its
/// value at the last sync or any value stored since, in every combination, and the checker's
/// verdict is the one a full enumeration of those combinations gives, whatever their number.
@Suite("Exact checker")
struct CheckerTests {
    static let bypass = STE.bypass().words
    static let stage1 = try! STE.stage1(CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4)).words

    /// Word 0 switches bypass -> stage 1 while words 1 and 2 walk 256 values each through bits
    /// bypass ignores, all before one sync: 2 x 258 x 258 combinations, among them new word 0
    /// with old word 1 (S1DSS=terminate where the target has SSID0). The checker that kept the
    /// first 2^16 combinations called this safe.
    @Test func aHybridBeyondTwoToTheSixteenCombinationsIsFound() throws {
        let from = Self.bypass, to = Self.stage1
        var writes = [UpdatePlan.Write(qword: 0, value: to[0])]
        for k in 0..<256 {
            writes.append(UpdatePlan.Write(qword: 1, value: from[1] | UInt64(k)))    // S1DSS, S1CIR, S1COR, S1CSH
            writes.append(UpdatePlan.Write(qword: 2, value: from[2] | UInt64(k + 1)))       // S2VMID
        }
        writes += [UpdatePlan.Write(qword: 1, value: to[1]), UpdatePlan.Write(qword: 2, value: to[2])]
        let r = try Checker.check(.ste, from: from, steps: [UpdatePlan.Step(writes: writes, sync: true)], target: to)
        #expect(!r.safe && !r.verdict.isSafe && r.verdict.description == "unsafe")
        let h = try #require(r.hybrid)
        #expect(r.hybridStep == 0 && h.count == 8)
        #expect(Checker.classify(.ste, observed: h, from: from, to: to) == .hybrid)
        #expect(r.observed > 1 << 16)
    }

    /// Tens of thousands of stores in one step are judged, not cut short.
    @Test func aLargeStepGetsAnExactVerdict() throws {
        let from = Self.bypass
        // Walk only bits bypass ignores: every combination still reads as bypass.
        var writes: [UpdatePlan.Write] = []
        for k in 0..<20_000 { writes.append(UpdatePlan.Write(qword: 2 + k % 6, value: UInt64(k))) }
        for q in 2..<8 { writes.append(UpdatePlan.Write(qword: q, value: 0)) }
        let r = try Checker.check(.ste, from: from, steps: [UpdatePlan.Step(writes: writes, sync: true)], target: from)
        #expect(r.verdict == .safe(hitless: true))
    }

    /// A check that runs out of budget says undecided, never safe.
    @Test func outOfBudgetIsUndecided() throws {
        let p = try Planner.plan(.ste, from: Self.bypass, to: Self.stage1)
        let r = try Checker.check(.ste, from: p.from, steps: p.steps, target: p.to, budget: 1)
        #expect(r.verdict.isUndecided && r.verdict.description == "undecided")
        #expect(!r.safe && !r.hitless && !r.decided)
        // A hybrid found before the budget ran out is still reported: unsafe is proven.
        let bad = [UpdatePlan.Step(writes: (0..<8).map { UpdatePlan.Write(qword: $0, value: Self.stage1[$0]) }, sync: true)]
        let u = try Checker.check(.ste, from: Self.bypass, steps: bad, target: Self.stage1, budget: 100)
        #expect(u.verdict.description == "unsafe")
    }

    @Test func malformedSequencesAreRefused() {
        #expect(throws: PlanError.word(8)) {
            try Checker.check(.ste, from: Self.bypass, steps: [UpdatePlan.Step(writes: [UpdatePlan.Write(qword: 8, value: 1)], sync: true)], target: Self.bypass)
        }
        #expect(throws: PlanError.self) { try Checker.check(.ste, from: [9], steps: [], target: Self.bypass) }
        #expect(throws: PlanError.kind(.l1std)) { try Checker.check(.l1std, from: Self.bypass, steps: [], target: Self.bypass) }
    }

    /// The CLI: the same verdicts, exit 1 unsafe, 3 undecided; JSON says which.
    @Test func verifyExitsOneForTheHybridAndThreeWhenUndecided() throws {
        let cli = CLITests()
        let from = Self.bypass.map(hex16).joined(separator: " ")
        var log = "write 0 \(hex16(Self.stage1[0]))\n"
        for k in 0..<256 { log += "write 1 \(hex16(Self.bypass[1] | UInt64(k & 0xfc)))\nwrite 2 \(hex16(UInt64(k + 1)))\n" }
        log += "write 1 \(hex16(Self.stage1[1]))\nwrite 2 0\nsync\n"
        let r = try cli.run(["verify", "ste", "--from", from, "--log", "-"], stdin: Data(log.utf8))
        #expect(r.status == 1)
        #expect(r.out.hasPrefix("unsafe: in step 1 the SMMU can observe a HYBRID entry"))
        let j = try cli.run(["verify", "ste", "--from", from, "--log", "-", "--format", "json"], stdin: Data(log.utf8))
        #expect(j.status == 1 && j.out.contains("\"verdict\": \"unsafe\", \"reason\": \"hybrid\", \"step\": 1"))

        let safe = "write 0 0x8\nsync\nwrite 1 \(hex16(Self.stage1[1]))\nsync\nwrite 0 \(hex16(Self.stage1[0]))\nsync\n"
        let u = try cli.run(["verify", "ste", "--from", from, "--log", "-", "--budget", "2"], stdin: Data(safe.utf8))
        #expect(u.status == 3)
        #expect(u.out.hasPrefix("undecided: the check stopped after "))
        let uj = try cli.run(["verify", "ste", "--from", from, "--log", "-", "--budget", "2", "--format", "json"], stdin: Data(safe.utf8))
        #expect(uj.status == 3 && uj.out.contains("\"verdict\": \"undecided\""))
        let p = try cli.run(["plan", "ste", "--from", from, "--to", Self.stage1.map(hex16).joined(separator: " "),
                             "--budget", "2", "--format", "json"])
        #expect(p.status == 3 && p.out.contains("\"check\": {\"verdict\": \"undecided\""))
        #expect(try cli.run(["verify", "ste", "--from", from, "--log", "-"], stdin: Data(safe.utf8)).status == 0)
        #expect(try cli.run(["--help"]).out.contains("3 undecided"))
    }

    /// The reference: enumerate every combination, classify each, as the spec's model says.
    static func bruteForce(_ kind: DescriptorKind, _ from: [UInt64], _ steps: [UpdatePlan.Step], _ to: [UInt64])
        -> (hybrid: Bool, invalid: Bool, candidates: [[[UInt64]]]) {
        var cur = from
        var cand: [[UInt64]] = from.map { [$0] }
        var hybrid = false, invalid = false
        var perStep: [[[UInt64]]] = []
        for s in steps {
            for w in s.writes {
                cur[w.qword] = w.value
                if !cand[w.qword].contains(w.value) { cand[w.qword].append(w.value) }
            }
            perStep.append(cand)
            var combos: [[UInt64]] = [[]]
            for c in cand { combos = combos.flatMap { p in c.map { p + [$0] } } }
            for e in combos {
                switch Checker.classify(kind, observed: e, from: from, to: to) {
                case .hybrid: hybrid = true
                case .invalid: invalid = true
                case .old, .new: break
                }
            }
            if s.sync { cand = cur.map { [$0] } }
        }
        return (hybrid, invalid, perStep)
    }

    /// Small random sequences mixing the words of many configurations: the exact search agrees
    /// with the enumeration on every one, and every hybrid it names is observable and a hybrid.
    @Test(arguments: [DescriptorKind.ste, .cd])
    func theSearchAgreesWithFullEnumeration(_ kind: DescriptorKind) throws {
        let pool = kind == .ste ? PlannerTests.stes.map(\.1.words) : PlannerTests.cds.map(\.1.words)
        var rng = SplitMix(seed: kind == .ste ? 0x5eed : 0xcd)
        var hybrids = 0, safe = 0
        for _ in 0..<3000 {
            let from = pool[rng.below(pool.count)], to = pool[rng.below(pool.count)]
            var steps: [UpdatePlan.Step] = []
            for _ in 0..<(1 + rng.below(3)) {
                var writes: [UpdatePlan.Write] = []
                for _ in 0..<rng.below(5) {
                    let q = rng.below(3) == 0 ? rng.below(8) : rng.below(2)   // words 0 and 1 hold the selectors
                    let src = [from, to, pool[rng.below(pool.count)]][rng.below(3)]
                    writes.append(UpdatePlan.Write(qword: q, value: src[q]))
                }
                steps.append(UpdatePlan.Step(writes: writes, sync: rng.below(4) != 0))
            }
            let r = try Checker.check(kind, from: from, steps: steps, target: to)
            let b = Self.bruteForce(kind, from, steps, to)
            #expect(r.safe == !b.hybrid, "\(from.map(hex16)) -> \(to.map(hex16)): \(steps)")
            #expect(r.hitless == (!b.hybrid && !b.invalid))
            if let h = r.hybrid, let n = r.hybridStep {
                #expect(Checker.classify(kind, observed: h, from: from, to: to) == .hybrid)
                #expect((0..<8).allSatisfy { b.candidates[n][$0].contains(h[$0]) }, "the named hybrid is observable")
                hybrids += 1
            } else {
                safe += 1
            }
        }
        // Both answers occur often enough for the agreement to mean something.
        #expect(hybrids > 300 && safe > 300, "\(hybrids) hybrid, \(safe) safe")
    }
}

/// A small deterministic generator (SplitMix64), so every run checks the same sequences.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
