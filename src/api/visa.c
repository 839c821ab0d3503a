/* visa.c - the airport port-visa office (issue 8): travel agencies
 * pre-submit tour groups; officers review them, check the members in on
 * arrival, issue the group visa (PDF) and special individual cases, keep the
 * watch list and read the daily figures. Decisions are in src/core/visa.c,
 * each write is one store transaction (src/store/sqlite_visa.c).
 *
 * Personal data: list and group answers mask passport numbers
 * (os_mask_passport) and birth dates (year only); the officer's member
 * detail, the watch list and the visa PDF carry them in full and are
 * audited reads (AUDIT_PERSONAL in the route table). An agency never learns
 * about the watch list: a flagged member shows as pending to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/countries.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/roles.h"
#include "core/visa.h"
#include "http/access.h"
#include "http/app.h"
#include "http/sse.h"

/* ---- small helpers -------------------------------------------------------------- */

static bool officer(const http_req *r)
{
	return (r->role & ROLE_OFFICER) != 0;
}

/* ISO 8601 in China Standard Time: "2023-04-13T12:55:00+08:00". */
static json_t *time_json(int64_t t)
{
	os_date d;
	char ds[OS_DATE_STRLEN], s[40];
	if (t <= 0 || os_date_from_unix(t, &d))
		return json_null();
	os_date_format(d, ds);
	int64_t sec = (t + OS_SHANGHAI_UTC_OFFSET) % 86400;
	snprintf(s, sizeof s, "%sT%02d:%02d:%02d+08:00", ds, (int)(sec / 3600),
	         (int)(sec % 3600 / 60), (int)(sec % 60));
	return json_string(s);
}

static json_t *bilingual(const char *zh, const char *en)
{
	return json_pack("{s:s, s:s}", "zh", zh ? zh : "", "en", en ? en : "");
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void notify(http_req *r, int64_t group_id, const char *what)
{
	char line[128];
	snprintf(line, sizeof line, "{\"group_id\":%lld,\"event\":\"%s\"}", (long long)group_id,
	         what);
	if (r->app->hub)
		sse_publish(r->app->hub, "visa", "group", line);
}

/* A problem document with the per-member errors: index (0-based, -1 for the
 * group), member (1-based), field, code and reason. */
static void problem_errors(http_resp *w, int status, const char *type, const char *title,
                           const char *detail, const visa_errors *e)
{
	char uri[96];
	snprintf(uri, sizeof uri, "/problems/%s", type);
	json_t *list = json_array();
	for (int i = 0; i < e->n; i++) {
		const visa_error *x = &e->items[i];
		json_array_append_new(
		    list, json_pack("{s:i, s:o, s:s, s:s, s:s}", "index", x->index, "member",
		                    x->index >= 0 ? json_integer(x->index + 1) : json_null(),
		                    "field", x->field, "code", x->code, "reason", x->reason));
	}
	const char *field = e->n ? (e->items[0].index < 0 ? e->items[0].field : "members") : NULL;
	json_t *p =
	    json_pack("{s:s, s:s, s:i, s:s, s:o, s:i}", "type", uri, "title", title, "status",
	              status, "detail", detail, "errors", list, "dropped", e->dropped);
	if (field)
		json_object_set_new(p, "field", json_string(field));
	resp_json(w, status, p);
	w->content_type = "application/problem+json";
}

static void invalid_members(http_resp *w, visa_errors *e)
{
	char detail[160];
	/* by member, keeping the order within one (insertion sort: stable) */
	for (int i = 1; i < e->n; i++) {
		visa_error x = e->items[i];
		int j = i;
		while (j > 0 && e->items[j - 1].index > x.index) {
			e->items[j] = e->items[j - 1];
			j--;
		}
		e->items[j] = x;
	}
	int members = 0;
	for (int i = 0; i < e->n; i++) {
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen = seen || e->items[j].index == e->items[i].index;
		members += !seen;
	}
	snprintf(detail, sizeof detail, "%d %s; nothing was saved", members,
	         members == 1 ? "entry has errors" : "entries have errors");
	problem_errors(w, 422, "invalid-members", "Invalid members", detail, e);
}

/* The answer for a failed store write. */
static void write_error(http_resp *w, os_err e, const store_visa_result *res, const char *what)
{
	if (res->errors && res->errors->n && (e == OS_ERR_INVALID || e == OS_ERR_CONFLICT)) {
		if (e == OS_ERR_CONFLICT)
			problem_errors(w, 409, "duplicate-passport", "Passport already in a group",
			               "a passport is already in another active group; nothing was "
			               "saved",
			               res->errors);
		else
			invalid_members(w, res->errors);
		return;
	}
	switch (e) {
	case OS_ERR_NOT_FOUND:
		resp_problem(w, 404, "not-found", "Not found", res->why ? res->why : what,
		             res->field);
		break;
	case OS_ERR_CONFLICT:
		resp_problem(w, 409, "conflict", "Not possible now", res->why ? res->why : what,
		             res->field);
		break;
	case OS_ERR_INVALID:
		resp_problem(w, 422, "invalid", "Invalid input", res->why ? res->why : what,
		             res->field);
		break;
	default:
		resp_error(w, e, what);
	}
}

/* ---- JSON for groups and members -------------------------------------------------- */

static void mask_birth(os_date d, char out[OS_DATE_STRLEN])
{
	os_date_format(d, out);
	memcpy(out + 4, "-**-**", 6);
}

/* full: the officer's member detail (audited); officer: show the watch-list
 * state (agencies see flagged members as pending). */
static json_t *member_json(const visa_member *m, bool is_officer, bool full)
{
	char pp[VISA_PASSPORT_MAX], birth[OS_DATE_STRLEN];
	if (full) {
		cpy(pp, sizeof pp, m->passport);
		os_date_format(m->birth, birth);
	} else {
		os_mask_passport(m->passport, pp, sizeof pp);
		mask_birth(m->birth, birth);
	}
	visa_member_status s = m->status;
	if (!is_officer && s == VM_FLAGGED)
		s = VM_PENDING;
	const country *c = country_by_code(m->nationality);
	json_t *j = json_pack(
	    "{s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:b, s:o}", "id",
	    (json_int_t)m->id, "seq", m->seq, "surname", m->surname, "given_names", m->given_names,
	    "sex", (char[]){m->sex ? m->sex : 'X', '\0'}, "birth_date", birth, "nationality",
	    m->nationality, "nationality_name",
	    bilingual(c ? c->name_zh : m->nationality, c ? c->name_en : m->nationality),
	    "passport_number", pp, "passport_expiry", api_date_or_null(m->expiry), "status",
	    visa_member_status_key(s), "status_name", visa_member_status_name(s), "note", m->note,
	    "needs_correction", m->needs_correction, "scanned_at", time_json(m->scanned_at));
	if (is_officer)
		json_object_set_new(j, "watch_hit",
		                    json_boolean(m->status == VM_FLAGGED || m->watch_id != 0));
	return j;
}

static json_t *group_json(const http_req *r, const visa_group *g)
{
	char hhmm[6];
	os_date from, until;
	visa_format_hhmm(g->arrival_minute, hhmm);
	visa_validity(g->arrival_date, g->stay_days, &from, &until);
	int64_t arrival = visa_arrival_unix(g->arrival_date, g->arrival_minute);
	long hours = r->app->cfg->visa_submit_deadline_hours;
	return json_pack(
	    "{s:I, s:{s:I, s:s}, s:s, s:s, s:o, s:s, s:o, s:{s:s, s:s, s:s}, s:s, s:i, s:o, s:o,"
	    " s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)g->id, "agency", "id", (json_int_t)g->agency_id, "name",
	    g->agency_name, "group_no", g->group_no, "flight", g->flight, "arrival_date",
	    api_date_or_null(g->arrival_date), "arrival_time", hhmm, "arrival_at",
	    time_json(arrival), "port", "code", VISA_PORT_CODE, "name", VISA_PORT_NAME_ZH,
	    "name_en", VISA_PORT_NAME_EN, "itinerary", g->itinerary, "stay_days", g->stay_days,
	    "valid_from", api_date_or_null(from), "valid_until", api_date_or_null(until),
	    "leader_name", g->leader_name, "leader_phone", g->leader_phone, "status",
	    visa_group_status_key(g->status), "status_name", visa_group_status_name(g->status),
	    "note", g->note, "submit_by", time_json(arrival - hours * 3600), "created_at",
	    time_json(g->created_at), "submitted_at", time_json(g->submitted_at), "decided_at",
	    time_json(g->decided_at), "arrived_at", time_json(g->arrived_at), "issued_at",
	    time_json(g->issued_at), "visa_id",
	    g->visa_id ? json_integer(g->visa_id) : json_null());
}

static json_t *counts_json(const store_visa_group_row *x, bool is_officer)
{
	return json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "members", (json_int_t)x->members,
	    "pending", (json_int_t)(x->pending + (is_officer ? 0 : x->flagged)), "approved",
	    (json_int_t)x->approved, "refused", (json_int_t)x->refused, "flagged",
	    (json_int_t)(is_officer ? x->flagged : 0), "present", (json_int_t)x->present, "absent",
	    (json_int_t)x->absent, "issued", (json_int_t)x->issued);
}

