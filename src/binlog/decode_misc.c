/* SPDX-License-Identifier: BSD-2-Clause */
#include "decode_misc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "format.h"
#include "reader.h"

#define CORRUPT(ev, ...) \
    gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)(ev)->offset, __VA_ARGS__)
#define NOMEM(ev) \
    gp_error_set(e, GTIDPOS_ERR_NOMEM, file, (int64_t)(ev)->offset, "out of memory")

gtidpos_status gp_decode_rotate(const gp_event *ev, const gp_fde *fde, gp_rotate *r,
                        const char *file, gp_error *e)
{
    gp_rd rd = gp_rd_make(ev->body, ev->body_len);
    uint8_t ph = gp_fde_post_header(fde, GP_EV_ROTATE);

    /* An FDE that does not list Rotate (v1 Start_event_v3 has no table)
     * means the v1 layout; v3 and v4 always list 8. */
    if (ph == 0 && fde->binlog_version >= 3)
        ph = GP_ROTATE_POST_HEADER;
    r->pos = GP_ROTATE_POS_V1;
    if (ph >= GP_ROTATE_POST_HEADER) {
        if (gp_rd_u64le(&rd, &r->pos) != 0 ||
            gp_rd_skip(&rd, (size_t)ph - GP_ROTATE_POST_HEADER) != 0)
            return CORRUPT(ev, "Rotate event shorter than its %u-byte post-header",
                           ph);
    } else if (gp_rd_skip(&rd, ph) != 0) {
        return CORRUPT(ev, "Rotate event shorter than its %u-byte post-header", ph);
    }
    r->name = (const char *)rd.p;
    r->name_len = gp_rd_left(&rd);
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_xid(const gp_event *ev, uint64_t *xid, const char *file,
                     gp_error *e)
{
    gp_rd rd = gp_rd_make(ev->body, ev->body_len);

    /* Longer bodies occur (MariaDB test files): the id is the first 8. */
    if (gp_rd_u64le(&rd, xid) != 0)
        return CORRUPT(ev, "Xid event body is %u bytes, not %d", ev->body_len,
                       GP_XID_LEN);
    return GTIDPOS_OK;
}

void gp_mariadb_flags2_text(uint8_t flags2, char *buf, size_t cap)
{
    static const struct { uint8_t bit; const char *name; } names[] = {
        {GP_MFL_STANDALONE, "standalone"},
        {GP_MFL_GROUP_COMMIT_ID, "group_commit_id"},
        {GP_MFL_TRANSACTIONAL, "transactional"},
        {GP_MFL_ALLOW_PARALLEL, "allow_parallel"},
        {GP_MFL_WAITED, "waited"},
        {GP_MFL_DDL, "ddl"},
        {GP_MFL_PREPARED_XA, "prepared_xa"},
        {GP_MFL_COMPLETED_XA, "completed_xa"},
    };
    size_t n = 0;

    if (cap == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags2 & names[i].bit))
            continue;
        int w = snprintf(buf + n, cap - n, "%s%s", n ? "," : "", names[i].name);
        if (w < 0 || (size_t)w >= cap - n) {
            buf[n] = '\0'; /* whole names only */
            return;
        }
        n += (size_t)w;
    }
}

/* Copy at most GP_INFO_QUERY_MAX bytes of a statement: up to a NUL (which
 * a one-line display cannot hold), backed off to a UTF-8 sequence start. */
static void keep_query(gp_event_info *info, const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    size_t n = len;

    info->query_truncated = 0;
    if (nul != NULL) {
        n = (size_t)(nul - s);
        info->query_truncated = 1;
    }
    if (n > GP_INFO_QUERY_MAX) {
        n = GP_INFO_QUERY_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
        info->query_truncated = 1;
    }
    memcpy(info->query, s, n);
    info->query[n] = '\0';
    info->has_query = 1;
}

static gtidpos_status describe_query(const gp_event *ev, const gp_fde *fde,
                             gp_event_info *info, const char *file, gp_error *e)
{
    /* One byte more than kept, so that a longer statement shows as cut. */
    char buf[GP_INFO_QUERY_MAX + 1];
    const char *stmt;
    size_t len;
    gtidpos_status rc = gp_decode_query(ev, fde, buf, sizeof buf, &stmt, &len, file, e);

    if (rc != GTIDPOS_OK)
        return rc;
    keep_query(info, stmt, len);
    return GTIDPOS_OK;
}

static gtidpos_status describe_rotate(const gp_event *ev, const gp_fde *fde,
                              gp_event_info *info, const char *file, gp_error *e)
{
    gp_rotate r;
    size_t n;
    gtidpos_status rc = gp_decode_rotate(ev, fde, &r, file, e);

    if (rc != GTIDPOS_OK)
        return rc;
    n = r.name_len < sizeof info->rotate_file ? r.name_len
                                              : sizeof info->rotate_file - 1;
    const char *nul = memchr(r.name, '\0', n);
    if (nul != NULL)
        n = (size_t)(nul - r.name);
    memcpy(info->rotate_file, r.name, n);
    info->rotate_file[n] = '\0';
    info->rotate_pos = r.pos;
    info->has_rotate = 1;
    return GTIDPOS_OK;
}

static gtidpos_status describe_fde(const gp_event *ev, gp_event_info *info,
                           const char *file, gp_error *e)
{
    gp_fde f;
    gtidpos_status rc = gp_fde_parse(&f, ev->data, ev->size, ev->header_len, file,
                             ev->offset, e);

    if (rc != GTIDPOS_OK)
        return rc;
    memcpy(info->server_version, f.server_version, sizeof info->server_version);
    info->has_server_version = 1;
    info->checksum_alg = f.has_checksum_alg ? f.checksum_alg : -1;
    return GTIDPOS_OK;
}

