/* cases.c - cases (办件, issue 6; DOMAIN.md §4): filing online, at a window or
 * by a proxy, bundles (一件事一次办), the lifecycle actions, the timeline,
 * materials and uploads, the clerk's inbox and the approver's worklist, the
 * electronic certificate and the deemed-acceptance sweep.
 *
 * Who acts. The relation of the caller to a case (case_actor bits) comes
 * from the session and the case, never from the request:
 *   CACT_APPLICANT  the applicant's account (applicant_id), or the proxy
 *                   specialist / butler who filed it on someone's behalf;
 *   CACT_CLERK      a clerk whose site reaches the case's site (access_site);
 *   CACT_APPROVER   an approver of the case's department;
 *   CACT_MANAGER    a manager whose site reaches the case's site.
 * No relation at all answers 404, exactly as for a missing case. The rule
 * table (case_rules()) decides what each relation may do; "actions" in the
 * case JSON lists what THIS caller may do now.
 *
 * Personal data. Lists and staff views show the applicant's name, ID number
 * and phone masked. The single-case view (GET /api/v1/cases/{id}, the case
 * page) shows them unmasked to the applicant himself (or the proxy who filed
 * for him), and to staff only with ?reveal=true; every read of a case by
 * anyone is in the audit log (AUDIT_PERSONAL), so a reveal is on record.
 *
 * The clock in responses: "due" is the decision deadline, "accept_due" the
 * last day to decide on acceptance; "days_left" and "warning" count working
 * days to whichever deadline runs now (acceptance before the case is
 * accepted, the decision after), with the server's calendar
 * (api_calendar_acquire) and today in Asia/Shanghai. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/case.h"
#include "core/catalog.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/roles.h"
#include "http/access.h"
#include "http/app.h"

#define LIST_DEFAULT 50
#define SWEEP_MAX    5000

/* ---- small helpers ------------------------------------------------------- */

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static void no_calendar(http_resp *w)
{
	resp_problem(w, 503, "calendar-unavailable", "Calendar unavailable",
	             "the working-day calendar cannot be loaded", NULL);
}

/* The store's reasons start with the field they are about ("form: a JSON
 * object"); the problem's field is that candidate (else `def`). */
static const char *field_in(const char *why, const char *const *candidates, const char *def)
{
	/* "form.<name>: ..." names one field of the form */
	static _Thread_local char form_field[64];
	if (why && !strncmp(why, "form.", 5)) {
		const char *colon = strchr(why, ':');
		size_t n = colon ? (size_t)(colon - why) : 0;
		if (n > 5 && n < sizeof form_field) {
			memcpy(form_field, why, n);
			form_field[n] = '\0';
			return form_field;
		}
	}
	for (size_t i = 0; why && candidates[i]; i++) {
		size_t n = strlen(candidates[i]);
		if (!strncmp(why, candidates[i], n) && why[n] == ':')
			return candidates[i];
	}
	return def;
}

static const char *const create_fields[] = {
    "item_id",           "site_id", "window_id", "form",      "applicant_name",
    "id_number",         "phone",   "address",   "materials", "proxy_request_id",
    "applicant_user_id", NULL,
};

/* ---- who acts ------------------------------------------------------------ */

static unsigned actor_of(http_req *r, const store_case *c)
{
	if (!r->user)
		return 0;
	unsigned a = 0;
	int64_t me = r->user->id;
	if ((r->role & (ROLE_CITIZEN | ROLE_ENTERPRISE)) && c->applicant_id == me)
		a |= CACT_APPLICANT;
	if ((r->role & (ROLE_PROXY | ROLE_BUTLER)) && c->filed_by == me &&
	    (c->on_behalf || c->applicant_id == me))
		a |= CACT_APPLICANT;
	if ((r->role & ROLE_CLERK) && access_site(r, c->site_id))
		a |= CACT_CLERK;
	if ((r->role & ROLE_APPROVER) && r->user->department_id &&
	    r->user->department_id == c->department_id)
		a |= CACT_APPROVER;
	if ((r->role & ROLE_MANAGER) && access_site(r, c->site_id))
		a |= CACT_MANAGER;
	return a;
}

static bool accept_phase(case_state s)
{
	return s == CS_RECEIVED || s == CS_PREREVIEW || s == CS_SUPPLEMENTED;
}

/* The state the store will act on: an acceptance period that ran out before
 * today means the case is deemed accepted first (Art. 32). */
static case_state effective_state(const store_case *c, os_date today)
{
	if (accept_phase(c->state) && c->accept_due && c->accept_due < today)
		return CS_ACCEPTED;
	return c->state;
}

static bool action_offered(const store_case *c, const case_rule *rule)
{
	if (rule->action == CA_DEEM_ACCEPT)
		return false;
	if (rule->action == CA_EXTEND && c->extended_days > 0)
		return false;
	if (rule->action == CA_COMPLETE_NOW && !c->immediate)
		return false;
	if (rule->action == CA_NOTICE && c->notice_used)
		return false;
	return true;
}

static json_t *actions_json(const store_case *c, unsigned actor, os_date today)
{
	json_t *out = json_array();
	if (!actor)
		return out;
	case_state from = effective_state(c, today);
	size_t n;
	const case_rule *rules = case_rules(&n);
	bool seen[CA__COUNT] = {false};
	for (size_t i = 0; i < n; i++) {
		const case_rule *x = &rules[i];
		if (x->from != from || !(x->actors & actor) || seen[x->action] ||
		    !action_offered(c, x))
			continue;
		seen[x->action] = true;
		json_array_append_new(out, json_string(case_action_key(x->action)));
	}
	return out;
}

/* ---- JSON views ---------------------------------------------------------- */

