/* test_router.c - path checks, route matching, query and body validation and
 * problem responses (src/http/router.c), on the real route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/config.h"
#include "core/roles.h"
#include "http/app.h"
#include "http/http.h"

static app the_app; /* zeroed: enough for the functions under test */

static void req_init(http_req *r, const char *method, const char *path)
{
	memset(r, 0, sizeof *r);
	r->app = &the_app;
	r->method = method;
	r->path = path;
}

static void req_done(http_req *r)
{
	for (int i = 0; i < r->n_pool; i++)
		free(r->pool[i]);
	r->n_pool = 0;
	json_decref(r->body);
	r->body = NULL;
}

static void resp_init(http_resp *w)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->body, 1 << 20);
	w->fd = -1;
}

static void resp_done(http_resp *w)
{
	buf_free(&w->body);
	for (int i = 0; i < w->n_headers; i++)
		free(w->headers[i].value);
	w->n_headers = 0;
}

/* The response is a problem+json document with these members; returns it
 * (the caller decrefs). field may be NULL: then the member must be absent. */
static json_t *assert_problem(const http_resp *w, int status, const char *type, const char *field)
{
	assert_int_equal(w->status, status);
	assert_non_null(w->content_type);
	assert_string_equal(w->content_type, "application/problem+json");
	json_error_t err;
	json_t *doc =
	    json_loadb(w->body.data ? w->body.data : "", w->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		fail_msg("problem body is not JSON (%s): %.*s", err.text, (int)w->body.len,
		         w->body.data ? w->body.data : "");
	assert_true(json_is_object(doc));
	char want[128];
	snprintf(want, sizeof want, "/problems/%s", type);
	json_t *t = json_object_get(doc, "type");
	assert_true(json_is_string(t));
	assert_string_equal(json_string_value(t), want);
	assert_true(json_is_string(json_object_get(doc, "title")));
	assert_true(strlen(json_string_value(json_object_get(doc, "title"))) > 0);
	assert_true(json_is_integer(json_object_get(doc, "status")));
	assert_int_equal(json_integer_value(json_object_get(doc, "status")), status);
	json_t *f = json_object_get(doc, "field");
	if (field) {
		if (!json_is_string(f))
			fail_msg("problem has no field (want %s): %.*s", field, (int)w->body.len,
			         w->body.data);
		assert_string_equal(json_string_value(f), field);
	} else {
		assert_null(f);
	}
	return doc;
}

static void check_problem(const http_resp *w, int status, const char *type, const char *field)
{
	json_decref(assert_problem(w, status, type, field));
}

/* ---------------------------------------------------------------- paths */

static void test_path_clean_accepts(void **state)
{
	(void)state;
	const char *ok[] = {"/",
	                    "/healthz",
	                    "/api/v1/sites/12",
	                    "/api/v1/sites/",
	                    "/assets/app.js",
	                    "/.well-known/security.txt",
	                    "/a/.hidden",
	                    "/a/..b",
	                    "/a/b..",
	                    "/a/...",
	                    "/a.b/c-d_e~f",
	                    "/search%20x",
	                    NULL};
	for (int i = 0; ok[i]; i++)
		if (!path_is_clean(ok[i]))
			fail_msg("\"%s\" refused", ok[i]);
}

static void test_path_clean_refuses(void **state)
{
	(void)state;
	const char *bad[] = {"",
	                     "a",
	                     "healthz",
	                     "//",
	                     "//etc/passwd",
	                     "/a//b",
	                     "/a/b//",
	                     "/.",
	                     "/./",
	                     "/./a",
	                     "/a/.",
	                     "/a/./b",
	                     "/..",
	                     "/../",
	                     "/../etc/passwd",
	                     "/a/..",
	                     "/a/../b",
	                     "/a\\b",
	                     "/..\\a",
	                     "/a b",
	                     "/a\tb",
	                     "/a\nb",
	                     "/a\rb",
	                     "/a\x01",
	                     "/a\x1f",
	                     "/a\x7f",
	                     "/\xe6\x94\xbf\xe5\x8a\xa1", /* 政务 */
	                     "/caf\xc3\xa9",
	                     "/\xff",
	                     NULL};
	for (int i = 0; bad[i]; i++)
		if (path_is_clean(bad[i]))
			fail_msg("\"%s\" accepted (index %d)", bad[i], i);
}

static void test_path_clean_length(void **state)
{
	(void)state;
	char p[4096];
	memset(p, 'a', sizeof p);
	p[0] = '/';
	p[1024] = '\0'; /* 1024 bytes */
	assert_true(path_is_clean(p));
	p[1024] = 'a';
	p[2048] = '\0';
	assert_false(path_is_clean(p));
	p[2048] = 'a';
	p[sizeof p - 1] = '\0';
	assert_false(path_is_clean(p));
	/* A bad byte far along a long path is still seen. */
	memset(p, 'a', sizeof p);
	p[0] = '/';
	p[900] = '\x01';
	p[1000] = '\0';
	assert_false(path_is_clean(p));
}

/* ---------------------------------------------------------------- matching */

static int match(http_req *r, const char *method, const char *path, char *allow, size_t n)
{
	req_init(r, method, path);
	return router_match(r, allow, n);
}

static size_t route_index(const char *method, const char *pattern)
{
	for (size_t i = 0; i < api_routes_count; i++)
		if (!strcmp(api_routes[i].method, method) &&
		    !strcmp(api_routes[i].pattern, pattern))
			return i;
	fail_msg("route %s %s is not in the table", method, pattern);
	return 0;
}

static void test_match_200(void **state)
{
	(void)state;
	http_req r;
	char allow[64];
	assert_int_equal(match(&r, "GET", "/healthz", allow, sizeof allow), 200);
	size_t i = route_index("GET", "/healthz");
	assert_ptr_equal(r.route, &api_routes[i]);
	assert_int_equal(r.route_index, (int)i);
	assert_int_equal(r.n_params, 0);
	req_done(&r);

	/* HEAD is served by the GET route. */
	assert_int_equal(match(&r, "HEAD", "/api/v1/version", allow, sizeof allow), 200);
	assert_ptr_equal(r.route, &api_routes[route_index("GET", "/api/v1/version")]);
	req_done(&r);

	assert_int_equal(match(&r, "POST", "/api/v1/session", allow, sizeof allow), 200);
	assert_ptr_equal(r.route, &api_routes[route_index("POST", "/api/v1/session")]);
	req_done(&r);
	assert_int_equal(match(&r, "DELETE", "/api/v1/session", allow, sizeof allow), 200);
	assert_ptr_equal(r.route, &api_routes[route_index("DELETE", "/api/v1/session")]);
	req_done(&r);
}

static void test_match_404(void **state)
{
	(void)state;
	http_req r;
	char allow[64];
	const char *paths[] = {"/",
	                       "/nope",
	                       "/api",
	                       "/api/",
	                       "/api/v1",
	                       "/api/v1/",
	                       "/healthz/",
	                       "/healthzz",
	                       "/HEALTHZ",
	                       "/api/v1/sites/",
	                       "/api/v1/sites/12/",
	                       "/api/v1/sites/12/x",
	                       "/api/v2/sites/12",
	                       NULL};
	for (int i = 0; paths[i]; i++) {
		strcpy(allow, "junk");
		int m = match(&r, "GET", paths[i], allow, sizeof allow);
		if (m != 404)
			fail_msg("GET %s: %d, want 404", paths[i], m);
		assert_string_equal(allow, "");
		assert_int_equal(r.n_params, 0);
		req_done(&r);
	}
}

/* The methods declared for a pattern, in table order, as an Allow value. */
static void expected_allow(const char *pattern, const char *except, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < api_routes_count; i++) {
		if (strcmp(api_routes[i].pattern, pattern) || !strcmp(api_routes[i].method, except))
			continue;
		size_t l = strlen(out);
		snprintf(out + l, n - l, "%s%s", l ? ", " : "", api_routes[i].method);
	}
}

