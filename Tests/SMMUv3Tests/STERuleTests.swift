import Testing
@testable import SMMUv3

/// One rule of the STE / L1STD tables, tested both ways: a descriptor where it fires, and the
/// nearest one where it must not (the field IGNORED, or the value at the legal edge). The pairs
/// are written by hand from IHI 0070 §5.1 / §5.2 (and §5.2.2's SteIllegal), not from the decoder.
struct RulePair: Sendable, CustomStringConvertible {
    let rule: String
    let fires: [String]
    let features: [String]
    let quiet: [String]
    let quietFeatures: [String]

    init(_ rule: String, _ fires: [String], _ features: [String] = [], quiet: [String], _ quietFeatures: [String]? = nil) {
        self.rule = rule
        self.fires = fires
        self.features = features
        self.quiet = quiet
        self.quietFeatures = quietFeatures ?? features
    }

    var description: String { rule }
    var kind: DescriptorKind { rule.hasPrefix("L1STD.") ? .l1std : .ste }

    /// The SMMU a pair names: "feature=value" (0/1 for a flag), "secure" for the Secure table.
    static func features(_ kv: [String]) -> Features {
        var f = Features()
        for s in kv {
            let p = s.split(separator: "=").map(String.init)
            let n = p.count == 2 ? Int(p[1]) ?? -1 : 1
            switch p[0] {
            case "secure": f.secureTable = n == 1
            case "sel2": f.sel2 = n == 1
            case "s1p": f.s1p = n == 1
            case "s2p": f.s2p = n == 1
            case "ttf": f.ttf = n
            case "httu": f.httu = n
            case "hyp": f.hyp = n == 1
            case "ats": f.ats = n == 1
            case "ns1ats": f.ns1ats = n == 1
            case "pri": f.pri = n == 1
            case "vmid16": f.vmid16 = n == 1
            case "cd2l": f.cd2l = n == 1
            case "ttendian": f.ttendian = n
            case "stall": f.stallModel = n
            case "rme": f.rmeImpl = n == 1
            case "ssidsize": f.ssidSize = n
            case "perms": f.attrPermsOvr = n == 1
            case "types": f.attrTypesOvr = n == 1
            case "pbha": f.pbha = n == 1
            case "pps": f.pps = n == 1
            case "mpam": f.mpam = n == 1
            case "fwb": f.fwb = n == 1
            case "stt": f.stt = n == 1
            case "dpt": f.dpt = n == 1
            case "s1pi": f.s1pi = n == 1
            case "s2pi": f.s2pi = n == 1
            case "s2po": f.s2po = n == 1
            case "the": f.the = n == 1
            case "oas": f.oas = n
            case "gran16k": f.gran16K = n == 1
            case "ds": f.ds = n == 1
            case "d128": f.d128 = n == 1
            case "rev": f.archMinorRev = n
            default: Issue.record("unknown feature \(s)")
            }
        }
        return f
    }
}

/// Stage 1 only, a single CD.
private let s1 = ["V=1", "Config=5", "S1ContextPtr=0x80000000"]
/// Stage 2 only: VMSAv8-64, 4 KB granule, 39-bit IPA from level 1, 48-bit output.
private let s2 = ["V=1", "Config=6", "S2AA64=1", "S2TG=0", "S2T0SZ=25", "S2SL0=1", "S2PS=5", "S2TTB=0x80000000"]
/// Both stages.
private let nested = ["V=1", "Config=7", "S1ContextPtr=0x80000000", "S2AA64=1", "S2TG=0", "S2T0SZ=25", "S2SL0=1",
                      "S2PS=5", "S2TTB=0x80000000"]
private let bypass = ["V=1", "Config=4"]
/// Stage 2 in a Secure STE: the Secure IPA table as the Non-secure one.
private let secureS2 = s2 + ["S_S2T0SZ=25", "S_S2SL0=1", "S_S2TG=0", "S_S2TTB=0x80000000"]

