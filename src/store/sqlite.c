/* sqlite.c - the SQLite engine: connections, migrations, the group-commit
 * writer and the reader pool.
 *
 * One writer thread owns the only write connection. Request threads queue an
 * operation and wait. The writer takes every queued operation (up to
 * group_commit_max), opens one transaction, runs each inside its own
 * SAVEPOINT (a failing one is rolled back alone and gets its own error),
 * commits with one fsync (WAL, synchronous=FULL) and only then wakes the
 * waiters. Readers use a pool of connections; WAL lets them read while the
 * writer writes. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>

#include "core/audit.h"
#include "core/mem.h"
#include "core/pii.h"
#include "store/migrations.h"
#include "store/sq.h"
#include "store/store.h"

typedef struct wop {
	sq_op fn;
	void *arg;
	store_audit_ctx *audit; /* append an audit row with the write */
	os_err result;
	bool done;
	struct wop *next;
} wop;

struct store {
	char path[512];
	sq_conn *writer;
	pthread_t writer_thread;
	pthread_mutex_t mu;
	pthread_cond_t work_cv; /* writer waits for operations */
	pthread_cond_t done_cv; /* callers wait for their commit */
	wop *head, *tail;
	bool stopping;
	int group_max;
	/* readers */
	pthread_mutex_t rmu;
	pthread_cond_t rcv;
	sq_conn **idle;
	int n_idle, n_open, max_readers;
	/* stats (under mu) */
	store_stats stats;
	int schema_version;
	pii_keyring kr;
	char key_path[512];
};

static _Thread_local store_audit_ctx *tl_audit;

void store_audit_context_set(store_audit_ctx *ctx)
{
	tl_audit = ctx;
}

os_err sq_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return OS_OK;
	case SQLITE_CONSTRAINT:
		return OS_ERR_CONFLICT;
	case SQLITE_NOMEM:
		return OS_ERR_NOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return OS_ERR_BUSY;
	case SQLITE_TOOBIG:
		return OS_ERR_TOO_LARGE;
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return OS_ERR_INVALID;
	case SQLITE_NOTFOUND:
		return OS_ERR_NOT_FOUND;
	default:
		return OS_ERR_IO;
	}
}

sqlite3_stmt *sq_prep(sq_conn *c, const char *sql)
{
	/* Open addressing on the literal's address (Fibonacci hashing). */
	size_t h = (size_t)(((uintptr_t)sql * 11400714819323198485ull) >> 54) & (SQ_CACHE - 1);
	while (c->cache[h].sql) {
		if (c->cache[h].sql == sql) {
			sqlite3_stmt *st = c->cache[h].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
		h = (h + 1) & (SQ_CACHE - 1);
	}
	if (c->n >= SQ_CACHE_MAX) {
		fprintf(stderr, "onestop: store: more than %d distinct statements\n", SQ_CACHE_MAX);
		abort();
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "onestop: store: prepare failed: %s\n", sqlite3_errmsg(c->db));
		return NULL;
	}
	c->cache[h].sql = sql;
	c->cache[h].st = st;
	c->n++;
	return st;
}

os_err sq_exec(sq_conn *c, sqlite3_stmt *st)
{
	(void)c;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return OS_OK;
	return sq_err(rc);
}

void sq_text(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

void sq_bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_str(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

os_err sq_one(int rc)
{
	if (rc == SQLITE_ROW)
		return OS_OK;
	return rc == SQLITE_DONE ? OS_ERR_NOT_FOUND : sq_err(rc);
}

os_err sq_exec_ints(sq_conn *c, const char *sql, const int64_t *v, int n)
{
	sqlite3_stmt *st = sq_prep(c, sql);
	if (!st)
		return OS_ERR_IO;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(st, i + 1, v[i]);
	return sq_exec(c, st);
}

void *sq_rows_take(os_err e, void *rows, size_t n, size_t *n_out)
{
	if (e) {
		free(rows);
		rows = NULL;
		n = 0;
	}
	*n_out = n;
	return rows;
}

os_date sq_day_of(int64_t t)
{
	os_date d = 0;
	os_date_from_unix(t, &d);
	return d;
}

static os_err exec_sql(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		if (err)
			snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return sq_err(rc) ? sq_err(rc) : OS_ERR_IO;
	}
	return OS_OK;
}

static void conn_close(sq_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < SQ_CACHE; i++)
		if (c->cache[i].sql)
			sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	free(c);
}

