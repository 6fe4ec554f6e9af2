/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mysql_set.c - MySQL GTID sets as sorted arrays of closed intervals.
 *
 * A set is an array of entries, one per TSID (UUID + tag, MySQL 8.3's name
 * for the pair), sorted by the 16 UUID bytes and then by the lowercase tag
 * bytes.  The untagged entry has the empty tag, so it sorts first: the
 * array order is the order MySQL prints (Gtid_set::to_string walks
 * Tsid_map::get_sorted_sidno, ordered by Tsid::operator<).
 *
 * Each entry owns a growable array of disjoint, non-adjacent [first, last]
 * intervals, sorted.  Every entry holds at least one interval: an entry is
 * created together with its first interval and nothing removes GTIDs, so
 * "no entries" and "empty set" are the same thing.
 *
 * Walking a binlog calls gp_mysql_set_add once per transaction, nearly
 * always with the next GNO of the TSID used last.  The set remembers the
 * (entry, interval) it touched last, so that case costs two compares and
 * an increment; anything else is a binary search plus a memmove.
 */
#include "mysql_set.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_scan.h"

#define IVL_INITIAL_CAP 4
#define ENT_INITIAL_CAP 4
/* cur_ent value meaning "no cursor": entry indexes never reach it. */
#define CURSOR_NONE SIZE_MAX

typedef struct gp_ivl {
    uint64_t first, last;
} gp_ivl;

/* A validated tag, lowercased; len == 0 is the untagged TSID. */
typedef struct gp_tag {
    uint8_t len;
    char s[GP_MYSQL_TAG_MAX + 1];
} gp_tag;

typedef struct gp_tsid_ivls {
    gp_uuid uuid;
    gp_tag tag;
    gp_ivl *iv;
    size_t n, cap;
} gp_tsid_ivls;

struct gp_mysql_set {
    gp_tsid_ivls *ent;
    size_t n, cap;
    size_t cur_ent, cur_iv; /* last touched; valid when cur_ent < n */
};

/* ---- small helpers ------------------------------------------------------ */

/*
 * realloc p to hold at least need elements of size bytes, doubling.
 * Returns the new block (cap updated) or NULL (p and cap untouched).
 */
static void *grow_array(void *p, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 1;
    void *np;

    if (need <= *cap)
        return p;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return NULL;
    np = realloc(p, ncap * size);
    if (np != NULL)
        *cap = ncap;
    return np;
}

/* ASCII classes written out: <ctype.h> would follow the caller's locale. */
static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_tag_start(int c)
{
    return is_alpha(c) || c == '_';
}

static int is_tag_char(int c)
{
    return is_tag_start(c) || gp_scan_is_digit(c);
}

