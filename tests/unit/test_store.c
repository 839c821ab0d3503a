/* test_store.c - the SQLite store: migrations, durability settings, the demo
 * load, accounts and sessions, group commit with per-operation savepoints,
 * reopen, and failures to open.
 *
 * The engine is included so that a test operation can look at the writer's
 * queue (to hold a batch open until every operation of the test is queued). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>

#include "../../src/store/sqlite.c"

#include "core/demo.h"
#include "sq_query.h"

typedef struct fixture {
	char dir[256];
	char path[512];
	store *st;
} fixture;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	chmod(p, 0700);
	return remove(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/onestop-test-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/onestop.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static store *open_at(const char *path, bool create, int group_max)
{
	store_options o = {
	    .path = path, .read_connections = 4, .group_commit_max = group_max, .create = create};
	store *st = NULL;
	char err[512] = "";
	os_err e = store_open(&o, &st, err, sizeof err);
	if (e)
		fail_msg("store_open(%s): %s: %s", path, os_strerror(e), err);
	assert_non_null(st);
	return st;
}

static store *open_fixture(fixture *f)
{
	f->st = open_at(f->path, true, 256);
	return f->st;
}

/* A separate connection on the same file. */
static sqlite3 *side_conn(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* ---------------------------------------------------------------- migrations */

static void test_migrations_recorded(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	assert_true(store_migrations_count >= 1);
	int latest = store_migrations[store_migrations_count - 1].version;
	assert_int_equal(store_schema_version(st), latest);
	assert_int_equal(store_ping(st), OS_OK);

	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"),
	                 store_migrations_count);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT version, name, applied_at FROM "
	                                    "schema_migrations ORDER BY version",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < store_migrations_count; i++) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), store_migrations[i].version);
		assert_string_equal((const char *)sqlite3_column_text(q, 1),
		                    store_migrations[i].name);
		int64_t at = sqlite3_column_int64(q, 2);
		assert_true(at > now - 600 && at <= now + 5);
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	/* The schema itself is there. */
	assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
	                           "name IN ('sites', 'departments', 'windows', 'users', "
	                           "'sessions', 'audit_chain')"),
	                 6);
	/* Rows enter the audit log through a view that chains them. */
	assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND "
	                           "name = 'audit_log'"),
	                 1);
	sqlite3_close(db);

	/* Reopening applies nothing twice. */
	store_close(st);
	f->st = st = open_at(f->path, false, 256);
	assert_int_equal(store_schema_version(st), latest);
	db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"),
	                 store_migrations_count);
	sqlite3_close(db);
}

static void test_newer_schema_refused(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_close(st);
	f->st = NULL;
	sqlite3 *db = side_conn(f->path);
	q_exec(db, "INSERT INTO schema_migrations(version, name, applied_at) "
	           "VALUES (999999, '999999_future', 0)");
	sqlite3_close(db);
	store_options o = {.path = f->path, .create = false};
	char err[512] = "";
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_ERR_CONFLICT);
	assert_null(st);
	assert_non_null(strstr(err, "999999"));
}

typedef struct pragma_args {
	const char *sql;
	char value[64];
} pragma_args;

static os_err pragma_op(sq_conn *c, void *arg)
{
	pragma_args *a = arg;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db, a->sql, -1, &st, NULL) != SQLITE_OK)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(a->value, sizeof a->value, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? OS_OK : OS_ERR_IO;
}

static void test_wal_and_synchronous_full(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	/* journal_mode is a property of the file: a separate connection sees it. */
	sqlite3 *db = side_conn(f->path);
	char mode[32];
	q_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	sqlite3_close(db);
	/* synchronous and foreign_keys are per connection: ask the writer's own
	 * connection, from inside a write operation. */
	pragma_args a = {.sql = "PRAGMA synchronous"};
	assert_int_equal(sq_write(st, pragma_op, &a), OS_OK);
	assert_string_equal(a.value, "2"); /* FULL */
	pragma_args fk = {.sql = "PRAGMA foreign_keys"};
	assert_int_equal(sq_write(st, pragma_op, &fk), OS_OK);
	assert_string_equal(fk.value, "1");
	pragma_args jm = {.sql = "PRAGMA journal_mode"};
	assert_int_equal(sq_write(st, pragma_op, &jm), OS_OK);
	assert_string_equal(jm.value, "wal");
	/* Readers enforce foreign keys too. */
	pragma_args rfk = {.sql = "PRAGMA foreign_keys"};
	assert_int_equal(sq_read(st, pragma_op, &rfk), OS_OK);
	assert_string_equal(rfk.value, "1");
	/* A WAL file exists beside the database while it is open. */
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_int_equal(access(wal, F_OK), 0);
}

