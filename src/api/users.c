/* users.c - account administration (issue 3): the security administrator
 * (安全管理员) creates, disables, enables accounts and resets passwords; the
 * system administrator may list them. Personal data is masked in every
 * answer except GET /api/v1/users/{id}/personal (the reveal, security
 * administrator only, audited by the router as a personal-data read).
 *
 * Separation of duties (三权分立): an account has exactly one role (one
 * role key, never a list), and a person (resident ID number) has at most one
 * account, so the system, security and audit administrator duties are held
 * by separate people when their ID numbers are recorded. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/ident.h"
#include "core/account.h"
#include "core/roles.h"
#include "http/app.h"

/* ---- shared helpers (api.h) ---- */

void api_mask_id(const char *id, char *out, size_t cap)
{
	if (!id || !id[0]) {
		if (cap)
			out[0] = '\0';
		return;
	}
	if (os_mask_id(id, out, cap) != OS_OK) {
		/* Not an 18-character number: show its length only. */
		size_t n = strlen(id);
		if (n >= cap)
			n = cap - 1;
		memset(out, '*', n);
		out[n] = '\0';
	}
}

void api_mask_phone(const char *phone, char *out, size_t cap)
{
	size_t n = phone ? strlen(phone) : 0;
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (n >= 8 && (i < 3 || i >= n - 4)) ? phone[i] : '*';
	out[n] = '\0';
}

os_err api_password_hash(const char *pw, size_t len, char out[128])
{
	if (crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return OS_ERR_NOMEM;
	return OS_OK;
}

static json_t *time_json(int64_t t)
{
	if (t <= 0)
		return json_null();
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

/* An account as administrators see it: no hash, no secret, no personal data. */
static json_t *user_admin_json(http_req *r, const store_user_row *u)
{
	const role_info *ri = role_by_key(u->role);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "login", u->login,
	                      "display_name", u->display_name, "role", u->role);
	json_object_set_new(j, "role_name",
	                    ri ? json_pack("{s:s, s:s}", "zh", ri->name_zh, "en", ri->name_en)
	                       : json_null());
	json_object_set_new(j, "site",
	                    u->site_id ? json_pack("{s:I, s:s, s:s, s:s}", "id",
	                                           (json_int_t)u->site_id, "code", u->site_code,
	                                           "name", u->site_name, "name_en", u->site_name_en)
	                               : json_null());
	json_object_set_new(
	    j, "department",
	    u->department_id ? json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->department_id,
	                                 "code", u->department_code, "name", u->department_name,
	                                 "name_en", u->department_name_en)
	                     : json_null());
	bool locked = api_role_is_staff(u->role) && u->locked_until > r->now;
	json_object_set_new(j, "disabled", json_boolean(u->disabled));
	json_object_set_new(j, "locked", json_boolean(locked));
	json_object_set_new(j, "locked_until", locked ? time_json(u->locked_until) : json_null());
	json_object_set_new(j, "totp_enabled", json_boolean(u->totp_enabled));
	json_object_set_new(j, "totp_required", json_boolean(api_totp_required(r, u->role)));
	json_object_set_new(j, "created_at", time_json(u->created_at));
	json_object_set_new(j, "password_changed_at", time_json(u->password_changed_at));
	return j;
}

/* With the personal data masked. */
static json_t *user_detail_json(http_req *r, const store_user_row *u, const char *phone,
                                const char *id_number)
{
	json_t *j = user_admin_json(r, u);
	char m[64];
	api_mask_phone(phone, m, sizeof m);
	json_object_set_new(j, "phone", m[0] ? json_string(m) : json_null());
	api_mask_id(id_number, m, sizeof m);
	json_object_set_new(j, "id_number", m[0] ? json_string(m) : json_null());
	return j;
}

/* Answer with one account as it is now (after a change). */
static void answer_user(http_req *r, http_resp *w, int64_t id, int status)
{
	store_user_row u;
	char phone[64] = "", idn[32] = "";
	os_err e = store_user_get(r->app->st, id, &u);
	if (!e)
		e = store_user_get_personal(r->app->st, id, phone, sizeof phone, idn, sizeof idn);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such account" : "cannot read the account");
		return;
	}
	json_t *j = user_detail_json(r, &u, phone, idn);
	sodium_memzero(phone, sizeof phone);
	sodium_memzero(idn, sizeof idn);
	resp_json(w, status, j);
}

/* ---- handlers ---- */

void api_users_list(http_req *r, http_resp *w)
{
	store_user_filter f = {.role = req_query(r, "role"),
	                       .site_code = req_query(r, "site_code"),
	                       .disabled = -1,
	                       .limit = req_query_int(r, "limit", 50),
	                       .offset = req_query_int(r, "offset", 0)};
	if (f.role && !role_by_key(f.role)) {
		resp_problem(w, 422, "invalid", "Invalid query parameter", "no such role", "role");
		return;
	}
	const char *d = req_query(r, "disabled");
	if (d)
		f.disabled = !strcmp(d, "true");
	store_user_list l;
	os_err e = store_users_list(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot list accounts");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, user_admin_json(r, &l.rows[i]));
	resp_json(w, 200,
	          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)l.total,
	                    "limit", (json_int_t)f.limit, "offset", (json_int_t)f.offset));
	store_user_list_free(&l);
}

void api_user_get(http_req *r, http_resp *w)
{
	answer_user(r, w, req_param_id(r, "id"), 200);
}

void api_user_personal(http_req *r, http_resp *w)
{
	int64_t id = req_param_id(r, "id");
	store_user_row u;
	char phone[64] = "", idn[32] = "";
	os_err e = store_user_get(r->app->st, id, &u);
	if (!e)
		e = store_user_get_personal(r->app->st, id, phone, sizeof phone, idn, sizeof idn);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such account" : "cannot read the account");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)u.id, "login", u.login,
	                    "phone", phone[0] ? json_string(phone) : json_null(), "id_number",
	                    idn[0] ? json_string(idn) : json_null()));
	sodium_memzero(phone, sizeof phone);
	sodium_memzero(idn, sizeof idn);
}

