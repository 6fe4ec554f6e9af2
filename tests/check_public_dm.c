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
#include "dm/formats/meta_tables.h"
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
    for (size_t i = 0; i < sizeof checkpoint_names / sizeof checkpoint_names[0]; i++) {
        char *pub = (char *)"unset";
        gp_dm_checkpoint in;
        GP_TEST_ERROR(err);
        gp_error e;
        gtidpos_status rc;
        gtidpos_status st;

        gp_error_clear(&e);
        rc = gp_dm_checkpoint_parse(&in, checkpoint_names[i], 0, &e);
        st = gtidpos_dm_checkpoint_binlog_name(checkpoint_names[i], &pub, err);
        if (rc == GTIDPOS_OK) {
            ck_assert_int_eq(st, GTIDPOS_OK);
            ck_assert_str_eq(pub, in.upstream_name);
            free(pub);
        } else {
            assert_same_error(st, err, rc, &e);
            ck_assert_ptr_null(pub);
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
    size_t len, at;
    char *text = slurp_text(tables[_i], &len);
    gtidpos_dm_checkpoints *pub = gtidpos_dm_checkpoints_new();
    gp_dm_checkpoints in;
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc;
    gtidpos_status st;

    ck_assert_ptr_nonnull(pub);
    gp_error_clear(&e);
    gp_dm_checkpoints_init(&in);
    rc = gp_dm_checkpoints_parse(&in, text, len, tables[_i], &e);
    st = gtidpos_dm_checkpoints_parse(pub, text, len, tables[_i], err);
    ck_assert_int_eq(rc == GTIDPOS_OK, strstr(tables[_i], "checkpoints") != NULL);
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        ck_assert_uint_eq(gtidpos_dm_checkpoints_count(pub), 0);
    } else {
        size_t n = gtidpos_dm_checkpoints_count(pub);
        ck_assert_int_eq(st, GTIDPOS_OK);
        ck_assert_uint_eq(n, in.n);
        ck_assert_uint_gt(n, 0);
        ck_assert_int_eq(gtidpos_dm_checkpoints_form(pub), in.form);
        ck_assert_str_eq(gtidpos_dm_table_form_name(gtidpos_dm_checkpoints_form(pub)),
                         gp_dm_cp_form_name(in.form));
        for (size_t i = 0; i < n; i++) {
            ck_assert(gtidpos_dm_checkpoints_find(pub, in.rows[i].id, &at));
            ck_assert_uint_eq(at, i);
            ck_assert_str_eq(gtidpos_dm_checkpoints_id(pub, i), in.rows[i].id);
            ck_assert_str_eq(gtidpos_dm_checkpoints_name(pub, i), in.rows[i].name);
            ck_assert_uint_eq(gtidpos_dm_checkpoints_pos(pub, i), in.rows[i].pos);
            ck_assert_str_eq(gtidpos_dm_checkpoints_origin(pub, i), in.rows[i].origin);
        }
        ck_assert_ptr_null(gtidpos_dm_checkpoints_id(pub, n)); /* past the end */
        ck_assert_ptr_null(gtidpos_dm_checkpoints_name(pub, n));
        ck_assert_uint_eq(gtidpos_dm_checkpoints_pos(pub, n), 0);
        ck_assert(!gtidpos_dm_checkpoints_find(pub, "no-such-source", &at));
        /* a second checkpoint for a source: refused, the table unchanged */
        char dup[400];
        snprintf(dup, sizeof dup, "%s=mysql-bin.000001:4", in.rows[0].id);
        ck_assert_int_eq(gtidpos_dm_checkpoints_add(pub, dup, err), GTIDPOS_ERR_PARSE);
        ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), in.rows[0].id));
        ck_assert_uint_eq(gtidpos_dm_checkpoints_count(pub), in.n);
        ck_assert_int_eq(gtidpos_dm_checkpoints_add(pub, "other=mysql-bin.000001:4", err),
                         GTIDPOS_OK);
        ck_assert_uint_eq(gtidpos_dm_checkpoints_count(pub), in.n + 1);
        ck_assert(gtidpos_dm_checkpoints_find(pub, "other", &at));
        ck_assert_uint_eq(gtidpos_dm_checkpoints_pos(pub, at), 4);
        ck_assert_str_eq(gtidpos_dm_checkpoints_origin(pub, at), "--checkpoint");
    }
    gtidpos_dm_checkpoints_free(pub);
    gp_dm_checkpoints_free(&in);
    free(text);
}
END_TEST

