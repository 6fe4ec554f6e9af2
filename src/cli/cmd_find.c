/*
 * cmd_find.c - gtidpos find GTID PATH...: which file and byte range hold a
 * transaction, or which file's starting set shows it is older than them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
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

/* Does the file's starting set (Previous_gtids / Gtid_list) hold gtid? */
static int in_starting_set(const char *gtid, const char *file)
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_error err;
    int in = 0;

    if (gtidpos_open(&log, file, &err) == GTIDPOS_OK &&
        gtidpos_at(log, 4, &set, &err) == GTIDPOS_OK)
        in = gtidpos_set_contains(set, gtid) == 1;
    gtidpos_set_free(set);
    gtidpos_close(log);
    return in;
}

typedef struct print_ctx {
    const char *file;
    const char *gtid;
} print_ctx;

static void print_match(void *ctx, uint64_t start, uint64_t end)
{
    const print_ctx *p = ctx;

    printf("%s\t%llu\t%llu\t%s\n", p->file, (unsigned long long)start,
           (unsigned long long)end, p->gtid);
}

/* Walk one file; print the transactions with that GTID.  Returns how many;
 * *st and err say whether the file could be read to its end. */
static uint64_t find_in_file(const char *gtid, const char *file, gtidpos_status *st,
                             gtidpos_error *err)
{
    gtidpos_log *log = NULL;
    print_ctx p = {file, gtid};
    uint64_t found = 0, open_start = GTIDPOS_END;

    /* io READ: one walk front to back, read ahead on a second thread */
    static const gtidpos_options opt = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0};

    if ((*st = gtidpos_open_with(&log, file, &opt, err)) == GTIDPOS_OK)
        *st = gtidpos_find(log, gtid, print_match, &p, &found, &open_start, err);
    if (open_start != GTIDPOS_END)
        fprintf(stderr, "gtidpos: warning: %s: transaction %s starts at %llu but does "
                        "not end in this file\n",
                file, gtid, (unsigned long long)open_start);
    gtidpos_close(log);
    return found;
}

int gp_cmd_find(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, status = GP_EXIT_OK;
    uint64_t found = 0;
    const char *gtid;
    gp_paths paths;
    gtidpos_error perr;

    if (gp_args_wants_help(argc, argv, ":h", longopts)) /* --help anywhere */
        return gp_print_help(find_usage);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h')
            return fputs(find_usage, stdout), GP_EXIT_OK;
        return gp_usage_error("find: unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind < 2)
        return gp_usage_error("find takes a GTID and at least one PATH");
    gtid = argv[optind];
    if (gtidpos_gtid_flavor(gtid) == 0)
        return gp_usage_error("'%s' is not a GTID (uuid:n, uuid:tag:n or d-s-n)", gtid);
    if (gp_paths_expand(&paths, argv + optind + 1, (size_t)(argc - optind - 1), &perr) !=
        GTIDPOS_OK)
        return gp_report(&perr);
    for (size_t i = 0; i < paths.n; i++) {
        gtidpos_status st;
        gtidpos_error err;

        found += find_in_file(gtid, paths.paths[i], &st, &err);
        if (st != GTIDPOS_OK) {
            int code = gp_report(&err);
            if (status == GP_EXIT_OK)
                status = code;
        }
    }
    if (found == 0 && status == GP_EXIT_OK) {
        size_t i;
        for (i = 0; i < paths.n && !in_starting_set(gtid, paths.paths[i]); i++)
            ;
        if (i < paths.n)
            fprintf(stderr, "gtidpos: %s is not in these files: it is older than %s, "
                            "whose starting set already contains it\n",
                    gtid, paths.paths[i]);
        else
            fprintf(stderr, "gtidpos: %s is not in these files, nor in their starting sets\n",
                    gtid);
        status = GP_EXIT_FINDING;
    }
    gp_paths_free(&paths);
    if (fflush(stdout) != 0)
        status = GP_EXIT_IO;
    return status;
}
