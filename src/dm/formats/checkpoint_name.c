/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint_name.c - gp_dm_checkpoint_parse: DM checkpoint names.
 *
 * DM v1.0 records the syncer's position as a relay-log name: the upstream
 * base name, '|', the relay subdirectory suffix (six digits, "%06d"), '.',
 * and the upstream sequence number ("mysql-bin|000001.000123").  DM v2 and
 * plain binlogs have no '|' ("mysql-bin.000123").  The name becomes a file
 * name under a directory, so it may not contain '/' or be "." or "..".
 */
#include "dm/formats/checkpoint_name.h"

#include <string.h>

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static gtidpos_status bad(gp_error *e, const char *text, const char *why)
{
    return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "checkpoint '%.200s': %s", text, why);
}

gtidpos_status gp_dm_checkpoint_parse(gp_dm_checkpoint *c, const char *text, int with_pos,
                              gp_error *e)
{
    const char *colon, *bar, *name_end;
    size_t len = strlen(text);

    memset(c, 0, sizeof *c);
    name_end = text + len;
    if (with_pos) {
        uint64_t v = 0;
        colon = strrchr(text, ':');
        if (colon == NULL)
            return bad(e, text, "no ':POS' after the binlog name");
        if (!all_digits(colon + 1, strlen(colon + 1)))
            return bad(e, text, "the position after ':' must be decimal digits");
        for (const char *p = colon + 1; *p; p++) {
            unsigned d = (unsigned)(*p - '0');
            if (v > (UINT64_MAX - d) / 10)
                return bad(e, text, "the position is out of the 64-bit range");
            v = v * 10 + d;
        }
        c->pos = v;
        name_end = colon;
    }
    if (name_end == text)
        return bad(e, text, "empty binlog name");
    for (const char *p = text; p < name_end; p++)
        if ((unsigned char)*p <= ' ' || *p == '/' || *p == ':' || *p == 0x7f)
            return bad(e, text, "the binlog name may not contain '/', ':', spaces or "
                                "control characters");
    bar = memchr(text, '|', (size_t)(name_end - text));
    if (bar == NULL) {
        size_t n = (size_t)(name_end - text);
        if ((n == 1 && text[0] == '.') || (n == 2 && text[0] == '.' && text[1] == '.'))
            return bad(e, text, "not a binlog name");
        if (n >= sizeof c->upstream_name)
            return bad(e, text, "the binlog name is too long");
        memcpy(c->upstream_name, text, n);
        return GTIDPOS_OK;
    }
    /* base|SUFFIX.seq */
    {
        const char *rest = bar + 1, *dot;
        size_t base_len = (size_t)(bar - text), suffix_len, seq_len;
        if (base_len == 0)
            return bad(e, text, "empty base name before '|'");
        if (memchr(rest, '|', (size_t)(name_end - rest)) != NULL)
            return bad(e, text, "more than one '|'");
        dot = memchr(rest, '.', (size_t)(name_end - rest));
        if (dot == NULL)
            return bad(e, text, "'|' must be followed by SUFFIX.SEQUENCE (DM v1.0 relay name)");
        suffix_len = (size_t)(dot - rest);
        seq_len = (size_t)(name_end - dot - 1);
        if (!all_digits(rest, suffix_len))
            return bad(e, text, "the relay suffix after '|' must be digits");
        if (!all_digits(dot + 1, seq_len))
            return bad(e, text, "the sequence number after the suffix must be digits");
        if (suffix_len >= sizeof c->suffix)
            return bad(e, text, "the relay suffix is too long");
        if (base_len + 1 + seq_len >= sizeof c->upstream_name)
            return bad(e, text, "the binlog name is too long");
        memcpy(c->suffix, rest, suffix_len);
        memcpy(c->upstream_name, text, base_len);
        c->upstream_name[base_len] = '.';
        memcpy(c->upstream_name + base_len + 1, dot + 1, seq_len);
    }
    return GTIDPOS_OK;
}
