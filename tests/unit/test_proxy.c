/* test_proxy.c - the proxy service's pure core (src/core/proxy.c): the
 * declared lifecycle table walked row by row and every action tried from
 * every state, who may act, the priority order (green channel first, home
 * visits next, oldest first), the green class by age, the authorisation,
 * visit teams, local times and numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/proxy.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

static const unsigned ALL_ACTORS = PACT_REQUESTER | PACT_ASSIGNEE | PACT_SPECIALIST;

/* Every row of the table does what it declares, for its actors only. */
static void test_table_rows(void **state)
{
	(void)state;
	size_t n;
	const proxy_rule *rules = proxy_rules(&n);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		const proxy_rule *r = &rules[i];
		proxy_state to = PS_NONE;
		const char *why = NULL;
		assert_int_equal(proxy_transition(r->from, r->action, r->actors, &to, &why), OS_OK);
		assert_int_equal(to, r->to == PS_NONE ? r->from : r->to);
		unsigned others = ALL_ACTORS & ~r->actors;
		if (others) {
			assert_int_equal(proxy_transition(r->from, r->action, others, &to, &why),
			                 OS_ERR_FORBIDDEN);
			assert_non_null(why);
		}
		assert_int_equal(proxy_needs_reason(r->from, r->action), r->needs_reason);
		/* at most one row per (state, action) */
		for (size_t j = i + 1; j < n; j++)
			assert_false(rules[j].from == r->from && rules[j].action == r->action);
		/* the keys round-trip */
		assert_int_equal(proxy_action_parse(proxy_action_key(r->action)), r->action);
		assert_int_equal(proxy_state_parse(proxy_state_key(r->from)), r->from);
	}
}

/* Every (state, action) pair not in the table is a conflict; final states
 * allow nothing. */
static void test_table_complete(void **state)
{
	(void)state;
	size_t n;
	const proxy_rule *rules = proxy_rules(&n);
	for (int s = PS_SUBMITTED; s < PS__COUNT; s++)
		for (int a = PA_ASSIGN; a < PA__COUNT; a++) {
			bool declared = false;
			for (size_t i = 0; i < n; i++)
				declared |= rules[i].from == (proxy_state)s &&
				            rules[i].action == (proxy_action)a;
			proxy_state to;
			const char *why = NULL;
			os_err e = proxy_transition((proxy_state)s, (proxy_action)a, ALL_ACTORS,
			                            &to, &why);
			assert_int_equal(e, declared ? OS_OK : OS_ERR_CONFLICT);
			if (s == PS_COMPLETED || s == PS_CANCELLED)
				assert_int_equal(e, OS_ERR_CONFLICT);
		}
	assert_false(proxy_state_open(PS_COMPLETED));
	assert_false(proxy_state_open(PS_CANCELLED));
	assert_true(proxy_state_open(PS_SUBMITTED));
	assert_true(proxy_state_open(PS_CASES_FILED));
}

/* The seed's story walks the table: submitted → assigned → visit scheduled →
 * visit done → cases filed → completed; the requester may cancel only before
 * the work starts; a butler (assignee) cannot assign. */
