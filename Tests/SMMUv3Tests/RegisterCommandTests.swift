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
    ]

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
        "SMMU_IDR2.BA_VATOS": 9, "SMMU_IDR4.IMPLEMENTATION_DEFINED": 31]

    @Test func newRegistersMatchTheSpec() throws {
        for (reg, off, name, oneHot) in Self.pinned {
            let r = try Registers.named(reg)
            #expect(r.code == off, "\(reg)")
            let f = try #require(r.field(named: name), "\(reg).\(name)")
            #expect(UInt64(1) << f.lo == oneHot && f.hi == (Self.tops["\(reg).\(name)"] ?? f.lo), "\(reg).\(name) is \(f.bits)")
            let value = f.isAddress ? oneHot : 1
            #expect(try Registers.encode(r, [(name, value)]) == oneHot, "\(reg).\(name)")
            #expect(try Registers.decode(r, oneHot).filter { $0.value != 0 }.map(\.field.name) == [f.name])
        }
        // Every field of the new registers is pinned.
        for reg in Set(Self.pinned.map(\.0)) {
            let pinnedNames = Set(Self.pinned.filter { $0.0 == reg }.map(\.2))
            #expect(Set(try Registers.named(reg).fields.map(\.name)) == pinnedNames, "\(reg)")
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
