/* visa.c - the port-visa office's rules (see visa.h). Pure: no I/O. */
#include "core/visa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/countries.h"
#include "core/ident.h"
#include "core/mem.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* ---- errors ------------------------------------------------------------------ */

void visa_errors_add(visa_errors *e, int index, const char *field, const char *code,
                     const char *reason)
{
	if (e->n >= VISA_MAX_ERRORS) {
		e->dropped++;
		return;
	}
	visa_error *x = &e->items[e->n++];
	x->index = index;
	cpy(x->field, sizeof x->field, field);
	cpy(x->code, sizeof x->code, code);
	cpy(x->reason, sizeof x->reason, reason);
}

int visa_errors_for(const visa_errors *e, int index)
{
	int n = 0;
	for (int i = 0; i < e->n; i++)
		n += e->items[i].index == index;
	return n;
}

/* ---- states ------------------------------------------------------------------- */

static const char *const group_keys[VG__COUNT] = {
    NULL,       "draft",   "submitted", "under_review", "approved",
    "returned", "refused", "arrived",   "issued",       "cancelled",
};
static const char *const group_names[VG__COUNT] = {
    NULL,       "草稿",     "已提交", "审核中", "已批准",
    "退回补正", "不予签发", "已抵达", "已签发", "已取消",
};
static const char *const member_keys[VM__COUNT] = {
    NULL, "pending", "approved", "refused", "flagged", "present", "absent", "issued",
};
static const char *const member_names[VM__COUNT] = {
    NULL, "待审", "已批准", "不予签发", "布控比中待核查", "已到场", "未到已划除", "已签发",
};

const char *visa_group_status_key(visa_group_status s)
{
	return s > 0 && s < VG__COUNT ? group_keys[s] : "unknown";
}

const char *visa_group_status_name(visa_group_status s)
{
	return s > 0 && s < VG__COUNT ? group_names[s] : "未知";
}

visa_group_status visa_group_status_parse(const char *key)
{
	for (int i = 1; key && i < VG__COUNT; i++)
		if (!strcmp(group_keys[i], key))
			return (visa_group_status)i;
	return 0;
}

const char *visa_member_status_key(visa_member_status s)
{
	return s > 0 && s < VM__COUNT ? member_keys[s] : "unknown";
}

const char *visa_member_status_name(visa_member_status s)
{
	return s > 0 && s < VM__COUNT ? member_names[s] : "未知";
}

visa_member_status visa_member_status_parse(const char *key)
{
	for (int i = 1; key && i < VM__COUNT; i++)
		if (!strcmp(member_keys[i], key))
			return (visa_member_status)i;
	return 0;
}

bool visa_group_active(visa_group_status s)
{
	return s == VG_DRAFT || s == VG_SUBMITTED || s == VG_UNDER_REVIEW || s == VG_APPROVED ||
	       s == VG_RETURNED || s == VG_ARRIVED;
}

bool visa_group_editable(visa_group_status s)
{
	return s == VG_DRAFT || s == VG_RETURNED;
}

#define IN2(x, a, b)       ((x) == (a) || (x) == (b))
#define IN3(x, a, b, c)    (IN2(x, a, b) || (x) == (c))
#define IN4(x, a, b, c, d) (IN3(x, a, b, c) || (x) == (d))

os_err visa_group_next(visa_group_status from, visa_group_action a, visa_group_status *to,
                       const char **why)
{
	visa_group_status next = 0;
	const char *no = "not allowed in this state";
	switch (a) {
	case VGA_EDIT:
		if (visa_group_editable(from))
			next = from;
		else
			no = "a group can be changed only as a draft or when returned for "
			     "correction";
		break;
	case VGA_SUBMIT:
		if (visa_group_editable(from))
			next = VG_SUBMITTED;
		else
			no = "only a draft or a returned group can be submitted";
		break;
	case VGA_REVIEW:
		if (IN2(from, VG_SUBMITTED, VG_UNDER_REVIEW))
			next = VG_UNDER_REVIEW;
		else
			no = "the group is not waiting for review";
		break;
	case VGA_APPROVE:
		if (IN2(from, VG_SUBMITTED, VG_UNDER_REVIEW))
			next = VG_APPROVED;
		else
			no = "only a submitted group can be approved";
		break;
	case VGA_RETURN:
		if (IN3(from, VG_SUBMITTED, VG_UNDER_REVIEW, VG_APPROVED))
			next = VG_RETURNED;
		else
			no = "only a submitted or approved group can be returned for correction";
		break;
	case VGA_REFUSE:
		if (IN3(from, VG_SUBMITTED, VG_UNDER_REVIEW, VG_APPROVED))
			next = VG_REFUSED;
		else
			no = "only a submitted or approved group can be refused";
		break;
	case VGA_ARRIVE:
		if (IN2(from, VG_APPROVED, VG_ARRIVED))
			next = VG_ARRIVED;
		else
			no = "only an approved group can be checked in on arrival";
		break;
	case VGA_ISSUE:
		if (from == VG_ARRIVED)
			next = VG_ISSUED;
		else
			no = "the visa is issued after the members were checked on arrival";
		break;
	case VGA_CANCEL:
		if (visa_group_active(from) && from != VG_ARRIVED)
			next = VG_CANCELLED;
		else
			no = "the group can no longer be cancelled";
		break;
	}
	if (!next) {
		if (why)
			*why = no;
		return OS_ERR_CONFLICT;
	}
	*to = next;
	if (why)
		*why = "ok";
	return OS_OK;
}

