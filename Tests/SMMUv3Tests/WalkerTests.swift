import Testing
@testable import SMMUv3

/// The walker against hand-written outcomes for every configuration and fault class
/// (issue #12 items 2, 5). Expected values come from IHI 0070 §5.1-5.4 and §7.3.
@Suite("Walker outcomes for every configuration and fault class")
struct WalkerTests {
    @Test func streamIDBeyondLog2SizeIsCBadStreamID() throws {
        let rig = try WalkRig(log2Size: 4)
        let w = rig.walk(16, 0x1000, ssid: 3)
        #expect(w.eventName == "C_BAD_STREAMID")
        #expect(w.field("StreamID") == 16 && w.field("SSV") == 1 && w.field("SubstreamID") == 3)
        #expect(w.steps.isEmpty)
        var quiet = rig.walker
        quiet.recordInvalidStreamID = false
        #expect(quiet.walk(Transaction(sid: 16, iova: 0)).outcome == .terminated)
    }

    @Test func l1stdSpanZeroIsCBadStreamID() throws {
        let rig = try WalkRig(twoLevel: true, log2Size: 12)
        try rig.st.install(0x41, .bypass()) { _ in }           // L2 array for StreamIDs 0x40...0x7f
        let w = rig.walk(0x80, 0x1000)                 // its L1STD still has Span=0
        #expect(w.eventName == "C_BAD_STREAMID" && w.field("StreamID") == 0x80)
        #expect(w.steps.map(\.name) == ["L1STD"])
        #expect(w.reason.contains("Span=0"))
        #expect(rig.walk(0x41, 0x1234).pa == 0x1234)
        #expect(rig.walk(0x40, 0x1234).outcome == .terminated)   // abort STE beside it
    }

    @Test func invalidAndIllegalSTEsAreCBadSTE() throws {
        let rig = try WalkRig()
        try rig.st.publish(5, qword: 0, value: 0)      // V=0
        let w = rig.walk(5, 0)
        #expect(w.eventName == "C_BAD_STE" && w.field("StreamID") == 5)
        // Stage 1 with S1CDMax beyond SSIDSIZE: the decoder says ILLEGAL, so does the walker.
        var ste = try STE.stage1(rig.cds.ref)
        try ste.set("S1CDMax", 21)
        try rig.st.install(6, ste, allowIllegal: true) { _ in }
        let d = try Decoded(.ste, words: ste.words)
        #expect(d.findings.contains { $0.severity == .illegal })
        #expect(rig.walk(6, 0).eventName == "C_BAD_STE")
    }

    @Test func abortAndBypassSTEs() throws {
        let rig = try WalkRig()
        let a = rig.walk(9, 0x1000, .write)
        #expect(a.outcome == .terminated && a.event == nil)
        try rig.st.install(10, .bypass()) { _ in }
        #expect(rig.walk(10, 0xdead_b000).pa == 0xdead_b000)
        let ss = rig.walk(10, 0x1000, ssid: 1)
        #expect(ss.eventName == "C_BAD_SUBSTREAMID" && ss.field("SubstreamID") == 1)
    }

    @Test func ssidBeyondS1CDMaxAndSubstreamsDisabled() throws {
        let rig = try WalkRig(s1cdmax: 2)
        try rig.attachStage1(ssids: [0, 1])
        #expect(rig.walk(1, 0, ssid: 4).eventName == "C_BAD_SUBSTREAMID")
        #expect(rig.walk(1, 0, ssid: 3).eventName == "C_BAD_CD")       // in range, CD V=0
        // S1CDMax = 0: a SubstreamID at all is C_BAD_SUBSTREAMID.
        let one = try CDTable(.linear, s1cdmax: 0, streamIDs: [7], map: rig.map, log: rig.log)
        try rig.st.install(7, try STE.stage1(one.ref)) { _ in }
        #expect(rig.walk(7, 0, ssid: 0).eventName == "C_BAD_SUBSTREAMID")
    }

