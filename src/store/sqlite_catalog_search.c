/* sqlite_catalog_search.c - the catalog's public reads in SQLite: search
 * over the three FTS5 indexes, departments with their counts, the summary
 * figures and the depth labels. Items and bundles: sqlite_catalog.c. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq_catalog.h"

#define TXT(st, i, v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)

/* ---- search ---- */

typedef struct search_args {
	catq_read_hdr h;
	const cat_search_plan *plan;
	int64_t offset, limit;
	store_cat_page *out;
} search_args;

static os_err count_of(sqlite3_stmt *st, int64_t *n)
{
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return sq_err(rc);
}

/* Append the ids a page statement yields. */
static os_err collect(sqlite3_stmt *st, int64_t *ids, int *match, size_t *n, size_t cap, int tier)
{
	int rc = SQLITE_DONE;
	while (*n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[*n] = sqlite3_column_int64(st, 0);
		match[*n] = tier;
		(*n)++;
	}
	if (*n >= cap)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return sq_err(rc);
}

static void read_row(sqlite3_stmt *st, store_cat_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int(st, 1);
	sq_text(st, 2, r->code, sizeof r->code);
	sq_text(st, 3, r->name, sizeof r->name);
	sq_text(st, 4, r->name_en, sizeof r->name_en);
	r->department_id = sqlite3_column_int64(st, 5);
	sq_text(st, 6, r->department_code, sizeof r->department_code);
	sq_text(st, 7, r->department_name, sizeof r->department_name);
	sq_text(st, 8, r->department_name_en, sizeof r->department_name_en);
	r->type = (cat_type)sqlite3_column_int(st, 9);
	r->depth = sqlite3_column_int(st, 10);
	r->immediate = sqlite3_column_int(st, 11) != 0;
	r->channels = (unsigned)sqlite3_column_int(st, 12);
	r->accept_tiers = (unsigned)sqlite3_column_int(st, 13);
	r->decide_tier = (site_tier)sqlite3_column_int(st, 14);
	r->life_events = (uint32_t)sqlite3_column_int64(st, 15);
	r->visits = sqlite3_column_int(st, 16);
	r->legal_days = sqlite3_column_int(st, 17);
	r->promised_days = sqlite3_column_int(st, 18);
	r->fee_fen = sqlite3_column_int64(st, 19);
}

/* The statements of one index: count (capped) and page. SQL text is fixed;
 * the FTS5 expression is a bound parameter. */
static sqlite3_stmt *tier_count(sq_conn *c, int index)
{
	switch (index) {
	case 0:
		return sq_prep(c, "SELECT count(*) FROM (SELECT rowid FROM catalog_fts WHERE"
		                  " catalog_fts MATCH ?1 LIMIT ?2)");
	case 1:
		return sq_prep(c, "SELECT count(*) FROM (SELECT rowid FROM catalog_fts_all WHERE"
		                  " catalog_fts_all MATCH ?1 LIMIT ?2)");
	default:
		return sq_prep(c, "SELECT count(*) FROM (SELECT rowid FROM catalog_fts_short WHERE"
		                  " catalog_fts_short MATCH ?1 LIMIT ?2)");
	}
}

static sqlite3_stmt *tier_page(sq_conn *c, int index)
{
	switch (index) {
	case 0:
		return sq_prep(c,
		               "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH ?1 ORDER BY"
		               " rowid LIMIT ?2 OFFSET ?3");
	case 1:
		return sq_prep(c, "SELECT rowid FROM catalog_fts_all WHERE catalog_fts_all MATCH ?1"
		                  " ORDER BY rowid LIMIT ?2 OFFSET ?3");
	default:
		return sq_prep(c,
		               "SELECT rowid FROM catalog_fts_short WHERE catalog_fts_short MATCH"
		               " ?1 ORDER BY rowid LIMIT ?2 OFFSET ?3");
	}
}

typedef struct search_tier {
	int index;        /* 0 catalog_fts, 1 catalog_fts_all, 2 catalog_fts_short */
	const char *expr; /* FTS5 expression */
	int match;        /* store_cat_row.match of its rows */
} search_tier;

/* Rows at global positions offset.. of the tiers in order. A tier's page
 * query stops at the rows it needs; a tier is counted only when the page
 * starts beyond it (its size then places the next tier). The total is one
 * count of the union of the tiers (capped). */
