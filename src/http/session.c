#include "http/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "http/app.h"

/* Find our cookie's value in a Cookie header; copies at most cap-1 bytes. */
static bool cookie_value(const char *hdr, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	const char *p = hdr;
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!strncmp(p, name, nl) && p[nl] == '=') {
			const char *v = p + nl + 1;
			size_t len = strcspn(v, ";");
			if (len == 0 || len >= cap)
				return false;
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
		p = strchr(p, ';');
	}
	return false;
}

/* Over TLS (behind a terminating proxy) the cookie gets the __Host- prefix:
 * Secure, no Domain, Path=/ - it cannot be set by a sibling subdomain. */
static const char *cookie_name(const http_req *r)
{
	return r->app->cfg->behind_tls ? "__Host-" SESSION_COOKIE : SESSION_COOKIE;
}

static void token_hash(const char *token, uint8_t out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void session_resolve(http_req *r)
{
	r->role = ROLE_ANON;
	r->user = NULL;
	const char *hdr = req_header(r, "Cookie");
	char token[64];
	if (!hdr || !cookie_value(hdr, cookie_name(r), token, sizeof token) ||
	    strlen(token) != SESSION_TOKEN_LEN)
		return;
	uint8_t h[32];
	token_hash(token, h);
	const app *a = r->app;
	if (store_session_get(a->st, h, r->now, a->cfg->session_idle_minutes * 60, &r->user_buf))
		return;
	const role_info *ri = role_by_key(r->user_buf.role);
	if (!ri)
		return;
	r->user = &r->user_buf;
	r->role = ri->role;
	r->mfa_pending = r->user_buf.mfa_pending;
	char *copy = req_alloc(r, sizeof token);
	memcpy(copy, token, sizeof token);
	r->session_cookie = copy;
}

os_err session_start(http_req *r, http_resp *w, int64_t user_id)
{
	uint8_t raw[32], h[32];
	char token[SESSION_TOKEN_LEN + 1];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(token, h);
	const app *a = r->app;
	int64_t expires = r->now + a->cfg->session_max_hours * 3600;
	os_err e = store_session_create(a->st, h, user_id, r->now, expires);
	if (e)
		return e;
	char cookie[200];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
	         cookie_name(r), token, a->cfg->session_max_hours * 3600,
	         a->cfg->behind_tls ? "; Secure" : "");
	resp_header(w, "Set-Cookie", cookie);
	sodium_memzero(raw, sizeof raw);
	return OS_OK;
}

os_err session_end(http_req *r, http_resp *w)
{
	os_err e = OS_OK;
	if (r->session_cookie) {
		uint8_t h[32];
		token_hash(r->session_cookie, h);
		e = store_session_delete(r->app->st, h);
	}
	char cookie[120];
	snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
	         cookie_name(r), r->app->cfg->behind_tls ? "; Secure" : "");
	resp_header(w, "Set-Cookie", cookie);
	return e;
}
