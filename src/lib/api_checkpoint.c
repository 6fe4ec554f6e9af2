/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_checkpoint.c - the public API's replication checkpoints
 * (gtidpos_at_checkpoint): a checkpoint name and position resolved to the
 * log file that holds it (dm/resolve.h, binlog/relaylog.h) and the set
 * there.
 */
#include "api.h"
#include "gtidpos_dm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binlog/logdir.h"
#include "walk/relaylog.h"
#include "dm/relay/crosscheck.h"
#include "dm/relay/resolve.h"

/* Where at_checkpoint() reads: gtidpos_logs, and the DM relay root of
 * gtidpos_dm_at_checkpoint() (gtidpos_dm.h). */
typedef enum at_kind { AT_BINLOG, AT_REPLICA_RELAY, AT_DM_RELAY } at_kind;

/* The file and offset found (where_file, where_offset: the public
 * gtidpos_where's, handed over as a copy). */
typedef struct found_at {
    char file[GP_ERROR_FILE_MAX];
    uint64_t offset;
} found_at;

/* The relay files of a directory, or the one file named. */
static gtidpos_status relay_files(const char *path, gp_logdir *d, gp_error *e)
{
    struct stat st;

    memset(d, 0, sizeof *d);
    if (stat(path, &st) != 0)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return gp_logdir_list(d, path, e);
    d->paths = malloc(sizeof *d->paths);
    if (d->paths == NULL || (d->paths[0] = strdup(path)) == NULL) {
        free(d->paths);
        d->paths = NULL;
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    }
    d->n = 1;
    return GTIDPOS_OK;
}

/* A replica's relay logs: the source position is found by the rotate and
 * the end_log_pos the relay log carries from the source. */
static gtidpos_status at_source(const char *path, const gp_dm_checkpoint *c, const char *base,
                        const gp_at_options *opt, gp_at_result *r, found_at *where,
                        gp_error *e)
{
    gp_logdir files;
    gp_relay_at at;
    gtidpos_status rc;

    if (c->suffix[0] != '\0')
        return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1,
                            "a source position takes the source's binlog name, without '|'");
    if ((rc = relay_files(path, &files, e)) == GTIDPOS_OK &&
        (rc = gp_relaylog_at_source(files.paths, files.n, c->upstream_name, c->pos, base, opt, r,
                                    &at, e)) == GTIDPOS_OK) {
        snprintf(where->file, sizeof where->file, "%s", at.relay_path);
        where->offset = at.relay_offset;
    }
    gp_logdir_free(&files);
    return rc;
}

/* The flavour of opt for the walk; -1 after a usage error. */
static int walk_options(const gtidpos_options *opt, gp_at_options *out, const char *fn,
                        gtidpos_error *err)
{
    char what[96];

    if (gp_api_flavor(gp_api_options(opt)->flavor, &out->flavor) == 0)
        return 0;
    snprintf(what, sizeof what, "%s: unknown flavor", fn);
    gp_api_usage(err, what);
    return -1;
}

