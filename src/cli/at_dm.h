/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * at_dm.h - the directory forms of `gtidpos at`:
 *   --relay-dir DIR 'mysql-bin|000001.000123:15847'   (DM v1.0 relay root)
 *   --binlog-dir DIR 'mysql-bin.000123:15847'         (plain binlog directory)
 *   --source-pos 'mysql-bin.000123:15847' RELAYDIR     (replica relay logs)
 * Kept apart from cmd_at.c, which only forwards these options here.
 */
#ifndef GP_CLI_AT_DM_H
#define GP_CLI_AT_DM_H

#include "gtidpos.h"

typedef struct gp_at_dm {
    const char *relay_dir;
    const char *binlog_dir;
    const char *source_pos;
    const char *source_base; /* --source-base: only with --source-pos */
} gp_at_dm;

#define GP_AT_DM_LONGOPTS                                   \
    {"relay-dir", required_argument, NULL, 'R'},            \
    {"binlog-dir", required_argument, NULL, 'B'},           \
    {"source-pos", required_argument, NULL, 'S'},           \
    {"source-base", required_argument, NULL, 'A'}

#define GP_AT_DM_USAGE                                                          \
    "       gtidpos at --relay-dir DIR 'BASE|SUFFIX.SEQ[:POS]' [--json]\n"      \
    "       gtidpos at --binlog-dir DIR 'NAME[:POS]' [--json]\n"                \
    "       gtidpos at --source-pos 'SOURCE_FILE[:POS]' RELAYDIR\n"             \
    "                  [--source-base SET] [--json]\n"

#define GP_AT_DM_HELP                                                           \
    "  --relay-dir DIR   DIR is a TiDB DM v1.0 relay root (server-uuid.index);\n" \
    "                    the argument is a DM checkpoint name and position\n"   \
    "  --binlog-dir DIR  DIR holds plain binlogs (*.index or numeric order);\n" \
    "                    the argument is a binlog name and position\n"          \
    "  --source-pos S    answer at source position S (FILE:POS of the source's\n" \
    "                    binlog) from the replica relay logs in RELAYDIR (a\n"  \
    "                    directory or one relay file)\n"                   \
    "  --source-base SET the source's executed set at the first source\n"   \
    "                    position the relay logs hold (gtid_executed of a\n" \
    "                    backup taken there, or 'gtidpos at' on the source's\n" \
    "                    binlog there): needed for MySQL relay logs, which\n" \
    "                    never hold the source's Previous_gtids\n"           \
    "                    (these three verify every CRC32; --verify, --io\n"  \
    "                    do not apply)\n"

/* Record option c ('R', 'B', 'S'); 0, or -1 after a usage message. */
int gp_at_dm_option(gp_at_dm *d, int c, const char *arg);
int gp_at_dm_wanted(const gp_at_dm *d);
/* Run the directory form on the one positional argument; an exit status. */
int gp_at_dm_run(const gp_at_dm *d, const char *arg, int flavor, int json);

#endif
