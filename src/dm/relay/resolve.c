/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * resolve.c - gp_dm_resolve: a DM checkpoint to the set at that point of
 * the upstream binlog, from a DM v1.0 relay root or a plain binlog dir.
 *
 * The chaining rule (also in man/gtidpos.1, "DM relay directories"):
 * a relay file that has a DM hole (dummy events, or a mid-file start, which
 * DM also fills with dummies after the format description) before the
 * position P cannot say by itself which transactions the hole replaced.
 * Let j be the end of the last hole before P (or P itself when P lies in
 * the hole).  Then
 *     set(P) = set(j) + the GTIDs of the transactions of this file that
 *              start at or after j and end at or before P,
 * and set(j) is taken from an EARLIER relay file of the SAME upstream file
 * (same server uuid, same binlog name; suffix order from
 * server-uuid.index, file order within a subdirectory) in which j is a
 * transaction boundary, itself computed by the same rule.  This is exact
 * because both files hold the upstream's bytes at the upstream's offsets:
 * the earlier file's set at j is the upstream's set at j, and nothing
 * between j and P is missing from this file.  Two more cases are exact:
 * P at the end of a relay file that ends with the upstream's Rotate is the
 * start of the next upstream file, whose Previous_gtids / Gtid_list is the
 * server's own word for the set there; and a hole followed by the tail of a
 * transaction is refused, since the GTID of that transaction is in the hole.
 * Anything else is refused with the byte range that cannot be accounted for.
 */
#include "dm/relay/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/format.h"
#include "binlog/logdir.h"
#include "binlog/walker.h"
#include "dm/relay/relay_dir.h"
#include "dm/relay/relay_scan.h"

#define MAX_SCANS 256 /* bound on relay files read for one answer */

typedef struct chain {
    char **paths;     /* the relay files of one upstream server, in order */
    size_t n;
    const gp_at_options *opt;
    int scans;
} chain;

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* gp_at over one whole file. */
static gtidpos_status at_file(const char *path, uint64_t pos, const gp_at_options *opt,
                      gp_at_result *r, gp_error *e)
{
    gp_log log;
    gtidpos_status rc = gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, e);

    if (rc == GTIDPOS_OK)
        rc = gp_at(&log, pos, opt, r, e);
    gp_log_close(&log);
    return rc;
}

static gtidpos_status nomem(const char *path, gp_error *e)
{
    return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
}

static gtidpos_status set_at(chain *ch, size_t k, uint64_t pos, gp_at_result *r, gp_error *e);

/* Set r to the set at the end of ch->paths[k], from the next upstream
 * file's own header when k ends with the upstream's Rotate to it. */
static gtidpos_status from_next_header(chain *ch, size_t k, const gp_dm_scan *s, gp_at_result *r,
                               gp_error *e)
{
    for (size_t i = k + 1; i < ch->n; i++) {
        if (strcmp(base_name(ch->paths[i]), s->next_name) != 0)
            continue;
        gp_at_result_free(r);
        gp_at_result_init(r);
        if (at_file(ch->paths[i], GP_BINLOG_MAGIC_LEN, ch->opt, r, e) == GTIDPOS_OK) {
            r->pos = s->end;
            gp_at_result_warn(r, "%s: the set at its end (%llu) is the starting set of %s",
                              ch->paths[k], (unsigned long long)s->end, ch->paths[i]);
            return GTIDPOS_OK;
        }
    }
    return GTIDPOS_ERR_NO_GTID_INFO;
}

/* r = set(j) from an earlier relay file of the same upstream file. */
static gtidpos_status from_earlier(chain *ch, size_t k, uint64_t j, int allow_inside,
                           gp_at_result *r, gp_error *last, int *tried)
{
    const char *name = base_name(ch->paths[k]);

    *tried = 0;
    for (size_t i = k; i-- > 0;) {
        if (strcmp(base_name(ch->paths[i]), name) != 0)
            continue;
        (*tried)++;
        gp_at_result_free(r);
        gp_at_result_init(r);
        if (set_at(ch, i, j, r, last) == GTIDPOS_OK) {
            if (!r->inside || allow_inside)
                return GTIDPOS_OK;
            gp_error_set(last, GTIDPOS_ERR_POSITION, ch->paths[i], (int64_t)j,
                         "offset %llu is inside a transaction there",
                         (unsigned long long)j);
        }
    }
    return GTIDPOS_ERR_NO_GTID_INFO;
}

