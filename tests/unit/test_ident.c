/* test_ident.c - resident ID (GB 11643), USCC (GB 32100), MRZ (ICAO 9303).
 *
 * The generators below build valid values from random fields with their own
 * straightforward check computations (written from the definitions, not
 * copied from ident.c), so the validator is checked against an independent
 * reading of each standard. The PRNG is seeded: runs are reproducible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/ident.h"

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

#define TODAY D("2026-06-01")

static uint64_t rng_state = 0x0123456789abcdefULL;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rnd_range(int lo, int hi) /* inclusive */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static int days_in_month(int y, int m)
{
	static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return md[m - 1] + (m == 2 && leap);
}

static void fmt_date(os_date d, char *out)
{
	os_date_format(d, out);
}

/* ---- independent check computations ---------------------------------------- */

/* ISO 7064 MOD 11-2 by its definition: the check value c makes the weighted
 * sum of all 18 positions, weights 2^(n-1) mod 11 counted from the right
 * (the check itself has weight 1), congruent to 1 modulo 11. */
static char ref_id_check(const char *s17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int w = 1;
		for (int k = 0; k < 17 - i; k++)
			w = w * 2 % 11;
		sum += (s17[i] - '0') * w;
	}
	for (int c = 0; c <= 10; c++)
		if ((sum + c) % 11 == 1)
			return c == 10 ? 'X' : (char)('0' + c);
	return '?';
}

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100-2015: weights 3^(i-1) mod 31, and the check value makes the
 * weighted sum of the 17 characters plus the check a multiple of 31. */
static char ref_uscc_check(const char *s17)
{
	int sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		sum += (int)(strchr(uscc_chars, s17[i]) - uscc_chars) * w;
		w = w * 3 % 31;
	}
	for (int c = 0; c < 31; c++)
		if ((sum + c) % 31 == 0)
			return uscc_chars[c];
	return '?';
}

static int ref_mrz_value(char c)
{
	static const char order[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	if (c == '<')
		return 0;
	return (int)(strchr(order, c) - order);
}

/* ICAO 9303 part 3: weights 7, 3, 1 repeated, sum modulo 10. */
static char ref_mrz_check(const char *s, size_t n)
{
	static const int w[3] = {7, 3, 1};
	int sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ref_mrz_value(s[i]) * w[i % 3];
	return (char)('0' + sum % 10);
}

/* ---- resident ID ----------------------------------------------------------- */

static void test_id_standard_example(void **state)
{
	(void)state;
	os_id_info info;
	const char *reason = NULL;
	assert_int_equal(os_id_check("11010519491231002X", 18, TODAY, &info, &reason), OS_OK);
	assert_string_equal(info.id, "11010519491231002X");
	assert_string_equal(info.region, "110105");
	assert_int_equal(info.birth, D("1949-12-31"));
	assert_int_equal(info.sequence, 2);
	assert_int_equal(info.sex, 'F');
	/* lower-case x is accepted and normalised */
	assert_int_equal(os_id_check("11010519491231002x", 18, TODAY, &info, &reason), OS_OK);
	assert_string_equal(info.id, "11010519491231002X");
	assert_int_equal(os_id_check_char("11010519491231002"), 'X');
	assert_int_equal(os_id_check_char("1101051949123100A"), 0);
	/* the other example of GB 11643-1999: born 1880, sequence 001 (a man) */
	assert_int_equal(os_id_check("440524188001010014", 18, TODAY, &info, &reason), OS_OK);
	assert_int_equal(info.birth, D("1880-01-01"));
	assert_int_equal(info.sex, 'M');
}

static void assert_id_refused(const char *s, size_t len, os_date today, os_err want,
                              const char *reason_has)
{
	os_id_info info;
	const char *reason = NULL;
	os_err e = os_id_check(s, len, today, &info, &reason);
	if (e != want)
		fail_msg("%.*s: got %d (%s), want %d", (int)len, s, e, reason ? reason : "", want);
	assert_non_null(reason);
	if (!strstr(reason, reason_has))
		fail_msg("%.*s: reason \"%s\" lacks \"%s\"", (int)len, s, reason, reason_has);
}

static void test_id_refusals(void **state)
{
	(void)state;
	assert_id_refused("110105491231002", 15, TODAY, OS_ERR_UNSUPPORTED, "15-digit legacy");
	assert_id_refused("11010519491231002", 17, TODAY, OS_ERR_INVALID, "18 characters");
	assert_id_refused("11010519491231002X1", 19, TODAY, OS_ERR_INVALID, "18 characters");
	assert_id_refused("", 0, TODAY, OS_ERR_INVALID, "18 characters");
	assert_id_refused("11010519491231002X\n", 19, TODAY, OS_ERR_INVALID, "18 characters");
	assert_id_refused("110105194912310021", 18, TODAY, OS_ERR_CHECKSUM,
	                  "check character mismatch: expected X");
	assert_id_refused("11010519491231002Y", 18, TODAY, OS_ERR_INVALID, "digit or X");
	assert_id_refused("1101051949123100X2", 18, TODAY, OS_ERR_INVALID, "must be digits");
	assert_id_refused("11010519491231\0002X", 18, TODAY, OS_ERR_INVALID, "must be digits");
	assert_id_refused(" 1010519491231002X", 18, TODAY, OS_ERR_INVALID, "must be digits");
	/* region: 00, 16, 99 are no provinces */
	assert_id_refused("00010519491231002X", 18, TODAY, OS_ERR_INVALID, "province");
	assert_id_refused("16010519491231002X", 18, TODAY, OS_ERR_INVALID, "province");
	assert_id_refused("99010519491231002X", 18, TODAY, OS_ERR_INVALID, "province");
	/* dates */
	char id[19];
	memcpy(id, "110105202602300010", 18); /* 2026-02-30 */
	id[17] = ref_id_check(id);
	assert_id_refused(id, 18, TODAY, OS_ERR_INVALID, "not a real date");
	memcpy(id, "110105202606020010", 18); /* tomorrow */
	id[17] = ref_id_check(id);
	assert_id_refused(id, 18, TODAY, OS_ERR_INVALID, "birth date in the future");
	os_id_info info;
	assert_int_equal(os_id_check(id, 18, D("2026-06-02"), &info, NULL), OS_OK);
	memcpy(id, "110105179912310010", 18);
	id[17] = ref_id_check(id);
	assert_id_refused(id, 18, TODAY, OS_ERR_INVALID, "before 1800");
	/* Hong Kong, Macao, Taiwan residence permits, foreigners (9 + province) */
	static const char *const prefixes[] = {"810000", "820000", "830000", "911000",
	                                       "944000", "650102", "710000"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		memcpy(id, prefixes[i], 6);
		memcpy(id + 6, "19900101123", 11);
		id[17] = ref_id_check(id);
		if (os_id_check(id, 18, TODAY, &info, NULL) != OS_OK)
			fail_msg("%.18s refused", id);
	}
	memcpy(id, "971000199001011230", 18); /* 9 + 71 is not a mainland province */
	id[17] = ref_id_check(id);
	assert_id_refused(id, 18, TODAY, OS_ERR_INVALID, "province");
}

static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};

