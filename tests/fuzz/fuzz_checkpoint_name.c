/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_checkpoint_name.c - libFuzzer target: DM checkpoint names
 * (gp_dm_checkpoint_parse), with and without ":POS".  Whatever parses must
 * give a non-empty upstream name without '/', ':' or '|', a digits-only
 * suffix, and parse again to the same result once printed back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/checkpoint_name.h"

static void check(const char *text, int with_pos)
{
    gp_dm_checkpoint c, again;
    gp_error e;
    char back[400];

    if (gp_dm_checkpoint_parse(&c, text, with_pos, &e) != GTIDPOS_OK) {
        if (e.msg[0] == '\0')
            abort();
        return;
    }
    if (c.upstream_name[0] == '\0' || strpbrk(c.upstream_name, "/:|") != NULL)
        abort();
    for (const char *p = c.suffix; *p; p++)
        if (*p < '0' || *p > '9')
            abort();
    if (c.suffix[0] != '\0') {
        const char *dot = strrchr(c.upstream_name, '.');
        if (dot == NULL)
            abort();
        snprintf(back, sizeof back, "%.*s|%s%s", (int)(dot - c.upstream_name), c.upstream_name,
                 c.suffix, dot);
    } else {
        snprintf(back, sizeof back, "%s", c.upstream_name);
    }
    if (with_pos)
        snprintf(back + strlen(back), sizeof back - strlen(back), ":%llu",
                 (unsigned long long)c.pos);
    if (gp_dm_checkpoint_parse(&again, back, with_pos, &e) != GTIDPOS_OK ||
        strcmp(again.upstream_name, c.upstream_name) != 0 ||
        strcmp(again.suffix, c.suffix) != 0 || again.pos != c.pos)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL inside ends the name, as in a C caller */
    check(text, 1);
    check(text, 0);
    free(text);
    return 0;
}
