/* calendar.c - dates and the working-day calendar. See calendar.h. */
#include "core/calendar.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* ---- dates --------------------------------------------------------------- */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d. The year is shifted to start in
 * March so that the leap day is the last day of the shifted year; 400 years
 * are exactly 146097 days. Only positive years occur here (1..9999). */
static int32_t days_from_ymd(int y, int m, int d)
{
	int yy = m <= 2 ? y - 1 : y;          /* 0..9999 */
	int era = yy / 400;                   /* 0..24 */
	int yoe = yy - era * 400;             /* 0..399 */
	int mp = m > 2 ? m - 3 : m + 9;       /* March = 0 .. February = 11 */
	int doy = (153 * mp + 2) / 5 + d - 1; /* 0..365 */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	/* 719468 = days from 0000-03-01 to 1970-01-01 */
	return (int32_t)(era * 146097 + doe - 719468);
}

static void ymd_from_days(int32_t z, int *y, int *m, int *d)
{
	int64_t n = (int64_t)z + 719468; /* days since 0000-03-01, >= 0 in range */
	int64_t era = n / 146097;
	int64_t doe = n - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400) + (mm <= 2);
	*m = mm;
	*d = dd;
}

bool os_date_valid_ymd(int y, int m, int d)
{
	if (y < OS_DATE_MIN_YEAR || y > OS_DATE_MAX_YEAR || m < 1 || m > 12 || d < 1)
		return false;
	return d <= month_days(y, m);
}

os_err os_date_from_ymd(int y, int m, int d, os_date *out)
{
	if (!os_date_valid_ymd(y, m, d))
		return OS_ERR_INVALID;
	*out = days_from_ymd(y, m, d);
	return OS_OK;
}

os_date os_date_min(void)
{
	return days_from_ymd(OS_DATE_MIN_YEAR, 1, 1);
}

os_date os_date_max(void)
{
	return days_from_ymd(OS_DATE_MAX_YEAR, 12, 31);
}

static bool date_in_range(os_date date)
{
	return date >= os_date_min() && date <= os_date_max();
}

void os_date_to_ymd(os_date date, int *y, int *m, int *d)
{
	ymd_from_days(date, y, m, d);
}

int os_date_year(os_date date)
{
	int y, m, d;
	ymd_from_days(date, &y, &m, &d);
	return y;
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

os_err os_date_parse(const char *s, size_t len, os_date *out)
{
	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return OS_ERR_INVALID;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return OS_ERR_INVALID;
	return os_date_from_ymd(y, m, d, out);
}

void os_date_format(os_date date, char out[OS_DATE_STRLEN])
{
	int y, m, d;
	ymd_from_days(date, &y, &m, &d);
	snprintf(out, OS_DATE_STRLEN, "%04d-%02d-%02d", y, m, d);
}

int os_date_weekday(os_date date)
{
	int r = (int)(((int64_t)date % 7 + 7) % 7); /* 0 = Thursday 1970-01-01 */
	return (r + 3) % 7 + 1;
}

os_err os_date_from_unix(int64_t unix_seconds, os_date *out)
{
	const int64_t lo = (int64_t)os_date_min() * 86400 - OS_SHANGHAI_UTC_OFFSET;
	const int64_t hi = ((int64_t)os_date_max() + 1) * 86400 - OS_SHANGHAI_UTC_OFFSET - 1;
	if (unix_seconds < lo || unix_seconds > hi)
		return OS_ERR_INVALID;
	int64_t local = unix_seconds + OS_SHANGHAI_UTC_OFFSET;
	int64_t days = local / 86400;
	if (local % 86400 < 0)
		days--; /* floor, not truncation, before 1970 */
	*out = (os_date)days;
	return OS_OK;
}

/* ---- the calendar object ------------------------------------------------- */

enum { MARK_HOLIDAY = 1, MARK_WORKDAY = 2 };

struct cal_notice {
	int year;
	char *source;
	os_date *holidays; /* sorted */
	size_t nholidays;
	os_date *workdays; /* sorted */
	size_t nworkdays;
};

struct cal_mark {
	os_date date;
	int kind; /* MARK_* */
	int year; /* of the notice that lists it */
};

struct cal_closure {
	os_date date;
	char *reason;
};

struct os_calendar {
	char *description;
	struct cal_notice *notices; /* sorted by year */
	size_t nnotices;
	struct cal_mark *marks; /* every listed date of every notice, sorted by date */
	size_t nmarks;
	struct cal_closure *closures; /* sorted by date */
	size_t nclosures;
};

static void set_msg(char *msg, size_t msgsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_msg(char *msg, size_t msgsz, const char *fmt, ...)
{
	if (!msg || !msgsz)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msgsz, fmt, ap);
	va_end(ap);
}

/* A printable excerpt of untrusted text for a one-line message. */
static void excerpt(char *out, size_t outsz, const char *s, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; i < len && j + 1 < outsz; i++) {
		if (i == 24 && len > 27 && j + 4 < outsz) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		unsigned char c = (unsigned char)s[i];
		out[j++] = c >= 0x20 && c < 0x7f && c != '"' ? (char)c : '?';
	}
	if (outsz)
		out[j < outsz ? j : outsz - 1] = '\0';
}

/* Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
 * without C0 control characters or DEL. */
static bool text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			i++;
			continue;
		}
		size_t n;
		unsigned cp, min;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

os_calendar *os_calendar_new(void)
{
	return os_calloc(1, sizeof(os_calendar));
}

static void notice_free(struct cal_notice *n)
{
	free(n->source);
	free(n->holidays);
	free(n->workdays);
}

void os_calendar_free(os_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->nnotices; i++)
		notice_free(&cal->notices[i]);
	for (size_t i = 0; i < cal->nclosures; i++)
		free(cal->closures[i].reason);
	free(cal->notices);
	free(cal->marks);
	free(cal->closures);
	free(cal->description);
	free(cal);
}

static int cmp_date(const void *a, const void *b)
{
	os_date x = *(const os_date *)a, y = *(const os_date *)b;
	return (x > y) - (x < y);
}

static int cmp_mark(const void *a, const void *b)
{
	return cmp_date(&((const struct cal_mark *)a)->date, &((const struct cal_mark *)b)->date);
}

static const struct cal_notice *find_notice(const os_calendar *cal, int year)
{
	size_t lo = 0, hi = cal->nnotices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->notices[mid].year == year)
			return &cal->notices[mid];
		if (cal->notices[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct cal_mark *find_mark(const os_calendar *cal, os_date date)
{
	size_t lo = 0, hi = cal->nmarks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->marks[mid].date == date)
			return &cal->marks[mid];
		if (cal->marks[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Index of the closure on `date`, or of where it would be inserted. */
static size_t closure_pos(const os_calendar *cal, os_date date, bool *found)
{
	size_t lo = 0, hi = cal->nclosures;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->closures[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < cal->nclosures && cal->closures[lo].date == date;
	return lo;
}

static void rebuild_marks(os_calendar *cal)
{
	size_t n = 0;
	for (size_t i = 0; i < cal->nnotices; i++)
		n += cal->notices[i].nholidays + cal->notices[i].nworkdays;
	free(cal->marks);
	cal->marks = os_malloc(n * sizeof *cal->marks);
	cal->nmarks = 0;
	for (size_t i = 0; i < cal->nnotices; i++) {
		const struct cal_notice *no = &cal->notices[i];
		for (size_t k = 0; k < no->nholidays; k++)
			cal->marks[cal->nmarks++] =
			    (struct cal_mark){no->holidays[k], MARK_HOLIDAY, no->year};
		for (size_t k = 0; k < no->nworkdays; k++)
			cal->marks[cal->nmarks++] =
			    (struct cal_mark){no->workdays[k], MARK_WORKDAY, no->year};
	}
	qsort(cal->marks, cal->nmarks, sizeof *cal->marks, cmp_mark);
}

/* Validate one list of a notice for `year`; `what` names it in messages. */
static os_err check_list(const os_calendar *cal, int year, const char *what, const os_date *dates,
                         size_t n, char *msg, size_t msgsz)
{
	if (n > OS_CAL_MAX_LIST) {
		set_msg(msg, msgsz, "year %d: more than %d %s", year, OS_CAL_MAX_LIST, what);
		return OS_ERR_TOO_LARGE;
	}
	for (size_t i = 0; i < n; i++) {
		char ds[OS_DATE_STRLEN];
		if (!date_in_range(dates[i])) {
			set_msg(msg, msgsz, "year %d: %s[%zu] is out of the date range", year, what,
			        i);
			return OS_ERR_INVALID;
		}
		os_date_format(dates[i], ds);
		int dy = os_date_year(dates[i]);
		if (dy < year - 1 || dy > year + 1) {
			set_msg(msg, msgsz,
			        "year %d: %s date %s does not belong to %d or a neighbouring year",
			        year, what, ds, year);
			return OS_ERR_INVALID;
		}
		if (what[0] == 'w' && os_date_weekday(dates[i]) < 6) {
			set_msg(msg, msgsz,
			        "year %d: make-up working day %s is not a Saturday or Sunday", year,
			        ds);
			return OS_ERR_INVALID;
		}
		const struct cal_mark *mk = find_mark(cal, dates[i]);
		if (mk && mk->year != year) {
			set_msg(msg, msgsz,
			        "year %d: %s date %s is already listed by the %d notice", year,
			        what, ds, mk->year);
			return OS_ERR_INVALID;
		}
	}
	return OS_OK;
}

os_err os_calendar_set_year(os_calendar *cal, int year, const char *source, const os_date *holidays,
                            size_t nholidays, const os_date *workdays, size_t nworkdays, char *msg,
                            size_t msgsz)
{
	os_err e;
	if (year < OS_CAL_MIN_YEAR || year > OS_CAL_MAX_YEAR) {
		set_msg(msg, msgsz, "year %d is outside %d-%d", year, OS_CAL_MIN_YEAR,
		        OS_CAL_MAX_YEAR);
		return OS_ERR_INVALID;
	}
	size_t slen = source ? strnlen(source, OS_CAL_MAX_SOURCE + 1) : 0;
	if (slen > OS_CAL_MAX_SOURCE) {
		set_msg(msg, msgsz, "year %d: source longer than %d bytes", year,
		        OS_CAL_MAX_SOURCE);
		return OS_ERR_TOO_LARGE;
	}
	if (source && !text_ok(source, slen)) {
		set_msg(msg, msgsz, "year %d: source is not valid UTF-8 text", year);
		return OS_ERR_INVALID;
	}
	bool replacing = find_notice(cal, year) != NULL;
	if (!replacing && cal->nnotices >= OS_CAL_MAX_YEARS) {
		set_msg(msg, msgsz, "more than %d years", OS_CAL_MAX_YEARS);
		return OS_ERR_TOO_LARGE;
	}
	e = check_list(cal, year, "holidays", holidays, nholidays, msg, msgsz);
	if (e)
		return e;
	e = check_list(cal, year, "workdays", workdays, nworkdays, msg, msgsz);
	if (e)
		return e;

	struct cal_notice no = {.year = year, .nholidays = nholidays, .nworkdays = nworkdays};
	no.holidays = os_malloc((nholidays ? nholidays : 1) * sizeof(os_date));
	no.workdays = os_malloc((nworkdays ? nworkdays : 1) * sizeof(os_date));
	if (nholidays)
		memcpy(no.holidays, holidays, nholidays * sizeof(os_date));
	if (nworkdays)
		memcpy(no.workdays, workdays, nworkdays * sizeof(os_date));
	qsort(no.holidays, nholidays, sizeof(os_date), cmp_date);
	qsort(no.workdays, nworkdays, sizeof(os_date), cmp_date);

	/* Within the notice: no date twice, none both holiday and working day. */
	size_t i = 0, k = 0;
	for (size_t j = 1; j < nholidays || j < nworkdays; j++) {
		const char *dup = NULL;
		os_date dd = 0;
		if (j < nholidays && no.holidays[j] == no.holidays[j - 1])
			dup = "holidays", dd = no.holidays[j];
		else if (j < nworkdays && no.workdays[j] == no.workdays[j - 1])
			dup = "workdays", dd = no.workdays[j];
		if (dup) {
			char ds[OS_DATE_STRLEN];
			os_date_format(dd, ds);
			set_msg(msg, msgsz, "year %d: %s lists %s twice", year, dup, ds);
			e = OS_ERR_INVALID;
			goto out;
		}
	}
	while (i < nholidays && k < nworkdays) {
		if (no.holidays[i] == no.workdays[k]) {
			char ds[OS_DATE_STRLEN];
			os_date_format(no.holidays[i], ds);
			set_msg(msg, msgsz, "year %d: %s is listed as holiday and as working day",
			        year, ds);
			e = OS_ERR_INVALID;
			goto out;
		}
		if (no.holidays[i] < no.workdays[k])
			i++;
		else
			k++;
	}
	no.source = os_strndup(source ? source : "", slen);

	if (replacing) {
		struct cal_notice *old = (struct cal_notice *)find_notice(cal, year);
		notice_free(old);
		*old = no;
	} else {
		size_t pos = 0;
		while (pos < cal->nnotices && cal->notices[pos].year < year)
			pos++;
		cal->notices = os_realloc(cal->notices, (cal->nnotices + 1) * sizeof no);
		memmove(&cal->notices[pos + 1], &cal->notices[pos],
		        (cal->nnotices - pos) * sizeof no);
		cal->notices[pos] = no;
		cal->nnotices++;
	}
	rebuild_marks(cal);
	return OS_OK;
out:
	notice_free(&no);
	return e;
}

os_err os_calendar_remove_year(os_calendar *cal, int year)
{
	struct cal_notice *no = (struct cal_notice *)find_notice(cal, year);
	if (!no)
		return OS_ERR_NOT_FOUND;
	size_t pos = (size_t)(no - cal->notices);
	notice_free(no);
	memmove(&cal->notices[pos], &cal->notices[pos + 1], (cal->nnotices - pos - 1) * sizeof *no);
	cal->nnotices--;
	rebuild_marks(cal);
	return OS_OK;
}

bool os_calendar_year_published(const os_calendar *cal, int year)
{
	return find_notice(cal, year) != NULL;
}

size_t os_calendar_years(const os_calendar *cal, int *years, size_t max)
{
	for (size_t i = 0; i < cal->nnotices && i < max; i++)
		years[i] = cal->notices[i].year;
	return cal->nnotices;
}

const char *os_calendar_year_source(const os_calendar *cal, int year)
{
	const struct cal_notice *no = find_notice(cal, year);
	return no ? no->source : NULL;
}

os_err os_calendar_add_closure(os_calendar *cal, os_date date, const char *reason, char *msg,
                               size_t msgsz)
{
	char ds[OS_DATE_STRLEN];
	if (!date_in_range(date)) {
		set_msg(msg, msgsz, "closure date out of range");
		return OS_ERR_INVALID;
	}
	os_date_format(date, ds);
	size_t rlen = reason ? strnlen(reason, OS_CAL_MAX_REASON + 1) : 0;
	if (rlen == 0) {
		set_msg(msg, msgsz, "closure %s: a reason is required", ds);
		return OS_ERR_INVALID;
	}
	if (rlen > OS_CAL_MAX_REASON) {
		set_msg(msg, msgsz, "closure %s: reason longer than %d bytes", ds,
		        OS_CAL_MAX_REASON);
		return OS_ERR_TOO_LARGE;
	}
	if (!text_ok(reason, rlen)) {
		set_msg(msg, msgsz, "closure %s: reason is not valid UTF-8 text", ds);
		return OS_ERR_INVALID;
	}
	bool found;
	size_t pos = closure_pos(cal, date, &found);
	if (found) {
		set_msg(msg, msgsz, "closure %s: that date is already closed", ds);
		return OS_ERR_CONFLICT;
	}
	if (cal->nclosures >= OS_CAL_MAX_CLOSURES) {
		set_msg(msg, msgsz, "more than %d closures", OS_CAL_MAX_CLOSURES);
		return OS_ERR_TOO_LARGE;
	}
	cal->closures = os_realloc(cal->closures, (cal->nclosures + 1) * sizeof *cal->closures);
	memmove(&cal->closures[pos + 1], &cal->closures[pos],
	        (cal->nclosures - pos) * sizeof *cal->closures);
	cal->closures[pos] = (struct cal_closure){date, os_strndup(reason, rlen)};
	cal->nclosures++;
	return OS_OK;
}

os_err os_calendar_remove_closure(os_calendar *cal, os_date date)
{
	bool found;
	size_t pos = closure_pos(cal, date, &found);
	if (!found)
		return OS_ERR_NOT_FOUND;
	free(cal->closures[pos].reason);
	memmove(&cal->closures[pos], &cal->closures[pos + 1],
	        (cal->nclosures - pos - 1) * sizeof *cal->closures);
	cal->nclosures--;
	return OS_OK;
}

const char *os_calendar_closure(const os_calendar *cal, os_date date)
{
	bool found;
	size_t pos = closure_pos(cal, date, &found);
	return found ? cal->closures[pos].reason : NULL;
}

/* ---- JSON ---------------------------------------------------------------- */

/* Refuse keys other than the allowed ones (NULL-terminated list). */
static const char *unknown_key(json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			ok = ok || strcmp(key, allowed[i]) == 0;
		if (!ok)
			return key;
	}
	return NULL;
}

static os_err parse_list(json_t *arr, int year, const char *what, os_date **out, size_t *n,
                         char *msg, size_t msgsz)
{
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr)) {
		set_msg(msg, msgsz, "year %d: \"%s\" must be an array of dates", year, what);
		return OS_ERR_INVALID;
	}
	size_t len = json_array_size(arr);
	if (len > OS_CAL_MAX_LIST) {
		set_msg(msg, msgsz, "year %d: more than %d %s", year, OS_CAL_MAX_LIST, what);
		return OS_ERR_TOO_LARGE;
	}
	os_date *dates = os_malloc((len ? len : 1) * sizeof *dates);
	for (size_t i = 0; i < len; i++) {
		json_t *v = json_array_get(arr, i);
		if (!json_is_string(v)) {
			set_msg(msg, msgsz, "year %d: %s[%zu] is not a string", year, what, i);
			free(dates);
			return OS_ERR_INVALID;
		}
		const char *s = json_string_value(v);
		size_t slen = json_string_length(v);
		if (os_date_parse(s, slen, &dates[i]) != OS_OK) {
			char ex[32];
			excerpt(ex, sizeof ex, s, slen);
			set_msg(msg, msgsz,
			        "year %d: %s: malformed date \"%s\" (expected YYYY-MM-DD)", year,
			        what, ex);
			free(dates);
			return OS_ERR_INVALID;
		}
	}
	*out = dates;
	*n = len;
	return OS_OK;
}

static os_err load_year(os_calendar *cal, const char *key, json_t *obj, char *msg, size_t msgsz)
{
	static const char *const allowed[] = {"source", "holidays", "workdays", NULL};
	os_date *hol = NULL, *work = NULL;
	size_t nh = 0, nw = 0;
	const char *source = NULL;
	os_err e;
	int year = strlen(key) == 4 ? digits(key, 4) : -1;
	if (year < OS_CAL_MIN_YEAR || year > OS_CAL_MAX_YEAR) {
		char ex[32];
		excerpt(ex, sizeof ex, key, strlen(key));
		set_msg(msg, msgsz, "\"%s\" is not a year (%d-%d)", ex, OS_CAL_MIN_YEAR,
		        OS_CAL_MAX_YEAR);
		return OS_ERR_INVALID;
	}
	if (!json_is_object(obj)) {
		set_msg(msg, msgsz, "year %d: must be an object", year);
		return OS_ERR_INVALID;
	}
	const char *bad = unknown_key(obj, allowed);
	if (bad) {
		char ex[32];
		excerpt(ex, sizeof ex, bad, strlen(bad));
		set_msg(msg, msgsz, "year %d: unknown key \"%s\"", year, ex);
		return OS_ERR_INVALID;
	}
	json_t *src = json_object_get(obj, "source");
	if (src) {
		if (!json_is_string(src) ||
		    strlen(json_string_value(src)) != json_string_length(src)) {
			set_msg(msg, msgsz, "year %d: \"source\" must be a string", year);
			return OS_ERR_INVALID;
		}
		source = json_string_value(src);
	}
	e = parse_list(json_object_get(obj, "holidays"), year, "holidays", &hol, &nh, msg, msgsz);
	if (e)
		goto out;
	e = parse_list(json_object_get(obj, "workdays"), year, "workdays", &work, &nw, msg, msgsz);
	if (e)
		goto out;
	e = os_calendar_set_year(cal, year, source, hol, nh, work, nw, msg, msgsz);
out:
	free(hol);
	free(work);
	return e;
}

static os_err load_closures(os_calendar *cal, json_t *arr, char *msg, size_t msgsz)
{
	static const char *const allowed[] = {"date", "reason", NULL};
	if (!json_is_array(arr)) {
		set_msg(msg, msgsz, "\"closures\" must be an array");
		return OS_ERR_INVALID;
	}
	if (json_array_size(arr) > OS_CAL_MAX_CLOSURES) {
		set_msg(msg, msgsz, "more than %d closures", OS_CAL_MAX_CLOSURES);
		return OS_ERR_TOO_LARGE;
	}
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		if (!json_is_object(c) || unknown_key(c, allowed)) {
			set_msg(msg, msgsz, "closures[%zu] must be {\"date\", \"reason\"}", i);
			return OS_ERR_INVALID;
		}
		json_t *d = json_object_get(c, "date"), *r = json_object_get(c, "reason");
		os_date date;
		if (!json_is_string(d) || !json_is_string(r)) {
			set_msg(msg, msgsz, "closures[%zu] needs a date and a reason string", i);
			return OS_ERR_INVALID;
		}
		if (os_date_parse(json_string_value(d), json_string_length(d), &date) != OS_OK) {
			char ex[32];
			excerpt(ex, sizeof ex, json_string_value(d), json_string_length(d));
			set_msg(msg, msgsz,
			        "closures[%zu]: malformed date \"%s\" (expected YYYY-MM-DD)", i,
			        ex);
			return OS_ERR_INVALID;
		}
		if (strlen(json_string_value(r)) != json_string_length(r)) {
			set_msg(msg, msgsz, "closures[%zu]: reason contains NUL", i);
			return OS_ERR_INVALID;
		}
		os_err e = os_calendar_add_closure(cal, date, json_string_value(r), msg, msgsz);
		if (e)
			return e == OS_ERR_CONFLICT ? OS_ERR_INVALID : e;
	}
	return OS_OK;
}

os_err os_calendar_from_json(const char *text, size_t len, os_calendar **out, char *msg,
                             size_t msgsz)
{
	static const char *const allowed[] = {"description", "years", "closures", NULL};
	os_calendar *cal = NULL;
	json_t *root = NULL;
	json_error_t jerr;
	os_err e = OS_ERR_INVALID;
	*out = NULL;
	set_msg(msg, msgsz, "ok");
	if (len > OS_CAL_MAX_JSON) {
		set_msg(msg, msgsz, "calendar JSON larger than %u bytes", OS_CAL_MAX_JSON);
		return OS_ERR_TOO_LARGE;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		char ex[64];
		excerpt(ex, sizeof ex, jerr.text, strnlen(jerr.text, sizeof jerr.text));
		set_msg(msg, msgsz, "calendar JSON line %d: %s", jerr.line, ex);
		goto out;
	}
	if (!json_is_object(root)) {
		set_msg(msg, msgsz, "calendar JSON must be an object");
		goto out;
	}
	const char *bad = unknown_key(root, allowed);
	if (bad) {
		char ex[32];
		excerpt(ex, sizeof ex, bad, strlen(bad));
		set_msg(msg, msgsz, "unknown key \"%s\"", ex);
		goto out;
	}
	json_t *desc = json_object_get(root, "description");
	json_t *years = json_object_get(root, "years");
	json_t *closures = json_object_get(root, "closures");
	if (desc && (!json_is_string(desc) ||
	             !text_ok(json_string_value(desc), json_string_length(desc)))) {
		set_msg(msg, msgsz, "\"description\" must be a string of text");
		goto out;
	}
	if (!json_is_object(years)) {
		set_msg(msg, msgsz, "\"years\" must be an object");
		goto out;
	}
	if (json_object_size(years) > OS_CAL_MAX_YEARS) {
		set_msg(msg, msgsz, "more than %d years", OS_CAL_MAX_YEARS);
		e = OS_ERR_TOO_LARGE;
		goto out;
	}
	cal = os_calendar_new();
	if (desc)
		cal->description = os_strdup(json_string_value(desc));
	const char *key;
	json_t *val;
	json_object_foreach(years, key, val)
	{
		e = load_year(cal, key, val, msg, msgsz);
		if (e)
			goto out;
	}
	if (closures) {
		e = load_closures(cal, closures, msg, msgsz);
		if (e)
			goto out;
	}
	*out = cal;
	cal = NULL;
	e = OS_OK;
out:
	os_calendar_free(cal);
	json_decref(root);
	return e;
}

static json_t *date_array(const os_date *dates, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char ds[OS_DATE_STRLEN];
		os_date_format(dates[i], ds);
		json_array_append_new(arr, json_string(ds));
	}
	return arr;
}

