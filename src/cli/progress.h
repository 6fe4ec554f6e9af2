/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.h - the progress line of long runs (issue 14): files and bytes
 * done, the rate and the time left, on stderr, redrawn four times a second
 * by a thread of its own, fed by the library's progress hook
 * (gp_progress_feed(): an atomic add per chunk read, never per event),
 * so that it costs the walk nothing.
 *
 * When: --progress forces it, --no-progress forbids it; otherwise it is
 * shown when stderr is a terminal and TERM is set and not "dumb", from
 * half a second on (GTIDPOS_PROGRESS_DELAY seconds: tests set 0).  On a
 * terminal the line is redrawn in place and erased at the end; forced into
 * a file or pipe, it is one line per second and a last line "done".
 *
 *     gp_progress *p = gp_progress_start("verify", po.progress, &paths);
 *     for each file: ...walk it...; gp_progress_file_done(p);
 *     gp_progress_stop(p);
 *
 * Anything written to stdout or stderr meanwhile goes between
 * gp_progress_hold() and gp_progress_release(), which erase the line and
 * keep it off the screen.  Every function takes NULL (progress off).
 */
#ifndef GP_CLI_PROGRESS_H
#define GP_CLI_PROGRESS_H

#include "paths.h"

typedef struct gp_progress gp_progress;

/* mode: -1 auto, 0 off, 1 on (gp_path_opts.progress).  NULL when off. */
gp_progress *gp_progress_start(const char *cmd, int mode, const gp_paths *paths);
void gp_progress_file_done(gp_progress *p);
void gp_progress_hold(gp_progress *p);
void gp_progress_release(gp_progress *p);
void gp_progress_stop(gp_progress *p);
/* gp_progress_hold() on the line running now, if any: for code that
 * prints an answer and does not hold the handle (at_file.c). */
void gp_progress_hold_active(void);
void gp_progress_release_active(void);
/* The library's progress hook (gtidpos_options_set_progress, set by
 * walk_opts.c on every options object): bytes read go to the line
 * running now, if any. */
void gp_progress_feed(void *ctx, uint64_t bytes);

#endif
