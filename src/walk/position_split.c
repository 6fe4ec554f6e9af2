/* SPDX-License-Identifier: BSD-2-Clause */
#include "walk/position_split.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/crc.h"
#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"
#include "io/source.h"

/* How far past a split point to look for a transaction's first event.  A
 * transaction is rarely larger; when none starts there, no split. */
#define SEARCH_LEN (1u << 20)
/* Below this much left, the caller does not take over half of the far
 * walk's rest (it would spend more starting than it saves). */
#define REBALANCE_MIN (4u << 20)

int gp_split_hold_far_walk;

struct gp_at_tail {
    gp_log log;              /* the walk's own reading */
    const gp_log *whole;     /* the caller's walk (read by the caller only) */
    uint64_t start, pos;
    gtidpos_flavor flavor;
    int gtids_forbidden;
    gp_fde fde;              /* the format it frames with */
    pthread_t thread;
    int running;
    struct gp_at_tail *share;        /* the caller's share of the rest */
    const atomic_int *give_up_when;  /* a share: stop when this is set */
    /* Shared between the two threads, each on a cache line of its own. */
    _Alignas(64) atomic_int stop;    /* the caller gave up on this walk */
    _Alignas(64) _Atomic uint64_t cut; /* the caller asks it to end here */
    _Alignas(64) _Atomic uint64_t progress; /* its next event's offset */
    _Alignas(64) atomic_int cut_refused;    /* it cannot end at cut */
    atomic_int done;
    atomic_int caller_arrived; /* (tests) the caller reached its start */
    /* Written by the walk, read by the caller after it ended. */
    _Alignas(64) int ok;     /* ended cleanly: its result stands */
    int cut_taken;           /* ended at cut, not at pos or the end */
    gp_at_result r;
    gp_txn txn, last_txn;
    int walked, reached;
    gp_event prev;
    uint64_t boundary;
    /* The walk's own, while it runs (engine hooks). */
    uint64_t n_framed;
    int cut_ignored;
    int stopping;            /* told to stop: give up at the next event */
};

static int starts_transaction(uint8_t type, gtidpos_flavor flavor)
{
    if (flavor == GTIDPOS_FLAVOR_MARIADB)
        return type == GP_EV_MARIA_GTID;
    return type == GP_EV_GTID || type == GP_EV_ANONYMOUS_GTID || type == GP_EV_GTID_TAGGED;
}

/*
 * A candidate first event of a transaction at buf[q] (buf holds the file
 * from offset base on): its type, a size that fits, a header log_pos equal
 * to its end (what a server writes in its own binlog; a relay log's
 * log_pos is the source's, so relay logs find none and are not split) and,
 * with CRC32, its checksum.  Only a hint: a walk that frames an event
 * exactly there proves it.
 */
static int is_candidate(const uint8_t *buf, size_t n, size_t q, uint64_t base,
                        const gp_fde *fde, gtidpos_flavor flavor)
{
    const uint8_t *p = buf + q;
    uint32_t size, trailer = gp_event_trailer_len(p[GP_EVH_TYPE], fde);

    if (!starts_transaction(p[GP_EVH_TYPE], flavor))
        return 0;
    size = gp_load_u32le(p + GP_EVH_EVENT_SIZE);
    if (size < (uint32_t)fde->header_len + trailer || size > n - q ||
        gp_load_u32le(p + GP_EVH_LOG_POS) != (uint32_t)(base + q + size))
        return 0;
    return trailer == 0 ||
           gp_crc32(0, p, size - GP_CHECKSUM_LEN) == gp_load_u32le(p + size - GP_CHECKSUM_LEN);
}

/* The first candidate at or after from, before limit, in log's file and
 * format; 0 when none. */
static uint64_t find_start(const gp_log *log, uint64_t from, uint64_t limit, gtidpos_flavor flavor)
{
    const gp_fde *fde = &log->fde;
    size_t want = limit - from < SEARCH_LEN ? (size_t)(limit - from) : SEARCH_LEN;
    size_t n = 0, q;
    uint64_t found = 0;
    gp_source *src;
    gp_error e;
    uint8_t *buf;

    if (fde->header_len < GP_EVH_LEN_V4 || want < fde->header_len)
        return 0;
    if ((buf = malloc(want)) == NULL)
        return 0;
    if (gp_source_open_range(&src, log->src, from, &e) == GTIDPOS_OK) {
        ssize_t got;
        while (n < want && (got = gp_source_read(src, buf + n, want - n)) > 0)
            n += (size_t)got;
        gp_source_close(src);
    }
    for (q = 0; n >= fde->header_len && q <= n - fde->header_len; q++) {
        if (is_candidate(buf, n, q, from, fde, flavor)) {
            found = from + q;
            break;
        }
    }
    free(buf);
    return found;
}

