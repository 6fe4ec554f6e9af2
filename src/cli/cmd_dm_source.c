/*
 * cmd_dm_source.c - gtidpos dm-source: DM v1.0's source settings
 * (dm-worker.toml, or a DM-Ansible inventory.ini) as the v2 source YAML of
 * the upgrade guide's step 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "Write the DM v2 source configuration of a DM v1.0 DM-worker, as the\n"
    "upgrade guide maps it: server-id, source-id, flavor, enable-gtid,\n"
    "relay-dir (when set), from: host, port, user, password.\n"
    "\n"
    "  --from-worker F    a v1.0 dm-worker.toml\n"
    "  --from-ansible F   a DM-Ansible inventory.ini: one source per host of\n"
    "                     [dm_worker_servers] (source_id, server_id,\n"
    "                     mysql_host, mysql_port, mysql_user, mysql_password,\n"
    "                     flavor, enable_gtid)\n"
    "  -o FILE            write the YAML to FILE (default: standard output)\n"
    "  -d OUTDIR          --from-ansible: write OUTDIR/source1.yaml,\n"
    "                     source2.yaml, ... in inventory order (default: all\n"
    "                     on standard output, one YAML document each)\n";

static int emit_one(const gtidpos_dm_source *s, const char *out_path, const char *input, int multi)
{
    char *text;
    size_t len;
    gtidpos_error err;

    if (gtidpos_dm_source_to_yaml(s, &text, &len, &err) != GTIDPOS_OK)
        return gp_report(&err);
    if (out_path == NULL) {
        if (multi)
            fputs("---\n", stdout);
        fwrite(text, 1, len, stdout);
    } else if (gp_same_file(out_path, input)) {
        free(text);
        return gp_usage_error("dm-source: %s is the input file; refusing to write over it",
                              out_path);
    } else if (gp_write_atomic(out_path, text, len, &err) != GTIDPOS_OK) {
        free(text);
        return gp_report(&err);
    }
    free(text);
    return GP_EXIT_OK;
}

static int from_worker(const char *path, const char *out)
{
    gtidpos_dm_source s;
    char *buf;
    size_t len;
    gtidpos_error err;
    gtidpos_status rc;

    if ((rc = gp_read_text(path, INPUT_MAX, &buf, &len, &err)) == GTIDPOS_OK) {
        rc = gtidpos_dm_source_parse(&s, buf, len, path, 1, &err);
        free(buf);
    }
    if (rc != GTIDPOS_OK)
        return gp_report(&err);
    fprintf(stderr, "gtidpos: %s: read as %s, source-id %s\n", path,
            gtidpos_dm_source_kind_name(s.kind), s.source_id);
    return emit_one(&s, out, path, 0);
}

static int set_text(char *dst, size_t cap, const char *v, const char *file, int line,
                    const char *key)
{
    if (strlen(v) >= cap) {
        fprintf(stderr, "gtidpos: %s: line %d: %s is longer than %zu bytes\n", file, line, key,
                cap - 1);
        return -1;
    }
    strcpy(dst, v);
    return 0;
}

static int set_uint(uint64_t *dst, int *has, const char *v, uint64_t max, const char *file,
                    int line, const char *key)
{
    uint64_t n = 0;
    if (*v == '\0')
        goto bad;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > (max - (uint64_t)(*p - '0')) / 10)
            goto bad;
        n = n * 10 + (uint64_t)(*p - '0');
    }
    *dst = n;
    *has = 1;
    return 0;
bad:
    fprintf(stderr, "gtidpos: %s: line %d: %s='%s' is not a number from 0 to %llu\n", file, line,
            key, v, (unsigned long long)max);
    return -1;
}

/* Ansible's boolean spellings (its INI values are strings until a task
 * converts them). */
static int set_bool(int *dst, int *has, const char *v, const char *file, int line,
                    const char *key)
{
    static const char *const yes[] = {"True", "true", "TRUE", "yes", "Yes", "1", "on"};
    static const char *const no[] = {"False", "false", "FALSE", "no", "No", "0", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(v, yes[i]) == 0)
            return *dst = 1, *has = 1, 0;
        if (strcmp(v, no[i]) == 0)
            return *dst = 0, *has = 1, 0;
    }
    fprintf(stderr, "gtidpos: %s: line %d: %s='%s' is not True or False\n", file, line, key, v);
    return -1;
}

