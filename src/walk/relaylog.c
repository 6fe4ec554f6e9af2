/*
 * relaylog.c - gp_relaylog_at_source: the set at a source position, read
 * from a replica's relay logs (see relaylog.h for the layout relied on).
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

/* LOG_EVENT_ARTIFICIAL_F: made up for the stream (the source's fake Rotate
 * at each connection).  A Rotate with server_id 0 is the replica's own note
 * of where the source resumes (MySQL writes one when the I/O thread
 * starts); neither is in the source's binlog. */
#define ARTIFICIAL_F 0x20

/* What the walk knows about the source file asked for. */
typedef struct target {
    const char *name;
    uint64_t pos;          /* GP_POS_END: its end */
    int active;            /* the source events now relayed are of this file */
    uint64_t first;        /* source offset the relayed copy starts at */
    uint64_t next;         /* source offset the next source event must start at */
    int have_state;
    int in_header;
    uint64_t gap_lo, gap_hi; /* first missing source byte range (gap_hi > 0) */
    gp_flavor flavor;
    gp_txn txn;
    int reached;           /* the first source event at or after pos was met */
    int seen;              /* a Rotate named the file */
    int ended;             /* its Rotate to the next source file was read */
} target;

static void target_reset(target *t, gp_at_result *r, uint64_t first)
{
    t->active = 1;
    t->seen = 1;
    t->reached = 0;
    t->first = first;
    t->next = first;
    t->have_state = 0;
    t->in_header = 1;
    t->gap_lo = t->gap_hi = 0;
    t->ended = 0;
    memset(&t->txn, 0, sizeof t->txn);
    gp_mysql_set_clear(r->mysql);
    gp_mariadb_state_clear(r->mariadb);
    r->has_last = 0;
    r->last_gtid[0] = '\0';
    r->anonymous = 0;
}

static void note_gap(target *t, uint64_t lo, uint64_t hi)
{
    if (t->gap_hi == 0 && hi > lo) {
        t->gap_lo = lo;
        t->gap_hi = hi;
    }
}

static gp_err add_gtid(gp_at_result *r, const gp_txn *t, uint64_t end, const char *file,
                       gp_error *e)
{
    int rc = gp_at_result_add_gtid(r, t);

    if (rc == GP_GTID_ENOMEM)
        return gp_error_set(e, GP_ERR_NOMEM, file, -1, "out of memory");
    if (rc != GP_GTID_OK)
        return gp_error_set(e, GP_ERR_CORRUPT, file, -1, "GTID out of range");
    gp_at_result_set_last_gtid(r, t, t->start, end); /* source offsets */
    return GP_OK;
}

/* A source event of the target file: [start, end) in the source. */
static gp_err target_event(target *t, const gp_event *ev, const gp_fde *fde, uint64_t start,
                           uint64_t end, gp_at_result *r, const char *file, gp_error *e)
{
    gp_txn_step step;
    gp_txn dropped, tx;
    gp_event src = *ev;
    gp_err rc;

    if (start != t->next)
        note_gap(t, t->next < start ? t->next : start, t->next < start ? start : t->next);
    t->next = end;
    if (t->flavor == GP_FLAVOR_UNKNOWN)
        t->flavor = fde->flavor;
    if (t->in_header && !t->have_state && t->gap_hi == 0) {
        if (ev->type == GP_EV_PREVIOUS_GTIDS && t->flavor == GP_FLAVOR_MYSQL) {
            if ((rc = gp_decode_previous_gtids(ev, r->mysql, file, e)) != GP_OK)
                return rc;
            t->have_state = 1;
        } else if (ev->type == GP_EV_MARIA_GTID_LIST && t->flavor == GP_FLAVOR_MARIADB) {
            if ((rc = gp_decode_gtid_list(ev, r->mariadb, file, e)) != GP_OK)
                return rc;
            t->have_state = 1;
        }
    }
    if (!gp_event_is_header(ev->type))
        t->in_header = 0;
    /* The transaction machine sees source offsets, so that its start
     * offsets and the answer's are the source's. */
    src.offset = start;
    if ((rc = gp_txn_feed(&t->txn, &src, fde, t->flavor, &step, &dropped, file, e)) != GP_OK)
        return rc;
    tx = t->txn;
    if (step == GP_STEP_ENDED)
        return add_gtid(r, &tx, end, file, e);
    return GP_OK;
}

