import Foundation
import Testing
@testable import SMMUv3

/// The realistic configurations in fixtures/configs.txt (raw field values taken from the spec
/// and from what Linux writes), compared both ways with their golden .bin files, and the
/// builders checked against the same fixtures.
@Suite("Configuration fixtures")
struct ConfigFixtureTests {
    struct Config: Sendable, CustomStringConvertible {
        let kind: DescriptorKind
        let name: String
        let record: String?
        let assignments: [(field: String, value: UInt64, address: Bool)]
        var description: String { "\(kind.rawValue)/\(name)" }
    }

    static let configs: [Config] = {
        let text = (try? String(contentsOf: Repo.fixtures.appendingPathComponent("configs.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { raw in
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            var parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2, let kind = DescriptorKind(rawValue: parts[0]) else { return nil }
            let name = parts[1]
            parts.removeFirst(2)
            let record = kind == .cmd || kind == .evt ? parts.removeFirst() : nil
            let a = parts.map { p -> (String, UInt64, Bool) in
                let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                let addr = kv[1].hasPrefix("@")
                return (kv[0], WordInput.parseNumber(addr ? String(kv[1].dropFirst()) : kv[1])!, addr)
            }
            return Config(kind: kind, name: name, record: record, assignments: a)
        }
    }()

    @Test func thereAreConfigurations() { #expect(Self.configs.count > 20) }

    @Test(arguments: configs)
    func encodeMatchesAndDecodeGivesTheFields(_ c: Config) throws {
        let layout = try #require(productLayout(c.kind, c.record ?? ""))
        // configs.txt gives raw field values; the encoder takes byte addresses for address fields.
        let args = try c.assignments.map { a -> String in
            let f = try #require(layout.field(named: a.field), "\(layout.name) has no \(a.field)")
            return "\(f.name)=\(hex(f.isAddress && !a.address ? a.value << f.lo : a.value))"
        }
        let r = try Encoded(c.kind, record: c.record, assignments: args)
        let golden = try Repo.words("\(c.kind.rawValue)/\(c.name).bin")
        #expect(r.words == golden)
        let d = try Decoded(c.kind, words: golden)
        #expect(d.layout.name == layout.name)
        for a in c.assignments {
            let f = layout.field(named: a.field)!
            let want = f.isAddress && !a.address ? a.value << f.lo : a.value
            #expect(d.value(f.name) == want, "\(c).\(f.name)")
        }
    }
}

/// The builders write exactly the golden configurations.
@Suite("Builders against golden fixtures")
struct BuilderFixtureTests {
    func golden(_ rel: String) throws -> [UInt64] { try Repo.words(rel + ".bin") }

    @Test func abortAndBypass() throws {
        #expect(STE.abort().words == (try golden("ste/abort")))
        #expect(STE.bypass().words == (try golden("ste/bypass")))
        #expect(STE.bypass(shcfg: .incoming).words == (try golden("ste/bypass-shcfg-incoming")))
    }

    @Test func stage1WithLinearAnd2LevelCDTables() throws {
        let linear = try STE.stage1(CDTableRef(address: 0x8004_0000, format: .linear, s1cdmax: 4))
        #expect(linear.words == (try golden("ste/s1-linear-cdtable")))
        var o = Stage1Options()
        o.s1dss = .bypass
        o.eats = .trans
        let twoLevel = try STE.stage1(CDTableRef(address: 0x8010_0000, format: .twoLevel64K, s1cdmax: 20), o)
        #expect(twoLevel.words == (try golden("ste/s1-2level-cdtable")))
        var el2 = Stage1Options()
        el2.s1stalld = true
        el2.strw = .el2
        el2.s1dss = .terminate
        let e = try STE.stage1(CDTableRef(address: 0x8004_0000, format: .twoLevel4K, s1cdmax: 8), el2)
        #expect(e.words == (try golden("ste/s1-el2-stalld")))
    }

    @Test func stage2With4KAnd64KGranules() throws {
        let s4k = try STE.stage2(Stage2Config(vmid: 5, vttbr: 0x8100_0000, t0sz: 24, sl0: 1, granule: .size4K, outputSize: .bits48))
        #expect(s4k.words == (try golden("ste/s2-4k")))
        var c = Stage2Config(vmid: 0x1234, vttbr: 0x8200_0000, t0sz: 22, sl0: 1, granule: .size64K, outputSize: .bits52)
        c.eats = .trans
        #expect(try STE.stage2(c).words == (try golden("ste/s2-64k")))
    }

    @Test func nested() throws {
        let s2 = Stage2Config(vmid: 7, vttbr: 0x8300_0000, t0sz: 24, sl0: 1)
        var o = Stage1Options()
        o.s1dss = .ssid0
        let n = try STE.nested(CDTableRef(address: 0x4000_0000, format: .linear, s1cdmax: 0), o, stage2: s2)
        #expect(n.words == (try golden("ste/nested")))
    }

    @Test func contextDescriptors() throws {
        let tcr = TranslationControl(t0sz: 16, tg0: .size4K, ips: .bits48)
        let s1 = try CD.stage1(asid: 1, ttb0: 0x8020_0000, tcr: tcr, mair: 0xf404_ff44)
        #expect(s1.words == (try golden("cd/s1")))
        var sva = TranslationControl(t0sz: 16, tg0: .size4K, ips: .bits48)
        sva.ha = true
        sva.hd = true
        let cd = try CD.sva(asid: 0x123, ttb0: 0x8800_0000, tcr: sva, mair: 0xf404_ff44)
        #expect(cd.words == (try golden("cd/sva")))
        #expect(CD.released(from: cd).words == (try golden("cd/released")))
    }

    @Test func levelOneDescriptors() throws {
        #expect(try L1STD.pointing(to: 0x8030_0000, span: 9).words == (try golden("l1std/span9")))
        #expect(try L1CD.pointing(to: 0x8031_0000).words == (try golden("l1cd/valid")))
    }

    @Test func buildersRefuseWhatTheSpecForbids() {
        #expect(throws: BuildError.rule("S1ContextPtr 0x80040040 is not aligned to the 1 KB linear CD table of 2^4 CDs")) {
            try STE.stage1(CDTableRef(address: 0x8004_0040, format: .linear, s1cdmax: 4))
        }
        #expect(throws: BuildError.rule("S1CDMax 21 is beyond 20, the largest SSIDSIZE (IHI 0070 §5.2)")) {
            try STE.stage1(CDTableRef(address: 0x8004_0000, s1cdmax: 21))
        }
        #expect(throws: BuildError.rule("L2Ptr 0x80302000 is not aligned to its 16 KB L2 array of 2^8 STEs")) {
            try L1STD.pointing(to: 0x8030_2000, span: 9)
        }
        #expect(throws: BuildError.field(.misaligned(field: "TTB0", value: 0x8020_0008, alignment: 16))) {
            try CD.stage1(asid: 1, ttb0: 0x8020_0008, tcr: TranslationControl(t0sz: 16), mair: 0)
        }
    }
}
