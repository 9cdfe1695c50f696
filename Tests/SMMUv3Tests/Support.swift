import Foundation
import SMMUv3

/// Paths of the repository, found from this file.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("fixtures")
    static let transcription = root.appendingPathComponent("Tests/SMMUv3Tests/SpecTranscription")

    static func bytes(_ rel: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(rel)))
    }

    static func words(_ rel: String) throws -> [UInt64] {
        let b = try bytes(rel)
        return stride(from: 0, to: b.count, by: 8).map { i in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * $1) }
        }
    }
}

/// The tests' own transcription of the spec's bit ranges (double entry against the C tables):
/// Tests/SMMUv3Tests/SpecTranscription/*.tsv, made from the spec text independently of include/.
struct SpecField: Sendable, Hashable, CustomStringConvertible {
    let kind: DescriptorKind
    let record: String
    let code: UInt64?
    let name: String
    let word: Int
    let hi: Int
    let lo: Int
    let source: String
    var description: String { "\(record).\(name) word \(word) [\(hi):\(lo)]" }
    var allOnes: UInt64 { hi - lo == 63 ? ~0 : (UInt64(1) << (hi - lo + 1)) - 1 }
}

/// Why the transcription could not be read: a test reading it fails with this, never runs on
/// an empty or partial table.
struct TranscriptionError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "SpecTranscription/\(file): \(reason)" }
}

enum Transcription {
    /// Every transcribed field, merged; throws if any TSV is missing or malformed.
    static var all: [SpecField] { get throws { try loaded.get() } }

    static let loaded: Result<[SpecField], TranscriptionError> = Result { () throws(TranscriptionError) in
        var out: [SpecField] = []
        for kind in DescriptorKind.allCases { out += merged(try load(kind)) }
        return out
    }

    /// The rows of one TSV: header first, every row with as many columns as the header, at least one row.
    static func table(_ file: String) throws(TranscriptionError) -> (header: [String], rows: [[String]]) {
        let url = Repo.transcription.appendingPathComponent(file)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TranscriptionError(file: file, reason: "cannot read it (\(error.localizedDescription))")
        }
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard !lines.isEmpty else { throw TranscriptionError(file: file, reason: "is empty") }
        let header = lines.removeFirst()
        guard !lines.isEmpty else { throw TranscriptionError(file: file, reason: "has a header and no rows") }
        if let bad = lines.firstIndex(where: { $0.count != header.count }) {
            throw TranscriptionError(file: file, reason: "line \(bad + 2) has \(lines[bad].count) columns, the header \(header.count)")
        }
        return (header, lines)
    }

    static func load(_ kind: DescriptorKind) throws(TranscriptionError) -> [SpecField] {
        let file = "\(kind.rawValue).tsv"
        let (header, rows) = try table(file)
        let names = try spellings.get()
        func col(_ row: [String], _ name: String) -> String? { header.firstIndex(of: name).map { row[$0] } }
        func need(_ row: [String], _ line: Int, _ name: String) throws(TranscriptionError) -> String {
            guard let v = col(row, name) else { throw TranscriptionError(file: file, reason: "has no '\(name)' column") }
            guard !v.isEmpty else { throw TranscriptionError(file: file, reason: "line \(line): '\(name)' is empty") }
            return v
        }
        func int(_ row: [String], _ line: Int, _ name: String) throws(TranscriptionError) -> Int {
            let v = try need(row, line, name)
            guard let n = Int(v) else { throw TranscriptionError(file: file, reason: "line \(line): \(name) '\(v)' is not a number") }
            return n
        }
        var out: [SpecField] = []
        for (i, r) in rows.enumerated() {
            let line = i + 2
            let record = col(r, "record") ?? kind.rawValue.uppercased()
            let name = try need(r, line, "name")
            var code: UInt64?
            if let c = col(r, "code") {
                guard c.hasPrefix("0x"), let n = UInt64(c.dropFirst(2), radix: 16) else {
                    throw TranscriptionError(file: file, reason: "line \(line): code '\(c)' is not 0x-hex")
                }
                code = n
            }
            out.append(SpecField(kind: kind, record: record, code: code, name: names["\(record)\t\(name)"] ?? name,
                                 word: try int(r, line, "word"), hi: try int(r, line, "hi"), lo: try int(r, line, "lo"),
                                 source: col(r, "source") ?? ""))
        }
        return out
    }

    static func fields(_ kind: DescriptorKind) throws -> [SpecField] { try all.filter { $0.kind == kind } }

    /// names.tsv: where the transcription spelled a field otherwise than the spec does
    /// (e.g. CMD_RESUME "Action" for the spec's Ac), keyed "RECORD\tNAME".
    static let spellings: Result<[String: String], TranscriptionError> = Result { () throws(TranscriptionError) in
        let (header, rows) = try table("names.tsv")
        guard header.starts(with: ["record", "transcribed", "name"]) else {
            throw TranscriptionError(file: "names.tsv", reason: "header is not record, transcribed, name, …")
        }
        var m: [String: String] = [:]
        for c in rows { m["\(c[0])\t\(c[1])"] = c[2] }
        return m
    }

    /// The transcription gives an address field the spec widens for VMSAv9-128 as NAME
    /// [51:x] plus NAME_HI [55:52]; the field is the union (IHI 0070 5.2/5.4: e.g. TTB0 is
    /// bits [55:4] of word 1, [55:52] used only with VMSAv9-128). fixtures/generate.py merges
    /// the same way.
    static func merged(_ rows: [SpecField]) -> [SpecField] {
        var out: [SpecField] = []
        for r in rows where !r.name.hasSuffix("_HI") {
            if let h = rows.first(where: { $0.record == r.record && $0.name == r.name + "_HI" && $0.word == r.word && $0.lo == r.hi + 1 }) {
                out.append(SpecField(kind: r.kind, record: r.record, code: r.code, name: r.name, word: r.word,
                                     hi: h.hi, lo: r.lo, source: r.source + " + " + h.source))
            } else {
                out.append(r)
            }
        }
        return out + rows.filter { r in r.name.hasSuffix("_HI") && !out.contains { $0.record == r.record && $0.name + "_HI" == r.name } }
    }
}

/// The product's layout for a transcription record.
func productLayout(_ kind: DescriptorKind, _ record: String) -> DescriptorLayout? {
    switch kind {
    case .cmd: DescriptorLayout.command(named: record)
    case .evt: DescriptorLayout.event(named: record)
    default: DescriptorLayout.fixed(kind)
    }
}
