/*
 * smmuv3/engine.h - the C API over the Swift engine (library product smmuv3c).
 *
 * Install (headers, the release libsmmuv3c.so with the Swift runtime it needs, smmuv3c.pc):
 * `scripts/install-c PREFIX` (DESTDIR honoured). Build a rig against it:
 *   PKG_CONFIG_PATH=PREFIX/lib/pkgconfig cc -std=c11 rig.c $(pkg-config --cflags --libs smmuv3c)
 * From a checkout instead (`swift build --product smmuv3c`):
 *   cc -std=c11 -I include rig.c -L .build/debug -lsmmuv3c -Wl,-rpath,$PWD/.build/debug
 *
 * Every call returns an SMMUV3_E_* code and, when
 * `err` is not NULL, fills it; nothing aborts the host process. Engines are handles, so a call
 * after destroy is reported (SMMUV3_E_HANDLE), not undefined.
 *
 * Threads: each engine has its own lock; calls on one engine are serialised, calls on different
 * engines run in parallel. A sync callback runs under its engine's lock: it may call other
 * engines, and a call into its own engine is refused with SMMUV3_E_STATE (never a deadlock).
 * Two callbacks that call into each other's engines from two threads wait for each other, as
 * any two locks taken in opposite orders do: keep one order between engines.
 *
 * Pointer lifetimes: the STE and CD addresses from smmuv3_engine_ste / smmuv3_engine_cd point
 * into the engine's table memory and stay valid, at the same address, until
 * smmuv3_engine_destroy of that engine returns; after it they must not be used. Destroy waits
 * for a call in flight on the same engine; a later call with the handle gets SMMUV3_E_HANDLE.
 * The command array a sync callback receives is valid only during that callback.
 *
 * The sync contract. Every store the SMMU could observe that owes an invalidation (an update's
 * steps, and publishing a new L2 STE array or CD leaf) reaches a sync point, where the engine
 * pushes one CFGI_STE / CFGI_CD per StreamID and a CMD_SYNC into its real command queue (256
 * entries), before any later store:
 *  - with a sync callback, the callback receives everything the queue holds and the engine
 *    consumes it when the callback returns 0: after a successful update with a callback,
 *    smmuv3_engine_drain returns 0 commands;
 *  - without one (NULL, and smmuv3_engine_ste / smmuv3_engine_cd, which publish a new L2 array
 *    or leaf with CFGI_* Leaf=0 + CMD_SYNC), the commands stay queued, in order, until
 *    smmuv3_engine_drain returns them or the next callback receives them.
 * Before its first store a call checks that the queue has room (every batch of the plan without
 * a callback, one batch with one); if not it fails with SMMUV3_E_QUEUE_FULL and changes nothing.
 *
 * The entry after an error: every refusal (a bad argument, range, SMMUV3_E_QUEUE_FULL,
 * SMMUV3_E_INCONSISTENT, an invalid target) happens before the first store and changes nothing.
 * SMMUV3_E_SYNC (the callback returned non-zero at sync point k) leaves the stores of the plan's
 * steps 1..k in place and none after: a state the plan keeps safe for the SMMU (the old entry,
 * the new one, or V=0 on a breaking update; if k is the sync of a newly published L2 array or
 * leaf, the entry itself is unchanged), with every command the callback was handed still queued
 * (smmuv3_engine_drain returns them). Complete them, then call the update again: it plans from
 * the words the entry now holds.
 */
#ifndef SMMUV3_ENGINE_H
#define SMMUV3_ENGINE_H

#include "smmuv3.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An SMMU model with a stream table of 2^sid_bits StreamIDs: linear (split 0) or 2-level (split 6, 8, 10). */
int smmuv3_engine_create(unsigned sid_bits, unsigned split, smmuv3_engine_t *out, smmuv3_error *err);
int smmuv3_engine_destroy(smmuv3_engine_t e, smmuv3_error *err);
/** SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG describing the stream table. */
int smmuv3_engine_strtab(smmuv3_engine_t e, uint64_t *base, uint64_t *base_cfg, smmuv3_error *err);
/** The live STE of `sid` (its L2 array is allocated and published if needed): 8 words the SMMU reads. */
int smmuv3_engine_ste(smmuv3_engine_t e, uint32_t sid, uint64_t **ste, smmuv3_error *err);
/** Give `sid` a CD table of 2^s1cdmax CDs (linear, or 64 KB leaves beyond 10 bits); *context_ptr gets S1ContextPtr. */
int smmuv3_engine_cd_table(smmuv3_engine_t e, uint32_t sid, unsigned s1cdmax, uint64_t *context_ptr,
                           smmuv3_error *err);
