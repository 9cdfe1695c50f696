/*
 * Examples/c-rig/rig.c - a C test rig driving the swift-smmuv3 engine through its C API.
 *
 * Against the installed library (scripts/install-c PREFIX), from a directory of your own:
 *   export PKG_CONFIG_PATH=PREFIX/lib/pkgconfig
 *   cc -std=c11 -Wall -Wextra -pedantic rig.c $(pkg-config --cflags --libs smmuv3c) -lpthread -o rig && ./rig
 *
 * A 2-level stream table, a CD table for one StreamID, then the STE is updated from bypass to
 * stage 1 while a "device" thread plays the SMMU: it reads the live STE word by word in random
 * order (64-bit atomic loads) and classifies every snapshot. A snapshot never spans a completed
 * sync: the sync callback waits for the fetch in flight, as CMD_SYNC does. Then a deliberately
 * bad write sequence is verified unsafe, and the error paths are exercised.
 *
 * The sync contract (engine.h): calls without a callback leave their CFGI_* + CMD_SYNC batches
 * queued for smmuv3_engine_drain; a callback receives everything queued and the engine consumes
 * it when the callback returns 0, so drain returns 0 commands afterwards. The rig checks both.
 */
#define _POSIX_C_SOURCE 200809L
#include <smmuv3/engine.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
#define CHECK(cond, what) do { if (cond) passed++; else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, what); } } while (0)

struct device {
    const uint64_t *ste;
    uint64_t from[8], to[8];
    atomic_int stop;
    atomic_long generation;   /* bumped by each sync */
    atomic_long in_flight;    /* generation a snapshot started in, or -1 */
    atomic_long snapshots, hybrids, invalid;
};

static void *device_thread(void *arg)
{
    struct device *d = arg;
    unsigned seed = 12345;
    while (!atomic_load(&d->stop)) {
        long g = atomic_load(&d->generation);
        atomic_store(&d->in_flight, g);
        if (atomic_load(&d->generation) != g) {          /* a sync started: retry */
            atomic_store(&d->in_flight, -1);
            continue;
        }
        int order[8] = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int i = 7; i > 0; i--) {
            seed = seed * 1103515245u + 12345u;
            int j = (int)((seed >> 16) % (unsigned)(i + 1));
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        uint64_t w[8];
        for (int i = 0; i < 8; i++)
            w[order[i]] = smmuv3_load_qword((uint64_t *)&d->ste[order[i]]);
        smmuv3_full_barrier();
        atomic_store(&d->in_flight, -1);
        int c = smmuv3_classify("ste", d->from, d->to, w);
        atomic_fetch_add(&d->snapshots, 1);
        if (c == 3) atomic_fetch_add(&d->hybrids, 1);
        if (c == 2) atomic_fetch_add(&d->invalid, 1);
    }
    return NULL;
}

/* The rig's CMD_SYNC: completes once no snapshot that started before it is in flight, and the
 * device has had a chance to look at the intermediate state. */
static int on_sync(void *ctx, const smmuv3_cmd *cmds, size_t count)
{
    struct device *d = ctx;
    long before = atomic_load(&d->snapshots);
    long g = atomic_fetch_add(&d->generation, 1) + 1;
    for (;;) {
        long f = atomic_load(&d->in_flight);
        if (f == -1 || f >= g) break;
    }
    for (int spin = 0; spin < 2000000 && atomic_load(&d->snapshots) < before + 3; spin++)
        ;
    printf("  sync: %zu commands, last opcode 0x%02x\n", count, (unsigned)(cmds[count - 1].qw[0] & 0xff));
    return 0;
}

