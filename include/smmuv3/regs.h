#ifndef SMMUV3_REGS_H
#define SMMUV3_REGS_H

#include "field.h"

/* Registers a rig needs to describe geometry and features (IHI 0070 6.3), one 64-bit
 * word each (32-bit registers use bits [31:0]). Offsets from the SMMU base;
 * page-1 registers at 0x10000 + offset. */

/** Register offsets. */
enum {
    SMMUV3_OFF_IDR0 = 0x0,
    SMMUV3_OFF_IDR1 = 0x4,
    SMMUV3_OFF_IDR3 = 0xC,
    SMMUV3_OFF_IDR5 = 0x14,
    SMMUV3_OFF_IIDR = 0x18,
    SMMUV3_OFF_AIDR = 0x1C,
    SMMUV3_OFF_CR0 = 0x20,
    SMMUV3_OFF_CR0ACK = 0x24,
    SMMUV3_OFF_CR1 = 0x28,
    SMMUV3_OFF_CR2 = 0x2C,
    SMMUV3_OFF_GBPA = 0x44,
    SMMUV3_OFF_IRQ_CTRL = 0x50,
    SMMUV3_OFF_GERROR = 0x60,
    SMMUV3_OFF_GERRORN = 0x64,
    SMMUV3_OFF_GERROR_IRQ_CFG0 = 0x68,
    SMMUV3_OFF_GERROR_IRQ_CFG1 = 0x70,
    SMMUV3_OFF_GERROR_IRQ_CFG2 = 0x74,
    SMMUV3_OFF_STRTAB_BASE = 0x80,
    SMMUV3_OFF_STRTAB_BASE_CFG = 0x88,
    SMMUV3_OFF_CMDQ_BASE = 0x90,
    SMMUV3_OFF_CMDQ_PROD = 0x98,
    SMMUV3_OFF_CMDQ_CONS = 0x9C,
    SMMUV3_OFF_EVENTQ_BASE = 0xA0,
    SMMUV3_OFF_EVENTQ_PROD = 0x100A8,
    SMMUV3_OFF_EVENTQ_CONS = 0x100AC,
    SMMUV3_OFF_PRIQ_BASE = 0xC0,
    SMMUV3_OFF_PRIQ_PROD = 0x100C8,
    SMMUV3_OFF_PRIQ_CONS = 0x100CC,
    SMMUV3_OFF_AGBPA = 0x48,
    SMMUV3_OFF_GATOS_CTRL = 0x100,
    SMMUV3_OFF_GATOS_SID = 0x108,
    SMMUV3_OFF_GATOS_ADDR = 0x110,
    SMMUV3_OFF_GATOS_PAR = 0x118,
    SMMUV3_OFF_MPAMIDR = 0x130,
    SMMUV3_OFF_GMPAM = 0x138,
    SMMUV3_OFF_GBPMPAM = 0x13C,
};

typedef enum smmuv3_reg_id {
    SMMUV3_REG_ID_IDR0,
    SMMUV3_REG_ID_IDR1,
    SMMUV3_REG_ID_IDR3,
    SMMUV3_REG_ID_IDR5,
    SMMUV3_REG_ID_IIDR,
    SMMUV3_REG_ID_CR0,
    SMMUV3_REG_ID_CR1,
    SMMUV3_REG_ID_CR2,
    SMMUV3_REG_ID_GBPA,
    SMMUV3_REG_ID_IRQ_CTRL,
    SMMUV3_REG_ID_GERROR,
    SMMUV3_REG_ID_GERROR_IRQ_CFG0,
    SMMUV3_REG_ID_GERROR_IRQ_CFG1,
    SMMUV3_REG_ID_GERROR_IRQ_CFG2,
    SMMUV3_REG_ID_STRTAB_BASE,
    SMMUV3_REG_ID_STRTAB_BASE_CFG,
    SMMUV3_REG_ID_CMDQ_BASE,
    SMMUV3_REG_ID_CMDQ_PROD,
    SMMUV3_REG_ID_CMDQ_CONS,
    SMMUV3_REG_ID_EVENTQ_BASE,
    SMMUV3_REG_ID_EVENTQ_PROD,
    SMMUV3_REG_ID_EVENTQ_CONS,
    SMMUV3_REG_ID_PRIQ_BASE,
    SMMUV3_REG_ID_PRIQ_PROD,
    SMMUV3_REG_ID_PRIQ_CONS,
    SMMUV3_REG_ID_AIDR, /* appended, so the ids above keep their values */
    SMMUV3_REG_ID_CR0ACK,
    SMMUV3_REG_ID_IRQ_CTRLACK,
    SMMUV3_REG_ID_GERRORN,
    SMMUV3_REG_ID_EVENTQ_IRQ_CFG0,
    SMMUV3_REG_ID_EVENTQ_IRQ_CFG1,
    SMMUV3_REG_ID_EVENTQ_IRQ_CFG2,
    SMMUV3_REG_ID_PRIQ_IRQ_CFG0,
    SMMUV3_REG_ID_PRIQ_IRQ_CFG1,
    SMMUV3_REG_ID_PRIQ_IRQ_CFG2,
    SMMUV3_REG_ID_IDR2,
    SMMUV3_REG_ID_IDR4,
    SMMUV3_REG_ID_STATUSR,
    SMMUV3_REG_ID_AGBPA, /* appended, so the ids above keep their values */
    SMMUV3_REG_ID_GATOS_CTRL,
    SMMUV3_REG_ID_GATOS_SID,
    SMMUV3_REG_ID_GATOS_ADDR,
    SMMUV3_REG_ID_GATOS_PAR,
    SMMUV3_REG_ID_MPAMIDR,
    SMMUV3_REG_ID_GMPAM,
    SMMUV3_REG_ID_GBPMPAM,
    SMMUV3_REG_ID_COUNT
} smmuv3_reg_id;