/* ---------------------------------------------------------------- demo */

static void assert_demo_counts(store *st)
{
	store_org_counts c;
	assert_int_equal(store_org_counts_get(st, &c), OS_OK);
	assert_int_equal(c.sites[TIER_DISTRICT], 1);
	assert_int_equal(c.sites[TIER_TOWNSHIP], 24);
	assert_int_equal(c.sites[TIER_VILLAGE], 258);
	assert_int_equal(c.departments, 17);
}

static void test_demo_load(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_org_counts c0;
	assert_int_equal(store_org_counts_get(st, &c0), OS_OK);
	assert_int_equal(c0.sites[1] + c0.sites[2] + c0.sites[3], 0);

	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	assert_demo_counts(st);
	store_org_counts c;
	assert_int_equal(store_org_counts_get(st, &c), OS_OK);
	assert_int_equal(c.users, (int64_t)d->n_users);
	assert_int_equal(c.windows, (int64_t)d->n_windows);
	assert_int_equal(c.areas, (int64_t)d->n_areas);

	/* The district center: 86 windows, 17 stationed departments. */
	store_site_detail sd;
	assert_int_equal(store_site_get(st, 1, &sd), OS_OK);
	assert_int_equal(sd.site.tier, TIER_DISTRICT);
	assert_int_equal(sd.site.parent_id, 0);
	assert_int_equal(sd.n_windows, 86);
	assert_int_equal(sd.n_departments, 17);
	for (size_t i = 0; i < sd.n_windows; i++) {
		const store_window_row *w = &sd.windows[i];
		assert_int_equal(w->w.site_id, 1);
		assert_int_equal(w->w.number, (int)i + 1); /* ordered by number, 1..86 */
		if (w->w.kind == WINDOW_DEPARTMENT) {
			assert_true(w->w.department_id > 0);
			assert_true(strlen(w->department_name) > 0);
		} else {
			assert_int_equal(w->w.department_id, 0);
		}
	}
	store_site_detail_free(&sd);

	/* Every township: exactly 2 comprehensive windows and at least one
	 * department window. */
	store_site_filter flt = {.tier = TIER_TOWNSHIP, .limit = 100};
	store_site_list towns;
	assert_int_equal(store_sites_list(st, &flt, &towns), OS_OK);
	assert_int_equal(towns.n, 24);
	assert_int_equal(towns.total, 24);
	for (size_t t = 0; t < towns.n; t++) {
		assert_int_equal(towns.rows[t].site.parent_id, 1);
		assert_int_equal(store_site_get(st, towns.rows[t].site.id, &sd), OS_OK);
		int comp = 0, dept = 0;
		for (size_t i = 0; i < sd.n_windows; i++) {
			if (sd.windows[i].w.kind == WINDOW_COMPREHENSIVE)
				comp++;
			else if (sd.windows[i].w.kind == WINDOW_DEPARTMENT)
				dept++;
		}
		if (comp != 2 || dept < 1)
			fail_msg("township %s: %d comprehensive, %d department windows",
			         sd.site.name, comp, dept);
		assert_int_equal(towns.rows[t].windows, (int64_t)sd.n_windows);
		/* Each department window's department is stationed there. */
		for (size_t i = 0; i < sd.n_windows; i++) {
			if (sd.windows[i].w.kind != WINDOW_DEPARTMENT)
				continue;
			bool found = false;
			for (size_t k = 0; k < sd.n_departments; k++)
				found |= sd.departments[k].id == sd.windows[i].w.department_id;
			assert_true(found);
		}
		store_site_detail_free(&sd);
	}
	store_site_list_free(&towns);

	/* Every village hangs off a township. */
	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db,
	                       "SELECT count(*) FROM sites v JOIN sites t ON t.id = v.parent_id "
	                       "WHERE v.tier = 3 AND t.tier = 2"),
	                 258);
	assert_int_equal(q_int(db, "SELECT count(*) FROM windows WHERE site_id = 1"), 86);
	sqlite3_close(db);
	demo_free(d);
}

