/* proxy.c - proxy service (帮代办), home visits (上门办) and volunteer
 * butlers (政务管家), DOMAIN.md §6.
 *
 * Who reaches a request:
 *   - its requester (the person, a relative, a village station clerk);
 *   - its assignee (a proxy specialist or a butler): a butler reaches ONLY
 *     the requests assigned to him, everything else is 404;
 *   - proxy specialists and managers of the request's site or above
 *     (access_site): they assign, reassign and may do the assignee's work.
 * Personal data: the person's name is masked in lists; the ID number, phone
 * and address are unsealed only for the assignee and the specialists (the
 * read is audited: AUDIT_PERSONAL routes), masked for everyone else.
 *
 * The underlying cases are filed by the proxy through the cases API
 * (POST /api/v1/cases with proxy_request_id and applicant_user_id); the
 * action file_case then records the case under the request, checked
 * against the authorisation (委托) in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/account.h"
#include "core/case.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/proxy.h"
#include "core/roles.h"
#include "http/access.h"
#include "http/app.h"

/* ---- small helpers ------------------------------------------------------- */

static int body_bool(http_req *r, const char *name)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_boolean(v) ? json_is_true(v) : -1;
}

static json_t *codes_json(const char *csv)
{
	json_t *a = json_array();
	const char *p = csv;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p = comma ? comma + 1 : NULL;
	}
	return a;
}

/* Delivery methods are the cases' (case_delivery); "none" is a choice here:
 * plain help delivers nothing. -1 when unknown. */
static const char *delivery_key(int d)
{
	const char *k = case_delivery_key((case_delivery)d);
	return k ? k : "none";
}

static int delivery_parse(const char *s)
{
	if (!strcmp(s, "none"))
		return CDL_NONE;
	case_delivery d = case_delivery_from_key(s);
	return d ? (int)d : -1;
}

static const char *actor_role(http_req *r)
{
	return r->user ? r->user->role : "";
}

static bool is_specialist_role(http_req *r)
{
	return (r->role & (ROLE_PROXY | ROLE_MANAGER)) != 0;
}

/* The caller's relation to a request: requester, assignee, specialist of
 * its site. 0 = none (404). */
static unsigned relation_of(http_req *r, const store_proxy_request *q)
{
	unsigned bits = 0;
	if (access_own(r, q->requester_id))
		bits |= PACT_REQUESTER;
	if (access_own(r, q->assignee_id))
		bits |= PACT_ASSIGNEE;
	if (is_specialist_role(r) && access_site(r, q->site_id))
		bits |= PACT_SPECIALIST;
	return bits;
}

/* ---- JSON views ---------------------------------------------------------- */

static json_t *actions_json(proxy_state s, unsigned actor)
{
	json_t *a = json_array();
	size_t n;
	const proxy_rule *rules = proxy_rules(&n);
	for (size_t i = 0; i < n; i++)
		if (rules[i].from == s && (rules[i].actors & actor))
			json_array_append_new(a, json_string(proxy_action_key(rules[i].action)));
	return a;
}