static json_t *clock_json(const store_case *c, const os_calendar *cal, os_date today)
{
	/* Which deadline runs now. */
	os_date deadline = 0;
	const char *kind = NULL;
	if (accept_phase(c->state) && c->accept_due) {
		deadline = c->accept_due;
		kind = "accept";
	} else if ((c->state == CS_ACCEPTED || c->state == CS_REVIEW || c->state == CS_EXTENDED ||
	            c->state == CS_DECIDED) &&
	           c->due) {
		deadline = c->due;
		kind = "decision";
	}
	json_t *left = json_null();
	case_warning warn = CW_NONE;
	if (deadline && cal) {
		int n = 0;
		if (case_days_left(cal, today, deadline, &n, NULL) == OS_OK) {
			left = json_integer(n);
			warn = case_warning_for(n);
		}
	}
	return json_pack("{s:o, s:o, s:o, s:b, s:i, s:o, s:o, s:s, s:o, s:b, s:o, s:i, s:i, s:o}",
	                 "received_at", api_time_or_null(c->received_at), "accept_due",
	                 api_date_or_null(c->accept_due), "accepted_at",
	                 api_time_or_null(c->accepted_at), "deemed", c->deemed, "limit_days",
	                 c->limit_days, "due", api_date_or_null(c->due), "days_left", left,
	                 "warning", case_warning_key(warn), "deadline", api_str_or_null(kind),
	                 "suspended", c->state == CS_SUSPENDED, "suspended_on",
	                 api_date_or_null(c->state == CS_SUSPENDED ? c->suspended_on : 0),
	                 "suspended_days", c->suspended_days, "extended_days", c->extended_days,
	                 "on_time", c->on_time < 0 ? json_null() : json_boolean(c->on_time == 1));
}

static json_t *case_json(const store_case *c, unsigned actor, const os_calendar *cal, os_date today)
{
	const char *decision = c->decision == 1 ? "approved" : c->decision == 2 ? "denied" : NULL;
	json_t *j = json_pack(
	    "{s:I, s:s, s:{s:I, s:s, s:s, s:s, s:i, s:b}, s:{s:I, s:s, s:s}, s:{s:I, s:s, s:s}, "
	    "s:o, s:s, "
	    "s:s, s:s, s:o, s:b, s:o, s:{s:o, s:o, s:o}}",
	    "id", (json_int_t)c->id, "no", c->no, "item", "id", (json_int_t)c->item_id, "code",
	    c->item_code, "name", c->item_name, "name_en", c->item_name_en, "version",
	    c->item_version, "immediate", c->immediate, "department", "id",
	    (json_int_t)c->department_id, "name", c->department_name, "name_en",
	    c->department_name_en, "site", "id", (json_int_t)c->site_id, "name", c->site_name,
	    "name_en", c->site_name_en, "window_id", id_or_null(c->window_id), "channel",
	    case_channel_key(c->channel) ? case_channel_key(c->channel) : "", "state",
	    case_state_key(c->state) ? case_state_key(c->state) : "", "state_zh",
	    case_state_zh(c->state) ? case_state_zh(c->state) : "", "decision",
	    api_str_or_null(decision), "on_behalf", c->on_behalf, "proxy_request_id",
	    id_or_null(c->proxy_request_id), "applicant", "name",
	    api_str_or_null(c->applicant_name), "id_number", api_str_or_null(c->id_number), "phone",
	    api_str_or_null(c->phone));
	json_object_set_new(j, "clock", clock_json(c, cal, today));
	json_object_set_new(
	    j, "delivery",
	    json_pack("{s:s, s:o, s:o}", "method",
	              case_delivery_key(c->delivery) ? case_delivery_key(c->delivery) : "none",
	              "tracking", api_str_or_null(c->tracking), "delivered_at",
	              api_time_or_null(c->delivered_at)));
	json_object_set_new(j, "reason", api_str_or_null(c->reason));
	json_object_set_new(j, "bundle_app_id", id_or_null(c->bundle_app_id));
	json_object_set_new(j, "decided_at", api_time_or_null(c->decided_at));
	json_object_set_new(j, "completed_at", api_time_or_null(c->completed_at));
	json_object_set_new(j, "created_at", json_integer(c->created_at));
	json_object_set_new(j, "updated_at", json_integer(c->updated_at));
	json_object_set_new(j, "actions", actions_json(c, actor, today));
	return j;
}

static json_t *list_json(http_req *r, const store_case_list *l, const os_calendar *cal,
                         int64_t limit, int64_t offset)
{
	os_date today = api_today(r);
	json_t *items = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(items,
		                      case_json(&l->rows[i], actor_of(r, &l->rows[i]), cal, today));
	/* total: counted up to STORE_CASE_TOTAL_CAP, "at least" when total_capped */
	return json_pack("{s:o, s:I, s:b, s:I, s:I}", "items", items, "total", (json_int_t)l->total,
	                 "total_capped", l->total_capped, "limit", (json_int_t)limit, "offset",
	                 (json_int_t)offset);
}

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[in[i] >> 4];
		out[2 * i + 1] = d[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static json_t *file_json(const store_case_file *f)
{
	char h[65];
	hex(f->sha256, 32, h);
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)f->id, "sha256", h,
	                 "mime", case_mime_type(f->mime) ? case_mime_type(f->mime) : "", "size",
	                 (json_int_t)f->size, "name", f->name, "created_at",
	                 (json_int_t)f->created_at);
}

/* ---- loading a case with its object rule -------------------------------- */

/* Load the case of the path's {id}: false (response made) when missing or
 * not reachable by the caller (404 either way). */
static bool load_case(http_req *r, http_resp *w, store_case *c, unsigned *actor)
{
	memset(c, 0, sizeof *c);
	os_err e = store_case_get(r->app->st, req_param_id(r, "id"), false, c);
	if (!api_loaded(r, w, e, "cannot read the case"))
		return false;
	*actor = actor_of(r, c);
	if (!*actor) {
		store_case_free(c);
		access_deny(r, w);
		return false;
	}
	return true;
}

/* Render one case for the caller (200 or 201). */
static void send_case(http_req *r, http_resp *w, int status, const store_case *c)
{
	const os_calendar *cal = api_calendar_acquire(r->app);
	resp_json(w, status, case_json(c, actor_of(r, c), cal, api_today(r)));
	api_calendar_release(r->app, cal);
}

/* ---- GET /api/v1/cases/{id} ---------------------------------------------- */

