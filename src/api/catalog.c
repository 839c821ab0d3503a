/* catalog.c - the catalog of service items over HTTP.
 *
 * Public: search and browse items (GET /api/v1/catalog/items), one item's
 * guide with the sites nearest to the caller where it can be handled, its
 * versions, bundles with their merged form and materials, departments, life
 * events and the summary figures. System administrators: create an item, add
 * a version, retire an item, create and replace bundles, edit the online
 * depth labels, import and export, and administer windows. The router
 * audits every change.
 *
 * Bodies follow the router's scalar field types: an item is sent in its
 * flat form (the CSV columns; lists separated by ';', materials and form
 * fields as JSON text), an import file as one string field "data". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/catalog_io.h"
#include "core/mem.h"
#include "http/app.h"

#define IMPORT_DATA_MAX 1000000

static void problem_of(http_resp *w, os_err e, const cat_problem *p, const char *what)
{
	if (p->field[0] || p->reason[0]) {
		int status = e == OS_ERR_CONFLICT ? 409 : e == OS_ERR_NOT_FOUND ? 404 : 422;
		resp_problem(w, status,
		             status == 409   ? "conflict"
		             : status == 404 ? "not-found"
		                             : "invalid",
		             status == 409   ? "Conflict"
		             : status == 404 ? "Not found"
		                             : "Invalid input",
		             p->reason, p->field[0] ? p->field : NULL);
		return;
	}
	resp_error(w, e, what);
}

/* ---- JSON ---- */

static json_t *dept_json(int64_t id, const char *code, const char *name, const char *name_en)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "code", code, "name", name,
	                 "name_en", name_en);
}

static json_t *type_json(cat_type t)
{
	return json_pack("{s:s, s:s, s:s, s:b}", "key", cat_type_key(t), "zh", cat_type_zh(t), "en",
	                 cat_type_en(t), "power", cat_type_is_power(t));
}

static json_t *channels_json(unsigned ch)
{
	json_t *a = json_array();
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (ch & (1u << i))
			json_array_append_new(a, json_string(cat_channel_key(1u << i)));
	return a;
}

static json_t *tiers_json(unsigned t)
{
	json_t *a = json_array();
	for (int i = TIER_DISTRICT; i <= TIER_VILLAGE; i++)
		if (t & CAT_TIER_BIT(i))
			json_array_append_new(a, json_string(site_tier_key((site_tier)i)));
	return a;
}

static json_t *events_json(uint32_t ev)
{
	size_t n;
	const cat_life_event *le = cat_life_events(&n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (ev & (1u << i))
			json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "key", le[i].key,
			                                   "zh", le[i].zh, "en", le[i].en));
	return a;
}

static json_t *fee_json(int64_t fen)
{
	char fee[24];
	cat_fee_format(fen, fee);
	return json_string(fee);
}

/* The search answer is the hot path (bench/catalog_search.sh): its rows are
 * written as JSON text directly, which costs a tenth of building jansson
 * values for them. Strings are escaped by jw_str(); numbers are integers. */
static void jw_str(buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			buf_add(b, esc, 2);
		} else {
			buf_printf(b, "\\u%04x", c);
		}
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
	buf_add(b, "\"", 1);
}

static void jw_key(buf *b, const char *key, bool first)
{
	buf_printf(b, first ? "\"%s\":" : ",\"%s\":", key);
}

static void jw_bool(buf *b, const char *key, bool v)
{
	jw_key(b, key, false);
	buf_adds(b, v ? "true" : "false");
}

static void jw_int(buf *b, const char *key, int64_t v)
{
	jw_key(b, key, false);
	buf_printf(b, "%lld", (long long)v);
}

