/// A list of SMMU register values as people have them: `NAME VALUE` lines, `OFFSET VALUE`
/// lines, or a devmem dump of the register page with absolute addresses.
///
/// Accepted, one register a line (blank lines and `#` comments skipped; `:` and `=` separate
/// like spaces):
/// - `SMMU_CR0 0x1d`, `CR0 = 29`: by name;
/// - `0x20 0x1d`: by offset from the SMMU base (below 0x20000: page 0 and page 1);
/// - `0x09050020: 0x0000001d`: by absolute address, the base given (`base`) or, when not,
///   taken from the first address, which must then be 64 KB aligned (the start of page 0);
/// - a `devmem ADDR [WIDTH]` command line (`busybox devmem`, any shell prompt before it)
///   followed by the value it printed on the next line (a `devmem ADDR WIDTH VALUE` write
///   prints nothing and is skipped);
/// - devmem2's `Value at address ADDR (VADDR): VALUE` lines (its other chatter skipped).
///
/// A 64-bit register read as two 32-bit words (its offset, then offset + 4) is put together.
/// Values are decimal unless written `0x…`; a bare number with a leading zero (`00000010`, as
/// dump tools print hex) is refused as ambiguous. A value with no name or address, an address
/// off the known registers, a register given twice: refused, naming the line.
public enum RegisterList {
    /// One register value read from the list.
    public struct Entry: Sendable, Equatable {
        /// 1-based line of the value (the second line for a 64-bit register read in halves).
        public let line: Int
        /// The register, as a layout whose `code` is its offset (IHI 0070 §6.3).
        public let register: DescriptorLayout
        /// The register's value (both halves put together for a 64-bit register read as two words).
        public let value: UInt64
    }

    /// What a list holds: its registers and the SMMU base its addresses were read against.
    public struct Result: Sendable, Equatable {
        /// The registers in the order of the list.
        public let entries: [Entry]
        /// The SMMU base the absolute addresses were read against, nil if there were none.
        public let base: UInt64?
        /// True when `base` was taken from the first address rather than given.
        public let baseInferred: Bool

        /// Every register's value by name, for `Registers.decode(_:_:context:)`.
        public var context: [String: UInt64] {
            Dictionary(entries.map { ($0.register.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Offsets at or above this are absolute addresses: page 0 and page 1 span 128 KB.
    static let pagesEnd: UInt64 = 0x20000
    static let pageSize: UInt64 = 0x10000

    /// Reads a register list in any of the forms above.
    ///
    /// - Parameters:
    ///   - text: the whole list.
    ///   - given: the SMMU's base address for absolute addresses; nil takes it from the first
    ///     address (which must then be 64 KB aligned).
    /// - Throws: ``RegisterListError`` naming the first line that cannot be read.
    public static func parse(_ text: String, base given: UInt64? = nil) throws(RegisterListError) -> Result {
        var state = State(base: given)
        var pending: (address: UInt64, width: Int, line: Int)?
        // "\r\n" is one Character in Swift: split on it as well as on "\n".
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let n = i + 1
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            // A devmem command, perhaps after a shell prompt (which may be '#').
            if let cmd = words.firstIndex(where: { $0.split(separator: "/").last == "devmem" }),
               cmd + 1 < words.count, let addr = WordInput.parseNumber(String(words[cmd + 1])) {
                if let p = pending { throw RegisterListError(line: p.line, "a devmem command with no value on the line after it") }
                // `devmem ADDR WIDTH VALUE` writes and prints nothing: what reads back may differ.
                if cmd + 3 < words.count { continue }
                let width = cmd + 2 < words.count ? Int(words[cmd + 2]) ?? -1 : 32
                guard width == 32 || width == 64 else {
                    throw RegisterListError(line: n, "devmem width '\(words[cmd + 2])': SMMU registers are read 32 or 64 bits wide")
                }
                pending = (addr, width, n)
                continue
            }
            if words.contains(where: { $0.split(separator: "/").last == "devmem2" })
                || line.hasPrefix("/dev/mem opened") || line.hasPrefix("Memory mapped at address") { continue }
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            // devmem2: "Value at address 0x9050000 (0xffff9a9e0000): 0x1D" (or "Read at address").
            if let at = words.firstIndex(of: "address"), at + 1 < words.count, body.contains("):"), let last = words.last {
                let addr = try number(words[at + 1], line: n, what: "address")
                try state.add(key: addr, value: try number(last, line: n, what: "value"), width: 32, line: n)
                continue
            }
            let t = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "=" || $0 == "\r" })
            if t.isEmpty { continue }
            if let p = pending {
                guard t.count == 1 else {
                    throw RegisterListError(line: n, "expected the value devmem printed for \(hex(p.address)) (line \(p.line)), got '\(body)'")
                }
                try state.add(key: p.address, value: try number(t[0], line: n, what: "value"), width: p.width, line: n)
                pending = nil
                continue
            }
            guard t.count == 2 else {
                if t.count == 1 {
                    throw RegisterListError(line: n, "'\(t[0])' has no register name or address: write 'NAME VALUE' or 'ADDR VALUE' "
                        + "(busybox devmem prints only the value: keep its 'devmem ADDR' command line before it)")
                }
                throw RegisterListError(line: n, "expected 'NAME VALUE' or 'ADDR VALUE', got '\(body)'")
            }
            let value = try number(t[1], line: n, what: "value")
            if let key = WordInput.parseNumber(String(t[0])) {
                try state.add(key: key, value: value, width: value >> 32 == 0 ? 32 : 64, line: n)
            } else {
                let r: DescriptorLayout
                do { r = try Registers.named(String(t[0])) } catch { throw RegisterListError(line: n, error.description) }
                try state.add(register: r, value: value, line: n)
            }
        }
        if let p = pending { throw RegisterListError(line: p.line, "a devmem command with no value on the line after it") }
        return Result(entries: state.entries, base: state.base, baseInferred: given == nil && state.base != nil)
    }

    /// A value or address token: decimal or `0x…`; `00000010` is refused as ambiguous.
    static func number(_ token: Substring, line: Int, what: String) throws(RegisterListError) -> UInt64 {
        let s = String(token)
        if s.count > 1, s.first == "0", s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw RegisterListError(line: line, "\(what) '\(s)' is ambiguous: write 0x\(s) for hex (as dump tools print it), or drop the leading zeros for decimal")
        }
        guard let v = WordInput.parseNumber(s) else {
            throw RegisterListError(line: line, "\(what) '\(s)' is not a number (decimal or 0x…)")
        }
        return v
    }

