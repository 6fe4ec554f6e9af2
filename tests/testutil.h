/* SPDX-License-Identifier: BSD-2-Clause */
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

/* xorshift64*: the next pseudo-random number of the sequence in *state
 * (seeded by the test, never 0), so that a failure can be replayed. */
uint64_t gp_test_rng_next(uint64_t *state);

/* Write len bytes of data to path (created or truncated); aborts the test
 * on failure. */
void gp_test_write_file(const char *path, const void *data, size_t len);

/* A public error object (gtidpos_error_new()) freed when the variable goes
 * out of scope (the cleanup attribute of gcc and clang); aborts the test
 * when none can be made. */
struct gtidpos_error;
#define GP_TEST_ERROR(name)                                                      \
    struct gtidpos_error *name __attribute__((cleanup(gp_test_error_release))) = \
        gp_test_error_make()
struct gtidpos_error *gp_test_error_make(void);
void gp_test_error_release(struct gtidpos_error **err);

/* A public options object (gtidpos_options_new()) with verify, io and
 * flavor set, freed at scope exit like GP_TEST_ERROR. */
struct gtidpos_options;
#define GP_TEST_OPTIONS(name, verify, io, flavor)                                   \
    struct gtidpos_options *name __attribute__((cleanup(gp_test_options_release))) = \
        gp_test_options_make((int)(verify), (int)(io), (int)(flavor))
struct gtidpos_options *gp_test_options_make(int verify, int io, int flavor);
void gp_test_options_release(struct gtidpos_options **opt);

#endif
