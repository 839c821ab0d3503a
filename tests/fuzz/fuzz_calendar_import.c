/* fuzz_calendar_import.c - libFuzzer driver for the calendar documents that
 * `onestop calendar import` and the seed read (parse_doc in
 * src/store/sqlite_calendar.c, included to reach the static parser).
 *
 * A refusal comes with a one-line message; an accepted document gives at most
 * OS_CAL_MAX_YEARS notices, ascending, each within the calendar's years and
 * accepted again by the core when put into one calendar. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/sqlite_calendar.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	notice_rows *v = NULL;
	size_t n = 0;
	char msg[OS_CAL_MSG_SIZE] = "";
	os_err e = parse_doc((const char *)data, size, &v, &n, msg, sizeof msg);
	if (e) {
		if (!msg[0] || strchr(msg, '\n') || v || n)
			abort();
		return 0;
	}
	if (n > OS_CAL_MAX_YEARS)
		abort();
	os_calendar *cal = os_calendar_new();
	for (size_t i = 0; i < n; i++) {
		if (v[i].year < OS_CAL_MIN_YEAR || v[i].year > OS_CAL_MAX_YEAR ||
		    (i && v[i - 1].year >= v[i].year))
			abort();
		if (os_calendar_set_year(cal, v[i].year, v[i].source, v[i].hol, v[i].nh, v[i].work,
		                         v[i].nw, msg, sizeof msg) != OS_OK)
			abort();
	}
	os_calendar_free(cal);
	notices_free(v, n);
	return 0;
}
