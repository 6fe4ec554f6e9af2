/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source_config.h - a DM upstream source: the v2 source YAML
 * (source1.yaml) or DM v1.0's dm-worker.toml, read into one structure,
 * and the v2 YAML written from it.
 *
 * Keys read (the v2 names; the v1.0 TOML uses the same ones, [from] as a
 * table): source-id, server-id, flavor, enable-gtid, enable-relay,
 * relay-dir, from.host, from.port, from.user, from.password.  Other keys
 * are ignored.  A key with a value of the wrong type is an error.
 */
#ifndef GP_DM_SOURCE_CONFIG_H
#define GP_DM_SOURCE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "gtidpos_dm.h"

typedef gtidpos_dm_source_kind gp_dm_source_kind;

/* The public gtidpos_dm_source.  The has_ fields say whether a key was
 * given; strings are "" when not.  A value too long for its field is
 * refused, never cut. */
typedef struct gtidpos_dm_source {
    gp_dm_source_kind kind;
    char source_id[128];
    char flavor[16];         /* "mysql", "mariadb" or "" */
    int has_server_id;
    uint64_t server_id;
    int has_enable_gtid, enable_gtid;
    int has_enable_relay, enable_relay;
    char relay_dir[4096];    /* as written (relative to the file's directory); PATH_MAX */
    char host[256];
    int has_port;
    uint64_t port;
    char user[256];
    int has_password;
    char password[512];
} gp_dm_source;

const char *gp_dm_source_kind_name(gp_dm_source_kind k);

/* Read path: a .toml name or TOML-looking content ("key = value" or a
 * "[table]" line first) is read as dm-worker.toml, anything else as the
 * v2 YAML.  source-id is required.  GTIDPOS_ERR_IO, GTIDPOS_ERR_PARSE. */
gtidpos_status gp_dm_source_load(gp_dm_source *s, const char *path, gp_error *e);
/* The same from a buffer (for tests and fuzzing). */
gtidpos_status gp_dm_source_parse(gp_dm_source *s, const char *text, size_t len, const char *file,
                          int toml, gp_error *e);

/* Set key (the v2 name: "source-id", "from.port", ...) from its text:
 * "true"/"false", a decimal number (server-id at most 2^32-1, from.port
 * at most 65535), flavor mysql or mariadb.  GTIDPOS_ERR_PARSE, s unchanged,
 * for another key or value. */
gtidpos_status gp_dm_source_set(gp_dm_source *s, const char *key, const char *value, gp_error *e);

/* The v2 source YAML the upgrade guide shows: server-id, source-id,
 * flavor, enable-gtid, relay-dir (each when set), then from: host, port,
 * user, password.  malloc'd text, NUL-terminated. */
gtidpos_status gp_dm_source_to_yaml(const gp_dm_source *s, char **text, size_t *len, gp_error *e);

#endif
