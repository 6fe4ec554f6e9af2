/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verify_join.h - what `gtidpos verify` says about a file once its own
 * events are checked: the checks that need the file's place in the list
 * (in use but not the last file, the chain with the file before it), the
 * summary line, the total and the exit status.
 *
 * One code for the two ways a verify runs: over the files themselves
 * (cmd_verify.c), and over the records `verify --json` wrote for parts of
 * the list, possibly on other machines (`verify --merge`, verify_merge.c):
 * the output and exit status of the two are the same, byte for byte.
 * Public API only.
 */
#ifndef GP_CLI_VERIFY_JOIN_H
#define GP_CLI_VERIFY_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "gtidpos.h"

typedef struct gp_vjoin {
    const char *path;       /* the current file, as read */
    const char *name;       /* its name in the lines (--label names "-") */
    unsigned problems;      /* every file's so far */
    unsigned file_problems; /* the current file's */
    int hard;               /* the first hard exit status (3, 4, 5, 7) */
    size_t files;
    int prev_ok;            /* the previous file could be checked */
    char *prev;             /* its name */
    char *prev_end;         /* merge: its end set (gtidpos_check_chain_end) */
} gp_vjoin;

void gp_vjoin_init(gp_vjoin *j);
/* A new file (path, shown as name): its problem count starts at 0. */
void gp_vjoin_begin_file(gp_vjoin *j, const char *path, const char *name);
/* A gtidpos_problem_fn (ctx: the gp_vjoin): print "FILE: offset N: ..."
 * (FILE: the current file's name when it is the current file, with TSV's
 * escapes) and count the problems. */
void gp_vjoin_report(void *ctx, const char *file, int64_t offset, int note, const char *msg);
/* file could not be opened: message (the error's line, starting with
 * the file's path), exit its exit status. */
void gp_vjoin_unreadable(gp_vjoin *j, const char *file, const char *message, int exit_status);
/* What one file's check found: from the library's summary
 * (gp_vcheck_from), or read back from `verify --json` (verify_merge.c). */
typedef struct gp_vcheck {
    uint64_t events, bytes;
    int flavor, in_use, relay, positions_checked, archive_damaged;
    gtidpos_status stop;
} gp_vcheck;
void gp_vcheck_from(gp_vcheck *out, const gtidpos_check_summary *s);

/*
 * file's events were checked (s); last: it is the last file of the list.
 * texts 0: the chain check reads prev and file themselves; texts 1: it
 * uses prev's end set and start (file's start set; NULL: unreadable), and
 * end is kept for the next file.
 */
void gp_vjoin_checked(gp_vjoin *j, const char *file, const gp_vcheck *s, int last,
                      int texts, const char *start, const char *end);
/* The total line; the exit status (before stdout's flush).  Frees j. */
int gp_vjoin_finish(gp_vjoin *j);

#endif