/* One [dm_worker_servers] host as the upgrade guide maps it: source_id,
 * server_id, mysql_host/port/user/password; flavor and enable_gtid carried
 * over when set.  DM-Ansible's defaults: mysql_port 3306, mysql_user root. */
static int host_to_source(gtidpos_dm_source *s, const gtidpos_ini *ini,
                          const gtidpos_ini_section *sec, const gtidpos_ini_entry *h,
                          const char *file)
{
    const char *v;
    int ok = 0;

    memset(s, 0, sizeof *s);
    s->kind = GTIDPOS_DM_SOURCE_YAML;
    if ((v = gtidpos_ini_host_var(ini, sec, h, "source_id")) == NULL || *v == '\0') {
        fprintf(stderr,
                "gtidpos: %s: line %d: host %s has no source_id (DM v2 needs one; add "
                "source_id=\"...\" to the host line)\n",
                file, h->line, h->name);
        return -1;
    }
    ok |= set_text(s->source_id, sizeof s->source_id, v, file, h->line, "source_id");
    if ((v = gtidpos_ini_host_var(ini, sec, h, "server_id")) != NULL)
        ok |= set_uint(&s->server_id, &s->has_server_id, v, UINT32_MAX, file, h->line, "server_id");
    if ((v = gtidpos_ini_host_var(ini, sec, h, "mysql_host")) == NULL) {
        fprintf(stderr, "gtidpos: %s: line %d: host %s has no mysql_host\n", file, h->line,
                h->name);
        return -1;
    }
    ok |= set_text(s->host, sizeof s->host, v, file, h->line, "mysql_host");
    v = gtidpos_ini_host_var(ini, sec, h, "mysql_port");
    ok |= set_uint(&s->port, &s->has_port, v ? v : "3306", 65535, file, h->line, "mysql_port");
    v = gtidpos_ini_host_var(ini, sec, h, "mysql_user");
    ok |= set_text(s->user, sizeof s->user, v ? v : "root", file, h->line, "mysql_user");
    if ((v = gtidpos_ini_host_var(ini, sec, h, "mysql_password")) != NULL) {
        s->has_password = 1;
        ok |= set_text(s->password, sizeof s->password, v, file, h->line, "mysql_password");
    }
    if ((v = gtidpos_ini_host_var(ini, sec, h, "flavor")) != NULL) {
        if (strcmp(v, "mysql") != 0 && strcmp(v, "mariadb") != 0) {
            fprintf(stderr, "gtidpos: %s: line %d: flavor='%s' is not mysql or mariadb\n", file,
                    h->line, v);
            return -1;
        }
        ok |= set_text(s->flavor, sizeof s->flavor, v, file, h->line, "flavor");
    }
    if ((v = gtidpos_ini_host_var(ini, sec, h, "enable_gtid")) != NULL)
        ok |= set_bool(&s->enable_gtid, &s->has_enable_gtid, v, file, h->line, "enable_gtid");
    return ok;
}

