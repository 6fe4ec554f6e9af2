/*
 * gtid_common.h - return codes shared by the GTID set types.
 * src/gtid/ depends on nothing else in the project, so it has its own
 * small codes; callers translate them to gp_err.
 */
#ifndef GP_GTID_COMMON_H
#define GP_GTID_COMMON_H

enum {
    GP_GTID_OK = 0,
    GP_GTID_ENOMEM = -1,
    GP_GTID_EPARSE = -2,
    GP_GTID_ERANGE = -3
};

#endif
