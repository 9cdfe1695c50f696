/*
 * smmuv3/smmuv3.h - umbrella header of the swift-smmuv3 C layout core.
 *
 * Bit-exact layouts of the Arm SMMUv3 in-memory descriptors (IHI 0070 G.b):
 * STE, CD, L1STD, L1CD, command-queue entries, event records, and the
 * registers a test rig needs to describe geometry. Header-only: a C program
 * needs nothing but `-I include` and `#include <smmuv3/smmuv3.h>`.
 *
 * Every layout is one X-macro list (SMMUV3_<KIND>_FIELDS); the field tables,
 * the field indices and the compile-time SMMUV3_<KIND>_<FIELD>_WORD/_HI/_LO
 * constants all expand from it, and the Swift module reads the same tables.
 */
#ifndef SMMUV3_SMMUV3_H
#define SMMUV3_SMMUV3_H

#include "field.h"
#include "types.h"
#include "store.h"
#include "ste.h"
#include "cd.h"
#include "l1.h"
#include "cmd.h"
#include "evt.h"
#include "regs.h"
#include "engine_types.h"

/** Layout of the single-layout kinds (STE, CD, L1STD, L1CD); NULL for the others. */
static inline const smmuv3_layout *smmuv3_descriptor_layout(smmuv3_kind kind)
{
    switch (kind) {
    case SMMUV3_KIND_STE: return smmuv3_ste_layout();
    case SMMUV3_KIND_CD: return smmuv3_cd_layout();
    case SMMUV3_KIND_L1STD: return smmuv3_l1std_layout();
    case SMMUV3_KIND_L1CD: return smmuv3_l1cd_layout();
    default: return NULL;
    }
}

#endif /* SMMUV3_SMMUV3_H */
