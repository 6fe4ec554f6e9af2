/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * engine.c - the one loop over events (engine.h says which rules it holds
 * and why they are here once).
 */
#include "walk/engine.h"

#include <stdio.h>
#include <string.h>

#include "binlog/decode.h"
#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"

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
    int rc = gp_at_result_union(r, later);

    if (rc != GP_GTID_OK)
        return rc;
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

void gp_walk_fill_inert(uint8_t inert[256])
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

static gtidpos_status nomem(gp_walk *w, uint64_t off)
{
    return gp_error_set(w->e, GTIDPOS_ERR_NOMEM, w->log->name, (int64_t)off, "out of memory");
}

/* The far part of a split walk: gives up rather than warn or fail. */
static inline int is_strict(const gp_walk *w)
{
    return w->rules == GP_WALK_RULES_STRICT;
}

/* A strict walk met something the ordinary walk would have a word about. */
static gtidpos_status give_up(gp_walk *w)
{
    w->gave_up = 1;
    return GTIDPOS_OK;
}

/* What every kind of walk starts from: the top of log, nothing walked. */
static void init_common(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks, gp_error *e)
{
    memset(w, 0, sizeof *w);
    w->log = log;
    w->e = e;
    w->hooks = hooks;
    w->in_preamble = 1;
    w->pos = GP_POS_END;
    w->boundary = GP_BINLOG_MAGIC_LEN;
    gp_walk_fill_inert(w->inert);
    /* warn_unknown never warns about a known type */
    for (int t = 0; t < 256; t++)
        if (gp_event_type_name((uint8_t)t) != NULL)
            w->unknown_seen[t / 8] |= (uint8_t)(1u << (t % 8));
}

gtidpos_status gp_walk_init(gp_walk *w, gp_log *log, gtidpos_flavor want, const gp_walk_hooks *hooks,
                    gp_at_result *r, gp_error *e)
{
    init_common(w, log, hooks, e);
    w->r = r;
    w->want_flavor = want;
    r->walks = 1;
    if (gp_at_result_alloc_sets(r) != GP_GTID_OK)
        return nomem(w, 0);
    return GTIDPOS_OK;
}

/* The part of a frames walk's set-up both kinds share. */
static void init_frames(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks, gp_error *e)
{
    init_common(w, log, hooks, e);
    w->rules = GP_WALK_RULES_FRAMES;
    w->in_preamble = 0; /* no preamble rules (gp_walk_init_frames_start reads one) */
    /* Nothing to say about the 4 GiB wrap: bulk passes go past it. */
    w->past_4g = 1;
}

gtidpos_status gp_walk_init_frames(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks, gp_error *e)
{
    init_frames(w, log, hooks, e);
    return GTIDPOS_OK;
}

void gp_walk_init_fed(gp_walk *w, gp_log *log, gtidpos_flavor flavor, const gp_walk_hooks *hooks,
                      gp_error *e)
{
    memset(w, 0, sizeof *w);
    w->log = log;
    w->e = e;
    w->hooks = hooks;
    w->flavor = flavor;
    w->want_flavor = flavor;
    w->rules = GP_WALK_RULES_ALL;
    w->fed = 1;
    w->pos = GP_POS_END;
    w->boundary = GP_BINLOG_MAGIC_LEN;
    w->past_4g = 1; /* the stream's caller reads the 4 GiB wrap, if at all */
}

gtidpos_status gp_walk_init_frames_start(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks,
                                 gp_at_result *r, gp_error *e)
{
    init_frames(w, log, hooks, e);
    w->r = r;
    w->in_preamble = 1;
    r->walks = 1;
    if (gp_at_result_alloc_sets(r) != GP_GTID_OK)
        return nomem(w, 0);
    return GTIDPOS_OK;
}

gtidpos_status gp_walk_init_strict(gp_walk *w, gp_log *log, uint64_t start, gtidpos_flavor flavor,
                           int gtids_forbidden, gp_at_result *r, gp_error *e)
{
    gtidpos_status rc = gp_walk_init(w, log, flavor, NULL, r, e);

    w->rules = GP_WALK_RULES_STRICT;
    w->in_preamble = 0;
    w->flavor = flavor;
    w->gtids_forbidden = gtids_forbidden;
    w->boundary = start;
    r->flavor = flavor;
    return rc;
}

