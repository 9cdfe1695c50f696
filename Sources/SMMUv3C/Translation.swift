import CSMMUv3
import SMMUv3

// The translation part of the C API (include/smmuv3/engine.h): page tables in the engine's
// memory, map / unmap, and the walker over the engine's live tables.

@_cdecl("smmuv3_engine_page_table")
public func smmuv3EnginePageTable(_ h: smmuv3_engine_t, _ stage: UInt32, _ inputBits: UInt32, _ tag: UInt64,
                                  _ pt: UnsafeMutablePointer<UInt32>?, _ root: UnsafeMutablePointer<UInt64>?,
                                  _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let pt = try nonNull(pt, "pt"), root = try nonNull(root, "root")
        guard stage == 1 || stage == 2 else { throw fail(Int32(SMMUV3_E_INPUT), "stage \(stage) is not 1 or 2") }
        let st: TranslationStage = stage == 1 ? .stage1 : .stage2
        guard tag <= 0xffff else {
            throw fail(Int32(SMMUV3_E_INPUT), "tag \(hex(tag)) does not fit a 16-bit \(stage == 1 ? "ASID" : "VMID")")
        }
        let (handle, bus) = try e.with(h) { s in
            guard s.nextPageTable != 0 else { throw fail(Int32(SMMUV3_E_MEMORY), "every page-table handle of engine \(h) is used") }
            let log = UpdateLog(recording: false)
            let table: PageTable
            do {
                table = try PageTable(stage: st, inputBits: inputBits == 0 ? nil : Int(inputBits), map: s.map, log: log)
            } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
            let bus = table.rootBus
            let n = s.nextPageTable
            s.nextPageTable &+= 1
            s.pageTables[n] = (PageTableBox(table, log: log), st, tag)
            return (n, bus)
        }
        pt.pointee = handle
        root.pointee = bus
    }
}

func pageTable(_ s: borrowing Engine.State, _ pt: UInt32) throws -> (box: PageTableBox, stage: TranslationStage, tag: UInt64) {
    guard let t = s.pageTables[pt] else {
        throw fail(Int32(SMMUV3_E_HANDLE), "page table \(pt) does not exist (smmuv3_engine_page_table)")
    }
    return t
}

@_cdecl("smmuv3_engine_map")
public func smmuv3EngineMap(_ h: smmuv3_engine_t, _ pt: UInt32, _ iova: UInt64, _ pa: UInt64, _ size: UInt64,
                            _ perm: UInt32, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let known = UInt32(SMMUV3_PERM_READ) | UInt32(SMMUV3_PERM_WRITE) | UInt32(SMMUV3_PERM_EXEC)
        guard perm & ~known == 0, perm != 0 else {
            throw fail(Int32(SMMUV3_E_INPUT), "perm \(hex(UInt64(perm))) is not a non-empty combination of SMMUV3_PERM_READ/WRITE/EXEC")
        }
        let p = MapPermission(read: perm & UInt32(SMMUV3_PERM_READ) != 0, write: perm & UInt32(SMMUV3_PERM_WRITE) != 0,
                              execute: perm & UInt32(SMMUV3_PERM_EXEC) != 0)
        try e.with(h) { s in
            let t = try pageTable(s, pt)
            do { _ = try t.box.table.map(iova: iova, pa: pa, size: size, perm: p) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
        }
    }
}

@_cdecl("smmuv3_engine_unmap")
public func smmuv3EngineUnmap(_ h: smmuv3_engine_t, _ pt: UInt32, _ iova: UInt64, _ size: UInt64, _ sync: smmuv3_sync_fn?,
                              _ ctx: UnsafeMutableRawPointer?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        try e.with(h) { s in
            let t = try pageTable(s, pt)
            let tlbi: CommandQueue.Entry
            do { tlbi = t.stage == .stage1 ? try .tlbiNHASID(asid: t.tag) : try .tlbiS12VMALL(vmid: t.tag) }
            catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
            let sink = EngineSink(s, callback: sync, ctx: ctx)
            // Room for the final sync point before anything changes; a block split needs one more each.
            try sink.reserve(syncPoints: 1, batch: 2, what: "this unmap")
            var failure: (any Error)?
            do {
                _ = try t.box.table.unmap(iova: iova, size: size) { _, _ in
                    guard failure == nil else { return }
                    do { try sink.sync(commands: [tlbi]) } catch { failure = error }
                }
            } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
            // The table's unmap invalidates at each block split and once at the end (before
            // freeing emptied table pages): each is a sync point here.
            if let failure { throw failure }
        }
    }
}

@_cdecl("smmuv3_engine_translate")
public func smmuv3EngineTranslate(_ h: smmuv3_engine_t, _ sid: UInt32, _ hasSSID: Int32, _ ssid: UInt32, _ iova: UInt64,
                                  _ access: UInt32, _ out: UnsafeMutablePointer<smmuv3_translation>?,
                                  _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let out = try nonNull(out, "out")
        let a: Transaction.Access
        switch access {
        case UInt32(SMMUV3_ACCESS_READ): a = .read
        case UInt32(SMMUV3_ACCESS_WRITE): a = .write
        case UInt32(SMMUV3_ACCESS_EXEC): a = .execute
        default: throw fail(Int32(SMMUV3_E_INPUT), "access \(access) is not SMMUV3_ACCESS_READ, _WRITE or _EXEC")
        }
        let w = try e.with(h) { s in
            Walker(memory: LiveMemory(s.map), strtabBase: s.table.strtabBase, strtabBaseCfg: s.table.strtabBaseCfg)
                .walk(Transaction(sid: sid, ssid: hasSSID != 0 ? ssid : nil, iova: iova, access: a))
        }
        var r = smmuv3_translation()
        r.level = Int32(w.level ?? -1)
        switch w.outcome {
        case let .delivered(d): r.result = Int32(SMMUV3_DELIVERED); r.pa = d.pa
        case .fault: r.result = Int32(SMMUV3_FAULT)
        case .stalled: r.result = Int32(SMMUV3_STALLED)
        case .terminated: r.result = Int32(SMMUV3_TERMINATED)
        }
        if let ev = w.event {
            let words = ev.words
            r.event = (words.count > 0 ? words[0] : 0, words.count > 1 ? words[1] : 0,
                       words.count > 2 ? words[2] : 0, words.count > 3 ? words[3] : 0)
        }
        out.pointee = r
    }
}
