import Foundation
import Testing
@testable import SMMUv3

/// Dumps made by the real tools at test time from the golden fixtures (issue 15 items 0, 1, 6).
@Suite("Dumps from xxd, hexdump and od")
struct DumpInputTests {
    /// A tool's invocation and the decode options its output needs (none: detected).
    struct Tool: CustomStringConvertible, Sendable {
        let args: [String]
        let options: [String]
        var description: String { args.joined(separator: " ") + (options.isEmpty ? "" : " | decode " + options.joined(separator: " ")) }
    }

    static let tools: [Tool] = [
        Tool(args: ["xxd"], options: []),
        Tool(args: ["xxd", "-g1"], options: []),
        Tool(args: ["xxd", "-g4"], options: ["--in-format", "xxd"]),
        Tool(args: ["xxd", "-g8"], options: ["--in-format", "xxd"]),
        Tool(args: ["xxd", "-e"], options: ["--in-format", "xxd-e"]),
        Tool(args: ["xxd", "-e", "-g8"], options: ["--in-format", "xxd-e"]),
        Tool(args: ["hexdump", "-C"], options: []),
        Tool(args: ["hexdump"], options: []),
        Tool(args: ["od"], options: []),
        Tool(args: ["od", "-t", "x1"], options: []),
        Tool(args: ["od", "-A", "x", "-t", "x1"], options: []),
        Tool(args: ["od", "-t", "x2"], options: []),
        Tool(args: ["od", "-A", "d", "-t", "x4"], options: []),
        Tool(args: ["od", "-A", "x", "-t", "x8"], options: []),
        Tool(args: ["od", "-v", "-A", "n", "-t", "x8"], options: []),
        Tool(args: ["od", "-v", "-A", "n", "-t", "x4"], options: ["--word-size", "32"]),
        Tool(args: ["od", "-v", "-A", "n", "-t", "x1"], options: ["--in-format", "bytes"]),
    ]

    /// Every binary fixture with its kind (the directory's name).
    static let fixtures: [(kind: DescriptorKind, path: String)] = {
        let fm = FileManager.default
        var out: [(DescriptorKind, String)] = []
        for kind in DescriptorKind.allCases {
            let dir = Repo.fixtures.appendingPathComponent(kind.rawValue)
            let names = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
            out += names.map { (kind, dir.appendingPathComponent($0).path) }
        }
        return out
    }()