void api_case_get(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	const char *rv = req_query(r, "reveal");
	bool staff = actor & (CACT_CLERK | CACT_APPROVER | CACT_MANAGER);
	bool reveal = (actor & CACT_APPLICANT) || (staff && rv && !strcmp(rv, "true"));
	if (reveal) {
		store_case full;
		memset(&full, 0, sizeof full);
		os_err e = store_case_get(r->app->st, c.id, true, &full);
		if (e) {
			store_case_free(&c);
			resp_error(w, e, "cannot read the case");
			return;
		}
		store_case_free(&c);
		c = full;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *j = case_json(&c, actor, cal, api_today(r));
	api_calendar_release(r->app, cal);
	json_object_set_new(j, "revealed", json_boolean(reveal));
	if (reveal)
		json_object_set_new(j, "address", api_str_or_null(c.address));
	/* The form as filed. */
	json_t *form = c.form_json ? json_loads(c.form_json, 0, NULL) : NULL;
	json_object_set_new(j, "form", form ? form : json_object());
	/* The one-time notice, when there is one: what to supplement. */
	store_case_notice nt;
	memset(&nt, 0, sizeof nt);
	if (store_case_notice_get(r->app->st, c.id, &nt) == OS_OK) {
		json_t *items = nt.items_json ? json_loads(nt.items_json, 0, NULL) : NULL;
		json_object_set_new(j, "notice",
		                    json_pack("{s:I, s:o, s:o}", "issued_at",
		                              (json_int_t)nt.issued_at, "answered_at",
		                              api_time_or_null(nt.answered_at), "items",
		                              items ? items : json_array()));
		free(nt.items_json);
	} else {
		json_object_set_new(j, "notice", json_null());
	}
	store_case_free(&c);
	resp_json(w, 200, j);
}

/* ---- GET /api/v1/cases/{id}/timeline -------------------------------------- */

void api_case_timeline(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	store_case_event *ev = NULL;
	size_t n = 0;
	os_err e = store_case_events(r->app->st, c.id, &ev, &n);
	if (e) {
		store_case_free(&c);
		resp_error(w, e, "cannot read the timeline");
		return;
	}
	json_t *events = json_array();
	for (size_t i = 0; i < n; i++) {
		const store_case_event *x = &ev[i];
		/* the filing (no action of the table): "file", 收件 (at a window or
		 * by proxy) or 创建草稿 (an online draft) */
		const char *key = x->action == CA_NONE ? "file" : case_action_key(x->action);
		const char *zh = x->action == CA_NONE ? (x->to == CS_DRAFT ? "创建草稿" : "收件")
		                                      : case_action_zh(x->action);
		json_t *site = x->site_id
		                   ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x->site_id,
		                               "name", x->site_name, "name_en", x->site_name_en)
		                   : json_null();
		json_t *win = x->window_id ? json_pack("{s:I, s:i}", "id", (json_int_t)x->window_id,
		                                       "number", x->window_number)
		                           : json_null();
		json_array_append_new(
		    events,
		    json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
		              (json_int_t)x->id, "at", (json_int_t)x->at, "action", key ? key : "",
		              "action_zh", zh ? zh : "", "from",
		              api_str_or_null(case_state_key(x->from)), "to",
		              case_state_key(x->to) ? case_state_key(x->to) : "", "actor_name",
		              api_str_or_null(x->actor_name), "actor_role",
		              api_str_or_null(x->actor_role), "site", site, "window", win, "note",
		              api_str_or_null(x->note), "due", api_date_or_null(x->due)));
	}
	free(ev);
	resp_json(w, 200,
	          json_pack("{s:I, s:s, s:s, s:o}", "case_id", (json_int_t)c.id, "no", c.no,
	                    "state", case_state_key(c.state) ? case_state_key(c.state) : "",
	                    "events", events));
	store_case_free(&c);
}

/* ---- creating: POST /api/v1/cases, POST /api/v1/bundles/{id}/apply ------- */

static int64_t district_center(store *st)
{
	static _Atomic int64_t cached;
	int64_t id = cached;
	if (id)
		return id;
	store_site_filter f = {.tier = TIER_DISTRICT, .limit = 1};
	store_site_list l;
	memset(&l, 0, sizeof l);
	if (store_sites_list(st, &f, &l) == OS_OK && l.n > 0)
		id = l.rows[0].site.id;
	store_site_list_free(&l);
	cached = id;
	return id;
}

static bool phone_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 5 || n > 20)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == ' '))
			return false;
	return true;
}

/* What a filing carries, checked; strings point into the request body or
 * into `idbuf`. */
typedef struct filing {
	store_case_new in;
	char idbuf[OS_ID_LEN + 1];
	char *form; /* owned */
	site_tier tier;
} filing;

/* Check the body of a filing (the item is checked by the caller). */
static bool filing_of(http_req *r, http_resp *w, filing *f)
{
	memset(f, 0, sizeof *f);
	store_case_new *in = &f->in;
	os_date today = api_today(r);
	const store_user *u = r->user;
	bool online = r->role & (ROLE_CITIZEN | ROLE_ENTERPRISE);
	bool proxy = r->role & (ROLE_PROXY | ROLE_BUTLER);
	in->channel = online ? CCH_ONLINE : proxy ? CCH_PROXY : CCH_WINDOW;
	in->filed_by = u->id;
	in->now = r->now;
	in->today = today;

	/* where */
	int64_t site = api_body_int(r, "site_id", 0);
	if (!site)
		site = online ? district_center(r->app->st) : u->site_id;
	if (!site) {
		resp_problem(w, 422, "missing", "Missing field",
		             "your account has no site: name the site_id", "site_id");
		return false;
	}
	if ((r->role & ROLE_CLERK) && site != u->site_id) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "a clerk files cases at his own site", "site_id");
		return false;
	}
	store_site_detail sd;
	memset(&sd, 0, sizeof sd);
	os_err e = store_site_get(r->app->st, site, &sd);
	if (e) {
		resp_problem(w, 422, "invalid", "Invalid field", "no such site", "site_id");
		return false;
	}
	f->tier = sd.site.tier;
	store_site_detail_free(&sd);
	in->site_id = site;
	in->window_id = (r->role & ROLE_CLERK) ? u->window_id : 0;

	/* for whom */
	int64_t owner = api_body_int(r, "applicant_user_id", 0);
	if (online && owner && owner != u->id) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "an applicant files for himself; a proxy or a window files for others",
		             "applicant_user_id");
		return false;
	}
	if (!online && owner) {
		store_user_row ur;
		if (store_user_get(r->app->st, owner, &ur) ||
		    (strcmp(ur.role, "citizen") && strcmp(ur.role, "enterprise")) || ur.disabled) {
			resp_problem(w, 422, "invalid", "Invalid field",
			             "no such citizen or enterprise account", "applicant_user_id");
			return false;
		}
	}
	in->applicant_id = online ? u->id : owner;
	in->proxy_request_id = api_body_int(r, "proxy_request_id", 0);

	/* the person */
	const char *name = api_body_str(r, "applicant_name");
	const char *idn = api_body_str(r, "id_number");
	const char *phone = api_body_str(r, "phone");
	const char *addr = api_body_str(r, "address");
	if (!online && (!name || !name[0])) {
		resp_problem(w, 422, "missing", "Missing field",
		             "the applicant's name is required at a window or by proxy",
		             "applicant_name");
		return false;
	}
	if (!online && (!idn || !idn[0])) {
		resp_problem(
		    w, 422, "missing", "Missing field",
		    "the applicant's resident ID number (an enterprise: its unified social "
		    "credit code) is required at a window or by proxy",
		    "id_number");
		return false;
	}
	if (idn && idn[0]) {
		const char *why = NULL;
		if (case_id_number(idn, today, f->idbuf, &why) == CID_NONE) {
			char d[300];
			snprintf(
			    d, sizeof d,
			    "neither a resident ID number (GB 11643) nor a unified social credit "
			    "code (GB 32100): %s",
			    why ? why : "invalid");
			resp_problem(w, 422, "invalid", "Invalid ID number", d, "id_number");
			return false;
		}
		idn = f->idbuf;
	}
	if (phone && phone[0] && !phone_ok(phone)) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "5 to 20 characters: digits, +, - and spaces", "phone");
		return false;
	}
	in->applicant_name = name && name[0] ? name : (online ? u->display_name : NULL);
	in->id_number = idn && idn[0] ? idn : NULL;
	in->phone = phone && phone[0] ? phone : NULL;
	in->address = addr && addr[0] ? addr : NULL;

	/* the form */
	json_t *form = r->body ? json_object_get(r->body, "form") : NULL;
	f->form = form ? json_dumps(form, JSON_COMPACT) : NULL;
	in->form_json = f->form; /* NULL: none sent (checked on submit) */
	if (r->idem_key) {
		in->idem_user = u->id;
		in->idem_key = r->idem_key;
	}
	return true;
}

