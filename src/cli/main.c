/*
 * main.c - gtidpos: the GTID set executed at a binlog position.
 * Subcommand dispatch; each subcommand lives in its own cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"

#define GP_VERSION "0.1.0"

static const char usage[] =
    "usage: gtidpos COMMAND [OPTIONS] ...\n"
    "\n"
    "  at FILE[:POS]   print the GTID set executed at byte POS of a binlog\n"
    "                  (POS omitted: the end of the file)\n"
    "  at --before TIME PATH...  the last transaction committed before a\n"
    "                  local time: its file, end position and GTID set\n"
    "  events FILE     one line per event: offsets, type, server id, size,\n"
    "                  time, and the GTID, set, rotate target, XID or\n"
    "                  statement it carries\n"
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
    "  dm-source --from-worker F | --from-ansible F\n"
    "                  DM v1.0 worker settings as DM v2 source YAML\n"
    "  dm-upgrade --task F --checkpoints F --source F...\n"
    "                  the DM v2 task_v2.yaml of a DM v1.0 task, with each\n"
    "                  source's binlog-gtid computed from its files\n"
    "\n"
    "  gtidpos COMMAND --help   options of one command\n"
    "  gtidpos --version\n"
    "\n"
    "See gtidpos(1).\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), GP_EXIT_USAGE;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return fputs(usage, stdout), GP_EXIT_OK;
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
        return puts("gtidpos " GP_VERSION), GP_EXIT_OK;
    if (strcmp(argv[1], "at") == 0)
        return gp_cmd_at(argc - 1, argv + 1);
    if (strcmp(argv[1], "events") == 0)
        return gp_cmd_events(argc - 1, argv + 1);
    if (strcmp(argv[1], "find") == 0)
        return gp_cmd_find(argc - 1, argv + 1);
    if (strcmp(argv[1], "dm-source") == 0)
        return gp_cmd_dm_source(argc - 1, argv + 1);
    if (strcmp(argv[1], "dm-upgrade") == 0)
        return gp_cmd_dm_upgrade(argc - 1, argv + 1);
    if (strcmp(argv[1], "scan") == 0)
        return gp_cmd_scan(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0)
        return gp_cmd_verify(argc - 1, argv + 1);
    /* answers across files (issue 14) */
    if (strcmp(argv[1], "cover") == 0)
        return gp_cmd_cover(argc - 1, argv + 1);
    if (strcmp(argv[1], "diff") == 0)
        return gp_cmd_diff(argc - 1, argv + 1);
    return gp_usage_error("unknown command '%s'", argv[1]);
}
