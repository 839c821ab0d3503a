/* lifecycle.h - what the lifecycle modules (case.c, complaint.c, proxy.c)
 * share. Pure: no I/O.
 *
 * Stable keys. Each module names the values of its small enums (states,
 * actions, channels ...) in a table indexed by the value: keys[v] is the
 * key of v, NULL for a value without one (usually 0, "none"). */
#ifndef ONESTOP_CORE_LIFECYCLE_H
#define ONESTOP_CORE_LIFECYCLE_H

#include "core/calendar.h"
#include "core/error.h"

/* keys[v] when 0 <= v < n, else NULL. */
const char *lc_key(const char *const *keys, int n, int v);
/* The value of `key`: the index i in 1..n-1 with keys[i] equal to it; 0 when
 * there is none or key is NULL (keys[0] never matches: 0 is "unknown"). */
int lc_key_value(const char *const *keys, int n, const char *key);
/* As lc_key_value, but over 0..n-1 and -1 when unknown (for tables whose
 * value 0 is a real choice). */
int lc_key_index(const char *const *keys, int n, const char *key);

/* Working days left on `today` until the deadline `due`: positive before, 0
 * on the day, negative when overdue (minus the working days since due, at
 * least -1 even when no working day lies between: due on a Friday, today
 * the Saturday gives -1), so that "days left < 0" and "overdue" mean the
 * same thing. *out is set only on OS_OK. */
os_err lc_days_left(const os_calendar *cal, os_date today, os_date due, int *out,
                    int *missing_year);

/* The month key yyyymm of a day (202602 for 2026-02-12). */
int lc_month(os_date day);

#endif
