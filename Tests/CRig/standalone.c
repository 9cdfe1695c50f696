/*
 * Compiled by .ci/run with `cc -std=c11 -Wall -Wextra -Werror -pedantic -I include`:
 * proves a C rig can use the layouts with the headers alone (no Swift), and
 * checks a few encodings against values written out by hand from IHI 0070.
 */
#include <smmuv3/smmuv3.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;
#define EXPECT(cond) do { if (!(cond)) { fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

int main(void)
{
    smmuv3_ste ste = { { 0 } };
    /* Bypass STE: V=1, Config=0b100 -> word 0 = 0x9 (5.2). */
    EXPECT(smmuv3_ste_set(&ste, SMMUV3_STE_V, 1) == SMMUV3_OK);
    EXPECT(smmuv3_ste_set(&ste, SMMUV3_STE_CONFIG, 4) == SMMUV3_OK);
    EXPECT(ste.qw[0] == 0x9);
    /* S1ContextPtr takes the byte address; a misaligned one is refused and nothing changes. */
    EXPECT(smmuv3_ste_set(&ste, SMMUV3_STE_S1CONTEXTPTR, 0x1008) == SMMUV3_EALIGN);
    EXPECT(ste.qw[0] == 0x9);
    EXPECT(smmuv3_ste_set(&ste, SMMUV3_STE_S1CONTEXTPTR, 0x80001000) == SMMUV3_OK);
    EXPECT(smmuv3_ste_get(&ste, SMMUV3_STE_S1CONTEXTPTR) == 0x80001000);
    /* S1CDMax is 5 bits: 40 does not fit. */
    EXPECT(smmuv3_ste_set(&ste, SMMUV3_STE_S1CDMAX, 40) == SMMUV3_ERANGE);
    EXPECT(SMMUV3_STE_S2S_WORD == 2 && SMMUV3_STE_S2S_LO == 57);

    smmuv3_cd cd = { { 0 } };
    EXPECT(smmuv3_cd_set(&cd, SMMUV3_CD_ASID, 0xffff) == SMMUV3_OK);
    EXPECT(cd.qw[0] == 0xffff000000000000ull);

    smmuv3_cmd cmd;
    EXPECT(smmuv3_cmd_init(&cmd, SMMUV3_CMD_ID_CFGI_STE) == SMMUV3_OK);
    EXPECT(smmuv3_cmd_set(&cmd, SMMUV3_CMD_ID_CFGI_STE, SMMUV3_CMD_CFGI_STE_STREAMID, 0x42) == SMMUV3_OK);
    EXPECT(smmuv3_cmd_set(&cmd, SMMUV3_CMD_ID_CFGI_STE, SMMUV3_CMD_CFGI_STE_LEAF, 1) == SMMUV3_OK);
    EXPECT(cmd.qw[0] == 0x0000004200000003ull && cmd.qw[1] == 1);

    uint64_t word = 0;
    smmuv3_publish_qword(&word, ste.qw[0]);
    EXPECT(smmuv3_load_qword(&word) == ste.qw[0]);

    EXPECT(smmuv3_descriptor_layout(SMMUV3_KIND_STE)->count == SMMUV3_STE_FIELD_COUNT);
    EXPECT(smmuv3_evt_layouts()[SMMUV3_EVT_ID_F_TRANSLATION].code == SMMUV3_EVENT_F_TRANSLATION);

    if (failures)
        return EXIT_FAILURE;
    printf("standalone C: 1 passed, 0 failed\n");
    return EXIT_SUCCESS;
}