static int hex_value(int c)
{
    if (gp_scan_is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Whitespace MySQL skips around separators (my_isspace in latin1 also
 * takes \v and \f; nobody prints those). */
/* Validate [a-zA-Z_][a-zA-Z0-9_]{0,31} and store it lowercased (MySQL
 * 8.3 Tag::from_cstring lowercases, so "Tag_A" and "tag_a" are one tag). */
static int tag_make(gp_tag *t, const char *text, size_t len)
{
    t->len = 0;
    t->s[0] = '\0';
    if (text == NULL || len == 0)
        return 0;
    if (len > GP_MYSQL_TAG_MAX || !is_tag_start((unsigned char)text[0]))
        return -1;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)text[i];

        if (!is_tag_char(c))
            return -1;
        t->s[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    t->s[len] = '\0';
    t->len = (uint8_t)len;
    return 0;
}

static int tsid_cmp(const gp_uuid *u, const gp_tag *t, const gp_tsid_ivls *e)
{
    int c = memcmp(u->b, e->uuid.b, sizeof u->b);

    /* strcmp orders by unsigned bytes, and "" (untagged) sorts first. */
    return c != 0 ? c : strcmp(t->s, e->tag.s);
}

static int tsid_same(const gp_tsid_ivls *a, const gp_tsid_ivls *b)
{
    return memcmp(a->uuid.b, b->uuid.b, sizeof a->uuid.b) == 0 &&
           a->tag.len == b->tag.len &&
           memcmp(a->tag.s, b->tag.s, a->tag.len) == 0;
}

/* ---- lookup ------------------------------------------------------------- */

/* Index of the first entry not below (u, t); *found tells if it is (u, t). */
static size_t ent_lower_bound(const gp_mysql_set *s, const gp_uuid *u,
                              const gp_tag *t, int *found)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (tsid_cmp(u, t, &s->ent[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < s->n && tsid_cmp(u, t, &s->ent[lo]) == 0;
    return lo;
}

static const gp_tsid_ivls *ent_find(const gp_mysql_set *s, const gp_uuid *u,
                                    const gp_tag *t)
{
    int found;
    size_t at = ent_lower_bound(s, u, t, &found);

    return found ? &s->ent[at] : NULL;
}

/* First interval with last >= x, searching from index lo. */
static size_t ivl_first_ending_at_or_after(const gp_tsid_ivls *e, size_t lo,
                                           uint64_t x)
{
    size_t hi = e->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (e->iv[mid].last < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* First interval with first > x, searching from index lo. */
static size_t ivl_first_starting_after(const gp_tsid_ivls *e, size_t lo,
                                       uint64_t x)
{
    size_t hi = e->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (e->iv[mid].first <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- insertion ---------------------------------------------------------- */

/*
 * Merge [first, last] into e.  Intervals i..j-1 are those that overlap or
 * touch it (last + 1 cannot overflow: GNOs stop below INT64_MAX).  *at is
 * where the merged interval ends up.
 */
static int ivl_add(gp_tsid_ivls *e, uint64_t first, uint64_t last, size_t *at)
{
    size_t i = ivl_first_ending_at_or_after(e, 0, first - 1);
    size_t j = ivl_first_starting_after(e, i, last + 1);

    if (i == j) {
        gp_ivl *niv = grow_array(e->iv, &e->cap, e->n + 1, sizeof *niv);

        if (niv == NULL)
            return GP_GTID_ENOMEM;
        e->iv = niv;
        memmove(&e->iv[i + 1], &e->iv[i], (e->n - i) * sizeof e->iv[0]);
        e->n++;
    } else {
        if (e->iv[i].first < first)
            first = e->iv[i].first;
        if (e->iv[j - 1].last > last)
            last = e->iv[j - 1].last;
        memmove(&e->iv[i + 1], &e->iv[j], (e->n - j) * sizeof e->iv[0]);
        e->n -= j - i - 1;
    }
    e->iv[i].first = first;
    e->iv[i].last = last;
    *at = i;
    return GP_GTID_OK;
}

/* Insert a new entry at index at holding the single interval [first, last].
 * The interval array is allocated first so a failure leaves no empty entry. */
static int ent_insert(gp_mysql_set *s, size_t at, const gp_uuid *u,
                      const gp_tag *t, uint64_t first, uint64_t last)
{
    gp_ivl *iv = malloc(IVL_INITIAL_CAP * sizeof *iv);
    gp_tsid_ivls *nent;
    gp_tsid_ivls *e;

    if (iv == NULL)
        return GP_GTID_ENOMEM;
    nent = grow_array(s->ent, &s->cap, s->n + 1, sizeof *nent);
    if (nent == NULL) {
        free(iv);
        return GP_GTID_ENOMEM;
    }
    s->ent = nent;
    memmove(&s->ent[at + 1], &s->ent[at], (s->n - at) * sizeof s->ent[0]);
    s->n++;
    e = &s->ent[at];
    e->uuid = *u;
    e->tag = *t;
    e->iv = iv;
    e->cap = IVL_INITIAL_CAP;
    e->n = 1;
    iv[0].first = first;
    iv[0].last = last;
    return GP_GTID_OK;
}

/* The O(1) case: [first, last] continues the interval touched last and
 * stays clear of the next one. */
static int cursor_extend(gp_mysql_set *s, const gp_uuid *u, const gp_tag *t,
                         uint64_t first, uint64_t last)
{
    gp_tsid_ivls *e;
    gp_ivl *iv;

    if (s->cur_ent >= s->n)
        return 0;
    e = &s->ent[s->cur_ent];
    iv = &e->iv[s->cur_iv];
    if (iv->last + 1 != first)
        return 0;
    if (s->cur_iv + 1 < e->n && last + 1 >= e->iv[s->cur_iv + 1].first)
        return 0;
    if (memcmp(u->b, e->uuid.b, sizeof u->b) != 0 || t->len != e->tag.len ||
        memcmp(t->s, e->tag.s, t->len) != 0)
        return 0;
    iv->last = last;
    return 1;
}

/* Add a validated interval under a normalised tag. */
static int add_norm(gp_mysql_set *s, const gp_uuid *u, const gp_tag *t,
                    uint64_t first, uint64_t last)
{
    int found, rc;
    size_t at, iv_at = 0;

    if (cursor_extend(s, u, t, first, last))
        return GP_GTID_OK;
    at = ent_lower_bound(s, u, t, &found);
    if (found)
        rc = ivl_add(&s->ent[at], first, last, &iv_at);
    else
        rc = ent_insert(s, at, u, t, first, last);
    if (rc != GP_GTID_OK)
        return rc;
    s->cur_ent = at;
    s->cur_iv = iv_at;
    return GP_GTID_OK;
}

/* ---- lifetime ----------------------------------------------------------- */

gp_mysql_set *gp_mysql_set_new(void)
{
    gp_mysql_set *s = calloc(1, sizeof *s);

    if (s != NULL)
        s->cur_ent = CURSOR_NONE;
    return s;
}

void gp_mysql_set_clear(gp_mysql_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->ent[i].iv);
    s->n = 0;
    s->cur_ent = CURSOR_NONE;
}

void gp_mysql_set_free(gp_mysql_set *s)
{
    if (s == NULL)
        return;
    gp_mysql_set_clear(s);
    free(s->ent);
    free(s);
}

static void free_entries(gp_tsid_ivls *ent, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ent[i].iv);
    free(ent);
}

/* Built aside and swapped in, so dst is untouched when memory runs out. */
int gp_mysql_set_copy(gp_mysql_set *dst, const gp_mysql_set *src)
{
    gp_tsid_ivls *ent;

    if (dst == src)
        return GP_GTID_OK;
    ent = calloc(src->n ? src->n : 1, sizeof *ent);
    if (ent == NULL)
        return GP_GTID_ENOMEM;
    for (size_t i = 0; i < src->n; i++) {
        const gp_tsid_ivls *se = &src->ent[i];

        ent[i] = *se;
        ent[i].cap = se->n;
        ent[i].iv = malloc(se->n * sizeof se->iv[0]);
        if (ent[i].iv == NULL) {
            free_entries(ent, i);
            return GP_GTID_ENOMEM;
        }
        memcpy(ent[i].iv, se->iv, se->n * sizeof se->iv[0]);
    }
    gp_mysql_set_clear(dst);
    free(dst->ent);
    dst->ent = ent;
    dst->n = src->n;
    dst->cap = src->n ? src->n : 1;
    return GP_GTID_OK;
}

int gp_mysql_set_is_empty(const gp_mysql_set *s)
{
    return s->n == 0;
}

/* ---- arithmetic --------------------------------------------------------- */

int gp_mysql_set_add(gp_mysql_set *s, const gp_uuid *uuid, const char *tag,
                     size_t tag_len, uint64_t gno)
{
    return gp_mysql_set_add_interval(s, uuid, tag, tag_len, gno, gno);
}

int gp_mysql_set_add_interval(gp_mysql_set *s, const gp_uuid *uuid,
                              const char *tag, size_t tag_len, uint64_t first,
                              uint64_t last)
{
    gp_tag t;

    if (first == 0 || first > last || last > GP_MYSQL_GNO_MAX)
        return GP_GTID_ERANGE;
    if (tag_make(&t, tag, tag_len) != 0)
        return GP_GTID_ERANGE;
    return add_norm(s, uuid, &t, first, last);
}

/* On GP_GTID_ENOMEM dst holds part of the union (still a valid set). */
int gp_mysql_set_union(gp_mysql_set *dst, const gp_mysql_set *src)
{
    if (dst == src)
        return GP_GTID_OK;
    for (size_t i = 0; i < src->n; i++) {
        const gp_tsid_ivls *e = &src->ent[i];

        for (size_t k = 0; k < e->n; k++) {
            int rc = add_norm(dst, &e->uuid, &e->tag, e->iv[k].first,
                              e->iv[k].last);

            if (rc != GP_GTID_OK)
                return rc;
        }
    }
    return GP_GTID_OK;
}

int gp_mysql_set_equal(const gp_mysql_set *a, const gp_mysql_set *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const gp_tsid_ivls *ea = &a->ent[i], *eb = &b->ent[i];

        if (!tsid_same(ea, eb) || ea->n != eb->n)
            return 0;
        for (size_t k = 0; k < ea->n; k++)
            if (ea->iv[k].first != eb->iv[k].first ||
                ea->iv[k].last != eb->iv[k].last)
                return 0;
    }
    return 1;
}

int gp_mysql_set_contains(const gp_mysql_set *s, const gp_uuid *uuid,
                          const char *tag, size_t tag_len, uint64_t gno)
{
    gp_tag t;
    const gp_tsid_ivls *e;
    size_t k;

    if (tag_make(&t, tag, tag_len) != 0)
        return 0;
    e = ent_find(s, uuid, &t);
    if (e == NULL)
        return 0;
    k = ivl_first_ending_at_or_after(e, 0, gno);
    return k < e->n && e->iv[k].first <= gno;
}

/* Intervals are disjoint and non-adjacent, so each interval of a must sit
 * inside a single interval of b. */
static int ivls_subset(const gp_tsid_ivls *a, const gp_tsid_ivls *b)
{
    size_t j = 0;

    for (size_t k = 0; k < a->n; k++) {
        j = ivl_first_ending_at_or_after(b, j, a->iv[k].last);
        if (j == b->n || b->iv[j].first > a->iv[k].first)
            return 0;
    }
    return 1;
}

int gp_mysql_set_is_subset(const gp_mysql_set *a, const gp_mysql_set *b)
{
    for (size_t i = 0; i < a->n; i++) {
        const gp_tsid_ivls *ea = &a->ent[i];
        const gp_tsid_ivls *eb = ent_find(b, &ea->uuid, &ea->tag);

        if (eb == NULL || !ivls_subset(ea, eb))
            return 0;
    }
    return 1;
}

/* ---- text output -------------------------------------------------------- */

/* snprintf-like sink: counts every byte, stores what fits before the NUL. */
typedef struct gp_out {
    char *buf;
    size_t cap, len;
} gp_out;

static void out_bytes(gp_out *o, const char *p, size_t n)
{
    if (o->cap > 0 && o->len < o->cap - 1) {
        size_t room = o->cap - 1 - o->len;

        memcpy(o->buf + o->len, p, n < room ? n : room);
    }
    o->len += n;
}

static void out_char(gp_out *o, char c)
{
    out_bytes(o, &c, 1);
}

static void out_u64(gp_out *o, uint64_t v)
{
    char tmp[20];
    size_t i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    out_bytes(o, tmp + i, sizeof tmp - i);
}

void gp_uuid_format(const gp_uuid *u, char buf[37])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;

    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[o++] = '-';
        buf[o++] = hex[u->b[i] >> 4];
        buf[o++] = hex[u->b[i] & 0xf];
    }
    buf[o] = '\0';
}

static void out_entry(gp_out *o, const gp_tsid_ivls *e, int new_uuid,
                      int first_uuid)
{
    if (new_uuid) {
        char ubuf[37];

        if (!first_uuid)
            out_char(o, ',');
        gp_uuid_format(&e->uuid, ubuf);
        out_bytes(o, ubuf, 36);
    }
    if (e->tag.len > 0) {
        out_char(o, ':');
        out_bytes(o, e->tag.s, e->tag.len);
    }
    for (size_t k = 0; k < e->n; k++) {
        out_char(o, ':');
        out_u64(o, e->iv[k].first);
        if (e->iv[k].last != e->iv[k].first) {
            out_char(o, '-');
            out_u64(o, e->iv[k].last);
        }
    }
}

size_t gp_mysql_set_format(const gp_mysql_set *s, char *buf, size_t cap)
{
    gp_out o = {buf, cap, 0};

    for (size_t i = 0; i < s->n; i++) {
        int new_uuid = i == 0 || memcmp(s->ent[i].uuid.b, s->ent[i - 1].uuid.b,
                                        sizeof s->ent[i].uuid.b) != 0;

        out_entry(&o, &s->ent[i], new_uuid, i == 0);
    }
    if (cap > 0)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return o.len;
}

char *gp_mysql_set_to_string(const gp_mysql_set *s)
{
    size_t len = gp_mysql_set_format(s, NULL, 0);
    char *buf = malloc(len + 1);

    if (buf != NULL)
        gp_mysql_set_format(s, buf, len + 1);
    return buf;
}

/* ---- text input --------------------------------------------------------- */

/* Offset of the first character that breaks 8-4-4-4-12 hex, 36 when the
 * first 36 characters are a UUID (len when the text ends early). */
static size_t uuid_bad_char(const char *text, size_t len)
{
    for (size_t i = 0; i < 36; i++) {
        int want_dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (i == len)
            return i;
        if (want_dash ? text[i] != '-' : hex_value((unsigned char)text[i]) < 0)
            return i;
    }
    return 36;
}

int gp_uuid_parse(gp_uuid *u, const char *text, size_t len)
{
    size_t o = 0;

    if (len != 36 || uuid_bad_char(text, len) != 36)
        return GP_GTID_EPARSE;
    for (size_t i = 0; i < 16; i++) {
        if (text[o] == '-')
            o++;
        u->b[i] = (uint8_t)(hex_value((unsigned char)text[o]) << 4 |
                            hex_value((unsigned char)text[o + 1]));
        o += 2;
    }
    return GP_GTID_OK;
}

static int scan_uuid(gp_scan *sc, gp_uuid *u)
{
    size_t bad = uuid_bad_char(sc->p + sc->pos, sc->len - sc->pos);

    if (bad != 36)
        return gp_scan_fail(sc, sc->pos + bad, GP_GTID_EPARSE,
                            "bad UUID: expected 8-4-4-4-12 hex digits");
    gp_uuid_parse(u, sc->p + sc->pos, 36);
    sc->pos += 36;
    return GP_GTID_OK;
}

/*
 * Decimal only, no sign, no leading zero.  MySQL's parse_gno calls
 * strtoll(…, 0), which would read "010" as 8 and "0x10" as 16; rejecting
 * those forms beats silently disagreeing with the server.
 */
static int scan_gno(gp_scan *sc, uint64_t *gno)
{
    size_t at = sc->pos;
    uint64_t v = 0;
    char what[16];

    if (!gp_scan_is_digit(gp_scan_peek(sc)))
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "expected a GNO, found %s",
                            gp_scan_found(sc, what));
    if (gp_scan_peek(sc) == '0') {
        sc->pos++;
        if (is_tag_char(gp_scan_peek(sc)))
            return gp_scan_fail(sc, at, GP_GTID_EPARSE,
                                "GNO with a leading zero or base prefix "
                                "(MySQL would read it as octal or hex)");
        return gp_scan_fail(sc, at, GP_GTID_ERANGE, "GNO 0 is not valid");
    }
    while (gp_scan_is_digit(gp_scan_peek(sc))) {
        unsigned d = (unsigned)(gp_scan_peek(sc) - '0');

        if (v > (GP_MYSQL_GNO_MAX - d) / 10)
            return gp_scan_fail(sc, at, GP_GTID_ERANGE, "GNO larger than %llu",
                                (unsigned long long)GP_MYSQL_GNO_MAX);
        v = v * 10 + d;
        sc->pos++;
    }
    *gno = v;
    return GP_GTID_OK;
}

static int scan_interval(gp_scan *sc, uint64_t *first, uint64_t *last)
{
    size_t at = sc->pos;
    int rc = scan_gno(sc, first);

    if (rc != GP_GTID_OK)
        return rc;
    *last = *first;
    gp_scan_skip_blanks(sc);
    if (gp_scan_peek(sc) != '-')
        return GP_GTID_OK;
    sc->pos++;
    gp_scan_skip_blanks(sc);
    rc = scan_gno(sc, last);
    if (rc != GP_GTID_OK)
        return rc;
    /* MySQL silently drops such an interval; a typo should not vanish. */
    if (*first > *last)
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "interval %llu-%llu: start > end",
                            (unsigned long long)*first, (unsigned long long)*last);
    return GP_GTID_OK;
}

static int scan_tag(gp_scan *sc, gp_tag *t)
{
    size_t at = sc->pos;
    int c;
    char what[16];

    while (is_tag_char(gp_scan_peek(sc)))
        sc->pos++;
    c = gp_scan_peek(sc);
    if (c >= 0 && c != ':' && c != ',' && !gp_scan_is_blank(c))
        return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE, "bad character in tag: %s",
                            gp_scan_found(sc, what));
    if (tag_make(t, sc->p + at, sc->pos - at) != 0)
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "tag longer than %d characters",
                            GP_MYSQL_TAG_MAX);
    return GP_GTID_OK;
}

