/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtid_common.h - the flavour and the return codes shared by the GTID set
 * types.
 * src/gtid/ depends on nothing else in the project, so it has its own
 * small codes; callers translate them to gtidpos_status.
 */
#ifndef GP_GTID_COMMON_H
#define GP_GTID_COMMON_H

/* Which server family's GTIDs: gtidpos_flavor, GTIDPOS_FLAVOR_* of the
 * public header (one set of enums inside and out). */
#include "gtidpos.h"

/* "mysql", "mariadb" or "unknown" (gtid/answer.c). */
const char *gp_flavor_name(gtidpos_flavor f);

enum {
    GP_GTID_OK = 0,
    GP_GTID_ENOMEM = -1,
    GP_GTID_EPARSE = -2,
    GP_GTID_ERANGE = -3
};

#endif