static void test_demo_no_dangling_references(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	demo_free(d);
	sqlite3 *db = side_conn(f->path);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &q, NULL),
	                 SQLITE_OK);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		fail_msg("foreign key violation in table %s", sqlite3_column_text(q, 0));
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void test_demo_twice_conflicts(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	store_org_counts before, after;
	assert_int_equal(store_org_counts_get(st, &before), OS_OK);
	store_stats s0, s1;
	store_get_stats(st, &s0);
	assert_int_equal(store_demo_load(st, d), OS_ERR_CONFLICT);
	store_get_stats(st, &s1);
	assert_int_equal(s1.failed, s0.failed + 1);
	assert_int_equal(store_org_counts_get(st, &after), OS_OK);
	assert_memory_equal(&before, &after, sizeof before);
	assert_demo_counts(st);
	demo_free(d);
}

static void test_demo_half_load_rolls_back(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	demo_district *d = demo_generate();
	/* Break the last user (login too short for the CHECK): the whole load
	 * must fail and leave nothing behind. */
	snprintf(d->users[d->n_users - 1].login, sizeof d->users[0].login, "x");
	assert_int_equal(store_demo_load(st, d), OS_ERR_CONFLICT);
	store_org_counts c;
	assert_int_equal(store_org_counts_get(st, &c), OS_OK);
	assert_int_equal(c.sites[1] + c.sites[2] + c.sites[3], 0);
	assert_int_equal(c.departments + c.windows + c.areas + c.users, 0);
	demo_free(d);
}

/* ---------------------------------------------------------------- users, sessions */

static store_user mk_user(const char *login)
{
	store_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.display_name, sizeof u.display_name, "Name of %s", login);
	snprintf(u.role, sizeof u.role, "clerk");
	snprintf(u.password_hash, sizeof u.password_hash, "$argon2id$fake$%s", login);
	return u;
}

static void test_users(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_user u = mk_user("alice");
	int64_t id = 0;
	assert_int_equal(store_user_create(st, &u, 1000, &id), OS_OK);
	assert_true(id > 0);
	store_user got;
	assert_int_equal(store_user_by_login(st, "alice", &got), OS_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.login, "alice");
	assert_string_equal(got.display_name, "Name of alice");
	assert_string_equal(got.role, "clerk");
	assert_string_equal(got.password_hash, "$argon2id$fake$alice");
	assert_int_equal(got.site_id, 0);
	assert_false(got.disabled);
	assert_int_equal(store_user_by_login(st, "bob", &got), OS_ERR_NOT_FOUND);
	assert_int_equal(store_user_by_login(st, "ALICE", &got), OS_ERR_NOT_FOUND);
	/* Duplicate login. */
	int64_t id2 = -5;
	assert_int_equal(store_user_create(st, &u, 1000, &id2), OS_ERR_CONFLICT);
	assert_int_equal(id2, -5);
	/* A site that does not exist: the foreign key refuses it. */
	store_user bad = mk_user("carol");
	bad.site_id = 424242;
	assert_int_equal(store_user_create(st, &bad, 1000, NULL), OS_ERR_CONFLICT);
	assert_int_equal(store_user_by_login(st, "carol", &got), OS_ERR_NOT_FOUND);
}

static void fill_hash(uint8_t h[32], uint8_t seed)
{
	for (int i = 0; i < 32; i++)
		h[i] = (uint8_t)(seed * 31 + i);
}

