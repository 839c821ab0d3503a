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
/* Map an SQLite result code to os_err. */
os_err sq_err(int rc);
/* Run one statement to completion (no rows expected). */
os_err sq_exec(sq_conn *c, sqlite3_stmt *st);
/* Copy column i as text into dst (cap n), "" for NULL. */
void sq_text(sqlite3_stmt *st, int i, char *dst, size_t n);

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
