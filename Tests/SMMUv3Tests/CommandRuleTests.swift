import Testing
@testable import SMMUv3

/// One rule of the command table, tested both ways: a command where it fires, and the nearest
/// one where it must not (another command, the field IGNORED, the legal edge, or an SMMU that
/// has the feature). Written by hand from IHI 0070 chapter 4, not from the decoder.
struct CommandPair: Sendable, CustomStringConvertible {
    let rule: String
    let fires: (record: String, fields: [String])
    let features: [String]
    let quiet: (record: String, fields: [String])
    let quietFeatures: [String]

    init(_ rule: String, _ fires: (String, [String]), _ features: [String] = [],
         quiet: (String, [String]), _ quietFeatures: [String]? = nil) {
        self.rule = rule
        self.fires = fires
        self.features = features
        self.quiet = quiet
        self.quietFeatures = quietFeatures ?? features
    }

    var description: String { "\(rule) (\(fires.record))" }
}

private func sync(_ f: String...) -> (String, [String]) { ("CMD_SYNC", f) }
private func nhVA(_ f: String...) -> (String, [String]) { ("CMD_TLBI_NH_VA", ["VMID=1", "ASID=1", "Address=0x80000000"] + f) }
private func cmd(_ name: String, _ f: String...) -> (String, [String]) { (name, f) }

