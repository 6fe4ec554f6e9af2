/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reader.h - checked little-endian access to untrusted bytes.
 *
 * Every field of a binlog is read through a gp_rd cursor: each accessor
 * first tests that enough bytes remain and returns -1 (leaving the cursor
 * where it was) instead of reading past the end.  No struct is ever cast
 * onto the file's bytes.
 */
#ifndef GP_BINLOG_READER_H
#define GP_BINLOG_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct gp_rd {
    const uint8_t *p;
    const uint8_t *end;
} gp_rd;

static inline gp_rd gp_rd_make(const uint8_t *p, size_t len)
{
    gp_rd r = {p, p + len};
    return r;
}

static inline size_t gp_rd_left(const gp_rd *r)
{
    return (size_t)(r->end - r->p);
}

/* Unchecked loads, for callers that have already checked the length. */
static inline uint16_t gp_load_u16le(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}
static inline uint32_t gp_load_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static inline uint64_t gp_load_u64le(const uint8_t *p)
{
    return (uint64_t)gp_load_u32le(p) | (uint64_t)gp_load_u32le(p + 4) << 32;
}

static inline int gp_rd_skip(gp_rd *r, size_t n)
{
    if (gp_rd_left(r) < n)
        return -1;
    r->p += n;
    return 0;
}

static inline int gp_rd_bytes(gp_rd *r, size_t n, const uint8_t **out)
{
    if (gp_rd_left(r) < n)
        return -1;
    *out = r->p;
    r->p += n;
    return 0;
}

static inline int gp_rd_u8(gp_rd *r, uint8_t *v)
{
    if (gp_rd_left(r) < 1)
        return -1;
    *v = *r->p++;
    return 0;
}

static inline int gp_rd_u16le(gp_rd *r, uint16_t *v)
{
    if (gp_rd_left(r) < 2)
        return -1;
    *v = gp_load_u16le(r->p);
    r->p += 2;
    return 0;
}

static inline int gp_rd_u32le(gp_rd *r, uint32_t *v)
{
    if (gp_rd_left(r) < 4)
        return -1;
    *v = gp_load_u32le(r->p);
    r->p += 4;
    return 0;
}

static inline int gp_rd_u64le(gp_rd *r, uint64_t *v)
{
    if (gp_rd_left(r) < 8)
        return -1;
    *v = gp_load_u64le(r->p);
    r->p += 8;
    return 0;
}

/*
 * MySQL serialization library variable-length unsigned integer
 * (libs/mysql/serialization/variable_length_integers.h): the number of
 * trailing one bits of the first byte, plus one, is the byte count (1..8);
 * the little-endian value of those bytes shifted right by that count is the
 * number.  A first byte of 0xff means 8 more bytes hold the value.
 */
int gp_rd_varlen(gp_rd *r, uint64_t *v);
/* Zig-zag signed variant: bit 0 is the sign. */
int gp_rd_varlen_signed(gp_rd *r, int64_t *v);

#endif
