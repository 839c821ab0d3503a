/* test_hall_concurrency.c - exactness of the hall under concurrency: 10,000
 * tickets issued by 8 threads at once get 10,000 distinct numbers; then 32
 * windows call (and serve) concurrently through the store's operations until
 * nothing waits, and every ticket is called exactly once: never twice, never
 * skipped, never to two windows. The database agrees (one call row per
 * ticket, all finished, waiting counts zero, counters summing to 10,000). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/stat.h>

#include "core/demo.h"
#include "core/queue.h"
#include "store/store.h"

#define TICKETS 10000
#define ISSUERS 8
#define WINDOWS 32
#define MAX_ID  (TICKETS + 100)

static store *st;
static int64_t queue_a, queue_b;
static int64_t now;
static _Atomic int calls_of[MAX_ID + 1];
static _Atomic int failures;
static char dir[] = "/tmp/onestop-test-hallc-XXXXXX";
static char path[128];

static void *issuer(void *arg)
{
	int k = (int)(intptr_t)arg;
	for (int i = k; i < TICKETS; i += ISSUERS) {
		char token[32];
		snprintf(token, sizeof token, "conc-%08d-token", i);
		store_hall_issue in = {.site_id = 1,
		                       .queue_id = i % 3 ? queue_a : queue_b,
		                       .source = SRC_KIOSK,
		                       .green = i % 11 == 0 ? QG_DISABLED : QG_NONE,
		                       .token = token,
		                       .now = now};
		store_hall_ticket t;
		store_hall_change ch;
		if (store_hall_ticket_issue(st, &in, &t, &ch) != OS_OK)
			atomic_fetch_add(&failures, 1);
	}
	return NULL;
}

static void *window(void *arg)
{
	int64_t win = (int64_t)(intptr_t)arg;
	queue_policy p;
	queue_policy_parse("interleave", 3, &p);
	for (;;) {
		store_hall_ticket t;
		store_hall_change ch;
		const char *why = NULL;
		if (store_hall_call_next(st, win, 0, now, &p, &t, &ch, &why) != OS_OK) {
			atomic_fetch_add(&failures, 1);
			return NULL;
		}
		if (!t.id)
			return NULL; /* nothing waits any more */
		if (t.id < 1 || t.id > MAX_ID || t.window_id != win) {
			atomic_fetch_add(&failures, 1);
			return NULL;
		}
		atomic_fetch_add(&calls_of[t.id], 1);
		store_hall_act a = {.ticket_id = t.id, .window_id = win, .now = now};
		a.action = TA_START;
		store_hall_ticket out;
		if (store_hall_ticket_act(st, &a, &out, &ch, &why) != OS_OK)
			atomic_fetch_add(&failures, 1);
		a.action = TA_FINISH;
		a.items = "";
		a.case_ids = "";
		if (store_hall_ticket_act(st, &a, &out, &ch, &why) != OS_OK)
			atomic_fetch_add(&failures, 1);
	}
}

static int64_t sql_int(const char *sql)
{
	sqlite3 *db;
	int64_t v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW)
				v = sqlite3_column_int64(s, 0);
			sqlite3_finalize(s);
		}
	}
	sqlite3_close(db);
	return v;
}

static void test_32_windows_10000_tickets(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/onestop.db", dir);
	store_options o = {
	    .path = path, .read_connections = 8, .group_commit_max = 256, .create = true};
	char err[256];
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	demo_free(d);
	store_hall_queue qa = {.site_id = 1, .prefix = "A", .name = "综合", .active = true};
	store_hall_queue qb = {.site_id = 1, .prefix = "B", .name = "商事", .active = true};
	assert_int_equal(store_hall_queue_create(st, &qa, &queue_a, NULL), OS_OK);
	assert_int_equal(store_hall_queue_create(st, &qb, &queue_b, NULL), OS_OK);
	/* windows 1-12 are comprehensive (every queue); 13-32 serve B then A
	 * or A alone */
	for (int64_t w = 13; w <= WINDOWS; w++) {
		int64_t both[2] = {queue_b, queue_a};
		assert_int_equal(
		    store_hall_window_set_queues(st, w, w % 2 ? both : both + 1, w % 2 ? 2 : 1),
		    OS_OK);
	}
	now = (int64_t)20496 * 86400 - 8 * 3600 + 10 * 3600; /* 2026-02-12 10:00 CST */

	pthread_t th[WINDOWS];
	for (int i = 0; i < ISSUERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, issuer, (void *)(intptr_t)i), 0);
	for (int i = 0; i < ISSUERS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&failures), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM hall_tickets WHERE state = 1"), TICKETS);
	assert_int_equal(sql_int("SELECT count(DISTINCT number) FROM hall_tickets"), TICKETS);
	assert_int_equal(sql_int("SELECT max(seq) FROM hall_tickets WHERE queue_id = 2"),
	                 TICKETS / 3 + 1);

	for (int i = 0; i < WINDOWS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, window, (void *)(intptr_t)(i + 1)),
		                 0);
	for (int i = 0; i < WINDOWS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&failures), 0);

	int called = 0;
	for (int64_t id = 1; id <= MAX_ID; id++) {
		int n = atomic_load(&calls_of[id]);
		if (n > 1)
			fail_msg("ticket %lld was called %d times", (long long)id, n);
		called += n;
	}
	assert_int_equal(called, TICKETS);
	assert_int_equal(sql_int("SELECT count(*) FROM hall_calls"), TICKETS);
	assert_int_equal(sql_int("SELECT count(*) FROM hall_tickets WHERE state = 4 AND calls = 1"),
	                 TICKETS);
	assert_int_equal(sql_int("SELECT sum(w0 + w1 + w2) FROM hall_days"), 0);
	assert_int_equal(sql_int("SELECT sum(called) FROM hall_counters"), TICKETS);
	assert_int_equal(sql_int("SELECT sum(finished) FROM hall_counters"), TICKETS);
	assert_int_equal(sql_int("SELECT count(DISTINCT window_id) FROM hall_calls"), WINDOWS);
	store_stats ss;
	store_get_stats(st, &ss);
	/* group commit: far fewer commits than operations */
	assert_true(ss.commits < ss.operations);
	store_close(st);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_32_windows_10000_tickets),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (dir[sizeof dir - 2] != 'X')
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return rc;
}
