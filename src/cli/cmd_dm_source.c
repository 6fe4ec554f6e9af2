/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_dm_source.c - gtidpos dm-source: DM v1.0's source settings
 * (dm-worker.toml, or a DM-Ansible inventory.ini) as the v2 source YAML of
 * the upgrade guide's step 1.
 */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ansible_ini.h"
#include "args.h"
#include "commands.h"
#include "exit_status.h"
#include "gtidpos_dm.h"
#include "textfile.h"

#define INPUT_MAX (4u << 20)

static const char dm_source_usage[] =
    "usage: gtidpos dm-source --from-worker dm-worker.toml [-o source.yaml]\n"
    "       gtidpos dm-source --from-ansible inventory.ini [-d OUTDIR]\n"
    "\n"
    "Write the DM v2 source configuration of a DM v1.0 DM-worker.  Only keys\n"
    "a v2 source has are written (DM v2 refuses any other); every v1 key not\n"
    "carried is named on stderr with the reason.\n"
    "\n"
    "  --from-worker F    a v1.0 dm-worker.toml: every key of a v2 source is\n"
    "                     carried ([from] with session, [purge], [checker],\n"
    "                     [tracer]); a relative relay-dir or meta-dir is\n"
    "                     resolved as the deployed worker saw it (the file's\n"
    "                     folder, then the deploy folder above conf/)\n"
    "  --from-ansible F   a DM-Ansible inventory.ini: one source per host of\n"
    "                     [dm_worker_servers] (source_id, server_id,\n"
    "                     mysql_host, mysql_port, mysql_user, mysql_password,\n"
    "                     flavor, enable_gtid), with group_vars/all.yml and\n"
    "                     group_vars/dm_worker_servers.yml beside it applied\n"
    "  -o FILE            write the YAML to FILE (default: standard output)\n"
    "  -d OUTDIR          --from-ansible: write OUTDIR/source1.yaml,\n"
    "                     source2.yaml, ... in inventory order, all or none\n"
    "                     (default: all on standard output, one YAML\n"
    "                     document each)\n"
    "Files holding a password are created with mode 0600.\n";

/* A source file holds a password when the YAML has from.password. */
static int has_password(const char *yaml)
{
    return strstr(yaml, "\n  password: ") != NULL;
}

/* ---- --from-worker ---- */

typedef struct worker_ctx {
    const char *file;
} worker_ctx;

static void worker_note(void *ctx, unsigned line, const char *key, const char *why)
{
    const worker_ctx *w = ctx;
    fprintf(stderr, "gtidpos: %s: line %u: %s: %s\n", w->file, line, key, why);
}

static char *worker_path(void *ctx, unsigned line, const char *key, const char *value)
{
    const worker_ctx *w = ctx;
    char tries[2][PATH_MAX], real[PATH_MAX];
    int n, hit = gp_worker_relative(w->file, value, tries, &n);

    if (hit < 0) {
        fprintf(stderr,
                "gtidpos: %s: line %u: %s: '%s' is relative and %s%s%s%s %s a directory: left "
                "out (a v2 worker would resolve it against its own folder); add the absolute "
                "path to the v2 source by hand\n",
                w->file, line, key, value, n > 1 ? "neither " : "", tries[0],
                n > 1 ? " nor " : "", n > 1 ? tries[1] : "", n > 1 ? "is" : "is not");
        return NULL;
    }
    if (realpath(tries[hit], real) == NULL)
        snprintf(real, sizeof real, "%s", tries[hit]);
    fprintf(stderr, "gtidpos: %s: line %u: %s: '%s' written as %s (%s)\n", w->file, line, key,
            value, real,
            hit == 0 ? "the worker file's folder" : "the deploy folder above conf/, where "
                                                   "DM-Ansible runs the worker");
    return strdup(real);
}

