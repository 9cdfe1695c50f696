/// What a command's words and the SMMU's features say, as the command rules (IHI 0070 §4) ask it.
private extension RuleInput {
    var ft: Features { features }
    /// The command's name (`CMD_SYNC`); `CMD_RESERVED` for an opcode no command has.
    var command: String { layout.name }
    func has(_ field: String) -> Bool { layout.field(named: field) != nil }
    /// The command is one of `names`.
    func isOne(of names: [String]) -> Bool { names.contains(command) }
    /// Bits at or above `bit` of field `name` are not all zero.
    func above(_ name: String, _ bit: Int) -> Bool { bit < 64 && v(name) >> UInt64(bit) != 0 }
}

private let cerrorIll = Rule.Outcome.illegal(event: "CERROR_ILL")

/// `name=value`, as the messages quote a field.
private func q(_ i: RuleInput, _ name: String) -> String { "\(name)=\(hex(i.v(name)))" }

/// The commands a rule names, in the order of the spec's sections.
private enum Commands {
    static let stage1 = ["CMD_TLBI_NH_ALL", "CMD_TLBI_NH_ASID", "CMD_TLBI_NH_VA", "CMD_TLBI_NH_VAA",
                         "CMD_TLBI_EL3_ALL", "CMD_TLBI_EL3_VA",
                         "CMD_TLBI_EL2_ALL", "CMD_TLBI_EL2_ASID", "CMD_TLBI_EL2_VA", "CMD_TLBI_EL2_VAA"]
    static let nh = ["CMD_TLBI_NH_ALL", "CMD_TLBI_NH_ASID", "CMD_TLBI_NH_VA", "CMD_TLBI_NH_VAA"]
    static let el3 = ["CMD_TLBI_EL3_ALL", "CMD_TLBI_EL3_VA"]
    static let el2 = ["CMD_TLBI_EL2_ALL", "CMD_TLBI_EL2_ASID", "CMD_TLBI_EL2_VA", "CMD_TLBI_EL2_VAA"]
    static let secureEL2 = ["CMD_TLBI_S_EL2_ALL", "CMD_TLBI_S_EL2_ASID", "CMD_TLBI_S_EL2_VA", "CMD_TLBI_S_EL2_VAA"]
    static let stage2 = ["CMD_TLBI_S2_IPA", "CMD_TLBI_S12_VMALL"]
    static let secureStage2 = ["CMD_TLBI_S_S2_IPA", "CMD_TLBI_S_S12_VMALL", "CMD_TLBI_SNH_ALL"]
    static let cfgiCD = ["CMD_CFGI_CD", "CMD_CFGI_CD_ALL"]
    static let dpt = ["CMD_DPTI_ALL", "CMD_DPTI_PA"]
    static let stall = ["CMD_RESUME", "CMD_STALL_TERM"]
    static let ipa = ["CMD_TLBI_S2_IPA", "CMD_TLBI_S_S2_IPA"]
}

/// A rule on the opcode of the commands `names`: the command itself is ILLEGAL in this SMMU or
/// on this queue.
private func opcode(_ id: String, _ section: String, _ names: [String], _ why: String,
                    when: @escaping @Sendable (RuleInput) -> Bool) -> Rule {
    Rule("CMD.Opcode.\(id)", section, "Opcode", cerrorIll, when: { $0.isOne(of: names) && when($0) }) {
        "\($0.command) (Opcode=\(hex($0.v("Opcode")))) \(why)"
    }
}

/// The command-queue rules (IHI 0070 chapter 4): what makes a command ILLEGAL (the SMMU stops
/// the queue with CERROR_ILL), the reserved encodings and RES0 fields the command descriptions
/// name, and the CONSTRAINED UNPREDICTABLE out-of-range parameters (§4.1.7). The queue is the
/// Non-secure one unless `Features.secureTable` says Secure; Realm queues are not modelled.
///
/// Not checked: StreamID beyond SMMU_IDR1.SIDSIZE (the feature model has no SIDSIZE); the
/// fields the layouts lack (CMD_PREFETCH_ADDR Stride and NS, CMD_DPTI_PA's address and SIZE,
/// CMD_SYNC MSI_NS); SMMU_IDR3.RIL=0 (range fields RES0) and SMMU_S_IDR3.SAMS.
public extension RuleTable {
    /// The command-queue entries' rules (IHI 0070 chapter 4), as described above.
    static let commands = RuleTable(kind: .cmd, rules: commandRules, ignored: commandIgnored)
}

