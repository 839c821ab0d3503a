/* fuzz_calendar.c - libFuzzer driver for the date parser and the calendar
 * JSON loader (core/calendar.c).
 *
 * A date that parses formats back to the same bytes. A calendar that loads
 * dumps to JSON that loads again to the same dump, and answers queries
 * without crashing; a refusal comes with a one-line message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_date(const char *s, size_t n)
{
	os_date d;
	if (os_date_parse(s, n, &d) != OS_OK)
		return;
	char back[OS_DATE_STRLEN];
	os_date_format(d, back);
	if (n != 10 || memcmp(back, s, 10) != 0)
		abort();
	int w = os_date_weekday(d);
	if (w < 1 || w > 7)
		abort();
}

static void queries(const os_calendar *cal, const uint8_t *data, size_t size)
{
	int years[OS_CAL_MAX_YEARS];
	size_t ny = os_calendar_years(cal, years, OS_CAL_MAX_YEARS);
	for (size_t i = 0; i < ny && i < 3; i++) {
		os_date jan1, dec31, due;
		int count, missing;
		bool w;
		if (os_date_from_ymd(years[i], 1, 1, &jan1) ||
		    os_date_from_ymd(years[i], 12, 31, &dec31))
			abort();
		int n = size ? data[size - 1] % 40 : 5;
		if (os_calendar_add_workdays(cal, jan1, n, &due, &missing) == OS_OK) {
			if (os_calendar_count_between(cal, jan1, due, &count, &missing) != OS_OK ||
			    count != n)
				abort();
		}
		(void)os_calendar_count_between(cal, jan1 - 3, dec31 + 3, &count, &missing);
		(void)os_calendar_is_workday(cal, dec31 + 1, &w, &missing);
		(void)os_calendar_deadline_from_receipt(cal, (int64_t)jan1 * 86400, n, &due,
		                                        &missing);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	fuzz_date(s, size);
	if (size >= 10)
		fuzz_date(s, 10);

	os_calendar *cal = NULL, *again = NULL;
	char msg[OS_CAL_MSG_SIZE];
	os_err e = os_calendar_from_json(s, size, &cal, msg, sizeof msg);
	if (e != OS_OK) {
		if (cal || strchr(msg, '\n') || msg[0] == '\0')
			abort();
		return 0;
	}
	char *text = os_calendar_to_json(cal);
	if (os_calendar_from_json(text, strlen(text), &again, msg, sizeof msg) != OS_OK)
		abort();
	char *text2 = os_calendar_to_json(again);
	if (strcmp(text, text2) != 0)
		abort();
	queries(cal, data, size);
	free(text);
	free(text2);
	os_calendar_free(again);
	os_calendar_free(cal);
	return 0;
}
