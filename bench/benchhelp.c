/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * benchhelp.c - two small measuring aids for bench/run.sh (not part of
 * gtidpos; built by run.sh into a temporary directory).
 *
 *   benchhelp anonpeak [-o REPORT] -- CMD [ARGS...]
 *       Runs CMD under ptrace and reports the exact peak of its anonymous
 *       resident memory (RssAnon of /proc/PID/status), plus VmHWM (peak
 *       total RSS, file pages included) and RssAnon/RssFile at exit.
 *       CMD's stdin/stdout/stderr are inherited; the report goes to
 *       REPORT (default stderr) as "key=value" lines.  Exit status is
 *       CMD's (128+signal when killed).
 *
 *       Why this is exact: a process's anonymous RSS only ever shrinks
 *       through a system call (munmap, brk, madvise, mremap, exit) - or
 *       through swap-out, which cannot happen without swap.  Between two
 *       system calls it can only grow (page faults).  So its maximum is
 *       reached right before some system call or at exit, and sampling
 *       RssAnon at every syscall stop and at the PTRACE_EVENT_EXIT stop
 *       (taken before the kernel releases the address space) finds it.
 *       Sampling /proc from outside at intervals would miss short peaks.
 *       The kernel's RSS counters are per-CPU batched, so a read may lag
 *       by a few dozen pages per CPU; that bound is printed as
 *       rss_counter_slack_kb.
 *
 *   benchhelp touch FILE
 *       Maps FILE read-only and loads one byte of every 64-byte cache line
 *       (prints their sum).  The floor of any mmap-based reader that looks
 *       at every byte, as gtidpos does when it checks every CRC32: page
 *       faults, TLB and first-touch costs of a fresh mapping, no compute.
 *
 *   benchhelp events FILE
 *       Walks a binlog's v4 event headers (19-byte common header, event
 *       length at offset 9) and prints "events=N gtid_events=M
 *       bytes=SIZE complete=0|1".  Counts MariaDB GTID events (type 162)
 *       and MySQL GTID/anonymous-GTID events (33/34).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "benchhelp: %s: %s\n", what, strerror(errno));
    exit(125);
}

/* Reads the "Key:   N kB" fields of /proc/PID/status we care about. */
struct memsnap {
    long rss_anon_kb, rss_file_kb, vm_hwm_kb;
};

static int read_status(pid_t pid, struct memsnap *m)
{
    char path[64], line[256];
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    m->rss_anon_kb = m->rss_file_kb = m->vm_hwm_kb = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "RssAnon:", 8) == 0)
            m->rss_anon_kb = strtol(line + 8, NULL, 10);
        else if (strncmp(line, "RssFile:", 8) == 0)
            m->rss_file_kb = strtol(line + 8, NULL, 10);
        else if (strncmp(line, "VmHWM:", 6) == 0)
            m->vm_hwm_kb = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return m->rss_anon_kb < 0 ? -1 : 0;
}