static int told_to_stop(const gp_at_tail *t)
{
    return atomic_load_explicit(&t->stop, memory_order_relaxed) ||
           (t->give_up_when != NULL &&
            atomic_load_explicit(t->give_up_when, memory_order_relaxed));
}

/* Before each event: publish the progress, and say where the walk must
 * stop (where the caller cuts it, unless it found it could not end there;
 * at once when told to stop). */
static uint64_t far_limit(void *ctx)
{
    gp_at_tail *t = ctx;

    atomic_store_explicit(&t->progress, t->log.next, memory_order_relaxed);
    if ((++t->n_framed & 1023) == 0 && told_to_stop(t))
        t->stopping = 1;
    if (t->stopping)
        return 0;
    return t->cut_ignored ? GP_POS_END : atomic_load_explicit(&t->cut, memory_order_acquire);
}

/* An event at or past the limit: stop, or end at the cut. */
static gp_walk_verdict far_on_frame(void *ctx, gp_walk *w, const gp_event *ev, gtidpos_status *rc)
{
    gp_at_tail *t = ctx;
    uint64_t cut = atomic_load_explicit(&t->cut, memory_order_acquire);

    *rc = GTIDPOS_OK;
    if (t->stopping) {
        w->gave_up = 1;
        return GP_WALK_END;
    }
    if (ev->offset == cut) {
        t->cut_taken = 1;
        return GP_WALK_END;
    }
    /* already past it, or it is no boundary: go on to the end */
    t->cut_ignored = 1;
    atomic_store(&t->cut_refused, 1);
    return GP_WALK_TAKE;
}

/*
 * Walk from t->start to pos, or to the end, or to where the caller cuts
 * it: a strict walk of the engine, which gives up where the ordinary walk
 * would have something to say.  The running state stays in the walk and
 * t's shared fields are written at the end: the other thread reads them
 * meanwhile, and a cache line both use, written once per event, would
 * slow both down.
 */
static void *walk(void *arg)
{
    gp_at_tail *t = arg;
    gp_walk_hooks hooks = {0};
    gp_walk w;
    gp_error e;

    hooks.ctx = t;
    hooks.on_frame = far_on_frame;
    hooks.limit = far_limit;
    while (gp_split_hold_far_walk && t->give_up_when == NULL && !told_to_stop(t) &&
           !atomic_load(&t->caller_arrived))
        sched_yield(); /* tests: let the caller catch up and cut */
    if (gp_walk_init_strict(&w, &t->log, t->start, t->flavor, t->gtids_forbidden, &t->r,
                            &e) != GTIDPOS_OK)
        goto out;
    w.hooks = &hooks;
    if (gp_walk_run(&w, t->pos) != GTIDPOS_OK || w.gave_up)
        goto out;
    /* the caller's share starts at cut as the ordinary walk would: with no
     * transaction open there */
    if (t->cut_taken && w.txn.state != GP_TXN_IDLE)
        goto out;
    t->txn = w.txn;
    t->last_txn = w.last_txn;
    t->prev = w.prev;
    t->boundary = w.boundary;
    t->walked = w.walked;
    t->reached = w.reached;
    t->ok = 1;
out:
    if (!t->ok)
        t->cut_taken = 0; /* gave up: the cut is not proved */
    /* Ended, and not at a cut: a share of the rest is of no use. */
    if (!t->cut_taken)
        atomic_store(&t->cut_refused, 1);
    atomic_store_explicit(&t->done, 1, memory_order_release);
    return NULL;
}

/* A walk of whole's file from start (a candidate boundary) towards pos. */
static gp_at_tail *new_walk(const gp_log *whole, uint64_t start, uint64_t pos, gtidpos_flavor flavor,
                            int gtids_forbidden)
{
    /* _Alignas(64) members: calloc promises less (C11 7.22.3.1) */
    size_t size = (sizeof(gp_at_tail) + 63) / 64 * 64;
    gp_at_tail *t = aligned_alloc(64, size);
    gp_error e;

    if (t == NULL)
        return NULL;
    memset(t, 0, size);
    t->whole = whole;
    t->start = start;
    t->pos = pos;
    t->flavor = flavor;
    t->gtids_forbidden = gtids_forbidden;
    t->fde = whole->fde;
    t->boundary = start;
    atomic_init(&t->stop, 0);
    atomic_init(&t->cut, UINT64_MAX);
    atomic_init(&t->progress, start);
    atomic_init(&t->cut_refused, 0);
    atomic_init(&t->done, 0);
    atomic_init(&t->caller_arrived, 0);
    gp_at_result_init(&t->r);
    if (gp_log_open_tail(&t->log, whole, start, &e) != GTIDPOS_OK) {
        gp_at_tail_free(t);
        return NULL;
    }
    return t;
}

