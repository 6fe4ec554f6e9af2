/* SPDX-License-Identifier: BSD-2-Clause */
/* check_public_dm.c - the public DM API (include/gtidpos_dm.h) against the
 * internal readers it wraps: on the bundled DM files and on broken ones,
 * the public call gives what the reader gives, and its error is the
 * reader's as one line "FILE: message" with the same code. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtidpos_dm.h"

#include "dm/formats/checkpoint_name.h"
#include "dm/formats/checkpoints.h"
#include "dm/formats/ini.h"
#include "dm/formats/source_config.h"
#include "dm/formats/task_yaml.h"
#include "suites.h"
#include "testutil.h"

/* The public error line an internal error becomes. */
static void assert_same_error(gtidpos_status st, const gtidpos_error *err, gtidpos_status rc,
                              const gp_error *e)
{
    char want[GP_ERROR_FILE_MAX + GP_ERROR_MSG_MAX + 4];

    ck_assert_int_ne(rc, GTIDPOS_OK);
    ck_assert_int_eq((int)st, (int)rc);
    ck_assert_int_eq((int)gtidpos_error_code(err), (int)rc);
    ck_assert_int_eq(gtidpos_error_offset(err), e->offset);
    snprintf(want, sizeof want, "%s%s%s", e->file, e->file[0] ? ": " : "", e->msg);
    ck_assert_str_eq(gtidpos_error_line(err), want);
}

static char *slurp_text(const char *rel, size_t *len)
{
    return (char *)gp_test_slurp(gp_test_path(rel), len);
}

static const char *const checkpoint_names[] = {
    "mysql-bin|000001.000123:15847", "mysql-bin.000123:4", "mysql-bin.000123",
    "mysql-bin|000001.000123",       "mysql-bin.000123:",  "mysql-bin.000123:x",
    "a|b|c.1:4",                     "../x.000001:4",      ":4",
    "mysql-bin.000001:99999999999999999999999",
};

START_TEST(test_checkpoint_names)
{
    for (size_t i = 0; i < sizeof checkpoint_names / sizeof checkpoint_names[0]; i++)
        for (int with_pos = 0; with_pos <= 1; with_pos++) {
            gtidpos_dm_checkpoint pub;
            gp_dm_checkpoint in;
            GP_TEST_ERROR(err);
            gp_error e;
            gtidpos_status rc;
            gtidpos_status st;

            gp_error_clear(&e);
            rc = gp_dm_checkpoint_parse(&in, checkpoint_names[i], with_pos, &e);
            st = gtidpos_dm_checkpoint_parse(&pub, checkpoint_names[i], with_pos, err);
            if (rc == GTIDPOS_OK) {
                ck_assert_int_eq(st, GTIDPOS_OK);
                ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_OK);
                ck_assert_str_eq(pub.upstream_name, in.upstream_name);
                ck_assert_str_eq(pub.suffix, in.suffix);
                ck_assert_uint_eq(pub.pos, in.pos);
            } else {
                assert_same_error(st, err, rc, &e);
            }
        }
}
END_TEST

static const char *const tables[] = {
    "dm/checkpoints_guide.tsv", "dm/checkpoints_guide.csv", "dm/checkpoints_guide.txt",
    "dm/task_v1.yaml", /* not a table: the error */
};

