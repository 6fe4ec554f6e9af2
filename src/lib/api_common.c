/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_common.c - helpers shared by the public API's files (api.h).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>

#include "binlog/event_names.h"

gtidpos_status gp_api_error(gtidpos_error *err, const gp_error *e)
{
    if (err != NULL) {
        int n = 0;
        err->code = (gtidpos_status)e->code;
        err->offset = e->offset;
        if (e->file[0] != '\0')
            n = snprintf(err->message, sizeof err->message, "%s: ", e->file);
        if (e->offset >= 0 && n >= 0 && (size_t)n < sizeof err->message)
            n += snprintf(err->message + n, sizeof err->message - (size_t)n,
                          "offset %lld: ", (long long)e->offset);
        if (n >= 0 && (size_t)n < sizeof err->message)
            snprintf(err->message + n, sizeof err->message - (size_t)n, "%s",
                     e->msg[0] ? e->msg : gp_strerror(e->code));
    }
    return (gtidpos_status)e->code;
}

gtidpos_status gp_api_usage(gtidpos_error *err, const char *what)
{
    if (err != NULL) {
        err->code = GTIDPOS_ERR_USAGE;
        err->offset = -1;
        snprintf(err->message, sizeof err->message, "%s", what);
    }
    return GTIDPOS_ERR_USAGE;
}

void gp_api_clear(gtidpos_error *err)
{
    if (err != NULL) {
        err->code = GTIDPOS_OK;
        err->offset = -1;
        err->message[0] = '\0';
    }
}

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


int gp_api_flavor(int flavor, gp_flavor *out)
{
    if (flavor == 0)
        *out = GP_FLAVOR_UNKNOWN;
    else if (flavor == GTIDPOS_FLAVOR_MYSQL)
        *out = GP_FLAVOR_MYSQL;
    else if (flavor == GTIDPOS_FLAVOR_MARIADB)
        *out = GP_FLAVOR_MARIADB;
    else
        return -1;
    return 0;
}
