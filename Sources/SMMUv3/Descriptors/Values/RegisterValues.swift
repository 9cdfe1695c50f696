/// The named encodings of the SMMU's register fields, transcribed from the field tables of
/// IHI 0070 §6.3, and what the fields that hold a number (sizes, indexes, codes) mean.
///
/// Names follow the descriptor encodings' spelling (lower case, hyphens) except where the spec
/// itself names the value (`CERROR_ILL`); `encode reg` matches them case-insensitively.
public enum RegisterValues {
    /// What one field value means: its named encoding if it has one, and the spec's words.
    public struct Description: Sendable, Equatable {
        /// The encoding's name, nil for a number (a size, an index) or a value with no name.
        public let name: String?
        /// What the spec says the value means.
        public let meaning: String
        /// A reserved encoding, or a number outside the range the spec allows.
        public let reserved: Bool
    }

    /// The named encodings of `register`.`field` (names as the layouts spell them), empty if
    /// the field holds a number or an address.
    public static func encodings(register: String, field: String) -> [Encoding] {
        table[register]?[field] ?? []
    }

    /// Every register field with named encodings, as `(register, field)`.
    public static var namedFields: [(register: String, field: String)] {
        table.keys.sorted().flatMap { r in table[r, default: [:]].keys.sorted().map { (r, $0) } }
    }

    /// What `value` in `register`.`field` means, or nil when the spec gives it no meaning
    /// beyond its number (an address, MSI data, an IMPLEMENTATION DEFINED value).
    ///
    /// - Parameters:
    ///   - register: the register's name as its layout spells it (`SMMU_CR0`).
    ///   - field: the field's name as the layout spells it.
    ///   - value: the field's value, right-aligned.
    ///   - context: other registers' raw values by name (`SMMU_CMDQ_BASE` …), which
    ///     some fields need (a queue index's wrap bit sits at the queue's LOG2SIZE).
    public static func describe(register: String, field: String, value: UInt64,
                                context: [String: UInt64] = [:]) -> Description? {
        let named = encodings(register: register, field: field)
        if let e = named.first(where: { $0.value == value }) {
            return Description(name: e.name, meaning: e.meaning, reserved: e.reserved)
        }
        if let text = numbers(register: register, field: field, value: value, context: context) { return text }
        if !named.isEmpty {
            return Description(name: nil, meaning: otherwise[register + "." + field] ?? "reserved", reserved: true)
        }
        return nil
    }

    // MARK: - Field tables

    /// A feature bit of an ID register: 0 not supported, 1 supported.
    static func feature(_ what: String) -> [Encoding] {
        [Encoding(0, "not-supported", "\(what) not supported"), Encoding(1, "supported", "\(what) supported")]
    }
    /// An enable bit of a control register: 0 disabled, 1 enabled.
    static func enable(_ what: String) -> [Encoding] {
        [Encoding(0, "disabled", "\(what) disabled"), Encoding(1, "enabled", "\(what) enabled")]
    }
    /// SMMU_CR1.{QUEUE,TABLE}_{IC,OC} (§6.3.11).
    static let cacheability = [
        Encoding(0, "nc", "Non-cacheable"), Encoding(1, "wb", "Write-Back Cacheable"),
        Encoding(2, "wt", "Write-Through Cacheable"),
        Encoding(3, "reserved", "reserved, treated as Non-cacheable", reserved: true),
    ]
    /// SMMU_CR1.{QUEUE,TABLE}_SH, SMMU_*_IRQ_CFG2.SH (§6.3.11, §6.3.23).
    static let shareability = [
        Encoding(0, "nsh", "Non-shareable"),
        Encoding(1, "reserved", "reserved, treated as Non-shareable", reserved: true),
        Encoding(2, "osh", "Outer Shareable"), Encoding(3, "ish", "Inner Shareable"),
    ]
    /// SMMU_GBPA.MemAttr and SMMU_*_IRQ_CFG2.MemAttr, "encoded the same as the STE.MemAttr
    /// field" (§6.3.14, §6.3.23), the VMSAv8-64 stage 2 MemAttr (§5.2): 0b00dd Device, else 0bOOII Normal with outer OO and
    /// inner II each 01 Non-cacheable, 10 Write-Through, 11 Write-Back; 0bOO00 is reserved and
    /// behaves as Device-nGnRnE.
    static let memAttr: [Encoding] = (UInt64(0)...15).map { v in
        let device = ["ngnrne", "ngnre", "ngre", "gre"], normal = ["", "nc", "wt", "wb"]
        let long = ["", "Non-cacheable", "Write-Through", "Write-Back"]
        if v < 4 { return Encoding(v, "device-" + device[Int(v)], "Device-" + ["nGnRnE", "nGnRE", "nGRE", "GRE"][Int(v)]) }
        let o = Int(v >> 2), i = Int(v & 3)
        if i == 0 { return Encoding(v, "reserved-\(v)", "reserved, behaves as Device-nGnRnE", reserved: true) }
        return Encoding(v, "normal-o\(normal[o])-i\(normal[i])", "Normal, Outer \(long[o]), Inner \(long[i])")
    }

