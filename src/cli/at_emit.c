/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * at_emit.c - `gtidpos at ... --emit FORM`, on the public API
 * (gtidpos_set_emit) alone.
 */
#include "at_emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"
#include "walk_opts.h"

/* One `at` per process: the options live here until the answer is
 * printed. */
/* The --emit options given (NULL: not given). */
typedef struct emit_given {
    gtidpos_emit_form form;
    const char *replica_version, *connection, *replica_gtid_pos, *server_name, *client_id;
} emit_given;

static struct {
    int asked;              /* --emit given */
    emit_given opt;
    char source[1024];      /* the source binlog's name, when known */
} emit;

/* The library's emit options: binlog_file and what was given.  NULL after
 * a message (out of memory). */
static gtidpos_emit_options *library_options(const char *binlog_file, gtidpos_error *err)
{
    const char *const names[] = {"binlog-file", "replica-version", "connection",
                                 "replica-gtid-pos", "server-name", "client-id"};
    const char *const values[] = {binlog_file, emit.opt.replica_version, emit.opt.connection,
                                  emit.opt.replica_gtid_pos, emit.opt.server_name,
                                  emit.opt.client_id};
    gtidpos_emit_options *o = gtidpos_emit_options_new();

    for (size_t i = 0; o != NULL && i < sizeof names / sizeof names[0]; i++)
        if (values[i] != NULL && gtidpos_emit_options_set(o, names[i], values[i], err) != GTIDPOS_OK) {
            gtidpos_emit_options_free(o);
            o = NULL;
        }
    if (o == NULL)
        fprintf(stderr, "gtidpos: out of memory\n");
    return o;
}

int gp_at_emit_option(int c, const char *arg)
{
    int form;

    switch (c - GP_AT_EMIT_OPT) {
    case 1:
        if ((form = gtidpos_emit_form_parse(arg)) < 0) {
            gp_usage_error("--emit must be sql, debezium, maxwell, canal, flink or json, "
                           "not '%s'",
                           arg);
            return -1;
        }
        emit.asked = 1;
        emit.opt.form = (gtidpos_emit_form)form;
        return 0;
    case 2: emit.opt.replica_version = arg; return 0;
    case 3: emit.opt.connection = arg; return 0;
    case 4: emit.opt.replica_gtid_pos = arg; return 0;
    case 5: emit.opt.server_name = arg; return 0;
    case 6: emit.opt.client_id = arg; return 0;
    default: break;
    }
    gp_usage_error("at: unknown --emit option");
    return -1;
}

int gp_at_emit_check(void)
{
    const emit_given *o = &emit.opt;

    if (!emit.asked && (o->replica_version || o->connection || o->replica_gtid_pos ||
                        o->server_name || o->client_id)) {
        gp_usage_error("at: --replica-version, --connection, --replica-gtid-pos, "
                       "--server-name and --client-id go with --emit");
        return -1;
    }
    return 0;
}

int gp_at_emit_active(void)
{
    return emit.asked && emit.opt.form != GTIDPOS_EMIT_JSON;
}

int gp_at_emit_json(void)
{
    return emit.asked && emit.opt.form == GTIDPOS_EMIT_JSON;
}

void gp_at_emit_checkpoint(int dm_relay, const char *checkpoint)
{
    const char *colon = strrchr(checkpoint, ':'), *bar, *dot;
    size_t n = colon != NULL ? (size_t)(colon - checkpoint) : strlen(checkpoint);

    /* DM v1.0 names a relay file "BASE|SUFFIX.SEQ": the source's binlog
     * is BASE.SEQ, and DM keeps the source's offsets in its relay files */
    if (dm_relay && (bar = memchr(checkpoint, '|', n)) != NULL &&
        (dot = memchr(bar, '.', n - (size_t)(bar - checkpoint))) != NULL) {
        snprintf(emit.source, sizeof emit.source, "%.*s%.*s", (int)(bar - checkpoint),
                 checkpoint, (int)(n - (size_t)(dot - checkpoint)), dot);
        return;
    }
    snprintf(emit.source, sizeof emit.source, "%.*s", (int)n, checkpoint);
}