static void test_match_405_allow(void **state)
{
	(void)state;
	http_req r;
	char allow[64], want[64];
	assert_int_equal(match(&r, "GET", "/api/v1/session", allow, sizeof allow), 405);
	expected_allow("/api/v1/session", "GET", want, sizeof want);
	assert_string_equal(allow, want);
	assert_non_null(strstr(allow, "POST"));
	assert_non_null(strstr(allow, "DELETE"));
	assert_non_null(strstr(allow, ", "));
	req_done(&r);

	assert_int_equal(match(&r, "PUT", "/api/v1/sites/5", allow, sizeof allow), 405);
	assert_string_equal(allow, "GET");
	assert_int_equal(r.n_params, 0);
	req_done(&r);

	assert_int_equal(match(&r, "POST", "/healthz", allow, sizeof allow), 405);
	assert_string_equal(allow, "GET");
	req_done(&r);

	/* HEAD only maps to GET: a POST-only path answers 405 to HEAD. */
	assert_int_equal(match(&r, "HEAD", "/api/v1/session", allow, sizeof allow), 405);
	req_done(&r);

	/* Methods are case-sensitive. */
	assert_int_equal(match(&r, "get", "/healthz", allow, sizeof allow), 405);
	req_done(&r);

	/* A small Allow buffer is truncated, never overrun; none at all is fine. */
	char tiny[5];
	memset(tiny, 'X', sizeof tiny);
	assert_int_equal(match(&r, "GET", "/api/v1/session", tiny, sizeof tiny), 405);
	assert_true(memchr(tiny, '\0', sizeof tiny) != NULL);
	assert_int_equal(strncmp(tiny, want, 4), 0);
	req_done(&r);
	assert_int_equal(match(&r, "GET", "/api/v1/session", NULL, 0), 405);
	req_done(&r);
}

