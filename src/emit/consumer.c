/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * consumer.c - the checks every consumer form shares, and the dispatch to
 * each one's emitter (consumer_sql.c, consumer_cdc.c).
 */
#include "consumer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int gp_consumer_refuse(char *why, size_t whylen, int code, const char *fmt, ...)
{
    va_list ap;

    if (why != NULL && whylen > 0) {
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
    }
    return code;
}

int gp_consumer_set_has_tag(const char *set)
{
    /* after a UUID every ':'-field is an interval (digits) or a tag
     * ([a-zA-Z_]...): mysql_set.h's text form */
    for (const char *p = set; *p != '\0'; p++)
        if (*p == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_'))
            return 1;
    return 0;
}

long gp_consumer_version_number(const char *version)
{
    long part[3] = {0, 0, 0};
    const char *p = version;
    int i;

    if (version == NULL || !isdigit((unsigned char)*p))
        return -1;
    for (i = 0; i < 3 && isdigit((unsigned char)*p); i++) {
        char *end;
        part[i] = strtol(p, &end, 10);
        if (part[i] > 99 && i > 0)
            part[i] = 99;
        /* a major above any real one is newer than all: held at 99999,
         * so that major*10000 cannot overflow (strtol gave LONG_MAX for
         * "12222222222222222222222": found by fuzz_walk_options) */
        if (part[i] > 99999)
            part[i] = 99999;
        p = end;
        if (*p != '.')
            break;
        p++;
    }
    return part[0] * 10000 + part[1] * 100 + part[2];
}

gtidpos_emit_form gp_consumer_from_name(const char *name)
{
    static const struct {
        const char *name;
        gtidpos_emit_form c;
    } names[] = {
        {"sql", GTIDPOS_EMIT_SQL},       {"debezium", GTIDPOS_EMIT_DEBEZIUM},
        {"maxwell", GTIDPOS_EMIT_MAXWELL}, {"canal", GTIDPOS_EMIT_CANAL},
        {"flink", GTIDPOS_EMIT_FLINK},
    };

    for (size_t i = 0; name != NULL && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].c;
    return (gtidpos_emit_form)0;
}

static const char *consumer_name(gtidpos_emit_form c)
{
    switch (c) {
    case GTIDPOS_EMIT_SQL: return "sql";
    case GTIDPOS_EMIT_DEBEZIUM: return "debezium";
    case GTIDPOS_EMIT_MAXWELL: return "maxwell";
    case GTIDPOS_EMIT_CANAL: return "canal";
    case GTIDPOS_EMIT_FLINK: return "flink";
    case GTIDPOS_EMIT_JSON: return "json"; /* not a consumer: the API's own */
    }
    return "?";
}

/* What every form needs of the answer: a position between transactions,
 * every transaction before it in the set. */
static int check_answer(const gp_at_result *r, const gp_consumer_opts *o, char *why,
                        size_t whylen)
{
    if (r->inside)
        return gp_consumer_refuse(
            why, whylen, GP_CONSUMER_INSIDE,
            "position %llu is inside transaction %s (it starts at %llu): %s resumes "
            "between transactions; give its start or its end",
            (unsigned long long)r->pos, r->open_gtid[0] ? r->open_gtid : "(anonymous)",
            (unsigned long long)r->open_start, consumer_name(o->consumer));
    /* an anonymous transaction has no GTID the set could hold: resuming
     * by GTID would send it again (MySQL refuses to, with auto-position:
     * ER_CANT_REPLICATE_ANONYMOUS_WITH_AUTO_POSITION) */
    if (r->anonymous > 0)
        return gp_consumer_refuse(
            why, whylen, GP_CONSUMER_REFUSED,
            "%llu anonymous transactions (no GTID) come before position %llu in this file: "
            "no GTID set describes the position, so %s cannot resume there by GTID",
            (unsigned long long)r->anonymous, (unsigned long long)r->pos,
            consumer_name(o->consumer));
    if (o->consumer != GTIDPOS_EMIT_SQL && (o->binlog_file == NULL || o->binlog_file[0] == '\0'))
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION,
                                  "%s needs the binlog file's name (standard input has "
                                  "none)",
                                  consumer_name(o->consumer));
    return 0;
}

int gp_emit_consumer(FILE *out, const gp_at_result *r, const gp_consumer_opts *o, char *why,
                     size_t whylen)
{
    char *set;
    int rc;

    if ((rc = check_answer(r, o, why, whylen)) != 0)
        return rc;
    if ((set = gp_at_result_set_text(r)) == NULL)
        return GP_CONSUMER_NOMEM;
    switch (o->consumer) {
    case GTIDPOS_EMIT_SQL: rc = gp_emit_sql(out, r, set, o, why, whylen); break;
    case GTIDPOS_EMIT_DEBEZIUM: rc = gp_emit_debezium(out, r, set, o, why, whylen); break;
    case GTIDPOS_EMIT_MAXWELL: rc = gp_emit_maxwell(out, r, set, o, why, whylen); break;
    case GTIDPOS_EMIT_CANAL: rc = gp_emit_canal(out, r, set, o, why, whylen); break;
    case GTIDPOS_EMIT_FLINK: rc = gp_emit_flink(out, r, set, o, why, whylen); break;
    case GTIDPOS_EMIT_JSON: /* the public API writes JSON itself */
    default:
        rc = gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION, "no such --emit form");
    }
    free(set);
    return rc;
}
