/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relaylog.h - source coordinates in a MySQL / MariaDB replica's relay logs.
 *
 * A replica's I/O thread writes what the source sends, byte for byte, into
 * relay-bin.NNNNNN (listed in relay-bin.index), and interleaves its own
 * events: each relay file opens with the replica's Format_description and
 * Previous_gtids (MySQL) or Gtid_list (MariaDB), and closes with a Rotate
 * to the next relay file.  Source events keep the source's server_id and
 * their header log_pos is the END offset of the event in the SOURCE's
 * binlog (its start is log_pos - event_size).  The source file name comes
 * from the Rotate events the source sends (a fake one, log_pos 0, at each
 * connection; a real one when the source switches files).  Events a server
 * makes up for the stream (log_pos 0) hold no source bytes.
 */
#ifndef GP_BINLOG_RELAYLOG_H
#define GP_BINLOG_RELAYLOG_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "walk/position.h"

typedef struct gp_relay_at {
    char relay_path[1024]; /* the relay file holding the source position */
    uint64_t relay_offset; /* and the relay offset of that same point */
} gp_relay_at;

/*
 * The set at source position (source_name, source_pos) of the source's
 * binlog, from the relay files in paths (in log order).  The set is
 * carried from the source file's own Previous_gtids / Gtid_list when the
 * relay logs hold it, else from source_base (NULL: none): the source's
 * executed set (MySQL GTID set, MariaDB GTID state) at the first source
 * position the relay logs hold, carried forward through the relay logs.
 * Holes in the source's coordinates are passed over only where they
 * provably hide no transaction (relaylog.c, classify_hole), where a
 * MariaDB primary's made-up Gtid_list after a GTID reconnection gives the
 * exact set past them (fake_gtid_list), or, for a MariaDB source, where
 * each domain's GTID is settled by the transactions relayed around them
 * and the next file's Gtid_list (resolve_domains); otherwise
 * GTIDPOS_ERR_NO_GTID_INFO naming the source byte range that is missing, or
 * saying what to give as source_base.  GTIDPOS_ERR_PARSE: source_base is not a
 * set of the logs' flavour.
 * source_pos GP_POS_END: the end of that source file as relayed.
 * GTIDPOS_ERR_POSITION: source_pos is not a source event boundary, or is not in
 * the relay logs at all.
 */
gtidpos_status gp_relaylog_at_source(char *const *paths, size_t n, const char *source_name,
                             uint64_t source_pos, const char *source_base,
                             const gp_at_options *opt, gp_at_result *r, gp_relay_at *where,
                             gp_error *e);

#endif