static int from_ansible(const char *path, const char *outdir)
{
    gtidpos_ini ini;
    char *buf;
    size_t len, count = 0;
    gtidpos_error err;
    gtidpos_status rc;
    int status = GP_EXIT_OK;
    gtidpos_dm_source *srcs = NULL;
    char **names = NULL;

    if ((rc = gp_read_text(path, INPUT_MAX, &buf, &len, &err)) == GTIDPOS_OK) {
        rc = gtidpos_ini_parse(&ini, buf, len, path, &err);
        free(buf);
    }
    if (rc != GTIDPOS_OK)
        return gp_report(&err);
    for (size_t i = 0; i < ini.n_sections; i++)
        if (ini.sections[i].kind == GTIDPOS_INI_HOSTS &&
            strcmp(ini.sections[i].group, "dm_worker_servers") == 0)
            count += ini.sections[i].n_entries;
    if (count == 0) {
        fprintf(stderr, "gtidpos: %s: no host in a [dm_worker_servers] section "
                "(DM-Ansible deploys a DM-worker for each host listed there)\n", path);
        for (size_t i = 0; i < ini.n_sections; i++)
            for (size_t j = 0; j < ini.sections[i].n_entries; j++)
                if (ini.sections[i].kind == GTIDPOS_INI_HOSTS &&
                    gtidpos_ini_host_var(&ini, &ini.sections[i], &ini.sections[i].entries[j],
                                         "source_id") != NULL) {
                    fprintf(stderr,
                            "gtidpos: %s: line %d: host %s with a source_id is in "
                            "[%s]; move it to [dm_worker_servers]\n",
                            path, ini.sections[i].entries[j].line, ini.sections[i].entries[j].name,
                            ini.sections[i].group);
                    i = ini.n_sections - 1;
                    break;
                }
        gtidpos_ini_free(&ini);
        return GP_EXIT_USAGE;
    }
    srcs = calloc(count, sizeof *srcs);
    names = calloc(count, sizeof *names);
    if (srcs == NULL || names == NULL) {
        status = GP_EXIT_INTERNAL;
        goto done;
    }
    /* Everything is checked before the first file is written. */
    count = 0;
    for (size_t i = 0; i < ini.n_sections; i++) {
        const gtidpos_ini_section *sec = &ini.sections[i];
        if (sec->kind != GTIDPOS_INI_HOSTS || strcmp(sec->group, "dm_worker_servers") != 0)
            continue;
        for (size_t j = 0; j < sec->n_entries; j++, count++) {
            if (host_to_source(&srcs[count], &ini, sec, &sec->entries[j], path) != 0) {
                status = GP_EXIT_USAGE;
                goto done;
            }
            for (size_t k = 0; k < count; k++)
                if (strcmp(srcs[k].source_id, srcs[count].source_id) == 0) {
                    fprintf(stderr, "gtidpos: %s: line %d: source_id %s is used by two hosts\n",
                            path, sec->entries[j].line, srcs[count].source_id);
                    status = GP_EXIT_USAGE;
                    goto done;
                }
            if (outdir != NULL) {
                size_t n = strlen(outdir) + 32;
                if ((names[count] = malloc(n)) == NULL) {
                    status = GP_EXIT_INTERNAL;
                    goto done;
                }
                snprintf(names[count], n, "%s/source%zu.yaml", outdir, count + 1);
            }
            fprintf(stderr, "gtidpos: %s: line %d: host %s: source-id %s%s%s\n", path,
                    sec->entries[j].line, sec->entries[j].name, srcs[count].source_id,
                    names[count] ? " -> " : "", names[count] ? names[count] : "");
        }
    }
    for (size_t i = 0; i < count && status == GP_EXIT_OK; i++)
        status = emit_one(&srcs[i], names[i], path, outdir == NULL);
done:
    if (status == GP_EXIT_INTERNAL)
        fputs("gtidpos: out of memory\n", stderr);
    for (size_t i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
    free(srcs);
    gtidpos_ini_free(&ini);
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
    const char *worker = NULL, *ansible = NULL, *out = NULL, *outdir = NULL;
    int c, status;

    if (gp_args_wants_help(argc, argv, ":ho:d:", longopts)) /* --help anywhere */
        return gp_print_help(dm_source_usage);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ho:d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': worker = optarg; break;
        case 'a': ansible = optarg; break;
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
    if ((worker == NULL) == (ansible == NULL))
        return gp_usage_error("dm-source needs one of --from-worker FILE or --from-ansible FILE");
    if (worker != NULL && outdir != NULL)
        return gp_usage_error("dm-source: -d goes with --from-ansible; use -o with --from-worker");
    if (ansible != NULL && out != NULL)
        return gp_usage_error("dm-source: -o goes with --from-worker; use -d with --from-ansible");
    status = worker ? from_worker(worker, out) : from_ansible(ansible, outdir);
    status = gp_flush_stdout("answer", status);
    return status;
}