char *os_calendar_to_json(const os_calendar *cal)
{
	json_t *root = json_object();
	if (cal->description)
		json_object_set_new(root, "description", json_string(cal->description));
	json_t *years = json_object();
	for (size_t i = 0; i < cal->nnotices; i++) {
		const struct cal_notice *no = &cal->notices[i];
		char key[16];
		snprintf(key, sizeof key, "%04d", no->year);
		json_t *y = json_object();
		json_object_set_new(y, "source", json_string(no->source));
		json_object_set_new(y, "holidays", date_array(no->holidays, no->nholidays));
		json_object_set_new(y, "workdays", date_array(no->workdays, no->nworkdays));
		json_object_set_new(years, key, y);
	}
	json_object_set_new(root, "years", years);
	if (cal->nclosures) {
		json_t *arr = json_array();
		for (size_t i = 0; i < cal->nclosures; i++) {
			char ds[OS_DATE_STRLEN];
			os_date_format(cal->closures[i].date, ds);
			json_t *c = json_object();
			json_object_set_new(c, "date", json_string(ds));
			json_object_set_new(c, "reason", json_string(cal->closures[i].reason));
			json_array_append_new(arr, c);
		}
		json_object_set_new(root, "closures", arr);
	}
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text) {
		fprintf(stderr, "onestop: out of memory encoding the calendar\n");
		abort();
	}
	return text;
}

