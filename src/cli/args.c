#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"

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

int gp_parse_verify_option(const char *s, gtidpos_verify *out)
{
    if (strcmp(s, "all") == 0)
        *out = GTIDPOS_VERIFY_ALL;
    else if (strcmp(s, "gtid") == 0)
        *out = GTIDPOS_VERIFY_GTID;
    else if (strcmp(s, "none") == 0)
        *out = GTIDPOS_VERIFY_NONE;
    else
        return -1;
    return 0;
}

int gp_parse_flavor_option(const char *s, int *out)
{
    if (strcmp(s, "mysql") == 0)
        *out = GTIDPOS_FLAVOR_MYSQL;
    else if (strcmp(s, "mariadb") == 0)
        *out = GTIDPOS_FLAVOR_MARIADB;
    else
        return -1;
    return 0;
}

int gp_usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("gtidpos: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try 'gtidpos --help')\n", stderr);
    return GP_EXIT_USAGE;
}