    @Test(arguments: [(S1DSS.terminate, "F_STREAM_DISABLED", "F_STREAM_DISABLED"),
                      (S1DSS.bypass, "delivered 0x5000", "F_STREAM_DISABLED"),
                      (S1DSS.ssid0, "delivered 0x40000000", "F_STREAM_DISABLED")])
    func s1dssForNoSSIDAndSSID0(_ dss: S1DSS, _ noSSID: String, _ ssid0: String) throws {
        let rig = try WalkRig()
        try rig.attachStage1(ssids: [0, 1], s1dss: dss)
        try rig.s1.map(iova: 0x5000, pa: 0x4000_0000, size: 0x1000, perm: .rw)
        func said(_ w: Walk) -> String { w.pa.map { "delivered \(hex($0))" } ?? (w.eventName ?? w.result) }
        #expect(said(rig.walk(1, 0x5000)) == noSSID)
        let z = rig.walk(1, 0x5000, ssid: 0)
        // SSID 0 is only F_STREAM_DISABLED with S1DSS=SSID0; otherwise CD 0 translates it.
        #expect(said(z) == (dss == .ssid0 ? ssid0 : "delivered 0x40000000"))
        #expect(rig.walk(1, 0x5000, ssid: 1).pa == 0x4000_0000)
        if dss == .terminate {
            // F_STREAM_DISABLED carries the StreamID only.
            #expect(rig.walk(1, 0x5000).field("StreamID") == 1)
        }
    }

    @Test func twoLevelCDTableWithAnInvalidL1CD() throws {
        let rig = try WalkRig(cdFormat: .twoLevel4K, s1cdmax: 8)
        try rig.attachStage1(ssids: [1])
        try rig.s1.map(iova: 0x1000, pa: 0x9000, size: 0x1000, perm: .rw)
        let ok = rig.walk(1, 0x1008, ssid: 1)
        #expect(ok.pa == 0x9008)
        #expect(ok.steps.map(\.name).prefix(3) == ["STE", "L1CD", "CD"])
        let w = rig.walk(1, 0x1000, ssid: 0x40)          // leaf 1 never allocated: L1CD V=0
        #expect(w.eventName == "C_BAD_SUBSTREAMID" && w.field("SubstreamID") == 0x40)
    }

    @Test func invalidAndIllegalCDsAreCBadCD() throws {
        let rig = try WalkRig()
        try rig.attachStage1(ssids: [1])
        #expect(rig.walk(1, 0, ssid: 2).eventName == "C_BAD_CD")       // V=0
        var cd = try rig.stage1CD()
        try cd.set("T0SZ", 60)                                          // outside 12...48: ILLEGAL
        try rig.cds.install(3, cd, allowIllegal: true) { _ in }
        let d = try Decoded(.cd, words: cd.words)
        #expect(d.findings.contains { $0.severity == .illegal })
        let w = rig.walk(1, 0, ssid: 3)
        #expect(w.eventName == "C_BAD_CD" && w.field("SubstreamID") == 3 && w.field("SSV") == 1)
    }

