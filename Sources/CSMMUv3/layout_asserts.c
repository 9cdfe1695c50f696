/*
 * The C target's one translation unit. The layout core is header-only; this
 * file pins the compile-time facts the Swift side relies on.
 */
#include "smmuv3/smmuv3.h"

_Static_assert(SMMUV3_STE_FIELD_COUNT < 256, "field counts fit smmuv3_layout.count");
_Static_assert(SMMUV3_STE_S1CONTEXTPTR_WORD == 0 && SMMUV3_STE_S1CONTEXTPTR_HI == 55 &&
                   SMMUV3_STE_S1CONTEXTPTR_LO == 6,
               "STE.S1ContextPtr is bits [55:6] of word 0 (IHI 0070 5.2)");
_Static_assert(SMMUV3_CD_V_WORD == 0 && SMMUV3_CD_V_LO == 31, "CD.V is bit 31 (IHI 0070 5.4)");
_Static_assert(SMMUV3_OP_SYNC == 0x46, "CMD_SYNC opcode (IHI 0070 4.7.3)");

/* Keeps the target non-empty for the linker. */
int smmuv3_layout_core_version(void);
int smmuv3_layout_core_version(void) { return 1; }