/* The item may be filed through this channel at this tier. */
static bool item_fits(http_resp *w, const filing *f, const cat_item *it, const char *field)
{
	char d[600];
	if (f->in.channel == CCH_ONLINE && !cat_is_online(it)) {
		snprintf(
		    d, sizeof d,
		    "%s (%s) cannot be applied for online (online depth %d); apply at a window",
		    it->name, it->code, it->depth);
		resp_problem(w, 422, "invalid", "Not available online", d, field);
		return false;
	}
	if (!(it->accept_tiers & CAT_TIER_BIT(f->tier))) {
		snprintf(d, sizeof d, "%s (%s) is not accepted at this tier of site", it->name,
		         it->code);
		resp_problem(w, 422, "invalid", "Not accepted at this site", d, "site_id");
		return false;
	}
	return true;
}

static void create_failed(http_resp *w, os_err e, const char *why)
{
	if (e == OS_ERR_INVALID)
		resp_problem(w, 422, "invalid", "Invalid input", why ? why : "invalid application",
		             field_in(why, create_fields, NULL));
	else if (e == OS_ERR_NOT_FOUND)
		resp_problem(w, 422, "invalid", "Invalid field", why ? why : "no such item",
		             field_in(why, create_fields, "item_id"));
	else
		resp_error(w, e, why ? why : "cannot file the case");
}

void api_case_create(http_req *r, http_resp *w)
{
	store *st = r->app->st;
	if (r->idem_resource) { /* an earlier attempt created it: render that */
		store_case c;
		memset(&c, 0, sizeof c);
		os_err e = store_case_get(st, r->idem_resource, false, &c);
		if (e) {
			resp_error(w, e, "cannot read the case");
			return;
		}
		send_case(r, w, 201, &c);
		store_case_free(&c);
		return;
	}
	filing f;
	if (!filing_of(r, w, &f))
		return;
	int64_t item_id = api_body_int(r, "item_id", 0);
	store_cat_item item;
	memset(&item, 0, sizeof item);
	if (store_item_get(st, f.in.today, item_id, &item)) {
		free(f.form);
		resp_problem(w, 422, "invalid", "Invalid field", "no such item in the catalog",
		             "item_id");
		return;
	}
	bool fits = item_fits(w, &f, &item.item, "item_id");
	store_cat_item_free(&item);
	if (!fits) {
		free(f.form);
		return;
	}
	f.in.item_id = item_id;
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		free(f.form);
		no_calendar(w);
		return;
	}
	f.in.cal = cal;
	store_case c;
	memset(&c, 0, sizeof c);
	const char *why = NULL;
	os_err e = store_case_create(st, &f.in, &c, &why);
	free(f.form);
	if (e) {
		api_calendar_release(r->app, cal);
		create_failed(w, e, why);
		return;
	}
	resp_json(w, 201, case_json(&c, actor_of(r, &c), cal, f.in.today));
	api_calendar_release(r->app, cal);
	store_case_free(&c);
}

/* ---- bundles ------------------------------------------------------------- */

static unsigned bundle_actor(http_req *r, const store_case_bundle_app *b,
                             const store_case_list *cases)
{
	unsigned a = 0;
	if ((r->role & (ROLE_CITIZEN | ROLE_ENTERPRISE)) && b->applicant_id == api_user_id(r))
		a |= CACT_APPLICANT;
	for (size_t i = 0; i < cases->n; i++)
		a |= actor_of(r, &cases->rows[i]);
	if ((r->role & (ROLE_CLERK | ROLE_MANAGER)) && access_site(r, b->site_id))
		a |= (r->role & ROLE_CLERK) ? CACT_CLERK : CACT_MANAGER;
	return a;
}

static json_t *bundle_json(http_req *r, const store_case_bundle_app *b,
                           const store_case_list *cases, unsigned actor)
{
	const os_calendar *cal = api_calendar_acquire(r->app);
	os_date today = api_today(r);
	json_t *items = json_array();
	for (size_t i = 0; i < cases->n; i++)
		json_array_append_new(
		    items, case_json(&cases->rows[i], actor_of(r, &cases->rows[i]), cal, today));
	api_calendar_release(r->app, cal);
	json_t *actions = json_array();
	if ((actor & (CACT_CLERK | CACT_APPROVER)) && b->state == CS_COMPLETED &&
	    b->delivery == CDL_NONE)
		json_array_append_new(actions, json_string("deliver"));
	return json_pack(
	    "{s:I, s:{s:I, s:s}, s:I, s:o, s:s, s:s, s:{s:s, s:o, s:o}, s:I, s:o, s:o}",
	    "bundle_app_id", (json_int_t)b->id, "bundle", "id", (json_int_t)b->bundle_id, "name",
	    b->bundle_name, "site_id", (json_int_t)b->site_id, "applicant_id",
	    id_or_null(b->applicant_id), "state",
	    case_state_key(b->state) ? case_state_key(b->state) : "", "state_zh",
	    case_state_zh(b->state) ? case_state_zh(b->state) : "", "delivery", "method",
	    case_delivery_key(b->delivery) ? case_delivery_key(b->delivery) : "none", "tracking",
	    api_str_or_null(b->tracking), "delivered_at", api_time_or_null(b->delivered_at),
	    "created_at", (json_int_t)b->created_at, "cases", items, "actions", actions);
}

