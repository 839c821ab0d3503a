/* complaints.c - the complaint window (办不成事反映窗口, DOMAIN.md §6).
 *
 * Anyone records what could not get done (POST /api/v1/complaints, signed in
 * or not, rate-limited per address); the answer gets a reference number and
 * an unguessable lookup token (stored as its SHA-256) with which the person
 * follows it without signing in (GET /api/v1/complaints/t/{token}: the
 * state, the public timeline and the answer; no names, phones or internal
 * notes). A coordinator takes ownership, brings in departments and records
 * their responses, contacts the person before the deadline, answers with an
 * outcome and a cause; out-of-scope matters are explained; typical cases are
 * tagged with an improvement note. A manager reassigns, tags, closes and
 * reads the figures.
 *
 * Who reaches what: coordinators and managers reach the complaints of their
 * site and the sites below it (access_site); the transition rules of
 * src/core/complaint.h decide who may act (the owner only, for the work on
 * a complaint). The contact's phone and name are masked everywhere except
 * the detail, whose reads are audited. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/complaint.h"
#include "core/roles.h"
#include "http/access.h"
#include "http/app.h"

#define TOKEN_LEN 22 /* 16 random bytes, base64url without padding */

/* ---- small helpers ------------------------------------------------------- */

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

/* Text a person typed: no control characters but line breaks and tabs
 * (multi_line), none at all otherwise. */
static bool clean_text(const char *s, bool multi_line)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == 0x7f)
			return false;
		if (*p < 0x20 && !(multi_line && (*p == '\n' || *p == '\t' || *p == '\r')))
			return false;
	}
	return true;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* A text field: present (when required), not blank, no control characters.
 * 422 naming it otherwise. */
static bool text_of(http_req *r, http_resp *w, const char *name, bool required, bool multi_line,
                    const char **out)
{
	const char *s = api_body_str(r, name);
	*out = s;
	if (required && (!s || blank(s))) {
		resp_problem(w, 422, "invalid", "Missing text", "this field must not be empty",
		             name);
		return false;
	}
	if (s && !clean_text(s, multi_line)) {
		resp_problem(w, 422, "invalid", "Invalid text",
		             "control characters are not allowed", name);
		return false;
	}
	return true;
}

/* A phone number: digits with an optional leading '+', spaces or hyphens
 * between; 5..15 digits. Normalised into out (spaces dropped). */
static bool phone_ok(const char *s, char *out, size_t cap)
{
	size_t n = 0, digits = 0;
	for (const char *p = s; *p; p++) {
		char ch = *p;
		if (ch == ' ')
			continue;
		if (!((ch >= '0' && ch <= '9') || ch == '-' || (ch == '+' && n == 0)))
			return false;
		if (ch >= '0' && ch <= '9')
			digits++;
		if (n + 1 >= cap)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return digits >= 5 && digits <= 15;
}

static unsigned actor_of(const http_req *r)
{
	unsigned a = 0;
	if (r->role & ROLE_COMPLAINT)
		a |= CPACT_COORDINATOR;
	if (r->role & ROLE_MANAGER)
		a |= CPACT_MANAGER;
	return a ? a : CPACT_ANYONE;
}

static int warn_days(const http_req *r)
{
	return (int)r->app->cfg->complaint_warn_days;
}

/* ---- JSON views ---------------------------------------------------------- */

static const complaint_action offered[] = {CPA_TAKE,         CPA_ASSIGN,  CPA_INVOLVE,
                                           CPA_RESPOND,      CPA_CONTACT, CPA_ANSWER,
                                           CPA_OUT_OF_SCOPE, CPA_TAG,     CPA_CLOSE};

/* The clock of a complaint on today's calendar. */
static json_t *clock_json(http_req *r, const store_complaint *c, const os_calendar *cal)
{
	os_date today = api_today(r);
	json_t *j = json_pack("{s:o, s:o}", "recorded_on", api_date_or_null(c->recorded_day), "due",
	                      api_date_or_null(c->due));
	int left = 0;
	if (complaint_state_open(c->state) && cal &&
	    complaint_days_left(cal, today, c->due, &left, NULL) == OS_OK) {
		json_object_set_new(j, "days_left", json_integer(left));
		json_object_set_new(j, "warning",
		                    json_string(complaint_warning_key(
		                        complaint_warning_for(c->state, left, warn_days(r)))));
	} else {
		json_object_set_new(j, "days_left", json_null());
		json_object_set_new(j, "warning",
		                    json_string(complaint_state_open(c->state) && today > c->due
		                                    ? "overdue"
		                                    : "none"));
	}
	json_object_set_new(j, "in_time", c->on_time < 0 ? json_null() : json_boolean(c->on_time));
	return j;
}

static json_t *answer_json(const store_complaint *c)
{
	if (!c->answered_at)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o}", "outcome",
	                 complaint_outcome_key(c->outcome), "outcome_zh",
	                 complaint_outcome_zh(c->outcome), "cause", complaint_cause_key(c->cause),
	                 "cause_zh", complaint_cause_zh(c->cause), "scope",
	                 complaint_scope_key(c->scope), "scope_zh", complaint_scope_zh(c->scope),
	                 "text", c->answer, "referred_to", api_str_or_null(c->referred_to),
	                 "answered_at", (json_int_t)c->answered_at, "in_time",
	                 c->on_time < 0 ? json_null() : json_boolean(c->on_time));
}

