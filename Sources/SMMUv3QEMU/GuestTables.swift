import Synchronization
import SMMUv3

/// Guest memory is the table memory: a `BusMap` that gives every table the bus address it
/// has in QEMU's guest RAM (consecutive from 0x8000_0000, as the fabric's default map, so
/// `emulate` prints the same stores as `replay`), and a recorder for the fabric's table tap.
///
/// What reaches QEMU, in order:
/// - every new table segment, whole (its abort or zero fill, so QEMU never reads V=0 where
///   the project has an abort STE), at the first flush after it was allocated or at the end
///   of the line that allocated it, whichever comes first; only its nonzero 64-byte runs are
///   sent, guest RAM starting zeroed;
/// - every logged store as one 64-bit write at its bus address (taken from the tap, matched
///   to the flow events in order).
public final class GuestTables: @unchecked Sendable {
    struct Region { let host: UInt; let bus: UInt64; let size: Int; var uploaded: Bool }
    struct Stored: Equatable { let table: TableKind; let sid: UInt32; let ssid: UInt32; let qword: Int; let value: UInt64; let bus: UInt64 }
    struct State {
        var next: UInt64
        var regions: [Region] = []
        var stores: [String: [Stored]] = [:]
        var uploads: [(bus: UInt64, bytes: [UInt8])] = []
        var full: String?
    }
    /// The bus map that gives the fabric's tables guest-RAM addresses from `base`, below `limit`.
    public let map: BusMap
    /// Tables must end below this address (the harness keeps the top of guest RAM).
    public let limit: UInt64

    /// Tables from `base` upward, which must end below `limit`.
    public init(base: UInt64 = VirtMap.tableBase, limit: UInt64 = VirtMap.harnessBase) {
        self.limit = limit
        let box = StateBox(base: base)
        map = BusMap(.custom { host, size, alignment in
            box.allocate(host: host, size: size, alignment: alignment, limit: limit)
        })
        stateBox = box
    }
    private let stateBox: StateBox

    /// The tap to give `Fabric(map:tableTap:)`.
    public var tap: Fabric.TableTap {
        { [self] smmu, events in
            collectNew()
            let stored = events.compactMap { e -> Stored? in
                if case let .store(t, sid, ssid, q, v, bus) = e { return Stored(table: t, sid: sid, ssid: ssid, qword: q, value: v, bus: bus) }
                return nil
            }
            stateBox.state.withLock { $0.stores[smmu, default: []] += stored }
        }
    }

    /// Snapshot every region not uploaded yet and still mapped.
    public func collectNew() {
        let fresh = stateBox.state.withLock { s -> [Region] in
            let f = s.regions.filter { !$0.uploaded }
            for i in s.regions.indices { s.regions[i].uploaded = true }
            return f
        }
        var out: [(UInt64, [UInt8])] = []
        for r in fresh {
            // Freed before its first flush (a rolled-back line): nothing to upload.
            guard let h = map.host(of: r.bus), UInt(bitPattern: h) == r.host else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(h), count: r.size))
            out.append((r.bus, bytes))
        }
        stateBox.state.withLock { $0.uploads += out.map { (bus: $0.0, bytes: $0.1) } }
    }

    /// Segments to upload, oldest first.
    func takeUploads() -> [(bus: UInt64, bytes: [UInt8])] {
        stateBox.state.withLock { s in defer { s.uploads = [] }; return s.uploads }
    }

    /// The next store the tap saw on `smmu`.
    func nextStore(_ smmu: String) -> Stored? {
        stateBox.state.withLock { s in
            guard var q = s.stores[smmu], !q.isEmpty else { return nil }
            let first = q.removeFirst()
            s.stores[smmu] = q
            return first
        }
    }

    /// Set when a table did not fit below `limit`.
    public var overflow: String? { stateBox.state.withLock { $0.full } }

    /// Tables allocated so far: the lowest free guest address above them.
    public var end: UInt64 { stateBox.state.withLock { $0.next } }

    /// The bus range of a table overlapping [a, a+n), if any.
    public func tableOverlapping(_ a: UInt64, count n: Int) -> (bus: UInt64, size: Int)? {
        stateBox.state.withLock { s in
            s.regions.first { a < $0.bus + UInt64($0.size) && $0.bus < a + UInt64(n) }.map { ($0.bus, $0.size) }
        }
    }

    final class StateBox: @unchecked Sendable {
        let state: Mutex<State>
        /// One state shared by reference: the BusMap's closure and the recorder.
        init(base: UInt64) { state = Mutex(State(next: base)) }
        func allocate(host: UInt, size: Int, alignment: Int, limit: UInt64) -> UInt64 {
            state.withLock { s in
                let a = UInt64(max(1, alignment))
                let bus = (s.next + a - 1) & ~(a - 1)
                if bus + UInt64(size) > limit && s.full == nil {
                    s.full = "tables need guest RAM up to \(hexa(bus + UInt64(size))), beyond \(hexa(limit))"
                }
                s.next = bus + UInt64(size)
                s.regions.append(Region(host: host, bus: bus, size: size, uploaded: false))
                return bus
            }
        }
    }
}
