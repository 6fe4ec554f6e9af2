/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtid_common.h - the flavour and the return codes shared by the GTID set
 * types.
 * src/gtid/ depends on nothing else in the project, so it has its own
 * small codes; callers translate them to gp_err.
 */
#ifndef GP_GTID_COMMON_H
#define GP_GTID_COMMON_H

/* Which server family's GTIDs: MySQL sets or MariaDB domain states. */
typedef enum gp_flavor {
    GP_FLAVOR_UNKNOWN = 0,
    GP_FLAVOR_MYSQL = 1,
    GP_FLAVOR_MARIADB = 2
} gp_flavor;

/* "mysql", "mariadb" or "unknown" (gtid/answer.c). */
const char *gp_flavor_name(gp_flavor f);

enum {
    GP_GTID_OK = 0,
    GP_GTID_ENOMEM = -1,
    GP_GTID_EPARSE = -2,
    GP_GTID_ERANGE = -3
};

#endif
