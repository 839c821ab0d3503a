/* case_figures.c - GET /api/v1/cases/figures (issue 6, items 10 and 12): the
 * public figures of cases for a period — received, accepted, completed,
 * completed on time, overdue and the on-time rate — for the whole district or
 * a site (with the sites below it), a tier, a department, optionally grouped
 * by department, site, tier or month. Public (DOMAIN.md §8: the district
 * publishes them), counters only: no personal data, nothing per case.
 *
 * Cost: the figures are sums over the counters, read by
 * store_case_figures_get/_by (src/store/sqlite_cases.c) from the coarsest
 * table that answers the filter exactly (0007_cases.sql): whole months from
 * case_counters_month (month x site x department), the days of a partial
 * month at either end from case_counters_day (day x site x department), and
 * with an item filter the detailed case_counters (day x site x department x
 * item). Sites are joined only for a site or tier filter or grouping. A
 * grouped request reads once: the totals are the sum of its groups. On the
 * demo year (458,143 cases; 352,510 detailed, 78,990 daily and 11,241
 * monthly rows) the default year grouped by month costs about 7 ms of CPU
 * (380 ms when it summed the detailed counters); it never reads the cases.
 *
 * Query: from, to (YYYY-MM-DD; default the 366 days ending today, which holds
 * the demo year ending yesterday), site_id, tier (district | township |
 * village), department_id, group (department | site | tier | month). A
 * period is at most FIG_MAX_DAYS long. Errors name the parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/org.h"
#include "http/app.h"

#define FIG_MAX_DAYS     1100 /* three years */
#define FIG_DEFAULT_DAYS 365  /* from = to - 365: the demo year and today */

/* The on-time rate in per cent with one decimal (null when nothing was
 * completed): completed on time / completed. */
static json_t *rate_json(const store_case_figures *f)
{
	if (f->completed <= 0)
		return json_null();
	int64_t permille = (f->on_time * 1000 + f->completed / 2) / f->completed;
	return json_real((double)permille / 10.0);
}

static json_t *figs_json(const store_case_figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "received", (json_int_t)f->received,
	                 "accepted", (json_int_t)f->accepted, "completed", (json_int_t)f->completed,
	                 "on_time", (json_int_t)f->on_time, "overdue", (json_int_t)f->overdue,
	                 "on_time_rate", rate_json(f));
}

/* English names of the departments (the counters carry the Chinese ones). */
static const char *dept_en(const store_cat_dept *d, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].d.id == id)
			return d[i].d.name_en;
	return "";
}

static json_t *rows_json(http_req *r, os_date today, const char *group,
                         const store_case_fig_row *rows, size_t n)
{
	store_cat_dept *depts = NULL;
	size_t nd = 0;
	if (!strcmp(group, "department") &&
	    store_catalog_departments(r->app->st, today, &depts, &nd) != OS_OK) {
		depts = NULL;
		nd = 0;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = figs_json(&rows[i].f);
		if (!strcmp(group, "month")) {
			char key[16];
			snprintf(key, sizeof key, "%04d-%02d", (int)(rows[i].key_id / 100 % 10000),
			         (int)(rows[i].key_id % 100));
			json_object_set_new(o, "key", json_string(key));
		} else if (!strcmp(group, "tier")) {
			json_object_set_new(o, "key",
			                    json_string(site_tier_key((site_tier)rows[i].key_id)));
		} else {
			json_object_set_new(o, "id", json_integer(rows[i].key_id));
			json_object_set_new(o, "name", json_string(rows[i].name));
			if (depts)
				json_object_set_new(
				    o, "name_en", json_string(dept_en(depts, nd, rows[i].key_id)));
		}
		json_array_append_new(a, o);
	}
	free(depts);
	return a;
}

void api_case_figures(http_req *r, http_resp *w)
{
	store_case_fig_filter f = {0};
	os_date today = api_today(r);
	if (!api_query_date(r, w, "to", today, &f.to) ||
	    !api_query_date(r, w, "from", f.to - FIG_DEFAULT_DAYS, &f.from))
		return;
	if (f.from > f.to) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "the period starts after it ends", "from");
		return;
	}
	if (f.to - f.from + 1 > FIG_MAX_DAYS) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "the period is longer than 1100 days", "from");
		return;
	}
	const char *tier = req_query(r, "tier");
	if (tier && !(f.tier = site_tier_parse(tier))) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "one of district, township, village", "tier");
		return;
	}
	f.site_id = req_query_int(r, "site_id", 0);
	if (f.site_id) {
		store_site_detail sd;
		os_err e = store_site_get(r->app->st, f.site_id, &sd);
		if (e == OS_ERR_NOT_FOUND) {
			resp_problem(w, 422, "invalid", "Invalid query parameter", "no such site",
			             "site_id");
			return;
		}
		if (e) {
			resp_error(w, e, "cannot read the site");
			return;
		}
		store_site_detail_free(&sd);
	}
	f.department_id = req_query_int(r, "department_id", 0);
	const char *group = req_query(r, "group");
	if (group && strcmp(group, "department") && strcmp(group, "site") &&
	    strcmp(group, "tier") && strcmp(group, "month")) {
		resp_problem(w, 422, "invalid", "Invalid query parameter",
		             "one of department, site, tier, month", "group");
		return;
	}
	/* grouped: the totals are the sum of the groups (each group reads the
	 * same rows once; at most 283 sites, 17 departments, 37 months, so the
	 * store's 1000-row cap never cuts), one snapshot for both */
	store_case_figures tot = {0};
	store_case_fig_row *rows = NULL;
	size_t n = 0;
	os_err e = group ? store_case_figures_by(r->app->st, &f, group, &rows, &n)
	                 : store_case_figures_get(r->app->st, &f, &tot);
	if (e) {
		resp_error(w, e, "cannot read the figures");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		tot.received += rows[i].f.received;
		tot.accepted += rows[i].f.accepted;
		tot.completed += rows[i].f.completed;
		tot.on_time += rows[i].f.on_time;
		tot.overdue += rows[i].f.overdue;
	}
	json_t *doc = json_pack("{s:o, s:o, s:o}", "from", api_date_json(f.from), "to",
	                        api_date_json(f.to), "totals", figs_json(&tot));
	json_object_set_new(doc, "site_id", f.site_id ? json_integer(f.site_id) : json_null());
	json_object_set_new(doc, "tier",
	                    f.tier ? json_string(site_tier_key((site_tier)f.tier)) : json_null());
	json_object_set_new(doc, "department_id",
	                    f.department_id ? json_integer(f.department_id) : json_null());
	if (group) {
		json_object_set_new(doc, "group", json_string(group));
		json_object_set_new(doc, "rows", rows_json(r, today, group, rows, n));
		free(rows);
	}
	resp_json(w, 200, doc);
}