static void test_match_id_digits(void **state)
{
	(void)state;
	http_req r;
	char allow[64];
	assert_int_equal(match(&r, "GET", "/api/v1/sites/42", allow, sizeof allow), 200);
	assert_ptr_equal(r.route, &api_routes[route_index("GET", "/api/v1/sites/{id}")]);
	assert_int_equal(r.n_params, 1);
	assert_string_equal(r.params[0].name, "id");
	assert_string_equal(req_param(&r, "id"), "42");
	assert_int_equal(req_param_id(&r, "id"), 42);
	assert_null(req_param(&r, "key"));
	assert_int_equal(req_param_id(&r, "nope"), 0);
	req_done(&r);

	/* 18 digits is the longest id. */
	assert_int_equal(match(&r, "GET", "/api/v1/sites/123456789012345678", allow, sizeof allow),
	                 200);
	assert_int_equal(req_param_id(&r, "id"), 123456789012345678LL);
	req_done(&r);

	const char *bad[] = {"/api/v1/sites/abc",
	                     "/api/v1/sites/-1",
	                     "/api/v1/sites/+1",
	                     "/api/v1/sites/4a",
	                     "/api/v1/sites/1.0",
	                     "/api/v1/sites/0x10",
	                     "/api/v1/sites/1%20",
	                     "/api/v1/sites/1234567890123456789",
	                     NULL};
	for (int i = 0; bad[i]; i++) {
		int m = match(&r, "GET", bad[i], allow, sizeof allow);
		if (m != 404)
			fail_msg("GET %s: %d, want 404", bad[i], m);
		assert_int_equal(r.n_params, 0);
		req_done(&r);
	}
}

/* Turn a pattern into a concrete path: {id} and *_id} become digits, other
 * placeholders a key. */
static void concrete(const char *pat, char *out, size_t n)
{
	size_t o = 0;
	while (*pat && o + 1 < n) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			assert_non_null(close);
			size_t len = (size_t)(close - pat + 1);
			bool digits = (len == 4 && !strncmp(pat, "{id}", 4)) ||
			              (len >= 5 && !strncmp(close - 3, "_id}", 4));
			o += (size_t)snprintf(out + o, n - o, "%s", digits ? "7" : "k-1.x");
			pat = close + 1;
			continue;
		}
		out[o++] = *pat++;
	}
	out[o] = '\0';
}

static void test_every_route_reachable(void **state)
{
	(void)state;
	assert_true(api_routes_count > 0);
	for (size_t i = 0; i < api_routes_count; i++) {
		char path[512], allow[64];
		concrete(api_routes[i].pattern, path, sizeof path);
		assert_true(path_is_clean(path));
		http_req r;
		int m = match(&r, api_routes[i].method, path, allow, sizeof allow);
		if (m != 200 || r.route != &api_routes[i])
			fail_msg("%s %s (%s) does not reach route %zu: %d", api_routes[i].method,
			         path, api_routes[i].pattern, i, m);
		assert_int_equal(r.route_index, (int)i);
		/* Every placeholder was captured under its name. */
		int want = 0;
		for (const char *p = api_routes[i].pattern; (p = strchr(p, '{')); p++)
			want++;
		assert_int_equal(r.n_params, want);
		req_done(&r);
		/* And the route's fields are well formed. */
		assert_non_null(api_routes[i].fn);
		assert_true(api_routes[i].roles != 0);
		for (const field_spec *f = api_routes[i].query; f && f->name; f++)
			assert_true(f->min <= f->max);
		for (const field_spec *f = api_routes[i].body; f && f->name; f++)
			assert_true(f->min <= f->max);
	}
}

/* ---------------------------------------------------------------- query */

static const field_spec q_test[] = {
    {"tier", FT_STRING, false, 7, 8, "district, township or village"},
    {"limit", FT_INT, false, 1, 200, "page size"},
    {"from", FT_INT, true, -5, 5, "a required integer"},
    {"all", FT_BOOL, false, 0, 0, "a flag"},
    {"q", FT_STRING, false, 0, 4, "may be empty"},
    {NULL, 0, false, 0, 0, NULL},
};

static void noop_handler(http_req *r, http_resp *w)
{
	(void)r;
	(void)w;
}

static const route r_test = {.method = "GET",
                             .pattern = "/t",
                             .roles = ROLES_ALL,
                             .fn = noop_handler,
                             .query = q_test,
                             .summary = "t",
                             .tag = "t",
                             .object = OBJ_PUBLIC};
static const route r_noquery = {.method = "GET",
                                .pattern = "/n",
                                .roles = ROLES_ALL,
                                .fn = noop_handler,
                                .summary = "n",
                                .tag = "n",
                                .object = OBJ_PUBLIC};

static void qset(http_req *r, const route *rt, const char *const *kv)
{
	req_init(r, "GET", rt->pattern);
	r->route = rt;
	for (; kv[0]; kv += 2) {
		r->query[r->n_query].name = kv[0];
		r->query[r->n_query].value = kv[1];
		r->n_query++;
	}
}

static bool query_ok(const route *rt, const char *const *kv, http_resp *w)
{
	http_req r;
	qset(&r, rt, kv);
	resp_init(w);
	bool ok = router_check_query(&r, w);
	req_done(&r);
	return ok;
}

static void query_refused(const char *const *kv, int status, const char *type, const char *field)
{
	http_resp w;
	if (query_ok(&r_test, kv, &w))
		fail_msg("query with %s=%s accepted", kv[0], kv[1] ? kv[1] : "(null)");
	check_problem(&w, status, type, field);
	resp_done(&w);
}

