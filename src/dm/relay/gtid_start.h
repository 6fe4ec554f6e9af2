/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtid_start.h - MySQL GTID sets whose intervals do not start at 1.
 *
 * DM v2 sends meta.binlog-gtid as the set to exclude in its GTID dump
 * request; a source answers ERROR 1236 when the set lacks GTIDs it has
 * purged.  A Previous_gtids set can lack the start of a range (a replica
 * with log_slave_updates=OFF, a restored backup), which is why DM's own
 * upgrader widens every interval to start at 1.
 */
#ifndef GP_DM_GTID_START_H
#define GP_DM_GTID_START_H

#include "gtid/mysql_set.h"

/* 1 when some interval of the set (MySQL text form) starts above 1. */
int gp_dm_gtid_has_late_start(const gp_mysql_set *s);

/* Replace, for each UUID (and each tag), all intervals by 1-<largest>.
 * GP_GTID_OK or GP_GTID_ENOMEM. */
int gp_dm_gtid_widen_to_start(gp_mysql_set *s);

#endif