static json_t *detail_json(const http_req *r, const store_visa_group_detail *d)
{
	json_t *g = group_json(r, &d->g);
	json_t *ms = json_array();
	store_visa_group_row counts;
	memset(&counts, 0, sizeof counts);
	for (size_t i = 0; i < d->n_members; i++) {
		const visa_member *m = &d->members[i];
		json_array_append_new(ms, member_json(m, officer(r), false));
		counts.members++;
		int64_t *c[] = {NULL,
		                &counts.pending,
		                &counts.approved,
		                &counts.refused,
		                &counts.flagged,
		                &counts.present,
		                &counts.absent,
		                &counts.issued};
		if (m->status > 0 && m->status < VM__COUNT)
			(*c[m->status])++;
	}
	json_object_set_new(g, "members", ms);
	json_object_set_new(g, "counts", counts_json(&counts, officer(r)));
	return g;
}

/* Load a group the caller may see (404 otherwise, as for a missing one). */
static bool load_group(http_req *r, http_resp *w, store_visa_group_detail *d)
{
	os_err e = store_visa_group_get(r->app->st, req_param_id(r, "id"), d);
	if (!api_loaded(r, w, e, "cannot read the group"))
		return false;
	if (!access_agency(r, d->g.agency_id)) {
		store_visa_group_detail_free(d);
		access_deny(r, w);
		return false;
	}
	return true;
}

static void answer_group(http_req *r, http_resp *w, int status, int64_t id)
{
	store_visa_group_detail d;
	os_err e = store_visa_group_get(r->app->st, id, &d);
	if (e) {
		resp_error(w, e, "cannot read the group");
		return;
	}
	resp_json(w, status, detail_json(r, &d));
	store_visa_group_detail_free(&d);
}

/* The caller's agency for agency writes: 0 (and a 403 answer) when the
 * account is not attached to one. */
static int64_t my_agency(http_req *r, http_resp *w)
{
	int64_t a = r->user ? r->user->agency_id : 0;
	if (!a)
		resp_problem(w, 403, "no-agency", "No travel agency",
		             "this account is not attached to a travel agency", NULL);
	return a;
}

/* ---- input ------------------------------------------------------------------------ */

static bool group_from_body(http_req *r, visa_group *g, visa_errors *e)
{
	memset(g, 0, sizeof *g);
	cpy(g->group_no, sizeof g->group_no, api_body_str(r, "group_no"));
	cpy(g->flight, sizeof g->flight, api_body_str(r, "flight"));
	upper(g->flight);
	const char *d = api_body_str(r, "arrival_date");
	if (!d || os_date_parse(d, strlen(d), &g->arrival_date)) {
		visa_errors_add(e, -1, "arrival_date", "invalid-date", "a date YYYY-MM-DD");
		g->arrival_date = api_today(r);
	}
	if (visa_parse_hhmm(api_body_str(r, "arrival_time"), &g->arrival_minute)) {
		visa_errors_add(e, -1, "arrival_time", "invalid", "a time HH:MM");
		g->arrival_minute = 0;
	}
	cpy(g->itinerary, sizeof g->itinerary, api_body_str(r, "itinerary"));
	g->stay_days = (int)api_body_int(r, "stay_days", 0);
	cpy(g->leader_name, sizeof g->leader_name, api_body_str(r, "leader_name"));
	cpy(g->leader_phone, sizeof g->leader_phone, api_body_str(r, "leader_phone"));
	visa_group_validate(g, api_today(r), true, e);
	if (g->arrival_date > api_today(r) + 366)
		visa_errors_add(e, -1, "arrival_date", "too-far",
		                "groups are submitted at most a year ahead");
	return e->n == 0;
}

