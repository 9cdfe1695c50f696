import CSMMUv3
import SMMUv3
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The C API declared in include/smmuv3/engine.h. Every entry point validates its pointers and
// handles, catches every error into (code, message), and never traps on bad input.

/// One SMMU model behind a handle: its stream table, the CD tables it built, its command queue
/// and its update log, all behind the engine's own lock.
final class Engine: Sendable {
    /// The command queue in a class, so that a sync sink can push into it while a table of the
    /// same engine is being written.
    final class Ring {
        var queue: CommandQueue
        init(_ q: consuming CommandQueue) { queue = q }
    }

    struct State: ~Copyable {
        var table: StreamTable
        let ring: Ring
        let log: UpdateLog
        var cdTables: [UInt32: CDTableBox] = [:]
        /// Page tables made by smmuv3_engine_page_table, by handle, with the ASID (stage 1) or
        /// VMID (stage 2) their TLB invalidations name.
        var pageTables: [UInt32: (box: PageTableBox, stage: TranslationStage, tag: UInt64)] = [:]
        var nextPageTable: UInt32 = 1
        /// One bus map for every table of the engine, so the walker sees them all.
        let map: BusMap
        var destroyed = false
    }

    private let state: Mutex<State>
    /// The thread holding `state` (0: none), so that a call from inside this engine's own sync
    /// callback is refused instead of deadlocking.
    private let owner = Atomic<UInt>(0)

    init(sidBits: Int, split: Int) throws {
        // The engine's log is a record of the current sync point only: the sink clears it at every
        // sync point and each call clears it on return, so it never grows.
        let log = UpdateLog(capacity: 4096)
        let map = BusMap()
        let table = split == 0 ? try StreamTable(linear: sidBits, map: map, log: log)
                               : try StreamTable(twoLevel: sidBits, split: split, map: map, log: log)
        let ring = Ring(try CommandQueue(log2Size: Engine.queueLog2Size))
        state = Mutex(State(table: table, ring: ring, log: log, map: map))
    }

    /// 2^8 = 256 command-queue entries.
    static let queueLog2Size = 8

    /// This thread's id (pthread_t is an integer on Linux).
    static var thread: UInt { UInt(pthread_self()) }

    /// Run `body` under the engine's lock; refused if the engine was destroyed, or if this
    /// thread already holds the lock (a call from inside the engine's own sync callback).
    func with<R: Sendable>(_ h: smmuv3_engine_t, _ body: (inout State) throws -> R) throws -> R {
        guard owner.load(ordering: .acquiring) != Self.thread else {
            throw fail(Int32(SMMUV3_E_STATE), "engine \(h) was called from inside its own sync callback; the callback must not call into the engine that called it")
        }
        let r: Result<R, CError> = state.withLock { s in
            guard !s.destroyed else {
                return .failure(fail(Int32(SMMUV3_E_HANDLE), "engine \(h) does not exist (never created, or destroyed)"))
            }
            owner.store(Self.thread, ordering: .releasing)
            defer {
                owner.store(0, ordering: .releasing)
                s.log.clear()
            }
            do { return .success(try body(&s)) } catch { return .failure(cerror(error)) }
        }
        return try r.get()
    }
}

/// A failure with its C code.
struct CError: Error {
    let code: Int32
    let message: String
}

func fail(_ code: Int32, _ message: String) -> CError { CError(code: code, message: message) }

/// The code and message of any error the engine can meet.
func cerror(_ error: any Error) -> CError {
    switch error {
    case let e as CError: return e
    case let e as TableError:
        let code: Int32
        switch e {
        case .sidOutOfRange, .ssidOutOfRange: code = Int32(SMMUV3_E_RANGE)
        case .memory: code = Int32(SMMUV3_E_MEMORY)
        case .liveEntry, .notPresent: code = Int32(SMMUV3_E_STATE)
        default: code = Int32(SMMUV3_E_INPUT)
        }
        return fail(code, e.description)
    case let e as QueueError: return fail(Int32(SMMUV3_E_QUEUE_FULL), e.description)
    default: return fail(Int32(SMMUV3_E_INPUT), "\(error)")
    }
}

