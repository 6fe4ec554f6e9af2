/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crosscheck.h - for dm-upgrade: each relay subdirectory's relay.meta
 * (relay_dir.h) against the set gtidpos computes at the position it names
 * (resolve.h).
 */
#ifndef GP_DM_CROSSCHECK_H
#define GP_DM_CROSSCHECK_H

#include <stddef.h>

#include "common/error.h"
#include "walk/position.h"

/*
 * Compare each subdirectory's relay.meta with its files: the named relay
 * file exists, binlog-pos is an event boundary within it, and binlog-gtid
 * (when set) equals the set gtidpos computes there.  Each disagreement or
 * check that could not be made is one line appended to *lines (malloc'd
 * strings, *n of them; free with gp_dm_lines_free).  Returns an error only
 * when the directory itself cannot be read.
 */
gtidpos_status gp_dm_relay_crosscheck(const char *dir, const gp_at_options *opt, char ***lines,
                              size_t *n, gp_error *e);
void gp_dm_lines_free(char **lines, size_t n);

#endif
