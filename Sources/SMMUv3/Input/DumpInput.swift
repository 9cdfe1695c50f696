/// Byte and word dumps as the usual tools print them:
/// `xxd` (groups of 1/2/4/8 bytes, `-e` little-endian groups), `hexdump -C`, the `hexdump`
/// and `od` default layouts, `od -t x1/x2/x4/x8`, `crash` `rd -8/-16/-32/-64`, with the `*`
/// line that collapses repeated rows. Addresses are checked for continuity. Time is linear
/// in the text's length plus the bytes a `*` expands to (capped by `maxExpandedBytes`).
public enum DumpInput {
    /// How the rows of a dump are laid out.
    public enum Layout: String, Sendable {
        /// `xxd`: an offset, groups of 1/2/4/8 bytes in memory order, then the text.
        case xxd = "xxd"
        /// `xxd -e`: groups printed as little-endian values.
        case xxdLittleEndian = "xxd -e"
        /// `hexdump -C`: an offset, 16 bytes, then the text between bars.
        case hexdumpCanonical = "hexdump -C"
        /// The `od` and `hexdump` default layouts and `od -t x1/x2/x4/x8`: an offset, then values.
        case odOrHexdump = "od/hexdump"
        /// `crash` `rd -8/-16/-32/-64`: an address, then values.
        case crash = "crash rd"
    }

    /// The most bytes a dump may expand to (a `*` line can stand for many rows).
    public static let maxExpandedBytes = 16 << 20

    struct Row {
        var line: Int
        var address: Substring?
        var tokens: [Substring]
        var ascii: Substring?
        var star = false
    }

