/// What the SMMU supports, as far as the validity of a descriptor depends on it: the one feature
/// model the rule tables (STE §5.2, CD §5.4, L1STD §5.1, L1CD §5.3, commands §4) read. Each
/// property names the register field it comes from (IHI 0070 §6.3); `init(idr0:idr1:idr3:idr5:aidr:cr2:)`
/// reads them from raw register values.
///
/// The defaults describe a permissive SMMUv3.4 with (nearly) every feature, so that only what is
/// wrong on every SMMU is reported unless the caller says more. Where two features exclude each
/// other the default takes the one the Linux driver and most SMMUs have: VMSAv8-32 LPAE and
/// VMSAv8-64 tables (IDR0.TTF=0b11), so no VMSAv9-128 (IDR5.D128=0, and STE.S2AA64=0 / CD.AA64=0
/// select VMSAv8-32 LPAE); 52-bit VAs (IDR5.VAX=0b01). OAS stays at 56 bits, as before, which
/// is the widest range (a real SMMU with OAS=56 has D128=1).
public struct Features: Sendable, Hashable {
    // SMMU_IDR0 (§6.3.1)

    /// SMMU_IDR0.S2P, bit [0]: stage 2 translation supported.
    public var s2p = true
    /// SMMU_IDR0.S1P, bit [1]: stage 1 translation supported.
    public var s1p = true
    /// SMMU_IDR0.TTF, bits [3:2]: table formats; bit 0 VMSAv8-32 LPAE, bit 1 VMSAv8-64.
    public var ttf = 0b11
    /// SMMU_IDR0.HTTU, bits [7:6]: 0 none, 1 Access flag, 2 Access flag and Dirty state,
    /// 3 those and the Access flag of table descriptors.
    public var httu = 0b11
    /// SMMU_IDR0.Hyp, bit [9]: hypervisor (EL2) stage 1 contexts (STE.STRW=0b10).
    public var hyp = true
    /// SMMU_IDR0.ATS, bit [10].
    public var ats = true
    /// SMMU_IDR0.NS1ATS, bit [11]: split-stage ATS (STE.EATS=0b10) *not* supported when 1.
    public var ns1ats = false
    /// SMMU_IDR0.ASID16, bit [12]: 16-bit ASIDs (else CD.ASID[15:8] must be 0).
    public var asid16 = true
    /// SMMU_IDR0.PRI, bit [16]: Page Request Interface.
    public var pri = true
    /// SMMU_IDR0.VMID16, bit [18]: 16-bit VMIDs (else STE.S2VMID[15:8] must be 0).
    public var vmid16 = true
    /// SMMU_IDR0.CD2L, bit [19]: 2-level CD tables.
    public var cd2l = true
    /// SMMU_IDR0.TTENDIAN, bits [22:21]: 0 mixed-endian, 1 reserved, 2 little-endian only,
    /// 3 big-endian only (CD.ENDI, STE.S2ENDI).
    public var ttendian = 0
    /// SMMU_IDR0.STALL_MODEL, bits [25:24]: 0 stall and terminate, 1 terminate only (no stall),
    /// 2 stall forced. (For a Secure descriptor this stands for SMMU_S_IDR0.STALL_MODEL.)
    public var stallModel = 0
    /// SMMU_IDR0.TERM_MODEL, bit [26]: 1 = terminated transactions always abort (CD.A must be 1).
    public var termModel = false
    /// SMMU_IDR0.RME_IMPL, bit [30]: RME features (then a Secure STE cannot select EL3).
    public var rmeImpl = false

    // SMMU_IDR1 (§6.3.2)

    /// SMMU_IDR1.SSIDSIZE, bits [10:6]: SubstreamID bits (0...20).
    public var ssidSize = 20
    /// SMMU_IDR1.ATTR_PERMS_OVR, bit [26]: STE.{PRIVCFG, INSTCFG, NSCFG} overrides.
    public var attrPermsOvr = true
    /// SMMU_IDR1.ATTR_TYPES_OVR, bit [27]: STE.{MTCFG, MemAttr, ALLOCCFG, SHCFG} overrides.
    public var attrTypesOvr = true

    // SMMU_IDR3 (§6.3.4)

