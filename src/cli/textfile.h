/* SPDX-License-Identifier: BSD-2-Clause */
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
 * was written.  The new file gets mode 0600 when secret (it holds a
 * password), else 0666 less the umask. */
gtidpos_status gp_write_atomic(const char *path, const char *buf, size_t len, int secret,
                               gtidpos_error *e);

/* The same in two steps, for outputs written all or none: stage every
 * file (a temporary file beside each target, *staged malloc'd), then
 * commit each (rename over the target; frees staged) or discard each
 * (unlink; frees staged; NULL is a no-op). */
gtidpos_status gp_stage_file(const char *path, const char *buf, size_t len, int secret,
                             char **staged, gtidpos_error *e);
gtidpos_status gp_commit_file(char *staged, const char *path, gtidpos_error *e);
void gp_discard_file(char *staged);

/* A relative path of a DM v1.0 worker file (relay-dir, meta-dir) as the
 * deployed worker saw it: tries[0] is beside the file, tries[1] (when the
 * file's folder is named conf) in the folder above, where DM-Ansible runs
 * the worker.  The index of the first try that is a directory, or -1. */
int gp_worker_relative(const char *config, const char *value, char tries[2][4096], int *n_tries);

#endif
