/* sqlite_calendar.c - the working-day calendar as data (SQLite backend).
 *
 * Tables (migration 0003): calendar_years (one State Council notice per
 * year), calendar_days (its holidays and make-up working days),
 * calendar_closures (local closures, district-wide when site_id is NULL) and
 * calendar_state (a generation number bumped by every change).
 *
 * Every change validates against the calendar as stored, inside its own
 * transaction: the op loads the stored calendar on the writer connection,
 * applies the change with the core (os_calendar_set_year /
 * os_calendar_add_closure), and only when the core accepts it writes the
 * rows, one audit_log row per notice or closure, and the new generation. A
 * refused change returns an error, its SAVEPOINT is rolled back, and msg
 * names the year and the date. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/mem.h"
#include "store/sq.h"

/* ---- helpers ------------------------------------------------------------- */

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
	for (size_t i = 0; i < len && j + 4 < outsz; i++) {
		if (i == 32) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		unsigned char ch = (unsigned char)s[i];
		out[j++] = ch >= 0x20 && ch < 0x7f && ch != '"' ? (char)ch : '?';
	}
	out[j] = '\0';
}

static void bind_date(sqlite3_stmt *st, int i, os_date d)
{
	char ds[OS_DATE_STRLEN];
	os_date_format(d, ds);
	sqlite3_bind_text(st, i, ds, -1, SQLITE_TRANSIENT);
}

static bool column_date(sqlite3_stmt *st, int i, os_date *out)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && os_date_parse(s, (size_t)sqlite3_column_bytes(st, i), out) == OS_OK;
}

/* The audit row of a calendar change, in the change's own transaction. */
static os_err audit_row(sq_conn *c, int64_t now, int64_t actor, const char *action,
                        const char *object, const char *detail)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO audit_log(at, actor_id, action, object, detail)"
	                              " VALUES (?, nullif(?, 0), ?, ?, ?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, actor);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail ? detail : "", -1, SQLITE_STATIC);
	return sq_exec(c, st);
}

static os_err bump_generation(sq_conn *c)
{
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE calendar_state SET generation = generation + 1 WHERE id = 1");
	return st ? sq_exec(c, st) : OS_ERR_IO;
}

static os_err read_generation(sq_conn *c, int64_t *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT generation FROM calendar_state WHERE id = 1");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OS_OK : rc == SQLITE_DONE ? OS_ERR_INTERNAL : sq_err(rc);
}

/* ---- loading ------------------------------------------------------------- */

/* One year's notice being collected. */
typedef struct notice_rows {
	int year;
	char *source;
	os_date *hol, *work;
	size_t nh, nw;
} notice_rows;

static void notices_free(notice_rows *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].hol);
		free(v[i].work);
	}
	free(v);
}

/* The calendar as stored, read on connection c (a read snapshot or the
 * writer inside its transaction). */