    /// The `_BASE` registers' RA / WA hints (§6.3.24, §6.3.26, §6.3.29, §6.3.33).
    static let readAllocate = [Encoding(0, "no-read-allocate", "No Read-Allocate"), Encoding(1, "read-allocate", "Read-Allocate")]
    static let writeAllocate = [Encoding(0, "no-write-allocate", "No Write-Allocate"), Encoding(1, "write-allocate", "Write-Allocate")]
    /// SMMU_GBPA.PRIVCFG / INSTCFG reserved 0b01 (§6.3.14).
    static let reservedAsIncoming = Encoding(1, "reserved", "reserved, behaves as use incoming", reserved: true)

    /// SMMU_IDR0 (§6.3.1).
    static let idr0: [String: [Encoding]] = [
        "S2P": feature("Stage 2 translation"), "S1P": feature("Stage 1 translation"),
        "TTF": [Encoding(0, "reserved", "reserved", reserved: true), Encoding(1, "vmsav8-32", "VMSAv8-32 LPAE"),
                Encoding(2, "vmsav8-64", "VMSAv8-64"), Encoding(3, "both", "VMSAv8-32 LPAE and VMSAv8-64")],
        "COHACC": feature("Coherent access for translations, structures and queues"),
        "BTM": feature("Broadcast TLB maintenance"),
        "HTTU": [Encoding(0, "none", "No flag updates supported"), Encoding(1, "af", "Access flag update supported"),
                 Encoding(2, "af-dirty", "Access flag and Dirty state of the page update supported"),
                 Encoding(3, "af-dirty-table", "Access flag and Dirty state, and Access flag for Table descriptors supported")],
        "DORMHINT": feature("Dormant hint"), "Hyp": feature("Hypervisor stage 1 contexts"),
        "ATS": feature("PCIe ATS"),
        // Inverted: 1 says split-stage ATS is NOT supported.
        "NS1ATS": [Encoding(0, "supported", "Split-stage (stage 1-only) ATS supported"),
                   Encoding(1, "not-supported", "Split-stage (stage 1-only) ATS not supported")],
        "ASID16": feature("16-bit ASID"), "MSI": feature("Message Signalled Interrupts"),
        "SEV": feature("WFE wake-up events to the PE"), "ATOS": feature("Address Translation Operations"),
        "PRI": feature("Page Request Interface"), "VMW": feature("VMID wildcard-matching for TLB invalidation"),
        "VMID16": feature("16-bit VMID"), "CD2L": feature("2-level CD table"),
        "VATOS": feature("Virtual ATOS page interface"),
        "TTENDIAN": [Encoding(0, "mixed", "Mixed-endian: CD.ENDI and STE.S2ENDI each select either endianness"),
                     Encoding(1, "reserved", "reserved", reserved: true),
                     Encoding(2, "little", "Little-endian only"), Encoding(3, "big", "Big-endian only")],
        "ATSRECERR": [Encoding(0, "base", "records only the base set of Events for ATS-related and PRI requests"),
                      Encoding(1, "extended", "records some additional Events for ATS-related and PRI requests")],
        "STALL_MODEL": [Encoding(0, "stall-and-terminate", "Stall and Terminate models supported"),
                        Encoding(1, "terminate", "Stall is not supported, all faults terminate the transaction"),
                        Encoding(2, "stall-forced", "Stall is forced: STE.S2S and CD.S must be 1"),
                        Encoding(3, "reserved", "reserved", reserved: true)],
        "TERM_MODEL": [Encoding(0, "abort-or-raz-wi", "CD.A selects Abort or RAZ/WI for a terminated transaction"),
                       Encoding(1, "abort", "RAZ/WI not supported, CD.A must be 1: terminated transactions abort")],
        "ST_LEVEL": [Encoding(0, "linear", "Linear Stream table supported"),
                     Encoding(1, "2-level", "2-level Stream table supported in addition to Linear"),
                     Encoding(2, "reserved-2", "reserved", reserved: true), Encoding(3, "reserved-3", "reserved", reserved: true)],
        "RME_IMPL": feature("RME"),
    ]

