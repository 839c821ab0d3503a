/* router.c - from a collected request to a handler: match the declared
 * route, resolve the session, check the role and CSRF rules, validate the
 * query and the body, then call the handler. Nothing here speaks sockets;
 * server.c collects the request and sends the response. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/mem.h"
#include "core/roles.h"
#include "http/app.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/session.h"

/* ---- request helpers ---- */

void *req_alloc(http_req *r, size_t n)
{
	void *p = os_calloc(1, n);
	if (r->n_pool == (int)(sizeof r->pool / sizeof r->pool[0])) {
		/* A handler that needs more than 32 blocks is a bug. */
		fprintf(stderr, "onestop: request pool exhausted\n");
		abort();
	}
	r->pool[r->n_pool++] = p;
	return p;
}

const char *req_param(const http_req *r, const char *name)
{
	for (int i = 0; i < r->n_params; i++)
		if (!strcmp(r->params[i].name, name))
			return r->params[i].value;
	return NULL;
}

int64_t req_param_id(const http_req *r, const char *name)
{
	const char *v = req_param(r, name);
	return v ? strtoll(v, NULL, 10) : 0;
}

const char *req_query(const http_req *r, const char *name)
{
	for (int i = 0; i < r->n_query; i++)
		if (!strcmp(r->query[i].name, name))
			return r->query[i].value;
	return NULL;
}

long req_query_int(const http_req *r, const char *name, long def)
{
	const char *v = req_query(r, name);
	return v && *v ? strtol(v, NULL, 10) : def;
}

