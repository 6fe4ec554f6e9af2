/* SPDX-License-Identifier: BSD-2-Clause */
#include "answer_text.h"

#include <stdio.h>
#include <stdlib.h>

char *gp_test_answer_text(gtidpos_status rc, const gp_at_result *r, const gp_error *err)
{
    size_t cap = 8192, n = 0;
    char *out = malloc(cap), *set;

    if (out == NULL)
        return NULL;
    if (rc != GTIDPOS_OK) {
        snprintf(out, cap, "error %d at %lld: %s", rc, (long long)err->offset, err->msg);
        return out;
    }
    if ((set = gp_at_result_set_text(r)) == NULL) {
        free(out);
        return NULL;
    }
    n += (size_t)snprintf(out + n, cap - n, "set=%.2000s pos=%llu last=%d:%s:%llu-%llu", set,
                          (unsigned long long)r->pos, r->has_last, r->last_gtid,
                          (unsigned long long)r->last_start, (unsigned long long)r->last_end);
    n += (size_t)snprintf(out + n, cap - n, " inside=%d:%s:%llu anon=%llu", r->inside,
                          r->open_gtid, (unsigned long long)r->open_start,
                          (unsigned long long)r->anonymous);
    for (int i = 0; i < r->n_warnings && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, " | %s", r->warnings[i]);
    if (n < cap)
        snprintf(out + n, cap - n, " dropped=%d", r->warnings_dropped);
    free(set);
    return out;
}

char *gp_test_at_text(gp_log *log, gtidpos_status open_rc, gp_error *err, uint64_t pos, int *walks)
{
    gp_at_result r;
    gtidpos_status rc = open_rc;
    char *text;

    gp_at_result_init(&r);
    if (rc == GTIDPOS_OK)
        rc = gp_at(log, pos, NULL, &r, err);
    if (walks != NULL)
        *walks = rc == GTIDPOS_OK ? r.walks : 0;
    text = gp_test_answer_text(rc, &r, err);
    gp_at_result_free(&r);
    gp_log_close(log);
    return text;
}
