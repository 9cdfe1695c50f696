/// What the lint (`ImageCheck`) and the lookups read: the stream-table registers, the ID
/// registers' features, and the tables' words at their bus addresses. A saved `TableImage`
/// and physical memory (`PhysicalMemory`: raw files at base addresses, ELF cores) are both
/// sources, so the same walk lints both.
public protocol TableSource: BusMemory {
    /// Raw SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG.
    var strtabBase: UInt64 { get }
    /// Raw SMMU_STRTAB_BASE_CFG (IHI 0070 §6.3.25).
    var strtabBaseCfg: UInt64 { get }
    /// Raw SMMU_IDR1; 0 means "not known" (SIDSIZE then bounds nothing).
    var idr1: UInt64 { get }
    /// The SMMU the tables were written for.
    var features: Features { get }
    /// `count` little-endian words at bus address `bus` (8-byte aligned), nil if any of them
    /// is outside the source.
    func words(at bus: UInt64, count: Int) -> [UInt64]?
    /// The contiguous bus range `start ..< end` that holds `bus`, nil if none does. `end`
    /// saturates at `UInt64.max`.
    func region(containing bus: UInt64) -> (start: UInt64, end: UInt64)?
    /// What findings call the whole source: "the image", "the memory files".
    var extentName: String { get }
}

extension TableSource {
    /// "the image", unless the source names itself otherwise.
    public var extentName: String { "the image" }
}

extension TableImage: TableSource {
    /// The segment that holds `bus`, as a bus range, nil if none does.
    public func region(containing bus: UInt64) -> (start: UInt64, end: UInt64)? {
        segment(containing: bus).map { ($0.bus, $0.end) }
    }
}
