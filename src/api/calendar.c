/* calendar.c - the working-day calendar over HTTP, and the server's copy of
 * it in memory for every feature that computes deadlines.
 *
 * Public: the years (GET /api/v1/calendar/years[/{year}]) and working-day
 * questions (GET /api/v1/workdays/add|between|is, the same answers as
 * `onestop workday`). System administrators: put a year's notice, declare
 * and remove closures; each change is one store transaction with its audit
 * row.
 *
 * The calendar in memory. The server answers from one immutable os_calendar
 * held in a slot with a reference count, behind a mutex:
 *   - api_calendar_start() loads it at start (seeding an empty database from
 *     the compiled-in notices first), so the server always has a calendar;
 *   - api_calendar_acquire() takes a reference to the current slot,
 *     api_calendar_release() drops it; a reader keeps a consistent calendar
 *     for as long as it holds it, whatever happens meanwhile;
 *   - after an administrator's change the handler reloads the whole calendar
 *     from the store and swaps the slot atomically; the old slot is freed
 *     when its last reader releases it. Reloads are serialised (reload_mu),
 *     and each reads after its own commit, so the last swap always holds
 *     every committed change;
 *   - changes made by another process (`onestop calendar ...` on the same
 *     database) bump the stored generation: acquire() compares it at most
 *     every CAL_RECHECK_SECS seconds and reloads when it moved.
 * One server runs per process, so this state is file-static. District-wide
 * closures are in this calendar; a site's own closures are stored and shown
 * (store_calendar_load() with a site id gives that site's calendar). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/mem.h"
#include "http/app.h"

#define CAL_RECHECK_SECS 2
#define CAL_LIST_MAX     (OS_CAL_MAX_LIST * 12) /* bytes of a comma-separated date list */

typedef struct cal_slot {
	os_calendar *cal;
	int64_t gen;
	int refs; /* readers, plus one while it is the current slot */
	struct cal_slot *next;
} cal_slot;

static pthread_mutex_t cal_mu = PTHREAD_MUTEX_INITIALIZER; /* guards the state below */
static pthread_mutex_t reload_mu = PTHREAD_MUTEX_INITIALIZER;
static cal_slot *cur;
static cal_slot *retired; /* replaced slots still held by readers */
static int64_t last_check;
static bool checking;

static int64_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void slot_free(cal_slot *s)
{
	os_calendar_free(s->cal);
	free(s);
}

