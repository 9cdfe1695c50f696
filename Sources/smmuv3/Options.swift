import ArgumentParser
import SMMUv3

extension DescriptorKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// What the SMMU supports, for the findings that depend on it: the feature model (`Features`).
/// Raw register values (`--idr0 0x… --idr1 … --idr3 … --idr5 … --aidr … --cr2 …`) give every
/// field they hold; an option named after a register field (`--ssidsize 16`, `--stall-model 1`,
/// `--stt 0`) overrides what a register says; anything not given keeps the permissive default.
struct FeatureOptions: ParsableArguments {
    @Option(help: "SMMU_IDR0, raw value.") var idr0: Number?
    @Option(help: "SMMU_IDR1, raw value.") var idr1: Number?
    @Option(help: "SMMU_IDR3, raw value.") var idr3: Number?
    @Option(help: "SMMU_IDR5, raw value.") var idr5: Number?
    @Option(help: "SMMU_AIDR, raw value (the version: ArchMinorRev 0 = SMMUv3.0 ... 4 = SMMUv3.4).") var aidr: Number?
    @Option(help: "SMMU_CR2, raw value (E2H).") var cr2: Number?

    // SMMU_IDR0
    @Option(help: "SMMU_IDR0.S2P: stage 2 implemented (0/1).", transform: intArgument) var s2p: Int?
    @Option(help: "SMMU_IDR0.S1P: stage 1 implemented (0/1).", transform: intArgument) var s1p: Int?
    @Option(help: "SMMU_IDR0.TTF: 1 VMSAv8-32 LPAE, 2 VMSAv8-64, 3 both.", transform: intArgument) var ttf: Int?
    @Option(help: "SMMU_IDR0.HTTU: 0 none, 1 Access flag, 2 and Dirty state, 3 and table Access flag.", transform: intArgument) var httu: Int?
    @Option(help: "SMMU_IDR0.Hyp: EL2 stage 1 contexts (0/1).", transform: intArgument) var hyp: Int?
    @Option(help: "SMMU_IDR0.ATS (0/1).", transform: intArgument) var ats: Int?
    @Option(help: "SMMU_IDR0.ASID16: 16-bit ASIDs (0/1).", transform: intArgument) var asid16: Int?
    @Option(help: "SMMU_IDR0.PRI (0/1).", transform: intArgument) var pri: Int?
    @Option(help: "SMMU_IDR0.VMID16: 16-bit VMIDs (0/1).", transform: intArgument) var vmid16: Int?
    @Option(help: "SMMU_IDR0.CD2L: 2-level CD tables (0/1).", transform: intArgument) var cd2l: Int?
    @Option(help: "SMMU_IDR0.TTENDIAN: 0 mixed, 2 little-endian only, 3 big-endian only.", transform: intArgument) var ttendian: Int?
    @Option(name: [.customLong("stall-model"), .customLong("stall_model")],
            help: "SMMU_IDR0.STALL_MODEL: 0 stall+terminate, 1 terminate only, 2 stall forced.", transform: intArgument)
    var stallModel: Int?
    @Option(name: [.customLong("term-model"), .customLong("term_model")], help: "SMMU_IDR0.TERM_MODEL (0/1).", transform: intArgument)
    var termModel: Int?
    @Option(name: [.customLong("rme-impl"), .customLong("rme_impl")], help: "SMMU_IDR0.RME_IMPL (0/1).", transform: intArgument)
    var rmeImpl: Int?
    // SMMU_IDR1
    @Option(name: [.customLong("ssidsize"), .customLong("ssid-size")], help: "SMMU_IDR1.SSIDSIZE: SubstreamID bits (0-20).", transform: intArgument)
    var ssidSize: Int?
    @Option(name: [.customLong("attr-perms-ovr"), .customLong("attr_perms_ovr")], help: "SMMU_IDR1.ATTR_PERMS_OVR (0/1).", transform: intArgument)
    var attrPermsOvr: Int?
    @Option(name: [.customLong("attr-types-ovr"), .customLong("attr_types_ovr")], help: "SMMU_IDR1.ATTR_TYPES_OVR (0/1).", transform: intArgument)
    var attrTypesOvr: Int?
    // SMMU_IDR3
    @Option(help: "SMMU_IDR3.HAD (0/1).", transform: intArgument) var had: Int?
    @Option(help: "SMMU_IDR3.PBHA (0/1).", transform: intArgument) var pbha: Int?
    @Option(help: "SMMU_IDR3.PPS (0/1).", transform: intArgument) var pps: Int?
    @Option(help: "SMMU_IDR3.MPAM (0/1).", transform: intArgument) var mpam: Int?
    @Option(help: "SMMU_IDR3.FWB (0/1).", transform: intArgument) var fwb: Int?
    @Option(help: "SMMU_IDR3.STT: small translation tables (0/1).", transform: intArgument) var stt: Int?
    @Option(help: "SMMU_IDR3.E0PD (0/1).", transform: intArgument) var e0pd: Int?
    @Option(help: "SMMU_IDR3.DPT (0/1).", transform: intArgument) var dpt: Int?
    @Option(help: "SMMU_IDR3.EPAN (0/1).", transform: intArgument) var epan: Int?
    @Option(help: "SMMU_IDR3.S1PI (0/1).", transform: intArgument) var s1pi: Int?
    @Option(help: "SMMU_IDR3.S2PI (0/1).", transform: intArgument) var s2pi: Int?
    @Option(help: "SMMU_IDR3.S2PO (0/1).", transform: intArgument) var s2po: Int?
    @Option(help: "SMMU_IDR3.THE (0/1).", transform: intArgument) var the: Int?
    @Option(help: "SMMU_IDR3.MTEPERM (0/1).", transform: intArgument) var mteperm: Int?
    @Option(help: "SMMU_IDR3.AIE (0/1).", transform: intArgument) var aie: Int?
    // SMMU_IDR5
    @Option(help: "SMMU_IDR5.OAS in bits (32, 36, 40, 42, 44, 48, 52, 56).", transform: intArgument) var oas: Int?
    @Option(help: "SMMU_IDR5.GRAN4K (0/1).", transform: intArgument) var gran4k: Int?
    @Option(help: "SMMU_IDR5.GRAN16K (0/1).", transform: intArgument) var gran16k: Int?
    @Option(help: "SMMU_IDR5.GRAN64K (0/1).", transform: intArgument) var gran64k: Int?
    @Option(help: "SMMU_IDR5.DS (0/1).", transform: intArgument) var ds: Int?
    @Option(help: "SMMU_IDR5.D128 (0/1).", transform: intArgument) var d128: Int?
    @Option(help: "SMMU_IDR5.VAX: 0 48-bit, 1 52-bit, 2 56-bit VAs.", transform: intArgument) var vax: Int?
    // SMMU_AIDR, SMMU_CR2, SMMU_S_IDR1
    @Option(name: [.customLong("archminorrev"), .customLong("arch-minor-rev")],
            help: "SMMU_AIDR.ArchMinorRev: 0 SMMUv3.0 ... 4 SMMUv3.4.", transform: intArgument)
    var archMinorRev: Int?
    @Option(help: "SMMU_CR2.E2H (0/1).", transform: intArgument) var e2h: Int?
    @Option(help: "SMMU_S_IDR1.SEL2: Secure stage 2 (0/1; a Secure STE only).", transform: intArgument) var sel2: Int?

