import Synchronization

/// The invalidation the spec requires after a store the SMMU may have cached the old value of.
public enum Invalidation: Sendable, Hashable, CustomStringConvertible {
    /// CMD_CFGI_STE: Leaf=0 also drops a cached L1STD for the StreamID (IHI 0070 §4.3.1).
    case cfgiSTE(sid: UInt32, leaf: Bool)
    /// CMD_CFGI_CD: Leaf=0 also drops a cached L1CD for the SubstreamID (IHI 0070 §4.3.4).
    case cfgiCD(sid: UInt32, ssid: UInt32, leaf: Bool)

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
    case ste, cd, l1std, l1cd, pt
}

/// One thing the SMMU could observe, in program order.
public enum TableEvent: Sendable, Hashable, CustomStringConvertible {
    /// A 64-bit single-copy-atomic store of `value` to word `qword` of entry `index`
    /// (a StreamID for ste/l1std, a SubstreamID for cd/l1cd) at bus address `bus`.
    case store(table: TableKind, sid: UInt32, ssid: UInt32, qword: Int, value: UInt64, bus: UInt64)
    /// An invalidation owed because of the stores before it.
    case invalidate(Invalidation)

    public var description: String {
        switch self {
        case let .store(t, sid, ssid, q, v, bus):
            "store \(t.rawValue) sid=\(sid) ssid=\(ssid) qword=\(q) value=\(hex16(v)) bus=\(hex(bus))"
        case let .invalidate(i): i.description
        }
    }
}

/// The ordered log of observable stores and owed invalidations, which the command queue
/// (issue #4) turns into commands. Safe to share between threads.
public final class UpdateLog: Sendable {
    private let events = Mutex<[TableEvent]>([])
    /// False for a log that keeps nothing (bulk population in benchmarks).
    public let isRecording: Bool
    public init(recording: Bool = true) { isRecording = recording }
    public func append(_ e: TableEvent) {
        guard isRecording else { return }
        events.withLock { $0.append(e) }
    }
    /// Everything logged so far, in order.
    public var all: [TableEvent] { events.withLock { $0 } }
    /// Take and clear.
    public func drain() -> [TableEvent] { events.withLock { e in defer { e = [] }; return e } }
}