static bool has_hand_fields(const http_req *r)
{
	static const char *const keys[] = {"surname",        "given_names", "sex",
	                                   "birth_date",     "nationality", "passport_number",
	                                   "passport_expiry"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (json_object_get(r->body, keys[i]))
			return true;
	return false;
}

/* Members from the body: "mrz" (pasted lines), "csv" (text) or the hand
 * fields (one member); at most one way. Returns the count (0 allowed when
 * allow_none) or -1 after answering. */
static int members_from_body(http_req *r, http_resp *w, visa_member *out, bool allow_none,
                             bool single, const visa_group *g)
{
	const char *mrz = api_body_str(r, "mrz"), *csv = api_body_str(r, "csv");
	bool hand = has_hand_fields(r);
	int ways = (mrz != NULL) + (csv != NULL) + hand;
	if (ways > 1) {
		resp_problem(w, 422, "invalid", "Invalid input",
		             "send members one way: mrz, csv or the member fields", "mrz");
		return -1;
	}
	if (ways == 0) {
		if (allow_none)
			return 0;
		resp_problem(w, 422, "missing", "Missing field",
		             "send mrz (passport MRZ lines), csv, or the member fields", "surname");
		return -1;
	}
	visa_errors *e = req_alloc(r, sizeof *e);
	int max = single ? 1 : VISA_MAX_MEMBERS;
	int n;
	if (mrz)
		n = visa_mrz_block_parse(mrz, strlen(mrz), api_today(r), out, max, e);
	else if (csv)
		n = visa_csv_parse(csv, strlen(csv), out, max, e);
	else {
		visa_member_fields f = {api_body_str(r, "surname"),
		                        api_body_str(r, "given_names"),
		                        api_body_str(r, "sex"),
		                        api_body_str(r, "birth_date"),
		                        api_body_str(r, "nationality"),
		                        api_body_str(r, "passport_number"),
		                        api_body_str(r, "passport_expiry")};
		visa_member_from_fields(&f, out, 0, e);
		n = 1;
	}
	if (n == 0 && !e->n)
		visa_errors_add(e, -1, mrz ? "mrz" : "csv", "empty", "no member in the text");
	/* Every error at once: the checks that need the group's stay run on the
	 * members that were read, even when others could not be. */
	os_date from, until;
	visa_validity(g->arrival_date, g->stay_days, &from, &until);
	visa_member *ok = req_alloc(r, (size_t)(n + 1) * sizeof *ok);
	int n_ok = 0, idx[VISA_MAX_MEMBERS];
	for (int i = 0; i < n; i++) {
		if (visa_errors_for(e, i))
			continue;
		visa_member_check(&out[i], api_today(r), until, i, e);
		idx[n_ok] = i;
		ok[n_ok++] = out[i];
	}
	visa_errors *dup = req_alloc(r, sizeof *dup);
	visa_members_unique(ok, (size_t)n_ok, 0, dup);
	for (int i = 0; i < dup->n; i++)
		visa_errors_add(e, idx[dup->items[i].index], dup->items[i].field,
		                dup->items[i].code, dup->items[i].reason);
	if (e->n || e->dropped) {
		invalid_members(w, e);
		return -1;
	}
	return n;
}

/* ---- fees and agencies ------------------------------------------------------------ */

void api_visa_fees(http_req *r, http_resp *w)
{
	(void)r;
	size_t n;
	const visa_type_info *t = visa_types(&n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char y[24];
		visa_format_yuan(t[i].fee_fen, y, sizeof y);
		json_array_append_new(
		    items, json_pack("{s:s, s:o, s:s, s:b, s:I, s:s, s:s}", "type", t[i].key,
		                     "name", bilingual(t[i].name_zh, t[i].name_en), "category",
		                     t[i].category, "group", t[i].group, "fee_fen",
		                     (json_int_t)t[i].fee_fen, "fee", y, "per", "person"));
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:s, s:o}", "items", items, "currency", "CNY", "statement",
	                    bilingual(VISA_NO_SURCHARGE_ZH, VISA_NO_SURCHARGE_EN)));
}

static json_t *agency_json(const visa_agency *a)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "name",
	                 a->name, "name_en", a->name_en, "licence_no", a->licence_no,
	                 "contact_name", a->contact_name, "contact_phone", a->contact_phone,
	                 "contact_email", a->contact_email);
}

void api_visa_agencies(http_req *r, http_resp *w)
{
	int64_t only = officer(r) ? 0 : (r->user ? r->user->agency_id : 0);
	visa_agency *rows = NULL;
	size_t n = 0;
	if (!officer(r) && !only) {
		resp_json(w, 200, json_pack("{s:[]}", "items"));
		return;
	}
	os_err e = store_visa_agencies_list(r->app->st, only, &rows, &n);
	if (e) {
		resp_error(w, e, "cannot list the agencies");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, agency_json(&rows[i]));
	free(rows);
	resp_json(w, 200, json_pack("{s:o}", "items", items));
}

void api_visa_agency_create(http_req *r, http_resp *w)
{
	visa_agency a;
	memset(&a, 0, sizeof a);
	cpy(a.name, sizeof a.name, api_body_str(r, "name"));
	cpy(a.name_en, sizeof a.name_en, api_body_str(r, "name_en"));
	cpy(a.licence_no, sizeof a.licence_no, api_body_str(r, "licence_no"));
	upper(a.licence_no);
	cpy(a.contact_name, sizeof a.contact_name, api_body_str(r, "contact_name"));
	cpy(a.contact_phone, sizeof a.contact_phone, api_body_str(r, "contact_phone"));
	cpy(a.contact_email, sizeof a.contact_email, api_body_str(r, "contact_email"));
	visa_errors *e = req_alloc(r, sizeof *e);
	if (!visa_agency_validate(&a, e)) {
		problem_errors(w, 422, "invalid", "Invalid input", e->items[0].reason, e);
		return;
	}
	os_err err = store_visa_agency_create(r->app->st, &a, r->now, &a.id);
	if (err == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Already registered",
		             "an agency with this name or licence number exists", "licence_no");
		return;
	}
	if (err) {
		resp_error(w, err, "cannot register the agency");
		return;
	}
	resp_json(w, 201, agency_json(&a));
}