/*
 * One "uuid(:tag|:interval)+" element.  A tag applies to the intervals
 * after it, and must have some: MySQL ignores "uuid:tag" alone, but here
 * it is more likely a mistake than a wish.
 */
static int scan_element(gp_mysql_set *s, gp_scan *sc)
{
    gp_uuid u;
    gp_tag tag;
    size_t tag_at = 0;
    int tag_waiting = 0, rc;
    char what[16];

    if (gp_scan_peek(sc) == ',')
        return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE, "empty element");
    rc = scan_uuid(sc, &u);
    if (rc != GP_GTID_OK)
        return rc;
    tag_make(&tag, NULL, 0);
    gp_scan_skip_blanks(sc);
    if (gp_scan_peek(sc) != ':')
        return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE,
                            "expected ':' after UUID, found %s", gp_scan_found(sc, what));
    while (gp_scan_peek(sc) == ':') {
        sc->pos++;
        gp_scan_skip_blanks(sc);
        if (is_tag_start(gp_scan_peek(sc))) {
            if (tag_waiting)
                return gp_scan_fail(sc, tag_at, GP_GTID_EPARSE,
                                    "tag '%s' has no intervals", tag.s);
            tag_at = sc->pos;
            rc = scan_tag(sc, &tag);
            tag_waiting = 1;
        } else {
            uint64_t first, last;

            rc = scan_interval(sc, &first, &last);
            if (rc == GP_GTID_OK && add_norm(s, &u, &tag, first, last) != 0)
                rc = gp_scan_fail(sc, sc->pos, GP_GTID_ENOMEM, "out of memory");
            tag_waiting = 0;
        }
        if (rc != GP_GTID_OK)
            return rc;
        gp_scan_skip_blanks(sc);
    }
    if (tag_waiting)
        return gp_scan_fail(sc, tag_at, GP_GTID_EPARSE, "tag '%s' has no intervals",
                            tag.s);
    return GP_GTID_OK;
}

