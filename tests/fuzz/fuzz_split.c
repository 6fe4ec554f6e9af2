/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_split.c - libFuzzer target: `at` with two threads (--io split,
 * position_split.h) must give exactly the one-thread answer.
 *
 * The input is a binlog file (seeded with the real ones in testdata/),
 * held in a memfd so that it is a plain file with a size, read through
 * /proc/self/fd.  Every file is split (split_min 0); the input's
 * first byte chooses whether the far walk is held back (then the near walk
 * always takes a share of its part).  The answers at the end and at a
 * position taken from the last bytes are compared, as one string, with
 * the answer from the same file read by one walking thread (inline:
 * like the split, it tells archives by their magic; a walk of the bytes
 * in memory would not, which is what the first input kept in
 * tests/fuzz/seeds/split/ showed).  Any difference aborts.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../answer_text.h"
#include "walk/position.h"
#include "walk/position_split.h"
#include "binlog/walker.h"

/* The answer through the file at path, read as io says. */
/* Every file is split (what the environment's GTIDPOS_SPLIT_MIN=0 did
 * before the library stopped reading it). */
static const gp_log_tuning split_all = {0, NULL, NULL};

static char *answer(const char *path, gtidpos_io io, uint64_t pos)
{
    gp_log log;
    gp_error err;
    char *text;

    gp_error_clear(&err);
    text = gp_test_at_text(&log, gp_log_open_tuned(&log, path, GTIDPOS_VERIFY_ALL, io, 0, &split_all, &err), &err,
                           pos, NULL);
    if (text == NULL)
        abort();
    return text;
}

static void compare(const char *path, uint64_t pos)
{
    char *two = answer(path, GTIDPOS_IO_DEFAULT, pos);
    char *one = answer(path, GTIDPOS_IO_INLINE, pos);

    if (strcmp(one, two) != 0) {
        fprintf(stderr, "split answer differs at %llu:\n one: %s\n two: %s\n",
                (unsigned long long)pos, one, two);
        abort();
    }
    free(one);
    free(two);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = memfd_create("fuzz_split", MFD_CLOEXEC);
    uint64_t pos;

    if (fd < 0)
        abort();
    if (size > 0 && write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    gp_split_hold_far_walk = size > 0 && (data[0] & 1);
    compare(path, GP_POS_END);
    if (size >= 2) {
        pos = 4 + (uint64_t)(data[size - 1] | data[size - 2] << 8) % (size + 1);
        compare(path, pos);
    }
    close(fd);
    return 0;
}
