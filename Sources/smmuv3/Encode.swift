import ArgumentParser
import SMMUv3

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode a descriptor from FIELD=VALUE assignments; unnamed fields are 0.",
        discussion: """
        Values: decimal, 0x…, 0b…, or a named encoding (Config=s1-trans, S1DSS=bypass, EATS=trans). \
        Address fields (S1ContextPtr, S2TTB, TTB0, L2Ptr, …) take byte addresses and must be \
        aligned as the field implies. Reserved encodings are written, with a warning on stderr. \
        For cmd / evt, name the record first (CMD_CFGI_STE, cfgi-ste, F_TRANSLATION) or give \
        Opcode= / EventID=.
        Examples:
          smmuv3 encode ste V=1 Config=bypass
          smmuv3 encode cmd CMD_CFGI_STE StreamID=0x42 Leaf=1
        """ + "\n\n" + numberRule
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case hex, bin, json }

    @Argument(help: "ste, cd, l1std, l1cd, cmd or evt.")
    var kind: DescriptorKind
    @Argument(help: "[RECORD] FIELD=VALUE …")
    var assignments: [String] = []
    @Option(help: "hex (one line of 0x%016x words), bin (raw little-endian bytes) or json.")
    var format: Format = .hex

    func run() throws {
        var items = assignments
        var record: String?
        if (kind == .cmd || kind == .evt), let first = items.first, !first.contains("=") {
            record = first
            items.removeFirst()
        }
        let r: Encoded
        do { r = try Encoded(kind, record: record, assignments: items) } catch { throw badInput(error) }
        for w in r.warnings { printErr(w) }
        switch format {
        case .hex: print(r.words.map(hex16).joined(separator: " "))
        case .bin: writeBytes(r.words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } })
        case .json:
            let words = r.words.map { jsonString(hex16($0)) }.joined(separator: ", ")
            print("{\"kind\": \(jsonString(kind.rawValue)), \"layout\": \(jsonString(r.layout.name)), \"words\": [\(words)]}")
        }
    }
}
