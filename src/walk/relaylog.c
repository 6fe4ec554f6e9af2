/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relaylog.c - gp_relaylog_at_source: the set at a source position, read
 * from a replica's relay logs (see relaylog.h for the layout relied on).
 *
 * The walk follows the source's coordinates through the relay files: the
 * source file now relayed (cur), the source offset its next event must
 * start at (cur_next), and the transaction in progress there.  A source
 * event that does not start at cur_next leaves a HOLE: source bytes the
 * relay logs do not hold.  What a hole may hide decides whether an answer
 * after it is exact (the rules, and the server code behind each, are at
 * classify_hole, fake_gtid_list, resolve_domains and the Rotate cases of
 * source_rotate).
 *
 * Beside the set of the file asked for (r), the walk keeps a CHAIN: the
 * source's executed set at cur_next, from a set the caller gives for the
 * first source position of the relay logs (--source-base) or from a
 * source file's own Previous_gtids / Gtid_list when relayed, carried across
 * source files as long as no hole breaks it.  A file whose own starting set
 * was not relayed (a MySQL replica replaces the source's Previous_gtids by
 * a Rotate) starts from the chain.
 *
 * The engine (walk/engine.h) does the walking: each relay file is a frames
 * walk whose on_frame hook, relay_frame, classifies every event (the
 * replica's own, the source's Rotates, events made up for the stream, the
 * source's events), and each source file's events are fed, in source
 * offsets, to a STREAM (a fed walk, gp_walk_init_fed) whose transaction
 * machine is the engine's; its on_commit hook, stream_commit, adds each
 * ended transaction to the answer, the chain and the GTIDs walked.  What
 * is left here is the question's own logic: holes, the chain, the
 * position asked for.
 */
#include "walk/relaylog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode.h"
#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"
#include "binlog/txn.h"
#include "binlog/walker.h"
#include "walk/engine.h"

/* LOG_EVENT_ARTIFICIAL_F: made up for the stream (the source's fake Rotate
 * at each connection, MariaDB sql_repl.cc fake_rotate_event, MySQL
 * rpl_binlog_sender.cc Binlog_sender::fake_rotate_event). */
#define ARTIFICIAL_F 0x20

/* A relayed transaction of the file asked for, or a hole in it that may
 * hide whole transactions ([lo, hi) in source offsets; MariaDB only; see
 * resolve_domains). */
typedef struct rl_item {
    uint64_t lo, hi;
    int is_hole;
    gp_mariadb_gtid gtid; /* the transaction's */
} rl_item;

typedef struct walk {
    /* the question */
    const char *name;      /* source file asked for */
    uint64_t pos;          /* GP_POS_END: its end */
    const char *base_text; /* --source-base, or NULL */
    gtidpos_flavor flavor;

    /* the source file now relayed */
    char cur[256];
    int cur_known;         /* a Rotate named it */
    uint64_t cur_next;     /* where its next relayed event must start */
    int cur_head;          /* only header events of it since its offset 4 */
    int cur_ended;         /* its own Rotate to the next file was relayed */
    /* its STREAM: the engine's walk of its events, fed in source offsets
     * (gp_walk_init_fed); stream.txn is its transaction in progress */
    gp_walk stream;
    gp_walk_hooks stream_hooks;
    gp_at_result *answer;  /* r, for the stream's on_commit */
    const char *path;      /* the relay file now read */

    /* the chain: the source's set at cur_next */
    gp_mysql_set *chain_mysql, *head_mysql;   /* head_: as cur was entered */
    gp_mariadb_state *chain_maria, *head_maria;
    int chain_ok, head_ok;
    char first[300];       /* "file:pos", the first source position relayed */

    /* the relay files' own chain */
    char expect_next[256]; /* the relay file the last one's Rotate named */
    int relay_break;       /* relay files are missing before this one */
    int break_accounted;   /* ... and the relay Previous_gtids show that no
                              GTID was received in them */
    gp_mysql_set *retrieved, *walked;
    int have_retrieved;

    /* the file asked for */
    int active;            /* cur is that file */
    int seen;              /* a Rotate named it */
    int have_state;        /* r holds its set at t_first */
    uint64_t t_first;      /* source offset its relayed copy starts at */
    uint64_t gap_lo, gap_hi; /* first hole that may hide GTIDs (gap_hi > 0) */
    char gap_why[200];
    uint64_t pg_lo, pg_hi; /* its Previous_gtids, replaced by the replica */
    int reached;
    int via_next;          /* the end of it is answered by the next file's
                              Gtid_list (see source_rotate) */
    int via_done;
    uint64_t inner_holes;  /* holes inside transactions passed over */

    /* MariaDB: holes before the position asked for are resolved domain by
     * domain (resolve_domains) from what the file asked for relays on both
     * sides of them and from the next file's Gtid_list */
    rl_item *items;        /* its transactions and holes, in source order */
    size_t n_items, cap_items;
    int items_bad;         /* not in source order, or out of memory */
    int resolving;         /* past the position, reading on for the above */
    gp_txn txn_at_pos;     /* the transaction open at the position */
    gp_mariadb_state *end_maria; /* the next file's Gtid_list */
    int have_end;

    /* MariaDB, a connection on GTID (see fake_gtid_list) */
    int conn_at_head;      /* this connection began at cur's offset 4 */
    gp_mariadb_state *file_start_maria; /* cur's own Gtid_list, relayed */
    int file_start_ok;
} walk;

static gtidpos_status nomem(const char *file, gp_error *e)
{
    return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
}

static void chain_break(walk *w)
{
    w->chain_ok = 0;
}

/* Note a transaction or a hole of the file asked for (MariaDB). */
static void item_add(walk *w, uint64_t lo, uint64_t hi, int is_hole, const gp_mariadb_gtid *g)
{
    rl_item *v;

    if (!w->active || w->flavor != GTIDPOS_FLAVOR_MARIADB || w->items_bad)
        return;
    if (lo >= hi || (w->n_items > 0 && lo < w->items[w->n_items - 1].hi)) {
        w->items_bad = 1; /* a stream sent again or backwards: no resolution */
        return;
    }
    if (w->n_items == w->cap_items) {
        size_t cap = w->cap_items ? w->cap_items * 2 : 64;
        if (cap > SIZE_MAX / sizeof *v || (v = realloc(w->items, cap * sizeof *v)) == NULL) {
            w->items_bad = 1; /* refused as before, never wrong */
            return;
        }
        w->items = v;
        w->cap_items = cap;
    }
    v = &w->items[w->n_items++];
    memset(v, 0, sizeof *v);
    v->lo = lo;
    v->hi = hi;
    v->is_hole = is_hole;
    if (g != NULL)
        v->gtid = *g;
}

/* A hole [lo, hi) of cur that may hide whole transactions: the chain
 * breaks, and an answer in cur past lo is refused unless resolve_domains
 * accounts for it. */
static void hole(walk *w, uint64_t lo, uint64_t hi, const char *why)
{
    chain_break(w);
    item_add(w, lo, hi, 1, NULL);
    if (w->active && w->gap_hi == 0) {
        w->gap_lo = lo;
        w->gap_hi = hi;
        snprintf(w->gap_why, sizeof w->gap_why, "%s", why);
    }
}

static int set_from(gp_at_result *r, const gp_mysql_set *m, const gp_mariadb_state *s)
{
    if (gp_mysql_set_copy(r->mysql, m) != GP_GTID_OK ||
        gp_mariadb_state_copy(r->mariadb, s) != GP_GTID_OK)
        return -1;
    return 0;
}

/* cur is now the file asked for, from source offset first. */
static gtidpos_status target_enter(walk *w, gp_at_result *r, uint64_t first, const char *file,
                           gp_error *e)
{
    w->active = 1;
    w->seen = 1;
    w->reached = 0;
    w->t_first = first;
    w->gap_lo = w->gap_hi = 0;
    w->pg_lo = w->pg_hi = 0;
    w->n_items = 0;
    w->items_bad = 0;
    gp_mysql_set_clear(r->mysql);
    gp_mariadb_state_clear(r->mariadb);
    r->has_last = 0;
    r->last_gtid[0] = '\0';
    r->anonymous = 0;
    w->have_state = w->chain_ok;
    if (w->chain_ok && set_from(r, w->chain_mysql, w->chain_maria) != 0)
        return nomem(file, e);
    return GTIDPOS_OK;
}

/* The source file named name is relayed from offset pos on. */
static gtidpos_status enter_file(walk *w, const char *name, uint64_t pos, gp_at_result *r,
                         const char *file, gp_error *e)
{
    snprintf(w->cur, sizeof w->cur, "%s", name);
    w->cur_known = 1;
    w->cur_next = pos;
    w->cur_head = pos <= GP_BINLOG_MAGIC_LEN;
    w->cur_ended = 0;
    w->conn_at_head = 0;
    w->file_start_ok = 0;
    /* A new stream: the relay file read stays its log. */
    gp_walk_init_fed(&w->stream, w->stream.log, w->flavor, &w->stream_hooks, e);
    w->head_ok = w->chain_ok;
    if (w->chain_ok && (gp_mysql_set_copy(w->head_mysql, w->chain_mysql) != GP_GTID_OK ||
                        gp_mariadb_state_copy(w->head_maria, w->chain_maria) != GP_GTID_OK))
        return nomem(file, e);
    if (strcmp(name, w->name) == 0)
        return target_enter(w, r, pos, file, e);
    w->active = 0;
    return GTIDPOS_OK;
}

/* The first source position of the relay logs: the chain starts there,
 * from --source-base when given. */
static gtidpos_status chain_start(walk *w, const char *name, uint64_t pos, gtidpos_flavor relay_flavor,
                          const char *file, gp_error *e)
{
    char msg[160];
    gtidpos_flavor f = w->flavor != GTIDPOS_FLAVOR_UNKNOWN ? w->flavor : relay_flavor;
    int rc;

    snprintf(w->first, sizeof w->first, "%s:%llu", name, (unsigned long long)pos);
    if (w->base_text == NULL)
        return GTIDPOS_OK;
    if (f == GTIDPOS_FLAVOR_MARIADB)
        rc = gp_mariadb_state_parse(w->chain_maria, w->base_text, strlen(w->base_text), msg,
                                    sizeof msg);
    else
        rc = gp_mysql_set_parse(w->chain_mysql, w->base_text, strlen(w->base_text), msg,
                                sizeof msg);
    if (rc == GP_GTID_ENOMEM)
        return nomem(file, e);
    if (rc != GP_GTID_OK)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "--source-base '%s' is not a %s: %s",
                            w->base_text,
                            f == GTIDPOS_FLAVOR_MARIADB ? "MariaDB GTID state" : "MySQL GTID set",
                            msg);
    w->chain_ok = 1;
    return GTIDPOS_OK;
}

