#include "crc.h"

#include <libdeflate.h>

uint32_t gp_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
    return libdeflate_crc32(crc, p, len);
}