/* A valid random ID number; its expected parts in *want. */
static void gen_id(char id[19], os_id_info *want)
{
	int p = provinces[rnd_range(0, sizeof provinces / sizeof provinces[0] - 1)];
	int y = rnd_range(1900, 2026), m = rnd_range(1, y == 2026 ? 5 : 12);
	int d = rnd_range(1, days_in_month(y, m));
	int seq = rnd_range(0, 999);
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%02d%04d%04d%02d%02d%03d", p, rnd_range(0, 9999), y, m, d, seq);
	memcpy(id, tmp, 17);
	id[17] = ref_id_check(id);
	id[18] = '\0';
	memcpy(want->id, id, 19);
	memcpy(want->region, id, 6);
	want->region[6] = '\0';
	assert_int_equal(os_date_from_ymd(y, m, d, &want->birth), OS_OK);
	want->sequence = seq;
	want->sex = seq % 2 ? 'M' : 'F';
}

static void test_id_generated(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		char id[19];
		os_id_info want, got;
		const char *reason = NULL;
		gen_id(id, &want);
		os_err e = os_id_check(id, 18, TODAY, &got, &reason);
		if (e)
			fail_msg("generated %s refused: %s", id, reason);
		assert_string_equal(got.id, want.id);
		assert_string_equal(got.region, want.region);
		assert_int_equal(got.birth, want.birth);
		assert_int_equal(got.sequence, want.sequence);
		assert_int_equal(got.sex, want.sex);
		assert_int_equal(os_id_check_char(id), id[17]);
	}
}

/* MOD 11-2 detects every single substitution: every other character at
 * every position of a valid number must be refused. */
static void substitutions_id(const char *id)
{
	static const char alphabet[] = "0123456789XxA <";
	for (int pos = 0; pos < 18; pos++) {
		for (const char *c = alphabet; *c; c++) {
			char v[19];
			memcpy(v, id, 19);
			if (v[pos] == *c || (pos == 17 && v[pos] == 'X' && *c == 'x'))
				continue;
			v[pos] = *c;
			if (os_id_check(v, 18, TODAY, &(os_id_info){0}, NULL) == OS_OK)
				fail_msg("%s accepted (changed from %s at %d)", v, id, pos);
		}
	}
}

