import Testing
@testable import SMMUv3

/// Images of a whole SMMU's tables (issue #3): byte-identical round trips, and the lint finds
/// each defect in a crafted image.
@Suite("Table images and lint")
struct ImageTests {
    func le(_ words: [UInt64]) -> [UInt8] { words.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } } }

    /// A healthy SMMU: 2-level stream table (SPLIT 8) at 0x8000_0000, a 2-level CD table with
    /// 64 KB leaves for StreamID 0x42 (SSIDs 0 and 1500), everything at fixed bus addresses.
    func healthy() throws -> TableImage {
        let map = BusMap(.fixedBase(0x8000_0000))
        let log = UpdateLog()
        var st = try StreamTable(twoLevel: 16, split: 8, map: map, log: log)
        var cds = try CDTable(.twoLevel64K, s1cdmax: 12, streamIDs: [0x42], map: map, log: log)
        let tcr = TranslationControl(t0sz: 16)
        try cds.install(0, try CD.stage1(asid: 1, ttb0: 0x9000_0000, tcr: tcr, mair: 0xff)) { _ in }
        try cds.install(1500, try CD.sva(asid: 2, ttb0: 0x9100_0000, tcr: tcr, mair: 0xff)) { _ in }
        try st.install(0x42, try STE.stage1(cds.ref)) { _ in }
        return TableImage(st, cdTables: [cds.segments()])
    }

    @Test func roundTripIsByteIdentical() throws {
        let img = try healthy()
        let bytes = img.serialized()
        let back = try TableImage(serialized: bytes)
        #expect(back == img)
        #expect(back.serialized() == bytes)
        #expect(try healthy().serialized() == bytes)   // fixed base: reproducible across runs
    }

    @Test func aHealthyImageHasNoFindingsAndEntriesCanBeLookedUp() throws {
        let img = try healthy()
        #expect(ImageCheck.check(img) == [])
        let ste = try STE(words: try ImageCheck.ste(img, sid: 0x42))
        #expect(ste.config == .s1Trans)
        #expect(try CD(words: try ImageCheck.cd(img, sid: 0x42, ssid: 1500)).asid == 2)
        #expect(throws: ImageCheck.LookupError.ssidBeyond(4096, 12)) { try ImageCheck.cd(img, sid: 0x42, ssid: 4096) }
        #expect(throws: ImageCheck.LookupError.sidOutOfRange(0x10000, 16)) { try ImageCheck.ste(img, sid: 0x10000) }
        #expect(throws: ImageCheck.LookupError.invalid("L1STD of sid 4096 has Span 0: the StreamID is invalid")) {
            try ImageCheck.ste(img, sid: 0x1000)
        }
    }

    // Crafted images: a 2-level table of 2^10 StreamIDs, SPLIT 8, L1 at 0x1000.
    func crafted(split: UInt64 = 8, l1: [UInt64], segments: [(UInt64, [UInt64])]) throws -> TableImage {
        let cfg = 10 | split << 6 | 1 << 16
        var all = [TableImage.Segment(bus: 0x1000, bytes: le(l1 + Array(repeating: 0, count: max(0, 8 - l1.count))))]
        all += segments.map { TableImage.Segment(bus: $0.0, bytes: le($0.1)) }
        return try TableImage(strtabBase: 0x1000, strtabBaseCfg: cfg, segments: all)
    }
    let abortL2: [UInt64] = (0..<256).flatMap { _ in [UInt64(1), 0, 0, 0, 0, 0, 0, 0] }

    func messages(_ img: TableImage) -> [String] { ImageCheck.check(img).map(\.description) }

    @Test func spanBeyondSplitPlusOne() throws {
        let m = messages(try crafted(l1: [0x10000 | 10], segments: [(0x10000, abortL2 + abortL2)]))
        #expect(m == ["sid 0x0: L1STD 0: Span 10 > SPLIT+1 (9): C_BAD_STREAMID for every StreamID it covers"])
    }

    @Test func reservedSpanAndSplit() throws {
        #expect(messages(try crafted(l1: [0x10000 | 12], segments: [])) == ["sid 0x0: L1STD 0: Span 12 is reserved, behaves as 0 (StreamIDs 0... invalid)"])
        let m = messages(try crafted(split: 7, l1: [], segments: []))
        #expect(m.first == "SPLIT 7 is reserved: the SMMU behaves as SPLIT 6 (§6.3.25)")
    }

    @Test func l2ReachableTwiceAndMisaligned() throws {
        let m = messages(try crafted(l1: [0x10000 | 9, 0x10000 | 9, 0x20040 | 9], segments: [(0x10000, abortL2), (0x20000, abortL2)]))
        #expect(m.contains("sid 0x100: L2 array 0x10000 is reachable from L1STD 0 and L1STD 1"))
        #expect(m.contains("sid 0x200: L1STD 2: L2Ptr 0x20040 is not aligned to its 16 KB L2 array: the SMMU masks L2Ptr[13:6]"))
    }

    @Test func pointersOutsideTheImageAndLoops() throws {
        #expect(messages(try crafted(l1: [0x50000 | 9], segments: [])) == ["sid 0x0: L1STD 0: L2 array 0x50000 (256 STEs) is outside the image"])
        // L2Ptr 0 with Span 9 is the 16 KB array at 0x0-0x3fff, which holds the L1 table at 0x1000.
        #expect(messages(try crafted(l1: [0x0 | 9], segments: [])).contains("sid 0x0: L1STD 0: L2Ptr 0x0 points back into the L1 stream table (pointer loop)"))
        var l2 = abortL2
        l2[0] = 0x1000 | 0b1011       // V=1, Config=s1-trans, S1ContextPtr=0x1000 (the L1 table)
        #expect(messages(try crafted(l1: [0x10000 | 9], segments: [(0x10000, l2)])).contains("sid 0x0: S1ContextPtr 0x1000 points into the stream table (pointer loop)"))
        l2[0] = 0x7000_0000 | 0b1011  // a CD outside the image
        #expect(messages(try crafted(l1: [0x10000 | 9], segments: [(0x10000, l2)])) == ["sid 0x0: CD table 0x70000000 (1 CDs) is outside the image"])
    }

    @Test func ssidBeyondS1CDMaxAndDecodeFindings() throws {
        var l2 = abortL2
        // S1CDMax=10, 64 KB leaves (S1Fmt=2): one L1CD; a second valid L1CD is unreachable.
        l2[0] = 10 << 59 | 0x30000 | 2 << 4 | 0b1011
        l2[1] = 3                      // S1DSS=0b11: reserved
        let l1cd: [UInt64] = [0x40000 | 1, 0x50000 | 1]
        let leaf = [UInt64](repeating: 0, count: 1024 * 8)
        let m = messages(try crafted(l1: [0x10000 | 9], segments: [(0x10000, l2), (0x30000, l1cd), (0x40000, leaf)]))
        #expect(m.contains("sid 0x0: reserved: S1DSS=0x3 is a reserved encoding: reserved, behaves as S1DSS=0b00 (terminate, F_STREAM_DISABLED) (§5.2)"))
        #expect(m.contains("sid 0x0 ssid 0x400: L1CD 1 is valid but serves SubstreamIDs beyond S1CDMax 10: unreachable"))
    }

    @Test func corruptAndTruncatedImagesAreRefused() throws {
        var bytes = try healthy().serialized()
        #expect(throws: ImageError.notAnImage) { try TableImage(serialized: Array("hello world, no image".utf8)) }
        let truncated = Array(bytes.prefix(100))
        #expect(throws: ImageError.self) { try TableImage(serialized: truncated) }
        bytes[80] ^= 0xff
        #expect(throws: ImageError.checksum) { try TableImage(serialized: bytes) }
        #expect(ImageError.checksum.description == "corrupt image: checksum mismatch")
    }
}

