#include "fde.h"

#include <string.h>

#include "crc.h"
#include "format.h"
#include "reader.h"

uint32_t gp_version_product(const char *v)
{
    uint32_t part[3] = {0, 0, 0};
    int i = 0;

    for (; i < 3; i++) {
        int digits = 0;
        while (*v >= '0' && *v <= '9' && digits < 4) {
            part[i] = part[i] * 10 + (uint32_t)(*v++ - '0');
            digits++;
        }
        if (digits == 0)
            return 0;
        if (i < 2) {
            if (*v != '.')
                return 0;
            v++;
        }
    }
    if (part[1] > 99 || part[2] > 99)
        return 0;
    return part[0] * 10000 + part[1] * 100 + part[2];
}

gp_flavor gp_flavor_of_version(const char *v)
{
    /* MariaDB puts its name in the version ("10.11.6-MariaDB-log"); some
     * MariaDB 5.x builds and forks wrote "-maria-". */
    if (strstr(v, "MariaDB") != NULL || strstr(v, "-maria-") != NULL)
        return GP_FLAVOR_MARIADB;
    return GP_FLAVOR_MYSQL;
}

/* Servers from MySQL 5.6.1 and MariaDB 5.3.0 append the checksum algorithm
 * byte and a CRC to every FDE (MySQL Format_description_event,
 * checksum_version_split; MariaDB is_version_before_checksum). */
static int fde_has_checksum_alg(const gp_fde *f)
{
    uint32_t first = f->flavor == GP_FLAVOR_MARIADB ? GP_MARIADB_CHECKSUM_VERSION
                                                    : GP_MYSQL_CHECKSUM_VERSION;
    return f->version_product >= first;
}

static void copy_version(gp_fde *f, const uint8_t *p)
{
    size_t n = 0;
    while (n < GP_FDE_SERVER_VERSION_LEN && p[n] != '\0')
        n++;
    memcpy(f->server_version, p, n);
    f->server_version[n] = '\0';
    f->version_product = gp_version_product(f->server_version);
    f->flavor = gp_flavor_of_version(f->server_version);
}

gp_err gp_fde_parse(gp_fde *f, const uint8_t *ev, uint32_t len,
                    uint8_t header_len, const char *file, uint64_t offset,
                    gp_error *e)
{
    gp_rd r;
    const uint8_t *ver;
    uint8_t type, hlen;
    size_t tail;

    memset(f, 0, sizeof *f);
    if (len < header_len)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event shorter than its header");
    type = ev[GP_EVH_TYPE];
    r = gp_rd_make(ev + header_len, len - header_len);
    if (gp_rd_u16le(&r, &f->binlog_version) != 0 ||
        gp_rd_bytes(&r, GP_FDE_SERVER_VERSION_LEN, &ver) != 0 ||
        gp_rd_skip(&r, 4) != 0)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short (%u bytes)", len);
    copy_version(f, ver);

    if (type == GP_EV_START_V3) {
        /* 1: MySQL 3.23, 13-byte header; 2: 4.0.0-4.0.1; 3: 4.0.2-4.1 */
        if (f->binlog_version < 1 || f->binlog_version > 3)
            return gp_error_set(e, GP_ERR_UNSUPPORTED, file, (int64_t)offset,
                                "Start_event_v3 declares binlog version %u",
                                f->binlog_version);
        f->header_len = f->binlog_version == 1 ? GP_EVH_LEN_V1 : GP_EVH_LEN_V4;
        return GP_OK;
    }
    if (f->binlog_version != 4)
        return gp_error_set(e, GP_ERR_UNSUPPORTED, file, (int64_t)offset,
                            "binlog version %u (only 1 to 4 exist)",
                            f->binlog_version);
    if (gp_rd_u8(&r, &hlen) != 0)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short (%u bytes)", len);
    if (hlen < GP_EVH_LEN_V4)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "common header length %u is below 19", hlen);
    f->header_len = hlen;
    f->has_checksum_alg = fde_has_checksum_alg(f);
    tail = f->has_checksum_alg ? 1 + GP_CHECKSUM_LEN : 0;
    if (gp_rd_left(&r) < tail)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short for its "
                            "checksum fields (%u bytes)", len);
    if (gp_rd_left(&r) - tail > 255)
        return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event lists %zu event types",
                            gp_rd_left(&r) - tail);
    f->n_post_header = (uint8_t)(gp_rd_left(&r) - tail);
    memcpy(f->post_header_len, r.p, f->n_post_header);
    if (f->has_checksum_alg) {
        f->checksum_alg = r.p[f->n_post_header];
        if (f->checksum_alg != GP_CHECKSUM_ALG_OFF &&
            f->checksum_alg != GP_CHECKSUM_ALG_CRC32)
            return gp_error_set(e, GP_ERR_CORRUPT, file, (int64_t)offset,
                                "unknown checksum algorithm %u", f->checksum_alg);
    }
    return GP_OK;
}

int gp_fde_crc_ok(const uint8_t *ev, uint32_t len)
{
    uint8_t flags_lo;
    uint32_t crc;

    if (len < GP_EVH_LEN_V4 + GP_CHECKSUM_LEN)
        return 0;
    flags_lo = (uint8_t)(ev[GP_EVH_FLAGS] & ~GP_LOG_EVENT_BINLOG_IN_USE_F);
    crc = gp_crc32(0, ev, GP_EVH_FLAGS);
    crc = gp_crc32(crc, &flags_lo, 1);
    crc = gp_crc32(crc, ev + GP_EVH_FLAGS + 1, len - GP_CHECKSUM_LEN - GP_EVH_FLAGS - 1);
    return crc == gp_load_u32le(ev + len - GP_CHECKSUM_LEN);
}
