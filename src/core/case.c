/* case.c - the lifecycle table of a case, its legal clock, case numbers and
 * upload sniffing (see case.h; the rules are explained in docs/rules.md). */
#include "core/case.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"
#include "core/ident.h"
#include "core/lifecycle.h"

#define A_APP  CACT_APPLICANT
#define A_CLK  CACT_CLERK
#define A_APR  CACT_APPROVER
#define A_MGR  CACT_MANAGER
#define A_SYS  CACT_SYSTEM
#define REASON true
#define NOREAS false

/* THE table: every legal (state, action) pair, in lifecycle order. */
static const case_rule rules[] = {
    /* online: the applicant submits his draft; the receipt opens the
     * 5-working-day acceptance period */
    {CS_DRAFT, CA_SUBMIT, CS_PREREVIEW, A_APP, CLK_ACCEPT_START, NOREAS},
    /* the acceptance decision (受理 / 不予受理 / 一次性告知 / 即办) */
    {CS_RECEIVED, CA_ACCEPT, CS_ACCEPTED, A_CLK, CLK_START, NOREAS},
    {CS_PREREVIEW, CA_ACCEPT, CS_ACCEPTED, A_CLK, CLK_START, NOREAS},
    {CS_SUPPLEMENTED, CA_ACCEPT, CS_ACCEPTED, A_CLK, CLK_START, NOREAS},
    {CS_RECEIVED, CA_REFUSE, CS_REJECTED, A_CLK, CLK_CANCEL, REASON},
    {CS_PREREVIEW, CA_REFUSE, CS_REJECTED, A_CLK, CLK_CANCEL, REASON},
    {CS_SUPPLEMENTED, CA_REFUSE, CS_REJECTED, A_CLK, CLK_CANCEL, REASON},
    {CS_RECEIVED, CA_NOTICE, CS_NOTICE, A_CLK, CLK_NONE, REASON},
    {CS_PREREVIEW, CA_NOTICE, CS_NOTICE, A_CLK, CLK_NONE, REASON},
    {CS_RECEIVED, CA_COMPLETE_NOW, CS_COMPLETED, A_CLK, CLK_STOP, NOREAS},
    {CS_PREREVIEW, CA_COMPLETE_NOW, CS_COMPLETED, A_CLK, CLK_STOP, NOREAS},
    {CS_SUPPLEMENTED, CA_COMPLETE_NOW, CS_COMPLETED, A_CLK, CLK_STOP, NOREAS},
    /* the supplement is a new receipt: the acceptance period opens again */
    {CS_NOTICE, CA_SUPPLEMENT, CS_SUPPLEMENTED, A_APP | A_CLK, CLK_ACCEPT_START, NOREAS},
    /* deemed acceptance (Art. 32: no notice within 5 working days) */
    {CS_RECEIVED, CA_DEEM_ACCEPT, CS_ACCEPTED, A_SYS, CLK_START, NOREAS},
    {CS_PREREVIEW, CA_DEEM_ACCEPT, CS_ACCEPTED, A_SYS, CLK_START, NOREAS},
    {CS_SUPPLEMENTED, CA_DEEM_ACCEPT, CS_ACCEPTED, A_SYS, CLK_START, NOREAS},
    /* review and decision */
    {CS_ACCEPTED, CA_REVIEW, CS_REVIEW, A_APR, CLK_NONE, NOREAS},
    {CS_REVIEW, CA_SUSPEND, CS_SUSPENDED, A_APR, CLK_PAUSE, REASON},
    {CS_EXTENDED, CA_SUSPEND, CS_SUSPENDED, A_APR, CLK_PAUSE, REASON},
    /* to CS_EXTENDED instead when the case used its extension */
    {CS_SUSPENDED, CA_RESUME, CS_REVIEW, A_APR, CLK_RESUME, NOREAS},
    {CS_REVIEW, CA_EXTEND, CS_EXTENDED, A_APR | A_MGR, CLK_EXTEND, REASON},
    {CS_REVIEW, CA_APPROVE, CS_DECIDED, A_APR, CLK_NONE, NOREAS},
    {CS_EXTENDED, CA_APPROVE, CS_DECIDED, A_APR, CLK_NONE, NOREAS},
    {CS_REVIEW, CA_DENY, CS_DECIDED, A_APR, CLK_NONE, REASON},
    {CS_EXTENDED, CA_DENY, CS_DECIDED, A_APR, CLK_NONE, REASON},
    /* 办结 and 送达 */
    {CS_DECIDED, CA_COMPLETE, CS_COMPLETED, A_APR | A_CLK, CLK_STOP, NOREAS},
    {CS_COMPLETED, CA_DELIVER, CS_DELIVERED, A_CLK | A_APR, CLK_NONE, NOREAS},
    /* the applicant may withdraw before the decision */
    {CS_DRAFT, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_PREREVIEW, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_RECEIVED, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_NOTICE, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_SUPPLEMENTED, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_ACCEPTED, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_REVIEW, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_SUSPENDED, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
    {CS_EXTENDED, CA_WITHDRAW, CS_WITHDRAWN, A_APP, CLK_CANCEL, REASON},
};

const case_rule *case_rules(size_t *n)
{
	if (n)
		*n = sizeof rules / sizeof rules[0];
	return rules;
}

const case_rule *case_rule_find(case_state from, case_action action)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].from == from && rules[i].action == action)
			return &rules[i];
	return NULL;
}

