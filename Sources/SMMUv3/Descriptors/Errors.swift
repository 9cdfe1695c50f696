/// Why a set of `FIELD=VALUE` assignments cannot be encoded. Messages name the field,
/// the value and the rule.
public enum EncodeError: Error, Equatable, CustomStringConvertible {
    /// The value does not fit the field, or an address is misaligned for it.
    case field(FieldError)
    /// The layout has no field of that name.
    case unknownField(String, layout: String)
    /// The same field was assigned twice.
    case duplicateField(String)
    /// The text is not `FIELD=VALUE` with both sides non-empty.
    case badAssignment(String)
    /// The value starts with a digit but is not a decimal, `0x…` or `0b…` number.
    case badValue(field: String, text: String)
    /// The value is not a number nor one of the field's named values (`known` lists them).
    case unknownNamedValue(field: String, name: String, known: [String])
    /// No command or event record has that name.
    case unknownRecord(kind: String, name: String)
    /// A command or event record was asked for without a name, `Opcode=` or `EventID=`.
    case missingRecord(kind: String)
    /// Any other refusal; the message says what and why.
    case invalid(String)

    /// The message: the field, the value and the rule broken.
    public var description: String {
        switch self {
        case let .field(e): e.description
        case let .unknownField(f, l): "unknown field '\(f)' in \(l)"
        case let .duplicateField(f): "field \(f) given twice"
        case let .badAssignment(t): "'\(t)' is not FIELD=VALUE"
        case let .badValue(f, t): "\(f): '\(t)' is not a number (decimal, 0x…, 0b…) or a named value"
        case let .unknownNamedValue(f, n, k):
            k.isEmpty ? "\(f) has no named values; '\(n)' is not a number"
                      : "unknown value '\(n)' for \(f) (known: \(k.joined(separator: ", ")))"
        case let .unknownRecord(k, n): "unknown \(k == "cmd" ? "command" : "event record") '\(n)'"
        case let .missingRecord(k): k == "cmd"
            ? "cmd needs the command: a name (e.g. CMD_CFGI_STE) or Opcode=…"
            : "evt needs the event record: a name (e.g. F_TRANSLATION) or EventID=…"
        case let .invalid(m): m
        }
    }
}

/// Why input words could not be read. Messages say what was expected and where.
public enum InputError: Error, Equatable, CustomStringConvertible {
    /// The descriptor needs `expected` words (or a multiple of it, for several) and got `got`.
    case wordCount(kind: String, expected: Int, got: Int)
    /// A binary input whose length is not a whole number of `unit`-byte descriptors.
    case truncatedBinary(bytes: Int, unit: Int, kind: String)
    /// A token on `line` is not a hexadecimal word.
    case notHex(token: String, line: Int)
    /// A token on `line` has more than `bits` bits.
    case wordTooWide(token: String, line: Int, bits: Int)
    /// A word size other than 64 or 32 bits.
    case wordSize(Int)
    /// Where exactly one descriptor is expected (`diff`'s A and B): what was given.
    case notOne(what: String, kind: String, expected: Int, got: Int)
    /// The input holds no words.
    case empty
    /// A byte or word dump that breaks its own layout: a gap, a short row, a bad token.
    case dump(line: Int, reason: String)
    /// Input that could be read more than one way: what to pass to say which.
    case ambiguous(reason: String, hint: String)
    /// The file at `path` cannot be read.
    case unreadable(path: String, reason: String)
    /// The file at `path` cannot be written.
    case unwritable(path: String, reason: String)

    /// The message: what was expected, what was found and where.
    public var description: String {
        switch self {
        case let .wordCount(k, e, g): "\(k) takes \(e) word\(e == 1 ? "" : "s") (a multiple of \(e) for several); got \(g)"
        case let .truncatedBinary(b, u, k): "truncated binary: \(b) bytes is not a whole number of \(u)-byte \(k) descriptors"
        case let .notHex(t, l): "line \(l): '\(t)' is not a hex word"
        case let .wordTooWide(t, l, b): "line \(l): '\(t)' is wider than \(b) bits"
        case let .wordSize(w): "word size \(w) is not 64 or 32"
        case let .notOne(w, k, e, g): "\(w) must be one \(k) of \(e) word\(e == 1 ? "" : "s"); got \(g)"
        case .empty: "no words in the input"
        case let .dump(l, r): "line \(l): \(r)"
        case let .ambiguous(r, h): "ambiguous input: \(r); \(h)"
        case let .unreadable(p, r): "cannot read \(p): \(r)"
        case let .unwritable(p, r): "cannot write \(p): \(r)"
        }
    }
}