static json_t *request_json(const store_proxy_request *q, bool reveal, unsigned actor)
{
	char name[ORG_NAME_MAX], id[32], phone[32];
	if (reveal) {
		snprintf(name, sizeof name, "%s", q->person_name);
		snprintf(id, sizeof id, "%s", q->id_number);
		snprintf(phone, sizeof phone, "%s", q->phone);
	} else {
		api_mask_name(q->person_name, name, sizeof name);
		api_mask_id(q->id_number, id, sizeof id);
		api_mask_phone(q->phone, phone, sizeof phone);
	}
	json_t *j = json_pack(
	    "{s:I, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b,"
	    " s:{s:I, s:s}, s:s, s:{s:s, s:o, s:o, s:o}, s:{s:I, s:s, s:s}, s:s}",
	    "id", (json_int_t)q->id, "no", q->no, "site", "id", (json_int_t)q->site_id, "name",
	    q->site_name, "name_en", q->site_name_en, "kind", proxy_kind_key(q->kind), "kind_zh",
	    proxy_kind_zh(q->kind), "filer", proxy_filer_key(q->filer), "channel",
	    proxy_channel_key(q->channel), "state", proxy_state_key(q->state), "state_zh",
	    proxy_state_zh(q->state), "green", queue_green_key(q->green), "priority",
	    q->green != QG_NONE, "offer_home", proxy_offer_home(q->green), "requester", "id",
	    (json_int_t)q->requester_id, "name", q->requester_name, "relation", q->relation,
	    "person", "name", name, "id_number", api_str_or_null(id), "phone",
	    api_str_or_null(phone), "address", reveal ? api_str_or_null(q->address) : json_null(),
	    "item", "id", (json_int_t)q->item_id, "code", q->item_code, "name", q->item_name,
	    "note", q->note);
	json_object_set_new(j, "authorisation",
	                    json_pack("{s:o, s:o, s:b}", "items", codes_json(q->auth.items),
	                              "valid_until", api_date_json(q->auth.valid_until), "consent",
	                              q->auth.consent));
	json_object_set_new(j, "assignee",
	                    q->assignee_id
	                        ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)q->assignee_id,
	                                    "name", q->assignee_name, "role", q->assignee_role)
	                        : json_null());
	json_object_set_new(j, "assigned_at", api_time_or_null(q->assigned_at));
	json_object_set_new(j, "delivery",
	                    json_pack("{s:s, s:o, s:o}", "method", delivery_key(q->delivery),
	                              "tracking", api_str_or_null(q->tracking), "posted_at",
	                              api_time_or_null(q->posted_at)));
	json_object_set_new(j, "completed_at", api_time_or_null(q->completed_at));
	json_object_set_new(j, "reason", json_string(q->reason));
	json_object_set_new(j, "created_at", json_integer(q->created_at));
	json_object_set_new(j, "updated_at", json_integer(q->updated_at));
	json_object_set_new(j, "next_visit_at", api_time_or_null(q->next_visit_at));
	json_object_set_new(j, "cases_filed", json_integer(q->cases));
	json_object_set_new(j, "actions", actions_json(q->state, actor));
	return j;
}

static json_t *visit_json(const store_proxy_visit *v, bool reveal)
{
	char name[ORG_NAME_MAX];
	api_mask_name(v->person_name, name, sizeof name);
	json_t *team = json_array();
	const char *p = v->team;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		if (colon)
			json_array_append_new(
			    team, json_pack("{s:s%, s:s%}", "role", p, (size_t)(colon - p), "name",
			                    colon + 1, n - (size_t)(colon - p) - 1));
		p = comma ? comma + 1 : NULL;
	}
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:b, s:s, s:s,"
	                 " s:I}",
	                 "id", (json_int_t)v->id, "request_id", (json_int_t)v->request_id,
	                 "request_no", v->request_no, "person_name", name, "item_name",
	                 v->item_name, "mode", proxy_visit_mode_key(v->mode), "state",
	                 proxy_visit_state_key(v->state), "scheduled_at",
	                 (json_int_t)v->scheduled_at, "done_at", api_time_or_null(v->done_at),
	                 "address", reveal ? api_str_or_null(v->address) : json_null(), "team",
	                 team, "has_doctor", v->has_doctor, "note", v->note, "outcome", v->outcome,
	                 "assignee_id", (json_int_t)v->assignee_id);
}

/* ---- loading with the object rule ----------------------------------------- */

static bool load_request(http_req *r, http_resp *w, bool reveal, store_proxy_request *q,
                         unsigned *actor)
{
	int64_t id = req_param_id(r, "id");
	os_err e = store_proxy_request_get(r->app->st, id, reveal, q);
	if (!api_loaded(r, w, e, "cannot read the request"))
		return false;
	*actor = relation_of(r, q);
	if (!*actor) {
		access_deny(r, w);
		return false;
	}
	return true;
}

/* ---- filing ----------------------------------------------------------------- */

static int64_t default_site(http_req *r)
{
	return r->user && r->user->site_id ? r->user->site_id : 1;
}

