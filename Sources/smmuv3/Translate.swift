import ArgumentParser
import SMMUv3

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk a saved table image for one transaction: where does IOVA X of StreamID S go?",
        discussion: """
        Reads the image's STRTAB_BASE / STRTAB_BASE_CFG and ID registers, then walks StreamID -> \
        L1STD -> STE -> (L1CD ->) CD -> stage 1 -> stage 2 as the SMMU would (IHI 0070 §3, §5) and \
        prints every structure and descriptor it read with its address, then the outcome: the \
        output address, or the event record the SMMU writes (§7.3), or a termination without a \
        record, or a stall. Exit 0 delivered, 1 fault / stall / abort, 2 bad input.

        Instead of an image: --mem FILE[@BASE] (raw memory at BASE, or an ELF64 core) with \
        --strtab-base, --strtab-base-cfg and the ID registers, as for dump.
        """ + "\n\n" + numberRule
    )

    @Argument(help: ArgumentHelp("The image file (written by the library's TableImage.serialized()), then the input address (decimal or 0x…); with --mem only the address.",
                                 valueName: "image-or-iova"))
    var operands: [String] = []
    @Option(help: "StreamID (decimal or 0x…).")
    var sid: Number
    @Option(help: "SubstreamID (PASID); omitted: the transaction has none.")
    var ssid: Number?
    @Flag(help: "A write (default: a read).")
    var write = false
    @Flag(help: "An instruction fetch (a read with InD=1).")
    var exec = false
    @Flag(help: "A privileged transaction (PnU=1; STE.PRIVCFG may override).")
    var privileged = false
    @Option(help: "text or json.")
    var format: String = "text"
    @OptionGroup var memory: MemoryOptions

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, not '\(format)'") }
        if write && exec { throw ValidationError("--write and --exec exclude each other") }
        let want = memory.mem.isEmpty ? 2 : 1
        guard operands.count == want else {
            throw ValidationError(want == 2 ? "give the image file and the input address (IMAGE IOVA), or --mem with the address"
                                            : "with --mem give only the input address, not an image file")
        }
        guard Number(argument: operands[want - 1]) != nil else {
            throw ValidationError("input address '\(operands[want - 1])' is not a number (decimal or 0x…)")
        }
    }

    func run() throws {
        guard sid.value <= UInt64(UInt32.max) else {
            throw BadInput(description: "--sid \(hex(sid.value)) is not a 32-bit StreamID")
        }
        if let s = ssid, s.value >= 1 << 20 {
            throw BadInput(description: "--ssid \(hex(s.value)) is beyond 20 bits (the largest SSIDSIZE)")
        }
        let image = operands.count == 2 ? operands[0] : nil
        guard let iova = operands.last.flatMap(Number.init(argument:)) else {
            throw BadInput(description: "give the input address (decimal or 0x…)")
        }
        let img = try memory.source(image: image).source
        let t = Transaction(sid: UInt32(sid.value), ssid: ssid.map { UInt32($0.value) }, iova: iova.value,
                            access: write ? .write : exec ? .execute : .read, privileged: privileged)
        let w = Self.walk(img, t)
        print(format == "json" ? Self.json(w) : Self.text(w))
        if w.pa == nil { throw ToolExit(code: 1) }
    }

    static func walk(_ s: some TableSource, _ t: Transaction) -> Walk { Walker(source: s).walk(t) }

    static func text(_ w: Walk) -> String {
        let t = w.transaction
        var lines = ["translate sid=\(hex(UInt64(t.sid))) ssid=\(t.ssid.map { hex(UInt64($0)) } ?? "none") iova=\(hex(t.iova)) \(t.access.rawValue)\(t.privileged ? " privileged" : "")"]
        let width = w.steps.map(\.name.count).max() ?? 0
        for s in w.steps {
            let name = s.name + String(repeating: " ", count: width - s.name.count)
            lines.append("  \(name) @ \(hex(s.address)): \(s.words.map(hex16).joined(separator: " "))  \(s.decoded)")
        }
        var where_ = ""
        if let l = w.level { where_ += " at level \(l)" }
        if let s = w.stage { where_ += " of stage \(s)" }
        switch w.outcome {
        case let .delivered(d):
            var extra = [d.permissions, d.memoryType]
            if let ipa = d.ipa { extra.insert("ipa=\(hex(ipa))", at: 0) }
            if let l = d.leafSize { extra.append("\(sizeText(l)) leaf") }
            lines.append("delivered pa=\(hex(d.pa)) (\(extra.joined(separator: ", ")))")
        case let .fault(e):
            lines.append("fault \(e.record?.name ?? "?")\(where_): \(w.reason)")
            lines.append("  event: \(e.words.map(hex16).joined(separator: " "))")
        case let .stalled(e):
            lines.append("stalled \(e.record?.name ?? "?")\(where_): \(w.reason)")
            lines.append("  event: \(e.words.map(hex16).joined(separator: " "))")
        case .terminated:
            lines.append("terminated without a record\(where_): \(w.reason)")
        }
        return lines.joined(separator: "\n")
    }

    static func sizeText(_ b: UInt64) -> String {
        b >= 1 << 30 ? "\(b >> 30) GB" : b >= 1 << 20 ? "\(b >> 20) MB" : "\(b >> 10) KB"
    }

    static func json(_ w: Walk) -> String {
        let t = w.transaction
        func q(_ v: UInt64) -> String { "\"\(hex(v))\"" }
        func opt(_ v: Int?) -> String { v.map(String.init) ?? "null" }
        let steps = w.steps.map { s in
            "{\"name\":\(jsonString(s.name)),\"address\":\(q(s.address)),\"words\":[\(s.words.map { "\"\(hex16($0))\"" }.joined(separator: ","))],\"decoded\":\(jsonString(s.decoded))}"
        }
        var o = "{\"sid\":\(t.sid),\"ssid\":\(t.ssid.map { String($0) } ?? "null"),\"iova\":\(q(t.iova)),\"dir\":\"\(t.access.rawValue)\""
        o += ",\"steps\":[\(steps.joined(separator: ","))],\"result\":\"\(w.result)\""
        if case let .delivered(d) = w.outcome {
            o += ",\"pa\":\(q(d.pa)),\"ipa\":\(d.ipa.map(q) ?? "null"),\"permissions\":\"\(d.permissions)\",\"memory\":\"\(d.memoryType)\""
        }
        if let e = w.event {
            let addr = e["InputAddr"].map(q) ?? "null"
            o += ",\"event\":{\"type\":\(jsonString(e.record?.name ?? "?")),\"sid\":\(e["StreamID"] ?? 0),\"ssid\":\(t.ssid.map { String($0) } ?? "null"),\"addr\":\(addr),\"words\":[\(e.words.map { "\"\(hex16($0))\"" }.joined(separator: ","))]}"
        }
        o += ",\"level\":\(opt(w.level)),\"stage\":\(opt(w.stage)),\"reason\":\(jsonString(w.reason))}"
        return o
    }
}