static void test_id_substitutions(void **state)
{
	(void)state;
	substitutions_id("11010519491231002X");
	for (int i = 0; i < 300; i++) {
		char id[19];
		os_id_info want;
		gen_id(id, &want);
		substitutions_id(id);
	}
}

/* ---- USCC ------------------------------------------------------------------ */

static void test_uscc_standard_example(void **state)
{
	(void)state;
	os_uscc_info u;
	const char *reason = NULL;
	assert_int_equal(os_uscc_check("91350100M000100Y43", 18, &u, &reason), OS_OK);
	assert_string_equal(u.uscc, "91350100M000100Y43");
	assert_int_equal(u.authority, '9');
	assert_int_equal(u.org_type, '1');
	assert_string_equal(u.region, "350100");
	assert_string_equal(u.org_code, "M000100Y4");
	assert_string_equal(u.authority_name, "market regulation");
	assert_string_equal(u.org_type_name, "enterprise");
	assert_int_equal(os_uscc_check("91350100m000100y43", 18, &u, &reason), OS_OK);
	assert_string_equal(u.uscc, "91350100M000100Y43");
	assert_int_equal(os_uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(os_uscc_check_char("91350100M000100I4"), 0);

	assert_int_equal(os_uscc_check("91350100M000100Y44", 18, &u, &reason), OS_ERR_CHECKSUM);
	assert_string_equal(reason, "check character mismatch: expected 3");
	assert_int_equal(os_uscc_check("91350100M000100Y4", 17, &u, &reason), OS_ERR_INVALID);
	assert_non_null(strstr(reason, "18 characters"));
	assert_int_equal(os_uscc_check("91350100M000100I43", 18, &u, &reason), OS_ERR_INVALID);
	assert_non_null(strstr(reason, "not allowed"));
	assert_int_equal(os_uscc_check("913501O0M000100Y43", 18, &u, &reason), OS_ERR_INVALID);
	/* the region code must be digits even when the check fits */
	char v[19] = "913501A0M000100Y4";
	v[17] = ref_uscc_check(v);
	assert_int_equal(os_uscc_check(v, 18, &u, &reason), OS_ERR_INVALID);
	assert_non_null(strstr(reason, "region"));
}

static void gen_uscc(char out[19])
{
	for (int i = 0; i < 17; i++)
		out[i] = uscc_chars[rnd_range(0, 30)];
	for (int i = 2; i < 8; i++)
		out[i] = (char)('0' + rnd_range(0, 9));
	out[17] = ref_uscc_check(out);
	out[18] = '\0';
}

static void test_uscc_generated(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		char s[19];
		os_uscc_info u;
		const char *reason = NULL;
		gen_uscc(s);
		if (os_uscc_check(s, 18, &u, &reason) != OS_OK)
			fail_msg("generated %s refused: %s", s, reason);
		assert_string_equal(u.uscc, s);
		assert_int_equal(u.authority, s[0]);
		assert_int_equal(u.org_type, s[1]);
		assert_memory_equal(u.region, s + 2, 6);
		assert_memory_equal(u.org_code, s + 8, 9);
		assert_non_null(u.authority_name);
		assert_non_null(u.org_type_name);
	}
}

/* MOD 31 (31 is prime, no weight is a multiple of it) detects every single
 * substitution. Lower case is the same value, not a substitution. */
static void substitutions_uscc(const char *s)
{
	static const char extra[] = "IOSVZiosvz< -";
	char alphabet[80];
	snprintf(alphabet, sizeof alphabet, "%s%s%s", uscc_chars, "abcdefghjklmnpqrtuwxy", extra);
	for (int pos = 0; pos < 18; pos++) {
		for (const char *c = alphabet; *c; c++) {
			char v[19];
			memcpy(v, s, 19);
			char up = *c >= 'a' && *c <= 'z' ? (char)(*c - 32) : *c;
			if (up == v[pos])
				continue;
			v[pos] = *c;
			if (os_uscc_check(v, 18, &(os_uscc_info){0}, NULL) == OS_OK)
				fail_msg("%s accepted (changed from %s at %d)", v, s, pos);
		}
	}
}

static void test_uscc_substitutions(void **state)
{
	(void)state;
	substitutions_uscc("91350100M000100Y43");
	for (int i = 0; i < 300; i++) {
		char s[19];
		gen_uscc(s);
		substitutions_uscc(s);
	}
}

/* ---- MRZ ------------------------------------------------------------------- */

static const char td3_l1[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char td3_l2[] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
static const char td1_l1[] = "I<UTOD231458907<<<<<<<<<<<<<<<";
static const char td1_l2[] = "7408122F1204159UTO<<<<<<<<<<<6";
static const char td1_l3[] = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

static os_err parse_lines(const char *const *lines, size_t n, const char *eol, os_mrz *m,
                          const char **reason)
{
	char text[OS_MRZ_MAX_INPUT + 64];
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", lines[i],
		                        i + 1 < n ? "\n" : eol);
	return os_mrz_parse(text, len, TODAY, m, reason);
}