const char *req_header(const http_req *r, const char *name)
{
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

/* ---- response helpers ---- */

void resp_header(http_resp *w, const char *name, const char *value)
{
	if (w->n_headers == RESP_MAX_HEADERS)
		return;
	w->headers[w->n_headers].name = name;
	w->headers[w->n_headers].value = os_strdup(value);
	w->n_headers++;
}

void resp_text(http_resp *w, int status, const char *ctype, const char *text, size_t len)
{
	w->status = status;
	w->content_type = ctype;
	buf_reset(&w->body);
	if (buf_add(&w->body, text, len)) {
		w->status = 500;
		buf_reset(&w->body);
	}
}

static int dump_cb(const char *s, size_t n, void *data)
{
	return buf_add(data, s, n) ? -1 : 0;
}

void resp_json(http_resp *w, int status, json_t *doc)
{
	w->status = status;
	w->content_type = "application/json";
	buf_reset(&w->body);
	int rc = json_dump_callback(doc, dump_cb, &w->body, JSON_COMPACT);
	json_decref(doc);
	if (rc != 0) {
		buf_reset(&w->body);
		resp_problem(w, 500, "internal", "Internal error", "the response was too large",
		             NULL);
	}
}

void resp_problem(http_resp *w, int status, const char *type, const char *title, const char *detail,
                  const char *field)
{
	char uri[96];
	snprintf(uri, sizeof uri, "/problems/%s", type);
	json_t *p = json_pack("{s:s, s:s, s:i}", "type", uri, "title", title, "status", status);
	if (detail)
		json_object_set_new(p, "detail", json_string(detail));
	if (field)
		json_object_set_new(p, "field", json_string(field));
	w->status = status;
	w->content_type = "application/problem+json";
	buf_reset(&w->body);
	json_dump_callback(p, dump_cb, &w->body, JSON_COMPACT);
	json_decref(p);
}

void resp_error(http_resp *w, os_err e, const char *detail)
{
	switch (e) {
	case OS_ERR_INVALID:
		resp_problem(w, 422, "invalid", "Invalid input", detail, NULL);
		break;
	case OS_ERR_NOT_FOUND:
		resp_problem(w, 404, "not-found", "Not found", detail, NULL);
		break;
	case OS_ERR_CONFLICT:
		resp_problem(w, 409, "conflict", "Conflict", detail, NULL);
		break;
	case OS_ERR_FORBIDDEN:
		resp_problem(w, 403, "forbidden", "Forbidden", detail, NULL);
		break;
	case OS_ERR_UNAUTHENTICATED:
		resp_problem(w, 401, "unauthenticated", "Sign-in required", detail, NULL);
		break;
	case OS_ERR_TOO_LARGE:
		resp_problem(w, 413, "too-large", "Too large", detail, NULL);
		break;
	case OS_ERR_BUSY:
		resp_problem(w, 503, "busy", "Service busy", detail, NULL);
		break;
	case OS_ERR_RATE_LIMITED:
		resp_problem(w, 429, "rate-limited", "Too many requests", detail, NULL);
		break;
	default:
		resp_problem(w, 500, "internal", "Internal error", os_strerror(e), NULL);
		break;
	}
}

/* ---- matching ---- */

bool path_is_clean(const char *p)
{
	if (p[0] != '/')
		return false;
	size_t n = 0;
	for (const char *s = p; *s; s++) {
		if (++n > 1024)
			return false;
		unsigned char ch = (unsigned char)*s;
		if (ch <= 0x20 || ch >= 0x7f || ch == '\\')
			return false;
		if (ch == '/' &&
		    (s[1] == '/' ||
		     (s[1] == '.' && (s[2] == '/' || s[2] == '\0' ||
		                      (s[2] == '.' && (s[3] == '/' || s[3] == '\0'))))))
			return false;
	}
	return true;
}

/* Match one pattern; on success fill params (values point into `scratch`).
 * r may be NULL to only test the match (params are then not kept). */
static bool match_one(const char *pat, const char *path, http_req *r, char *scratch,
                      size_t scratch_len)
{
	int np = 0;
	size_t used = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			if (!close)
				return false;
			bool digits = !strncmp(pat, "{id}", 4) ||
			              !strncmp(pat + (close - pat) - 3, "_id}", 4);
			const char *end = path;
			while (*end && *end != '/') {
				unsigned char ch = (unsigned char)*end;
				if (digits ? !isdigit(ch)
				           : !(isalnum(ch) || ch == '.' || ch == '_' || ch == '-'))
					return false;
				end++;
			}
			size_t len = (size_t)(end - path);
			size_t nlen = (size_t)(close - pat - 1);
			if (len == 0 || len > (digits ? 18u : 64u) || np == REQ_MAX_PARAMS ||
			    used + len + nlen + 2 > scratch_len)
				return false;
			if (!r) {
				np++;
				pat = close + 1;
				path = end;
				continue;
			}
			char *name = scratch + used;
			memcpy(name, pat + 1, nlen);
			name[nlen] = '\0';
			used += nlen + 1;
			char *val = scratch + used;
			memcpy(val, path, len);
			val[len] = '\0';
			used += len + 1;
			r->params[np].name = name;
			r->params[np].value = val;
			np++;
			pat = close + 1;
			path = end;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	if (r)
		r->n_params = np;
	return true;
}

long router_body_cap(const app *a, const char *method, const char *path)
{
	if (strncmp(path, "/api/", 5) != 0)
		return a->cfg->max_body;
	for (size_t i = 0; i < api_routes_count; i++) {
		const route *rt = &api_routes[i];
		if (rt->max_body > 0 && !strcmp(rt->method, method) &&
		    match_one(rt->pattern, path, NULL, NULL, 4096))
			return rt->max_body;
	}
	return a->cfg->max_body;
}

int router_match(http_req *r, char *allow, size_t allowlen)
{
	char *scratch = req_alloc(r, 512);
	bool path_seen = false;
	if (allowlen)
		allow[0] = '\0';
	for (size_t i = 0; i < api_routes_count; i++) {
		const route *rt = &api_routes[i];
		if (!match_one(rt->pattern, r->path, r, scratch, 512))
			continue;
		if (!strcmp(rt->method, r->method) ||
		    (!strcmp(r->method, "HEAD") && !strcmp(rt->method, "GET"))) {
			r->route = rt;
			r->route_index = (int)i;
			return 200;
		}
		if (allowlen) {
			size_t l = strlen(allow);
			snprintf(allow + l, allowlen - l, "%s%s", path_seen ? ", " : "",
			         rt->method);
		}
		path_seen = true;
	}
	r->n_params = 0;
	return path_seen ? 405 : 404;
}

static bool parse_long(const char *v, long *out)
{
	/* Digits with an optional leading minus; no spaces or plus signs. */
	if (!isdigit((unsigned char)v[0]) && !(v[0] == '-' && isdigit((unsigned char)v[1])))
		return false;
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end)
		return false;
	*out = x;
	return true;
}