static void test_sessions(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_user u = mk_user("alice");
	int64_t uid;
	assert_int_equal(store_user_create(st, &u, 1000, &uid), OS_OK);
	uint8_t h[32], other[32];
	fill_hash(h, 1);
	fill_hash(other, 2);
	const int64_t t0 = 100000, idle = 600, life = 3600;
	assert_int_equal(store_session_create(st, h, uid, t0, t0 + life), OS_OK);
	/* Same token twice is a conflict. */
	assert_int_equal(store_session_create(st, h, uid, t0, t0 + life), OS_ERR_CONFLICT);

	store_user got;
	assert_int_equal(store_session_get(st, h, t0 + 10, idle, &got), OS_OK);
	assert_int_equal(got.id, uid);
	assert_string_equal(got.login, "alice");
	assert_int_equal(store_session_get(st, other, t0 + 10, idle, &got), OS_ERR_NOT_FOUND);
	assert_int_equal(got.id, 0);

	/* Idle longer than the limit: gone. */
	assert_int_equal(store_session_get(st, h, t0 + idle + 1, idle, &got), OS_ERR_NOT_FOUND);
	/* Activity within the limit refreshes last_seen ... */
	assert_int_equal(store_session_get(st, h, t0 + 500, idle, &got), OS_OK);
	/* ... so 1050 s after creation it is still alive (550 s idle) ... */
	assert_int_equal(store_session_get(st, h, t0 + 1050, idle, &got), OS_OK);
	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT last_seen FROM sessions"), t0 + 1050);
	/* ... but a lookup within a minute of the last refresh does not write. */
	assert_int_equal(store_session_get(st, h, t0 + 1080, idle, &got), OS_OK);
	assert_int_equal(q_int(db, "SELECT last_seen FROM sessions"), t0 + 1050);

	/* Absolute expiry holds however active the session is. */
	assert_int_equal(store_session_get(st, h, t0 + life - 1, 1000000, &got), OS_OK);
	assert_int_equal(store_session_get(st, h, t0 + life, 1000000, &got), OS_ERR_NOT_FOUND);

	/* A disabled user has no live session. */
	uint8_t h3[32];
	fill_hash(h3, 3);
	assert_int_equal(store_session_create(st, h3, uid, t0, t0 + life), OS_OK);
	assert_int_equal(store_session_get(st, h3, t0 + 1, idle, &got), OS_OK);
	q_exec(db, "UPDATE users SET disabled = 1");
	assert_int_equal(store_session_get(st, h3, t0 + 1, idle, &got), OS_ERR_NOT_FOUND);
	q_exec(db, "UPDATE users SET disabled = 0");

	/* Delete. */
	assert_int_equal(store_session_delete(st, h3), OS_OK);
	assert_int_equal(store_session_get(st, h3, t0 + 1, idle, &got), OS_ERR_NOT_FOUND);
	assert_int_equal(store_session_delete(st, h3), OS_OK); /* idempotent */

	/* Creating a session sweeps the expired ones. */
	assert_int_equal(q_int(db, "SELECT count(*) FROM sessions"), 1); /* h, expired */
	uint8_t h4[32];
	fill_hash(h4, 4);
	assert_int_equal(store_session_create(st, h4, uid, t0 + life + 5, t0 + 2 * life), OS_OK);
	assert_int_equal(q_int(db, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(store_session_get(st, h4, t0 + life + 6, idle, &got), OS_OK);
	/* Tokens are stored hashed: only the 32-byte hash is in the table. */
	assert_int_equal(q_int(db, "SELECT length(token_hash) FROM sessions"), 32);
	sqlite3_close(db);

	/* A session for a user that does not exist is refused. */
	uint8_t h5[32];
	fill_hash(h5, 5);
	assert_int_equal(store_session_create(st, h5, 987654, t0, t0 + life), OS_ERR_CONFLICT);
}

/* ---------------------------------------------------------------- group commit */

enum { GC_THREADS = 16, GC_WRITES = 200 };

typedef struct gc_arg {
	store *st;
	int n;
	pthread_barrier_t *bar;
	int failures;
} gc_arg;

static void *gc_worker(void *p)
{
	gc_arg *a = p;
	char obj[32];
	pthread_barrier_wait(a->bar);
	for (int i = 0; i < GC_WRITES; i++) {
		snprintf(obj, sizeof obj, "t%d/%d", a->n, i);
		if (store_audit(a->st, 1000 + i, 0, "gc.test", obj, "") != OS_OK)
			a->failures++;
	}
	return NULL;
}

static void test_group_commit(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_stats s0, s1;
	store_get_stats(st, &s0);
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, GC_THREADS);
	pthread_t th[GC_THREADS];
	gc_arg args[GC_THREADS];
	for (int i = 0; i < GC_THREADS; i++) {
		args[i] = (gc_arg){.st = st, .n = i, .bar = &bar};
		assert_int_equal(pthread_create(&th[i], NULL, gc_worker, &args[i]), 0);
	}
	for (int i = 0; i < GC_THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].failures, 0);
	}
	pthread_barrier_destroy(&bar);
	store_get_stats(st, &s1);

	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'gc.test'"),
	                 GC_THREADS * GC_WRITES);
	assert_int_equal(q_int(db, "SELECT count(DISTINCT object) FROM audit_log"),
	                 GC_THREADS * GC_WRITES);
	sqlite3_close(db);

	uint64_t ops = s1.operations - s0.operations;
	uint64_t commits = s1.commits - s0.commits;
	assert_int_equal(ops, GC_THREADS * GC_WRITES);
	assert_int_equal(s1.failed, s0.failed);
	/* Batching happened: fewer commits than operations, some batch > 1. */
	if (!(commits < ops))
		fail_msg("%llu commits for %llu operations: no batching",
		         (unsigned long long)commits, (unsigned long long)ops);
	assert_true(s1.max_batch > 1);
	assert_true(s1.max_batch <= GC_THREADS);
	print_message("group commit: %llu operations in %llu commits (largest batch %llu)\n",
	              (unsigned long long)ops, (unsigned long long)commits,
	              (unsigned long long)s1.max_batch);
}