private let commandPairs: [CommandPair] = [
    CommandPair("CMD.Opcode.reserved", cmd("", "Opcode=0x08"), quiet: cmd("", "Opcode=0x07")),
    CommandPair("CMD.Opcode.reserved", cmd("", "Opcode=0x90"), quiet: cmd("", "Opcode=0x8f")),
    CommandPair("CMD.Opcode.implementation-defined", cmd("", "Opcode=0x80"), quiet: cmd("", "Opcode=0x90")),
    CommandPair("CMD.SSec.non-secure-queue", cmd("CMD_CFGI_STE", "SSec=1", "StreamID=5"), quiet: cmd("CMD_CFGI_STE", "SSec=1", "StreamID=5"), ["secure"]),
    CommandPair("CMD.MSIAddress.res0-high-bits", sync("CS=1", "MSIAddress=0x10000000000000"), ["rev=3"],
                quiet: sync("CS=1", "MSIAddress=0x10000000000000"), ["rev=4"]),
    CommandPair("CMD.MSIAddress.res0-high-bits", sync("CS=1", "MSIAddress=0x1000000000000"), ["rev=0"],
                quiet: sync("CS=0", "MSIAddress=0x1000000000000")),
    CommandPair("CMD.Address.res0-high-bits-ipa", cmd("CMD_TLBI_S2_IPA", "Address=0x10000000000000"), ["rev=1"],
                quiet: cmd("CMD_TLBI_NH_VA", "Address=0x10000000000000")),
    CommandPair("CMD.SubstreamID.out-of-range", cmd("CMD_CFGI_CD", "SubstreamID=0x10000"), ["ssidsize=16"],
                quiet: cmd("CMD_CFGI_CD", "SubstreamID=0xffff")),
    CommandPair("CMD.SubstreamID.out-of-range", cmd("CMD_PREFETCH_CONFIG", "SSV=1", "SubstreamID=0x10000"), ["ssidsize=16"],
                quiet: cmd("CMD_PREFETCH_CONFIG", "SSV=0", "SubstreamID=0x10000")),
    CommandPair("CMD.SSV.no-substreams", cmd("CMD_PREFETCH_CONFIG", "SSV=1"), ["ssidsize=0"], quiet: cmd("CMD_PREFETCH_CONFIG", "SSV=0")),
    CommandPair("CMD.SSV.no-substreams", cmd("CMD_ATC_INV", "SSV=1", "Size=52"), ["ssidsize=0"], quiet: cmd("CMD_ATC_INV", "SSV=1", "Size=52"), []),
    CommandPair("CMD.Opcode.cfgi-cd-no-stage1", cmd("CMD_CFGI_CD"), ["s1p=0"], quiet: cmd("CMD_CFGI_STE")),
    CommandPair("CMD.Opcode.cfgi-cd-no-stage1", cmd("CMD_CFGI_CD_ALL"), ["s1p=0"], quiet: cmd("CMD_CFGI_CD_ALL"), []),
    CommandPair("CMD.Opcode.vms-pidm-no-mpam", cmd("CMD_CFGI_VMS_PIDM"), ["mpam=0"], quiet: cmd("CMD_CFGI_VMS_PIDM"), []),
    CommandPair("CMD.TG.reserved-no-range-no-level", nhVA("TG=1"), quiet: nhVA("TG=1", "TTL=3")),
    CommandPair("CMD.TG.reserved-no-range-no-level", nhVA("TG=3"), quiet: nhVA("TG=3", "NUM=1")),
    CommandPair("CMD.TTL.16k-level1-without-DS", nhVA("TG=2", "TTL=1"), ["ds=0"], quiet: nhVA("TG=2", "TTL=1"), []),
    CommandPair("CMD.TTL.16k-level1-without-DS", nhVA("TG=2", "TTL=1"), ["ds=0"], quiet: nhVA("TG=2", "TTL=2")),
    CommandPair("CMD.SCALE.res0-no-granule", nhVA("SCALE=1"), quiet: nhVA("TG=1", "SCALE=1")),
    CommandPair("CMD.SCALE.res0-bit25", nhVA("TG=1", "SCALE=0x20"), ["ds=0"], quiet: nhVA("TG=1", "SCALE=0x1f")),
    CommandPair("CMD.SCALE.above-39", nhVA("TG=1", "SCALE=40"), quiet: nhVA("TG=1", "SCALE=39")),
    CommandPair("CMD.NUM.res0-no-granule", nhVA("NUM=1"), quiet: nhVA("TG=1", "NUM=1")),
    CommandPair("CMD.TTL.res0-no-granule", nhVA("TTL=1"), quiet: nhVA("TG=1", "TTL=1")),
    CommandPair("CMD.TTL128.res0-no-level", nhVA("TG=1", "NUM=1", "TTL128=1"), quiet: nhVA("TG=1", "TTL=1", "TTL128=1")),
    CommandPair("CMD.Opcode.stage1-not-implemented", cmd("CMD_TLBI_NH_ALL"), ["s1p=0"], quiet: cmd("CMD_TLBI_NSNH_ALL")),
    CommandPair("CMD.Opcode.stage1-not-implemented", cmd("CMD_TLBI_EL2_ASID", "ASID=1"), ["s1p=0"], quiet: cmd("CMD_TLBI_EL2_ASID", "ASID=1"), []),
    CommandPair("CMD.VMID.res0-no-stage2", cmd("CMD_TLBI_NH_ALL", "VMID=1"), ["s2p=0"], quiet: cmd("CMD_TLBI_NH_ALL", "VMID=1"), []),
    CommandPair("CMD.VMID.res0-no-stage2", cmd("CMD_TLBI_NH_ASID", "VMID=1", "ASID=1"), ["secure", "sel2=0"],
                quiet: cmd("CMD_TLBI_NH_ASID", "VMID=1", "ASID=1"), ["secure"]),
    CommandPair("CMD.Opcode.el3-non-secure-queue", cmd("CMD_TLBI_EL3_ALL"), quiet: cmd("CMD_TLBI_EL3_ALL"), ["secure"]),
    CommandPair("CMD.Opcode.el3-rme", cmd("CMD_TLBI_EL3_VA", "Address=0x80000000"), ["secure", "rme"],
                quiet: cmd("CMD_TLBI_EL3_VA", "Address=0x80000000"), ["secure"]),
    CommandPair("CMD.Opcode.el2-no-hyp", cmd("CMD_TLBI_EL2_ALL"), ["hyp=0"], quiet: cmd("CMD_TLBI_EL2_ALL"), []),
    CommandPair("CMD.Opcode.secure-el2-non-secure-queue", cmd("CMD_TLBI_S_EL2_ALL"), quiet: cmd("CMD_TLBI_S_EL2_ALL"), ["secure"]),
    CommandPair("CMD.Opcode.secure-el2-no-sel2", cmd("CMD_TLBI_S_EL2_ASID", "ASID=1"), ["secure", "sel2=0"],
                quiet: cmd("CMD_TLBI_S_EL2_ASID", "ASID=1"), ["secure"]),
    CommandPair("CMD.Opcode.stage2-not-implemented", cmd("CMD_TLBI_S12_VMALL", "VMID=1"), ["s2p=0"], quiet: cmd("CMD_TLBI_S12_VMALL", "VMID=1"), []),
    CommandPair("CMD.Opcode.secure-stage2-non-secure-queue", cmd("CMD_TLBI_SNH_ALL"), quiet: cmd("CMD_TLBI_SNH_ALL"), ["secure"]),
    CommandPair("CMD.Opcode.secure-stage2-no-sel2", cmd("CMD_TLBI_S_S12_VMALL", "VMID=1"), ["secure", "sel2=0"],
                quiet: cmd("CMD_TLBI_S_S12_VMALL", "VMID=1"), ["secure"]),
    CommandPair("CMD.Opcode.atc-inv-no-ats", cmd("CMD_ATC_INV", "StreamID=1", "Size=52"), ["ats=0"], quiet: cmd("CMD_ATC_INV", "StreamID=1", "Size=52"), []),
    CommandPair("CMD.Size.atc-inv-above-52", cmd("CMD_ATC_INV", "Size=53"), quiet: cmd("CMD_ATC_INV", "Size=52")),
    CommandPair("CMD.Opcode.pri-resp-no-pri", cmd("CMD_PRI_RESP", "Resp=2"), ["pri=0"], quiet: cmd("CMD_PRI_RESP", "Resp=2"), []),
    CommandPair("CMD.Resp.reserved", cmd("CMD_PRI_RESP", "Resp=3"), quiet: cmd("CMD_PRI_RESP", "Resp=2")),
    CommandPair("CMD.Opcode.dpti-no-dpt", cmd("CMD_DPTI_ALL"), ["dpt=0"], quiet: cmd("CMD_DPTI_ALL"), []),
    CommandPair("CMD.Opcode.dpti-no-dpt", cmd("CMD_DPTI_PA"), ["dpt=0"], quiet: cmd("CMD_DPTI_PA"), []),
    CommandPair("CMD.Opcode.no-stall-model", cmd("CMD_RESUME", "StreamID=1", "STAG=7", "Ac=1"), ["stall=1"],
                quiet: cmd("CMD_RESUME", "StreamID=1", "STAG=7", "Ac=1"), ["stall=2"]),
    CommandPair("CMD.Opcode.no-stall-model", cmd("CMD_STALL_TERM", "StreamID=1"), ["stall=1"], quiet: cmd("CMD_STALL_TERM", "StreamID=1"), []),
    CommandPair("CMD.CS.reserved", sync("CS=3"), quiet: sync("CS=2")),
    CommandPair("CMD.MSH.reserved", sync("CS=1", "MSIAttr=0xf", "MSH=1"), quiet: sync("CS=1", "MSIAttr=0xf", "MSH=3")),
    CommandPair("CMD.MSH.reserved", sync("CS=1", "MSIAttr=0xf", "MSH=1"), quiet: sync("CS=0", "MSIAttr=0xf", "MSH=1")),
    CommandPair("CMD.MSH.reserved", sync("CS=1", "MSIAttr=0xf", "MSH=1"), quiet: sync("CS=1", "MSIAttr=0x1", "MSH=1")),
]