/* Load the bundle application of the path's {id} with its object rule. */
static bool load_bundle(http_req *r, http_resp *w, store_case_bundle_app *b, store_case_list *cases,
                        unsigned *actor)
{
	memset(b, 0, sizeof *b);
	memset(cases, 0, sizeof *cases);
	os_err e = store_case_bundle_get(r->app->st, req_param_id(r, "id"), b, cases);
	if (!api_loaded(r, w, e, "cannot read the bundle application"))
		return false;
	*actor = bundle_actor(r, b, cases);
	if (!*actor) {
		store_case_list_free(cases);
		access_deny(r, w);
		return false;
	}
	return true;
}

static void send_bundle(http_req *r, http_resp *w, int status, int64_t app_id)
{
	store_case_bundle_app b;
	store_case_list cases;
	memset(&b, 0, sizeof b);
	memset(&cases, 0, sizeof cases);
	os_err e = store_case_bundle_get(r->app->st, app_id, &b, &cases);
	if (e) {
		resp_error(w, e, "cannot read the bundle application");
		return;
	}
	resp_json(w, status, bundle_json(r, &b, &cases, bundle_actor(r, &b, &cases)));
	store_case_list_free(&cases);
}

void api_bundle_apply(http_req *r, http_resp *w)
{
	store *st = r->app->st;
	if (r->idem_resource) {
		send_bundle(r, w, 201, r->idem_resource);
		return;
	}
	filing f;
	if (!filing_of(r, w, &f))
		return;
	int64_t bundle_id = req_param_id(r, "id");
	store_cat_bundle cb;
	store_cat_item *members = NULL;
	memset(&cb, 0, sizeof cb);
	if (store_bundle_get(st, f.in.today, bundle_id, &cb, &members)) {
		free(f.form);
		resp_problem(w, 404, "not-found", "Not found", "no such bundle", NULL);
		return;
	}
	bool fits = true;
	for (size_t i = 0; fits && i < cb.b.n_items; i++)
		if (members[i].item.id)
			fits = item_fits(w, &f, &members[i].item, "bundle");
	store_cat_members_free(members, cb.b.n_items);
	if (!fits) {
		free(f.form);
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		free(f.form);
		no_calendar(w);
		return;
	}
	f.in.cal = cal;
	int64_t app_id = 0;
	store_case_list cases;
	memset(&cases, 0, sizeof cases);
	const char *why = NULL;
	os_err e = store_case_bundle_create(st, bundle_id, &f.in, &app_id, &cases, &why);
	free(f.form);
	api_calendar_release(r->app, cal);
	if (e) {
		create_failed(w, e, why);
		return;
	}
	store_case_list_free(&cases);
	send_bundle(r, w, 201, app_id);
}

void api_bundle_app_get(http_req *r, http_resp *w)
{
	store_case_bundle_app b;
	store_case_list cases;
	unsigned actor;
	if (!load_bundle(r, w, &b, &cases, &actor))
		return;
	resp_json(w, 200, bundle_json(r, &b, &cases, actor));
	store_case_list_free(&cases);
}

/* The delivery method and tracking number of a body: false (422 made) when
 * missing or wrong. */
static bool delivery_of(http_req *r, http_resp *w, case_delivery *d, const char **tracking)
{
	const char *m = api_body_str(r, "method");
	*tracking = api_body_str(r, "tracking");
	*d = m ? case_delivery_from_key(m) : CDL_NONE;
	if (*d == CDL_NONE) {
		resp_problem(w, 422, m ? "invalid" : "missing", "Invalid field",
		             "the delivery method: pickup, post or electronic", "method");
		return false;
	}
	if (*d == CDL_POST && (!*tracking || !(*tracking)[0])) {
		resp_problem(w, 422, "missing", "Missing field",
		             "a delivery by post needs the tracking number", "tracking");
		return false;
	}
	return true;
}

void api_bundle_app_deliver(http_req *r, http_resp *w)
{
	store_case_bundle_app b;
	store_case_list cases;
	unsigned actor;
	if (!load_bundle(r, w, &b, &cases, &actor))
		return;
	store_case_list_free(&cases);
	if (!(actor & (CACT_CLERK | CACT_APPROVER))) {
		resp_problem(w, 403, "forbidden", "Forbidden",
		             "a clerk of the site delivers the bundle's result", NULL);
		return;
	}
	case_delivery d;
	const char *tracking;
	if (!delivery_of(r, w, &d, &tracking))
		return;
	const char *why = NULL;
	os_err e =
	    store_case_bundle_deliver(r->app->st, b.id, d, tracking, api_user_id(r), r->now, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Conflict",
		             why ? why : "every case of the bundle must be completed first",
		             "action");
		return;
	}
	if (e == OS_ERR_INVALID) {
		resp_problem(
		    w, 422, "invalid", "Invalid input", why,
		    field_in(why, (const char *const[]){"tracking", "method", NULL}, "method"));
		return;
	}
	if (e) {
		resp_error(w, e, why ? why : "cannot deliver");
		return;
	}
	send_bundle(r, w, 200, b.id);
}

/* ---- actions ------------------------------------------------------------- */

/* The notice's items: an array of {material, problem}, at least one. */
static bool notice_ok(json_t *v, char *detail, size_t dlen)
{
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 100) {
		snprintf(detail, dlen,
		         "list every missing or incorrect material at once: 1 to 100 "
		         "items of {material, problem}");
		return false;
	}
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		const char *k;
		json_t *y;
		bool ok = json_is_object(x);
		if (ok)
			json_object_foreach(x, k, y) if (strcmp(k, "material") &&
			                                 strcmp(k, "problem")) ok = false;
		json_t *m = ok ? json_object_get(x, "material") : NULL;
		json_t *p = ok ? json_object_get(x, "problem") : NULL;
		if (!ok || !json_is_string(m) || !json_is_string(p) || json_string_length(m) < 1 ||
		    json_string_length(m) > 160 || json_string_length(p) < 1 ||
		    json_string_length(p) > 512) {
			snprintf(detail, dlen,
			         "item %zu: {material (1-160 bytes), problem (1-512 bytes)} and "
			         "nothing else",
			         i + 1);
			return false;
		}
	}
	return true;
}