/* os_audit_hash(prev, id, at, actor_id, role, action, object, result,
 * client, request_id, detail): the audit chain (src/core/audit.h). */
static void sql_audit_hash(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	(void)argc;
	audit_fields f;
	f.id = sqlite3_value_int64(v[1]);
	f.at = sqlite3_value_int64(v[2]);
	f.actor_id = sqlite3_value_int64(v[3]);
	for (int i = 0; i < 7; i++) {
		f.text[i] = (const char *)sqlite3_value_text(v[4 + i]);
		f.len[i] = f.text[i] ? (size_t)sqlite3_value_bytes(v[4 + i]) : 0;
	}
	const void *prev = sqlite3_value_blob(v[0]);
	bool has_prev = prev && sqlite3_value_bytes(v[0]) == 32;
	uint8_t out[32];
	audit_hash(has_prev ? prev : NULL, &f, out);
	sqlite3_result_blob(ctx, out, 32, SQLITE_TRANSIENT);
}

static os_err conn_open(const char *path, bool writer, bool create, sq_conn **out, char *err,
                        size_t errlen)
{
	*out = NULL;
	sq_conn *c = os_calloc(1, sizeof *c);
	int flags = SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
	if (writer && create)
		flags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		conn_close(c);
		return rc == SQLITE_CANTOPEN ? OS_ERR_IO : sq_err(rc);
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_create_function(c->db, "os_audit_hash", 11, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	                        NULL, sql_audit_hash, NULL, NULL);
	char why[256] = "";
	const char *pragmas = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                               "PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=4000;"
	                             : "PRAGMA foreign_keys=ON;";
	os_err e = exec_sql(c->db, pragmas, why, sizeof why);
	if (e) {
		snprintf(err, errlen, "cannot use database %s: %s", path, why);
		conn_close(c);
		return e;
	}
	if (writer) {
		/* journal_mode must really be WAL (it silently stays otherwise on some FS). */
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(c->db, "PRAGMA journal_mode", -1, &st, NULL);
		bool wal = st && sqlite3_step(st) == SQLITE_ROW &&
		           !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
		if (!wal) {
			snprintf(err, errlen, "cannot use database %s: WAL mode unavailable", path);
			conn_close(c);
			return OS_ERR_IO;
		}
	}
	*out = c;
	return OS_OK;
}

static os_err migrate(sq_conn *c, int *version, char *err, size_t errlen)
{
	char why[256] = "";
	os_err e = exec_sql(c->db,
	                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	                    " applied_at INTEGER NOT NULL)",
	                    why, sizeof why);
	if (e) {
		snprintf(err, errlen, "cannot prepare migrations: %s", why);
		return e;
	}
	int have = 0;
	sqlite3_stmt *st = sq_prep(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	int latest =
	    store_migrations_count ? store_migrations[store_migrations_count - 1].version : 0;
	if (have > latest) {
		snprintf(err, errlen, "database schema version %d is newer than this binary (%d)",
		         have, latest);
		return OS_ERR_CONFLICT;
	}
	for (int i = 0; i < store_migrations_count; i++) {
		const store_migration *m = &store_migrations[i];
		if (m->version <= have)
			continue;
		/* Each migration and its record commit together, or not at all. */
		if ((e = exec_sql(c->db, "BEGIN IMMEDIATE", why, sizeof why)) ||
		    (e = exec_sql(c->db, m->sql, why, sizeof why))) {
			exec_sql(c->db, "ROLLBACK", NULL, 0);
			snprintf(err, errlen, "migration %s failed: %s", m->name, why);
			return e;
		}
		sqlite3_stmt *ins = sq_prep(c, "INSERT INTO schema_migrations(version, name, "
		                               "applied_at) VALUES (?, ?, strftime('%s','now'))");
		sqlite3_bind_int(ins, 1, m->version);
		sqlite3_bind_text(ins, 2, m->name, -1, SQLITE_STATIC);
		if ((e = sq_exec(c, ins)) || (e = exec_sql(c->db, "COMMIT", why, sizeof why))) {
			exec_sql(c->db, "ROLLBACK", NULL, 0);
			snprintf(err, errlen, "migration %s could not be recorded", m->name);
			return e;
		}
		have = m->version;
	}
	*version = have;
	return OS_OK;
}

/* ---- the writer ---- */

/* The audit row of a write, in the write's own savepoint. */
static os_err audit_with_write(sq_conn *c, store_audit_ctx *a)
{
	sqlite3_stmt *st =
	    sq_prep(c, "INSERT INTO audit_log(at, actor_id, actor_role, action,"
	               " object, result, client, request_id, detail)"
	               " VALUES (strftime('%s','now'), nullif(?,0), ?, ?, ?, 'ok', ?, ?, '')");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->actor_id);
	sqlite3_bind_text(st, 2, a->actor_role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->request_id, -1, SQLITE_STATIC);
	os_err e = sq_exec(c, st);
	if (!e)
		a->written = true;
	return e;
}

