/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * consumer_cdc.c - the change-data-capture consumers' checkpoint forms:
 *
 * debezium: the MySQL / MariaDB connector's offset (debezium
 *   debezium-connector-binlog BinlogOffsetContext / BinlogSourceInfo:
 *   keys "file", "pos", "gtids", "event", "row", "server_id", "ts_sec";
 *   partition {"server": topic.prefix}), laid out as the body of Kafka
 *   Connect's PATCH /connectors/NAME/offsets (KIP-875,
 *   {"offsets":[{"partition":...,"offset":...}]}).
 * maxwell: a row of its `positions` table (zendesk/maxwell
 *   src/main/resources/sql/maxwell_schema.sql: server_id int unsigned,
 *   binlog_file varchar(255), binlog_position int unsigned, gtid_set
 *   varchar(4096), client_id varchar(255); primary key (server_id,
 *   client_id)); with gtid_mode maxwell keys it by server_id 0
 *   (MysqlPositionStore DEFAULT_GTID_SERVER_ID).
 * canal: instance.properties (alibaba/canal conf/example/instance.properties:
 *   canal.instance.gtidon, canal.instance.master.journal.name, .position,
 *   .timestamp, .gtid; MySQL sets through MysqlGTIDSet, MariaDB states
 *   through MariaGTIDSet).
 * flink: Flink CDC mysql-cdc options (docs connectors/mysql-cdc, "Startup
 *   Reading Position": scan.startup.mode = specific-offset,
 *   scan.startup.specific-offset.file / .pos / .gtid-set).
 */
#include "consumer.h"

#include <string.h>

#include "emit.h"

/* None of these consumers' GTID parsers reads MySQL 8.3+ tagged GTIDs
 * ("uuid:tag:n"): a tag would be taken for an interval. */
static int refuse_tags(const char *set, const char *who, char *why, size_t whylen)
{
    if (!gp_consumer_set_has_tag(set))
        return 0;
    return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                              "the set has tagged GTIDs (MySQL 8.3+), which %s's GTID set "
                              "parser does not read",
                              who);
}

static int refuse_mariadb(const gp_at_result *r, const char *who, const char *reads, char *why,
                          size_t whylen)
{
    if (r->flavor != GTIDPOS_FLAVOR_MARIADB)
        return 0;
    return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                              "%s reads MySQL GTID sets only (%s): MariaDB GTIDs cannot be "
                              "given to it",
                              who, reads);
}

int gp_emit_debezium(FILE *out, const gp_at_result *r, const char *set,
                     const gp_consumer_opts *o, char *why, size_t whylen)
{
    int rc;

    if ((rc = refuse_tags(set, "Debezium", why, whylen)) != 0)
        return rc;
    if (o->server_name == NULL || o->server_name[0] == '\0')
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION,
                                  "debezium needs --server-name, the connector's topic.prefix "
                                  "(database.server.name before 2.0): the offset's partition");
    /* Exactly the request body Kafka Connect takes, nothing beside
     * "offsets" (its REST layer rejects unknown members), so no
     * schema_version here.  MariaDB: Debezium's MariaDB connector (2.7+)
     * keeps the same offset keys. */
    fputs("{\"offsets\":[{\"partition\":{\"server\":", out);
    gp_json_string(out, o->server_name);
    fputs("},\"offset\":{\"file\":", out);
    gp_json_string(out, o->binlog_file);
    fprintf(out, ",\"pos\":%llu", (unsigned long long)r->pos);
    if (set[0] != '\0') {
        fputs(",\"gtids\":", out);
        gp_json_string(out, set);
    }
    fputs("}}]}\n", out);
    return 0;
}

/* A MySQL string literal (maxwell's positions row). */
static void mysql_string(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s != '\0'; s++) {
        if (*s == '\'' || *s == '\\')
            fputc(*s, out);
        fputc(*s, out);
    }
    fputc('\'', out);
}

