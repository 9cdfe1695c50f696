import CSMMUv3

/// One command field's position, resolved once from the C layout's constants
/// (`SMMUV3_CMD_<NAME>_<FIELD>_WORD/_HI/_LO` in include/smmuv3/cmd.h): the fixed commands the
/// update flows issue are built from these, never by field name.
struct CommandField: Sendable {
    /// The word the field is in (0 or 1).
    let word: Int
    /// The field's lowest bit in its word.
    let lo: UInt64
    /// The field's bits in its word.
    let mask: UInt64

    init(_ word: some BinaryInteger, _ hi: some BinaryInteger, _ lo: some BinaryInteger) {
        self.word = Int(word)
        self.lo = UInt64(lo)
        mask = (~UInt64(0) >> (63 - UInt64(hi))) & (~UInt64(0) << UInt64(lo))
    }

    /// `value` fits the field's width.
    @inline(__always) func fits(_ value: UInt64) -> Bool { value & ~(mask >> lo) == 0 }

    /// Store the field's bits of `value` (bits beyond its width are dropped: callers store
    /// only values that fit, or values the layout's `storeFitting` would drop the same way).
    @inline(__always) func store(_ value: UInt64, in c: inout smmuv3_cmd) {
        if word == 0 {
            c.qw.0 = (c.qw.0 & ~mask) | ((value << lo) & mask)
        } else {
            c.qw.1 = (c.qw.1 & ~mask) | ((value << lo) & mask)
        }
    }
}

/// The fields of the fixed commands, from the C constants.
enum CommandFields {
    static let cfgiSTESID = CommandField(SMMUV3_CMD_CFGI_STE_STREAMID_WORD, SMMUV3_CMD_CFGI_STE_STREAMID_HI,
                                         SMMUV3_CMD_CFGI_STE_STREAMID_LO)
    static let cfgiSTELeaf = CommandField(SMMUV3_CMD_CFGI_STE_LEAF_WORD, SMMUV3_CMD_CFGI_STE_LEAF_HI,
                                          SMMUV3_CMD_CFGI_STE_LEAF_LO)
    static let cfgiAllRange = CommandField(SMMUV3_CMD_CFGI_ALL_RANGE_WORD, SMMUV3_CMD_CFGI_ALL_RANGE_HI,
                                           SMMUV3_CMD_CFGI_ALL_RANGE_LO)
    static let cfgiCDSID = CommandField(SMMUV3_CMD_CFGI_CD_STREAMID_WORD, SMMUV3_CMD_CFGI_CD_STREAMID_HI,
                                        SMMUV3_CMD_CFGI_CD_STREAMID_LO)
    static let cfgiCDSSID = CommandField(SMMUV3_CMD_CFGI_CD_SUBSTREAMID_WORD, SMMUV3_CMD_CFGI_CD_SUBSTREAMID_HI,
                                         SMMUV3_CMD_CFGI_CD_SUBSTREAMID_LO)
    static let cfgiCDLeaf = CommandField(SMMUV3_CMD_CFGI_CD_LEAF_WORD, SMMUV3_CMD_CFGI_CD_LEAF_HI,
                                         SMMUV3_CMD_CFGI_CD_LEAF_LO)
    static let syncCS = CommandField(SMMUV3_CMD_SYNC_CS_WORD, SMMUV3_CMD_SYNC_CS_HI, SMMUV3_CMD_SYNC_CS_LO)
    static let syncMSH = CommandField(SMMUV3_CMD_SYNC_MSH_WORD, SMMUV3_CMD_SYNC_MSH_HI, SMMUV3_CMD_SYNC_MSH_LO)
    static let syncMSIAttr = CommandField(SMMUV3_CMD_SYNC_MSIATTR_WORD, SMMUV3_CMD_SYNC_MSIATTR_HI,
                                          SMMUV3_CMD_SYNC_MSIATTR_LO)
    static let nhASIDVMID = CommandField(SMMUV3_CMD_TLBI_NH_ASID_VMID_WORD, SMMUV3_CMD_TLBI_NH_ASID_VMID_HI,
                                         SMMUV3_CMD_TLBI_NH_ASID_VMID_LO)
    static let nhASIDASID = CommandField(SMMUV3_CMD_TLBI_NH_ASID_ASID_WORD, SMMUV3_CMD_TLBI_NH_ASID_ASID_HI,
                                         SMMUV3_CMD_TLBI_NH_ASID_ASID_LO)
    static let el2ASIDASID = CommandField(SMMUV3_CMD_TLBI_EL2_ASID_ASID_WORD, SMMUV3_CMD_TLBI_EL2_ASID_ASID_HI,
                                          SMMUV3_CMD_TLBI_EL2_ASID_ASID_LO)
    static let s12VMALLVMID = CommandField(SMMUV3_CMD_TLBI_S12_VMALL_VMID_WORD, SMMUV3_CMD_TLBI_S12_VMALL_VMID_HI,
                                           SMMUV3_CMD_TLBI_S12_VMALL_VMID_LO)
    static let atcSID = CommandField(SMMUV3_CMD_ATC_INV_STREAMID_WORD, SMMUV3_CMD_ATC_INV_STREAMID_HI,
                                     SMMUV3_CMD_ATC_INV_STREAMID_LO)
    static let atcSSV = CommandField(SMMUV3_CMD_ATC_INV_SSV_WORD, SMMUV3_CMD_ATC_INV_SSV_HI, SMMUV3_CMD_ATC_INV_SSV_LO)
    static let atcSSID = CommandField(SMMUV3_CMD_ATC_INV_SUBSTREAMID_WORD, SMMUV3_CMD_ATC_INV_SUBSTREAMID_HI,
                                      SMMUV3_CMD_ATC_INV_SUBSTREAMID_LO)
    static let atcSize = CommandField(SMMUV3_CMD_ATC_INV_SIZE_WORD, SMMUV3_CMD_ATC_INV_SIZE_HI, SMMUV3_CMD_ATC_INV_SIZE_LO)
}

extension CommandQueue.Entry {
    /// The entry holding `raw` as it is.
    init(raw r: smmuv3_cmd) { raw = r }

    /// A command whose Opcode (word 0 bits [7:0], IHI 0070 §4.1.1) is `opcode`, every other bit zero.
    @inline(__always) init(opcode: some BinaryInteger) {
        var c = smmuv3_cmd()
        c.qw.0 = UInt64(opcode) & 0xff
        raw = c
    }

    /// Store `value` in `field` (it must fit, or be dropped as `storeFitting` drops it).
    @inline(__always) mutating func store(_ field: CommandField, _ value: UInt64) {
        field.store(value, in: &raw)
    }
}