static void test_story_path(void **state)
{
	(void)state;
	proxy_state s = PS_SUBMITTED;
	const char *why;
	assert_int_equal(proxy_transition(s, PA_ASSIGN, PACT_ASSIGNEE, &s, &why), OS_ERR_FORBIDDEN);
	assert_int_equal(proxy_transition(s, PA_ASSIGN, PACT_SPECIALIST, &s, &why), OS_OK);
	assert_int_equal(s, PS_ASSIGNED);
	assert_int_equal(proxy_transition(s, PA_SCHEDULE_VISIT, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(s, PS_VISIT_SCHEDULED);
	assert_int_equal(proxy_transition(s, PA_SCHEDULE_VISIT, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(s, PS_VISIT_SCHEDULED); /* rescheduled */
	assert_int_equal(proxy_transition(s, PA_FILE_CASE, PACT_ASSIGNEE, &s, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(proxy_transition(s, PA_CANCEL, PACT_REQUESTER, &s, &why),
	                 OS_ERR_FORBIDDEN);
	assert_int_equal(proxy_transition(s, PA_RECORD_VISIT, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(s, PS_VISIT_DONE);
	assert_int_equal(proxy_transition(s, PA_FILE_CASE, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(s, PS_CASES_FILED);
	assert_int_equal(proxy_transition(s, PA_FILE_CASE, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(proxy_transition(s, PA_REASSIGN, PACT_SPECIALIST, &s, &why), OS_OK);
	assert_int_equal(s, PS_CASES_FILED);
	assert_true(proxy_needs_reason(s, PA_REASSIGN));
	assert_int_equal(proxy_transition(s, PA_COMPLETE, PACT_REQUESTER, &s, &why),
	                 OS_ERR_FORBIDDEN);
	assert_int_equal(proxy_transition(s, PA_COMPLETE, PACT_ASSIGNEE, &s, &why), OS_OK);
	assert_int_equal(s, PS_COMPLETED);
	s = PS_SUBMITTED;
	assert_int_equal(proxy_transition(s, PA_CANCEL, PACT_REQUESTER, &s, &why), OS_OK);
	assert_int_equal(s, PS_CANCELLED);
}

/* Green channel first, home visits next, then the oldest; stable by id. */
static void test_priority(void **state)
{
	(void)state;
	proxy_order o[] = {
	    {1, QG_NONE, PK_HELP, 100},    {2, QG_NONE, PK_HOME, 300},
	    {3, QG_ELDERLY, PK_HELP, 400}, {4, QG_DISABLED, PK_HOME, 500},
	    {5, QG_NONE, PK_AGENCY, 50},   {6, QG_PREGNANT, PK_HELP, 200},
	    {7, QG_NONE, PK_AGENCY, 50},
	};
	qsort(o, sizeof o / sizeof o[0], sizeof o[0], proxy_priority_cmp);
	int64_t want[] = {4, 6, 3, 2, 5, 7, 1};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(o[i].id, want[i]);
	assert_true(proxy_offer_home(QG_VETERAN));
	assert_false(proxy_offer_home(QG_NONE));
}

static void test_green_by_age(void **state)
{
	(void)state;
	os_date today = D("2026-03-01");
	assert_int_equal(proxy_green_of(QG_NONE, true, D("1966-03-01"), today, 60), QG_ELDERLY);
	assert_int_equal(proxy_green_of(QG_NONE, true, D("1966-03-02"), today, 60), QG_NONE);
	assert_int_equal(proxy_green_of(QG_NONE, false, 0, today, 60), QG_NONE);
	assert_int_equal(proxy_green_of(QG_DISABLED, true, D("1990-01-01"), today, 60),
	                 QG_DISABLED);
}

static void test_authorisation(void **state)
{
	(void)state;
	os_date today = D("2026-03-01");
	proxy_auth a;
	const char *field = NULL, *why = NULL;
	assert_int_equal(proxy_auth_make(false, "CL-001", today + 10, today, &a, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "consent");
	assert_int_equal(proxy_auth_make(true, "", today + 10, today, &a, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "auth_items");
	assert_int_equal(proxy_auth_make(true, "CL-001", today - 1, today, &a, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "auth_until");
	assert_int_equal(proxy_auth_make(true, "CL-001", today + 400, today, &a, &field, &why),
	                 OS_ERR_INVALID);
	assert_int_equal(
	    proxy_auth_make(true, " CL-001 , CL-0012", today + 10, today, &a, &field, &why), OS_OK);
	assert_string_equal(a.items, "CL-001,CL-0012");
	assert_int_equal(proxy_auth_check(&a, "CL-001", today, &why), OS_OK);
	assert_int_equal(proxy_auth_check(&a, "CL-0012", today + 10, &why), OS_OK);
	assert_int_equal(proxy_auth_check(&a, "CL-00", today, &why), OS_ERR_FORBIDDEN);
	assert_int_equal(proxy_auth_check(&a, "CL-001", today + 11, &why), OS_ERR_FORBIDDEN);
	assert_string_equal(why, "the authorisation has expired");
}

static void test_team(void **state)
{
	(void)state;
	char out[PROXY_TEAM_CAP];
	bool doctor;
	const char *why = NULL;
	assert_int_equal(proxy_team_normalise("doctor:李医生， specialist : 黄丽;butler:周强", out,
	                                      sizeof out, &doctor, &why),
	                 OS_OK);
	assert_string_equal(out, "doctor:李医生,specialist:黄丽,butler:周强");
	assert_true(doctor);
	assert_int_equal(proxy_team_normalise("staff:王", out, sizeof out, &doctor, &why), OS_OK);
	assert_false(doctor);
	assert_int_equal(proxy_team_normalise("", out, sizeof out, &doctor, &why), OS_ERR_INVALID);
	assert_int_equal(proxy_team_normalise("nurse:王", out, sizeof out, &doctor, &why),
	                 OS_ERR_INVALID);
	assert_int_equal(proxy_team_normalise("王医生", out, sizeof out, &doctor, &why),
	                 OS_ERR_INVALID);
	assert_int_equal(proxy_team_normalise("doctor:", out, sizeof out, &doctor, &why),
	                 OS_ERR_INVALID);
	assert_int_equal(proxy_team_normalise("other:a,other:b,other:c,other:d,other:e,other:f,"
	                                      "other:g,other:h,other:i",
	                                      out, sizeof out, &doctor, &why),
	                 OS_ERR_TOO_LARGE);
	char small[8];
	assert_int_equal(proxy_team_normalise("doctor:abcdef", small, sizeof small, &doctor, &why),
	                 OS_ERR_TOO_LARGE);
}

static void test_times_and_numbers(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(proxy_parse_local("2026-02-12T09:30", &t), OS_OK);
	assert_int_equal(t, (int64_t)D("2026-02-12") * 86400 - 8 * 3600 + 9 * 3600 + 30 * 60);
	assert_int_equal(proxy_parse_local("2026-02-12 09:30", &t), OS_OK);
	assert_int_equal(proxy_parse_local("2026-02-12T24:00", &t), OS_ERR_INVALID);
	assert_int_equal(proxy_parse_local("2026-02-30T09:00", &t), OS_ERR_INVALID);
	assert_int_equal(proxy_parse_local("2026-02-12", &t), OS_ERR_INVALID);
	assert_int_equal(proxy_parse_local(NULL, &t), OS_ERR_INVALID);
	char no[PROXY_NO_MAX];
	assert_int_equal(proxy_number(D("2026-02-12"), 7, no, sizeof no), OS_OK);
	assert_string_equal(no, "PX20260212-0007");
	assert_int_equal(proxy_number(D("2026-02-12"), 0, no, sizeof no), OS_ERR_INVALID);
	char tiny[6];
	assert_int_equal(proxy_number(D("2026-02-12"), 1, tiny, sizeof tiny), OS_ERR_TOO_LARGE);
	assert_int_equal(proxy_month(D("2026-02-12")), 202602);
	assert_int_equal(proxy_kind_parse("home"), PK_HOME);
	assert_int_equal(proxy_kind_parse("x"), 0);
	assert_int_equal(proxy_filer_parse("station"), PF_STATION);
	assert_int_equal(proxy_visit_mode_parse("video"), PVM_VIDEO);
	assert_string_equal(proxy_state_zh(PS_VISIT_DONE), "已上门");
	assert_null(proxy_state_key(PS__COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_rows),   cmocka_unit_test(test_table_complete),
	    cmocka_unit_test(test_story_path),   cmocka_unit_test(test_priority),
	    cmocka_unit_test(test_green_by_age), cmocka_unit_test(test_authorisation),
	    cmocka_unit_test(test_team),         cmocka_unit_test(test_times_and_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
