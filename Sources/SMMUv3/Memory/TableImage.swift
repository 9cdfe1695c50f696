/// A saved SMMU's tables: the stream-table registers, the ID registers that bound them, and
/// every table's bytes at its bus address (stream table, each L2 array, CD tables, leaves).
///
/// File format (little-endian): "SMMUV3IM", u32 version (2), u32 segment count, u64
/// STRTAB_BASE, u64 STRTAB_BASE_CFG, u64 IDR0, u64 IDR1, u64 IDR5, u64 IDR3, u64 AIDR, u64 CR2;
/// per segment u64 bus address, u64 length, the bytes (length is a multiple of 8); then u64
/// FNV-1a of all before. Version 1 (no IDR3, AIDR, CR2) is still read: those registers are then
/// unknown and their features take today's defaults (`features`).
public struct TableImage: Sendable, Equatable {
    /// One table's bytes at its bus address.
    public struct Segment: Sendable, Equatable {
        /// The bus address of the first byte.
        public let bus: UInt64
        /// The bytes as the SMMU reads them (a whole number of little-endian 64-bit words once added).
        public let bytes: [UInt8]
        /// A segment of `bytes` at `bus`; ``TableImage/add(_:)`` checks it.
        public init(bus: UInt64, bytes: [UInt8]) {
            self.bus = bus
            self.bytes = bytes
        }
        /// The first bus address after the segment. A segment that would end past 2^64 is
        /// refused by `add`; for one built but never added, `end` saturates at `UInt64.max`.
        public var end: UInt64 {
            let (e, o) = bus.addingReportingOverflow(UInt64(bytes.count))
            return o ? .max : e
        }
    }

    /// SMMU_STRTAB_BASE: the stream table's address and RA (IHI 0070 §6.3.24).
    public var strtabBase: UInt64
    /// SMMU_STRTAB_BASE_CFG: the stream table's format, LOG2SIZE and SPLIT (IHI 0070 §6.3.25).
    public var strtabBaseCfg: UInt64
    /// SMMU_IDR0 / IDR1 / IDR5 of the SMMU the tables were built for (SIDSIZE, SSIDSIZE, CD2L…);
    /// this one is SMMU_IDR0 (IHI 0070 §6.3.1), 0 when not recorded.
    public var idr0: UInt64
    /// SMMU_IDR1 (IHI 0070 §6.3.2); 0 when not recorded.
    public var idr1: UInt64
    /// SMMU_IDR5 (IHI 0070 §6.3.6); 0 when not recorded.
    public var idr5: UInt64
    /// SMMU_IDR3, SMMU_AIDR and SMMU_CR2 (nil only in a version 1 image, which did not record
    /// them: their features then take `Features()`'s defaults; a caller that does not give them
    /// gets the defaults' register values).
    public var idr3: UInt64?
    /// SMMU_AIDR (IHI 0070 §6.3.8); nil when not recorded.
    public var aidr: UInt64?
    /// SMMU_CR2 (IHI 0070 §6.3.12); nil when not recorded.
    public var cr2: UInt64?
    /// Every table's bytes, in bus address order, none overlapping.
    public private(set) var segments: [Segment]

    /// The SMMU these tables were built for, as the one feature model reads it: each recorded
    /// register through `Features.read`, every other feature at its default. IDR0 / IDR1 / IDR5
    /// of 0 mean "not recorded" (no SMMU has IDR1.SIDSIZE 0 with tables to check).
    public var features: Features {
        var f = Features()
        if idr0 != 0 { f.read(idr0: idr0) }
        if idr1 != 0 { f.read(idr1: idr1) }
        if let idr3 { f.read(idr3: idr3) }
        if idr5 != 0 { f.read(idr5: idr5) }
        if let aidr { f.read(aidr: aidr) }
        if let cr2 { f.read(cr2: cr2) }
        return f
    }

