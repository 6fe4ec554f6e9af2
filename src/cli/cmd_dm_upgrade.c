/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_dm_upgrade.c - gtidpos dm-upgrade: step 4 of the DM v1.0 -> v2
 * upgrade guide in one command.  From task_v1.yaml, the global checkpoints
 * (the seed query's result) and each source's configuration and files,
 * write task_v2.yaml: new name, task-mode incremental, and per source a
 * meta with binlog-name, binlog-pos and (enable-gtid sources) binlog-gtid,
 * the set gtidpos computes at the checkpoint from the relay or binlog
 * files.  Every check runs before anything is written.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "gtidpos_dm.h"
#include "records.h"
#include "textfile.h"
#include "walk_opts.h"

#define INPUT_MAX (16u << 20)
#define MAX_LIST 64

static const char dm_upgrade_usage[] =
    "usage: gtidpos dm-upgrade --task task_v1.yaml --checkpoints FILE\n"
    "           --source source1.yaml [--source ...] [--name NAME] [-o task_v2.yaml]\n"
    "           [--json] [--checkpoint ID=NAME:POS] [--purged SOURCE_ID=SET]\n"
    "           [--reset-start] [--relay-dir SOURCE_ID=DIR] [--binlog-dir SOURCE_ID=DIR]\n"
    "           [--force]\n"
    "\n"
    "Write the DM v2 task for a DM v1.0 task (upgrade guide, step 4): name\n"
    "replaced, task-mode incremental, and per mysql-instances entry a meta\n"
    "with binlog-name, binlog-pos and, for enable-gtid sources, binlog-gtid:\n"
    "the GTID set at the checkpoint, computed from the relay or binlog files.\n"
    "\n"
    "  --task F            the v1.0 task file (never written)\n"
    "  --checkpoints F     the result of SELECT id, binlog_name, binlog_pos FROM\n"
    "                      dm_meta.<task>_syncer_checkpoint WHERE is_global=1:\n"
    "                      mysql -B output, the client's boxed table, or CSV\n"
    "                      ('-': standard input)\n"
    "  --checkpoint ID=NAME:POS  one checkpoint on the command line\n"
    "  --source F          a v2 source YAML or a v1.0 dm-worker.toml (repeat)\n"
    "  --name N            the new task name (default: <old name>_v2)\n"
    "  -o F                write the task to F atomically (default: stdout); mode\n"
    "                      0600 when it holds a password\n"
    "  --json              one JSON report per source on stdout instead of the\n"
    "                      task (with -o the task is still written to F)\n"
    "  --purged ID=SET     union a known gtid_purged SET into source ID's set\n"
    "  --reset-start       widen every interval to start at 1 (MySQL sets)\n"
    "  --relay-dir ID=DIR  read source ID's DM v1.0 relay directory DIR\n"
    "  --binlog-dir ID=DIR read source ID's plain binlog directory DIR\n"
    "  --sharding-meta F   SELECT * FROM dm_meta.<task>_syncer_sharding_meta\n"
    "  --onlineddl F       SELECT * FROM dm_meta.<task>_onlineddl\n"
    "  --loader-checkpoints F  SELECT * FROM dm_meta.<task>_loader_checkpoint\n"
    "                      (each as --checkpoints; '-' for one of them): the\n"
    "                      guide's preconditions, checked; a failed one is exit 1\n"
    "  --force             also upgrade a task already incremental with meta, or\n"
    "                      a task-mode: full task\n"
    "Keys DM v2 refuses are dropped (disable-heartbeat mapped to\n"
    "enable-heartbeat), each named on stderr.\n";

typedef struct kv {
    char *id;
    const char *value;
    int used;
} kv;

typedef struct kvlist {
    kv items[MAX_LIST];
    int n;
} kvlist;

static int kv_add(kvlist *l, const char *opt, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || eq[1] == '\0')
        return gp_usage_error("dm-upgrade: %s '%s': expected SOURCE_ID=VALUE", opt, arg);
    if (l->n == MAX_LIST)
        return gp_usage_error("dm-upgrade: more than %d %s options", MAX_LIST, opt);
    for (int i = 0; i < l->n; i++)
        if (strlen(l->items[i].id) == (size_t)(eq - arg) &&
            strncmp(l->items[i].id, arg, (size_t)(eq - arg)) == 0)
            return gp_usage_error("dm-upgrade: %s given twice for source %.*s", opt,
                                  (int)(eq - arg), arg);
    l->items[l->n].id = strndup(arg, (size_t)(eq - arg));
    l->items[l->n].value = eq + 1;
    l->items[l->n].used = 0;
    if (l->items[l->n].id == NULL)
        return gp_usage_error("dm-upgrade: out of memory");
    l->n++;
    return 0;
}

