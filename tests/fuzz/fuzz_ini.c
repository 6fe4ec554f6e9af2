/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_ini.c - libFuzzer target: the Ansible INI inventory reader
 * (src/dm/ini.c).  On error nothing is kept; on success every host and
 * variable can be looked up again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gp_ini ini;
    gp_error e;

    gp_error_clear(&e);
    if (gp_ini_parse(&ini, (const char *)data, size, "fuzz", &e) != GTIDPOS_OK) {
        if (ini.n_sections != 0 || e.msg[0] == '\0')
            abort();
        return 0;
    }
    for (size_t i = 0; i < ini.n_sections; i++) {
        const gp_ini_section *s = &ini.sections[i];
        if (s->group == NULL || s->group[0] == '\0')
            abort();
        for (size_t j = 0; j < s->n_entries; j++) {
            const gp_ini_entry *h = &s->entries[j];
            if (s->kind == GTIDPOS_INI_HOSTS) {
                for (size_t k = 0; k < h->n_vars; k++)
                    if (gp_ini_host_var(&ini, s, h, h->vars[k].key) == NULL)
                        abort();
            }
        }
    }
    gp_ini_free(&ini);
    return 0;
}
