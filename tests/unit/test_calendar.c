/* test_calendar.c - dates, the working-day calendar and the legal clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/embedded.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

static os_calendar *embedded(void)
{
	os_calendar *cal = NULL;
	char msg[OS_CAL_MSG_SIZE];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	os_err e = os_calendar_from_json(os_data_holidays_json, len, &cal, msg, sizeof msg);
	if (e)
		fail_msg("embedded calendar: %s", msg);
	return cal;
}

static int setup(void **state)
{
	*state = embedded();
	return 0;
}

static int teardown(void **state)
{
	os_calendar_free(*state);
	return 0;
}

static bool workday(const os_calendar *cal, const char *date)
{
	bool w = false;
	int missing = 0;
	os_err e = os_calendar_is_workday(cal, D(date), &w, &missing);
	if (e)
		fail_msg("is_workday(%s) failed: %s (year %d)", date, os_strerror(e), missing);
	return w;
}

static void assert_add(const os_calendar *cal, const char *from, int n, const char *want)
{
	os_date due;
	char got[OS_DATE_STRLEN];
	int missing = 0;
	os_err e = os_calendar_add_workdays(cal, D(from), n, &due, &missing);
	if (e)
		fail_msg("add_workdays(%s, %d): %s (year %d)", from, n, os_strerror(e), missing);
	os_date_format(due, got);
	if (strcmp(got, want))
		fail_msg("add_workdays(%s, %d) = %s, want %s", from, n, got, want);
}

static void assert_between(const os_calendar *cal, const char *from, const char *to, int want)
{
	int got = -1, missing = 0;
	os_err e = os_calendar_count_between(cal, D(from), D(to), &got, &missing);
	if (e)
		fail_msg("count_between(%s, %s): %s (year %d)", from, to, os_strerror(e), missing);
	if (got != want)
		fail_msg("count_between(%s, %s) = %d, want %d", from, to, got, want);
}

/* ---- dates ----------------------------------------------------------------- */

