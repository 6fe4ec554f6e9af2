/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_at.c - gtidpos at FILE[:POS]: the GTID set executed at a position.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "args.h"
#include "at_dm.h"
#include "at_emit.h"
#include "at_file.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "walk_opts.h"

static const char at_usage[] =
    "usage: gtidpos at FILE[:POS] [--flavor mysql|mariadb] [--json]\n"
    "                  [--verify none|gtid|all] [--io split|read|mmap]\n"
    GP_AT_DM_USAGE
    "       gtidpos at --before 'YYYY-MM-DD HH:MM:SS' PATH... [--json] [...]\n"
    "\n"
    "Print the GTID set executed at byte position POS of binlog or relay log\n"
    "FILE (POS omitted: the end of the file), on one line.  FILE may be a .gz\n"
    "or .zst of one, or - for standard input (-:POS at a position).\n"
    "\n"
    "  --before T     the last transaction committed before local time T (TZ\n"
    "                 applies), across PATH... (files, '-', directories) in\n"
    "                 order: the walk stops at the first event whose timestamp\n"
    "                 is T or later, as mysqlbinlog --stop-datetime does; prints\n"
    "                 FILE<TAB>END<TAB>SET for the last transaction that ended\n"
    "                 before that event (--json: the object 'at FILE:END\n"
    "                 --json' prints).  Exit 1 when none did.\n"
    "  --flavor F     mysql or mariadb (default: from the server version)\n"
    "  --json         one JSON object with the set, the last transaction and\n"
    "                 the warnings\n"
    "  --verify V     all: check every event's CRC32 (default); gtid: only\n"
    "                 the events decoded; none: no checksum check\n"
    "  --io M         split (default): read(); a plain file of 64 MiB or more\n"
    "                 (GTIDPOS_SPLIT_MIN bytes) is walked by two threads, one\n"
    "                 per half; read: read() on a second thread through a 1 MiB\n"
    "                 window, one walking thread; mmap: map the whole file\n"
    GP_AT_DM_HELP
    "  --label NAME   the name of '-' (standard input) in the output and messages\n"
    "  --files-from F, -0  (with --before) more PATHs from F, one per line, or\n"
    "                 NUL-terminated with -0 (- : standard input)\n"
    "  --progress, --no-progress  the progress line on stderr on or off\n"
    "                 (default: on when stderr is a terminal, TERM not dumb)\n"
    GP_AT_EMIT_HELP;

/*
 * Split FILE[:POS].  A name that exists as given is taken whole (file
 * names may contain ':'); otherwise the text after the last ':' is POS.
 * Returns a malloc'd file name, NULL after a usage error message.
 */
static char *split_file_pos(const char *arg, uint64_t *pos)
{
    struct stat st;
    const char *colon = strrchr(arg, ':');
    char *file;

    *pos = GTIDPOS_END;
    if (colon == NULL || stat(arg, &st) == 0)
        return strdup(arg);
    if (gp_parse_pos(colon + 1, pos) != 0) {
        gp_usage_error("position '%s' in '%s' is not a byte offset", colon + 1, arg);
        return NULL;
    }
    file = strndup(arg, (size_t)(colon - arg));
    return file;
}

/*
 * "-:POS" (standard input at POS) would be taken by getopt for a cluster
 * of options: take it out of argv before the options are parsed.
 */
static char *take_stdin_arg(int *argc, char **argv)
{
    for (int i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
        if (strncmp(argv[i], "-:", 2) == 0) {
            char *arg = argv[i];
            /* argv[*argc] is NULL: it moves down too */
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
            (*argc)--;
            return arg;
        }
    }
    return NULL;
}

/* "YYYY-MM-DD HH:MM:SS" (or with a 'T') in the local time zone, as
 * mysqlbinlog reads --stop-datetime: mktime, so TZ applies.  0 or -1. */
static int parse_local_time(const char *s, time_t *out)
{
    struct tm tm;
    char sep, extra;
    int n;

    memset(&tm, 0, sizeof tm);
    n = sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &extra);
    if (n != 7 || (sep != ' ' && sep != 'T') || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60 || tm.tm_year < 1970)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1; /* let the zone say whether DST is in force */
    *out = mktime(&tm);
    return *out == (time_t)-1 ? -1 : 0;
}

/* The last transaction that ended before the stopping event. */
typedef struct before_answer {
    time_t t;
    int found;
    size_t file;     /* index in the paths */
    uint64_t end;
    int stopped;     /* an event at or after T was met */
    size_t stop_file;
    uint64_t stop_offset;
    size_t current;  /* the file being walked */
    /* standard input cannot be read twice: its answer is kept as found */
    const gp_paths *paths;
    int json;
    gp_at_kept kept;
    int nomem;
} before_answer;

