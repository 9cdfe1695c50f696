import Synchronization
import Testing
@testable import SMMUv3

/// Flows are all-or-nothing (issue #9 item 8): a refused line leaves the fabric's model
/// (domains, nodes, slots, CD tables, held ASIDs/VMIDs, released SVA domains, unflushed stores,
/// events) and its table memory (every stream-table and CD-table segment, byte for byte) exactly
/// as it was. Shown over generated scripts that mix valid lines with every kind of bad one.
@Suite("Refused lines change nothing")
struct RefusedLineTests {
    /// A small deterministic generator (an LCG: the same scripts on every run).
    struct Gen {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    static let smmus = ["s0", "s1", "s9"]                          // s9 is never declared
    static let masters = ["m0", "m1", "m2", "m3", "mx"]            // mx is never declared
    static let domains = ["a", "b", "c", "v", "w", "i", "k", "z", "nope"]

    /// Declarations first (some refused: bad sizes, unknown features, StreamIDs out of range or
    /// taken, ATS the SMMU lacks, ASIDs/VMIDs wider than 16 bits, misaligned or too-wide table
    /// addresses, names declared twice), then flows over known and unknown names, in-range and
    /// out-of-range SSIDs, double attaches, detaches of nothing, clashing ASIDs, garbage.
    static func script(_ seed: UInt64) -> [String] {
        var g = Gen(state: seed)
        var lines: [String] = []
        for n in ["s0", "s1", g.pick(["s0", "s1"])] {
            let (bits, strtab) = g.chance(10) ? (40, "2level") : g.pick([(4, "linear"), (8, "linear"), (16, "2level"), (8, "2level")])
            let ssid = g.chance(10) ? 25 : g.pick([0, 4, 8, 8, 12])
            var features = ["ats", "stall", "e2h", "attr-override"].filter { _ in g.chance(40) }
                .map { n == "s1" && $0 == "stall" ? "stall-force" : $0 }      // s1 forces stall where s0 offers it
            if ssid > 10 || g.chance(50) { features.append("cd2l") }
            if g.chance(5) { features.append("warp") }
            lines.append("smmu \(n) sid-bits=\(bits) ssid-bits=\(ssid) strtab=\(strtab)"
                         + (features.isEmpty ? "" : " features=\(features.joined(separator: ","))"))
        }
        for (i, n) in ["m0", "m1", "m2", "m3", g.pick(["m0", "m1"])].enumerated() {
            // Mostly StreamIDs of its own; sometimes one beyond small sid-bits, or another master's.
            let sids = (0..<g.pick([1, 1, 2, 3])).map { k in String(g.chance(85) ? 1 + 4 * i + k : g.pick([1, 0x10, 0x1ff, 0x10000])) }
            var line = "master \(n) smmu=\(g.chance(90) ? g.pick(["s0", "s1"]) : "s9") sids=\(sids.joined(separator: ","))"
            if g.chance(60) { line += " ssid-bits=\(g.pick([0, 2, 4, 8]))" }
            if g.chance(30) { line += " ats" }
            if g.chance(20) { line += " stall" }
            lines.append(line)
        }
        let asids = ["1", "2", "5", "0xffff", "0x10000"]
        let ttbs = ["0x90000000", "0x91000000", "0x92000000", "0x93000000", "0x90000001", "0x90000008", "0xffffffffffffff00"]
        for n in domains.dropLast() + [g.pick(["a", "v"])] {
            switch n == "v" ? 3 : g.next() % 6 {                        // v is always stage 2
            case 0: lines.append("domain \(n) s1 asid=\(g.pick(asids)) ttb0=\(g.pick(ttbs))")
            case 1, 2: lines.append("domain \(n) sva asid=\(g.pick(asids)) ttb0=\(g.pick(ttbs))")
            case 3: lines.append("domain \(n) s2 vmid=\(g.pick(["1", "3", "0xffff", "0x10000", "0x1ffff"])) vttbr=\(g.pick(ttbs))")
            case 4: lines.append("domain \(n) identity")
            default: lines.append("domain \(n) blocked")
            }
        }
        let ssids = ["", " ssid=0", " ssid=1", " ssid=2", " ssid=3", " ssid=15", " ssid=16", " ssid=255", " ssid=256", " ssid=0x100000"]
        for _ in 0..<60 {
            switch g.next() % 13 {
            case 0, 1, 2, 3: lines.append("attach \(g.pick(domains)) \(g.pick(masters))\(g.pick(ssids))")
            case 4: lines.append("detach \(g.pick(masters))\(g.pick(ssids))")
            case 5: lines.append("detach \(g.pick(["m0", "m1", "m2"]))\(g.pick(["", " ssid=1", " ssid=2"]))")
            case 10: lines += ["attach v m0", "attach \(g.pick(["a", "b", "c"])) m0 ssid=1"]   // a PASID beside an S2 RID
            case 6: lines.append("set-asid \(g.pick(domains)) \(g.pick(asids + ["3", "7"]))")
            case 7: lines.append("release \(g.pick(domains))")
            case 8: lines.append("invalidate \(g.pick(domains))")
            case 9: lines.append(g.pick(["attach a", "detach", "attach a m0 ssid=x", "attach a m0 pasid=1", "frobnicate a",
                                         "set-asid a", "set-asid a lots", "release", "domain q s9", "domain q s1 asid=1"]))
            default: lines.append("attach \(g.pick(["a", "b", "c", "k", "v", "w"])) \(g.pick(["m0", "m1", "m2"]))\(g.pick(["", " ssid=1", " ssid=2"]))")
            }
        }
        return lines
    }