/* ---- groups: agency side ---------------------------------------------------------- */

static void list_groups(http_req *r, http_resp *w, store_visa_group_filter *f)
{
	store_visa_group_list l;
	os_err e = store_visa_groups_list(r->app->st, f, &l);
	if (e) {
		resp_error(w, e, "cannot list the groups");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) {
		json_t *g = group_json(r, &l.rows[i].g);
		json_object_set_new(g, "counts", counts_json(&l.rows[i], officer(r)));
		json_array_append_new(items, g);
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)l.total,
	                    "limit", (json_int_t)f->limit, "offset", (json_int_t)f->offset));
	store_visa_group_list_free(&l);
}

static bool query_date(http_req *r, http_resp *w, const char *name, os_date *out)
{
	const char *d = req_query(r, name);
	if (!d)
		return false;
	if (os_date_parse(d, strlen(d), out)) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", "a date YYYY-MM-DD",
		             name);
		return false;
	}
	return true;
}

void api_visa_groups_list(http_req *r, http_resp *w)
{
	store_visa_group_filter f = {0};
	if (!officer(r)) {
		f.agency_id = r->user ? r->user->agency_id : 0;
		if (!f.agency_id) {
			resp_json(w, 200, json_pack("{s:[], s:i}", "items", "total", 0));
			return;
		}
	}
	const char *s = req_query(r, "status");
	if (s && !(f.status = visa_group_status_parse(s))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", "an unknown status",
		             "status");
		return;
	}
	if (req_query(r, "date")) {
		if (!query_date(r, w, "date", &f.arrival_date))
			return;
		f.has_date = true;
	}
	f.limit = req_query_int(r, "limit", 50);
	f.offset = req_query_int(r, "offset", 0);
	list_groups(r, w, &f);
}

void api_visa_group_get(http_req *r, http_resp *w)
{
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	resp_json(w, 200, detail_json(r, &d));
	store_visa_group_detail_free(&d);
}

void api_visa_group_create(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	visa_group g;
	visa_errors *e = req_alloc(r, sizeof *e);
	if (!group_from_body(r, &g, e)) {
		problem_errors(w, 422, "invalid", "Invalid input", e->items[0].reason, e);
		return;
	}
	g.agency_id = agency;
	visa_member *m = req_alloc(r, VISA_MAX_MEMBERS * sizeof *m);
	int n = members_from_body(r, w, m, true, false, &g);
	if (n < 0)
		return;
	store_visa_result res = {.errors = e};
	os_err err = store_visa_group_create(r->app->st, &g, m, (size_t)n, api_user_id(r), r->now,
	                                     api_today(r), &res);
	if (err) {
		write_error(w, err, &res, "cannot save the group");
		return;
	}
	answer_group(r, w, 201, res.id);
}

void api_visa_group_update(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	visa_group g;
	visa_errors *e = req_alloc(r, sizeof *e);
	if (!group_from_body(r, &g, e)) {
		problem_errors(w, 422, "invalid", "Invalid input", e->items[0].reason, e);
		return;
	}
	store_visa_result res = {.errors = e};
	os_err err = store_visa_group_update(r->app->st, req_param_id(r, "id"), agency, &g, r->now,
	                                     api_today(r), &res);
	if (err) {
		write_error(w, err, &res, "cannot save the group");
		return;
	}
	answer_group(r, w, 200, res.id);
}

void api_visa_members_add(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	visa_member *m = req_alloc(r, VISA_MAX_MEMBERS * sizeof *m);
	int n = members_from_body(r, w, m, false, false, &d.g);
	if (n < 0)
		return;
	store_visa_result res = {.errors = req_alloc(r, sizeof(visa_errors))};
	os_err err = store_visa_members_add(r->app->st, req_param_id(r, "id"), agency, m, (size_t)n,
	                                    r->now, api_today(r), &res);
	if (err) {
		write_error(w, err, &res, "cannot add the members");
		return;
	}
	answer_group(r, w, 201, req_param_id(r, "id"));
}

void api_visa_member_update(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	visa_member m;
	if (members_from_body(r, w, &m, false, true, &d.g) < 0)
		return;
	store_visa_result res = {.errors = req_alloc(r, sizeof(visa_errors))};
	os_err err =
	    store_visa_member_update(r->app->st, req_param_id(r, "id"), agency,
	                             req_param_id(r, "member_id"), &m, r->now, api_today(r), &res);
	if (err) {
		write_error(w, err, &res, "cannot save the member");
		return;
	}
	answer_group(r, w, 200, req_param_id(r, "id"));
}

void api_visa_member_delete(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	store_visa_result res = {0};
	os_err err = store_visa_member_delete(r->app->st, req_param_id(r, "id"), agency,
	                                      req_param_id(r, "member_id"), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot remove the member");
		return;
	}
	answer_group(r, w, 200, req_param_id(r, "id"));
}

void api_visa_group_submit(http_req *r, http_resp *w)
{
	int64_t agency = my_agency(r, w);
	if (!agency)
		return;
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	store_visa_result res = {0};
	os_err err = store_visa_group_submit(r->app->st, req_param_id(r, "id"), agency, r->now,
	                                     r->app->cfg->visa_submit_deadline_hours, &res);
	if (err) {
		write_error(w, err, &res, "cannot submit the group");
		return;
	}
	notify(r, req_param_id(r, "id"), "submitted");
	answer_group(r, w, 200, req_param_id(r, "id"));
}

void api_visa_group_cancel(http_req *r, http_resp *w)
{
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	int64_t agency = officer(r) ? 0 : (r->user ? r->user->agency_id : 0);
	store_visa_result res = {0};
	os_err err =
	    store_visa_group_cancel(r->app->st, req_param_id(r, "id"), agency,
	                            api_body_str(r, "reason"), api_user_id(r), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot cancel the group");
		return;
	}
	notify(r, req_param_id(r, "id"), "cancelled");
	answer_group(r, w, 200, req_param_id(r, "id"));
}