/* A search row: what a result list shows (the guide has the rest). */
static void row_write(buf *b, const store_cat_row *x)
{
	buf_printf(b, "{\"id\":%lld", (long long)x->id);
	jw_key(b, "code", false);
	jw_str(b, x->code);
	jw_int(b, "version", x->version);
	jw_key(b, "name", false);
	jw_str(b, x->name);
	jw_key(b, "name_en", false);
	jw_str(b, x->name_en);
	buf_printf(b, ",\"department\":{\"id\":%lld", (long long)x->department_id);
	jw_key(b, "code", false);
	jw_str(b, x->department_code);
	jw_key(b, "name", false);
	jw_str(b, x->department_name);
	jw_key(b, "name_en", false);
	jw_str(b, x->department_name_en);
	buf_printf(b, "},\"type\":{\"key\":\"%s\",\"power\":%s}", cat_type_key(x->type),
	           cat_type_is_power(x->type) ? "true" : "false");
	jw_bool(b, "power", cat_type_is_power(x->type));
	jw_bool(b, "licensing", x->type == CAT_LICENSING);
	jw_int(b, "online_depth", x->depth);
	jw_bool(b, "online", x->depth >= 3);
	jw_bool(b, "immediate", x->immediate);
	jw_int(b, "legal_days", x->legal_days);
	jw_int(b, "promised_days", x->promised_days);
	jw_int(b, "visits", x->visits);
	buf_adds(b, ",\"channels\":[");
	bool first = true;
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (x->channels & (1u << i)) {
			buf_printf(b, "%s\"%s\"", first ? "" : ",", cat_channel_key(1u << i));
			first = false;
		}
	buf_adds(b, "],\"accept_tiers\":[");
	first = true;
	for (int t = TIER_DISTRICT; t <= TIER_VILLAGE; t++)
		if (x->accept_tiers & CAT_TIER_BIT(t)) {
			buf_printf(b, "%s\"%s\"", first ? "" : ",", site_tier_key((site_tier)t));
			first = false;
		}
	char fee[24];
	cat_fee_format(x->fee_fen, fee);
	buf_printf(b, "],\"fee\":\"%s\"", fee);
	jw_bool(b, "free", x->fee_fen == 0);
	buf_adds(b, ",\"life_events\":[");
	size_t n;
	const cat_life_event *le = cat_life_events(&n);
	first = true;
	for (size_t i = 0; i < n; i++)
		if (x->life_events & (1u << i)) {
			buf_printf(b, "%s\"%s\"", first ? "" : ",", le[i].key);
			first = false;
		}
	buf_printf(b, "],\"match\":\"%s\"}",
	           x->match == 1   ? "name"
	           : x->match == 2 ? "material"
	           : x->match == 3 ? "keyword"
	                           : "");
}

static json_t *materials_json(const cat_material *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:b}", "code",
		                                   m[i].code, "name", m[i].name, "form",
		                                   cat_form_key(m[i].form), "count", m[i].count,
		                                   "required", m[i].required, "condition",
		                                   m[i].condition, "e_licence", m[i].e_licence));
	return a;
}

static json_t *field_json(const cat_field *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", f->name, "label", f->label,
	                 "label_en", f->label_en, "type", cat_field_type_key(f->type), "required",
	                 f->required);
}

static json_t *strings_json(const char (*s)[CAT_STEP_MAX], size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *item_json(const store_cat_item *x, char zh[5][128], char en[5][128])
{
	const cat_item *it = &x->item;
	char eff[OS_DATE_STRLEN];
	os_date_format(it->effective_from, eff);
	json_t *kw = json_array();
	for (size_t i = 0; i < it->n_keywords; i++)
		json_array_append_new(kw, json_string(it->keywords[i]));
	json_t *fields = json_array();
	for (size_t i = 0; i < it->n_fields; i++)
		json_array_append_new(fields, field_json(&it->fields[i]));
	json_t *o = json_pack(
	    "{s:I, s:s, s:i, s:i, s:i, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b, s:i, s:i, s:o, s:b, "
	    "s:s, s:i, s:b, s:{s:s, s:s}, s:i, s:o, s:o, s:s}",
	    "id", (json_int_t)it->id, "code", it->code, "version", it->version, "current_version",
	    x->current_version, "latest_version", x->latest_version, "effective_from", eff, "name",
	    it->name, "name_en", it->name_en, "department",
	    dept_json(it->department_id, it->department, x->department_name, x->department_name_en),
	    "type", type_json(it->type), "power", cat_is_power(it), "licensing",
	    cat_is_licensing(it), "immediate", it->immediate, "legal_days", it->legal_days,
	    "promised_days", it->promised_days, "fee", fee_json(it->fee_fen), "free",
	    it->fee_fen == 0, "fee_note", it->fee_note, "online_depth", it->depth, "online",
	    cat_is_online(it), "depth_label", "zh", zh[it->depth], "en", en[it->depth], "visits",
	    it->visits, "channels", channels_json(it->channels), "accept_tiers",
	    tiers_json(it->accept_tiers), "decide_tier", site_tier_key(it->decide_tier));
	json_object_set_new(o, "life_events", events_json(it->life_events));
	json_object_set_new(o, "keywords", kw);
	json_object_set_new(o, "legal_basis", json_string(it->legal_basis));
	json_object_set_new(o, "conditions", json_string(it->conditions));
	json_object_set_new(o, "steps", strings_json(it->steps, it->n_steps));
	json_object_set_new(o, "materials", materials_json(it->materials, it->n_materials));
	json_object_set_new(o, "form_fields", fields);
	json_object_set_new(o, "retired_on",
	                    x->retired_on[0] ? json_string(x->retired_on) : json_null());
	return o;
}

/* ---- search ---- */

static bool parse_filter(http_req *r, http_resp *w, cat_filter *f)
{
	memset(f, 0, sizeof *f);
	f->life_event = -1;
	f->department_id = req_query_int(r, "department_id", 0);
	f->depth = (int)req_query_int(r, "depth", 0);
	const char *v;
	if ((v = req_query(r, "tier")) && !(f->tier = (site_tier)site_tier_parse(v))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "must be district, township or village", "tier");
		return false;
	}
	if ((v = req_query(r, "type")) && !(f->type = (cat_type)cat_type_parse(v))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", "unknown item type",
		             "type");
		return false;
	}
	if ((v = req_query(r, "channel")) && !(f->channel = cat_channel_parse(v))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "must be window, online, mobile, proxy or post", "channel");
		return false;
	}
	if ((v = req_query(r, "life_event")) && (f->life_event = cat_life_event_parse(v)) < 0) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", "unknown life event",
		             "life_event");
		return false;
	}
	return true;
}

