import CSMMUv3

/// Memory as the SMMU reads it: one 64-bit word at a bus address (8-byte aligned), nil when
/// nothing is there (the read would abort).
public protocol BusMemory: Sendable {
    /// The little-endian word at `bus`, nil if nothing is there.
    func load(bus: UInt64) -> UInt64?
}

extension TableImage: BusMemory {
    /// The word at `bus` from the segment that holds it, nil outside every segment.
    public func load(bus: UInt64) -> UInt64? { words(at: bus, count: 1)?.first }
}

/// The live tables of a rig: every table whose memory is mapped in `map` (stream tables, CD
/// tables, page tables, allocated with the same `BusMap`), each word one atomic load.
public struct LiveMemory: BusMemory {
    /// The bus map the rig's tables were allocated with.
    public let map: BusMap
    /// The memory `map` has mapped.
    public init(_ map: BusMap) { self.map = map }
    /// The word at `bus` as one atomic load, nil when it is misaligned or not mapped.
    public func load(bus: UInt64) -> UInt64? {
        guard bus % 8 == 0, let p = map.host(of: bus) else { return nil }
        return smmuv3_load_qword(p.assumingMemoryBound(to: UInt64.self))
    }
}

/// One incoming transaction.
public struct Transaction: Sendable, Hashable {
    /// A read, a write, or an instruction fetch.
    public enum Access: String, Sendable, Hashable {
        /// A data read.
        case read
        /// A data write.
        case write
        /// An instruction fetch.
        case execute
    }
    /// The StreamID the transaction carries.
    public var sid: UInt32
    /// nil: no SubstreamID (SSV=0).
    public var ssid: UInt32?
    /// The input address.
    public var iova: UInt64
    /// Read, write or instruction fetch.
    public var access: Access
    /// The incoming PnU attribute (before STE.PRIVCFG).
    public var privileged: Bool
    /// The stall tag a stalled record carries.
    public var stag: UInt16

    /// A transaction; by default an unprivileged read without a SubstreamID.
    public init(sid: UInt32, ssid: UInt32? = nil, iova: UInt64, access: Access = .read,
                privileged: Bool = false, stag: UInt16 = 0) {
        self.sid = sid
        self.ssid = ssid
        self.iova = iova
        self.access = access
        self.privileged = privileged
        self.stag = stag
    }
}

/// One structure or descriptor the walk read.
public struct WalkStep: Sendable, Hashable, CustomStringConvertible {
    /// "L1STD", "STE", "L1CD", "CD", "S1 L0" … "S1 L3", "S2 L0" … "S2 L3".
    public let name: String
    /// Bus (physical) address of the read.
    public let address: UInt64
    /// The words read, word 0 first.
    public let words: [UInt64]
    /// What the walker made of it.
    public let decoded: String

    /// `NAME @ address: words decoded`.
    public var description: String {
        "\(name) @ \(hex(address)): \(words.map(hex16).joined(separator: " ")) \(decoded)"
    }
}

/// Where a delivered transaction goes and with what.
public struct Delivery: Sendable, Hashable {
    /// The output (physical) address.
    public let pa: UInt64
    /// The stage-1 output when stage 2 translated it (nested or stage-2-only: the IOVA).
    public let ipa: UInt64?
    /// What the final translation allows (both stages).
    public let read: Bool
    /// Writes allowed.
    public let write: Bool
    /// Instruction fetches allowed.
    public let execute: Bool
    /// Stage-1 MAIR attribute byte (nil when stage 1 bypassed).
    public let mairAttr: UInt8?
    /// Stage-2 MemAttr[3:0] (nil when stage 2 bypassed).
    public let s2MemAttr: UInt8?
    /// Bytes the final leaf maps (nil when no stage translated).
    public let leafSize: UInt64?

    /// "Device" when either stage's attributes say Device memory, else "Normal".
    public var memoryType: String {
        if let a = mairAttr, a & 0xf0 == 0 { return "Device" }
        if let m = s2MemAttr, m & 0b1100 == 0 { return "Device" }
        return "Normal"
    }
    /// `rwx`, with `-` for what is not allowed.
    public var permissions: String { (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-") }
}

/// What the SMMU does with the transaction.
public enum Outcome: Sendable, Hashable {
    /// Translated (or bypassed) and delivered.
    case delivered(Delivery)
    /// Terminated and recorded.
    case fault(EventRecord)
    /// Held until CMD_RESUME / CMD_STALL_TERM; the record has Stall=1 and the STAG.
    case stalled(EventRecord)
    /// Aborted without a record (Config=abort, CD.R=0, an invalid StreamID without RECINVSID).
    case terminated
}

/// The consumer's answer for one transaction: everything it read, and the outcome.
public struct Walk: Sendable, Hashable {
    /// The transaction walked.
    public let transaction: Transaction
    /// Every structure and descriptor read, in order.
    public let steps: [WalkStep]
    /// What the SMMU does with the transaction.
    public let outcome: Outcome
    /// Why, in words (the field and value that decided it).
    public let reason: String
    /// The translation level whose descriptor (or absence) faulted; records have no level field.
    public let level: Int?
    /// The stage that faulted (1 or 2), nil for configuration errors.
    public let stage: Int?

    /// "delivered", "fault", "stalled" or "terminated".
    public var result: String {
        switch outcome {
        case .delivered: "delivered"
        case .fault: "fault"
        case .stalled: "stalled"
        case .terminated: "terminated"
        }
    }
    /// The output address of a delivered transaction, nil otherwise.
    public var pa: UInt64? {
        if case let .delivered(d) = outcome { return d.pa }
        return nil
    }
    /// The event record of a fault or stall, nil otherwise.
    public var event: EventRecord? {
        switch outcome {
        case let .fault(e), let .stalled(e): e
        default: nil
        }
    }
    /// The event's name (F_TRANSLATION …), nil without a record.
    public var eventName: String? { event?.record?.name }
}
