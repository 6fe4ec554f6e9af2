/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - gtidpos: the GTID set executed at a binlog position.
 * Subcommand dispatch; each subcommand lives in its own cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"

#include "gtidpos.h"  /* GTIDPOS_VERSION_STRING: the version, in one place */

#define GP_VERSION GTIDPOS_VERSION_STRING

static const char usage[] =
    "usage: gtidpos COMMAND [OPTIONS] ...\n"
    "\n"
    "  at FILE[:POS]   print the GTID set executed at byte POS of a binlog\n"
    "                  (POS omitted: the end of the file)\n"
    "  at --before TIME PATH...  the last transaction committed before a\n"
    "                  local time: its file, end position and GTID set\n"
    "  events PATH...  one line per event: offsets, type, server id, size,\n"
    "                  time, and the GTID, set, rotate target, XID or\n"
    "                  statement it carries; mariadb-binlog's filters\n"
    "  find SET PATH...  which file and byte range hold each transaction\n"
    "                  of a GTID set; which members no file holds\n"
    "  cover SET PATH...  the files (and first byte) a replay must read to\n"
    "                  apply everything after a GTID set\n"
    "  diff A B        transactions of one server's logs the other did not\n"
    "                  execute (lost, errant), both ways\n"
    "  scan PATH...    every transaction boundary (or one summary per file)\n"
    "                  as TSV, CSV or JSON lines; files in parallel\n"
    "  verify PATH...  check checksums, positions, the in-use flag and that\n"
    "                  consecutive files' GTID sets chain\n"
    "  ls PATH...      the log files scan and verify read, in their order\n"
    "  dm-source --from-worker F | --from-ansible F\n"
    "                  DM v1.0 worker settings as DM v2 source YAML\n"
    "  dm-upgrade --task F --checkpoints F --source F...\n"
    "                  the DM v2 task_v2.yaml of a DM v1.0 task, with each\n"
    "                  source's binlog-gtid computed from its files\n"
    "\n"
    "  gtidpos COMMAND --help   options of one command (or gtidpos help COMMAND)\n"
    "  gtidpos --version\n"
    "\n"
    "See gtidpos(1).\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"at", gp_cmd_at},
    {"events", gp_cmd_events},
    {"find", gp_cmd_find},
    {"dm-source", gp_cmd_dm_source},
    {"dm-upgrade", gp_cmd_dm_upgrade},
    {"scan", gp_cmd_scan},
    {"verify", gp_cmd_verify},
    {"ls", gp_cmd_ls}, /* issue 16 (gtidpos-dask): the ordered file list */
    /* answers across files (issue 14) */
    {"cover", gp_cmd_cover},
    {"diff", gp_cmd_diff},
};

static const command *lookup(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* gtidpos help [CMD]: the text of `gtidpos --help` or `gtidpos CMD --help`
 * (the command prints it: one text, two ways to ask for it). */
static int help(int argc, char **argv)
{
    static char help_opt[] = "--help";
    const command *c;
    char *args[3];

    if (argc < 2)
        return gp_print_help(usage);
    if (argc > 2)
        return gp_usage_error("help takes one COMMAND");
    if ((c = lookup(argv[1])) == NULL)
        return gp_usage_error("help: unknown command '%s'", argv[1]);
    gp_args_set_command(c->name);
    args[0] = argv[1];
    args[1] = help_opt;
    args[2] = NULL;
    return c->run(2, args);
}

static int dispatch(int argc, char **argv)
{
    const command *c;

    if (argc < 2)
        return fputs(usage, stderr), GP_EXIT_USAGE;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return gp_print_help(usage);
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
        return gp_print_help("gtidpos " GP_VERSION "\n");
    if (strcmp(argv[1], "help") == 0)
        return help(argc - 1, argv + 1);
    if ((c = lookup(argv[1])) == NULL)
        return gp_usage_error("unknown command '%s'", argv[1]);
    gp_args_set_command(c->name);
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    int status = dispatch(argc, argv);

    /* A command that reported success has written everything it meant
     * to: whatever is left in stdout's buffer must reach it too (a help
     * text into a full disk is an error, exit 3, not a silent 0). */
    if (status == GP_EXIT_OK)
        status = gp_flush_stdout("output", status);
    return status;
}