static gtidpos_status add_gtid(walk *w, gp_at_result *r, const gp_txn *t, uint64_t end,
                       const char *file, gp_error *e)
{
    gp_at_result tmp;
    int rc = GP_GTID_OK;

    if (w->active && t->kind == GP_TXN_MARIADB)
        item_add(w, t->start, end, 0, &t->mariadb);
    if (w->active && !w->reached) {
        rc = gp_at_result_add_gtid(r, t);
        if (rc == GP_GTID_OK)
            gp_at_result_set_last_gtid(r, t, t->start, end); /* source offsets */
    }
    if (rc == GP_GTID_OK && w->chain_ok) {
        memset(&tmp, 0, sizeof tmp);
        tmp.mysql = w->chain_mysql;
        tmp.mariadb = w->chain_maria;
        rc = gp_at_result_add_gtid(&tmp, t);
    }
    if (rc == GP_GTID_OK && t->kind == GP_TXN_MYSQL)
        rc = gp_mysql_set_add(w->walked, &t->mysql.uuid, t->mysql.tag, t->mysql.tag_len,
                              t->mysql.gno);
    if (rc == GP_GTID_ENOMEM)
        return nomem(file, e);
    if (rc != GP_GTID_OK)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, -1, "GTID out of range");
    return GTIDPOS_OK;
}

/*
 * The hole [cur_next, start) before the source event ev of cur: *ok = 1
 * when it provably hides no transaction's Gtid event (*inner = 1 when that
 * is because both its ends are inside one transaction), else *ok = 0 and
 * *why says what may be there.  The rules:
 *
 *  - Relay files are missing before this one, and the relay logs' own
 *    Previous_gtids show that no GTID was received in them (see
 *    relay_previous_gtids): the hole is accounted for.
 *
 *  - Both ends inside one transaction: the transaction in progress at
 *    cur_next (its Gtid event relayed) goes on with ev (ev neither starts
 *    a group nor abandons the open one).  Such a hole holds no Gtid event:
 *    a server that leaves a group's Gtid event out of what it sends or
 *    relays leaves the whole group out, from its Gtid event to its commit
 *    (MariaDB sql_repl.cc send_event_to_slave: gtid_skip_group
 *    GTID_SKIP_TRANSACTION / GTID_SKIP_STANDALONE, and events flagged
 *    @@skip_replication, which a session cannot switch inside a
 *    transaction; MariaDB slave.cc queue_event: the IGNORE_DOMAIN_IDS /
 *    DO_DOMAIN_IDS filter, Domain_id_filter::do_filter, drops whole event
 *    groups; MySQL rpl_binlog_sender.cc Binlog_sender::skip_event skips
 *    whole GTID groups), so a transaction whose Gtid event was relayed was
 *    relayed up to its commit but for single events a primary may leave
 *    out of a group: the event types with GP_ET_MAY_BE_UNSENT
 *    (event_names.h; Annotate_rows, MariaDB's only: so for MySQL sources
 *    this rule does not apply).  Not after missing relay files or a
 *    reconnection (w->relay_break): what those held is not known.
 *
 *  - Anything else (the transaction before the hole had ended, or ev
 *    starts one) may hide whole transactions: IGNORE_DOMAIN_IDS /
 *    DO_DOMAIN_IDS on the replica, groups the primary skipped, purged
 *    relay files.
 */
