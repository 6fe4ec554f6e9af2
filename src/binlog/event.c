#include "event.h"

#include <stdio.h>

#include "crc.h"
#include "event_names.h"
#include "format.h"
#include "reader.h"

/* A binlog v1 (MySQL 3.23) file starts with a Start_event_v3 shorter than
 * 19 + 56 bytes: its header is 13 bytes (mysqlbinlog's check_header). */
static uint8_t first_event_header_len(const uint8_t *p, uint64_t avail)
{
    if (avail >= GP_EVH_LEN_V1 && p[GP_EVH_TYPE] == GP_EV_START_V3 &&
        gp_load_u32le(p + GP_EVH_EVENT_SIZE) < GP_EVH_LEN_V4 + 56)
        return GP_EVH_LEN_V1;
    return GP_EVH_LEN_V4;
}

static uint32_t trailer_len(const gp_event *ev, const gp_fde *fde)
{
    /* The FDE carries its own algorithm byte and the FDE parser handles its
     * trailer; every other event follows the format in force. */
    if (ev->type == GP_EV_FORMAT_DESCRIPTION || fde == NULL ||
        fde->checksum_alg != GP_CHECKSUM_ALG_CRC32)
        return 0;
    return GP_CHECKSUM_LEN;
}

gp_err gp_event_frame(gp_event *ev, const uint8_t *p, uint64_t avail,
                      uint64_t offset, const gp_fde *fde, const char *file,
                      gp_error *e)
{
    uint8_t hlen = fde ? fde->header_len : first_event_header_len(p, avail);
    char name[16];

    if (avail < hlen)
        return gp_error_set(e, GP_ERR_TRUNCATED, file, (int64_t)offset,
                            "file ends inside an event header (%llu of %u bytes)",
                            (unsigned long long)avail, hlen);
    ev->offset = offset;
    ev->data = p;
    ev->header_len = hlen;
    ev->timestamp = gp_load_u32le(p + GP_EVH_TIMESTAMP);
    ev->type = p[GP_EVH_TYPE];
    ev->server_id = gp_load_u32le(p + GP_EVH_SERVER_ID);
    ev->size = gp_load_u32le(p + GP_EVH_EVENT_SIZE);
    if (hlen >= GP_EVH_LEN_V4) {
        ev->log_pos = gp_load_u32le(p + GP_EVH_LOG_POS);
        ev->flags = gp_load_u16le(p + GP_EVH_FLAGS);
    } else {
        ev->log_pos = 0;
        ev->flags = 0;
    }
    ev->body = NULL;
    ev->body_len = 0;
    ev->partial = 0;
    if (ev->size < (uint64_t)hlen + trailer_len(ev, fde))
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "%s event length %u is below the %u-byte minimum",
                            gp_event_name(ev->type, name), ev->size,
                            hlen + trailer_len(ev, fde));
    return GP_OK;
}

void gp_event_set_body(gp_event *ev, const gp_fde *fde, uint32_t have)
{
    ev->body = ev->data + ev->header_len;
    ev->partial = have < ev->size;
    ev->body_len = ev->partial ? have - ev->header_len
                               : ev->size - ev->header_len - trailer_len(ev, fde);
    if (!ev->partial) {
        ev->last_len = ev->body_len < GP_EVENT_LAST ? ev->body_len : GP_EVENT_LAST;
        ev->last = ev->body + ev->body_len - ev->last_len;
    }
}

gp_err gp_event_truncated(const gp_event *ev, uint64_t left, const char *file,
                          gp_error *e)
{
    char name[16];

    return gp_error_set(e, GP_ERR_TRUNCATED, file, (int64_t)ev->offset,
                        "%s event of %u bytes runs past the end of the file "
                        "(%llu bytes left)",
                        gp_event_name(ev->type, name), ev->size,
                        (unsigned long long)left);
}

int gp_event_crc_ok(const gp_event *ev)
{
    uint32_t n = ev->size - GP_CHECKSUM_LEN;
    return gp_crc32(0, ev->data, n) == gp_load_u32le(ev->data + n);
}

const char *gp_event_name(uint8_t type, char buf[16])
{
    const char *name = gp_event_type_name(type);
    if (name != NULL)
        return name;
    snprintf(buf, 16, "type %u", type);
    return buf;
}
