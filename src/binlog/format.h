/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * format.h - the binary log format, written down once.
 *
 * Sources: MySQL's libbinlogevents (binlog_event.h, control_events.h,
 * statement_events.h; libs/mysql/serialization for tagged GTIDs) and
 * MariaDB's sql/log_event.h.  All integers are little-endian.
 *
 * FILE
 *   0     4   magic  0xfe 'b' 'i' 'n'
 *   4     ..  events, back to back; the first is the Format_description
 *             event (v4) or a Start_event_v3 (binlog versions 1 and 3)
 *
 * COMMON EVENT HEADER (v4: 19 bytes; the FDE may declare a longer one,
 * e.g. some Google 5.1 builds wrote 23-31 bytes; v1: 13 bytes)
 *   0     4   timestamp      seconds since the epoch
 *   4     1   type_code      see gp_event_type
 *   5     4   server_id
 *   9     4   event_size     header + body + checksum trailer
 *   13    4   log_pos        end of this event in the *source's* binlog
 *                            (absent in v1); 32 bits, so it wraps past 4 GiB
 *   17    2   flags          LOG_EVENT_*_F (absent in v1)
 *
 * CHECKSUM TRAILER: when the FDE's checksum algorithm is CRC32, every event
 * ends with 4 bytes: CRC-32 (zlib polynomial) of all the event's bytes
 * before them.  The FDE's own CRC is computed with the in-use flag cleared:
 * the server clears that flag in place when it closes the file and does not
 * re-checksum (MySQL MYSQL_BIN_LOG::close, MariaDB likewise).
 *
 * FORMAT_DESCRIPTION_EVENT (type 15) body
 *   0     2   binlog_version        4
 *   2     50  server_version        NUL-padded, e.g. "10.11.6-MariaDB-log"
 *   52    4   create_timestamp
 *   56    1   common_header_len     19 (or more)
 *   57    n   post_header_len[]     one byte per event type, from type 1
 *   57+n  1   checksum_alg          0 = off, 1 = CRC32   } only from servers
 *   58+n  4   CRC32 of the FDE      } >= MySQL 5.6.1 / MariaDB 5.3.0
 *             (present, zero or not, even when the algorithm is "off")
 *
 * START_EVENT_V3 (type 1) body: 0 2 binlog_version (1 or 3), 2 50
 * server_version, 52 4 created.
 *
 * PREVIOUS_GTIDS_LOG_EVENT (MySQL type 35) body, untagged format
 *   0     8   n_sids
 *   then n_sids times:
 *         16  SID (UUID bytes)
 *         8   n_intervals
 *         16*n_intervals  [start, end) pairs of int64 - end is exclusive
 * Tagged format (MySQL 8.3+): the first 8 bytes are
 *   (format << 56) | (n_sids << 8) | format, with format = 1; each SID is
 *   followed by its tag: varlen length + bytes (see gp_rd_varlen).
 *
 * GTID_LOG_EVENT (33) / ANONYMOUS_GTID_LOG_EVENT (34) body
 *   0     1   flags (commit flag)
 *   1     16  SID
 *   17    8   GNO (int64)
 *   25    ..  logical clock, timestamps, ... (not needed here)
 *
 * GTID_TAGGED_LOG_EVENT (42, MySQL 8.3+) body, MySQL serialization format
 *   0     1   serialization format version
 *   ..    varlen payload_size (counted from body offset 0)
 *   ..    varlen last_non_ignorable_field_id
 *   then (varlen field_id, value) pairs: 0 flags (varlen), 1 SID (16
 *   varlen bytes), 2 GNO (zig-zag signed varlen), 3 tag (varlen length +
 *   bytes), 4.. logical clock and timestamps (all varlen).
 *
 * TRANSACTION_PAYLOAD_EVENT (40, MySQL 8.0.20+): a whole compressed
 *   transaction; the GTID event stays outside it, so the payload ends the
 *   transaction and never needs decompressing here.
 *
 * QUERY_EVENT (2) body (post-header length from the FDE: 13 in v4, 11 in v3)
 *   0     4   thread_id
 *   4     4   exec_time
 *   8     1   db_len
 *   9     2   error_code
 *   11    2   status_vars_len       (v4 only)
 *   ph    ..  status vars, db name + NUL, then the statement up to the end
 * MariaDB QUERY_COMPRESSED_EVENT (165): same, the statement is compressed:
 *   1 byte 0x80|k, k bytes big-endian uncompressed length, zlib stream.
 *
 * XID_EVENT (16): 8-byte XID; ends a transactional group.
 * XA_PREPARE_LOG_EVENT (38): ends the prepared part of an XA transaction.
 *
 * MariaDB GTID_EVENT (162) body; the server id is the header's server_id
 *   0     8   seq_no
 *   8     4   domain_id
 *   12    1   flags2   FL_STANDALONE 1, FL_GROUP_COMMIT_ID 2,
 *                      FL_TRANSACTIONAL 4, FL_ALLOW_PARALLEL 8, FL_WAITED 16,
 *                      FL_DDL 32, FL_PREPARED_XA 64, FL_COMPLETED_XA 128
 *   13    ..  commit_id / XID / padding (not needed here)
 * A group without FL_STANDALONE has no BEGIN query: it runs to its XID or
 * COMMIT/ROLLBACK query (or XA_PREPARE).  A standalone group is the GTID
 * event plus one statement.
 *
 * MariaDB GTID_LIST_EVENT (163) body
 *   0     4   count (low 28 bits; high 4 bits are flags)
 *   4     16*count  (domain_id 4, server_id 4, seq_no 8)
 *
 * MariaDB START_ENCRYPTION_EVENT (164): every later event is encrypted.
 */
