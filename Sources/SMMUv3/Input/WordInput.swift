/// Reads descriptor words from what engineers paste or dump:
/// - raw little-endian binary;
/// - one hex word per line, with or without `0x`, after a prefix such as `ste[3] ==`,
///   `qw[3] =` or `d3:`;
/// - `addr: v v …` rows (gdb `x/8gx`, QEMU `xp /8xg`);
/// - 32-bit word dumps (`wordSize: 32`), low half first as memory holds them;
/// - byte and word dumps (`DumpInput`: xxd, hexdump, od, crash rd), addresses checked.
///
/// Nothing is guessed silently: a bare list of one- or two-digit tokens that could be bytes
/// or words, or rows of 32-bit tokens read as 64-bit words, are refused with a hint.
public enum WordInput {
    /// How to read the input (`--format`).
    public enum Format: String, CaseIterable, Sendable {
        /// Detected: binary, a dump layout, or hex words (refused where ambiguous).
        case auto
        /// Raw binary.
        case bin
        /// Hex words, as `words` (the older name).
        case hex
        /// Hex bytes in memory order: a bare list, or any dump layout.
        case bytes
        /// Hex words, never bytes: no ambiguity checks.
        case words
        /// `xxd` groups in memory order.
        case xxd
        /// `xxd -e` groups: little-endian values.
        case xxdE = "xxd-e"
    }

    /// Words read from a file or stdin, and how they were read (for standard error).
    public struct Reading: Sendable, Equatable {
        /// The words read, in memory order.
        public var words: [UInt64]
        /// How they were read (the format detected), for standard error.
        public var how: String
    }

    /// Words from a file's or stdin's bytes.
    public static func words(from bytes: [UInt8], format: Format = .auto, wordSize: Int = 64,
                             kind: DescriptorKind) throws(InputError) -> [UInt64] {
        try read(bytes, format: format, wordSize: wordSize, kind: kind).words
    }

