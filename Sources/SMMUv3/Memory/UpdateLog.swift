import Synchronization

/// The invalidation the spec requires after a store the SMMU may have cached the old value of.
public enum Invalidation: Sendable, Hashable, CustomStringConvertible {
    /// CMD_CFGI_STE: Leaf=0 also drops a cached L1STD for the StreamID (IHI 0070 §4.3.1).
    case cfgiSTE(sid: UInt32, leaf: Bool)
    /// CMD_CFGI_CD: Leaf=0 also drops a cached L1CD for the SubstreamID (IHI 0070 §4.3.4).
    case cfgiCD(sid: UInt32, ssid: UInt32, leaf: Bool)

    /// `CFGI_STE sid=S leaf=L` or `CFGI_CD sid=S ssid=N leaf=L`.
    public var description: String {
        switch self {
        case let .cfgiSTE(sid, leaf): "CFGI_STE sid=\(sid) leaf=\(leaf ? 1 : 0)"
        case let .cfgiCD(sid, ssid, leaf): "CFGI_CD sid=\(sid) ssid=\(ssid) leaf=\(leaf ? 1 : 0)"
        }
    }
}

/// Which table a store went to (`pt`: a VMSAv8-64 translation table page; its `sid`/`ssid` are 0
/// and `qword` is the descriptor's index in its table page).
public enum TableKind: String, Sendable, Hashable {
    /// An STE, a CD, an L1STD, an L1CD, or a translation table descriptor.
    case ste, cd, l1std, l1cd, pt
}

/// One thing the SMMU could observe, in program order.
public enum TableEvent: Sendable, Hashable, CustomStringConvertible {
    /// A 64-bit single-copy-atomic store of `value` to word `qword` of entry `index`
    /// (a StreamID for ste/l1std, a SubstreamID for cd/l1cd) at bus address `bus`.
    case store(table: TableKind, sid: UInt32, ssid: UInt32, qword: Int, value: UInt64, bus: UInt64)
    /// An invalidation owed because of the stores before it.
    case invalidate(Invalidation)

    /// One line: `store TABLE sid= ssid= qword= value= bus=` or the invalidation.
    public var description: String {
        switch self {
        case let .store(t, sid, ssid, q, v, bus):
            "store \(t.rawValue) sid=\(sid) ssid=\(ssid) qword=\(q) value=\(hex16(v)) bus=\(hex(bus))"
        case let .invalidate(i): i.description
        }
    }
}

/// The sync sink: what a table operation calls at each of its sync points with the
/// invalidations owed since the previous one, in order. The entry writer, `StreamTable.ensure`,
/// `CDTable.ensure` and `install` all take one. A sink that returns has completed them: CFGI_*
/// per owed invalidation, then CMD_SYNC, consumed by the SMMU (`CommandQueue.sync(_:)` pushes
/// them into a real ring). If it throws, the operation stops there with the stores made so
/// far; the owed invalidations are in the table's log.
public typealias SyncSink = ([Invalidation]) throws -> Void

/// The ordered stream of observable stores and owed invalidations of one SMMU's tables, in
/// program order; `CommandQueue.issue(_:)` turns it into commands. Safe to share between
/// threads.
///
/// Bounded: it keeps at most `capacity` events. Every table operation has already handed its
/// owed invalidations to its sync sink, so the log is a record: a log nobody drains keeps the
/// newest `capacity` events and counts the older ones in `dropped`. A caller that defers its
/// invalidations to the log (a sink that does nothing) drains it before it fills.
public final class UpdateLog: Sendable {
    /// A ring of at most `capacity` events: `events[start...]` then `events[..<start]` in order.
    struct State {
        var events: [TableEvent] = []
        var start = 0
        var dropped = 0
        var ordered: [TableEvent] { start == 0 ? events : Array(events[start...] + events[..<start]) }
        mutating func clear() {
            events = []
            start = 0
        }
    }
    private let state = Mutex(State())
    /// False for a log that keeps nothing (bulk population in benchmarks).
    public let isRecording: Bool
    /// The most events the log holds.
    public let capacity: Int

    /// An empty log.
    ///
    /// - Parameters:
    ///   - recording: false for a log that keeps nothing.
    ///   - capacity: the most events kept (at least 1; default 65,536).
    public init(recording: Bool = true, capacity: Int = 1 << 16) {
        isRecording = recording
        self.capacity = max(1, capacity)
    }

    /// Log one event; when full, the oldest is dropped (constant time).
    public func append(_ e: TableEvent) {
        guard isRecording else { return }
        state.withLock { s in
            if s.events.count < capacity {
                s.events.append(e)
            } else {
                s.events[s.start] = e
                s.start = (s.start + 1) % capacity
                s.dropped += 1
            }
        }
    }
    /// Everything held, in order.
    public var all: [TableEvent] { state.withLock { $0.ordered } }
    /// Events held now.
    public var count: Int { state.withLock { $0.events.count } }
    /// Events dropped because the log was full.
    public var dropped: Int { state.withLock { $0.dropped } }
    /// Take and clear.
    public func drain() -> [TableEvent] { state.withLock { s in defer { s.clear() }; return s.ordered } }
    /// Clear without taking: the storage is kept for the next events (no allocation while the
    /// log refills to the size it had).
    public func clear() {
        state.withLock { s in
            s.events.removeAll(keepingCapacity: true)
            s.start = 0
        }
    }

    /// Hand everything held to `body` and clear it, all or nothing: if `body` throws, the log
    /// keeps every event. The log's lock is held meanwhile: `body` must not use this log.
    public func drain<R: Sendable, E: Error>(_ body: ([TableEvent]) throws(E) -> R) throws(E) -> R {
        try state.withLock { (s: inout State) throws(E) -> R in
            let r = try body(s.ordered)
            s.clear()
            return r
        }
    }
}
