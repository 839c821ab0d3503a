/* sqlite_catalog_io.c - import and export of items, bundles, sites and
 * windows; window administration; the demo catalog. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq_catalog.h"

#define TXT(st, i, v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)

static void problem(cat_problem *p, const char *field, const char *reason)
{
	if (!p)
		return;
	snprintf(p->field, sizeof p->field, "%s", field);
	snprintf(p->reason, sizeof p->reason, "%s", reason);
}

static bool col_eq(sqlite3_stmt *st, int i, const char *s)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return !strcmp(t ? (const char *)t : "", s);
}

/* ---- sites ---- */

static int64_t site_id(lc *l, const char *code, int *tier)
{
	sqlite3_stmt *st = lc_prep(l, "SELECT id, tier FROM sites WHERE code = ?1");
	if (!st)
		return 0;
	TXT(st, 1, code);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (tier)
			*tier = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return id;
}

static os_err put_site(lc *l, const cat_site_row *r, int *outcome, cat_problem *p)
{
	const org_site *s = &r->site;
	int64_t parent = 0;
	if (r->parent[0]) {
		int ptier = 0;
		if (!(parent = site_id(l, r->parent, &ptier))) {
			problem(p, "parent",
			        "no such site (a parent must come before its children)");
			return OS_ERR_INVALID;
		}
		if (ptier != (int)s->tier - 1) {
			problem(p, "parent",
			        s->tier == TIER_TOWNSHIP
			            ? "a township's parent is a district center"
			            : "a village's parent is a township center");
			return OS_ERR_INVALID;
		}
	}
	int64_t depts[CAT_SITE_MAX_DEPTS];
	for (size_t i = 0; i < r->n_departments; i++) {
		if (!(depts[i] = catq_dept_id(l, r->departments[i]))) {
			char f[48];
			snprintf(f, sizeof f, "departments[%zu]", i);
			problem(p, f, "no such department");
			return OS_ERR_INVALID;
		}
	}
	sqlite3_stmt *st =
	    lc_prep(l, "SELECT id, name, name_en, tier, coalesce(parent_id, 0), hours,"
	               " address FROM sites WHERE code = ?1");
	if (!st)
		return OS_ERR_IO;
	TXT(st, 1, s->code);
	bool found;
	os_err e = catq_step1(st, &found);
	int64_t id = 0;
	bool same = false;
	if (found) {
		id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int(st, 3) != (int)s->tier) {
			sqlite3_reset(st);
			problem(p, "tier", "the tier of an existing site cannot change");
			return OS_ERR_INVALID;
		}
		same = col_eq(st, 1, s->name) && col_eq(st, 2, s->name_en) &&
		       sqlite3_column_int64(st, 4) == parent && col_eq(st, 5, s->hours) &&
		       col_eq(st, 6, s->address);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!found || !same) {
		st = found
		         ? lc_prep(l, "UPDATE sites SET name = ?2, name_en = ?3, parent_id ="
		                      " nullif(?4, 0), hours = ?5, address = ?6 WHERE id = ?1")
		         : lc_prep(l,
		                   "INSERT INTO sites(code, name, name_en, tier, parent_id, hours,"
		                   " address) VALUES (?7, ?2, ?3, ?8, nullif(?4, 0), ?5, ?6)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, id);
		TXT(st, 2, s->name);
		TXT(st, 3, s->name_en);
		sqlite3_bind_int64(st, 4, parent);
		TXT(st, 5, s->hours);
		TXT(st, 6, s->address);
		if (!found) {
			TXT(st, 7, s->code);
			sqlite3_bind_int(st, 8, (int)s->tier);
		}
		if ((e = sq_exec(l->c, st)))
			return e;
		if (!found)
			id = sqlite3_last_insert_rowid(l->c->db);
	}
	bool stations_changed = false;
	if (r->has_departments) {
		/* remove stations not listed (only without windows of theirs) */
		st = lc_prep(
		    l, "SELECT sd.department_id, d.code, (SELECT count(*) FROM windows w WHERE"
		       " w.site_id = sd.site_id AND w.department_id = sd.department_id) FROM"
		       " site_departments sd JOIN departments d ON d.id = sd.department_id"
		       " WHERE sd.site_id = ?1");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, id);
		int64_t drop[64];
		size_t n_drop = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t d = sqlite3_column_int64(st, 0);
			bool keep = false;
			for (size_t i = 0; i < r->n_departments && !keep; i++)
				keep = depts[i] == d;
			if (keep)
				continue;
			if (sqlite3_column_int64(st, 2) > 0) {
				char why[128];
				snprintf(
				    why, sizeof why,
				    "department %s has windows at this site: it stays stationed",
				    (const char *)sqlite3_column_text(st, 1));
				sqlite3_reset(st);
				problem(p, "departments", why);
				return OS_ERR_INVALID;
			}
			if (n_drop < 64)
				drop[n_drop++] = d;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sq_err(rc);
		for (size_t i = 0; i < n_drop; i++) {
			st = lc_prep(l, "DELETE FROM site_departments WHERE site_id = ?1 AND"
			                " department_id = ?2");
			if (!st)
				return OS_ERR_IO;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, drop[i]);
			if ((e = sq_exec(l->c, st)))
				return e;
			stations_changed = true;
		}
		for (size_t i = 0; i < r->n_departments; i++) {
			st = lc_prep(
			    l, "INSERT OR IGNORE INTO site_departments(site_id, department_id)"
			       " VALUES (?1, ?2)");
			if (!st)
				return OS_ERR_IO;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, depts[i]);
			if ((e = sq_exec(l->c, st)))
				return e;
			if (sqlite3_changes(l->c->db) > 0)
				stations_changed = true;
		}
	}
	*outcome = !found                        ? PUT_INSERTED
	           : (!same || stations_changed) ? PUT_UPDATED
	                                         : PUT_UNCHANGED;
	return OS_OK;
}

