/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ansible_ini.c - Ansible INI inventory (see ansible_ini.h for the
 * accepted subset).
 */
#include "ansible_ini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"

#define INI_MAX_BYTES (4u << 20)

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void free_entry(gp_ini_entry *en)
{
    for (size_t i = 0; i < en->n_vars; i++) {
        free(en->vars[i].key);
        free(en->vars[i].value);
    }
    free(en->vars);
    free(en->name);
}

void gp_ini_free(gp_ini *ini)
{
    for (size_t i = 0; i < ini->n_sections; i++) {
        gp_ini_section *s = &ini->sections[i];
        for (size_t j = 0; j < s->n_entries; j++)
            free_entry(&s->entries[j]);
        free(s->entries);
        free(s->group);
    }
    free(ini->sections);
    memset(ini, 0, sizeof *ini);
}

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

static gtidpos_status add_section(gp_ini *ini, const char *g, size_t gn, gp_ini_kind kind, int line)
{
    gp_ini_section *s = realloc(ini->sections, (ini->n_sections + 1) * sizeof *s);
    if (s == NULL)
        return GTIDPOS_ERR_NOMEM;
    ini->sections = s;
    s = &s[ini->n_sections];
    memset(s, 0, sizeof *s);
    if ((s->group = dupn(g, gn)) == NULL)
        return GTIDPOS_ERR_NOMEM;
    s->kind = kind;
    s->line = line;
    ini->n_sections++;
    return GTIDPOS_OK;
}

static gp_ini_entry *add_entry(gp_ini_section *s)
{
    gp_ini_entry *en = realloc(s->entries, (s->n_entries + 1) * sizeof *en);
    if (en == NULL)
        return NULL;
    s->entries = en;
    en = &en[s->n_entries++];
    memset(en, 0, sizeof *en);
    return en;
}

static gtidpos_status add_var(gp_ini_entry *en, const char *k, size_t kn, const char *v, size_t vn,
                      int line)
{
    gp_ini_var *vars = realloc(en->vars, (en->n_vars + 1) * sizeof *vars);
    if (vars == NULL)
        return GTIDPOS_ERR_NOMEM;
    en->vars = vars;
    vars = &vars[en->n_vars];
    vars->key = dupn(k, kn);
    vars->value = dupn(v, vn);
    vars->line = line;
    en->n_vars++;
    if (vars->key == NULL || vars->value == NULL)
        return GTIDPOS_ERR_NOMEM;
    return GTIDPOS_OK;
}

/* One word of a host line: key=value, value quoted or bare.  *i moves
 * past it.  Returns 0 ok, 1 comment (rest ignored), -1 error (msg set). */
static int host_word(const char *s, size_t n, size_t *i, const char **k, size_t *kn,
                     char *val, size_t *vn, size_t vcap, const char **msg)
{
    size_t p = *i, o = 0;

    if (s[p] == '#')
        return 1;
    *k = s + p;
    while (p < n && name_char(s[p]))
        p++;
    *kn = (size_t)(s + p - *k);
    if (*kn == 0 || p >= n || s[p] != '=') {
        *msg = "expected key=value";
        return -1;
    }
    p++;
    if (p < n && (s[p] == '\'' || s[p] == '"')) {
        char q = s[p++];
        while (p < n && s[p] != q) {
            if (q == '"' && s[p] == '\\' && p + 1 < n)
                p++;
            if (o + 1 >= vcap) {
                *msg = "value too long";
                return -1;
            }
            val[o++] = s[p++];
        }
        if (p >= n) {
            *msg = "unterminated quoted value";
            return -1;
        }
        p++;
        if (p < n && !isspace((unsigned char)s[p])) {
            *msg = "text right after a quoted value";
            return -1;
        }
    } else {
        while (p < n && !isspace((unsigned char)s[p])) {
            if (s[p] == '\'' || s[p] == '"') {
                *msg = "a quote inside an unquoted value";
                return -1;
            }
            if (o + 1 >= vcap) {
                *msg = "value too long";
                return -1;
            }
            val[o++] = s[p++];
        }
    }
    *vn = o;
    *i = p;
    return 0;
}