os_err visa_member_next(visa_group_status g, visa_member_status from, visa_member_action a,
                        visa_member_status *to, const char **why)
{
	visa_member_status next = 0;
	const char *no = "not allowed for this member now";
	bool review = IN2(g, VG_SUBMITTED, VG_UNDER_REVIEW);
	bool onsite = IN2(g, VG_APPROVED, VG_ARRIVED);
	switch (a) {
	case VMA_APPROVE:
		if ((review || onsite) && IN3(from, VM_PENDING, VM_FLAGGED, VM_REFUSED))
			next = VM_APPROVED;
		break;
	case VMA_REFUSE:
		if ((review || onsite) &&
		    IN4(from, VM_PENDING, VM_FLAGGED, VM_APPROVED, VM_PRESENT))
			next = VM_REFUSED;
		break;
	case VMA_RETURN:
		if (review && IN3(from, VM_PENDING, VM_FLAGGED, VM_APPROVED))
			next = VM_PENDING;
		break;
	case VMA_FLAG:
		if ((review || onsite) && IN3(from, VM_PENDING, VM_APPROVED, VM_PRESENT))
			next = VM_FLAGGED;
		break;
	case VMA_PRESENT:
		if (onsite && IN3(from, VM_APPROVED, VM_ABSENT, VM_PRESENT))
			next = VM_PRESENT;
		else if (onsite && from == VM_FLAGGED)
			no = "the member matched the watch list: decide first";
		else if (onsite && from == VM_REFUSED)
			no = "the member was refused";
		break;
	case VMA_ABSENT:
		if (onsite && IN3(from, VM_APPROVED, VM_PRESENT, VM_ABSENT))
			next = VM_ABSENT;
		break;
	case VMA_ISSUE:
		if (g == VG_ARRIVED && from == VM_PRESENT)
			next = VM_ISSUED;
		break;
	case VMA_RESUBMIT:
		if (visa_group_editable(g) && IN3(from, VM_PENDING, VM_APPROVED, VM_FLAGGED))
			next = VM_PENDING;
		else if (visa_group_editable(g) && from == VM_REFUSED)
			next = VM_REFUSED;
		break;
	}
	if (!next) {
		if (why)
			*why = no;
		return OS_ERR_CONFLICT;
	}
	*to = next;
	if (why)
		*why = "ok";
	return OS_OK;
}

/* ---- text checks ------------------------------------------------------------- */

/* Valid UTF-8 without control characters (a newline when allow_nl). */
static bool text_ok(const char *s, bool allow_nl)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			if ((c < 0x20 && !(allow_nl && c == '\n')) || c == 0x7f)
				return false;
			p++;
			continue;
		}
		int n;
		unsigned cp;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		/* C1 controls */
		if (cp >= 0x80 && cp < 0xa0)
			return false;
		p += n + 1;
	}
	return true;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum_upper(char c)
{
	return is_upper(c) || is_digit(c);
}

static bool phone_ok(const char *s)
{
	for (; *s; s++)
		if (!is_digit(*s) && !strchr("+-() ", *s))
			return false;
	return true;
}

/* A required text of 1..max-1 bytes. */
static void need_text(const char *s, size_t max, bool allow_nl, int index, const char *field,
                      visa_errors *e)
{
	size_t n = strnlen(s, max);
	if (n == 0)
		visa_errors_add(e, index, field, "required", "this field is required");
	else if (n >= max)
		visa_errors_add(e, index, field, "too-long", "too long");
	else if (!text_ok(s, allow_nl))
		visa_errors_add(e, index, field, "invalid-text",
		                "must be UTF-8 text without control characters");
}

/* ---- groups ----------------------------------------------------------------- */

os_err visa_parse_hhmm(const char *s, int *minutes)
{
	if (!s || strlen(s) != 5 || !is_digit(s[0]) || !is_digit(s[1]) || s[2] != ':' ||
	    !is_digit(s[3]) || !is_digit(s[4]))
		return OS_ERR_INVALID;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return OS_ERR_INVALID;
	*minutes = h * 60 + m;
	return OS_OK;
}