static void run_batch(store *st, wop *batch, int count)
{
	sq_conn *c = st->writer;
	sqlite3_stmt *sp = sq_prep(c, "SAVEPOINT op");
	sqlite3_stmt *rel = sq_prep(c, "RELEASE op");
	sqlite3_stmt *rb = sq_prep(c, "ROLLBACK TO op");
	os_err be = exec_sql(c->db, "BEGIN IMMEDIATE", NULL, 0);
	int failed = 0;
	for (wop *o = batch; o; o = o->next) {
		if (be) {
			o->result = be;
			continue;
		}
		os_err e = sq_exec(c, sp);
		if (!e)
			e = o->fn(c, o->arg);
		if (!e && o->audit)
			e = audit_with_write(c, o->audit);
		if (e) {
			sq_exec(c, rb);
			failed++;
		}
		sq_exec(c, rel);
		o->result = e;
	}
	if (!be && exec_sql(c->db, "COMMIT", NULL, 0)) {
		/* The commit failed: nothing in this batch is durable. */
		exec_sql(c->db, "ROLLBACK", NULL, 0);
		for (wop *o = batch; o; o = o->next)
			if (!o->result)
				o->result = OS_ERR_IO;
	}
	pthread_mutex_lock(&st->mu);
	st->stats.commits++;
	st->stats.operations += (uint64_t)count;
	st->stats.failed += (uint64_t)failed;
	if ((uint64_t)count > st->stats.max_batch)
		st->stats.max_batch = (uint64_t)count;
	for (wop *o = batch; o;) {
		wop *next = o->next;
		o->done = true;
		o = next;
	}
	pthread_cond_broadcast(&st->done_cv);
	pthread_mutex_unlock(&st->mu);
}

static void *writer_main(void *arg)
{
	store *st = arg;
	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (!st->head && !st->stopping)
			pthread_cond_wait(&st->work_cv, &st->mu);
		if (!st->head && st->stopping)
			break;
		wop *batch = st->head, *last = batch;
		int count = 1;
		while (last->next && count < st->group_max) {
			last = last->next;
			count++;
		}
		st->head = last->next;
		if (!st->head)
			st->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&st->mu);
		run_batch(st, batch, count);
		pthread_mutex_lock(&st->mu);
	}
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

static os_err enqueue(store *st, sq_op fn, void *arg, store_audit_ctx *audit)
{
	wop o = {.fn = fn, .arg = arg, .audit = audit};
	pthread_mutex_lock(&st->mu);
	if (st->stopping) {
		pthread_mutex_unlock(&st->mu);
		return OS_ERR_BUSY;
	}
	if (st->tail)
		st->tail->next = &o;
	else
		st->head = &o;
	st->tail = &o;
	pthread_cond_signal(&st->work_cv);
	while (!o.done)
		pthread_cond_wait(&st->done_cv, &st->mu);
	pthread_mutex_unlock(&st->mu);
	return o.result;
}

