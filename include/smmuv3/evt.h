#ifndef SMMUV3_EVT_H
#define SMMUV3_EVT_H

#include "field.h"
#include "types.h"

/* Event records (IHI 0070 7.3), transcribed from IHI 0070 G.b.
 * One X-macro list per record: SMMUV3_EVT_<NAME>_FIELDS; event numbers SMMUV3_EVENT_<NAME>. */

/** Event numbers (dw0[7:0]). */
enum {
    SMMUV3_EVENT_F_UUT = 0x01,
    SMMUV3_EVENT_C_BAD_STREAMID = 0x02,
    SMMUV3_EVENT_F_STE_FETCH = 0x03,
    SMMUV3_EVENT_C_BAD_STE = 0x04,
    SMMUV3_EVENT_F_BAD_ATS_TREQ = 0x05,
    SMMUV3_EVENT_F_STREAM_DISABLED = 0x06,
    SMMUV3_EVENT_F_TRANSL_FORBIDDEN = 0x07,
    SMMUV3_EVENT_C_BAD_SUBSTREAMID = 0x08,
    SMMUV3_EVENT_F_CD_FETCH = 0x09,
    SMMUV3_EVENT_C_BAD_CD = 0x0A,
    SMMUV3_EVENT_F_WALK_EABT = 0x0B,
    SMMUV3_EVENT_F_TRANSLATION = 0x10,
    SMMUV3_EVENT_F_ADDR_SIZE = 0x11,
    SMMUV3_EVENT_F_ACCESS = 0x12,
    SMMUV3_EVENT_F_PERMISSION = 0x13,
    SMMUV3_EVENT_F_TLB_CONFLICT = 0x20,
    SMMUV3_EVENT_F_CFG_CONFLICT = 0x21,
    SMMUV3_EVENT_E_PAGE_REQUEST = 0x24,
    SMMUV3_EVENT_F_VMS_FETCH = 0x25,
};

/** Event record identities (index into smmuv3_evt_layouts()). */
typedef enum smmuv3_evt_id {
    SMMUV3_EVT_ID_F_UUT,
    SMMUV3_EVT_ID_C_BAD_STREAMID,
    SMMUV3_EVT_ID_F_STE_FETCH,
    SMMUV3_EVT_ID_C_BAD_STE,
    SMMUV3_EVT_ID_F_BAD_ATS_TREQ,
    SMMUV3_EVT_ID_F_STREAM_DISABLED,
    SMMUV3_EVT_ID_F_TRANSL_FORBIDDEN,
    SMMUV3_EVT_ID_C_BAD_SUBSTREAMID,
    SMMUV3_EVT_ID_F_CD_FETCH,
    SMMUV3_EVT_ID_C_BAD_CD,
    SMMUV3_EVT_ID_F_WALK_EABT,
    SMMUV3_EVT_ID_F_TRANSLATION,
    SMMUV3_EVT_ID_F_ADDR_SIZE,
    SMMUV3_EVT_ID_F_ACCESS,
    SMMUV3_EVT_ID_F_PERMISSION,
    SMMUV3_EVT_ID_F_TLB_CONFLICT,
    SMMUV3_EVT_ID_F_CFG_CONFLICT,
    SMMUV3_EVT_ID_E_PAGE_REQUEST,
    SMMUV3_EVT_ID_F_VMS_FETCH,
    SMMUV3_EVT_ID_COUNT
} smmuv3_evt_id;

