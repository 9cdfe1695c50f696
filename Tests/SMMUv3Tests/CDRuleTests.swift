import Testing
@testable import SMMUv3

/// One rule of the CD / L1CD tables, tested both ways: a descriptor where it fires, and the
/// nearest one where it must not (the field IGNORED, or the value at the legal edge). The pairs
/// are written by hand from IHI 0070 §5.3 / §5.4 (and §5.4.2's CdIllegal), not from the decoder.
struct CDPair: Sendable, CustomStringConvertible {
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
    var kind: DescriptorKind { rule.hasPrefix("L1CD.") ? .l1cd : .cd }

    /// The SMMU and the locating STE a pair names: "feature=value" (1 for a bare name).
    static func features(_ kv: [String]) -> Features {
        var f = Features()
        for s in kv {
            let p = s.split(separator: "=").map(String.init)
            let value = p.count == 2 ? p[1] : "1"
            let n = Int(value) ?? -1
            switch p[0] {
            case "rev": f.archMinorRev = n
            case "stt": f.stt = n == 1
            case "vax": f.vax = n
            case "ds": f.ds = n == 1
            case "gran16k": f.gran16K = n == 1
            case "ttendian": f.ttendian = n
            case "ttf": f.ttf = n
            case "httu": f.httu = n
            case "asid16": f.asid16 = n == 1
            case "term": f.termModel = n == 1
            case "stall": f.stallModel = n
            case "e0pd": f.e0pd = n == 1
            case "epan": f.epan = n == 1
            case "s1pi": f.s1pi = n == 1
            case "the": f.the = n == 1
            case "aie": f.aie = n == 1
            case "mpam": f.mpam = n == 1
            case "d128": f.d128 = n == 1
            case "oas": f.oas = n
            case "secure": f.secureTable = n == 1
            case "world":
                guard let w = Features.StreamWorld(rawValue: value) else { Issue.record("unknown StreamWorld \(value)"); continue }
                f.streamWorld = w
            case "s1stalld": f.steS1STALLD = n == 1
            case "s1pie": f.steS1PIE = n == 1
            case "s1mpam": f.steS1MPAM = n == 1
            case "config": f.steConfig = n
            case "s2aa64": f.steS2AA64 = n
            case "s1fmt": f.steS1Fmt = n
            case "s1p": f.s1p = n == 1
            case "s2p": f.s2p = n == 1
            case "hyp": f.hyp = n == 1
            case "ats": f.ats = n == 1
            case "pri": f.pri = n == 1
            case "dpt": f.dpt = n == 1
            case "sel2": f.sel2 = n == 1
            case "rme": f.rmeImpl = n == 1
            case "ssidsize": f.ssidSize = n
            default: Issue.record("unknown feature \(s)")
            }
        }
        return f
    }
}

/// TTB0 walks only: VMSAv8-64, 4 KB granule, 48-bit VA, 48-bit IPS (a Linux stage 1 CD).
private let t0 = ["V=1", "AA64=1", "IPS=5", "T0SZ=16", "TG0=0", "TTB0=0x80000000", "EPD1=1", "A=1"]
/// TTB1 walks only (EPD0=1): 4 KB granule (TG1=0b10), 48-bit VA.
private let t1 = ["V=1", "AA64=1", "IPS=5", "EPD0=1", "T1SZ=16", "TG1=2", "TTB1=0x80000000", "A=1"]
/// Both walks, 64 KB granules, DS=1.
private let both64 = ["V=1", "AA64=1", "IPS=5", "T0SZ=16", "TG0=1", "TTB0=0x80000000", "T1SZ=16", "TG1=3",
                      "TTB1=0x80010000", "A=1", "DS=1"]
/// VMSAv8-32 LPAE (AA64=0 with SMMU_IDR5.D128=0).
private let lpae = ["V=1", "AA64=0", "T0SZ=0", "EPD1=1", "TTB0=0x80000000", "A=1"]
/// VMSAv9-128 (AA64=0 with SMMU_IDR5.D128=1): TTB0 walks only.
private let v128 = ["V=1", "AA64=0", "IPS=5", "T0SZ=16", "TG0=0", "TTB0=0x80000000", "EPD1=1", "A=1"]
/// VMSAv9-128, TTB1 walks only.
private let v128t1 = ["V=1", "AA64=0", "IPS=5", "EPD0=1", "T1SZ=16", "TG1=2", "TTB1=0x80000000", "A=1"]