/* ---- officer: review ---------------------------------------------------------------- */

void api_visa_review_queue(http_req *r, http_resp *w)
{
	store_visa_group_filter f = {.review_queue = true};
	f.limit = req_query_int(r, "limit", 50);
	f.offset = req_query_int(r, "offset", 0);
	list_groups(r, w, &f);
}

/* An officer's decision (group or member): 0 approve, 1 return, 2 refuse,
 * or -1 after answering the problem. A return or refusal needs a reason. */
static int parse_decision(http_req *r, http_resp *w, const char **decision, const char **reason)
{
	*decision = api_body_str(r, "decision");
	*reason = api_body_str(r, "reason");
	int k = !strcmp(*decision, "approve")  ? 0
	        : !strcmp(*decision, "return") ? 1
	        : !strcmp(*decision, "refuse") ? 2
	                                       : -1;
	if (k < 0) {
		resp_problem(w, 422, "invalid", "Invalid field", "approve, return or refuse",
		             "decision");
		return -1;
	}
	if (k > 0 && (!*reason || !**reason)) {
		resp_problem(w, 422, "missing", "Missing field",
		             "a return or a refusal states its reason", "reason");
		return -1;
	}
	return k;
}

void api_visa_group_decide(http_req *r, http_resp *w)
{
	const char *d, *reason;
	int k = parse_decision(r, w, &d, &reason);
	if (k < 0)
		return;
	static const visa_group_action actions[] = {VGA_APPROVE, VGA_RETURN, VGA_REFUSE};
	visa_group_action a = actions[k];
	store_visa_group_detail g;
	if (!load_group(r, w, &g))
		return;
	store_visa_group_detail_free(&g);
	store_visa_result res = {0};
	os_err err = store_visa_group_decide(r->app->st, req_param_id(r, "id"), a, reason,
	                                     api_user_id(r), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot decide");
		return;
	}
	notify(r, req_param_id(r, "id"), d);
	answer_group(r, w, 200, req_param_id(r, "id"));
}

/* Find a member of a loaded group; 404 when it is not there. */
static const visa_member *find_member(http_req *r, http_resp *w, const store_visa_group_detail *d)
{
	int64_t id = req_param_id(r, "member_id");
	for (size_t i = 0; i < d->n_members; i++)
		if (d->members[i].id == id)
			return &d->members[i];
	resp_problem(w, 404, "not-found", "Not found", "no such member", NULL);
	return NULL;
}

void api_visa_member_get(http_req *r, http_resp *w)
{
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	const visa_member *m = find_member(r, w, &d);
	if (m) {
		json_t *j = member_json(m, true, true);
		json_object_set_new(j, "group_id", json_integer(d.g.id));
		json_object_set_new(j, "group_no", json_string(d.g.group_no));
		if (m->watch_id) {
			visa_watch *wl;
			size_t n;
			if (!store_visa_watch_list(r->app->st, &wl, &n)) {
				for (size_t i = 0; i < n; i++)
					if (wl[i].id == m->watch_id)
						json_object_set_new(j, "watch",
						                    json_pack("{s:I, s:s}", "id",
						                              (json_int_t)wl[i].id,
						                              "reason",
						                              wl[i].reason));
				free(wl);
			}
		}
		resp_json(w, 200, j);
	}
	store_visa_group_detail_free(&d);
}

void api_visa_member_decide(http_req *r, http_resp *w)
{
	const char *d, *reason;
	int k = parse_decision(r, w, &d, &reason);
	if (k < 0)
		return;
	static const visa_member_action actions[] = {VMA_APPROVE, VMA_RETURN, VMA_REFUSE};
	visa_member_action a = actions[k];
	store_visa_group_detail g;
	if (!load_group(r, w, &g))
		return;
	bool found = find_member(r, w, &g) != NULL;
	store_visa_group_detail_free(&g);
	if (!found)
		return;
	store_visa_result res = {0};
	os_err err = store_visa_member_decide(r->app->st, req_param_id(r, "id"),
	                                      req_param_id(r, "member_id"), a, reason,
	                                      api_user_id(r), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot decide");
		return;
	}
	answer_group(r, w, 200, req_param_id(r, "id"));
}

/* ---- officer: arrival and issuance ------------------------------------------------------ */

void api_visa_arrivals(http_req *r, http_resp *w)
{
	store_visa_group_filter f = {.arrivals = true, .has_date = true, .limit = 200};
	f.arrival_date = api_today(r);
	if (req_query(r, "date") && !query_date(r, w, "date", &f.arrival_date))
		return;
	store_visa_group_list l;
	os_err e = store_visa_groups_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list the arrivals");
		return;
	}
	/* by flight, in arrival order */
	json_t *flights = json_array();
	json_t *cur = NULL;
	const char *cur_flight = "";
	for (size_t i = 0; i < l.n; i++) {
		const visa_group *g = &l.rows[i].g;
		if (!cur || strcmp(cur_flight, g->flight)) {
			char hhmm[6];
			visa_format_hhmm(g->arrival_minute, hhmm);
			cur = json_pack("{s:s, s:s, s:[], s:i, s:i}", "flight", g->flight,
			                "arrival_time", hhmm, "groups", "persons", 0, "present", 0);
			json_array_append_new(flights, cur);
			cur_flight = g->flight;
		}
		json_t *gj = group_json(r, g);
		json_object_set_new(gj, "counts", counts_json(&l.rows[i], true));
		json_array_append_new(json_object_get(cur, "groups"), gj);
		json_object_set_new(
		    cur, "persons",
		    json_integer(json_integer_value(json_object_get(cur, "persons")) +
		                 l.rows[i].approved + l.rows[i].present + l.rows[i].issued +
		                 l.rows[i].flagged));
		json_object_set_new(
		    cur, "present",
		    json_integer(json_integer_value(json_object_get(cur, "present")) +
		                 l.rows[i].present + l.rows[i].issued));
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:o, s:I}", "date", api_date_or_null(f.arrival_date), "flights",
	                    flights, "groups", (json_int_t)l.n));
	store_visa_group_list_free(&l);
}