static kv *kv_find(kvlist *l, const char *id)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i].id, id) == 0)
            return &l->items[i];
    return NULL;
}

static void kv_free(kvlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->items[i].id);
}

/* What was found for one source, for the task and the report. */
typedef struct result {
    const char *cp_name;        /* the checkpoint's binlog_name, with DM's |suffix */
    uint64_t pos;               /* its binlog_pos */
    const gtidpos_dm_source *src;
    const char *src_path;
    char *binlog_name;          /* the upstream name: meta.binlog-name */
    int resolved; /* files were read */
    char *dir;                  /* the files read (NULL: none), whole */
    const char *dir_kind;       /* "relay" or "binlog" */
    char *file;                 /* the file that holds the checkpoint, whole */
    const char *flavor;         /* "mysql" or "mariadb" */
    char *computed;             /* the set at the checkpoint */
    char *final;                /* after --purged / --reset-start */
    const char *purged;         /* the --purged text, or NULL */
    int late_start;
    char **notes;               /* relay.meta disagreements, warnings */
    size_t n_notes;
} result;

static void add_note(result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(result *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    char **n = realloc(r->notes, (r->n_notes + 1) * sizeof *n);
    if (n == NULL)
        return;
    r->notes = n;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if ((r->notes[r->n_notes] = strdup(buf)) != NULL)
        r->n_notes++;
}

static void result_free(result *r)
{
    free(r->binlog_name);
    free(r->dir);
    free(r->file);
    free(r->computed);
    free(r->final);
    for (size_t i = 0; i < r->n_notes; i++)
        free(r->notes[i]);
    free(r->notes);
}

/* *out a copy of text (an earlier one freed). */
static gtidpos_status set_text(char **out, const char *text, gtidpos_error *e)
{
    free(*out);
    if ((*out = strdup(text)) == NULL)
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    return GTIDPOS_OK;
}

/* relay-dir in a configuration file is relative to the DM-worker's working
 * directory: DM-Ansible runs the worker in its deploy folder with
 * --config=conf/dm-worker.toml, a binary deployment often beside the file.
 * Both are tried (gp_worker_relative); GTIDPOS_ERR_IO naming both and the
 * option that overrides when neither is a directory. */
static gtidpos_status config_relative(char **out, const char *config, const char *dir,
                                      const char *id, gtidpos_error *e)
{
    char tries[2][4096];
    int n, hit;

    if (dir[0] == '/')
        return set_text(out, dir, e);
    if ((hit = gp_worker_relative(config, dir, tries, &n)) >= 0)
        return set_text(out, tries[hit], e);
    return gp_set_error(e, GTIDPOS_ERR_IO, config, -1,
                        "relay-dir '%s' is relative and %s%s%s%s %s a directory (tried beside "
                        "the file%s): give the directory with --relay-dir %s=DIR",
                        dir, n > 1 ? "neither " : "", tries[0], n > 1 ? " nor " : "",
                        n > 1 ? tries[1] : "", n > 1 ? "is" : "is not",
                        n > 1 ? ", then in the deploy folder above conf/" : "", id);
}

/* --purged and --reset-start on the computed set.  GTIDPOS_OK or an error. */
static gtidpos_status adjust_set(result *r, gtidpos_set *set, const char *purged, int reset,
                                 gtidpos_error *e)
{
    const char *id = gtidpos_dm_source_id(r->src);
    GP_ERROR_VAR(err);

    if (purged != NULL && gtidpos_set_add(set, purged, err) != GTIDPOS_OK)
        return gp_set_error(e, gtidpos_error_code(err), NULL, -1, "--purged %s=%s: %s", id,
                            purged, gtidpos_error_line(err));
    if (gtidpos_set_flavor(set) == GTIDPOS_FLAVOR_MARIADB) {
        if (reset)
            add_note(r, "--reset-start changes nothing for a MariaDB source: its GTID state "
                        "holds one GTID per domain, no intervals");
        return GTIDPOS_OK;
    }
    if (reset && gtidpos_dm_set_fill_from_start(set, e) != GTIDPOS_OK)
        return gtidpos_error_code(e);
    r->late_start = gtidpos_set_starts_late(set);
    return GTIDPOS_OK;
}

/* A relay.meta disagreement: a note of the source. */
static void relay_meta_note(void *ctx, const char *file, int64_t offset, int note,
                            const char *message)
{
    (void)file, (void)offset, (void)note;
    add_note(ctx, "relay.meta: %s", message);
}

/* The set at the source's checkpoint, from its files; notes for its
 * warnings.  GTIDPOS_OK or an error. */
static gtidpos_status checkpoint_set(result *r, int dm_relay, const gtidpos_options *opt,
                                     gtidpos_set **set, gtidpos_error *e)
{
    const char *id = gtidpos_dm_source_id(r->src), *open_gtid = "?";
    char checkpoint[300];
    gtidpos_where *where = NULL;
    uint64_t open_start;

    snprintf(checkpoint, sizeof checkpoint, "%s:%llu", r->cp_name, (unsigned long long)r->pos);
    if ((dm_relay ? gtidpos_dm_at_checkpoint(r->dir, checkpoint, opt, set, &where, e)
                  : gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, r->dir, checkpoint, opt, set,
                                          &where, e)) != GTIDPOS_OK)
        return gtidpos_error_code(e); /* the message names the file and offset already */
    if (set_text(&r->file, gtidpos_where_file(where), e) != GTIDPOS_OK) {
        gtidpos_where_free(where);
        return GTIDPOS_ERR_NOMEM;
    }
    gtidpos_where_free(where);
    if (gtidpos_set_open_transaction(*set, &open_gtid, &open_start))
        return gp_set_error(e, GTIDPOS_ERR_POSITION, r->file, (int64_t)r->pos,
                            "checkpoint of source %s (%s:%llu) is inside transaction %s, which "
                            "started at %llu: a global checkpoint is always at a transaction's "
                            "end; check the checkpoint table and the files",
                            id, r->cp_name, (unsigned long long)r->pos,
                            open_gtid[0] ? open_gtid : "?", (unsigned long long)open_start);
    for (size_t i = 0; i < gtidpos_set_warning_count(*set); i++)
        add_note(r, "%s", gtidpos_set_warning(*set, i));
    return GTIDPOS_OK;
}

