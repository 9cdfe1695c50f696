import Foundation
import Testing
@testable import SMMUv3

/// `dump --mem` / `translate --mem` (issue #15 item 2): physical memory files and ELF cores
/// read through the same `TableSource` walk as a saved image.
@Suite("Physical memory sources")
struct MemorySourceTests {
    /// Little-endian bytes of `v` in `n` bytes.
    static func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    /// A minimal ELF64 little-endian core: a PT_NOTE with no bytes, then one PT_LOAD per
    /// segment (p_paddr the bus address, p_vaddr a different one so only p_paddr can be read).
    static func elfCore(_ segments: [(bus: UInt64, bytes: [UInt8])]) -> [UInt8] {
        let phnum = segments.count + 1
        var out: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1] + Array(repeating: 0, count: 9)
        out += le(4, 2) + le(183, 2) + le(1, 4)             // ET_CORE, EM_AARCH64, EV_CURRENT
        out += le(0, 8) + le(64, 8) + le(0, 8) + le(0, 4)   // e_entry, e_phoff, e_shoff, e_flags
        out += le(64, 2) + le(56, 2) + le(UInt64(phnum), 2) + le(64, 2) + le(0, 2) + le(0, 2)
        var offset = UInt64(64 + 56 * phnum)
        out += le(4, 4) + le(0, 4) + le(offset, 8) + Array(repeating: 0, count: 40)   // PT_NOTE, empty
        for s in segments {
            let n = UInt64(s.bytes.count)
            out += le(1, 4) + le(7, 4) + le(offset, 8) + le(0xffff_0000_0000_0000 | s.bus, 8) + le(s.bus, 8)
            out += le(n, 8) + le(n, 8) + le(0x1000, 8)
            offset += n
        }
        for s in segments { out += s.bytes }
        return out
    }

    /// The register options that give `img`'s registers.
    static func registers(_ img: TableImage) -> [String] {
        let d = Features.defaultRegisters
        // IDR0 / IDR1 / IDR5 of 0: not recorded in the image, so not given.
        let recorded = [("--idr0", img.idr0), ("--idr1", img.idr1), ("--idr5", img.idr5)].filter { $0.1 != 0 }
        return ["--strtab-base", hex(img.strtabBase), "--strtab-base-cfg", hex(img.strtabBaseCfg)]
            + recorded.flatMap { [$0.0, hex($0.1)] } + [
                "--idr3", hex(img.idr3 ?? d.idr3), "--aidr", hex(img.aidr ?? d.aidr), "--cr2", hex(img.cr2 ?? d.cr2)]
    }

    final class Dir {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-mem-\(UInt32.random(in: 0...UInt32.max))")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let u = url.appendingPathComponent(name)
            try Data(bytes).write(to: u)
            return u.path
        }
    }

    /// One raw file per segment (FILE@BUS) and one ELF core with a PT_LOAD per segment.
    func memoryArguments(_ img: TableImage, _ dir: Dir, _ tag: String) throws -> (raw: [String], elf: [String]) {
        var raw: [String] = []
        for (i, s) in img.segments.enumerated() {
            raw += ["--mem", "\(try dir.write("\(tag)-\(i).bin", s.bytes))@\(hex(s.bus))"]
        }
        let elf = try dir.write("\(tag).core", Self.elfCore(img.segments.map { ($0.bus, $0.bytes) }))
        return (raw, ["--mem", elf])
    }

    /// `dump --check` output without its first line (which names segments or regions).
    /// Findings name what a pointer is outside of: "the image" or "the memory files".
    func findings(_ r: CLITests.Run) -> String {
        r.out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
            .replacingOccurrences(of: "outside the memory files", with: "outside the image")
    }

    @Test func dumpMemFindsWhatDumpCheckFindsOnTheImage() throws {
        let cli = CLITests(), dir = try Dir()
        // A scenario's tables (replay writes the Fabric's image), and an image with findings.
        let seed = Repo.root.appendingPathComponent("seeds/sva-release.smmu").path
        let rep = try cli.run(["replay", seed, "--images", dir.url.path])
        #expect(rep.status == 0, "\(rep.err)")
        let scenario = try TableImage(serialized: Array(try Data(contentsOf: dir.url.appendingPathComponent("smmu0.img"))))
        let t = ImageTests()
        let bad = try t.crafted(l1: [0x10000 | 9, 0x10000 | 9, 0x20040 | 9, 0x50000 | 9],
                                segments: [(0x10000, t.abortL2), (0x20000, t.abortL2)])
        for (tag, img) in [("scenario", scenario), ("bad", bad)] {
            let path = try dir.write("\(tag).img", img.serialized())
            let want = try cli.run(["dump", path, "--check"])
            let (raw, elf) = try memoryArguments(img, dir, tag)
            for args in [raw, elf] {
                let got = try cli.run(["dump", "--check"] + args + Self.registers(img))
                #expect(got.status == want.status, "\(tag): \(got.err)")
                #expect(findings(got) == findings(want), "\(tag)")
                // The first line differs only in what it counts: segments or memory regions.
                let head = { (r: CLITests.Run) in r.out.prefix { $0 != "\n" }.split(separator: ",").dropLast() }
                #expect(head(got) == head(want) && got.out.hasPrefix("stream table 0x"))
            }
            // The library walk agrees too.
            var m = try PhysicalMemory(files: img.segments.enumerated().map { i, s in
                .init(path: dir.url.appendingPathComponent("\(tag)-\(i).bin").path, base: s.bus) })
            m.strtabBase = img.strtabBase; m.strtabBaseCfg = img.strtabBaseCfg; m.idr1 = img.idr1; m.features = img.features
            let same = ImageCheck.report(m).findings.map { $0.description.replacingOccurrences(of: "the memory files", with: "the image") }
            #expect(same == ImageCheck.report(img).findings.map(\.description))
        }
        #expect(findings(try cli.run(["dump", "--check"] + (try memoryArguments(bad, dir, "bad")).raw + Self.registers(bad)))
            .contains("sid 0x100: L2 array 0x10000 is reachable from L1STD 0 and L1STD 1"))
    }

    @Test func lookupsAndTranslateReadMemoryLikeTheImage() throws {
        let cli = CLITests(), dir = try Dir()
        let img = try ImageTests().healthy()
        let path = try dir.write("good.img", img.serialized())
        let (raw, elf) = try memoryArguments(img, dir, "good")
        for args in [raw, elf] {
            for q in [["--sid", "0x42"], ["--sid", "66", "--ssid", "1500"], ["--sid", "66", "--ssid", "4096"]] {
                let want = try cli.run(["dump", path] + q), got = try cli.run(["dump"] + q + args + Self.registers(img))
                #expect(got.out == want.out && got.err == want.err && got.status == want.status, "\(q)")
            }
            let want = try cli.run(["translate", path, "0x1000", "--sid", "0x42", "--ssid", "1500"])
            let got = try cli.run(["translate", "0x1000", "--sid", "0x42", "--ssid", "1500"] + args + Self.registers(img))
            #expect(got.out == want.out && got.status == want.status, "\(got.err)")
            #expect(got.out.contains("\n  CD "), "\(got.out)")
        }
    }

    @Test func malformedMemoryIsAClearError() throws {
        let cli = CLITests(), dir = try Dir()
        let img = try ImageTests().healthy()
        let regs = Self.registers(img)
        let core = Self.elfCore(img.segments.map { ($0.bus, $0.bytes) })
        func dump(_ bytes: [UInt8], _ name: String) throws -> CLITests.Run {
            try cli.run(["dump", "--check", "--mem", try dir.write(name, bytes)] + regs)
        }
        let header = try dump(Array(core.prefix(40)), "short.core")
        #expect(header.status == 2 && header.out.isEmpty)
        #expect(header.err.contains("truncated ELF: the ELF header needs 64 bytes, the file has 40"))
        let phdrs = try dump(Array(core.prefix(100)), "phdrs.core")
        #expect(phdrs.status == 2 && phdrs.out.isEmpty && phdrs.err.contains("program headers of 56 bytes at e_phoff 0x40 run past the end of the file (100 bytes)"))
        let data = try dump(Array(core.dropLast(8)), "data.core")
        #expect(data.status == 2 && data.out.isEmpty)
        #expect(data.err.contains("PT_LOAD \(img.segments.count)") && data.err.contains("the core is truncated"))
        // Two PT_LOADs at the same p_paddr with different bytes.
        let s0 = img.segments[0]
        let overlap = try dump(Self.elfCore([(s0.bus, s0.bytes), (s0.bus + 8, [UInt8](repeating: 0xee, count: 8))]), "overlap.core")
        #expect(overlap.status == 2 && overlap.out.isEmpty && overlap.err.contains("overlap with different bytes"))
        let partial = try dump(Self.elfCore([(s0.bus + 8, [UInt8](repeating: 0xee, count: 0x10000))] + [(s0.bus, s0.bytes)]), "partial.core")
        #expect(partial.status == 2 && partial.err.contains(") overlap\n"))
        // Identical bytes contained in another PT_LOAD (a vmcore's kernel text) are accepted.
        let same = try dump(Self.elfCore(img.segments.map { ($0.bus, $0.bytes) } + [(s0.bus + 64, Array(s0.bytes[64..<128]))]), "same.core")
        #expect(same.status == 0 && same.out.hasSuffix("no findings\n"), "\(same.out) \(same.err)")
        // A stream table outside every region: a finding with --check, an error with --sid.
        let seg = try dir.write("seg.bin", s0.bytes)
        var far = regs
        far[1] = "0x4000000000"
        let lint = try cli.run(["dump", "--check", "--mem", "\(seg)@\(hex(s0.bus))"] + far)
        #expect(lint.status == 1 && lint.out.contains("L1 stream table 0x4000000000 (256 L1STDs) is outside the memory files"))
        let ste = try cli.run(["dump", "--sid", "1", "--mem", "\(seg)@\(hex(s0.bus))"] + far)
        #expect(ste.status == 2 && ste.out.isEmpty && ste.err == "error: L1STD of sid 1 is outside the memory files\n")
        // Files and options.
        let missing = try cli.run(["dump", "--check", "--mem", dir.url.appendingPathComponent("nope").path] + regs)
        #expect(missing.status == 2 && missing.err.contains("cannot open") && missing.err.contains("No such file"))
        let empty = try dump([], "empty.bin")
        #expect(empty.status == 2 && empty.err.contains("is empty"))
        let base = try cli.run(["dump", "--check", "--mem", "\(seg)@zz"] + regs)
        #expect(base.status == 2 && base.err.contains("base 'zz' is not a number"))
        let wraps = try cli.run(["dump", "--check", "--mem", "\(seg)@0xffffffffffffff00"] + regs)
        #expect(wraps.status == 2 && wraps.err.contains("runs past the end of the 64-bit physical address space"))
        let elfBase = try cli.run(["dump", "--check", "--mem", "\(try dir.write("c.core", core))@0x1000"] + regs)
        #expect(elfBase.status == 2 && elfBase.err.contains("drop @BASE"))
        let noRegs = try cli.run(["dump", "--check", "--mem", seg])
        #expect(noRegs.status != 0 && noRegs.err.contains("--mem needs --strtab-base and --strtab-base-cfg"))
        let both = try cli.run(["dump", "--check", try dir.write("i.img", img.serialized()), "--mem", seg] + regs)
        #expect(both.status != 0 && both.err.contains("not both"))
    }
}
