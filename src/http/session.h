/* session.h - opaque session tokens in an HttpOnly, SameSite=Strict cookie.
 *
 * A token is 32 bytes from libsodium's CSPRNG, sent base64url-encoded; the
 * store keeps only its SHA-256. */
#ifndef ONESTOP_HTTP_SESSION_H
#define ONESTOP_HTTP_SESSION_H

#include "http/http.h"

#define SESSION_COOKIE    "os_session"
#define SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

/* Resolve the request's session cookie into r->user and r->role (ROLE_ANON
 * when absent or not valid). */
void session_resolve(http_req *r);
/* Start a session for user_id and add its Set-Cookie header to w. */
os_err session_start(http_req *r, http_resp *w, int64_t user_id);
/* End the request's session (if any) and clear the cookie. */
os_err session_end(http_req *r, http_resp *w);

#endif