void visa_format_hhmm(int minutes, char out[6])
{
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

int64_t visa_arrival_unix(os_date date, int minute)
{
	return (int64_t)date * 86400 + (int64_t)minute * 60 - OS_SHANGHAI_UTC_OFFSET;
}

void visa_validity(os_date arrival, int stay_days, os_date *from, os_date *until)
{
	*from = arrival;
	*until = arrival + (stay_days > 0 ? stay_days - 1 : 0);
}

static bool flight_ok(const char *f)
{
	/* Airline designator: two characters of A-Z 0-9, at least one letter;
	 * then 1..4 digits and an optional operational suffix letter. */
	size_t n = strlen(f);
	if (n < 3 || n > 7)
		return false;
	if (!is_alnum_upper(f[0]) || !is_alnum_upper(f[1]) || (is_digit(f[0]) && is_digit(f[1])))
		return false;
	size_t i = 2, digits = 0;
	while (i < n && is_digit(f[i]) && digits < 4) {
		i++;
		digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && is_upper(f[i]))
		i++;
	return i == n;
}

bool visa_group_validate(const visa_group *g, os_date today, bool check_future, visa_errors *e)
{
	int before = e->n;
	size_t n = strnlen(g->group_no, sizeof g->group_no);
	if (n == 0)
		visa_errors_add(e, -1, "group_no", "required", "the group number is required");
	for (size_t i = 0; i < n; i++) {
		char c = g->group_no[i];
		if (!is_alnum_upper(c) && !(c >= 'a' && c <= 'z') && !strchr("-_/", c)) {
			visa_errors_add(e, -1, "group_no", "invalid",
			                "letters, digits, -, _ and / only");
			break;
		}
	}
	if (!flight_ok(g->flight))
		visa_errors_add(e, -1, "flight", "invalid",
		                "a flight number such as 7C8601: airline code and 1-4 digits");
	if (g->arrival_date < os_date_min() || g->arrival_date > os_date_max())
		visa_errors_add(e, -1, "arrival_date", "invalid", "not a date");
	else if (check_future && g->arrival_date < today)
		visa_errors_add(e, -1, "arrival_date", "past", "the arrival date has passed");
	if (g->arrival_minute < 0 || g->arrival_minute > 1439)
		visa_errors_add(e, -1, "arrival_time", "invalid", "a time HH:MM");
	if (g->stay_days < 1 || g->stay_days > VISA_MAX_STAY_DAYS)
		visa_errors_add(e, -1, "stay_days", "stay-too-long",
		                "the stay of a port visa is 1 to 30 days");
	need_text(g->itinerary, sizeof g->itinerary, true, -1, "itinerary", e);
	need_text(g->leader_name, sizeof g->leader_name, false, -1, "leader_name", e);
	if (!phone_ok(g->leader_phone))
		visa_errors_add(e, -1, "leader_phone", "invalid",
		                "digits, spaces and + - ( ) only");
	return e->n == before;
}

bool visa_agency_validate(const visa_agency *a, visa_errors *e)
{
	int before = e->n;
	need_text(a->name, sizeof a->name, false, -1, "name", e);
	if (a->name_en[0] && !text_ok(a->name_en, false))
		visa_errors_add(e, -1, "name_en", "invalid-text", "must be text");
	size_t n = strlen(a->licence_no);
	bool lic = n >= 4 && n < sizeof a->licence_no;
	for (size_t i = 0; lic && i < n; i++)
		lic = is_alnum_upper(a->licence_no[i]) || a->licence_no[i] == '-';
	if (!lic)
		visa_errors_add(e, -1, "licence_no", "invalid",
		                "the licence number: 4 to 31 of A-Z, 0-9 and -");
	if (a->contact_name[0] && !text_ok(a->contact_name, false))
		visa_errors_add(e, -1, "contact_name", "invalid-text", "must be text");
	if (!phone_ok(a->contact_phone))
		visa_errors_add(e, -1, "contact_phone", "invalid",
		                "digits, spaces and + - ( ) only");
	if (a->contact_email[0] &&
	    (!strchr(a->contact_email, '@') || strpbrk(a->contact_email, " \t<>\"") ||
	     !text_ok(a->contact_email, false)))
		visa_errors_add(e, -1, "contact_email", "invalid", "an e-mail address");
	return e->n == before;
}

os_err visa_submit_check(int64_t arrival_at, int64_t now, long deadline_hours)
{
	return now > arrival_at - (int64_t)deadline_hours * 3600 ? OS_ERR_CONFLICT : OS_OK;
}

/* ---- members ------------------------------------------------------------------ */

/* Normalise a name as an MRZ writes it: upper-case letters, single spaces
 * ('-', '\'' and '<' count as spaces). false for other characters. */
static bool name_norm(const char *in, char *out, size_t cap, bool *too_long)
{
	size_t j = 0;
	*too_long = false;
	bool space = false;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (is_upper(c)) {
			if (space && j > 0) {
				if (j + 1 >= cap) {
					*too_long = true;
					break;
				}
				out[j++] = ' ';
			}
			space = false;
			if (j + 1 >= cap) {
				*too_long = true;
				break;
			}
			out[j++] = c;
		} else if (c == ' ' || c == '-' || c == '\'' || c == '<' || c == '\t') {
			space = true;
		} else {
			out[j] = '\0';
			return false;
		}
	}
	out[j] = '\0';
	return true;
}

static void name_field(const char *in, char *out, size_t cap, bool required, int index,
                       const char *field, visa_errors *e)
{
	bool too_long;
	if (!in)
		in = "";
	if (strlen(in) > 256) {
		out[0] = '\0';
		visa_errors_add(e, index, field, "too-long", "a name has at most 39 letters");
		return;
	}
	if (!name_norm(in, out, cap, &too_long))
		visa_errors_add(e, index, field, "invalid-name",
		                "the name as printed in the passport's MRZ: letters A-Z");
	else if (too_long)
		visa_errors_add(e, index, field, "too-long", "a name has at most 39 letters");
	else if (required && !out[0])
		visa_errors_add(e, index, field, "required", "this field is required");
}