os_err sq_write(store *st, sq_op fn, void *arg)
{
	return enqueue(st, fn, arg, tl_audit);
}

os_err sq_write_noaudit(store *st, sq_op fn, void *arg)
{
	return enqueue(st, fn, arg, NULL);
}

const store_audit_ctx *sq_audit_context(void)
{
	return tl_audit;
}

/* ---- readers ---- */

static sq_conn *reader_get(store *st)
{
	pthread_mutex_lock(&st->rmu);
	for (;;) {
		if (st->n_idle > 0) {
			sq_conn *c = st->idle[--st->n_idle];
			pthread_mutex_unlock(&st->rmu);
			return c;
		}
		if (st->n_open < st->max_readers) {
			st->n_open++;
			pthread_mutex_unlock(&st->rmu);
			sq_conn *c;
			char err[256];
			if (conn_open(st->path, false, false, &c, err, sizeof err)) {
				fprintf(stderr, "onestop: store: %s\n", err);
				pthread_mutex_lock(&st->rmu);
				st->n_open--;
				pthread_mutex_unlock(&st->rmu);
				return NULL;
			}
			c->st = st;
			return c;
		}
		pthread_cond_wait(&st->rcv, &st->rmu);
	}
}

static void reader_put(store *st, sq_conn *c)
{
	pthread_mutex_lock(&st->rmu);
	st->idle[st->n_idle++] = c;
	pthread_cond_signal(&st->rcv);
	pthread_mutex_unlock(&st->rmu);
}

os_err sq_read(store *st, sq_op fn, void *arg)
{
	sq_conn *c = reader_get(st);
	if (!c)
		return OS_ERR_IO;
	os_err e = exec_sql(c->db, "BEGIN", NULL, 0);
	if (!e) {
		e = fn(c, arg);
		exec_sql(c->db, "COMMIT", NULL, 0);
	}
	reader_put(st, c);
	return e;
}

/* ---- personal data keys ---- */

static os_err write_keyfile(const char *path, const pii_keyring *kr, bool exclusive, char *err,
                            size_t errlen)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	const char *target = exclusive ? path : tmp;
	int fd =
	    open(target, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create key file %s: %s", target, strerror(errno));
		return OS_ERR_IO;
	}
	char *text = pii_keyring_format(kr);
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
	sodium_memzero(text, n);
	free(text);
	close(fd);
	if (ok && !exclusive && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
		unlink(target);
		return OS_ERR_IO;
	}
	return OS_OK;
}

static os_err load_keys(store *st, const char *path, bool create, char *err, size_t errlen)
{
	snprintf(st->key_path, sizeof st->key_path, "%s", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		pii_keyring_rotate(&st->kr);
		return write_keyfile(path, &st->kr, true, err, errlen);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
		return OS_ERR_IO;
	}
	char text[4096];
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
		return OS_ERR_IO;
	}
	const char *why = "";
	os_err e = pii_keyring_parse(text, (size_t)n, &st->kr, &why);
	sodium_memzero(text, sizeof text);
	if (e)
		snprintf(err, errlen, "key file %s: %s", path, why);
	return e;
}

os_err sq_seal(sq_conn *c, const char *plain, size_t len, unsigned char **out, size_t *outlen)
{
	*out = os_malloc(len + PII_OVERHEAD);
	os_err e = pii_seal(&c->st->kr, plain, len, *out, len + PII_OVERHEAD, outlen);
	if (e) {
		free(*out);
		*out = NULL;
	}
	return e;
}

os_err sq_unseal(sq_conn *c, const void *blob, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return OS_ERR_TOO_LARGE;
	os_err e = pii_open(&c->st->kr, blob, len, (uint8_t *)out, cap - 1, &n);
	out[e ? 0 : n] = '\0';
	return e;
}

void sq_lookup_hash(sq_conn *c, const char *normalized, unsigned char out[32])
{
	pii_lookup_hash(&c->st->kr, normalized, strlen(normalized), out);
}

