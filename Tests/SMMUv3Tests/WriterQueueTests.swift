import Testing
@testable import SMMUv3

/// Plans applied to real table memory through the command queue (issue #4).
@Suite("Entry writer and command queue")
struct WriterQueueTests {
    @Test func bypassToStage1ThroughTheQueue() throws {
        var st = try StreamTable(linear: 6)
        var q = try CommandQueue(log2Size: 4)
        try st.install(9, .bypass(shcfg: .incoming)) { _ in }
        let target = try STE.stage1(CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4))
        let plan = try Planner.plan(.ste, from: try st.ste(9)!.words, to: target.words)
        _ = st.log.drain()
        try EntryWriter.apply(plan, to: st, at: 9) { try q.sync($0) }
        #expect(try st.ste(9) == target)
        let (cmds, err) = q.drain()
        #expect(err == nil)
        // Per sync point: CFGI_STE(sid 9, leaf) then CMD_SYNC; as many as the plan's syncs.
        #expect(cmds.map(\.layout.name) == Array(repeating: ["CMD_CFGI_STE", "CMD_SYNC"], count: plan.syncs).flatMap { $0 })
        #expect(cmds.first?.value("StreamID") == 9 && cmds.first?.value("Leaf") == 1)
        #expect(cmds[1].value("CS") == SyncCompletion.sev.rawValue)
        // The stores the table logged are the plan's writes, in order.
        let stores = st.log.all.compactMap { e -> UpdatePlan.Write? in
            if case let .store(.ste, 9, 0, q, v, _) = e { return UpdatePlan.Write(qword: q, value: v) }
            return nil
        }
        #expect(stores == plan.steps.flatMap(\.writes))
    }

    @Test func asidChangeOnACDSharedByTwoStreamIDs() throws {
        var t = try CDTable(.twoLevel64K, s1cdmax: 16, streamIDs: [3, 4])
        var q = try CommandQueue(log2Size: 5)
        let tcr = TranslationControl(t0sz: 16)
        try t.install(300, try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff)) { _ in }
        let to = try CD.stage1(asid: 2, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff)
        let plan = try Planner.plan(.cd, from: try t.cd(300)!.words, to: to.words)
        #expect(plan.syncs == 1)
        try EntryWriter.apply(plan, to: t, at: 300) { try q.sync($0) }
        let (cmds, _) = q.drain()
        #expect(cmds.map(\.layout.name) == ["CMD_CFGI_CD", "CMD_CFGI_CD", "CMD_SYNC"])
        #expect(cmds.map { $0.value("StreamID") } == [3, 4, nil])
        #expect(cmds[0].value("SubstreamID") == 300)
    }

    @Test func theWriterRefusesAPlanForAnotherEntry() throws {
        var st = try StreamTable(linear: 4)
        try st.install(1, .bypass()) { _ in }
        let plan = try Planner.plan(.ste, from: STE.abort().words, to: STE.bypass().words)
        #expect(throws: TableError.liveEntry("StreamID 1 does not hold the plan's starting STE")) {
            try EntryWriter.apply(plan, to: st, at: 1) { _ in }
        }
    }

    @Test func theRingWrapsAndAppliesBackPressure() throws {
        var q = try CommandQueue(log2Size: 2)          // 4 entries
        let base = q.baseBus
        #expect(base % 64 == 0)                    // aligned to max(queue size, 32 B)
        for i in 0..<4 { try q.push(.cfgiSTE(sid: UInt32(i), leaf: true)) }
        let full = q.isFull
        #expect(full)
        #expect(throws: QueueError.full(entries: 4)) { try q.push(.sync()) }
        let drained = q.drain().commands.count
        #expect(drained == 4)
        let (empty, p4, c4) = (q.isEmpty, q.prod, q.cons)
        #expect(empty && p4 == 4 && c4 == 4)    // index 0, wrap flag set
        try q.push(batch: [.cfgiSTE(sid: 7, leaf: true), .sync()])
        #expect(throws: QueueError.batchTooLarge(batch: 3, free: 2)) {
            try q.push(batch: [.sync(), .sync(), .sync()])
        }
        let sids = q.drain().commands.map { $0.value("StreamID") }
        #expect(sids == [7, nil])
        let (p6, c6) = (q.prod, q.cons)
        #expect(p6 == 6 && c6 == 6)
        let reg = q.cmdqBase
        #expect(reg & 0x1f == 2)                     // LOG2SIZE
    }

    @Test func theConsumerStopsAtAnIllegalCommand() throws {
        var q = try CommandQueue(log2Size: 3)
        try q.push(.cfgiSTE(sid: 1, leaf: true))
        try q.push(try CommandQueue.Entry(words: [0x46 | 3 << 12, 0]))   // CMD_SYNC with CS=0b11
        try q.push(.sync())
        let (ok, bad) = q.drain()
        #expect(ok.count == 1)
        #expect(bad?.findings.contains { $0.field == "CS" && $0.severity == .illegal } == true)
        let (errCode, cons) = (q.error, q.cons)
        #expect(errCode == 1 && cons == 1)                   // CONS points at the illegal entry
    }

    @Test func commandsWithOutOfRangeFieldsAreRefused() {
        #expect(throws: EncodeError.field(.doesNotFit(field: "ASID", value: 0x10000, width: 16))) {
            try CommandQueue.Entry.tlbiNHASID(asid: 0x10000)
        }
        #expect(throws: EncodeError.field(.doesNotFit(field: "SubstreamID", value: 1 << 20, width: 20))) {
            try CommandQueue.Entry.cfgiCD(sid: 1, ssid: 1 << 20, leaf: true)
        }
    }
}
