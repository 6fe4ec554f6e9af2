/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker_source.h - a DM v1.0 dm-worker.toml as the v2 source YAML, key
 * by key, so that DM v2 (which reads source files with
 * yaml.UnmarshalStrict, dm/config/source_config.go) accepts the output as
 * it is and every v1 setting with a v2 equivalent keeps its meaning.
 *
 * The v1 keys are those of the v1.0.7 worker Config (dm/worker/config.go:
 * the top-level keys, [from] = config.DBConfig, [purge] = purger.Config,
 * [checker] = CheckerConfig, [tracer] = tracing.Config); the v2 keys those
 * of the v2.0.0 SourceConfig.  See worker_source.c for the table.
 */
#ifndef GP_DM_WORKER_SOURCE_H
#define GP_DM_WORKER_SOURCE_H

#include <stddef.h>

#include "common/error.h"
#include "dm/formats/convert_hooks.h"

/* Convert text (len bytes of dm-worker.toml; file names it in errors)
 * into *yaml (malloc'd, NUL-terminated).  Every key not carried goes to
 * hooks->note with the reason; relative relay-dir and meta-dir values go
 * through hooks->path.  GTIDPOS_ERR_PARSE: not TOML, a key with a value of the
 * wrong type, no source-id, no [from] (or no from.host / from.user), a
 * flavor other than mysql or mariadb. */
gtidpos_status gp_dm_worker_to_source(const char *text, size_t len, const char *file,
                              const gp_dm_convert_hooks *hooks, char **yaml, size_t *yaml_len,
                              gp_error *e);

/* The table itself, for tests: the i-th v1 key ("from.max-allowed-packet",
 * "from.session.*" for the session's variables) and its fate: NULL when
 * it is carried under the same name, else the reason it is dropped.  NULL
 * key past the end. */
const char *gp_dm_worker_key(size_t i, const char **dropped_because);

#endif