/* ---- queries ------------------------------------------------------------- */

os_err os_calendar_day_kind(const os_calendar *cal, os_date date, os_day_kind *kind,
                            int *missing_year)
{
	if (!date_in_range(date))
		return OS_ERR_INVALID;
	const struct cal_mark *mk = find_mark(cal, date);
	int year = os_date_year(date);
	if (!mk && !find_notice(cal, year)) {
		if (missing_year)
			*missing_year = year;
		return OS_ERR_NO_CALENDAR;
	}
	if (os_calendar_closure(cal, date))
		*kind = OS_DAY_CLOSURE;
	else if (mk)
		*kind = mk->kind == MARK_HOLIDAY ? OS_DAY_HOLIDAY : OS_DAY_MAKEUP;
	else
		*kind = os_date_weekday(date) <= 5 ? OS_DAY_WORKDAY : OS_DAY_WEEKEND;
	return OS_OK;
}

os_err os_calendar_is_workday(const os_calendar *cal, os_date date, bool *out, int *missing_year)
{
	os_day_kind kind;
	os_err e = os_calendar_day_kind(cal, date, &kind, missing_year);
	if (e)
		return e;
	*out = kind == OS_DAY_WORKDAY || kind == OS_DAY_MAKEUP;
	return OS_OK;
}

