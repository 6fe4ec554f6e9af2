/* SPDX-License-Identifier: BSD-2-Clause */
/* answer_text.h - everything a gp_at() answer says, as one string, for
 * tests and fuzz targets that compare two ways of getting it. */
#ifndef GP_TESTS_ANSWER_TEXT_H
#define GP_TESTS_ANSWER_TEXT_H

#include "walk/position.h"
#include "binlog/walker.h"

/* "error CODE at OFFSET: MESSAGE", or the set, position, last and open
 * transactions, anonymous count and warnings: equal strings, equal
 * answers.  malloc'd; NULL when out of memory. */
char *gp_test_answer_text(gtidpos_status rc, const gp_at_result *r, const gp_error *err);

/* The text of gp_at(log, pos) on a log whose open returned open_rc (with
 * err set when it failed); the log is closed.  *walks (when not NULL)
 * receives the answer's walks, 0 after an error.  NULL when out of memory. */
char *gp_test_at_text(gp_log *log, gtidpos_status open_rc, gp_error *err, uint64_t pos, int *walks);

#endif