/*
 * r holds set(j), from an earlier relay file; later, the walk of this
 * file from j to pos (gp_dm_at_after_hole).  Make r the answer at pos:
 * the sets added up (gp_at_result_union, as a split walk adds its parts),
 * later's last and open transaction and its warnings.
 */
static gtidpos_status follow(gp_at_result *r, const gp_at_result *later, const char *path,
                     gp_error *e)
{
    if (gp_at_result_union(r, later) != GP_GTID_OK)
        return nomem(path, e);
    if (later->has_last) {
        r->has_last = 1;
        r->last_start = later->last_start;
        r->last_end = later->last_end;
        memcpy(r->last_gtid, later->last_gtid, sizeof r->last_gtid);
    }
    r->pos = later->pos;
    r->inside = later->inside;
    r->open_start = later->open_start;
    memcpy(r->open_gtid, later->open_gtid, sizeof r->open_gtid);
    for (int i = 0; i < later->n_warnings; i++)
        gp_at_result_warn(r, "%s", later->warnings[i]);
    r->warnings_dropped += later->warnings_dropped;
    return GTIDPOS_OK;
}

/* r holds set(j), j the end of the last hole of ch->paths[k] before pos:
 * make it the answer at pos, adding what this file holds from j on. */
static gtidpos_status after_hole(chain *ch, size_t k, uint64_t pos, gp_at_result *r, gp_error *e)
{
    gp_at_result later;
    gtidpos_status rc;

    gp_at_result_init(&later);
    rc = gp_dm_at_after_hole(ch->paths[k], pos, ch->opt, &later, e);
    if (rc == GTIDPOS_OK)
        rc = follow(r, &later, ch->paths[k], e);
    gp_at_result_free(&later);
    return rc;
}

