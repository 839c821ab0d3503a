/* reviews.c - good/bad reviews (好差评, DOMAIN.md §6, issue 9).
 *
 * Rating. A service event (a finished hall ticket, a completed or delivered
 * case) is rated once, in one of three ways:
 *   - the tablet at the window, facing the citizen, anonymous: only the
 *     window's last finished ticket, finished within REVIEW_TABLET_SECS and
 *     not rated yet (the ticket id shown is sent back, so the next person's
 *     service is never rated by mistake); limited per client address;
 *   - the case page, signed in: the applicant's own case;
 *   - the link sent after completion (/review?t=TOKEN): an HMAC of the event
 *     under the database's link key (src/core/review.h), valid without
 *     signing in; one rating per event makes it single-use.
 * A bad rating opens the follow-up of the responsible site in the same
 * transaction (src/store/sqlite_reviews.c).
 *
 * Follow-up. Managers (and the complaint coordinator) of the site, or above
 * it, drive it through the declared table of src/core/review.h: verify (the
 * call), fix now / fix by a deadline (review_fix_days working days on the
 * legal calendar unless fewer are given) / explain with the legal basis,
 * answer, close. Appeals: the clerk rated (his own ratings) or a manager of
 * the site files one; someone else decides it.
 *
 * Personal data: the comment and phone are sealed at rest; the routes that
 * return them are audited reads, and the phone is shown in full only to the
 * managers who must call back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/case.h"
#include "core/catalog.h"
#include "core/queue.h"
#include "core/review.h"
#include "core/roles.h"
#include "http/access.h"
#include "http/app.h"

/* ---- helpers ------------------------------------------------------------ */

static json_t *rate_json(int64_t num, int64_t den)
{
	int pm = review_rate_permille(num, den);
	return pm < 0 ? json_null() : json_real(pm / 10.0);
}

/* n working days after `from` on the legal calendar (weekdays when the
 * calendar cannot tell: a rating must not fail for want of a year). */
static os_date workdays_after(http_req *r, os_date from, int n)
{
	os_date out = from;
	const os_calendar *cal = api_calendar_acquire(r->app);
	bool ok = cal && os_calendar_add_workdays(cal, from, n, &out, NULL) == OS_OK;
	if (cal)
		api_calendar_release(r->app, cal);
	if (!ok)
		for (int k = 0; k < n;)
			if (os_date_weekday(++out) <= 5)
				k++;
	return out;
}

static void days_left(http_req *r, const store_review_followup *f, json_t *j)
{
	if (!review_followup_open(f->state) && f->state != RFS_FIX_BY_DEADLINE) {
		json_object_set_new(j, "days_left", json_null());
		json_object_set_new(j, "warning", json_string("none"));
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	int left = 0;
	bool ok = cal && case_days_left(cal, queue_day(r->now), f->due, &left, NULL) == OS_OK;
	if (cal)
		api_calendar_release(r->app, cal);
	json_object_set_new(j, "days_left", ok ? json_integer(left) : json_null());
	json_object_set_new(j, "warning",
	                    json_string(ok ? case_warning_key(case_warning_for(left)) : "none"));
}

static json_t *dims_for(review_service s)
{
	size_t n;
	const review_dim_info *d = review_dims(&n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (d[i].services & (unsigned)s)
			json_array_append_new(a, json_string(d[i].key));
	return a;
}

static json_t *event_json(const store_review_event *e)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:{s:I, s:s}, s:{s:I, s:o},"
	                 " s:{s:s}, s:s, s:o, s:o, s:b, s:b, s:o}",
	                 "kind", review_event_key(e->kind), "id", (json_int_t)e->id, "no", e->no,
	                 "title", e->title, "title_en", e->title_en, "site", "id",
	                 (json_int_t)e->site_id, "name", e->site_name, "name_en", e->site_name_en,
	                 "department", "id", (json_int_t)e->department_id, "name",
	                 e->department_name, "window", "id", (json_int_t)e->window_id, "number",
	                 e->window_number ? json_integer(e->window_number) : json_null(), "clerk",
	                 "name", e->clerk_name, "service",
	                 e->service == RSV_WINDOW ? "window" : "online", "dimensions",
	                 dims_for(e->service), "done_at", api_time_or_null(e->done_at), "rateable",
	                 e->rateable && !e->rating_id, "rated", e->rating_id != 0, "level",
	                 e->rating_id ? json_integer(e->level) : json_null());
}

