/* session.c - sign in (password, then the one-time code when due), sign out,
 * and "who am I".
 *
 * Sign-in policy (issue 3, docs/security.md):
 *  - The same 401 "wrong user name or password" for an unknown account, a
 *    wrong password, a disabled account and a locked one; the audit row
 *    says which (result failed / locked, detail).
 *  - Staff accounts are locked for LOCK_SECS after LOCK_AFTER consecutive
 *    failures (passwords and one-time codes alike); citizens, enterprises
 *    and agencies are never locked: the router throttles sign-in per address
 *    and account instead (429 with Retry-After).
 *  - Accounts whose role is in the setting totp_required_roles (the three
 *    administrator duties by default), and every account that enrolled a
 *    second factor, get a session whose second factor is pending: answer 200
 *    {"mfa_required": true, "enrol": false}. Such a session reaches only the
 *    routes marked .mfa_ok (the code step, sign-out, "who am I" and the
 *    enrolment of a second factor); POST /api/v1/session/totp with a good
 *    code completes it.
 *  - An account that must use a second factor but has none yet gets the
 *    same pending session with "enrol": true: it may only enrol (POST
 *    /api/v1/account/totp/enrol, then .../confirm), and confirming the first
 *    code completes the sign-in. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/account.h"
#include "core/roles.h"
#include "core/totp.h"
#include "http/app.h"
#include "http/session.h"

#define LOCK_AFTER 5   /* consecutive failures that lock a staff account */
#define LOCK_SECS  900 /* for 15 minutes */

json_t *api_user_json(const store_user *u)
{
	const role_info *ri = role_by_key(u->role);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "login", u->login,
	                      "display_name", u->display_name, "role", u->role);
	if (ri)
		json_object_set_new(j, "role_name",
		                    json_pack("{s:s, s:s}", "zh", ri->name_zh, "en", ri->name_en));
	json_object_set_new(j, "site",
	                    u->site_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->site_id,
	                                           "name", u->site_name, "name_en", u->site_name_en)
	                               : json_null());
	json_object_set_new(j, "department",
	                    u->department_id
	                        ? json_pack("{s:I, s:s}", "id", (json_int_t)u->department_id,
	                                    "name", u->department_name)
	                        : json_null());
	return j;
}

static json_t *capabilities(const char *const *caps)
{
	json_t *a = json_array();
	for (; caps && *caps; caps++)
		json_array_append_new(a, json_string(*caps));
	return a;
}

json_t *api_signin_json(const store_user *u)
{
	const role_info *ri = role_by_key(u->role);
	return json_pack("{s:o, s:o}", "user", api_user_json(u), "capabilities",
	                 capabilities(ri ? ri->capabilities : NULL));
}

bool api_role_is_staff(const char *role)
{
	const role_info *ri = role_by_key(role);
	return ri && (ri->role & ROLES_STAFF);
}

bool api_totp_required(const http_req *r, const char *role)
{
	return role_in_list(r->app->cfg->totp_required_roles, role);
}

void api_session_hash(const char *token, uint8_t out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void api_audit_event(http_req *r, int64_t actor_id, const char *actor_role, const char *result,
                     const char *detail)
{
	store_audit_row row;
	memset(&row, 0, sizeof row);
	row.actor_id = actor_id;
	snprintf(row.actor_role, sizeof row.actor_role, "%s",
	         actor_role ? actor_role : "anonymous");
	snprintf(row.action, sizeof row.action, "%s %s", r->method,
	         r->route ? r->route->pattern : r->path);
	snprintf(row.object, sizeof row.object, "%s", r->path);
	snprintf(row.result, sizeof row.result, "%s", result);
	snprintf(row.client, sizeof row.client, "%s", r->client);
	snprintf(row.request_id, sizeof row.request_id, "%s", r->request_id);
	snprintf(row.detail, sizeof row.detail, "%s", detail ? detail : "");
	if (store_audit_append(r->app->st, &row))
		fprintf(stderr, "onestop: audit: cannot append a row for %s\n", r->request_id);
}

os_err api_session_complete_mfa(http_req *r)
{
	if (!r->session_cookie)
		return OS_ERR_UNAUTHENTICATED;
	uint8_t h[32];
	api_session_hash(r->session_cookie, h);
	return store_session_mfa_clear(r->app->st, h);
}

void api_me(http_req *r, http_resp *w)
{
	if (r->user && r->mfa_pending) {
		/* Signed in with the password only: say what is due, nothing else. */
		store_user_row row;
		os_err e = store_user_get(r->app->st, r->user->id, &row);
		if (e) {
			resp_error(w, e, "cannot read the account");
			return;
		}
		resp_json(w, 200,
		          json_pack("{s:b, s:b, s:b, s:s, s:o}", "authenticated", 0, "mfa_pending",
		                    1, "mfa_enrol", !row.totp_enabled, "login", r->user->login,
		                    "capabilities", capabilities(roles_public_capabilities())));
		return;
	}
	if (!r->user) {
		resp_json(w, 200,
		          json_pack("{s:b, s:o}", "authenticated", 0, "capabilities",
		                    capabilities(roles_public_capabilities())));
		return;
	}
	const role_info *ri = role_by_key(r->user->role);
	resp_json(w, 200,
	          json_pack("{s:b, s:o, s:o}", "authenticated", 1, "user", api_user_json(r->user),
	                    "capabilities", capabilities(ri ? ri->capabilities : NULL)));
}

/* Verifying against this when the account does not exist keeps the answer
 * time the same for unknown users and wrong passwords. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy_hash, "not a password", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0'; /* verification below then fails, as it must */
}