static int from_worker(const char *path, const char *out)
{
    worker_ctx w = {path};
    char *buf, *yaml = NULL;
    size_t len, ylen;
    GP_ERROR_VAR(err);
    gtidpos_status rc;

    if (out != NULL && gp_same_file(out, path))
        return gp_usage_error("dm-source: %s is the input file; refusing to write over it", out);
    if ((rc = gp_read_text(path, INPUT_MAX, &buf, &len, err)) == GTIDPOS_OK) {
        rc = gtidpos_dm_worker_to_source_yaml(buf, len, path, worker_note, worker_path, &w, &yaml,
                                              &ylen, err);
        free(buf);
    }
    if (rc != GTIDPOS_OK) {
        int status = gp_report(err);
        fputs("gtidpos: dm-source: nothing written\n", stderr);
        return status;
    }
    fprintf(stderr, "gtidpos: %s: read as %s\n", path,
            gtidpos_dm_source_kind_name(GTIDPOS_DM_SOURCE_WORKER_TOML));
    if (out == NULL)
        fwrite(yaml, 1, ylen, stdout);
    else if (gp_write_atomic(out, yaml, ylen, has_password(yaml), err) != GTIDPOS_OK)
        rc = gtidpos_error_code(err);
    free(yaml);
    return rc == GTIDPOS_OK ? GP_EXIT_OK : gp_report(err);
}

/* Set key (the v2 name) of s to the value of the inventory's variable
 * var; 0, or -1 after a message. */
static int put(gtidpos_dm_source *s, const char *key, const char *v, const char *file, int line,
               const char *var)
{
    GP_ERROR_VAR(err);

    if (gtidpos_dm_source_set(s, key, v, err) == GTIDPOS_OK)
        return 0;
    fprintf(stderr, "gtidpos: %s: line %d: %s: %s\n", file, line, var,
            gtidpos_error_message(err));
    return -1;
}

/* A whole number from 0 to max, as the source key takes it. */
static int check_uint(const char *v, uint64_t max, const char *file, int line, const char *key)
{
    uint64_t n = 0;
    if (*v == '\0')
        goto bad;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > (max - (uint64_t)(*p - '0')) / 10)
            goto bad;
        n = n * 10 + (uint64_t)(*p - '0');
    }
    return 0;
bad:
    fprintf(stderr, "gtidpos: %s: line %d: %s='%s' is not a number from 0 to %llu\n", file, line,
            key, v, (unsigned long long)max);
    return -1;
}

/* Ansible's boolean spellings (its INI values are strings until a task
 * converts them) as "true" or "false"; NULL after a message. */
static const char *ansible_bool(const char *v, const char *file, int line, const char *key)
{
    static const char *const yes[] = {"True", "true", "TRUE", "yes", "Yes", "1", "on"};
    static const char *const no[] = {"False", "false", "FALSE", "no", "No", "0", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(v, yes[i]) == 0)
            return "true";
        if (strcmp(v, no[i]) == 0)
            return "false";
    }
    fprintf(stderr, "gtidpos: %s: line %d: %s='%s' is not True or False\n", file, line, key, v);
    return NULL;
}

/* The inventory and the group_vars files beside it. */
typedef struct ansible {
    gp_ini ini;
    gp_ini gv_all, gv_group; /* group_vars/all.yml, dm_worker_servers.yml */
} ansible;

/*
 * A host's variable in Ansible's documented order of variable precedence
 * ("Understanding variable precedence"), highest first: the host line
 * (inventory host vars); group_vars/<group>.yml; group_vars/all.yml; the
 * inventory file's group variables, [<group>:vars] over [all:vars].
 */
static const char *avar(const ansible *a, const gp_ini_section *sec, const gp_ini_entry *h,
                        const char *key)
{
    const char *v;
    for (size_t k = 0; k < h->n_vars; k++)
        if (strcmp(h->vars[k].key, key) == 0)
            return h->vars[k].value;
    if ((v = gp_ini_group_var(&a->gv_group, sec->group, key)) != NULL ||
        (v = gp_ini_group_var(&a->gv_all, "all", key)) != NULL ||
        (v = gp_ini_group_var(&a->ini, sec->group, key)) != NULL)
        return v;
    return gp_ini_group_var(&a->ini, "all", key);
}

/* One [dm_worker_servers] host as the upgrade guide maps it: source_id,
 * server_id, mysql_host/port/user/password; flavor and enable_gtid carried
 * over when set.  DM-Ansible's defaults: mysql_port 3306, mysql_user root. */
