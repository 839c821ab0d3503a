/* test_visa.c - the port-visa office's core (src/core/visa.c, countries.c,
 * demo_visa.c): member validation from fields, MRZ and CSV, state machines,
 * the watch list, fees, numbers, figures and the demo week. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/countries.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/visa.h"

static os_date D(int y, int m, int d)
{
	os_date x;
	if (os_date_from_ymd(y, m, d, &x))
		fail_msg("bad date %d-%d-%d", y, m, d);
	return x;
}

static visa_errors *errs(void)
{
	return os_calloc(1, sizeof(visa_errors));
}

/* Does the error list hold (index, field, code)? */
static bool has(const visa_errors *e, int index, const char *field, const char *code)
{
	for (int i = 0; i < e->n; i++)
		if (e->items[i].index == index && !strcmp(e->items[i].field, field) &&
		    (!code || !strcmp(e->items[i].code, code)))
			return true;
	return false;
}

static void dump(const visa_errors *e)
{
	for (int i = 0; i < e->n; i++)
		print_message("  [%d] %s %s: %s\n", e->items[i].index, e->items[i].field,
		              e->items[i].code, e->items[i].reason);
}

static visa_member person(const char *sur, const char *given, const char *nat, const char *pp)
{
	visa_member m;
	memset(&m, 0, sizeof m);
	snprintf(m.surname, sizeof m.surname, "%s", sur);
	snprintf(m.given_names, sizeof m.given_names, "%s", given);
	snprintf(m.nationality, sizeof m.nationality, "%s", nat);
	snprintf(m.passport, sizeof m.passport, "%s", pp);
	m.sex = 'F';
	m.birth = D(1968, 5, 17);
	m.expiry = D(2031, 3, 2);
	return m;
}

static void test_countries(void **state)
{
	(void)state;
	size_t n;
	const country *c = countries_all(&n);
	assert_int_equal(n, 249);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(c[i - 1].code, c[i].code) < 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(c[i].code), 3);
		assert_true(c[i].name_zh[0] && c[i].name_en[0]);
	}
	assert_string_equal(country_by_code("KOR")->name_zh, "韩国");
	assert_true(country_valid("THA") && country_valid("MYS") && country_valid("ZWE"));
	assert_false(country_valid("XXX") || country_valid("kor") || country_valid("KO") ||
	             country_valid(""));
	assert_string_equal(country_from_mrz("D"), "DEU");
	assert_string_equal(country_from_mrz("KOR"), "KOR");
	assert_null(country_from_mrz("UTO"));
}

static void test_fields(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_member m;
	visa_member_fields f = {"o'neil", "mary-ann  jo", "f",         "1970-02-28",
	                        "irl",    "pa 12345-6",   "2030-01-01"};
	assert_true(visa_member_from_fields(&f, &m, 0, e));
	assert_string_equal(m.surname, "O NEIL");
	assert_string_equal(m.given_names, "MARY ANN JO");
	assert_int_equal(m.sex, 'F');
	assert_string_equal(m.nationality, "IRL");
	assert_string_equal(m.passport, "PA123456");
	assert_int_equal(m.birth, D(1970, 2, 28));
	assert_int_equal(m.status, VM_PENDING);

	/* every field wrong at once: one error each, named */
	visa_member_fields bad = {"", "Jos\xc3\xa9", "Q", "1970-02-30", "XYZ", "12", "soon"};
	assert_false(visa_member_from_fields(&bad, &m, 4, e));
	assert_true(has(e, 4, "surname", "required"));
	assert_true(has(e, 4, "given_names", "invalid-name"));
	assert_true(has(e, 4, "sex", "invalid"));
	assert_true(has(e, 4, "birth_date", "invalid-date"));
	assert_true(has(e, 4, "nationality", "unknown-country"));
	assert_true(has(e, 4, "passport_number", "invalid"));
	assert_true(has(e, 4, "passport_expiry", "invalid-date"));
	assert_int_equal(visa_errors_for(e, 4), 7);
	free(e);
}

