/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_scan.c - gtidpos scan PATH...: every transaction boundary, or one
 * summary per file, as TSV, CSV or JSON lines; files scanned in parallel.
 *
 * Written on the public library API (include/gtidpos.h) alone.
 *
 * Each file's answer depends on that file alone (gtidpos_scan), so N
 * worker threads take the files in turn and write each one's records and
 * messages into its own memory buffer; the main thread prints the buffers
 * in input order as they complete (and, on a terminal, the progress).
 */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "paths.h"
#include "progress.h"
#include "records.h"
#include "walk_opts.h"

static const char scan_usage[] =
    "usage: gtidpos scan PATH... [--boundaries | --summary] [--sets]\n"
    "                    [--format tsv|csv|jsonl] [--header] [-j N]\n"
    "                    [--flavor mysql|mariadb] [--verify none|gtid|all]\n"
    "\n"
    "Scan binlogs and relay logs in one pass each.  PATH is a file, a .gz or\n"
    ".zst of one, - for standard input, or a directory (its log files in log\n"
    "order).  Records go to stdout in the order of the files.\n"
    "\n"
    "  --boundaries   one record per transaction boundary (default):\n"
    "                 file start end gtid timestamp epoch [gtid_set]\n"
    "  --sets         add gtid_set, the set at end (= gtidpos at FILE:END)\n"
    "  --summary      one record per file: name flavor server_version size\n"
    "                 end events transactions first_gtid last_gtid\n"
    "                 previous_gtids added_gtids gtid_set min_timestamp\n"
    "                 max_timestamp checksum\n"
    "  --format F     tsv (default), csv (RFC 4180) or jsonl\n"
    "  --header       a first line of field names (tsv, csv); without it\n"
    "                 the outputs of several runs concatenate cleanly\n"
    "  -j, --jobs N   scan N files at a time (default: the number of CPUs)\n"
    "  --flavor F     mysql or mariadb (default: from each file's server)\n"
    "  --verify V     all: check every event's CRC32 (default); gtid: only\n"
    "                 the events decoded; none: no checksum check\n"
    GP_PATH_HELP
    "\n"
    "Timestamps are UTC, ISO 8601.  A file that cannot be scanned is named on\n"
    "stderr (file and offset) and the others are still scanned; the exit\n"
    "status is then that of the first such file.  JSON lines start with\n"
    "\"schema_version\":1.  On a terminal, progress goes to stderr.\n";

typedef struct scan_config {
    int summary;
    int sets;
    gp_rec_format format;
    gp_walk_opts open; /* io: GTIDPOS_IO_INLINE when files run side by side */
} scan_config;

/* One input file: its answer, kept until its turn to be printed. */
typedef struct scan_job {
    const char *path;
    const char *name;            /* in records and messages (--label) */
    char *out, *err;             /* stdout and stderr text */
    size_t out_len, err_len;
    int status;                  /* exit status */
    atomic_int done;             /* set under the run's mutex */
} scan_job;

typedef struct scan_run {
    const scan_config *cfg;
    const gp_paths *paths;
    gp_progress *prog;
    scan_job *jobs;
    size_t n;
    atomic_size_t next;          /* next job to take */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} scan_run;

/* Writing one file's records into its buffer. */
typedef struct file_out {
    const scan_config *cfg;
    const char *path;
    FILE *out;
    int nomem;        /* a boundary's set could not be formatted */
} file_out;

static int boundary_record(void *ctx, const gtidpos_boundary *b)
{
    file_out *fo = ctx;
    char *set = NULL;
    gp_rec r;

    if (fo->cfg->sets && (set = gtidpos_set_format(gtidpos_boundary_set(b))) == NULL) {
        fo->nomem = 1;
        return 1;
    }
    gp_rec_begin(&r, fo->out, fo->cfg->format, 0);
    gp_rec_str(&r, "file", fo->path);
    gp_rec_u64(&r, "start", gtidpos_boundary_start(b));
    gp_rec_u64(&r, "end", gtidpos_boundary_end(b));
    gp_rec_str(&r, "gtid", gtidpos_boundary_gtid(b)[0] ? gtidpos_boundary_gtid(b) : NULL);
    gp_rec_utc(&r, "timestamp", 1, gtidpos_boundary_timestamp(b));
    gp_rec_u64(&r, "epoch", gtidpos_boundary_timestamp(b));
    if (fo->cfg->sets)
        gp_rec_str(&r, "gtid_set", set);
    if (gp_rec_end(&r) != 0)
        fo->nomem = 1;
    free(set);
    return fo->nomem;
}

