/* SPDX-License-Identifier: BSD-2-Clause */
/* prog.c - a program a user of the installed packages would write: built
 * with `pkg-config --cflags --libs gtidpos` against the installed
 * libgtidpos-dev, run against the installed library package
 * (tools/deb_check.sh, tools/deb_chroot_check.sh).
 *
 *   prog --version   the header's version and the library's, which must
 *                    agree (the only calls whose form every version keeps)
 *   prog FILE        the GTID set executed at the end of FILE, as
 *                    `gtidpos at FILE` prints it
 *
 * Written for the 0.x API and the 1.0 API (issue 15, notes API1.md): the
 * error record became an opaque object and gtidpos_open() takes options.
 */
#include <gtidpos.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_version(void)
{
    printf("header %s (%d), library %s (%u)\n", GTIDPOS_VERSION_STRING, GTIDPOS_VERSION_NUMBER,
           gtidpos_version(), gtidpos_version_number());
    if (gtidpos_version_number() != (unsigned)GTIDPOS_VERSION_NUMBER ||
        strcmp(gtidpos_version(), GTIDPOS_VERSION_STRING) != 0) {
        fprintf(stderr, "prog: built with %s, running %s\n", GTIDPOS_VERSION_STRING, gtidpos_version());
        return 1;
    }
    return 0;
}

#if GTIDPOS_VERSION_MAJOR >= 1
static int print_set(const char *path)
{
    gtidpos_error *err = gtidpos_error_new();
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    char *text;
    int rc = 1;
    if (err == NULL)
        return 1;
    if (gtidpos_open(&log, path, NULL, err) != GTIDPOS_OK ||
        gtidpos_at(log, GTIDPOS_END, &set, err) != GTIDPOS_OK) {
        fprintf(stderr, "prog: %s (%s)\n", gtidpos_error_line(err),
                gtidpos_strerror(gtidpos_error_code(err)));
    } else if ((text = gtidpos_set_format(set)) != NULL) {
        printf("%s\n", text);
        free(text);
        rc = 0;
    }
    gtidpos_set_free(set);
    gtidpos_close(log);
    gtidpos_error_free(err);
    return rc;
}
#else
static int print_set(const char *path)
{
    gtidpos_log *log;
    gtidpos_set *set;
    gtidpos_error err;
    char *text;
    if (gtidpos_open(&log, path, &err) != GTIDPOS_OK) {
        fprintf(stderr, "prog: %s\n", err.message);
        return 1;
    }
    if (gtidpos_at(log, GTIDPOS_END, &set, &err) != GTIDPOS_OK) {
        fprintf(stderr, "prog: %s\n", err.message);
        gtidpos_close(log);
        return 1;
    }
    text = gtidpos_set_format(set);
    if (text != NULL)
        printf("%s\n", text);
    free(text);
    gtidpos_set_free(set);
    gtidpos_close(log);
    return text != NULL ? 0 : 1;
}
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: prog --version | prog FILE\n");
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0)
        return print_version();
    return print_set(argv[1]);
}