os_err case_transition(case_state from, case_action action, unsigned actor, bool extended,
                       case_state *to, const char **why)
{
	const char *w = NULL;
	const case_rule *r = case_rule_find(from, action);
	os_err e = OS_OK;
	if (!r) {
		w = "the action is not allowed in the case's state";
		if (case_state_final(from))
			w = "the case is closed";
		e = OS_ERR_CONFLICT;
	} else if (action == CA_EXTEND && extended) {
		w = "the case was already extended once";
		e = OS_ERR_CONFLICT;
	} else if (!(r->actors & actor)) {
		w = "this actor may not take the action";
		e = OS_ERR_FORBIDDEN;
	}
	if (why)
		*why = w;
	if (e)
		return e;
	if (to)
		*to = (action == CA_RESUME && extended) ? CS_EXTENDED : r->to;
	return OS_OK;
}

/* ---- keys and names ---- */
static const char *const state_keys[CS__COUNT] = {
    NULL,           "draft",    "prereview", "received",  "notice",
    "supplemented", "accepted", "rejected",  "review",    "suspended",
    "extended",     "decided",  "completed", "delivered", "withdrawn",
};
static const char *const state_zh[CS__COUNT] = {
    NULL,     "草稿",   "网上预审", "已收件", "一次性告知补正",
    "已补正", "已受理", "不予受理", "审查中", "特别程序中止",
    "已延期", "已决定", "已办结",   "已送达", "已撤回",
};
static const char *const action_keys[CA__COUNT] = {
    NULL,           "submit",   "accept",  "refuse",   "notice",      "supplement",
    "complete_now", "review",   "suspend", "resume",   "extend",      "approve",
    "deny",         "complete", "deliver", "withdraw", "deem_accept",
};
static const char *const action_zh[CA__COUNT] = {
    NULL,   "提交", "受理", "不予受理", "一次性告知", "补正", "即办办结", "审查",     "中止",
    "恢复", "延期", "批准", "不予批准", "办结",       "送达", "撤回",     "视为受理",
};
static const char *const channel_keys[CCH__COUNT] = {NULL, "online", "window", "proxy", "mobile"};
static const char *const delivery_keys[CDL__COUNT] = {"none", "pickup", "post", "electronic"};
static const char *const warning_keys[] = {"none", "green", "yellow", "red"};

const char *case_state_key(case_state s)
{
	return lc_key(state_keys, CS__COUNT, (int)s);
}

const char *case_state_zh(case_state s)
{
	return lc_key(state_zh, CS__COUNT, (int)s);
}

case_state case_state_from_key(const char *key)
{
	return (case_state)lc_key_value(state_keys, CS__COUNT, key);
}

const char *case_action_key(case_action a)
{
	return lc_key(action_keys, CA__COUNT, (int)a);
}

const char *case_action_zh(case_action a)
{
	return lc_key(action_zh, CA__COUNT, (int)a);
}

case_action case_action_from_key(const char *key)
{
	return (case_action)lc_key_value(action_keys, CA__COUNT, key);
}

const char *case_channel_key(case_channel c)
{
	return lc_key(channel_keys, CCH__COUNT, (int)c);
}

case_channel case_channel_from_key(const char *key)
{
	return (case_channel)lc_key_value(channel_keys, CCH__COUNT, key);
}

