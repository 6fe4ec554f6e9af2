/* SPDX-License-Identifier: BSD-2-Clause */
#include "io/mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

gtidpos_status gp_map_open(gp_map *m, const char *path, gp_error *e)
{
    struct stat st;
    void *addr;
    int fd;

    m->data = NULL;
    m->size = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "is a directory");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1,
                            "not a regular file (pipes and devices are not "
                            "supported by 'at')");
    }
    if (st.st_size == 0) {
        close(fd);
        return GTIDPOS_OK;
    }
    if ((uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "file too large to map");
    }
    addr = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd); /* the mapping keeps the file open */
    if (addr == MAP_FAILED)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "mmap: %s", strerror(errno));
    /* One pass, front to back: let the kernel read ahead aggressively. */
    (void)madvise(addr, (size_t)st.st_size, MADV_SEQUENTIAL);
    (void)madvise(addr, (size_t)st.st_size, MADV_WILLNEED);
    m->data = addr;
    m->size = (uint64_t)st.st_size;
    return GTIDPOS_OK;
}

void gp_map_close(gp_map *m)
{
    if (m == NULL || m->data == NULL)
        return;
    munmap((void *)(uintptr_t)m->data, (size_t)m->size);
    m->data = NULL;
    m->size = 0;
}
