import CSMMUv3
import Testing
@testable import SMMUv3
@testable import SMMUv3C

/// The C API's translation calls (issue #12 item 2): page tables in the engine's memory, map,
/// break-before-make unmap with its TLB invalidations through the sync contract, and the walk of
/// the engine's live STE, CD and page tables.
@Suite("C API: page tables and translate", .serialized)
struct CTranslationTests {
    static func translate(_ h: smmuv3_engine_t, _ sid: UInt32, _ iova: UInt64, _ access: Int = SMMUV3_ACCESS_READ)
        -> smmuv3_translation {
        var out = smmuv3_translation()
        var err = smmuv3_error()
        let rc = smmuv3EngineTranslate(h, sid, 0, 0, iova, UInt32(access), &out, &err)
        #expect(rc == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        return out
    }

    @Test func aStage1DMAIsWalkedThroughTheEnginesOwnTables() throws {
        let h = try CAPITests.create(8)
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        var pt: UInt32 = 0, root: UInt64 = 0
        #expect(smmuv3EnginePageTable(h, 1, 0, 5, &pt, &root, &err) == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        #expect(pt != 0 && root % 4096 == 0)
        let rw = UInt32(SMMUV3_PERM_READ) | UInt32(SMMUV3_PERM_WRITE)
        #expect(smmuv3EngineMap(h, pt, 0x1000, 0x4000_0000, 0x1000, rw, &err) == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        #expect(smmuv3EngineMap(h, pt, 0x20_0000, 0x4020_0000, 0x20_0000, UInt32(SMMUV3_PERM_READ), &err) == Int32(SMMUV3_E_OK))

        // StreamID 3: a CD table whose SSID 0 holds a stage-1 CD over that page table.
        var ref = smmuv3_cd_table_ref()
        #expect(smmuv3EngineCDTableRef(h, 3, 4, &ref, &err) == Int32(SMMUV3_E_OK))
        let cd = try CD.stage1(asid: 5, ttb0: root, tcr: TranslationControl(t0sz: 16), mair: 0xff)
        var syncs: UInt32 = 0
        #expect(cd.words.withUnsafeBufferPointer { smmuv3EngineUpdateCD(h, 3, 0, $0.baseAddress, nil, nil, &syncs, &err) }
                == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        var o = Stage1Options()
        o.s1dss = .ssid0
        let ste = try STE.stage1(CDTableRef(address: ref.context_ptr, format: .linear, s1cdmax: 4), o)
        #expect(CAPITests.update(h, 3, ste, err: &err) == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        _ = CAPITests.drain(h)

        let ok = Self.translate(h, 3, 0x1234, SMMUV3_ACCESS_WRITE)
        #expect(ok.result == Int32(SMMUV3_DELIVERED) && ok.pa == 0x4000_0234)
        #expect(Self.translate(h, 3, 0x20_0010).pa == 0x4020_0010)             // the 2 MB block
        let denied = Self.translate(h, 3, 0x20_0010, SMMUV3_ACCESS_WRITE)       // read-only
        #expect(denied.result == Int32(SMMUV3_FAULT) && denied.event.0 & 0xff == UInt64(SMMUV3_EVENT_F_PERMISSION))
        let abort = Self.translate(h, 4, 0x1234)                                 // StreamID 4: an abort STE
        #expect(abort.result == Int32(SMMUV3_TERMINATED))

        // Unmapping one page of the block splits it: TLBI_NH_ASID 5 + CMD_SYNC between the
        // invalid store and the new table, and once more at the end.
        final class Seen { var batches: [[String]] = [] }
        let seen = Seen()
        let record: smmuv3_sync_fn = { ctx, cmds, n in
            guard let ctx, let cmds else { return -1 }
            Unmanaged<Seen>.fromOpaque(ctx).takeUnretainedValue().batches.append(CAPITests.names((0..<n).map { cmds[$0] }))
            return 0
        }
        let rc = smmuv3EngineUnmap(h, pt, 0x20_0000, 0x1000, record, Unmanaged.passUnretained(seen).toOpaque(), &err)
        #expect(rc == Int32(SMMUV3_E_OK), "\(CAPITests.message(err))")
        #expect(seen.batches.count == 2 && seen.batches.allSatisfy { $0 == ["CMD_TLBI_NH_ASID", "CMD_SYNC"] }, "\(seen.batches)")
        let gone = Self.translate(h, 3, 0x20_0010)
        #expect(gone.result == Int32(SMMUV3_FAULT) && gone.event.0 & 0xff == UInt64(SMMUV3_EVENT_F_TRANSLATION))
        #expect(Self.translate(h, 3, 0x20_1010).pa == 0x4020_1010)              // the rest of the block stays
    }

    @Test func badArgumentsAreRefusedWithTheirReason() throws {
        let h = try CAPITests.create(8)
        defer { _ = smmuv3EngineDestroy(h, nil) }
        var err = smmuv3_error()
        var pt: UInt32 = 0, root: UInt64 = 0
        #expect(smmuv3EnginePageTable(h, 3, 0, 0, &pt, &root, &err) == Int32(SMMUV3_E_INPUT))
        #expect(CAPITests.message(err) == "stage 3 is not 1 or 2")
        #expect(smmuv3EnginePageTable(h, 2, 0, 0x1_0000, &pt, &root, &err) == Int32(SMMUV3_E_INPUT))
        #expect(smmuv3EnginePageTable(h, 2, 0, 7, &pt, &root, &err) == Int32(SMMUV3_E_OK))
        #expect(smmuv3EngineMap(h, pt, 0x1000, 0x4000_0000, 0x1000, 0, &err) == Int32(SMMUV3_E_INPUT))
        #expect(smmuv3EngineMap(h, pt, 0x1001, 0x4000_0000, 0x1000, 1, &err) == Int32(SMMUV3_E_INPUT))
        #expect(smmuv3EngineMap(h, 99, 0x1000, 0x4000_0000, 0x1000, 1, &err) == Int32(SMMUV3_E_HANDLE))
        var out = smmuv3_translation()
        #expect(smmuv3EngineTranslate(h, 1, 0, 0, 0, 9, &out, &err) == Int32(SMMUV3_E_INPUT))
        #expect(smmuv3EngineTranslate(h, 1, 0, 0, 0, 0, nil, &err) == Int32(SMMUV3_E_NULL))
    }
}