const char *case_delivery_key(case_delivery d)
{
	return lc_key(delivery_keys, CDL__COUNT, (int)d);
}

case_delivery case_delivery_from_key(const char *key)
{
	/* "none" is not a delivery method one can ask for: 0 either way */
	return (case_delivery)lc_key_value(delivery_keys, CDL__COUNT, key);
}

const char *case_warning_key(case_warning w)
{
	return lc_key(warning_keys, CW_RED + 1, (int)w);
}

bool case_state_final(case_state s)
{
	return s == CS_REJECTED || s == CS_DELIVERED || s == CS_WITHDRAWN;
}

bool case_state_open(case_state s)
{
	switch (s) {
	case CS_DRAFT:
	case CS_PREREVIEW:
	case CS_RECEIVED:
	case CS_NOTICE:
	case CS_SUPPLEMENTED:
	case CS_ACCEPTED:
	case CS_REVIEW:
	case CS_SUSPENDED:
	case CS_EXTENDED:
		return true;
	default:
		return false;
	}
}

/* ---- the clock ---- */
os_err case_accept_due(const os_calendar *cal, int64_t received_at, os_date *out, int *missing_year)
{
	return os_calendar_deadline_from_receipt(cal, received_at, CASE_ACCEPT_DAYS, out,
	                                         missing_year);
}

os_err case_decision_due(const os_calendar *cal, int64_t accepted_at, int limit, os_date *out,
                         int *missing_year)
{
	if (limit < 0 || limit > OS_CAL_MAX_WORKDAYS)
		return OS_ERR_INVALID;
	return os_calendar_deadline_from_receipt(cal, accepted_at, limit, out, missing_year);
}

os_err case_due_after_suspension(const os_calendar *cal, os_date due, os_date from, os_date to,
                                 os_date *out, int *missing_year)
{
	int n = 0;
	if (to < from)
		return OS_ERR_INVALID;
	os_err e = os_calendar_count_between(cal, from, to, &n, missing_year);
	if (e)
		return e;
	return os_calendar_add_workdays(cal, due, n, out, missing_year);
}

os_err case_due_after_extension(const os_calendar *cal, os_date due, int n, os_date *out,
                                int *missing_year)
{
	if (n < 1 || n > CASE_EXTEND_MAX_DAYS)
		return OS_ERR_INVALID;
	return os_calendar_add_workdays(cal, due, n, out, missing_year);
}

/* Overdue is "today after the deadline": then the result is negative even
 * when no working day lies between (due on a Friday, today the Saturday:
 * -1), so that days_left < 0 and the red warning mean the same thing. */
os_err case_days_left(const os_calendar *cal, os_date today, os_date due, int *out,
                      int *missing_year)
{
	return lc_days_left(cal, today, due, out, missing_year);
}

case_warning case_warning_for(int days_left)
{
	if (days_left < 0)
		return CW_RED;
	if (days_left <= CASE_WARN_DAYS)
		return CW_YELLOW;
	return CW_GREEN;
}

bool case_on_time(os_date completed, os_date due)
{
	return completed <= due;
}