    /// SMMU_IDR3.HAD, bit [2]: CD.HAD0/HAD1 (Hierarchical Attribute Disable).
    public var had = true
    /// SMMU_IDR3.PBHA, bit [3]: page-based hardware attributes (CD.HWU*, STE.S2HWU*).
    public var pbha = true
    /// SMMU_IDR3.PPS, bit [5]: 1 = STE.PPAR is IGNORED (behaves as 1).
    public var pps = false
    /// SMMU_IDR3.MPAM, bit [7]: MPAM (STE.S1MPAM, PARTID, PMG; CD.PARTID, PMG).
    public var mpam = true
    /// SMMU_IDR3.FWB, bit [8]: STE.S2FWB.
    public var fwb = true
    /// SMMU_IDR3.STT, bit [9]: small translation tables (T0SZ/S2T0SZ up to 48, else 39).
    public var stt = true
    /// SMMU_IDR3.E0PD, bit [13]: CD.E0PD0/E0PD1.
    public var e0pd = true
    /// SMMU_IDR3.DPT, bit [15]: Device Permission Table, STE.EATS=0b11.
    public var dpt = true
    /// SMMU_IDR3.EPAN, bit [17]: CD.EPAN.
    public var epan = true
    /// SMMU_IDR3.S1PI, bit [18]: stage 1 permission indirection (STE.S1PIE, CD.PIE).
    public var s1pi = true
    /// SMMU_IDR3.S2PI, bit [19]: stage 2 permission indirection (STE.S2PIE).
    public var s2pi = true
    /// SMMU_IDR3.S2PO, bit [20]: stage 2 permission overlays (STE.S2POE, S2POI<n>).
    public var s2po = true
    /// SMMU_IDR3.THE, bit [21]: translation hardening (STE.AssuredOnly, TL0, TL1).
    public var the = true
    /// SMMU_IDR3.MTEPERM, bit [22].
    public var mteperm = true
    /// SMMU_IDR3.AIE, bit [23]: CD.AIE (stage 1 Attribute Index Extension).
    public var aie = true

    // SMMU_IDR5 (§6.3.6)

    /// SMMU_IDR5.OAS, bits [2:0], as a size in bits (32, 36, 40, 42, 44, 48, 52, 56).
    public var oas = 56
    /// SMMU_IDR5.GRAN4K, bit [4]: 4 KB translation granule.
    public var gran4K = true
    /// SMMU_IDR5.GRAN16K, bit [5]: 16 KB translation granule.
    public var gran16K = true
    /// SMMU_IDR5.GRAN64K, bit [6]: 64 KB translation granule.
    public var gran64K = true
    /// SMMU_IDR5.DS, bit [7]: 52-bit addresses with 4 KB and 16 KB granules (STE.S2DS, CD.DS).
    public var ds = true
    /// SMMU_IDR5.D128, bit [8]: VMSAv9-128 descriptors (then S2AA64=0 / AA64=0 select them).
    public var d128 = false
    /// SMMU_IDR5.VAX, bits [11:10]: 0 48-bit, 1 52-bit, 2 56-bit VAs per CD.TTBx.
    public var vax = 0b01

    // SMMU_AIDR (§6.3.8)

    /// SMMU_AIDR.ArchMinorRev, bits [3:0]: 0 SMMUv3.0, 1 v3.1, 2 v3.2, 3 v3.3, 4 v3.4.
    /// (ArchMajorRev, bits [7:4], is 0 for every SMMUv3.x.)
    public var archMinorRev = 4

    // SMMU_CR2 (§6.3.12)

    /// SMMU_CR2.E2H, bit [0]: STE.STRW=0b10 selects EL2-E2H rather than EL2 (for a Secure STE
    /// this stands for SMMU_S_CR2.E2H).
    public var e2h = false

    // The descriptor's Security state

    /// The descriptor sits in the Secure stream table (or is a Secure command / CD).
    public var secureTable = false
    /// SMMU_S_IDR1.SEL2: Secure EL2 and Secure stage 2 (matters for a Secure STE only).
    public var sel2 = true

    /// The permissive default SMMU described above.
    public init() {}