/* Read the files of one source: the set at its checkpoint. */
static gtidpos_status resolve_source(result *r, kvlist *relay_dirs, kvlist *binlog_dirs,
                                     kvlist *purged, int reset, gtidpos_error *e)
{
    const char *id = gtidpos_dm_source_id(r->src), *flavor = gtidpos_dm_source_flavor(r->src);
    int enable_gtid = gtidpos_dm_source_enable_gtid(r->src) == 1;
    kv *rd = kv_find(relay_dirs, id), *bd = kv_find(binlog_dirs, id), *pg = kv_find(purged, id);
    int dm_relay = 1;
    gp_walk_opts opt = GP_WALK_OPTS_DEFAULT;
    gtidpos_set *set = NULL;
    gtidpos_status err;

    if (rd && bd)
        return gp_set_error(e, GTIDPOS_ERR_PARSE, NULL, -1,
                            "source %s: give --relay-dir or --binlog-dir, not both", id);
    if (bd) {
        dm_relay = 0;
        if (set_text(&r->dir, bd->value, e) != GTIDPOS_OK)
            return GTIDPOS_ERR_NOMEM;
        bd->used = 1;
    } else if (rd) {
        if (set_text(&r->dir, rd->value, e) != GTIDPOS_OK)
            return GTIDPOS_ERR_NOMEM;
        rd->used = 1;
    } else if (enable_gtid && gtidpos_dm_source_relay_dir(r->src)[0]) {
        if (config_relative(&r->dir, r->src_path, gtidpos_dm_source_relay_dir(r->src), id, e) !=
            GTIDPOS_OK)
            return gtidpos_error_code(e);
    } else if (enable_gtid) {
        return gp_set_error(e, GTIDPOS_ERR_IO, r->src_path, -1,
                            "source %s has enable-gtid: true but no relay-dir: give "
                            "--relay-dir %s=DIR or --binlog-dir %s=DIR",
                            id, id, id);
    } else {
        if (pg != NULL)
            return gp_set_error(e, GTIDPOS_ERR_PARSE, NULL, -1,
                                "--purged %s: the source has no enable-gtid, its meta gets no "
                                "binlog-gtid",
                                id);
        return GTIDPOS_OK; /* position only: nothing to read */
    }
    r->dir_kind = dm_relay ? "relay" : "binlog";
    if (strcmp(flavor, "mariadb") == 0)
        opt.flavor = GTIDPOS_FLAVOR_MARIADB;
    else if (strcmp(flavor, "mysql") == 0)
        opt.flavor = GTIDPOS_FLAVOR_MYSQL;
    {
        GP_OPTIONS_VAR(lopt, &opt);
        err = checkpoint_set(r, dm_relay, lopt, &set, e);
    }
    if (err != GTIDPOS_OK && opt.flavor != 0 &&
        strstr(gtidpos_error_message(e), "--flavor ") != NULL &&
        strncasecmp(strstr(gtidpos_error_message(e), "--flavor ") + 9, flavor, strlen(flavor)) ==
            0) {
        /* the flavor came from the source's own configuration, not an option */
        const char *message = gtidpos_error_message(e), *at = strstr(message, "--flavor ");
        char msg[1100];
        snprintf(msg, sizeof msg, "%.*sthe source's flavor key (%s in %s)%s",
                 (int)(at - message), message, flavor, r->src_path,
                 at + strlen("--flavor ") + strlen(flavor));
        /* the file is copied: e's own string would be overwritten */
        char *file = gtidpos_error_file(e) ? strdup(gtidpos_error_file(e)) : NULL;
        gtidpos_error_set(e, gtidpos_error_code(e), file, gtidpos_error_offset(e), msg);
        free(file);
    }
    if (err == GTIDPOS_OK) {
        r->resolved = 1;
        r->flavor = gtidpos_set_flavor(set) == GTIDPOS_FLAVOR_MARIADB ? "mariadb" : "mysql";
        if ((r->computed = gtidpos_set_format(set)) == NULL)
            err = gp_set_error(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    }
    if (err == GTIDPOS_OK && enable_gtid) {
        r->purged = pg ? pg->value : NULL;
        if (pg)
            pg->used = 1;
        err = adjust_set(r, set, r->purged, reset, e);
        if (err == GTIDPOS_OK && (r->final = gtidpos_set_format(set)) == NULL)
            err = gp_set_error(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    } else if (err == GTIDPOS_OK && pg != NULL) {
        err = gp_set_error(e, GTIDPOS_ERR_PARSE, NULL, -1,
                           "--purged %s: the source has no enable-gtid, its meta gets no "
                           "binlog-gtid",
                           id);
    }
    gtidpos_set_free(set);
    if (err == GTIDPOS_OK && dm_relay) {
        GP_ERROR_VAR(ce);
        GP_OPTIONS_VAR(lopt, &opt);
        if (gtidpos_dm_check_relay(r->dir, lopt, relay_meta_note, r, ce) != GTIDPOS_OK)
            add_note(r, "relay.meta not checked: %s", gtidpos_error_line(ce));
    }
    return err;
}

static void json_string_or_null(FILE *out, const char *s)
{
    if (s == NULL)
        fputs("null", out);
    else
        gp_put_json_string(out, s);
}

static void print_report(FILE *out, const result *r, int reset)
{
    int enable_gtid = gtidpos_dm_source_enable_gtid(r->src) == 1;

    fputs("{\"schema_version\":1,\"source_id\":", out);
    gp_put_json_string(out, gtidpos_dm_source_id(r->src));
    fputs(",\"source_config\":", out);
    gp_put_json_string(out, r->src_path);
    fputs(",\"source_config_kind\":", out);
    gp_put_json_string(out, gtidpos_dm_source_kind_name(gtidpos_dm_source_read_from(r->src)));
    fputs(",\"checkpoint_name\":", out);
    gp_put_json_string(out, r->cp_name);
    fprintf(out, ",\"binlog_pos\":%llu,\"binlog_name\":", (unsigned long long)r->pos);
    gp_put_json_string(out, r->binlog_name);
    fprintf(out, ",\"enable_gtid\":%s,\"dir\":", enable_gtid ? "true" : "false");
    json_string_or_null(out, r->dir);
    fputs(",\"dir_kind\":", out);
    json_string_or_null(out, r->dir_kind);
    fputs(",\"file\":", out);
    json_string_or_null(out, r->resolved ? r->file : NULL);
    fputs(",\"flavor\":", out);
    json_string_or_null(out, r->resolved ? r->flavor : NULL);
    fputs(",\"computed_gtid\":", out);
    json_string_or_null(out, r->computed);
    fputs(",\"purged\":", out);
    json_string_or_null(out, r->purged);
    fprintf(out, ",\"reset_start\":%s,\"binlog_gtid\":", reset && r->final ? "true" : "false");
    json_string_or_null(out, enable_gtid ? r->final : NULL);
    fprintf(out, ",\"interval_not_from_1\":%s,\"notes\":[", r->late_start ? "true" : "false");
    for (size_t i = 0; i < r->n_notes; i++) {
        if (i)
            fputc(',', out);
        gp_put_json_string(out, r->notes[i]);
    }
    fputs("]}\n", out);
}

typedef struct opts {
    const char *task, *cps, *name, *out;
    const char *sources[MAX_LIST];
    int n_sources;
    const char *cp_args[MAX_LIST];
    int n_cp_args;
    int json, reset, force;
    kvlist purged, relay_dirs, binlog_dirs;
    const char *meta_dumps[3]; /* by gtidpos_dm_meta_table */
} opts;

static int parse_args(opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"task", required_argument, NULL, 't'},
        {"checkpoints", required_argument, NULL, 'c'},
        {"checkpoint", required_argument, NULL, 'C'},
        {"source", required_argument, NULL, 's'},
        {"name", required_argument, NULL, 'n'},
        {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"purged", required_argument, NULL, 'p'},
        {"reset-start", no_argument, NULL, 'r'},
        {"relay-dir", required_argument, NULL, 'R'},
        {"binlog-dir", required_argument, NULL, 'B'},
        {"force", no_argument, NULL, 'f'},
        {"sharding-meta", required_argument, NULL, '0'},
        {"onlineddl", required_argument, NULL, '1'},
        {"loader-checkpoints", required_argument, NULL, '2'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;

    if (gp_args_wants_help(argc, argv, ":ho:", longopts)) /* --help anywhere */
        return fputs(dm_upgrade_usage, stdout), -1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 't': o->task = optarg; break;
        case 'c':
            if (o->cps != NULL)
                return gp_usage_error("dm-upgrade: --checkpoints given twice");
            o->cps = optarg;
            break;
        case 'C':
            if (o->n_cp_args == MAX_LIST)
                return gp_usage_error("dm-upgrade: more than %d --checkpoint options", MAX_LIST);
            o->cp_args[o->n_cp_args++] = optarg;
            break;
        case 's':
            if (o->n_sources == MAX_LIST)
                return gp_usage_error("dm-upgrade: more than %d --source options", MAX_LIST);
            o->sources[o->n_sources++] = optarg;
            break;
        case 'n': o->name = optarg; break;
        case 'o': o->out = optarg; break;
        case 'j': o->json = 1; break;
        case 'r': o->reset = 1; break;
        case 'f': o->force = 1; break;
        case 'p':
            if ((rc = kv_add(&o->purged, "--purged", optarg)) != 0)
                return rc;
            break;
        case 'R':
            if ((rc = kv_add(&o->relay_dirs, "--relay-dir", optarg)) != 0)
                return rc;
            break;
        case 'B':
            if ((rc = kv_add(&o->binlog_dirs, "--binlog-dir", optarg)) != 0)
                return rc;
            break;
        case '0':
        case '1':
        case '2':
            if (o->meta_dumps[c - '0'] != NULL)
                return gp_usage_error("dm-upgrade: %s given twice", argv[optind - 1]);
            o->meta_dumps[c - '0'] = optarg;
            break;
        case 'h':
            fputs(dm_upgrade_usage, stdout);
            return -1;
        case ':':
            return gp_usage_error("dm-upgrade: option '%s' needs a value", argv[optind - 1]);
        default:
            return gp_usage_error("dm-upgrade: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return gp_usage_error("dm-upgrade: unexpected argument '%s'", argv[optind]);
    if (o->task == NULL)
        return gp_usage_error("dm-upgrade needs --task task_v1.yaml");
    {
        /* standard input can be read once */
        const char *ins[5] = {o->task, o->cps, o->meta_dumps[0], o->meta_dumps[1],
                              o->meta_dumps[2]};
        int stdin_uses = 0;
        for (int i = 0; i < 5; i++)
            stdin_uses += ins[i] != NULL && strcmp(ins[i], "-") == 0;
        if (stdin_uses > 1)
            return gp_usage_error("dm-upgrade: '-' (standard input) given for more than one "
                                  "input");
    }
    if (o->cps == NULL && o->n_cp_args == 0)
        return gp_usage_error("dm-upgrade needs --checkpoints FILE or --checkpoint ID=NAME:POS");
    if (o->n_sources == 0)
        return gp_usage_error("dm-upgrade needs a --source for each source of the task");
    if (o->name != NULL && o->name[0] == '\0')
        return gp_usage_error("dm-upgrade: --name must not be empty");
    if (o->out != NULL && (strcmp(o->out, o->task) == 0 || gp_same_file(o->out, o->task)))
        return gp_usage_error("dm-upgrade: -o %s is the input task file; the v1 task is never "
                              "overwritten", o->out);
    for (int i = 0; o->out != NULL && i < o->n_sources; i++)
        if (gp_same_file(o->out, o->sources[i]))
            return gp_usage_error("dm-upgrade: -o %s is the --source file %s", o->out,
                                  o->sources[i]);
    if (o->out != NULL && o->cps != NULL && gp_same_file(o->out, o->cps))
        return gp_usage_error("dm-upgrade: -o %s is the --checkpoints file", o->out);
    return 0;
}

/* Does the task hold a password (target-database.password, as DM's task
 * template has it)?  Any line whose key is password counts. */
static int holds_password(const char *text)
{
    for (const char *p = text; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        while (*p == ' ' || *p == '-')
            p++;
        if (strncmp(p, "password:", 9) == 0 || strncmp(p, "\"password\":", 11) == 0)
            return 1;
    }
    return 0;
}

/* A change the v2 task needs, on stderr. */
static void task_note(void *ctx, unsigned line, const char *key, const char *why)
{
    fprintf(stderr, "gtidpos: %s: line %u: %s: %s\n", (const char *)ctx, line, key, why);
}

/* Print one refusal and return its exit status. */
static int refuse(const gtidpos_error *e)
{
    int status = gp_report(e);

    fputs("gtidpos: dm-upgrade: nothing written\n", stderr);
    return status;
}

static int run(opts *o)
{
    gtidpos_dm_checkpoints *cps = gtidpos_dm_checkpoints_new();
    gtidpos_dm_task *task = NULL;
    gtidpos_dm_source **srcs = calloc((size_t)o->n_sources, sizeof *srcs);
    result *res = NULL;
    GP_ERROR_VAR(e);
    char *buf = NULL, *text = NULL, *new_name = NULL;
    size_t len, n = 0, n_cps = 0;
    int status = GP_EXIT_OK;

    if (srcs == NULL || cps == NULL) {
        free(srcs);
        gtidpos_dm_checkpoints_free(cps);
        return fputs("gtidpos: out of memory\n", stderr), GP_EXIT_INTERNAL;
    }
#define FAIL_IF(cond) do { if (cond) { status = refuse(e); goto done; } } while (0)
    /* the task */
    FAIL_IF(gp_read_text(o->task, INPUT_MAX, &buf, &len, e) != GTIDPOS_OK);
    FAIL_IF(gtidpos_dm_task_load(&task, buf, len, o->task, e) != GTIDPOS_OK);
    free(buf);
    buf = NULL;
    /* the checkpoints */
    if (o->cps != NULL) {
        FAIL_IF(gp_read_text(o->cps, INPUT_MAX, &buf, &len, e) != GTIDPOS_OK);
        FAIL_IF(gtidpos_dm_checkpoints_parse(
                    cps, buf, len, strcmp(o->cps, "-") ? o->cps : "(stdin)", e) != GTIDPOS_OK);
        fprintf(stderr, "gtidpos: %s: %zu checkpoint(s), read as %s\n", o->cps,
                gtidpos_dm_checkpoints_count(cps),
                gtidpos_dm_table_form_name(gtidpos_dm_checkpoints_form(cps)));
        free(buf);
        buf = NULL;
    }
    for (int i = 0; i < o->n_cp_args; i++)
        FAIL_IF(gtidpos_dm_checkpoints_add(cps, o->cp_args[i], e) != GTIDPOS_OK);
    n_cps = gtidpos_dm_checkpoints_count(cps);
    /* the sources */
    for (int i = 0; i < o->n_sources; i++) {
        FAIL_IF(gtidpos_dm_source_load(&srcs[i], o->sources[i], e) != GTIDPOS_OK);
        fprintf(stderr, "gtidpos: %s: read as %s, source-id %s%s\n", o->sources[i],
                gtidpos_dm_source_kind_name(gtidpos_dm_source_read_from(srcs[i])),
                gtidpos_dm_source_id(srcs[i]),
                gtidpos_dm_source_enable_gtid(srcs[i]) == 1 ? ", enable-gtid" : "");
        for (int j = 0; j < i; j++)
            if (strcmp(gtidpos_dm_source_id(srcs[i]), gtidpos_dm_source_id(srcs[j])) == 0) {
                gp_set_error(e, GTIDPOS_ERR_PARSE, o->sources[i], -1,
                             "source-id %s is also the source-id of %s",
                             gtidpos_dm_source_id(srcs[i]), o->sources[j]);
                FAIL_IF(1);
            }
    }
    /* the guide's preconditions */
    {
        static const char *const opt_names[3] = {"--sharding-meta", "--onlineddl",
                                                 "--loader-checkpoints"};
        static const char *const what[3] = {"no shard DDL is being coordinated",
                                            "no online DDL is in flight",
                                            "the full import is finished"};
        for (int m = 0; m < 3; m++) {
            const char *f = o->meta_dumps[m];
            char table[300], *reason = NULL;
            /* "<task>_onlineddl" with the v1 task's name */
            snprintf(table, sizeof table, "%s%s", gtidpos_dm_task_name(task),
                     strchr(gtidpos_dm_meta_table_name((gtidpos_dm_meta_table)m), '>') + 1);
            if (f == NULL) {
                fprintf(stderr, "gtidpos: warning: not checked that %s: give %s with the "
                        "result of SELECT * FROM <meta-schema>.%s\n", what[m], opt_names[m],
                        table);
                continue;
            }
            FAIL_IF(gp_read_text(f, INPUT_MAX, &buf, &len, e) != GTIDPOS_OK);
            FAIL_IF(gtidpos_dm_check_meta_table((gtidpos_dm_meta_table)m, buf, len,
                                                strcmp(f, "-") ? f : "(stdin)", &reason,
                                                e) != GTIDPOS_OK);
            free(buf);
            buf = NULL;
            if (reason != NULL) {
                fprintf(stderr, "gtidpos: %s: %s: %s\n", strcmp(f, "-") ? f : "(stdin)", table,
                        reason);
                free(reason);
                fputs("gtidpos: dm-upgrade: the upgrade guide's precondition does not hold; "
                      "nothing written\n", stderr);
                status = GP_EXIT_FINDING;
                goto done;
            }
            fprintf(stderr, "gtidpos: %s: %s checked: %s\n", f, table, what[m]);
        }
    }
    /* the refusals that need no file */
    if (gtidpos_dm_task_mode(task) && strcmp(gtidpos_dm_task_mode(task), "full") == 0) {
        if (!o->force) {
            gp_set_error(e, GTIDPOS_ERR_PARSE, o->task, -1,
                         "task-mode is full: a full-mode v1 task only dumps and loads, it "
                         "never replicates, so its syncer checkpoint (if any) is not where "
                         "its data stops; an incremental v2 task from it could skip or repeat "
                         "changes (--force to upgrade it anyway)");
            FAIL_IF(1);
        }
        fprintf(stderr, "gtidpos: warning: %s: task-mode full becomes incremental (--force): "
                "check that the checkpoints are where the loaded data stops\n", o->task);
    }
    if (!o->force && gtidpos_dm_task_mode(task) &&
        strcmp(gtidpos_dm_task_mode(task), "incremental") == 0)
        for (size_t i = 0; i < gtidpos_dm_task_instance_count(task); i++)
            if (gtidpos_dm_task_instance_has_meta(task, i)) {
                gp_set_error(e, GTIDPOS_ERR_PARSE, o->task, -1,
                             "the task is already incremental with a meta for %s: it looks "
                             "upgraded already (--force to replace its meta)",
                             gtidpos_dm_task_instance_source(task, i));
                FAIL_IF(1);
            }
    res = calloc(n_cps + 1, sizeof *res);
    if (res == NULL) {
        gp_set_error(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        FAIL_IF(1);
    }
    for (size_t i = 0; i < n_cps; i++) {
        const char *id = gtidpos_dm_checkpoints_id(cps, i);
        const char *origin = gtidpos_dm_checkpoints_origin(cps, i);
        const char *where = o->cps && strcmp(origin, "--checkpoint") ? o->cps : NULL;
        size_t k;
        int s;
        for (s = 0; s < o->n_sources && strcmp(gtidpos_dm_source_id(srcs[s]), id) != 0; s++)
            ;
        if (s == o->n_sources) {
            gp_set_error(e, GTIDPOS_ERR_PARSE, where, -1,
                         "%s: checkpoint id %s: no --source has source-id %s (the id of a "
                         "checkpoint is the source-id of its source)",
                         origin, id, id);
            FAIL_IF(1);
        }
        for (k = 0; k < gtidpos_dm_task_instance_count(task); k++)
            if (strcmp(gtidpos_dm_task_instance_source(task, k), id) == 0)
                break;
        if (k == gtidpos_dm_task_instance_count(task)) {
            gp_set_error(e, GTIDPOS_ERR_PARSE, where, -1,
                         "%s: checkpoint id %s: the task has no mysql-instances entry with "
                         "source-id %s",
                         origin, id, id);
            FAIL_IF(1);
        }
        res[n].cp_name = gtidpos_dm_checkpoints_name(cps, i);
        res[n].pos = gtidpos_dm_checkpoints_pos(cps, i);
        res[n].src = srcs[s];
        res[n].src_path = o->sources[s];
        FAIL_IF(gtidpos_dm_checkpoint_binlog_name(res[n].cp_name, &res[n].binlog_name, e) !=
                GTIDPOS_OK);
        n++;
    }
    for (size_t k = 0; k < gtidpos_dm_task_instance_count(task); k++)
        if (!gtidpos_dm_checkpoints_find(cps, gtidpos_dm_task_instance_source(task, k), NULL)) {
            gp_set_error(e, GTIDPOS_ERR_PARSE, o->task, -1,
                         "mysql-instances entry %s has no checkpoint: without meta an "
                         "incremental task starts at the source's current position",
                         gtidpos_dm_task_instance_source(task, k));
            FAIL_IF(1);
        }
    for (int s = 0; s < o->n_sources; s++)
        if (!gtidpos_dm_checkpoints_find(cps, gtidpos_dm_source_id(srcs[s]), NULL))
            fprintf(stderr, "gtidpos: warning: %s: source %s has no checkpoint; not used\n",
                    o->sources[s], gtidpos_dm_source_id(srcs[s]));
    /* the files */
    for (size_t i = 0; i < n; i++)
        FAIL_IF(resolve_source(&res[i], &o->relay_dirs, &o->binlog_dirs, &o->purged, o->reset,
                               e) != GTIDPOS_OK);
    {
        kvlist *lists[3] = {&o->purged, &o->relay_dirs, &o->binlog_dirs};
        const char *names[3] = {"--purged", "--relay-dir", "--binlog-dir"};
        for (int l = 0; l < 3; l++)
            for (int i = 0; i < lists[l]->n; i++)
                if (!lists[l]->items[i].used) {
                    gp_set_error(e, GTIDPOS_ERR_PARSE, NULL, -1,
                                 "%s %s: no checkpointed source has that source-id", names[l],
                                 lists[l]->items[i].id);
                    FAIL_IF(1);
                }
    }
    /* the task */
    if (o->name == NULL) {
        size_t nl = strlen(gtidpos_dm_task_name(task)) + 4;
        if ((new_name = malloc(nl)) == NULL) {
            gp_set_error(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
            FAIL_IF(1);
        }
        snprintf(new_name, nl, "%s_v2", gtidpos_dm_task_name(task));
    }
    for (size_t i = 0; i < n; i++)
        FAIL_IF(gtidpos_dm_task_set_meta(task, gtidpos_dm_source_id(res[i].src),
                                         res[i].binlog_name, res[i].pos,
                                         gtidpos_dm_source_enable_gtid(res[i].src) == 1
                                             ? res[i].final
                                             : NULL,
                                         e) != GTIDPOS_OK);
    FAIL_IF(gtidpos_dm_task_write_v2(task, o->name ? o->name : new_name, task_note,
                                     (void *)o->task, &text, &len, e) != GTIDPOS_OK);
    /* everything checked: report, then write */
    for (size_t i = 0; i < n; i++) {
        const result *r = &res[i];
        const char *id = gtidpos_dm_source_id(r->src);
        int enable_gtid = gtidpos_dm_source_enable_gtid(r->src) == 1;
        for (size_t j = 0; j < r->n_notes; j++)
            fprintf(stderr, "gtidpos: warning: source %s: %s\n", id, r->notes[j]);
        if (r->final && (r->purged || o->reset))
            fprintf(stderr, "gtidpos: source %s: set at the checkpoint: %s; after%s%s: %s\n", id,
                    r->computed, r->purged ? " --purged" : "", o->reset ? " --reset-start" : "",
                    r->final);
        if (r->late_start)
            fprintf(stderr, "gtidpos: warning: source %s: binlog-gtid has an interval that does "
                    "not start at 1; if the source purged those GTIDs, DM's GTID dump fails "
                    "(ERROR 1236): add them with --purged %s=SET, or use --reset-start\n", id, id);
        if (r->resolved)
            fprintf(stderr, "gtidpos: source %s: %s:%llu -> %s%s\n", id, r->file,
                    (unsigned long long)r->pos, enable_gtid ? "binlog-gtid " : "",
                    enable_gtid ? r->final : "a transaction boundary");
    }
    if (o->out != NULL && gp_write_atomic(o->out, text, len, holds_password(text), e) != GTIDPOS_OK)
        FAIL_IF(1);
    if (o->json) {
        for (size_t i = 0; i < n; i++)
            print_report(stdout, &res[i], o->reset);
    } else if (o->out == NULL) {
        fwrite(text, 1, len, stdout);
    }
#undef FAIL_IF
done:
    for (size_t i = 0; res && i < n; i++)
        result_free(&res[i]);
    free(res);
    free(text);
    free(new_name);
    free(buf);
    for (int i = 0; i < o->n_sources; i++)
        gtidpos_dm_source_free(srcs[i]);
    free(srcs);
    gtidpos_dm_task_free(task);
    gtidpos_dm_checkpoints_free(cps);
    return status;
}

int gp_cmd_dm_upgrade(int argc, char **argv)
{
    opts o;
    int status;

    memset(&o, 0, sizeof o);
    status = parse_args(&o, argc, argv);
    if (status == 0)
        status = run(&o);
    else if (status < 0)
        status = GP_EXIT_OK; /* --help */
    status = gp_flush_stdout("answer", status);
    kv_free(&o.purged);
    kv_free(&o.relay_dirs);
    kv_free(&o.binlog_dirs);
    return status;
}
