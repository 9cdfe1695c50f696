#ifndef SMMUV3_L1_H
#define SMMUV3_L1_H

#include "field.h"
#include "types.h"

/* L1STD (5.1) and L1CD (5.3) layouts, transcribed from IHI 0070 G.b. */

/* Level-1 Stream Table Descriptor (IHI 0070 5.1), 1 word: name, word, hi, lo (inclusive, within the word), flags, description. */
#define SMMUV3_L1STD_FIELDS(X) \
    X(L1STD, SPAN, "Span", 0, 4, 0, 0, "L2 array size / validity") \
    X(L1STD, L2PTR, "L2Ptr", 0, 55, 6, SMMUV3_FIELD_ADDRESS, "PA of level-2 STE array, address bits [55:6]") \
    /* end */

/** Field indices: SMMUV3_L1STD_<FIELD>. */
typedef enum smmuv3_l1std_field {
    SMMUV3_L1STD_FIELDS(SMMUV3_FIELD_INDEX)
    SMMUV3_L1STD_FIELD_COUNT
} smmuv3_l1std_field;

/** Compile-time positions: SMMUV3_L1STD_<FIELD>_WORD / _HI / _LO. */
enum { SMMUV3_L1STD_FIELDS(SMMUV3_FIELD_CONSTS) };

/** The L1STD layout: the one field table both C and Swift read. */
static inline const smmuv3_layout *smmuv3_l1std_layout(void)
{
    static const smmuv3_field fields[] = { SMMUV3_L1STD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout layout = { "L1STD", SMMUV3_KIND_L1STD, 0, 1, SMMUV3_L1STD_FIELD_COUNT, fields };
    return &layout;
}

static inline const smmuv3_field *smmuv3_l1std_fields(void)
{
    return smmuv3_l1std_layout()->fields;
}

static inline uint64_t smmuv3_l1std_get(const smmuv3_l1std *d, smmuv3_l1std_field f)
{
    return smmuv3_field_get(d->qw, &smmuv3_l1std_fields()[f]);
}

/** Checked store: SMMUV3_ERANGE / SMMUV3_EALIGN leave the descriptor untouched. */
static inline smmuv3_status smmuv3_l1std_set(smmuv3_l1std *d, smmuv3_l1std_field f, uint64_t value)
{
    if ((unsigned)f >= (unsigned)SMMUV3_L1STD_FIELD_COUNT)
        return SMMUV3_EINVAL;
    return smmuv3_field_set(d->qw, &smmuv3_l1std_fields()[f], value);
}

/* Level-1 Context Descriptor (IHI 0070 5.3), 1 word: name, word, hi, lo (inclusive, within the word), flags, description. */
#define SMMUV3_L1CD_FIELDS(X) \
    X(L1CD, V, "V", 0, 0, 0, 0, "L2Ptr valid") \
    X(L1CD, L2PTR, "L2Ptr", 0, 55, 12, SMMUV3_FIELD_ADDRESS, "address of L2 CD table, bits [55:12]") \
    /* end */

/** Field indices: SMMUV3_L1CD_<FIELD>. */
typedef enum smmuv3_l1cd_field {
    SMMUV3_L1CD_FIELDS(SMMUV3_FIELD_INDEX)
    SMMUV3_L1CD_FIELD_COUNT
} smmuv3_l1cd_field;

/** Compile-time positions: SMMUV3_L1CD_<FIELD>_WORD / _HI / _LO. */
enum { SMMUV3_L1CD_FIELDS(SMMUV3_FIELD_CONSTS) };

/** The L1CD layout: the one field table both C and Swift read. */
static inline const smmuv3_layout *smmuv3_l1cd_layout(void)
{
    static const smmuv3_field fields[] = { SMMUV3_L1CD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout layout = { "L1CD", SMMUV3_KIND_L1CD, 0, 1, SMMUV3_L1CD_FIELD_COUNT, fields };
    return &layout;
}

static inline const smmuv3_field *smmuv3_l1cd_fields(void)
{
    return smmuv3_l1cd_layout()->fields;
}

static inline uint64_t smmuv3_l1cd_get(const smmuv3_l1cd *d, smmuv3_l1cd_field f)
{
    return smmuv3_field_get(d->qw, &smmuv3_l1cd_fields()[f]);
}

/** Checked store: SMMUV3_ERANGE / SMMUV3_EALIGN leave the descriptor untouched. */
static inline smmuv3_status smmuv3_l1cd_set(smmuv3_l1cd *d, smmuv3_l1cd_field f, uint64_t value)
{
    if ((unsigned)f >= (unsigned)SMMUV3_L1CD_FIELD_COUNT)
        return SMMUV3_EINVAL;
    return smmuv3_field_set(d->qw, &smmuv3_l1cd_fields()[f], value);
}

#endif /* SMMUV3_L1_H */
