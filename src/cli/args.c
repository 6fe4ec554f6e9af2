#include "args.h"

#include <string.h>

int gp_parse_pos(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v > (UINT64_MAX - 1 - (uint64_t)(*s - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

int gp_parse_verify(const char *s, gp_verify *out)
{
    if (strcmp(s, "all") == 0)
        *out = GP_VERIFY_ALL;
    else if (strcmp(s, "gtid") == 0)
        *out = GP_VERIFY_GTID;
    else if (strcmp(s, "none") == 0)
        *out = GP_VERIFY_NONE;
    else
        return -1;
    return 0;
}
