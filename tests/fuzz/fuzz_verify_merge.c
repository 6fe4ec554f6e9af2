/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_verify_merge.c - libFuzzer target: `gtidpos verify --merge`, the
 * reader of the JSON lines `verify --json` writes (src/cli/verify_merge.c)
 * and what it hands on to verify_join.c (the chain check from the parts'
 * start_set/end_set texts, gtidpos_check_chain_texts).
 *
 * The input is split at the first byte 0x01, if any, into two parts (the
 * merge of two machines' outputs); each is held in a memfd and read
 * through /proc/self/fd, as the command reads a file.  The merged text goes
 * to /dev/null; the exit status must be one the command documents.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/verify_merge.h"

static int part_fd(const uint8_t *data, size_t size, char *path, size_t cap)
{
    int fd = memfd_create("part", 0);

    if (fd < 0)
        abort();
    if (size > 0 && write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (freopen("/dev/null", "w", stdout) == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *cut = memchr(data, 0x01, size);
    char path[2][64];
    char *parts[2] = {path[0], path[1]};
    size_t n = cut != NULL ? 2 : 1;
    int fd[2], rc;

    fd[0] = part_fd(data, cut != NULL ? (size_t)(cut - data) : size, path[0], sizeof path[0]);
    if (cut != NULL)
        fd[1] = part_fd(cut + 1, size - (size_t)(cut - data) - 1, path[1], sizeof path[1]);
    rc = gp_verify_merge(parts, n);
    /* only the statuses of exit_status.h, whatever number a part says */
    if (rc < 0 || rc > 8) {
        fprintf(stderr, "verify --merge exit status %d\n", rc);
        abort();
    }
    fflush(stdout);
    close(fd[0]);
    if (cut != NULL)
        close(fd[1]);
    return 0;
}
