/* lifecycle.c - keys, countdown and month shared by the lifecycle modules
 * (see lifecycle.h). */
#include "core/lifecycle.h"

#include <string.h>

const char *lc_key(const char *const *keys, int n, int v)
{
	return v >= 0 && v < n ? keys[v] : NULL;
}

int lc_key_index(const char *const *keys, int n, const char *key)
{
	if (!key)
		return -1;
	for (int i = 0; i < n; i++)
		if (keys[i] && !strcmp(keys[i], key))
			return i;
	return -1;
}

int lc_key_value(const char *const *keys, int n, const char *key)
{
	int i = lc_key_index(keys + 1, n - 1, key);
	return i < 0 ? 0 : i + 1;
}

os_err lc_days_left(const os_calendar *cal, os_date today, os_date due, int *out, int *missing_year)
{
	int n = 0;
	os_err e;
	if (today <= due) {
		e = os_calendar_count_between(cal, today, due, &n, missing_year);
		if (!e)
			*out = n;
		return e;
	}
	e = os_calendar_count_between(cal, due, today, &n, missing_year);
	if (!e)
		*out = n > 0 ? -n : -1;
	return e;
}

int lc_month(os_date day)
{
	int y, m, d;
	os_date_to_ymd(day, &y, &m, &d);
	return y * 100 + m;
}
