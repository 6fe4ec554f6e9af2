/* SPDX-License-Identifier: BSD-2-Clause */
#include "logdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Compressed copies keep their log name in front of the extension. */
static size_t strip_archive_ext(const char *name, size_t len)
{
    static const char *const exts[] = {".gz", ".zst"};

    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t n = strlen(exts[i]);
        if (len > n && strcmp(name + len - n, exts[i]) == 0)
            return len - n;
    }
    return len;
}

long long gp_logdir_seq(const char *name, size_t *base_len)
{
    size_t len = strip_archive_ext(name, strlen(name)), i = len;
    long long seq = 0;

    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    /* A dot, then 1..18 digits (no overflow), after a non-empty base. */
    if (i == len || len - i > 18 || i < 2 || name[i - 1] != '.')
        return -1;
    for (size_t k = i; k < len; k++)
        seq = seq * 10 + (name[k] - '0');
    if (base_len != NULL)
        *base_len = i - 1;
    return seq;
}

static gtidpos_status push(gp_logdir *d, size_t *cap, const char *dir, const char *name,
                   gp_error *e)
{
    size_t dlen = strlen(dir), need;
    char *p;

    while (dlen > 0 && dir[dlen - 1] == '/') /* "dir/" names "dir/f", not "dir//f" */
        dlen--;
    need = dlen + 1 + strlen(name) + 1;

    if (d->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        char **grown = realloc(d->paths, ncap * sizeof *grown);
        if (grown == NULL)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, dir, -1, "out of memory");
        d->paths = grown;
        *cap = ncap;
    }
    if ((p = malloc(need)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, dir, -1, "out of memory");
    snprintf(p, need, "%.*s/%s", (int)dlen, dir, name);
    d->paths[d->n++] = p;
    return GTIDPOS_OK;
}

static int is_regular(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Follow the index: one path per line; its last component names the file
 * in dir (the index was written on the server, whose paths differ). */
static gtidpos_status read_index(gp_logdir *d, size_t *cap, const char *dir, gp_error *e)
{
    FILE *f = fopen(d->index_path, "r");
    char line[4096];
    long lineno = 0;
    gtidpos_status rc = GTIDPOS_OK;

    if (f == NULL)
        return gp_error_set(e, GTIDPOS_ERR_IO, d->index_path, -1, "%s", strerror(errno));
    while (rc == GTIDPOS_OK && fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\r\n");
        const char *slash, *name;

        lineno++;
        line[len] = '\0';
        if (len == 0)
            continue;
        slash = strrchr(line, '/');
        name = slash ? slash + 1 : line;
        if (!is_regular(dir, name))
            rc = gp_error_set(e, GTIDPOS_ERR_IO, d->index_path, -1,
                              "line %ld names '%s', which is not a file in %s",
                              lineno, name, dir);
        else
            rc = push(d, cap, dir, name, e);
    }
    if (rc == GTIDPOS_OK && ferror(f))
        rc = gp_error_set(e, GTIDPOS_ERR_IO, d->index_path, -1, "read error");
    fclose(f);
    return rc;
}

static int by_base_then_seq(const void *a, const void *b)
{
    const char *x = strrchr(*(char *const *)a, '/') + 1;
    const char *y = strrchr(*(char *const *)b, '/') + 1;
    size_t bx, by;
    long long sx = gp_logdir_seq(x, &bx), sy = gp_logdir_seq(y, &by);
    int c = strncmp(x, y, bx < by ? bx : by);

    if (c != 0)
        return c;
    if (bx != by)
        return bx < by ? -1 : 1;
    if (sx != sy)
        return sx < sy ? -1 : 1;
    return strcmp(x, y); /* BASE.000007 before BASE.000007.gz */
}

gtidpos_status gp_logdir_list(gp_logdir *d, const char *dir, gp_error *e)
{
    DIR *dp;
    struct dirent *de;
    size_t cap = 0, n_index = 0;
    gtidpos_status rc = GTIDPOS_OK;

    memset(d, 0, sizeof *d);
    if ((dp = opendir(dir)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_IO, dir, -1, "%s", strerror(errno));
    while ((de = readdir(dp)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 6 && strcmp(de->d_name + len - 6, ".index") == 0 &&
            is_regular(dir, de->d_name)) {
            if (n_index++ == 0)
                snprintf(d->index_path, sizeof d->index_path, "%s/%s", dir, de->d_name);
        }
    }
    if (n_index > 1) {
        closedir(dp);
        return gp_error_set(e, GTIDPOS_ERR_PARSE, dir, -1,
                            "%zu *.index files: which log order to follow is "
                            "ambiguous; name the files instead", n_index);
    }
    if (n_index == 1) {
        closedir(dp);
        d->from_index = 1;
        rc = read_index(d, &cap, dir, e);
    } else {
        rewinddir(dp);
        while (rc == GTIDPOS_OK && (de = readdir(dp)) != NULL)
            if (gp_logdir_seq(de->d_name, NULL) >= 0 && is_regular(dir, de->d_name))
                rc = push(d, &cap, dir, de->d_name, e);
        closedir(dp);
        if (rc == GTIDPOS_OK && d->n > 1)
            qsort(d->paths, d->n, sizeof *d->paths, by_base_then_seq);
    }
    if (rc == GTIDPOS_OK && d->n == 0)
        rc = gp_error_set(e, GTIDPOS_ERR_IO, dir, -1,
                          d->from_index ? "the index lists no file"
                                        : "no log file (NAME.NNNNNN) in the directory");
    if (rc != GTIDPOS_OK)
        gp_logdir_free(d);
    return rc;
}

void gp_logdir_free(gp_logdir *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->paths[i]);
    free(d->paths);
    d->paths = NULL;
    d->n = 0;
}