/* gp_scan_list's element callback. */
static int scan_one(void *s, gp_scan *sc)
{
    return scan_element(s, sc);
}

static int scan_set(gp_mysql_set *s, gp_scan *sc)
{
    return gp_scan_list(sc, scan_one, s, "':', ',' or end of text");
}

int gp_mysql_set_parse(gp_mysql_set *s, const char *text, size_t len,
                       char *err, size_t errlen)
{
    gp_scan sc = {text, text != NULL ? len : 0, 0, err, errlen};
    int rc;

    if (err != NULL && errlen > 0)
        err[0] = '\0';
    gp_mysql_set_clear(s);
    rc = scan_set(s, &sc);
    if (rc != GP_GTID_OK)
        gp_mysql_set_clear(s);
    return rc;
}

/* ---- set algebra for find, cover and diff (issue 14) -------------------- */

/* Append to out the part of a's intervals that b's cover (keep != 0) or
 * do not cover (keep == 0); b NULL covers nothing.  Both interval lists
 * are sorted and disjoint, so one sweep does. */
static int ivls_filter(gp_mysql_set *out, const gp_tsid_ivls *a, const gp_tsid_ivls *b,
                       int keep)
{
    size_t j = 0;

    for (size_t k = 0; k < a->n; k++) {
        uint64_t at = a->iv[k].first, last = a->iv[k].last;
        int rc = GP_GTID_OK;

        if (b != NULL)
            j = ivl_first_ending_at_or_after(b, j, at);
        while (at <= last && rc == GP_GTID_OK) {
            uint64_t cut;

            if (b == NULL || j == b->n || b->iv[j].first > last) {
                if (!keep)
                    rc = add_norm(out, &a->uuid, &a->tag, at, last);
                break;
            }
            if (b->iv[j].first > at) { /* [at, b.first) is outside b */
                if (!keep)
                    rc = add_norm(out, &a->uuid, &a->tag, at, b->iv[j].first - 1);
                at = b->iv[j].first;
                continue;
            }
            cut = b->iv[j].last < last ? b->iv[j].last : last;
            if (keep)
                rc = add_norm(out, &a->uuid, &a->tag, at, cut);
            if (cut == last)
                break;
            at = cut + 1;
            j++;
        }
        if (rc != GP_GTID_OK)
            return rc;
    }
    return GP_GTID_OK;
}

