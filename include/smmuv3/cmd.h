#ifndef SMMUV3_CMD_H
#define SMMUV3_CMD_H

#include "field.h"
#include "types.h"

/* Command-queue entries (IHI 0070 chapter 4), transcribed from IHI 0070 G.b.
 * One X-macro list per command: SMMUV3_CMD_<NAME>_FIELDS. Field indices
 * SMMUV3_CMD_<NAME>_<FIELD>; opcodes SMMUV3_OP_<NAME>. */

/** Opcodes (dw0[7:0]). CMD_CFGI_ALL is CMD_CFGI_STE_RANGE with Range=31. */
enum {
    SMMUV3_OP_PREFETCH_CONFIG = 0x01,
    SMMUV3_OP_PREFETCH_ADDR = 0x02,
    SMMUV3_OP_CFGI_STE = 0x03,
    SMMUV3_OP_CFGI_STE_RANGE = 0x04,
    SMMUV3_OP_CFGI_ALL = 0x04,
    SMMUV3_OP_CFGI_CD = 0x05,
    SMMUV3_OP_CFGI_CD_ALL = 0x06,
    SMMUV3_OP_CFGI_VMS_PIDM = 0x07,
    SMMUV3_OP_TLBI_NH_ALL = 0x10,
    SMMUV3_OP_TLBI_NH_ASID = 0x11,
    SMMUV3_OP_TLBI_NH_VA = 0x12,
    SMMUV3_OP_TLBI_NH_VAA = 0x13,
    SMMUV3_OP_TLBI_EL3_ALL = 0x18,
    SMMUV3_OP_TLBI_EL3_VA = 0x1A,
    SMMUV3_OP_TLBI_EL2_ALL = 0x20,
    SMMUV3_OP_TLBI_EL2_ASID = 0x21,
    SMMUV3_OP_TLBI_EL2_VA = 0x22,
    SMMUV3_OP_TLBI_EL2_VAA = 0x23,
    SMMUV3_OP_TLBI_S12_VMALL = 0x28,
    SMMUV3_OP_TLBI_S2_IPA = 0x2A,
    SMMUV3_OP_TLBI_NSNH_ALL = 0x30,
    SMMUV3_OP_ATC_INV = 0x40,
    SMMUV3_OP_PRI_RESP = 0x41,
    SMMUV3_OP_RESUME = 0x44,
    SMMUV3_OP_STALL_TERM = 0x45,
    SMMUV3_OP_SYNC = 0x46,
    SMMUV3_OP_TLBI_S_EL2_ALL = 0x50,
    SMMUV3_OP_TLBI_S_EL2_ASID = 0x51,
    SMMUV3_OP_TLBI_S_EL2_VA = 0x52,
    SMMUV3_OP_TLBI_S_EL2_VAA = 0x53,
    SMMUV3_OP_TLBI_S_S12_VMALL = 0x58,
    SMMUV3_OP_TLBI_S_S2_IPA = 0x5A,
    SMMUV3_OP_TLBI_SNH_ALL = 0x60,
    SMMUV3_OP_DPTI_ALL = 0x70,
    SMMUV3_OP_DPTI_PA = 0x73,
};