/* ---- windows ---- */

static os_err station(lc *l, int64_t site, int64_t dept)
{
	sqlite3_stmt *st =
	    lc_prep(l, "INSERT OR IGNORE INTO site_departments(site_id, department_id)"
	               " VALUES (?1, ?2)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int64(st, 2, dept);
	return sq_exec(l->c, st);
}

static int64_t area_id(lc *l, int64_t site, const char *code)
{
	sqlite3_stmt *st = lc_prep(l, "SELECT id FROM areas WHERE site_id = ?1 AND code = ?2");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, site);
	TXT(st, 2, code);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static os_err put_window(lc *l, const cat_window_row *r, int *outcome, cat_problem *p)
{
	int64_t site = site_id(l, r->site, NULL), area = 0, dept = 0;
	if (!site) {
		problem(p, "site", "no such site");
		return OS_ERR_INVALID;
	}
	if (r->area[0] && !(area = area_id(l, site, r->area))) {
		problem(p, "area", "no such area at this site");
		return OS_ERR_INVALID;
	}
	if (r->department[0] && !(dept = catq_dept_id(l, r->department))) {
		problem(p, "department", "no such department");
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st =
	    lc_prep(l, "SELECT id, kind, coalesce(area_id, 0), coalesce(department_id,"
	               " 0), paused FROM windows WHERE site_id = ?1 AND number = ?2");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int(st, 2, r->number);
	bool found;
	os_err e = catq_step1(st, &found);
	int64_t id = found ? sqlite3_column_int64(st, 0) : 0;
	bool same = found && sqlite3_column_int(st, 1) == (int)r->kind &&
	            sqlite3_column_int64(st, 2) == area && sqlite3_column_int64(st, 3) == dept &&
	            (sqlite3_column_int(st, 4) != 0) == r->paused;
	sqlite3_reset(st);
	if (e)
		return e;
	if (same) {
		*outcome = PUT_UNCHANGED;
		return OS_OK;
	}
	if (dept && (e = station(l, site, dept)))
		return e;
	st = found
	         ? lc_prep(l, "UPDATE windows SET kind = ?3, area_id = nullif(?4, 0), department_id"
	                      " = nullif(?5, 0), paused = ?6 WHERE id = ?1")
	         : lc_prep(l, "INSERT INTO windows(site_id, number, kind, area_id, department_id,"
	                      " paused) VALUES (?2, ?7, ?3, nullif(?4, 0), nullif(?5, 0), ?6)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, site);
	sqlite3_bind_int(st, 3, (int)r->kind);
	sqlite3_bind_int64(st, 4, area);
	sqlite3_bind_int64(st, 5, dept);
	sqlite3_bind_int(st, 6, r->paused);
	if (!found)
		sqlite3_bind_int(st, 7, r->number);
	if ((e = sq_exec(l->c, st)))
		return e;
	*outcome = found ? PUT_UPDATED : PUT_INSERTED;
	return OS_OK;
}

/* ---- import ---- */

typedef struct import_args {
	char today[OS_DATE_STRLEN];
	int64_t actor, now;
	const cat_import *im;
	store_cat_import_result *out;
} import_args;

static os_err import_op(sq_conn *c, void *arg)
{
	import_args *a = arg;
	const cat_import *im = a->im;
	lc l = {.c = c};
	os_err e = catq_promote_due(&l, a->today);
	size_t i = 0;
	for (; i < im->n && !e; i++) {
		int outcome = 0;
		int64_t id;
		cat_problem p = {"", ""};
		switch (im->what) {
		case CAT_WHAT_ITEMS: {
			cat_item it = im->items[i]; /* shallow: the store only sets ids */
			e = catq_put_item(&l, a->today, a->actor, a->now, 0, true, &it, &outcome,
			                  &p);
			break;
		}
		case CAT_WHAT_BUNDLES:
			e = catq_put_bundle(&l, a->today, a->now, 0, true, &im->bundles[i], &id,
			                    &outcome, &p);
			break;
		case CAT_WHAT_SITES:
			e = put_site(&l, &im->sites[i], &outcome, &p);
			break;
		case CAT_WHAT_WINDOWS:
			e = put_window(&l, &im->windows[i], &outcome, &p);
			break;
		default:
			e = OS_ERR_INVALID;
			snprintf(p.reason, sizeof p.reason, "nothing to import");
		}
		if (e) {
			a->out->err.line = im->lines ? im->lines[i] : 0;
			snprintf(a->out->err.field, sizeof a->out->err.field, "%s", p.field);
			snprintf(a->out->err.reason, sizeof a->out->err.reason, "%s",
			         p.reason[0] ? p.reason : os_strerror(e));
			if (p.reason[0])
				e = OS_ERR_INVALID;
			break;
		}
		if (outcome == PUT_INSERTED)
			a->out->inserted++;
		else if (outcome == PUT_UPDATED)
			a->out->updated++;
		else
			a->out->unchanged++;
	}
	if (!e && im->what == CAT_WHAT_ITEMS)
		e = catq_next_change(&l);
	if (!e && im->what == CAT_WHAT_ITEMS && a->out->inserted + a->out->updated >= 100)
		e = catq_optimize(&l);
	lc_done(&l);
	return e;
}

os_err store_catalog_import(store *st, os_date today, int64_t actor, int64_t now,
                            const cat_import *im, store_cat_import_result *out)
{
	memset(out, 0, sizeof *out);
	import_args a = {.actor = actor, .now = now, .im = im, .out = out};
	os_date_format(today, a.today);
	os_err e = sq_write(st, import_op, &a);
	if (e) {
		out->inserted = out->updated = out->unchanged = 0;
		if (!out->err.reason[0])
			snprintf(out->err.reason, sizeof out->err.reason, "%s", os_strerror(e));
	}
	return e;
}

/* ---- export ---- */

typedef struct export_args {
	cat_what what;
	os_err (*fn)(const store_cat_export_row *row, void *ctx);
	void *ctx;
} export_args;

static os_err export_items(lc *l, export_args *a)
{
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT i.code, v.effective_from, v.doc, v.department_id FROM catalog_items i JOIN"
	       " catalog_versions v ON v.item_id = i.id AND v.version = i.latest_version WHERE"
	       " i.retired_on IS NULL ORDER BY i.id");
	if (!st)
		return OS_ERR_IO;
	os_err e = OS_OK;
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t jerr;
		json_t *o = json_loads((const char *)sqlite3_column_text(st, 2), 0, &jerr);
		cat_item it;
		cat_problem p;
		if (!o || cat_item_from_json(o, &it, &p)) {
			json_decref(o);
			e = OS_ERR_INTERNAL;
			break;
		}
		json_decref(o);
		const char *eff = (const char *)sqlite3_column_text(st, 1);
		os_date_parse(eff, strlen(eff), &it.effective_from);
		it.has_effective = true;
		it.department_id = sqlite3_column_int64(st, 3);
		store_cat_export_row row = {.item = &it};
		e = a->fn(&row, a->ctx);
		cat_item_free(&it);
	}
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	sqlite3_reset(st);
	return e;
}

static os_err export_bundles(lc *l, export_args *a)
{
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT b.id, b.code, b.name, b.name_en, d.code, b.description FROM"
	       " catalog_bundles b JOIN departments d ON d.id = b.lead_department_id ORDER BY"
	       " b.id");
	sqlite3_stmt *mt =
	    lc_prep(l, "SELECT i.code FROM catalog_bundle_items bi JOIN catalog_items"
	               " i ON i.id = bi.item_id WHERE bi.bundle_id = ?1 ORDER BY"
	               " bi.pos");
	if (!st || !mt)
		return OS_ERR_IO;
	os_err e = OS_OK;
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cat_bundle b;
		memset(&b, 0, sizeof b);
		b.id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, b.code, sizeof b.code);
		sq_text(st, 2, b.name, sizeof b.name);
		sq_text(st, 3, b.name_en, sizeof b.name_en);
		sq_text(st, 4, b.lead_department, sizeof b.lead_department);
		sq_text(st, 5, b.description, sizeof b.description);
		sqlite3_reset(mt);
		sqlite3_bind_int64(mt, 1, b.id);
		while (sqlite3_step(mt) == SQLITE_ROW && b.n_items < CAT_BUNDLE_MAX_ITEMS)
			sq_text(mt, 0, b.items[b.n_items++], CAT_CODE_MAX);
		sqlite3_reset(mt);
		store_cat_export_row row = {.bundle = &b};
		e = a->fn(&row, a->ctx);
	}
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	sqlite3_reset(st);
	return e;
}

