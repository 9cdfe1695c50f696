/// Reads descriptor words from what engineers paste or dump:
/// - raw little-endian binary;
/// - one hex word per line, with or without `0x`, after a prefix such as `ste[3] ==`,
///   `qw[3] =` or `d3:`;
/// - `addr: v v …` rows (gdb `x/8gx`, QEMU `xp /8xg`);
/// - 32-bit word dumps (`wordSize: 32`), low half first as memory holds them.
public enum WordInput {
    public enum Format: String, CaseIterable, Sendable {
        case auto, bin, hex
    }

    /// Words from a file's or stdin's bytes.
    public static func words(from bytes: [UInt8], format: Format = .auto, wordSize: Int = 64,
                             kind: DescriptorKind) throws(InputError) -> [UInt64] {
        let binary: Bool
        switch format {
        case .bin: binary = true
        case .hex: binary = false
        case .auto: binary = looksBinary(bytes)
        }
        let words: [UInt64]
        if binary {
            let unit = kind.wordCount * 8
            guard !bytes.isEmpty else { throw .empty }
            guard bytes.count % unit == 0 else {
                throw .truncatedBinary(bytes: bytes.count, unit: unit, kind: kind.rawValue)
            }
            words = stride(from: 0, to: bytes.count, by: 8).map { i in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * $1) }
            }
        } else {
            words = try self.words(fromText: String(decoding: bytes, as: UTF8.self), wordSize: wordSize)
        }
        try checkCount(words, kind)
        return words
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
            let line = dropLabel(dropComment(rawLine))
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
            for t in tokens {
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
