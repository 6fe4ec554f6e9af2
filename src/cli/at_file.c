/* SPDX-License-Identifier: BSD-2-Clause */
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
#include "progress.h"
#include "records.h"
#include "walk_opts.h"

/* set's warnings on stderr, then its text (format) on stdout; file: the
 * name to print (a --label for "-"). */
static int print_answer(const gtidpos_set *set, const char *file,
                        char *(*format)(const gtidpos_set *set, const char *file, uint64_t pos))
{
    char *text;

    gp_progress_hold_active(); /* the walk is over: the answer, not the line */
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

/* "-: offset N: ..." as "NAME: offset N: ..." (--label); the exit status. */
static int report_as(const gtidpos_error *err, const char *file, const char *name)
{
    gp_progress_hold_active();
    return gp_report_named_to(stderr, err, strcmp(file, name) != 0 ? name : NULL);
}

/* The answer at pos of file (called name in what is printed), printed by
 * format (text or JSON). */
static int answer(const char *file, const char *name, uint64_t pos, const gp_walk_opts *opt,
                  char *(*format)(const gtidpos_set *set, const char *file, uint64_t pos))
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    GP_ERROR_VAR(err);
    int status;

    GP_OPTIONS_VAR(lopt, opt);

    if (gtidpos_open(&log, file, lopt, err) != GTIDPOS_OK ||
        gtidpos_at(log, pos, &set, err) != GTIDPOS_OK)
        status = report_as(err, file, name);
    else
        status = print_answer(set, name, format);
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
    return gp_json_add_schema(gtidpos_set_format_json(set, file));
}

/* FILE<TAB>POS<TAB>SET, FILE with TSV's escapes (a TAB or newline in a
 * name must not break the record). */
static char *format_tagged(const gtidpos_set *set, const char *file, uint64_t pos)
{
    char *gtids = gtidpos_set_format(set), *line = NULL;
    size_t n = 0;
    FILE *out;

    if (gtids == NULL)
        return NULL;
    if ((out = open_memstream(&line, &n)) != NULL) {
        gp_put_tsv(out, file);
        fprintf(out, "\t%llu\t%s", (unsigned long long)pos, gtids);
        if (fclose(out) != 0) {
            free(line);
            line = NULL;
        }
    }
    free(gtids);
    return line;
}

int gp_at_file(const char *file, uint64_t pos, const gp_walk_opts *opt, int json)
{
    return answer(file, file, pos, opt, json ? format_json : format_text);
}

int gp_at_file_as(const char *file, const char *name, uint64_t pos, const gp_walk_opts *opt,
                  int json)
{
    return answer(file, name, pos, opt, json ? format_json : format_text);
}

int gp_at_file_tagged(const char *file, const char *name, uint64_t pos,
                      const gp_walk_opts *opt)
{
    return answer(file, name, pos, opt, format_tagged);
}

int gp_at_print(const gtidpos_set *set, const char *file, int json)
{
    return gp_flush_stdout("answer", print_answer(set, file, json ? format_json : format_text));
}

/* ------------------------------------------- answers kept for later */

void gp_at_kept_free(gp_at_kept *k)
{
    free(k->out);
    free(k->err);
    k->out = k->err = NULL;
}

int gp_at_keep(gp_at_kept *k, const gtidpos_set *set, const char *name, uint64_t pos, int json)
{
    size_t n = 0;
    FILE *err;

    gp_at_kept_free(k);
    k->out = json ? format_json(set, name, pos) : format_tagged(set, name, pos);
    if ((err = open_memstream(&k->err, &n)) != NULL) {
        gp_print_set_warnings(err, set);
        if (fclose(err) != 0) {
            free(k->err);
            k->err = NULL;
        }
    }
    if (k->out == NULL || k->err == NULL) {
        gp_at_kept_free(k);
        return -1;
    }
    return 0;
}

int gp_at_print_kept(gp_at_kept *k)
{
    gp_progress_hold_active();
    fputs(k->err, stderr);
    printf("%s\n", k->out);
    gp_at_kept_free(k);
    return gp_flush_stdout("answer", GP_EXIT_OK);
}
