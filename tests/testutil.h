/* testutil.h - small helpers shared by the unit tests. */
#ifndef GP_TESTS_TESTUTIL_H
#define GP_TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Path of a file under the test data directory ($GP_TESTDATA, default
 * "testdata"), in a static buffer. */
const char *gp_test_path(const char *relative);

/* Read a whole file into a malloc'd buffer; aborts the test on failure. */
uint8_t *gp_test_slurp(const char *path, size_t *len);

#endif
