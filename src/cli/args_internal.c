/* args_internal.c - option values in the walker's types (args_internal.h). */
#include "args_internal.h"

int gp_parse_verify(const char *s, gp_verify *out)
{
    gtidpos_verify v;

    if (gp_parse_verify_option(s, &v) != 0)
        return -1;
    *out = v == GTIDPOS_VERIFY_NONE ? GP_VERIFY_NONE
         : v == GTIDPOS_VERIFY_GTID ? GP_VERIFY_GTID
                                    : GP_VERIFY_ALL;
    return 0;
}
