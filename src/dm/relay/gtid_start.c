/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtid_start.c - works on the canonical text form ("uuid:1-5:7:tag:1-3"),
 * the one view of a set's intervals that mysql_set.h exports.
 */
#include "dm/relay/gtid_start.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Calls f(state, uuid, uuid_len, tag, tag_len, first, last) for each
 * interval of the canonical text. */
typedef void (*interval_fn)(void *state, const char *uuid, const char *tag, size_t tag_len,
                            unsigned long long first, unsigned long long last);

static void walk(const char *text, interval_fn f, void *state)
{
    const char *p = text;

    while (*p) {
        const char *uuid = p, *tag = NULL;
        size_t tag_len = 0;
        p += 36;
        while (*p == ':') {
            p++;
            if (isdigit((unsigned char)*p)) {
                char *end;
                unsigned long long a = strtoull(p, &end, 10), b = a;
                if (*end == '-')
                    b = strtoull(end + 1, &end, 10);
                f(state, uuid, tag, tag_len, a, b);
                p = end;
            } else {
                tag = p;
                while (*p && *p != ':' && *p != ',')
                    p++;
                tag_len = (size_t)(p - tag);
            }
        }
        if (*p == ',')
            p++;
    }
}

static void note_late(void *state, const char *uuid, const char *tag, size_t tag_len,
                      unsigned long long first, unsigned long long last)
{
    (void)uuid, (void)tag, (void)tag_len, (void)last;
    if (first > 1)
        *(int *)state = 1;
}

int gp_dm_gtid_has_late_start(const gp_mysql_set *s)
{
    char *text = gp_mysql_set_to_string(s);
    int late = 0;
    if (text == NULL)
        return 0;
    walk(text, note_late, &late);
    free(text);
    return late;
}

typedef struct widen {
    gp_mysql_set *out;
    int err;
} widen;

static void add_from_one(void *state, const char *uuid, const char *tag, size_t tag_len,
                         unsigned long long first, unsigned long long last)
{
    widen *w = state;
    gp_uuid u;
    (void)first;
    if (w->err || gp_uuid_parse(&u, uuid, 36) != GP_GTID_OK)
        return;
    w->err = gp_mysql_set_add_interval(w->out, &u, tag, tag_len, 1, last);
}

int gp_dm_gtid_widen_to_start(gp_mysql_set *s)
{
    char *text = gp_mysql_set_to_string(s);
    widen w = {gp_mysql_set_new(), GP_GTID_OK};
    int err;

    if (text == NULL || w.out == NULL) {
        free(text);
        gp_mysql_set_free(w.out);
        return GP_GTID_ENOMEM;
    }
    walk(text, add_from_one, &w);
    err = w.err != GP_GTID_OK ? w.err : gp_mysql_set_copy(s, w.out);
    free(text);
    gp_mysql_set_free(w.out);
    return err;
}
