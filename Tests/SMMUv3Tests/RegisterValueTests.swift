import Foundation
import Testing
@testable import SMMUv3

/// The named values of the SMMU's register fields, transcribed here from IHI 0070 §6.3 on
/// their own (the tool's table is `RegisterValues`): `value:name`, a `!` marking an encoding
/// the spec reserves.
@Suite("SMMU register named values")
struct RegisterValueTests {
    static let feature = "0:not-supported 1:supported"
    static let enable = "0:disabled 1:enabled"
    static let cache = "0:nc 1:wb 2:wt 3:reserved!"          // §6.3.11: 0b11 reserved, treated as 0b00
    static let share = "0:nsh 1:reserved! 2:osh 3:ish"       // §6.3.11, §6.3.23: 0b01 reserved, treated as 0b00
    static let cr0 = [
        "SMMUEN": enable, "PRIQEN": enable, "EVENTQEN": enable, "CMDQEN": enable, "ATSCHK": "0:fast 1:safe",
        "VMW": "0:exact 1:vmid-n-1 2:vmid-n-2 3:vmid-n-3 4:vmid-n-4 5:reserved-5! 6:reserved-6! 7:reserved-7!",
        "DPT_WALK_EN": enable,
    ]
    /// STE.MemAttr's encoding (§5.2), which SMMU_GBPA and SMMU_*_IRQ_CFG2 share: Device
    /// 0b00dd, Normal 0bOOII; Normal with inner 0b00 is reserved.
    static let memAttr = "0:device-ngnrne 1:device-ngnre 2:device-ngre 3:device-gre 4:reserved-4! "
        + "5:normal-onc-inc 6:normal-onc-iwt 7:normal-onc-iwb 8:reserved-8! 9:normal-owt-inc 10:normal-owt-iwt "
        + "11:normal-owt-iwb 12:reserved-12! 13:normal-owb-inc 14:normal-owb-iwt 15:normal-owb-iwb"
    static let irqCtrl = ["GERROR_IRQEN": enable, "PRIQ_IRQEN": enable, "EVENTQ_IRQEN": enable]