static void test_query_valid(void **state)
{
	(void)state;
	http_resp w;
	const char *a[] = {"from", "0", NULL};
	assert_true(query_ok(&r_test, a, &w));
	assert_int_equal(w.status, 0);
	resp_done(&w);
	const char *b[] = {"tier", "village", "limit", "1", "from", "-5",
	                   "all",  "true",    "q",     "",  NULL};
	assert_true(query_ok(&r_test, b, &w));
	resp_done(&w);
	const char *c[] = {"from", "5", "limit", "200", "tier", "district", "all", "false", NULL};
	assert_true(query_ok(&r_test, c, &w));
	resp_done(&w);
	/* A value-less parameter counts as "" (fine for a string with min 0). */
	const char *d[] = {"from", "1", "q", NULL, NULL};
	http_req r;
	qset(&r, &r_test, d);
	r.n_query = 2;
	resp_init(&w);
	assert_true(router_check_query(&r, &w));
	req_done(&r);
	resp_done(&w);
	/* No declaration, no parameters: fine. */
	const char *none[] = {NULL};
	assert_true(query_ok(&r_noquery, none, &w));
	resp_done(&w);
}

static void test_query_values_readable(void **state)
{
	(void)state;
	http_req r;
	const char *kv[] = {"limit", "25", "from", "-3", NULL};
	qset(&r, &r_test, kv);
	assert_string_equal(req_query(&r, "limit"), "25");
	assert_int_equal(req_query_int(&r, "limit", 50), 25);
	assert_int_equal(req_query_int(&r, "from", 0), -3);
	assert_int_equal(req_query_int(&r, "tier", 99), 99);
	assert_null(req_query(&r, "tier"));
	req_done(&r);
}

static void test_query_unknown(void **state)
{
	(void)state;
	const char *a[] = {"from", "1", "sort", "name", NULL};
	query_refused(a, 400, "unknown-parameter", "sort");
	const char *b[] = {"from", "1", "Limit", "5", NULL}; /* names are exact */
	query_refused(b, 400, "unknown-parameter", "Limit");
	/* A route that declares no query refuses every parameter. */
	http_resp w;
	const char *c[] = {"x", "1", NULL};
	assert_false(query_ok(&r_noquery, c, &w));
	check_problem(&w, 400, "unknown-parameter", "x");
	resp_done(&w);
	/* On the real table: /api/v1/sites knows limit but not page. */
	http_req r;
	char allow[64];
	assert_int_equal(match(&r, "GET", "/api/v1/sites", allow, sizeof allow), 200);
	r.query[0].name = "limit";
	r.query[0].value = "10";
	r.n_query = 1;
	resp_init(&w);
	assert_true(router_check_query(&r, &w));
	r.query[1].name = "page";
	r.query[1].value = "2";
	r.n_query = 2;
	assert_false(router_check_query(&r, &w));
	check_problem(&w, 400, "unknown-parameter", "page");
	resp_done(&w);
	req_done(&r);
}

static void test_query_duplicate(void **state)
{
	(void)state;
	const char *a[] = {"from", "1", "limit", "5", "limit", "5", NULL};
	query_refused(a, 400, "duplicate-parameter", "limit");
	const char *b[] = {"from", "1", "from", "2", NULL};
	query_refused(b, 400, "duplicate-parameter", "from");
}

static void test_query_int_bounds(void **state)
{
	(void)state;
	const char *vals[] = {"0", "201", "-1", "", "abc", "5x", "1.5", "99999999999999999999999",
	                      NULL};
	for (int i = 0; vals[i]; i++) {
		const char *kv[] = {"from", "0", "limit", vals[i], NULL};
		query_refused(kv, 422, "invalid", "limit");
	}
	const char *lo[] = {"from", "-6", NULL};
	query_refused(lo, 422, "invalid", "from");
	const char *hi[] = {"from", "6", NULL};
	query_refused(hi, 422, "invalid", "from");
	/* The detail names the bounds. */
	http_resp w;
	const char *kv[] = {"from", "0", "limit", "500", NULL};
	assert_false(query_ok(&r_test, kv, &w));
	json_t *p = assert_problem(&w, 422, "invalid", "limit");
	const char *detail = json_string_value(json_object_get(p, "detail"));
	assert_non_null(detail);
	assert_non_null(strstr(detail, "1"));
	assert_non_null(strstr(detail, "200"));
	json_decref(p);
	resp_done(&w);
}

static void test_query_string_length_and_bool(void **state)
{
	(void)state;
	const char *shortv[] = {"from", "0", "tier", "town", NULL};
	query_refused(shortv, 422, "invalid", "tier");
	const char *longv[] = {"from", "0", "tier", "villages!", NULL};
	query_refused(longv, 422, "invalid", "tier");
	const char *empty[] = {"from", "0", "tier", "", NULL};
	query_refused(empty, 422, "invalid", "tier");
	const char *q5[] = {"from", "0", "q", "abcde", NULL};
	query_refused(q5, 422, "invalid", "q");
	const char *b1[] = {"from", "0", "all", "1", NULL};
	query_refused(b1, 422, "invalid", "all");
	const char *b2[] = {"from", "0", "all", "TRUE", NULL};
	query_refused(b2, 422, "invalid", "all");
	const char *b3[] = {"from", "0", "all", "", NULL};
	query_refused(b3, 422, "invalid", "all");
}

static void test_query_required(void **state)
{
	(void)state;
	const char *none[] = {NULL};
	query_refused(none, 422, "missing", "from");
	const char *other[] = {"limit", "5", NULL};
	query_refused(other, 422, "missing", "from");
}

/* ---------------------------------------------------------------- bodies */

static bool depth_ok(const char *s, int max)
{
	return json_depth_ok(s, strlen(s), max);
}