    /// SMMU_IDR1 (§6.3.2); the sizes are numbers (`numbers`).
    static let idr1: [String: [Encoding]] = [
        "ECMDQ": feature("Enhanced Command queue interface"),
        "TABLES_PRESET": [Encoding(0, "not-fixed", "SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG are not fixed"),
                          Encoding(1, "fixed", "SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG are fixed")],
        "QUEUES_PRESET": [Encoding(0, "not-fixed", "the queue base registers are not fixed"),
                          Encoding(1, "fixed", "the queue base registers are fixed")],
        "REL": [Encoding(0, "absolute", "preset base registers report an absolute address"),
                Encoding(1, "relative", "preset base registers report an offset from Page 0")],
        "ATTR_TYPES_OVR": [Encoding(0, "not-overridable", "incoming MemType, Shareability and hints cannot be overridden"),
                           Encoding(1, "overridable", "incoming MemType, Shareability and hints can be overridden")],
        "ATTR_PERMS_OVR": [Encoding(0, "not-overridable", "incoming Data/Instruction, User/Privileged, NS cannot be overridden"),
                           Encoding(1, "overridable", "incoming Data/Instruction, User/Privileged, NS can be overridden")],
    ]

    /// SMMU_IDR3 (§6.3.4).
    static let idr3: [String: [Encoding]] = [
        "HAD": feature("Hierarchical Attribute Disable"), "PBHA": feature("Page-Based Hardware Attributes"),
        "XNX": feature("EL0/EL1 execute control distinction at stage 2"),
        "PPS": [Encoding(0, "ste-ppar", "STE.PPAR selects whether the PASID is used on a PRI auto-generated response"),
                Encoding(1, "pasid", "a request's PASID is always used on a PRI auto-generated response; STE.PPAR IGNORED")],
        "MPAM": feature("MPAM"), "FWB": feature("Stage 2 control of memory types and attributes"),
        "STT": feature("Small translation tables"), "RIL": feature("Range-based invalidation and level hint"),
        "BBML": [Encoding(0, "level-0", "Break-Before-Make level 0"), Encoding(1, "level-1", "Break-Before-Make level 1"),
                 Encoding(2, "level-2", "Break-Before-Make level 2"), Encoding(3, "reserved", "reserved", reserved: true)],
        "E0PD": feature("E0PD"),
        "PTWNNC": [Encoding(0, "device", "STE.S2PTW == 0 permits stage 1 walks mapped as Device memory"),
                   Encoding(1, "normal-nc", "STE.S2PTW == 0 treats stage 1 walks mapped as Device as Normal Non-cacheable")],
        "DPT": feature("Device Permission Table"),
        "PASIDTT": feature("PASID TLP prefix on ATS Translated transactions"),
        "EPAN": feature("Enhanced PAN"), "S1PI": feature("Stage 1 permission indirections"),
        "S2PI": feature("Stage 2 permission indirections"), "S2PO": feature("Stage 2 permission overlays"),
        "THE": feature("Translation hardening extension"),
        "MTEPERM": [Encoding(0, "not-supported", "Stage 2 NoTagAccess encodings are reserved"),
                    Encoding(1, "supported", "Stage 2 NoTagAccess encodings are supported")],
        "AIE": feature("Stage 1 Attribute Index Extension"),
    ]

