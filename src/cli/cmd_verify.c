/*
 * cmd_verify.c - gtidpos verify PATH...: check every event of every file,
 * and the joins between consecutive files of one server.  Written on the
 * public library API alone (include/gtidpos.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "records.h"

static const char verify_usage[] =
    "usage: gtidpos verify PATH... [--files-from F [-0]] [--label NAME]\n"
    "                      [--progress | --no-progress]\n"
    "\n"
    "Check binlogs and relay logs: every event's CRC32, lengths and end_log_pos,\n"
    "the in-use flag, a cut tail, and that each file's starting set\n"
    "(Previous_gtids / Gtid_list) equals the set at the end of the file before\n"
    "it (same base name, higher number).  PATH is a file, '-' (standard input)\n"
    "or a directory (its log files in *.index order, else by number).\n"
    "\n"
    "Prints one line per problem, 'FILE: offset N: problem' (notes say\n"
    "'note:'), then one summary line per file:\n"
    "  FILE: summary: events=N bytes=N problems=N flavor=F in_use=yes|no relay=yes|no\n"
    "and a last line 'total: files=N problems=N'.\n"
    "A gzip or zstd archive (told by its first bytes) is checked as the binlog\n"
    "it holds; when the archive itself is damaged or cut short, wherever that\n"
    "falls (header, compressed data, trailer), the events before the damage are\n"
    "checked and the damage is reported with the binlog offset reached.\n"
    "Exit status: 0 no problem, 1 problems found, 2 usage, 3 a file could not\n"
    "be read, 4 a file is not a binlog (also a file shorter than a gzip or zstd\n"
    "magic number), 5 a gzip or zstd archive is damaged or cut short (as for\n"
    "`gtidpos at`), 7 a file is encrypted (3, 4, 5 and 7 win over 1).\n"
    "File names are written with TSV's escapes (\\\\ \\t \\n \\r).\n"
    "\n"
    GP_PATH_HELP;

typedef struct tally {
    unsigned problems;
    const char *path, *name; /* the file checked, and its name (--label) */
} tally;

/* A file name as the lines show it: its --label, TSV's escapes (a TAB or
 * newline in a name must not split a line). */
static void put_name(const tally *t, const char *file)
{
    gp_put_tsv(stdout, t->path != NULL && strcmp(file, t->path) == 0 ? t->name : file);
}

static void print_report(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    tally *t = ctx;

    if (!note)
        t->problems++;
    gp_progress_hold_active(); /* a problem found mid-file: off the line */
    put_name(t, file);
    if (offset >= 0)
        printf(": offset %lld: %s%s\n", (long long)offset, note ? "note: " : "", msg);
    else
        printf(": %s%s\n", note ? "note: " : "", msg);
    fflush(stdout);
    gp_progress_release_active();
}

/* Same server's consecutive logs: same base name, a higher number. */
static int same_series(const char *prev, const char *next, long long *gap)
{
    const char *a = strrchr(prev, '/'), *b = strrchr(next, '/');
    size_t la, lb;
    long long sa, sb;

    a = a ? a + 1 : prev;
    b = b ? b + 1 : next;
    sa = gtidpos_log_number(a, &la);
    sb = gtidpos_log_number(b, &lb);
    if (sa < 0 || sb <= sa || la != lb || strncmp(a, b, la) != 0)
        return 0;
    *gap = sb - sa - 1;
    return 1;
}

static const char *yes_no(int v)
{
    return v ? "yes" : "no";
}

static const char *flavor_name(int flavor)
{
    return flavor == GTIDPOS_FLAVOR_MYSQL     ? "mysql"
           : flavor == GTIDPOS_FLAVOR_MARIADB ? "mariadb"
                                              : "unknown";
}

