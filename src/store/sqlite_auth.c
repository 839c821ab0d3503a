/* sqlite_auth.c - accounts, sessions and the audit log (SQLite backend). */
#include <stdio.h>
#include <string.h>

#include "store/sq.h"

#define USER_COLS                                                                                  \
	"u.id, u.login, u.display_name, u.role, coalesce(u.site_id, 0),"                           \
	" coalesce(u.department_id, 0), coalesce(u.window_id, 0), coalesce(s.name, ''),"           \
	" coalesce(d.name, ''), u.password_hash, u.disabled, coalesce(s.name_en, ''),"             \
	" coalesce(u.agency_id, 0)"
#define USER_JOINS                                                                                 \
	" FROM users u LEFT JOIN sites s ON s.id = u.site_id"                                      \
	" LEFT JOIN departments d ON d.id = u.department_id"

static void read_user(sqlite3_stmt *st, store_user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, u->login, sizeof u->login);
	sq_text(st, 2, u->display_name, sizeof u->display_name);
	sq_text(st, 3, u->role, sizeof u->role);
	u->site_id = sqlite3_column_int64(st, 4);
	u->department_id = sqlite3_column_int64(st, 5);
	u->window_id = sqlite3_column_int64(st, 6);
	sq_text(st, 7, u->site_name, sizeof u->site_name);
	sq_text(st, 8, u->department_name, sizeof u->department_name);
	sq_text(st, 9, u->password_hash, sizeof u->password_hash);
	u->disabled = sqlite3_column_int(st, 10) != 0;
	sq_text(st, 11, u->site_name_en, sizeof u->site_name_en);
	u->agency_id = sqlite3_column_int64(st, 12);
}

typedef struct create_args {
	const store_user *u;
	int64_t now;
	int64_t id;
} create_args;

static os_err user_create_op(sq_conn *c, void *arg)
{
	create_args *a = arg;
	const store_user *u = a->u;
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO users(login, display_name, role, site_id,"
	                              " department_id, window_id, password_hash, created_at,"
	                              " agency_id)"
	                              " VALUES (?,?,?,nullif(?,0),nullif(?,0),nullif(?,0),?,?,"
	                              " nullif(?,0))");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, u->site_id);
	sqlite3_bind_int64(st, 5, u->department_id);
	sqlite3_bind_int64(st, 6, u->window_id);
	sqlite3_bind_text(st, 7, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, a->now);
	sqlite3_bind_int64(st, 9, u->agency_id);
	os_err e = sq_exec(c, st);
	if (!e)
		a->id = sqlite3_last_insert_rowid(c->db);
	return e;
}

os_err store_user_create(store *st, const store_user *u, int64_t now, int64_t *id_out)
{
	create_args a = {u, now, 0};
	os_err e = sq_write(st, user_create_op, &a);
	if (!e && id_out)
		*id_out = a.id;
	return e;
}

typedef struct login_args {
	const char *login;
	store_user *out;
} login_args;

static os_err by_login_op(sq_conn *c, void *arg)
{
	login_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " USER_COLS USER_JOINS " WHERE u.login = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, a->login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, a->out);
	sqlite3_reset(st);
	return sq_one(rc);
}

os_err store_user_by_login(store *st, const char *login, store_user *out)
{
	memset(out, 0, sizeof *out);
	login_args a = {login, out};
	return sq_read(st, by_login_op, &a);
}

typedef struct session_args {
	const uint8_t *hash;
	int64_t user_id, now, expires, idle;
	store_user *out;
	bool touch;
} session_args;

static os_err session_create_op(sq_conn *c, void *arg)
{
	session_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO sessions(token_hash, user_id, created_at,"
	                              " last_seen, expires_at) VALUES (?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, a->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->user_id);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_int64(st, 4, a->now);
	sqlite3_bind_int64(st, 5, a->expires);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	/* Expired sessions are swept on each login. */
	st = sq_prep(c, "DELETE FROM sessions WHERE expires_at <= ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->now);
	return sq_exec(c, st);
}

os_err store_session_create(store *st, const uint8_t hash[32], int64_t user_id, int64_t now,
                            int64_t expires_at)
{
	session_args a = {.hash = hash, .user_id = user_id, .now = now, .expires = expires_at};
	return sq_write(st, session_create_op, &a);
}

static os_err session_get_op(sq_conn *c, void *arg)
{
	session_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " USER_COLS ", x.last_seen, x.mfa_pending" USER_JOINS
	                              " JOIN sessions x ON x.user_id = u.id WHERE x.token_hash = ?"
	                              " AND x.expires_at > ?2 AND x.last_seen > ?2 - ?3"
	                              " AND u.disabled = 0");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, a->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->idle);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, a->out);
		a->touch = sqlite3_column_int64(st, 13) < a->now - 60;
		a->out->mfa_pending = sqlite3_column_int(st, 14) != 0;
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err session_touch_op(sq_conn *c, void *arg)
{
	session_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_blob(st, 2, a->hash, 32, SQLITE_STATIC);
	return sq_exec(c, st);
}

os_err store_session_get(store *st, const uint8_t hash[32], int64_t now, int64_t idle_secs,
                         store_user *out)
{
	memset(out, 0, sizeof *out);
	session_args a = {.hash = hash, .now = now, .idle = idle_secs, .out = out};
	os_err e = sq_read(st, session_get_op, &a);
	if (!e && a.touch)
		e = sq_write(st, session_touch_op, &a);
	return e;
}

static os_err session_delete_op(sq_conn *c, void *arg)
{
	session_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM sessions WHERE token_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, a->hash, 32, SQLITE_STATIC);
	return sq_exec(c, st);
}

os_err store_session_delete(store *st, const uint8_t hash[32])
{
	session_args a = {.hash = hash};
	return sq_write(st, session_delete_op, &a);
}

os_err store_audit(store *st, int64_t now, int64_t actor_id, const char *action, const char *object,
                   const char *detail)
{
	/* A business event inside a request: take who, from where and which
	 * request from the thread's audit context. */
	store_audit_row row;
	memset(&row, 0, sizeof row);
	const store_audit_ctx *ctx = sq_audit_context();
	row.at = now;
	row.actor_id = actor_id;
	snprintf(row.action, sizeof row.action, "%s", action);
	snprintf(row.object, sizeof row.object, "%s", object ? object : "");
	snprintf(row.detail, sizeof row.detail, "%s", detail ? detail : "");
	if (ctx) {
		snprintf(row.actor_role, sizeof row.actor_role, "%s", ctx->actor_role);
		snprintf(row.client, sizeof row.client, "%s", ctx->client);
		snprintf(row.request_id, sizeof row.request_id, "%s", ctx->request_id);
	}
	return store_audit_append(st, &row);
}
