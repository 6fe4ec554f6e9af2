/* SPDX-License-Identifier: BSD-2-Clause */
#include "testutil.h"

#include "gtidpos.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const char *gp_test_path(const char *relative)
{
    static char buf[1024];
    const char *dir = getenv("GP_TESTDATA");

    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "testdata", relative);
    return buf;
}

uint8_t *gp_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open test file %s", path);
    ck_assert(fseek(f, 0, SEEK_END) == 0);
    n = ftell(f);
    ck_assert(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert(buf != NULL);
    ck_assert_msg(fread(buf, 1, (size_t)n, f) == (size_t)n, "short read of %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static size_t page_size(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t data_pages(size_t len)
{
    return (len + page_size() - 1) / page_size();
}

uint8_t *exact_copy(const uint8_t *src, size_t len)
{
    size_t ps = page_size(), dp = data_pages(len);
    uint8_t *base = mmap(NULL, (dp + 1) * ps, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *p;

    ck_assert(base != MAP_FAILED);
    ck_assert_int_eq(mprotect(base + dp * ps, ps, PROT_NONE), 0);
    p = base + dp * ps - len;
    if (len > 0)
        memcpy(p, src, len);
    return p;
}

void exact_free(uint8_t *p, size_t len)
{
    size_t ps = page_size(), dp = data_pages(len);

    munmap(p + len - dp * ps, (dp + 1) * ps);
}

uint64_t gp_test_rng_next(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

void gp_test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(len == 0 ? 0 : fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

struct gtidpos_error *gp_test_error_make(void)
{
    gtidpos_error *err = gtidpos_error_new();

    if (err == NULL)
        abort();
    return err;
}

void gp_test_error_release(struct gtidpos_error **err)
{
    gtidpos_error_free(*err);
    *err = NULL;
}

struct gtidpos_options *gp_test_options_make(int verify, int io, int flavor)
{
    gtidpos_options *opt = gtidpos_options_new();

    if (opt == NULL)
        abort();
    gtidpos_options_set_verify(opt, (gtidpos_verify)verify);
    gtidpos_options_set_io(opt, (gtidpos_io)io);
    gtidpos_options_set_flavor(opt, (gtidpos_flavor)flavor);
    return opt;
}

void gp_test_options_release(struct gtidpos_options **opt)
{
    gtidpos_options_free(*opt);
    *opt = NULL;
}