    /// A fragment of each refusal the generated scripts must provoke at least once.
    static let rules = [
        "unknown master", "unknown domain", "unknown smmu", "is already declared", "is not in 1...32",
        "is not in 0...20", "unknown feature", "already belongs to master", "is listed twice", "has no ATS",
        "is beyond smmu", "does not fit in 16 bits", "-byte aligned", "does not fit in address bits",
        "is beyond master", "is already attached to", "has nothing attached at SSID", "is already taken on smmu",
        "cannot be attached at SSID", "already holds domain", "is refused while PASIDs", "PASIDs need a CD-table STE",
        "has been released", "is already released", "has no ASID", "is not an SVA domain", "unknown statement",
    ]

    /// Every line of 40 generated scripts runs alone on a live fabric; every refused one leaves
    /// the snapshot as it was, and the tracking invariants hold after every line.
    @Test func everyRefusedLineOfGeneratedScriptsChangesNothing() throws {
        var refused: [String: Int] = [:], accepted: [String: Int] = [:]
        var reasons: Set<String> = []
        for seed in UInt64(1)...40 {
            let f = Fabric()
            for line in Self.script(seed) {
                let verb = String(line.prefix { $0 != " " })
                let before = f.snapshot()
                do {
                    _ = try Scenario.run(line, fabric: f)
                    accepted[verb, default: 0] += 1
                } catch {
                    refused[verb, default: 0] += 1
                    reasons.insert(error.message)
                    let changes = f.snapshot().differences(from: before)
                    #expect(changes.isEmpty, "script \(seed): '\(line)' was refused (\(error)) but changed:\n\(changes.prefix(8).joined(separator: "\n"))")
                }
                let broken = f.invariantViolations()
                #expect(broken.isEmpty, "script \(seed) after '\(line)': \(broken.prefix(3))")
                _ = f.drainEvents()
            }
        }
        // Every rule a flow or declaration enforces refused some line.
        for rule in Self.rules {
            #expect(reasons.contains { $0.contains(rule) }, "no line was refused for '\(rule)'")
        }
        // The scripts exercised both sides of every statement that changes the fabric.
        for verb in ["smmu", "master", "domain", "attach", "detach", "set-asid", "release"] {
            #expect(refused[verb, default: 0] >= 5, "only \(refused[verb, default: 0]) refused \(verb) lines")
            #expect(accepted[verb, default: 0] >= 5, "only \(accepted[verb, default: 0]) accepted \(verb) lines")
        }
    }

    static let base = """
    smmu s0 sid-bits=16 ssid-bits=8 features=ats,cd2l
    master m smmu=s0 sids=1,2 ssid-bits=4 ats

    """