static void bad_credentials(http_resp *w)
{
	resp_problem(w, 401, "bad-credentials", "Sign-in failed", "wrong user name or password",
	             NULL);
}

static void utc_text(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Count a failure; returns the state and says in detail what happened. */
static void count_failure(http_req *r, const store_user *u, const char *what, char *detail,
                          size_t cap, store_login_state *ls)
{
	bool staff = api_role_is_staff(u->role);
	os_err e =
	    store_login_failure(r->app->st, u->id, r->now, staff ? LOCK_AFTER : 0, LOCK_SECS, ls);
	if (e) {
		snprintf(detail, cap, "%s; failure not counted: %s", what, os_strerror(e));
		return;
	}
	if (staff && ls->locked_until > r->now) {
		char until[32];
		utc_text(ls->locked_until, until, sizeof until);
		snprintf(detail, cap, "%s; %d failures: locked until %s", what, LOCK_AFTER, until);
	} else {
		snprintf(detail, cap, "%s; failure %lld in a row", what,
		         (long long)ls->failed_logins);
	}
}

/* The hash of the session just started by session_start (the token is in
 * the Set-Cookie header it added). */
static bool started_session_hash(const http_resp *w, uint8_t out[32])
{
	for (int i = w->n_headers - 1; i >= 0; i--) {
		if (strcmp(w->headers[i].name, "Set-Cookie"))
			continue;
		const char *v = strchr(w->headers[i].value, '=');
		if (!v)
			return false;
		v++;
		size_t n = strcspn(v, ";");
		if (n != SESSION_TOKEN_LEN)
			return false;
		char token[SESSION_TOKEN_LEN + 1];
		memcpy(token, v, n);
		token[n] = '\0';
		api_session_hash(token, out);
		sodium_memzero(token, sizeof token);
		return true;
	}
	return false;
}

void api_session_create(http_req *r, http_resp *w)
{
	const char *login = json_string_value(json_object_get(r->body, "login"));
	const char *pw = json_string_value(json_object_get(r->body, "password"));
	size_t pwlen = json_string_length(json_object_get(r->body, "password"));
	store_user u;
	store_user_row row;
	os_err e = store_user_by_login(r->app->st, login, &u);
	if (!e)
		e = store_user_get(r->app->st, u.id, &row);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read accounts");
		return;
	}
	char detail[200];
	if (e == OS_ERR_NOT_FOUND) {
		pthread_once(&dummy_once, make_dummy);
		int dummy = crypto_pwhash_str_verify(dummy_hash, pw, pwlen);
		(void)dummy;
		api_audit_event(r, 0, "anonymous", "failed", "unknown account");
		bad_credentials(w);
		return;
	}
	/* The password is verified in every case, so that the answer takes the
	 * same time whatever the reason for a refusal. */
	bool pw_ok = crypto_pwhash_str_verify(u.password_hash, pw, pwlen) == 0;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (u.disabled) {
		api_audit_event(r, u.id, u.role, "failed", "account disabled");
		bad_credentials(w);
		return;
	}
	if (api_role_is_staff(u.role) && row.locked_until > r->now) {
		char until[32];
		utc_text(row.locked_until, until, sizeof until);
		snprintf(detail, sizeof detail, "account locked until %s; password %s", until,
		         pw_ok ? "right" : "wrong");
		api_audit_event(r, u.id, u.role, "locked", detail);
		bad_credentials(w);
		return;
	}
	if (!pw_ok) {
		store_login_state ls;
		count_failure(r, &u, "wrong password", detail, sizeof detail, &ls);
		api_audit_event(r, u.id, u.role, ls.locked_until > r->now ? "locked" : "failed",
		                detail);
		bad_credentials(w);
		return;
	}
	bool mfa = row.totp_enabled || api_totp_required(r, u.role);
	if (row.failed_logins || row.locked_until) {
		/* Without a second factor the password completes the sign-in;
		 * with one, the counter is cleared only by a good code. */
		if (!mfa && (e = store_login_success(r->app->st, u.id))) {
			resp_error(w, e, "cannot record the sign-in");
			return;
		}
	}
	/* The session's audit row names who signed in, not "anonymous". */
	r->audit.actor_id = u.id;
	snprintf(r->audit.actor_role, sizeof r->audit.actor_role, "%s", u.role);
	e = session_start(r, w, u.id);
	if (e) {
		resp_error(w, e, "cannot start a session");
		return;
	}
	if (!mfa) {
		resp_json(w, 200, api_signin_json(&u));
		return;
	}
	uint8_t h[32];
	if (!started_session_hash(w, h)) {
		resp_problem(w, 500, "internal", "Internal error", "cannot mark the session", NULL);
		return;
	}
	e = store_session_mfa_set(r->app->st, h);
	if (e) {
		store_audit_context_set(NULL);
		store_session_delete(r->app->st, h); /* never hand out a full session instead */
		store_audit_context_set(&r->audit);
		resp_error(w, e, "cannot start a session");
		return;
	}
	api_audit_event(r, u.id, u.role, "mfa_pending",
	                row.totp_enabled ? "password right; one-time code due"
	                                 : "password right; second factor must be enrolled");
	resp_json(w, 200, json_pack("{s:b, s:b}", "mfa_required", 1, "enrol", !row.totp_enabled));
}

