import ArgumentParser
import SMMUv3

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk a saved table image or physical memory: lint it (--check) or print one STE / CD as decode would.",
        discussion: """
        --check walks STRTAB_BASE -> L1STDs -> STEs -> CD tables and reports, per StreamID and \
        SubstreamID: decode findings, address bits the SMMU would silently mask, Span 0 or > \
        SPLIT+1, reserved SPLIT, SubstreamIDs beyond S1CDMax, L2 arrays reachable twice, and \
        pointers outside the image or back into a parent table. Exit 1 if anything is found.

        Instead of an image: --mem FILE[@BASE] (repeatable; raw memory at BASE, or an ELF64 core) \
        with --strtab-base and --strtab-base-cfg (raw register values) and the ID registers \
        (--idr0, --idr1, --idr3, --idr5, --aidr, --cr2). Files are mapped, only what the walk \
        reaches is read.
        """ + "\n\n" + numberRule
    )

    @Argument(help: "The image file (written by the library's TableImage.serialized()); omitted with --mem.")
    var image: String?
    @OptionGroup var memory: MemoryOptions
    @Flag(help: "Lint the whole image.")
    var check = false
    @Option(help: "Print the STE of this StreamID (decimal or 0x…).")
    var sid: Number?
    @Option(help: "With --sid: print the CD of this SubstreamID.")
    var ssid: Number?
    @Flag(help: "Show only fields whose value is not zero.")
    var nonzero = false

    func validate() throws {
        if !check && sid == nil { throw ValidationError("give --check, or --sid N [--ssid M]") }
        if ssid != nil && sid == nil { throw ValidationError("--ssid needs --sid") }
    }

    func run() throws {
        let (img, shape) = try memory.source(image: image)
        try run(img, shape)
    }

    func run(_ img: some TableSource, _ regions: String) throws {
        if check {
            let g = ImageCheck.geometry(img)
            let report = ImageCheck.report(img)
            let shape = g.reservedFormat.map { "reserved FMT \($0)" } ?? g.split.map { "2-level, SPLIT \($0)" } ?? "linear"
            print("stream table \(hex(g.base)): \(shape), 2^\(g.log2Size) StreamIDs, \(regions)")
            for f in report.findings { print(f) }
            let n = report.total
            print(n == 0 ? "no findings" : "\(n) finding\(n == 1 ? "" : "s")")
            if n > 0 && sid == nil { throw ToolExit(code: 1) }
        }
        guard let sidArg = sid else { return }
        guard sidArg.value <= UInt64(UInt32.max), (ssid?.value ?? 0) <= UInt64(UInt32.max) else {
            throw BadInput(description: "StreamID and SubstreamID are 32-bit values")
        }
        let sid = UInt32(sidArg.value)
        do {
            if let ssidArg = ssid {
                let ssid = UInt32(ssidArg.value)
                let w = try ImageCheck.cd(img, sid: sid, ssid: ssid)
                print(Render.table(try Decoded(.cd, words: w), nonzeroOnly: nonzero))
            } else {
                let w = try ImageCheck.ste(img, sid: sid)
                print(Render.table(try Decoded(.ste, words: w), nonzeroOnly: nonzero))
            }
        } catch { throw badInput(error) }
    }
}