void api_proxy_request_create(http_req *r, http_resp *w)
{
	os_date today = queue_day(r->now);
	int kind = proxy_kind_parse(api_body_str(r, "kind"));
	if (!kind) {
		resp_problem(w, 422, "invalid", "Invalid kind",
		             "help (帮办), agency (代办) or home (上门办)", "kind");
		return;
	}
	int filer = proxy_filer_parse(api_body_str(r, "filer"));
	if (!filer) {
		resp_problem(w, 422, "invalid", "Invalid filer", "self, relative or station",
		             "filer");
		return;
	}
	bool citizen = (r->role & (ROLE_CITIZEN | ROLE_ENTERPRISE)) != 0;
	if (filer == PF_STATION && citizen) {
		resp_problem(w, 422, "invalid", "Invalid filer",
		             "a village station files through its clerk's account", "filer");
		return;
	}
	int channel = citizen ? PCH_ONLINE : PCH_WINDOW;
	if (api_body_str(r, "channel")) {
		channel = proxy_channel_parse(api_body_str(r, "channel"));
		if (!channel || (citizen && channel != PCH_ONLINE)) {
			resp_problem(w, 422, "invalid", "Invalid channel",
			             "online, or window for staff at the proxy window", "channel");
			return;
		}
	}
	const char *relation = api_body_str(r, "relation");
	if (filer == PF_RELATIVE && (!relation || !relation[0])) {
		resp_problem(w, 422, "invalid", "Relation needed",
		             "say how the requester is related to the person", "relation");
		return;
	}
	const char *address = api_body_str(r, "address");
	if (kind == PK_HOME && (!address || !address[0])) {
		resp_problem(w, 422, "invalid", "Address needed", "a home visit needs the address",
		             "address");
		return;
	}
	/* The ID number: valid, and it gives the age for the green channel. */
	os_id_info info;
	bool has_id = false;
	const char *idn = api_body_str(r, "id_number");
	if (idn && idn[0]) {
		const char *why = NULL;
		if (os_id_check(idn, strlen(idn), today, &info, &why)) {
			resp_problem(w, 422, "invalid", "Invalid ID number", why, "id_number");
			return;
		}
		has_id = true;
	}
	queue_green declared = QG_NONE;
	if (api_body_str(r, "green")) {
		int g = queue_green_parse(api_body_str(r, "green"));
		if (g < 0) {
			resp_problem(w, 422, "invalid", "Invalid green-channel class",
			             "none, elderly, disabled, ill, pregnant or veteran", "green");
			return;
		}
		declared = (queue_green)g;
	}
	queue_green green =
	    proxy_green_of(declared == QG_ELDERLY ? QG_NONE : declared, has_id,
	                   has_id ? info.birth : 0, today, (int)r->app->cfg->proxy_green_age);
	if (declared == QG_ELDERLY && green != QG_ELDERLY) {
		resp_problem(w, 422, "invalid", "Not of green-channel age",
		             "the elderly class is given by the ID number's age (setting "
		             "proxy_green_age)",
		             "green");
		return;
	}
	/* The item: its current version. */
	store_cat_item item;
	os_err e = store_item_get(r->app->st, today, api_body_int(r, "item_id", 0), &item);
	if (e) {
		resp_problem(w, 422, "invalid", "No such item",
		             "item_id names no current catalog item", "item_id");
		return;
	}
	char code[CAT_CODE_MAX], iname[CAT_NAME_MAX];
	snprintf(code, sizeof code, "%s", item.item.code);
	snprintf(iname, sizeof iname, "%s", item.item.name);
	store_cat_item_free(&item);
	/* The authorisation: by default the item itself, for 90 days. */
	const char *items = api_body_str(r, "auth_items");
	os_date until = today + 90;
	const char *us = api_body_str(r, "auth_until");
	if (us && os_date_parse(us, strlen(us), &until)) {
		resp_problem(w, 422, "invalid", "Invalid date", "auth_until is YYYY-MM-DD",
		             "auth_until");
		return;
	}
	proxy_auth auth;
	const char *field = NULL, *why = NULL;
	if (proxy_auth_make(body_bool(r, "consent") == 1, items && items[0] ? items : code, until,
	                    today, &auth, &field, &why)) {
		resp_problem(w, 422, "invalid", "Invalid authorisation", why, field);
		return;
	}
	if (proxy_auth_check(&auth, code, today, &why)) {
		resp_problem(w, 422, "invalid", "Invalid authorisation",
		             "the authorisation must cover the item asked for", "auth_items");
		return;
	}
	store_proxy_new in = {
	    .site_id = api_body_int(r, "site_id", default_site(r)),
	    .kind = (proxy_kind)kind,
	    .filer = (proxy_filer)filer,
	    .channel = (proxy_channel)channel,
	    .green = green,
	    .requester_id = r->user->id,
	    .actor_role = actor_role(r),
	    .relation = relation,
	    .person_name = api_body_str(r, "person_name"),
	    .id_number = has_id ? info.id : NULL,
	    .phone = api_body_str(r, "phone"),
	    .address = address,
	    .item_id = api_body_int(r, "item_id", 0),
	    .item_code = code,
	    .item_name = iname,
	    .note = api_body_str(r, "note"),
	    .auth = &auth,
	    .now = r->now,
	    .today = today,
	};
	store_proxy_request q;
	e = store_proxy_request_create(r->app->st, &in, &q, &field);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "No such site", "site_id names no site",
		             field ? field : "site_id");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot file the request");
		return;
	}
	resp_json(w, 201, request_json(&q, false, PACT_REQUESTER | relation_of(r, &q)));
}