static void test_mrz_td3_specimen(void **state)
{
	(void)state;
	const char *lines[2] = {td3_l1, td3_l2};
	os_mrz m;
	const char *reason = NULL;
	os_err e = parse_lines(lines, 2, "\n", &m, &reason);
	if (e)
		fail_msg("specimen refused: %s", reason);
	assert_int_equal(m.format, OS_MRZ_TD3);
	assert_string_equal(m.document_type, "P");
	assert_string_equal(m.issuing_state, "UTO");
	assert_string_equal(m.nationality, "UTO");
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_string_equal(m.document_number, "L898902C3");
	assert_int_equal(m.birth, D("1974-08-12"));
	assert_int_equal(m.sex, 'F');
	assert_int_equal(m.expiry, D("2012-04-15"));
	assert_string_equal(m.optional_data, "ZE184226B");
	assert_string_equal(m.optional_data2, "");
	/* without a final line end, with CRLF */
	assert_int_equal(parse_lines(lines, 2, "", &m, NULL), OS_OK);
	char crlf[128];
	snprintf(crlf, sizeof crlf, "%s\r\n%s\r\n", td3_l1, td3_l2);
	assert_int_equal(os_mrz_parse(crlf, strlen(crlf), TODAY, &m, NULL), OS_OK);
	assert_int_equal(os_mrz_check_digit("L898902C3", 9), 6);
	assert_int_equal(os_mrz_check_digit("740812", 6), 2);
	assert_int_equal(os_mrz_check_digit("l898902C3", 9), -1);
}

static void test_mrz_td1_specimen(void **state)
{
	(void)state;
	const char *lines[3] = {td1_l1, td1_l2, td1_l3};
	os_mrz m;
	const char *reason = NULL;
	os_err e = parse_lines(lines, 3, "\n", &m, &reason);
	if (e)
		fail_msg("specimen refused: %s", reason);
	assert_int_equal(m.format, OS_MRZ_TD1);
	assert_string_equal(m.document_type, "I");
	assert_string_equal(m.document_number, "D23145890");
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_int_equal(m.birth, D("1974-08-12"));
	assert_int_equal(m.expiry, D("2012-04-15"));
	assert_int_equal(m.sex, 'F');
	assert_string_equal(m.nationality, "UTO");
}

static void assert_mrz_refused(const char *l1, const char *l2, os_err want, const char *has)
{
	const char *lines[2] = {l1, l2};
	os_mrz m;
	const char *reason = NULL;
	os_err e = parse_lines(lines, 2, "\n", &m, &reason);
	if (e != want)
		fail_msg("%s / %s: got %d (%s), want %d", l1, l2, e, reason, want);
	if (!strstr(reason, has))
		fail_msg("reason \"%s\" lacks \"%s\"", reason, has);
}