static void test_parse_strict(void **state)
{
	(void)state;
	os_date d;
	static const char *const bad[] = {
	    "2026-02-30",  "2023-02-29", "1900-02-29",  "2026-13-01",
	    "2026-00-10",  "2026-01-00", "2026-04-31",  "0000-01-01",
	    "2026-1-01",   "2026/01/01", "20260101",    " 2026-01-01",
	    "2026-01-01 ", "2026-01-1a", "+026-01-01",  "2026-01-01x",
	    "-026-01-01",  "",           "10000-01-01", "２０２６-01-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (os_date_parse(bad[i], strlen(bad[i]), &d) != OS_ERR_INVALID)
			fail_msg("\"%s\" was accepted", bad[i]);
	/* the length is the caller's: bytes after len are not looked at, bytes
	 * inside it are */
	assert_int_equal(os_date_parse("2026-01-01\0", 11, &d), OS_ERR_INVALID);
	assert_int_equal(os_date_parse("2026-01-015", 10, &d), OS_OK);
	assert_int_equal(d, D("2026-01-01"));
	assert_int_equal(os_date_parse(NULL, 10, &d), OS_ERR_INVALID);

	assert_int_equal(os_date_parse("2024-02-29", 10, &d), OS_OK);
	assert_int_equal(os_date_parse("2000-02-29", 10, &d), OS_OK);
	assert_int_equal(os_date_parse("0001-01-01", 10, &d), OS_OK);
	assert_int_equal(d, os_date_min());
	assert_int_equal(os_date_parse("9999-12-31", 10, &d), OS_OK);
	assert_int_equal(d, os_date_max());
}

static void test_epoch_and_weekday(void **state)
{
	(void)state;
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1969-12-31"), -1);
	assert_int_equal(D("2000-03-01"), 11017);
	assert_int_equal(os_date_weekday(D("1970-01-01")), 4);
	assert_int_equal(os_date_weekday(D("2026-02-12")), 4); /* Thursday */
	assert_int_equal(os_date_weekday(D("2026-02-14")), 6); /* Saturday */
	assert_int_equal(os_date_weekday(D("2026-02-15")), 7);
	assert_int_equal(os_date_weekday(D("2026-02-16")), 1);
	assert_int_equal(os_date_weekday(D("1949-10-01")), 6);
	assert_int_equal(os_date_year(D("2022-12-31")), 2022);
}

/* Every day of years 1 to 9999: the next day by a naive calendar walk is the
 * next os_date, format and parse agree, and the weekday is Zeller's. */
static void test_every_day(void **state)
{
	(void)state;
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 1, m = 1, d = 1;
	os_date expect = os_date_min();
	for (;;) {
		os_date got;
		assert_int_equal(os_date_from_ymd(y, m, d, &got), OS_OK);
		assert_int_equal(got, expect);
		int yy, mm, dd;
		os_date_to_ymd(got, &yy, &mm, &dd);
		assert_true(yy == y && mm == m && dd == d);
		if (y >= 1900 && y <= 2100) {
			char s[OS_DATE_STRLEN];
			os_date back;
			os_date_format(got, s);
			assert_int_equal(os_date_parse(s, strlen(s), &back), OS_OK);
			assert_int_equal(back, got);
			/* Zeller: h = 0 Saturday .. 6 Friday */
			int zm = m < 3 ? m + 12 : m, zy = m < 3 ? y - 1 : y;
			int k = zy % 100, j = zy / 100;
			int h = (d + 13 * (zm + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
			assert_int_equal(os_date_weekday(got), (h + 5) % 7 + 1);
		}
		if (y == 9999 && m == 12 && d == 31)
			break;
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int len = mdays[m - 1] + (m == 2 && leap);
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		expect++;
	}
	assert_int_equal(expect, os_date_max());
	os_date x;
	assert_int_equal(os_date_from_ymd(0, 12, 31, &x), OS_ERR_INVALID);
	assert_int_equal(os_date_from_ymd(10000, 1, 1, &x), OS_ERR_INVALID);
}

static void test_from_unix(void **state)
{
	(void)state;
	os_date d;
	assert_int_equal(os_date_from_unix(0, &d), OS_OK);
	assert_int_equal(d, D("1970-01-01"));
	assert_int_equal(os_date_from_unix(-1, &d), OS_OK); /* 07:59:59 in Shanghai */
	assert_int_equal(d, D("1970-01-01"));
	assert_int_equal(os_date_from_unix(-28800, &d), OS_OK); /* 00:00:00 */
	assert_int_equal(d, D("1970-01-01"));
	assert_int_equal(os_date_from_unix(-28801, &d), OS_OK);
	assert_int_equal(d, D("1969-12-31"));
	/* 2026-02-12T15:59:59Z is 23:59:59 on Thursday in Shanghai, one second
	 * later it is Friday */
	assert_int_equal(os_date_from_unix(1770911999, &d), OS_OK);
	assert_int_equal(d, D("2026-02-12"));
	assert_int_equal(os_date_from_unix(1770912000, &d), OS_OK);
	assert_int_equal(d, D("2026-02-13"));
	assert_int_equal(os_date_from_unix(INT64_MAX, &d), OS_ERR_INVALID);
	assert_int_equal(os_date_from_unix(INT64_MIN, &d), OS_ERR_INVALID);
	int64_t last = ((int64_t)os_date_max() + 1) * 86400 - 8 * 3600 - 1;
	assert_int_equal(os_date_from_unix(last, &d), OS_OK);
	assert_int_equal(d, os_date_max());
	assert_int_equal(os_date_from_unix(last + 1, &d), OS_ERR_INVALID);
}

/* ---- the official calendar ---------------------------------------------------- */

static void test_years_published(void **state)
{
	const os_calendar *cal = *state;
	int years[8];
	assert_int_equal(os_calendar_years(cal, years, 8), 4);
	assert_int_equal(years[0], 2023);
	assert_int_equal(years[3], 2026);
	assert_false(os_calendar_year_published(cal, 2022));
	assert_false(os_calendar_year_published(cal, 2027));
	assert_non_null(strstr(os_calendar_year_source(cal, 2026), "2026"));
	assert_null(os_calendar_year_source(cal, 2027));
}

static void test_domain_example(void **state)
{
	/* DOMAIN.md §4: accepted Thursday 2026-02-12, 3 working days */
	const os_calendar *cal = *state;
	assert_add(cal, "2026-02-12", 3, "2026-02-24");
	assert_add(cal, "2026-02-12", 1, "2026-02-13");
	assert_add(cal, "2026-02-12", 2, "2026-02-14");
	assert_add(cal, "2026-02-12", 0, "2026-02-12");
	assert_between(cal, "2026-02-12", "2026-02-24", 3);
	assert_between(cal, "2026-02-12", "2026-02-23", 2);
}

static void test_spring_festival_2026(void **state)
{
	const os_calendar *cal = *state;
	assert_true(workday(cal, "2026-02-13")); /* Friday */
	assert_true(workday(cal, "2026-02-14")); /* Saturday, make-up */
	for (int d = 15; d <= 23; d++) {
		char s[32];
		snprintf(s, sizeof s, "2026-02-%02d", d);
		assert_false(workday(cal, s));
	}
	assert_true(workday(cal, "2026-02-24"));
	assert_true(workday(cal, "2026-02-27"));
	assert_true(workday(cal, "2026-02-28"));  /* Saturday, make-up */
	assert_false(workday(cal, "2026-03-01")); /* an ordinary Sunday */
	assert_false(workday(cal, "2026-02-07")); /* an ordinary Saturday */
	os_day_kind k;
	assert_int_equal(os_calendar_day_kind(cal, D("2026-02-14"), &k, NULL), OS_OK);
	assert_int_equal(k, OS_DAY_MAKEUP);
	assert_int_equal(os_calendar_day_kind(cal, D("2026-02-16"), &k, NULL), OS_OK);
	assert_int_equal(k, OS_DAY_HOLIDAY);
	assert_int_equal(os_calendar_day_kind(cal, D("2026-02-07"), &k, NULL), OS_OK);
	assert_int_equal(k, OS_DAY_WEEKEND);
	assert_int_equal(os_calendar_day_kind(cal, D("2026-02-10"), &k, NULL), OS_OK);
	assert_int_equal(k, OS_DAY_WORKDAY);
	/* February 2026: 20 weekdays, minus 6 weekday holidays (16-20, 23),
	 * plus the two make-up Saturdays */
	assert_between(cal, "2026-01-31", "2026-02-28", 16);
	assert_add(cal, "2026-02-13", 1, "2026-02-14");
	assert_add(cal, "2026-02-14", 1, "2026-02-24");
	assert_add(cal, "2026-02-27", 1, "2026-02-28");
	assert_add(cal, "2026-02-27", 2, "2026-03-02");
}

static void test_national_day_2026(void **state)
{
	const os_calendar *cal = *state;
	assert_true(workday(cal, "2026-09-20"));  /* Sunday, make-up */
	assert_false(workday(cal, "2026-09-25")); /* Mid-Autumn, a Friday */
	for (int d = 1; d <= 7; d++) {
		char s[32];
		snprintf(s, sizeof s, "2026-10-%02d", d);
		assert_false(workday(cal, s));
	}
	assert_true(workday(cal, "2026-10-08"));
	assert_true(workday(cal, "2026-10-09"));
	assert_true(workday(cal, "2026-10-10")); /* Saturday, make-up */
	assert_false(workday(cal, "2026-10-11"));
	assert_add(cal, "2026-09-30", 1, "2026-10-08");
	assert_add(cal, "2026-09-30", 3, "2026-10-10");
	assert_add(cal, "2026-09-30", 4, "2026-10-12");
	assert_between(cal, "2026-09-30", "2026-10-12", 4);
}

static void test_year_ends(void **state)
{
	const os_calendar *cal = *state;
	/* 2025 -> 2026: New Year 1-3 January, Sunday 4 January is worked */
	assert_true(workday(cal, "2025-12-31"));
	assert_false(workday(cal, "2026-01-01"));
	assert_false(workday(cal, "2026-01-02"));
	assert_false(workday(cal, "2026-01-03"));
	assert_true(workday(cal, "2026-01-04"));
	assert_add(cal, "2025-12-31", 1, "2026-01-04");
	assert_add(cal, "2025-12-30", 2, "2026-01-04");
	assert_between(cal, "2025-12-30", "2026-01-05", 3);
	/* 2024 -> 2025 */
	assert_false(workday(cal, "2025-01-01"));
	assert_add(cal, "2024-12-31", 1, "2025-01-02");
	/* 2022-12-31 is known from the 2023 notice although 2022 is not loaded */
	assert_false(workday(cal, "2022-12-31"));
	assert_add(cal, "2022-12-31", 1, "2023-01-03");
}

/* missing is read through a pointer: the error call in the same argument
 * list is what sets it (argument evaluation order is unspecified). */
static void assert_no_calendar(os_err e, const int *missing, int year)
{
	assert_int_equal(e, OS_ERR_NO_CALENDAR);
	assert_int_equal(*missing, year);
}

static void test_unknown_years(void **state)
{
	const os_calendar *cal = *state;
	bool w;
	int n, missing = 0;
	os_date d;
	os_day_kind k;
	assert_no_calendar(os_calendar_is_workday(cal, D("2027-01-04"), &w, &missing), &missing,
	                   2027);
	missing = 0;
	assert_no_calendar(os_calendar_is_workday(cal, D("2022-12-30"), &w, &missing), &missing,
	                   2022);
	missing = 0;
	assert_no_calendar(os_calendar_day_kind(cal, D("2030-06-01"), &k, &missing), &missing,
	                   2030);
	missing = 0;
	/* only 2 working days are left in 2026 after 2026-12-29 */
	assert_add(cal, "2026-12-29", 2, "2026-12-31");
	assert_no_calendar(os_calendar_add_workdays(cal, D("2026-12-29"), 3, &d, &missing),
	                   &missing, 2027);
	missing = 0;
	assert_no_calendar(
	    os_calendar_count_between(cal, D("2026-12-01"), D("2027-01-10"), &n, &missing),
	    &missing, 2027);
	missing = 0;
	assert_no_calendar(
	    os_calendar_count_between(cal, D("2022-12-01"), D("2023-01-10"), &n, &missing),
	    &missing, 2022);
	/* nothing after `from` is needed: no error for n = 0 or an empty range */
	assert_int_equal(os_calendar_add_workdays(cal, D("2027-05-05"), 0, &d, NULL), OS_OK);
	assert_int_equal(os_calendar_count_between(cal, D("2027-05-05"), D("2027-05-05"), &n, NULL),
	                 OS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(os_calendar_count_between(cal, D("2026-05-05"), D("2026-01-05"), &n, NULL),
	                 OS_OK);
	assert_int_equal(n, 0);
	/* a NULL missing_year is allowed */
	assert_int_equal(os_calendar_is_workday(cal, D("2027-01-04"), &w, NULL),
	                 OS_ERR_NO_CALENDAR);
	assert_int_equal(os_calendar_add_workdays(cal, D("2026-01-05"), -1, &d, NULL),
	                 OS_ERR_INVALID);
	assert_int_equal(
	    os_calendar_add_workdays(cal, D("2026-01-05"), OS_CAL_MAX_WORKDAYS + 1, &d, NULL),
	    OS_ERR_INVALID);
}

/* add and count are inverse: count(d, add(d, n)) == n, and add lands on a
 * working day; a brute-force count by is_workday agrees. */
static void test_add_count_inverse(void **state)
{
	const os_calendar *cal = *state;
	int checked = 0;
	for (os_date d = D("2023-01-01"); d <= D("2026-12-31"); d++) {
		for (int n = 0; n <= 25; n += (n < 5 ? 1 : 7)) {
			os_date due;
			int count = -1;
			if (os_calendar_add_workdays(cal, d, n, &due, NULL) != OS_OK)
				continue;
			assert_int_equal(os_calendar_count_between(cal, d, due, &count, NULL),
			                 OS_OK);
			assert_int_equal(count, n);
			int brute = 0;
			for (os_date x = d + 1; x <= due; x++) {
				bool w;
				assert_int_equal(os_calendar_is_workday(cal, x, &w, NULL), OS_OK);
				brute += w;
			}
			assert_int_equal(brute, n);
			if (n > 0) {
				bool w;
				assert_int_equal(os_calendar_is_workday(cal, due, &w, NULL), OS_OK);
				assert_true(w);
			}
			checked++;
		}
	}
	assert_true(checked > 10000);
}

/* ---- receipts and time zones --------------------------------------------------- */

/* Unix time of a Shanghai wall-clock moment, by arithmetic. */
static int64_t cst(const char *date, int h, int m, int s)
{
	return (int64_t)D(date) * 86400 + h * 3600 + m * 60 + s - 8 * 3600;
}

static void assert_deadline(const os_calendar *cal, int64_t t, int n, const char *want)
{
	os_date due;
	char got[OS_DATE_STRLEN];
	int missing = 0;
	os_err e = os_calendar_deadline_from_receipt(cal, t, n, &due, &missing);
	if (e)
		fail_msg("deadline(%lld, %d): %s (year %d)", (long long)t, n, os_strerror(e),
		         missing);
	os_date_format(due, got);
	if (strcmp(got, want))
		fail_msg("deadline(%lld, %d) = %s, want %s (TZ=%s)", (long long)t, n, got, want,
		         getenv("TZ") ? getenv("TZ") : "unset");
}

static void deadline_cases(const os_calendar *cal)
{
	/* Thursday, any hour of the Shanghai day */
	assert_deadline(cal, cst("2026-02-12", 0, 0, 0), 3, "2026-02-24");
	assert_deadline(cal, cst("2026-02-12", 9, 30, 0), 3, "2026-02-24");
	assert_deadline(cal, cst("2026-02-12", 23, 59, 59), 3, "2026-02-24");
	/* one second later it is Friday in Shanghai (still Thursday in UTC and
	 * New York) */
	assert_deadline(cal, cst("2026-02-13", 0, 0, 0), 3, "2026-02-25");
	/* a make-up Saturday is a working day: received that day */
	assert_deadline(cal, cst("2026-02-14", 10, 0, 0), 1, "2026-02-24");
	/* received during the holiday: counts from Tuesday 24 Feb */
	assert_deadline(cal, cst("2026-02-18", 10, 0, 0), 1, "2026-02-25");
	assert_deadline(cal, cst("2026-02-18", 10, 0, 0), 0, "2026-02-24");
	/* an ordinary weekend: counts as received on Monday */
	assert_deadline(cal, cst("2026-02-07", 12, 0, 0), 3, "2026-02-12");
	assert_deadline(cal, cst("2026-02-08", 23, 59, 59), 3, "2026-02-12");
	/* Saturday 00:00 Shanghai is Friday 16:00 UTC */
	assert_deadline(cal, cst("2026-03-07", 0, 30, 0), 1, "2026-03-10");
	assert_deadline(cal, cst("2026-03-06", 23, 30, 0), 1, "2026-03-09");
	/* 20 working days (行政许可法 Art. 42) across National Day 2026 */
	assert_deadline(cal, cst("2026-09-21", 15, 0, 0), 20, "2026-10-26");
}

static void test_receipt_rule(void **state)
{
	const os_calendar *cal = *state;
	os_date d;
	int missing = 0;
	deadline_cases(cal);
	assert_int_equal(os_calendar_receipt_date(cal, cst("2026-02-15", 8, 0, 0), &d, NULL),
	                 OS_OK);
	assert_int_equal(d, D("2026-02-24"));
	assert_int_equal(os_calendar_receipt_date(cal, cst("2026-02-12", 18, 0, 0), &d, NULL),
	                 OS_OK);
	assert_int_equal(d, D("2026-02-12"));
	assert_no_calendar(
	    os_calendar_deadline_from_receipt(cal, cst("2026-12-31", 10, 0, 0), 5, &d, &missing),
	    &missing, 2027);
	missing = 0;
	assert_no_calendar(os_calendar_receipt_date(cal, cst("2027-03-01", 10, 0, 0), &d, &missing),
	                   &missing, 2027);
	assert_int_equal(os_calendar_deadline_from_receipt(cal, INT64_MAX, 1, &d, NULL),
	                 OS_ERR_INVALID);
	assert_int_equal(os_calendar_deadline_from_receipt(cal, 0, -1, &d, NULL), OS_ERR_INVALID);
}

/* The same answers whatever the process time zone is. */
static void test_tz_independent(void **state)
{
	const os_calendar *cal = *state;
	static const char *const zones[] = {
	    "UTC",   "Asia/Shanghai",          "America/New_York",   "UTC0",
	    "CST-8", "EST5EDT,M3.2.0,M11.1.0", "Pacific/Kiritimati", "<-12>12",
	};
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	/* the reference: every hour from 2026-02-10 to 2026-02-16 */
	os_date ref[24 * 7];
	int64_t t0 = cst("2026-02-10", 0, 0, 0);
	setenv("TZ", "UTC", 1);
	tzset();
	for (int h = 0; h < 24 * 7; h++)
		assert_int_equal(
		    os_calendar_deadline_from_receipt(cal, t0 + h * 3600 + 1800, 2, &ref[h], NULL),
		    OS_OK);
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		deadline_cases(cal);
		for (int h = 0; h < 24 * 7; h++) {
			os_date d;
			assert_int_equal(os_calendar_deadline_from_receipt(
			                     cal, t0 + h * 3600 + 1800, 2, &d, NULL),
			                 OS_OK);
			assert_int_equal(d, ref[h]);
		}
	}
	/* and the reference is the Shanghai one: the hours of Thursday 12th
	 * (h = 48..71) count from Thursday, those of Friday 13th from Friday */
	assert_int_equal(ref[48], D("2026-02-14"));
	assert_int_equal(ref[71], D("2026-02-14"));
	assert_int_equal(ref[72], D("2026-02-24"));
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/* ---- loading and editing ------------------------------------------------------ */

static os_err load(const char *json, os_calendar **cal, char *msg)
{
	return os_calendar_from_json(json, strlen(json), cal, msg, OS_CAL_MSG_SIZE);
}

static void assert_refused(const char *json, const char *needle)
{
	os_calendar *cal = (os_calendar *)1;
	char msg[OS_CAL_MSG_SIZE] = "";
	os_err e = load(json, &cal, msg);
	if (e == OS_OK)
		fail_msg("accepted: %s", json);
	assert_null(cal);
	if (!strstr(msg, needle))
		fail_msg("message \"%s\" does not name \"%s\"", msg, needle);
	assert_null(strchr(msg, '\n'));
}

static void test_load_refusals(void **state)
{
	(void)state;
	assert_refused("", "line");
	assert_refused("[]", "object");
	assert_refused("{\"years\": []}", "years");
	assert_refused("{\"years\": {}, \"extra\": 1}", "extra");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [], \"workdays\": []}, "
	               "\"2026\": {\"holidays\": [], \"workdays\": []}}}",
	               "line");
	assert_refused(
	    "{\"years\": {\"2026\": {\"holidays\": [\"2026-02-30\"], \"workdays\": []}}}",
	    "2026-02-30");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [\"2026-2-3\"], \"workdays\": []}}}",
	               "2026-2-3");
	assert_refused(
	    "{\"years\": {\"2026\": {\"holidays\": [\" 2026-02-03\"], \"workdays\": []}}}",
	    " 2026-02-03");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [20260203], \"workdays\": []}}}",
	               "holidays[0]");
	assert_refused(
	    "{\"years\": {\"2026\": {\"holidays\": [\"2024-10-01\"], \"workdays\": []}}}",
	    "2024-10-01");
	assert_refused(
	    "{\"years\": {\"2026\": {\"holidays\": [], \"workdays\": [\"2026-02-13\"]}}}",
	    "2026-02-13");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [\"2026-02-16\", \"2026-02-16\"], "
	               "\"workdays\": []}}}",
	               "2026-02-16");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [\"2026-02-14\"], "
	               "\"workdays\": [\"2026-02-14\"]}}}",
	               "2026-02-14");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": [], \"workdays\": [], \"note\": 1}}}",
	               "note");
	assert_refused("{\"years\": {\"2026\": {\"holidays\": []}}}", "workdays");
	assert_refused("{\"years\": {\"26\": {\"holidays\": [], \"workdays\": []}}}", "26");
	assert_refused("{\"years\": {\"1066\": {\"holidays\": [], \"workdays\": []}}}", "1066");
	/* two notices may not both list a date */
	assert_refused("{\"years\": {\"2023\": {\"holidays\": [\"2022-12-31\"], \"workdays\": []},"
	               "\"2022\": {\"holidays\": [\"2022-12-31\"], \"workdays\": []}}}",
	               "2022-12-31");
	assert_refused("{\"years\": {}, \"closures\": [{\"date\": \"2026-07-01\"}]}",
	               "closures[0]");
	assert_refused(
	    "{\"years\": {}, \"closures\": [{\"date\": \"2026-7-1\", \"reason\": \"x\"}]}",
	    "2026-7-1");
	assert_refused(
	    "{\"years\": {}, \"closures\": [{\"date\": \"2026-07-01\", \"reason\": \"\"}]}",
	    "reason");
	assert_refused("{\"years\": {}, \"closures\": [{\"date\": \"2026-07-01\", \"reason\": "
	               "\"a\\u0007b\"}]}",
	               "reason");
	assert_refused(
	    "{\"years\": {}, \"closures\": [{\"date\": \"2026-07-01\", \"reason\": \"a\"},"
	    "{\"date\": \"2026-07-01\", \"reason\": \"b\"}]}",
	    "2026-07-01");
	/* a message about untrusted text stays one printable line */
	assert_refused(
	    "{\"years\": {\"2026\": {\"holidays\": [\"2026\\n01-01\"], \"workdays\": []}}}",
	    "2026?01-01");
}

static void test_load_minimal_and_roundtrip(void **state)
{
	os_calendar *cal = NULL, *again = NULL;
	char msg[OS_CAL_MSG_SIZE];
	bool w;
	assert_int_equal(
	    load("{\"years\": {\"2027\": {\"holidays\": [\"2027-01-01\"], \"workdays\": "
	         "[]}}, \"closures\": [{\"date\": \"2027-03-03\", \"reason\": "
	         "\"区政务服务中心 搬迁\"}]}",
	         &cal, msg),
	    OS_OK);
	assert_int_equal(os_calendar_is_workday(cal, D("2027-01-01"), &w, NULL), OS_OK);
	assert_false(w);
	assert_int_equal(os_calendar_is_workday(cal, D("2027-03-03"), &w, NULL), OS_OK);
	assert_false(w);
	assert_string_equal(os_calendar_closure(cal, D("2027-03-03")), "区政务服务中心 搬迁");
	char *text = os_calendar_to_json(cal);
	assert_int_equal(load(text, &again, msg), OS_OK);
	char *text2 = os_calendar_to_json(again);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	os_calendar_free(again);
	os_calendar_free(cal);

	/* the shipped data round-trips too */
	const os_calendar *emb = *state;
	text = os_calendar_to_json(emb);
	assert_int_equal(load(text, &again, msg), OS_OK);
	text2 = os_calendar_to_json(again);
	assert_string_equal(text, text2);
	assert_non_null(strstr(text, "\"2022-12-31\""));
	free(text);
	free(text2);
	os_calendar_free(again);
}

static void test_set_year_and_closures(void **state)
{
	(void)state;
	os_calendar *cal = embedded();
	char msg[OS_CAL_MSG_SIZE];
	bool w;
	int missing = 0;
	os_date d;
	/* a hypothetical 2027 notice */
	const os_date hol[] = {D("2027-01-01"), D("2027-02-06"), D("2027-02-08")};
	const os_date work[] = {D("2027-02-20")};
	const os_date badwork[] = {D("2027-02-19")};
	const os_date outside[] = {D("2025-12-31")};
	assert_int_equal(
	    os_calendar_set_year(cal, 2027, "test notice", hol, 3, badwork, 1, msg, sizeof msg),
	    OS_ERR_INVALID);
	assert_non_null(strstr(msg, "2027-02-19"));
	assert_int_equal(
	    os_calendar_set_year(cal, 2027, NULL, outside, 1, NULL, 0, msg, sizeof msg),
	    OS_ERR_INVALID);
	assert_non_null(strstr(msg, "2025-12-31"));
	/* 2026-01-01 is listed by the 2026 notice */
	const os_date clash[] = {D("2026-01-01")};
	assert_int_equal(os_calendar_set_year(cal, 2027, NULL, clash, 1, NULL, 0, msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_non_null(strstr(msg, "2026 notice"));
	assert_int_equal(os_calendar_set_year(cal, 1800, NULL, NULL, 0, NULL, 0, msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_false(os_calendar_year_published(cal, 2027));

	assert_int_equal(
	    os_calendar_set_year(cal, 2027, "test notice", hol, 3, work, 1, msg, sizeof msg),
	    OS_OK);
	assert_true(os_calendar_year_published(cal, 2027));
	assert_int_equal(os_calendar_add_workdays(cal, D("2026-12-29"), 3, &d, &missing), OS_OK);
	assert_int_equal(d, D("2027-01-04"));
	assert_int_equal(os_calendar_is_workday(cal, D("2027-02-20"), &w, NULL), OS_OK);
	assert_true(w);
	/* replace the notice: 2027-02-20 is an ordinary Saturday again */
	assert_int_equal(
	    os_calendar_set_year(cal, 2027, "corrected", hol, 3, NULL, 0, msg, sizeof msg), OS_OK);
	assert_int_equal(os_calendar_is_workday(cal, D("2027-02-20"), &w, NULL), OS_OK);
	assert_false(w);
	assert_string_equal(os_calendar_year_source(cal, 2027), "corrected");
	assert_int_equal(os_calendar_remove_year(cal, 2027), OS_OK);
	assert_int_equal(os_calendar_remove_year(cal, 2027), OS_ERR_NOT_FOUND);
	assert_int_equal(os_calendar_is_workday(cal, D("2027-01-04"), &w, NULL),
	                 OS_ERR_NO_CALENDAR);

	/* a local closure on Friday 2026-02-13 moves the example's deadline */
	assert_int_equal(os_calendar_add_closure(cal, D("2026-02-13"), "停电检修", msg, sizeof msg),
	                 OS_OK);
	assert_int_equal(os_calendar_add_closure(cal, D("2026-02-13"), "again", msg, sizeof msg),
	                 OS_ERR_CONFLICT);
	assert_int_equal(os_calendar_add_closure(cal, D("2026-02-11"), "", msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_int_equal(os_calendar_add_closure(cal, D("2026-02-11"), "bad\xff", msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_int_equal(
	    os_calendar_add_closure(cal, D("2026-02-11"), "tab\there", msg, sizeof msg),
	    OS_ERR_INVALID);
	assert_false(workday(cal, "2026-02-13"));
	os_day_kind k;
	assert_int_equal(os_calendar_day_kind(cal, D("2026-02-13"), &k, NULL), OS_OK);
	assert_int_equal(k, OS_DAY_CLOSURE);
	assert_add(cal, "2026-02-12", 3, "2026-02-25");
	/* closing a make-up Saturday makes it a day off */
	assert_int_equal(os_calendar_add_closure(cal, D("2026-02-14"), "x", msg, sizeof msg),
	                 OS_OK);
	assert_add(cal, "2026-02-12", 1, "2026-02-24");
	assert_int_equal(os_calendar_remove_closure(cal, D("2026-02-13")), OS_OK);
	assert_int_equal(os_calendar_remove_closure(cal, D("2026-02-13")), OS_ERR_NOT_FOUND);
	assert_int_equal(os_calendar_remove_closure(cal, D("2026-02-14")), OS_OK);
	assert_add(cal, "2026-02-12", 3, "2026-02-24");
	/* a closure alone does not make an unpublished year known */
	assert_int_equal(os_calendar_add_closure(cal, D("2027-07-01"), "x", msg, sizeof msg),
	                 OS_OK);
	assert_int_equal(os_calendar_is_workday(cal, D("2027-07-01"), &w, NULL),
	                 OS_ERR_NO_CALENDAR);
	os_calendar_free(cal);
}

static void test_empty_calendar(void **state)
{
	(void)state;
	os_calendar *cal = os_calendar_new();
	bool w;
	int missing = 0;
	assert_no_calendar(os_calendar_is_workday(cal, D("2026-02-12"), &w, &missing), &missing,
	                   2026);
	char *text = os_calendar_to_json(cal);
	assert_string_equal(text, "{\n \"years\": {}\n}");
	free(text);
	os_calendar_free(cal);
	os_calendar_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_strict),
	    cmocka_unit_test(test_epoch_and_weekday),
	    cmocka_unit_test(test_every_day),
	    cmocka_unit_test(test_from_unix),
	    cmocka_unit_test_setup_teardown(test_years_published, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_domain_example, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spring_festival_2026, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_national_day_2026, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_year_ends, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_years, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_count_inverse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_receipt_rule, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tz_independent, setup, teardown),
	    cmocka_unit_test(test_load_refusals),
	    cmocka_unit_test_setup_teardown(test_load_minimal_and_roundtrip, setup, teardown),
	    cmocka_unit_test(test_set_year_and_closures),
	    cmocka_unit_test(test_empty_calendar),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