/// Run `body`, filling `err`; returns the code.
func guarded(_ err: UnsafeMutablePointer<smmuv3_error>?, _ body: () throws -> Void) -> Int32 {
    var code: Int32 = Int32(SMMUV3_E_OK)
    var message = ""
    do {
        try body()
    } catch {
        let e = cerror(error)
        code = e.code
        message = e.message
    }
    if let err {
        err.pointee.code = code
        withUnsafeMutableBytes(of: &err.pointee.message) { buf in
            let bytes = Array(message.utf8.prefix(buf.count - 1))
            for (i, b) in bytes.enumerated() { buf[i] = b }
            buf[bytes.count] = 0
        }
    }
    return code
}

func engine(_ h: smmuv3_engine_t) throws -> Engine {
    guard let e = registry.engine(h) else {
        throw fail(Int32(SMMUV3_E_HANDLE), "engine \(h) does not exist (never created, or destroyed)")
    }
    return e
}

func nonNull<T>(_ p: T?, _ name: String) throws -> T {
    guard let p else { throw fail(Int32(SMMUV3_E_NULL), "\(name) is NULL") }
    return p
}

func kindOf(_ s: UnsafePointer<CChar>?) throws -> DescriptorKind {
    let k = String(cString: try nonNull(s, "kind"))
    guard let kind = DescriptorKind(rawValue: k.lowercased()) else {
        throw fail(Int32(SMMUV3_E_INPUT), "unknown kind '\(k)' (ste, cd, l1std, l1cd, cmd, evt)")
    }
    return kind
}

func words8(_ p: UnsafePointer<UInt64>?, _ name: String) throws -> [UInt64] {
    let q = try nonNull(p, name)
    return (0..<8).map { q[$0] }
}

// MARK: the engine's sync sink

/// The engine's sync sink for one call (engine.h, "The sync contract"). At each sync point it
/// pushes CFGI_* per owed invalidation + CMD_SYNC into the engine's real queue. With a callback,
/// it hands the callback every command the queue holds (earlier unconsumed ones first) and, when
/// the callback returns 0, consumes them (CMDQ_CONS catches up with PROD). Without one, the
/// commands stay queued for smmuv3_engine_drain.
final class EngineSink {
    let ring: Engine.Ring
    let log: UpdateLog
    let callback: smmuv3_sync_fn?
    let ctx: UnsafeMutableRawPointer?
    /// Sync points completed (with a callback) or queued (without) so far in this call.
    var points = 0

    init(_ s: borrowing Engine.State, callback: smmuv3_sync_fn?, ctx: UnsafeMutableRawPointer?) {
        ring = s.ring
        log = s.log
        self.callback = callback
        self.ctx = ctx
    }

    /// The queue entries a call needs before its first store: every batch when the commands
    /// stay queued, one batch when a callback consumes each as it comes. Refused with
    /// SMMUV3_E_QUEUE_FULL, nothing changed, when they are not free.
    func reserve(syncPoints: Int, batch: Int, what: String) throws {
        let need = syncPoints == 0 ? 0 : (callback == nil ? syncPoints * batch : batch)
        let free = ring.queue.free
        guard need <= free else {
            throw fail(Int32(SMMUV3_E_QUEUE_FULL),
                       "\(what) needs \(need) free command-queue entries (\(syncPoints) sync point(s) of \(batch) commands"
                       + (callback == nil ? "" : ", consumed one at a time by the callback") + "); \(free) of \(ring.queue.free + ring.queue.count) are free: "
                       + "smmuv3_engine_drain the queued commands first; nothing was changed")
        }
    }

