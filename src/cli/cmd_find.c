/*
 * cmd_find.c - gtidpos find GTID PATH...: which file and byte range hold a
 * transaction, or which file's starting set shows it is older than them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/find.h"
#include "binlog/format.h"
#include "binlog/position.h"
#include "binlog/txn.h"
#include "binlog/walker.h"
#include "commands.h"
#include "exitcode.h"
#include "paths.h"

static const char find_usage[] =
    "usage: gtidpos find GTID PATH...\n"
    "\n"
    "PATH is a binlog or relay-log file, '-' (standard input) or a directory\n"
    "(its log files in *.index order, else by numeric suffix).\n"
    "Print, for each FILE that holds the transaction GTID, one line:\n"
    "FILE, the start of its GTID event, the end of its last event, the GTID\n"
    "(tab-separated).  GTID is uuid:n or uuid:tag:n (MySQL) or d-s-n\n"
    "(MariaDB).  Exit status 1 when no file holds it; stderr then says which\n"
    "file's Previous_gtids / Gtid_list already contains it.  A FILE may be a\n"
    ".gz or .zst of a binlog, or - for standard input.\n";

/* The GTID looked for, and its text as given. */
typedef struct wanted {
    gp_find_target t;
    const char *text;
} wanted;

/* Does the file's starting set (Previous_gtids / Gtid_list) hold w? */
static int in_starting_set(const wanted *w, const char *file)
{
    gp_log log;
    gp_error err;
    gp_at_result r;
    int in = 0;

    gp_at_result_init(&r);
    if (gp_log_open(&log, file, GP_VERIFY_ALL, &err) == GP_OK &&
        gp_at(&log, GP_BINLOG_MAGIC_LEN, NULL, &r, &err) == GP_OK && r.flavor == w->t.flavor)
        in = w->t.flavor == GP_FLAVOR_MARIADB
                 ? gp_mariadb_state_contains(r.mariadb, &w->t.mariadb)
                 : gp_mysql_set_contains(r.mysql, &w->t.mysql.uuid, w->t.mysql.tag,
                                         w->t.mysql.tag_len, w->t.mysql.gno);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return in;
}

typedef struct print_ctx {
    const char *file;
    const char *text;
} print_ctx;

static void print_match(void *ctx, uint64_t start, uint64_t end)
{
    const print_ctx *p = ctx;

    printf("%s\t%llu\t%llu\t%s\n", p->file, (unsigned long long)start,
           (unsigned long long)end, p->text);
}

/* Walk one file; print the transactions with GTID w.  Returns how many. */
static int find_in_file(const wanted *w, const char *file, gp_error *err)
{
    gp_log log;
    print_ctx p = {file, w->text};
    uint64_t found, open_start;

    if (gp_log_open(&log, file, GP_VERIFY_ALL, err) != GP_OK)
        return 0;
    found = gp_find_in_log(&log, &w->t, print_match, &p, &open_start, err);
    if (open_start != UINT64_MAX)
        fprintf(stderr, "gtidpos: warning: %s: transaction %s starts at %llu but does "
                        "not end in this file\n",
                file, w->text, (unsigned long long)open_start);
    gp_log_close(&log);
    return (int)found;
}

int gp_cmd_find(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, found = 0, status = GP_EXIT_OK;
    wanted w;
    gp_paths paths;
    gp_error perr;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
        if (c == 'h')
            return fputs(find_usage, stdout), GP_EXIT_OK;
        return gp_usage_error("find: unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind < 2)
        return gp_usage_error("find takes a GTID and at least one PATH");
    w.text = argv[optind];
    if (gp_find_target_parse(&w.t, argv[optind]) != 0)
        return gp_usage_error("'%s' is not a GTID (uuid:n, uuid:tag:n or d-s-n)",
                              argv[optind]);
    gp_error_clear(&perr);
    if (gp_paths_expand(&paths, argv + optind + 1, (size_t)(argc - optind - 1), &perr) != GP_OK) {
        gp_report_error(&perr);
        return gp_exit_code(perr.code);
    }
    for (size_t i = 0; i < paths.n; i++) {
        gp_error err;

        gp_error_clear(&err);
        found += find_in_file(&w, paths.paths[i], &err);
        if (err.code != GP_OK) {
            gp_report_error(&err);
            if (status == GP_EXIT_OK)
                status = gp_exit_code(err.code);
        }
    }
    if (found == 0 && status == GP_EXIT_OK) {
        size_t i;
        for (i = 0; i < paths.n && !in_starting_set(&w, paths.paths[i]); i++)
            ;
        if (i < paths.n)
            fprintf(stderr, "gtidpos: %s is not in these files: it is older than %s, "
                            "whose starting set already contains it\n",
                    w.text, paths.paths[i]);
        else
            fprintf(stderr, "gtidpos: %s is not in these files, nor in their starting sets\n",
                    w.text);
        status = GP_EXIT_FINDING;
    }
    gp_paths_free(&paths);
    if (fflush(stdout) != 0)
        status = GP_EXIT_IO;
    return status;
}
