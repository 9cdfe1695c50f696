import Synchronization

/// How table memory appears to the SMMU: every pointer written into a descriptor
/// (STRTAB_BASE, L1STD.L2Ptr, STE.S1ContextPtr, L1CD.L2Ptr) is the bus address this map
/// gives for the host memory.
///
/// - `identity`: the host address is the bus address (a rig whose device model reads host
///   memory directly).
/// - `fixedBase`: allocations get consecutive bus addresses from a base, each aligned as the
///   table requires, so images are byte-identical across runs.
/// - `custom`: the rig's own function from (host address, size, alignment) to bus address.
public final class BusMap: Sendable {
    /// How host memory gets its bus address: see the cases above.
    public enum Strategy: Sendable {
        /// The host address is the bus address.
        case identity
        /// Consecutive bus addresses from this base, each aligned as its table requires.
        case fixedBase(UInt64)
        /// The rig's own function from (host address, size, alignment) to bus address; the map checks what it returns.
        case custom(@Sendable (_ host: UInt, _ size: Int, _ alignment: Int) -> UInt64)
    }

    struct Region { let host: UInt; let bus: UInt64; let size: Int }
    /// `regions` sorted by bus address (they never overlap), so a new mapping is checked
    /// against its two neighbours; `busOfHost` finds a region to forget without a scan.
    struct State {
        var next: UInt64
        var regions: [Region] = []
        var busOfHost: [UInt: [UInt64]] = [:]

        /// The index of the first region whose bus address is not below `bus`.
        func firstIndex(atOrAbove bus: UInt64) -> Int {
            var lo = 0, hi = regions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if regions[mid].bus < bus { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// How this map gives bus addresses.
    public let strategy: Strategy
    /// Bus addresses must fit in this many bits (56 for SMMUv3.4, IDR5.OAS).
    public let addressBits: Int
    private let state: Mutex<State>

    /// A map with no regions yet.
    public init(_ strategy: Strategy = .identity, addressBits: Int = 56) {
        self.strategy = strategy
        self.addressBits = addressBits
        if case let .fixedBase(b) = strategy {
            state = Mutex(State(next: b))
        } else {
            state = Mutex(State(next: 0))
        }
    }

    /// Give `size` bytes of host memory at `host` a bus address aligned to `alignment`.
    ///
    /// - Throws: ``BusError`` when the bus address is misaligned, does not fit in `addressBits`
    ///   or overlaps a mapped region; nothing is mapped then.
    public func map(host: UnsafeMutableRawPointer, size: Int, alignment: Int) throws(BusError) -> UInt64 {
        let h = UInt(bitPattern: host)
        let result: Result<UInt64, BusError> = state.withLock { s in
            let bus: UInt64
            switch strategy {
            case .identity: bus = UInt64(h)
            case let .custom(f): bus = f(h, size, alignment)
            case .fixedBase:
                let a = UInt64(alignment)
                bus = (s.next + a - 1) & ~(a - 1)
            }
            if bus % UInt64(alignment) != 0 {
                return .failure(.misaligned(bus: bus, alignment: alignment))
            }
            let (end, overflow) = bus.addingReportingOverflow(UInt64(size))
            if overflow || end > (UInt64(1) << addressBits) {
                return .failure(.tooWide(bus: bus, size: size, bits: addressBits))
            }
            // Sorted and disjoint: only the regions either side of `bus` can overlap it.
            let i = s.firstIndex(atOrAbove: bus)
            let below = i > 0 ? s.regions[i - 1] : nil, above = i < s.regions.count ? s.regions[i] : nil
            if let below, bus < below.bus + UInt64(below.size) { return .failure(.overlaps(bus: bus, size: size)) }
            if let above, above.bus < end { return .failure(.overlaps(bus: bus, size: size)) }
            if case .fixedBase = strategy { s.next = end }
            s.regions.insert(Region(host: h, bus: bus, size: size), at: i)
            s.busOfHost[h, default: []].append(bus)
            return .success(bus)
        }
        return try result.get()
    }

    /// Forget the mapping of the memory at `host` (when it is freed).
    public func unmap(host: UnsafeMutableRawPointer) {
        let h = UInt(bitPattern: host)
        state.withLock { s in
            for bus in s.busOfHost.removeValue(forKey: h) ?? [] {
                let i = s.firstIndex(atOrAbove: bus)
                if i < s.regions.count, s.regions[i].host == h { s.regions.remove(at: i) }
            }
        }
    }

    /// The bus address of a host pointer inside a mapped region.
    public func bus(of host: UnsafeRawPointer) -> UInt64? {
        let h = UInt(bitPattern: host)
        return state.withLock { s in
            s.regions.first { h >= $0.host && h < $0.host + UInt($0.size) }.map { $0.bus + UInt64(h - $0.host) }
        }
    }

    /// The host pointer behind a bus address, nil if nothing is mapped there.
    public func host(of bus: UInt64) -> UnsafeMutableRawPointer? {
        state.withLock { s in
            s.regions.first { bus >= $0.bus && bus < $0.bus + UInt64($0.size) }
                .flatMap { UnsafeMutableRawPointer(bitPattern: $0.host + UInt(bus - $0.bus)) }
        }
    }
}

/// Why a bus mapping was refused.
public enum BusError: Error, Equatable, CustomStringConvertible {
    /// The bus address is not aligned as the table requires.
    case misaligned(bus: UInt64, alignment: Int)
    /// The range does not fit in the map's address bits.
    case tooWide(bus: UInt64, size: Int, bits: Int)
    /// The range overlaps a region already mapped.
    case overlaps(bus: UInt64, size: Int)

    /// The message: the bus range and the rule broken.
    public var description: String {
        switch self {
        case let .misaligned(b, a): "bus address \(hex(b)) is not \(sizeName(UInt64(a))) aligned as the table requires"
        case let .tooWide(b, s, bits): "bus range \(hex(b)) + \(s) bytes does not fit in \(bits) address bits"
        case let .overlaps(b, s): "bus range \(hex(b)) + \(s) bytes overlaps a mapped table"
        }
    }
}
