/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * consumer.h - the answer in the form each consumer of "the GTID set at
 * binlog_name:pos" takes (`gtidpos at --emit`): the SQL that switches a
 * replica to GTID positioning, Debezium's offset, Maxwell's positions row,
 * Canal's instance.properties, Flink CDC's startup options.
 *
 * Depends on the answer type (gtid/answer.h) alone: the emitters know the
 * set, the position and the transaction around it, not files or walks.
 * An answer a consumer cannot take (a position inside a transaction, GTIDs
 * of a flavour it does not read, a set it cannot express) is refused with
 * the reason; nothing is written then.
 */
#ifndef GP_EMIT_CONSUMER_H
#define GP_EMIT_CONSUMER_H

#include <stdio.h>

#include "gtid/answer.h"

/* consumers: gtidpos_emit_form (GTIDPOS_EMIT_*) of gtidpos.h */

typedef struct gp_consumer_opts {
    gtidpos_emit_form consumer;
    const char *binlog_file;      /* the source binlog's name (no directory) */
    const char *replica_version;  /* sql: the replica's version; NULL: the
                                     primary's (the FDE's) */
    const char *connection;       /* sql: MariaDB connection name, MySQL
                                     channel; NULL: the default one */
    const char *replica_gtid_pos; /* sql, MariaDB: the replica's current
                                     gtid_slave_pos, merged with the answer */
    const char *server_name;      /* debezium: topic.prefix (partition) */
    const char *client_id;        /* maxwell: client_id; NULL: "maxwell" */
} gp_consumer_opts;

/* What gp_emit_consumer() returns besides 0. */
enum {
    GP_CONSUMER_NOMEM = -1,
    GP_CONSUMER_REFUSED = 1,       /* the consumer cannot take this answer */
    GP_CONSUMER_INSIDE = 2,        /* the position is inside a transaction */
    GP_CONSUMER_BAD_OPTION = 3     /* an option is malformed or missing */
};

/* Write r in the consumer's form to out; 0, or one of the codes above
 * with the reason (one line) in why. */
int gp_emit_consumer(FILE *out, const gp_at_result *r, const gp_consumer_opts *o, char *why,
                     size_t whylen);

/* The consumer named name ("sql", "debezium", ...); 0 when none is. */
gtidpos_emit_form gp_consumer_from_name(const char *name);

/* Shared by the emitters (consumer.c). */
int gp_consumer_refuse(char *why, size_t whylen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* 1 when a MySQL set's text has a tag (MySQL 8.3+ "uuid:tag:1-3"). */
int gp_consumer_set_has_tag(const char *set);
/* "major.minor.patch" of a version string ("10.11.6-MariaDB-log") as
 * major*10000+minor*100+patch; -1 when it does not start with digits. */
long gp_consumer_version_number(const char *version);

int gp_emit_sql(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                char *why, size_t whylen);
int gp_emit_debezium(FILE *out, const gp_at_result *r, const char *set,
                     const gp_consumer_opts *o, char *why, size_t whylen);
int gp_emit_maxwell(FILE *out, const gp_at_result *r, const char *set,
                    const gp_consumer_opts *o, char *why, size_t whylen);
int gp_emit_canal(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                  char *why, size_t whylen);
int gp_emit_flink(FILE *out, const gp_at_result *r, const char *set, const gp_consumer_opts *o,
                  char *why, size_t whylen);

#endif