    /// SMMU_IDR5 (§6.3.6): OAS is encoded as STE.S2PS and CD.IPS are (`AddressSize`).
    static let idr5: [String: [Encoding]] = [
        "OAS": AddressSize.encodings,
        "GRAN4K": feature("4KB translation granule"), "GRAN16K": feature("16KB translation granule"),
        "GRAN64K": feature("64KB translation granule"),
        "DS": feature("52-bit addresses with 4KB and 16KB granules"),
        "D128": feature("128-bit VMSAv9-128 descriptors"),
        "VAX": [Encoding(0, "48-bit", "virtual addresses of up to 48 bits per CD.TTBx"),
                Encoding(1, "52-bit", "virtual addresses of up to 52 bits per CD.TTBx"),
                Encoding(2, "56-bit", "virtual addresses of up to 56 bits per CD.TTBx"),
                Encoding(3, "reserved", "reserved", reserved: true)],
    ]

    /// SMMU_AIDR (§6.3.8).
    static let aidr: [String: [Encoding]] = [
        "ArchMajorRev": [Encoding(0, "smmuv3", "SMMUv3.x")],
        "ArchMinorRev": (0...4).map { Encoding(UInt64($0), "v3.\($0)", "SMMUv3.\($0)") },
    ]

    /// SMMU_CR0 and SMMU_CR0ACK (§6.3.9, §6.3.10).
    static let cr0: [String: [Encoding]] = [
        "SMMUEN": [Encoding(0, "disabled", "all Non-secure streams bypass the SMMU, attributes from SMMU_GBPA"),
                   Encoding(1, "enabled", "Non-secure streams are checked against the configuration structures")],
        "PRIQEN": enable("PRI queue writes"), "EVENTQEN": enable("Event queue writes"),
        "CMDQEN": enable("Command queue processing"),
        "ATSCHK": [Encoding(0, "fast", "ATS Translated traffic passes without Stream table or TLB lookup"),
                   Encoding(1, "safe", "ATS Translated traffic is checked against STE.EATS")],
        "VMW": [Encoding(0, "exact", "TLB invalidations match VMID tags exactly")]
            + (1...4).map { Encoding(UInt64($0), "vmid-n-\($0)", "TLB invalidations match VMID[N:\($0)]") }
            + (5...7).map { Encoding(UInt64($0), "reserved-\($0)", "reserved, behaves as exact", reserved: true) },
        "DPT_WALK_EN": enable("Non-secure DPT walks"),
    ]

    /// SMMU_CR1 (§6.3.11).
    static let cr1: [String: [Encoding]] = [
        "QUEUE_IC": cacheability, "QUEUE_OC": cacheability, "QUEUE_SH": shareability,
        "TABLE_IC": cacheability, "TABLE_OC": cacheability, "TABLE_SH": shareability,
    ]

