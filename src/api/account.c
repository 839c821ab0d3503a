/* account.c - one's own account (issue 3): profile with masked personal
 * data, password change, and the second factor (enrol an authenticator app
 * with a QR code, confirm it with a first code, remove it where the policy
 * allows).
 *
 * Enrolment is reachable from a session whose second factor is pending
 * (routes marked .mfa_ok): an administrator without an authenticator signs
 * in with the password, enrols, and the confirming code completes his
 * sign-in. */
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/mem.h"
#include "core/account.h"
#include "core/totp.h"
#include "http/app.h"

#define LOCK_AFTER 5
#define LOCK_SECS  900

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

void api_account_get(http_req *r, http_resp *w)
{
	const store_user *u = r->user;
	store_user_row row;
	char phone[64] = "", idn[32] = "";
	os_err e = store_user_get(r->app->st, u->id, &row);
	if (!e)
		e = store_user_get_personal(r->app->st, u->id, phone, sizeof phone, idn,
		                            sizeof idn);
	if (e) {
		resp_error(w, e, "cannot read the account");
		return;
	}
	json_t *j = api_user_json(u);
	char m[64];
	api_mask_phone(phone, m, sizeof m);
	json_object_set_new(j, "phone", m[0] ? json_string(m) : json_null());
	api_mask_id(idn, m, sizeof m);
	json_object_set_new(j, "id_number", m[0] ? json_string(m) : json_null());
	sodium_memzero(phone, sizeof phone);
	sodium_memzero(idn, sizeof idn);
	json_object_set_new(j, "totp_enabled", json_boolean(row.totp_enabled));
	json_object_set_new(j, "totp_required", json_boolean(api_totp_required(r, u->role)));
	json_object_set_new(j, "password_changed_at", time_json(row.password_changed_at));
	json_object_set_new(j, "created_at", time_json(row.created_at));
	resp_json(w, 200, j);
}

void api_account_password(http_req *r, http_resp *w)
{
	const store_user *u = r->user;
	json_t *cur = json_object_get(r->body, "current"), *nw = json_object_get(r->body, "new");
	const char *current = json_string_value(cur), *next = json_string_value(nw);
	size_t clen = json_string_length(cur), nlen = json_string_length(nw);
	if (crypto_pwhash_str_verify(u->password_hash, current, clen) != 0) {
		/* A wrong current password counts like a failed sign-in. */
		store_login_state ls;
		store_login_failure(r->app->st, u->id, r->now,
		                    api_role_is_staff(u->role) ? LOCK_AFTER : 0, LOCK_SECS, &ls);
		resp_problem(w, 422, "wrong-password", "Password refused",
		             "the current password is wrong", "current");
		return;
	}
	const char *why;
	if (password_check(u->login, next, nlen, &why) != OS_OK) {
		resp_problem(w, 422, "weak-password", "Password refused", why, "new");
		return;
	}
	if (clen == nlen && sodium_memcmp(current, next, clen) == 0) {
		resp_problem(w, 422, "weak-password", "Password refused",
		             "the new password must differ from the current one", "new");
		return;
	}
	char hash[crypto_pwhash_STRBYTES];
	uint8_t keep[32];
	api_session_hash(r->session_cookie ? r->session_cookie : "", keep);
	os_err e = api_password_hash(next, nlen, hash);
	if (!e)
		e = store_user_set_password(r->app->st, u->id, hash, r->now, keep);
	if (e) {
		resp_error(w, e, "cannot change the password");
		return;
	}
	/* Other sessions of the account have ended; this one goes on. */
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}

/* The QR code of text as an SVG document (ASCII, caller frees), one square
 * per dark module on a white square with a quiet zone of 4 modules. */
