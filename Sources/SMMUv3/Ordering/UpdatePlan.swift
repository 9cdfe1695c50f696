/// A planned update of a live STE or CD.
public struct UpdatePlan: Sendable, Hashable {
    /// ``DescriptorKind/ste`` or ``DescriptorKind/cd``: the entry the plan updates.
    public let kind: DescriptorKind
    /// The entry's 8 words before the update.
    public let from: [UInt64]
    /// The 8 words the update installs.
    public let to: [UInt64]
    /// The steps in order: each one's stores, then a sync if it has one.
    public let steps: [UpdatePlan.Step]
    /// Why this sequence, as the planner decided it (the text is built only when asked: `reason`).
    public let why: Why
    /// The SMMU the plan's findings are judged against.
    public let features: Features

    /// Why a plan has the shape it has.
    public enum Why: Sendable, Hashable {
        /// The entry already is the target.
        case nothingToDo
        /// Only bits the current configuration ignores change: one step.
        case ignoredBitsOnly
        /// Only word `critical` holds used bits that change: the hitless three-step sequence.
        case hitless(critical: Int)
        /// Used bits change in several words: V=0 first (not hitless).
        case breaking(words: [Int])
        /// A sequence given by the caller.
        case given(String)
        /// `minimal`: the planner's sequence with `dropped` syncs merged away, each proven safe.
        indirect case minimal(Why, dropped: Int)
    }

    /// A plan with steps the caller gives (a recorded driver sequence, say), to check or apply; `reason` is its ``why``.
    public init(kind: DescriptorKind, from: [UInt64], to: [UInt64], features: Features = Features(),
                steps: [UpdatePlan.Step], reason: String) {
        self.init(kind: kind, from: from, to: to, features: features, steps: steps, why: .given(reason))
    }

    init(kind: DescriptorKind, from: [UInt64], to: [UInt64], features: Features, steps: [UpdatePlan.Step], why: Why) {
        self.kind = kind
        self.from = from
        self.to = to
        self.features = features
        self.steps = steps
        self.why = why
    }

    /// Why this sequence: which words hold used bits that must change, and which fields.
    public var reason: String { text(why) }

    func text(_ w: Why) -> String {
        switch w {
        case .nothingToDo: "nothing to do"
        case .ignoredBitsOnly: "hitless: only bits the current configuration ignores change"
        case let .hitless(c): "hitless: only word \(c) holds used bits that change (\(fieldsChanged(word: c)))"
        case let .breaking(words):
            "breaking (V=0): used bits change in words \(words.map(String.init).joined(separator: ", ")) ("
                + words.map { fieldsChanged(word: $0) }.joined(separator: "; ") + ")"
        case let .given(s): s
        case let .minimal(inner, dropped):
            text(inner) + (dropped > 0 ? "; \(dropped) sync(s) dropped, every observable state checked" : "")
        }
    }

    func fieldsChanged(word: Int) -> String {
        let layout = kind == .cd ? DescriptorLayout.cd : DescriptorLayout.ste
        let names = layout.fields.filter { $0.word == word && !$0.isAlias && $0.get(from) != $0.get(to) }.map(\.name)
        return "word \(word): " + (names.isEmpty ? "no named field" : names.joined(separator: ", "))
    }

    /// The number of syncs (CFGI_* and CMD_SYNC) the plan needs.
    public var syncs: Int { steps.filter(\.sync).count }
    /// Words the plan stores, in order.
    public var final: [UInt64] {
        var w = from
        for s in steps { for x in s.writes { w[x.qword] = x.value } }
        return w
    }

    /// The findings of the current entry and of the target (decoded on demand: planning itself
    /// never looks at them). Either may be ILLEGAL or reserved: the plan is computed all the same.
    public var findings: (from: [Decoded.Finding], to: [Decoded.Finding]) {
        func f(_ w: [UInt64]) -> [Decoded.Finding] { (try? Decoded(kind, words: w, features: features))?.findings ?? [] }
        return (f(from), f(to))
    }

    /// The target's ILLEGAL findings: what the SMMU would record (C_BAD_STE, C_BAD_CD) for a
    /// transaction once it is installed.
    public var illegalTarget: [Decoded.Finding] { findings.to.filter { $0.severity == .illegal } }
}

/// Why a plan was refused.
public enum PlanError: Error, Equatable, CustomStringConvertible {
    /// A plan or table for a kind other than STE or CD.
    case kind(DescriptorKind)
    /// A plan or target of one kind written to a table whose entries are the other kind.
    case tableKind(DescriptorKind, table: DescriptorKind)
    /// The entry's words are not 8 words.
    case input(InputError)
    /// The target is ILLEGAL (its findings); refused unless the caller allows it.
    case invalidTarget([Decoded.Finding])
    /// A store to a word the entry does not have.
    case word(Int)

    /// The message: what was refused and why.
    public var description: String {
        switch self {
        case let .kind(k): "plan takes ste or cd, not \(k.rawValue)"
        case let .tableKind(k, t): "a \(k.rawValue) cannot be written to a table of \(t == .ste ? "STEs" : "CDs")"
        case let .input(e): e.description
        case let .invalidTarget(f): "the target is ILLEGAL (pass allowIllegal to write it anyway): " + f.map(\.description).joined(separator: "; ")
        case let .word(i): "a store to word \(i): an STE or CD has words 0...7"
        }
    }
}

extension UpdatePlan {
    /// One step of an update: word stores, then (if `sync`) CFGI + CMD_SYNC. During a step the
    /// SMMU may observe any subset of the step's stores applied.
    public struct Step: Sendable, Hashable {
        /// The step's stores, in program order.
        public var writes: [UpdatePlan.Write]
        /// True when the step ends with CFGI_* and CMD_SYNC (IHI 0070 §4.3, §4.7.3), after which the SMMU sees every store of it.
        public var sync: Bool
        /// A step of `writes`, ending in a sync if `sync`.
        public init(writes: [UpdatePlan.Write], sync: Bool) {
            self.writes = writes
            self.sync = sync
        }
    }

    /// One 64-bit single-copy-atomic store of `value` to word `qword`.
    public struct Write: Sendable, Hashable {
        /// The word index, 0...7.
        public let qword: Int
        /// The word's new value.
        public let value: UInt64
        /// A store of `value` to word `qword`.
        public init(qword: Int, value: UInt64) {
            self.qword = qword
            self.value = value
        }
    }
}