/* The boundary record's fields (values unused) for --header. */
static void boundary_header(const scan_config *cfg, FILE *out)
{
    gp_rec r;

    gp_rec_begin(&r, out, cfg->format, 1);
    gp_rec_str(&r, "file", NULL);
    gp_rec_u64(&r, "start", 0);
    gp_rec_u64(&r, "end", 0);
    gp_rec_str(&r, "gtid", NULL);
    gp_rec_str(&r, "timestamp", NULL);
    gp_rec_u64(&r, "epoch", 0);
    if (cfg->sets)
        gp_rec_str(&r, "gtid_set", NULL);
    gp_rec_end(&r);
}

/* One summary record; header: the field names.  s may be NULL then. */
static int summary_record(const scan_config *cfg, FILE *out, const char *path,
                          const gtidpos_scan_summary *s, int header)
{
    const gtidpos_set *ss = header ? NULL : gtidpos_scan_summary_set(s);
    const char *first = header ? "" : gtidpos_scan_summary_first_gtid(s);
    const char *last = header ? "" : gtidpos_scan_summary_last_gtid(s);
    char *set = NULL;
    gp_rec r;
    int rc;

    if (!header && (set = gtidpos_set_format(ss)) == NULL)
        return -1;
    gp_rec_begin(&r, out, cfg->format, header);
    gp_rec_str(&r, "name", path);
    gp_rec_str(&r, "flavor", header                                           ? NULL
                             : gtidpos_set_flavor(ss) == GTIDPOS_FLAVOR_MARIADB ? "mariadb"
                                                                                 : "mysql");
    gp_rec_str(&r, "server_version", header ? NULL : gtidpos_set_server_version(ss));
    gp_rec_u64(&r, "size", header ? 0 : gtidpos_scan_summary_size(s));
    gp_rec_u64(&r, "end", header ? 0 : gtidpos_scan_summary_end(s));
    gp_rec_u64(&r, "events", header ? 0 : gtidpos_scan_summary_events(s));
    gp_rec_u64(&r, "transactions", header ? 0 : gtidpos_scan_summary_transactions(s));
    gp_rec_str(&r, "first_gtid", header || !first[0] ? NULL : first);
    gp_rec_str(&r, "last_gtid", header || !last[0] ? NULL : last);
    gp_rec_str(&r, "previous_gtids", header ? NULL : gtidpos_scan_summary_previous_gtids(s));
    gp_rec_str(&r, "added_gtids", header ? NULL : gtidpos_scan_summary_added_gtids(s));
    gp_rec_str(&r, "gtid_set", set);
    gp_rec_utc(&r, "min_timestamp", !header && gtidpos_scan_summary_has_time(s),
               header ? 0 : gtidpos_scan_summary_min_timestamp(s));
    gp_rec_utc(&r, "max_timestamp", !header && gtidpos_scan_summary_has_time(s),
               header ? 0 : gtidpos_scan_summary_max_timestamp(s));
    gp_rec_str(&r, "checksum", header ? NULL : gtidpos_scan_summary_checksum(s));
    rc = gp_rec_end(&r);
    free(set);
    return rc;
}