static int set_filter(gp_mysql_set *out, const gp_mysql_set *a, const gp_mysql_set *b, int keep)
{
    gp_mysql_set *tmp = gp_mysql_set_new();
    int rc = GP_GTID_OK;

    if (tmp == NULL)
        return GP_GTID_ENOMEM;
    for (size_t i = 0; i < a->n && rc == GP_GTID_OK; i++)
        rc = ivls_filter(tmp, &a->ent[i], ent_find(b, &a->ent[i].uuid, &a->ent[i].tag), keep);
    if (rc == GP_GTID_OK)
        rc = gp_mysql_set_copy(out, tmp);
    gp_mysql_set_free(tmp);
    return rc;
}

int gp_mysql_set_subtract(gp_mysql_set *out, const gp_mysql_set *a, const gp_mysql_set *b)
{
    return set_filter(out, a, b, 0);
}

int gp_mysql_set_intersect(gp_mysql_set *out, const gp_mysql_set *a, const gp_mysql_set *b)
{
    return set_filter(out, a, b, 1);
}

int gp_mysql_set_overlaps(const gp_mysql_set *a, const gp_mysql_set *b)
{
    for (size_t i = 0; i < a->n; i++) {
        const gp_tsid_ivls *ea = &a->ent[i];
        const gp_tsid_ivls *eb = ent_find(b, &ea->uuid, &ea->tag);
        size_t j = 0;

        for (size_t k = 0; eb != NULL && k < ea->n; k++) {
            j = ivl_first_ending_at_or_after(eb, j, ea->iv[k].first);
            if (j < eb->n && eb->iv[j].first <= ea->iv[k].last)
                return 1;
        }
    }
    return 0;
}
