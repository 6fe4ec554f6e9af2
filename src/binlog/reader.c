/* SPDX-License-Identifier: BSD-2-Clause */
#include "reader.h"

int gp_rd_varlen(gp_rd *r, uint64_t *v)
{
    uint8_t first;
    unsigned n = 1;
    uint64_t x = 0;

    if (gp_rd_left(r) < 1)
        return -1;
    first = r->p[0];
    if (first == 0xff) {
        if (gp_rd_left(r) < 9)
            return -1;
        *v = gp_load_u64le(r->p + 1);
        r->p += 9;
        return 0;
    }
    while (first & (1u << (n - 1)))
        n++;
    if (gp_rd_left(r) < n)
        return -1;
    for (unsigned i = 0; i < n; i++)
        x |= (uint64_t)r->p[i] << (8 * i);
    *v = x >> n;
    r->p += n;
    return 0;
}

int gp_rd_varlen_signed(gp_rd *r, int64_t *v)
{
    uint64_t u;

    if (gp_rd_varlen(r, &u) != 0)
        return -1;
    /* Zig-zag: 2x for x >= 0, -2x-1 for x < 0. */
    *v = (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
    return 0;
}
