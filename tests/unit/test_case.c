/* test_case.c - the case lifecycle table, the legal clock, case numbers and
 * upload sniffing (src/core/case.c). The expected transitions are written
 * out below as their own list, independent of case_rules(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/case.h"
#include "core/catalog.h"
#include "core/embedded.h"
#include "core/ident.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

/* Unix time of a wall-clock time in China Standard Time. */
static int64_t cst(const char *day, int hh, int mm)
{
	return (int64_t)D(day) * 86400 + hh * 3600 + mm * 60 - 8 * 3600;
}

static void assert_day(os_date got, const char *want)
{
	char s[OS_DATE_STRLEN];
	os_date_format(got, s);
	assert_string_equal(s, want);
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

/* ---- the lifecycle: an independent list of every legal transition ---- */

#define APP CACT_APPLICANT
#define CLK CACT_CLERK
#define APR CACT_APPROVER
#define MGR CACT_MANAGER
#define SYS CACT_SYSTEM

static const struct {
	case_state from;
	case_action action;
	case_state to;
	unsigned actors;
	bool reason;
} legal[] = {
    {CS_DRAFT, CA_SUBMIT, CS_PREREVIEW, APP, false},
    {CS_DRAFT, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_PREREVIEW, CA_ACCEPT, CS_ACCEPTED, CLK, false},
    {CS_PREREVIEW, CA_REFUSE, CS_REJECTED, CLK, true},
    {CS_PREREVIEW, CA_NOTICE, CS_NOTICE, CLK, true},
    {CS_PREREVIEW, CA_COMPLETE_NOW, CS_COMPLETED, CLK, false},
    {CS_PREREVIEW, CA_DEEM_ACCEPT, CS_ACCEPTED, SYS, false},
    {CS_PREREVIEW, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_RECEIVED, CA_ACCEPT, CS_ACCEPTED, CLK, false},
    {CS_RECEIVED, CA_REFUSE, CS_REJECTED, CLK, true},
    {CS_RECEIVED, CA_NOTICE, CS_NOTICE, CLK, true},
    {CS_RECEIVED, CA_COMPLETE_NOW, CS_COMPLETED, CLK, false},
    {CS_RECEIVED, CA_DEEM_ACCEPT, CS_ACCEPTED, SYS, false},
    {CS_RECEIVED, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_NOTICE, CA_SUPPLEMENT, CS_SUPPLEMENTED, APP | CLK, false},
    {CS_NOTICE, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    /* no second notice from supplemented */
    {CS_SUPPLEMENTED, CA_ACCEPT, CS_ACCEPTED, CLK, false},
    {CS_SUPPLEMENTED, CA_REFUSE, CS_REJECTED, CLK, true},
    {CS_SUPPLEMENTED, CA_COMPLETE_NOW, CS_COMPLETED, CLK, false},
    {CS_SUPPLEMENTED, CA_DEEM_ACCEPT, CS_ACCEPTED, SYS, false},
    {CS_SUPPLEMENTED, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_ACCEPTED, CA_REVIEW, CS_REVIEW, APR, false},
    {CS_ACCEPTED, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_REVIEW, CA_SUSPEND, CS_SUSPENDED, APR, true},
    {CS_REVIEW, CA_EXTEND, CS_EXTENDED, APR | MGR, true},
    {CS_REVIEW, CA_APPROVE, CS_DECIDED, APR, false},
    {CS_REVIEW, CA_DENY, CS_DECIDED, APR, true},
    {CS_REVIEW, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_SUSPENDED, CA_RESUME, CS_REVIEW, APR, false}, /* CS_EXTENDED when extended */
    {CS_SUSPENDED, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_EXTENDED, CA_SUSPEND, CS_SUSPENDED, APR, true},
    {CS_EXTENDED, CA_APPROVE, CS_DECIDED, APR, false},
    {CS_EXTENDED, CA_DENY, CS_DECIDED, APR, true},
    {CS_EXTENDED, CA_WITHDRAW, CS_WITHDRAWN, APP, true},

    {CS_DECIDED, CA_COMPLETE, CS_COMPLETED, APR | CLK, false},
    {CS_COMPLETED, CA_DELIVER, CS_DELIVERED, CLK | APR, false},
};

static int find_legal(case_state s, case_action a)
{
	for (size_t i = 0; i < sizeof legal / sizeof legal[0]; i++)
		if (legal[i].from == s && legal[i].action == a)
			return (int)i;
	return -1;
}

static void test_every_state_action_actor(void **state)
{
	(void)state;
	const unsigned bits[] = {APP, CLK, APR, MGR, SYS, 0, APP | CLK | APR | MGR | SYS};
	int checked = 0, allowed = 0;
	for (int s = 0; s <= CS__COUNT; s++)
		for (int a = 0; a <= CA__COUNT; a++)
			for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++)
				for (int ext = 0; ext < 2; ext++) {
					case_state to = CS_NONE;
					const char *why = NULL;
					os_err e = case_transition((case_state)s, (case_action)a,
					                           bits[b], ext, &to, &why);
					int i = find_legal((case_state)s, (case_action)a);
					checked++;
					if (i < 0 || (a == CA_EXTEND && ext)) {
						if (e != OS_ERR_CONFLICT)
							fail_msg("%s x %s: want conflict, got %d",
							         case_state_key((case_state)s),
							         case_action_key((case_action)a),
							         e);
						assert_non_null(why);
						continue;
					}
					if (!(legal[i].actors & bits[b])) {
						if (e != OS_ERR_FORBIDDEN)
							fail_msg(
							    "%s x %s by %u: want forbidden, got %d",
							    case_state_key((case_state)s),
							    case_action_key((case_action)a),
							    bits[b], e);
						assert_non_null(why);
						continue;
					}
					assert_int_equal(e, OS_OK);
					case_state want = legal[i].to;
					if (a == CA_RESUME && ext)
						want = CS_EXTENDED;
					assert_int_equal(to, want);
					allowed++;
				}
	assert_int_equal(checked, (CS__COUNT + 1) * (CA__COUNT + 1) * 7 * 2);
	assert_true(allowed > 0);
}

/* The table has exactly the expected rules (no extra ones), each with the
 * expected reason flag. */
static void test_table_matches_list(void **state)
{
	(void)state;
	size_t n = 0;
	const case_rule *r = case_rules(&n);
	assert_int_equal(n, sizeof legal / sizeof legal[0]);
	for (size_t i = 0; i < n; i++) {
		int j = find_legal(r[i].from, r[i].action);
		if (j < 0)
			fail_msg("unexpected rule %s x %s", case_state_key(r[i].from),
			         case_action_key(r[i].action));
		assert_int_equal(r[i].to, legal[j].to);
		assert_int_equal(r[i].actors, legal[j].actors);
		assert_int_equal(r[i].needs_reason, legal[j].reason);
		assert_ptr_equal(case_rule_find(r[i].from, r[i].action), &r[i]);
		/* nothing leaves a final state */
		assert_false(case_state_final(r[i].from));
	}
	assert_null(case_rule_find(CS_DELIVERED, CA_WITHDRAW));
	assert_null(case_rule_find(CS_DECIDED, CA_WITHDRAW));
}

static void test_clock_effects(void **state)
{
	(void)state;
	assert_int_equal(case_rule_find(CS_DRAFT, CA_SUBMIT)->clock, CLK_ACCEPT_START);
	assert_int_equal(case_rule_find(CS_RECEIVED, CA_ACCEPT)->clock, CLK_START);
	assert_int_equal(case_rule_find(CS_RECEIVED, CA_DEEM_ACCEPT)->clock, CLK_START);
	assert_int_equal(case_rule_find(CS_NOTICE, CA_SUPPLEMENT)->clock, CLK_ACCEPT_START);
	assert_int_equal(case_rule_find(CS_REVIEW, CA_SUSPEND)->clock, CLK_PAUSE);
	assert_int_equal(case_rule_find(CS_SUSPENDED, CA_RESUME)->clock, CLK_RESUME);
	assert_int_equal(case_rule_find(CS_REVIEW, CA_EXTEND)->clock, CLK_EXTEND);
	assert_int_equal(case_rule_find(CS_DECIDED, CA_COMPLETE)->clock, CLK_STOP);
	assert_int_equal(case_rule_find(CS_RECEIVED, CA_COMPLETE_NOW)->clock, CLK_STOP);
	assert_int_equal(case_rule_find(CS_RECEIVED, CA_REFUSE)->clock, CLK_CANCEL);
	assert_int_equal(case_rule_find(CS_REVIEW, CA_WITHDRAW)->clock, CLK_CANCEL);
}

static void test_extension_once_and_resume(void **state)
{
	(void)state;
	case_state to;
	const char *why;
	assert_int_equal(case_transition(CS_REVIEW, CA_EXTEND, APR, false, &to, &why), OS_OK);
	assert_int_equal(to, CS_EXTENDED);
	assert_int_equal(case_transition(CS_REVIEW, CA_EXTEND, MGR, false, &to, &why), OS_OK);
	/* after a suspension of an extended case, back under review: refused */
	assert_int_equal(case_transition(CS_REVIEW, CA_EXTEND, APR, true, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "extended"));
	assert_int_equal(case_transition(CS_EXTENDED, CA_EXTEND, APR, true, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(case_transition(CS_SUSPENDED, CA_RESUME, APR, true, &to, &why), OS_OK);
	assert_int_equal(to, CS_EXTENDED);
	assert_int_equal(case_transition(CS_SUSPENDED, CA_RESUME, APR, false, &to, &why), OS_OK);
	assert_int_equal(to, CS_REVIEW);
	/* a closed case says so */
	assert_int_equal(case_transition(CS_DELIVERED, CA_DELIVER, CLK, false, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "closed"));
}

static void test_keys_and_names(void **state)
{
	(void)state;
	for (int s = 1; s < CS__COUNT; s++) {
		const char *k = case_state_key((case_state)s);
		assert_non_null(k);
		assert_non_null(case_state_zh((case_state)s));
		assert_int_equal(case_state_from_key(k), s);
	}
	for (int a = 1; a < CA__COUNT; a++) {
		const char *k = case_action_key((case_action)a);
		assert_non_null(k);
		assert_non_null(case_action_zh((case_action)a));
		assert_int_equal(case_action_from_key(k), a);
	}
	assert_string_equal(case_state_key(CS_PREREVIEW), "prereview");
	assert_string_equal(case_state_zh(CS_ACCEPTED), "已受理");
	assert_string_equal(case_action_key(CA_COMPLETE_NOW), "complete_now");
	assert_string_equal(case_action_key(CA_DEEM_ACCEPT), "deem_accept");
	assert_string_equal(case_action_zh(CA_NOTICE), "一次性告知");
	assert_null(case_state_key(CS_NONE));
	assert_null(case_state_key(CS__COUNT));
	assert_null(case_action_key(CA__COUNT));
	assert_int_equal(case_state_from_key("Draft"), CS_NONE);
	assert_int_equal(case_state_from_key(NULL), CS_NONE);
	assert_int_equal(case_action_from_key("accept "), CA_NONE);
	assert_string_equal(case_channel_key(CCH_PROXY), "proxy");
	assert_int_equal(case_channel_from_key("mobile"), CCH_MOBILE);
	assert_int_equal(case_channel_from_key("post"), 0);
	assert_string_equal(case_delivery_key(CDL_POST), "post");
	assert_string_equal(case_delivery_key(CDL_NONE), "none");
	assert_int_equal(case_delivery_from_key("electronic"), CDL_ELECTRONIC);
	assert_int_equal(case_delivery_from_key("none"), CDL_NONE);
	assert_int_equal(case_delivery_from_key("fax"), CDL_NONE);
	assert_string_equal(case_warning_key(CW_YELLOW), "yellow");
	assert_string_equal(case_warning_key(CW_NONE), "none");
	assert_true(case_state_final(CS_REJECTED));
	assert_true(case_state_final(CS_DELIVERED));
	assert_true(case_state_final(CS_WITHDRAWN));
	assert_false(case_state_final(CS_COMPLETED));
	assert_true(case_state_open(CS_DRAFT));
	assert_true(case_state_open(CS_EXTENDED));
	assert_false(case_state_open(CS_DECIDED));
	assert_false(case_state_open(CS_REJECTED));
	assert_string_equal(case_mime_type(CM_PDF), "application/pdf");
	assert_string_equal(case_mime_type(CM_PNG), "image/png");
	assert_null(case_mime_type(CM_NONE));
}

/* ---- the clock ---- */

static void test_decision_due_spring_festival(void **state)
{
	const os_calendar *cal = *state;
	os_date due;
	int missing = 0;
	/* accepted Thursday 2026-02-12, 3 working days: Fri 13, Sat 14 (make-up
	 * working day), then 15-23 are the holiday: Tue 24 */
	assert_int_equal(case_decision_due(cal, cst("2026-02-12", 10, 0), 3, &due, &missing),
	                 OS_OK);
	assert_day(due, "2026-02-24");
	/* the same at 23:59 CST: still the 12th */
	assert_int_equal(case_decision_due(cal, cst("2026-02-12", 23, 59), 3, &due, NULL), OS_OK);
	assert_day(due, "2026-02-24");
	/* limit 0: the acceptance day itself */
	assert_int_equal(case_decision_due(cal, cst("2026-02-12", 9, 0), 0, &due, NULL), OS_OK);
	assert_day(due, "2026-02-12");
	assert_int_equal(case_decision_due(cal, cst("2026-02-12", 9, 0), -1, &due, NULL),
	                 OS_ERR_INVALID);
	/* 2030 has no notice: never a guess */
	assert_int_equal(case_decision_due(cal, cst("2030-03-01", 9, 0), 3, &due, &missing),
	                 OS_ERR_NO_CALENDAR);
	assert_int_equal(missing, 2030);
}

static void test_accept_due(void **state)
{
	const os_calendar *cal = *state;
	os_date due;
	/* Monday: Tue .. Mon */
	assert_int_equal(case_accept_due(cal, cst("2026-03-02", 9, 0), &due, NULL), OS_OK);
	assert_day(due, "2026-03-09");
	/* Friday 23:59 CST counts on Friday (15:59 UTC) */
	assert_int_equal(case_accept_due(cal, cst("2026-03-06", 23, 59), &due, NULL), OS_OK);
	assert_day(due, "2026-03-13");
	/* Saturday 00:01 CST (still Friday in UTC) counts from Monday */
	assert_int_equal(case_accept_due(cal, cst("2026-03-07", 0, 1), &due, NULL), OS_OK);
	assert_day(due, "2026-03-16");
	/* Sunday: from Monday too */
	assert_int_equal(case_accept_due(cal, cst("2026-03-08", 15, 0), &due, NULL), OS_OK);
	assert_day(due, "2026-03-16");
	/* National Day: received 10-01 counts on Thu 10-08; Fri 9, Sat 10
	 * (make-up), Mon 12, Tue 13, Wed 14 */
	assert_int_equal(case_accept_due(cal, cst("2026-10-01", 10, 0), &due, NULL), OS_OK);
	assert_day(due, "2026-10-14");
}

static void test_suspension_and_extension(void **state)
{
	const os_calendar *cal = *state;
	os_date due;
	/* due Fri 03-20; suspended Mon 03-09 .. Wed 03-11: 10 and 11 count */
	assert_int_equal(case_due_after_suspension(cal, D("2026-03-20"), D("2026-03-09"),
	                                           D("2026-03-11"), &due, NULL),
	                 OS_OK);
	assert_day(due, "2026-03-24");
	/* suspended and resumed the same day: nothing */
	assert_int_equal(case_due_after_suspension(cal, D("2026-03-20"), D("2026-03-09"),
	                                           D("2026-03-09"), &due, NULL),
	                 OS_OK);
	assert_day(due, "2026-03-20");
	/* over a weekend only: Fri 13 .. Sun 15 adds nothing */
	assert_int_equal(case_due_after_suspension(cal, D("2026-03-20"), D("2026-03-13"),
	                                           D("2026-03-15"), &due, NULL),
	                 OS_OK);
	assert_day(due, "2026-03-20");
	assert_int_equal(case_due_after_suspension(cal, D("2026-03-20"), D("2026-03-11"),
	                                           D("2026-03-09"), &due, NULL),
	                 OS_ERR_INVALID);
	/* extension: + 5 working days */
	assert_int_equal(case_due_after_extension(cal, D("2026-03-20"), 5, &due, NULL), OS_OK);
	assert_day(due, "2026-03-27");
	assert_int_equal(case_due_after_extension(cal, D("2026-03-20"), 10, &due, NULL), OS_OK);
	assert_day(due, "2026-04-03");
	assert_int_equal(case_due_after_extension(cal, D("2026-03-20"), 0, &due, NULL),
	                 OS_ERR_INVALID);
	assert_int_equal(case_due_after_extension(cal, D("2026-03-20"), 11, &due, NULL),
	                 OS_ERR_INVALID);
}

static void test_days_left_and_warnings(void **state)
{
	const os_calendar *cal = *state;
	os_date due = D("2026-03-20"); /* a Friday */
	int n = 99;
	assert_int_equal(case_days_left(cal, D("2026-03-17"), due, &n, NULL), OS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(case_warning_for(n), CW_GREEN);
	assert_int_equal(case_days_left(cal, D("2026-03-18"), due, &n, NULL), OS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(case_warning_for(n), CW_YELLOW);
	assert_int_equal(case_days_left(cal, D("2026-03-20"), due, &n, NULL), OS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(case_warning_for(n), CW_YELLOW);
	/* the next day is a Saturday: overdue all the same */
	assert_int_equal(case_days_left(cal, D("2026-03-21"), due, &n, NULL), OS_OK);
	assert_int_equal(n, -1);
	assert_int_equal(case_days_left(cal, D("2026-03-23"), due, &n, NULL), OS_OK);
	assert_int_equal(n, -1);
	assert_int_equal(case_warning_for(n), CW_RED);
	assert_int_equal(case_days_left(cal, D("2026-03-25"), due, &n, NULL), OS_OK);
	assert_int_equal(n, -3);
	/* before the weekend: Sat and Sun do not count */
	assert_int_equal(case_days_left(cal, D("2026-03-13"), due, &n, NULL), OS_OK);
	assert_int_equal(n, 5);
	assert_int_equal(case_warning_for(3), CW_GREEN);
	assert_int_equal(case_warning_for(2), CW_YELLOW);
	assert_int_equal(case_warning_for(0), CW_YELLOW);
	assert_int_equal(case_warning_for(-1), CW_RED);
	assert_true(case_on_time(D("2026-03-20"), due));
	assert_true(case_on_time(D("2026-03-02"), due));
	assert_false(case_on_time(D("2026-03-21"), due));
}

static void test_case_number(void **state)
{
	(void)state;
	char no[CASE_NO_MAX];
	assert_int_equal(case_number_format("430802", D("2026-02-12"), 123, no), OS_OK);
	assert_string_equal(no, "430802-20260212-000123");
	assert_int_equal(case_number_format("430802001001", D("2026-12-31"), 1234567, no), OS_OK);
	assert_string_equal(no, "430802001001-20261231-1234567");
	assert_true(strlen(no) < CASE_NO_MAX);
	assert_int_equal(case_number_format("", D("2026-02-12"), 1, no), OS_ERR_INVALID);
	assert_string_equal(no, "");
	assert_int_equal(case_number_format("43-08", D("2026-02-12"), 1, no), OS_ERR_INVALID);
	assert_int_equal(case_number_format("430802", D("2026-02-12"), 0, no), OS_ERR_INVALID);
	assert_int_equal(case_number_format("ABCDEFGHIJKLMNOPQRSTU", D("2026-02-12"), 1, no),
	                 OS_ERR_INVALID);
	assert_int_equal(case_number_format(NULL, D("2026-02-12"), 1, no), OS_ERR_INVALID);
}

/* ---- uploads ---- */

static size_t make_pdf(unsigned char *b, size_t cap, size_t tail)
{
	const char *body = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
	size_t n = strlen(body);
	memcpy(b, body, n);
	for (size_t i = 0; i < tail && n < cap; i++)
		b[n++] = ' ';
	return n;
}

static size_t make_png(unsigned char *b, bool with_iend, uint32_t width)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	size_t n = 0;
	memcpy(b, sig, 8);
	n = 8;
	const unsigned char ihdr[] = {0,
	                              0,
	                              0,
	                              13,
	                              'I',
	                              'H',
	                              'D',
	                              'R',
	                              (unsigned char)(width >> 24),
	                              (unsigned char)(width >> 16),
	                              (unsigned char)(width >> 8),
	                              (unsigned char)width,
	                              0,
	                              0,
	                              0,
	                              1, /* height 1 */
	                              8,
	                              2,
	                              0,
	                              0,
	                              0,
	                              0x90,
	                              0x77,
	                              0x53,
	                              0xDE};
	memcpy(b + n, ihdr, sizeof ihdr);
	n += sizeof ihdr;
	const unsigned char idat[] = {0, 0, 0, 2, 'I', 'D', 'A', 'T', 0x78, 0x9c, 1, 2, 3, 4};
	memcpy(b + n, idat, sizeof idat);
	n += sizeof idat;
	if (with_iend) {
		const unsigned char iend[] = {0,   0,   0,    0,    'I',  'E',
		                              'N', 'D', 0xAE, 0x42, 0x60, 0x82};
		memcpy(b + n, iend, sizeof iend);
		n += sizeof iend;
	}
	return n;
}

static void test_sniff(void **state)
{
	(void)state;
	unsigned char b[4096];
	/* a PDF is a PDF whatever it is called (a.png) */
	size_t n = make_pdf(b, sizeof b, 0);
	assert_int_equal(case_sniff(b, n), CM_PDF);
	/* %%EOF within the last 1024 bytes */
	n = make_pdf(b, sizeof b, 900);
	assert_int_equal(case_sniff(b, n), CM_PDF);
	n = make_pdf(b, sizeof b, 2000);
	assert_int_equal(case_sniff(b, n), CM_NONE);
	/* a PDF header without the trailer: truncated */
	assert_int_equal(case_sniff((const unsigned char *)"%PDF-1.4\n1 0 obj\n", 17), CM_NONE);
	/* a text file called x.pdf */
	const char *text = "This is not a PDF.\n%%EOF\n";
	assert_int_equal(case_sniff((const unsigned char *)text, strlen(text)), CM_NONE);
	/* JPEG: SOI ... EOI */
	const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16,   'J',
	                             'F',  'I',  'F',  0,    1, 0xFF, 0xD9};
	assert_int_equal(case_sniff(jpg, sizeof jpg), CM_JPEG);
	assert_int_equal(case_sniff(jpg, sizeof jpg - 2), CM_NONE); /* truncated */
	assert_int_equal(case_sniff(jpg, 4), CM_NONE);
	const unsigned char notjpg[] = {0xFF, 0xD8, 0xFE, 0xE0, 0, 0, 0xFF, 0xD9};
	assert_int_equal(case_sniff(notjpg, sizeof notjpg), CM_NONE);
	/* PNG: signature, IHDR first, IEND last */
	n = make_png(b, true, 1);
	assert_int_equal(case_sniff(b, n), CM_PNG);
	n = make_png(b, false, 1);
	assert_int_equal(case_sniff(b, n), CM_NONE);
	n = make_png(b, true, 0);
	assert_int_equal(case_sniff(b, n), CM_NONE);
	n = make_png(b, true, 1);
	memcpy(b + 12, "IDAT", 4); /* first chunk not IHDR */
	assert_int_equal(case_sniff(b, n), CM_NONE);
	n = make_png(b, true, 1);
	assert_int_equal(case_sniff(b, 8), CM_NONE);
	assert_int_equal(case_sniff(b, 0), CM_NONE);
	assert_int_equal(case_sniff(NULL, 10), CM_NONE);
}

/* ---- the application form ---- */

static const cat_field form_fields[] = {
    {.name = "shop", .label = "店名", .type = CAT_FT_TEXT, .required = true},
    {.name = "note", .label = "说明", .type = CAT_FT_TEXTAREA},
    {.name = "staff", .label = "人数", .type = CAT_FT_NUMBER},
    {.name = "opened", .label = "开业日期", .type = CAT_FT_DATE},
    {.name = "holder", .label = "身份证号", .type = CAT_FT_ID_NUMBER},
    {.name = "code", .label = "信用代码", .type = CAT_FT_USCC},
    {.name = "tel", .label = "电话", .type = CAT_FT_PHONE},
    {.name = "addr", .label = "地址", .type = CAT_FT_ADDRESS},
    {.name = "chain", .label = "连锁", .type = CAT_FT_BOOL, .required = true},
};
#define NF (sizeof form_fields / sizeof form_fields[0])

static void valid_ids(char id[19], char uscc[19])
{
	snprintf(id, 19, "43080219850315123");
	id[17] = os_id_check_char(id);
	id[18] = '\0';
	snprintf(uscc, 19, "91430802MA4L0001A");
	uscc[17] = os_uscc_check_char(uscc);
	uscc[18] = '\0';
}

/* The problem's field for a form, or "" when it passes. */
static const char *form_field(const char *json, unsigned flags)
{
	static cat_problem p;
	os_date today = 0;
	os_date_parse("2026-03-02", 10, &today);
	if (case_form_check(form_fields, NF, json, today, flags, &p) == OS_OK)
		return "";
	assert_non_null(p.reason[0] ? p.reason : NULL);
	return p.field;
}

static void test_form_check(void **state)
{
	(void)state;
	char id[19], uscc[19], buf[2048];
	valid_ids(id, uscc);
	snprintf(buf, sizeof buf,
	         "{\"shop\":\"小明便利店\",\"note\":\"第一行\\n第二行\",\"staff\":\"12\","
	         "\"opened\":\"2024-02-29\",\"holder\":\"%s\",\"code\":\"%s\","
	         "\"tel\":\"0744-8221234\",\"addr\":\"解放路88号\",\"chain\":false}",
	         id, uscc);
	assert_string_equal(form_field(buf, 0), "");
	/* a JSON number is a number too; null is a missing value */
	assert_string_equal(
	    form_field("{\"shop\":\"a\",\"chain\":true,\"staff\":3.5,\"tel\":null}", 0), "");
	/* required: text not empty, bool present */
	assert_string_equal(form_field("{\"chain\":true}", 0), "form.shop");
	assert_string_equal(form_field("{\"shop\":\"\",\"chain\":true}", 0), "form.shop");
	assert_string_equal(form_field("{\"shop\":\"a\"}", 0), "form.chain");
	assert_string_equal(form_field("", 0), "form.shop");
	assert_string_equal(form_field("{}", CASE_FORM_NO_REQUIRED), "");
	/* names the item does not know */
	assert_string_equal(form_field("{\"shop\":\"a\",\"chain\":true,\"boss\":\"x\"}", 0),
	                    "form.boss");
	assert_string_equal(
	    form_field("{\"shop\":\"a\",\"chain\":true,\"boss\":\"x\"}", CASE_FORM_ANY_EXTRA), "");
	/* not an object */
	assert_string_equal(form_field("[1]", 0), "form");
	assert_string_equal(form_field("{\"shop\":", 0), "form");
	assert_string_equal(form_field("{\"shop\":\"a\",\"shop\":\"b\",\"chain\":true}", 0),
	                    "form");
	/* types */
	static const struct {
		const char *json, *field;
	} bad[] = {
	    {"{\"shop\":\"a\",\"chain\":true,\"staff\":\"12a\"}", "form.staff"},
	    {"{\"shop\":\"a\",\"chain\":true,\"staff\":\"1.\"}", "form.staff"},
	    {"{\"shop\":\"a\",\"chain\":true,\"staff\":true}", "form.staff"},
	    {"{\"shop\":\"a\",\"chain\":true,\"opened\":\"2023-02-29\"}", "form.opened"},
	    {"{\"shop\":\"a\",\"chain\":true,\"opened\":\"2024-2-1\"}", "form.opened"},
	    {"{\"shop\":\"a\",\"chain\":true,\"holder\":\"430802198503151230\"}", "form.holder"},
	    {"{\"shop\":\"a\",\"chain\":true,\"code\":\"91430802MA4L0001AA\"}", "form.code"},
	    {"{\"shop\":\"a\",\"chain\":true,\"tel\":\"call me\"}", "form.tel"},
	    {"{\"shop\":\"a\",\"chain\":\"yes\"}", "form.chain"},
	    {"{\"shop\":12,\"chain\":true}", "form.shop"},
	    {"{\"shop\":\"a\\nb\",\"chain\":true}", "form.shop"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_string_equal(form_field(bad[i].json, 0), bad[i].field);
	/* an ID born after today */
	snprintf(buf, sizeof buf, "{\"shop\":\"a\",\"chain\":true,\"holder\":\"%s\"}",
	         "43080220300101123X");
	assert_string_equal(form_field(buf, 0), "form.holder");
	/* caps in characters: 200 for text (600 bytes of Chinese pass), 1000
	 * for a textarea, 64 for the others */
	char big[4096] = "{\"chain\":true,\"shop\":\"";
	size_t o = strlen(big);
	for (int i = 0; i < 200; i++)
		o += (size_t)snprintf(big + o, sizeof big - o, "店");
	snprintf(big + o, sizeof big - o, "\"}");
	assert_string_equal(form_field(big, 0), "");
	snprintf(big + o, sizeof big - o, "店\"}");
	assert_string_equal(form_field(big, 0), "form.shop");
	char area[1200] = "{\"shop\":\"a\",\"chain\":true,\"note\":\"";
	o = strlen(area);
	memset(area + o, 'x', 1001);
	snprintf(area + o + 1001, sizeof area - o - 1001, "\"}");
	assert_string_equal(form_field(area, 0), "form.note");
}

static void test_id_number_kinds(void **state)
{
	(void)state;
	char id[19], uscc[19], out[19], m[32];
	valid_ids(id, uscc);
	os_date today = 0;
	os_date_parse("2026-03-02", 10, &today);
	const char *why = NULL;
	assert_int_equal(case_id_number(id, today, out, &why), CID_RESIDENT);
	assert_string_equal(out, id);
	char lower[19];
	for (int i = 0; i < 19; i++)
		lower[i] = (char)(uscc[i] >= 'A' && uscc[i] <= 'Z' ? uscc[i] + 32 : uscc[i]);
	assert_int_equal(case_id_number(lower, today, out, &why), CID_USCC);
	assert_string_equal(out, uscc);
	/* a mistyped ID is never read as a credit code, even when the MOD 31
	 * check happens to pass */
	char wrong[19];
	memcpy(wrong, id, 19);
	for (char c = '0'; c <= '9'; c++) {
		wrong[17] = c;
		if (c == id[17])
			continue;
		assert_int_equal(case_id_number(wrong, today, out, &why), CID_NONE);
	}
	assert_int_equal(case_id_number("", today, out, &why), CID_NONE);
	assert_int_equal(case_id_number("12345", today, out, &why), CID_NONE);
	/* masks */
	case_mask_id_number(id, m, sizeof m);
	assert_int_equal(strlen(m), 18);
	assert_memory_equal(m, "430802********", 14);
	assert_memory_equal(m + 14, id + 14, 4);
	case_mask_id_number(uscc, m, sizeof m);
	assert_memory_equal(m, "91430802******", 14);
	assert_memory_equal(m + 14, uscc + 14, 4);
	case_mask_id_number("abc", m, sizeof m);
	assert_string_equal(m, "******");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_state_action_actor),
	    cmocka_unit_test(test_table_matches_list),
	    cmocka_unit_test(test_clock_effects),
	    cmocka_unit_test(test_extension_once_and_resume),
	    cmocka_unit_test(test_keys_and_names),
	    cmocka_unit_test(test_decision_due_spring_festival),
	    cmocka_unit_test(test_accept_due),
	    cmocka_unit_test(test_suspension_and_extension),
	    cmocka_unit_test(test_days_left_and_warnings),
	    cmocka_unit_test(test_case_number),
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_form_check),
	    cmocka_unit_test(test_id_number_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