    /// Segments that are not whole words, run past the 64-bit bus address space or overlap
    /// are refused (`add`). Time O(n log n) in the number of segments.
    public init(strtabBase: UInt64, strtabBaseCfg: UInt64, idr0: UInt64 = 0, idr1: UInt64 = 0,
                idr5: UInt64 = 0, idr3: UInt64? = nil, aidr: UInt64? = nil, cr2: UInt64? = nil,
                segments: [Segment] = []) throws(ImageError) {
        self.strtabBase = strtabBase
        self.strtabBaseCfg = strtabBaseCfg
        self.idr0 = idr0
        self.idr1 = idr1
        self.idr5 = idr5
        let d = Features.defaultRegisters
        self.idr3 = idr3 ?? d.idr3
        self.aidr = aidr ?? d.aidr
        self.cr2 = cr2 ?? d.cr2
        for s in segments { try Self.checkShape(s) }
        let sorted = segments.sorted { $0.bus < $1.bus }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.bus < a.end {
            throw .overlap(a: a.bus, b: b.bus)
        }
        self.segments = sorted
    }

    /// From live tables (their `segments()`). The bus map gives every table its own range,
    /// so these segments are whole words and never overlap.
    public init(_ st: borrowing StreamTable, cdTables: [[(bus: UInt64, bytes: [UInt8])]] = [],
                idr0: UInt64 = 0, idr1: UInt64 = 0, idr5: UInt64 = 0, idr3: UInt64? = nil,
                aidr: UInt64? = nil, cr2: UInt64? = nil) {
        self.strtabBase = st.strtabBase
        self.strtabBaseCfg = st.strtabBaseCfg
        self.idr0 = idr0
        self.idr1 = idr1
        self.idr5 = idr5
        let d = Features.defaultRegisters
        self.idr3 = idr3 ?? d.idr3
        self.aidr = aidr ?? d.aidr
        self.cr2 = cr2 ?? d.cr2
        self.segments = (st.segments() + cdTables.flatMap { $0 })
            .map { Segment(bus: $0.bus, bytes: $0.bytes) }
            .sorted { $0.bus < $1.bus }
    }

    static func checkShape(_ s: Segment) throws(ImageError) {
        guard s.bytes.count % 8 == 0, !s.bytes.isEmpty else { throw .segmentLength(bus: s.bus, length: s.bytes.count) }
        guard !s.bus.addingReportingOverflow(UInt64(s.bytes.count)).overflow else {
            throw .wraps(bus: s.bus, length: s.bytes.count)
        }
    }

    /// Add a segment; overlapping segments, lengths that are not whole words and segments
    /// that run past 2^64 are refused.
    public mutating func add(_ s: Segment) throws(ImageError) {
        try Self.checkShape(s)
        let i = firstIndex(after: s.bus)          // segments[i...] start above s.bus
        if i > 0, s.bus < segments[i - 1].end { throw .overlap(a: segments[i - 1].bus, b: s.bus) }
        if i < segments.count, segments[i].bus < s.end { throw .overlap(a: segments[i].bus, b: s.bus) }
        segments.insert(s, at: i)
    }

    /// The index of the first segment whose bus address is above `bus` (binary search).
    func firstIndex(after bus: UInt64) -> Int {
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if segments[mid].bus <= bus { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The segment holding bus address `bus`, if any.
    func segment(containing bus: UInt64) -> Segment? {
        let i = firstIndex(after: bus)
        guard i > 0, bus < segments[i - 1].end else { return nil }
        return segments[i - 1]
    }

    /// `count` words at bus address `bus`, nil if any of them is outside the image.
    public func words(at bus: UInt64, count: Int) -> [UInt64]? {
        guard count >= 0, bus % 8 == 0, let s = segment(containing: bus) else { return nil }
        let (bytes, o) = count.multipliedReportingOverflow(by: 8)
        guard !o, UInt64(bytes) <= s.end - bus else { return nil }
        let off = Int(bus - s.bus)
        return (0..<count).map { i in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(s.bytes[off + i * 8 + $1]) << (8 * $1) }
        }
    }

    // MARK: file format

    static let magic = Array("SMMUV3IM".utf8)

    /// The image in the file format above (always version 2), checksum last.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func u32(_ v: UInt32) { out += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        func u64(_ v: UInt64) { out += (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        // Unrecorded registers are written as the defaults' values would read back: a version 2
        // image always carries all six.
        let d = Features.defaultRegisters
        u32(2)
        u32(UInt32(segments.count))
        for r in [strtabBase, strtabBaseCfg, idr0, idr1, idr5, idr3 ?? d.idr3, aidr ?? d.aidr, cr2 ?? d.cr2] { u64(r) }
        for s in segments {
            u64(s.bus)
            u64(UInt64(s.bytes.count))
            out += s.bytes
        }
        u64(Self.fnv1a(out))
        return out
    }

