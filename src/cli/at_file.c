/*
 * at_file.c - `gtidpos at FILE[:POS]`, the main job, written on the public
 * library API (include/gtidpos.h) alone: what the command prints is what a
 * program linking libgtidpos gets.
 */
#include "at_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_emit.h"
#include "exit_status.h"

/* set's warnings on stderr, then its text (format) on stdout. */
static int print_answer(const gtidpos_set *set, const char *file,
                        char *(*format)(const gtidpos_set *set, const char *file, uint64_t pos))
{
    char *text;

    if (gp_at_emit_active())
        return gp_at_emit_print(set, file);
    gp_print_set_warnings(stderr, set);
    if ((text = format(set, file, gtidpos_set_position(set))) == NULL) {
        fprintf(stderr, "gtidpos: %s: out of memory\n", file);
        return GP_EXIT_INTERNAL;
    }
    printf("%s\n", text);
    free(text);
    return GP_EXIT_OK;
}

/* The answer at pos of file, printed by format (text or JSON). */
static int answer(const char *file, uint64_t pos, const gtidpos_options *opt,
                  char *(*format)(const gtidpos_set *set, const char *file, uint64_t pos))
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_error err;
    int status;

    if (gtidpos_open_with(&log, file, opt, &err) != GTIDPOS_OK ||
        gtidpos_at(log, pos, &set, &err) != GTIDPOS_OK)
        status = gp_report(&err);
    else
        status = print_answer(set, file, format);
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

int gp_at_print(const gtidpos_set *set, const char *file, int json)
{
    return gp_flush_stdout("answer", print_answer(set, file, json ? format_json : format_text));
}
