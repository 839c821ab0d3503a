/* org.c - the organisation: sites of three tiers, their departments,
 * functional areas and windows. Public information (opening hours, windows)
 * that the lobby pages and the site directory show. */
#include <string.h>

#include "api/api.h"
#include "core/org.h"
#include "http/app.h"

void api_org_summary(http_req *r, http_resp *w)
{
	store_org_counts c;
	os_err e = store_org_counts_get(r->app->st, &c);
	if (e) {
		resp_error(w, e, "cannot count the organisation");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:{s:I, s:I, s:I}, s:I, s:I, s:I, s:I}", "sites", "district",
	                    (json_int_t)c.sites[1], "township", (json_int_t)c.sites[2], "village",
	                    (json_int_t)c.sites[3], "departments", (json_int_t)c.departments,
	                    "areas", (json_int_t)c.areas, "windows", (json_int_t)c.windows, "users",
	                    (json_int_t)c.users));
}

static json_t *site_json(const org_site *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)s->id, "code", s->code,
	                 "name", s->name, "name_en", s->name_en, "tier", site_tier_key(s->tier),
	                 "parent_id", s->parent_id ? json_integer(s->parent_id) : json_null());
}

void api_sites_list(http_req *r, http_resp *w)
{
	store_site_filter f = {0};
	const char *tier = req_query(r, "tier");
	if (tier && !(f.tier = site_tier_parse(tier))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "must be district, township or village", "tier");
		return;
	}
	f.parent_id = req_query_int(r, "parent_id", 0);
	f.limit = req_query_int(r, "limit", 50);
	f.offset = req_query_int(r, "offset", 0);
	store_site_list l;
	os_err e = store_sites_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list sites");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) {
		json_t *s = site_json(&l.rows[i].site);
		json_object_set_new(s, "windows", json_integer(l.rows[i].windows));
		json_object_set_new(s, "departments", json_integer(l.rows[i].departments));
		json_array_append_new(items, s);
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)l.total,
	                    "limit", (json_int_t)f.limit, "offset", (json_int_t)f.offset));
	store_site_list_free(&l);
}

void api_site_get(http_req *r, http_resp *w)
{
	store_site_detail d;
	os_err e = store_site_get(r->app->st, req_param_id(r, "id"), &d);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such site" : "cannot read the site");
		return;
	}
	json_t *s = site_json(&d.site);
	json_object_set_new(s, "hours", json_string(d.site.hours));
	json_object_set_new(s, "address", json_string(d.site.address));
	json_t *deps = json_array(), *areas = json_array(), *wins = json_array();
	for (size_t i = 0; i < d.n_departments; i++)
		json_array_append_new(
		    deps, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)d.departments[i].id,
		                    "code", d.departments[i].code, "name", d.departments[i].name,
		                    "name_en", d.departments[i].name_en));
	for (size_t i = 0; i < d.n_areas; i++)
		json_array_append_new(areas, json_pack("{s:I, s:s, s:s, s:s}", "id",
		                                       (json_int_t)d.areas[i].id, "code",
		                                       d.areas[i].code, "name", d.areas[i].name,
		                                       "name_en", d.areas[i].name_en));
	for (size_t i = 0; i < d.n_windows; i++) {
		const store_window_row *x = &d.windows[i];
		json_array_append_new(
		    wins,
		    json_pack("{s:I, s:i, s:s, s:o, s:o, s:b}", "id", (json_int_t)x->w.id, "number",
		              x->w.number, "kind", window_kind_key(x->w.kind), "department",
		              x->department_name[0] ? json_string(x->department_name) : json_null(),
		              "area", x->area_name[0] ? json_string(x->area_name) : json_null(),
		              "paused", x->paused));
	}
	json_object_set_new(s, "departments", deps);
	json_object_set_new(s, "areas", areas);
	json_object_set_new(s, "windows", wins);
	store_site_detail_free(&d);
	resp_json(w, 200, s);
}