private let commandRules: [Rule] = [
    // §4.1.1, §4.1.3: opcodes.
    Rule("CMD.Opcode.reserved", "4.1.1", "Opcode", cerrorIll,
         when: { $0.command == "CMD_RESERVED" && !(0x80...0x8f).contains($0.v("Opcode")) }) {
        "\(q($0, "Opcode")) is a Reserved command opcode"
    },
    Rule("CMD.Opcode.implementation-defined", "4.1.1", "Opcode", .note,
         when: { $0.command == "CMD_RESERVED" && (0x80...0x8f).contains($0.v("Opcode")) }) {
        "\(q($0, "Opcode")): opcodes 0x80-0x8F are IMPLEMENTATION DEFINED"
    },
    // §4.1.6: SSec.
    Rule("CMD.SSec.non-secure-queue", "4.1.6", "SSec", cerrorIll, when: { !$0.ft.secureTable && $0.v("SSec") == 1 }) {
        "\($0.command) with \(q($0, "SSec")) on the Non-secure Command queue"
    },
    // §4.1.6: physical and IPA address fields.
    Rule("CMD.MSIAddress.res0-high-bits", "4.1.6", "MSIAddress", .res0,
         when: { $0.ft.isV3_0 ? $0.above("MSIAddress", 48) : $0.ft.archMinorRev <= 3 && $0.above("MSIAddress", 52) }) {
        "\($0.command) MSIAddress=\(hex($0.v("MSIAddress"))): bits \($0.ft.isV3_0 ? "[55:48] are RES0 in SMMUv3.0" : "[55:52] are RES0 in SMMUv3.1 to SMMUv3.3")"
    },
    Rule("CMD.Address.res0-high-bits-ipa", "4.1.6", "Address", .res0,
         when: { $0.isOne(of: Commands.ipa) && ($0.ft.isV3_0 ? $0.above("Address", 48) : $0.ft.archMinorRev <= 3 && $0.above("Address", 52)) }) {
        "\($0.command) Address=\(hex($0.v("Address"))) (an IPA): bits \($0.ft.isV3_0 ? "[55:48] are RES0 in SMMUv3.0" : "[55:52] are RES0 in SMMUv3.1 to SMMUv3.3")"
    },
    // §4.1.7, §4.3.3: out-of-range SubstreamID.
    Rule("CMD.SubstreamID.out-of-range", "4.1.7", "SubstreamID",
         .constrainedUnpredictable("the command has no effect, or acts on an UNPREDICTABLE SubstreamID"),
         when: { $0.has("SubstreamID") && $0.v("SubstreamID") >> UInt64($0.ft.ssidSize) != 0 }) {
        "\($0.command) \(q($0, "SubstreamID")) exceeds SMMU_IDR1.SSIDSIZE (\($0.ft.ssidSize) bits)"
    },
    // §4.2, §4.5.1, §4.5.2: SSV=1 without SubstreamIDs.
    Rule("CMD.SSV.no-substreams", "4.2", "SSV", .constrainedUnpredictable("the command behaves as though SSV=0, or has no effect"),
         when: { $0.ft.ssidSize == 0 && $0.v("SSV") == 1 }) {
        "\($0.command) \(q($0, "SSV")) on an SMMU without SubstreamIDs (SMMU_IDR1.SSIDSIZE=0)"
    },
    // §4.3.3, §4.3.4, §4.3.5: configuration invalidation.
    opcode("cfgi-cd-no-stage1", "4.3.3", Commands.cfgiCD, "on an SMMU without stage 1 (SMMU_IDR0.S1P=0)") { !$0.ft.s1p },
    opcode("vms-pidm-no-mpam", "4.3.5", ["CMD_CFGI_VMS_PIDM"], "on an SMMU without MPAM (SMMU_IDR3.MPAM=0)") { !$0.ft.mpam },
    // §4.4.1.1: range invalidation and the level hint.
    Rule("CMD.TG.reserved-no-range-no-level", "4.4.1.1", "TG", cerrorIll,
         when: { $0.has("TG") && $0.v("TG") != 0 && $0.v("NUM") == 0 && $0.v("SCALE") == 0 && $0.v("TTL") == 0 }) {
        "\($0.command) \(q($0, "TG")) with NUM=0, SCALE=0 and TTL=0: a granule without a range or a level hint is a Reserved combination"
    },
    Rule("CMD.TTL.16k-level1-without-DS", "4.4.1.1", "TTL", cerrorIll,
         when: { !$0.ft.ds && $0.has("TG") && $0.v("TG") == 0b10 && $0.v("TTL") == 0b01 }) {
        "\($0.command) \(q($0, "TTL")) with TG=0b10 (16 KB): level 1 of a 16 KB table is Reserved when SMMU_IDR5.DS=0"
    },
    Rule("CMD.SCALE.res0-no-granule", "4.4.1.1", "SCALE", .res0, when: { $0.has("TG") && $0.v("TG") == 0 && $0.v("SCALE") != 0 }) {
        "\($0.command) \(q($0, "SCALE")) is RES0 when TG=0b00 (no range invalidation)"
    },
    Rule("CMD.SCALE.res0-bit25", "4.4.1.1", "SCALE", .res0, when: { !$0.ft.ds && $0.v("SCALE") >> 5 != 0 }) {
        "\($0.command) \(q($0, "SCALE")): bit [25] is RES0 when SMMU_IDR5.DS=0 (a 5-bit SCALE)"
    },
    Rule("CMD.SCALE.above-39", "4.4.1.1", "SCALE", .reserved(behavesAs: "SCALE=39"), when: { $0.ft.ds && $0.v("SCALE") > 39 }) {
        "\($0.command) \(q($0, "SCALE")) is above 39, which software must not rely on"
    },
    Rule("CMD.NUM.res0-no-granule", "4.4.1.1", "NUM", .res0, when: { $0.has("TG") && $0.v("TG") == 0 && $0.v("NUM") != 0 }) {
        "\($0.command) \(q($0, "NUM")) is RES0 when TG=0b00 (no range invalidation)"
    },
    Rule("CMD.TTL.res0-no-granule", "4.4.1.1", "TTL", .res0, when: { $0.has("TG") && $0.v("TG") == 0 && $0.v("TTL") != 0 }) {
        "\($0.command) \(q($0, "TTL")) is RES0 when TG=0b00 (no level hint)"
    },
    Rule("CMD.TTL128.res0-no-level", "4.4.1.1", "TTL128", .res0, when: { ($0.v("TG") == 0 || $0.v("TTL") == 0) && $0.v("TTL128") != 0 }) {
        "\($0.command) \(q($0, "TTL128")) is RES0 when TG=0b00 or TTL=0b00"
    },
    // §4.4.2: stage 1 invalidation.
    opcode("stage1-not-implemented", "4.4.2", Commands.stage1, "on an SMMU without stage 1 (SMMU_IDR0.S1P=0)") { !$0.ft.s1p },
    Rule("CMD.VMID.res0-no-stage2", "4.4.2", "VMID", .res0,
         when: { $0.isOne(of: Commands.nh) && ($0.ft.secureTable ? !$0.ft.sel2 : !$0.ft.s2p) && $0.v("VMID") != 0 }) {
        "\($0.command) \(q($0, "VMID")) is RES0 without stage 2 for the queue's Security state (SMMU_IDR0.S2P, SMMU_S_IDR1.SEL2)"
    },
    opcode("el3-non-secure-queue", "4.4.2.5", Commands.el3, "is valid only on the Secure Command queue") { !$0.ft.secureTable },
    opcode("el3-rme", "4.4.2.5", Commands.el3, "on an SMMU with SMMU_IDR0.RME_IMPL=1 (no EL3 StreamWorld)") { $0.ft.rmeImpl },
    opcode("el2-no-hyp", "4.4.2.7", Commands.el2, "on an SMMU without EL2 (SMMU_IDR0.Hyp=0)") { !$0.ft.hyp },
    opcode("secure-el2-non-secure-queue", "4.4.2.11", Commands.secureEL2, "on the Non-secure Command queue") { !$0.ft.secureTable },
    opcode("secure-el2-no-sel2", "4.4.2.11", Commands.secureEL2, "on an SMMU without Secure EL2 (SMMU_S_IDR1.SEL2=0): a Reserved opcode") {
        $0.ft.secureTable && !$0.ft.sel2
    },
    // §4.4.3, §4.4.4: stage 2 invalidation.
    opcode("stage2-not-implemented", "4.4.3", Commands.stage2, "on an SMMU without stage 2 (SMMU_IDR0.S2P=0)") { !$0.ft.s2p },
    opcode("secure-stage2-non-secure-queue", "4.4.3.3", Commands.secureStage2, "on the Non-secure Command queue") { !$0.ft.secureTable },
    opcode("secure-stage2-no-sel2", "4.4.3.3", Commands.secureStage2, "on an SMMU without Secure stage 2 (SMMU_S_IDR1.SEL2=0): a Reserved opcode") {
        $0.ft.secureTable && !$0.ft.sel2
    },
    // §4.5: ATS and PRI.
    opcode("atc-inv-no-ats", "4.5.1", ["CMD_ATC_INV"], "on an SMMU without ATS (SMMU_IDR0.ATS=0)") { !$0.ft.ats },
    Rule("CMD.Size.atc-inv-above-52", "4.5.1", "Size", .constrainedUnpredictable("CERROR_ILL, or an UNKNOWN span (which might invalidate nothing)"),
         when: { $0.command == "CMD_ATC_INV" && $0.v("Size") > 52 }) {
        "\($0.command) \(q($0, "Size")) is above 52 (52 already spans 2^64 bytes)"
    },
    opcode("pri-resp-no-pri", "4.5.2", ["CMD_PRI_RESP"], "on an SMMU without PRI (SMMU_IDR0.PRI=0)") { !$0.ft.pri },
    Rule("CMD.Resp.reserved", "4.5.2", "Resp", cerrorIll, when: { $0.command == "CMD_PRI_RESP" && $0.v("Resp") == 0b11 }) {
        "\($0.command) \(q($0, "Resp")) is Reserved"
    },
    // §4.6: DPT maintenance.
    opcode("dpti-no-dpt", "4.6", Commands.dpt, "on an SMMU without the DPT (SMMU_IDR3.DPT=0)") { !$0.ft.dpt },
    // §4.7: fault response and synchronization.
    opcode("no-stall-model", "4.7.1", Commands.stall, "on an SMMU without the Stall model (SMMU_IDR0.STALL_MODEL=0b01)") { $0.ft.stallModel == 0b01 },
    Rule("CMD.CS.reserved", "4.7.3", "CS", cerrorIll, when: { $0.command == "CMD_SYNC" && $0.v("CS") == 0b11 }) {
        "\($0.command) \(q($0, "CS")) is a Reserved completion signal"
    },
    Rule("CMD.MSH.reserved", "4.7.3", "MSH", .reserved(behavesAs: "MSH=0b00, Non-shareable"), when: { $0.command == "CMD_SYNC" && $0.v("MSH") == 0b01 }) {
        "\($0.command) \(q($0, "MSH")) is Reserved"
    },
]

