/* fuzz_toml.c - libFuzzer target: the strict TOML reader (src/dm/toml.c)
 * used for DM's relay.meta and dm-worker.toml.  Whatever parses must give
 * strings without NUL, tables and keys made of bare-key characters, and
 * every entry must be found again by its table and key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/toml.h"

static void check_bare(const char *s, int may_be_empty)
{
    if (!may_be_empty && s[0] == '\0')
        abort();
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_toml t;
    gp_error e;

    if (gp_toml_parse_buffer(&t, "fuzz", (const char *)data, size, &e) != GP_OK) {
        if (t.n != 0 || e.msg[0] == '\0')
            abort();
        return 0;
    }
    for (size_t i = 0; i < t.n; i++) {
        const gp_toml_entry *ent = &t.entries[i];
        check_bare(ent->table, 1);
        check_bare(ent->key, 0);
        if (gp_toml_get(&t, ent->table, ent->key) != ent)
            abort();
        if (ent->type == GP_TOML_STRING && ent->str == NULL)
            abort();
    }
    gp_toml_free(&t);
    return 0;
}
