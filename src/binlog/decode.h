/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * decode.h - the few event bodies gtidpos needs, decoded in place.
 *
 * Each decoder takes a framed event (body/body_len exclude the checksum)
 * and the format in force, checks every length against the body, and
 * reports a malformed body as GTIDPOS_ERR_CORRUPT naming the event's offset.
 */
#ifndef GP_BINLOG_DECODE_H
#define GP_BINLOG_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "event.h"
#include "fde.h"
#include "gtid/mariadb_state.h"
#include "gtid/mysql_set.h"

/* A MySQL GTID (GTID, ANONYMOUS_GTID or GTID_TAGGED event). */
typedef struct gp_mysql_gtid {
    gp_uuid uuid;
    char tag[GP_MYSQL_TAG_MAX + 1]; /* "" when untagged */
    size_t tag_len;
    uint64_t gno;                   /* 0 for anonymous transactions */
    int anonymous;
} gp_mysql_gtid;

gtidpos_status gp_decode_mysql_gtid(const gp_event *ev, gp_mysql_gtid *g,
                            const char *file, gp_error *e);

/* Add the Previous_gtids event's set to s (untagged and tagged formats). */
gtidpos_status gp_decode_previous_gtids(const gp_event *ev, gp_mysql_set *s,
                                const char *file, gp_error *e);

/* MariaDB GTID event: the GTID (server id from the header) and flags2. */
gtidpos_status gp_decode_mariadb_gtid(const gp_event *ev, gp_mariadb_gtid *g,
                              uint8_t *flags2, const char *file, gp_error *e);

/* MariaDB Gtid_list event: apply its entries, in order, to st. */
gtidpos_status gp_decode_gtid_list(const gp_event *ev, gp_mariadb_state *st,
                           const char *file, gp_error *e);

/*
 * The statement of a Query event: a slice of the body.  For a MariaDB
 * QUERY_COMPRESSED event, at most cap bytes of the inflated statement are
 * written to buf and *stmt points there.
 */
gtidpos_status gp_decode_query(const gp_event *ev, const gp_fde *fde, char *buf,
                       size_t cap, const char **stmt, size_t *len,
                       const char *file, gp_error *e);

/* Format one MySQL GTID as "uuid:gno" / "uuid:tag:gno". */
void gp_mysql_gtid_format(const gp_mysql_gtid *g, char *buf, size_t cap);

#endif
