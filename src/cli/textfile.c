/*
 * textfile.c - see textfile.h.
 */
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
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

gtidpos_status gp_write_atomic(const char *path, const char *buf, size_t len, gtidpos_error *e)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(dirlen + strlen(slash ? slash + 1 : path) + 16);
    mode_t mask;
    int fd, saved;
    size_t off = 0;

    if (tmp == NULL)
        return gp_set_error(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    memcpy(tmp, path, dirlen);
    sprintf(tmp + dirlen, ".%s.XXXXXX", slash ? slash + 1 : path);
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
    if (fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    return GTIDPOS_OK;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return gp_set_error(e, GTIDPOS_ERR_IO, path, -1, "cannot write: %s", strerror(saved));
}
