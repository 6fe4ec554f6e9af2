/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.c - the progress line (see progress.h).  Public API only.
 */
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct gp_progress {
    const char *cmd;
    int tty;                  /* redraw in place; else one line a second */
    int forced;               /* --progress: a last line even when quick */
    double delay;             /* seconds before the first line */
    size_t files;
    uint64_t total;           /* the files' sizes on disk */
    int total_known;          /* every file has a size (no pipe) */
    atomic_size_t files_done;
    _Atomic uint64_t bytes;   /* binlog bytes read: the library's hook */
    struct timespec t0;
    pthread_t thread;
    pthread_mutex_t mu;       /* the line on the screen, and these: */
    pthread_cond_t cv;
    int stopping, held, shown;
    double last_drawn;
};

/* the one running (there is one library hook per process) */
static _Atomic(gp_progress *) active;

static void add_bytes(void *ctx, uint64_t n)
{
    gp_progress *p = ctx;

    atomic_fetch_add_explicit(&p->bytes, n, memory_order_relaxed);
}

static double elapsed(const gp_progress *p)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->t0.tv_sec) + (double)(now.tv_nsec - p->t0.tv_nsec) / 1e9;
}

static void erase(gp_progress *p)
{
    if (p->shown && p->tty)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}

/* One line; mu held. */
static void draw(gp_progress *p, double el, int last)
{
    uint64_t done = atomic_load_explicit(&p->bytes, memory_order_relaxed);
    double mib = 1048576.0, rate = el > 0 ? (double)done / el : 0;
    int with_total = p->total_known && done <= p->total;

    if (p->tty)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "gtidpos %s: %zu/%zu files, %.1f", p->cmd, atomic_load(&p->files_done),
            p->files, (double)done / mib);
    if (with_total)
        fprintf(stderr, "/%.1f", (double)p->total / mib);
    fprintf(stderr, " MiB, %.0f MiB/s", rate / mib);
    if (last)
        fprintf(stderr, ", done in %.1f s", el);
    else if (with_total && rate > 0 && p->total > done)
        fprintf(stderr, ", ETA %.0f s", (double)(p->total - done) / rate);
    if (!p->tty)
        fputc('\n', stderr);
    fflush(stderr);
    p->shown = 1;
    p->last_drawn = el;
}

static void *run(void *arg)
{
    gp_progress *p = arg;

    pthread_mutex_lock(&p->mu);
    while (!p->stopping) {
        struct timespec until;
        double el = elapsed(p);

        if (!p->held && el >= p->delay && (p->tty || !p->shown || el - p->last_drawn >= 1.0))
            draw(p, el, 0);
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 250000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &until);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* auto: a terminal that can take "\r" and an erase-line sequence */
static int wanted(int mode)
{
    const char *term = getenv("TERM");

    if (mode >= 0)
        return mode;
    return isatty(STDERR_FILENO) && term != NULL && *term && strcmp(term, "dumb") != 0;
}

gp_progress *gp_progress_start(const char *cmd, int mode, const gp_paths *paths)
{
    const char *d = getenv("GTIDPOS_PROGRESS_DELAY");
    pthread_condattr_t ca;
    gp_progress *p;

    if (!wanted(mode) || (p = calloc(1, sizeof *p)) == NULL)
        return NULL;
    p->cmd = cmd;
    /* redrawn in place only where "\r" and ESC [ K work: not TERM=dumb
     * (forced there, it writes lines as into a file) */
    p->tty = isatty(STDERR_FILENO) && wanted(-1);
    p->forced = mode == 1;
    p->delay = d != NULL && *d ? strtod(d, NULL) : 0.5;
    p->files = paths->n;
    p->total_known = 1;
    for (size_t i = 0; i < paths->n; i++) {
        struct stat st;
        if (strcmp(paths->paths[i], "-") != 0 && stat(paths->paths[i], &st) == 0 &&
            S_ISREG(st.st_mode))
            p->total += (uint64_t)st.st_size;
        else
            p->total_known = 0;
    }
    atomic_init(&p->files_done, 0);
    atomic_init(&p->bytes, 0);
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    pthread_mutex_init(&p->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (p->delay <= 0) /* no delay: the line is there from the start */
        draw(p, 0, 0);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    active = p;
    return p;
}

void gp_progress_feed(void *ctx, uint64_t bytes)
{
    gp_progress *p = active;

    (void)ctx;
    if (p != NULL)
        add_bytes(p, bytes);
}

void gp_progress_hold_active(void)
{
    gp_progress_hold(active);
}

void gp_progress_release_active(void)
{
    gp_progress_release(active);
}

void gp_progress_file_done(gp_progress *p)
{
    if (p != NULL)
        atomic_fetch_add(&p->files_done, 1);
}

void gp_progress_hold(gp_progress *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    if (p->tty)
        erase(p);
    p->held = 1;
    pthread_mutex_unlock(&p->mu);
}

void gp_progress_release(gp_progress *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->held = 0;
    pthread_mutex_unlock(&p->mu);
}

void gp_progress_stop(gp_progress *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    active = NULL;
    if (p->tty)
        erase(p);
    /* forced: always a last line, even for a run too short to draw one */
    if (p->forced && !p->tty)
        draw(p, elapsed(p), 1);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
