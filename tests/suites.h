/* SPDX-License-Identifier: BSD-2-Clause */
/* suites.h - every test file exports one Suite; check_main.c runs them all. */
#ifndef GP_TESTS_SUITES_H
#define GP_TESTS_SUITES_H

#include <check.h>

Suite *mysql_set_suite(void);
Suite *mariadb_state_suite(void);
Suite *reader_suite(void);
Suite *fde_suite(void);
Suite *decode_suite(void);
Suite *position_suite(void);
Suite *position_split_suite(void);
Suite *emit_suite(void);
Suite *events_suite(void);
Suite *toml_suite(void);
Suite *resolve_suite(void);
Suite *dm_checkpoints_suite(void);
Suite *dm_task_suite(void);
Suite *dm_config_suite(void);
Suite *scan_suite(void);
Suite *logdir_suite(void);
Suite *verify_suite(void);
Suite *source_suite(void);
Suite *public_api_suite(void);
Suite *public_scan_suite(void);
Suite *public_dm_suite(void);
Suite *relaylog_suite(void);
/* find, cover, diff (issue 14) */
Suite *set_algebra_suite(void);
Suite *span_suite(void);

#endif
