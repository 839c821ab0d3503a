/* fuzz_router.c - a whole request through the router's pure checks.
 *
 * Input layout (separator bytes, so a corpus file reads like a request):
 *   METHOD '\n' PATH '\n' QUERY '\n' BODY
 * QUERY is name=value pairs joined by '&' (a pair without '=' has no value).
 * Every piece is copied into its own exact-size allocation so that the
 * sanitizers see any over-read.
 *
 * Checks, besides "no crash, no leak": every problem response is valid JSON
 * with the status the response carries; a match yields a route whose method
 * agrees; an accepted body is an object. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/roles.h"
#include "http/app.h"
#include "http/http.h"

static app the_app;

static const field_spec fixed_schema[] = {
    {"name", FT_STRING, true, 1, 64, "a string"},
    {"count", FT_INT, false, -1000, 1000, "an integer"},
    {"flag", FT_BOOL, false, 0, 0, "a boolean"},
    {NULL, 0, false, 0, 0, NULL},
};

/* Up to the next separator (or the end); advances *p past it. */
static char *take(const uint8_t **p, const uint8_t *end, uint8_t sep)
{
	const uint8_t *s = *p;
	const uint8_t *e = s;
	while (e < end && *e != sep)
		e++;
	size_t n = (size_t)(e - s);
	char *out = malloc(n + 1);
	if (!out)
		abort();
	memcpy(out, s, n);
	out[n] = '\0';
	*p = e < end ? e + 1 : e;
	return out;
}

static void check_problem(const http_resp *w)
{
	if (w->status < 400 || w->status > 599)
		abort();
	json_error_t err;
	json_t *doc = json_loadb(w->body.data, w->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!doc || !json_is_object(doc))
		abort();
	json_t *st = json_object_get(doc, "status");
	if (!json_is_integer(st) || json_integer_value(st) != w->status)
		abort();
	if (!json_is_string(json_object_get(doc, "type")) ||
	    !json_is_string(json_object_get(doc, "title")))
		abort();
	json_decref(doc);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_object_seed(1); /* reproducible key order */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *method = take(&p, end, '\n');
	char *path = take(&p, end, '\n');
	char *query = take(&p, end, '\n');
	size_t body_len = (size_t)(end - p);
	char *body = malloc(body_len ? body_len : 1);
	if (!body)
		abort();
	if (body_len)
		memcpy(body, p, body_len);

	http_req r;
	memset(&r, 0, sizeof r);
	r.app = &the_app;
	r.method = method;
	r.path = path;
	r.raw_body = body;
	r.raw_len = body_len;

	/* Query pairs point into `query`, split in place. */
	for (char *q = query; *q && r.n_query < REQ_MAX_QUERY;) {
		char *amp = strchr(q, '&');
		if (amp)
			*amp = '\0';
		char *eq = strchr(q, '=');
		if (eq)
			*eq = '\0';
		r.query[r.n_query].name = q;
		r.query[r.n_query].value = eq ? eq + 1 : NULL;
		r.n_query++;
		if (!amp)
			break;
		q = amp + 1;
	}

	http_resp w;
	memset(&w, 0, sizeof w);
	buf_init(&w.body, 1 << 20);
	w.fd = -1;

	(void)path_is_clean(path);
	char allow[64];
	int m = router_match(&r, allow, sizeof allow);
	const field_spec *schema = fixed_schema;
	if (m == 200) {
		if (!r.route || r.route != &api_routes[r.route_index])
			abort();
		if (strcmp(r.route->method, method) &&
		    !(strcmp(method, "HEAD") == 0 && strcmp(r.route->method, "GET") == 0))
			abort();
		for (int i = 0; i < r.n_params; i++)
			if (!r.params[i].name || !r.params[i].value || !*r.params[i].value)
				abort();
		(void)req_param_id(&r, "id");
		if (router_check_query(&r, &w)) {
			for (int i = 0; i < r.n_query; i++)
				(void)req_query_int(&r, r.query[i].name, 0);
		} else {
			check_problem(&w);
		}
		if (r.route->body)
			schema = r.route->body;
	} else if (m == 405) {
		if (!allow[0])
			abort();
	} else if (m != 404) {
		abort();
	}

	buf_reset(&w.body);
	w.status = 0;
	json_t *doc = NULL;
	if (body_decode(body, body_len, 16, schema, &doc, &w)) {
		if (!json_is_object(doc) || w.status != 0)
			abort();
		json_decref(doc);
	} else {
		if (doc)
			abort();
		check_problem(&w);
	}

	for (int i = 0; i < r.n_pool; i++)
		free(r.pool[i]);
	for (int i = 0; i < w.n_headers; i++)
		free(w.headers[i].value);
	buf_free(&w.body);
	free(method);
	free(path);
	free(query);
	free(body);
	return 0;
}
