/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_task_yaml.c - libFuzzer target: the DM task reader and writer
 * (src/dm/task_yaml.c).  Whatever loads is written back with a meta for
 * every instance; the output must load again, with the new name, task-mode
 * incremental and a meta in every instance, and writing it a second time
 * must succeed and load again.  (Not byte for byte the same text: libyaml
 * writes some tags in another spelling the second time, "!<%21>" as "!".) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/task_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_dm_task *t = NULL, *t2 = NULL;
    gp_dm_meta *m;
    gp_error e;
    char *out = NULL, *out2 = NULL;
    size_t len, len2, n;

    gp_error_clear(&e);
    if (gp_dm_task_load(&t, (const char *)data, size, "fuzz", &e) != GTIDPOS_OK) {
        if (t != NULL || e.msg[0] == '\0')
            abort();
        return 0;
    }
    n = gp_dm_task_instance_count(t);
    m = calloc(n + 1, sizeof *m);
    if (m == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        m[i].source_id = gp_dm_task_instance_source(t, i);
        m[i].binlog_name = "mysql-bin.000001";
        m[i].binlog_pos = 4 + i;
        m[i].binlog_gtid = (i & 1) ? "0-1-2" : NULL;
    }
    if (gp_dm_task_write(t, "fuzz_v2", m, n, &out, &len, &e) == GTIDPOS_OK) {
        if (gp_dm_task_load(&t2, out, len, "out", &e) != GTIDPOS_OK)
            abort();
        if (strcmp(gp_dm_task_name(t2), "fuzz_v2") != 0 || gp_dm_task_mode(t2) == NULL ||
            strcmp(gp_dm_task_mode(t2), "incremental") != 0 ||
            gp_dm_task_instance_count(t2) != n)
            abort();
        for (size_t i = 0; i < n; i++) {
            if (!gp_dm_task_instance_has_meta(t2, i))
                abort();
            m[i].source_id = gp_dm_task_instance_source(t2, i);
        }
        if (gp_dm_task_write(t2, "fuzz_v2", m, n, &out2, &len2, &e) != GTIDPOS_OK)
            abort();
        gp_dm_task_free(t2);
        t2 = NULL;
        if (gp_dm_task_load(&t2, out2, len2, "out2", &e) != GTIDPOS_OK ||
            gp_dm_task_instance_count(t2) != n)
            abort();
    } else if (out != NULL || e.msg[0] == '\0') {
        abort();
    }
    free(out);
    free(out2);
    free(m);
    gp_dm_task_free(t2);
    gp_dm_task_free(t);
    return 0;
}