/* Drop one reference (under cal_mu). */
static void slot_unref(cal_slot *s)
{
	if (--s->refs > 0)
		return;
	for (cal_slot **p = &retired; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	slot_free(s);
}

static void swap_in(os_calendar *cal, int64_t gen)
{
	cal_slot *s = os_calloc(1, sizeof *s);
	s->cal = cal;
	s->gen = gen;
	s->refs = 1;
	pthread_mutex_lock(&cal_mu);
	cal_slot *old = cur;
	cur = s;
	if (old) {
		old->next = retired;
		retired = old;
		slot_unref(old);
	}
	pthread_mutex_unlock(&cal_mu);
}

/* Load the whole calendar from the store and make it current. */
static os_err reload(app *a)
{
	char msg[OS_CAL_MSG_SIZE];
	os_calendar *cal;
	int64_t gen;
	pthread_mutex_lock(&reload_mu);
	os_err e = store_calendar_load(a->st, 0, &cal, &gen, msg, sizeof msg);
	if (!e)
		swap_in(cal, gen);
	pthread_mutex_unlock(&reload_mu);
	if (e)
		fprintf(stderr, "onestop: calendar: cannot load: %s (%s)\n", os_strerror(e), msg);
	return e;
}

os_err api_calendar_start(app *a, char *err, size_t errlen)
{
	bool seeded = false;
	os_err e = store_calendar_ensure(a->st, (int64_t)time(NULL), &seeded);
	if (!e)
		e = reload(a);
	if (e)
		snprintf(err, errlen, "cannot load the working-day calendar: %s", os_strerror(e));
	else if (seeded)
		fprintf(stderr, "onestop: calendar: empty; loaded the compiled-in notices\n");
	pthread_mutex_lock(&cal_mu);
	last_check = mono_now();
	pthread_mutex_unlock(&cal_mu);
	return e;
}

void api_calendar_stop(void)
{
	/* The current slot is released like a replaced one: freed now when no
	 * request holds it (the usual case after the server stopped), else by
	 * the last api_calendar_release(). */
	pthread_mutex_lock(&cal_mu);
	cal_slot *old = cur;
	cur = NULL;
	if (old) {
		old->next = retired;
		retired = old;
		slot_unref(old);
	}
	pthread_mutex_unlock(&cal_mu);
}

/* Another process may have changed the stored calendar: look at most every
 * CAL_RECHECK_SECS seconds, from one request at a time. */
static void maybe_refresh(app *a)
{
	int64_t now = mono_now(), have = -1;
	pthread_mutex_lock(&cal_mu);
	bool due = !checking && now - last_check >= CAL_RECHECK_SECS;
	if (due) {
		checking = true;
		last_check = now;
		have = cur ? cur->gen : -1;
	}
	pthread_mutex_unlock(&cal_mu);
	if (!due)
		return;
	int64_t gen;
	if (have < 0 || (store_calendar_generation(a->st, &gen) == OS_OK && gen != have))
		reload(a);
	pthread_mutex_lock(&cal_mu);
	checking = false;
	pthread_mutex_unlock(&cal_mu);
}

/* A reference to the current calendar (under cal_mu), or NULL. */
static const os_calendar *take_current(void)
{
	const os_calendar *cal = NULL;
	pthread_mutex_lock(&cal_mu);
	if (cur) {
		cur->refs++;
		cal = cur->cal;
	}
	pthread_mutex_unlock(&cal_mu);
	return cal;
}

const os_calendar *api_calendar_acquire(app *a)
{
	maybe_refresh(a);
	const os_calendar *cal = take_current();
	if (!cal && reload(a) == OS_OK) /* not started (tests), or the start's load failed */
		cal = take_current();
	return cal;
}

void api_calendar_release(app *a, const os_calendar *cal)
{
	(void)a;
	if (!cal)
		return;
	pthread_mutex_lock(&cal_mu);
	if (cur && cur->cal == cal) {
		slot_unref(cur);
	} else {
		for (cal_slot *s = retired; s; s = s->next)
			if (s->cal == cal) {
				slot_unref(s);
				break;
			}
	}
	pthread_mutex_unlock(&cal_mu);
}

/* ---- helpers ------------------------------------------------------------- */

/* A printable excerpt of a value for a problem's detail. */
static void excerpt(char *out, size_t outsz, const char *s, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; i < len && j + 4 < outsz; i++) {
		if (i == 24) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		unsigned char c = (unsigned char)s[i];
		out[j++] = c >= 0x20 && c < 0x7f && c != '"' ? (char)c : '?';
	}
	out[j] = '\0';
}

static bool date_field(http_resp *w, const char *field, const char *value, os_date *out)
{
	if (value && os_date_parse(value, strlen(value), out) == OS_OK)
		return true;
	char ex[40], detail[96];
	excerpt(ex, sizeof ex, value ? value : "", value ? strlen(value) : 0);
	snprintf(detail, sizeof detail, "bad date \"%s\" (expected YYYY-MM-DD, a real date)", ex);
	resp_problem(w, 422, "invalid", "Invalid date", detail, field);
	return false;
}

/* 422 "no-calendar": the question needs a year without a published notice. */
static void no_calendar(http_resp *w, int year)
{
	char detail[96];
	snprintf(detail, sizeof detail, "no published holiday calendar for the year %d", year);
	json_t *p =
	    json_pack("{s:s, s:s, s:i, s:s, s:i}", "type", "/problems/no-calendar", "title",
	              "No calendar for that year", "status", 422, "detail", detail, "year", year);
	resp_json(w, 422, p);
	w->content_type = "application/problem+json";
}

static void calendar_failure(http_resp *w, os_err e, int missing_year, const char *what)
{
	if (e == OS_ERR_NO_CALENDAR)
		no_calendar(w, missing_year);
	else if (e == OS_ERR_INVALID)
		resp_problem(w, 422, "invalid", "Invalid input",
		             "the answer would fall outside the supported dates", what);
	else
		resp_error(w, e, "cannot answer from the calendar");
}

static void no_memory_calendar(http_resp *w)
{
	resp_problem(w, 503, "busy", "Service busy", "the working-day calendar is not loaded",
	             NULL);
}

/* The audit detail of a change made through the API. */
static void api_detail(const http_req *r, char *out, size_t outsz)
{
	snprintf(out, outsz, "api %s", r->request_id);
}

