/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_cover.c - gtidpos cover SET PATH...: the files, and the first byte
 * in the first one, that a replay must read to apply everything after a
 * GTID set (wal-g's PITR skip, Percona binlog server's search_by_gtid_set).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "records.h"
#include "span_cli.h"
#include "walk_opts.h"

static const char cover_usage[] =
    "usage: gtidpos cover SET PATH... [--json] [--read-all] [--files-from FILE [-0]]\n"
    "                           [--label NAME]\n"
    "\n"
    "SET is what a server executed: a MySQL GTID set (gtid_executed), or a\n"
    "MariaDB GTID state d-s-n,... (one per domain: gtid_slave_pos; every\n"
    "seq_no at or below it counts as executed).  PATH as for find.\n"
    "Print the files a replay must read to apply every transaction the set\n"
    "lacks, one per line: FILE and the byte to start from (tab-separated):\n"
    "in the first file the start of its first transaction not in SET, in\n"
    "the others 4.  Nothing when SET holds every transaction of the files.\n"
    "Exit status 1 when the first file's starting set holds GTIDs that SET\n"
    "lacks (the replay cannot bring them; stderr names them).\n"
    "Only the headers of the files before the first one are read.\n"
    "\n"
    "  --json       one JSON document: the files, the first GTID, the\n"
    "               missing GTIDs, the bytes read\n"
    GP_PATH_HELP
    "  --read-all   read every file whole until the answer\n"
    "  -h, --help   this help\n";

int gp_cmd_cover(int argc, char **argv)
{
    gp_span_args a;
    gp_progress *prog;
    int status = GP_EXIT_OK;
    const char *set;
    GP_ERROR_VAR(err);
    GP_OPTIONS_VAR(lopt, NULL);
    gtidpos_cover_result *r = NULL;
    gtidpos_status st;
    int rc = gp_span_parse_args("cover", cover_usage, argc, argv, &a);

    if (rc >= 0)
        return rc;
    set = a.set;
    prog = gp_progress_start("cover", a.po.progress, &a.paths);
    st = gtidpos_cover((const char *const *)a.paths.paths, a.paths.n, set, a.read_all, lopt, &r, err);
    gp_progress_stop(prog);
    if (st == GTIDPOS_ERR_PARSE && strstr(gtidpos_error_line(err), "is not a GTID set") != NULL) {
        gtidpos_cover_result_free(r);
        gp_paths_free(&a.paths);
        return gp_span_usage("cover", "%s", gtidpos_error_line(err));
    }
    if (st != GTIDPOS_OK) {
        status = gp_report(err);
    } else if (a.json) {
        char when[32] = "";
        time_t ts = (time_t)gtidpos_cover_result_first_commit_time(r);
        struct tm tm;

        if (gtidpos_cover_result_first_file(r) < a.paths.n && gmtime_r(&ts, &tm) != NULL)
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fputs("{\"schema_version\":1,\"command\":\"cover\",", stdout);
        gp_span_json_str(stdout, "set", set);
        fputs(",\"files\":[", stdout);
        for (size_t i = gtidpos_cover_result_first_file(r); i < a.paths.n; i++) {
            fputs(i > gtidpos_cover_result_first_file(r) ? ",{" : "{", stdout);
            gp_span_json_str(stdout, "file", gp_span_name(a.paths.paths[i]));
            fprintf(stdout, ",\"start\":%llu}",
                    (unsigned long long)(i == gtidpos_cover_result_first_file(r) ? gtidpos_cover_result_first_byte(r) : 4));
        }
        fputs("],", stdout);
        gp_span_json_str(stdout, "first_gtid", gtidpos_cover_result_first_gtid(r));
        fputc(',', stdout);
        gp_span_json_str(stdout, "first_commit_time", when);
        fputc(',', stdout);
        gp_span_json_str(stdout, "missing", gtidpos_cover_result_missing(r));
        fputs(",\"read\":", stdout);
        gp_span_stats_json(stdout, gtidpos_cover_result_stats(r));
        fputs("}\n", stdout);
    } else {
        for (size_t i = gtidpos_cover_result_first_file(r); i < a.paths.n; i++) {
            gp_rec rec;

            gp_rec_begin(&rec, stdout, GP_REC_TSV, 0);
            gp_rec_str(&rec, "file", gp_span_name(a.paths.paths[i]));
            gp_rec_u64(&rec, "start", i == gtidpos_cover_result_first_file(r) ? gtidpos_cover_result_first_byte(r) : 4);
            gp_rec_end(&rec);
        }
    }
    if (st == GTIDPOS_OK && gtidpos_cover_result_missing(r) != NULL && gtidpos_cover_result_missing(r)[0] != '\0') {
        fprintf(stderr, "gtidpos: %s: its starting set holds %s, which the set lacks: no "
                        "replay of these files brings them\n",
                gp_span_name(a.paths.paths[0]), gtidpos_cover_result_missing(r));
        status = GP_EXIT_FINDING;
    }
    gtidpos_cover_result_free(r);
    gp_paths_free(&a.paths);
    if (fflush(stdout) != 0)
        status = GP_EXIT_IO;
    return status;
}
