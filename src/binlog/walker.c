#include "walker.h"

#include <stdio.h>
#include <string.h>

#include "format.h"
#include "reader.h"

#ifndef GP_PREFETCH_AHEAD
#define GP_PREFETCH_AHEAD 1024
#endif

static gp_err check_magic(gp_log *l, gp_error *e)
{
    if (l->size == 0)
        return gp_error_set(e, GP_ERR_NOT_BINLOG, l->name, 0, "empty file");
    if (l->size < GP_BINLOG_MAGIC_LEN ||
        memcmp(l->data, GP_BINLOG_MAGIC, GP_BINLOG_MAGIC_LEN) != 0)
        return gp_error_set(e, GP_ERR_NOT_BINLOG, l->name, 0,
                            "no binlog magic (\\xfebin): not a binary or relay log");
    return GP_OK;
}

gp_err gp_log_open_buffer(gp_log *l, const char *name, const uint8_t *data,
                          uint64_t size, gp_verify verify, gp_error *e)
{
    memset(l, 0, sizeof *l);
    l->name = name;
    l->data = data;
    l->size = size;
    l->verify = verify;
    l->next = GP_BINLOG_MAGIC_LEN;
    gp_error_clear(&l->err);
    return check_magic(l, e);
}

gp_err gp_log_open(gp_log *l, const char *path, gp_verify verify, gp_error *e)
{
    gp_map m;
    gp_err rc = gp_map_open(&m, path, e);

    if (rc != GP_OK) {
        memset(l, 0, sizeof *l);
        return rc;
    }
    rc = gp_log_open_buffer(l, path, m.data, m.size, verify, e);
    l->map = m;
    if (rc != GP_OK)
        gp_log_close(l);
    return rc;
}

void gp_log_close(gp_log *l)
{
    if (l == NULL)
        return;
    gp_map_close(&l->map);
    l->data = NULL;
}

static int fail(gp_log *l, gp_err code)
{
    l->status = code;
    return 0;
}

gp_err gp_log_check_event(gp_log *l, const gp_event *ev)
{
    char name[16];
    int ok;

    if (l->fde.checksum_alg != GP_CHECKSUM_ALG_CRC32 && ev->type != GP_EV_FORMAT_DESCRIPTION)
        return GP_OK;
    if (ev->type == GP_EV_FORMAT_DESCRIPTION)
        return GP_OK; /* checked when it was applied */
    ok = gp_event_crc_ok(ev);
    if (!ok) {
        uint32_t n = ev->size - GP_CHECKSUM_LEN;
        l->status = gp_error_set(&l->err, GP_ERR_CHECKSUM, l->name, (int64_t)ev->offset,
                                 "CRC32 mismatch in %s event (%u bytes, stored 0x%08x)",
                                 gp_event_name(ev->type, name), ev->size,
                                 gp_load_u32le(ev->data + n));
        return l->status;
    }
    return GP_OK;
}

/* Apply a Format_description (or Start_event_v3) event. */
static int apply_fde(gp_log *l, const gp_event *ev)
{
    gp_fde f;
    uint8_t hlen = (uint8_t)(ev->body - ev->data);

    if (gp_fde_parse(&f, ev->data, ev->size, hlen, l->name, ev->offset, &l->err) != GP_OK)
        return fail(l, l->err.code);
    if (f.checksum_alg == GP_CHECKSUM_ALG_CRC32 && l->verify != GP_VERIFY_NONE &&
        !gp_fde_crc_ok(ev->data, ev->size))
        return fail(l, gp_error_set(&l->err, GP_ERR_CHECKSUM, l->name,
                                    (int64_t)ev->offset,
                                    "CRC32 mismatch in Format_desc event"));
    l->fde = f;
    if (!l->have_fde) {
        l->first_fde = f;
        l->in_use = (ev->flags & GP_LOG_EVENT_BINLOG_IN_USE_F) != 0;
        l->have_fde = 1;
    }
    return 1;
}

/* Say which kind of truncation this is: the server sets the in-use flag
 * on the FDE when it opens the file and clears it when it closes it. */
static void note_truncation(gp_log *l)
{
    size_t n = strlen(l->err.msg);
    const char *why =
        l->in_use ? "; the file is marked in use: still being written, or the "
                    "server crashed while writing it"
                  : "; the server closed this file, so it was cut or damaged "
                    "afterwards";
    snprintf(l->err.msg + n, sizeof l->err.msg - n, "%s", why);
}

int gp_log_next(gp_log *l, gp_event *ev)
{
    char name[16];

    if (l->status != GP_OK)
        return 0;
    if (l->next >= l->size) {
        if (!l->have_fde)
            return fail(l, gp_error_set(&l->err, GP_ERR_TRUNCATED, l->name,
                                        (int64_t)l->next,
                                        "file ends before its format description event"));
        return 0;
    }
    /* Each header's length decides where the next one is: a chain of
     * dependent loads.  Touch the bytes ahead so they arrive in time. */
    if (l->size - l->next > GP_PREFETCH_AHEAD)
        __builtin_prefetch(l->data + l->next + GP_PREFETCH_AHEAD);
    if (gp_event_frame(ev, l->data + l->next, l->size - l->next, l->next,
                       l->have_fde ? &l->fde : NULL, l->name, &l->err) != GP_OK) {
        if (l->err.code == GP_ERR_TRUNCATED && l->have_fde)
            note_truncation(l);
        return fail(l, l->err.code);
    }

    if (!l->have_fde) {
        if (ev->type != GP_EV_FORMAT_DESCRIPTION && ev->type != GP_EV_START_V3)
            return fail(l, gp_error_set(&l->err, GP_ERR_CORRUPT, l->name,
                                        (int64_t)ev->offset,
                                        "first event is %s, not a format description",
                                        gp_event_name(ev->type, name)));
    }
    if (ev->type == GP_EV_FORMAT_DESCRIPTION ||
        (!l->have_fde && ev->type == GP_EV_START_V3)) {
        if (!apply_fde(l, ev))
            return 0;
    } else if (l->verify == GP_VERIFY_ALL && gp_log_check_event(l, ev) != GP_OK) {
        return 0;
    }
    l->next = gp_event_end(ev);
    l->n_events++;
    return 1;
}
