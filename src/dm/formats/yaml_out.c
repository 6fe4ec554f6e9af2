/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * yaml_out.c - the growing buffer behind the YAML writers (see yaml_out.h).
 */
#include "dm/formats/yaml_out.h"

#include <stdlib.h>
#include <string.h>

int gp_yaml_out_write(void *data, unsigned char *buf, size_t size)
{
    gp_yaml_out *o = data;

    if (o->n + size + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->n + size + 1)
            cap *= 2;
        char *p = realloc(o->p, cap);
        if (p == NULL) {
            o->nomem = 1;
            return 0;
        }
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, buf, size);
    o->n += size;
    o->p[o->n] = '\0';
    return 1;
}