/** Command identities (index into smmuv3_cmd_layouts()). */
typedef enum smmuv3_cmd_id {
    SMMUV3_CMD_ID_PREFETCH_CONFIG,
    SMMUV3_CMD_ID_PREFETCH_ADDR,
    SMMUV3_CMD_ID_CFGI_STE,
    SMMUV3_CMD_ID_CFGI_STE_RANGE,
    SMMUV3_CMD_ID_CFGI_ALL,
    SMMUV3_CMD_ID_CFGI_CD,
    SMMUV3_CMD_ID_CFGI_CD_ALL,
    SMMUV3_CMD_ID_CFGI_VMS_PIDM,
    SMMUV3_CMD_ID_TLBI_NH_ALL,
    SMMUV3_CMD_ID_TLBI_NH_ASID,
    SMMUV3_CMD_ID_TLBI_NH_VA,
    SMMUV3_CMD_ID_TLBI_NH_VAA,
    SMMUV3_CMD_ID_TLBI_EL3_ALL,
    SMMUV3_CMD_ID_TLBI_EL3_VA,
    SMMUV3_CMD_ID_TLBI_EL2_ALL,
    SMMUV3_CMD_ID_TLBI_EL2_ASID,
    SMMUV3_CMD_ID_TLBI_EL2_VA,
    SMMUV3_CMD_ID_TLBI_EL2_VAA,
    SMMUV3_CMD_ID_TLBI_S12_VMALL,
    SMMUV3_CMD_ID_TLBI_S2_IPA,
    SMMUV3_CMD_ID_TLBI_NSNH_ALL,
    SMMUV3_CMD_ID_ATC_INV,
    SMMUV3_CMD_ID_PRI_RESP,
    SMMUV3_CMD_ID_RESUME,
    SMMUV3_CMD_ID_STALL_TERM,
    SMMUV3_CMD_ID_SYNC,
    SMMUV3_CMD_ID_TLBI_S_EL2_ALL,
    SMMUV3_CMD_ID_TLBI_S_EL2_ASID,
    SMMUV3_CMD_ID_TLBI_S_EL2_VA,
    SMMUV3_CMD_ID_TLBI_S_EL2_VAA,
    SMMUV3_CMD_ID_TLBI_S_S12_VMALL,
    SMMUV3_CMD_ID_TLBI_S_S2_IPA,
    SMMUV3_CMD_ID_TLBI_SNH_ALL,
    SMMUV3_CMD_ID_DPTI_ALL,
    SMMUV3_CMD_ID_DPTI_PA,
    SMMUV3_CMD_ID_COUNT
} smmuv3_cmd_id;

