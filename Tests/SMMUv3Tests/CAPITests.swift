import CSMMUv3
import Testing
@testable import SMMUv3
@testable import SMMUv3C

/// The C API (include/smmuv3/engine.h) called through its @_cdecl entry points (issue 9, items
/// 4-7 and 15): the sync contract, queue reservation, consistency with the engine's own CD
/// tables, decode's count, size_t limits, one lock per engine.
@Suite("C API through its @_cdecl entry points", .serialized)
struct CAPITests {
    /// Records what a sync callback received; passed as the callback's ctx.
    final class Calls {
        var batches: [[smmuv3_cmd]] = []
        var failAt: Int?             // return non-zero on this call (0-based)
        var other: smmuv3_engine_t = 0
        var same: smmuv3_engine_t = 0
        var nestedCodes: [Int32] = []
    }

    static let record: smmuv3_sync_fn = { ctx, cmds, count in
        guard let ctx else { return -1 }
        let c = Unmanaged<Calls>.fromOpaque(ctx).takeUnretainedValue()
        c.batches.append((0..<count).map { cmds![$0] })
        if c.failAt == c.batches.count - 1 { return 7 }
        if c.other != 0 {
            var b: UInt64 = 0, cfg: UInt64 = 0
            var err = smmuv3_error()
            c.nestedCodes.append(smmuv3EngineStrtab(c.other, &b, &cfg, &err))
        }
        if c.same != 0 {
            var b: UInt64 = 0, cfg: UInt64 = 0
            var err = smmuv3_error()
            c.nestedCodes.append(smmuv3EngineStrtab(c.same, &b, &cfg, &err))
        }
        return 0
    }

    static func message(_ e: smmuv3_error) -> String {
        withUnsafeBytes(of: e.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func create(_ sidBits: UInt32 = 8, split: UInt32 = 0) throws -> smmuv3_engine_t {
        var h: smmuv3_engine_t = 0
        var err = smmuv3_error()
        let rc = smmuv3EngineCreate(sidBits, split, &h, &err)
        #expect(rc == Int32(SMMUV3_E_OK), "\(message(err))")
        return h
    }

    static func update(_ h: smmuv3_engine_t, _ sid: UInt32, _ ste: STE, flags: UInt32 = 0, calls: Calls? = nil,
                       err: inout smmuv3_error) -> Int32 {
        var syncs: UInt32 = 0
        return ste.words.withUnsafeBufferPointer { w in
            guard let calls else { return smmuv3EngineUpdateSTEFlags(h, sid, w.baseAddress, flags, nil, nil, &syncs, &err) }
            let ctx = Unmanaged.passUnretained(calls).toOpaque()
            return smmuv3EngineUpdateSTEFlags(h, sid, w.baseAddress, flags, record, ctx, &syncs, &err)
        }
    }

    static func live(_ h: smmuv3_engine_t, _ sid: UInt32) -> [UInt64] {
        var p: UnsafeMutablePointer<UInt64>?
        var err = smmuv3_error()
        guard smmuv3EngineSTE(h, sid, &p, &err) == Int32(SMMUV3_E_OK), let p else { return [] }
        return (0..<8).map { smmuv3_load_qword(p + $0) }
    }

    static func drain(_ h: smmuv3_engine_t) -> [CommandQueue.Entry] {
        var buf = [smmuv3_cmd](repeating: smmuv3_cmd(), count: 512)
        var n: UInt = 0
        var err = smmuv3_error()
        let rc = smmuv3EngineDrain(h, &buf, UInt(buf.count), &n, &err)
        #expect(rc == Int32(SMMUV3_E_OK), "\(message(err))")
        return buf.prefix(Int(n)).map { raw in
            var c = CommandQueue.Entry(DescriptorLayout.unknownCommand)
            c.raw = raw
            return c
        }
    }

    static func names(_ cmds: [smmuv3_cmd]) -> [String] {
        cmds.map { raw in
            var c = CommandQueue.Entry(DescriptorLayout.unknownCommand)
            c.raw = raw
            return c.layout.name
        }
    }

    static let s1 = try! STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 4))

    @Test func handlesAfterDestroyAreRefused() throws {
        let h = try Self.create()
        var err = smmuv3_error()
        #expect(smmuv3EngineDestroy(h, &err) == Int32(SMMUV3_E_OK))
        var p: UnsafeMutablePointer<UInt64>?
        #expect(smmuv3EngineSTE(h, 1, &p, &err) == Int32(SMMUV3_E_HANDLE))
        #expect(Self.message(err) == "engine \(h) does not exist (never created, or destroyed)")
        #expect(smmuv3EngineDestroy(h, nil) == Int32(SMMUV3_E_HANDLE))
    }

