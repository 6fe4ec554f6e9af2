/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtidpos.h - the gtidpos library: read MySQL/MariaDB binlog and relay-log
 * files offline, walk their events, and get the exact GTID set executed at
 * a byte position.
 *
 * Link with `pkg-config --cflags --libs gtidpos`.  Every function is
 * thread-compatible: the library keeps no global state, and one log may be
 * used by one thread at a time.  Objects are opaque: made by a *_new or
 * *_open (or handed out through a ** argument), read with getters, freed
 * by their *_free or *_close (which accept NULL).  Strings a getter
 * returns belong to the object; strings handed over as char * are
 * malloc'd, freed with free().
 *
 * Example: the set at the end of a binlog, and at a position of the same
 * log (tests/cli/library.sh compiles and runs it):
 *
 *     #include <gtidpos.h>
 *     #include <stdio.h>
 *     #include <stdlib.h>
 *
 *     int main(int argc, char **argv)
 *     {
 *         gtidpos_error *err = gtidpos_error_new();
 *         gtidpos_log *log = NULL;
 *         gtidpos_set *end = NULL, *at = NULL;
 *         char *a = NULL, *b = NULL;
 *         int rc = 1;
 *
 *         if (argc != 3 || err == NULL)
 *             return 2;
 *         if (gtidpos_open(&log, argv[1], NULL, err) == GTIDPOS_OK &&
 *             gtidpos_at(log, GTIDPOS_END, &end, err) == GTIDPOS_OK &&
 *             gtidpos_at(log, strtoull(argv[2], NULL, 10), &at, err) == GTIDPOS_OK &&
 *             (a = gtidpos_set_format(end)) != NULL && (b = gtidpos_set_format(at)) != NULL) {
 *             printf("%s\n%s\n", a, b);
 *             rc = 0;
 *         } else {
 *             fprintf(stderr, "%s\n", gtidpos_error_line(err));
 *         }
 *         free(a);
 *         free(b);
 *         gtidpos_set_free(end);
 *         gtidpos_set_free(at);
 *         gtidpos_close(log);
 *         gtidpos_error_free(err);
 *         return rc;
 *     }
 *
 * Errors: every function that can fail returns a gtidpos_status (0 is
 * GTIDPOS_OK) and takes a gtidpos_error last (may be NULL), which a
 * failure fills: the same code, the file and the byte offset it concerns
 * (-1 when none), what went wrong, and one printable line of them all,
 * e.g. "mysql-bin.000012: offset 956: CRC32 mismatch in Write_rows event".
 * Nothing is printed by the library.
 */
#ifndef GTIDPOS_H
#define GTIDPOS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(GTIDPOS_BUILDING)
#define GTIDPOS_API __attribute__((visibility("default")))
#else
#define GTIDPOS_API
#endif

/* Return codes; the numbers are stable. */
typedef enum gtidpos_status {
    GTIDPOS_OK = 0,
    GTIDPOS_ERR_NOMEM = 1,        /* allocation failed */
    GTIDPOS_ERR_IO = 2,           /* cannot open or read the file */
    GTIDPOS_ERR_NOT_BINLOG = 3,   /* empty file, wrong magic */
    GTIDPOS_ERR_UNSUPPORTED = 4,  /* a binlog version that cannot be framed */
    GTIDPOS_ERR_CORRUPT = 5,      /* a length or field inconsistent with the format */
    GTIDPOS_ERR_TRUNCATED = 6,    /* the file ends inside an event */
    GTIDPOS_ERR_CHECKSUM = 7,     /* an event's CRC32 does not match */
    GTIDPOS_ERR_POSITION = 8,     /* position out of range or not on a boundary */
    GTIDPOS_ERR_ENCRYPTED = 9,    /* MariaDB encrypted binlog */
    GTIDPOS_ERR_NO_GTID_INFO = 10,/* the starting GTID set cannot be known */
    GTIDPOS_ERR_PARSE = 11,       /* malformed text */
    GTIDPOS_ERR_RANGE = 12,       /* a number out of its range */
    GTIDPOS_ERR_USAGE = 13        /* the API was called wrongly (NULL, reuse) */
} gtidpos_status;

/*
 * What went wrong, as separate fields.  Opaque: make one with
 * gtidpos_error_new() and pass it (last) to every function that can fail;
 * a failure fills it, a success leaves it untouched.  NULL is accepted
 * wherever an error is taken (the detail is then dropped).  The strings
 * the getters return belong to the error: valid until it is filled again
 * or freed.
 */
typedef struct gtidpos_error gtidpos_error;

GTIDPOS_API gtidpos_error *gtidpos_error_new(void); /* NULL: out of memory */
GTIDPOS_API void gtidpos_error_free(gtidpos_error *e); /* NULL is a no-op */
/* The code (GTIDPOS_OK: no failure recorded). */
GTIDPOS_API gtidpos_status gtidpos_error_code(const gtidpos_error *e);
/* The file the error concerns, whole; NULL when none. */
GTIDPOS_API const char *gtidpos_error_file(const gtidpos_error *e);
/* The file byte offset the error concerns; -1 when none. */
GTIDPOS_API int64_t gtidpos_error_offset(const gtidpos_error *e);
/* What went wrong, without file and offset; "" when nothing did. */
GTIDPOS_API const char *gtidpos_error_message(const gtidpos_error *e);
/* The one printable line "FILE: offset N: message" (each part when it
 * applies), as the command prints it; "" when nothing went wrong. */
GTIDPOS_API const char *gtidpos_error_line(const gtidpos_error *e);
/* Record a failure of the caller's own (file may be NULL, offset -1 when
 * none), e.g. to pass on through code that reports library errors;
 * returns code. */
GTIDPOS_API gtidpos_status gtidpos_error_set(gtidpos_error *e, gtidpos_status code,
                                             const char *file, int64_t offset,
                                             const char *message);
/* A short static text for code ("checksum mismatch"). */
GTIDPOS_API const char *gtidpos_strerror(gtidpos_status code);

/* "the end of the file" as a position */
#define GTIDPOS_END UINT64_MAX

typedef enum gtidpos_flavor {
    GTIDPOS_FLAVOR_UNKNOWN = 0,  /* not known (yet) */
    GTIDPOS_FLAVOR_MYSQL = 1,    /* uuid:1-5,uuid2:1-3 */
    GTIDPOS_FLAVOR_MARIADB = 2   /* domain-server-seqno,... */
} gtidpos_flavor;