START_TEST(test_checkpoint_tables)
{
    size_t len;
    char *text = slurp_text(tables[_i], &len);
    gtidpos_dm_checkpoints pub;
    gp_dm_checkpoints in;
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc;
    gtidpos_status st;

    gp_error_clear(&e);
    gtidpos_dm_checkpoints_init(&pub);
    gp_dm_checkpoints_init(&in);
    rc = gp_dm_checkpoints_parse(&in, text, len, tables[_i], &e);
    st = gtidpos_dm_checkpoints_parse(&pub, text, len, tables[_i], err);
    ck_assert_int_eq(rc == GTIDPOS_OK, strstr(tables[_i], "checkpoints") != NULL);
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        ck_assert_uint_eq(pub.n, 0);
    } else {
        ck_assert_int_eq(st, GTIDPOS_OK);
        ck_assert_uint_eq(pub.n, in.n);
        ck_assert_uint_gt(pub.n, 0);
        ck_assert_int_eq(pub.form, in.form);
        ck_assert_str_eq(gtidpos_dm_table_form_name(pub.form), gp_dm_cp_form_name(in.form));
        for (size_t i = 0; i < pub.n; i++) {
            const gtidpos_dm_checkpoint_row *row = gtidpos_dm_checkpoints_find(&pub, in.rows[i].id);
            ck_assert_ptr_nonnull(row);
            ck_assert_str_eq(row->name, in.rows[i].name);
            ck_assert_uint_eq(row->pos, in.rows[i].pos);
            ck_assert_str_eq(row->origin, in.rows[i].origin);
        }
        ck_assert_ptr_null(gtidpos_dm_checkpoints_find(&pub, "no-such-source"));
        /* a second checkpoint for a source: refused, the table unchanged */
        char dup[400];
        snprintf(dup, sizeof dup, "%s=mysql-bin.000001:4", in.rows[0].id);
        ck_assert_int_eq(gtidpos_dm_checkpoints_add(&pub, dup, err), GTIDPOS_ERR_PARSE);
        ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), in.rows[0].id));
        ck_assert_uint_eq(pub.n, in.n);
        ck_assert_int_eq(gtidpos_dm_checkpoints_add(&pub, "other=mysql-bin.000001:4", err),
                         GTIDPOS_OK);
        ck_assert_uint_eq(pub.n, in.n + 1);
        ck_assert_uint_eq(gtidpos_dm_checkpoints_find(&pub, "other")->pos, 4);
    }
    gtidpos_dm_checkpoints_free(&pub);
    gp_dm_checkpoints_free(&in);
    free(text);
}
END_TEST

static const char *const sources[] = {
    "dm/source1.yaml", "dm/source2.yaml", "dm/dm-worker.toml", "dm/dm-worker-full.toml",
    "dm/no-such-source.yaml", "dm/task_v1.yaml", /* no source-id: the error */
};

START_TEST(test_sources)
{
    char path[1024];
    gtidpos_dm_source pub;
    gp_dm_source in;
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc;
    gtidpos_status st;

    snprintf(path, sizeof path, "%s", gp_test_path(sources[_i]));
    memset(&pub, 0x5a, sizeof pub); /* what the reader leaves alone shows */
    memset(&in, 0x5a, sizeof in);
    gp_error_clear(&e);
    rc = gp_dm_source_load(&in, path, &e);
    st = gtidpos_dm_source_load(&pub, path, err);
    ck_assert_int_eq(rc == GTIDPOS_OK, _i < 4); /* the last two are refused */
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        return;
    }
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_mem_eq(&pub, &in, sizeof pub);
    ck_assert_str_eq(gtidpos_dm_source_kind_name(pub.kind), gp_dm_source_kind_name(in.kind));

    char *pub_yaml, *in_yaml;
    size_t pub_len, in_len;
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(&pub, &pub_yaml, &pub_len, err), GTIDPOS_OK);
    ck_assert_int_eq(gp_dm_source_to_yaml(&in, &in_yaml, &in_len, &e), GTIDPOS_OK);
    ck_assert_uint_eq(pub_len, in_len);
    ck_assert_str_eq(pub_yaml, in_yaml);
    ck_assert_ptr_nonnull(strstr(pub_yaml, pub.source_id));

    /* read back: the same settings */
    gtidpos_dm_source again;
    ck_assert_int_eq(gtidpos_dm_source_parse(&again, pub_yaml, pub_len, "again", 0, err),
                     GTIDPOS_OK);
    ck_assert_str_eq(again.source_id, pub.source_id);
    ck_assert_str_eq(again.host, pub.host);
    ck_assert_uint_eq(again.port, pub.port);
    free(pub_yaml);
    free(in_yaml);
}
END_TEST

