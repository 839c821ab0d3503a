/* sqlite_catalog.c - the catalog in SQLite: item versions, the current
 * version cache and its refresh, bundles. Search, departments and the
 * summary are in sqlite_catalog_search.c; import, export, window
 * administration and the demo load in sqlite_catalog_io.c. Schema:
 * migrations/0004_catalog.sql. */
#include <stdlib.h>
#include <string.h>

#include "core/catalog_io.h"
#include "core/mem.h"
#include "store/sq_catalog.h"

/* ---- the per-operation statement cache ---- */

sqlite3_stmt *lc_prep(lc *l, const char *sql)
{
	for (int i = 0; i < l->n; i++)
		if (l->s[i].sql == sql) {
			sqlite3_reset(l->s[i].st);
			sqlite3_clear_bindings(l->s[i].st);
			return l->s[i].st;
		}
	if (l->n == LC_MAX)
		return NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(l->c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	l->s[l->n].sql = sql;
	l->s[l->n].st = st;
	l->n++;
	return st;
}

void lc_done(lc *l)
{
	for (int i = 0; i < l->n; i++)
		sqlite3_finalize(l->s[i].st);
	l->n = 0;
}

static void problem(cat_problem *p, const char *field, const char *reason)
{
	if (!p)
		return;
	snprintf(p->field, sizeof p->field, "%s", field);
	snprintf(p->reason, sizeof p->reason, "%s", reason);
}

void catq_today(os_date today, char out[OS_DATE_STRLEN])
{
	os_date_format(today, out);
}

#define TXT(st, i, v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)

os_err catq_step1(sqlite3_stmt *st, bool *row)
{
	int rc = sqlite3_step(st);
	*row = rc == SQLITE_ROW;
	return sq_err(rc);
}

int64_t catq_dept_id(lc *l, const char *code)
{
	sqlite3_stmt *st = lc_prep(l, "SELECT id FROM departments WHERE code = ?1");
	if (!st)
		return 0;
	TXT(st, 1, code);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static os_err doc_to_item(const char *doc, cat_item *out)
{
	json_error_t jerr;
	json_t *o = json_loads(doc, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		memset(out, 0, sizeof *out);
		return OS_ERR_INTERNAL;
	}
	cat_problem p;
	os_err e = cat_item_from_json(o, out, &p);
	json_decref(o);
	return e ? OS_ERR_INTERNAL : OS_OK;
}

/* ---- the search row of an item's current version ---- */

static os_err write_search_row(lc *l, int64_t id, int version, const cat_item *it)
{
	sqlite3_stmt *st = lc_prep(l, "DELETE FROM catalog_search WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	os_err e = sq_exec(l->c, st);
	if (e)
		return e;
	size_t body_cap = 65536;
	char *body = os_malloc(body_cap), *mats = os_malloc(body_cap);
	char kw[CAT_CODE_MAX + CAT_MAX_KEYWORDS * CAT_KEYWORD_MAX + 1] = "", grams[8192], tags[256];
	/* the code is found like a keyword */
	size_t k = (size_t)snprintf(kw, sizeof kw, "%s", it->code);
	for (size_t i = 0; i < it->n_keywords && k < sizeof kw; i++)
		k += (size_t)snprintf(kw + k, sizeof kw - k, " %s", it->keywords[i]);
	cat_item_material_text(it, mats, body_cap);
	snprintf(body, body_cap, "%s %s", it->name, kw);
	/* names and keywords answer 1-2 character words */
	size_t g = 0;
	cat_name_grams(it->name, grams, sizeof grams);
	g = strlen(grams);
	for (size_t i = 0; i <= it->n_keywords && g + 2 < sizeof grams; i++) {
		grams[g++] = ' ';
		cat_name_grams(i ? it->keywords[i - 1] : it->code, grams + g, sizeof grams - g);
		g += strlen(grams + g);
	}
	cat_item_tags(it, tags, sizeof tags);
	st = lc_prep(
	    l, "INSERT INTO catalog_search(id, version, code, name, name_en, department_id,"
	       " type, depth, immediate, channels, accept_tiers, decide_tier, life_events,"
	       " visits, legal_days, promised_days, fee_fen, keywords, namekw, materials, grams,"
	       " tags) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
	       "?18,?19,?20,?21,?22)");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	TXT(st, 3, it->code);
	TXT(st, 4, it->name);
	TXT(st, 5, it->name_en);
	sqlite3_bind_int64(st, 6, it->department_id);
	sqlite3_bind_int(st, 7, (int)it->type);
	sqlite3_bind_int(st, 8, it->depth);
	sqlite3_bind_int(st, 9, it->immediate);
	sqlite3_bind_int(st, 10, (int)it->channels);
	sqlite3_bind_int(st, 11, (int)it->accept_tiers);
	sqlite3_bind_int(st, 12, (int)it->decide_tier);
	sqlite3_bind_int64(st, 13, (int64_t)it->life_events);
	sqlite3_bind_int(st, 14, it->visits);
	sqlite3_bind_int(st, 15, it->legal_days);
	sqlite3_bind_int(st, 16, it->promised_days);
	sqlite3_bind_int64(st, 17, it->fee_fen);
	TXT(st, 18, kw);
	TXT(st, 19, body);
	TXT(st, 20, mats);
	TXT(st, 21, grams);
	TXT(st, 22, tags);
	e = sq_exec(l->c, st);
out:
	free(body);
	free(mats);
	return e;
}

/* Bring an item's current version and search row in line with today.
 * `known` (may be NULL) is the content of version known_version, when the
 * caller has it at hand: it saves reading and parsing the stored document. */
static os_err refresh_item(lc *l, int64_t id, const char *today, bool force, const cat_item *known,
                           int known_version)
{
	sqlite3_stmt *st =
	    lc_prep(l, "SELECT i.current_version, i.retired_on IS NOT NULL,"
	               " (SELECT max(version) FROM catalog_versions v WHERE v.item_id = i.id"
	               "  AND v.effective_from <= ?2) FROM catalog_items i WHERE i.id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	TXT(st, 2, today);
	bool row;
	os_err e = catq_step1(st, &row);
	int cur = row ? sqlite3_column_int(st, 0) : 0;
	bool retired = row && sqlite3_column_int(st, 1);
	int want = row ? sqlite3_column_int(st, 2) : 0;
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row)
		return OS_ERR_NOT_FOUND;
	if (retired || want == 0) {
		st = lc_prep(l, "DELETE FROM catalog_search WHERE id = ?1");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, id);
		if ((e = sq_exec(l->c, st)))
			return e;
		if (retired)
			return OS_OK;
	}
	if (want == cur && !force)
		return OS_OK;
	st = lc_prep(l, "UPDATE catalog_items SET current_version = ?2 WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, want);
	if ((e = sq_exec(l->c, st)) || want == 0)
		return e;
	if (known && known_version == want)
		return write_search_row(l, id, want, known);
	st = lc_prep(l, "SELECT doc, department_id FROM catalog_versions WHERE item_id = ?1 AND "
	                "version = ?2");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, want);
	if ((e = catq_step1(st, &row)) || !row) {
		sqlite3_reset(st);
		return e ? e : OS_ERR_INTERNAL;
	}
	cat_item it;
	char *doc = os_strdup((const char *)sqlite3_column_text(st, 0));
	int64_t dept = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	e = doc_to_item(doc, &it);
	free(doc);
	if (!e) {
		it.department_id = dept;
		e = write_search_row(l, id, want, &it);
	}
	cat_item_free(&it);
	return e;
}

os_err catq_next_change(lc *l)
{
	sqlite3_stmt *st =
	    lc_prep(l, "UPDATE catalog_meta SET next_change = (SELECT min(v.effective_from) FROM"
	               " catalog_versions v JOIN catalog_items i ON i.id = v.item_id WHERE"
	               " i.retired_on IS NULL AND v.version > i.current_version) WHERE id = 1");
	return st ? sq_exec(l->c, st) : OS_ERR_IO;
}

os_err catq_optimize(lc *l)
{
	sqlite3_stmt *a = lc_prep(l, "INSERT INTO catalog_fts(catalog_fts) VALUES ('optimize')");
	sqlite3_stmt *b =
	    lc_prep(l, "INSERT INTO catalog_fts_all(catalog_fts_all) VALUES ('optimize')");
	sqlite3_stmt *c =
	    lc_prep(l, "INSERT INTO catalog_fts_short(catalog_fts_short) VALUES ('optimize')");
	if (!a || !b || !c)
		return OS_ERR_IO;
	os_err e = sq_exec(l->c, a);
	if (!e)
		e = sq_exec(l->c, b);
	if (!e)
		e = sq_exec(l->c, c);
	return e;
}

/* Promote every scheduled version whose day has come. */
os_err catq_promote_due(lc *l, const char *today)
{
	sqlite3_stmt *st = lc_prep(l, "SELECT next_change IS NOT NULL AND next_change <= ?1 FROM"
	                              " catalog_meta WHERE id = 1");
	if (!st)
		return OS_ERR_IO;
	TXT(st, 1, today);
	bool row;
	os_err e = catq_step1(st, &row);
	bool due = row && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (e || !due)
		return e;
	st = lc_prep(l, "SELECT i.id FROM catalog_items i WHERE i.retired_on IS NULL AND"
	                " i.latest_version > i.current_version AND EXISTS (SELECT 1 FROM"
	                " catalog_versions v WHERE v.item_id = i.id AND v.version >"
	                " i.current_version AND v.effective_from <= ?1)");
	if (!st)
		return OS_ERR_IO;
	TXT(st, 1, today);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = os_realloc(ids, cap * sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	e = sq_err(rc);
	for (size_t i = 0; i < n && !e; i++)
		e = refresh_item(l, ids[i], today, false, NULL, 0);
	free(ids);
	return e ? e : catq_next_change(l);
}

static os_err promote_op(sq_conn *c, void *arg)
{
	lc l = {.c = c};
	os_err e = catq_promote_due(&l, arg);
	lc_done(&l);
	return e;
}

/* Reads that depend on the current versions check catalog_meta first; when
 * a scheduled version is due they stop, the versions are promoted in a
 * write, and the read runs again. */
bool catq_stale(sq_conn *c, catq_read_hdr *h)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT next_change IS NOT NULL AND next_change <= ?1 FROM"
	                              " catalog_meta WHERE id = 1");
	if (!st)
		return false;
	TXT(st, 1, h->today);
	h->stale = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return h->stale;
}

os_err catq_fresh_read(store *st, catq_read_hdr *h, sq_op fn, void *arg)
{
	for (int attempt = 0;; attempt++) {
		h->stale = false;
		os_err e = sq_read(st, fn, arg);
		if (e || !h->stale || attempt == 2)
			return e;
		if ((e = sq_write_noaudit(st, promote_op, h->today)))
			return e;
	}
}

/* ---- items: write ---- */

os_err catq_put_item(lc *l, const char *today, int64_t actor, int64_t now, int64_t id,
                     bool allow_existing, cat_item *it, int *outcome, cat_problem *p)
{
	if (cat_item_validate(it, p))
		return OS_ERR_INVALID;
	int64_t dept = catq_dept_id(l, it->department);
	if (!dept) {
		problem(p, "department", "no such department");
		return OS_ERR_INVALID;
	}
	it->department_id = dept;
	sqlite3_stmt *st =
	    id ? lc_prep(l, "SELECT id, code, latest_version, coalesce(retired_on, '') FROM"
	                    " catalog_items WHERE id = ?1")
	       : lc_prep(l, "SELECT id, code, latest_version, coalesce(retired_on, '') FROM"
	                    " catalog_items WHERE code = ?1");
	if (!st)
		return OS_ERR_IO;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		TXT(st, 1, it->code);
	bool found;
	os_err e = catq_step1(st, &found);
	char code[CAT_CODE_MAX] = "", retired[OS_DATE_STRLEN] = "";
	int latest = 0;
	if (found) {
		id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, code, sizeof code);
		latest = sqlite3_column_int(st, 2);
		sq_text(st, 3, retired, sizeof retired);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!found && id)
		return OS_ERR_NOT_FOUND;
	if (found && strcmp(code, it->code)) {
		problem(p, "code", "the code of an item cannot change");
		return OS_ERR_INVALID;
	}
	if (found && !allow_existing) {
		problem(p, "code", "an item with this code exists");
		return OS_ERR_CONFLICT;
	}
	if (retired[0]) {
		char why[96];
		snprintf(why, sizeof why, "the item was retired on %s", retired);
		problem(p, "code", why);
		return OS_ERR_CONFLICT;
	}
	char eff[OS_DATE_STRLEN];
	if (it->has_effective)
		os_date_format(it->effective_from, eff);
	else
		snprintf(eff, sizeof eff, "%s", today);
	char *doc = cat_item_doc(it);
	int version = 1;
	if (found) {
		st =
		    lc_prep(l, "SELECT effective_from, doc FROM catalog_versions WHERE item_id = ?1"
		               " AND version = ?2");
		if (!st) {
			free(doc);
			return OS_ERR_IO;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, latest);
		bool row;
		e = catq_step1(st, &row);
		char last_eff[OS_DATE_STRLEN] = "";
		bool same = false;
		if (row) {
			sq_text(st, 0, last_eff, sizeof last_eff);
			const char *old = (const char *)sqlite3_column_text(st, 1);
			same = old && !strcmp(old, doc);
		}
		sqlite3_reset(st);
		if (e || !row) {
			free(doc);
			return e ? e : OS_ERR_INTERNAL;
		}
		if (same) {
			free(doc);
			it->id = id;
			it->version = latest;
			*outcome = PUT_UNCHANGED;
			return OS_OK;
		}
		if (strcmp(eff, last_eff) < 0) {
			char why[128];
			snprintf(why, sizeof why,
			         "may not precede the effective date of version %d (%s)", latest,
			         last_eff);
			problem(p, "effective_from", why);
			free(doc);
			return OS_ERR_INVALID;
		}
		version = latest + 1;
	} else {
		st = lc_prep(l, "INSERT INTO catalog_items(code, created_at) VALUES (?1, ?2)");
		if (!st) {
			free(doc);
			return OS_ERR_IO;
		}
		TXT(st, 1, it->code);
		sqlite3_bind_int64(st, 2, now);
		if ((e = sq_exec(l->c, st))) {
			free(doc);
			if (e == OS_ERR_CONFLICT)
				problem(p, "code", "an item with this code exists");
			return e;
		}
		id = sqlite3_last_insert_rowid(l->c->db);
	}
	st = lc_prep(l, "INSERT INTO catalog_versions(item_id, version, effective_from, name,"
	                " department_id, doc, created_at, created_by) VALUES (?1,?2,?3,?4,?5,?6,"
	                "?7, nullif(?8, 0))");
	if (!st) {
		free(doc);
		return OS_ERR_IO;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	TXT(st, 3, eff);
	TXT(st, 4, it->name);
	sqlite3_bind_int64(st, 5, dept);
	TXT(st, 6, doc);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, actor);
	e = sq_exec(l->c, st);
	free(doc);
	if (e)
		return e;
	st = lc_prep(l, "UPDATE catalog_items SET latest_version = ?2 WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	if ((e = sq_exec(l->c, st)) || (e = refresh_item(l, id, today, false, it, version)))
		return e;
	if (strcmp(eff, today) > 0) {
		st =
		    lc_prep(l, "UPDATE catalog_meta SET next_change = CASE WHEN next_change IS NULL"
		               " OR next_change > ?1 THEN ?1 ELSE next_change END WHERE id = 1");
		if (!st)
			return OS_ERR_IO;
		TXT(st, 1, eff);
		if ((e = sq_exec(l->c, st)))
			return e;
	}
	it->id = id;
	it->version = version;
	*outcome = found ? PUT_UPDATED : PUT_INSERTED;
	return OS_OK;
}

typedef struct put_args {
	char today[OS_DATE_STRLEN];
	int64_t actor, now, id;
	bool allow_existing;
	cat_item *it;
	int outcome;
	cat_problem *p;
} put_args;

static os_err put_op(sq_conn *c, void *arg)
{
	put_args *a = arg;
	lc l = {.c = c};
	os_err e = catq_promote_due(&l, a->today);
	if (!e)
		e = catq_put_item(&l, a->today, a->actor, a->now, a->id, a->allow_existing, a->it,
		                  &a->outcome, a->p);
	lc_done(&l);
	return e;
}

os_err store_item_create(store *st, os_date today, int64_t actor, int64_t now, cat_item *it,
                         cat_problem *p)
{
	put_args a = {.actor = actor, .now = now, .it = it, .p = p};
	catq_today(today, a.today);
	return sq_write(st, put_op, &a);
}

os_err store_item_new_version(store *st, os_date today, int64_t actor, int64_t now, int64_t id,
                              cat_item *it, bool *changed, cat_problem *p)
{
	put_args a = {
	    .actor = actor, .now = now, .id = id, .allow_existing = true, .it = it, .p = p};
	catq_today(today, a.today);
	os_err e = sq_write(st, put_op, &a);
	*changed = !e && a.outcome != PUT_UNCHANGED;
	return e;
}

typedef struct retire_args {
	char today[OS_DATE_STRLEN];
	int64_t id;
	const char *reason;
	cat_problem *p;
} retire_args;

static os_err retire_op(sq_conn *c, void *arg)
{
	retire_args *a = arg;
	lc l = {.c = c};
	os_err e = OS_OK;
	bool row;
	sqlite3_stmt *st =
	    lc_prep(&l, "SELECT coalesce(retired_on, ''), (SELECT b.code FROM catalog_bundle_items"
	                " bi JOIN catalog_bundles b ON b.id = bi.bundle_id WHERE bi.item_id = i.id"
	                " ORDER BY b.id LIMIT 1) FROM catalog_items i WHERE i.id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	char retired[OS_DATE_STRLEN] = "", bundle[CAT_CODE_MAX] = "";
	e = catq_step1(st, &row);
	if (row) {
		sq_text(st, 0, retired, sizeof retired);
		sq_text(st, 1, bundle, sizeof bundle);
	}
	sqlite3_reset(st);
	if (e)
		goto out;
	if (!row) {
		e = OS_ERR_NOT_FOUND;
		goto out;
	}
	if (retired[0]) {
		problem(a->p, "id", "the item is retired already");
		e = OS_ERR_CONFLICT;
		goto out;
	}
	if (bundle[0]) {
		char why[128];
		snprintf(why, sizeof why,
		         "bundle %s holds the item: remove it from the bundle first", bundle);
		problem(a->p, "id", why);
		e = OS_ERR_CONFLICT;
		goto out;
	}
	st = lc_prep(&l,
	             "UPDATE catalog_items SET retired_on = ?2, retired_reason = ?3 WHERE id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	TXT(st, 2, a->today);
	TXT(st, 3, a->reason ? a->reason : "");
	if ((e = sq_exec(c, st)) || (e = refresh_item(&l, a->id, a->today, false, NULL, 0)))
		goto out;
	e = catq_next_change(&l);
out:
	lc_done(&l);
	return e;
}

os_err store_item_retire(store *st, os_date today, int64_t id, const char *reason, cat_problem *p)
{
	retire_args a = {.id = id, .reason = reason, .p = p};
	catq_today(today, a.today);
	return sq_write(st, retire_op, &a);
}

/* ---- items: read ---- */

void store_cat_item_free(store_cat_item *x)
{
	cat_item_free(&x->item);
}

typedef struct get_args {
	catq_read_hdr h;
	int64_t id;
	int version; /* 0 = current */
	store_cat_item *out;
} get_args;

static os_err get_op(sq_conn *c, void *arg)
{
	get_args *a = arg;
	if (!a->version && catq_stale(c, &a->h))
		return OS_OK;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT i.code, i.current_version, i.latest_version, coalesce(i.retired_on, ''),"
	       " v.version, v.effective_from, v.doc, v.department_id, d.name, d.name_en,"
	       " v.created_at, coalesce(v.created_by, 0) FROM catalog_items i JOIN"
	       " catalog_versions v ON v.item_id = i.id AND v.version = CASE WHEN ?2 > 0 THEN ?2"
	       " ELSE i.current_version END JOIN departments d ON d.id = v.department_id"
	       " WHERE i.id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int(st, 2, a->version);
	bool row;
	os_err e = catq_step1(st, &row);
	if (e || !row) {
		sqlite3_reset(st);
		return e ? e : OS_ERR_NOT_FOUND;
	}
	store_cat_item *o = a->out;
	char code[CAT_CODE_MAX], eff[OS_DATE_STRLEN];
	sq_text(st, 0, code, sizeof code);
	o->current_version = sqlite3_column_int(st, 1);
	o->latest_version = sqlite3_column_int(st, 2);
	sq_text(st, 3, o->retired_on, sizeof o->retired_on);
	int version = sqlite3_column_int(st, 4);
	sq_text(st, 5, eff, sizeof eff);
	char *doc = os_strdup((const char *)sqlite3_column_text(st, 6));
	int64_t dept = sqlite3_column_int64(st, 7);
	sq_text(st, 8, o->department_name, sizeof o->department_name);
	sq_text(st, 9, o->department_name_en, sizeof o->department_name_en);
	o->created_at = sqlite3_column_int64(st, 10);
	o->created_by = sqlite3_column_int64(st, 11);
	sqlite3_reset(st);
	e = doc_to_item(doc, &o->item);
	free(doc);
	if (e)
		return e;
	o->item.id = a->id;
	o->item.version = version;
	o->item.department_id = dept;
	os_date_parse(eff, strlen(eff), &o->item.effective_from);
	o->item.has_effective = true;
	return OS_OK;
}

os_err store_item_get(store *st, os_date today, int64_t id, store_cat_item *out)
{
	memset(out, 0, sizeof *out);
	get_args a = {.id = id, .out = out};
	catq_today(today, a.h.today);
	os_err e = catq_fresh_read(st, &a.h, get_op, &a);
	if (!e && (out->retired_on[0] || out->current_version == 0))
		e = OS_ERR_NOT_FOUND;
	if (e)
		store_cat_item_free(out);
	return e;
}

os_err store_item_version_get(store *st, int64_t item_id, int version, store_cat_item *out)
{
	memset(out, 0, sizeof *out);
	if (version < 1)
		return OS_ERR_NOT_FOUND;
	get_args a = {.id = item_id, .version = version, .out = out};
	os_err e = sq_read(st, get_op, &a);
	if (e)
		store_cat_item_free(out);
	return e;
}

typedef struct versions_args {
	catq_read_hdr h;
	int64_t id;
	store_cat_version *out;
	size_t n;
} versions_args;

static os_err versions_op(sq_conn *c, void *arg)
{
	versions_args *a = arg;
	if (catq_stale(c, &a->h))
		return OS_OK;
	lc l = {.c = c};
	os_err e = OS_OK;
	sqlite3_stmt *st = lc_prep(&l, "SELECT current_version FROM catalog_items WHERE id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	bool row;
	e = catq_step1(st, &row);
	int cur = row ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (e || !row) {
		e = e ? e : OS_ERR_NOT_FOUND;
		goto out;
	}
	st = lc_prep(&l, "SELECT version, effective_from, name, created_at, coalesce(created_by, 0)"
	                 " FROM catalog_versions WHERE item_id = ?1 ORDER BY version");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (a->n == cap) {
			cap = cap ? cap * 2 : 8;
			a->out = os_realloc(a->out, cap * sizeof *a->out);
		}
		store_cat_version *v = &a->out[a->n++];
		memset(v, 0, sizeof *v);
		v->version = sqlite3_column_int(st, 0);
		sq_text(st, 1, v->effective_from, sizeof v->effective_from);
		sq_text(st, 2, v->name, sizeof v->name);
		v->created_at = sqlite3_column_int64(st, 3);
		v->created_by = sqlite3_column_int64(st, 4);
		v->current = v->version == cur;
		v->scheduled = strcmp(v->effective_from, a->h.today) > 0;
	}
	sqlite3_reset(st);
	e = sq_err(rc);
out:
	lc_done(&l);
	return e;
}

os_err store_item_versions(store *st, os_date today, int64_t id, store_cat_version **out, size_t *n)
{
	versions_args a = {.id = id};
	catq_today(today, a.h.today);
	os_err e = catq_fresh_read(st, &a.h, versions_op, &a);
	*out = sq_rows_take(e, a.out, a.n, n);
	return e;
}

/* ---- bundles ---- */

/* Load the current version of item id into out (id 0 in out when none). */
static os_err load_current(lc *l, int64_t id, store_cat_item *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = lc_prep(
	    l, "SELECT v.version, v.effective_from, v.doc, v.department_id, d.name, d.name_en"
	       " FROM catalog_items i JOIN catalog_versions v ON v.item_id = i.id AND"
	       " v.version = i.current_version JOIN departments d ON d.id = v.department_id"
	       " WHERE i.id = ?1 AND i.retired_on IS NULL");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bool row;
	os_err e = catq_step1(st, &row);
	if (e || !row) {
		sqlite3_reset(st);
		return e; /* out stays empty: item.id 0 */
	}
	int version = sqlite3_column_int(st, 0);
	char eff[OS_DATE_STRLEN];
	sq_text(st, 1, eff, sizeof eff);
	char *doc = os_strdup((const char *)sqlite3_column_text(st, 2));
	int64_t dept = sqlite3_column_int64(st, 3);
	sq_text(st, 4, out->department_name, sizeof out->department_name);
	sq_text(st, 5, out->department_name_en, sizeof out->department_name_en);
	sqlite3_reset(st);
	e = doc_to_item(doc, &out->item);
	free(doc);
	if (e)
		return e;
	out->item.id = id;
	out->item.version = out->current_version = out->latest_version = version;
	out->item.department_id = dept;
	os_date_parse(eff, strlen(eff), &out->item.effective_from);
	return OS_OK;
}

void store_cat_members_free(store_cat_item *members, size_t n)
{
	if (!members)
		return;
	for (size_t i = 0; i < n; i++)
		store_cat_item_free(&members[i]);
	free(members);
}

os_err catq_put_bundle(lc *l, const char *today, int64_t now, int64_t id, bool by_code,
                       const cat_bundle *b, int64_t *id_out, int *outcome, cat_problem *p)
{
	(void)today;
	if (cat_bundle_validate(b, p))
		return OS_ERR_INVALID;
	int64_t lead = catq_dept_id(l, b->lead_department);
	if (!lead) {
		problem(p, "lead_department", "no such department");
		return OS_ERR_INVALID;
	}
	int64_t item_ids[CAT_BUNDLE_MAX_ITEMS];
	store_cat_item members[CAT_BUNDLE_MAX_ITEMS];
	const cat_item *mp[CAT_BUNDLE_MAX_ITEMS];
	size_t loaded = 0;
	os_err e = OS_OK;
	for (size_t i = 0; i < b->n_items; i++) {
		char f[48];
		snprintf(f, sizeof f, "items[%zu]", i);
		sqlite3_stmt *st =
		    lc_prep(l, "SELECT id, current_version, retired_on IS NOT NULL FROM"
		               " catalog_items WHERE code = ?1");
		if (!st) {
			e = OS_ERR_IO;
			goto out;
		}
		TXT(st, 1, b->items[i]);
		bool row;
		e = catq_step1(st, &row);
		item_ids[i] = row ? sqlite3_column_int64(st, 0) : 0;
		int cur = row ? sqlite3_column_int(st, 1) : 0;
		bool retired = row && sqlite3_column_int(st, 2);
		sqlite3_reset(st);
		if (e)
			goto out;
		if (!row || retired || !cur) {
			problem(p, f,
			        !row      ? "no such item"
			        : retired ? "the item is retired"
			                  : "the item is not yet effective");
			e = OS_ERR_INVALID;
			goto out;
		}
		if ((e = load_current(l, item_ids[i], &members[loaded])))
			goto out;
		mp[loaded] = &members[loaded].item;
		loaded++;
	}
	cat_merge m;
	if ((e = cat_bundle_merge(mp, loaded, &m)))
		goto out;
	for (size_t i = 0; i < m.n_fields && m.n_conflicts; i++)
		if (m.fields[i].conflict) {
			char why[160];
			snprintf(why, sizeof why,
			         "the members declare form field '%s' with different types",
			         m.fields[i].f.name);
			problem(p, "items", why);
			e = OS_ERR_INVALID;
			break;
		}
	cat_merge_free(&m);
	if (e)
		goto out;

	/* the existing bundle */
	sqlite3_stmt *st =
	    by_code ? lc_prep(l, "SELECT id, code, name, name_en, lead_department_id, description"
	                         " FROM catalog_bundles WHERE code = ?1")
	            : lc_prep(l, "SELECT id, code, name, name_en, lead_department_id, description"
	                         " FROM catalog_bundles WHERE id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	if (by_code)
		TXT(st, 1, b->code);
	else
		sqlite3_bind_int64(st, 1, id);
	bool found;
	if ((e = catq_step1(st, &found))) {
		sqlite3_reset(st);
		goto out;
	}
	bool same = false;
	if (found) {
		id = sqlite3_column_int64(st, 0);
		same = !strcmp((const char *)sqlite3_column_text(st, 1), b->code) &&
		       !strcmp((const char *)sqlite3_column_text(st, 2), b->name) &&
		       !strcmp((const char *)sqlite3_column_text(st, 3), b->name_en) &&
		       sqlite3_column_int64(st, 4) == lead &&
		       !strcmp((const char *)sqlite3_column_text(st, 5), b->description);
	}
	sqlite3_reset(st);
	if (!found && !by_code) {
		e = OS_ERR_NOT_FOUND;
		goto out;
	}
	if (found && same) {
		st = lc_prep(
		    l, "SELECT item_id FROM catalog_bundle_items WHERE bundle_id = ?1 ORDER BY"
		       " pos");
		if (!st) {
			e = OS_ERR_IO;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
		size_t k = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && same) {
			same = k < b->n_items && sqlite3_column_int64(st, 0) == item_ids[k];
			k++;
		}
		sqlite3_reset(st);
		same = same && k == b->n_items;
	}
	if (found && same) {
		*id_out = id;
		*outcome = PUT_UNCHANGED;
		goto out;
	}
	if (found) {
		st = lc_prep(l, "UPDATE catalog_bundles SET code = ?2, name = ?3, name_en = ?4,"
		                " lead_department_id = ?5, description = ?6, updated_at = ?7 WHERE"
		                " id = ?1");
		if (!st) {
			e = OS_ERR_IO;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
	} else {
		st = lc_prep(l,
		             "INSERT INTO catalog_bundles(code, name, name_en, lead_department_id,"
		             " description, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7)");
		if (!st) {
			e = OS_ERR_IO;
			goto out;
		}
	}
	TXT(st, 2, b->code);
	TXT(st, 3, b->name);
	TXT(st, 4, b->name_en);
	sqlite3_bind_int64(st, 5, lead);
	TXT(st, 6, b->description);
	sqlite3_bind_int64(st, 7, now);
	if ((e = sq_exec(l->c, st))) {
		if (e == OS_ERR_CONFLICT)
			problem(p, "code", "a bundle with this code exists");
		goto out;
	}
	if (!found)
		id = sqlite3_last_insert_rowid(l->c->db);
	st = lc_prep(l, "DELETE FROM catalog_bundle_items WHERE bundle_id = ?1");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((e = sq_exec(l->c, st)))
		goto out;
	for (size_t i = 0; i < b->n_items; i++) {
		st = lc_prep(l, "INSERT INTO catalog_bundle_items(bundle_id, pos, item_id) VALUES"
		                " (?1, ?2, ?3)");
		if (!st) {
			e = OS_ERR_IO;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_int64(st, 3, item_ids[i]);
		if ((e = sq_exec(l->c, st)))
			goto out;
	}
	*id_out = id;
	*outcome = found ? PUT_UPDATED : PUT_INSERTED;
out:
	for (size_t i = 0; i < loaded; i++)
		store_cat_item_free(&members[i]);
	return e;
}

typedef struct bundle_save_args {
	char today[OS_DATE_STRLEN];
	int64_t now, id;
	const cat_bundle *b;
	int64_t *id_out;
	cat_problem *p;
} bundle_save_args;

static os_err bundle_save_op(sq_conn *c, void *arg)
{
	bundle_save_args *a = arg;
	lc l = {.c = c};
	int outcome;
	os_err e = catq_promote_due(&l, a->today);
	if (!e)
		e = catq_put_bundle(&l, a->today, a->now, a->id, a->id == 0, a->b, a->id_out,
		                    &outcome, a->p);
	if (!e && a->id == 0 && outcome != PUT_INSERTED) {
		problem(a->p, "code", "a bundle with this code exists");
		e = OS_ERR_CONFLICT;
	}
	lc_done(&l);
	return e;
}

os_err store_bundle_save(store *st, os_date today, int64_t now, int64_t id, const cat_bundle *b,
                         int64_t *id_out, cat_problem *p)
{
	bundle_save_args a = {.now = now, .id = id, .b = b, .id_out = id_out, .p = p};
	catq_today(today, a.today);
	return sq_write(st, bundle_save_op, &a);
}

typedef struct bundles_args {
	catq_read_hdr h;
	int64_t id; /* 0 = all */
	store_cat_bundle *out;
	size_t n;
	store_cat_item *members;
} bundles_args;

static os_err bundles_op(sq_conn *c, void *arg)
{
	bundles_args *a = arg;
	if (a->id && catq_stale(c, &a->h))
		return OS_OK;
	lc l = {.c = c};
	os_err e = OS_OK;
	sqlite3_stmt *st = lc_prep(
	    &l, "SELECT b.id, b.code, b.name, b.name_en, d.code, d.name, d.name_en, b.description,"
	        " b.updated_at, b.lead_department_id FROM catalog_bundles b JOIN departments d ON"
	        " d.id = b.lead_department_id WHERE ?1 = 0 OR b.id = ?1 ORDER BY b.id");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (a->n == cap) {
			cap = cap ? cap * 2 : 16;
			a->out = os_realloc(a->out, cap * sizeof *a->out);
		}
		store_cat_bundle *x = &a->out[a->n++];
		memset(x, 0, sizeof *x);
		x->b.id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, x->b.code, sizeof x->b.code);
		sq_text(st, 2, x->b.name, sizeof x->b.name);
		sq_text(st, 3, x->b.name_en, sizeof x->b.name_en);
		sq_text(st, 4, x->b.lead_department, sizeof x->b.lead_department);
		sq_text(st, 5, x->lead_name, sizeof x->lead_name);
		sq_text(st, 6, x->lead_name_en, sizeof x->lead_name_en);
		sq_text(st, 7, x->b.description, sizeof x->b.description);
		x->updated_at = sqlite3_column_int64(st, 8);
		x->b.lead_department_id = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = sq_err(rc);
		goto out;
	}
	st = lc_prep(&l, "SELECT bi.item_id, i.code FROM catalog_bundle_items bi JOIN catalog_items"
	                 " i ON i.id = bi.item_id WHERE bi.bundle_id = ?1 ORDER BY bi.pos");
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	for (size_t k = 0; k < a->n; k++) {
		store_cat_bundle *x = &a->out[k];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, x->b.id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		       x->b.n_items < CAT_BUNDLE_MAX_ITEMS) {
			x->item_ids[x->b.n_items] = sqlite3_column_int64(st, 0);
			sq_text(st, 1, x->b.items[x->b.n_items], CAT_CODE_MAX);
			x->b.n_items++;
		}
		sqlite3_reset(st);
	}
	if (a->id && a->n == 1) {
		store_cat_bundle *x = &a->out[0];
		a->members = os_calloc(x->b.n_items ? x->b.n_items : 1, sizeof *a->members);
		for (size_t i = 0; i < x->b.n_items && !e; i++)
			e = load_current(&l, x->item_ids[i], &a->members[i]);
	}
out:
	lc_done(&l);
	return e;
}

os_err store_bundles_list(store *st, store_cat_bundle **out, size_t *n)
{
	bundles_args a = {0};
	os_err e = sq_read(st, bundles_op, &a);
	*out = sq_rows_take(e, a.out, a.n, n);
	return e;
}

os_err store_bundle_get(store *st, os_date today, int64_t id, store_cat_bundle *out,
                        store_cat_item **members)
{
	memset(out, 0, sizeof *out);
	*members = NULL;
	if (id <= 0)
		return OS_ERR_NOT_FOUND;
	bundles_args a = {.id = id};
	catq_today(today, a.h.today);
	os_err e = catq_fresh_read(st, &a.h, bundles_op, &a);
	if (!e && a.n != 1)
		e = OS_ERR_NOT_FOUND;
	if (!e) {
		*out = a.out[0];
		*members = a.members;
		a.members = NULL;
	}
	store_cat_members_free(a.members, a.n == 1 ? a.out[0].b.n_items : 0);
	free(a.out);
	return e;
}

typedef struct item_bundles_args {
	int64_t id;
	store_cat_bundle *out;
	size_t cap, n;
} item_bundles_args;

static os_err item_bundles_op(sq_conn *c, void *arg)
{
	item_bundles_args *a = arg;
	lc l = {.c = c};
	sqlite3_stmt *st = lc_prep(&l, "SELECT b.id, b.code, b.name, b.name_en FROM"
	                               " catalog_bundle_items bi JOIN catalog_bundles b ON b.id ="
	                               " bi.bundle_id WHERE bi.item_id = ?1 ORDER BY b.id");
	os_err e = OS_OK;
	if (!st) {
		e = OS_ERR_IO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, a->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < a->cap) {
		store_cat_bundle *x = &a->out[a->n++];
		memset(x, 0, sizeof *x);
		x->b.id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, x->b.code, sizeof x->b.code);
		sq_text(st, 2, x->b.name, sizeof x->b.name);
		sq_text(st, 3, x->b.name_en, sizeof x->b.name_en);
	}
	sqlite3_reset(st);
	e = sq_err(rc);
out:
	lc_done(&l);
	return e;
}

os_err store_item_bundles(store *st, int64_t item_id, store_cat_bundle *out, size_t cap, size_t *n)
{
	item_bundles_args a = {.id = item_id, .out = out, .cap = cap};
	os_err e = sq_read(st, item_bundles_op, &a);
	*n = e ? 0 : a.n;
	return e;
}
