/* SPDX-License-Identifier: BSD-2-Clause */
#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"

int gp_parse_pos(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v > (UINT64_MAX - 1 - (uint64_t)(*s - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

int gp_parse_verify_option(const char *s, gtidpos_verify *out)
{
    if (strcmp(s, "all") == 0)
        *out = GTIDPOS_VERIFY_ALL;
    else if (strcmp(s, "gtid") == 0)
        *out = GTIDPOS_VERIFY_GTID;
    else if (strcmp(s, "none") == 0)
        *out = GTIDPOS_VERIFY_NONE;
    else
        return -1;
    return 0;
}

int gp_parse_flavor_option(const char *s, int *out)
{
    if (strcmp(s, "mysql") == 0)
        *out = GTIDPOS_FLAVOR_MYSQL;
    else if (strcmp(s, "mariadb") == 0)
        *out = GTIDPOS_FLAVOR_MARIADB;
    else
        return -1;
    return 0;
}

static const char *command_name;

void gp_args_set_command(const char *name)
{
    command_name = name;
}

const char *gp_args_command(void)
{
    return command_name;
}

int gp_usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("gtidpos: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (command_name != NULL)
        fprintf(stderr, " (try 'gtidpos %s --help')\n", command_name);
    else
        fputs(" (try 'gtidpos --help')\n", stderr);
    return GP_EXIT_USAGE;
}

int gp_option_error(char *const *argv, int c)
{
    const char *cmd = command_name ? command_name : "gtidpos";

    if (c == ':')
        return gp_usage_error("%s: option '%s' needs a value", cmd, argv[optind - 1]);
    return gp_usage_error("%s: unknown option '%s'", cmd, argv[optind - 1]);
}

/* Does the long option word (after "--", up to any '=') take its value
 * from the next word?  Abbreviations count as getopt_long takes them. */
static int long_takes_next(const char *word, const struct option *longopts)
{
    size_t n = strcspn(word, "=");
    const struct option *hit = NULL;

    if (word[n] == '=' || longopts == NULL)
        return 0;
    for (const struct option *o = longopts; o->name != NULL; o++) {
        if (strncmp(o->name, word, n) != 0)
            continue;
        if (strlen(o->name) == n)
            return o->has_arg == required_argument;
        hit = hit == NULL ? o : hit; /* an abbreviation: the first match */
    }
    return hit != NULL && hit->has_arg == required_argument;
}

int gp_args_wants_help(int argc, char *const *argv, const char *shortopts,
                       const struct option *longopts)
{
    const char *shorts = shortopts ? shortopts : "";

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0)
            return 0;
        if (a[0] != '-' || a[1] == '\0')
            continue;
        if (a[1] == '-') {
            if (strcmp(a + 2, "help") == 0)
                return 1;
            if (long_takes_next(a + 2, longopts))
                i++;
            continue;
        }
        /* a cluster of short options: -h, or one whose value follows */
        for (const char *p = a + 1; *p; p++) {
            const char *s = *p != ':' ? strchr(shorts, *p) : NULL;
            if (*p == 'h' && s != NULL)
                return 1;
            if (s != NULL && s[1] == ':') {
                if (p[1] == '\0')
                    i++;
                break;
            }
        }
    }
    return 0;
}

int gp_print_help(const char *text)
{
    fputs(text, stdout);
    return gp_flush_stdout("help", GP_EXIT_OK);
}

int gp_path_option(gp_path_opts *o, int c, const char *arg)
{
    switch (c) {
    case GP_OPT_FILES_FROM: o->files_from = arg; return 1;
    case GP_OPT_NULL: o->null = 1; return 1;
    case GP_OPT_LABEL: o->label = arg; return 1;
    case GP_OPT_PROGRESS: o->progress = 1; return 1;
    case GP_OPT_NO_PROGRESS: o->progress = 0; return 1;
    default: return 0;
    }
}
