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

#include "core/mem.h"
#include "store/migrations.h"
#include "store/sq.h"
#include "store/store.h"

typedef struct wop {
	sq_op fn;
	void *arg;
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
};

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
	for (int i = 0; i < c->n; i++) {
		if (c->cache[i].sql == sql) {
			sqlite3_stmt *st = c->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "onestop: store: prepare failed: %s\n", sqlite3_errmsg(c->db));
		return NULL;
	}
	if (c->n < SQ_CACHE) {
		c->cache[c->n].sql = sql;
		c->cache[c->n].st = st;
		c->n++;
	} else {
		/* Cache full: a programming error (too many distinct statements). */
		fprintf(stderr, "onestop: store: statement cache full\n");
		abort();
	}
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
	for (int i = 0; i < c->n; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	free(c);
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

os_err sq_write(store *st, sq_op fn, void *arg)
{
	wop o = {.fn = fn, .arg = arg};
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
	os_err e = conn_open(o->path, true, o->create, &st->writer, err, errlen);
	if (!e)
		e = migrate(st->writer, &st->schema_version, err, errlen);
	if (!e && pthread_create(&st->writer_thread, NULL, writer_main, st) != 0) {
		snprintf(err, errlen, "cannot start the store writer thread");
		e = OS_ERR_INTERNAL;
	}
	if (e) {
		conn_close(st->writer);
		free(st->idle);
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