static const field_spec *find_field(const field_spec *spec, const char *name)
{
	for (const field_spec *f = spec; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

bool router_check_query(http_req *r, http_resp *w)
{
	const field_spec *spec = r->route->query;
	char detail[160];
	for (int i = 0; i < r->n_query; i++) {
		const field_spec *f = find_field(spec, r->query[i].name);
		const char *v = r->query[i].value ? r->query[i].value : "";
		if (!f) {
			resp_problem(w, 400, "unknown-parameter", "Unknown query parameter",
			             "this endpoint does not accept that query parameter",
			             r->query[i].name);
			return false;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(r->query[j].name, f->name)) {
				resp_problem(w, 400, "duplicate-parameter",
				             "Repeated query parameter",
				             "a query parameter may appear once", f->name);
				return false;
			}
		if (f->type == FT_INT) {
			long x;
			if (!parse_long(v, &x) || x < f->min || x > f->max) {
				snprintf(detail, sizeof detail,
				         "must be a whole number from %ld to %ld", f->min, f->max);
				resp_problem(w, 422, "invalid", "Invalid query parameter", detail,
				             f->name);
				return false;
			}
		} else if (f->type == FT_STRING) {
			size_t n = strlen(v);
			if ((long)n < f->min || (long)n > f->max) {
				snprintf(detail, sizeof detail, "length must be from %ld to %ld",
				         f->min, f->max);
				resp_problem(w, 422, "invalid", "Invalid query parameter", detail,
				             f->name);
				return false;
			}
		} else if (strcmp(v, "true") && strcmp(v, "false")) {
			resp_problem(w, 422, "invalid", "Invalid query parameter",
			             "must be true or false", f->name);
			return false;
		}
	}
	for (const field_spec *f = spec; f && f->name; f++)
		if (f->required && !req_query(r, f->name)) {
			resp_problem(w, 422, "missing", "Missing query parameter",
			             "this query parameter is required", f->name);
			return false;
		}
	return true;
}

/* ---- JSON bodies ---- */

bool json_depth_ok(const char *s, size_t n, int max_depth)
{
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == '"')
			in_str = true;
		else if (ch == '{' || ch == '[') {
			if (++depth > max_depth)
				return false;
		} else if (ch == '}' || ch == ']')
			depth--;
	}
	return true;
}

/* A JSON object or array field (or a string holding one as JSON text): true
 * when it has the declared kind and size; *parsed gets the value parsed from
 * a string (owned by the caller), NULL when val was no string. */
static bool json_field_ok(const field_spec *f, json_t *val, int max_depth, json_t **parsed,
                          char *detail, size_t dlen)
{
	*parsed = NULL;
	bool object = f->type == FT_OBJECT;
	json_t *v = val;
	if (json_is_string(val)) {
		const char *text = json_string_value(val);
		size_t len = json_string_length(val);
		if ((long)len > f->max || strlen(text) != len ||
		    !json_depth_ok(text, len, max_depth)) {
			snprintf(detail, dlen, "must be a JSON %s of at most %ld bytes",
			         object ? "object" : "array", f->max);
			return false;
		}
		*parsed = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
		v = *parsed;
	}
	size_t size = v ? json_dumpb(v, NULL, 0, JSON_COMPACT) : 0;
	if (!v || !(object ? json_is_object(v) : json_is_array(v)) || (long)size < f->min ||
	    (long)size > f->max) {
		snprintf(detail, dlen, "must be a JSON %s of %ld to %ld bytes",
		         object ? "object" : "array", f->min, f->max);
		json_decref(*parsed);
		*parsed = NULL;
		return false;
	}
	return true;
}

