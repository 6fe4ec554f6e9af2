/* SPDX-License-Identifier: BSD-2-Clause */
#include "events.h"

#include <inttypes.h>
#include <time.h>

#include "binlog/event.h"
#include "binlog/format.h"
#include "emit.h"

/* How a field is spelled: bare text (GTIDs, sets, flag lists), quoted free
 * text, an unsigned number, a boolean. */
typedef enum field_kind { F_BARE, F_QUOTED, F_UINT, F_BOOL } field_kind;

typedef struct sink {
    FILE *out;
    int format;
    int n; /* fields written so far in the info part */
} sink;

static void field(sink *k, const char *key, field_kind kind, const char *s,
                  uint64_t v)
{
    if (k->format == GTIDPOS_FORMAT_JSON) {
        fprintf(k->out, ",\"%s\":", key);
        if (kind == F_UINT)
            fprintf(k->out, "%" PRIu64, v);
        else if (kind == F_BOOL)
            fputs(v ? "true" : "false", k->out);
        else
            gp_json_string(k->out, s);
    } else {
        fprintf(k->out, "%s%s=", k->n ? " " : "", key);
        if (kind == F_UINT)
            fprintf(k->out, "%" PRIu64, v);
        else if (kind == F_BOOL)
            fputs(v ? "true" : "false", k->out);
        else if (kind == F_QUOTED)
            gp_json_string(k->out, s);
        else
            fputs(s, k->out);
    }
    k->n++;
}

static const char *checksum_name(int alg)
{
    switch (alg) {
    case GP_CHECKSUM_ALG_OFF: return "none";
    case GP_CHECKSUM_ALG_CRC32: return "crc32";
    default: return "unknown";
    }
}

/* The per-type fields, in the order the text documents (man gtidpos.1). */
static void info_fields(sink *k, const gp_event_info *i)
{
    if (i->has_server_version)
        field(k, "server_version", F_QUOTED, i->server_version, 0);
    if (i->has_server_version && i->checksum_alg >= 0)
        field(k, "checksum", F_BARE, checksum_name(i->checksum_alg), 0);
    if (i->has_gtid)
        field(k, "gtid", F_BARE, i->gtid, 0);
    if (i->has_gtid_flags)
        field(k, "gtid_flags", F_BARE, i->gtid_flags, 0);
    if (i->previous_gtids != NULL)
        field(k, "previous_gtids", F_BARE, i->previous_gtids, 0);
    if (i->gtid_list != NULL)
        field(k, "gtid_list", F_BARE, i->gtid_list, 0);
    if (i->has_rotate) {
        field(k, "rotate_file", F_QUOTED, i->rotate_file, 0);
        field(k, "rotate_pos", F_UINT, NULL, i->rotate_pos);
    }
    if (i->has_xid)
        field(k, "xid", F_UINT, NULL, i->xid);
    if (i->has_query) {
        field(k, "query", F_QUOTED, i->query, 0);
        if (i->query_truncated)
            field(k, "query_truncated", F_BOOL, NULL, 1);
    }
}

void gp_iso8601_utc(uint32_t t, char buf[21])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 21, "%" PRIu32, t);
}

int gp_emit_event(FILE *out, const gp_event_info *i, int format)
{
    sink k = {out, format, 0};
    char name[16], ts[21];
    const char *type = gp_event_name(i->type, name);

    gp_iso8601_utc(i->timestamp, ts);
    if (format == GTIDPOS_FORMAT_JSON) {
        fprintf(out, "{\"schema_version\":1,\"start\":%" PRIu64 ",\"end\":%" PRIu64
                ",\"type\":", i->start, i->end);
        gp_json_string(out, type);
        fprintf(out,
                ",\"type_code\":%u,\"server_id\":%" PRIu32 ",\"size\":%" PRIu32
                ",\"timestamp\":\"%s\",\"log_pos\":%" PRIu32 ",\"flags\":%u",
                (unsigned)i->type, i->server_id, i->size, ts, i->log_pos,
                (unsigned)i->flags);
        info_fields(&k, i);
        fputs("}\n", out);
    } else {
        fprintf(out, "%" PRIu64 "\t%" PRIu64 "\t%s\t%" PRIu32 "\t%" PRIu32 "\t%s\t",
                i->start, i->end, type, i->server_id, i->size, ts);
        info_fields(&k, i);
        if (k.n == 0)
            fputc('-', out);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
