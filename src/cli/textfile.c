/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * textfile.c - see textfile.h.
 */
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_status.h"

gtidpos_status gp_read_text(const char *path, size_t max, char **buf, size_t *len, gtidpos_error *e)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "(stdin)" : path;
    size_t n = 0, cap = 4096;
    char *b;
    struct stat st;

    *buf = NULL;
    *len = 0;
    if (f == NULL)
        return gp_set_error(e, GTIDPOS_ERR_IO, name, -1, "%s", strerror(errno));
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(f);
        return gp_set_error(e, GTIDPOS_ERR_IO, name, -1, "is a directory");
    }
    if ((b = malloc(cap)) == NULL) {
        if (!is_stdin)
            fclose(f);
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, name, -1, "out of memory");
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb;
            if (cap > max + 1)
                break; /* n > max: refused below */
            if ((nb = realloc(b, cap * 2)) == NULL) {
                free(b);
                if (!is_stdin)
                    fclose(f);
                return gp_set_error(e, GTIDPOS_ERR_NOMEM, name, -1, "out of memory");
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0 || n > max)
            break;
    }
    if (ferror(f)) {
        int err = errno;
        free(b);
        if (!is_stdin)
            fclose(f);
        return gp_set_error(e, GTIDPOS_ERR_IO, name, -1, "%s", strerror(err));
    }
    if (!is_stdin)
        fclose(f);
    if (n > max) {
        free(b);
        return gp_set_error(e, GTIDPOS_ERR_PARSE, name, -1, "larger than %zu bytes", max);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return GTIDPOS_OK;
}

int gp_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

gtidpos_status gp_stage_file(const char *path, const char *buf, size_t len, int secret,
                             char **staged, gtidpos_error *e)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(dirlen + strlen(slash ? slash + 1 : path) + 16);
    mode_t mask;
    int fd, saved;
    size_t off = 0;

    *staged = NULL;
    if (tmp == NULL)
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    memcpy(tmp, path, dirlen);
    sprintf(tmp + dirlen, ".%s.XXXXXX", slash ? slash + 1 : path);
    /* mkstemp creates the file 0600: a password is never readable by
     * others, not even for a moment, whatever the umask */
    if ((fd = mkstemp(tmp)) < 0) {
        saved = errno;
        free(tmp);
        return gp_set_error(e, GTIDPOS_ERR_IO, path, -1,
                            "cannot create a temporary file next to it: %s", strerror(saved));
    }
    mask = umask(0);
    umask(mask);
    while (off < len) {
        ssize_t w = write(fd, buf + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        off += (size_t)w;
    }
    if (fchmod(fd, secret ? 0600 : 0666 & ~mask) != 0 || fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    *staged = tmp;
    return GTIDPOS_OK;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return gp_set_error(e, GTIDPOS_ERR_IO, path, -1, "cannot write: %s", strerror(saved));
}

gtidpos_status gp_commit_file(char *staged, const char *path, gtidpos_error *e)
{
    int saved;

    if (rename(staged, path) == 0) {
        free(staged);
        return GTIDPOS_OK;
    }
    saved = errno;
    gp_discard_file(staged);
    return gp_set_error(e, GTIDPOS_ERR_IO, path, -1, "cannot write: %s", strerror(saved));
}

void gp_discard_file(char *staged)
{
    if (staged != NULL)
        unlink(staged);
    free(staged);
}

gtidpos_status gp_write_atomic(const char *path, const char *buf, size_t len, int secret,
                               gtidpos_error *e)
{
    char *staged;
    gtidpos_status rc = gp_stage_file(path, buf, len, secret, &staged, e);
    return rc == GTIDPOS_OK ? gp_commit_file(staged, path, e) : rc;
}

/*
 * A relative path in a worker file, as the deployed worker resolved it:
 * DM-Ansible starts dm-worker in the deploy folder with
 * --config=conf/dm-worker.toml (its templates' run_dm-worker.sh), so
 * "./relay_log" is <deploy>/relay_log, not <deploy>/conf/relay_log.  The
 * tries: the config file's folder, then, when that folder is named conf,
 * the folder above it.  Returns the index of the first try that is a
 * directory, or -1; tries[] and *n_tries are filled either way.
 */
int gp_worker_relative(const char *config, const char *value, char tries[2][PATH_MAX],
                       int *n_tries)
{
    char real[PATH_MAX], *dir, *base;
    struct stat st;

    *n_tries = 0;
    if (realpath(config, real) == NULL)
        snprintf(real, sizeof real, "%s", config);
    dir = dirname(real);
    snprintf(tries[(*n_tries)++], PATH_MAX, "%s/%s", dir, value);
    base = strrchr(dir, '/');
    if (strcmp(base ? base + 1 : dir, "conf") == 0) {
        char up[PATH_MAX];
        snprintf(up, sizeof up, "%s", dir);
        snprintf(tries[(*n_tries)++], PATH_MAX, "%s/%s", dirname(up), value);
    }
    for (int i = 0; i < *n_tries; i++)
        if (stat(tries[i], &st) == 0 && S_ISDIR(st.st_mode))
            return i;
    return -1;
}

