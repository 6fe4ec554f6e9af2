/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_span.c - the public API of the questions across files: find SET,
 * cover, diff (walk/find.c, cover.c, diff.c over walk/span.h).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk/cover.h"
#include "walk/diff.h"
#include "walk/find.h"

static int public_flavor(gtidpos_flavor f)
{
    return f == GTIDPOS_FLAVOR_MARIADB ? GTIDPOS_FLAVOR_MARIADB
           : f == GTIDPOS_FLAVOR_MYSQL ? GTIDPOS_FLAVOR_MYSQL
                                  : 0;
}

static void take_stats(gp_read_stats *out, const gp_span *s)
{
    out->files = s->n;
    out->files_walked = s->files_walked;
    out->header_bytes = s->header_bytes;
    out->walked_bytes = s->walked_bytes;
}

static gtidpos_status parse_error(gtidpos_error *err, const char *set, const char *why)
{
    gp_error e;

    gp_error_clear(&e);
    gp_error_set(&e, GTIDPOS_ERR_PARSE, NULL, -1, "'%s' is not a GTID set: %s", set, why);
    return gp_api_error(err, &e);
}

static gtidpos_status out_of_memory(gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    return gp_api_error(err, &e);
}

/* A transaction as the public one, its GTID formatted into buf. */
static void public_txn(gtidpos_txn *out, const gp_span *s, size_t file, const gp_txn *t,
                       uint64_t start, uint64_t end, uint32_t commit_time,
                       char buf[GTIDPOS_GTID_TEXT])
{
    gp_txn_gtid_text(t, buf, GTIDPOS_GTID_TEXT);
    out->file = s->paths[file];
    out->file_index = file;
    out->start = start;
    out->end = end;
    out->commit_time = commit_time;
    out->gtid = buf;
}

/* ---- find SET ---------------------------------------------------------- */

typedef struct find_call {
    const gp_span *s;
    gtidpos_txn_fn fn;
    void *ctx;
} find_call;

static gtidpos_status find_found(void *ctx, size_t file, const gp_txn *t, uint64_t start, uint64_t end,
                         uint32_t commit_time, gp_error *e)
{
    find_call *c = ctx;
    gtidpos_txn pt;
    char buf[GTIDPOS_GTID_TEXT];

    (void)e;
    public_txn(&pt, c->s, file, t, start, end, commit_time, buf);
    c->fn(c->ctx, &pt);
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_find_set(const char *const *files, size_t n, const char *set,
                                            int read_all, const gtidpos_options *opt,
                                            gtidpos_txn_fn fn, void *ctx,
                                            gtidpos_find_result **out, gtidpos_error *err)
{
    gtidpos_find_result *r;
    gp_target_set target;
    gp_find_set_result fr;
    gp_span span;
    gp_error e;
    char why[200] = "";
    gtidpos_status rc;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || files == NULL || n == 0 || set == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_find_set: NULL argument or no file");
    if (gp_target_set_parse(&target, set, why, sizeof why) != 0)
        return parse_error(err, set, why);
    if ((r = calloc(1, sizeof *r)) == NULL) {
        gp_target_set_free(&target);
        return out_of_memory(err);
    }
    *out = r;
    r->flavor = public_flavor(target.flavor);
    gp_error_clear(&e);
    rc = gp_span_open(&span, files, n, target.flavor, read_all, gp_api_tuning(opt), &e);
    if (rc == GTIDPOS_OK) {
        find_call c = {&span, fn, ctx};

        rc = gp_find_set(&span, &target, find_found, &c, &fr, &e);
        r->found = fr.found;
        r->older = fr.older;
        r->absent = fr.absent;
        take_stats(&r->stats, &span);
        gp_span_close(&span);
    }
    gp_target_set_free(&target);
    return rc == GTIDPOS_OK ? GTIDPOS_OK : gp_api_error(err, &e);
}

GTIDPOS_API void gtidpos_find_result_free(gtidpos_find_result *r)
{
    if (r == NULL)
        return;
    free(r->older);
    free(r->absent);
    free(r);
}

/* ---- cover ------------------------------------------------------------- */

GTIDPOS_API gtidpos_status gtidpos_cover(const char *const *files, size_t n, const char *set,
                                         int read_all, const gtidpos_options *opt,
                                         gtidpos_cover_result **out, gtidpos_error *err)
{
    gtidpos_cover_result *r;
    gp_mysql_set *mysql = NULL;
    gp_mariadb_state *mariadb = NULL;
    gtidpos_flavor flavor = strchr(set ? set : "", ':') ? GTIDPOS_FLAVOR_MYSQL : GTIDPOS_FLAVOR_MARIADB;
    gp_cover_result cr;
    gp_span span;
    gp_error e;
    char why[200] = "";
    gtidpos_status rc;
    int prc;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || files == NULL || n == 0 || set == NULL)
        return gp_api_usage(err, "gtidpos_cover: NULL argument or no file");
    if (flavor == GTIDPOS_FLAVOR_MYSQL)
        prc = (mysql = gp_mysql_set_new()) == NULL
                  ? GP_GTID_ENOMEM
                  : gp_mysql_set_parse(mysql, set, strlen(set), why, sizeof why);
    else
        prc = (mariadb = gp_mariadb_state_new()) == NULL
                  ? GP_GTID_ENOMEM
                  : gp_mariadb_state_parse(mariadb, set, strlen(set), why, sizeof why);
    if (prc != GP_GTID_OK) {
        gp_mysql_set_free(mysql);
        gp_mariadb_state_free(mariadb);
        return parse_error(err, set, why[0] ? why : "out of memory");
    }
    if ((r = calloc(1, sizeof *r)) == NULL) {
        gp_mysql_set_free(mysql);
        gp_mariadb_state_free(mariadb);
        return out_of_memory(err);
    }
    *out = r;
    r->flavor = public_flavor(flavor);
    r->first_file = n;
    gp_error_clear(&e);
    rc = gp_span_open(&span, files, n, flavor, read_all, gp_api_tuning(opt), &e);
    if (rc == GTIDPOS_OK) {
        rc = gp_cover(&span, mysql, mariadb, &cr, &e);
        r->first_file = cr.first_file;
        r->first_byte = cr.first_byte;
        r->first_commit_time = cr.commit_time;
        if (cr.first_file < n)
            gp_txn_gtid_text(&cr.first, r->first_gtid, sizeof r->first_gtid);
        r->missing = cr.missing;
        take_stats(&r->stats, &span);
        gp_span_close(&span);
    }
    gp_mysql_set_free(mysql);
    gp_mariadb_state_free(mariadb);
    return rc == GTIDPOS_OK ? GTIDPOS_OK : gp_api_error(err, &e);
}

