#ifndef SMMUV3_CD_H
#define SMMUV3_CD_H

#include "field.h"
#include "types.h"

/* CD layout, transcribed from IHI 0070 G.b (spec digest). Field names are the spec's. */

/* Context Descriptor (IHI 0070 5.4), 8 words: name, word, hi, lo (inclusive, within the word), flags, description. */
#define SMMUV3_CD_FIELDS(X) \
    X(CD, T0SZ, "T0SZ", 0, 5, 0, 0, "VA size for TTB0 (TCR.T0SZ)") \
    X(CD, TG0, "TG0", 0, 7, 6, 0, "TTB0 granule") \
    X(CD, IR0, "IR0", 0, 9, 8, 0, "inner cacheability of TTB0 walks") \
    X(CD, OR0, "OR0", 0, 11, 10, 0, "outer cacheability of TTB0 walks") \
    X(CD, SH0, "SH0", 0, 13, 12, 0, "shareability of TTB0 walks") \
    X(CD, EPD0, "EPD0", 0, 14, 14, 0, "disable TTB0 walks (miss -> F_TRANSLATION)") \
    X(CD, ENDI, "ENDI", 0, 15, 15, 0, "table endianness") \
    X(CD, T1SZ, "T1SZ", 0, 21, 16, 0, "VA size for TTB1") \
    X(CD, TG1, "TG1", 0, 23, 22, 0, "TTB1 granule (TCR.TG1 encoding, differs from TG0)") \
    X(CD, IR1, "IR1", 0, 25, 24, 0, "inner cacheability of TTB1 walks") \
    X(CD, OR1, "OR1", 0, 27, 26, 0, "outer cacheability of TTB1 walks") \
    X(CD, SH1, "SH1", 0, 29, 28, 0, "shareability of TTB1 walks") \
    X(CD, EPD1, "EPD1", 0, 30, 30, 0, "disable TTB1 walks") \
    X(CD, V, "V", 0, 31, 31, 0, "CD valid") \
    X(CD, IPS, "IPS", 0, 34, 32, 0, "intermediate physical (output) size, capped to OAS") \
    X(CD, AFFD, "AFFD", 0, 35, 35, 0, "stage-1 access-flag fault disable") \
    X(CD, WXN, "WXN", 0, 36, 36, 0, "write implies execute-never") \
    X(CD, UWXN, "UWXN", 0, 37, 37, 0, "unprivileged-writable implies privileged XN (VMSAv8-32 only)") \
    X(CD, TBI0, "TBI0", 0, 38, 38, 0, "top-byte ignore for TTB0") \
    X(CD, TBI1, "TBI1", 0, 39, 39, 0, "top-byte ignore for TTB1") \
    X(CD, PAN, "PAN", 0, 40, 40, 0, "privileged access never") \
    X(CD, AA64, "AA64", 0, 41, 41, 0, "stage-1 table format") \
    X(CD, HD, "HD", 0, 42, 42, 0, "HTTU dirty-state update") \
    X(CD, HA, "HA", 0, 43, 43, 0, "HTTU access-flag update") \
    X(CD, S, "S", 0, 44, 44, 0, "stage-1 fault stall") \
    X(CD, R, "R", 0, 45, 45, 0, "stage-1 fault record") \
    X(CD, A, "A", 0, 46, 46, 0, "abort on termination") \
    X(CD, ASET, "ASET", 0, 47, 47, 0, "ASID set") \
    X(CD, ASID, "ASID", 0, 63, 48, 0, "address space ID") \
    X(CD, NSCFG0, "NSCFG0", 1, 0, 0, 0, "Secure CD: NS attribute of starting-level TTB0 fetch") \
    X(CD, HAD0, "HAD0", 1, 1, 1, 0, "hierarchical attribute disable for TTB0 (DisCH0 when IDR5.D128=1)") \
    X(CD, DISCH0, "DisCH0", 1, 1, 1, SMMUV3_FIELD_ALIAS, "disable contiguous hint for TTB0 (VMSAv9-128; alias of HAD0)") \
    X(CD, E0PD0, "E0PD0", 1, 2, 2, 0, "fault unprivileged access via TTB0") \
    X(CD, HAFT, "HAFT", 1, 3, 3, 0, "hardware AF update in table descriptors") \
    X(CD, TTB0, "TTB0", 1, 55, 4, SMMUV3_FIELD_ADDRESS, "TTB0 base address bits [55:4] (bits [55:52] only with VMSAv9-128)") \
    X(CD, PNCH, "PnCH", 1, 58, 58, 0, "protected attribute enable") \
    X(CD, EPAN, "EPAN", 1, 59, 59, 0, "enhanced PAN") \
    X(CD, HWU059, "HWU059", 1, 60, 60, 0, "PBHA bit 59 for TTB0 leaves") \
    X(CD, HWU060, "HWU060", 1, 61, 61, 0, "PBHA bit 60 for TTB0 leaves") \
    X(CD, HWU061, "HWU061", 1, 62, 62, 0, "PBHA bit 61 for TTB0 leaves") \
    X(CD, SKL0, "SKL0", 1, 63, 62, SMMUV3_FIELD_ALIAS, "skip level for TTB0 (VMSAv9-128, IDR5.D128; alias of HWU061/62)") \
    X(CD, HWU062, "HWU062", 1, 63, 63, 0, "PBHA bit 62 for TTB0 leaves") \
    X(CD, NSCFG1, "NSCFG1", 2, 0, 0, 0, "Secure CD: NS attribute of starting-level TTB1 fetch") \
    X(CD, HAD1, "HAD1", 2, 1, 1, 0, "hierarchical attribute disable for TTB1 (DisCH1 when D128)") \
    X(CD, DISCH1, "DisCH1", 2, 1, 1, SMMUV3_FIELD_ALIAS, "disable contiguous hint for TTB1 (VMSAv9-128; alias of HAD1)") \
    X(CD, E0PD1, "E0PD1", 2, 2, 2, 0, "fault unprivileged access via TTB1") \
    X(CD, AIE, "AIE", 2, 3, 3, 0, "attribute index extension (4-bit AttrIndx)") \
    X(CD, TTB1, "TTB1", 2, 55, 4, SMMUV3_FIELD_ADDRESS, "TTB1 base address bits [55:4] (bits [55:52] only with VMSAv9-128)") \
    X(CD, DS, "DS", 2, 58, 58, 0, "52-bit addressing with 4K/16K granules (TCR.DS)") \
    X(CD, PIE, "PIE", 2, 59, 59, 0, "stage-1 permission indirection") \
    X(CD, HWU159, "HWU159", 2, 60, 60, 0, "PBHA bit 59 for TTB1 leaves") \
    X(CD, HWU160, "HWU160", 2, 61, 61, 0, "PBHA bit 60 for TTB1 leaves") \
    X(CD, HWU161, "HWU161", 2, 62, 62, 0, "PBHA bit 61 for TTB1 leaves") \
    X(CD, SKL1, "SKL1", 2, 63, 62, SMMUV3_FIELD_ALIAS, "skip level for TTB1 (VMSAv9-128, IDR5.D128; alias of HWU161/62)") \
    X(CD, HWU162, "HWU162", 2, 63, 63, 0, "PBHA bit 62 for TTB1 leaves") \
    X(CD, MAIR0, "MAIR0", 3, 31, 0, 0, "MAIR bits [31:0] (attr 0..3)") \
    X(CD, MAIR1, "MAIR1", 3, 63, 32, 0, "MAIR bits [63:32] (attr 4..7)") \
    X(CD, AMAIR0, "AMAIR0", 4, 31, 0, 0, "auxiliary MAIR low (IMPDEF; set 0)") \
    X(CD, AMAIR1, "AMAIR1", 4, 63, 32, 0, "auxiliary MAIR high") \
    X(CD, IMPDEF_320, "IMPDEF_320", 5, 31, 0, 0, "implementation defined") \
    X(CD, PARTID, "PARTID", 5, 47, 32, 0, "MPAM PARTID (if STE.S1MPAM)") \
    X(CD, PMG, "PMG", 5, 55, 48, 0, "MPAM PMG") \
    X(CD, PIIU0, "PIIU0", 6, 2, 0, 0, "unprivileged permission interpretation 0") \
    X(CD, PIIU1, "PIIU1", 6, 5, 3, 0, "unprivileged permission interpretation 1") \
    X(CD, PIIU2, "PIIU2", 6, 8, 6, 0, "unprivileged permission interpretation 2") \
    X(CD, PIIU3, "PIIU3", 6, 11, 9, 0, "unprivileged permission interpretation 3") \
    X(CD, PIIU4, "PIIU4", 6, 14, 12, 0, "unprivileged permission interpretation 4") \
    X(CD, PIIU5, "PIIU5", 6, 17, 15, 0, "unprivileged permission interpretation 5") \
    X(CD, PIIU6, "PIIU6", 6, 20, 18, 0, "unprivileged permission interpretation 6") \
    X(CD, PIIU7, "PIIU7", 6, 23, 21, 0, "unprivileged permission interpretation 7") \
    X(CD, PIIU8, "PIIU8", 6, 26, 24, 0, "unprivileged permission interpretation 8") \
    X(CD, PIIU9, "PIIU9", 6, 29, 27, 0, "unprivileged permission interpretation 9") \
    X(CD, PIIU10, "PIIU10", 6, 32, 30, 0, "unprivileged permission interpretation 10") \
    X(CD, PIIU11, "PIIU11", 6, 35, 33, 0, "unprivileged permission interpretation 11") \
    X(CD, PIIU12, "PIIU12", 6, 38, 36, 0, "unprivileged permission interpretation 12") \
    X(CD, PIIU13, "PIIU13", 6, 41, 39, 0, "unprivileged permission interpretation 13") \
    X(CD, PIIU14, "PIIU14", 6, 44, 42, 0, "unprivileged permission interpretation 14") \
    X(CD, PIIU15, "PIIU15", 6, 47, 45, 0, "unprivileged permission interpretation 15") \
    X(CD, PIIP0, "PIIP0", 7, 2, 0, 0, "privileged permission interpretation 0") \
    X(CD, PIIP1, "PIIP1", 7, 5, 3, 0, "privileged permission interpretation 1") \
    X(CD, PIIP2, "PIIP2", 7, 8, 6, 0, "privileged permission interpretation 2") \
    X(CD, PIIP3, "PIIP3", 7, 11, 9, 0, "privileged permission interpretation 3") \
    X(CD, PIIP4, "PIIP4", 7, 14, 12, 0, "privileged permission interpretation 4") \
    X(CD, PIIP5, "PIIP5", 7, 17, 15, 0, "privileged permission interpretation 5") \
    X(CD, PIIP6, "PIIP6", 7, 20, 18, 0, "privileged permission interpretation 6") \
    X(CD, PIIP7, "PIIP7", 7, 23, 21, 0, "privileged permission interpretation 7") \
    X(CD, PIIP8, "PIIP8", 7, 26, 24, 0, "privileged permission interpretation 8") \
    X(CD, PIIP9, "PIIP9", 7, 29, 27, 0, "privileged permission interpretation 9") \
    X(CD, PIIP10, "PIIP10", 7, 32, 30, 0, "privileged permission interpretation 10") \
    X(CD, PIIP11, "PIIP11", 7, 35, 33, 0, "privileged permission interpretation 11") \
    X(CD, PIIP12, "PIIP12", 7, 38, 36, 0, "privileged permission interpretation 12") \
    X(CD, PIIP13, "PIIP13", 7, 41, 39, 0, "privileged permission interpretation 13") \
    X(CD, PIIP14, "PIIP14", 7, 44, 42, 0, "privileged permission interpretation 14") \
    X(CD, PIIP15, "PIIP15", 7, 47, 45, 0, "privileged permission interpretation 15") \
    /* end */

