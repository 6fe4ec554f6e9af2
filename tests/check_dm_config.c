/* SPDX-License-Identifier: BSD-2-Clause */
/* check_dm_config.c - tests for src/cli/ansible_ini.c (the command's
 * Ansible inventory and group_vars reader) and
 * src/dm/source_config.c (v2 source YAML, v1.0 dm-worker.toml), on the
 * DM documentation's example files in testdata/dm/. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ansible_ini.h"
#include "dm/formats/meta_tables.h"
#include "dm/formats/source_config.h"
#include "dm/formats/worker_source.h"
#include "suites.h"
#include "testutil.h"

static const gp_ini_section *section(const gp_ini *ini, const char *group, gp_ini_kind kind)
{
    for (size_t i = 0; i < ini->n_sections; i++)
        if (ini->sections[i].kind == kind && strcmp(ini->sections[i].group, group) == 0)
            return &ini->sections[i];
    return NULL;
}

START_TEST(test_inventory)
{
    size_t len;
    char *text = (char *)gp_test_slurp(gp_test_path("dm/inventory.ini"), &len);
    gp_ini ini;
    GP_TEST_ERROR(e);
    const gp_ini_section *w;

        ck_assert_msg(gp_ini_parse(&ini, text, len, "inventory.ini", e) == GTIDPOS_OK, "%s", gtidpos_error_message(e));
    w = section(&ini, "dm_worker_servers", GP_INI_HOSTS);
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->n_entries, 2);
    ck_assert_str_eq(w->entries[0].name, "dm_worker1");
    ck_assert_int_eq(w->entries[0].line, 6);
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[0], "source_id"), "mysql-replica-01");
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[1], "server_id"), "102");
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[1], "mysql_password"),
                     "VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=");
    /* [all:vars] applies to every host; its quotes are removed */
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[0], "deploy_dir"), "/data1/dm");
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[0], "grafana_admin_user"), "admin");
    ck_assert_ptr_null(gp_ini_host_var(&ini, w, &w->entries[0], "enable_gtid"));
    ck_assert_ptr_nonnull(section(&ini, "all", GP_INI_VARS));
    gp_ini_free(&ini);
    free(text);
}
END_TEST

START_TEST(test_ini_group_vars_and_comments)
{
    const char *text = "; a comment\nlonely ansible_host=1.2.3.4\n"
                       "[dm_worker_servers]\nw1 source_id=\"s 1\" # the first\n"
                       "[dm_worker_servers:vars]\nenable_gtid = True\n"
                       "[all:children]\ndm_worker_servers\n";
    gp_ini ini;
    GP_TEST_ERROR(e);
    const gp_ini_section *w;
    ck_assert_msg(gp_ini_parse(&ini, text, strlen(text), "i", e) == GTIDPOS_OK, "%s", gtidpos_error_message(e));
    ck_assert_ptr_nonnull(section(&ini, "ungrouped", GP_INI_HOSTS));
    w = section(&ini, "dm_worker_servers", GP_INI_HOSTS);
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[0], "source_id"), "s 1");
    ck_assert_str_eq(gp_ini_host_var(&ini, w, &w->entries[0], "enable_gtid"), "True");
    ck_assert_uint_eq(w->entries[0].n_vars, 1);
    gp_ini_free(&ini);
}
END_TEST

START_TEST(test_ini_refused)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"[dm_worker_servers\n", "line 1: a section header must end"},
        {"[]\n", "line 1: empty group name"},
        {"[g:hosts]\n", "line 1: malformed section header"},
        {"[g]\nh a=1 b\n", "line 2, column 7: expected key=value"},
        {"[g]\nh a='1\n", "line 2, column 3: unterminated quoted value"},
        {"[g]\nh a='1'x\n", "text right after a quoted value"},
        {"[g]\nh a=1'\n", "a quote inside an unquoted value"},
        {"[g]\nh a=1 a=2\n", "line 2: variable 'a' given twice"},
        {"[g:vars]\njust words\n", "line 2: expected key = value"},
        {"[g:vars]\n= 3\n", "empty variable name"},
        {"[g:children]\na b\n", "one group name per line"},
        {"[g]\nh\x01x a=1\n", "malformed host or group name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_ini ini;
        GP_TEST_ERROR(e);
                ck_assert_msg(gp_ini_parse(&ini, cases[i].text, strlen(cases[i].text), "i", e) != GTIDPOS_OK,
                      "case %zu accepted", i);
        ck_assert_msg(strstr(gtidpos_error_message(e), cases[i].want) != NULL, "case %zu: '%s' lacks '%s'", i, gtidpos_error_message(e),
                      cases[i].want);
        ck_assert_uint_eq(ini.n_sections, 0);
    }
}
END_TEST