os_err os_calendar_add_workdays(const os_calendar *cal, os_date from, int n, os_date *out,
                                int *missing_year)
{
	if (n < 0 || n > OS_CAL_MAX_WORKDAYS || !date_in_range(from))
		return OS_ERR_INVALID;
	os_date d = from, last = os_date_max();
	for (int left = n; left > 0;) {
		bool work;
		if (d == last)
			return OS_ERR_INVALID;
		d++;
		os_err e = os_calendar_is_workday(cal, d, &work, missing_year);
		if (e)
			return e;
		if (work)
			left--;
	}
	*out = d;
	return OS_OK;
}

os_err os_calendar_count_between(const os_calendar *cal, os_date from, os_date to, int *out,
                                 int *missing_year)
{
	if (!date_in_range(from) || !date_in_range(to))
		return OS_ERR_INVALID;
	int count = 0;
	for (os_date d = from; d < to;) {
		bool work;
		d++;
		os_err e = os_calendar_is_workday(cal, d, &work, missing_year);
		if (e)
			return e;
		count += work;
	}
	*out = count;
	return OS_OK;
}

os_err os_calendar_next_workday(const os_calendar *cal, os_date date, os_date *out,
                                int *missing_year)
{
	if (!date_in_range(date))
		return OS_ERR_INVALID;
	os_date last = os_date_max();
	for (os_date d = date;; d++) {
		bool work;
		os_err e = os_calendar_is_workday(cal, d, &work, missing_year);
		if (e)
			return e;
		if (work) {
			*out = d;
			return OS_OK;
		}
		if (d == last)
			return OS_ERR_INVALID;
	}
}

os_err os_calendar_receipt_date(const os_calendar *cal, int64_t received_at, os_date *out,
                                int *missing_year)
{
	os_date local;
	os_err e = os_date_from_unix(received_at, &local);
	if (e)
		return e;
	return os_calendar_next_workday(cal, local, out, missing_year);
}

os_err os_calendar_deadline_from_receipt(const os_calendar *cal, int64_t received_at, int n,
                                         os_date *out, int *missing_year)
{
	os_date start;
	if (n < 0 || n > OS_CAL_MAX_WORKDAYS)
		return OS_ERR_INVALID;
	os_err e = os_calendar_receipt_date(cal, received_at, &start, missing_year);
	if (e)
		return e;
	return os_calendar_add_workdays(cal, start, n, out, missing_year);
}
