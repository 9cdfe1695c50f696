/// A recorded write sequence, as `smmuv3 verify` reads it: one statement a line,
/// `write I VALUE` (a 64-bit store to word I; I is decimal, VALUE a descriptor word, so hex
/// with or without `0x` as every dump prints words), `sync` (CFGI + CMD_SYNC completed), `end`
/// (optional: nothing may follow), `#` comments.
public enum WriteLog {
    /// The steps of a write log: the writes before each `sync` make one step that ends in a sync; writes after the last `sync` make a final step without one.
    ///
    /// - Parameters:
    ///   - text: the log.
    ///   - words: the number of words of the entry (8 for an STE or CD); a write beyond it is refused.
    /// - Throws: ``LogError`` naming the first line that cannot be read.
    public static func parse(_ text: String, words: Int = 8) throws(LogError) -> [UpdatePlan.Step] {
        var steps: [UpdatePlan.Step] = []
        var pending: [UpdatePlan.Write] = []
        var ended = false
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let t = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if t.isEmpty { continue }
            if ended { throw .afterEnd(line: n + 1) }
            switch t[0].lowercased() {
            case "write":
                guard t.count == 3, let i = Int(t[1]),
                      case .success(let v)? = WordInput.hexWord(Substring(t[2]), bits: 64, line: n + 1) else {
                    throw .syntax(line: n + 1, text: String(raw))
                }
                guard (0..<words).contains(i) else { throw .word(line: n + 1, index: i, words: words) }
                pending.append(UpdatePlan.Write(qword: i, value: v))
            case "sync":
                guard t.count == 1 else { throw .syntax(line: n + 1, text: String(raw)) }
                steps.append(UpdatePlan.Step(writes: pending, sync: true))
                pending = []
            case "end":
                ended = true
            default:
                throw .unknown(line: n + 1, text: String(raw))
            }
        }
        if !pending.isEmpty { steps.append(UpdatePlan.Step(writes: pending, sync: false)) }
        return steps
    }
}

/// Why a write log cannot be read: the line (1-based) and what is wrong.
public enum LogError: Error, Equatable, CustomStringConvertible {
    /// A statement other than `write`, `sync` or `end`.
    case unknown(line: Int, text: String)
    /// A `write` or `sync` that is not `write I VALUE` or a bare `sync`.
    case syntax(line: Int, text: String)
    /// A write to a word beyond the entry's `words`.
    case word(line: Int, index: Int, words: Int)
    /// A statement after `end`.
    case afterEnd(line: Int)

    /// The message: the line and what is wrong with it.
    public var description: String {
        switch self {
        case let .unknown(l, t): "line \(l): unknown statement '\(t)' (expected 'write I 0xVALUE', 'sync' or 'end')"
        case let .syntax(l, t): "line \(l): '\(t)' is not 'write I 0xVALUE' or 'sync'"
        case let .word(l, i, w): "line \(l): word \(i) is beyond the entry's \(w) words (0...\(w - 1))"
        case let .afterEnd(l): "line \(l): statement after 'end'"
        }
    }
}