static gtidpos_status describe_mysql_gtid(const gp_event *ev, gp_event_info *info,
                                  const char *file, gp_error *e)
{
    gp_mysql_gtid g;
    gtidpos_status rc = gp_decode_mysql_gtid(ev, &g, file, e);

    if (rc != GTIDPOS_OK)
        return rc;
    if (g.anonymous)
        snprintf(info->gtid, sizeof info->gtid, "ANONYMOUS");
    else
        gp_mysql_gtid_format(&g, info->gtid, sizeof info->gtid);
    info->has_gtid = 1;
    return GTIDPOS_OK;
}

static gtidpos_status describe_mariadb_gtid(const gp_event *ev, gp_event_info *info,
                                    const char *file, gp_error *e)
{
    gp_mariadb_gtid g;
    uint8_t flags2;
    gtidpos_status rc = gp_decode_mariadb_gtid(ev, &g, &flags2, file, e);

    if (rc != GTIDPOS_OK)
        return rc;
    snprintf(info->gtid, sizeof info->gtid, "%lu-%lu-%llu", (unsigned long)g.domain,
             (unsigned long)g.server_id, (unsigned long long)g.seq);
    info->has_gtid = 1;
    gp_mariadb_flags2_text(flags2, info->gtid_flags, sizeof info->gtid_flags);
    info->has_gtid_flags = 1;
    return GTIDPOS_OK;
}

static gtidpos_status describe_previous_gtids(const gp_event *ev, gp_event_info *info,
                                      const char *file, gp_error *e)
{
    gp_mysql_set *s = gp_mysql_set_new();
    gtidpos_status rc;

    if (s == NULL)
        return NOMEM(ev);
    rc = gp_decode_previous_gtids(ev, s, file, e);
    if (rc == GTIDPOS_OK && (info->previous_gtids = gp_mysql_set_to_string(s)) == NULL)
        rc = NOMEM(ev);
    gp_mysql_set_free(s);
    return rc;
}

static gtidpos_status describe_gtid_list(const gp_event *ev, gp_event_info *info,
                                 const char *file, gp_error *e)
{
    gp_mariadb_state *st = gp_mariadb_state_new();
    gtidpos_status rc;

    if (st == NULL)
        return NOMEM(ev);
    rc = gp_decode_gtid_list(ev, st, file, e);
    if (rc == GTIDPOS_OK && (info->gtid_list = gp_mariadb_state_to_string(st)) == NULL)
        rc = NOMEM(ev);
    gp_mariadb_state_free(st);
    return rc;
}

gtidpos_status gp_event_describe(const gp_event *ev, const gp_fde *fde,
                         gp_event_info *info, const char *file, gp_error *e)
{
    memset(info, 0, sizeof *info);
    info->start = ev->offset;
    info->end = gp_event_end(ev);
    info->type = ev->type;
    info->server_id = ev->server_id;
    info->size = ev->size;
    info->log_pos = ev->log_pos;
    info->timestamp = ev->timestamp;
    info->flags = ev->flags;
    info->checksum_alg = -1;

    /* ev->type is a byte, not the enum: types without fields fall through */
    switch (ev->type) {
    case GP_EV_START_V3:
    case GP_EV_FORMAT_DESCRIPTION:
        return describe_fde(ev, info, file, e);
    case GP_EV_QUERY:
    case GP_EV_QUERY_COMPRESSED:
        return describe_query(ev, fde, info, file, e);
    case GP_EV_ROTATE:
        return describe_rotate(ev, fde, info, file, e);
    case GP_EV_XID:
        info->has_xid = 1;
        return gp_decode_xid(ev, &info->xid, file, e);
    case GP_EV_GTID:
    case GP_EV_ANONYMOUS_GTID:
    case GP_EV_GTID_TAGGED:
        return describe_mysql_gtid(ev, info, file, e);
    case GP_EV_MARIA_GTID:
        return describe_mariadb_gtid(ev, info, file, e);
    case GP_EV_PREVIOUS_GTIDS:
        return describe_previous_gtids(ev, info, file, e);
    case GP_EV_MARIA_GTID_LIST:
        return describe_gtid_list(ev, info, file, e);
    default:
        return GTIDPOS_OK;
    }
}

void gp_event_info_free(gp_event_info *info)
{
    free(info->previous_gtids);
    free(info->gtid_list);
    info->previous_gtids = NULL;
    info->gtid_list = NULL;
}

int gp_dm_is_dummy(const gp_event *ev, const gp_fde *fde)
{
    static const char var[] = "!dummyvar", query[] = "# dummy query generated by DM";
    char buf[8];
    const char *stmt;
    size_t len;

    if (!(ev->flags & GP_LOG_EVENT_RELAY_LOG_F))
        return 0;
    if (ev->type == GP_EV_USER_VAR)
        return ev->body_len >= 4 + sizeof var - 1 &&
               gp_load_u32le(ev->body) == sizeof var - 1 &&
               memcmp(ev->body + 4, var, sizeof var - 1) == 0;
    if (ev->type == GP_EV_QUERY && ev->body_len > 0)
        return gp_decode_query(ev, fde, buf, sizeof buf, &stmt, &len, NULL, NULL) == GTIDPOS_OK &&
               len >= sizeof query - 1 && memcmp(stmt, query, sizeof query - 1) == 0;
    return 0;
}