static os_err search_op(sq_conn *c, void *arg)
{
	search_args *a = arg;
	if (catq_stale(c, &a->h))
		return OS_OK;
	const cat_search_plan *p = a->plan;
	search_tier tiers[3];
	int nt = 0;
	const char *union_expr = NULL;
	int union_index = 0;
	bool words = false;
	if (p->short_only) {
		tiers[nt++] = (search_tier){2, p->grams, 1};
		union_expr = p->grams;
		union_index = 2;
		words = true;
	} else if (p->kw[0]) {
		tiers[nt++] = (search_tier){0, p->main, 1};
		tiers[nt++] = (search_tier){0, p->kw, 3};
		tiers[nt++] = (search_tier){1, p->all, 2};
		union_expr = p->any;
		union_index = 1;
		words = true;
	} else {
		tiers[nt++] = (search_tier){0, p->main, 0};
		union_expr = p->main;
	}
	size_t lim = (size_t)a->limit;
	int64_t *ids = os_calloc(lim ? lim : 1, sizeof *ids);
	int *match = os_calloc(lim ? lim : 1, sizeof *match);
	size_t n = 0;
	int64_t pos = 0; /* global position of the current tier's first row */
	os_err e = OS_OK;
	sqlite3_stmt *st;
	for (int i = 0; i < nt && n < lim; i++) {
		int64_t off = a->offset + (int64_t)n - pos, want = (int64_t)(lim - n);
		if (!(st = tier_page(c, tiers[i].index))) {
			e = OS_ERR_IO;
			goto out;
		}
		TXT(st, 1, tiers[i].expr);
		sqlite3_bind_int64(st, 2, want);
		sqlite3_bind_int64(st, 3, off);
		size_t before = n;
		if ((e = collect(st, ids, match, &n, lim, tiers[i].match)))
			goto out;
		int64_t got = (int64_t)(n - before);
		if (got == want || i == nt - 1)
			break;
		/* the tier ends here: its size places the next tier */
		int64_t size = got;
		if (got > 0 || off == 0) {
			size = off + got;
		} else {
			if (!(st = tier_count(c, tiers[i].index))) {
				e = OS_ERR_IO;
				goto out;
			}
			TXT(st, 1, tiers[i].expr);
			sqlite3_bind_int64(st, 2, off);
			if ((e = count_of(st, &size)))
				goto out;
		}
		pos += size;
	}
	/* Browsing (no words) counts filter tags, single tokens: exact up to a
	 * higher cap; everything is the number of rows. */
	int64_t cap = words ? STORE_CAT_COUNT_CAP : STORE_CAT_BROWSE_CAP;
	if (p->everything) {
		st = sq_prep(c, "SELECT count(*) FROM catalog_search");
		cap = INT64_MAX;
	} else {
		st = tier_count(c, union_index);
	}
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	if (!p->everything) {
		TXT(st, 1, union_expr);
		sqlite3_bind_int64(st, 2, cap);
	}
	if ((e = count_of(st, &a->out->total)))
		goto out;
	a->out->total_capped = a->out->total >= cap;
	a->out->rows = os_calloc(n ? n : 1, sizeof *a->out->rows);
	st =
	    sq_prep(c, "SELECT s.id, s.version, s.code, s.name, s.name_en, s.department_id, d.code,"
	               " d.name, d.name_en, s.type, s.depth, s.immediate, s.channels,"
	               " s.accept_tiers, s.decide_tier, s.life_events, s.visits, s.legal_days,"
	               " s.promised_days, s.fee_fen FROM catalog_search s JOIN departments d"
	               " ON d.id = s.department_id WHERE s.id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		bool row;
		if ((e = catq_step1(st, &row)))
			break;
		if (!row)
			continue;
		store_cat_row *r = &a->out->rows[a->out->n++];
		read_row(st, r);
		r->match = match[i];
	}
	sqlite3_reset(st);
out:
	free(ids);
	free(match);
	return e;
}

os_err store_catalog_search(store *st, os_date today, const cat_search_plan *plan, int64_t offset,
                            int64_t limit, store_cat_page *out)
{
	memset(out, 0, sizeof *out);
	if (limit < 1 || limit > 200 || offset < 0)
		return OS_ERR_INVALID;
	search_args a = {.plan = plan, .offset = offset, .limit = limit, .out = out};
	catq_today(today, a.h.today);
	os_err e = catq_fresh_read(st, &a.h, search_op, &a);
	if (e)
		store_cat_page_free(out);
	return e;
}

void store_cat_page_free(store_cat_page *p)
{
	free(p->rows);
	memset(p, 0, sizeof *p);
}

/* ---- departments, summary, depth labels ---- */

typedef struct depts_args {
	catq_read_hdr h;
	store_cat_dept *out;
	size_t n;
} depts_args;

static os_err depts_op(sq_conn *c, void *arg)
{
	depts_args *a = arg;
	if (catq_stale(c, &a->h))
		return OS_OK;
	lc l = {.c = c};
	os_err e = OS_OK;
	sqlite3_stmt *st = lc_prep(
	    &l, "SELECT d.id, d.code, d.name, d.name_en, (SELECT count(*) FROM"
	        " catalog_search s WHERE s.department_id = d.id) FROM departments d ORDER BY"
	        " d.id");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (a->n == cap) {
			cap = cap ? cap * 2 : 32;
			a->out = os_realloc(a->out, cap * sizeof *a->out);
		}
		store_cat_dept *x = &a->out[a->n++];
		memset(x, 0, sizeof *x);
		x->d.id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, x->d.code, sizeof x->d.code);
		sq_text(st, 2, x->d.name, sizeof x->d.name);
		sq_text(st, 3, x->d.name_en, sizeof x->d.name_en);
		x->items = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	e = sq_err(rc);
