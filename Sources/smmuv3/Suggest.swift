import SMMUv3

/// "Did you mean …?" for a name the tool does not know: the known names closest to it by edit
/// distance (case-insensitive, `-` read as `_`, a known name's prefix such as `CMD_` or `SMMU_`
/// optional).
enum Suggest {
    /// The closest known names, best first (at most three); empty if none is close.
    static func closest(_ name: String, among known: [String]) -> [String] {
        let key = normal(name)
        guard !key.isEmpty, key.count <= 64 else { return [] }  // no known name is longer
        let limit = max(2, key.count / 3)
        var scored: [(name: String, d: Int)] = []
        for k in known {
            let n = normal(k)
            var d = distance(key, n)
            if let cut = n.firstIndex(of: "_"), ["cmd_", "smmu_"].contains(String(n[...cut])) {
                d = min(d, distance(key, String(n[n.index(after: cut)...])))
            }
            if d <= limit, d < key.count, !scored.contains(where: { $0.name == k }) { scored.append((k, d)) }
        }
        let best = scored.sorted { $0.d < $1.d }
        guard let top = best.first?.d else { return [] }
        return Array(best.filter { $0.d == top }.prefix(3).map(\.name))
    }

    /// "; did you mean Config?" / "; did you mean A or B?", or "" when nothing is close.
    static func hint(_ name: String, among known: [String]) -> String {
        let c = closest(name, among: known)
        guard let last = c.last else { return "" }
        return "; did you mean " + (c.count == 1 ? last : c.dropLast().joined(separator: ", ") + " or " + last) + "?"
    }

    /// The hint for a library error about an unknown name, or "".
    static func hint(for error: any Error) -> String {
        switch error {
        case let EncodeError.unknownField(f, layout):
            return hint(f, among: layoutNamed(layout)?.fields.map(\.name) ?? [])
        case let EncodeError.unknownRecord(kind, name):
            return hint(name, among: (kind == "cmd" ? DescriptorLayout.commands : DescriptorLayout.events).map(\.name))
        case let EncodeError.unknownNamedValue(_, name, known):
            return hint(name, among: known)
        case let RegisterError.unknown(name):
            return hint(name, among: DescriptorLayout.registers.map(\.name))
        case let RegisterError.unknownField(register, field):
            return hint(field, among: DescriptorLayout.register(named: register)?.fields.map(\.name) ?? [])
        default:
            return ""
        }
    }

    /// Every descriptor layout by its name (STE, CD, CMD_SYNC, F_TRANSLATION, …).
    static func layoutNamed(_ name: String) -> DescriptorLayout? {
        ([DescriptorLayout.ste, DescriptorLayout.cd, DescriptorLayout.l1std, DescriptorLayout.l1cd] + DescriptorLayout.commands + DescriptorLayout.events)
            .first { $0.name == name }
    }

    private static func normal(_ s: String) -> String {
        String(s.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours each cost 1. Names are short; the table is len(a)+1 by len(b)+1.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
