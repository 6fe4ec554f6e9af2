/* SPDX-License-Identifier: BSD-2-Clause */
/* args.h - option values and argument habits shared by the subcommands
 * (public API types only). */
#ifndef GP_CLI_ARGS_H
#define GP_CLI_ARGS_H

#include <getopt.h>
#include <stdint.h>

#include "gtidpos.h"

/* A byte offset: decimal digits only, no sign, no overflow.  0 or -1. */
int gp_parse_pos(const char *s, uint64_t *out);

/* --verify: none | gtid | all.  0 or -1. */
int gp_parse_verify_option(const char *s, gtidpos_verify *out);

/* --flavor: mysql | mariadb, as GTIDPOS_FLAVOR_*.  0 or -1. */
int gp_parse_flavor_option(const char *s, int *out);

/* ------------------------------------------------------------------
 * Habits every command follows (issue 14), for any command to adopt:
 *
 *     if (gp_args_wants_help(argc, argv, SHORTOPTS, longopts))
 *         return gp_print_help(usage);
 *     optind = 1; opterr = 0;
 *     while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
 *         ... if (gp_path_option(&po, c, optarg)) continue; ...
 *         ... default: return gp_option_error(argv, c);
 *
 * SHORTOPTS starts with ':' and not with '+': GNU getopt_long then takes
 * options after the operands as well, and "--" ends the options.
 */

/* The command being run ("at", "scan"...): usage hints name its --help
 * ("try 'gtidpos at --help'").  Set by main.c before dispatching. */
void gp_args_set_command(const char *name);
const char *gp_args_command(void);

/* Does --help (or -h, when shortopts has 'h') appear anywhere before "--"?
 * The values of options that take one (from longopts and shortopts) are
 * skipped, so "--label --help" names a file "--help".  The help then wins
 * over any other mistake on the line, as in GNU tools. */
int gp_args_wants_help(int argc, char *const *argv, const char *shortopts,
                       const struct option *longopts);

/* Print a help text on stdout and flush it: GP_EXIT_OK, or GP_EXIT_IO
 * after a message when it could not be written (>/dev/full). */
int gp_print_help(const char *text);

/* getopt_long returned ':' or '?' (opterr 0, shortopts starting with ':'):
 * the usage message for the option in argv[optind - 1]; returns 2. */
int gp_option_error(char *const *argv, int c);

/* The options of every command that takes PATH...:
 *   --files-from FILE  more PATHs, one per line ("-": standard input)
 *   -0, --null         the --files-from list is NUL-separated
 *   --label NAME       the name of "-" (standard input) in records and
 *                      messages
 *   --progress, --no-progress  force the progress line on or off
 * Their getopt values are outside the ASCII range, so that they clash with
 * no command's own (except '0' for -0). */
enum {
    GP_OPT_FILES_FROM = 0x4701,
    GP_OPT_LABEL,
    GP_OPT_PROGRESS,
    GP_OPT_NO_PROGRESS,
    GP_OPT_NULL = '0'
};
#define GP_PATH_SHORTOPTS "0"
#define GP_PATH_LONGOPTS                                          \
    {"files-from", required_argument, NULL, GP_OPT_FILES_FROM},   \
    {"null", no_argument, NULL, GP_OPT_NULL},                     \
    {"label", required_argument, NULL, GP_OPT_LABEL},             \
    {"progress", no_argument, NULL, GP_OPT_PROGRESS},             \
    {"no-progress", no_argument, NULL, GP_OPT_NO_PROGRESS}
#define GP_PATH_HELP                                                           \
    "  --files-from F read more PATHs from F, one per line (- : standard\n"   \
    "                 input); -0, --null: the names end in NUL bytes instead\n" \
    "  --label NAME   the name of '-' (standard input) in records, messages\n" \
    "  --progress, --no-progress  the progress line on stderr on or off\n"    \
    "                 (default: on when stderr is a terminal, TERM not dumb)\n"

typedef struct gp_path_opts {
    const char *files_from; /* NULL: none */
    int null;               /* -0 */
    const char *label;      /* NULL: "-" is called "-" */
    int progress;           /* -1 auto, 0 off, 1 on */
} gp_path_opts;

#define GP_PATH_OPTS_INIT {NULL, 0, NULL, -1}

/* Take option c if it is one of the above: 1; 0 when it is not. */
int gp_path_option(gp_path_opts *o, int c, const char *arg);

#endif