static const char *const sources[] = {
    "dm/source1.yaml", "dm/source2.yaml", "dm/dm-worker.toml", "dm/dm-worker-full.toml",
    "dm/no-such-source.yaml", "dm/task_v1.yaml", /* no source-id: the error */
};

/* The public getters give the reader's fields. */
static void assert_same_source(const gtidpos_dm_source *pub, const gp_dm_source *in)
{
    uint64_t v = 0;

    ck_assert_int_eq(gtidpos_dm_source_read_from(pub), in->kind);
    ck_assert_str_eq(gtidpos_dm_source_id(pub), in->source_id);
    ck_assert_str_eq(gtidpos_dm_source_flavor(pub), in->flavor);
    ck_assert_int_eq(gtidpos_dm_source_server_id(pub, &v), in->has_server_id);
    ck_assert_uint_eq(v, in->has_server_id ? in->server_id : 0);
    ck_assert_int_eq(gtidpos_dm_source_enable_gtid(pub),
                     in->has_enable_gtid ? in->enable_gtid : -1);
    ck_assert_int_eq(gtidpos_dm_source_enable_relay(pub),
                     in->has_enable_relay ? in->enable_relay : -1);
    ck_assert_str_eq(gtidpos_dm_source_relay_dir(pub), in->relay_dir);
    ck_assert_str_eq(gtidpos_dm_source_host(pub), in->host);
    v = 0;
    ck_assert_int_eq(gtidpos_dm_source_port(pub, &v), in->has_port);
    ck_assert_uint_eq(v, in->has_port ? in->port : 0);
    ck_assert_str_eq(gtidpos_dm_source_user(pub), in->user);
    if (in->has_password)
        ck_assert_str_eq(gtidpos_dm_source_password(pub), in->password);
    else
        ck_assert_ptr_null(gtidpos_dm_source_password(pub));
}