static void test_json_depth(void **state)
{
	(void)state;
	assert_true(depth_ok("{}", 1));
	assert_false(depth_ok("{}", 0));
	assert_true(depth_ok("{\"a\":{\"b\":1}}", 2));
	assert_false(depth_ok("{\"a\":{\"b\":{\"c\":1}}}", 2));
	assert_true(depth_ok("{\"a\":{\"b\":{\"c\":1}}}", 3));
	assert_false(depth_ok("[[[]]]", 2));
	assert_false(depth_ok("{\"a\":[{\"b\":[]}]}", 3));
	/* Siblings do not add up. */
	assert_true(depth_ok("{\"a\":{},\"b\":{},\"c\":[[]]}", 3));
	/* Brackets inside strings do not count. */
	assert_true(depth_ok("{\"a\":\"[[[[[[[[{{{{{{\"}", 1));
	assert_true(depth_ok("{\"[[[[\":\"]]]]\"}", 1));
	/* An escaped quote does not end the string ... */
	assert_true(depth_ok("{\"a\":\"\\\"[[[[[[\\\"\"}", 1));
	/* ... and an escaped backslash before a quote does. */
	assert_false(depth_ok("{\"a\":\"\\\\\",\"b\":[[[[]]]]}", 2));
	assert_true(depth_ok("{\"a\":\"\\\\\",\"b\":[[[[]]]]}", 5));
	/* The length is respected: what follows n is not read. */
	const char *s = "{}[[[[[[";
	assert_true(json_depth_ok(s, 2, 1));
	assert_false(json_depth_ok(s, strlen(s), 3));
	/* 17 levels against the default cap of 16. */
	char deep[64] = "";
	for (int i = 0; i < 17; i++)
		strcat(deep, "[");
	assert_false(depth_ok(deep, 16));
	deep[16] = '\0';
	assert_true(depth_ok(deep, 16));
}

static const field_spec b_test[] = {
    {"name", FT_STRING, true, 1, 8, "1..8 bytes"},
    {"count", FT_INT, false, -10, 100, "an integer"},
    {"flag", FT_BOOL, false, 0, 0, "a boolean"},
    {"note", FT_STRING, false, 0, 3, "0..3 bytes"},
    {NULL, 0, false, 0, 0, NULL},
};

static bool decode(const char *s, http_resp *w, json_t **out)
{
	resp_init(w);
	return body_decode(s, strlen(s), 16, b_test, out, w);
}

static void body_refused(const char *s, int status, const char *type, const char *field)
{
	http_resp w;
	json_t *out = (json_t *)1;
	if (decode(s, &w, &out))
		fail_msg("body accepted: %s", s);
	assert_null(out);
	check_problem(&w, status, type, field);
	resp_done(&w);
}

static void test_body_valid(void **state)
{
	(void)state;
	http_resp w;
	json_t *out = NULL;
	assert_true(decode("{\"name\":\"ab\"}", &w, &out));
	assert_true(json_is_object(out));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "ab");
	assert_int_equal(w.status, 0);
	json_decref(out);
	resp_done(&w);

	assert_true(decode(" {\"name\":\"12345678\",\"count\":-10,\"flag\":false,\"note\":\"\"}\n",
	                   &w, &out));
	assert_int_equal(json_integer_value(json_object_get(out, "count")), -10);
	assert_true(json_is_false(json_object_get(out, "flag")));
	json_decref(out);
	resp_done(&w);

	/* Lengths are bytes: 政务 is 6 bytes of UTF-8. */
	assert_true(decode("{\"name\":\"\xe6\x94\xbf\xe5\x8a\xa1\",\"count\":100}", &w, &out));
	json_decref(out);
	resp_done(&w);
	assert_true(decode("{\"name\":\"\\u653f\\u52a1\"}", &w, &out));
	assert_int_equal(json_string_length(json_object_get(out, "name")), 6);
	json_decref(out);
	resp_done(&w);

	/* No schema: only an empty object passes. */
	resp_init(&w);
	assert_true(body_decode("{}", 2, 16, NULL, &out, &w));
	json_decref(out);
	resp_done(&w);
	resp_init(&w);
	assert_false(body_decode("{\"a\":1}", 7, 16, NULL, &out, &w));
	check_problem(&w, 422, "unknown-field", "a");
	resp_done(&w);
}

static void test_body_depth_cap(void **state)
{
	(void)state;
	char doc[256] = "{\"name\":\"x\",\"count\":";
	for (int i = 0; i < 16; i++)
		strcat(doc, "[");
	for (int i = 0; i < 16; i++)
		strcat(doc, "]");
	strcat(doc, "}");
	/* 17 levels with the object: refused before parsing. */
	http_resp w;
	json_t *out = NULL;
	resp_init(&w);
	assert_false(body_decode(doc, strlen(doc), 16, b_test, &out, &w));
	json_t *p = assert_problem(&w, 400, "malformed-json", NULL);
	assert_non_null(strstr(json_string_value(json_object_get(p, "detail")), "16"));
	json_decref(p);
	resp_done(&w);
	/* Deep brackets inside a string are only a string. */
	body_refused("{\"name\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", 422, "invalid", "name");
	resp_init(&w);
	const char *s = "{\"name\":\"[[[[[[\",\"note\":\"{{{\"}";
	assert_true(body_decode(s, strlen(s), 1, b_test, &out, &w));
	json_decref(out);
	resp_done(&w);
	/* Escaped quotes keep the string open. */
	resp_init(&w);
	s = "{\"name\":\"\\\"[[[[\\\"\"}";
	assert_true(body_decode(s, strlen(s), 1, b_test, &out, &w));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "\"[[[[\"");
	json_decref(out);
	resp_done(&w);
}