static int cmd_anonpeak(int argc, char **argv)
{
    const char *report = NULL;
    FILE *out = stderr;
    int i = 1, st, exit_code = 125, live = 0, exec_seen = 0;
    long peak_anon = -1, samples = 0;
    struct memsnap m, at_exit = { -1, -1, -1 };
    pid_t child, w;
    long ncpu;

    if (i + 1 < argc && strcmp(argv[i], "-o") == 0) {
        report = argv[i + 1];
        i += 2;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i >= argc) {
        fprintf(stderr, "usage: benchhelp anonpeak [-o REPORT] -- CMD [ARGS...]\n");
        return 2;
    }

    child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
            die("ptrace(TRACEME)");
        raise(SIGSTOP);
        execvp(argv[i], argv + i);
        fprintf(stderr, "benchhelp: exec %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    if (waitpid(child, &st, 0) != child || !WIFSTOPPED(st))
        die("waitpid(initial stop)");
    if (ptrace(PTRACE_SETOPTIONS, child, NULL,
               (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
                              PTRACE_O_TRACEEXIT | PTRACE_O_TRACECLONE |
                              PTRACE_O_EXITKILL)) != 0)
        die("ptrace(SETOPTIONS)");
    live = 1;
    if (ptrace(PTRACE_SYSCALL, child, NULL, NULL) != 0)
        die("ptrace(SYSCALL)");

    while (live > 0) {
        int sig = 0;

        w = waitpid(-1, &st, __WALL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            die("waitpid");
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            live--;
            if (w == child)
                exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            continue;
        }
        if (!WIFSTOPPED(st))
            continue;

        if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
            /* syscall entry or exit stop: sample (address space of the
             * thread group; any thread's stop is fine) */
            if (exec_seen && read_status(child, &m) == 0) {
                samples++;
                if (m.rss_anon_kb > peak_anon)
                    peak_anon = m.rss_anon_kb;
            }
        } else if (WSTOPSIG(st) == SIGTRAP && (st >> 16) != 0) {
            switch (st >> 16) {
            case PTRACE_EVENT_EXEC:
                exec_seen = 1;
                peak_anon = -1; /* the pre-exec image does not count */
                break;
            case PTRACE_EVENT_CLONE:
                live++;
                break;
            case PTRACE_EVENT_EXIT:
                if (exec_seen && read_status(w == child ? child : w, &m) == 0) {
                    samples++;
                    if (m.rss_anon_kb > peak_anon)
                        peak_anon = m.rss_anon_kb;
                    if (w == child)
                        at_exit = m;
                }
                break;
            default:
                break;
            }
        } else if (WSTOPSIG(st) == SIGSTOP && w != child) {
            /* initial stop of a new thread: swallow */
        } else {
            sig = WSTOPSIG(st); /* pass real signals through */
        }
        if (ptrace(PTRACE_SYSCALL, w, NULL, (void *)(long)sig) != 0 && errno != ESRCH)
            die("ptrace(SYSCALL)");
    }

    if (report != NULL) {
        out = fopen(report, "w");
        if (out == NULL)
            die(report);
    }
    ncpu = sysconf(_SC_NPROCESSORS_CONF);
    if (ncpu < 1)
        ncpu = 1;
    fprintf(out, "rss_anon_peak_kb=%ld\n", peak_anon);
    fprintf(out, "rss_anon_exit_kb=%ld\n", at_exit.rss_anon_kb);
    fprintf(out, "rss_file_exit_kb=%ld\n", at_exit.rss_file_kb);
    fprintf(out, "vm_hwm_kb=%ld\n", at_exit.vm_hwm_kb);
    fprintf(out, "samples=%ld\n", samples);
    /* percpu_counter batch is max(32, 2*ncpus) pages per CPU */
    fprintf(out, "rss_counter_slack_kb=%ld\n",
            (ncpu * 2 > 32 ? ncpu * 2 : 32) * ncpu * (sysconf(_SC_PAGESIZE) / 1024));
    fprintf(out, "exit=%d\n", exit_code);
    if (out != stderr)
        fclose(out);
    return exit_code;
}

static int cmd_touch(const char *file)
{
    struct stat sb;
    const volatile unsigned char *p;
    unsigned long long sum = 0;
    size_t i, size;
    int fd = open(file, O_RDONLY);

    if (fd < 0 || fstat(fd, &sb) != 0)
        die(file);
    size = (size_t)sb.st_size;
    if (size == 0)
        return 0;
    p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        die("mmap");
    close(fd);
    for (i = 0; i < size; i += 64)
        sum += p[i];
    printf("%llu\n", sum);
    munmap((void *)p, size);
    return 0;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int cmd_events(const char *file)
{
    struct stat sb;
    const unsigned char *p;
    size_t pos = 4, size;
    unsigned long long events = 0, gtids = 0;
    int fd = open(file, O_RDONLY);

    if (fd < 0 || fstat(fd, &sb) != 0)
        die(file);
    size = (size_t)sb.st_size;
    if (size < 4) {
        fprintf(stderr, "benchhelp: %s: too short for a binlog\n", file);
        return 1;
    }
    p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        die("mmap");
    close(fd);
    if (memcmp(p, "\xfe" "bin", 4) != 0) {
        fprintf(stderr, "benchhelp: %s: no binlog magic\n", file);
        return 1;
    }
    while (size - pos >= 19) {
        uint32_t len = le32(p + pos + 9);
        unsigned type = p[pos + 4];

        if (len < 19 || len > size - pos)
            break;
        events++;
        if (type == 162 || type == 33 || type == 34)
            gtids++;
        pos += len;
    }
    printf("events=%llu gtid_events=%llu bytes=%zu complete=%d\n", events, gtids,
           size, pos == size);
    munmap((void *)p, size);
    return pos == size ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "anonpeak") == 0)
        return cmd_anonpeak(argc - 1, argv + 1);
    if (argc == 3 && strcmp(argv[1], "events") == 0)
        return cmd_events(argv[2]);
    if (argc == 3 && strcmp(argv[1], "touch") == 0)
        return cmd_touch(argv[2]);
    fprintf(stderr, "usage: benchhelp anonpeak [-o REPORT] -- CMD [ARGS...]\n"
                    "       benchhelp events BINLOG\n"
                    "       benchhelp touch FILE\n");
    return 2;
}