    /// Item 4: publishing a new L2 array owes CFGI_STE Leaf=0 + CMD_SYNC; it reaches the queue
    /// (drain) or the next callback, ahead of that callback's own batch.
    @Test func ensureInvalidationsReachTheQueueAndTheCallback() throws {
        let h = try Self.create(16, split: 8)
        defer { _ = smmuv3EngineDestroy(h, nil) }
        _ = Self.live(h, 0x42)
        let first = Self.drain(h)
        #expect(first.map(\.layout.name) == ["CMD_CFGI_STE", "CMD_SYNC"])
        #expect(first.first?["StreamID"] == 0x42 && first.first?["Leaf"] == 0)

        _ = Self.live(h, 0x4200)                  // another L2 array, not drained
        let calls = Calls()
        var err = smmuv3_error()
        #expect(Self.update(h, 0x4200, .bypass(), calls: calls, err: &err) == Int32(SMMUV3_E_OK), "\(Self.message(err))")
        #expect(calls.batches.map(Self.names) == [["CMD_CFGI_STE", "CMD_SYNC", "CMD_CFGI_STE", "CMD_SYNC"]])
        #expect(Self.drain(h).isEmpty, "the callback consumed what it was handed")
        // An update that allocates the L2 array itself makes that its first sync point.
        let c2 = Calls()
        #expect(Self.update(h, 0x9000, .bypass(), calls: c2, err: &err) == Int32(SMMUV3_E_OK))
        #expect(c2.batches.map(Self.names) == [["CMD_CFGI_STE", "CMD_SYNC"], ["CMD_CFGI_STE", "CMD_SYNC"]])
        // The engine's log never grows: it is cleared at every sync point and every call.
        let logged = try #require(registry.engine(h)).with(h) { $0.log.count }
        #expect(logged == 0)
    }

    /// Item 5: without a callback the commands stay queued; once the queue cannot hold a whole
    /// plan the update is refused with its own code before any store.
    @Test func aFullQueueRefusesTheWholeUpdateBeforeAnyStore() throws {
        let h = try Self.create()
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        var updates = 0
        var rc = Int32(SMMUV3_E_OK)
        while rc == Int32(SMMUV3_E_OK) && updates < 1000 {
            rc = Self.update(h, 3, updates % 2 == 0 ? .bypass() : .abort(), err: &err)
            if rc == Int32(SMMUV3_E_OK) { updates += 1 }
        }
        #expect(rc == Int32(SMMUV3_E_QUEUE_FULL))
        #expect(SMMUV3_E_QUEUE_FULL != SMMUV3_E_MEMORY)
        #expect(updates == 128)                              // 256 entries, 2 per update
        #expect(Self.message(err).contains("smmuv3_engine_drain"), "\(Self.message(err))")
        let before = Self.live(h, 3)
        #expect(Self.update(h, 3, Self.s1, err: &err) == Int32(SMMUV3_E_QUEUE_FULL))
        #expect(Self.live(h, 3) == before, "a refused update stores nothing")
        #expect(Self.drain(h).count == 256)
        #expect(Self.update(h, 3, Self.s1, err: &err) == Int32(SMMUV3_E_OK))
        #expect(Self.live(h, 3) == Self.s1.words)
    }

    /// Item 5: with a callback, the callback consumes each batch: no drain is ever needed and
    /// drain returns nothing.
    @Test func withACallbackTheQueueNeverFills() throws {
        let h = try Self.create()
        defer { _ = smmuv3EngineDestroy(h, nil) }
        let calls = Calls()
        var err = smmuv3_error()
        for i in 0..<600 {
            let rc = Self.update(h, 3, i % 2 == 0 ? Self.s1 : .bypass(), calls: calls, err: &err)
            #expect(rc == Int32(SMMUV3_E_OK), "\(i): \(Self.message(err))")
            if rc != Int32(SMMUV3_E_OK) { break }
        }
        #expect(calls.batches.count == 1200)                 // bypass <-> stage 1: two syncs each way
        #expect(calls.batches.allSatisfy { Self.names($0) == ["CMD_CFGI_STE", "CMD_SYNC"] })
        #expect(Self.drain(h).isEmpty)
    }