/*
 * The first transaction is about to be read: is the starting set known?
 * Whether the server must have written it is gp_fde_start_set_rule's
 * answer (binlog/fde.h: MySQL 5.7.6+ and MariaDB 10.0+ always, MySQL
 * 5.6.0-5.7.5 only with gtid_mode=ON, older servers never), the one rule
 * `verify` applies too.
 */
static gtidpos_status check_starting_state(gp_walk *w)
{
    const gp_fde *f = &w->log->first_fde;
    int mariadb = w->flavor == GTIDPOS_FLAVOR_MARIADB;
    gp_start_set_rule rule = gp_fde_start_set_rule(f, w->flavor);

    if (w->have_state || w->start_unchecked)
        return GTIDPOS_OK;
    if (mariadb && f->flavor == GTIDPOS_FLAVOR_MARIADB && w->relay_log &&
        rule == GP_START_SET_REQUIRED) {
        if (w->relay_unchecked)
            return GTIDPOS_OK;
        return gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name, (int64_t)w->log->next,
                            "a MariaDB relay log: the replica writes no Gtid_list in it, so "
                            "the set at a relay position is unknown; the set at a position of "
                            "the source is: gtidpos at --source-pos FILE:POS RELAYDIR");
    }
    if (w->flavor != f->flavor)
        return gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name,
                            (int64_t)w->log->next,
                            "no %s event: --flavor %s does not fit this file, whose "
                            "server %s writes %s GTIDs",
                            mariadb ? "Gtid_list" : "Previous_gtids",
                            gp_flavor_name(w->flavor), f->server_version,
                            gp_flavor_name(f->flavor));
    if (rule == GP_START_SET_REQUIRED)
        return gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name,
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
            return gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name,
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
    return GTIDPOS_OK;
}

/* A frames walk that reads the starting set keeps the first error about
 * it, where the ordinary walk fails, and goes on. */
static gtidpos_status keep_start_err(gp_walk *w, gtidpos_status rc)
{
    if (rc == GTIDPOS_OK || rc == GTIDPOS_ERR_NOMEM)
        return rc;
    if (w->start_err.code == GTIDPOS_OK)
        w->start_err = *w->e;
    gp_error_clear(w->e);
    return GTIDPOS_OK;
}

/* The preamble is over: check the starting set and tell the hook. */
static gtidpos_status start_state(gp_walk *w)
{
    gtidpos_status rc = check_starting_state(w);

    if (w->rules == GP_WALK_RULES_FRAMES) /* on_start is not for them */
        return keep_start_err(w, rc);
    if (rc == GTIDPOS_OK && w->hooks && w->hooks->on_start)
        rc = w->hooks->on_start(w->hooks->ctx, w->r, w->e);
    return rc;
}

static gtidpos_status read_state_event(gp_walk *w, const gp_event *ev)
{
    if (w->have_state || !w->in_preamble)
        return GTIDPOS_OK; /* only the file's own header state counts */
    if (w->own_state_only && (ev->flags & GP_WALK_ARTIFICIAL_F))
        return GTIDPOS_OK; /* a dump stream's, stored by a relay (engine.h) */
    if (w->relay_log && ev->server_id != w->relay_own_id)
        return GTIDPOS_OK; /* relayed from the source: not the relay file's own
                         (engine.h, relay_own_id) */
    if (ev->type == GP_EV_PREVIOUS_GTIDS && w->flavor == GTIDPOS_FLAVOR_MYSQL) {
        w->have_state = 1;
        return gp_decode_previous_gtids(ev, w->r->mysql, w->log->name, w->e);
    }
    if (ev->type == GP_EV_MARIA_GTID_LIST && w->flavor == GTIDPOS_FLAVOR_MARIADB) {
        w->have_state = 1;
        return gp_decode_gtid_list(ev, w->r->mariadb, w->log->name, w->e);
    }
    return GTIDPOS_OK;
}

