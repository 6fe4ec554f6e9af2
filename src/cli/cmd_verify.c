/* SPDX-License-Identifier: BSD-2-Clause */
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
#include "verify_join.h"
#include "verify_merge.h"
#include "walk_opts.h"

static const char verify_usage[] =
    "usage: gtidpos verify PATH... [--files-from F [-0]] [--label NAME]\n"
    "                      [--progress | --no-progress]\n"
    "       gtidpos verify --json PATH... | --merge PART...\n"
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
    "Checking parts of the list apart (gtidpos-dask, other machines):\n"
    "  --json           per file, its own checks as JSON lines (no check that\n"
    "                   needs the other files; exit 0 once written)\n"
    "  --merge PART...  the parts' --json output, in list order: the cross-file\n"
    "                   checks, and the output and exit status of one run over\n"
    "                   all the files\n"
    "\n"
    GP_PATH_HELP;

int gp_cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        GP_PATH_LONGOPTS,
        {"json", no_argument, NULL, 'J'}, /* verify --json / --merge: issue 16 */
        {"merge", no_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":h" GP_PATH_SHORTOPTS;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    gp_progress *prog;
    int c, status, json = 0, merge = 0;
    gp_paths paths;
    GP_ERROR_VAR(perr);
    gp_vjoin j;

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
        if (c == 'J' || c == 'M') {
            *(c == 'J' ? &json : &merge) = 1;
            continue;
        }
        return gp_option_error(argv, c);
    }
    if (json && merge)
        return gp_usage_error("verify: --json and --merge exclude each other");
    if (merge) {
        if (argc - optind < 1)
            return gp_usage_error("verify --merge takes at least one PART");
        return gp_flush_stdout("answer", gp_verify_merge(argv + optind, (size_t)(argc - optind)));
    }
    if (argc - optind < 1 && po.files_from == NULL)
        return gp_usage_error("verify takes at least one PATH");
    if (gp_paths_collect(&paths, &po, argv + optind, (size_t)(argc - optind), perr) !=
        GTIDPOS_OK)
        return gp_report(perr);
    if (paths.n == 0) {
        gp_paths_free(&paths);
        return gp_usage_error("verify: --files-from %s names no PATH", po.files_from);
    }
    prog = gp_progress_start("verify", po.progress, &paths);
    gp_vjoin_init(&j);
    for (size_t i = 0; i < paths.n; i++) {
        const char *f = paths.paths[i];
        gtidpos_check_summary *sum = NULL;
        gp_vcheck s;
        GP_ERROR_VAR(err);
        GP_OPTIONS_VAR(lopt, NULL);
        int done;

        gp_vjoin_begin_file(&j, f, gp_paths_name(&paths, i));
        if (json) {
            gp_verify_json_file(f, gp_paths_name(&paths, i));
            gp_progress_file_done(prog);
            continue;
        }
        done = gtidpos_check_file(f, lopt, gp_vjoin_report, &j, &sum, err) == GTIDPOS_OK;
        gp_vcheck_from(&s, sum);
        gtidpos_check_summary_free(sum);
        gp_progress_file_done(prog);
        gp_progress_hold(prog);
        if (!done)
            gp_vjoin_unreadable(&j, f, gtidpos_error_line(err), gp_exit_for_status(gtidpos_error_code(err)));
        else
            gp_vjoin_checked(&j, f, &s, i + 1 == paths.n, 0, NULL, NULL);
        gp_progress_release(prog);
    }
    gp_progress_stop(prog);
    status = json ? GP_EXIT_OK : gp_vjoin_finish(&j);
    status = gp_flush_stdout("answer", status);
    gp_paths_free(&paths);
    return status;
}