/* How many events have their CRC32 checked as they are read. */
typedef enum gtidpos_verify {
    GTIDPOS_VERIFY_ALL = 0,   /* every event (the default) */
    GTIDPOS_VERIFY_GTID = 1,  /* only the events the answer is read from */
    GTIDPOS_VERIFY_NONE = 2   /* none */
} gtidpos_verify;

/* How the file's bytes are read. */
typedef enum gtidpos_io {
    GTIDPOS_IO_DEFAULT = 0, /* read(); gtidpos_at() walks a plain file of
                               64 MiB or more (the options' split_min
                               bytes) with two threads */
    GTIDPOS_IO_READ = 1,    /* read() on a second thread, one walking thread */
    GTIDPOS_IO_MMAP = 2,    /* map the whole file (plain files only) */
    GTIDPOS_IO_INLINE = 3   /* read() in the calling thread: for walking
                               several files at once, one thread each */
} gtidpos_io;

/*
 * Progress of long walks, for a progress line.  fn(ctx, bytes) is called
 * as a walk reads on through a file: bytes is how many more bytes of
 * binlog it has read since that walk's last call (they add up to the
 * bytes read, over all files and walks), about every 256 KiB to 1 MiB,
 * never per event.  It may be called from several threads at once (a
 * large file walked in two halves, files scanned side by side): keep it
 * short and thread-safe (an atomic add).  Mapped files (GTIDPOS_IO_MMAP)
 * do not report.
 */
typedef void (*gtidpos_progress_fn)(void *ctx, uint64_t bytes);

/*
 * How the functions that read log files read them.  Opaque: every such
 * function takes a const gtidpos_options * (NULL: the defaults) right
 * before its callbacks and outputs.  The library reads no environment
 * variable and keeps no global state: what a caller tunes is here.
 */
typedef struct gtidpos_options gtidpos_options;
GTIDPOS_API gtidpos_options *gtidpos_options_new(void); /* the defaults; NULL: out of memory */
GTIDPOS_API void gtidpos_options_free(gtidpos_options *o); /* NULL is a no-op */
/* The CRC32 checks (default GTIDPOS_VERIFY_ALL). */
GTIDPOS_API void gtidpos_options_set_verify(gtidpos_options *o, gtidpos_verify v);
/* How the bytes are read (default GTIDPOS_IO_DEFAULT). */
GTIDPOS_API void gtidpos_options_set_io(gtidpos_options *o, gtidpos_io io);
/* 0 (the default): the flavour from the Format_description event's server
 * version; GTIDPOS_FLAVOR_MYSQL or _MARIADB: read the sets so.  A value
 * the functions do not know is GTIDPOS_ERR_USAGE when used. */
GTIDPOS_API void gtidpos_options_set_flavor(gtidpos_options *o, gtidpos_flavor f);
/* GTIDPOS_IO_DEFAULT walks a plain file of at least this many bytes with
 * two threads (default 64 MiB; 0 splits every file). */
GTIDPOS_API void gtidpos_options_set_split_min(gtidpos_options *o, uint64_t bytes);
/* The progress hook of the walks done with these options (fn NULL: none,
 * the default). */
GTIDPOS_API void gtidpos_options_set_progress(gtidpos_options *o, gtidpos_progress_fn fn,
                                              void *ctx);

/* An open binlog or relay-log file.  Opaque. */
typedef struct gtidpos_log gtidpos_log;
/* The GTID set executed at a position, with its warnings.  Opaque. */
typedef struct gtidpos_set gtidpos_set;

/* One event of a walk (a cursor's, a scan's or a listing's).  Opaque:
 * valid during the callback it is handed to, or, from
 * gtidpos_cursor_next(), until the cursor's next call.  Offsets are
 * 64-bit file offsets (a file can pass 4 GiB; the events' own 32-bit
 * log_pos wraps). */
typedef struct gtidpos_event gtidpos_event;

/*
 * The version, written in this one place: the command's --version, the
 * shared library's file name and soname (libgtidpos.so.MAJOR), gtidpos.pc
 * and the man pages' headers are derived from these three lines (the
 * Makefile reads them with sed: keep each a plain "#define NAME number").
 * GTIDPOS_VERSION_NUMBER is MAJOR * 10000 + MINOR * 100 + PATCH (1.0.0 is
 * 10000), for #if tests at compile time; gtidpos_version_number() is the same
 * number for the library actually linked.
 */
#define GTIDPOS_VERSION_MAJOR 1
#define GTIDPOS_VERSION_MINOR 0
#define GTIDPOS_VERSION_PATCH 0
#define GTIDPOS_VERSION_NUMBER \
    (GTIDPOS_VERSION_MAJOR * 10000 + GTIDPOS_VERSION_MINOR * 100 + GTIDPOS_VERSION_PATCH)
#define GTIDPOS_QUOTE_(x) #x
#define GTIDPOS_EXPAND_AND_QUOTE_(x) GTIDPOS_QUOTE_(x)
#define GTIDPOS_VERSION_STRING                                  \
    GTIDPOS_EXPAND_AND_QUOTE_(GTIDPOS_VERSION_MAJOR) "."        \
    GTIDPOS_EXPAND_AND_QUOTE_(GTIDPOS_VERSION_MINOR) "."        \
    GTIDPOS_EXPAND_AND_QUOTE_(GTIDPOS_VERSION_PATCH)

/* The library's version, "MAJOR.MINOR.PATCH" (GTIDPOS_VERSION_STRING of
 * the library linked). */
GTIDPOS_API const char *gtidpos_version(void);
/* The library's GTIDPOS_VERSION_NUMBER, e.g. 10000 for 1.0.0. */
GTIDPOS_API unsigned gtidpos_version_number(void);

/*
 * Open the file at path, read as opt says (NULL: the defaults: every
 * event's CRC32 is verified as it is read).  path may also be a gzip or
 * zstd archive of a binlog (told by its magic bytes), or "-" for standard
 * input; GTIDPOS_IO_MMAP refuses both.  The log keeps a copy of opt.  On
 * success *out is the log (close it with gtidpos_close()); on failure
 * *out is NULL and err says why.
 */
