/* SPDX-License-Identifier: BSD-2-Clause */
#include "io/readahead.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slot {
    uint8_t *mem;   /* headroom + chunk */
    size_t len;
    int error;
} slot;

struct gp_readahead {
    gp_source *src;
    uint64_t left;        /* bytes the reader may still read */
    int failed;           /* the source failed after the last chunk's bytes */
    size_t chunk, headroom;
    slot slots[GP_RA_CHUNKS];
    /* Counters of chunks, in file order; slot index = counter % CHUNKS.
     * filled: read by the thread; taken: given to the consumer;
     * released: given back.  released <= taken <= filled. */
    uint64_t filled, taken, released;
    int stop, done;
    int inline_reads;     /* no thread: gp_ra_next reads in the caller */
    int nslots;           /* GP_RA_CHUNKS, or 1 when inline_reads */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    pthread_t thread;
};

/* Fill one chunk: read until it is full, the limit or the end.  A failure
 * after some bytes is reported with the next chunk, so that every byte
 * read before it reaches the consumer. */
static void fill(gp_readahead *ra, slot *s)
{
    s->len = 0;
    s->error = ra->failed;
    while (!s->error && s->len < ra->chunk && ra->left > 0) {
        size_t want = ra->chunk - s->len;
        ssize_t n;

        if (want > ra->left)
            want = (size_t)ra->left;
        n = gp_source_read(ra->src, s->mem + ra->headroom + s->len, want);
        if (n < 0) {
            ra->failed = 1;
            s->error = s->len == 0;
            return;
        }
        if (n == 0)
            return;
        s->len += (size_t)n;
        ra->left -= (uint64_t)n;
    }
}

static void *reader(void *arg)
{
    gp_readahead *ra = arg;

    for (;;) {
        slot *s;
        int last;

        pthread_mutex_lock(&ra->lock);
        while (!ra->stop && ra->filled - ra->released == GP_RA_CHUNKS)
            pthread_cond_wait(&ra->changed, &ra->lock);
        if (ra->stop) {
            pthread_mutex_unlock(&ra->lock);
            return NULL;
        }
        s = &ra->slots[ra->filled % GP_RA_CHUNKS];
        pthread_mutex_unlock(&ra->lock);

        fill(ra, s);
        last = s->len == 0 || s->error != 0;

        pthread_mutex_lock(&ra->lock);
        ra->filled++;
        ra->done = last;
        pthread_cond_broadcast(&ra->changed);
        pthread_mutex_unlock(&ra->lock);
        if (last)
            return NULL;
    }
}

gp_readahead *gp_ra_start(gp_source *src, uint64_t limit, size_t chunk, size_t headroom)
{
    return gp_ra_start_mode(src, limit, chunk, headroom, 1);
}

gp_readahead *gp_ra_start_mode(gp_source *src, uint64_t limit, size_t chunk,
                               size_t headroom, int threaded)
{
    gp_readahead *ra = calloc(1, sizeof *ra);

    if (ra == NULL)
        return NULL;
    ra->src = src;
    ra->left = limit;
    ra->chunk = chunk;
    ra->headroom = headroom;
    ra->inline_reads = !threaded;
    /* Inline, one buffer is read into again and again: it stays in the
     * core's cache, where three in turn did not (bench/README.md). */
    ra->nslots = threaded ? GP_RA_CHUNKS : 1;
    for (int i = 0; i < ra->nslots; i++) {
        ra->slots[i].mem = malloc(headroom + chunk);
        if (ra->slots[i].mem == NULL)
            goto fail;
    }
    if (ra->inline_reads)
        return ra;
    if (pthread_mutex_init(&ra->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&ra->changed, NULL) != 0) {
        pthread_mutex_destroy(&ra->lock);
        goto fail;
    }
    if (pthread_create(&ra->thread, NULL, reader, ra) != 0) {
        pthread_cond_destroy(&ra->changed);
        pthread_mutex_destroy(&ra->lock);
        goto fail;
    }
    return ra;
fail:
    for (int i = 0; i < GP_RA_CHUNKS; i++)
        free(ra->slots[i].mem);
    free(ra);
    return NULL;
}

/* Inline mode: read the next chunk now, in the caller's thread, into the
 * one buffer (the consumer moved what it keeps of the last chunk out of it
 * first: gp_ra_inline_data). */
static void next_inline(gp_readahead *ra, gp_chunk *c)
{
    slot *s;

    if (ra->done) {
        c->data = NULL;
        c->len = 0;
        c->error = 0;
        c->slot = GP_RA_NO_SLOT;
        return;
    }
    c->slot = 0;
    s = &ra->slots[0];
    fill(ra, s);
    ra->filled++;
    ra->done = s->len == 0 || s->error != 0;
    c->data = s->mem + ra->headroom;
    c->len = s->len;
    c->error = s->error;
}

uint8_t *gp_ra_inline_data(const gp_readahead *ra)
{
    return ra->inline_reads ? ra->slots[0].mem + ra->headroom : NULL;
}

void gp_ra_next(gp_readahead *ra, gp_chunk *c)
{
    slot *s;

    if (ra->inline_reads) {
        next_inline(ra, c);
        return;
    }
    pthread_mutex_lock(&ra->lock);
    while (ra->taken == ra->filled && !ra->done)
        pthread_cond_wait(&ra->changed, &ra->lock);
    if (ra->taken == ra->filled) { /* asked again after the end */
        pthread_mutex_unlock(&ra->lock);
        c->data = NULL;
        c->len = 0;
        c->error = 0;
        c->slot = GP_RA_NO_SLOT;
        return;
    }
    c->slot = (unsigned)(ra->taken % GP_RA_CHUNKS);
    ra->taken++;
    pthread_mutex_unlock(&ra->lock);
    s = &ra->slots[c->slot];
    c->data = s->mem + ra->headroom;
    c->len = s->len;
    c->error = s->error;
}

void gp_ra_release(gp_readahead *ra, const gp_chunk *c)
{
    if (c->slot == GP_RA_NO_SLOT || ra->inline_reads)
        return;
    /* Chunks come back in order: the counter says which. */
    pthread_mutex_lock(&ra->lock);
    ra->released++;
    pthread_cond_broadcast(&ra->changed);
    pthread_mutex_unlock(&ra->lock);
}

void gp_ra_stop(gp_readahead *ra)
{
    if (ra == NULL)
        return;
    if (!ra->inline_reads) {
        pthread_mutex_lock(&ra->lock);
        ra->stop = 1;
        pthread_cond_broadcast(&ra->changed);
        pthread_mutex_unlock(&ra->lock);
        pthread_join(ra->thread, NULL);
        pthread_cond_destroy(&ra->changed);
        pthread_mutex_destroy(&ra->lock);
    }
    for (int i = 0; i < GP_RA_CHUNKS; i++)
        free(ra->slots[i].mem);
    free(ra);
}