    /// The features raw register values give (fields through the register layouts of
    /// include/smmuv3/regs.h). What the registers do not hold (the Security state, SEL2) keeps
    /// its default.
    public init(idr0: UInt64, idr1: UInt64, idr3: UInt64, idr5: UInt64, aidr: UInt64, cr2: UInt64) {
        read(idr0: idr0)
        read(idr1: idr1)
        read(idr3: idr3)
        read(idr5: idr5)
        read(aidr: aidr)
        read(cr2: cr2)
    }

    /// Field `field` of register `reg` (SMMU_ prefix left out) in the raw value `raw`.
    private static func field(_ reg: String, _ field: String, _ raw: UInt64) -> Int {
        guard let f = DescriptorLayout.register(named: reg)?.field(named: field) else { return 0 }
        return Int(f.get([raw]))
    }

    /// Takes every feature SMMU_IDR0 holds from its raw value.
    public mutating func read(idr0 raw: UInt64) {
        func f(_ n: String) -> Int { Self.field("IDR0", n, raw) }
        s2p = f("S2P") == 1; s1p = f("S1P") == 1; ttf = f("TTF"); httu = f("HTTU"); hyp = f("Hyp") == 1
        ats = f("ATS") == 1; ns1ats = f("NS1ATS") == 1; asid16 = f("ASID16") == 1; pri = f("PRI") == 1
        vmid16 = f("VMID16") == 1; cd2l = f("CD2L") == 1; ttendian = f("TTENDIAN"); stallModel = f("STALL_MODEL")
        termModel = f("TERM_MODEL") == 1; rmeImpl = f("RME_IMPL") == 1
    }

    /// Takes every feature SMMU_IDR1 holds from its raw value.
    public mutating func read(idr1 raw: UInt64) {
        func f(_ n: String) -> Int { Self.field("IDR1", n, raw) }
        ssidSize = f("SSIDSIZE"); attrPermsOvr = f("ATTR_PERMS_OVR") == 1; attrTypesOvr = f("ATTR_TYPES_OVR") == 1
    }

    /// Takes every feature SMMU_IDR3 holds from its raw value.
    public mutating func read(idr3 raw: UInt64) {
        func b(_ n: String) -> Bool { Self.field("IDR3", n, raw) == 1 }
        had = b("HAD"); pbha = b("PBHA"); pps = b("PPS"); mpam = b("MPAM"); fwb = b("FWB"); stt = b("STT")
        e0pd = b("E0PD"); dpt = b("DPT"); epan = b("EPAN"); s1pi = b("S1PI"); s2pi = b("S2PI"); s2po = b("S2PO")
        the = b("THE"); mteperm = b("MTEPERM"); aie = b("AIE")
    }

    /// Takes every feature SMMU_IDR5 holds from its raw value.
    public mutating func read(idr5 raw: UInt64) {
        func f(_ n: String) -> Int { Self.field("IDR5", n, raw) }
        oas = AddressSize(rawValue: UInt64(f("OAS"))).bits
        gran4K = f("GRAN4K") == 1; gran16K = f("GRAN16K") == 1; gran64K = f("GRAN64K") == 1
        ds = f("DS") == 1; d128 = f("D128") == 1; vax = f("VAX")
    }

    /// Raw SMMU_IDR3, SMMU_AIDR and SMMU_CR2 values that `read` turns back into these
    /// features (what an image records for an SMMU described by features, not registers).
    public var registers: (idr3: UInt64, aidr: UInt64, cr2: UInt64) {
        func put(_ reg: String, _ field: String, _ v: Int, _ raw: inout UInt64) {
            guard let f = DescriptorLayout.register(named: reg)?.field(named: field) else { return }
            var w = [raw]
            try? f.set(UInt64(v), in: &w)
            raw = w[0]
        }
        var idr3: UInt64 = 0, aidr: UInt64 = 0, cr2: UInt64 = 0
        for (n, b) in [("HAD", had), ("PBHA", pbha), ("PPS", pps), ("MPAM", mpam), ("FWB", fwb), ("STT", stt),
                       ("E0PD", e0pd), ("DPT", dpt), ("EPAN", epan), ("S1PI", s1pi), ("S2PI", s2pi), ("S2PO", s2po),
                       ("THE", the), ("MTEPERM", mteperm), ("AIE", aie)] {
            put("IDR3", n, b ? 1 : 0, &idr3)
        }
        put("AIDR", "ArchMinorRev", archMinorRev, &aidr)
        put("CR2", "E2H", e2h ? 1 : 0, &cr2)
        return (idr3, aidr, cr2)
    }