    // Earlier spellings, kept.
    @Flag(help: "The SMMU has no ATS (same as --ats 0).") var noAts = false
    @Flag(help: "The SMMU has no 2-level CD tables (same as --cd2l 0).") var noCd2l = false
    @Flag(help: "The SMMU has no DPT (same as --dpt 0).") var noDpt = false
    @Flag(help: "SMMU_IDR0.NS1ATS=1 (no split-stage ATS).") var ns1ats = false
    @Flag(help: "The descriptor is in the Secure stream table / queue.") var secure = false

    /// Every 0/1 option with its spec field name, for validation.
    private var flags: [(String, Int?)] {
        [("SMMU_IDR0.S2P", s2p), ("SMMU_IDR0.S1P", s1p), ("SMMU_IDR0.Hyp", hyp), ("SMMU_IDR0.ATS", ats),
         ("SMMU_IDR0.ASID16", asid16), ("SMMU_IDR0.PRI", pri), ("SMMU_IDR0.VMID16", vmid16), ("SMMU_IDR0.CD2L", cd2l),
         ("SMMU_IDR0.TERM_MODEL", termModel), ("SMMU_IDR0.RME_IMPL", rmeImpl),
         ("SMMU_IDR1.ATTR_PERMS_OVR", attrPermsOvr), ("SMMU_IDR1.ATTR_TYPES_OVR", attrTypesOvr),
         ("SMMU_IDR3.HAD", had), ("SMMU_IDR3.PBHA", pbha), ("SMMU_IDR3.PPS", pps), ("SMMU_IDR3.MPAM", mpam),
         ("SMMU_IDR3.FWB", fwb), ("SMMU_IDR3.STT", stt), ("SMMU_IDR3.E0PD", e0pd), ("SMMU_IDR3.DPT", dpt),
         ("SMMU_IDR3.EPAN", epan), ("SMMU_IDR3.S1PI", s1pi), ("SMMU_IDR3.S2PI", s2pi), ("SMMU_IDR3.S2PO", s2po),
         ("SMMU_IDR3.THE", the), ("SMMU_IDR3.MTEPERM", mteperm), ("SMMU_IDR3.AIE", aie),
         ("SMMU_IDR5.GRAN4K", gran4k), ("SMMU_IDR5.GRAN16K", gran16k), ("SMMU_IDR5.GRAN64K", gran64k),
         ("SMMU_IDR5.DS", ds), ("SMMU_IDR5.D128", d128), ("SMMU_CR2.E2H", e2h), ("SMMU_S_IDR1.SEL2", sel2)]
    }

