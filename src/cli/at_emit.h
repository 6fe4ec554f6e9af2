/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * at_emit.h - `gtidpos at ... --emit FORM` (issue 17): the answer printed
 * in the form a consumer takes (gtidpos_set_emit), for every form of
 * `at` (FILE[:POS], --binlog-dir, --relay-dir, --source-pos, --before).
 * cmd_at.c only forwards the options here; at_file.c and at_dm.c hand
 * each answer to gp_at_emit_print() when an --emit form was asked for.
 */
#ifndef GP_CLI_AT_EMIT_H
#define GP_CLI_AT_EMIT_H

#include "gtidpos.h"

/* getopt codes of the --emit options (above any character) */
#define GP_AT_EMIT_OPT 0x1700
#define GP_AT_EMIT_LONGOPTS                                                  \
    {"emit", required_argument, NULL, GP_AT_EMIT_OPT + 1},                   \
    {"replica-version", required_argument, NULL, GP_AT_EMIT_OPT + 2},        \
    {"connection", required_argument, NULL, GP_AT_EMIT_OPT + 3},             \
    {"replica-gtid-pos", required_argument, NULL, GP_AT_EMIT_OPT + 4},       \
    {"server-name", required_argument, NULL, GP_AT_EMIT_OPT + 5},            \
    {"client-id", required_argument, NULL, GP_AT_EMIT_OPT + 6}
#define GP_AT_EMIT_CASES                                                     \
    case GP_AT_EMIT_OPT + 1: case GP_AT_EMIT_OPT + 2: case GP_AT_EMIT_OPT + 3: \
    case GP_AT_EMIT_OPT + 4: case GP_AT_EMIT_OPT + 5: case GP_AT_EMIT_OPT + 6

#define GP_AT_EMIT_HELP                                                         \
    "  --emit F       the answer in consumer F's form: sql (statements that\n"  \
    "                 switch a replica to GTID positioning), debezium, maxwell,\n" \
    "                 canal, flink, json (= --json); refused, with the reason,\n" \
    "                 when F cannot take it (exit 1; inside a transaction: 6)\n" \
    "  --replica-version V, --connection NAME, --replica-gtid-pos POS\n"     \
    "                 sql: the replica's version (default: the primary's), its\n" \
    "                 connection name / channel, its current gtid_slave_pos\n" \
    "                 (MariaDB multi-source: merged, other domains kept)\n"   \
    "  --server-name N  debezium: the connector's topic.prefix\n"            \
    "  --client-id ID   maxwell: client_id (default maxwell)\n"

/* Record option c (a GP_AT_EMIT_CASES code); 0, or -1 after a usage
 * message. */
int gp_at_emit_option(int c, const char *arg);
/* After the options: the sub-options need --emit.  0, or -1 after a
 * usage message. */
int gp_at_emit_check(void);
/* An --emit form other than json was asked for. */
int gp_at_emit_active(void);
/* --emit json was asked for (the --json object). */
int gp_at_emit_json(void);
/* The source binlog's name the answer is for, from a checkpoint of
 * gtidpos_at_checkpoint()/gtidpos_at_source() ("NAME[:POS]"; DM relay,
 * dm_relay 1 (gtidpos_dm_at_checkpoint()):
 * "BASE|SUFFIX.SEQ[:POS]").  Without it the file's base name is used. */
void gp_at_emit_checkpoint(int dm_relay, const char *checkpoint);
/* Print set in the --emit form (file: the path answered); an exit
 * status, the refusal on stderr. */
int gp_at_emit_print(const gtidpos_set *set, const char *file);

#endif
