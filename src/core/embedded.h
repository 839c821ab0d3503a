/* embedded.h - data files compiled into the binary (see embedded.S). */
#ifndef ONESTOP_CORE_EMBEDDED_H
#define ONESTOP_CORE_EMBEDDED_H

extern const char os_data_holidays_json[];     /* data/cn-holidays.json */
extern const char os_data_holidays_json_end[]; /* one past the last byte */

#endif
