/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * span_cli.c - shared by find, cover and diff (span_cli.h).
 */
#include "span_cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <getopt.h>

#include "args.h"
#include "exit_status.h"
#include "records.h"
#include "walk_opts.h"

int gp_span_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "gtidpos: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'gtidpos %s --help')\n", cmd);
    return GP_EXIT_USAGE;
}

void gp_span_drop_unopenable(gp_paths *p, int *status)
{
    static const gp_walk_opts inline_io = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_INLINE, 0};
    size_t k = 0;

    for (size_t i = 0; i < p->n; i++) {
        gtidpos_log *log = NULL;
        GP_ERROR_VAR(err);
        int is_stdin = strcmp(p->paths[i], "-") == 0;
        FILE *f = is_stdin ? NULL : fopen(p->paths[i], "rb");

        /* fopen first: opening a log starts reading it, which would cost a
         * read window per file of a large archive */
        if (is_stdin || f != NULL) {
            if (f != NULL)
                fclose(f);
            p->paths[k++] = p->paths[i];
            continue;
        }
        GP_OPTIONS_VAR(lopt, &inline_io);

        if (gtidpos_open(&log, p->paths[i], lopt, err) == GTIDPOS_OK) {
            gtidpos_close(log); /* readable after all: keep it */
            p->paths[k++] = p->paths[i];
            continue;
        }
        int code = gp_report(err);
        if (*status == GP_EXIT_OK)
            *status = code;
        free(p->paths[i]);
    }
    p->n = k;
}

