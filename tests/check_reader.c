/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_reader.c - tests for src/binlog/reader.h and reader.c.
 *
 * Every fixed-width accessor is tried on exactly its width, one byte less
 * and nothing; a failing accessor must leave the cursor where it was.
 * Inputs live in heap buffers of exactly the length under test, so an
 * over-read is caught by AddressSanitizer rather than hidden by slack.
 *
 * The variable-length integer cases are written from the rule stated in
 * reader.h (MySQL libs/mysql/serialization/variable_length_integers.h):
 * the number of trailing one bits of the first byte, plus one, is the
 * byte count n (1..8), and the little-endian value of the n bytes shifted
 * right by n is the number; 0xff means 8 more bytes hold the value.
 * Signed values are zig-zag encoded: 2x for x >= 0, -2x-1 for x < 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/reader.h"
#include "suites.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

/* A heap copy of exactly len bytes (malloc(0) is avoided: one spare byte is
 * allocated but never inside the range handed to the reader). */
static uint8_t *heap_copy(const uint8_t *src, size_t len)
{
    uint8_t *p = malloc(len > 0 ? len : 1);

    ck_assert_ptr_nonnull(p);
    if (len > 0)
        memcpy(p, src, len);
    return p;
}

/* Bytes with the top bit set, so a sign-extending load would show. */
static const uint8_t pattern[16] = {0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
                                    0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70};

/* ---- fixed-width accessors ---------------------------------------------- */

/* Each wrapper reports what the accessor produced as a uint64_t; the slice
 * accessors report 1 when the slice starts at the cursor. */
typedef int (*rd_fn)(gp_rd *r, uint64_t *v);

static int call_u8(gp_rd *r, uint64_t *v)
{
    uint8_t x = 0;
    int rc = gp_rd_u8(r, &x);
    *v = x;
    return rc;
}

static int call_u16(gp_rd *r, uint64_t *v)
{
    uint16_t x = 0;
    int rc = gp_rd_u16le(r, &x);
    *v = x;
    return rc;
}

static int call_u32(gp_rd *r, uint64_t *v)
{
    uint32_t x = 0;
    int rc = gp_rd_u32le(r, &x);
    *v = x;
    return rc;
}

static int call_u64(gp_rd *r, uint64_t *v)
{
    uint64_t x = 0;
    int rc = gp_rd_u64le(r, &x);
    *v = x;
    return rc;
}

static int call_skip3(gp_rd *r, uint64_t *v)
{
    int rc = gp_rd_skip(r, 3);
    *v = 1;
    return rc;
}

static int call_bytes5(gp_rd *r, uint64_t *v)
{
    const uint8_t *start = r->p, *out = NULL;
    int rc = gp_rd_bytes(r, 5, &out);
    *v = out == start;
    return rc;
}

static int call_bytes16(gp_rd *r, uint64_t *v)
{
    const uint8_t *start = r->p, *out = NULL;
    int rc = gp_rd_bytes(r, 16, &out);
    *v = out == start;
    return rc;
}

static const struct accessor_case {
    const char *name;
    size_t width;
    rd_fn fn;
    uint64_t want; /* from pattern[0..width) read little-endian */
} accessors[] = {
    {"u8", 1, call_u8, 0x81},
    {"u16le", 2, call_u16, 0x9281},
    {"u32le", 4, call_u32, 0xb4a39281u},
    {"u64le", 8, call_u64, 0xf8e7d6c5b4a39281ull},
    {"skip(3)", 3, call_skip3, 1},
    {"bytes(5)", 5, call_bytes5, 1},
    {"bytes(16)", 16, call_bytes16, 1},
};
#define N_ACCESSORS (sizeof accessors / sizeof accessors[0])

START_TEST(test_accessor_exact)
{
    const struct accessor_case *c = &accessors[_i];
    uint8_t *buf = heap_copy(pattern, c->width);
    gp_rd r = gp_rd_make(buf, c->width);
    uint64_t v = 0;

    ck_assert_msg(c->fn(&r, &v) == 0, "%s on %zu bytes failed", c->name, c->width);
    ck_assert_msg(v == c->want, "%s: got 0x%llx want 0x%llx", c->name,
                  (unsigned long long)v, (unsigned long long)c->want);
    ck_assert_ptr_eq(r.p, buf + c->width);
    ck_assert_ptr_eq(r.end, buf + c->width);
    ck_assert_uint_eq(gp_rd_left(&r), 0);
    free(buf);
}
END_TEST