/// Images record the registers the one feature model reads (issue #10): version 2 carries
/// IDR3, AIDR and CR2 beside IDR0/1/5; version 1 images still load, their missing registers at
/// today's defaults.
@Suite("Image registers and the feature model")
struct ImageRegisterTests {
    /// A version 1 image written byte by byte: magic, version 1, no segments, five registers.
    @Test func aVersion1ImageLoadsWithTheDefaults() throws {
        var b = Array("SMMUV3IM".utf8)
        func u32(_ v: UInt32) { b += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        func u64(_ v: UInt64) { b += (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        u32(1); u32(0)
        for r: UInt64 in [0x8000_0000, 6, 0, 0x0800_0000 | 20 << 6 | 16, 0] { u64(r) }   // IDR1: SSIDSIZE 20, SIDSIZE 16
        let sum = b.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        u64(sum)
        let img = try TableImage(serialized: b)
        #expect(img.idr3 == nil && img.aidr == nil && img.cr2 == nil)
        let f = img.features, d = Features()
        #expect(f.stt == d.stt && f.archMinorRev == d.archMinorRev && f.e2h == d.e2h && f.ssidSize == 20)
        // Written again, it is version 2 with the defaults' register values.
        let again = try TableImage(serialized: img.serialized())
        #expect(again.serialized()[8] == 2 && again.features.stt == d.stt && again.idr3 == Features.defaultRegisters.idr3)
    }

    /// IDR3.STT=0 and AIDR for SMMUv3.0 survive a round trip and reach the lint's features.
    @Test func recordedRegistersReachTheLint() throws {
        var ft = Features()
        ft.stt = false
        ft.archMinorRev = 0
        ft.e2h = true
        let r = ft.registers
        let img = try TableImage(strtabBase: 0, strtabBaseCfg: 0, idr3: r.idr3, aidr: r.aidr, cr2: r.cr2)
        let back = try TableImage(serialized: img.serialized())
        #expect(back == img)
        let f = ImageCheck.features(back)
        #expect(!f.stt && f.isV3_0 && f.e2h)
        #expect(f.had == Features().had, "the other IDR3 features keep their values")
    }
}
