import Testing
@testable import SMMUv3

/// Rule 2: every field's position is pinned by setting that field alone to all-ones and
/// comparing the whole descriptor with a golden fixture whose bytes come from the tests'
/// transcription of the spec (fixtures/generate.py), never from our encoder. Both ways:
/// encode -> bytes, and bytes -> decode -> fields.
@Suite("One-hot golden fixtures")
struct OneHotFixtureTests {
    /// Throws (failing both tests) if the transcription cannot be read: never zero cases.
    static var cases: [SpecField] {
        get throws {
            try Transcription.all.filter { s in
                !((s.kind == .cmd && s.name == "Opcode") || (s.kind == .evt && s.name == "EventID")
                  || (s.record == "CMD_CFGI_ALL" && s.name == "Range"))
            }
        }
    }

    /// The layout the one-hot words decode as. CMD_CFGI_STE_RANGE with Range at all-ones (31)
    /// is, by definition, CMD_CFGI_ALL (IHI 0070 4.3.3).
    static func decodedLayout(_ s: SpecField) -> DescriptorLayout? {
        s.record == "CMD_CFGI_STE_RANGE" && s.name == "Range" ? DescriptorLayout.command(named: "CMD_CFGI_ALL")
                                                               : productLayout(s.kind, s.record)
    }

    /// Fields every entry of the record carries: the opcode / event number, and CFGI_ALL's Range=31.
    static func isRecordConstant(_ f: DescriptorLayout.Field, _ kind: DescriptorKind, _ layout: DescriptorLayout) -> Bool {
        (kind == .cmd && f.name == "Opcode") || (kind == .evt && f.name == "EventID")
            || (layout.name == "CMD_CFGI_ALL" && f.name == "Range")
    }

    static func fixturePath(_ s: SpecField) -> String {
        s.kind == .cmd || s.kind == .evt ? "\(s.kind.rawValue)/onehot/\(s.record).\(s.name).bin"
                                          : "\(s.kind.rawValue)/onehot/\(s.name).bin"
    }

    @Test(arguments: try cases)
    func encodeMatchesTheFixture(_ s: SpecField) throws {
        let layout = try #require(productLayout(s.kind, s.record))
        let f = try #require(layout.field(named: s.name), "\(layout.name) has no \(s.name)")
        let record = s.kind == .cmd || s.kind == .evt ? s.record : nil
        // The CLI path: FIELD=all-ones (an address field takes the byte address with every bit set).
        let r = try Encoded(s.kind, record: record, assignments: ["\(f.name)=\(hex(f.allOnes))"])
        let golden = try Repo.words(Self.fixturePath(s))
        #expect(r.words == golden, "\(layout.name).\(f.name): encoded \(r.words.map(hex16)) fixture \(golden.map(hex16))")
    }

    @Test(arguments: try cases)
    func decodeOfTheFixtureGivesThatFieldAlone(_ s: SpecField) throws {
        let words = try Repo.words(Self.fixturePath(s))
        let d = try Decoded(s.kind, words: words)
        #expect(d.layout.name == Self.decodedLayout(s)?.name)
        let target = try #require(d.layout.field(named: s.name))
        for df in d.fields {
            let isCode = Self.isRecordConstant(df.field, s.kind, d.layout)
            if df.field.name.lowercased() == s.name.lowercased() {
                #expect(df.value == df.field.allOnes, "\(d.layout.name).\(df.field.name) = \(hex(df.value))")
            } else if df.field.overlaps(target) {
                // An alias of the same bits (e.g. SKL0 over HWU061/HWU062) sees them too.
                #expect(df.field.isAlias || target.isAlias, "\(d.layout.name): \(df.field.name) overlaps \(target.name)")
            } else if !isCode {
                #expect(df.value == 0, "\(d.layout.name).\(df.field.name) = \(hex(df.value)) in the one-hot of \(s.name)")
            }
        }
    }
}
