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
    SMMUV3_E_MEMORY = 7,   /* posix_memalign failed or the command queue is full */
    SMMUV3_E_STATE = 8,    /* the entry is not in the state the call needs */
    SMMUV3_E_UNDECIDED = 9 /* a check could not finish within its budget: no verdict (never safe) */
};

/** What went wrong: a code and a message naming the field, value and rule. */
typedef struct smmuv3_error {
    int code;
    char message[256];
} smmuv3_error;

/** An engine: one SMMU model (stream table, CD tables, command queue). 0 is never valid. */
typedef uint32_t smmuv3_engine_t;

/**
 * Called at each sync point of an update with the commands just queued for it (CFGI_STE /
 * CFGI_CD per StreamID, then CMD_SYNC). Return 0 once the "SMMU" has completed them.
 */
typedef int (*smmuv3_sync_fn)(void *ctx, const smmuv3_cmd *cmds, size_t count);

#endif /* SMMUV3_ENGINE_TYPES_H */
