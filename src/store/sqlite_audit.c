/* sqlite_audit.c - the audit log (append, search, verify, export), online
 * backup and key rotation of the SQLite backend. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/mem.h"
#include "store/sq.h"

static os_err append_op(sq_conn *c, void *arg)
{
	const store_audit_row *r = arg;
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO audit_log(at, actor_id, actor_role, action,"
	                              " object, result, client, request_id, detail)"
	                              " VALUES (nullif(?,0), nullif(?,0), ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, r->at);
	sqlite3_bind_int64(st, 2, r->actor_id);
	sqlite3_bind_text(st, 3, r->actor_role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->result[0] ? r->result : "ok", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, r->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->detail, -1, SQLITE_STATIC);
	return sq_exec(c, st);
}

os_err store_audit_append(store *st, const store_audit_row *row)
{
	/* Not inside a business write: do not attach the thread's context. */
	return sq_write_noaudit(st, append_op, (void *)row);
}

static void read_row(sqlite3_stmt *st, store_audit_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->actor_id = sqlite3_column_int64(st, 2);
	sq_text(st, 3, r->actor_role, sizeof r->actor_role);
	sq_text(st, 4, r->action, sizeof r->action);
	sq_text(st, 5, r->object, sizeof r->object);
	sq_text(st, 6, r->result, sizeof r->result);
	sq_text(st, 7, r->client, sizeof r->client);
	sq_text(st, 8, r->request_id, sizeof r->request_id);
	sq_text(st, 9, r->detail, sizeof r->detail);
}

typedef struct search_args {
	const store_audit_filter *f;
	store_audit_list *out;
} search_args;

#define AUDIT_WHERE                                                                                \
	" WHERE (?1 = 0 OR actor_id = ?1) AND (?2 IS NULL OR substr(action, 1, length(?2)) = ?2)"  \
	" AND (?3 IS NULL OR substr(object, 1, length(?3)) = ?3)"                                  \
	" AND (?4 IS NULL OR substr(result, 1, length(?4)) = ?4)"                                  \
	" AND (?5 = 0 OR at >= ?5) AND (?6 = 0 OR at <= ?6)"

static void bind_filter(sqlite3_stmt *st, const store_audit_filter *f)
{
	sqlite3_bind_int64(st, 1, f->actor_id);
	if (f->action_prefix)
		sqlite3_bind_text(st, 2, f->action_prefix, -1, SQLITE_STATIC);
	if (f->object_prefix)
		sqlite3_bind_text(st, 3, f->object_prefix, -1, SQLITE_STATIC);
	if (f->result_prefix)
		sqlite3_bind_text(st, 4, f->result_prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->from);
	sqlite3_bind_int64(st, 6, f->to);
}

static os_err search_op(sq_conn *c, void *arg)
{
	search_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM audit_chain" AUDIT_WHERE);
	if (!st)
		return OS_ERR_IO;
	bind_filter(st, a->f);
	int rc = sqlite3_step(st);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, "SELECT id, at, coalesce(actor_id, 0), actor_role, action, object, result,"
	                " client, request_id, detail FROM audit_chain" AUDIT_WHERE
	                " ORDER BY id DESC LIMIT ?7 OFFSET ?8");
	if (!st)
		return OS_ERR_IO;
	bind_filter(st, a->f);
	sqlite3_bind_int64(st, 7, a->f->limit);
	sqlite3_bind_int64(st, 8, a->f->offset);
	size_t cap = a->f->limit > 0 ? (size_t)a->f->limit : 1;
	a->out->rows = os_calloc(cap, sizeof *a->out->rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < cap)
		read_row(st, &a->out->rows[a->out->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_audit_search(store *st, const store_audit_filter *f, store_audit_list *out)
{
	memset(out, 0, sizeof *out);
	search_args a = {f, out};
	os_err e = sq_read(st, search_op, &a);
	if (e)
		store_audit_list_free(out);
	return e;
}

void store_audit_list_free(store_audit_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

typedef struct verify_args {
	int64_t bad, rows;
	int64_t from, to;
	void (*fn)(const store_audit_row *row, const uint8_t hash[32], void *ctx);
	void *ctx;
} verify_args;

/* Walk the chain in id order, recomputing every hash from the stored
 * fields; ids must follow each other without a gap. */
static os_err verify_op(sq_conn *c, void *arg)
{
	verify_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, at, coalesce(actor_id, 0), actor_role, action,"
	                              " object, result, client, request_id, detail, hash"
	                              " FROM audit_chain ORDER BY id");
	if (!st)
		return OS_ERR_IO;
	uint8_t prev[32];
	bool have_prev = false;
	int64_t expect = 1;
	int rc;
	os_err e = OS_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		audit_fields f;
		f.id = sqlite3_column_int64(st, 0);
		f.at = sqlite3_column_int64(st, 1);
		f.actor_id = sqlite3_column_int64(st, 2);
		for (int i = 0; i < 7; i++) {
			f.text[i] = (const char *)sqlite3_column_text(st, 3 + i);
			f.len[i] = (size_t)sqlite3_column_bytes(st, 3 + i);
		}
		uint8_t h[32];
		audit_hash(have_prev ? prev : NULL, &f, h);
		const void *stored = sqlite3_column_blob(st, 10);
		bool ok = f.id == expect && sqlite3_column_bytes(st, 10) == 32 &&
		          sodium_memcmp(h, stored, 32) == 0;
		a->rows++;
		if (!ok) {
			a->bad = f.id;
			e = OS_ERR_CHECKSUM;
			break;
		}
		if (a->fn && (!a->from || f.at >= a->from) && (!a->to || f.at <= a->to)) {
			store_audit_row row;
			read_row(st, &row);
			a->fn(&row, h, a->ctx);
		}
		memcpy(prev, h, 32);
		have_prev = true;
		expect++;
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	return e;
}

os_err store_audit_verify(store *st, int64_t *bad_id, int64_t *rows)
{
	verify_args a = {0};
	os_err e = sq_read(st, verify_op, &a);
	*bad_id = a.bad;
	*rows = a.rows;
	return e;
}

os_err store_audit_each(store *st, int64_t from, int64_t to,
                        void (*fn)(const store_audit_row *row, const uint8_t hash[32], void *ctx),
                        void *ctx)
{
	/* Export walks the verified chain: it stops at the first broken row. */
	verify_args a = {.from = from, .to = to, .fn = fn, .ctx = ctx};
	return sq_read(st, verify_op, &a);
}

/* ---- backup ---- */

typedef struct backup_args {
	const char *path;
	char *err;
	size_t errlen;
} backup_args;

static os_err backup_op(sq_conn *c, void *arg)
{
	backup_args *a = arg;
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(a->path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		snprintf(a->err, a->errlen, "cannot create %s: %s", a->path,
		         dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return OS_ERR_IO;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
	if (!b) {
		snprintf(a->err, a->errlen, "cannot back up to %s: %s", a->path,
		         sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return OS_ERR_IO;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(a->err, a->errlen, "backup to %s failed: %s", a->path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		return OS_ERR_IO;
	}
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? OS_OK : OS_ERR_IO;
}

os_err store_backup(store *st, const char *path, char *err, size_t errlen)
{
	backup_args a = {path, err, errlen};
	return sq_read(st, backup_op, &a);
}
