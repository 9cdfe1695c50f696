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

enum Transcription {
    static let all: [SpecField] = DescriptorKind.allCases.flatMap { merged(load($0)) }

    static func load(_ kind: DescriptorKind) -> [SpecField] {
        let url = Repo.transcription.appendingPathComponent("\(kind.rawValue).tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        func col(_ row: [String], _ name: String) -> String? {
            header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil }
        }
        return lines.filter { $0.count >= 5 }.map { r in
            let record = col(r, "record") ?? kind.rawValue.uppercased()
            return SpecField(kind: kind, record: record,
                      code: col(r, "code").flatMap { UInt64($0.dropFirst(2), radix: 16) },
                      name: spellings["\(record)\t\(col(r, "name")!)"] ?? col(r, "name")!, word: Int(col(r, "word")!)!,
                      hi: Int(col(r, "hi")!)!, lo: Int(col(r, "lo")!)!, source: col(r, "source") ?? "")
        }
    }

    static func fields(_ kind: DescriptorKind) -> [SpecField] { all.filter { $0.kind == kind } }

    /// names.tsv: where the transcription spelled a field otherwise than the spec does
    /// (e.g. CMD_RESUME "Action" for the spec's Ac), keyed "RECORD\tNAME".
    static let spellings: [String: String] = {
        let url = Repo.transcription.appendingPathComponent("names.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var m: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let c = line.split(separator: "\t").map(String.init)
            if c.count >= 3 { m["\(c[0])\t\(c[1])"] = c[2] }
        }
        return m
    }()

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
func productLayout(_ kind: DescriptorKind, _ record: String) -> Layout? {
    switch kind {
    case .cmd: Layouts.command(named: record)
    case .evt: Layouts.event(named: record)
    default: Layouts.fixed(kind)
    }
}