/* Does the file start like a log (binlog magic, gzip, zstd)? */
static int looks_like_log(const char *path)
{
    unsigned char b[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(b, 1, 4, f) : 0;

    if (f)
        fclose(f);
    return n == 4 && ((b[0] == 0xfe && b[1] == 'b' && b[2] == 'i' && b[3] == 'n') ||
                      (b[0] == 0x1f && b[1] == 0x8b) ||
                      (b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd));
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The paths a list file names, one per line. */
static gtidpos_status read_list(gp_paths *out, const char *list, gtidpos_error *err)
{
    FILE *f = fopen(list, "r");
    char line[4096];
    int index = ends_with(list, ".index");
    const char *slash = strrchr(list, '/');
    size_t dirlen = slash ? (size_t)(slash - list) : 0;
    size_t cap = 0;

    memset(out, 0, sizeof *out);
    if (f == NULL) {
        return gtidpos_error_set(err, GTIDPOS_ERR_IO, list, -1, "cannot open the file list");
    }
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\r\n");
        const char *name = line;
        char *path;

        line[len] = '\0';
        if (len == 0)
            continue;
        if (index) { /* the server writes "./name" or a full path */
            const char *base = strrchr(line, '/');
            name = base ? base + 1 : line;
        }
        path = malloc(dirlen + strlen(name) + 3);
        if (path == NULL)
            break;
        if (index && slash)
            sprintf(path, "%.*s/%s", (int)dirlen, list, name);
        else
            strcpy(path, name);
        if (out->n == cap) {
            char **grown = realloc(out->paths, (cap ? cap * 2 : 16) * sizeof *grown);
            if (grown == NULL) {
                free(path);
                break;
            }
            out->paths = grown;
            cap = cap ? cap * 2 : 16;
        }
        out->paths[out->n++] = path;
    }
    fclose(f);
    if (out->n == 0) {
        gtidpos_error_set(err, GTIDPOS_ERR_IO, list, -1, "names no log file");
        gp_paths_free(out);
        return GTIDPOS_ERR_IO;
    }
    return GTIDPOS_OK;
}

gtidpos_status gp_span_side(gp_paths *out, const char *arg, gtidpos_error *err)
{
    char *args[1] = {(char *)arg};
    struct stat sb;

    memset(out, 0, sizeof *out);
    if (strcmp(arg, "-") == 0) {
        return gtidpos_error_set(err, GTIDPOS_ERR_PARSE, "-", -1,
                                 "diff reads a side's last file twice: give files, not "
                                 "standard input");
    }
    if (stat(arg, &sb) == 0 && S_ISREG(sb.st_mode) && !looks_like_log(arg))
        return read_list(out, arg, err);
    return gp_paths_expand(out, args, 1, err); /* a directory, or one log */
}

const char *gp_span_stdin_label = NULL;

/* The name a record gives the file. */
const char *gp_span_name(const char *file)
{
    return gp_span_stdin_label != NULL && strcmp(file, "-") == 0 ? gp_span_stdin_label : file;
}

void gp_span_txn_tsv(FILE *out, const char *prefix, const gtidpos_txn *t, int with_time)
{
    gp_rec r;

    gp_rec_begin(&r, out, GP_REC_TSV, 0);
    if (prefix != NULL)
        gp_rec_str(&r, "side", prefix);
    gp_rec_str(&r, "file", gp_span_name(gtidpos_txn_file(t)));
    gp_rec_u64(&r, "start", gtidpos_txn_start(t));
    gp_rec_u64(&r, "end", gtidpos_txn_end(t));
    gp_rec_str(&r, "gtid", gtidpos_txn_gtid(t));
    if (with_time)
        gp_rec_utc(&r, "commit_time", 1, gtidpos_txn_commit_time(t));
    gp_rec_end(&r);
}

void gp_span_json_str(FILE *out, const char *name, const char *text)
{
    fprintf(out, "\"%s\":", name);
    gp_put_json_string(out, text != NULL ? text : "");
}

void gp_span_txn_json(FILE *out, const gtidpos_txn *t)
{
    char when[32] = "";
    time_t ts = (time_t)gtidpos_txn_commit_time(t);
    struct tm tm;

    if (gmtime_r(&ts, &tm) != NULL)
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputc('{', out);
    gp_span_json_str(out, "file", gp_span_name(gtidpos_txn_file(t)));
    fprintf(out, ",\"start\":%llu,\"end\":%llu,", (unsigned long long)gtidpos_txn_start(t),
            (unsigned long long)gtidpos_txn_end(t));
    gp_span_json_str(out, "gtid", gtidpos_txn_gtid(t));
    fprintf(out, ",\"commit_timestamp\":%lu,\"commit_time\":\"%s\"}",
            (unsigned long)gtidpos_txn_commit_time(t), when);
}

void gp_span_stats_json(FILE *out, const gtidpos_read_stats *st)
{
    fprintf(out,
            "{\"files\":%zu,\"files_walked\":%zu,\"header_bytes\":%llu,\"walked_bytes\":%llu}",
            gtidpos_read_stats_files(st), gtidpos_read_stats_files_walked(st),
            (unsigned long long)gtidpos_read_stats_header_bytes(st),
            (unsigned long long)gtidpos_read_stats_walked_bytes(st));
}

int gp_span_parse_args(const char *cmd, const char *usage, int argc, char **argv, gp_span_args *a)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, 'j'},
        {"read-all", no_argument, NULL, 'a'},
        GP_PATH_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":hja" GP_PATH_SHORTOPTS;
    GP_ERROR_VAR(err);
    int c;

    a->json = a->read_all = 0;
    a->po = (gp_path_opts)GP_PATH_OPTS_INIT;
    optind = 1;
    opterr = 0;
    if (gp_args_wants_help(argc, argv, shortopts, longopts)) /* --help anywhere */
        return gp_print_help(usage);
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'j')
            a->json = 1;
        else if (c == 'a')
            a->read_all = 1;
        else if (!gp_path_option(&a->po, c, optarg))
            return gp_option_error(argv, c);
    }
    if (argc - optind < (a->po.files_from ? 1 : 2))
        return gp_span_usage(cmd, "takes a GTID set and at least one PATH (or --files-from)");
    a->set = argv[optind];
    if (gp_paths_collect(&a->paths, &a->po, argv + optind + 1, (size_t)(argc - optind - 1),
                         err) != GTIDPOS_OK)
        return gp_report(err);
    gp_span_stdin_label = a->po.label;
    if (a->paths.n == 0) {
        gp_paths_free(&a->paths);
        return gp_span_usage(cmd, "no PATH: --files-from listed none");
    }
    return -1;
}