#ifndef GP_BINLOG_FORMAT_H
#define GP_BINLOG_FORMAT_H

#include <stdint.h>

#define GP_BINLOG_MAGIC "\xfe" "bin"
#define GP_BINLOG_MAGIC_LEN 4

/* Common header field offsets. */
enum {
    GP_EVH_TIMESTAMP = 0,
    GP_EVH_TYPE = 4,
    GP_EVH_SERVER_ID = 5,
    GP_EVH_EVENT_SIZE = 9,
    GP_EVH_LOG_POS = 13,
    GP_EVH_FLAGS = 17,
    GP_EVH_LEN_V1 = 13,
    GP_EVH_LEN_V4 = 19
};

/* Header flags. */
enum {
    GP_LOG_EVENT_BINLOG_IN_USE_F = 0x1,
    GP_LOG_EVENT_RELAY_LOG_F = 0x40,
    GP_LOG_EVENT_IGNORABLE_F = 0x80
};

#define GP_CHECKSUM_LEN 4

/* FDE body offsets. */
enum {
    GP_FDE_BINLOG_VERSION = 0,
    GP_FDE_SERVER_VERSION = 2,
    GP_FDE_SERVER_VERSION_LEN = 50,
    GP_FDE_CREATED = 52,
    GP_FDE_HEADER_LEN = 56,
    GP_FDE_POST_HEADER_LENS = 57
};

enum { GP_CHECKSUM_ALG_OFF = 0, GP_CHECKSUM_ALG_CRC32 = 1 };