static gtidpos_status classify_hole(walk *w, const gp_event *ev, const gp_fde *fde, uint64_t start,
                            int *ok, int *inner, const char **why, const char *file,
                            gp_error *e)
{
    gp_txn copy = w->stream.txn, dropped;
    gp_txn_step step;
    gp_event src = *ev;
    gtidpos_status rc;

    *ok = *inner = 0;
    *why = "whole transactions may be there: filtered by the replica (IGNORE_DOMAIN_IDS / "
           "DO_DOMAIN_IDS), skipped by the source, or in purged relay files";
    if (start > w->cur_next && w->break_accounted) {
        *ok = 1;
        return GTIDPOS_OK;
    }
    if (w->relay_break) {
        *why = "relay files are missing there";
        return GTIDPOS_OK;
    }
    if (start < w->cur_next || w->stream.txn.state == GP_TXN_IDLE)
        return GTIDPOS_OK;
    if (w->flavor != GTIDPOS_FLAVOR_MARIADB) {
        /* A MySQL source leaves nothing out of a transaction it sends (the
         * one GP_ET_MAY_BE_UNSENT type is MariaDB's): no known cause. */
        *why = "a MySQL source leaves no event out of a transaction it sends: the relay "
               "logs were cut or edited";
        return GTIDPOS_OK;
    }
    src.offset = start;
    if ((rc = gp_txn_feed(&copy, &src, fde, w->flavor, &step, &dropped, file, e)) != GTIDPOS_OK)
        return rc;
    if (step == GP_STEP_NONE || step == GP_STEP_ENDED)
        *ok = *inner = 1;
    else
        *why = "a transaction starts after them: whole transactions may be there";
    return GTIDPOS_OK;
}

/* A source event of cur, [start, end) in the source: a hole before it is
 * classified (classify_hole); one that may hide transactions breaks the
 * chain, and an answer in cur past it is refused. */
static gtidpos_status source_event(walk *w, const gp_event *ev, const gp_fde *fde, uint64_t start,
                           uint64_t end, gp_at_result *r, const char *file, gp_error *e)
{
    gp_event src = *ev;
    int gap = start != w->cur_next;
    gtidpos_status rc;

    if (w->flavor == GTIDPOS_FLAVOR_UNKNOWN)
        w->flavor = fde->flavor;
    if (gap) {
        int ok, inner;
        const char *why;
        if ((rc = classify_hole(w, ev, fde, start, &ok, &inner, &why, file, e)) != GTIDPOS_OK)
            return rc;
        if (!ok)
            hole(w, w->cur_next < start ? w->cur_next : start,
                 w->cur_next < start ? start : w->cur_next, why);
        else if (inner)
            w->inner_holes++; /* holds no Gtid event */
        w->cur_head = 0;
    }
    w->relay_break = 0;
    w->break_accounted = 0;
    /* A source file's own starting set, when relayed whole. */
    if (w->cur_head) {
        if (ev->type == GP_EV_PREVIOUS_GTIDS && w->flavor == GTIDPOS_FLAVOR_MYSQL) {
            if ((rc = gp_decode_previous_gtids(ev, w->chain_mysql, file, e)) != GTIDPOS_OK)
                return rc;
            gp_mariadb_state_clear(w->chain_maria);
            w->chain_ok = 1;
        } else if (ev->type == GP_EV_MARIA_GTID_LIST && w->flavor == GTIDPOS_FLAVOR_MARIADB) {
            if ((rc = gp_decode_gtid_list(ev, w->chain_maria, file, e)) != GTIDPOS_OK)
                return rc;
            gp_mysql_set_clear(w->chain_mysql);
            w->chain_ok = 1;
            if (gp_mariadb_state_copy(w->file_start_maria, w->chain_maria) != GP_GTID_OK)
                return nomem(file, e);
            w->file_start_ok = 1;
        }
        if (w->via_next && w->resolving && w->chain_ok &&
            ev->type == GP_EV_MARIA_GTID_LIST) {
            /* The state at the end of the file asked for, for
             * resolve_domains. */
            if (gp_mariadb_state_copy(w->end_maria, w->chain_maria) != GP_GTID_OK)
                return nomem(file, e);
            w->have_end = 1;
            w->via_done = 1;
            return GTIDPOS_OK;
        }
        if (w->via_next && w->chain_ok && ev->type == GP_EV_MARIA_GTID_LIST) {
            /* The set at the end of the file asked for: exact, whatever its
             * holes hid.  Its last transaction is not known. */
            if (set_from(r, w->chain_mysql, w->chain_maria) != 0)
                return nomem(file, e);
            w->gap_lo = w->gap_hi = 0;
            r->has_last = 0;
            r->last_gtid[0] = '\0';
            w->have_state = 1;
            w->via_done = 1;
            return GTIDPOS_OK;
        }
        if (w->chain_ok && (ev->type == GP_EV_PREVIOUS_GTIDS ||
                            ev->type == GP_EV_MARIA_GTID_LIST)) {
            if (w->active) {
                if (set_from(r, w->chain_mysql, w->chain_maria) != 0)
                    return nomem(file, e);
                w->have_state = 1;
            }
        }
    }
    if (!gp_event_is_header(ev->type))
        w->cur_head = 0;
    /* The stream's transaction machine sees source offsets, so that its
     * start offsets and the answer's are the source's; a transaction that
     * ends is added by stream_commit.  fde is the stream's log's. */
    src.offset = start;
    w->stream.flavor = w->flavor;
    w->stream.e = e;
    w->answer = r;
    w->path = file;
    if ((rc = gp_walk_apply(&w->stream, &src)) != GTIDPOS_OK)
        return rc;
    w->cur_next = end;
    return GTIDPOS_OK;
}

/* The stream's on_commit: the transaction t, [t->start, end of ev) in the
 * source, ended (add_gtid: to the answer, the chain, the GTIDs walked). */
static gtidpos_status stream_commit(void *ctx, gp_at_result *none, const gp_txn *t, const gp_event *ev,
                            gp_error *e)
{
    walk *w = ctx;

    (void)none;
    return add_gtid(w, w->answer, t, gp_event_end(ev), w->path, e);
}

