/* test_review.c - the rules of good/bad reviews (src/core/review.c): levels,
 * dimensions per service, input checks, the follow-up table (written out
 * below independently of review_followup_rules()), appeals decided by
 * someone else, the praise rate and the rating links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/review.h"

static void test_levels(void **state)
{
	(void)state;
	size_t n;
	const review_level_info *l = review_levels(&n);
	assert_int_equal(n, 5);
	const char *zh[] = {"非常满意", "满意", "基本满意", "不满意", "非常不满意"};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(l[i].level, (int)i + 1);
		assert_string_equal(l[i].zh, zh[i]);
		assert_int_equal(review_level_from_key(l[i].key), l[i].level);
		/* the last two are the bad reviews; the first three count as praise */
		assert_int_equal(review_level_bad(l[i].level), i >= 3);
		assert_int_equal(review_level_good(l[i].level), i < 3);
	}
	assert_false(review_level_bad(RL_NONE));
	assert_false(review_level_good(RL_NONE));
	assert_false(review_level_good((review_level)6));
	assert_null(review_level_get((review_level)6));
	assert_int_equal(review_level_from_key("great"), RL_NONE);
	assert_int_equal(review_level_from_key(NULL), RL_NONE);
}

static void test_dimensions(void **state)
{
	(void)state;
	/* window: attitude and efficiency; online: accuracy, convenience, efficiency */
	struct {
		const char *key, *zh;
		bool window, online;
	} want[] = {
	    {"attitude", "服务态度", true, false},
	    {"efficiency", "办事效率", true, true},
	    {"accuracy", "办事指南准确性", false, true},
	    {"convenience", "便捷性", false, true},
	};
	size_t n;
	const review_dim_info *d = review_dims(&n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++) {
		const review_dim_info *x = review_dim_by_key(want[i].key);
		assert_non_null(x);
		assert_string_equal(x->zh, want[i].zh);
		assert_int_equal(review_dim_applies(x->dim, RSV_WINDOW), want[i].window);
		assert_int_equal(review_dim_applies(x->dim, RSV_ONLINE), want[i].online);
		assert_ptr_equal(&d[x->dim], x);
	}
	assert_null(review_dim_by_key("speed"));
}

static void test_check(void **state)
{
	(void)state;
	const char *field, *why;
	review_input in = {.level = RL_SATISFIED};
	assert_int_equal(review_check(&in, RSV_WINDOW, &field, &why), OS_OK);
	in.level = RL_NONE;
	assert_int_equal(review_check(&in, RSV_WINDOW, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "level");
	in.level = (review_level)6;
	assert_int_equal(review_check(&in, RSV_WINDOW, &field, &why), OS_ERR_INVALID);
	in.level = RL_VERY_UNSATISFIED;
	in.dims[RD_ATTITUDE] = 5;
	in.dims[RD_EFFICIENCY] = 4;
	assert_int_equal(review_check(&in, RSV_WINDOW, &field, &why), OS_OK);
	/* attitude is not a dimension of online service */
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "attitude");
	in.dims[RD_ATTITUDE] = 0;
	in.dims[RD_ACCURACY] = 2;
	assert_int_equal(review_check(&in, RSV_WINDOW, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "accuracy");
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_OK);
	in.dims[RD_CONVENIENCE] = 6;
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "convenience");
	in.dims[RD_CONVENIENCE] = 0;
	/* comment: text up to 500 characters (Chinese: 3 bytes each) */
	char long_zh[501 * 3 + 1];
	for (int i = 0; i < 500; i++)
		memcpy(long_zh + i * 3, "好", 3);
	long_zh[1500] = '\0';
	in.comment = long_zh;
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_OK);
	memcpy(long_zh + 1500, "好", 4);
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "comment");
	in.comment = "bad\x01text";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	in.comment = "\xff\xfe";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	in.comment = "第一行\n第二行";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_OK);
	in.phone = "138-0000-1234";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_OK);
	in.phone = "call me";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
	assert_string_equal(field, "phone");
	in.phone = "123";
	assert_int_equal(review_check(&in, RSV_ONLINE, &field, &why), OS_ERR_INVALID);
}