/* A transaction ended with ev: add its GTID to the set. */
static gtidpos_status commit_txn(gp_walk *w, const gp_event *ev)
{
    const gp_txn *t = &w->txn;
    gp_at_result *r = w->r;
    int rc;

    if (r == NULL) /* a fed walk: the hook accounts for t (engine.h) */
        return w->hooks && w->hooks->on_commit
                   ? w->hooks->on_commit(w->hooks->ctx, NULL, t, ev, w->e)
                   : GTIDPOS_OK;
    rc = gp_at_result_add_gtid(r, t);
    if (rc != GP_GTID_OK && is_strict(w))
        return give_up(w);
    if (rc == GP_GTID_ENOMEM)
        return nomem(w, ev->offset);
    if (rc != GP_GTID_OK)
        return gp_error_set(w->e, GTIDPOS_ERR_CORRUPT, w->log->name, (int64_t)t->start,
                            "GTID out of range");
    gp_at_result_set_last(r, &w->last_txn, t, t->start, gp_event_end(ev));
    if (w->hooks && w->hooks->on_commit) {
        r->pos = gp_event_end(ev); /* finish_result sets the final one */
        return w->hooks->on_commit(w->hooks->ctx, r, t, ev, w->e);
    }
    return GTIDPOS_OK;
}

static gtidpos_status feed_txn(gp_walk *w, const gp_event *ev)
{
    const gp_walk_hooks *h = w->hooks;
    gp_txn dropped;
    gp_txn_step step;
    char gtid[GTIDPOS_GTID_TEXT];
    gtidpos_status rc = gp_txn_feed(&w->txn, ev, &w->log->fde, w->flavor, &step, &dropped,
                            w->log->name, w->e);

    if (rc != GTIDPOS_OK || (is_strict(w) && step == GP_STEP_ABANDONED))
        return is_strict(w) ? give_up(w) : rc;
    if (step == GP_STEP_ABANDONED) {
        gp_txn_gtid_text(&dropped, gtid, sizeof gtid);
        if (w->r != NULL) /* a fed walk has none */
            gp_at_result_warn(w->r, "%s: transaction %s starting at %llu never ended before the "
                                    "next one at %llu: it is not counted as executed",
                              w->log->name, gtid, (unsigned long long)dropped.start,
                              (unsigned long long)ev->offset);
        if (h && h->on_abandon && (rc = h->on_abandon(h->ctx, w, &dropped, ev, w->e)) != GTIDPOS_OK)
            return rc;
        step = GP_STEP_BEGAN;
    }
    if (step == GP_STEP_BEGAN && w->gtids_forbidden &&
        (w->txn.kind == GP_TXN_MYSQL || w->txn.kind == GP_TXN_MARIADB))
        return is_strict(w) ? give_up(w)
                         : gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name,
                                        (int64_t)ev->offset,
                                        "a GTID event, but the file has no %s event to start "
                                        "from: the file is damaged",
                                        w->flavor == GTIDPOS_FLAVOR_MARIADB ? "Gtid_list"
                                                                       : "Previous_gtids");
    if (step == GP_STEP_BEGAN && h && h->on_begin &&
        (rc = h->on_begin(h->ctx, w, ev, w->e)) != GTIDPOS_OK)
        return rc;
    if (step == GP_STEP_ENDED)
        return commit_txn(w, ev);
    return GTIDPOS_OK;
}

static void warn_unknown(gp_walk *w, const gp_event *ev)
{
    if (w->unknown_seen[ev->type / 8] & (1u << (ev->type % 8)))
        return; /* a known type (init_common), or one warned about */
    w->unknown_seen[ev->type / 8] |= (uint8_t)(1u << (ev->type % 8));
    gp_at_result_warn(w->r, "%s: unknown event type %u at offset %llu skipped by its length",
                      w->log->name, ev->type, (unsigned long long)ev->offset);
}