/*
 * The relay file's own Previous_gtids (MySQL): the replica's
 * Retrieved_Gtid_Set when it opened the file (MySQL binlog.cc
 * MYSQL_BIN_LOG::open_binlog writes the relay log's previous_gtid_set_relaylog,
 * the GTIDs its receiver queued; rpl_replica.cc queue_event adds each
 * received Gtid event's GTID to it).  When relay files are missing before
 * this one, every GTID received in them is in this set: if it holds
 * nothing beyond the last file's set and the GTIDs walked since, the
 * missing files held no transaction the source had not sent before (a
 * source on GTID auto-position never sends a GTID the replica already
 * retrieved: rpl_binlog_sender.cc Binlog_sender::skip_event), and the
 * source bytes they held are accounted for.
 */
static gtidpos_status relay_previous_gtids(walk *w, const gp_event *ev, const char *file, gp_error *e)
{
    gp_mysql_set *now = gp_mysql_set_new(), *known = gp_mysql_set_new();
    gtidpos_status rc = GTIDPOS_OK;

    if (now == NULL || known == NULL) {
        rc = nomem(file, e);
        goto out;
    }
    if ((rc = gp_decode_previous_gtids(ev, now, file, e)) != GTIDPOS_OK)
        goto out;
    if (w->relay_break && w->have_retrieved) {
        if (gp_mysql_set_copy(known, w->retrieved) != GP_GTID_OK ||
            gp_mysql_set_union(known, w->walked) != GP_GTID_OK) {
            rc = nomem(file, e);
            goto out;
        }
        w->break_accounted = gp_mysql_set_is_subset(now, known);
    }
    if (gp_mysql_set_copy(w->retrieved, now) != GP_GTID_OK) {
        rc = nomem(file, e);
        goto out;
    }
    w->have_retrieved = 1;
    gp_mysql_set_clear(w->walked);
out:
    gp_mysql_set_free(now);
    gp_mysql_set_free(known);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/*
 * Before the source event ev of cur, [start, end): is it at or past the
 * position asked for?  Then *stop = 1 (the answer is the set before ev),
 * unless ev is a header event of the file (as gp_at: they count at any
 * position in it).  A hole before ev that covers or ends at the position
 * is classified first: one that may hide transactions is recorded (the
 * answer is refused), and a position strictly inside any hole is not known
 * to be an event boundary.
 */
/* Holes of the file asked for can be resolved domain by domain. */
static int resolvable(const walk *w)
{
    return w->flavor == GTIDPOS_FLAVOR_MARIADB && w->have_state && !w->items_bad;
}

static gtidpos_status reach(walk *w, const gp_event *ev, const gp_fde *fde, uint64_t start,
                    uint64_t end, gp_relay_at *where, const char *path, int *stop,
                    gp_error *e)
{
    int hole_ends_here = 0;

    if (!w->active || w->pos == GP_POS_END || w->resolving)
        return GTIDPOS_OK;
    if (!w->reached && start >= w->pos) {
        if (w->cur_next < w->pos) {
            int ok, inner;
            const char *why;
            gtidpos_status rc = classify_hole(w, ev, fde, start, &ok, &inner, &why, path, e);
            if (rc != GTIDPOS_OK)
                return rc;
            /* A hole that ends at the position is recorded by source_event
             * and resolved like the ones before it. */
            hole_ends_here = !ok && start == w->pos && resolvable(w);
            if (!ok && !hole_ends_here) {
                hole(w, w->cur_next, start,
                     start > w->pos ? "the position asked for lies inside them, where whole "
                                      "transactions may be (filtered by the replica, skipped "
                                      "by the source, or in purged relay files)"
                                    : why);
                snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
                where->relay_offset = ev->offset;
                *stop = 1;
                return GTIDPOS_OK;
            }
        }
        if (start > w->pos && w->cur_next != w->pos)
            return gp_error_set(e, GTIDPOS_ERR_POSITION, w->name, (int64_t)w->pos,
                                "source position %llu of %s is not an event boundary in "
                                "the relay logs (the source events there are %llu..%llu "
                                "and %llu..%llu)",
                                (unsigned long long)w->pos, w->name,
                                (unsigned long long)w->t_first,
                                (unsigned long long)w->cur_next, (unsigned long long)start,
                                (unsigned long long)end);
        w->reached = 1;
        snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
        where->relay_offset = ev->offset;
        if (hole_ends_here || (w->gap_hi != 0 && w->gap_lo < w->pos && resolvable(w))) {
            /* Holes before the position: read the rest of the file and the
             * next file's Gtid_list (resolve_domains). */
            w->resolving = 1;
            w->txn_at_pos = w->stream.txn;
            return GTIDPOS_OK;
        }
    }
    if (w->reached && !(w->cur_head && start == w->cur_next && gp_event_is_header(ev->type)))
        *stop = 1;
    return GTIDPOS_OK;
}

/* A connection's start at name:pos (the source's fake Rotate). */
static gtidpos_status connection_enter(walk *w, const char *name, uint64_t pos, gp_at_result *r,
                               const char *file, gp_error *e)
{
    gtidpos_status rc = enter_file(w, name, pos, r, file, e);

    w->conn_at_head = pos <= GP_BINLOG_MAGIC_LEN;
    return rc;
}

/*
 * A Gtid_list the source made up for the stream (LOG_EVENT_ARTIFICIAL_F)
 * with a real log_pos X: on a connection on GTID, a MariaDB primary reads
 * the file holding the replica's position from its offset 4 and skips the
 * groups the replica has (sql_repl.cc send_event_to_slave, gtid_skip_group);
 * at the end of the group where it reaches the replica's position in a
 * domain it sends this event (send_fake_gtid_list), carrying
 * until_binlog_state: the last GTID of each domain among the Gtid events
 * it read since it began (all of them, skipped or sent; loaded first with
 * the file's Gtid_list when the replica asked UNTIL), and log_pos the end
 * of that group.  So, when this connection began at cur's offset 4 and
 * cur's own Gtid_list was relayed (the file's state at its start), that
 * state updated with this event's GTIDs is the source's EXACT state at X,
 * whatever the skipped groups between were: the holes before X are
 * accounted for.  Otherwise (or when the position asked for lies before X,
 * or is passed) the event changes nothing and the holes stand.
 */
static gtidpos_status fake_gtid_list(walk *w, const gp_event *ev, gp_at_result *r, const char *file,
                             gp_error *e)
{
    gp_mariadb_state *got = NULL;
    uint64_t x = ev->log_pos;
    gtidpos_status rc = GTIDPOS_OK;

    if (w->flavor != GTIDPOS_FLAVOR_MARIADB || !w->conn_at_head || !w->file_start_ok ||
        x < w->cur_next || w->resolving || w->via_next ||
        (w->active && !w->reached && w->pos != GP_POS_END && w->pos < x))
        return GTIDPOS_OK;
    if ((got = gp_mariadb_state_new()) == NULL)
        return nomem(file, e);
    if ((rc = gp_decode_gtid_list(ev, got, file, e)) != GTIDPOS_OK)
        goto out;
    if (gp_mariadb_state_copy(w->chain_maria, w->file_start_maria) != GP_GTID_OK) {
        rc = nomem(file, e);
        goto out;
    }
    for (size_t i = 0; i < gp_mariadb_state_count(got); i++)
        if (gp_mariadb_state_update(w->chain_maria, gp_mariadb_state_at(got, i)) != GP_GTID_OK) {
            rc = nomem(file, e);
            goto out;
        }
    gp_mysql_set_clear(w->chain_mysql);
    w->chain_ok = 1;
    w->cur_next = x;
    w->cur_head = 0;
    w->relay_break = 0;
    w->break_accounted = 0;
    memset(&w->stream.txn, 0, sizeof w->stream.txn); /* sent after a group's end */
    if (w->active) {
        if (set_from(r, w->chain_mysql, w->chain_maria) != 0) {
            rc = nomem(file, e);
            goto out;
        }
        r->has_last = 0;
        r->last_gtid[0] = '\0';
        w->have_state = 1;
        w->t_first = x;
        w->gap_lo = w->gap_hi = 0;
        w->n_items = 0;
        w->items_bad = 0;
    }
out:
    gp_mariadb_state_free(got);
    return rc;
}

/* A Rotate of the source's stream: the source's own (its file's last
 * event), the receiver's replacement of the source's Previous_gtids
 * (MySQL), or the source's fake one at a connection's start. */
static gtidpos_status source_rotate(walk *w, const gp_event *ev, const gp_fde *fde,
                            const char *name, uint64_t pos, gp_at_result *r,
                            gp_relay_at *where, int *stop, const char *path, gp_error *e)
{
    gtidpos_status rc;

    if (ev->log_pos != 0 && ev->server_id != 0 && !(ev->flags & ARTIFICIAL_F)) {
        /* The source's own Rotate: the last event of cur, in the source's
         * binlog (its log_pos is the source's).  The next file follows it
         * from its offset 4 with nothing between. */
        if (!w->cur_known) {
            /* The first relay files were purged and this one began inside
             * the stream: the source positions are known from here on. */
            if ((rc = chain_start(w, name, pos, fde->flavor, path, e)) != GTIDPOS_OK)
                return rc;
            return enter_file(w, name, pos, r, path, e);
        }
        if (ev->log_pos < ev->size)
            return gp_error_set(e, GTIDPOS_ERR_CORRUPT, path, (int64_t)ev->offset,
                                "source Rotate with log_pos %u smaller than its size %u",
                                ev->log_pos, ev->size);
        if ((rc = reach(w, ev, fde, ev->log_pos - ev->size, ev->log_pos, where, path, stop,
                        e)) != GTIDPOS_OK ||
            *stop)
            return rc;
        if ((rc = source_event(w, ev, fde, ev->log_pos - ev->size, ev->log_pos, r, path,
                               e)) != GTIDPOS_OK)
            return rc;
        if (w->resolving) {
            /* The whole of the file asked for was read: on to the next
             * file's Gtid_list (as below). */
            w->via_next = 1;
            return enter_file(w, name, pos, r, path, e);
        }
        if (w->active) {
            if (w->pos == GP_POS_END || w->pos == ev->log_pos) {
                w->pos = ev->log_pos;
                snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
                where->relay_offset = gp_event_end(ev);
                if (w->gap_hi != 0 && w->flavor == GTIDPOS_FLAVOR_MARIADB) {
                    /* Holes hide part of the file, but its end is the
                     * next file's start: a MariaDB binlog opens with a
                     * Gtid_list of the binlog state at the rotation (log.cc
                     * MYSQL_BIN_LOG::open writes rpl_global_gtid_binlog_state
                     * after the Format_description), which the primary
                     * sends (sql_repl.cc send_event_to_slave) and the
                     * replica relays.  Read on for it. */
                    w->via_next = 1;
                    return enter_file(w, name, pos, r, path, e);
                }
                *stop = 1;
                return GTIDPOS_OK;
            }
            if (!w->reached)
                return gp_error_set(e, GTIDPOS_ERR_POSITION, w->name, (int64_t)w->pos,
                                    "source position %llu is past the end of %s (%llu) in "
                                    "the relay logs",
                                    (unsigned long long)w->pos, w->name,
                                    (unsigned long long)ev->log_pos);
        }
        return enter_file(w, name, pos, r, path, e);
    }
    if ((w->via_next || w->resolving) && !(strcmp(name, w->cur) == 0 && pos == w->cur_next)) {
        /* (MariaDB's fake Rotate at the new file's offset 4 changes
         * nothing) anything else: the holes stand */
        *stop = 1;
        return GTIDPOS_OK;
    }
    if (ev->server_id == 0 && w->cur_known && strcmp(name, w->cur) == 0 &&
        w->cur_head && pos > w->cur_next) {
        /* MySQL's receiver writes this Rotate (server_id 0, its own
         * log_pos) IN PLACE of the source's Previous_gtids event, to
         * carry the source position past it (rpl_replica.cc queue_event,
         * case PREVIOUS_GTIDS_LOG_EVENT).  The bytes between are that one
         * header event: no transaction, but the file's starting set is
         * not in the relay logs.  The chain, when known, still holds. */
        if (w->active) {
            w->pg_lo = w->cur_next;
            w->pg_hi = pos;
        }
        w->cur_next = pos;
        return GTIDPOS_OK;
    }
    /* A connection's start (the source's fake Rotate), or a note of the
     * receiver's: the source resumes at name:pos. */
    if (!w->cur_known) {
        if ((rc = chain_start(w, name, pos, fde->flavor, path, e)) != GTIDPOS_OK)
            return rc;
        return connection_enter(w, name, pos, r, path, e);
    }
    if (strcmp(name, w->cur) == 0) {
        if (pos == w->cur_next)
            return GTIDPOS_OK;
        if (pos <= GP_BINLOG_MAGIC_LEN) {
            /* Sent again from its start (a reconnection on GTID: MariaDB
             * sql_repl.cc mysql_binlog_send starts at offset 4 of the file
             * that holds the replica's position): the chain as it was at
             * the file's start. */
            w->chain_ok = w->head_ok;
            if (w->head_ok &&
                (gp_mysql_set_copy(w->chain_mysql, w->head_mysql) != GP_GTID_OK ||
                 gp_mariadb_state_copy(w->chain_maria, w->head_maria) != GP_GTID_OK))
                return nomem(path, e);
            w->relay_break = 0;
            w->break_accounted = 0;
            return connection_enter(w, name, pos, r, path, e);
        }
        if (!(pos > w->cur_next && w->break_accounted))
            hole(w, pos < w->cur_next ? pos : w->cur_next, pos < w->cur_next ? w->cur_next : pos,
                 "the source resumed elsewhere (a new connection)");
        memset(&w->stream.txn, 0, sizeof w->stream.txn);
        w->cur_next = pos;
        w->cur_head = 0;
        w->relay_break = 0;
        w->break_accounted = 0;
        return GTIDPOS_OK;
    }
    /* Another file, without cur's own Rotate: cur's tail (and this file's
     * head, when pos > 4) is not in the relay logs. */
    if (w->active && !w->reached && w->pos != GP_POS_END && w->pos != w->cur_next)
        return gp_error_set(e, GTIDPOS_ERR_POSITION, w->name, (int64_t)w->pos,
                            "source position %llu of %s is not in the relay logs, which "
                            "hold it up to %llu",
                            (unsigned long long)w->pos, w->name,
                            (unsigned long long)w->cur_next);
    if (w->active) {
        if (w->pos == GP_POS_END)
            w->pos = w->cur_next;
        *stop = 1;
        return GTIDPOS_OK;
    }
    if (!w->break_accounted)
        chain_break(w);
    w->relay_break = 0;
    w->break_accounted = 0;
    return connection_enter(w, name, pos, r, path, e);
}

/* One relay file's walk: the engine frames its events (a frames walk) and
 * relay_frame, its on_frame hook, classifies each one. */
typedef struct file_walk {
    walk *w;
    gp_at_result *r;
    gp_relay_at *where;
    int *stop;
    const char *path;
    gp_log *log;
    uint32_t own_id;       /* the relay file's own server_id */
    int first;             /* the next event is the file's first */
} file_walk;

/*
 * An event of the relay file: the relay file's own Format_description
 * (first; its server_id tells the replica's own events), the replica's own
 * events (its Rotate names the next relay file; its Previous_gtids is the
 * Retrieved_Gtid_Set), the source's Rotates (source_rotate), events made
 * up for the stream, and the source's events (reach, source_event).  Every
 * event is passed (the engine applies none of its rules to a relay file:
 * the events are the source's, in the source's coordinates); the walk
 * ends once the position asked for was reached, or on an error.
 */
static gp_walk_verdict relay_frame(void *ctx, gp_walk *gw, const gp_event *evp, gtidpos_status *rcp)
{
    file_walk *fw = ctx;
    walk *w = fw->w;
    const gp_fde *fde = &fw->log->fde;
    const char *path = fw->path;
    gp_error *e = gw->e;
    gp_event ev = *evp;
    uint64_t start, end;
    gtidpos_status rc = GTIDPOS_OK;

    *rcp = GTIDPOS_OK;
    if (fw->first) {
        fw->own_id = ev.server_id; /* the relay file's own Format_description */
        fw->first = 0;
        return GP_WALK_PASS;
    }
    if (ev.server_id == fw->own_id) {
        /* the replica's own events */
        if (ev.type == GP_EV_ROTATE) {
            gp_rotate rot;
            if ((rc = gp_decode_rotate(&ev, fde, &rot, path, e)) != GTIDPOS_OK)
                goto fail;
            if (rot.name_len < sizeof w->expect_next && !memchr(rot.name, '\0', rot.name_len)) {
                memcpy(w->expect_next, rot.name, rot.name_len);
                w->expect_next[rot.name_len] = '\0';
            }
        } else if (ev.type == GP_EV_PREVIOUS_GTIDS && fde->flavor == GTIDPOS_FLAVOR_MYSQL) {
            if ((rc = relay_previous_gtids(w, &ev, path, e)) != GTIDPOS_OK)
                goto fail;
        }
        return GP_WALK_PASS;
    }
    if (ev.type == GP_EV_ROTATE) {
        gp_rotate rot;
        char name[256];
        if ((rc = gp_decode_rotate(&ev, fde, &rot, path, e)) != GTIDPOS_OK)
            goto fail;
        if (rot.name_len >= sizeof name || memchr(rot.name, '\0', rot.name_len))
            return GP_WALK_PASS;
        memcpy(name, rot.name, rot.name_len);
        name[rot.name_len] = '\0';
        if ((rc = source_rotate(w, &ev, fde, name, rot.pos, fw->r, fw->where, fw->stop, path,
                                e)) != GTIDPOS_OK)
            goto fail;
        return *fw->stop ? GP_WALK_END : GP_WALK_PASS;
    }
    if (ev.type == GP_EV_MARIA_GTID_LIST && (ev.flags & ARTIFICIAL_F) && ev.log_pos != 0 &&
        w->cur_known) {
        if ((rc = fake_gtid_list(w, &ev, fw->r, path, e)) != GTIDPOS_OK)
            goto fail;
        return GP_WALK_PASS;
    }
    if (ev.log_pos == 0 || (ev.flags & ARTIFICIAL_F) || !w->cur_known)
        return GP_WALK_PASS; /* made up for the stream (MySQL writes the source's
                                Format_description at the top of each relay file
                                marked so; MariaDB's fake Gtid_list) */
    if (ev.log_pos < ev.size) {
        rc = gp_error_set(e, GTIDPOS_ERR_CORRUPT, path, (int64_t)ev.offset,
                          "source event with log_pos %u smaller than its size %u",
                          ev.log_pos, ev.size);
        goto fail;
    }
    start = ev.log_pos - ev.size;
    end = ev.log_pos;
    if ((rc = reach(w, &ev, fde, start, end, fw->where, path, fw->stop, e)) != GTIDPOS_OK)
        goto fail;
    if (*fw->stop)
        return GP_WALK_END;
    if (w->via_next && !w->via_done && (start != w->cur_next || !w->cur_head)) {
        *fw->stop = 1; /* no Gtid_list right after the Rotate: the holes stand */
        return GP_WALK_END;
    }
    if ((rc = source_event(w, &ev, fde, start, end, fw->r, path, e)) != GTIDPOS_OK)
        goto fail;
    if (w->via_done) {
        *fw->stop = 1;
        return GP_WALK_END;
    }
    if (w->active && !w->reached) {
        snprintf(fw->where->relay_path, sizeof fw->where->relay_path, "%s", path);
        fw->where->relay_offset = gp_event_end(&ev);
    }
    return GP_WALK_PASS;
fail:
    *rcp = rc;
    return GP_WALK_END;
}

/* The hook that keeps the walk from passing over events in bulk: every
 * event of a relay file is a source event whose offsets relay_frame
 * follows. */
static gtidpos_status relay_every_event(void *ctx, const gp_event *ev, gp_error *e)
{
    (void)ctx;
    (void)ev;
    (void)e;
    return GTIDPOS_OK;
}

/* Walk one relay file; *stop = 1 once the target position was reached. */
static gtidpos_status walk_file(const char *path, walk *w, gp_at_result *r, gp_relay_at *where,
                        int *stop, gp_error *e)
{
    gp_log log;
    gp_walk gw;
    file_walk fw;
    gp_walk_hooks hooks;
    gtidpos_status rc = gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, e);

    if (rc != GTIDPOS_OK) {
        gp_log_close(&log); /* what the open had set up */
        return rc;
    }
    if (w->cur_known && strcmp(base_name(path), base_name(w->expect_next)) != 0)
        w->relay_break = 1; /* the relay files between are missing */
    w->expect_next[0] = '\0';
    memset(&fw, 0, sizeof fw);
    fw.w = w;
    fw.r = r;
    fw.where = where;
    fw.stop = stop;
    fw.path = path;
    fw.log = &log;
    fw.first = 1;
    memset(&hooks, 0, sizeof hooks);
    hooks.ctx = &fw;
    hooks.on_frame = relay_frame;
    hooks.on_event = relay_every_event;
    w->stream.log = &log; /* the stream's events are framed out of it */
    if ((rc = gp_walk_init_frames(&gw, &log, &hooks, e)) == GTIDPOS_OK)
        rc = gp_walk_run(&gw, GP_POS_END);
    w->stream.log = NULL;
    gp_log_close(&log);
    return rc;
}