/* The set at pos of ch->paths[k], by the rule at the top of this file. */
static gtidpos_status set_at(chain *ch, size_t k, uint64_t pos, gp_at_result *r, gp_error *e)
{
    const char *path = ch->paths[k];
    gp_dm_scan s;
    const gp_dm_hole *h = NULL;
    gp_error last;
    uint64_t j;
    int tried = 0;
    gtidpos_status rc;

    if (++ch->scans > MAX_SCANS)
        return gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, path, (int64_t)pos,
                            "more than %d relay files read to account for DM holes: giving up",
                            MAX_SCANS);
    rc = gp_dm_scan_file(&s, path, ch->opt, pos, e);
    if (rc == GTIDPOS_ERR_POSITION) {
        /* A position inside a hole is a boundary an earlier file may have
         * (the scan is whole all the same). */
        for (size_t i = 0; i < s.n_holes; i++)
            if (s.holes[i].start < pos && pos < s.holes[i].end)
                h = &s.holes[i];
        if (h == NULL) {
            gp_dm_scan_free(&s);
            return GTIDPOS_ERR_POSITION;
        }
        gp_error_clear(e);
        rc = GTIDPOS_OK;
    }
    if (rc != GTIDPOS_OK) {
        gp_dm_scan_free(&s);
        return rc;
    }
    if (s.damaged && pos > s.end) {
        *e = s.damage;
        gp_dm_scan_free(&s);
        return e->code;
    }
    for (size_t i = 0; i < s.n_holes; i++)
        if (s.holes[i].start < pos)
            h = &s.holes[i];
    if (h == NULL && !s.has_state && s.n_holes > 0) {
        /* At or before a hole that hides the file's own Previous_gtids /
         * Gtid_list (a mid-file start): the hole still decides. */
        h = &s.holes[0];
    }
    if (h == NULL) {
        /* No hole before pos: the file answers alone. */
        gp_dm_scan_free(&s);
        return at_file(path, pos, ch->opt, r, e);
    }
    j = pos < h->end ? pos : h->end; /* pos <= h->start too when the header is hidden */
    gp_error_clear(&last);
    if (j == pos) {
        /* pos itself is in or at the end of the hole: the earlier file's
         * answer there is the answer, inside a transaction or not. */
        if (from_earlier(ch, k, j, 1, r, &last, &tried) == GTIDPOS_OK) {
            gp_at_result_warn(r, "%s: position %llu is at or in the DM hole %llu..%llu: answered "
                                 "from an earlier relay file of the same upstream file",
                              path, (unsigned long long)pos, (unsigned long long)h->start,
                              (unsigned long long)h->end);
            gp_dm_scan_free(&s);
            return GTIDPOS_OK;
        }
    } else if (h->tail_follows) {
        gp_error_set(&last, GTIDPOS_ERR_NO_GTID_INFO, path, (int64_t)j,
                     "the events after it continue a transaction whose GTID event the "
                     "hole replaced");
    } else if (from_earlier(ch, k, j, 0, r, &last, &tried) == GTIDPOS_OK) {
        rc = after_hole(ch, k, pos, r, e);
        if (rc == GTIDPOS_OK) {
            gp_at_result_warn(r, "%s: DM hole at %llu..%llu: the set at %llu was taken from an "
                                 "earlier relay file of the same upstream file",
                              path, (unsigned long long)h->start, (unsigned long long)h->end,
                              (unsigned long long)j);
        }
        gp_dm_scan_free(&s);
        return rc;
    }
    /* The end of a file that rotated: the next file's own header. */
    if (s.rotates && !s.open_at_end && (s.n_txns == 0 || s.txns[s.n_txns - 1].end <= pos) &&
        s.holes[s.n_holes - 1].end <= pos &&
        from_next_header(ch, k, &s, r, e) == GTIDPOS_OK) {
        r->pos = pos;
        gp_dm_scan_free(&s);
        return GTIDPOS_OK;
    }
    rc = gp_error_set(e, GTIDPOS_ERR_NO_GTID_INFO, path, (int64_t)h->start,
                      "bytes %llu..%llu of upstream %s are a DM hole (dummy events) and "
                      "%s: the GTIDs of the transactions before offset %llu cannot be "
                      "accounted for%s%s",
                      (unsigned long long)h->start, (unsigned long long)h->end,
                      base_name(path),
                      tried ? "no earlier relay file of the same upstream file gives the "
                              "set at their end"
                            : "no earlier relay file holds the same upstream file",
                      (unsigned long long)pos, last.msg[0] ? " (" : "",
                      last.msg[0] ? last.msg : "");
    if (last.msg[0] && strlen(e->msg) + 2 < sizeof e->msg)
        strcat(e->msg, ")");
    gp_dm_scan_free(&s);
    return rc;
}

static void chain_free(chain *ch)
{
    for (size_t i = 0; i < ch->n; i++)
        free(ch->paths[i]);
    free(ch->paths);
    ch->paths = NULL;
    ch->n = 0;
}

/* Every relay file of the subdirectories with uuid, in order. */
static gtidpos_status chain_build(chain *ch, const gp_dm_relay_root *root, const char *uuid,
                          gp_error *e)
{
    for (size_t i = 0; i < root->n; i++) {
        gp_logdir d;
        gp_error ignored;
        char **v;

        if (strcmp(root->subs[i].uuid, uuid) != 0)
            continue;
        if (gp_logdir_list(&d, root->subs[i].path, &ignored) != GTIDPOS_OK)
            continue; /* an empty subdirectory holds no history */
        v = realloc(ch->paths, (ch->n + d.n) * sizeof *v);
        if (v == NULL) {
            gp_logdir_free(&d);
            return nomem(root->root, e);
        }
        ch->paths = v;
        for (size_t f = 0; f < d.n; f++) {
            ch->paths[ch->n++] = d.paths[f];
            d.paths[f] = NULL;
        }
        gp_logdir_free(&d);
    }
    return GTIDPOS_OK;
}