static void test_member_check(void **state)
{
	(void)state;
	visa_errors *e = errs();
	os_date today = D(2023, 4, 1);
	visa_member m = person("KIM", "MINJUN", "KOR", "M12345678");
	assert_true(visa_member_check(&m, today, D(2023, 4, 20), 0, e));
	/* the passport must outlive the stay: expiring on the last day is refused */
	m.expiry = D(2023, 4, 20);
	assert_false(visa_member_check(&m, today, D(2023, 4, 20), 1, e));
	assert_true(has(e, 1, "passport_expiry", "passport-expires"));
	m.expiry = D(2023, 3, 31);
	assert_false(visa_member_check(&m, today, D(2023, 4, 20), 2, e));
	assert_true(has(e, 2, "passport_expiry", "passport-expired"));
	m = person("WANG", "FANG", "CHN", "E12345678");
	assert_false(visa_member_check(&m, today, D(2023, 4, 20), 3, e));
	assert_true(has(e, 3, "nationality", "no-visa-needed"));
	m = person("KIM", "A", "KOR", "M12345678");
	m.birth = D(2023, 5, 1);
	assert_false(visa_member_check(&m, today, D(2023, 4, 20), 5, e));
	assert_true(has(e, 5, "birth_date", "future"));
	free(e);
}

static void test_mrz_member(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_member m = person("PARK", "SEO YEON", "KOR", "M70012345"), back;
	char l1[45], l2[45], text[100];
	visa_member_mrz(&m, "", l1, l2);
	assert_int_equal(strlen(l1), 44);
	assert_int_equal(strlen(l2), 44);
	assert_memory_equal(l1, "P<KORPARK<<SEO<YEON<", 20);
	snprintf(text, sizeof text, "%s\n%s", l1, l2);
	assert_true(visa_member_from_mrz(text, strlen(text), D(2023, 4, 1), &back, 0, e));
	assert_string_equal(back.surname, "PARK");
	assert_string_equal(back.given_names, "SEO YEON");
	assert_string_equal(back.passport, "M70012345");
	assert_string_equal(back.nationality, "KOR");
	assert_int_equal(back.birth, m.birth);
	assert_int_equal(back.expiry, m.expiry);
	assert_int_equal(back.sex, 'F');
	/* a wrong check digit is reported on the field it protects */
	text[45 + 19] = text[45 + 19] == '9' ? '0' : (char)(text[45 + 19] + 1);
	assert_false(visa_member_from_mrz(text, strlen(text), D(2023, 4, 1), &back, 3, e));
	assert_true(has(e, 3, "birth_date", "check-digit"));
	snprintf(text, sizeof text, "%s\n%s", l1, l2);
	text[45 + 9] = text[45 + 9] == '9' ? '0' : (char)(text[45 + 9] + 1);
	assert_false(visa_member_from_mrz(text, strlen(text), D(2023, 4, 1), &back, 4, e));
	assert_true(has(e, 4, "passport_number", "check-digit"));
	/* the German "D" becomes DEU */
	m = person("MUELLER", "ANNA", "DEU", "C01X00T47");
	visa_member_mrz(&m, "D", l1, l2);
	l2[10] = 'D';
	l2[11] = l2[12] = '<';
	/* recompute the composite: nationality is not part of it */
	snprintf(text, sizeof text, "%s\n%s", l1, l2);
	assert_true(visa_member_from_mrz(text, strlen(text), D(2023, 4, 1), &back, 0, e));
	assert_string_equal(back.nationality, "DEU");
	free(e);
}

static void test_mrz_block(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_member ms[5], out[8];
	char text[2048] = "";
	ms[0] = person("KIM", "MINJUN", "KOR", "M11112222");
	ms[1] = person("SRISUK", "SOMCHAI", "THA", "AB1234567");
	ms[2] = person("TAN", "WEI MING", "MYS", "A12345678");
	for (int i = 0; i < 3; i++) {
		char l1[45], l2[45];
		visa_member_mrz(&ms[i], "", l1, l2);
		if (i == 1) /* member 1: a wrong expiry check digit */
			l2[27] = l2[27] == '9' ? '0' : (char)(l2[27] + 1);
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "  %s\r\n%s\n\n", l1, l2);
	}
	int n = visa_mrz_block_parse(text, strlen(text), D(2023, 4, 1), out, 8, e);
	assert_int_equal(n, 3);
	assert_int_equal(e->n, 1);
	assert_true(has(e, 1, "passport_expiry", "check-digit"));
	assert_string_equal(out[0].passport, "M11112222");
	assert_string_equal(out[2].given_names, "WEI MING");

	/* a missing second line is named and the rest still parsed */
	memset(e, 0, sizeof *e);
	char l1[45], l2[45], l1b[45], l2b[45];
	visa_member_mrz(&ms[0], "", l1, l2);
	visa_member_mrz(&ms[2], "", l1b, l2b);
	snprintf(text, sizeof text, "%s\n%s\n%s\n", l1, l1b, l2b);
	n = visa_mrz_block_parse(text, strlen(text), D(2023, 4, 1), out, 8, e);
	assert_int_equal(n, 2);
	assert_true(has(e, 0, "mrz", "incomplete"));
	assert_int_equal(visa_errors_for(e, 1), 0);
	assert_string_equal(out[1].surname, "TAN");

	/* more than max records */
	memset(e, 0, sizeof *e);
	snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n", l1, l2, l1b, l2b);
	n = visa_mrz_block_parse(text, strlen(text), D(2023, 4, 1), out, 1, e);
	assert_true(has(e, 1, "mrz", "too-many"));
	free(e);
}