/* Event type codes. */
typedef enum gp_event_type {
    GP_EV_UNKNOWN = 0,
    GP_EV_START_V3 = 1,
    GP_EV_QUERY = 2,
    GP_EV_STOP = 3,
    GP_EV_ROTATE = 4,
    GP_EV_INTVAR = 5,
    GP_EV_LOAD = 6,
    GP_EV_SLAVE = 7,
    GP_EV_CREATE_FILE = 8,
    GP_EV_APPEND_BLOCK = 9,
    GP_EV_EXEC_LOAD = 10,
    GP_EV_DELETE_FILE = 11,
    GP_EV_NEW_LOAD = 12,
    GP_EV_RAND = 13,
    GP_EV_USER_VAR = 14,
    GP_EV_FORMAT_DESCRIPTION = 15,
    GP_EV_XID = 16,
    GP_EV_BEGIN_LOAD_QUERY = 17,
    GP_EV_EXECUTE_LOAD_QUERY = 18,
    GP_EV_TABLE_MAP = 19,
    GP_EV_PRE_GA_WRITE_ROWS = 20,
    GP_EV_PRE_GA_UPDATE_ROWS = 21,
    GP_EV_PRE_GA_DELETE_ROWS = 22,
    GP_EV_WRITE_ROWS_V1 = 23,
    GP_EV_UPDATE_ROWS_V1 = 24,
    GP_EV_DELETE_ROWS_V1 = 25,
    GP_EV_INCIDENT = 26,
    GP_EV_HEARTBEAT = 27,
    GP_EV_IGNORABLE = 28,
    GP_EV_ROWS_QUERY = 29,
    GP_EV_WRITE_ROWS = 30,
    GP_EV_UPDATE_ROWS = 31,
    GP_EV_DELETE_ROWS = 32,
    GP_EV_GTID = 33,
    GP_EV_ANONYMOUS_GTID = 34,
    GP_EV_PREVIOUS_GTIDS = 35,
    GP_EV_TRANSACTION_CONTEXT = 36,
    GP_EV_VIEW_CHANGE = 37,
    GP_EV_XA_PREPARE = 38,
    GP_EV_PARTIAL_UPDATE_ROWS = 39,
    GP_EV_TRANSACTION_PAYLOAD = 40,
    GP_EV_HEARTBEAT_V2 = 41,
    GP_EV_GTID_TAGGED = 42,
    /* MariaDB */
    GP_EV_ANNOTATE_ROWS = 160,
    GP_EV_BINLOG_CHECKPOINT = 161,
    GP_EV_MARIA_GTID = 162,
    GP_EV_MARIA_GTID_LIST = 163,
    GP_EV_START_ENCRYPTION = 164,
    GP_EV_QUERY_COMPRESSED = 165,
    GP_EV_WRITE_ROWS_COMPRESSED_V1 = 166,
    GP_EV_UPDATE_ROWS_COMPRESSED_V1 = 167,
    GP_EV_DELETE_ROWS_COMPRESSED_V1 = 168,
    GP_EV_WRITE_ROWS_COMPRESSED = 169,
    GP_EV_UPDATE_ROWS_COMPRESSED = 170,
    GP_EV_DELETE_ROWS_COMPRESSED = 171
} gp_event_type;

/* MySQL GTID event body offsets. */
enum { GP_GTID_FLAGS = 0, GP_GTID_SID = 1, GP_GTID_GNO = 17, GP_GTID_MIN_LEN = 25 };

/* MariaDB GTID event body offsets and flags2 bits. */
enum { GP_MGTID_SEQ = 0, GP_MGTID_DOMAIN = 8, GP_MGTID_FLAGS2 = 12, GP_MGTID_MIN_LEN = 13 };
enum {
    GP_MFL_STANDALONE = 0x01,
    GP_MFL_GROUP_COMMIT_ID = 0x02,
    GP_MFL_TRANSACTIONAL = 0x04,
    GP_MFL_ALLOW_PARALLEL = 0x08,
    GP_MFL_WAITED = 0x10,
    GP_MFL_DDL = 0x20,
    GP_MFL_PREPARED_XA = 0x40,
    GP_MFL_COMPLETED_XA = 0x80
};

/* Query event post-header offsets. */
enum {
    GP_QUERY_DB_LEN = 8,
    GP_QUERY_STATUS_VARS_LEN = 11,
    GP_QUERY_POST_HEADER_V3 = 11,
    GP_QUERY_POST_HEADER_V4 = 13
};

/* Previous_gtids tagged format marker (first 8 bytes, see above). */
enum { GP_PGTID_FORMAT_TAGGED = 1 };

/* MySQL tagged GTID event field ids (serialization library). */
enum { GP_TGTID_FLAGS = 0, GP_TGTID_SID = 1, GP_TGTID_GNO = 2, GP_TGTID_TAG = 3 };

/* Versions from which servers write GTID state after the FDE, and from
 * which the FDE carries a checksum-algorithm byte. */
#define GP_MYSQL_CHECKSUM_VERSION 50601u   /* 5.6.1 */
#define GP_MARIADB_CHECKSUM_VERSION 50300u /* 5.3.0 */
/* MySQL 5.6.0 - 5.7.5 wrote Previous_gtids only with gtid_mode=ON; from
 * 5.7.6 (WL#7592, with gtid_mode changeable online) every file has one.
 * The 5.7.1 milestone file bug32407.001 in testdata has none.  The rule
 * built on these: gp_fde_start_set_rule (fde.h). */
#define GP_MYSQL_PGTID_ALWAYS_VERSION 50706u
#define GP_MYSQL_GTID_VERSION 50600u       /* 5.6: Previous_gtids if gtid_mode */
#define GP_MARIADB_GTID_VERSION 100000u    /* 10.0: always Gtid_list */

#endif