static void action_failed(http_resp *w, os_err e, const char *why, case_action act)
{
	static const char *const fields[] = {"notice", "days",      "tracking",     "method",
	                                     "reason", "materials", "material_key", NULL};
	char d[300];
	switch (e) {
	case OS_ERR_CONFLICT:
		snprintf(d, sizeof d, "%s: %s", case_action_key(act),
		         why ? why : "not allowed in the case's state");
		resp_problem(w, 409, "conflict", "Action not allowed now", d, "action");
		break;
	case OS_ERR_FORBIDDEN:
		resp_problem(w, 403, "forbidden", "Forbidden",
		             why ? why : "you may not take this action on this case", "action");
		break;
	case OS_ERR_INVALID:
		resp_problem(w, 422, "invalid", "Invalid input", why,
		             field_in(why, fields, act == CA_SUBMIT ? "materials" : "reason"));
		break;
	default:
		resp_error(w, e, why);
		break;
	}
}

void api_case_action(http_req *r, http_resp *w)
{
	const char *key = req_param(r, "action");
	case_action act = key ? case_action_from_key(key) : CA_NONE;
	if (act == CA_NONE || act == CA_DEEM_ACCEPT) {
		resp_problem(
		    w, 404, "not-found", "Not found",
		    "no such action: submit, accept, refuse, notice, supplement, "
		    "complete_now, review, suspend, resume, extend, approve, deny, complete, "
		    "deliver or withdraw",
		    "action");
		return;
	}
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	os_date today = api_today(r);
	case_state from = effective_state(&c, today);
	bool extended = c.extended_days > 0;
	store_case_free(&c);
	const char *why = NULL;
	os_err e = case_transition(from, act, actor, extended, NULL, &why);
	if (e) {
		action_failed(w, e, why, act);
		return;
	}
	const case_rule *rule = case_rule_find(from, act);

	/* the extras of the action */
	store_case_act a = {.case_id = req_param_id(r, "id"),
	                    .action = act,
	                    .actor = actor,
	                    .actor_id = api_user_id(r),
	                    .actor_role = r->user->role,
	                    .site_id = r->user->site_id,
	                    .window_id = r->user->window_id,
	                    .now = r->now,
	                    .today = today};
	const char *reason = api_body_str(r, "reason");
	char *notice = NULL;
	char summary[CASE_REASON_MAX];
	if (act == CA_NOTICE) {
		json_t *items = json_object_get(r->body, "notice");
		char d[160];
		if (!notice_ok(items, d, sizeof d)) {
			resp_problem(w, 422, items ? "invalid" : "missing", "Invalid field", d,
			             "notice");
			return;
		}
		notice = json_dumps(items, JSON_COMPACT);
		a.notice_json = notice;
		if (!reason || !reason[0]) { /* the notice speaks for itself */
			size_t o =
			    (size_t)snprintf(summary, sizeof summary, "一次性告知补正 %zu 项：",
			                     json_array_size(items));
			size_t i;
			json_t *x;
			json_array_foreach(items, i, x)
			{
				if (o >= sizeof summary - 8)
					break;
				o += (size_t)snprintf(
				    summary + o, sizeof summary - o, "%s%s", i ? "、" : "",
				    json_string_value(json_object_get(x, "material")));
			}
			if (o >= sizeof summary) { /* cut on a character boundary */
				o = sizeof summary - 1;
				while (o > 0 && ((unsigned char)summary[o] & 0xc0) == 0x80)
					o--;
				summary[o] = '\0';
			}
			reason = summary;
		}
	} else if (json_object_get(r->body, "notice")) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "only the notice action takes a notice", "notice");
		return;
	}
	char *form = NULL;
	json_t *fv = json_object_get(r->body, "form");
	if (fv && act != CA_SUBMIT) {
		free(notice);
		resp_problem(w, 422, "invalid", "Invalid field",
		             "only the submit action takes a form (the corrected draft form)",
		             "form");
		return;
	}
	if (fv) {
		form = json_dumps(fv, JSON_COMPACT);
		a.form_json = form;
	}
	if (act == CA_WITHDRAW && (!reason || !reason[0]))
		reason = "申请人撤回申请 / withdrawn by the applicant";
	if (rule && rule->needs_reason && (!reason || !reason[0])) {
		free(notice);
		free(form);
		resp_problem(w, 422, "missing", "Missing field",
		             "this action needs a reason, told to the applicant", "reason");
		return;
	}
	a.reason = reason;
	if (act == CA_EXTEND) {
		a.days = (int)api_body_int(r, "days", 0);
		if (a.days < 1 || a.days > CASE_EXTEND_MAX_DAYS) {
			free(form);
			resp_problem(w, 422, "missing", "Missing field",
			             "the extension in working days, 1 to 10", "days");
			return;
		}
	}
	if (act == CA_DELIVER && !delivery_of(r, w, &a.delivery, &a.tracking)) {
		free(notice);
		free(form);
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	if (!cal) {
		free(notice);
		free(form);
		no_calendar(w);
		return;
	}
	a.cal = cal;
	store_case out;
	memset(&out, 0, sizeof out);
	why = NULL;
	e = store_case_apply(r->app->st, &a, &out, &why);
	free(notice);
	free(form);
	if (e) {
		api_calendar_release(r->app, cal);
		action_failed(w, e, why, act);
		return;
	}
	resp_json(w, 200, case_json(&out, actor_of(r, &out), cal, today));
	api_calendar_release(r->app, cal);
	store_case_free(&out);
}

/* ---- PATCH /api/v1/cases/{id}: the owner edits his draft's form --------- */