    /// register → field → encodings, with the section each comes from.
    static let spec: [String: (section: String, fields: [String: String])] = [
        "SMMU_IDR0": ("6.3.1", [
            "S2P": feature, "S1P": feature, "TTF": "0:reserved! 1:vmsav8-32 2:vmsav8-64 3:both", "COHACC": feature,
            "BTM": feature, "HTTU": "0:none 1:af 2:af-dirty 3:af-dirty-table", "DORMHINT": feature, "Hyp": feature,
            "ATS": feature, "NS1ATS": "0:supported 1:not-supported", "ASID16": feature, "MSI": feature, "SEV": feature,
            "ATOS": feature, "PRI": feature, "VMW": feature, "VMID16": feature, "CD2L": feature, "VATOS": feature,
            "TTENDIAN": "0:mixed 1:reserved! 2:little 3:big", "ATSRECERR": "0:base 1:extended",
            "STALL_MODEL": "0:stall-and-terminate 1:terminate 2:stall-forced 3:reserved!",
            "TERM_MODEL": "0:abort-or-raz-wi 1:abort", "ST_LEVEL": "0:linear 1:2-level 2:reserved-2! 3:reserved-3!",
            "RME_IMPL": feature,
        ]),
        "SMMU_IDR1": ("6.3.2", [
            "ECMDQ": feature, "TABLES_PRESET": "0:not-fixed 1:fixed", "QUEUES_PRESET": "0:not-fixed 1:fixed",
            "REL": "0:absolute 1:relative", "ATTR_TYPES_OVR": "0:not-overridable 1:overridable",
            "ATTR_PERMS_OVR": "0:not-overridable 1:overridable",
        ]),
        "SMMU_IDR3": ("6.3.4", [
            "HAD": feature, "PBHA": feature, "XNX": feature, "PPS": "0:ste-ppar 1:pasid", "MPAM": feature, "FWB": feature,
            "STT": feature, "RIL": feature, "BBML": "0:level-0 1:level-1 2:level-2 3:reserved!", "E0PD": feature,
            "PTWNNC": "0:device 1:normal-nc", "DPT": feature, "PASIDTT": feature, "EPAN": feature, "S1PI": feature,
            "S2PI": feature, "S2PO": feature, "THE": feature, "MTEPERM": feature, "AIE": feature,
        ]),
        "SMMU_IDR5": ("6.3.6", [
            "OAS": "0:32-bit 1:36-bit 2:40-bit 3:42-bit 4:44-bit 5:48-bit 6:52-bit 7:56-bit",
            "GRAN4K": feature, "GRAN16K": feature, "GRAN64K": feature, "DS": feature, "D128": feature,
            "VAX": "0:48-bit 1:52-bit 2:56-bit 3:reserved!",
        ]),
        "SMMU_AIDR": ("6.3.8", ["ArchMajorRev": "0:smmuv3", "ArchMinorRev": "0:v3.0 1:v3.1 2:v3.2 3:v3.3 4:v3.4"]),
        "SMMU_CR0": ("6.3.9", cr0),
        "SMMU_CR0ACK": ("6.3.10", cr0),
        "SMMU_CR1": ("6.3.11", ["QUEUE_IC": cache, "QUEUE_OC": cache, "QUEUE_SH": share,
                                "TABLE_IC": cache, "TABLE_OC": cache, "TABLE_SH": share]),
        "SMMU_CR2": ("6.3.12", ["E2H": "0:el2 1:el2-e2h", "RECINVSID": "0:not-recorded 1:recorded",
                                "PTM": "0:broadcast 1:private", "REC_CFG_ATS": "0:base 1:extended"]),
        "SMMU_STATUSR": ("6.3.13", ["DORMANT": "0:not-dormant 1:dormant"]),
        "SMMU_GBPA": ("6.3.14", [
            "MemAttr": memAttr, "MTCFG": "0:use-incoming 1:override",
            "ALLOCCFG": "0:use-incoming 8:override 9:override-tr 10:override-wa 11:override-wa-tr 12:override-ra "
                + "13:override-ra-tr 14:override-ra-wa 15:override-ra-wa-tr",
            "SHCFG": "0:nsh 1:use-incoming 2:osh 3:ish", "PRIVCFG": "0:use-incoming 1:reserved! 2:unprivileged 3:privileged",
            "INSTCFG": "0:use-incoming 1:reserved! 2:data 3:instruction", "ABORT": "0:bypass 1:abort",
            "Update": "0:complete 1:in-progress",
        ]),
        "SMMU_IRQ_CTRL": ("6.3.16", irqCtrl),
        "SMMU_IRQ_CTRLACK": ("6.3.18", irqCtrl),
        "SMMU_GERROR_IRQ_CFG2": ("6.3.23", ["SH": share, "MemAttr": memAttr]),
        "SMMU_STRTAB_BASE": ("6.3.24", ["RA": "0:no-read-allocate 1:read-allocate"]),
        "SMMU_STRTAB_BASE_CFG": ("6.3.25", ["FMT": "0:linear 1:2-level 2:reserved-2! 3:reserved-3!",
                                            "SPLIT": "6:4k 8:16k 10:64k"]),
        "SMMU_CMDQ_BASE": ("6.3.26", ["RA": "0:no-read-allocate 1:read-allocate"]),
        "SMMU_CMDQ_CONS": ("6.3.28", ["ERR": "0:CERROR_NONE 1:CERROR_ILL 2:CERROR_ABT 3:CERROR_ATC_INV_SYNC"]),
        "SMMU_EVENTQ_BASE": ("6.3.29", ["WA": "0:no-write-allocate 1:write-allocate"]),
        "SMMU_EVENTQ_IRQ_CFG2": ("6.3.32", ["SH": share, "MemAttr": memAttr]),
        "SMMU_PRIQ_BASE": ("6.3.33", ["WA": "0:no-write-allocate 1:write-allocate"]),
        "SMMU_PRIQ_IRQ_CFG2": ("6.3.36", ["SH": share, "MemAttr": memAttr, "LO": "0:non-empty 1:last"]),
    ]

