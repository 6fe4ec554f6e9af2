/* SPDX-License-Identifier: BSD-2-Clause */
#include "event_names.h"

#include <stddef.h>

#include "format.h"

/* One table, indexed by type code (tcpdump's struct tok idea, made a direct
 * lookup because it is consulted for every event of a walk). */
static const char *const event_names[256] = {
    [GP_EV_START_V3] = "Start_v3",
    [GP_EV_QUERY] = "Query",
    [GP_EV_STOP] = "Stop",
    [GP_EV_ROTATE] = "Rotate",
    [GP_EV_INTVAR] = "Intvar",
    [GP_EV_LOAD] = "Load",
    [GP_EV_SLAVE] = "Slave",
    [GP_EV_CREATE_FILE] = "Create_file",
    [GP_EV_APPEND_BLOCK] = "Append_block",
    [GP_EV_EXEC_LOAD] = "Exec_load",
    [GP_EV_DELETE_FILE] = "Delete_file",
    [GP_EV_NEW_LOAD] = "New_load",
    [GP_EV_RAND] = "RAND",
    [GP_EV_USER_VAR] = "User var",
    [GP_EV_FORMAT_DESCRIPTION] = "Format_desc",
    [GP_EV_XID] = "Xid",
    [GP_EV_BEGIN_LOAD_QUERY] = "Begin_load_query",
    [GP_EV_EXECUTE_LOAD_QUERY] = "Execute_load_query",
    [GP_EV_TABLE_MAP] = "Table_map",
    [GP_EV_PRE_GA_WRITE_ROWS] = "Write_rows_event_old",
    [GP_EV_PRE_GA_UPDATE_ROWS] = "Update_rows_event_old",
    [GP_EV_PRE_GA_DELETE_ROWS] = "Delete_rows_event_old",
    [GP_EV_WRITE_ROWS_V1] = "Write_rows_v1",
    [GP_EV_UPDATE_ROWS_V1] = "Update_rows_v1",
    [GP_EV_DELETE_ROWS_V1] = "Delete_rows_v1",
    [GP_EV_INCIDENT] = "Incident",
    [GP_EV_HEARTBEAT] = "Heartbeat",
    [GP_EV_IGNORABLE] = "Ignorable",
    [GP_EV_ROWS_QUERY] = "Rows_query",
    [GP_EV_WRITE_ROWS] = "Write_rows",
    [GP_EV_UPDATE_ROWS] = "Update_rows",
    [GP_EV_DELETE_ROWS] = "Delete_rows",
    [GP_EV_GTID] = "Gtid",
    [GP_EV_ANONYMOUS_GTID] = "Anonymous_Gtid",
    [GP_EV_PREVIOUS_GTIDS] = "Previous_gtids",
    [GP_EV_TRANSACTION_CONTEXT] = "Transaction_context",
    [GP_EV_VIEW_CHANGE] = "View_change",
    [GP_EV_XA_PREPARE] = "XA_prepare",
    [GP_EV_PARTIAL_UPDATE_ROWS] = "Update_rows_partial",
    [GP_EV_TRANSACTION_PAYLOAD] = "Transaction_payload",
    [GP_EV_HEARTBEAT_V2] = "Heartbeat_v2",
    [GP_EV_GTID_TAGGED] = "Gtid_tagged",
    [GP_EV_ANNOTATE_ROWS] = "Annotate_rows",
    [GP_EV_BINLOG_CHECKPOINT] = "Binlog_checkpoint",
    [GP_EV_MARIA_GTID] = "Gtid",
    [GP_EV_MARIA_GTID_LIST] = "Gtid_list",
    [GP_EV_START_ENCRYPTION] = "Start_encryption",
    [GP_EV_QUERY_COMPRESSED] = "Query_compressed",
    [GP_EV_WRITE_ROWS_COMPRESSED_V1] = "Write_rows_compressed_v1",
    [GP_EV_UPDATE_ROWS_COMPRESSED_V1] = "Update_rows_compressed_v1",
    [GP_EV_DELETE_ROWS_COMPRESSED_V1] = "Delete_rows_compressed_v1",
    [GP_EV_WRITE_ROWS_COMPRESSED] = "Write_rows_compressed",
    [GP_EV_UPDATE_ROWS_COMPRESSED] = "Update_rows_compressed",
    [GP_EV_DELETE_ROWS_COMPRESSED] = "Delete_rows_compressed",
};

static const uint8_t event_traits[256] = {
    [GP_EV_FORMAT_DESCRIPTION] = GP_ET_HEADER,
    [GP_EV_START_V3] = GP_ET_HEADER,
    [GP_EV_PREVIOUS_GTIDS] = GP_ET_HEADER,
    [GP_EV_MARIA_GTID_LIST] = GP_ET_HEADER,
    [GP_EV_BINLOG_CHECKPOINT] = GP_ET_HEADER,
    [GP_EV_START_ENCRYPTION] = GP_ET_HEADER,
    [GP_EV_ROTATE] = GP_ET_STREAM,
    [GP_EV_STOP] = GP_ET_STREAM,
    [GP_EV_HEARTBEAT] = GP_ET_STREAM,
    [GP_EV_HEARTBEAT_V2] = GP_ET_STREAM,
    [GP_EV_ANNOTATE_ROWS] = GP_ET_MAY_BE_UNSENT,
};

const char *gp_event_type_name(uint8_t type)
{
    return event_names[type];
}

unsigned gp_event_type_traits(uint8_t type)
{
    return event_traits[type];
}