    @Test func permissionFaultsForReadOnlyWrites() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        try rig.s1.map(iova: 0x2000, pa: 0x7000_0000, size: 0x1000, perm: .r)
        #expect(rig.walk(1, 0x2010).pa == 0x7000_0010)
        let w = rig.walk(1, 0x2010, .write)
        #expect(w.eventName == "F_PERMISSION" && w.level == 3 && w.stage == 1)
        #expect(w.field("RnW") == 0 && w.field("S2") == 0 && w.field("CLASS") == 2 && w.field("InputAddr") == 0x2010)
        #expect(w.field("Stall") == 0)
        // Not executable (UXN/PXN), and privileged-only pages refuse unprivileged reads.
        #expect(rig.walk(1, 0x2010, .execute).eventName == "F_PERMISSION")
        var priv = MapPermission.rw
        priv.privileged = true
        try rig.s1.map(iova: 0x3000, pa: 0x7000_1000, size: 0x1000, perm: priv)
        #expect(rig.walk(1, 0x3000).eventName == "F_PERMISSION")
        #expect(rig.walk(1, 0x3000, privileged: true).pa == 0x7000_1000)
    }

    @Test func accessFlagAndAddressSizeFaults() throws {
        let rig = try WalkRig()
        try rig.attachStage1()
        try rig.s1.map(iova: 0x1000, pa: 0x1_2345_6000, size: 0x1000, perm: .rw)
        let found = rig.s1.lookup(0x1000)
        let leaf = try #require(found)
        rig.s1.store(leaf.table, leaf.index, leaf.descriptor & ~(1 << 10))   // AF=0
        let a = rig.walk(1, 0x1000)
        #expect(a.eventName == "F_ACCESS" && a.level == 3)
        rig.s1.store(leaf.table, leaf.index, leaf.descriptor)
        // IPS 32 bits: a 33-bit output address is an Address Size fault.
        try rig.cds.install(2, try rig.stage1CD(ips: .bits32)) { _ in }
        let s = rig.walk(1, 0x1000, ssid: 2)
        #expect(s.eventName == "F_ADDR_SIZE" && s.level == 3 && s.field("S2") == 0)
        #expect(rig.walk(1, 0x1000).pa == 0x1_2345_6000)
        // Beyond the 48-bit TTB0 region.
        let t = rig.walk(1, 1 << 50)
        #expect(t.eventName == "F_TRANSLATION" && t.level == nil && t.field("CLASS") == 2)
    }

    @Test func recordStallAndSilentTermination() throws {
        let rig = try WalkRig()
        try rig.attachStage1(ssids: [0, 1], stall: true)
        var t = Transaction(sid: 1, ssid: 1, iova: 0x9000, access: .write)
        t.stag = 0x2a
        let stalled = rig.walker.walk(t)
        guard case let .stalled(e) = stalled.outcome else { Issue.record("not stalled: \(stalled.reason)"); return }
        #expect(e["Stall"] == 1 && e["STAG"] == 0x2a && e.record?.name == "F_TRANSLATION")
        // The same fault on an SMMU that cannot stall is recorded and terminated instead.
        var f = Features()
        f.stallModel = 1
        let noStall = Walker(memory: LiveMemory(rig.map), strtabBase: rig.st.strtabBase,
                             strtabBaseCfg: rig.st.strtabBaseCfg, features: f)
        #expect(noStall.walk(t).eventName == "C_BAD_CD")   // CD.S=1 is ILLEGAL there (decoder)
        // CD.R=0: terminated without a record.
        var cd = try rig.stage1CD()
        try cd.set("R", 0)
        try rig.cds.install(2, cd) { _ in }
        let q = rig.walk(1, 0x9000, ssid: 2)
        #expect(q.outcome == .terminated && q.level == 0 && q.reason.contains("CD.R=0"))
    }

    @Test func stage2OnlyAndSubstreams() throws {
        let rig = try WalkRig()
        try rig.attachStage2(sid: 2)
        try rig.s2.map(iova: 0x1000, pa: 0x5000, size: 0x1000, perm: .rw)
        let w = rig.walk(2, 0x1abc)
        guard case let .delivered(d) = w.outcome else { Issue.record(Comment(rawValue: w.reason)); return }
        #expect(d.pa == 0x5abc && d.ipa == 0x1abc && d.s2MemAttr == 0b1111 && d.permissions == "rw-")
        #expect(rig.walk(2, 0x1000, ssid: 0).eventName == "C_BAD_SUBSTREAMID")
        let f = rig.walk(2, 0x3000)
        #expect(f.eventName == "F_TRANSLATION" && f.field("S2") == 1 && f.field("IPA") == 0x3000)
        // An S2T0SZ/S2SL0 pair that names no table shape: ILLEGAL STE.
        var c = rig.s2.stage2Config(vmid: 3)
        c.sl0 = 0                                        // level 2 cannot resolve a 40-bit IPA
        try rig.st.install(3, try STE.stage2(c), allowIllegal: true) { _ in }
        #expect(rig.walk(3, 0x1000).eventName == "C_BAD_STE")
    }

    @Test func tableBasesBeyondTheOutputSizeAreConfigurationErrors() throws {
        // §3.4: S2TTB / CD.TTBx out of range is C_BAD_STE / C_BAD_CD, not F_ADDR_SIZE.
        let rig = try WalkRig()
        var c = rig.s2.stage2Config(vmid: 5)
        c.outputSize = .bits32
        c.vttbr = 0x1_0000_0000
        try rig.st.install(5, try STE.stage2(c), allowIllegal: true) { _ in }
        #expect(rig.walk(5, 0x1000).eventName == "C_BAD_STE")
        try rig.attachStage1(ssids: [0])
        var tcr = rig.s1.translationControl
        tcr.ips = .bits32
        try rig.cds.install(1, try CD.stage1(asid: 9, ttb0: 0x1_0000_0000, tcr: tcr, mair: WalkRig.mair), allowIllegal: true) { _ in }
        #expect(rig.walk(1, 0x1000, ssid: 1).eventName == "C_BAD_CD")
    }

    @Test func s2t0szOutOfRangeAndProtectedTableWalks() throws {
        let rig = try WalkRig()
        var c = rig.s2.stage2Config(vmid: 6)
        c.t0sz = 40
        c.sl0 = 0
        try rig.st.install(6, try STE.stage2(c)) { _ in }
        let w = rig.walk(6, 0)
        #expect(w.eventName == "C_BAD_STE" && w.reason.contains("S2T0SZ=40"))
        // Nested, the CD table mapped as Device at stage 2 with S2PTW=1: stage-2 F_PERMISSION, CLASS=CD.
        try rig.cds.ensure(0) { _ in }
        try rig.cds.install(0, try rig.stage1CD()) { _ in }
        var dev = MapPermission.r
        dev.device = true
        for seg in rig.cds.segments() {
            try rig.s2.map(iova: seg.bus, pa: seg.bus, size: UInt64(max(seg.bytes.count, 4096)), perm: dev)
        }
        try rig.st.install(7, try STE.nested(rig.cds.ref, stage2: rig.s2.stage2Config(vmid: 7))) { _ in }
        let p = rig.walk(7, 0x1000)
        #expect(p.eventName == "F_PERMISSION" && p.field("S2") == 1 && p.field("CLASS") == 0, "\(p.reason)")
    }

    @Test func stage1BypassChecksTheIOVAAgainstTheIAS() throws {
        let rig = try WalkRig()
        try rig.attachStage2(sid: 2)
        try rig.st.install(3, .bypass()) { _ in }
        var f = Features()
        f.oas = 40
        let w = Walker(memory: LiveMemory(rig.map), strtabBase: rig.st.strtabBase, strtabBaseCfg: rig.st.strtabBaseCfg, features: f)
        let s2 = w.walk(Transaction(sid: 2, iova: 1 << 41))
        #expect(s2.eventName == "F_ADDR_SIZE" && s2.field("S2") == 0)
        #expect(w.walk(Transaction(sid: 3, iova: 1 << 41)).eventName == "F_ADDR_SIZE")
        #expect(w.walk(Transaction(sid: 3, iova: (1 << 40) - 1)).pa == (1 << 40) - 1)
    }

    @Test func nestedTranslatesTheCDAndTheStage1TablesThroughStage2() throws {
        let rig = try WalkRig()
        // Identity stage 2 for every table page (CD table and stage-1 tables are IPAs), then
        // stage 1 IOVA 0x4000 -> IPA 0x1000_0000, stage 2 IPA 0x1000_0000 -> PA 0x2_0000_0000.
        try rig.cds.ensure(0) { _ in }
        try rig.cds.install(0, try rig.stage1CD()) { _ in }
        try rig.s1.map(iova: 0x4000, pa: 0x1000_0000, size: 0x1000, perm: .rw)
        for seg in rig.cds.segments() + rig.s1.segments() {
            try rig.s2.map(iova: seg.bus, pa: seg.bus, size: UInt64(max(seg.bytes.count, 4096)), perm: .r)
        }
        try rig.s2.map(iova: 0x1000_0000, pa: 0x2_0000_0000, size: 0x1000, perm: .r)
        try rig.st.install(4, try STE.nested(rig.cds.ref, stage2: rig.s2.stage2Config(vmid: 4))) { _ in }
        let w = rig.walk(4, 0x4010)
        #expect(w.pa == 0x2_0000_0010, "\(w.reason)")
        guard case let .delivered(d) = w.outcome else { return }
        #expect(d.ipa == 0x1000_0010 && d.permissions == "r--")
        let wr = rig.walk(4, 0x4010, .write)
        #expect(wr.eventName == "F_PERMISSION" && wr.stage == 2 && wr.field("IPA") == 0x1000_0000)
        // A stage-1 table page the stage 2 does not map: stage-2 fault, CLASS=TT.
        try rig.s1.map(iova: 0x40_0000_0000, pa: 0, size: 0x1000, perm: .rw)
        let tt = rig.walk(4, 0x40_0000_0000)
        #expect(tt.eventName == "F_TRANSLATION" && tt.field("S2") == 1 && tt.field("CLASS") == 1)
    }

    @Test func theImageGivesTheSameAnswersAsLiveMemory() throws {
        let rig = try WalkRig()
        try rig.attachStage1(ssids: [0, 1])
        try rig.attachStage2(sid: 2)
        try rig.s1.map(iova: 0x20_0000, pa: 0x4000_0000, size: 2 * 1 << 20, perm: .r)
        try rig.s2.map(iova: 0x1000, pa: 0x5000, size: 0x1000, perm: .rw)
        let img = try TableImage(serialized: try rig.image().serialized())
        let offline = Walker(image: img)
        for t in [Transaction(sid: 1, iova: 0x20_1234), Transaction(sid: 1, ssid: 1, iova: 0x20_1234, access: .write),
                  Transaction(sid: 2, iova: 0x1008), Transaction(sid: 2, iova: 0x2008), Transaction(sid: 300, iova: 0),
                  Transaction(sid: 9, iova: 0)] {
            #expect(offline.walk(t) == rig.walker.walk(t))
        }
    }
}

