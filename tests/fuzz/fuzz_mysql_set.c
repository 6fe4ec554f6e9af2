/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_mysql_set.c - libFuzzer target: the MySQL GTID set text parser;
 * whatever parses must format back to text that parses to an equal set. */
#include <stdint.h>
#include <stdlib.h>

#include "gtid/mysql_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_mysql_set *a = gp_mysql_set_new(), *b = gp_mysql_set_new();
    char err[256];

    if (a && b && gp_mysql_set_parse(a, (const char *)data, size, err, sizeof err) == GP_GTID_OK) {
        char *text = gp_mysql_set_to_string(a);
        if (text != NULL) {
            size_t n = 0;
            while (text[n])
                n++;
            if (gp_mysql_set_parse(b, text, n, err, sizeof err) != GP_GTID_OK ||
                !gp_mysql_set_equal(a, b))
                abort();
            free(text);
        }
    }
    gp_mysql_set_free(a);
    gp_mysql_set_free(b);
    return 0;
}