void api_catalog_items(http_req *r, http_resp *w)
{
	cat_filter f;
	if (!parse_filter(r, w, &f))
		return;
	const char *q = req_query(r, "q");
	cat_search_plan plan;
	cat_problem p = {"", ""};
	if (cat_search_plan_build(q, &f, &plan, &p)) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", p.reason, p.field);
		return;
	}
	int64_t limit = req_query_int(r, "limit", 20), offset = req_query_int(r, "offset", 0);
	store_cat_page page;
	os_err e = store_catalog_search(r->app->st, api_today(r), &plan, offset, limit, &page);
	if (e) {
		resp_error(w, e, "cannot search the catalog");
		return;
	}
	buf b;
	buf_init(&b, 1u << 20);
	buf_adds(&b, "{\"items\":[");
	for (size_t i = 0; i < page.n; i++) {
		if (i)
			buf_add(&b, ",", 1);
		row_write(&b, &page.rows[i]);
	}
	buf_printf(&b, "],\"total\":%lld", (long long)page.total);
	jw_bool(&b, "total_capped", page.total_capped);
	jw_int(&b, "limit", limit);
	jw_int(&b, "offset", offset);
	jw_key(&b, "q", false);
	jw_str(&b, q ? q : "");
	if (buf_add(&b, "}", 1) == OS_OK)
		resp_text(w, 200, "application/json", b.data, b.len);
	else
		resp_error(w, OS_ERR_TOO_LARGE, "the answer is too large");
	buf_free(&b);
	store_cat_page_free(&page);
}

/* ---- one item ---- */

/* The sites where the item can be handled nearest to the caller: from the
 * caller's site up the tree (village, township, district), those at a tier
 * that accepts the item, with their open windows that take it
 * (comprehensive windows, and the item's department's windows). Without a
 * site: the district center when it accepts the item. */
static os_err nearest_json(http_req *r, const cat_item *it, int64_t site_id, json_t **out)
{
	int64_t chain[4];
	int n = 0;
	os_err e;
	if (site_id) {
		chain[n++] = site_id;
		int na = 0;
		if ((e = store_site_ancestors(r->app->st, site_id, chain + 1, 3, &na)))
			return e;
		n += na;
	} else {
		store_site_filter f = {.tier = TIER_DISTRICT, .limit = 3};
		store_site_list l;
		if ((e = store_sites_list(r->app->st, &f, &l)))
			return e;
		for (size_t i = 0; i < l.n && n < 3; i++)
			chain[n++] = l.rows[i].site.id;
		store_site_list_free(&l);
	}
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		store_site_detail d;
		if ((e = store_site_get(r->app->st, chain[i], &d))) {
			json_decref(a);
			return e;
		}
		if (it->accept_tiers & CAT_TIER_BIT(d.site.tier)) {
			json_t *wins = json_array();
			for (size_t k = 0; k < d.n_windows; k++) {
				const store_window_row *x = &d.windows[k];
				bool takes = x->w.kind == WINDOW_COMPREHENSIVE ||
				             (x->w.kind == WINDOW_DEPARTMENT &&
				              x->w.department_id == it->department_id);
				if (takes && !x->paused)
					json_array_append_new(
					    wins,
					    json_pack("{s:I, s:i, s:s}", "id", (json_int_t)x->w.id,
					              "number", x->w.number, "kind",
					              window_kind_key(x->w.kind)));
			}
			json_array_append_new(
			    a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "id",
			                 (json_int_t)d.site.id, "code", d.site.code, "name",
			                 d.site.name, "name_en", d.site.name_en, "tier",
			                 site_tier_key(d.site.tier), "hours", d.site.hours,
			                 "address", d.site.address, "decides",
			                 d.site.tier == it->decide_tier, "windows", wins));
		}
		store_site_detail_free(&d);
	}
	*out = a;
	return OS_OK;
}

