/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event.h - one framed event: a view into the bytes of the log.
 *
 * Zero-copy: data and body point into the bytes the walker holds (a read
 * chunk, the mapping or the caller's buffer) and stay valid until the next
 * event is read (walker.h).
 */
#ifndef GP_BINLOG_EVENT_H
#define GP_BINLOG_EVENT_H

#include <stdint.h>

#include "common/error.h"
#include "crc.h"
#include "fde.h"
#include "format.h"
#include "reader.h"

#define GP_EVENT_LAST 32

typedef struct gp_event {
    uint64_t offset;       /* file offset of the first header byte */
    uint32_t timestamp;
    uint32_t server_id;
    uint32_t size;         /* event_size: header + body + checksum */
    uint32_t log_pos;      /* header log_pos (0 in binlog v1) */
    uint16_t flags;        /* header flags (0 in binlog v1) */
    uint8_t type;
    uint8_t header_len;
    const uint8_t *data;   /* the event's first bytes (all of them unless
                              partial) */
    const uint8_t *body;   /* after the common header */
    uint32_t body_len;     /* body bytes at body, checksum trailer excluded */
    int partial;           /* an event too large to hold: only its first
                              GP_EVENT_PREFIX bytes are at data (its
                              checksum was verified as it streamed by) */
    const uint8_t *last;   /* the last last_len bytes of the body (before */
    uint32_t last_len;     /* the checksum), even of a partial event */
} gp_event;


static inline uint64_t gp_event_end(const gp_event *ev)
{
    return ev->offset + ev->size;
}

/*
 * Decode the common header of the event at p (avail bytes there, offset its
 * file offset) and check its length against the header and the checksum
 * trailer.  fde is the format in force, NULL for the first event of a file
 * (then the header is the 19-byte v4 one, or 13 bytes for a binlog v1
 * Start_event_v3).  Does not look past the header: the caller makes sure
 * the event's size bytes exist (see gp_event_truncated).
 */
gtidpos_status gp_event_frame(gp_event *ev, const uint8_t *p, uint64_t avail,
                      uint64_t offset, const gp_fde *fde, const char *file,
                      gp_error *e);

/* Length of the checksum trailer of an event of this type: the FDE
 * carries its own algorithm byte and the FDE parser handles its trailer;
 * every other event follows the format in force. */
static inline uint32_t gp_event_trailer_len(uint8_t type, const gp_fde *fde)
{
    if (type == GP_EV_FORMAT_DESCRIPTION || fde == NULL ||
        fde->checksum_alg != GP_CHECKSUM_ALG_CRC32)
        return 0;
    return GP_CHECKSUM_LEN;
}

/* The common header fields of the event at p (hlen bytes there). */
/* The header fields after event_size and type (v1's 13-byte header has
 * neither log_pos nor flags).  Shared by gp_event_decode_header and the
 * walker's fast path, which reads size and type first to decide. */
static inline void gp_event_load_header_rest(gp_event *ev, const uint8_t *p, uint8_t hlen)
{
    ev->timestamp = gp_load_u32le(p + GP_EVH_TIMESTAMP);
    ev->server_id = gp_load_u32le(p + GP_EVH_SERVER_ID);
    if (hlen >= GP_EVH_LEN_V4) {
        ev->log_pos = gp_load_u32le(p + GP_EVH_LOG_POS);
        ev->flags = gp_load_u16le(p + GP_EVH_FLAGS);
    } else {
        ev->log_pos = 0;
        ev->flags = 0;
    }
}

static inline void gp_event_decode_header(gp_event *ev, const uint8_t *p,
                                          uint64_t offset, uint8_t hlen)
{
    ev->offset = offset;
    ev->data = p;
    ev->header_len = hlen;
    ev->type = p[GP_EVH_TYPE];
    ev->size = gp_load_u32le(p + GP_EVH_EVENT_SIZE);
    gp_event_load_header_rest(ev, p, hlen);
    ev->body = NULL;
    ev->body_len = 0;
    ev->partial = 0;
}

/* Point body/body_len and last at a whole event's body of body_len bytes
 * (its size less the header and the checksum trailer). */
static inline void gp_event_set_whole_body(gp_event *ev, uint32_t body_len)
{
    ev->body = ev->data + ev->header_len;
    ev->partial = 0;
    ev->body_len = body_len;
    ev->last_len = body_len < GP_EVENT_LAST ? body_len : GP_EVENT_LAST;
    ev->last = ev->body + body_len - ev->last_len;
}

/* Point body/body_len (and last) at the event's bytes once have of them
 * are at data. */
static inline void gp_event_set_body(gp_event *ev, const gp_fde *fde, uint32_t have)
{
    if (have >= ev->size) {
        gp_event_set_whole_body(ev, ev->size - ev->header_len -
                                        gp_event_trailer_len(ev->type, fde));
        return;
    }
    ev->body = ev->data + ev->header_len;
    ev->partial = 1;
    ev->body_len = have - ev->header_len;
}

/* The error for an event whose size runs past the end of the file. */
gtidpos_status gp_event_truncated(const gp_event *ev, uint64_t left, const char *file,
                          gp_error *e);

/* Does the event's CRC32 trailer match?  The event must be whole and its
 * format must say CRC32. */
static inline int gp_event_crc_ok(const gp_event *ev)
{
    uint32_t n = ev->size - GP_CHECKSUM_LEN;
    return gp_crc32(0, ev->data, n) == gp_load_u32le(ev->data + n);
}

/* "Query", "Gtid", ...; "type N" text for unknown codes, in buf. */
const char *gp_event_name(uint8_t type, char buf[16]);

#endif
