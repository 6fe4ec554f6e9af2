/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_differential.c - libFuzzer target: three answers that must agree.
 *
 * The fuzzer's bytes are choices, not binlog bytes.  From them a valid
 * binlog is assembled in memory out of a real fixture (testdata/, read once
 * in LLVMFuzzerInitialize; GP_TESTDATA names the directory, default
 * "testdata" relative to the repository root): the fixture's head (magic,
 * Format_description, Previous_gtids / Gtid_list, ...) and then whole
 * transactions copied from it (GTID event .. last event), in a chosen
 * order, each given a chosen GTID: a fresh one (the next or a later number,
 * in one of three UUIDs / domains / server ids) or deliberately one already
 * executed.  Every event's header log_pos is set to its new end offset and,
 * when the fixture has CRC32 checksums, its checksum recomputed.
 *
 * Then, on that binlog:
 *   - gp_scan (gtidpos scan) must succeed and report exactly the appended
 *     transactions, each with its byte range, its GTID and the set at its
 *     end;
 *   - gp_at (gtidpos at) at every event boundary must say "inside a
 *     transaction" exactly within the appended ones, name the last
 *     completed one, and give the same set as scan at every transaction
 *     end (and as a model: the starting set plus the appended GTIDs, kept
 *     with the set library);
 *   - gp_find_in_log (gtidpos find) must find each GTID in exactly the
 *     transactions appended with it, and the set at such a transaction's
 *     end must hold the GTID while the set at its start must not (unless
 *     the GTID was already executed: a deliberate repeat).
 * Any disagreement aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/crc.h"
#include "binlog/decode.h"
#include "walk/find.h"
#include "binlog/format.h"
#include "walk/position.h"
#include "walk/scan.h"
#include "binlog/walker.h"
#include "gtid/mariadb_state.h"
#include "gtid/mysql_set.h"

#define MAX_EVENTS 256   /* events of one transaction template */
#define MAX_TEMPLATES 32
#define MAX_TXNS 32      /* transactions appended per input */
#define MAX_ENDS 2048    /* event ends of one assembled binlog */

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "fuzz_differential: %s:%d: %s failed (fixture %s)\n", \
                    __FILE__, __LINE__, #cond, cur_fixture);                     \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* One transaction of a fixture: its events, offsets relative to its start. */
typedef struct template {
    uint64_t off, len;
    uint8_t type;              /* of its GTID event */
    gp_mysql_gtid mysql;       /* its GTID as found */
    gp_mariadb_gtid mariadb;
    size_t n_events;
    uint32_t ev_off[MAX_EVENTS], ev_len[MAX_EVENTS];
} template;

typedef struct fixture {
    const char *rel;           /* path under the testdata directory */
    uint8_t *data;
    size_t size;
    uint64_t head_len;         /* bytes before the first transaction */
    size_t n_head;
    uint64_t head_ends[16];    /* the ends of the head's events */
    uint64_t next_gno;         /* above the starting set's GNOs of the first
                                  transaction's UUID */
    int crc;                   /* events end in a CRC32 */
    uint8_t header_len;
    gtidpos_flavor flavor;
    size_t n_templates;
    template t[MAX_TEMPLATES];
    uint64_t filler_off, filler_len; /* an event between transactions */
    uint64_t tail_off, tail_len;     /* a final Stop / Rotate */
} fixture;

static fixture fixtures[] = {
    {.rel = "mysql/kingbus/mysql_bin.000012"},                     /* 5.7, XID */
    {.rel = "mysql/rust_mysql_common/binlog_transaction_with_GTID.000001"}, /* 5.6 DDL, COMMIT */
    {.rel = "mysql/percona-binlog-server/gtid/binlog.000001"},     /* 8.0 */
    {.rel = "mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001"}, /* tagged */
    {.rel = "mariadb/debian/rpl/master-bin-seq_10.3.36.000001"},   /* groups, standalone */
    {.rel = "mariadb/tiflow/mysql-bin.000001"},                    /* checksum none */
    {.rel = "mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000010"}, /* 11.8 */
};
#define N_FIXTURES (sizeof fixtures / sizeof fixtures[0])

