/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api.h - what the files of the public API (src/lib/) share: the opaque
 * types' insides and the helpers that turn internal errors into public
 * ones.  Not installed.
 */
#ifndef GP_LIB_API_H
#define GP_LIB_API_H

#define GTIDPOS_BUILDING 1
#include "gtidpos.h" /* include/: the public header */

#include <stddef.h>

#include "walk/position.h"
#include "binlog/walker.h"
#include "common/error.h"

/* The options (gtidpos_options_*): what the walks are tuned by. */
struct gtidpos_options {
    gtidpos_verify verify;
    gtidpos_io io;
    int flavor;          /* 0, GTIDPOS_FLAVOR_MYSQL or _MARIADB (checked when used) */
    gp_log_tuning tune;  /* split_min, progress */
};
/* opt, or the defaults for NULL. */
const gtidpos_options *gp_api_options(const gtidpos_options *opt);
/* The walks' tuning of opt (the defaults for NULL). */
const gp_log_tuning *gp_api_tuning(const gtidpos_options *opt);

/* A log: its path and options; each question walks a gp_log of its own
 * (gp_api_question_log).  The one opened by gtidpos_open (to refuse what
 * is no binlog at once) serves the first question. */
struct gtidpos_log {
    char *path;   /* owned: the walkers keep a pointer to it */
    gp_at_options at;
    gtidpos_options opt; /* a copy of the options it was opened with */
    gp_log *first; /* opened, not read from yet; NULL once handed over */
    int in_use;    /* the first file's in-use flag */
    unsigned questions; /* questions asked ("-" answers one) */
};

/* A fresh walk of log's file for one question (fn names it in errors)
 * into *out, or the error (err filled).  Close it with
 * gp_api_question_done(). */
gtidpos_status gp_api_question_log(gtidpos_log *log, const char *fn, gp_log **out,
                                   gtidpos_error *err);
void gp_api_question_done(gp_log *l);

/* An event handed out: the walker's, the format in force when it was
 * read (to decode it) and the path (for messages). */
struct gtidpos_event {
    gp_event ev;
    const gp_fde *fde;
    const char *path;
};
/* ev as a public event of the walk over log (valid while both are). */
void gp_api_event(gtidpos_event *out, const gp_event *ev, const gp_log *log);

/* One walk (gtidpos_cursor_*). */
struct gtidpos_cursor {
    gp_log *log;
    const char *path;
    gp_event last;  /* the event returned last */
    int have_last;
    int pending;    /* the start's walk read ahead: return last (1) or
                       pending_error (-1) next */
    gp_error pending_error;
    gtidpos_event pub;
};

/* A transaction boundary of a scan (gtidpos_boundary_*). */
struct gtidpos_boundary {
    uint64_t start, end;
    uint32_t timestamp;
    const char *gtid;
    const gtidpos_set *set;
};

/* A transaction of an answer across files (gtidpos_txn_*). */
struct gtidpos_txn {
    const char *file;
    size_t file_index;
    uint64_t start, end;
    uint32_t commit_time;
    const char *gtid;
};

/* What gtidpos_scan found (gtidpos_scan_summary_*). */
struct gtidpos_scan_summary {
    gtidpos_set *set;
    uint64_t size, end, events, transactions;
    char first_gtid[GTIDPOS_GTID_TEXT], last_gtid[GTIDPOS_GTID_TEXT];
    char *previous_gtids, *added_gtids;
    int has_time;
    uint32_t min_timestamp, max_timestamp;
    const char *checksum;
    int stopped;
};

struct gtidpos_set {
    gp_at_result r;
};

/* The public error: an internal record and its line, composed when it is
 * filled ("FILE: offset N: message"). */
struct gtidpos_error {
    gp_error e;
    char line[GP_ERROR_FILE_MAX + GP_ERROR_MSG_MAX + 48];
};

/* Where a checkpoint was found (gtidpos_where_*). */
struct gtidpos_where {
    char *file;
    uint64_t offset;
};
/* A new where holding a copy of file; NULL when out of memory. */
gtidpos_where *gp_api_where(const char *file, uint64_t offset);

/* The results of the checks and of the questions across files (their
 * getters: api_results.c). */
struct gtidpos_check_summary {
    uint64_t events;       /* events read */
    uint64_t bytes;        /* bytes up to the end of the last sound event */
    unsigned problems;     /* problems reported */
    unsigned notes;
    int flavor;            /* GTIDPOS_FLAVOR_*, 0 when unknown */
    int in_use;            /* the in-use flag on the first Format_description */
    int relay;             /* recognised as a relay log */
    int positions_checked; /* 0 for binlog v1/v3 (no end_log_pos to check) */
    int complete;          /* walked to the end without a framing error */
    gtidpos_status stop;   /* why the walk ended early (GTIDPOS_OK: it did not) */
    int archive_damaged;   /* the gzip or zstd archive the file was read from is
                              damaged or cut short: the walk stopped there (it
                              is also a problem reported; `verify` exits 5) */
};

struct gtidpos_read_stats {
    size_t files;          /* files in the list */
    size_t files_walked;   /* files read past their header */
    uint64_t header_bytes; /* bytes walked to read the headers */
    uint64_t walked_bytes; /* bytes walked in the files read past them */
};
typedef struct gtidpos_read_stats gp_read_stats;

struct gtidpos_find_result {
    int flavor;            /* GTIDPOS_FLAVOR_* of the set */
    uint64_t found;        /* transactions reported */
    char *older;           /* members in no file but in the first file's
                              starting set ("" when none) */
    char *absent;          /* members in no file and not older */
    gp_read_stats stats;
};

struct gtidpos_cover_result {
    int flavor;
    size_t first_file;     /* the first file a replay reads; n: none (the
                              set holds every transaction of the files) */
    uint64_t first_byte;   /* the start of its first transaction not in set */
    uint32_t first_commit_time;
    char first_gtid[GTIDPOS_GTID_TEXT];
    char *missing;         /* GTIDs before the first file (its starting
                              set) that set lacks: no replay of these files
                              brings them ("" when none) */
    gp_read_stats stats;
};

struct gtidpos_diff_result {
    int flavor;
    char *end[2];          /* each side's set at the end of its logs */
    char *only[2];         /* MySQL: end[0] minus end[1], and the reverse;
                              MariaDB: the GTIDs reported, a list */
    uint64_t count[2];     /* transactions reported per side */
    gp_read_stats stats[2];
    /* MariaDB: domains where the sides split (each wrote its own
     * transactions at the same seq_nos, which the seq_no rule counts as
     * executed): one line each, told by a side's last GTID missing from
     * the other side's logs */
    char *split[8];
    int n_split;
};

/* err from an internal error (its code, offset and one line); the code. */
gtidpos_status gp_api_error(gtidpos_error *err, const gp_error *e);
/* GTIDPOS_ERR_USAGE with what as the message. */
gtidpos_status gp_api_usage(gtidpos_error *err, const char *what);
/* The emitters end their line; the API's strings do not. */
void gp_api_strip_newline(char *text, size_t len);
/* An options flavor (0, GTIDPOS_FLAVOR_*) as the walk's; -1 when unknown. */
int gp_api_flavor(int flavor, gtidpos_flavor *out);
/* A new set holding r's answer (r is left empty); NULL when out of memory. */
gtidpos_set *gp_api_take_result(gp_at_result *r);

#endif