/* ---- lists ------------------------------------------------------------------- */

static json_t *list_json(const store_proxy_list *l, bool for_staff)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++) {
		json_t *j = request_json(&l->rows[i], false, 0);
		json_object_del(j, "actions");
		if (!for_staff)
			json_object_del(j, "requester");
		json_array_append_new(a, j);
	}
	return json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)l->total);
}

void api_proxy_requests_list(http_req *r, http_resp *w)
{
	store_proxy_filter f = {.limit = req_query_int(r, "limit", 50),
	                        .offset = req_query_int(r, "offset", 0)};
	const char *state = req_query(r, "state");
	if (state && strcmp(state, "open") != 0 && strcmp(state, "all") != 0) {
		f.state = proxy_state_parse(state);
		if (!f.state) {
			resp_problem(w, 422, "invalid", "Invalid state",
			             "open, all, or one state (submitted, assigned, ...)", "state");
			return;
		}
	}
	f.open_only = !state || strcmp(state, "open") == 0;
	if (r->role & ROLE_BUTLER) {
		/* a butler sees only the requests assigned to him */
		f.assignee_id = r->user->id;
	} else {
		f.site_id = (r->role & ROLE_SYSADMIN) ? 0 : r->user->site_id;
		if (!f.site_id && !(r->role & ROLE_SYSADMIN)) {
			resp_json(w, 200, json_pack("{s:[], s:i}", "items", "total", 0));
			return;
		}
		f.assignee_id = req_query_int(r, "assignee_id", 0);
	}
	store_proxy_list l;
	os_err e = store_proxy_requests_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list requests");
		return;
	}
	resp_json(w, 200, list_json(&l, true));
	store_proxy_list_free(&l);
}

void api_proxy_my_requests(http_req *r, http_resp *w)
{
	store_proxy_filter f = {.requester_id = r->user->id,
	                        .limit = req_query_int(r, "limit", 50),
	                        .offset = req_query_int(r, "offset", 0)};
	store_proxy_list l;
	os_err e = store_proxy_requests_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list requests");
		return;
	}
	resp_json(w, 200, list_json(&l, false));
	store_proxy_list_free(&l);
}

/* ---- one request --------------------------------------------------------------- */

void api_proxy_request_get(http_req *r, http_resp *w)
{
	store_proxy_request q;
	unsigned actor;
	if (!load_request(r, w, true, &q, &actor))
		return;
	bool reveal = (actor & (PACT_ASSIGNEE | PACT_SPECIALIST)) != 0;
	json_t *j = request_json(&q, reveal, actor);
	store_proxy_event *ev = NULL;
	size_t n = 0;
	json_t *events = json_array();
	if (store_proxy_events(r->app->st, q.id, &ev, &n) == OS_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    events,
			    json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:s}", "at",
			              (json_int_t)ev[i].at, "action",
			              ev[i].action ? proxy_action_key(ev[i].action) : "file",
			              "from", api_str_or_null(proxy_state_key(ev[i].from)), "to",
			              api_str_or_null(proxy_state_key(ev[i].to)), "actor_name",
			              ev[i].actor_name, "actor_role", ev[i].actor_role, "assignee",
			              api_str_or_null(ev[i].assignee_name), "note", ev[i].note));
	free(ev);
	json_object_set_new(j, "events", events);
	store_proxy_visit_filter vf = {.request_id = q.id, .reveal = reveal, .limit = 50};
	store_proxy_visit *vs = NULL;
	json_t *visits = json_array();
	if (store_proxy_visits_list(r->app->st, &vf, &vs, &n) == OS_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(visits, visit_json(&vs[i], reveal));
	free(vs);
	json_object_set_new(j, "visits", visits);
	int64_t cases[32];
	json_t *ca = json_array();
	if (store_proxy_request_cases(r->app->st, q.id, cases, 32, &n) == OS_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(ca, json_integer(cases[i]));
	json_object_set_new(j, "case_ids", ca);
	resp_json(w, 200, j);
}

static void answer_act(http_resp *w, os_err e, const char *why, const char *field,
                       const store_proxy_request *q, unsigned actor, int64_t created)
{
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not allowed now",
		             why ? why : "the request changed; reload it",
		             field ? field : "action");
		return;
	}
	if (e == OS_ERR_FORBIDDEN) {
		resp_problem(w, 403, "forbidden", "Not allowed", why, field ? field : "action");
		return;
	}
	if (e == OS_ERR_INVALID || e == OS_ERR_TOO_LARGE) {
		resp_problem(w, 422, "invalid", "Invalid input", why, field);
		return;
	}
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "Not found", why ? why : "no such object", field);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot change the request");
		return;
	}
	json_t *j = request_json(q, false, actor);
	if (created)
		json_object_set_new(j, "visit_id", json_integer(created));
	resp_json(w, created ? 201 : 200, j);
}