private let stePairs: [RulePair] = [
    RulePair("STE.V.invalid", ["V=0"], quiet: ["V=1"]),
    RulePair("STE.Config.reserved", ["V=1", "Config=1"], quiet: ["V=1", "Config=0"]),
    RulePair("STE.Config.no-stage1", s1, ["s1p=0"], quiet: bypass),
    RulePair("STE.Config.no-stage2", s2, ["s2p=0"], quiet: bypass),
    RulePair("STE.Config.no-secure-stage2", s2, ["secure", "sel2=0"], quiet: s1),
    RulePair("STE.S2AA64.secure-VMSAv8-32", s2 + ["S2AA64=0"], ["secure"], quiet: s2),
    RulePair("STE.S1Fmt.reserved", s1 + ["S1CDMax=4", "S1Fmt=3"], quiet: s1 + ["S1CDMax=0", "S1Fmt=3"]),
    RulePair("STE.S1Fmt.no-CD2L", s1 + ["S1CDMax=12", "S1Fmt=2"], ["cd2l=0"], quiet: s1 + ["S1CDMax=12", "S1Fmt=0"]),
    RulePair("STE.S1ContextPtr.linear-misaligned", s1 + ["S1CDMax=4", "S1ContextPtr=0x80000040"],
             quiet: s1 + ["S1CDMax=4", "S1ContextPtr=0x80000400"]),
    RulePair("STE.S1ContextPtr.l1-4k-misaligned", s1 + ["S1CDMax=10", "S1Fmt=1", "S1ContextPtr=0x80000040"],
             quiet: s1 + ["S1CDMax=9", "S1Fmt=1", "S1ContextPtr=0x80000040"]),
    RulePair("STE.S1ContextPtr.l1-64k-misaligned", s1 + ["S1CDMax=14", "S1Fmt=2", "S1ContextPtr=0x80000040"],
             quiet: s1 + ["S1CDMax=13", "S1Fmt=2", "S1ContextPtr=0x80000040"]),
    RulePair("STE.S1ContextPtr.beyond-OAS", s1 + ["S1ContextPtr=0x10000000000"], ["oas=40"],
             quiet: s1 + ["S1ContextPtr=0xffffffffc0"]),
    RulePair("STE.S1ContextPtr.beyond-OAS-v3.0", s1 + ["S1ContextPtr=0x10000000000"], ["oas=40", "rev=0"],
             quiet: s1 + ["S1ContextPtr=0x10000000000"], ["oas=40", "rev=1"]),
    RulePair("STE.S1ContextPtr.beyond-IAS", nested + ["S1ContextPtr=0x10000000000"], ["oas=36", "ttf=3"],
             quiet: nested + ["S1ContextPtr=0xffffffffc0"]),
    RulePair("STE.S1CDMax.beyond-SSIDSIZE", s1 + ["S1CDMax=17"], ["ssidsize=16"], quiet: s1 + ["S1CDMax=16"]),
    RulePair("STE.S1DSS.reserved", s1 + ["S1CDMax=4", "S1DSS=3"], quiet: s1 + ["S1CDMax=0", "S1DSS=3"]),
    RulePair("STE.S1CSH.reserved", s1 + ["S1CSH=1"], quiet: s2 + ["S1CSH=1"]),
] + ["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"].map {
    RulePair("STE.\($0).res0-VMSAv9-128", s2 + ["S2AA64=0", "\($0)=1"], ["d128"], quiet: s2 + ["\($0)=1"])
} + ["S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62"].map {
    RulePair("STE.\($0).res0-v3.0", s2 + ["\($0)=1"], ["rev=0"], quiet: s2 + ["\($0)=1"], ["rev=1"])
} + [
    RulePair("STE.DRE.res0-v3.0", s1 + ["DRE=1"], ["rev=0"], quiet: s1 + ["DRE=1"], ["rev=1"]),
    RulePair("STE.DCP.res0-v3.0", s1 + ["DCP=1"], ["rev=0"], quiet: s1 + ["DCP=1"], ["rev=1"]),
    RulePair("STE.PPAR.res0", s1 + ["PPAR=1"], ["pri=0"], quiet: s1 + ["PPAR=1"], ["pri=0", "pps"]),
    RulePair("STE.S1PIE.res0", s1 + ["S1PIE=1"], ["s1pi=0"], quiet: s2 + ["S1PIE=1"]),
    RulePair("STE.S2FWB.res0", s2 + ["S2FWB=1"], ["fwb=0"], quiet: s2 + ["S2FWB=1"], []),
    RulePair("STE.S2FWB.VMSAv8-32", s2 + ["S2AA64=0", "S2FWB=1"], quiet: s2 + ["S2FWB=1"]),
    RulePair("STE.S1MPAM.res0", s1 + ["S1MPAM=1"], ["mpam=0"], quiet: s1 + ["S1MPAM=1"], []),
    RulePair("STE.S1STALLD.stall-model", s1 + ["S1STALLD=1"], ["stall=1"], quiet: s1 + ["S1STALLD=1"], []),
    RulePair("STE.EATS.res0-secure", s1 + ["EATS=1"], ["secure"], quiet: s1 + ["EATS=1"], []),
    RulePair("STE.EATS.split-not-nested", s1 + ["EATS=2"], quiet: nested + ["EATS=2"]),
    RulePair("STE.EATS.split-with-S2S", nested + ["EATS=2", "S2S=1"], quiet: nested + ["EATS=2"]),
    RulePair("STE.EATS.split-with-NS1ATS", nested + ["EATS=2"], ["ns1ats"], quiet: nested + ["EATS=2"], []),
    RulePair("STE.EATS.full-with-S2S", s2 + ["EATS=1", "S2S=1"], quiet: s1 + ["EATS=1", "S2S=1"]),
    RulePair("STE.EATS.full-with-S2S-v3.0", s1 + ["EATS=1", "S2S=1"], ["rev=0"], quiet: s1 + ["EATS=1", "S2S=1"], ["rev=1"]),
    RulePair("STE.EATS.DPT-reserved", s2 + ["EATS=3"], ["dpt=0"], quiet: s2 + ["EATS=3"], []),
    RulePair("STE.EATS.DPT-not-EL1", s1 + ["EATS=3", "STRW=2"], quiet: s1 + ["EATS=3"]),
    RulePair("STE.EATS.DPT-with-S2S", s2 + ["EATS=3", "S2S=1"], quiet: s2 + ["EATS=3"]),
    RulePair("STE.STRW.res0-no-Hyp", s1 + ["STRW=2"], ["hyp=0"], quiet: s1 + ["STRW=2"], []),
    RulePair("STE.STRW.reserved-non-secure", s1 + ["STRW=1"], quiet: nested + ["STRW=1"]),
    RulePair("STE.STRW.reserved-secure", s1 + ["STRW=3"], ["secure"], quiet: s1 + ["STRW=1"]),
    RulePair("STE.STRW.EL3-with-RME", s1 + ["STRW=1"], ["secure", "rme"], quiet: s1 + ["STRW=1"], ["secure"]),
    RulePair("STE.STRW.secure-EL2-no-SEL2", s1 + ["STRW=2"], ["secure", "sel2=0"], quiet: s1 + ["STRW=2"], ["secure"]),
    RulePair("STE.MemAttr.reserved", bypass + ["MTCFG=1", "MemAttr=4"], quiet: bypass + ["MTCFG=1", "MemAttr=5"]),
    RulePair("STE.MemAttr.res0", bypass + ["MemAttr=1"], quiet: bypass + ["MTCFG=1", "MemAttr=1"]),
    RulePair("STE.MTCFG.res0", bypass + ["MTCFG=1"], ["types=0"], quiet: bypass + ["MTCFG=1"], []),
    RulePair("STE.ALLOCCFG.res0", bypass + ["ALLOCCFG=8"], ["types=0"], quiet: bypass + ["MTCFG=1", "ALLOCCFG=8"], []),
    RulePair("STE.ALLOCCFG.without-MTCFG", bypass + ["ALLOCCFG=8"], quiet: bypass + ["ALLOCCFG=7"]),
    RulePair("STE.SHCFG.res0", bypass + ["SHCFG=1"], ["types=0"], quiet: bypass + ["SHCFG=1"], []),
    RulePair("STE.NSCFG.res0", bypass + ["NSCFG=2"], ["secure", "perms=0"], quiet: bypass + ["NSCFG=2"], ["perms=0"]),
    RulePair("STE.NSCFG.reserved", bypass + ["NSCFG=1"], ["secure"], quiet: s1 + ["NSCFG=1"]),
    RulePair("STE.PRIVCFG.reserved", bypass + ["PRIVCFG=1"], quiet: bypass + ["PRIVCFG=2"]),
    RulePair("STE.PRIVCFG.res0", bypass + ["PRIVCFG=2"], ["perms=0"], quiet: bypass + ["PRIVCFG=2"], []),
    RulePair("STE.INSTCFG.reserved", bypass + ["INSTCFG=1"], quiet: bypass + ["INSTCFG=2"]),
    RulePair("STE.INSTCFG.res0", bypass + ["INSTCFG=2"], ["perms=0"], quiet: bypass + ["INSTCFG=2"], []),
    RulePair("STE.S2VMID.16-bit", s2 + ["S2VMID=0x100"], ["vmid16=0"], quiet: s2 + ["S2VMID=0xff"]),
    RulePair("STE.S2T0SZ.out-of-range", s2 + ["S2T0SZ=15"], quiet: s2 + ["S2T0SZ=16", "S2SL0=2"]),
    RulePair("STE.S2T0SZ.out-of-range-v3.0", s2 + ["S2T0SZ=49"], ["rev=0"], quiet: s2 + ["S2T0SZ=48"]),
    RulePair("STE.S2SL0.inconsistent", s2 + ["S2SL0=0"], quiet: s2),
    // VMSAv8-32 LPAE: S2T0SZ[3:0]=8 is -8, a 40-bit IPA, which a level-2 start cannot resolve.
    RulePair("STE.S2SL0.inconsistent-VMSAv8-32", s2 + ["S2AA64=0", "S2T0SZ=8", "S2SL0=0"],
             quiet: s2 + ["S2AA64=0", "S2T0SZ=8", "S2SL0=1"]),
    RulePair("STE.S2SL0.res0-VMSAv9-128", s2 + ["S2AA64=0"], ["d128"], quiet: s2),
    RulePair("STE.S2SH0.reserved", s2 + ["S2SH0=1"], quiet: s2 + ["S2SH0=2"]),
    RulePair("STE.S2TG.res0-VMSAv8-32", s2 + ["S2AA64=0", "S2TG=1"], quiet: s2 + ["S2TG=1"]),
    RulePair("STE.S2TG.unsupported", s2 + ["S2TG=2"], ["gran16k=0"], quiet: s2 + ["S2TG=2"], []),
    RulePair("STE.S2PS.reserved-v3.0", s2 + ["S2PS=6"], ["rev=0"], quiet: s2 + ["S2PS=5"]),
    RulePair("STE.S2PS.reserved-v3.1", s2 + ["S2PS=7"], ["rev=1"], quiet: s2 + ["S2PS=7"], ["rev=4"]),
    RulePair("STE.S2PS.capped-to-OAS", s2 + ["S2PS=6"], ["oas=48"], quiet: s2 + ["S2PS=5"]),
    RulePair("STE.S2AA64.no-VMSAv8-32", s2 + ["S2AA64=0"], ["ttf=2"], quiet: s2),
    RulePair("STE.S2AA64.no-VMSAv8-64", s2, ["ttf=1"], quiet: s2 + ["S2AA64=0"]),
    RulePair("STE.S2ENDI.unsupported", s2 + ["S2ENDI=1"], ["ttendian=2"], quiet: s2),
    RulePair("STE.S2HA.VMSAv8-32", s2 + ["S2AA64=0", "S2HA=1"], quiet: s2 + ["S2HA=1"]),
    RulePair("STE.S2HA.no-HTTU", s2 + ["S2HA=1"], ["httu=0"], quiet: s2 + ["S2HA=1"], ["httu=1"]),
    RulePair("STE.S2HD.VMSAv8-32", s2 + ["S2AA64=0", "S2HA=1", "S2HD=1"], quiet: s2 + ["S2HA=1", "S2HD=1"]),
    RulePair("STE.S2HD.no-dirty-HTTU", s2 + ["S2HA=1", "S2HD=1"], ["httu=1"], quiet: s2 + ["S2HA=1", "S2HD=1"], ["httu=2"]),
    RulePair("STE.S2HD.reserved", s2 + ["S2HD=1"], quiet: s2 + ["S2HA=1", "S2HD=1"]),
    RulePair("STE.S2S.no-stall", s2 + ["S2S=1"], ["stall=1"], quiet: s1 + ["S2S=1"]),
    RulePair("STE.S2S.stall-forced", s2, ["stall=2"], quiet: s2 + ["S2S=1"]),
    RulePair("STE.S2HAFT.res0", s2 + ["S2HA=1", "S2HAFT=1"], ["httu=2"], quiet: s2 + ["S2HA=1", "S2HAFT=1"], []),
    RulePair("STE.S2HAFT.without-S2HA", s2 + ["S2HAFT=1"], quiet: s2 + ["S2HA=1", "S2HAFT=1"]),
    RulePair("STE.S2PIE.res0", s2 + ["S2PIE=1"], ["s2pi=0"], quiet: s2 + ["S2PIE=1"], []),
    RulePair("STE.S2PIE.VMSAv8-32", s2 + ["S2AA64=0", "S2PIE=1"], quiet: s2 + ["S2PIE=1"]),
    RulePair("STE.S2POE.res0", s2 + ["S2PIE=1", "S2POE=1"], ["s2po=0"], quiet: s2 + ["S2PIE=1", "S2POE=1"], []),
    RulePair("STE.S2POE.direct-permissions", s2 + ["S2POE=1"], quiet: s2 + ["S2PIE=1", "S2POE=1"]),
    RulePair("STE.S2POE.with-S2HWU", s2 + ["S2PIE=1", "S2POE=1", "S2HWU59=1"], quiet: s2 + ["S2PIE=1", "S2POE=1"]),
    RulePair("STE.DPT_VMATCH.res0", s2 + ["EATS=1", "DPT_VMATCH=1"], quiet: s2 + ["EATS=3", "DPT_VMATCH=1"]),
    RulePair("STE.DPT_VMATCH.reserved", s2 + ["EATS=3", "DPT_VMATCH=3"], quiet: s2 + ["EATS=3", "DPT_VMATCH=2"]),
] + ["S2NSW", "S2NSA", "S2SW", "S2SA"].map {
    RulePair("STE.\($0).res0-not-secure-stage2", s2 + ["\($0)=1"], quiet: s2 + ["\($0)=1"], ["secure"])
} + [("S_S2T0SZ", "1"), ("S_S2SL0", "1"), ("S_S2TG", "1"), ("S_S2SL0_2", "1"), ("S_S2TTB", "0x80000000"),
     ("S_S2SKL", "1")].map {
    RulePair("STE.\($0.0).res0-not-secure-stage2", s2 + ["\($0.0)=\($0.1)"], ["secure", "sel2=0"],
             quiet: s2 + ["\($0.0)=\($0.1)"], ["secure"])
} + [
    RulePair("STE.S2SL0_2.res0", s2 + ["S2SL0_2=1"], ["ds=0"], quiet: s2 + ["S2SL0_2=1"], []),
    RulePair("STE.S2DS.res0", s2 + ["S2TG=1", "S2DS=1"], quiet: s2 + ["S2DS=1"]),
    RulePair("STE.S2TTB.res0-high-bits", s2 + ["S2TTB=0x10000000000000"], quiet: s2 + ["S2TTB=0x8000000000000"]),
    RulePair("STE.S2TTB.beyond-S2PS", s2 + ["S2TTB=0x1000000000000"], quiet: s2 + ["S2TTB=0xfffffffff000"]),
    RulePair("STE.S2TTB.beyond-48-bit", s2 + ["S2PS=6", "S2TTB=0x1000000000000"],
             quiet: s2 + ["S2PS=6", "S2TG=1", "S2TTB=0x1000000000000"]),
    // 4 KB granule, S2T0SZ=25, level 1: 2^(39-30) = 512 entries, a 4 KB table.
    RulePair("STE.S2TTB.misaligned", s2 + ["S2TTB=0x80000800"], quiet: s2 + ["S2TTB=0x80001000"]),
    RulePair("STE.S_S2T0SZ.out-of-range", secureS2 + ["S_S2T0SZ=15"], ["secure"], quiet: secureS2 + ["S_S2T0SZ=16", "S_S2SL0=2"]),
    RulePair("STE.S_S2SL0.inconsistent", secureS2 + ["S_S2SL0=0"], ["secure"], quiet: secureS2),
    RulePair("STE.S_S2TG.unsupported", secureS2 + ["S_S2TG=3"], ["secure"], quiet: secureS2),
    RulePair("STE.S_S2TTB.out-of-range", secureS2 + ["S_S2TTB=0x1000000000000"], ["secure"],
             quiet: secureS2 + ["S_S2TTB=0xfffffffff000"]),
    RulePair("STE.S2SKL.res0", s2 + ["S2SKL=1"], quiet: s2 + ["S2AA64=0", "S2SKL=1"], ["d128"]),
    RulePair("STE.PARTID.res0", bypass + ["PARTID=1"], ["rev=1"], quiet: bypass + ["PARTID=1"], ["rev=2"]),
    RulePair("STE.MECID.res0-not-Realm", bypass + ["MECID=1"], quiet: ["V=1", "Config=0", "MECID=1"]),
    RulePair("STE.PMG.res0", bypass + ["PMG=1"], ["mpam=0"], quiet: bypass + ["PMG=1"], []),
    RulePair("STE.MPAM_NS.res0-non-secure", bypass + ["MPAM_NS=1"], quiet: bypass + ["MPAM_NS=1"], ["secure"]),
    RulePair("STE.AssuredOnly.res0", s2 + ["AssuredOnly=1"], ["the=0"], quiet: s2 + ["AssuredOnly=1"], []),
    RulePair("STE.TL0.res0", s2 + ["TL0=1"], ["the=0"], quiet: s2 + ["TL0=1"], []),
    RulePair("STE.TL1.res0", s2 + ["TL1=1"], ["the=0"], quiet: s2 + ["TL1=1"], []),
    RulePair("STE.VMSPtr.res0-before-v3.2", bypass + ["VMSPtr=0x1000"], ["rev=1"], quiet: bypass + ["VMSPtr=0x1000"], ["rev=2"]),
    RulePair("STE.VMSPtr.beyond-OAS", nested + ["S1MPAM=1", "VMSPtr=0x1000000000000"], ["oas=48"],
             quiet: nested + ["VMSPtr=0x1000000000000"]),
] + (0...15).flatMap { (p: Int) -> [RulePair] in
    let f = "S2POI\(p)"
    let overlays: [String] = s2 + ["S2PIE=1", "S2POE=1"]
    return [
        RulePair("STE.\(f).res0", s2 + ["\(f)=8"], quiet: overlays + ["\(f)=8"]),
        RulePair("STE.\(f).reserved", overlays + ["\(f)=5"], quiet: overlays + ["\(f)=6"]),
    ]
}