/*
 * Holes of the file asked for that may hide whole transactions, before the
 * position pos: the set there is resolved domain by domain (MariaDB's
 * state holds one GTID per domain).  r holds the state the relay logs give
 * at pos: the file's starting Gtid_list and the transactions relayed
 * before pos.  For a domain d whose last GTID there is L (at offset Loff,
 * the end of its transaction, or the file's start):
 *
 *  1. No hole between Loff and pos: L is exact.
 *  2. The next relayed transaction of d not ended at pos (after it, or
 *     open there), N, has seq L.seq + 1
 *     (0 + 1 when d is new): no transaction of d lies between L and N, so
 *     none in the holes before pos.  This relies on seq_no increasing
 *     within a domain in the source's binlog: MariaDB allocates each new
 *     GTID as the domain's last seq_no + 1 (rpl_gtid.cc
 *     rpl_binlog_state::next_gtid), and gtid_strict_mode refuses any other
 *     (rpl_binlog_state::check_strict_sequence); only a forced
 *     @@gtid_seq_no outside strict mode breaks it.
 *  3. No relayed transaction of d after pos, and the rest of the file was
 *     read up to its Rotate and the next file's Gtid_list E (the source's
 *     binlog state at the rotation, log.cc MYSQL_BIN_LOG::open, relayed by
 *     the replica: slave.cc queue_event writes every event that is not
 *     part of a filtered group, and Gtid_list is not a group event,
 *     Log_event::is_group_event) was relayed:
 *     a. E[d] == L: no transaction of d after L in the whole file;
 *     b. else, no hole between pos and the file's end: d's last
 *        transaction of the file is in a hole before pos, and is E[d].
 *  Anything else is refused, naming the first hole after Loff.
 *
 * Why holes hide whole groups of some domains and not others: a replica
 * with IGNORE_DOMAIN_IDS / DO_DOMAIN_IDS drops every event of a group of a
 * filtered domain, its Gtid event first (slave.cc queue_event:
 * Domain_id_filter::do_filter on the GTID_EVENT sets the filter for the
 * group, is_group_filtered() drops it), and keeps the source's non-group
 * events (Format_description, Rotate, Gtid_list, Binlog_checkpoint).  The
 * rules above do not assume which domains are filtered: rule 1 and 3 are
 * exact for any hole, rule 2 for any hole under the seq_no order.
 */