void api_proxy_request_act(http_req *r, http_resp *w)
{
	int action = proxy_action_parse(req_param(r, "action"));
	if (!action || action == PA_SCHEDULE_VISIT || action == PA_RECORD_VISIT) {
		resp_problem(w, 404, "not-found", "No such action",
		             "assign, reassign, start, file_case, complete or cancel (visits have "
		             "their own routes)",
		             "action");
		return;
	}
	store_proxy_request q;
	unsigned actor;
	if (!load_request(r, w, false, &q, &actor))
		return;
	store_proxy_act a = {.request_id = q.id,
	                     .action = (proxy_action)action,
	                     .actor_id = r->user->id,
	                     .actor_role = actor_role(r),
	                     .specialist = (actor & PACT_SPECIALIST) != 0,
	                     .assignee_id = api_body_int(r, "assignee_id", 0),
	                     .reason = api_body_str(r, "reason"),
	                     .case_id = api_body_int(r, "case_id", 0),
	                     .tracking = api_body_str(r, "tracking"),
	                     .now = r->now,
	                     .today = queue_day(r->now)};
	if (action == PA_ASSIGN && !a.assignee_id && (r->role & ROLE_PROXY))
		a.assignee_id = r->user->id; /* "take it myself" */
	if (action == PA_FILE_CASE && !a.case_id) {
		resp_problem(w, 422, "invalid", "Case needed",
		             "file the case through POST /api/v1/cases with proxy_request_id, then "
		             "give its case_id",
		             "case_id");
		return;
	}
	if (action == PA_COMPLETE) {
		const char *d = api_body_str(r, "delivery");
		a.delivery = d ? delivery_parse(d) : 0;
		if (a.delivery < 0) {
			resp_problem(w, 422, "invalid", "Invalid delivery",
			             "none, pickup, post or electronic", "delivery");
			return;
		}
	}
	const char *why = NULL, *field = NULL;
	store_proxy_request out;
	os_err e = store_proxy_apply(r->app->st, &a, &out, &why, &field);
	answer_act(w, e, why, field, &out, actor, 0);
}

/* ---- visits ------------------------------------------------------------------- */

void api_proxy_visit_create(http_req *r, http_resp *w)
{
	store_proxy_request q;
	unsigned actor;
	if (!load_request(r, w, false, &q, &actor))
		return;
	int64_t at;
	if (proxy_parse_local(api_body_str(r, "scheduled_at"), &at)) {
		resp_problem(w, 422, "invalid", "Invalid time",
		             "scheduled_at is YYYY-MM-DDTHH:MM (Beijing time)", "scheduled_at");
		return;
	}
	int mode =
	    api_body_str(r, "mode") ? proxy_visit_mode_parse(api_body_str(r, "mode")) : PVM_HOME;
	if (!mode) {
		resp_problem(w, 422, "invalid", "Invalid mode", "home (上门) or video (视频评估)",
		             "mode");
		return;
	}
	char team[PROXY_TEAM_CAP];
	bool doctor = false;
	const char *why = NULL;
	if (proxy_team_normalise(api_body_str(r, "team"), team, sizeof team, &doctor, &why)) {
		resp_problem(w, 422, "invalid", "Invalid team", why, "team");
		return;
	}
	store_proxy_act a = {.request_id = q.id,
	                     .action = PA_SCHEDULE_VISIT,
	                     .actor_id = r->user->id,
	                     .actor_role = actor_role(r),
	                     .specialist = (actor & PACT_SPECIALIST) != 0,
	                     .scheduled_at = at,
	                     .mode = (proxy_visit_mode)mode,
	                     .team = team,
	                     .has_doctor = doctor,
	                     .address = api_body_str(r, "address"),
	                     .note = api_body_str(r, "note"),
	                     .now = r->now,
	                     .today = queue_day(r->now)};
	const char *field = NULL;
	store_proxy_request out;
	os_err e = store_proxy_apply(r->app->st, &a, &out, &why, &field);
	answer_act(w, e, why, field, &out, actor, e ? 0 : a.result_id);
}

