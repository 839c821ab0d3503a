/* common.c - small helpers the resource handlers share (declared in api.h,
 * "shared by the handlers"): the members of the validated JSON body, the
 * JSON of optional values, today, and the date and period query
 * parameters. */
#include <string.h>

#include "api/api.h"
#include "http/access.h"

const char *api_body_str(const http_req *r, const char *name)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t api_body_int(const http_req *r, const char *name, int64_t def)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_integer(v) ? json_integer_value(v) : def;
}

int64_t api_user_id(const http_req *r)
{
	return r->user ? r->user->id : 0;
}

os_date api_today(const http_req *r)
{
	os_date d = 0;
	os_date_from_unix(r->now, &d);
	return d;
}

json_t *api_str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

json_t *api_time_or_null(int64_t t)
{
	return t ? json_integer(t) : json_null();
}

json_t *api_date_json(os_date d)
{
	char s[OS_DATE_STRLEN];
	os_date_format(d, s);
	return json_string(s);
}

json_t *api_date_or_null(os_date d)
{
	return d ? api_date_json(d) : json_null();
}

bool api_query_date(http_req *r, http_resp *w, const char *name, os_date def, os_date *out)
{
	const char *s = req_query(r, name);
	*out = def;
	if (s && os_date_parse(s, strlen(s), out)) {
		resp_problem(w, 422, "invalid", "Invalid date", "YYYY-MM-DD", name);
		return false;
	}
	return true;
}

bool api_query_period(http_req *r, http_resp *w, os_date def_from, os_date def_to, os_date *from,
                      os_date *to)
{
	if (!api_query_date(r, w, "from", def_from, from) ||
	    !api_query_date(r, w, "to", def_to, to))
		return false;
	if (*to < *from || *to - *from > API_PERIOD_MAX_DAYS) {
		resp_problem(w, 422, "invalid", "Invalid period",
		             "from is on or before to, at most ten years apart", "to");
		return false;
	}
	return true;
}

bool api_loaded(http_req *r, http_resp *w, os_err e, const char *what)
{
	if (e == OS_ERR_NOT_FOUND)
		access_deny(r, w);
	else if (e)
		resp_error(w, e, what);
	return !e;
}

void api_mask_name(const char *name, char *out, size_t cap)
{
	size_t o = 0, i = 0;
	if (!cap)
		return;
	out[0] = '\0';
	if (!name || !name[0])
		return;
	size_t first = 1;
	while (name[first] && ((unsigned char)name[first] & 0xc0) == 0x80)
		first++;
	if (first + 1 > cap)
		return;
	memcpy(out, name, first);
	o = first;
	for (i = first; name[i] && o + 2 <= cap; i++)
		if (((unsigned char)name[i] & 0xc0) != 0x80)
			out[o++] = '*';
	out[o] = '\0';
}
