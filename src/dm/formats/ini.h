/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ini.h - a strict reader for Ansible's INI inventory (what DM-Ansible's
 * inventory.ini uses):
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
 */
#ifndef GP_DM_INI_H
#define GP_DM_INI_H

#include <stddef.h>

#include "common/error.h"
#include "gtidpos_dm.h"

/* The public types (include/gtidpos_dm.h). */
typedef gtidpos_ini_var gp_ini_var;
typedef gtidpos_ini_kind gp_ini_kind;
typedef gtidpos_ini_entry gp_ini_entry;
typedef gtidpos_ini_section gp_ini_section;
typedef gtidpos_ini gp_ini;

gtidpos_status gp_ini_parse(gp_ini *ini, const char *text, size_t len, const char *file, gp_error *e);
void gp_ini_free(gp_ini *ini);

/* A host's variable as Ansible resolves it for these files: the host line,
 * then [group:vars] of the host's group, then [all:vars].  NULL if unset. */
const char *gp_ini_host_var(const gp_ini *ini, const gp_ini_section *group,
                            const gp_ini_entry *host, const char *key);

/* The value of key in the [group:vars] sections of ini (group "all":
 * [all:vars]; group_vars files parse into such sections); the last one
 * wins; NULL if unset. */
const char *gp_ini_group_var(const gp_ini *ini, const char *group, const char *key);

/* group_vars.c: an Ansible group_vars/<group>.yml (a YAML mapping) as
 * one [group:vars] section; variables whose value is not a single scalar
 * are skipped.  GTIDPOS_ERR_PARSE with "line N" when it is not YAML or not a
 * mapping. */
gtidpos_status gp_group_vars_parse(gp_ini *ini, const char *group, const char *text, size_t len,
                           const char *file, gp_error *e);

#endif