static int host_to_source(gtidpos_dm_source *s, const ansible *a, const gp_ini_section *sec,
                          const gp_ini_entry *h, const char *file)
{
    const char *v;
    int ok = 0;

    static const char *const used[] = {"source_id", "server_id", "mysql_host", "mysql_port",
                                       "mysql_user", "mysql_password", "flavor",
                                       "enable_gtid"};

    /* a Jinja2 template ("{{ other_var }}") is Ansible's to expand */
    for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
        if ((v = avar(a, sec, h, used[i])) != NULL && strstr(v, "{{") != NULL) {
            fprintf(stderr, "gtidpos: %s: line %d: host %s: %s is a Jinja2 template ('%s'): "
                    "write its value out (gtidpos does not expand templates)\n",
                    file, h->line, h->name, used[i], v);
            return -1;
        }
    if ((v = avar(a, sec, h, "source_id")) == NULL || *v == '\0') {
        fprintf(stderr,
                "gtidpos: %s: line %d: host %s has no source_id (DM v2 needs one; add "
                "source_id=\"...\" to the host line)\n",
                file, h->line, h->name);
        return -1;
    }
    ok |= put(s, "source-id", v, file, h->line, "source_id");
    if ((v = avar(a, sec, h, "server_id")) != NULL)
        ok |= check_uint(v, UINT32_MAX, file, h->line, "server_id") != 0
                  ? -1
                  : put(s, "server-id", v, file, h->line, "server_id");
    if ((v = avar(a, sec, h, "mysql_host")) == NULL) {
        fprintf(stderr, "gtidpos: %s: line %d: host %s has no mysql_host\n", file, h->line,
                h->name);
        return -1;
    }
    ok |= put(s, "from.host", v, file, h->line, "mysql_host");
    v = avar(a, sec, h, "mysql_port");
    ok |= check_uint(v ? v : "3306", 65535, file, h->line, "mysql_port") != 0
              ? -1
              : put(s, "from.port", v ? v : "3306", file, h->line, "mysql_port");
    v = avar(a, sec, h, "mysql_user");
    ok |= put(s, "from.user", v ? v : "root", file, h->line, "mysql_user");
    if ((v = avar(a, sec, h, "mysql_password")) != NULL)
        ok |= put(s, "from.password", v, file, h->line, "mysql_password");
    if ((v = avar(a, sec, h, "flavor")) != NULL) {
        if (strcmp(v, "mysql") != 0 && strcmp(v, "mariadb") != 0) {
            fprintf(stderr, "gtidpos: %s: line %d: flavor='%s' is not mysql or mariadb\n", file,
                    h->line, v);
            return -1;
        }
        ok |= put(s, "flavor", v, file, h->line, "flavor");
    }
    if ((v = avar(a, sec, h, "enable_gtid")) != NULL) {
        const char *b = ansible_bool(v, file, h->line, "enable_gtid");
        ok |= b == NULL ? -1 : put(s, "enable-gtid", b, file, h->line, "enable_gtid");
    }
    return ok;
}

/* group_vars/NAME.yml beside the inventory, when it exists, as a
 * [group:vars] section.  0, or an exit status. */
static int load_group_vars(gp_ini *out, const char *inventory, const char *name,
                           const char *group)
{
    char dir[4096], file[4200];
    char *buf;
    size_t len;
    GP_ERROR_VAR(err);
    struct stat st;
    gtidpos_status rc;

    memset(out, 0, sizeof *out);
    snprintf(dir, sizeof dir, "%s", inventory);
    snprintf(file, sizeof file, "%s/group_vars/%s", dirname(dir), name);
    if (stat(file, &st) != 0)
        return 0;
    if ((rc = gp_read_text(file, INPUT_MAX, &buf, &len, err)) == GTIDPOS_OK) {
        rc = gp_group_vars_parse(out, group, buf, len, file, err);
        free(buf);
    }
    if (rc != GTIDPOS_OK)
        return gp_report(err);
    fprintf(stderr, "gtidpos: %s: %zu variable(s) applied\n", file,
            out->n_sections ? out->sections[0].n_entries : 0);
    return 0;
}

/* Every source is converted and every file staged before the first one
 * takes its name: -d writes all of them or none. */
