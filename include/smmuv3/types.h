/*
 * smmuv3/types.h - the in-memory descriptors as plain arrays of 64-bit words.
 *
 * Plain structs on purpose: a struct declared with 64-byte alignment is not
 * imported into Swift, and C bit-fields follow the ABI, not the spec. The
 * canonical layout is shift/mask on little-endian 64-bit words (field.h).
 * Alignment comes from the allocator (posix_memalign), never from the type.
 */
#ifndef SMMUV3_TYPES_H
#define SMMUV3_TYPES_H

#include <stdint.h>

/** Stream Table Entry: 64 bytes (IHI 0070 5.2). */
typedef struct smmuv3_ste { uint64_t qw[8]; } smmuv3_ste;
/** Context Descriptor: 64 bytes (IHI 0070 5.4). */
typedef struct smmuv3_cd { uint64_t qw[8]; } smmuv3_cd;
/** Level-1 Stream Table Descriptor: 8 bytes (IHI 0070 5.1). */
typedef struct smmuv3_l1std { uint64_t qw[1]; } smmuv3_l1std;
/** Level-1 Context Descriptor: 8 bytes (IHI 0070 5.3). */
typedef struct smmuv3_l1cd { uint64_t qw[1]; } smmuv3_l1cd;
/** Command-queue entry: 16 bytes (IHI 0070 4.1). */
typedef struct smmuv3_cmd { uint64_t qw[2]; } smmuv3_cmd;
/** Event record: 32 bytes (IHI 0070 7.3). */
typedef struct smmuv3_evt { uint64_t qw[4]; } smmuv3_evt;

_Static_assert(sizeof(smmuv3_ste) == 64, "STE is 64 bytes (IHI 0070 5.2)");
_Static_assert(sizeof(smmuv3_cd) == 64, "CD is 64 bytes (IHI 0070 5.4)");
_Static_assert(sizeof(smmuv3_l1std) == 8, "L1STD is 8 bytes (IHI 0070 5.1)");
_Static_assert(sizeof(smmuv3_l1cd) == 8, "L1CD is 8 bytes (IHI 0070 5.3)");
_Static_assert(sizeof(smmuv3_cmd) == 16, "a command is 16 bytes (IHI 0070 4.1)");
_Static_assert(sizeof(smmuv3_evt) == 32, "an event record is 32 bytes (IHI 0070 7.3)");

#endif /* SMMUV3_TYPES_H */