/*
 * Binlog v4 positions are 32-bit (the header's log_pos, and the positions
 * servers and replicas exchange), but a file can grow past 4 GiB: a server
 * only rotates between transactions, so one large transaction pushes the
 * file past max_binlog_size, and log_pos wraps modulo 2^32.  gtidpos counts
 * with 64-bit file offsets; say once that the 32-bit positions wrapped.
 */
static void warn_past_4g(gp_walk *w, const gp_event *ev)
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

/* What a strict walk cannot take on without a word from the ordinary one:
 * a format or encryption change, an unknown type, a DM hole, the 4 GiB
 * wrap. */
static int strict_refuses(const gp_walk *w, const gp_event *ev)
{
    return ev->type == GP_EV_FORMAT_DESCRIPTION || ev->type == GP_EV_START_ENCRYPTION ||
           gp_event_type_name(ev->type) == NULL || gp_dm_is_dummy(ev, &w->log->fde) ||
           gp_event_end(ev) > UINT32_MAX;
}

gtidpos_status gp_walk_encrypted(const gp_log *log, const gp_event *se, gp_error *e)
{
    return gp_error_set(e, GTIDPOS_ERR_ENCRYPTED, log->name, (int64_t)se->offset,
                        "the log is encrypted from here on (Start_encryption event); "
                        "gtidpos holds no keys");
}

/*
 * A frames walk applies no rule but framing's own.  MariaDB encrypts every
 * event after Start_encryption, header too: Log_event_writer::write_header
 * and maybe_write_event_len put the length in the clear where the
 * timestamp was and encrypt the rest, so no later event can be framed as
 * binlog v4 says.  The log ends there, as it would at damage, for every
 * later reader of it (log->status).  A frames walk that reads the
 * starting set reads it here, keeping what the ordinary walk would fail
 * on.
 */
static gtidpos_status frame_event(gp_walk *w, const gp_event *ev)
{
    if (ev->type == GP_EV_START_ENCRYPTION) {
        w->log->status = gp_walk_encrypted(w->log, ev, &w->log->err);
        return GTIDPOS_OK;
    }
    if (w->r != NULL)
        return keep_start_err(w, read_state_event(w, ev));
    return GTIDPOS_OK;
}

static gtidpos_status apply_event(gp_walk *w, const gp_event *ev)
{
    gtidpos_status rc;

    if (w->fed) { /* a stream: the transaction rules only (engine.h) */
        w->prev_type = ev->type;
        return feed_txn(w, ev);
    }
    /* Nearly every event of a large file is a row event: nothing to do. */
    if (w->inert[ev->type]) {
        if (is_strict(w) && gp_event_end(ev) > UINT32_MAX)
            return give_up(w);
        w->prev_type = ev->type;
        return GTIDPOS_OK;
    }
    /* One test keeps the ordinary walk's path as it was. */
    if (w->rules != GP_WALK_RULES_ALL) {
        if (w->rules == GP_WALK_RULES_FRAMES)
            return frame_event(w, ev);
        if (strict_refuses(w, ev))
            return give_up(w);
    } else if ((ev->flags & GP_LOG_EVENT_RELAY_LOG_F) && /* the test gp_dm_is_dummy starts with */
               gp_dm_is_dummy(ev, &w->log->fde)) {
        if (w->hooks && w->hooks->on_dm_dummy)
            return w->hooks->on_dm_dummy(w->hooks->ctx, w, ev, w->e);
        return gp_error_set(w->e, GTIDPOS_ERR_NO_GTID_INFO, w->log->name, (int64_t)ev->offset,
                            "a dummy event written by TiDB DM fills a hole in this relay "
                            "file (%llu..%llu): the GTIDs of the upstream events it stands "
                            "for cannot be accounted for from this file",
                            (unsigned long long)ev->offset,
                            (unsigned long long)gp_event_end(ev));
    }

    /* A server writes one Format_description per file, first.  Only a
     * relay log carries more: the source's, each right after the Rotate
     * event the receiver writes when it (re)connects or the source rotates.
     * Any other one means bytes of another file were spliced in. */
    /* (A relay file also opens with a copy of the source's, marked
     * LOG_EVENT_ARTIFICIAL_F, right after its own: MariaDB log.cc
     * MYSQL_BIN_LOG::open writes description_event_for_queue into a new
     * relay log so that the SQL thread can read the source's events.) */
    if (ev->type == GP_EV_FORMAT_DESCRIPTION && w->log->n_events > 1 &&
        w->prev_type != GP_EV_ROTATE &&
        !(w->relay_log && w->log->n_events == 2 && (ev->flags & GP_WALK_ARTIFICIAL_F)))
        return gp_error_set(w->e, GTIDPOS_ERR_CORRUPT, w->log->name, (int64_t)ev->offset,
                            "a second Format_description event, not after a Rotate "
                            "event as in a relay log: the file is damaged");
    w->prev_type = ev->type;

    if (ev->type == GP_EV_START_ENCRYPTION)
        return gp_error_set(w->e, GTIDPOS_ERR_ENCRYPTED, w->log->name, (int64_t)ev->offset,
                            "the log is encrypted from here on (Start_encryption "
                            "event); gtidpos holds no keys: ask the server "
                            "(SELECT BINLOG_GTID_POS) instead");
    warn_unknown(w, ev);
    /* the test read_state_event starts with, without the call past the
     * preamble */
    if (w->in_preamble && !w->have_state && (rc = read_state_event(w, ev)) != GTIDPOS_OK)
        return rc;
    return feed_txn(w, ev);
}

