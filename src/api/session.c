/* session.c - sign in, sign out, and "who am I". */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "api/api.h"
#include "core/roles.h"
#include "http/app.h"
#include "http/session.h"

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

void api_me(http_req *r, http_resp *w)
{
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

void api_session_create(http_req *r, http_resp *w)
{
	const char *login = json_string_value(json_object_get(r->body, "login"));
	const char *pw = json_string_value(json_object_get(r->body, "password"));
	size_t pwlen = json_string_length(json_object_get(r->body, "password"));
	store_user u;
	os_err e = store_user_by_login(r->app->st, login, &u);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read accounts");
		return;
	}
	bool ok;
	if (e == OS_ERR_NOT_FOUND) {
		pthread_once(&dummy_once, make_dummy);
		int dummy = crypto_pwhash_str_verify(dummy_hash, pw, pwlen);
		(void)dummy;
		ok = false;
	} else {
		ok = crypto_pwhash_str_verify(u.password_hash, pw, pwlen) == 0 && !u.disabled;
	}
	if (!ok) {
		store_audit(r->app->st, r->now, e ? 0 : u.id, "login.failed", login, "");
		resp_problem(w, 401, "bad-credentials", "Sign-in failed",
		             "wrong user name or password", NULL);
		return;
	}
	e = session_start(r, w, u.id);
	if (e) {
		resp_error(w, e, "cannot start a session");
		return;
	}
	store_audit(r->app->st, r->now, u.id, "login", login, "");
	const role_info *ri = role_by_key(u.role);
	resp_json(w, 200,
	          json_pack("{s:o, s:o}", "user", api_user_json(&u), "capabilities",
	                    capabilities(ri ? ri->capabilities : NULL)));
}

void api_session_delete(http_req *r, http_resp *w)
{
	os_err e = session_end(r, w);
	if (e) {
		resp_error(w, e, "cannot end the session");
		return;
	}
	store_audit(r->app->st, r->now, r->user ? r->user->id : 0, "logout", "", "");
	w->status = 204;
	w->content_type = NULL;
	buf_reset(&w->body);
}