/* CMD_PREFETCH_CONFIG (opcode 0x01) */
#define SMMUV3_CMD_PREFETCH_CONFIG_FIELDS(X) \
    X(CMD_PREFETCH_CONFIG, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_PREFETCH_CONFIG, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_PREFETCH_CONFIG, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(CMD_PREFETCH_CONFIG, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID / PASID") \
    X(CMD_PREFETCH_CONFIG, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_CMD_PREFETCH_CONFIG_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_PREFETCH_CONFIG_FIELD_COUNT };
enum { SMMUV3_CMD_PREFETCH_CONFIG_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_PREFETCH_ADDR (opcode 0x02) */
#define SMMUV3_CMD_PREFETCH_ADDR_FIELDS(X) \
    X(CMD_PREFETCH_ADDR, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_PREFETCH_ADDR, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_PREFETCH_ADDR, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(CMD_PREFETCH_ADDR, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID / PASID") \
    X(CMD_PREFETCH_ADDR, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_PREFETCH_ADDR, SIZE, "Size", 1, 4, 0, 0, "prefetch 2^Size translations at the stride") \
    X(CMD_PREFETCH_ADDR, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA/IPA [63:12]") \
    /* end */
enum { SMMUV3_CMD_PREFETCH_ADDR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_PREFETCH_ADDR_FIELD_COUNT };
enum { SMMUV3_CMD_PREFETCH_ADDR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_STE (opcode 0x03) */
#define SMMUV3_CMD_CFGI_STE_FIELDS(X) \
    X(CMD_CFGI_STE, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_STE, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_CFGI_STE, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_CFGI_STE, LEAF, "Leaf", 1, 0, 0, 0, "1: STE only; 0: also cached L1STD for this SID") \
    /* end */
enum { SMMUV3_CMD_CFGI_STE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_STE_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_STE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_STE_RANGE (opcode 0x04) */
#define SMMUV3_CMD_CFGI_STE_RANGE_FIELDS(X) \
    X(CMD_CFGI_STE_RANGE, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_STE_RANGE, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_CFGI_STE_RANGE, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_CFGI_STE_RANGE, RANGE, "Range", 1, 4, 0, 0, "invalidate 2^(Range+1) SIDs, aligned; StreamID[Range:0] ignored") \
    /* end */
enum { SMMUV3_CMD_CFGI_STE_RANGE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_STE_RANGE_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_STE_RANGE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_ALL (opcode 0x04) */
#define SMMUV3_CMD_CFGI_ALL_FIELDS(X) \
    X(CMD_CFGI_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_ALL, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_CFGI_ALL, RANGE, "Range", 1, 4, 0, 0, "must be 31") \
    /* end */
enum { SMMUV3_CMD_CFGI_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_CD (opcode 0x05) */
#define SMMUV3_CMD_CFGI_CD_FIELDS(X) \
    X(CMD_CFGI_CD, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_CD, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_CFGI_CD, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID / PASID") \
    X(CMD_CFGI_CD, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_CFGI_CD, LEAF, "Leaf", 1, 0, 0, 0, "1: CD only; 0: also cached L1CD") \
    /* end */
enum { SMMUV3_CMD_CFGI_CD_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_CD_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_CD_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_CD_ALL (opcode 0x06) */
#define SMMUV3_CMD_CFGI_CD_ALL_FIELDS(X) \
    X(CMD_CFGI_CD_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_CD_ALL, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_CFGI_CD_ALL, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_CMD_CFGI_CD_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_CD_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_CD_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_CFGI_VMS_PIDM (opcode 0x07) */
#define SMMUV3_CMD_CFGI_VMS_PIDM_FIELDS(X) \
    X(CMD_CFGI_VMS_PIDM, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_CFGI_VMS_PIDM, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    /* end */
enum { SMMUV3_CMD_CFGI_VMS_PIDM_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_CFGI_VMS_PIDM_FIELD_COUNT };
enum { SMMUV3_CMD_CFGI_VMS_PIDM_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_NH_ALL (opcode 0x10) */
#define SMMUV3_CMD_TLBI_NH_ALL_FIELDS(X) \
    X(CMD_TLBI_NH_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_NH_ALL, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_NH_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_NH_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_NH_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_NH_ASID (opcode 0x11) */
#define SMMUV3_CMD_TLBI_NH_ASID_FIELDS(X) \
    X(CMD_TLBI_NH_ASID, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_NH_ASID, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_NH_ASID, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_NH_ASID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_NH_ASID_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_NH_ASID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_NH_VA (opcode 0x12) */
#define SMMUV3_CMD_TLBI_NH_VA_FIELDS(X) \
    X(CMD_TLBI_NH_VA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_NH_VA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_NH_VA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_NH_VA, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_NH_VA, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_NH_VA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_NH_VA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_NH_VA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_NH_VA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_NH_VA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_NH_VA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_NH_VA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_NH_VA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_NH_VAA (opcode 0x13) */
#define SMMUV3_CMD_TLBI_NH_VAA_FIELDS(X) \
    X(CMD_TLBI_NH_VAA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_NH_VAA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_NH_VAA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_NH_VAA, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_NH_VAA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_NH_VAA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_NH_VAA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_NH_VAA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_NH_VAA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_NH_VAA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_NH_VAA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_NH_VAA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL3_ALL (opcode 0x18) */
#define SMMUV3_CMD_TLBI_EL3_ALL_FIELDS(X) \
    X(CMD_TLBI_EL3_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL3_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL3_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL3_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL3_VA (opcode 0x1A) */
#define SMMUV3_CMD_TLBI_EL3_VA_FIELDS(X) \
    X(CMD_TLBI_EL3_VA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_EL3_VA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_EL3_VA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_EL3_VA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_EL3_VA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_EL3_VA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_EL3_VA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_EL3_VA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL3_VA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL3_VA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL3_VA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL2_ALL (opcode 0x20) */
#define SMMUV3_CMD_TLBI_EL2_ALL_FIELDS(X) \
    X(CMD_TLBI_EL2_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL2_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL2_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL2_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL2_ASID (opcode 0x21) */
#define SMMUV3_CMD_TLBI_EL2_ASID_FIELDS(X) \
    X(CMD_TLBI_EL2_ASID, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_EL2_ASID, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL2_ASID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL2_ASID_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL2_ASID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL2_VA (opcode 0x22) */
#define SMMUV3_CMD_TLBI_EL2_VA_FIELDS(X) \
    X(CMD_TLBI_EL2_VA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_EL2_VA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_EL2_VA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_EL2_VA, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_EL2_VA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_EL2_VA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_EL2_VA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_EL2_VA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_EL2_VA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL2_VA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL2_VA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL2_VA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_EL2_VAA (opcode 0x23) */
#define SMMUV3_CMD_TLBI_EL2_VAA_FIELDS(X) \
    X(CMD_TLBI_EL2_VAA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_EL2_VAA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_EL2_VAA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_EL2_VAA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_EL2_VAA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_EL2_VAA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_EL2_VAA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_EL2_VAA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_EL2_VAA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_EL2_VAA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_EL2_VAA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S12_VMALL (opcode 0x28) */
#define SMMUV3_CMD_TLBI_S12_VMALL_FIELDS(X) \
    X(CMD_TLBI_S12_VMALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S12_VMALL, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S12_VMALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S12_VMALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S12_VMALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S2_IPA (opcode 0x2A) */
#define SMMUV3_CMD_TLBI_S2_IPA_FIELDS(X) \
    X(CMD_TLBI_S2_IPA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S2_IPA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_S2_IPA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_S2_IPA, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_S2_IPA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_S2_IPA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_S2_IPA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_S2_IPA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_S2_IPA, ADDRESS, "Address", 1, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] (RES0 above 51 in v3.1-3.3, above 47 in v3.0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S2_IPA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S2_IPA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S2_IPA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_NSNH_ALL (opcode 0x30) */
#define SMMUV3_CMD_TLBI_NSNH_ALL_FIELDS(X) \
    X(CMD_TLBI_NSNH_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_TLBI_NSNH_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_NSNH_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_NSNH_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_ATC_INV (opcode 0x40) */
#define SMMUV3_CMD_ATC_INV_FIELDS(X) \
    X(CMD_ATC_INV, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_ATC_INV, G, "G", 0, 9, 9, 0, "global: invalidate ATC entries for every SubstreamID (G)") \
    X(CMD_ATC_INV, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(CMD_ATC_INV, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID / PASID") \
    X(CMD_ATC_INV, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_ATC_INV, SIZE, "Size", 1, 5, 0, 0, "span = 4KB * 2^Size; 52 = whole 64-bit space (Linux ATC_INV_SIZE_ALL=52)") \
    X(CMD_ATC_INV, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "Address[63:12]; Address[11+Size:0] taken as 0") \
    /* end */
enum { SMMUV3_CMD_ATC_INV_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_ATC_INV_FIELD_COUNT };
enum { SMMUV3_CMD_ATC_INV_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_PRI_RESP (opcode 0x41) */
#define SMMUV3_CMD_PRI_RESP_FIELDS(X) \
    X(CMD_PRI_RESP, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_PRI_RESP, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(CMD_PRI_RESP, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID / PASID") \
    X(CMD_PRI_RESP, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_PRI_RESP, PRGINDEX, "PRGIndex", 1, 8, 0, 0, "page request group index") \
    X(CMD_PRI_RESP, RESP, "Resp", 1, 13, 12, 0, "PRI response") \
    /* end */
enum { SMMUV3_CMD_PRI_RESP_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_PRI_RESP_FIELD_COUNT };
enum { SMMUV3_CMD_PRI_RESP_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_RESUME (opcode 0x44) */
#define SMMUV3_CMD_RESUME_FIELDS(X) \
    X(CMD_RESUME, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_RESUME, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_RESUME, AC, "Ac", 0, 12, 12, 0, "action: 1 retry, 0 terminate") \
    X(CMD_RESUME, AB, "Ab", 0, 13, 13, 0, "abort on terminate: 1 abort, 0 RAZ/WI (ignored if Ac=1 or TERM_MODEL=1)") \
    X(CMD_RESUME, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(CMD_RESUME, STAG, "STAG", 1, 15, 0, 0, "stall tag copied from the stall event record") \
    /* end */
enum { SMMUV3_CMD_RESUME_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_RESUME_FIELD_COUNT };
enum { SMMUV3_CMD_RESUME_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_STALL_TERM (opcode 0x45) */
#define SMMUV3_CMD_STALL_TERM_FIELDS(X) \
    X(CMD_STALL_TERM, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_STALL_TERM, SSEC, "SSec", 0, 10, 10, 0, "StreamID security (must be 0 on NS queue; 1 on NS queue -> CERROR_ILL)") \
    X(CMD_STALL_TERM, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_CMD_STALL_TERM_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_STALL_TERM_FIELD_COUNT };
enum { SMMUV3_CMD_STALL_TERM_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_SYNC (opcode 0x46) */
#define SMMUV3_CMD_SYNC_FIELDS(X) \
    X(CMD_SYNC, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_SYNC, CS, "CS", 0, 13, 12, 0, "completion signal") \
    X(CMD_SYNC, MSH, "MSH", 0, 23, 22, 0, "MSI shareability") \
    X(CMD_SYNC, MSIATTR, "MSIAttr", 0, 27, 24, 0, "MSI memory attributes, STE.MemAttr encoding (Linux 0xF = Normal WB)") \
    X(CMD_SYNC, MSIDATA, "MSIData", 0, 63, 32, 0, "32-bit MSI payload") \
    X(CMD_SYNC, MSIADDRESS, "MSIAddress", 1, 55, 2, SMMUV3_FIELD_ADDRESS, "MSI PA [55:2]; 0 = no MSI write") \
    /* end */
enum { SMMUV3_CMD_SYNC_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_SYNC_FIELD_COUNT };
enum { SMMUV3_CMD_SYNC_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_EL2_ALL (opcode 0x50) */
#define SMMUV3_CMD_TLBI_S_EL2_ALL_FIELDS(X) \
    X(CMD_TLBI_S_EL2_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_EL2_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_EL2_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_EL2_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_EL2_ASID (opcode 0x51) */
#define SMMUV3_CMD_TLBI_S_EL2_ASID_FIELDS(X) \
    X(CMD_TLBI_S_EL2_ASID, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S_EL2_ASID, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_EL2_ASID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_EL2_ASID_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_EL2_ASID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_EL2_VA (opcode 0x52) */
#define SMMUV3_CMD_TLBI_S_EL2_VA_FIELDS(X) \
    X(CMD_TLBI_S_EL2_VA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S_EL2_VA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_S_EL2_VA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_S_EL2_VA, ASID, "ASID", 0, 63, 48, 0, "ASID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_S_EL2_VA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_S_EL2_VA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_S_EL2_VA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_S_EL2_VA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_S_EL2_VA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_EL2_VA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_EL2_VA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_EL2_VA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_EL2_VAA (opcode 0x53) */
#define SMMUV3_CMD_TLBI_S_EL2_VAA_FIELDS(X) \
    X(CMD_TLBI_S_EL2_VAA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S_EL2_VAA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_S_EL2_VAA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_S_EL2_VAA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_S_EL2_VAA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_S_EL2_VAA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_S_EL2_VAA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_S_EL2_VAA, ADDRESS, "Address", 1, 63, 12, SMMUV3_FIELD_ADDRESS, "VA[63:12] (bits [11:0] implied 0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_EL2_VAA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_EL2_VAA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_EL2_VAA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_S12_VMALL (opcode 0x58) */
#define SMMUV3_CMD_TLBI_S_S12_VMALL_FIELDS(X) \
    X(CMD_TLBI_S_S12_VMALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S_S12_VMALL, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_S12_VMALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_S12_VMALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_S12_VMALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_S_S2_IPA (opcode 0x5A) */
#define SMMUV3_CMD_TLBI_S_S2_IPA_FIELDS(X) \
    X(CMD_TLBI_S_S2_IPA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    X(CMD_TLBI_S_S2_IPA, NUM, "NUM", 0, 16, 12, 0, "range TLBI: number of granule blocks minus 1") \
    X(CMD_TLBI_S_S2_IPA, SCALE, "SCALE", 0, 25, 20, 0, "range TLBI scale") \
    X(CMD_TLBI_S_S2_IPA, VMID, "VMID", 0, 47, 32, 0, "VMID (8-bit impls: [15:8] RES0)") \
    X(CMD_TLBI_S_S2_IPA, LEAF, "Leaf", 1, 0, 0, 0, "1: only last-level (leaf) entries need invalidating") \
    X(CMD_TLBI_S_S2_IPA, TTL128, "TTL128", 1, 7, 7, 0, "TTL hint refers to 128-bit descriptor tables (RES0 if TG=0 or TTL=0)") \
    X(CMD_TLBI_S_S2_IPA, TTL, "TTL", 1, 9, 8, 0, "level hint of the leaf: 0 any, 1..3 level (needs TG!=0)") \
    X(CMD_TLBI_S_S2_IPA, TG, "TG", 1, 11, 10, 0, "granule of targeted entries") \
    X(CMD_TLBI_S_S2_IPA, ADDRESS, "Address", 1, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] (RES0 above 51 in v3.1-3.3, above 47 in v3.0)") \
    /* end */
enum { SMMUV3_CMD_TLBI_S_S2_IPA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_S_S2_IPA_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_S_S2_IPA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_TLBI_SNH_ALL (opcode 0x60) */
#define SMMUV3_CMD_TLBI_SNH_ALL_FIELDS(X) \
    X(CMD_TLBI_SNH_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_TLBI_SNH_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_TLBI_SNH_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_TLBI_SNH_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_DPTI_ALL (opcode 0x70) */
#define SMMUV3_CMD_DPTI_ALL_FIELDS(X) \
    X(CMD_DPTI_ALL, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_DPTI_ALL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_DPTI_ALL_FIELD_COUNT };
enum { SMMUV3_CMD_DPTI_ALL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* CMD_DPTI_PA (opcode 0x73) */
#define SMMUV3_CMD_DPTI_PA_FIELDS(X) \
    X(CMD_DPTI_PA, OPCODE, "Opcode", 0, 7, 0, 0, "command opcode") \
    /* end */
enum { SMMUV3_CMD_DPTI_PA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMD_DPTI_PA_FIELD_COUNT };
enum { SMMUV3_CMD_DPTI_PA_FIELDS(SMMUV3_FIELD_CONSTS) };

/** Every command layout, in smmuv3_cmd_id order. */
static inline const smmuv3_layout *smmuv3_cmd_layouts(void)
{
    static const smmuv3_field f_prefetch_config[] = { SMMUV3_CMD_PREFETCH_CONFIG_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_prefetch_addr[] = { SMMUV3_CMD_PREFETCH_ADDR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_ste[] = { SMMUV3_CMD_CFGI_STE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_ste_range[] = { SMMUV3_CMD_CFGI_STE_RANGE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_all[] = { SMMUV3_CMD_CFGI_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_cd[] = { SMMUV3_CMD_CFGI_CD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_cd_all[] = { SMMUV3_CMD_CFGI_CD_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cfgi_vms_pidm[] = { SMMUV3_CMD_CFGI_VMS_PIDM_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_nh_all[] = { SMMUV3_CMD_TLBI_NH_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_nh_asid[] = { SMMUV3_CMD_TLBI_NH_ASID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_nh_va[] = { SMMUV3_CMD_TLBI_NH_VA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_nh_vaa[] = { SMMUV3_CMD_TLBI_NH_VAA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el3_all[] = { SMMUV3_CMD_TLBI_EL3_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el3_va[] = { SMMUV3_CMD_TLBI_EL3_VA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el2_all[] = { SMMUV3_CMD_TLBI_EL2_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el2_asid[] = { SMMUV3_CMD_TLBI_EL2_ASID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el2_va[] = { SMMUV3_CMD_TLBI_EL2_VA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_el2_vaa[] = { SMMUV3_CMD_TLBI_EL2_VAA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s12_vmall[] = { SMMUV3_CMD_TLBI_S12_VMALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s2_ipa[] = { SMMUV3_CMD_TLBI_S2_IPA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_nsnh_all[] = { SMMUV3_CMD_TLBI_NSNH_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_atc_inv[] = { SMMUV3_CMD_ATC_INV_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_pri_resp[] = { SMMUV3_CMD_PRI_RESP_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_resume[] = { SMMUV3_CMD_RESUME_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_stall_term[] = { SMMUV3_CMD_STALL_TERM_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_sync[] = { SMMUV3_CMD_SYNC_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_el2_all[] = { SMMUV3_CMD_TLBI_S_EL2_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_el2_asid[] = { SMMUV3_CMD_TLBI_S_EL2_ASID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_el2_va[] = { SMMUV3_CMD_TLBI_S_EL2_VA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_el2_vaa[] = { SMMUV3_CMD_TLBI_S_EL2_VAA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_s12_vmall[] = { SMMUV3_CMD_TLBI_S_S12_VMALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_s_s2_ipa[] = { SMMUV3_CMD_TLBI_S_S2_IPA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_tlbi_snh_all[] = { SMMUV3_CMD_TLBI_SNH_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_dpti_all[] = { SMMUV3_CMD_DPTI_ALL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_dpti_pa[] = { SMMUV3_CMD_DPTI_PA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout table[] = {
        { "CMD_PREFETCH_CONFIG", SMMUV3_KIND_CMD, 0x01, 2, SMMUV3_CMD_PREFETCH_CONFIG_FIELD_COUNT, f_prefetch_config },
        { "CMD_PREFETCH_ADDR", SMMUV3_KIND_CMD, 0x02, 2, SMMUV3_CMD_PREFETCH_ADDR_FIELD_COUNT, f_prefetch_addr },
        { "CMD_CFGI_STE", SMMUV3_KIND_CMD, 0x03, 2, SMMUV3_CMD_CFGI_STE_FIELD_COUNT, f_cfgi_ste },
        { "CMD_CFGI_STE_RANGE", SMMUV3_KIND_CMD, 0x04, 2, SMMUV3_CMD_CFGI_STE_RANGE_FIELD_COUNT, f_cfgi_ste_range },
        { "CMD_CFGI_ALL", SMMUV3_KIND_CMD, 0x04, 2, SMMUV3_CMD_CFGI_ALL_FIELD_COUNT, f_cfgi_all },
        { "CMD_CFGI_CD", SMMUV3_KIND_CMD, 0x05, 2, SMMUV3_CMD_CFGI_CD_FIELD_COUNT, f_cfgi_cd },
        { "CMD_CFGI_CD_ALL", SMMUV3_KIND_CMD, 0x06, 2, SMMUV3_CMD_CFGI_CD_ALL_FIELD_COUNT, f_cfgi_cd_all },
        { "CMD_CFGI_VMS_PIDM", SMMUV3_KIND_CMD, 0x07, 2, SMMUV3_CMD_CFGI_VMS_PIDM_FIELD_COUNT, f_cfgi_vms_pidm },
        { "CMD_TLBI_NH_ALL", SMMUV3_KIND_CMD, 0x10, 2, SMMUV3_CMD_TLBI_NH_ALL_FIELD_COUNT, f_tlbi_nh_all },
        { "CMD_TLBI_NH_ASID", SMMUV3_KIND_CMD, 0x11, 2, SMMUV3_CMD_TLBI_NH_ASID_FIELD_COUNT, f_tlbi_nh_asid },
        { "CMD_TLBI_NH_VA", SMMUV3_KIND_CMD, 0x12, 2, SMMUV3_CMD_TLBI_NH_VA_FIELD_COUNT, f_tlbi_nh_va },
        { "CMD_TLBI_NH_VAA", SMMUV3_KIND_CMD, 0x13, 2, SMMUV3_CMD_TLBI_NH_VAA_FIELD_COUNT, f_tlbi_nh_vaa },
        { "CMD_TLBI_EL3_ALL", SMMUV3_KIND_CMD, 0x18, 2, SMMUV3_CMD_TLBI_EL3_ALL_FIELD_COUNT, f_tlbi_el3_all },
        { "CMD_TLBI_EL3_VA", SMMUV3_KIND_CMD, 0x1A, 2, SMMUV3_CMD_TLBI_EL3_VA_FIELD_COUNT, f_tlbi_el3_va },
        { "CMD_TLBI_EL2_ALL", SMMUV3_KIND_CMD, 0x20, 2, SMMUV3_CMD_TLBI_EL2_ALL_FIELD_COUNT, f_tlbi_el2_all },
        { "CMD_TLBI_EL2_ASID", SMMUV3_KIND_CMD, 0x21, 2, SMMUV3_CMD_TLBI_EL2_ASID_FIELD_COUNT, f_tlbi_el2_asid },
        { "CMD_TLBI_EL2_VA", SMMUV3_KIND_CMD, 0x22, 2, SMMUV3_CMD_TLBI_EL2_VA_FIELD_COUNT, f_tlbi_el2_va },
        { "CMD_TLBI_EL2_VAA", SMMUV3_KIND_CMD, 0x23, 2, SMMUV3_CMD_TLBI_EL2_VAA_FIELD_COUNT, f_tlbi_el2_vaa },
        { "CMD_TLBI_S12_VMALL", SMMUV3_KIND_CMD, 0x28, 2, SMMUV3_CMD_TLBI_S12_VMALL_FIELD_COUNT, f_tlbi_s12_vmall },
        { "CMD_TLBI_S2_IPA", SMMUV3_KIND_CMD, 0x2A, 2, SMMUV3_CMD_TLBI_S2_IPA_FIELD_COUNT, f_tlbi_s2_ipa },
        { "CMD_TLBI_NSNH_ALL", SMMUV3_KIND_CMD, 0x30, 2, SMMUV3_CMD_TLBI_NSNH_ALL_FIELD_COUNT, f_tlbi_nsnh_all },
        { "CMD_ATC_INV", SMMUV3_KIND_CMD, 0x40, 2, SMMUV3_CMD_ATC_INV_FIELD_COUNT, f_atc_inv },
        { "CMD_PRI_RESP", SMMUV3_KIND_CMD, 0x41, 2, SMMUV3_CMD_PRI_RESP_FIELD_COUNT, f_pri_resp },
        { "CMD_RESUME", SMMUV3_KIND_CMD, 0x44, 2, SMMUV3_CMD_RESUME_FIELD_COUNT, f_resume },
        { "CMD_STALL_TERM", SMMUV3_KIND_CMD, 0x45, 2, SMMUV3_CMD_STALL_TERM_FIELD_COUNT, f_stall_term },
        { "CMD_SYNC", SMMUV3_KIND_CMD, 0x46, 2, SMMUV3_CMD_SYNC_FIELD_COUNT, f_sync },
        { "CMD_TLBI_S_EL2_ALL", SMMUV3_KIND_CMD, 0x50, 2, SMMUV3_CMD_TLBI_S_EL2_ALL_FIELD_COUNT, f_tlbi_s_el2_all },
        { "CMD_TLBI_S_EL2_ASID", SMMUV3_KIND_CMD, 0x51, 2, SMMUV3_CMD_TLBI_S_EL2_ASID_FIELD_COUNT, f_tlbi_s_el2_asid },
        { "CMD_TLBI_S_EL2_VA", SMMUV3_KIND_CMD, 0x52, 2, SMMUV3_CMD_TLBI_S_EL2_VA_FIELD_COUNT, f_tlbi_s_el2_va },
        { "CMD_TLBI_S_EL2_VAA", SMMUV3_KIND_CMD, 0x53, 2, SMMUV3_CMD_TLBI_S_EL2_VAA_FIELD_COUNT, f_tlbi_s_el2_vaa },
        { "CMD_TLBI_S_S12_VMALL", SMMUV3_KIND_CMD, 0x58, 2, SMMUV3_CMD_TLBI_S_S12_VMALL_FIELD_COUNT, f_tlbi_s_s12_vmall },
        { "CMD_TLBI_S_S2_IPA", SMMUV3_KIND_CMD, 0x5A, 2, SMMUV3_CMD_TLBI_S_S2_IPA_FIELD_COUNT, f_tlbi_s_s2_ipa },
        { "CMD_TLBI_SNH_ALL", SMMUV3_KIND_CMD, 0x60, 2, SMMUV3_CMD_TLBI_SNH_ALL_FIELD_COUNT, f_tlbi_snh_all },
        { "CMD_DPTI_ALL", SMMUV3_KIND_CMD, 0x70, 2, SMMUV3_CMD_DPTI_ALL_FIELD_COUNT, f_dpti_all },
        { "CMD_DPTI_PA", SMMUV3_KIND_CMD, 0x73, 2, SMMUV3_CMD_DPTI_PA_FIELD_COUNT, f_dpti_pa },
    };
    return table;
}

/** Start a command: zero both words and set the opcode. */
static inline smmuv3_status smmuv3_cmd_init(smmuv3_cmd *c, smmuv3_cmd_id id)
{
    if (c == NULL || (unsigned)id >= (unsigned)SMMUV3_CMD_ID_COUNT)
        return SMMUV3_EINVAL;
    c->qw[0] = 0;
    c->qw[1] = 0;
    return smmuv3_field_set(c->qw, &smmuv3_cmd_layouts()[id].fields[0], smmuv3_cmd_layouts()[id].code);
}

/** Checked store of field index f (SMMUV3_CMD_<NAME>_<FIELD>) of command id. */
static inline smmuv3_status smmuv3_cmd_set(smmuv3_cmd *c, smmuv3_cmd_id id, unsigned f, uint64_t value)
{
    if (c == NULL || (unsigned)id >= (unsigned)SMMUV3_CMD_ID_COUNT || f >= smmuv3_cmd_layouts()[id].count)
        return SMMUV3_EINVAL;
    return smmuv3_field_set(c->qw, &smmuv3_cmd_layouts()[id].fields[f], value);
}

static inline uint64_t smmuv3_cmd_get(const smmuv3_cmd *c, smmuv3_cmd_id id, unsigned f)
{
    return smmuv3_field_get(c->qw, &smmuv3_cmd_layouts()[id].fields[f]);
}

#endif /* SMMUV3_CMD_H */