void api_proxy_visit_outcome(http_req *r, http_resp *w)
{
	store_proxy_request q;
	unsigned actor;
	if (!load_request(r, w, false, &q, &actor))
		return;
	store_proxy_act a = {.request_id = q.id,
	                     .action = PA_RECORD_VISIT,
	                     .actor_id = r->user->id,
	                     .actor_role = actor_role(r),
	                     .specialist = (actor & PACT_SPECIALIST) != 0,
	                     .visit_id = req_param_id(r, "visit_id"),
	                     .visit_done = body_bool(r, "done") == 1,
	                     .outcome = api_body_str(r, "outcome"),
	                     .now = r->now,
	                     .today = queue_day(r->now)};
	const char *why = NULL, *field = NULL;
	store_proxy_request out;
	os_err e = store_proxy_apply(r->app->st, &a, &out, &why, &field);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 404, "not-found", "Not found", why, field);
		return;
	}
	answer_act(w, e, why, field, &out, actor, 0);
}

void api_proxy_visits_list(http_req *r, http_resp *w)
{
	os_date today = queue_day(r->now), from, to;
	if (!api_query_date(r, w, "from", today - 7, &from) ||
	    !api_query_date(r, w, "to", today + 30, &to))
		return;
	const char *mine = req_query(r, "mine");
	store_proxy_visit_filter f = {
	    .from = (int64_t)from * 86400 - OS_SHANGHAI_UTC_OFFSET,
	    .to = (int64_t)(to + 1) * 86400 - OS_SHANGHAI_UTC_OFFSET,
	    .limit = req_query_int(r, "limit", 200),
	};
	if ((r->role & ROLE_BUTLER) || (mine && strcmp(mine, "true") == 0))
		f.assignee_id = r->user->id;
	else
		f.site_id = r->user->site_id ? r->user->site_id : -1;
	/* addresses: the assignee's own visits, or the specialists of the site */
	f.reveal = true;
	store_proxy_visit *v = NULL;
	size_t n = 0;
	os_err e = store_proxy_visits_list(r->app->st, &f, &v, &n);
	if (e) {
		resp_error(w, e, "cannot list visits");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, visit_json(&v[i], true));
	free(v);
	resp_json(w, 200, json_pack("{s:o}", "items", a));
}

/* ---- staff and butlers ------------------------------------------------------------ */

void api_proxy_staff(http_req *r, http_resp *w)
{
	store_proxy_staff *s = NULL;
	size_t n = 0;
	os_err e =
	    store_proxy_staff_list(r->app->st, r->user->site_id ? r->user->site_id : -1, &s, &n);
	if (e) {
		resp_error(w, e, "cannot list the staff");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a,
		    json_pack("{s:I, s:s, s:s, s:{s:I, s:s}, s:I, s:I, s:o, s:o, s:s}", "user_id",
		              (json_int_t)s[i].user_id, "name", s[i].name, "role", s[i].role,
		              "site", "id", (json_int_t)s[i].site_id, "name", s[i].site_name,
		              "open_requests", (json_int_t)s[i].open_requests, "visits_scheduled",
		              (json_int_t)s[i].visits_scheduled, "butler_id",
		              s[i].butler_id ? json_integer(s[i].butler_id) : json_null(), "items",
		              codes_json(s[i].items), "availability", s[i].availability));
	free(s);
	resp_json(w, 200, json_pack("{s:o}", "items", a));
}

