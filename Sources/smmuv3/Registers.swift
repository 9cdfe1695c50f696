import ArgumentParser
import SMMUv3

/// `smmuv3 decode reg NAME VALUE` (routed here by `SMMUv3Tool.main`).
struct DecodeReg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-reg", abstract: "Decode one SMMU register value: smmuv3 decode reg NAME VALUE.",
        discussion: """
        NAME is the spec's (CR0, SMMU_CR0) or the offset (0x20; page 1 at 0x10000). VALUE is decimal or 0x…. \
        Each field prints its value and, where IHI 0070 §6.3 names it, the named value and its meaning \
        (FMT[17:16] = 0x1  2-level (…)); reserved encodings say so and what they behave as.
        """ + "\n\n" + numberRule,
        shouldDisplay: false)
    @Argument(help: "The register.") var name: String
    @Argument(help: "Its raw value (decimal or 0x…).") var value: Number
    @Option(help: "table or json (fields with \"field\", \"value\", and \"name\" / \"meaning\" where the spec gives them).")
    var format: RegisterFormat = .table

    func run() throws {
        let r: DescriptorLayout
        do { r = try Registers.named(name) } catch { throw badInput(error) }
        print(try RegisterFormat.render([(r, value.value)], format, context: [:]))
    }

    /// "SMMU_CR0 @ 0x20 = 0x1d" then one line per field, then the bits no field holds.
    static func text(_ r: DescriptorLayout, _ v: UInt64, context: [String: UInt64] = [:]) throws -> String {
        let fields: [Registers.FieldValue]
        do { fields = try Registers.decode(r, v, context: context) } catch { throw badInput(error) }
        var lines = ["\(r.name) @ \(hex(UInt64(r.code))) = \(hex(v))"]
        let width = fields.map { $0.field.name.count + $0.field.bits.count }.max() ?? 0
        for f in fields {
            let label = "\(f.field.name)\(f.field.bits)"
            let pad = String(repeating: " ", count: width - label.count)
            let said: String
            if let m = f.meaning {
                said = "  " + (m.name.map { "\($0) (\(m.meaning))" } ?? m.meaning)
            } else {
                said = f.field.summary.isEmpty ? "" : "  (\(f.field.summary))"
            }
            lines.append("  \(label)\(pad) = \(hex(f.value))\(said)")
        }
        let extra = Registers.unassigned(r, v)
        if extra != 0 { lines.append("  note: bits \(hex(extra)) are set where no field is known (RES0)") }
        return lines.joined(separator: "\n")
    }

    /// One register as a JSON object.
    static func json(_ r: DescriptorLayout, _ v: UInt64, context: [String: UInt64]) throws -> String {
        let fields: [Registers.FieldValue]
        do { fields = try Registers.decode(r, v, context: context) } catch { throw badInput(error) }
        let items = fields.map { f in
            var o = "{\"field\": \(jsonString(f.field.name)), \"hi\": \(f.field.hi), \"lo\": \(f.field.lo), \"value\": \(jsonString(hex(f.value)))"
            if let m = f.meaning {
                if let n = m.name { o += ", \"name\": \(jsonString(n))" }
                o += ", \"meaning\": \(jsonString(m.meaning)), \"reserved\": \(m.reserved)"
            }
            return o + "}"
        }
        return "{\"register\": \(jsonString(r.name)), \"offset\": \(jsonString(hex(UInt64(r.code)))), "
            + "\"value\": \(jsonString(hex(v))), \"unassigned\": \(jsonString(hex(Registers.unassigned(r, v)))), "
            + "\"fields\": [\(items.joined(separator: ", "))]}"
    }
}

/// How `decode reg` and `decode regs` print.
enum RegisterFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json

    static func render(_ regs: [(DescriptorLayout, UInt64)], _ format: RegisterFormat, context: [String: UInt64]) throws -> String {
        switch format {
        case .table: return try regs.map { try DecodeReg.text($0.0, $0.1, context: context) }.joined(separator: "\n")
        case .json:
            let items = try regs.map { try DecodeReg.json($0.0, $0.1, context: context) }
            return items.count == 1 ? items[0] : "[" + items.joined(separator: ",\n") + "]"
        }
    }
}

/// `smmuv3 decode regs --input FILE`: register values one a line, by name, offset or address.
struct DecodeRegs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-regs", abstract: "Decode a list of SMMU register values: smmuv3 decode regs --input FILE.",
        discussion: """
        One register a line; blank lines and # comments are skipped; ':' and '='
        separate like spaces.
          SMMU_CR0 0x1d         by name (CR0 works too)
          0x20 0x1d             by offset from the SMMU base (page 1 at 0x10000)
          0x09050020: 0x1d      by absolute address, against --base, or else
                                against the first address (64 KB aligned)
          # busybox devmem 0x09050020 32
          0x0000001D            a devmem command (any prompt before it), then
                                the value it printed; devmem writes are skipped
          Value at address 0x9050020 (0xffffa000): 0x1D     (devmem2)
        A 64-bit register read as two 32-bit words (offset, then offset + 4) is
        put together. Values are decimal unless written 0x…; 00000010 (leading
        zero, no 0x) is refused as ambiguous. Refused, naming the line: a bare
        value (devmem prints only the value: keep its command line), an address
        off the known registers, a register given twice. Fields that depend on
        another register use it when the list has it (queue indexes and their
        _BASE.LOG2SIZE, GERROR and GERRORN, OVFLG and OVACKFLG).
        """ + "\n\n" + numberRule,
        shouldDisplay: false)
    @Option(help: "The list ('-' for standard input).") var input: String
    @Option(help: "The SMMU's base address: every number before a value is then an absolute address.")
    var base: Number?
    @Option(help: "table or json.") var format: RegisterFormat = .table

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try readAll(path: input) } catch { throw badInput(error) }
        let list: RegisterList.Result
        do { list = try RegisterList.parse(String(decoding: bytes, as: UTF8.self), base: base?.value) } catch { throw badInput(error) }
        if list.entries.isEmpty { throw BadInput(description: "\(input == "-" ? "standard input" : input) has no register values") }
        if list.baseInferred, let b = list.base { printErr("reading addresses against SMMU base \(hex(b)) (the first address)") }
        print(try RegisterFormat.render(list.entries.map { ($0.register, $0.value) }, format, context: list.context))
    }
}

/// `smmuv3 encode reg NAME FIELD=VALUE…`.
struct EncodeReg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-reg", abstract: "Encode an SMMU register value: smmuv3 encode reg NAME FIELD=VALUE….",
        discussion: """
        Fields not given are 0. Values are decimal unless written 0x…, or a named value of the field \
        as decode reg prints it (FMT=2-level, ERR=CERROR_ILL; case-insensitive). Reserved encodings \
        are written, with a warning on stderr.
        """ + "\n\n" + numberRule, shouldDisplay: false)
    @Argument(help: "The register.") var name: String
    @Argument(help: "FIELD=VALUE assignments.") var assignments: [String] = []

    func run() throws {
        let r: DescriptorLayout
        do { r = try Registers.named(name) } catch { throw badInput(error) }
        var a: [(name: String, text: String)] = []
        for s in assignments {
            let parts = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw BadInput(description: "'\(s)' is not FIELD=VALUE") }
            a.append((String(parts[0]), String(parts[1])))
        }
        do {
            let (v, warnings) = try Registers.encode(r, text: a)
            for w in warnings { printErr(w) }
            print(Registers.width(r) == 64 ? hex16(v) : hex(v))
        } catch { throw badInput(error) }
    }
}