static os_err export_sites(lc *l, export_args *a)
{
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT s.id, s.code, s.name, s.name_en, s.tier, coalesce(p.code, ''), s.hours,"
	       " s.address FROM sites s LEFT JOIN sites p ON p.id = s.parent_id ORDER BY s.tier, "
	       "s.id");
	sqlite3_stmt *dt =
	    lc_prep(l, "SELECT d.code FROM site_departments sd JOIN departments d ON"
	               " d.id = sd.department_id WHERE sd.site_id = ?1 ORDER BY d.id");
	if (!st || !dt)
		return OS_ERR_IO;
	os_err e = OS_OK;
	int rc;
	cat_site_row *r = os_calloc(1, sizeof *r);
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(r, 0, sizeof *r);
		r->site.id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r->site.code, sizeof r->site.code);
		sq_text(st, 2, r->site.name, sizeof r->site.name);
		sq_text(st, 3, r->site.name_en, sizeof r->site.name_en);
		r->site.tier = (site_tier)sqlite3_column_int(st, 4);
		sq_text(st, 5, r->parent, sizeof r->parent);
		sq_text(st, 6, r->site.hours, sizeof r->site.hours);
		sq_text(st, 7, r->site.address, sizeof r->site.address);
		r->has_departments = true;
		sqlite3_reset(dt);
		sqlite3_bind_int64(dt, 1, r->site.id);
		while (sqlite3_step(dt) == SQLITE_ROW && r->n_departments < CAT_SITE_MAX_DEPTS)
			sq_text(dt, 0, r->departments[r->n_departments++], ORG_CODE_MAX);
		sqlite3_reset(dt);
		store_cat_export_row row = {.site = r};
		e = a->fn(&row, a->ctx);
	}
	free(r);
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	sqlite3_reset(st);
	return e;
}

