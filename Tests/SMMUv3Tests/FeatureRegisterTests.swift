import Testing
@testable import SMMUv3

/// The register fields the feature model reads, at the positions IHI 0070 §6.3 gives them
/// (transcribed here from the spec text, not from regs.h), each pinned one-hot: the field at
/// all-ones alone reads back all-ones and every other field of the register reads 0.
@Suite("Feature registers")
struct FeatureRegisterTests {
    struct SpecBits: Sendable, CustomStringConvertible {
        let register: String, field: String, hi: Int, lo: Int
        var description: String { "SMMU_\(register).\(field)[\(hi):\(lo)]" }
    }

    static let fields: [SpecBits] = [
        // SMMU_AIDR (§6.3.8), offset 0x1C
        .init(register: "AIDR", field: "ArchMinorRev", hi: 3, lo: 0),
        .init(register: "AIDR", field: "ArchMajorRev", hi: 7, lo: 4),
        // SMMU_CR2 (§6.3.12), offset 0x2C
        .init(register: "CR2", field: "E2H", hi: 0, lo: 0),
        .init(register: "CR2", field: "RECINVSID", hi: 1, lo: 1),
        .init(register: "CR2", field: "PTM", hi: 2, lo: 2),
        .init(register: "CR2", field: "REC_CFG_ATS", hi: 3, lo: 3),
        // SMMU_IDR0 (§6.3.1): the fields Features reads
        .init(register: "IDR0", field: "S2P", hi: 0, lo: 0),
        .init(register: "IDR0", field: "S1P", hi: 1, lo: 1),
        .init(register: "IDR0", field: "TTF", hi: 3, lo: 2),
        .init(register: "IDR0", field: "HTTU", hi: 7, lo: 6),
        .init(register: "IDR0", field: "Hyp", hi: 9, lo: 9),
        .init(register: "IDR0", field: "ATS", hi: 10, lo: 10),
        .init(register: "IDR0", field: "NS1ATS", hi: 11, lo: 11),
        .init(register: "IDR0", field: "ASID16", hi: 12, lo: 12),
        .init(register: "IDR0", field: "PRI", hi: 16, lo: 16),
        .init(register: "IDR0", field: "VMID16", hi: 18, lo: 18),
        .init(register: "IDR0", field: "CD2L", hi: 19, lo: 19),
        .init(register: "IDR0", field: "TTENDIAN", hi: 22, lo: 21),
        .init(register: "IDR0", field: "STALL_MODEL", hi: 25, lo: 24),
        .init(register: "IDR0", field: "TERM_MODEL", hi: 26, lo: 26),
        .init(register: "IDR0", field: "RME_IMPL", hi: 30, lo: 30),
        // SMMU_IDR1 (§6.3.2)
        .init(register: "IDR1", field: "SSIDSIZE", hi: 10, lo: 6),
        .init(register: "IDR1", field: "ATTR_PERMS_OVR", hi: 26, lo: 26),
        .init(register: "IDR1", field: "ATTR_TYPES_OVR", hi: 27, lo: 27),
        // SMMU_IDR3 (§6.3.4)
        .init(register: "IDR3", field: "HAD", hi: 2, lo: 2),
        .init(register: "IDR3", field: "PBHA", hi: 3, lo: 3),
        .init(register: "IDR3", field: "PPS", hi: 5, lo: 5),
        .init(register: "IDR3", field: "MPAM", hi: 7, lo: 7),
        .init(register: "IDR3", field: "FWB", hi: 8, lo: 8),
        .init(register: "IDR3", field: "STT", hi: 9, lo: 9),
        .init(register: "IDR3", field: "E0PD", hi: 13, lo: 13),
        .init(register: "IDR3", field: "DPT", hi: 15, lo: 15),
        .init(register: "IDR3", field: "EPAN", hi: 17, lo: 17),
        .init(register: "IDR3", field: "S1PI", hi: 18, lo: 18),
        .init(register: "IDR3", field: "S2PI", hi: 19, lo: 19),
        .init(register: "IDR3", field: "S2PO", hi: 20, lo: 20),
        .init(register: "IDR3", field: "THE", hi: 21, lo: 21),
        .init(register: "IDR3", field: "MTEPERM", hi: 22, lo: 22),
        .init(register: "IDR3", field: "AIE", hi: 23, lo: 23),
        // SMMU_IDR5 (§6.3.6)
        .init(register: "IDR5", field: "OAS", hi: 2, lo: 0),
        .init(register: "IDR5", field: "GRAN4K", hi: 4, lo: 4),
        .init(register: "IDR5", field: "GRAN16K", hi: 5, lo: 5),
        .init(register: "IDR5", field: "GRAN64K", hi: 6, lo: 6),
        .init(register: "IDR5", field: "DS", hi: 7, lo: 7),
        .init(register: "IDR5", field: "D128", hi: 8, lo: 8),
        .init(register: "IDR5", field: "VAX", hi: 11, lo: 10),
    ]

    @Test(arguments: fields)
    func oneHot(_ s: SpecBits) throws {
        let layout = try #require(DescriptorLayout.register(named: s.register), "no SMMU_\(s.register)")
        let field = try #require(layout.field(named: s.field), "SMMU_\(s.register) has no \(s.field)")
        let word: UInt64 = (UInt64(1) << UInt64(s.hi - s.lo + 1) - 1) << UInt64(s.lo)
        #expect(field.word == 0 && field.hi == s.hi && field.lo == s.lo, "\(s) is \(field)")
        #expect(field.get([word]) == field.allOnes)
        for other in layout.fields where other.name != field.name {
            #expect(other.get([word]) == 0, "\(other.name) sees the one-hot of \(s)")
        }
    }

    @Test func aidrIsAtItsOffset() throws {
        #expect(try #require(DescriptorLayout.register(named: "AIDR")).code == 0x1C)
        #expect(try #require(DescriptorLayout.register(named: "CR2")).code == 0x2C)
    }

    @Test func featuresFromRawRegisters() {
        // A v3.1 SMMU: S1P, S2P, TTF=VMSAv8-64 only, HTTU=AF only, TTENDIAN little, STALL_MODEL=1,
        // SSIDSIZE=8, no STT, 4K+64K granules, OAS=48, E2H=1.
        let idr0: UInt64 = 1 << 0 | 1 << 1 | 0b10 << 2 | 0b01 << 6 | 1 << 10 | 1 << 19 | 0b10 << 21 | 0b01 << 24
        let f = Features(idr0: idr0, idr1: 8 << 6, idr3: 1 << 15, idr5: 0b101 | 1 << 4 | 1 << 6,
                         aidr: 1, cr2: 1)
        #expect(f.s1p && f.s2p && f.ttf == 0b10 && f.httu == 1 && f.ats && f.cd2l && !f.vmid16)
        #expect(f.ttendian == 2 && f.stallModel == 1 && f.ssidSize == 8)
        #expect(!f.stt && f.dpt && !f.fwb && f.oas == 48 && f.gran4K && !f.gran16K && f.gran64K && !f.ds && !f.d128)
        #expect(f.archMinorRev == 1 && !f.isV3_0 && f.e2h)
        #expect(f.ias == 48)
        let zero = Features(idr0: 0, idr1: 0, idr3: 0, idr5: 0, aidr: 0, cr2: 0)
        #expect(zero.isV3_0 && !zero.s1p && zero.oas == 32 && !zero.e2h)
    }
}