    /// `"0:linear 3:reserved!"` → [(0, "linear", false), (3, "reserved", true)].
    static func parse(_ s: String) -> [(value: UInt64, name: String, reserved: Bool)] {
        s.split(separator: " ").compactMap { item in
            let p = item.split(separator: ":", maxSplits: 1)
            guard p.count == 2, let v = UInt64(p[0]) else { return nil }
            let reserved = p[1].hasSuffix("!")
            return (v, String(reserved ? p[1].dropLast() : p[1]), reserved)
        }
    }

    static var cases: [(register: String, field: String)] {
        spec.keys.sorted().flatMap { r in spec[r, default: ("", [:])].fields.keys.sorted().map { (r, $0) } }
    }

    @Test("Each named field's encodings are the spec's (IHI 0070 §6.3)", arguments: cases.map { "\($0.register).\($0.field)" })
    func encodingsAreTheSpecs(_ key: String) throws {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let (section, fields) = try #require(Self.spec[parts[0]])
        let want = Self.parse(try #require(fields[parts[1]]))
        let have = RegisterValues.encodings(register: parts[0], field: parts[1])
        #expect(have.map(\.value) == want.map(\.value), "\(key) (§\(section))")
        #expect(have.map(\.name) == want.map(\.name), "\(key) (§\(section))")
        #expect(have.map(\.reserved) == want.map(\.reserved), "\(key) (§\(section))")
        // Every named field is a field of the register, and every encoding fits it.
        let f = try #require(try Registers.named(parts[0]).field(named: parts[1]), "\(key)")
        #expect(f.name == parts[1])
        #expect(have.allSatisfy { $0.value <= f.maxValue }, "\(key)")
    }

    @Test("Every register field with named values is covered here")
    func everyNamedFieldIsCovered() {
        let tool = Set(RegisterValues.namedFields.map { "\($0.register).\($0.field)" })
        let here = Set(Self.cases.map { "\($0.register).\($0.field)" })
        #expect(tool == here, "only in the tool: \(tool.subtracting(here).sorted()); only here: \(here.subtracting(tool).sorted())")
    }

    @Test("Every named value round-trips through encode reg, in any case", arguments: cases.map { "\($0.register).\($0.field)" })
    func namedValuesRoundTrip(_ key: String) throws {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let r = try Registers.named(parts[0])
        let f = try #require(r.field(named: parts[1]))
        for e in RegisterValues.encodings(register: r.name, field: f.name) {
            for spelling in [e.name, e.name.uppercased(), e.name.lowercased()] {
                let (v, warnings) = try Registers.encode(r, text: [(f.name, spelling)])
                #expect(v == e.value << UInt64(f.lo), "\(key)=\(spelling)")
                #expect(warnings.isEmpty != e.reserved, "\(key)=\(spelling): a reserved encoding warns")
                let back = try #require(try Registers.decode(r, v).first { $0.field.name == f.name })
                #expect(back.value == e.value && back.meaning?.name == e.name && back.meaning?.reserved == e.reserved, "\(key)=\(spelling)")
            }
        }
    }

    @Test("STRTAB_BASE_CFG.FMT 0b01 is 2-level; 0b10 is reserved and behaves as linear (IHI 0070 §6.3.25)")
    func strtabFormat() throws {
        let r = try Registers.named("STRTAB_BASE_CFG")
        let fmt = try #require(try Registers.decode(r, 0x1_0000).first { $0.field.name == "FMT" })
        #expect(fmt.meaning?.name == "2-level" && fmt.meaning?.meaning.contains("Level 1 Stream Table Descriptors") == true)
        let reserved = try #require(try Registers.decode(r, 0x2_0000).first { $0.field.name == "FMT" })
        #expect(reserved.meaning?.reserved == true && reserved.meaning?.meaning == "reserved, behaves as linear")
    }

    @Test("STRTAB_BASE_CFG.SPLIT other than 6, 8, 10 is reserved and behaves as 6 (IHI 0070 §6.3.25)")
    func strtabSplit() throws {
        let r = try Registers.named("STRTAB_BASE_CFG")
        for split: UInt64 in [0, 7, 9, 11, 31] {
            let d = try #require(try Registers.decode(r, split << 6).first { $0.field.name == "SPLIT" })
            #expect(d.meaning?.reserved == true && d.meaning?.meaning.hasPrefix("reserved, behaves as 6") == true, "SPLIT=\(split)")
        }
        let log2 = try #require(try Registers.decode(r, 16).first { $0.field.name == "LOG2SIZE" })
        #expect(log2.meaning?.meaning.hasPrefix("65536 StreamIDs") == true)
    }

    @Test("IDR1 sizes are counts: SIDSIZE 0..32, SSIDSIZE 0..20, queue sizes at most 19 (IHI 0070 §6.3.2)")
    func idr1Sizes() throws {
        let r = try Registers.named("IDR1")
        func meaning(_ field: String, _ v: UInt64) throws -> RegisterValues.Description {
            let f = try #require(r.field(named: field))
            return try #require(try Registers.decode(r, v << UInt64(f.lo)).first { $0.field.name == field }?.meaning)
        }
        #expect(try meaning("SIDSIZE", 16).meaning == "16 StreamID bits: 65536 StreamIDs")
        #expect(try meaning("SIDSIZE", 33).reserved)
        #expect(try meaning("SSIDSIZE", 0).meaning == "no SubstreamIDs")
        #expect(try meaning("SSIDSIZE", 21).reserved)
        #expect(try meaning("CMDQS", 19).meaning == "at most 524288 entries")
        #expect(try meaning("EVENTQS", 20).reserved)
    }

    @Test("AIDR ArchMinorRev 2 is SMMUv3.2 (IHI 0070 §6.3.8)")
    func aidr() throws {
        let d = try Registers.decode(try Registers.named("AIDR"), 0x02)
        #expect(d.map { $0.meaning?.meaning } == ["SMMUv3.2", "SMMUv3.x"])
    }

    @Test("A queue index splits at its _BASE.LOG2SIZE: bit QS is the wrap flag (IHI 0070 §6.3.27, §6.3.28)")
    func queueIndex() throws {
        let prod = try Registers.named("CMDQ_PROD")
        let alone = try #require(try Registers.decode(prod, 0x105).first?.meaning)
        #expect(alone.meaning.contains("SMMU_CMDQ_BASE not given"))
        let split = try #require(try Registers.decode(prod, 0x105, context: ["SMMU_CMDQ_BASE": 8]).first?.meaning)
        #expect(split.meaning == "index 5, wrap 1 (SMMU_CMDQ_BASE.LOG2SIZE = 8)" && !split.reserved)
        let stray = try #require(try Registers.decode(prod, 0x305, context: ["SMMU_CMDQ_BASE": 8]).first?.meaning)
        #expect(stray.reserved, "bits above the wrap flag read as zero")
        let evt = try Registers.named("EVENTQ_PROD")
        let ovf = try #require(try Registers.decode(evt, 1 << 31, context: ["SMMU_EVENTQ_CONS": 0]).last?.meaning)
        #expect(ovf.meaning.hasPrefix("overflow not yet acknowledged"))
    }

    @Test("A global error is active while SMMU_GERROR[x] differs from SMMU_GERRORN[x] (IHI 0070 §6.3.19)")
    func gerror() throws {
        let r = try Registers.named("GERROR")
        let d = try Registers.decode(r, 0b1_0000_0001, context: ["SMMU_GERRORN": 0b1_0000_0000])
        #expect(d.first { $0.field.name == "CMDQ_ERR" }?.meaning?.meaning.hasPrefix("active") == true)
        #expect(d.first { $0.field.name == "SFM_ERR" }?.meaning?.meaning.hasPrefix("not active") == true)
    }

    @Test("GBPA.ALLOCCFG is 0b0xxx use incoming or 0b1RWT override (IHI 0070 §6.3.14)")
    func allocCfg() throws {
        let r = try Registers.named("GBPA")
        for v: UInt64 in 1...7 {
            let d = try #require(try Registers.decode(r, v << 8).first { $0.field.name == "ALLOCCFG" }?.meaning)
            #expect(d.name == nil && d.meaning.hasPrefix("use incoming") && !d.reserved, "ALLOCCFG=\(v)")
        }
        #expect(try Registers.encode(r, text: [("ALLOCCFG", "override-ra-tr")]).value == 0b1101 << 8)
    }

    @Test("encode reg refuses a name the field does not have, listing the ones it has")
    func unknownName() throws {
        let r = try Registers.named("STRTAB_BASE_CFG")
        #expect(throws: RegisterError.unknownValue(register: "SMMU_STRTAB_BASE_CFG", field: "FMT", text: "3-level",
                                                   known: ["linear", "2-level"])) {
            try Registers.encode(r, text: [("fmt", "3-level")])
        }
        #expect(throws: RegisterError.unknownValue(register: "SMMU_STRTAB_BASE", field: "ADDR", text: "high", known: [])) {
            try Registers.encode(try Registers.named("STRTAB_BASE"), text: [("ADDR", "high")])
        }
    }
}

