/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_ls.c - gtidpos ls PATH...: the log files the other commands would
 * read, in their order (a directory: *.index order, else by number), one
 * per line.  For front ends that split the list (gtidpos-dask, GNU
 * parallel): the order is gtidpos's own, not re-implemented.  Public API
 * only.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "records.h"

static const char ls_usage[] =
    "usage: gtidpos ls PATH... [-z | --json] [--files-from F [-0]]\n"
    "\n"
    "Print the log files that `scan`, `verify` and `find` read for PATH...,\n"
    "in the order they read them (a directory: its *.index order, else by\n"
    "number), one per line, as given (no escapes: one name, one line).\n"
    "  -z, --zero     end each name with a NUL byte instead of a newline (for\n"
    "                 names holding newlines: parallel -0, xargs -0)\n"
    "  --json         one JSON line per file: schema_version, file, size (bytes\n"
    "                 on disk; null when unknown, as for '-')\n"
    "  --files-from F read more PATHs from F, one per line (- : standard\n"
    "                 input); -0, --null: the names end in NUL bytes instead\n"
    "Exit status: 0, 2 usage, 3 a directory cannot be listed or holds no log\n"
    "file.  A missing file is listed; the command that reads it says so.\n";

enum { OPT_JSON = 0x4c01 };

int gp_cmd_ls(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"zero", no_argument, NULL, 'z'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        GP_PATH_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":hz" GP_PATH_SHORTOPTS;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    int c, zero = 0, json = 0, status;
    gp_paths paths;
    GP_ERROR_VAR(err);

    if (gp_args_wants_help(argc, argv, shortopts, longopts))
        return gp_print_help(ls_usage);
    optind = 1;
    opterr = 0;
    /* no '+': options may follow the PATHs ("--" ends them) */
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (gp_path_option(&po, c, optarg))
            continue;
        if (c == 'h')
            return gp_print_help(ls_usage);
        if (c == 'z')
            zero = 1;
        else if (c == OPT_JSON)
            json = 1;
        else
            return gp_option_error(argv, c);
    }
    if (argc - optind < 1 && po.files_from == NULL)
        return gp_usage_error("ls takes at least one PATH");
    if (zero && json)
        return gp_usage_error("ls: -z and --json exclude each other");
    if (gp_paths_collect(&paths, &po, argv + optind, (size_t)(argc - optind), err) !=
        GTIDPOS_OK)
        return gp_report(err);
    for (size_t i = 0; i < paths.n; i++) {
        const char *f = paths.paths[i];
        if (json) {
            struct stat st;
            gp_rec r;
            gp_rec_begin(&r, stdout, GP_REC_JSONL, 0);
            gp_rec_str(&r, "file", f);
            if (strcmp(f, "-") != 0 && stat(f, &st) == 0 && S_ISREG(st.st_mode))
                gp_rec_u64(&r, "size", (uint64_t)st.st_size);
            else
                gp_rec_str(&r, "size", NULL);
            gp_rec_end(&r);
        } else {
            fputs(f, stdout);
            putchar(zero ? '\0' : '\n');
        }
    }
    status = gp_flush_stdout("list", GP_EXIT_OK);
    gp_paths_free(&paths);
    return status;
}