void api_catalog_item(http_req *r, http_resp *w)
{
	int64_t id = req_param_id(r, "id");
	int version = (int)req_query_int(r, "version", 0);
	int64_t site_id = req_query_int(r, "site_id", 0);
	store_cat_item x;
	os_err e = version ? store_item_version_get(r->app->st, id, version, &x)
	                   : store_item_get(r->app->st, api_today(r), id, &x);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such item (or version)"
		                                 : "cannot read the item");
		return;
	}
	char zh[5][128], en[5][128];
	json_t *nearest = NULL;
	if ((e = store_depth_labels(r->app->st, zh, en)) ||
	    (e = nearest_json(r, &x.item, site_id, &nearest))) {
		store_cat_item_free(&x);
		if (e == OS_ERR_NOT_FOUND)
			resp_problem(w, 422, "invalid", "Invalid query parameter", "no such site",
			             "site_id");
		else
			resp_error(w, e, "cannot read the item");
		return;
	}
	json_t *o = item_json(&x, zh, en);
	json_object_set_new(o, "nearest", nearest);
	json_object_set_new(o, "nearest_from", site_id ? json_integer(site_id) : json_null());
	store_cat_bundle bundles[16];
	size_t nb = 0;
	if (!store_item_bundles(r->app->st, id, bundles, 16, &nb)) {
		json_t *a = json_array();
		for (size_t i = 0; i < nb; i++)
			json_array_append_new(
			    a, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)bundles[i].b.id,
			                 "code", bundles[i].b.code, "name", bundles[i].b.name,
			                 "name_en", bundles[i].b.name_en));
		json_object_set_new(o, "bundles", a);
	}
	store_cat_item_free(&x);
	resp_json(w, 200, o);
}

void api_catalog_item_versions(http_req *r, http_resp *w)
{
	store_cat_version *v;
	size_t n;
	os_err e = store_item_versions(r->app->st, api_today(r), req_param_id(r, "id"), &v, &n);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such item" : "cannot read the versions");
		return;
	}
	json_t *a = json_array();
	int current = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].current)
			current = v[i].version;
		json_array_append_new(
		    a, json_pack("{s:i, s:s, s:s, s:b, s:b, s:I}", "version", v[i].version,
		                 "effective_from", v[i].effective_from, "name", v[i].name,
		                 "current", v[i].current, "scheduled", v[i].scheduled, "created_at",
		                 (json_int_t)v[i].created_at));
	}
	free(v);
	resp_json(w, 200, json_pack("{s:o, s:i}", "items", a, "current_version", current));
}

/* ---- the flat form of a body ---- */

typedef struct flat_body {
	const char *names[40];
	const char *values[40];
	char num[40][24];
	size_t n;
} flat_body;

static void flatten(const http_req *r, flat_body *f)
{
	f->n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(r->body, k, v)
	{
		if (f->n == 40)
			break;
		f->names[f->n] = k;
		if (json_is_string(v)) {
			f->values[f->n] = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(f->num[f->n], sizeof f->num[f->n], "%lld",
			         (long long)json_integer_value(v));
			f->values[f->n] = f->num[f->n];
		} else {
			f->values[f->n] = json_is_true(v) ? "true" : "false";
		}
		f->n++;
	}
}

static json_t *created_json(const cat_item *it, os_date today)
{
	char eff[OS_DATE_STRLEN];
	os_date_format(it->has_effective ? it->effective_from : today, eff);
	return json_pack("{s:I, s:s, s:i, s:s, s:b, s:b}", "id", (json_int_t)it->id, "code",
	                 it->code, "version", it->version, "effective_from", eff, "scheduled",
	                 it->has_effective && it->effective_from > today, "changed", true);
}

void api_catalog_item_create(http_req *r, http_resp *w)
{
	flat_body f;
	flatten(r, &f);
	cat_item it;
	cat_problem p = {"", ""};
	if (cat_item_from_flat(f.names, f.values, f.n, &it, &p)) {
		problem_of(w, OS_ERR_INVALID, &p, "invalid item");
		return;
	}
	os_date today = api_today(r);
	os_err e = store_item_create(r->app->st, today, r->user ? r->user->id : 0, r->now, &it, &p);
	if (e)
		problem_of(w, e, &p, "cannot create the item");
	else
		resp_json(w, 201, created_json(&it, today));
	cat_item_free(&it);
}

