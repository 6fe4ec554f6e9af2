/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * txn.h - where transactions start and end, event by event.
 *
 * MySQL: a transaction starts at its GTID / GTID_TAGGED / ANONYMOUS_GTID
 * event and ends at its XID event, at a COMMIT or ROLLBACK query, at the
 * DDL query itself (a GTID followed by a statement other than BEGIN or
 * XA START), at XA_PREPARE, or at a TRANSACTION_PAYLOAD event.  Files
 * without GTIDs delimit transactions with BEGIN ... COMMIT/XID only.
 * MariaDB: a group starts at its GTID event; without FL_STANDALONE it runs
 * to its XID, COMMIT/ROLLBACK query or XA_PREPARE; a standalone group (and
 * an XA COMMIT/ROLLBACK group) ends with its first statement.
 */
#ifndef GP_BINLOG_TXN_H
#define GP_BINLOG_TXN_H

#include <stdint.h>

#include "decode.h"
#include "fde.h"

typedef enum gp_txn_state {
    GP_TXN_IDLE = 0,   /* between transactions */
    GP_TXN_STARTED,    /* GTID seen, no statement yet (MySQL) */
    GP_TXN_OPEN,       /* inside BEGIN ... or a MariaDB group */
    GP_TXN_STATEMENT   /* MariaDB standalone: ends at its statement */
} gp_txn_state;

typedef enum gp_txn_kind {
    GP_TXN_NO_GTID = 0,  /* BEGIN without a GTID event (old servers) */
    GP_TXN_MYSQL,
    GP_TXN_MYSQL_ANONYMOUS,
    GP_TXN_MARIADB
} gp_txn_kind;

typedef struct gp_txn {
    gp_txn_state state;
    gp_txn_kind kind;
    uint64_t start;            /* offset of its first event */
    gp_mysql_gtid mysql;
    gp_mariadb_gtid mariadb;
} gp_txn;

/* What an event did to the transaction in progress. */
typedef enum gp_txn_step {
    GP_STEP_NONE = 0,    /* nothing changed or still inside */
    GP_STEP_BEGAN,       /* a transaction started at this event */
    GP_STEP_ENDED,       /* the transaction ended with this event */
    GP_STEP_ABANDONED    /* a new GTID arrived before the open one ended:
                            the open one (in *dropped) never completed */
} gp_txn_step;

/*
 * Feed one event.  Decodes what it needs (GTID events, query text) and
 * returns the step; *dropped receives the abandoned transaction.
 */
gtidpos_status gp_txn_feed(gp_txn *t, const gp_event *ev, const gp_fde *fde,
                   gtidpos_flavor flavor, gp_txn_step *step, gp_txn *dropped,
                   const char *file, gp_error *e);

/* Text of the transaction's GTID ("uuid:gno", "d-s-n", or "anonymous"). */
void gp_txn_gtid_text(const gp_txn *t, char *buf, size_t cap);

#endif
