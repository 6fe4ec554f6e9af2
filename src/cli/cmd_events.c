/*
 * cmd_events.c - gtidpos events FILE: one line per event, with what
 * matters for positions decoded (see emit/events.h for the format).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "binlog/format.h"
#include "binlog/position.h"
#include "binlog/walker.h"
#include "args.h"
#include "commands.h"
#include "emit/events.h"
#include "exitcode.h"

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
 * The walk ended on damage.  As `at` does at the end of a file, an in-use
 * file whose last event is cut off (the server was writing it, or
 * crashed) is not an error: a warning, and success.
 */
static gp_err walk_failed(const gp_log *log, gp_error *e)
{
    if (log->status == GP_ERR_TRUNCATED && log->in_use) {
        /* the walker's message says the file is in use */
        fprintf(stderr, "gtidpos: warning: %s: offset %llu: %s\n", log->name,
                (unsigned long long)log->next, log->err.msg);
        return GP_OK;
    }
    *e = log->err;
    return log->status;
}

static gp_err list_events(gp_log *log, uint64_t start, uint64_t stop, int format,
                          gp_error *e)
{
    gp_event ev, prev;
    gp_event_info info;
    uint64_t boundary = GP_BINLOG_MAGIC_LEN; /* end of the last event read */
    int reached = start == GP_BINLOG_MAGIC_LEN;
    gp_err rc;

    if ((rc = gp_position_check_range(log, start, e)) != GP_OK)
        return rc;
    memset(&prev, 0, sizeof prev);
    while (gp_log_next(log, &ev)) {
        if (!reached && ev.offset >= start) {
            if (ev.offset > start)
                return gp_position_not_a_boundary(log, start, &prev, e);
            reached = 1;
        }
        if (ev.offset >= stop)
            return GP_OK;
        prev = ev;
        boundary = gp_event_end(&ev);
        if (!reached)
            continue;
        rc = gp_event_describe(&ev, &log->fde, &info, log->name, e);
        if (rc == GP_OK && gp_emit_event(stdout, &info, format) != 0)
            rc = gp_error_set(e, GP_ERR_IO, NULL, -1, "writing the events: %s",
                              strerror(errno));
        gp_event_info_free(&info);
        if (rc != GP_OK)
            return rc;
        /* what follows is encrypted: it cannot be framed without the key */
        if (ev.type == GP_EV_START_ENCRYPTION)
            return gp_error_set(e, GP_ERR_ENCRYPTED, log->name, (int64_t)ev.offset,
                                "the log is encrypted from here on "
                                "(Start_encryption event); gtidpos holds no keys");
    }
    if (log->status != GP_OK) {
        if (!reached && start > boundary) {
            *e = log->err; /* the damage comes first */
            return log->status;
        }
        if ((rc = walk_failed(log, e)) != GP_OK)
            return rc;
    }
    if (!reached && start != boundary) {
        if (start > boundary)
            return gp_position_check_range(log, start, e); /* the size is known now */
        return gp_position_not_a_boundary(log, start, &prev, e);
    }
    return GP_OK;
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
    gp_verify verify = GP_VERIFY_ALL;
    uint64_t start = GP_BINLOG_MAGIC_LEN, stop = NO_STOP;
    int format = GP_EMIT_TEXT, c, status;
    const char *file;
    gp_log log;
    gp_error err;

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
            format = GP_EMIT_JSON;
            break;
        case 'v':
            if (gp_parse_verify(optarg, &verify) != 0)
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
    file = argv[optind];

    gp_error_clear(&err);
    if (gp_log_open(&log, file, verify, &err) == GP_OK)
        /* an archive or a pipe: a start past its end is refused once the
         * end is known, as for a plain file before the walk */
        gp_position_past_end(&log, start, list_events(&log, start, stop, format, &err),
                             &err);
    /* events already printed go out before the error line */
    if (gp_flush_stdout("events", GP_EXIT_OK) != GP_EXIT_OK) {
        gp_log_close(&log);
        return GP_EXIT_IO;
    }
    if (err.code != GP_OK)
        gp_report_error(&err);
    status = gp_exit_code(err.code);
    gp_log_close(&log);
    return status;
}