static void test_body_malformed(void **state)
{
	(void)state;
	const char *bad[] = {"",
	                     " ",
	                     "{",
	                     "}",
	                     "{\"name\":}",
	                     "{\"name\":\"x\",}",
	                     "{\"name\":\"x\"} x",
	                     "{\"name\":\"x\"}{}",
	                     "{name:\"x\"}",
	                     "{'name':'x'}",
	                     "{\"name\":\"x\\q\"}",
	                     "{\"name\":\"\xff\"}",     /* invalid UTF-8 */
	                     "{\"name\":\"\xc0\xaf\"}", /* overlong */
	                     "{\"name\":\"\\ud800\"}",  /* lone surrogate */
	                     "{\"name\":\"x\",\"count\":99999999999999999999999}",
	                     "{\"name\":\"x\",\"count\":NaN}",
	                     NULL};
	for (int i = 0; bad[i]; i++)
		body_refused(bad[i], 400, "malformed-json", NULL);
	/* Not an object. */
	const char *nonobj[] = {"[]", "[{\"name\":\"x\"}]", "1", "\"name\"", "null", "true", NULL};
	for (int i = 0; nonobj[i]; i++)
		body_refused(nonobj[i], 400, "malformed-json", NULL);
}

static void test_body_duplicate_keys(void **state)
{
	(void)state;
	body_refused("{\"name\":\"a\",\"name\":\"b\"}", 400, "malformed-json", NULL);
	body_refused("{\"name\":\"a\",\"count\":1,\"count\":1}", 400, "malformed-json", NULL);
	/* The same key spelled with an escape is the same key. */
	body_refused("{\"name\":\"a\",\"n\\u0061me\":\"b\"}", 400, "malformed-json", NULL);
}

static void test_body_unknown_field(void **state)
{
	(void)state;
	body_refused("{\"name\":\"a\",\"admin\":true}", 422, "unknown-field", "admin");
	body_refused("{\"Name\":\"a\"}", 422, "unknown-field", "Name");
	body_refused("{\"name\":\"a\",\"\":1}", 422, "unknown-field", "");
	/* A field name that needs escaping is echoed back as valid JSON. */
	body_refused("{\"name\":\"a\",\"we\\\"ird\\n\xe5\xad\x97\":1}", 422, "unknown-field",
	             "we\"ird\n\xe5\xad\x97");
}

static void test_body_wrong_types(void **state)
{
	(void)state;
	body_refused("{\"name\":1}", 422, "invalid", "name");
	body_refused("{\"name\":null}", 422, "invalid", "name");
	body_refused("{\"name\":[\"a\"]}", 422, "invalid", "name");
	body_refused("{\"name\":{}}", 422, "invalid", "name");
	body_refused("{\"name\":true}", 422, "invalid", "name");
	body_refused("{\"name\":\"a\",\"count\":\"1\"}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":1.5}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":1.0}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":1e2}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":null}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":true}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"flag\":1}", 422, "invalid", "flag");
	body_refused("{\"name\":\"a\",\"flag\":\"true\"}", 422, "invalid", "flag");
	body_refused("{\"name\":\"a\",\"flag\":null}", 422, "invalid", "flag");
}

static void test_body_bounds(void **state)
{
	(void)state;
	body_refused("{\"name\":\"\"}", 422, "invalid", "name");
	body_refused("{\"name\":\"123456789\"}", 422, "invalid", "name");
	/* Three CJK characters are 9 bytes: over 8. */
	body_refused("{\"name\":\"\xe6\x94\xbf\xe5\x8a\xa1\xe5\xad\x97\"}", 422, "invalid", "name");
	body_refused("{\"name\":\"a\",\"note\":\"abcd\"}", 422, "invalid", "note");
	body_refused("{\"name\":\"a\",\"count\":-11}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":101}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":9223372036854775807}", 422, "invalid", "count");
	body_refused("{\"name\":\"a\",\"count\":-9223372036854775808}", 422, "invalid", "count");
}

static void test_body_nul_refused(void **state)
{
	(void)state;
	const char *docs[] = {"{\"name\":\"a\\u0000b\"}", "{\"name\":\"\\u0000\"}",
	                      "{\"name\":\"a\",\"note\":\"\\u0000\"}", "{\"na\\u0000me\":\"a\"}",
	                      NULL};
	for (int i = 0; docs[i]; i++) {
		http_resp w;
		json_t *out = (json_t *)1;
		if (decode(docs[i], &w, &out))
			fail_msg("NUL accepted: %s", docs[i]);
		assert_null(out);
		/* Refused either by the parser (400) or by the field check (422). */
		assert_true(w.status == 400 || w.status == 422);
		check_problem(&w, w.status, w.status == 400 ? "malformed-json" : "invalid",
		              w.status == 400 ? NULL : (i == 2 ? "note" : "name"));
		resp_done(&w);
	}
	/* A raw NUL byte inside the body is refused too. */
	http_resp w;
	json_t *out = NULL;
	resp_init(&w);
	assert_false(body_decode("{\"name\":\"a\0b\"}", 14, 16, b_test, &out, &w));
	assert_null(out);
	assert_int_equal(w.status, 400);
	resp_done(&w);
}