    /// `Features().registers`.
    public static let defaultRegisters = Features().registers

    /// Takes the version from SMMU_AIDR.ArchMinorRev.
    public mutating func read(aidr raw: UInt64) {
        archMinorRev = Self.field("AIDR", "ArchMinorRev", raw)
    }

    /// Takes E2H from SMMU_CR2.
    public mutating func read(cr2 raw: UInt64) {
        e2h = Self.field("CR2", "E2H", raw) == 1
    }

    /// SMMUv3.0 (SMMU_AIDR.ArchMinorRev=0): some out-of-range values are CONSTRAINED
    /// UNPREDICTABLE rather than ILLEGAL.
    public var isV3_0: Bool { archMinorRev == 0 }

    /// IAS, the intermediate (IPA) address size in bits (IHI 0070 §3.4):
    /// MAX(TTF[0]==1 ? 40 : 0, TTF[1]==1 ? OAS : 0).
    public var ias: Int { max(ttf & 1 == 1 ? 40 : 0, ttf & 2 == 2 ? oas : 0) }

    /// Whether a granule (4, 16 or 64 KB) is supported (SMMU_IDR5.GRAN4K/16K/64K).
    public func supportsGranule(kb: Int) -> Bool {
        switch kb {
        case 4: gran4K
        case 16: gran16K
        case 64: gran64K
        default: false
        }
    }

    // Added for the CD rules: the STE that locates a CD, on which the CD's legality depends
    // (IHI 0070 §5.4.1). Defaults: the most permissive STE (NS-EL1, stage 1 only, S1STALLD=0,
    // S1PIE=1, S1MPAM=1).

    /// The StreamWorld of the STE that locates a CD (IHI 0070 §5.2 STE.STRW with STE.Config,
    /// SMMU_(*_)CR2.E2H and the Security state; §3.3.3).
    public enum StreamWorld: String, Sendable, Hashable, CaseIterable {
        /// NS-EL1 (STRW=0b00 in the Non-secure table).
        case nsEL1 = "ns-el1"
        /// Secure (S-EL1: STRW=0b00 in the Secure table).
        case secure = "secure"
        /// Realm-EL1.
        case realmEL1 = "realm-el1"
        /// any-EL2: NS-EL2, S-EL2 or Realm-EL2 (STRW=0b10 with E2H=0). TTB1 is unreachable.
        case el2 = "el2"
        /// any-EL2-E2H (STRW=0b10 with E2H=1).
        case el2E2H = "el2-e2h"
        /// EL3 (STRW=0b01 in the Secure table). TTB1 is unreachable.
        case el3 = "el3"
    }
    /// StreamWorld of the STE that locates the CD (§5.4: EPDx, TTB1, ASID, AA64 depend on it).
    public var streamWorld = StreamWorld.nsEL1
    /// STE.S1STALLD of the STE that locates the CD (§5.4.2: S=1 under S1STALLD=1 is ILLEGAL).
    public var steS1STALLD = false
    /// STE.S1PIE of the STE that locates the CD (§5.4 AA64, PIE).
    public var steS1PIE = true
    /// STE.S1MPAM of the STE that locates the CD (§5.4 PARTID, PMG).
    public var steS1MPAM = true
    /// STE.Config of the STE that locates the CD (§5.4 AA64: stage 2 translates when 0b11x).
    public var steConfig = 0b101
    /// STE.S2AA64 of the STE that locates the CD (§5.4 AA64: VMSAv8-64 over a VMSAv8-32 LPAE
    /// stage 2 is ILLEGAL).
    public var steS2AA64 = 1
    /// STE.S1Fmt of the STE that locates an L1CD (§5.2 S1Fmt: 0b10 makes L1CD.L2Ptr[15:12]
    /// RES0); nil when unknown.
    public var steS1Fmt: Int? = nil
}