    /// SMMU_CR2 (§6.3.12).
    static let cr2: [String: [Encoding]] = [
        "E2H": [Encoding(0, "el2", "EL2 translation regime, without ASIDs or VMIDs"),
                Encoding(1, "el2-e2h", "EL2-E2H translation regime, with ASID")],
        "RECINVSID": [Encoding(0, "not-recorded", "C_BAD_STREAMID events are not recorded"),
                      Encoding(1, "recorded", "C_BAD_STREAMID events are permitted to be recorded")],
        "PTM": [Encoding(0, "broadcast", "the SMMU participates in broadcast TLB maintenance"),
                Encoding(1, "private", "the SMMU need not invalidate on broadcast TLB maintenance (Non-secure regimes)")],
        "REC_CFG_ATS": [Encoding(0, "base", "base set of Events for ATS-related and PRI requests"),
                        Encoding(1, "extended", "extended set of Events for ATS-related and PRI requests")],
    ]

    /// SMMU_GBPA (§6.3.14). ALLOCCFG is 0b0xxx (use incoming) or 0b1RWT (`numbers`): only
    /// its canonical spellings are named.
    static let gbpa: [String: [Encoding]] = [
        "MemAttr": memAttr,
        "MTCFG": [Encoding(0, "use-incoming", "use incoming memory type"),
                  Encoding(1, "override", "override incoming memory type with MemAttr")],
        "ALLOCCFG": [Encoding(0, "use-incoming", "use incoming RA/WA/TR allocation/transient hints")]
            + (8...15).map { v in Encoding(UInt64(v), allocName(UInt64(v)), allocMeaning(UInt64(v))) },
        "SHCFG": [Encoding(0, "nsh", "Non-shareable"), Encoding(1, "use-incoming", "use incoming"),
                  Encoding(2, "osh", "Outer Shareable"), Encoding(3, "ish", "Inner Shareable")],
        "PRIVCFG": [Encoding(0, "use-incoming", "use incoming"), reservedAsIncoming,
                    Encoding(2, "unprivileged", "Unprivileged"), Encoding(3, "privileged", "Privileged")],
        "INSTCFG": [Encoding(0, "use-incoming", "use incoming"), reservedAsIncoming,
                    Encoding(2, "data", "Data"), Encoding(3, "instruction", "Instruction")],
        "ABORT": [Encoding(0, "bypass", "incoming transactions bypass the SMMU with these attributes"),
                  Encoding(1, "abort", "abort all incoming transactions")],
        "Update": [Encoding(0, "complete", "no update in progress"),
                   Encoding(1, "in-progress", "an attribute update is in progress: written as 1 with the new attributes, cleared when it completes")],
    ]
    /// SMMU_GBPA.ALLOCCFG 0b1RWT: "override" then the hints set.
    static func allocName(_ v: UInt64) -> String {
        "override" + (v & 4 != 0 ? "-ra" : "") + (v & 2 != 0 ? "-wa" : "") + (v & 1 != 0 ? "-tr" : "")
    }
    static func allocMeaning(_ v: UInt64) -> String {
        "hints overridden: Read-Allocate=\(v >> 2 & 1), Write-Allocate=\(v >> 1 & 1), Transient=\(v & 1)"
    }

    /// SMMU_IRQ_CTRL and SMMU_IRQ_CTRLACK (§6.3.16, §6.3.18).
    static let irqCtrl: [String: [Encoding]] = [
        "GERROR_IRQEN": enable("Global Error interrupt"), "PRIQ_IRQEN": enable("PRI queue interrupt"),
        "EVENTQ_IRQEN": enable("Event queue interrupt"),
    ]

    /// SMMU_STRTAB_BASE_CFG (§6.3.25): FMT and the three SPLIT values the spec names.
    static let strtabBaseCfg: [String: [Encoding]] = [
        "FMT": [Encoding(0, "linear", "Linear: ADDR points to an array of STEs"),
                Encoding(1, "2-level", "2-level: ADDR points to an array of Level 1 Stream Table Descriptors"),
                Encoding(2, "reserved-2", "reserved, behaves as linear", reserved: true),
                Encoding(3, "reserved-3", "reserved, behaves as linear", reserved: true)],
        "SPLIT": [Encoding(6, "4k", "6 bits: 4KB leaf tables"), Encoding(8, "16k", "8 bits: 16KB leaf tables"),
                  Encoding(10, "64k", "10 bits: 64KB leaf tables")],
    ]