static bool date_field(const char *s, os_date *out, int index, const char *field, visa_errors *e)
{
	if (!s || !*s) {
		visa_errors_add(e, index, field, "required", "this field is required");
		return false;
	}
	if (os_date_parse(s, strlen(s), out)) {
		visa_errors_add(e, index, field, "invalid-date", "a date YYYY-MM-DD");
		return false;
	}
	return true;
}

static bool nationality_field(const char *s, char out[4], int index, visa_errors *e)
{
	char code[4] = "";
	size_t n = s ? strlen(s) : 0;
	if (n == 0) {
		visa_errors_add(e, index, "nationality", "required", "this field is required");
		return false;
	}
	if (n != 3) {
		visa_errors_add(e, index, "nationality", "unknown-country",
		                "an ISO 3166 three-letter code such as KOR");
		return false;
	}
	for (size_t i = 0; i < 3; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		code[i] = c;
	}
	if (!country_valid(code)) {
		visa_errors_add(e, index, "nationality", "unknown-country",
		                "not an ISO 3166 three-letter country code");
		return false;
	}
	memcpy(out, code, 4);
	return true;
}

static bool passport_field(const char *s, char *out, size_t cap, int index, visa_errors *e)
{
	char key[64];
	if (!s || !*s) {
		visa_errors_add(e, index, "passport_number", "required", "this field is required");
		return false;
	}
	if (strlen(s) > 40) {
		visa_errors_add(e, index, "passport_number", "invalid",
		                "a passport number: 5 to 9 letters and digits");
		return false;
	}
	visa_passport_key(s, key, sizeof key);
	size_t n = strlen(key);
	bool ok = n >= 5 && n < cap;
	for (size_t i = 0; ok && i < n; i++)
		ok = is_alnum_upper(key[i]);
	if (!ok) {
		visa_errors_add(e, index, "passport_number", "invalid",
		                "a passport number: 5 to 9 letters and digits");
		return false;
	}
	memcpy(out, key, n + 1);
	return true;
}

bool visa_member_from_fields(const visa_member_fields *f, visa_member *out, int index,
                             visa_errors *e)
{
	int before = e->n;
	memset(out, 0, sizeof *out);
	name_field(f->surname, out->surname, sizeof out->surname, true, index, "surname", e);
	name_field(f->given_names, out->given_names, sizeof out->given_names, false, index,
	           "given_names", e);
	const char *sx = f->sex ? f->sex : "";
	if (strlen(sx) == 1 && strchr("MFXmfx", sx[0]))
		out->sex = sx[0] >= 'a' ? (char)(sx[0] - 'a' + 'A') : sx[0];
	else
		visa_errors_add(e, index, "sex", sx[0] ? "invalid" : "required",
		                "M, F or X (unspecified)");
	date_field(f->birth_date, &out->birth, index, "birth_date", e);
	nationality_field(f->nationality, out->nationality, index, e);
	passport_field(f->passport_number, out->passport, sizeof out->passport, index, e);
	if (date_field(f->expiry, &out->expiry, index, "passport_expiry", e) && out->birth &&
	    out->expiry <= out->birth)
		visa_errors_add(e, index, "passport_expiry", "invalid-date",
		                "the expiry date is before the birth date");
	out->status = VM_PENDING;
	return e->n == before;
}

/* The member field an MRZ reason is about. */
static const char *mrz_field(const char *reason)
{
	if (strstr(reason, "document number"))
		return "passport_number";
	if (strstr(reason, "birth date"))
		return "birth_date";
	if (strstr(reason, "expiry"))
		return "passport_expiry";
	if (strstr(reason, "sex"))
		return "sex";
	if (strstr(reason, "nationality"))
		return "nationality";
	if (strstr(reason, "name field"))
		return "surname";
	return "mrz";
}

bool visa_member_from_mrz(const char *text, size_t len, os_date today, visa_member *out, int index,
                          visa_errors *e)
{
	os_mrz m;
	const char *reason = NULL;
	memset(out, 0, sizeof *out);
	os_err err = os_mrz_parse(text, len, today, &m, &reason);
	if (err) {
		visa_errors_add(e, index, mrz_field(reason),
		                err == OS_ERR_CHECKSUM ? "check-digit" : "invalid-mrz", reason);
		return false;
	}
	if (m.format != OS_MRZ_TD3 || m.document_type[0] != 'P') {
		visa_errors_add(e, index, "mrz", "not-passport",
		                "a passport MRZ: two lines of 44 characters starting with P");
		return false;
	}
	bool too_long;
	name_norm(m.surname, out->surname, sizeof out->surname, &too_long);
	name_norm(m.given_names, out->given_names, sizeof out->given_names, &too_long);
	if (!out->surname[0]) {
		visa_errors_add(e, index, "surname", "required", "the MRZ has no surname");
		return false;
	}
	const char *nat = country_from_mrz(m.nationality);
	if (!nat) {
		visa_errors_add(e, index, "nationality", "unknown-country",
		                "the MRZ nationality is not an ISO 3166 country code");
		return false;
	}
	memcpy(out->nationality, nat, 4);
	if (strlen(m.document_number) < 5 || strlen(m.document_number) >= sizeof out->passport) {
		visa_errors_add(e, index, "passport_number", "invalid",
		                "a passport number: 5 to 9 letters and digits");
		return false;
	}
	cpy(out->passport, sizeof out->passport, m.document_number);
	out->sex = m.sex;
	out->birth = m.birth;
	out->expiry = m.expiry;
	out->status = VM_PENDING;
	return true;
}

