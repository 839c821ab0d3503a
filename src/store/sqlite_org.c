/* sqlite_org.c - organisation operations of the SQLite backend. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq.h"

static os_err counts_op(sq_conn *c, void *arg)
{
	store_org_counts *out = arg;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = sq_prep(c, "SELECT tier, count(*) FROM sites GROUP BY tier");
	if (!st)
		return OS_ERR_IO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int t = sqlite3_column_int(st, 0);
		if (t >= 1 && t <= 3)
			out->sites[t] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);
	st = sq_prep(c, "SELECT (SELECT count(*) FROM departments), (SELECT count(*) FROM areas),"
	                " (SELECT count(*) FROM windows), (SELECT count(*) FROM users)");
	if (!st)
		return OS_ERR_IO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->departments = sqlite3_column_int64(st, 0);
		out->areas = sqlite3_column_int64(st, 1);
		out->windows = sqlite3_column_int64(st, 2);
		out->users = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_org_counts_get(store *st, store_org_counts *out)
{
	return sq_read(st, counts_op, out);
}

static os_err demo_op(sq_conn *c, void *arg)
{
	const demo_district *d = arg;
	os_err e;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM sites");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n != 0)
		return n < 0 ? sq_err(rc) : OS_ERR_CONFLICT;

	for (size_t i = 0; i < d->n_departments; i++) {
		const org_department *p = &d->departments[i];
		st =
		    sq_prep(c, "INSERT INTO departments(id, code, name, name_en) VALUES (?,?,?,?)");
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_text(st, 2, p->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->name_en, -1, SQLITE_STATIC);
		if ((e = sq_exec(c, st)))
			return e;
	}
	for (size_t i = 0; i < d->n_sites; i++) {
		const org_site *s = &d->sites[i];
		st =
		    sq_prep(c, "INSERT INTO sites(id, code, name, name_en, tier, parent_id, hours, "
		               "address) VALUES (?,?,?,?,?,?,?,?)");
		sqlite3_bind_int64(st, 1, s->id);
		sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->name_en, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, (int)s->tier);
		sq_bind_opt(st, 6, s->parent_id);
		sqlite3_bind_text(st, 7, s->hours, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, s->address, -1, SQLITE_STATIC);
		if ((e = sq_exec(c, st)))
			return e;
	}
	for (size_t i = 0; i < d->n_stationed; i++) {
		st =
		    sq_prep(c, "INSERT INTO site_departments(site_id, department_id) VALUES (?,?)");
		sqlite3_bind_int64(st, 1, d->stationed[i].site_id);
		sqlite3_bind_int64(st, 2, d->stationed[i].department_id);
		if ((e = sq_exec(c, st)))
			return e;
	}
	for (size_t i = 0; i < d->n_areas; i++) {
		const org_area *a = &d->areas[i];
		st = sq_prep(
		    c, "INSERT INTO areas(id, site_id, code, name, name_en) VALUES (?,?,?,?,?)");
		sqlite3_bind_int64(st, 1, a->id);
		sqlite3_bind_int64(st, 2, a->site_id);
		sqlite3_bind_text(st, 3, a->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a->name_en, -1, SQLITE_STATIC);
		if ((e = sq_exec(c, st)))
			return e;
	}
	for (size_t i = 0; i < d->n_windows; i++) {
		const org_window *w = &d->windows[i];
		st = sq_prep(c, "INSERT INTO windows(id, site_id, area_id, number, kind, "
		                "department_id) VALUES (?,?,?,?,?,?)");
		sqlite3_bind_int64(st, 1, w->id);
		sqlite3_bind_int64(st, 2, w->site_id);
		sq_bind_opt(st, 3, w->area_id);
		sqlite3_bind_int(st, 4, w->number);
		sqlite3_bind_int(st, 5, (int)w->kind);
		sq_bind_opt(st, 6, w->department_id);
		if ((e = sq_exec(c, st)))
			return e;
	}
	for (size_t i = 0; i < d->n_users; i++) {
		const demo_user *u = &d->users[i];
		st = sq_prep(c,
		             "INSERT INTO users(login, display_name, role, site_id, department_id,"
		             " window_id, password_hash, created_at) VALUES (?,?,?,?,?,?,?,"
		             " strftime('%s','now'))");
		sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, u->display_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
		sq_bind_opt(st, 4, u->site_id);
		sq_bind_opt(st, 5, u->department_id);
		sq_bind_opt(st, 6, u->window_id);
		sqlite3_bind_text(st, 7, u->password_hash, -1, SQLITE_STATIC);
		if ((e = sq_exec(c, st)))
			return e;
	}
	return OS_OK;
}

os_err store_demo_load(store *st, const demo_district *d)
{
	return sq_write(st, demo_op, (void *)d);
}

static void read_site(sqlite3_stmt *st, int i, org_site *s)
{
	s->id = sqlite3_column_int64(st, i);
	sq_text(st, i + 1, s->code, sizeof s->code);
	sq_text(st, i + 2, s->name, sizeof s->name);
	sq_text(st, i + 3, s->name_en, sizeof s->name_en);
	s->tier = (site_tier)sqlite3_column_int(st, i + 4);
	s->parent_id = sqlite3_column_int64(st, i + 5);
	sq_text(st, i + 6, s->hours, sizeof s->hours);
	sq_text(st, i + 7, s->address, sizeof s->address);
}

typedef struct list_args {
	const store_site_filter *f;
	store_site_list *out;
} list_args;

static os_err list_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	const store_site_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM sites WHERE (?1 = 0 OR tier = ?1)"
	                              " AND (?2 = 0 OR parent_id = ?2)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, f->tier);
	sqlite3_bind_int64(st, 2, f->parent_id);
	int rc = sqlite3_step(st);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);

	st = sq_prep(c, "SELECT s.id, s.code, s.name, s.name_en, s.tier, s.parent_id, s.hours,"
	                " s.address, (SELECT count(*) FROM windows w WHERE w.site_id = s.id),"
	                " (SELECT count(*) FROM site_departments d WHERE d.site_id = s.id)"
	                " FROM sites s WHERE (?1 = 0 OR tier = ?1) AND (?2 = 0 OR parent_id = ?2)"
	                " ORDER BY s.tier, s.id LIMIT ?3 OFFSET ?4");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, f->tier);
	sqlite3_bind_int64(st, 2, f->parent_id);
	sqlite3_bind_int64(st, 3, f->limit);
	sqlite3_bind_int64(st, 4, f->offset);
	size_t cap = f->limit > 0 ? (size_t)f->limit : 1;
	a->out->rows = os_calloc(cap, sizeof *a->out->rows);
	a->out->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < cap) {
		store_site_row *r = &a->out->rows[a->out->n++];
		read_site(st, 0, &r->site);
		r->windows = sqlite3_column_int64(st, 8);
		r->departments = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? OS_OK : sq_err(rc);
}

os_err store_sites_list(store *st, const store_site_filter *f, store_site_list *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {f, out};
	os_err e = sq_read(st, list_op, &a);
	if (e)
		store_site_list_free(out);
	return e;
}

void store_site_list_free(store_site_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static os_err detail_op(sq_conn *c, void *arg)
{
	store_site_detail *d = arg;
	int64_t id = d->site.id;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, code, name, name_en, tier, parent_id, hours,"
	                              " address FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_site(st, 0, &d->site);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return OS_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return sq_err(rc);

	size_t cap = 0;
	st = sq_prep(c, "SELECT d.id, d.code, d.name, d.name_en FROM departments d JOIN "
	                "site_departments sd ON sd.department_id = d.id WHERE sd.site_id = ? "
	                "ORDER BY d.id");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->n_departments == cap) {
			cap = cap ? cap * 2 : 16;
			d->departments = os_realloc(d->departments, cap * sizeof *d->departments);
		}
		org_department *p = &d->departments[d->n_departments++];
		p->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, p->code, sizeof p->code);
		sq_text(st, 2, p->name, sizeof p->name);
		sq_text(st, 3, p->name_en, sizeof p->name_en);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);

	cap = 0;
	st = sq_prep(c, "SELECT id, site_id, code, name, name_en FROM areas WHERE site_id = ? "
	                "ORDER BY id");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->n_areas == cap) {
			cap = cap ? cap * 2 : 16;
			d->areas = os_realloc(d->areas, cap * sizeof *d->areas);
		}
		org_area *a = &d->areas[d->n_areas++];
		a->id = sqlite3_column_int64(st, 0);
		a->site_id = sqlite3_column_int64(st, 1);
		sq_text(st, 2, a->code, sizeof a->code);
		sq_text(st, 3, a->name, sizeof a->name);
		sq_text(st, 4, a->name_en, sizeof a->name_en);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);

	cap = 0;
	st = sq_prep(
	    c, "SELECT w.id, w.site_id, w.area_id, w.number, w.kind, w.department_id,"
	       " coalesce(d.name, ''), coalesce(a.name, ''), w.paused FROM windows w"
	       " LEFT JOIN departments d ON d.id = w.department_id"
	       " LEFT JOIN areas a ON a.id = w.area_id WHERE w.site_id = ? ORDER BY w.number");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->n_windows == cap) {
			cap = cap ? cap * 2 : 16;
			d->windows = os_realloc(d->windows, cap * sizeof *d->windows);
		}
		store_window_row *w = &d->windows[d->n_windows++];
		memset(w, 0, sizeof *w);
		w->w.id = sqlite3_column_int64(st, 0);
		w->w.site_id = sqlite3_column_int64(st, 1);
		w->w.area_id = sqlite3_column_int64(st, 2);
		w->w.number = sqlite3_column_int(st, 3);
		w->w.kind = (window_kind)sqlite3_column_int(st, 4);
		w->w.department_id = sqlite3_column_int64(st, 5);
		sq_text(st, 6, w->department_name, sizeof w->department_name);
		sq_text(st, 7, w->area_name, sizeof w->area_name);
		w->paused = sqlite3_column_int(st, 8) != 0;
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_site_get(store *st, int64_t id, store_site_detail *out)
{
	memset(out, 0, sizeof *out);
	out->site.id = id;
	os_err e = sq_read(st, detail_op, out);
	if (e)
		store_site_detail_free(out);
	return e;
}

void store_site_detail_free(store_site_detail *d)
{
	free(d->departments);
	free(d->areas);
	free(d->windows);
	d->departments = NULL;
	d->areas = NULL;
	d->windows = NULL;
	d->n_departments = d->n_areas = d->n_windows = 0;
}

typedef struct anc_args {
	int64_t id;
	int64_t *out;
	int cap, n;
} anc_args;

static os_err ancestors_op(sq_conn *c, void *arg)
{
	anc_args *a = arg;
	int64_t cur = a->id;
	a->n = 0;
	while (a->n < a->cap) {
		sqlite3_stmt *st =
		    sq_prep(c, "SELECT coalesce(parent_id, 0) FROM sites WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, cur);
		int rc = sqlite3_step(st);
		int64_t parent = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return a->n ? OS_OK : OS_ERR_NOT_FOUND;
		if (rc != SQLITE_ROW)
			return sq_err(rc);
		if (!parent)
			break;
		a->out[a->n++] = parent;
		cur = parent;
	}
	return OS_OK;
}

os_err store_site_ancestors(store *st, int64_t site_id, int64_t *out, int cap, int *n)
{
	anc_args a = {site_id, out, cap, 0};
	os_err e = sq_read(st, ancestors_op, &a);
	*n = a.n;
	return e;
}