static void test_mrz_refusals(void **state)
{
	(void)state;
	os_mrz m;
	const char *reason;
	assert_mrz_refused(td3_l1, "L898902C37UTO7408122F1204159ZE184226B<<<<<10", OS_ERR_CHECKSUM,
	                   "document number check digit mismatch: expected 6");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408123F1204159ZE184226B<<<<<10", OS_ERR_CHECKSUM,
	                   "birth date check digit mismatch: expected 2");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408122F1204158ZE184226B<<<<<10", OS_ERR_CHECKSUM,
	                   "expiry date check digit mismatch: expected 9");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408122F1204159ZE184226B<<<<<20", OS_ERR_CHECKSUM,
	                   "optional data check digit mismatch: expected 1");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408122F1204159ZE184226B<<<<<11", OS_ERR_CHECKSUM,
	                   "composite check digit mismatch: expected 0");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408122F1204159ZE184226B<<<<<<0", OS_ERR_INVALID,
	                   "optional data check digit is not a digit");
	assert_mrz_refused(td3_l1, "L898902C36UTO7408122Q1204159ZE184226B<<<<<10", OS_ERR_INVALID,
	                   "sex");
	assert_mrz_refused(td3_l1, "L898902C36UTO7413122F1204159ZE184226B<<<<<10", OS_ERR_INVALID,
	                   "birth date is not a real date");
	assert_mrz_refused(td3_l1, "L898902C36UTO74A8122F1204159ZE184226B<<<<<10", OS_ERR_INVALID,
	                   "six digits");
	assert_mrz_refused("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "document code");
	assert_mrz_refused("P<U1OERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "issuing state");
	assert_mrz_refused("P<UTO<<ERIKSSON<ANNA<MARIA<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "surname");
	assert_mrz_refused("P<UTOERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "letters");
	assert_mrz_refused("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "two lines of 44");
	assert_mrz_refused("p<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3_l2, OS_ERR_INVALID,
	                   "character not allowed");
	assert_mrz_refused(td3_l1, "<<<<<<<<<<UTO7408122F1204159ZE184226B<<<<<10", OS_ERR_INVALID,
	                   "document number is empty");
	char big[OS_MRZ_MAX_INPUT + 1];
	memset(big, '<', sizeof big);
	assert_int_equal(os_mrz_parse(big, sizeof big, TODAY, &m, &reason), OS_ERR_TOO_LARGE);
	assert_int_equal(os_mrz_parse("", 0, TODAY, &m, &reason), OS_ERR_INVALID);
	assert_int_equal(os_mrz_parse("\n\n\n\n", 4, TODAY, &m, &reason), OS_ERR_INVALID);
	char three[200];
	snprintf(three, sizeof three, "%s\n%s\n%s\n", td3_l1, td3_l2, td3_l2);
	assert_int_equal(os_mrz_parse(three, strlen(three), TODAY, &m, &reason), OS_ERR_INVALID);
	snprintf(three, sizeof three, "%s\n\n%s\n", td3_l1, td3_l2);
	assert_int_equal(os_mrz_parse(three, strlen(three), TODAY, &m, &reason), OS_ERR_INVALID);
	/* TD1 document code */
	const char *l[3] = {"P<UTOD231458907<<<<<<<<<<<<<<<", td1_l2, td1_l3};
	assert_int_equal(parse_lines(l, 3, "\n", &m, &reason), OS_ERR_INVALID);
	assert_non_null(strstr(reason, "TD1 document code"));
}

/* Century of the birth date and the sex codes. */
static void test_mrz_dates_and_sex(void **state)
{
	(void)state;
	struct {
		const char *yymmdd;
		const char *want;
	} cases[] = {
	    {"991231", "1999-12-31"}, {"000229", "2000-02-29"}, {"260601", "2026-06-01"},
	    {"260602", "1926-06-02"}, {"270101", "1927-01-01"}, {"250101", "2025-01-01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char l2[45];
		snprintf(l2, sizeof l2, "L898902C36UTO%s0F1204159ZE184226B<<<<<10",
		         cases[i].yymmdd);
		l2[19] = ref_mrz_check(l2 + 13, 6);
		char comp[64];
		snprintf(comp, sizeof comp, "%.10s%.7s%.22s", l2, l2 + 13, l2 + 21);
		l2[43] = ref_mrz_check(comp, 39);
		const char *lines[2] = {td3_l1, l2};
		os_mrz m;
		const char *reason = NULL;
		if (parse_lines(lines, 2, "\n", &m, &reason))
			fail_msg("%s refused: %s", l2, reason);
		char got[OS_DATE_STRLEN];
		fmt_date(m.birth, got);
		assert_string_equal(got, cases[i].want);
	}
	/* sex < and X are unspecified */
	char l2[45];
	memcpy(l2, td3_l2, 45);
	l2[20] = '<';
	const char *lines[2] = {td3_l1, l2};
	os_mrz m;
	assert_int_equal(parse_lines(lines, 2, "\n", &m, NULL), OS_OK);
	assert_int_equal(m.sex, 'X');
	l2[20] = 'X';
	assert_int_equal(parse_lines(lines, 2, "\n", &m, NULL), OS_OK);
	assert_int_equal(m.sex, 'X');
	l2[20] = 'M';
	assert_int_equal(parse_lines(lines, 2, "\n", &m, NULL), OS_OK);
	assert_int_equal(m.sex, 'M');
}

/* A generated MRZ with what the parser should report. */
struct gen_mrz {
	char l[3][45];
	int nlines;
	bool filler_optional; /* TD3 optional data all fillers */
	bool extended;        /* TD1 document number longer than 9 */
	char number[24], surname[40], given[40], optional[16], optional2[12];
	char state[4], nationality[4], doctype[3], sex;
	os_date birth, expiry;
};

static void rnd_alnum(char *out, int n)
{
	static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	for (int i = 0; i < n; i++)
		out[i] = set[rnd_range(0, 35)];
	out[n] = '\0';
}

static void rnd_letters(char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('A' + rnd_range(0, 25));
	out[n] = '\0';
}

static void pad(char *dst, const char *src, size_t width)
{
	size_t n = strlen(src);
	memcpy(dst, src, n);
	memset(dst + n, '<', width - n);
}

static void rnd_state(char out[4])
{
	if (rnd_range(0, 9) == 0) {
		out[0] = (char)('A' + rnd_range(0, 25));
		out[1] = '\0';
	} else {
		rnd_letters(out, 3);
	}
}

static void append(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(dst), k = strlen(s);
	assert_true(n + k < cap);
	memcpy(dst + n, s, k + 1);
}

/* Surname and given names that fit `width` characters; the field in f. */
static void rnd_name(struct gen_mrz *g, char *f, size_t width)
{
	char field[64] = "";
	g->surname[0] = g->given[0] = '\0';
	int ns = rnd_range(1, 2), ng = rnd_range(0, 3);
	for (int i = 0; i < ns; i++) {
		char part[12];
		rnd_letters(part, rnd_range(2, 7));
		if (i) {
			append(field, sizeof field, "<");
			append(g->surname, sizeof g->surname, " ");
		}
		append(field, sizeof field, part);
		append(g->surname, sizeof g->surname, part);
	}
	if (ng)
		append(field, sizeof field, "<<");
	for (int i = 0; i < ng; i++) {
		char part[12];
		rnd_letters(part, rnd_range(1, 6));
		if (strlen(field) + strlen(part) + 1 > width)
			break;
		if (i) {
			append(field, sizeof field, "<");
			append(g->given, sizeof g->given, " ");
		}
		append(field, sizeof field, part);
		append(g->given, sizeof g->given, part);
	}
	if (g->given[0] == '\0' && ng)
		field[strlen(field) - 2] = '\0';
	pad(f, field, width);
}

static os_date rnd_date(int y0, int y1, char yymmdd[7])
{
	int y = rnd_range(y0, y1), m = rnd_range(1, 12), d = rnd_range(1, days_in_month(y, m));
	os_date out;
	assert_int_equal(os_date_from_ymd(y, m, d, &out), OS_OK);
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%02d%02d%02d", y % 100, m, d);
	memcpy(yymmdd, tmp, 7);
	return out;
}

static void gen_td3(struct gen_mrz *g)
{
	char *l1 = g->l[0], *l2 = g->l[1], dob[7], exp[7];
	memset(g, 0, sizeof *g);
	g->nlines = 2;
	g->doctype[0] = 'P';
	if (rnd_range(0, 3) == 0)
		g->doctype[1] = (char)('A' + rnd_range(0, 25));
	pad(l1, g->doctype, 2);
	rnd_state(g->state);
	pad(l1 + 2, g->state, 3);
	rnd_name(g, l1 + 5, 39);

	rnd_alnum(g->number, rnd_range(1, 9));
	pad(l2, g->number, 9);
	l2[9] = ref_mrz_check(l2, 9);
	rnd_state(g->nationality);
	pad(l2 + 10, g->nationality, 3);
	g->birth = rnd_date(1930, 2025, dob);
	memcpy(l2 + 13, dob, 6);
	l2[19] = ref_mrz_check(l2 + 13, 6);
	g->sex = "MF<"[rnd_range(0, 2)];
	l2[20] = g->sex;
	if (g->sex == '<')
		g->sex = 'X';
	g->expiry = rnd_date(2000, 2099, exp);
	memcpy(l2 + 21, exp, 6);
	l2[27] = ref_mrz_check(l2 + 21, 6);
	if (rnd_range(0, 2) == 0) {
		g->filler_optional = true;
		pad(l2 + 28, "", 14);
		l2[42] = rnd_range(0, 1) ? '<' : '0';
	} else {
		rnd_alnum(g->optional, rnd_range(1, 14));
		pad(l2 + 28, g->optional, 14);
		l2[42] = ref_mrz_check(l2 + 28, 14);
	}
	char comp[40];
	memcpy(comp, l2, 10);
	memcpy(comp + 10, l2 + 13, 7);
	memcpy(comp + 17, l2 + 21, 22);
	l2[43] = ref_mrz_check(comp, 39);
}

static void gen_td1(struct gen_mrz *g, bool allow_extended)
{
	char *l1 = g->l[0], *l2 = g->l[1], dob[7], exp[7];
	memset(g, 0, sizeof *g);
	g->nlines = 3;
	g->doctype[0] = "IAC"[rnd_range(0, 2)];
	if (rnd_range(0, 1))
		g->doctype[1] = (char)('A' + rnd_range(0, 25));
	pad(l1, g->doctype, 2);
	rnd_state(g->state);
	pad(l1 + 2, g->state, 3);
	if (allow_extended && rnd_range(0, 3) == 0) {
		g->extended = true;
		rnd_alnum(g->number, rnd_range(10, 22));
		size_t n = strlen(g->number);
		memcpy(l1 + 5, g->number, 9);
		l1[14] = '<';
		char ext[20];
		snprintf(ext, sizeof ext, "%s%c", g->number + 9, ref_mrz_check(g->number, n));
		pad(l1 + 15, ext, 15);
	} else {
		rnd_alnum(g->number, rnd_range(1, 9));
		pad(l1 + 5, g->number, 9);
		l1[14] = ref_mrz_check(l1 + 5, 9);
		if (rnd_range(0, 1))
			rnd_alnum(g->optional, rnd_range(1, 15));
		pad(l1 + 15, g->optional, 15);
	}
	g->birth = rnd_date(1930, 2025, dob);
	memcpy(l2, dob, 6);
	l2[6] = ref_mrz_check(l2, 6);
	g->sex = "MF<"[rnd_range(0, 2)];
	l2[7] = g->sex;
	if (g->sex == '<')
		g->sex = 'X';
	g->expiry = rnd_date(2000, 2099, exp);
	memcpy(l2 + 8, exp, 6);
	l2[14] = ref_mrz_check(l2 + 8, 6);
	rnd_state(g->nationality);
	pad(l2 + 15, g->nationality, 3);
	if (rnd_range(0, 1))
		rnd_alnum(g->optional2, rnd_range(1, 11));
	pad(l2 + 18, g->optional2, 11);
	char comp[64];
	memcpy(comp, l1 + 5, 25);
	memcpy(comp + 25, l2, 7);
	memcpy(comp + 32, l2 + 8, 7);
	memcpy(comp + 39, l2 + 18, 11);
	l2[29] = ref_mrz_check(comp, 50);
	rnd_name(g, g->l[2], 30);
}

static os_err parse_gen(const struct gen_mrz *g, os_mrz *m, const char **reason)
{
	char text[160];
	size_t width = g->nlines == 2 ? 44 : 30, len = 0;
	for (int i = 0; i < g->nlines; i++) {
		memcpy(text + len, g->l[i], width);
		len += width;
		text[len++] = '\n';
	}
	return os_mrz_parse(text, len, TODAY, m, reason);
}

static void check_generated(const struct gen_mrz *g)
{
	os_mrz m;
	const char *reason = NULL;
	if (parse_gen(g, &m, &reason))
		fail_msg("generated MRZ refused (%s):\n%.*s\n%.*s", reason,
		         g->nlines == 2 ? 44 : 30, g->l[0], g->nlines == 2 ? 44 : 30, g->l[1]);
	assert_int_equal(m.format, g->nlines == 2 ? OS_MRZ_TD3 : OS_MRZ_TD1);
	assert_string_equal(m.document_type, g->doctype);
	assert_string_equal(m.issuing_state, g->state);
	assert_string_equal(m.nationality, g->nationality);
	assert_string_equal(m.document_number, g->number);
	assert_string_equal(m.surname, g->surname);
	assert_string_equal(m.given_names, g->given);
	assert_int_equal(m.birth, g->birth);
	assert_int_equal(m.expiry, g->expiry);
	assert_int_equal(m.sex, g->sex);
	assert_string_equal(m.optional_data, g->optional);
	assert_string_equal(m.optional_data2, g->optional2);
}

static void test_mrz_generated(void **state)
{
	(void)state;
	struct gen_mrz g;
	int extended = 0;
	for (int i = 0; i < 3000; i++) {
		gen_td3(&g);
		check_generated(&g);
		gen_td1(&g, true);
		extended += g.extended;
		check_generated(&g);
	}
	assert_true(extended > 300);
}

/* Which characters a check digit of ICAO 9303 covers, per line:
 *   'c' a check digit position, 'f' a field under a check digit (and the
 *   composite), 'o' covered by the composite only, 'd' a date digit (also
 *   'f'), '.' not covered by any check (names, states, sex, type). */
static const char td3_cover[2][45] = {
    "............................................",
    "fffffffffc...ddddddc.ddddddcffffffffffffffcc",
};
static const char td1_cover[3][31] = {
    ".....fffffffffcooooooooooooooo",
    "ddddddc.ddddddc...oooooooooooc",
    "..............................",
};

/* Every substitution by another character of the MRZ alphabet at every
 * position. With weights 7, 3, 1 modulo 10 a change of a character's value
 * by d is seen by a check digit exactly when d is not a multiple of 10
 * (7 and 3 are invertible modulo 10). So the property asserted is:
 *   - at a check digit position, any other digit is refused;
 *   - in a covered position, a change whose value difference is not a
 *     multiple of 10 is refused;
 *   - in a date position, a non-digit is refused (format).
 * What no 7-3-1 check can see, and is therefore not asserted:
 *   - substitutions between characters of equal value modulo 10, e.g.
 *     '0' <-> '<' <-> 'A' <-> 'K' <-> 'U', '1' <-> 'B' <-> 'L' <-> 'V';
 *   - anything in the fields no check covers: document code, issuing
 *     state, names, nationality, sex (ICAO leaves them unprotected);
 *   - the TD3 optional-data check '<' <-> '0' when that data is all
 *     fillers (both are allowed by Doc 9303 part 4);
 *   - the TD1 document number check digit '0' -> '<', which turns the
 *     line into the long-document-number form (Doc 9303 part 5). */
static int substitutions_mrz(const struct gen_mrz *g, const char (*cover)[45], int ncover)
{
	static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
	size_t width = g->nlines == 2 ? 44 : 30;
	int unseen = 0;
	(void)ncover;
	for (int li = 0; li < g->nlines; li++) {
		for (size_t pos = 0; pos < width; pos++) {
			char kind = cover[li][pos];
			for (const char *c = alphabet; *c; c++) {
				char old = g->l[li][pos];
				if (*c == old)
					continue;
				struct gen_mrz v = *g;
				v.l[li][pos] = *c;
				bool is_digit = *c >= '0' && *c <= '9';
				int delta = ref_mrz_value(*c) - ref_mrz_value(old);
				bool must;
				if (kind == 'c')
					must = is_digit && !(g->filler_optional && li == 1 &&
					                     pos == 42 && *c == '0');
				else if (kind == 'd')
					must = !is_digit || delta % 10 != 0;
				else if (kind == 'f' || kind == 'o')
					must = delta % 10 != 0;
				else
					must = false;
				os_mrz m;
				os_err e = parse_gen(&v, &m, NULL);
				if (must && e == OS_OK)
					fail_msg("substitution %c->%c at line %d pos %zu "
					         "accepted:\n%.*s\n%.*s",
					         old, *c, li + 1, pos, (int)width, v.l[0],
					         (int)width, v.l[1]);
				unseen += e == OS_OK;
			}
		}
	}
	return unseen;
}

static void test_mrz_substitutions(void **state)
{
	(void)state;
	struct gen_mrz g;
	memset(&g, 0, sizeof g);
	g.nlines = 2;
	memcpy(g.l[0], td3_l1, 44);
	memcpy(g.l[1], td3_l2, 44);
	int unseen = substitutions_mrz(&g, (const char(*)[45])td3_cover, 2);
	/* the specimen: undetectable substitutions exist (names, equal values);
	 * printed for the record */
	assert_true(unseen > 0);
	print_message("TD3 specimen: %d of %d substitutions are beyond any check\n", unseen,
	              88 * 36);
	for (int i = 0; i < 200; i++) {
		gen_td3(&g);
		substitutions_mrz(&g, (const char(*)[45])td3_cover, 2);
	}
	char cover1[3][45];
	for (int i = 0; i < 3; i++)
		memcpy(cover1[i], td1_cover[i], 31);
	memset(&g, 0, sizeof g);
	g.nlines = 3;
	memcpy(g.l[0], td1_l1, 30);
	memcpy(g.l[1], td1_l2, 30);
	memcpy(g.l[2], td1_l3, 30);
	substitutions_mrz(&g, (const char(*)[45])cover1, 3);
	for (int i = 0; i < 200; i++) {
		gen_td1(&g, false);
		substitutions_mrz(&g, (const char(*)[45])cover1, 3);
	}
}

/* ---- masking ---------------------------------------------------------------- */

static void test_masking(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(os_mask_id("11010519491231002X", out, sizeof out), OS_OK);
	assert_string_equal(out, "110105********002X");
	assert_int_equal(os_mask_id("11010519491231002", out, sizeof out), OS_ERR_INVALID);
	assert_int_equal(os_mask_id("11010519491231002X", out, 18), OS_ERR_TOO_LARGE);
	assert_int_equal(os_mask_passport("E12345678", out, sizeof out), OS_OK);
	assert_string_equal(out, "E1*****78");
	assert_int_equal(os_mask_passport("L898902C3", out, sizeof out), OS_OK);
	assert_string_equal(out, "L8*****C3");
	assert_int_equal(os_mask_passport("AB12", out, sizeof out), OS_OK);
	assert_string_equal(out, "****");
	assert_int_equal(os_mask_passport("", out, sizeof out), OS_OK);
	assert_string_equal(out, "");
	assert_int_equal(os_mask_passport("E12345678", out, 9), OS_ERR_TOO_LARGE);
	assert_int_equal(os_mask_passport("E12345678", out, 10), OS_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_id_standard_example),   cmocka_unit_test(test_id_refusals),
	    cmocka_unit_test(test_id_generated),          cmocka_unit_test(test_id_substitutions),
	    cmocka_unit_test(test_uscc_standard_example), cmocka_unit_test(test_uscc_generated),
	    cmocka_unit_test(test_uscc_substitutions),    cmocka_unit_test(test_mrz_td3_specimen),
	    cmocka_unit_test(test_mrz_td1_specimen),      cmocka_unit_test(test_mrz_refusals),
	    cmocka_unit_test(test_mrz_dates_and_sex),     cmocka_unit_test(test_mrz_generated),
	    cmocka_unit_test(test_mrz_substitutions),     cmocka_unit_test(test_masking),
	};
	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