/* A rating. phone: "full", "masked" or "none". */
static json_t *rating_json(const store_review_rating *x, bool comment, const char *phone)
{
	const review_level_info *li = review_level_get(x->level);
	json_t *dims = json_object();
	size_t nd;
	const review_dim_info *d = review_dims(&nd);
	for (size_t i = 0; i < nd; i++)
		if (x->dims[d[i].dim])
			json_object_set_new(dims, d[i].key, json_integer(x->dims[d[i].dim]));
	json_t *ph = json_null();
	if (x->phone[0] && strcmp(phone, "full") == 0) {
		ph = json_string(x->phone);
	} else if (x->phone[0] && strcmp(phone, "masked") == 0) {
		char m[32];
		api_mask_phone(x->phone, m, sizeof m);
		ph = json_string(m);
	}
	char day[OS_DATE_STRLEN];
	os_date_format(x->day, day);
	return json_pack(
	    "{s:I, s:{s:s, s:I, s:s}, s:i, s:s, s:s, s:s, s:b, s:o, s:o, s:b, s:o, s:b, s:s,"
	    " s:{s:I, s:s}, s:{s:I, s:s}, s:{s:I, s:o}, s:{s:I, s:s}, s:s, s:I, s:o, s:o, s:b}",
	    "id", (json_int_t)x->id, "event", "kind", review_event_key(x->kind), "id",
	    (json_int_t)x->event_id, "no", x->event_no, "level", (int)x->level, "level_key",
	    li ? li->key : "", "level_zh", li ? li->zh : "", "level_en", li ? li->en : "", "bad",
	    review_level_bad(x->level), "dimensions", dims, "comment",
	    comment ? api_str_or_null(x->comment) : json_null(), "has_comment", x->has_comment,
	    "phone", ph, "has_phone", x->has_phone, "source", review_source_key(x->source), "site",
	    "id", (json_int_t)x->site_id, "name", x->site_name, "department", "id",
	    (json_int_t)x->department_id, "name", x->department_name, "window", "id",
	    (json_int_t)x->window_id, "number",
	    x->window_number ? json_integer(x->window_number) : json_null(), "clerk", "id",
	    (json_int_t)x->clerk_id, "name", x->clerk_name, "day", day, "at", (json_int_t)x->at,
	    "followup_id", x->followup_id ? json_integer(x->followup_id) : json_null(), "appeal",
	    x->appeal ? json_string(review_appeal_key(x->appeal)) : json_null(), "excluded",
	    x->excluded);
}

static bool is_manager(http_req *r)
{
	return (r->role & (ROLE_MANAGER | ROLE_COMPLAINT)) != 0;
}

/* May the caller see this follow-up: managers and the coordinator of the
 * site (or above); a clerk only those of his own ratings. */
static bool fu_visible(http_req *r, const store_review_followup *f)
{
	if (is_manager(r))
		return access_site(r, f->site_id);
	return (r->role & ROLE_CLERK) && r->user && f->rating.clerk_id == r->user->id;
}