static const char *cur_fixture = "-";

static int is_gtid_type(uint8_t type)
{
    return type == GP_EV_GTID || type == GP_EV_ANONYMOUS_GTID || type == GP_EV_GTID_TAGGED ||
           type == GP_EV_MARIA_GTID;
}

/* Events that stand between transactions, never inside one. */
static int is_outside_type(uint8_t type)
{
    return type == GP_EV_STOP || type == GP_EV_ROTATE || type == GP_EV_FORMAT_DESCRIPTION ||
           type == GP_EV_PREVIOUS_GTIDS || type == GP_EV_BINLOG_CHECKPOINT ||
           type == GP_EV_MARIA_GTID_LIST || type == GP_EV_HEARTBEAT;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (p = malloc((size_t)n)) == NULL ||
        fread(p, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "fuzz_differential: cannot read %s (set GP_TESTDATA to the "
                        "testdata directory, or run from the repository root)\n", path);
        exit(2);
    }
    fclose(f);
    *size = (size_t)n;
    return p;
}

/* Cut a fixture into head, transaction templates, filler and tail. */
static void load_fixture(fixture *fx, const char *dir)
{
    char path[4096];
    gp_log log;
    gp_event ev;
    gp_error err;
    template *open = NULL;
    int in_head = 1;

    snprintf(path, sizeof path, "%s/%s", dir, fx->rel);
    fx->data = read_file(path, &fx->size);
    cur_fixture = fx->rel;
    CHECK(gp_log_open_buffer(&log, fx->rel, fx->data, fx->size, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
    while (gp_log_next(&log, &ev)) {
        if (is_gtid_type(ev.type) || is_outside_type(ev.type)) {
            if (open != NULL)
                open->len = ev.offset - open->off;
            open = NULL;
        }
        if (is_gtid_type(ev.type)) {
            in_head = 0;
            if (ev.type != GP_EV_ANONYMOUS_GTID && fx->n_templates < MAX_TEMPLATES) {
                open = &fx->t[fx->n_templates++];
                memset(open, 0, sizeof *open);
                open->off = ev.offset;
                open->type = ev.type;
                if (ev.type == GP_EV_MARIA_GTID) {
                    uint8_t flags2;
                    CHECK(gp_decode_mariadb_gtid(&ev, &open->mariadb, &flags2, fx->rel,
                                                 &err) == GTIDPOS_OK);
                } else {
                    CHECK(gp_decode_mysql_gtid(&ev, &open->mysql, fx->rel, &err) == GTIDPOS_OK);
                }
            }
        }
        if (in_head) {
            fx->head_len = gp_event_end(&ev);
            CHECK(fx->n_head < 16);
            fx->head_ends[fx->n_head++] = fx->head_len;
        }
        if (ev.type == GP_EV_BINLOG_CHECKPOINT && fx->filler_len == 0) {
            fx->filler_off = ev.offset;
            fx->filler_len = ev.size;
        }
        if (ev.type == GP_EV_STOP || ev.type == GP_EV_ROTATE) {
            fx->tail_off = ev.offset;
            fx->tail_len = ev.size;
        }
        if (open != NULL) {
            CHECK(open->n_events < MAX_EVENTS);
            open->ev_off[open->n_events] = (uint32_t)(ev.offset - open->off);
            open->ev_len[open->n_events++] = ev.size;
        }
    }
    CHECK(log.status == GTIDPOS_OK);
    if (open != NULL)
        open->len = fx->size - open->off;
    fx->crc = log.first_fde.checksum_alg == GP_CHECKSUM_ALG_CRC32;
    fx->header_len = log.first_fde.header_len;
    fx->flavor = log.first_fde.flavor;
    CHECK(fx->header_len >= GP_EVH_LEN_V4);
    CHECK(fx->n_templates > 0 && fx->head_len > GP_BINLOG_MAGIC_LEN);
    gp_log_close(&log);

    fx->next_gno = 1;
    if (fx->flavor == GTIDPOS_FLAVOR_MYSQL) {
        gp_at_result r;

        gp_at_result_init(&r);
        CHECK(gp_log_open_buffer(&log, fx->rel, fx->data, fx->size, GTIDPOS_VERIFY_ALL, &err) ==
              GTIDPOS_OK);
        CHECK(gp_at(&log, fx->head_len, NULL, &r, &err) == GTIDPOS_OK);
        for (uint64_t g = 1; g < (1u << 20); g++)
            if (gp_mysql_set_contains(r.mysql, &fx->t[0].mysql.uuid, NULL, 0, g))
                fx->next_gno = g + 1;
        gp_at_result_free(&r);
        gp_log_close(&log);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("GP_TESTDATA");

    (void)argc;
    (void)argv;
    for (size_t i = 0; i < N_FIXTURES; i++)
        load_fixture(&fixtures[i], dir != NULL && *dir ? dir : "testdata");
    return 0;
}

/* ---- the fuzzer's choices ---- */

typedef struct choices {
    const uint8_t *p;
    size_t left;
} choices;

static uint8_t pick(choices *c)
{
    if (c->left == 0)
        return 0;
    c->left--;
    return *c->p++;
}

/* ---- the assembled binlog and what it should say ---- */

typedef struct txn_rec {
    uint64_t start, end;
    char text[GTIDPOS_GTID_TEXT];
    gp_find_target target;
    int in_before;             /* the model's set before it holds its GTID */
    char *set_after;           /* the model's set at its end */
} txn_rec;

typedef struct assembly {
    const fixture *fx;
    int strip;                 /* the fixture's CRC32 trailers removed */
    int crc;                   /* the assembled events carry a CRC32 */
    uint64_t head_len;
    uint8_t *buf;
    size_t len, cap;
    size_t n_txns;
    txn_rec txn[MAX_TXNS];
    size_t n_ends;
    uint64_t ends[MAX_ENDS];   /* every event end */
    gp_mysql_set *mysql;       /* the model: starting set + appended GTIDs */
    gp_mariadb_state *mariadb;
    char *set_start;           /* the starting set (text) */
    uint64_t next_gno[3];      /* fresh MySQL GNOs, per UUID choice */
} assembly;

static void append(assembly *a, const uint8_t *p, size_t n)
{
    if (a->len + n > a->cap) {
        a->cap = (a->len + n) * 2;
        a->buf = realloc(a->buf, a->cap);
        CHECK(a->buf != NULL);
    }
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Fix the header log_pos of the event just appended at off (n bytes) and,
 * with checksums, its CRC32 (of every byte before the trailer). */
static void seal_event(assembly *a, uint64_t off, uint32_t n)
{
    uint8_t *ev = a->buf + off;
    uint64_t end = off + n;

    ev[GP_EVH_LOG_POS + 0] = (uint8_t)end;
    ev[GP_EVH_LOG_POS + 1] = (uint8_t)(end >> 8);
    ev[GP_EVH_LOG_POS + 2] = (uint8_t)(end >> 16);
    ev[GP_EVH_LOG_POS + 3] = (uint8_t)(end >> 24);
    if (a->crc) {
        uint32_t crc = gp_crc32(0, ev, n - GP_CHECKSUM_LEN);
        for (int i = 0; i < 4; i++)
            ev[n - GP_CHECKSUM_LEN + (uint32_t)i] = (uint8_t)(crc >> (8 * i));
    }
}

/*
 * Append the fixture's event at off (n bytes) and seal it; returns its new
 * offset.  When stripping checksums, the event loses its 4-byte trailer
 * (event_size says so) and the Format_description its CRC32 algorithm
 * byte (set to 0, off): a binlog_checksum=NONE file.  The FDE keeps its
 * own trailer, as servers write it whatever the algorithm.
 */
static uint64_t append_event(assembly *a, uint64_t off, uint32_t n)
{
    uint64_t base = a->len;
    int fde = a->fx->data[off + GP_EVH_TYPE] == GP_EV_FORMAT_DESCRIPTION;

    if (a->strip && !fde) {
        append(a, a->fx->data + off, n - GP_CHECKSUM_LEN);
        n -= GP_CHECKSUM_LEN;
        a->buf[base + GP_EVH_EVENT_SIZE + 0] = (uint8_t)n;
        a->buf[base + GP_EVH_EVENT_SIZE + 1] = (uint8_t)(n >> 8);
        a->buf[base + GP_EVH_EVENT_SIZE + 2] = (uint8_t)(n >> 16);
        a->buf[base + GP_EVH_EVENT_SIZE + 3] = (uint8_t)(n >> 24);
    } else {
        append(a, a->fx->data + off, n);
        if (a->strip)
            a->buf[base + n - GP_CHECKSUM_LEN - 1] = GP_CHECKSUM_ALG_OFF;
    }
    /* The FDE stays at offset 4 with its size: its log_pos holds.  Its
     * CRC32 is of its bytes with the in-use flag clear (format.h). */
    if (!fde) {
        seal_event(a, base, n);
    } else if (a->strip) {
        uint8_t *ev = a->buf + base;
        uint8_t flags = ev[GP_EVH_FLAGS];
        uint32_t crc;

        ev[GP_EVH_FLAGS] = (uint8_t)(flags & ~GP_LOG_EVENT_BINLOG_IN_USE_F);
        crc = gp_crc32(0, ev, n - GP_CHECKSUM_LEN);
        ev[GP_EVH_FLAGS] = flags;
        put_le(ev + n - GP_CHECKSUM_LEN, crc, 4);
    }
    CHECK(a->n_ends < MAX_ENDS);
    a->ends[a->n_ends++] = base + n;
    return base;
}

/* The model's set as text (malloc'd). */
static char *model_text(const assembly *a)
{
    char *s = a->fx->flavor == GTIDPOS_FLAVOR_MARIADB ? gp_mariadb_state_to_string(a->mariadb)
                                                 : gp_mysql_set_to_string(a->mysql);
    CHECK(s != NULL);
    return s;
}

/* Does the set (of flavour f) hold g? */
static int set_holds(gtidpos_flavor f, const gp_mysql_set *ms, const gp_mariadb_state *st,
                     const gp_find_target *g)
{
    if (f == GTIDPOS_FLAVOR_MARIADB)
        return gp_mariadb_state_contains(st, &g->mariadb);
    return gp_mysql_set_contains(ms, &g->mysql.uuid, g->mysql.tag, g->mysql.tag_len,
                                 g->mysql.gno);
}

/* Choose the GTID of the next transaction copied from t. */
static void choose_gtid(assembly *a, const template *t, choices *c, gp_find_target *g)
{
    uint8_t how = pick(c), extra = pick(c);

    memset(g, 0, sizeof *g);
    g->flavor = a->fx->flavor;
    if (t->type == GP_EV_GTID_TAGGED) {
        /* Tagged GTIDs are encoded with variable length: kept as found. */
        g->mysql = t->mysql;
        return;
    }
    if (t->type == GP_EV_GTID) {
        int u = how % 3;
        g->mysql.uuid = t->mysql.uuid;
        if (u > 0)
            g->mysql.uuid.b[15] ^= (uint8_t)(0x11 * u); /* another server */
        if (((how >> 2) & 7) == 0 && a->n_txns > 0) {
            /* A repeat of an appended GTID (of this flavour and kind). */
            const txn_rec *r = &a->txn[extra % a->n_txns];
            if (r->target.mysql.tag_len == 0) {
                *g = r->target;
                return;
            }
        }
        if (((how >> 2) & 7) == 1 && u == 0 && a->next_gno[0] > 1) {
            /* A GTID of the starting set (or one below it). */
            g->mysql.gno = 1 + extra % (a->next_gno[0] - 1);
            return;
        }
        g->mysql.gno = a->next_gno[u] + (how >> 5);
        a->next_gno[u] = g->mysql.gno + 1;
        return;
    }
    /* MariaDB: domain and server id among three each. */
    {
        static const uint32_t other_domain[3] = {0, 1, 7};
        static const uint32_t other_server[3] = {0, 2, 100};
        const gp_mariadb_gtid *cur;
        int d = how % 3, s = (how >> 2) % 3;

        g->mariadb.domain = d == 0 ? t->mariadb.domain : t->mariadb.domain + other_domain[d];
        g->mariadb.server_id = s == 0 ? t->mariadb.server_id : other_server[s];
        cur = gp_mariadb_state_get(a->mariadb, g->mariadb.domain);
        switch ((how >> 4) & 7) {
        case 0: /* a repeat of an appended GTID */
            if (a->n_txns > 0) {
                *g = a->txn[extra % a->n_txns].target;
                return;
            }
            break;
        case 1: /* an older sequence number of the domain (out of order) */
            if (cur != NULL && cur->seq > 1) {
                g->mariadb.seq = 1 + extra % (cur->seq - 1);
                return;
            }
            break;
        default:
            break;
        }
        g->mariadb.seq = (cur != NULL ? cur->seq : 0) + 1 + (extra & 3);
    }
}

/* Append a copy of t with GTID g. */
static void append_txn(assembly *a, const template *t, const gp_find_target *g)
{
    const fixture *fx = a->fx;
    txn_rec *r = &a->txn[a->n_txns++];
    uint64_t base = a->len;
    uint8_t *gev;

    for (size_t i = 0; i < t->n_events; i++)
        append_event(a, t->off + t->ev_off[i], t->ev_len[i]);
    gev = a->buf + base;
    if (t->type == GP_EV_GTID) {
        /* body: flags 1, SID 16, GNO 8 */
        memcpy(gev + fx->header_len + 1, g->mysql.uuid.b, 16);
        put_le(gev + fx->header_len + 17, g->mysql.gno, 8);
    } else if (t->type == GP_EV_MARIA_GTID) {
        /* body: seq_no 8, domain_id 4; the server id is the header's */
        put_le(gev + fx->header_len, g->mariadb.seq, 8);
        put_le(gev + fx->header_len + 8, g->mariadb.domain, 4);
        put_le(gev + GP_EVH_SERVER_ID, g->mariadb.server_id, 4);
    }
    /* the GTID event changed: seal it again */
    seal_event(a, base, t->ev_len[0] - (a->strip ? GP_CHECKSUM_LEN : 0));
    r->start = base;
    r->end = a->len;
    r->target = *g;
    if (g->flavor == GTIDPOS_FLAVOR_MARIADB)
        snprintf(r->text, sizeof r->text, "%u-%u-%llu", g->mariadb.domain,
                 g->mariadb.server_id, (unsigned long long)g->mariadb.seq);
    else
        gp_mysql_gtid_format(&g->mysql, r->text, sizeof r->text);
    r->in_before = set_holds(fx->flavor, a->mysql, a->mariadb, g);
    if (fx->flavor == GTIDPOS_FLAVOR_MARIADB)
        CHECK(gp_mariadb_state_update(a->mariadb, &g->mariadb) == GP_GTID_OK);
    else
        CHECK(gp_mysql_set_add(a->mysql, &g->mysql.uuid, g->mysql.tag, g->mysql.tag_len,
                               g->mysql.gno) == GP_GTID_OK);
    r->set_after = model_text(a);
}

/* gp_at at pos on a fresh walk of the assembled binlog. */
static void at(const assembly *a, uint64_t pos, gp_at_result *r)
{
    gp_log log;
    gp_error err;

    gp_at_result_init(r);
    CHECK(gp_log_open_buffer(&log, "assembled", a->buf, a->len, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
    if (gp_at(&log, pos, NULL, r, &err) != GTIDPOS_OK) {
        fprintf(stderr, "fuzz_differential: at %llu: %s\n", (unsigned long long)pos,
                err.msg);
        CHECK(0 && "gp_at failed on a valid binlog");
    }
    gp_log_close(&log);
}

/* ---- the three answers ---- */

typedef struct scan_ctx {
    const assembly *a;
    size_t n;
} scan_ctx;

static gtidpos_status on_boundary(void *ctx, const gp_scan_boundary *b, gp_error *e)
{
    scan_ctx *s = ctx;
    const txn_rec *r;
    char *set;

    (void)e;
    CHECK(s->n < s->a->n_txns);
    r = &s->a->txn[s->n++];
    CHECK(b->start == r->start && b->end == r->end);
    CHECK(b->has_gtid && strcmp(b->gtid, r->text) == 0);
    set = gp_at_result_set_text(b->at);
    CHECK(set != NULL && strcmp(set, r->set_after) == 0);
    free(set);
    return GTIDPOS_OK;
}

static void check_scan(const assembly *a)
{
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, NULL, NULL, NULL, NULL};
    scan_ctx s = {a, 0};
    gp_scan_summary sum;
    gp_error err;
    gp_log log;

    opt.boundary = on_boundary;
    opt.ctx = &s;
    gp_scan_summary_init(&sum);
    CHECK(gp_log_open_buffer(&log, "assembled", a->buf, a->len, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
    if (gp_scan(&log, &opt, &sum, &err) != GTIDPOS_OK) {
        fprintf(stderr, "fuzz_differential: scan: %s\n", err.msg);
        CHECK(0 && "gp_scan failed on a valid binlog");
    }
    CHECK(s.n == a->n_txns && sum.transactions == a->n_txns);
    gp_scan_summary_free(&sum);
    gp_log_close(&log);
}

/* gp_at at every event end: inside exactly the appended transactions, the
 * last completed one named, the set that of the last transaction ended. */
static void check_at(const assembly *a)
{
    for (size_t i = 0; i < a->n_ends; i++) {
        uint64_t p = a->ends[i];
        const txn_rec *last = NULL, *open = NULL;
        gp_at_result r;
        char *set;

        for (size_t k = 0; k < a->n_txns; k++) {
            if (a->txn[k].end <= p)
                last = &a->txn[k];
            else if (a->txn[k].start < p)
                open = &a->txn[k];
        }
        at(a, p, &r);
        CHECK(!!r.inside == (open != NULL));
        if (open != NULL)
            CHECK(r.open_start == open->start && strcmp(r.open_gtid, open->text) == 0);
        CHECK(!!r.has_last == (last != NULL));
        if (last != NULL)
            CHECK(r.last_start == last->start && r.last_end == last->end &&
                  strcmp(r.last_gtid, last->text) == 0);
        /* A scan boundary exactly where at is outside, after a transaction
         * that ended there. */
        {
            int boundary = 0;
            for (size_t k = 0; k < a->n_txns; k++)
                boundary |= a->txn[k].end == p;
            CHECK(boundary == (!r.inside && r.has_last && r.last_end == p));
        }
        if (p >= a->head_len) {
            set = gp_at_result_set_text(&r);
            CHECK(set != NULL);
            CHECK(strcmp(set, last != NULL ? last->set_after : a->set_start) == 0);
            free(set);
        }
        gp_at_result_free(&r);
    }
}

typedef struct found {
    size_t n;
    uint64_t start[MAX_TXNS], end[MAX_TXNS];
} found;

static void on_found(void *ctx, uint64_t start, uint64_t end)
{
    found *f = ctx;

    CHECK(f->n < MAX_TXNS);
    f->start[f->n] = start;
    f->end[f->n++] = end;
}

static void check_find(const assembly *a)
{
    for (size_t i = 0; i < a->n_txns; i++) {
        const txn_rec *r = &a->txn[i];
        gp_find_target w;
        found f = {0, {0}, {0}};
        size_t n = 0;
        uint64_t open_start;
        gp_error err;
        gp_log log;
        gp_at_result before, after;

        /* find parses the GTID as the user types it */
        CHECK(gp_find_target_parse(&w, r->text) == 0);
        CHECK(gp_log_open_buffer(&log, "assembled", a->buf, a->len, GTIDPOS_VERIFY_ALL, &err) ==
              GTIDPOS_OK);
        CHECK(gp_find_in_log(&log, GTIDPOS_FLAVOR_UNKNOWN, &w, on_found, &f, &open_start, &err) ==
              f.n);
        CHECK(err.code == GTIDPOS_OK && open_start == UINT64_MAX);
        gp_log_close(&log);
        for (size_t k = 0; k < a->n_txns; k++) {
            if (strcmp(a->txn[k].text, r->text) != 0)
                continue;
            CHECK(n < f.n && f.start[n] == a->txn[k].start && f.end[n] == a->txn[k].end);
            n++;
        }
        CHECK(n == f.n);

        at(a, r->start, &before);
        at(a, r->end, &after);
        CHECK(set_holds(before.flavor, before.mysql, before.mariadb, &w) == r->in_before);
        CHECK(set_holds(after.flavor, after.mysql, after.mariadb, &w));
        gp_at_result_free(&before);
        gp_at_result_free(&after);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    choices c = {data, size};
    uint8_t first = pick(&c);
    assembly a;
    gp_at_result start;

    memset(&a, 0, sizeof a);
    a.fx = &fixtures[first % N_FIXTURES];
    cur_fixture = a.fx->rel;
    /* The fixture's head, with or without its checksums. */
    a.strip = (first & 0x40) && a.fx->crc;
    a.crc = a.fx->crc && !a.strip;
    append(&a, a.fx->data, GP_BINLOG_MAGIC_LEN);
    for (size_t i = 0; i < a.fx->n_head; i++) {
        uint64_t off = i == 0 ? GP_BINLOG_MAGIC_LEN : a.fx->head_ends[i - 1];
        append_event(&a, off, (uint32_t)(a.fx->head_ends[i] - off));
    }
    a.head_len = a.len;
    /* The model starts from the file's own starting set, as at reads it
     * at the end of the head. */
    at(&a, a.head_len, &start);
    CHECK(start.flavor == a.fx->flavor);
    a.mysql = gp_mysql_set_new();
    a.mariadb = gp_mariadb_state_new();
    CHECK(a.mysql != NULL && a.mariadb != NULL);
    if (a.fx->flavor == GTIDPOS_FLAVOR_MARIADB)
        CHECK(gp_mariadb_state_copy(a.mariadb, start.mariadb) == GP_GTID_OK);
    else
        CHECK(gp_mysql_set_copy(a.mysql, start.mysql) == GP_GTID_OK);
    gp_at_result_free(&start);
    a.set_start = model_text(&a);
    /* Fresh GNOs of the fixture's UUID follow its starting set. */
    a.next_gno[0] = a.fx->next_gno;
    a.next_gno[1] = a.next_gno[2] = 1;

    while (c.left > 0 && a.n_txns < MAX_TXNS) {
        uint8_t op = pick(&c);
        const template *t = &a.fx->t[op % a.fx->n_templates];
        gp_find_target g;

        choose_gtid(&a, t, &c, &g);
        append_txn(&a, t, &g);
        if ((op & 0x80) && a.fx->filler_len > 0)
            append_event(&a, a.fx->filler_off, (uint32_t)a.fx->filler_len);
    }
    if ((first & 0x80) && a.fx->tail_len > 0)
        append_event(&a, a.fx->tail_off, (uint32_t)a.fx->tail_len);

    /* GP_DIFF_DUMP=FILE: keep the assembled binlog (for the CLI, for
     * mariadb-binlog, or to see what an input built). */
    if (getenv("GP_DIFF_DUMP") != NULL) {
        FILE *f = fopen(getenv("GP_DIFF_DUMP"), "wb");
        CHECK(f != NULL && fwrite(a.buf, 1, a.len, f) == a.len && fclose(f) == 0);
    }
    check_scan(&a);
    check_at(&a);
    check_find(&a);

    for (size_t i = 0; i < a.n_txns; i++)
        free(a.txn[i].set_after);
    free(a.set_start);
    gp_mysql_set_free(a.mysql);
    gp_mariadb_state_free(a.mariadb);
    free(a.buf);
    return 0;
}
