import Foundation
import Testing
@testable import SMMUv3

/// The CLI contract (design §5): output shapes and exit status 0 / 1 / 2.
@Suite("smmuv3 CLI")
struct CLITests {
    struct Run { let out: String; let err: String; let status: Int32; let bytes: Data }

    static let binary: URL = {
        // The test bundle sits beside the built products.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("smmuv3").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("smmuv3")
    }()

    func run(_ args: [String], stdin: Data? = nil) throws -> Run {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        let o = Pipe(), e = Pipe(), i = Pipe()
        p.standardOutput = o
        p.standardError = e
        p.standardInput = i
        try p.run()
        if let stdin { i.fileHandleForWriting.write(stdin) }
        try i.fileHandleForWriting.close()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self),
                   status: p.terminationStatus, bytes: out)
    }

    @Test func encodePrintsOneLineOfWords() throws {
        let r = try run(["encode", "ste", "V=1", "Config=bypass"])
        #expect(r.status == 0)
        #expect(r.out == "0x0000000000000009" + String(repeating: " 0x0000000000000000", count: 7) + "\n")
    }

    @Test func encodeACommandByName() throws {
        let r = try run(["encode", "cmd", "cfgi-ste", "StreamID=0x42", "Leaf=1"])
        #expect(r.out == "0x0000004200000003 0x0000000000000001\n")
    }

    @Test func encodeBinAndJSON() throws {
        let bin = try run(["encode", "l1std", "Span=9", "L2Ptr=0x80004000", "--format", "bin"])
        #expect(bin.bytes == Data([0x09, 0x40, 0x00, 0x80, 0, 0, 0, 0]))
        let json = try run(["encode", "l1cd", "V=1", "L2Ptr=0x80010000", "--format", "json"])
        #expect(json.out == "{\"kind\": \"l1cd\", \"layout\": \"L1CD\", \"words\": [\"0x0000000080010001\"]}\n")
    }

    @Test func badInputExitsTwoWithTheReason() throws {
        let r = try run(["encode", "ste", "S1CDMax=40"])
        #expect(r.status == 2)
        #expect(r.err == "error: S1CDMax=40 does not fit in 5 bits (max 0x1f)\n")
        #expect(r.out.isEmpty)
        #expect(try run(["encode", "frob", "V=1"]).status == 2)
        #expect(try run(["decode", "ste", "0x9", "0"]).err == "error: ste takes 8 words (a multiple of 8 for several); got 2\n")
    }

    @Test func decodeStrictExitsOneOnFindings() throws {
        let words = ["0x0000000000000003"] + Array(repeating: "0", count: 7)
        let lax = try run(["decode", "ste"] + words)
        #expect(lax.status == 0)
        #expect(lax.out.contains("reserved: Config=0x1 is a reserved encoding: reserved, behaves as Config=0b000 (abort, no event recorded) (§5.2)"))
        #expect(try run(["decode", "ste", "--strict"] + words).status == 1)
        let clean = ["0x9"] + Array(repeating: "0", count: 7)
        #expect(try run(["decode", "ste", "--strict"] + clean).status == 0)
    }

    @Test func decodeFromStdinAutoDetectsBinaryAndText() throws {
        var bin = Data([0x09] + [UInt8](repeating: 0, count: 63))
        let b = try run(["decode", "ste", "--format", "json"], stdin: bin)
        #expect(b.status == 0)
        #expect(b.out.contains("\"summary\": \"bypass\""))
        bin.removeLast()
        #expect(try run(["decode", "ste"], stdin: bin).err.contains("truncated binary: 63 bytes"))
        let t = try run(["decode", "cmd", "--nonzero"], stdin: Data("qw[0] = 0x0000004200000003\nqw[1] = 0x1\n".utf8))
        #expect(t.out.contains("summary: CMD_CFGI_STE StreamID=0x42 Leaf=0x1"))
    }

    @Test func diffNamesTheFieldsAndWords() throws {
        let a = "0x9 0 0 0 0 0 0 0"
        let b = "0x200000008000100b 0x2 0 0 0 0 0 0"
        let r = try run(["diff", "ste", a, b])
        #expect(r.status == 0)
        #expect(r.out.contains("word 0 [3:1] Config: 0x4 -> 0x5  (bypass: bypass both stages -> s1-trans: stage 1 translate, stage 2 bypass)"))
        #expect(r.out.contains("word 1 [1:0] S1DSS: 0x0 -> 0x2"))
        #expect(r.out.hasSuffix("words that differ: 0, 1\n"))
        #expect(try run(["diff", "ste", a, a]).out == "identical\n")
    }

    /// Issue #2's "done when": every field of every descriptor round-trips through the CLI
    /// (encode FIELD=all-ones -> the one-hot fixture; decode of those words -> that field alone).
    @Test(arguments: DescriptorKind.allCases)
    func everyFieldRoundTripsThroughTheCLI(_ kind: DescriptorKind) throws {
        let cases = try OneHotFixtureTests.cases.filter { $0.kind == kind }
        #expect(!cases.isEmpty)
        var all: [UInt64] = []
        for s in cases {
            let f = try #require(productLayout(kind, s.record)?.field(named: s.name))
            let record = kind == .cmd || kind == .evt ? [s.record] : []
            let r = try run(["encode", kind.rawValue] + record + ["\(f.name)=\(hex(f.allOnes))"])
            #expect(r.status == 0, "\(s): \(r.err)")
            let words = r.out.split(separator: " ").compactMap { UInt64($0.dropFirst(2).prefix(16), radix: 16) }
            #expect(words == (try Repo.words(OneHotFixtureTests.fixturePath(s))), "\(s)")
            all += words
        }
        let text = all.map(hex16).joined(separator: "\n")
        let d = try run(["decode", kind.rawValue, "--format", "json", "--nonzero"], stdin: Data(text.utf8))
        #expect(d.status == 0, "\(d.err)")
        let json = try JSONSerialization.jsonObject(with: Data(d.out.utf8))
        let items = (json as? [[String: Any]]) ?? [json as! [String: Any]]
        #expect(items.count == cases.count)
        for (s, item) in zip(cases, items) {
            let fields = item["fields"] as! [[String: Any]]
            let layout = try #require(OneHotFixtureTests.decodedLayout(s))
            let names = fields.map { $0["name"] as! String }
                .filter { n in !OneHotFixtureTests.isRecordConstant(layout.field(named: n)!, kind, layout) }
            // The field itself, and any alias of the same bits (CD.SKL0 over HWU061/HWU062).
            let target = try #require(layout.field(named: s.name))
            let expected = layout.fields.filter {
                ($0 == target || $0.overlaps(target)) && !OneHotFixtureTests.isRecordConstant($0, kind, layout)
            }.map(\.name)
            #expect(names == expected, "\(s): decoded \(names)")
        }
    }

    @Test func dumpChecksAndPrintsEntriesOfAnImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-dump-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.img"), bad = dir.appendingPathComponent("bad.img")
        let t = ImageTests()
        try Data(try t.healthy().serialized()).write(to: good)
        try Data(try t.crafted(l1: [0x50000 | 9], segments: []).serialized()).write(to: bad)

        let ok = try run(["dump", good.path, "--check"])
        #expect(ok.status == 0)
        #expect(ok.out == "stream table 0x80000000: 2-level, SPLIT 8, 2^16 StreamIDs, 5 segments\nno findings\n")
        let lint = try run(["dump", bad.path, "--check"])
        #expect(lint.status == 1)
        #expect(lint.out.contains("sid 0x0: L1STD 0: L2 array 0x50000 (256 STEs) is outside the image"))
        let ste = try run(["dump", good.path, "--sid", "0x42", "--nonzero"])
        #expect(ste.out.contains("summary: stage 1: 2-level CD table (64 KB leaves), 2^12 SSIDs"))
        let cd = try run(["dump", good.path, "--sid", "66", "--ssid", "1500", "--nonzero"])
        #expect(cd.out.contains("summary: stage 1: ASID 0x2 (shared, ASET=0)"))
        let beyond = try run(["dump", good.path, "--sid", "66", "--ssid", "4096"])
        #expect(beyond.status == 2 && beyond.err == "error: SubstreamID 4096 is beyond S1CDMax 12\n")
        var corrupt = try Data(contentsOf: good)
        corrupt[40] ^= 1
        try corrupt.write(to: bad)
        #expect(try run(["dump", bad.path, "--check"]).err == "error: corrupt image: checksum mismatch\n")
    }

    @Test func planPrintsTheContractJSONAndVerifyReplaysLogs() throws {
        let bypass = "0x9 0x100000000000 0 0 0 0 0 0"                 // V=1 bypass, SHCFG=incoming
        let s1 = "0x200000008004000b 0x1000000d6 0 0 0 0 0 0"        // S1, S1DSS=ssid0, EATS=trans
        let p = try run(["plan", "ste", "--from", bypass, "--to", s1, "--format", "json"])
        #expect(p.status == 0, "\(p.err)")
        let json = try JSONSerialization.jsonObject(with: Data(p.out.utf8)) as! [String: Any]
        #expect(json["syncs"] as? Int == 3)
        #expect(json["hitless"] as? Bool == true)         // Linux bypass_to_cdtable: 3 syncs, hitless
        #expect((json["check"] as! [String: Any])["verdict"] as? String == "safe")
        #expect((json["final"] as! [String]) == s1.split(separator: " ").map { hex16(UInt64($0.dropFirst(2), radix: 16) ?? 0) })
        let steps = json["steps"] as! [[String: Any]]
        #expect(steps.count == 3 && steps.allSatisfy { $0["sync"] as? Bool == true })

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-verify-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func log(_ name: String, _ text: String) throws -> String {
            let u = dir.appendingPathComponent(name)
            try text.write(to: u, atomically: true, encoding: .utf8)
            return u.path
        }
        let good = try log("good.log", "# V=0 break\nwrite 0 0x8\nsync\nwrite 1 0x1000000d6\nsync\nwrite 0 0x200000008004000b\nsync\n")
        let ok = try run(["verify", "ste", "--from", bypass, "--log", good])
        #expect(ok.status == 0)
        #expect(ok.out == "safe: 3 writes, 3 syncs, 4 observable entries, not hitless (an invalid entry is observable)\n")
        let bad = try log("bad.log", "write 0 0x200000008004000b\nwrite 1 0x1000000d6\nsync\n")
        let no = try run(["verify", "ste", "--from", bypass, "--log", bad])
        #expect(no.status == 1)
        #expect(no.out.hasPrefix("unsafe: in step 1 the SMMU can observe a HYBRID entry"))
        let unsynced = try log("unsynced.log", "write 0 0x8\nsync\nwrite 1 0x1000000d6\nsync\nwrite 0 0x200000008004000b\n")
        #expect(try run(["verify", "ste", "--from", bypass, "--log", unsynced]).out
                == "unsafe: the sequence ends without a sync: the SMMU may still use stale words\n")
    }

    @Test func planAndVerifyRefuseBadInput() throws {
        let bypass = "0x9 0 0 0 0 0 0 0"
        #expect(try run(["plan", "ste", "--from", "0x9 0", "--to", bypass]).err == "error: --from takes 8 words (\"W0 … W7\"); got 2\n")
        // An ILLEGAL target is planned all the same, with a warning; --strict makes it exit 1.
        let illegal = try run(["plan", "ste", "--from", bypass, "--to", "0xa80000000000000b 0 0 0 0 0 0 0"])
        #expect(illegal.status == 0)
        #expect(illegal.err.hasPrefix("warning: to: illegal: S1CDMax=0x15"))
        #expect(illegal.out.contains("check: safe"))
        let strict = try run(["plan", "ste", "--from", bypass, "--to", "0xa80000000000000b 0 0 0 0 0 0 0", "--strict"])
        #expect(strict.status == 1 && strict.out.contains("check: safe"))
        let json = try run(["plan", "ste", "--from", bypass, "--to", "0xa80000000000000b 0 0 0 0 0 0 0", "--format", "json"])
        #expect(json.status == 0 && json.out.contains("\"findings\": {\"from\": [], \"to\": [{\"severity\": \"illegal\", \"field\": \"S1CDMax\""))
        #expect(try run(["plan", "cmd", "--from", bypass, "--to", bypass]).err == "error: cmd: plan and verify take ste or cd\n")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-badlog-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (text, message) in [
            ("write 0 0x8\nflush\n", "error: line 2: unknown statement 'flush' (expected 'write I 0xVALUE', 'sync' or 'end')\n"),
            ("write 8 0x0\n", "error: line 1: word 8 is beyond the entry's 8 words (0...7)\n"),
            ("write 0 0x8\nsync\nend\nwrite 1 0x0\n", "error: line 4: statement after 'end'\n"),
            ("write 0\n", "error: line 1: 'write 0' is not 'write I 0xVALUE' or 'sync'\n"),
        ] {
            let u = dir.appendingPathComponent("l.log")
            try text.write(to: u, atomically: true, encoding: .utf8)
            let r = try run(["verify", "ste", "--from", bypass, "--log", u.path])
            #expect(r.status == 2 && r.err == message)
        }
    }

    @Test func replayPrintsJSONLinesAndWritesImages() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-replay-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = Repo.root.appendingPathComponent("seeds/sva-release.smmu").path
        let r = try run(["replay", seed, "--format", "json", "--images", dir.path])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.first?["op"] as? String == "store")
        let tlbi = objects.first { $0["name"] as? String == "TLBI_NH_ASID" }
        #expect(tlbi?["asid"] as? Int == 0x42 && tlbi?["smmu"] as? String == "smmu0")
        let cfgi = objects.first { $0["name"] as? String == "CFGI_CD" }
        #expect(cfgi?["sid"] as? Int == 512 && cfgi?["ssid"] as? Int == 1 && cfgi?["leaf"] as? Bool == false)
        #expect((cfgi?["words"] as? [String])?.count == 2)
        let lint = try run(["dump", dir.appendingPathComponent("smmu0.img").path, "--check"])
        #expect(lint.status == 0 && lint.out.hasSuffix("no findings\n"))

        let nowhere = try run(["replay", seed, "--images", dir.appendingPathComponent("missing").path])
        #expect(nowhere.status == 2)
        #expect(nowhere.err == "error: cannot write \(dir.appendingPathComponent("missing").path)/smmu0.img: No such file or directory\n")

        let bad = dir.appendingPathComponent("bad.smmu")
        try "smmu s0\nmaster m smmu=s9 sids=1\n".write(to: bad, atomically: true, encoding: .utf8)
        let e = try run(["replay", bad.path])
        #expect(e.status == 2 && e.err == "error: line 2: master m: unknown smmu s9\n")
    }
}
