/* fuzz_json_body.c - json_depth_ok and body_decode on arbitrary bytes.
 *
 * The first byte picks the depth cap (1..32); the rest is the body. The
 * schema has every field type, required and optional, with bounds.
 *
 * Checks, besides "no crash, no leak":
 *   - what json_depth_ok refuses, body_decode refuses with 400;
 *   - an accepted document really is no deeper than the cap, is an object,
 *     holds only declared fields of the declared types within their bounds,
 *     no string with a NUL, and every required field;
 *   - a refusal is a valid problem+json document whose status matches. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "http/app.h"
#include "http/http.h"

static const field_spec schema[] = {
    {"s_req", FT_STRING, true, 1, 16, "required string, 1..16 bytes"},
    {"s_opt", FT_STRING, false, 0, 4, "optional string, 0..4 bytes"},
    {"i_req", FT_INT, true, -5, 5, "required integer"},
    {"i_opt", FT_INT, false, 0, 1000000000, "optional integer"},
    {"b_opt", FT_BOOL, false, 0, 0, "optional boolean"},
    {"b_req", FT_BOOL, true, 0, 0, "required boolean"},
    {NULL, 0, false, 0, 0, NULL},
};

static const field_spec *find(const char *k)
{
	for (const field_spec *f = schema; f->name; f++)
		if (!strcmp(f->name, k))
			return f;
	return NULL;
}

static int depth_of(json_t *v)
{
	int d = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			int e = depth_of(x);
			if (e > d)
				d = e;
		}
		return d + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			int e = depth_of(x);
			if (e > d)
				d = e;
		}
		return d + 1;
	}
	return 0;
}

static void check_accepted(json_t *doc, int max_depth)
{
	if (!json_is_object(doc) || depth_of(doc) > max_depth)
		abort();
	const char *k;
	json_t *v;
	json_object_foreach(doc, k, v)
	{
		const field_spec *f = find(k);
		if (!f)
			abort();
		switch (f->type) {
		case FT_STRING: {
			if (!json_is_string(v))
				abort();
			size_t n = json_string_length(v);
			if ((long)n < f->min || (long)n > f->max ||
			    strlen(json_string_value(v)) != n)
				abort();
			break;
		}
		case FT_INT:
			if (!json_is_integer(v) || json_integer_value(v) < f->min ||
			    json_integer_value(v) > f->max)
				abort();
			break;
		case FT_BOOL:
			if (!json_is_boolean(v))
				abort();
			break;
		}
	}
	for (const field_spec *f = schema; f->name; f++)
		if (f->required && !json_object_get(doc, f->name))
			abort();
}

static void check_problem(const http_resp *w)
{
	if (w->status != 400 && w->status != 422)
		abort();
	json_t *doc = json_loadb(w->body.data, w->body.len, JSON_REJECT_DUPLICATES, NULL);
	if (!doc || !json_is_object(doc))
		abort();
	json_t *st = json_object_get(doc, "status");
	if (!json_is_integer(st) || json_integer_value(st) != w->status)
		abort();
	if (!json_is_string(json_object_get(doc, "type")))
		abort();
	json_decref(doc);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_object_seed(1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int max_depth = 1 + data[0] % 32;
	size_t n = size - 1;
	/* An exact-size copy: any read past n is an ASan report. */
	char *s = malloc(n ? n : 1);
	if (!s)
		abort();
	if (n)
		memcpy(s, data + 1, n);

	bool depth_ok = json_depth_ok(s, n, max_depth);

	http_resp w;
	memset(&w, 0, sizeof w);
	buf_init(&w.body, 1 << 20);
	w.fd = -1;
	json_t *doc = (json_t *)&w; /* must be reset to NULL on failure */
	if (body_decode(s, n, max_depth, schema, &doc, &w)) {
		if (!depth_ok || w.status != 0)
			abort();
		check_accepted(doc, max_depth);
		json_decref(doc);
	} else {
		if (doc)
			abort();
		check_problem(&w);
		if (!depth_ok && w.status != 400)
			abort();
	}
	buf_free(&w.body);
	free(s);
	return 0;
}
