import Foundation
import Testing
@testable import SMMUv3

/// `decode reg`, `decode regs` and `encode reg` (issue #15 item 3).
@Suite("SMMU register commands")
struct RegisterCommandTests {
    /// Every field of every register: all ones encodes to its mask and decodes back alone.
    @Test(arguments: DescriptorLayout.registers)
    func everyFieldRoundTrips(_ r: DescriptorLayout) throws {
        for f in r.fields where !f.isAlias {
            let v = try Registers.encode(r, [(f.name, f.maxValue)])
            #expect(v == f.mask, "\(r.name).\(f.name)")
            let back = try Registers.decode(r, v)
            #expect(back.filter { $0.value != 0 }.map(\.field.name) == r.fields.filter { !$0.isAlias && $0.overlaps(f) }.sorted { $0.lo < $1.lo }.map(\.name),
                    "\(r.name).\(f.name)")
            #expect(Registers.unassigned(r, v) == 0)
        }
        #expect(try Registers.named(hex(UInt64(r.code))) == r)
    }

    /// The registers added for issue #15, pinned field by field from the spec text (IHI 0070
    /// §6.3.3, .5, .10, .13, .18, .20, .30–.32, .34–.36): register, offset, field, its one-hot (lowest bit).
    static let pinned: [(String, UInt32, String, UInt64)] = [
        ("SMMU_CR0ACK", 0x24, "SMMUEN", 1 << 0), ("SMMU_CR0ACK", 0x24, "PRIQEN", 1 << 1),
        ("SMMU_CR0ACK", 0x24, "EVENTQEN", 1 << 2), ("SMMU_CR0ACK", 0x24, "CMDQEN", 1 << 3),
        ("SMMU_CR0ACK", 0x24, "ATSCHK", 1 << 4), ("SMMU_CR0ACK", 0x24, "VMW", 1 << 6),
        ("SMMU_CR0ACK", 0x24, "DPT_WALK_EN", 1 << 10),
        ("SMMU_IRQ_CTRLACK", 0x54, "GERROR_IRQEN", 1 << 0), ("SMMU_IRQ_CTRLACK", 0x54, "PRIQ_IRQEN", 1 << 1),
        ("SMMU_IRQ_CTRLACK", 0x54, "EVENTQ_IRQEN", 1 << 2),
        ("SMMU_GERRORN", 0x64, "CMDQ_ERR", 1 << 0), ("SMMU_GERRORN", 0x64, "EVENTQ_ABT_ERR", 1 << 2),
        ("SMMU_GERRORN", 0x64, "PRIQ_ABT_ERR", 1 << 3), ("SMMU_GERRORN", 0x64, "MSI_CMDQ_ABT_ERR", 1 << 4),
        ("SMMU_GERRORN", 0x64, "MSI_EVENTQ_ABT_ERR", 1 << 5), ("SMMU_GERRORN", 0x64, "MSI_PRIQ_ABT_ERR", 1 << 6),
        ("SMMU_GERRORN", 0x64, "MSI_GERROR_ABT_ERR", 1 << 7), ("SMMU_GERRORN", 0x64, "SFM_ERR", 1 << 8),
        ("SMMU_GERRORN", 0x64, "CMDQP_ERR", 1 << 9), ("SMMU_GERRORN", 0x64, "DPT_ERR", 1 << 10),
        ("SMMU_EVENTQ_IRQ_CFG0", 0xb0, "ADDR", 1 << 2), ("SMMU_EVENTQ_IRQ_CFG1", 0xb8, "DATA", 1 << 0),
        ("SMMU_EVENTQ_IRQ_CFG2", 0xbc, "MemAttr", 1 << 0), ("SMMU_EVENTQ_IRQ_CFG2", 0xbc, "SH", 1 << 4),
        ("SMMU_PRIQ_IRQ_CFG0", 0xd0, "ADDR", 1 << 2), ("SMMU_PRIQ_IRQ_CFG1", 0xd8, "DATA", 1 << 0),
        ("SMMU_PRIQ_IRQ_CFG2", 0xdc, "MemAttr", 1 << 0), ("SMMU_PRIQ_IRQ_CFG2", 0xdc, "SH", 1 << 4),
        ("SMMU_PRIQ_IRQ_CFG2", 0xdc, "LO", 1 << 31),
        ("SMMU_IDR2", 0x8, "BA_VATOS", 1 << 0), ("SMMU_IDR4", 0x10, "IMPLEMENTATION_DEFINED", 1 << 0),
        ("SMMU_STATUSR", 0x40, "DORMANT", 1 << 0),
        // §6.3.15, §6.3.37–§6.3.43.
        ("SMMU_AGBPA", 0x48, "IMPLEMENTATION_DEFINED", 1 << 0),
        ("SMMU_GATOS_CTRL", 0x100, "RUN", 1 << 0),
        ("SMMU_GATOS_SID", 0x108, "STREAMID", 1 << 0), ("SMMU_GATOS_SID", 0x108, "SUBSTREAMID", 1 << 32),
        ("SMMU_GATOS_SID", 0x108, "SSID_VALID", 1 << 52),
        ("SMMU_GATOS_ADDR", 0x110, "HTTUI", 1 << 6), ("SMMU_GATOS_ADDR", 0x110, "InD", 1 << 7),
        ("SMMU_GATOS_ADDR", 0x110, "RnW", 1 << 8), ("SMMU_GATOS_ADDR", 0x110, "PnU", 1 << 9),
        ("SMMU_GATOS_ADDR", 0x110, "TYPE", 1 << 10), ("SMMU_GATOS_ADDR", 0x110, "ADDR", 1 << 12),
        // SMMU_GATOS_PAR, FAULT == 0: a result.
        ("SMMU_GATOS_PAR", 0x118, "FAULT", 1 << 0), ("SMMU_GATOS_PAR", 0x118, "SH", 1 << 8),
        ("SMMU_GATOS_PAR", 0x118, "Size", 1 << 11), ("SMMU_GATOS_PAR", 0x118, "ADDR", 1 << 12),
        ("SMMU_GATOS_PAR", 0x118, "ATTR", 1 << 56),
        // SMMU_GATOS_PAR, FAULT == 1: a fault syndrome (`faultFormat`).
        ("SMMU_GATOS_PAR", 0x118, "REASON", 1 << 1), ("SMMU_GATOS_PAR", 0x118, "FAULTCODE", 1 << 4),
        ("SMMU_GATOS_PAR", 0x118, "FADDR", 1 << 12), ("SMMU_GATOS_PAR", 0x118, "IMPLEMENTATION_DEFINED", 1 << 60),
        ("SMMU_MPAMIDR", 0x130, "PARTID_MAX", 1 << 0), ("SMMU_MPAMIDR", 0x130, "PMG_MAX", 1 << 16),
        ("SMMU_GMPAM", 0x138, "SO_PARTID", 1 << 0), ("SMMU_GMPAM", 0x138, "SO_PMG", 1 << 16),
        ("SMMU_GMPAM", 0x138, "Update", 1 << 31),
        ("SMMU_GBPMPAM", 0x13c, "GBP_PARTID", 1 << 0), ("SMMU_GBPMPAM", 0x13c, "GBP_PMG", 1 << 16),
        ("SMMU_GBPMPAM", 0x13c, "Update", 1 << 31),
        // §6.3.44–§6.3.48.
        ("SMMU_VATOS_SEL", 0x180, "VMID", 1 << 0),
        ("SMMU_IDR6", 0x190, "CMDQ_CONTROL_PAGE_LOG2NUMQ", 1 << 16), ("SMMU_IDR6", 0x190, "CMDQ_CONTROL_PAGE_LOG2NUMP", 1 << 24),
        ("SMMU_DPT_BASE", 0x200, "BADDR", 1 << 12), ("SMMU_DPT_BASE", 0x200, "RA", 1 << 62),
        ("SMMU_DPT_BASE_CFG", 0x208, "DPTPS", 1 << 0), ("SMMU_DPT_BASE_CFG", 0x208, "DPTGS", 1 << 14),
        ("SMMU_DPT_BASE_CFG", 0x208, "L0DPTSZ", 1 << 20),
        ("SMMU_DPT_CFG_FAR", 0x210, "FAULT", 1 << 0), ("SMMU_DPT_CFG_FAR", 0x210, "LEVEL", 1 << 1),
        ("SMMU_DPT_CFG_FAR", 0x210, "DPT_FAULTCODE", 1 << 4), ("SMMU_DPT_CFG_FAR", 0x210, "FADDR", 1 << 12),
    ]
    /// The fields of SMMU_GATOS_PAR's fault format, present only when FAULT == 1 (§6.3.40).
    static let faultFormat: Set<String> = ["REASON", "FAULTCODE", "FADDR", "IMPLEMENTATION_DEFINED"]

    /// Fields added to registers the table already had (IHI 0070 §6.3.9, §6.3.19).
    @Test func addedFieldsOfExistingRegisters() throws {
        for (reg, name, bit) in [("SMMU_CR0", "DPT_WALK_EN", 10), ("SMMU_GERROR", "CMDQP_ERR", 9), ("SMMU_GERROR", "DPT_ERR", 10)] {
            let f = try #require(try Registers.named(reg).field(named: name))
            #expect(f.lo == bit && f.hi == bit, "\(reg).\(name) is \(f.bits)")
            #expect(try Registers.encode(try Registers.named(reg), [(name, 1)]) == UInt64(1) << bit)
        }
    }
    /// Top bit of each multi-bit field above (the rest are one bit wide).
    static let tops: [String: Int] = ["SMMU_CR0ACK.VMW": 8, "SMMU_EVENTQ_IRQ_CFG0.ADDR": 55, "SMMU_EVENTQ_IRQ_CFG1.DATA": 31,
        "SMMU_EVENTQ_IRQ_CFG2.MemAttr": 3, "SMMU_EVENTQ_IRQ_CFG2.SH": 5, "SMMU_PRIQ_IRQ_CFG0.ADDR": 55,
        "SMMU_PRIQ_IRQ_CFG1.DATA": 31, "SMMU_PRIQ_IRQ_CFG2.MemAttr": 3, "SMMU_PRIQ_IRQ_CFG2.SH": 5,
        "SMMU_IDR2.BA_VATOS": 9, "SMMU_IDR4.IMPLEMENTATION_DEFINED": 31,
        "SMMU_AGBPA.IMPLEMENTATION_DEFINED": 31, "SMMU_GATOS_SID.STREAMID": 31, "SMMU_GATOS_SID.SUBSTREAMID": 51,
        "SMMU_GATOS_ADDR.TYPE": 11, "SMMU_GATOS_ADDR.ADDR": 63, "SMMU_GATOS_PAR.SH": 9, "SMMU_GATOS_PAR.ADDR": 55,
        "SMMU_GATOS_PAR.ATTR": 63, "SMMU_GATOS_PAR.REASON": 2, "SMMU_GATOS_PAR.FAULTCODE": 11,
        "SMMU_GATOS_PAR.FADDR": 55, "SMMU_GATOS_PAR.IMPLEMENTATION_DEFINED": 63,
        "SMMU_MPAMIDR.PARTID_MAX": 15, "SMMU_MPAMIDR.PMG_MAX": 23, "SMMU_GMPAM.SO_PARTID": 15, "SMMU_GMPAM.SO_PMG": 23,
        "SMMU_GBPMPAM.GBP_PARTID": 15, "SMMU_GBPMPAM.GBP_PMG": 23,
        "SMMU_VATOS_SEL.VMID": 15, "SMMU_IDR6.CMDQ_CONTROL_PAGE_LOG2NUMQ": 19, "SMMU_IDR6.CMDQ_CONTROL_PAGE_LOG2NUMP": 27,
        "SMMU_DPT_BASE.BADDR": 55, "SMMU_DPT_BASE_CFG.DPTPS": 2, "SMMU_DPT_BASE_CFG.DPTGS": 15, "SMMU_DPT_BASE_CFG.L0DPTSZ": 23,
        "SMMU_DPT_CFG_FAR.DPT_FAULTCODE": 7, "SMMU_DPT_CFG_FAR.FADDR": 55]
    /// The 64-bit registers among them (§6.2.1); the rest are 32-bit.
    static let wide: Set<String> = ["SMMU_GATOS_SID", "SMMU_GATOS_ADDR", "SMMU_GATOS_PAR", "SMMU_DPT_BASE", "SMMU_DPT_CFG_FAR",
                                    "SMMU_EVENTQ_IRQ_CFG0", "SMMU_PRIQ_IRQ_CFG0"]

    @Test func newRegistersMatchTheSpec() throws {
        for (reg, off, name, oneHot) in Self.pinned {
            let r = try Registers.named(reg)
            #expect(r.code == off, "\(reg)")
            let f = try #require(r.field(named: name), "\(reg).\(name)")
            #expect(UInt64(1) << f.lo == oneHot && f.hi == (Self.tops["\(reg).\(name)"] ?? f.lo), "\(reg).\(name) is \(f.bits)")
            let value = f.isAddress ? oneHot : 1
            if reg == "SMMU_GATOS_PAR", Self.faultFormat.contains(name) {
                // A fault-format field is there only with FAULT == 1 (bit 0).
                #expect(f.isAlias, "\(reg).\(name)")
                #expect(try Registers.encode(r, [("FAULT", 1), (name, value)]) == oneHot | 1, "\(reg).\(name)")
                #expect(try Registers.decode(r, oneHot | 1).filter { $0.value != 0 }.map(\.field.name) == ["FAULT", f.name])
                continue
            }
            #expect(try Registers.encode(r, [(name, value)]) == oneHot, "\(reg).\(name)")
            #expect(try Registers.decode(r, oneHot).filter { $0.value != 0 }.map(\.field.name) == [f.name])
        }
        // Every field of the new registers is pinned, and each is as wide as the spec says.
        for reg in Set(Self.pinned.map(\.0)) {
            #expect(Registers.width(try Registers.named(reg)) == (Self.wide.contains(reg) ? 64 : 32), "\(reg)")
            let pinnedNames = Set(Self.pinned.filter { $0.0 == reg }.map(\.2))
            #expect(Set(try Registers.named(reg).fields.map(\.name)) == pinnedNames, "\(reg)")
        }
    }

    /// SMMU_GATOS_PAR: FAULT selects the format; each value decodes in its own (IHI 0070 §6.3.40).
    @Test func gatosParShowsTheFormatFaultSelects() throws {
        let r = try Registers.named("GATOS_PAR")
        #expect(Registers.width(r) == 64)
        // Result: ATTR 0xff, ADDR 0x8000_0000, Size 1, SH 0b11, FAULT 0.
        let ok = try Registers.decode(r, 0xff00_0000_8000_0b00)
        #expect(ok.map(\.field.name) == ["FAULT", "SH", "Size", "ADDR", "ATTR"])
        #expect(ok.map(\.value) == [0, 3, 1, 0x8000_0000, 0xff])
        #expect(Registers.unassigned(r, 0xff00_0000_8000_0b00) == 0)
        // Fault: IMPLEMENTATION DEFINED 0x1, FADDR 0x4_5000, FAULTCODE 0x10 F_TRANSLATION, REASON 0b11 IN, FAULT 1.
        let bad = try Registers.decode(r, 0x1000_0000_4500_0107)
        #expect(bad.map(\.field.name) == ["FAULT", "REASON", "FAULTCODE", "FADDR", "IMPLEMENTATION_DEFINED"])
        #expect(bad.map(\.value) == [1, 3, 0x10, 0x4500_0000, 1])
        #expect(bad[2].meaning?.name == "F_TRANSLATION" && bad[1].meaning?.name == "in")
        // Bits [59:56] are RES0 in the fault format though ATTR holds them in a result; [10], [7:1] RES0 in a result.
        #expect(Registers.unassigned(r, 0x0100_0000_0000_0001) == 0x0100_0000_0000_0000)
        #expect(Registers.unassigned(r, 0x0000_0000_0000_0406) == 0x406)
        // encode: a field of one format with the other's FAULT value is refused.
        #expect(try Registers.encode(r, text: [("FAULT", "fault"), ("FAULTCODE", "INV_REQ"), ("REASON", "s1")]).value == 0xff1)
        #expect(throws: RegisterError.otherFormat(register: "SMMU_GATOS_PAR", field: "FAULTCODE", selector: "FAULT", needs: 1)) {
            try Registers.encode(r, [("FAULTCODE", 0xff)])
        }
        #expect(throws: RegisterError.otherFormat(register: "SMMU_GATOS_PAR", field: "SH", selector: "FAULT", needs: 0)) {
            try Registers.encode(r, [("FAULT", 1), ("SH", 2)])
        }
    }

    @Test func theCLIDecodesAndEncodesRegisters() throws {
        let cli = CLITests()
        let cr0 = try cli.run(["decode", "reg", "CR0", "0x1d"])
        #expect(cr0.status == 0)
        let lines = cr0.out.split(separator: "\n")
        #expect(lines.first == "SMMU_CR0 @ 0x20 = 0x1d")
        #expect(lines.count > 1 && lines[1].hasPrefix("  SMMUEN[0] ")
                && lines[1].hasSuffix(" = 0x1  enabled (Non-secure streams are checked against the configuration structures)"))
        #expect(lines.contains { $0.hasPrefix("  DPT_WALK_EN[10] = 0x0") })
        let enc = try cli.run(["encode", "reg", "smmu_cr0", "SMMUEN=1", "CMDQEN=1", "EVENTQEN=1", "ATSCHK=1"])
        #expect(enc.status == 0 && enc.out == "0x1d\n")
        let base = try cli.run(["encode", "reg", "STRTAB_BASE", "ADDR=0x80000000", "RA=1"])
        #expect(base.out == "0x4000000080000000\n")
        let wide = try cli.run(["decode", "reg", "IDR1", "0x100000000"])
        #expect(wide.status == 2 && wide.err == "error: SMMU_IDR1 is a 32-bit register: 0x100000000 has bits set above bit 31\n")
        let field = try cli.run(["encode", "reg", "CR0", "FOO=1"])
        #expect(field.status == 2 && field.err == "error: SMMU_CR0 has no field 'FOO'\n")
        let fit = try cli.run(["encode", "reg", "CR0", "VMW=8"])
        #expect(fit.status == 2 && fit.err.contains("VMW=8 does not fit in 3 bits"))
        let name = try cli.run(["decode", "reg", "CR9", "1"])
        #expect(name.status == 2 && name.err.hasPrefix("error: 'CR9' is not an SMMU register this tool knows"))
        let res0 = try cli.run(["decode", "reg", "CR0", "0x8000"])
        #expect(res0.status == 0 && res0.out.contains("note: bits 0x8000 are set where no field is known (RES0)"))

        let par = try cli.run(["decode", "reg", "0x118", "0x107"])
        #expect(par.status == 0 && par.out.hasPrefix("SMMU_GATOS_PAR @ 0x118 = 0x107\n")
                && par.out.contains("  FAULTCODE[11:4]               = 0x10  F_TRANSLATION (Translation fault)\n"))
        let wrongFormat = try cli.run(["encode", "reg", "GATOS_PAR", "FAULTCODE=INV_REQ"])
        #expect(wrongFormat.status == 2 && wrongFormat.err.hasPrefix("error: SMMU_GATOS_PAR.FAULTCODE is a field of the FAULT=1 format"))
        let run = try cli.run(["encode", "reg", "GATOS_CTRL", "RUN=run"])
        #expect(run.status == 0 && run.out == "0x1\n")

        let list = "# registers\nSMMU_CR0 0x1\n0x88: 0x10208\n\nIDR1 = 0x10\n"
        let regs = try cli.run(["decode", "regs", "--input", "-"], stdin: Data(list.utf8))
        #expect(regs.status == 0, "\(regs.err)")
        #expect(regs.out.contains("SMMU_CR0 @ 0x20 = 0x1\n") && regs.out.contains("SMMU_STRTAB_BASE_CFG @ 0x88 = 0x10208\n")
                && regs.out.contains("SMMU_IDR1 @ 0x4 = 0x10\n  SIDSIZE[5:0]"))
        let bad = try cli.run(["decode", "regs", "--input", "-"], stdin: Data("CR0 0x1\nCR0 zz\n".utf8))
        #expect(bad.status == 2 && bad.out.isEmpty && bad.err == "error: line 2: value 'zz' is not a number (decimal or 0x…)\n")
        let off = try cli.run(["decode", "regs", "--input", "-"], stdin: Data("0x3 0x1\n".utf8))
        #expect(off.status == 2 && off.err == "error: line 1: no SMMU register this tool knows is at offset 0x3\n")
    }

    /// Named values in the CLI: `FMT[17:16] = 0x1  2-level (…)`, JSON `"name"`, `encode reg FMT=2-level`,
    /// devmem dumps (IHI 0070 §6.3.25 for SMMU_STRTAB_BASE_CFG).
    @Test func theCLISpeaksNamedValues() throws {
        let cli = CLITests()
        let cfg = try cli.run(["decode", "reg", "STRTAB_BASE_CFG", "0x10208"])
        #expect(cfg.status == 0)
        #expect(cfg.out.contains("\n  FMT[17:16]    = 0x1  2-level (2-level: ADDR points to an array of Level 1 Stream Table Descriptors)\n"))
        #expect(cfg.out.contains("\n  SPLIT[10:6]   = 0x8  16k (8 bits: 16KB leaf tables)\n"))
        let json = try cli.run(["decode", "reg", "STRTAB_BASE_CFG", "0x10208", "--format", "json"])
        #expect(json.status == 0 && json.out.contains(#"{"field": "FMT", "hi": 17, "lo": 16, "value": "0x1", "name": "2-level", "#))
        let enc = try cli.run(["encode", "reg", "STRTAB_BASE_CFG", "FMT=2-Level", "SPLIT=16K", "LOG2SIZE=16"])
        #expect(enc.status == 0 && enc.out == "0x10210\n" && enc.err.isEmpty)
        let err = try cli.run(["encode", "reg", "CMDQ_CONS", "ERR=cerror_ill"])
        #expect(err.out == "0x1000000\n")
        let reserved = try cli.run(["encode", "reg", "STRTAB_BASE_CFG", "FMT=2"])
        #expect(reserved.status == 0 && reserved.out == "0x20000\n"
                && reserved.err == "warning: SMMU_STRTAB_BASE_CFG.FMT=2 is a reserved encoding (reserved, behaves as linear); written as asked\n")
        let unknown = try cli.run(["encode", "reg", "STRTAB_BASE_CFG", "FMT=3-level"])
        #expect(unknown.status == 2 && unknown.err == "error: SMMU_STRTAB_BASE_CFG.FMT: '3-level' is neither a number (decimal or 0x…) nor a named value (linear, 2-level)\n")

        let dump = "root@host:~# busybox devmem 0x09050098\n0x00000105\n0x09050090: 0x00000008\n0x09050094: 0x00000080\n"
        let regs = try cli.run(["decode", "regs", "--input", "-", "--base", "0x09050000"], stdin: Data(dump.utf8))
        #expect(regs.status == 0, "\(regs.err)")
        #expect(regs.out.contains("SMMU_CMDQ_PROD @ 0x98 = 0x105\n  WR[19:0] = 0x105  index 5, wrap 1 (SMMU_CMDQ_BASE.LOG2SIZE = 8)\n"))
        #expect(regs.out.contains("SMMU_CMDQ_BASE @ 0x90 = 0x8000000008\n"))
        let inferred = try cli.run(["decode", "regs", "--input", "-"], stdin: Data("0x09050000: 0x1\n0x09050020: 0x1\n".utf8))
        #expect(inferred.status == 0 && inferred.err == "reading addresses against SMMU base 0x9050000 (the first address)\n")
        let bare = try cli.run(["decode", "regs", "--input", "-"], stdin: Data("CR0 0x1\n0x0000001d\n".utf8))
        #expect(bare.status == 2 && bare.out.isEmpty && bare.err.hasPrefix("error: line 2: '0x0000001d' has no register name or address"))
        let empty = try cli.run(["decode", "regs", "--input", "-"], stdin: Data("# nothing\n\n".utf8))
        #expect(empty.status == 2 && empty.err == "error: standard input has no register values\n")
    }
}
