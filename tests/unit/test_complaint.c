/* test_complaint.c - the complaint window's rules (src/core/complaint.c):
 * the lifecycle table walked state x action x actor against an expected
 * matrix written out here independently, the keys, the deadline on the
 * legal calendar (across the Spring Festival 2026 and its make-up working
 * days), the warning stage, overdue, and reference numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/complaint.h"
#include "core/embedded.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

/* Unix seconds of a wall-clock time in Asia/Shanghai. */
static int64_t at(const char *day, int hour, int minute)
{
	return (int64_t)D(day) * 86400 - OS_SHANGHAI_UTC_OFFSET + hour * 3600 + minute * 60;
}

static int setup(void **state)
{
	os_calendar *cal = NULL;
	char msg[OS_CAL_MSG_SIZE];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	if (os_calendar_from_json(os_data_holidays_json, len, &cal, msg, sizeof msg))
		fail_msg("embedded calendar: %s", msg);
	*state = cal;
	return 0;
}

static int teardown(void **state)
{
	os_calendar_free(*state);
	return 0;
}

/* ---- the table ---------------------------------------------------------- */

#define ANY   CPACT_ANYONE
#define COORD CPACT_COORDINATOR
#define OWNER CPACT_OWNER
#define MGR   CPACT_MANAGER

/* The expected next state and actors of every (state, action); {0, 0}:
 * illegal there. Written from the issue, not from the table. */
static const struct {
	complaint_state to;
	unsigned actors;
} expect[CPS__COUNT][CPA__COUNT] = {
    [CPS_NONE] = {[CPA_RECORD] = {CPS_RECORDED, ANY | COORD | OWNER | MGR},
                  [CPA_OUT_OF_SCOPE] = {CPS_ANSWERED, COORD}},
    [CPS_RECORDED] = {[CPA_TAKE] = {CPS_OWNED, COORD},
                      [CPA_ASSIGN] = {CPS_OWNED, MGR},
                      [CPA_OUT_OF_SCOPE] = {CPS_ANSWERED, COORD | MGR}},
    [CPS_OWNED] = {[CPA_ASSIGN] = {CPS_OWNED, MGR},
                   [CPA_INVOLVE] = {CPS_IN_PROGRESS, OWNER},
                   [CPA_CONTACT] = {CPS_OWNED, OWNER},
                   [CPA_ANSWER] = {CPS_ANSWERED, OWNER},
                   [CPA_OUT_OF_SCOPE] = {CPS_ANSWERED, OWNER}},
    [CPS_IN_PROGRESS] = {[CPA_ASSIGN] = {CPS_IN_PROGRESS, MGR},
                         [CPA_INVOLVE] = {CPS_IN_PROGRESS, OWNER},
                         [CPA_RESPOND] = {CPS_IN_PROGRESS, OWNER},
                         [CPA_CONTACT] = {CPS_IN_PROGRESS, OWNER},
                         [CPA_ANSWER] = {CPS_ANSWERED, OWNER},
                         [CPA_OUT_OF_SCOPE] = {CPS_ANSWERED, OWNER}},
    [CPS_ANSWERED] = {[CPA_TAG] = {CPS_ANSWERED, COORD | OWNER | MGR},
                      [CPA_CLOSE] = {CPS_CLOSED, COORD | OWNER | MGR}},
    [CPS_CLOSED] = {[CPA_TAG] = {CPS_CLOSED, COORD | OWNER | MGR}},
};

