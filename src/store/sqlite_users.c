/* sqlite_users.c - account administration, sign-in bookkeeping and the
 * second factor (SQLite backend). Password hashes and TOTP secrets never
 * leave through the row types; the secret is sealed at rest (sq_bind_sealed)
 * and unsealed only by store_totp_get. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq.h"

#define ROW_COLS                                                                                   \
	"u.id, u.login, u.display_name, u.role, coalesce(u.site_id, 0),"                           \
	" coalesce(u.department_id, 0), coalesce(s.code, ''), coalesce(s.name, ''),"               \
	" coalesce(s.name_en, ''), coalesce(d.code, ''), coalesce(d.name, ''),"                    \
	" coalesce(d.name_en, ''), u.disabled, u.totp_enabled, u.failed_logins, u.locked_until,"   \
	" u.password_changed_at, u.created_at"
#define ROW_JOINS                                                                                  \
	" FROM users u LEFT JOIN sites s ON s.id = u.site_id"                                      \
	" LEFT JOIN departments d ON d.id = u.department_id"
#define LIST_WHERE                                                                                 \
	" WHERE (?1 = '' OR u.role = ?1) AND (?2 = '' OR s.code = ?2)"                             \
	" AND (?3 < 0 OR u.disabled = ?3)"

static void read_row(sqlite3_stmt *st, store_user_row *u)
{
	u->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, u->login, sizeof u->login);
	sq_text(st, 2, u->display_name, sizeof u->display_name);
	sq_text(st, 3, u->role, sizeof u->role);
	u->site_id = sqlite3_column_int64(st, 4);
	u->department_id = sqlite3_column_int64(st, 5);
	sq_text(st, 6, u->site_code, sizeof u->site_code);
	sq_text(st, 7, u->site_name, sizeof u->site_name);
	sq_text(st, 8, u->site_name_en, sizeof u->site_name_en);
	sq_text(st, 9, u->department_code, sizeof u->department_code);
	sq_text(st, 10, u->department_name, sizeof u->department_name);
	sq_text(st, 11, u->department_name_en, sizeof u->department_name_en);
	u->disabled = sqlite3_column_int(st, 12) != 0;
	u->totp_enabled = sqlite3_column_int(st, 13) != 0;
	u->failed_logins = sqlite3_column_int64(st, 14);
	u->locked_until = sqlite3_column_int64(st, 15);
	u->password_changed_at = sqlite3_column_int64(st, 16);
	u->created_at = sqlite3_column_int64(st, 17);
}

/* An UPDATE that must touch a row of users: NOT_FOUND when the account does
 * not exist, CONFLICT when it exists but the condition did not hold. */
static os_err changed_or(sq_conn *c, os_err e, int64_t user_id)
{
	if (e || sqlite3_changes(c->db) > 0)
		return e;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM users WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, user_id);
	e = sq_one(sqlite3_step(st));
	sqlite3_reset(st);
	return e ? e : OS_ERR_CONFLICT;
}

/* One statement text, so one cached statement for both users of it. */
static const char end_sessions_sql[] = "DELETE FROM sessions WHERE user_id = ?";

/* ---- list and get ---- */

typedef struct list_args {
	const store_user_filter *f;
	store_user_list *out;
	int64_t id;
	store_user_row *row;
} list_args;

static void bind_filter(sqlite3_stmt *st, const store_user_filter *f)
{
	sqlite3_bind_text(st, 1, f->role ? f->role : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->site_code ? f->site_code : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->disabled < 0 ? -1 : f->disabled ? 1 : 0);
}

