/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_relay.c - libFuzzer target: the relay-log walks beside gp_at(): the
 * DM relay-file scan (src/dm/relay/relay_scan.c, hooks on the engine:
 * dummy events, holes, header state, transactions) and the replica
 * relay-log source mapping (src/walk/relaylog.c: log_pos arithmetic,
 * Rotate names).  Both read files, so the input is written to a private file;
 * the position asked for comes from the input's last bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "walk/relaylog.h"
#include "dm/relay/relay_scan.h"

static char path[64];

static void at_source(const char *name, uint64_t pos)
{
    char *paths[1] = {path};
    gp_at_result r;
    gp_relay_at where;
    gp_error e;

    gp_at_result_init(&r);
    if (gp_relaylog_at_source(paths, 1, name, pos, NULL, NULL, &r, &where, &e) == GTIDPOS_OK) {
        char *text = gp_at_result_set_text(&r);
        free(text);
    }
    gp_at_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f;
    gp_dm_scan s;
    gp_error e;
    uint64_t pos = GP_POS_END;
    char next[256] = "";

    if (path[0] == '\0')
        snprintf(path, sizeof path, "/tmp/fuzz_relay.%d", (int)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    if (size >= 2)
        pos = (uint64_t)data[size - 2] | (uint64_t)data[size - 1] << 8;
    if (gp_dm_scan_file(&s, path, NULL, pos, &e) == GTIDPOS_OK && s.rotates)
        memcpy(next, s.next_name, sizeof next);
    gp_dm_scan_free(&s);
    gp_dm_scan_free(&s); /* a second free of a freed scan is a no-op */
    if (gp_dm_scan_file(&s, path, NULL, GP_POS_END, &e) == GTIDPOS_OK) {
        for (size_t i = 0; i < s.n_holes; i++)
            if (s.holes[i].start >= s.holes[i].end || s.holes[i].end > s.end)
                abort();
        for (size_t i = 0; i < s.n_txns; i++)
            if (s.txns[i].start >= s.txns[i].end || s.txns[i].end > s.end)
                abort();
    }
    gp_dm_scan_free(&s);
    at_source("mysql_bin.000011", pos);
    at_source("bin.000001", GP_POS_END);
    if (next[0] != '\0')
        at_source(next, pos);
    unlink(path);
    return 0;
}
