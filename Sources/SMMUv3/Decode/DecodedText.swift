/// The text form of a decode, as `smmuv3 decode` prints it and `smmuv3_decode` (engine.h)
/// returns it: the words, the summary, a column-aligned table of the fields (word, bits,
/// field, value, meaning) and the findings.
extension Decoded {
    /// The lines of the text form, without a final newline; `nonzeroOnly` keeps only the
    /// fields whose value is not zero.
    public func text(nonzeroOnly: Bool = false) -> String {
        var lines = ["\(layout.name): \(words.map(hex16).joined(separator: " "))",
                     "summary: \(summary)"]
        let rows = fields.filter { !nonzeroOnly || $0.value != 0 }
        let nameW = max(5, rows.map(\.field.name.count).max() ?? 0)
        lines.append(Self.pad("word", 5) + Self.pad("bits", 9) + Self.pad("field", nameW + 2) + Self.pad("value", 20) + "meaning")
        for r in rows {
            lines.append(Self.pad("\(r.field.word)", 5) + Self.pad(r.field.bits, 9) + Self.pad(r.field.name, nameW + 2)
                         + Self.pad(hex(r.value), 20) + r.meaning)
        }
        if findings.isEmpty {
            lines.append("findings: none")
        } else {
            lines.append("findings:")
            lines += findings.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// `s` left-aligned in a column of width `w` (one space after it if it fills the column).
    static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count)
    }
}