void api_catalog_item_version_create(http_req *r, http_resp *w)
{
	int64_t id = req_param_id(r, "id");
	store_cat_item cur;
	/* the latest version is the base the changes apply to */
	os_err e = store_item_version_get(r->app->st, id, 1, &cur);
	if (!e && cur.latest_version != 1) {
		int latest = cur.latest_version;
		store_cat_item_free(&cur);
		e = store_item_version_get(r->app->st, id, latest, &cur);
	}
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such item" : "cannot read the item");
		return;
	}
	flat_body f;
	flatten(r, &f);
	cat_item it;
	cat_problem p = {"", ""};
	e = cat_item_from_flat_over(&cur.item, f.names, f.values, f.n, &it, &p);
	store_cat_item_free(&cur);
	if (e) {
		problem_of(w, OS_ERR_INVALID, &p, "invalid item");
		return;
	}
	os_date today = api_today(r);
	bool changed = false;
	e = store_item_new_version(r->app->st, today, r->user ? r->user->id : 0, r->now, id, &it,
	                           &changed, &p);
	if (e) {
		problem_of(w, e, &p, "cannot add the version");
	} else {
		json_t *o = created_json(&it, today);
		json_object_set_new(o, "changed", json_boolean(changed));
		resp_json(w, changed ? 201 : 200, o);
	}
	cat_item_free(&it);
}

void api_catalog_item_retire(http_req *r, http_resp *w)
{
	const char *reason = api_body_str(r, "reason");
	if (!cat_text_ok(reason, 400, false)) {
		resp_problem(w, 422, "invalid", "Invalid field", "text on one line", "reason");
		return;
	}
	cat_problem p = {"", ""};
	os_err e = store_item_retire(r->app->st, api_today(r), req_param_id(r, "id"), reason, &p);
	if (e) {
		if (e == OS_ERR_NOT_FOUND)
			resp_error(w, e, "no such item");
		else
			problem_of(w, e, &p, "cannot retire the item");
		return;
	}
	char d[OS_DATE_STRLEN];
	os_date_format(api_today(r), d);
	resp_json(
	    w, 200,
	    json_pack("{s:I, s:s}", "id", (json_int_t)req_param_id(r, "id"), "retired_on", d));
}

/* ---- bundles ---- */

void api_catalog_bundles(http_req *r, http_resp *w)
{
	store_cat_bundle *b;
	size_t n;
	os_err e = store_bundles_list(r->app->st, &b, &n);
	if (e) {
		resp_error(w, e, "cannot list the bundles");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *codes = json_array();
		for (size_t k = 0; k < b[i].b.n_items; k++)
			json_array_append_new(codes, json_string(b[i].b.items[k]));
		json_array_append_new(
		    a,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)b[i].b.id,
		              "code", b[i].b.code, "name", b[i].b.name, "name_en", b[i].b.name_en,
		              "description", b[i].b.description, "lead_department",
		              dept_json(b[i].b.lead_department_id, b[i].b.lead_department,
		                        b[i].lead_name, b[i].lead_name_en),
		              "items", codes));
	}
	free(b);
	resp_json(w, 200, json_pack("{s:o}", "items", a));
}

void api_catalog_bundle(http_req *r, http_resp *w)
{
	store_cat_bundle b;
	store_cat_item *m;
	os_err e = store_bundle_get(r->app->st, api_today(r), req_param_id(r, "id"), &b, &m);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such bundle" : "cannot read the bundle");
		return;
	}
	size_t n = b.b.n_items;
	const cat_item *mp[CAT_BUNDLE_MAX_ITEMS];
	size_t nm = 0;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (!m[i].item.id) { /* no current version */
			json_array_append_new(items, json_pack("{s:I, s:s, s:b}", "id",
			                                       (json_int_t)b.item_ids[i], "code",
			                                       b.b.items[i], "current", false));
			continue;
		}
		const cat_item *it = &m[i].item;
		mp[nm++] = it;
		json_array_append_new(
		    items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:i, s:b, s:i, s:i, s:b}", "id",
		                     (json_int_t)it->id, "code", it->code, "name", it->name,
		                     "name_en", it->name_en, "department",
		                     dept_json(it->department_id, it->department,
		                               m[i].department_name, m[i].department_name_en),
		                     "online_depth", it->depth, "immediate", it->immediate,
		                     "promised_days", it->promised_days, "visits", it->visits,
		                     "current", true));
	}
	cat_merge mg;
	e = cat_bundle_merge(mp, nm, &mg);
	if (e) {
		json_decref(items);
		store_cat_members_free(m, n);
		resp_error(w, e, "cannot merge the bundle");
		return;
	}
	/* asked_by bits count members with a current version (mp order) */
	const char *mcodes[CAT_BUNDLE_MAX_ITEMS];
	for (size_t i = 0; i < nm; i++)
		mcodes[i] = mp[i]->code;
	json_t *mats = json_array(), *fields = json_array();
	for (size_t i = 0; i < mg.n_materials; i++) {
		const cat_material *x = &mg.materials[i].m;
		json_t *by = json_array();
		for (size_t k = 0; k < nm; k++)
			if (mg.materials[i].asked_by & (1u << k))
				json_array_append_new(by, json_string(mcodes[k]));
		json_array_append_new(
		    mats, json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:b, s:o}", "code", x->code,
		                    "name", x->name, "form", cat_form_key(x->form), "count",
		                    x->count, "required", x->required, "condition", x->condition,
		                    "e_licence", x->e_licence, "asked_by", by));
	}
	for (size_t i = 0; i < mg.n_fields; i++) {
		json_t *fj = field_json(&mg.fields[i].f), *by = json_array();
		for (size_t k = 0; k < nm; k++)
			if (mg.fields[i].asked_by & (1u << k))
				json_array_append_new(by, json_string(mcodes[k]));
		json_object_set_new(fj, "asked_by", by);
		json_object_set_new(fj, "conflict", json_boolean(mg.fields[i].conflict));
		json_array_append_new(fields, fj);
	}
	size_t asked = 0;
	for (size_t i = 0; i < nm; i++)
		asked += mp[i]->n_materials;
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:o, s:I}, s:o, s:i, s:i, s:i, s:I}", "id",
	    (json_int_t)b.b.id, "code", b.b.code, "name", b.b.name, "name_en", b.b.name_en,
	    "description", b.b.description, "lead_department",
	    dept_json(b.b.lead_department_id, b.b.lead_department, b.lead_name, b.lead_name_en),
	    "items", items, "form", "fields", fields, "conflicts", (json_int_t)mg.n_conflicts,
	    "materials", mats, "promised_days", mg.promised_days, "visits", mg.visits, "min_depth",
	    mg.min_depth, "materials_asked", (json_int_t)asked);
	cat_merge_free(&mg);
	store_cat_members_free(m, n);
	resp_json(w, 200, o);
}