void api_visa_scan(http_req *r, http_resp *w)
{
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	const char *mrz = api_body_str(r, "mrz");
	visa_member m;
	visa_errors *e = req_alloc(r, sizeof *e);
	if (!visa_member_from_mrz(mrz, strlen(mrz), api_today(r), &m, 0, e)) {
		problem_errors(w, 422, "invalid-mrz", "The MRZ could not be read",
		               e->items[0].reason, e);
		return;
	}
	store_visa_result res = {0};
	os_err err =
	    store_visa_scan(r->app->st, req_param_id(r, "id"), &m, api_user_id(r), r->now, &res);
	if (err == OS_ERR_NOT_FOUND && res.field) {
		resp_problem(w, 422, "not-on-list", "Not on the list", res.why, "mrz");
		return;
	}
	if (err) {
		write_error(w, err, &res, "cannot check the member in");
		return;
	}
	notify(r, req_param_id(r, "id"), "scanned");
	store_visa_group_detail g;
	if ((err = store_visa_group_get(r->app->st, req_param_id(r, "id"), &g))) {
		resp_error(w, err, "cannot read the group");
		return;
	}
	json_t *out = detail_json(r, &g);
	for (size_t i = 0; i < g.n_members; i++)
		if (g.members[i].id == res.id)
			json_object_set_new(out, "scanned",
			                    member_json(&g.members[i], true, false));
	store_visa_group_detail_free(&g);
	resp_json(w, 200, out);
}

void api_visa_attendance(http_req *r, http_resp *w)
{
	const char *s = api_body_str(r, "status");
	visa_member_action a = !strcmp(s, "present")  ? VMA_PRESENT
	                       : !strcmp(s, "absent") ? VMA_ABSENT
	                                              : 0;
	if (!a) {
		resp_problem(w, 422, "invalid", "Invalid field", "present or absent", "status");
		return;
	}
	store_visa_group_detail g;
	if (!load_group(r, w, &g))
		return;
	bool found = find_member(r, w, &g) != NULL;
	store_visa_group_detail_free(&g);
	if (!found)
		return;
	const char *reason = api_body_str(r, "reason");
	if (!reason || !*reason)
		reason = a == VMA_ABSENT ? "未到场，现场划除 / struck off: not present"
		                         : "人工核验到场 / checked in by hand";
	store_visa_result res = {0};
	os_err err =
	    store_visa_attendance(r->app->st, req_param_id(r, "id"), req_param_id(r, "member_id"),
	                          a, reason, api_user_id(r), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot record the attendance");
		return;
	}
	answer_group(r, w, 200, req_param_id(r, "id"));
}

static json_t *visa_json(const visa_doc *v, bool people, bool full)
{
	const visa_type_info *ti = visa_type_get(v->type);
	char fee[24], total[24];
	visa_format_yuan(v->fee.per_person_fen, fee, sizeof fee);
	visa_format_yuan(v->fee.total_fen, total, sizeof total);
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:s,"
	    " s:i, s:s, s:s}",
	    "id", (json_int_t)v->id, "number", v->number, "type", ti ? ti->key : "", "type_name",
	    bilingual(ti ? ti->name_zh : "", ti ? ti->name_en : ""), "category",
	    ti ? ti->category : "", "group_id",
	    v->group_id ? json_integer(v->group_id) : json_null(), "group_no", v->group_no,
	    "agency",
	    v->agency_id
	        ? json_pack("{s:I, s:s}", "id", (json_int_t)v->agency_id, "name", v->agency_name)
	        : json_null(),
	    "flight", v->flight, "valid_from", api_date_or_null(v->valid_from), "valid_until",
	    api_date_or_null(v->valid_until), "entries", v->entries, "stay_days", v->stay_days,
	    "persons", v->persons, "arrived_at", time_json(v->arrived_at), "issued_at",
	    time_json(v->issued_at), "officer", v->officer_name, "prints", v->prints, "port",
	    VISA_PORT_NAME_ZH, "port_en", VISA_PORT_NAME_EN);
	json_object_set_new(j, "receipt",
	                    json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:i, s:s, s:o}", "id",
	                              (json_int_t)v->receipt_id, "number", v->receipt_number,
	                              "fee_per_person_fen", (json_int_t)v->fee.per_person_fen,
	                              "fee_per_person", fee, "total_fen",
	                              (json_int_t)v->fee.total_fen, "total", total, "persons",
	                              v->fee.persons, "currency", "CNY", "statement",
	                              bilingual(VISA_NO_SURCHARGE_ZH, VISA_NO_SURCHARGE_EN)));
	json_object_set_new(
	    j, "special",
	    v->special_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)v->special_id,
	                              "category", v->category_key, "document_ref", v->document_ref)
	                  : json_null());
	if (people) {
		json_t *a = json_array();
		for (size_t i = 0; i < v->n_people; i++) {
			const visa_person *p = &v->people[i];
			char pp[VISA_PASSPORT_MAX], birth[OS_DATE_STRLEN];
			if (full) {
				cpy(pp, sizeof pp, p->passport);
				os_date_format(p->birth, birth);
			} else {
				os_mask_passport(p->passport, pp, sizeof pp);
				mask_birth(p->birth, birth);
			}
			json_array_append_new(
			    a,
			    json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "line_no", p->line_no,
			              "surname", p->surname, "given_names", p->given_names, "sex",
			              (char[]){p->sex ? p->sex : 'X', '\0'}, "birth_date", birth,
			              "nationality", p->nationality, "passport_number", pp));
		}
		json_object_set_new(j, "people", a);
	}
	return j;
}

void api_visa_issue(http_req *r, http_resp *w)
{
	store_visa_group_detail d;
	if (!load_group(r, w, &d))
		return;
	store_visa_group_detail_free(&d);
	bool strike = json_is_true(json_object_get(r->body, "strike_off"));
	store_visa_result res = {0};
	os_err err = store_visa_issue(r->app->st, req_param_id(r, "id"), strike, api_user_id(r),
	                              r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot issue the visa");
		return;
	}
	notify(r, req_param_id(r, "id"), "issued");
	visa_doc v;
	if ((err = store_visa_get(r->app->st, res.id, false, &v))) {
		resp_error(w, err, "the visa was issued but cannot be read");
		return;
	}
	resp_json(w, 201, visa_json(&v, true, false));
	store_visa_doc_free(&v);
}