static void test_group_commit_respects_max(void **state)
{
	fixture *f = *state;
	f->st = open_at(f->path, true, 3);
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, 8);
	pthread_t th[8];
	gc_arg args[8];
	for (int i = 0; i < 8; i++) {
		args[i] = (gc_arg){.st = f->st, .n = i, .bar = &bar};
		assert_int_equal(pthread_create(&th[i], NULL, gc_worker, &args[i]), 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&bar);
	store_stats s;
	store_get_stats(f->st, &s);
	assert_int_equal(s.operations, 8 * GC_WRITES);
	assert_true(s.max_batch <= 3);
}

/* Holding a batch open: the first operation waits (inside the writer, outside
 * the queue lock) until `want` operations are queued behind it, so they are
 * all committed together by the next batch. */
typedef struct gate_arg {
	store *st;
	int want;
	_Atomic bool running;
	bool reached;
} gate_arg;

static int queued(store *st)
{
	pthread_mutex_lock(&st->mu);
	int n = 0;
	for (wop *o = st->head; o; o = o->next)
		n++;
	pthread_mutex_unlock(&st->mu);
	return n;
}

static os_err gate_op(sq_conn *c, void *arg)
{
	(void)c;
	gate_arg *g = arg;
	g->running = true;
	for (int i = 0; i < 20000; i++) { /* at most 20 s */
		if (queued(g->st) >= g->want) {
			g->reached = true;
			break;
		}
		usleep(1000);
	}
	return OS_OK;
}

static void *gate_thread(void *p)
{
	gate_arg *g = p;
	sq_write(g->st, gate_op, g);
	return NULL;
}

/* Writes a row, then fails: the row must not survive. */
static os_err partial_op(sq_conn *c, void *arg)
{
	(void)arg;
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO audit_log(at, action) VALUES (1, 'partial')");
	if (!st || sq_exec(c, st))
		return OS_ERR_INTERNAL;
	return OS_ERR_INVALID;
}

typedef struct mixed_arg {
	store *st;
	int kind; /* 0 audit, 1 duplicate user, 2 partial, 3 new user */
	int n;
	os_err result;
} mixed_arg;

static void *mixed_worker(void *p)
{
	mixed_arg *a = p;
	char obj[32];
	snprintf(obj, sizeof obj, "m%d", a->n);
	switch (a->kind) {
	case 0:
		a->result = store_audit(a->st, 5, 0, "mixed", obj, "");
		break;
	case 1: {
		store_user u = mk_user("dupe");
		a->result = store_user_create(a->st, &u, 5, NULL);
		break;
	}
	case 2:
		a->result = sq_write(a->st, partial_op, NULL);
		break;
	case 3: {
		char login[32];
		snprintf(login, sizeof login, "user%d", a->n);
		store_user u = mk_user(login);
		a->result = store_user_create(a->st, &u, 5, NULL);
		break;
	}
	}
	return NULL;
}