    func sync(_ owed: [Invalidation]) throws {
        let batch: [CommandQueue.Entry]
        do { batch = try CommandQueue.batch(owed) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
        try push(batch)
    }

    /// `commands` + CMD_SYNC as one sync point (a TLB invalidation of a page-table change).
    func sync(commands: [CommandQueue.Entry]) throws {
        try push(commands + [.sync()])
    }

    private func push(_ batch: [CommandQueue.Entry]) throws {
        log.clear()
        try ring.queue.push(batch: batch)
        points += 1
        guard let callback else { return }
        var raw = ring.queue.pending().map(\.raw)
        let rc = raw.withUnsafeMutableBufferPointer { callback(ctx, $0.baseAddress, $0.count) }
        guard rc == 0 else {
            throw fail(Int32(SMMUV3_E_SYNC),
                       "the sync callback returned \(rc) at sync point \(points): the entry holds the stores made up to that point "
                       + "(a state the plan keeps safe) and no later one; the \(raw.count) commands it was handed stay queued "
                       + "(smmuv3_engine_drain returns them)")
        }
        ring.queue.consume()
    }
}

@_cdecl("smmuv3_engine_create")
public func smmuv3EngineCreate(_ sidBits: UInt32, _ split: UInt32, _ out: UnsafeMutablePointer<smmuv3_engine_t>?,
                               _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let out = try nonNull(out, "out")
        guard (1...32).contains(sidBits) else { throw fail(Int32(SMMUV3_E_INPUT), "sid_bits \(sidBits) is not in 1...32") }
        guard [0, 6, 8, 10].contains(split) else { throw fail(Int32(SMMUV3_E_INPUT), "split \(split) is not 0 (linear), 6, 8 or 10") }
        let e = try Engine(sidBits: Int(sidBits), split: Int(split))
        guard let h = registry.add(e) else { throw fail(Int32(SMMUV3_E_MEMORY), "every engine handle has been used") }
        out.pointee = h
    }
}

@_cdecl("smmuv3_engine_destroy")
public func smmuv3EngineDestroy(_ h: smmuv3_engine_t, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        // Wait for a call in flight on another thread, then mark the engine gone: a call that
        // found the handle before this one completes or is refused with SMMUV3_E_HANDLE.
        try e.with(h) { s in s.destroyed = true }
        registry.remove(h)
    }
}

@_cdecl("smmuv3_engine_strtab")
public func smmuv3EngineStrtab(_ h: smmuv3_engine_t, _ base: UnsafeMutablePointer<UInt64>?, _ cfg: UnsafeMutablePointer<UInt64>?,
                               _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let b = try nonNull(base, "base"), c = try nonNull(cfg, "base_cfg")
        let (bv, cv) = try e.with(h) { s in (s.table.strtabBase, s.table.strtabBaseCfg) }
        b.pointee = bv
        c.pointee = cv
    }
}

/// An address handed to C (the engine's table memory stays where it is until destroy).
struct Address: Sendable {
    let bits: UInt
    init(_ p: UnsafeMutablePointer<UInt64>?) { bits = UInt(bitPattern: p) }
    var pointer: UnsafeMutablePointer<UInt64>? { UnsafeMutablePointer(bitPattern: bits) }
}

@_cdecl("smmuv3_engine_ste")
public func smmuv3EngineSTE(_ h: smmuv3_engine_t, _ sid: UInt32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>?,
                            _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let out = try nonNull(out, "ste")
        let a = try e.with(h) { s in
            let sink = EngineSink(s, callback: nil, ctx: nil)
            if try s.table.needsLeaf(sid) {
                try sink.reserve(syncPoints: 1, batch: 2, what: "publishing the L2 array of StreamID \(sid)")
            }
            try s.table.ensure(sid, sync: sink.sync)
            return Address(try s.table.entryAddress(sid))
        }
        out.pointee = a.pointer
    }
}