bool body_decode(const char *s, size_t n, int max_depth, const field_spec *schema, json_t **out,
                 http_resp *w)
{
	*out = NULL;
	char detail[200];
	/* Values parsed from JSON text strings, put in place after the walk. */
	struct {
		const char *name;
		json_t *value;
	} parsed[8];
	int n_parsed = 0;
	if (!json_depth_ok(s, n, max_depth)) {
		snprintf(detail, sizeof detail, "JSON nesting deeper than %d", max_depth);
		resp_problem(w, 400, "malformed-json", "Malformed JSON", detail, NULL);
		return false;
	}
	json_error_t jerr;
	json_t *doc = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		snprintf(detail, sizeof detail, "line %d column %d: %s", jerr.line, jerr.column,
		         jerr.text);
		resp_problem(w, 400, "malformed-json", "Malformed JSON", detail, NULL);
		return false;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		resp_problem(w, 400, "malformed-json", "Malformed JSON",
		             "the body must be a JSON object", NULL);
		return false;
	}
	const char *key;
	json_t *val;
	json_object_foreach(doc, key, val)
	{
		const field_spec *f = find_field(schema, key);
		if (!f) {
			resp_problem(w, 422, "unknown-field", "Unknown field",
			             "this field is not accepted here", key);
			goto fail;
		}
		switch (f->type) {
		case FT_STRING: {
			if (!json_is_string(val)) {
				resp_problem(w, 422, "invalid", "Invalid field", "must be a string",
				             key);
				goto fail;
			}
			size_t len = json_string_length(val);
			if ((long)len < f->min || (long)len > f->max ||
			    strlen(json_string_value(val)) != len) {
				snprintf(detail, sizeof detail,
				         "length must be from %ld to %ld bytes, without NUL",
				         f->min, f->max);
				resp_problem(w, 422, "invalid", "Invalid field", detail, key);
				goto fail;
			}
			break;
		}
		case FT_INT: {
			if (!json_is_integer(val) || json_integer_value(val) < f->min ||
			    json_integer_value(val) > f->max) {
				snprintf(detail, sizeof detail,
				         "must be a whole number from %ld to %ld", f->min, f->max);
				resp_problem(w, 422, "invalid", "Invalid field", detail, key);
				goto fail;
			}
			break;
		}
		case FT_BOOL:
			if (!json_is_boolean(val)) {
				resp_problem(w, 422, "invalid", "Invalid field",
				             "must be true or false", key);
				goto fail;
			}
			break;
		case FT_OBJECT:
		case FT_ARRAY: {
			json_t *p = NULL;
			if (!json_field_ok(f, val, max_depth - 1, &p, detail, sizeof detail)) {
				resp_problem(w, 422, "invalid", "Invalid field", detail, key);
				goto fail;
			}
			if (p && n_parsed == (int)(sizeof parsed / sizeof parsed[0])) {
				json_decref(p);
				resp_problem(w, 422, "invalid", "Invalid field",
				             "too many fields sent as JSON text", key);
				goto fail;
			}
			if (p) {
				parsed[n_parsed].name = f->name;
				parsed[n_parsed++].value = p;
			}
			break;
		}
		}
	}
	for (int i = 0; i < n_parsed; i++)
		json_object_set_new(doc, parsed[i].name, parsed[i].value);
	n_parsed = 0;
	for (const field_spec *f = schema; f && f->name; f++)
		if (f->required && !json_object_get(doc, f->name)) {
			resp_problem(w, 422, "missing", "Missing field", "this field is required",
			             f->name);
			goto fail;
		}
	*out = doc;
	return true;
fail:
	for (int i = 0; i < n_parsed; i++)
		json_decref(parsed[i].value);
	json_decref(doc);
	return false;
}

/* ---- the pipeline ---- */

static bool is_write(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD");
}

