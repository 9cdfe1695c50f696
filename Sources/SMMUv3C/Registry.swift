import Synchronization

/// Handles to engines. The registry's own lock guards only the map from handle to engine; each
/// engine has its own lock for its tables and queue, so calls on different engines never wait
/// for each other.
final class Registry: Sendable {
    struct State {
        var engines: [UInt32: Engine] = [:]
        var next: UInt32 = 1
    }
    private let state = Mutex(State())

    /// Register `e` and return its handle (never 0); nil once every handle is used.
    func add(_ e: Engine) -> UInt32? {
        state.withLock { s in
            guard s.next != 0 else { return nil }
            let h = s.next
            s.next &+= 1
            s.engines[h] = e
            return h
        }
    }

    func engine(_ h: UInt32) -> Engine? { state.withLock { $0.engines[h] } }

    @discardableResult
    func remove(_ h: UInt32) -> Engine? { state.withLock { $0.engines.removeValue(forKey: h) } }
}

let registry = Registry()