static json_t *followup_json(http_req *r, const store_review_followup *f)
{
	bool mgr = is_manager(r);
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o}",
	    "id", (json_int_t)f->id, "state", review_fu_state_key(f->state), "state_zh",
	    review_fu_state_zh(f->state), "site_id", (json_int_t)f->site_id, "opened_at",
	    (json_int_t)f->opened_at, "due", api_date_or_null(f->due), "verified_at",
	    api_time_or_null(f->verified_at), "resolved_at", api_time_or_null(f->resolved_at),
	    "answered_at", api_time_or_null(f->answered_at), "closed_at",
	    api_time_or_null(f->closed_at), "call_note", f->call_note, "fix_note", f->fix_note,
	    "legal_basis", f->legal_basis, "answer", f->answer, "in_time",
	    f->in_time < 0 ? json_null() : json_boolean(f->in_time), "rating",
	    rating_json(&f->rating, true, mgr ? "full" : "masked"));
	days_left(r, f, j);
	json_t *acts = json_array();
	if (mgr) {
		unsigned bits = review_followup_actions(f->state);
		for (int a = RFA_VERIFY; a < RFA__COUNT; a++)
			if (bits & (1u << a))
				json_array_append_new(
				    acts, json_string(review_fu_action_key((review_fu_action)a)));
	}
	json_object_set_new(j, "actions", acts);
	bool can_appeal = !f->appeal_id && (mgr || (r->user && f->rating.clerk_id == r->user->id));
	json_object_set_new(j, "can_appeal", json_boolean(can_appeal));
	if (f->appeal_id) {
		review_appeal_state s = f->rating.appeal;
		json_object_set_new(
		    j, "appeal",
		    json_pack(
		        "{s:I, s:s, s:{s:I, s:s}, s:s, s:I, s:o, s:s, s:o, s:b}", "id",
		        (json_int_t)f->appeal_id, "state", review_appeal_key(s), "appellant", "id",
		        (json_int_t)f->appellant_id, "name", f->appellant_name, "reasons",
		        f->appeal_reasons, "filed_at", (json_int_t)f->appeal_filed_at, "decider",
		        f->decider_id ? json_pack("{s:I, s:s}", "id", (json_int_t)f->decider_id,
		                                  "name", f->decider_name)
		                      : json_null(),
		        "decision_reasons", f->decision_reasons, "decided_at",
		        api_time_or_null(f->appeal_decided_at), "can_decide",
		        mgr && s == RAP_FILED && r->user && r->user->id != f->appellant_id));
	} else {
		json_object_set_new(j, "appeal", json_null());
	}
	return j;
}

/* Read the rating fields of the body and check them for the service. */
static bool input_of(http_req *r, http_resp *w, review_service s, review_input *in)
{
	memset(in, 0, sizeof *in);
	in->level = (review_level)api_body_int(r, "level", 0);
	size_t nd;
	const review_dim_info *d = review_dims(&nd);
	for (size_t i = 0; i < nd; i++)
		in->dims[d[i].dim] = (int)api_body_int(r, d[i].key, 0);
	in->comment = api_body_str(r, "comment");
	in->phone = api_body_str(r, "phone");
	const char *field, *why;
	if (review_check(in, s, &field, &why)) {
		resp_problem(w, 422, "invalid", "Invalid rating", why, field);
		return false;
	}
	return true;
}

static void rate_error(http_resp *w, os_err e, const char *why)
{
	if (e == OS_ERR_CONFLICT)
		resp_problem(w, 409, "conflict", "Cannot rate",
		             why ? why : "cannot rate this service", NULL);
	else
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such service" : "cannot save the rating");
}

/* Rate ev with the body's rating; answers 201 with a thank-you. */
static void do_rate(http_req *r, http_resp *w, const store_review_event *ev, review_source src,
                    int64_t owner_id, int64_t window_id, int64_t since)
{
	store_review_new in;
	memset(&in, 0, sizeof in);
	if (!input_of(r, w, ev->service, &in.in))
		return;
	in.kind = ev->kind;
	in.event_id = ev->id;
	in.source = src;
	in.rater_id = r->user ? r->user->id : 0;
	in.owner_id = owner_id;
	in.window_id = window_id;
	in.since = since;
	in.now = r->now;
	in.today = queue_day(r->now);
	in.due = review_level_bad(in.in.level)
	             ? workdays_after(r, in.today, (int)r->app->cfg->review_fix_days)
	             : in.today;
	store_review_rating out;
	const char *why = NULL;
	os_err e = store_review_rate(r->app->st, &in, &out, &why);
	if (e) {
		rate_error(w, e, why);
		return;
	}
	const review_level_info *li = review_level_get(out.level);
	resp_json(w, 201,
	          json_pack("{s:I, s:i, s:s, s:b, s:o, s:s}", "id", (json_int_t)out.id, "level",
	                    (int)out.level, "level_key", li ? li->key : "", "bad",
	                    review_level_bad(out.level), "followup_opened",
	                    json_boolean(out.followup_id != 0), "thanks",
	                    review_level_bad(out.level) ? "谢谢您的评价，我们会尽快联系您核实整改。"
	                                                : "谢谢您的评价！"));
}

/* ---- public: levels and dimensions ------------------------------------- */