START_TEST(test_accessor_one_short)
{
    const struct accessor_case *c = &accessors[_i];
    uint8_t *buf = heap_copy(pattern, c->width - 1);
    gp_rd r = gp_rd_make(buf, c->width - 1);
    uint64_t v;

    ck_assert_msg(c->fn(&r, &v) == -1, "%s on %zu bytes succeeded", c->name,
                  c->width - 1);
    ck_assert_ptr_eq(r.p, buf);
    ck_assert_ptr_eq(r.end, buf + c->width - 1);
    free(buf);
}
END_TEST

START_TEST(test_accessor_empty)
{
    const struct accessor_case *c = &accessors[_i];
    uint8_t *buf = heap_copy(pattern, 0);
    gp_rd r = gp_rd_make(buf, 0);
    uint64_t v;

    ck_assert_int_eq(c->fn(&r, &v), -1);
    ck_assert_ptr_eq(r.p, buf);
    ck_assert_ptr_eq(r.end, buf);
    free(buf);
}
END_TEST

/* Read from the middle of a buffer: the accessor must use the cursor, not
 * the start, and stop exactly width bytes later. */
START_TEST(test_accessor_mid_buffer)
{
    const struct accessor_case *c = &accessors[_i];
    uint8_t buf[3 + 16];
    gp_rd r;
    uint64_t v = 0;

    memset(buf, 0x55, 3);
    memcpy(buf + 3, pattern, 16);
    r = gp_rd_make(buf, 3 + c->width);
    ck_assert_int_eq(gp_rd_skip(&r, 3), 0);
    ck_assert_int_eq(c->fn(&r, &v), 0);
    ck_assert(v == c->want);
    ck_assert_uint_eq(gp_rd_left(&r), 0);
    /* Now at the end: everything fails and nothing moves. */
    ck_assert_int_eq(c->fn(&r, &v), -1);
    ck_assert_ptr_eq(r.p, buf + 3 + c->width);
}
END_TEST

START_TEST(test_zero_length_and_huge)
{
    uint8_t *buf = heap_copy(pattern, 4);
    gp_rd r = gp_rd_make(buf, 0);
    const uint8_t *out = NULL;

    /* Zero bytes are always available, even at the end. */
    ck_assert_int_eq(gp_rd_skip(&r, 0), 0);
    ck_assert_int_eq(gp_rd_bytes(&r, 0, &out), 0);
    ck_assert_ptr_eq(out, buf);
    ck_assert_ptr_eq(r.p, buf);

    /* A length that would wrap a pointer addition must simply fail. */
    r = gp_rd_make(buf, 4);
    ck_assert_int_eq(gp_rd_skip(&r, SIZE_MAX), -1);
    ck_assert_int_eq(gp_rd_bytes(&r, SIZE_MAX, &out), -1);
    ck_assert_int_eq(gp_rd_skip(&r, (size_t)PTRDIFF_MAX + 1), -1);
    ck_assert_int_eq(gp_rd_skip(&r, 5), -1);
    ck_assert_ptr_eq(r.p, buf);
    ck_assert_uint_eq(gp_rd_left(&r), 4);
    ck_assert_int_eq(gp_rd_skip(&r, 4), 0);
    ck_assert_uint_eq(gp_rd_left(&r), 0);
    free(buf);
}
END_TEST