bool visa_member_check(const visa_member *m, os_date today, os_date last_day, int index,
                       visa_errors *e)
{
	int before = e->n;
	char d[OS_DATE_STRLEN], why[160];
	if (m->birth > today)
		visa_errors_add(e, index, "birth_date", "future",
		                "the birth date is in the future");
	else if (today - m->birth > 130 * 366)
		visa_errors_add(e, index, "birth_date", "invalid-date",
		                "the birth date is too early");
	if (!strcmp(m->nationality, "CHN") || !strcmp(m->nationality, "HKG") ||
	    !strcmp(m->nationality, "MAC") || !strcmp(m->nationality, "TWN"))
		visa_errors_add(e, index, "nationality", "no-visa-needed",
		                "Chinese citizens and residents of Hong Kong, Macao and Taiwan "
		                "travel on their own documents, not on a port visa");
	else if (!country_valid(m->nationality))
		visa_errors_add(e, index, "nationality", "unknown-country",
		                "not an ISO 3166 three-letter country code");
	if (m->expiry <= today) {
		visa_errors_add(e, index, "passport_expiry", "passport-expired",
		                "the passport has expired");
	} else if (m->expiry <= last_day) {
		os_date_format(last_day, d);
		snprintf(why, sizeof why,
		         "the passport must be valid after the last day of the stay (%s)", d);
		visa_errors_add(e, index, "passport_expiry", "passport-expires", why);
	}
	return e->n == before;
}

bool visa_members_unique(const visa_member *m, size_t n, int index_base, visa_errors *e)
{
	int before = e->n;
	for (size_t i = 1; i < n; i++) {
		if (!m[i].passport[0])
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(m[i].passport, m[j].passport) &&
			    !strcmp(m[i].nationality, m[j].nationality)) {
				char why[96];
				snprintf(why, sizeof why, "the same passport as member %zu", j + 1);
				visa_errors_add(e, index_base + (int)i, "passport_number",
				                "duplicate", why);
				break;
			}
		}
	}
	return e->n == before;
}

/* ---- pasted MRZ lines ---------------------------------------------------------- */

typedef struct span {
	const char *s;
	size_t n;
} span;

/* The non-blank lines of text, without surrounding spaces; at most max. */
static size_t split_lines(const char *text, size_t len, span *out, size_t max, bool *more)
{
	size_t n = 0, start = 0;
	*more = false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n' && text[i] != '\r')
			continue;
		const char *s = text + start;
		size_t l = i - start;
		while (l > 0 && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			l--;
		}
		while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\t'))
			l--;
		if (l > 0) {
			if (n == max) {
				*more = true;
				return n;
			}
			out[n].s = s;
			out[n].n = l;
			n++;
		}
		start = i + 1;
	}
	return n;
}

/* A TD3 first line: "P", a letter or filler, a state; not a second line
 * (whose birth date, positions 14-19, is six digits). */
static bool looks_like_line1(const span *l)
{
	if (l->n < 5 || l->s[0] != 'P' || !(l->s[1] == '<' || is_upper(l->s[1])) ||
	    !is_upper(l->s[2]))
		return false;
	if (l->n == 44) {
		bool digits = true;
		for (size_t i = 13; i < 19; i++)
			digits = digits && is_digit(l->s[i]);
		if (digits)
			return false;
	}
	return true;
}

int visa_mrz_block_parse(const char *text, size_t len, os_date today, visa_member *out, int max,
                         visa_errors *e)
{
	if (len > VISA_MRZ_TEXT_MAX) {
		visa_errors_add(e, -1, "mrz", "too-large", "too much MRZ text");
		return 0;
	}
	size_t cap = (size_t)max * 2 + 2;
	span *lines = os_calloc(cap, sizeof *lines);
	bool more;
	size_t n = split_lines(text, len, lines, cap, &more);
	int rec = 0;
	size_t k = 0;
	while (k < n) {
		if (rec == max) {
			visa_errors_add(e, rec, "mrz", "too-many", "too many members in one group");
			break;
		}
		memset(&out[rec], 0, sizeof out[rec]);
		if (!looks_like_line1(&lines[k])) {
			visa_errors_add(e, rec, "mrz", "invalid-mrz",
			                "the first line of a passport MRZ starts with P");
			k++;
		} else if (k + 1 >= n || looks_like_line1(&lines[k + 1])) {
			visa_errors_add(e, rec, "mrz", "incomplete",
			                "a passport MRZ has two lines; the second is missing");
			k++;
		} else if (lines[k].n != 44 || lines[k + 1].n != 44) {
			visa_errors_add(e, rec, "mrz", "invalid-mrz",
			                "each MRZ line of a passport has 44 characters");
			k += 2;
		} else {
			char two[90];
			memcpy(two, lines[k].s, 44);
			two[44] = '\n';
			memcpy(two + 45, lines[k + 1].s, 44);
			visa_member_from_mrz(two, 89, today, &out[rec], rec, e);
			k += 2;
		}
		rec++;
	}
	if (more && rec < max)
		visa_errors_add(e, rec, "mrz", "too-many", "too many members in one group");
	free(lines);
	return rec;
}