static void bundle_save(http_req *r, http_resp *w, int64_t id)
{
	flat_body f;
	flatten(r, &f);
	cat_bundle b;
	cat_problem p = {"", ""};
	if (cat_bundle_from_flat(f.names, f.values, f.n, &b, &p)) {
		problem_of(w, OS_ERR_INVALID, &p, "invalid bundle");
		return;
	}
	int64_t out = 0;
	os_err e = store_bundle_save(r->app->st, api_today(r), r->now, id, &b, &out, &p);
	if (e) {
		if (e == OS_ERR_NOT_FOUND)
			resp_error(w, e, "no such bundle");
		else
			problem_of(w, e, &p, "cannot save the bundle");
		return;
	}
	resp_json(w, id ? 200 : 201,
	          json_pack("{s:I, s:s}", "id", (json_int_t)out, "code", b.code));
}

void api_catalog_bundle_create(http_req *r, http_resp *w)
{
	bundle_save(r, w, 0);
}

void api_catalog_bundle_update(http_req *r, http_resp *w)
{
	bundle_save(r, w, req_param_id(r, "id"));
}

/* ---- departments, life events, summary, labels ---- */

void api_catalog_departments(http_req *r, http_resp *w)
{
	store_cat_dept *d;
	size_t n;
	os_err e = store_catalog_departments(r->app->st, api_today(r), &d, &n);
	if (e) {
		resp_error(w, e, "cannot list the departments");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = dept_json(d[i].d.id, d[i].d.code, d[i].d.name, d[i].d.name_en);
		json_object_set_new(o, "items", json_integer(d[i].items));
		json_array_append_new(a, o);
	}
	free(d);
	resp_json(w, 200, json_pack("{s:o}", "items", a));
}

void api_catalog_life_events(http_req *r, http_resp *w)
{
	store_cat_summary s;
	os_err e = store_catalog_summary(r->app->st, api_today(r), &s);
	if (e) {
		resp_error(w, e, "cannot count the life events");
		return;
	}
	size_t n;
	const cat_life_event *le = cat_life_events(&n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I}", "key", le[i].key,
		                                   "zh", le[i].zh, "en", le[i].en, "group",
		                                   le[i].business ? "business" : "person", "items",
		                                   (json_int_t)s.events[i]));
	resp_json(w, 200, json_pack("{s:o}", "items", a));
}

void api_catalog_summary(http_req *r, http_resp *w)
{
	store_cat_summary s;
	os_date today = api_today(r);
	os_err e = store_catalog_summary(r->app->st, today, &s);
	if (e) {
		resp_error(w, e, "cannot count the catalog");
		return;
	}
	json_t *labels = json_array();
	for (int d = 1; d <= 4; d++)
		json_array_append_new(labels, json_pack("{s:i, s:s, s:s, s:I}", "depth", d, "zh",
		                                        s.depth_zh[d], "en", s.depth_en[d], "items",
		                                        (json_int_t)s.depth[d]));
	char day[OS_DATE_STRLEN];
	os_date_format(today, day);
	resp_json(w, 200,
	          json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s}", "items",
	                    (json_int_t)s.items, "power", (json_int_t)s.power, "licensing",
	                    (json_int_t)s.licensing, "online", (json_int_t)s.online, "depth4",
	                    (json_int_t)s.depth[4], "immediate", (json_int_t)s.immediate,
	                    "zero_visit", (json_int_t)s.zero_visit, "free_of_charge",
	                    (json_int_t)s.free_of_charge, "bundles", (json_int_t)s.bundles,
	                    "departments", (json_int_t)s.departments, "depths", labels, "as_of",
	                    day));
}