os_err sq_bind_sealed(sq_conn *c, sqlite3_stmt *st, int i, const char *plain)
{
	if (!plain || !plain[0])
		return sqlite3_bind_null(st, i) == SQLITE_OK ? OS_OK : OS_ERR_IO;
	unsigned char *blob;
	size_t n;
	os_err e = sq_seal(c, plain, strlen(plain), &blob, &n);
	if (e)
		return e;
	return sqlite3_bind_blob(st, i, blob, (int)n, free) == SQLITE_OK ? OS_OK : OS_ERR_IO;
}

os_err sq_column_unsealed(sq_conn *c, sqlite3_stmt *st, int i, char *out, size_t cap)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		if (cap)
			out[0] = '\0';
		return OS_OK;
	}
	return sq_unseal(c, sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i), out,
	                 cap);
}

#define BYTES_HDR (1 + 4 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)

os_err sq_seal_bytes(sq_conn *c, const unsigned char *plain, size_t len, unsigned char **out,
                     size_t *outlen)
{
	const pii_keyring *kr = &c->st->kr;
	*out = NULL;
	*outlen = 0;
	if (kr->n == 0)
		return OS_ERR_INTERNAL;
	if (len > SQ_BYTES_MAX)
		return OS_ERR_TOO_LARGE;
	const pii_key *k = &kr->keys[0];
	unsigned char *b = os_malloc(BYTES_HDR + len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	b[0] = 'F';
	b[1] = (unsigned char)(k->id >> 24);
	b[2] = (unsigned char)(k->id >> 16);
	b[3] = (unsigned char)(k->id >> 8);
	b[4] = (unsigned char)k->id;
	randombytes_buf(b + 5, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(b + BYTES_HDR, &clen, plain, len, b, 5, NULL,
	                                           b + 5, k->enc);
	*out = b;
	*outlen = BYTES_HDR + (size_t)clen;
	return OS_OK;
}

os_err sq_open_bytes(sq_conn *c, const unsigned char *blob, size_t len, unsigned char **out,
                     size_t *outlen)
{
	const pii_keyring *kr = &c->st->kr;
	*out = NULL;
	*outlen = 0;
	if (!blob || len < BYTES_HDR + crypto_aead_xchacha20poly1305_ietf_ABYTES || blob[0] != 'F')
		return OS_ERR_CHECKSUM;
	uint32_t id = (uint32_t)blob[1] << 24 | (uint32_t)blob[2] << 16 | (uint32_t)blob[3] << 8 |
	              (uint32_t)blob[4];
	const pii_key *k = NULL;
	for (int i = 0; i < kr->n; i++)
		if (kr->keys[i].id == id)
			k = &kr->keys[i];
	if (!k)
		return OS_ERR_CHECKSUM;
	size_t n = len - BYTES_HDR - crypto_aead_xchacha20poly1305_ietf_ABYTES;
	unsigned char *p = os_malloc(n + 1);
	unsigned long long plen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(p, &plen, NULL, blob + BYTES_HDR,
	                                               len - BYTES_HDR, blob, 5, blob + 5,
	                                               k->enc) != 0) {
		free(p);
		return OS_ERR_CHECKSUM;
	}
	*out = p;
	*outlen = (size_t)plen;
	return OS_OK;
}

/* ---- lifecycle ---- */

os_err store_open(const store_options *o, store **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!o->create && access(o->path, F_OK) != 0) {
		snprintf(err, errlen, "database %s does not exist (run: onestop init --db %s)",
		         o->path, o->path);
		return OS_ERR_NOT_FOUND;
	}
	store *st = os_calloc(1, sizeof *st);
	snprintf(st->path, sizeof st->path, "%s", o->path);
	st->group_max = o->group_commit_max > 0 ? o->group_commit_max : 256;
	st->max_readers = o->read_connections > 0 ? o->read_connections : 4;
	st->idle = os_calloc((size_t)st->max_readers, sizeof *st->idle);
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->work_cv, NULL);
	pthread_cond_init(&st->done_cv, NULL);
	pthread_mutex_init(&st->rmu, NULL);
	pthread_cond_init(&st->rcv, NULL);
	/* The database first (its errors name it), then the key file; a
	 * database this call created is removed again if anything fails, so a
	 * failed open changes nothing. */
	bool existed = access(o->path, F_OK) == 0;
	os_err e = conn_open(o->path, true, o->create, &st->writer, err, errlen);
	if (!e) {
		st->writer->st = st;
		if (o->key_file && o->key_file[0])
			e = load_keys(st, o->key_file, o->create, err, errlen);
	}
	if (!e)
		e = migrate(st->writer, &st->schema_version, err, errlen);
	if (!e && pthread_create(&st->writer_thread, NULL, writer_main, st) != 0) {
		snprintf(err, errlen, "cannot start the store writer thread");
		e = OS_ERR_INTERNAL;
	}
	if (e) {
		conn_close(st->writer);
		if (!existed && o->create) {
			char side[600];
			unlink(o->path);
			snprintf(side, sizeof side, "%s-wal", o->path);
			unlink(side);
			snprintf(side, sizeof side, "%s-shm", o->path);
			unlink(side);
		}
		free(st->idle);
		sodium_memzero(&st->kr, sizeof st->kr);
		free(st);
		return e;
	}
	*out = st;
	return OS_OK;
}