/* The index of the file named name in subdirectory sub, or ch->n. */
static size_t chain_find(const chain *ch, const gp_dm_relay_sub *sub, const char *name)
{
    size_t dl = strlen(sub->path);

    for (size_t i = ch->n; i-- > 0;)
        if (strncmp(ch->paths[i], sub->path, dl) == 0 && ch->paths[i][dl] == '/' &&
            strcmp(ch->paths[i] + dl + 1, name) == 0)
            return i;
    return ch->n;
}

/* The file before the one the checkpoint names, for "NEXT:4". */
static int is_previous_name(const char *candidate, const char *name)
{
    size_t bl1, bl2;
    long long s1 = gp_logdir_seq(candidate, &bl1), s2 = gp_logdir_seq(name, &bl2);

    return s1 >= 0 && s2 >= 0 && bl1 == bl2 && strncmp(candidate, name, bl1) == 0 &&
           s1 + 1 == s2;
}

/* NEXT:4 names the end of prev only when prev ends with the upstream's
 * Rotate to NEXT: a relay that stopped, or a server's current file, ends
 * somewhere else.  GTIDPOS_ERR_IO (as for a missing file) otherwise. */
static gtidpos_status rotates_to(const char *prev, const char *next, const gp_at_options *opt,
                         gp_error *e)
{
    gp_dm_scan s;
    gtidpos_status rc = gp_dm_scan_file(&s, prev, opt, GP_POS_END, e);

    if (rc == GTIDPOS_OK && !(s.rotates && strcmp(s.next_name, next) == 0))
        rc = gp_error_set(e, GTIDPOS_ERR_IO, prev, (int64_t)s.end,
                          "%s does not exist and this file does not end with a Rotate to "
                          "it, so its end is not the start of %s",
                          next, next);
    gp_dm_scan_free(&s);
    return rc;
}

static gtidpos_status set_path(char *out, size_t len, const char *path, gp_error *e)
{
    if (out != NULL && len > 0 && (size_t)snprintf(out, len, "%s", path) >= len)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "path too long");
    return GTIDPOS_OK;
}

static gtidpos_status resolve_binlog_dir(const char *dir, const gp_dm_checkpoint *c,
                                 const gp_at_options *opt, gp_at_result *r,
                                 char *path_out, size_t path_len, gp_error *e)
{
    gp_logdir d;
    gtidpos_status rc = gp_logdir_list(&d, dir, e);
    int found = 0;

    if (rc != GTIDPOS_OK)
        return rc;
    rc = gp_error_set(e, GTIDPOS_ERR_IO, dir, -1, "no binlog %s in this directory",
                      c->upstream_name);
    for (size_t i = 0; i < d.n && !found; i++)
        if (strcmp(base_name(d.paths[i]), c->upstream_name) == 0) {
            found = 1;
            gp_error_clear(e);
            rc = set_path(path_out, path_len, d.paths[i], e);
            if (rc == GTIDPOS_OK)
                rc = at_file(d.paths[i], c->pos, opt, r, e);
        }
    /* NEXT:4 without NEXT: the end of the file before it is the same point. */
    if (!found && c->pos == GP_BINLOG_MAGIC_LEN)
        for (size_t i = d.n; i-- > 0;)
            if (is_previous_name(base_name(d.paths[i]), c->upstream_name)) {
                gp_error_clear(e);
                rc = rotates_to(d.paths[i], c->upstream_name, opt, e);
                if (rc == GTIDPOS_OK)
                    rc = set_path(path_out, path_len, d.paths[i], e);
                if (rc == GTIDPOS_OK)
                    rc = at_file(d.paths[i], GP_POS_END, opt, r, e);
                if (rc == GTIDPOS_OK)
                    gp_at_result_warn(r, "%s is not in %s: answered at the end of %s, the same point",
                                      c->upstream_name, dir, d.paths[i]);
                break;
            }
    gp_logdir_free(&d);
    return rc;
}

