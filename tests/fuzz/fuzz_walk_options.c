/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_walk_options.c - libFuzzer target: the option texts of the walk
 * questions, through the public API (include/gtidpos.h):
 *
 *   first byte % 6
 *   0  `events` filter options (src/walk/event_filter_options.c): the rest
 *      is lines, each "O VALUE" where the byte O chooses the option
 *      (mariadb-binlog's names) set on one filter, then the filter lists
 *      a small real binlog (MariaDB or MySQL by O of the first line)
 *   1, 2  gtidpos_cover with the rest as the set text, on a small real
 *      MySQL (1) / MariaDB (2) binlog (src/walk/span.c, api_span.c)
 *   3, 4  gtidpos_find_set the same way
 *   5  gtidpos_set_emit (src/emit/): the next byte chooses the form (its
 *      low 6 bits % 6), the binlog name (0x40: "bin.000001") and the
 *      answer (0x80: the end of the MariaDB file, else of the MySQL one,
 *      computed once);
 *      the rest is lines replica_version, replica_gtid_pos, connection,
 *      server_name, client_id
 *
 * A failure must say why in one line; GP_TESTDATA names the testdata
 * directory (default "testdata").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtidpos.h"

/* A public error object freed when the variable goes out of scope. */
static void free_error(gtidpos_error **err)
{
    gtidpos_error_free(*err);
}
#define FUZZ_ERROR(name) \
    gtidpos_error *name __attribute__((cleanup(free_error))) = gtidpos_error_new()

static char mysql_file[512], mariadb_file[512];
static gtidpos_set *answer[2]; /* 0: MySQL, 1: MariaDB, at each file's end */

static const char *const filter_names[] = {
    "start-position",    "stop-position",     "start-datetime", "stop-datetime",
    "include-gtids",     "exclude-gtids",     "do-domain-ids",  "ignore-domain-ids",
    "do-server-ids",     "ignore-server-ids", "gtid-strict-mode"};
#define N_FILTER (sizeof filter_names / sizeof filter_names[0])

static gtidpos_set *end_answer(const char *path)
{
    gtidpos_log *log;
    gtidpos_set *set = NULL;
    FUZZ_ERROR(err);
    FILE *f = fopen(path, "rb");
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0)
        abort();
    fclose(f);
    if (gtidpos_open(&log, path, NULL, err) != GTIDPOS_OK ||
        gtidpos_at(log, (uint64_t)size, &set, err) != GTIDPOS_OK) {
        fprintf(stderr, "fuzz_walk_options: %s: %s\n", path, gtidpos_error_line(err));
        abort();
    }
    gtidpos_close(log);
    return set;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *td = getenv("GP_TESTDATA");

    (void)argc;
    (void)argv;
    if (td == NULL)
        td = "testdata";
    snprintf(mysql_file, sizeof mysql_file, "%s/mysql/kingbus/mysql_bin.000011", td);
    snprintf(mariadb_file, sizeof mariadb_file, "%s/mariadb/gtidpos-10.11/bin.000001", td);
    answer[0] = end_answer(mysql_file);
    answer[1] = end_answer(mariadb_file);
    setenv("TZ", "UTC", 1);
    return 0;
}

static void failed_says_why(gtidpos_status rc, const gtidpos_error *err)
{
    if (rc != GTIDPOS_OK && (gtidpos_error_line(err)[0] == '\0' || strchr(gtidpos_error_line(err), '\n') != NULL)) {
        fprintf(stderr, "status %d without a one-line message: '%s'\n", (int)rc, gtidpos_error_line(err));
        abort();
    }
}

/* The next line of *p (NUL-terminated, modified), or NULL at the end. */
static char *next_line(char **p)
{
    char *s = *p, *nl;

    if (s == NULL)
        return NULL;
    nl = strchr(s, '\n');
    if (nl != NULL) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static int count_event(void *ctx, const gtidpos_event *ev)
{
    (void)ev;
    ++*(size_t *)ctx;
    return 0;
}

static void filter(char *text)
{
    gtidpos_event_filter *f;
    FUZZ_ERROR(err);
    gtidpos_status rc = GTIDPOS_OK;
    char *line;
    const char *path = mariadb_file;
    size_t events = 0;
    int first = 1;

    if (gtidpos_event_filter_new(&f, err) != GTIDPOS_OK)
        abort();
    while (rc == GTIDPOS_OK && (line = next_line(&text)) != NULL) {
        if (*line == '\0')
            continue;
        if (first && ((unsigned char)*line & 0x80))
            path = mysql_file;
        first = 0;
        rc = gtidpos_event_filter_set(f, filter_names[(unsigned char)*line % N_FILTER], line + 1,
                                      err);
        failed_says_why(rc, err);
    }
    if (rc == GTIDPOS_OK) {
        rc = gtidpos_events(&path, 1, NULL, f, count_event, NULL, &events, err);
        failed_says_why(rc, err);
    }
    gtidpos_event_filter_free(f);
}

static void cover(const char *path, const char *set)
{
    gtidpos_cover_result *r = NULL;
    FUZZ_ERROR(err);
    gtidpos_status rc = gtidpos_cover(&path, 1, set, 0, NULL, &r, err);

    failed_says_why(rc, err);
    gtidpos_cover_result_free(r);
}

static void count_txn(void *ctx, const gtidpos_txn *t)
{
    if (gtidpos_txn_gtid(t)[0] == '\0' || gtidpos_txn_end(t) <= gtidpos_txn_start(t))
        abort();
    ++*(size_t *)ctx;
}

static void find(const char *path, const char *set)
{
    gtidpos_find_result *r = NULL;
    FUZZ_ERROR(err);
    size_t n = 0;
    gtidpos_status rc = gtidpos_find_set(&path, 1, set, 0, NULL, count_txn, &n, &r, err);

    failed_says_why(rc, err);
    if (rc == GTIDPOS_OK && gtidpos_find_result_found(r) != n)
        abort();
    gtidpos_find_result_free(r);
}

static void emit(unsigned char how, char *text)
{
    static const char *const names[] = {"replica-version", "replica-gtid-pos", "connection",
                                        "server-name", "client-id"};
    gtidpos_emit_options *o = gtidpos_emit_options_new();
    FUZZ_ERROR(err);
    char *out = NULL;
    gtidpos_status rc;

    if (o == NULL)
        return;
    gtidpos_emit_options_set(o, "binlog-file", (how & 0x40) ? "bin.000001" : "mysql_bin.000011",
                             err);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = next_line(&text);
        if (v != NULL)
            gtidpos_emit_options_set(o, names[i], v, err);
    }
    rc = gtidpos_set_emit(answer[(how & 0x80) != 0], (gtidpos_emit_form)((how & 0x3f) % 6), o,
                          &out, err);
    failed_says_why(rc, err);
    if ((rc == GTIDPOS_OK) != (out != NULL))
        abort();
    free(out);
    gtidpos_emit_options_free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;

    if (size < 1)
        return 0;
    if ((text = malloc(size)) == NULL)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    switch (data[0] % 6) {
    case 0: filter(text); break;
    case 1: cover(mysql_file, text); break;
    case 2: cover(mariadb_file, text); break;
    case 3: find(mysql_file, text); break;
    case 4: find(mariadb_file, text); break;
    default:
        if (size >= 2)
            emit((unsigned char)text[0], text + 1);
        break;
    }
    free(text);
    return 0;
}
