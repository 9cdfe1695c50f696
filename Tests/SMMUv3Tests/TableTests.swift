import Testing
@testable import SMMUv3

/// Tables in real posix_memalign'ed memory (issue #3): formats, alignment, publication order.
@Suite("Stream and CD tables in aligned memory")
struct TableTests {
    @Test func linearStreamTableIsAlignedToItsSizeAndFullOfAbortSTEs() throws {
        let t = try StreamTable(linear: 6)
        #expect(t.baseBus % (64 << 6) == 0)
        for sid: UInt32 in [0, 17, 63] { #expect(try t.ste(sid) == STE.abort()) }
        #expect(t.strtabBaseCfg == 6)                                  // LOG2SIZE=6, FMT=linear
        #expect(t.strtabBase == t.baseBus | 1 << 62)                  // ADDR | RA
        #expect(throws: TableError.sidOutOfRange(sid: 64, log2Size: 6)) { try t.entry(64) }
        #expect(TableError.sidOutOfRange(sid: 64, log2Size: 6).description
                == "StreamID 64 is out of range: the stream table covers 2^6 StreamIDs")
    }

    @Test(arguments: [6, 8, 10])
    func twoLevelLeavesArePublishedAfterTheirContents(_ split: Int) throws {
        let log = UpdateLog()
        var t = try StreamTable(twoLevel: 16, split: split, map: BusMap(.fixedBase(0x8000_0000)), log: log)
        #expect(t.baseBus == 0x8000_0000)
        #expect(t.strtabBaseCfg == UInt64(16 | split << 6 | 1 << 16))
        let sid: UInt32 = 0x1234
        #expect(try t.entry(sid) == nil)
        #expect(try t.l1std(sid)?.words == [0])                        // Span=0: invalid
        #expect(try t.ensure(sid) { _ in })
        #expect(try !t.ensure(sid + 1) { _ in })                                 // same leaf
        let leafBytes = UInt64(64) << split
        let desc = try #require(try t.l1std(sid))
        #expect(desc["Span"] == UInt64(split + 1))
        let l2 = try #require(desc["L2Ptr"])
        #expect(l2 % leafBytes == 0)
        #expect(try t.entryBus(sid) == l2 + UInt64(Int(sid) & ((1 << split) - 1)) * 64)
        #expect(try t.ste(sid) == STE.abort())
        let l1Index = Int(sid) >> split
        #expect(log.all == [
            .store(table: .l1std, sid: UInt32(l1Index << split), ssid: 0, qword: 0, value: desc.words[0],
                   bus: 0x8000_0000 + UInt64(l1Index * 8)),
            .invalidate(.cfgiSTE(sid: sid, leaf: false)),
        ])
    }

    @Test func badSplitAndSizesAreRefused() {
        #expect(throws: TableError.split(7)) { _ = try StreamTable(twoLevel: 16, split: 7) }
        #expect(TableError.split(7).description == "SPLIT 7 is not 6, 8 or 10 (IHI 0070 §6.3.25: other values behave as 6)")
        #expect(throws: TableError.log2Size(33, max: 32)) { _ = try StreamTable(linear: 33) }
        // 2^32 STEs of 64 bytes is 256 GiB: over the 1 GiB default ceiling, and with the ceiling
        // lifted, more than this machine has; refused before allocating either way.
        #expect(throws: TableError.overCeiling(what: "a linear stream table of 2^32 STEs", bytes: 1 << 38, ceiling: 1 << 30)) {
            _ = try StreamTable(linear: 32)
        }
        #expect {
            _ = try StreamTable(linear: 32, maxTableBytes: .max)
        } throws: { e in
            guard case .tooLarge(bytes: 1 << 38, _) = e as? TableError else { return false }
            return true
        }
    }

    @Test func aMappingThatMisalignsIsRefusedAndNothingChanges() throws {
        let bad = BusMap(.custom { host, _, alignment in alignment >= 4096 ? UInt64(host) + 0x40 : UInt64(host) })
        var t = try StreamTable(twoLevel: 12, split: 8, map: bad)
        #expect(throws: TableError.self) { try t.ensure(5) { _ in } }
        #expect(try t.l1std(5)?.words == [0])
        #expect(try t.entry(5) == nil)
        #expect(t.log.all.isEmpty)
        let wide = BusMap(.fixedBase(0xff_ffff_ffff_f000))
        #expect(throws: TableError.bus(.tooWide(bus: 0x100_0000_0000_0000, size: 8192, bits: 56))) {
            _ = try StreamTable(linear: 7, map: wide)
        }
    }

    @Test func fixedBaseImagesAreReproducible() throws {
        func build() throws -> [(UInt64, [UInt8])] {
            var t = try StreamTable(twoLevel: 16, split: 8, map: BusMap(.fixedBase(0x4000_0000)))
            try t.ensure(0x100) { _ in }
            try t.install(0x101, try STE.stage1(CDTableRef(address: 0x5000_0000))) { _ in }
            return t.segments().map { ($0.bus, $0.bytes) }
        }
        let a = try build(), b = try build()
        #expect(a.map(\.0) == b.map(\.0))
        #expect(a.map(\.1) == b.map(\.1))
    }

    @Test func installWritesWordsOneToSevenThenWordZero() throws {
        let log = UpdateLog()
        var t = try StreamTable(linear: 4, log: log)
        let target = try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))
        var synced: [[Invalidation]] = []
        try t.install(3, target) { synced.append($0) }
        #expect(try t.ste(3) == target)
        let events = log.all
        // word 1 (the only non-zero word past 0), CFGI_STE, word 0, CFGI_STE; each CFGI handed to the sink.
        #expect(events.count == 4)
        guard case .store(.ste, 3, 0, 1, target.words[1], _) = events[0] else { Issue.record("\(events[0])"); return }
        #expect(events[1] == .invalidate(.cfgiSTE(sid: 3, leaf: true)))
        guard case .store(.ste, 3, 0, 0, target.words[0], _) = events[2] else { Issue.record("\(events[2])"); return }
        #expect(synced == [[.cfgiSTE(sid: 3, leaf: true)], [.cfgiSTE(sid: 3, leaf: true)]])
        // A live translating entry goes through the planner too: what install stores is the plan.
        _ = log.drain()
        let plan = try t.install(3, STE.bypass()) { _ in }
        #expect(plan == (try Planner.plan(.ste, from: target.words, to: STE.bypass().words)))
        #expect(try t.ste(3) == STE.bypass())
        // An illegal target is refused before any store.
        var bad = try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))
        try bad.set("S1CDMax", 21)                                  // beyond SSIDSIZE 20: ILLEGAL
        #expect(throws: PlanError.self) { try t.install(3, bad) { _ in } }
        #expect(try t.ste(3) == STE.bypass())
    }

    @Test(arguments: [S1Fmt.linear, .twoLevel4K, .twoLevel64K])
    func cdTables(_ fmt: S1Fmt) throws {
        let log = UpdateLog()
        var t = try CDTable(fmt, s1cdmax: 12, streamIDs: [7, 8], log: log)
        let expectedL1 = fmt == .linear ? 64 << 12 : max(64, 8 << (12 - (fmt == .twoLevel4K ? 6 : 10)))
        #expect(t.baseBus % UInt64(expectedL1) == 0)
        #expect(throws: TableError.ssidOutOfRange(ssid: 4096, s1cdmax: 12)) { try t.entry(4096) }
        let cd = try CD.stage1(asid: 5, ttb0: 0x9000_0000, tcr: TranslationControl(t0sz: 16), mair: 0xff)
        try t.install(1500, cd) { _ in }
        #expect(try t.cd(1500) == cd)
        let e = log.all
        if fmt == .linear {
            #expect(!e.contains { if case .store(.l1cd, _, _, _, _, _) = $0 { true } else { false } })
        } else {
            #expect(e.contains(.invalidate(.cfgiCD(sid: 7, ssid: 1500, leaf: false))))
            #expect(e.contains(.invalidate(.cfgiCD(sid: 8, ssid: 1500, leaf: false))))
            let leafBytes: UInt64 = fmt == .twoLevel4K ? 4096 : 65536
            #expect(try t.entryBus(1500)! % 64 == 0)
            #expect((try t.entryBus(1500)! - UInt64(1500 % Int(leafBytes / 64)) * 64) % leafBytes == 0)
        }
        #expect(e.last == .invalidate(.cfgiCD(sid: 8, ssid: 1500, leaf: true)))
        let ste = try STE.stage1(t.ref)
        #expect(ste.s1ContextPtr == t.baseBus && ste.s1cdmax == 12)
    }

    /// A linear stream table's memory is its STEs, word 0 first (IHI 0070 §3.3.2): the span
    /// `withWords` lends shows each STE as `entry(_:)` reads it.
    @Test func tableMemoryReadThroughASpanHoldsTheEntries() throws {
        var t = try StreamTable(linear: 4)
        try t.install(3, STE.bypass()) { _ in }
        let words: [[UInt64]] = t.arrays.l1.withWords { span in
            (0..<span.count / 8).map { e in (0..<8).map { span[e * 8 + $0] } }
        }
        #expect(words.count == 16)
        for sid: UInt32 in 0..<16 { #expect(try t.entry(sid)?.words == words[Int(sid)], "StreamID \(sid)") }
        #expect(try t.entry(3) == STE.bypass())
    }
}