static void test_csv(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_member out[8];
	const char *csv =
	    "\xEF\xBB\xBFsurname,given_names,sex,birth_date,nationality,passport_number,"
	    "expiry\r\n"
	    "KIM,MINJUN,M,1960-01-02,KOR,M12345678,2030-01-01\r\n"
	    "\r\n"
	    "\"LEE  JR\",\" SEO YEON \",F,1961-03-04,kor,m87654321,2031-05-06\n"
	    "PARK,JI,F,1962-13-01,KOR,M11111111,2030-01-01\n"
	    "CHOI,,M,1963-01-01,KOR\n"
	    "LIM,\"open,F,1963-01-01,KOR,M1,2030-01-01\n"
	    "\"HAN, \"\"X\"\"\",A,M,1963-01-01,KOR,M12121212,2030-01-01\n";
	int n = visa_csv_parse(csv, strlen(csv), out, 8, e);
	if (e->n != 4)
		dump(e);
	assert_int_equal(n, 6);
	assert_string_equal(out[0].surname, "KIM");
	assert_string_equal(out[1].surname, "LEE JR");
	assert_string_equal(out[1].given_names, "SEO YEON");
	assert_string_equal(out[1].passport, "M87654321");
	assert_true(has(e, 2, "birth_date", "invalid-date"));
	assert_true(has(e, 3, "csv", "field-count"));
	assert_true(has(e, 4, "csv", "invalid-csv"));
	/* a quoted comma and quote stay in the field (and are no name letters) */
	assert_true(has(e, 5, "surname", "invalid-name"));
	assert_int_equal(e->n, 4);

	/* too many rows, too large, NUL */
	memset(e, 0, sizeof *e);
	const char *two = "A,B,M,1960-01-02,KOR,M12345678,2030-01-01\n"
	                  "C,D,M,1960-01-02,KOR,M12345679,2030-01-01\n";
	n = visa_csv_parse(two, strlen(two), out, 1, e);
	assert_true(has(e, 1, "csv", "too-many"));
	memset(e, 0, sizeof *e);
	char *big = os_calloc(VISA_CSV_MAX + 2, 1);
	memset(big, 'a', VISA_CSV_MAX + 1);
	assert_int_equal(visa_csv_parse(big, VISA_CSV_MAX + 1, out, 8, e), 0);
	assert_true(has(e, -1, "csv", "too-large"));
	free(big);
	memset(e, 0, sizeof *e);
	assert_int_equal(visa_csv_parse("A\0B", 3, out, 8, e), 0);
	assert_true(has(e, -1, "csv", "invalid"));
	/* a field longer than 64 bytes */
	memset(e, 0, sizeof *e);
	char line[300];
	snprintf(line, sizeof line, "%s,B,M,1960-01-02,KOR,M12345678,2030-01-01\n",
	         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	visa_csv_parse(line, strlen(line), out, 8, e);
	assert_true(has(e, 0, "surname", "too-long"));
	free(e);
}

static void test_unique(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_member m[3] = {person("A", "B", "KOR", "M12345678"),
	                    person("C", "D", "KOR", "M12345679"),
	                    person("E", "F", "KOR", "M12345678")};
	assert_false(visa_members_unique(m, 3, 10, e));
	assert_true(has(e, 12, "passport_number", "duplicate"));
	assert_int_equal(e->n, 1);
	/* the same number of another country is another passport */
	snprintf(m[2].nationality, 4, "THA");
	memset(e, 0, sizeof *e);
	assert_true(visa_members_unique(m, 3, 0, e));
	free(e);
}

static void test_group_states(void **state)
{
	(void)state;
	visa_group_status to;
	const char *why;
	assert_int_equal(visa_group_next(VG_DRAFT, VGA_SUBMIT, &to, &why), OS_OK);
	assert_int_equal(to, VG_SUBMITTED);
	assert_int_equal(visa_group_next(VG_RETURNED, VGA_SUBMIT, &to, &why), OS_OK);
	assert_int_equal(visa_group_next(VG_SUBMITTED, VGA_REVIEW, &to, &why), OS_OK);
	assert_int_equal(to, VG_UNDER_REVIEW);
	assert_int_equal(visa_group_next(VG_UNDER_REVIEW, VGA_APPROVE, &to, &why), OS_OK);
	assert_int_equal(to, VG_APPROVED);
	assert_int_equal(visa_group_next(VG_APPROVED, VGA_ARRIVE, &to, &why), OS_OK);
	assert_int_equal(to, VG_ARRIVED);
	assert_int_equal(visa_group_next(VG_ARRIVED, VGA_ISSUE, &to, &why), OS_OK);
	assert_int_equal(to, VG_ISSUED);
	/* refused, cancelled and issued groups are final */
	for (visa_group_status s = VG_REFUSED; s <= VG_CANCELLED; s++) {
		if (s == VG_ARRIVED)
			continue;
		for (int a = VGA_EDIT; a <= VGA_CANCEL; a++)
			assert_int_equal(visa_group_next(s, (visa_group_action)a, &to, &why),
			                 OS_ERR_CONFLICT);
	}
	assert_int_equal(visa_group_next(VG_SUBMITTED, VGA_EDIT, &to, &why), OS_ERR_CONFLICT);
	assert_true(strlen(why) > 10);
	assert_int_equal(visa_group_next(VG_APPROVED, VGA_ISSUE, &to, &why), OS_ERR_CONFLICT);
	assert_int_equal(visa_group_next(VG_ARRIVED, VGA_CANCEL, &to, &why), OS_ERR_CONFLICT);
	assert_int_equal(visa_group_next(VG_APPROVED, VGA_RETURN, &to, &why), OS_OK);
	/* keys round-trip */
	for (int s = 1; s < VG__COUNT; s++)
		assert_int_equal(visa_group_status_parse(visa_group_status_key(s)), s);
	for (int s = 1; s < VM__COUNT; s++)
		assert_int_equal(visa_member_status_parse(visa_member_status_key(s)), s);
	assert_int_equal(visa_group_status_parse("nope"), 0);
}

static void test_member_states(void **state)
{
	(void)state;
	visa_member_status to;
	const char *why;
	assert_int_equal(visa_member_next(VG_SUBMITTED, VM_PENDING, VMA_APPROVE, &to, &why), OS_OK);
	assert_int_equal(to, VM_APPROVED);
	assert_int_equal(visa_member_next(VG_UNDER_REVIEW, VM_FLAGGED, VMA_REFUSE, &to, &why),
	                 OS_OK);
	assert_int_equal(visa_member_next(VG_UNDER_REVIEW, VM_APPROVED, VMA_RETURN, &to, &why),
	                 OS_OK);
	assert_int_equal(to, VM_PENDING);
	/* on arrival */
	assert_int_equal(visa_member_next(VG_APPROVED, VM_APPROVED, VMA_PRESENT, &to, &why), OS_OK);
	assert_int_equal(visa_member_next(VG_ARRIVED, VM_PRESENT, VMA_ABSENT, &to, &why), OS_OK);
	assert_int_equal(visa_member_next(VG_ARRIVED, VM_FLAGGED, VMA_PRESENT, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(why, "watch list"));
	assert_int_equal(visa_member_next(VG_ARRIVED, VM_REFUSED, VMA_PRESENT, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(visa_member_next(VG_ARRIVED, VM_PRESENT, VMA_ISSUE, &to, &why), OS_OK);
	assert_int_equal(visa_member_next(VG_ARRIVED, VM_ABSENT, VMA_ISSUE, &to, &why),
	                 OS_ERR_CONFLICT);
	/* before review and after issuance, officers decide nothing */
	assert_int_equal(visa_member_next(VG_DRAFT, VM_PENDING, VMA_APPROVE, &to, &why),
	                 OS_ERR_CONFLICT);
	assert_int_equal(visa_member_next(VG_ISSUED, VM_ISSUED, VMA_ABSENT, &to, &why),
	                 OS_ERR_CONFLICT);
	/* resubmission keeps refusals */
	assert_int_equal(visa_member_next(VG_RETURNED, VM_REFUSED, VMA_RESUBMIT, &to, &why), OS_OK);
	assert_int_equal(to, VM_REFUSED);
	assert_int_equal(visa_member_next(VG_RETURNED, VM_FLAGGED, VMA_RESUBMIT, &to, &why), OS_OK);
	assert_int_equal(to, VM_PENDING);
}

static void test_group_validate(void **state)
{
	(void)state;
	visa_errors *e = errs();
	visa_group g;
	memset(&g, 0, sizeof g);
	snprintf(g.group_no, sizeof g.group_no, "ZJJ-0413/01");
	snprintf(g.flight, sizeof g.flight, "7C8567");
	g.arrival_date = D(2023, 4, 13);
	g.arrival_minute = 12 * 60 + 55;
	g.stay_days = 30;
	snprintf(g.itinerary, sizeof g.itinerary, "天门山\n国家森林公园");
	snprintf(g.leader_name, sizeof g.leader_name, "李明");
	assert_true(visa_group_validate(&g, D(2023, 4, 1), true, e));
	g.stay_days = 31;
	snprintf(g.flight, sizeof g.flight, "78123");
	snprintf(g.leader_name, sizeof g.leader_name, "a\x01");
	assert_false(visa_group_validate(&g, D(2023, 4, 20), true, e));
	assert_true(has(e, -1, "stay_days", "stay-too-long"));
	assert_true(has(e, -1, "flight", "invalid"));
	assert_true(has(e, -1, "arrival_date", "past"));
	assert_true(has(e, -1, "leader_name", "invalid-text"));
	/* flights */
	const char *good[] = {"KE8131", "BX391", "FD576A", "7C8", "A12345"};
	const char *bad[] = {"", "7C", "KE81311", "ke8131", "12345", "KE-81"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		memset(e, 0, sizeof *e);
		snprintf(g.flight, sizeof g.flight, "%s", good[i]);
		g.stay_days = 5;
		snprintf(g.leader_name, sizeof g.leader_name, "李明");
		assert_true(visa_group_validate(&g, D(2023, 4, 1), true, e));
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(e, 0, sizeof *e);
		snprintf(g.flight, sizeof g.flight, "%s", bad[i]);
		assert_false(visa_group_validate(&g, D(2023, 4, 1), true, e));
	}
	/* time and deadline */
	int min;
	assert_int_equal(visa_parse_hhmm("23:59", &min), OS_OK);
	assert_int_equal(min, 1439);
	assert_int_equal(visa_parse_hhmm("24:00", &min), OS_ERR_INVALID);
	assert_int_equal(visa_parse_hhmm("7:05", &min), OS_ERR_INVALID);
	int64_t arr = visa_arrival_unix(D(2023, 4, 13), 12 * 60 + 55);
	assert_int_equal(arr, 1681361700); /* 2023-04-13T04:55:00Z */
	assert_int_equal(visa_submit_check(arr, arr - 24 * 3600, 24), OS_OK);
	assert_int_equal(visa_submit_check(arr, arr - 24 * 3600 + 1, 24), OS_ERR_CONFLICT);
	assert_int_equal(visa_submit_check(arr, arr, 0), OS_OK);
	os_date from, until;
	visa_validity(D(2023, 4, 13), 6, &from, &until);
	assert_int_equal(until, D(2023, 4, 18));
	free(e);
}

static void test_watch(void **state)
{
	(void)state;
	visa_member m = person("O'NEIL", "MARY-ANN", "IRL", "PA1234567");
	visa_member_fields f = {"O'NEIL", "MARY-ANN",  "F",         "1968-05-17",
	                        "IRL",    "PA1234567", "2031-03-02"};
	visa_errors *e = errs();
	assert_true(visa_member_from_fields(&f, &m, 0, e));
	visa_watch w;
	memset(&w, 0, sizeof w);
	snprintf(w.surname, sizeof w.surname, "oneil");
	snprintf(w.given_names, sizeof w.given_names, "Mary Ann");
	assert_true(visa_watch_match(&w, &m));
	/* swapped order still matches */
	snprintf(w.surname, sizeof w.surname, "Mary Ann");
	snprintf(w.given_names, sizeof w.given_names, "O Neil");
	assert_true(visa_watch_match(&w, &m));
	/* a birth date on the entry must agree */
	w.has_birth = true;
	w.birth = D(1968, 5, 18);
	assert_false(visa_watch_match(&w, &m));
	w.birth = D(1968, 5, 17);
	assert_true(visa_watch_match(&w, &m));
	/* passport numbers, normalised; nationality when given */
	memset(&w, 0, sizeof w);
	snprintf(w.passport, sizeof w.passport, "pa1234567");
	assert_true(visa_watch_match(&w, &m));
	snprintf(w.nationality, sizeof w.nationality, "GBR");
	assert_false(visa_watch_match(&w, &m));
	char key[64];
	visa_name_key("O'Neil", "Mary-Ann", key, sizeof key);
	assert_string_equal(key, "ONEIL|MARYANN");
	memset(&w, 0, sizeof w);
	assert_false(visa_watch_validate(&w, e));
	assert_true(has(e, -1, "surname", "required"));
	assert_true(has(e, -1, "reason", "required"));
	free(e);
}

static void test_fees_numbers(void **state)
{
	(void)state;
	size_t n;
	const visa_type_info *t = visa_types(&n);
	assert_int_equal(n, VT__COUNT - 1);
	bool zero = false;
	for (size_t i = 0; i < n; i++) {
		assert_true(t[i].fee_fen >= 0);
		zero = zero || t[i].fee_fen == 0;
		assert_ptr_equal(visa_type_by_key(t[i].key), &t[i]);
		assert_int_equal(visa_type_is_special(t[i].type), !t[i].group);
	}
	assert_true(zero); /* a fee may be zero */
	visa_fee f;
	assert_int_equal(visa_fee_for(VT_GROUP_TOURIST, 29, &f), OS_OK);
	assert_int_equal(f.total_fen, f.per_person_fen * 29);
	assert_int_equal(visa_fee_for(VT_GROUP_TOURIST, 0, &f), OS_ERR_INVALID);
	assert_int_equal(visa_fee_for((visa_type)99, 1, &f), OS_ERR_INVALID);
	char y[24];
	visa_format_yuan(290000, y, sizeof y);
	assert_string_equal(y, "2900.00");
	visa_format_yuan(5, y, sizeof y);
	assert_string_equal(y, "0.05");
	char num[VISA_NUMBER_MAX], rec[VISA_RECEIPT_MAX];
	assert_int_equal(visa_number_format(2023, 17, num), OS_OK);
	assert_string_equal(num, "ZJJ2023000017");
	assert_int_equal(visa_number_format(2023, 1000000, num), OS_ERR_TOO_LARGE);
	assert_int_equal(visa_number_format(2023, 0, num), OS_ERR_TOO_LARGE);
	assert_int_equal(visa_number_format(1999, 1, num), OS_ERR_INVALID);
	visa_number_format(2023, 999999, num);
	visa_receipt_number(num, rec);
	assert_string_equal(rec, "ZJJ2023999999-R");
	assert_string_equal(VISA_NO_SURCHARGE_ZH, "除规定费用外，不收取任何其他费用");
}

static void test_stats(void **state)
{
	(void)state;
	visa_stats *s;
	assert_int_equal(visa_stats_new(D(2023, 4, 16), D(2023, 4, 10), &s), OS_ERR_INVALID);
	assert_int_equal(visa_stats_new(D(2023, 1, 1), D(2023, 12, 31), &s), OS_ERR_INVALID);
	assert_int_equal(visa_stats_new(D(2023, 4, 10), D(2023, 4, 16), &s), OS_OK);
	assert_int_equal(s->n_days, 7);
	/* visa 1: two Koreans and a Singaporean; visa 2: one Thai; a row outside */
	visa_stats_person(s, D(2023, 4, 13), 1, "group_tourist", "KOR", "A", "7C8567");
	visa_stats_person(s, D(2023, 4, 13), 1, "group_tourist", "KOR", "A", "7C8567");
	visa_stats_person(s, D(2023, 4, 13), 1, "group_tourist", "SGP", "A", "7C8567");
	visa_stats_person(s, D(2023, 4, 13), 2, "study", "THA", "", "FD576");
	visa_stats_person(s, D(2023, 4, 20), 3, "study", "THA", "", "FD576");
	visa_stats_minutes(s, D(2023, 4, 13), 30);
	visa_stats_minutes(s, D(2023, 4, 13), 50);
	const visa_day_stats *d = &s->days[3];
	assert_int_equal(d->visas, 2);
	assert_int_equal(d->persons, 4);
	assert_int_equal(d->by_nationality.n, 3);
	assert_string_equal(d->by_nationality.v[0].key, "KOR");
	assert_int_equal(d->by_nationality.v[0].persons, 2);
	assert_int_equal(d->by_nationality.v[0].visas, 1);
	assert_int_equal(d->by_type.v[0].visas, 1);
	assert_int_equal(d->by_type.v[1].visas, 1);
	assert_int_equal(s->total.persons, 4);
	assert_int_equal(visa_median(s->total.minutes, s->total.n_minutes), 40);
	int64_t v[] = {5, 1, 9};
	assert_int_equal(visa_median(v, 3), 5);
	assert_int_equal(visa_median(v, 0), -1);
	visa_stats_free(s);
}

/* The demo reproduces the first week: about 1,000 persons, 300+ on the
 * busiest days; every member's MRZ is valid; one upcoming group. */
static void test_demo(void **state)
{
	(void)state;
	os_date today = D(2026, 6, 1);
	visa_demo *d = visa_demo_generate(today);
	assert_int_equal(d->n_agencies, 6);
	assert_string_equal(d->agencies[0].name, "张家界国际旅行社");
	visa_errors *e = errs();
	for (size_t i = 0; i < d->n_agencies; i++)
		assert_true(visa_agency_validate(&d->agencies[i], e));
	int per_day[7] = {0};
	int total = 0, upcoming = 0;
	int64_t last = 0;
	for (size_t i = 0; i < d->n_groups; i++) {
		const visa_demo_group *g = &d->groups[i];
		assert_true(visa_group_validate(&g->g, today, false, e));
		if (g->g.status == VG_SUBMITTED) {
			upcoming++;
			assert_int_equal(g->g.arrival_date, today + 1);
			assert_int_equal(g->agency_index, 0);
			continue;
		}
		assert_int_equal(g->g.status, VG_ISSUED);
		assert_true(g->g.issued_at >= last);
		last = g->g.issued_at;
		assert_true(g->g.issued_at > g->g.arrived_at);
		os_date from, until;
		visa_validity(g->g.arrival_date, g->g.stay_days, &from, &until);
		assert_true(visa_members_unique(g->members, g->n_members, 0, e));
		for (size_t k = 0; k < g->n_members; k++) {
			const visa_member *m = &g->members[k];
			char l1[45], l2[45], text[100];
			visa_member back;
			visa_member_mrz(m, "", l1, l2);
			snprintf(text, sizeof text, "%s\n%s", l1, l2);
			assert_true(visa_member_from_mrz(text, strlen(text), g->g.arrival_date,
			                                 &back, (int)k, e));
			assert_string_equal(back.passport, m->passport);
			assert_true(visa_member_check(m, g->g.arrival_date, until, (int)k, e));
			if (m->status == VM_ISSUED) {
				per_day[g->g.arrival_date - D(2023, 4, 10)]++;
				total++;
			}
		}
	}
	for (size_t i = 0; i < d->n_specials; i++) {
		os_date day;
		os_date_from_unix(d->specials[i].at, &day);
		per_day[day - D(2023, 4, 10)]++;
		total++;
		assert_true(visa_type_is_special(d->specials[i].type));
	}
	if (e->n)
		dump(e);
	assert_int_equal(e->n, 0);
	assert_int_equal(upcoming, 1);
	assert_true(total >= 950 && total < 1000);
	int busy = 0;
	for (int i = 0; i < 7; i++)
		busy += per_day[i] >= 300;
	assert_true(busy >= 1);
	/* deterministic */
	visa_demo *again = visa_demo_generate(today);
	assert_int_equal(again->n_groups, d->n_groups);
	assert_string_equal(again->groups[5].members[3].passport, d->groups[5].members[3].passport);
	visa_demo_free(again);
	visa_demo_free(d);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_countries),     cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_member_check),  cmocka_unit_test(test_mrz_member),
	    cmocka_unit_test(test_mrz_block),     cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_unique),        cmocka_unit_test(test_group_states),
	    cmocka_unit_test(test_member_states), cmocka_unit_test(test_group_validate),
	    cmocka_unit_test(test_watch),         cmocka_unit_test(test_fees_numbers),
	    cmocka_unit_test(test_stats),         cmocka_unit_test(test_demo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
