import Foundation
import Testing
@testable import SMMUv3

/// `smmuv3 translate IMAGE --sid N [--ssid M] IOVA [--write] [--format json]` (issue #12 item 3).
@Suite("smmuv3 translate")
struct TranslateCLITests {
    static func imageFile() throws -> String {
        let rig = try WalkRig()
        try rig.attachStage1(ssids: [0, 1])
        try rig.s1.map(iova: 0x1000, pa: 0x4005_0000, size: 0x1000, perm: .r)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("smmuv3-translate-\(UInt32.random(in: 0...UInt32.max)).img").path
        try Data(try rig.image().serialized()).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func deliveredPrintsEveryLevelAndExitsZero() throws {
        let img = try Self.imageFile()
        let r = try CLITests().run(["translate", img, "--sid", "1", "0x1040"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "translate sid=0x1 ssid=none iova=0x1040 read")
        #expect(lines.dropFirst().prefix(6).map { $0.split(separator: "@")[0].trimmingCharacters(in: .whitespaces) }
                == ["STE", "CD", "S1 L0", "S1 L1", "S1 L2", "S1 L3"])
        #expect(lines.last == "delivered pa=0x40050040 (r--, Normal, 4 KB leaf)")
    }

    @Test func faultsExitOneWithTheRecord() throws {
        let img = try Self.imageFile()
        let r = try CLITests().run(["translate", img, "--sid", "1", "--ssid", "1", "0x1040", "--write"])
        #expect(r.status == 1)
        #expect(r.out.contains("fault F_PERMISSION at level 3 of stage 1: stage-1 unprivileged write denied by AP[2:1]=11"))
        #expect(r.out.contains("  event: 0x0000000100001813 "))
        let j = try CLITests().run(["translate", img, "--sid", "1", "0x9000", "--format", "json"])
        #expect(j.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any])
        #expect(obj["result"] as? String == "fault" && obj["level"] as? Int == 3)
        let ev = try #require(obj["event"] as? [String: Any])
        #expect(ev["type"] as? String == "F_TRANSLATION" && ev["sid"] as? Int == 1 && ev["addr"] as? String == "0x9000")
        let ab = try CLITests().run(["translate", img, "--sid", "7", "0"])
        #expect(ab.status == 1 && ab.out.contains("terminated without a record: STE.Config=abort"))
    }

    @Test func badInputExitsTwo() throws {
        let img = try Self.imageFile()
        let wide = try CLITests().run(["translate", img, "--sid", "0x100000000", "0"])
        #expect(wide.status == 2 && wide.err.contains("--sid 0x100000000 is not a 32-bit StreamID"))
        let missing = try CLITests().run(["translate", "/nonexistent.img", "--sid", "1", "0"])
        #expect(missing.status == 2 && missing.err.contains("cannot read /nonexistent.img"))
        let fmt = try CLITests().run(["translate", img, "--sid", "1", "0", "--format", "xml"])
        #expect(fmt.status == 2)
    }
}
