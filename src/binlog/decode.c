/* SPDX-License-Identifier: BSD-2-Clause */
#include "decode.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "event_names.h"
#include "format.h"
#include "reader.h"

#define CORRUPT(ev, ...) \
    gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)(ev)->offset, __VA_ARGS__)

/* MySQL 8.3+ tagged GTID event (see format.h): a serialization-library
 * message.  Fields we do not need are skipped by their varlen encoding;
 * they are all varlen integers up to the tag. */
static gtidpos_status decode_tagged_gtid(const gp_event *ev, gp_mysql_gtid *g,
                                 const char *file, gp_error *e)
{
    gp_rd r = gp_rd_make(ev->body, ev->body_len);
    uint64_t payload, last_non_ignorable, field, v;
    int64_t sv;
    uint8_t version;
    int have_sid = 0, have_gno = 0;
    const uint8_t *tag;

    if (gp_rd_u8(&r, &version) != 0 || gp_rd_varlen(&r, &payload) != 0 ||
        gp_rd_varlen(&r, &last_non_ignorable) != 0)
        return CORRUPT(ev, "Gtid_tagged event too short");
    if (payload > ev->body_len || payload < (uint64_t)(r.p - ev->body))
        return CORRUPT(ev, "Gtid_tagged event payload size %llu does not fit "
                           "its %u-byte body", (unsigned long long)payload,
                       ev->body_len);
    r.end = ev->body + payload;
    while (gp_rd_left(&r) > 0 && !(have_sid && have_gno && g->tag_len > 0)) {
        if (gp_rd_varlen(&r, &field) != 0)
            return CORRUPT(ev, "Gtid_tagged event field id truncated");
        switch (field) {
        case GP_TGTID_FLAGS:
            if (gp_rd_varlen(&r, &v) != 0)
                return CORRUPT(ev, "Gtid_tagged event flags truncated");
            break;
        case GP_TGTID_SID:
            for (int i = 0; i < 16; i++) {
                if (gp_rd_varlen(&r, &v) != 0 || v > 255)
                    return CORRUPT(ev, "Gtid_tagged event UUID malformed");
                g->uuid.b[i] = (uint8_t)v;
            }
            have_sid = 1;
            break;
        case GP_TGTID_GNO:
            if (gp_rd_varlen_signed(&r, &sv) != 0 || sv < 1 ||
                (uint64_t)sv > GP_MYSQL_GNO_MAX)
                return CORRUPT(ev, "Gtid_tagged event GNO malformed");
            g->gno = (uint64_t)sv;
            have_gno = 1;
            break;
        case GP_TGTID_TAG:
            if (gp_rd_varlen(&r, &v) != 0 || v > GP_MYSQL_TAG_MAX ||
                gp_rd_bytes(&r, (size_t)v, &tag) != 0)
                return CORRUPT(ev, "Gtid_tagged event tag malformed");
            memcpy(g->tag, tag, (size_t)v);
            g->tag[v] = '\0';
            g->tag_len = (size_t)v;
            break;
        default:
            /* Fields 4.. follow the ones we need (MySQL writes fields in
             * id order), so meeting one means the GTID is complete or
             * the event is malformed: checked below. */
            r.p = r.end;
            break;
        }
    }
    if (!have_sid || !have_gno)
        return CORRUPT(ev, "Gtid_tagged event lacks its UUID or GNO");
    (void)last_non_ignorable;
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_mysql_gtid(const gp_event *ev, gp_mysql_gtid *g,
                            const char *file, gp_error *e)
{
    memset(g, 0, sizeof *g);
    if (ev->type == GP_EV_GTID_TAGGED)
        return decode_tagged_gtid(ev, g, file, e);
    if (ev->body_len < GP_GTID_MIN_LEN)
        return CORRUPT(ev, "%s event body is %u bytes, below %u",
                       gp_event_type_name(ev->type), ev->body_len, GP_GTID_MIN_LEN);
    memcpy(g->uuid.b, ev->body + GP_GTID_SID, 16);
    g->gno = gp_load_u64le(ev->body + GP_GTID_GNO);
    if (ev->type == GP_EV_ANONYMOUS_GTID) {
        g->anonymous = 1;
        return GTIDPOS_OK;
    }
    if (g->gno < 1 || g->gno > GP_MYSQL_GNO_MAX)
        return CORRUPT(ev, "Gtid event GNO %llu out of range",
                       (unsigned long long)g->gno);
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_previous_gtids(const gp_event *ev, gp_mysql_set *s,
                                const char *file, gp_error *e)
{
    gp_rd r = gp_rd_make(ev->body, ev->body_len);
    uint64_t head, n_sids;
    int tagged;

    if (gp_rd_u64le(&r, &head) != 0)
        return CORRUPT(ev, "Previous_gtids event too short");
    /* Tagged format (8.3+): (format << 56) | (n_sids << 8) | format. */
    tagged = (head >> 56) == GP_PGTID_FORMAT_TAGGED;
    n_sids = tagged ? (head >> 8) & 0xffffffffffffULL : head;
    if (tagged && (head & 0xff) != GP_PGTID_FORMAT_TAGGED)
        return CORRUPT(ev, "Previous_gtids event has an inconsistent format marker");
    /* Each SID needs at least 16 + 8 bytes: refuse counts the body cannot
     * hold before looping on them. */
    if (n_sids > gp_rd_left(&r) / 24)
        return CORRUPT(ev, "Previous_gtids event claims %llu UUIDs in %zu bytes",
                       (unsigned long long)n_sids, gp_rd_left(&r));
    for (uint64_t i = 0; i < n_sids; i++) {
        const uint8_t *sid, *tag = NULL;
        uint64_t tag_len = 0, n_iv;
        gp_uuid u;

        if (gp_rd_bytes(&r, 16, &sid) != 0)
            return CORRUPT(ev, "Previous_gtids event truncated in UUID %llu",
                           (unsigned long long)i);
        memcpy(u.b, sid, 16);
        if (tagged && (gp_rd_varlen(&r, &tag_len) != 0 || tag_len > GP_MYSQL_TAG_MAX ||
                       gp_rd_bytes(&r, (size_t)tag_len, &tag) != 0))
            return CORRUPT(ev, "Previous_gtids event has a malformed tag");
        if (gp_rd_u64le(&r, &n_iv) != 0 || n_iv > gp_rd_left(&r) / 16)
            return CORRUPT(ev, "Previous_gtids event claims more intervals "
                               "than its %u bytes hold", ev->body_len);
        for (uint64_t k = 0; k < n_iv; k++) {
            /* n_iv was checked against the bytes left above. */
            uint64_t start = gp_load_u64le(r.p), end = gp_load_u64le(r.p + 8);
            int rc;
            r.p += 16;
            /* Stored as [start, end): end is exclusive. */
            if (start < 1 || end <= start || end - 1 > GP_MYSQL_GNO_MAX)
                return CORRUPT(ev, "Previous_gtids event has an invalid interval "
                                   "%llu-%llu", (unsigned long long)start,
                               (unsigned long long)end);
            rc = gp_mysql_set_add_interval(s, &u, (const char *)tag, (size_t)tag_len,
                                           start, end - 1);
            if (rc == GP_GTID_ENOMEM)
                return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, (int64_t)ev->offset,
                                    "out of memory");
            if (rc != GP_GTID_OK)
                return CORRUPT(ev, "Previous_gtids event has an invalid tag");
        }
    }
    if (gp_rd_left(&r) != 0)
        return CORRUPT(ev, "Previous_gtids event has %zu trailing bytes",
                       gp_rd_left(&r));
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_mariadb_gtid(const gp_event *ev, gp_mariadb_gtid *g,
                              uint8_t *flags2, const char *file, gp_error *e)
{
    if (ev->body_len < GP_MGTID_MIN_LEN)
        return CORRUPT(ev, "Gtid event body is %u bytes, below %u", ev->body_len,
                       GP_MGTID_MIN_LEN);
    g->seq = gp_load_u64le(ev->body + GP_MGTID_SEQ);
    g->domain = gp_load_u32le(ev->body + GP_MGTID_DOMAIN);
    g->server_id = ev->server_id;
    *flags2 = ev->body[GP_MGTID_FLAGS2];
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_gtid_list(const gp_event *ev, gp_mariadb_state *st,
                           const char *file, gp_error *e)
{
    gp_rd r = gp_rd_make(ev->body, ev->body_len);
    uint32_t count;

    if (gp_rd_u32le(&r, &count) != 0)
        return CORRUPT(ev, "Gtid_list event too short");
    count &= 0x0fffffff; /* the top 4 bits are flags */
    /* Like the server, require room for count entries but accept bytes
     * after them: some MariaDB 10.3+ servers write two more. */
    if ((uint64_t)count * 16 > gp_rd_left(&r))
        return CORRUPT(ev, "Gtid_list event claims %u GTIDs but holds %zu bytes",
                       count, gp_rd_left(&r));
    for (uint32_t i = 0; i < count; i++) {
        /* count was checked against the bytes left above. */
        gp_mariadb_gtid g = {gp_load_u32le(r.p), gp_load_u32le(r.p + 4),
                             gp_load_u64le(r.p + 8)};
        r.p += 16;
        if (gp_mariadb_state_update(st, &g) != GP_GTID_OK)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, (int64_t)ev->offset,
                                "out of memory");
    }
    return GTIDPOS_OK;
}

/* Inflate the start of a QUERY_COMPRESSED statement into buf. */
static gtidpos_status inflate_prefix(const gp_event *ev, const uint8_t *p, size_t n,
                             char *buf, size_t cap, size_t *out_len,
                             const char *file, gp_error *e)
{
    z_stream z;
    unsigned lenlen;
    int rc;

    if (n < 1 || (p[0] & 0x80) == 0 || (lenlen = p[0] & 0x07) == 0 || lenlen > 4 ||
        n < 1 + (size_t)lenlen)
        return CORRUPT(ev, "compressed query has a malformed header");
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, (int64_t)ev->offset,
                            "zlib initialisation failed");
    z.next_in = (Bytef *)(uintptr_t)(p + 1 + lenlen);
    z.avail_in = (uInt)(n - 1 - lenlen);
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)cap;
    rc = inflate(&z, Z_SYNC_FLUSH);
    *out_len = cap - z.avail_out;
    inflateEnd(&z);
    /* Either the whole stream inflated (its checksum included) or it fills
     * the buffer: a stream that stops short is damaged. */
    if (rc != Z_STREAM_END && !((rc == Z_OK || rc == Z_BUF_ERROR) && *out_len == cap))
        return CORRUPT(ev, "compressed query does not inflate (zlib %d)", rc);
    return GTIDPOS_OK;
}

