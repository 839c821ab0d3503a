/* test_hall.c - the service hall's pure core (src/core/queue.c): numbers and
 * the Asia/Shanghai day, the ticket state machine, the calling rule with
 * both policies, green channel by age, estimates, the no-show and check-in
 * windows, list parsing; and in the store: daily numbering across midnight
 * (never reused within a day, restarting at 1 the next day). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/demo.h"
#include "core/queue.h"
#include "store/store.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

/* Unix seconds of a wall-clock time in Asia/Shanghai. */
static int64_t cst(const char *date, int h, int m, int s)
{
	return (int64_t)D(date) * 86400 - OS_SHANGHAI_UTC_OFFSET + h * 3600 + m * 60 + s;
}

static void test_numbers(void **state)
{
	(void)state;
	char out[QUEUE_NUMBER_MAX];
	assert_int_equal(queue_number('A', 1, out, sizeof out), OS_OK);
	assert_string_equal(out, "A001");
	assert_int_equal(queue_number('G', 42, out, sizeof out), OS_OK);
	assert_string_equal(out, "G042");
	assert_int_equal(queue_number('Z', 999, out, sizeof out), OS_OK);
	assert_string_equal(out, "Z999");
	assert_int_equal(queue_number('B', 1000, out, sizeof out), OS_OK);
	assert_string_equal(out, "B1000");
	assert_int_equal(queue_number('a', 1, out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(queue_number('@', 1, out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(queue_number('A', 0, out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(queue_number('A', QUEUE_MAX_SEQ + 1, out, sizeof out), OS_ERR_INVALID);
	char small[4];
	assert_int_equal(queue_number('A', 12, small, sizeof small), OS_ERR_TOO_LARGE);
}

static void test_day_and_hour_in_shanghai(void **state)
{
	(void)state;
	/* 23:59:59 China Standard Time is 15:59:59 UTC: still the same day */
	int64_t before = cst("2026-02-11", 23, 59, 59), after = before + 1;
	assert_int_equal(queue_day(before), D("2026-02-11"));
	assert_int_equal(queue_day(after), D("2026-02-12"));
	assert_int_equal(queue_hour(before), 23);
	assert_int_equal(queue_hour(after), 0);
	assert_int_equal(queue_hour(cst("2026-02-12", 8, 30, 0)), 8);
	/* UTC midnight is 08:00 in Shanghai: not a day boundary */
	assert_int_equal(queue_day(cst("2026-02-12", 7, 59, 59)),
	                 queue_day(cst("2026-02-12", 8, 0, 0)));
}

static void test_transitions(void **state)
{
	(void)state;
	struct {
		ticket_state from;
		ticket_action a;
		ticket_state to; /* 0 = refused */
	} cases[] = {
	    {TS_WAITING, TA_CALL, TS_CALLED},
	    {TS_CALLED, TA_CALL, 0},
	    {TS_CALLED, TA_RECALL, TS_CALLED},
	    {TS_WAITING, TA_RECALL, 0},
	    {TS_CALLED, TA_NO_SHOW, TS_NO_SHOW},
	    {TS_SERVING, TA_NO_SHOW, 0},
	    {TS_NO_SHOW, TA_RETURN, TS_WAITING},
	    {TS_CALLED, TA_RETURN, 0},
	    {TS_CALLED, TA_START, TS_SERVING},
	    {TS_WAITING, TA_START, 0},
	    {TS_CALLED, TA_HOLD, TS_HELD},
	    {TS_SERVING, TA_HOLD, TS_HELD},
	    {TS_WAITING, TA_HOLD, 0},
	    {TS_HELD, TA_RESUME, TS_SERVING},
	    {TS_SERVING, TA_RESUME, 0},
	    {TS_SERVING, TA_FINISH, TS_FINISHED},
	    {TS_CALLED, TA_FINISH, 0},
	    {TS_FINISHED, TA_FINISH, 0},
	    {TS_CALLED, TA_TRANSFER, TS_WAITING},
	    {TS_SERVING, TA_TRANSFER, TS_WAITING},
	    {TS_HELD, TA_TRANSFER, TS_WAITING},
	    {TS_WAITING, TA_TRANSFER, 0},
	    {TS_FINISHED, TA_TRANSFER, 0},
	    {TS_WAITING, TA_CANCEL, TS_CANCELLED},
	    {TS_CALLED, TA_CANCEL, 0},
	    {TS_CANCELLED, TA_CALL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ticket_state to = 0;
		const char *why = NULL;
		os_err e = queue_transition(cases[i].from, cases[i].a, &to, &why);
		if (cases[i].to) {
			assert_int_equal(e, OS_OK);
			assert_int_equal(to, cases[i].to);
			assert_null(why);
		} else {
			assert_int_equal(e, OS_ERR_CONFLICT);
			assert_non_null(why);
		}
	}
	assert_string_equal(ticket_state_key(TS_NO_SHOW), "no_show");
	assert_string_equal(ticket_action_key(TA_TRANSFER), "transfer");
	assert_null(ticket_state_key((ticket_state)9));
}

static queue_candidate C(int64_t id, queue_category cat, int rank, int64_t at)
{
	return (queue_candidate){.id = id, .category = cat, .rank = rank, .order_at = at};
}

static void test_rule_strict(void **state)
{
	(void)state;
	queue_policy strict;
	assert_int_equal(queue_policy_parse("strict", 0, &strict), OS_OK);
	int next = -1;
	assert_int_equal(queue_pick(NULL, 0, &strict, 0, &next), -1);
	/* priority class first, then checked-in appointments, then time taken */
	queue_candidate c[] = {C(1, QC_WALKIN, 0, 100), C(2, QC_APPOINTMENT, 0, 300),
	                       C(3, QC_GREEN, 1, 500), C(4, QC_WALKIN, 0, 50)};
	assert_int_equal(queue_pick(c, 4, &strict, 0, &next), 2);
	assert_int_equal(next, 1);
	assert_int_equal(queue_pick(c, 2, &strict, 7, &next), 1);
	assert_int_equal(next, 8);
	/* among walk-ins: the window's queue order, then time */
	queue_candidate w[] = {C(5, QC_WALKIN, 1, 10), C(6, QC_WALKIN, 0, 90),
	                       C(7, QC_WALKIN, 0, 80)};
	assert_int_equal(queue_pick(w, 3, &strict, 3, &next), 2);
	assert_int_equal(next, 0);
	/* equal keys: the lower id (taken first within the same second) */
	queue_candidate t[] = {C(9, QC_WALKIN, 0, 10), C(8, QC_WALKIN, 0, 10)};
	assert_int_equal(queue_pick(t, 2, &strict, 0, &next), 1);
	/* strict never lets a walk-in pass, however long the streak */
	queue_candidate g[] = {C(1, QC_WALKIN, 0, 1), C(2, QC_GREEN, 0, 9)};
	assert_int_equal(queue_pick(g, 2, &strict, 1000, &next), 1);
}

static void test_rule_interleave(void **state)
{
	(void)state;
	queue_policy p;
	assert_int_equal(queue_policy_parse("interleave", 2, &p), OS_OK);
	queue_candidate c[] = {C(1, QC_WALKIN, 0, 1), C(2, QC_GREEN, 0, 9),
	                       C(3, QC_APPOINTMENT, 0, 5)};
	int streak = 0, next;
	/* two priority calls, then one walk-in, then priority again */
	assert_int_equal(queue_pick(c, 3, &p, streak, &next), 1);
	streak = next;
	assert_int_equal(streak, 1);
	assert_int_equal(queue_pick(c, 3, &p, streak, &next), 1);
	streak = next;
	assert_int_equal(streak, 2);
	assert_int_equal(queue_pick(c, 3, &p, streak, &next), 0);
	assert_int_equal(next, 0);
	/* no walk-in waiting: priority goes on */
	assert_int_equal(queue_pick(c + 1, 2, &p, 5, &next), 0);
	assert_int_equal(next, 6);
	/* policies */
	assert_int_equal(queue_policy_parse("interleave", 0, &p), OS_ERR_INVALID);
	assert_int_equal(queue_policy_parse("fifo", 1, &p), OS_ERR_INVALID);
	assert_int_equal(queue_policy_parse(NULL, 1, &p), OS_ERR_INVALID);
}

static void test_green_channel(void **state)
{
	(void)state;
	os_date birth = D("1956-03-01"), before = D("2026-02-28"), on = D("2026-03-01");
	assert_int_equal(queue_age(birth, before), 69);
	assert_int_equal(queue_age(birth, on), 70);
	assert_int_equal(queue_green_for(QG_NONE, true, birth, before, 70), QG_NONE);
	assert_int_equal(queue_green_for(QG_NONE, true, birth, on, 70), QG_ELDERLY);
	assert_int_equal(queue_green_for(QG_NONE, true, birth, before, 65), QG_ELDERLY);
	assert_int_equal(queue_green_for(QG_PREGNANT, true, D("1996-01-01"), on, 70), QG_PREGNANT);
	assert_int_equal(queue_green_for(QG_NONE, false, 0, on, 70), QG_NONE);
	assert_int_equal(queue_category_of(QG_VETERAN, true), QC_GREEN);
	assert_int_equal(queue_category_of(QG_NONE, true), QC_APPOINTMENT);
	assert_int_equal(queue_category_of(QG_NONE, false), QC_WALKIN);
	assert_int_equal(queue_green_parse("disabled"), QG_DISABLED);
	assert_int_equal(queue_green_parse("old"), -1);
	assert_string_equal(queue_green_key(QG_ILL), "ill");
}

static void test_estimate_and_windows(void **state)
{
	(void)state;
	assert_int_equal(queue_estimate(0, 300, 2), 0);
	assert_int_equal(queue_estimate(3, 300, 2), 480); /* 450 s rounded up to 8 min */
	assert_int_equal(queue_estimate(4, 0, 0), 4 * QUEUE_DEFAULT_SERVICE_S);
	assert_int_equal(queue_estimate(1, 61, 1), 120);
	int64_t t = 1000000;
	assert_true(queue_noshow_may_return(t, t + 30 * 60, 30));
	assert_false(queue_noshow_may_return(t, t + 30 * 60 + 1, 30));
	assert_false(queue_noshow_may_return(t, t - 1, 30));
	assert_int_equal(queue_checkin_window(t, t - 30 * 60 - 1, 30), -1);
	assert_int_equal(queue_checkin_window(t, t - 30 * 60, 30), 0);
	assert_int_equal(queue_checkin_window(t, t + 30 * 60, 30), 0);
	assert_int_equal(queue_checkin_window(t, t + 30 * 60 + 1, 30), 1);
}

static void test_lists(void **state)
{
	(void)state;
	int64_t ids[4];
	size_t n = 9;
	assert_int_equal(queue_parse_ids("", ids, 4, &n), OS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(queue_parse_ids("3, 1,2", ids, 4, &n), OS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[2], 2);
	assert_int_equal(queue_parse_ids("1,1", ids, 4, &n), OS_ERR_INVALID);
	assert_int_equal(queue_parse_ids("1,", ids, 4, &n), OS_ERR_INVALID);
	assert_int_equal(queue_parse_ids("0", ids, 4, &n), OS_ERR_INVALID);
	assert_int_equal(queue_parse_ids("-2", ids, 4, &n), OS_ERR_INVALID);
	assert_int_equal(queue_parse_ids("x", ids, 4, &n), OS_ERR_INVALID);
	assert_int_equal(queue_parse_ids("1,2,3,4,5", ids, 4, &n), OS_ERR_TOO_LARGE);
	char out[64];
	assert_int_equal(
	    queue_normalise_codes(" 11430802MB1234567.001 , a-b_c ", 5, out, sizeof out), OS_OK);
	assert_string_equal(out, "11430802MB1234567.001,a-b_c");
	assert_int_equal(queue_normalise_codes("", 5, out, sizeof out), OS_OK);
	assert_string_equal(out, "");
	assert_int_equal(queue_normalise_codes("a,,b", 5, out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(queue_normalise_codes("a b", 5, out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(queue_normalise_codes("a,b,c", 2, out, sizeof out), OS_ERR_TOO_LARGE);
}

/* ---- the store: numbering across midnight -------------------------------- */

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void test_store_numbering_across_midnight(void **state)
{
	(void)state;
	char dir[] = "/tmp/onestop-test-hall-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/onestop.db", dir);
	store_options o = {
	    .path = path, .read_connections = 2, .group_commit_max = 64, .create = true};
	store *st = NULL;
	char err[256];
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	demo_district *d = demo_generate();
	assert_int_equal(store_demo_load(st, d), OS_OK);
	demo_free(d);
	store_hall_queue q = {.site_id = 1, .prefix = "K", .name = "测试", .active = true};
	int64_t qid = 0;
	assert_int_equal(store_hall_queue_create(st, &q, &qid, NULL), OS_OK);
	const char *field = NULL;
	assert_int_equal(store_hall_queue_create(st, &q, NULL, &field), OS_ERR_CONFLICT);
	assert_string_equal(field, "prefix");

	const int64_t times[] = {cst("2026-02-11", 23, 59, 58), cst("2026-02-11", 23, 59, 59),
	                         cst("2026-02-12", 0, 0, 0), cst("2026-02-12", 0, 0, 1)};
	const char *expect[] = {"K001", "K002", "K001", "K002"};
	const os_date days[] = {D("2026-02-11"), D("2026-02-11"), D("2026-02-12"), D("2026-02-12")};
	for (int i = 0; i < 4; i++) {
		char token[32];
		snprintf(token, sizeof token, "test-token-%08d", i);
		store_hall_issue in = {.site_id = 1,
		                       .queue_id = qid,
		                       .source = SRC_KIOSK,
		                       .token = token,
		                       .now = times[i]};
		store_hall_ticket t;
		store_hall_change ch;
		assert_int_equal(store_hall_ticket_issue(st, &in, &t, &ch), OS_OK);
		assert_string_equal(t.number, expect[i]);
		assert_int_equal(t.day, days[i]);
		assert_int_equal(ch.nq, 1);
		assert_int_equal(ch.q[0].waiting, i % 2 + 1); /* the day's own count */
	}
	/* the same token twice is refused (tokens are unique) */
	store_hall_issue dup = {.site_id = 1,
	                        .queue_id = qid,
	                        .source = SRC_KIOSK,
	                        .token = "test-token-00000000",
	                        .now = times[3]};
	store_hall_ticket t;
	store_hall_change ch;
	assert_int_equal(store_hall_ticket_issue(st, &dup, &t, &ch), OS_ERR_CONFLICT);
	/* a queue of another site is not found */
	dup.site_id = 2;
	dup.token = "test-token-xxxxxxxx";
	assert_int_equal(store_hall_ticket_issue(st, &dup, &t, &ch), OS_ERR_NOT_FOUND);
	store_close(st);
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_day_and_hour_in_shanghai),
	    cmocka_unit_test(test_transitions),
	    cmocka_unit_test(test_rule_strict),
	    cmocka_unit_test(test_rule_interleave),
	    cmocka_unit_test(test_green_channel),
	    cmocka_unit_test(test_estimate_and_windows),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_store_numbering_across_midnight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