START_TEST(test_inventory)
{
    size_t len;
    char *text = slurp_text("dm/inventory.ini", &len);
    static const char *const keys[] = {"source_id", "server_id", "mysql_host", "mysql_port",
                                       "mysql_password", "deploy_dir", "cluster_name", "nope"};
    gtidpos_ini pub = {0};
    gp_ini in = {0};
    GP_TEST_ERROR(err);
    gp_error e;
    size_t hosts = 0;

    gp_error_clear(&e);
    ck_assert_int_eq(gp_ini_parse(&in, text, len, "inventory.ini", &e), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_ini_parse(&pub, text, len, "inventory.ini", err), GTIDPOS_OK);
    ck_assert_uint_eq(pub.n_sections, in.n_sections);
    for (size_t s = 0; s < pub.n_sections; s++) {
        const gtidpos_ini_section *sec = &pub.sections[s];
        ck_assert_str_eq(sec->group, in.sections[s].group);
        ck_assert_int_eq(sec->kind, in.sections[s].kind);
        ck_assert_uint_eq(sec->n_entries, in.sections[s].n_entries);
        for (size_t h = 0; sec->kind == GTIDPOS_INI_HOSTS && h < sec->n_entries; h++, hosts++)
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
                const char *a = gtidpos_ini_host_var(&pub, sec, &sec->entries[h], keys[k]);
                const char *b = gp_ini_host_var(&in, &in.sections[s],
                                                &in.sections[s].entries[h], keys[k]);
                ck_assert(a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0);
            }
    }
    ck_assert_uint_ge(hosts, 2);
    gtidpos_ini_free(&pub);
    gp_ini_free(&in);

    /* a broken line: the reader's error, as one line */
    static const char bad[] = "[dm_worker_servers]\nw1 source_id='unterminated\n";
    gp_error_clear(&e);
    gtidpos_status rc = gp_ini_parse(&in, bad, sizeof bad - 1, "bad.ini", &e);
    gtidpos_status st = gtidpos_ini_parse(&pub, bad, sizeof bad - 1, "bad.ini", err);
    assert_same_error(st, err, rc, &e);
    ck_assert_ptr_eq(strstr(gtidpos_error_line(err), "bad.ini: line 2"), gtidpos_error_line(err));
    free(text);
}
END_TEST

static const char *const tasks[] = {"dm/task_v1.yaml", "dm/task_full.yaml",
                                    "dm/checkpoints_guide.txt" /* not a task */};