static gtidpos_status resolve_domains(walk *w, gp_at_result *r, uint64_t pos, const char *file,
                              gp_error *e)
{
    gp_mariadb_state *out = gp_mariadb_state_new();
    gtidpos_status rc = GTIDPOS_OK;
    size_t n_dom = 0, i, j;
    uint32_t *doms = NULL;
    size_t cap = gp_mariadb_state_count(r->mariadb) + w->n_items +
                 (w->have_end ? gp_mariadb_state_count(w->end_maria) : 0) + 1;

    if (out == NULL || (doms = malloc(cap * sizeof *doms)) == NULL ||
        gp_mariadb_state_copy(out, r->mariadb) != GP_GTID_OK) {
        rc = nomem(file, e);
        goto done;
    }
    /* every domain: in the state at pos, relayed in the file, in E */
    for (i = 0; i < gp_mariadb_state_count(r->mariadb); i++)
        doms[n_dom++] = gp_mariadb_state_at(r->mariadb, i)->domain;
    for (i = 0; i < w->n_items; i++)
        if (!w->items[i].is_hole)
            doms[n_dom++] = w->items[i].gtid.domain;
    for (i = 0; w->have_end && i < gp_mariadb_state_count(w->end_maria); i++)
        doms[n_dom++] = gp_mariadb_state_at(w->end_maria, i)->domain;

    for (i = 0; i < n_dom; i++) {
        uint32_t d = doms[i];
        const gp_mariadb_gtid *L = gp_mariadb_state_get(r->mariadb, d), *E;
        const rl_item *dirty = NULL, *next = NULL;
        uint64_t loff = w->t_first;
        int hole_after = 0, done = 0;

        for (j = 0; j < i && !done; j++)
            done = doms[j] == d; /* seen */
        if (done)
            continue;
        for (j = 0; j < w->n_items; j++) {
            const rl_item *it = &w->items[j];
            if (!it->is_hole && it->gtid.domain == d && it->hi <= pos)
                loff = it->hi;
        }
        for (j = 0; j < w->n_items; j++) {
            const rl_item *it = &w->items[j];
            if (it->is_hole && it->lo >= loff && it->hi <= pos && dirty == NULL)
                dirty = it;
            if (it->is_hole && it->lo >= pos)
                hole_after = 1;
            /* (a transaction open at pos counts as after it: the set
             * there excludes it) */
            if (!it->is_hole && it->gtid.domain == d && it->hi > pos && next == NULL)
                next = it;
        }
        if (dirty == NULL)
            continue;                                   /* 1 */
        if (next != NULL && next->gtid.seq == (L != NULL ? L->seq : 0) + 1 &&
            (L == NULL || L->seq < UINT64_MAX))
            continue;                                   /* 2 */
        E = w->have_end ? gp_mariadb_state_get(w->end_maria, d) : NULL;
        if (next == NULL && w->have_end) {
            if ((E == NULL && L == NULL) ||
                (E != NULL && L != NULL && E->server_id == L->server_id && E->seq == L->seq))
                continue;                               /* 3a */
            if (E != NULL && !hole_after) {             /* 3b */
                if (gp_mariadb_state_update(out, E) != GP_GTID_OK) {
                    rc = nomem(file, e);
                    goto done;
                }
                continue;
            }
        }
        rc = gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                          "source bytes %llu..%llu of %s are not in the relay logs and %s: "
                          "the GTID of domain %u at %llu cannot be accounted for (%s)",
                          (unsigned long long)dirty->lo, (unsigned long long)dirty->hi,
                          w->name, w->gap_why, d, (unsigned long long)pos,
                          w->have_end ? "the next relayed Gtid_list does not settle it"
                                      : "the relay logs hold no Gtid_list after it");
        goto done;
    }
    if (gp_mariadb_state_copy(r->mariadb, out) != GP_GTID_OK)
        rc = nomem(file, e);