private let cdPairs: [CDPair] = [
    CDPair("CD.T0SZ.out-of-range", t0 + ["T0SZ=15"], quiet: t0),
    CDPair("CD.T0SZ.out-of-range", t0 + ["T0SZ=49"], quiet: t0 + ["T0SZ=48"]),
    CDPair("CD.T0SZ.out-of-range", t0 + ["TG0=1", "T0SZ=48"], quiet: t0 + ["TG0=1", "T0SZ=47"]),
    CDPair("CD.T0SZ.out-of-range", t0 + ["T0SZ=11", "DS=1"], quiet: t0 + ["T0SZ=12", "DS=1"]),
    CDPair("CD.T0SZ.out-of-range", t0 + ["T0SZ=40"], ["stt=0"], quiet: t0 + ["T0SZ=39"]),
    CDPair("CD.T0SZ.out-of-range", t0 + ["TG0=1", "T0SZ=12"], ["vax=0"], quiet: t0 + ["TG0=1", "T0SZ=16"]),
    CDPair("CD.T0SZ.out-of-range", v128 + ["T0SZ=8", "TG0=1"], ["d128", "vax=2"], quiet: v128 + ["T0SZ=9", "TG0=1"]),
    CDPair("CD.T0SZ.out-of-range", v128 + ["T0SZ=7", "TG0=1"], ["d128", "vax=2", "world=el3"],
           quiet: v128 + ["T0SZ=8", "TG0=1"]),
    // EPD0 is IGNORED (effective 0) for any-EL2: T0SZ=0 is then checked.
    CDPair("CD.T0SZ.out-of-range", t0 + ["EPD0=1", "T0SZ=0"], ["world=el2"], quiet: t0 + ["EPD0=1", "T0SZ=0"], []),
    CDPair("CD.T0SZ.out-of-range-v3.0", t0 + ["T0SZ=49"], ["rev=0"], quiet: t0 + ["T0SZ=48"]),
    CDPair("CD.TG0.unsupported", t0 + ["TG0=3"], quiet: t0 + ["TG0=3", "EPD0=1"]),
    CDPair("CD.TG0.unsupported", t0 + ["TG0=2"], ["gran16k=0"], quiet: t0),
    CDPair("CD.TG0.unsupported", t0 + ["TG0=3"], quiet: lpae + ["TG0=3"]),
    CDPair("CD.SH0.reserved", t0 + ["SH0=1"], quiet: t0 + ["SH0=2"]),
    CDPair("CD.SH0.reserved", t0 + ["SH0=1"], quiet: t0 + ["SH0=1", "EPD0=1"]),
    CDPair("CD.ENDI.little-endian-only", t0 + ["ENDI=1"], ["ttendian=2"], quiet: t0 + ["ENDI=1", "EPD0=1"]),
    CDPair("CD.ENDI.big-endian-only", t0, ["ttendian=3"], quiet: t0 + ["ENDI=1"]),
    CDPair("CD.T1SZ.out-of-range", t1 + ["T1SZ=0"], quiet: t1 + ["T1SZ=0", "EPD1=1"]),
    CDPair("CD.T1SZ.out-of-range", t1 + ["T1SZ=49"], quiet: t1 + ["T1SZ=48"]),
    CDPair("CD.T1SZ.out-of-range-v3.0", t1 + ["T1SZ=49"], ["rev=0"], quiet: t1 + ["T1SZ=48"]),
    CDPair("CD.T1SZ.res0-ttb1-unreachable", t0 + ["T1SZ=16"], ["world=el2"], quiet: t0 + ["T1SZ=16"], []),
    CDPair("CD.TG1.unsupported", t1 + ["TG1=0"], quiet: t1 + ["TG1=0", "EPD1=1"]),
    CDPair("CD.TG1.unsupported", t1 + ["TG1=1"], ["gran16k=0"], quiet: t1),
    CDPair("CD.TG1.res0-ttb1-unreachable", t0 + ["TG1=2"], ["world=el3"], quiet: t0 + ["TG1=2"], []),
    CDPair("CD.IR1.res0-ttb1-unreachable", t0 + ["IR1=1"], ["world=el2"], quiet: t0 + ["IR1=1"], []),
    CDPair("CD.OR1.res0-ttb1-unreachable", t0 + ["OR1=1"], ["world=el2"], quiet: t0 + ["OR1=1"], []),
    CDPair("CD.SH1.res0-ttb1-unreachable", t0 + ["SH1=2"], ["world=el2"], quiet: t0 + ["SH1=2"], []),
    CDPair("CD.SH1.reserved", t1 + ["SH1=1"], quiet: t1 + ["SH1=3"]),
    CDPair("CD.SH1.reserved", t1 + ["SH1=1"], quiet: t1 + ["SH1=1", "EPD1=1"]),
    CDPair("CD.V.invalid", ["V=0"], quiet: t0),
    CDPair("CD.IPS.reserved-v3.0", t0 + ["IPS=6"], ["rev=0"], quiet: t0),
    CDPair("CD.IPS.reserved-v3.1-3.3", t0 + ["IPS=7"], ["rev=1"], quiet: t0 + ["IPS=7"], ["rev=4"]),
    CDPair("CD.IPS.capped-to-OAS", t0 + ["IPS=6"], ["oas=48"], quiet: t0),
    CDPair("CD.IPS.capped-to-OAS", t0 + ["IPS=6"], ["oas=48"], quiet: lpae + ["IPS=6"]),
    CDPair("CD.UWXN.res0-vmsav9-128", v128 + ["UWXN=1"], ["d128"], quiet: t0 + ["UWXN=1"]),
    CDPair("CD.TBI1.res0-ttb1-unreachable", t0 + ["TBI1=1"], ["world=el2"], quiet: t0 + ["TBI1=1"], ["world=el2-e2h"]),
    CDPair("CD.AA64.vmsav8-32-unsupported", lpae, ["ttf=2"], quiet: lpae, []),
    CDPair("CD.AA64.vmsav8-32-streamworld", lpae, ["world=el2-e2h"], quiet: lpae, ["world=el2"]),
    CDPair("CD.AA64.vmsav8-32-streamworld", lpae, ["world=el2", "secure"], quiet: lpae, ["world=secure", "secure"]),
    CDPair("CD.AA64.vmsav8-64-unsupported", t0, ["ttf=1"], quiet: lpae),
    CDPair("CD.AA64.vmsav8-64-over-32-bit-stage2", t0, ["config=7", "s2aa64=0"], quiet: t0, ["config=7"]),
    CDPair("CD.AA64.vmsav9-128-el2", v128, ["d128", "world=el2"], quiet: v128, ["d128", "world=el2-e2h"]),
    CDPair("CD.AA64.vmsav9-128-without-S1PIE", v128, ["d128", "s1pie=0"], quiet: v128, ["d128"]),
    CDPair("CD.HD.reserved", t0 + ["HD=1"], quiet: t0 + ["HD=1", "HA=1"]),
    CDPair("CD.HD.httu", t0 + ["HD=1", "HA=1"], ["httu=1"], quiet: t0 + ["HA=1"]),
    CDPair("CD.HA.httu", t0 + ["HA=1"], ["httu=0"], quiet: lpae + ["HA=1"]),
    CDPair("CD.S.S1STALLD", t0 + ["S=1"], ["s1stalld"], quiet: t0),
    CDPair("CD.S.no-stall", t0 + ["S=1"], ["stall=1"], quiet: t0),
    CDPair("CD.S.stall-forced", t0, ["stall=2"], quiet: t0 + ["S=1"]),
    CDPair("CD.A.term-model", t0 + ["A=0"], ["term=1"], quiet: t0),
    CDPair("CD.ASID.asid8", t0 + ["ASID=0x100"], ["asid16=0"], quiet: t0 + ["ASID=0xff"]),
    CDPair("CD.ASID.asid8", t0 + ["ASID=0x100"], ["asid16=0"], quiet: t0 + ["ASID=0x100"], ["asid16=0", "world=el2"]),
    CDPair("CD.E0PD0.res0-no-e0pd", t0 + ["E0PD0=1"], ["e0pd=0"], quiet: t0 + ["E0PD0=1"], []),
    CDPair("CD.E0PD0.res0-vmsav8-32-el2-el3", lpae + ["E0PD0=1"], quiet: t0 + ["E0PD0=1"]),
    CDPair("CD.E0PD0.res0-vmsav8-32-el2-el3", t0 + ["E0PD0=1"], ["world=el2"], quiet: t0 + ["E0PD0=1"], ["world=el2-e2h"]),
    CDPair("CD.HAFT.without-HA", t0 + ["HAFT=1"], quiet: t0 + ["HAFT=1", "HA=1"]),
    CDPair("CD.HAFT.res0-httu", t0 + ["HA=1", "HAFT=1"], ["httu=2"], quiet: t0 + ["HA=1", "HAFT=1"], []),
    CDPair("CD.TTB0.beyond-IPS", t0 + ["IPS=0", "TTB0=0x100000000"], quiet: t0 + ["IPS=1", "TTB0=0x100000000"]),
    CDPair("CD.TTB0.beyond-IPS", t0 + ["TTB0=0x10000000000"], ["oas=40"], quiet: t0 + ["TTB0=0xfffffff000"]),
    CDPair("CD.TTB0.beyond-IPS", t0 + ["IPS=0", "TTB0=0x100000000"], quiet: t0 + ["IPS=0", "TTB0=0x100000000", "EPD0=1"]),
    CDPair("CD.TTB0.beyond-48-bit", t0 + ["IPS=6", "TTB0=0x1000000000000"], quiet: t0 + ["IPS=6", "TG0=1", "TTB0=0x1000000000000"]),
    CDPair("CD.TTB0.beyond-48-bit", t0 + ["IPS=6", "TTB0=0x1000000000000"], quiet: t0 + ["IPS=6", "DS=1", "TTB0=0x1000000000000"]),
    CDPair("CD.TTB0.res0-high-bits", t0 + ["IPS=7", "TG0=1", "TTB0=0x10000000000000"], quiet: t0 + ["IPS=7", "TG0=1", "TTB0=0x8000000000000"]),
    CDPair("CD.TTB0.res0-high-bits", t0 + ["TTB0=0x1000000000000"], ["rev=0"], quiet: t0 + ["TTB0=0x800000000000"]),
    CDPair("CD.TTB0.misaligned", t0 + ["TTB0=0x80000800"], quiet: t0 + ["TTB0=0x80001000"]),
    // 4 KB granule, T0SZ=24: a 16-byte level-0 table (2 entries), but 64 bytes when the effective IPS is 52 bits.
    CDPair("CD.TTB0.misaligned", t0 + ["T0SZ=24", "IPS=6", "TTB0=0x80000010"], quiet: t0 + ["T0SZ=24", "TTB0=0x80000010"]),
    CDPair("CD.PnCH.res0-vmsav9-128-vmsav8-32", lpae + ["PnCH=1"], quiet: t0 + ["PnCH=1"]),
    CDPair("CD.PnCH.res0-no-the", t0 + ["PnCH=1"], ["the=0"], quiet: t0 + ["PnCH=1"], []),
    CDPair("CD.EPAN.res0-context", t0 + ["PIE=1", "EPAN=1"], quiet: t0 + ["EPAN=1"]),
    CDPair("CD.EPAN.res0-no-epan", t0 + ["EPAN=1"], ["epan=0"], quiet: t0 + ["EPAN=1"], []),
    CDPair("CD.HWU059.res0-vmsav9-128", v128 + ["HWU059=1"], ["d128"], quiet: t0 + ["HWU059=1"], []),
    CDPair("CD.HWU059.res0-v3.0", t0 + ["HAD0=1", "HWU059=1"], ["rev=0"], quiet: t0 + ["HWU059=1"]),
    CDPair("CD.HWU060.res0-vmsav9-128", v128 + ["HWU060=1"], ["d128"], quiet: t0 + ["HWU060=1"], []),
    CDPair("CD.HWU060.res0-v3.0", t0 + ["HAD0=1", "HWU060=1"], ["rev=0"], quiet: t0 + ["HAD0=1", "HWU060=1"], ["rev=1"]),
    CDPair("CD.HWU061.res0-v3.0", t0 + ["HAD0=1", "HWU061=1"], ["rev=0"], quiet: t0 + ["HAD0=1", "HWU061=1"], ["rev=1"]),
    CDPair("CD.HWU062.res0-v3.0", t0 + ["HAD0=1", "HWU062=1"], ["rev=0"], quiet: t0 + ["HWU062=1"]),
    // VMSAv9-128, 4 KB granule (stride 8): T0SZ=30 starts at level 1, T0SZ=25 at level 0.
    CDPair("CD.SKL0.start-level", v128 + ["T0SZ=30", "SKL0=3"], ["d128"], quiet: v128 + ["T0SZ=30", "SKL0=2"]),
    CDPair("CD.SKL0.start-level", v128 + ["T0SZ=30", "SKL0=3"], ["d128"], quiet: v128 + ["T0SZ=25", "SKL0=3"]),
    CDPair("CD.NSCFG1.res0-ttb1-unreachable", t0 + ["NSCFG1=1"], ["world=el2"], quiet: t0 + ["NSCFG1=1"], []),
    CDPair("CD.DisCH1.res0-ttb1-unreachable", t0 + ["DisCH1=1"], ["d128", "world=el2"], quiet: t0 + ["DisCH1=1"], ["d128"]),
    CDPair("CD.HAD1.res0-ttb1-unreachable", t0 + ["HAD1=1"], ["world=el3"], quiet: t0 + ["HAD1=1"], []),
    CDPair("CD.E0PD1.res0-no-e0pd", t0 + ["E0PD1=1"], ["e0pd=0"], quiet: t0 + ["E0PD1=1"], []),
    CDPair("CD.E0PD1.res0-vmsav8-32-el2-el3", t0 + ["E0PD1=1"], ["world=el2"], quiet: t0 + ["E0PD1=1"], []),
    CDPair("CD.AIE.res0-no-aie", t0 + ["AIE=1"], ["aie=0"], quiet: t0 + ["AIE=1"], []),
    CDPair("CD.TTB1.res0-ttb1-unreachable", t0 + ["TTB1=0x80001000"], ["world=el2"], quiet: t0 + ["TTB1=0x80001000"], []),
    CDPair("CD.TTB1.beyond-IPS", t1 + ["IPS=0", "TTB1=0x100000000"], quiet: t1 + ["IPS=1", "TTB1=0x100000000"]),
    CDPair("CD.TTB1.beyond-IPS", t1 + ["IPS=0", "TTB1=0x100000000"], quiet: t1 + ["IPS=0", "TTB1=0x100000000", "EPD1=1"]),
    CDPair("CD.TTB1.beyond-48-bit", t1 + ["IPS=6", "TTB1=0x1000000000000"], quiet: t1 + ["IPS=6", "TG1=3", "TTB1=0x1000000000000"]),
    CDPair("CD.TTB1.res0-high-bits", t1 + ["IPS=7", "TG1=3", "TTB1=0x10000000000000"], quiet: t1 + ["IPS=7", "TG1=3", "TTB1=0x8000000000000"]),
    CDPair("CD.TTB1.misaligned", t1 + ["TTB1=0x80000800"], quiet: t1 + ["TTB1=0x80001000"]),
    CDPair("CD.DS.res0-no-ds", t0 + ["DS=1"], ["ds=0"], quiet: t0 + ["DS=1"], []),
    CDPair("CD.DS.res0-not-vmsav8-64", lpae + ["DS=1"], quiet: t0 + ["DS=1"]),
    CDPair("CD.DS.res0-64k-el1", both64, quiet: both64 + ["TG1=2"]),
    CDPair("CD.DS.res0-64k-el2-el3", t0 + ["TG0=1", "DS=1"], ["world=el2"], quiet: t0 + ["TG0=1", "DS=1"], []),
    CDPair("CD.DS.res0-v3.0", t0 + ["DS=1"], ["rev=0"], quiet: t0 + ["DS=1"], ["rev=1"]),
    CDPair("CD.PIE.res0-no-s1pi", t0 + ["PIE=1"], ["s1pi=0"], quiet: t0 + ["PIE=1"], []),
    CDPair("CD.PIE.res0-no-ste-s1pie", t0 + ["PIE=1"], ["s1pie=0"], quiet: t0 + ["PIE=1"], []),
    CDPair("CD.PIE.res0-not-vmsav8-64", lpae + ["PIE=1"], quiet: t0 + ["PIE=1"]),
    CDPair("CD.SKL1.res0-ttb1-unreachable", t0 + ["SKL1=1"], ["d128", "world=el2"], quiet: t0 + ["SKL1=1"], ["d128"]),
    CDPair("CD.SKL1.start-level", v128t1 + ["T1SZ=30", "SKL1=3"], ["d128"], quiet: v128t1 + ["T1SZ=30", "SKL1=2"]),
    CDPair("CD.PARTID.res0-no-mpam", t0 + ["PARTID=1"], ["s1mpam=0"], quiet: t0 + ["PARTID=1"], []),
    CDPair("CD.PARTID.res0-no-mpam", t0 + ["PARTID=1"], ["mpam=0"], quiet: t0 + ["PARTID=1"], []),
    CDPair("CD.PARTID.res0-virtual", t0 + ["PARTID=0x20"], ["config=7"], quiet: t0 + ["PARTID=0x1f"]),
    CDPair("CD.PMG.res0-no-mpam", t0 + ["PMG=1"], ["s1mpam=0"], quiet: t0 + ["PMG=1"], []),
] + mairPairs("MAIR0") + mairPairs("MAIR1") + (0..<16).flatMap(piiPairs)