/* fn: the public function, for usage errors. */
static gtidpos_status at_checkpoint(const char *fn, at_kind kind, const char *path,
                                    const char *checkpoint, const char *base,
                                    const gtidpos_options *opt, gtidpos_set **out,
                                    gtidpos_where **where, gtidpos_error *err)
{
    gp_at_options at_opt = {GTIDPOS_FLAVOR_UNKNOWN};
    int with_pos;
    found_at w;
    gp_dm_checkpoint c;
    gp_at_result r;
    gp_error e;
    gtidpos_status rc;

    char what[64];

    if (path == NULL || checkpoint == NULL || out == NULL) {
        snprintf(what, sizeof what, "%s: NULL argument", fn);
        return gp_api_usage(err, what);
    }
    *out = NULL;
    if (where != NULL)
        *where = NULL;
    if (walk_options(opt, &at_opt, fn, err) != 0)
        return GTIDPOS_ERR_USAGE;
    memset(&w, 0, sizeof w);
    gp_error_clear(&e);
    gp_at_result_init(&r);
    with_pos = strchr(checkpoint, ':') != NULL;
    rc = gp_dm_checkpoint_parse(&c, checkpoint, with_pos, &e);
    if (rc == GTIDPOS_OK && !with_pos)
        c.pos = GP_POS_END;
    if (rc == GTIDPOS_OK && kind == AT_REPLICA_RELAY) {
        rc = at_source(path, &c, base, &at_opt, &r, &w, &e);
    } else if (rc == GTIDPOS_OK) {
        rc = gp_dm_resolve(kind == AT_BINLOG ? GP_DM_BINLOG_DIR : GP_DM_RELAY_DIR,
                           path, &c, &at_opt, &r, w.file, sizeof w.file, &e);
        w.offset = r.pos;
    }
    if (rc == GTIDPOS_OK && (*out = gp_api_take_result(&r)) == NULL)
        rc = gp_error_set(&e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    if (rc == GTIDPOS_OK && where != NULL && (*where = gp_api_where(w.file, w.offset)) == NULL) {
        rc = gp_error_set(&e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
        gtidpos_set_free(*out);
        *out = NULL;
    }
    gp_at_result_free(&r);
    return rc != GTIDPOS_OK ? gp_api_error(err, &e) : GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_at_checkpoint(gtidpos_logs kind, const char *path,
                                                 const char *checkpoint,
                                                 const gtidpos_options *opt,
                                                 gtidpos_set **out, gtidpos_where **where,
                                                 gtidpos_error *err)
{
    if (kind != GTIDPOS_LOGS_BINLOG && kind != GTIDPOS_LOGS_REPLICA_RELAY)
        return gp_api_usage(err, "gtidpos_at_checkpoint: unknown kind of logs");
    return at_checkpoint("gtidpos_at_checkpoint",
                         kind == GTIDPOS_LOGS_BINLOG ? AT_BINLOG : AT_REPLICA_RELAY, path,
                         checkpoint, NULL, opt, out, where, err);
}

GTIDPOS_API gtidpos_status gtidpos_dm_at_checkpoint(const char *relay_root,
                                                    const char *checkpoint,
                                                    const gtidpos_options *opt,
                                                    gtidpos_set **out, gtidpos_where **where,
                                                    gtidpos_error *err)
{
    return at_checkpoint("gtidpos_dm_at_checkpoint", AT_DM_RELAY, relay_root, checkpoint, NULL,
                         opt, out, where, err);
}

GTIDPOS_API gtidpos_status gtidpos_at_source(const char *relay_path, const char *source_pos,
                                             const char *source_base,
                                             const gtidpos_options *opt, gtidpos_set **out,
                                             gtidpos_where **where, gtidpos_error *err)
{
    return at_checkpoint("gtidpos_at_source", AT_REPLICA_RELAY, relay_path, source_pos,
                         source_base, opt, out, where, err);
}

GTIDPOS_API gtidpos_status gtidpos_dm_check_relay(const char *dir, const gtidpos_options *opt,
                                                  gtidpos_problem_fn fn, void *ctx,
                                                  gtidpos_error *err)
{
    gp_at_options at_opt;
    char **lines = NULL;
    size_t n = 0;
    gp_error e;

    if (dir == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_dm_check_relay: NULL argument");
    if (walk_options(opt, &at_opt, "gtidpos_dm_check_relay", err) != 0)
        return GTIDPOS_ERR_USAGE;
    gp_error_clear(&e);
    if (gp_dm_relay_crosscheck(dir, &at_opt, &lines, &n, &e) != GTIDPOS_OK)
        return gp_api_error(err, &e);
    for (size_t i = 0; i < n; i++)
        fn(ctx, dir, -1, 0, lines[i]);
    gp_dm_lines_free(lines, n);
    return GTIDPOS_OK;
}
