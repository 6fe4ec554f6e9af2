/*
 * cmd_at.c - gtidpos at FILE[:POS]: the GTID set executed at a position.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binlog/position.h"
#include "binlog/walker.h"
#include "args.h"
#include "commands.h"
#include "emit/emit.h"
#include "exitcode.h"

static const char at_usage[] =
    "usage: gtidpos at FILE[:POS] [--flavor mysql|mariadb] [--json]\n"
    "                  [--verify none|gtid|all] [--io read|mmap]\n"
    "\n"
    "Print the GTID set executed at byte position POS of binlog or relay log\n"
    "FILE (POS omitted: the end of the file), on one line.  FILE may be a .gz\n"
    "or .zst of one, or - for standard input (-:POS at a position).\n"
    "\n"
    "  --flavor F     mysql or mariadb (default: from the server version)\n"
    "  --json         one JSON object with the set, the last transaction and\n"
    "                 the warnings\n"
    "  --verify V     all: check every event's CRC32 (default); gtid: only\n"
    "                 the events decoded; none: no checksum check\n"
    "  --io M         read: read() through a 1 MiB window (default);\n"
    "                 mmap: map the whole file (plain files only)\n";

/*
 * Split FILE[:POS].  A name that exists as given is taken whole (file
 * names may contain ':'); otherwise the text after the last ':' is POS.
 * Returns a malloc'd file name, NULL after a usage error message.
 */
static char *split_file_pos(const char *arg, uint64_t *pos)
{
    struct stat st;
    const char *colon = strrchr(arg, ':');
    char *file;

    *pos = GP_POS_END;
    if (colon == NULL || stat(arg, &st) == 0)
        return strdup(arg);
    if (gp_parse_pos(colon + 1, pos) != 0) {
        gp_usage_error("position '%s' in '%s' is not a byte offset", colon + 1, arg);
        return NULL;
    }
    file = strndup(arg, (size_t)(colon - arg));
    return file;
}

/*
 * "-:POS" (standard input at POS) would be taken by getopt for a cluster
 * of options: take it out of argv before the options are parsed.
 */
static char *take_stdin_arg(int *argc, char **argv)
{
    for (int i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
        if (strncmp(argv[i], "-:", 2) == 0) {
            char *arg = argv[i];
            /* argv[*argc] is NULL: it moves down too */
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
            (*argc)--;
            return arg;
        }
    }
    return NULL;
}

static void print_warnings(const gp_at_result *r)
{
    for (int i = 0; i < r->n_warnings; i++)
        fprintf(stderr, "gtidpos: warning: %s\n", r->warnings[i]);
    if (r->warnings_dropped > 0)
        fprintf(stderr, "gtidpos: warning: %d more warning(s) not shown\n",
                r->warnings_dropped);
}

int gp_cmd_at(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"flavor", required_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'j'},
        {"verify", required_argument, NULL, 'v'},
        {"io", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gp_at_options opt = {GP_FLAVOR_UNKNOWN};
    gp_verify verify = GP_VERIFY_ALL;
    gp_io io = GP_IO_READ;
    int json = 0, c, status;
    uint64_t pos;
    char *file, *stdin_arg = take_stdin_arg(&argc, argv);
    gp_log log;
    gp_error err;
    gp_at_result r;

    optind = 1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "mysql") == 0)
                opt.flavor = GP_FLAVOR_MYSQL;
            else if (strcmp(optarg, "mariadb") == 0)
                opt.flavor = GP_FLAVOR_MARIADB;
            else
                return gp_usage_error("--flavor must be mysql or mariadb, not '%s'", optarg);
            break;
        case 'j':
            json = 1;
            break;
        case 'v':
            if (gp_parse_verify(optarg, &verify) != 0)
                return gp_usage_error("--verify must be none, gtid or all, not '%s'", optarg);
            break;
        case 'i':
            if (strcmp(optarg, "read") == 0)
                io = GP_IO_READ;
            else if (strcmp(optarg, "mmap") == 0)
                io = GP_IO_MMAP;
            else
                return gp_usage_error("--io must be read or mmap, not '%s'", optarg);
            break;
        case 'h':
            fputs(at_usage, stdout);
            return GP_EXIT_OK;
        case ':':
            return gp_usage_error("at: option '%s' needs a value", argv[optind - 1]);
        default:
            return gp_usage_error("at: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != (stdin_arg == NULL))
        return gp_usage_error("at takes one FILE[:POS] argument");
    if ((file = split_file_pos(stdin_arg ? stdin_arg : argv[optind], &pos)) == NULL)
        return GP_EXIT_USAGE;

    gp_error_clear(&err);
    gp_at_result_init(&r);
    if (gp_log_open_io(&log, file, verify, io, 0, &err) == GP_OK &&
        gp_at(&log, pos, &opt, &r, &err) == GP_OK) {
        print_warnings(&r);
        if ((json ? gp_emit_at_json(stdout, file, &r) : gp_emit_at_text(stdout, &r)) != 0) {
            gp_error_set(&err, GP_ERR_NOMEM, file, -1, "out of memory");
            gp_report_error(&err);
        }
    } else {
        gp_report_error(&err);
    }
    status = gp_exit_code(err.code);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "gtidpos: writing the answer: %s\n", strerror(errno));
        status = GP_EXIT_IO;
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
    free(file);
    return status;
}
