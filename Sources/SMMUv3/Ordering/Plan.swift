/// One step of an update: word stores, then (if `sync`) CFGI + CMD_SYNC. During a step the
/// SMMU may observe any subset of the step's stores applied.
public struct Step: Sendable, Hashable {
    public var writes: [Write]
    public var sync: Bool
    public init(writes: [Write], sync: Bool) {
        self.writes = writes
        self.sync = sync
    }
}

/// One 64-bit single-copy-atomic store of `value` to word `qword`.
public struct Write: Sendable, Hashable {
    public let qword: Int
    public let value: UInt64
    public init(qword: Int, value: UInt64) {
        self.qword = qword
        self.value = value
    }
}

public enum Policy: String, Sendable, CaseIterable {
    /// The Linux driver's arm_smmu_write_entry sequences and sync counts.
    case linux
    /// Linux's sequence with every sync the checker proves unnecessary dropped.
    case minimal
}

/// A planned update of a live STE or CD.
public struct Plan: Sendable, Hashable {
    public let kind: DescriptorKind
    public let from: [UInt64]
    public let to: [UInt64]
    public let steps: [Step]
    /// Why this sequence: which words hold used bits that must change.
    public let reason: String

    public var syncs: Int { steps.filter(\.sync).count }
    /// Words the plan stores, in order.
    public var final: [UInt64] {
        var w = from
        for s in steps { for x in s.writes { w[x.qword] = x.value } }
        return w
    }
}

/// Why a plan was refused.
public enum PlanError: Error, Equatable, CustomStringConvertible {
    case kind(DescriptorKind)
    case input(InputError)
    case invalidTarget([Finding])
    /// A store to a word the entry does not have.
    case word(Int)

    public var description: String {
        switch self {
        case let .kind(k): "plan takes ste or cd, not \(k.rawValue)"
        case let .input(e): e.description
        case let .invalidTarget(f): "the target is not a valid descriptor: " + f.map(\.description).joined(separator: "; ")
        case let .word(i): "a store to word \(i): an STE or CD has words 0...7"
        }
    }
}
