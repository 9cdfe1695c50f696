/// One validity rule of a descriptor, as the spec states it (IHI 0070 §4, §5.1–§5.4): the
/// section, the field it is about, what the SMMU does when the condition holds, and the
/// condition itself. The rule tables (`RuleTable.ste`, `.cd`, `.l1std`, `.l1cd`, `.commands`) are
/// lists of these, one rule a line, in the order of the spec's text, so a reviewer can check them
/// against the spec line by line.
public struct Rule: Sendable {
    /// What the SMMU does with a descriptor the rule fires on.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The descriptor is ILLEGAL: a transaction that uses it records `event` (C_BAD_STE,
        /// C_BAD_CD, C_BAD_SUBSTREAMID, …) or the command queue stops with CERROR_ILL.
        case illegal(event: String)
        /// A reserved encoding the spec says behaves as another value.
        case reserved(behavesAs: String)
        /// RES0 bits set, or address bits the SMMU masks (misalignment): software must write 0.
        case res0
        /// The spec allows a choice of behaviours (listed), none of which software can count on.
        case constrainedUnpredictable(String)
        /// Legal, but worth knowing (a value capped to the SMMU's size, a field that only matters
        /// on some SMMUs).
        case note

        /// The finding severity this outcome is reported with.
        public var severity: Decoded.Finding.Severity {
            switch self {
            case .illegal: .illegal
            case .reserved: .reserved
            case .res0: .res0
            case .constrainedUnpredictable: .constrainedUnpredictable
            case .note: .note
            }
        }

        /// `ILLEGAL (event)`, `reserved, behaves as …`, `RES0`, `CONSTRAINED UNPREDICTABLE (…)` or `note`.
        public var description: String {
            switch self {
            case let .illegal(e): "ILLEGAL (\(e))"
            case let .reserved(b): "reserved, behaves as \(b)"
            case .res0: "RES0"
            case let .constrainedUnpredictable(c): "CONSTRAINED UNPREDICTABLE (\(c))"
            case .note: "note"
            }
        }
    }

    /// A stable name: `KIND.FIELD.what`, e.g. `STE.S1CDMax.beyond-SSIDSIZE`.
    public let id: String
    /// The spec section that states the rule, e.g. "5.2".
    public let section: String
    /// The field the rule is about (the one reported, and the one whose IGNORED state mutes it).
    public let field: String
    /// What the SMMU does when the rule fires.
    public let outcome: Outcome
    /// True when the descriptor breaks the rule (IGNORED fields are filtered before this is asked).
    let fires: @Sendable (RuleInput) -> Bool
    /// Why, naming the field, its value and the rule; the section and outcome are added by the table.
    let message: @Sendable (RuleInput) -> String

    /// A rule: its `id`, spec `section`, `field`, `outcome`, the condition `fires` and the `message` that explains a firing.
    public init(_ id: String, _ section: String, _ field: String, _ outcome: Outcome,
                when fires: @escaping @Sendable (RuleInput) -> Bool,
                _ message: @escaping @Sendable (RuleInput) -> String) {
        self.id = id
        self.section = section
        self.field = field
        self.outcome = outcome
        self.fires = fires
        self.message = message
    }
}

/// When a field is IGNORED (IHI 0070 §5.x: "IGNORED if …"): then it is never reported, whatever
/// it holds.
public struct IgnoredWhen: Sendable {
    /// The fields this condition makes IGNORED.
    public let fields: [String]
    /// The spec section that says the fields are IGNORED, e.g. "5.2".
    public let section: String
    /// Why, as the spec says it ("Config[0]=0: stage 1 bypassed").
    public let why: String
    let when: @Sendable (RuleInput) -> Bool

    /// The condition `when` that makes `fields` IGNORED, with the spec `section` and `why`.
    public init(_ fields: [String], _ section: String, _ why: String,
                when: @escaping @Sendable (RuleInput) -> Bool) {
        self.fields = fields
        self.section = section
        self.why = why
        self.when = when
    }
}

/// What a rule looks at: the descriptor's words and the SMMU's features.
public struct RuleInput: Sendable {
    /// The descriptor's layout.
    public let layout: DescriptorLayout
    /// The descriptor's words, word 0 first.
    public let words: [UInt64]
    /// The SMMU the descriptor is checked against.
    public let features: Features

    /// The input for one descriptor on one SMMU.
    public init(layout: DescriptorLayout, words: [UInt64], features: Features) {
        self.layout = layout
        self.words = words
        self.features = features
    }

    /// The value of field `name` (0 for a name the layout lacks: rule tables are tested against
    /// the layout, see `RuleTable.unknownFields`).
    public func v(_ name: String) -> UInt64 {
        guard let f = layout.field(named: name), f.word < words.count else { return 0 }
        return f.get(words)
    }
}

/// The rules of one descriptor kind and the conditions that make its fields IGNORED.
public struct RuleTable: Sendable {
    /// The descriptor kind the table checks.
    public let kind: DescriptorKind
    /// The rules, in the order of the spec's text.
    public let rules: [Rule]
    /// The conditions that make fields IGNORED.
    public let ignored: [IgnoredWhen]

    /// A table of `rules` and `ignored` conditions for `kind`.
    public init(kind: DescriptorKind, rules: [Rule], ignored: [IgnoredWhen]) {
        self.kind = kind
        self.rules = rules
        self.ignored = ignored
    }

    /// The table of a kind that has one (STE, CD, L1STD, L1CD, commands).
    public static func of(_ kind: DescriptorKind) -> RuleTable? {
        switch kind {
        case .ste: .ste
        case .cd: .cd
        case .l1std: .l1std
        case .l1cd: .l1cd
        case .cmd: .commands
        case .evt: nil
        }
    }

    /// The fields IGNORED in this descriptor, with the reason.
    public func ignoredFields(_ input: RuleInput) -> [String: String] {
        var out: [String: String] = [:]
        for c in ignored where c.when(input) {
            for f in c.fields where out[f.lowercased()] == nil { out[f.lowercased()] = c.why + " (§\(c.section))" }
        }
        return out
    }

    /// Every rule that fires on a field that is not IGNORED, as findings in table order.
    public func findings(_ input: RuleInput) -> [Decoded.Finding] {
        let muted = ignoredFields(input)
        var out: [Decoded.Finding] = []
        for r in rules where muted[r.field.lowercased()] == nil && r.fires(input) {
            out.append(Decoded.Finding(r.outcome.severity, r.field, input.v(r.field),
                               r.message(input) + ": \(r.outcome) (§\(r.section))",
                               rule: r.id, outcome: r.outcome))
        }
        return out
    }

    /// Field names the table uses that its layout does not define (a test keeps this empty).
    public func unknownFields(_ layout: DescriptorLayout) -> [String] {
        let names = rules.map(\.field) + ignored.flatMap(\.fields)
        return names.filter { layout.field(named: $0) == nil }
    }
}
