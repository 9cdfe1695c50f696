import CSMMUv3
import SMMUv3

// The C API declared in include/smmuv3/engine.h. Every entry point validates its pointers and
// handles, catches every error into (code, message), and never traps on bad input.

/// One SMMU model behind a handle.
final class Engine {
    var table: StreamTable
    var queue: CommandQueue
    var cdTables: [UInt32: CDTableBox] = [:]
    init(sidBits: Int, split: Int) throws {
        table = split == 0 ? try StreamTable(linear: sidBits) : try StreamTable(twoLevel: sidBits, split: split)
        queue = try CommandQueue(log2Size: 8)
    }
}

/// Handles to engines, guarded by one lock (the same `Lock` the Fabric uses).
final class Registry: @unchecked Sendable {
    private let lock = Lock()
    private var engines: [UInt32: Engine] = [:]
    private var next: UInt32 = 1

    func with<R>(_ body: (inout [UInt32: Engine], inout UInt32) throws -> R) rethrows -> R {
        try withoutActuallyEscaping(body) { body in
            try lock.with { () throws -> R in try body(&engines, &next) }
        }
    }
}

let registry = Registry()

/// A failure with its C code.
struct CError: Error {
    let code: Int32
    let message: String
}

func fail(_ code: Int32, _ message: String) -> CError { CError(code: code, message: message) }

/// Run `body`, filling `err`; returns the code.
func guarded(_ err: UnsafeMutablePointer<smmuv3_error>?, _ body: () throws -> Void) -> Int32 {
    var code: Int32 = Int32(SMMUV3_E_OK)
    var message = ""
    do {
        try body()
    } catch let e as CError {
        code = e.code
        message = e.message
    } catch let e as TableError {
        switch e {
        case .sidOutOfRange, .ssidOutOfRange: code = Int32(SMMUV3_E_RANGE)
        case .memory: code = Int32(SMMUV3_E_MEMORY)
        case .liveEntry, .notPresent: code = Int32(SMMUV3_E_STATE)
        default: code = Int32(SMMUV3_E_INPUT)
        }
        message = e.description
    } catch let e as QueueError {
        code = Int32(SMMUV3_E_MEMORY)
        message = e.description
    } catch {
        code = Int32(SMMUV3_E_INPUT)
        message = "\(error)"
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
    guard let e = registry.with({ engines, _ in engines[h] }) else {
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

/// Serialise access to one engine's tables (updates and lookups of the same engine).
func locked<R>(_ body: () throws -> R) rethrows -> R {
    try registry.with { _, _ in try body() }
}

@_cdecl("smmuv3_engine_create")
public func smmuv3EngineCreate(_ sidBits: UInt32, _ split: UInt32, _ out: UnsafeMutablePointer<smmuv3_engine_t>?,
                               _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let out = try nonNull(out, "out")
        guard (1...32).contains(sidBits) else { throw fail(Int32(SMMUV3_E_INPUT), "sid_bits \(sidBits) is not in 1...32") }
        guard [0, 6, 8, 10].contains(split) else { throw fail(Int32(SMMUV3_E_INPUT), "split \(split) is not 0 (linear), 6, 8 or 10") }
        let e = try Engine(sidBits: Int(sidBits), split: Int(split))
        out.pointee = registry.with { engines, next in
            let h = next
            next += 1
            engines[h] = e
            return h
        }
    }
}

@_cdecl("smmuv3_engine_destroy")
public func smmuv3EngineDestroy(_ h: smmuv3_engine_t, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let gone = registry.with { engines, _ in engines.removeValue(forKey: h) }
        guard gone != nil else { throw fail(Int32(SMMUV3_E_HANDLE), "engine \(h) does not exist (never created, or destroyed)") }
    }
}

@_cdecl("smmuv3_engine_strtab")
public func smmuv3EngineStrtab(_ h: smmuv3_engine_t, _ base: UnsafeMutablePointer<UInt64>?, _ cfg: UnsafeMutablePointer<UInt64>?,
                               _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let b = try nonNull(base, "base"), c = try nonNull(cfg, "base_cfg")
        locked { b.pointee = e.table.strtabBase; c.pointee = e.table.strtabBaseCfg }
    }
}