    /// SMMU_CMDQ_CONS.ERR (§6.3.28; the codes §7.1).
    static let cmdqCons: [String: [Encoding]] = [
        "ERR": [Encoding(0, "CERROR_NONE", "no error"),
                Encoding(1, "CERROR_ILL", "command illegal and cannot be correctly consumed"),
                Encoding(2, "CERROR_ABT", "abort on command fetch"),
                Encoding(3, "CERROR_ATC_INV_SYNC", "a CMD_SYNC failed to complete one or more previous CMD_ATC_INV commands")],
    ]

    /// SMMU_PRIQ_IRQ_CFG2.LO (§6.3.36).
    static let priqIrqCfg2: [String: [Encoding]] = [
        "SH": shareability, "MemAttr": memAttr,
        "LO": [Encoding(0, "non-empty", "interrupt when the PRI queue transitions from empty to non-empty"),
               Encoding(1, "last", "interrupt when a PRI message is received with its L bit set")],
    ]

    /// SMMU_GATOS_CTRL (§6.3.37).
    static let gatosCtrl: [String: [Encoding]] = [
        "RUN": [Encoding(0, "idle", "no translation in progress: SMMU_GATOS_PAR holds the last result"),
                Encoding(1, "run", "translation requested and not yet complete (written 1 by software, cleared by the SMMU)")],
    ]

    /// SMMU_GATOS_SID (§6.3.38).
    static let gatosSid: [String: [Encoding]] = [
        "SSID_VALID": [Encoding(0, "not-valid", "no SubstreamID: a non-substream request"),
                       Encoding(1, "valid", "SUBSTREAMID is valid")],
    ]

    /// SMMU_GATOS_ADDR (§6.3.39, §9.1.3).
    static let gatosAddr: [String: [Encoding]] = [
        "TYPE": [Encoding(0, "reserved", "reserved: the request fails with INV_REQ", reserved: true),
                 Encoding(1, "stage-1", "Stage 1 (VA to IPA)"), Encoding(2, "stage-2", "Stage 2 (IPA to PA)"),
                 Encoding(3, "stage-1-and-2", "Stage 1 and stage 2 (VA to PA)")],
        "PnU": [Encoding(0, "unprivileged", "Unprivileged"), Encoding(1, "privileged", "Privileged")],
        "RnW": [Encoding(0, "write", "Write"), Encoding(1, "read", "Read")],
        "InD": [Encoding(0, "data", "Data"), Encoding(1, "instruction", "Instruction (IGNORED when RnW=0: a write is Data)")],
        "HTTUI": [Encoding(0, "httu-permitted", "HTTU might occur, where supported, per the HA:HD configuration at stage 1 and stage 2"),
                  Encoding(1, "httu-inhibited", "HTTU inhibited regardless of HA/HD: the operation changes no state")],
    ]