os_err case_number_format(const char *site_code, os_date day, int64_t seq, char out[CASE_NO_MAX])
{
	int y, m, d;
	out[0] = '\0';
	if (!site_code || !site_code[0] || seq < 1 || seq > 99999999)
		return OS_ERR_INVALID;
	for (const char *p = site_code; *p; p++) {
		char c = *p;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return OS_ERR_INVALID;
	}
	if (day < os_date_min() || day > os_date_max())
		return OS_ERR_INVALID;
	os_date_to_ymd(day, &y, &m, &d);
	int n = snprintf(out, CASE_NO_MAX, "%s-%04d%02d%02d-%06lld", site_code, y, m, d,
	                 (long long)seq);
	if (n < 0 || n >= CASE_NO_MAX) {
		out[0] = '\0';
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* ---- uploads ---- */
#define PDF_TAIL 1024

static bool pdf_like(const unsigned char *p, size_t len)
{
	static const char head[] = "%PDF-", eof[] = "%%EOF";
	if (len < 10 || memcmp(p, head, 5) != 0)
		return false;
	size_t start = len > PDF_TAIL ? len - PDF_TAIL : 5;
	for (size_t i = start; i + 5 <= len; i++)
		if (p[i] == '%' && !memcmp(p + i, eof, 5))
			return true;
	return false;
}

static bool jpeg_like(const unsigned char *p, size_t len)
{
	return len >= 5 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF && p[len - 2] == 0xFF &&
	       p[len - 1] == 0xD9;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static bool png_like(const unsigned char *p, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	static const unsigned char iend[12] = {0,   0,   0,    0,    'I',  'E',
	                                       'N', 'D', 0xAE, 0x42, 0x60, 0x82};
	/* signature (8) + IHDR (4 length, 4 type, 13 data, 4 CRC) + IEND (12) */
	if (len < 8 + 25 + 12 || memcmp(p, sig, 8) != 0)
		return false;
	if (be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
		return false;
	if (be32(p + 16) == 0 || be32(p + 20) == 0) /* width, height */
		return false;
	return memcmp(p + len - 12, iend, 12) == 0;
}

case_mime case_sniff(const unsigned char *data, size_t len)
{
	if (!data || len == 0)
		return CM_NONE;
	if (pdf_like(data, len))
		return CM_PDF;
	if (png_like(data, len))
		return CM_PNG;
	if (jpeg_like(data, len))
		return CM_JPEG;
	return CM_NONE;
}

const char *case_mime_type(case_mime m)
{
	switch (m) {
	case CM_PDF:
		return "application/pdf";
	case CM_JPEG:
		return "image/jpeg";
	case CM_PNG:
		return "image/png";
	default:
		return NULL;
	}
}

/* ---- the application form ---- */

static os_err form_problem(struct cat_problem *p, const char *name, const char *reason)
{
	if (p) {
		if (name)
			snprintf(p->field, sizeof p->field, "form.%s", name);
		else
			snprintf(p->field, sizeof p->field, "form");
		snprintf(p->reason, sizeof p->reason, "%s", reason);
	}
	return OS_ERR_INVALID;
}

static bool decimal_ok(const char *s)
{
	if (*s == '-')
		s++;
	size_t digits = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (!digits)
		return false;
	if (*s == '.') {
		s++;
		digits = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			digits++;
		if (!digits)
			return false;
	}
	return *s == '\0';
}

static bool form_phone_ok(const char *s)
{
	size_t n = strlen(s), digits = 0;
	if (n < 5 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '+' && s[i] != '-' && s[i] != ' ')
			return false;
	}
	return digits >= 5;
}

static size_t form_cap(cat_field_type t)
{
	switch (t) {
	case CAT_FT_TEXT:
	case CAT_FT_ADDRESS:
		return CASE_FORM_TEXT_MAX;
	case CAT_FT_TEXTAREA:
		return CASE_FORM_AREA_MAX;
	default:
		return CASE_FORM_SHORT_MAX;
	}
}

/* One value against its field: NULL or an English reason. */
static const char *form_value(const cat_field *f, const json_t *v, os_date today)
{
	if (f->type == CAT_FT_BOOL)
		return json_is_boolean(v) ? NULL : "true or false";
	if (f->type == CAT_FT_NUMBER && json_is_number(v))
		return NULL;
	if (!json_is_string(v))
		return "a string";
	const char *s = json_string_value(v);
	size_t cap = form_cap(f->type);
	if (!cat_text_ok(s, cap * 4, f->type == CAT_FT_TEXTAREA))
		return f->type == CAT_FT_TEXTAREA ? "text (lines of printable characters)"
		                                  : "text on one line";
	if (cat_utf8_chars(s) > cap) {
		switch (cap) {
		case CASE_FORM_TEXT_MAX:
			return "at most 200 characters";
		case CASE_FORM_AREA_MAX:
			return "at most 1000 characters";
		default:
			return "at most 64 characters";
		}
	}
	const char *why = NULL;
	switch (f->type) {
	case CAT_FT_NUMBER:
		return decimal_ok(s) ? NULL : "a number such as 12 or 3.50";
	case CAT_FT_DATE: {
		os_date d;
		return os_date_parse(s, strlen(s), &d) == OS_OK ? NULL
		                                                : "a real date written YYYY-MM-DD";
	}
	case CAT_FT_ID_NUMBER: {
		os_id_info info;
		if (os_id_check(s, strlen(s), today, &info, &why) == OS_OK)
			return NULL;
		return "not a valid resident ID number (GB 11643)";
	}
	case CAT_FT_USCC: {
		os_uscc_info info;
		if (os_uscc_check(s, strlen(s), &info, &why) == OS_OK)
			return NULL;
		return "not a valid unified social credit code (GB 32100)";
	}
	case CAT_FT_PHONE:
		return form_phone_ok(s) ? NULL : "5 to 20 characters: digits, spaces, '-' and '+'";
	default:
		return NULL;
	}
}

static bool form_empty(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0);
}

os_err case_form_check(const struct cat_field *fields, size_t n, const char *form_json,
                       os_date today, unsigned flags, struct cat_problem *p)
{
	if (p)
		memset(p, 0, sizeof *p);
	if (form_json && strlen(form_json) > CASE_FORM_MAX)
		return form_problem(p, NULL, "at most 64 KiB");
	json_t *o = NULL;
	if (form_json && form_json[0]) {
		json_error_t jerr;
		o = json_loads(form_json, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(o)) {
			json_decref(o);
			return form_problem(p, NULL, "a JSON object of the item's fields");
		}
	}
	os_err e = OS_OK;
	/* names the item does not know */
	const char *k;
	json_t *v;
	if (o && !(flags & CASE_FORM_ANY_EXTRA)) {
		json_object_foreach(o, k, v)
		{
			bool known = false;
			for (size_t i = 0; i < n && !known; i++)
				known = !strcmp(fields[i].name, k);
			if (!known) {
				char name[CAT_FIELD_NAME];
				snprintf(name, sizeof name, "%s", k);
				e = form_problem(p, name, "not a field of this item's form");
				break;
			}
		}
	}
	for (size_t i = 0; !e && i < n; i++) {
		const cat_field *f = &fields[i];
		v = o ? json_object_get(o, f->name) : NULL;
		if (form_empty(v)) {
			if (f->required && !(flags & CASE_FORM_NO_REQUIRED))
				e = form_problem(p, f->name, "required");
			continue;
		}
		const char *why = form_value(f, v, today);
		if (why)
			e = form_problem(p, f->name, why);
	}
	json_decref(o);
	return e;
}

/* ---- the applicant's identity number ---- */

/* 17 digits, a digit or X, and a birth date in positions 7-14: a resident
 * ID (perhaps mistyped), never read as a credit code (one in 31 wrong IDs
 * would pass the credit code's MOD 31 check). */
static bool id_shaped(const char *s, size_t len)
{
	if (len != OS_ID_LEN)
		return false;
	for (size_t i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (!(s[17] == 'X' || s[17] == 'x' || (s[17] >= '0' && s[17] <= '9')))
		return false;
	int y = 0, m = 0, d = 0;
	for (size_t i = 6; i < 10; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	return y >= 1800 && os_date_valid_ymd(y, m, d);
}

case_id_kind case_id_number(const char *s, os_date today, char out[19], const char **why)
{
	out[0] = '\0';
	const char *w = NULL;
	if (!s || !s[0]) {
		if (why)
			*why = "empty";
		return CID_NONE;
	}
	size_t len = strlen(s);
	os_id_info id;
	if (os_id_check(s, len, today, &id, &w) == OS_OK) {
		memcpy(out, id.id, OS_ID_LEN + 1);
		return CID_RESIDENT;
	}
	const char *wu = NULL;
	os_uscc_info u;
	if (!id_shaped(s, len) && os_uscc_check(s, len, &u, &wu) == OS_OK) {
		memcpy(out, u.uscc, OS_USCC_LEN + 1);
		return CID_USCC;
	}
	/* the reason about what the number looks like: letters make it a code */
	bool letters = false;
	for (size_t i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z' && s[i] != 'X') ||
		    (s[i] >= 'a' && s[i] <= 'z' && s[i] != 'x'))
			letters = true;
	if (why)
		*why = letters ? wu : w;
	return CID_NONE;
}

void case_mask_id_number(const char *s, char *out, size_t cap)
{
	if (!cap)
		return;
	out[0] = '\0';
	if (!s || !s[0])
		return;
	size_t len = strlen(s);
	os_uscc_info u;
	const char *w;
	bool digits = id_shaped(s, len);
	bool uscc = !digits && len == OS_USCC_LEN && os_uscc_check(s, len, &u, &w) == OS_OK;
	if (len == 18 && cap > 18 && (digits || uscc)) {
		size_t keep = digits ? 6 : 8;
		for (size_t i = 0; i < 18; i++)
			out[i] = i < keep || i >= 14 ? s[i] : '*';
		out[18] = '\0';
		return;
	}
	snprintf(out, cap, "%s", "******");
}
