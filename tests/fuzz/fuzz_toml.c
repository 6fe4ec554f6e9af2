/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_toml.c - libFuzzer target: the strict TOML reader (src/dm/toml.c)
 * used for DM's relay.meta and dm-worker.toml.  Whatever parses must give
 * strings without NUL, tables that are dotted paths of non-empty parts,
 * keys that are one such part, and
 * every entry must be found again by its table and key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/toml.h"

/* A key part: not empty, no '.' (tables are named by their dotted path),
 * no NUL by construction.  Bare or quoted, so any other character. */
static void check_part(const char *s, size_t n)
{
    if (n == 0 || memchr(s, '.', n) != NULL)
        abort();
}

/* "" or parts joined by '.' */
static void check_path(const char *s, int may_be_empty)
{
    const char *dot;
    if (*s == '\0') {
        if (!may_be_empty)
            abort();
        return;
    }
    while ((dot = strchr(s, '.')) != NULL) {
        check_part(s, (size_t)(dot - s));
        s = dot + 1;
    }
    check_part(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_toml t;
    gp_error e;

    if (gp_toml_parse_buffer(&t, "fuzz", (const char *)data, size, &e) != GTIDPOS_OK) {
        if (t.n != 0 || e.msg[0] == '\0')
            abort();
        return 0;
    }
    for (size_t i = 0; i < t.n; i++) {
        const gp_toml_entry *ent = &t.entries[i];
        check_path(ent->table, 1);
        check_path(ent->key, 0);
        if (gp_toml_get(&t, ent->table, ent->key) != ent)
            abort();
        if (ent->type == GP_TOML_STRING && ent->str == NULL)
            abort();
    }
    gp_toml_free(&t);
    return 0;
}
