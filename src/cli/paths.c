/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * paths.c - PATH arguments expanded into log files (see paths.h).
 */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>

#include "args.h"
#include "exit_status.h"

static gtidpos_status fail(gtidpos_error *err, gtidpos_status st, const char *path,
                           const char *what)
{
    return gtidpos_error_set(err, st, path, -1, what);
}

/* Append n paths, taking them over (they are freed on failure). */
static gtidpos_status append(gp_paths *p, size_t *cap, char **paths, size_t n,
                             gtidpos_error *err)
{
    if (p->n + n > *cap) {
        size_t ncap = *cap ? *cap : 16;
        char **grown;
        while (ncap < p->n + n)
            ncap *= 2;
        if ((grown = realloc(p->paths, ncap * sizeof *grown)) == NULL) {
            for (size_t i = 0; i < n; i++)
                free(paths[i]);
            return fail(err, GTIDPOS_ERR_NOMEM, n ? paths[0] : "", "out of memory");
        }
        p->paths = grown;
        *cap = ncap;
    }
    memcpy(p->paths + p->n, paths, n * sizeof *paths);
    p->n += n;
    return GTIDPOS_OK;
}

gtidpos_status gp_paths_expand(gp_paths *out, char *const *args, size_t n, gtidpos_error *err)
{
    size_t cap = 0;
    int stdin_seen = 0;
    gtidpos_status st = GTIDPOS_OK;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; st == GTIDPOS_OK && i < n; i++) {
        struct stat sb;

        if (strcmp(args[i], "-") == 0 && stdin_seen++) {
            st = fail(err, GTIDPOS_ERR_PARSE, "-", "standard input given more than once");
        } else if (strcmp(args[i], "-") != 0 && stat(args[i], &sb) == 0 &&
                   S_ISDIR(sb.st_mode)) {
            char **files;
            size_t nfiles;
            if ((st = gtidpos_list_dir(args[i], &files, &nfiles, err)) == GTIDPOS_OK) {
                st = append(out, &cap, files, nfiles, err);
                free(files); /* the array; its paths were taken */
            }
        } else {
            /* Missing or unreadable files are reported when opened, in
             * order with the others. */
            char *copy = strdup(args[i]);
            st = copy != NULL ? append(out, &cap, &copy, 1, err)
                              : fail(err, GTIDPOS_ERR_NOMEM, args[i], "out of memory");
        }
    }
    if (st != GTIDPOS_OK)
        gp_paths_free(out);
    return st;
}

void gp_paths_free(gp_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->paths[i]);
    free(p->paths);
    p->paths = NULL;
    p->n = 0;
}

/* ---------------------------------------------- --files-from, --label */

/* Read the whole list (a file or standard input) into *buf. */
static gtidpos_status read_list(const char *from, char **buf, size_t *len, gtidpos_error *err)
{
    FILE *in = strcmp(from, "-") == 0 ? stdin : fopen(from, "rb");
    FILE *mem;
    char chunk[8192];
    size_t got;
    gtidpos_status st = GTIDPOS_OK;

    *buf = NULL;
    *len = 0;
    if (in == NULL)
        return gp_set_error(err, GTIDPOS_ERR_IO, from, -1, "--files-from: %s", strerror(errno));
    if ((mem = open_memstream(buf, len)) == NULL) {
        st = gp_set_error(err, GTIDPOS_ERR_NOMEM, from, -1, "out of memory");
    } else {
        while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
            fwrite(chunk, 1, got, mem);
        if (ferror(in))
            st = gp_set_error(err, GTIDPOS_ERR_IO, from, -1, "--files-from: %s",
                              strerror(errno));
        if (fclose(mem) != 0 && st == GTIDPOS_OK)
            st = gp_set_error(err, GTIDPOS_ERR_NOMEM, from, -1, "out of memory");
    }
    if (in != stdin)
        fclose(in);
    if (st != GTIDPOS_OK) {
        free(*buf);
        *buf = NULL;
    }
    return st;
}

gtidpos_status gp_paths_collect(gp_paths *out, const gp_path_opts *o, char *const *args,
                                size_t n, gtidpos_error *err)
{
    char *buf = NULL, **all;
    size_t len = 0, count = 0;
    gtidpos_status st;
    char sep = o->null ? '\0' : '\n';

    memset(out, 0, sizeof *out);
    if (o->files_from != NULL && (st = read_list(o->files_from, &buf, &len, err)) != GTIDPOS_OK)
        return st;
    for (size_t i = 0; i < len; i++)
        count += buf[i] == sep || i + 1 == len;
    if ((all = calloc(count + n + 1, sizeof *all)) == NULL) {
        free(buf);
        return gp_set_error(err, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    }
    count = 0;
    /* open_memstream keeps a NUL after the last byte: a last name without
     * its separator is terminated too */
    for (size_t i = 0, start = 0; i <= len && len > 0; i++) {
        if (i < len && buf[i] != sep)
            continue;
        buf[i] = '\0';
        if (buf[start] != '\0')
            all[count++] = buf + start;
        start = i + 1;
    }
    for (size_t i = 0; i < n; i++)
        all[count++] = args[i];
    if (o->files_from != NULL && strcmp(o->files_from, "-") == 0)
        for (size_t i = 0; i < count; i++)
            if (strcmp(all[i], "-") == 0) {
                free(all);
                free(buf);
                return gp_set_error(err, GTIDPOS_ERR_PARSE, "-", -1,
                                    "standard input holds the --files-from list; it "
                                    "cannot also be a PATH");
            }
    st = gp_paths_expand(out, all, count, err);
    out->label = o->label;
    free(all);
    free(buf);
    return st;
}

const char *gp_paths_name(const gp_paths *p, size_t i)
{
    return p->label != NULL && strcmp(p->paths[i], "-") == 0 ? p->label : p->paths[i];
}

int gp_paths_report(const gp_paths *p, size_t i, const gtidpos_error *err)
{
    return gp_paths_report_to(stderr, p, i, err);
}

int gp_paths_report_to(FILE *out, const gp_paths *p, size_t i, const gtidpos_error *err)
{
    return gp_report_named_to(out, err, strcmp(p->paths[i], "-") == 0 ? p->label : NULL);
}