/* The staff view. full: the contact's name and phone unmasked. */
static json_t *complaint_json(http_req *r, const store_complaint *c, bool full,
                              const os_calendar *cal)
{
	char phone[32], name[ORG_NAME_MAX];
	if (full) {
		snprintf(phone, sizeof phone, "%s", c->contact_phone);
		snprintf(name, sizeof name, "%s", c->contact_name);
	} else {
		api_mask_phone(c->contact_phone, phone, sizeof phone);
		api_mask_name(c->contact_name, name, sizeof name);
	}
	json_t *item = c->item_id
	                   ? json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)c->item_id, "code",
	                               c->item_code, "name", c->item_name, "department_id",
	                               c->item_department_id ? json_integer(c->item_department_id)
	                                                     : json_null())
	                   : json_null();
	json_t *owner = c->owner_id ? json_pack("{s:I, s:s}", "id", (json_int_t)c->owner_id, "name",
	                                        c->owner_name)
	                            : json_null();
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:o, s:s, s:{s:o, s:o}, s:I, s:b, s:o,"
	    " s:o, s:o, s:o, s:o, s:s, s:b, s:s, s:i, s:i, s:o, s:I}",
	    "id", (json_int_t)c->id, "no", c->no, "state", complaint_state_key(c->state),
	    "state_zh", complaint_state_zh(c->state), "channel", complaint_channel_key(c->channel),
	    "site", "id", (json_int_t)c->site_id, "name", c->site_name, "name_en", c->site_name_en,
	    "item", item, "summary", c->summary, "contact", "name", api_str_or_null(name), "phone",
	    api_str_or_null(phone), "recorded_at", (json_int_t)c->recorded_at, "anonymous",
	    c->recorded_by == 0, "owner", owner, "owned_at", api_time_or_null(c->owned_at),
	    "contacted_at", api_time_or_null(c->contacted_at), "clock", clock_json(r, c, cal),
	    "answer", answer_json(c), "scope", complaint_scope_key(c->scope), "typical", c->typical,
	    "improvement", c->improvement, "departments", c->departments, "responses", c->responses,
	    "closed_at", api_time_or_null(c->closed_at), "updated_at", (json_int_t)c->updated_at);
	/* What this caller may do now. */
	unsigned actor = actor_of(r);
	if (c->owner_id && c->owner_id == api_user_id(r))
		actor |= CPACT_OWNER;
	json_t *acts = json_array();
	for (size_t i = 0; i < sizeof offered / sizeof offered[0]; i++)
		if (complaint_transition(c->state, offered[i], actor, NULL, NULL) == OS_OK)
			json_array_append_new(acts, json_string(complaint_action_key(offered[i])));
	json_object_set_new(j, "actions", acts);
	return j;
}

static bool public_event(complaint_action a)
{
	return a == CPA_RECORD || a == CPA_TAKE || a == CPA_ASSIGN || a == CPA_INVOLVE ||
	       a == CPA_CONTACT || a == CPA_ANSWER || a == CPA_OUT_OF_SCOPE || a == CPA_CLOSE;
}

/* ---- loading with the object rule ---------------------------------------- */