/// When command fields are IGNORED (§4.5.1, §4.7.1, §4.7.3; SSV=0: no SubstreamID supplied,
/// §4.1.6).
private let commandIgnored: [IgnoredWhen] = [
    IgnoredWhen(["SubstreamID"], "4.1.6", "SSV=0: SubstreamID not supplied") { $0.has("SSV") && $0.v("SSV") == 0 },
    IgnoredWhen(["G"], "4.5.1", "SSV=0: Global IGNORED") { $0.v("SSV") == 0 },
    IgnoredWhen(["Ab"], "4.7.1", "Ac=1 (Retry) or SMMU_IDR0.TERM_MODEL=1: Abort IGNORED") { $0.v("Ac") == 1 || $0.ft.termModel },
    IgnoredWhen(["MSIAddress", "MSIData", "MSIAttr", "MSH"], "4.7.3", "CS=0b00 (SIG_NONE): the MSI parameters are IGNORED") {
        $0.command == "CMD_SYNC" && $0.v("CS") == 0
    },
    IgnoredWhen(["MSH"], "4.7.3", "MSIAttr is any-Device or Normal-iNC-oNC: MSH IGNORED (Outer Shareable)") {
        $0.command == "CMD_SYNC" && ($0.v("MSIAttr") <= 0b0011 || $0.v("MSIAttr") == 0b0101)
    },
]