@Suite("Command rule table")
struct CommandRuleTests {
    static let pairs = commandPairs

    func decode(_ c: (record: String, fields: [String]), _ features: [String]) throws -> Decoded {
        let words = try Encoded(.cmd, record: c.record.isEmpty ? nil : c.record, assignments: c.fields).words
        return try Decoded(.cmd, words: words, features: CDPair.features(features))
    }

    @Test(arguments: pairs)
    func firesAndNearestDoesNot(_ p: CommandPair) throws {
        let fired = try decode(p.fires, p.features).findings.compactMap(\.ruleID)
        #expect(fired.contains(p.rule), "\(p.rule) does not fire on \(p.fires) \(p.features): \(fired)")
        let quiet = try decode(p.quiet, p.quietFeatures).findings.compactMap(\.ruleID)
        #expect(!quiet.contains(p.rule), "\(p.rule) fires on \(p.quiet) \(p.quietFeatures)")
    }

    @Test func everyRuleHasItsPair() {
        let tested = Set(Self.pairs.map(\.rule))
        let rules = RuleTable.commands.rules.map(\.id)
        #expect(rules.filter { !tested.contains($0) } == [], "rules without a pair")
        #expect(tested.subtracting(rules).isEmpty, "pairs of rules the table lacks: \(tested.subtracting(rules))")
        #expect(Set(rules).count == rules.count, "duplicate rule ids")
    }