static void test_body_missing_required(void **state)
{
	(void)state;
	body_refused("{}", 422, "missing", "name");
	body_refused("{\"count\":1,\"flag\":true}", 422, "missing", "name");
}

static void test_body_real_login_schema(void **state)
{
	(void)state;
	size_t i = route_index("POST", "/api/v1/session");
	const field_spec *schema = api_routes[i].body;
	assert_non_null(schema);
	http_resp w;
	json_t *out = NULL;
	const char *ok = "{\"login\":\"clerk\",\"password\":\"secret\"}";
	resp_init(&w);
	assert_true(body_decode(ok, strlen(ok), 16, schema, &out, &w));
	json_decref(out);
	resp_done(&w);
	const char *extra = "{\"login\":\"clerk\",\"password\":\"s\",\"role\":\"sysadmin\"}";
	resp_init(&w);
	assert_false(body_decode(extra, strlen(extra), 16, schema, &out, &w));
	check_problem(&w, 422, "unknown-field", "role");
	resp_done(&w);
	const char *nopw = "{\"login\":\"clerk\"}";
	resp_init(&w);
	assert_false(body_decode(nopw, strlen(nopw), 16, schema, &out, &w));
	check_problem(&w, 422, "missing", "password");
	resp_done(&w);
}

/* ---------------------------------------------------------------- problems */

static void test_resp_problem_json(void **state)
{
	(void)state;
	http_resp w;
	resp_init(&w);
	resp_problem(&w, 409, "conflict", "Conflict \"quoted\" \xe5\x86\xb2\xe7\xaa\x81",
	             "line1\nline2\t\\", "the\"field");
	json_t *p = assert_problem(&w, 409, "conflict", "the\"field");
	assert_string_equal(json_string_value(json_object_get(p, "title")),
	                    "Conflict \"quoted\" \xe5\x86\xb2\xe7\xaa\x81");
	assert_string_equal(json_string_value(json_object_get(p, "detail")), "line1\nline2\t\\");
	json_decref(p);
	/* A second problem replaces the first (no concatenation). */
	resp_problem(&w, 404, "not-found", "Not found", NULL, NULL);
	p = assert_problem(&w, 404, "not-found", NULL);
	assert_null(json_object_get(p, "detail"));
	assert_int_equal(json_object_size(p), 3);
	json_decref(p);
	resp_done(&w);
}

