/*
 * cmd_find.c - gtidpos find GTID PATH...: which file and byte range hold a
 * transaction, or which file's starting set shows it is older than them.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The GTID looked for, in either flavour. */
typedef struct wanted {
    gp_flavor flavor;
    gp_mysql_gtid mysql;
    gp_mariadb_gtid mariadb;
    const char *text;
} wanted;

/* "uuid:n", "uuid:tag:n" or "d-s-n"; 0 or -1. */
static int parse_wanted(wanted *w, const char *s)
{
    size_t len = strlen(s);
    const char *colon;
    gp_mysql_set *check;
    char *end;
    int ok;

    memset(w, 0, sizeof *w);
    w->text = s;
    if (strchr(s, ':') == NULL) {
        w->flavor = GP_FLAVOR_MARIADB;
        return gp_mariadb_gtid_parse(&w->mariadb, s, len) == GP_GTID_OK ? 0 : -1;
    }
    w->flavor = GP_FLAVOR_MYSQL;
    if (len < 38 || s[36] != ':' || gp_uuid_parse(&w->mysql.uuid, s, 36) != 0)
        return -1;
    colon = strchr(s + 37, ':');
    if (colon != NULL) {
        w->mysql.tag_len = (size_t)(colon - (s + 37));
        if (w->mysql.tag_len == 0 || w->mysql.tag_len > GP_MYSQL_TAG_MAX)
            return -1;
        for (size_t i = 0; i < w->mysql.tag_len; i++)
            w->mysql.tag[i] = (char)tolower((unsigned char)s[37 + i]);
    }
    if (!(*(colon ? colon + 1 : s + 37) >= '1' && *(colon ? colon + 1 : s + 37) <= '9'))
        return -1;
    w->mysql.gno = strtoull(colon ? colon + 1 : s + 37, &end, 10);
    if (*end != '\0')
        return -1;
    /* Let the set's own rules judge the tag and the GNO range. */
    if ((check = gp_mysql_set_new()) == NULL)
        return -1;
    ok = gp_mysql_set_add(check, &w->mysql.uuid, w->mysql.tag, w->mysql.tag_len,
                          w->mysql.gno) == GP_GTID_OK;
    gp_mysql_set_free(check);
    return ok ? 0 : -1;
}

static int same_gtid(const wanted *w, const gp_txn *t)
{
    if (w->flavor == GP_FLAVOR_MARIADB)
        return t->kind == GP_TXN_MARIADB && t->mariadb.domain == w->mariadb.domain &&
               t->mariadb.server_id == w->mariadb.server_id && t->mariadb.seq == w->mariadb.seq;
    return t->kind == GP_TXN_MYSQL && t->mysql.gno == w->mysql.gno &&
           memcmp(t->mysql.uuid.b, w->mysql.uuid.b, 16) == 0 &&
           t->mysql.tag_len == w->mysql.tag_len &&
           strncasecmp(t->mysql.tag, w->mysql.tag, w->mysql.tag_len) == 0;
}

/* Does the file's starting set (Previous_gtids / Gtid_list) hold w? */
static int in_starting_set(const wanted *w, const char *file)
{
    gp_log log;
    gp_error err;
    gp_at_result r;
    int in = 0;

    gp_at_result_init(&r);
    if (gp_log_open(&log, file, GP_VERIFY_ALL, &err) == GP_OK &&
        gp_at(&log, GP_BINLOG_MAGIC_LEN, NULL, &r, &err) == GP_OK && r.flavor == w->flavor)
        in = w->flavor == GP_FLAVOR_MARIADB
                 ? gp_mariadb_state_contains(r.mariadb, &w->mariadb)
                 : gp_mysql_set_contains(r.mysql, &w->mysql.uuid, w->mysql.tag,
                                         w->mysql.tag_len, w->mysql.gno);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return in;
}

/* Walk one file; print the transactions with GTID w.  Returns how many. */
static int find_in_file(const wanted *w, const char *file, gp_error *err)
{
    gp_log log;
    gp_event ev;
    gp_txn t, dropped;
    gp_txn_step step;
    int found = 0;

    memset(&t, 0, sizeof t);
    if (gp_log_open(&log, file, GP_VERIFY_ALL, err) != GP_OK)
        return 0;
    while (gp_log_next(&log, &ev)) {
        if (gp_txn_feed(&t, &ev, &log.fde, log.first_fde.flavor, &step, &dropped, file,
                        err) != GP_OK)
            break;
        if (step == GP_STEP_ENDED && same_gtid(w, &t)) {
            printf("%s\t%llu\t%llu\t%s\n", file, (unsigned long long)t.start,
                   (unsigned long long)gp_event_end(&ev), w->text);
            found++;
        }
    }
    if (log.status != GP_OK)
        *err = log.err;
    else if (err->code == GP_OK && t.state != GP_TXN_IDLE && same_gtid(w, &t))
        fprintf(stderr, "gtidpos: warning: %s: transaction %s starts at %llu but does "
                        "not end in this file\n",
                file, w->text, (unsigned long long)t.start);
    gp_log_close(&log);
    return found;
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
    if (parse_wanted(&w, argv[optind]) != 0)
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
