import Foundation
import Testing
import SMMUv3
import SMMUv3QEMU

/// Updates applied to live tables while DMAs run (IHI 0070 §3.21: an STE or CD change is seen
/// by the SMMU only after CFGI_* + CMD_SYNC; a translation change only after TLBI + CMD_SYNC).
///
/// What this can and cannot check: QEMU reads a whole STE (and a whole CD) at once and caches
/// it until CFGI + CMD_SYNC, so it only ever sees synced states (an invalid STE it does not
/// cache: after C_BAD_STE it reads the entry again, whole). A DMA between two stores shows
/// whether the commands were issued, and in the right order (a missing or early invalidation
/// shows up as a fault or a stray write); it cannot show a torn read of a half-written entry.
/// Torn reads stay the checker's job (`Checker.check`), which judges every combination of words.
@Suite("QEMU live updates under traffic", .serialized,
       .enabled(if: qemuPath != nil, "no qemu-system-aarch64 ($SMMUV3_QEMU or PATH): apt-get install -y qemu-system-arm"))
struct QEMULiveUpdateTests {
    /// Three masters, each with its own update; the traffic (one 4-byte write per master) runs
    /// after every store and every CMD_SYNC of lines 16-20.
    static let script = """
    smmu smmu0 sid-bits=8 ssid-bits=0 strtab=linear
    master a smmu=smmu0 sids=0x8        # bypass -> stage 1
    master b smmu=smmu0 sids=0x10       # stage-1 ASID change
    master d smmu=smmu0 sids=0x18       # unmap, then map elsewhere
    domain pass identity
    domain d1 s1 asid=1
    domain d2 s1 asid=2
    domain d4 s1 asid=4
    map d1 iova=0x60000000 pa=0x50000000 size=0x1000 perm=rw
    map d2 iova=0x60000000 pa=0x51000000 size=0x1000 perm=rw
    map d4 iova=0x60000000 pa=0x53000000 size=0x1000 perm=rw
    attach pass a
    attach d2 b
    attach d4 d

    attach d1 a                          # the IOVA itself, then 0x50000040
    set-asid d2 7                        # 0x51000040 throughout: CD word 0, CFGI_CD, TLBI ASID 2
    unmap d4 iova=0x60000000 size=0x1000 # 0x53000040, then F_TRANSLATION
    map d4 iova=0x60000000 pa=0x54000000 size=0x1000 perm=rw   # F_TRANSLATION, then 0x54000040
    invalidate d1
    """

    @Test("Fabric flows under traffic: bypass -> stage 1, an ASID change, unmap and map; every DMA lands at the old or the new PA, no fault record")
    func flowsUnderTraffic() throws {
        let path = try #require(qemuPath)
        let shape = try Emulator.shape(of: Self.script)
        let machine = try QEMUMachine(MachineConfig(qemu: path, eduSIDs: Emulator.eduSIDs(shape, smmu: "smmu0")))
        defer { machine.close() }
        try Emulator.check(shape, smmu: "smmu0", ids: machine.ids)
        let traffic = Traffic(dmas: ["a", "b", "d"].map { DMALine(master: $0, iova: 0x6000_0040, write: true) }, lines: 16...20)
        var points: [(line: Int, after: String, results: [TrafficResult])] = []
        var stray: [String] = []
        try Emulator(machine: machine, smmu: "smmu0", shape: shape).run(Self.script, traffic: traffic) { e in
            if case let .traffic(line, after, results) = e { points.append((line, after, results)) }
            if let s = strayText(e) { stray.append(s) }
        }
        #expect(stray.isEmpty, "\(stray)")
        for p in points {
            for r in p.results {
                #expect(r.ok, "line \(p.line) after \(p.after): \(r.dma.master) \(r.observed.text), old \(r.old.text), new \(r.new.text)")
            }
        }
        // Every update line ran traffic, and the transitions were seen happening.
        #expect(Set(points.map(\.line)) == [16, 17, 18, 19, 20])
        func seen(_ line: Int, _ master: String) -> [String] {
            points.filter { $0.line == line }.compactMap { $0.results.first { $0.dma.master == master }?.observed }.map(\.text)
        }
        let a = seen(16, "a")
        #expect(a.first == "delivered pa=0x60000040" && a.last == "delivered pa=0x50000040", "\(a)")
        #expect(Set(seen(17, "b")) == ["delivered pa=0x51000040"])
        let unmap = seen(18, "d")
        #expect(unmap.last?.hasPrefix("fault F_TRANSLATION") == true, "\(unmap)")
        #expect(seen(19, "d").last == "delivered pa=0x54000040")
        print("live updates: \(points.count) traffic points, \(points.count * 3) DMAs")
    }