static inline gtidpos_status walk_apply(gp_walk *w, const gp_event *ev)
{
    gtidpos_status rc = apply_event(w, ev);

    if (rc == GTIDPOS_OK && !w->past_4g && gp_event_end(ev) > UINT32_MAX && !is_strict(w))
        warn_past_4g(w, ev);
    return rc;
}

gtidpos_status gp_walk_apply(gp_walk *w, const gp_event *ev)
{
    return walk_apply(w, ev);
}

/* Could this file hold GTID state at all (MySQL 5.6+, MariaDB 10.0+)? */
static int from_gtid_era(const gp_walk *w)
{
    uint32_t v = w->log->first_fde.version_product;
    return w->flavor == GTIDPOS_FLAVOR_MARIADB ? v >= GP_MARIADB_GTID_VERSION
                                          : v >= GP_MYSQL_GTID_VERSION;
}

/*
 * The walk stopped on damage at w->boundary (the end of the last good
 * event).  The answer can still be given when everything it depends on
 * lies before the damage: the starting set was read (or the server had
 * none) and pos is at or before the damaged event.
 */
static gtidpos_status damaged_walk(gp_walk *w, uint64_t *pos)
{
    gp_log *log = w->log;

    if (!log->have_fde || (w->in_preamble && !w->have_state && from_gtid_era(w)))
        goto fail;
    if (w->reached || *pos == w->boundary) {
        gp_at_result_warn(w->r, "%s: damage after position %llu: %s", log->name,
                          (unsigned long long)*pos, log->err.msg);
        return GTIDPOS_OK;
    }
    if (*pos == GP_POS_END && log->status == GTIDPOS_ERR_TRUNCATED && log->in_use) {
        *pos = w->boundary;
        gp_at_result_warn(w->r, "%s: the last event is incomplete (file in use or server "
                                "crashed); answering at the last complete event, position %llu",
                          log->name, (unsigned long long)w->boundary);
        return GTIDPOS_OK;
    }
fail:
    *w->e = log->err;
    return log->status;
}

static void finish_result(gp_walk *w, uint64_t pos)
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

gtidpos_status gp_position_not_a_boundary(const gp_log *log, uint64_t pos, const gp_event *prev,
                                  gp_error *e)
{
    char name[16];
    unsigned long long start = prev->offset, end = gp_event_end(prev);

    return gp_error_set(e, GTIDPOS_ERR_POSITION, log->name, (int64_t)pos,
                        "position %llu is not an event boundary: it falls inside "
                        "the %s event at %llu..%llu; the nearest boundaries are "
                        "%llu and %llu",
                        (unsigned long long)pos, gp_event_name(prev->type, name),
                        start, end, start, end);
}