/* The follow-up, written out: from, action -> to (0 = illegal). */
static const struct {
	review_fu_state from;
	review_fu_action a;
	review_fu_state to;
} expect[] = {
    {RFS_OPENED, RFA_VERIFY, RFS_VERIFIED},
    {RFS_VERIFIED, RFA_FIX_NOW, RFS_FIXED_NOW},
    {RFS_VERIFIED, RFA_FIX_BY_DEADLINE, RFS_FIX_BY_DEADLINE},
    {RFS_VERIFIED, RFA_EXPLAIN, RFS_EXPLAINED},
    {RFS_FIXED_NOW, RFA_ANSWER, RFS_ANSWERED},
    {RFS_FIX_BY_DEADLINE, RFA_ANSWER, RFS_ANSWERED},
    {RFS_EXPLAINED, RFA_ANSWER, RFS_ANSWERED},
    {RFS_ANSWERED, RFA_CLOSE, RFS_CLOSED},
};

static review_fu_state expected(review_fu_state from, review_fu_action a)
{
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
		if (expect[i].from == from && expect[i].a == a)
			return expect[i].to;
	return RFS_NONE;
}

static void test_followup_table(void **state)
{
	(void)state;
	for (int s = RFS_NONE; s <= RFS__COUNT; s++) {
		for (int a = RFA_NONE; a <= RFA__COUNT; a++) {
			review_fu_state to = RFS_NONE;
			const char *why = NULL;
			os_err e = review_followup_step((review_fu_state)s, (review_fu_action)a,
			                                &to, &why);
			review_fu_state want = expected((review_fu_state)s, (review_fu_action)a);
			if (want) {
				assert_int_equal(e, OS_OK);
				assert_int_equal(to, want);
				assert_true(review_followup_actions((review_fu_state)s) &
				            (1u << a));
			} else {
				assert_int_equal(e, OS_ERR_CONFLICT);
				assert_non_null(why);
			}
		}
	}
	/* no answer without verifying, no skipping the call, no re-opening */
	review_fu_state to;
	assert_int_equal(review_followup_step(RFS_OPENED, RFA_ANSWER, &to, NULL), OS_ERR_CONFLICT);
	assert_int_equal(review_followup_step(RFS_OPENED, RFA_FIX_NOW, &to, NULL), OS_ERR_CONFLICT);
	assert_int_equal(review_followup_step(RFS_CLOSED, RFA_VERIFY, &to, NULL), OS_ERR_CONFLICT);
	assert_int_equal(review_followup_actions(RFS_CLOSED), 0);
	/* what each step requires */
	size_t n;
	const review_fu_rule *r = review_followup_rules(&n);
	assert_int_equal(n, sizeof expect / sizeof expect[0]);
	for (size_t i = 0; i < n; i++) {
		if (r[i].action == RFA_EXPLAIN)
			assert_true(r[i].needs & RFN_LEGAL_BASIS);
		if (r[i].action == RFA_ANSWER)
			assert_true(r[i].needs & RFN_ANSWER);
		if (r[i].action == RFA_VERIFY)
			assert_true(r[i].needs & RFN_NOTE);
		assert_int_equal((r[i].needs & RFN_DEADLINE) != 0,
		                 r[i].action == RFA_FIX_BY_DEADLINE);
	}
	assert_true(review_followup_open(RFS_OPENED));
	assert_true(review_followup_open(RFS_FIX_BY_DEADLINE));
	assert_false(review_followup_open(RFS_ANSWERED));
	assert_false(review_followup_open(RFS_CLOSED));
	for (int s = RFS_OPENED; s < RFS__COUNT; s++) {
		assert_non_null(review_fu_state_zh((review_fu_state)s));
		assert_int_equal(review_fu_state_from_key(review_fu_state_key((review_fu_state)s)),
		                 s);
	}
	for (int a = RFA_VERIFY; a < RFA__COUNT; a++)
		assert_int_equal(
		    review_fu_action_from_key(review_fu_action_key((review_fu_action)a)), a);
	assert_int_equal(review_fu_action_from_key("delete"), RFA_NONE);
	assert_null(review_fu_state_key(RFS__COUNT));
}