static char *qr_svg(const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return NULL;
	const int n = q->width, size = n + 8;
	buf b;
	buf_init(&b, 256 * 1024);
	os_err e =
	    buf_printf(&b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	               " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
	               "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	               size, size, size * 5, size * 5, size, size);
	for (int y = 0; y < n && !e; y++) {
		for (int x = 0; x < n && !e; x++) {
			if (!(q->data[y * n + x] & 1))
				continue;
			int run = 1;
			while (x + run < n && (q->data[y * n + x + run] & 1))
				run++;
			e = buf_printf(&b, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
			x += run - 1;
		}
	}
	if (!e)
		e = buf_adds(&b, "\"/></svg>");
	QRcode_free(q);
	if (e) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

void api_account_totp_enrol(http_req *r, http_resp *w)
{
	const store_user *u = r->user;
	uint8_t key[TOTP_SECRET_BYTES];
	char secret[TOTP_SECRET_B32], uri[TOTP_URI_MAX];
	randombytes_buf(key, sizeof key);
	totp_base32_encode(key, sizeof key, secret, sizeof secret);
	sodium_memzero(key, sizeof key);
	os_err e = totp_uri(u->login, secret, uri, sizeof uri);
	if (!e)
		e = store_totp_set_secret(r->app->st, u->id, secret);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "totp-enrolled", "Already enrolled",
		             "an authenticator is enrolled already; remove it first", NULL);
		goto out;
	}
	if (e) {
		resp_error(w, e, "cannot enrol");
		goto out;
	}
	char *svg = qr_svg(uri);
	if (!svg) {
		resp_error(w, OS_ERR_INTERNAL, "cannot draw the QR code");
		goto out;
	}
	resp_json(w, 200,
	          json_pack("{s:s, s:s, s:s, s:i, s:i}", "secret", secret, "uri", uri, "qr_svg",
	                    svg, "digits", TOTP_DIGITS, "period", TOTP_PERIOD));
	free(svg);
out:
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(uri, sizeof uri);
}

void api_account_totp_confirm(http_req *r, http_resp *w)
{
	const store_user *u = r->user;
	store_totp t;
	os_err e = store_totp_get(r->app->st, u->id, &t);
	if (e) {
		resp_error(w, e, "cannot read the second factor");
		return;
	}
	if (t.enabled || !t.secret[0]) {
		sodium_memzero(&t, sizeof t);
		resp_problem(w, 409, t.enabled ? "totp-enrolled" : "totp-not-enrolled",
		             t.enabled ? "Already enrolled" : "Nothing to confirm",
		             t.enabled ? "the authenticator is confirmed already"
		                       : "start with POST /api/v1/account/totp/enrol",
		             NULL);
		return;
	}
	uint8_t key[64];
	size_t keylen = 0;
	e = totp_base32_decode(t.secret, strlen(t.secret), key, sizeof key, &keylen);
	int64_t step = 0;
	os_err v = e ? e
	             : totp_verify(key, keylen, json_string_value(json_object_get(r->body, "code")),
	                           r->now, t.last_step, &step);
	sodium_memzero(key, sizeof key);
	sodium_memzero(&t, sizeof t);
	if (v == OS_ERR_INVALID || v == OS_ERR_CONFLICT) {
		if (r->mfa_pending) {
			store_login_state ls;
			store_login_failure(r->app->st, u->id, r->now,
			                    api_role_is_staff(u->role) ? LOCK_AFTER : 0, LOCK_SECS,
			                    &ls);
		}
		resp_problem(w, 422, "bad-code", "Wrong code",
		             "the code does not match: check the time of your phone and enter the "
		             "code shown now",
		             "code");
		return;
	}
	if (v) {
		resp_error(w, v, "cannot check the code");
		return;
	}
	e = store_totp_enable(r->app->st, u->id, step);
	bool completed = false;
	if (!e && r->mfa_pending) {
		/* The first code of the new authenticator is the second factor
		 * of this sign-in. */
		e = store_login_success(r->app->st, u->id);
		if (!e)
			e = api_session_complete_mfa(r);
		completed = !e;
	}
	if (e) {
		resp_error(w, e, "cannot enable the second factor");
		return;
	}
	json_t *j = completed ? api_signin_json(u) : json_object();
	json_object_set_new(j, "totp_enabled", json_true());
	json_object_set_new(j, "signed_in", json_boolean(completed));
	resp_json(w, 200, j);
}

void api_account_totp_delete(http_req *r, http_resp *w)
{
	if (api_totp_required(r, r->user->role)) {
		resp_problem(w, 403, "totp-required", "Second factor required",
		             "accounts of your role must keep an authenticator", NULL);
		return;
	}
	os_err e = store_totp_disable(r->app->st, r->user->id);
	if (e) {
		resp_error(w, e, "cannot remove the second factor");
		return;
	}
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}