START_TEST(test_sources)
{
    char path[1024];
    gtidpos_dm_source *pub = NULL;
    gp_dm_source in;
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc;
    gtidpos_status st;

    snprintf(path, sizeof path, "%s", gp_test_path(sources[_i]));
    gp_error_clear(&e);
    rc = gp_dm_source_load(&in, path, &e);
    st = gtidpos_dm_source_load(&pub, path, err);
    ck_assert_int_eq(rc == GTIDPOS_OK, _i < 4); /* the last two are refused */
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        ck_assert_ptr_null(pub);
        return;
    }
    ck_assert_int_eq(st, GTIDPOS_OK);
    assert_same_source(pub, &in);
    ck_assert_str_eq(gtidpos_dm_source_kind_name(gtidpos_dm_source_read_from(pub)),
                     gp_dm_source_kind_name(in.kind));

    char *pub_yaml, *in_yaml;
    size_t pub_len, in_len;
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(pub, &pub_yaml, &pub_len, err), GTIDPOS_OK);
    ck_assert_int_eq(gp_dm_source_to_yaml(&in, &in_yaml, &in_len, &e), GTIDPOS_OK);
    ck_assert_uint_eq(pub_len, in_len);
    ck_assert_str_eq(pub_yaml, in_yaml);
    ck_assert_ptr_nonnull(strstr(pub_yaml, gtidpos_dm_source_id(pub)));

    /* read back: the same settings */
    gtidpos_dm_source *again = NULL;
    ck_assert_int_eq(gtidpos_dm_source_parse(&again, pub_yaml, pub_len, "again", 0, err),
                     GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_dm_source_id(again), gtidpos_dm_source_id(pub));
    ck_assert_str_eq(gtidpos_dm_source_host(again), gtidpos_dm_source_host(pub));
    ck_assert_int_eq(gtidpos_dm_source_port(again, NULL), gtidpos_dm_source_port(pub, NULL));

    /* built key by key: the same YAML */
    static const char *const keys[] = {"server-id", "source-id", "flavor", "enable-gtid",
                                       "enable-relay", "relay-dir", "from.host", "from.port",
                                       "from.user", "from.password"};
    gtidpos_dm_source *built = gtidpos_dm_source_new();
    char *built_yaml, num[24];
    size_t built_len;
    uint64_t v;
    ck_assert_ptr_nonnull(built);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *val = NULL;
        switch (k) {
        case 0:
            val = gtidpos_dm_source_server_id(pub, &v) ? (snprintf(num, sizeof num, "%llu",
                                                                   (unsigned long long)v), num)
                                                       : NULL;
            break;
        case 1: val = gtidpos_dm_source_id(pub); break;
        case 2: val = *gtidpos_dm_source_flavor(pub) ? gtidpos_dm_source_flavor(pub) : NULL; break;
        case 3:
        case 4: {
            int b = k == 3 ? gtidpos_dm_source_enable_gtid(pub) : gtidpos_dm_source_enable_relay(pub);
            val = b < 0 ? NULL : b ? "true" : "false";
            break;
        }
        case 5: val = *gtidpos_dm_source_relay_dir(pub) ? gtidpos_dm_source_relay_dir(pub) : NULL; break;
        case 6: val = gtidpos_dm_source_host(pub); break;
        case 7:
            val = gtidpos_dm_source_port(pub, &v) ? (snprintf(num, sizeof num, "%llu",
                                                              (unsigned long long)v), num)
                                                  : NULL;
            break;
        case 8: val = gtidpos_dm_source_user(pub); break;
        default: val = gtidpos_dm_source_password(pub); break;
        }
        if (val != NULL)
            ck_assert_msg(gtidpos_dm_source_set(built, keys[k], val, err) == GTIDPOS_OK, "%s: %s",
                          keys[k], gtidpos_error_line(err));
    }
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(built, &built_yaml, &built_len, err), GTIDPOS_OK);
    ck_assert_str_eq(built_yaml, pub_yaml);
    free(built_yaml);
    gtidpos_dm_source_free(built);
    gtidpos_dm_source_free(again);
    gtidpos_dm_source_free(pub);
    free(pub_yaml);
    free(in_yaml);
}
END_TEST