/* ---- CSV ----------------------------------------------------------------------- */

#define CSV_FIELDS    7
#define CSV_FIELD_MAX 64
#define CSV_LINE_MAX  1024

static const char *const csv_names[CSV_FIELDS] = {
    "surname",         "given_names",     "sex", "birth_date", "nationality",
    "passport_number", "passport_expiry",
};

/* Split one line into fields. Returns the number of fields (which may exceed
 * CSV_FIELDS: extra fields are counted, not stored), or -1 with *why set. */
static int csv_split(const char *s, size_t n, char f[CSV_FIELDS][CSV_FIELD_MAX + 1],
                     int *long_field, const char **why)
{
	size_t i = 0;
	int nf = 0;
	*long_field = -1;
	for (;;) {
		char tmp[CSV_FIELD_MAX + 1];
		size_t tl = 0;
		bool too_long = false;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] == '"') {
			i++;
			bool closed = false;
			while (i < n) {
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						if (tl < CSV_FIELD_MAX)
							tmp[tl++] = '"';
						else
							too_long = true;
						i += 2;
						continue;
					}
					closed = true;
					i++;
					break;
				}
				if (tl < CSV_FIELD_MAX)
					tmp[tl++] = s[i];
				else
					too_long = true;
				i++;
			}
			if (!closed) {
				*why = "a quoted field is not closed";
				return -1;
			}
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
			if (i < n && s[i] != ',') {
				*why = "text after a closing quote";
				return -1;
			}
		} else {
			size_t start = i;
			while (i < n && s[i] != ',') {
				if (s[i] == '"') {
					*why = "a quote inside an unquoted field";
					return -1;
				}
				i++;
			}
			size_t end = i;
			while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
				end--;
			tl = end - start;
			if (tl > CSV_FIELD_MAX) {
				too_long = true;
				tl = CSV_FIELD_MAX;
			}
			memcpy(tmp, s + start, tl);
		}
		tmp[tl] = '\0';
		if (nf < CSV_FIELDS) {
			memcpy(f[nf], tmp, tl + 1);
			if (too_long && *long_field < 0)
				*long_field = nf;
		}
		nf++;
		if (i >= n)
			break;
		i++; /* the comma */
		if (nf > 64) {
			*why = "too many fields";
			return -1;
		}
	}
	return nf;
}

int visa_csv_parse(const char *text, size_t len, visa_member *out, int max, visa_errors *e)
{
	if (len > VISA_CSV_MAX) {
		visa_errors_add(e, -1, "csv", "too-large", "the CSV text is larger than 64 KiB");
		return 0;
	}
	if (memchr(text, '\0', len)) {
		visa_errors_add(e, -1, "csv", "invalid", "the CSV text holds a NUL byte");
		return 0;
	}
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	int rec = 0;
	bool first = true;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		size_t l = i - start;
		if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		i++;
		const char *s = text + start;
		size_t k = 0;
		while (k < l && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k == l)
			continue; /* blank line */
		char f[CSV_FIELDS][CSV_FIELD_MAX + 1];
		int long_field;
		const char *why = NULL;
		int nf = l > CSV_LINE_MAX ? -1 : csv_split(s, l, f, &long_field, &why);
		if (l > CSV_LINE_MAX)
			why = "the line is longer than 1024 bytes";
		if (first) {
			first = false;
			if (nf > 0 && !strcasecmp(f[0], "surname"))
				continue; /* the header */
		}
		if (rec == max) {
			visa_errors_add(e, rec, "csv", "too-many", "too many members in one group");
			break;
		}
		memset(&out[rec], 0, sizeof out[rec]);
		if (nf < 0) {
			visa_errors_add(e, rec, "csv", "invalid-csv", why);
		} else if (nf != CSV_FIELDS) {
			char msg[120];
			snprintf(msg, sizeof msg,
			         "expected 7 fields (surname,given_names,sex,birth_date,"
			         "nationality,passport_number,expiry), found %d",
			         nf);
			visa_errors_add(e, rec, "csv", "field-count", msg);
		} else if (long_field >= 0) {
			visa_errors_add(e, rec, csv_names[long_field], "too-long",
			                "a field is longer than 64 bytes");
		} else {
			visa_member_fields mf = {f[0], f[1], f[2], f[3], f[4], f[5], f[6]};
			visa_member_from_fields(&mf, &out[rec], rec, e);
		}
		rec++;
	}
	return rec;
}

/* ---- MRZ for a member (demo data, tests) ---------------------------------------- */

static void mrz_put(char *dst, size_t width, const char *src)
{
	size_t i = 0;
	for (; src && src[i] && i < width; i++)
		dst[i] = src[i] == ' ' ? '<' : src[i];
	for (; i < width; i++)
		dst[i] = '<';
}

static void mrz_date(char *dst, os_date d)
{
	int y, m, day;
	os_date_to_ymd(d, &y, &m, &day);
	char tmp[8];
	snprintf(tmp, sizeof tmp, "%02d%02d%02d", y % 100, m, day);
	memcpy(dst, tmp, 6);
}