static os_err export_windows(lc *l, export_args *a)
{
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT s.code, w.number, w.kind, coalesce(ar.code, ''), coalesce(d.code, ''),"
	       " w.paused FROM windows w JOIN sites s ON s.id = w.site_id LEFT JOIN areas ar ON"
	       " ar.id = w.area_id LEFT JOIN departments d ON d.id = w.department_id ORDER BY"
	       " s.tier, s.id, w.number");
	if (!st)
		return OS_ERR_IO;
	os_err e = OS_OK;
	int rc;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cat_window_row w;
		memset(&w, 0, sizeof w);
		sq_text(st, 0, w.site, sizeof w.site);
		w.number = sqlite3_column_int(st, 1);
		w.kind = (window_kind)sqlite3_column_int(st, 2);
		sq_text(st, 3, w.area, sizeof w.area);
		sq_text(st, 4, w.department, sizeof w.department);
		w.paused = sqlite3_column_int(st, 5) != 0;
		store_cat_export_row row = {.window = &w};
		e = a->fn(&row, a->ctx);
	}
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	sqlite3_reset(st);
	return e;
}

static os_err export_op(sq_conn *c, void *arg)
{
	export_args *a = arg;
	lc l = {.c = c};
	os_err e;
	switch (a->what) {
	case CAT_WHAT_ITEMS:
		e = export_items(&l, a);
		break;
	case CAT_WHAT_BUNDLES:
		e = export_bundles(&l, a);
		break;
	case CAT_WHAT_SITES:
		e = export_sites(&l, a);
		break;
	case CAT_WHAT_WINDOWS:
		e = export_windows(&l, a);
		break;
	default:
		e = OS_ERR_INVALID;
	}
	lc_done(&l);
	return e;
}