int main(void)
{
    smmuv3_error err;
    smmuv3_engine_t e = 0;
    CHECK(smmuv3_engine_create(16, 8, &e, &err) == SMMUV3_E_OK, err.message);
    uint64_t base = 0, cfg = 0;
    CHECK(smmuv3_engine_strtab(e, &base, &cfg, &err) == SMMUV3_E_OK, err.message);
    printf("STRTAB_BASE 0x%016llx STRTAB_BASE_CFG 0x%llx\n", (unsigned long long)base, (unsigned long long)cfg);

    const uint32_t sid = 0x42;
    uint64_t *ste = NULL;
    CHECK(smmuv3_engine_ste(e, sid, &ste, &err) == SMMUV3_E_OK, err.message);
    size_t queued = 2;   /* publishing the L2 array: CFGI_STE Leaf=0 + CMD_SYNC, no callback: queued */

    /* Bypass first (from the abort STE every new L2 array holds). */
    uint64_t bypass[8];
    size_t n = 0;
    CHECK(smmuv3_build("ste", "V=1 Config=bypass", bypass, 8, &n, &err) == SMMUV3_E_OK && n == 8, err.message);
    unsigned syncs = 0;
    CHECK(smmuv3_engine_update_ste(e, sid, bypass, NULL, NULL, &syncs, &err) == SMMUV3_E_OK, err.message);
    CHECK(memcmp(ste, bypass, 64) == 0, "live STE is bypass");
    queued += 2 * syncs;

    /* A CD table with one stage-1 CD at SSID 0; the engine says what the STE must hold. */
    smmuv3_cd_table_ref ref;
    uint64_t *cd = NULL, cdw[8];
    CHECK(smmuv3_engine_cd_table_ref(e, sid, 4, &ref, &err) == SMMUV3_E_OK, err.message);
    CHECK(ref.s1fmt == 0 && ref.s1cdmax == 4, "a linear CD table of 2^4 CDs");
    CHECK(smmuv3_engine_cd(e, sid, 0, &cd, &err) == SMMUV3_E_OK, err.message);
    CHECK(smmuv3_build("cd", "V=1 AA64=1 T0SZ=16 TG0=4k IR0=wb-wa OR0=wb-wa SH0=ish EPD1=1 IPS=48-bit R=1 A=1 ASET=1 "
                       "ASID=5 TTB0=0x90000000 MAIR0=0xf404ff44", cdw, 8, &n, &err) == SMMUV3_E_OK, err.message);
    CHECK(smmuv3_engine_update_cd(e, sid, 0, cdw, NULL, NULL, &syncs, &err) == SMMUV3_E_OK, err.message);
    CHECK(memcmp(cd, cdw, 64) == 0, "live CD written");
    queued += 2 * syncs;   /* CFGI_CD for the one StreamID + CMD_SYNC per sync point */

    /* The stage-1 STE pointing at it, built from named fields. */
    char fields[256];
    snprintf(fields, sizeof fields, "V=1 Config=s1-trans S1ContextPtr=0x%llx S1Fmt=%u S1CDMax=%u S1DSS=ssid0 S1CIR=wb-ra "
             "S1COR=wb-ra S1CSH=ish", (unsigned long long)ref.context_ptr, ref.s1fmt, ref.s1cdmax);
    uint64_t s1[8];
    CHECK(smmuv3_build("ste", fields, s1, 8, &n, &err) == SMMUV3_E_OK, err.message);

    /* An STE that contradicts the engine's own CD table is refused, and nothing is written. */
    uint64_t wrong[8];
    snprintf(fields, sizeof fields, "V=1 Config=s1-trans S1ContextPtr=0x%llx S1CDMax=3 S1DSS=ssid0",
             (unsigned long long)ref.context_ptr);
    CHECK(smmuv3_build("ste", fields, wrong, 8, &n, &err) == SMMUV3_E_OK, err.message);
    CHECK(smmuv3_engine_update_ste(e, sid, wrong, NULL, NULL, &syncs, &err) == SMMUV3_E_INCONSISTENT, "S1CDMax 3 vs a 2^4 table");
    printf("contradicting STE: %s\n", err.message);
    CHECK(memcmp(ste, bypass, 64) == 0, "the refused update wrote nothing");

    /* Without a callback every batch so far is queued: drain returns exactly them, in order. */
    smmuv3_cmd cmds[64];
    CHECK(smmuv3_engine_drain(e, cmds, 1, &n, &err) == SMMUV3_E_BUFFER && n == queued, "a too-small buffer is refused");
    printf("drain with a 1-entry buffer: %s\n", err.message);
    CHECK(smmuv3_engine_drain(e, cmds, 64, &n, &err) == SMMUV3_E_OK && n == queued, err.message);
    CHECK(n >= 2 && (cmds[0].qw[0] & 0xff) == SMMUV3_OP_CFGI_STE && (cmds[1].qw[0] & 0xff) == SMMUV3_OP_SYNC, "CFGI_STE Leaf=0, CMD_SYNC first");
    printf("queue held %zu commands\n", n);

    uint64_t s1_target[8];
    memcpy(s1_target, s1, 64);

    /* Update bypass -> stage 1 while the device reads the live entry. */
    static struct device dev;
    dev.ste = ste;
    memcpy(dev.from, bypass, 64);
    memcpy(dev.to, s1, 64);
    atomic_store(&dev.in_flight, -1);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, device_thread, &dev) == 0, "pthread_create");
    printf("update bypass -> stage 1:\n");
    CHECK(smmuv3_engine_update_ste(e, sid, s1, on_sync, &dev, &syncs, &err) == SMMUV3_E_OK, err.message);
    atomic_store(&dev.stop, 1);
    pthread_join(t, NULL);
    printf("device: %ld snapshots, %ld hybrid, %ld invalid; %u syncs\n", atomic_load(&dev.snapshots),
           atomic_load(&dev.hybrids), atomic_load(&dev.invalid), syncs);
    CHECK(atomic_load(&dev.hybrids) == 0, "no hybrid STE observed");
    CHECK(memcmp(ste, s1, 64) == 0, "live STE is the stage-1 target");

    /* The callback consumed every batch it was handed: drain returns nothing. */
    CHECK(smmuv3_engine_drain(e, cmds, 64, &n, &err) == SMMUV3_E_OK && n == 0, "drain after callback-completed updates");
    printf("drain after the callback's updates: %zu commands\n", n);

    /* The text `smmuv3 decode ste WORDS` prints: the words, the summary, one row per field,
     * the findings. The rig prints the summary and the findings. */
    char text[16384];
    CHECK(smmuv3_decode("ste", ste, 8, text, sizeof text, &err) == SMMUV3_E_OK, err.message);
    const char *summary = strstr(text, "\nsummary: ");
    const char *findings = strstr(text, "\nfindings: ");
    CHECK(summary && findings, "decode text has a summary and findings");
    if (summary && findings) {
        printf("%.*s\n%s", (int)strcspn(summary + 1, "\n"), summary + 1, findings + 1);
        CHECK(strcmp(findings, "\nfindings: none\n") == 0, "the stage-1 STE has no findings");
    }

    /* A deliberately bad sequence: word 0 first, so the SMMU can see stage 1 with old word 1. */
    char log[256];
    snprintf(log, sizeof log, "write 0 0x%llx\nsync\nwrite 1 0x%llx\nsync\n",
             (unsigned long long)s1[0], (unsigned long long)s1[1]);
    CHECK(smmuv3_verify("ste", bypass, log, &err) == SMMUV3_E_UNSAFE, "the bad sequence is reported unsafe");
    printf("verify word-0-first: %s\n", err.message);

    /* Bad input: codes and messages, no crash. */
    CHECK(smmuv3_engine_ste(e, 0x10000, &ste, &err) == SMMUV3_E_RANGE, "SID out of range");
    printf("sid 0x10000: %s\n", err.message);
    CHECK(smmuv3_engine_ste(e, sid, NULL, &err) == SMMUV3_E_NULL, "NULL out pointer");
    CHECK(smmuv3_engine_cd(e, sid, 16, &cd, &err) == SMMUV3_E_RANGE, "SSID beyond S1CDMax");
    printf("ssid 16: %s\n", err.message);
    CHECK(smmuv3_build("ste", "S1CDMax=40", s1, 8, &n, &err) == SMMUV3_E_INPUT, "value wider than the field");
    printf("S1CDMax=40: %s\n", err.message);
    CHECK(smmuv3_build("ste", "V=1", s1, 4, &n, &err) == SMMUV3_E_BUFFER, "buffer too small");
    CHECK(smmuv3_build(NULL, "V=1", s1, 8, &n, &err) == SMMUV3_E_NULL, "NULL kind");
    CHECK(smmuv3_build("ste", "V=1", s1, SIZE_MAX, &n, &err) == SMMUV3_E_OK && n == 8, "SIZE_MAX is a large capacity");
    CHECK(smmuv3_decode("ste", ste, 1000, text, sizeof text, &err) == SMMUV3_E_INPUT, "count checked before reading");
    printf("decode count 1000: %s\n", err.message);
    /* Without a callback and without draining, the queue fills: the update that would not fit is
     * refused before its first store with its own code, and drain makes room again. */
    int rc = SMMUV3_E_OK, updates = 0;
    uint64_t last[8];
    memcpy(last, ste, 64);
    while (rc == SMMUV3_E_OK && updates < 1000) {
        const uint64_t *next = (updates % 2 == 0) ? bypass : s1_target;
        rc = smmuv3_engine_update_ste(e, sid, next, NULL, NULL, &syncs, &err);
        if (rc == SMMUV3_E_OK) { memcpy(last, next, 64); updates++; }
    }
    CHECK(rc == SMMUV3_E_QUEUE_FULL, "a full queue is SMMUV3_E_QUEUE_FULL");
    printf("after %d updates without a drain: %s\n", updates, err.message);
    CHECK(memcmp(ste, last, 64) == 0, "the refused update stored nothing");
    static smmuv3_cmd all[256];
    CHECK(smmuv3_engine_drain(e, all, 256, &n, &err) == SMMUV3_E_OK && n == 256, "drain returns the full queue");
    CHECK(smmuv3_engine_update_ste(e, sid, s1_target, NULL, NULL, &syncs, &err) == SMMUV3_E_OK, err.message);

    CHECK(smmuv3_engine_destroy(e, &err) == SMMUV3_E_OK, err.message);
    CHECK(smmuv3_engine_ste(e, sid, &ste, &err) == SMMUV3_E_HANDLE, "call after destroy");
    printf("after destroy: %s\n", err.message);
    CHECK(smmuv3_engine_destroy(e, NULL) == SMMUV3_E_HANDLE, "double destroy");

    printf("c-rig: %d passed, %d failed\n", passed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
