import Foundation
import Testing
@testable import SMMUv3

/// Images from anywhere (issue #9, items 3, 12, 13): no image traps, the lint decodes only
/// what the SMMU can reach, walks each table once, and its output is bounded. Nothing here is
/// timed: each image below took minutes (or trapped) before, and the assertions bound the
/// work by what the walk reports.
@Suite("Table images: hostile geometry and amplification")
struct ImageBoundsTests {
    func le(_ words: [UInt64]) -> [UInt8] { words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } } }
    func seg(_ bus: UInt64, _ words: [UInt64]) -> TableImage.Segment { TableImage.Segment(bus: bus, bytes: le(words)) }

    /// STRTAB_BASE_CFG: LOG2SIZE [5:0], SPLIT [10:6], FMT [17:16].
    func cfg(log2: UInt64, split: UInt64 = 0, fmt: UInt64) -> UInt64 { log2 | split << 6 | fmt << 16 }

    /// A serialized image with arbitrary segments (as a file would hold them).
    func file(cfg: UInt64, segments: [(UInt64, [UInt8])]) -> [UInt8] {
        var out = Array("SMMUV3IM".utf8)
        func u32(_ v: UInt32) { out += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        func u64(_ v: UInt64) { out += (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        u32(1)
        u32(UInt32(segments.count))
        for r in [0x1000, cfg, 0, 0, 0] { u64(r) }
        for (bus, bytes) in segments {
            u64(bus)
            u64(UInt64(bytes.count))
            out += bytes
        }
        u64(TableImage.fnv1a(out))
        return out
    }

    // MARK: item 12: geometry from the registers

    /// No SMMU has more than 32 StreamID bits: with SMMU_IDR1 unrecorded, LOG2SIZE 57 is read
    /// as 32 (a linear table of 2^32 STEs, which is not in the image), not as 2^57 * 64 bytes.
    @Test func linearLog2SizeAbove32WithoutIDR1() throws {
        let img = try TableImage(strtabBase: 0, strtabBaseCfg: cfg(log2: 57, fmt: 0), segments: [seg(0, [1, 0, 0, 0, 0, 0, 0, 0])])
        #expect(ImageCheck.geometry(img).log2Size == 32)
        #expect(ImageCheck.check(img).map(\.description) == [
            "STRTAB_BASE_CFG.LOG2SIZE 57 is beyond the 32 StreamID bits an SMMU can have (SMMU_IDR1.SIDSIZE ≤ 32): read as 32",
            "stream table 0x0 (4294967296 STEs) is outside the image",
        ])
        #expect(throws: ImageCheck.LookupError.outside("STE of sid 4294967295", "the image")) { try ImageCheck.ste(img, sid: .max) }
    }

    /// 2-level, LOG2SIZE 33, SPLIT 10: the last L1STD's first StreamID is 2^32 - 1024, not 2^32.
    @Test func twoLevelLog2Size33() throws {
        let img = try TableImage(strtabBase: 0x1000, strtabBaseCfg: cfg(log2: 33, split: 10, fmt: 1))
        let g = ImageCheck.geometry(img)
        #expect(g.log2Size == 32 && g.split == 10)
        #expect(ImageCheck.check(img).last?.description == "L1 stream table 0x0 (4194304 L1STDs) is outside the image")
    }

    @Test func aSegmentPastTheEndOfTheBusAddressSpaceIsRefused() throws {
        let top: UInt64 = 0xffff_ffff_ffff_fff8
        #expect(throws: ImageError.wraps(bus: top, length: 16)) {
            try TableImage(strtabBase: 0, strtabBaseCfg: 0, segments: [seg(top, [0, 0])])
        }
        #expect(throws: ImageError.wraps(bus: top, length: 8)) {
            try TableImage(serialized: file(cfg: 0, segments: [(top, [UInt8](repeating: 0, count: 8))]))
        }
        #expect(ImageError.wraps(bus: top, length: 8).description
                == "segment at 0xfffffffffffffff8 of 8 bytes runs past the end of the 64-bit bus address space")
        // The last whole word below 2^64 is an address an image can hold.
        let img = try TableImage(strtabBase: 0, strtabBaseCfg: 0, segments: [seg(0xffff_ffff_ffff_fff0, [7])])
        #expect(img.words(at: 0xffff_ffff_ffff_fff0, count: 1) == [7])
        #expect(img.words(at: 0xffff_ffff_ffff_fff0, count: 2) == nil)
        #expect(img.words(at: 0xffff_ffff_ffff_fff0, count: .max) == nil)
    }

    @Test(arguments: [2, 3])
    func reservedStreamTableFormat(_ fmt: UInt64) throws {
        let img = try TableImage(strtabBase: 0, strtabBaseCfg: cfg(log2: 4, fmt: fmt),
                                 segments: [seg(0, [UInt64](repeating: 0, count: 16 * 8))])
        let message = "STRTAB_BASE_CFG.FMT \(fmt) is reserved (0 is linear, 1 is 2-level; §6.3.25)"
        #expect(ImageCheck.check(img).map(\.description) == [message + ": the stream table is not walked"])
        #expect(throws: ImageCheck.LookupError.invalid(message)) { try ImageCheck.ste(img, sid: 0) }
    }

    /// A replayed SMMU with no master: every L1STD is Span 0, so a CD lookup is an error.
    @Test func cdLookupInAnUntouchedReplayImage() throws {
        let (f, _) = try Scenario.run("smmu a")
        let img = try #require(f.image(smmu: "a"))
        #expect(throws: ImageCheck.LookupError.invalid("L1STD of sid 1 has Span 0: the StreamID is invalid")) {
            try ImageCheck.cd(img, sid: 1, ssid: 0)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-untouched-\(UInt32.random(in: 0...UInt32.max)).img")
        try Data(img.serialized()).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let r = try CLITests().run(["dump", path.path, "--sid", "1", "--ssid", "0"])
        #expect(r.status == 2)
        #expect(r.err == "error: L1STD of sid 1 has Span 0: the StreamID is invalid\n")
    }

    /// The image fuzzer's find on the old lookups (Tests/Fuzz/corpus/image/
    /// crash-cd-lookup-sid-out-of-range): a CD lookup for a StreamID beyond a 4-STE table.
    @Test func fuzzerFindCDLookupBeyondTheStreamTable() throws {
        let body = try [UInt8](Data(contentsOf: Repo.root.appendingPathComponent("Tests/Fuzz/corpus/image/crash-cd-lookup-sid-out-of-range")))
        var file = TableImage.magic + [1, 0, 0, 0] + body
        let sum = TableImage.fnv1a(file)
        file += (0..<8).map { UInt8(truncatingIfNeeded: sum >> (8 * $0)) }
        let img = try TableImage(serialized: file)
        #expect(throws: ImageCheck.LookupError.sidOutOfRange(66, 2)) { try ImageCheck.cd(img, sid: 66, ssid: 0) }
    }

    // MARK: item 3: nothing past 2^S1CDMax

    /// STE 0 of a 2-level stream table (SPLIT 8) at 0x1000: S1CDMax=4, 64 KB leaves, L1CD table
    /// at 0x30000, one leaf at 0x40000 whose CD 20 is V=1 with TG1=0b00 (reserved).
    @Test func cdsBeyondS1CDMaxAreNotDecoded() throws {
        var l2: [UInt64] = (0..<256).flatMap { _ in [UInt64(1), 0, 0, 0, 0, 0, 0, 0] }
        l2[0] = 4 << 59 | 0x30000 | 2 << 4 | 0b1011
        var leaf = [UInt64](repeating: 0, count: 1024 * 8)
        leaf[20 * 8] = 0x8000_0000
        leaf[700 * 8] = 0x8000_0000
        let img = try TableImage(strtabBase: 0x1000, strtabBaseCfg: cfg(log2: 10, split: 8, fmt: 1), segments: [
            seg(0x1000, [0x10000 | 9, 0, 0, 0, 0, 0, 0, 0]), seg(0x10000, l2), seg(0x30000, [0x40000 | 1]), seg(0x40000, leaf),
        ])
        #expect(ImageCheck.check(img).map(\.description) == [
            "sid 0x0 ssid 0x10: CD leaf 0x40000: 2 non-zero CDs at SubstreamIDs 16...1023, beyond S1CDMax 4: unreachable, not decoded",
        ])
        // SubstreamIDs below 2^S1CDMax are decoded.
        leaf[3 * 8] = 0x0000_0200_8000_0000       // V=1, AA64=1, T0SZ=0
        let reachable = try TableImage(strtabBase: 0x1000, strtabBaseCfg: cfg(log2: 10, split: 8, fmt: 1), segments: [
            seg(0x1000, [0x10000 | 9, 0, 0, 0, 0, 0, 0, 0]), seg(0x10000, l2), seg(0x30000, [0x40000 | 1]), seg(0x40000, leaf),
        ])
        // A valid VMSAv8-32 CD of zeros is legal (§5.4): AA64=1 with T0SZ=0 is not.
        #expect(ImageCheck.check(reachable).map(\.description).first?.hasPrefix("sid 0x0 ssid 0x3: illegal: T0SZ=0x0") == true)
    }

    // MARK: item 13: each table walked once, output bounded

    /// 16,384 L1STDs (LOG2SIZE 24, SPLIT 10) all pointing at one 1024-STE L2 array whose every
    /// STE has a reserved Config: 1,024 STEs decoded, not 16.7 million.
    @Test func oneL2ArrayReachedFromEveryL1STDIsWalkedOnce() throws {
        let l1 = [UInt64](repeating: 0x10_0000 | 11, count: 16_384)
        let l2: [UInt64] = (0..<1024).flatMap { _ in [UInt64(0b0011), 0, 0, 0, 0, 0, 0, 0] }
        let img = try TableImage(strtabBase: 0x20_0000, strtabBaseCfg: cfg(log2: 24, split: 10, fmt: 1),
                                 segments: [seg(0x20_0000, l1), seg(0x10_0000, l2)])
        let r = ImageCheck.report(img)
        #expect(r.total == 1024 + 16_383)
        let config = "reserved: Config=0x1 is a reserved encoding: reserved, behaves as Config=0b000 (abort, no event recorded) (§5.2)"
        #expect(r.findings.filter { $0.message == config }.count == 8)
        #expect(r.findings.contains { $0.message == "… and 1,016 more like it: " + config })
        #expect(r.findings.contains { $0.message == "… and 15,391 more findings" })
        #expect(r.findings.count <= 1000 + 2)
    }

    /// S1CDMax 20 with 4 KB leaves: 16,384 L1CDs, all pointing at one leaf of 64 CDs with a
    /// finding each (a 132 KB image that made about a million findings).
    @Test func oneCDLeafReachedFromEveryL1CDIsWalkedOnce() throws {
        var l2: [UInt64] = (0..<256).flatMap { _ in [UInt64(1), 0, 0, 0, 0, 0, 0, 0] }
        l2[0] = 20 << 59 | 0x10_0000 | 1 << 4 | 0b1011
        let l1cd = [UInt64](repeating: 0x40_0000 | 1, count: 16_384)
        let leaf: [UInt64] = (0..<64).flatMap { _ in [UInt64(0x0000_0200_8000_0000), 0, 0, 0, 0, 0, 0, 0] }   // AA64=1, T0SZ=0: ILLEGAL
        let img = try TableImage(strtabBase: 0x1000, strtabBaseCfg: cfg(log2: 10, split: 8, fmt: 1), segments: [
            seg(0x1000, [0x10000 | 9, 0, 0, 0, 0, 0, 0, 0]), seg(0x10000, l2), seg(0x10_0000, l1cd), seg(0x40_0000, leaf),
        ])
        let r = ImageCheck.report(img)
        let perCD = r.findings.filter { $0.sid == 0 && $0.ssid == 0 }.count
        #expect(perCD >= 1)
        #expect(r.total == 64 * perCD + 16_383)
        #expect(r.findings.contains { $0.description == "sid 0x0 ssid 0x40: CD leaf 0x400000 is reachable from L1CD 0 and L1CD 1" })
        #expect(r.findings.count <= 1000 + perCD + 1)
    }

    /// 1,024 STEs whose 2-level CD tables (S1CDMax 20, 4 KB leaves: 16,384 L1CDs each) start
    /// 64 bytes apart, so every table overlaps the one before: each L1CD word is walked once,
    /// not 16.7 million L1CD reads for a 260 KB image.
    @Test func overlappingL1CDTablesAreWalkedOnce() throws {
        var ste = [UInt64](repeating: 0, count: 1024 * 8)
        for k in 0..<1024 {
            let ptr = 0x10_0000 + UInt64(k) * 64
            ste[k * 8] = UInt64(20) << 59 | ptr | 1 << 4 | 0b1011
        }
        let l1cd = [UInt64](repeating: 0x40_0000 | 1, count: 16_384 + 1023 * 8)
        let leaf: [UInt64] = (0..<64).flatMap { _ in [UInt64(0x0000_0200_8000_0000), 0, 0, 0, 0, 0, 0, 0] }   // AA64=1, T0SZ=0: ILLEGAL
        let img = try TableImage(strtabBase: 0x1_0000, strtabBaseCfg: cfg(log2: 10, fmt: 0), segments: [
            seg(0x1_0000, ste), seg(0x10_0000, l1cd), seg(0x40_0000, leaf),
        ])
        let r = ImageCheck.report(img)
        let perCD = r.findings.filter { $0.sid == 0 && $0.ssid == 0 }.count
        #expect(perCD >= 1)
        // Table 0 walks the leaf once, finds 16,383 more L1CDs to it and a valid L1CD past
        // S1CDMax; each later table is misaligned (a decode finding) and adds 8 L1CDs past the
        // union, the first of them to a leaf already walked.
        #expect(r.total == 64 * perCD + 16_383 + 1 + 1023 * (1 + 7))
        #expect(r.findings.contains { $0.description == "sid 0x0 ssid 0x100000: L1CD 16384 is valid but serves SubstreamIDs beyond S1CDMax 20: unreachable" })
        #expect(r.findings.count <= 1000 + perCD + 1)
    }

    /// 80,000 segments, given in descending order, load (sorted once, neighbours checked).
    @Test func manySegmentsLoad() throws {
        let segs = (0..<80_000).reversed().map { (UInt64($0) * 16, [UInt8](repeating: 0, count: 8)) }
        let img = try TableImage(serialized: file(cfg: 0, segments: segs))
        #expect(img.segments.count == 80_000)
        #expect(img.segments.first?.bus == 0 && img.segments.last?.bus == 79_999 * 16)
        #expect(img.words(at: 40_000 * 16, count: 1) == [0])
        #expect(img.words(at: 40_000 * 16 + 8, count: 1) == nil)
        // Overlap is still found, wherever the pair is in the file.
        var overlapping = segs
        overlapping[500] = (UInt64(79_499) * 16 + 8, [UInt8](repeating: 0, count: 16))
        #expect(throws: ImageError.self) { try TableImage(serialized: file(cfg: 0, segments: overlapping)) }
        var added = try TableImage(strtabBase: 0, strtabBaseCfg: 0)
        try added.add(seg(64, [1]))
        try added.add(seg(0, [2]))
        #expect(throws: ImageError.overlap(a: 64, b: 56)) { try added.add(seg(56, [3, 4])) }
        #expect(throws: ImageError.overlap(a: 0, b: 0)) { try added.add(seg(0, [5])) }
        #expect(added.segments.map(\.bus) == [0, 64])
    }

    @Test func findingCountsAreGroupedByThousands() {
        #expect(ImageCheck.grouped(1_048_000) == "1,048,000")
        #expect(ImageCheck.grouped(999) == "999")
        #expect(ImageCheck.grouped(1000) == "1,000")
        #expect(ImageCheck.grouped(0) == "0")
    }
}