/* Scan paths[i] into job->out / job->err. */
static void scan_file(const scan_config *cfg, const gp_paths *paths, size_t i, scan_job *job)
{
    FILE *out = open_memstream(&job->out, &job->out_len);
    FILE *err = open_memstream(&job->err, &job->err_len);
    file_out fo = {cfg, job->name, out, 0};
    gtidpos_scan_summary *s = NULL;
    gtidpos_log *log = NULL;
    GP_ERROR_VAR(e);

    if (out == NULL || err == NULL) {
        if (out)
            fclose(out);
        if (err)
            fclose(err);
        job->status = GP_EXIT_INTERNAL;
        return;
    }
    job->status = GP_EXIT_OK;
    GP_OPTIONS_VAR(lopt, &cfg->open);

    if (gtidpos_open(&log, job->path, lopt, e) != GTIDPOS_OK ||
        gtidpos_scan(log, cfg->summary ? NULL : boundary_record, NULL, &fo, &s, e) !=
            GTIDPOS_OK) {
        job->status = gp_paths_report_to(err, paths, i, e);
    } else if (fo.nomem || (cfg->summary && summary_record(cfg, out, job->name, s, 0) != 0)) {
        fprintf(err, "gtidpos: %s: out of memory\n", job->name);
        job->status = GP_EXIT_INTERNAL;
    } else {
        gp_print_set_warnings(err, gtidpos_scan_summary_set(s));
    }
    gtidpos_scan_summary_free(s);
    gtidpos_close(log);
    if (ferror(out) || ferror(err))
        job->status = GP_EXIT_INTERNAL;
    fclose(out);
    fclose(err);
}

static void *worker(void *arg)
{
    scan_run *run = arg;
    size_t i;

    while ((i = atomic_fetch_add(&run->next, 1)) < run->n) {
        scan_file(run->cfg, run->paths, i, &run->jobs[i]);
        gp_progress_file_done(run->prog);
        pthread_mutex_lock(&run->mu);
        atomic_store(&run->jobs[i].done, 1);
        pthread_cond_broadcast(&run->cv);
        pthread_mutex_unlock(&run->mu);
    }
    return NULL;
}

/* --------------------------------------------------------------- command */

static int parse_jobs(const char *s, long *n)
{
    uint64_t v;

    if (gp_parse_pos(s, &v) != 0 || v < 1 || v > 1024)
        return -1;
    *n = (long)v;
    return 0;
}

/* Print each job's buffers in order as the jobs complete; the exit
 * status of the first failed file, or 0. */
static int print_in_order(scan_run *run)
{
    int status = GP_EXIT_OK;

    for (size_t i = 0; i < run->n; i++) {
        scan_job *job = &run->jobs[i];

        pthread_mutex_lock(&run->mu);
        while (!atomic_load(&job->done))
            pthread_cond_wait(&run->cv, &run->mu);
        pthread_mutex_unlock(&run->mu);
        gp_progress_hold(run->prog);
        if (job->out_len > 0)
            fwrite(job->out, 1, job->out_len, stdout);
        if (job->err_len > 0) {
            fflush(stdout);
            fwrite(job->err, 1, job->err_len, stderr);
        }
        free(job->out);
        free(job->err);
        job->out = job->err = NULL;
        if (job->status != GP_EXIT_OK && status == GP_EXIT_OK)
            status = job->status;
        fflush(stdout); /* before the line may be drawn again */
        gp_progress_release(run->prog);
    }
    return status;
}

static int run_scan(const scan_config *cfg, const gp_paths *paths, long jobs, int progress)
{
    scan_run run;
    pthread_t *threads;
    long started = 0;
    int status;

    memset(&run, 0, sizeof run);
    run.cfg = cfg;
    run.paths = paths;
    run.n = paths->n;
    run.jobs = calloc(paths->n, sizeof *run.jobs);
    if (jobs > (long)paths->n)
        jobs = (long)paths->n;
    threads = calloc((size_t)jobs, sizeof *threads);
    if (run.jobs == NULL || threads == NULL) {
        free(run.jobs);
        free(threads);
        fputs("gtidpos: out of memory\n", stderr);
        return GP_EXIT_INTERNAL;
    }
    for (size_t i = 0; i < paths->n; i++) {
        run.jobs[i].path = paths->paths[i];
        run.jobs[i].name = gp_paths_name(paths, i);
    }
    atomic_init(&run.next, 0);
    pthread_mutex_init(&run.mu, NULL);
    pthread_cond_init(&run.cv, NULL);
    run.prog = gp_progress_start("scan", progress, paths);

    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &run) != 0)
            break;
    if (started == 0) /* no thread at all: scan here */
        worker(&run);
    status = print_in_order(&run);
    for (long i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    gp_progress_stop(run.prog);
    pthread_cond_destroy(&run.cv);
    pthread_mutex_destroy(&run.mu);
    free(threads);
    free(run.jobs);
    return status;
}

