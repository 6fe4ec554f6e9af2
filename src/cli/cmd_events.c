/*
 * cmd_events.c - gtidpos events FILE: one line per event, with what
 * matters for positions decoded (the format: man gtidpos(1), EVENTS).
 * Written on the public library API alone (include/gtidpos.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"

static const char events_usage[] =
    "usage: gtidpos events FILE [--start-position N] [--stop-position N]\n"
    "                      [--json] [--verify none|gtid|all]\n"
    "\n"
    "Print one line per event of binlog or relay log FILE, tab-separated:\n"
    "start end type server_id size timestamp info.  FILE may be a .gz or .zst\n"
    "of one, or - for standard input.\n"
    "\n"
    "  --start-position N  begin with the event that starts at byte N\n"
    "                      (default 4); N must be an event boundary\n"
    "  --stop-position N   print only the events that start before byte N\n"
    "  --json              one JSON object per event\n"
    "  --verify V          all: check every event's CRC32 (default); gtid:\n"
    "                      only the events decoded; none: no checksum check\n";

#define NO_STOP UINT64_MAX

/*
 * Print the events from start up to stop.  GTIDPOS_OK, or the error in
 * err.  As `at` does at the end of a file, an in-use file whose last
 * event is cut off (the server was writing it, or crashed) is not an
 * error: a warning, and success.
 */
static gtidpos_status list_events(gtidpos_log *log, uint64_t start, uint64_t stop,
                                  gtidpos_format format, gtidpos_error *err)
{
    gtidpos_event ev;
    gtidpos_status st;
    int more;

    if ((st = gtidpos_seek(log, start, err)) != GTIDPOS_OK)
        return st;
    while ((more = gtidpos_next_event(log, &ev, err)) == 1 && ev.offset < stop) {
        char *line = gtidpos_event_format(log, format, err);
        if (line == NULL)
            return err->code;
        puts(line);
        free(line);
    }
    if (more < 0) {
        if (err->code != GTIDPOS_ERR_TRUNCATED || !gtidpos_log_in_use(log))
            return err->code;
        fprintf(stderr, "gtidpos: warning: %s\n", err->message);
    }
    return GTIDPOS_OK;
}

int gp_cmd_events(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"start-position", required_argument, NULL, 's'},
        {"stop-position", required_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {"verify", required_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* io READ: a walk front to back gains nothing from the split */
    gtidpos_options opt = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0};
    uint64_t start = 4, stop = NO_STOP;
    gtidpos_format format = GTIDPOS_FORMAT_TEXT;
    gtidpos_log *log = NULL;
    gtidpos_error err;
    gtidpos_status st;
    int c;

    if (gp_args_wants_help(argc, argv, ":h", longopts)) /* --help anywhere */
        return gp_print_help(events_usage);
    optind = 1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (gp_parse_pos(optarg, &start) != 0)
                return gp_usage_error("--start-position '%s' is not a byte offset", optarg);
            break;
        case 'p':
            if (gp_parse_pos(optarg, &stop) != 0)
                return gp_usage_error("--stop-position '%s' is not a byte offset", optarg);
            break;
        case 'j':
            format = GTIDPOS_FORMAT_JSON;
            break;
        case 'v':
            if (gp_parse_verify_option(optarg, &opt.verify) != 0)
                return gp_usage_error("--verify must be none, gtid or all, not '%s'", optarg);
            break;
        case 'h':
            fputs(events_usage, stdout);
            return GP_EXIT_OK;
        case ':':
            return gp_usage_error("events: option '%s' needs a value", argv[optind - 1]);
        default:
            return gp_usage_error("events: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return gp_usage_error("events takes one FILE argument");

    st = gtidpos_open_with(&log, argv[optind], &opt, &err);
    if (st == GTIDPOS_OK)
        st = list_events(log, start, stop, format, &err);
    gtidpos_close(log);
    /* events already printed go out before the error line */
    if (gp_flush_stdout("events", GP_EXIT_OK) != GP_EXIT_OK)
        return GP_EXIT_IO;
    return st != GTIDPOS_OK ? gp_report(&err) : GP_EXIT_OK;
}