static gtidpos_status resolve_relay_dir(const char *dir, const gp_dm_checkpoint *c,
                                const gp_at_options *opt, gp_at_result *r,
                                char *path_out, size_t path_len, gp_error *e)
{
    gp_dm_relay_root root;
    const gp_dm_relay_sub *sub = NULL;
    chain ch = {.opt = opt};
    size_t k;
    uint64_t pos = c->pos;
    gtidpos_status rc = gp_dm_relay_open(&root, dir, e);

    if (rc != GTIDPOS_OK)
        return rc;
    if (c->suffix[0] != '\0') {
        sub = gp_dm_relay_find(&root, c->suffix);
        if (sub == NULL) {
            rc = gp_error_set(e, GTIDPOS_ERR_IO, dir, -1,
                              "no relay subdirectory with suffix %s in server-uuid.index",
                              c->suffix);
            goto out;
        }
    } else {
        /* A name without '|' (DM v2 style): the newest subdirectory holding it. */
        for (size_t i = root.n; i-- > 0 && sub == NULL;) {
            char p[1300];
            FILE *f;
            snprintf(p, sizeof p, "%s/%s", root.subs[i].path, c->upstream_name);
            if ((f = fopen(p, "rb")) != NULL) {
                fclose(f);
                sub = &root.subs[i];
            }
        }
        if (sub == NULL) {
            rc = gp_error_set(e, GTIDPOS_ERR_IO, dir, -1, "no relay subdirectory holds %s",
                              c->upstream_name);
            goto out;
        }
    }
    if ((rc = chain_build(&ch, &root, sub->uuid, e)) != GTIDPOS_OK)
        goto out;
    k = chain_find(&ch, sub, c->upstream_name);
    if (k == ch.n && pos == GP_BINLOG_MAGIC_LEN) {
        /* NEXT:4 before DM created NEXT: the end of the file before it,
         * in the same subdirectory. */
        size_t dl = strlen(sub->path);
        for (size_t i = ch.n; i-- > 0 && k == ch.n;)
            if (strncmp(ch.paths[i], sub->path, dl) == 0 && ch.paths[i][dl] == '/' &&
                is_previous_name(base_name(ch.paths[i]), c->upstream_name))
                k = i;
        pos = GP_POS_END;
        if (k < ch.n && (rc = rotates_to(ch.paths[k], c->upstream_name, opt, e)) != GTIDPOS_OK)
            goto out;
    }
    if (k == ch.n) {
        rc = gp_error_set(e, GTIDPOS_ERR_IO, sub->path, -1, "no relay file %s in this subdirectory",
                          c->upstream_name);
        goto out;
    }
    if ((rc = set_path(path_out, path_len, ch.paths[k], e)) != GTIDPOS_OK)
        goto out;
    if (pos == GP_POS_END) {
        gp_dm_scan s;
        if ((rc = gp_dm_scan_file(&s, ch.paths[k], opt, GP_POS_END, e)) == GTIDPOS_OK)
            pos = s.end;
        gp_dm_scan_free(&s);
        if (rc != GTIDPOS_OK)
            goto out;
    }
    rc = set_at(&ch, k, pos, r, e);
out:
    chain_free(&ch);
    gp_dm_relay_free(&root);
    return rc;
}

gtidpos_status gp_dm_resolve(gp_dm_dir_kind kind, const char *dir, const gp_dm_checkpoint *c,
                     const gp_at_options *opt, gp_at_result *r,
                     char *path_out, size_t path_len, gp_error *e)
{
    if (path_out != NULL && path_len > 0)
        path_out[0] = '\0';
    gtidpos_status rc = kind == GP_DM_BINLOG_DIR
                    ? resolve_binlog_dir(dir, c, opt, r, path_out, path_len, e)
                    : resolve_relay_dir(dir, c, opt, r, path_out, path_len, e);

    if (rc == GTIDPOS_OK)
        gp_error_clear(e); /* a failed attempt on the way left its detail */
    return rc;
}