os_err store_catalog_export(store *st, cat_what what,
                            os_err (*fn)(const store_cat_export_row *row, void *ctx), void *ctx)
{
	export_args a = {what, fn, ctx};
	return sq_read(st, export_op, &a);
}

/* ---- window administration ---- */

static os_err read_window(lc *l, int64_t id, store_window_row *out)
{
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT w.id, w.site_id, coalesce(w.area_id, 0), w.number, w.kind,"
	       " coalesce(w.department_id, 0), coalesce(d.name, ''), coalesce(a.name, ''), w.paused"
	       " FROM windows w LEFT JOIN departments d ON d.id = w.department_id LEFT JOIN areas a"
	       " ON a.id = w.area_id WHERE w.id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bool row;
	os_err e = catq_step1(st, &row);
	if (row) {
		memset(out, 0, sizeof *out);
		out->w.id = sqlite3_column_int64(st, 0);
		out->w.site_id = sqlite3_column_int64(st, 1);
		out->w.area_id = sqlite3_column_int64(st, 2);
		out->w.number = sqlite3_column_int(st, 3);
		out->w.kind = (window_kind)sqlite3_column_int(st, 4);
		out->w.department_id = sqlite3_column_int64(st, 5);
		sq_text(st, 6, out->department_name, sizeof out->department_name);
		sq_text(st, 7, out->area_name, sizeof out->area_name);
		out->paused = sqlite3_column_int(st, 8) != 0;
	}
	sqlite3_reset(st);
	return e ? e : row ? OS_OK : OS_ERR_NOT_FOUND;
}