    func validate() throws {
        for (name, v) in flags {
            if let v, v != 0 && v != 1 { throw ValidationError("\(name) \(v) is not 0 or 1") }
        }
        func range(_ name: String, _ v: Int?, _ r: ClosedRange<Int>, _ rule: String) throws {
            if let v, !r.contains(v) { throw ValidationError("\(name) \(v) is not \(rule)") }
        }
        try range("SMMU_IDR1.SSIDSIZE (--ssidsize)", ssidSize, 0...20, "in 0...20")
        try range("SMMU_IDR0.STALL_MODEL (--stall-model)", stallModel, 0...2, "0, 1 or 2 (0b11 is reserved)")
        try range("SMMU_IDR0.TTF (--ttf)", ttf, 1...3, "1, 2 or 3 (0b00 is reserved)")
        try range("SMMU_IDR0.HTTU (--httu)", httu, 0...3, "in 0...3")
        try range("SMMU_IDR5.VAX (--vax)", vax, 0...2, "0, 1 or 2 (0b11 is reserved)")
        try range("SMMU_AIDR.ArchMinorRev (--archminorrev)", archMinorRev, 0...15, "in 0...15")
        if let t = ttendian, t == 1 || !(0...3).contains(t) {
            throw ValidationError("SMMU_IDR0.TTENDIAN (--ttendian) \(t) is not 0, 2 or 3 (0b01 is reserved)")
        }
        if let oas, AddressSize(bits: oas) == nil {
            throw ValidationError("SMMU_IDR5.OAS (--oas) \(oas) is not one of 32, 36, 40, 42, 44, 48, 52, 56")
        }
        for (name, raw) in [("--idr0", idr0), ("--idr1", idr1), ("--idr3", idr3), ("--idr5", idr5),
                            ("--aidr", aidr), ("--cr2", cr2)] {
            if let raw, raw.value > UInt64(UInt32.max) {
                throw ValidationError("\(name) \(hex(raw.value)) does not fit the 32-bit register")
            }
        }
    }