    /// SMMU_GATOS_PAR, both formats (§6.3.40); FAULTCODE's codes §9.1.5.
    static let gatosPar: [String: [Encoding]] = [
        "FAULT": [Encoding(0, "no-fault", "a result: ATTR, ADDR, Size and SH hold it"),
                  Encoding(1, "fault", "a fault or translation error: FAULTCODE, REASON and FADDR say which")],
        "Size": [Encoding(0, "4k", "the translation is 4KB"),
                 Encoding(1, "from-addr", "the translation size is given by the lowest 1 bit of ADDR: bit N means 2^(N+1) bytes")],
        "SH": [Encoding(0, "nsh", "Non-shareable"), Encoding(1, "reserved", "reserved", reserved: true),
               Encoding(2, "osh", "Outer Shareable"), Encoding(3, "ish", "Inner Shareable")],
        "REASON": [Encoding(0, "s1", "stage 1 translation-related fault, or a fault not attributable to a stage (e.g. C_BAD_STE)"),
                   Encoding(1, "cd", "stage 2 fault because of a CD fetch"),
                   Encoding(2, "tt", "stage 2 fault because of a stage 1 translation table walk"),
                   Encoding(3, "in", "stage 2 fault because of the input address to stage 2")],
        "FAULTCODE": [
            Encoding(0x02, "C_BAD_STREAMID", "StreamID out of range of the configured Stream table"),
            Encoding(0x03, "F_STE_FETCH", "External abort or error on STE fetch"),
            Encoding(0x04, "C_BAD_STE", "selected STE invalid or illegal"),
            Encoding(0x06, "F_STREAM_DISABLED", "non-substream request, or SubstreamID 0, on a configuration that disables it"),
            Encoding(0x08, "C_BAD_SUBSTREAMID", "SubstreamID out of range of the configured CD table"),
            Encoding(0x09, "F_CD_FETCH", "External abort or error on CD fetch"),
            Encoding(0x0a, "C_BAD_CD", "selected CD invalid or illegal"),
            Encoding(0x0b, "F_WALK_EABT", "External abort or error on translation table walk"),
            Encoding(0x10, "F_TRANSLATION", "Translation fault"), Encoding(0x11, "F_ADDR_SIZE", "Address Size fault"),
            Encoding(0x12, "F_ACCESS", "Access flag fault"), Encoding(0x13, "F_PERMISSION", "Permission fault"),
            Encoding(0x20, "F_TLB_CONFLICT", "translation caused a TLB conflict condition"),
            // §9.1.5 spells it F_CFG_CONLICT; the event it reports is F_CFG_CONFLICT (§7.3).
            Encoding(0x21, "F_CFG_CONFLICT", "translation caused a configuration cache conflict condition"),
            Encoding(0x25, "F_VMS_FETCH", "External abort or error on VMS fetch"),
            Encoding(0xfd, "INTERNAL_ERR", "translation terminated for a miscellaneous reason"),
            Encoding(0xfe, "INV_STAGE", "request for a stage of translation that is not present"),
            Encoding(0xff, "INV_REQ", "malformed ATOS request"),
        ],
    ]

    /// SMMU_GMPAM and SMMU_GBPMPAM Update, "the same as the SMMU_GBPA.Update mechanism" (§6.3.42, §6.3.43).
    static let mpamUpdate: [String: [Encoding]] = [
        "Update": [Encoding(0, "complete", "no update in progress"),
                   Encoding(1, "in-progress", "an update is in progress: written as 1 with the new values, cleared when they apply")],
    ]

    /// SMMU_DPT_BASE_CFG (§6.3.47).
    static let dptBaseCfg: [String: [Encoding]] = [
        "DPTPS": [Encoding(0, "32-bit", "32 bits, 4GB"), Encoding(1, "36-bit", "36 bits, 64GB"), Encoding(2, "40-bit", "40 bits, 1TB"),
                  Encoding(3, "42-bit", "42 bits, 4TB"), Encoding(4, "44-bit", "44 bits, 16TB"), Encoding(5, "48-bit", "48 bits, 256TB"),
                  Encoding(6, "52-bit", "52 bits, 4PB"), Encoding(7, "reserved", "reserved", reserved: true)],
        "DPTGS": [Encoding(0, "4k", "4KB (invalid if SMMU_IDR5.GRAN4K == 0)"), Encoding(1, "64k", "64KB (invalid if SMMU_IDR5.GRAN64K == 0)"),
                  Encoding(2, "16k", "16KB (invalid if SMMU_IDR5.GRAN16K == 0)"), Encoding(3, "reserved", "reserved", reserved: true)],
        "L0DPTSZ": [Encoding(0, "30-bit", "30 bits: each entry covers 1GB"), Encoding(4, "34-bit", "34 bits: each entry covers 16GB"),
                    Encoding(6, "36-bit", "36 bits: each entry covers 64GB"), Encoding(9, "39-bit", "39 bits: each entry covers 512GB")],
    ]