/// `decode regs --input FILE`: name, offset and devmem-dump lines (`RegisterList`).
@Suite("SMMU register lists and devmem dumps")
struct RegisterListTests {
    func names(_ r: RegisterList.Result) -> [String] { r.entries.map { "\($0.register.name)=\(hex($0.value))" } }

    @Test func namesOffsetsAndComments() throws {
        let r = try RegisterList.parse("# page 0\nSMMU_CR0 0x1d\r\nCR1 = 0x555\n0x88: 0x10208\n\n0x100a8 0x3  # EVENTQ_PROD\n")
        #expect(names(r) == ["SMMU_CR0=0x1d", "SMMU_CR1=0x555", "SMMU_STRTAB_BASE_CFG=0x10208", "SMMU_EVENTQ_PROD=0x3"])
        #expect(r.base == nil && r.entries.map(\.line) == [2, 3, 4, 6])
    }

    @Test("Absolute addresses: the base inferred from a 64 KB-aligned first address, page 1 included")
    func inferredBase() throws {
        let dump = "0x09050000: 0x0c0b1fbf\n0x09050020: 0x0000001d\n0x090600a8: 0x00000003\n"
        let r = try RegisterList.parse(dump)
        #expect(names(r) == ["SMMU_IDR0=0xc0b1fbf", "SMMU_CR0=0x1d", "SMMU_EVENTQ_PROD=0x3"])
        #expect(r.base == 0x0905_0000 && r.baseInferred)
    }