static gtidpos_status parse_line(gp_ini *ini, const char *s, size_t n, int line, const char *file,
                         gtidpos_error *e)
{
    char val[1024];
    gp_ini_section *sec;
    gp_ini_entry *en;

#define FAIL(...) return gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, __VA_ARGS__)
#define NOMEM() return gp_set_error(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory")
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    if (n == 0 || s[0] == '#' || s[0] == ';')
        return GTIDPOS_OK;
    if (s[0] == '[') {
        size_t g = 1, gn;
        gp_ini_kind kind = GP_INI_HOSTS;
        if (s[n - 1] != ']')
            FAIL("line %d: a section header must end with ']'", line);
        while (g < n - 1 && name_char(s[g]))
            g++;
        gn = g - 1;
        if (gn == 0)
            FAIL("line %d: empty group name", line);
        if (g < n - 1) {
            if (n - 1 - g == 5 && memcmp(s + g, ":vars", 5) == 0)
                kind = GP_INI_VARS;
            else if (n - 1 - g == 9 && memcmp(s + g, ":children", 9) == 0)
                kind = GP_INI_CHILDREN;
            else
                FAIL("line %d: malformed section header (expected [group], [group:vars] or "
                     "[group:children])", line);
        }
        if (add_section(ini, s + 1, gn, kind, line) != GTIDPOS_OK)
            NOMEM();
        return GTIDPOS_OK;
    }
    if (ini->n_sections == 0 && add_section(ini, "ungrouped", 9, GP_INI_HOSTS, line) != GTIDPOS_OK)
        NOMEM();
    sec = &ini->sections[ini->n_sections - 1];
    if ((en = add_entry(sec)) == NULL)
        NOMEM();
    en->line = line;
    if (sec->kind == GP_INI_VARS) {
        const char *eq = memchr(s, '=', n), *k = s, *v;
        size_t kn, vn;
        if (eq == NULL)
            FAIL("line %d: expected key = value in [%s:vars]", line, sec->group);
        kn = (size_t)(eq - s);
        while (kn > 0 && isspace((unsigned char)k[kn - 1]))
            kn--;
        for (size_t i = 0; i < kn; i++)
            if (!name_char(k[i]))
                FAIL("line %d: malformed variable name", line);
        if (kn == 0)
            FAIL("line %d: empty variable name", line);
        v = eq + 1;
        vn = n - (size_t)(v - s);
        while (vn > 0 && isspace((unsigned char)*v))
            v++, vn--;
        if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0])
            v++, vn -= 2;
        if (add_var(en, k, kn, v, vn, line) != GTIDPOS_OK)
            NOMEM();
        return GTIDPOS_OK;
    }
    {
        size_t i = 0;
        while (i < n && !isspace((unsigned char)s[i]))
            i++;
        for (size_t j = 0; j < i; j++)
            if (!name_char(s[j]) && s[j] != ':' && s[j] != '[' && s[j] != ']')
                FAIL("line %d: malformed host or group name", line);
        if ((en->name = dupn(s, i)) == NULL)
            NOMEM();
        if (sec->kind == GP_INI_CHILDREN) {
            while (i < n && isspace((unsigned char)s[i]))
                i++;
            if (i < n && s[i] != '#')
                FAIL("line %d: one group name per line in [%s:children]", line, sec->group);
            return GTIDPOS_OK;
        }
        for (;;) {
            const char *k, *msg = NULL;
            size_t kn, vn;
            int r;
            while (i < n && isspace((unsigned char)s[i]))
                i++;
            if (i >= n)
                break;
            r = host_word(s, n, &i, &k, &kn, val, &vn, sizeof val, &msg);
            if (r == 1)
                break;
            if (r < 0)
                FAIL("line %d, column %zu: %s", line, i + 1, msg);
            for (size_t j = 0; j < en->n_vars; j++)
                if (strlen(en->vars[j].key) == kn && memcmp(en->vars[j].key, k, kn) == 0)
                    FAIL("line %d: variable '%.*s' given twice", line, (int)kn, k);
            if (add_var(en, k, kn, val, vn, line) != GTIDPOS_OK)
                NOMEM();
        }
    }
    return GTIDPOS_OK;
#undef FAIL
#undef NOMEM
}

gtidpos_status gp_ini_parse(gp_ini *ini, const char *text, size_t len, const char *file,
                            gtidpos_error *e)
{
    const char *p = text, *end = text + len;
    int line = 0;

    memset(ini, 0, sizeof *ini);
    if (len > INI_MAX_BYTES)
        return gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, "larger than %u bytes",
                            INI_MAX_BYTES);
    if (memchr(text, '\0', len) != NULL)
        return gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, "NUL byte: not a text file");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        gtidpos_status err = parse_line(ini, p, n, ++line, file, e);
        if (err != GTIDPOS_OK) {
            gp_ini_free(ini);
            return err;
        }
        p = nl ? nl + 1 : end;
    }
    return GTIDPOS_OK;
}

const char *gp_ini_group_var(const gp_ini *ini, const char *group, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < ini->n_sections; i++) {
        const gp_ini_section *s = &ini->sections[i];
        if (s->kind != GP_INI_VARS || strcmp(s->group, group) != 0)
            continue;
        for (size_t j = 0; j < s->n_entries; j++)
            for (size_t k = 0; k < s->entries[j].n_vars; k++)
                if (strcmp(s->entries[j].vars[k].key, key) == 0)
                    found = s->entries[j].vars[k].value; /* the last one wins */
    }
    return found;
}

const char *gp_ini_host_var(const gp_ini *ini, const gp_ini_section *group,
                            const gp_ini_entry *host, const char *key)
{
    const char *v;
    for (size_t i = 0; i < host->n_vars; i++)
        if (strcmp(host->vars[i].key, key) == 0)
            return host->vars[i].value;
    if ((v = gp_ini_group_var(ini, group->group, key)) != NULL)
        return v;
    return gp_ini_group_var(ini, "all", key);
}