static json_t *butler_json(const store_proxy_butler *b, bool reveal)
{
	char name[ORG_NAME_MAX], phone[32];
	if (reveal) {
		snprintf(name, sizeof name, "%s", b->name);
		snprintf(phone, sizeof phone, "%s", b->phone);
	} else {
		api_mask_name(b->name, name, sizeof name);
		api_mask_phone(b->phone, phone, sizeof phone);
	}
	return json_pack("{s:I, s:{s:I, s:s}, s:o, s:o, s:s, s:o, s:o, s:s, s:b, s:I, s:I}", "id",
	                 (json_int_t)b->id, "site", "id", (json_int_t)b->site_id, "name",
	                 b->site_name, "user_id",
	                 b->user_id ? json_integer(b->user_id) : json_null(), "login",
	                 api_str_or_null(b->login), "name", name, "phone", api_str_or_null(phone),
	                 "items", codes_json(b->items), "availability", b->availability, "active",
	                 b->active, "registered_at", (json_int_t)b->registered_at, "open_requests",
	                 (json_int_t)b->open_requests);
}

void api_proxy_butlers_list(http_req *r, http_resp *w)
{
	int64_t site = req_query_int(r, "site_id", 0);
	if (site && !access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	const char *act = req_query(r, "active");
	store_proxy_butler_filter f = {
	    .site_id = site               ? site
	               : r->user->site_id ? r->user->site_id
	                                  : -1,
	    .active = !act                       ? -1
	              : strcmp(act, "true") == 0 ? 1
	                                         : 0,
	    .offset = req_query_int(r, "offset", 0),
	    .limit = req_query_int(r, "limit", 50),
	};
	store_proxy_butler *b = NULL;
	size_t n = 0;
	int64_t total = 0;
	os_err e = store_proxy_butlers_list(r->app->st, &f, &b, &n, &total);
	if (e) {
		resp_error(w, e, "cannot list butlers");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, butler_json(&b[i], false));
	free(b);
	resp_json(w, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)total));
}

void api_proxy_butler_me(http_req *r, http_resp *w)
{
	store_proxy_butler b;
	os_err e = store_proxy_butler_of_user(r->app->st, r->user->id, &b);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 404, "not-found", "Not registered",
		             "this account has no butler registration", NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot read the registration");
		return;
	}
	resp_json(w, 200, butler_json(&b, true));
}

static bool items_of(http_req *r, http_resp *w, char *out, size_t cap)
{
	const char *s = api_body_str(r, "items");
	os_err e = queue_normalise_codes(s ? s : "", 40, out, cap);
	if (e) {
		resp_problem(
		    w, 422, "invalid", "Invalid items",
		    "catalog item codes the butler is trained for, comma-separated (at most "
		    "40)",
		    "items");
		return false;
	}
	return true;
}

void api_proxy_butler_register(http_req *r, http_resp *w)
{
	int64_t site = api_body_int(r, "site_id", r->user->site_id);
	if (!site || !access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	char items[PROXY_CODES_CAP];
	if (!items_of(r, w, items, sizeof items))
		return;
	const char *login = api_body_str(r, "login"), *pw = api_body_str(r, "password");
	const char *name = api_body_str(r, "name"), *phone = api_body_str(r, "phone");
	/* The butler signs in: an account with role butler at the site, created
	 * in the registration's own transaction. */
	char code[ORG_CODE_MAX] = "", hash[128];
	store_user_new u = {0};
	if (login) {
		const char *why = NULL;
		if (!account_login_ok(login)) {
			resp_problem(w, 422, "invalid", "Invalid login",
			             "3-64 characters: letters, digits, '.', '_' or '-'", "login");
			return;
		}
		if (!pw || password_check(login, pw, strlen(pw), &why) != OS_OK) {
			resp_problem(w, 422, "weak-password", "Password refused",
			             pw ? why : "a password is required with a login", "password");
			return;
		}
		store_site_detail sd;
		if (store_site_get(r->app->st, site, &sd)) {
			resp_problem(w, 422, "invalid", "No such site", "site_id names no site",
			             "site_id");
			return;
		}
		snprintf(code, sizeof code, "%s", sd.site.code);
		store_site_detail_free(&sd);
		os_err e = api_password_hash(pw, strlen(pw), hash);
		if (e) {
			resp_error(w, e, "cannot hash the password");
			return;
		}
		u = (store_user_new){.login = login,
		                     .display_name = name,
		                     .role = "butler",
		                     .site_code = code,
		                     .password_hash = hash,
		                     .phone = phone};
	}
	const char *field = NULL;
	store_proxy_butler_new in = {.site_id = site,
	                             .name = name,
	                             .phone = phone,
	                             .items = items,
	                             .availability = api_body_str(r, "availability"),
	                             .registered_by = r->user->id,
	                             .now = r->now,
	                             .account = login ? &u : NULL,
	                             .account_field = &field};
	int64_t id = 0;
	os_err e = store_proxy_butler_register(r->app->st, &in, &id);
	if (e == OS_ERR_CONFLICT && field) {
		resp_problem(w, 409, "conflict", "Taken", "this login is taken", field);
		return;
	}
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "No such site", "site_id names no site", "site_id");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot register the butler");
		return;
	}
	store_proxy_butler b;
	if ((e = store_proxy_butler_get(r->app->st, id, &b))) {
		resp_error(w, e, "cannot read the butler");
		return;
	}
	resp_json(w, 201, butler_json(&b, false));
}