    var features: Features {
        var f = Features()
        if let r = idr0 { f.read(idr0: r.value) }
        if let r = idr1 { f.read(idr1: r.value) }
        if let r = idr3 { f.read(idr3: r.value) }
        if let r = idr5 { f.read(idr5: r.value) }
        if let r = aidr { f.read(aidr: r.value) }
        if let r = cr2 { f.read(cr2: r.value) }
        func set(_ v: Int?, _ k: WritableKeyPath<Features, Int>) { if let v { f[keyPath: k] = v } }
        func set(_ v: Int?, _ k: WritableKeyPath<Features, Bool>) { if let v { f[keyPath: k] = v == 1 } }
        set(s2p, \.s2p); set(s1p, \.s1p); set(ttf, \.ttf); set(httu, \.httu); set(hyp, \.hyp); set(ats, \.ats)
        set(asid16, \.asid16); set(pri, \.pri); set(vmid16, \.vmid16); set(cd2l, \.cd2l); set(ttendian, \.ttendian)
        set(stallModel, \.stallModel); set(termModel, \.termModel); set(rmeImpl, \.rmeImpl)
        set(ssidSize, \.ssidSize); set(attrPermsOvr, \.attrPermsOvr); set(attrTypesOvr, \.attrTypesOvr)
        set(had, \.had); set(pbha, \.pbha); set(pps, \.pps); set(mpam, \.mpam); set(fwb, \.fwb); set(stt, \.stt)
        set(e0pd, \.e0pd); set(dpt, \.dpt); set(epan, \.epan); set(s1pi, \.s1pi); set(s2pi, \.s2pi); set(s2po, \.s2po)
        set(the, \.the); set(mteperm, \.mteperm); set(aie, \.aie)
        set(oas, \.oas); set(gran4k, \.gran4K); set(gran16k, \.gran16K); set(gran64k, \.gran64K); set(ds, \.ds)
        set(d128, \.d128); set(vax, \.vax); set(archMinorRev, \.archMinorRev); set(e2h, \.e2h); set(sel2, \.sel2)
        if noAts { f.ats = false }
        if noCd2l { f.cd2l = false }
        if noDpt { f.dpt = false }
        if ns1ats { f.ns1ats = true }
        if secure { f.secureTable = true }
        return f
    }
}

/// The one rule for numbers (design §5), said in every `--help` and in the README.
let numberRule = """
Numbers: descriptor words (arguments, --from/--to, verify logs, dumps) are hex, with or \
without 0x, as dumps print them; field values, IDs, addresses, offsets and sizes in arguments \
and scripts are decimal unless written 0x… (or 0b…). Text output prints IDs, addresses and \
field values in hex with 0x; JSON keeps IDs as integers and words and addresses as "0x…" strings.
"""

/// Bad input: the message goes to stderr as `error: …` and the tool exits 2.
struct BadInput: Error, CustomStringConvertible {
    let description: String
}

/// The error's message, with the closest known names when it is about an unknown one.
func badInput(_ e: any Error) -> BadInput { BadInput(description: "\(e)" + Suggest.hint(for: e)) }

/// An integer option (a count, a size, a register field): decimal unless written `0x…` or
/// `0b…`, as the rule for numbers says; too large for an Int is refused.
@Sendable func intArgument(_ text: String) throws -> Int {
    guard let v = WordInput.parseNumber(text), v <= UInt64(Int.max) else {
        throw ValidationError("'\(text)' is not a number (decimal, 0x… or 0b…)")
    }
    return Int(v)
}

/// A number argument: decimal, 0x… or 0b… (as field values are written).
struct Number: ExpressibleByArgument {
    let value: UInt64
    init?(argument: String) {
        guard let v = WordInput.parseNumber(argument) else { return nil }
        value = v
    }
}
