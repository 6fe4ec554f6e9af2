/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * emit.h - output of answers: formatting plus a sink (FILE *).
 * Knows the decoded structures, not the files they came from.
 */
#ifndef GP_EMIT_EMIT_H
#define GP_EMIT_EMIT_H

#include <stdio.h>

#include "gtid/answer.h"

/* The set on one line (an empty line for the empty set).  0 or -1. */
int gp_emit_at_text(FILE *out, const gp_at_result *r);

/* One JSON object on one line: file, pos, flavor, server_version,
 * gtid_set, last_gtid, last_gtid_start, last_gtid_end, inside_transaction,
 * warnings.  0 or -1. */
int gp_emit_at_json(FILE *out, const char *file, const gp_at_result *r);

/* A JSON string literal, with the escapes RFC 8259 requires; bytes that
 * are not valid UTF-8 are written as \u00XX of the byte. */
void gp_json_string(FILE *out, const char *s);

#endif