/* {year}: exactly four digits within the calendar's years. */
static bool year_param(http_req *r, http_resp *w, int *out)
{
	const char *v = req_param(r, "year");
	size_t n = v ? strlen(v) : 0;
	int y = 0;
	bool ok = n == 4;
	for (size_t i = 0; ok && i < n; i++) {
		ok = v[i] >= '0' && v[i] <= '9';
		y = y * 10 + (v[i] - '0');
	}
	if (!ok || y < OS_CAL_MIN_YEAR || y > OS_CAL_MAX_YEAR) {
		char detail[80];
		snprintf(detail, sizeof detail, "must be a year from %d to %d", OS_CAL_MIN_YEAR,
		         OS_CAL_MAX_YEAR);
		resp_problem(w, 422, "invalid", "Invalid year", detail, "year");
		return false;
	}
	*out = y;
	return true;
}

/* ---- years ----------------------------------------------------------------- */

void api_calendar_years(http_req *r, http_resp *w)
{
	store_cal_year_list l;
	os_err e = store_calendar_years(r->app->st, &l);
	if (e) {
		resp_error(w, e, "cannot read the calendar");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) {
		const store_cal_year *y = &l.rows[i];
		json_array_append_new(items, json_pack("{s:i, s:s, s:i, s:i, s:I}", "year", y->year,
		                                       "source", y->source, "holidays",
		                                       y->n_holidays, "workdays", y->n_workdays,
		                                       "updated_at", (json_int_t)y->updated_at));
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:I}", "items", items, "closures", (json_int_t)l.closures));
	store_cal_year_list_free(&l);
}

static json_t *closure_json(const store_cal_closure *c)
{
	return json_pack("{s:o, s:s, s:o}", "date", api_date_json(c->date), "reason", c->reason,
	                 "site_id", c->site_id ? json_integer(c->site_id) : json_null());
}

/* The year's notice and the closures of its dates (every site). */
static void year_answer(http_req *r, http_resp *w, int year, int status)
{
	store_cal_year_detail d;
	os_err e = store_calendar_year_get(r->app->st, year, &d);
	if (e == OS_ERR_NOT_FOUND) {
		char detail[96];
		snprintf(detail, sizeof detail, "no published holiday calendar for the year %d",
		         year);
		resp_problem(w, 404, "no-calendar", "No calendar for that year", detail, "year");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot read the calendar");
		return;
	}
	os_date from, to;
	os_date_from_ymd(year, 1, 1, &from);
	os_date_from_ymd(year, 12, 31, &to);
	store_cal_closure_list cl;
	if ((e = store_calendar_closures(r->app->st, from, to, &cl))) {
		store_cal_year_detail_free(&d);
		resp_error(w, e, "cannot read the closures");
		return;
	}
	json_t *hol = json_array(), *work = json_array(), *clo = json_array();
	for (size_t i = 0; i < d.n_holidays; i++)
		json_array_append_new(hol, api_date_json(d.holidays[i]));
	for (size_t i = 0; i < d.n_workdays; i++)
		json_array_append_new(work, api_date_json(d.workdays[i]));
	for (size_t i = 0; i < cl.n; i++)
		json_array_append_new(clo, closure_json(&cl.rows[i]));
	resp_json(w, status,
	          json_pack("{s:i, s:s, s:o, s:o, s:o, s:I}", "year", year, "source", d.info.source,
	                    "holidays", hol, "workdays", work, "closures", clo, "updated_at",
	                    (json_int_t)d.info.updated_at));
	store_cal_year_detail_free(&d);
	store_cal_closure_list_free(&cl);
}

void api_calendar_year_get(http_req *r, http_resp *w)
{
	int year;
	if (year_param(r, w, &year))
		year_answer(r, w, year, 200);
}

static bool blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The parser of a date list (fuzzed by tests/fuzz/fuzz_date_list.c):
 * "2027-01-01, 2027-01-02" - YYYY-MM-DD dates separated by commas, blanks
 * around them allowed; a blank text is no dates. Writes up to cap dates to
 * out and their number to *n. Returns CAL_LIST_OK, CAL_LIST_TOO_MANY (more
 * than cap), or CAL_LIST_BAD_DATE with the offending item at s[*bad_off],
 * *bad_len bytes. */