static void test_table_walk(void **state)
{
	(void)state;
	static const unsigned actors[] = {ANY, COORD, OWNER, MGR, COORD | OWNER, COORD | MGR};
	int legal = 0;
	for (int s = 0; s < CPS__COUNT; s++)
		for (int a = 1; a < CPA__COUNT; a++) {
			const complaint_rule *r =
			    complaint_rule_find((complaint_state)s, (complaint_action)a);
			if (!expect[s][a].to) {
				assert_null(r);
			} else {
				assert_non_null(r);
				assert_int_equal(r->to, expect[s][a].to);
				assert_int_equal(r->actors, expect[s][a].actors);
				legal++;
			}
			for (size_t k = 0; k < sizeof actors / sizeof actors[0]; k++) {
				complaint_state to = CPS__COUNT;
				const char *why = NULL;
				os_err e = complaint_transition(
				    (complaint_state)s, (complaint_action)a, actors[k], &to, &why);
				if (!expect[s][a].to) {
					assert_int_equal(e, OS_ERR_CONFLICT);
					assert_non_null(why);
					assert_int_equal(to, CPS__COUNT); /* untouched */
				} else if (expect[s][a].actors & actors[k]) {
					assert_int_equal(e, OS_OK);
					assert_null(why);
					assert_int_equal(to, expect[s][a].to);
				} else {
					assert_int_equal(e, OS_ERR_FORBIDDEN);
					assert_non_null(why);
					assert_int_equal(to, CPS__COUNT);
				}
			}
		}
	size_t n = 0;
	complaint_rules(&n);
	assert_int_equal((int)n, legal);
	/* every rule's text requirement: the work needs words, the rest not */
	const complaint_rule *rules = complaint_rules(NULL);
	for (size_t i = 0; i < n; i++) {
		bool words = rules[i].action != CPA_TAKE && rules[i].action != CPA_ASSIGN &&
		             rules[i].action != CPA_TAG && rules[i].action != CPA_CLOSE;
		assert_int_equal(rules[i].needs_text, words);
		assert_int_equal(rules[i].clock,
		                 rules[i].action == CPA_RECORD ? CPK_START
		                 : rules[i].to == CPS_ANSWERED && rules[i].from != CPS_ANSWERED
		                     ? CPK_STOP
		                     : CPK_NONE);
	}
}

static void test_one_owner(void **state)
{
	(void)state;
	const char *why = NULL;
	/* a second coordinator cannot take an owned complaint */
	assert_int_equal(complaint_transition(CPS_OWNED, CPA_TAKE, COORD, NULL, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "already has an owner"));
	assert_int_equal(complaint_transition(CPS_IN_PROGRESS, CPA_TAKE, COORD | OWNER, NULL, &why),
	                 OS_ERR_CONFLICT);
	/* the work is the owner's only */
	assert_int_equal(complaint_transition(CPS_OWNED, CPA_ANSWER, COORD, NULL, &why),
	                 OS_ERR_FORBIDDEN);
	assert_non_null(strstr(why, "owns"));
	/* closed is final for the work; answered can't be answered twice */
	assert_int_equal(complaint_transition(CPS_CLOSED, CPA_ANSWER, OWNER, NULL, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "closed"));
	assert_int_equal(complaint_transition(CPS_ANSWERED, CPA_ANSWER, OWNER, NULL, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "answered"));
	/* no action leads out of closed but tagging, which stays closed */
	for (int a = 1; a < CPA__COUNT; a++) {
		complaint_state to;
		if (complaint_transition(CPS_CLOSED, (complaint_action)a, COORD | OWNER | MGR, &to,
		                         NULL) == OS_OK)
			assert_int_equal(to, CPS_CLOSED);
	}
}

