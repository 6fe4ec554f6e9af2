/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * floor.c - the one-core floor of a binlog reader that checks every
 * checksum (bench/ratios.sh; not part of gtidpos, built by the script
 * into a temporary directory).
 *
 *   floor read[:CHUNK] | mmap | mmap-populate  FILE...
 *
 * Does nothing but what any reader checking every event must do, on one
 * thread: bring each byte of each FILE into user space, frame every event
 * (the 19-byte v4 common header, the event length 4 bytes little-endian
 * at offset 9) and, when the Format_description event says the file has
 * checksums (its checksum algorithm byte, 5 bytes before its end, is 1 =
 * CRC32), compare the CRC32 of every event after it (libdeflate_crc32 over
 * all but its last 4 bytes) with its last 4 bytes.  No decoding, no GTID
 * set, no output but one line:
 *     mode=M events=N crc_checked=C bytes=B files=F
 * The ways of reading:
 *   read[:CHUNK]   read() into one reused buffer of CHUNK bytes (default
 *                  256 KiB; K and M suffixes), an event cut by the end of
 *                  the buffer moved to its front (the buffer grows for an
 *                  event larger than it)
 *   mmap           the whole file mapped, MADV_SEQUENTIAL
 *   mmap-populate  the same with MAP_POPULATE (the page tables filled by
 *                  the kernel in one go)
 * Exits 1 when a file is not a whole binlog or a checksum differs (the
 * floor is only a floor when it did the whole work), 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_LEN 19
#define FDE_TYPE 15

static unsigned long long n_events, n_checked, n_bytes;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int fail(const char *file, unsigned long long off, const char *what)
{
    fprintf(stderr, "floor: %s: offset %llu: %s\n", file, off, what);
    return 1;
}

/* The state of one file's walk. */
typedef struct walk {
    const char *file;
    unsigned long long off; /* file offset of the next event */
    int seen_fde;           /* the Format_description event was framed */
    int crc;                /* events after it end in a CRC32 */
} walk;

/* Frames (and checks) the whole events in p[0..len); returns the bytes
 * used, or (size_t)-1 on damage. */
static size_t frame(walk *w, const unsigned char *p, size_t len)
{
    size_t pos = 0;

    while (len - pos >= HEADER_LEN) {
        uint32_t evlen = le32(p + pos + 9);

        if (evlen < HEADER_LEN) {
            fail(w->file, w->off, "event length below 19");
            return (size_t)-1;
        }
        if (evlen > len - pos)
            break;
        if (!w->seen_fde) {
            if (p[pos + 4] != FDE_TYPE) {
                fail(w->file, w->off, "the first event is no Format_description");
                return (size_t)-1;
            }
            /* checksum algorithm byte, then the FDE's own CRC32 */
            w->crc = evlen >= HEADER_LEN + 5 && p[pos + evlen - 5] == 1;
            w->seen_fde = 1;
        } else if (w->crc) {
            if (evlen < HEADER_LEN + 4) {
                fail(w->file, w->off, "event too short for its checksum");
                return (size_t)-1;
            }
            if (libdeflate_crc32(0, p + pos, evlen - 4) != le32(p + pos + evlen - 4)) {
                fail(w->file, w->off, "CRC32 mismatch");
                return (size_t)-1;
            }
            n_checked++;
        }
        n_events++;
        pos += evlen;
        w->off += evlen;
    }
    return pos;
}

static int check_magic(const char *file, const unsigned char *p, size_t len)
{
    if (len < 4 || memcmp(p, "\xfe" "bin", 4) != 0)
        return fail(file, 0, "no binlog magic");
    return 0;
}

static int by_read(const char *file, size_t chunk)
{
    static unsigned char *buf;
    static size_t cap;
    size_t have = 0, used;
    int fd = open(file, O_RDONLY);
    walk w = {file, 4, 0, 0};
    int first = 1;

    if (fd < 0) {
        perror(file);
        return 1;
    }
    if (cap < chunk) {
        free(buf);
        buf = malloc(chunk);
        cap = chunk;
        if (buf == NULL) {
            perror("malloc");
            exit(1);
        }
    }
    for (;;) {
        ssize_t r;

        if (have == cap) { /* one event larger than the buffer */
            unsigned char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                perror("realloc");
                exit(1);
            }
            buf = bigger;
            cap *= 2;
        }
        r = read(fd, buf + have, cap - have);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror(file);
            close(fd);
            return 1;
        }
        if (r == 0)
            break;
        n_bytes += (size_t)r;
        have += (size_t)r;
        if (first) {
            if (have < 4)
                continue;
            if (check_magic(file, buf, have) != 0) {
                close(fd);
                return 1;
            }
            memmove(buf, buf + 4, have - 4);
            have -= 4;
            first = 0;
        }
        used = frame(&w, buf, have);
        if (used == (size_t)-1) {
            close(fd);
            return 1;
        }
        memmove(buf, buf + used, have - used);
        have -= used;
    }
    close(fd);
    if (first)
        return fail(file, 0, "no binlog magic");
    if (have != 0)
        return fail(file, w.off, "the last event is incomplete");
    return 0;
}

static int by_mmap(const char *file, int populate)
{
    struct stat sb;
    const unsigned char *p;
    size_t size, used;
    int fd = open(file, O_RDONLY);
    walk w = {file, 4, 0, 0};
    int rc = 0;

    if (fd < 0 || fstat(fd, &sb) != 0) {
        perror(file);
        return 1;
    }
    size = (size_t)sb.st_size;
    if (size < 4) {
        close(fd);
        return fail(file, 0, "no binlog magic");
    }
    p = mmap(NULL, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    madvise((void *)p, size, MADV_SEQUENTIAL);
    n_bytes += size;
    if (check_magic(file, p, size) != 0) {
        rc = 1;
    } else {
        used = frame(&w, p + 4, size - 4);
        if (used == (size_t)-1)
            rc = 1;
        else if (used != size - 4)
            rc = fail(file, w.off, "the last event is incomplete");
    }
    munmap((void *)p, size);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: floor read[:CHUNK] | mmap | mmap-populate  FILE...\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *mode;
    size_t chunk = 256 << 10;
    int kind; /* 0 read, 1 mmap, 2 mmap-populate */

    if (argc < 3)
        return usage();
    mode = argv[1];
    if (strncmp(mode, "read", 4) == 0 && (mode[4] == '\0' || mode[4] == ':')) {
        kind = 0;
        if (mode[4] == ':') {
            char *end;
            unsigned long long v = strtoull(mode + 5, &end, 10);
            if (*end == 'K' || *end == 'k')
                v <<= 10, end++;
            else if (*end == 'M' || *end == 'm')
                v <<= 20, end++;
            if (*end != '\0' || v < 4096 || v > (1ull << 30))
                return usage();
            chunk = (size_t)v;
        }
    } else if (strcmp(mode, "mmap") == 0) {
        kind = 1;
    } else if (strcmp(mode, "mmap-populate") == 0) {
        kind = 2;
    } else {
        return usage();
    }
    for (int i = 2; i < argc; i++) {
        int rc = kind == 0 ? by_read(argv[i], chunk) : by_mmap(argv[i], kind == 2);
        if (rc != 0)
            return 1;
    }
    printf("mode=%s events=%llu crc_checked=%llu bytes=%llu files=%d\n", mode, n_events,
           n_checked, n_bytes, argc - 2);
    return 0;
}