/* The base name of path, without a .gz or .zst suffix; "" for "-". */
static void source_from_path(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base != NULL ? base + 1 : path;
    n = strlen(base);
    if (strcmp(path, "-") == 0)
        n = 0;
    else if (n > 3 && strcmp(base + n - 3, ".gz") == 0)
        n -= 3;
    else if (n > 4 && strcmp(base + n - 4, ".zst") == 0)
        n -= 4;
    snprintf(out, cap, "%.*s", (int)n, base);
}

/*
 * A relay log, not a binlog: its header holds the replica's own
 * Format_description and then, after the source's Rotate, the source's
 * (MySQL and MariaDB write the source's FDE at the start of every relay
 * file); a binlog has one.  Its offsets are the replica's, not positions
 * a consumer can ask the primary for.  Only the first events are read.
 */
static int is_relay_log(const char *path)
{
    gp_walk_opts wo = {GTIDPOS_VERIFY_NONE, GTIDPOS_IO_INLINE, 0};
    GP_OPTIONS_VAR(opt, &wo);
    gtidpos_log *log = NULL;
    gtidpos_cursor *c = NULL;
    GP_ERROR_VAR(err);
    const gtidpos_event *ev;
    int fdes = 0;

    if (strcmp(path, "-") == 0 || gtidpos_open(&log, path, opt, err) != GTIDPOS_OK)
        return 0;
    if (gtidpos_cursor_open(&c, log, 4, err) == GTIDPOS_OK)
        for (int i = 0; i < 8 && gtidpos_cursor_next(c, &ev, err) == 1; i++)
            if (strcmp(gtidpos_event_type_name(ev), "Format_desc") == 0)
                fdes++;
    gtidpos_cursor_close(c);
    gtidpos_close(log);
    return fdes >= 2;
}

int gp_at_emit_print(const gtidpos_set *set, const char *file)
{
    emit_given o = emit.opt;
    gtidpos_emit_options *lib;
    GP_ERROR_VAR(err);
    char name[1024];
    char *text = NULL;
    gtidpos_status st;

    if (emit.source[0] != '\0') {
        snprintf(name, sizeof name, "%s", emit.source);
    } else if (is_relay_log(file)) {
        fprintf(stderr, "gtidpos: --emit refused: %s is a relay log: its offsets are the "
                        "replica's, not positions of the primary's binlog; give the "
                        "primary's binlog, or --source-pos SOURCE_FILE:POS with the "
                        "relay logs\n",
                file);
        return GP_EXIT_FINDING;
    } else {
        source_from_path(file, name, sizeof name);
    }
    if ((lib = library_options(name, err)) == NULL)
        return GP_EXIT_INTERNAL;
    gp_print_set_warnings(stderr, set);
    st = gtidpos_set_emit(set, o.form, lib, &text, err);
    gtidpos_emit_options_free(lib);
    if (st != GTIDPOS_OK) {
        fprintf(stderr, "gtidpos: --emit %s refused: %s\n",
                o.form == GTIDPOS_EMIT_SQL        ? "sql"
                : o.form == GTIDPOS_EMIT_DEBEZIUM ? "debezium"
                : o.form == GTIDPOS_EMIT_MAXWELL  ? "maxwell"
                : o.form == GTIDPOS_EMIT_CANAL    ? "canal"
                : o.form == GTIDPOS_EMIT_FLINK    ? "flink"
                                                  : "json",
                gtidpos_error_line(err));
        /* a refusal is exit 1 (the answer exists; the consumer cannot
         * take it), not gp_exit_for_status()'s 4 for UNSUPPORTED */
        if (gtidpos_error_code(err) == GTIDPOS_ERR_UNSUPPORTED)
            return GP_EXIT_FINDING;
        return gp_exit_for_status(gtidpos_error_code(err));
    }
    fputs(text, stdout);
    free(text);
    return GP_EXIT_OK;
}
