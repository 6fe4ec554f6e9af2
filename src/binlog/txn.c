/* SPDX-License-Identifier: BSD-2-Clause */
#include "txn.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

/* Longest statement prefix we need to look at ("XA ROLLBACK"). */
#define STMT_PREFIX 16

typedef enum stmt_kind {
    STMT_OTHER,     /* DDL or any other statement */
    STMT_BEGIN,     /* BEGIN, XA START / XA BEGIN */
    STMT_COMMIT,    /* COMMIT, ROLLBACK (not ROLLBACK TO) */
    STMT_XA_END     /* XA END: the XA_PREPARE event follows */
} stmt_kind;

/* Does s (n bytes) start with word, followed by the end or a non-identifier
 * character?  Case-insensitive, leading blanks skipped. */
static int starts_with_word(const char *s, size_t n, const char *word, size_t *used)
{
    size_t i = 0, w = strlen(word);

    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (n - i < w || strncasecmp(s + i, word, w) != 0)
        return 0;
    i += w;
    if (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
        return 0;
    *used = i;
    return 1;
}

static stmt_kind classify(const char *s, size_t n)
{
    size_t used, more;

    if (starts_with_word(s, n, "BEGIN", &used))
        return STMT_BEGIN;
    if (starts_with_word(s, n, "COMMIT", &used))
        return STMT_COMMIT;
    if (starts_with_word(s, n, "ROLLBACK", &used))
        /* ROLLBACK TO SAVEPOINT stays inside the transaction. */
        return starts_with_word(s + used, n - used, "TO", &more) ? STMT_OTHER
                                                                  : STMT_COMMIT;
    if (starts_with_word(s, n, "XA", &used)) {
        if (starts_with_word(s + used, n - used, "START", &more) ||
            starts_with_word(s + used, n - used, "BEGIN", &more))
            return STMT_BEGIN;
        if (starts_with_word(s + used, n - used, "END", &more))
            return STMT_XA_END;
    }
    return STMT_OTHER;
}

/*
 * MySQL 8.0.21+ logs CREATE TABLE ... SELECT as one transaction: the
 * statement, ending in "START TRANSACTION", then the rows and an Xid
 * (atomic DDL, binlog m_transactional_ddl).  Only the event's last bytes
 * are needed to see it.
 */
static int ends_with_start_transaction(const gp_event *ev)
{
    static const char tail[] = "START TRANSACTION";
    size_t n = ev->last_len, w = sizeof tail - 1;

    while (n > 0 && (isspace(ev->last[n - 1]) || ev->last[n - 1] == ';'))
        n--;
    return n >= w && strncasecmp((const char *)ev->last + n - w, tail, w) == 0 &&
           (n == w || isspace(ev->last[n - w - 1]));
}

static gtidpos_status query_kind(const gp_event *ev, const gp_fde *fde, stmt_kind *k,
                         const char *file, gp_error *e)
{
    char buf[STMT_PREFIX];
    const char *stmt;
    size_t len;
    gtidpos_status rc = gp_decode_query(ev, fde, buf, sizeof buf, &stmt, &len, file, e);

    if (rc != GTIDPOS_OK)
        return rc;
    *k = classify(stmt, len < 64 ? len : 64);
    if (*k == STMT_OTHER && ev->type == GP_EV_QUERY && ends_with_start_transaction(ev))
        *k = STMT_BEGIN;
    return GTIDPOS_OK;
}

/* Start a transaction at a GTID event, abandoning an unfinished one. */
static void begin(gp_txn *t, const gp_event *ev, gp_txn_step *step,
                  gp_txn *dropped)
{
    if (t->state != GP_TXN_IDLE) {
        *dropped = *t;
        *step = GP_STEP_ABANDONED;
    } else {
        *step = GP_STEP_BEGAN;
    }
    t->start = ev->offset;
}

/* Between transactions, a BEGIN query opens one without a GTID (servers
 * before GTIDs: MySQL < 5.6, MariaDB < 10.0). */
static gtidpos_status begin_without_gtid(gp_txn *t, const gp_event *ev, stmt_kind k,
                                 gp_txn_step *step)
{
    if (k == STMT_BEGIN) {
        t->state = GP_TXN_OPEN;
        t->kind = GP_TXN_NO_GTID;
        t->start = ev->offset;
        *step = GP_STEP_BEGAN;
    }
    return GTIDPOS_OK;
}

/* An event that always ends the transaction in progress (Xid, ...). */
static gtidpos_status end_open(gp_txn *t, gp_txn_step *step)
{
    if (t->state != GP_TXN_IDLE) {
        *step = GP_STEP_ENDED;
        t->state = GP_TXN_IDLE;
    }
    return GTIDPOS_OK;
}

static gtidpos_status feed_mysql(gp_txn *t, const gp_event *ev, const gp_fde *fde,
                         gp_txn_step *step, gp_txn *dropped, const char *file,
                         gp_error *e)
{
    stmt_kind k;
    gtidpos_status rc;

    switch (ev->type) {
    case GP_EV_GTID:
    case GP_EV_GTID_TAGGED:
    case GP_EV_ANONYMOUS_GTID:
        begin(t, ev, step, dropped);
        rc = gp_decode_mysql_gtid(ev, &t->mysql, file, e);
        t->kind = t->mysql.anonymous ? GP_TXN_MYSQL_ANONYMOUS : GP_TXN_MYSQL;
        t->state = GP_TXN_STARTED;
        return rc;
    case GP_EV_QUERY:
        if ((rc = query_kind(ev, fde, &k, file, e)) != GTIDPOS_OK)
            return rc;
        if (t->state == GP_TXN_IDLE)
            return begin_without_gtid(t, ev, k, step);
        if (t->state == GP_TXN_STARTED && k != STMT_BEGIN) {
            *step = GP_STEP_ENDED; /* DDL, or a one-statement XA COMMIT */
            t->state = GP_TXN_IDLE;
        } else if (k == STMT_BEGIN) {
            t->state = GP_TXN_OPEN;
        } else if (k == STMT_COMMIT) {
            *step = GP_STEP_ENDED;
            t->state = GP_TXN_IDLE;
        }
        return GTIDPOS_OK;
    case GP_EV_XID:
    case GP_EV_XA_PREPARE:
    case GP_EV_TRANSACTION_PAYLOAD:
        return end_open(t, step);
    default:
        return GTIDPOS_OK;
    }
}

static gtidpos_status feed_mariadb(gp_txn *t, const gp_event *ev, const gp_fde *fde,
                           gp_txn_step *step, gp_txn *dropped, const char *file,
                           gp_error *e)
{
    stmt_kind k;
    uint8_t flags2;
    gtidpos_status rc;

    switch (ev->type) {
    case GP_EV_MARIA_GTID:
        begin(t, ev, step, dropped);
        rc = gp_decode_mariadb_gtid(ev, &t->mariadb, &flags2, file, e);
        t->kind = GP_TXN_MARIADB;
        /* XA COMMIT / XA ROLLBACK of a prepared transaction is one
         * statement, like a standalone group. */
        t->state = (flags2 & (GP_MFL_STANDALONE | GP_MFL_COMPLETED_XA))
                       ? GP_TXN_STATEMENT
                       : GP_TXN_OPEN;
        return rc;
    case GP_EV_QUERY:
    case GP_EV_QUERY_COMPRESSED:
        if ((rc = query_kind(ev, fde, &k, file, e)) != GTIDPOS_OK)
            return rc;
        if (t->state == GP_TXN_IDLE)
            return begin_without_gtid(t, ev, k, step);
        if (t->state == GP_TXN_STATEMENT ||
            (t->state == GP_TXN_OPEN && k == STMT_COMMIT)) {
            *step = GP_STEP_ENDED;
            t->state = GP_TXN_IDLE;
        }
        return GTIDPOS_OK;
    case GP_EV_XID:
    case GP_EV_XA_PREPARE:
        return end_open(t, step);
    default:
        return GTIDPOS_OK;
    }
}

gtidpos_status gp_txn_feed(gp_txn *t, const gp_event *ev, const gp_fde *fde,
                   gtidpos_flavor flavor, gp_txn_step *step, gp_txn *dropped,
                   const char *file, gp_error *e)
{
    *step = GP_STEP_NONE;
    if (flavor == GTIDPOS_FLAVOR_MARIADB)
        return feed_mariadb(t, ev, fde, step, dropped, file, e);
    return feed_mysql(t, ev, fde, step, dropped, file, e);
}

void gp_txn_gtid_text(const gp_txn *t, char *buf, size_t cap)
{
    switch (t->kind) {
    case GP_TXN_MYSQL:
        gp_mysql_gtid_format(&t->mysql, buf, cap);
        return;
    case GP_TXN_MARIADB:
        snprintf(buf, cap, "%u-%u-%llu", t->mariadb.domain, t->mariadb.server_id,
                 (unsigned long long)t->mariadb.seq);
        return;
    case GP_TXN_MYSQL_ANONYMOUS:
        snprintf(buf, cap, "ANONYMOUS");
        return;
    case GP_TXN_NO_GTID:
        break;
    }
    snprintf(buf, cap, "(no GTID)");
}