private let l1stdPairs: [RulePair] = [
    RulePair("L1STD.Span.reserved", ["Span=12"], quiet: ["Span=11", "L2Ptr=0x80000000"]),
    RulePair("L1STD.L2Ptr.misaligned", ["Span=9", "L2Ptr=0x80002000"], quiet: ["Span=9", "L2Ptr=0x80004000"]),
    RulePair("L1STD.L2Ptr.beyond-OAS", ["Span=1", "L2Ptr=0x10000000000"], ["oas=40"], quiet: ["Span=0", "L2Ptr=0x10000000000"]),
]

@Suite("STE and L1STD rule tables")
struct STERuleTests {
    static let pairs = stePairs + l1stdPairs

    /// The assignments with a later one for the same field replacing the earlier (base + change).
    static func merged(_ args: [String]) -> [String] {
        var out: [String] = []
        for a in args {
            let name = a.split(separator: "=").first.map(String.init) ?? a
            out.removeAll { $0.hasPrefix(name + "=") }
            out.append(a)
        }
        return out
    }

    func ruleIDs(_ kind: DescriptorKind, _ args: [String], _ features: [String]) throws -> [String] {
        let words = try Encoded(kind, assignments: Self.merged(args)).words
        return try Decoded(kind, words: words, features: RulePair.features(features)).findings.compactMap(\.ruleID)
    }

