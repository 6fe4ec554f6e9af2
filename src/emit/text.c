/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>

#include "emit.h"

int gp_emit_at_text(FILE *out, const gp_at_result *r)
{
    char *set = gp_at_result_set_text(r);

    if (set == NULL)
        return -1;
    fprintf(out, "%s\n", set);
    free(set);
    return 0;
}
