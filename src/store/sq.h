/* sq.h - internals of the SQLite backend shared by src/store/sqlite_*.c.
 *
 * A connection caches its prepared statements by SQL text pointer: callers
 * pass string literals, so the same statement is prepared once per
 * connection. Every statement is prepared with bound parameters; SQL is never
 * built by formatting. */
#ifndef ONESTOP_STORE_SQ_H
#define ONESTOP_STORE_SQ_H

#include <sqlite3.h>

#include "core/error.h"
#include "store/store.h"

#define SQ_CACHE 96

typedef struct sq_conn {
	sqlite3 *db;
	int n;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[SQ_CACHE];
} sq_conn;

/* A prepared, reset statement for `sql` (a string literal); NULL on error. */
sqlite3_stmt *sq_prep(sq_conn *c, const char *sql);
/* Map an SQLite result code to os_err. */
os_err sq_err(int rc);
/* Run one statement to completion (no rows expected). */
os_err sq_exec(sq_conn *c, sqlite3_stmt *st);
/* Copy column i as text into dst (cap n), "" for NULL. */
void sq_text(sqlite3_stmt *st, int i, char *dst, size_t n);

typedef os_err (*sq_op)(sq_conn *c, void *arg);
/* Run fn inside the writer's current transaction, in its own SAVEPOINT, and
 * return after the batch holding it is durably committed. */
os_err sq_write(store *st, sq_op fn, void *arg);
/* Run fn on a read connection inside one read transaction (a snapshot). */
os_err sq_read(store *st, sq_op fn, void *arg);

#endif
