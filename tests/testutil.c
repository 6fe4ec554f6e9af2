#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

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
