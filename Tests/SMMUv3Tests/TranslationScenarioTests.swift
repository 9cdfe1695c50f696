import Foundation
import Testing
@testable import SMMUv3

/// Scenario `domain` without a table address, `map`, `unmap` and `dma` (issue #12 items 4, 6).
@Suite("Scenario map / unmap / dma")
struct TranslationScenarioTests {
    static func seed() throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent("seeds/map-dma.smmu"), encoding: .utf8)
    }

    @Test func everyDMALineIsPredictedAsWorkedOutByHand() throws {
        let (_, steps) = try Scenario.run(try Self.seed())
        var got: [String] = []
        for s in steps {
            for case let .dma(p) in s.events {
                var line = "\(p.line) \(p.walk.result)"
                if let pa = p.walk.pa { line += " pa=\(hex(pa))" }
                if let e = p.walk.eventName { line += " \(e)" + (p.walk.level.map { " level=\($0)" } ?? "") }
                got.append(line)
            }
        }
        let golden = try String(contentsOf: Repo.fixtures.appendingPathComponent("streams/map-dma.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(got == golden)
    }

    @Test func unmapInvalidatesAndSplitsBreakBeforeMake() throws {
        let (_, steps) = try Scenario.run(try Self.seed())
        func commands(_ line: Int) -> [String] {
            steps.first { $0.line == line }?.events.compactMap(\.commandName) ?? []
        }
        // Splitting the 2 MB block: invalid block, TLBI + SYNC, the new table, then the TLBI the
        // unmap owes; the stage-2 unmap owes TLBI_S12_VMALL.
        #expect(commands(21) == ["TLBI_NH_ASID", "SYNC", "TLBI_NH_ASID", "SYNC"])
        let split = try #require(steps.first { $0.line == 21 }).events
        guard case let .pageTable(_, _, first, _) = split[0] else { Issue.record("first event is not a pt store"); return }
        #expect(first == 0)
        #expect(split.firstIndex { $0.commandName == "TLBI_NH_ASID" } == 1)
        #expect(commands(36) == ["TLBI_S12_VMALL", "SYNC"])
        // Maps of unattached domains owe nothing; every map line stores page-table entries only.
        #expect(commands(12).isEmpty && commands(13).isEmpty)
    }

    @Test func jsonLinesForDMAAndPageTableStores() throws {
        let (_, steps) = try Scenario.run(try Self.seed())
        let dma = steps.first { $0.line == 15 }?.events.first
        #expect(dma?.json == #"{"op":"dma","line":15,"master":"nic","sid":256,"ssid":null,"iova":"0x1040","dir":"write","len":4,"expected":{"result":"delivered","pa":"0x40050040"}}"#)
        let fault = steps.first { $0.line == 18 }?.events.first
        #expect(fault?.json == #"{"op":"dma","line":18,"master":"nic","sid":256,"ssid":null,"iova":"0x5000","dir":"read","len":4,"expected":{"result":"fault","event":{"type":"F_TRANSLATION","sid":256,"ssid":null,"addr":"0x5000"}}}"#)
        let store = try #require(steps.first { $0.line == 12 }?.events.first)
        #expect(store.json.hasPrefix(#"{"op":"store","domain":"dma","table":"pt","bus":"0x"#))
    }

    @Test func defaultGeometryKeepsTodaysSTEAndCD() throws {
        // A fabric-allocated 40-bit stage-2 domain writes the same S2T0SZ / S2SL0 as an explicit
        // vttbr; a 39-bit stage-1 domain's CD says T0SZ 25.
        let (fabric, _) = try Scenario.run(try Self.seed())
        let ste = try #require(fabric.ste(smmu: "smmu0", sid: 0x300))
        #expect(ste["S2T0SZ"] == 24 && ste["S2SL0"] == 1)
        let cd = try #require(fabric.cd(master: "dev", ssid: 0))
        #expect(cd["T0SZ"] == 25)
        #expect(try #require(fabric.cd(master: "nic", ssid: 0))["T0SZ"] == 16)
    }

    @Test(arguments: [
        ("map d iova=0x1000 pa=0x2000 size=0", "map d: size 0: nothing to map or unmap"),
        ("map d iova=0x1234 pa=0x2000 size=0x1000", "map d: IOVA 0x1234 is not aligned to the 4 KB granule"),
        ("map d iova=0x8000000000 pa=0 size=0x1000", "map d: range 0x8000000000 + 0x1000 is beyond the 39-bit input address size"),
        ("map d iova=0 pa=0x1000000000000 size=0x1000", "map d: output range 0x1000000000000 + 0x1000 is beyond the 48-bit output address size"),
        ("map d iova=0 pa=0 size=0x2000", "map d: range 0x0 + 0x2000 overlaps the valid mapping at 0x1000 (unmap it first)"),
        ("unmap d iova=0x3000 size=0x1000", "unmap d: nothing is mapped at 0x3000"),
        ("map x iova=0 pa=0 size=0x1000", "domain x (s1 asid=2 ttb0=0x1000) was declared with its own table address: the fabric does not own its tables"),
        ("map d iova=0 pa=0 size=0x1000 perm=x", "perm=x is not r, w or rw"),
        ("dma m iova=0 sideways", "dma needs exactly one of read or write after the master"),
        ("dma m sid=5 iova=0 read", "StreamID 5 is not one of master m's (1)"),
        ("dma m iova=0xffffffffffffffff read len=2", "iova 0xffffffffffffffff + len 2 wraps past 2^64"),
        ("domain e s1 asid=3 va-bits=40", "va-bits=40 is not 39 or 48"),
    ])
    func badLinesNameTheLineAndChangeNothing(_ line: String, _ message: String) throws {
        let prefix = "smmu s\nmaster m smmu=s sids=1\ndomain x s1 asid=2 ttb0=0x1000\ndomain d s1 asid=1 va-bits=39\nmap d iova=0x1000 pa=0x2000 size=0x1000\n"
        #expect(throws: FlowError("line 6: " + message)) { try Scenario.run(prefix + line) }
    }

    @Test func aRefusedMapLeavesTheTablesAsTheyWere() throws {
        let fabric = Fabric()
        _ = try Scenario.run("smmu s\ndomain d s1 asid=1\nmap d iova=0x200000 pa=0x200000 size=0x200000", fabric: fabric)
        _ = fabric.drainEvents()
        #expect(throws: FlowError.self) { try Scenario.run("map d iova=0x1ff000 pa=0 size=0x2000", fabric: fabric) }
        #expect(fabric.events.isEmpty)
    }
}
