/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verify_join.c - the per-file end of `gtidpos verify`, shared by a
 * single run and `verify --merge` (see verify_join.h).
 */
#include "verify_join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "progress.h"
#include "records.h"
#include "walk_opts.h"

void gp_vjoin_init(gp_vjoin *j)
{
    memset(j, 0, sizeof *j);
}

void gp_vjoin_begin_file(gp_vjoin *j, const char *path, const char *name)
{
    j->path = path;
    j->name = name;
    j->file_problems = 0;
}

/* A file name as the lines show it: its --label, TSV's escapes (a TAB or
 * newline in a name must not split a line). */
static void put_name(const gp_vjoin *j, const char *file)
{
    gp_put_tsv(stdout, j->path != NULL && strcmp(file, j->path) == 0 ? j->name : file);
}

void gp_vjoin_report(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    gp_vjoin *j = ctx;

    if (!note)
        j->file_problems++;
    gp_progress_hold_active(); /* a problem found mid-file: off the line */
    put_name(j, file);
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

/* The file just done becomes the previous one. */
static void set_prev(gp_vjoin *j, const char *file, int ok, const char *end)
{
    free(j->prev);
    free(j->prev_end);
    j->prev = strdup(file);
    j->prev_end = end != NULL ? strdup(end) : NULL;
    j->prev_ok = ok && j->prev != NULL;
    j->problems += j->file_problems;
    j->files++;
}

void gp_vjoin_unreadable(gp_vjoin *j, const char *file, const char *message, int exit_status)
{
    /* Unreadable or not a binlog: say so, go on with the others.  The
     * message starts with the file's path. */
    size_t n = strlen(file);

    put_name(j, file);
    fputs(strncmp(message, file, n) == 0 ? message + n : message, stdout);
    putchar('\n');
    j->file_problems++;
    if (j->hard == GP_EXIT_OK)
        j->hard = exit_status;
    put_name(j, file);
    fputs(": summary: unreadable\n", stdout);
    set_prev(j, file, 0, NULL);
}

void gp_vcheck_from(gp_vcheck *out, const gtidpos_check_summary *s)
{
    out->events = gtidpos_check_summary_events(s);
    out->bytes = gtidpos_check_summary_bytes(s);
    out->flavor = (int)gtidpos_check_summary_flavor(s);
    out->in_use = gtidpos_check_summary_in_use(s);
    out->relay = gtidpos_check_summary_relay(s);
    out->positions_checked = gtidpos_check_summary_positions_checked(s);
    out->archive_damaged = gtidpos_check_summary_archive_damaged(s);
    out->stop = gtidpos_check_summary_stop(s);
}

void gp_vjoin_checked(gp_vjoin *j, const char *file, const gp_vcheck *s, int last,
                      int texts, const char *start, const char *end)
{
    long long gap;

    if (s->stop == GTIDPOS_ERR_ENCRYPTED && j->hard == GP_EXIT_OK)
        j->hard = GP_EXIT_ENCRYPTED;
    /* A damaged archive is damaged input, as for `at` (exit 5), wherever
     * the cut or the damage falls: in the first block (the open fails)
     * or later (the walk stops there). */
    if (s->archive_damaged && j->hard == GP_EXIT_OK)
        j->hard = GP_EXIT_DAMAGED;
    /* The server sets LOG_EVENT_BINLOG_IN_USE_F on the first FDE when it
     * opens a file and clears it when it closes the file: only the newest
     * file may still be open. */
    if (s->in_use && !last)
        gp_vjoin_report(j, file, -1, 0,
                        "marked in use but not the last file: the server crashed while "
                        "writing it, or it was copied while being written");
    else if (s->in_use)
        gp_vjoin_report(j, file, -1, 1,
                        "marked in use: still being written, or the server crashed");
    if (!s->positions_checked)
        gp_vjoin_report(j, file, -1, 1,
                        "binlog v1/v3 (before MySQL 5.0): end_log_pos not checked");
    if (j->files > 0 && j->prev_ok && same_series(j->prev, file, &gap)) {
        unsigned before = j->file_problems;
        GP_OPTIONS_VAR(lopt, NULL);
        int compared = texts ? gtidpos_check_chain_texts(j->prev, j->prev_end, file, start,
                                                         gp_vjoin_report, j)
                             : gtidpos_check_chain(j->prev, file, lopt, gp_vjoin_report, j);
        if (compared && gap > 0 && j->file_problems == before)
            gp_vjoin_report(j, file, -1, 1,
                            "file numbers skip from the previous file, but the GTID sets "
                            "chain");
    }
    put_name(j, file);
    printf(": summary: events=%llu bytes=%llu problems=%u flavor=%s in_use=%s "
           "relay=%s\n",
           (unsigned long long)s->events, (unsigned long long)s->bytes, j->file_problems,
           flavor_name(s->flavor), yes_no(s->in_use), yes_no(s->relay));
    set_prev(j, file, 1, end);
}

int gp_vjoin_finish(gp_vjoin *j)
{
    int status = GP_EXIT_OK;

    printf("total: files=%zu problems=%u\n", j->files, j->problems);
    if (j->problems > 0)
        status = GP_EXIT_FINDING;
    if (j->hard != GP_EXIT_OK)
        status = j->hard;
    free(j->prev);
    free(j->prev_end);
    j->prev = j->prev_end = NULL;
    return status;
}
