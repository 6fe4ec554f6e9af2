/* SPDX-License-Identifier: BSD-2-Clause */
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

gtidpos_status gp_event_frame(gp_event *ev, const uint8_t *p, uint64_t avail,
                      uint64_t offset, const gp_fde *fde, const char *file,
                      gp_error *e)
{
    uint8_t hlen = fde ? fde->header_len : first_event_header_len(p, avail);
    char name[16];

    if (avail < hlen)
        return gp_error_set(e, GTIDPOS_ERR_TRUNCATED, file, (int64_t)offset,
                            "file ends inside an event header (%llu of %u bytes)",
                            (unsigned long long)avail, hlen);
    gp_event_decode_header(ev, p, offset, hlen);
    if (ev->size < (uint64_t)hlen + gp_event_trailer_len(ev->type, fde))
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "%s event length %u is below the %u-byte minimum",
                            gp_event_name(ev->type, name), ev->size,
                            hlen + gp_event_trailer_len(ev->type, fde));
    return GTIDPOS_OK;
}

gtidpos_status gp_event_truncated(const gp_event *ev, uint64_t left, const char *file,
                          gp_error *e)
{
    char name[16];

    return gp_error_set(e, GTIDPOS_ERR_TRUNCATED, file, (int64_t)ev->offset,
                        "%s event of %u bytes runs past the end of the file "
                        "(%llu bytes left)",
                        gp_event_name(ev->type, name), ev->size,
                        (unsigned long long)left);
}

const char *gp_event_name(uint8_t type, char buf[16])
{
    const char *name = gp_event_type_name(type);
    if (name != NULL)
        return name;
    snprintf(buf, 16, "type %u", type);
    return buf;
}
