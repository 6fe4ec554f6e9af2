/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_verify.c - libFuzzer target: gtidpos verify's walk of one file
 * (checksums reported and the walk continued, end_log_pos in own and relay
 * logs, bodies, shape) on the input as a binlog; and the GTID set
 * difference on two sets parsed from the input's two halves, whose result
 * must parse back and lie inside the first set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "walk/verify.h"
#include "binlog/walker.h"
#include "gtid/mysql_set.h"

static void ignore(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    (void)ctx;
    (void)file;
    (void)offset;
    (void)note;
    (void)msg;
}

static void walk(const uint8_t *data, size_t size)
{
    gp_log log;
    gp_error err;
    gp_verify_summary s;

    if (gp_log_open_buffer(&log, "fuzz", data, size, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK) {
        gp_verify_log(&log, &s, ignore, NULL);
        if (s.bytes > size)
            abort();
    }
    gp_log_close(&log);
}

static char *canonical(const uint8_t *p, size_t n)
{
    gp_mysql_set *s = gp_mysql_set_new();
    char *text = NULL;

    if (s != NULL && gp_mysql_set_parse(s, (const char *)p, n, NULL, 0) == GP_GTID_OK)
        text = gp_mysql_set_to_string(s);
    gp_mysql_set_free(s);
    return text;
}

static void minus(const uint8_t *data, size_t size)
{
    size_t half = size / 2;
    char *a = canonical(data, half), *b = canonical(data + half, size - half), *d;

    if (a != NULL && b != NULL && (d = gp_verify_mysql_set_minus(a, b)) != NULL) {
        gp_mysql_set *sa = gp_mysql_set_new(), *sd = gp_mysql_set_new();
        if (sa != NULL && sd != NULL) {
            if (gp_mysql_set_parse(sa, a, strlen(a), NULL, 0) != GP_GTID_OK ||
                gp_mysql_set_parse(sd, d, strlen(d), NULL, 0) != GP_GTID_OK ||
                !gp_mysql_set_is_subset(sd, sa))
                abort();
        }
        gp_mysql_set_free(sa);
        gp_mysql_set_free(sd);
        free(d);
    }
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    walk(data, size);
    minus(data, size);
    return 0;
}