/* Check a window's fields against its site; station its department. */
static os_err check_window(lc *l, const org_window *w, int64_t self, cat_problem *p)
{
	if (w->number < 1 || w->number > 999) {
		problem(p, "number", "must be from 1 to 999");
		return OS_ERR_INVALID;
	}
	if (w->kind < WINDOW_COMPREHENSIVE || w->kind > WINDOW_PORT_VISA) {
		problem(p, "kind", "unknown window kind");
		return OS_ERR_INVALID;
	}
	if ((w->kind == WINDOW_DEPARTMENT) != (w->department_id != 0)) {
		problem(p, "department_id",
		        w->kind == WINDOW_DEPARTMENT ? "a department window needs a department"
		                                     : "only department windows have a department");
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st = lc_prep(
	    l,
	    "SELECT (SELECT count(*) FROM sites WHERE id = ?1), (SELECT count(*) FROM windows"
	    " WHERE site_id = ?1 AND number = ?2 AND id <> ?3), (SELECT count(*) FROM areas WHERE"
	    " id = ?4 AND site_id = ?1), (SELECT count(*) FROM departments WHERE id = ?5)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w->site_id);
	sqlite3_bind_int(st, 2, w->number);
	sqlite3_bind_int64(st, 3, self);
	sqlite3_bind_int64(st, 4, w->area_id);
	sqlite3_bind_int64(st, 5, w->department_id);
	bool row;
	os_err e = catq_step1(st, &row);
	bool site_ok = row && sqlite3_column_int(st, 0) == 1;
	bool number_taken = row && sqlite3_column_int(st, 1) > 0;
	bool area_ok = !w->area_id || (row && sqlite3_column_int(st, 2) == 1);
	bool dept_ok = !w->department_id || (row && sqlite3_column_int(st, 3) == 1);
	sqlite3_reset(st);
	if (e)
		return e;
	if (!site_ok)
		return OS_ERR_NOT_FOUND;
	if (number_taken) {
		problem(p, "number", "this site has a window with that number");
		return OS_ERR_CONFLICT;
	}
	if (!area_ok) {
		problem(p, "area_id", "no such area at this site");
		return OS_ERR_INVALID;
	}
	if (!dept_ok) {
		problem(p, "department_id", "no such department");
		return OS_ERR_INVALID;
	}
	return w->department_id ? station(l, w->site_id, w->department_id) : OS_OK;
}

typedef struct window_args {
	int64_t id;
	org_window w;
	bool paused;
	const store_window_change *ch;
	store_window_row *out;
	cat_problem *p;
} window_args;

static os_err window_create_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	lc l = {.c = c};
	os_err e = check_window(&l, &a->w, 0, a->p);
	if (!e) {
		sqlite3_stmt *st =
		    lc_prep(&l, "INSERT INTO windows(site_id, area_id, number, kind,"
		                " department_id, paused) VALUES (?1, nullif(?2, 0), ?3,"
		                " ?4, nullif(?5, 0), ?6)");
		if (!st) {
			e = OS_ERR_IO;
		} else {
			sqlite3_bind_int64(st, 1, a->w.site_id);
			sqlite3_bind_int64(st, 2, a->w.area_id);
			sqlite3_bind_int(st, 3, a->w.number);
			sqlite3_bind_int(st, 4, (int)a->w.kind);
			sqlite3_bind_int64(st, 5, a->w.department_id);
			sqlite3_bind_int(st, 6, a->paused);
			e = sq_exec(c, st);
			a->id = sqlite3_last_insert_rowid(c->db);
		}
	}
	lc_done(&l);
	return e;
}

os_err store_window_create(store *st, const org_window *w, bool paused, int64_t *id_out,
                           cat_problem *p)
{
	window_args a = {.w = *w, .paused = paused, .p = p};
	os_err e = sq_write(st, window_create_op, &a);
	*id_out = e ? 0 : a.id;
	return e;
}

static os_err window_update_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	lc l = {.c = c};
	store_window_row cur;
	os_err e = read_window(&l, a->id, &cur);
	if (e)
		goto out;
	org_window w = cur.w;
	bool paused = cur.paused;
	const store_window_change *ch = a->ch;
	if (ch->set_number)
		w.number = ch->number;
	if (ch->set_kind) {
		w.kind = ch->kind;
		if (w.kind != WINDOW_DEPARTMENT && !ch->set_department)
			w.department_id = 0;
	}
	if (ch->set_department)
		w.department_id = ch->department_id;
	if (ch->set_area)
		w.area_id = ch->area_id;
	if (ch->set_paused)
		paused = ch->paused;
	if ((e = check_window(&l, &w, a->id, a->p)))
		goto out;
	sqlite3_stmt *st = lc_prep(&l, "UPDATE windows SET number = ?2, kind = ?3, department_id ="
	                               " nullif(?4, 0), area_id = nullif(?5, 0), paused = ?6 WHERE"
	                               " id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int(st, 2, w.number);
	sqlite3_bind_int(st, 3, (int)w.kind);
	sqlite3_bind_int64(st, 4, w.department_id);
	sqlite3_bind_int64(st, 5, w.area_id);
	sqlite3_bind_int(st, 6, paused);
	if ((e = sq_exec(c, st)))
		goto out;
	e = read_window(&l, a->id, a->out);
out:
	lc_done(&l);
	return e;
}

os_err store_window_update(store *st, int64_t id, const store_window_change *c,
                           store_window_row *out, cat_problem *p)
{
	window_args a = {.id = id, .ch = c, .out = out, .p = p};
	return sq_write(st, window_update_op, &a);
}

static os_err window_get_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	lc l = {.c = c};
	os_err e = read_window(&l, a->id, a->out);
	lc_done(&l);
	return e;
}