    /// A domain is checked when it is declared, against the same builders its CD or STE will use:
    /// nothing refused later, after an attach has started changing things.
    @Test(arguments: [
        ("domain d s1 asid=0x10000 ttb0=0x90000000", "line 3: domain d: ASID=65536 does not fit in 16 bits (max 0xffff)"),
        ("domain d sva asid=0x1ffff ttb0=0x90000000", "line 3: domain d: ASID=131071 does not fit in 16 bits (max 0xffff)"),
        ("domain d s1 asid=1 ttb0=0x90000001", "line 3: domain d: TTB0 0x90000001 is not 16-byte aligned"),
        ("domain d s1 asid=1 ttb0=0xffffffffffffff00", "line 3: domain d: TTB0 0xffffffffffffff00 does not fit in address bits [55:4] (above bit 55)"),
        ("domain d s2 vmid=0x10000 vttbr=0x90000000", "line 3: domain d: S2VMID=65536 does not fit in 16 bits (max 0xffff)"),
        ("domain d s2 vmid=1 vttbr=0x90000008", "line 3: domain d: S2TTB 0x90000008 is not 16-byte aligned"),
    ])
    func domainsAreCheckedWhenDeclared(_ c: (String, String)) throws {
        #expect(throws: FlowError(c.1)) { _ = try Scenario.run(Self.base + c.0 + "\nattach d m") }
    }

    @Test(arguments: [
        ("smmu t sid-bits=40", "line 3: sid-bits=40 is not in 1...32 (SMMU_IDR1.SIDSIZE)"),
        ("smmu t ssid-bits=25", "line 3: ssid-bits=25 is not in 0...20 (SMMU_IDR1.SSIDSIZE)"),
        ("master x smmu=s0 sids=5,6,5", "line 3: master x: StreamID 5 is listed twice"),
        ("master x smmu=s0 sids=2", "line 3: master x: StreamID 2 already belongs to master m"),
        ("domain d s1 asid=1 ttb0=0x90000000\nset-asid d 0x10000", "line 4: domain d: ASID=65536 does not fit in 16 bits (max 0xffff)"),
    ])
    func declarationsNameTheFieldValueAndRule(_ c: (String, String)) throws {
        #expect(throws: FlowError(c.1)) { _ = try Scenario.run(Self.base + c.0) }
    }

    static let flows = """
    smmu s0 sid-bits=8 ssid-bits=8 strtab=linear features=ats,stall
    smmu s1 sid-bits=8 ssid-bits=8 strtab=linear features=e2h,attr-override
    master m smmu=s0 sids=1,2 ssid-bits=4 ats
    master n smmu=s1 sids=3 ssid-bits=4
    domain a s1 asid=1 ttb0=0x90000000
    domain b sva asid=2 ttb0=0x91000000
    domain i identity
    domain v s2 vmid=3 vttbr=0x92000000
    attach a m
    attach a m ssid=1
    attach b n ssid=2
    attach i n
    attach b m ssid=2
    set-asid a 7
    set-asid b 9
    invalidate b
    detach m ssid=1
    release b
    detach m
    attach i m
    detach m ssid=2
    detach n ssid=2
    attach v n
    attach a n
    """