static void test_keys(void **state)
{
	(void)state;
	for (int s = 1; s < CPS__COUNT; s++) {
		assert_non_null(complaint_state_zh((complaint_state)s));
		assert_int_equal(complaint_state_from_key(complaint_state_key((complaint_state)s)),
		                 s);
	}
	for (int a = 1; a < CPA__COUNT; a++) {
		assert_non_null(complaint_action_zh((complaint_action)a));
		assert_int_equal(
		    complaint_action_from_key(complaint_action_key((complaint_action)a)), a);
	}
	for (int o = 1; o < CPO__COUNT; o++)
		assert_int_equal(
		    complaint_outcome_from_key(complaint_outcome_key((complaint_outcome)o)), o);
	for (int c = 1; c < CPC__COUNT; c++)
		assert_int_equal(complaint_cause_from_key(complaint_cause_key((complaint_cause)c)),
		                 c);
	for (int s = 0; s < CPSC__COUNT; s++)
		assert_int_equal(complaint_scope_from_key(complaint_scope_key((complaint_scope)s)),
		                 s);
	assert_string_equal(complaint_cause_zh(CPC_MATERIAL_RULES), "材料规则缺失");
	assert_string_equal(complaint_outcome_zh(CPO_REFERRED), "已转办");
	assert_string_equal(complaint_scope_zh(CPSC_PETITION), "信访");
	/* "none" is no outcome or cause one can give; unknown keys are 0 / -1 */
	assert_int_equal(complaint_outcome_from_key("none"), 0);
	assert_int_equal(complaint_cause_from_key("none"), 0);
	assert_int_equal(complaint_cause_from_key("weather"), 0);
	assert_int_equal(complaint_cause_from_key(NULL), 0);
	assert_int_equal(complaint_scope_from_key("lawsuits"), -1);
	assert_int_equal(complaint_scope_from_key(NULL), -1);
	assert_null(complaint_state_key((complaint_state)99));
	assert_null(complaint_action_key((complaint_action)-1));
	assert_int_equal(complaint_channel_from_key("window"), CPCH_WINDOW);
	assert_int_equal(complaint_channel_from_key("phone"), 0);
	assert_string_equal(complaint_warning_key(CPW_OVERDUE), "overdue");
}

/* ---- the clock ---------------------------------------------------------- */