@_cdecl("smmuv3_engine_ste")
public func smmuv3EngineSTE(_ h: smmuv3_engine_t, _ sid: UInt32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>?,
                            _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let out = try nonNull(out, "ste")
        try locked {
            try e.table.ensure(sid) { _ in }   // owed CFGI_STE only logged until the C sink (next commit)
            out.pointee = try e.table.entry(sid)
        }
    }
}

@_cdecl("smmuv3_engine_cd_table")
public func smmuv3EngineCDTable(_ h: smmuv3_engine_t, _ sid: UInt32, _ s1cdmax: UInt32, _ ptr: UnsafeMutablePointer<UInt64>?,
                                _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let ptr = try nonNull(ptr, "context_ptr")
        guard s1cdmax <= 20 else { throw fail(Int32(SMMUV3_E_INPUT), "s1cdmax \(s1cdmax) is not in 0...20") }
        try locked {
            _ = try e.table.entry(sid)       // range check
            guard e.cdTables[sid] == nil else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) already has a CD table") }
            let t = try CDTable(s1cdmax > 10 ? .twoLevel64K : .linear, s1cdmax: Int(s1cdmax), streamIDs: [sid])
            ptr.pointee = t.baseBus
            e.cdTables[sid] = CDTableBox(t)
        }
    }
}

@_cdecl("smmuv3_engine_cd")
public func smmuv3EngineCD(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>?,
                           _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let out = try nonNull(out, "cd")
        try locked {
            guard let box = e.cdTables[sid] else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) has no CD table (smmuv3_engine_cd_table)") }
            try box.table.ensure(ssid) { _ in }   // likewise
            out.pointee = try box.table.entry(ssid)
        }
    }
}

/// Plan, then apply with the sync callback; the commands of each sync point are queued first.
func update(_ e: Engine, kind: DescriptorKind, from: [UInt64], to: [UInt64], sync: smmuv3_sync_fn?, ctx: UnsafeMutableRawPointer?,
            syncs: UnsafeMutablePointer<UInt32>?, apply: (Plan, ([Invalidation]) throws -> Void) throws -> Void) throws {
    let plan: Plan
    do { plan = try Planner.plan(kind, from: from, to: to) } catch { throw fail(Int32(SMMUV3_E_INPUT), "\(error)") }
    try apply(plan) { owed in
        var cmds: [Command] = []
        for i in owed { cmds.append(try Command(i)) }
        cmds.append(.sync())
        try e.queue.push(batch: cmds)
        if let sync {
            var raw = cmds.map(\.raw)
            let rc = raw.withUnsafeMutableBufferPointer { sync(ctx, $0.baseAddress, $0.count) }
            guard rc == 0 else { throw fail(Int32(SMMUV3_E_STATE), "the sync callback returned \(rc)") }
        }
    }
    syncs?.pointee = UInt32(plan.syncs)
}

@_cdecl("smmuv3_engine_update_ste")
public func smmuv3EngineUpdateSTE(_ h: smmuv3_engine_t, _ sid: UInt32, _ target: UnsafePointer<UInt64>?, _ sync: smmuv3_sync_fn?,
                                  _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?,
                                  _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let to = try words8(target, "target")
        try locked {
            try e.table.ensure(sid) { _ in }   // owed CFGI_STE only logged until the C sink (next commit)
            let from = try e.table.ste(sid)!.words
            try update(e, kind: .ste, from: from, to: to, sync: sync, ctx: ctx, syncs: syncs) { plan, sink in
                try EntryWriter.apply(plan, to: e.table, sid: sid, sync: sink)
            }
        }
    }
}

