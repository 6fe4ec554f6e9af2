/* SPDX-License-Identifier: BSD-2-Clause */
/* event_names.h - event type code -> name, as SHOW BINLOG EVENTS prints it. */
#ifndef GP_BINLOG_EVENT_NAMES_H
#define GP_BINLOG_EVENT_NAMES_H

#include <stdint.h>

/* NULL for a type code no known server writes. */
const char *gp_event_type_name(uint8_t type);

/*
 * What walks need to know about an event type, written once here (the
 * rest of the table is in event_names.c, beside the names).
 *
 * GP_ET_HEADER: a file's header event.  A server writes these at the top
 * of every binlog, before any transaction (MySQL binlog.cc
 * MYSQL_BIN_LOG::open_binlog: Format_description, then Previous_gtids;
 * MariaDB log.cc MYSQL_BIN_LOG::open: Format_description, Start_encryption
 * when encrypting, Gtid_list, Binlog_checkpoint).  The starting set of a
 * file is read from these and only these.
 *
 * GP_ET_STREAM: an event about the stream, never part of a transaction:
 * Rotate and Stop (a file's last event; in a relay log also the Rotate
 * the receiver writes before the source's Format_description, MySQL
 * rpl_replica.cc queue_event / MariaDB slave.cc queue_event) and the
 * heartbeats a primary sends an idle replica (MySQL's are never written
 * to the relay log, DM's relay writer may).
 *
 * A file's preamble is its run of HEADER and STREAM events: nothing there
 * changes the executed set but the starting set itself.
 *
 * GP_ET_MAY_BE_UNSENT: a primary may leave an event of this type out of
 * what it sends a replica while sending the rest of its transaction, so a
 * replica's relay log lacks its source bytes (a hole inside the
 * transaction, between its Gtid event and its commit).  Annotate_rows:
 * MariaDB sql_repl.cc send_event_to_slave ("Do not send annotate_rows
 * events unless slave requested it"), which a replica requests only with
 * log_slave_updates and replicate_annotate_row_events both on (slave.cc
 * request_dump, BINLOG_SEND_ANNOTATE_ROWS_EVENT).  No other event inside a
 * transaction is left out alone: what a server skips it skips by whole
 * groups (walk/relaylog.c, source_event).
 */
enum {
    GP_ET_HEADER = 1u << 0,
    GP_ET_STREAM = 1u << 1,
    GP_ET_MAY_BE_UNSENT = 1u << 2,
};
unsigned gp_event_type_traits(uint8_t type);

static inline int gp_event_is_header(uint8_t type)
{
    return (gp_event_type_traits(type) & GP_ET_HEADER) != 0;
}

static inline int gp_event_is_preamble(uint8_t type)
{
    return (gp_event_type_traits(type) & (GP_ET_HEADER | GP_ET_STREAM)) != 0;
}

#endif