/** Field indices: SMMUV3_CD_<FIELD>. */
typedef enum smmuv3_cd_field {
    SMMUV3_CD_FIELDS(SMMUV3_FIELD_INDEX)
    SMMUV3_CD_FIELD_COUNT
} smmuv3_cd_field;

/** Compile-time positions: SMMUV3_CD_<FIELD>_WORD / _HI / _LO. */
enum { SMMUV3_CD_FIELDS(SMMUV3_FIELD_CONSTS) };

/** The CD layout: the one field table both C and Swift read. */
static inline const smmuv3_layout *smmuv3_cd_layout(void)
{
    static const smmuv3_field fields[] = { SMMUV3_CD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout layout = { "CD", SMMUV3_KIND_CD, 0, 8, SMMUV3_CD_FIELD_COUNT, fields };
    return &layout;
}

static inline const smmuv3_field *smmuv3_cd_fields(void)
{
    return smmuv3_cd_layout()->fields;
}

static inline uint64_t smmuv3_cd_get(const smmuv3_cd *d, smmuv3_cd_field f)
{
    return smmuv3_field_get(d->qw, &smmuv3_cd_fields()[f]);
}

/** Checked store: SMMUV3_ERANGE / SMMUV3_EALIGN leave the descriptor untouched. */
static inline smmuv3_status smmuv3_cd_set(smmuv3_cd *d, smmuv3_cd_field f, uint64_t value)
{
    if ((unsigned)f >= (unsigned)SMMUV3_CD_FIELD_COUNT)
        return SMMUV3_EINVAL;
    return smmuv3_field_set(d->qw, &smmuv3_cd_fields()[f], value);
}

#endif /* SMMUV3_CD_H */