    /// The tool's full path, or nil (with the reason printed) when this machine lacks it.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        print("skipped: \(name) is not on PATH (\(path))")
        return nil
    }

    /// Standard output of a tool run on a file.
    static func dump(_ tool: [String], _ file: String) throws -> String? {
        guard let exe = find(tool[0]) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = Array(tool.dropFirst()) + [file]
        let o = Pipe()
        p.standardOutput = o
        try p.run()
        let data = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Decode options as the library takes them.
    static func read(_ text: String, _ options: [String], kind: DescriptorKind) throws -> WordInput.Reading {
        var format = WordInput.Format.auto
        var wordSize = 64
        if let i = options.firstIndex(of: "--in-format"), let f = WordInput.Format(rawValue: options[i + 1]) { format = f }
        if let i = options.firstIndex(of: "--word-size"), let w = Int(options[i + 1]) { wordSize = w }
        return try WordInput.read(Array(text.utf8), format: format, wordSize: wordSize, kind: kind)
    }

    @Test(arguments: tools)
    func everyFixtureRoundTrips(_ tool: Tool) throws {
        for (kind, path) in Self.fixtures {
            guard let text = try Self.dump(tool.args, path) else { return }
            let expected = try WordInput.words(from: Array(try Data(contentsOf: URL(fileURLWithPath: path))), format: .bin, kind: kind)
            let got = try Self.read(text, tool.options, kind: kind)
            #expect(got.words == expected, "\(tool) of \(path)")
        }
    }

    /// Through the CLI: stdout identical to decoding the binary; how it was read on stderr only.
    @Test(arguments: tools)
    func theCLIPrintsTheSameDecode(_ tool: Tool) throws {
        let cli = CLITests()
        for kind in DescriptorKind.allCases {
            guard let (_, path) = Self.fixtures.first(where: { $0.kind == kind }) else { continue }
            guard let text = try Self.dump(tool.args, path) else { return }
            let want = try cli.run(["decode", kind.rawValue, "--input", path])
            let got = try cli.run(["decode", kind.rawValue] + tool.options, stdin: Data(text.utf8))
            #expect(got.status == 0, "\(tool) of \(path): \(got.err)")
            #expect(got.out == want.out, "\(tool) of \(path)")
            #expect(got.err.hasPrefix("input: "), "\(tool): \(got.err)")
            let json = try cli.run(["decode", kind.rawValue, "--format", "json"] + tool.options, stdin: Data(text.utf8))
            #expect(!json.out.contains("input:") && json.out.hasPrefix("{"))
        }
    }

    /// A fixture with rows of zeros, so hexdump and od collapse them with '*'.
    static let starred = Repo.fixtures.appendingPathComponent("ste/abort.bin").path

    @Test func theStarLineIsExpandedFromTheAddressesAroundIt() throws {
        guard let text = try Self.dump(["hexdump", "-C"], Self.starred) else { return }
        #expect(text.contains("\n*\n"))
        let r = try WordInput.read(Array(text.utf8), kind: .ste)
        #expect(r.words == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(r.how == "hexdump -C dump, 64 bytes from address 0x0, little-endian")
    }

    // MARK: malformed dumps: a clear error naming the line, nothing printed as if valid

    func expectRefused(_ text: String, _ kind: DescriptorKind, _ options: [String] = [], mentions: String) throws {
        #expect {
            _ = try Self.read(text, options, kind: kind)
        } throws: { e in
            "\(e)".contains(mentions)
        }
        let r = try CLITests().run(["decode", kind.rawValue] + options, stdin: Data(text.utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(mentions), "\(r.err)")
    }

    func tempFile(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-dump-\(UUID().uuidString).bin")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test(arguments: [["hexdump", "-C"], ["xxd"], ["od", "-A", "x", "-t", "x1"], ["hexdump"]])
    func anOddByteCountIsRefused(_ tool: [String]) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.starred)))
        bytes.removeLast()
        let file = try tempFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: file) }
        guard let text = try Self.dump(tool, file) else { return }
        // hexdump's default 16-bit groups pad an odd byte: the end address says 63.
        let mention = tool == ["hexdump"] ? "line" : "not a whole number of 64-byte ste"
        try expectRefused(text, .ste, mentions: mention)
    }

    @Test func aMissingRowIsABadAddressStep() throws {
        guard let text = try Self.dump(["xxd", "-g1"], Self.fixtures[0].path) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 1)
        try expectRefused(lines.joined(separator: "\n"), Self.fixtures[0].kind,
                          mentions: "line 2: address 0x20 where 0x10 follows the 16 bytes before it")
    }

    @Test func aTruncatedRowIsABadAddressStep() throws {
        guard let text = try Self.dump(["od", "-v", "-A", "x", "-t", "x1"], Self.starred) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].split(separator: " ").dropLast(3).joined(separator: " ")
        try expectRefused(lines.joined(separator: "\n"), .ste,
                          mentions: "line 3: address 0x20 where 0x1d follows the 13 bytes before it")
    }

    @Test func aStarWithNoAddressAfterItIsRefused() throws {
        guard let text = try Self.dump(["hexdump", "-C"], Self.starred) else { return }
        var lines = text.split(separator: "\n").map(String.init)
        lines.removeLast()
        try expectRefused(lines.joined(separator: "\n") + "\n", .ste, mentions: "'*' with no address after it")
    }

    @Test func aStarAfterAnAddressOffTheRowSizeIsRefused() throws {
        guard let text = try Self.dump(["hexdump", "-C"], Self.starred) else { return }
        let bent = text.replacingOccurrences(of: "00000040", with: "00000038")
        try expectRefused(bent, .ste, mentions: "is not a whole number of repeated 16-byte rows")
    }

    // MARK: never guess silently (item 0)

    @Test func bareByteListsAreRefusedWithAHint() throws {
        try expectRefused("2b 00 10 80 00 00 00 a0\n", .ste, mentions: "pass --in-format bytes")
        let sixtyFour = (0..<64).map { $0 == 0 ? "9" : "0" }.joined(separator: " ")
        try expectRefused(sixtyFour, .ste, mentions: "could be 1 ste descriptor in bytes or 8 in words")
        #expect(try WordInput.read(Array(sixtyFour.utf8), format: .bytes, kind: .ste).words == [9, 0, 0, 0, 0, 0, 0, 0])
        #expect(try WordInput.read(Array(sixtyFour.utf8), format: .words, kind: .ste).words.count == 64)
    }

    @Test func argumentsStayWords() throws {
        let r = try CLITests().run(["decode", "ste", "0x9", "0", "0", "0", "0", "0", "0", "0"])
        #expect(r.status == 0)
        #expect(r.out.contains("summary: bypass"))
        #expect(r.err.isEmpty)
    }

    @Test func thirtyTwoBitRowsNeedWordSize32() throws {
        let xp = """
        (qemu) xp /16wx 0x80001000
        0000000080001000: 0x00000009 0x00000000 0x00000000 0x00000000
        0000000080001010: 0x00000000 0x00000000 0x00000000 0x00000000
        0000000080001020: 0x00000000 0x00000000 0x00000000 0x00000000
        0000000080001030: 0x00000000 0x00000000 0x00000000 0x00000000
        """
        try expectRefused(xp, .ste, mentions: "pass --word-size 32")
        #expect(try WordInput.read(Array(xp.utf8), wordSize: 32, kind: .ste).words == [9, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func promptLinesAreSkipped() throws {
        let gdb = "(gdb) x/8gx ste\n0xffff0000:\t0x0000000000000009\t0x0000000000000000\n"
            + "0xffff0010:\t0x0\t0x0\n0xffff0020:\t0x0\t0x0\n0xffff0030:\t0x0\t0x0\n"
        #expect(try WordInput.read(Array(gdb.utf8), kind: .ste).words == [9, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func crashRdRowsAndBigEndian() throws {
        let rd = """
        ffff880012340000:  0000000000000009 0000000000000000   ................
        ffff880012340010:  0000000000000000 0000000000000000   ................
        ffff880012340020:  0000000000000000 0000000000000000   ................
        ffff880012340030:  0000000000000000 0000000000000000   ................
        """
        let r = try WordInput.read(Array(rd.utf8), kind: .ste)
        #expect(r.words == [9, 0, 0, 0, 0, 0, 0, 0])
        #expect(r.how.hasPrefix("crash rd dump, 64 bytes from address 0xffff880012340000"))
        let bytes = "00000000  00 00 00 00 00 00 00 09  00 00 00 00 00 00 00 00  |................|\n00000010\n"
        #expect(try WordInput.read(Array(bytes.utf8), bigEndian: true, kind: .cmd).words == [9, 0])
    }

    @Test func devmemOneValueALine() throws {
        let devmem = "0x00000009\n0x00000000\n0x00000000\n0x00000000\n"
        #expect(throws: InputError.self) { try WordInput.read(Array(devmem.utf8), kind: .cmd) }
        #expect(try WordInput.read(Array(devmem.utf8), wordSize: 32, kind: .cmd).words == [9, 0])
    }
}
