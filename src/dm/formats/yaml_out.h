/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * yaml_out.h - a libyaml emitter's output collected in memory, for the DM
 * files gtidpos writes (task and source YAML).
 */
#ifndef GP_DM_YAML_OUT_H
#define GP_DM_YAML_OUT_H

#include <stddef.h>

/* The text written so far: p[0..n) and a NUL; zero it to start. */
typedef struct gp_yaml_out {
    char *p;
    size_t n, cap;
    int nomem; /* a write failed for want of memory */
} gp_yaml_out;

/* The emitter's write handler:
 *     yaml_emitter_set_output(&em, gp_yaml_out_write, &out);
 * 1 on success, 0 (nomem set) when out of memory. */
int gp_yaml_out_write(void *data, unsigned char *buf, size_t size);

#endif
