/// SMMU features a scenario sets (SMMU_IDR0/1 and CR2 facts the flows depend on).
public struct SMMUFeatures: Sendable, Hashable {
    public var sidBits = 16
    public var ssidBits = 20
    public var twoLevelStreamTable = true
    public var ats = false
    public var stall = false
    public var e2h = false
    public var attrOverride = false
    public var cd2l = true
    public init() {}
}

/// A domain: what a master (or one of its PASIDs) is attached to.
public enum DomainKind: Sendable, Hashable, CustomStringConvertible {
    case s1(asid: UInt64, ttb0: UInt64)
    case s2(vmid: UInt64, vttbr: UInt64)
    case sva(asid: UInt64, ttb0: UInt64)
    case identity
    case blocked

    public var description: String {
        switch self {
        case let .s1(a, t): "s1 asid=\(a) ttb0=\(hex(t))"
        case let .s2(v, t): "s2 vmid=\(v) vttbr=\(hex(t))"
        case let .sva(a, t): "sva asid=\(a) ttb0=\(hex(t))"
        case .identity: "identity"
        case .blocked: "blocked"
        }
    }

    /// Stage-1 domains live in CDs; the others only in the STE.
    public var usesCD: Bool {
        switch self {
        case .s1, .sva: true
        default: false
        }
    }
}

/// One place a domain is installed: (SMMU, master, SSID). SSID 0 is the RID.
public struct Attachment: Sendable, Hashable, CustomStringConvertible {
    public let smmu: String
    public let master: String
    public let ssid: UInt32
    public var description: String { "(\(smmu), \(master), ssid \(ssid))" }
}

/// Why a flow or a scenario line was refused. Nothing changed.
public struct FlowError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
}
