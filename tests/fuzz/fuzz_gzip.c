/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_gzip.c - libFuzzer target: the byte sources (source.h) and the
 * walker reading through them.  The input is a stream as a file would
 * hold it: gzip, zstd or plain, told by its first bytes.  It is read
 * directly in odd-sized pieces, then walked through the reader thread
 * (gp_log_open_source) with gp_at at the end and at a position taken from
 * the input, with a window small enough that events straddle chunks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "walk/position.h"
#include "io/source.h"
#include "binlog/walker.h"

/* Read the whole source in pieces of 1..251 bytes; no more than a bound,
 * so that a small input that inflates hugely does not stall the run. */
static void read_pieces(const uint8_t *data, size_t size)
{
    uint8_t buf[256];
    gp_source *s;
    gp_error err;
    uint64_t total = 0;
    size_t k = 0;
    ssize_t n;

    if (gp_source_open_memory(&s, "fuzz", data, size, &err) != GTIDPOS_OK)
        return;
    do {
        size_t want = 1 + (k++ * 37) % 251;
        n = gp_source_read(s, buf, want);
        if (n > 0)
            total += (uint64_t)n;
        if (n > (ssize_t)want)
            abort(); /* never more than asked */
    } while (n > 0 && total < (64u << 20));
    if (n < 0 && gp_source_error(s)->msg[0] == '\0')
        abort(); /* a failure always says why */
    gp_source_close(s);
}

static void walk(const uint8_t *data, size_t size, uint64_t pos, size_t window)
{
    gp_source *s;
    gp_log log;
    gp_error err;
    gp_at_result r;

    gp_at_result_init(&r);
    if (gp_source_open_memory(&s, "fuzz", data, size, &err) != GTIDPOS_OK)
        return;
    if (gp_log_open_source(&log, "fuzz", s, GTIDPOS_VERIFY_ALL, window, &err) == GTIDPOS_OK &&
        gp_at(&log, pos, NULL, &r, &err) == GTIDPOS_OK)
        free(gp_at_result_set_text(&r));
    gp_at_result_free(&r);
    gp_log_close(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy of exactly size bytes: reads past it are caught. */
    uint8_t *copy = malloc(size ? size : 1);
    uint64_t pos = 4;

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    read_pieces(copy, size);
    walk(copy, size, GP_POS_END, 0);
    if (size >= 2)
        pos = 4 + (uint64_t)(data[size - 1] | data[size - 2] << 8);
    walk(copy, size, pos, 64);
    free(copy);
    return 0;
}