/// The Reserved MAIR attribute encodings of MAIR0 (Attr0-3) or MAIR1 (Attr4-7).
private func mairPairs(_ m: String) -> [CDPair] {
    [
        CDPair("CD.\(m).attr-normal-inner-0000", t0 + ["\(m)=0xf0"], quiet: t0 + ["\(m)=0xff"]),
        CDPair("CD.\(m).attr-normal-inner-0000", t0 + ["\(m)=0x40000000"], quiet: t0 + ["\(m)=0x44000000"]),
        CDPair("CD.\(m).attr-device-00RW", t0 + ["\(m)=0x01"], quiet: t0 + ["\(m)=0x00"]),
        CDPair("CD.\(m).attr-device-01RW", t0 + ["\(m)=0x0600"], quiet: t0 + ["\(m)=0x0400"]),
        CDPair("CD.\(m).attr-device-10RW", t0 + ["\(m)=0x0b0000"], quiet: t0 + ["\(m)=0x080000"]),
        CDPair("CD.\(m).attr-device-11RW", t0 + ["\(m)=0x0d000000"], quiet: t0 + ["\(m)=0x0c000000"]),
    ]
}

/// PIIU<p> and PIIP<p>.
private func piiPairs(_ p: Int) -> [CDPair] {
    [
        CDPair("CD.PIIU\(p).res0-el2-el3", t0 + ["PIE=1", "PIIU\(p)=1"], ["world=el2"], quiet: t0 + ["PIE=1", "PIIU\(p)=1"], []),
        CDPair("CD.PIIU\(p).res0-pi-disabled", t0 + ["PIIU\(p)=1"], quiet: t0 + ["PIE=1", "PIIU\(p)=1"]),
        CDPair("CD.PIIU\(p).reserved", t0 + ["PIE=1", "PIIU\(p)=4"], quiet: t0 + ["PIE=1", "PIIU\(p)=5"]),
        CDPair("CD.PIIU\(p).reserved", t0 + ["PIE=1", "PIIU\(p)=6"], quiet: t0 + ["PIE=1", "PIIU\(p)=7"]),
        CDPair("CD.PIIP\(p).res0-pi-disabled", t0 + ["PIIP\(p)=1"], quiet: t0 + ["PIE=1", "PIIP\(p)=1"]),
        CDPair("CD.PIIP\(p).reserved", t0 + ["PIE=1", "PIIP\(p)=6"], quiet: t0 + ["PIE=1", "PIIP\(p)=7"]),
        CDPair("CD.PIIP\(p).reserved", t0 + ["PIE=1", "PIIP\(p)=4"], quiet: t0 + ["PIE=1", "PIIP\(p)=5"]),
        CDPair("CD.PIIP\(p).exec-with-unprivileged-write", t0 + ["PIE=1", "PIIP\(p)=2", "PIIU\(p)=5"],
               quiet: t0 + ["PIE=1", "PIIP\(p)=2", "PIIU\(p)=3"]),
        CDPair("CD.PIIP\(p).exec-with-unprivileged-write", t0 + ["PIE=1", "PIIP\(p)=7", "PIIU\(p)=7"],
               quiet: t0 + ["PIE=1", "PIIP\(p)=5", "PIIU\(p)=7"]),
    ]
}