static os_err load_cal(sq_conn *c, int64_t site_id, os_calendar **out, int64_t *gen, char *msg,
                       size_t msgsz)
{
	*out = NULL;
	os_err e = read_generation(c, gen);
	if (e)
		return e;
	notice_rows *v = os_calloc(OS_CAL_MAX_YEARS, sizeof *v);
	size_t n = 0;
	os_calendar *cal = os_calendar_new();
	sqlite3_stmt *st = sq_prep(c, "SELECT year, source FROM calendar_years ORDER BY year");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == OS_CAL_MAX_YEARS) {
			sqlite3_reset(st);
			set_msg(msg, msgsz, "stored calendar: more than %d years",
			        OS_CAL_MAX_YEARS);
			e = OS_ERR_TOO_LARGE;
			goto out;
		}
		v[n].year = sqlite3_column_int(st, 0);
		const char *src = (const char *)sqlite3_column_text(st, 1);
		v[n].source = os_strdup(src ? src : "");
		v[n].hol = os_malloc(OS_CAL_MAX_LIST * sizeof(os_date));
		v[n].work = os_malloc(OS_CAL_MAX_LIST * sizeof(os_date));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = sq_err(rc);
		goto out;
	}
	st = sq_prep(c, "SELECT year, date, kind FROM calendar_days ORDER BY year, date");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	size_t k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int year = sqlite3_column_int(st, 0);
		while (k < n && v[k].year < year)
			k++;
		os_date d;
		if (k == n || v[k].year != year || !column_date(st, 1, &d)) {
			sqlite3_reset(st);
			set_msg(msg, msgsz, "stored calendar: a bad day row for the year %d", year);
			e = OS_ERR_INTERNAL;
			goto out;
		}
		bool hol = !strcmp((const char *)sqlite3_column_text(st, 2), "holiday");
		size_t *cnt = hol ? &v[k].nh : &v[k].nw;
		if (*cnt == OS_CAL_MAX_LIST) {
			sqlite3_reset(st);
			set_msg(msg, msgsz, "stored calendar: year %d: more than %d dates", year,
			        OS_CAL_MAX_LIST);
			e = OS_ERR_TOO_LARGE;
			goto out;
		}
		(hol ? v[k].hol : v[k].work)[(*cnt)++] = d;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = sq_err(rc);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		e = os_calendar_set_year(cal, v[i].year, v[i].source, v[i].hol, v[i].nh, v[i].work,
		                         v[i].nw, msg, msgsz);
		if (e)
			goto out;
	}
	/* District-wide closures first: on a date closed district-wide the
	 * district's reason is the one the calendar keeps. */
	st = sq_prep(c, "SELECT date, reason FROM calendar_closures"
	                " WHERE site_id IS NULL OR site_id = ?1"
	                " ORDER BY site_id IS NOT NULL, date");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, site_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		os_date d;
		if (!column_date(st, 0, &d)) {
			sqlite3_reset(st);
			set_msg(msg, msgsz, "stored calendar: a bad closure row");
			e = OS_ERR_INTERNAL;
			goto out;
		}
		e = os_calendar_add_closure(cal, d, (const char *)sqlite3_column_text(st, 1), msg,
		                            msgsz);
		if (e == OS_ERR_CONFLICT)
			e = OS_OK;
		if (e) {
			sqlite3_reset(st);
			goto out;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = sq_err(rc);
		goto out;
	}
	*out = cal;
	cal = NULL;
out:
	os_calendar_free(cal);
	notices_free(v, n);
	return e;
}

typedef struct load_args {
	int64_t site_id;
	os_calendar *cal;
	int64_t gen;
	char *msg;
	size_t msgsz;
} load_args;

static os_err load_op(sq_conn *c, void *arg)
{
	load_args *a = arg;
	return load_cal(c, a->site_id, &a->cal, &a->gen, a->msg, a->msgsz);
}

os_err store_calendar_load(store *st, int64_t site_id, os_calendar **out, int64_t *generation,
                           char *msg, size_t msgsz)
{
	load_args a = {.site_id = site_id, .msg = msg, .msgsz = msgsz};
	set_msg(msg, msgsz, "cannot read the calendar");
	os_err e = sq_read(st, load_op, &a);
	*out = e ? NULL : a.cal;
	if (e)
		os_calendar_free(a.cal);
	if (!e && generation)
		*generation = a.gen;
	return e;
}

static os_err generation_op(sq_conn *c, void *arg)
{
	return read_generation(c, arg);
}

os_err store_calendar_generation(store *st, int64_t *out)
{
	return sq_read(st, generation_op, out);
}

/* ---- calendar documents -------------------------------------------------- */

/* Every date of a document's year lists must be a real YYYY-MM-DD date: the
 * first one that is not is reported as 'year Y: bad date "X"'. Structure is
 * left to the core's validation, which runs next. */
