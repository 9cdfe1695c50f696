/// Descriptor words built from `FIELD=VALUE` assignments, as `smmuv3 encode` takes them.
///
/// Field names are the spec's (case-insensitive). Values are decimal, `0x…`, `0b…` (with `_`
/// separators allowed) or a named encoding (`Config=s1-trans`). Address fields take byte
/// addresses. Any value that fits is written, reserved encodings included (with a warning),
/// so hostile-but-well-formed descriptors can be built; only what cannot be encoded is refused.
public struct Encoded: Sendable, Equatable {
    /// The layout the words follow (for `cmd` / `evt`, the record chosen by name or by `Opcode=` / `EventID=`).
    public let layout: DescriptorLayout
    /// The encoded words, word 0 first; fields not assigned are zero, except a record's own code
    /// (Opcode, EventID; Range=31 for CMD_CFGI_ALL).
    public let words: [UInt64]
    /// Reserved encodings that were written as asked.
    public let warnings: [String]
}

extension Encoded {
    /// Builds the words of a `kind` descriptor from `assignments` (`FIELD=VALUE`).
    ///
    /// - Parameters:
    ///   - kind: which descriptor to build; the words start at zero.
    ///   - record: for `cmd` / `evt`, the command or event name (else nil: taken from
    ///     `Opcode=` / `EventID=`).
    ///   - assignments: `FIELD=VALUE` strings, each field at most once.
    /// - Throws: ``EncodeError`` naming the assignment, field or value that cannot be encoded:
    ///   a malformed or repeated assignment, an unknown field or record, a value that does not
    ///   fit its field or an unknown named value.
    public init(_ kind: DescriptorKind, record: String? = nil,
                assignments: [String]) throws(EncodeError) {
        var pairs: [(name: String, text: String)] = []
        var seen: Set<String> = []
        for a in assignments {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else { throw .badAssignment(a) }
            let name = String(a[..<eq]).trimmed
            let text = String(a[a.index(after: eq)...]).trimmed
            guard !name.isEmpty, !text.isEmpty else { throw .badAssignment(a) }
            guard seen.insert(name.lowercased()).inserted else { throw .duplicateField(name) }
            pairs.append((name, text))
        }
        let layout = try Self.resolveLayout(kind, record: record, pairs: pairs)
        var words = [UInt64](repeating: 0, count: kind.wordCount)
        var warnings: [String] = []
        // The record's own code (opcode / event number) first; an explicit assignment may override it.
        if kind == .cmd || kind == .evt {
            words = (kind == .cmd ? CommandQueue.Entry(layout).words : EventRecord(layout).words)
        }
        for (name, text) in pairs {
            guard let field = layout.field(named: name) else {
                throw .unknownField(name, layout: layout.name)
            }
            let encodings = NamedValues.encodings(kind: kind, field: field.name)
            let value = try Self.parseValue(text, field: field, encodings: encodings)
            if let e = encodings.first(where: { $0.value == value }), e.reserved {
                warnings.append("warning: \(field.name)=\(value) is a reserved encoding (\(e.meaning)); written as asked")
            }
            do { try field.set(value, in: &words) } catch { throw .field(error) }
        }
        self.init(layout: layout, words: words, warnings: warnings)
    }

    private static func resolveLayout(_ kind: DescriptorKind, record: String?,
                              pairs: [(name: String, text: String)]) throws(EncodeError) -> DescriptorLayout {
        if let fixed = DescriptorLayout.fixed(kind) {
            if let record { throw .invalid("\(kind.rawValue) takes no record name ('\(record)')") }
            return fixed
        }
        let codeField = kind == .cmd ? "opcode" : "eventid"
        if let record {
            guard let l = kind == .cmd ? DescriptorLayout.command(named: record) : DescriptorLayout.event(named: record) else {
                throw .unknownRecord(kind: kind.rawValue, name: record)
            }
            return l
        }
        guard let p = pairs.first(where: { $0.name.lowercased() == codeField }) else {
            throw .missingRecord(kind: kind.rawValue)
        }
        let codeF = kind == .cmd ? DescriptorLayout.commands[0].fields[0] : DescriptorLayout.events[0].fields[0]
        let code = try parseValue(p.text, field: codeF, encodings: [])
        if kind == .cmd {
            let range = pairs.first { $0.name.lowercased() == "range" }
                .flatMap { WordInput.parseNumber($0.text) } ?? 0
            return DescriptorLayout.command(opcode: code, words: [code, range]) ?? DescriptorLayout.unknownCommand
        }
        return DescriptorLayout.event(id: code) ?? DescriptorLayout.unknownEvent
    }

    /// A number or a named encoding of `field`.
    ///
    /// - Parameters:
    ///   - text: decimal, `0x…` or `0b…` (with `_` separators), or a name from `encodings`
    ///     (case-insensitive).
    ///   - field: the field the value is for; only its name is used, in errors.
    ///   - encodings: the field's named values (``NamedValues/encodings(kind:field:)``).
    /// - Throws: ``EncodeError/badValue(field:text:)`` for text that starts with a digit but is
    ///   no number, else ``EncodeError/unknownNamedValue(field:name:known:)``.
    public static func parseValue(_ text: String, field: DescriptorLayout.Field,
                                  encodings: [Encoding]) throws(EncodeError) -> UInt64 {
        if let n = WordInput.parseNumber(text) { return n }
        let key = text.lowercased()
        if let e = encodings.first(where: { $0.name == key }) { return e.value }
        if text.first.map({ $0.isNumber }) ?? false {
            throw .badValue(field: field.name, text: text)
        }
        throw .unknownNamedValue(field: field.name, name: text,
                                 known: encodings.filter { !$0.reserved }.map(\.name))
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
