/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_emit.c - the public API's consumer forms (include/gtidpos.h,
 * gtidpos_set_emit): src/emit/consumer.h behind the library's errors.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/consumer.h"
#include "emit/emit.h"

GTIDPOS_API int gtidpos_emit_form_parse(const char *name)
{
    if (name == NULL)
        return -1;
    if (strcmp(name, "json") == 0)
        return GTIDPOS_EMIT_JSON;
    /* the consumers' names; 0 (GTIDPOS_EMIT_JSON's number) for none */
    gtidpos_emit_form f = gp_consumer_from_name(name);
    return f != GTIDPOS_EMIT_JSON ? (int)f : -1;
}

static gtidpos_emit_form consumer_of(gtidpos_emit_form f)
{
    switch (f) {
    case GTIDPOS_EMIT_SQL: return GTIDPOS_EMIT_SQL;
    case GTIDPOS_EMIT_DEBEZIUM: return GTIDPOS_EMIT_DEBEZIUM;
    case GTIDPOS_EMIT_MAXWELL: return GTIDPOS_EMIT_MAXWELL;
    case GTIDPOS_EMIT_CANAL: return GTIDPOS_EMIT_CANAL;
    case GTIDPOS_EMIT_FLINK: return GTIDPOS_EMIT_FLINK;
    case GTIDPOS_EMIT_JSON: break;
    }
    return (gtidpos_emit_form)0;
}

static gtidpos_status fail(gtidpos_error *err, gtidpos_status code, const char *why)
{
    gp_error e;

    gp_error_clear(&e);
    gp_error_set(&e, code, NULL, -1, "%s", why);
    return gp_api_error(err, &e);
}

/* The options, by the command's --emit option names (each NULL: unset). */
struct gtidpos_emit_options {
    char *binlog_file, *replica_version, *connection, *replica_gtid_pos, *server_name,
        *client_id;
};

GTIDPOS_API gtidpos_emit_options *gtidpos_emit_options_new(void)
{
    return calloc(1, sizeof(gtidpos_emit_options));
}

GTIDPOS_API void gtidpos_emit_options_free(gtidpos_emit_options *o)
{
    if (o == NULL)
        return;
    free(o->binlog_file);
    free(o->replica_version);
    free(o->connection);
    free(o->replica_gtid_pos);
    free(o->server_name);
    free(o->client_id);
    free(o);
}

GTIDPOS_API gtidpos_status gtidpos_emit_options_set(gtidpos_emit_options *o, const char *name,
                                                    const char *value, gtidpos_error *err)
{
    char **slot = NULL, *copy, why[160];

    if (o == NULL || name == NULL || value == NULL)
        return gp_api_usage(err, "gtidpos_emit_options_set: NULL argument");
    if (strcmp(name, "binlog-file") == 0)
        slot = &o->binlog_file;
    else if (strcmp(name, "replica-version") == 0)
        slot = &o->replica_version;
    else if (strcmp(name, "connection") == 0)
        slot = &o->connection;
    else if (strcmp(name, "replica-gtid-pos") == 0)
        slot = &o->replica_gtid_pos;
    else if (strcmp(name, "server-name") == 0)
        slot = &o->server_name;
    else if (strcmp(name, "client-id") == 0)
        slot = &o->client_id;
    if (slot == NULL) {
        snprintf(why, sizeof why, "no --emit option '%.100s'", name);
        return fail(err, GTIDPOS_ERR_PARSE, why);
    }
    if ((copy = strdup(value)) == NULL)
        return fail(err, GTIDPOS_ERR_NOMEM, "out of memory");
    free(*slot);
    *slot = copy;
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_set_emit(const gtidpos_set *set, gtidpos_emit_form form,
                                            const gtidpos_emit_options *opt, char **out,
                                            gtidpos_error *err)
{
    static const gtidpos_emit_options none;
    gp_consumer_opts o;
    char why[600] = "";
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    if (set == NULL || out == NULL)
        return gp_api_usage(err, "gtidpos_set_emit: NULL argument");
    *out = NULL;
    if (opt == NULL)
        opt = &none;
    if (form == GTIDPOS_EMIT_JSON) {
        if ((*out = gtidpos_set_format_json(set, opt->binlog_file)) == NULL)
            return fail(err, GTIDPOS_ERR_NOMEM, "out of memory");
        return GTIDPOS_OK;
    }
    if ((o.consumer = consumer_of(form)) == 0)
        return gp_api_usage(err, "gtidpos_set_emit: no such form");
    o.binlog_file = opt->binlog_file;
    o.replica_version = opt->replica_version;
    o.connection = opt->connection;
    o.replica_gtid_pos = opt->replica_gtid_pos;
    o.server_name = opt->server_name;
    o.client_id = opt->client_id;
    if ((mem = open_memstream(&text, &len)) == NULL)
        return fail(err, GTIDPOS_ERR_NOMEM, "out of memory");
    rc = gp_emit_consumer(mem, &set->r, &o, why, sizeof why);
    if (fclose(mem) != 0 && rc == 0)
        rc = GP_CONSUMER_NOMEM;
    if (rc != 0) {
        free(text);
        switch (rc) {
        case GP_CONSUMER_INSIDE: return fail(err, GTIDPOS_ERR_POSITION, why);
        case GP_CONSUMER_REFUSED: return fail(err, GTIDPOS_ERR_UNSUPPORTED, why);
        case GP_CONSUMER_BAD_OPTION: return fail(err, GTIDPOS_ERR_PARSE, why);
        default: return fail(err, GTIDPOS_ERR_NOMEM, "out of memory");
        }
    }
    *out = text;
    return GTIDPOS_OK;
}
