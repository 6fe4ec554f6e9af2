/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdint.h>
#include <stdlib.h>

#include "emit.h"

/* Length of the valid UTF-8 sequence at s, 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n, i;
    uint32_t cp;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xe0) == 0xc0)
        n = 2, cp = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        n = 3, cp = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        n = 4, cp = s[0] & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* Reject overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}

void gp_json_string(FILE *out, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    fputc('"', out);
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 0) {
            fprintf(out, "\\u%04x", *s++);
            continue;
        }
        if (n > 1) {
            fwrite(s, 1, n, out);
            s += n;
            continue;
        }
        switch (*s) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*s < 0x20)
                fprintf(out, "\\u%04x", *s);
            else
                fputc(*s, out);
        }
        s++;
    }
    fputc('"', out);
}

static void json_opt_gtid(FILE *out, int has, const char *gtid)
{
    if (has && gtid[0] != '\0')
        gp_json_string(out, gtid);
    else
        fputs("null", out);
}

int gp_emit_at_json(FILE *out, const char *file, const gp_at_result *r)
{
    char *set = gp_at_result_set_text(r);

    if (set == NULL)
        return -1;
    fputs("{\"file\":", out);
    gp_json_string(out, file);
    fprintf(out, ",\"pos\":%llu,\"flavor\":", (unsigned long long)r->pos);
    gp_json_string(out, gp_flavor_name(r->flavor));
    fputs(",\"server_version\":", out);
    gp_json_string(out, r->server_version);
    fputs(",\"gtid_set\":", out);
    gp_json_string(out, set);
    fputs(",\"last_gtid\":", out);
    json_opt_gtid(out, r->has_last, r->last_gtid);
    if (r->has_last)
        fprintf(out, ",\"last_gtid_start\":%llu,\"last_gtid_end\":%llu",
                (unsigned long long)r->last_start, (unsigned long long)r->last_end);
    else
        fputs(",\"last_gtid_start\":null,\"last_gtid_end\":null", out);
    fprintf(out, ",\"inside_transaction\":%s", r->inside ? "true" : "false");
    if (r->inside) {
        fputs(",\"open_gtid\":", out);
        json_opt_gtid(out, 1, r->open_gtid);
        fprintf(out, ",\"open_start\":%llu", (unsigned long long)r->open_start);
    }
    fprintf(out, ",\"anonymous_transactions\":%llu,\"warnings\":[",
            (unsigned long long)r->anonymous);
    for (int i = 0; i < r->n_warnings; i++) {
        if (i > 0)
            fputc(',', out);
        gp_json_string(out, r->warnings[i]);
    }
    fputs("]}\n", out);
    free(set);
    return 0;
}
