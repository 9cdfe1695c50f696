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
    public static func words(fromText text: String, wordSize: Int = 64) throws(InputError) -> [UInt64] {
        precondition(wordSize == 64 || wordSize == 32)
        var values: [UInt64] = []
        var lineNo = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            if let r = line.range(of: "//") { line = line[..<r.lowerBound] }
            // Drop a label: everything up to the last '==', '=' or ':' (gdb/QEMU address columns,
            // `ste[3] ==`, `qw[3] =`, `d3:`).
            if let r = line.lastRange(of: "==") { line = line[r.upperBound...] }
            else if let i = line.lastIndex(of: "=") { line = line[line.index(after: i)...] }
            else if let i = line.lastIndex(of: ":") { line = line[line.index(after: i)...] }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
            for t in tokens {
                var digits = t.lowercased()[...]
                if digits.hasPrefix("0x") { digits = digits.dropFirst(2) }
                digits = digits.filter { $0 != "_" }[...]
                guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else {
                    throw .notHex(token: String(t), line: lineNo)
                }
                let significant = digits.drop { $0 == "0" }
                guard significant.count <= wordSize / 4 else {
                    throw .wordTooWide(token: String(t), line: lineNo, bits: wordSize)
                }
                let v = significant.isEmpty ? 0 : UInt64(String(significant), radix: 16)!
                values.append(v)
            }
        }
        if wordSize == 32 {
            guard values.count % 2 == 0 else { throw .wordCount(kind: "32-bit dump", expected: 2, got: values.count) }
            return stride(from: 0, to: values.count, by: 2).map { values[$0] | values[$0 + 1] << 32 }
        }
        return values
    }
}

extension Substring {
    func range(of s: String) -> Range<Index>? {
        guard !s.isEmpty, count >= s.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(s) { return i..<index(i, offsetBy: s.count) }
            i = index(after: i)
        }
        return nil
    }

    func lastRange(of s: String) -> Range<Index>? {
        var found: Range<Index>?
        var rest = self[...]
        while let r = rest.range(of: s) {
            found = r
            rest = rest[r.upperBound...]
        }
        return found
    }
}