static void test_due_spring_festival(void **state)
{
	const os_calendar *cal = *state;
	os_date due = 0;
	/* Thursday 2026-02-12: 2/13, the make-up Saturday 2/14, then the holiday
	 * 2/15..2/23, 2/24..2/27, the make-up Saturday 2/28, 3/2..3/6, 3/9..3/11 */
	assert_int_equal(complaint_due(cal, at("2026-02-12", 10, 0), 15, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-03-11"));
	/* the day ends at 24:00 China time, not at office closing */
	assert_int_equal(complaint_due(cal, at("2026-02-12", 23, 59), 15, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-03-11"));
	assert_int_equal(complaint_due(cal, at("2026-02-13", 0, 0), 15, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-03-12"));
	/* recorded during the holiday: counts from the next working day, 2/24 */
	assert_int_equal(complaint_due(cal, at("2026-02-17", 9, 0), 15, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-03-16"));
	/* on a make-up working day it counts that day */
	assert_int_equal(complaint_due(cal, at("2026-02-14", 9, 0), 1, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-02-24"));
	/* an ordinary fortnight: Monday 2026-06-01 + 15 -> Tuesday 6/23 (Dragon
	 * Boat Festival 6/19 is a holiday) */
	assert_int_equal(complaint_due(cal, at("2026-06-01", 9, 0), 15, &due, NULL), OS_OK);
	assert_int_equal(due, D("2026-06-23"));
	/* bad periods */
	assert_int_equal(complaint_due(cal, at("2026-02-12", 10, 0), 0, &due, NULL),
	                 OS_ERR_INVALID);
	assert_int_equal(
	    complaint_due(cal, at("2026-02-12", 10, 0), OS_CAL_MAX_WORKDAYS + 1, &due, NULL),
	    OS_ERR_INVALID);
	/* never a guess: the deadline of a complaint recorded late in December
	 * needs the next year's notice */
	int missing = 0;
	assert_int_equal(complaint_due(cal, at("2026-12-21", 10, 0), 15, &due, &missing),
	                 OS_ERR_NO_CALENDAR);
	assert_int_equal(missing, 2027);
}

static void test_warning_and_overdue(void **state)
{
	const os_calendar *cal = *state;
	os_date due = D("2026-03-11");
	int left = 99;
	/* during the Spring Festival the days do not run */
	assert_int_equal(complaint_days_left(cal, D("2026-02-13"), due, &left, NULL), OS_OK);
	assert_int_equal(left, 14);
	assert_int_equal(complaint_days_left(cal, D("2026-02-20"), due, &left, NULL), OS_OK);
	assert_int_equal(left, 13); /* the make-up Saturday 2/14 was the last one used */
	assert_int_equal(complaint_warning_for(CPS_OWNED, left, 3), CPW_OK);
	/* Thursday 3/5: 4 left (3/6, 3/9, 3/10, 3/11); Friday 3/6: 3 -> warning */
	assert_int_equal(complaint_days_left(cal, D("2026-03-05"), due, &left, NULL), OS_OK);
	assert_int_equal(left, 4);
	assert_int_equal(complaint_warning_for(CPS_IN_PROGRESS, left, 3), CPW_OK);
	assert_int_equal(complaint_days_left(cal, D("2026-03-06"), due, &left, NULL), OS_OK);
	assert_int_equal(left, 3);
	assert_int_equal(complaint_warning_for(CPS_IN_PROGRESS, left, 3), CPW_WARN);
	/* the weekend before does not count down */
	assert_int_equal(complaint_days_left(cal, D("2026-03-08"), due, &left, NULL), OS_OK);
	assert_int_equal(left, 3);
	/* the due day itself: still in time, warned */
	assert_int_equal(complaint_days_left(cal, due, due, &left, NULL), OS_OK);
	assert_int_equal(left, 0);
	assert_int_equal(complaint_warning_for(CPS_RECORDED, left, 3), CPW_WARN);
	assert_true(complaint_in_time(due, due));
	/* the day after: overdue, and an answer then is late */
	assert_int_equal(complaint_days_left(cal, D("2026-03-12"), due, &left, NULL), OS_OK);
	assert_int_equal(left, -1);
	assert_int_equal(complaint_warning_for(CPS_OWNED, left, 3), CPW_OVERDUE);
	assert_false(complaint_in_time(D("2026-03-12"), due));
	/* overdue on a weekend right after a Friday deadline, too */
	assert_int_equal(complaint_days_left(cal, D("2026-03-14"), D("2026-03-13"), &left, NULL),
	                 OS_OK);
	assert_int_equal(left, -1);
	/* answered or closed: no warning whatever the days */
	assert_int_equal(complaint_warning_for(CPS_ANSWERED, -5, 3), CPW_NONE);
	assert_int_equal(complaint_warning_for(CPS_CLOSED, 2, 3), CPW_NONE);
	/* warn_days 0: warned on the due day only */
	assert_int_equal(complaint_warning_for(CPS_OWNED, 1, 0), CPW_OK);
	assert_int_equal(complaint_warning_for(CPS_OWNED, 0, 0), CPW_WARN);
}

static void test_numbers(void **state)
{
	(void)state;
	char no[COMPLAINT_NO_MAX];
	assert_int_equal(complaint_number_format(D("2026-02-12"), 3, no), OS_OK);
	assert_string_equal(no, "BC-20260212-0003");
	assert_int_equal(complaint_number_format(D("2026-02-12"), 12345, no), OS_OK);
	assert_string_equal(no, "BC-20260212-12345");
	assert_int_equal(complaint_number_format(D("2026-02-12"), 99999999, no), OS_OK);
	assert_int_equal(complaint_number_format(D("2026-02-12"), 0, no), OS_ERR_INVALID);
	assert_string_equal(no, "");
	assert_int_equal(complaint_number_format(D("2026-02-12"), 100000000, no), OS_ERR_INVALID);
	assert_int_equal(complaint_month(D("2026-02-12")), 202602);
	assert_int_equal(complaint_month(D("2026-12-31")), 202612);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_walk),
	    cmocka_unit_test(test_one_owner),
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test_setup_teardown(test_due_spring_festival, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_warning_and_overdue, setup, teardown),
	    cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
