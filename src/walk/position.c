#include "walk/position.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode.h"
#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"
#include "walk/position_split.h"
#include "binlog/txn.h"

/* Everything the walk keeps between events. */
typedef struct at_walk {
    gp_log *log;
    gp_at_result *r;
    gp_error *e;
    gp_flavor flavor;
    const gp_at_hooks *hooks;
    gp_txn txn;
    gp_txn last_txn;       /* the last transaction that ended */
    int in_preamble;       /* before the first transaction-bearing event */
    int have_state;        /* Previous_gtids / Gtid_list was read */
    int gtids_forbidden;   /* MySQL 5.6 file without Previous_gtids */
    uint8_t prev_type;     /* type of the event before this one */
    int past_4g;           /* the 4 GiB log_pos wrap was reported */
    uint8_t unknown_seen[32]; /* bitmap: unknown types already warned */
    gp_at_tail *tail;      /* a second thread walking the far part */
    uint64_t tail_start;   /* its first event (UINT64_MAX: no tail) */
    uint8_t inert[256];    /* gp_at_fill_inert */
} at_walk;

void gp_at_result_init(gp_at_result *r)
{
    memset(r, 0, sizeof *r);
}

void gp_at_result_free(gp_at_result *r)
{
    if (r == NULL)
        return;
    gp_mysql_set_free(r->mysql);
    gp_mariadb_state_free(r->mariadb);
    r->mysql = NULL;
    r->mariadb = NULL;
}