/* The complaint of the path, reachable by the caller (404 otherwise). */
static bool load(http_req *r, http_resp *w, store_complaint *c)
{
	os_err e = store_complaint_get(r->app->st, req_param_id(r, "id"), c);
	if (e == OS_ERR_NOT_FOUND || (!e && !access_site(r, c->site_id))) {
		access_deny(r, w);
		return false;
	}
	if (e) {
		resp_error(w, e, "cannot read the complaint");
		return false;
	}
	return true;
}

static void respond_complaint(http_req *r, http_resp *w, int status, const store_complaint *c,
                              bool full)
{
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *j = complaint_json(r, c, full, cal);
	api_calendar_release(r->app, cal);
	resp_json(w, status, j);
}

/* ---- recording ----------------------------------------------------------- */

void api_complaint_create(http_req *r, http_resp *w)
{
	const char *summary, *name, *phone_s, *explanation;
	if (!text_of(r, w, "summary", true, true, &summary) ||
	    !text_of(r, w, "contact_name", false, false, &name) ||
	    !text_of(r, w, "contact_phone", false, false, &phone_s) ||
	    !text_of(r, w, "explanation", false, true, &explanation))
		return;
	char phone[24] = "";
	if (phone_s && !blank(phone_s) && !phone_ok(phone_s, phone, sizeof phone)) {
		resp_problem(w, 422, "invalid", "Invalid phone number",
		             "5 to 15 digits, with an optional leading + and hyphens",
		             "contact_phone");
		return;
	}
	unsigned actor = actor_of(r);
	bool coordinator = (actor & CPACT_COORDINATOR) != 0;
	complaint_channel ch = CPCH_ONLINE;
	const char *ch_s = api_body_str(r, "channel");
	if (ch_s) {
		ch = complaint_channel_from_key(ch_s);
		if (!ch || (ch == CPCH_WINDOW && !coordinator)) {
			resp_problem(w, 422, "invalid", "Invalid channel",
			             "online (coordinators at the window: window)", "channel");
			return;
		}
	}
	complaint_scope scope = CPSC_IN_SCOPE;
	const char *sc = api_body_str(r, "scope");
	if (sc) {
		int v = complaint_scope_from_key(sc);
		if (v < 0 || (v != CPSC_IN_SCOPE && !coordinator)) {
			resp_problem(
			    w, 422, "invalid", "Invalid scope",
			    "coordinators only: in_scope, lawsuit, petition or private_dispute",
			    "scope");
			return;
		}
		scope = (complaint_scope)v;
	}
	if (scope != CPSC_IN_SCOPE && (!explanation || blank(explanation))) {
		resp_problem(w, 422, "invalid", "Explanation needed",
		             "an out-of-scope matter is recorded with its explanation",
		             "explanation");
		return;
	}
	if (scope == CPSC_IN_SCOPE && explanation) {
		resp_problem(w, 422, "invalid", "Unexpected explanation",
		             "an explanation goes with an out-of-scope matter only", "explanation");
		return;
	}
	unsigned char raw[16], hash[32];
	char token[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(token, hash);
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		resp_problem(w, 503, "no-calendar", "Calendar unavailable",
		             "the working-day calendar cannot be loaded", NULL);
		return;
	}
	store_complaint_new in = {.site_id = api_body_int(r, "site_id", 0),
	                          .item_id = api_body_int(r, "item_id", 0),
	                          .summary = summary,
	                          .contact_name = name && !blank(name) ? name : "",
	                          .contact_phone = phone,
	                          .channel = ch,
	                          .scope = scope,
	                          .explanation = explanation,
	                          .recorded_by = api_user_id(r),
	                          .actor = coordinator ? CPACT_COORDINATOR : CPACT_ANYONE,
	                          .actor_role = r->user ? r->user->role : "anonymous",
	                          .token_hash = hash,
	                          .now = r->now,
	                          .cal = cal,
	                          .answer_days = (int)r->app->cfg->complaint_answer_days};
	store_complaint c;
	const char *field = NULL;
	os_err e = store_complaint_record(r->app->st, &in, &c, &field);
	if (e == OS_ERR_INVALID && field) {
		resp_problem(w, 422, "invalid", "Invalid complaint",
		             !strcmp(field, "site_id")   ? "no such service site"
		             : !strcmp(field, "item_id") ? "no such catalog item"
		                                         : "this field is not valid",
		             field);
	} else if (e == OS_ERR_NO_CALENDAR) {
		resp_problem(w, 503, "no-calendar", "Calendar incomplete",
		             "the working-day calendar does not reach the answer deadline yet; an "
		             "administrator must load the next year's notice",
		             NULL);
	} else if (e == OS_ERR_FORBIDDEN) {
		resp_problem(w, 422, "invalid", "Invalid scope", "coordinators only", "scope");
	} else if (e) {
		resp_error(w, e, "cannot record the complaint");
	} else {
		char lookup[64];
		snprintf(lookup, sizeof lookup, "/complaint?t=%s", token);
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:o}", "no", c.no, "token", token,
		                      "lookup", lookup, "state", complaint_state_key(c.state),
		                      "due", api_date_or_null(c.due));
		if (coordinator || (actor & CPACT_MANAGER))
			json_object_set_new(j, "complaint", complaint_json(r, &c, false, cal));
		resp_json(w, 201, j);
	}
	api_calendar_release(r->app, cal);
}