    /// Every field the table names is a field of some command.
    @Test func tableNamesOnlyFieldsOfCommands() {
        let names = RuleTable.commands.rules.map(\.field) + RuleTable.commands.ignored.flatMap(\.fields)
        for n in names {
            #expect(DescriptorLayout.commands.contains { $0.field(named: n) != nil }, "\(n)")
        }
        for r in RuleTable.commands.rules { #expect(r.section.hasPrefix("4."), "\(r.id)") }
    }

    /// What the Linux driver issues is clean: CMD_SYNC with SIG_IRQ and an MSI, CFGI, TLBI, ATC_INV.
    @Test func linuxCommandsHaveNoFinding() throws {
        for c in [sync("CS=1", "MSH=3", "MSIAttr=0xf", "MSIAddress=0x80001000"), sync("CS=0"),
                  cmd("CMD_CFGI_STE", "StreamID=0x10", "Leaf=1"), cmd("CMD_CFGI_CD", "StreamID=0x10", "SubstreamID=3", "Leaf=1"),
                  cmd("CMD_CFGI_ALL", "Range=31"), nhVA("TG=1", "TTL=3", "Leaf=1"), nhVA("TG=1", "NUM=3", "SCALE=1"),
                  cmd("CMD_TLBI_NH_ASID", "ASID=5"), cmd("CMD_ATC_INV", "StreamID=1", "SSV=1", "SubstreamID=3", "Size=52"),
                  cmd("CMD_PRI_RESP", "StreamID=1", "Resp=2"), cmd("CMD_RESUME", "StreamID=1", "STAG=3", "Ac=1")] {
            #expect(try decode(c, []).findings.isEmpty, "\(c)")
        }
    }

    /// The summary says what the SMMU does: it stops the queue with CERROR_ILL.
    @Test func summarySaysTheQueueStops() throws {
        let d = try decode(sync("CS=3"), [])
        #expect(d.summary == "CMD_SYNC CS=0x3; ILLEGAL: the SMMU stops the command queue with CERROR_ILL", "\(d.summary)")
        #expect(try decode(cmd("", "Opcode=0x08"), []).summary.hasPrefix("reserved opcode 0x8; ILLEGAL: the SMMU stops"))
        let reserved = try decode(sync("CS=1", "MSIAttr=0xf", "MSH=1"), [])
        #expect(reserved.summary.contains("MSH=0x1 behaves as MSH=0b00, Non-shareable"), "\(reserved.summary)")
    }

    /// IGNORED command fields are never reported (§4.7.1 Ab, §4.7.3 CS=SIG_NONE, SSV=0).
    @Test func ignoredFieldsAreNeverReported() throws {
        #expect(try decode(sync("CS=0", "MSH=1", "MSIAddress=0xfffffffffffffc"), ["rev=0"]).findings.isEmpty)
        #expect(try decode(cmd("CMD_PREFETCH_ADDR", "SSV=0", "SubstreamID=0xfffff", "Address=0x1000"), ["ssidsize=4"]).findings.isEmpty)
    }
}
