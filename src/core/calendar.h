/* calendar.h - dates and the official working-day calendar (the legal clock).
 *
 * Dates. An os_date is the number of days since 1970-01-01 in the proleptic
 * Gregorian calendar (0 = 1970-01-01, a Thursday; negative before). It is a
 * plain integer so that dates compare with < and subtract to a number of
 * days. Valid dates lie in years OS_DATE_MIN_YEAR..OS_DATE_MAX_YEAR; the
 * functions below never produce a date outside that range. A date has no
 * time zone: it is a day on the wall calendar of Asia/Shanghai (China
 * Standard Time, UTC+8, no daylight saving since 1991), which is the only
 * zone the legal clock knows. os_date_from_unix() converts a timestamp by
 * arithmetic and never consults TZ or localtime().
 *
 * Working days. A date is a working day when it is a Monday-Friday that is
 * not a public holiday, or a make-up working day (调休上班) listed by the
 * State Council notice, and in either case not a local closure (an extra
 * non-working day an administrator declares, with a reason). Holidays and
 * make-up days are data: one notice per year, loaded from the JSON format of
 * data/cn-holidays.json (see os_calendar_from_json()). A notice for year Y may
 * list dates of Y-1 or Y+1 (the 2023 notice lists 2022-12-31).
 *
 * Never a guess. A date is known when its year has a published notice, or
 * when a published notice lists it explicitly (2022-12-31 is known from the
 * 2023 notice although 2022 is not loaded). Every query that would need an
 * unknown date returns OS_ERR_NO_CALENDAR and stores that date's year in
 * *missing_year (which may be NULL when the caller does not care).
 *
 * Periods (行政许可法 Art. 82; 民法典 Art. 201). A period of N working days
 * starts the day after the event that opens it: add_workdays(D, N) is the
 * N-th working day after D. The end-of-day rule for receipts is in
 * os_calendar_receipt_date(). See docs/rules.md.
 *
 * Ownership: an os_calendar is created by os_calendar_new() or
 * os_calendar_from_json() and released with os_calendar_free(). Queries take
 * a const calendar and are safe to run from several threads at once;
 * modifications need exclusive access. Strings returned by the calendar point
 * into it and live until the next modification or free. */
#ifndef ONESTOP_CORE_CALENDAR_H
#define ONESTOP_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef int32_t os_date;

#define OS_DATE_MIN_YEAR 1
#define OS_DATE_MAX_YEAR 9999
#define OS_DATE_STRLEN   11 /* "YYYY-MM-DD" and its NUL */

/* Shanghai local time is UTC + 8 hours, always (no DST since 1991). */
#define OS_SHANGHAI_UTC_OFFSET (8 * 3600)

/* True when y-m-d is a real date of the Gregorian calendar within range. */
bool os_date_valid_ymd(int y, int m, int d);
/* OS_ERR_INVALID unless os_date_valid_ymd(y, m, d). */
os_err os_date_from_ymd(int y, int m, int d, os_date *out);
void os_date_to_ymd(os_date date, int *y, int *m, int *d);
int os_date_year(os_date date);
/* Strictly "YYYY-MM-DD": exactly 10 bytes (len), ASCII digits, '-' at 4 and
 * 7, a real date. Nothing before or after. OS_ERR_INVALID otherwise. */
os_err os_date_parse(const char *s, size_t len, os_date *out);
/* Writes "YYYY-MM-DD" and a NUL; out must hold OS_DATE_STRLEN bytes. */
void os_date_format(os_date date, char out[OS_DATE_STRLEN]);
/* ISO 8601 day of week: 1 = Monday ... 7 = Sunday. */
int os_date_weekday(os_date date);
/* The Asia/Shanghai calendar date of a Unix timestamp (seconds since
 * 1970-01-01T00:00:00Z). OS_ERR_INVALID if outside the date range. */
os_err os_date_from_unix(int64_t unix_seconds, os_date *out);
/* Inclusive bounds of the valid os_date range. */
os_date os_date_min(void);
os_date os_date_max(void);

/* Caps on calendar data (inputs beyond them are refused). */
#define OS_CAL_MIN_YEAR     1900 /* years a notice may be published for */
#define OS_CAL_MAX_YEAR     2999
#define OS_CAL_MAX_YEARS    200        /* notices in one calendar */
#define OS_CAL_MAX_LIST     366        /* dates in one holidays/workdays list */
#define OS_CAL_MAX_CLOSURES 10000      /* local closures in one calendar */
#define OS_CAL_MAX_SOURCE   512        /* bytes of a notice's source text */
#define OS_CAL_MAX_REASON   256        /* bytes of a closure's reason */
#define OS_CAL_MAX_JSON     (4u << 20) /* bytes of calendar JSON text */
#define OS_CAL_MAX_WORKDAYS 10000      /* largest N for add_workdays/deadline */
#define OS_CAL_MSG_SIZE     160        /* a message buffer that is always enough */

typedef struct os_calendar os_calendar;

