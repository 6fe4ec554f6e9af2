/*
 * at_file.c - `gtidpos at FILE[:POS]`, the main job, written on the public
 * library API (include/gtidpos.h) alone: what the command prints is what a
 * program linking libgtidpos gets.
 */
#include "at_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"

static void print_warnings(const gtidpos_set *set)
{
    size_t dropped = gtidpos_set_warnings_dropped(set);

    for (size_t i = 0; i < gtidpos_set_warning_count(set); i++)
        fprintf(stderr, "gtidpos: warning: %s\n", gtidpos_set_warning(set, i));
    if (dropped > 0)
        fprintf(stderr, "gtidpos: warning: %zu more warning(s) not shown\n", dropped);
}

/* The answer at pos of file, printed by print (text or JSON). */
static int answer(const char *file, uint64_t pos, const gtidpos_options *opt,
                  char *(*format)(const gtidpos_set *set, const char *file, uint64_t pos))
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_error err;
    char *text = NULL;
    int status;

    if (gtidpos_open_with(&log, file, opt, &err) != GTIDPOS_OK ||
        gtidpos_at(log, pos, &set, &err) != GTIDPOS_OK) {
        status = gp_report(&err);
    } else {
        print_warnings(set);
        if ((text = format(set, file, gtidpos_set_position(set))) == NULL) {
            fprintf(stderr, "gtidpos: %s: out of memory\n", file);
            status = GP_EXIT_INTERNAL;
        } else {
            printf("%s\n", text);
            status = GP_EXIT_OK;
        }
    }
    free(text);
    gtidpos_set_free(set);
    gtidpos_close(log);
    return gp_flush_stdout("answer", status);
}

static char *format_text(const gtidpos_set *set, const char *file, uint64_t pos)
{
    (void)file, (void)pos;
    return gtidpos_set_format(set);
}

static char *format_json(const gtidpos_set *set, const char *file, uint64_t pos)
{
    (void)pos;
    return gtidpos_set_format_json(set, file);
}

/* FILE<TAB>POS<TAB>SET */
static char *format_tagged(const gtidpos_set *set, const char *file, uint64_t pos)
{
    char *gtids = gtidpos_set_format(set), *line = NULL;
    size_t n;

    if (gtids == NULL)
        return NULL;
    n = strlen(file) + strlen(gtids) + 24; /* two tabs, 20 digits, NUL */
    if ((line = malloc(n)) != NULL)
        snprintf(line, n, "%s\t%llu\t%s", file, (unsigned long long)pos, gtids);
    free(gtids);
    return line;
}

int gp_at_file(const char *file, uint64_t pos, const gtidpos_options *opt, int json)
{
    return answer(file, pos, opt, json ? format_json : format_text);
}

int gp_at_file_tagged(const char *file, uint64_t pos, const gtidpos_options *opt)
{
    return answer(file, pos, opt, format_tagged);
}
