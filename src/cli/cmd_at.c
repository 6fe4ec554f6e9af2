/*
 * cmd_at.c - gtidpos at FILE[:POS]: the GTID set executed at a position.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "binlog/position.h"
#include "binlog/txn.h"
#include "binlog/walker.h"
#include "args_internal.h"
#include "at_dm.h"
#include "at_file.h"
#include "commands.h"
#include "exitcode.h"
#include "paths.h"

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
    GP_AT_DM_HELP;

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

    *pos = GP_POS_END;
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
    int found;
    size_t file;     /* index in the paths */
    uint64_t end;
    int stopped;     /* an event at or after T was met */
    size_t stop_file;
    uint64_t stop_offset;
    uint32_t stop_ts;
} before_answer;

/*
 * Walk the files in order, transaction by transaction, up to the first
 * event whose header timestamp is T or later (mysqlbinlog's
 * --stop-datetime test, "ev->when >= stop_datetime", applies to every
 * event it reads, in file order; artificial events carry 0).
 */
static gp_err walk_before(const gp_paths *p, time_t t, gp_verify verify, before_answer *a,
                          gp_error *err)
{
    memset(a, 0, sizeof *a);
    for (size_t i = 0; i < p->n && !a->stopped; i++) {
        gp_log log;
        gp_event ev;
        gp_txn txn, dropped;
        gp_txn_step step;
        gp_err rc = GP_OK;

        memset(&txn, 0, sizeof txn);
        if ((rc = gp_log_open(&log, p->paths[i], verify, err)) != GP_OK) {
            gp_log_close(&log);
            return rc;
        }
        while (gp_log_next(&log, &ev)) {
            if ((time_t)ev.timestamp >= t) {
                a->stopped = 1;
                a->stop_file = i;
                a->stop_offset = ev.offset;
                a->stop_ts = ev.timestamp;
                break;
            }
            if ((rc = gp_txn_feed(&txn, &ev, &log.fde, log.first_fde.flavor, &step, &dropped,
                                  p->paths[i], err)) != GP_OK)
                break;
            if (step == GP_STEP_ENDED) {
                a->found = 1;
                a->file = i;
                a->end = gp_event_end(&ev);
            }
        }
        if (rc == GP_OK && log.status != GP_OK) {
            /* The newest file of a live server may end inside an event. */
            if (log.status == GP_ERR_TRUNCATED && log.in_use && i + 1 == p->n)
                fprintf(stderr, "gtidpos: warning: %s: offset %lld: %s\n", p->paths[i],
                        (long long)log.err.offset, log.err.msg);
            else
                *err = log.err, rc = log.status;
        }
        gp_log_close(&log);
        if (rc != GP_OK)
            return rc;
    }
    return GP_OK;
}

static int cmd_at_before(const char *when, char *const *args, int nargs, int json,
                         gp_verify verify, const gtidpos_options *pub)
{
    gp_paths paths;
    gtidpos_error perr;
    gp_error err;
    before_answer a;
    time_t t;
    int status = GP_EXIT_OK;

    if (parse_local_time(when, &t) != 0)
        return gp_usage_error("--before wants 'YYYY-MM-DD HH:MM:SS' (local time), not '%s'",
                              when);
    if (nargs < 1)
        return gp_usage_error("at --before takes at least one PATH");
    gp_error_clear(&err);
    if (gp_paths_expand(&paths, args, (size_t)nargs, &perr) != GTIDPOS_OK)
        return gp_report(&perr);
    if (walk_before(&paths, t, verify, &a, &err) != GP_OK) {
        gp_report_error(&err);
        status = gp_exit_code(err.code);
    } else if (!a.found) {
        if (a.stopped)
            fprintf(stderr, "gtidpos: no transaction committed before %s in these files: "
                            "%s: offset %llu already has an event of that time or later\n",
                    when, paths.paths[a.stop_file], (unsigned long long)a.stop_offset);
        else
            fprintf(stderr, "gtidpos: no transaction in these files\n");
        status = GP_EXIT_FINDING;
    } else if (json) {
        status = gp_at_file(paths.paths[a.file], a.end, pub, 1);
    } else {
        status = gp_at_file_tagged(paths.paths[a.file], a.end, pub);
    }
    gp_paths_free(&paths);
    status = gp_flush_stdout("answer", status);
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
        {NULL, 0, NULL, 0},
    };
    /* opt and verify for the forms still on the internal API (--before,
     * the DM directories); pub for FILE[:POS], on the public one */
    gp_at_options opt = {GP_FLAVOR_UNKNOWN};
    gp_verify verify = GP_VERIFY_ALL;
    gtidpos_options pub = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 0};
    gp_at_dm dm = {0};
    int json = 0, c, status;
    uint64_t pos;
    char *file, *stdin_arg = take_stdin_arg(&argc, argv);
    const char *before = NULL;

    optind = 1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "mysql") == 0)
                opt.flavor = GP_FLAVOR_MYSQL, pub.flavor = GTIDPOS_FLAVOR_MYSQL;
            else if (strcmp(optarg, "mariadb") == 0)
                opt.flavor = GP_FLAVOR_MARIADB, pub.flavor = GTIDPOS_FLAVOR_MARIADB;
            else
                return gp_usage_error("--flavor must be mysql or mariadb, not '%s'", optarg);
            break;
        case 'j':
            json = 1;
            break;
        case 'v':
            if (gp_parse_verify_option(optarg, &pub.verify) != 0 ||
                gp_parse_verify(optarg, &verify) != 0)
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
            if (gp_at_dm_option(&dm, c, optarg) != 0)
                return GP_EXIT_USAGE;
            break;
        case 'b':
            before = optarg;
            break;
        case 'h':
            fputs(at_usage, stdout);
            return GP_EXIT_OK;
        case ':':
            return gp_usage_error("at: option '%s' needs a value", argv[optind - 1]);
        default:
            return gp_usage_error("at: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (before != NULL && gp_at_dm_wanted(&dm))
        return gp_usage_error("--before does not combine with --relay-dir, "
                              "--binlog-dir or --source-pos");
    if (before != NULL)
        return cmd_at_before(before, argv + optind, argc - optind, json, verify, &pub);
    if (argc - optind != (stdin_arg == NULL))
        return gp_usage_error("at takes one FILE[:POS] argument");
    if (gp_at_dm_wanted(&dm))
        return gp_at_dm_run(&dm, argv[optind], &opt, json);
    if ((file = split_file_pos(stdin_arg ? stdin_arg : argv[optind], &pos)) == NULL)
        return GP_EXIT_USAGE;
    status = gp_at_file(file, pos, &pub, json);
    free(file);
    return status;
}