int gp_cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        GP_PATH_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":h" GP_PATH_SHORTOPTS;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    gp_progress *prog;
    int c, status = GP_EXIT_OK, hard = GP_EXIT_OK;
    gp_paths paths;
    gtidpos_error perr;
    tally total = {0};
    int prev_ok = 0;

    if (gp_args_wants_help(argc, argv, shortopts, longopts))
        return gp_print_help(verify_usage);
    optind = 1;
    opterr = 0;
    /* no '+': options may follow the PATHs ("--" ends them) */
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (gp_path_option(&po, c, optarg))
            continue;
        if (c == 'h')
            return gp_print_help(verify_usage);
        return gp_option_error(argv, c);
    }
    if (argc - optind < 1 && po.files_from == NULL)
        return gp_usage_error("verify takes at least one PATH");
    if (gp_paths_collect(&paths, &po, argv + optind, (size_t)(argc - optind), &perr) !=
        GTIDPOS_OK)
        return gp_report(&perr);
    if (paths.n == 0) {
        gp_paths_free(&paths);
        return gp_usage_error("verify: --files-from %s names no PATH", po.files_from);
    }
    prog = gp_progress_start("verify", po.progress, &paths);
    for (size_t i = 0; i < paths.n; i++) {
        const char *f = paths.paths[i];
        int last = i + 1 == paths.n;
        gtidpos_check_summary s;
        gtidpos_error err;
        tally t = {0, f, gp_paths_name(&paths, i)};
        long long gap;
        int done;

        done = gtidpos_check_file(f, &s, print_report, &t, &err) == GTIDPOS_OK;
        gp_progress_file_done(prog);
        gp_progress_hold(prog);
        if (!done) {
            /* Unreadable or not a binlog: say so, go on with the others.
             * The message starts with the file's name. */
            size_t n = strlen(f);
            put_name(&t, f);
            fputs(strncmp(err.message, f, n) == 0 ? err.message + n : err.message, stdout);
            putchar('\n');
            t.problems++;
            if (hard == GP_EXIT_OK)
                hard = gp_exit_for_status(err.code);
            put_name(&t, f);
            fputs(": summary: unreadable\n", stdout);
            gp_progress_release(prog);
            total.problems += t.problems;
            prev_ok = 0;
            continue;
        }
        /* The server sets LOG_EVENT_BINLOG_IN_USE_F on the first FDE when
         * it opens a file and clears it when it closes the file: only the
         * newest file may still be open. */
        if (s.stop == GTIDPOS_ERR_ENCRYPTED && hard == GP_EXIT_OK)
            hard = GP_EXIT_ENCRYPTED;
        /* A damaged archive is damaged input, as for `at` (exit 5), wherever
         * the cut or the damage falls: in the first block (the open fails,
         * above) or later (the walk stops there). */
        if (s.archive_damaged && hard == GP_EXIT_OK)
            hard = GP_EXIT_DAMAGED;
        if (s.in_use && !last)
            print_report(&t, f, -1, 0,
                         "marked in use but not the last file: the server crashed while "
                         "writing it, or it was copied while being written");
        else if (s.in_use)
            print_report(&t, f, -1, 1,
                         "marked in use: still being written, or the server crashed");
        if (!s.positions_checked)
            print_report(&t, f, -1, 1,
                         "binlog v1/v3 (before MySQL 5.0): end_log_pos not checked");
        if (i > 0 && prev_ok && same_series(paths.paths[i - 1], f, &gap)) {
            unsigned before = t.problems;
            if (gtidpos_check_chain(paths.paths[i - 1], f, print_report, &t) && gap > 0 &&
                t.problems == before)
                print_report(&t, f, -1, 1,
                             "file numbers skip from the previous file, but the GTID sets "
                             "chain");
        }
        put_name(&t, f);
        printf(": summary: events=%llu bytes=%llu problems=%u flavor=%s in_use=%s "
               "relay=%s\n",
               (unsigned long long)s.events, (unsigned long long)s.bytes, t.problems,
               flavor_name(s.flavor), yes_no(s.in_use), yes_no(s.relay));
        total.problems += t.problems;
        prev_ok = 1;
        gp_progress_release(prog);
    }
    gp_progress_stop(prog);
    printf("total: files=%zu problems=%u\n", paths.n, total.problems);
    if (total.problems > 0)
        status = GP_EXIT_FINDING;
    if (hard != GP_EXIT_OK)
        status = hard;
    status = gp_flush_stdout("answer", status);
    gp_paths_free(&paths);
    return status;
}
