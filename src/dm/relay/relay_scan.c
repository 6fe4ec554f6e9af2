/*
 * relay_scan.c - read one relay file into its header state, transactions
 * and DM holes (see relay_scan.h).
 */
#include "dm/relay/relay_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode.h"
#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"
#include "walk/position.h"

/* LOG_EVENT_ARTIFICIAL_F: events a server makes up for a dump stream (the
 * fake Rotate, MariaDB's fake Gtid_list); never the file's own state. */
#define ARTIFICIAL_F 0x20

static int is_txn_start(uint8_t type)
{
    return type == GP_EV_GTID || type == GP_EV_GTID_TAGGED ||
           type == GP_EV_ANONYMOUS_GTID || type == GP_EV_MARIA_GTID;
}

static gp_err nomem(gp_dm_scan *s, gp_error *e)
{
    return gp_error_set(e, GP_ERR_NOMEM, s->path, -1, "out of memory");
}

static gp_err add_txn(gp_dm_scan *s, const gp_txn *t, uint64_t end, gp_error *e)
{
    if (s->n_txns == s->cap_txns) {
        size_t cap = s->cap_txns ? s->cap_txns * 2 : 256;
        gp_dm_scan_txn *v = realloc(s->txns, cap * sizeof *v);
        if (v == NULL)
            return nomem(s, e);
        s->txns = v;
        s->cap_txns = cap;
    }
    s->txns[s->n_txns].start = t->start;
    s->txns[s->n_txns].end = end;
    s->txns[s->n_txns].t = *t;
    s->n_txns++;
    return GP_OK;
}

static gp_err add_hole(gp_dm_scan *s, uint64_t start, uint64_t end, gp_error *e)
{
    if (s->n_holes > 0 && s->holes[s->n_holes - 1].end == start) {
        s->holes[s->n_holes - 1].end = end; /* consecutive dummies: one hole */
        return GP_OK;
    }
    if (s->n_holes == s->cap_holes) {
        size_t cap = s->cap_holes ? s->cap_holes * 2 : 8;
        gp_dm_hole *v = realloc(s->holes, cap * sizeof *v);
        if (v == NULL)
            return nomem(s, e);
        s->holes = v;
        s->cap_holes = cap;
    }
    s->holes[s->n_holes].start = start;
    s->holes[s->n_holes].end = end;
    s->holes[s->n_holes].tail_follows = 0;
    s->n_holes++;
    return GP_OK;
}

gp_err gp_dm_scan_file(gp_dm_scan *s, const char *path, const gp_at_options *opt,
                       uint64_t check_pos, gp_error *e)
{
    gp_log log;
    gp_event ev, prev;
    gp_txn txn;
    int in_header = 1, after_hole = 0, reached = check_pos == GP_POS_END ||
                                                 check_pos == GP_BINLOG_MAGIC_LEN;
    gp_err rc = GP_OK;

    memset(s, 0, sizeof *s);
    memset(&txn, 0, sizeof txn);
    memset(&prev, 0, sizeof prev);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->end = GP_BINLOG_MAGIC_LEN;
    s->mysql = gp_mysql_set_new();
    s->mariadb = gp_mariadb_state_new();
    if (s->mysql == NULL || s->mariadb == NULL)
        return nomem(s, e);
    if ((rc = gp_log_open(&log, path, GP_VERIFY_ALL, e)) != GP_OK) {
        gp_log_close(&log);
        return rc;
    }
    while (gp_log_next(&log, &ev)) {
        gp_txn_step step;
        gp_txn dropped;

        if (!reached && ev.offset >= check_pos) {
            if (ev.offset > check_pos) {
                rc = gp_position_not_a_boundary(&log, check_pos, &prev, e);
                break;
            }
            reached = 1;
        }
        if (s->flavor == GP_FLAVOR_UNKNOWN) {
            const gp_fde *f = &log.first_fde;
            s->flavor = opt && opt->flavor ? opt->flavor : f->flavor;
            memcpy(s->server_version, f->server_version, sizeof s->server_version);
            s->gtid_era = s->flavor == GP_FLAVOR_MARIADB
                              ? f->version_product >= GP_MARIADB_GTID_VERSION
                              : f->version_product >= GP_MYSQL_PGTID_ALWAYS_VERSION;
        }
        prev = ev;
        s->end = gp_event_end(&ev);
        if (gp_dm_is_dummy(&ev, &log.fde)) {
            /* Whatever transaction was open loses its end to the hole. */
            memset(&txn, 0, sizeof txn);
            in_header = 0;
            after_hole = 1;
            if ((rc = add_hole(s, ev.offset, gp_event_end(&ev), e)) != GP_OK)
                break;
            continue;
        }
        if (after_hole) {
            after_hole = 0;
            if (!is_txn_start(ev.type) && !gp_event_is_preamble(ev.type))
                s->holes[s->n_holes - 1].tail_follows = 1;
        }
        s->rotates = 0;
        if (ev.type == GP_EV_ROTATE && !(ev.flags & ARTIFICIAL_F)) {
            gp_rotate rot;
            if (gp_decode_rotate(&ev, &log.fde, &rot, path, NULL) == GP_OK &&
                rot.name_len < sizeof s->next_name) {
                memcpy(s->next_name, rot.name, rot.name_len);
                s->next_name[rot.name_len] = '\0';
                s->rotates = memchr(s->next_name, '\0', rot.name_len) == NULL;
            }
        }
        if (in_header && !(ev.flags & ARTIFICIAL_F) && !s->has_state) {
            if (ev.type == GP_EV_PREVIOUS_GTIDS && s->flavor == GP_FLAVOR_MYSQL) {
                if ((rc = gp_decode_previous_gtids(&ev, s->mysql, path, e)) != GP_OK)
                    break;
                s->has_state = 1;
            } else if (ev.type == GP_EV_MARIA_GTID_LIST && s->flavor == GP_FLAVOR_MARIADB) {
                if ((rc = gp_decode_gtid_list(&ev, s->mariadb, path, e)) != GP_OK)
                    break;
                s->has_state = 1;
            }
        }
        if (!gp_event_is_preamble(ev.type))
            in_header = 0;
        if ((rc = gp_txn_feed(&txn, &ev, &log.fde, s->flavor, &step, &dropped, path, e)) !=
            GP_OK)
            break;
        if (step == GP_STEP_ENDED && (rc = add_txn(s, &txn, gp_event_end(&ev), e)) != GP_OK)
            break;
    }
    if (rc == GP_OK && log.status != GP_OK) {
        s->damaged = 1;
        s->damage = log.err;
    }
    if (rc == GP_OK && !reached && check_pos != GP_POS_END) {
        if (check_pos > s->end) {
            if (s->damaged) {
                *e = s->damage;
                rc = s->damage.code;
            } else {
                rc = gp_error_set(e, GP_ERR_POSITION, path, (int64_t)check_pos,
                                  "position %llu is past the end of the file (%llu bytes)",
                                  (unsigned long long)check_pos, (unsigned long long)s->end);
            }
        } else if (check_pos != s->end) {
            rc = gp_position_not_a_boundary(&log, check_pos, &prev, e);
        }
    }
    if (txn.state != GP_TXN_IDLE) {
        s->open_at_end = 1;
        s->open_start = txn.start;
    }
    gp_log_close(&log);
    return rc;
}

void gp_dm_scan_free(gp_dm_scan *s)
{
    if (s == NULL)
        return;
    gp_mysql_set_free(s->mysql);
    gp_mariadb_state_free(s->mariadb);
    free(s->txns);
    free(s->holes);
    memset(s, 0, sizeof *s);
}