GTIDPOS_API gtidpos_status gtidpos_open(gtidpos_log **out, const char *path,
                                        const gtidpos_options *opt, gtidpos_error *err);
GTIDPOS_API void gtidpos_close(gtidpos_log *log); /* NULL is a no-op */

/* The path the log was opened on. */
GTIDPOS_API const char *gtidpos_log_path(const gtidpos_log *log);
/*
 * 1 when the file's in-use flag (LOG_EVENT_BINLOG_IN_USE_F, in its first
 * Format_description event) is set: the server was still writing it, or
 * crashed, so a last event cut short (GTIDPOS_ERR_TRUNCATED) is expected.
 */
GTIDPOS_API int gtidpos_log_in_use(const gtidpos_log *log);

/*
 * A log answers any number of questions (gtidpos_at, gtidpos_find,
 * gtidpos_scan, cursors), one after the other (one thread at a time);
 * each reads the file again from its start.  A log opened on "-"
 * (standard input) answers one: a second question is GTIDPOS_ERR_USAGE.
 */

/* One walk over the events of a log, front to back.  Opaque. */
typedef struct gtidpos_cursor gtidpos_cursor;
/*
 * A walk of log's events from byte offset start (an event boundary; 4 is
 * the first event): the events before it are framed and checked, not
 * returned.  GTIDPOS_ERR_POSITION when start is past the end of the file
 * or inside an event (the message names the nearest boundaries); damage
 * before start is reported as it is found.  The cursor must be closed
 * before its log.
 */
GTIDPOS_API gtidpos_status gtidpos_cursor_open(gtidpos_cursor **out, gtidpos_log *log,
                                               uint64_t start, gtidpos_error *err);
/*
 * The next event.  Returns 1 with *ev (valid until the next call), 0 at
 * the clean end of the file, -1 on damage (err says what and where), also
 * GTIDPOS_ERR_ENCRYPTED after a MariaDB Start_encryption event.
 */
GTIDPOS_API int gtidpos_cursor_next(gtidpos_cursor *c, const gtidpos_event **ev,
                                    gtidpos_error *err);
GTIDPOS_API void gtidpos_cursor_close(gtidpos_cursor *c); /* NULL is a no-op */

/* An event's first byte; event_size (header, body and checksum); type
 * code; type name ("Gtid", "Query", ...; "unknown" for others, valid for
 * the life of the program); header server_id, timestamp (seconds since
 * the epoch) and log_pos (end offset modulo 2^32; 0 in v1). */
GTIDPOS_API uint64_t gtidpos_event_offset(const gtidpos_event *ev);
GTIDPOS_API uint32_t gtidpos_event_size(const gtidpos_event *ev);
GTIDPOS_API uint8_t gtidpos_event_type(const gtidpos_event *ev);
GTIDPOS_API const char *gtidpos_event_type_name(const gtidpos_event *ev);
GTIDPOS_API uint32_t gtidpos_event_server_id(const gtidpos_event *ev);
GTIDPOS_API uint32_t gtidpos_event_timestamp(const gtidpos_event *ev);
GTIDPOS_API uint32_t gtidpos_event_log_pos(const gtidpos_event *ev);

/* The line forms of gtidpos_event_format(). */
typedef enum gtidpos_format {
    GTIDPOS_FORMAT_TEXT = 0, /* start end type server_id size timestamp info,
                                tab-separated (info: key=value pairs) */
    GTIDPOS_FORMAT_JSON = 1  /* one JSON object */
} gtidpos_format;

/*
 * ev decoded, as `gtidpos events` prints it (man gtidpos(1), EVENTS),
 * without a newline: GTIDs, Previous_gtids / Gtid_list sets, rotate
 * targets, XIDs, the statement of BEGIN / COMMIT / DDL queries (cut).  The
 * event carries its log's format description.  A malloc'd string the
 * caller frees; NULL with err set when a decoded field contradicts the
 * format.
 */
GTIDPOS_API char *gtidpos_event_format(const gtidpos_event *ev, gtidpos_format format,
                                       gtidpos_error *err);

/* The flavour a GTID's text form is of (GTIDPOS_FLAVOR_MYSQL or
 * GTIDPOS_FLAVOR_MARIADB); 0 when it is not a GTID. */
GTIDPOS_API int gtidpos_gtid_flavor(const char *gtid);

/*
 * The transactions of the log with the GTID gtid (a walk of its own), in
 * its text form: "uuid:n", "uuid:tag:n" (MySQL) or "domain-server-seq"
 * (MariaDB).  The walk goes to the end of the file and calls fn for each
 * one, in file order, with the start of its GTID event and the end of its
 * last event (where gtidpos_at() sees it end).  *count (may be NULL) gets
 * how many; *open_start (may be NULL) the start of one the file ends
 * inside of, else GTIDPOS_END.  The walk is gtidpos_at()'s, with its
 * rules: where gtidpos_at() would refuse the file (damage, a file cut
 * inside an event, no Previous_gtids / Gtid_list where the server writes
 * one, bytes of another file spliced in, encryption, a TiDB DM hole) the
 * walk stops with that error, after reporting the matches before it.
 * GTIDPOS_ERR_PARSE: a malformed gtid.
 */
typedef void (*gtidpos_found_fn)(void *ctx, uint64_t start, uint64_t end);
GTIDPOS_API gtidpos_status gtidpos_find(gtidpos_log *log, const char *gtid,
                                        gtidpos_found_fn fn, void *ctx, uint64_t *count,
                                        uint64_t *open_start, gtidpos_error *err);

/*
 * The log files of directory dir, oldest first: in the order of its
 * *.index file when it has exactly one (each line's base name looked up in
 * dir), else the names ending in a dot and digits (optionally .gz or .zst)
 * by base name, then number.  *files gets a malloc'd array of *n malloc'd
 * "dir/name" paths (free with gtidpos_list_free()).  GTIDPOS_ERR_IO: dir
 * cannot be read, holds no log file, or its index names a missing file;
 * GTIDPOS_ERR_PARSE: several *.index files.
 */
GTIDPOS_API gtidpos_status gtidpos_list_dir(const char *dir, char ***files, size_t *n,
                                            gtidpos_error *err);
GTIDPOS_API void gtidpos_list_free(char **files, size_t n);