static void test_resp_error_mapping(void **state)
{
	(void)state;
	const struct {
		os_err e;
		int status;
		const char *type;
	} map[] = {
	    {OS_ERR_INVALID, 422, "invalid"},
	    {OS_ERR_NOT_FOUND, 404, "not-found"},
	    {OS_ERR_CONFLICT, 409, "conflict"},
	    {OS_ERR_FORBIDDEN, 403, "forbidden"},
	    {OS_ERR_UNAUTHENTICATED, 401, "unauthenticated"},
	    {OS_ERR_TOO_LARGE, 413, "too-large"},
	    {OS_ERR_BUSY, 503, "busy"},
	    {OS_ERR_RATE_LIMITED, 429, "rate-limited"},
	    {OS_ERR_IO, 500, "internal"},
	    {OS_ERR_INTERNAL, 500, "internal"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		http_resp w;
		resp_init(&w);
		resp_error(&w, map[i].e, "why");
		check_problem(&w, map[i].status, map[i].type, NULL);
		resp_done(&w);
	}
}

static void test_resp_json_and_text(void **state)
{
	(void)state;
	http_resp w;
	resp_init(&w);
	resp_json(&w, 201, json_pack("{s:i, s:s}", "id", 5, "name", "\xe6\x94\xbf"));
	assert_int_equal(w.status, 201);
	assert_string_equal(w.content_type, "application/json");
	json_t *d = json_loadb(w.body.data, w.body.len, 0, NULL);
	assert_non_null(d);
	assert_int_equal(json_integer_value(json_object_get(d, "id")), 5);
	json_decref(d);
	/* A response too large for the body cap becomes a 500 problem. */
	buf_free(&w.body);
	buf_init(&w.body, 200);
	char big[400];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	resp_json(&w, 200, json_pack("{s:s}", "big", big));
	check_problem(&w, 500, "internal", NULL);
	resp_text(&w, 200, "text/plain", "hello", 5);
	assert_int_equal(w.status, 200);
	assert_int_equal(w.body.len, 5);
	assert_memory_equal(w.body.data, "hello", 5);
	resp_text(&w, 200, "text/plain", big, strlen(big));
	assert_int_equal(w.status, 500);
	resp_header(&w, "X-A", "1");
	assert_int_equal(w.n_headers, 1);
	assert_string_equal(w.headers[0].value, "1");
	for (int i = 0; i < RESP_MAX_HEADERS + 3; i++)
		resp_header(&w, "X-B", "2");
	assert_int_equal(w.n_headers, RESP_MAX_HEADERS);
	resp_done(&w);
}

/* ---- issue 6: JSON object / array fields, the per-route body cap ---- */

static const field_spec b_json[] = {
    {"form", FT_OBJECT, false, 2, 40, "an object of at most 40 bytes"},
    {"list", FT_ARRAY, false, 2, 40, "an array of at most 40 bytes"},
    {NULL, 0, false, 0, 0, NULL},
};

static bool decode_json(const char *s, http_resp *w, json_t **out)
{
	resp_init(w);
	return body_decode(s, strlen(s), 4, b_json, out, w);
}

static void test_body_object_array(void **state)
{
	(void)state;
	http_resp w;
	json_t *out = NULL;
	assert_true(decode_json("{\"form\":{\"a\":1},\"list\":[{\"m\":\"x\"}]}", &w, &out));
	assert_true(json_is_object(json_object_get(out, "form")));
	assert_int_equal(json_array_size(json_object_get(out, "list")), 1);
	json_decref(out);
	resp_done(&w);
	/* JSON text in a string is parsed and put in place */
	assert_true(decode_json("{\"form\":\"{\\\"a\\\":[1,2]}\",\"list\":\"[]\"}", &w, &out));
	json_t *f = json_object_get(out, "form");
	assert_true(json_is_object(f));
	assert_int_equal(json_array_size(json_object_get(f, "a")), 2);
	assert_true(json_is_array(json_object_get(out, "list")));
	json_decref(out);
	resp_done(&w);
	/* the wrong kind, bad text, too large, too deep inside a string */
	const char *bad[] = {
	    "{\"form\":[1]}",
	    "{\"list\":{}}",
	    "{\"form\":1}",
	    "{\"form\":\"{\\\"a\\\":\"}",
	    "{\"form\":\"[]\"}",
	    "{\"form\":{\"a\":\"0123456789012345678901234567890123456789\"}}",
	    "{\"form\":\"{\\\"a\\\":[[[[[1]]]]]}\"}",
	    "{\"form\":\"{\\\"a\\\":1,\\\"a\\\":2}\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		out = (json_t *)1;
		if (decode_json(bad[i], &w, &out))
			fail_msg("accepted: %s", bad[i]);
		assert_null(out);
		check_problem(&w, 422, "invalid", strstr(bad[i], "list") ? "list" : "form");
		resp_done(&w);
	}
}

static void test_body_cap_per_route(void **state)
{
	(void)state;
	os_config cfg;
	config_defaults(&cfg);
	app a = {.cfg = &cfg};
	/* the upload route takes more than the default; everything else the default */
	long files = router_body_cap(&a, "POST", "/api/v1/files");
	assert_true(files > cfg.max_body);
	assert_true(files >= 4L * 1024 * 1024 * 4 / 3);
	assert_int_equal(router_body_cap(&a, "POST", "/api/v1/cases"), cfg.max_body);
	assert_int_equal(router_body_cap(&a, "GET", "/api/v1/files"), cfg.max_body);
	assert_int_equal(router_body_cap(&a, "POST", "/api/v1/files/1"), cfg.max_body);
	assert_int_equal(router_body_cap(&a, "POST", "/index.html"), cfg.max_body);
	/* every route with its own cap is a POST or PUT with a body */
	for (size_t i = 0; i < api_routes_count; i++)
		if (api_routes[i].max_body)
			assert_non_null(api_routes[i].body);
	/* idempotent routes create something: POST with a body */
	for (size_t i = 0; i < api_routes_count; i++)
		if (api_routes[i].idempotent) {
			assert_string_equal(api_routes[i].method, "POST");
			assert_non_null(api_routes[i].body);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path_clean_accepts),
	    cmocka_unit_test(test_path_clean_refuses),
	    cmocka_unit_test(test_path_clean_length),
	    cmocka_unit_test(test_match_200),
	    cmocka_unit_test(test_match_404),
	    cmocka_unit_test(test_match_405_allow),
	    cmocka_unit_test(test_match_id_digits),
	    cmocka_unit_test(test_every_route_reachable),
	    cmocka_unit_test(test_query_valid),
	    cmocka_unit_test(test_query_values_readable),
	    cmocka_unit_test(test_query_unknown),
	    cmocka_unit_test(test_query_duplicate),
	    cmocka_unit_test(test_query_int_bounds),
	    cmocka_unit_test(test_query_string_length_and_bool),
	    cmocka_unit_test(test_query_required),
	    cmocka_unit_test(test_json_depth),
	    cmocka_unit_test(test_body_valid),
	    cmocka_unit_test(test_body_depth_cap),
	    cmocka_unit_test(test_body_malformed),
	    cmocka_unit_test(test_body_duplicate_keys),
	    cmocka_unit_test(test_body_unknown_field),
	    cmocka_unit_test(test_body_wrong_types),
	    cmocka_unit_test(test_body_bounds),
	    cmocka_unit_test(test_body_nul_refused),
	    cmocka_unit_test(test_body_missing_required),
	    cmocka_unit_test(test_body_real_login_schema),
	    cmocka_unit_test(test_resp_problem_json),
	    cmocka_unit_test(test_resp_error_mapping),
	    cmocka_unit_test(test_resp_json_and_text),
	    cmocka_unit_test(test_body_object_array),
	    cmocka_unit_test(test_body_cap_per_route),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