void api_catalog_depth_label(http_req *r, http_resp *w)
{
	int64_t depth = req_param_id(r, "id");
	const char *zh = api_body_str(r, "zh");
	const char *en = api_body_str(r, "en");
	if (depth < 1 || depth > 4) {
		resp_error(w, OS_ERR_NOT_FOUND, "online depth levels are 1 to 4");
		return;
	}
	if (!cat_text_ok(zh, 127, false) || !cat_text_ok(en, 127, false)) {
		resp_problem(w, 422, "invalid", "Invalid field", "text on one line",
		             cat_text_ok(zh, 127, false) ? "en" : "zh");
		return;
	}
	os_err e = store_depth_label_set(r->app->st, (int)depth, zh, en);
	if (e) {
		resp_error(w, e, "cannot change the label");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:I, s:s, s:s}", "depth", (json_int_t)depth, "zh", zh, "en", en));
}

/* ---- import and export ---- */

void api_catalog_import(http_req *r, http_resp *w)
{
	const char *data = api_body_str(r, "data");
	const char *format = api_body_str(r, "format");
	const char *what = api_body_str(r, "what");
	const char *name = api_body_str(r, "name");
	cat_format fmt = cat_format_parse(format);
	cat_what wh = what ? cat_what_parse(what) : CAT_WHAT_NONE;
	if (!fmt) {
		resp_problem(w, 422, "invalid", "Invalid field", "csv or json", "format");
		return;
	}
	if (what && !wh) {
		resp_problem(w, 422, "invalid", "Invalid field", "items, bundles, sites or windows",
		             "what");
		return;
	}
	if (!name || !name[0])
		name = fmt == CAT_FMT_CSV ? "upload.csv" : "upload.json";
	size_t len = json_string_length(json_object_get(r->body, "data"));
	cat_import im;
	cat_row_error errs[CAT_IMPORT_MAX_ERRORS];
	size_t n_errs = 0;
	os_err e = cat_import_parse(data, len, fmt, wh, &im, errs, CAT_IMPORT_MAX_ERRORS, &n_errs);
	store_cat_import_result res;
	if (!e) {
		os_date today = api_today(r);
		e = store_catalog_import(r->app->st, today, r->user ? r->user->id : 0, r->now, &im,
		                         &res);
		if (e && res.err.reason[0]) {
			errs[0] = res.err;
			n_errs = 1;
		}
	}
	if (e && n_errs) {
		json_t *list = json_array();
		char first[300] = "";
		for (size_t i = 0; i < n_errs && i < CAT_IMPORT_MAX_ERRORS; i++) {
			char text[300];
			if (errs[i].field[0])
				snprintf(text, sizeof text, "%s:%zu: %s: %s", name, errs[i].line,
				         errs[i].field, errs[i].reason);
			else
				snprintf(text, sizeof text, "%s:%zu: %s", name, errs[i].line,
				         errs[i].reason);
			if (!i)
				snprintf(first, sizeof first, "%s", text);
			json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}", "line",
			                                      (json_int_t)errs[i].line, "field",
			                                      errs[i].field, "reason",
			                                      errs[i].reason, "message", text));
		}
		json_t *pj = json_pack(
		    "{s:s, s:s, s:i, s:s, s:s, s:o, s:I}", "type", "/problems/invalid-rows",
		    "title", "Rows refused: nothing was imported", "status", 422, "detail", first,
		    "field", "data", "errors", list, "error_count", (json_int_t)n_errs);
		resp_json(w, 422, pj);
		w->content_type = "application/problem+json";
		cat_import_free(&im); /* harmless after a failed parse: it left im empty */
		return;
	}
	if (e) {
		cat_import_free(&im);
		resp_error(w, e, "cannot import");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:s, s:I, s:I, s:I, s:I}", "what", cat_what_key(im.what), "rows",
	                    (json_int_t)im.n, "inserted", (json_int_t)res.inserted, "updated",
	                    (json_int_t)res.updated, "unchanged", (json_int_t)res.unchanged));
	cat_import_free(&im);
}

typedef struct export_ctx {
	buf *b;
	cat_format fmt;
	cat_what what;
	bool first;
} export_ctx;

static os_err export_row(const store_cat_export_row *row, void *arg)
{
	export_ctx *x = arg;
	json_t *o = row->item     ? cat_item_to_json(row->item, true)
	            : row->bundle ? cat_bundle_to_json(row->bundle)
	            : row->site   ? cat_site_row_to_json(row->site)
	                          : cat_window_row_to_json(row->window);
	os_err e = cat_export_row(x->b, x->fmt, x->what, o, x->first);
	json_decref(o);
	x->first = false;
	return e;
}

