/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * meta_tables.c - the upgrade guide's preconditions ("no task is in full
 * export or import, in shard DDL coordination, or in online DDL
 * coordination"), read from dumps of the tables DM v1.0 keeps that state
 * in, beside the checkpoint table in the downstream's meta schema.  Table
 * definitions from DM v1.0.x (pingcap/dm):
 *
 *   <task>_syncer_sharding_meta (syncer/sharding-meta, ShardingGroupKeeper):
 *     source_id, target_table_id, source_table_id, active_index, is_global,
 *     data, ...  The syncer writes a sharding group's pending DDL items
 *     here while pessimistic shard DDL coordination is under way and
 *     deletes them when the group is resolved: any row is a DDL in flight.
 *   <task>_onlineddl (syncer/online_ddl.go, OnlineDDLStorage):
 *     id, ghost_schema, ghost_table, ddls, update_time.  A row is kept from
 *     the first DDL on a gh-ost/pt shadow table until the shadow table is
 *     renamed over the real one: any row is an online DDL in flight.
 *   <task>_loader_checkpoint (loader/checkpoint.go, RemoteCheckPoint):
 *     id, filename, cp_schema, cp_table, offset, end_pos, ...  A dump file
 *     is imported when offset reaches end_pos: a row with offset < end_pos
 *     is a full import not finished.
 */
#include "dm/formats/meta_tables.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/checkpoints.h"

static const char *const table_names[] = {"<task>_syncer_sharding_meta", "<task>_onlineddl",
                                          "<task>_loader_checkpoint"};

const char *gp_dm_meta_table_name(gp_dm_meta_table which)
{
    return (unsigned)which < 3 ? table_names[which] : "?";
}

static int need(const gp_dm_table *tb, const char *const *cols, int *idx, const char *file,
                gp_dm_meta_table which, gp_error *e, gtidpos_status *err)
{
    for (int i = 0; cols[i]; i++)
        if ((idx[i] = gp_dm_table_column(tb, cols[i])) < 0) {
            *err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                "a dump of %s needs a header with the column %s",
                                gp_dm_meta_table_name(which), cols[i]);
            return 0;
        }
    return 1;
}

/* The reason a precondition fails, malloc'd in *reason; GTIDPOS_ERR_NOMEM
 * when it cannot be. */
static gtidpos_status failing(char **reason, const char *file, gp_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static gtidpos_status failing(char **reason, const char *file, gp_error *e, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (*reason = malloc((size_t)n + 1)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    va_start(ap, fmt);
    vsnprintf(*reason, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return GTIDPOS_OK;
}

static int whole(const char *s, unsigned long long *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    *v = strtoull(s, &end, 10);
    return *end == '\0';
}

gtidpos_status gp_dm_check_meta_table(gp_dm_meta_table which, const char *text, size_t len,
                              const char *file, char **reason, gp_error *e)
{
    static const char *const sharding[] = {"source_id", "target_table_id", "source_table_id",
                                           NULL};
    static const char *const online[] = {"id", "ghost_schema", "ghost_table", NULL};
    static const char *const loader[] = {"id", "filename", "offset", "end_pos", NULL};
    gp_dm_table tb;
    int c[4];
    gtidpos_status err = GTIDPOS_OK;

    *reason = NULL;
    if ((err = gp_dm_table_parse(&tb, text, len, file, e)) != GTIDPOS_OK)
        return err;
    if (tb.ncols == 0) { /* mysql -B prints nothing for an empty result */
        gp_dm_table_free(&tb);
        return GTIDPOS_OK;
    }
    switch (which) {
    case GP_DM_SHARDING_META:
        if (need(&tb, sharding, c, file, which, e, &err) && tb.n > 0) {
            err = failing(reason, file, e,
                          "line %d: source %s, table %s -> %s: a shard DDL is being coordinated "
                          "(the syncer keeps pessimistic shard DDLs here until every shard has "
                          "run them); let it finish (dmctl show-ddl-locks) before upgrading",
                          tb.lines[0], tb.rows[0][c[0]], tb.rows[0][c[2]], tb.rows[0][c[1]]);
        }
        break;
    case GP_DM_ONLINEDDL:
        if (need(&tb, online, c, file, which, e, &err) && tb.n > 0) {
            err = failing(reason, file, e,
                          "line %d: source %s, shadow table %s.%s: an online DDL (gh-ost/pt) is in "
                          "flight; let the tool finish its cut-over before upgrading",
                          tb.lines[0], tb.rows[0][c[0]], tb.rows[0][c[1]], tb.rows[0][c[2]]);
        }
        break;
    case GP_DM_LOADER_CHECKPOINT:
        if (!need(&tb, loader, c, file, which, e, &err))
            break;
        for (size_t i = 0; i < tb.n; i++) {
            unsigned long long off, endp;
            if (!whole(tb.rows[i][c[2]], &off) || !whole(tb.rows[i][c[3]], &endp)) {
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                   "line %d: offset and end_pos must be whole numbers",
                                   tb.lines[i]);
                break;
            }
            if (off < endp) {
                err = failing(reason, file, e,
                              "line %d: source %s, file %s imported to offset %llu of %llu: the "
                              "full import is not finished; let the load unit finish before "
                              "upgrading",
                              tb.lines[i], tb.rows[i][c[0]], tb.rows[i][c[1]], off, endp);
                break;
            }
        }
        break;
    }
    gp_dm_table_free(&tb);
    return err;
}
