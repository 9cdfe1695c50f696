/// The SMMU's Non-secure page 0 and page 1 registers (IHI 0070 §6.3) as field layouts:
/// decode a raw value into its fields, encode fields into a value. A layout's `code` is the
/// register's offset from the SMMU's base (page 1 registers at 0x10000 and above).
public enum Registers {
    /// The registers 64 bits wide; every other one is 32 bits (§6.3).
    static let wide: Set<String> = ["SMMU_GERROR_IRQ_CFG0", "SMMU_STRTAB_BASE", "SMMU_CMDQ_BASE", "SMMU_EVENTQ_BASE",
                                    "SMMU_PRIQ_BASE", "SMMU_EVENTQ_IRQ_CFG0", "SMMU_PRIQ_IRQ_CFG0",
                                    "SMMU_GATOS_SID", "SMMU_GATOS_ADDR", "SMMU_GATOS_PAR"]

    /// The register's width in bits: 32 or 64.
    public static func width(_ r: DescriptorLayout) -> Int { wide.contains(r.name) ? 64 : 32 }

    /// By name (`CR0`, `SMMU_CR0`, `smmu-cr0`, case-insensitive) or by offset (`0x20`).
    ///
    /// - Throws: ``RegisterError/unknown(_:)`` or ``RegisterError/unknownOffset(_:)``.
    public static func named(_ name: String) throws(RegisterError) -> DescriptorLayout {
        if let r = DescriptorLayout.register(named: name) { return r }
        if name.hasPrefix("0x") || name.hasPrefix("0X"), let off = WordInput.parseNumber(name) {
            if let r = DescriptorLayout.registers.first(where: { UInt64($0.code) == off }) { return r }
            throw .unknownOffset(off)
        }
        throw .unknown(name)
    }

    /// One decoded field: its value and, where the spec gives one, what the value means
    /// (`RegisterValues`).
    public struct FieldValue: Sendable, Equatable {
        /// The field, with its position in the register.
        public let field: DescriptorLayout.Field
        /// The field's value, right-aligned.
        public let value: UInt64
        /// What the value means, nil where the spec gives it no meaning beyond its number.
        public let meaning: RegisterValues.Description?
    }

    /// The bits of `value` no field of `r` holds (RES0 here, or a field this tool does not know).
    public static func unassigned(_ r: DescriptorLayout, _ value: UInt64) -> UInt64 {
        value & ~r.fields.reduce(UInt64(0)) { $0 | $1.mask }
    }

    /// Every field of `r` in `value`, low bits first; a value wider than the register is
    /// refused (bits no field holds: `unassigned`).
    /// - Parameter r: the register.
    /// - Parameter value: its raw value.
    /// - Parameter context: other registers' raw values by name, for the fields whose meaning
    ///   depends on another register (a queue index on its `_BASE.LOG2SIZE`, GERROR on GERRORN).
    /// - Throws: ``RegisterError/tooWide(register:value:)`` for a 32-bit register with bits above 31.
    public static func decode(_ r: DescriptorLayout, _ value: UInt64,
                              context: [String: UInt64] = [:]) throws(RegisterError) -> [FieldValue] {
        if width(r) == 32, value >> 32 != 0 { throw .tooWide(register: r.name, value: value) }
        return r.fields.filter { !$0.isAlias }.sorted { $0.lo < $1.lo }.map {
            let v = $0.get([value])
            return FieldValue(field: $0, value: v,
                              meaning: RegisterValues.describe(register: r.name, field: $0.name, value: v, context: context))
        }
    }

    /// The value of `FIELD=TEXT` assignments, TEXT a number (decimal, `0x…`, `0b…`) or one of
    /// the field's named encodings (case-insensitive, `RegisterValues`). Reserved encodings are
    /// written as asked and listed in `warnings`.
    ///
    /// - Parameters:
    ///   - r: the register.
    ///   - assignments: field names (case-insensitive) and value texts, each field at most once.
    /// - Returns: the register value (bits no field names are 0) and the reserved-encoding warnings.
    /// - Throws: ``RegisterError`` naming the field and the value that cannot be encoded.
    public static func encode(_ r: DescriptorLayout, text assignments: [(name: String, text: String)])
        throws(RegisterError) -> (value: UInt64, warnings: [String]) {
        var numbers: [(name: String, value: UInt64)] = []
        var warnings: [String] = []
        for a in assignments {
            guard let f = r.field(named: a.name) else { throw .unknownField(register: r.name, field: a.name) }
            let named = RegisterValues.encodings(register: r.name, field: f.name)
            let v: UInt64
            if let n = WordInput.parseNumber(a.text) {
                v = n
            } else if let e = named.first(where: { $0.name.lowercased() == a.text.lowercased() }) {
                v = e.value
            } else {
                throw .unknownValue(register: r.name, field: f.name, text: a.text, known: named.filter { !$0.reserved }.map(\.name))
            }
            if let e = named.first(where: { $0.value == v }), e.reserved {
                warnings.append("warning: \(r.name).\(f.name)=\(v) is a reserved encoding (\(e.meaning)); written as asked")
            }
            numbers.append((f.name, v))
        }
        return (try encode(r, numbers), warnings)
    }

    /// The value with each `FIELD=VALUE` set (every other bit 0).
    ///
    /// - Throws: ``RegisterError`` for an unknown or repeated field, or a value that does not fit.
    public static func encode(_ r: DescriptorLayout, _ assignments: [(name: String, value: UInt64)]) throws(RegisterError) -> UInt64 {
        var words: [UInt64] = [0]
        var seen: Set<String> = []
        for a in assignments {
            guard let f = r.field(named: a.name) else { throw .unknownField(register: r.name, field: a.name) }
            guard seen.insert(f.name).inserted else { throw .repeated(register: r.name, field: f.name) }
            do { try f.set(a.value, in: &words) } catch { throw .field(register: r.name, error) }
        }
        return words[0]
    }
}

/// Why a register name, value or field cannot be used. Messages name the register, the field
/// or the value, and the rule.
public enum RegisterError: Error, Equatable, CustomStringConvertible {
    /// No register this library knows has that name.
    case unknown(String)
    /// No register this library knows is at that offset.
    case unknownOffset(UInt64)
    /// A value with bits above bit 31 for a 32-bit register.
    case tooWide(register: String, value: UInt64)
    /// The register has no field of that name.
    case unknownField(register: String, field: String)
    /// The same field was given twice.
    case repeated(register: String, field: String)
    /// The value does not fit the field.
    case field(register: String, FieldError)
    /// The text is neither a number nor one of the field's named values (`known` lists them).
    case unknownValue(register: String, field: String, text: String, known: [String])

    /// The message: the register, the field or value, and the rule broken.
    public var description: String {
        switch self {
        case let .unknown(n): "'\(n)' is not an SMMU register this tool knows (\(DescriptorLayout.registers.map(\.name).joined(separator: ", ")))"
        case let .unknownOffset(o): "no SMMU register this tool knows is at offset \(hex(o))"
        case let .tooWide(r, v): "\(r) is a 32-bit register: \(hex(v)) has bits set above bit 31"
        case let .unknownField(r, f): "\(r) has no field '\(f)'"
        case let .repeated(r, f): "\(r).\(f) is given twice"
        case let .field(r, e): "\(r).\(e)"
        case let .unknownValue(r, f, t, known):
            known.isEmpty ? "\(r).\(f): '\(t)' is not a number (decimal or 0x…); the field has no named values"
                : "\(r).\(f): '\(t)' is neither a number (decimal or 0x…) nor a named value (\(known.joined(separator: ", ")))"
        }
    }
}