    @Test(arguments: pairs)
    func firesAndNearestDoesNot(_ p: RulePair) throws {
        let fired = try ruleIDs(p.kind, p.fires, p.features)
        #expect(fired.contains(p.rule), "\(p.rule) does not fire on \(p.fires) \(p.features): \(fired)")
        let quiet = try ruleIDs(p.kind, p.quiet, p.quietFeatures)
        #expect(!quiet.contains(p.rule), "\(p.rule) fires on \(p.quiet) \(p.quietFeatures)")
    }

    @Test func everyRuleHasItsPair() {
        let tested = Set(Self.pairs.map(\.rule))
        let rules = (RuleTable.ste.rules + RuleTable.l1std.rules).map(\.id)
        #expect(rules.filter { !tested.contains($0) } == [], "rules without a pair")
        #expect(tested.subtracting(rules).isEmpty, "pairs of rules the tables lack: \(tested.subtracting(rules))")
        #expect(Set(rules).count == rules.count, "duplicate rule ids")
    }

    @Test func tablesNameOnlyFieldsTheLayoutsHave() {
        #expect(RuleTable.ste.unknownFields(DescriptorLayout.ste).isEmpty)
        #expect(RuleTable.l1std.unknownFields(DescriptorLayout.l1std).isEmpty)
    }