/* SMMU_IDR0 (offset 0x0, 32-bit) */
#define SMMUV3_REG_IDR0_FIELDS(X) \
    X(IDR0, S2P, "S2P", 0, 0, 0, 0, "") \
    X(IDR0, S1P, "S1P", 0, 1, 1, 0, "") \
    X(IDR0, TTF, "TTF", 0, 3, 2, 0, "") \
    X(IDR0, COHACC, "COHACC", 0, 4, 4, 0, "") \
    X(IDR0, BTM, "BTM", 0, 5, 5, 0, "") \
    X(IDR0, HTTU, "HTTU", 0, 7, 6, 0, "") \
    X(IDR0, DORMHINT, "DORMHINT", 0, 8, 8, 0, "") \
    X(IDR0, HYP, "Hyp", 0, 9, 9, 0, "") \
    X(IDR0, ATS, "ATS", 0, 10, 10, 0, "") \
    X(IDR0, NS1ATS, "NS1ATS", 0, 11, 11, 0, "") \
    X(IDR0, ASID16, "ASID16", 0, 12, 12, 0, "") \
    X(IDR0, MSI, "MSI", 0, 13, 13, 0, "") \
    X(IDR0, SEV, "SEV", 0, 14, 14, 0, "") \
    X(IDR0, ATOS, "ATOS", 0, 15, 15, 0, "") \
    X(IDR0, PRI, "PRI", 0, 16, 16, 0, "") \
    X(IDR0, VMW, "VMW", 0, 17, 17, 0, "") \
    X(IDR0, VMID16, "VMID16", 0, 18, 18, 0, "") \
    X(IDR0, CD2L, "CD2L", 0, 19, 19, 0, "") \
    X(IDR0, VATOS, "VATOS", 0, 20, 20, 0, "") \
    X(IDR0, TTENDIAN, "TTENDIAN", 0, 22, 21, 0, "") \
    X(IDR0, ATSRECERR, "ATSRECERR", 0, 23, 23, 0, "") \
    X(IDR0, STALL_MODEL, "STALL_MODEL", 0, 25, 24, 0, "") \
    X(IDR0, TERM_MODEL, "TERM_MODEL", 0, 26, 26, 0, "") \
    X(IDR0, ST_LEVEL, "ST_LEVEL", 0, 28, 27, 0, "") \
    X(IDR0, RME_IMPL, "RME_IMPL", 0, 30, 30, 0, "") \
    /* end */