/* CSRF: a state-changing request must be same-origin JSON. Browsers cannot
 * send application/json cross-origin without a preflight we never answer,
 * and an Origin header, when present, must name this host. */
static bool csrf_ok(http_req *r, http_resp *w)
{
	if (!is_write(r->method))
		return true;
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		resp_problem(w, 415, "content-type", "Unsupported content type",
		             "state-changing requests must be sent as application/json",
		             "Content-Type");
		return false;
	}
	const char *sfs = req_header(r, "Sec-Fetch-Site");
	if (sfs && strcmp(sfs, "same-origin") && strcmp(sfs, "none")) {
		resp_problem(w, 403, "cross-origin", "Cross-origin request refused",
		             "the browser reports a cross-site request", "Sec-Fetch-Site");
		return false;
	}
	const char *origin = req_header(r, "Origin");
	const char *host = req_header(r, "Host");
	if (origin && strcmp(origin, "null") != 0) {
		const char *o = strstr(origin, "://");
		if (!host || !o || strcmp(o + 3, host) != 0) {
			resp_problem(w, 403, "cross-origin", "Cross-origin request refused",
			             "the Origin header does not match this server", "Origin");
			return false;
		}
	} else if (origin) {
		resp_problem(w, 403, "cross-origin", "Cross-origin request refused",
		             "opaque origins may not change state", "Origin");
		return false;
	}
	return true;
}

/* Rate limits by route class; true when the request may go on. */
static bool rate_ok(http_req *r, http_resp *w)
{
	const route *rt = r->route;
	const os_config *c = r->app->cfg;
	if (rt->rate == RATE_NONE || !r->app->rl)
		return true;
	char key[160];
	long limit, window = 60;
	const char *cls;
	switch (rt->rate) {
	case RATE_LOGIN:
		limit = c->rate_login_per_minute;
		cls = "login";
		break;
	case RATE_SEARCH:
		limit = c->rate_search_per_minute;
		cls = "search";
		break;
	case RATE_EXPORT:
		limit = c->rate_export_per_hour;
		window = 3600;
		cls = "export";
		break;
	case RATE_TICKET:
		limit = c->rate_ticket_per_hour;
		window = 3600;
		cls = "ticket";
		break;
	default:
		return true;
	}
	snprintf(key, sizeof key, "%s|%s", cls, r->client);
	int wait = ratelimit_hit(r->app->rl, key, limit, window, r->now);
	/* Sign-in is also limited per account from one address: a citizen is
	 * throttled this way instead of being locked out. */
	const char *login = r->body ? json_string_value(json_object_get(r->body, "login")) : NULL;
	if (!wait && rt->rate == RATE_LOGIN && login) {
		snprintf(key, sizeof key, "account|%s|%.64s", r->client, login);
		wait = ratelimit_hit(r->app->rl, key, c->rate_login_account_per_minute, 60, r->now);
	}
	if (!wait)
		return true;
	char ra[16];
	snprintf(ra, sizeof ra, "%d", wait);
	resp_header(w, "Retry-After", ra);
	resp_problem(w, 429, "rate-limited", "Too many requests",
	             "too many requests of this kind from your address; try again later", NULL);
	return false;
}

static bool is_audited_read(const route *rt)
{
	return rt->audit == AUDIT_PERSONAL;
}

/* The audit row of a request that did not change anything through the
 * store (a refusal, a denied access, a personal-data read). */
static void audit_request(http_req *r, const http_resp *w, const char *result)
{
	store_audit_row row;
	memset(&row, 0, sizeof row);
	row.actor_id = r->user ? r->user->id : 0;
	snprintf(row.actor_role, sizeof row.actor_role, "%s",
	         r->user ? r->user->role : "anonymous");
	snprintf(row.action, sizeof row.action, "%s %s", r->method,
	         r->route ? r->route->pattern : "?");
	snprintf(row.object, sizeof row.object, "%s", r->path);
	snprintf(row.result, sizeof row.result, "%s %d", result, w->status);
	snprintf(row.client, sizeof row.client, "%s", r->client);
	snprintf(row.request_id, sizeof row.request_id, "%s", r->request_id);
	if (store_audit_append(r->app->st, &row))
		fprintf(stderr, "onestop: audit: cannot append a row for %s\n", r->request_id);
}