private let l1cdPairs: [CDPair] = [
    CDPair("L1CD.V.invalid", ["V=0"], quiet: ["V=1", "L2Ptr=0x80000000"]),
    CDPair("L1CD.L2Ptr.beyond-OAS", ["V=1", "L2Ptr=0x1000000000000"], ["oas=48"], quiet: ["V=1", "L2Ptr=0xfffffffff000"]),
    CDPair("L1CD.L2Ptr.beyond-OAS", ["V=1", "L2Ptr=0x1000000000000"], ["oas=48"], quiet: ["V=0", "L2Ptr=0x1000000000000"]),
    CDPair("L1CD.L2Ptr.64k-leaf-misaligned", ["V=1", "L2Ptr=0x80001000"], ["s1fmt=2"], quiet: ["V=1", "L2Ptr=0x80010000"]),
    CDPair("L1CD.L2Ptr.64k-leaf-misaligned", ["V=1", "L2Ptr=0x80001000"], ["s1fmt=2"], quiet: ["V=1", "L2Ptr=0x80001000"], ["s1fmt=1"]),
    CDPair("L1CD.L2Ptr.64k-leaf-unknown", ["V=1", "L2Ptr=0x80001000"], quiet: ["V=1", "L2Ptr=0x80010000"]),
]

@Suite("CD and L1CD rule tables")
struct CDRuleTests {
    static let pairs = cdPairs + l1cdPairs

