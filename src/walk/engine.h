/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * engine.h - the one loop over the events of a binlog or relay log.
 *
 * Every question gtidpos answers about positions is a walk of this
 * engine with hooks: `at` (walk/position.c), the far part of a split
 * walk (walk/position_split.c), `scan` (walk/scan.c), `find`, relay logs
 * in source coordinates, DM relay holes, the library's seek.  The rules
 * live here once:
 *
 * - framing and checksums (binlog/walker.h), events of the kinds no rule
 *   depends on passed over in bulk (gp_walk_fill_inert);
 * - the file's preamble (binlog/event_names.h: header and stream events)
 *   and its starting set, read from the Previous_gtids (MySQL) or
 *   Gtid_list (MariaDB) event of the file's own header, or the proof
 *   that the file has none;
 * - transactions (binlog/txn.h) and the set they add up to, in the answer
 *   (gtid/answer.h);
 * - what ends a walk: a second Format_description that no Rotate
 *   announced, Start_encryption, a DM dummy event, damage;
 * - what it warns about: unknown event types, transactions that never
 *   ended, the 32-bit log_pos wrap past 4 GiB, a position inside a
 *   transaction, anonymous transactions.
 *
 * A strict walk (the far part of a split walk, which starts mid-file on a
 * boundary it only guessed) gives up, rather than warn or fail, at
 * anything the ordinary walk would have something to say about: its
 * caller then walks that part itself.
 *
 * A frames walk (the library's seek, `events --start-position`, verify)
 * keeps only what any file has: framing, checksums, positions, the hooks
 * on_frame, on_event, on_skipped and limit, and the one rule of framing
 * itself, that nothing after a Start_encryption event can be framed
 * without the key.  No flavour, preamble, starting set or transaction
 * rule applies, so it walks files of any server and any damage of their
 * header; verify's asks for the file's starting set besides, read as the
 * ordinary walk reads it, with its verdict kept instead of failing.
 */
#ifndef GP_WALK_ENGINE_H
#define GP_WALK_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "binlog/txn.h"
#include "binlog/walker.h"
#include "common/error.h"
#include "gtid/answer.h"

typedef struct gp_walk gp_walk;

/* What an on_frame hook makes of an event the walk just framed. */
typedef enum gp_walk_verdict {
    GP_WALK_TAKE = 0, /* apply it as usual */
    GP_WALK_PASS,     /* not part of this walk's stream: go on past it */
    GP_WALK_END       /* the walk ends before it (as at the end of the log) */
} gp_walk_verdict;

/*
 * Calls out of the walk.  Each may be NULL.  A hook returning non-GTIDPOS_OK
 * (with e set) ends the walk with that error.
 */
typedef struct gp_walk_hooks {
    void *ctx;
    /* Every event framed (with a limit hook: every one at or past the
     * limit), before the position and preamble checks. */
    gp_walk_verdict (*on_frame)(void *ctx, gp_walk *w, const gp_event *ev, gtidpos_status *rc);
    /* Every event the walk looks inside, before it is applied; every
     * event at all unless on_skipped is set. */
    gtidpos_status (*on_event)(void *ctx, const gp_event *ev, gp_error *e);
    /* n events passed over in bulk (rows and the like: gp_walk_fill_inert),
     * with their timestamps in t; the last one in last (offset, size and
     * type only).  Setting it lets the walk pass over them. */
    gtidpos_status (*on_skipped)(void *ctx, size_t n, const gp_skip_tally *t, const gp_event *last,
                         gp_error *e);
    /* Once, when the starting set is known: r holds it. */
    gtidpos_status (*on_start)(void *ctx, const gp_at_result *r, gp_error *e);
    /* A transaction began with ev (w->txn is it). */
    gtidpos_status (*on_begin)(void *ctx, gp_walk *w, const gp_event *ev, gp_error *e);
    /* A transaction t ended with event ev; r's set now includes it,
     * r->pos and r->last_start / r->last_end are its end and byte range.
     * r->last_gtid is formatted only when the walk ends (it costs a format
     * per transaction): the hook may fill it in. */
    gtidpos_status (*on_commit)(void *ctx, gp_at_result *r, const gp_txn *t, const gp_event *ev,
                        gp_error *e);
    /* The transaction dropped never ended: the GTID event ev began another
     * (the walk has warned; it is not in the set). */
    gtidpos_status (*on_abandon)(void *ctx, gp_walk *w, const gp_txn *dropped, const gp_event *ev,
                         gp_error *e);
    /* A TiDB DM dummy event (a hole DM's relay filled): NULL refuses the
     * walk, as no GTID of the events it stands for can be accounted for. */
    gtidpos_status (*on_dm_dummy)(void *ctx, gp_walk *w, const gp_event *ev, gp_error *e);
    /* Where the walk should stop passing over events in bulk for now, and
     * from where on_frame wants to see them (the near walk of a split hands
     * over where the far walk began): GP_POS_END for no limit.  Called
     * once before each event is framed. */
    uint64_t (*limit)(void *ctx);
} gp_walk_hooks;

/* Which rules a walk applies (gp_walk_init, _strict, _frames). */
typedef enum gp_walk_rules {
    GP_WALK_RULES_ALL = 0, /* at, scan, find */
    GP_WALK_RULES_STRICT,  /* the far walk of a split: gives up instead */
    GP_WALK_RULES_FRAMES   /* framing and positions only */
} gp_walk_rules;

/* The walk's state: read by hooks, written by the engine. */
struct gp_walk {
    gp_log *log;
    gp_at_result *r;
    gp_error *e;
    gtidpos_flavor flavor;      /* GTIDPOS_FLAVOR_UNKNOWN until the first event */
    gtidpos_flavor want_flavor; /* the caller's --flavor, or UNKNOWN */
    const gp_walk_hooks *hooks;
    gp_txn txn;            /* the transaction in progress */
    gp_txn last_txn;       /* the last transaction that ended */
    int in_preamble;       /* before the first event past the preamble */
    int have_state;        /* Previous_gtids / Gtid_list was read */
    int gtids_forbidden;   /* a file that cannot hold GTIDs */
    int gave_up;           /* a strict walk gave up */
    uint8_t prev_type;     /* type of the event before this one */
    int past_4g;           /* the 4 GiB log_pos wrap was reported */
    uint8_t unknown_seen[32]; /* bitmap: types not to warn about: the known
                                 ones and the unknown ones warned about */
    uint8_t inert[256];    /* gp_walk_fill_inert */
    /* Where the walk stands. */
    uint64_t pos;          /* where it was asked to stop (GP_POS_END) */
    int reached;           /* it stands on pos */
    gp_event prev;         /* the last event walked (offset, size, type) */
    int walked;            /* it walked at least one event */
    uint64_t boundary;     /* the end of that event */
    gp_walk_rules rules;   /* which init made it */
    /* The event the walk stopped before, framed and not walked (a frames
     * walk: the event at pos), when have_here; its data is valid until
     * the log is read again. */
    gp_event here;
    int have_here;
    /* gp_walk_init_frames_start: the verdict on the file's starting set,
     * where the ordinary walk would have failed (code GTIDPOS_OK: none). */
    gp_error start_err;
    /*
     * Appended for the DM relay walks (dm/relay/relay_scan.c); both 0 after
     * gp_walk_init, set by the caller before gp_walk_run.
     *
     * own_state_only: the starting set is never read from an event flagged
     * LOG_EVENT_ARTIFICIAL_F (0x20).  A server makes such events up for a
     * dump stream (MariaDB sql_repl.cc sends a fake Gtid_list, the state
     * where the replica asked to start, not at the file's top), and a DM
     * relay writer stores what the stream held.
     *
     * start_unchecked: the caller accounts for the starting set itself, as
     * a DM relay walk does (a mid-file start puts DM dummy events where the
     * header was; resolve.c takes the set from an earlier relay file): a
     * file whose header lacks it is neither refused nor warned about, and
     * GTID events are not forbidden after it.  have_state says whether it
     * was read; on_start is called all the same.
     *
     * With them, an on_dm_dummy hook may end w->txn (the hole took the
     * end of the transaction in progress) and clear w->r (the answer
     * starts over at the hole): relay_scan.c does.
     */
    int own_state_only;
    int start_unchecked;
    /*
     * Appended for relay logs read in source coordinates (walk/relaylog.c);
     * 0 but after gp_walk_init_fed.
     *
     * fed: the walk is a STREAM, one source file's events that the caller
     * frames out of another log (a replica's relay files: log is the one
     * now read, its fde frames the events; the caller repoints log, e and
     * flavor as it goes) and feeds with gp_walk_apply, their offsets
     * translated to the source's.  Only the transaction rules apply, to
     * every event fed (none passed as inert): w->txn, and the hooks
     * on_begin, on_commit (r NULL: the hook accounts for the transaction)
     * and on_abandon (no warning: there is no r).  The rules about a log's
     * own layout (one Format_description per file, Start_encryption, DM
     * dummies, the header's starting set, unknown types, the 4 GiB wrap)
     * are the framing walk's and the caller's.  gp_walk_run is not for it.
     */
    int fed;
    /*
     * relay_log: the file's first Format_description carries
     * LOG_EVENT_RELAY_LOG_F (0x40): a replica wrote it.  A MariaDB replica
     * writes no Gtid_list in its relay logs (log.cc MYSQL_BIN_LOG::open
     * writes it only when !is_relay_log; the replica keeps its position in
     * gtid_slave_pos), so such a file has no starting set of its own: the
     * ordinary walk refuses it and names `at --source-pos`;
     * relay_unchecked (set by the caller, as find does) walks it as
     * start_unchecked instead.
     */
    int relay_log;
    int relay_unchecked;
    /*
     * Appended for relay positions (issue 12, item 3): the server_id of a
     * relay file's first Format_description, the replica's own.  THE RULE
     * for a relay file's starting set: only a state event the replica wrote
     * itself (this server_id) is the file's own.  A state event of the
     * source's, relayed (MariaDB: the Gtid_list that opens each source
     * binlog, sent by the primary and written by slave.cc queue_event, at
     * the relay file's top when a source file starts there, else in the
     * middle), is the SOURCE's set at the start of a source file; what the
     * relay file holds after it may lack whole transactions (a replica's
     * IGNORE_DOMAIN_IDS, groups the primary skipped), which only the
     * source positions (log_pos) show: `at --source-pos` (walk/relaylog.c)
     * accounts for them.  So a MariaDB relay file, in which the replica
     * writes no Gtid_list, has no starting set of its own, wherever a
     * relayed Gtid_list stands; a MySQL relay file's own Previous_gtids (the
     * replica's, its Retrieved_Gtid_Set) is its starting set.
     */
    uint32_t relay_own_id;
};

/* inert[type] = 1 for the event types a walk for the set passes over
 * without looking inside (rows, table maps, ...): known types that no
 * transaction boundary, starting set or format change depends on. */
void gp_walk_fill_inert(uint8_t inert[256]);

/*
 * A walk of log (freshly opened) from its start, into r (its sets are
 * allocated here), with hooks (NULL: none).  want: GTIDPOS_FLAVOR_UNKNOWN to
 * take the flavour from the file's format description.
 */
gtidpos_status gp_walk_init(gp_walk *w, gp_log *log, gtidpos_flavor want, const gp_walk_hooks *hooks,
                    gp_at_result *r, gp_error *e);

/*
 * A strict walk of log (opened with gp_log_open_tail at offset start, an
 * event boundary past the preamble of a file in flavour flavor), into r.
 */
gtidpos_status gp_walk_init_strict(gp_walk *w, gp_log *log, uint64_t start, gtidpos_flavor flavor,
                           int gtids_forbidden, gp_at_result *r, gp_error *e);

/*
 * A frames walk of log (freshly opened) from its start: hooks (NULL: none)
 * may set on_frame, on_event, on_skipped and limit; no other is called.
 * gp_walk_run then stands on pos (w->here is the event there, unless the
 * file's events end there, or the damage in log->status, or encryption,
 * begins there: then log->status says which) or fails as the ordinary
 * walk does on a position that is not a boundary, past the end, or past
 * damage.  Nothing is answered: there is no r.  A Start_encryption event
 * walked ends the log there (log->status GTIDPOS_ERR_ENCRYPTED, from
 * gp_walk_encrypted), for this walk and every later reader of log.
 */
gtidpos_status gp_walk_init_frames(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks, gp_error *e);

/*
 * A frames walk that reads the file's starting set into r as gp_walk_init
 * does (the flavour from the format description), for a caller that
 * checks every event of a file whatever its header says (verify): where
 * the ordinary walk would fail on the starting set (none where the server
 * writes one, an unreadable one), the walk keeps the error in
 * w->start_err and goes on (the verdict is given once the preamble is
 * over, or at a clean end of a file that is all preamble).  It walks the
 * preamble whole before it stands on any pos.  Hooks as for
 * gp_walk_init_frames.
 */
gtidpos_status gp_walk_init_frames_start(gp_walk *w, gp_log *log, const gp_walk_hooks *hooks,
                                 gp_at_result *r, gp_error *e);

/* The error for framing past the Start_encryption event se of log: the
 * events after it are encrypted, and gtidpos holds no keys. */
gtidpos_status gp_walk_encrypted(const gp_log *log, const gp_event *se, gp_error *e);

/*
 * Walk to pos (GP_POS_END: the end of the log): pos must be an event
 * boundary.  Then w->reached, w->boundary, w->txn tell where the walk
 * stands; for an ordinary walk the answer is finished (r->pos, the last
 * and open transaction, the warnings).  A strict walk that gave up
 * returns GTIDPOS_OK with w->gave_up set.
 */
gtidpos_status gp_walk_run(gp_walk *w, uint64_t pos);

/* Apply one framed event to the walk (what gp_walk_run does with each
 * event it looks inside): for walks that frame events themselves. */
gtidpos_status gp_walk_apply(gp_walk *w, const gp_event *ev);

/* A fed walk (the stream of a source file, see fed above) over events
 * framed out of log, in flavour flavor (GTIDPOS_FLAVOR_UNKNOWN until known),
 * with hooks (on_begin, on_commit, on_abandon; NULL: none).  No r. */
void gp_walk_init_fed(gp_walk *w, gp_log *log, gtidpos_flavor flavor, const gp_walk_hooks *hooks,
                      gp_error *e);

/* Add the GTID of the ended transaction t to r's set (an anonymous one is
 * counted): GP_GTID_OK, GP_GTID_ENOMEM, or another GP_GTID_ code when the
 * GTID is out of range. */
int gp_at_result_add_gtid(gp_at_result *r, const gp_txn *t);
/* t, spanning [start, end), ended: it is r's last transaction (kept in
 * *last, whatever its GTID kind). */
void gp_at_result_set_last(gp_at_result *r, gp_txn *last, const gp_txn *t, uint64_t start,
                           uint64_t end);
/* Add what a walk of the bytes right after r's found (later, with its last
 * transaction in *later_last) to r (its last transaction in *last): the
 * sets, the anonymous count, the last transaction.  GP_GTID_OK or
 * GP_GTID_ENOMEM. */
int gp_at_result_absorb(gp_at_result *r, gp_txn *last, const gp_at_result *later,
                        const gp_txn *later_last);
/* Make t, spanning [start, end), r's last transaction when it has a GTID. */
void gp_at_result_set_last_gtid(gp_at_result *r, const gp_txn *t, uint64_t start,
                                uint64_t end);

/* Position errors shared by the walks that take positions: pos below 4 or
 * past the known size (GTIDPOS_OK otherwise, and for GP_POS_END); pos strictly
 * inside the event prev. */
gtidpos_status gp_position_check_range(const gp_log *log, uint64_t pos, gp_error *e);
gtidpos_status gp_position_not_a_boundary(const gp_log *log, uint64_t pos, const gp_event *prev,
                                  gp_error *e);

/* LOG_EVENT_ARTIFICIAL_F (MySQL/MariaDB log_event.h): an event a server
 * made up for a dump stream (the fake Rotate, MariaDB's fake Gtid_list),
 * never written to its own binlog; a relay log may store it. */
#define GP_WALK_ARTIFICIAL_F 0x20

#endif