    @Test("With --base every address is absolute, in any order")
    func givenBase() throws {
        let r = try RegisterList.parse("0x2b400088 0x10208\n0x2b400020 0x1\n", base: 0x2b40_0000)
        #expect(names(r) == ["SMMU_STRTAB_BASE_CFG=0x10208", "SMMU_CR0=0x1"] && !r.baseInferred)
    }

    @Test("A 64-bit register read as two 32-bit words is put together (IHI 0070 §6.3.24: SMMU_STRTAB_BASE is 64-bit)")
    func halves() throws {
        let r = try RegisterList.parse("0x80 0x80000000\n0x84 0x40000000\n0x88 0x10208\n")
        #expect(names(r) == ["SMMU_STRTAB_BASE=0x4000000080000000", "SMMU_STRTAB_BASE_CFG=0x10208"])
    }

    @Test("busybox devmem transcripts: the command line, then the value it printed")
    func devmemTranscript() throws {
        let t = """
        root@host:~# busybox devmem 0x09050020
        0x0000001D
        # devmem 0x09050080 64
        0x4000000080000000
        $ devmem 0x09050088 32
        0x00010208
        # devmem 0x09050044 32 0x80000000
        """
        let r = try RegisterList.parse(t, base: 0x0905_0000)
        #expect(names(r) == ["SMMU_CR0=0x1d", "SMMU_STRTAB_BASE=0x4000000080000000", "SMMU_STRTAB_BASE_CFG=0x10208"])
        #expect(r.entries.map(\.line) == [2, 4, 6])
    }

