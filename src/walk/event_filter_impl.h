/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event_filter_impl.h - what event_filter.c (the rules) and
 * event_filter_options.c (the option values) share: the filter's insides.
 * Not for other files.
 */
#ifndef GP_WALK_EVENT_FILTER_IMPL_H
#define GP_WALK_EVENT_FILTER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "gtid/mysql_set.h"
#include "walk/event_filter.h"

#define GP_EF_NO_POS UINT64_MAX

/* One domain's GTID window: (start, stop], mariadb-binlog's
 * Window_gtid_event_filter. */
typedef struct window {
    uint32_t domain;
    uint32_t start_server, stop_server;
    uint64_t start, stop;
    int has_start, has_stop;
    int active, passed;
} window;

typedef enum id_mode { IDS_NONE = 0, IDS_DO, IDS_IGNORE } id_mode;

typedef struct id_list {
    id_mode mode;
    uint32_t *ids;
    size_t n;
} id_list;

struct gp_event_filter {
    uint64_t start_pos, stop_pos; /* bytes; GP_EF_NO_POS: none */
    window *win;
    size_t nwin;
    size_t nstart, nstop;         /* GTIDs in each list */
    int strict;
    int has_start_time, has_stop_time;
    int64_t start_time, stop_time;
    gp_mysql_set *include, *exclude;
    id_list domains, servers;
};

/* The window of domain, NULL when no position names it. */
window *gp_ef_find_window(gp_event_filter *f, uint32_t domain);

#endif
