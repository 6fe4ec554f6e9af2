/*
 * at_dm.c - `gtidpos at --relay-dir / --binlog-dir / --source-pos`.
 */
#include "at_dm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args_internal.h"
#include "at_answer.h"
#include "binlog/logdir.h"
#include "binlog/relaylog.h"
#include "commands.h"
#include "dm/resolve.h"
#include "exitcode.h"

int gp_at_dm_option(gp_at_dm *d, int c, const char *arg)
{
    if (gp_at_dm_wanted(d)) {
        gp_usage_error("at: --relay-dir, --binlog-dir and --source-pos exclude each other");
        return -1;
    }
    if (c == 'R')
        d->relay_dir = arg;
    else if (c == 'B')
        d->binlog_dir = arg;
    else
        d->source_pos = arg;
    return 0;
}

int gp_at_dm_wanted(const gp_at_dm *d)
{
    return d->relay_dir != NULL || d->binlog_dir != NULL || d->source_pos != NULL;
}

/* NAME[:POS] as a checkpoint; pos GP_POS_END without ":POS". */
static int parse_checkpoint(const char *arg, gp_dm_checkpoint *c, gp_error *e)
{
    if (gp_dm_checkpoint_parse(c, arg, strchr(arg, ':') != NULL, e) != GP_OK) {
        gp_usage_error("%s", e->msg);
        return -1;
    }
    if (strchr(arg, ':') == NULL)
        c->pos = GP_POS_END;
    return 0;
}

/* The relay files of a directory, or the one file named. */
static gp_err relay_files(const char *arg, gp_logdir *d, gp_error *e)
{
    struct stat st;

    memset(d, 0, sizeof *d);
    if (stat(arg, &st) != 0)
        return gp_error_set(e, GP_ERR_IO, arg, -1, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return gp_logdir_list(d, arg, e);
    d->paths = malloc(sizeof *d->paths);
    if (d->paths == NULL || (d->paths[0] = strdup(arg)) == NULL) {
        free(d->paths);
        d->paths = NULL;
        return gp_error_set(e, GP_ERR_NOMEM, arg, -1, "out of memory");
    }
    d->n = 1;
    return GP_OK;
}

int gp_at_dm_run(const gp_at_dm *d, const char *arg, const gp_at_options *opt, int json)
{
    gp_dm_checkpoint c;
    gp_at_result r;
    gp_error err;
    char used[1024] = "";
    gp_err rc;
    int status;

    gp_error_clear(&err);
    gp_at_result_init(&r);
    if (d->source_pos != NULL) {
        gp_logdir files;
        gp_relay_at where;
        if (parse_checkpoint(d->source_pos, &c, &err) != 0)
            return GP_EXIT_USAGE;
        if (c.suffix[0] != '\0')
            return gp_usage_error("--source-pos takes the source's binlog name, without '|'");
        rc = relay_files(arg, &files, &err);
        if (rc == GP_OK) {
            rc = gp_relaylog_at_source(files.paths, files.n, c.upstream_name, c.pos, opt, &r,
                                       &where, &err);
            if (rc == GP_OK) {
                snprintf(used, sizeof used, "%s", where.relay_path);
                fprintf(stderr, "gtidpos: source %s:%llu is %s offset %llu\n",
                        c.upstream_name, (unsigned long long)r.pos, where.relay_path,
                        (unsigned long long)where.relay_offset);
            }
        }
        gp_logdir_free(&files);
    } else {
        if (parse_checkpoint(arg, &c, &err) != 0)
            return GP_EXIT_USAGE;
        rc = gp_dm_resolve(d->relay_dir ? GP_DM_RELAY_DIR : GP_DM_BINLOG_DIR,
                           d->relay_dir ? d->relay_dir : d->binlog_dir, &c, opt, &r, used,
                           sizeof used, &err);
    }
    status = gp_at_answer(used, &r, rc, &err, json);
    gp_at_result_free(&r);
    return status;
}