/* ---- exactly once (Idempotency-Key) ---- */

#define IDEM_KEY_MAX       255
#define IDEM_IN_PROGRESS_S 30 /* a claim younger than this is still running */

/* Before the handler of an idempotent route: claim the key. True when the
 * handler should run (*claimed says whether a claim must be finished or
 * released afterwards); false when the response is already made (a replay,
 * a conflict, a bad key). The claim is its own small write, outside the
 * request's audit context, so that the audit row goes with the handler's
 * write. */
static bool idem_begin(http_req *r, http_resp *w, bool *claimed)
{
	*claimed = false;
	const char *key = req_header(r, "Idempotency-Key");
	if (!r->route->idempotent || !key || !r->user)
		return true;
	size_t n = strlen(key);
	bool clean = n >= 1 && n <= IDEM_KEY_MAX;
	for (size_t i = 0; clean && i < n; i++)
		clean = key[i] > 0x20 && key[i] < 0x7f;
	if (!clean) {
		resp_problem(w, 422, "invalid", "Invalid Idempotency-Key",
		             "1 to 255 printable ASCII characters without spaces",
		             "Idempotency-Key");
		return false;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, (const unsigned char *)r->method, strlen(r->method));
	crypto_hash_sha256_update(&hs, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&hs, (const unsigned char *)r->path, strlen(r->path));
	crypto_hash_sha256_update(&hs, (const unsigned char *)"\n", 1);
	if (r->raw_len)
		crypto_hash_sha256_update(&hs, (const unsigned char *)r->raw_body, r->raw_len);
	crypto_hash_sha256_final(&hs, hash);
	store_idem_state state = 0;
	int status = 0;
	char *stored = NULL;
	int64_t resource = 0;
	os_err e = store_idem_claim(r->app->st, r->user->id, key, r->route->pattern, hash, r->now,
	                            IDEM_IN_PROGRESS_S, &state, &status, &stored, &resource);
	if (e) {
		free(stored);
		resp_error(w, e, "cannot record the Idempotency-Key");
		return false;
	}
	switch (state) {
	case IDEM_NEW:
		r->idem_key = key;
		*claimed = true;
		return true;
	case IDEM_RESOURCE:
		r->idem_key = key;
		r->idem_resource = resource;
		*claimed = true;
		resp_header(w, "Idempotent-Replayed", "true");
		return true;
	case IDEM_REPLAY:
		resp_text(w, status ? status : 200,
		          status >= 400 ? "application/problem+json" : "application/json",
		          stored ? stored : "", stored ? strlen(stored) : 0);
		resp_header(w, "Idempotent-Replayed", "true");
		free(stored);
		return false;
	case IDEM_MISMATCH:
		free(stored);
		resp_problem(
		    w, 422, "idempotency-mismatch", "Idempotency-Key reused",
		    "this key was used with another request; use a new key for a new request",
		    "Idempotency-Key");
		return false;
	case IDEM_IN_PROGRESS:
	default:
		free(stored);
		resp_header(w, "Retry-After", "1");
		resp_problem(
		    w, 409, "idempotency-in-progress", "Request in progress",
		    "a request with this Idempotency-Key is still being handled; retry shortly",
		    "Idempotency-Key");
		return false;
	}
}

/* After the handler: keep a successful response for replays, or give the
 * key back when the work failed (nothing was created). */
static void idem_end(http_req *r, http_resp *w)
{
	os_err e;
	if (w->status < 400) {
		char *text = os_malloc(w->body.len + 1);
		memcpy(text, w->body.data ? w->body.data : "", w->body.len);
		text[w->body.len] = '\0';
		e = store_idem_finish(r->app->st, r->user->id, r->idem_key, w->status, text);
		free(text);
	} else {
		e = store_idem_release(r->app->st, r->user->id, r->idem_key);
	}
	if (e)
		fprintf(stderr, "onestop: idempotency: cannot %s key of request %s: %s\n",
		        w->status < 400 ? "finish" : "release", r->request_id, os_strerror(e));
}