done:
    free(doms);
    gp_mariadb_state_free(out);
    return rc;
}

static gtidpos_status finish(walk *w, gp_at_result *r, uint64_t pos, const char *file, gp_error *e)
{
    const gp_txn *open = w->resolving ? &w->txn_at_pos : &w->stream.txn;

    if (w->resolving && !w->items_bad) {
        gtidpos_status rc = resolve_domains(w, r, pos, file, e);
        if (rc != GTIDPOS_OK)
            return rc;
        w->gap_hi = 0; /* accounted for */
    }
    if (w->gap_hi != 0 && w->gap_lo < pos)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                            "source bytes %llu..%llu of %s are not in the relay logs and "
                            "%s: the set past them cannot be accounted for",
                            (unsigned long long)w->gap_lo, (unsigned long long)w->gap_hi,
                            w->name, w->gap_why);
    if (!w->have_state && w->pg_hi != 0)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                            "the starting set of %s (its Previous_gtids, source bytes "
                            "%llu..%llu) is not in the relay logs: the replica writes a "
                            "Rotate in its place; give --source-base SET, the source's "
                            "gtid_executed at %s, the first source position these relay "
                            "logs hold (from a backup taken there, or 'gtidpos at' on the "
                            "source's binlog there)",
                            w->name, (unsigned long long)w->pg_lo,
                            (unsigned long long)w->pg_hi, w->first);
    if (!w->have_state && w->base_text != NULL)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                            "the set at %s:%llu cannot be carried from --source-base (the "
                            "source's set at %s): source bytes between are not in the relay "
                            "logs and may hold transactions",
                            w->name, (unsigned long long)w->t_first, w->first);
    if (!w->have_state && w->t_first > GP_BINLOG_MAGIC_LEN)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                            "the relay logs hold %s only from source offset %llu: its "
                            "starting set (bytes 4..%llu, with its %s event) is not in "
                            "them; give --source-base SET, the source's gtid_executed at "
                            "%s, the first source position these relay logs hold",
                            w->name, (unsigned long long)w->t_first,
                            (unsigned long long)w->t_first,
                            w->flavor == GTIDPOS_FLAVOR_MARIADB ? "Gtid_list" : "Previous_gtids",
                            w->first);
    if (!w->have_state)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, file, -1,
                            "the relay logs hold no %s event for source file %s: its "
                            "starting set is unknown; give --source-base SET, the source's "
                            "gtid_executed at %s, the first source position these relay "
                            "logs hold",
                            w->flavor == GTIDPOS_FLAVOR_MARIADB ? "Gtid_list" : "Previous_gtids",
                            w->name, w->first);
    r->flavor = w->flavor;
    r->pos = pos;
    if (open->state != GP_TXN_IDLE) {
        r->inside = 1;
        r->open_start = open->start;
        gp_txn_gtid_text(open, r->open_gtid, sizeof r->open_gtid);
        if (r->n_warnings < GP_MAX_WARNINGS)
            snprintf(r->warnings[r->n_warnings++], sizeof r->warnings[0],
                     "%s: source position %llu is inside transaction %s that starts at "
                     "%llu; the set excludes it",
                     w->name, (unsigned long long)pos, r->open_gtid,
                     (unsigned long long)r->open_start);
    }
    return GTIDPOS_OK;
}