    /// Item 5: a failing callback stops the update at that sync point, with its own code, the
    /// entry in a state the plan keeps safe, and the batch still queued.
    @Test func aFailingCallbackLeavesASafeEntryAndItsBatchQueued() throws {
        let h = try Self.create()
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        #expect(Self.update(h, 5, .bypass(), err: &err) == Int32(SMMUV3_E_OK))
        _ = Self.drain(h)
        let calls = Calls()
        calls.failAt = 0
        #expect(Self.update(h, 5, Self.s1, calls: calls, err: &err) == Int32(SMMUV3_E_SYNC))
        #expect(Self.message(err).hasPrefix("the sync callback returned 7 at sync point 1"), "\(Self.message(err))")
        let now = Self.live(h, 5)
        let cls = STE.bypass().words.withUnsafeBufferPointer { a in
            Self.s1.words.withUnsafeBufferPointer { b in
                now.withUnsafeBufferPointer { o in smmuv3Classify("ste", a.baseAddress, b.baseAddress, o.baseAddress) }
            }
        }
        #expect(cls == 0, "the SMMU still sees the old configuration (bypass); got class \(cls)")
        #expect(Self.drain(h).map(\.layout.name) == ["CMD_CFGI_STE", "CMD_SYNC"])
        #expect(Self.update(h, 5, Self.s1, err: &err) == Int32(SMMUV3_E_OK))
        #expect(Self.live(h, 5) == Self.s1.words)
    }

