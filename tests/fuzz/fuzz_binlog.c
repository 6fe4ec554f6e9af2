/* fuzz_binlog.c - libFuzzer target: the whole binlog parser (framing,
 * FDE, decoders, transaction boundaries) through gp_at(), at the end of the
 * input and at a position taken from its first bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/position.h"
#include "binlog/walker.h"

static void answer(const uint8_t *data, size_t size, uint64_t pos, gp_verify v)
{
    gp_log log;
    gp_error err;
    gp_at_result r;

    gp_at_result_init(&r);
    if (gp_log_open_buffer(&log, "fuzz", data, size, v, &err) == GP_OK &&
        gp_at(&log, pos, NULL, &r, &err) == GP_OK) {
        char *text = gp_at_result_set_text(&r);
        free(text);
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy of exactly size bytes: reads past it are caught. */
    uint8_t *copy = malloc(size ? size : 1);
    uint64_t pos = 0;

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    answer(copy, size, GP_POS_END, GP_VERIFY_NONE);
    answer(copy, size, GP_POS_END, GP_VERIFY_ALL);
    if (size >= 2)
        pos = 4 + (uint64_t)(data[size - 1] | data[size - 2] << 8) % (size + 1);
    answer(copy, size, pos, GP_VERIFY_GTID);
    free(copy);
    return 0;
}