    /// An IGNORED field is never reported, whatever it holds (§5.2 V, Config, S2VMID, EATS).
    @Test func ignoredFieldsAreNeverReported() throws {
        // V=0: every other field IGNORED; only the note that says what the SMMU does.
        let garbage: [UInt64] = [0xffff_ffff_ffff_fffe] + Array(repeating: UInt64.max, count: 7)
        let v0 = try Decoded(.ste, words: garbage).findings
        #expect(v0.allSatisfy { $0.ruleID == "STE.V.invalid" || $0.field.hasPrefix("word") }, "\(v0)")
        // Config=0b000: abort, the remaining fields IGNORED.
        let abort = try ruleIDs(.ste, ["V=1", "Config=0", "S1CDMax=31", "S2TG=3", "STRW=3", "EATS=2"], [])
        #expect(abort.isEmpty, "\(abort)")
        // Stage 1 only: S2* IGNORED, but S2VMID is not (NS-EL1 tags with it)...
        #expect(try ruleIDs(.ste, s1 + ["S2TG=3", "S2VMID=0x100"], ["vmid16=0"]) == ["STE.S2VMID.16-bit"])
        // ...unless StreamWorld is NS-EL2 (STRW=0b10): then S2VMID is IGNORED too (§5.2.2).
        #expect(try ruleIDs(.ste, s1 + ["STRW=2", "S2VMID=0x100"], ["vmid16=0"]).isEmpty)
        // A Secure stage-1-only STE does not tag with S2VMID.
        #expect(try ruleIDs(.ste, s1 + ["S2VMID=0x100"], ["vmid16=0", "secure"]).isEmpty)
        // Stage 2 only: S1* IGNORED.
        #expect(try ruleIDs(.ste, s2 + ["S1CDMax=31", "S1DSS=3", "S1CSH=1"], ["ssidsize=4"]).isEmpty)
        // EATS IGNORED without ATS; STRW IGNORED with stage 2.
        #expect(try ruleIDs(.ste, s2 + ["EATS=2"], ["ats=0"]).isEmpty)
        #expect(try ruleIDs(.ste, nested + ["STRW=3"], []).isEmpty)
        // S1CDMax IGNORED when the SMMU has no substreams.
        #expect(try ruleIDs(.ste, s1 + ["S1CDMax=5", "S1DSS=3"], ["ssidsize=0"]).isEmpty)
    }

