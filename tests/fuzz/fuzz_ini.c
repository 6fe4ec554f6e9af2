/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_ini.c - libFuzzer target: the Ansible INI inventory reader, the
 * command's own (src/cli/ansible_ini.c, linked through FUZZ_CLI_SRCS).
 * On error nothing is kept and the error says why; on success every host
 * and variable can be looked up again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ansible_ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_ini ini;
    gtidpos_error *e = gtidpos_error_new();
    gtidpos_status rc;

    if (e == NULL)
        abort();
    rc = gp_ini_parse(&ini, (const char *)data, size, "fuzz", e);
    if (rc != GTIDPOS_OK) {
        if (ini.n_sections != 0 || gtidpos_error_message(e)[0] == '\0')
            abort();
        gtidpos_error_free(e);
        return 0;
    }
    gtidpos_error_free(e);
    for (size_t i = 0; i < ini.n_sections; i++) {
        const gp_ini_section *s = &ini.sections[i];
        if (s->group == NULL || s->group[0] == '\0')
            abort();
        for (size_t j = 0; j < s->n_entries; j++) {
            const gp_ini_entry *h = &s->entries[j];
            if (s->kind == GP_INI_HOSTS) {
                for (size_t k = 0; k < h->n_vars; k++)
                    if (gp_ini_host_var(&ini, s, h, h->vars[k].key) == NULL)
                        abort();
            }
        }
    }
    gp_ini_free(&ini);
    return 0;
}