static int write_all(gtidpos_dm_source **srcs, char **names, size_t count, const char *path,
                     const char *outdir)
{
    char **texts = calloc(count, sizeof *texts), **staged = calloc(count, sizeof *staged);
    size_t *lens = calloc(count, sizeof *lens);
    GP_ERROR_VAR(err);
    int status = GP_EXIT_OK;
    size_t i, committed = 0;

    if (texts == NULL || staged == NULL || lens == NULL) {
        status = GP_EXIT_INTERNAL;
        fputs("gtidpos: out of memory\n", stderr);
        goto done;
    }
    for (i = 0; i < count && status == GP_EXIT_OK; i++) {
        if (gtidpos_dm_source_to_yaml(srcs[i], &texts[i], &lens[i], err) != GTIDPOS_OK)
            status = gp_report(err);
        else if (names[i] != NULL && gp_same_file(names[i], path))
            status = gp_usage_error("dm-source: %s is the input file; refusing to write over it",
                                    names[i]);
    }
    /* what would make a rename fail is refused before anything is written */
    for (i = 0; outdir != NULL && i < count && status == GP_EXIT_OK; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && !S_ISREG(st.st_mode)) {
            fprintf(stderr, "gtidpos: %s: exists and is not a regular file\n", names[i]);
            status = GP_EXIT_IO;
        }
    }
    for (i = 0; outdir != NULL && i < count && status == GP_EXIT_OK; i++)
        if (gp_stage_file(names[i], texts[i], lens[i], has_password(texts[i]), &staged[i],
                          err) != GTIDPOS_OK)
            status = gp_report(err);
    /* renames in one folder of files already written: they fail only if
     * the folder changes under us */
    for (i = 0; outdir != NULL && i < count && status == GP_EXIT_OK; i++) {
        if (gp_commit_file(staged[i], names[i], err) != GTIDPOS_OK)
            status = gp_report(err);
        staged[i] = NULL;
        committed += status == GP_EXIT_OK;
    }
    if (status != GP_EXIT_OK) {
        if (committed > 0)
            fprintf(stderr, "gtidpos: dm-source: only the first %zu file(s) were renamed into "
                    "place\n", committed);
        else
            fputs("gtidpos: dm-source: nothing written\n", stderr);
        goto done;
    }
    for (i = 0; i < count; i++) {
        if (outdir == NULL) {
            fputs("---\n", stdout);
            fwrite(texts[i], 1, lens[i], stdout);
        } else {
            fprintf(stderr, "gtidpos: source-id %s -> %s\n", gtidpos_dm_source_id(srcs[i]),
                    names[i]);
        }
    }
done:
    for (i = 0; i < count; i++) {
        if (staged)
            gp_discard_file(staged[i]);
        if (texts)
            free(texts[i]);
    }
    free(texts);
    free(staged);
    free(lens);
    return status;
}

