/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crc.h - CRC-32 of binlog events.
 *
 * libdeflate's crc32 (PCLMUL-accelerated) rather than zlib's: verifying
 * every event of a 1 GiB binlog costs about as much as walking its headers
 * with libdeflate, and several times that with zlib 1.2's crc32.
 */
#ifndef GP_BINLOG_CRC_H
#define GP_BINLOG_CRC_H

#include <stddef.h>
#include <stdint.h>

#include <libdeflate.h>

/* Continue a CRC-32 (start with crc = 0) over len bytes. */
static inline uint32_t gp_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
    return libdeflate_crc32(crc, p, len);
}

#endif