    /// Words from a file's or stdin's bytes, with how they were read.
    /// Bytes become words little-endian unless `bigEndian`.
    public static func read(_ bytes: [UInt8], format: Format = .auto, wordSize: Int = 64,
                            bigEndian: Bool = false, kind: DescriptorKind) throws(InputError) -> Reading {
        guard wordSize == 64 || wordSize == 32 else { throw .wordSize(wordSize) }
        let order = bigEndian ? "big-endian" : "little-endian"
        if format == .bin || (format == .auto && looksBinary(bytes)) {
            return Reading(words: try words(fromBytes: bytes, bigEndian: bigEndian, kind: kind, line: nil),
                           how: "raw binary, \(bytes.count) bytes, \(order)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let layout: DumpInput.Layout?
        switch format {
        case .xxd: layout = .xxd
        case .xxdE: layout = .xxdLittleEndian
        case .hex, .words: layout = nil
        case .auto, .bytes, .bin: layout = DumpInput.detect(text)
        }
        if let layout {
            let d = try DumpInput.bytes(fromText: text, layout: format == .xxd || format == .xxdE ? layout : nil,
                                        bigEndian: bigEndian)
            let last = DumpInput.contentLines(text).last?.0
            return Reading(words: try words(fromBytes: d.bytes, bigEndian: bigEndian, kind: kind, line: last),
                           how: "\(d.layout.rawValue) dump, \(d.bytes.count) bytes from address \(DumpInput.hex(d.start)), \(order)"
                                + (d.note.map { " (\($0))" } ?? ""))
        }
        if format == .bytes {
            return Reading(words: try words(fromBytes: try bareBytes(text), bigEndian: bigEndian, kind: kind, line: nil),
                           how: "hex bytes, \(order)")
        }
        if format == .auto { try refuseAmbiguous(text, wordSize: wordSize, kind: kind) }
        let w = try self.words(fromText: text, wordSize: wordSize)
        try checkCount(w, kind)
        return Reading(words: w, how: wordSize == 32 ? "32-bit hex words, low half first" : "64-bit hex words")
    }

    /// Little- or big-endian 64-bit words from bytes in memory order, whole descriptors only.
    static func words(fromBytes bytes: [UInt8], bigEndian: Bool, kind: DescriptorKind,
                      line: Int?) throws(InputError) -> [UInt64] {
        let unit = kind.wordCount * 8
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count % unit == 0 else {
            if let line {
                throw .dump(line: line, reason: "the dump ends after \(bytes.count) bytes, not a whole number of \(unit)-byte \(kind.rawValue) descriptors")
            }
            throw .truncatedBinary(bytes: bytes.count, unit: unit, kind: kind.rawValue)
        }
        return stride(from: 0, to: bytes.count, by: 8).map { i in
            (0..<8).reduce(UInt64(0)) { w, j in
                w | UInt64(bytes[i + j]) << (8 * (bigEndian ? 7 - j : j))
            }
        }
    }

    /// Hex bytes, one or two digits each (with or without `0x`), after labels and comments.
    static func bareBytes(_ text: String) throws(InputError) -> [UInt8] {
        var out: [UInt8] = []
        for (n, line) in DumpInput.contentLines(text) {
            for t in tokens(dropLabel(dropComment(line))) {
                guard let r = hexWord(t, bits: 8, line: n) else { throw .notHex(token: String(t), line: n) }
                out.append(UInt8(truncatingIfNeeded: try r.get()))
            }
        }
        return out
    }

    static func tokens(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
    }

    /// Refuse a bare token list that could be read more than one way.
    static func refuseAmbiguous(_ text: String, wordSize: Int, kind: DescriptorKind) throws(InputError) {
        var count = 0, allSmall = true, all32 = true, allPaddedPairs = true, padded = false
        for (_, line) in DumpInput.contentLines(text) {
            for t in tokens(dropLabel(dropComment(line))) {
                count += 1
                let prefixed = t.hasPrefix("0x") || t.hasPrefix("0X")
                let digits = prefixed ? t.count - 2 : t.count
                allSmall = allSmall && !prefixed && digits <= 2
                allPaddedPairs = allPaddedPairs && !prefixed && digits == 2
                padded = padded || (!prefixed && digits == 2 && t.hasPrefix("0"))
                all32 = all32 && digits == 8
            }
        }
        guard count > 0 else { return }
        let unit = kind.wordCount * 8
        if allSmall && count % unit == 0 {
            throw .ambiguous(reason: "\(count) tokens of one or two hex digits could be \(count / unit) \(kind.rawValue) descriptor\(count == unit ? "" : "s") in bytes or \(count / kind.wordCount) in words",
                             hint: "pass --in-format bytes (memory order) or --in-format words")
        }
        if allPaddedPairs && padded {
            throw .ambiguous(reason: "\(count) zero-padded two-digit tokens look like bytes, yet \(count) bytes is not a whole number of \(unit)-byte \(kind.rawValue) descriptors",
                             hint: "pass --in-format bytes (memory order) or --in-format words")
        }
        if wordSize == 64 && all32 {
            throw .ambiguous(reason: "every token has 8 hex digits, as in a 32-bit word dump",
                             hint: "pass --word-size 32 (or --in-format words to read them as 64-bit words)")
        }
    }

    /// Words given as command-line arguments (each may hold several, space-separated).
    public static func words(fromArguments args: [String], wordSize: Int = 64,
                             kind: DescriptorKind) throws(InputError) -> [UInt64] {
        let w = try words(fromText: args.joined(separator: " "), wordSize: wordSize)
        try checkCount(w, kind)
        return w
    }

    static func checkCount(_ words: [UInt64], _ kind: DescriptorKind) throws(InputError) {
        guard !words.isEmpty else { throw .empty }
        guard words.count % kind.wordCount == 0 else {
            throw .wordCount(kind: kind.rawValue, expected: kind.wordCount, got: words.count)
        }
    }

    /// Binary if it has a NUL or any byte that is neither printable ASCII nor white space.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.contains { b in !(b == 9 || b == 10 || b == 13 || (32...126).contains(b)) }
    }

    /// Parse text: one or more hex words per line after an optional label.
    ///
    /// Digits are ASCII only (`0-9`, `a-f`, `A-F`): other Unicode digits (full-width `０`,
    /// Arabic-Indic …) are refused by name. Time is linear in the text's length.
    public static func words(fromText text: String, wordSize: Int = 64) throws(InputError) -> [UInt64] {
        guard wordSize == 64 || wordSize == 32 else { throw .wordSize(wordSize) }
        var values: [UInt64] = []
        var lineNo = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if DumpInput.isPromptOrBlank(rawLine) { continue }
            let line = dropLabel(dropComment(rawLine))
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
            for t in tokens {
                if t == "*" {
                    throw .dump(line: lineNo, reason: "'*' stands for repeated rows, which only a dump with addresses can expand (od -A x, hexdump)")
                }
                guard let v = hexWord(t, bits: wordSize, line: lineNo) else {
                    throw .notHex(token: String(t), line: lineNo)
                }
                values.append(try v.get())
            }
        }
        if wordSize == 32 {
            guard values.count % 2 == 0 else { throw .wordCount(kind: "32-bit dump", expected: 2, got: values.count) }
            return stride(from: 0, to: values.count, by: 2).map { values[$0] | values[$0 + 1] << 32 }
        }
        return values
    }