    /// The assignments with a later one for the same field replacing the earlier (base + change).
    static func merged(_ args: [String]) -> [String] {
        var out: [String] = []
        for a in args {
            let name = (a.split(separator: "=").first.map(String.init) ?? a).lowercased()
            out.removeAll { $0.lowercased().hasPrefix(name + "=") }
            out.append(a)
        }
        return out
    }

    func decode(_ kind: DescriptorKind, _ args: [String], _ features: [String] = []) throws -> Decoded {
        let words = try Encoded(kind, assignments: Self.merged(args)).words
        return try Decoded(kind, words: words, features: CDPair.features(features))
    }

    func ruleIDs(_ kind: DescriptorKind, _ args: [String], _ features: [String]) throws -> [String] {
        try decode(kind, args, features).findings.compactMap(\.ruleID)
    }

    @Test(arguments: pairs)
    func firesAndNearestDoesNot(_ p: CDPair) throws {
        let fired = try ruleIDs(p.kind, p.fires, p.features)
        #expect(fired.contains(p.rule), "\(p.rule) does not fire on \(p.fires) \(p.features): \(fired)")
        let quiet = try ruleIDs(p.kind, p.quiet, p.quietFeatures)
        #expect(!quiet.contains(p.rule), "\(p.rule) fires on \(p.quiet) \(p.quietFeatures)")
    }

