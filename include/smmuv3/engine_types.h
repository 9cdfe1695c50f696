/*
 * smmuv3/engine_types.h - plain types of the C API over the Swift engine (engine.h).
 */
#ifndef SMMUV3_ENGINE_TYPES_H
#define SMMUV3_ENGINE_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include "types.h"

/** Result codes of every engine call. */
enum {
    SMMUV3_E_OK = 0,
    SMMUV3_E_UNSAFE = 1,   /* a negative verdict (verify: the sequence is unsafe) */
    SMMUV3_E_INPUT = 2,    /* bad input: field, value, encoding, log syntax */
    SMMUV3_E_NULL = 3,     /* a required pointer is NULL */
    SMMUV3_E_RANGE = 4,    /* SID / SSID out of range */
    SMMUV3_E_HANDLE = 5,   /* unknown or destroyed engine */
    SMMUV3_E_BUFFER = 6,   /* the caller's buffer is too small; nothing was consumed */
    SMMUV3_E_MEMORY = 7,   /* posix_memalign failed (or every engine handle is used) */
    SMMUV3_E_STATE = 8,    /* the entry is not in the state the call needs */
    SMMUV3_E_UNDECIDED = 9,     /* a check could not finish within its budget: no verdict (never safe) */
    SMMUV3_E_QUEUE_FULL = 10,   /* the command queue has no room for the call's commands; nothing was changed */
    SMMUV3_E_SYNC = 11,         /* the sync callback returned non-zero; see "The sync contract" in engine.h */
    SMMUV3_E_INCONSISTENT = 12, /* the STE contradicts the CD table the engine built for its StreamID */
    SMMUV3_E_ILLEGAL = 13       /* the target is ILLEGAL (C_BAD_STE / C_BAD_CD); nothing was stored */
};

/** Flags of smmuv3_engine_update_ste_flags. */
enum {
    /** Write an STE whose S1ContextPtr / S1Fmt / S1CDMax contradict the engine's own CD table
     *  for that StreamID (for emulator-hostile tests); without it that is SMMUV3_E_INCONSISTENT. */
    SMMUV3_UPDATE_ALLOW_INCONSISTENT = 1,
    /** Write a target the decoder finds ILLEGAL (a rig driving an emulator into C_BAD_STE /
     *  C_BAD_CD on purpose); without it such a target is SMMUV3_E_ILLEGAL and nothing is stored. */
    SMMUV3_UPDATE_ALLOW_ILLEGAL = 2
};

/** What an STE needs to point at a CD table the engine built (IHI 0070 §5.2). */
typedef struct smmuv3_cd_table_ref {
    uint64_t context_ptr;   /* STE.S1ContextPtr: bus address of the linear CD table or L1CD table */
    unsigned s1fmt;         /* STE.S1Fmt: 0 linear, 2 2-level with 64 KB leaves */
    unsigned s1cdmax;       /* STE.S1CDMax: log2 of the number of CDs */
} smmuv3_cd_table_ref;

/** What went wrong: a code and a message naming the field, value and rule. */
typedef struct smmuv3_error {
    int code;
    char message[256];
} smmuv3_error;

/** An engine: one SMMU model (stream table, CD tables, command queue). 0 is never valid. */
typedef uint32_t smmuv3_engine_t;

/**
 * The sync callback: called at each sync point of an update with every command the engine's
 * queue holds, in queue order: first any left by earlier calls that had no callback, then this
 * sync point's CFGI_STE / CFGI_CD per StreamID and its CMD_SYNC. Return 0 once the "SMMU" has
 * completed them all: the engine then consumes them (CMDQ_CONS catches up with CMDQ_PROD), so
 * smmuv3_engine_drain will not return them. Any other value stops the update (SMMUV3_E_SYNC) and
 * leaves them queued. See "The sync contract" in engine.h.
 */
typedef int (*smmuv3_sync_fn)(void *ctx, const smmuv3_cmd *cmds, size_t count);

/** Page-table permissions of smmuv3_engine_map (a combination). */
enum {
    SMMUV3_PERM_READ = 1,
    SMMUV3_PERM_WRITE = 2,
    SMMUV3_PERM_EXEC = 4
};

/** Access types of smmuv3_engine_translate. */
enum {
    SMMUV3_ACCESS_READ = 0,
    SMMUV3_ACCESS_WRITE = 1,
    SMMUV3_ACCESS_EXEC = 2
};

/** What the SMMU does with one transaction (smmuv3_engine_translate). */
enum {
    SMMUV3_DELIVERED = 0,   /* pa holds the output address */
    SMMUV3_FAULT = 1,       /* terminated with the event record in event[] */
    SMMUV3_TERMINATED = 2,  /* aborted without a record (abort STE, CD.R=0, ...) */
    SMMUV3_STALLED = 3      /* held: event[] has Stall=1 and the STAG */
};

/** The outcome of a walk: the result, the output address or the event record (IHI 0070 §7.3). */
typedef struct smmuv3_translation {
    int result;             /* SMMUV3_DELIVERED, _FAULT, _TERMINATED or _STALLED */
    int level;              /* the translation level whose descriptor faulted; -1 if none */
    uint64_t pa;            /* when delivered */
    uint64_t event[4];      /* when a fault or stalled: the record, in the project's event layouts */
} smmuv3_translation;

#endif /* SMMUV3_ENGINE_TYPES_H */
