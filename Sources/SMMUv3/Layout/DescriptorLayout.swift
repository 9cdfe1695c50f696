import CSMMUv3

/// The descriptor kinds the CLI and decoder name (`KIND` in the CLI contract).
public enum DescriptorKind: String, CaseIterable, Sendable {
    /// `ste` (§5.2), `cd` (§5.4), `l1std` (§5.1), `l1cd` (§5.3), `cmd` (a command-queue entry, chapter 4) and `evt` (an event record, §7.3) of IHI 0070.
    case ste, cd, l1std, l1cd, cmd, evt

    /// 64-bit words in one descriptor of this kind.
    public var wordCount: Int {
        switch self {
        case .ste, .cd: 8
        case .l1std, .l1cd: 1
        case .cmd: 2
        case .evt: 4
        }
    }
}

/// The fields of one descriptor kind, or of one command / event record / register,
/// exactly as the C tables give them.
public struct DescriptorLayout: Sendable, Hashable, CustomStringConvertible {
    /// "STE", "CD", "L1STD", "L1CD", "CMD_CFGI_STE", "F_TRANSLATION", "SMMU_IDR0".
    public let name: String
    /// Opcode (commands), event number (events), register offset (registers); 0 otherwise.
    public let code: UInt32
    /// The number of 64-bit words: 8 (STE, CD), 1 (L1STD, L1CD, a register), 2 (a command) or 4 (an event record).
    public let wordCount: Int
    /// Every field, in the C table's order.
    public let fields: [DescriptorLayout.Field]

    init(_ c: UnsafePointer<smmuv3_layout>) {
        let l = c.pointee
        name = String(cString: l.name)
        code = l.code
        wordCount = Int(l.words)
        fields = (0..<Int(l.count)).map { DescriptorLayout.Field(l.fields[$0]) }
    }

    /// The field named `name` (case-insensitive, as the spec spells it).
    public func field(named name: String) -> DescriptorLayout.Field? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }
    }

    /// The layout's name.
    public var description: String { name }
}

/// Every layout the C core defines.
extension DescriptorLayout {
    /// The Stream Table Entry, 8 words (IHI 0070 §5.2).
    ///
    /// The corresponding C layout is `smmuv3_ste_layout()`, fields `SMMUV3_STE_*` (`include/smmuv3/ste.h`).
    public static let ste = DescriptorLayout(smmuv3_ste_layout())
    /// The Context Descriptor, 8 words (IHI 0070 §5.4).
    ///
    /// The corresponding C layout is `smmuv3_cd_layout()`, fields `SMMUV3_CD_*` (`include/smmuv3/cd.h`).
    public static let cd = DescriptorLayout(smmuv3_cd_layout())
    /// The Level-1 Stream Table Descriptor, 1 word (IHI 0070 §5.1).
    ///
    /// The corresponding C layout is `smmuv3_l1std_layout()` (`include/smmuv3/l1.h`).
    public static let l1std = DescriptorLayout(smmuv3_l1std_layout())
    /// The Level-1 Context Descriptor, 1 word (IHI 0070 §5.3).
    ///
    /// The corresponding C layout is `smmuv3_l1cd_layout()` (`include/smmuv3/l1.h`).
    public static let l1cd = DescriptorLayout(smmuv3_l1cd_layout())
    /// Every command, in opcode order (CMD_CFGI_STE_RANGE and CMD_CFGI_ALL share 0x04).
    public static let commands: [DescriptorLayout] = {
        let t = smmuv3_cmd_layouts()!
        return (0..<Int(SMMUV3_CMD_ID_COUNT.rawValue)).map { DescriptorLayout(t + $0) }
    }()
    /// Every event record, in event-number order.
    public static let events: [DescriptorLayout] = {
        let t = smmuv3_evt_layouts()!
        return (0..<Int(SMMUV3_EVT_ID_COUNT.rawValue)).map { DescriptorLayout(t + $0) }
    }()
    /// The registers that describe geometry and features.
    public static let registers: [DescriptorLayout] = {
        let t = smmuv3_reg_layouts()!
        return (0..<Int(SMMUV3_REG_ID_COUNT.rawValue)).map { DescriptorLayout(t + $0) }
    }()

    /// The single layout of a fixed-layout kind (nil for cmd / evt, whose layout depends on the record).
    public static func fixed(_ kind: DescriptorKind) -> DescriptorLayout? {
        switch kind {
        case .ste: ste
        case .cd: cd
        case .l1std: l1std
        case .l1cd: l1cd
        case .cmd, .evt: nil
        }
    }

    /// A command by name: `CMD_CFGI_STE`, `cfgi_ste`, `cfgi-ste` (case-insensitive).
    public static func command(named name: String) -> DescriptorLayout? {
        record(named: name, in: commands, prefix: "CMD_")
    }

    /// An event record by name: `F_TRANSLATION`, `f-translation`.
    public static func event(named name: String) -> DescriptorLayout? {
        record(named: name, in: events, prefix: "")
    }

    /// A register by name: `SMMU_IDR0`, `idr0` (case-insensitive, `-` for `_`).
    public static func register(named name: String) -> DescriptorLayout? {
        record(named: name, in: registers, prefix: "SMMU_")
    }

    /// The command layout a decoded word 0 selects: by opcode, and for 0x04 by Range
    /// (Range=31 is CMD_CFGI_ALL, IHI 0070 4.3.3).
    public static func command(opcode: UInt64, words: [UInt64]) -> DescriptorLayout? {
        let matches = commands.filter { UInt64($0.code) == opcode }
        if matches.count > 1, let all = matches.first(where: { $0.name == "CMD_CFGI_ALL" }),
           let range = all.field(named: "Range"), words.count > range.word, range.get(words) == 31 {
            return all
        }
        return matches.first { $0.name != "CMD_CFGI_ALL" } ?? matches.first
    }

    /// The event record whose event number (EventID, IHI 0070 §7.3) is `id`, nil for an unknown one.
    public static func event(id: UInt64) -> DescriptorLayout? {
        events.first { UInt64($0.code) == id }
    }

    private static func record(named name: String, in table: [DescriptorLayout], prefix: String) -> DescriptorLayout? {
        let key = String(name.uppercased().map { $0 == "-" ? "_" : $0 })
        return table.first { $0.name == key || $0.name == prefix + key }
    }
}
