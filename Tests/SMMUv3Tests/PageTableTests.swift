import Testing
@testable import SMMUv3

/// Page tables built by `PageTable` and read back by the independent walker (issue #12 items 1, 5).
@Suite("Page tables checked by the walker")
struct PageTableTests {
    static let KB: UInt64 = 1 << 10, MB: UInt64 = 1 << 20, GB: UInt64 = 1 << 30

    @Test func geometryFollowsTheAddressSize() throws {
        let s1 = try PageTableGeometry(stage: .stage1, inputBits: 48)
        #expect(s1.startLevel == 0 && s1.t0sz == 16 && s1.concatenated == 1)
        let s1b = try PageTableGeometry(stage: .stage1, inputBits: 39)
        #expect(s1b.startLevel == 1 && s1b.t0sz == 25)
        // 40-bit IPA: level 1 with two concatenated tables, S2T0SZ 24, S2SL0 1 (today's values).
        let s2 = try PageTableGeometry(stage: .stage2, inputBits: 40)
        #expect(s2.startLevel == 1 && s2.concatenated == 2 && s2.t0sz == 24 && s2.sl0 == 1)
        let s2b = try PageTableGeometry(stage: .stage2, inputBits: 48)
        #expect(s2b.startLevel == 0 && s2b.sl0 == 2)
        let k64 = try PageTableGeometry(stage: .stage1, inputBits: 48, granule: .size64K)
        #expect(k64.startLevel == 1 && k64.blockLevels == [2])
        #expect(throws: PageTableError.inputBits(52, stage: 1, allowed: 25...48)) {
            try PageTableGeometry(stage: .stage1, inputBits: 52)
        }
    }

    @Test func pagesTranslateEveryOffsetAndNothingElse() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        let s = try rig.s1.map(iova: 0x1000, pa: 0x4000_5000, size: 3 * 4 * Self.KB, perm: .rw)
        #expect(s.leaves == 3 && s.tablesAllocated == 3)
        for off: UInt64 in [0, 0x10, 0xfff, 0x1000, 0x2ff8] {
            let w = rig.walk(1, 0x1000 + off)
            #expect(w.pa == 0x4000_5000 + off, "\(w.reason)")
            #expect(w.steps.map(\.name) == ["STE", "CD", "S1 L0", "S1 L1", "S1 L2", "S1 L3"])
        }
        let miss = rig.walk(1, 0x4000)
        #expect(miss.eventName == "F_TRANSLATION" && miss.level == 3 && miss.stage == 1)
        #expect(miss.field("CLASS") == 2 && miss.field("S2") == 0 && miss.field("InputAddr") == 0x4000)
        #expect(rig.walk(1, 0).level == 3)
    }

    @Test func blocksWhereAlignedPagesElsewhere() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        // 1 GB block, 2 MB block, then a mixed range: 4 KB pages up to a 2 MB boundary, a
        // 2 MB block, and 4 KB pages after it.
        try rig.s1.map(iova: Self.GB, pa: 4 * Self.GB, size: Self.GB, perm: .rw)
        try rig.s1.map(iova: 2 * Self.MB, pa: 0x1_0020_0000, size: 2 * Self.MB, perm: .r)
        let mixed: UInt64 = 0x4000_0000 * 3 - 0x2000   // 8 KB before a 2 MB (and 1 GB) boundary
        let s = try rig.s1.map(iova: mixed, pa: 0x2_0000_0000 - 0x2000, size: 0x2000 + 2 * Self.MB + 0x3000, perm: .rw)
        #expect(s.leaves == 2 + 1 + 3)
        func leaf(_ va: UInt64) -> (Int?, UInt64?) {
            let w = rig.walk(1, va)
            if case let .delivered(d) = w.outcome { return (w.steps.last.flatMap { Int($0.name.dropFirst(4)) }, d.leafSize) }
            return (nil, nil)
        }
        #expect(leaf(Self.GB + 0x1234) == (1, Self.GB))
        #expect(rig.walk(1, Self.GB + 0x1234).pa == 4 * Self.GB + 0x1234)
        #expect(leaf(2 * Self.MB + 0x10) == (2, 2 * Self.MB))
        #expect(leaf(mixed) == (3, 4 * Self.KB))
        #expect(leaf(mixed + 0x2000) == (2, 2 * Self.MB))
        #expect(rig.walk(1, mixed + 0x2000 + 0x1_2345).pa == 0x2_0001_2345)
        #expect(leaf(mixed + 0x2000 + 2 * Self.MB + 0x2000) == (3, 4 * Self.KB))
        #expect(rig.walk(1, mixed + 0x2000 + 2 * Self.MB + 0x3000).eventName == "F_TRANSLATION")
    }

    @Test func unmapLeavesNoStaleValidEntryAndFreesTables() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        let before = WalkRig.validDescriptors(rig.s1).count
        #expect(before == 0)
        try rig.s1.map(iova: 0x1000, pa: 0x4000_0000, size: 0x3000, perm: .rw)
        try rig.s1.map(iova: 0x20_0000, pa: 0x4020_0000, size: 2 * Self.MB, perm: .rw)
        try rig.s1.map(iova: Self.GB, pa: Self.GB, size: Self.GB, perm: .rw)
        #expect(rig.s1.tableCount == 4)
        var invalidations: [(UInt64, UInt64)] = []
        try rig.s1.unmap(iova: 0x1000, size: 0x3000) { invalidations.append(($0, $1)) }
        try rig.s1.unmap(iova: 0x20_0000, size: 2 * Self.MB) { invalidations.append(($0, $1)) }
        let s = try rig.s1.unmap(iova: Self.GB, size: Self.GB) { invalidations.append(($0, $1)) }
        #expect(s.leaves == 1)
        #expect(WalkRig.validDescriptors(rig.s1).isEmpty)
        #expect(rig.s1.tableCount == 1)               // every emptied table page freed
        #expect(invalidations.map(\.0) == [0x1000, 0x20_0000, Self.GB])
        for va in [0x1000, 0x20_0000, Self.GB] as [UInt64] {
            let w = rig.walk(1, va)
            #expect(w.eventName == "F_TRANSLATION" && w.level == 0)
        }
    }

    @Test func unmappingPartOfABlockSplitsItBreakBeforeMake() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        try rig.s1.map(iova: 0x20_0000, pa: 0x4020_0000, size: 2 * Self.MB, perm: .rw)
        _ = rig.log.drain()
        var order: [String] = []
        try rig.s1.unmap(iova: 0x20_1000, size: 0x1000) { va, size in
            order.append("invalidate \(hex(va)) \(hex(size)) after \(rig.log.all.count) stores")
        }
        // The block goes invalid first, then the TLBI, then the table of 511 pages.
        #expect(order == ["invalidate 0x200000 0x200000 after 1 stores", "invalidate 0x201000 0x1000 after 513 stores"])
        let stores = rig.log.all
        guard case let .store(.pt, _, _, _, first, _) = stores[0] else { Issue.record("not a pt store"); return }
        #expect(first == 0)
        #expect(rig.walk(1, 0x20_1000).eventName == "F_TRANSLATION")
        #expect(rig.walk(1, 0x20_0fff).pa == 0x4020_0fff)
        #expect(rig.walk(1, 0x20_2000).pa == 0x4020_2000)
        #expect(rig.walk(1, 0x3f_ffff).pa == 0x403f_ffff)
        #expect(WalkRig.validDescriptors(rig.s1).count == 3 + 511)
    }

    @Test func everyStoreIsLoggedAndTablesComeBeforeTheirLeaves() throws {
        let rig = try WalkRig()
        _ = rig.log.drain()
        try rig.s1.map(iova: 0x1000, pa: 0x4000_0000, size: 0x1000, perm: .r)
        let stores = rig.log.all.compactMap { e -> (UInt64, UInt64)? in
            if case let .store(.pt, _, _, _, v, bus) = e { return (v, bus) }
            return nil
        }
        #expect(stores.count == 4)
        // Each table descriptor points at the page the next store goes to.
        for i in 0..<3 { #expect(stores[i].0 & ~0xfff == stores[i + 1].1 & ~0xfff) }
        let leaf = stores[3].0
        #expect(leaf & 0b11 == 0b11)                       // page
        #expect(leaf >> 10 & 1 == 1 && leaf >> 11 & 1 == 1)  // AF, nG
        #expect(leaf >> 6 & 3 == 0b11)                     // AP[2:1]: read-only, EL0
        #expect(leaf >> 2 & 7 == 1)                         // AttrIndx 1: WB
        #expect(leaf >> 53 & 3 == 3)                        // PXN, UXN
    }

    @Test func badRequestsAreRefusedAndChangeNothing() throws {
        let rig = try WalkRig()
        try rig.s1.map(iova: 0x20_0000, pa: 0x4000_0000, size: 2 * Self.MB, perm: .rw)
        _ = rig.log.drain()
        let cases: [(PageTableError, () throws(PageTableError) -> Void)] = [
            (.zeroSize, { () throws(PageTableError) in try rig.s1.map(iova: 0, pa: 0, size: 0, perm: .rw) }),
            (.misaligned(what: "IOVA", value: 0x1234, granule: 4096),
             { () throws(PageTableError) in try rig.s1.map(iova: 0x1234, pa: 0, size: 0x1000, perm: .rw) }),
            (.misaligned(what: "PA", value: 0x10, granule: 4096),
             { () throws(PageTableError) in try rig.s1.map(iova: 0x1000, pa: 0x10, size: 0x1000, perm: .rw) }),
            (.beyondInput(iova: 1 << 48, size: 0x1000, bits: 48),
             { () throws(PageTableError) in try rig.s1.map(iova: 1 << 48, pa: 0, size: 0x1000, perm: .rw) }),
            (.beyondInput(iova: ~0xfff, size: 0x2000, bits: 48),
             { () throws(PageTableError) in try rig.s1.map(iova: ~0xfff, pa: 0, size: 0x2000, perm: .rw) }),
            (.beyondOutput(pa: 1 << 48, size: 0x1000, bits: 48),
             { () throws(PageTableError) in try rig.s1.map(iova: 0, pa: 1 << 48, size: 0x1000, perm: .rw) }),
            (.overlaps(iova: 0x1f_f000, size: 0x2000, existing: 0x20_0000),
             { () throws(PageTableError) in try rig.s1.map(iova: 0x1f_f000, pa: 0, size: 0x2000, perm: .rw) }),
            (.notMapped(iova: 0x40_0000),
             { () throws(PageTableError) in try rig.s1.unmap(iova: 0x3f_f000, size: 0x2000) }),
            (.tooMuchWork(descriptors: PageTable.workLimit + 1, limit: PageTable.workLimit),
             { () throws(PageTableError) in try rig.s1.map(iova: 1 << 40, pa: 0x1000, size: 1 << 33, perm: .rw) }),
        ]
        for (expected, body) in cases {
            #expect(throws: expected) { try body() }
        }
        #expect(rig.log.all.isEmpty)
        #expect(rig.walk(0, 0).steps.isEmpty || true)
        #expect(PageTableError.overlaps(iova: 0x1f_f000, size: 0x2000, existing: 0x20_0000).description
                == "range 0x1ff000 + 0x2000 overlaps the valid mapping at 0x200000 (unmap it first)")
    }

    @Test func stage2TablesAndPermissions() throws {
        let rig = try WalkRig()
        try rig.attachStage2(sid: 2)
        try rig.s2.map(iova: 0x8000_0000_0, pa: 0x1_0000_0000, size: 0x1000, perm: .r)
        try rig.s2.map(iova: 0x10_0000, pa: 0x20_0000, size: 2 * Self.MB, perm: .w)
        let ok = rig.walk(2, 0x8000_0000_0 + 0x44)
        #expect(ok.pa == 0x1_0000_0044)
        #expect(ok.steps.map(\.name) == ["STE", "S2 L1", "S2 L2", "S2 L3"])
        let ro = rig.walk(2, 0x8000_0000_0, .write)
        #expect(ro.eventName == "F_PERMISSION" && ro.stage == 2 && ro.level == 3)
        #expect(ro.field("S2") == 1 && ro.field("IPA") == 0x8000_0000_0 && ro.field("RnW") == 0 && ro.field("CLASS") == 2)
        let wo = rig.walk(2, 0x10_0040, .read)
        #expect(wo.eventName == "F_PERMISSION")
        #expect(rig.walk(2, 0x10_0040, .write).pa == 0x20_0040)
        let beyond = rig.walk(2, 1 << 40)
        #expect(beyond.eventName == "F_TRANSLATION" && beyond.field("S2") == 1)
    }

    @Test(arguments: [(Granule.size16K, 14, 25), (Granule.size64K, 16, 29)])
    func largerGranulesMapPagesAndLevel2Blocks(_ g: Granule, _ shift: Int, _ blockShift: Int) throws {
        let map = BusMap(.fixedBase(0x8000_0000)), log = UpdateLog()
        var st = try StreamTable(linear: 4, map: map, log: log)
        var cds = try CDTable(.linear, s1cdmax: 0, streamIDs: [1], map: map, log: log)
        var pt = try PageTable(stage: .stage1, granule: g, map: map, log: log)
        let page = UInt64(1) << shift, block = UInt64(1) << blockShift
        try pt.map(iova: page, pa: 0x1_0000_0000, size: page, perm: .rw)
        try pt.map(iova: block, pa: 0x2_0000_0000, size: block, perm: .rw)
        try cds.install(0, try CD.stage1(asid: 1, ttb0: pt.rootBus, tcr: pt.translationControl, mair: WalkRig.mair)) { _ in }
        try st.install(1, try STE.stage1(cds.ref)) { _ in }
        let w = Walker(memory: LiveMemory(map), strtabBase: st.strtabBase, strtabBaseCfg: st.strtabBaseCfg)
        let p = w.walk(Transaction(sid: 1, iova: page + 0x123))
        #expect(p.pa == 0x1_0000_0123, "\(p.reason)")
        #expect(p.steps.last?.name == "S1 L3")
        let b = w.walk(Transaction(sid: 1, iova: block + page + 8))
        #expect(b.pa == 0x2_0000_0000 + page + 8, "\(b.reason)")
        #expect(b.steps.last?.name == "S1 L2")
        try pt.unmap(iova: block, size: block)
        try pt.unmap(iova: page, size: page)
        #expect(WalkRig.validDescriptors(pt).isEmpty && pt.tableCount == 1)
    }

    /// Random maps and unmaps (pages, blocks, block splits) against a page-by-page model: the
    /// walker must find exactly the model's mappings, and nothing stale once all is unmapped.
    @Test func randomMapsAndUnmapsMatchAModel() throws {
        var rng = SystemRandomNumberGenerator()
        let rig = try WalkRig()
        try rig.attachStage1()
        let page: UInt64 = 0x1000, window: UInt64 = 8 << 20      // four 2 MB blocks' worth
        var model: [UInt64: UInt64] = [:]                         // page VA -> PA
        for _ in 0..<60 {
            let block = Bool.random(using: &rng)
            let unit = block ? 2 << 20 : page
            let va = UInt64.random(in: 0..<(window / unit), using: &rng) * unit
            let n = block ? 1 : UInt64.random(in: 1...8, using: &rng)
            let size = min(n * unit, window - va)
            let pages = stride(from: va, to: va + size, by: Int(page))
            if Bool.random(using: &rng) {
                let pa = 0x1_0000_0000 + UInt64.random(in: 0..<64, using: &rng) * (2 << 20)
                if pages.allSatisfy({ model[$0] == nil }) {
                    try rig.s1.map(iova: va, pa: pa, size: size, perm: .rw)
                    for p in pages { model[p] = pa + (p - va) }
                } else {
                    #expect(throws: PageTableError.self) { try rig.s1.map(iova: va, pa: pa, size: size, perm: .rw) }
                }
            } else if pages.allSatisfy({ model[$0] != nil }) {
                try rig.s1.unmap(iova: va, size: size)
                for p in pages { model[p] = nil }
            } else {
                #expect(throws: PageTableError.self) { try rig.s1.unmap(iova: va, size: size) }
            }
            for _ in 0..<32 {
                let p = UInt64.random(in: 0..<(window / page), using: &rng) * page
                #expect(rig.walk(1, p + 8).pa == model[p].map { $0 + 8 })
            }
        }
        for p in stride(from: 0, to: window, by: Int(page)) {
            #expect(rig.walk(1, p).pa == model[p])
        }
        for p in model.keys.sorted() where model[p] != nil { try rig.s1.unmap(iova: p, size: page) }
        #expect(WalkRig.validDescriptors(rig.s1).isEmpty && rig.s1.tableCount == 1)
    }
}
