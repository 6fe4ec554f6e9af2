/* SPDX-License-Identifier: BSD-2-Clause */
#include "walk/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "binlog/format.h"
#include "walk/engine.h"
#include "walk/position.h"
#include "binlog/walker.h"
#include "io/source.h"

/*
 * Header flag of events the server makes up rather than logs (the Rotate a
 * source sends first, fake Gtid_list events): their log_pos is 0.  MySQL
 * libbinlogevents binlog_event.h and MariaDB sql/log_event.h both define
 * LOG_EVENT_ARTIFICIAL_F as 0x20.
 */
enum { ARTIFICIAL_F = 0x20 };

typedef struct walk {
    const char *file;
    gp_verify_report cb;
    void *ctx;
    gp_verify_summary *s;
    uint32_t own_server_id; /* the first format description's */
    int fdes;               /* format descriptions seen */
    int have_src_pos;       /* relay: the source position is known */
    uint32_t src_pos;       /* relay: end of the last source event */
    uint32_t abs_base;      /* relay: end of the last source event that held
                               a file position (see cache_relative_source) */
    gp_log *log;            /* gp_verify_log's */
    uint8_t last_type;      /* the last event walked */
    uint64_t last_offset;
} walk;

static void report(walk *w, int64_t offset, int note, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(walk *w, int64_t offset, int note, const char *fmt, ...)
{
    char msg[640];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (note)
        w->s->notes++;
    else
        w->s->problems++;
    w->cb(w->ctx, w->file, offset, note, msg);
}

/*
 * The Rotate a source makes up when a replica connects, naming the file it
 * sends from (MySQL sql_repl.cc fake_rotate_event, MariaDB likewise): its
 * timestamp and log_pos are 0 "so that slave could distinguish between real
 * and fake Rotate events", and its server id is the source's.  Since MySQL
 * 5.1 it also carries LOG_EVENT_ARTIFICIAL_F; MySQL 5.0 and earlier sent
 * flags 0 (seen in the 5.0 relay logs bug33029-slave-relay-bin.000001 and
 * corrupt-relay-bin.000624 of MySQL's test suite), and the 5.0 replica's IO
 * thread (slave.cc queue_event) wrote it to the relay log as received.  A
 * server's own Rotate ends its file: real time, real position, own id.
 */
static int source_fake_rotate(const walk *w, const gp_event *ev)
{
    return ev->type == GP_EV_ROTATE && ev->log_pos == 0 &&
           ((ev->flags & ARTIFICIAL_F) != 0 ||
            (ev->timestamp == 0 && w->fdes > 0 && ev->server_id != w->own_server_id));
}

/* A relay log shows itself by its first FDE's LOG_EVENT_RELAY_LOG_F (MySQL
 * sets it on what the replica writes itself), by the Rotate the source
 * makes up when the replica connects, or by a second FDE (the source's,
 * copied after the replica's own). */
static void detect_relay(walk *w, const gp_event *ev)
{
    if (w->s->relay)
        return;
    if ((ev->type == GP_EV_FORMAT_DESCRIPTION &&
         (w->fdes > 1 || (ev->flags & GP_LOG_EVENT_RELAY_LOG_F) != 0)) ||
        source_fake_rotate(w, ev))
        w->s->relay = 1;
}

/*
 * MySQL 5.0 sources wrote the events of a transaction through the
 * transaction cache with end_log_pos counted from the start of the cache,
 * not of the file; the events written straight to the file (a BEGIN query
 * before the cache is copied, the Xid / COMMIT after it, statements outside
 * transactions) hold file positions.  Seen in corrupt-relay-bin.000624
 * (source 5.0.30): BEGIN ends at 230243, the Intvar (28 bytes) after it
 * says 28 and the INSERT (284 bytes) 312, the Xid 230582; some
 * transactions there have no BEGIN (at 3961: Intvar 28, INSERT 303, Xid
 * 234240).  Later servers rewrite the positions as they copy the cache
 * (MYSQL_BIN_LOG::write_cache); the release that started doing so is not
 * pinned here, so the cache-relative form is accepted from every MySQL
 * source before 5.6: counted from the end of the last event that carried
 * a file position.
 */
static int cache_relative_source(const gp_log *l)
{
    return l->fde.flavor == GTIDPOS_FLAVOR_MYSQL && l->fde.version_product < GP_MYSQL_GTID_VERSION;
}

/*
 * MariaDB 11.4 and later (binlog_legacy_event_pos=OFF, the default) write
 * the events of a transaction through the binlog cache with end_log_pos 0;
 * only the Gtid event opening the group and the events outside groups get
 * their position (seen in the mariadb-poc 11.8 files of testdata/).
 */
static int mariadb_cached_event(const walk *w, const gp_event *ev)
{
    return w->s->flavor == GTIDPOS_FLAVOR_MARIADB && ev->type != GP_EV_MARIA_GTID &&
           ev->type != GP_EV_FORMAT_DESCRIPTION && ev->type != GP_EV_MARIA_GTID_LIST;
}

static void check_own_pos(walk *w, const gp_event *ev)
{
    uint32_t want = (uint32_t)gp_event_end(ev); /* modulo 2^32 */

    if (ev->log_pos == want ||
        (ev->log_pos == 0 && ((ev->flags & ARTIFICIAL_F) != 0 || mariadb_cached_event(w, ev))))
        return;
    report(w, (int64_t)ev->offset, 0, "end_log_pos %u, but the event ends at %llu",
           ev->log_pos, (unsigned long long)gp_event_end(ev));
}

/* A relay log: the replica's own events end where they end; the source's
 * events carry the source's positions, which can only be checked against
 * each other (a Rotate from the source gives the position that follows). */
static void check_relay_pos(walk *w, const gp_log *l, const gp_event *ev)
{
    char name[16];

    /* The replica's own events: MySQL flags them LOG_EVENT_RELAY_LOG_F;
     * MariaDB does not, but they carry the replica's server id (the IO
     * thread does not copy the source's events with that id unless
     * replicate_same_server_id is set). */
    if ((ev->flags & GP_LOG_EVENT_RELAY_LOG_F) != 0 || ev->server_id == w->own_server_id) {
        check_own_pos(w, ev);
        return;
    }
    if (ev->type == GP_EV_ROTATE) {
        gp_rotate r;
        gp_error e;
        w->have_src_pos = gp_decode_rotate(ev, &l->fde, &r, w->file, &e) == GTIDPOS_OK;
        w->src_pos = w->abs_base = (uint32_t)r.pos;
        return;
    }
    /* Artificial and cached events carry 0.  The source sends its FDE
     * first whatever the position: its own end (or 0) anchors what
     * follows only when the replica reads from the start of the file. */
    if (ev->log_pos == 0)
        return;
    if (ev->type == GP_EV_FORMAT_DESCRIPTION) {
        w->src_pos = w->abs_base = ev->log_pos;
        w->have_src_pos = 1;
        return;
    }
    if (w->have_src_pos && ev->log_pos != (uint32_t)(w->src_pos + ev->size)) {
        uint32_t want = w->src_pos + ev->size;
        if (cache_relative_source(l) && ev->log_pos == (uint32_t)(want - w->abs_base)) {
            w->src_pos = want; /* the file position goes on; the base stays */
            return;
        }
        report(w, (int64_t)ev->offset, 1,
               "source end_log_pos %u of this %s event does not follow the previous "
               "source event's %u (+%u bytes): a reconnection, or events the "
               "replica did not copy",
               ev->log_pos, gp_event_name(ev->type, name), w->src_pos, ev->size);
    }
    w->src_pos = w->abs_base = ev->log_pos;
    w->have_src_pos = 1;
}

/* The bodies gtidpos decodes must hold what their lengths promise. */
static void check_body(walk *w, const gp_log *l, const gp_event *ev)
{
    gp_event_info info;
    gp_error e;

    if (!gp_is_decoded_type(ev->type) && ev->type != GP_EV_ROTATE && ev->type != GP_EV_XID)
        return;
    gp_error_clear(&e);
    if (gp_event_describe(ev, &l->fde, &info, w->file, &e) != GTIDPOS_OK)
        report(w, e.offset >= 0 ? e.offset : (int64_t)ev->offset, 0, "%s", e.msg);
    gp_event_info_free(&info);
}

static void check_event(walk *w, const gp_log *l, const gp_event *ev)
{
    char name[16];

    if (ev->type == GP_EV_FORMAT_DESCRIPTION || ev->type == GP_EV_START_V3) {
        if (w->fdes++ == 0)
            w->own_server_id = ev->server_id;
    }
    if (l->crc_bad)
        report(w, (int64_t)ev->offset, 0, "CRC32 mismatch in %s event (%u bytes, stored 0x%08x)",
               gp_event_name(ev->type, name), ev->size, l->crc_stored);
    detect_relay(w, ev);
    if (w->s->positions_checked) {
        if (w->s->relay)
            check_relay_pos(w, l, ev);
        else
            check_own_pos(w, ev);
    }
    /* A body behind a bad checksum is not worth a second report. */
    if (!l->crc_bad)
        check_body(w, l, ev);
}

/*
 * What a whole file should hold besides sound events.  Its starting set,
 * as every walk reads it (walk/engine.c: the Previous_gtids or Gtid_list
 * of the file's header, or the proof that the server wrote none):
 * start_err is the engine's verdict where `at` would refuse the file (an
 * unreadable set body was reported at its event).  A server closes a file
 * with a Rotate (to the next file) or a Stop (shutdown) before it clears
 * the in-use flag, so a closed file ending otherwise was cut at an event
 * boundary; test files are often cut that way on purpose, hence a note.
 */
static void check_file_shape(walk *w, const gp_log *l, const gp_walk *engine,
                             uint8_t last_type, uint64_t last_offset)
{
    char name[16];
    const gp_error *start_err = &engine->start_err;
    const gp_fde *f = &l->first_fde;

    /* MariaDB relay logs carry no Gtid_list (the replica keeps its
     * position in gtid_slave_pos): seen on 10.11 replicas. */
    if (start_err->code == GTIDPOS_ERR_NO_GTID_INFO &&
        !(w->s->relay && f->flavor == GTIDPOS_FLAVOR_MARIADB))
        report(w, GP_BINLOG_MAGIC_LEN, 0, "%s", start_err->msg);
    else if (start_err->code == GTIDPOS_OK && !engine->have_state &&
             gp_fde_start_set_rule(f, f->flavor) == GP_START_SET_IF_GTID_MODE)
        /* where `at` answers the empty set with a warning */
        report(w, GP_BINLOG_MAGIC_LEN, 1,
               "no Previous_gtids event: gtid_mode was OFF on this MySQL %s server, so no "
               "transaction has a GTID (the set here is empty)", f->server_version);
    if (!w->s->in_use && last_type != GP_EV_ROTATE && last_type != GP_EV_STOP)
        report(w, (int64_t)last_offset, 1,
               "the file is closed (not in use) but ends with a %s event, not the Rotate or "
               "Stop a server writes when it closes a file: cut at an event boundary?",
               gp_event_name(last_type, name));
}

gtidpos_status gp_verify_file(const char *path, const gp_log_tuning *t, gp_verify_summary *s,
                              gp_verify_report cb, void *ctx, gp_error *e)
{
    gp_log log;

    memset(s, 0, sizeof *s);
    if (gp_log_open_tuned(&log, path, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0, t, e) !=
        GTIDPOS_OK) {
        gp_log_close(&log);
        return e->code;
    }
    gp_verify_log(&log, s, cb, ctx);
    gp_log_close(&log);
    return GTIDPOS_OK;
}

/* Each event the engine frames (a frames walk: walk/engine.h), in order:
 * what verify checks in it. */
static gtidpos_status verify_event(void *ctx, const gp_event *ev, gp_error *e)
{
    walk *w = ctx;
    gp_verify_summary *s = w->s;
    gp_log *log = w->log;

    if (ev->type == GP_EV_START_ENCRYPTION) {
        /* MariaDB encrypts every later event; without the key their
         * lengths and checksums mean nothing. */
        s->stop = GTIDPOS_ERR_ENCRYPTED;
        report(w, (int64_t)ev->offset, 0,
               "encrypted from here on (Start_encryption): the rest cannot be checked");
        return gp_walk_encrypted(log, ev, e);
    }
    if (s->events == 0) {
        /* Binlog v1/v3 (Start_event_v3 first) kept the start of the
         * event or of its transaction in log_pos. */
        s->positions_checked = ev->type == GP_EV_FORMAT_DESCRIPTION;
        s->flavor = log->first_fde.flavor;
        s->in_use = log->in_use;
    }
    s->events++;
    s->bytes = gp_event_end(ev);
    w->last_type = ev->type;
    w->last_offset = ev->offset;
    check_event(w, log, ev);
    return GTIDPOS_OK;
}

void gp_verify_log(gp_log *log, gp_verify_summary *s, gp_verify_report cb, void *ctx)
{
    walk w = {.file = log->name, .cb = cb, .ctx = ctx, .s = s, .log = log};
    const gp_walk_hooks hooks = {.ctx = &w, .on_event = verify_event};
    gp_walk engine;
    gp_at_result start; /* the file's starting set, as the engine reads it */
    gp_error e;
    gtidpos_status rc;

    memset(s, 0, sizeof *s);
    s->positions_checked = 1;
    gp_log_checksum_continue(log);
    gp_at_result_init(&start);
    gp_error_clear(&e);
    rc = gp_walk_init_frames_start(&engine, log, &hooks, &start, &e);
    if (rc == GTIDPOS_OK)
        rc = gp_walk_run(&engine, GP_POS_END);
    s->size = log->size;
    if (s->stop == GTIDPOS_OK && log->status == GTIDPOS_OK && rc != GTIDPOS_OK) { /* out of memory */
        s->stop = rc;
        report(&w, e.offset, 0, "%s", e.msg);
    }
    if (s->stop == GTIDPOS_OK)
        s->stop = log->status;
    /* The archive layer's own verdict (io/source.c: corrupt compressed data,
     * a wrong gzip CRC32/length or zstd checksum, a stream cut short), not
     * what the bytes it gave look like. */
    s->archive_damaged = log->src != NULL && gp_source_kind_of(log->src) != GP_SOURCE_PLAIN &&
                         gp_source_error(log->src)->code == GTIDPOS_ERR_CORRUPT;
    s->complete = s->stop == GTIDPOS_OK;
    if (log->status != GTIDPOS_OK)
        report(&w, log->err.offset, 0, "%s", log->err.msg);
    if (s->complete && s->events > 0)
        check_file_shape(&w, log, &engine, w.last_type, w.last_offset);
    gp_at_result_free(&start);
}

/* ---------------------------------------------------------------- chain */

/* One UUID (or UUID:tag) of a canonical MySQL set text, with its
 * intervals. */
typedef struct span {
    char key[80]; /* "uuid" or "uuid:tag" */
    uint64_t lo, hi;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

static int spans_push(spans *ss, const char *key, uint64_t lo, uint64_t hi)
{
    if (ss->n == ss->cap) {
        size_t ncap = ss->cap ? ss->cap * 2 : 16;
        span *g = realloc(ss->v, ncap * sizeof *g);
        if (g == NULL)
            return -1;
        ss->v = g;
        ss->cap = ncap;
    }
    snprintf(ss->v[ss->n].key, sizeof ss->v[ss->n].key, "%s", key);
    ss->v[ss->n].lo = lo;
    ss->v[ss->n].hi = hi;
    ss->n++;
    return 0;
}

/* "uuid:1-5:7:tag:1-2,uuid2:3" (the canonical form gp_mysql_set_format
 * prints, so no blanks and no errors to expect) -> spans in text order. */
static int spans_parse(spans *ss, const char *text)
{
    char uuid[37] = "", key[80] = "";
    const char *p = text;

    while (*p != '\0') {
        size_t n = strcspn(p, ":,");

        if (uuid[0] == '\0' || p[-1] == ',') {
            snprintf(uuid, sizeof uuid, "%.*s", (int)n, p);
            snprintf(key, sizeof key, "%s", uuid);
        } else if (*p >= '0' && *p <= '9') {
            char *end;
            uint64_t lo = strtoull(p, &end, 10), hi = lo;
            if (*end == '-')
                hi = strtoull(end + 1, &end, 10);
            if (spans_push(ss, key, lo, hi) != 0)
                return -1;
        } else {
            snprintf(key, sizeof key, "%s:%.*s", uuid, (int)n, p);
        }
        p += n;
        if (*p != '\0')
            p++;
    }
    return 0;
}

/* Append "key:lo-hi" to out, joining keys as the canonical text does. */
static int out_add(char **out, size_t *len, size_t *cap, const char *last_key,
                   const span *sp, uint64_t lo, uint64_t hi)
{
    char piece[160];
    int same = last_key[0] != '\0' && strcmp(last_key, sp->key) == 0;
    int n = lo == hi ? snprintf(piece, sizeof piece, "%s%s:%llu", same || *len == 0 ? "" : ",",
                                same ? "" : sp->key, (unsigned long long)lo)
                     : snprintf(piece, sizeof piece, "%s%s:%llu-%llu",
                                same || *len == 0 ? "" : ",", same ? "" : sp->key,
                                (unsigned long long)lo, (unsigned long long)hi);

    if (*len + (size_t)n + 1 > *cap) {
        size_t ncap = (*cap + (size_t)n + 1) * 2;
        char *g = realloc(*out, ncap);
        if (g == NULL)
            return -1;
        *out = g;
        *cap = ncap;
    }
    memcpy(*out + *len, piece, (size_t)n + 1);
    *len += (size_t)n;
    return 0;
}

char *gp_verify_mysql_set_minus(const char *a, const char *b)
{
    spans sa = {0}, sb = {0};
    char *out = calloc(1, 1), last[80] = "";
    size_t len = 0, cap = 1;
    int ok = out != NULL && spans_parse(&sa, a) == 0 && spans_parse(&sb, b) == 0;

    for (size_t i = 0; ok && i < sa.n; i++) {
        uint64_t lo = sa.v[i].lo, hi = sa.v[i].hi;
        int left = 1;
        /* b's spans of the same key are sorted and disjoint: cut them out
         * of [lo, hi] left to right. */
        for (size_t k = 0; ok && left && k < sb.n; k++) {
            const span *c = &sb.v[k];
            if (strcmp(c->key, sa.v[i].key) != 0 || c->hi < lo || c->lo > hi)
                continue;
            if (c->lo > lo) {
                ok = out_add(&out, &len, &cap, last, &sa.v[i], lo, c->lo - 1) == 0;
                snprintf(last, sizeof last, "%s", sa.v[i].key);
            }
            if (c->hi >= hi)
                left = 0;
            else
                lo = c->hi + 1;
        }
        if (ok && left) {
            ok = out_add(&out, &len, &cap, last, &sa.v[i], lo, hi) == 0;
            snprintf(last, sizeof last, "%s", sa.v[i].key);
        }
    }
    free(sa.v);
    free(sb.v);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* "domain 0: 0-1-5 at the end of PREV, 0-1-9 here" for each domain that
 * differs, into buf. */
static void mariadb_diff(const gp_mariadb_state *end, const gp_mariadb_state *start, char *buf,
                         size_t cap)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        const gp_mariadb_state *s = pass == 0 ? end : start, *o = pass == 0 ? start : end;
        for (size_t i = 0; i < gp_mariadb_state_count(s) && len < cap; i++) {
            const gp_mariadb_gtid *g = gp_mariadb_state_at(s, i), *h = gp_mariadb_state_get(o, g->domain);
            const gp_mariadb_gtid *ge = pass == 0 ? g : h, *gs = pass == 0 ? h : g;
            char te[64] = "absent", ts[64] = "absent";
            if (pass == 1 && h != NULL)
                continue; /* listed in the first pass */
            if (h != NULL && h->server_id == g->server_id && h->seq == g->seq)
                continue;
            if (ge != NULL)
                snprintf(te, sizeof te, "%u-%u-%llu", ge->domain, ge->server_id,
                         (unsigned long long)ge->seq);
            if (gs != NULL)
                snprintf(ts, sizeof ts, "%u-%u-%llu", gs->domain, gs->server_id,
                         (unsigned long long)gs->seq);
            len += (size_t)snprintf(buf + len, cap - len, "%sdomain %u: %s at the end, %s here%s",
                                    len ? "; " : "", g->domain, te, ts,
                                    ge != NULL && gs != NULL && gs->seq > ge->seq
                                        ? " (transactions missing)"
                                    : ge != NULL && gs != NULL && gs->seq < ge->seq
                                        ? " (this file's starting state is behind)"
                                        : "");
        }
    }
}

/* The set at pos of path; 0 on success.  Checksums are not checked here:
 * the file's walk reports them. */
static int set_at(const char *path, uint64_t pos, const gp_log_tuning *t, gp_at_result *r)
{
    gp_log log;
    gp_error e;
    int rc;

    gp_at_result_init(r);
    rc = gp_log_open_tuned(&log, path, GTIDPOS_VERIFY_NONE, GTIDPOS_IO_READ, 0, t, &e) ==
                     GTIDPOS_OK &&
                 gp_at(&log, pos, NULL, r, &e) == GTIDPOS_OK
             ? 0
             : -1;
    gp_log_close(&log);
    return rc;
}

/* The comparison itself, on the two sets read (gp_verify_chain) or
 * carried over as text (gp_verify_chain_texts); frees both. */
static int chain_compare(const char *prev, const char *next, gp_at_result *endp,
                         gp_at_result *startp, gp_verify_report cb, void *ctx)
{
    gp_at_result end = *endp, start = *startp;
    gp_verify_summary dummy;
    walk w = {.file = next, .cb = cb, .ctx = ctx, .s = &dummy};
    int compared = 0;

    if (end.flavor != start.flavor) {
        gp_at_result_free(&end);
        gp_at_result_free(&start);
        return 0;
    }
    compared = 1;
    if (end.flavor == GTIDPOS_FLAVOR_MARIADB) {
        if (!gp_mariadb_state_equal(end.mariadb, start.mariadb)) {
            char diff[400];
            mariadb_diff(end.mariadb, start.mariadb, diff, sizeof diff);
            report(&w, GP_BINLOG_MAGIC_LEN, 0,
                   "starting Gtid_list differs from the state at the end of %s (lost or "
                   "purged files between them?): %s",
                   prev, diff);
        }
    } else if (!gp_mysql_set_equal(end.mysql, start.mysql)) {
        char *te = gp_mysql_set_to_string(end.mysql), *ts = gp_mysql_set_to_string(start.mysql);
        char *missing = te && ts ? gp_verify_mysql_set_minus(ts, te) : NULL;
        char *extra = te && ts ? gp_verify_mysql_set_minus(te, ts) : NULL;
        if (missing == NULL || extra == NULL)
            report(&w, GP_BINLOG_MAGIC_LEN, 0,
                   "starting Previous_gtids differs from the set at the end of %s", prev);
        else
            report(&w, GP_BINLOG_MAGIC_LEN, 0,
                   "starting Previous_gtids differs from the set at the end of %s: in no given "
                   "file (lost or purged files between them?): '%s'; at the end of %s but "
                   "not in this starting set: '%s'",
                   prev, missing, prev, extra);
        free(te);
        free(ts);
        free(missing);
        free(extra);
    }
    gp_at_result_free(&end);
    gp_at_result_free(&start);
    return compared;
}

int gp_verify_chain(const char *prev, const char *next, const gp_log_tuning *t,
                    gp_verify_report cb, void *ctx)
{
    gp_at_result end, start;

    gp_at_result_init(&end);
    gp_at_result_init(&start);
    if (set_at(prev, GP_POS_END, t, &end) != 0 ||
        set_at(next, GP_BINLOG_MAGIC_LEN, t, &start) != 0) {
        gp_at_result_free(&end);
        gp_at_result_free(&start);
        return 0;
    }
    return chain_compare(prev, next, &end, &start, cb, ctx);
}

/* ------------------------------------------ chain ends as text (merge) */

/* "FLAVOR:SET": the flavour number and the set's canonical text (a MySQL
 * set) or the state's "d-s-n,..." in domain order (MariaDB); both parse
 * back to the same set (gp_mysql_set_parse, gp_mariadb_state_parse). */
char *gp_verify_chain_end(const char *path, int at_end, const gp_log_tuning *t)
{
    gp_at_result r;
    char *set, *out = NULL;

    if (set_at(path, at_end ? GP_POS_END : GP_BINLOG_MAGIC_LEN, t, &r) != 0) {
        gp_at_result_free(&r);
        return NULL;
    }
    set = r.flavor == GTIDPOS_FLAVOR_MARIADB ? (r.mariadb ? gp_mariadb_state_to_string(r.mariadb)
                                                     : strdup(""))
                                        : (r.mysql ? gp_mysql_set_to_string(r.mysql) : strdup(""));
    if (set != NULL && (out = malloc(strlen(set) + 16)) != NULL)
        sprintf(out, "%d:%s", (int)r.flavor, set);
    free(set);
    gp_at_result_free(&r);
    return out;
}

static int end_parse(const char *text, gp_at_result *r)
{
    char *colon;
    long fl = strtol(text, &colon, 10);

    gp_at_result_init(r);
    if (*colon != ':' || gp_at_result_alloc_sets(r) != GP_GTID_OK)
        return -1;
    r->flavor = (gtidpos_flavor)fl;
    colon++;
    if (r->flavor == GTIDPOS_FLAVOR_MARIADB)
        return gp_mariadb_state_parse(r->mariadb, colon, strlen(colon), NULL, 0) == GP_GTID_OK
                   ? 0
                   : -1;
    return gp_mysql_set_parse(r->mysql, colon, strlen(colon), NULL, 0) == GP_GTID_OK ? 0 : -1;
}

int gp_verify_chain_texts(const char *prev, const char *prev_end, const char *next,
                          const char *next_start, gp_verify_report cb, void *ctx)
{
    gp_at_result end, start;

    if (prev_end == NULL || next_start == NULL)
        return 0;
    gp_at_result_init(&end);
    gp_at_result_init(&start);
    if (end_parse(prev_end, &end) != 0 || end_parse(next_start, &start) != 0) {
        gp_at_result_free(&end);
        gp_at_result_free(&start);
        return 0;
    }
    return chain_compare(prev, next, &end, &start, cb, ctx);
}