void api_case_update(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	bool owner = (actor & CACT_APPLICANT) && c.applicant_id == api_user_id(r);
	case_state state = c.state;
	store_case_free(&c);
	if (!owner) {
		resp_problem(w, 403, "forbidden", "Forbidden",
		             "only the applicant edits his draft's form", NULL);
		return;
	}
	if (state != CS_DRAFT) {
		resp_problem(w, 409, "conflict", "Not a draft any more",
		             "only a draft's form can be changed; the case is submitted", "form");
		return;
	}
	json_t *fv = json_object_get(r->body, "form");
	char *form = fv ? json_dumps(fv, JSON_COMPACT) : NULL;
	store_case out;
	const char *why = NULL;
	os_err e = store_case_form_set(r->app->st, req_param_id(r, "id"), api_user_id(r), form,
	                               r->now, api_today(r), &out, &why);
	free(form);
	if (e == OS_ERR_INVALID) {
		resp_problem(w, 422, "invalid", "Invalid input", why,
		             field_in(why, (const char *const[]){"form", NULL}, "form"));
		return;
	}
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not a draft any more", why, "form");
		return;
	}
	if (e == OS_ERR_NOT_FOUND) {
		access_deny(r, w);
		return;
	}
	if (e) {
		resp_error(w, e, why ? why : "cannot save the form");
		return;
	}
	send_case(r, w, 200, &out);
	store_case_free(&out);
}

/* ---- lists --------------------------------------------------------------- */

static unsigned states_of(http_req *r, http_resp *w, unsigned def, bool *ok)
{
	*ok = true;
	const char *s = req_query(r, "state");
	if (!s)
		return def;
	case_state st = case_state_from_key(s);
	if (st == CS_NONE) {
		*ok = false;
		resp_problem(w, 422, "invalid", "Invalid query parameter", "not a case state key",
		             "state");
		return 0;
	}
	return 1u << st;
}

static void send_list(http_req *r, http_resp *w, store_case_filter *f)
{
	f->limit = req_query_int(r, "limit", LIST_DEFAULT);
	f->offset = req_query_int(r, "offset", 0);
	store_case_list l;
	memset(&l, 0, sizeof l);
	os_err e = store_cases_list(r->app->st, f, &l);
	if (e) {
		resp_error(w, e, "cannot list the cases");
		return;
	}
	const os_calendar *cal = api_calendar_acquire(r->app);
	json_t *j = list_json(r, &l, cal, f->limit, f->offset);
	api_calendar_release(r->app, cal);
	store_case_list_free(&l);
	resp_json(w, 200, j);
}

void api_my_cases(http_req *r, http_resp *w)
{
	bool ok;
	store_case_filter f = {.applicant_id = api_user_id(r)};
	f.states = states_of(r, w, 0, &ok);
	if (ok)
		send_list(r, w, &f);
}

#define S(x) (1u << (x))

void api_cases_inbox(http_req *r, http_resp *w)
{
	bool ok;
	store_case_filter f = {.site_id = r->user->site_id, .below = true, .by_due = true};
	/* what a clerk decides on: acceptance, then completion and delivery */
	f.states = states_of(r, w,
	                     S(CS_RECEIVED) | S(CS_PREREVIEW) | S(CS_SUPPLEMENTED) | S(CS_NOTICE) |
	                         S(CS_DECIDED) | S(CS_COMPLETED),
	                     &ok);
	if (!ok)
		return;
	if (!f.site_id) {
		resp_problem(w, 409, "no-site", "No site", "your account has no site", NULL);
		return;
	}
	send_list(r, w, &f);
}

void api_cases_worklist(http_req *r, http_resp *w)
{
	bool ok;
	store_case_filter f = {.by_due = true};
	if (r->role & ROLE_APPROVER)
		f.department_id = r->user->department_id;
	else {
		f.site_id = r->user->site_id;
		f.below = true;
	}
	f.states = states_of(
	    r, w, S(CS_ACCEPTED) | S(CS_REVIEW) | S(CS_SUSPENDED) | S(CS_EXTENDED) | S(CS_DECIDED),
	    &ok);
	if (!ok)
		return;
	if (!f.department_id && !f.site_id) {
		resp_problem(w, 409, "no-department", "No department",
		             "your account has no department", NULL);
		return;
	}
	send_list(r, w, &f);
}

#undef S

/* ---- materials ----------------------------------------------------------- */

void api_case_materials(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	store_case_material *m = NULL;
	size_t n = 0;
	os_err e = store_case_materials(r->app->st, c.id, &m, &n);
	if (e) {
		store_case_free(&c);
		resp_error(w, e, "cannot read the materials");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *file = json_null();
		if (m[i].file_id)
			file = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id",
			                 (json_int_t)m[i].file_id, "name", m[i].file_name, "mime",
			                 case_mime_type(m[i].mime) ? case_mime_type(m[i].mime) : "",
			                 "size", (json_int_t)m[i].size, "url", "");
		if (m[i].file_id) {
			char url[96];
			snprintf(url, sizeof url, "/api/v1/cases/%lld/files/%lld", (long long)c.id,
			         (long long)m[i].file_id);
			json_object_set_new(file, "url", json_string(url));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:b, s:o}", "key", m[i].key,
		                                       "name", m[i].name, "required", m[i].required,
		                                       "file", file));
	}
	free(m);
	resp_json(w, 200,
	          json_pack("{s:I, s:s, s:o}", "case_id", (json_int_t)c.id, "state",
	                    case_state_key(c.state) ? case_state_key(c.state) : "", "materials",
	                    items));
	store_case_free(&c);
}

void api_case_attach(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	int64_t case_id = c.id;
	store_case_free(&c);
	if (!(actor & (CACT_APPLICANT | CACT_CLERK))) {
		resp_problem(w, 403, "forbidden", "Forbidden",
		             "the applicant or the clerk receiving the case attaches materials",
		             NULL);
		return;
	}
	const char *why = NULL;
	os_err e = store_case_attach(r->app->st, case_id, api_body_str(r, "material_key"),
	                             api_body_int(r, "file_id", 0), api_user_id(r), r->now, &why);
	if (e == OS_ERR_INVALID) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             why ? why : "the item has no such material", "material_key");
		return;
	}
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "Invalid field", "no such file among your uploads",
		             "file_id");
		return;
	}
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Conflict",
		             why ? why : "the case no longer takes materials", NULL);
		return;
	}
	if (e) {
		resp_error(w, e, why);
		return;
	}
	api_case_materials(r, w);
	if (w->status == 200)
		w->status = 201;
}

/* ---- uploads ------------------------------------------------------------- */

static bool name_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return false;
	return s[0] != '\0';
}