/* ---- the public lookup --------------------------------------------------- */

void api_complaint_lookup(http_req *r, http_resp *w)
{
	const char *token = req_param(r, "token");
	store_complaint c;
	os_err e = OS_ERR_NOT_FOUND;
	if (token && strlen(token) == TOKEN_LEN) {
		unsigned char hash[32];
		token_hash(token, hash);
		e = store_complaint_by_token(r->app->st, hash, &c);
	}
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 404, "not-found", "Not found", "no complaint with this token",
		             NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot read the complaint");
		return;
	}
	store_complaint_dept *d = NULL;
	store_complaint_event *ev = NULL;
	size_t nd = 0, ne = 0;
	if ((e = store_complaint_trail(r->app->st, c.id, &d, &nd, &ev, &ne))) {
		resp_error(w, e, "cannot read the complaint");
		return;
	}
	json_t *tl = json_array();
	for (size_t i = 0; i < ne; i++) {
		if (!public_event(ev[i].action))
			continue;
		json_array_append_new(tl, json_pack("{s:I, s:s, s:s, s:s, s:o}", "at",
		                                    (json_int_t)ev[i].at, "action",
		                                    complaint_action_key(ev[i].action), "action_zh",
		                                    complaint_action_zh(ev[i].action), "state",
		                                    complaint_state_key(ev[i].to), "department",
		                                    api_str_or_null(ev[i].department_name)));
	}
	free(d);
	free(ev);
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *clock = clock_json(r, &c, cal);
	api_calendar_release(r->app, cal);
	resp_json(w, 200,
	          json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:s, s:I, s:o, s:o, s:o, s:o}",
	                    "no", c.no, "state", complaint_state_key(c.state), "state_zh",
	                    complaint_state_zh(c.state), "site", "name", c.site_name, "name_en",
	                    c.site_name_en, "item",
	                    c.item_id ? json_pack("{s:s}", "name", c.item_name) : json_null(),
	                    "summary", c.summary, "recorded_at", (json_int_t)c.recorded_at, "clock",
	                    clock, "contacted", json_boolean(c.contacted_at != 0), "answer",
	                    answer_json(&c), "timeline", tl));
}

/* ---- the workbench ------------------------------------------------------- */

static const struct {
	const char *key;
	store_complaint_view view;
} views[] = {
    {"open", CPV_OPEN},         {"new", CPV_NEW},         {"mine", CPV_MINE},
    {"answered", CPV_ANSWERED}, {"typical", CPV_TYPICAL}, {"all", CPV_ALL},
};

/* The site scope of a list: the caller's site (and below), or a site under
 * it given in the query. 0 for administrators without a site. */
static bool scope_site(http_req *r, http_resp *w, int64_t *site)
{
	long q = req_query_int(r, "site_id", 0);
	*site = r->user && r->user->site_id ? r->user->site_id : 0;
	if (q) {
		if (!access_site(r, q)) {
			resp_problem(w, 422, "invalid", "Invalid site", "not a site you may see",
			             "site_id");
			return false;
		}
		*site = q;
	}
	return true;
}

static void sweep(http_req *r)
{
	os_date today;
	if (os_date_from_unix(r->now, &today) == OS_OK)
		store_complaints_sweep(r->app->st, today, 200, NULL);
}

