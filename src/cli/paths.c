#include "paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binlog/logdir.h"

/* Room for one more path in p. */
static gp_err grow(gp_paths *p, size_t *cap, const char *path, gp_error *e)
{
    if (p->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        char **grown = realloc(p->paths, ncap * sizeof *grown);
        if (grown == NULL)
            return gp_error_set(e, GP_ERR_NOMEM, path, -1, "out of memory");
        p->paths = grown;
        *cap = ncap;
    }
    return GP_OK;
}

static gp_err add(gp_paths *p, size_t *cap, const char *path, gp_error *e)
{
    gp_err rc = grow(p, cap, path, e);

    if (rc != GP_OK)
        return rc;
    if ((p->paths[p->n] = strdup(path)) == NULL)
        return gp_error_set(e, GP_ERR_NOMEM, path, -1, "out of memory");
    p->n++;
    return GP_OK;
}

/* Append a directory's log files, taking over the listing's strings. */
static gp_err add_dir(gp_paths *p, size_t *cap, const char *dir, gp_error *e)
{
    gp_logdir d;
    gp_err rc = gp_logdir_list(&d, dir, e);

    for (size_t k = 0; rc == GP_OK && k < d.n; k++) {
        if ((rc = grow(p, cap, dir, e)) == GP_OK) {
            p->paths[p->n++] = d.paths[k];
            d.paths[k] = NULL;
        }
    }
    gp_logdir_free(&d); /* what was not taken; a failed listing holds nothing */
    return rc;
}

gp_err gp_paths_expand(gp_paths *out, char *const *args, size_t n, gp_error *e)
{
    size_t cap = 0;
    int stdin_seen = 0;
    gp_err rc = GP_OK;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; rc == GP_OK && i < n; i++) {
        struct stat st;

        if (strcmp(args[i], "-") == 0) {
            if (stdin_seen++)
                rc = gp_error_set(e, GP_ERR_PARSE, "-", -1,
                                  "standard input given more than once");
            else
                rc = add(out, &cap, "-", e);
        } else if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = add_dir(out, &cap, args[i], e);
        } else {
            /* Missing or unreadable files are reported when opened, in
             * order with the others. */
            rc = add(out, &cap, args[i], e);
        }
    }
    if (rc != GP_OK)
        gp_paths_free(out);
    return rc;
}

void gp_paths_free(gp_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->paths[i]);
    free(p->paths);
    p->paths = NULL;
    p->n = 0;
}
