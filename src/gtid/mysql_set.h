/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mysql_set.h - MySQL GTID sets: UUID (+ optional tag) -> sorted disjoint
 * closed intervals of transaction numbers (GNOs).
 *
 * Text form, as MySQL prints gtid_executed and as DM v2 accepts it in
 * meta.binlog-gtid:
 *     3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9,4f...:1-3:mytag:1-2
 * - UUID sets sorted by the 16 UUID bytes, joined by ','.
 * - For one UUID the untagged intervals come first, then each tag (sorted)
 *   followed by its intervals (MySQL 8.3+: "uuid:tag:1-3").
 * - Intervals sorted, merged when adjacent or overlapping; "n" for n-n.
 * - The empty set formats as "".
 *
 * This module depends on nothing else in the project.
 */
#ifndef GP_GTID_MYSQL_SET_H
#define GP_GTID_MYSQL_SET_H

#include <stddef.h>
#include <stdint.h>

#include "gtid_common.h"

/* MySQL GNOs are 1 .. 2^63-2 (GNO_END = INT64_MAX is exclusive). */
#define GP_MYSQL_GNO_MAX ((uint64_t)INT64_MAX - 1)
/* MySQL 8.3+ tags: [a-zA-Z_][a-zA-Z0-9_]{0,31}, stored lowercase. */
#define GP_MYSQL_TAG_MAX 32

typedef struct gp_uuid {
    uint8_t b[16];
} gp_uuid;

typedef struct gp_mysql_set gp_mysql_set; /* opaque */

gp_mysql_set *gp_mysql_set_new(void);
void gp_mysql_set_free(gp_mysql_set *s); /* NULL is a no-op */
void gp_mysql_set_clear(gp_mysql_set *s);
/* Deep copy; on GP_GTID_ENOMEM dst is left as it was. */
int gp_mysql_set_copy(gp_mysql_set *dst, const gp_mysql_set *src);
int gp_mysql_set_is_empty(const gp_mysql_set *s);

/*
 * Add one GTID.  tag == NULL or tag_len == 0 means untagged.  The tag is
 * validated and lowercased.  Returns GP_GTID_OK, GP_GTID_ENOMEM, or
 * GP_GTID_ERANGE (gno 0 or > GP_MYSQL_GNO_MAX, invalid tag).
 * Appending the next GNO of the most recently used UUID/tag is O(1): this
 * is the hot path when walking a binlog.
 */
int gp_mysql_set_add(gp_mysql_set *s, const gp_uuid *uuid, const char *tag,
                     size_t tag_len, uint64_t gno);
/* Add the closed interval [first, last]; first <= last. */
int gp_mysql_set_add_interval(gp_mysql_set *s, const gp_uuid *uuid,
                              const char *tag, size_t tag_len, uint64_t first,
                              uint64_t last);

/* dst |= src.  On GP_GTID_ENOMEM dst holds part of the union (still a
 * valid set).  dst == src is allowed. */
int gp_mysql_set_union(gp_mysql_set *dst, const gp_mysql_set *src);
int gp_mysql_set_equal(const gp_mysql_set *a, const gp_mysql_set *b);
int gp_mysql_set_contains(const gp_mysql_set *s, const gp_uuid *uuid,
                          const char *tag, size_t tag_len, uint64_t gno);
/* 1 when every GTID of a is in b. */
int gp_mysql_set_is_subset(const gp_mysql_set *a, const gp_mysql_set *b);

/*
 * Parse the text form into s (s is cleared first, and left empty on error).
 * Accepts what MySQL accepts and prints: upper/lower case 8-4-4-4-12 UUIDs;
 * spaces, tabs, CR and LF around ',', ':' and '-' and at both ends (MySQL
 * prints ",\n" between UUIDs); repeated UUIDs and overlapping intervals
 * (merged); "uuid:tag:1-3:5:tag2:7" and "uuid:1-3:tag:5" (a tag applies to
 * the intervals after it); "" or blanks for the empty set.
 * Stricter than MySQL, which silently accepts or misreads these: empty
 * elements ("uuid", "uuid:", ",,", a trailing ','), a tag with no
 * intervals, an interval with start > end, GNOs with a sign, a leading
 * zero or a base prefix (MySQL's strtoll(..., 0) reads "010" as 8).
 * Returns GP_GTID_OK; GP_GTID_ERANGE for a GNO of 0 or above
 * GP_MYSQL_GNO_MAX; GP_GTID_EPARSE for anything else malformed;
 * GP_GTID_ENOMEM.  On error err (when not NULL) gets one line,
 * "offset N: reason", N counted in bytes from text.
 */
int gp_mysql_set_parse(gp_mysql_set *s, const char *text, size_t len,
                       char *err, size_t errlen);

/* snprintf-like: writes at most cap bytes (NUL-terminated when cap > 0)
 * and returns the length the full text needs, excluding the NUL. */
size_t gp_mysql_set_format(const gp_mysql_set *s, char *buf, size_t cap);
/* malloc'd canonical text; NULL on allocation failure. */
char *gp_mysql_set_to_string(const gp_mysql_set *s);

/* "3e11fa47-71ca-11e1-9e33-c80aa9429562"; buf must hold 37 bytes. */
void gp_uuid_format(const gp_uuid *u, char buf[37]);
/* Parse exactly 36 characters of 8-4-4-4-12 hex (either case): GP_GTID_OK
 * (0) on success, GP_GTID_EPARSE otherwise. */
int gp_uuid_parse(gp_uuid *u, const char *text, size_t len);

/* ---- set algebra for find, cover and diff (issue 14) -------------------- */

/* out = a \ b (out == a allowed; out is rebuilt) and out = a & b.  On
 * GP_GTID_ENOMEM out holds part of the answer (still a valid set). */
int gp_mysql_set_subtract(gp_mysql_set *out, const gp_mysql_set *a, const gp_mysql_set *b);
int gp_mysql_set_intersect(gp_mysql_set *out, const gp_mysql_set *a, const gp_mysql_set *b);
/* 1 when a and b share a GTID. */
int gp_mysql_set_overlaps(const gp_mysql_set *a, const gp_mysql_set *b);

#endif
