/* ident.c - resident ID, social credit code, MRZ. See ident.h and docs/rules.md. */
#include "core/ident.h"

#include <stdbool.h>
#include <string.h>

#define SET_REASON(r, text) ((r) ? (void)(*(r) = (text)) : (void)0)

/* Ten static strings "<prefix>0" .. "<prefix>9". */
#define DIGIT_REASONS(p)                                                                           \
	{                                                                                          \
		p "0", p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8", p "9"               \
	}

static int dig(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dig(s[i]) < 0)
			return false;
	return true;
}

/* ---- resident ID ----------------------------------------------------------- */

/* Province-level division codes (GB/T 2260): the mainland's 31, Taiwan (71),
 * Hong Kong (81), Macao (82); 83 is used by residence permits of Taiwan
 * residents. */
static bool province_ok(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
	       (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
	       p == 81 || p == 82 || p == 83;
}

static bool region_ok(const char *s)
{
	int p = dig(s[0]) * 10 + dig(s[1]);
	if (province_ok(p))
		return true;
	/* Foreigners' permanent residence ID cards (2023 format): '9', then the
	 * code of the mainland province that issued it, then a country code. */
	int q = dig(s[1]) * 10 + dig(s[2]);
	return s[0] == '9' && province_ok(q) && q < 71;
}

char os_id_check_char(const char *digits17)
{
	/* ISO 7064 MOD 11-2: weight of position i (0-based, 17 digits) is
	 * 2^(17-i) mod 11. */
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = dig(digits17[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	int c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

os_err os_id_check(const char *s, size_t len, os_date today, os_id_info *out, const char **reason)
{
	static const char *const mismatch[11] = {
	    "check character mismatch: expected 0", "check character mismatch: expected 1",
	    "check character mismatch: expected 2", "check character mismatch: expected 3",
	    "check character mismatch: expected 4", "check character mismatch: expected 5",
	    "check character mismatch: expected 6", "check character mismatch: expected 7",
	    "check character mismatch: expected 8", "check character mismatch: expected 9",
	    "check character mismatch: expected X",
	};
	SET_REASON(reason, "ok");
	if (len == 15 && all_digits(s, 15)) {
		SET_REASON(reason,
		           "15-digit legacy number: only the 18-character number is accepted");
		return OS_ERR_UNSUPPORTED;
	}
	if (len != OS_ID_LEN) {
		SET_REASON(reason, "an ID number must be 18 characters");
		return OS_ERR_INVALID;
	}
	if (!all_digits(s, 17)) {
		SET_REASON(reason, "characters 1-17 of an ID number must be digits");
		return OS_ERR_INVALID;
	}
	char last = s[17] == 'x' ? 'X' : s[17];
	if (last != 'X' && dig(last) < 0) {
		SET_REASON(reason, "the last character of an ID number must be a digit or X");
		return OS_ERR_INVALID;
	}
	if (!region_ok(s)) {
		SET_REASON(reason, "unknown province code in the region code");
		return OS_ERR_INVALID;
	}
	os_date birth;
	int y = dig(s[6]) * 1000 + dig(s[7]) * 100 + dig(s[8]) * 10 + dig(s[9]);
	int m = dig(s[10]) * 10 + dig(s[11]), d = dig(s[12]) * 10 + dig(s[13]);
	if (os_date_from_ymd(y, m, d, &birth) != OS_OK) {
		SET_REASON(reason, "birth date is not a real date");
		return OS_ERR_INVALID;
	}
	if (y < 1800) {
		SET_REASON(reason, "birth date before 1800");
		return OS_ERR_INVALID;
	}
	if (birth > today) {
		SET_REASON(reason, "birth date in the future");
		return OS_ERR_INVALID;
	}
	char want = os_id_check_char(s);
	if (want != last) {
		SET_REASON(reason, mismatch[want == 'X' ? 10 : want - '0']);
		return OS_ERR_CHECKSUM;
	}
	memcpy(out->id, s, 17);
	out->id[17] = last;
	out->id[18] = '\0';
	memcpy(out->region, s, 6);
	out->region[6] = '\0';
	out->birth = birth;
	out->sequence = dig(s[14]) * 100 + dig(s[15]) * 10 + dig(s[16]);
	out->sex = out->sequence % 2 ? 'M' : 'F';
	return OS_OK;
}

/* ---- unified social credit code -------------------------------------------- */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31 */

static int uscc_value(char c)
{
	if (c == '\0')
		return -1;
	const char *p = strchr(uscc_alphabet, c);
	return p ? (int)(p - uscc_alphabet) : -1;
}

char os_uscc_check_char(const char *chars17)
{
	/* weight of position i is 3^i mod 31 */
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(chars17[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

struct uscc_kind {
	char authority, type;
	const char *name;
};

/* GB 32100-2015 table 1 and its amendments: registration authorities (type
 * '\0') and the organisation types each registers. Informational only:
 * codes missing here are reported as "unknown", not refused. */
static const struct uscc_kind uscc_kinds[] = {
    {'1', 0, "establishment administration"},
    {'1', '1', "government organ"},
    {'1', '2', "public institution"},
    {'1', '3', "mass organisation"},
    {'2', 0, "foreign affairs"},
    {'2', '1', "resident foreign news agency"},
    {'3', 0, "judicial administration"},
    {'3', '1', "law firm"},
    {'3', '2', "notary office"},
    {'3', '3', "grassroots legal service office"},
    {'3', '4', "forensic appraisal institution"},
    {'3', '5', "arbitration commission"},
    {'4', 0, "culture"},
    {'4', '1', "foreign cultural centre"},
    {'5', 0, "civil affairs"},
    {'5', '1', "social organisation"},
    {'5', '2', "private non-enterprise unit"},
    {'5', '3', "foundation"},
    {'6', 0, "tourism"},
    {'6', '1', "foreign tourism office"},
    {'7', 0, "religious affairs"},
    {'7', '1', "place of religious activity"},
    {'7', '2', "religious school"},
    {'8', 0, "trade union"},
    {'8', '1', "grassroots trade union"},
    {'9', 0, "market regulation"},
    {'9', '1', "enterprise"},
    {'9', '2', "individual business"},
    {'9', '3', "farmers' cooperative"},
    {'A', 0, "military establishment administration"},
    {'N', 0, "agriculture"},
    {'N', '1', "group-level collective economic organisation"},
    {'N', '2', "village-level collective economic organisation"},
    {'N', '3', "township-level collective economic organisation"},
    {'Y', 0, "other"},
    {'Y', '1', "other"},
};

static const char *uscc_name(char authority, char type)
{
	for (size_t i = 0; i < sizeof uscc_kinds / sizeof uscc_kinds[0]; i++)
		if (uscc_kinds[i].authority == authority && uscc_kinds[i].type == type)
			return uscc_kinds[i].name;
	if (type == '9')
		return "other";
	return "unknown";
}

os_err os_uscc_check(const char *s, size_t len, os_uscc_info *out, const char **reason)
{
	static const char *const mismatch[31] = {
#define M(c) "check character mismatch: expected " c
	    M("0"), M("1"), M("2"), M("3"), M("4"), M("5"), M("6"), M("7"), M("8"), M("9"), M("A"),
	    M("B"), M("C"), M("D"), M("E"), M("F"), M("G"), M("H"), M("J"), M("K"), M("L"), M("M"),
	    M("N"), M("P"), M("Q"), M("R"), M("T"), M("U"), M("W"), M("X"), M("Y"),
#undef M
	};
	char up[OS_USCC_LEN + 1];
	SET_REASON(reason, "ok");
	if (len != OS_USCC_LEN) {
		SET_REASON(reason, "a social credit code must be 18 characters");
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < OS_USCC_LEN; i++) {
		char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
		if (uscc_value(c) < 0) {
			SET_REASON(reason, "character not allowed in a social credit code (0-9 and "
			                   "A-H J-N P-R T-U W-Y)");
			return OS_ERR_INVALID;
		}
		up[i] = c;
	}
	up[OS_USCC_LEN] = '\0';
	if (!all_digits(up + 2, 6)) {
		SET_REASON(reason, "the region code (characters 3-8) must be digits");
		return OS_ERR_INVALID;
	}
	char want = os_uscc_check_char(up);
	if (want != up[17]) {
		SET_REASON(reason, mismatch[uscc_value(want)]);
		return OS_ERR_CHECKSUM;
	}
	memcpy(out->uscc, up, sizeof up);
	out->authority = up[0];
	out->org_type = up[1];
	memcpy(out->region, up + 2, 6);
	out->region[6] = '\0';
	memcpy(out->org_code, up + 8, 9);
	out->org_code[9] = '\0';
	out->authority_name = uscc_name(up[0], 0);
	out->org_type_name = uscc_name(up[0], up[1]);
	return OS_OK;
}

/* ---- MRZ -------------------------------------------------------------------- */

static int mrz_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

int os_mrz_check_digit(const char *s, size_t n)
{
	static const int w[3] = {7, 3, 1};
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = mrz_value(s[i]);
		if (v < 0)
			return -1;
		sum = (sum + v * w[i % 3]) % 10;
	}
	return sum;
}

/* Check digit over the concatenation of up to four pieces (composite). */
struct piece {
	const char *s;
	size_t n;
};

static int composite_digit(const struct piece *p, size_t np)
{
	static const int w[3] = {7, 3, 1};
	int sum = 0;
	size_t k = 0;
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < p[i].n; j++, k++)
			sum = (sum + mrz_value(p[i].s[j]) * w[k % 3]) % 10;
	return sum;
}

/* Copy a field without its trailing fillers. */
static void strip_copy(char *dst, const char *src, size_t n)
{
	while (n > 0 && src[n - 1] == '<')
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* A state code: one to three letters, then fillers. */
static bool state_ok(const char *s)
{
	if (!is_letter(s[0]))
		return false;
	for (int i = 1; i < 3; i++)
		if (!is_letter(s[i]) && !(s[i] == '<' && (i == 2 || s[i + 1] == '<')))
			return false;
	return true;
}

/* Copy name components, turning runs of '<' into one space. */
static void name_copy(char *dst, const char *src, size_t n)
{
	size_t j = 0;
	while (n > 0 && src[n - 1] == '<')
		n--;
	for (size_t i = 0; i < n; i++) {
		if (src[i] != '<')
			dst[j++] = src[i];
		else if (j > 0 && dst[j - 1] != ' ')
			dst[j++] = ' ';
	}
	dst[j] = '\0';
}

static os_err parse_name(const char *f, size_t n, os_mrz *out, const char **reason)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_letter(f[i]) && f[i] != '<') {
			SET_REASON(reason, "the name field may hold only letters and <");
			return OS_ERR_INVALID;
		}
	}
	if (f[0] == '<') {
		SET_REASON(reason, "the name field does not start with the surname");
		return OS_ERR_INVALID;
	}
	size_t p = 0;
	while (p + 1 < n && !(f[p] == '<' && f[p + 1] == '<'))
		p++;
	if (p + 1 >= n) {
		/* no separator: the whole field is the (possibly truncated) surname */
		name_copy(out->surname, f, n);
		out->given_names[0] = '\0';
	} else {
		name_copy(out->surname, f, p);
		name_copy(out->given_names, f + p + 2, n - p - 2);
	}
	return OS_OK;
}

/* YYMMDD at s; century chosen by the caller (19 or 20). */
static bool yymmdd(const char *s, int century, os_date *out)
{
	if (!all_digits(s, 6))
		return false;
	int y = century * 100 + dig(s[0]) * 10 + dig(s[1]);
	int m = dig(s[2]) * 10 + dig(s[3]), d = dig(s[4]) * 10 + dig(s[5]);
	return os_date_from_ymd(y, m, d, out) == OS_OK;
}

static os_err birth_date(const char *s, os_date today, os_date *out, const char **reason)
{
	if (!all_digits(s, 6)) {
		SET_REASON(reason, "birth date must be six digits YYMMDD");
		return OS_ERR_INVALID;
	}
	os_date d20;
	if (yymmdd(s, 20, &d20) && d20 <= today) {
		*out = d20;
		return OS_OK;
	}
	if (!yymmdd(s, 19, out)) {
		SET_REASON(reason, "birth date is not a real date");
		return OS_ERR_INVALID;
	}
	if (*out > today) {
		SET_REASON(reason, "birth date in the future");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

static os_err expiry_date(const char *s, os_date *out, const char **reason)
{
	if (!all_digits(s, 6)) {
		SET_REASON(reason, "expiry date must be six digits YYMMDD");
		return OS_ERR_INVALID;
	}
	if (!yymmdd(s, 20, out)) {
		SET_REASON(reason, "expiry date is not a real date");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

static os_err sex_code(char c, char *out, const char **reason)
{
	if (c == 'M' || c == 'F')
		*out = c;
	else if (c == '<' || c == 'X')
		*out = 'X';
	else {
		SET_REASON(reason, "sex must be M, F or < (unspecified)");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* Verify a field's check digit character against the digits of s[0..n). */
static os_err field_check(const char *s, size_t n, char check, const char *not_digit,
                          const char *const mismatch[10], const char **reason)
{
	int want = os_mrz_check_digit(s, n);
	if (dig(check) < 0) {
		SET_REASON(reason, not_digit);
		return OS_ERR_INVALID;
	}
	if (want != dig(check)) {
		SET_REASON(reason, mismatch[want]);
		return OS_ERR_CHECKSUM;
	}
	return OS_OK;
}

static const char *const doc_mismatch[10] =
    DIGIT_REASONS("document number check digit mismatch: expected ");
static const char *const birth_mismatch[10] =
    DIGIT_REASONS("birth date check digit mismatch: expected ");
static const char *const expiry_mismatch[10] =
    DIGIT_REASONS("expiry date check digit mismatch: expected ");
static const char *const optional_mismatch[10] =
    DIGIT_REASONS("optional data check digit mismatch: expected ");
static const char *const composite_mismatch[10] =
    DIGIT_REASONS("composite check digit mismatch: expected ");

/* The document number at s (9 characters): fillers only at the end. */
static os_err doc_number(const char *s, size_t n, char *dst, const char **reason)
{
	strip_copy(dst, s, n);
	if (dst[0] == '\0') {
		SET_REASON(reason, "document number is empty");
		return OS_ERR_INVALID;
	}
	if (strchr(dst, '<')) {
		SET_REASON(reason, "document number has a filler < before its end");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* Birth, sex and expiry with their check digits: "YYMMDDcSYYMMDDc" at s. */
static os_err dates_and_sex(const char *s, os_date today, os_mrz *out, const char **reason)
{
	os_err e = birth_date(s, today, &out->birth, reason);
	if (!e)
		e = field_check(s, 6, s[6], "birth date check digit is not a digit", birth_mismatch,
		                reason);
	if (!e)
		e = sex_code(s[7], &out->sex, reason);
	if (!e)
		e = expiry_date(s + 8, &out->expiry, reason);
	if (!e)
		e = field_check(s + 8, 6, s[14], "expiry date check digit is not a digit",
		                expiry_mismatch, reason);
	return e;
}

static os_err field_check_composite(const struct piece *p, size_t np, char check,
                                    const char **reason)
{
	int want = composite_digit(p, np);
	if (dig(check) < 0) {
		SET_REASON(reason, "composite check digit is not a digit");
		return OS_ERR_INVALID;
	}
	if (want != dig(check)) {
		SET_REASON(reason, composite_mismatch[want]);
		return OS_ERR_CHECKSUM;
	}
	return OS_OK;
}

static os_err parse_td3(const char *l1, const char *l2, os_date today, os_mrz *out,
                        const char **reason)
{
	os_err e;
	out->format = OS_MRZ_TD3;
	if (l1[0] != 'P' || !(is_letter(l1[1]) || l1[1] == '<')) {
		SET_REASON(reason, "a TD3 document code must be P followed by a letter or <");
		return OS_ERR_INVALID;
	}
	strip_copy(out->document_type, l1, 2);
	if (!state_ok(l1 + 2)) {
		SET_REASON(reason, "issuing state must be a three-letter code");
		return OS_ERR_INVALID;
	}
	strip_copy(out->issuing_state, l1 + 2, 3);
	e = parse_name(l1 + 5, 39, out, reason);
	if (e)
		return e;

	e = doc_number(l2, 9, out->document_number, reason);
	if (e)
		return e;
	e = field_check(l2, 9, l2[9], "document number check digit is not a digit", doc_mismatch,
	                reason);
	if (e)
		return e;
	if (!state_ok(l2 + 10)) {
		SET_REASON(reason, "nationality must be a three-letter code");
		return OS_ERR_INVALID;
	}
	strip_copy(out->nationality, l2 + 10, 3);
	e = dates_and_sex(l2 + 13, today, out, reason);
	if (e)
		return e;

	/* Optional data (personal number): when it is all fillers its check
	 * digit may be < or 0 (Doc 9303 part 4). */
	strip_copy(out->optional_data, l2 + 28, 14);
	out->optional_data2[0] = '\0';
	if (out->optional_data[0] == '\0' && (l2[42] == '<' || l2[42] == '0')) {
		/* nothing to check */
	} else {
		e = field_check(l2 + 28, 14, l2[42], "optional data check digit is not a digit",
		                optional_mismatch, reason);
		if (e)
			return e;
	}
	const struct piece comp[3] = {{l2, 10}, {l2 + 13, 7}, {l2 + 21, 22}};
	return field_check_composite(comp, 3, l2[43], reason);
}

static os_err parse_td1(const char *l1, const char *l2, const char *l3, os_date today, os_mrz *out,
                        const char **reason)
{
	os_err e;
	out->format = OS_MRZ_TD1;
	if (!(l1[0] == 'I' || l1[0] == 'A' || l1[0] == 'C') ||
	    !(is_letter(l1[1]) || l1[1] == '<')) {
		SET_REASON(reason,
		           "a TD1 document code must be A, C or I followed by a letter or <");
		return OS_ERR_INVALID;
	}
	strip_copy(out->document_type, l1, 2);
	if (!state_ok(l1 + 2)) {
		SET_REASON(reason, "issuing state must be a three-letter code");
		return OS_ERR_INVALID;
	}
	strip_copy(out->issuing_state, l1 + 2, 3);

	/* Document number: 9 characters and a check digit, or, when longer
	 * (Doc 9303 part 5), the first 9, a filler in place of the check digit
	 * and the rest in the optional data, ended by its check digit and a
	 * filler. */
	if (l1[14] == '<' && l1[13] != '<' && l1[15] != '<') {
		size_t ext = 0; /* characters after position 15 up to the first filler */
		while (15 + ext < 30 && l1[15 + ext] != '<')
			ext++;
		if (ext < 2) {
			SET_REASON(reason, "document number check digit is not a digit");
			return OS_ERR_INVALID;
		}
		char num[24];
		memcpy(num, l1 + 5, 9);
		memcpy(num + 9, l1 + 15, ext - 1);
		num[9 + ext - 1] = '\0';
		for (size_t i = 0; num[i]; i++) {
			if (mrz_value(num[i]) < 0 || num[i] == '<') {
				SET_REASON(reason, "document number has a filler < before its end");
				return OS_ERR_INVALID;
			}
		}
		e = field_check(num, 9 + ext - 1, l1[15 + ext - 1],
		                "document number check digit is not a digit", doc_mismatch, reason);
		if (e)
			return e;
		memcpy(out->document_number, num, 9 + ext);
		size_t rest = 15 + ext < 30 ? 15 + ext + 1 : 30;
		strip_copy(out->optional_data, l1 + rest, 30 - rest);
	} else {
		e = doc_number(l1 + 5, 9, out->document_number, reason);
		if (e)
			return e;
		e = field_check(l1 + 5, 9, l1[14], "document number check digit is not a digit",
		                doc_mismatch, reason);
		if (e)
			return e;
		strip_copy(out->optional_data, l1 + 15, 15);
	}

	e = dates_and_sex(l2, today, out, reason);
	if (e)
		return e;
	if (!state_ok(l2 + 15)) {
		SET_REASON(reason, "nationality must be a three-letter code");
		return OS_ERR_INVALID;
	}
	strip_copy(out->nationality, l2 + 15, 3);
	strip_copy(out->optional_data2, l2 + 18, 11);
	e = parse_name(l3, 30, out, reason);
	if (e)
		return e;
	const struct piece comp[4] = {{l1 + 5, 25}, {l2, 7}, {l2 + 8, 7}, {l2 + 18, 11}};
	return field_check_composite(comp, 4, l2[29], reason);
}

os_err os_mrz_parse(const char *text, size_t len, os_date today, os_mrz *out, const char **reason)
{
	const char *line[3];
	size_t llen[3], n = 0;
	SET_REASON(reason, "ok");
	if (len > OS_MRZ_MAX_INPUT) {
		SET_REASON(reason, "MRZ input too large");
		return OS_ERR_TOO_LARGE;
	}
	/* Drop trailing line ends, then split on "\n" (each line may end in "\r"). */
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (n == 3) {
			SET_REASON(reason,
			           "an MRZ has two lines of 44 (TD3) or three lines of 30 (TD1)");
			return OS_ERR_INVALID;
		}
		size_t l = i - start;
		if (l > 0 && text[start + l - 1] == '\r')
			l--;
		line[n] = text + start;
		llen[n++] = l;
		start = i + 1;
	}
	bool td3 = n == 2 && llen[0] == 44 && llen[1] == 44;
	bool td1 = n == 3 && llen[0] == 30 && llen[1] == 30 && llen[2] == 30;
	if (!td3 && !td1) {
		SET_REASON(reason, "an MRZ has two lines of 44 (TD3) or three lines of 30 (TD1)");
		return OS_ERR_INVALID;
	}
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < llen[k]; i++) {
			if (mrz_value(line[k][i]) < 0) {
				SET_REASON(reason,
				           "character not allowed in an MRZ (0-9, A-Z and <)");
				return OS_ERR_INVALID;
			}
		}
	}
	memset(out, 0, sizeof *out);
	if (td3)
		return parse_td3(line[0], line[1], today, out, reason);
	return parse_td1(line[0], line[1], line[2], today, out, reason);
}

/* ---- masking ---------------------------------------------------------------- */

os_err os_mask_id(const char *id, char *out, size_t outsz)
{
	if (strnlen(id, OS_ID_LEN + 1) != OS_ID_LEN)
		return OS_ERR_INVALID;
	if (outsz < OS_ID_LEN + 1)
		return OS_ERR_TOO_LARGE;
	memcpy(out, id, 6);
	memset(out + 6, '*', 8);
	memcpy(out + 14, id + 14, 4);
	out[OS_ID_LEN] = '\0';
	return OS_OK;
}

os_err os_mask_passport(const char *number, char *out, size_t outsz)
{
	size_t n = strlen(number);
	if (outsz == 0 || n > outsz - 1)
		return OS_ERR_TOO_LARGE;
	memset(out, '*', n);
	if (n > 4) {
		memcpy(out, number, 2);
		memcpy(out + n - 2, number + n - 2, 2);
	}
	out[n] = '\0';
	return OS_OK;
}