    /// Item 6: the CD table's S1ContextPtr, S1Fmt and S1CDMax, and a contradicting STE refused
    /// unless the caller allows it.
    @Test func anSTEThatContradictsTheEnginesCDTableIsRefused() throws {
        let h = try Self.create()
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        var ref = smmuv3_cd_table_ref()
        #expect(smmuv3EngineCDTableRef(h, 7, 16, &ref, &err) == Int32(SMMUV3_E_OK))
        #expect(ref.s1fmt == 2 && ref.s1cdmax == 16 && ref.context_ptr != 0)
        var ptr: UInt64 = 0
        #expect(smmuv3EngineCDTable(h, 8, 4, &ptr, &err) == Int32(SMMUV3_E_OK) && ptr != 0)
        let good = try STE.stage1(CDTableRef(address: ref.context_ptr, format: .twoLevel64K, s1cdmax: 16))
        var bad = good
        try bad.set("S1CDMax", 15)
        try bad.set("S1Fmt", 1)
        let before = Self.live(h, 7)
        #expect(Self.update(h, 7, bad, err: &err) == Int32(SMMUV3_E_INCONSISTENT))
        #expect(Self.message(err) == "STE of StreamID 7 contradicts the engine's CD table: S1CDMax 15 (the table: 16), "
                + "S1Fmt 1 (the table: 2) (SMMUV3_UPDATE_ALLOW_INCONSISTENT writes it anyway)")
        // All three fields at full width still fit the message buffer, flag name included.
        var far = good
        try far.set("S1ContextPtr", 0xff_ffff_ffff_ffc0)
        try far.set("S1CDMax", 15)
        try far.set("S1Fmt", 1)
        #expect(Self.update(h, 7, far, err: &err) == Int32(SMMUV3_E_INCONSISTENT))
        #expect(Self.message(err).hasSuffix("(SMMUV3_UPDATE_ALLOW_INCONSISTENT writes it anyway)"), "\(Self.message(err))")
        #expect(Self.live(h, 7) == before)
        #expect(Self.update(h, 7, bad, flags: UInt32(SMMUV3_UPDATE_ALLOW_INCONSISTENT), err: &err) == Int32(SMMUV3_E_OK))
        #expect(Self.update(h, 7, good, err: &err) == Int32(SMMUV3_E_OK), "\(Self.message(err))")
        #expect(Self.update(h, 7, good, flags: 6, err: &err) == Int32(SMMUV3_E_INPUT))
        #expect(Self.live(h, 7) == good.words)
    }

    /// Issue 10: an ILLEGAL target (C_BAD_STE / C_BAD_CD) is refused before anything is allocated
    /// or stored, unless SMMUV3_UPDATE_ALLOW_ILLEGAL asks for it.
    @Test func anIllegalTargetIsRefusedUnlessAllowed() throws {
        let h = try Self.create(8, split: 6)
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        var bad = STE.bypass()
        bad = try STE(words: [0x0000_0000_0000_000b | 21 << 59, 0, 0, 0, 0, 0, 0, 0])   // S1CDMax 21 > SSIDSIZE 20
        #expect(Self.update(h, 200, bad, err: &err) == Int32(SMMUV3_E_ILLEGAL))
        #expect(Self.message(err).hasPrefix("the target STE is ILLEGAL (S1CDMax=0x15): the SMMU would record C_BAD_STE"), "\(Self.message(err))")
        #expect(Self.drain(h).isEmpty, "no L2 array was published, no CFGI owed")
        #expect(Self.update(h, 200, bad, flags: UInt32(SMMUV3_UPDATE_ALLOW_ILLEGAL), err: &err) == Int32(SMMUV3_E_OK), "\(Self.message(err))")
        #expect(Self.live(h, 200) == bad.words)

        var ptr: UInt64 = 0
        #expect(smmuv3EngineCDTable(h, 9, 4, &ptr, &err) == Int32(SMMUV3_E_OK))
        var cd = try CD.stage1(asid: 3, ttb0: 0x9000_0000, tcr: TranslationControl(t0sz: 16), mair: 0xff).words
        cd[0] = (cd[0] & ~0x3f) | 4                                        // T0SZ 4: below 12
        var syncs: UInt32 = 0
        let rc = cd.withUnsafeBufferPointer { smmuv3EngineUpdateCDFlags(h, 9, 1, $0.baseAddress, 0, nil, nil, &syncs, &err) }
        #expect(rc == Int32(SMMUV3_E_ILLEGAL), "\(Self.message(err))")
        let ok = cd.withUnsafeBufferPointer {
            smmuv3EngineUpdateCDFlags(h, 9, 1, $0.baseAddress, UInt32(SMMUV3_UPDATE_ALLOW_ILLEGAL), nil, nil, &syncs, &err)
        }
        #expect(ok == Int32(SMMUV3_E_OK), "\(Self.message(err))")
    }

    /// Item 7: decode checks `count` before reading a word; capacities up to SIZE_MAX are read as
    /// unsigned.
    @Test(arguments: [UInt(0), 1, 7, 9, 16, 1000, 1 << 32, UInt.max])
    func decodeRefusesAWrongCountBeforeReading(_ count: UInt) throws {
        var words = STE.bypass().words
        var text = [CChar](repeating: 0, count: 4096)
        var err = smmuv3_error()
        let rc = smmuv3Decode("ste", &words, count, &text, UInt(text.count), &err)
        #expect(rc == Int32(SMMUV3_E_INPUT))
        #expect(Self.message(err) == "count \(count): a ste is exactly 8 words; decode one descriptor per call")
    }

    @Test func sizeMaxCapacitiesAreUnsigned() throws {
        var words = [UInt64](repeating: 0, count: 8)
        var n: UInt = 0
        var err = smmuv3_error()
        #expect(smmuv3Build("ste", "V=1", &words, UInt.max, &n, &err) == Int32(SMMUV3_E_OK) && n == 8)
        #expect(smmuv3Build("ste", "V=1", &words, 4, &n, &err) == Int32(SMMUV3_E_BUFFER))
        #expect(Self.message(err) == "ste has 8 words; the buffer holds 4")
        var text = [CChar](repeating: 0, count: 4096)
        #expect(smmuv3Decode("cmd", [0x46, 0], 2, &text, UInt.max, &err) == Int32(SMMUV3_E_OK))
        let h = try Self.create()
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var buf = [smmuv3_cmd](repeating: smmuv3_cmd(), count: 4)
        #expect(smmuv3EngineDrain(h, &buf, UInt.max, &n, &err) == Int32(SMMUV3_E_OK) && n == 0)
    }

    /// Item 7: one lock per engine. A callback may call another engine (the old global lock
    /// deadlocked here); a call into its own engine is refused, not a deadlock.
    @Test func aCallbackMayCallAnotherEngineButNotItsOwn() throws {
        let a = try Self.create(), b = try Self.create()
        defer { _ = smmuv3EngineDestroy(a, nil); _ = smmuv3EngineDestroy(b, nil) }
        let calls = Calls()
        calls.other = b
        calls.same = a
        var err = smmuv3_error()
        #expect(Self.update(a, 1, .bypass(), calls: calls, err: &err) == Int32(SMMUV3_E_OK), "\(Self.message(err))")
        #expect(calls.nestedCodes == [Int32(SMMUV3_E_OK), Int32(SMMUV3_E_STATE)])
    }
}