/// What an STE needs to point at a CD table the engine built: STE.S1ContextPtr, S1Fmt, S1CDMax.
func cdTableRef(_ h: smmuv3_engine_t, _ sid: UInt32, _ s1cdmax: UInt32) throws -> CDTableRef {
    let e = try engine(h)
    guard s1cdmax <= 20 else { throw fail(Int32(SMMUV3_E_INPUT), "s1cdmax \(s1cdmax) is not in 0...20") }
    return try e.with(h) { s in
        _ = try s.table.entryBus(sid)       // range check
        guard s.cdTables[sid] == nil else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) already has a CD table") }
        // Nothing points at a new table yet: building it stores nothing the SMMU can see.
        let t = try CDTable(s1cdmax > 10 ? .twoLevel64K : .linear, s1cdmax: Int(s1cdmax), streamIDs: [sid], map: s.map, log: s.log)
        let ref = t.ref
        s.cdTables[sid] = CDTableBox(t)
        return ref
    }
}

@_cdecl("smmuv3_engine_cd_table")
public func smmuv3EngineCDTable(_ h: smmuv3_engine_t, _ sid: UInt32, _ s1cdmax: UInt32, _ ptr: UnsafeMutablePointer<UInt64>?,
                                _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let ptr = try nonNull(ptr, "context_ptr")
        ptr.pointee = try cdTableRef(h, sid, s1cdmax).address
    }
}

@_cdecl("smmuv3_engine_cd_table_ref")
public func smmuv3EngineCDTableRef(_ h: smmuv3_engine_t, _ sid: UInt32, _ s1cdmax: UInt32,
                                   _ out: UnsafeMutablePointer<smmuv3_cd_table_ref>?,
                                   _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let out = try nonNull(out, "ref")
        let r = try cdTableRef(h, sid, s1cdmax)
        out.pointee = smmuv3_cd_table_ref(context_ptr: r.address, s1fmt: UInt32(r.format.rawValue),
                                          s1cdmax: UInt32(r.s1cdmax))
    }
}

@_cdecl("smmuv3_engine_cd")
public func smmuv3EngineCD(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>?,
                           _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let out = try nonNull(out, "cd")
        let a = try e.with(h) { s in
            guard let box = s.cdTables[sid] else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) has no CD table (smmuv3_engine_cd_table)") }
            let sink = EngineSink(s, callback: nil, ctx: nil)
            if try box.table.needsLeaf(ssid) {
                try sink.reserve(syncPoints: 1, batch: box.table.streamIDs.count + 1,
                                 what: "publishing the CD leaf of SubstreamID \(ssid)")
            }
            try box.table.ensure(ssid, sync: sink.sync)
            return Address(try box.table.entryAddress(ssid))
        }
        out.pointee = a.pointer
    }
}

/// Where a target STE's CD-table fields contradict the CD table the engine built for `sid`
/// (nil if they agree, the STE does not use stage 1, or the engine built no table for it).
func contradiction(_ ste: STE, _ ref: CDTableRef?, sid: UInt32) -> String? {
    guard let ref, ste.valid, ste.config.rawValue & 0b101 == 0b101 else { return nil }
    var bad: [String] = []
    if ste.s1ContextPtr != ref.address {
        bad.append("S1ContextPtr \(hex(ste.s1ContextPtr)) (the table: \(hex(ref.address)))")
    }
    if ste.s1cdmax != ref.s1cdmax { bad.append("S1CDMax \(ste.s1cdmax) (the table: \(ref.s1cdmax))") }
    let fmt = ste["S1Fmt"] ?? 0
    if ref.s1cdmax != 0 && fmt != ref.format.rawValue {      // S1Fmt is ignored when S1CDMax = 0
        bad.append("S1Fmt \(fmt) (the table: \(ref.format.rawValue))")
    }
    guard !bad.isEmpty else { return nil }
    // Fits the 255 characters of smmuv3_error.message with all three fields at full width.
    return "STE of StreamID \(sid) contradicts the engine's CD table: " + bad.joined(separator: ", ")
        + " (SMMUV3_UPDATE_ALLOW_INCONSISTENT writes it anyway)"
}