/* An empty calendar: every date is unknown until a year is added. */
os_calendar *os_calendar_new(void);
void os_calendar_free(os_calendar *cal);

/* Build a calendar from JSON text (len bytes, need not be NUL-terminated):
 *   { "description": "...",                        (optional string)
 *     "years": { "2026": { "source": "...",         (optional string)
 *                          "holidays": ["2026-01-01", ...],
 *                          "workdays": ["2026-01-04", ...] }, ... },
 *     "closures": [ { "date": "2026-07-01", "reason": "..." }, ... ] }  (optional)
 * Unknown keys, duplicate keys, malformed or out-of-year dates (a date listed
 * for year Y must be in Y-1, Y or Y+1), a make-up working day that is not a
 * Saturday or Sunday, a date listed twice or both as holiday and working day
 * are refused. On failure *out is NULL, the result is OS_ERR_INVALID (or
 * OS_ERR_TOO_LARGE) and msg (msgsz bytes, may be 0) holds one line naming the
 * offending year and date. On success the caller owns *out. */
os_err os_calendar_from_json(const char *text, size_t len, os_calendar **out, char *msg,
                             size_t msgsz);
/* The calendar in the same JSON format (years ascending, then closures);
 * os_calendar_from_json() of it gives an equal calendar. Caller frees(). */
char *os_calendar_to_json(const os_calendar *cal);

/* Add or replace the notice of `year` (source may be NULL). Validated as in
 * os_calendar_from_json(), including conflicts with the other notices. On
 * failure the calendar is unchanged and msg says why. */
os_err os_calendar_set_year(os_calendar *cal, int year, const char *source, const os_date *holidays,
                            size_t nholidays, const os_date *workdays, size_t nworkdays, char *msg,
                            size_t msgsz);
/* OS_ERR_NOT_FOUND if the year has no notice. */
os_err os_calendar_remove_year(os_calendar *cal, int year);
bool os_calendar_year_published(const os_calendar *cal, int year);
/* The years with a notice, ascending: writes up to max of them to years and
 * returns how many there are. */
size_t os_calendar_years(const os_calendar *cal, int *years, size_t max);
/* The source text of a year's notice ("" if none given), NULL if no notice. */
const char *os_calendar_year_source(const os_calendar *cal, int year);

/* Declare a local closure: `date` is not a working day, for `reason`
 * (non-empty valid UTF-8 without control characters, at most
 * OS_CAL_MAX_REASON bytes). OS_ERR_CONFLICT if the date is already closed. */
os_err os_calendar_add_closure(os_calendar *cal, os_date date, const char *reason, char *msg,
                               size_t msgsz);
/* OS_ERR_NOT_FOUND if the date is not closed. */
os_err os_calendar_remove_closure(os_calendar *cal, os_date date);
/* The reason of a closure on that date, or NULL. */
const char *os_calendar_closure(const os_calendar *cal, os_date date);

typedef enum os_day_kind {
	OS_DAY_WORKDAY = 1, /* Monday-Friday, ordinary */
	OS_DAY_WEEKEND,     /* Saturday or Sunday, ordinary */
	OS_DAY_HOLIDAY,     /* public holiday of a notice (放假) */
	OS_DAY_MAKEUP,      /* make-up working day of a notice (调休上班) */
	OS_DAY_CLOSURE,     /* local closure (wins over all the others) */
} os_day_kind;

/* What kind of day `date` is (working: WORKDAY and MAKEUP). */
os_err os_calendar_day_kind(const os_calendar *cal, os_date date, os_day_kind *kind,
                            int *missing_year);
os_err os_calendar_is_workday(const os_calendar *cal, os_date date, bool *out, int *missing_year);
/* The n-th working day after `from` (n >= 0; n = 0 gives `from` itself).
 * OS_ERR_INVALID if n < 0, n > OS_CAL_MAX_WORKDAYS or the date range ends. */
os_err os_calendar_add_workdays(const os_calendar *cal, os_date from, int n, os_date *out,
                                int *missing_year);
/* The number of working days d with from < d <= to (0 when to <= from). */
os_err os_calendar_count_between(const os_calendar *cal, os_date from, os_date to, int *out,
                                 int *missing_year);
/* The first working day on or after `date`. */
os_err os_calendar_next_workday(const os_calendar *cal, os_date date, os_date *out,
                                int *missing_year);
/* The end-of-day rule. A receipt counts on the Asia/Shanghai date of its
 * timestamp, whatever the hour (the day ends at 24:00 China Standard Time,
 * not at office closing time). A receipt on a non-working day counts as
 * received on the next working day. Writes that date to *out. */
os_err os_calendar_receipt_date(const os_calendar *cal, int64_t received_at, os_date *out,
                                int *missing_year);
/* The deadline of a period of n working days opened by a receipt at
 * received_at: add_workdays(receipt_date(received_at), n). */
os_err os_calendar_deadline_from_receipt(const os_calendar *cal, int64_t received_at, int n,
                                         os_date *out, int *missing_year);

#endif
