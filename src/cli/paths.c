/*
 * paths.c - PATH arguments expanded into log files (see paths.h).
 */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static gtidpos_status fail(gtidpos_error *err, gtidpos_status st, const char *path,
                           const char *what)
{
    err->code = st;
    err->offset = -1;
    snprintf(err->message, sizeof err->message, "%s: %s", path, what);
    return st;
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
