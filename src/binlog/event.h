/*
 * event.h - one framed event: a view into the bytes of the log.
 *
 * Zero-copy: data and body point into the mapping (or the caller's
 * buffer) and stay valid until the log is closed.
 */
#ifndef GP_BINLOG_EVENT_H
#define GP_BINLOG_EVENT_H

#include <stdint.h>

#include "common/error.h"
#include "fde.h"

typedef struct gp_event {
    uint64_t offset;       /* file offset of the first header byte */
    uint32_t timestamp;
    uint32_t server_id;
    uint32_t size;         /* event_size: header + body + checksum */
    uint32_t log_pos;      /* header log_pos (0 in binlog v1) */
    uint16_t flags;        /* header flags (0 in binlog v1) */
    uint8_t type;
    const uint8_t *data;   /* size bytes */
    const uint8_t *body;   /* after the common header */
    uint32_t body_len;     /* body bytes, checksum trailer excluded */
} gp_event;

static inline uint64_t gp_event_end(const gp_event *ev)
{
    return ev->offset + ev->size;
}

/*
 * Frame the event that starts at p (avail bytes available from p, offset
 * its file offset).  fde is the format in force, NULL for the first event
 * of a file (then the header is the 19-byte v4 one, or 13 bytes for a
 * binlog v1 Start_event_v3).  Checks the lengths, not the checksum.
 */
gp_err gp_event_frame(gp_event *ev, const uint8_t *p, uint64_t avail,
                      uint64_t offset, const gp_fde *fde, const char *file,
                      gp_error *e);

/* Does the event's CRC32 trailer match?  fde must say CRC32. */
int gp_event_crc_ok(const gp_event *ev);

/* "Query", "Gtid", ...; "type N" text for unknown codes, in buf. */
const char *gp_event_name(uint8_t type, char buf[16]);

#endif
