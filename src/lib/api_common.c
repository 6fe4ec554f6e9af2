/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_common.c - helpers shared by the public API's files (api.h).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/event_names.h"

/* The emitters end their line; the API's strings do not. */
void gp_api_strip_newline(char *text, size_t len)
{
    if (len > 0 && text[len - 1] == '\n')
        text[len - 1] = '\0';
}

void gp_api_event(gtidpos_event *out, const gp_event *ev)
{
    const char *name = gp_event_type_name(ev->type);

    out->offset = ev->offset;
    out->size = ev->size;
    out->type = ev->type;
    out->type_name = name != NULL ? name : "unknown";
    out->server_id = ev->server_id;
    out->timestamp = ev->timestamp;
    out->log_pos = ev->log_pos;
}

/* The summary's set: the result moves into a gtidpos_set. */
gtidpos_set *gp_api_take_result(gp_at_result *r)
{
    gtidpos_set *set = malloc(sizeof *set);

    if (set != NULL) {
        set->r = *r;
        gp_at_result_init(r);
    }
    return set;
}


int gp_api_flavor(int flavor, gtidpos_flavor *out)
{
    if (flavor == 0)
        *out = GTIDPOS_FLAVOR_UNKNOWN;
    else if (flavor == GTIDPOS_FLAVOR_MYSQL)
        *out = GTIDPOS_FLAVOR_MYSQL;
    else if (flavor == GTIDPOS_FLAVOR_MARIADB)
        *out = GTIDPOS_FLAVOR_MARIADB;
    else
        return -1;
    return 0;
}

gtidpos_where *gp_api_where(const char *file, uint64_t offset)
{
    gtidpos_where *w = malloc(sizeof *w);

    if (w == NULL || (w->file = strdup(file)) == NULL) {
        free(w);
        return NULL;
    }
    w->offset = offset;
    return w;
}

GTIDPOS_API const char *gtidpos_where_file(const gtidpos_where *w)
{
    return w != NULL ? w->file : "";
}

GTIDPOS_API uint64_t gtidpos_where_offset(const gtidpos_where *w)
{
    return w != NULL ? w->offset : 0;
}

GTIDPOS_API void gtidpos_where_free(gtidpos_where *w)
{
    if (w != NULL) {
        free(w->file);
        free(w);
    }
}