void api_proxy_butler_update(http_req *r, http_resp *w)
{
	store_proxy_butler b;
	os_err e = store_proxy_butler_get(r->app->st, req_param_id(r, "id"), &b);
	if (e == OS_ERR_NOT_FOUND || (!e && !access_site(r, b.site_id))) {
		access_deny(r, w);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot read the butler");
		return;
	}
	char items[PROXY_CODES_CAP];
	bool has_items = api_body_str(r, "items") != NULL;
	if (has_items && !items_of(r, w, items, sizeof items))
		return;
	e = store_proxy_butler_update(r->app->st, b.id, has_items ? items : NULL,
	                              api_body_str(r, "availability"), body_bool(r, "active"),
	                              r->now);
	if (e) {
		resp_error(w, e, "cannot update the butler");
		return;
	}
	if ((e = store_proxy_butler_get(r->app->st, b.id, &b))) {
		resp_error(w, e, "cannot read the butler");
		return;
	}
	resp_json(w, 200, butler_json(&b, false));
}

/* ---- figures ----------------------------------------------------------------------- */

static json_t *fig_json(const store_proxy_figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "butlers_active",
	                 (json_int_t)f->butlers_active, "requests", (json_int_t)f->requests,
	                 "people_served", (json_int_t)f->people_served, "home_visits",
	                 (json_int_t)f->home_visits, "video_visits", (json_int_t)f->video_visits,
	                 "items_handled", (json_int_t)f->items_handled);
}

void api_proxy_figures(http_req *r, http_resp *w)
{
	os_date today = queue_day(r->now);
	store_proxy_fig_filter f = {.site_id = req_query_int(r, "site_id", 0)};
	if (!api_query_period(r, w, today - 364, today, &f.from, &f.to))
		return;
	const char *group = req_query(r, "group");
	if (group && strcmp(group, "site") != 0 && strcmp(group, "month") != 0) {
		resp_problem(w, 422, "invalid", "Invalid group", "site or month", "group");
		return;
	}
	store_proxy_figures tot;
	os_err e = store_proxy_figures_get(r->app->st, &f, &tot);
	if (e) {
		resp_error(w, e, "cannot read the figures");
		return;
	}
	json_t *j = json_pack("{s:o, s:o, s:o}", "from", api_date_json(f.from), "to",
	                      api_date_json(f.to), "total", fig_json(&tot));
	const char *groups[2] = {"site", "month"};
	for (int g = 0; g < 2; g++) {
		if (group && strcmp(group, groups[g]) != 0)
			continue;
		store_proxy_fig_row *rows = NULL;
		size_t n = 0;
		if ((e = store_proxy_figures_by(r->app->st, &f, groups[g], &rows, &n))) {
			json_decref(j);
			resp_error(w, e, "cannot read the figures");
			return;
		}
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *x = fig_json(&rows[i].f);
			if (g == 0) {
				json_object_set_new(x, "site_id", json_integer(rows[i].key_id));
				json_object_set_new(x, "label", json_string(rows[i].name));
				json_object_set_new(x, "label_en", json_string(rows[i].name_en));
			} else {
				char m[24];
				snprintf(m, sizeof m, "%04d-%02d", (int)(rows[i].key_id / 100),
				         (int)(rows[i].key_id % 100));
				json_object_set_new(x, "month", json_string(m));
				json_object_set_new(x, "label", json_string(m));
			}
			json_array_append_new(a, x);
		}
		free(rows);
		json_object_set_new(j, g == 0 ? "by_site" : "by_month", a);
	}
	resp_json(w, 200, j);
}