gtidpos_status gp_position_check_range(const gp_log *log, uint64_t pos, gp_error *e)
{
    if (pos == GP_POS_END)
        return GTIDPOS_OK;
    if (pos < GP_BINLOG_MAGIC_LEN)
        return gp_error_set(e, GTIDPOS_ERR_POSITION, log->name, (int64_t)pos,
                            "position %llu is inside the 4-byte magic; the first "
                            "event starts at 4", (unsigned long long)pos);
    if (log->size != GP_SIZE_UNKNOWN && pos > log->size)
        return gp_error_set(e, GTIDPOS_ERR_POSITION, log->name, (int64_t)pos,
                            "position %llu is past the end of the file (%llu bytes)",
                            (unsigned long long)pos, (unsigned long long)log->size);
    return GTIDPOS_OK;
}

/* Pass over inert events in bulk, up to pos or the hook's limit. */
static gtidpos_status skip_inert(gp_walk *w, uint64_t limit)
{
    const gp_walk_hooks *h = w->hooks;
    gp_skip_tally tally;
    uint64_t stop = w->reached ? 0 : w->pos;
    size_t n;

    if (limit < stop)
        stop = limit;
    if (!gp_log_may_skip(w->log, w->inert))
        return GTIDPOS_OK;
    n = gp_log_skip(w->log, w->inert, stop, w->past_4g ? UINT64_MAX : UINT32_MAX, &w->prev,
                    h && h->on_skipped ? &tally : NULL);
    if (n == 0)
        return GTIDPOS_OK;
    w->walked = 1;
    w->prev_type = w->prev.type;
    w->boundary = gp_event_end(&w->prev);
    if (h && h->on_skipped)
        return h->on_skipped(h->ctx, n, &tally, &w->prev, w->e);
    return GTIDPOS_OK;
}

/* The walk framed ev at or past pos. */
static gtidpos_status reach(gp_walk *w, const gp_event *ev)
{
    if (ev->offset > w->pos)
        return is_strict(w) ? give_up(w) : gp_position_not_a_boundary(w->log, w->pos, &w->prev, w->e);
    w->reached = 1;
    return GTIDPOS_OK;
}

/* The first event: the flavour and the server, from the format. */
static void take_flavor(gp_walk *w)
{
    const gp_fde *f = &w->log->first_fde;

    w->flavor = w->want_flavor ? w->want_flavor : f->flavor;
    w->r->flavor = w->flavor;
    memcpy(w->r->server_version, f->server_version, sizeof w->r->server_version);
}

/*
 * A frames walk ended without standing on pos: the file's events ended
 * (cleanly, at damage, or at encryption) at w->boundary.  Damage first
 * fails a pos beyond it; a pos there is where the events end (log->status
 * tells the caller what the reader meets next).
 */
static gtidpos_status end_frames(gp_walk *w)
{
    gp_log *log = w->log;
    uint64_t pos = w->pos;

    if (w->in_preamble && log->status == GTIDPOS_OK) { /* the file is all preamble */
        w->in_preamble = 0;
        if (start_state(w) != GTIDPOS_OK)
            return w->e->code;
    }
    if (w->reached)
        return GTIDPOS_OK;
    if (log->status != GTIDPOS_OK && (pos == GP_POS_END || pos > w->boundary)) {
        *w->e = log->err;
        return log->status;
    }
    if (pos == GP_POS_END)
        return GTIDPOS_OK;
    if (pos > w->boundary) /* an archive's or a pipe's size is known now */
        return gp_position_check_range(log, pos, w->e);
    if (pos < w->boundary)
        return gp_position_not_a_boundary(log, pos, &w->prev, w->e);
    w->reached = 1;
    return GTIDPOS_OK;
}