static os_err list_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*)" ROW_JOINS LIST_WHERE);
	if (!st)
		return OS_ERR_IO;
	bind_filter(st, a->f);
	os_err e = sq_one(sqlite3_step(st));
	if (!e)
		a->out->total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (e)
		return e;
	st = sq_prep(c, "SELECT " ROW_COLS ROW_JOINS LIST_WHERE
	                " ORDER BY u.login LIMIT ?4 OFFSET ?5");
	if (!st)
		return OS_ERR_IO;
	bind_filter(st, a->f);
	int64_t limit = a->f->limit > 0 && a->f->limit <= 1000 ? a->f->limit : 50;
	sqlite3_bind_int64(st, 4, limit);
	sqlite3_bind_int64(st, 5, a->f->offset > 0 ? a->f->offset : 0);
	a->out->rows = os_calloc((size_t)limit, sizeof *a->out->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < (size_t)limit)
		read_row(st, &a->out->rows[a->out->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_users_list(store *st, const store_user_filter *f, store_user_list *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {.f = f, .out = out};
	os_err e = sq_read(st, list_op, &a);
	if (e)
		store_user_list_free(out);
	return e;
}

void store_user_list_free(store_user_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

static os_err get_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " ROW_COLS ROW_JOINS " WHERE u.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	os_err e = sq_one(sqlite3_step(st));
	if (!e)
		read_row(st, a->row);
	sqlite3_reset(st);
	return e;
}

os_err store_user_get(store *st, int64_t id, store_user_row *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {.id = id, .row = out};
	return sq_read(st, get_op, &a);
}

/* ---- create ---- */

typedef struct add_args {
	const store_user_new *u;
	int64_t now, id;
	const char *field;
} add_args;

static bool given(const char *s)
{
	return s && s[0];
}

/* The id of a code in sites or departments (sql selects id by code). */
static os_err id_by_code(sq_conn *c, const char *sql, const char *code, int64_t *id)
{
	*id = 0;
	if (!given(code))
		return OS_OK;
	sqlite3_stmt *st = sq_prep(c, sql);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	os_err e = sq_one(sqlite3_step(st));
	if (!e)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return e == OS_ERR_NOT_FOUND ? OS_ERR_INVALID : e;
}

static os_err add_op(sq_conn *c, void *arg)
{
	add_args *a = arg;
	const store_user_new *u = a->u;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM users WHERE login = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	os_err e = sq_one(sqlite3_step(st));
	sqlite3_reset(st);
	if (e != OS_ERR_NOT_FOUND) {
		a->field = "login";
		return e ? e : OS_ERR_CONFLICT;
	}
	int64_t site = 0, dept = 0;
	if ((e = id_by_code(c, "SELECT id FROM sites WHERE code = ?", u->site_code, &site))) {
		a->field = "site_code";
		return e;
	}
	if ((e = id_by_code(c, "SELECT id FROM departments WHERE code = ?", u->department_code,
	                    &dept))) {
		a->field = "department_code";
		return e;
	}
	uint8_t h[32];
	if (given(u->id_number)) {
		sq_lookup_hash(c, u->id_number, h);
		st = sq_prep(c, "SELECT 1 FROM users WHERE id_number_hash = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
		e = sq_one(sqlite3_step(st));
		sqlite3_reset(st);
		if (e != OS_ERR_NOT_FOUND) {
			a->field = "id_number";
			return e ? e : OS_ERR_CONFLICT;
		}
	}
	st = sq_prep(c, "INSERT INTO users(login, display_name, role, site_id, department_id,"
	                " password_hash, created_at, password_changed_at, phone_enc, id_number_enc,"
	                " id_number_hash) VALUES (?,?,?,nullif(?,0),nullif(?,0),?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, site);
	sqlite3_bind_int64(st, 5, dept);
	sqlite3_bind_text(st, 6, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, a->now);
	sqlite3_bind_int64(st, 8, a->now);
	if ((e = sq_bind_sealed(c, st, 9, u->phone)) ||
	    (e = sq_bind_sealed(c, st, 10, u->id_number))) {
		sqlite3_clear_bindings(st); /* release the sealed blobs now */
		return e;
	}
	if (given(u->id_number))
		sqlite3_bind_blob(st, 11, h, 32, SQLITE_TRANSIENT);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	if (!e)
		a->id = sqlite3_last_insert_rowid(c->db);
	return e;
}

os_err sq_user_add(sq_conn *c, const store_user_new *u, int64_t now, int64_t *id,
                   const char **field)
{
	add_args a = {.u = u, .now = now};
	os_err e = add_op(c, &a);
	*field = e ? a.field : NULL;
	*id = e ? 0 : a.id;
	return e;
}

os_err store_user_add(store *st, const store_user_new *u, int64_t now, int64_t *id_out,
                      const char **field)
{
	add_args a = {.u = u, .now = now};
	os_err e = sq_write(st, add_op, &a);
	if (field)
		*field = e ? a.field : NULL;
	if (!e && id_out)
		*id_out = a.id;
	return e;
}

/* ---- password, disable, enable ---- */

typedef struct upd_args {
	int64_t id, now, step, lock_secs;
	int lock_after;
	const char *text;
	const uint8_t *hash;
	bool flag;
	store_login_state *state;
	bool *out_flag;
} upd_args;

static os_err set_password_op(sq_conn *c, void *arg)
{
	upd_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET password_hash = ?, password_changed_at = ?,"
	                              " failed_logins = 0, locked_until = 0 WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, a->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->id);
	os_err e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		return OS_ERR_NOT_FOUND;
	if (e)
		return e;
	/* token_hash IS NOT NULL when nothing is kept: every session ends. */
	st = sq_prep(c, "DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	if (a->hash)
		sqlite3_bind_blob(st, 2, a->hash, 32, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	return sq_exec(c, st);
}

os_err store_user_set_password(store *st, int64_t id, const char *password_hash, int64_t now,
                               const uint8_t keep_session[32])
{
	upd_args a = {.id = id, .now = now, .text = password_hash, .hash = keep_session};
	return sq_write(st, set_password_op, &a);
}

static os_err set_disabled_op(sq_conn *c, void *arg)
{
	upd_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET disabled = ?1,"
	                              " failed_logins = CASE WHEN ?1 THEN failed_logins ELSE 0 END,"
	                              " locked_until = CASE WHEN ?1 THEN locked_until ELSE 0 END"
	                              " WHERE id = ?2");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->flag ? 1 : 0);
	sqlite3_bind_int64(st, 2, a->id);
	os_err e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		return OS_ERR_NOT_FOUND;
	if (e || !a->flag)
		return e;
	st = sq_prep(c, end_sessions_sql);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	return sq_exec(c, st);
}

os_err store_user_set_disabled(store *st, int64_t id, bool disabled)
{
	upd_args a = {.id = id, .flag = disabled};
	return sq_write(st, set_disabled_op, &a);
}

/* ---- sign-in bookkeeping ----
 * Written without the request's audit context: the sign-in handlers append
 * their own audit rows, with the result (failed, locked, ok). */

static os_err login_failure_op(sq_conn *c, void *arg)
{
	upd_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?"
	               " RETURNING failed_logins, locked_until");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	os_err e = sq_one(sqlite3_step(st));
	if (!e) {
		a->state->failed_logins = sqlite3_column_int64(st, 0);
		a->state->locked_until = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (e || a->lock_after <= 0 || a->state->failed_logins < a->lock_after)
		return e;
	st = sq_prep(c, "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	a->state->locked_until = a->now + a->lock_secs;
	sqlite3_bind_int64(st, 1, a->state->locked_until);
	sqlite3_bind_int64(st, 2, a->id);
	return sq_exec(c, st);
}

os_err store_login_failure(store *st, int64_t id, int64_t now, int lock_after, int64_t lock_secs,
                           store_login_state *out)
{
	memset(out, 0, sizeof *out);
	upd_args a = {
	    .id = id, .now = now, .lock_after = lock_after, .lock_secs = lock_secs, .state = out};
	return sq_write_noaudit(st, login_failure_op, &a);
}

static os_err login_success_op(sq_conn *c, void *arg)
{
	upd_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	os_err e = sq_exec(c, st);
	return !e && sqlite3_changes(c->db) == 0 ? OS_ERR_NOT_FOUND : e;
}

os_err store_login_success(store *st, int64_t id)
{
	upd_args a = {.id = id};
	return sq_write_noaudit(st, login_success_op, &a);
}

/* ---- the second factor ---- */

typedef struct totp_args {
	int64_t id, step;
	const char *secret;
	store_totp *out;
} totp_args;

static os_err totp_get_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT totp_enabled, totp_last_step, totp_secret FROM users"
	                              " WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	os_err e = sq_one(sqlite3_step(st));
	if (!e) {
		a->out->enabled = sqlite3_column_int(st, 0) != 0;
		a->out->last_step = sqlite3_column_int64(st, 1);
		e = sq_column_unsealed(c, st, 2, a->out->secret, sizeof a->out->secret);
	}
	sqlite3_reset(st);
	return e;
}

os_err store_totp_get(store *st, int64_t user_id, store_totp *out)
{
	memset(out, 0, sizeof *out);
	totp_args a = {.id = user_id, .out = out};
	os_err e = sq_read(st, totp_get_op, &a);
	if (e)
		memset(out, 0, sizeof *out);
	return e;
}

static os_err totp_set_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET totp_secret = ?, totp_enabled = 0,"
	                              " totp_last_step = 0 WHERE id = ? AND totp_enabled = 0");
	if (!st)
		return OS_ERR_IO;
	os_err e = sq_bind_sealed(c, st, 1, a->secret);
	if (e)
		return e;
	sqlite3_bind_int64(st, 2, a->id);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	return changed_or(c, e, a->id);
}

os_err store_totp_set_secret(store *st, int64_t user_id, const char *secret_b32)
{
	if (!given(secret_b32))
		return OS_ERR_INVALID;
	totp_args a = {.id = user_id, .secret = secret_b32};
	return sq_write(st, totp_set_op, &a);
}

static os_err totp_enable_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET totp_enabled = 1, totp_last_step = ?1"
	                              " WHERE id = ?2 AND totp_enabled = 0"
	                              " AND totp_secret IS NOT NULL AND totp_last_step < ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->step);
	sqlite3_bind_int64(st, 2, a->id);
	return changed_or(c, sq_exec(c, st), a->id);
}

os_err store_totp_enable(store *st, int64_t user_id, int64_t step)
{
	totp_args a = {.id = user_id, .step = step};
	return sq_write(st, totp_enable_op, &a);
}

static os_err totp_disable_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET totp_enabled = 0, totp_secret = NULL,"
	                              " totp_last_step = 0 WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	os_err e = sq_exec(c, st);
	return !e && sqlite3_changes(c->db) == 0 ? OS_ERR_NOT_FOUND : e;
}