void api_reviews_levels(http_req *r, http_resp *w)
{
	(void)r;
	size_t n;
	const review_level_info *l = review_levels(&n);
	json_t *levels = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(levels, json_pack("{s:i, s:s, s:s, s:s, s:b}", "level",
		                                        (int)l[i].level, "key", l[i].key, "zh",
		                                        l[i].zh, "en", l[i].en, "bad", l[i].bad));
	const review_dim_info *d = review_dims(&n);
	json_t *dims = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *svc = json_array();
		if (d[i].services & RSV_WINDOW)
			json_array_append_new(svc, json_string("window"));
		if (d[i].services & RSV_ONLINE)
			json_array_append_new(svc, json_string("online"));
		json_array_append_new(dims, json_pack("{s:s, s:s, s:s, s:o}", "key", d[i].key, "zh",
		                                      d[i].zh, "en", d[i].en, "services", svc));
	}
	resp_json(w, 200, json_pack("{s:o, s:o}", "levels", levels, "dimensions", dims));
}

/* ---- the tablet at a window --------------------------------------------- */

void api_reviews_window_pending(http_req *r, http_resp *w)
{
	store_review_event ev;
	os_err e = store_review_window_pending(r->app->st, req_param_id(r, "id"),
	                                       r->now - REVIEW_TABLET_SECS, &ev);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such window" : "cannot read the window");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:{s:I, s:i, s:I}, s:o}", "window", "id", (json_int_t)ev.window_id,
	                    "number", ev.window_number, "site_id", (json_int_t)ev.site_id, "ticket",
	                    ev.id ? event_json(&ev) : json_null()));
}

void api_reviews_window_rate(http_req *r, http_resp *w)
{
	int64_t window_id = req_param_id(r, "id");
	store_review_event ev;
	os_err e =
	    store_review_event_get(r->app->st, REV_TICKET, api_body_int(r, "ticket_id", 0), &ev);
	if (e || ev.window_id != window_id) {
		if (e && e != OS_ERR_NOT_FOUND)
			resp_error(w, e, "cannot read the ticket");
		else
			resp_problem(w, 404, "not-found", "Not found",
			             "no such ticket finished at this window", "ticket_id");
		return;
	}
	do_rate(r, w, &ev, RSRC_TABLET, 0, window_id, r->now - REVIEW_TABLET_SECS);
}

/* ---- a case, signed in --------------------------------------------------- */

/* The caller's own case (404 otherwise). */
static bool own_case(http_req *r, http_resp *w, store_review_event *ev)
{
	os_err e = store_review_event_get(r->app->st, REV_CASE, req_param_id(r, "id"), ev);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read the case");
		return false;
	}
	if (e || !access_own(r, ev->owner_id)) {
		access_deny(r, w);
		return false;
	}
	return true;
}

void api_reviews_case_get(http_req *r, http_resp *w)
{
	store_review_event ev;
	if (own_case(r, w, &ev))
		resp_json(w, 200, event_json(&ev));
}

void api_reviews_case_rate(http_req *r, http_resp *w)
{
	store_review_event ev;
	if (own_case(r, w, &ev))
		do_rate(r, w, &ev, RSRC_SIGNED_IN, r->user->id, 0, 0);
}