static gp_err finish(target *t, gp_at_result *r, uint64_t pos, const char *file, gp_error *e)
{
    if (t->gap_hi != 0 && t->gap_lo < pos)
        return gp_error_set(e, GP_ERR_NO_GTID_INFO, file, -1,
                            "source bytes %llu..%llu of %s are not in the relay logs (the "
                            "source skipped them or the relay logs were purged): the GTIDs "
                            "of the transactions there cannot be accounted for",
                            (unsigned long long)t->gap_lo, (unsigned long long)t->gap_hi,
                            t->name);
    if (!t->have_state && t->first > GP_BINLOG_MAGIC_LEN)
        return gp_error_set(e, GP_ERR_NO_GTID_INFO, file, -1,
                            "the relay logs hold %s only from source offset %llu: its "
                            "starting set (bytes 4..%llu, with its %s event) is not in them",
                            t->name, (unsigned long long)t->first,
                            (unsigned long long)t->first,
                            t->flavor == GP_FLAVOR_MARIADB ? "Gtid_list" : "Previous_gtids");
    if (!t->have_state)
        return gp_error_set(e, GP_ERR_NO_GTID_INFO, file, -1,
                            "the relay logs hold no %s event for source file %s: its "
                            "starting set is unknown",
                            t->flavor == GP_FLAVOR_MARIADB ? "Gtid_list" : "Previous_gtids",
                            t->name);
    r->flavor = t->flavor;
    r->pos = pos;
    if (t->txn.state != GP_TXN_IDLE) {
        r->inside = 1;
        r->open_start = t->txn.start;
        gp_txn_gtid_text(&t->txn, r->open_gtid, sizeof r->open_gtid);
        if (r->n_warnings < GP_MAX_WARNINGS)
            snprintf(r->warnings[r->n_warnings++], sizeof r->warnings[0],
                     "%s: source position %llu is inside transaction %s that starts at "
                     "%llu; the set excludes it",
                     t->name, (unsigned long long)pos, r->open_gtid,
                     (unsigned long long)r->open_start);
    }
    return GP_OK;
}