/* A problem (note 0) or a note (note 1) that gtidpos_check_file() or
 * gtidpos_check_chain() found at byte offset of file (-1: the whole file). */
typedef void (*gtidpos_problem_fn)(void *ctx, const char *file, int64_t offset, int note,
                                   const char *message);

/* What gtidpos_check_file() found in one file.  Opaque. */
typedef struct gtidpos_check_summary gtidpos_check_summary;
/* events read; bytes up to the end of the last sound event */
GTIDPOS_API uint64_t gtidpos_check_summary_events(const gtidpos_check_summary *s);
GTIDPOS_API uint64_t gtidpos_check_summary_bytes(const gtidpos_check_summary *s);
/* problems and notes reported */
GTIDPOS_API unsigned gtidpos_check_summary_problems(const gtidpos_check_summary *s);
GTIDPOS_API unsigned gtidpos_check_summary_notes(const gtidpos_check_summary *s);
/* GTIDPOS_FLAVOR_*, GTIDPOS_FLAVOR_UNKNOWN when unknown */
GTIDPOS_API gtidpos_flavor gtidpos_check_summary_flavor(const gtidpos_check_summary *s);
/* the in-use flag on the first Format_description */
GTIDPOS_API int gtidpos_check_summary_in_use(const gtidpos_check_summary *s);
/* recognised as a relay log */
GTIDPOS_API int gtidpos_check_summary_relay(const gtidpos_check_summary *s);
/* 0 for binlog v1/v3 (no end_log_pos to check) */
GTIDPOS_API int gtidpos_check_summary_positions_checked(const gtidpos_check_summary *s);
/* walked to the end without a framing error */
GTIDPOS_API int gtidpos_check_summary_complete(const gtidpos_check_summary *s);
/* why the walk ended early (GTIDPOS_OK: it did not) */
GTIDPOS_API gtidpos_status gtidpos_check_summary_stop(const gtidpos_check_summary *s);
/* the gzip or zstd archive the file was read from is damaged or cut
 * short: the walk stopped there (it is also a problem reported; `verify`
 * exits 5) */
GTIDPOS_API int gtidpos_check_summary_archive_damaged(const gtidpos_check_summary *s);
GTIDPOS_API void gtidpos_check_summary_free(gtidpos_check_summary *s); /* NULL: no-op */

/*
 * Check every event of the file at path (`gtidpos verify`): CRC32, lengths,
 * that end_log_pos chains, a Format_description first, a cut tail; each
 * problem and note goes to fn as it is found.  GTIDPOS_OK when the file
 * could be opened as a binlog (its problems, even a framing error, are in
 * *out, to free with gtidpos_check_summary_free(), and were reported);
 * otherwise the open error in err, nothing reported, *out NULL.
 */
GTIDPOS_API gtidpos_status gtidpos_check_file(const char *path, const gtidpos_options *opt,
                                              gtidpos_problem_fn fn, void *ctx,
                                              gtidpos_check_summary **out,
                                              gtidpos_error *err);
/*
 * next's starting set (Previous_gtids / Gtid_list) must equal the set at
 * the end of prev, the file before it: the GTIDs missing or extra are one
 * problem (at next's offset 4; a gap means lost or purged files).  1 when
 * the sets were compared, 0 when either could not be read.  Of opt (NULL:
 * the defaults) only the progress hook applies, as for
 * gtidpos_check_file() and gtidpos_check_chain_end().
 */
GTIDPOS_API int gtidpos_check_chain(const char *prev, const char *next,
                                    const gtidpos_options *opt, gtidpos_problem_fn fn,
                                    void *ctx);
/* The number of a log file name ("mysql-bin.000123" -> 123, also with .gz
 * or .zst), *base_len (may be NULL) the length of "mysql-bin"; -1 when the
 * name has no such number. */
GTIDPOS_API long long gtidpos_log_number(const char *name, size_t *base_len);

/*
 * The GTID set executed at byte position pos (an event boundary, or
 * GTIDPOS_END); ask a log as often as needed.  On success *out holds the
 * set (free it with gtidpos_set_free()).
 */
GTIDPOS_API gtidpos_status gtidpos_at(gtidpos_log *log, uint64_t pos,
                                      gtidpos_set **out, gtidpos_error *err);

/* The set as text, as `gtidpos at` prints it (the empty set is ""); a
 * malloc'd string the caller frees with free(), NULL when out of memory. */
GTIDPOS_API char *gtidpos_set_format(const gtidpos_set *set);
GTIDPOS_API gtidpos_flavor gtidpos_set_flavor(const gtidpos_set *set);
/* The position the set is for (GTIDPOS_END resolved to the file's end). */
GTIDPOS_API uint64_t gtidpos_set_position(const gtidpos_set *set);
/* 1 when set holds gtid (text form as for gtidpos_find()), 0 when it does
 * not or gtid is of the other flavour, -1 when gtid is malformed. */
GTIDPOS_API int gtidpos_set_contains(const gtidpos_set *set, const char *gtid);
/* The server version from the Format_description event ("8.0.36-log"). */
GTIDPOS_API const char *gtidpos_set_server_version(const gtidpos_set *set);
/* The last transaction that ended at or before the position: 1 with its
 * GTID (its text form; "" for an anonymous one) and the byte range from
 * the start of its GTID event to the end of its last event; 0 when no
 * transaction ended there.  Any output pointer may be NULL. */
GTIDPOS_API int gtidpos_set_last_transaction(const gtidpos_set *set, const char **gtid,
                                             uint64_t *start, uint64_t *end);
/* The transaction the position falls inside of (the position is a
 * boundary between two of its events; the set leaves it out): 1 with its
 * GTID and start; 0 when the position is between transactions. */
GTIDPOS_API int gtidpos_set_open_transaction(const gtidpos_set *set, const char **gtid,
                                             uint64_t *start);
/* Anonymous transactions (no GTID) before the position. */
GTIDPOS_API uint64_t gtidpos_set_anonymous_count(const gtidpos_set *set);
/*
 * The answer as one JSON object on one line, as `gtidpos at --json` prints
 * it, without a newline: file (the name given), pos, flavor,
 * server_version, gtid_set, the last transaction, inside_transaction and
 * warnings.  A malloc'd string the caller frees; NULL when out of memory.
 */
