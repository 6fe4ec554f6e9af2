/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * at_dm.c - `gtidpos at --relay-dir / --binlog-dir / --source-pos`, on the
 * public library API (gtidpos_at_checkpoint, gtidpos_at_source) alone.
 */
#include "at_dm.h"

#include <stdio.h>
#include <string.h>

#include "at_emit.h"
#include "at_file.h"
#include "commands.h"
#include "exit_status.h"
#include "gtidpos_dm.h"
#include "walk_opts.h"

int gp_at_dm_option(gp_at_dm *d, int c, const char *arg)
{
    if (c != 'A' && (d->relay_dir != NULL || d->binlog_dir != NULL || d->source_pos != NULL)) {
        gp_usage_error("at: --relay-dir, --binlog-dir and --source-pos exclude each other");
        return -1;
    }
    if (c == 'A') {
        d->source_base = arg;
        return 0;
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
    return d->relay_dir != NULL || d->binlog_dir != NULL || d->source_pos != NULL ||
           d->source_base != NULL;
}

int gp_at_dm_run(const gp_at_dm *d, const char *arg, int flavor, int json)
{
    gp_walk_opts wo = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, flavor};
    GP_OPTIONS_VAR(opt, &wo);
    enum { AT_BINLOG, AT_REPLICA_RELAY, AT_DM_RELAY } kind = AT_BINLOG;
    const char *logs = d->binlog_dir, *checkpoint = arg;
    gtidpos_set *set = NULL;
    gtidpos_where *where = NULL;
    GP_ERROR_VAR(err);
    gtidpos_status st;
    int status;

    if (d->source_pos != NULL)
        kind = AT_REPLICA_RELAY, logs = arg, checkpoint = d->source_pos;
    else if (d->relay_dir != NULL)
        kind = AT_DM_RELAY, logs = d->relay_dir;
    if (d->source_base != NULL && d->source_pos == NULL)
        return gp_usage_error("at: --source-base goes with --source-pos");
    /* a malformed checkpoint or base is GTIDPOS_ERR_PARSE: exit 2, as a
     * usage error */
    if (kind == AT_REPLICA_RELAY)
        st = gtidpos_at_source(logs, checkpoint, d->source_base, opt, &set, &where, err);
    else if (kind == AT_DM_RELAY)
        st = gtidpos_dm_at_checkpoint(logs, checkpoint, opt, &set, &where, err);
    else
        st = gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, logs, checkpoint, opt, &set, &where,
                                   err);
    if (st != GTIDPOS_OK)
        return gp_flush_stdout("answer", gp_report(err));
    if (kind == AT_REPLICA_RELAY) {
        const char *colon = strrchr(checkpoint, ':');
        int name_len = (int)(colon != NULL ? (size_t)(colon - checkpoint) : strlen(checkpoint));
        fprintf(stderr, "gtidpos: source %.*s:%llu is %s offset %llu\n", name_len, checkpoint,
                (unsigned long long)gtidpos_set_position(set), gtidpos_where_file(where),
                (unsigned long long)gtidpos_where_offset(where));
    }
    gp_at_emit_checkpoint(kind == AT_DM_RELAY, checkpoint);
    status = gp_at_print(set, gtidpos_where_file(where), json);
    gtidpos_set_free(set);
    gtidpos_where_free(where);
    return status;
}
