/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_results.c - the getters of the public results (include/gtidpos.h):
 * gtidpos_check_summary, gtidpos_find_result, gtidpos_cover_result,
 * gtidpos_diff_result (their insides: api.h).  Each takes NULL (0, "" or
 * NULL back).
 */
#include "api.h"

#include <stdlib.h>

/* ---- check summary ---------------------------------------------------- */

GTIDPOS_API uint64_t gtidpos_check_summary_events(const gtidpos_check_summary *s)
{
    return s != NULL ? s->events : 0;
}

GTIDPOS_API uint64_t gtidpos_check_summary_bytes(const gtidpos_check_summary *s)
{
    return s != NULL ? s->bytes : 0;
}

GTIDPOS_API unsigned gtidpos_check_summary_problems(const gtidpos_check_summary *s)
{
    return s != NULL ? s->problems : 0;
}

GTIDPOS_API unsigned gtidpos_check_summary_notes(const gtidpos_check_summary *s)
{
    return s != NULL ? s->notes : 0;
}

GTIDPOS_API gtidpos_flavor gtidpos_check_summary_flavor(const gtidpos_check_summary *s)
{
    return s != NULL ? (gtidpos_flavor)s->flavor : GTIDPOS_FLAVOR_UNKNOWN;
}

GTIDPOS_API int gtidpos_check_summary_in_use(const gtidpos_check_summary *s)
{
    return s != NULL && s->in_use;
}

GTIDPOS_API int gtidpos_check_summary_relay(const gtidpos_check_summary *s)
{
    return s != NULL && s->relay;
}

GTIDPOS_API int gtidpos_check_summary_positions_checked(const gtidpos_check_summary *s)
{
    return s != NULL && s->positions_checked;
}

GTIDPOS_API int gtidpos_check_summary_complete(const gtidpos_check_summary *s)
{
    return s != NULL && s->complete;
}

GTIDPOS_API gtidpos_status gtidpos_check_summary_stop(const gtidpos_check_summary *s)
{
    return s != NULL ? s->stop : GTIDPOS_OK;
}

GTIDPOS_API int gtidpos_check_summary_archive_damaged(const gtidpos_check_summary *s)
{
    return s != NULL && s->archive_damaged;
}

GTIDPOS_API void gtidpos_check_summary_free(gtidpos_check_summary *s)
{
    free(s);
}

/* ---- find SET ----------------------------------------------------------- */

GTIDPOS_API gtidpos_flavor gtidpos_find_result_flavor(const gtidpos_find_result *r)
{
    return r != NULL ? (gtidpos_flavor)r->flavor : GTIDPOS_FLAVOR_UNKNOWN;
}

GTIDPOS_API uint64_t gtidpos_find_result_found(const gtidpos_find_result *r)
{
    return r != NULL ? r->found : 0;
}

GTIDPOS_API const char *gtidpos_find_result_older(const gtidpos_find_result *r)
{
    return r != NULL ? r->older : NULL;
}

GTIDPOS_API const char *gtidpos_find_result_absent(const gtidpos_find_result *r)
{
    return r != NULL ? r->absent : NULL;
}

GTIDPOS_API const gtidpos_read_stats *gtidpos_find_result_stats(const gtidpos_find_result *r)
{
    return r != NULL ? &r->stats : NULL;
}

/* ---- cover -------------------------------------------------------------- */

GTIDPOS_API gtidpos_flavor gtidpos_cover_result_flavor(const gtidpos_cover_result *r)
{
    return r != NULL ? (gtidpos_flavor)r->flavor : GTIDPOS_FLAVOR_UNKNOWN;
}

GTIDPOS_API size_t gtidpos_cover_result_first_file(const gtidpos_cover_result *r)
{
    return r != NULL ? r->first_file : 0;
}

GTIDPOS_API uint64_t gtidpos_cover_result_first_byte(const gtidpos_cover_result *r)
{
    return r != NULL ? r->first_byte : 0;
}

GTIDPOS_API uint32_t gtidpos_cover_result_first_commit_time(const gtidpos_cover_result *r)
{
    return r != NULL ? r->first_commit_time : 0;
}

GTIDPOS_API const char *gtidpos_cover_result_first_gtid(const gtidpos_cover_result *r)
{
    return r != NULL ? r->first_gtid : "";
}

GTIDPOS_API const char *gtidpos_cover_result_missing(const gtidpos_cover_result *r)
{
    return r != NULL ? r->missing : NULL;
}

GTIDPOS_API const gtidpos_read_stats *gtidpos_cover_result_stats(const gtidpos_cover_result *r)
{
    return r != NULL ? &r->stats : NULL;
}

/* ---- diff --------------------------------------------------------------- */

static int side_ok(const gtidpos_diff_result *r, int side)
{
    return r != NULL && (side == 0 || side == 1);
}

GTIDPOS_API gtidpos_flavor gtidpos_diff_result_flavor(const gtidpos_diff_result *r)
{
    return r != NULL ? (gtidpos_flavor)r->flavor : GTIDPOS_FLAVOR_UNKNOWN;
}

GTIDPOS_API const char *gtidpos_diff_result_end(const gtidpos_diff_result *r, int side)
{
    return side_ok(r, side) ? r->end[side] : NULL;
}

GTIDPOS_API const char *gtidpos_diff_result_only(const gtidpos_diff_result *r, int side)
{
    return side_ok(r, side) ? r->only[side] : NULL;
}

GTIDPOS_API uint64_t gtidpos_diff_result_count(const gtidpos_diff_result *r, int side)
{
    return side_ok(r, side) ? r->count[side] : 0;
}

GTIDPOS_API const gtidpos_read_stats *gtidpos_diff_result_stats(const gtidpos_diff_result *r,
                                                                int side)
{
    return side_ok(r, side) ? &r->stats[side] : NULL;
}

GTIDPOS_API size_t gtidpos_diff_result_split_count(const gtidpos_diff_result *r)
{
    return r != NULL && r->n_split > 0 ? (size_t)r->n_split : 0;
}

GTIDPOS_API const char *gtidpos_diff_result_split(const gtidpos_diff_result *r, size_t i)
{
    return i < gtidpos_diff_result_split_count(r) ? r->split[i] : NULL;
}

/* ---- read stats --------------------------------------------------------- */

GTIDPOS_API size_t gtidpos_read_stats_files(const gtidpos_read_stats *s)
{
    return s != NULL ? s->files : 0;
}

GTIDPOS_API size_t gtidpos_read_stats_files_walked(const gtidpos_read_stats *s)
{
    return s != NULL ? s->files_walked : 0;
}

GTIDPOS_API uint64_t gtidpos_read_stats_header_bytes(const gtidpos_read_stats *s)
{
    return s != NULL ? s->header_bytes : 0;
}

GTIDPOS_API uint64_t gtidpos_read_stats_walked_bytes(const gtidpos_read_stats *s)
{
    return s != NULL ? s->walked_bytes : 0;
}
