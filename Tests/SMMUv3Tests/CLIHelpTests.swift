import Foundation
import Testing
@testable import SMMUv3

/// A CLI that helps a new user: unknown names get the closest known ones, `fields` shows one
/// field with its named values, every listed named value is one `encode` accepts, `--version`.
@Suite("smmuv3 CLI help")
struct CLIHelpTests {
    func run(_ args: [String], stdin: Data? = nil) throws -> CLITests.Run { try CLITests().run(args, stdin: stdin) }

    /// Refused with exit 2, one line on stderr naming what is wrong and the closest names, no usage text.
    func refused(_ args: [String], _ message: String) throws {
        let r = try run(args)
        #expect(r.status == 2, "\(args)")
        #expect(r.err == "error: \(message)\n", "\(args)")
        #expect(r.out.isEmpty, "\(args)")
    }

    @Test func unknownRecordsFieldsAndValuesGetTheClosestKnownNames() throws {
        try refused(["fields", "evt", "F_TRANSLATON"], "unknown event record 'F_TRANSLATON'; did you mean F_TRANSLATION?")
        try refused(["fields", "ste", "Confg"], "unknown field 'Confg' in STE; did you mean Config?")
        try refused(["fields", "cmd", "CMD_SYNC", "SC"], "unknown field 'SC' in CMD_SYNC; did you mean CS?")
        try refused(["encode", "ste", "Confg=1"], "unknown field 'Confg' in STE; did you mean Config?")
        try refused(["encode", "cmd", "CMD_CFGI_STEE", "StreamID=1"], "unknown command 'CMD_CFGI_STEE'; did you mean CMD_CFGI_STE?")
        try refused(["encode", "cmd", "cfgi-cd-al"], "unknown command 'cfgi-cd-al'; did you mean CMD_CFGI_CD_ALL?")
        try refused(["encode", "ste", "Config=s1trans"],
                    "unknown value 's1trans' for Config (known: abort, bypass, s1-trans, s2-trans, nested); did you mean s1-trans?")
        try refused(["encode", "reg", "CR0", "SMMUEM=1"], "SMMU_CR0 has no field 'SMMUEM'; did you mean SMMUEN?")
        #expect(try run(["decode", "reg", "CR00", "1"]).err.hasSuffix("; did you mean SMMU_CR0?\n"))
    }

    @Test func unknownCommandsAndKindsGetTheClosestKnownNames() throws {
        let cmd = try run(["decod", "ste", "0x9"])
        #expect(cmd.status == 2)
        #expect(cmd.err.hasPrefix("error: unknown command 'decod'; did you mean decode? (commands: encode, decode,"))
        #expect(!cmd.err.contains("Usage"))
        try refused(["decode", "stee", "0x9"], "unknown kind 'stee'; did you mean ste? (kinds: ste, cd, l1std, l1cd, cmd, evt (or reg))")
        try refused(["fields", "evnt"], "unknown kind 'evnt'; did you mean evt? (kinds: ste, cd, l1std, l1cd, cmd, evt)")
        // Nothing close: the known names, no guess.
        try refused(["fields", "qqqqqqq"], "unknown kind 'qqqqqqq' (kinds: ste, cd, l1std, l1cd, cmd, evt)")
    }

    @Test func versionPrintsThePackageVersion() throws {
        let r = try run(["--version"])
        #expect(r.status == 0)
        #expect(r.out == packageVersion + "\n")
    }

    @Test func fieldsListingHasAHeaderRow() throws {
        let cases: [([String], DescriptorLayout?)] = [(["fields", "ste"], DescriptorLayout.ste), (["fields", "l1std"], DescriptorLayout.l1std),
                                            (["fields", "cmd", "CMD_SYNC"], DescriptorLayout.command(named: "CMD_SYNC")),
                                            (["fields", "evt", "F_TRANSLATION"], DescriptorLayout.event(named: "F_TRANSLATION"))]
        for (args, layout) in cases {
            let lines = try run(args).out.split(separator: "\n")
            #expect(lines.first == "word bits     spec bits  field           description", "\(args)")
            #expect(lines.count == 1 + (layout?.fields.count ?? 0), "\(args)")
        }
        #expect(try run(["fields", "cmd"]).out.hasPrefix("opcode  command\n0x1     CMD_PREFETCH_CONFIG\n"))
        #expect(try run(["fields", "evt"]).out.hasPrefix("id      event record\n"))
    }

