/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_dm_checkpoints.c - libFuzzer target: the checkpoint-table reader
 * (src/dm/checkpoints.c: mysql -B, boxed table, CSV).  On error nothing is
 * appended and a message is set; on success every row has a non-empty id
 * and name, and no two rows share an id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/checkpoints.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_dm_checkpoints t;
    gp_error e;

    gp_dm_checkpoints_init(&t);
    gp_error_clear(&e);
    if (gp_dm_checkpoints_parse(&t, (const char *)data, size, "fuzz", &e) != GTIDPOS_OK) {
        if (t.n != 0 || e.msg[0] == '\0')
            abort();
    } else {
        if (t.n == 0 || t.form == GTIDPOS_DM_TABLE_NONE)
            abort();
        for (size_t i = 0; i < t.n; i++) {
            if (t.rows[i].id[0] == '\0' || t.rows[i].name[0] == '\0')
                abort();
            if (gp_dm_checkpoints_find(&t, t.rows[i].id) != &t.rows[i])
                abort();
        }
    }
    gp_dm_checkpoints_free(&t);
    return 0;
}
