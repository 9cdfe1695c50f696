/// One named encoding of a field: the value, the CLI name (lower-case, hyphens) and what the
/// spec says it means. `reserved` encodings can still be written (hostile-but-well-formed
/// descriptors) and are reported by the decoder.
public struct Encoding: Sendable, Hashable {
    public let value: UInt64
    public let name: String
    public let meaning: String
    public let reserved: Bool

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
    static var encodings: [Encoding] { get }
    init(rawValue: UInt64)
}

extension FieldValue {
    public var description: String {
        Self.encodings.first { $0.value == rawValue }?.name ?? "0x" + String(rawValue, radix: 16)
    }
    /// True when the spec marks this encoding reserved.
    public var isReserved: Bool { Self.encodings.first { $0.value == rawValue }?.reserved ?? false }
}
