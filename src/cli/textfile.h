/*
 * textfile.h - whole text inputs ("-" = standard input) and output files
 * written atomically (a temporary file in the same directory, renamed
 * over the target), for the dm-upgrade and dm-source commands.
 */
#ifndef GP_CLI_TEXTFILE_H
#define GP_CLI_TEXTFILE_H

#include <stddef.h>

#include "gtidpos.h"

/* Read all of path ("-": stdin), at most max bytes (more: GTIDPOS_ERR_PARSE).
 * *buf is malloc'd and NUL-terminated. */
gtidpos_status gp_read_text(const char *path, size_t max, char **buf, size_t *len, gtidpos_error *e);

/* 1 when a and b name the same existing file (device and inode, so also
 * through symbolic links and hard links). */
int gp_same_file(const char *a, const char *b);

/* Write len bytes to path atomically: nothing is left at path unless all
 * was written.  The new file gets mode 0666 less the umask. */
gtidpos_status gp_write_atomic(const char *path, const char *buf, size_t len, gtidpos_error *e);

#endif
