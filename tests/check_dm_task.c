/* SPDX-License-Identifier: BSD-2-Clause */
/* check_dm_task.c - tests for src/dm/task_yaml.c: the DM documentation's
 * task files go through dm-upgrade's rewrite and, parsed again with
 * libyaml, give the input tree with exactly the documented changes (name,
 * task-mode, one meta per mysql-instances entry right after source-id). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dm/formats/task_yaml.h"
#include "suites.h"
#include "testutil.h"

typedef struct tree {
    yaml_document_t d;
} tree;

static void load_tree(tree *t, const char *text, size_t len)
{
    yaml_parser_t p;
    ck_assert(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    ck_assert_msg(yaml_parser_load(&p, &t->d), "output does not parse: %s at line %zu",
                  p.problem ? p.problem : "?", p.problem_mark.line + 1);
    ck_assert_ptr_nonnull(yaml_document_get_root_node(&t->d));
    yaml_parser_delete(&p);
}

static yaml_node_t *node(tree *t, int id)
{
    return yaml_document_get_node(&t->d, id);
}

static int scalar_is(yaml_node_t *n, const char *s)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
           memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* Plain scalars may be numbers or booleans to DM's YAML reader; quoted,
 * literal and folded ones are strings: the class must survive. */
static int plain(yaml_node_t *n)
{
    return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* The same tree: node types, scalar text and plainness, tags, mapping
 * order.  Aliases are followed (the loader gives both places one node). */
static int same(tree *a, int ia, tree *b, int ib, int depth)
{
    yaml_node_t *x = node(a, ia), *y = node(b, ib);
    if (x == NULL || y == NULL || depth > 64 || x->type != y->type ||
        strcmp((const char *)x->tag, (const char *)y->tag) != 0)
        return 0;
    switch (x->type) {
    case YAML_SCALAR_NODE:
        return x->data.scalar.length == y->data.scalar.length &&
               memcmp(x->data.scalar.value, y->data.scalar.value, x->data.scalar.length) == 0 &&
               plain(x) == plain(y);
    case YAML_SEQUENCE_NODE: {
        yaml_node_item_t *p = x->data.sequence.items.start, *q = y->data.sequence.items.start;
        if (x->data.sequence.items.top - p != y->data.sequence.items.top - q)
            return 0;
        for (; p < x->data.sequence.items.top; p++, q++)
            if (!same(a, *p, b, *q, depth + 1))
                return 0;
        return 1;
    }
    case YAML_MAPPING_NODE: {
        yaml_node_pair_t *p = x->data.mapping.pairs.start, *q = y->data.mapping.pairs.start;
        if (x->data.mapping.pairs.top - p != y->data.mapping.pairs.top - q)
            return 0;
        for (; p < x->data.mapping.pairs.top; p++, q++)
            if (!same(a, p->key, b, q->key, depth + 1) || !same(a, p->value, b, q->value, depth + 1))
                return 0;
        return 1;
    }
    case YAML_NO_NODE:
        break;
    }
    return 0;
}

static const gp_dm_meta *meta_for(const gp_dm_meta *m, size_t n, yaml_node_t *sid)
{
    for (size_t i = 0; i < n; i++)
        if (scalar_is(sid, m[i].source_id))
            return &m[i];
    return NULL;
}

static void check_meta(tree *o, yaml_node_t *v, const gp_dm_meta *m)
{
    char pos[24];
    yaml_node_pair_t *p;
    ck_assert_int_eq(v->type, YAML_MAPPING_NODE);
    p = v->data.mapping.pairs.start;
    ck_assert_int_eq(v->data.mapping.pairs.top - p, m->binlog_gtid ? 3 : 2);
    ck_assert(scalar_is(node(o, p[0].key), "binlog-name"));
    ck_assert(scalar_is(node(o, p[0].value), m->binlog_name));
    ck_assert(!plain(node(o, p[0].value)));
    snprintf(pos, sizeof pos, "%llu", (unsigned long long)m->binlog_pos);
    ck_assert(scalar_is(node(o, p[1].key), "binlog-pos"));
    ck_assert(scalar_is(node(o, p[1].value), pos));
    ck_assert(plain(node(o, p[1].value))); /* an integer for DM */
    if (m->binlog_gtid) {
        ck_assert(scalar_is(node(o, p[2].key), "binlog-gtid"));
        ck_assert(scalar_is(node(o, p[2].value), m->binlog_gtid));
    }
}

/* One mysql-instances entry: the input's pairs, with meta right after
 * source-id (new) or in its old place (replaced). */
static void check_instance(tree *in, yaml_node_t *x, tree *o, yaml_node_t *y,
                           const gp_dm_meta *metas, size_t n)
{
    yaml_node_pair_t *p = x->data.mapping.pairs.start, *q = y->data.mapping.pairs.start;
    const gp_dm_meta *m = NULL;
    int had_meta = 0, saw_meta = 0;
    for (yaml_node_pair_t *r = p; r < x->data.mapping.pairs.top; r++)
        had_meta |= scalar_is(node(in, r->key), "meta");
    ck_assert_int_eq(y->data.mapping.pairs.top - q, x->data.mapping.pairs.top - p + !had_meta);
    for (; q < y->data.mapping.pairs.top; q++) {
        yaml_node_t *k = node(o, q->key);
        if (scalar_is(k, "meta")) {
            ck_assert_ptr_nonnull(m); /* after source-id */
            check_meta(o, node(o, q->value), m);
            saw_meta = 1;
            if (had_meta)
                p++;
            continue;
        }
        ck_assert(same(in, p->key, o, q->key, 0));
        ck_assert(same(in, p->value, o, q->value, 0));
        if (scalar_is(k, "source-id"))
            m = meta_for(metas, n, node(o, q->value));
        p++;
    }
    ck_assert(saw_meta);
}

/* in -> out must differ exactly by the documented changes. */
static void check_round_trip(const char *in_text, size_t in_len, const char *new_name,
                             const gp_dm_meta *metas, size_t n)
{
    gp_dm_task *t;
    gp_error e;
    char *out;
    size_t out_len;
    tree in, o;
    yaml_node_t *x, *y;
    yaml_node_pair_t *p, *q;
    int had_mode = 0;

    gp_error_clear(&e);
    ck_assert_msg(gp_dm_task_load(&t, in_text, in_len, "task", &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_msg(gp_dm_task_write(t, new_name, metas, n, &out, &out_len, &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_uint_eq(strlen(out), out_len);
    load_tree(&in, in_text, in_len);
    load_tree(&o, out, out_len);
    x = yaml_document_get_root_node(&in.d);
    y = yaml_document_get_root_node(&o.d);
    p = x->data.mapping.pairs.start;
    for (yaml_node_pair_t *r = p; r < x->data.mapping.pairs.top; r++)
        had_mode |= scalar_is(node(&in, r->key), "task-mode");
    ck_assert_int_eq(y->data.mapping.pairs.top - y->data.mapping.pairs.start,
                     x->data.mapping.pairs.top - p + !had_mode);
    for (q = y->data.mapping.pairs.start; q < y->data.mapping.pairs.top; q++, p++) {
        yaml_node_t *k = node(&o, q->key);
        if (p == x->data.mapping.pairs.top) {
            /* the appended task-mode */
            ck_assert(!had_mode && scalar_is(k, "task-mode"));
            ck_assert(scalar_is(node(&o, q->value), "incremental"));
            break;
        }
        ck_assert(same(&in, p->key, &o, q->key, 0));
        if (scalar_is(k, "name")) {
            ck_assert(scalar_is(node(&o, q->value), new_name));
        } else if (scalar_is(k, "task-mode")) {
            ck_assert(scalar_is(node(&o, q->value), "incremental"));
        } else if (scalar_is(k, "mysql-instances")) {
            yaml_node_t *sx = node(&in, p->value), *sy = node(&o, q->value);
            yaml_node_item_t *i = sx->data.sequence.items.start, *j = sy->data.sequence.items.start;
            ck_assert_int_eq(sx->data.sequence.items.top - i, sy->data.sequence.items.top - j);
            for (; i < sx->data.sequence.items.top; i++, j++)
                check_instance(&in, node(&in, *i), &o, node(&o, *j), metas, n);
        } else {
            ck_assert_msg(same(&in, p->value, &o, q->value, 0), "value of a key changed");
        }
    }
    /* a second pass over the output changes nothing more */
    {
        gp_dm_task *t2;
        char *out2;
        size_t len2;
        ck_assert(gp_dm_task_load(&t2, out, out_len, "out", &e) == GTIDPOS_OK);
        ck_assert_str_eq(gp_dm_task_mode(t2), "incremental");
        for (size_t i = 0; i < gp_dm_task_instance_count(t2); i++)
            ck_assert(gp_dm_task_instance_has_meta(t2, i));
        ck_assert(gp_dm_task_write(t2, new_name, metas, n, &out2, &len2, &e) == GTIDPOS_OK);
        ck_assert_str_eq(out2, out);
        free(out2);
        gp_dm_task_free(t2);
    }
    yaml_document_delete(&in.d);
    yaml_document_delete(&o.d);
    free(out);
    gp_dm_task_free(t);
}

static const gp_dm_meta guide_metas[] = {
    {"mysql-replica-01", "mysql-bin.000123", 15847,
     "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"},
    {"mysql-replica-02", "mysql-bin.000456", 10485, NULL},
};

START_TEST(test_full_example)
{
    size_t len;
    char *text = (char *)gp_test_slurp(gp_test_path("dm/task_full.yaml"), &len);
    gp_dm_task *t;
    gp_error e;
    ck_assert(gp_dm_task_load(&t, text, len, "task_full.yaml", &e) == GTIDPOS_OK);
    ck_assert_str_eq(gp_dm_task_name(t), "test");
    ck_assert_str_eq(gp_dm_task_mode(t), "all");
    ck_assert_uint_eq(gp_dm_task_instance_count(t), 2);
    ck_assert_str_eq(gp_dm_task_instance_source(t, 0), "mysql-replica-01");
    ck_assert(gp_dm_task_instance_has_meta(t, 0));   /* the template has one: replaced */
    ck_assert(!gp_dm_task_instance_has_meta(t, 1));
    gp_dm_task_free(t);
    check_round_trip(text, len, "test_v2", guide_metas, 2);
    free(text);
}
END_TEST

START_TEST(test_anchors_and_styles)
{
    size_t len;
    char *text = (char *)gp_test_slurp(gp_test_path("dm/task_v1.yaml"), &len);
    gp_dm_task *t;
    gp_error e;
    char *out;
    size_t out_len;
    check_round_trip(text, len, "task_v2", guide_metas, 2);
    ck_assert(gp_dm_task_load(&t, text, len, "task_v1.yaml", &e) == GTIDPOS_OK);
    ck_assert(gp_dm_task_write(t, "task_v2", guide_metas, 2, &out, &out_len, &e) == GTIDPOS_OK);
    /* the anchor and its alias are kept as such, not expanded */
    ck_assert_ptr_nonnull(strstr(out, "&bw"));
    ck_assert_ptr_nonnull(strstr(out, "*bw"));
    ck_assert_ptr_nonnull(strstr(out, "extra-args: |"));
    ck_assert_ptr_nonnull(strstr(out, "'mysql-replica-02'"));
    ck_assert_ptr_null(strstr(out, "# task_v1.yaml")); /* comments: lost, as documented */
    free(out);
    gp_dm_task_free(t);
    free(text);
}
END_TEST

START_TEST(test_no_task_mode_flow_instances)
{
    const char *text = "name: t\nmysql-instances: [{source-id: a, meta: {binlog-name: x, "
                       "binlog-pos: 9}}, {source-id: \"b\"}]\n";
    static const gp_dm_meta m[] = {{"a", "bin.000002", 4, "0-1-7"}, {"b", "bin.000003", 120, NULL}};
    check_round_trip(text, strlen(text), "t_v2", m, 2);
}
END_TEST

static void refused(const char *text, const char *want, int at_write)
{
    gp_dm_task *t = NULL;
    gp_error e;
    char *out = NULL;
    size_t len;
    gtidpos_status err;
    static const gp_dm_meta m[] = {{"a", "bin.000002", 4, NULL}};
    gp_error_clear(&e);
    err = gp_dm_task_load(&t, text, strlen(text), "task", &e);
    if (at_write) {
        ck_assert_msg(err == GTIDPOS_OK, "%s: %s", text, e.msg);
        err = gp_dm_task_write(t, "n", m, 1, &out, &len, &e);
    }
    ck_assert_msg(err != GTIDPOS_OK, "accepted: %s", text);
    ck_assert_msg(strstr(e.msg, want) != NULL, "'%s' lacks '%s'", e.msg, want);
    ck_assert_ptr_null(out);
    gp_dm_task_free(t);
}

START_TEST(test_refused)
{
    refused("", "empty task file", 0);
    refused("- a\n- b\n", "top level is not a mapping", 0);
    refused("name: [x\n", "line", 0);
    refused("name: a\nmysql-instances: []\n---\nname: b\n", "second YAML document", 0);
    refused("task-mode: all\nmysql-instances: []\n", "no name", 0);
    refused("name: a\n", "no mysql-instances", 0);
    refused("name: a\nmysql-instances: {a: 1}\n", "not a sequence", 0);
    refused("name: a\nmysql-instances: [x]\n", "not a mapping", 0);
    refused("name: a\nmysql-instances: [{route-rules: []}]\n", "entry 1 has no source-id", 0);
    refused("name: a\nmysql-instances: [{source-id: a}, {source-id: a}]\n", "two mysql-instances", 0);
    refused("name: a\nx: &i {source-id: a}\nmysql-instances: [*i]\n", "is an alias", 0);
    refused("name: a\nx: &i {source-id: a}\nmysql-instances: [{<<: *i}]\n", "merge key", 0);
    refused("name: &n a\nm: *n\nname: b\nmysql-instances: []\n", "name given twice", 0);
    refused("name: [a]\nmysql-instances: []\n", "name is not a single value", 0);
    refused("name: a\nmysql-instances: [{source-id: \"a\\0b\"}]\n", "source-id holds a NUL", 0);
    refused("name: a\nmysql-instances: [{source-id: b}]\n", "no checkpoint for mysql-instances entry 'b'", 1);
    /* a "billion laughs" through the replaced meta: bounded, refused */
    refused("name: a\nmysql-instances: [{source-id: a, meta: [&a [1,1,1,1,1,1,1,1], "
            "&b [*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b], "
            "&d [*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d], "
            "&f [*e,*e,*e,*e,*e,*e,*e,*e], &g [*f,*f,*f,*f,*f,*f,*f,*f]]}]\n"
            "remove-meta: [*g, *g]\n", "would expand to more than", 1);
}
END_TEST

/* What the write for DM v2 does, one input each: the output text and the
 * notes it gave (key names, in order). */
static char notes[2048];
static void collect(void *ctx, unsigned line, const char *key, const char *why)
{
    (void)ctx, (void)line, (void)why;
    strncat(notes, key, sizeof notes - strlen(notes) - 2);
    strcat(notes, " ");
}

static char *write_v2(const char *text)
{
    static const gp_dm_meta m[] = {{"a", "bin.000002", 4, NULL}};
    gp_dm_convert_hooks h = {collect, NULL, NULL};
    gp_dm_task *t = NULL;
    gp_error e;
    char *out = NULL;
    size_t len;
    notes[0] = '\0';
    ck_assert_msg(gp_dm_task_load(&t, text, strlen(text), "task", &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_msg(gp_dm_task_write_ex(t, "n", m, 1, &h, &out, &len, &e) == GTIDPOS_OK, "%s", e.msg);
    gp_dm_task_free(t);
    return out;
}

START_TEST(test_v2_keys)
{
    char *out;
    /* an alias of a replaced value: written out */
    out = write_v2("name: a\nmysql-instances: [{source-id: a, meta: &m {binlog-pos: 4}}]\n"
                   "remove-meta: *m\n");
    ck_assert_msg(strstr(out, "remove-meta: {binlog-pos: 4}") != NULL, "%s", out);
    free(out);
    /* unknown keys at each level, a dropped anchor holder */
    out = write_v2("name: a\nx: &i {threads: 2}\nmydumpers: {g: *i, h: {threads: 1, y: 0}}\n"
                   "mysql-instances: [{source-id: a, z: 1, syncer: {batch: 1, w: 2}}]\n");
    ck_assert_str_eq(notes, "x mydumpers.h.y mysql-instances[1].z mysql-instances[1].syncer.w ");
    ck_assert_msg(strstr(out, "g: {threads: 2}") != NULL && strstr(out, "&i") == NULL &&
                  strstr(out, "y: 0") == NULL && strstr(out, "w: 2") == NULL, "%s", out);
    free(out);
    /* the heartbeat, as v1.0.7 combined its two keys */
    out = write_v2("name: a\ndisable-heartbeat: false\nmysql-instances: [{source-id: a}]\n");
    ck_assert_msg(strstr(out, "enable-heartbeat: true") && !strstr(out, "disable"), "%s", out);
    free(out);
    out = write_v2("name: a\nenable-heartbeat: off\ndisable-heartbeat: no\n"
                   "mysql-instances: [{source-id: a}]\n");
    ck_assert_msg(strstr(out, "enable-heartbeat: true") && !strstr(out, "disable"), "%s", out);
    free(out);
    out = write_v2("name: a\ndisable-heartbeat: true\nmysql-instances: [{source-id: a}]\n");
    ck_assert_msg(!strstr(out, "heartbeat"), "%s", out);
    ck_assert_str_eq(notes, "disable-heartbeat ");
    free(out);
}
END_TEST

Suite *dm_task_suite(void)
{
    Suite *s = suite_create("dm_task");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_full_example);
    tcase_add_test(tc, test_anchors_and_styles);
    tcase_add_test(tc, test_no_task_mode_flow_instances);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_v2_keys);
    suite_add_tcase(s, tc);
    return s;
}