    /// Reads an image in the file format above, version 1 or 2.
    ///
    /// - Throws: ``ImageError`` for a missing header, an unknown version, a truncated or corrupt
    ///   file, or segments ``add(_:)`` refuses.
    public init(serialized b: [UInt8]) throws(ImageError) {
        var pos = 0
        func take(_ n: Int) throws(ImageError) -> ArraySlice<UInt8> {
            guard n >= 0, b.count - pos >= n else { throw .truncated(at: pos, need: n, have: b.count - pos) }
            defer { pos += n }
            return b[pos..<pos + n]
        }
        func u64() throws(ImageError) -> UInt64 {
            let s = try take(8)
            return s.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        }
        guard Array(try take(8)) == Self.magic else { throw .notAnImage }
        let v = try take(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        guard v == 1 || v == 2 else { throw .version(v) }
        let n = try take(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        let regs = try (0..<(v == 1 ? 5 : 8)).map { _ throws(ImageError) in try u64() }
        var segs: [Segment] = []
        for _ in 0..<n {
            let bus = try u64()
            let len = try u64()
            guard len <= UInt64(b.count) else { throw .truncated(at: pos, need: Int(clamping: len), have: b.count - pos) }
            segs.append(Segment(bus: bus, bytes: Array(try take(Int(len)))))
        }
        let body = Array(b[0..<pos])
        let sum = try u64()
        guard sum == Self.fnv1a(body) else { throw .checksum }
        guard pos == b.count else { throw .trailing(b.count - pos) }
        try self.init(strtabBase: regs[0], strtabBaseCfg: regs[1], idr0: regs[2], idr1: regs[3], idr5: regs[4],
                      idr3: v == 2 ? regs[5] : nil, aidr: v == 2 ? regs[6] : nil, cr2: v == 2 ? regs[7] : nil,
                      segments: segs)
        if v == 1 { idr3 = nil; aidr = nil; cr2 = nil }     // not recorded: the defaults' features
    }

    static func fnv1a(_ b: [UInt8]) -> UInt64 {
        b.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// Why an image file or segment was refused.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    /// The bytes do not start with the "SMMUV3IM" header.
    case notAnImage
    /// A version other than 1 or 2.
    case version(UInt32)
    /// The file ends before a field or segment it announces.
    case truncated(at: Int, need: Int, have: Int)
    /// The FNV-1a checksum does not match the bytes before it.
    case checksum
    /// Bytes after the checksum.
    case trailing(Int)
    /// A segment that is not a whole number of 64-bit words.
    case segmentLength(bus: UInt64, length: Int)
    /// Two segments share bus addresses.
    case overlap(a: UInt64, b: UInt64)
    /// A segment that runs past the end of the 64-bit bus address space.
    case wraps(bus: UInt64, length: Int)

    /// The message: what is wrong and where in the file.
    public var description: String {
        switch self {
        case .notAnImage: "not an SMMUv3 table image (no SMMUV3IM header)"
        case let .version(v): "image version \(v) is not supported (this tool reads versions 1 and 2)"
        case let .truncated(at, need, have): "truncated image: at byte \(at) \(need) bytes are needed, \(have) remain"
        case .checksum: "corrupt image: checksum mismatch"
        case let .trailing(n): "corrupt image: \(n) bytes after the checksum"
        case let .segmentLength(bus, len): "segment at \(hex(bus)) has \(len) bytes, not a whole number of 64-bit words"
        case let .overlap(a, b): "segments at \(hex(a)) and \(hex(b)) overlap"
        case let .wraps(bus, len): "segment at \(hex(bus)) of \(len) bytes runs past the end of the 64-bit bus address space"
        }
    }
}
