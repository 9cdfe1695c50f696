extension Decoded {
    /// Decodes `words` as a descriptor of `kind`: every field, a semantic summary and the
    /// validation findings (the consumer's view: what an SMMU would make of these words).
    ///
    /// Throws when `words` is not `kind.wordCount` words long.
    public init(_ kind: DescriptorKind, words: [UInt64],
                features: Features = Features()) throws(InputError) {
        guard words.count == kind.wordCount else {
            throw .wordCount(kind: kind.rawValue, expected: kind.wordCount, got: words.count)
        }
        self.init(kind, checkedWords: words, features: features)
    }

    /// Decodes `words`, whose count is already `kind.wordCount` (a queue slot, a table entry).
    init(_ kind: DescriptorKind, checkedWords words: [UInt64], features: Features) {
        let layout: DescriptorLayout
        var findings: [Decoded.Finding] = []
        let summary: String
        switch kind {
        case .ste:
            layout = DescriptorLayout.ste
            (summary, findings) = STERules.check(Self.loaded(STE(), words), features)
        case .cd:
            layout = DescriptorLayout.cd
            summary = CDRules.summary(Self.loaded(CD(), words), features)
        case .l1std:
            layout = DescriptorLayout.l1std
            (summary, findings) = STERules.check(Self.loaded(L1STD(), words))
        case .l1cd:
            layout = DescriptorLayout.l1cd
            summary = L1Rules.summary(Self.loaded(L1CD(), words))
        case .cmd:
            let c = Self.loaded(CommandQueue.Entry(DescriptorLayout.unknownCommand), words)
            layout = c.layout
            summary = CommandRules.summary(c)
        case .evt:
            let e = Self.loaded(EventRecord(DescriptorLayout.unknownEvent), words)
            layout = e.layout
            (summary, findings) = EventRules.check(e)
        }
        if let table = RuleTable.of(kind) {
            findings = table.findings(RuleInput(layout: layout, words: words, features: features)) + findings
        }
        findings += Self.res0Findings(layout, words)
        let consequence = Self.consequence(findings)
        let described = consequence.isEmpty ? summary : summary + "; " + consequence
        let fields = layout.fields.map { f in
            let v = f.get(words)
            return DecodedField(field: f, value: v, meaning: Self.meaning(kind, f, v))
        }
        self.init(kind: kind, layout: layout, words: words, fields: fields,
                  summary: described, findings: findings)
    }

    /// `empty` holding `words` (whose count is the kind's).
    private static func loaded<D: Descriptor>(_ empty: D, _ words: [UInt64]) -> D {
        var d = empty
        d.words = words
        return d
    }

    /// What the SMMU does with the descriptor, from its findings: the event an ILLEGAL one
    /// records, what each reserved value behaves as.
    private static func consequence(_ findings: [Decoded.Finding]) -> String {
        var parts: [String] = []
        for f in findings {
            switch f.outcome {
            case let .illegal(event)?:
                let p = event == "CERROR_ILL" ? "ILLEGAL: the SMMU stops the command queue with CERROR_ILL"
                                              : "ILLEGAL: a transaction using it records \(event)"
                if !parts.contains(p) { parts.insert(p, at: 0) }
            case let .reserved(b)?:
                parts.append("\(f.field)=\(hex(f.value)) behaves as \(b)")
            default: break
            }
        }
        return parts.joined(separator: "; ")
    }

    /// What value `v` of `f` means: its named encoding, else the field's own description.
    private static func meaning(_ kind: DescriptorKind, _ f: DescriptorLayout.Field, _ v: UInt64) -> String {
        if let e = NamedValues.encodings(kind: kind, field: f.name).first(where: { $0.value == v }) {
            return "\(e.name): \(e.meaning)"
        }
        return f.summary
    }

    /// Bits no field of the layout covers are RES0 (IHI 0070 §3.x conventions); set ones are
    /// reported per word.
    private static func res0Findings(_ layout: DescriptorLayout, _ words: [UInt64]) -> [Decoded.Finding] {
        var covered = [UInt64](repeating: 0, count: words.count)
        for f in layout.fields where f.word < words.count { covered[f.word] |= f.mask }
        return words.indices.compactMap { i in
            let stray = words[i] & ~covered[i]
            guard stray != 0 else { return nil }
            return Decoded.Finding(.res0, "word\(i)", stray,
                           "RES0 bits \(bitList(stray)) of word \(i) are set (\(layout.name) defines no field there)")
        }
    }

    private static func bitList(_ m: UInt64) -> String {
        var ranges: [String] = []
        var b = 0
        while b < 64 {
            if m >> b & 1 == 1 {
                var e = b
                while e + 1 < 64 && m >> (e + 1) & 1 == 1 { e += 1 }
                ranges.append(e == b ? "[\(b)]" : "[\(e):\(b)]")
                b = e + 1
            } else { b += 1 }
        }
        return ranges.joined(separator: ",")
    }
}

extension Descriptor {
    /// These words decoded as the SMMU reads them (`Decoded.init(_:words:features:)`).
    ///
    /// Throws only when `words` was set to a count other than the kind's.
    public func decoded(features: Features = Features()) throws(InputError) -> Decoded {
        try Decoded(Self.kind, words: words, features: features)
    }
}