    @Test func devmem2Output() throws {
        let t = "/dev/mem opened.\nMemory mapped at address 0xffff9000.\nValue at address 0x9050020 (0xffff9020): 0x1D\n"
        #expect(names(try RegisterList.parse(t, base: 0x0905_0000)) == ["SMMU_CR0=0x1d"])
    }

    /// Input that is ambiguous or wrong, and the line the refusal names.
    static let refused: [(String, UInt64?, String)] = [
        ("CR0 0x1\n0x1d\n", nil, "line 2: '0x1d' has no register name or address"),
        ("CR0 0x1\nCR0 0x2\n", nil, "line 2: SMMU_CR0 is given twice (first on line 1)"),
        ("0x09050020 0x1\n", nil, "line 1: 0x9050020 is an absolute address, not a register offset: give the SMMU base with --base"),
        ("CR1 0x1\nIDR0 00000010\n", nil, "line 2: value '00000010' is ambiguous: write 0x00000010 for hex"),
        ("0x84 0x1\n", nil, "line 1: offset 0x84 is the upper half of SMMU_STRTAB_BASE: give its lower half (0x80)"),
        ("0x80 0x1\n0x84 0x1\n0x84 0x2\n", nil, "line 3: offset 0x84 is the upper half of SMMU_STRTAB_BASE, which line 1 already gave whole"),
        ("devmem 0x09050020\n", 0x0905_0000, "line 1: a devmem command with no value on the line after it"),
        ("devmem 0x09050020 8\n0x1\n", 0x0905_0000, "line 1: devmem width '8': SMMU registers are read 32 or 64 bits wide"),
        ("devmem 0x09050020\nCR0 0x1\n", 0x0905_0000, "line 2: expected the value devmem printed for 0x9050020 (line 1)"),
        ("0x0 0x1\n0x09050000 0x1\n", nil, "line 2: 0x9050000 is an absolute address after lines with register offsets"),
        ("0x09050000 0x1\n0x09070000 0x1\n", nil, "line 2: address 0x9070000 is outside the SMMU's two register pages at base 0x9050000"),
        ("0x09050020 0x100000000\n", 0x0905_0000, "line 1: SMMU_CR0 is a 32-bit register"),
        ("0x3 0x1\n", nil, "line 1: no SMMU register this tool knows is at offset 0x3"),
        ("CR0 0x1 0x2\n", nil, "line 1: expected 'NAME VALUE' or 'ADDR VALUE', got 'CR0 0x1 0x2'"),
        ("CR9 0x1\n", nil, "line 1: 'CR9' is not an SMMU register this tool knows"),
    ]

    @Test("Malformed or ambiguous lines are refused, naming the line", arguments: refused.indices)
    func refusedLines(_ i: Int) {
        let (text, base, message) = Self.refused[i]
        do {
            let r = try RegisterList.parse(text, base: base)
            Issue.record("accepted \(text.debugDescription): \(names(r))")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }
}
