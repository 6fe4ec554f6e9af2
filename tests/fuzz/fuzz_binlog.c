/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_binlog.c - libFuzzer target: the whole binlog parser (framing,
 * FDE, decoders, transaction boundaries) through gp_at(), at the end of the
 * input and at a position taken from its last bytes; and every event
 * through gp_event_describe() and both event-line formats (gtidpos events). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "walk/position.h"
#include "binlog/walker.h"
#include "emit/events.h"

static void answer(const uint8_t *data, size_t size, uint64_t pos, gtidpos_verify v)
{
    gp_log log;
    gp_error err;
    gp_at_result r;

    gp_at_result_init(&r);
    if (gp_log_open_buffer(&log, "fuzz", data, size, v, &err) == GTIDPOS_OK &&
        gp_at(&log, pos, NULL, &r, &err) == GTIDPOS_OK) {
        char *text = gp_at_result_set_text(&r);
        free(text);
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
}

static void describe_all(const uint8_t *data, size_t size)
{
    FILE *sink = fopen("/dev/null", "w");
    gp_log log;
    gp_error err;
    gp_event ev;

    if (sink == NULL)
        return;
    if (gp_log_open_buffer(&log, "fuzz", data, size, GTIDPOS_VERIFY_NONE, &err) == GTIDPOS_OK) {
        while (gp_log_next(&log, &ev)) {
            gp_event_info info;
            if (gp_event_describe(&ev, &log.fde, &info, "fuzz", &err) == GTIDPOS_OK) {
                gp_emit_event(sink, &info, GTIDPOS_FORMAT_TEXT);
                gp_emit_event(sink, &info, GTIDPOS_FORMAT_JSON);
            }
            gp_event_info_free(&info);
        }
    }
    gp_log_close(&log);
    fclose(sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy of exactly size bytes: reads past it are caught. */
    uint8_t *copy = malloc(size ? size : 1);
    uint64_t pos = 0;

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    answer(copy, size, GP_POS_END, GTIDPOS_VERIFY_NONE);
    answer(copy, size, GP_POS_END, GTIDPOS_VERIFY_ALL);
    if (size >= 2)
        pos = 4 + (uint64_t)(data[size - 1] | data[size - 2] << 8) % (size + 1);
    answer(copy, size, pos, GTIDPOS_VERIFY_GTID);
    describe_all(copy, size);
    free(copy);
    return 0;
}