/* A v4 common header read field by field, as event.c would. */
START_TEST(test_sequence)
{
    static const uint8_t hdr[19] = {
        0x78, 0x56, 0x34, 0x12,             /* timestamp */
        0x21,                               /* type 33 */
        0x01, 0x00, 0x00, 0x80,             /* server id */
        0x4d, 0x00, 0x00, 0x00,             /* size 77 */
        0xff, 0xff, 0xff, 0xff,             /* log_pos */
        0x01, 0x80                          /* flags */
    };
    uint8_t *buf = heap_copy(hdr, sizeof hdr);
    gp_rd r = gp_rd_make(buf, sizeof hdr);
    uint32_t ts, sid, size, pos;
    uint16_t flags;
    uint8_t type;

    ck_assert_int_eq(gp_rd_u32le(&r, &ts), 0);
    ck_assert_int_eq(gp_rd_u8(&r, &type), 0);
    ck_assert_int_eq(gp_rd_u32le(&r, &sid), 0);
    ck_assert_int_eq(gp_rd_u32le(&r, &size), 0);
    ck_assert_int_eq(gp_rd_u32le(&r, &pos), 0);
    ck_assert_int_eq(gp_rd_u16le(&r, &flags), 0);
    ck_assert_uint_eq(ts, 0x12345678u);
    ck_assert_uint_eq(type, 33);
    ck_assert_uint_eq(sid, 0x80000001u);
    ck_assert_uint_eq(size, 77);
    ck_assert_uint_eq(pos, 0xffffffffu);
    ck_assert_uint_eq(flags, 0x8001);
    ck_assert_uint_eq(gp_rd_left(&r), 0);
    ck_assert_int_eq(gp_rd_u8(&r, &type), -1);
    free(buf);
}
END_TEST

START_TEST(test_unchecked_loads)
{
    static const uint8_t ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t top[8] = {0, 0, 0, 0x80, 0, 0, 0, 0x80};

    ck_assert_uint_eq(gp_load_u16le(ones), 0xffffu);
    ck_assert_uint_eq(gp_load_u32le(ones), 0xffffffffu);
    ck_assert(gp_load_u64le(ones) == UINT64_MAX);
    ck_assert_uint_eq(gp_load_u32le(top), 0x80000000u);
    ck_assert(gp_load_u64le(top) == 0x8000000080000000ull);
    ck_assert_uint_eq(gp_load_u16le(pattern), 0x9281u);
    ck_assert(gp_load_u64le(pattern + 8) == 0x706f5e4d3c2b1a09ull);
}
END_TEST

/* ---- variable-length integers: literal encodings ------------------------ */

/*
 * Byte strings written by hand from the rule.  An n-byte encoding (n <= 8)
 * of v is the n little-endian bytes of (v << n) | (2^(n-1) - 1); it holds
 * 7n bits.  `used` is the byte count; cases with ok == 0 are truncated.
 */