static void run_handler(http_req *r, http_resp *w)
{
	const route *rt = r->route;
	bool write = is_write(r->method);
	store_audit_ctx *a = &r->audit;
	memset(a, 0, sizeof *a);
	a->actor_id = r->user ? r->user->id : 0;
	snprintf(a->actor_role, sizeof a->actor_role, "%s", r->user ? r->user->role : "anonymous");
	snprintf(a->action, sizeof a->action, "%s %s", r->method, rt->pattern);
	snprintf(a->object, sizeof a->object, "%s", r->path);
	snprintf(a->client, sizeof a->client, "%s", r->client);
	snprintf(a->request_id, sizeof a->request_id, "%s", r->request_id);
	/* Writes made by the handler carry their audit row in their own
	 * transaction (see store_audit_context_set). */
	bool claimed = false;
	if (idem_begin(r, w, &claimed)) {
		if (write)
			store_audit_context_set(a);
		rt->fn(r, w);
		store_audit_context_set(NULL);
	}
	if (claimed)
		idem_end(r, w);
	if (r->denied)
		audit_request(r, w, "denied");
	else if (write && !a->written && rt->audit != AUDIT_NONE)
		audit_request(r, w, w->status < 400 ? "ok" : "refused");
	else if (!write && is_audited_read(rt) && w->status < 400)
		audit_request(r, w, "read");
}

void router_dispatch(http_req *r, http_resp *w)
{
	char allow[64];
	int m = router_match(r, allow, sizeof allow);
	if (m == 404) {
		resp_problem(w, 404, "not-found", "Not found", "no such resource", NULL);
		return;
	}
	if (m == 405) {
		resp_header(w, "Allow", allow);
		resp_problem(w, 405, "method-not-allowed", "Method not allowed",
		             "this resource does not accept that method", NULL);
		return;
	}
	atomic_fetch_add(&r->app->m.route_hits[r->route_index], 1);

	session_resolve(r);
	const route *rt = r->route;
	if (rt->object == OBJ_UNSET) {
		/* Unknown means deny: a route without an object rule is a bug. */
		resp_problem(w, 500, "internal", "Internal error", "route has no object rule",
		             NULL);
		return;
	}
	if (r->mfa_pending && !rt->mfa_ok) {
		resp_problem(w, 401, "mfa-required", "Second factor required",
		             "enter the one-time code from your authenticator first", NULL);
		audit_request(r, w, "denied");
		return;
	}
	if (!(rt->roles & r->role)) {
		if (r->role == ROLE_ANON)
			resp_problem(w, 401, "unauthenticated", "Sign-in required",
			             "sign in to use this resource", NULL);
		else
			resp_problem(w, 403, "forbidden", "Forbidden",
			             "your role may not use this resource", NULL);
		audit_request(r, w, "denied");
		return;
	}
	if (!csrf_ok(r, w)) {
		audit_request(r, w, "denied");
		return;
	}
	if (!router_check_query(r, w))
		return;
	if (rt->body && !(r->raw_len == 0 && rt->body_optional)) {
		if (r->raw_len == 0) {
			resp_problem(w, 400, "missing-body", "Missing body",
			             "this endpoint needs a JSON object", NULL);
			return;
		}
		if (!body_decode(r->raw_body, r->raw_len, (int)r->app->cfg->json_depth, rt->body,
		                 &r->body, w))
			return;
	} else if (r->raw_len > 0) {
		resp_problem(w, 400, "unexpected-body", "Unexpected body",
		             "this endpoint does not take a body", NULL);
		return;
	}
	if (!rate_ok(r, w)) {
		audit_request(r, w, "limited");
		return;
	}
	run_handler(r, w);
}