out:
	lc_done(&l);
	return e;
}

os_err store_catalog_departments(store *st, os_date today, store_cat_dept **out, size_t *n)
{
	depts_args a = {0};
	catq_today(today, a.h.today);
	os_err e = catq_fresh_read(st, &a.h, depts_op, &a);
	*out = sq_rows_take(e, a.out, a.n, n);
	return e;
}

typedef struct summary_args {
	catq_read_hdr h;
	store_cat_summary *out;
} summary_args;

static os_err summary_op(sq_conn *c, void *arg)
{
	summary_args *a = arg;
	if (catq_stale(c, &a->h))
		return OS_OK;
	store_cat_summary *o = a->out;
	memset(o, 0, sizeof *o);
	lc l = {.c = c};
	os_err e = OS_OK;
	bool row;
	sqlite3_stmt *st = lc_prep(
	    &l, "SELECT count(*), total(type <> 8), total(type = 1), total(depth >= 3),"
	        " total(immediate), total(visits = 0), total(fee_fen = 0), total(depth = 1),"
	        " total(depth = 2), total(depth = 3), total(depth = 4), count(DISTINCT"
	        " department_id), (SELECT count(*) FROM catalog_bundles) FROM catalog_search");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	if ((e = catq_step1(st, &row)) || !row) {
		sqlite3_reset(st);
		goto out;
	}
	o->items = sqlite3_column_int64(st, 0);
	o->power = sqlite3_column_int64(st, 1);
	o->licensing = sqlite3_column_int64(st, 2);
	o->online = sqlite3_column_int64(st, 3);
	o->immediate = sqlite3_column_int64(st, 4);
	o->zero_visit = sqlite3_column_int64(st, 5);
	o->free_of_charge = sqlite3_column_int64(st, 6);
	for (int d = 1; d <= 4; d++)
		o->depth[d] = sqlite3_column_int64(st, 6 + d);
	o->departments = sqlite3_column_int64(st, 11);
	o->bundles = sqlite3_column_int64(st, 12);
	sqlite3_reset(st);
	st = lc_prep(&l, "SELECT life_events, count(*) FROM catalog_search WHERE life_events <> 0"
	                 " GROUP BY life_events");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t ev = (uint32_t)sqlite3_column_int64(st, 0);
		int64_t k = sqlite3_column_int64(st, 1);
		for (int i = 0; i < 32; i++)
			if (ev & (1u << i))
				o->events[i] += k;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = sq_err(rc);
		goto out;
	}
	st = lc_prep(&l, "SELECT depth, label_zh, label_en FROM catalog_depth_labels");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);
		if (d >= 1 && d <= 4) {
			sq_text(st, 1, o->depth_zh[d], sizeof o->depth_zh[d]);
			sq_text(st, 2, o->depth_en[d], sizeof o->depth_en[d]);
		}
	}
	sqlite3_reset(st);
	e = sq_err(rc);
out:
	lc_done(&l);
	return e;
}

os_err store_catalog_summary(store *st, os_date today, store_cat_summary *out)
{
	summary_args a = {.out = out};
	catq_today(today, a.h.today);
	return catq_fresh_read(st, &a.h, summary_op, &a);
}

typedef struct label_args {
	int depth;
	const char *zh, *en;
} label_args;

static os_err label_op(sq_conn *c, void *arg)
{
	label_args *a = arg;
	lc l = {.c = c};
	sqlite3_stmt *st =
	    lc_prep(&l, "UPDATE catalog_depth_labels SET label_zh = ?2, label_en = ?3 WHERE depth ="
	                " ?1");
	os_err e = OS_ERR_IO;
	if (st) {
		sqlite3_bind_int(st, 1, a->depth);
		TXT(st, 2, a->zh);
		TXT(st, 3, a->en);
		e = sq_exec(c, st);
		if (!e && sqlite3_changes(c->db) != 1)
			e = OS_ERR_NOT_FOUND;
	}
	lc_done(&l);
	return e;
}

os_err store_depth_label_set(store *st, int depth, const char *zh, const char *en)
{
	label_args a = {depth, zh, en};
	return sq_write(st, label_op, &a);
}

typedef struct labels_args {
	char (*zh)[128], (*en)[128];
} labels_args;

static os_err labels_op(sq_conn *c, void *arg)
{
	labels_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT depth, label_zh, label_en FROM catalog_depth_labels");
	if (!st)
		return OS_ERR_IO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);
		if (d >= 1 && d <= 4) {
			sq_text(st, 1, a->zh[d], 128);
			sq_text(st, 2, a->en[d], 128);
		}
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_depth_labels(store *st, char zh[5][128], char en[5][128])
{
	memset(zh, 0, 5 * 128);
	memset(en, 0, 5 * 128);
	labels_args a = {zh, en};
	return sq_read(st, labels_op, &a);
}