void api_complaints_list(http_req *r, http_resp *w)
{
	const char *v = req_query(r, "view");
	store_complaint_filter f = {.view = CPV_OPEN,
	                            .owner_id = api_user_id(r),
	                            .limit = req_query_int(r, "limit", 50),
	                            .offset = req_query_int(r, "offset", 0)};
	if (v) {
		size_t i = 0;
		while (i < sizeof views / sizeof views[0] && strcmp(views[i].key, v))
			i++;
		if (i == sizeof views / sizeof views[0]) {
			resp_problem(w, 422, "invalid", "Invalid view",
			             "open, new, mine, answered, typical or all", "view");
			return;
		}
		f.view = views[i].view;
	}
	if (!scope_site(r, w, &f.site_id))
		return;
	sweep(r);
	store_complaint_list l;
	os_err e = store_complaints_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list the complaints");
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, complaint_json(r, &l.rows[i], false, cal));
	api_calendar_release(r->app, cal);
	resp_json(w, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)l.total));
	store_complaint_list_free(&l);
}

void api_complaint_get(http_req *r, http_resp *w)
{
	store_complaint c;
	if (!load(r, w, &c))
		return;
	store_complaint_dept *d = NULL;
	store_complaint_event *ev = NULL;
	size_t nd = 0, ne = 0;
	os_err e = store_complaint_trail(r->app->st, c.id, &d, &nd, &ev, &ne);
	if (e) {
		resp_error(w, e, "cannot read the complaint");
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *j = complaint_json(r, &c, true, cal);
	api_calendar_release(r->app, cal);
	json_t *depts = json_array(), *tl = json_array();
	for (size_t i = 0; i < nd; i++)
		json_array_append_new(
		    depts, json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
		                     (json_int_t)d[i].department_id, "name", d[i].name, "name_en",
		                     d[i].name_en, "involved_at", (json_int_t)d[i].involved_at,
		                     "note", d[i].note, "response", api_str_or_null(d[i].response),
		                     "responded_at", api_time_or_null(d[i].responded_at)));
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(
		    tl, json_pack(
		            "{s:I, s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:s}", "id",
		            (json_int_t)ev[i].id, "at", (json_int_t)ev[i].at, "action",
		            complaint_action_key(ev[i].action), "action_zh",
		            complaint_action_zh(ev[i].action), "from",
		            ev[i].from ? json_string(complaint_state_key(ev[i].from)) : json_null(),
		            "to", complaint_state_key(ev[i].to), "actor",
		            ev[i].actor_id
		                ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ev[i].actor_id,
		                            "name", ev[i].actor_name, "role", ev[i].actor_role)
		                : json_null(),
		            "department", api_str_or_null(ev[i].department_name), "target",
		            api_str_or_null(ev[i].target_name), "note", ev[i].note));
	free(d);
	free(ev);
	json_object_set_new(j, "department_list", depts);
	json_object_set_new(j, "timeline", tl);
	resp_json(w, 200, j);
}

/* One action on the complaint of the path, with the extras of the body. */
static void act(http_req *r, http_resp *w, store_complaint_act *a)
{
	store_complaint c;
	if (!load(r, w, &c))
		return;
	a->complaint_id = c.id;
	a->actor = actor_of(r) & (CPACT_COORDINATOR | CPACT_MANAGER);
	a->actor_id = api_user_id(r);
	a->actor_role = r->user ? r->user->role : "";
	a->now = r->now;
	const char *why = NULL, *field = NULL;
	os_err e = store_complaint_apply(r->app->st, a, &c, &why, &field);
	if (e == OS_ERR_CONFLICT)
		resp_problem(w, 409, "conflict", "Not possible now", why ? why : "state changed",
		             field ? field : "action");
	else if (e == OS_ERR_FORBIDDEN)
		resp_problem(w, 403, "forbidden", "Not yours", why ? why : "not allowed", "action");
	else if (e == OS_ERR_INVALID)
		resp_problem(w, 422, "invalid", "Invalid input", why ? why : "invalid",
		             field ? field : NULL);
	else if (e)
		resp_error(w, e, "cannot change the complaint");
	else
		respond_complaint(r, w, 200, &c, false);
}

void api_complaint_take(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_TAKE};
	act(r, w, &a);
}

void api_complaint_assign(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_ASSIGN, .owner_id = api_body_int(r, "owner_id", 0)};
	act(r, w, &a);
}