/// Plan the whole update, reserve its queue entries, then apply it through the engine's sink.
func updateSTE(_ h: smmuv3_engine_t, _ sid: UInt32, _ target: UnsafePointer<UInt64>?, flags: UInt32, _ sync: smmuv3_sync_fn?,
               _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?) throws {
    let e = try engine(h)
    let to = try words8(target, "target")
    let known = UInt32(SMMUV3_UPDATE_ALLOW_INCONSISTENT) | UInt32(SMMUV3_UPDATE_ALLOW_ILLEGAL)
    guard flags & ~known == 0 else {
        throw fail(Int32(SMMUV3_E_INPUT), "flags \(hex(UInt64(flags))) has bits other than SMMUV3_UPDATE_ALLOW_INCONSISTENT | SMMUV3_UPDATE_ALLOW_ILLEGAL")
    }
    let n = try e.with(h) { s in
        let needLeaf = try s.table.needsLeaf(sid)
        let from = try s.table.ste(sid)?.words ?? STE.abort().words
        if flags & UInt32(SMMUV3_UPDATE_ALLOW_INCONSISTENT) == 0, let target = try? STE(words: to),
           let why = contradiction(target, s.cdTables[sid]?.table.ref, sid: sid) {
            throw fail(Int32(SMMUV3_E_INCONSISTENT), why)
        }
        let plan: UpdatePlan
        do { plan = try Planner.plan(.ste, from: from, to: to) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
        try refuseIllegal(plan, flags: flags)
        let sink = EngineSink(s, callback: sync, ctx: ctx)
        try sink.reserve(syncPoints: plan.syncs + (needLeaf ? 1 : 0), batch: 2, what: "this STE update")
        try s.table.ensure(sid, sync: sink.sync)
        try EntryWriter.apply(plan, to: s.table, at: sid, allowIllegal: true, sync: sink.sync)
        return UInt32(plan.syncs)
    }
    syncs?.pointee = n
}

@_cdecl("smmuv3_engine_update_ste")
public func smmuv3EngineUpdateSTE(_ h: smmuv3_engine_t, _ sid: UInt32, _ target: UnsafePointer<UInt64>?, _ sync: smmuv3_sync_fn?,
                                  _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?,
                                  _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) { try updateSTE(h, sid, target, flags: 0, sync, ctx, syncs) }
}

@_cdecl("smmuv3_engine_update_ste_flags")
public func smmuv3EngineUpdateSTEFlags(_ h: smmuv3_engine_t, _ sid: UInt32, _ target: UnsafePointer<UInt64>?, _ flags: UInt32,
                                       _ sync: smmuv3_sync_fn?, _ ctx: UnsafeMutableRawPointer?,
                                       _ syncs: UnsafeMutablePointer<UInt32>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) { try updateSTE(h, sid, target, flags: flags, sync, ctx, syncs) }
}

/// Refuse an ILLEGAL target before anything is allocated or stored, unless the flags allow it.
func refuseIllegal(_ plan: UpdatePlan, flags: UInt32) throws {
    guard flags & UInt32(SMMUV3_UPDATE_ALLOW_ILLEGAL) == 0 else { return }
    let bad = plan.illegalTarget
    guard bad.isEmpty else {
        let what = bad.map { "\($0.field)=\(hex($0.value))" }.joined(separator: ", ")
        let event = bad.compactMap { f -> String? in if case let .illegal(e)? = f.outcome { e } else { nil } }.first
            ?? (plan.kind == .ste ? "C_BAD_STE" : "C_BAD_CD")
        throw fail(Int32(SMMUV3_E_ILLEGAL), "the target \(plan.kind.rawValue.uppercased()) is ILLEGAL (\(what)): the SMMU would record \(event)"
                   + " (SMMUV3_UPDATE_ALLOW_ILLEGAL writes it anyway)")
    }
}