/* gtidpos_dm_source_set: what it refuses leaves the source as it was */
START_TEST(test_source_set)
{
    static const struct {
        const char *key, *value;
    } bad[] = {
        {"server-id", "4294967296"}, {"server-id", ""},       {"from.port", "65536"},
        {"from.port", "-1"},         {"enable-gtid", "True"}, {"enable-relay", "1"},
        {"flavor", "tidb"},          {"source_id", "x"},      {"from", "x"},
    };
    gtidpos_dm_source *s = gtidpos_dm_source_new();
    GP_TEST_ERROR(err);
    char *yaml, *again;
    size_t len;

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(gtidpos_dm_source_enable_gtid(s), -1);
    ck_assert_int_eq(gtidpos_dm_source_port(s, NULL), 0);
    ck_assert_ptr_null(gtidpos_dm_source_password(s));
    ck_assert_int_eq(gtidpos_dm_source_set(s, "source-id", "s1", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_dm_source_set(s, "from.host", "h", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_dm_source_set(s, "from.port", "3306", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_dm_source_set(s, "enable-gtid", "false", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_dm_source_set(s, "from.password", "", err), GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_dm_source_password(s), "");
    ck_assert_int_eq(gtidpos_dm_source_enable_gtid(s), 0);
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(s, &yaml, &len, err), GTIDPOS_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(gtidpos_dm_source_set(s, bad[i].key, bad[i].value, err) ==
                          GTIDPOS_ERR_PARSE,
                      "%s=%s accepted", bad[i].key, bad[i].value);
        ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), bad[i].key));
    }
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(s, &again, &len, err), GTIDPOS_OK);
    ck_assert_str_eq(again, yaml);
    free(yaml);
    free(again);
    gtidpos_dm_source_free(s);
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

    gp_dm_meta *metas = calloc(n, sizeof *metas);
    ck_assert_ptr_nonnull(metas);
    char *pub_out, *in_out;
    size_t pub_len, in_len;
    /* the last source without its meta: the reader's refusal */
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(gtidpos_dm_task_instance_source(pub, i),
                         gp_dm_task_instance_source(in, i));
        metas[i].source_id = gtidpos_dm_task_instance_source(pub, i);
        metas[i].binlog_name = "mysql-bin.000001";
        metas[i].binlog_pos = 4 + i;
        metas[i].binlog_gtid = i % 2 ? "3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14" : NULL;
        if (i + 1 < n)
            ck_assert_int_eq(gtidpos_dm_task_set_meta(pub, metas[i].source_id, "x.000009", 99,
                                                      "replaced below", err),
                             GTIDPOS_OK);
    }
    for (size_t i = 0; i + 1 < n; i++) /* a second call replaces the first */
        ck_assert_int_eq(gtidpos_dm_task_set_meta(pub, metas[i].source_id, metas[i].binlog_name,
                                                  metas[i].binlog_pos, metas[i].binlog_gtid,
                                                  err),
                         GTIDPOS_OK);
    gp_error_clear(&e);
    rc = gp_dm_task_write(in, "v2", metas, n - 1, &in_out, &in_len, &e);
    st = gtidpos_dm_task_write(pub, "v2", &pub_out, &pub_len, err);
    assert_same_error(st, err, rc, &e);
    /* every meta: the reader's text */
    ck_assert_int_eq(gtidpos_dm_task_set_meta(pub, metas[n - 1].source_id, metas[n - 1].binlog_name,
                                              metas[n - 1].binlog_pos, metas[n - 1].binlog_gtid,
                                              err),
                     GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_dm_task_set_meta(pub, "no-such-source", "a.1", 4, NULL, err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "no-such-source"));
    ck_assert_int_eq(gtidpos_dm_task_write(pub, "v2", &pub_out, &pub_len, err), GTIDPOS_OK);
    ck_assert_int_eq(gp_dm_task_write(in, "v2", metas, n, &in_out, &in_len, &e), GTIDPOS_OK);
    ck_assert_uint_eq(pub_len, in_len);
    ck_assert_str_eq(pub_out, in_out);
    ck_assert_ptr_nonnull(strstr(pub_out, "binlog-pos: 4"));
    free(pub_out);
    free(in_out);
    ck_assert_int_eq(gtidpos_dm_task_write_v2(pub, "v2", NULL, NULL, &pub_out, &pub_len, err),
                     GTIDPOS_OK);
    ck_assert_int_eq(gp_dm_task_write_ex(in, "v2", metas, n, NULL, &in_out, &in_len, &e), GTIDPOS_OK);
    ck_assert_str_eq(pub_out, in_out);
    free(pub_out);
    free(in_out);
    free(metas);
    gtidpos_dm_task_free(pub);
    gp_dm_task_free(in);
    free(text);
}
END_TEST

