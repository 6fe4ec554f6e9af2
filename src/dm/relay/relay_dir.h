/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relay_dir.h - a TiDB DM v1.0 relay-log directory.
 *
 * Layout (DM v1.0 pkg/relay, pkg/streamer):
 *   ROOT/server-uuid.index        one subdirectory name per line, oldest first
 *   ROOT/<uuid>.<suffix>/         suffix: six digits ("%06d"), 000001 upward;
 *                                 uuid: the upstream's server_uuid, or for a
 *                                 MariaDB upstream "<gtid_domain_id>-<server_id>"
 *   ROOT/<uuid>.<suffix>/mysql-bin.000123   relay files named after the
 *                                 upstream binlogs, keeping their offsets
 *   ROOT/<uuid>.<suffix>/relay.meta  TOML: binlog-name, binlog-pos and
 *                                 binlog-gtid of the last event relayed
 * A new suffix starts whenever the relay reconnects to an upstream (a
 * switch of server, or a restart), so one upstream's files may be spread
 * over several subdirectories with the same uuid.
 */
#ifndef GP_DM_RELAY_DIR_H
#define GP_DM_RELAY_DIR_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

typedef struct gp_dm_relay_sub {
    char name[256];    /* "<uuid>.<suffix>" as in server-uuid.index */
    char uuid[240];
    char suffix[16];
    char path[1024];   /* ROOT/name */
} gp_dm_relay_sub;

typedef struct gp_dm_relay_root {
    char root[768];
    gp_dm_relay_sub *subs; /* index order */
    size_t n;
} gp_dm_relay_root;

/* Read ROOT/server-uuid.index.  GTIDPOS_ERR_IO (missing index or a listed
 * subdirectory), GTIDPOS_ERR_PARSE (a line that is not <uuid>.<digits>, a
 * suffix listed twice: "line N" in the message), GTIDPOS_ERR_NOMEM. */
gtidpos_status gp_dm_relay_open(gp_dm_relay_root *r, const char *dir, gp_error *e);
void gp_dm_relay_free(gp_dm_relay_root *r);

/* The subdirectory with this suffix ("000001"; compared as numbers, so
 * "1" finds it too), or NULL. */
const gp_dm_relay_sub *gp_dm_relay_find(const gp_dm_relay_root *r, const char *suffix);

typedef struct gp_dm_relay_meta {
    char binlog_name[256];
    uint64_t binlog_pos;
    int has_gtid;
    char *binlog_gtid;  /* malloc'd; "" when absent or empty */
} gp_dm_relay_meta;

/* Read SUBDIR/relay.meta (DM writes it with BurntSushi/toml). */
gtidpos_status gp_dm_relay_meta_read(const char *subdir, gp_dm_relay_meta *m, gp_error *e);
void gp_dm_relay_meta_free(gp_dm_relay_meta *m);

#endif
