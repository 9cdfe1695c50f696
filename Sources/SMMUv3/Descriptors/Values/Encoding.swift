/// One named encoding of a field: the value, the CLI name (lower-case, hyphens) and what the
/// spec says it means. `reserved` encodings can still be written (hostile-but-well-formed
/// descriptors) and are reported by the decoder.
public struct Encoding: Sendable, Hashable {
    /// The field value, right-aligned.
    public let value: UInt64
    /// The name `encode` takes and `decode` prints: lower case with hyphens (`s1-trans`).
    public let name: String
    /// What the spec says the value means.
    public let meaning: String
    /// True for an encoding the spec reserves; it can be written and is reported when decoded.
    public let reserved: Bool

    /// An encoding: value, name, meaning and whether it is reserved.
    public init(_ value: UInt64, _ name: String, _ meaning: String, reserved: Bool = false) {
        self.value = value
        self.name = name
        self.meaning = meaning
        self.reserved = reserved
    }
}

/// A typed field value: a `RawRepresentable` over the field's bits whose doc comment names
/// the spec field, bits and section, with its named encodings.
public protocol FieldValue: RawRepresentable, Sendable, Hashable, CustomStringConvertible
where RawValue == UInt64 {
    /// Every encoding of the field, reserved ones marked.
    static var encodings: [Encoding] { get }
    /// The value whose bits are `rawValue` (every bit pattern is a value; reserved ones included).
    init(rawValue: UInt64)
}

extension FieldValue {
    /// The encoding's name, or the value in hex when it has no name.
    public var description: String {
        Self.encodings.first { $0.value == rawValue }?.name ?? "0x" + String(rawValue, radix: 16)
    }
    /// True when the spec marks this encoding reserved.
    public var isReserved: Bool { Self.encodings.first { $0.value == rawValue }?.reserved ?? false }
}
