/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ansible_ini.h - a strict reader for Ansible's INI inventory (what
 * DM-Ansible's inventory.ini uses), and Ansible's group_vars files read
 * into the same shape:
 *
 *   [group]                  host lines follow:
 *   alias key=value key='v' key="v"   (one host per line)
 *   [group:vars]             "key = value" lines: variables of the group
 *   [group:children]         one group name per line
 *   # or ;                   a comment line; in host lines an unquoted '#'
 *                            starting a word begins a comment
 *
 * Lines before the first section header are hosts of the "ungrouped"
 * group.  Anything else (a host word without '=', an unterminated quote,
 * a malformed header) is refused with GTIDPOS_ERR_PARSE and "line N: ...".
 * Values keep their text; one pair of surrounding quotes is removed.
 *
 * The command's own (dm-source --from-ansible), not the library's: an
 * inventory is Ansible's format, not DM's, and only this command reads
 * one.  Errors are the command's gp_set_error (exit_status.h).
 */
#ifndef GP_CLI_ANSIBLE_INI_H
#define GP_CLI_ANSIBLE_INI_H

#include <stddef.h>

#include "gtidpos.h"

typedef struct gp_ini_var {
    char *key, *value;
    int line;
} gp_ini_var;

typedef enum gp_ini_kind {
    GP_INI_HOSTS = 0,
    GP_INI_VARS = 1,
    GP_INI_CHILDREN = 2
} gp_ini_kind;

typedef struct gp_ini_entry { /* a host line, a vars line or a child group */
    char *name;               /* host alias or child group; NULL for vars */
    gp_ini_var *vars;         /* a host's variables, or the one group variable */
    size_t n_vars;
    int line;
} gp_ini_entry;

typedef struct gp_ini_section {
    char *group;              /* "dm_worker_servers", "all" */
    gp_ini_kind kind;
    gp_ini_entry *entries;
    size_t n_entries;
    int line;
} gp_ini_section;

typedef struct gp_ini {
    gp_ini_section *sections; /* in file order; a header may repeat */
    size_t n_sections;
} gp_ini;

/* Parse text (len bytes); file names it in errors.  On error ini is
 * left empty.  gp_ini_free frees it (an empty one too). */
gtidpos_status gp_ini_parse(gp_ini *ini, const char *text, size_t len, const char *file,
                            gtidpos_error *e);
void gp_ini_free(gp_ini *ini);

/* A host's variable as Ansible resolves it for these files: the host line,
 * then [group:vars] of the host's group, then [all:vars].  NULL if unset. */
const char *gp_ini_host_var(const gp_ini *ini, const gp_ini_section *group,
                            const gp_ini_entry *host, const char *key);

/* The value of key in the [group:vars] sections of ini (group "all":
 * [all:vars]; group_vars files parse into such sections); the last one
 * wins; NULL if unset. */
const char *gp_ini_group_var(const gp_ini *ini, const char *group, const char *key);

/* ansible_group_vars.c: an Ansible group_vars/<group>.yml (a YAML mapping) as
 * one [group:vars] section; variables whose value is not a single scalar
 * are skipped.  GTIDPOS_ERR_PARSE with "line N" when it is not YAML or not a
 * mapping. */
gtidpos_status gp_group_vars_parse(gp_ini *ini, const char *group, const char *text,
                                   size_t len, const char *file, gtidpos_error *e);

#endif