static void test_failing_op_rolls_back_alone(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	store_user u = mk_user("dupe");
	assert_int_equal(store_user_create(st, &u, 1, NULL), OS_OK);

	enum { N = 12 };
	/* Queue order is not fixed; the kinds are spread so failures sit between
	 * successes in the batch. */
	const int kinds[N] = {0, 1, 0, 3, 2, 0, 1, 3, 0, 2, 0, 3};
	store_stats s0, s1;
	store_get_stats(st, &s0);
	gate_arg g = {.st = st, .want = N};
	pthread_t gt;
	assert_int_equal(pthread_create(&gt, NULL, gate_thread, &g), 0);
	/* Wait until the gate is running (it has left the queue). */
	for (int i = 0; i < 20000 && !g.running; i++)
		usleep(1000);
	assert_true(g.running);
	pthread_t th[N];
	mixed_arg args[N];
	for (int i = 0; i < N; i++) {
		args[i] = (mixed_arg){.st = st, .kind = kinds[i], .n = i, .result = -1};
		assert_int_equal(pthread_create(&th[i], NULL, mixed_worker, &args[i]), 0);
	}
	pthread_join(gt, NULL);
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	assert_true(g.reached);
	store_get_stats(st, &s1);

	int audits = 0, users = 0;
	for (int i = 0; i < N; i++) {
		switch (args[i].kind) {
		case 0:
			assert_int_equal(args[i].result, OS_OK);
			audits++;
			break;
		case 1:
			assert_int_equal(args[i].result, OS_ERR_CONFLICT);
			break;
		case 2:
			assert_int_equal(args[i].result, OS_ERR_INVALID);
			break;
		case 3:
			assert_int_equal(args[i].result, OS_OK);
			users++;
			break;
		}
	}
	/* All of them went through one commit (plus the gate's own). */
	assert_true(s1.max_batch >= N);
	assert_int_equal(s1.operations - s0.operations, N + 1);
	assert_int_equal(s1.failed - s0.failed, 4);
	assert_true(s1.commits - s0.commits <= 2);

	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'mixed'"),
	                 audits);
	assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'partial'"), 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM users WHERE login LIKE 'user%'"), users);
	assert_int_equal(q_int(db, "SELECT count(*) FROM users WHERE login = 'dupe'"), 1);
	sqlite3_close(db);
}

/* ---------------------------------------------------------------- reopen, readers */

static void test_close_reopen_sees_everything(void **state)
{
	fixture *f = *state;
	store *st = open_fixture(f);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	demo_free(d);
	store_user u = mk_user("persist");
	int64_t uid;
	assert_int_equal(store_user_create(st, &u, 7, &uid), OS_OK);
	uint8_t h[32];
	fill_hash(h, 9);
	assert_int_equal(store_session_create(st, h, uid, 100, 100000), OS_OK);
	for (int i = 0; i < 50; i++)
		assert_int_equal(store_audit(st, i, uid, "reopen", "x", "y"), OS_OK);
	store_org_counts before;
	assert_int_equal(store_org_counts_get(st, &before), OS_OK);
	store_close(st);
	f->st = NULL;

	/* Closing checkpoints the WAL into the main file. */
	char wal[600];
	struct stat sb;
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);

	st = f->st = open_at(f->path, false, 256);
	store_org_counts after;
	assert_int_equal(store_org_counts_get(st, &after), OS_OK);
	assert_memory_equal(&before, &after, sizeof before);
	assert_demo_counts(st);
	store_user got;
	assert_int_equal(store_user_by_login(st, "persist", &got), OS_OK);
	assert_int_equal(got.id, uid);
	assert_int_equal(store_session_get(st, h, 150, 3600, &got), OS_OK);
	assert_int_equal(got.id, uid);
	sqlite3 *db = side_conn(f->path);
	assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE action = 'reopen'"), 50);
	sqlite3_close(db);
}

typedef struct rd_arg {
	store *st;
	int failures;
} rd_arg;

static void *reader_worker(void *p)
{
	rd_arg *a = p;
	for (int i = 0; i < 200; i++) {
		store_org_counts c;
		if (store_org_counts_get(a->st, &c) != OS_OK || c.departments != 17)
			a->failures++;
	}
	return NULL;
}