void gp_at_result_warn(gp_at_result *r, const char *fmt, ...)
{
    va_list ap;

    if (r->n_warnings == GP_MAX_WARNINGS) {
        r->warnings_dropped++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(r->warnings[r->n_warnings++], sizeof r->warnings[0], fmt, ap);
    va_end(ap);
}

int gp_at_result_add_gtid(gp_at_result *r, const gp_txn *t)
{
    switch (t->kind) {
    case GP_TXN_MYSQL:
        return gp_mysql_set_add(r->mysql, &t->mysql.uuid, t->mysql.tag, t->mysql.tag_len,
                                t->mysql.gno);
    case GP_TXN_MARIADB:
        return gp_mariadb_state_update(r->mariadb, &t->mariadb);
    case GP_TXN_MYSQL_ANONYMOUS:
        r->anonymous++;
        return GP_GTID_OK;
    case GP_TXN_NO_GTID:
        break;
    }
    return GP_GTID_OK;
}

void gp_at_result_set_last(gp_at_result *r, gp_txn *last, const gp_txn *t, uint64_t start,
                           uint64_t end)
{
    /* Kept, not formatted: this runs once per transaction. */
    *last = *t;
    r->has_last = 1;
    r->last_start = start;
    r->last_end = end;
}

int gp_at_result_absorb(gp_at_result *r, gp_txn *last, const gp_at_result *later,
                        const gp_txn *later_last)
{
    int rc = gp_mysql_set_union(r->mysql, later->mysql);

    /* MariaDB: each domain's latest GTID; later's entries are later. */
    for (size_t i = 0; rc == GP_GTID_OK && i < gp_mariadb_state_count(later->mariadb); i++)
        rc = gp_mariadb_state_update(r->mariadb, gp_mariadb_state_at(later->mariadb, i));
    if (rc != GP_GTID_OK)
        return rc;
    r->anonymous += later->anonymous;
    if (later->has_last)
        gp_at_result_set_last(r, last, later_last, later->last_start, later->last_end);
    return GP_GTID_OK;
}

void gp_at_result_set_last_gtid(gp_at_result *r, const gp_txn *t, uint64_t start, uint64_t end)
{
    if (t->kind != GP_TXN_MYSQL && t->kind != GP_TXN_MARIADB)
        return;
    r->has_last = 1;
    r->last_start = start;
    r->last_end = end;
    gp_txn_gtid_text(t, r->last_gtid, sizeof r->last_gtid);
}

/*
 * The first transaction is about to be read: is the starting set known?
 * Servers from MySQL 5.7 and MariaDB 10.0 on always write it right after
 * the FDE; MySQL 5.6 only with gtid_mode=ON; older servers had no GTIDs.
 */
static gp_err check_starting_state(at_walk *w)
{
    const gp_fde *f = &w->log->first_fde;
    int mariadb = w->flavor == GP_FLAVOR_MARIADB;
    gp_start_set_rule rule = gp_fde_start_set_rule(f, w->flavor);

    if (w->have_state)
        return GP_OK;
    if (w->flavor != f->flavor)
        return gp_error_set(w->e, GP_ERR_NO_GTID_INFO, w->log->name,
                            (int64_t)w->log->next,
                            "no %s event: --flavor %s does not fit this file, whose "
                            "server %s writes %s GTIDs",
                            mariadb ? "Gtid_list" : "Previous_gtids",
                            gp_flavor_name(w->flavor), f->server_version,
                            gp_flavor_name(f->flavor));
    if (rule == GP_START_SET_REQUIRED)
        return gp_error_set(w->e, GP_ERR_NO_GTID_INFO, w->log->name,
                            (int64_t)w->log->next,
                            "no %s event after the format description, though "
                            "server %s always writes one: the file is damaged or "
                            "was cut",
                            mariadb ? "Gtid_list" : "Previous_gtids",
                            f->server_version);
    if (rule == GP_START_SET_IF_GTID_MODE) {
        /* What shows that gtid_mode was OFF: an event after the FDE that is
         * not Previous_gtids, or a file still in use that holds only the
         * FDE (the server writes the FDE and Previous_gtids in one flush).
         * A closed file always ends with a Rotate or Stop event, so a
         * closed file that stops after its FDE was cut. */
        if (w->log->n_events < 2 && !w->log->in_use)
            return gp_error_set(w->e, GP_ERR_NO_GTID_INFO, w->log->name,
                                (int64_t)w->log->next,
                                "the file ends right after its format description "
                                "though the server closed it: it was cut, and "
                                "MySQL %s writes Previous_gtids there when "
                                "gtid_mode=ON, so the starting set is unknown",
                                f->server_version);
        w->gtids_forbidden = 1;
        gp_at_result_warn(w->r, "%s: no Previous_gtids event: gtid_mode was OFF on this "
                                "MySQL %s server, so no transaction has a GTID; the set is empty",
                          w->log->name, f->server_version);
    } else {
        w->gtids_forbidden = 1;
        gp_at_result_warn(w->r, "%s: server %s predates GTIDs; the set is empty",
                          w->log->name, f->server_version[0] ? f->server_version : "(unknown)");
    }
    return GP_OK;
}

/* The preamble is over: check the starting set and tell the hook. */
static gp_err start_state(at_walk *w)
{
    gp_err rc = check_starting_state(w);

    if (rc == GP_OK && w->hooks && w->hooks->on_start)
        rc = w->hooks->on_start(w->hooks->ctx, w->r, w->e);
    return rc;
}

static gp_err nomem(at_walk *w, uint64_t off)
{
    return gp_error_set(w->e, GP_ERR_NOMEM, w->log->name, (int64_t)off, "out of memory");
}

static gp_err read_state_event(at_walk *w, const gp_event *ev)
{
    if (w->have_state || !w->in_preamble)
        return GP_OK; /* only the file's own header state counts */
    if (ev->type == GP_EV_PREVIOUS_GTIDS && w->flavor == GP_FLAVOR_MYSQL) {
        w->have_state = 1;
        return gp_decode_previous_gtids(ev, w->r->mysql, w->log->name, w->e);
    }
    if (ev->type == GP_EV_MARIA_GTID_LIST && w->flavor == GP_FLAVOR_MARIADB) {
        w->have_state = 1;
        return gp_decode_gtid_list(ev, w->r->mariadb, w->log->name, w->e);
    }
    return GP_OK;
}

/* A transaction ended with ev: add its GTID to the set. */
static gp_err commit_txn(at_walk *w, const gp_event *ev)
{
    const gp_txn *t = &w->txn;
    gp_at_result *r = w->r;
    int rc = gp_at_result_add_gtid(r, t);

    if (rc == GP_GTID_ENOMEM)
        return nomem(w, ev->offset);
    if (rc != GP_GTID_OK)
        return gp_error_set(w->e, GP_ERR_CORRUPT, w->log->name, (int64_t)t->start,
                            "GTID out of range");
    gp_at_result_set_last(r, &w->last_txn, t, t->start, gp_event_end(ev));
    if (w->hooks && w->hooks->on_commit) {
        r->pos = gp_event_end(ev); /* finish_result sets the final one */
        return w->hooks->on_commit(w->hooks->ctx, r, t, ev, w->e);
    }
    return GP_OK;
}

static gp_err feed_txn(at_walk *w, const gp_event *ev)
{
    gp_txn dropped;
    gp_txn_step step;
    char gtid[GP_GTID_TEXT];
    gp_err rc = gp_txn_feed(&w->txn, ev, &w->log->fde, w->flavor, &step, &dropped,
                            w->log->name, w->e);

    if (rc != GP_OK)
        return rc;
    if (step == GP_STEP_ABANDONED) {
        gp_txn_gtid_text(&dropped, gtid, sizeof gtid);
        gp_at_result_warn(w->r, "%s: transaction %s starting at %llu never ended before the "
                                "next one at %llu: it is not counted as executed",
                          w->log->name, gtid, (unsigned long long)dropped.start,
                          (unsigned long long)ev->offset);
        step = GP_STEP_BEGAN;
    }
    if (step == GP_STEP_BEGAN && w->gtids_forbidden &&
        (w->txn.kind == GP_TXN_MYSQL || w->txn.kind == GP_TXN_MARIADB))
        return gp_error_set(w->e, GP_ERR_NO_GTID_INFO, w->log->name,
                            (int64_t)ev->offset,
                            "a GTID event, but the file has no %s event to start "
                            "from: the file is damaged",
                            w->flavor == GP_FLAVOR_MARIADB ? "Gtid_list" : "Previous_gtids");
    if (step == GP_STEP_ENDED)
        return commit_txn(w, ev);
    return GP_OK;
}

static void warn_unknown(at_walk *w, const gp_event *ev)
{
    if (gp_event_type_name(ev->type) != NULL ||
        (w->unknown_seen[ev->type / 8] & (1u << (ev->type % 8))))
        return;
    w->unknown_seen[ev->type / 8] |= (uint8_t)(1u << (ev->type % 8));
    gp_at_result_warn(w->r, "%s: unknown event type %u at offset %llu skipped by its length",
                      w->log->name, ev->type, (unsigned long long)ev->offset);
}

void gp_at_fill_inert(uint8_t inert[256])
{
    /* Events the walk acts on: format and encryption changes, DM dummies
     * (a User_var or a Query), the starting-set events, and everything
     * gp_txn_feed decodes.  Unknown types are warned about. */
    static const uint8_t acted_on[] = {
        GP_EV_FORMAT_DESCRIPTION, GP_EV_START_V3, GP_EV_START_ENCRYPTION, GP_EV_USER_VAR,
        GP_EV_QUERY, GP_EV_QUERY_COMPRESSED, GP_EV_PREVIOUS_GTIDS, GP_EV_MARIA_GTID_LIST,
        GP_EV_GTID, GP_EV_GTID_TAGGED, GP_EV_ANONYMOUS_GTID, GP_EV_MARIA_GTID, GP_EV_XID,
        GP_EV_XA_PREPARE, GP_EV_TRANSACTION_PAYLOAD,
    };

    for (int t = 0; t < 256; t++)
        inert[t] = gp_event_type_name((uint8_t)t) != NULL;
    for (size_t i = 0; i < sizeof acted_on; i++)
        inert[acted_on[i]] = 0;
}

static gp_err process_event(at_walk *w, const gp_event *ev)
{
    gp_err rc;

    /* Nearly every event of a large file is a row event: nothing to do. */
    if (w->inert[ev->type]) {
        w->prev_type = ev->type;
        return GP_OK;
    }

    if (gp_dm_is_dummy(ev, &w->log->fde))
        return gp_error_set(w->e, GP_ERR_NO_GTID_INFO, w->log->name, (int64_t)ev->offset,
                            "a dummy event written by TiDB DM fills a hole in this relay "
                            "file (%llu..%llu): the GTIDs of the upstream events it stands "
                            "for cannot be accounted for from this file",
                            (unsigned long long)ev->offset,
                            (unsigned long long)gp_event_end(ev));

    /* A server writes one Format_description per file, first.  Only a
     * relay log carries more: the source's, each right after the Rotate
     * event the receiver writes when it (re)connects or the source rotates.
     * Any other one means bytes of another file were spliced in. */
    if (ev->type == GP_EV_FORMAT_DESCRIPTION && w->log->n_events > 1 &&
        w->prev_type != GP_EV_ROTATE)
        return gp_error_set(w->e, GP_ERR_CORRUPT, w->log->name, (int64_t)ev->offset,
                            "a second Format_description event, not after a Rotate "
                            "event as in a relay log: the file is damaged");
    w->prev_type = ev->type;

    if (ev->type == GP_EV_START_ENCRYPTION)
        return gp_error_set(w->e, GP_ERR_ENCRYPTED, w->log->name, (int64_t)ev->offset,
                            "the log is encrypted from here on (Start_encryption "
                            "event); gtidpos holds no keys: ask the server "
                            "(SELECT BINLOG_GTID_POS) instead");
    warn_unknown(w, ev);
    if ((rc = read_state_event(w, ev)) != GP_OK)
        return rc;
    return feed_txn(w, ev);
}

/* Could this file hold GTID state at all (MySQL 5.6+, MariaDB 10.0+)? */
static int from_gtid_era(const at_walk *w)
{
    uint32_t v = w->log->first_fde.version_product;
    return w->flavor == GP_FLAVOR_MARIADB ? v >= GP_MARIADB_GTID_VERSION
                                          : v >= GP_MYSQL_GTID_VERSION;
}

/*
 * The walk stopped on damage at offset boundary (the end of the last good
 * event).  The answer can still be given when everything it depends on
 * lies before the damage: the starting set was read (or the server had
 * none) and pos is at or before the damaged event.
 */
static gp_err damaged_walk(at_walk *w, uint64_t *pos, uint64_t boundary,
                           int reached)
{
    gp_log *log = w->log;

    if (!log->have_fde || (w->in_preamble && !w->have_state && from_gtid_era(w)))
        goto fail;
    if (reached || *pos == boundary) {
        gp_at_result_warn(w->r, "%s: damage after position %llu: %s", log->name,
                          (unsigned long long)*pos, log->err.msg);
        return GP_OK;
    }
    if (*pos == GP_POS_END && log->status == GP_ERR_TRUNCATED && log->in_use) {
        *pos = boundary;
        gp_at_result_warn(w->r, "%s: the last event is incomplete (file in use or server "
                                "crashed); answering at the last complete event, position %llu",
                          log->name, (unsigned long long)boundary);
        return GP_OK;
    }
fail:
    *w->e = log->err;
    return log->status;
}

gp_err gp_position_not_a_boundary(const gp_log *log, uint64_t pos, const gp_event *prev,
                                  gp_error *e)
{
    char name[16];
    unsigned long long start = prev->offset, end = gp_event_end(prev);

    return gp_error_set(e, GP_ERR_POSITION, log->name, (int64_t)pos,
                        "position %llu is not an event boundary: it falls inside "
                        "the %s event at %llu..%llu; the nearest boundaries are "
                        "%llu and %llu",
                        (unsigned long long)pos, gp_event_name(prev->type, name),
                        start, end, start, end);
}

gp_err gp_position_check_range(const gp_log *log, uint64_t pos, gp_error *e)
{
    if (pos == GP_POS_END)
        return GP_OK;
    if (pos < GP_BINLOG_MAGIC_LEN)
        return gp_error_set(e, GP_ERR_POSITION, log->name, (int64_t)pos,
                            "position %llu is inside the 4-byte magic; the first "
                            "event starts at 4", (unsigned long long)pos);
    if (log->size != GP_SIZE_UNKNOWN && pos > log->size)
        return gp_error_set(e, GP_ERR_POSITION, log->name, (int64_t)pos,
                            "position %llu is past the end of the file (%llu bytes)",
                            (unsigned long long)pos, (unsigned long long)log->size);
    return GP_OK;
}

/*
 * Binlog v4 positions are 32-bit (the header's log_pos, and the positions
 * servers and replicas exchange), but a file can grow past 4 GiB: a server
 * only rotates between transactions, so one large transaction pushes the
 * file past max_binlog_size, and log_pos wraps modulo 2^32.  gtidpos counts
 * with 64-bit file offsets; say once that the 32-bit positions wrapped.
 */
static void warn_past_4g(at_walk *w, const gp_event *ev)
{
    char name[16];

    if (w->past_4g || gp_event_end(ev) <= UINT32_MAX)
        return;
    w->past_4g = 1;
    gp_at_result_warn(w->r, "%s: the file passes 4 GiB at the %s event at %llu..%llu, whose "
                            "header log_pos reads %lu: binlog v4 positions are 32-bit and wrap "
                            "there; gtidpos counts with 64-bit file offsets, but a server or tool "
                            "that takes a 32-bit position cannot address what follows",
                      w->log->name, gp_event_name(ev->type, name), (unsigned long long)ev->offset,
                      (unsigned long long)gp_event_end(ev), (unsigned long)ev->log_pos);
}

static void finish_result(at_walk *w, uint64_t pos)
{
    gp_at_result *r = w->r;
    const gp_txn *t = &w->txn;

    r->pos = pos;
    r->last_gtid[0] = '\0';
    if (r->has_last &&
        (w->last_txn.kind == GP_TXN_MYSQL || w->last_txn.kind == GP_TXN_MARIADB))
        gp_txn_gtid_text(&w->last_txn, r->last_gtid, sizeof r->last_gtid);
    if (t->state != GP_TXN_IDLE) {
        r->inside = 1;
        r->open_start = t->start;
        gp_txn_gtid_text(t, r->open_gtid, sizeof r->open_gtid);
        gp_at_result_warn(r, "%s: position %llu is inside transaction %s that starts at %llu; "
                             "the set excludes it",
                          w->log->name, (unsigned long long)pos, r->open_gtid,
                          (unsigned long long)t->start);
    }
    if (r->anonymous > 0)
        gp_at_result_warn(r, "%s: %llu transaction(s) before position %llu have anonymous GTIDs "
                             "(gtid_mode was not ON); they belong to no GTID set",
                          w->log->name, (unsigned long long)r->anonymous, (unsigned long long)pos);
}

gp_err gp_position_past_end(gp_log *log, uint64_t pos, gp_err rc, gp_error *e)
{
    /* a plain file's known size refused such a pos before the walk; a pos
     * within the bytes already read is not past the end */
    if (rc == GP_OK || pos == GP_POS_END || pos <= log->win_off + log->win_len)
        return rc;
    if (gp_log_learn_size(log) == GP_SIZE_UNKNOWN || pos <= log->size)
        return rc;
    gp_error_clear(e);
    return gp_position_check_range(log, pos, e);
}

static gp_err at_walk_to(gp_log *log, uint64_t pos, const gp_at_options *opt,
                         gp_at_result *r, gp_error *e)
{
    return gp_at_hooked(log, pos, opt, NULL, r, e);
}

/* Walk the far part on a second thread (position_split.h), when the file
 * was opened for it and no hook wants to see every event. */
static void start_tail(at_walk *w, uint64_t pos)
{
    if (w->log->splittable && w->hooks == NULL)
        w->tail = gp_at_tail_start(w->log, pos, w->flavor, w->gtids_forbidden);
    if (w->tail != NULL)
        w->tail_start = gp_at_tail_offset(w->tail);
}

/*
 * The walk framed ev at or past the far walk's start.  When ev starts
 * exactly there (so the far walk began on a real boundary), no
 * transaction is open and the format is the one the far walk used, its
 * result is the rest of this walk: add it to w's.  1 when taken; 0 when
 * the walk goes on by itself.  Anything else is an error (out of memory).
 */
static int take_tail(at_walk *w, const gp_event *ev, gp_event *prev, uint64_t *boundary,
                     int *reached, gp_err *rc)
{
    gp_at_tail *t = w->tail;
    gp_at_tail_result tr;

    w->tail = NULL;
    w->tail_start = UINT64_MAX;
    if (ev->offset != gp_at_tail_offset(t) || w->txn.state != GP_TXN_IDLE || w->in_preamble ||
        !gp_at_tail_finish(t, &w->log->fde, &tr)) {
        gp_at_tail_free(t);
        return 0;
    }
    *rc = GP_OK;
    if (gp_at_result_absorb(w->r, &w->last_txn, tr.r, tr.last_txn) != GP_GTID_OK) {
        *rc = nomem(w, ev->offset);
    } else {
        w->txn = *tr.txn;
        w->r->walks += tr.walks;
        if (tr.walked)
            *prev = tr.prev;
        *boundary = tr.boundary;
        *reached = tr.reached;
    }
    gp_at_tail_free(t);
    return 1;
}

static gp_err walk_to(at_walk *w, uint64_t pos, const gp_at_options *opt)
{
    gp_log *log = w->log;
    gp_at_result *r = w->r;
    gp_error *e = w->e;
    gp_event ev, prev;
    uint64_t boundary = GP_BINLOG_MAGIC_LEN; /* end of the last event read */
    int reached = pos == GP_BINLOG_MAGIC_LEN;
    gp_err rc;

    memset(&prev, 0, sizeof prev);
    if ((rc = gp_position_check_range(log, pos, e)) != GP_OK)
        return rc;
    r->mysql = gp_mysql_set_new();
    r->mariadb = gp_mariadb_state_new();
    if (r->mysql == NULL || r->mariadb == NULL)
        return nomem(w, 0);

    for (;;) {
        /* Past the preamble, rows and the like go by in bulk; an event
         * the checks below care about stops the pass. */
        if (!w->in_preamble && (w->hooks == NULL || w->hooks->on_skipped != NULL)) {
            gp_skip_tally tally;
            size_t n = gp_log_skip(log, w->inert,
                                   reached ? 0 : pos < w->tail_start ? pos : w->tail_start,
                                   w->past_4g ? UINT64_MAX : UINT32_MAX, &prev,
                                   w->hooks ? &tally : NULL);
            if (n > 0) {
                w->prev_type = prev.type;
                boundary = gp_event_end(&prev);
                if (w->hooks &&
                    (rc = w->hooks->on_skipped(w->hooks->ctx, n, &tally, &prev, e)) != GP_OK)
                    return rc;
            }
        }
        if (!gp_log_next(log, &ev))
            break;
        if (ev.offset >= w->tail_start &&
            take_tail(w, &ev, &prev, &boundary, &reached, &rc)) {
            if (rc != GP_OK)
                return rc;
            break;
        }
        if (!reached && ev.offset >= pos) {
            if (ev.offset > pos)
                return gp_position_not_a_boundary(log, pos, &prev, e);
            reached = 1;
        }
        if (w->flavor == GP_FLAVOR_UNKNOWN) {
            w->flavor = opt && opt->flavor ? opt->flavor : log->first_fde.flavor;
            r->flavor = w->flavor;
            memcpy(r->server_version, log->first_fde.server_version,
                   sizeof r->server_version);
        }
        if (w->in_preamble && !gp_event_is_preamble(ev.type)) {
            w->in_preamble = 0;
            if ((rc = start_state(w)) != GP_OK)
                return rc;
            if (!reached)
                start_tail(w, pos);
        }
        if (reached && !w->in_preamble)
            break;
        if (w->hooks && w->hooks->on_event &&
            (rc = w->hooks->on_event(w->hooks->ctx, &ev, e)) != GP_OK)
            return rc;
        if ((rc = process_event(w, &ev)) != GP_OK)
            return rc;
        warn_past_4g(w, &ev);
        /* what a position error names of it (a whole copy costs, per event) */
        prev.offset = ev.offset;
        prev.size = ev.size;
        prev.type = ev.type;
        boundary = gp_event_end(&ev);
    }
    if (log->status != GP_OK) {
        if ((rc = damaged_walk(w, &pos, boundary, reached)) != GP_OK)
            return rc;
        reached = 1;
    }
    if (!reached) {
        if (pos != GP_POS_END && pos > boundary)
            return gp_position_check_range(log, pos, e); /* the size is known now */
        if (pos != GP_POS_END && pos != boundary)
            return gp_position_not_a_boundary(log, pos, &prev, e);
        pos = boundary;
    }
    if (w->in_preamble && (rc = start_state(w)) != GP_OK)
        return rc;
    finish_result(w, pos);
    return GP_OK;
}

gp_err gp_at_hooked(gp_log *log, uint64_t pos, const gp_at_options *opt,
                    const gp_at_hooks *hooks, gp_at_result *r, gp_error *e)
{
    at_walk w;
    gp_err rc;

    memset(&w, 0, sizeof w);
    w.log = log;
    w.r = r;
    w.e = e;
    w.in_preamble = 1;
    w.hooks = hooks;
    w.tail_start = UINT64_MAX;
    r->walks = 1;
    gp_at_fill_inert(w.inert);
    rc = walk_to(&w, pos, opt);
    gp_at_tail_free(w.tail); /* a far walk the walk never reached */
    return rc;
}

char *gp_at_result_set_text(const gp_at_result *r)
{
    if (r->flavor == GP_FLAVOR_MARIADB)
        return gp_mariadb_state_to_string(r->mariadb);
    return gp_mysql_set_to_string(r->mysql);
}

gp_err gp_at(gp_log *log, uint64_t pos, const gp_at_options *opt,
             gp_at_result *r, gp_error *e)
{
    return gp_position_past_end(log, pos, at_walk_to(log, pos, opt, r, e), e);
}