    /// A flow that fails after it started writing (here: its sync sink fails at its k-th sync,
    /// as a full queue or a failed callback would) is rolled back: for every flow line of a
    /// scenario and every k, the model and the table memory are as before the line, the tracking
    /// invariants hold, every store of the rollback is synced, and the error says so.
    @Test func aFlowFailingAtAnySyncIsRolledBack() throws {
        let lines = Self.flows.split(separator: "\n").map(String.init)
        let firstFlow = try #require(lines.firstIndex { $0.hasPrefix("attach") })
        var rolledBack = 0
        for n in firstFlow..<lines.count {
            for k in 1... {
                let (f, _) = try Scenario.run(lines[..<n].joined(separator: "\n"))
                let before = f.snapshot()
                let calls = Counter()
                f.injectSyncFault { smmu, owed in
                    calls.n += 1
                    return calls.n == k ? FlowError("injected: the sync sink of \(smmu) failed on \(owed.map(\.description))") : nil
                }
                do {
                    _ = try Scenario.run(lines[n], fabric: f)
                    break                                                 // the line has fewer than k syncs
                } catch {
                    #expect(error.message.hasSuffix("(rolled back: tables and attachments are as before)"), "'\(lines[n])' k=\(k): \(error)")
                }
                rolledBack += 1
                let events = f.drainEvents()
                #expect(events.last?.commandName == "SYNC", "'\(lines[n])' k=\(k): the rollback's stores end unsynced")
                let changes = f.snapshot().differences(from: before)
                #expect(changes.isEmpty, "'\(lines[n])' failing at sync \(k) changed:\n\(changes.prefix(8).joined(separator: "\n"))")
                #expect(f.invariantViolations() == [], "'\(lines[n])' k=\(k)")
            }
        }
        #expect(rolledBack >= 30, "only \(rolledBack) failures were injected")
    }

    /// A bus map that hands out consecutive addresses and refuses the `failing`-th mapping.
    final class FailingMap: Sendable {
        private let state = Mutex((calls: 0, next: UInt64(0x8000_0000)))
        let failing: Int
        init(failing: Int) { self.failing = failing }
        func map(size: Int, alignment: Int) -> UInt64 {
            state.withLock { s in
                s.calls += 1
                let a = UInt64(alignment)
                let bus = (s.next + a - 1) & ~(a - 1)
                s.next = bus + UInt64(size)
                return s.calls == failing ? bus + 8 : bus      // misaligned: BusMap refuses it
            }
        }
    }

    /// Memory that cannot be had halfway through an attach (the CD table, then each StreamID's
    /// L2 array, in turn): the attach is rolled back; the model is as before and the only table
    /// memory left changed is L2 arrays allocated on the way (every STE abort, as for a StreamID
    /// with no L2 array, each published by its L1STD), as documented.
    @Test func anAllocationFailingMidwayLeavesOnlyAbortL2Arrays() throws {
        var outcomes: [String] = []
        for failing in 3...6 {
            let m = FailingMap(failing: failing)
            let f = Fabric(map: BusMap(.custom { _, size, alignment in m.map(size: size, alignment: alignment) }))
            _ = try Scenario.run("""
                smmu s0 sid-bits=16 ssid-bits=8 strtab=2level features=ats
                master m smmu=s0 sids=1,0x100 ssid-bits=4 ats
                domain a s1 asid=1 ttb0=0x90000000
                """, fabric: f)                                          // maps 1 and 2: stream table, queue
            let before = f.snapshot()
            do {
                _ = try Scenario.run("attach a m", fabric: f)
                outcomes.append("accepted")
                continue
            } catch {
                outcomes.append(error.message.hasSuffix("(rolled back: tables and attachments are as before)") ? "rolled back" : "refused")
                #expect(error.message.contains("as the table requires"), "\(error)")
            }
            _ = f.drainEvents()
            let after = f.snapshot()
            #expect(after.facts == before.facts, "map \(failing): \(after.differences(from: before).filter { !$0.contains("segment") })")
            for (k, bytes) in after.memory where before.memory[k] != bytes {
                #expect(k.hasPrefix("s0 strtab"), "map \(failing): segment \(k) changed")
                if before.memory[k] == nil {
                    let abort = STE.abort().words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
                    #expect(bytes == Array((0..<bytes.count / 64).map { _ in abort }.joined()), "map \(failing): new segment \(k) is not all abort STEs")
                }
            }
            for sid: UInt32 in [1, 0x100] { #expect(f.ste(smmu: "s0", sid: sid).map { $0 == STE.abort() } ?? true, "map \(failing) StreamID \(sid)") }
            #expect(f.invariantViolations() == [])
        }
        // The CD table (map 3) fails before any store; an L2 array (maps 4, 5) after the CD was written.
        #expect(outcomes == ["rolled back", "rolled back", "rolled back", "accepted"])
    }

    final class Counter: @unchecked Sendable { var n = 0 }
}