int gp_emit_maxwell(FILE *out, const gp_at_result *r, const char *set,
                    const gp_consumer_opts *o, char *why, size_t whylen)
{
    const char *client = o->client_id != NULL ? o->client_id : "maxwell";
    int rc;

    if ((rc = refuse_mariadb(r, "Maxwell", "its gtid_mode is MySQL's GTID replication", why,
                             whylen)) != 0 ||
        (rc = refuse_tags(set, "Maxwell", why, whylen)) != 0)
        return rc;
    if (r->pos > UINT32_MAX)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "position %llu does not fit positions.binlog_position "
                                  "(int unsigned)",
                                  (unsigned long long)r->pos);
    if (strlen(set) > 4096)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "the set is %zu characters long; positions.gtid_set is "
                                  "varchar(4096)",
                                  strlen(set));
    if (strlen(o->binlog_file) > 255 || strlen(client) > 255)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "the file name or client_id is longer than the "
                                  "varchar(255) of its column");
    fprintf(out,
            "-- gtidpos: the GTID set executed at %s:%llu (primary %s), as Maxwell's\n"
            "-- positions row.  Run it in Maxwell's schema database (--schema_database,\n"
            "-- default maxwell) while Maxwell is stopped; start Maxwell with\n"
            "-- gtid_mode=true, which keys its position by server_id 0.\n",
            o->binlog_file, (unsigned long long)r->pos, r->server_version);
    fputs("INSERT INTO `positions` (server_id, binlog_file, binlog_position, gtid_set, "
          "client_id)\nVALUES (0, ",
          out);
    mysql_string(out, o->binlog_file);
    fprintf(out, ", %llu, ", (unsigned long long)r->pos);
    mysql_string(out, set);
    fputs(", ", out);
    mysql_string(out, client);
    fputs(")\nON DUPLICATE KEY UPDATE binlog_file = VALUES(binlog_file), "
          "binlog_position = VALUES(binlog_position),\n    gtid_set = VALUES(gtid_set);\n",
          out);
    return 0;
}

/* A java.util.Properties value: ISO 8859-1, '\' escapes.  Only printable
 * ASCII is written as is; 0 when s has anything else. */
static int properties_ascii(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

static void properties_value(FILE *out, const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

int gp_emit_canal(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                  char *why, size_t whylen)
{
    int rc;

    if ((rc = refuse_tags(set, "Canal", why, whylen)) != 0)
        return rc;
    if (!properties_ascii(o->binlog_file))
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "the file name has bytes outside printable ASCII, which "
                                  "instance.properties (ISO 8859-1) would not keep");
    fprintf(out,
            "# gtidpos: the GTID %s at %s:%llu (primary %s), for canal's\n"
            "# conf/<instance>/instance.properties (and delete the instance's meta.dat,\n"
            "# or its ZooKeeper cursor, which take precedence over these)\n",
            r->flavor == GTIDPOS_FLAVOR_MARIADB ? "state" : "set executed", o->binlog_file,
            (unsigned long long)r->pos, r->server_version);
    fputs("canal.instance.gtidon=true\ncanal.instance.master.journal.name=", out);
    properties_value(out, o->binlog_file);
    fprintf(out, "\ncanal.instance.master.position=%llu\n", (unsigned long long)r->pos);
    /* the binlog time is not part of the answer; canal uses the
     * timestamp only to look a position up when none is given */
    fputs("canal.instance.master.timestamp=\ncanal.instance.master.gtid=", out);
    properties_value(out, set);
    fputc('\n', out);
    return 0;
}

/* A Flink SQL string literal: quotes doubled, no other escapes. */
static void flink_string(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            fputc('\'', out);
        fputc(*s, out);
    }
    fputc('\'', out);
}

int gp_emit_flink(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                  char *why, size_t whylen)
{
    int rc;

    if ((rc = refuse_mariadb(r, "Flink CDC's mysql-cdc source",
                             "Debezium's MySQL GtidSet", why, whylen)) != 0 ||
        (rc = refuse_tags(set, "Flink CDC", why, whylen)) != 0)
        return rc;
    fprintf(out,
            "-- gtidpos: the GTID set executed at %s:%llu (primary %s), as options\n"
            "-- of a Flink CDC mysql-cdc table's WITH clause\n",
            o->binlog_file, (unsigned long long)r->pos, r->server_version);
    fputs("'scan.startup.mode' = 'specific-offset',\n"
          "'scan.startup.specific-offset.file' = ",
          out);
    flink_string(out, o->binlog_file);
    fprintf(out, ",\n'scan.startup.specific-offset.pos' = '%llu'", (unsigned long long)r->pos);
    if (set[0] != '\0') {
        fputs(",\n'scan.startup.specific-offset.gtid-set' = ", out);
        flink_string(out, set);
    }
    fputc('\n', out);
    return 0;
}