void api_visa_special(http_req *r, http_resp *w)
{
	const visa_type_info *ti = visa_type_by_key(api_body_str(r, "category"));
	if (!ti || ti->group) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "study, sports, humanitarian, business or other", "category");
		return;
	}
	store_visa_special s = {.type = ti->type};
	s.document_ref = api_body_str(r, "document_ref");
	s.note = api_body_str(r, "note") ? api_body_str(r, "note") : "";
	s.stay_days = (int)api_body_int(r, "stay_days", 0);
	char flight[VISA_FLIGHT_MAX] = "";
	cpy(flight, sizeof flight, api_body_str(r, "flight"));
	upper(flight);
	s.flight = flight;
	visa_errors *e = req_alloc(r, sizeof *e);
	if (flight[0]) {
		/* the group validator knows flight numbers */
		visa_group g = {.arrival_date = api_today(r), .stay_days = 1};
		cpy(g.flight, sizeof g.flight, flight);
		cpy(g.group_no, sizeof g.group_no, "X");
		cpy(g.itinerary, sizeof g.itinerary, "-");
		cpy(g.leader_name, sizeof g.leader_name, "-");
		visa_group_validate(&g, api_today(r), false, e);
	}
	const char *mrz = api_body_str(r, "mrz");
	os_date from, until;
	visa_validity(api_today(r), s.stay_days, &from, &until);
	if (visa_member_from_mrz(mrz, strlen(mrz), api_today(r), &s.person, 0, e))
		visa_member_check(&s.person, api_today(r), until, 0, e);
	if (e->n) {
		problem_errors(w, 422, "invalid", "Invalid input", e->items[0].reason, e);
		return;
	}
	store_visa_result res = {0};
	os_err err = store_visa_special_issue(r->app->st, &s, api_user_id(r), r->now, &res);
	if (err) {
		write_error(w, err, &res, "cannot issue the visa");
		return;
	}
	visa_doc v;
	if ((err = store_visa_get(r->app->st, res.id, false, &v))) {
		resp_error(w, err, "the visa was issued but cannot be read");
		return;
	}
	resp_json(w, 201, visa_json(&v, true, false));
	store_visa_doc_free(&v);
}

/* ---- visas, prints, receipts -------------------------------------------------------------- */

void api_visa_visas_list(http_req *r, http_resp *w)
{
	store_visa_filter f = {0};
	if (!officer(r)) {
		f.agency_id = r->user ? r->user->agency_id : 0;
		if (!f.agency_id) {
			resp_json(w, 200, json_pack("{s:[], s:i}", "items", "total", 0));
			return;
		}
	}
	if (req_query(r, "date")) {
		if (!query_date(r, w, "date", &f.day))
			return;
		f.has_day = true;
	}
	const char *sp = req_query(r, "special");
	f.special_only = sp && !strcmp(sp, "true");
	f.limit = req_query_int(r, "limit", 50);
	f.offset = req_query_int(r, "offset", 0);
	store_visa_list l;
	os_err e = store_visa_visas_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list the visas");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, visa_json(&l.rows[i], false, false));
	resp_json(w, 200,
	          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)l.total,
	                    "limit", (json_int_t)f.limit, "offset", (json_int_t)f.offset));
	store_visa_list_free(&l);
}

/* Load a visa (or the visa of a receipt) the caller may see. */
static bool load_visa(http_req *r, http_resp *w, bool by_receipt, visa_doc *v)
{
	os_err e = store_visa_get(r->app->st, req_param_id(r, "id"), by_receipt, v);
	if (!api_loaded(r, w, e, "cannot read the visa"))
		return false;
	if (!access_agency(r, v->agency_id)) {
		store_visa_doc_free(v);
		access_deny(r, w);
		return false;
	}
	return true;
}

void api_visa_visa_get(http_req *r, http_resp *w)
{
	visa_doc v;
	if (!load_visa(r, w, false, &v))
		return;
	resp_json(w, 200, visa_json(&v, true, false));
	store_visa_doc_free(&v);
}

static void send_pdf(http_resp *w, os_err (*render)(const visa_doc *, buf *), const visa_doc *v,
                     const char *name)
{
	buf out;
	buf_init(&out, 8u << 20);
	os_err e = render(v, &out);
	if (e) {
		buf_free(&out);
		resp_error(w, e, "cannot draw the document");
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "inline; filename=\"%s.pdf\"", name);
	resp_text(w, 200, "application/pdf", out.data, out.len);
	resp_header(w, "Content-Disposition", disp);
	resp_header(w, "Cache-Control", "no-store");
	buf_free(&out);
}

void api_visa_pdf(http_req *r, http_resp *w)
{
	visa_doc v;
	if (!load_visa(r, w, false, &v))
		return;
	send_pdf(w, pdf_visa, &v, v.number);
	store_visa_doc_free(&v);
}

void api_visa_reprint(http_req *r, http_resp *w)
{
	visa_doc v;
	if (!load_visa(r, w, false, &v))
		return;
	store_visa_doc_free(&v);
	int prints = 0;
	os_err e = store_visa_reprint(r->app->st, req_param_id(r, "id"), api_body_str(r, "reason"),
	                              api_user_id(r), r->now, &prints);
	if (e) {
		resp_error(w, e, "cannot record the reprint");
		return;
	}
	char url[64];
	snprintf(url, sizeof url, "/api/v1/visa/visas/%lld/pdf", (long long)req_param_id(r, "id"));
	resp_json(w, 200, json_pack("{s:i, s:s}", "prints", prints, "pdf", url));
}

void api_visa_receipt_get(http_req *r, http_resp *w)
{
	visa_doc v;
	if (!load_visa(r, w, true, &v))
		return;
	json_t *full = visa_json(&v, false, false);
	json_t *j = json_incref(json_object_get(full, "receipt"));
	json_object_set_new(j, "visa_id", json_integer(v.id));
	json_object_set_new(j, "visa_number", json_string(v.number));
	json_object_set_new(j, "type", json_incref(json_object_get(full, "type")));
	json_object_set_new(j, "type_name", json_incref(json_object_get(full, "type_name")));
	json_object_set_new(j, "issued_at", time_json(v.issued_at));
	json_object_set_new(j, "agency", json_incref(json_object_get(full, "agency")));
	json_object_set_new(j, "group_no", json_string(v.group_no));
	json_decref(full);
	resp_json(w, 200, j);
	store_visa_doc_free(&v);
}