START_TEST(test_source_yaml)
{
    gp_dm_source s;
    gp_error e;
    gp_error_clear(&e);
    ck_assert_msg(gp_dm_source_load(&s, gp_test_path("dm/source1.yaml"), &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_int_eq(s.kind, GTIDPOS_DM_SOURCE_YAML);
    ck_assert_str_eq(s.source_id, "mysql-replica-01");
    ck_assert(s.has_server_id && s.server_id == 101);
    ck_assert_str_eq(s.host, "172.16.10.81");
    ck_assert(s.has_port && s.port == 3306);
    ck_assert_str_eq(s.user, "root");
    ck_assert_str_eq(s.password, "VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=");
    ck_assert(!s.has_enable_gtid && !s.enable_gtid);
    ck_assert_str_eq(s.flavor, "");
}
END_TEST

/* The upgrade guide's binary-deployment example: dm-worker.toml in, the
 * guide's source YAML out (read back and compared field by field). */
START_TEST(test_worker_toml_to_yaml)
{
    gp_dm_source s, back;
    gp_error e;
    char *text;
    size_t len;
    gp_error_clear(&e);
    ck_assert_msg(gp_dm_source_load(&s, gp_test_path("dm/dm-worker.toml"), &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_int_eq(s.kind, GTIDPOS_DM_SOURCE_WORKER_TOML);
    ck_assert_str_eq(s.source_id, "mysql-replica-01");
    ck_assert_str_eq(s.flavor, "mysql");
    ck_assert(s.has_server_id && s.server_id == 101);
    ck_assert(s.has_port && s.port == 3306);
    ck_assert_int_eq(gp_dm_source_to_yaml(&s, &text, &len, &e), GTIDPOS_OK);
    ck_assert_str_eq(text, "server-id: 101\nsource-id: \"mysql-replica-01\"\nflavor: \"mysql\"\n"
                           "from:\n  host: \"172.16.10.81\"\n  port: 3306\n  user: \"root\"\n"
                           "  password: \"VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=\"\n");
    ck_assert_int_eq(gp_dm_source_parse(&back, text, len, "out", 0, &e), GTIDPOS_OK);
    back.kind = s.kind;
    ck_assert_int_eq(memcmp(&back, &s, sizeof s), 0);
    free(text);
    ck_assert_msg(gp_dm_source_load(&s, gp_test_path("dm/dm-worker-full.toml"), &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert(s.has_enable_gtid && !s.enable_gtid);
    ck_assert_str_eq(s.relay_dir, "./relay_log");
    ck_assert_int_eq(gp_dm_source_to_yaml(&s, &text, &len, &e), GTIDPOS_OK);
    ck_assert_ptr_nonnull(strstr(text, "enable-gtid: false\nrelay-dir: \"./relay_log\"\n"));
    free(text);
}
END_TEST

START_TEST(test_source_refused)
{
    static const struct {
        const char *text, *want;
        int toml;
    } cases[] = {
        {"server-id: 1\n", "no source-id", 0},
        {"source-id: a\nflavor: percona\n", "flavor must be", 0},
        {"source-id: a\nenable-gtid: maybe\n", "line 2: enable-gtid must be true or false", 0},
        {"source-id: a\nenable-gtid: \"true\"\n", "enable-gtid must be", 0},
        {"source-id: a\nserver-id: -1\n", "server-id must be a whole number", 0},
        {"source-id: a\nfrom:\n  port: 70000\n", "port must be a whole number from 0 to 65535", 0},
        {"source-id: [a]\n", "source-id is not a single value", 0},
        {"source-id: a\nfrom: x\n", "from is not a mapping", 0},
        {"- a\n", "top level is not a mapping", 0},
        {"source-id: a\n  b: [\n", "line", 0},
        {"source-id = \"a\"\nserver-id = \"1\"\n", "server-id", 1},
        {"source-id = \"a\"\n[from]\nport = 99999\n", "port must be from 0 to 65535", 1},
        {"flavor = \"mysql\"\n", "no source-id", 1},
        {"source-id = [1]\n", "line 1", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_dm_source s;
        gp_error e;
        gp_error_clear(&e);
        ck_assert_msg(gp_dm_source_parse(&s, cases[i].text, strlen(cases[i].text), "s",
                                         cases[i].toml, &e) != GTIDPOS_OK, "case %zu accepted", i);
        ck_assert_msg(strstr(e.msg, cases[i].want) != NULL, "case %zu: '%s' lacks '%s'", i, e.msg,
                      cases[i].want);
    }
}
END_TEST

/* group_vars/<group>.yml: scalar variables kept as text, others skipped */
START_TEST(test_group_vars)
{
    static const char text[] = "---\nflavor: mysql\nenable_gtid: true\nlist: [1, 2]\n"
                               "mysql_port: 3307\n";
    gp_ini ini;
    GP_TEST_ERROR(e);
    const gp_ini_section *s;

    ck_assert_msg(gp_group_vars_parse(&ini, "dm_worker_servers", text, strlen(text), "g.yml",
                                      e) == GTIDPOS_OK, "%s", gtidpos_error_message(e));
    s = section(&ini, "dm_worker_servers", GP_INI_VARS);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->n_entries, 3);
    ck_assert_str_eq(s->entries[1].vars[0].key, "enable_gtid");
    ck_assert_str_eq(s->entries[1].vars[0].value, "true");
    ck_assert_int_eq(s->entries[2].line, 5);
    gp_ini_free(&ini);
    ck_assert_int_eq(gp_group_vars_parse(&ini, "g", "- a\n", 4, "g.yml", e), GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(gp_group_vars_parse(&ini, "g", "a: [\n", 5, "g.yml", e), GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(gp_group_vars_parse(&ini, "g", "", 0, "g.yml", e), GTIDPOS_OK);
    gp_ini_free(&ini);
}
END_TEST

/* the meta tables: which dump passes, which fails, which is malformed */
static const struct {
    gp_dm_meta_table which;
    const char *text;
    gtidpos_status rc;
    int failed;
    const char *want; /* in the reason or the error */
} metas[] = {
    {GP_DM_SHARDING_META, "", GTIDPOS_OK, 0, ""},
    {GP_DM_SHARDING_META, "source_id\ttarget_table_id\tsource_table_id\n", GTIDPOS_OK, 0, ""},
    {GP_DM_SHARDING_META, "source_id,target_table_id,source_table_id\na,`d`.`t`,`d1`.`t1`\n",
     GTIDPOS_OK, 1, "line 2: source a, table `d1`.`t1` -> `d`.`t`"},
    {GP_DM_SHARDING_META, "source_id,target_table_id\na,b\n", GTIDPOS_ERR_PARSE, 0,
     "needs a header with the column source_table_id"},
    {GP_DM_ONLINEDDL, "id\tghost_schema\tghost_table\ns\td\n", GTIDPOS_ERR_PARSE, 0,
     "line 2: 2 columns, the header has 3"},
    {GP_DM_ONLINEDDL, "id\tghost_schema\tghost_table\ns\td\t_t_gho\n", GTIDPOS_OK, 1,
     "shadow table d._t_gho"},
    {GP_DM_LOADER_CHECKPOINT, "id,filename,offset,end_pos\na,f.sql,5,5\nb,g.sql,0,9\n", GTIDPOS_OK,
     1, "line 3: source b, file g.sql imported to offset 0 of 9"},
    {GP_DM_LOADER_CHECKPOINT, "id,filename,offset,end_pos\na,f.sql,5,5\n", GTIDPOS_OK, 0, ""},
    {GP_DM_LOADER_CHECKPOINT, "id,filename,offset,end_pos\na,f.sql,x,5\n", GTIDPOS_ERR_PARSE, 0,
     "whole numbers"},
};

START_TEST(test_meta_tables)
{
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
        char *reason = (char *)"unset";
        gp_error e;
        gp_error_clear(&e);
        gtidpos_status rc = gp_dm_check_meta_table(metas[i].which, metas[i].text, strlen(metas[i].text),
                                           "dump", &reason, &e);
        ck_assert_msg(rc == metas[i].rc, "case %zu: %s", i, e.msg);
        if (rc != GTIDPOS_OK) {
            ck_assert_msg(strstr(e.msg, metas[i].want) != NULL, "case %zu: %s", i, e.msg);
            continue;
        }
        ck_assert_int_eq(reason != NULL, metas[i].failed);
        if (reason != NULL)
            ck_assert_msg(strstr(reason, metas[i].want) != NULL, "case %zu: %s", i, reason);
        free(reason);
    }
}
END_TEST

/* every row of the worker key table is a v1.0.7 key; the ones dropped
 * say why */
START_TEST(test_worker_keys)
{
    static const char *const dropped[] = {"log-level", "log-file", "log-rotate", "worker-addr",
                                          "relay-binlog-name", "relay-binlog-gtid"};
    const char *why, *key;
    size_t n = 0, nd = 0;
    for (size_t i = 0; (key = gp_dm_worker_key(i, &why)) != NULL; i++, n++) {
        int want = 0;
        for (size_t j = 0; j < sizeof dropped / sizeof dropped[0]; j++)
            want |= strcmp(key, dropped[j]) == 0;
        ck_assert_msg(want == (why != NULL), "%s", key);
        nd += why != NULL;
    }
    ck_assert_uint_eq(nd, 6);
    ck_assert_uint_eq(n, 35);
}
END_TEST

Suite *dm_config_suite(void)
{
    Suite *s = suite_create("dm_config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_inventory);
    tcase_add_test(tc, test_ini_group_vars_and_comments);
    tcase_add_test(tc, test_ini_refused);
    tcase_add_test(tc, test_source_yaml);
    tcase_add_test(tc, test_worker_toml_to_yaml);
    tcase_add_test(tc, test_source_refused);
    tcase_add_test(tc, test_group_vars);
    tcase_add_test(tc, test_meta_tables);
    tcase_add_test(tc, test_worker_keys);
    suite_add_tcase(s, tc);
    return s;
}
