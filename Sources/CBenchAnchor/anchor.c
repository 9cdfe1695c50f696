/*
 * The C anchor: the Linux used-bits STE update planner and live-entry writer, in plain C11.
 * Field positions come from the project's layout header (smmuv3/ste.h), as the library's own.
 */
#include "bench_anchor.h"

#include <stdatomic.h>

#include "smmuv3/ste.h"

/* Mask of STE field ID (bits hi..lo of its word). */
#define STE_MASK(ID) \
    (((~0ULL) >> (63 - SMMUV3_STE_##ID##_HI)) & ((~0ULL) << SMMUV3_STE_##ID##_LO))
#define STE_W(ID) SMMUV3_STE_##ID##_WORD

typedef struct { uint64_t q[8]; } words8;

static uint64_t anchor_syncs;

/* Mark field ID used (its word from the layout, so no grouping can put it in the wrong one). */
#define USE(ID) (u.q[STE_W(ID)] |= STE_MASK(ID))

/* Used bits (Linux arm_smmu_get_ste_used; IHI 0070 5.2): what the SMMU reads given V, Config
 * and S1DSS, with the library's additions (fields the spec applies to every stream that is
 * not aborted, and the stage-specific fields Linux never sets), so both sides plan alike.
 * Config: 0b000 abort, 0b100 bypass, 0b101 stage 1, 0b110 stage 2, 0b111 nested. */
static words8 ste_used(const uint64_t *e)
{
    words8 u = {{0}};
    USE(V);
    if (!(e[STE_W(V)] & STE_MASK(V)))
        return u;
    USE(CONFIG);
    unsigned cfg = (unsigned)((e[STE_W(CONFIG)] & STE_MASK(CONFIG)) >> SMMUV3_STE_CONFIG_LO);
    int dss_bypass = ((e[STE_W(S1DSS)] & STE_MASK(S1DSS)) >> SMMUV3_STE_S1DSS_LO) == 1;
    int s1 = (cfg & 5u) == 5u, s2 = (cfg & 6u) == 6u;
    if (cfg & 4u) {
        USE(CONT); USE(DRE); USE(DCP); USE(PRIVCFG); USE(INSTCFG); USE(NSCFG);
    }
    if (cfg == 4u || (cfg == 5u && dss_bypass)) {
        USE(MTCFG); USE(MEMATTR); USE(ALLOCCFG);
    }
    if (s1) {
        USE(PPAR); USE(S1MPAM); USE(S1PIE);
        USE(S1FMT); USE(S1CONTEXTPTR); USE(S1CDMAX); USE(S1DSS); USE(S1CIR); USE(S1COR); USE(S1CSH);
        USE(S1STALLD); USE(STRW); USE(EATS); USE(S2VMID);
        /* S1DSS = bypass lets non-substream traffic through with SHCFG applied (13.5). */
        if (dss_bypass)
            USE(SHCFG);
    }
    if (s2) {
        USE(S2AFFD); USE(S2HD); USE(S2HA); USE(S2HWU59); USE(S2HWU60); USE(S2HWU61); USE(S2HWU62);
        USE(S2HAFT); USE(S2PIE); USE(S2POE); USE(S2SL0_2); USE(S2DS);
        USE(S2FWB); USE(EATS); USE(SHCFG); USE(MEV); USE(S2VMID); USE(S2T0SZ); USE(S2SL0); USE(S2IR0);
        USE(S2OR0); USE(S2SH0); USE(S2TG); USE(S2PS); USE(S2AA64); USE(S2ENDI); USE(S2PTW); USE(S2S);
        USE(S2R); USE(S2TTB);
    }
    if (cfg == 4u)
        USE(SHCFG);
    return u;
}

/* Bits either order of change leaves harmless (Linux arm_smmu_get_ste_update_safe): MEV
 * always; EATS between 0b00 and 0b01 when neither side has EATS = 0b1x. */
static words8 ste_update_safe(const uint64_t *cur, const uint64_t *target)
{
    words8 s = {{0}};
    uint64_t high_eats = 2ULL << SMMUV3_STE_EATS_LO;
    s.q[STE_W(MEV)] |= STE_MASK(MEV);
    if (!((cur[STE_W(EATS)] | target[STE_W(EATS)]) & high_eats))
        s.q[STE_W(EATS)] |= STE_MASK(EATS);
    return s;
}

static void anchor_sync(void)
{
    anchor_syncs++;
    atomic_thread_fence(memory_order_seq_cst);
}

/* Store words lo..hi-1 of `val` that differ from the live entry; a sync if any was stored. */
static void store_words(_Atomic uint64_t *live, const uint64_t *val, int lo, int hi)
{
    int stored = 0;
    for (int i = lo; i < hi; i++) {
        if (atomic_load_explicit(&live[i], memory_order_relaxed) != val[i]) {
            atomic_store_explicit(&live[i], val[i], memory_order_relaxed);
            stored = 1;
        }
    }
    if (stored)
        anchor_sync();
}

static void write_entry(_Atomic uint64_t *live, const uint64_t *target)
{
    uint64_t cur[8];
    for (int i = 0; i < 8; i++)
        cur[i] = atomic_load_explicit(&live[i], memory_order_relaxed);
    words8 cur_used = ste_used(cur), target_used = ste_used(target);
    words8 safe = ste_update_safe(cur, target);
    words8 step;
    unsigned differs = 0;
    for (int i = 0; i < 8; i++) {
        safe.q[i] &= cur_used.q[i] & target_used.q[i];
        cur_used.q[i] &= ~safe.q[i];
        target_used.q[i] &= ~safe.q[i];
        /* What the entry can hold while the current configuration stays in force. */
        step.q[i] = (cur[i] & cur_used.q[i]) | (target[i] & ~cur_used.q[i]);
        if ((step.q[i] ^ target[i]) & target_used.q[i])
            differs |= 1u << i;
    }
    atomic_thread_fence(memory_order_release);
    if (differs && !(differs & (differs - 1))) {
        /* One critical word: hitless. */
        int critical = __builtin_ctz(differs);
        step.q[critical] = cur[critical];
        store_words(live, step.q, 0, 8);
        store_words(live, target, critical, critical + 1);
        store_words(live, target, 0, 8);
    } else if (differs) {
        /* Several words: V=0 first. */
        step.q[0] = cur[0] & ~STE_MASK(V);
        store_words(live, step.q, 0, 1);
        store_words(live, target, 1, 8);
        store_words(live, target, 0, 1);
    } else {
        store_words(live, target, 0, 8);
    }
}

uint64_t bench_anchor_run(uint64_t *live, const bench_anchor_ste *configs, const uint32_t *seq, size_t n)
{
    anchor_syncs = 0;
    for (size_t i = 0; i < n; i++)
        write_entry((_Atomic uint64_t *)live, configs[seq[i]].q);
    return anchor_syncs;
}