void api_visa_receipt_pdf(http_req *r, http_resp *w)
{
	visa_doc v;
	if (!load_visa(r, w, true, &v))
		return;
	send_pdf(w, pdf_receipt, &v, v.receipt_number);
	store_visa_doc_free(&v);
}

/* ---- the watch list ------------------------------------------------------------------------ */

void api_visa_watch_list(http_req *r, http_resp *w)
{
	visa_watch *rows;
	size_t n;
	os_err e = store_visa_watch_list(r->app->st, &rows, &n);
	if (e) {
		resp_error(w, e, "cannot read the watch list");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const visa_watch *x = &rows[i];
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)x->id,
		              "surname", x->surname, "given_names", x->given_names, "birth_date",
		              x->has_birth ? api_date_or_null(x->birth) : json_null(),
		              "nationality", x->nationality, "passport_number", x->passport,
		              "reason", x->reason, "created_at", time_json(x->created_at)));
	}
	free(rows);
	resp_json(w, 200, json_pack("{s:o}", "items", items));
}

void api_visa_watch_add(http_req *r, http_resp *w)
{
	visa_watch x;
	visa_errors *e = req_alloc(r, sizeof *e);
	visa_watch_from_fields(&x, api_body_str(r, "surname"), api_body_str(r, "given_names"),
	                       api_body_str(r, "birth_date"), api_body_str(r, "nationality"),
	                       api_body_str(r, "passport_number"), api_body_str(r, "reason"), e);
	if (e->n) {
		problem_errors(w, 422, "invalid", "Invalid input", e->items[0].reason, e);
		return;
	}
	os_err err = store_visa_watch_add(r->app->st, &x, api_user_id(r), r->now, &x.id);
	if (err) {
		resp_error(w, err, "cannot add to the watch list");
		return;
	}
	resp_json(w, 201, json_pack("{s:I}", "id", (json_int_t)x.id));
}

void api_visa_watch_remove(http_req *r, http_resp *w)
{
	os_err e =
	    store_visa_watch_remove(r->app->st, req_param_id(r, "id"), api_user_id(r), r->now);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such entry" : "cannot remove");
		return;
	}
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}

/* ---- figures -------------------------------------------------------------------------------- */

static int by_persons(const void *a, const void *b)
{
	const visa_tally *x = a, *y = b;
	if (x->persons != y->persons)
		return x->persons < y->persons ? 1 : -1;
	return strcmp(x->key, y->key);
}

typedef enum { DIM_TYPE, DIM_NATIONALITY, DIM_AGENCY, DIM_FLIGHT } dim;

static json_t *tallies_json(visa_tallies *t, dim d)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, by_persons);
	json_t *a = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const visa_tally *x = &t->v[i];
		json_t *name;
		if (d == DIM_TYPE) {
			const visa_type_info *ti = visa_type_by_key(x->key);
			name = bilingual(ti ? ti->name_zh : x->key, ti ? ti->name_en : x->key);
		} else if (d == DIM_NATIONALITY) {
			const country *c = country_by_code(x->key);
			name = bilingual(c ? c->name_zh : x->key, c ? c->name_en : x->key);
		} else if (d == DIM_AGENCY && !x->key[0]) {
			name = bilingual("特事特办（个人）", "Special cases (individual)");
		} else {
			name = bilingual(x->key, x->key);
		}
		json_array_append_new(a, json_pack("{s:s, s:o, s:I, s:I}", "key", x->key, "name",
		                                   name, "visas", (json_int_t)x->visas, "persons",
		                                   (json_int_t)x->persons));
	}
	return a;
}

static json_t *day_json(visa_day_stats *d)
{
	int64_t median = visa_median(d->minutes, d->n_minutes);
	json_t *j = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "visas", (json_int_t)d->visas,
	                      "persons", (json_int_t)d->persons, "median_minutes",
	                      median >= 0 ? json_integer(median) : json_null(), "by_type",
	                      tallies_json(&d->by_type, DIM_TYPE), "by_nationality",
	                      tallies_json(&d->by_nationality, DIM_NATIONALITY), "by_agency",
	                      tallies_json(&d->by_agency, DIM_AGENCY), "by_flight",
	                      tallies_json(&d->by_flight, DIM_FLIGHT));
	if (d->day)
		json_object_set_new(j, "date", api_date_or_null(d->day));
	return j;
}

void api_visa_stats(http_req *r, http_resp *w)
{
	os_date to = api_today(r), from;
	bool has_to = req_query(r, "to") != NULL;
	if (has_to && !query_date(r, w, "to", &to))
		return;
	from = to - 6;
	if (req_query(r, "from") && !query_date(r, w, "from", &from))
		return;
	if (!has_to && req_query(r, "from"))
		to = from + 6;
	visa_stats *s;
	if (visa_stats_new(from, to, &s)) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "from must not be after to, and the period at most 92 days", "to");
		return;
	}
	os_err e = store_visa_stats(r->app->st, s);
	if (e) {
		visa_stats_free(s);
		resp_error(w, e, "cannot compute the figures");
		return;
	}
	json_t *days = json_array();
	int64_t busiest = 0;
	os_date busiest_day = 0;
	for (size_t i = 0; i < s->n_days; i++) {
		if (s->days[i].persons > busiest) {
			busiest = s->days[i].persons;
			busiest_day = s->days[i].day;
		}
		json_array_append_new(days, day_json(&s->days[i]));
	}
	json_t *total = day_json(&s->total);
	json_object_set_new(total, "busiest_day",
	                    busiest_day ? api_date_or_null(busiest_day) : json_null());
	json_object_set_new(total, "busiest_persons", json_integer(busiest));
	resp_json(w, 200,
	          json_pack("{s:o, s:o, s:o, s:o}", "from", api_date_or_null(from), "to",
	                    api_date_or_null(to), "totals", total, "days", days));
	visa_stats_free(s);
}