int gp_cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"boundaries", no_argument, NULL, 'b'},
        {"summary", no_argument, NULL, 's'},
        {"sets", no_argument, NULL, 'S'},
        {"format", required_argument, NULL, 'F'},
        {"header", no_argument, NULL, 'H'},
        {"jobs", required_argument, NULL, 'j'},
        {"flavor", required_argument, NULL, 'f'},
        {"verify", required_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        GP_PATH_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":hj:" GP_PATH_SHORTOPTS;
    gp_path_opts po = GP_PATH_OPTS_INIT;
    scan_config cfg = {0, 0, GP_REC_TSV, {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0}};
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int header = 0, boundaries = 0, c, status;
    gp_paths paths;
    GP_ERROR_VAR(perr);

    if (gp_args_wants_help(argc, argv, shortopts, longopts))
        return gp_print_help(scan_usage);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (gp_path_option(&po, c, optarg))
            continue;
        switch (c) {
        case 'b':
            boundaries = 1;
            break;
        case 's':
            cfg.summary = 1;
            break;
        case 'S':
            cfg.sets = 1;
            break;
        case 'F':
            if (gp_rec_parse_format(optarg, &cfg.format) != 0)
                return gp_usage_error("--format must be tsv, csv or jsonl, not '%s'", optarg);
            break;
        case 'H':
            header = 1;
            break;
        case 'j':
            if (parse_jobs(optarg, &jobs) != 0)
                return gp_usage_error("-j wants a number of files from 1 to 1024, not '%s'",
                                      optarg);
            break;
        case 'f':
            if (gp_parse_flavor_option(optarg, &cfg.open.flavor) != 0)
                return gp_usage_error("--flavor must be mysql or mariadb, not '%s'", optarg);
            break;
        case 'v':
            if (gp_parse_verify_option(optarg, &cfg.open.verify) != 0)
                return gp_usage_error("--verify must be none, gtid or all, not '%s'", optarg);
            break;
        case 'h':
            return gp_print_help(scan_usage);
        default:
            return gp_option_error(argv, c);
        }
    }
    if (boundaries && cfg.summary)
        return gp_usage_error("scan: --boundaries and --summary exclude each other");
    if (cfg.sets && cfg.summary)
        return gp_usage_error("scan: --sets goes with --boundaries (a summary has its sets)");
    if (argc - optind < 1 && po.files_from == NULL)
        return gp_usage_error("scan takes at least one PATH");
    if (jobs < 1)
        jobs = 1;

    if (gp_paths_collect(&paths, &po, argv + optind, (size_t)(argc - optind), perr) !=
        GTIDPOS_OK)
        return gp_report(perr);
    if (paths.n == 0) {
        gp_paths_free(&paths);
        return gp_usage_error("scan: --files-from %s names no PATH", po.files_from);
    }
    if (header && cfg.format != GP_REC_JSONL) {
        if (cfg.summary)
            summary_record(&cfg, stdout, NULL, NULL, 1);
        else
            boundary_header(&cfg, stdout);
    }
    /* One file reads on a second thread while it is walked.  Several
     * files are read inline, one core per walk: -j N uses N cores (so -j 1
     * leaves the other cores to the server whose logs these are), and a
     * reader thread per file would only add switching (bench/README.md). */
    cfg.open.io = paths.n > 1 ? GTIDPOS_IO_INLINE : GTIDPOS_IO_READ;
    status = run_scan(&cfg, &paths, jobs, po.progress);
    status = gp_flush_stdout("records", status);
    gp_paths_free(&paths);
    return status;
}