GTIDPOS_API char *gtidpos_set_format_json(const gtidpos_set *set, const char *file);
/* text as a JSON string, quotes included, escaped as the library's own
 * JSON is (control characters, and bytes that are not UTF-8, as \u00XX):
 * for programs that put file names, GTIDs and sets into JSON of their own,
 * as the command does.  A malloc'd string; NULL when out of memory or text
 * is NULL. */
GTIDPOS_API char *gtidpos_json_quote(const char *text);
/* Warnings about the answer (position inside a transaction, anonymous
 * transactions, damage after the position, ...), one line each. */
GTIDPOS_API size_t gtidpos_set_warning_count(const gtidpos_set *set);
GTIDPOS_API const char *gtidpos_set_warning(const gtidpos_set *set, size_t i);
/* Warnings past the ones kept (gtidpos_set_warning_count), only counted. */
GTIDPOS_API size_t gtidpos_set_warnings_dropped(const gtidpos_set *set);
GTIDPOS_API void gtidpos_set_free(gtidpos_set *set); /* NULL is a no-op */

/*
 * Add the GTIDs of text, a set in the set's own flavour and text form, to
 * set (the GTIDs a source purged, say): MySQL: the union; MariaDB: per
 * domain, the GTID with the higher sequence number.  GTIDPOS_ERR_PARSE,
 * set unchanged, when text is not such a set (the message says why).
 */
GTIDPOS_API gtidpos_status gtidpos_set_add(gtidpos_set *set, const char *text,
                                           gtidpos_error *err);
/*
 * MySQL sets: 1 when an interval starts above 1.  A source asked to send
 * what follows such a set answers ERROR 1236 when it purged the GTIDs
 * before the interval (a Previous_gtids set of a replica with
 * log_slave_updates=OFF, a restored backup).  0 for MariaDB.
 */
GTIDPOS_API int gtidpos_set_starts_late(const gtidpos_set *set);

/* Where gtidpos_at_checkpoint() reads the logs.  (A TiDB DM v1.0 relay
 * root: gtidpos_dm_at_checkpoint() of gtidpos_dm.h.) */
typedef enum gtidpos_logs {
    GTIDPOS_LOGS_BINLOG = 0,        /* a directory of the source's binlogs
                                       (*.index or numeric order); the
                                       checkpoint names one of them */
    GTIDPOS_LOGS_REPLICA_RELAY = 1  /* a replica's relay logs (a directory
                                       or one relay file); the checkpoint is
                                       a position of the source's binlog */
} gtidpos_logs;

/* The file and offset a checkpoint was found at.  Opaque. */
typedef struct gtidpos_where gtidpos_where;
/* The log file read, whole ("" when none was). */
GTIDPOS_API const char *gtidpos_where_file(const gtidpos_where *w);
/* The checkpoint's offset in it (a relay log's offset of the source
 * position). */
GTIDPOS_API uint64_t gtidpos_where_offset(const gtidpos_where *w);
GTIDPOS_API void gtidpos_where_free(gtidpos_where *w); /* NULL is a no-op */

/*
 * The GTID set executed at a replication checkpoint "NAME:POS" ("NAME":
 * the end of that file) in the logs at path, read as kind says.  When a
 * relay log that starts mid-file hides part of the history before POS, the
 * earlier files of the same source are read to account for it; when that is impossible the error says which GTIDs or byte range is
 * missing.  Every CRC32 is checked; of opt (may be NULL) only the flavour
 * applies.  *where (where may be NULL) gets the file and offset (free it
 * with gtidpos_where_free(); NULL after a failure).
 * GTIDPOS_ERR_PARSE: a malformed checkpoint (the message says why).
 */
GTIDPOS_API gtidpos_status gtidpos_at_checkpoint(gtidpos_logs kind, const char *path,
                                                 const char *checkpoint,
                                                 const gtidpos_options *opt,
                                                 gtidpos_set **out, gtidpos_where **where,
                                                 gtidpos_error *err);

/*
 * The set at source position source_pos ("NAME:POS" of the source's
 * binlog; "NAME": its end as relayed) from a replica's relay logs at
 * relay_path (a directory or one relay file), as gtidpos_at_checkpoint()
 * with GTIDPOS_LOGS_REPLICA_RELAY, and source_base (NULL: none): the
 * source's executed set (a MySQL GTID set; a MariaDB GTID state) at the
 * first source position the relay logs hold (from a backup's
 * gtid_executed taken there, or gtidpos_at() on the source's binlog
 * there).  A MySQL replica never relays the source's Previous_gtids (it
 * writes a Rotate in its place), so without source_base its relay logs
 * answer nothing and the error says which set to give; with it, the set
 * is carried through the relay logs wherever the source bytes they lack
 * provably hold no transaction, and refused (the error names the bytes)
 * where they might.  A source file's own Previous_gtids / Gtid_list, when
 * relayed, is used instead.  GTIDPOS_ERR_PARSE: a malformed source_pos or
 * source_base.
 */
GTIDPOS_API gtidpos_status gtidpos_at_source(const char *relay_path, const char *source_pos,
                                             const char *source_base,
                                             const gtidpos_options *opt, gtidpos_set **out,
                                             gtidpos_where **where, gtidpos_error *err);



/* The longest GTID text (a tagged MySQL GTID), with its NUL. */
#define GTIDPOS_GTID_TEXT 96

/* A transaction that gtidpos_scan() saw end.  Opaque: valid during the
 * callback. */
typedef struct gtidpos_boundary gtidpos_boundary;
/* its first event (GTID or BEGIN) */
GTIDPOS_API uint64_t gtidpos_boundary_start(const gtidpos_boundary *b);
/* the end of its last event: a position that gtidpos_at() answers */
GTIDPOS_API uint64_t gtidpos_boundary_end(const gtidpos_boundary *b);
/* header timestamp of its last event */
GTIDPOS_API uint32_t gtidpos_boundary_timestamp(const gtidpos_boundary *b);
/* its GTID; "ANONYMOUS" for an anonymous one (MySQL, gtid_mode OFF); ""
 * in a file with no GTID events */
GTIDPOS_API const char *gtidpos_boundary_gtid(const gtidpos_boundary *b);
/* the set at its end, this transaction included */
GTIDPOS_API const gtidpos_set *gtidpos_boundary_set(const gtidpos_boundary *b);

