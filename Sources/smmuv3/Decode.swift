import ArgumentParser
import SMMUv3

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode descriptor words: every field with its bits, value and meaning, then findings.",
        discussion: """
        Words come from the arguments, --input FILE, or standard input. Auto-detected input: \
        raw binary; one hex word per line (with or without 0x, after labels such \
        as 'ste[3] ==', 'qw[3] =', 'd3:'); 'addr: v v' rows (gdb x/8gx, QEMU xp /8xg); byte \
        and word dumps from xxd, hexdump -C, hexdump, od (-t x1/x2/x4/x8, with or without \
        addresses) and crash rd, with '*' rows expanded and addresses checked. Bytes are \
        little-endian unless --big-endian. Use --word-size 32 for 32-bit word dumps. A bare \
        list of 1-2 digit tokens is refused: say --in-format bytes or words. How the input was \
        read is said on standard error. Several descriptors in a row are decoded in turn.
        """ + "\n\n" + numberRule
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "ste, cd, l1std, l1cd, cmd or evt.")
    var kind: DescriptorKind
    @Argument(help: "The words, word 0 first: hex, with or without 0x.")
    var words: [String] = []
    @Option(help: "Read the words from FILE ('-' for standard input).")
    var input: String?
    @Option(help: "auto, bin, bytes, words (or hex), xxd or xxd-e.")
    var inFormat: WordInput.Format = .auto
    @Flag(help: "Bytes in the input are big-endian (default little-endian).")
    var bigEndian = false
    @Option(help: "Word size of a text dump: 64 or 32.", transform: intArgument)
    var wordSize: Int = 64
    @Option(help: "table or json.")
    var format: Format = .table
    @Flag(help: "Show only fields whose value is not zero.")
    var nonzero = false
    @Flag(help: "Exit 1 if any finding is worse than a note (reserved encodings, RES0 bits, ILLEGAL).")
    var strict = false
    @OptionGroup var smmu: FeatureOptions

    func validate() throws {
        guard wordSize == 64 || wordSize == 32 else { throw ValidationError("--word-size \(wordSize) is not 64 or 32") }
        if input != nil && !words.isEmpty { throw ValidationError("give the words as arguments or with --input, not both") }
    }

    func run() throws {
        let all: [UInt64]
        do {
            if !words.isEmpty {
                all = try WordInput.words(fromArguments: words, wordSize: wordSize, kind: kind)
            } else {
                let path = input ?? "-"
                if path == "-" && isStdinTerminal() {
                    throw ValidationError("no words: give them as arguments, with --input FILE, or on standard input")
                }
                let r = try WordInput.read(try readAll(path: path), format: inFormat, wordSize: wordSize,
                                           bigEndian: bigEndian, kind: kind)
                writeErr("input: \(r.how)\n")
                all = r.words
            }
        } catch let e as ValidationError { throw e } catch { throw badInput(error) }

        let n = kind.wordCount
        var problems = false
        var jsonItems: [String] = []
        for (i, start) in stride(from: 0, to: all.count, by: n).enumerated() {
            let d: Decoded
            do { d = try Decoded(kind, words: Array(all[start..<start + n]), features: smmu.features) } catch { throw badInput(error) }
            problems = problems || d.hasProblems
            switch format {
            case .table:
                if i > 0 { print("") }
                if all.count > n { print("[\(i)]") }
                print(Render.table(d, nonzeroOnly: nonzero))
            case .json: jsonItems.append(Render.json(d, nonzeroOnly: nonzero))
            }
        }
        if format == .json {
            print(jsonItems.count == 1 ? jsonItems[0] : "[" + jsonItems.joined(separator: ",\n") + "]")
        }
        if strict && problems { throw ToolExit(code: 1) }
    }
}

/// Text and JSON renderings of a decode.
enum Render {
    /// The library's text form (`Decoded.text`), which the C API's smmuv3_decode returns too.
    static func table(_ d: Decoded, nonzeroOnly: Bool) -> String {
        d.text(nonzeroOnly: nonzeroOnly)
    }

    static func json(_ d: Decoded, nonzeroOnly: Bool) -> String {
        let fields = d.fields.filter { !nonzeroOnly || $0.value != 0 }.map { f in
            "{\"name\": \(jsonString(f.field.name)), \"word\": \(f.field.word), \"hi\": \(f.field.hi), \"lo\": \(f.field.lo), \"value\": \(jsonString(hex(f.value))), \"meaning\": \(jsonString(f.meaning))}"
        }
        let findings = d.findings.map { f in
            "{\"severity\": \(jsonString(f.severity.rawValue)), \"field\": \(jsonString(f.field)), \"value\": \(jsonString(hex(f.value))), \"rule\": \(jsonString(f.rule))}"
        }
        return "{\"kind\": \(jsonString(d.kind.rawValue)), \"layout\": \(jsonString(d.layout.name)), "
            + "\"words\": [\(d.words.map { jsonString(hex16($0)) }.joined(separator: ", "))], "
            + "\"summary\": \(jsonString(d.summary)), "
            + "\"fields\": [\(fields.joined(separator: ", "))], "
            + "\"findings\": [\(findings.joined(separator: ", "))]}"
    }

    static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count)
    }
}

extension WordInput.Format: ExpressibleByArgument {}