/// Hostile registers and tables never trap the walker (bounded, checked arithmetic).
@Suite("Walker on hostile input")
struct WalkerHostileTests {
    @Test func everyLog2SizeSplitAndFormatIsAnswered() throws {
        let img = try TableImage(strtabBase: 0, strtabBaseCfg: 0)
        for log2 in [0, 1, 31, 32, 33, 57, 58, 63] as [UInt64] {
            for fmt in [0, 1, 2, 3] as [UInt64] {
                for split in [0, 6, 11, 31] as [UInt64] {
                    let cfg = log2 | split << 6 | fmt << 16
                    let w = Walker(memory: img, strtabBase: ~0, strtabBaseCfg: cfg)
                    for sid in [0, 1, UInt32.max] {
                        let r = w.walk(Transaction(sid: sid, ssid: 0xfffff, iova: ~0, access: .execute))
                        #expect(r.pa == nil)
                    }
                }
            }
        }
    }

    @Test func randomTablesNeverTrap() throws {
        // An image whose every word is random: the walk ends in some outcome, never a trap.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var bytes = [UInt8](repeating: 0, count: 4096)
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
            var img = try TableImage(strtabBase: 0x1000, strtabBaseCfg: UInt64.random(in: 0...0x3_07ff, using: &rng))
            try img.add(.init(bus: 0x1000, bytes: bytes))
            let w = Walker(image: img)
            let t = Transaction(sid: UInt32.random(in: 0...64, using: &rng),
                                ssid: Bool.random(using: &rng) ? UInt32.random(in: 0...0xfffff, using: &rng) : nil,
                                iova: UInt64.random(in: 0...UInt64.max, using: &rng))
            _ = w.walk(t)
        }
    }
}