os_err store_checkpoint(store *st)
{
	/* Runs on the caller's thread only when the writer is stopped. */
	int rc =
	    sqlite3_wal_checkpoint_v2(st->writer->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return sq_err(rc);
}

void store_close(store *st)
{
	if (!st)
		return;
	pthread_mutex_lock(&st->mu);
	st->stopping = true;
	pthread_cond_signal(&st->work_cv);
	pthread_mutex_unlock(&st->mu);
	pthread_join(st->writer_thread, NULL);
	for (int i = 0; i < st->n_idle; i++)
		conn_close(st->idle[i]);
	store_checkpoint(st);
	conn_close(st->writer);
	free(st->idle);
	sodium_memzero(&st->kr, sizeof st->kr);
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->work_cv);
	pthread_cond_destroy(&st->done_cv);
	pthread_mutex_destroy(&st->rmu);
	pthread_cond_destroy(&st->rcv);
	free(st);
}

static os_err ping_op(sq_conn *c, void *arg)
{
	(void)arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OS_OK : sq_err(rc);
}

os_err store_ping(store *st)
{
	return sq_read(st, ping_op, NULL);
}

int store_schema_version(store *st)
{
	return st->schema_version;
}

void store_get_stats(store *st, store_stats *out)
{
	pthread_mutex_lock(&st->mu);
	*out = st->stats;
	pthread_mutex_unlock(&st->mu);
}

os_err store_key_rotate_sealed(store *st, int64_t *values);

os_err store_key_rotate(store *st, int64_t *values, char *err, size_t errlen)
{
	*values = 0;
	if (!st->key_path[0]) {
		snprintf(err, errlen, "no key file configured");
		return OS_ERR_INVALID;
	}
	/* 1. the new key goes in front, the old ones stay readable. */
	pii_keyring next = st->kr;
	pii_keyring_rotate(&next);
	os_err e = write_keyfile(st->key_path, &next, false, err, errlen);
	if (e)
		return e;
	pthread_mutex_lock(&st->mu);
	st->kr = next;
	pthread_mutex_unlock(&st->mu);
	/* 2. every sealed value re-sealed in one transaction. */
	e = store_key_rotate_sealed(st, values);
	if (e) {
		snprintf(err, errlen, "re-sealing failed (%s); the key file keeps both keys",
		         os_strerror(e));
		return e;
	}
	/* 3. nothing needs the old keys any more. */
	pii_keyring_retire_old(&next);
	e = write_keyfile(st->key_path, &next, false, err, errlen);
	if (!e) {
		pthread_mutex_lock(&st->mu);
		st->kr = next;
		pthread_mutex_unlock(&st->mu);
	}
	sodium_memzero(&next, sizeof next);
	return e;
}
