import ArgumentParser
import SMMUv3

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the fields that differ between two descriptors, and the words they are in.",
        discussion: "A and B are each a quoted word list (\"W0 … W7\") or a file (binary or hex dump)." + "\n\n" + numberRule
    )

    @Argument(help: "ste, cd, l1std, l1cd, cmd or evt.")
    var kind: DescriptorKind
    @Argument(help: "The first descriptor: \"W0 … W7\" or a file.")
    var a: String
    @Argument(help: "The second descriptor.")
    var b: String
    @Option(help: "Word size of a text dump: 64 or 32.", transform: intArgument)
    var wordSize: Int = 64

    func validate() throws {
        guard wordSize == 64 || wordSize == 32 else { throw ValidationError("--word-size \(wordSize) is not 64 or 32") }
    }

    func run() throws {
        let x: Decoded, y: Decoded
        do {
            x = try Decoded(kind, words: try load(a, "A"))
            y = try Decoded(kind, words: try load(b, "B"))
        } catch { throw badInput(error) }
        print(DiffReport.render(x, y))
    }

    /// One descriptor: exactly `kind.wordCount` words (diff compares one with one).
    func load(_ s: String, _ which: String) throws(InputError) -> [UInt64] {
        let w: [UInt64]
        do {
            if let bytes = try? readAll(path: s) {
                w = try WordInput.words(from: bytes, wordSize: wordSize, kind: kind)
            } else {
                w = try WordInput.words(fromArguments: [s], wordSize: wordSize, kind: kind)
            }
        } catch .wordCount(_, _, let got) where got > 0 {
            throw .notOne(what: which, kind: kind.rawValue, expected: kind.wordCount, got: got)
        }
        guard w.count == kind.wordCount else {
            throw .notOne(what: which, kind: kind.rawValue, expected: kind.wordCount, got: w.count)
        }
        return w
    }
}

enum DiffReport {
    static func render(_ x: Decoded, _ y: Decoded) -> String {
        var lines: [String] = []
        if x.layout != y.layout { lines.append("layout: \(x.layout.name) -> \(y.layout.name)") }
        let names = Set(x.fields.map(\.field.name)).union(y.fields.map(\.field.name))
        let all = (x.fields + y.fields.filter { f in !x.fields.contains { $0.field.name == f.field.name } })
            .filter { names.contains($0.field.name) }
        for f in all {
            let a = x.value(f.field.name) ?? 0, b = y.value(f.field.name) ?? 0
            guard a != b else { continue }
            let ma = x.fields.first { $0.field.name == f.field.name }?.meaning ?? ""
            let mb = y.fields.first { $0.field.name == f.field.name }?.meaning ?? ""
            var line = "word \(f.field.word) \(f.field.bits) \(f.field.name): \(hex(a)) -> \(hex(b))"
            if ma != mb { line += "  (\(ma) -> \(mb))" }
            lines.append(line)
        }
        let words = zip(x.words, y.words).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        for i in x.words.indices where words.contains(i) {
            let stray = (x.words[i] ^ y.words[i]) & ~x.layout.fields.filter { $0.word == i }.reduce(UInt64(0)) { $0 | $1.mask }
            if stray != 0 { lines.append("word \(i): RES0 bits differ: \(hex(stray))") }
        }
        if lines.isEmpty { return "identical" }
        lines.append("words that differ: " + (words.isEmpty ? "none" : words.map(String.init).joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }
}