    /// The bases of the pairs are themselves clean, so a pair's finding is its rule's alone.
    @Test func theBasesHaveNoFinding() throws {
        for (base, ft) in [(t0, [String]()), (t1, []), (both64 + ["DS=0"], []), (lpae, []), (v128, ["d128"]), (v128t1, ["d128"])] {
            #expect(try decode(.cd, base, ft).findings.isEmpty, "\(base) \(ft)")
        }
    }

    @Test func everyRuleHasItsPair() {
        let tested = Set(Self.pairs.map(\.rule))
        let rules = (RuleTable.cd.rules + RuleTable.l1cd.rules).map(\.id)
        #expect(rules.filter { !tested.contains($0) } == [], "rules without a pair")
        #expect(tested.subtracting(rules).isEmpty, "pairs of rules the tables lack: \(tested.subtracting(rules))")
        #expect(Set(rules).count == rules.count, "duplicate rule ids")
    }

    @Test func tablesNameOnlyFieldsTheLayoutsHave() {
        #expect(RuleTable.cd.unknownFields(DescriptorLayout.cd).isEmpty)
        #expect(RuleTable.l1cd.unknownFields(DescriptorLayout.l1cd).isEmpty)
    }

    @Test func everyRuleCitesItsSection() {
        for r in RuleTable.cd.rules { #expect(r.section.hasPrefix("5.4"), "\(r.id)") }
        for r in RuleTable.l1cd.rules { #expect(r.section.hasPrefix("5.3") || r.section == "5.2", "\(r.id)") }
    }

    /// Issue #10: the CD Linux writes when an SVA mm is released (EPD0=1, T0SZ=0; EPD1=1) is
    /// legal: T0SZ, TG0, IR0, OR0, SH0 and TTB0 are IGNORED when EPD0=1 (§5.4 EPD0, §5.4.1.1).
    @Test func svaReleaseCDHasNoFinding() throws {
        let words: [UInt64] = [0x07cd_c205_c000_4000, 0, 0, 0x44ff04, 0, 0, 0, 0]
        let d = try Decoded(.cd, words: words)
        #expect(d.findings.isEmpty, "\(d.findings)")
        #expect(!d.hasProblems)
        let r = try CLITests().run(["decode", "cd", "0x07cdc205c0004000", "0", "0", "0x44ff04", "0", "0", "0", "0", "--strict"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("findings: none"), "\(r.out)")
    }

    /// Issue #10: EPD1=0, TG1=4 KB, T1SZ=0: TTB1 walks are enabled and T1SZ is out of range, so
    /// the CD is ILLEGAL (§5.4 T1SZ, §5.4.2 CDTxSZInvalid: T1SZ below 16 with 48-bit VAs).
    @Test func t1szZeroWithTTB1WalksIsIllegal() throws {
        // The SVA-release CD with EPD1=0 and TG1=0b10 (4 KB).
        let word0: UInt64 = 0x07cd_c205_c000_4000 & ~(UInt64(1) << 30) | UInt64(2) << 22
        let d = try Decoded(.cd, words: [word0, 0, 0, 0x44ff04, 0, 0, 0, 0])
        let t1sz = d.findings.filter { $0.field == "T1SZ" }
        #expect(t1sz.count == 1 && t1sz.first?.severity == .illegal && t1sz.first?.outcome == .illegal(event: "C_BAD_CD"), "\(d.findings)")
        #expect(t1sz.first?.rule.contains("T1SZ=0x0 is outside 16...48") == true, "\(t1sz)")
        #expect(d.summary.contains("ILLEGAL: a transaction using it records C_BAD_CD"), "\(d.summary)")
        // EPD1=1 again: T1SZ IGNORED.
        #expect(try Decoded(.cd, words: [word0 | UInt64(1) << 30, 0, 0, 0x44ff04, 0, 0, 0, 0]).findings.isEmpty)
        let r = try CLITests().run(["decode", "cd", hex16(word0), "0", "0", "0x44ff04", "0", "0", "0", "0", "--strict"])
        #expect(r.status == 1 && r.out.contains("illegal: T1SZ=0x0"), "\(r.out)\(r.err)")
    }

    /// An IGNORED field is never reported, whatever it holds (§5.4 V, EPD0, EPD1; §5.3.1 V).
    @Test func ignoredFieldsAreNeverReported() throws {
        // V=0: the rest of the CD IGNORED; only the note that says what the SMMU does (and the
        // bits no field covers).
        let garbage: [UInt64] = [UInt64.max & ~(UInt64(1) << 31)] + Array(repeating: UInt64.max, count: 7)
        let v0 = try Decoded(.cd, words: garbage).findings
        #expect(v0.allSatisfy { $0.ruleID == "CD.V.invalid" || $0.field.hasPrefix("word") }, "\(v0)")
        // EPD0=1 and EPD1=1: every TTB0/TTB1 walk field may hold anything.
        let quiet = try ruleIDs(.cd, ["V=1", "AA64=1", "IPS=5", "A=1", "EPD0=1", "EPD1=1", "T0SZ=63", "TG0=3", "SH0=1",
                                      "TTB0=0xfffffffffffff0", "T1SZ=63", "TG1=0", "SH1=1", "TTB1=0xfffffffffffff0", "ENDI=1"],
                                ["ttendian=2"])
        #expect(quiet.isEmpty, "\(quiet)")
        // L1CD V=0: L2Ptr IGNORED.
        let l1 = try Decoded(.l1cd, words: [0xffff_ffff_ffff_f000], features: CDPair.features(["oas=32", "s1fmt=2"])).findings
        #expect(l1.allSatisfy { $0.ruleID == "L1CD.V.invalid" || $0.field.hasPrefix("word") }, "\(l1)")
    }

    @Test func summarySaysWhatTheSMMUDoes() throws {
        let reserved = try decode(.cd, t0 + ["SH0=1"])
        #expect(reserved.summary.contains("SH0=0x1 behaves as SH0=0b00, Non-shareable"), "\(reserved.summary)")
        #expect(!reserved.summary.contains("ILLEGAL"))
        #expect(try decode(.cd, ["V=0"]).summary == "invalid (V=0)")
        #expect(try decode(.cd, lpae).summary.hasSuffix("VMSAv8-32 LPAE tables (AA64=0)"))
        #expect(try decode(.cd, v128, ["d128"]).summary.hasSuffix("VMSAv9-128 tables (AA64=0, SMMU_IDR5.D128=1)"))
        #expect(try Decoded(.l1cd, words: [0]).summary.contains("C_BAD_SUBSTREAMID"))
    }
}