    /// Item 4: the summary says what a transaction does with the STE.
    @Test func summarySaysWhatTheSMMUDoes() throws {
        let illegal = try Decoded(.ste, words: try Encoded(.ste, assignments: s1 + ["S1CDMax=17"]).words,
                                         features: RulePair.features(["ssidsize=16"]))
        #expect(illegal.summary.contains("ILLEGAL: a transaction using it records C_BAD_STE"), "\(illegal.summary)")
        let reserved = try Decoded(.ste, words: try Encoded(.ste, assignments: s1 + ["S1CDMax=4", "S1DSS=3"]).words)
        #expect(reserved.summary.contains("S1DSS=terminate"), "\(reserved.summary)")
        #expect(reserved.summary.contains("S1DSS=0x3 behaves as S1DSS=0b00 (terminate, F_STREAM_DISABLED)"), "\(reserved.summary)")
        let el2 = try Decoded(.ste, words: try Encoded(.ste, assignments: s1 + ["STRW=2"]).words,
                                     features: { var f = Features(); f.e2h = true; return f }())
        #expect(el2.summary.contains("StreamWorld NS-EL2-E2H"), "\(el2.summary)")
        #expect(try Decoded(.l1std, words: [12]).summary.contains("reserved Span 12 behaves as 0"))
    }

    @Test func everyRuleCitesItsSection() {
        for r in RuleTable.ste.rules { #expect(r.section.hasPrefix("5.2") || r.section == "3.4.3", "\(r.id)") }
        for r in RuleTable.l1std.rules { #expect(r.section == "5.1", "\(r.id)") }
    }
}