    /// SMMU_DPT_CFG_FAR (§6.3.48).
    static let dptCfgFar: [String: [Encoding]] = [
        "FAULT": [Encoding(0, "no-fault", "no DPT lookup fault since the register was last cleared"),
                  Encoding(1, "fault", "one or more DPT lookup faults since the register was last cleared")],
        "LEVEL": [Encoding(0, "level-0", "Level 0"), Encoding(1, "level-1", "Level 1")],
        "DPT_FAULTCODE": [Encoding(0, "DPT_DISABLED", "SMMU_CR0.DPT_WALK_EN is zero"),
                          Encoding(1, "DPT_WALK_FAULT", "invalid DPT configuration or descriptor"),
                          Encoding(2, "DPT_GPC_FAULT", "GPC fault on DPT fetch"),
                          Encoding(3, "DPT_EABT", "External abort on DPT fetch")],
    ]

    /// What the spec says of a named field's values it does not name.
    static let otherwise: [String: String] = [
        "SMMU_STRTAB_BASE_CFG.SPLIT": "reserved, behaves as 6 (4KB leaf tables)",
        "SMMU_CMDQ_CONS.ERR": "not a command error code IHI 0070 defines",
        "SMMU_AIDR.ArchMinorRev": "a revision after SMMUv3.4",
        "SMMU_AIDR.ArchMajorRev": "not SMMUv3",
        "SMMU_GATOS_PAR.FAULTCODE": "reserved",
        "SMMU_DPT_BASE_CFG.L0DPTSZ": "reserved", "SMMU_DPT_CFG_FAR.DPT_FAULTCODE": "reserved",
    ]

    static let table: [String: [String: [Encoding]]] = [
        "SMMU_IDR0": idr0, "SMMU_IDR1": idr1, "SMMU_IDR3": idr3, "SMMU_IDR5": idr5, "SMMU_AIDR": aidr,
        "SMMU_CR0": cr0, "SMMU_CR0ACK": cr0, "SMMU_CR1": cr1, "SMMU_CR2": cr2, "SMMU_GBPA": gbpa,
        "SMMU_IRQ_CTRL": irqCtrl, "SMMU_IRQ_CTRLACK": irqCtrl,
        "SMMU_STRTAB_BASE": ["RA": readAllocate], "SMMU_STRTAB_BASE_CFG": strtabBaseCfg,
        "SMMU_CMDQ_BASE": ["RA": readAllocate], "SMMU_CMDQ_CONS": cmdqCons,
        "SMMU_EVENTQ_BASE": ["WA": writeAllocate], "SMMU_PRIQ_BASE": ["WA": writeAllocate],
        "SMMU_GERROR_IRQ_CFG2": ["SH": shareability, "MemAttr": memAttr],
        "SMMU_EVENTQ_IRQ_CFG2": ["SH": shareability, "MemAttr": memAttr],
        "SMMU_PRIQ_IRQ_CFG2": priqIrqCfg2,
        "SMMU_GATOS_CTRL": gatosCtrl, "SMMU_GATOS_SID": gatosSid, "SMMU_GATOS_ADDR": gatosAddr,
        "SMMU_GATOS_PAR": gatosPar, "SMMU_GMPAM": mpamUpdate, "SMMU_GBPMPAM": mpamUpdate,
        "SMMU_DPT_BASE": ["RA": readAllocate], "SMMU_DPT_BASE_CFG": dptBaseCfg, "SMMU_DPT_CFG_FAR": dptCfgFar,
        // §6.3.13
        "SMMU_STATUSR": ["DORMANT": [
            Encoding(0, "not-dormant", "the SMMU might have cached translation or configuration data, or be caching it"),
            Encoding(1, "dormant", "nothing cached and no prefetches in flight: invalidation may be skipped")]],
    ]
}