enum { CAL_LIST_OK, CAL_LIST_BAD_DATE, CAL_LIST_TOO_MANY };
static int cal_parse_date_list(const char *s, size_t len, os_date *out, size_t cap, size_t *n,
                               size_t *bad_off, size_t *bad_len)
{
	size_t i = 0;
	bool blank = true;
	*n = 0;
	for (size_t k = 0; k < len && blank; k++)
		blank = blank_char(s[k]);
	if (blank)
		return CAL_LIST_OK;
	while (i <= len) {
		size_t j = i;
		while (j < len && s[j] != ',')
			j++;
		size_t a = i, b = j;
		while (a < b && blank_char(s[a]))
			a++;
		while (b > a && blank_char(s[b - 1]))
			b--;
		if (*n == cap)
			return CAL_LIST_TOO_MANY;
		if (os_date_parse(s + a, b - a, &out[*n]) != OS_OK) {
			*bad_off = a;
			*bad_len = b - a;
			return CAL_LIST_BAD_DATE;
		}
		(*n)++;
		i = j + 1;
	}
	return CAL_LIST_OK;
}

/* A body field holding a date list; false after answering 422 naming it. */
static bool date_list(http_req *r, http_resp *w, const char *field, os_date **out, size_t *n)
{
	json_t *v = json_object_get(r->body, field);
	*n = 0;
	*out = req_alloc(r, OS_CAL_MAX_LIST * sizeof **out);
	if (!v)
		return true;
	const char *s = json_string_value(v);
	size_t off = 0, blen = 0;
	char detail[96];
	switch (
	    cal_parse_date_list(s, json_string_length(v), *out, OS_CAL_MAX_LIST, n, &off, &blen)) {
	case CAL_LIST_OK:
		return true;
	case CAL_LIST_TOO_MANY:
		snprintf(detail, sizeof detail, "more than %d dates", OS_CAL_MAX_LIST);
		resp_problem(w, 422, "too-many", "Too many dates", detail, field);
		return false;
	default: {
		char ex[40];
		excerpt(ex, sizeof ex, s + off, blen);
		snprintf(detail, sizeof detail, "bad date \"%s\" (expected YYYY-MM-DD)", ex);
		resp_problem(w, 422, "invalid", "Invalid date", detail, field);
		return false;
	}
	}
}

/* Which field a refusal of the core is about (its messages name the list). */
static const char *refused_field(const char *msg)
{
	if (strstr(msg, "source"))
		return "source";
	if (strstr(msg, "workdays") || strstr(msg, "make-up"))
		return "workdays";
	return "holidays";
}

void api_calendar_year_put(http_req *r, http_resp *w)
{
	int year;
	os_date *hol, *work;
	size_t nh, nw;
	if (!year_param(r, w, &year) || !date_list(r, w, "holidays", &hol, &nh) ||
	    !date_list(r, w, "workdays", &work, &nw))
		return;
	const char *source = api_body_str(r, "source");
	char msg[OS_CAL_MSG_SIZE], detail[64];
	api_detail(r, detail, sizeof detail);
	bool replaced = false;
	os_err e =
	    store_calendar_put_year(r->app->st, r->user ? r->user->id : 0, r->now, detail, year,
	                            source, hol, nh, work, nw, &replaced, msg, sizeof msg);
	if (e == OS_ERR_INVALID || e == OS_ERR_TOO_LARGE) {
		resp_problem(w, 422, "invalid", "Calendar refused", msg, refused_field(msg));
		return;
	}
	if (e) {
		resp_error(w, e, "cannot store the calendar");
		return;
	}
	reload(r->app);
	year_answer(r, w, year, replaced ? 200 : 201);
}

/* ---- closures -------------------------------------------------------------- */