    /// The line before a `#` or `//` comment.
    static func dropComment(_ line: Substring) -> Substring {
        var prevSlash = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "#" { return line[..<i] }
            if c == "/" && prevSlash { return line[..<line.index(before: i)] }
            prevSlash = c == "/"
            i = line.index(after: i)
        }
        return line
    }

    /// Drop a label: everything up to the last `==`, else the last `=`, else the last `:`
    /// (gdb / QEMU address columns, `ste[3] ==`, `qw[3] =`, `d3:`). One pass over the line.
    static func dropLabel(_ line: Substring) -> Substring {
        var lastDouble: String.Index?, lastEq: String.Index?, lastColon: String.Index?
        var prevEq = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i], next = line.index(after: i)
            if c == "=" {
                if prevEq { lastDouble = next; prevEq = false } else { prevEq = true }
                lastEq = next
            } else {
                prevEq = false
                if c == ":" { lastColon = next }
            }
            i = next
        }
        if let d = lastDouble ?? lastEq ?? lastColon { return line[d...] }
        return line
    }

    /// One hex word: optional `0x`, `_` separators, ASCII hex digits only. Nil if it is not a
    /// hex word; a failure if it does not fit in `bits` bits.
    static func hexWord(_ token: Substring, bits: Int, line: Int) -> Result<UInt64, InputError>? {
        var u = Substring(token).utf8[...]
        if u.count >= 2, u.first == UInt8(ascii: "0"),
           let x = u.dropFirst().first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            u = u.dropFirst(2)
        }
        var value: UInt64 = 0
        var digits = 0, significant = 0
        for b in u {
            if b == UInt8(ascii: "_") { continue }
            guard let d = asciiHexValue(b) else { return nil }
            digits += 1
            if significant == 0 && d == 0 { continue }
            significant += 1
            if significant > bits / 4 { continue }   // too wide: reported once every digit is checked
            value = value << 4 | UInt64(d)
        }
        guard digits > 0 else { return nil }
        guard significant <= bits / 4 else { return .failure(.wordTooWide(token: String(token), line: line, bits: bits)) }
        return .success(value)
    }

    /// The value of an ASCII hex digit, nil for anything else.
    static func asciiHexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension WordInput {
    /// Decimal, `0x…` or `0b…`, `_` separators allowed; nil if not a number or wider than 64 bits.
    /// Digits are ASCII only: other Unicode digits (full-width `０` …) are not numbers here.
    public static func parseNumber(_ text: String) -> UInt64? {
        var u = Substring(text).utf8[...]
        var radix: UInt64 = 10
        if u.count >= 2, u.first == UInt8(ascii: "0"), let p = u.dropFirst().first {
            switch p {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16; u = u.dropFirst(2)
            case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2; u = u.dropFirst(2)
            default: break
            }
        }
        var value: UInt64 = 0
        var digits = 0
        for b in u {
            if b == UInt8(ascii: "_") { continue }
            guard let d = asciiHexValue(b), UInt64(d) < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            value = a
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