void api_catalog_export(http_req *r, http_resp *w)
{
	cat_format fmt = cat_format_parse(req_query(r, "format"));
	cat_what what = cat_what_parse(req_query(r, "what"));
	if (!fmt || !what) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             !fmt ? "csv or json" : "items, bundles, sites or windows",
		             !fmt ? "format" : "what");
		return;
	}
	buf b;
	buf_init(&b, 15u << 20);
	export_ctx x = {&b, fmt, what, true};
	os_err e = cat_export_begin(&b, fmt, what);
	if (!e)
		e = store_catalog_export(r->app->st, what, export_row, &x);
	if (!e)
		e = cat_export_end(&b, fmt);
	if (e) {
		buf_free(&b);
		resp_error(w, e,
		           e == OS_ERR_TOO_LARGE ? "the export is too large: use `onestop "
		                                   "catalog export`"
		                                 : "cannot export");
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"", cat_what_key(what),
	         fmt == CAT_FMT_CSV ? "csv" : "json");
	resp_text(w, 200, fmt == CAT_FMT_CSV ? "text/csv; charset=utf-8" : "application/json",
	          b.data ? b.data : "", b.len);
	resp_header(w, "Content-Disposition", disp);
	buf_free(&b);
}

/* ---- windows ---- */

static json_t *window_json(const store_window_row *x)
{
	return json_pack("{s:I, s:I, s:i, s:s, s:o, s:o, s:b}", "id", (json_int_t)x->w.id,
	                 "site_id", (json_int_t)x->w.site_id, "number", x->w.number, "kind",
	                 window_kind_key(x->w.kind), "department_id",
	                 x->w.department_id ? json_integer(x->w.department_id) : json_null(),
	                 "area_id", x->w.area_id ? json_integer(x->w.area_id) : json_null(),
	                 "paused", x->paused);
}

static bool kind_of(http_req *r, http_resp *w, window_kind *k)
{
	const char *v = api_body_str(r, "kind");
	int x = v ? cat_window_kind_parse(v) : 0;
	if (!x) {
		resp_problem(
		    w, 422, "invalid", "Invalid field",
		    "comprehensive, department, postal, proxy, complaint, green or port_visa",
		    "kind");
		return false;
	}
	*k = (window_kind)x;
	return true;
}

void api_window_create(http_req *r, http_resp *w)
{
	org_window win = {.site_id = req_param_id(r, "id")};
	if (!kind_of(r, w, &win.kind))
		return;
	win.number = (int)api_body_int(r, "number", 0);
	win.department_id = api_body_int(r, "department_id", 0);
	win.area_id = api_body_int(r, "area_id", 0);
	bool paused = json_is_true(json_object_get(r->body, "paused"));
	int64_t id;
	cat_problem p = {"", ""};
	os_err e = store_window_create(r->app->st, &win, paused, &id, &p);
	if (e) {
		if (e == OS_ERR_NOT_FOUND)
			resp_error(w, e, "no such site");
		else
			problem_of(w, e, &p, "cannot create the window");
		return;
	}
	store_window_row row;
	if (store_window_get(r->app->st, id, &row)) {
		resp_error(w, OS_ERR_INTERNAL, "cannot read the window");
		return;
	}
	resp_json(w, 201, window_json(&row));
}

void api_window_update(http_req *r, http_resp *w)
{
	store_window_change c = {0};
	json_t *v;
	if ((v = json_object_get(r->body, "number"))) {
		c.set_number = true;
		c.number = (int)json_integer_value(v);
	}
	if (json_object_get(r->body, "kind")) {
		c.set_kind = true;
		if (!kind_of(r, w, &c.kind))
			return;
	}
	if ((v = json_object_get(r->body, "department_id"))) {
		c.set_department = true;
		c.department_id = json_integer_value(v);
	}
	if ((v = json_object_get(r->body, "area_id"))) {
		c.set_area = true;
		c.area_id = json_integer_value(v);
	}
	if ((v = json_object_get(r->body, "paused"))) {
		c.set_paused = true;
		c.paused = json_is_true(v);
	}
	if (!c.set_number && !c.set_kind && !c.set_department && !c.set_area && !c.set_paused) {
		resp_problem(w, 422, "invalid", "Invalid input", "nothing to change", NULL);
		return;
	}
	store_window_row row;
	cat_problem p = {"", ""};
	os_err e = store_window_update(r->app->st, req_param_id(r, "id"), &c, &row, &p);
	if (e) {
		if (e == OS_ERR_NOT_FOUND && !p.field[0])
			resp_error(w, e, "no such window");
		else
			problem_of(w, e, &p, "cannot change the window");
		return;
	}
	resp_json(w, 200, window_json(&row));
}