/** As smmuv3_engine_cd_table, returning all the STE needs: S1ContextPtr, S1Fmt and S1CDMax. */
int smmuv3_engine_cd_table_ref(smmuv3_engine_t e, uint32_t sid, unsigned s1cdmax, smmuv3_cd_table_ref *ref,
                               smmuv3_error *err);
/** The live CD of (sid, ssid), allocating its leaf if needed. */
int smmuv3_engine_cd(smmuv3_engine_t e, uint32_t sid, uint32_t ssid, uint64_t **cd, smmuv3_error *err);
/**
 * Plan and apply the change of a live STE / CD to `target` (allocating and publishing its L2
 * array or leaf first if needed); `sync` (may be NULL) is called at each sync point under the
 * sync contract above; *syncs (may be NULL) gets the plan's sync count. An STE whose
 * S1ContextPtr / S1Fmt / S1CDMax contradict the CD table the engine built for `sid` is refused
 * with SMMUV3_E_INCONSISTENT; a target the decoder finds ILLEGAL (an SMMU would record
 * C_BAD_STE / C_BAD_CD) with SMMUV3_E_ILLEGAL. Both refusals happen before anything is
 * allocated or stored.
 */
int smmuv3_engine_update_ste(smmuv3_engine_t e, uint32_t sid, const uint64_t target[8], smmuv3_sync_fn sync,
                             void *ctx, unsigned *syncs, smmuv3_error *err);
/** smmuv3_engine_update_ste with flags: SMMUV3_UPDATE_ALLOW_INCONSISTENT | SMMUV3_UPDATE_ALLOW_ILLEGAL (other bits: SMMUV3_E_INPUT). */
int smmuv3_engine_update_ste_flags(smmuv3_engine_t e, uint32_t sid, const uint64_t target[8], unsigned flags,
                                   smmuv3_sync_fn sync, void *ctx, unsigned *syncs, smmuv3_error *err);
int smmuv3_engine_update_cd(smmuv3_engine_t e, uint32_t sid, uint32_t ssid, const uint64_t target[8],
                            smmuv3_sync_fn sync, void *ctx, unsigned *syncs, smmuv3_error *err);
/** smmuv3_engine_update_cd with flags: SMMUV3_UPDATE_ALLOW_ILLEGAL (other bits: SMMUV3_E_INPUT). */
int smmuv3_engine_update_cd_flags(smmuv3_engine_t e, uint32_t sid, uint32_t ssid, const uint64_t target[8],
                                  unsigned flags, smmuv3_sync_fn sync, void *ctx, unsigned *syncs, smmuv3_error *err);
/**
 * Move the queued commands into buf: those no callback has consumed (calls without a callback,
 * a failed callback's batch), in queue order. *count gets how many are queued; SMMUV3_E_BUFFER,
 * nothing consumed, if that is more than capacity. 0 after calls whose callbacks all succeeded.
 */
int smmuv3_engine_drain(smmuv3_engine_t e, smmuv3_cmd *buf, size_t capacity, size_t *count, smmuv3_error *err);

/*
 * Translation (IHI 0070 §3, VMSAv8-64 tables with 4 KB granules). Page tables live in the
 * engine's memory at bus addresses the walker reads; their stores are single 64-bit stores.
 */
/**
 * A page table: stage 1 (root for CD.TTB0; `tag` is the ASID its TLB invalidations name) or
 * stage 2 (root for STE.S2TTB; `tag` is the VMID). input_bits 0 takes the default (48 for stage
 * 1, 40 for stage 2). *pt gets its handle (never 0), *root the bus address of its start table.
 */