    /// A line worth reading: not blank, not a `(qemu)` / `(gdb)` prompt line.
    static func contentLines(_ text: String) -> [(Int, Substring)] {
        var out: [(Int, Substring)] = []
        var n = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            var line = raw
            // Trailing spaces stay: they can be the end of an ASCII column (byte 0x20).
            while let last = line.last, last == "\r" { line = line.dropLast() }
            if isPromptOrBlank(line) { continue }
            out.append((n, line))
        }
        return out
    }

    /// Blank, or a `(qemu)` / `(gdb)` prompt line.
    static func isPromptOrBlank(_ line: Substring) -> Bool {
        let t = line.drop(while: { $0 == " " || $0 == "\t" })
        return t.isEmpty || t.hasPrefix("(qemu)") || t.hasPrefix("(gdb)")
    }

    static func isHex(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { WordInput.asciiHexValue($0) != nil }
    }

    static func tokens(_ s: Substring) -> [Substring] {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// The layout of a text, or nil if it is not a dump with addresses.
    public static func detect(_ text: String) -> Layout? {
        let lines = contentLines(text)
        guard let (_, first) = lines.first else { return nil }
        let toks = tokens(first)
        guard let a = toks.first, toks.count >= 2 else { return nil }
        if a.hasSuffix(":"), isHex(a.dropLast()) {
            guard toks.dropFirst().allSatisfy({ !$0.hasPrefix("0x") && !$0.hasPrefix("0X") }) else { return nil }
            // xxd and crash print at least 8 address digits; a shorter label ('d3:') is not a dump.
            guard a.count > 8 else { return nil }
            let after = first[first.index(after: first.firstIndex(of: ":") ?? first.startIndex)...]
            if after.hasPrefix("  ") { return .crash }
            // xxd always prints its ASCII column after a double space: without it, 'addr: v'
            // is a labelled word.
            let data = after.dropFirst()
            guard after.hasPrefix(" "), !data.hasPrefix(" "), data.contains("  ") else { return nil }
            return .xxd
        }
        guard isHex(a) else { return nil }
        if first.contains("|") { return .hexdumpCanonical }
        // od and hexdump end with a line holding the end address alone.
        guard let (_, last) = lines.last else { return nil }
        let lt = tokens(last)
        guard lt.count == 1, lt[0].count == a.count, isHex(lt[0]),
              toks.dropFirst().allSatisfy(isHex) else { return nil }
        return .odOrHexdump
    }

    /// The rows of a dump in `layout`.
    static func rows(_ text: String, _ layout: Layout) throws(InputError) -> [Row] {
        var rows: [Row] = []
        for (n, line) in contentLines(text) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if tokens(trimmed) == ["*"] { rows.append(Row(line: n, address: nil, tokens: [], star: true)); continue }
            switch layout {
            case .xxd, .xxdLittleEndian, .crash:
                guard let colon = trimmed.firstIndex(of: ":"), isHex(trimmed[..<colon]) else {
                    throw .dump(line: n, reason: "'\(trimmed)' is not an 'address: data' row of \(layout.rawValue)")
                }
                var rest = trimmed[trimmed.index(after: colon)...]
                rest = rest.drop(while: { $0 == " " })
                // The data ends at the first double space; the ASCII column follows.
                var end = rest.endIndex
                var i = rest.startIndex
                while i < rest.endIndex {
                    let next = rest.index(after: i)
                    if rest[i] == " ", next < rest.endIndex, rest[next] == " " { end = i; break }
                    i = next
                }
                // The ASCII column is right-aligned to the row's bytes: compared from its end.
                let ascii = end < rest.endIndex ? rest[end...] : nil
                rows.append(Row(line: n, address: trimmed[..<colon], tokens: tokens(rest[..<end]), ascii: ascii))
            case .hexdumpCanonical:
                let data = trimmed.firstIndex(of: "|").map { trimmed[..<$0] } ?? trimmed
                let t = tokens(data)
                rows.append(Row(line: n, address: t.first, tokens: Array(t.dropFirst())))
            case .odOrHexdump:
                let t = tokens(trimmed)
                rows.append(Row(line: n, address: t.first, tokens: Array(t.dropFirst())))
            }
        }
        return rows
    }

    /// The bytes a row's tokens stand for, in memory order.
    static func bytes(_ row: Row, _ layout: Layout, octal: Bool, bigEndian: Bool) throws(InputError) -> [UInt8] {
        guard let width = row.tokens.first?.count else { return [] }
        var out: [UInt8] = []
        for (i, t) in row.tokens.enumerated() {
            // xxd ends a dump of an odd length with a shorter group.
            let shortLast = (layout == .xxd || layout == .xxdLittleEndian) && i == row.tokens.count - 1 && t.count < width
            guard t.count == width || shortLast else {
                throw .dump(line: row.line, reason: "'\(t)' has \(t.count) digits where the row's first value has \(width)")
            }
            if octal {
                // od's default: 16-bit values in 6 octal digits.
                var v: UInt32 = 0
                for b in t.utf8 {
                    guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7") else { throw .notHex(token: String(t), line: row.line) }
                    v = v << 3 | UInt32(b - UInt8(ascii: "0"))
                }
                guard v <= 0xffff else { throw .dump(line: row.line, reason: "'\(t)' is wider than 16 bits") }
                out += bigEndian ? [UInt8(v >> 8), UInt8(v & 0xff)] : [UInt8(v & 0xff), UInt8(v >> 8)]
                continue
            }
            guard width % 2 == 0, width <= 16, isHex(t) else {
                throw .dump(line: row.line, reason: "'\(t)' is not a group of whole hex bytes")
            }
            var group: [UInt8] = []
            var u = t.utf8.makeIterator()
            while let hi = u.next(), let lo = u.next() {
                group.append((WordInput.asciiHexValue(hi) ?? 0) << 4 | (WordInput.asciiHexValue(lo) ?? 0))
            }
            // Groups printed as values (every layout but plain xxd) hold the value's bytes;
            // memory holds them in the machine's byte order.
            let memoryOrder = layout == .xxd || group.count == 1
            out += memoryOrder || bigEndian ? group : group.reversed()
        }
        return out
    }

    /// Whether `bytes` agree with an ASCII column (printable bytes as themselves, others '.').
    static func matchesASCII(_ bytes: [UInt8], _ ascii: Substring?) -> Bool {
        guard let ascii else { return true }
        let a = Array(ascii.utf8)
        guard a.count >= bytes.count else { return false }
        return zip(bytes, a.suffix(bytes.count)).allSatisfy { b, c in
            (0x20...0x7e).contains(b) ? c == b : c == UInt8(ascii: ".")
        }
    }

    /// Bytes of a dump, in memory order, with the addresses checked.
    /// `layout` nil: detected. Plain `xxd` groups wider than a byte are told from `xxd -e`
    /// by the ASCII column; where it cannot tell, the dump is refused with a hint.
    public static func bytes(fromText text: String, layout: Layout? = nil,
                             bigEndian: Bool = false) throws(InputError) -> (bytes: [UInt8], layout: Layout, start: UInt64, note: String?) {
        let detected = layout == nil
        guard var layout = layout ?? detect(text) else {
            throw .ambiguous(reason: "not a dump layout this tool knows (xxd, hexdump -C, hexdump, od, crash rd)",
                             hint: "pass --in-format words for hex words")
        }
        let rows = try rows(text, layout)
        let dataRows = rows.filter { !$0.star && !$0.tokens.isEmpty }
        var guessedDefault = false
        if detected, layout == .xxd, let w = dataRows.first?.tokens.first?.count, w > 2 {
            // w is in hex digits: 4 for xxd's default two-byte groups.
            var plainOK = true, swappedOK = true, same = true
            for r in dataRows {
                let p = try bytes(r, .xxd, octal: false, bigEndian: bigEndian)
                let s = try bytes(r, .xxdLittleEndian, octal: false, bigEndian: bigEndian)
                plainOK = plainOK && matchesASCII(p, r.ascii)
                swappedOK = swappedOK && matchesASCII(s, r.ascii)
                same = same && p == s
            }
            if swappedOK && !plainOK {
                layout = .xxdLittleEndian
            } else if plainOK && swappedOK && !same && w == 4 {
                // Two-byte groups are plain xxd's default (xxd -e groups four bytes).
                guessedDefault = true
            } else if !(plainOK && (!swappedOK || same)) {
                throw .ambiguous(reason: "xxd groups of \(w / 2) bytes could be memory order (xxd) or little-endian values (xxd -e), and the ASCII column does not tell",
                                 hint: "pass --in-format xxd or --in-format xxd-e")
            }
        }
        // od prints octal addresses unless -A says otherwise (-A d decimal, -A x hex),
        // hexdump hex ones: the first step between two addresses tells which. od's default
        // values are 6 octal digits.
        let octalValues = layout == .odOrHexdump && dataRows.first?.tokens.first?.count == 6
        var radix = 16
        if layout == .odOrHexdump, let i = rows.firstIndex(where: { !$0.star && !$0.tokens.isEmpty }),
           i + 1 < rows.count, !rows[i + 1].star,
           let a0 = rows[i].address, let a1 = rows[i + 1].address,
           let n = try? bytes(rows[i], layout, octal: octalValues, bigEndian: bigEndian).count {
            for r in [16, 8, 10] {
                if let x0 = UInt64(a0, radix: r), let x1 = UInt64(a1, radix: r), x1 &- x0 == UInt64(n) {
                    radix = r
                    break
                }
            }
        }

        var out: [UInt8] = []
        var expected: UInt64?
        var start: UInt64 = 0
        var last: [UInt8] = []
        var star: Int?
        var ended: Int?
        for row in rows {
            if let e = ended {
                throw .dump(line: row.line, reason: "data after the end address on line \(e)")
            }
            if row.star {
                guard !last.isEmpty else { throw .dump(line: row.line, reason: "'*' with no row before it to repeat") }
                star = row.line
                continue
            }
            guard let a = row.address, let addr = UInt64(a, radix: radix) else {
                throw .dump(line: row.line, reason: "'\(row.address ?? "")' is not an address (base \(radix))")
            }
            let data = try bytes(row, layout, octal: octalValues, bigEndian: bigEndian)
            if let e = expected {
                if let s = star {
                    let n = UInt64(last.count)
                    guard addr >= e, (addr - e) % n == 0 else {
                        throw .dump(line: row.line, reason: "address \(hex(addr)) after the '*' on line \(s) is not a whole number of repeated \(n)-byte rows from \(hex(e))")
                    }
                    guard addr - e <= UInt64(maxExpandedBytes - out.count) else {
                        throw .dump(line: row.line, reason: "the '*' on line \(s) expands past \(maxExpandedBytes) bytes")
                    }
                    for _ in 0..<(addr - e) / n { out += last }
                } else if addr != e {
                    throw .dump(line: row.line, reason: "address \(hex(addr)) where \(hex(e)) follows the \(last.count) bytes before it (a gap or a short row)")
                }
            } else {
                start = addr
            }
            star = nil
            if data.isEmpty {
                ended = row.line
                expected = addr
                continue
            }
            guard out.count + data.count <= maxExpandedBytes else {
                throw .dump(line: row.line, reason: "the dump holds more than \(maxExpandedBytes) bytes")
            }
            out += data
            last = data
            let (next, over) = addr.addingReportingOverflow(UInt64(data.count))
            guard !over else { throw .dump(line: row.line, reason: "the row runs past the end of the address space") }
            expected = next
        }
        if let s = star {
            throw .dump(line: s, reason: "'*' with no address after it to say how many rows it repeats")
        }
        guard !out.isEmpty else { throw .empty }
        let note = guessedDefault
            ? "two-byte groups taken in memory order (xxd's default); pass --in-format xxd-e for xxd -e -g2"
            : nil
        return (out, layout, start, note)
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}