/* mysqlbinlog's --stop-datetime test, "ev->when >= stop_datetime", applies
 * to every event it reads, in file order (artificial events carry 0). */
static int before_event(void *ctx, const gtidpos_event *ev)
{
    before_answer *a = ctx;

    if ((time_t)gtidpos_event_timestamp(ev) < a->t)
        return 0;
    a->stopped = 1;
    a->stop_file = a->current;
    a->stop_offset = gtidpos_event_offset(ev);
    return 1;
}

static int before_boundary(void *ctx, const gtidpos_boundary *b)
{
    before_answer *a = ctx;

    a->found = 1;
    a->file = a->current;
    a->end = gtidpos_boundary_end(b);
    if (strcmp(a->paths->paths[a->current], "-") == 0 &&
        gp_at_keep(&a->kept, gtidpos_boundary_set(b), gp_paths_name(a->paths, a->current),
                   a->end, a->json) != 0)
        return a->nomem = a->stopped = 1;
    return 0;
}

/*
 * Walk the files in order, transaction by transaction, up to the first
 * event whose header timestamp is T or later.  Only the newest file may
 * end inside an event (a live server's, still in use: warned about).
 */
static int walk_before(const gp_paths *p, const gp_walk_opts *opt, before_answer *a,
                       gp_progress *prog)
{
    for (a->current = 0; a->current < p->n && !a->stopped; a->current++) {
        const char *path = p->paths[a->current];
        gtidpos_scan_summary *s = NULL;
        gtidpos_log *log = NULL;
        GP_ERROR_VAR(err);
        int status = GP_EXIT_OK;
        GP_OPTIONS_VAR(lopt, opt);

        if (gtidpos_open(&log, path, lopt, err) != GTIDPOS_OK ||
            gtidpos_scan(log, before_boundary, before_event, a, &s, err) != GTIDPOS_OK) {
            gp_progress_hold(prog);
            status = gp_paths_report(p, a->current, err);
        } else if (!gtidpos_scan_summary_stopped(s) &&
                   gtidpos_scan_summary_end(s) < gtidpos_scan_summary_size(s)) {
            gp_progress_hold(prog);
            path = gp_paths_name(p, a->current);
            if (a->current + 1 < p->n) {
                fprintf(stderr, "gtidpos: %s: offset %llu: the file ends inside an event, "
                                "and later files follow\n",
                        path, (unsigned long long)gtidpos_scan_summary_end(s));
                status = GP_EXIT_DAMAGED;
            } else {
                fprintf(stderr, "gtidpos: warning: %s: offset %llu: the last event is "
                                "incomplete (file in use or server crashed)\n",
                        path, (unsigned long long)gtidpos_scan_summary_end(s));
            }
        }
        gtidpos_scan_summary_free(s);
        gtidpos_close(log);
        gp_progress_file_done(prog);
        gp_progress_release(prog);
        if (status != GP_EXIT_OK)
            return status;
    }
    return GP_EXIT_OK;
}

static int cmd_at_before(const char *when, char *const *args, int nargs, int json,
                         const gp_walk_opts *opt, const gp_path_opts *po)
{
    gp_progress *prog;
    gp_walk_opts walk = *opt;
    gp_paths paths;
    GP_ERROR_VAR(perr);
    before_answer a;
    int status;

    if (parse_local_time(when, &a.t) != 0)
        return gp_usage_error("--before wants 'YYYY-MM-DD HH:MM:SS' (local time), not '%s'",
                              when);
    if (nargs < 1 && po->files_from == NULL)
        return gp_usage_error("at --before takes at least one PATH");
    if (gp_paths_collect(&paths, po, args, (size_t)nargs, perr) != GTIDPOS_OK)
        return gp_report(perr);
    if (paths.n == 0) {
        gp_paths_free(&paths);
        return gp_usage_error("at --before: --files-from %s names no PATH", po->files_from);
    }
    a.found = a.stopped = a.nomem = 0;
    a.paths = &paths;
    a.json = json;
    a.kept.out = a.kept.err = NULL;
    walk.io = GTIDPOS_IO_READ; /* the walk looks at every event: no split */
    prog = gp_progress_start("at", po->progress, &paths);
    status = walk_before(&paths, &walk, &a, prog);
    gp_progress_stop(prog);
    if (a.nomem) {
        fputs("gtidpos: out of memory\n", stderr);
        status = GP_EXIT_INTERNAL;
    } else if (status != GP_EXIT_OK) {
        status = gp_flush_stdout("answer", status);
    } else if (!a.found) {
        if (a.stopped)
            fprintf(stderr, "gtidpos: no transaction committed before %s in these files: "
                            "%s: offset %llu already has an event of that time or later\n",
                    when, gp_paths_name(&paths, a.stop_file), (unsigned long long)a.stop_offset);
        else
            fprintf(stderr, "gtidpos: no transaction in these files\n");
        status = gp_flush_stdout("answer", GP_EXIT_FINDING);
    } else if (a.kept.out != NULL && strcmp(paths.paths[a.file], "-") == 0) {
        status = gp_at_print_kept(&a.kept);
    } else if (json) {
        status = gp_at_file_as(paths.paths[a.file], gp_paths_name(&paths, a.file), a.end, opt, 1);
    } else {
        status = gp_at_file_tagged(paths.paths[a.file], gp_paths_name(&paths, a.file), a.end,
                                   opt);
    }
    gp_at_kept_free(&a.kept);
    gp_paths_free(&paths);
    return status;
}