int smmuv3_engine_page_table(smmuv3_engine_t e, unsigned stage, unsigned input_bits, uint64_t tag,
                             uint32_t *pt, uint64_t *root, smmuv3_error *err);
/** Map [iova, iova+size) to pa with SMMUV3_PERM_* (pages, and 2 MB / 1 GB blocks where aligned). Nothing changes on error. */
int smmuv3_engine_map(smmuv3_engine_t e, uint32_t pt, uint64_t iova, uint64_t pa, uint64_t size, unsigned perm,
                      smmuv3_error *err);
/**
 * Unmap [iova, iova+size). Splitting a block is break-before-make: the invalid store, then
 * TLBI (CMD_TLBI_NH_ASID for stage 1, CMD_TLBI_S12_VMALL for stage 2, by the table's tag) +
 * CMD_SYNC as a sync point under the sync contract above, then the new table; one more such
 * sync point ends the call, after which no TLB holds a removed translation. If a callback fails,
 * the unmap still completes in memory (a table left half split would be worse) and the call
 * returns SMMUV3_E_SYNC with the owed TLBI batch queued for smmuv3_engine_drain.
 */
int smmuv3_engine_unmap(smmuv3_engine_t e, uint32_t pt, uint64_t iova, uint64_t size, smmuv3_sync_fn sync,
                        void *ctx, smmuv3_error *err);
/**
 * What the SMMU does with a transaction of StreamID `sid` (with SubstreamID `ssid` when has_ssid)
 * to `iova`, access SMMUV3_ACCESS_*: the walk of the engine's live tables (STE, CD, page tables),
 * as the SMMU reads them now. Returns SMMUV3_E_OK with *out filled, whatever the outcome.
 */
int smmuv3_engine_translate(smmuv3_engine_t e, uint32_t sid, int has_ssid, uint32_t ssid, uint64_t iova,
                            unsigned access, smmuv3_translation *out, smmuv3_error *err);

/** Encode a descriptor from "FIELD=VALUE …" (as `smmuv3 encode`); kind: ste, cd, l1std, l1cd, cmd, evt. */
int smmuv3_build(const char *kind, const char *fields, uint64_t *words, size_t capacity, size_t *count,
                 smmuv3_error *err);
/**
 * Check a recorded sequence ("write I 0xV" / "sync" lines) with the same exact checker as
 * `smmuv3 verify`: SMMUV3_E_OK safe, SMMUV3_E_UNSAFE with the reason (a hybrid, no final sync),
 * SMMUV3_E_UNDECIDED if the check ran out of its budget (never safe), SMMUV3_E_INPUT for a bad log.
 */
int smmuv3_verify(const char *kind, const uint64_t from[8], const char *log, smmuv3_error *err);
/**
 * Decode one descriptor to exactly the text `smmuv3 decode KIND WORD...` prints for the same
 * words (no SMMU feature options: the default, a permissive SMMUv3.4 with nearly every feature),
 * newline-terminated, then a NUL: the layout's name and the words ("STE: 0x%016llx ..."),
 * "summary: ...", a header row and one row per field (word, bits, field, value, meaning; every
 * field, zero or not), then "findings: none" or "findings:" and one indented line per finding.
 * An STE or CD takes about 8 to 11 KB, the other kinds under 2 KB: 16384 bytes hold every
 * fixture and every all-ones descriptor. If text and NUL do not fit in `capacity`,
 * SMMUV3_E_BUFFER, whose message names the size needed, and `text` is unchanged. `count` must be
 * the kind's word count (ste, cd 8; l1std, l1cd 1; cmd 2; evt 4), checked before any word is
 * read: anything else is SMMUV3_E_INPUT.
 */
int smmuv3_decode(const char *kind, const uint64_t *words, size_t count, char *text, size_t capacity,
                  smmuv3_error *err);
/** Classify an observed entry during from -> to: 0 old, 1 new, 2 invalid (V=0), 3 hybrid; -1 bad arguments. */
int smmuv3_classify(const char *kind, const uint64_t from[8], const uint64_t to[8], const uint64_t observed[8]);

#ifdef __cplusplus
}
#endif

#endif /* SMMUV3_ENGINE_H */
