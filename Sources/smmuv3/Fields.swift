import ArgumentParser
import SMMUv3

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a layout's fields: word, bits, spec bit numbers, name, description.",
        discussion: "For cmd / evt name the record (CMD_SYNC, F_TRANSLATION); without one, list the records."
    )

    @Argument(help: "ste, cd, l1std, l1cd, cmd or evt.")
    var kind: DescriptorKind
    @Argument(help: "For cmd / evt: the record.")
    var record: String?

    func run() throws {
        let layout: DescriptorLayout
        if let fixed = DescriptorLayout.fixed(kind) {
            if let record {
                throw ValidationError("\(kind.rawValue) has one layout and takes no record name ('\(record)'); records are for cmd and evt")
            }
            layout = fixed
        } else if let record {
            guard let l = kind == .cmd ? DescriptorLayout.command(named: record) : DescriptorLayout.event(named: record) else {
                throw ValidationError("\(EncodeError.unknownRecord(kind: kind.rawValue, name: record))")
            }
            layout = l
        } else {
            for l in kind == .cmd ? DescriptorLayout.commands : DescriptorLayout.events {
                print("\(hex(UInt64(l.code)))  \(l.name)")
            }
            return
        }
        for f in layout.fields {
            print(Render.pad("\(f.word)", 4) + Render.pad(f.bits, 9) + Render.pad(f.absoluteBits, 11)
                  + Render.pad(f.name, 16) + (f.isAddress ? "[address] " : "") + f.summary)
        }
    }
}