    /// A linear stream table at 0x8000_0000 with StreamID 8's STE at `steA`; CDs at 0x8000_1000
    /// and 0x8000_2000; page tables at 0x9000_0000 (IOVA 0x5000_0000 → 0x6000_0000) and
    /// 0x9100_0000 (→ 0x6000_1000), written as the conformance suite writes them.
    func twoStage1Configurations(_ m: QEMUMachine, newWord1: Bool) throws -> (a: [UInt64], b: [UInt64]) {
        let t = QEMUConformanceTests()
        for (cd, ttb0, asid, pa): (UInt64, UInt64, UInt64, UInt64) in [(0x8000_1000, 0x9000_0000, 1, 0x6000_0000), (0x8000_2000, 0x9100_0000, 2, 0x6000_1000)] {
            let c = try CD.stage1(asid: asid, ttb0: ttb0, tcr: TranslationControl(t0sz: 16), mair: 0xff)
            for (i, w) in c.words.enumerated() { try m.process.writeq(cd + UInt64(i) * 8, w) }
            try t.map(m, pa: pa, ttb0: ttb0)
        }
        let a = try STE.stage1(CDTableRef(address: 0x8000_1000)).words
        var o = Stage1Options()
        if newWord1 { o.s1cir = .nonCacheable }
        let b = try STE.stage1(CDTableRef(address: 0x8000_2000), o).words
        for (i, w) in a.enumerated() { try m.process.writeq(QEMUConformanceTests.table + 8 * 64 + UInt64(i) * 8, w) }
        try m.setStreamTable(base: QEMUConformanceTests.table, cfg: 8)
        #expect(try m.submit([CommandQueue.Entry.cfgiAll().words, CommandQueue.Entry.sync().words]) == nil)
        return (a, b)
    }

    /// Where one 4-byte write by StreamID 8 to IOVA 0x5000_0000 landed (0x6000_0000 or
    /// 0x6000_1000), or the record QEMU wrote.
    func probe(_ m: QEMUMachine) throws -> String {
        let s = try #require(try m.run([.init(sid: 8, iova: 0x5000_0000, write: true, length: 4)]) { _ in [] }.first)
        let events = try m.takeEvents().events
        for pa: UInt64 in [0x6000_0000, 0x6000_1000] where try m.process.read(pa, count: 4) == s.tag {
            return events.isEmpty ? hex(pa) : "\(hex(pa)) and \(events.map(\.type))"
        }
        return events.map(\.type).joined(separator: ",")
    }

    /// The planner's sequence for StreamID 8 applied store by store (the entry writer's order),
    /// CFGI_STE + CMD_SYNC at each sync, a DMA after every store and every sync. QEMU sees the
    /// last synced entry (or, when that was invalid, memory as it is now: it caches no invalid
    /// STE); the checker's class of that entry says what the DMA must do: old 0x6000_0000, new
    /// 0x6000_1000, invalid C_BAD_STE.
    func applyUnderTraffic(newWord1: Bool) throws -> (plan: UpdatePlan, report: Checker.Report, seen: [String], predicted: [String]) {
        let path = try #require(qemuPath)
        let m = try QEMUMachine(MachineConfig(qemu: path, eduSIDs: [8]))
        defer { m.close() }
        let (a, b) = try twoStage1Configurations(m, newWord1: newWord1)
        let plan = try Planner.plan(.ste, from: a, to: b)
        let report = try Checker.check(.ste, from: a, steps: plan.steps, target: b)
        var current = a, synced = a
        var seen: [String] = [], predicted: [String] = []
        func expectation() -> String {
            // QEMU keeps only a valid STE: after C_BAD_STE it reads memory again at the next
            // transaction, so it sees the entry as stored now (one of the checker's candidates).
            let cached = Checker.classify(.ste, observed: synced, from: a, to: b) == .invalid ? current : synced
            return switch Checker.classify(.ste, observed: cached, from: a, to: b) {
            case .old: "0x60000000"
            case .new: "0x60001000"
            case .invalid: "C_BAD_STE"
            case .hybrid: "hybrid"
            }
        }
        #expect(try probe(m) == "0x60000000")
        for step in plan.steps {
            for w in step.writes {
                try m.process.writeq(QEMUConformanceTests.table + 8 * 64 + UInt64(w.qword) * 8, w.value)
                current[w.qword] = w.value
                seen.append(try probe(m))
                predicted.append(expectation())
            }
            if step.sync {
                #expect(try m.submit([CommandQueue.Entry.cfgiSTE(sid: 8, leaf: true).words, CommandQueue.Entry.sync().words]) == nil)
                synced = current
                seen.append(try probe(m))
                predicted.append(expectation())
            }
        }
        #expect(current == b)
        return (plan, report, seen, predicted)
    }

    @Test("Planner + entry writer, stage 1 -> stage 1 with a new CD and page table (only word 0's used bits change): hitless under traffic")
    func hitlessSTEUnderTraffic() throws {
        let r = try applyUnderTraffic(newWord1: false)
        #expect(r.report.hitless)
        guard case .hitless = r.plan.why else { Issue.record("planned \(r.plan.reason)"); return }
        #expect(r.seen == r.predicted)
        #expect(!r.seen.contains("C_BAD_STE") && r.seen.last == "0x60001000", "\(r.seen)")
    }

    @Test("A breaking sequence (V=0 first) under traffic: QEMU records C_BAD_STE exactly while the synced STE is the invalid one the checker says may be seen")
    func breakingSTEUnderTraffic() throws {
        let r = try applyUnderTraffic(newWord1: true)
        guard case .breaking = r.plan.why else { Issue.record("planned \(r.plan.reason)"); return }
        // The checker: safe (no hybrid) but not hitless: an invalid STE is observable.
        #expect(r.report.safe && !r.report.hitless)
        #expect(r.seen == r.predicted)
        #expect(r.seen.contains("C_BAD_STE") && r.seen.last == "0x60001000", "\(r.seen)")
    }
}