enum { SMMUV3_REG_IDR0_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR0_FIELD_COUNT };
enum { SMMUV3_REG_IDR0_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IDR1 (offset 0x4, 32-bit) */
#define SMMUV3_REG_IDR1_FIELDS(X) \
    X(IDR1, SIDSIZE, "SIDSIZE", 0, 5, 0, 0, "StreamID bits") \
    X(IDR1, SSIDSIZE, "SSIDSIZE", 0, 10, 6, 0, "SubstreamID bits (0..20)") \
    X(IDR1, PRIQS, "PRIQS", 0, 15, 11, 0, "log2 max PRI queue entries (<=19)") \
    X(IDR1, EVENTQS, "EVENTQS", 0, 20, 16, 0, "log2 max event queue entries (<=19)") \
    X(IDR1, CMDQS, "CMDQS", 0, 25, 21, 0, "log2 max command queue entries (<=19)") \
    X(IDR1, ATTR_PERMS_OVR, "ATTR_PERMS_OVR", 0, 26, 26, 0, "") \
    X(IDR1, ATTR_TYPES_OVR, "ATTR_TYPES_OVR", 0, 27, 27, 0, "") \
    X(IDR1, REL, "REL", 0, 28, 28, 0, "") \
    X(IDR1, QUEUES_PRESET, "QUEUES_PRESET", 0, 29, 29, 0, "") \
    X(IDR1, TABLES_PRESET, "TABLES_PRESET", 0, 30, 30, 0, "") \
    X(IDR1, ECMDQ, "ECMDQ", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_IDR1_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR1_FIELD_COUNT };
enum { SMMUV3_REG_IDR1_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IDR3 (offset 0xC, 32-bit) */
#define SMMUV3_REG_IDR3_FIELDS(X) \
    X(IDR3, HAD, "HAD", 0, 2, 2, 0, "") \
    X(IDR3, PBHA, "PBHA", 0, 3, 3, 0, "") \
    X(IDR3, XNX, "XNX", 0, 4, 4, 0, "") \
    X(IDR3, PPS, "PPS", 0, 5, 5, 0, "") \
    X(IDR3, MPAM, "MPAM", 0, 7, 7, 0, "") \
    X(IDR3, FWB, "FWB", 0, 8, 8, 0, "") \
    X(IDR3, STT, "STT", 0, 9, 9, 0, "") \
    X(IDR3, RIL, "RIL", 0, 10, 10, 0, "") \
    X(IDR3, BBML, "BBML", 0, 12, 11, 0, "") \
    X(IDR3, E0PD, "E0PD", 0, 13, 13, 0, "") \
    X(IDR3, PTWNNC, "PTWNNC", 0, 14, 14, 0, "") \
    X(IDR3, DPT, "DPT", 0, 15, 15, 0, "") \
    X(IDR3, PASIDTT, "PASIDTT", 0, 16, 16, 0, "") \
    X(IDR3, EPAN, "EPAN", 0, 17, 17, 0, "") \
    X(IDR3, S1PI, "S1PI", 0, 18, 18, 0, "") \
    X(IDR3, S2PI, "S2PI", 0, 19, 19, 0, "") \
    X(IDR3, S2PO, "S2PO", 0, 20, 20, 0, "") \
    X(IDR3, THE, "THE", 0, 21, 21, 0, "") \
    X(IDR3, MTEPERM, "MTEPERM", 0, 22, 22, 0, "") \
    X(IDR3, AIE, "AIE", 0, 23, 23, 0, "") \
    /* end */
enum { SMMUV3_REG_IDR3_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR3_FIELD_COUNT };
enum { SMMUV3_REG_IDR3_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IDR5 (offset 0x14, 32-bit) */
#define SMMUV3_REG_IDR5_FIELDS(X) \
    X(IDR5, OAS, "OAS", 0, 2, 0, 0, "") \
    X(IDR5, GRAN4K, "GRAN4K", 0, 4, 4, 0, "") \
    X(IDR5, GRAN16K, "GRAN16K", 0, 5, 5, 0, "") \
    X(IDR5, GRAN64K, "GRAN64K", 0, 6, 6, 0, "") \
    X(IDR5, DS, "DS", 0, 7, 7, 0, "") \
    X(IDR5, D128, "D128", 0, 8, 8, 0, "") \
    X(IDR5, VAX, "VAX", 0, 11, 10, 0, "") \
    X(IDR5, STALL_MAX, "STALL_MAX", 0, 31, 16, 0, "") \
    /* end */
enum { SMMUV3_REG_IDR5_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR5_FIELD_COUNT };
enum { SMMUV3_REG_IDR5_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IIDR (offset 0x18, 32-bit) */
#define SMMUV3_REG_IIDR_FIELDS(X) \
    X(IIDR, IMPLEMENTER, "Implementer", 0, 11, 0, 0, "") \
    X(IIDR, REVISION, "Revision", 0, 15, 12, 0, "") \
    X(IIDR, VARIANT, "Variant", 0, 19, 16, 0, "") \
    X(IIDR, PRODUCTID, "ProductID", 0, 31, 20, 0, "") \
    /* end */
enum { SMMUV3_REG_IIDR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IIDR_FIELD_COUNT };
enum { SMMUV3_REG_IIDR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_AIDR (offset 0x1C, 32-bit): the architecture version (IHI 0070 6.3.8) */
#define SMMUV3_REG_AIDR_FIELDS(X) \
    X(AIDR, ARCHMINORREV, "ArchMinorRev", 0, 3, 0, 0, "minor revision: 0 SMMUv3.0, 1 v3.1, 2 v3.2, 3 v3.3, 4 v3.4") \
    X(AIDR, ARCHMAJORREV, "ArchMajorRev", 0, 7, 4, 0, "major revision: 0 SMMUv3.x") \
    /* end */
enum { SMMUV3_REG_AIDR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_AIDR_FIELD_COUNT };
enum { SMMUV3_REG_AIDR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CR0 (offset 0x20, 32-bit) */
#define SMMUV3_REG_CR0_FIELDS(X) \
    X(CR0, SMMUEN, "SMMUEN", 0, 0, 0, 0, "") \
    X(CR0, PRIQEN, "PRIQEN", 0, 1, 1, 0, "") \
    X(CR0, EVENTQEN, "EVENTQEN", 0, 2, 2, 0, "") \
    X(CR0, CMDQEN, "CMDQEN", 0, 3, 3, 0, "") \
    X(CR0, ATSCHK, "ATSCHK", 0, 4, 4, 0, "") \
    X(CR0, VMW, "VMW", 0, 8, 6, 0, "") \
    X(CR0, DPT_WALK_EN, "DPT_WALK_EN", 0, 10, 10, 0, "DPT walks enabled (SMMU_IDR3.DPT=1; 6.3.9)") \
    /* end */
enum { SMMUV3_REG_CR0_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CR0_FIELD_COUNT };
enum { SMMUV3_REG_CR0_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CR1 (offset 0x28, 32-bit) */
#define SMMUV3_REG_CR1_FIELDS(X) \
    X(CR1, QUEUE_IC, "QUEUE_IC", 0, 1, 0, 0, "") \
    X(CR1, QUEUE_OC, "QUEUE_OC", 0, 3, 2, 0, "") \
    X(CR1, QUEUE_SH, "QUEUE_SH", 0, 5, 4, 0, "") \
    X(CR1, TABLE_IC, "TABLE_IC", 0, 7, 6, 0, "") \
    X(CR1, TABLE_OC, "TABLE_OC", 0, 9, 8, 0, "") \
    X(CR1, TABLE_SH, "TABLE_SH", 0, 11, 10, 0, "") \
    /* end */
enum { SMMUV3_REG_CR1_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CR1_FIELD_COUNT };
enum { SMMUV3_REG_CR1_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CR2 (offset 0x2C, 32-bit) */
#define SMMUV3_REG_CR2_FIELDS(X) \
    X(CR2, E2H, "E2H", 0, 0, 0, 0, "") \
    X(CR2, RECINVSID, "RECINVSID", 0, 1, 1, 0, "") \
    X(CR2, PTM, "PTM", 0, 2, 2, 0, "") \
    X(CR2, REC_CFG_ATS, "REC_CFG_ATS", 0, 3, 3, 0, "record extended ATS/PRI configuration errors (IDR0.ATSRECERR=1)") \
    /* end */
enum { SMMUV3_REG_CR2_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CR2_FIELD_COUNT };
enum { SMMUV3_REG_CR2_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GBPA (offset 0x44, 32-bit) */
#define SMMUV3_REG_GBPA_FIELDS(X) \
    X(GBPA, MEMATTR, "MemAttr", 0, 3, 0, 0, "") \
    X(GBPA, MTCFG, "MTCFG", 0, 4, 4, 0, "") \
    X(GBPA, ALLOCCFG, "ALLOCCFG", 0, 11, 8, 0, "") \
    X(GBPA, SHCFG, "SHCFG", 0, 13, 12, 0, "") \
    X(GBPA, PRIVCFG, "PRIVCFG", 0, 17, 16, 0, "") \
    X(GBPA, INSTCFG, "INSTCFG", 0, 19, 18, 0, "") \
    X(GBPA, ABORT, "ABORT", 0, 20, 20, 0, "") \
    X(GBPA, UPDATE, "Update", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_GBPA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GBPA_FIELD_COUNT };
enum { SMMUV3_REG_GBPA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IRQ_CTRL (offset 0x50, 32-bit) */
#define SMMUV3_REG_IRQ_CTRL_FIELDS(X) \
    X(IRQ_CTRL, GERROR_IRQEN, "GERROR_IRQEN", 0, 0, 0, 0, "") \
    X(IRQ_CTRL, PRIQ_IRQEN, "PRIQ_IRQEN", 0, 1, 1, 0, "") \
    X(IRQ_CTRL, EVENTQ_IRQEN, "EVENTQ_IRQEN", 0, 2, 2, 0, "") \
    /* end */
enum { SMMUV3_REG_IRQ_CTRL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IRQ_CTRL_FIELD_COUNT };
enum { SMMUV3_REG_IRQ_CTRL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GERROR (offset 0x60, 32-bit) */
#define SMMUV3_REG_GERROR_FIELDS(X) \
    X(GERROR, CMDQ_ERR, "CMDQ_ERR", 0, 0, 0, 0, "") \
    X(GERROR, EVENTQ_ABT_ERR, "EVENTQ_ABT_ERR", 0, 2, 2, 0, "") \
    X(GERROR, PRIQ_ABT_ERR, "PRIQ_ABT_ERR", 0, 3, 3, 0, "") \
    X(GERROR, MSI_CMDQ_ABT_ERR, "MSI_CMDQ_ABT_ERR", 0, 4, 4, 0, "") \
    X(GERROR, MSI_EVENTQ_ABT_ERR, "MSI_EVENTQ_ABT_ERR", 0, 5, 5, 0, "") \
    X(GERROR, MSI_PRIQ_ABT_ERR, "MSI_PRIQ_ABT_ERR", 0, 6, 6, 0, "") \
    X(GERROR, MSI_GERROR_ABT_ERR, "MSI_GERROR_ABT_ERR", 0, 7, 7, 0, "") \
    X(GERROR, SFM_ERR, "SFM_ERR", 0, 8, 8, 0, "") \
    X(GERROR, CMDQP_ERR, "CMDQP_ERR", 0, 9, 9, 0, "an Enhanced Command queue error (SMMU_IDR1.ECMDQ=1; 6.3.19)") \
    X(GERROR, DPT_ERR, "DPT_ERR", 0, 10, 10, 0, "DPT lookup fault (SMMU_IDR3.DPT=1; 6.3.19)") \
    /* end */
enum { SMMUV3_REG_GERROR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GERROR_FIELD_COUNT };
enum { SMMUV3_REG_GERROR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GERROR_IRQ_CFG0 (offset 0x68, 64-bit) */
#define SMMUV3_REG_GERROR_IRQ_CFG0_FIELDS(X) \
    X(GERROR_IRQ_CFG0, ADDR, "ADDR", 0, 55, 2, SMMUV3_FIELD_ADDRESS, "") \
    /* end */
enum { SMMUV3_REG_GERROR_IRQ_CFG0_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GERROR_IRQ_CFG0_FIELD_COUNT };
enum { SMMUV3_REG_GERROR_IRQ_CFG0_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GERROR_IRQ_CFG1 (offset 0x70, 32-bit) */
#define SMMUV3_REG_GERROR_IRQ_CFG1_FIELDS(X) \
    X(GERROR_IRQ_CFG1, DATA, "DATA", 0, 31, 0, 0, "") \
    /* end */
enum { SMMUV3_REG_GERROR_IRQ_CFG1_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GERROR_IRQ_CFG1_FIELD_COUNT };
enum { SMMUV3_REG_GERROR_IRQ_CFG1_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GERROR_IRQ_CFG2 (offset 0x74, 32-bit) */
#define SMMUV3_REG_GERROR_IRQ_CFG2_FIELDS(X) \
    X(GERROR_IRQ_CFG2, MEMATTR, "MemAttr", 0, 3, 0, 0, "") \
    X(GERROR_IRQ_CFG2, SH, "SH", 0, 5, 4, 0, "") \
    /* end */
enum { SMMUV3_REG_GERROR_IRQ_CFG2_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GERROR_IRQ_CFG2_FIELD_COUNT };
enum { SMMUV3_REG_GERROR_IRQ_CFG2_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CR0ACK (offset 0x24, 32-bit; IHI 0070 6.3.10) */
#define SMMUV3_REG_CR0ACK_FIELDS(X) \
    X(CR0ACK, SMMUEN, "SMMUEN", 0, 0, 0, 0, "") \
    X(CR0ACK, PRIQEN, "PRIQEN", 0, 1, 1, 0, "") \
    X(CR0ACK, EVENTQEN, "EVENTQEN", 0, 2, 2, 0, "") \
    X(CR0ACK, CMDQEN, "CMDQEN", 0, 3, 3, 0, "") \
    X(CR0ACK, ATSCHK, "ATSCHK", 0, 4, 4, 0, "") \
    X(CR0ACK, VMW, "VMW", 0, 8, 6, 0, "") \
    X(CR0ACK, DPT_WALK_EN, "DPT_WALK_EN", 0, 10, 10, 0, "") \
    /* end */
enum { SMMUV3_REG_CR0ACK_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CR0ACK_FIELD_COUNT };
enum { SMMUV3_REG_CR0ACK_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IRQ_CTRLACK (offset 0x54, 32-bit; IHI 0070 6.3.18) */
#define SMMUV3_REG_IRQ_CTRLACK_FIELDS(X) \
    X(IRQ_CTRLACK, GERROR_IRQEN, "GERROR_IRQEN", 0, 0, 0, 0, "") \
    X(IRQ_CTRLACK, PRIQ_IRQEN, "PRIQ_IRQEN", 0, 1, 1, 0, "") \
    X(IRQ_CTRLACK, EVENTQ_IRQEN, "EVENTQ_IRQEN", 0, 2, 2, 0, "") \
    /* end */
enum { SMMUV3_REG_IRQ_CTRLACK_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IRQ_CTRLACK_FIELD_COUNT };
enum { SMMUV3_REG_IRQ_CTRLACK_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GERRORN (offset 0x64, 32-bit; IHI 0070 6.3.20) */
#define SMMUV3_REG_GERRORN_FIELDS(X) \
    X(GERRORN, CMDQ_ERR, "CMDQ_ERR", 0, 0, 0, 0, "") \
    X(GERRORN, EVENTQ_ABT_ERR, "EVENTQ_ABT_ERR", 0, 2, 2, 0, "") \
    X(GERRORN, PRIQ_ABT_ERR, "PRIQ_ABT_ERR", 0, 3, 3, 0, "") \
    X(GERRORN, MSI_CMDQ_ABT_ERR, "MSI_CMDQ_ABT_ERR", 0, 4, 4, 0, "") \
    X(GERRORN, MSI_EVENTQ_ABT_ERR, "MSI_EVENTQ_ABT_ERR", 0, 5, 5, 0, "") \
    X(GERRORN, MSI_PRIQ_ABT_ERR, "MSI_PRIQ_ABT_ERR", 0, 6, 6, 0, "") \
    X(GERRORN, MSI_GERROR_ABT_ERR, "MSI_GERROR_ABT_ERR", 0, 7, 7, 0, "") \
    X(GERRORN, SFM_ERR, "SFM_ERR", 0, 8, 8, 0, "") \
    X(GERRORN, CMDQP_ERR, "CMDQP_ERR", 0, 9, 9, 0, "") \
    X(GERRORN, DPT_ERR, "DPT_ERR", 0, 10, 10, 0, "") \
    /* end */
enum { SMMUV3_REG_GERRORN_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GERRORN_FIELD_COUNT };
enum { SMMUV3_REG_GERRORN_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_IRQ_CFG0 (offset 0xB0, 64-bit; IHI 0070 6.3.30) */
#define SMMUV3_REG_EVENTQ_IRQ_CFG0_FIELDS(X) \
    X(EVENTQ_IRQ_CFG0, ADDR, "ADDR", 0, 55, 2, SMMUV3_FIELD_ADDRESS, "MSI target PA [55:2]") \
    /* end */
enum { SMMUV3_REG_EVENTQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_IRQ_CFG0_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_IRQ_CFG1 (offset 0xB8, 32-bit; IHI 0070 6.3.31) */
#define SMMUV3_REG_EVENTQ_IRQ_CFG1_FIELDS(X) \
    X(EVENTQ_IRQ_CFG1, DATA, "DATA", 0, 31, 0, 0, "MSI data payload") \
    /* end */
enum { SMMUV3_REG_EVENTQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_IRQ_CFG1_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_IRQ_CFG2 (offset 0xBC, 32-bit; IHI 0070 6.3.32) */
#define SMMUV3_REG_EVENTQ_IRQ_CFG2_FIELDS(X) \
    X(EVENTQ_IRQ_CFG2, MEMATTR, "MemAttr", 0, 3, 0, 0, "") \
    X(EVENTQ_IRQ_CFG2, SH, "SH", 0, 5, 4, 0, "") \
    /* end */
enum { SMMUV3_REG_EVENTQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_IRQ_CFG2_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_IRQ_CFG0 (offset 0xD0, 64-bit; IHI 0070 6.3.34) */
#define SMMUV3_REG_PRIQ_IRQ_CFG0_FIELDS(X) \
    X(PRIQ_IRQ_CFG0, ADDR, "ADDR", 0, 55, 2, SMMUV3_FIELD_ADDRESS, "MSI target PA [55:2]") \
    /* end */
enum { SMMUV3_REG_PRIQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_IRQ_CFG0_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_IRQ_CFG1 (offset 0xD8, 32-bit; IHI 0070 6.3.35) */
#define SMMUV3_REG_PRIQ_IRQ_CFG1_FIELDS(X) \
    X(PRIQ_IRQ_CFG1, DATA, "DATA", 0, 31, 0, 0, "MSI data payload") \
    /* end */
enum { SMMUV3_REG_PRIQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_IRQ_CFG1_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_IRQ_CFG2 (offset 0xDC, 32-bit; IHI 0070 6.3.36) */
#define SMMUV3_REG_PRIQ_IRQ_CFG2_FIELDS(X) \
    X(PRIQ_IRQ_CFG2, MEMATTR, "MemAttr", 0, 3, 0, 0, "") \
    X(PRIQ_IRQ_CFG2, SH, "SH", 0, 5, 4, 0, "") \
    X(PRIQ_IRQ_CFG2, LO, "LO", 0, 31, 31, 0, "interrupt only for a PRI message with L set") \
    /* end */
enum { SMMUV3_REG_PRIQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_IRQ_CFG2_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IDR2 (offset 0x8, 32-bit; IHI 0070 6.3.3) */
#define SMMUV3_REG_IDR2_FIELDS(X) \
    X(IDR2, BA_VATOS, "BA_VATOS", 0, 9, 0, 0, "VATOS page: SMMU base + 0x20000 + BA_VATOS * 64 KB") \
    /* end */
enum { SMMUV3_REG_IDR2_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR2_FIELD_COUNT };
enum { SMMUV3_REG_IDR2_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_IDR4 (offset 0x10, 32-bit; IHI 0070 6.3.5) */
#define SMMUV3_REG_IDR4_FIELDS(X) \
    X(IDR4, IMPDEF, "IMPLEMENTATION_DEFINED", 0, 31, 0, 0, "IMPLEMENTATION DEFINED") \
    /* end */
enum { SMMUV3_REG_IDR4_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_IDR4_FIELD_COUNT };
enum { SMMUV3_REG_IDR4_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_STATUSR (offset 0x40, 32-bit; IHI 0070 6.3.13) */
#define SMMUV3_REG_STATUSR_FIELDS(X) \
    X(STATUSR, DORMANT, "DORMANT", 0, 0, 0, 0, "dormant hint (SMMU_IDR0.DORMHINT=1)") \
    /* end */
enum { SMMUV3_REG_STATUSR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_STATUSR_FIELD_COUNT };
enum { SMMUV3_REG_STATUSR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_STRTAB_BASE (offset 0x80, 64-bit) */
#define SMMUV3_REG_STRTAB_BASE_FIELDS(X) \
    X(STRTAB_BASE, ADDR, "ADDR", 0, 55, 6, SMMUV3_FIELD_ADDRESS, "stream table (or L1 table) PA [55:6]") \
    X(STRTAB_BASE, RA, "RA", 0, 62, 62, 0, "read-allocate hint") \
    /* end */
enum { SMMUV3_REG_STRTAB_BASE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_STRTAB_BASE_FIELD_COUNT };
enum { SMMUV3_REG_STRTAB_BASE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_STRTAB_BASE_CFG (offset 0x88, 32-bit) */
#define SMMUV3_REG_STRTAB_BASE_CFG_FIELDS(X) \
    X(STRTAB_BASE_CFG, LOG2SIZE, "LOG2SIZE", 0, 5, 0, 0, "log2(#StreamIDs covered); effective = min(LOG2SIZE, IDR1.SIDSIZE)") \
    X(STRTAB_BASE_CFG, SPLIT, "SPLIT", 0, 10, 6, 0, "2-level split point (bits of SID used for L2 index)") \
    X(STRTAB_BASE_CFG, FMT, "FMT", 0, 17, 16, 0, "") \
    /* end */
enum { SMMUV3_REG_STRTAB_BASE_CFG_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_STRTAB_BASE_CFG_FIELD_COUNT };
enum { SMMUV3_REG_STRTAB_BASE_CFG_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CMDQ_BASE (offset 0x90, 64-bit) */
#define SMMUV3_REG_CMDQ_BASE_FIELDS(X) \
    X(CMDQ_BASE, LOG2SIZE, "LOG2SIZE", 0, 4, 0, 0, "log2 entries (<= IDR1.CMDQS)") \
    X(CMDQ_BASE, ADDR, "ADDR", 0, 55, 5, SMMUV3_FIELD_ADDRESS, "queue PA [55:5]") \
    X(CMDQ_BASE, RA, "RA", 0, 62, 62, 0, "") \
    /* end */
enum { SMMUV3_REG_CMDQ_BASE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMDQ_BASE_FIELD_COUNT };
enum { SMMUV3_REG_CMDQ_BASE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CMDQ_PROD (offset 0x98, 32-bit) */
#define SMMUV3_REG_CMDQ_PROD_FIELDS(X) \
    X(CMDQ_PROD, WR, "WR", 0, 19, 0, 0, "index in [QS-1:0], wrap flag at bit QS (QS=LOG2SIZE)") \
    /* end */
enum { SMMUV3_REG_CMDQ_PROD_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMDQ_PROD_FIELD_COUNT };
enum { SMMUV3_REG_CMDQ_PROD_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_CMDQ_CONS (offset 0x9C, 32-bit) */
#define SMMUV3_REG_CMDQ_CONS_FIELDS(X) \
    X(CMDQ_CONS, RD, "RD", 0, 19, 0, 0, "index + wrap at bit QS") \
    X(CMDQ_CONS, ERR, "ERR", 0, 30, 24, 0, "") \
    /* end */
enum { SMMUV3_REG_CMDQ_CONS_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_CMDQ_CONS_FIELD_COUNT };
enum { SMMUV3_REG_CMDQ_CONS_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_BASE (offset 0xA0, 64-bit) */
#define SMMUV3_REG_EVENTQ_BASE_FIELDS(X) \
    X(EVENTQ_BASE, LOG2SIZE, "LOG2SIZE", 0, 4, 0, 0, "<= IDR1.EVENTQS") \
    X(EVENTQ_BASE, ADDR, "ADDR", 0, 55, 5, SMMUV3_FIELD_ADDRESS, "") \
    X(EVENTQ_BASE, WA, "WA", 0, 62, 62, 0, "") \
    /* end */
enum { SMMUV3_REG_EVENTQ_BASE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_BASE_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_BASE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_PROD (offset 0xA8, page 1, 32-bit) */
#define SMMUV3_REG_EVENTQ_PROD_FIELDS(X) \
    X(EVENTQ_PROD, WR, "WR", 0, 19, 0, 0, "") \
    X(EVENTQ_PROD, OVFLG, "OVFLG", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_EVENTQ_PROD_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_PROD_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_PROD_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_EVENTQ_CONS (offset 0xAC, page 1, 32-bit) */
#define SMMUV3_REG_EVENTQ_CONS_FIELDS(X) \
    X(EVENTQ_CONS, RD, "RD", 0, 19, 0, 0, "") \
    X(EVENTQ_CONS, OVACKFLG, "OVACKFLG", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_EVENTQ_CONS_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVENTQ_CONS_FIELD_COUNT };
enum { SMMUV3_REG_EVENTQ_CONS_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_BASE (offset 0xC0, 64-bit) */
#define SMMUV3_REG_PRIQ_BASE_FIELDS(X) \
    X(PRIQ_BASE, LOG2SIZE, "LOG2SIZE", 0, 4, 0, 0, "<= IDR1.PRIQS") \
    X(PRIQ_BASE, ADDR, "ADDR", 0, 55, 5, SMMUV3_FIELD_ADDRESS, "") \
    X(PRIQ_BASE, WA, "WA", 0, 62, 62, 0, "") \
    /* end */
enum { SMMUV3_REG_PRIQ_BASE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_BASE_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_BASE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_PROD (offset 0xC8, page 1, 32-bit) */
#define SMMUV3_REG_PRIQ_PROD_FIELDS(X) \
    X(PRIQ_PROD, WR, "WR", 0, 19, 0, 0, "") \
    X(PRIQ_PROD, OVFLG, "OVFLG", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_PRIQ_PROD_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_PROD_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_PROD_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_PRIQ_CONS (offset 0xCC, page 1, 32-bit) */
#define SMMUV3_REG_PRIQ_CONS_FIELDS(X) \
    X(PRIQ_CONS, RD, "RD", 0, 19, 0, 0, "") \
    X(PRIQ_CONS, OVACKFLG, "OVACKFLG", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_PRIQ_CONS_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_PRIQ_CONS_FIELD_COUNT };
enum { SMMUV3_REG_PRIQ_CONS_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_AGBPA (offset 0x48, 32-bit; IHI 0070 6.3.15) */
#define SMMUV3_REG_AGBPA_FIELDS(X) \
    X(AGBPA, IMPDEF, "IMPLEMENTATION_DEFINED", 0, 31, 0, 0, "IMPLEMENTATION DEFINED attributes for bypassing transactions (RES0 if unsupported)") \
    /* end */
enum { SMMUV3_REG_AGBPA_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_AGBPA_FIELD_COUNT };
enum { SMMUV3_REG_AGBPA_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GATOS_CTRL (offset 0x100, 32-bit; IHI 0070 6.3.37; present when SMMU_IDR0.ATOS=1) */
#define SMMUV3_REG_GATOS_CTRL_FIELDS(X) \
    X(GATOS_CTRL, RUN, "RUN", 0, 0, 0, 0, "written 1 to start a translation; the SMMU clears it when GATOS_PAR holds the result") \
    /* end */
enum { SMMUV3_REG_GATOS_CTRL_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GATOS_CTRL_FIELD_COUNT };
enum { SMMUV3_REG_GATOS_CTRL_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GATOS_SID (offset 0x108, 64-bit; IHI 0070 6.3.38) */
#define SMMUV3_REG_GATOS_SID_FIELDS(X) \
    X(GATOS_SID, STREAMID, "STREAMID", 0, 31, 0, 0, "StreamID of the request") \
    X(GATOS_SID, SUBSTREAMID, "SUBSTREAMID", 0, 51, 32, 0, "SubstreamID of the request") \
    X(GATOS_SID, SSID_VALID, "SSID_VALID", 0, 52, 52, 0, "SubstreamID valid (RES0 when SMMU_IDR1.SSIDSIZE=0)") \
    /* end */
enum { SMMUV3_REG_GATOS_SID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GATOS_SID_FIELD_COUNT };
enum { SMMUV3_REG_GATOS_SID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GATOS_ADDR (offset 0x110, 64-bit; IHI 0070 6.3.39) */
#define SMMUV3_REG_GATOS_ADDR_FIELDS(X) \
    X(GATOS_ADDR, HTTUI, "HTTUI", 0, 6, 6, 0, "inhibit hardware update of the Access flag and dirty state") \
    X(GATOS_ADDR, IND, "InD", 0, 7, 7, 0, "") \
    X(GATOS_ADDR, RNW, "RnW", 0, 8, 8, 0, "") \
    X(GATOS_ADDR, PNU, "PnU", 0, 9, 9, 0, "") \
    X(GATOS_ADDR, TYPE, "TYPE", 0, 11, 10, 0, "") \
    X(GATOS_ADDR, ADDR, "ADDR", 0, 63, 12, SMMUV3_FIELD_ADDRESS, "requested input address [63:12]") \
    /* end */
enum { SMMUV3_REG_GATOS_ADDR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GATOS_ADDR_FIELD_COUNT };
enum { SMMUV3_REG_GATOS_ADDR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GATOS_PAR (offset 0x118, 64-bit, RO; IHI 0070 6.3.40). Two formats selected by FAULT:
 * FAULT=0 a result (ATTR, ADDR, Size, SH), FAULT=1 a fault syndrome (IMPLEMENTATION DEFINED,
 * FADDR, FAULTCODE, REASON). The fault format's fields are flagged ALIAS: they name bits the
 * result format also names, and decode shows the format FAULT selects. */
#define SMMUV3_REG_GATOS_PAR_FIELDS(X) \
    X(GATOS_PAR, FAULT, "FAULT", 0, 0, 0, 0, "0 a result, 1 a fault or error (selects the format)") \
    X(GATOS_PAR, SH, "SH", 0, 9, 8, 0, "result: Shareability") \
    X(GATOS_PAR, SIZE, "Size", 0, 11, 11, 0, "result: 0 a 4KB translation, 1 size from the lowest 1 bit of ADDR") \
    X(GATOS_PAR, ADDR, "ADDR", 0, 55, 12, SMMUV3_FIELD_ADDRESS, "result: output address [55:12]") \
    X(GATOS_PAR, ATTR, "ATTR", 0, 63, 56, 0, "result: memory attributes in MAIR format") \
    X(GATOS_PAR, REASON, "REASON", 0, 2, 1, SMMUV3_FIELD_ALIAS, "fault: stage and activity that faulted (9.1.4)") \
    X(GATOS_PAR, FAULTCODE, "FAULTCODE", 0, 11, 4, SMMUV3_FIELD_ALIAS, "fault: fault or error code (9.1.5)") \
    X(GATOS_PAR, FADDR, "FADDR", 0, 55, 12, SMMUV3_FIELD_ADDRESS | SMMUV3_FIELD_ALIAS, "fault: stage 2 fault page address [55:12]") \
    X(GATOS_PAR, IMPDEF, "IMPLEMENTATION_DEFINED", 0, 63, 60, SMMUV3_FIELD_ALIAS, "fault: IMPLEMENTATION DEFINED fault data") \
    /* end */
enum { SMMUV3_REG_GATOS_PAR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GATOS_PAR_FIELD_COUNT };
enum { SMMUV3_REG_GATOS_PAR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_MPAMIDR (offset 0x130, 32-bit, RO; IHI 0070 6.3.41; present when SMMU_IDR3.MPAM=1) */
#define SMMUV3_REG_MPAMIDR_FIELDS(X) \
    X(MPAMIDR, PARTID_MAX, "PARTID_MAX", 0, 15, 0, 0, "largest PARTID Non-secure state may use") \
    X(MPAMIDR, PMG_MAX, "PMG_MAX", 0, 23, 16, 0, "largest PMG Non-secure state may use") \
    /* end */
enum { SMMUV3_REG_MPAMIDR_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_MPAMIDR_FIELD_COUNT };
enum { SMMUV3_REG_MPAMIDR_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GMPAM (offset 0x138, 32-bit; IHI 0070 6.3.42) */
#define SMMUV3_REG_GMPAM_FIELDS(X) \
    X(GMPAM, SO_PARTID, "SO_PARTID", 0, 15, 0, 0, "PARTID for SMMU-originated accesses") \
    X(GMPAM, SO_PMG, "SO_PMG", 0, 23, 16, 0, "PMG for SMMU-originated accesses") \
    X(GMPAM, UPDATE, "Update", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_GMPAM_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GMPAM_FIELD_COUNT };
enum { SMMUV3_REG_GMPAM_FIELDS(SMMUV3_FIELD_CONSTS) };

/* SMMU_GBPMPAM (offset 0x13C, 32-bit; IHI 0070 6.3.43) */
#define SMMUV3_REG_GBPMPAM_FIELDS(X) \
    X(GBPMPAM, GBP_PARTID, "GBP_PARTID", 0, 15, 0, 0, "PARTID for transactions in global bypass") \
    X(GBPMPAM, GBP_PMG, "GBP_PMG", 0, 23, 16, 0, "PMG for transactions in global bypass") \
    X(GBPMPAM, UPDATE, "Update", 0, 31, 31, 0, "") \
    /* end */
enum { SMMUV3_REG_GBPMPAM_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_GBPMPAM_FIELD_COUNT };
enum { SMMUV3_REG_GBPMPAM_FIELDS(SMMUV3_FIELD_CONSTS) };

/** Every register layout, in smmuv3_reg_id order. */
static inline const smmuv3_layout *smmuv3_reg_layouts(void)
{
    static const smmuv3_field f_idr0[] = { SMMUV3_REG_IDR0_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_idr1[] = { SMMUV3_REG_IDR1_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_idr3[] = { SMMUV3_REG_IDR3_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_idr5[] = { SMMUV3_REG_IDR5_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_iidr[] = { SMMUV3_REG_IIDR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cr0[] = { SMMUV3_REG_CR0_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cr1[] = { SMMUV3_REG_CR1_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cr2[] = { SMMUV3_REG_CR2_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gbpa[] = { SMMUV3_REG_GBPA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_irq_ctrl[] = { SMMUV3_REG_IRQ_CTRL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gerror[] = { SMMUV3_REG_GERROR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gerror_irq_cfg0[] = { SMMUV3_REG_GERROR_IRQ_CFG0_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gerror_irq_cfg1[] = { SMMUV3_REG_GERROR_IRQ_CFG1_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gerror_irq_cfg2[] = { SMMUV3_REG_GERROR_IRQ_CFG2_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_strtab_base[] = { SMMUV3_REG_STRTAB_BASE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_strtab_base_cfg[] = { SMMUV3_REG_STRTAB_BASE_CFG_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cmdq_base[] = { SMMUV3_REG_CMDQ_BASE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cmdq_prod[] = { SMMUV3_REG_CMDQ_PROD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cmdq_cons[] = { SMMUV3_REG_CMDQ_CONS_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_base[] = { SMMUV3_REG_EVENTQ_BASE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_prod[] = { SMMUV3_REG_EVENTQ_PROD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_cons[] = { SMMUV3_REG_EVENTQ_CONS_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_base[] = { SMMUV3_REG_PRIQ_BASE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_prod[] = { SMMUV3_REG_PRIQ_PROD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_cons[] = { SMMUV3_REG_PRIQ_CONS_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_aidr[] = { SMMUV3_REG_AIDR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_cr0ack[] = { SMMUV3_REG_CR0ACK_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_irq_ctrlack[] = { SMMUV3_REG_IRQ_CTRLACK_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gerrorn[] = { SMMUV3_REG_GERRORN_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_irq_cfg0[] = { SMMUV3_REG_EVENTQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_irq_cfg1[] = { SMMUV3_REG_EVENTQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_eventq_irq_cfg2[] = { SMMUV3_REG_EVENTQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_irq_cfg0[] = { SMMUV3_REG_PRIQ_IRQ_CFG0_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_irq_cfg1[] = { SMMUV3_REG_PRIQ_IRQ_CFG1_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_priq_irq_cfg2[] = { SMMUV3_REG_PRIQ_IRQ_CFG2_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_idr2[] = { SMMUV3_REG_IDR2_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_idr4[] = { SMMUV3_REG_IDR4_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_statusr[] = { SMMUV3_REG_STATUSR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_agbpa[] = { SMMUV3_REG_AGBPA_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gatos_ctrl[] = { SMMUV3_REG_GATOS_CTRL_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gatos_sid[] = { SMMUV3_REG_GATOS_SID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gatos_addr[] = { SMMUV3_REG_GATOS_ADDR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gatos_par[] = { SMMUV3_REG_GATOS_PAR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_mpamidr[] = { SMMUV3_REG_MPAMIDR_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gmpam[] = { SMMUV3_REG_GMPAM_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_gbpmpam[] = { SMMUV3_REG_GBPMPAM_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout table[] = {
        { "SMMU_IDR0", SMMUV3_KIND_REG, 0x0, 1, SMMUV3_IDR0_FIELD_COUNT, f_idr0 },
        { "SMMU_IDR1", SMMUV3_KIND_REG, 0x4, 1, SMMUV3_IDR1_FIELD_COUNT, f_idr1 },
        { "SMMU_IDR3", SMMUV3_KIND_REG, 0xC, 1, SMMUV3_IDR3_FIELD_COUNT, f_idr3 },
        { "SMMU_IDR5", SMMUV3_KIND_REG, 0x14, 1, SMMUV3_IDR5_FIELD_COUNT, f_idr5 },
        { "SMMU_IIDR", SMMUV3_KIND_REG, 0x18, 1, SMMUV3_IIDR_FIELD_COUNT, f_iidr },
        { "SMMU_CR0", SMMUV3_KIND_REG, 0x20, 1, SMMUV3_CR0_FIELD_COUNT, f_cr0 },
        { "SMMU_CR1", SMMUV3_KIND_REG, 0x28, 1, SMMUV3_CR1_FIELD_COUNT, f_cr1 },
        { "SMMU_CR2", SMMUV3_KIND_REG, 0x2C, 1, SMMUV3_CR2_FIELD_COUNT, f_cr2 },
        { "SMMU_GBPA", SMMUV3_KIND_REG, 0x44, 1, SMMUV3_GBPA_FIELD_COUNT, f_gbpa },
        { "SMMU_IRQ_CTRL", SMMUV3_KIND_REG, 0x50, 1, SMMUV3_IRQ_CTRL_FIELD_COUNT, f_irq_ctrl },
        { "SMMU_GERROR", SMMUV3_KIND_REG, 0x60, 1, SMMUV3_GERROR_FIELD_COUNT, f_gerror },
        { "SMMU_GERROR_IRQ_CFG0", SMMUV3_KIND_REG, 0x68, 1, SMMUV3_GERROR_IRQ_CFG0_FIELD_COUNT, f_gerror_irq_cfg0 },
        { "SMMU_GERROR_IRQ_CFG1", SMMUV3_KIND_REG, 0x70, 1, SMMUV3_GERROR_IRQ_CFG1_FIELD_COUNT, f_gerror_irq_cfg1 },
        { "SMMU_GERROR_IRQ_CFG2", SMMUV3_KIND_REG, 0x74, 1, SMMUV3_GERROR_IRQ_CFG2_FIELD_COUNT, f_gerror_irq_cfg2 },
        { "SMMU_STRTAB_BASE", SMMUV3_KIND_REG, 0x80, 1, SMMUV3_STRTAB_BASE_FIELD_COUNT, f_strtab_base },
        { "SMMU_STRTAB_BASE_CFG", SMMUV3_KIND_REG, 0x88, 1, SMMUV3_STRTAB_BASE_CFG_FIELD_COUNT, f_strtab_base_cfg },
        { "SMMU_CMDQ_BASE", SMMUV3_KIND_REG, 0x90, 1, SMMUV3_CMDQ_BASE_FIELD_COUNT, f_cmdq_base },
        { "SMMU_CMDQ_PROD", SMMUV3_KIND_REG, 0x98, 1, SMMUV3_CMDQ_PROD_FIELD_COUNT, f_cmdq_prod },
        { "SMMU_CMDQ_CONS", SMMUV3_KIND_REG, 0x9C, 1, SMMUV3_CMDQ_CONS_FIELD_COUNT, f_cmdq_cons },
        { "SMMU_EVENTQ_BASE", SMMUV3_KIND_REG, 0xA0, 1, SMMUV3_EVENTQ_BASE_FIELD_COUNT, f_eventq_base },
        { "SMMU_EVENTQ_PROD", SMMUV3_KIND_REG, 0x100A8, 1, SMMUV3_EVENTQ_PROD_FIELD_COUNT, f_eventq_prod },
        { "SMMU_EVENTQ_CONS", SMMUV3_KIND_REG, 0x100AC, 1, SMMUV3_EVENTQ_CONS_FIELD_COUNT, f_eventq_cons },
        { "SMMU_PRIQ_BASE", SMMUV3_KIND_REG, 0xC0, 1, SMMUV3_PRIQ_BASE_FIELD_COUNT, f_priq_base },
        { "SMMU_PRIQ_PROD", SMMUV3_KIND_REG, 0x100C8, 1, SMMUV3_PRIQ_PROD_FIELD_COUNT, f_priq_prod },
        { "SMMU_PRIQ_CONS", SMMUV3_KIND_REG, 0x100CC, 1, SMMUV3_PRIQ_CONS_FIELD_COUNT, f_priq_cons },
        { "SMMU_AIDR", SMMUV3_KIND_REG, 0x1C, 1, SMMUV3_AIDR_FIELD_COUNT, f_aidr },
        { "SMMU_CR0ACK", SMMUV3_KIND_REG, 0x24, 1, SMMUV3_CR0ACK_FIELD_COUNT, f_cr0ack },
        { "SMMU_IRQ_CTRLACK", SMMUV3_KIND_REG, 0x54, 1, SMMUV3_IRQ_CTRLACK_FIELD_COUNT, f_irq_ctrlack },
        { "SMMU_GERRORN", SMMUV3_KIND_REG, 0x64, 1, SMMUV3_GERRORN_FIELD_COUNT, f_gerrorn },
        { "SMMU_EVENTQ_IRQ_CFG0", SMMUV3_KIND_REG, 0xB0, 1, SMMUV3_EVENTQ_IRQ_CFG0_FIELD_COUNT, f_eventq_irq_cfg0 },
        { "SMMU_EVENTQ_IRQ_CFG1", SMMUV3_KIND_REG, 0xB8, 1, SMMUV3_EVENTQ_IRQ_CFG1_FIELD_COUNT, f_eventq_irq_cfg1 },
        { "SMMU_EVENTQ_IRQ_CFG2", SMMUV3_KIND_REG, 0xBC, 1, SMMUV3_EVENTQ_IRQ_CFG2_FIELD_COUNT, f_eventq_irq_cfg2 },
        { "SMMU_PRIQ_IRQ_CFG0", SMMUV3_KIND_REG, 0xD0, 1, SMMUV3_PRIQ_IRQ_CFG0_FIELD_COUNT, f_priq_irq_cfg0 },
        { "SMMU_PRIQ_IRQ_CFG1", SMMUV3_KIND_REG, 0xD8, 1, SMMUV3_PRIQ_IRQ_CFG1_FIELD_COUNT, f_priq_irq_cfg1 },
        { "SMMU_PRIQ_IRQ_CFG2", SMMUV3_KIND_REG, 0xDC, 1, SMMUV3_PRIQ_IRQ_CFG2_FIELD_COUNT, f_priq_irq_cfg2 },
        { "SMMU_IDR2", SMMUV3_KIND_REG, 0x8, 1, SMMUV3_IDR2_FIELD_COUNT, f_idr2 },
        { "SMMU_IDR4", SMMUV3_KIND_REG, 0x10, 1, SMMUV3_IDR4_FIELD_COUNT, f_idr4 },
        { "SMMU_STATUSR", SMMUV3_KIND_REG, 0x40, 1, SMMUV3_STATUSR_FIELD_COUNT, f_statusr },
        { "SMMU_AGBPA", SMMUV3_KIND_REG, 0x48, 1, SMMUV3_AGBPA_FIELD_COUNT, f_agbpa },
        { "SMMU_GATOS_CTRL", SMMUV3_KIND_REG, 0x100, 1, SMMUV3_GATOS_CTRL_FIELD_COUNT, f_gatos_ctrl },
        { "SMMU_GATOS_SID", SMMUV3_KIND_REG, 0x108, 1, SMMUV3_GATOS_SID_FIELD_COUNT, f_gatos_sid },
        { "SMMU_GATOS_ADDR", SMMUV3_KIND_REG, 0x110, 1, SMMUV3_GATOS_ADDR_FIELD_COUNT, f_gatos_addr },
        { "SMMU_GATOS_PAR", SMMUV3_KIND_REG, 0x118, 1, SMMUV3_GATOS_PAR_FIELD_COUNT, f_gatos_par },
        { "SMMU_MPAMIDR", SMMUV3_KIND_REG, 0x130, 1, SMMUV3_MPAMIDR_FIELD_COUNT, f_mpamidr },
        { "SMMU_GMPAM", SMMUV3_KIND_REG, 0x138, 1, SMMUV3_GMPAM_FIELD_COUNT, f_gmpam },
        { "SMMU_GBPMPAM", SMMUV3_KIND_REG, 0x13C, 1, SMMUV3_GBPMPAM_FIELD_COUNT, f_gbpmpam },
    };
    return table;
}

#endif /* SMMUV3_REGS_H */
