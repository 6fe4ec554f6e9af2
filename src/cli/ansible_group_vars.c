/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ansible_group_vars.c - an Ansible group_vars file (group_vars/<group>.yml, a
 * YAML mapping of variables), read with libyaml into the inventory's own
 * shape: one [group:vars] section, one entry per variable.  Only variables
 * with a single value (a scalar) are kept, as their text: the DM-Ansible
 * variables a source takes (flavor, enable_gtid, mysql_port, mysql_user,
 * ...) are all scalars.
 */
#include "ansible_ini.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "exit_status.h"

#define GROUP_VARS_MAX_BYTES (4u << 20)

static char *dupn(const unsigned char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* One variable as an entry of the section (the shape gp_ini_free frees). */
static gtidpos_status add_var(gp_ini_section *s, const yaml_node_t *k, const yaml_node_t *v)
{
    gp_ini_entry *en = realloc(s->entries, (s->n_entries + 1) * sizeof *en);
    if (en == NULL)
        return GTIDPOS_ERR_NOMEM;
    s->entries = en;
    en = &en[s->n_entries];
    memset(en, 0, sizeof *en);
    if ((en->vars = calloc(1, sizeof *en->vars)) == NULL)
        return GTIDPOS_ERR_NOMEM;
    s->n_entries++;
    en->n_vars = 1;
    en->line = (int)k->start_mark.line + 1;
    en->vars[0].line = en->line;
    en->vars[0].key = dupn(k->data.scalar.value, k->data.scalar.length);
    en->vars[0].value = dupn(v->data.scalar.value, v->data.scalar.length);
    return en->vars[0].key && en->vars[0].value ? GTIDPOS_OK : GTIDPOS_ERR_NOMEM;
}

gtidpos_status gp_group_vars_parse(gp_ini *ini, const char *group, const char *text, size_t len,
                           const char *file, gtidpos_error *e)
{
    yaml_parser_t p;
    yaml_document_t d;
    yaml_node_t *root;
    gtidpos_status err = GTIDPOS_OK;

    memset(ini, 0, sizeof *ini);
    if (len > GROUP_VARS_MAX_BYTES)
        return gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, "larger than %u bytes",
                            GROUP_VARS_MAX_BYTES);
    if (!yaml_parser_initialize(&p))
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &d)) {
        err = gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, "line %zu, column %zu: %s",
                           p.problem_mark.line + 1, p.problem_mark.column + 1,
                           p.problem ? p.problem : "malformed YAML");
        yaml_parser_delete(&p);
        return err;
    }
    yaml_parser_delete(&p);
    if ((ini->sections = calloc(1, sizeof *ini->sections)) == NULL ||
        (ini->sections[0].group = strdup(group)) == NULL) {
        yaml_document_delete(&d);
        gp_ini_free(ini);
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    }
    ini->n_sections = 1;
    ini->sections[0].kind = GP_INI_VARS;
    ini->sections[0].line = 1;
    root = yaml_document_get_root_node(&d);
    if (root != NULL && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
        root = NULL; /* an empty file, or only comments */
    if (root != NULL && root->type != YAML_MAPPING_NODE) {
        err = gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1,
                           "line %zu: group variables are a mapping (name: value)",
                           root->start_mark.line + 1);
    }
    for (yaml_node_pair_t *pr = root ? root->data.mapping.pairs.start : NULL;
         err == GTIDPOS_OK && root && pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(&d, pr->key);
        yaml_node_t *v = yaml_document_get_node(&d, pr->value);
        if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
            continue;
        if (memchr(v->data.scalar.value, '\0', v->data.scalar.length) != NULL ||
            memchr(k->data.scalar.value, '\0', k->data.scalar.length) != NULL) {
            err = gp_set_error(e, GTIDPOS_ERR_PARSE, file, -1, "line %zu: a NUL character",
                               k->start_mark.line + 1);
            break;
        }
        if (add_var(&ini->sections[0], k, v) != GTIDPOS_OK)
            err = gp_set_error(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    }
    yaml_document_delete(&d);
    if (err != GTIDPOS_OK)
        gp_ini_free(ini);
    return err;
}
