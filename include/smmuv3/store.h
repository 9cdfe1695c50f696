/*
 * smmuv3/store.h - the only way a word an SMMU may observe is written.
 *
 * The SMMU reads each 64-bit word of a descriptor single-copy atomically, in
 * any order, at any time (IHI 0070 3.21.3). A descriptor word is therefore
 * published with one aligned 64-bit atomic store, and whatever it points to
 * must be visible first (a release barrier before the store).
 *
 * Note: on real hardware with a non-coherent SMMU the driver also needs a
 * DMA-ordering barrier (Linux: dma_wmb, "dmb oshst" on arm64). In a test rig
 * the "SMMU" is another thread of this process, for which the C11 release
 * fence is the matching primitive.
 */
#ifndef SMMUV3_STORE_H
#define SMMUV3_STORE_H

#include <stdint.h>

/** One 64-bit single-copy-atomic store (dst must be 8-byte aligned). */
static inline void smmuv3_store_qword(uint64_t *dst, uint64_t value)
{
    __atomic_store_n(dst, value, __ATOMIC_RELAXED);
}

/** One 64-bit single-copy-atomic load, as the SMMU reads a word. */
static inline uint64_t smmuv3_load_qword(const uint64_t *src)
{
    return __atomic_load_n(src, __ATOMIC_RELAXED);
}

/** Everything written before is visible before anything written after. */
static inline void smmuv3_release_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

/** Full barrier (loads and stores). */
static inline void smmuv3_full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/** Publish: release barrier, then one atomic store. */
static inline void smmuv3_publish_qword(uint64_t *dst, uint64_t value)
{
    smmuv3_release_barrier();
    smmuv3_store_qword(dst, value);
}

#endif /* SMMUV3_STORE_H */