int gp_cmd_at(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"flavor", required_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'j'},
        {"verify", required_argument, NULL, 'v'},
        {"io", required_argument, NULL, 'i'},
        {"before", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        GP_AT_DM_LONGOPTS,
        GP_PATH_LONGOPTS,
        GP_AT_EMIT_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    gp_walk_opts pub = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 0};
    gp_at_dm dm = {0};
    int json = 0, c, status;
    uint64_t pos;
    char *file, *stdin_arg = take_stdin_arg(&argc, argv);
    const char *before = NULL;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    gp_progress *prog;
    gp_paths one;

    if (gp_args_wants_help(argc, argv, ":h" GP_PATH_SHORTOPTS, longopts))
        return gp_print_help(at_usage);
    optind = 1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, ":h" GP_PATH_SHORTOPTS, longopts, NULL)) != -1) {
        if (gp_path_option(&po, c, optarg))
            continue;
        switch (c) {
        case 'f':
            if (gp_parse_flavor_option(optarg, &pub.flavor) != 0)
                return gp_usage_error("--flavor must be mysql or mariadb, not '%s'", optarg);
            break;
        case 'j':
            json = 1;
            break;
        case 'v':
            if (gp_parse_verify_option(optarg, &pub.verify) != 0)
                return gp_usage_error("--verify must be none, gtid or all, not '%s'", optarg);
            break;
        case 'i':
            if (strcmp(optarg, "split") == 0)
                pub.io = GTIDPOS_IO_DEFAULT;
            else if (strcmp(optarg, "read") == 0)
                pub.io = GTIDPOS_IO_READ;
            else if (strcmp(optarg, "mmap") == 0)
                pub.io = GTIDPOS_IO_MMAP;
            else
                return gp_usage_error("--io must be split, read or mmap, not '%s'", optarg);
            break;
        case 'R':
        case 'B':
        case 'S':
        case 'A':
            if (gp_at_dm_option(&dm, c, optarg) != 0)
                return GP_EXIT_USAGE;
            break;
        case 'b':
            before = optarg;
            break;
        GP_AT_EMIT_CASES:
            if (gp_at_emit_option(c, optarg) != 0)
                return GP_EXIT_USAGE;
            break;
        case 'h':
            return gp_print_help(at_usage);
        default:
            return gp_option_error(argv, c);
        }
    }
    if (gp_at_emit_check() != 0)
        return GP_EXIT_USAGE;
    json = json || gp_at_emit_json();
    if (before != NULL && gp_at_dm_wanted(&dm))
        return gp_usage_error("--before does not combine with --relay-dir, "
                              "--binlog-dir or --source-pos");
    if (before != NULL)
        return cmd_at_before(before, argv + optind, argc - optind, json, &pub, &po);
    if (po.files_from != NULL || po.null)
        return gp_usage_error("--files-from and -0 go with --before (at FILE takes one file)");
    if (argc - optind != (stdin_arg == NULL))
        return gp_usage_error("at takes one FILE[:POS] argument");
    if (gp_at_dm_wanted(&dm))
        return gp_at_dm_run(&dm, argv[optind], pub.flavor, json);
    if ((file = split_file_pos(stdin_arg ? stdin_arg : argv[optind], &pos)) == NULL)
        return GP_EXIT_USAGE;
    one.paths = &file;
    one.n = 1;
    one.label = po.label;
    prog = gp_progress_start("at", po.progress, &one);
    status = gp_at_file_as(file, gp_paths_name(&one, 0), pos, &pub, json);
    gp_progress_file_done(prog);
    gp_progress_stop(prog);
    free(file);
    return status;
}
