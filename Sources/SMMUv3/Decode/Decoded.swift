/// What the SMMU supports, as far as validation of a descriptor depends on it (SMMU_IDR0/1/3/5).
/// The defaults describe a permissive SMMUv3.4 with every feature, so that only what is wrong
/// on every SMMU is reported unless the caller says more.
public struct Features: Sendable, Hashable {
    /// IDR1.SSIDSIZE: SubstreamID bits (0...20).
    public var ssidSize = 20
    /// IDR0.STALL_MODEL: 0 stall and terminate, 1 terminate only (no stall), 2 stall forced.
    public var stallModel = 0
    /// IDR0.CD2L: 2-level CD tables.
    public var cd2l = true
    /// IDR0.ATS.
    public var ats = true
    /// IDR0.NS1ATS: split-stage ATS not supported when 1.
    public var ns1ats = false
    /// IDR3.DPT.
    public var dpt = true
    /// IDR5.OAS in bits.
    public var oas = 56
    /// The descriptor sits in the Secure stream table.
    public var secureTable = false
    public init() {}
}

/// How bad a finding is.
public enum Severity: String, Sendable, Comparable {
    /// Informational: legal, but worth knowing (e.g. V=0, a value capped to OAS).
    case note
    /// A reserved encoding that behaves as another value.
    case reserved
    /// The spec allows a choice of behaviours; software cannot count on any one.
    case constrainedUnpredictable = "constrained-unpredictable"
    /// RES0 bits set, or address bits the SMMU silently masks (misalignment).
    case res0
    /// The SMMU rejects the descriptor: ILLEGAL (C_BAD_STE / C_BAD_CD / CERROR_ILL).
    case illegal

    public static func < (a: Severity, b: Severity) -> Bool {
        a.rank < b.rank
    }

    var rank: Int {
        switch self {
        case .note: 0
        case .reserved: 1
        case .constrainedUnpredictable: 2
        case .res0: 3
        case .illegal: 4
        }
    }
}

/// One validation finding: the field, its value and the rule it breaks.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public let severity: Severity
    public let field: String
    public let value: UInt64
    public let rule: String
    /// The rule table entry that produced it (`Rule.id`), if any.
    public let ruleID: String?
    /// What the SMMU does: the event an ILLEGAL descriptor records, what a reserved value
    /// behaves as.
    public let outcome: Rule.Outcome?

    public init(_ severity: Severity, _ field: String, _ value: UInt64, _ rule: String,
                rule id: String? = nil, outcome: Rule.Outcome? = nil) {
        self.severity = severity
        self.field = field
        self.value = value
        self.rule = rule
        self.ruleID = id
        self.outcome = outcome
    }

    public var description: String { "\(severity.rawValue): \(field)=\(hex(value)): \(rule)" }
}

/// One field as decoded: bits, value and what the value means.
public struct DecodedField: Sendable, Hashable {
    public let field: Field
    public let value: UInt64
    public let meaning: String
}

/// A decoded descriptor: every field, a one-line semantic summary and the findings.
public struct Decoded: Sendable, Hashable {
    public let kind: DescriptorKind
    public let layout: Layout
    public let words: [UInt64]
    public let fields: [DecodedField]
    public let summary: String
    public let findings: [Finding]

    /// True if any finding is worse than a note (what `--strict` turns into exit 1).
    public var hasProblems: Bool { findings.contains { $0.severity > .note } }

    public func value(_ name: String) -> UInt64? {
        fields.first { $0.field.name.lowercased() == name.lowercased() }?.value
    }
}