void api_calendar_closure_add(http_req *r, http_resp *w)
{
	os_date date;
	if (!date_field(w, "date", api_body_str(r, "date"), &date))
		return;
	const char *reason = api_body_str(r, "reason");
	json_t *site = json_object_get(r->body, "site_id");
	int64_t site_id = site ? (int64_t)json_integer_value(site) : 0;
	char msg[OS_CAL_MSG_SIZE], detail[64];
	api_detail(r, detail, sizeof detail);
	os_err e = store_calendar_close(r->app->st, r->user ? r->user->id : 0, r->now, detail, date,
	                                site_id, reason, msg, sizeof msg);
	switch (e) {
	case OS_OK:
		break;
	case OS_ERR_CONFLICT:
		resp_problem(w, 409, "conflict", "Already closed", msg, "date");
		return;
	case OS_ERR_NOT_FOUND:
		resp_problem(w, 422, "invalid", "No such site", msg, "site_id");
		return;
	case OS_ERR_INVALID:
	case OS_ERR_TOO_LARGE:
		resp_problem(w, 422, "invalid", "Invalid closure", msg,
		             strstr(msg, "reason") ? "reason" : "date");
		return;
	default:
		resp_error(w, e, "cannot store the closure");
		return;
	}
	reload(r->app);
	store_cal_closure c = {.date = date, .site_id = site_id};
	snprintf(c.reason, sizeof c.reason, "%s", reason);
	resp_json(w, 201, closure_json(&c));
}

void api_calendar_closure_delete(http_req *r, http_resp *w)
{
	os_date date;
	if (!date_field(w, "date", req_param(r, "date"), &date))
		return;
	int64_t site_id = req_query_int(r, "site_id", 0);
	char detail[64];
	api_detail(r, detail, sizeof detail);
	os_err e = store_calendar_reopen(r->app->st, r->user ? r->user->id : 0, r->now, detail,
	                                 date, site_id);
	if (e == OS_ERR_NOT_FOUND) {
		char ds[OS_DATE_STRLEN], msg[80];
		os_date_format(date, ds);
		snprintf(msg, sizeof msg, "%s is not closed%s", ds, site_id ? " at that site" : "");
		resp_problem(w, 404, "not-found", "Not closed", msg, "date");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot remove the closure");
		return;
	}
	reload(r->app);
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}

/* ---- working days ---------------------------------------------------------- */

void api_workdays_add(http_req *r, http_resp *w)
{
	os_date from, due;
	if (!date_field(w, "date", req_query(r, "date"), &from))
		return;
	int n = (int)req_query_int(r, "n", 0);
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		no_memory_calendar(w);
		return;
	}
	int missing = 0;
	os_err e = os_calendar_add_workdays(cal, from, n, &due, &missing);
	api_calendar_release(r->app, cal);
	if (e) {
		calendar_failure(w, e, missing, "n");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:i, s:o}", "date", api_date_json(from), "n", n, "result",
	                    api_date_json(due)));
}

void api_workdays_between(http_req *r, http_resp *w)
{
	os_date from, to;
	if (!date_field(w, "from", req_query(r, "from"), &from) ||
	    !date_field(w, "to", req_query(r, "to"), &to))
		return;
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		no_memory_calendar(w);
		return;
	}
	int missing = 0, count = 0;
	os_err e = os_calendar_count_between(cal, from, to, &count, &missing);
	api_calendar_release(r->app, cal);
	if (e) {
		calendar_failure(w, e, missing, "to");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:o, s:i}", "from", api_date_json(from), "to", api_date_json(to),
	                    "count", count));
}

static const char *kind_key(os_day_kind k)
{
	switch (k) {
	case OS_DAY_WORKDAY:
		return "workday";
	case OS_DAY_WEEKEND:
		return "weekend";
	case OS_DAY_HOLIDAY:
		return "holiday";
	case OS_DAY_MAKEUP:
		return "makeup";
	case OS_DAY_CLOSURE:
		return "closure";
	}
	return "unknown";
}

void api_workdays_is(http_req *r, http_resp *w)
{
	os_date date;
	if (!date_field(w, "date", req_query(r, "date"), &date))
		return;
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		no_memory_calendar(w);
		return;
	}
	int missing = 0;
	os_day_kind kind;
	os_err e = os_calendar_day_kind(cal, date, &kind, &missing);
	json_t *doc = NULL;
	if (!e) {
		bool work = kind == OS_DAY_WORKDAY || kind == OS_DAY_MAKEUP;
		doc = json_pack("{s:o, s:b, s:s}", "date", api_date_json(date), "workday", work,
		                "kind", kind_key(kind));
		const char *reason = kind == OS_DAY_CLOSURE ? os_calendar_closure(cal, date) : NULL;
		if (reason)
			json_object_set_new(doc, "reason", json_string(reason));
	}
	api_calendar_release(r->app, cal);
	if (e) {
		calendar_failure(w, e, missing, "date");
		return;
	}
	resp_json(w, 200, doc);
}
