/* sq_catalog.h - internals shared by sqlite_catalog.c and
 * sqlite_catalog_io.c.
 *
 * Statements of the catalog's write and administration operations are
 * prepared once per operation in a local cache (lc) and finalized when the
 * operation ends, so that the connection-wide cache (sq_prep, SQ_CACHE
 * entries) keeps its room for the hot read paths (search, item, bundle). */
#ifndef ONESTOP_STORE_SQ_CATALOG_H
#define ONESTOP_STORE_SQ_CATALOG_H

#include "store/sq.h"
#include "store/store.h"

#define LC_MAX 40

typedef struct lc {
	sq_conn *c;
	int n;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} s[LC_MAX];
} lc;

/* A reset statement for `sql` (a string literal); NULL on error. */
sqlite3_stmt *lc_prep(lc *l, const char *sql);
void lc_done(lc *l);

/* Step a statement expected to give at most one row: SQLITE_ROW or
 * SQLITE_DONE are fine (*row says which), anything else an error. */
os_err catq_step1(sqlite3_stmt *st, bool *row);
void catq_today(os_date today, char out[OS_DATE_STRLEN]);

/* Reads that depend on the current versions start with catq_stale(): when
 * a scheduled version is due it sets h->stale and the op returns at once
 * (having allocated nothing); catq_fresh_read() then promotes the due
 * versions in a write and runs the read again. */
typedef struct catq_read_hdr {
	char today[OS_DATE_STRLEN];
	bool stale;
} catq_read_hdr;
bool catq_stale(sq_conn *c, catq_read_hdr *h);
os_err catq_fresh_read(store *st, catq_read_hdr *h, sq_op fn, void *arg);

/* Outcome of writing one item or bundle. */
enum { PUT_INSERTED = 1, PUT_UPDATED, PUT_UNCHANGED };

/* Department id by code; 0 when unknown. */
int64_t catq_dept_id(lc *l, const char *code);
/* Write an item: by id (new version of that item; it->code must match) or,
 * with id 0, by it->code (create, or a new version when the code exists and
 * allow_existing). today is "YYYY-MM-DD". Sets it->id, it->version and
 * *outcome. */
os_err catq_put_item(lc *l, const char *today, int64_t actor, int64_t now, int64_t id,
                     bool allow_existing, cat_item *it, int *outcome, cat_problem *p);
/* Write a bundle by id (0 = by code: create or replace). */
os_err catq_put_bundle(lc *l, const char *today, int64_t now, int64_t id, bool by_code,
                       const cat_bundle *b, int64_t *id_out, int *outcome, cat_problem *p);
/* Promote the scheduled versions that are due today. */
os_err catq_promote_due(lc *l, const char *today);
/* Merge the search indexes into one segment each (after bulk writes: the
 * searches read fewer, larger doclists). */
os_err catq_optimize(lc *l);
/* Recompute catalog_meta.next_change. */
os_err catq_next_change(lc *l);

#endif