START_TEST(test_tasks)
{
    size_t len;
    char *text = slurp_text(tasks[_i], &len);
    gtidpos_dm_task *pub = NULL;
    gp_dm_task *in = NULL;
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc;
    gtidpos_status st;

    gp_error_clear(&e);
    rc = gp_dm_task_load(&in, text, len, tasks[_i], &e);
    st = gtidpos_dm_task_load(&pub, text, len, tasks[_i], err);
    ck_assert_int_eq(rc == GTIDPOS_OK, strstr(tasks[_i], "task") != NULL);
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        ck_assert_ptr_null(pub);
        free(text);
        return;
    }
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_dm_task_name(pub), gp_dm_task_name(in));
    ck_assert(gtidpos_dm_task_mode(pub) == NULL ? gp_dm_task_mode(in) == NULL
                                               : strcmp(gtidpos_dm_task_mode(pub),
                                                        gp_dm_task_mode(in)) == 0);
    size_t n = gtidpos_dm_task_instance_count(pub);
    ck_assert_uint_eq(n, gp_dm_task_instance_count(in));
    ck_assert_uint_gt(n, 0);
    ck_assert_ptr_null(gtidpos_dm_task_instance_source(pub, n)); /* out of range */
    ck_assert_int_eq(gtidpos_dm_task_instance_has_meta(pub, n), 0);

    gtidpos_dm_meta *metas = calloc(n, sizeof *metas);
    ck_assert_ptr_nonnull(metas);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(gtidpos_dm_task_instance_source(pub, i),
                         gp_dm_task_instance_source(in, i));
        metas[i].source_id = gtidpos_dm_task_instance_source(pub, i);
        metas[i].binlog_name = "mysql-bin.000001";
        metas[i].binlog_pos = 4 + i;
        metas[i].binlog_gtid = i % 2 ? "3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14" : NULL;
    }
    char *pub_out, *in_out;
    size_t pub_len, in_len;
    ck_assert_int_eq(gtidpos_dm_task_write(pub, "v2", metas, n, &pub_out, &pub_len, err),
                     GTIDPOS_OK);
    ck_assert_int_eq(gp_dm_task_write(in, "v2", metas, n, &in_out, &in_len, &e), GTIDPOS_OK);
    ck_assert_uint_eq(pub_len, in_len);
    ck_assert_str_eq(pub_out, in_out);
    ck_assert_ptr_nonnull(strstr(pub_out, "binlog-pos: 4"));
    free(pub_out);
    free(in_out);
    /* a source without its meta: the reader's refusal */
    gp_error_clear(&e);
    rc = gp_dm_task_write(in, "v2", metas, n - 1, &in_out, &in_len, &e);
    st = gtidpos_dm_task_write(pub, "v2", metas, n - 1, &pub_out, &pub_len, err);
    assert_same_error(st, err, rc, &e);
    free(metas);
    gtidpos_dm_task_free(pub);
    gp_dm_task_free(in);
    free(text);
}
END_TEST

START_TEST(test_null_arguments)
{
    GP_TEST_ERROR(err);
    gtidpos_dm_checkpoints t;
    gtidpos_dm_task *task = NULL;
    char *text;
    size_t len;

    gtidpos_dm_checkpoints_init(&t);
    ck_assert_int_eq(gtidpos_dm_checkpoint_parse(NULL, "a.1:4", 1, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_checkpoints_parse(&t, NULL, 3, "f", err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_checkpoints_add(&t, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_load(NULL, "x", err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(NULL, &text, &len, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_ini_parse(NULL, "", 0, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_task_load(&task, NULL, 1, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_task_write(NULL, "n", NULL, 0, &text, &len, err),
                     GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(gtidpos_dm_task_name(NULL));
    ck_assert_uint_eq(gtidpos_dm_task_instance_count(NULL), 0);
    ck_assert_ptr_null(gtidpos_dm_checkpoints_find(NULL, "x"));
    gtidpos_dm_task_free(NULL);
    gtidpos_dm_checkpoints_free(NULL);
    gtidpos_ini_free(NULL);
    /* no file name given: errors say "(input)" */
    ck_assert_int_eq(gtidpos_dm_checkpoints_parse(&t, "x\ty\n", 4, NULL, err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_ptr_eq(strstr(gtidpos_error_line(err), "(input): "), gtidpos_error_line(err));
    gtidpos_dm_checkpoints_free(&t);
}
END_TEST

Suite *public_dm_suite(void)
{
    Suite *s = suite_create("public_dm");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_checkpoint_names);
    tcase_add_loop_test(tc, test_checkpoint_tables, 0, (int)(sizeof tables / sizeof tables[0]));
    tcase_add_loop_test(tc, test_sources, 0, (int)(sizeof sources / sizeof sources[0]));
    tcase_add_test(tc, test_inventory);
    tcase_add_loop_test(tc, test_tasks, 0, (int)(sizeof tasks / sizeof tasks[0]));
    tcase_add_test(tc, test_null_arguments);
    suite_add_tcase(s, tc);
    return s;
}
