import Foundation
import Testing
@testable import SMMUv3

/// SSID tracking (issue #5): the seed scenarios replay to their golden command streams, every
/// emitted STE/CD sequence is safe, refused lines change nothing, and concurrent flows keep the
/// tracking invariants.
@Suite("Scenarios and SSID tracking")
struct ScenarioTests {
    /// Every scenario in seeds/ with its golden stream in fixtures/streams/.
    static let seeds = ["ssid-tracking", "sva-release", "id-reuse", "stall", "ats", "replace", "sva-rules", "id-global", "id-per-smmu", "lockstep", "second-smmu", "range", "nesting", "stall-faults"]

    static func seed(_ name: String) throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent("seeds/\(name).smmu"), encoding: .utf8)
    }

    /// `SMMU NAME [sid=N] [ssid=N] [leaf=0|1] [asid=N] [vmid=N] [stag=N]`, and event records as
    /// `SMMU event NAME sid=N [ssid=N] stall=0|1 [stag=N]`, as fixtures/streams/README.md says.
    static func line(_ e: FlowEvent) -> String? {
        if case let .event(smmu, d) = e {
            var parts = [smmu, "event", d.layout.name]
            if let v = d.value("StreamID") { parts.append("sid=\(hex(v))") }
            if d.value("SSV") == 1, let v = d.value("SubstreamID") { parts.append("ssid=\(hex(v))") }
            if let v = d.value("Stall") { parts.append("stall=\(v)") }
            if d.value("Stall") == 1, let v = d.value("STAG") { parts.append("stag=\(hex(v))") }
            return parts.joined(separator: " ")
        }
        guard case let .command(smmu, d) = e else { return nil }
        var parts = [smmu, e.commandName!]
        if let v = d.value("StreamID") { parts.append("sid=\(hex(v))") }
        if let v = d.value("SubstreamID"), d.layout.field(named: "SSV") == nil || d.value("SSV") == 1 { parts.append("ssid=\(hex(v))") }
        if let v = d.value("Leaf") { parts.append("leaf=\(v)") }
        if let v = d.value("ASID") { parts.append("asid=\(hex(v))") }
        if let v = d.value("VMID") { parts.append("vmid=\(hex(v))") }
        if let v = d.value("STAG") { parts.append("stag=\(hex(v))") }
        return parts.joined(separator: " ")
    }

    @Test(arguments: ScenarioTests.seeds)
    func seedScenariosReplayToTheirGoldenStreams(_ name: String) throws {
        let (_, steps) = try Scenario.run(try Self.seed(name))
        let got = steps.flatMap(\.events).compactMap(Self.line)
        let golden = try String(contentsOf: Repo.fixtures.appendingPathComponent("streams/\(name).txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(got == golden, "first difference at \(Array(zip(got, golden)).firstIndex { $0.0 != $0.1 } ?? min(got.count, golden.count))")
    }

    /// Per scenario line, each entry's stores (with the SYNCs of its SMMU as sync points) are one
    /// transition: the checker must find it safe and ending synced.
    @Test(arguments: ScenarioTests.seeds)
    func everyEmittedSequenceIsSafe(_ name: String) throws {
        let (_, steps) = try Scenario.run(try Self.seed(name))
        struct Key: Hashable { let smmu: String; let table: TableKind; let sid: UInt32; let ssid: UInt32 }
        var live: [Key: [UInt64]] = [:]
        for step in steps {
            var perEntry: [Key: [UpdatePlan.Step]] = [:]
            var pending: [String: [Key: [UpdatePlan.Write]]] = [:]
            for e in step.events {
                switch e {
                case let .store(smmu, table, sid, ssid, q, v) where table == .ste || table == .cd:
                    pending[smmu, default: [:]][Key(smmu: smmu, table: table, sid: sid, ssid: table == .cd ? ssid : 0), default: []]
                        .append(UpdatePlan.Write(qword: q, value: v))
                case let .command(smmu, d) where d.layout.name == "CMD_SYNC":
                    for (k, w) in pending[smmu] ?? [:] { perEntry[k, default: []].append(UpdatePlan.Step(writes: w, sync: true)) }
                    pending[smmu] = [:]
                default: break
                }
            }
            let allSynced = pending.values.allSatisfy { $0.isEmpty }
            #expect(allSynced, "line \(step.line): stores left without a sync")
            for (k, seq) in perEntry {
                let kind: DescriptorKind = k.table == .ste ? .ste : .cd
                let from = live[k] ?? (kind == .ste ? STE.abort().words : CD().words)
                var to = from
                for s in seq { for w in s.writes { to[w.qword] = w.value } }
                let r = try Checker.check(kind, from: from, steps: seq, target: to)
                #expect(r.verdict.isSafe, "line \(step.line) \(k): hybrid \(r.hybrid.map { $0.map(hex16) } ?? [])")
                live[k] = to
            }
        }
    }

    @Test func setASIDRewritesEverySlotAndTheTrackingHolds() throws {
        let (f, _) = try Scenario.run(try Self.seed("ssid-tracking"))
        #expect(f.attachments(of: "shared") == [Attachment(smmu: "smmu0", master: "nic", ssid: 0),
                                                 Attachment(smmu: "smmu0", master: "nic", ssid: 7)])
        #expect(f.cd(master: "nic", ssid: 7)?.asid == 9)
        #expect(f.cd(master: "gpu", ssid: 3)?.valid == false)
        #expect(f.ste(smmu: "smmu1", sid: 16) == STE.bypass())
        #expect(f.invariantViolations() == [])
        // The final images lint clean.
        for n in f.smmuNames { #expect(ImageCheck.check(f.image(smmu: n)!) == [], "\(n)") }
    }

    static let base = """
    smmu smmu0 sid-bits=16 ssid-bits=20 features=ats,cd2l
    master m smmu=smmu0 sids=1 ssid-bits=4 ats
    master n smmu=smmu0 sids=2 ssid-bits=4
    domain a s1 asid=1 ttb0=0x90000000
    domain b s1 asid=1 ttb0=0x91000000
    domain v s2 vmid=3 vttbr=0x92000000
    attach a m ssid=1

    """

    @Test(arguments: [
        ("attach a nobody", "line 8: unknown master nobody"),
        ("master x smmu=smmu9 sids=4", "line 8: master x: unknown smmu smmu9"),
        ("attach a m ssid=16", "line 8: SSID 16 is beyond master m's 4 ssid-bits"),
        ("attach v m ssid=2", "line 8: domain v (s2 vmid=3 vttbr=0x92000000) cannot be attached at SSID 2: only stage-1 and SVA domains live in CDs"),
        ("attach v m", "line 8: S2 domain v on the RID of m is refused while PASIDs 1 are attached"),
        ("attach b m ssid=1", "line 8: m SSID 1 already holds domain a: detach it first, or attach with 'replace'"),
        ("detach m ssid=2", "line 8: m has nothing attached at SSID 2"),
        ("attach b n ssid=1", "line 8: ASID 1 is already taken on smmu smmu0 by domain a"),
        ("frobnicate a", "line 8: unknown statement 'frobnicate' (smmu, master, domain, attach, detach, set-asid, release, invalidate, fault, resume)"),
        ("release a", "line 8: domain a (s1 asid=1 ttb0=0x90000000) is not an SVA domain"),
        ("smmu s2 features=ats,warp", "line 8: unknown feature 'warp' (known: ats, stall, stall-force, e2h, attr-override, cd2l, ril)"),
    ])
    func badLinesAreRefusedWithTheLineAndChangeNothing(_ c: (String, String)) throws {
        let (f, _) = try Scenario.run(Self.base)
        let before = (f.image(smmu: "smmu0")?.serialized(), f.snapshot())
        #expect(throws: FlowError(c.1)) { _ = try Scenario.run(Self.base + c.0, fabric: Fabric()) }
        // The same refusal on the live fabric leaves the model, the table memory and the image as
        // they were, and sends nothing.
        #expect(throws: FlowError.self) { _ = try Scenario.run(c.0, fabric: f) }
        #expect(f.image(smmu: "smmu0")?.serialized() == before.0)
        #expect(f.snapshot().differences(from: before.1) == [])
        #expect(f.drainEvents().isEmpty)
    }

    /// Found by the concurrent test: setting a domain's current ASID must not release it.
    @Test func setASIDToTheCurrentASIDChangesNothing() throws {
        let (f, _) = try Scenario.run(try Self.seed("ssid-tracking"))
        try f.setASID("shared", 9)
        #expect(f.drainEvents().isEmpty)
        #expect(f.invariantViolations() == [])
    }

    /// Many threads attach, detach, re-ASID and invalidate at once (ATS masters, so detaches and
    /// invalidations send ATC_INVs); after every operation the tracking invariants hold (every
    /// node has a valid CD with the domain's current ASID, held on its SMMU; every slot is
    /// recorded by its domain), enough of every operation succeeded, and every CFGI_CD / ATC_INV
    /// in the command stream targets a slot that held a domain at that point (see `targetsHeld`).
    @Test func concurrentFlowsKeepTheInvariants() async throws {
        let f = Fabric()
        var features = SMMUFeatures()
        features.ats = true
        try f.addSMMU("s0", features)
        try f.addSMMU("s1", features)
        for i in 0..<4 { try f.addMaster("m\(i)", smmu: i % 2 == 0 ? "s0" : "s1", sids: [UInt32(0x10 + i)], ssidBits: 6, ats: true) }
        try f.addDomain("shared", .s1(asid: 100, ttb0: 0x9000_0000))
        // Each thread's own address spaces, one per PASID (one mm has one PASID: issue 11 item 5).
        for i in 0..<4 {
            for p in 1...6 {
                try f.addDomain("own\(i).\(p)", .sva(asid: UInt64(200 + 8 * i + p), ttb0: 0x9100_0000 + UInt64(8 * i + p) << 16))
            }
        }
        let ops = ["attach shared", "attach own", "detach", "set-asid", "invalidate"]
        let results = await withTaskGroup(of: ([String], [String: Int]).self) { g in
            for t in 0..<4 {
                g.addTask {
                    var bad: [String] = []
                    var done: [String: Int] = [:]
                    var rng = UInt64(t + 1)
                    for n in 0..<150 {
                        rng = rng &* 6364136223846793005 &+ 1442695040888963407
                        let ssid = UInt32(1 + (rng >> 40) % 6)
                        let op = Int((rng >> 33) % 5)
                        do {
                            switch op {
                            case 0: try f.attach("shared", "m\(t)", ssid: ssid)
                            case 1: try f.attach("own\(t).\(ssid)", "m\(t)", ssid: ssid)
                            case 2: try f.detach("m\(t)", ssid: ssid)
                            case 3: try f.setASID("shared", 100 + UInt64(n % 50))
                            default: try f.invalidate("shared")
                            }
                            done[ops[op], default: 0] += 1
                        } catch {}
                        bad += f.invariantViolations()
                    }
                    return (bad, done)
                }
            }
            var all: ([String], [String: Int]) = ([], [:])
            for await (v, d) in g {
                all.0 += v
                all.1.merge(d, uniquingKeysWith: +)
            }
            return all
        }
        #expect(results.0.isEmpty, "\(results.0.prefix(5))")
        #expect(f.invariantViolations() == [])
        // 600 operations: each kind is tried ~120 times; at least a quarter of each succeeded.
        for op in ops { #expect(results.1[op, default: 0] >= 30, "only \(results.1[op, default: 0]) successful \(op)") }
        let wrong = Self.targetsHeld(f.events)
        #expect(wrong.checked >= 100, "only \(wrong.checked) CFGI_CD/ATC_INV commands were checked")
        #expect(wrong.errors.isEmpty, "\(wrong.errors.prefix(5))")
    }

    /// Replays a command stream against the CD stores before it, per SMMU, and checks every
    /// invalidation's target (masters here have one StreamID, so a CD store's StreamID is the
    /// master's and names the slot the same way the commands do):
    /// - CFGI_CD (Leaf=1) at (StreamID, SSID): a store changed that slot's CD since the last
    ///   CMD_SYNC, and the slot held a valid CD at that sync, holds one now, is made valid by its
    ///   next word-0 store (installed words 1-7 first), or had its valid CD cleared and has not
    ///   been valid since (cleared word 0 first, then words 1-7);
    /// - ATC_INV at (StreamID, SSID): the slot holds a valid CD now (the domain is installed
    ///   there), or a valid CD was cleared there and this is the first ATC_INV since (the domain
    ///   just left it), or, with SSV=0 and no RID CD, the whole ATC of a StreamID whose ATS was
    ///   switched on or off; after a TLBI by ASID with no store since (`invalidate`), the slot's CD
    ///   carries that ASID.
    static func targetsHeld(_ events: [FlowEvent]) -> (checked: Int, errors: [String]) {
        struct Slot: Hashable { let smmu: String; let sid: UInt64; let ssid: UInt64 }
        var cd: [Slot: [UInt64]] = [:]
        var validAtSync: Set<Slot> = [], changed: Set<Slot> = []
        var cleared: Set<Slot> = [], atcOwed: Set<Slot> = []      // V went 1 -> 0: since, and no ATC_INV yet
        var tlbiASID: [String: UInt64] = [:]
        var installing: [Slot: Int] = [:]          // CFGI_CDs of a CD not valid yet, by event index
        var checked = 0, errors: [String] = []
        func valid(_ k: Slot) -> Bool { (cd[k]?[0] ?? 0) >> 31 & 1 == 1 }    // CD.V, word 0 bit 31
        for (i, e) in events.enumerated() {
            switch e {
            case let .store(smmu, .cd, sid, ssid, q, v):
                let k = Slot(smmu: smmu, sid: UInt64(sid), ssid: UInt64(ssid))
                let was = valid(k)
                cd[k, default: Array(repeating: 0, count: 8)][q] = v
                if q == 0, let at = installing.removeValue(forKey: k), !valid(k) {
                    errors.append("event \(at): \(events[at]) targets a slot whose CD was not valid before or after")
                }
                if was && !valid(k) { cleared.insert(k); atcOwed.insert(k) }
                if valid(k) { cleared.remove(k); atcOwed.remove(k) }
                changed.insert(k)
                tlbiASID[smmu] = nil
            case let .store(smmu, _, _, _, _, _):
                tlbiASID[smmu] = nil
            case .event:
                break
            case let .command(smmu, d):
                let name = e.commandName ?? ""
                switch name {
                case "SYNC":
                    changed = changed.filter { $0.smmu != smmu }
                    validAtSync = validAtSync.filter { $0.smmu != smmu }.union(cd.keys.filter { $0.smmu == smmu && valid($0) })
                case "TLBI_NH_ASID", "TLBI_EL2_ASID":
                    tlbiASID[smmu] = d.value("ASID")
                case "CFGI_CD" where d.value("Leaf") == 1:
                    checked += 1
                    let k = Slot(smmu: smmu, sid: d.value("StreamID") ?? 0, ssid: d.value("SubstreamID") ?? 0)
                    if !changed.contains(k) { errors.append("event \(i): \(e) targets a slot no store changed since the last sync") }
                    if !valid(k) && !validAtSync.contains(k) && !cleared.contains(k) { installing[k] = i }
                case "ATC_INV":
                    checked += 1
                    let ssid = d.value("SSV") == 1 ? d.value("SubstreamID") ?? 0 : 0
                    let k = Slot(smmu: smmu, sid: d.value("StreamID") ?? 0, ssid: ssid)
                    if valid(k) {
                        if let asid = tlbiASID[smmu], let w = cd[k]?[0], w >> 48 != asid {
                            errors.append("event \(i): \(e) after TLBI ASID \(asid) targets a slot whose CD has ASID \(w >> 48)")
                        }
                    } else if d.value("SSV") == 0 {
                        // SSV=0 with no RID CD: the whole ATC of the StreamID (ATS switched on or
                        // off, issue 11 item 3): it covers every PASID's entries too.
                        atcOwed = atcOwed.filter { $0.smmu != smmu || $0.sid != k.sid }
                    } else if !atcOwed.contains(k) {
                        errors.append("event \(i): \(e) targets a slot that holds no domain and was not just left")
                    }
                    atcOwed.remove(k)
                default: break
                }
            case .pageTable, .dma:
                break        // page-table stores and DMA predictions touch no CD slot
            }
        }
        errors += installing.values.sorted().map { "event \($0): \(events[$0]) targets a slot that never held a valid CD" }
        return (checked, errors)
    }
}