gtidpos_status gp_decode_query(const gp_event *ev, const gp_fde *fde, char *buf,
                       size_t cap, const char **stmt, size_t *len,
                       const char *file, gp_error *e)
{
    uint8_t ph = gp_fde_post_header(fde, GP_EV_QUERY);
    gp_rd r = gp_rd_make(ev->body, ev->body_len);
    uint16_t status_len = 0;
    uint8_t db_len;

    if (ph < GP_QUERY_POST_HEADER_V3)
        ph = fde->binlog_version >= 4 ? GP_QUERY_POST_HEADER_V4 : GP_QUERY_POST_HEADER_V3;
    if (gp_rd_left(&r) < ph)
        return CORRUPT(ev, "Query event shorter than its post-header");
    db_len = ev->body[GP_QUERY_DB_LEN];
    if (ph >= GP_QUERY_POST_HEADER_V4)
        status_len = gp_load_u16le(ev->body + GP_QUERY_STATUS_VARS_LEN);
    if (gp_rd_skip(&r, ph) != 0 || gp_rd_skip(&r, status_len) != 0 ||
        gp_rd_skip(&r, (size_t)db_len + 1) != 0)
        return CORRUPT(ev, "Query event lengths (status %u, db %u) exceed its body",
                       status_len, db_len);
    if (ev->type == GP_EV_QUERY_COMPRESSED) {
        gtidpos_status rc = inflate_prefix(ev, r.p, gp_rd_left(&r), buf, cap, len, file, e);
        *stmt = buf;
        return rc;
    }
    *stmt = (const char *)r.p;
    *len = gp_rd_left(&r);
    return GTIDPOS_OK;
}

void gp_mysql_gtid_format(const gp_mysql_gtid *g, char *buf, size_t cap)
{
    char u[37];

    gp_uuid_format(&g->uuid, u);
    if (g->tag_len > 0)
        snprintf(buf, cap, "%s:%s:%llu", u, g->tag, (unsigned long long)g->gno);
    else
        snprintf(buf, cap, "%s:%llu", u, (unsigned long long)g->gno);
}
