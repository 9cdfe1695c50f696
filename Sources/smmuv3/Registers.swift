import ArgumentParser
import SMMUv3

/// `smmuv3 decode reg NAME VALUE` (routed here by `SMMUv3Tool.main`).
struct DecodeReg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-reg", abstract: "Decode one SMMU register value: smmuv3 decode reg NAME VALUE.",
        discussion: "NAME is the spec's (CR0, SMMU_CR0) or the offset (0x20; page 1 at 0x10000). VALUE is decimal or 0x…." + "\n\n" + numberRule,
        shouldDisplay: false)
    @Argument(help: "The register.") var name: String
    @Argument(help: "Its raw value (decimal or 0x…).") var value: Number

    func run() throws {
        let r: Layout
        do { r = try Registers.named(name) } catch { throw badInput(error) }
        print(try Self.text(r, value.value))
    }

    /// "SMMU_CR0 @ 0x20 = 0x1d" then one line per field, then the bits no field holds.
    static func text(_ r: Layout, _ v: UInt64) throws -> String {
        let fields: [Registers.FieldValue]
        do { fields = try Registers.decode(r, v) } catch { throw badInput(error) }
        var lines = ["\(r.name) @ \(hex(UInt64(r.code))) = \(hex(v))"]
        let width = fields.map { $0.field.name.count + $0.field.bits.count }.max() ?? 0
        for f in fields {
            let label = "\(f.field.name)\(f.field.bits)"
            let pad = String(repeating: " ", count: width - label.count)
            lines.append("  \(label)\(pad) = \(hex(f.value))\(f.field.summary.isEmpty ? "" : "  (\(f.field.summary))")")
        }
        let extra = Registers.unassigned(r, v)
        if extra != 0 { lines.append("  note: bits \(hex(extra)) are set where no field is known (RES0)") }
        return lines.joined(separator: "\n")
    }
}

/// `smmuv3 decode regs --input FILE`: a `name value` list (or `offset value`, as a devmem
/// dump of the register page gives), one register a line; blank lines and `#` comments skipped.
struct DecodeRegs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-regs", abstract: "Decode a list of SMMU register values: smmuv3 decode regs --input FILE.",
        discussion: "A line is NAME VALUE or OFFSET VALUE (a devmem dump of the register page)." + "\n\n" + numberRule,
        shouldDisplay: false)
    @Option(help: "The list ('-' for standard input): NAME VALUE or OFFSET VALUE a line.") var input: String

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try readAll(path: input) } catch { throw badInput(error) }
        var out: [String] = []
        for (i, raw) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let t = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "=" || $0 == "\r" })
            if t.isEmpty { continue }
            guard t.count == 2 else { throw BadInput(description: "line \(i + 1): expected 'NAME VALUE', got '\(line)'") }
            guard let v = Encoder.parseNumber(String(t[1])) else {
                throw BadInput(description: "line \(i + 1): '\(t[1])' is not a value (decimal or 0x…)")
            }
            let r: Layout
            do { r = try Registers.named(String(t[0])) } catch { throw BadInput(description: "line \(i + 1): \(badInput(error))") }
            do { out.append(try DecodeReg.text(r, v)) } catch { throw BadInput(description: "line \(i + 1): \(error)") }
        }
        print(out.joined(separator: "\n"))
    }
}

/// `smmuv3 encode reg NAME FIELD=VALUE…`.
struct EncodeReg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-reg", abstract: "Encode an SMMU register value: smmuv3 encode reg NAME FIELD=VALUE….",
        discussion: "Fields not given are 0. Values are decimal unless written 0x…." + "\n\n" + numberRule, shouldDisplay: false)
    @Argument(help: "The register.") var name: String
    @Argument(help: "FIELD=VALUE assignments.") var assignments: [String] = []

    func run() throws {
        let r: Layout
        do { r = try Registers.named(name) } catch { throw badInput(error) }
        var a: [(name: String, value: UInt64)] = []
        for s in assignments {
            let parts = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw BadInput(description: "'\(s)' is not FIELD=VALUE") }
            guard let v = Encoder.parseNumber(String(parts[1])) else {
                throw BadInput(description: "\(r.name).\(parts[0]): '\(parts[1])' is not a number (decimal or 0x…)")
            }
            a.append((String(parts[0]), v))
        }
        do {
            let v = try Registers.encode(r, a)
            print(Registers.width(r) == 64 ? hex16(v) : hex(v))
        } catch { throw badInput(error) }
    }
}