static const struct varlen_case {
    const char *name;
    uint8_t in[12];
    size_t len;
    int ok;
    uint64_t want;
    size_t used;
} varlen_cases[] = {
    {"1B 0", {0x00}, 1, 1, 0, 1},
    {"1B 1", {0x02}, 1, 1, 1, 1},
    {"1B 127 (max)", {0xfe}, 1, 1, 127, 1},
    {"2B 128 (min)", {0x01, 0x02}, 2, 1, 128, 2},
    {"2B 16383 (max)", {0xfd, 0xff}, 2, 1, 16383, 2},
    {"3B 16384", {0x03, 0x00, 0x02}, 3, 1, 16384, 3},
    {"3B 65535 (readme example)", {0xfb, 0xff, 0x07}, 3, 1, 65535, 3},
    {"3B 2^21-1 (max)", {0xfb, 0xff, 0xff}, 3, 1, (1u << 21) - 1, 3},
    {"4B 2^21", {0x07, 0x00, 0x00, 0x02}, 4, 1, 1u << 21, 4},
    {"4B 2^28-1 (max)", {0xf7, 0xff, 0xff, 0xff}, 4, 1, (1u << 28) - 1, 4},
    {"5B 2^28", {0x0f, 0x00, 0x00, 0x00, 0x02}, 5, 1, 1ull << 28, 5},
    {"6B 2^35", {0x1f, 0x00, 0x00, 0x00, 0x00, 0x02}, 6, 1, 1ull << 35, 6},
    {"7B 2^42", {0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02}, 7, 1, 1ull << 42, 7},
    {"8B 2^49", {0x7f, 0, 0, 0, 0, 0, 0, 0x02}, 8, 1, 1ull << 49, 8},
    {"8B 2^56-1 (max)", {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 8, 1,
     (1ull << 56) - 1, 8},
    {"9B 2^56", {0xff, 0, 0, 0, 0, 0, 0, 0, 0x01}, 9, 1, 1ull << 56, 9},
    {"9B 2^63", {0xff, 0, 0, 0, 0, 0, 0, 0, 0x80}, 9, 1, 1ull << 63, 9},
    {"9B UINT64_MAX", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9, 1,
     UINT64_MAX, 9},
    {"9B small value", {0xff, 0x05, 0, 0, 0, 0, 0, 0, 0}, 9, 1, 5, 9},
    /* Longer than needed: the rule still gives the value. */
    {"2B encoding of 0", {0x01, 0x00}, 2, 1, 0, 2},
    {"4B encoding of 1", {0x17, 0x00, 0x00, 0x00}, 4, 1, 1, 4},
    /* Trailing bytes are left for the next read. */
    {"1B then more", {0x04, 0xff, 0xff}, 3, 1, 2, 1},
    {"2B then more", {0x01, 0x02, 0x00}, 3, 1, 128, 2},
    {"9B then more", {0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0x42}, 10, 1, 1, 9},
    /* Truncated. */
    {"empty", {0}, 0, 0, 0, 0},
    {"2B prefix, 1 byte", {0x01}, 1, 0, 0, 0},
    {"3B prefix, 2 bytes", {0x03, 0x00}, 2, 0, 0, 0},
    {"4B prefix, 3 bytes", {0x07, 0x00, 0x00}, 3, 0, 0, 0},
    {"5B prefix, 4 bytes", {0x0f, 0, 0, 0}, 4, 0, 0, 0},
    {"6B prefix, 5 bytes", {0x1f, 0, 0, 0, 0}, 5, 0, 0, 0},
    {"7B prefix, 6 bytes", {0x3f, 0, 0, 0, 0, 0}, 6, 0, 0, 0},
    {"8B prefix, 7 bytes", {0x7f, 0, 0, 0, 0, 0, 0}, 7, 0, 0, 0},
    {"9B prefix, 8 bytes", {0xff, 0, 0, 0, 0, 0, 0, 0}, 8, 0, 0, 0},
    {"9B prefix alone", {0xff}, 1, 0, 0, 0},
};
#define N_VARLEN (sizeof varlen_cases / sizeof varlen_cases[0])

START_TEST(test_varlen_table)
{
    const struct varlen_case *c = &varlen_cases[_i];
    uint8_t *buf = heap_copy(c->in, c->len);
    gp_rd r = gp_rd_make(buf, c->len);
    uint64_t v = 0;
    int rc = gp_rd_varlen(&r, &v);

    if (c->ok) {
        ck_assert_msg(rc == 0, "%s: failed", c->name);
        ck_assert_msg(v == c->want, "%s: got %llu want %llu", c->name,
                      (unsigned long long)v, (unsigned long long)c->want);
        ck_assert_msg(r.p == buf + c->used, "%s: consumed %td bytes, want %zu",
                      c->name, r.p - buf, c->used);
    } else {
        ck_assert_msg(rc == -1, "%s: succeeded", c->name);
        ck_assert_msg(r.p == buf, "%s: cursor moved on failure", c->name);
    }
    ck_assert_ptr_eq(r.end, buf + c->len);
    free(buf);
}
END_TEST

static const struct svarlen_case {
    const char *name;
    uint8_t in[10];
    size_t len;
    int ok;
    int64_t want;
    size_t used;
} svarlen_cases[] = {
    {"0", {0x00}, 1, 1, 0, 1},
    {"-1", {0x02}, 1, 1, -1, 1},
    {"1", {0x04}, 1, 1, 1, 1},
    {"-2", {0x06}, 1, 1, -2, 1},
    {"63 (1B max)", {0xfc}, 1, 1, 63, 1},
    {"-64 (1B min)", {0xfe}, 1, 1, -64, 1},
    {"64", {0x01, 0x02}, 2, 1, 64, 2},
    {"-65", {0x05, 0x02}, 2, 1, -65, 2},
    /* readme examples: 65535 -> zig-zag 131070, -65535 -> 131069,
     * -65536 -> 131071, all three bytes long. */
    {"65535", {0xf3, 0xff, 0x0f}, 3, 1, 65535, 3},
    {"-65535", {0xeb, 0xff, 0x0f}, 3, 1, -65535, 3},
    {"-65536", {0xfb, 0xff, 0x0f}, 3, 1, -65536, 3},
    {"INT64_MAX", {0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9, 1,
     INT64_MAX, 9},
    {"INT64_MIN", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9, 1,
     INT64_MIN, 9},
    {"INT64_MIN+1", {0xff, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9, 1,
     INT64_MIN + 1, 9},
    {"2^55 (9 bytes)", {0xff, 0, 0, 0, 0, 0, 0, 0, 0x01}, 9, 1,
     (int64_t)1 << 55, 9},
    {"2^55-1 (8 bytes)", {0x7f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 8, 1,
     ((int64_t)1 << 55) - 1, 8},
    {"empty", {0}, 0, 0, 0, 0},
    {"truncated 2B", {0x01}, 1, 0, 0, 0},
    {"truncated 9B", {0xff, 0xff, 0xff, 0xff}, 4, 0, 0, 0},
};
#define N_SVARLEN (sizeof svarlen_cases / sizeof svarlen_cases[0])

START_TEST(test_varlen_signed_table)
{
    const struct svarlen_case *c = &svarlen_cases[_i];
    uint8_t *buf = heap_copy(c->in, c->len);
    gp_rd r = gp_rd_make(buf, c->len);
    int64_t v = 0;
    int rc = gp_rd_varlen_signed(&r, &v);

    if (c->ok) {
        ck_assert_msg(rc == 0, "%s: failed", c->name);
        ck_assert_msg(v == c->want, "%s: got %lld want %lld", c->name, (long long)v,
                      (long long)c->want);
        ck_assert_msg(r.p == buf + c->used, "%s: consumed %td bytes", c->name,
                      r.p - buf);
    } else {
        ck_assert_msg(rc == -1, "%s: succeeded", c->name);
        ck_assert_msg(r.p == buf, "%s: cursor moved on failure", c->name);
    }
    free(buf);
}
END_TEST

/* ---- variable-length integers: generated encodings ---------------------- */

/* Encode v in exactly n bytes following the rule (n >= the minimum). */
static size_t enc_varlen(uint64_t v, unsigned n, uint8_t out[16])
{
    if (n == 9) {
        out[0] = 0xff;
        for (unsigned i = 0; i < 8; i++)
            out[1 + i] = (uint8_t)(v >> (8 * i));
        return 9;
    }
    /* v must fit in 7n bits. */
    ck_assert(n >= 1 && n <= 8 && v < (1ull << (7 * n)));
    {
        uint64_t x = (v << n) | ((1ull << (n - 1)) - 1);
        for (unsigned i = 0; i < n && i < 8; i++)
            out[i] = (uint8_t)(x >> (8 * i));
    }
    return n;
}

static unsigned min_bytes(uint64_t v)
{
    for (unsigned n = 1; n <= 8; n++)
        if (v < (1ull << (7 * n)))
            return n;
    return 9;
}

static uint64_t rng_state;

/* Values at every width boundary plus random ones of every bit length,
 * each in every encoding length that can hold it; every proper prefix
 * of each encoding must fail without moving the cursor. */
START_TEST(test_varlen_generated)
{
    uint64_t values[64 * 3 + 200];
    size_t nv = 0;

    for (unsigned b = 0; b < 64; b++) {
        values[nv++] = 1ull << b;
        values[nv++] = (1ull << b) - 1;
        values[nv++] = (1ull << b) + 1;
    }
    rng_state = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 200; i++)
        values[nv++] = gp_test_rng_next(&rng_state) >> (gp_test_rng_next(&rng_state) % 64);

    for (size_t i = 0; i < nv; i++) {
        uint64_t v = values[i];
        for (unsigned n = min_bytes(v); n <= 9; n++) {
            uint8_t enc[16];
            size_t len = enc_varlen(v, n, enc);
            for (size_t cut = 0; cut <= len; cut++) {
                uint8_t *buf = heap_copy(enc, cut);
                gp_rd r = gp_rd_make(buf, cut);
                uint64_t got = 0;
                int rc = gp_rd_varlen(&r, &got);
                if (cut == len) {
                    ck_assert_msg(rc == 0 && got == v && r.p == buf + len,
                                  "value %llu in %u bytes: rc %d got %llu",
                                  (unsigned long long)v, n, rc,
                                  (unsigned long long)got);
                } else {
                    ck_assert_msg(rc == -1 && r.p == buf,
                                  "value %llu in %u bytes cut to %zu accepted",
                                  (unsigned long long)v, n, cut);
                }
                free(buf);
            }
        }
    }
}
END_TEST

static uint64_t zigzag(int64_t x)
{
    return x >= 0 ? (uint64_t)x << 1 : (((uint64_t)(-(x + 1))) << 1) | 1;
}

START_TEST(test_varlen_signed_generated)
{
    int64_t values[64 * 4 + 200];
    size_t nv = 0;

    for (unsigned b = 0; b < 63; b++) {
        values[nv++] = (int64_t)1 << b;
        values[nv++] = -((int64_t)1 << b);
        values[nv++] = ((int64_t)1 << b) - 1;
        values[nv++] = -((int64_t)1 << b) - 1;
    }
    values[nv++] = INT64_MAX;
    values[nv++] = INT64_MIN;
    rng_state = 0x123456789abcdefull;
    for (int i = 0; i < 200; i++)
        values[nv++] =
            (int64_t)(gp_test_rng_next(&rng_state) >> (gp_test_rng_next(&rng_state) % 64));

    for (size_t i = 0; i < nv; i++) {
        uint64_t u = zigzag(values[i]);
        uint8_t enc[16];
        size_t len = enc_varlen(u, min_bytes(u), enc);
        uint8_t *buf = heap_copy(enc, len);
        gp_rd r = gp_rd_make(buf, len);
        int64_t got = 0;

        ck_assert_int_eq(gp_rd_varlen_signed(&r, &got), 0);
        ck_assert_msg(got == values[i], "signed %lld: got %lld", (long long)values[i],
                      (long long)got);
        ck_assert_ptr_eq(r.p, buf + len);
        free(buf);
        if (len > 1) {
            buf = heap_copy(enc, len - 1);
            r = gp_rd_make(buf, len - 1);
            ck_assert_int_eq(gp_rd_varlen_signed(&r, &got), -1);
            ck_assert_ptr_eq(r.p, buf);
            free(buf);
        }
    }
}
END_TEST

/* Several integers back to back, as in a serialized GTID event. */
START_TEST(test_varlen_stream)
{
    static const uint8_t in[] = {0x02, 0x01, 0x02, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 0x06};
    gp_rd r = gp_rd_make(in, sizeof in);
    uint64_t a, b, c;
    int64_t d;

    ck_assert_int_eq(gp_rd_varlen(&r, &a), 0);
    ck_assert_int_eq(gp_rd_varlen(&r, &b), 0);
    ck_assert_int_eq(gp_rd_varlen(&r, &c), 0);
    ck_assert_int_eq(gp_rd_varlen_signed(&r, &d), 0);
    ck_assert(a == 1);
    ck_assert(b == 128);
    ck_assert(c == 0x0807060504030201ull);
    ck_assert(d == -2);
    ck_assert_uint_eq(gp_rd_left(&r), 0);
    ck_assert_int_eq(gp_rd_varlen(&r, &a), -1);
}
END_TEST

Suite *reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *fixed = tcase_create("fixed");
    TCase *varlen = tcase_create("varlen");

    tcase_add_loop_test(fixed, test_accessor_exact, 0, N_ACCESSORS);
    tcase_add_loop_test(fixed, test_accessor_one_short, 0, N_ACCESSORS);
    tcase_add_loop_test(fixed, test_accessor_empty, 0, N_ACCESSORS);
    tcase_add_loop_test(fixed, test_accessor_mid_buffer, 0, N_ACCESSORS);
    tcase_add_test(fixed, test_zero_length_and_huge);
    tcase_add_test(fixed, test_sequence);
    tcase_add_test(fixed, test_unchecked_loads);
    suite_add_tcase(s, fixed);

    tcase_add_loop_test(varlen, test_varlen_table, 0, N_VARLEN);
    tcase_add_loop_test(varlen, test_varlen_signed_table, 0, N_SVARLEN);
    tcase_add_test(varlen, test_varlen_generated);
    tcase_add_test(varlen, test_varlen_signed_generated);
    tcase_add_test(varlen, test_varlen_stream);
    tcase_set_timeout(varlen, 60);
    suite_add_tcase(s, varlen);
    return s;
}
