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

void gp_api_event(gtidpos_event *out, const gp_event *ev, const gp_log *log)
{
    out->ev = *ev;
    out->fde = &log->fde;
    out->path = log->name;
}

GTIDPOS_API uint64_t gtidpos_event_offset(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.offset : 0;
}

GTIDPOS_API uint32_t gtidpos_event_size(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.size : 0;
}

GTIDPOS_API uint8_t gtidpos_event_type(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.type : 0;
}

GTIDPOS_API const char *gtidpos_event_type_name(const gtidpos_event *ev)
{
    const char *name = ev != NULL ? gp_event_type_name(ev->ev.type) : NULL;

    return name != NULL ? name : "unknown";
}

GTIDPOS_API uint32_t gtidpos_event_server_id(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.server_id : 0;
}

GTIDPOS_API uint32_t gtidpos_event_timestamp(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.timestamp : 0;
}

GTIDPOS_API uint32_t gtidpos_event_log_pos(const gtidpos_event *ev)
{
    return ev != NULL ? ev->ev.log_pos : 0;
}

GTIDPOS_API uint64_t gtidpos_boundary_start(const gtidpos_boundary *b)
{
    return b != NULL ? b->start : 0;
}

GTIDPOS_API uint64_t gtidpos_boundary_end(const gtidpos_boundary *b)
{
    return b != NULL ? b->end : 0;
}

GTIDPOS_API uint32_t gtidpos_boundary_timestamp(const gtidpos_boundary *b)
{
    return b != NULL ? b->timestamp : 0;
}

GTIDPOS_API const char *gtidpos_boundary_gtid(const gtidpos_boundary *b)
{
    return b != NULL && b->gtid != NULL ? b->gtid : "";
}

GTIDPOS_API const gtidpos_set *gtidpos_boundary_set(const gtidpos_boundary *b)
{
    return b != NULL ? b->set : NULL;
}

GTIDPOS_API const char *gtidpos_txn_file(const gtidpos_txn *t)
{
    return t != NULL ? t->file : "";
}

GTIDPOS_API size_t gtidpos_txn_file_index(const gtidpos_txn *t)
{
    return t != NULL ? t->file_index : 0;
}

GTIDPOS_API uint64_t gtidpos_txn_start(const gtidpos_txn *t)
{
    return t != NULL ? t->start : 0;
}

GTIDPOS_API uint64_t gtidpos_txn_end(const gtidpos_txn *t)
{
    return t != NULL ? t->end : 0;
}

GTIDPOS_API uint32_t gtidpos_txn_commit_time(const gtidpos_txn *t)
{
    return t != NULL ? t->commit_time : 0;
}

GTIDPOS_API const char *gtidpos_txn_gtid(const gtidpos_txn *t)
{
    return t != NULL && t->gtid != NULL ? t->gtid : "";
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