static void test_readers_concurrent(void **state)
{
	fixture *f = *state;
	store_options o = {.path = f->path, .read_connections = 2, .create = true};
	char err[256];
	assert_int_equal(store_open(&o, &f->st, err, sizeof err), OS_OK);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(f->st, d), OS_OK);
	demo_free(d);
	pthread_t th[8];
	rd_arg a[8];
	for (int i = 0; i < 8; i++) {
		a[i] = (rd_arg){.st = f->st};
		pthread_create(&th[i], NULL, reader_worker, &a[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(a[i].failures, 0);
	}
	/* The pool never grew past its size. */
	assert_true(f->st->n_open <= 2);
}

/* ---------------------------------------------------------------- open failures */

static bool dir_is_empty(const char *dir)
{
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	int n = 0;
	for (struct dirent *e; (e = readdir(dp));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n == 0;
}

static void assert_open_fails(const char *path, bool create)
{
	store_options o = {.path = path, .create = create};
	store *st = (store *)1;
	char err[1024] = "";
	os_err e = store_open(&o, &st, err, sizeof err);
	if (e == OS_OK) {
		store_close(st);
		fail_msg("store_open(%s) succeeded", path);
	}
	assert_null(st);
	if (!strstr(err, path))
		fail_msg("message does not name %s: \"%s\"", path, err);
	assert_null(strchr(err, '\n'));
}

static void test_open_missing_directory(void **state)
{
	fixture *f = *state;
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/no/such/dir", f->dir);
	snprintf(path, sizeof path, "%s/x.db", dir);
	assert_open_fails(path, true);
	assert_int_equal(access(dir, F_OK), -1);
	char parent[600];
	snprintf(parent, sizeof parent, "%s/no", f->dir);
	assert_int_equal(access(parent, F_OK), -1);
	assert_true(dir_is_empty(f->dir));
	/* A path through a regular file. */
	char file[600];
	snprintf(file, sizeof file, "%s/plain", f->dir);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/plain/x.db", f->dir);
	assert_open_fails(path, true);
	remove(file);
	assert_true(dir_is_empty(f->dir));
}

static void test_open_without_create(void **state)
{
	fixture *f = *state;
	assert_open_fails(f->path, false);
	assert_int_equal(access(f->path, F_OK), -1);
	assert_true(dir_is_empty(f->dir));
}

static void test_open_read_only_location(void **state)
{
	fixture *f = *state;
	/* Nobody, not even root, creates files in /proc. */
	assert_open_fails("/proc/onestop-test-store.db", true);
	assert_int_equal(access("/proc/onestop-test-store.db", F_OK), -1);
	if (geteuid() == 0)
		return; /* root ignores directory permissions */
	char ro[600], path[700];
	snprintf(ro, sizeof ro, "%s/ro", f->dir);
	assert_int_equal(mkdir(ro, 0555), 0);
	snprintf(path, sizeof path, "%s/x.db", ro);
	assert_open_fails(path, true);
	assert_true(dir_is_empty(ro));
}

static void test_open_not_a_database(void **state)
{
	fixture *f = *state;
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("this is not an SQLite database, just some text that is long enough......\n"
	      "................................................................................",
	      fp);
	fclose(fp);
	assert_open_fails(f->path, true);
}

/* A long (but legal) path must work for the readers as well as the writer. */
static void test_open_long_path(void **state)
{
	fixture *f = *state;
	char path[1024];
	size_t n = (size_t)snprintf(path, sizeof path, "%s", f->dir);
	while (n < 560) {
		n += (size_t)snprintf(path + n, sizeof path - n, "/%0200d", 0);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	snprintf(path + n, sizeof path - n, "/onestop.db");
	store_options o = {.path = path, .read_connections = 2, .create = true};
	store *st = NULL;
	char err[1200] = "";
	os_err e = store_open(&o, &st, err, sizeof err);
	if (e) {
		/* Refusing is fine, if it says so and creates nothing. */
		assert_null(st);
		if (!strstr(err, path))
			fail_msg("message does not name the path: %s", err);
		assert_int_equal(access(path, F_OK), -1);
		return;
	}
	f->st = st;
	assert_int_equal(store_ping(st), OS_OK);
	store_org_counts c;
	assert_int_equal(store_org_counts_get(st, &c), OS_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations_recorded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wal_and_synchronous_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_load, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_no_dangling_references, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_twice_conflicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_half_load_rolls_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_users, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_group_commit_respects_max, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failing_op_rolls_back_alone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_close_reopen_sees_everything, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readers_concurrent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_missing_directory, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_without_create, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_read_only_location, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_not_a_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_long_path, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