/// Plan the whole CD update, reserve its queue entries, then apply it through the engine's sink.
func updateCD(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ target: UnsafePointer<UInt64>?, flags: UInt32,
              _ sync: smmuv3_sync_fn?, _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?) throws {
    let e = try engine(h)
    let to = try words8(target, "target")
    guard flags & ~UInt32(SMMUV3_UPDATE_ALLOW_ILLEGAL) == 0 else {
        throw fail(Int32(SMMUV3_E_INPUT), "flags \(hex(UInt64(flags))) has bits other than SMMUV3_UPDATE_ALLOW_ILLEGAL")
    }
    let n = try e.with(h) { s in
        guard let box = s.cdTables[sid] else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) has no CD table (smmuv3_engine_cd_table)") }
        let needLeaf = try box.table.needsLeaf(ssid)
        let from = try box.table.cd(ssid)?.words ?? CD().words
        let plan: UpdatePlan
        do { plan = try Planner.plan(.cd, from: from, to: to) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
        try refuseIllegal(plan, flags: flags)
        let sink = EngineSink(s, callback: sync, ctx: ctx)
        try sink.reserve(syncPoints: plan.syncs + (needLeaf ? 1 : 0), batch: box.table.streamIDs.count + 1,
                         what: "this CD update")
        try box.table.ensure(ssid, sync: sink.sync)
        try EntryWriter.apply(plan, to: box.table, at: ssid, allowIllegal: true, sync: sink.sync)
        return UInt32(plan.syncs)
    }
    syncs?.pointee = n
}

@_cdecl("smmuv3_engine_update_cd")
public func smmuv3EngineUpdateCD(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ target: UnsafePointer<UInt64>?,
                                 _ sync: smmuv3_sync_fn?, _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?,
                                 _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) { try updateCD(h, sid, ssid, target, flags: 0, sync, ctx, syncs) }
}

@_cdecl("smmuv3_engine_update_cd_flags")
public func smmuv3EngineUpdateCDFlags(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ target: UnsafePointer<UInt64>?,
                                      _ flags: UInt32, _ sync: smmuv3_sync_fn?, _ ctx: UnsafeMutableRawPointer?,
                                      _ syncs: UnsafeMutablePointer<UInt32>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) { try updateCD(h, sid, ssid, target, flags: flags, sync, ctx, syncs) }
}

@_cdecl("smmuv3_engine_drain")
public func smmuv3EngineDrain(_ h: smmuv3_engine_t, _ buf: UnsafeMutablePointer<smmuv3_cmd>?, _ capacity: UInt,
                              _ count: UnsafeMutablePointer<UInt>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let count = try nonNull(count, "count")
        let raw = try e.with(h) { s in
            let queued = s.ring.queue.pending()
            count.pointee = UInt(queued.count)
            guard UInt(queued.count) <= capacity else {
                throw fail(Int32(SMMUV3_E_BUFFER), "\(queued.count) commands are queued; the buffer holds \(capacity)")
            }
            guard queued.isEmpty || buf != nil else { throw fail(Int32(SMMUV3_E_NULL), "buf is NULL") }
            let stopped = s.ring.queue.error != 0   // a stopped queue consumes nothing: nothing is copied out
            if let bad = s.ring.queue.consume() {
                throw fail(Int32(SMMUV3_E_INPUT), "the queue stopped on an illegal command: \(bad.summary)")
            }
            return stopped ? [] : queued
        }
        if let buf {
            for (i, c) in raw.enumerated() { buf[i] = c.raw }
        }
    }
}

