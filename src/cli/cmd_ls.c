/*
 * cmd_ls.c - gtidpos ls PATH...: the log files the other commands would
 * read, in their order (a directory: *.index order, else by number), one
 * per line.  For front ends that split the list (gtidpos-dask): the order
 * is gtidpos's own, not re-implemented.  Public API only.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "records.h"

static const char ls_usage[] =
    "usage: gtidpos ls [-0 | --json] PATH...\n"
    "\n"
    "Print the log files that `scan`, `verify` and `find` read for PATH...,\n"
    "in the order they read them (a directory: its *.index order, else by\n"
    "number), one per line.\n"
    "  -0, --null   end each name with a NUL byte instead of a newline\n"
    "  --json       one JSON line per file: schema_version, file, size (bytes\n"
    "               on disk; null when unknown, as for '-')\n"
    "Exit status: 0, 2 usage, 3 a directory cannot be listed or holds no log\n"
    "file.  A missing file is listed; the command that reads it says so.\n";

int gp_cmd_ls(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"null", no_argument, NULL, '0'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, nul = 0, json = 0, status;
    gp_paths paths;
    gtidpos_error err;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h0", longopts, NULL)) != -1) {
        if (c == 'h')
            return fputs(ls_usage, stdout), GP_EXIT_OK;
        if (c == '0')
            nul = 1;
        else if (c == 'J')
            json = 1;
        else
            return gp_usage_error("ls: unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind < 1)
        return gp_usage_error("ls takes at least one PATH");
    if (nul && json)
        return gp_usage_error("ls: -0 and --json exclude each other");
    if (gp_paths_expand(&paths, argv + optind, (size_t)(argc - optind), &err) != GTIDPOS_OK)
        return gp_report(&err);
    for (size_t i = 0; i < paths.n; i++) {
        const char *f = paths.paths[i];
        if (json) {
            struct stat st;
            gp_rec r;
            gp_rec_begin(&r, stdout, GP_REC_JSONL, 0);
            gp_rec_u64(&r, "schema_version", 1);
            gp_rec_str(&r, "file", f);
            if (strcmp(f, "-") != 0 && stat(f, &st) == 0 && S_ISREG(st.st_mode))
                gp_rec_u64(&r, "size", (uint64_t)st.st_size);
            else
                gp_rec_str(&r, "size", NULL);
            gp_rec_end(&r);
        } else {
            fputs(f, stdout);
            putchar(nul ? '\0' : '\n');
        }
    }
    status = gp_flush_stdout("list", GP_EXIT_OK);
    gp_paths_free(&paths);
    return status;
}
