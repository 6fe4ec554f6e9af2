/*
 * decode_misc.h - the event bodies `gtidpos events` shows besides the GTID
 * state: Rotate, XID, and one event described for display.
 *
 * Like decode.h: every field is read through the checked cursor
 * (reader.h), a malformed body is GP_ERR_CORRUPT naming the event's offset,
 * and the results point into the event (valid as long as its bytes are).
 */
#ifndef GP_BINLOG_DECODE_MISC_H
#define GP_BINLOG_DECODE_MISC_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "event.h"
#include "fde.h"

/*
 * ROTATE_EVENT (4), MySQL libbinlogevents control_events.h
 * (Rotate_event), MariaDB sql/log_event.h (Rotate_log_event):
 *   post-header (8 bytes in binlog v3 and v4; none in v1)
 *     0   8   position of the first event in the next file
 *   body
 *     8   ..  name of the next file, not NUL-terminated, up to the end of
 *             the body (checksum trailer excluded)
 * Without a post-header (v1) the position is 4, as the servers assume
 * ("pos= post_header_len ? uint8korr(...) : 4").
 */
enum { GP_ROTATE_POS = 0, GP_ROTATE_POST_HEADER = 8, GP_ROTATE_POS_V1 = 4 };

typedef struct gp_rotate {
    uint64_t pos;
    const char *name; /* into the event; not NUL-terminated */
    size_t name_len;
} gp_rotate;

gp_err gp_decode_rotate(const gp_event *ev, const gp_fde *fde, gp_rotate *r,
                        const char *file, gp_error *e);

/*
 * XID_EVENT (16), libbinlogevents statement_events.h (Xid_event): no
 * post-header; the body is the 8-byte transaction id (the server's own
 * byte order in old releases; printed as little-endian, as mysqlbinlog does).
 */
enum { GP_XID_LEN = 8 };

gp_err gp_decode_xid(const gp_event *ev, uint64_t *xid, const char *file,
                     gp_error *e);

/* Most bytes of a Query statement gp_event_info keeps (it says when more
 * were cut). */
#define GP_INFO_QUERY_MAX 80
/* A GTID as text: "uuid:tag:gno" is at most 36+1+32+1+19 characters. */
#define GP_INFO_GTID_MAX 96

/*
 * One event, decoded for display.  The strings are NUL-terminated and owned
 * by the record (gp_event_info_free); the set texts are malloc'd.
 */
typedef struct gp_event_info {
    uint64_t start, end;    /* file offset; offset + size */
    uint8_t type;
    uint32_t server_id, size, log_pos, timestamp;
    uint16_t flags;
    /* per type; a field is absent when its has_/pointer is 0/NULL */
    int has_gtid;
    char gtid[GP_INFO_GTID_MAX];       /* "uuid:gno", "uuid:tag:gno",
                                          "ANONYMOUS", "d-s-n" */
    char gtid_flags[96];               /* MariaDB flags2 names, ","-joined;
                                          "" when none */
    int has_gtid_flags;
    char *previous_gtids;              /* Previous_gtids set (malloc'd) */
    char *gtid_list;                   /* Gtid_list state (malloc'd) */
    int has_rotate;
    char rotate_file[512];             /* cut at 511 bytes; NULs kept out */
    uint64_t rotate_pos;
    int has_xid;
    uint64_t xid;
    int has_query;
    char query[GP_INFO_QUERY_MAX + 1]; /* first bytes, cut on a UTF-8
                                          boundary and at a NUL */
    int query_truncated;
    int has_server_version;
    char server_version[51];
    int checksum_alg;                  /* -1 when the FDE has none */
} gp_event_info;

/*
 * Describe ev: the header fields, and the body fields of the types listed
 * above.  fde is the format in force (for a Format_description event, the
 * event itself is parsed).  On error info is left freeable.
 */
gp_err gp_event_describe(const gp_event *ev, const gp_fde *fde,
                         gp_event_info *info, const char *file, gp_error *e);
void gp_event_info_free(gp_event_info *info);

/* The names of MariaDB GTID flags2 bits, ","-joined, into buf. */
void gp_mariadb_flags2_text(uint8_t flags2, char *buf, size_t cap);

#endif
