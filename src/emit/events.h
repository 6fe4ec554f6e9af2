/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * events.h - one binlog event per line, as text or JSON (gtidpos events).
 *
 * One path serves both formats: the event is written as a sequence of
 * named fields, and the format only decides how a field is spelled.
 *
 * Text: seven tab-separated columns
 *     start  end  type  server_id  size  timestamp  info
 * start/end: byte offsets (end = start + size, the next event's start);
 * type: the SHOW BINLOG EVENTS name ("type N" for an unknown code);
 * timestamp: ISO 8601 UTC, 2026-11-27T18:26:03Z; info: the decoded fields
 * as space-separated key=value pairs in a fixed order, "-" when there are
 * none.  Values that are free text (query, rotate_file, server_version)
 * are double-quoted with JSON escapes, so a line never holds a tab or a
 * newline; GTIDs, sets and numbers are bare.
 *
 * JSON: one object per line with schema_version (1, first), start, end,
 * type, type_code, server_id, size, timestamp, log_pos, flags, then the
 * same fields as the text info (booleans as true/false, sets and GTIDs as
 * strings).
 */
#ifndef GP_EMIT_EVENTS_H
#define GP_EMIT_EVENTS_H

#include <stdio.h>

#include "binlog/decode_misc.h"

/* formats: gtidpos_format (GTIDPOS_FORMAT_TEXT, _JSON) of gtidpos.h */

/* Write one line for info.  0, or -1 when out writes fail. */
int gp_emit_event(FILE *out, const gp_event_info *info, int format);

/* "2026-11-27T18:26:03Z"; buf must hold 21 bytes. */
void gp_iso8601_utc(uint32_t t, char buf[21]);

#endif