void api_reviews_mine(http_req *r, http_resp *w)
{
	store_review_event *rows = NULL;
	size_t n = 0;
	os_err e = store_review_mine(r->app->st, r->user ? r->user->id : 0, 50, &rows, &n);
	if (e) {
		resp_error(w, e, "cannot list the cases");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, event_json(&rows[i]));
	free(rows);
	resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* ---- links ----------------------------------------------------------------- */

static void link_answer(http_req *r, http_resp *w, const store_review_event *ev)
{
	unsigned char secret[32];
	char token[REVIEW_LINK_MAX];
	os_err e = store_review_secret(r->app->st, secret);
	if (!e)
		e = review_link_make(secret, ev->kind, ev->id, token, sizeof token);
	if (e) {
		resp_error(w, e, "cannot make the link");
		return;
	}
	char url[REVIEW_LINK_MAX + 16];
	snprintf(url, sizeof url, "/review?t=%s", token);
	resp_json(w, 200,
	          json_pack("{s:s, s:s, s:b, s:b}", "token", token, "url", url, "rateable",
	                    ev->rateable && !ev->rating_id, "rated", ev->rating_id != 0));
}

void api_reviews_case_link(http_req *r, http_resp *w)
{
	store_review_event ev;
	os_err e = store_review_event_get(r->app->st, REV_CASE, req_param_id(r, "id"), &ev);
	if (e || !access_site(r, ev.site_id)) {
		if (e && e != OS_ERR_NOT_FOUND)
			resp_error(w, e, "cannot read the case");
		else
			access_deny(r, w);
		return;
	}
	link_answer(r, w, &ev);
}

void api_reviews_ticket_link(http_req *r, http_resp *w)
{
	store_review_event ev;
	os_err e = store_review_event_get(r->app->st, REV_TICKET, req_param_id(r, "id"), &ev);
	bool ok = !e && ((r->role & ROLE_CLERK)
	                     ? r->user && ev.window_id && r->user->window_id == ev.window_id
	                     : access_site(r, ev.site_id));
	if (!ok) {
		if (e && e != OS_ERR_NOT_FOUND)
			resp_error(w, e, "cannot read the ticket");
		else
			access_deny(r, w);
		return;
	}
	link_answer(r, w, &ev);
}

/* The event a token names, or a 404 naming the token. */
static bool token_event(http_req *r, http_resp *w, store_review_event *ev)
{
	unsigned char secret[32];
	review_event kind;
	int64_t id;
	os_err e = store_review_secret(r->app->st, secret);
	if (e) {
		resp_error(w, e, "cannot read the link key");
		return false;
	}
	e = review_link_parse(secret, req_param(r, "token"), &kind, &id);
	if (!e)
		e = store_review_event_get(r->app->st, kind, id, ev);
	if (e) {
		if (e == OS_ERR_INVALID || e == OS_ERR_NOT_FOUND)
			resp_problem(w, 404, "not-found", "Not found",
			             "this rating link is not valid", "token");
		else
			resp_error(w, e, "cannot read the service");
		return false;
	}
	return true;
}

void api_reviews_token_get(http_req *r, http_resp *w)
{
	store_review_event ev;
	if (token_event(r, w, &ev))
		resp_json(w, 200, event_json(&ev));
}

void api_reviews_token_rate(http_req *r, http_resp *w)
{
	store_review_event ev;
	if (token_event(r, w, &ev))
		do_rate(r, w, &ev, RSRC_LINK, 0, 0, 0);
}

/* ---- the follow-up workbench ----------------------------------------------- */

void api_reviews_followups(http_req *r, http_resp *w)
{
	store_review_fu_filter f;
	memset(&f, 0, sizeof f);
	const char *state = req_query(r, "state");
	if (state && strcmp(state, "open") != 0 && strcmp(state, "all") != 0) {
		resp_problem(w, 422, "invalid", "Invalid state", "open or all", "state");
		return;
	}
	f.open_only = !state || strcmp(state, "open") == 0;
	const char *appeals = req_query(r, "appeals");
	f.appeals_only = appeals && strcmp(appeals, "true") == 0;
	f.limit = req_query_int(r, "limit", 50);
	f.offset = req_query_int(r, "offset", 0);
	if (is_manager(r)) {
		f.site_id = req_query_int(r, "site_id", 0);
		if (!f.site_id)
			f.site_id = r->user ? r->user->site_id : 0;
		if (!access_site(r, f.site_id)) {
			access_deny(r, w);
			return;
		}
	} else {
		f.clerk_id = r->user ? r->user->id : -1; /* a clerk: his own ratings */
	}
	store_review_fu_list l;
	os_err e = store_review_followups_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list the follow-ups");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, followup_json(r, &l.rows[i]));
	int64_t total = l.total;
	store_review_fu_list_free(&l);
	resp_json(w, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* Load a follow-up the caller may see (404 otherwise). */
static bool followup_of(http_req *r, http_resp *w, int64_t id, store_review_followup *f)
{
	os_err e = store_review_followup_get(r->app->st, id, true, f);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read the follow-up");
		return false;
	}
	if (e || !fu_visible(r, f)) {
		access_deny(r, w);
		return false;
	}
	return true;
}

static void followup_answer(http_req *r, http_resp *w, int status, const store_review_followup *f)
{
	json_t *j = followup_json(r, f);
	store_review_fu_event *ev = NULL;
	size_t n = 0;
	json_t *events = json_array();
	if (store_review_followup_events(r->app->st, f->id, &ev, &n) == OS_OK) {
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    events,
			    json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:o}", "at",
			              (json_int_t)ev[i].at, "action",
			              ev[i].action ? review_fu_action_key(ev[i].action) : "open",
			              "action_zh",
			              ev[i].action ? review_fu_action_zh(ev[i].action) : "差评生成",
			              "from",
			              ev[i].from ? json_string(review_fu_state_key(ev[i].from))
			                         : json_null(),
			              "to", review_fu_state_key(ev[i].to), "actor_name",
			              ev[i].actor_name, "note", ev[i].note, "due",
			              api_date_or_null(ev[i].due)));
	}
	free(ev);
	json_object_set_new(j, "events", events);
	resp_json(w, status, j);
}