/* Calls out of gtidpos_scan(); a non-zero return stops the scan
 * (gtidpos_scan_summary_stopped()).  The event callback sees each event
 * before it is applied (stopping there leaves it out); setting it makes
 * the walk look at every event (slower). */
typedef int (*gtidpos_boundary_fn)(void *ctx, const gtidpos_boundary *b);
typedef int (*gtidpos_event_fn)(void *ctx, const gtidpos_event *ev);

/* What gtidpos_scan() found in one file (`gtidpos scan --summary`).
 * Opaque; strings belong to it. */
typedef struct gtidpos_scan_summary gtidpos_scan_summary;

/*
 * Walk the log to its end in one pass, calling on_boundary for each
 * transaction that ends and on_event for each event (either may be NULL),
 * and make *out (free it with gtidpos_scan_summary_free(); made also when
 * the walk fails: what it found before).  The boundaries and their sets
 * are exactly the positions and answers of gtidpos_at(): the same walk
 * computes them.  On damage the boundaries before it have been reported
 * and err says what and where.  The walk is one thread: open with
 * GTIDPOS_IO_READ to read on a second one meanwhile, or GTIDPOS_IO_INLINE
 * when scanning several files side by side (GTIDPOS_IO_DEFAULT reads a
 * large file inline).
 */
GTIDPOS_API gtidpos_status gtidpos_scan(gtidpos_log *log, gtidpos_boundary_fn on_boundary,
                                        gtidpos_event_fn on_event, void *ctx,
                                        gtidpos_scan_summary **out, gtidpos_error *err);
/* The set at end, with its warnings; NULL when the scan was stopped or
 * failed. */
GTIDPOS_API const gtidpos_set *gtidpos_scan_summary_set(const gtidpos_scan_summary *s);
/* The file's size (an archive or a pipe: the bytes of binlog read). */
GTIDPOS_API uint64_t gtidpos_scan_summary_size(const gtidpos_scan_summary *s);
/* The position of the set: the end of the file, or of its last complete
 * event. */
GTIDPOS_API uint64_t gtidpos_scan_summary_end(const gtidpos_scan_summary *s);
/* Events walked; transactions that ended. */
GTIDPOS_API uint64_t gtidpos_scan_summary_events(const gtidpos_scan_summary *s);
GTIDPOS_API uint64_t gtidpos_scan_summary_transactions(const gtidpos_scan_summary *s);
/* The first and last GTID ("" when none had one). */
GTIDPOS_API const char *gtidpos_scan_summary_first_gtid(const gtidpos_scan_summary *s);
GTIDPOS_API const char *gtidpos_scan_summary_last_gtid(const gtidpos_scan_summary *s);
/* The starting set, as text; MySQL: the set of the file's GTIDs, MariaDB:
 * the last GTID per domain (NULL when unknown). */
GTIDPOS_API const char *gtidpos_scan_summary_previous_gtids(const gtidpos_scan_summary *s);
GTIDPOS_API const char *gtidpos_scan_summary_added_gtids(const gtidpos_scan_summary *s);
/* 1 when an event had a non-zero timestamp; the least and greatest of
 * those. */
GTIDPOS_API int gtidpos_scan_summary_has_time(const gtidpos_scan_summary *s);
GTIDPOS_API uint32_t gtidpos_scan_summary_min_timestamp(const gtidpos_scan_summary *s);
GTIDPOS_API uint32_t gtidpos_scan_summary_max_timestamp(const gtidpos_scan_summary *s);
/* "crc32", "crc32-unverified", "none", or "mixed" (a relay log's two
 * formats); "" when the scan did not end. */
GTIDPOS_API const char *gtidpos_scan_summary_checksum(const gtidpos_scan_summary *s);
/* 1 when a callback stopped the scan: only events, transactions and the
 * times so far are filled in. */
GTIDPOS_API int gtidpos_scan_summary_stopped(const gtidpos_scan_summary *s);
GTIDPOS_API void gtidpos_scan_summary_free(gtidpos_scan_summary *s); /* NULL: no-op */

/* --- events with mariadb-binlog's filters (issue 14; src/lib/api_events.c) --- */

/* Which events gtidpos_events() lists: mariadb-binlog's and mysqlbinlog's
 * selection options (man gtidpos(1), EVENTS).  Opaque. */
typedef struct gtidpos_event_filter gtidpos_event_filter;

GTIDPOS_API gtidpos_status gtidpos_event_filter_new(gtidpos_event_filter **out,
                                                    gtidpos_error *err);
/*
 * Set one option, by mariadb-binlog's name and with its value syntax:
 * "start-position" / "stop-position" (a byte offset, applied to the first
 * / last file, or a MariaDB GTID list), "start-datetime" /
 * "stop-datetime" (local time, TZ), "include-gtids" / "exclude-gtids" (a
 * MySQL GTID set), "do-domain-ids", "ignore-domain-ids", "do-server-ids",
 * "ignore-server-ids" (ids separated by commas), "gtid-strict-mode" ("0"
 * or "1", default 1).  GTIDPOS_ERR_PARSE, with one line naming the option,
 * when value is malformed or contradicts another option.
 */
GTIDPOS_API gtidpos_status gtidpos_event_filter_set(gtidpos_event_filter *f, const char *name,
                                                    const char *value, gtidpos_error *err);
GTIDPOS_API void gtidpos_event_filter_free(gtidpos_event_filter *f); /* NULL: no-op */

/* A warning of gtidpos_events(), one line. */
typedef void (*gtidpos_warning_fn)(void *ctx, const char *message);

/*
 * List the events of the files paths[0..n-1], in that order (a directory
 * given as one path: gtidpos_list_dir()), through filter (NULL: every
 * event), as mariadb-binlog lists them with the same options: the same
 * events, told by their offsets.  opt as for gtidpos_open() (NULL:
 * defaults).  on_event (required) gets each event listed, in order (a
 * non-zero return stops the listing, which returns GTIDPOS_OK);
 * on_warning (may be NULL) each warning.  An in-use last file cut inside
 * its last event is a warning.
 * Errors name the file and offset; a GTID start position the files never
 * reach is GTIDPOS_ERR_POSITION after the events were listed.
 */