@_cdecl("smmuv3_build")
public func smmuv3Build(_ kind: UnsafePointer<CChar>?, _ fields: UnsafePointer<CChar>?, _ words: UnsafeMutablePointer<UInt64>?,
                        _ capacity: UInt, _ count: UnsafeMutablePointer<UInt>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let k = try kindOf(kind)
        var items = String(cString: try nonNull(fields, "fields")).split(separator: " ").map(String.init)
        var record: String?
        if (k == .cmd || k == .evt), let first = items.first, !first.contains("=") { record = first; items.removeFirst() }
        let r = try Encoded(k, record: record, assignments: items)
        count?.pointee = UInt(r.words.count)
        guard UInt(r.words.count) <= capacity else { throw fail(Int32(SMMUV3_E_BUFFER), "\(k.rawValue) has \(r.words.count) words; the buffer holds \(capacity)") }
        let w = try nonNull(words, "words")
        for (i, v) in r.words.enumerated() { w[i] = v }
    }
}

@_cdecl("smmuv3_verify")
public func smmuv3Verify(_ kind: UnsafePointer<CChar>?, _ from: UnsafePointer<UInt64>?, _ log: UnsafePointer<CChar>?,
                         _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let k = try kindOf(kind)
        guard k == .ste || k == .cd else { throw fail(Int32(SMMUV3_E_INPUT), "verify takes ste or cd") }
        let a = try words8(from, "from")
        let steps = try WriteLog.parse(String(cString: try nonNull(log, "log")))
        var end = a
        for s in steps { for w in s.writes { end[w.qword] = w.value } }
        let r: Checker.Report
        do { r = try Checker.check(k, from: a, steps: steps, target: end) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
        switch r.verdict {
        case .safe: return
        case let .hybrid(h, step):
            throw fail(Int32(SMMUV3_E_UNSAFE), "step \(step + 1): the SMMU can observe a hybrid entry \(h.map(hex16).joined(separator: " "))")
        case .endsUnsynced: throw fail(Int32(SMMUV3_E_UNSAFE), "the sequence ends without a sync")
        case .missesTarget: throw fail(Int32(SMMUV3_E_UNSAFE), "the sequence does not end at the target")
        case let .undecided(work, budget):
            throw fail(Int32(SMMUV3_E_UNDECIDED), "undecided: the check stopped after \(work) work units (budget \(budget)); no verdict")
        }
    }
}

@_cdecl("smmuv3_decode")
public func smmuv3Decode(_ kind: UnsafePointer<CChar>?, _ words: UnsafePointer<UInt64>?, _ count: UInt, _ text: UnsafeMutablePointer<CChar>?,
                         _ capacity: UInt, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let k = try kindOf(kind)
        // One descriptor per call: `count` is checked before any word is read.
        guard count == UInt(k.wordCount) else {
            throw fail(Int32(SMMUV3_E_INPUT), "count \(count): a \(k.rawValue) is exactly \(k.wordCount) word\(k.wordCount == 1 ? "" : "s"); decode one descriptor per call")
        }
        let w = try nonNull(words, "words")
        // The text `smmuv3 decode KIND WORD…` prints (default features: every field, then the findings).
        let d = try Decoded(k, words: (0..<k.wordCount).map { w[$0] })
        let bytes = Array((d.text() + "\n").utf8)
        guard UInt(bytes.count) < capacity else { throw fail(Int32(SMMUV3_E_BUFFER), "the decode needs \(bytes.count + 1) bytes; the buffer holds \(capacity)") }
        let t = try nonNull(text, "text")
        for (i, b) in bytes.enumerated() { t[i] = CChar(bitPattern: b) }
        t[bytes.count] = 0
    }
}

@_cdecl("smmuv3_classify")
public func smmuv3Classify(_ kind: UnsafePointer<CChar>?, _ from: UnsafePointer<UInt64>?, _ to: UnsafePointer<UInt64>?,
                           _ observed: UnsafePointer<UInt64>?) -> Int32 {
    guard let k = try? kindOf(kind), k == .ste || k == .cd,
          let a = try? words8(from, "from"), let b = try? words8(to, "to"), let o = try? words8(observed, "observed") else { return -1 }
    switch Checker.classify(k, observed: o, from: a, to: b) {
    case .old: return 0
    case .new: return 1
    case .invalid: return 2
    case .hybrid: return 3
    }
}