GTIDPOS_API void gtidpos_cover_result_free(gtidpos_cover_result *r)
{
    if (r == NULL)
        return;
    free(r->missing);
    free(r);
}

/* ---- diff -------------------------------------------------------------- */

typedef struct diff_call {
    const gp_span *s[2];
    gtidpos_diff_fn fn;
    void *ctx;
} diff_call;

static gtidpos_status diff_found(void *ctx, int side, size_t file, const gp_txn *t, uint64_t start,
                         uint64_t end, uint32_t commit_time, gp_error *e)
{
    diff_call *c = ctx;
    gtidpos_txn pt;
    char buf[GTIDPOS_GTID_TEXT];

    (void)e;
    public_txn(&pt, c->s[side], file, t, start, end, commit_time, buf);
    c->fn(c->ctx, side, &pt);
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_diff(const char *const *a, size_t na, const char *const *b,
                                        size_t nb, int read_all, const gtidpos_options *opt,
                                        gtidpos_diff_fn fn, void *ctx,
                                        gtidpos_diff_result **out, gtidpos_error *err)
{
    gtidpos_diff_result *r;
    gp_span sa, sb;
    gp_diff_result dr;
    gp_error e;
    gtidpos_status rc;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || a == NULL || b == NULL || na == 0 || nb == 0 || fn == NULL)
        return gp_api_usage(err, "gtidpos_diff: NULL argument or no file");
    gp_error_clear(&e);
    if ((r = calloc(1, sizeof *r)) == NULL) {
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    *out = r;
    if ((rc = gp_span_open(&sa, a, na, GTIDPOS_FLAVOR_UNKNOWN, read_all, gp_api_tuning(opt), &e)) != GTIDPOS_OK)
        return gp_api_error(err, &e);
    if ((rc = gp_span_open(&sb, b, nb, sa.flavor, read_all, gp_api_tuning(opt), &e)) != GTIDPOS_OK) {
        gp_span_close(&sa);
        return gp_api_error(err, &e);
    }
    {
        diff_call c = {{&sa, &sb}, fn, ctx};

        r->flavor = public_flavor(sa.flavor);
        rc = gp_diff(&sa, &sb, diff_found, &c, &dr, &e);
        for (int i = 0; i < 2; i++) {
            r->end[i] = dr.end[i];
            r->only[i] = dr.only[i];
            r->count[i] = dr.count[i];
        }
        for (int i = 0; i < dr.n_split; i++)
            r->split[i] = dr.split[i];
        r->n_split = dr.n_split;
        take_stats(&r->stats[0], &sa);
        take_stats(&r->stats[1], &sb);
    }
    gp_span_close(&sa);
    gp_span_close(&sb);
    return rc == GTIDPOS_OK ? GTIDPOS_OK : gp_api_error(err, &e);
}

GTIDPOS_API void gtidpos_diff_result_free(gtidpos_diff_result *r)
{
    if (r == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        free(r->end[i]);
        free(r->only[i]);
        r->end[i] = r->only[i] = NULL;
    }
    for (int i = 0; i < r->n_split; i++)
        free(r->split[i]);
    free(r);
}
