#ifndef SMMUV3_STE_H
#define SMMUV3_STE_H

#include "field.h"
#include "types.h"

/* STE layout, transcribed from IHI 0070 G.b (spec digest). Field names are the spec's. */

/* Stream Table Entry (IHI 0070 5.2), 8 words: name, word, hi, lo (inclusive, within the word), flags, description. */
#define SMMUV3_STE_FIELDS(X) \
    X(STE, V, "V", 0, 0, 0, 0, "STE valid") \
    X(STE, CONFIG, "Config", 0, 3, 1, 0, "stream configuration") \
    X(STE, S1FMT, "S1Fmt", 0, 5, 4, 0, "stage-1 context (CD) table format; ignored if S1CDMax==0") \
    X(STE, S1CONTEXTPTR, "S1ContextPtr", 0, 55, 6, SMMUV3_FIELD_ADDRESS, "address of CD, linear CD table or L1CD table") \
    X(STE, S1CDMAX, "S1CDMax", 0, 63, 59, 0, "log2(number of CDs)") \
    X(STE, S1DSS, "S1DSS", 1, 1, 0, 0, "default substream: behaviour for traffic without SSID when S1CDMax>0") \
    X(STE, S1CIR, "S1CIR", 1, 3, 2, 0, "inner cacheability for CD/L1CD fetches via S1ContextPtr") \
    X(STE, S1COR, "S1COR", 1, 5, 4, 0, "outer cacheability for CD/L1CD fetches") \
    X(STE, S1CSH, "S1CSH", 1, 7, 6, 0, "shareability for CD/L1CD fetches") \
    X(STE, S2HWU59, "S2HWU59", 1, 8, 8, 0, "stage-2 PBHA: descriptor bit 59 has IMPDEF hardware use") \
    X(STE, S2HWU60, "S2HWU60", 1, 9, 9, 0, "as S2HWU59 for bit 60") \
    X(STE, S2HWU61, "S2HWU61", 1, 10, 10, 0, "as S2HWU59 for bit 61") \
    X(STE, S2HWU62, "S2HWU62", 1, 11, 11, 0, "as S2HWU59 for bit 62") \
    X(STE, DRE, "DRE", 1, 12, 12, 0, "destructive read enable (v3.1+)") \
    X(STE, CONT, "CONT", 1, 16, 13, 0, "contiguous hint: STE identical across 2^CONT aligned StreamIDs") \
    X(STE, DCP, "DCP", 1, 17, 17, 0, "directed cache prefetch enable (v3.1+)") \
    X(STE, PPAR, "PPAR", 1, 18, 18, 0, "PRI page-request auto-responses carry PASID prefix") \
    X(STE, MEV, "MEV", 1, 19, 19, 0, "merge events from this stream") \
    X(STE, SW_RESERVED, "SW_RESERVED", 1, 23, 20, 0, "ignored by SMMU, software use") \
    X(STE, S1PIE, "S1PIE", 1, 24, 24, 0, "CDs may enable stage-1 permission indirection (IDR3.S1PI)") \
    X(STE, S2FWB, "S2FWB", 1, 25, 25, 0, "stage-2 forced write-back attribute control (v3.2+, IDR3.FWB)") \
    X(STE, S1MPAM, "S1MPAM", 1, 26, 26, 0, "MPAM PARTID/PMG taken from CD instead of STE (v3.2+)") \
    X(STE, S1STALLD, "S1STALLD", 1, 27, 27, 0, "stage-1 stall disable") \
    X(STE, EATS, "EATS", 1, 29, 28, 0, "PCIe ATS enable") \
    X(STE, STRW, "STRW", 1, 31, 30, 0, "StreamWorld (translation regime) when stage 1 only") \
    X(STE, MEMATTR, "MemAttr", 1, 35, 32, 0, "memory type override") \
    X(STE, MTCFG, "MTCFG", 1, 36, 36, 0, "memory-type override enable") \
    X(STE, ALLOCCFG, "ALLOCCFG", 1, 40, 37, 0, "allocation hint override: 0b0xxx use incoming") \
    X(STE, SHCFG, "SHCFG", 1, 45, 44, 0, "shareability override") \
    X(STE, NSCFG, "NSCFG", 1, 47, 46, 0, "NS attribute override (Secure/Realm streams only; ignored in NS table)") \
    X(STE, PRIVCFG, "PRIVCFG", 1, 49, 48, 0, "privilege attribute override") \
    X(STE, INSTCFG, "INSTCFG", 1, 51, 50, 0, "instruction/data attribute override (reads only)") \
    X(STE, IMPDEF_116, "IMPDEF_116", 1, 63, 52, 0, "implementation defined") \
    X(STE, S2VMID, "S2VMID", 2, 15, 0, 0, "VMID tag") \
    X(STE, IMPDEF_144, "IMPDEF_144", 2, 31, 16, 0, "implementation defined") \
    X(STE, S2T0SZ, "S2T0SZ", 2, 37, 32, 0, "stage-2 input size (VTCR_EL2.T0SZ)") \
    X(STE, S2SL0, "S2SL0", 2, 39, 38, 0, "stage-2 start level (VTCR_EL2.SL0 encoding; with S2SL0_2 for DS)") \
    X(STE, S2IR0, "S2IR0", 2, 41, 40, 0, "inner cacheability of stage-2 table walks") \
    X(STE, S2OR0, "S2OR0", 2, 43, 42, 0, "outer cacheability of stage-2 table walks") \
    X(STE, S2SH0, "S2SH0", 2, 45, 44, 0, "shareability of stage-2 table walks") \
    X(STE, S2TG, "S2TG", 2, 47, 46, 0, "stage-2 granule") \
    X(STE, S2PS, "S2PS", 2, 50, 48, 0, "stage-2 output (PA) size, capped to IDR5.OAS") \
    X(STE, S2AA64, "S2AA64", 2, 51, 51, 0, "stage-2 table format") \
    X(STE, S2ENDI, "S2ENDI", 2, 52, 52, 0, "stage-2 table endianness") \
    X(STE, S2AFFD, "S2AFFD", 2, 53, 53, 0, "stage-2 access-flag fault disable") \
    X(STE, S2PTW, "S2PTW", 2, 54, 54, 0, "protected table walk: S1 walks/CD fetches to S2 Device memory fault") \
    X(STE, S2HD, "S2HD", 2, 55, 55, 0, "stage-2 HTTU dirty-state update") \
    X(STE, S2HA, "S2HA", 2, 56, 56, 0, "stage-2 HTTU access-flag update") \
    X(STE, S2S, "S2S", 2, 57, 57, 0, "stage-2 fault stall (S bit)") \
    X(STE, S2R, "S2R", 2, 58, 58, 0, "stage-2 fault record (R bit)") \
    X(STE, S2HAFT, "S2HAFT", 2, 59, 59, 0, "stage-2 hardware AF update in table descriptors (IDR0.HTTU==0b11)") \
    X(STE, S2PIE, "S2PIE", 2, 60, 60, 0, "stage-2 permission indirection") \
    X(STE, S2POE, "S2POE", 2, 61, 61, 0, "stage-2 permission overlay enable") \
    X(STE, DPT_VMATCH, "DPT_VMATCH", 2, 63, 62, 0, "VMID matching rule for DPT checks (EATS=0b11)") \
    X(STE, S2NSW, "S2NSW", 3, 0, 0, 0, "Secure STE: NS bit for walks via S2TTB") \
    X(STE, S2NSA, "S2NSA", 3, 1, 1, 0, "Secure STE: NS output for NS-IPA stage-2 translations") \
    X(STE, S2SL0_2, "S2SL0_2", 3, 2, 2, 0, "bit 2 of S2SL0 (IDR5.DS)") \
    X(STE, S2DS, "S2DS", 3, 3, 3, 0, "52-bit with 4K/16K granules (VTCR_EL2.DS)") \
    X(STE, S2TTB, "S2TTB", 3, 55, 4, SMMUV3_FIELD_ADDRESS, "stage-2 table base address bits [55:4]") \
    X(STE, S2SKL, "S2SKL", 3, 62, 61, 0, "stage-2 skip level (VMSAv9-128 only)") \
    X(STE, IMPDEF_256, "IMPDEF_256", 4, 15, 0, 0, "implementation defined") \
    X(STE, PARTID, "PARTID", 4, 31, 16, 0, "MPAM PARTID (v3.2+)") \
    X(STE, S_S2T0SZ, "S_S2T0SZ", 4, 37, 32, 0, "Secure stage-2 T0SZ (for S_S2TTB)") \
    X(STE, S_S2SL0, "S_S2SL0", 4, 39, 38, 0, "Secure stage-2 SL0") \
    X(STE, S_S2TG, "S_S2TG", 4, 47, 46, 0, "Secure stage-2 granule (encoding as S2TG)") \
    X(STE, MECID, "MECID", 4, 63, 48, 0, "MECID (Realm STEs, RME)") \
    X(STE, PMG, "PMG", 5, 7, 0, 0, "MPAM PMG") \
    X(STE, MPAM_NS, "MPAM_NS", 5, 8, 8, 0, "MPAM PARTID space NS (Secure/Realm STE)") \
    X(STE, ASSUREDONLY, "AssuredOnly", 5, 9, 9, 0, "stage-2 AssuredOnly checks (IDR3.THE)") \
    X(STE, TL0, "TL0", 5, 10, 10, 0, "stage-2 TopLevel0 check") \
    X(STE, TL1, "TL1", 5, 11, 11, 0, "stage-2 TopLevel1 check") \
    X(STE, VMSPTR, "VMSPtr", 5, 55, 12, SMMUV3_FIELD_ADDRESS, "PA of Virtual Machine Structure, address bits [55:12] (v3.2+)") \
    X(STE, S2SW, "S2SW", 6, 0, 0, 0, "Secure STE: NS bit for walks via S_S2TTB") \
    X(STE, S2SA, "S2SA", 6, 1, 1, 0, "Secure STE: NS output for Secure-IPA translations") \
    X(STE, S_S2SL0_2, "S_S2SL0_2", 6, 2, 2, 0, "bit 2 of S_S2SL0") \
    X(STE, S_S2TTB, "S_S2TTB", 6, 55, 4, SMMUV3_FIELD_ADDRESS, "Secure stage-2 table base address bits [55:4]") \
    X(STE, S_S2SKL, "S_S2SKL", 6, 62, 61, 0, "Secure stage-2 skip level (VMSAv9-128)") \
    X(STE, S2POI0, "S2POI0", 7, 3, 0, 0, "stage-2 permission overlay index 0") \
    X(STE, S2POI1, "S2POI1", 7, 7, 4, 0, "stage-2 permission overlay index 1") \
    X(STE, S2POI2, "S2POI2", 7, 11, 8, 0, "stage-2 permission overlay index 2") \
    X(STE, S2POI3, "S2POI3", 7, 15, 12, 0, "stage-2 permission overlay index 3") \
    X(STE, S2POI4, "S2POI4", 7, 19, 16, 0, "stage-2 permission overlay index 4") \
    X(STE, S2POI5, "S2POI5", 7, 23, 20, 0, "stage-2 permission overlay index 5") \
    X(STE, S2POI6, "S2POI6", 7, 27, 24, 0, "stage-2 permission overlay index 6") \
    X(STE, S2POI7, "S2POI7", 7, 31, 28, 0, "stage-2 permission overlay index 7") \
    X(STE, S2POI8, "S2POI8", 7, 35, 32, 0, "stage-2 permission overlay index 8") \
    X(STE, S2POI9, "S2POI9", 7, 39, 36, 0, "stage-2 permission overlay index 9") \
    X(STE, S2POI10, "S2POI10", 7, 43, 40, 0, "stage-2 permission overlay index 10") \
    X(STE, S2POI11, "S2POI11", 7, 47, 44, 0, "stage-2 permission overlay index 11") \
    X(STE, S2POI12, "S2POI12", 7, 51, 48, 0, "stage-2 permission overlay index 12") \
    X(STE, S2POI13, "S2POI13", 7, 55, 52, 0, "stage-2 permission overlay index 13") \
    X(STE, S2POI14, "S2POI14", 7, 59, 56, 0, "stage-2 permission overlay index 14") \
    X(STE, S2POI15, "S2POI15", 7, 63, 60, 0, "stage-2 permission overlay index 15") \
    /* end */