/* The preconditions: the reader's verdict, its reason handed over whole. */
static const struct {
    gtidpos_dm_meta_table which;
    const char *text;
} meta_dumps[] = {
    {GTIDPOS_DM_SHARDING_META, ""},
    {GTIDPOS_DM_SHARDING_META, "source_id,target_table_id,source_table_id\na,`d`.`t`,`d1`.`t1`\n"},
    {GTIDPOS_DM_ONLINEDDL, "id\tghost_schema\tghost_table\ns\td\n"},
    {GTIDPOS_DM_LOADER_CHECKPOINT, "id,filename,offset,end_pos\na,f.sql,5,5\nb,g.sql,0,9\n"},
    {GTIDPOS_DM_LOADER_CHECKPOINT, "id,filename,offset,end_pos\na,f.sql,5,5\n"},
};

START_TEST(test_meta_tables)
{
    char *pub = (char *)"unset", *in = (char *)"unset";
    GP_TEST_ERROR(err);
    gp_error e;
    gtidpos_status rc, st;

    gp_error_clear(&e);
    rc = gp_dm_check_meta_table(meta_dumps[_i].which, meta_dumps[_i].text,
                                strlen(meta_dumps[_i].text), "dump", &in, &e);
    st = gtidpos_dm_check_meta_table(meta_dumps[_i].which, meta_dumps[_i].text,
                                     strlen(meta_dumps[_i].text), "dump", &pub, err);
    if (rc != GTIDPOS_OK) {
        assert_same_error(st, err, rc, &e);
        return;
    }
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert(pub == NULL ? in == NULL : in != NULL && strcmp(pub, in) == 0);
    free(pub);
    free(in);
}
END_TEST

START_TEST(test_null_arguments)
{
    GP_TEST_ERROR(err);
    gtidpos_dm_checkpoints *t = gtidpos_dm_checkpoints_new();
    gtidpos_dm_task *task = NULL;
    gtidpos_dm_source *src = NULL;
    char *text;
    size_t len;

    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(gtidpos_dm_checkpoint_binlog_name(NULL, &text, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_checkpoints_parse(t, NULL, 3, "f", err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_checkpoints_add(t, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_load(NULL, "x", err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_load(&src, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_set(NULL, "flavor", "mysql", err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_source_to_yaml(NULL, &text, &len, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_check_meta_table(GTIDPOS_DM_ONLINEDDL, "", 0, NULL, NULL, err),
                     GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_task_load(&task, NULL, 1, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_task_write(NULL, "n", &text, &len, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_task_set_meta(NULL, "s", "a.1", 4, NULL, err),
                     GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(gtidpos_dm_task_name(NULL));
    ck_assert_uint_eq(gtidpos_dm_task_instance_count(NULL), 0);
    ck_assert(!gtidpos_dm_checkpoints_find(NULL, "x", NULL));
    ck_assert_uint_eq(gtidpos_dm_checkpoints_count(NULL), 0);
    ck_assert_str_eq(gtidpos_dm_source_id(NULL), "");
    gtidpos_dm_task_free(NULL);
    gtidpos_dm_checkpoints_free(NULL);
    gtidpos_dm_source_free(NULL);
    /* no file name given: errors say "(input)" */
    ck_assert_int_eq(gtidpos_dm_checkpoints_parse(t, "x\ty\n", 4, NULL, err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_ptr_eq(strstr(gtidpos_error_line(err), "(input): "), gtidpos_error_line(err));
    gtidpos_dm_checkpoints_free(t);
}
END_TEST

Suite *public_dm_suite(void)
{
    Suite *s = suite_create("public_dm");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_checkpoint_names);
    tcase_add_loop_test(tc, test_checkpoint_tables, 0, (int)(sizeof tables / sizeof tables[0]));
    tcase_add_loop_test(tc, test_sources, 0, (int)(sizeof sources / sizeof sources[0]));
    tcase_add_test(tc, test_source_set);
    tcase_add_loop_test(tc, test_tasks, 0, (int)(sizeof tasks / sizeof tasks[0]));
    tcase_add_loop_test(tc, test_meta_tables, 0,
                        (int)(sizeof meta_dumps / sizeof meta_dumps[0]));
    tcase_add_test(tc, test_null_arguments);
    suite_add_tcase(s, tc);
    return s;
}
