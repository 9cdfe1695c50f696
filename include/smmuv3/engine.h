/*
 * smmuv3/engine.h - the C API over the Swift engine (library product smmuv3c).
 *
 * Link: cc -std=c11 -I include rig.c -L .build/debug -lsmmuv3c -Wl,-rpath,$PWD/.build/debug
 * (after `swift build --product smmuv3c`). Every call returns an SMMUV3_E_* code and, when
 * `err` is not NULL, fills it; nothing aborts the host process. Engines are handles, so a call
 * after destroy is reported (SMMUV3_E_HANDLE), not undefined. Thread-safe.
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
/** The live CD of (sid, ssid), allocating its leaf if needed. */
int smmuv3_engine_cd(smmuv3_engine_t e, uint32_t sid, uint32_t ssid, uint64_t **cd, smmuv3_error *err);
/**
 * Plan and apply the change of a live STE / CD to `target`; `sync` (may be NULL) is called at each
 * sync point. The engines' lock is held meanwhile: the callback must not call into the engine.
 */
int smmuv3_engine_update_ste(smmuv3_engine_t e, uint32_t sid, const uint64_t target[8], smmuv3_sync_fn sync,
                             void *ctx, unsigned *syncs, smmuv3_error *err);
int smmuv3_engine_update_cd(smmuv3_engine_t e, uint32_t sid, uint32_t ssid, const uint64_t target[8],
                            smmuv3_sync_fn sync, void *ctx, unsigned *syncs, smmuv3_error *err);
/** Move the queued commands into buf (at most capacity; SMMUV3_E_BUFFER, nothing consumed, if more are queued). */
int smmuv3_engine_drain(smmuv3_engine_t e, smmuv3_cmd *buf, size_t capacity, size_t *count, smmuv3_error *err);

/** Encode a descriptor from "FIELD=VALUE …" (as `smmuv3 encode`); kind: ste, cd, l1std, l1cd, cmd, evt. */
int smmuv3_build(const char *kind, const char *fields, uint64_t *words, size_t capacity, size_t *count,
                 smmuv3_error *err);
/**
 * Check a recorded sequence ("write I 0xV" / "sync" lines) with the same exact checker as
 * `smmuv3 verify`: SMMUV3_E_OK safe, SMMUV3_E_UNSAFE with the reason (a hybrid, no final sync),
 * SMMUV3_E_UNDECIDED if the check ran out of its budget (never safe), SMMUV3_E_INPUT for a bad log.
 */
int smmuv3_verify(const char *kind, const uint64_t from[8], const char *log, smmuv3_error *err);
/** Decode words to the text `smmuv3 decode` prints (NUL-terminated; SMMUV3_E_BUFFER if it does not fit). */
int smmuv3_decode(const char *kind, const uint64_t *words, size_t count, char *text, size_t capacity,
                  smmuv3_error *err);
/** Classify an observed entry during from -> to: 0 old, 1 new, 2 invalid (V=0), 3 hybrid; -1 bad arguments. */
int smmuv3_classify(const char *kind, const uint64_t from[8], const uint64_t to[8], const uint64_t observed[8]);

#ifdef __cplusplus
}
#endif

#endif /* SMMUV3_ENGINE_H */