void visa_member_mrz(const visa_member *m, const char *issuing_state, char line1[45],
                     char line2[45])
{
	char name[96];
	snprintf(name, sizeof name, "%s<<%s", m->surname, m->given_names);
	memcpy(line1, "P<", 2);
	mrz_put(line1 + 2, 3, issuing_state && issuing_state[0] ? issuing_state : m->nationality);
	mrz_put(line1 + 5, 39, name);
	line1[44] = '\0';

	mrz_put(line2, 9, m->passport);
	line2[9] = (char)('0' + os_mrz_check_digit(line2, 9));
	mrz_put(line2 + 10, 3, m->nationality);
	mrz_date(line2 + 13, m->birth);
	line2[19] = (char)('0' + os_mrz_check_digit(line2 + 13, 6));
	line2[20] = m->sex == 'M' || m->sex == 'F' ? m->sex : '<';
	mrz_date(line2 + 21, m->expiry);
	line2[27] = (char)('0' + os_mrz_check_digit(line2 + 21, 6));
	mrz_put(line2 + 28, 14, "");
	line2[42] = '0';
	char comp[40];
	memcpy(comp, line2, 10);
	memcpy(comp + 10, line2 + 13, 7);
	memcpy(comp + 17, line2 + 21, 22);
	line2[43] = (char)('0' + os_mrz_check_digit(comp, 39));
	line2[44] = '\0';
}

/* ---- watch list ------------------------------------------------------------------ */

static void letters_only(const char *s, char *out, size_t cap, size_t *j)
{
	for (; s && *s; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (is_upper(c) && *j + 1 < cap)
			out[(*j)++] = c;
	}
}

void visa_name_key(const char *surname, const char *given, char *out, size_t n)
{
	size_t j = 0;
	if (n == 0)
		return;
	letters_only(surname, out, n, &j);
	if (j + 1 < n)
		out[j++] = '|';
	letters_only(given, out, n, &j);
	out[j] = '\0';
}

void visa_passport_key(const char *passport, char *out, size_t n)
{
	size_t j = 0;
	if (n == 0)
		return;
	for (const char *p = passport; p && *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '<' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (j + 1 < n)
			out[j++] = c;
	}
	out[j] = '\0';
}

bool visa_watch_match(const visa_watch *w, const visa_member *m)
{
	char a[96], b[96];
	if (w->passport[0]) {
		visa_passport_key(w->passport, a, sizeof a);
		visa_passport_key(m->passport, b, sizeof b);
		if (a[0] && !strcmp(a, b) &&
		    (!w->nationality[0] || !strcmp(w->nationality, m->nationality)))
			return true;
	}
	if (!w->surname[0])
		return false;
	if (w->has_birth && w->birth != m->birth)
		return false;
	if (w->nationality[0] && strcmp(w->nationality, m->nationality))
		return false;
	visa_name_key(w->surname, w->given_names, a, sizeof a);
	visa_name_key(m->surname, m->given_names, b, sizeof b);
	if (!strcmp(a, b))
		return true;
	visa_name_key(m->given_names, m->surname, b, sizeof b); /* swapped order */
	return !strcmp(a, b);
}

bool visa_watch_validate(const visa_watch *w, visa_errors *e)
{
	int before = e->n;
	if (!w->surname[0] && !w->passport[0])
		visa_errors_add(e, -1, "surname", "required",
		                "a surname or a passport number is required");
	if (w->nationality[0] && !country_valid(w->nationality))
		visa_errors_add(e, -1, "nationality", "unknown-country",
		                "not an ISO 3166 three-letter country code");
	need_text(w->reason, sizeof w->reason, false, -1, "reason", e);
	return e->n == before;
}

bool visa_watch_from_fields(visa_watch *out, const char *surname, const char *given,
                            const char *birth_date, const char *nationality, const char *passport,
                            const char *reason, visa_errors *e)
{
	int before = e->n;
	memset(out, 0, sizeof *out);
	name_field(surname, out->surname, sizeof out->surname, false, -1, "surname", e);
	name_field(given, out->given_names, sizeof out->given_names, false, -1, "given_names", e);
	if (birth_date && *birth_date)
		out->has_birth = date_field(birth_date, &out->birth, -1, "birth_date", e);
	if (nationality && *nationality)
		nationality_field(nationality, out->nationality, -1, e);
	if (passport && *passport)
		passport_field(passport, out->passport, sizeof out->passport, -1, e);
	cpy(out->reason, sizeof out->reason, reason);
	if (e->n == before)
		visa_watch_validate(out, e);
	return e->n == before;
}

/* ---- types and fees --------------------------------------------------------------- */

/* The fee schedule (per person, fen). These are the demo's figures; the
 * schedule in force replaces them by a reviewed change of this table. The
 * window cannot change a fee, and no surcharge exists anywhere. */
static const visa_type_info types[] = {
    {VT_GROUP_TOURIST, "group_tourist", "团体旅游签证", "Group tourist visa", "L", 10000, true},
    {VT_STUDY, "study", "口岸签证（入境求学）", "Port visa (study)", "X2", 16000, false},
    {VT_SPORTS, "sports", "口岸签证（大型赛事活动）", "Port visa (major sports event)", "F", 16000,
     false},
    {VT_HUMANITARIAN, "humanitarian", "口岸签证（人道主义事由）", "Port visa (humanitarian)", "S2",
     0, false},
    {VT_BUSINESS, "business", "口岸签证（紧急商务）", "Port visa (urgent business)", "M", 16000,
     false},
    {VT_OTHER, "other", "口岸签证（其他紧急事由）", "Port visa (other urgent reason)", "L", 16000,
     false},
};

