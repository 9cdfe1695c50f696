import Foundation
import Testing

/// README's tour runs as written: every `$ COMMAND` line in a code block of README.md is run
/// from the repository root with the built `smmuv3` on PATH, and what it prints (standard error,
/// then standard output) is the text shown under it. A `...` line marks an excerpt: the shown
/// pieces appear in that order, each one whole.
@Suite("README tour")
struct ReadmeTourTests {
    struct Command: Sendable, CustomTestStringConvertible {
        let line: Int
        let text: String
        let expected: [String]
        var testDescription: String { "README line \(line): \(text)" }
    }

    static let readme: [String] = {
        let text = (try? String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }()

    /// Each `$` line of a fenced block (indented blocks included) and the lines under it.
    static let commands: [Command] = {
        var out: [Command] = []
        var fence: String?
        var current: (line: Int, text: String, expected: [String])?
        func close() {
            if let c = current { out.append(Command(line: c.line, text: c.text, expected: c.expected)) }
            current = nil
        }
        for (i, raw) in readme.enumerated() {
            let trimmed = raw.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                if fence == nil { fence = String(raw.prefix(raw.count - trimmed.count)) } else { close(); fence = nil }
                continue
            }
            guard let indent = fence else { continue }
            let l = raw.hasPrefix(indent) ? String(raw.dropFirst(indent.count)) : raw
            if l.hasPrefix("$ ") {
                close()
                current = (i + 1, String(l.dropFirst(2)), [])
            } else {
                current?.expected.append(l)
            }
        }
        return out
    }()

    static let binDir = CLITests.binary.deletingLastPathComponent().path

    /// Runs `bash -c text` in the repository root; standard error, then standard output.
    static func shell(_ text: String) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", text]
        p.currentDirectoryURL = Repo.root
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // The tour's commands write little to standard error (far below a pipe's buffer).
        let outData = o.fileHandleForReading.readDataToEndOfFile()
        let errData = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self), p.terminationStatus)
    }

    static func has(_ tool: String) -> Bool { (try? shell("command -v \(tool)"))?.status == 0 }

    @Test func theTourHasCommands() {
        #expect(Self.commands.count >= 20)
        #expect(Self.commands.contains { $0.text.hasPrefix("smmuv3 fields evt F_TRANSLATON") })
    }

    @Test(arguments: ReadmeTourTests.commands)
    func runsAsWritten(_ c: Command) throws {
        let first = c.text.split(separator: " ").first.map(String.init) ?? ""
        for tool in [first, "hexdump"] where c.text.contains(tool) && tool != "smmuv3" && tool != "mkdir" {
            if !Self.has(tool) { print("skipped: '\(tool)' is not on this machine: \(c.text)"); return }
        }
        if c.text.contains("smmuv3 emulate") && !Self.has("qemu-system-aarch64") {
            print("skipped: no qemu-system-aarch64 for \(c.text)")
            return
        }
        let r = try Self.shell(c.text)
        var got = (r.err + r.out).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while got.last == "" { got.removeLast() }
        var pieces: [[String]] = [[]]
        for e in c.expected { if e.trimmingCharacters(in: .whitespaces) == "..." { pieces.append([]) } else { pieces[pieces.count - 1].append(e) } }
        if pieces.count == 1 {
            #expect(got == c.expected, "README line \(c.line): \(c.text)\ngot:\n\(got.joined(separator: "\n"))")
            return
        }
        var at = 0
        for piece in pieces where !piece.isEmpty {
            guard let k = (at...max(at, got.count - piece.count)).first(where: { k in
                k + piece.count <= got.count && Array(got[k..<k + piece.count]) == piece
            }) else {
                Issue.record("README line \(c.line): \(c.text)\nnot found in order:\n\(piece.joined(separator: "\n"))\ngot:\n\(got.joined(separator: "\n"))")
                return
            }
            at = k + piece.count
        }
    }

    /// The README opens with the two commands, and the first prints what is shown under it.
    @Test func theTwoCommandsComeFirstAndTheFirstPrintsWhatIsShown() throws {
        let firstBlock = Self.readme.drop { !$0.hasPrefix("```sh") }.dropFirst().prefix { !$0.hasPrefix("```") }
        let commands = firstBlock.map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(commands == ["swift run smmuv3 decode ste --input Examples/ste-gdb-dump.txt --nonzero", "swift test"])
        let shown = Self.readme.drop { !$0.hasSuffix("The first prints:") }
            .dropFirst().drop { !$0.hasPrefix("```") }.dropFirst().prefix { !$0.hasPrefix("```") }
        let r = try Self.shell("smmuv3 decode ste --input Examples/ste-gdb-dump.txt --nonzero")
        #expect(r.status == 0)
        #expect(r.out == shown.joined(separator: "\n") + "\n")
    }

    /// Building the C rig as README says leaves nothing in the repository root (its binary goes
    /// under .build/ or /tmp/).
    @Test func theRigIsBuiltOutsideTheCheckout() {
        let outputs = Self.readme.filter { $0.contains(" -o ") }.compactMap { line -> String? in
            let t = line.split(separator: " ")
            return t.firstIndex(of: "-o").flatMap { $0 + 1 < t.count ? String(t[$0 + 1]) : nil }
        }
        #expect(outputs.contains { $0.hasSuffix("rig") })
        #expect(outputs.allSatisfy { $0.hasPrefix(".build/") || $0.hasPrefix("/tmp/") }, "\(outputs)")
    }
}