void api_session_totp(http_req *r, http_resp *w)
{
	const store_user *u = r->user;
	if (!r->mfa_pending) {
		resp_problem(w, 409, "no-mfa-pending", "Nothing to confirm",
		             "this session does not owe a one-time code", NULL);
		return;
	}
	store_totp t;
	os_err e = store_totp_get(r->app->st, u->id, &t);
	if (e) {
		resp_error(w, e, "cannot read the second factor");
		return;
	}
	if (!t.enabled) {
		sodium_memzero(&t, sizeof t);
		resp_problem(w, 409, "totp-not-enrolled", "No authenticator enrolled",
		             "enrol an authenticator first (POST /api/v1/account/totp/enrol)",
		             NULL);
		return;
	}
	uint8_t key[64];
	size_t keylen = 0;
	e = totp_base32_decode(t.secret, strlen(t.secret), key, sizeof key, &keylen);
	if (e) {
		sodium_memzero(&t, sizeof t);
		resp_error(w, OS_ERR_INTERNAL, "the stored second factor is unreadable");
		return;
	}
	const char *code = json_string_value(json_object_get(r->body, "code"));
	int64_t step = 0;
	os_err v = totp_verify(key, keylen, code, r->now, t.last_step, &step);
	sodium_memzero(key, sizeof key);
	sodium_memzero(&t, sizeof t);
	if (v == OS_OK && (e = store_totp_use_step(r->app->st, u->id, step)))
		v = e == OS_ERR_CONFLICT ? OS_ERR_CONFLICT : e;
	if (v != OS_OK) {
		if (v != OS_ERR_INVALID && v != OS_ERR_CONFLICT) {
			resp_error(w, v, "cannot check the code");
			return;
		}
		char detail[200];
		store_login_state ls;
		count_failure(
		    r, u, v == OS_ERR_CONFLICT ? "one-time code replayed" : "wrong one-time code",
		    detail, sizeof detail, &ls);
		bool locked = ls.locked_until > r->now;
		if (locked || ls.failed_logins >= LOCK_AFTER) {
			/* Too many wrong codes: the password step must be done again.
			 * (Not an "ok" row of this request: the row below says it.) */
			store_audit_context_set(NULL);
			session_end(r, w);
			store_audit_context_set(&r->audit);
			size_t l = strlen(detail);
			snprintf(detail + l, sizeof detail - l, "; session ended");
		}
		api_audit_event(r, u->id, u->role, locked ? "locked" : "failed", detail);
		resp_problem(w, 401, "bad-code", "Wrong code",
		             "the one-time code is wrong or was used already", "code");
		return;
	}
	if ((e = store_login_success(r->app->st, u->id)) || (e = api_session_complete_mfa(r))) {
		resp_error(w, e, "cannot complete the sign-in");
		return;
	}
	resp_json(w, 200, api_signin_json(u));
}

void api_session_delete(http_req *r, http_resp *w)
{
	os_err e = session_end(r, w);
	if (e) {
		resp_error(w, e, "cannot end the session");
		return;
	}
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}