const visa_type_info *visa_types(size_t *n)
{
	*n = sizeof types / sizeof types[0];
	return types;
}

const visa_type_info *visa_type_get(visa_type t)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == t)
			return &types[i];
	return NULL;
}

const visa_type_info *visa_type_by_key(const char *key)
{
	for (size_t i = 0; key && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i].key, key))
			return &types[i];
	return NULL;
}

bool visa_type_is_special(visa_type t)
{
	const visa_type_info *ti = visa_type_get(t);
	return ti && !ti->group;
}

os_err visa_fee_for(visa_type t, int persons, visa_fee *out)
{
	const visa_type_info *ti = visa_type_get(t);
	if (!ti || persons < 1 || persons > VISA_MAX_MEMBERS)
		return OS_ERR_INVALID;
	out->per_person_fen = ti->fee_fen;
	out->persons = persons;
	out->total_fen = ti->fee_fen * persons;
	return OS_OK;
}

void visa_format_yuan(int64_t fen, char *out, size_t n)
{
	snprintf(out, n, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

os_err visa_number_format(int year, int64_t seq, char out[VISA_NUMBER_MAX])
{
	if (year < 2000 || year > 2999)
		return OS_ERR_INVALID;
	if (seq < 1 || seq > 999999)
		return OS_ERR_TOO_LARGE;
	snprintf(out, VISA_NUMBER_MAX, VISA_NUMBER_PREFIX "%04d%06lld", year, (long long)seq);
	return OS_OK;
}

void visa_receipt_number(const char *visa_number, char out[VISA_RECEIPT_MAX])
{
	snprintf(out, VISA_RECEIPT_MAX, "%.15s-R", visa_number);
}

/* ---- figures ----------------------------------------------------------------------- */

os_err visa_stats_new(os_date from, os_date to, visa_stats **out)
{
	*out = NULL;
	if (to < from || to - from + 1 > VISA_STATS_MAX_DAYS)
		return OS_ERR_INVALID;
	visa_stats *s = os_calloc(1, sizeof *s);
	s->from = from;
	s->to = to;
	s->n_days = (size_t)(to - from + 1);
	s->days = os_calloc(s->n_days, sizeof *s->days);
	for (size_t i = 0; i < s->n_days; i++)
		s->days[i].day = from + (os_date)i;
	*out = s;
	return OS_OK;
}

static void day_free(visa_day_stats *d)
{
	free(d->by_type.v);
	free(d->by_nationality.v);
	free(d->by_agency.v);
	free(d->by_flight.v);
	free(d->minutes);
}

void visa_stats_free(visa_stats *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_days; i++)
		day_free(&s->days[i]);
	day_free(&s->total);
	free(s->days);
	free(s);
}

static void tally(visa_tallies *t, const char *key, int64_t visa_id)
{
	visa_tally *x = NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (!strcmp(t->v[i].key, key)) {
			x = &t->v[i];
			break;
		}
	}
	if (!x) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 8;
			t->v = os_realloc(t->v, t->cap * sizeof *t->v);
		}
		x = &t->v[t->n++];
		memset(x, 0, sizeof *x);
		cpy(x->key, sizeof x->key, key);
	}
	x->persons++;
	if (x->last_visa != visa_id) {
		x->visas++;
		x->last_visa = visa_id;
	}
}

static void day_person(visa_day_stats *d, int64_t visa_id, const char *type, const char *nat,
                       const char *agency, const char *flight)
{
	d->persons++;
	if (d->last_visa != visa_id) {
		d->visas++;
		d->last_visa = visa_id;
	}
	tally(&d->by_type, type, visa_id);
	tally(&d->by_nationality, nat, visa_id);
	tally(&d->by_agency, agency, visa_id);
	tally(&d->by_flight, flight, visa_id);
}

void visa_stats_person(visa_stats *s, os_date day, int64_t visa_id, const char *type,
                       const char *nationality, const char *agency, const char *flight)
{
	if (day < s->from || day > s->to)
		return;
	day_person(&s->days[day - s->from], visa_id, type ? type : "",
	           nationality ? nationality : "", agency ? agency : "", flight ? flight : "");
	day_person(&s->total, visa_id, type ? type : "", nationality ? nationality : "",
	           agency ? agency : "", flight ? flight : "");
}

static void add_minutes(visa_day_stats *d, int64_t m)
{
	if (d->n_minutes == d->cap_minutes) {
		d->cap_minutes = d->cap_minutes ? d->cap_minutes * 2 : 16;
		d->minutes = os_realloc(d->minutes, d->cap_minutes * sizeof *d->minutes);
	}
	d->minutes[d->n_minutes++] = m;
}

void visa_stats_minutes(visa_stats *s, os_date day, int64_t minutes)
{
	if (day < s->from || day > s->to || minutes < 0)
		return;
	add_minutes(&s->days[day - s->from], minutes);
	add_minutes(&s->total, minutes);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int64_t visa_median(int64_t *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_i64);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}