gp_at_tail *gp_at_tail_start(const gp_log *log, uint64_t pos, gtidpos_flavor flavor,
                             int gtids_forbidden)
{
    uint64_t target = pos == GP_POS_END ? log->size : pos, start;
    gp_at_tail *t;

    if (!log->splittable || target <= log->next || target > log->size ||
        target - log->next < log->tune.split_min)
        return NULL;
    start = find_start(log, log->next + (target - log->next) / 2, target, flavor);
    if (start == 0 || start >= target)
        return NULL;
    if ((t = new_walk(log, start, pos, flavor, gtids_forbidden)) == NULL)
        return NULL;
    if (pthread_create(&t->thread, NULL, walk, t) != 0) {
        gp_at_tail_free(t);
        return NULL;
    }
    t->running = 1;
    return t;
}

uint64_t gp_at_tail_offset(const gp_at_tail *t)
{
    return t->start;
}

static void join(gp_at_tail *t)
{
    if (t->running)
        pthread_join(t->thread, NULL);
    t->running = 0;
}

/* The same format (fields compared: a struct's padding may differ). */
static int same_format(const gp_fde *a, const gp_fde *b)
{
    return a->binlog_version == b->binlog_version &&
           strcmp(a->server_version, b->server_version) == 0 &&
           a->version_product == b->version_product && a->flavor == b->flavor &&
           a->header_len == b->header_len && a->n_post_header == b->n_post_header &&
           memcmp(a->post_header_len, b->post_header_len, a->n_post_header) == 0 &&
           a->has_checksum_alg == b->has_checksum_alg && a->checksum_alg == b->checksum_alg;
}

/*
 * The caller reached the far walk's start first (the two parts took
 * different times: large events read slower than small ones).  Take the
 * second half of what the far walk has left: ask it to end at a candidate
 * boundary there, and walk from that boundary on this thread.  The far
 * walk refuses when it is already past it or the candidate is no
 * boundary in its framing; the caller's share then gives up.
 */
static void take_share(gp_at_tail *t)
{
    uint64_t target = t->pos == GP_POS_END ? t->log.size : t->pos;
    uint64_t at = atomic_load_explicit(&t->progress, memory_order_relaxed), min, cut;
    gp_at_tail *share;

    min = t->whole->tune.split_min < REBALANCE_MIN ? t->whole->tune.split_min : REBALANCE_MIN;
    if (at >= target || target - at < min || target - at < 2)
        return;
    cut = find_start(t->whole, at + (target - at) / 2, target, t->flavor);
    if (cut == 0 || cut <= at ||
        (share = new_walk(t->whole, cut, t->pos, t->flavor, t->gtids_forbidden)) == NULL)
        return;
    share->give_up_when = &t->cut_refused;
    t->share = share;
    atomic_store_explicit(&t->cut, cut, memory_order_release);
    atomic_store(&t->caller_arrived, 1);
    walk(share);
}

int gp_at_tail_finish(gp_at_tail *t, const gp_fde *fde, gp_at_tail_result *out)
{
    if (!same_format(fde, &t->fde)) {
        atomic_store(&t->stop, 1);
        join(t);
        return 0;
    }
    if (!atomic_load_explicit(&t->done, memory_order_acquire))
        take_share(t);
    atomic_store(&t->caller_arrived, 1);
    join(t);
    if (!t->ok)
        return 0;
    if (t->cut_taken) {
        /* the far walk ended where the share began: the share proved */
        if (t->share == NULL || !t->share->ok ||
            gp_at_result_absorb(&t->r, &t->last_txn, &t->share->r, &t->share->last_txn) !=
                GP_GTID_OK)
            return 0;
        t->txn = t->share->txn;
        if (t->share->walked) {
            t->walked = 1;
            t->prev = t->share->prev;
            t->boundary = t->share->boundary;
        }
        t->reached = t->share->reached;
    }
    out->r = &t->r;
    out->last_txn = &t->last_txn;
    out->txn = &t->txn;
    out->walked = t->walked;
    out->prev = t->prev;
    out->boundary = t->boundary;
    out->reached = t->reached;
    out->walks = t->cut_taken ? 2 : 1;
    return 1;
}

void gp_at_tail_free(gp_at_tail *t)
{
    if (t == NULL)
        return;
    atomic_store(&t->stop, 1);
    join(t);
    gp_at_tail_free(t->share);
    gp_log_close(&t->log);
    gp_at_result_free(&t->r);
    free(t);
}
