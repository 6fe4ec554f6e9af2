/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api.h - what the files of the public API (src/lib/) share: the opaque
 * types' insides and the helpers that turn internal errors into public
 * ones.  Not installed.
 */
#ifndef GP_LIB_API_H
#define GP_LIB_API_H

#define GTIDPOS_BUILDING 1
#include "gtidpos.h" /* include/: the public header */

#include <stddef.h>

#include "walk/position.h"
#include "binlog/walker.h"
#include "common/error.h"

/* The options (gtidpos_options_*): what the walks are tuned by. */
struct gtidpos_options {
    gtidpos_verify verify;
    gtidpos_io io;
    int flavor;          /* 0, GTIDPOS_FLAVOR_MYSQL or _MARIADB (checked when used) */
    gp_log_tuning tune;  /* split_min, progress */
};
/* opt, or the defaults for NULL. */
const gtidpos_options *gp_api_options(const gtidpos_options *opt);
/* The walks' tuning of opt (the defaults for NULL). */
const gp_log_tuning *gp_api_tuning(const gtidpos_options *opt);

struct gtidpos_log {
    gp_log log;
    char *path;   /* owned: the walker keeps a pointer to it */
    int read_from; /* events were read: gtidpos_at needs a fresh log */
    gp_at_options at;
    gtidpos_options opt; /* a copy of the options it was opened with */
    gp_event last;  /* the event gtidpos_next_event returned last */
    int have_last;
    int pending;    /* gtidpos_seek read ahead: return last (1) or
                       pending_error (-1) next */
    gp_error pending_error;
};

struct gtidpos_set {
    gp_at_result r;
};

/* The public error: an internal record and its line, composed when it is
 * filled ("FILE: offset N: message"). */
struct gtidpos_error {
    gp_error e;
    char line[GP_ERROR_FILE_MAX + GP_ERROR_MSG_MAX + 48];
};

/* Where a checkpoint was found (gtidpos_where_*). */
struct gtidpos_where {
    char *file;
    uint64_t offset;
};
/* A new where holding a copy of file; NULL when out of memory. */
gtidpos_where *gp_api_where(const char *file, uint64_t offset);

/* err from an internal error (its code, offset and one line); the code. */
gtidpos_status gp_api_error(gtidpos_error *err, const gp_error *e);
/* GTIDPOS_ERR_USAGE with what as the message. */
gtidpos_status gp_api_usage(gtidpos_error *err, const char *what);
/* The emitters end their line; the API's strings do not. */
void gp_api_strip_newline(char *text, size_t len);
/* ev as the public event. */
void gp_api_event(gtidpos_event *out, const gp_event *ev);
/* An options flavor (0, GTIDPOS_FLAVOR_*) as the walk's; -1 when unknown. */
int gp_api_flavor(int flavor, gtidpos_flavor *out);
/* A new set holding r's answer (r is left empty); NULL when out of memory. */
gtidpos_set *gp_api_take_result(gp_at_result *r);

#endif