/* The walk ended (the log's end, damage, pos, or a hook) without error. */
static gtidpos_status end_walk(gp_walk *w, int ended_by_hook)
{
    uint64_t pos = w->pos;
    gtidpos_status rc;

    if (w->rules == GP_WALK_RULES_FRAMES)
        return end_frames(w);
    if (w->gave_up || (is_strict(w) && ended_by_hook))
        return GTIDPOS_OK;
    if (w->log->status != GTIDPOS_OK && !ended_by_hook) {
        if (is_strict(w))
            return give_up(w);
        if ((rc = damaged_walk(w, &pos)) != GTIDPOS_OK)
            return rc;
        w->reached = 1;
    }
    if (!w->reached) {
        if (pos != GP_POS_END && pos != w->boundary) {
            if (is_strict(w))
                return give_up(w);
            if (pos > w->boundary) /* the size is known now */
                return gp_position_check_range(w->log, pos, w->e);
            return gp_position_not_a_boundary(w->log, pos, &w->prev, w->e);
        }
        if (pos != GP_POS_END)
            w->reached = 1;
        else
            pos = w->boundary;
    }
    if (is_strict(w))
        return GTIDPOS_OK;
    if (w->in_preamble && (rc = start_state(w)) != GTIDPOS_OK)
        return rc;
    finish_result(w, pos);
    return GTIDPOS_OK;
}

gtidpos_status gp_walk_run(gp_walk *w, uint64_t pos)
{
    /* The hooks in locals: a call through one may write any memory, so
     * reading them from w->hooks would cost loads on every event. */
    static const gp_walk_hooks none;
    const gp_walk_hooks *h = w->hooks ? w->hooks : &none;
    void *ctx = h->ctx;
    uint64_t (*limit_fn)(void *) = h->limit;
    gp_walk_verdict (*on_frame)(void *, gp_walk *, const gp_event *, gtidpos_status *) = h->on_frame;
    gtidpos_status (*on_event)(void *, const gp_event *, gp_error *) = h->on_event;
    /* bulk passes, once past the preamble, unless a hook sees every event */
    int skip_ok = on_event == NULL || h->on_skipped != NULL;
    gp_event ev;
    gtidpos_status rc;
    int ended_by_hook = 0;

    w->pos = pos;
    w->reached = pos == w->boundary;
    if (!is_strict(w) && (rc = gp_position_check_range(w->log, pos, w->e)) != GTIDPOS_OK)
        return rc;
    for (;;) {
        uint64_t limit = limit_fn ? limit_fn(ctx) : GP_POS_END;

        if (skip_ok && !w->in_preamble && (rc = skip_inert(w, limit)) != GTIDPOS_OK)
            return rc;
        if (!gp_log_next(w->log, &ev))
            break;
        if (on_frame && (limit_fn == NULL || ev.offset >= limit)) {
            gp_walk_verdict v = on_frame(ctx, w, &ev, &rc);
            if (rc != GTIDPOS_OK)
                return rc;
            if (v == GP_WALK_END) {
                ended_by_hook = 1;
                break;
            }
            if (v == GP_WALK_PASS)
                continue;
        }
        if (!w->reached && ev.offset >= pos && ((rc = reach(w, &ev)) != GTIDPOS_OK || w->gave_up))
            return rc;
        if (w->in_preamble) {
            if (w->flavor == GTIDPOS_FLAVOR_UNKNOWN && w->r != NULL) /* a frames walk may have none */
                take_flavor(w);
            if (w->log->n_events == 1 && (ev.flags & GP_LOG_EVENT_RELAY_LOG_F)) {
                w->relay_log = 1;
                w->relay_own_id = ev.server_id;
            }
            if (!gp_event_is_preamble(ev.type)) {
                w->in_preamble = 0;
                if ((rc = start_state(w)) != GTIDPOS_OK)
                    return rc;
            }
        }
        if (w->reached && !w->in_preamble) {
            w->here = ev; /* once per walk */
            w->have_here = 1;
            break;
        }
        if (on_event && (rc = on_event(ctx, &ev, w->e)) != GTIDPOS_OK)
            return rc;
        if ((rc = walk_apply(w, &ev)) != GTIDPOS_OK || w->gave_up)
            return rc;
        /* what a position error names of it (a whole copy costs, per event) */
        w->prev.offset = ev.offset;
        w->prev.size = ev.size;
        w->prev.type = ev.type;
        w->walked = 1;
        w->boundary = gp_event_end(&ev);
    }
    return end_walk(w, ended_by_hook);
}
