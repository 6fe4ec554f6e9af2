/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_mariadb_state.c - libFuzzer target: the MariaDB GTID state text
 * parser; whatever parses must format back to text that parses equal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gtid/mariadb_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_mariadb_state *a = gp_mariadb_state_new(), *b = gp_mariadb_state_new();
    char err[256];

    if (a && b && gp_mariadb_state_parse(a, (const char *)data, size, err, sizeof err) == GP_GTID_OK) {
        char *text = gp_mariadb_state_to_string(a);
        if (text != NULL) {
            if (gp_mariadb_state_parse(b, text, strlen(text), err, sizeof err) != GP_GTID_OK ||
                !gp_mariadb_state_equal(a, b))
                abort();
            free(text);
        }
    }
    gp_mariadb_state_free(a);
    gp_mariadb_state_free(b);
    return 0;
}