/* A phone number without spaces and hyphens: an optional + and 5 to 15
 * digits. Returns false when malformed. */
static bool phone_normalise(const char *in, char *out, size_t cap)
{
	size_t o = 0, digits = 0;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		bool plus = *p == '+' && o == 0;
		if (!plus && (*p < '0' || *p > '9'))
			return false;
		if (o + 1 >= cap)
			return false;
		out[o++] = *p;
		digits += !plus;
	}
	out[o] = '\0';
	return digits >= 5 && digits <= 15;
}

static const char *body_str(http_req *r, const char *name)
{
	const char *v = json_string_value(json_object_get(r->body, name));
	return v && v[0] ? v : NULL;
}

void api_user_create(http_req *r, http_resp *w)
{
	store_user_new u = {
	    .login = body_str(r, "login"),
	    .display_name = body_str(r, "display_name"),
	    .role = body_str(r, "role"),
	    .site_code = body_str(r, "site_code"),
	    .department_code = body_str(r, "department_code"),
	};
	const char *pw = body_str(r, "password");
	const char *phone_in = body_str(r, "phone");
	const char *id_in = body_str(r, "id_number");
	const char *why;
	if (!account_login_ok(u.login)) {
		resp_problem(
		    w, 422, "invalid", "Invalid field",
		    "3 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter "
		    "or digit",
		    "login");
		return;
	}
	if (!u.display_name) {
		resp_problem(w, 422, "invalid", "Invalid field", "a name is required",
		             "display_name");
		return;
	}
	const char *field = NULL;
	if (account_placement_check(u.role, u.site_code, u.department_code, &field, &why)) {
		resp_problem(w, 422, "invalid", "Invalid field", why, field);
		return;
	}
	if (!pw || password_check(u.login, pw, strlen(pw), &why) != OS_OK) {
		resp_problem(w, 422, "weak-password", "Password refused",
		             pw ? why : "a password is required", "password");
		return;
	}
	char phone[24] = "";
	if (phone_in && !phone_normalise(phone_in, phone, sizeof phone)) {
		resp_problem(w, 422, "invalid", "Invalid field",
		             "a phone number: 5 to 15 digits, optionally with a leading +",
		             "phone");
		return;
	}
	os_id_info idi = {0};
	if (id_in) {
		os_date today;
		why = "not a resident ID number";
		if (os_date_from_unix(r->now, &today) ||
		    os_id_check(id_in, strlen(id_in), today, &idi, &why) != OS_OK) {
			resp_problem(w, 422, "invalid", "Invalid field", why, "id_number");
			return;
		}
	}
	u.phone = phone;
	u.id_number = idi.id;
	char hash[crypto_pwhash_STRBYTES];
	os_err e = api_password_hash(pw, strlen(pw), hash);
	if (e) {
		resp_error(w, e, "cannot hash the password");
		return;
	}
	u.password_hash = hash;
	int64_t id = 0;
	e = store_user_add(r->app->st, &u, r->now, &id, &field);
	sodium_memzero(phone, sizeof phone);
	sodium_memzero(&idi, sizeof idi);
	if (e == OS_ERR_CONFLICT && field && !strcmp(field, "id_number")) {
		resp_problem(w, 409, "conflict", "Conflict",
		             "this person already has an account (one account per person)",
		             "id_number");
		return;
	}
	if (e == OS_ERR_CONFLICT && field) {
		resp_problem(w, 409, "conflict", "Conflict", "this user name is taken", field);
		return;
	}
	if (e == OS_ERR_INVALID && field) {
		resp_problem(w, 422, "invalid", "Invalid field", "no such code", field);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot create the account");
		return;
	}
	answer_user(r, w, id, 201);
}

static void set_disabled(http_req *r, http_resp *w, bool disabled)
{
	int64_t id = req_param_id(r, "id");
	if (disabled && id == r->user->id) {
		resp_problem(w, 409, "conflict", "Conflict", "you cannot disable your own account",
		             NULL);
		return;
	}
	os_err e = store_user_set_disabled(r->app->st, id, disabled);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such account" : "cannot change the account");
		return;
	}
	answer_user(r, w, id, 200);
}

void api_user_disable(http_req *r, http_resp *w)
{
	set_disabled(r, w, true);
}

void api_user_enable(http_req *r, http_resp *w)
{
	set_disabled(r, w, false);
}

void api_user_reset_password(http_req *r, http_resp *w)
{
	int64_t id = req_param_id(r, "id");
	store_user_row u;
	os_err e = store_user_get(r->app->st, id, &u);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such account" : "cannot read the account");
		return;
	}
	const char *pw = api_body_str(r, "password");
	size_t len = json_string_length(json_object_get(r->body, "password"));
	const char *why;
	if (password_check(u.login, pw, len, &why) != OS_OK) {
		resp_problem(w, 422, "weak-password", "Password refused", why, "password");
		return;
	}
	char hash[crypto_pwhash_STRBYTES];
	if ((e = api_password_hash(pw, len, hash)) ||
	    (e = store_user_set_password(r->app->st, id, hash, r->now, NULL))) {
		resp_error(w, e, "cannot set the password");
		return;
	}
	answer_user(r, w, id, 200);
}

void api_user_totp_reset(http_req *r, http_resp *w)
{
	int64_t id = req_param_id(r, "id");
	os_err e = store_totp_reset(r->app->st, id);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such account" : "cannot reset");
		return;
	}
	answer_user(r, w, id, 200);
}