static void test_appeal(void **state)
{
	(void)state;
	const char *why;
	/* the appellant never decides his own appeal */
	assert_int_equal(review_appeal_decide(RAP_FILED, 7, 7, RAP_UPHELD, &why), OS_ERR_FORBIDDEN);
	assert_int_equal(review_appeal_decide(RAP_FILED, 7, 0, RAP_UPHELD, &why), OS_ERR_FORBIDDEN);
	assert_int_equal(review_appeal_decide(RAP_FILED, 7, 8, RAP_UPHELD, &why), OS_OK);
	assert_int_equal(review_appeal_decide(RAP_FILED, 7, 8, RAP_REJECTED, &why), OS_OK);
	/* once */
	assert_int_equal(review_appeal_decide(RAP_UPHELD, 7, 8, RAP_REJECTED, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(review_appeal_decide(RAP_REJECTED, 7, 8, RAP_UPHELD, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(review_appeal_decide(RAP_FILED, 7, 8, RAP_FILED, &why), OS_ERR_INVALID);
	assert_string_equal(review_appeal_key(RAP_UPHELD), "upheld");
}

static void test_rate(void **state)
{
	(void)state;
	assert_int_equal(review_rate_permille(0, 0), -1);
	assert_int_equal(review_rate_permille(10, 10), 1000);
	assert_int_equal(review_rate_permille(0, 10), 0);
	assert_int_equal(review_rate_permille(2, 3), 667); /* 66.67% -> 66.7 */
	assert_int_equal(review_rate_permille(1, 3), 333);
	assert_int_equal(review_rate_permille(299, 300), 997);
	assert_int_equal(review_rate_permille(1, 2000), 1); /* 0.05% rounds half up */
	assert_int_equal(review_rate_permille(12, 10), 1000);
}

static void test_links(void **state)
{
	(void)state;
	unsigned char key[32], other[32];
	for (int i = 0; i < 32; i++) {
		key[i] = (unsigned char)i;
		other[i] = (unsigned char)(i + 1);
	}
	char tok[REVIEW_LINK_MAX];
	assert_int_equal(review_link_make(key, REV_CASE, 12345, tok, sizeof tok), OS_OK);
	assert_int_equal(tok[0], 'c');
	review_event k;
	int64_t id;
	assert_int_equal(review_link_parse(key, tok, &k, &id), OS_OK);
	assert_int_equal(k, REV_CASE);
	assert_int_equal(id, 12345);
	/* another key, another event, a changed character: refused */
	assert_int_equal(review_link_parse(other, tok, &k, &id), OS_ERR_INVALID);
	char t2[REVIEW_LINK_MAX];
	memcpy(t2, tok, sizeof tok);
	t2[0] = 't';
	assert_int_equal(review_link_parse(key, t2, &k, &id), OS_ERR_INVALID);
	memcpy(t2, tok, sizeof tok);
	t2[3] = t2[3] == '4' ? '5' : '4';
	assert_int_equal(review_link_parse(key, t2, &k, &id), OS_ERR_INVALID);
	memcpy(t2, tok, sizeof tok);
	size_t n = strlen(t2);
	t2[n - 1] = t2[n - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(review_link_parse(key, t2, &k, &id), OS_ERR_INVALID);
	assert_int_equal(review_link_make(key, REV_TICKET, 7, tok, sizeof tok), OS_OK);
	assert_int_equal(review_link_parse(key, tok, &k, &id), OS_OK);
	assert_int_equal(k, REV_TICKET);
	assert_int_equal(id, 7);
	/* malformed */
	const char *bad[] = {
	    "",   "x1.AAAA", "c.AAAA",  "c01.AAAA",
	    "c1", "c1.",     "c1.!!!!", "c99999999999999999.AAAAAAAAAAAAAAAAAAAAAA",
	    NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(review_link_parse(key, bad[i], &k, &id), OS_ERR_INVALID);
	assert_int_equal(review_link_parse(key, NULL, &k, &id), OS_ERR_INVALID);
	assert_int_equal(review_link_make(key, REV_CASE, 0, tok, sizeof tok), OS_ERR_INVALID);
	assert_int_equal(review_link_make(key, REV_CASE, 1, tok, 8), OS_ERR_TOO_LARGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_levels), cmocka_unit_test(test_dimensions),
	    cmocka_unit_test(test_check),  cmocka_unit_test(test_followup_table),
	    cmocka_unit_test(test_appeal), cmocka_unit_test(test_rate),
	    cmocka_unit_test(test_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