void api_reviews_followup_get(http_req *r, http_resp *w)
{
	store_review_followup f;
	if (followup_of(r, w, req_param_id(r, "id"), &f))
		followup_answer(r, w, 200, &f);
}

void api_reviews_followup_act(http_req *r, http_resp *w)
{
	store_review_followup f;
	if (!followup_of(r, w, req_param_id(r, "id"), &f))
		return;
	review_fu_action a = review_fu_action_from_key(req_param(r, "action"));
	if (!a) {
		resp_problem(w, 422, "invalid", "Invalid action",
		             "verify, fix_now, fix_by_deadline, explain, answer or close",
		             "action");
		return;
	}
	store_review_fu_act x;
	memset(&x, 0, sizeof x);
	x.followup_id = f.id;
	x.action = a;
	x.actor_id = r->user->id;
	x.actor_role = r->user->role;
	x.note = api_body_str(r, "note");
	x.legal_basis = api_body_str(r, "legal_basis");
	x.answer = api_body_str(r, "answer");
	x.now = r->now;
	x.today = queue_day(r->now);
	if (a == RFA_FIX_BY_DEADLINE) {
		int64_t days = api_body_int(r, "days", r->app->cfg->review_fix_days);
		if (days < 1 || days > r->app->cfg->review_fix_days) {
			char why[96];
			snprintf(why, sizeof why, "1 to %ld working days (setting review_fix_days)",
			         r->app->cfg->review_fix_days);
			resp_problem(w, 422, "invalid", "Invalid deadline", why, "days");
			return;
		}
		x.due = workdays_after(r, x.today, (int)days);
	}
	const char *why = NULL;
	store_review_followup out;
	os_err e = store_review_followup_act(r->app->st, &x, &out, &why);
	if (e == OS_ERR_INVALID) {
		const char *field = why ? why : "note";
		const char *detail = strcmp(field, "legal_basis") == 0
		                         ? "an explanation states its legal basis"
		                     : strcmp(field, "answer") == 0
		                         ? "what the person was told"
		                         : "what was done (for verify: the call - when, whom, what "
		                           "was said)";
		resp_problem(w, 422, "invalid", "Missing text", detail, field);
		return;
	}
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not now", why ? why : "illegal step", "action");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot save the follow-up");
		return;
	}
	followup_answer(r, w, 200, &out);
}

/* ---- appeals ---------------------------------------------------------------- */

void api_reviews_appeal_file(http_req *r, http_resp *w)
{
	store_review_rating x;
	os_err e = store_review_rating_get(r->app->st, req_param_id(r, "id"), false, &x);
	bool ok = !e && (is_manager(r) ? access_site(r, x.site_id)
	                               : r->user && x.clerk_id == r->user->id);
	if (!ok) {
		if (e && e != OS_ERR_NOT_FOUND)
			resp_error(w, e, "cannot read the rating");
		else
			access_deny(r, w);
		return;
	}
	const char *reasons = api_body_str(r, "reasons");
	if (!reasons || !cat_text_ok(reasons, REVIEW_NOTE_MAX, true)) {
		resp_problem(w, 422, "invalid", "Invalid reasons",
		             "why the rating is wrong: text of at most 1024 bytes", "reasons");
		return;
	}
	int64_t id = 0;
	const char *why = NULL;
	e = store_review_appeal_file(r->app->st, x.id, r->user->id, reasons, r->now, &id, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Cannot appeal", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot file the appeal");
		return;
	}
	resp_json(w, 201,
	          json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "rating_id", (json_int_t)x.id,
	                    "state", review_appeal_key(RAP_FILED)));
}

