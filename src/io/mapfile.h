/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapfile.h - a whole file mapped read-only, for sequential reading.
 */
#ifndef GP_BINLOG_MAPFILE_H
#define GP_BINLOG_MAPFILE_H

#include <stdint.h>

#include "common/error.h"

typedef struct gp_map {
    const uint8_t *data; /* NULL for an empty file */
    uint64_t size;
} gp_map;

/* Map path read-only.  Errors (missing, directory, unreadable, mmap
 * failure) are GTIDPOS_ERR_IO with the detail in e. */
gtidpos_status gp_map_open(gp_map *m, const char *path, gp_error *e);
void gp_map_close(gp_map *m);

#endif
