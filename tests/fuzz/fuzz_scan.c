/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_scan.c - libFuzzer target: gp_scan() (the walk with every hook: each
 * boundary with its set, the starting set, the added GTIDs, timestamps and
 * checksum status) and the three record formats of gtidpos scan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk/scan.h"
#include "binlog/walker.h"
#include "cli/records.h"

static gtidpos_status boundary(void *ctx, const gp_scan_boundary *b, gp_error *e)
{
    FILE *sink = ctx;
    char *set = gp_at_result_set_text(b->at);
    gp_rec r;

    (void)e;
    for (int f = GP_REC_TSV; f <= GP_REC_JSONL; f++) {
        gp_rec_begin(&r, sink, (gp_rec_format)f, 0);
        gp_rec_str(&r, "gtid", b->gtid[0] ? b->gtid : NULL);
        gp_rec_u64(&r, "end", b->end);
        gp_rec_str(&r, "gtid_set", set);
        gp_rec_end(&r);
    }
    free(set);
    return GTIDPOS_OK;
}

static void scan(const uint8_t *data, size_t size, gtidpos_verify v, FILE *sink)
{
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, boundary, sink, NULL, NULL};
    gp_scan_summary s;
    gp_error err;
    gp_log log;

    gp_scan_summary_init(&s);
    if (gp_log_open_buffer(&log, "fuzz", data, size, v, &err) == GTIDPOS_OK &&
        gp_scan(&log, &opt, &s, &err) == GTIDPOS_OK)
        fprintf(sink, "%s %s %s\n", s.previous_gtids, s.added_gtids,
                gp_scan_checksum_name(s.checksum));
    gp_scan_summary_free(&s);
    gp_log_close(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy of exactly size bytes: reads past it are caught. */
    uint8_t *copy = malloc(size ? size : 1);
    FILE *sink = fopen("/dev/null", "w");

    if (copy != NULL && sink != NULL) {
        memcpy(copy, data, size);
        scan(copy, size, GTIDPOS_VERIFY_NONE, sink);
        scan(copy, size, GTIDPOS_VERIFY_ALL, sink);
    }
    if (sink != NULL)
        fclose(sink);
    free(copy);
    return 0;
}
