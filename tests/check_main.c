/* SPDX-License-Identifier: BSD-2-Clause */
/* check_main.c - runs every suite; exits non-zero when any test fails. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    Suite *(*const suites[])(void) = {
        mysql_set_suite, mariadb_state_suite, reader_suite, fde_suite,
        decode_suite,    position_suite,      emit_suite,
        events_suite,        toml_suite,          resolve_suite,
        dm_checkpoints_suite, dm_task_suite, dm_config_suite,
        scan_suite,          logdir_suite,        verify_suite,
        source_suite,        position_split_suite, public_api_suite, public_scan_suite,
        public_dm_suite,     relaylog_suite,
        set_algebra_suite, span_suite, /* find, cover, diff (issue 14) */
    };
    SRunner *sr = srunner_create(NULL);
    int failed;

    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        srunner_add_suite(sr, suites[i]());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
