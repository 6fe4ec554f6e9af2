/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_find.c - gtidpos find SET PATH...: which file and byte range hold
 * each transaction of a GTID set, and which members no file holds (older
 * than the files, or absent).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "span_cli.h"
#include "walk_opts.h"

static const char find_usage[] =
    "usage: gtidpos find SET PATH... [--json] [--read-all] [--files-from FILE [-0]]\n"
    "                           [--label NAME]\n"
    "\n"
    "SET is one GTID or a set: uuid:1-5:7,uuid2:tag:3 (MySQL), or a list of\n"
    "MariaDB GTIDs d-s-n,d-s-n.  PATH is a binlog or relay-log file (plain,\n"
    ".gz, .zst), '-' (standard input) or a directory (its log files in\n"
    "*.index order, else by numeric suffix).\n"
    "Print one line per transaction of SET found: FILE, the start of its\n"
    "GTID event, the end of its last event, its GTID (tab-separated).  The\n"
    "members found in no file go to stderr: older than the files (in the\n"
    "first file's Previous_gtids / Gtid_list), or absent.  Exit status 1\n"
    "when some member is in no file.\n"
    "Only the files whose headers (starting sets) allow a member are read.\n"
    "\n"
    "  --json       one JSON document: every transaction with its commit\n"
    "               time, the older and absent sets, the bytes read\n"
    GP_PATH_HELP
    "  --read-all   read every file whole (servers run without\n"
    "               gtid_strict_mode may log MariaDB seq_nos out of order)\n"
    "  -h, --help   this help\n";

typedef struct find_out {
    int json;
    uint64_t n;
    gp_progress *prog; /* the progress line, held while a record is printed */
} find_out;

static void print_found(void *ctx, const gtidpos_txn *t)
{
    find_out *o = ctx;

    gp_progress_hold(o->prog);
    if (o->json) {
        fputs(o->n ? "," : "", stdout);
        gp_span_txn_json(stdout, t);
    } else {
        gp_span_txn_tsv(stdout, NULL, t, 0);
    }
    gp_progress_release(o->prog);
    o->n++;
}

static void print_missing_text(const gtidpos_find_result *r, const char *first)
{
    const char *older = gtidpos_find_result_older(r), *absent = gtidpos_find_result_absent(r);

    if (older != NULL && older[0] != '\0')
        fprintf(stderr, "gtidpos: %s is not in these files: it is older than %s, whose "
                        "starting set already contains it\n",
                older, first);
    if (absent != NULL && absent[0] != '\0')
        fprintf(stderr, "gtidpos: %s is not in these files, nor in their starting sets\n",
                absent);
}

int gp_cmd_find(int argc, char **argv)
{
    gp_span_args a;
    int status = GP_EXIT_OK;
    find_out o = {0, 0, NULL};
    const char *set;
    GP_ERROR_VAR(err);
    GP_OPTIONS_VAR(lopt, NULL);
    gtidpos_find_result *r = NULL;
    gtidpos_status st;
    int rc = gp_span_parse_args("find", find_usage, argc, argv, &a);

    if (rc >= 0)
        return rc;
    o.json = a.json;
    set = a.set;
    gp_span_drop_unopenable(&a.paths, &status);
    if (a.paths.n == 0) {
        gp_paths_free(&a.paths);
        return status;
    }
    if (o.json) {
        fputs("{\"schema_version\":1,\"command\":\"find\",", stdout);
        gp_span_json_str(stdout, "set", set);
        fputs(",\"transactions\":[", stdout);
    }
    o.prog = gp_progress_start("find", a.po.progress, &a.paths);
    st = gtidpos_find_set((const char *const *)a.paths.paths, a.paths.n, set, a.read_all, lopt,
                          print_found, &o, &r, err);
    gp_progress_stop(o.prog);
    if (st == GTIDPOS_ERR_PARSE && o.n == 0 && strstr(gtidpos_error_line(err), "is not a GTID set") != NULL) {
        gtidpos_find_result_free(r);
        gp_paths_free(&a.paths);
        return gp_span_usage("find", "%s", gtidpos_error_line(err));
    }
    if (o.json) {
        fputs("],", stdout);
        gp_span_json_str(stdout, "older", gtidpos_find_result_older(r));
        fputc(',', stdout);
        gp_span_json_str(stdout, "absent", gtidpos_find_result_absent(r));
        fputs(",\"read\":", stdout);
        gp_span_stats_json(stdout, gtidpos_find_result_stats(r));
        if (st != GTIDPOS_OK) {
            fputc(',', stdout);
            gp_span_json_str(stdout, "error", gtidpos_error_line(err));
        }
        fputs("}\n", stdout);
    }
    if (st != GTIDPOS_OK) {
        int code = gp_report(err);
        if (status == GP_EXIT_OK)
            status = code;
    } else {
        if (!o.json)
            print_missing_text(r, gp_span_name(a.paths.paths[0]));
        if (status == GP_EXIT_OK && ((gtidpos_find_result_older(r) && gtidpos_find_result_older(r)[0]) ||
                                    (gtidpos_find_result_absent(r) && gtidpos_find_result_absent(r)[0])))
            status = GP_EXIT_FINDING;
    }
    gtidpos_find_result_free(r);
    gp_paths_free(&a.paths);
    if (fflush(stdout) != 0)
        status = GP_EXIT_IO;
    return status;
}