os_err store_totp_disable(store *st, int64_t user_id)
{
	totp_args a = {.id = user_id};
	return sq_write(st, totp_disable_op, &a);
}

static os_err totp_reset_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	os_err e = totp_disable_op(c, arg);
	if (e)
		return e;
	sqlite3_stmt *st = sq_prep(c, end_sessions_sql);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	return sq_exec(c, st);
}

os_err store_totp_reset(store *st, int64_t user_id)
{
	totp_args a = {.id = user_id};
	return sq_write(st, totp_reset_op, &a);
}

static os_err totp_use_op(sq_conn *c, void *arg)
{
	totp_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET totp_last_step = ?1 WHERE id = ?2"
	                              " AND totp_enabled = 1 AND totp_last_step < ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->step);
	sqlite3_bind_int64(st, 2, a->id);
	return changed_or(c, sq_exec(c, st), a->id);
}

os_err store_totp_use_step(store *st, int64_t user_id, int64_t step)
{
	totp_args a = {.id = user_id, .step = step};
	return sq_write_noaudit(st, totp_use_op, &a);
}

/* ---- sessions owing their second factor ---- */

typedef struct mfa_args {
	const uint8_t *hash;
	bool *pending;
	int set;
} mfa_args;

static os_err mfa_get_op(sq_conn *c, void *arg)
{
	mfa_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT mfa_pending FROM sessions WHERE token_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, a->hash, 32, SQLITE_STATIC);
	os_err e = sq_one(sqlite3_step(st));
	if (!e)
		*a->pending = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return e;
}

os_err store_session_mfa_pending(store *st, const uint8_t hash[32], bool *pending)
{
	*pending = false;
	mfa_args a = {.hash = hash, .pending = pending};
	return sq_read(st, mfa_get_op, &a);
}

static os_err mfa_set_op(sq_conn *c, void *arg)
{
	mfa_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE sessions SET mfa_pending = ? WHERE token_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->set);
	sqlite3_bind_blob(st, 2, a->hash, 32, SQLITE_STATIC);
	os_err e = sq_exec(c, st);
	return !e && sqlite3_changes(c->db) == 0 ? OS_ERR_NOT_FOUND : e;
}

os_err store_session_mfa_set(store *st, const uint8_t hash[32])
{
	mfa_args a = {.hash = hash, .set = 1};
	return sq_write_noaudit(st, mfa_set_op, &a);
}

os_err store_session_mfa_clear(store *st, const uint8_t hash[32])
{
	mfa_args a = {.hash = hash, .set = 0};
	return sq_write_noaudit(st, mfa_set_op, &a);
}
