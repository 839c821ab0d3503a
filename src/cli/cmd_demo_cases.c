/* cmd_demo_cases.c - `onestop demo`'s year of cases (issue 6, item 12): the
 * calendar from the database (as `onestop calendar` and the server load it),
 * the year = the 365 days ending yesterday in Asia/Shanghai, moved back to
 * the last day of the latest published year when yesterday's year has no
 * notice yet, and the load itself (src/store/sqlite_cases_demo.c). */
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "store/store.h"

os_err cli_demo_cases(struct store *st, long n)
{
	if (n <= 0)
		return OS_OK;
	char msg[256];
	os_calendar *cal = NULL;
	os_err e = store_calendar_ensure(st, (int64_t)time(NULL), NULL);
	if (!e)
		e = store_calendar_load(st, 0, &cal, NULL, msg, sizeof msg);
	if (e)
		return e; /* cli_demo prints the one error line */
	os_date last = 0;
	os_date_from_unix((int64_t)time(NULL), &last);
	last -= 1; /* yesterday */
	int years[OS_CAL_MAX_YEARS];
	size_t ny = os_calendar_years(cal, years, OS_CAL_MAX_YEARS);
	if (ny > OS_CAL_MAX_YEARS)
		ny = OS_CAL_MAX_YEARS;
	if (ny && !os_calendar_year_published(cal, os_date_year(last)) &&
	    years[ny - 1] < os_date_year(last))
		os_date_from_ymd(years[ny - 1], 12, 31, &last);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int64_t loaded = 0;
	e = store_cases_demo_load(st, cal, last, n, &loaded);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int open = 0;
	if (!e) /* today's open cases of the demo accounts */
		e = store_cases_demo_open(st, cal, (int64_t)time(NULL), &open);
	os_calendar_free(cal);
	if (e)
		return e;
	char from[OS_DATE_STRLEN], to[OS_DATE_STRLEN];
	os_date_format(last - 364, from);
	os_date_format(last, to);
	printf("onestop: demo year of cases %s..%s: %lld received and completed (%.1f s)\n", from,
	       to, (long long)loaded,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("onestop: %d open cases for the demo citizen, clerk and approvers\n", open);
	return OS_OK;
}