/* F_UUT (0x01) */
#define SMMUV3_EVT_F_UUT_FIELDS(X) \
    X(EVT_F_UUT, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_UUT, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_UUT, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_UUT, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_UUT, REASON, "Reason", 1, 15, 0, 0, "IMPLEMENTATION DEFINED cause") \
    X(EVT_F_UUT, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_UUT, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_UUT, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_UUT, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    /* end */
enum { SMMUV3_EVT_F_UUT_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_UUT_FIELD_COUNT };
enum { SMMUV3_EVT_F_UUT_FIELDS(SMMUV3_FIELD_CONSTS) };

/* C_BAD_STREAMID (0x02) */
#define SMMUV3_EVT_C_BAD_STREAMID_FIELDS(X) \
    X(EVT_C_BAD_STREAMID, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_C_BAD_STREAMID, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_C_BAD_STREAMID, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_C_BAD_STREAMID, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_EVT_C_BAD_STREAMID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_C_BAD_STREAMID_FIELD_COUNT };
enum { SMMUV3_EVT_C_BAD_STREAMID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_STE_FETCH (0x03) */
#define SMMUV3_EVT_F_STE_FETCH_FIELDS(X) \
    X(EVT_F_STE_FETCH, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_STE_FETCH, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_STE_FETCH, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_STE_FETCH, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_STE_FETCH, REASON, "Reason", 1, 15, 0, 0, "IMPLEMENTATION DEFINED cause") \
    X(EVT_F_STE_FETCH, GPCF, "GPCF", 1, 16, 16, 0, "fault was a Granule Protection Check fault (RME)") \
    X(EVT_F_STE_FETCH, FETCHADDR, "FetchAddr", 3, 55, 3, SMMUV3_FIELD_ADDRESS, "PA[55:3] of the structure/descriptor whose fetch aborted") \
    /* end */
enum { SMMUV3_EVT_F_STE_FETCH_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_STE_FETCH_FIELD_COUNT };
enum { SMMUV3_EVT_F_STE_FETCH_FIELDS(SMMUV3_FIELD_CONSTS) };

/* C_BAD_STE (0x04) */
#define SMMUV3_EVT_C_BAD_STE_FIELDS(X) \
    X(EVT_C_BAD_STE, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_C_BAD_STE, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_C_BAD_STE, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_C_BAD_STE, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_EVT_C_BAD_STE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_C_BAD_STE_FIELD_COUNT };
enum { SMMUV3_EVT_C_BAD_STE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_BAD_ATS_TREQ (0x05) */
#define SMMUV3_EVT_F_BAD_ATS_TREQ_FIELDS(X) \
    X(EVT_F_BAD_ATS_TREQ, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_BAD_ATS_TREQ, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_BAD_ATS_TREQ, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_BAD_ATS_TREQ, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_BAD_ATS_TREQ, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    /* end */
enum { SMMUV3_EVT_F_BAD_ATS_TREQ_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_BAD_ATS_TREQ_FIELD_COUNT };
enum { SMMUV3_EVT_F_BAD_ATS_TREQ_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_STREAM_DISABLED (0x06) */
#define SMMUV3_EVT_F_STREAM_DISABLED_FIELDS(X) \
    X(EVT_F_STREAM_DISABLED, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_STREAM_DISABLED, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_EVT_F_STREAM_DISABLED_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_STREAM_DISABLED_FIELD_COUNT };
enum { SMMUV3_EVT_F_STREAM_DISABLED_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_TRANSL_FORBIDDEN (0x07) */
#define SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELDS(X) \
    X(EVT_F_TRANSL_FORBIDDEN, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_TRANSL_FORBIDDEN, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_TRANSL_FORBIDDEN, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_TRANSL_FORBIDDEN, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    /* end */
enum { SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELD_COUNT };
enum { SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELDS(SMMUV3_FIELD_CONSTS) };

/* C_BAD_SUBSTREAMID (0x08) */
#define SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELDS(X) \
    X(EVT_C_BAD_SUBSTREAMID, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_C_BAD_SUBSTREAMID, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_C_BAD_SUBSTREAMID, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELD_COUNT };
enum { SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_CD_FETCH (0x09) */
#define SMMUV3_EVT_F_CD_FETCH_FIELDS(X) \
    X(EVT_F_CD_FETCH, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_CD_FETCH, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_CD_FETCH, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_CD_FETCH, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_CD_FETCH, REASON, "Reason", 1, 15, 0, 0, "IMPLEMENTATION DEFINED cause") \
    X(EVT_F_CD_FETCH, GPCF, "GPCF", 1, 16, 16, 0, "fault was a Granule Protection Check fault (RME)") \
    X(EVT_F_CD_FETCH, FETCHADDR, "FetchAddr", 3, 55, 3, SMMUV3_FIELD_ADDRESS, "PA[55:3] of the structure/descriptor whose fetch aborted") \
    /* end */
enum { SMMUV3_EVT_F_CD_FETCH_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_CD_FETCH_FIELD_COUNT };
enum { SMMUV3_EVT_F_CD_FETCH_FIELDS(SMMUV3_FIELD_CONSTS) };

/* C_BAD_CD (0x0A) */
#define SMMUV3_EVT_C_BAD_CD_FIELDS(X) \
    X(EVT_C_BAD_CD, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_C_BAD_CD, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_C_BAD_CD, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_C_BAD_CD, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    /* end */
enum { SMMUV3_EVT_C_BAD_CD_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_C_BAD_CD_FIELD_COUNT };
enum { SMMUV3_EVT_C_BAD_CD_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_WALK_EABT (0x0B) */
#define SMMUV3_EVT_F_WALK_EABT_FIELDS(X) \
    X(EVT_F_WALK_EABT, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_WALK_EABT, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_WALK_EABT, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_WALK_EABT, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_WALK_EABT, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_WALK_EABT, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_WALK_EABT, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_WALK_EABT, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_WALK_EABT, CLASS, "CLASS", 1, 41, 40, 0, "class of the access that faulted") \
    X(EVT_F_WALK_EABT, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_WALK_EABT, FETCHADDR, "FetchAddr", 3, 55, 3, SMMUV3_FIELD_ADDRESS, "PA[55:3] of the structure/descriptor whose fetch aborted") \
    /* end */
enum { SMMUV3_EVT_F_WALK_EABT_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_WALK_EABT_FIELD_COUNT };
enum { SMMUV3_EVT_F_WALK_EABT_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_TRANSLATION (0x10) */
#define SMMUV3_EVT_F_TRANSLATION_FIELDS(X) \
    X(EVT_F_TRANSLATION, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_TRANSLATION, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_TRANSLATION, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_TRANSLATION, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_TRANSLATION, STAG, "STAG", 1, 15, 0, 0, "stall tag (valid if Stall=1)") \
    X(EVT_F_TRANSLATION, STALL, "Stall", 1, 31, 31, 0, "transaction is stalled (needs CMD_RESUME/STALL_TERM)") \
    X(EVT_F_TRANSLATION, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_TRANSLATION, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_TRANSLATION, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_TRANSLATION, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_TRANSLATION, CLASS, "CLASS", 1, 41, 40, 0, "class of the access that faulted") \
    X(EVT_F_TRANSLATION, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_TRANSLATION, IPA, "IPA", 3, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] for stage-2 faults (UNKNOWN for S1 faults)") \
    /* end */
enum { SMMUV3_EVT_F_TRANSLATION_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_TRANSLATION_FIELD_COUNT };
enum { SMMUV3_EVT_F_TRANSLATION_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_ADDR_SIZE (0x11) */
#define SMMUV3_EVT_F_ADDR_SIZE_FIELDS(X) \
    X(EVT_F_ADDR_SIZE, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_ADDR_SIZE, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_ADDR_SIZE, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_ADDR_SIZE, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_ADDR_SIZE, STAG, "STAG", 1, 15, 0, 0, "stall tag (valid if Stall=1)") \
    X(EVT_F_ADDR_SIZE, STALL, "Stall", 1, 31, 31, 0, "transaction is stalled (needs CMD_RESUME/STALL_TERM)") \
    X(EVT_F_ADDR_SIZE, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_ADDR_SIZE, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_ADDR_SIZE, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_ADDR_SIZE, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_ADDR_SIZE, CLASS, "CLASS", 1, 41, 40, 0, "class of the access that faulted") \
    X(EVT_F_ADDR_SIZE, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_ADDR_SIZE, IPA, "IPA", 3, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] for stage-2 faults (UNKNOWN for S1 faults)") \
    /* end */
enum { SMMUV3_EVT_F_ADDR_SIZE_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_ADDR_SIZE_FIELD_COUNT };
enum { SMMUV3_EVT_F_ADDR_SIZE_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_ACCESS (0x12) */
#define SMMUV3_EVT_F_ACCESS_FIELDS(X) \
    X(EVT_F_ACCESS, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_ACCESS, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_ACCESS, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_ACCESS, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_ACCESS, STAG, "STAG", 1, 15, 0, 0, "stall tag (valid if Stall=1)") \
    X(EVT_F_ACCESS, STALL, "Stall", 1, 31, 31, 0, "transaction is stalled (needs CMD_RESUME/STALL_TERM)") \
    X(EVT_F_ACCESS, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_ACCESS, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_ACCESS, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_ACCESS, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_ACCESS, CLASS, "CLASS", 1, 41, 40, 0, "class of the access that faulted") \
    X(EVT_F_ACCESS, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_ACCESS, IPA, "IPA", 3, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] for stage-2 faults (UNKNOWN for S1 faults)") \
    /* end */
enum { SMMUV3_EVT_F_ACCESS_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_ACCESS_FIELD_COUNT };
enum { SMMUV3_EVT_F_ACCESS_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_PERMISSION (0x13) */
#define SMMUV3_EVT_F_PERMISSION_FIELDS(X) \
    X(EVT_F_PERMISSION, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_PERMISSION, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_PERMISSION, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_PERMISSION, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_PERMISSION, STAG, "STAG", 1, 15, 0, 0, "stall tag (valid if Stall=1)") \
    X(EVT_F_PERMISSION, STALL, "Stall", 1, 31, 31, 0, "transaction is stalled (needs CMD_RESUME/STALL_TERM)") \
    X(EVT_F_PERMISSION, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_PERMISSION, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_PERMISSION, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_PERMISSION, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_PERMISSION, CLASS, "CLASS", 1, 41, 40, 0, "class of the access that faulted") \
    X(EVT_F_PERMISSION, TTRNW, "TTRnW", 1, 44, 44, 0, "F_PERMISSION with CLASS=TT: 1 read, 0 write of the descriptor") \
    X(EVT_F_PERMISSION, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_PERMISSION, IPA, "IPA", 3, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] for stage-2 faults (UNKNOWN for S1 faults)") \
    /* end */
enum { SMMUV3_EVT_F_PERMISSION_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_PERMISSION_FIELD_COUNT };
enum { SMMUV3_EVT_F_PERMISSION_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_TLB_CONFLICT (0x20) */
#define SMMUV3_EVT_F_TLB_CONFLICT_FIELDS(X) \
    X(EVT_F_TLB_CONFLICT, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_TLB_CONFLICT, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_TLB_CONFLICT, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_TLB_CONFLICT, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_TLB_CONFLICT, PNU, "PnU", 1, 33, 33, 0, "1 privileged, 0 unprivileged (post-STE override)") \
    X(EVT_F_TLB_CONFLICT, IND, "InD", 1, 34, 34, 0, "1 instruction, 0 data") \
    X(EVT_F_TLB_CONFLICT, RNW, "RnW", 1, 35, 35, 0, "1 read, 0 write") \
    X(EVT_F_TLB_CONFLICT, S2, "S2", 1, 39, 39, 0, "0 stage-1 fault, 1 stage-2 fault") \
    X(EVT_F_TLB_CONFLICT, INPUTADDR, "InputAddr", 2, 63, 0, SMMUV3_FIELD_ADDRESS, "64-bit input address of the transaction") \
    X(EVT_F_TLB_CONFLICT, IPA, "IPA", 3, 55, 12, SMMUV3_FIELD_ADDRESS, "IPA[55:12] for stage-2 faults (UNKNOWN for S1 faults)") \
    /* end */
enum { SMMUV3_EVT_F_TLB_CONFLICT_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_TLB_CONFLICT_FIELD_COUNT };
enum { SMMUV3_EVT_F_TLB_CONFLICT_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_CFG_CONFLICT (0x21) */
#define SMMUV3_EVT_F_CFG_CONFLICT_FIELDS(X) \
    X(EVT_F_CFG_CONFLICT, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_CFG_CONFLICT, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_CFG_CONFLICT, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_CFG_CONFLICT, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_CFG_CONFLICT, REASON, "Reason", 1, 31, 0, 0, "IMPLEMENTATION DEFINED conflict reason") \
    /* end */
enum { SMMUV3_EVT_F_CFG_CONFLICT_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_CFG_CONFLICT_FIELD_COUNT };
enum { SMMUV3_EVT_F_CFG_CONFLICT_FIELDS(SMMUV3_FIELD_CONSTS) };

/* E_PAGE_REQUEST (0x24) */
#define SMMUV3_EVT_E_PAGE_REQUEST_FIELDS(X) \
    X(EVT_E_PAGE_REQUEST, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_E_PAGE_REQUEST, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_E_PAGE_REQUEST, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_E_PAGE_REQUEST, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_E_PAGE_REQUEST, UX, "uX", 1, 33, 33, 0, "unprivileged execute hint") \
    X(EVT_E_PAGE_REQUEST, UW, "uW", 1, 34, 34, 0, "unprivileged write hint") \
    X(EVT_E_PAGE_REQUEST, UR, "uR", 1, 35, 35, 0, "unprivileged read hint") \
    X(EVT_E_PAGE_REQUEST, PX, "pX", 1, 37, 37, 0, "privileged execute hint") \
    X(EVT_E_PAGE_REQUEST, PW, "pW", 1, 38, 38, 0, "privileged write hint") \
    X(EVT_E_PAGE_REQUEST, PR, "pR", 1, 39, 39, 0, "privileged read hint") \
    X(EVT_E_PAGE_REQUEST, SPAN, "Span", 1, 51, 44, 0, "span in 4KB pages") \
    X(EVT_E_PAGE_REQUEST, INPUTADDR, "InputAddr", 2, 63, 12, SMMUV3_FIELD_ADDRESS, "InputAddr[63:12]") \
    /* end */
enum { SMMUV3_EVT_E_PAGE_REQUEST_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_E_PAGE_REQUEST_FIELD_COUNT };
enum { SMMUV3_EVT_E_PAGE_REQUEST_FIELDS(SMMUV3_FIELD_CONSTS) };

/* F_VMS_FETCH (0x25) */
#define SMMUV3_EVT_F_VMS_FETCH_FIELDS(X) \
    X(EVT_F_VMS_FETCH, EVENTID, "EventID", 0, 7, 0, 0, "event number") \
    X(EVT_F_VMS_FETCH, SSV, "SSV", 0, 11, 11, 0, "SubstreamID valid") \
    X(EVT_F_VMS_FETCH, SUBSTREAMID, "SubstreamID", 0, 31, 12, 0, "SubstreamID (valid if SSV)") \
    X(EVT_F_VMS_FETCH, STREAMID, "StreamID", 0, 63, 32, 0, "StreamID") \
    X(EVT_F_VMS_FETCH, REASON, "Reason", 1, 15, 0, 0, "IMPLEMENTATION DEFINED cause") \
    X(EVT_F_VMS_FETCH, GPCF, "GPCF", 1, 16, 16, 0, "fault was a Granule Protection Check fault (RME)") \
    X(EVT_F_VMS_FETCH, FETCHADDR, "FetchAddr", 3, 55, 3, SMMUV3_FIELD_ADDRESS, "PA[55:3] of the structure/descriptor whose fetch aborted") \
    /* end */
enum { SMMUV3_EVT_F_VMS_FETCH_FIELDS(SMMUV3_FIELD_INDEX) SMMUV3_EVT_F_VMS_FETCH_FIELD_COUNT };
enum { SMMUV3_EVT_F_VMS_FETCH_FIELDS(SMMUV3_FIELD_CONSTS) };

/** Every event record layout, in smmuv3_evt_id order. */
static inline const smmuv3_layout *smmuv3_evt_layouts(void)
{
    static const smmuv3_field f_f_uut[] = { SMMUV3_EVT_F_UUT_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_c_bad_streamid[] = { SMMUV3_EVT_C_BAD_STREAMID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_ste_fetch[] = { SMMUV3_EVT_F_STE_FETCH_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_c_bad_ste[] = { SMMUV3_EVT_C_BAD_STE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_bad_ats_treq[] = { SMMUV3_EVT_F_BAD_ATS_TREQ_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_stream_disabled[] = { SMMUV3_EVT_F_STREAM_DISABLED_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_transl_forbidden[] = { SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_c_bad_substreamid[] = { SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_cd_fetch[] = { SMMUV3_EVT_F_CD_FETCH_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_c_bad_cd[] = { SMMUV3_EVT_C_BAD_CD_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_walk_eabt[] = { SMMUV3_EVT_F_WALK_EABT_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_translation[] = { SMMUV3_EVT_F_TRANSLATION_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_addr_size[] = { SMMUV3_EVT_F_ADDR_SIZE_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_access[] = { SMMUV3_EVT_F_ACCESS_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_permission[] = { SMMUV3_EVT_F_PERMISSION_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_tlb_conflict[] = { SMMUV3_EVT_F_TLB_CONFLICT_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_cfg_conflict[] = { SMMUV3_EVT_F_CFG_CONFLICT_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_e_page_request[] = { SMMUV3_EVT_E_PAGE_REQUEST_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_field f_f_vms_fetch[] = { SMMUV3_EVT_F_VMS_FETCH_FIELDS(SMMUV3_FIELD_ENTRY) };
    static const smmuv3_layout table[] = {
        { "F_UUT", SMMUV3_KIND_EVT, 0x01, 4, SMMUV3_EVT_F_UUT_FIELD_COUNT, f_f_uut },
        { "C_BAD_STREAMID", SMMUV3_KIND_EVT, 0x02, 4, SMMUV3_EVT_C_BAD_STREAMID_FIELD_COUNT, f_c_bad_streamid },
        { "F_STE_FETCH", SMMUV3_KIND_EVT, 0x03, 4, SMMUV3_EVT_F_STE_FETCH_FIELD_COUNT, f_f_ste_fetch },
        { "C_BAD_STE", SMMUV3_KIND_EVT, 0x04, 4, SMMUV3_EVT_C_BAD_STE_FIELD_COUNT, f_c_bad_ste },
        { "F_BAD_ATS_TREQ", SMMUV3_KIND_EVT, 0x05, 4, SMMUV3_EVT_F_BAD_ATS_TREQ_FIELD_COUNT, f_f_bad_ats_treq },
        { "F_STREAM_DISABLED", SMMUV3_KIND_EVT, 0x06, 4, SMMUV3_EVT_F_STREAM_DISABLED_FIELD_COUNT, f_f_stream_disabled },
        { "F_TRANSL_FORBIDDEN", SMMUV3_KIND_EVT, 0x07, 4, SMMUV3_EVT_F_TRANSL_FORBIDDEN_FIELD_COUNT, f_f_transl_forbidden },
        { "C_BAD_SUBSTREAMID", SMMUV3_KIND_EVT, 0x08, 4, SMMUV3_EVT_C_BAD_SUBSTREAMID_FIELD_COUNT, f_c_bad_substreamid },
        { "F_CD_FETCH", SMMUV3_KIND_EVT, 0x09, 4, SMMUV3_EVT_F_CD_FETCH_FIELD_COUNT, f_f_cd_fetch },
        { "C_BAD_CD", SMMUV3_KIND_EVT, 0x0A, 4, SMMUV3_EVT_C_BAD_CD_FIELD_COUNT, f_c_bad_cd },
        { "F_WALK_EABT", SMMUV3_KIND_EVT, 0x0B, 4, SMMUV3_EVT_F_WALK_EABT_FIELD_COUNT, f_f_walk_eabt },
        { "F_TRANSLATION", SMMUV3_KIND_EVT, 0x10, 4, SMMUV3_EVT_F_TRANSLATION_FIELD_COUNT, f_f_translation },
        { "F_ADDR_SIZE", SMMUV3_KIND_EVT, 0x11, 4, SMMUV3_EVT_F_ADDR_SIZE_FIELD_COUNT, f_f_addr_size },
        { "F_ACCESS", SMMUV3_KIND_EVT, 0x12, 4, SMMUV3_EVT_F_ACCESS_FIELD_COUNT, f_f_access },
        { "F_PERMISSION", SMMUV3_KIND_EVT, 0x13, 4, SMMUV3_EVT_F_PERMISSION_FIELD_COUNT, f_f_permission },
        { "F_TLB_CONFLICT", SMMUV3_KIND_EVT, 0x20, 4, SMMUV3_EVT_F_TLB_CONFLICT_FIELD_COUNT, f_f_tlb_conflict },
        { "F_CFG_CONFLICT", SMMUV3_KIND_EVT, 0x21, 4, SMMUV3_EVT_F_CFG_CONFLICT_FIELD_COUNT, f_f_cfg_conflict },
        { "E_PAGE_REQUEST", SMMUV3_KIND_EVT, 0x24, 4, SMMUV3_EVT_E_PAGE_REQUEST_FIELD_COUNT, f_e_page_request },
        { "F_VMS_FETCH", SMMUV3_KIND_EVT, 0x25, 4, SMMUV3_EVT_F_VMS_FETCH_FIELD_COUNT, f_f_vms_fetch },
    };
    return table;
}

#endif /* SMMUV3_EVT_H */