GTIDPOS_API gtidpos_status gtidpos_events(const char *const *paths, size_t n,
                                          const gtidpos_options *opt,
                                          gtidpos_event_filter *filter,
                                          gtidpos_event_fn on_event,
                                          gtidpos_warning_fn on_warning, void *ctx,
                                          gtidpos_error *err);


/* --- gtidpos at --emit (issue 17): the answer in the form a consumer of
 * "the GTID set at binlog_name:pos" takes (man gtidpos(1), EMIT FORMS). */
typedef enum gtidpos_emit_form {
    GTIDPOS_EMIT_JSON = 0,     /* gtidpos_set_format_json() */
    GTIDPOS_EMIT_SQL = 1,      /* statements switching a replica to GTIDs */
    GTIDPOS_EMIT_DEBEZIUM = 2, /* the MySQL/MariaDB connector's offset */
    GTIDPOS_EMIT_MAXWELL = 3,  /* Maxwell's positions row */
    GTIDPOS_EMIT_CANAL = 4,    /* canal.instance.master.* properties */
    GTIDPOS_EMIT_FLINK = 5     /* Flink CDC scan.startup.specific-offset.* */
} gtidpos_emit_form;

/* The options of an --emit form.  Opaque. */
typedef struct gtidpos_emit_options gtidpos_emit_options;
/* NULL: out of memory. */
GTIDPOS_API gtidpos_emit_options *gtidpos_emit_options_new(void);
GTIDPOS_API void gtidpos_emit_options_free(gtidpos_emit_options *o); /* NULL: no-op */
/*
 * Set one option by its name (the command's --emit option without the
 * dashes); the value is copied:
 *   "binlog-file"       the source binlog's name, as the source names it
 *                       ("mysql-bin.000012")
 *   "replica-version"   sql: the replica's version ("10.11.6", "8.0.36");
 *                       unset: the primary's
 *   "connection"        sql: MariaDB connection name or MySQL channel;
 *                       unset: the default one
 *   "replica-gtid-pos"  sql, MariaDB: the replica's current gtid_slave_pos,
 *                       to merge with
 *   "server-name"       debezium: the connector's topic.prefix
 *   "client-id"         maxwell: client_id; unset: "maxwell"
 * GTIDPOS_ERR_PARSE for an unknown name.
 */
GTIDPOS_API gtidpos_status gtidpos_emit_options_set(gtidpos_emit_options *o, const char *name,
                                                    const char *value, gtidpos_error *err);

/* The form named name ("sql", "debezium", "maxwell", "canal", "flink",
 * "json"); -1 when none is. */
GTIDPOS_API int gtidpos_emit_form_parse(const char *name);
/*
 * set in form, with the options o (NULL: none set), as a malloc'd string
 * (*out, free() it).  An
 * answer the consumer cannot take is refused, nothing written, err saying
 * why: GTIDPOS_ERR_POSITION when the position is inside a transaction;
 * GTIDPOS_ERR_UNSUPPORTED for GTIDs of a flavour the consumer does not
 * read, a set it cannot express, anonymous transactions before the
 * position, a replica version without GTID replication;
 * GTIDPOS_ERR_PARSE for a malformed or missing option.
 */
GTIDPOS_API gtidpos_status gtidpos_set_emit(const gtidpos_set *set, gtidpos_emit_form form,
                                            const gtidpos_emit_options *o, char **out,
                                            gtidpos_error *err);

/* ---- verify --json / --merge (files checked apart, issue 16) ---- */
/*
 * gtidpos_check_chain() in two halves, for files checked on different
 * machines.  gtidpos_check_chain_end(): the set at the start (at_end 0)
 * or at the end of path as an opaque text (malloc'd; free()), NULL when it
 * cannot be read.  gtidpos_check_chain_texts(): what
 * gtidpos_check_chain(prev, next) would report, from prev's end text and
 * next's start text; 0 (nothing compared) when either is NULL.
 */
GTIDPOS_API char *gtidpos_check_chain_end(const char *path, int at_end,
                                          const gtidpos_options *opt);
GTIDPOS_API int gtidpos_check_chain_texts(const char *prev, const char *prev_end,
                                          const char *next, const char *next_start,
                                          gtidpos_problem_fn fn, void *ctx);

/* ---- questions across files: find SET, cover, diff (issue 14) ----------
 *
 * Each takes a list of log files in log order (gtidpos_list_dir() gives a
 * directory's), reads the header of every file (its Previous_gtids /
 * Gtid_list) and then only the files whose headers allow the answer (man
 * gtidpos(1), SEARCHES READ HEADERS): a MySQL file holds only GTIDs of the
 * next file's starting set that are not in its own; a MariaDB file only
 * seq_nos between its Gtid_list's and the next file's, in domains whose
 * seq_nos the headers show growing.  read_all reads every file whole.  Of
 * opt (NULL: the defaults) only the progress hook applies.
 */

/* A transaction of an answer.  Opaque: valid during the callback. */
typedef struct gtidpos_txn gtidpos_txn;
GTIDPOS_API const char *gtidpos_txn_file(const gtidpos_txn *t);   /* the path as given */
GTIDPOS_API size_t gtidpos_txn_file_index(const gtidpos_txn *t);  /* its index in the list */
GTIDPOS_API uint64_t gtidpos_txn_start(const gtidpos_txn *t);     /* its first event */
GTIDPOS_API uint64_t gtidpos_txn_end(const gtidpos_txn *t);       /* the end of its last event */
GTIDPOS_API uint32_t gtidpos_txn_commit_time(const gtidpos_txn *t); /* header timestamp of its
                                                                      last event */
GTIDPOS_API const char *gtidpos_txn_gtid(const gtidpos_txn *t);   /* its GTID, text form */

/* What a question read (each result has one; diff, one per side).
 * Opaque; it belongs to its result. */
typedef struct gtidpos_read_stats gtidpos_read_stats;
/* files in the list */
GTIDPOS_API size_t gtidpos_read_stats_files(const gtidpos_read_stats *s);
/* files read past their header */
GTIDPOS_API size_t gtidpos_read_stats_files_walked(const gtidpos_read_stats *s);
/* bytes walked to read the headers */
GTIDPOS_API uint64_t gtidpos_read_stats_header_bytes(const gtidpos_read_stats *s);
/* bytes walked in the files read past them */
GTIDPOS_API uint64_t gtidpos_read_stats_walked_bytes(const gtidpos_read_stats *s);

