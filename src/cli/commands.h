/* SPDX-License-Identifier: BSD-2-Clause */
/* commands.h - one function per subcommand: (argc, argv) -> exit status. */
#ifndef GP_CLI_COMMANDS_H
#define GP_CLI_COMMANDS_H

int gp_cmd_at(int argc, char **argv);
int gp_cmd_events(int argc, char **argv);
int gp_cmd_find(int argc, char **argv);
int gp_cmd_dm_source(int argc, char **argv);
int gp_cmd_dm_upgrade(int argc, char **argv);
int gp_cmd_scan(int argc, char **argv);
int gp_cmd_verify(int argc, char **argv);
/* gtidpos ls: the ordered file list (issue 16, gtidpos-dask) */
int gp_cmd_ls(int argc, char **argv);
/* answers across files (issue 14) */
int gp_cmd_cover(int argc, char **argv);
int gp_cmd_diff(int argc, char **argv);

/* Shared by the subcommands: print "gtidpos: message" and return 2. */
int gp_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