static int from_ansible(const char *path, const char *outdir)
{
    ansible a;
    char *buf;
    size_t len, count = 0, slots = 0;
    GP_ERROR_VAR(err);
    gtidpos_status rc;
    int status = GP_EXIT_OK;
    gtidpos_dm_source **srcs = NULL;
    char **names = NULL;

    memset(&a, 0, sizeof a);
    if ((rc = gp_read_text(path, INPUT_MAX, &buf, &len, err)) == GTIDPOS_OK) {
        rc = gp_ini_parse(&a.ini, buf, len, path, err);
        free(buf);
    }
    if (rc != GTIDPOS_OK)
        return gp_report(err);
    if ((status = load_group_vars(&a.gv_all, path, "all.yml", "all")) != 0 ||
        (status = load_group_vars(&a.gv_group, path, "dm_worker_servers.yml",
                                  "dm_worker_servers")) != 0)
        goto done;
    for (size_t i = 0; i < a.ini.n_sections; i++)
        if (a.ini.sections[i].kind == GP_INI_HOSTS &&
            strcmp(a.ini.sections[i].group, "dm_worker_servers") == 0)
            count += a.ini.sections[i].n_entries;
    if (count == 0) {
        fprintf(stderr, "gtidpos: %s: no host in a [dm_worker_servers] section "
                "(DM-Ansible deploys a DM-worker for each host listed there)\n", path);
        for (size_t i = 0; i < a.ini.n_sections; i++)
            for (size_t j = 0; j < a.ini.sections[i].n_entries; j++)
                if (a.ini.sections[i].kind == GP_INI_HOSTS &&
                    gp_ini_host_var(&a.ini, &a.ini.sections[i],
                                         &a.ini.sections[i].entries[j], "source_id") != NULL) {
                    fprintf(stderr,
                            "gtidpos: %s: line %d: host %s with a source_id is in "
                            "[%s]; move it to [dm_worker_servers]\n",
                            path, a.ini.sections[i].entries[j].line,
                            a.ini.sections[i].entries[j].name, a.ini.sections[i].group);
                    i = a.ini.n_sections - 1;
                    break;
                }
        status = GP_EXIT_USAGE;
        goto done;
    }
    srcs = calloc(count, sizeof *srcs);
    names = calloc(count, sizeof *names);
    slots = count; /* what the cleanup frees, filled or not */
    if (srcs == NULL || names == NULL) {
        status = GP_EXIT_INTERNAL;
        fputs("gtidpos: out of memory\n", stderr);
        goto done;
    }
    /* Everything is checked before the first file is written. */
    count = 0;
    for (size_t i = 0; i < a.ini.n_sections; i++) {
        const gp_ini_section *sec = &a.ini.sections[i];
        if (sec->kind != GP_INI_HOSTS || strcmp(sec->group, "dm_worker_servers") != 0)
            continue;
        for (size_t j = 0; j < sec->n_entries; j++, count++) {
            if ((srcs[count] = gtidpos_dm_source_new()) == NULL) {
                status = GP_EXIT_INTERNAL;
                fputs("gtidpos: out of memory\n", stderr);
                goto done;
            }
            if (host_to_source(srcs[count], &a, sec, &sec->entries[j], path) != 0) {
                status = GP_EXIT_USAGE;
                goto done;
            }
            for (size_t k = 0; k < count; k++)
                if (strcmp(gtidpos_dm_source_id(srcs[k]), gtidpos_dm_source_id(srcs[count])) ==
                    0) {
                    fprintf(stderr, "gtidpos: %s: line %d: source_id %s is used by two hosts\n",
                            path, sec->entries[j].line, gtidpos_dm_source_id(srcs[count]));
                    status = GP_EXIT_USAGE;
                    goto done;
                }
            if (outdir != NULL) {
                size_t n = strlen(outdir) + 32;
                if ((names[count] = malloc(n)) == NULL) {
                    status = GP_EXIT_INTERNAL;
                    fputs("gtidpos: out of memory\n", stderr);
                    goto done;
                }
                snprintf(names[count], n, "%s/source%zu.yaml", outdir, count + 1);
            }
            fprintf(stderr, "gtidpos: %s: line %d: host %s: source-id %s\n", path,
                    sec->entries[j].line, sec->entries[j].name,
                    gtidpos_dm_source_id(srcs[count]));
        }
    }
    status = write_all(srcs, names, count, path, outdir);
done:
    for (size_t i = 0; names && srcs && i < slots; i++) {
        free(names[i]);
        gtidpos_dm_source_free(srcs[i]);
    }
    free(names);
    free(srcs);
    gp_ini_free(&a.ini);
    gp_ini_free(&a.gv_all);
    gp_ini_free(&a.gv_group);
    return status;
}

int gp_cmd_dm_source(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from-worker", required_argument, NULL, 'w'},
        {"from-ansible", required_argument, NULL, 'a'},
        {"output", required_argument, NULL, 'o'},
        {"output-dir", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *worker = NULL, *inventory = NULL, *out = NULL, *outdir = NULL;
    int c, status;

    if (gp_args_wants_help(argc, argv, ":ho:d:", longopts)) /* --help anywhere */
        return gp_print_help(dm_source_usage);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ho:d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': worker = optarg; break;
        case 'a': inventory = optarg; break;
        case 'o': out = optarg; break;
        case 'd': outdir = optarg; break;
        case 'h':
            fputs(dm_source_usage, stdout);
            return GP_EXIT_OK;
        case ':':
            return gp_usage_error("dm-source: option '%s' needs a value", argv[optind - 1]);
        default:
            return gp_usage_error("dm-source: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return gp_usage_error("dm-source: unexpected argument '%s'", argv[optind]);
    if ((worker == NULL) == (inventory == NULL))
        return gp_usage_error("dm-source needs one of --from-worker FILE or --from-ansible FILE");
    if (worker != NULL && outdir != NULL)
        return gp_usage_error("dm-source: -d goes with --from-ansible; use -o with --from-worker");
    if (inventory != NULL && out != NULL)
        return gp_usage_error("dm-source: -o goes with --from-worker; use -d with --from-ansible");
    status = worker ? from_worker(worker, out) : from_ansible(inventory, outdir);
    status = gp_flush_stdout("answer", status);
    return status;
}
