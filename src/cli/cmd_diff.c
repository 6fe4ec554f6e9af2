/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_diff.c - gtidpos diff A B: the transactions in A's logs that B did
 * not execute (lost, if B is the new primary), and the reverse (errant).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "records.h"
#include "span_cli.h"
#include "walk_opts.h"

static const char diff_usage[] =
    "usage: gtidpos diff A B [--json] [--read-all]\n"
    "\n"
    "A and B are two servers' logs, each a directory, a *.index file, one\n"
    "log file, or a text file listing log files one per line.\n"
    "Print the transactions in A's logs that B did not execute, and the\n"
    "reverse, one per line: a-only or b-only, FILE, the start of its GTID\n"
    "event, the end of its last event, its GTID, its commit time (UTC, the\n"
    "header time of its last event; tab-separated); then the\n"
    "two summary sets: a-only-set SET and b-only-set SET.\n"
    "Executed in B: MySQL, in the set at the end of B's logs (Previous_gtids\n"
    "included); MariaDB, present in B's logs or at or below the seq_no of\n"
    "B's last GTID in its domain (the gtid_slave_pos rule).\n"
    "Exit status 1 when the two differ.\n"
    "\n"
    "  --json       one JSON document: both lists with commit times, the\n"
    "               end sets, the summary sets, the bytes read\n"
    "  --read-all   read every file whole\n"
    "  -h, --help   this help\n";

typedef struct diff_out {
    int json;
    uint64_t n[2];
} diff_out;

static void print_txn(void *ctx, int side, const gtidpos_txn *t)
{
    diff_out *o = ctx;

    if (o->json) { /* side 1's are printed after side 0's: see gtidpos_diff */
        if (o->n[side] == 0 && (side == 0 || o->n[0] == 0))
            fputs("\"a_only\":[", stdout);
        if (o->n[side] == 0 && side == 1)
            fputs("],\"b_only\":[", stdout);
        if (o->n[side] > 0)
            fputc(',', stdout);
        gp_span_txn_json(stdout, t);
    } else {
        gp_span_txn_tsv(stdout, side == 0 ? "a-only" : "b-only", t, 1);
    }
    o->n[side]++;
}

int gp_cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, 'j'},
        {"read-all", no_argument, NULL, 'a'},
        {NULL, 0, NULL, 0},
    };
    int c, status = GP_EXIT_OK, read_all = 0;
    diff_out o = {0, {0, 0}};
    gp_paths side[2] = {{NULL, 0, NULL}, {NULL, 0, NULL}};
    GP_ERROR_VAR(err);
    GP_OPTIONS_VAR(lopt, NULL);
    gtidpos_diff_result *r = NULL;
    gtidpos_status st;

    optind = 1;
    opterr = 0;
    if (gp_args_wants_help(argc, argv, ":hja", longopts)) /* --help anywhere */
        return gp_print_help(diff_usage);
    while ((c = getopt_long(argc, argv, ":hja", longopts, NULL)) != -1) {
        if (c == 'j')
            o.json = 1;
        else if (c == 'a')
            read_all = 1;
        else
            return gp_option_error(argv, c);
    }
    if (argc - optind != 2)
        return gp_span_usage("diff", "takes two operands, A and B");
    for (int k = 0; k < 2; k++)
        if (gp_span_side(&side[k], argv[optind + k], err) != GTIDPOS_OK) {
            gp_paths_free(&side[0]);
            return gp_report(err);
        }
    if (o.json)
        fputs("{\"schema_version\":1,\"command\":\"diff\",", stdout);
    st = gtidpos_diff((const char *const *)side[0].paths, side[0].n,
                      (const char *const *)side[1].paths, side[1].n, read_all, lopt, print_txn,
                      &o, &r, err);
    if (o.json) {
        if (o.n[0] == 0 && o.n[1] == 0)
            fputs("\"a_only\":[", stdout);
        if (o.n[1] == 0)
            fputs("],\"b_only\":[", stdout);
        fputs("],", stdout);
        gp_span_json_str(stdout, "a_end", gtidpos_diff_result_end(r, 0));
        fputc(',', stdout);
        gp_span_json_str(stdout, "b_end", gtidpos_diff_result_end(r, 1));
        fputc(',', stdout);
        gp_span_json_str(stdout, "a_only_set", gtidpos_diff_result_only(r, 0));
        fputc(',', stdout);
        gp_span_json_str(stdout, "b_only_set", gtidpos_diff_result_only(r, 1));
        fputs(",\"a_read\":", stdout);
        gp_span_stats_json(stdout, gtidpos_diff_result_stats(r, 0));
        fputs(",\"b_read\":", stdout);
        gp_span_stats_json(stdout, gtidpos_diff_result_stats(r, 1));
        fputs(",\"splits\":[", stdout);
        for (int i = 0; i < (int)gtidpos_diff_result_split_count(r); i++) {
            fputs(i ? "," : "", stdout);
            gp_put_json_string(stdout, gtidpos_diff_result_split(r, (size_t)i));
        }
        fputc(']', stdout);
        if (st != GTIDPOS_OK) {
            fputc(',', stdout);
            gp_span_json_str(stdout, "error", gtidpos_error_line(err));
        }
        fputs("}\n", stdout);
    } else if (st == GTIDPOS_OK) {
        const char *names[2] = {"a-only-set", "b-only-set"};

        for (int k = 0; k < 2; k++) {
            fprintf(stdout, "%s\t%s\n", names[k], gtidpos_diff_result_only(r, k) ? gtidpos_diff_result_only(r, k) : "");
        }
    }
    for (int i = 0; st == GTIDPOS_OK && i < (int)gtidpos_diff_result_split_count(r); i++)
        fprintf(stderr, "gtidpos: warning: %s\n", gtidpos_diff_result_split(r, (size_t)i));
    if (st != GTIDPOS_OK)
        status = gp_report(err);
    else if ((int)gtidpos_diff_result_split_count(r) > 0 || (gtidpos_diff_result_only(r, 0) && gtidpos_diff_result_only(r, 0)[0]) || (gtidpos_diff_result_only(r, 1) && gtidpos_diff_result_only(r, 1)[0]) || gtidpos_diff_result_count(r, 0) ||
             gtidpos_diff_result_count(r, 1))
        status = GP_EXIT_FINDING;
    gtidpos_diff_result_free(r);
    gp_paths_free(&side[0]);
    gp_paths_free(&side[1]);
    if (fflush(stdout) != 0)
        status = GP_EXIT_IO;
    return status;
}