    /// The entries so far, the base, and a 64-bit register waiting for its upper half.
    struct State {
        var base: UInt64?
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        /// The entry index of a 64-bit register read as a lower 32-bit half, by its offset.
        var lowerHalf: [UInt64: Int] = [:]
        var sawOffset = false

        /// `key` is an offset (below 0x20000, no base given) or an absolute address.
        mutating func add(key: UInt64, value: UInt64, width: Int, line: Int) throws(RegisterListError) {
            let offset: UInt64
            if base == nil, key < RegisterList.pagesEnd {
                offset = key
                sawOffset = true
            } else {
                if base == nil {
                    guard !sawOffset else {
                        throw RegisterListError(line: line, "\(hex(key)) is an absolute address after lines with register offsets: use one or the other")
                    }
                    guard key % RegisterList.pageSize == 0 else {
                        throw RegisterListError(line: line, "\(hex(key)) is an absolute address, not a register offset: give the SMMU base "
                            + "with --base 0x…, or start the dump at the base (its first address is then 64 KB aligned)")
                    }
                    base = key
                }
                guard let b = base, key >= b, key - b < RegisterList.pagesEnd else {
                    throw RegisterListError(line: line, "address \(hex(key)) is outside the SMMU's two register pages at base \(hex(base ?? 0))")
                }
                offset = key - b
            }
            if width == 32, value >> 32 != 0 {
                throw RegisterListError(line: line, "\(hex(value)) does not fit the 32-bit read of \(hex(key))")
            }
            // The upper half of a 64-bit register read as two 32-bit words.
            if offset >= 4, let i = lowerHalf[offset - 4] {
                guard width == 32 else {
                    throw RegisterListError(line: line, "\(hex(key)) overlaps \(entries[i].register.name) (line \(entries[i].line)): read it as one 64-bit value or two 32-bit halves")
                }
                let e = entries[i]
                entries[i] = Entry(line: e.line, register: e.register, value: e.value | value << 32)
                lowerHalf[offset - 4] = nil
                return
            }
            guard let r = DescriptorLayout.registers.first(where: { UInt64($0.code) == offset }) else {
                if offset >= 4, let wide = DescriptorLayout.registers.first(where: { UInt64($0.code) == offset - 4 && Registers.width($0) == 64 }) {
                    if let first = seen[wide.name] {
                        throw RegisterListError(line: line, "offset \(hex(offset)) is the upper half of \(wide.name), which line \(first) already gave whole")
                    }
                    throw RegisterListError(line: line, "offset \(hex(offset)) is the upper half of \(wide.name): give its lower half (\(hex(offset - 4))) on the line before")
                }
                throw RegisterListError(line: line, RegisterError.unknownOffset(offset).description)
            }
            try add(register: r, value: value, line: line)
            if Registers.width(r) == 64, width == 32 { lowerHalf[offset] = entries.count - 1 }
        }

        mutating func add(register r: DescriptorLayout, value: UInt64, line: Int) throws(RegisterListError) {
            if let first = seen[r.name] { throw RegisterListError(line: line, "\(r.name) is given twice (first on line \(first))") }
            if Registers.width(r) == 32, value >> 32 != 0 {
                throw RegisterListError(line: line, RegisterError.tooWide(register: r.name, value: value).description)
            }
            seen[r.name] = line
            entries.append(Entry(line: line, register: r, value: value))
        }
    }
}

/// Why a register list cannot be read: the line (1-based) and what is wrong with it.
public struct RegisterListError: Error, Equatable, CustomStringConvertible {
    /// The 1-based line the error is on.
    public let line: Int
    /// What is wrong with the line.
    public let message: String
    init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}
