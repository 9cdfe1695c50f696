/// What a mapping allows, and the memory type behind it: the `perm=` of a scenario `map` line
/// (`r`, `w`, `rw`, optionally with `x`), turned into stage-1 AP/UXN/PXN/AttrIndx or stage-2
/// S2AP/XN/MemAttr by `PageTable`.
public struct MapPermission: Sendable, Hashable, CustomStringConvertible {
    /// Reads allowed.
    public var read: Bool
    /// Writes allowed.
    public var write: Bool
    /// Instruction fetches allowed (else stage 1 UXN/PXN, stage 2 XN).
    public var execute: Bool
    /// Privileged-only (stage 1 AP[1]=0, as Linux's IOMMU_PRIV); otherwise AP[1]=1 (EL0 too).
    public var privileged: Bool
    /// Device-nGnRE memory instead of Normal write-back.
    public var device: Bool

    /// A permission; by default read-only, unprivileged, Normal memory.
    public init(read: Bool = true, write: Bool = false, execute: Bool = false,
                privileged: Bool = false, device: Bool = false) {
        self.read = read
        self.write = write
        self.execute = execute
        self.privileged = privileged
        self.device = device
    }

    /// Read-only.
    public static let r = MapPermission(read: true)
    /// Write-only.
    public static let w = MapPermission(read: false, write: true)
    /// Read and write.
    public static let rw = MapPermission(read: true, write: true)

    /// `r`, `w`, `rw`, `rx`, `rwx`, `wx` (letters in any order, each at most once); nil otherwise.
    public init?(_ text: String) {
        var r = false, w = false, x = false
        for c in text.lowercased() {
            switch c {
            case "r" where !r: r = true
            case "w" where !w: w = true
            case "x" where !x: x = true
            default: return nil
            }
        }
        guard r || w else { return nil }
        self.init(read: r, write: w, execute: x)
    }

    /// The letters (`rw`, `rx`), then ` priv` and ` device` where set.
    public var description: String {
        (read ? "r" : "") + (write ? "w" : "") + (execute ? "x" : "") + (privileged ? " priv" : "") + (device ? " device" : "")
    }
}

/// Which translation regime a table set serves.
public enum TranslationStage: Int, Sendable, Hashable {
    /// Stage 1: the tables a CD's TTB0 points at (IHI 0070 §5.4).
    case stage1 = 1
    /// Stage 2: the tables an STE's S2TTB points at (IHI 0070 §5.2).
    case stage2 = 2
}

/// Why a page-table operation was refused. A refused map or unmap changes nothing.
public enum PageTableError: Error, Equatable, CustomStringConvertible {
    /// A table page could not be allocated or mapped.
    case table(TableError)
    /// An input size the geometry does not support.
    case inputBits(Int, stage: Int, allowed: ClosedRange<Int>)
    /// An output size other than 32, 36, 40, 42, 44 or 48 bits.
    case outputBits(Int)
    /// The reserved granule encoding.
    case granule(UInt64)
    /// A map or unmap of 0 bytes.
    case zeroSize
    /// An address or size not aligned to the granule.
    case misaligned(what: String, value: UInt64, granule: UInt64)
    /// A range beyond the input address size.
    case beyondInput(iova: UInt64, size: UInt64, bits: Int)
    /// An output range beyond the output address size.
    case beyondOutput(pa: UInt64, size: UInt64, bits: Int)
    /// A range that overlaps a valid mapping.
    case overlaps(iova: UInt64, size: UInt64, existing: UInt64)
    /// An unmap of an address with no mapping.
    case notMapped(iova: UInt64)
    /// A request that needs more descriptor stores than one call may make.
    case tooMuchWork(descriptors: Int, limit: Int)

    /// The message: the value and the rule broken.
    public var description: String {
        switch self {
        case let .table(e): e.description
        case let .inputBits(b, s, a):
            "stage-\(s) input size \(b) bits is not supported (\(a.lowerBound)...\(a.upperBound) bits with this granule)"
        case let .outputBits(b): "output size \(b) bits is not one of 32, 36, 40, 42, 44, 48"
        case let .granule(g): "granule encoding \(g) is reserved"
        case .zeroSize: "size 0: nothing to map or unmap"
        case let .misaligned(w, v, g): "\(w) \(hex(v)) is not aligned to the \(sizeName(g)) granule"
        case let .beyondInput(i, s, b): "range \(hex(i)) + \(hex(s)) is beyond the \(b)-bit input address size"
        case let .beyondOutput(p, s, b): "output range \(hex(p)) + \(hex(s)) is beyond the \(b)-bit output address size"
        case let .overlaps(i, s, e):
            "range \(hex(i)) + \(hex(s)) overlaps the valid mapping at \(hex(e)) (unmap it first)"
        case let .notMapped(i): "nothing is mapped at \(hex(i))"
        case let .tooMuchWork(d, l): "the request needs \(d) descriptors, more than the \(l) one call may write"
        }
    }
}