static bool dates_ok(json_t *years, char *msg, size_t msgsz)
{
	const char *key;
	json_t *y;
	json_object_foreach(years, key, y)
	{
		static const char *const lists[] = {"holidays", "workdays"};
		for (size_t l = 0; l < 2; l++) {
			json_t *arr = json_is_object(y) ? json_object_get(y, lists[l]) : NULL;
			size_t i;
			json_t *d;
			if (!json_is_array(arr))
				continue;
			json_array_foreach(arr, i, d)
			{
				os_date dd;
				if (!json_is_string(d) ||
				    os_date_parse(json_string_value(d), json_string_length(d),
				                  &dd) == OS_OK)
					continue;
				char ky[40], ex[40];
				excerpt(ky, sizeof ky, key, strlen(key));
				excerpt(ex, sizeof ex, json_string_value(d), json_string_length(d));
				set_msg(msg, msgsz, "year %s: bad date \"%s\"", ky, ex);
				return false;
			}
		}
	}
	return true;
}

static os_err date_list(json_t *arr, os_date **out, size_t *n)
{
	*n = json_array_size(arr);
	*out = os_malloc((*n ? *n : 1) * sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		json_t *d = json_array_get(arr, i);
		if (os_date_parse(json_string_value(d), json_string_length(d), &(*out)[i]))
			return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* Parse and validate a calendar document into its notices (ascending). */
static os_err parse_doc(const char *text, size_t len, notice_rows **out, size_t *n, char *msg,
                        size_t msgsz)
{
	*out = NULL;
	*n = 0;
	os_calendar *check = NULL;
	if (len > OS_CAL_MAX_JSON) {
		set_msg(msg, msgsz, "calendar JSON larger than %u bytes", OS_CAL_MAX_JSON);
		return OS_ERR_TOO_LARGE;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *years = root ? json_object_get(root, "years") : NULL;
	if (json_is_object(root) && json_object_get(root, "closures")) {
		set_msg(msg, msgsz,
		        "\"closures\" are not imported: add each closure with "
		        "`onestop calendar close` or the API");
		json_decref(root);
		return OS_ERR_INVALID;
	}
	if (json_is_object(years) && json_object_size(years) <= OS_CAL_MAX_YEARS &&
	    !dates_ok(years, msg, msgsz)) {
		json_decref(root);
		return OS_ERR_INVALID;
	}
	/* Everything else (syntax, unknown keys, years, conflicts) the core
	 * checks, on the document alone. */
	os_err e = os_calendar_from_json(text, len, &check, msg, msgsz);
	os_calendar_free(check);
	if (e) {
		json_decref(root);
		return e;
	}
	size_t cnt = json_object_size(years);
	notice_rows *v = os_calloc(cnt ? cnt : 1, sizeof *v);
	const char *key;
	json_t *y;
	size_t k = 0;
	json_object_foreach(years, key, y)
	{
		notice_rows *r = &v[k++];
		json_t *src = json_object_get(y, "source");
		r->year = (int)strtol(key, NULL, 10);
		r->source = os_strdup(src ? json_string_value(src) : "");
		if (date_list(json_object_get(y, "holidays"), &r->hol, &r->nh) ||
		    date_list(json_object_get(y, "workdays"), &r->work, &r->nw)) {
			/* cannot happen: the core accepted the document */
			notices_free(v, k);
			json_decref(root);
			set_msg(msg, msgsz, "calendar document changed under validation");
			return OS_ERR_INTERNAL;
		}
	}
	json_decref(root);
	/* ascending years (JSON object order is the file's) */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && v[j - 1].year > v[j].year; j--) {
			notice_rows t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	*out = v;
	*n = k;
	return OS_OK;
}

/* ---- putting notices ----------------------------------------------------- */

typedef struct put_args {
	int64_t actor, now;
	const char *detail;
	const notice_rows *v;
	size_t n;
	bool only_if_empty; /* the seed: do nothing when a year exists */
	bool skipped;
	bool replaced[OS_CAL_MAX_YEARS];
	char *msg;
	size_t msgsz;
} put_args;

static os_err write_notice(sq_conn *c, const put_args *a, const notice_rows *r, bool replaced)
{
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM calendar_days WHERE year = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, r->year);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	st = sq_prep(c, "INSERT INTO calendar_years(year, source, updated_by, updated_at)"
	                " VALUES (?1, ?2, nullif(?3, 0), ?4) ON CONFLICT(year) DO UPDATE SET"
	                " source = ?2, updated_by = nullif(?3, 0), updated_at = ?4");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, r->year);
	sqlite3_bind_text(st, 2, r->source ? r->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->actor);
	sqlite3_bind_int64(st, 4, a->now);
	if ((e = sq_exec(c, st)))
		return e;
	for (int l = 0; l < 2; l++) {
		const os_date *d = l ? r->work : r->hol;
		size_t n = l ? r->nw : r->nh;
		for (size_t i = 0; i < n; i++) {
			st = sq_prep(
			    c, "INSERT INTO calendar_days(date, year, kind) VALUES (?, ?, ?)");
			if (!st)
				return OS_ERR_IO;
			bind_date(st, 1, d[i]);
			sqlite3_bind_int(st, 2, r->year);
			sqlite3_bind_text(st, 3, l ? "workday" : "holiday", -1, SQLITE_STATIC);
			if ((e = sq_exec(c, st)))
				return e;
		}
	}
	char object[32];
	snprintf(object, sizeof object, "calendar/year/%d", r->year);
	return audit_row(c, a->now, a->actor,
	                 replaced ? "calendar.year.replace" : "calendar.year.add", object,
	                 a->detail);
}

static os_err put_op(sq_conn *c, void *arg)
{
	put_args *a = arg;
	os_err e;
	if (a->only_if_empty) {
		sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM calendar_years");
		if (!st)
			return OS_ERR_IO;
		int rc = sqlite3_step(st);
		int64_t have = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		sqlite3_reset(st);
		if (have < 0)
			return sq_err(rc);
		if (have > 0) {
			a->skipped = true;
			return OS_OK;
		}
	}
	os_calendar *cal;
	int64_t gen;
	if ((e = load_cal(c, 0, &cal, &gen, a->msg, a->msgsz)))
		return e;
	for (size_t i = 0; i < a->n; i++) {
		const notice_rows *r = &a->v[i];
		a->replaced[i] = os_calendar_year_published(cal, r->year);
		e = os_calendar_set_year(cal, r->year, r->source, r->hol, r->nh, r->work, r->nw,
		                         a->msg, a->msgsz);
		if (e)
			goto out;
	}
	for (size_t i = 0; i < a->n; i++)
		if ((e = write_notice(c, a, &a->v[i], a->replaced[i])))
			goto out;
	e = bump_generation(c);
out:
	os_calendar_free(cal);
	return e;
}

os_err store_calendar_put_year(store *st, int64_t actor_id, int64_t now, const char *detail,
                               int year, const char *source, const os_date *holidays,
                               size_t n_holidays, const os_date *workdays, size_t n_workdays,
                               bool *replaced, char *msg, size_t msgsz)
{
	if (n_holidays > OS_CAL_MAX_LIST || n_workdays > OS_CAL_MAX_LIST) {
		set_msg(msg, msgsz, "year %d: more than %d dates in a list", year, OS_CAL_MAX_LIST);
		return OS_ERR_TOO_LARGE;
	}
	notice_rows r = {.year = year,
	                 .source = (char *)(source ? source : ""),
	                 .hol = (os_date *)holidays,
	                 .nh = n_holidays,
	                 .work = (os_date *)workdays,
	                 .nw = n_workdays};
	put_args *a = os_calloc(1, sizeof *a);
	*a = (put_args){.actor = actor_id,
	                .now = now,
	                .detail = detail,
	                .v = &r,
	                .n = 1,
	                .msg = msg,
	                .msgsz = msgsz};
	set_msg(msg, msgsz, "cannot store the calendar");
	os_err e = sq_write(st, put_op, a);
	if (!e && replaced)
		*replaced = a->replaced[0];
	free(a);
	return e;
}

os_err store_calendar_import(store *st, int64_t actor_id, int64_t now, const char *detail,
                             const char *json, size_t len, store_cal_import *out, char *msg,
                             size_t msgsz)
{
	notice_rows *v;
	size_t n;
	os_err e = parse_doc(json, len, &v, &n, msg, msgsz);
	if (e)
		return e;
	put_args *a = os_calloc(1, sizeof *a);
	*a = (put_args){.actor = actor_id,
	                .now = now,
	                .detail = detail,
	                .v = v,
	                .n = n,
	                .msg = msg,
	                .msgsz = msgsz};
	set_msg(msg, msgsz, "cannot store the calendar");
	e = sq_write(st, put_op, a);
	if (!e && out) {
		out->n = n;
		for (size_t i = 0; i < n; i++) {
			out->years[i] = v[i].year;
			out->replaced[i] = a->replaced[i];
		}
	}
	free(a);
	notices_free(v, n);
	return e;
}

static os_err count_years_op(sq_conn *c, void *arg)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM calendar_years");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	*(int64_t *)arg = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_calendar_ensure(store *st, int64_t now, bool *seeded)
{
	if (seeded)
		*seeded = false;
	int64_t have = 0;
	os_err e = sq_read(st, count_years_op, &have);
	if (e || have > 0)
		return e;
	notice_rows *v;
	size_t n;
	char msg[OS_CAL_MSG_SIZE];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	if ((e = parse_doc(os_data_holidays_json, len, &v, &n, msg, sizeof msg))) {
		fprintf(stderr, "onestop: store: embedded holiday calendar: %s\n", msg);
		return e;
	}
	put_args *a = os_calloc(1, sizeof *a);
	*a = (put_args){.detail = "seed: data/cn-holidays.json",
	                .now = now,
	                .v = v,
	                .n = n,
	                .only_if_empty = true,
	                .msg = msg,
	                .msgsz = sizeof msg};
	e = sq_write(st, put_op, a);
	if (!e && seeded)
		*seeded = !a->skipped;
	free(a);
	notices_free(v, n);
	return e;
}

/* ---- reading for display ------------------------------------------------- */

static os_err years_op(sq_conn *c, void *arg)
{
	store_cal_year_list *out = arg;
	sqlite3_stmt *st = sq_prep(
	    c,
	    "SELECT y.year, y.source, coalesce(y.updated_by, 0), y.updated_at,"
	    " (SELECT count(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'holiday'),"
	    " (SELECT count(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'workday')"
	    " FROM calendar_years y ORDER BY y.year LIMIT 200");
	if (!st)
		return OS_ERR_IO;
	out->rows = os_calloc(OS_CAL_MAX_YEARS, sizeof *out->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < OS_CAL_MAX_YEARS) {
		store_cal_year *y = &out->rows[out->n++];
		y->year = sqlite3_column_int(st, 0);
		sq_text(st, 1, y->source, sizeof y->source);
		y->updated_by = sqlite3_column_int64(st, 2);
		y->updated_at = sqlite3_column_int64(st, 3);
		y->n_holidays = sqlite3_column_int(st, 4);
		y->n_workdays = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, "SELECT count(*) FROM calendar_closures");
	if (!st)
		return OS_ERR_IO;
	rc = sqlite3_step(st);
	out->closures = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_calendar_years(store *st, store_cal_year_list *out)
{
	memset(out, 0, sizeof *out);
	os_err e = sq_read(st, years_op, out);
	if (e)
		store_cal_year_list_free(out);
	return e;
}

void store_cal_year_list_free(store_cal_year_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

typedef struct year_args {
	int year;
	store_cal_year_detail *out;
} year_args;

static os_err year_op(sq_conn *c, void *arg)
{
	year_args *a = arg;
	store_cal_year_detail *d = a->out;
	sqlite3_stmt *st = sq_prep(c, "SELECT source, coalesce(updated_by, 0), updated_at"
	                              " FROM calendar_years WHERE year = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		d->info.year = a->year;
		sq_text(st, 0, d->info.source, sizeof d->info.source);
		d->info.updated_by = sqlite3_column_int64(st, 1);
		d->info.updated_at = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	st = sq_prep(c, "SELECT date, kind FROM calendar_days WHERE year = ? ORDER BY date");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->year);
	d->holidays = os_malloc(OS_CAL_MAX_LIST * sizeof(os_date));
	d->workdays = os_malloc(OS_CAL_MAX_LIST * sizeof(os_date));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool hol = !strcmp((const char *)sqlite3_column_text(st, 1), "holiday");
		size_t *n = hol ? &d->n_holidays : &d->n_workdays;
		os_date v;
		if (*n == OS_CAL_MAX_LIST || !column_date(st, 0, &v))
			continue; /* cannot be stored: the writer refuses it */
		(hol ? d->holidays : d->workdays)[(*n)++] = v;
	}
	sqlite3_reset(st);
	d->info.n_holidays = (int)d->n_holidays;
	d->info.n_workdays = (int)d->n_workdays;
	return sq_err(rc);
}

os_err store_calendar_year_get(store *st, int year, store_cal_year_detail *out)
{
	memset(out, 0, sizeof *out);
	year_args a = {year, out};
	os_err e = sq_read(st, year_op, &a);
	if (e)
		store_cal_year_detail_free(out);
	return e;
}

void store_cal_year_detail_free(store_cal_year_detail *d)
{
	free(d->holidays);
	free(d->workdays);
	memset(d, 0, sizeof *d);
}

typedef struct closures_args {
	os_date from, to;
	store_cal_closure_list *out;
} closures_args;

static os_err closures_op(sq_conn *c, void *arg)
{
	closures_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT date, coalesce(site_id, 0), reason,"
	                              " coalesce(created_by, 0), created_at FROM calendar_closures"
	                              " WHERE date BETWEEN ? AND ?"
	                              " ORDER BY date, site_id IS NOT NULL, site_id LIMIT 10000");
	if (!st)
		return OS_ERR_IO;
	bind_date(st, 1, a->from);
	bind_date(st, 2, a->to);
	size_t cap = 16;
	store_cal_closure_list *l = a->out;
	l->rows = os_malloc(cap * sizeof *l->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && l->n < OS_CAL_MAX_CLOSURES) {
		if (l->n == cap) {
			cap *= 2;
			l->rows = os_realloc(l->rows, cap * sizeof *l->rows);
		}
		store_cal_closure *x = &l->rows[l->n];
		if (!column_date(st, 0, &x->date))
			continue;
		x->site_id = sqlite3_column_int64(st, 1);
		sq_text(st, 2, x->reason, sizeof x->reason);
		x->created_by = sqlite3_column_int64(st, 3);
		x->created_at = sqlite3_column_int64(st, 4);
		l->n++;
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_calendar_closures(store *st, os_date from, os_date to, store_cal_closure_list *out)
{
	memset(out, 0, sizeof *out);
	closures_args a = {from, to, out};
	os_err e = sq_read(st, closures_op, &a);
	if (e)
		store_cal_closure_list_free(out);
	return e;
}

void store_cal_closure_list_free(store_cal_closure_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* ---- closures ------------------------------------------------------------ */

typedef struct closure_args {
	int64_t actor, now, site_id;
	const char *detail, *reason;
	os_date date;
	char *msg;
	size_t msgsz;
} closure_args;

static void closure_object(const closure_args *a, char *out, size_t outsz)
{
	char ds[OS_DATE_STRLEN];
	os_date_format(a->date, ds);
	if (a->site_id)
		snprintf(out, outsz, "calendar/closure/%s/site/%lld", ds, (long long)a->site_id);
	else
		snprintf(out, outsz, "calendar/closure/%s", ds);
}

static os_err closure_count(sq_conn *c, const closure_args *a, int64_t *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT (SELECT count(*) FROM calendar_closures"
	                              " WHERE date = ?1 AND coalesce(site_id, 0) = ?2),"
	                              " (SELECT count(*) FROM calendar_closures),"
	                              " (SELECT count(*) FROM sites WHERE id = ?2)");
	if (!st)
		return OS_ERR_IO;
	bind_date(st, 1, a->date);
	sqlite3_bind_int64(st, 2, a->site_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < 3; i++)
			out[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	return sq_err(rc);
}

static os_err close_op(sq_conn *c, void *arg)
{
	closure_args *a = arg;
	char ds[OS_DATE_STRLEN];
	os_date_format(a->date, ds);
	/* The core's rules for a reason, on a scratch calendar. */
	os_calendar *scratch = os_calendar_new();
	os_err e = os_calendar_add_closure(scratch, a->date, a->reason, a->msg, a->msgsz);
	os_calendar_free(scratch);
	if (e)
		return e;
	int64_t n[3];
	if ((e = closure_count(c, a, n)))
		return e;
	if (a->site_id && n[2] == 0) {
		set_msg(a->msg, a->msgsz, "no site %lld", (long long)a->site_id);
		return OS_ERR_NOT_FOUND;
	}
	if (n[0] > 0) {
		set_msg(a->msg, a->msgsz, "closure %s: that date is already closed", ds);
		return OS_ERR_CONFLICT;
	}
	if (n[1] >= OS_CAL_MAX_CLOSURES) {
		set_msg(a->msg, a->msgsz, "more than %d closures", OS_CAL_MAX_CLOSURES);
		return OS_ERR_TOO_LARGE;
	}
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO calendar_closures(date, site_id, reason,"
	                              " created_by, created_at) VALUES (?, nullif(?, 0), ?,"
	                              " nullif(?, 0), ?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, ds, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, a->site_id);
	sqlite3_bind_text(st, 3, a->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->actor);
	sqlite3_bind_int64(st, 5, a->now);
	if ((e = sq_exec(c, st)))
		return e;
	char object[80];
	closure_object(a, object, sizeof object);
	if ((e = audit_row(c, a->now, a->actor, "calendar.closure.add", object, a->detail)))
		return e;
	return bump_generation(c);
}

os_err store_calendar_close(store *st, int64_t actor_id, int64_t now, const char *detail,
                            os_date date, int64_t site_id, const char *reason, char *msg,
                            size_t msgsz)
{
	closure_args a = {.actor = actor_id,
	                  .now = now,
	                  .site_id = site_id,
	                  .detail = detail,
	                  .reason = reason,
	                  .date = date,
	                  .msg = msg,
	                  .msgsz = msgsz};
	set_msg(msg, msgsz, "cannot store the closure");
	return sq_write(st, close_op, &a);
}

static os_err reopen_op(sq_conn *c, void *arg)
{
	closure_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM calendar_closures"
	                              " WHERE date = ? AND coalesce(site_id, 0) = ?");
	if (!st)
		return OS_ERR_IO;
	bind_date(st, 1, a->date);
	sqlite3_bind_int64(st, 2, a->site_id);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	if (sqlite3_changes(c->db) == 0)
		return OS_ERR_NOT_FOUND;
	char object[80];
	closure_object(a, object, sizeof object);
	if ((e = audit_row(c, a->now, a->actor, "calendar.closure.remove", object, a->detail)))
		return e;
	return bump_generation(c);
}

os_err store_calendar_reopen(store *st, int64_t actor_id, int64_t now, const char *detail,
                             os_date date, int64_t site_id)
{
	closure_args a = {
	    .actor = actor_id, .now = now, .site_id = site_id, .detail = detail, .date = date};
	return sq_write(st, reopen_op, &a);
}
