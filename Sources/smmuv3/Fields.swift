import ArgumentParser
import SMMUv3

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a layout's fields (word, bits, spec bit numbers, name, description), or one field with its named values.",
        discussion: """
        smmuv3 fields KIND [FIELD] for ste, cd, l1std, l1cd; smmuv3 fields cmd|evt [RECORD [FIELD]] \
        (CMD_SYNC, F_TRANSLATION; without a record, the records are listed). A field's named \
        values are listed as encode accepts them (FIELD=name); reserved encodings are written by \
        value. Numbers: field values are decimal unless written 0x… or 0b….
        Examples:
          smmuv3 fields ste Config
          smmuv3 fields cmd CMD_SYNC CS
        """ + "\n\n" + numberRule
    )

    @Argument(help: "ste, cd, l1std, l1cd, cmd or evt.")
    var kind: DescriptorKind
    @Argument(help: "For cmd / evt: the record; then the field to show alone.")
    var names: [String] = []

    func run() throws {
        var rest = names[...]
        let layout: DescriptorLayout
        if let fixed = DescriptorLayout.fixed(kind) {
            layout = fixed
        } else if let record = rest.popFirst() {
            guard let l = kind == .cmd ? DescriptorLayout.command(named: record) : DescriptorLayout.event(named: record) else {
                throw badInput(EncodeError.unknownRecord(kind: kind.rawValue, name: record))
            }
            layout = l
        } else {
            print(kind == .cmd ? "opcode  command" : "id      event record")
            for l in kind == .cmd ? DescriptorLayout.commands : DescriptorLayout.events {
                print(Render.pad(hex(UInt64(l.code)), 8) + l.name)
            }
            return
        }
        guard rest.count <= 1 else {
            let takes = kind == .cmd || kind == .evt ? "a record and one field" : "one field"
            throw BadInput(description: "fields \(kind.rawValue) takes \(takes); got '\(names.joined(separator: " "))'")
        }
        let header = Render.pad("word", 5) + Render.pad("bits", 9) + Render.pad("spec bits", 11)
            + Render.pad("field", 16) + "description"
        guard let name = rest.first else {
            print(header)
            for f in layout.fields { print(Self.row(f, kind: kind)) }
            return
        }
        guard let f = layout.field(named: name) else {
            throw badInput(EncodeError.unknownField(name, layout: layout.name))
        }
        print(header)
        print(Self.row(f, kind: kind))
        let encodings = NamedValues.encodings(kind: kind, field: f.name)
        guard !encodings.isEmpty else {
            print("no named values: \(f.name)=N takes a number that fits [\(f.hi):\(f.lo)]"
                  + (f.isAddress ? " (a byte address, aligned to \(UInt64(1) << f.lo))" : ""))
            return
        }
        print("")
        let w = max(6, encodings.map(\.name.count).max() ?? 0) + 2
        print(Render.pad("value", 8) + Render.pad("name", w) + "meaning")
        for e in encodings {
            print(Render.pad(hex(e.value), 8) + Render.pad(e.reserved ? "-" : e.name, w)
                  + e.meaning + (e.reserved ? " (reserved: written by value, with a warning)" : ""))
        }
    }

    /// One listing row; a field with named values ends with them as encode accepts them.
    static func row(_ f: DescriptorLayout.Field, kind: DescriptorKind) -> String {
        Render.pad("\(f.word)", 5) + Render.pad(f.bits, 9) + Render.pad(f.absoluteBits, 11)
            + Render.pad(f.name, 16) + (f.isAddress ? "[address] " : "") + f.summary
            + namedValues(NamedValues.encodings(kind: kind, field: f.name))
    }

    /// "; values: none=0x0, irq=0x1, sev=0x2; reserved: 0x3", or "" for a field without named
    /// values. Derived from the encoder's own table, so it lists exactly what `encode` takes.
    static func namedValues(_ encodings: [Encoding]) -> String {
        guard !encodings.isEmpty else { return "" }
        let named = encodings.filter { !$0.reserved }.map { "\($0.name)=\(hex($0.value))" }
        let reserved = encodings.filter(\.reserved).map { hex($0.value) }
        return "; values: " + named.joined(separator: ", ")
            + (reserved.isEmpty ? "" : "; reserved: " + reserved.joined(separator: ", "))
    }
}
