/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * consumer_sql.c - `--emit sql`: the statements that make a replica that
 * stopped at binlog_name:pos continue from there by GTID.
 *
 * MariaDB (sql/sys_vars.cc gtid_slave_pos, sql/sql_repl.cc; the "Global
 * Transaction ID" page of the MariaDB docs): SET GLOBAL gtid_slave_pos is
 * refused while any replication connection runs (ER_SLAVE_MUST_STOP), it
 * is one value shared by every connection of a multi-source replica (one
 * GTID per domain), and CHANGE MASTER ... MASTER_USE_GTID = slave_pos
 * (10.0.2+) makes the connection ask the primary for what follows it.
 * STOP/START REPLICA are synonyms from 10.5.1.
 *
 * MySQL (the "Setting up replication using GTIDs" and gtid_purged pages
 * of the MySQL manual): gtid_purged can be set only while gtid_executed is
 * empty, except that 8.0+ accepts '+SET' for a set disjoint from it;
 * SOURCE_AUTO_POSITION = 1 in CHANGE REPLICATION SOURCE TO (8.0.23+;
 * before, MASTER_AUTO_POSITION in CHANGE MASTER TO, 5.6.5+); STOP/START
 * REPLICA from 8.0.22; FOR CHANNEL from 5.7.6; tagged GTIDs from 8.3.
 */
#include "consumer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gtid/mariadb_state.h"

/* A SQL string literal: quote doubled, backslash doubled (the default
 * sql_mode reads '\' as an escape in both servers). */
static void sql_string(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s != '\0'; s++) {
        if (*s == '\'' || *s == '\\')
            fputc(*s, out);
        fputc(*s, out);
    }
    fputc('\'', out);
}

/* A version string of MariaDB: it says so, or its major version is 10 or
 * more (MySQL's are below 10). */
static int version_is_mariadb(const char *v)
{
    for (const char *p = v; *p != '\0'; p++)
        if (strncasecmp(p, "mariadb", 7) == 0)
            return 1;
    return gp_consumer_version_number(v) >= 100000;
}

/* The answer merged into the replica's gtid_slave_pos: this source's
 * domains take the answer's GTID, the others keep theirs. */
static int merge_slave_pos(const gp_at_result *r, const char *current, char **merged, char *why,
                           size_t whylen)
{
    gp_mariadb_state *s = gp_mariadb_state_new();
    char msg[200];
    int rc;

    if (s == NULL)
        return GP_CONSUMER_NOMEM;
    rc = gp_mariadb_state_parse(s, current, strlen(current), msg, sizeof msg);
    if (rc == GP_GTID_ENOMEM) {
        gp_mariadb_state_free(s);
        return GP_CONSUMER_NOMEM;
    }
    if (rc != GP_GTID_OK) {
        gp_mariadb_state_free(s);
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION,
                                  "--replica-gtid-pos '%s' is not a MariaDB GTID position: %s",
                                  current, msg);
    }
    for (size_t i = 0; i < gp_mariadb_state_count(r->mariadb); i++)
        if (gp_mariadb_state_update(s, gp_mariadb_state_at(r->mariadb, i)) != GP_GTID_OK) {
            gp_mariadb_state_free(s);
            return GP_CONSUMER_NOMEM;
        }
    *merged = gp_mariadb_state_to_string(s);
    gp_mariadb_state_free(s);
    return *merged == NULL ? GP_CONSUMER_NOMEM : 0;
}

static void header(FILE *out, const gp_at_result *r, const gp_consumer_opts *o,
                   const char *what, const char *replica)
{
    fprintf(out, "-- gtidpos: %s at %s:%llu (primary %s)\n", what,
            o->binlog_file != NULL && o->binlog_file[0] ? o->binlog_file : "-",
            (unsigned long long)r->pos, r->server_version);
    fprintf(out, "-- for a replica running %s that has applied the primary's binlog exactly\n"
                 "-- up to that position (SHOW SLAVE STATUS: Relay_Master_Log_File,\n"
                 "-- Exec_Master_Log_Pos)\n",
            replica);
}

