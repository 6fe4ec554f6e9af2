/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_events.c - gtidpos events PATH...: one line per event, with what
 * matters for positions decoded, selected as mariadb-binlog / mysqlbinlog
 * select them (the format and the rules: man gtidpos(1), EVENTS).
 * Written on the public library API alone (include/gtidpos.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "walk_opts.h"

static const char events_usage[] =
    "usage: gtidpos events PATH... [--start-position N|GTIDS] [--stop-position N|GTIDS]\n"
    "                      [--start-datetime T] [--stop-datetime T]\n"
    "                      [--include-gtids SET] [--exclude-gtids SET]\n"
    "                      [--do-domain-ids IDS | --ignore-domain-ids IDS]\n"
    "                      [--do-server-ids IDS | --ignore-server-ids IDS]\n"
    "                      [--gtid-strict-mode[=0|1] | --skip-gtid-strict-mode]\n"
    "                      [--json] [--verify none|gtid|all] [--files-from F [-0]]\n"
    "\n"
    "Print one line per event of the binlog or relay-log files, tab-separated:\n"
    "start end type server_id size timestamp info.  A PATH is a file (also\n"
    "a .gz or .zst of one), - for standard input, or a directory (its *.index\n"
    "order, else by number).  The options select events as mariadb-binlog's\n"
    "of the same names do (man gtidpos, EVENTS):\n"
    "\n"
    "  --start-position N  begin at byte N of the first file (an event boundary)\n"
    "  --start-position D-S-N,...  MariaDB: per domain, the groups after that GTID\n"
    "  --stop-position N   stop at the first event at or past byte N of the last file\n"
    "  --stop-position D-S-N,...   MariaDB: per domain, up to that GTID; only\n"
    "                      the domains listed\n"
    "  --start-datetime T  from the first event at or after T (local time, TZ)\n"
    "  --stop-datetime T   stop at the first event at or after T\n"
    "  --include-gtids SET MySQL: only the transactions of SET\n"
    "  --exclude-gtids SET MySQL: not the transactions of SET\n"
    "  --do-domain-ids IDS, --ignore-domain-ids IDS   MariaDB GTID domains\n"
    "  --do-server-ids IDS, --ignore-server-ids IDS   events' server ids\n"
    "                      (--server-id ID: --do-server-ids ID)\n"
    "  --gtid-strict-mode  check GTID positions against the files (default on)\n"
    "  --json              one JSON object per event\n"
    "  --verify V          all: check every event's CRC32 (default); gtid:\n"
    "                      only the events decoded; none: no checksum check\n"
    GP_PATH_HELP
    "                 (by default also off while stdout is a terminal: the\n"
    "                 events go there)\n";

typedef struct print_ctx {
    gtidpos_format format;
    gtidpos_status st;
    gtidpos_error *err; /* the command's own error object */
    gp_progress *prog;
    int listed;           /* an event was listed */
    uint64_t last_offset; /* of the last event listed */
} print_ctx;

static int print_event(void *ctx, const gtidpos_event *ev)
{
    print_ctx *c = ctx;
    char *line;

    /* offsets grow within a file: one that does not starts the next file */
    if (c->listed && gtidpos_event_offset(ev) <= c->last_offset)
        gp_progress_file_done(c->prog);
    c->listed = 1;
    c->last_offset = gtidpos_event_offset(ev);
    line = gtidpos_event_format(ev, c->format, c->err);

    if (line == NULL) {
        c->st = gtidpos_error_code(c->err);
        return 1;
    }
    puts(line);
    free(line);
    return 0;
}

static void print_warning(void *ctx, const char *msg)
{
    print_ctx *c = ctx;

    gp_progress_hold(c->prog);
    fflush(stdout); /* the events before it first */
    fprintf(stderr, "gtidpos: warning: %s\n", msg);
    gp_progress_release(c->prog);
}

enum {
    OPT_START_POS = 256, OPT_STOP_POS, OPT_START_TIME, OPT_STOP_TIME, OPT_INCLUDE,
    OPT_EXCLUDE, OPT_DO_DOMAINS, OPT_IGNORE_DOMAINS, OPT_DO_SERVERS, OPT_IGNORE_SERVERS,
    OPT_SERVER_ID, OPT_STRICT, OPT_NO_STRICT, OPT_JSON, OPT_VERIFY
};

/* The filter option's name for gtidpos_event_filter_set(). */
static const char *filter_name(int c)
{
    switch (c) {
    case OPT_START_POS: return "start-position";
    case OPT_STOP_POS: return "stop-position";
    case OPT_START_TIME: return "start-datetime";
    case OPT_STOP_TIME: return "stop-datetime";
    case OPT_INCLUDE: return "include-gtids";
    case OPT_EXCLUDE: return "exclude-gtids";
    case OPT_DO_DOMAINS: return "do-domain-ids";
    case OPT_IGNORE_DOMAINS: return "ignore-domain-ids";
    case OPT_DO_SERVERS: return "do-server-ids";
    case OPT_SERVER_ID: return "do-server-ids";
    case OPT_IGNORE_SERVERS: return "ignore-server-ids";
    default: return NULL;
    }
}

int gp_cmd_events(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"start-position", required_argument, NULL, OPT_START_POS},
        {"stop-position", required_argument, NULL, OPT_STOP_POS},
        {"start-datetime", required_argument, NULL, OPT_START_TIME},
        {"stop-datetime", required_argument, NULL, OPT_STOP_TIME},
        {"include-gtids", required_argument, NULL, OPT_INCLUDE},
        {"exclude-gtids", required_argument, NULL, OPT_EXCLUDE},
        {"do-domain-ids", required_argument, NULL, OPT_DO_DOMAINS},
        {"ignore-domain-ids", required_argument, NULL, OPT_IGNORE_DOMAINS},
        {"do-server-ids", required_argument, NULL, OPT_DO_SERVERS},
        {"ignore-server-ids", required_argument, NULL, OPT_IGNORE_SERVERS},
        {"server-id", required_argument, NULL, OPT_SERVER_ID},
        {"gtid-strict-mode", optional_argument, NULL, OPT_STRICT},
        {"skip-gtid-strict-mode", no_argument, NULL, OPT_NO_STRICT},
        {"json", no_argument, NULL, OPT_JSON},
        {"verify", required_argument, NULL, OPT_VERIFY},
        {"help", no_argument, NULL, 'h'},
        GP_PATH_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":h" GP_PATH_SHORTOPTS;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    /* io READ: a walk front to back gains nothing from the split */
    gp_walk_opts opt = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0};
    print_ctx pc = {GTIDPOS_FORMAT_TEXT, GTIDPOS_OK, NULL, NULL, 0, 0};
    gtidpos_event_filter *filter = NULL;
    gp_paths paths = {NULL, 0, NULL};
    GP_ERROR_VAR(err);
    gtidpos_status st;
    int c, rc = GP_EXIT_OK;
    size_t stdin_at = 0;

    pc.err = err; /* print_event's failure is the command's */

    if (gp_args_wants_help(argc, argv, shortopts, longopts)) /* --help anywhere */
        return gp_print_help(events_usage);
    if (gtidpos_event_filter_new(&filter, err) != GTIDPOS_OK)
        return gp_report(err);
    optind = 1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const char *name = filter_name(c);
        if (name != NULL) {
            if (gtidpos_event_filter_set(filter, name, optarg, err) != GTIDPOS_OK) {
                gtidpos_event_filter_free(filter);
                return gtidpos_error_code(err) == GTIDPOS_ERR_PARSE ? gp_usage_error("events: %s", gtidpos_error_line(err))
                                                     : gp_report(err);
            }
            continue;
        }
        if (gp_path_option(&po, c, optarg))
            continue;
        switch (c) {
        case OPT_STRICT:
        case OPT_NO_STRICT: {
            const char *v = c == OPT_NO_STRICT ? "0" : optarg == NULL ? "1" : optarg;
            if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "ON"))
                v = "1";
            else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "OFF"))
                v = "0";
            if (gtidpos_event_filter_set(filter, "gtid-strict-mode", v, err) != GTIDPOS_OK) {
                gtidpos_event_filter_free(filter);
                return gp_usage_error("events: %s", gtidpos_error_line(err));
            }
            break;
        }
        case OPT_JSON:
            pc.format = GTIDPOS_FORMAT_JSON;
            break;
        case OPT_VERIFY:
            if (gp_parse_verify_option(optarg, &opt.verify) != 0) {
                gtidpos_event_filter_free(filter);
                return gp_usage_error("events: --verify must be none, gtid or all, not '%s'",
                                      optarg);
            }
            break;
        case ':':
            gtidpos_event_filter_free(filter);
            return gp_usage_error("events: option '%s' needs a value", argv[optind - 1]);
        default:
            gtidpos_event_filter_free(filter);
            return gp_usage_error("events: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc && po.files_from == NULL) {
        gtidpos_event_filter_free(filter);
        return gp_usage_error("events takes one or more PATH arguments (or --files-from)");
    }
    st = gp_paths_collect(&paths, &po, argv + optind, (size_t)(argc - optind), err);
    if (st == GTIDPOS_OK && paths.n == 0) {
        gp_paths_free(&paths);
        gtidpos_event_filter_free(filter);
        return gp_usage_error("events: no PATH: --files-from listed none");
    }
    if (st == GTIDPOS_OK) {
        /* the events go to stdout: by default no line over them there */
        if (po.progress < 0 && isatty(STDOUT_FILENO))
            po.progress = 0;
        pc.prog = gp_progress_start("events", po.progress, &paths);
        GP_OPTIONS_VAR(lopt, &opt);
        st = gtidpos_events((const char *const *)paths.paths, paths.n, lopt, filter, print_event,
                            print_warning, &pc, err);
        if (pc.listed)
            gp_progress_file_done(pc.prog);
        gp_progress_stop(pc.prog);
        if (st == GTIDPOS_OK && pc.st != GTIDPOS_OK)
            st = pc.st; /* pc.err is err */
        while (stdin_at + 1 < paths.n && strcmp(paths.paths[stdin_at], "-") != 0)
            stdin_at++; /* where "-" is, to name it by its --label */
    }
    gtidpos_event_filter_free(filter);
    /* events already printed go out before the error line */
    if (gp_flush_stdout("events", GP_EXIT_OK) != GP_EXIT_OK) {
        gp_paths_free(&paths);
        return GP_EXIT_IO;
    }
    if (st == GTIDPOS_ERR_PARSE && gtidpos_error_offset(err) < 0)
        rc = gp_usage_error("events: %s", gtidpos_error_line(err)); /* the options contradict */
    else if (st != GTIDPOS_OK)
        rc = paths.n > 0 ? gp_paths_report(&paths, stdin_at, err) : gp_report(err);
    gp_paths_free(&paths);
    return rc;
}
