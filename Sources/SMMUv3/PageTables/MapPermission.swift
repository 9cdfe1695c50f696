/// What a mapping allows, and the memory type behind it: the `perm=` of a scenario `map` line
/// (`r`, `w`, `rw`, optionally with `x`), turned into stage-1 AP/UXN/PXN/AttrIndx or stage-2
/// S2AP/XN/MemAttr by `PageTable`.
public struct MapPermission: Sendable, Hashable, CustomStringConvertible {
    public var read: Bool
    public var write: Bool
    public var execute: Bool
    /// Privileged-only (stage 1 AP[1]=0, as Linux's IOMMU_PRIV); otherwise AP[1]=1 (EL0 too).
    public var privileged: Bool
    /// Device-nGnRE memory instead of Normal write-back.
    public var device: Bool

    public init(read: Bool = true, write: Bool = false, execute: Bool = false,
                privileged: Bool = false, device: Bool = false) {
        self.read = read
        self.write = write
        self.execute = execute
        self.privileged = privileged
        self.device = device
    }

    public static let r = MapPermission(read: true)
    public static let w = MapPermission(read: false, write: true)
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

    public var description: String {
        (read ? "r" : "") + (write ? "w" : "") + (execute ? "x" : "") + (privileged ? " priv" : "") + (device ? " device" : "")
    }
}

/// Which translation regime a table set serves.
public enum TranslationStage: Int, Sendable, Hashable {
    case stage1 = 1
    case stage2 = 2
}

/// Why a page-table operation was refused. A refused map or unmap changes nothing.
public enum PageTableError: Error, Equatable, CustomStringConvertible {
    case table(TableError)
    case inputBits(Int, stage: Int, allowed: ClosedRange<Int>)
    case outputBits(Int)
    case granule(UInt64)
    case zeroSize
    case misaligned(what: String, value: UInt64, granule: UInt64)
    case beyondInput(iova: UInt64, size: UInt64, bits: Int)
    case beyondOutput(pa: UInt64, size: UInt64, bits: Int)
    case overlaps(iova: UInt64, size: UInt64, existing: UInt64)
    case notMapped(iova: UInt64)
    case tooMuchWork(descriptors: Int, limit: Int)

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