/* Walk one relay file; *stop = 1 once the target position was reached. */
static gp_err walk_file(const char *path, target *t, gp_at_result *r, gp_relay_at *where,
                        int *stop, gp_error *e)
{
    gp_log log;
    gp_event ev;
    uint32_t own_id = 0;
    int first = 1;
    gp_err rc = gp_log_open(&log, path, GP_VERIFY_ALL, e);

    while (rc == GP_OK && gp_log_next(&log, &ev)) {
        uint64_t start, end;

        if (first) {
            own_id = ev.server_id; /* the relay file's own Format_description */
            first = 0;
            continue;
        }
        if (ev.server_id == own_id)
            continue; /* the replica's own Previous_gtids, Rotate, Stop */
        if (ev.type == GP_EV_ROTATE) {
            gp_rotate rot;
            char name[256];
            if ((rc = gp_decode_rotate(&ev, &log.fde, &rot, path, e)) != GP_OK)
                break;
            if (rot.name_len >= sizeof name || memchr(rot.name, '\0', rot.name_len))
                continue;
            memcpy(name, rot.name, rot.name_len);
            name[rot.name_len] = '\0';
            if (ev.log_pos != 0 && ev.server_id != 0 && !(ev.flags & ARTIFICIAL_F) &&
                t->active) {
                /* The source's own Rotate: the end of the target file. */
                if ((rc = target_event(t, &ev, &log.fde, ev.log_pos - ev.size, ev.log_pos,
                                       r, path, e)) != GP_OK)
                    break;
                t->ended = 1;
                if (t->pos == GP_POS_END || t->pos == ev.log_pos) {
                    t->pos = ev.log_pos;
                    snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
                    where->relay_offset = gp_event_end(&ev);
                    *stop = 1;
                    break;
                }
                rc = gp_error_set(e, GP_ERR_POSITION, t->name, (int64_t)t->pos,
                                  "source position %llu is past the end of %s (%llu) in "
                                  "the relay logs",
                                  (unsigned long long)t->pos, t->name,
                                  (unsigned long long)ev.log_pos);
                break;
            }
            if (strcmp(name, t->name) == 0) {
                if (!t->active || rot.pos <= GP_BINLOG_MAGIC_LEN)
                    target_reset(t, r, rot.pos);
                else if (rot.pos != t->next)
                    note_gap(t, rot.pos < t->next ? rot.pos : t->next,
                             rot.pos < t->next ? t->next : rot.pos);
                t->next = rot.pos;
            } else {
                t->active = 0;
            }
            continue;
        }
        if (ev.log_pos == 0 || (ev.flags & ARTIFICIAL_F) || !t->active)
            continue; /* made up for the stream (MySQL writes the source's
                         Format_description at the top of each relay file
                         marked so), or another source file */
        if (ev.log_pos < ev.size) {
            rc = gp_error_set(e, GP_ERR_CORRUPT, path, (int64_t)ev.offset,
                              "source event with log_pos %u smaller than its size %u",
                              ev.log_pos, ev.size);
            break;
        }
        start = ev.log_pos - ev.size;
        end = ev.log_pos;
        if (t->pos != GP_POS_END && !t->reached && start >= t->pos) {
            if (start > t->pos && t->next != t->pos) {
                rc = gp_error_set(e, GP_ERR_POSITION, t->name, (int64_t)t->pos,
                                  "source position %llu of %s is not an event boundary in "
                                  "the relay logs (the source events there are %llu..%llu "
                                  "and %llu..%llu)",
                                  (unsigned long long)t->pos, t->name,
                                  (unsigned long long)t->first, (unsigned long long)t->next,
                                  (unsigned long long)start, (unsigned long long)end);
                break;
            }
            t->reached = 1;
            snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
            where->relay_offset = ev.offset;
        }
        /* As gp_at: the file's header events count at any position in it. */
        if (t->reached && !(t->in_header && gp_event_is_header(ev.type))) {
            *stop = 1;
            break;
        }
        if ((rc = target_event(t, &ev, &log.fde, start, end, r, path, e)) != GP_OK)
            break;
        if (!t->reached) {
            snprintf(where->relay_path, sizeof where->relay_path, "%s", path);
            where->relay_offset = gp_event_end(&ev);
        }
    }
    if (rc == GP_OK && !*stop && log.status != GP_OK) {
        *e = log.err;
        rc = log.status;
    }
    gp_log_close(&log);
    return rc;
}

gp_err gp_relaylog_at_source(char *const *paths, size_t n, const char *source_name,
                             uint64_t source_pos, const gp_at_options *opt,
                             gp_at_result *r, gp_relay_at *where, gp_error *e)
{
    target t;
    int stop = 0;
    gp_err rc = GP_OK;

    memset(&t, 0, sizeof t);
    memset(where, 0, sizeof *where);
    t.name = source_name;
    t.pos = source_pos;
    t.flavor = opt && opt->flavor ? opt->flavor : GP_FLAVOR_UNKNOWN;
    r->mysql = gp_mysql_set_new();
    r->mariadb = gp_mariadb_state_new();
    if (r->mysql == NULL || r->mariadb == NULL)
        return gp_error_set(e, GP_ERR_NOMEM, source_name, -1, "out of memory");
    for (size_t i = 0; i < n && !stop && rc == GP_OK; i++)
        rc = walk_file(paths[i], &t, r, where, &stop, e);
    if (rc != GP_OK)
        return rc;
    if (!stop) {
        if (!t.seen)
            return gp_error_set(e, GP_ERR_POSITION, source_name, -1,
                                "no event of source file %s in the relay logs", source_name);
        if (source_pos == GP_POS_END || source_pos == t.next) {
            /* The relay logs end here (the replica is still receiving). */
            source_pos = t.next;
        } else {
            return gp_error_set(e, GP_ERR_POSITION, source_name, (int64_t)source_pos,
                                "source position %llu of %s is not in the relay logs, which "
                                "hold it up to %llu",
                                (unsigned long long)source_pos, source_name,
                                (unsigned long long)t.next);
        }
    } else if (t.pos != GP_POS_END) {
        source_pos = t.pos;
    } else {
        source_pos = t.next;
    }
    return finish(&t, r, source_pos, where->relay_path, e);
}
