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

    // Added for the CD rules: (IHI 0070 §5.4, CdIllegal in §5.4.2). The SMMU features the CD
    // rules read, with the same names and defaults as the feature model of the STE rules, and the
    // STE that locates the CD (a CD's legality depends on it, §5.4.1). Defaults: every feature,
    // SMMUv3.4, no VMSAv9-128; the most permissive locating STE (NS-EL1, stage 1 only, S1STALLD=0,
    // S1PIE=1, S1MPAM=1).

    /// SMMU_IDR0.TTF, bits [3:2]: table formats; bit 0 VMSAv8-32 LPAE, bit 1 VMSAv8-64.
    public var ttf = 0b11
    /// SMMU_IDR0.HTTU, bits [7:6]: 0 none, 1 Access flag, 2 Access flag and Dirty state,
    /// 3 those and the Access flag of table descriptors.
    public var httu = 0b11
    /// SMMU_IDR0.ASID16, bit [12]: 16-bit ASIDs (else CD.ASID[15:8] must be 0).
    public var asid16 = true
    /// SMMU_IDR0.TTENDIAN, bits [22:21]: 0 mixed-endian, 1 reserved, 2 little-endian only,
    /// 3 big-endian only (CD.ENDI).
    public var ttendian = 0
    /// SMMU_IDR0.TERM_MODEL, bit [26]: 1 = terminated transactions always abort (CD.A must be 1).
    public var termModel = false
    /// SMMU_IDR3.HAD, bit [2]: CD.HAD0/HAD1 (Hierarchical Attribute Disable).
    public var had = true
    /// SMMU_IDR3.PBHA, bit [3]: page-based hardware attributes (CD.HWU*).
    public var pbha = true
    /// SMMU_IDR3.MPAM, bit [7]: MPAM (CD.PARTID, PMG).
    public var mpam = true
    /// SMMU_IDR3.STT, bit [9]: small translation tables (TxSZ up to 48, else 39).
    public var stt = true
    /// SMMU_IDR3.E0PD, bit [13]: CD.E0PD0/E0PD1.
    public var e0pd = true
    /// SMMU_IDR3.EPAN, bit [17]: CD.EPAN.
    public var epan = true
    /// SMMU_IDR3.S1PI, bit [18]: stage 1 permission indirection (STE.S1PIE, CD.PIE).
    public var s1pi = true
    /// SMMU_IDR3.THE, bit [21]: translation hardening (CD.PnCH).
    public var the = true
    /// SMMU_IDR3.AIE, bit [23]: CD.AIE (stage 1 Attribute Index Extension).
    public var aie = true
    /// SMMU_IDR5.GRAN4K, bit [4]: 4 KB translation granule.
    public var gran4K = true
    /// SMMU_IDR5.GRAN16K, bit [5]: 16 KB translation granule.
    public var gran16K = true
    /// SMMU_IDR5.GRAN64K, bit [6]: 64 KB translation granule.
    public var gran64K = true
    /// SMMU_IDR5.DS, bit [7]: 52-bit addresses with 4 KB and 16 KB granules (CD.DS).
    public var ds = true
    /// SMMU_IDR5.D128, bit [8]: VMSAv9-128 descriptors (then CD.AA64=0 selects them).
    public var d128 = false
    /// SMMU_IDR5.VAX, bits [11:10]: 0 48-bit, 1 52-bit, 2 56-bit VAs per CD.TTBx.
    public var vax = 0b01
    /// SMMU_AIDR.ArchMinorRev, bits [3:0]: 0 SMMUv3.0, 1 v3.1, 2 v3.2, 3 v3.3, 4 v3.4.
    public var archMinorRev = 4

    /// The StreamWorld of the STE that locates a CD (IHI 0070 §5.2 STE.STRW with STE.Config,
    /// SMMU_(*_)CR2.E2H and the Security state; §3.3.3).
    public enum StreamWorld: String, Sendable, Hashable, CaseIterable {
        /// NS-EL1 (STRW=0b00 in the Non-secure table).
        case nsEL1 = "ns-el1"
        /// Secure (S-EL1: STRW=0b00 in the Secure table).
        case secure = "secure"
        /// Realm-EL1.
        case realmEL1 = "realm-el1"
        /// any-EL2: NS-EL2, S-EL2 or Realm-EL2 (STRW=0b10 with E2H=0). TTB1 is unreachable.
        case el2 = "el2"
        /// any-EL2-E2H (STRW=0b10 with E2H=1).
        case el2E2H = "el2-e2h"
        /// EL3 (STRW=0b01 in the Secure table). TTB1 is unreachable.
        case el3 = "el3"
    }
    /// StreamWorld of the STE that locates the CD (§5.4: EPDx, TTB1, ASID, AA64 depend on it).
    public var streamWorld = StreamWorld.nsEL1
    /// STE.S1STALLD of the STE that locates the CD (§5.4.2: S=1 under S1STALLD=1 is ILLEGAL).
    public var steS1STALLD = false
    /// STE.S1PIE of the STE that locates the CD (§5.4 AA64, PIE).
    public var steS1PIE = true
    /// STE.S1MPAM of the STE that locates the CD (§5.4 PARTID, PMG).
    public var steS1MPAM = true
    /// STE.Config of the STE that locates the CD (§5.4 AA64: stage 2 translates when 0b11x).
    public var steConfig = 0b101
    /// STE.S2AA64 of the STE that locates the CD (§5.4 AA64: VMSAv8-64 over a VMSAv8-32 LPAE
    /// stage 2 is ILLEGAL).
    public var steS2AA64 = 1
    /// STE.S1Fmt of the STE that locates an L1CD (§5.2 S1Fmt: 0b10 makes L1CD.L2Ptr[15:12]
    /// RES0); nil when unknown.
    public var steS1Fmt: Int? = nil
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