    /// `fields ste Config` shows Config alone, then each of its encodings: value, name, meaning.
    @Test func oneFieldIsShownWithEveryNamedValue() throws {
        let r = try run(["fields", "ste", "Config"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].hasPrefix("0    [3:1]    [3:1]      Config          stream configuration; values: abort=0x0, bypass=0x4,"))
        #expect(lines[2] == "")
        #expect(lines[3] == "value   name        meaning")
        #expect(lines[4] == "0x0     abort       abort all traffic, no event")
        #expect(lines[8] == "0x4     bypass      bypass both stages")
        #expect(lines.count == 4 + Config.encodings.count + 1)
        let unnamed = try run(["fields", "cd", "asid"])
        #expect(unnamed.out.hasSuffix("no named values: ASID=N takes a number that fits [63:48]\n"))
    }

    /// The names the listing gives are the encoder's: CMD_SYNC CS lists sev (what every
    /// emitted SYNC uses), F_TRANSLATION CLASS lists tt, and every listed `name=value` of every
    /// field of every layout encodes to that value.
    @Test func everyListedNamedValueEncodes() throws {
        #expect(try run(["fields", "cmd", "CMD_SYNC"]).out.contains("CS              completion signal; values: none=0x0, irq=0x1, sev=0x2; reserved: 0x3\n"))
        #expect(try run(["fields", "evt", "F_TRANSLATION"]).out.contains("values: cd=0x0, tt=0x1, in=0x2; reserved: 0x3\n"))
        var targets: [(DescriptorKind, String?, DescriptorLayout)] = [(.ste, nil, DescriptorLayout.ste), (.cd, nil, DescriptorLayout.cd),
                                                            (.l1std, nil, DescriptorLayout.l1std), (.l1cd, nil, DescriptorLayout.l1cd)]
        targets += DescriptorLayout.commands.map { (.cmd, $0.name, $0) } + DescriptorLayout.events.map { (.evt, $0.name, $0) }
        var checked = 0
        for (kind, record, layout) in targets {
            let out = try run(["fields", kind.rawValue] + (record.map { [$0] } ?? [])).out
            for line in out.split(separator: "\n").dropFirst() {
                let cols = line.split(separator: " ", omittingEmptySubsequences: true)
                let name = String(cols[3])
                let field = try #require(layout.field(named: name))
                let listed = line.split(separator: "; values: ", maxSplits: 1).dropFirst().first
                #expect((listed != nil) == !NamedValues.encodings(kind: kind, field: field.name).isEmpty, "\(layout.name).\(name)")
                guard let listed else { continue }
                let named = listed.split(separator: "; reserved: ", maxSplits: 1)[0]
                for pair in named.split(separator: ", ") {
                    let nv = pair.split(separator: "=")
                    let value = try #require(WordInput.parseNumber(String(nv[1])))
                    let r = try Encoded(kind, record: record, assignments: ["\(name)=\(nv[0])"])
                    #expect(field.get(r.words) == value, "\(layout.name).\(name)=\(nv[0])")
                    #expect(r.warnings.isEmpty, "\(layout.name).\(name)=\(nv[0]) is listed as a name, not reserved")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    /// One rule for numbers, said in every --help: descriptor words are hex with or without
    /// 0x; field values, IDs and sizes are decimal unless written 0x….
    @Test func everyHelpStatesTheRuleForNumbers() throws {
        for c in [[], ["encode"], ["decode"], ["diff"], ["fields"], ["dump"], ["plan"], ["verify"], ["replay"], ["translate"],
                  ["decode-reg"], ["decode-regs"], ["encode-reg"], ["emulate"]] {
            let r = try run(c + ["--help"])
            let text = r.out.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
            #expect(text.contains("Numbers: descriptor words (arguments, --from/--to, verify logs, dumps) are hex, with or without 0x"), "\(c)")
            #expect(text.contains("are decimal unless written 0x…"), "\(c)")
        }
    }

    @Test func descriptorWordsAreHexAndFieldValuesDecimal() throws {
        // decode takes descriptor words: 10 is 0x10, with or without 0x.
        let words = try run(["decode", "cmd", "3", "10", "--format", "json"]).out
        #expect(words.contains("\"0x0000000000000010\""))
        #expect(try run(["decode", "cmd", "0x3", "0x10", "--format", "json"]).out == words)
        // encode takes field values: 10 is ten, 0x10 sixteen.
        #expect(try run(["encode", "cmd", "CMD_CFGI_STE", "StreamID=10"]).out.hasPrefix("0x0000000a00000003 "))
        #expect(try run(["encode", "cmd", "CMD_CFGI_STE", "StreamID=0x10"]).out.hasPrefix("0x0000001000000003 "))
        // Integer options too: --ssidsize 0x10 is 16, --budget 1_000 a thousand.
        let ste = ["decode", "ste", "0xa800000080001fcb", "3", "0", "0", "0", "0", "0", "0"]
        #expect(try run(ste + ["--ssidsize", "0x10"]).out == run(ste + ["--ssidsize", "16"]).out)
        #expect(try run(ste + ["--ssidsize", "0x10"]).out.contains("exceeds SMMU_IDR1.SSIDSIZE 16"))
        #expect(try run(ste + ["--ssidsize", "sixteen"]).status == 2)
        // A verify log's VALUE is a descriptor word: hex.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-numbers-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bare = dir.appendingPathComponent("bare.log"), prefixed = dir.appendingPathComponent("prefixed.log")
        try "write 1 10\nsync\n".write(to: bare, atomically: true, encoding: .utf8)
        try "write 1 0x10\nsync\n".write(to: prefixed, atomically: true, encoding: .utf8)
        let from = "0x9 0 0 0 0 0 0 0"
        let a = try run(["verify", "ste", "--from", from, "--log", bare.path, "--format", "json"])
        let b = try run(["verify", "ste", "--from", from, "--log", prefixed.path, "--format", "json"])
        #expect(a.status == b.status && a.out == b.out && !a.out.isEmpty)
    }

    /// Text output prints IDs in hex (design §5); JSON keeps them integers.
    @Test func textPrintsIDsInHexAndJSONKeepsIntegers() throws {
        let seed = Repo.root.appendingPathComponent("seeds/id-reuse.smmu").path
        let text = try run(["replay", seed]).out
        #expect(text.contains("a: CFGI_CD SubstreamID=0x1 StreamID=0x1 Leaf=0x1\n"))
        #expect(text.contains("a: TLBI_NH_ASID ASID=0x5\n"))
        #expect(text.contains("a: store cd sid=0x1 ssid=0x1 qword=0 value="))
        let notes = try run(["replay", Repo.root.appendingPathComponent("seeds/id-per-smmu.smmu").path]).out
        #expect(notes.contains("# note: domain y takes ASID 0x1 on smmu a (id-policy=per-smmu, the lowest free in smmu a's own ASIDs): ASID 0x5 is taken there\n"))
        let json = try run(["replay", seed, "--format", "json"]).out
        #expect(json.contains("\"name\":\"TLBI_NH_ASID\",\"asid\":5,"))
        let cd = try run(["encode", "cd", "V=1", "ASID=26", "T0SZ=16", "TG0=4k", "TTB0=0x90000000", "AA64=1"]).out
        let decoded = try run(["decode", "cd"] + cd.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(decoded.out.contains("summary: stage 1: ASID 0x1a (shared, ASET=0)"))
    }

    /// `(qemu)` and `(gdb)` prompt lines, with a command or bare, are skipped like labels,
    /// wherever they fall in the pasted session.
    @Test func promptLinesInAPastedSessionAreSkipped() throws {
        let zeros = String(repeating: "0\n", count: 7)
        let sessions: [(String, [String])] = [
            ("(gdb) p/x ste[3].qw[0]\n0x9\n(gdb) \n" + zeros + "(gdb)\n", []),
            ("(qemu) xp /2xg 0x80000000\n0000000080000000: 0x0000000000000009 0x0000000000000000\n"
             + "(qemu) xp /6xg 0x80000010\n0000000080000010: 0x0000000000000000 0x0000000000000000\n"
             + "0000000080000020: 0x0000000000000000 0x0000000000000000\n0000000080000030: 0x0000000000000000 0x0000000000000000\n(qemu) \n", []),
            ("(qemu) xp /16wx 0x80001000\n" + (0..<4).map { "00000000800010\($0)0: 0x0000000\($0 == 0 ? 9 : 0) 0x00000000 0x00000000 0x00000000\n" }.joined()
             + "(qemu)\n", ["--word-size", "32"]),
        ]
        for (text, options) in sessions {
            let r = try run(["decode", "ste", "--nonzero"] + options, stdin: Data(text.utf8))
            #expect(r.status == 0, "\(text)")
            #expect(r.out.hasPrefix("STE: 0x0000000000000009 " + Array(repeating: "0x0000000000000000", count: 7).joined(separator: " ") + "\nsummary: bypass\n"), "\(text)")
        }
    }
}
