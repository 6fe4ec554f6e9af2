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

/* A copy of exactly len bytes that ends on a page boundary, the next page
 * mapped PROT_NONE: reading past len faults in every build, not only
 * under AddressSanitizer.  Free with exact_free(p, len). */
uint8_t *exact_copy(const uint8_t *src, size_t len);
void exact_free(uint8_t *p, size_t len);

#endif