static void walk_free(walk *w)
{
    gp_mysql_set_free(w->chain_mysql);
    gp_mysql_set_free(w->head_mysql);
    gp_mysql_set_free(w->retrieved);
    gp_mysql_set_free(w->walked);
    gp_mariadb_state_free(w->chain_maria);
    gp_mariadb_state_free(w->head_maria);
    gp_mariadb_state_free(w->end_maria);
    gp_mariadb_state_free(w->file_start_maria);
    free(w->items);
}

gtidpos_status gp_relaylog_at_source(char *const *paths, size_t n, const char *source_name,
                             uint64_t source_pos, const char *source_base,
                             const gp_at_options *opt, gp_at_result *r, gp_relay_at *where,
                             gp_error *e)
{
    walk w;
    int stop = 0;
    gtidpos_status rc = GTIDPOS_OK;

    memset(&w, 0, sizeof w);
    memset(where, 0, sizeof *where);
    w.name = source_name;
    w.pos = source_pos;
    w.base_text = source_base;
    w.flavor = opt && opt->flavor ? opt->flavor : GTIDPOS_FLAVOR_UNKNOWN;
    w.stream_hooks.ctx = &w;
    w.stream_hooks.on_commit = stream_commit;
    gp_walk_init_fed(&w.stream, NULL, w.flavor, &w.stream_hooks, e);
    r->mysql = gp_mysql_set_new();
    r->mariadb = gp_mariadb_state_new();
    w.chain_mysql = gp_mysql_set_new();
    w.head_mysql = gp_mysql_set_new();
    w.retrieved = gp_mysql_set_new();
    w.walked = gp_mysql_set_new();
    w.chain_maria = gp_mariadb_state_new();
    w.head_maria = gp_mariadb_state_new();
    w.end_maria = gp_mariadb_state_new();
    w.file_start_maria = gp_mariadb_state_new();
    if (w.end_maria == NULL || w.file_start_maria == NULL ||r->mysql == NULL || r->mariadb == NULL || w.chain_mysql == NULL ||
        w.head_mysql == NULL || w.retrieved == NULL || w.walked == NULL ||
        w.chain_maria == NULL || w.head_maria == NULL) {
        walk_free(&w);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, source_name, -1, "out of memory");
    }
    for (size_t i = 0; i < n && !stop && rc == GTIDPOS_OK; i++)
        rc = walk_file(paths[i], &w, r, where, &stop, e);
    if (rc != GTIDPOS_OK)
        goto out;
    if (!stop && (w.via_next || w.resolving)) {
        stop = 1; /* the relay logs end before the next file's Gtid_list */
    }
    if (!stop) {
        if (!w.seen) {
            rc = gp_error_set(e, GTIDPOS_ERR_POSITION, source_name, -1,
                              "no event of source file %s in the relay logs", source_name);
            goto out;
        }
        if (!w.active || (source_pos != GP_POS_END && source_pos != w.cur_next)) {
            rc = gp_error_set(e, GTIDPOS_ERR_POSITION, source_name, (int64_t)source_pos,
                              "source position %llu of %s is not in the relay logs",
                              (unsigned long long)source_pos, source_name);
            goto out;
        }
        /* The relay logs end here (the replica is still receiving). */
        source_pos = w.cur_next;
    } else {
        source_pos = w.pos != GP_POS_END ? w.pos : w.cur_next;
    }
    rc = finish(&w, r, source_pos, where->relay_path, e);
out:
    walk_free(&w);
    return rc;
}
