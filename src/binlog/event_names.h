/* event_names.h - event type code -> name, as SHOW BINLOG EVENTS prints it. */
#ifndef GP_BINLOG_EVENT_NAMES_H
#define GP_BINLOG_EVENT_NAMES_H

#include <stdint.h>

/* NULL for a type code no known server writes. */
const char *gp_event_type_name(uint8_t type);

#endif
