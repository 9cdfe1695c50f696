/*
 * bench_anchor.h - the C anchor smmuv3-bench measures the Swift hot paths against.
 *
 * A plain C11 version of the Linux driver's STE update (arm_smmu_write_entry with
 * arm_smmu_get_ste_used / arm_smmu_get_ste_update_safe): used bits of the current and target
 * entries, the critical-word or V=0 sequence, each word one relaxed 64-bit store after a
 * release fence, and a sync that is a full fence and a counter (no log, no command queue).
 * Used only by the benchmark; not part of the library.
 */
#ifndef BENCH_ANCHOR_H
#define BENCH_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

/** One STE: eight 64-bit words. */
typedef struct bench_anchor_ste {
    uint64_t q[8];
} bench_anchor_ste;

/**
 * Write configs[seq[0]], configs[seq[1]], ... in turn into the live entry `live` (8 words,
 * 64-byte aligned), each by the Linux sequence. Returns the number of syncs issued.
 */
uint64_t bench_anchor_run(uint64_t *live, const bench_anchor_ste *configs, const uint32_t *seq, size_t n);

#endif /* BENCH_ANCHOR_H */