static int emit_mariadb(FILE *out, const gp_at_result *r, const char *set,
                        const gp_consumer_opts *o, const char *replica, char *why,
                        size_t whylen)
{
    const char *conn = o->connection;
    const char *verb = gp_consumer_version_number(replica) >= 100501 ? "REPLICA" : "SLAVE";
    char *merged = NULL;
    int rc;

    if (gp_consumer_version_number(replica) < 100002)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "replica version %s has no GTID replication "
                                  "(MASTER_USE_GTID: MariaDB 10.0.2+)",
                                  replica);
    if (o->replica_gtid_pos != NULL) {
        if ((rc = merge_slave_pos(r, o->replica_gtid_pos, &merged, why, whylen)) != 0)
            return rc;
    } else if (conn != NULL) {
        return gp_consumer_refuse(
            why, whylen, GP_CONSUMER_BAD_OPTION,
            "a named connection ('%s') means a multi-source replica, whose gtid_slave_pos "
            "all connections share: give --replica-gtid-pos (its SELECT @@gtid_slave_pos) "
            "so that the other sources' domains are kept",
            conn);
    }
    header(out, r, o, "the GTID state", replica);
    fputs("-- Needed only when the replica's gtid_slave_pos is not already right: a\n"
          "-- file/position replica keeps it up to date unless its state was lost\n"
          "-- (restored from a backup, a non-crash-safe mysql.gtid_slave_pos, built\n"
          "-- from a dump); otherwise CHANGE MASTER ... MASTER_USE_GTID = slave_pos alone.\n",
          out);
    fputs("-- Precondition: every replication connection of the replica is stopped\n"
          "-- while gtid_slave_pos is set (ER_SLAVE_MUST_STOP otherwise).\n",
          out);
    if (merged != NULL)
        fprintf(out,
                "-- Merged with the replica's gtid_slave_pos '%s': the domains of\n"
                "-- this primary take the value at the position, the others keep theirs.\n"
                "-- Precondition: gtid_slave_pos has not changed since it was read.\n",
                o->replica_gtid_pos);
    fprintf(out, "STOP %s", verb);
    if (conn != NULL)
        fputc(' ', out), sql_string(out, conn);
    fputs(";\nSET GLOBAL gtid_slave_pos = ", out);
    sql_string(out, merged != NULL ? merged : set);
    fputs(";\nCHANGE MASTER ", out);
    if (conn != NULL)
        sql_string(out, conn), fputc(' ', out);
    fprintf(out, "TO MASTER_USE_GTID = slave_pos;\nSTART %s", verb);
    if (conn != NULL)
        fputc(' ', out), sql_string(out, conn);
    fputs(";\n", out);
    free(merged);
    return 0;
}

static void for_channel(FILE *out, const char *conn)
{
    if (conn != NULL)
        fputs(" FOR CHANNEL ", out), sql_string(out, conn);
}

static int emit_mysql(FILE *out, const gp_at_result *r, const char *set,
                      const gp_consumer_opts *o, const char *replica, char *why, size_t whylen)
{
    long v = gp_consumer_version_number(replica);
    const char *verb = v >= 80022 ? "REPLICA" : "SLAVE";
    int plus;

    if (v < 50605)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "replica version %s has no GTID auto-positioning "
                                  "(MySQL 5.6.5+)",
                                  replica);
    if (gp_consumer_set_has_tag(set) && v < 80300)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "the set has tagged GTIDs, which replica version %s cannot "
                                  "hold (MySQL 8.3+)",
                                  replica);
    if (o->connection != NULL && v < 50706)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "replica version %s has no replication channels "
                                  "(FOR CHANNEL: MySQL 5.7.6+)",
                                  replica);
    if (o->replica_gtid_pos != NULL)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION,
                                  "--replica-gtid-pos is for MariaDB replicas: a MySQL "
                                  "replica's gtid_purged takes the set itself (see the "
                                  "preconditions --emit sql prints)");
    /* a channel of a multi-source replica: the other channels' GTIDs stay
     * in gtid_executed, and 8.0+ adds ours with '+' */
    plus = o->connection != NULL && v >= 80000;
    header(out, r, o, "the GTID set executed", replica);
    fputs("-- Precondition: gtid_mode = ON and enforce_gtid_consistency = ON on the replica.\n",
          out);
    if (plus)
        fputs("-- Precondition: SELECT @@GLOBAL.gtid_executed on the replica holds none of\n"
              "-- these GTIDs ('+' adds them to it; other channels' GTIDs stay).\n",
              out);
    else
        fprintf(out,
                "-- Precondition: SELECT @@GLOBAL.gtid_executed on the replica is empty;\n"
                "-- else clear it first with %s, which also deletes\n"
                "-- the replica's own binary logs.\n",
                v >= 80400 ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER");
    fprintf(out, "STOP %s", verb);
    for_channel(out, o->connection);
    fputs(";\nSET GLOBAL gtid_purged = ", out);
    if (plus) {
        char *p = malloc(strlen(set) + 2);
        if (p == NULL)
            return GP_CONSUMER_NOMEM;
        p[0] = '+';
        strcpy(p + 1, set);
        sql_string(out, p);
        free(p);
    } else {
        sql_string(out, set);
    }
    if (v >= 80023)
        fputs(";\nCHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1", out);
    else
        fputs(";\nCHANGE MASTER TO MASTER_AUTO_POSITION = 1", out);
    for_channel(out, o->connection);
    fprintf(out, ";\nSTART %s", verb);
    for_channel(out, o->connection);
    fputs(";\n", out);
    return 0;
}

int gp_emit_sql(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                char *why, size_t whylen)
{
    const char *replica = o->replica_version != NULL ? o->replica_version : r->server_version;
    int mariadb = r->flavor == GTIDPOS_FLAVOR_MARIADB;

    if (gp_consumer_version_number(replica) < 0)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_BAD_OPTION,
                                  "replica version '%s' does not start with a version number "
                                  "(--replica-version, e.g. 10.11.6 or 8.0.36)",
                                  replica);
    if (version_is_mariadb(replica) != mariadb)
        return gp_consumer_refuse(why, whylen, GP_CONSUMER_REFUSED,
                                  "the position has %s GTIDs, which a %s replica (version %s) "
                                  "cannot replicate by",
                                  mariadb ? "MariaDB" : "MySQL", mariadb ? "MySQL" : "MariaDB",
                                  replica);
    return mariadb ? emit_mariadb(out, r, set, o, replica, why, whylen)
                   : emit_mysql(out, r, set, o, replica, why, whylen);
}