os_err store_window_get(store *st, int64_t id, store_window_row *out)
{
	window_args a = {.id = id, .out = out};
	return sq_read(st, window_get_op, &a);
}

/* ---- the demo catalog ---- */

typedef struct demo_args {
	int64_t now;
	char today[OS_DATE_STRLEN];
	const demo_catalog *c;
} demo_args;

static os_err demo_op(sq_conn *c, void *arg)
{
	demo_args *a = arg;
	lc l = {.c = c};
	os_err e = OS_OK;
	sqlite3_stmt *st = lc_prep(&l, "SELECT count(*) FROM catalog_items");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	bool row;
	e = catq_step1(st, &row);
	int64_t n = row ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (e)
		goto out;
	if (n) {
		e = OS_ERR_CONFLICT;
		goto out;
	}
	os_date eff;
	os_date_parse("2024-01-01", 10, &eff);
	for (size_t i = 0; i < a->c->n_items && !e; i++) {
		cat_item it = a->c->items[i];
		it.effective_from = eff;
		it.has_effective = true;
		int outcome;
		cat_problem p;
		e = catq_put_item(&l, a->today, 0, a->now, 0, false, &it, &outcome, &p);
		if (e)
			fprintf(stderr, "onestop: demo item %s: %s: %s\n", it.code, p.field,
			        p.reason);
	}
	/* The first item got a second version: its promised limit was cut. */
	if (!e && a->c->n_items) {
		cat_item it;
		cat_item_copy(&it, &a->c->items[0]);
		os_date_parse("2025-07-01", 10, &it.effective_from);
		it.has_effective = true;
		if (!it.immediate && it.promised_days > 1)
			it.promised_days = 1;
		cat_item_add_keyword(&it, "一网通办");
		int outcome;
		cat_problem p;
		e = catq_put_item(&l, a->today, 0, a->now, 0, true, &it, &outcome, &p);
		cat_item_free(&it);
	}
	for (size_t i = 0; i < a->c->n_bundles && !e; i++) {
		int64_t id;
		int outcome;
		cat_problem p;
		e = catq_put_bundle(&l, a->today, a->now, 0, true, &a->c->bundles[i], &id, &outcome,
		                    &p);
		if (e)
			fprintf(stderr, "onestop: demo bundle %s: %s: %s\n", a->c->bundles[i].code,
			        p.field, p.reason);
	}
	if (!e)
		e = catq_next_change(&l);
	if (!e)
		e = catq_optimize(&l);
out:
	lc_done(&l);
	return e;
}

os_err store_catalog_demo_load(store *st, int64_t now, const demo_catalog *c)
{
	demo_args a = {.now = now, .c = c};
	os_date today;
	if (os_date_from_unix(now, &today))
		return OS_ERR_INVALID;
	os_date_format(today, a.today);
	return sq_write(st, demo_op, &a);
}
