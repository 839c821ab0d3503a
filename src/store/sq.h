/* sq.h - internals of the SQLite backend shared by src/store/sqlite_*.c.
 *
 * A connection caches its prepared statements by SQL text pointer: callers
 * pass string literals, so the same statement is prepared once per
 * connection. Every statement is prepared with bound parameters; SQL is never
 * built by formatting. */
#ifndef ONESTOP_STORE_SQ_H
#define ONESTOP_STORE_SQ_H

#include <sqlite3.h>

#include "core/calendar.h"
#include "core/error.h"
#include "store/store.h"

/* Statement cache slots per connection (open addressing by SQL pointer).
 * The whole store has a few hundred distinct statements; more than
 * SQ_CACHE_MAX is a programming error. */
#define SQ_CACHE     1024
#define SQ_CACHE_MAX 768

typedef struct sq_conn {
	sqlite3 *db;
	store *st; /* the store this connection belongs to */
	int n;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[SQ_CACHE];
} sq_conn;

/* A prepared, reset statement for `sql` (a string literal); NULL on error. */
sqlite3_stmt *sq_prep(sq_conn *c, const char *sql);
/* Map an SQLite result code to os_err (SQLITE_OK, SQLITE_ROW and SQLITE_DONE
 * are OS_OK: the end of any step loop is `return sq_err(rc)`). */
os_err sq_err(int rc);
/* Run one statement to completion (no rows expected). */
os_err sq_exec(sq_conn *c, sqlite3_stmt *st);
/* Create an account inside the caller's write (sqlite_users.c), so that a
 * feature creating an account with its own record commits both or neither.
 * *field names the refused input (login, site_code, ...) on failure. */
os_err sq_user_add(sq_conn *c, const store_user_new *u, int64_t now, int64_t *id,
                   const char **field);
/* Copy column i as text into dst (cap n), "" for NULL. */
void sq_text(sqlite3_stmt *st, int i, char *dst, size_t n);

/* Small shapes every sqlite_*.c file repeats. */
/* Bind v to parameter i, NULL when v is 0 (an optional id, time or day). */
void sq_bind_opt(sqlite3_stmt *st, int i, int64_t v);
/* Bind text s (static: it must outlive the step) to parameter i, "" for NULL. */
void sq_bind_str(sqlite3_stmt *st, int i, const char *s);
/* The outcome of the step that read one row by its key: OS_OK on a row,
 * OS_ERR_NOT_FOUND when there was none, else the mapped error. */
os_err sq_one(int rc);
/* Prepare sql (a string literal), bind the n integers v to ?1..?n and run it
 * to completion (no rows expected). SQ_EXEC_INTS(c, sql, a, b, ...) counts
 * the integers itself. */
os_err sq_exec_ints(sq_conn *c, const char *sql, const int64_t *v, int n);
#define SQ_EXEC_INTS(c, sql, ...)                                                                  \
	sq_exec_ints((c), (sql), (const int64_t[]){__VA_ARGS__},                                   \
	             (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
/* Hand over the rows (n of them) a list-reading op built: the rows with *n_out
 * = n when e is OS_OK; otherwise they are freed, *n_out = 0 and NULL is
 * returned. */
void *sq_rows_take(os_err e, void *rows, size_t n, size_t *n_out);
/* The calendar day of a Unix time (0 when it has none). */
os_date sq_day_of(int64_t t);

/* Personal data at rest (src/core/pii.h, the store's keyring). sq_seal
 * returns a malloc'ed blob (caller frees); sq_unseal writes a NUL-terminated
 * plaintext into out (cap bytes). sq_lookup_hash gives the keyed hash used
 * for exact lookups of a normalised value. */
os_err sq_seal(sq_conn *c, const char *plain, size_t len, unsigned char **out, size_t *outlen);
os_err sq_unseal(sq_conn *c, const void *blob, size_t len, char *out, size_t cap);
void sq_lookup_hash(sq_conn *c, const char *normalized, unsigned char out[32]);
/* Bind a sealed value (or NULL for an empty string) to parameter i. */
os_err sq_bind_sealed(sq_conn *c, sqlite3_stmt *st, int i, const char *plain);
/* Read a sealed column into out ("" for NULL). */
os_err sq_column_unsealed(sq_conn *c, sqlite3_stmt *st, int i, char *out, size_t cap);
/* Binary values of any size up to SQ_BYTES_MAX (uploaded files): sealed
 * like personal data (XChaCha20-Poly1305 under the current key, the key id
 * in a 5-byte header starting 'F'). sq_seal_bytes and sq_open_bytes return
 * malloc'ed buffers (the caller frees); OS_ERR_CHECKSUM when a blob was
 * altered or its key is unknown. */
#define SQ_BYTES_MAX (64u << 20)
os_err sq_seal_bytes(sq_conn *c, const unsigned char *plain, size_t len, unsigned char **out,
                     size_t *outlen);
os_err sq_open_bytes(sq_conn *c, const unsigned char *blob, size_t len, unsigned char **out,
                     size_t *outlen);

typedef os_err (*sq_op)(sq_conn *c, void *arg);
/* Run fn inside the writer's current transaction, in its own SAVEPOINT, and
 * return after the batch holding it is durably committed. */
os_err sq_write(store *st, sq_op fn, void *arg);
/* The same without the thread's audit context: for ops that write audit
 * rows themselves. */
os_err sq_write_noaudit(store *st, sq_op fn, void *arg);
/* The calling thread's audit context (NULL when none). */
const store_audit_ctx *sq_audit_context(void);
/* Run fn on a read connection inside one read transaction (a snapshot). */
os_err sq_read(store *st, sq_op fn, void *arg);

#endif