/** Field indices: SMMUV3_STE_<FIELD>. */
typedef enum smmuv3_ste_field {
    SMMUV3_STE_FIELDS(SMMUV3_FIELD_INDEX)
    SMMUV3_STE_FIELD_COUNT
} smmuv3_ste_field;

/** Compile-time positions: SMMUV3_STE_<FIELD>_WORD / _HI / _LO. */
enum { SMMUV3_STE_FIELDS(SMMUV3_FIELD_CONSTS) };

/** The STE layout: the one field table both C and Swift read. */
static inline const smmuv3_layout *smmuv3_ste_layout(void)
{
    static const smmuv3_field fields[] = { SMMUV3_STE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout layout = { "STE", SMMUV3_KIND_STE, 0, 8, SMMUV3_STE_FIELD_COUNT, fields };
    return &layout;
}

static inline const smmuv3_field *smmuv3_ste_fields(void)
{
    return smmuv3_ste_layout()->fields;
}

static inline uint64_t smmuv3_ste_get(const smmuv3_ste *d, smmuv3_ste_field f)
{
    return smmuv3_field_get(d->qw, &smmuv3_ste_fields()[f]);
}

/** Checked store: SMMUV3_ERANGE / SMMUV3_EALIGN leave the descriptor untouched. */
static inline smmuv3_status smmuv3_ste_set(smmuv3_ste *d, smmuv3_ste_field f, uint64_t value)
{
    if ((unsigned)f >= (unsigned)SMMUV3_STE_FIELD_COUNT)
        return SMMUV3_EINVAL;
    return smmuv3_field_set(d->qw, &smmuv3_ste_fields()[f], value);
}

#endif /* SMMUV3_STE_H */