void api_reviews_appeal_decide(http_req *r, http_resp *w)
{
	store_review_appeal ap;
	os_err e = store_review_appeal_get(r->app->st, req_param_id(r, "id"), &ap);
	if (e || !access_site(r, ap.site_id)) {
		if (e && e != OS_ERR_NOT_FOUND)
			resp_error(w, e, "cannot read the appeal");
		else
			access_deny(r, w);
		return;
	}
	const char *d = api_body_str(r, "decision");
	review_appeal_state to = d && strcmp(d, "upheld") == 0     ? RAP_UPHELD
	                         : d && strcmp(d, "rejected") == 0 ? RAP_REJECTED
	                                                           : RAP_NONE;
	if (!to) {
		resp_problem(w, 422, "invalid", "Invalid decision", "upheld or rejected",
		             "decision");
		return;
	}
	const char *reasons = api_body_str(r, "reasons");
	if (!reasons || !cat_text_ok(reasons, REVIEW_NOTE_MAX, true)) {
		resp_problem(w, 422, "invalid", "Invalid reasons",
		             "the reasons of the decision: text of at most 1024 bytes", "reasons");
		return;
	}
	const char *why = NULL;
	e = store_review_appeal_decide(r->app->st, ap.id, r->user->id, to, reasons, r->now, &why);
	if (e == OS_ERR_FORBIDDEN) {
		resp_problem(w, 403, "forbidden", "Not yours to decide", why, NULL);
		return;
	}
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Decided already", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot decide the appeal");
		return;
	}
	store_review_followup f;
	if (ap.followup_id &&
	    store_review_followup_get(r->app->st, ap.followup_id, true, &f) == OS_OK)
		followup_answer(r, w, 200, &f);
	else
		resp_json(w, 200,
		          json_pack("{s:I, s:s}", "id", (json_int_t)ap.id, "state",
		                    review_appeal_key(to)));
}

/* ---- figures ------------------------------------------------------------------ */

static json_t *figs_json(const store_review_figures *f)
{
	int64_t counted = f->ratings - f->excluded;
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:o, s:I, s:o}", "ratings",
	                 (json_int_t)f->ratings, "good", (json_int_t)f->good, "bad",
	                 (json_int_t)f->bad, "excluded", (json_int_t)f->excluded, "counted",
	                 (json_int_t)counted, "praise_rate", rate_json(f->good, counted),
	                 "followed_up", (json_int_t)f->answered, "follow_up_rate",
	                 rate_json(f->answered, f->bad), "in_time", (json_int_t)f->in_time,
	                 "in_time_rate", rate_json(f->in_time, f->answered));
}

void api_reviews_figures(http_req *r, http_resp *w)
{
	store_review_fig_filter f;
	memset(&f, 0, sizeof f);
	os_date today = queue_day(r->now);
	if (!api_query_period(r, w, today - 29, today, &f.from, &f.to))
		return;
	const char *group = req_query(r, "group");
	if (group && strcmp(group, "site") != 0 && strcmp(group, "department") != 0 &&
	    strcmp(group, "window") != 0 && strcmp(group, "clerk") != 0) {
		resp_problem(w, 422, "invalid", "Invalid group",
		             "site, department, window or clerk", "group");
		return;
	}
	f.site_id = req_query_int(r, "site_id", 0);
	if (!f.site_id && r->user && !(r->role & (ROLE_AUDITOR | ROLE_SYSADMIN)))
		f.site_id = r->user->site_id;
	if (f.site_id && !access_site(r, f.site_id)) {
		access_deny(r, w);
		return;
	}
	store_review_figures total;
	store_review_fig_row *rows = NULL;
	size_t n = 0;
	os_err e =
	    store_review_figures_get(r->app->st, &f, group ? group : "site", &total, &rows, &n);
	if (e) {
		resp_error(w, e, "cannot read the figures");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = figs_json(&rows[i].f);
		json_object_set_new(j, "id", json_integer(rows[i].key_id));
		json_object_set_new(j, "name", json_string(rows[i].name));
		json_object_set_new(j, "name_en", json_string(rows[i].name_en));
		json_object_set_new(j, "site_name", json_string(rows[i].site_name));
		json_array_append_new(items, j);
	}
	free(rows);
	resp_json(w, 200,
	          json_pack("{s:o, s:o, s:o, s:s, s:o, s:o}", "from", api_date_or_null(f.from),
	                    "to", api_date_or_null(f.to), "site_id",
	                    f.site_id ? json_integer(f.site_id) : json_null(), "group",
	                    group ? group : "site", "total", figs_json(&total), "rows", items));
}
