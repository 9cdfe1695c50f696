/*
 * smmuv3/field.h - the field model shared by every descriptor layout.
 *
 * A descriptor is an array of little-endian 64-bit words (IHI 0070 3.x: "each
 * 64-bit word is read single-copy atomically"). A field is an inclusive bit
 * range [hi:lo] inside one word. Address fields hold address bits in place:
 * bits [hi:lo] of the word are bits [hi:lo] of the byte address and the low
 * lo bits of the address are implied zero (e.g. STE.S1ContextPtr [55:6]).
 */
#ifndef SMMUV3_FIELD_H
#define SMMUV3_FIELD_H

#include <stddef.h>
#include <stdint.h>

/** Field flag: the field stores address bits [hi:lo] in place. Values are byte addresses. */
#define SMMUV3_FIELD_ADDRESS 1u
/**
 * Field flag: another name for bits another field of the layout holds, whose meaning
 * depends on a feature (e.g. CD.SKL0 = HWU061/HWU062 when SMMU_IDR5.D128=1).
 */
#define SMMUV3_FIELD_ALIAS 2u

/** One field of a layout: name as the spec spells it, word index, bit range, flags. */
typedef struct smmuv3_field {
    const char *name;
    const char *desc;
    uint8_t word;
    uint8_t hi;
    uint8_t lo;
    uint8_t flags;
} smmuv3_field;

/** The kinds of layout this library knows. */
typedef enum smmuv3_kind {
    SMMUV3_KIND_STE = 0,   /* Stream Table Entry, 8 words (5.2) */
    SMMUV3_KIND_CD = 1,    /* Context Descriptor, 8 words (5.4) */
    SMMUV3_KIND_L1STD = 2, /* Level-1 Stream Table Descriptor, 1 word (5.1) */
    SMMUV3_KIND_L1CD = 3,  /* Level-1 CD table descriptor, 1 word (5.3) */
    SMMUV3_KIND_CMD = 4,   /* command-queue entry, 2 words (4.x) */
    SMMUV3_KIND_EVT = 5,   /* event record, 4 words (7.3) */
    SMMUV3_KIND_REG = 6    /* a register, 1 word (6.3) */
} smmuv3_kind;

/**
 * A layout: the fields of one descriptor kind, or of one command (code =
 * opcode), one event record (code = event number) or one register (code =
 * offset from the SMMU base; page 1 registers at 0x10000 + offset).
 */
typedef struct smmuv3_layout {
    const char *name;
    smmuv3_kind kind;
    uint32_t code;
    uint8_t words;
    uint16_t count;
    const smmuv3_field *fields;
} smmuv3_layout;

/** Result of a checked field store. */
typedef enum smmuv3_status {
    SMMUV3_OK = 0,
    SMMUV3_ERANGE = 1, /* value wider than the field (or address above bit hi) */
    SMMUV3_EALIGN = 2, /* address field: the low lo bits of the address are not zero */
    SMMUV3_EINVAL = 3  /* bad argument (NULL, unknown field index) */
} smmuv3_status;

static inline unsigned smmuv3_field_width(const smmuv3_field *f)
{
    return (unsigned)f->hi - (unsigned)f->lo + 1u;
}

/** Mask of the field's bits within its word. */
static inline uint64_t smmuv3_field_mask(const smmuv3_field *f)
{
    unsigned w = smmuv3_field_width(f);
    uint64_t ones = (w >= 64u) ? ~(uint64_t)0 : (((uint64_t)1 << w) - 1u);
    return ones << f->lo;
}

/** Largest value the field accepts (for an address field, the highest address it can hold). */
static inline uint64_t smmuv3_field_max(const smmuv3_field *f)
{
    uint64_t m = smmuv3_field_mask(f);
    return (f->flags & SMMUV3_FIELD_ADDRESS) ? m : (m >> f->lo);
}

/** Read a field. Address fields return the byte address (low bits zero). */
static inline uint64_t smmuv3_field_get(const uint64_t *qw, const smmuv3_field *f)
{
    uint64_t bits = qw[f->word] & smmuv3_field_mask(f);
    return (f->flags & SMMUV3_FIELD_ADDRESS) ? bits : (bits >> f->lo);
}

/** Check that value can be stored in the field without loss. */
static inline smmuv3_status smmuv3_field_check(const smmuv3_field *f, uint64_t value)
{
    if (f->flags & SMMUV3_FIELD_ADDRESS) {
        uint64_t low = (f->lo == 0u) ? 0u : (((uint64_t)1 << f->lo) - 1u);
        if (value & low)
            return SMMUV3_EALIGN;
        if (value & ~smmuv3_field_mask(f))
            return SMMUV3_ERANGE;
        return SMMUV3_OK;
    }
    return (value > smmuv3_field_max(f)) ? SMMUV3_ERANGE : SMMUV3_OK;
}

/** Store a field; on any error the words are left untouched. */
static inline smmuv3_status smmuv3_field_set(uint64_t *qw, const smmuv3_field *f, uint64_t value)
{
    smmuv3_status st = smmuv3_field_check(f, value);
    if (st != SMMUV3_OK)
        return st;
    uint64_t m = smmuv3_field_mask(f);
    uint64_t bits = (f->flags & SMMUV3_FIELD_ADDRESS) ? value : (value << f->lo);
    qw[f->word] = (qw[f->word] & ~m) | (bits & m);
    return SMMUV3_OK;
}

/* Helpers the generated tables expand with. */
#define SMMUV3_FIELD_ENTRY(K, ID, NAME, W, HI, LO, FL, DESC) { NAME, DESC, W, HI, LO, FL },
#define SMMUV3_FIELD_INDEX(K, ID, NAME, W, HI, LO, FL, DESC) SMMUV3_##K##_##ID,
#define SMMUV3_FIELD_CONSTS(K, ID, NAME, W, HI, LO, FL, DESC) \
    SMMUV3_##K##_##ID##_WORD = W, SMMUV3_##K##_##ID##_HI = HI, SMMUV3_##K##_##ID##_LO = LO,
#define SMMUV3_FIELD_COUNT1(K, ID, NAME, W, HI, LO, FL, DESC) +1

#endif /* SMMUV3_FIELD_H */