/// One field as decoded: bits, value and what the value means.
public struct DecodedField: Sendable, Hashable {
    /// The field: name, word and bits.
    public let field: DescriptorLayout.Field
    /// The field's value (a byte address for an address field).
    public let value: UInt64
    /// What the value means: its named encoding, else the field's description.
    public let meaning: String
}

/// A decoded descriptor: every field, a one-line semantic summary and the findings.
public struct Decoded: Sendable, Hashable {
    /// The kind the words were decoded as.
    public let kind: DescriptorKind
    /// The layout that names the fields (for a command or event record, the one its opcode or EventID selects).
    public let layout: DescriptorLayout
    /// The words as given, word 0 first.
    public let words: [UInt64]
    /// Every field of the layout with its value and meaning, in the layout's order.
    public let fields: [DecodedField]
    /// One line: what the SMMU makes of the descriptor (e.g. the configuration an STE selects),
    /// followed by what its findings make the SMMU do (the event an ILLEGAL one records).
    public let summary: String
    /// Every rule the descriptor breaks on this SMMU (the rule table's, in table order, then the
    /// kind's own checks and the RES0 bits set); empty for a clean descriptor.
    public let findings: [Decoded.Finding]

    /// True if any finding is worse than a note (what `--strict` turns into exit 1).
    public var hasProblems: Bool { findings.contains { $0.severity > .note } }

    /// The value of the field named `name` (case-insensitive), nil if the layout has none.
    public func value(_ name: String) -> UInt64? {
        fields.first { $0.field.name.lowercased() == name.lowercased() }?.value
    }
}

extension Decoded {
    /// One validation finding: the field, its value and the rule it breaks.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// How bad it is: note, reserved, CONSTRAINED UNPREDICTABLE, RES0 or ILLEGAL.
        public let severity: Decoded.Finding.Severity
        /// The field the finding is about, as the spec spells it.
        public let field: String
        /// The field's value.
        public let value: UInt64
        /// The rule broken, with its section (`…: ILLEGAL (C_BAD_STE) (§5.2)`).
        public let rule: String
        /// The rule table entry that produced it (`Rule.id`), if any.
        public let ruleID: String?
        /// What the SMMU does: the event an ILLEGAL descriptor records, what a reserved value
        /// behaves as.
        public let outcome: Rule.Outcome?

        /// A finding; `id` and `outcome` come from the rule table entry that produced it, if any.
        public init(_ severity: Decoded.Finding.Severity, _ field: String, _ value: UInt64, _ rule: String,
                    rule id: String? = nil, outcome: Rule.Outcome? = nil) {
            self.severity = severity
            self.field = field
            self.value = value
            self.rule = rule
            self.ruleID = id
            self.outcome = outcome
        }

        /// `severity: FIELD=value: rule` (the rule's own text when it already starts with `FIELD=`).
        public var description: String {
            rule.lowercased().hasPrefix(field.lowercased() + "=") ? "\(severity.rawValue): \(rule)"
                                                                 : "\(severity.rawValue): \(field)=\(hex(value)): \(rule)"
        }
    }
}

extension Decoded.Finding {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Comparable {
        /// Informational: legal, but worth knowing (e.g. V=0, a value capped to OAS).
        case note
        /// A reserved encoding that behaves as another value.
        case reserved
        /// The spec allows a choice of behaviours; software cannot count on any one.
        case constrainedUnpredictable = "constrained-unpredictable"
        /// RES0 bits set, or address bits the SMMU silently masks (misalignment).
        case res0
        /// The SMMU rejects the descriptor: ILLEGAL (C_BAD_STE / C_BAD_CD / CERROR_ILL).
        case illegal

        /// Orders by how bad: note < reserved < constrained-unpredictable < res0 < illegal.
        public static func < (a: Decoded.Finding.Severity, b: Decoded.Finding.Severity) -> Bool {
            a.rank < b.rank
        }

        var rank: Int {
            switch self {
            case .note: 0
            case .reserved: 1
            case .constrainedUnpredictable: 2
            case .res0: 3
            case .illegal: 4
            }
        }
    }
}
