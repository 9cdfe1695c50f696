/// A descriptor as the SMMU reads it: little-endian 64-bit words and the layout that names them.
///
/// `STE`, `CD`, `L1STD`, `L1CD`, `CommandQueue.Entry` and `EventRecord` conform. Field access goes through
/// the C field tables (`DescriptorLayout.Field.get` / `DescriptorLayout.Field.set`), so Swift and C cannot disagree on a position.
public protocol Descriptor: Sendable, Hashable, CustomStringConvertible {
    /// Which of the six in-memory structures this is (STE, CD, L1STD, L1CD, command, event record).
    static var kind: DescriptorKind { get }
    /// The layout that names this descriptor's fields (for commands and events, the record's).
    var layout: DescriptorLayout { get }
    /// Word 0 first.
    var words: [UInt64] { get set }
}

extension Descriptor {
    /// The value of the field named `name` (case-insensitive), nil if the layout has none.
    public subscript(_ name: String) -> UInt64? {
        layout.field(named: name)?.get(words)
    }

    /// The value of `field`.
    public func value(_ field: DescriptorLayout.Field) -> UInt64 { field.get(words) }

    /// Set the field named `name`; unknown fields and values that do not fit are refused,
    /// leaving the descriptor untouched.
    public mutating func set(_ name: String, _ value: UInt64) throws(EncodeError) {
        guard let f = layout.field(named: name) else {
            throw .unknownField(name, layout: layout.name)
        }
        do { try f.set(value, in: &words) } catch { throw .field(error) }
    }

    /// Set a field whose position is known to be in this layout.
    mutating func put(_ f: DescriptorLayout.Field, _ value: UInt64) throws(FieldError) {
        try f.set(value, in: &words)
    }

    /// One line: the words as `0x%016x`, space-separated, word 0 first.
    public var hexWords: String { words.map(hex16).joined(separator: " ") }

    /// The bytes as the SMMU reads them (little-endian words).
    public var bytes: [UInt8] {
        words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    /// The layout's name and the words, e.g. `STE 0x… 0x…`.
    public var description: String { "\(layout.name) \(hexWords)" }
}

/// Copy between a C struct of `n` 64-bit words and a Swift array.
@inline(__always)
func loadWords<T>(_ raw: T, count: Int) -> [UInt64] {
    withUnsafeBytes(of: raw) { Array($0.bindMemory(to: UInt64.self).prefix(count)) }
}

@inline(__always)
func storeWords<T>(_ words: [UInt64], into raw: inout T, count: Int) {
    precondition(words.count == count, "expected \(count) words, got \(words.count)")
    withUnsafeMutableBytes(of: &raw) { buf in
        let p = buf.bindMemory(to: UInt64.self)
        for i in 0..<count { p[i] = words[i] }
    }
}
