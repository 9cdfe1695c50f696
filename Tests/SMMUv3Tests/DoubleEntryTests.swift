import Testing
@testable import SMMUv3

/// Double entry: the product's field tables (include/smmuv3/*.h, read through `DescriptorLayout`) and
/// the tests' own transcription of the spec text (SpecTranscription/*.tsv) were made
/// separately; they must agree on every field's word and bit range.
@Suite("C tables agree with the tests' transcription of IHI 0070")
struct DoubleEntryTests {
    static let records: [(DescriptorKind, DescriptorLayout)] =
        [(.ste, DescriptorLayout.ste), (.cd, DescriptorLayout.cd), (.l1std, DescriptorLayout.l1std), (.l1cd, DescriptorLayout.l1cd)]
        + DescriptorLayout.commands.map { (.cmd, $0) } + DescriptorLayout.events.map { (.evt, $0) }

    @Test(arguments: DescriptorKind.allCases)
    func everyTranscribedFieldIsInTheProductAtTheSamePosition(_ kind: DescriptorKind) throws {
        let spec = try Transcription.fields(kind)
        #expect(!spec.isEmpty, "no transcription for \(kind)")
        for s in spec {
            guard let layout = productLayout(kind, s.record) else {
                Issue.record("\(kind): the product has no record \(s.record)")
                continue
            }
            guard let f = layout.field(named: s.name) else {
                Issue.record("\(layout.name) has no field \(s.name) (spec: word \(s.word) [\(s.hi):\(s.lo)], \(s.source))")
                continue
            }
            #expect(f.word == s.word && f.hi == s.hi && f.lo == s.lo,
                    "\(layout.name).\(f.name): product word \(f.word) \(f.bits), spec word \(s.word) [\(s.hi):\(s.lo)] (\(s.source))")
        }
    }

    /// Fields whose position the spec text (figures lost in the Markdown) and Linux/QEMU do not
    /// give, kept because every sibling record puts them there: F_BAD_ATS_TREQ.InputAddr is
    /// word 2 like every event's InputAddr; F_CD_FETCH.Reason/GPCF sit as in F_STE_FETCH and
    /// F_VMS_FETCH (IHI 0070 7.3.x "fetch" records). Listed, so a new gap cannot slip in.
    static let singleSource: Set<String> = ["F_BAD_ATS_TREQ.InputAddr", "F_CD_FETCH.Reason", "F_CD_FETCH.GPCF"]

    @Test(arguments: DescriptorKind.allCases)
    func everyProductFieldIsInTheTranscription(_ kind: DescriptorKind) throws {
        let spec = try Transcription.fields(kind)
        for (k, layout) in Self.records where k == kind {
            if (kind == .cmd || kind == .evt) && !spec.contains(where: { $0.record == layout.name }) {
                Issue.record("the transcription has no record \(layout.name)")
                continue
            }
            for f in layout.fields {
                let found = spec.contains { s in
                    (kind != .cmd && kind != .evt || s.record == layout.name) && s.name.lowercased() == f.name.lowercased()
                }
                if Self.singleSource.contains("\(layout.name).\(f.name)") {
                    #expect(!found, "\(layout.name).\(f.name) is now transcribed: drop it from singleSource")
                    continue
                }
                #expect(found, "\(layout.name).\(f.name) (word \(f.word) \(f.bits)) is not in the spec transcription")
            }
        }
    }

    @Test func recordCodesAgree() throws {
        for s in try Transcription.all where s.kind == .cmd || s.kind == .evt {
            guard let code = s.code, let l = productLayout(s.kind, s.record) else { continue }
            #expect(UInt64(l.code) == code, "\(s.record): product code \(hex(UInt64(l.code))), spec \(hex(code))")
        }
    }

    /// A transcription file that is missing, empty or ragged is an error naming the file, so a
    /// test reading it fails instead of passing over no fields.
    @Test func anUnreadableTranscriptionIsAnError() throws {
        #expect(throws: TranscriptionError.self) { try Transcription.table("absent.tsv") }
        #expect(try Transcription.table("ste.tsv").rows.count > 50)
        #expect(try Transcription.all.count > 400)
    }
}