@_cdecl("smmuv3_engine_update_cd")
public func smmuv3EngineUpdateCD(_ h: smmuv3_engine_t, _ sid: UInt32, _ ssid: UInt32, _ target: UnsafePointer<UInt64>?,
                                 _ sync: smmuv3_sync_fn?, _ ctx: UnsafeMutableRawPointer?, _ syncs: UnsafeMutablePointer<UInt32>?,
                                 _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let to = try words8(target, "target")
        try locked {
            guard let box = e.cdTables[sid] else { throw fail(Int32(SMMUV3_E_STATE), "StreamID \(sid) has no CD table (smmuv3_engine_cd_table)") }
            try box.table.ensure(ssid) { _ in }   // likewise
            let from = try box.table.cd(ssid)!.words
            try update(e, kind: .cd, from: from, to: to, sync: sync, ctx: ctx, syncs: syncs) { plan, sink in
                try EntryWriter.apply(plan, to: box.table, ssid: ssid, sync: sink)
            }
        }
    }
}

@_cdecl("smmuv3_engine_drain")
public func smmuv3EngineDrain(_ h: smmuv3_engine_t, _ buf: UnsafeMutablePointer<smmuv3_cmd>?, _ capacity: Int,
                              _ count: UnsafeMutablePointer<Int>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let e = try engine(h)
        let count = try nonNull(count, "count")
        try locked {
            let queued = e.queue.count
            count.pointee = queued
            guard queued <= capacity else {
                throw fail(Int32(SMMUV3_E_BUFFER), "\(queued) commands are queued; the buffer holds \(capacity)")
            }
            guard queued == 0 || buf != nil else { throw fail(Int32(SMMUV3_E_NULL), "buf is NULL") }
            let (cmds, bad) = e.queue.drain()
            for (i, d) in cmds.enumerated() { buf![i] = try! Command(words: d.words).raw }
            if let bad { throw fail(Int32(SMMUV3_E_INPUT), "the queue stopped on an illegal command: \(bad.summary)") }
        }
    }
}

@_cdecl("smmuv3_build")
public func smmuv3Build(_ kind: UnsafePointer<CChar>?, _ fields: UnsafePointer<CChar>?, _ words: UnsafeMutablePointer<UInt64>?,
                        _ capacity: Int, _ count: UnsafeMutablePointer<Int>?, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let k = try kindOf(kind)
        var items = String(cString: try nonNull(fields, "fields")).split(separator: " ").map(String.init)
        var record: String?
        if (k == .cmd || k == .evt), let first = items.first, !first.contains("=") { record = first; items.removeFirst() }
        let r = try Encoder.encode(k, record: record, items)
        count?.pointee = r.words.count
        guard r.words.count <= capacity else { throw fail(Int32(SMMUV3_E_BUFFER), "\(k.rawValue) has \(r.words.count) words; the buffer holds \(capacity)") }
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
        let r = Checker.check(k, from: a, steps: steps, target: end)
        if let h = r.hybrid {
            throw fail(Int32(SMMUV3_E_UNSAFE), "step \((r.hybridStep ?? 0) + 1): the SMMU can observe a hybrid entry \(h.map(hex16).joined(separator: " "))")
        }
        if !r.endsSynced { throw fail(Int32(SMMUV3_E_UNSAFE), "the sequence ends without a sync") }
    }
}

@_cdecl("smmuv3_decode")
public func smmuv3Decode(_ kind: UnsafePointer<CChar>?, _ words: UnsafePointer<UInt64>?, _ count: Int, _ text: UnsafeMutablePointer<CChar>?,
                         _ capacity: Int, _ err: UnsafeMutablePointer<smmuv3_error>?) -> Int32 {
    guarded(err) {
        let k = try kindOf(kind)
        let w = try nonNull(words, "words")
        let d = try Decoder.decode(k, (0..<count).map { w[$0] })
        var lines = ["\(d.layout.name): \(d.words.map(hex16).joined(separator: " "))", "summary: \(d.summary)"]
        lines += d.fields.filter { $0.value != 0 }.map { "\($0.field.word) \($0.field.bits) \($0.field.name) = \(hex($0.value)): \($0.meaning)" }
        lines += d.findings.map { "finding: \($0)" }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        guard bytes.count < capacity else { throw fail(Int32(SMMUV3_E_BUFFER), "the decode needs \(bytes.count + 1) bytes; the buffer holds \(capacity)") }
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
    let c = Configuration(k, o)
    if c.isInvalid { return 2 }
    if c.equivalent(to: Configuration(k, a)) { return 0 }
    if c.equivalent(to: Configuration(k, b)) { return 1 }
    return 3
}