typedef void (*gtidpos_txn_fn)(void *ctx, const gtidpos_txn *t);

/* What gtidpos_find_set() found.  Opaque; strings belong to it. */
typedef struct gtidpos_find_result gtidpos_find_result;
/* GTIDPOS_FLAVOR_* of the set */
GTIDPOS_API gtidpos_flavor gtidpos_find_result_flavor(const gtidpos_find_result *r);
/* transactions reported */
GTIDPOS_API uint64_t gtidpos_find_result_found(const gtidpos_find_result *r);
/* members in no file but in the first file's starting set ("" when none;
 * NULL when the search did not get there) */
GTIDPOS_API const char *gtidpos_find_result_older(const gtidpos_find_result *r);
/* members in no file and not older */
GTIDPOS_API const char *gtidpos_find_result_absent(const gtidpos_find_result *r);
GTIDPOS_API const gtidpos_read_stats *gtidpos_find_result_stats(const gtidpos_find_result *r);

/*
 * Every transaction of files[0..n) whose GTID is in set: a MySQL set
 * ("uuid:1-5:7,uuid2:tag:3", one GTID is a set) or a MariaDB list of
 * GTIDs ("0-1-5,0-1-9").  fn is called for each, in file order.  MariaDB
 * texts in *out are lists "d-s-n,...".  Free *out with
 * gtidpos_find_result_free (made also when the search fails: what it found
 * before).  GTIDPOS_ERR_PARSE: a malformed set, or files of
 * the other flavour.
 */
GTIDPOS_API gtidpos_status gtidpos_find_set(const char *const *files, size_t n, const char *set,
                                            int read_all, const gtidpos_options *opt,
                                            gtidpos_txn_fn fn, void *ctx,
                                            gtidpos_find_result **out, gtidpos_error *err);
GTIDPOS_API void gtidpos_find_result_free(gtidpos_find_result *r); /* NULL: no-op */

/* What gtidpos_cover() found.  Opaque; strings belong to it. */
typedef struct gtidpos_cover_result gtidpos_cover_result;
GTIDPOS_API gtidpos_flavor gtidpos_cover_result_flavor(const gtidpos_cover_result *r);
/* the first file a replay reads; n: none (the set holds every
 * transaction of the files) */
GTIDPOS_API size_t gtidpos_cover_result_first_file(const gtidpos_cover_result *r);
/* the start of its first transaction not in set; its commit time and GTID */
GTIDPOS_API uint64_t gtidpos_cover_result_first_byte(const gtidpos_cover_result *r);
GTIDPOS_API uint32_t gtidpos_cover_result_first_commit_time(const gtidpos_cover_result *r);
GTIDPOS_API const char *gtidpos_cover_result_first_gtid(const gtidpos_cover_result *r);
/* GTIDs before the first file (its starting set) that set lacks: no
 * replay of these files brings them ("" when none; NULL when the search
 * did not get there) */
GTIDPOS_API const char *gtidpos_cover_result_missing(const gtidpos_cover_result *r);
GTIDPOS_API const gtidpos_read_stats *gtidpos_cover_result_stats(const gtidpos_cover_result *r);

/*
 * Where a replay of files[0..n) must start to apply everything after set
 * (a MySQL set; a MariaDB GTID state "d-s-n,..." one per domain, holding
 * every seq_no at or below its own, as gtid_slave_pos does): the first
 * transaction whose GTID the set does not hold.  Free *out with
 * gtidpos_cover_result_free (made also when the search fails).
 */
GTIDPOS_API gtidpos_status gtidpos_cover(const char *const *files, size_t n, const char *set,
                                         int read_all, const gtidpos_options *opt,
                                         gtidpos_cover_result **out, gtidpos_error *err);
GTIDPOS_API void gtidpos_cover_result_free(gtidpos_cover_result *r); /* NULL: no-op */

/* What gtidpos_diff() found, per side (0: A, 1: B).  Opaque; strings
 * belong to it. */
typedef struct gtidpos_diff_result gtidpos_diff_result;
GTIDPOS_API gtidpos_flavor gtidpos_diff_result_flavor(const gtidpos_diff_result *r);
/* the side's set at the end of its logs */
GTIDPOS_API const char *gtidpos_diff_result_end(const gtidpos_diff_result *r, int side);
/* MySQL: end[side] minus the other end; MariaDB: the GTIDs reported, a list */
GTIDPOS_API const char *gtidpos_diff_result_only(const gtidpos_diff_result *r, int side);
/* transactions reported for the side */
GTIDPOS_API uint64_t gtidpos_diff_result_count(const gtidpos_diff_result *r, int side);
GTIDPOS_API const gtidpos_read_stats *gtidpos_diff_result_stats(const gtidpos_diff_result *r,
                                                                int side);
/* MariaDB: domains where the sides split (each wrote its own transactions
 * at the same seq_nos, which the seq_no rule counts as executed): one line
 * each, told by a side's last GTID missing from the other side's logs */
GTIDPOS_API size_t gtidpos_diff_result_split_count(const gtidpos_diff_result *r);
GTIDPOS_API const char *gtidpos_diff_result_split(const gtidpos_diff_result *r, size_t i);

/* side 0: a transaction in A's logs that B did not execute; 1: the reverse. */
typedef void (*gtidpos_diff_fn)(void *ctx, int side, const gtidpos_txn *t);

/*
 * The transactions of logs a[0..na) not executed in logs b[0..nb), and
 * the reverse (`gtidpos diff`).  Executed in B: MySQL, in the set at the
 * end of B's logs (Previous_gtids included); MariaDB, present in B's logs
 * or at or below the seq_no of B's end state for its domain.  Free *out
 * with gtidpos_diff_result_free (made also when the comparison fails).
 */
GTIDPOS_API gtidpos_status gtidpos_diff(const char *const *a, size_t na, const char *const *b,
                                        size_t nb, int read_all, const gtidpos_options *opt,
                                        gtidpos_diff_fn fn, void *ctx,
                                        gtidpos_diff_result **out, gtidpos_error *err);
GTIDPOS_API void gtidpos_diff_result_free(gtidpos_diff_result *r); /* NULL: no-op */

#ifdef __cplusplus
}
#endif

#endif
