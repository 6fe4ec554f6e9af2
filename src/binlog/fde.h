/*
 * fde.h - the Format_description event (and the Start_event_v3 of binlog
 * versions 1 and 3): how every later event of the file is framed.
 */
#ifndef GP_BINLOG_FDE_H
#define GP_BINLOG_FDE_H

#include <stdint.h>

#include "common/error.h"
#include "gtid/gtid_common.h" /* gp_flavor */

typedef struct gp_fde {
    uint16_t binlog_version;  /* 1 to 4 */
    char server_version[51];  /* NUL-terminated */
    uint32_t version_product; /* major*10000 + minor*100 + patch */
    gp_flavor flavor;
    uint8_t header_len;       /* common header length: 13, 19, or more */
    uint8_t n_post_header;    /* entries in post_header_len */
    uint8_t post_header_len[256];
    int has_checksum_alg;     /* the FDE carries the algorithm byte */
    uint8_t checksum_alg;     /* GP_CHECKSUM_ALG_*; OFF when absent */
} gp_fde;

/*
 * Parse a Format_description (type 15) or Start_event_v3 (type 1) event.
 * ev/len: the whole event, header included.  header_len: the common header
 * length in force when the event was framed (19, or 13 for v1).
 * Does not verify the checksum (see gp_fde_crc_ok).
 */
gp_err gp_fde_parse(gp_fde *f, const uint8_t *ev, uint32_t len,
                    uint8_t header_len, const char *file, uint64_t offset,
                    gp_error *e);

/* Does the FDE's own stored CRC match?  Computed with the in-use flag
 * cleared (see format.h).  Only meaningful when checksum_alg is CRC32. */
int gp_fde_crc_ok(const uint8_t *ev, uint32_t len);

/* Post-header length of a type, 0 when the FDE does not list it. */
static inline uint8_t gp_fde_post_header(const gp_fde *f, uint8_t type)
{
    return (type >= 1 && type <= f->n_post_header) ? f->post_header_len[type - 1]
                                                   : 0;
}

/* "5.7.18-log" -> 50718; 0 when no leading "X.Y.Z". */
uint32_t gp_version_product(const char *server_version);
gp_flavor gp_flavor_of_version(const char *server_version);

#endif