void api_file_upload(http_req *r, http_resp *w)
{
	const char *name = api_body_str(r, "name");
	const char *b64 = api_body_str(r, "content_base64");
	if (!name_ok(name)) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "a file name without control characters or slashes", "name");
		return;
	}
	/* Room for a few bytes more than the cap, so that "one byte too many"
	 * decodes and is told as too large rather than as bad base64. */
	size_t cap = CASE_UPLOAD_MAX + 8;
	unsigned char *data = os_malloc(cap);
	size_t len = 0, b64len = strlen(b64);
	const char *end = NULL;
	int rc = sodium_base642bin(data, cap, b64, b64len, " \r\n\t", &len, &end,
	                           sodium_base64_VARIANT_ORIGINAL);
	bool big = rc == 0 ? len > CASE_UPLOAD_MAX : b64len > 4 * ((CASE_UPLOAD_MAX + 2) / 3) + 8;
	if (big) {
		free(data);
		resp_problem(w, 413, "too-large", "File too large", "a file may have at most 4 MiB",
		             "content_base64");
		return;
	}
	if (rc != 0 || (end && *end) || len == 0) {
		free(data);
		resp_problem(w, 422, "invalid", "Invalid field", "not valid base64",
		             "content_base64");
		return;
	}
	case_mime m = case_sniff(data, len);
	if (m == CM_NONE) {
		free(data);
		resp_problem(w, 422, "invalid", "Unsupported file",
		             "the content is not a PDF, JPEG or PNG file (checked from its bytes)",
		             "content_base64");
		return;
	}
	store_case_file f;
	memset(&f, 0, sizeof f);
	os_err e = store_case_file_put(r->app->st, api_user_id(r), name, m, data, len, r->now, &f);
	free(data);
	if (e) {
		resp_error(w, e, "cannot store the file");
		return;
	}
	resp_json(w, 201, file_json(&f));
}

void api_files_list(http_req *r, http_resp *w)
{
	store_case_file *f = NULL;
	size_t n = 0;
	os_err e = store_case_files_of(r->app->st, api_user_id(r), &f, &n);
	if (e) {
		resp_error(w, e, "cannot list your files");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, file_json(&f[i]));
	free(f);
	resp_json(w, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

static void send_file(http_resp *w, const store_case_file *meta, const unsigned char *data,
                      size_t len)
{
	static const char *const ext[] = {"bin", "pdf", "jpg", "png"};
	char disp[96];
	snprintf(disp, sizeof disp, "inline; filename=\"file-%lld.%s\"", (long long)meta->id,
	         ext[meta->mime <= CM_PNG ? meta->mime : 0]);
	const char *type = case_mime_type(meta->mime);
	resp_text(w, 200, type ? type : "application/octet-stream", (const char *)data, len);
	resp_header(w, "Content-Disposition", disp);
	resp_header(w, "Cache-Control", "private, no-store");
}

void api_file_get(http_req *r, http_resp *w)
{
	store_case_file meta;
	unsigned char *data = NULL;
	size_t len = 0;
	memset(&meta, 0, sizeof meta);
	os_err e = store_case_file_get(r->app->st, req_param_id(r, "id"), &meta, &data, &len);
	if (!api_loaded(r, w, e, "cannot read the file"))
		return;
	if (!access_own(r, meta.owner_id)) {
		free(data);
		access_deny(r, w);
		return;
	}
	send_file(w, &meta, data, len);
	free(data);
}

/* A file attached to a case, for whoever may see the case (staff reading
 * the materials). */
void api_case_file_get(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	int64_t file_id = req_param_id(r, "file_id");
	store_case_material *m = NULL;
	size_t n = 0;
	os_err e = store_case_materials(r->app->st, c.id, &m, &n);
	store_case_free(&c);
	if (e) {
		resp_error(w, e, "cannot read the materials");
		return;
	}
	bool attached = false;
	for (size_t i = 0; i < n && !attached; i++)
		attached = m[i].file_id == file_id;
	free(m);
	if (!attached) {
		resp_problem(w, 404, "not-found", "Not found", "no such file on this case", NULL);
		return;
	}
	store_case_file meta;
	unsigned char *data = NULL;
	size_t len = 0;
	memset(&meta, 0, sizeof meta);
	e = store_case_file_get(r->app->st, file_id, &meta, &data, &len);
	if (e) {
		resp_error(w, e, "cannot read the file");
		return;
	}
	send_file(w, &meta, data, len);
	free(data);
}

/* ---- the certificate ----------------------------------------------------- */

void api_case_certificate(http_req *r, http_resp *w)
{
	store_case c;
	unsigned actor;
	if (!load_case(r, w, &c, &actor))
		return;
	int64_t id = c.id;
	bool issued = c.decision == 1 && (c.state == CS_COMPLETED || c.state == CS_DELIVERED);
	store_case_free(&c);
	if (!issued) {
		resp_problem(w, 409, "no-certificate", "No certificate",
		             "a certificate exists for approved cases once they are completed",
		             NULL);
		return;
	}
	memset(&c, 0, sizeof c);
	os_err e = store_case_get(r->app->st, id, true, &c);
	if (e) {
		resp_error(w, e, "cannot read the case");
		return;
	}
	store_cat_item item;
	memset(&item, 0, sizeof item);
	bool licensing = false;
	if (store_item_version_get(r->app->st, c.item_id, c.item_version, &item) == OS_OK) {
		licensing = item.item.type == CAT_LICENSING;
		store_cat_item_free(&item);
	}
	case_cert cert = {.c = &c, .licensing = licensing};
	buf out;
	buf_init(&out, 8u << 20);
	e = pdf_case_certificate(&cert, &out);
	store_case_free(&c);
	if (e) {
		buf_free(&out);
		resp_error(w, e, "cannot draw the certificate");
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "inline; filename=\"case-%lld-certificate.pdf\"",
	         (long long)id);
	resp_text(w, 200, "application/pdf", out.data, out.len);
	resp_header(w, "Content-Disposition", disp);
	buf_free(&out);
}

/* ---- the sweep ----------------------------------------------------------- */

os_err api_cases_sweep(app *a, int64_t now, int *deemed, int *overdue)
{
	os_date today;
	*deemed = *overdue = 0;
	if (os_date_from_unix(now, &today))
		return OS_ERR_INVALID;
	return store_cases_sweep(a->st, today, now, SWEEP_MAX, deemed, overdue);
}

void api_cases_sweep_now(http_req *r, http_resp *w)
{
	int deemed = 0, overdue = 0;
	os_err e = api_cases_sweep(r->app, r->now, &deemed, &overdue);
	if (e) {
		resp_error(w, e, "the sweep failed");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:i, s:i, s:I}", "deemed", deemed, "overdue", overdue, "max",
	                    (json_int_t)SWEEP_MAX));
}