void api_complaint_involve(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_INVOLVE,
	                         .department_id = api_body_int(r, "department_id", 0)};
	if (!text_of(r, w, "note", true, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_respond(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_RESPOND,
	                         .department_id = api_body_int(r, "department_id", 0)};
	if (!text_of(r, w, "response", true, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_contact(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_CONTACT};
	if (!text_of(r, w, "note", true, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_answer(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_ANSWER};
	a.outcome = complaint_outcome_from_key(api_body_str(r, "outcome"));
	if (!a.outcome) {
		resp_problem(w, 422, "invalid", "Invalid outcome", "done, explained or referred",
		             "outcome");
		return;
	}
	a.cause = complaint_cause_from_key(api_body_str(r, "cause"));
	if (!a.cause) {
		resp_problem(w, 422, "invalid", "Invalid cause",
		             "material_rules, staff, system, policy or other", "cause");
		return;
	}
	if (!text_of(r, w, "answer", true, true, &a.text) ||
	    !text_of(r, w, "referred_to", a.outcome == CPO_REFERRED, false, &a.referred_to))
		return;
	act(r, w, &a);
}

void api_complaint_out_of_scope(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_OUT_OF_SCOPE};
	int v = complaint_scope_from_key(api_body_str(r, "scope"));
	if (v <= CPSC_IN_SCOPE) {
		resp_problem(w, 422, "invalid", "Invalid scope",
		             "lawsuit, petition or private_dispute", "scope");
		return;
	}
	a.scope = (complaint_scope)v;
	if (!text_of(r, w, "explanation", true, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_tag(http_req *r, http_resp *w)
{
	json_t *t = json_object_get(r->body, "typical");
	store_complaint_act a = {.action = CPA_TAG, .typical = json_is_true(t)};
	if (!text_of(r, w, "improvement", a.typical, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_close(http_req *r, http_resp *w)
{
	store_complaint_act a = {.action = CPA_CLOSE};
	if (!text_of(r, w, "note", false, true, &a.text))
		return;
	act(r, w, &a);
}

void api_complaint_coordinators(http_req *r, http_resp *w)
{
	store_complaint_coordinator *rows = NULL;
	size_t n = 0;
	os_err e = store_complaint_coordinators(r->app->st, &rows, &n);
	if (e) {
		resp_error(w, e, "cannot list the coordinators");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items, json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)rows[i].id, "name",
		                     rows[i].display_name, "site", rows[i].site_name, "open",
		                     (json_int_t)rows[i].open));
	free(rows);
	resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* ---- figures ------------------------------------------------------------- */

/* "YYYY-MM" into yyyymm; def when absent; false (422 sent) when malformed. */
static bool month_query(http_req *r, http_resp *w, const char *name, int def, int *out)
{
	const char *s = req_query(r, name);
	*out = def;
	if (!s)
		return true;
	int y = 0, m = 0;
	bool ok = strlen(s) == 7 && s[4] == '-';
	for (int i = 0; ok && i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			ok = false;
	if (ok) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		ok = y >= 2000 && y <= 2999 && m >= 1 && m <= 12;
	}
	if (!ok) {
		resp_problem(w, 422, "invalid", "Invalid month", "YYYY-MM", name);
		return false;
	}
	*out = y * 100 + m;
	return true;
}

static json_t *counts_json(const store_complaint_counts *c)
{
	json_t *j =
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "opened", (json_int_t)c->opened, "answered",
	              (json_int_t)c->answered, "on_time", (json_int_t)c->on_time, "overdue",
	              (json_int_t)c->overdue, "out_of_scope", (json_int_t)c->out_of_scope,
	              "typical", (json_int_t)c->typical);
	json_object_set_new(j, "on_time_rate",
	                    c->answered ? json_real((double)c->on_time / (double)c->answered)
	                                : json_null());
	return j;
}

static json_t *tally(const store_complaint_figures *f, int what)
{
	_Static_assert(CPO__COUNT <= 8 && CPC__COUNT <= 8 && CPSC__COUNT <= 8, "tally size");
	int64_t n[8] = {0};
	int count = what == 0 ? CPO__COUNT : what == 1 ? CPC__COUNT : CPSC__COUNT;
	for (size_t i = 0; i < f->n_answers; i++) {
		int k = what == 0   ? (int)f->answers[i].outcome
		        : what == 1 ? (int)f->answers[i].cause
		                    : (int)f->answers[i].scope;
		if (k >= 0 && k < count)
			n[k] += f->answers[i].n;
	}
	json_t *a = json_array();
	for (int k = 1; k < count; k++) {
		const char *key = what == 0   ? complaint_outcome_key((complaint_outcome)k)
		                  : what == 1 ? complaint_cause_key((complaint_cause)k)
		                              : complaint_scope_key((complaint_scope)k);
		const char *zh = what == 0   ? complaint_outcome_zh((complaint_outcome)k)
		                 : what == 1 ? complaint_cause_zh((complaint_cause)k)
		                             : complaint_scope_zh((complaint_scope)k);
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I}", "key", key, "zh", zh, "n", (json_int_t)n[k]));
	}
	return a;
}

void api_complaint_figures(http_req *r, http_resp *w)
{
	os_date today = api_today(r);
	int this_month = complaint_month(today);
	int year_ago = this_month - 100 + 1;
	if (year_ago % 100 == 13)
		year_ago += 100 - 12;
	int from, to;
	int64_t site;
	if (!month_query(r, w, "from", year_ago, &from) ||
	    !month_query(r, w, "to", this_month, &to))
		return;
	if (to < from) {
		resp_problem(w, 422, "invalid", "Invalid period", "from must not be after to",
		             "to");
		return;
	}
	if (!scope_site(r, w, &site))
		return;
	sweep(r);
	store_complaint_figures f;
	os_err e = store_complaint_figures_get(r->app->st, from, to, site, &f);
	if (e) {
		resp_error(w, e, "cannot read the figures");
		return;
	}
	json_t *months = json_array(), *sites = json_array();
	for (size_t i = 0; i < f.n_month; i++) {
		char m[24];
		snprintf(m, sizeof m, "%04d-%02d", (int)(f.by_month[i].key / 100),
		         (int)(f.by_month[i].key % 100));
		json_t *j = counts_json(&f.by_month[i].c);
		json_object_set_new(j, "month", json_string(m));
		json_array_append_new(months, j);
	}
	for (size_t i = 0; i < f.n_site; i++) {
		json_t *j = counts_json(&f.by_site[i].c);
		json_object_set_new(j, "site_id", json_integer(f.by_site[i].key));
		json_object_set_new(j, "name", json_string(f.by_site[i].name));
		json_object_set_new(j, "name_en", json_string(f.by_site[i].name_en));
		json_array_append_new(sites, j);
	}
	char fm[24], tm[24];
	snprintf(fm, sizeof fm, "%04d-%02d", from / 100, from % 100);
	snprintf(tm, sizeof tm, "%04d-%02d", to / 100, to % 100);
	json_t *out = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "from", fm, "to",
	                        tm, "site_id", (json_int_t)site, "total", counts_json(&f.total),
	                        "by_month", months, "by_site", sites, "by_outcome", tally(&f, 0),
	                        "by_cause", tally(&f, 1), "by_scope", tally(&f, 2));
	store_complaint_figures_free(&f);
	/* The typical cases, newest first: what to improve (no personal data). */
	store_complaint_filter tf = {.view = CPV_TYPICAL, .site_id = site, .limit = 50};
	store_complaint_list l;
	json_t *typ = json_array();
	if (store_complaints_list(r->app->st, &tf, &l) == OS_OK) {
		for (size_t i = 0; i < l.n; i++) {
			const store_complaint *c = &l.rows[i];
			json_array_append_new(
			    typ,
			    json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:o}", "id",
			              (json_int_t)c->id, "no", c->no, "site", c->site_name,
			              "site_en", c->site_name_en, "item",
			              c->item_id ? json_string(c->item_name) : json_null(),
			              "summary", c->summary, "outcome",
			              c->outcome ? json_string(complaint_outcome_key(c->outcome))
			                         : json_null(),
			              "cause",
			              c->cause ? json_string(complaint_cause_key(c->cause))
			                       : json_null(),
			              "improvement", c->improvement, "answered_at",
			              api_time_or_null(c->answered_at)));
		}
		store_complaint_list_free(&l);
	}
	json_object_set_new(out, "typical", typ);
	resp_json(w, 200, out);
}
