/* catalog_io.c - CSV and JSON forms of items, bundles, sites and windows
 * (see catalog_io.h). Every row goes through the flat form: a JSON row is
 * type-checked against its column table and turned into text first. */
#include "core/catalog_io.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/mem.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static os_err bad(cat_problem *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static os_err bad(cat_problem *p, const char *field, const char *fmt, ...)
{
	if (p) {
		cpy(p->field, sizeof p->field, field);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->reason, sizeof p->reason, fmt, ap);
		va_end(ap);
	}
	return OS_ERR_INVALID;
}

const char *cat_what_key(cat_what w)
{
	static const char *const k[] = {"", "items", "bundles", "sites", "windows"};
	return (unsigned)w < 5 ? k[w] : "";
}

cat_what cat_what_parse(const char *s)
{
	for (int i = 1; i < 5; i++)
		if (!strcmp(s, cat_what_key((cat_what)i)))
			return (cat_what)i;
	return CAT_WHAT_NONE;
}

cat_format cat_format_parse(const char *s)
{
	if (!strcmp(s, "csv"))
		return CAT_FMT_CSV;
	if (!strcmp(s, "json"))
		return CAT_FMT_JSON;
	return CAT_FMT_NONE;
}

cat_format cat_format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return CAT_FMT_NONE;
	if (!strcasecmp(dot, ".csv"))
		return CAT_FMT_CSV;
	if (!strcasecmp(dot, ".json"))
		return CAT_FMT_JSON;
	return CAT_FMT_NONE;
}

int cat_window_kind_parse(const char *s)
{
	for (int k = WINDOW_COMPREHENSIVE; k <= WINDOW_PORT_VISA; k++)
		if (!strcmp(s, window_kind_key((window_kind)k)))
			return k;
	return 0;
}

/* ---- column tables ---- */

typedef enum col_kind { K_STR, K_INT, K_BOOL, K_LIST, K_JSON } col_kind;

typedef struct col {
	const char *name;
	col_kind kind;
	bool required;
} col;

enum {
	I_CODE,
	I_EFFECTIVE,
	I_NAME,
	I_NAME_EN,
	I_DEPT,
	I_TYPE,
	I_IMMEDIATE,
	I_LEGAL,
	I_PROMISED,
	I_FEE,
	I_FEE_NOTE,
	I_DEPTH,
	I_VISITS,
	I_CHANNELS,
	I_ACCEPT,
	I_DECIDE,
	I_EVENTS,
	I_KEYWORDS,
	I_BASIS,
	I_CONDITIONS,
	I_STEPS,
	I_MATERIALS,
	I_FIELDS,
	I__N
};

static const col item_cols[I__N] = {
    {"code", K_STR, true},           {"effective_from", K_STR, false},
    {"name", K_STR, true},           {"name_en", K_STR, false},
    {"department", K_STR, true},     {"type", K_STR, true},
    {"immediate", K_BOOL, false},    {"legal_days", K_INT, false},
    {"promised_days", K_INT, false}, {"fee", K_STR, false},
    {"fee_note", K_STR, false},      {"online_depth", K_INT, true},
    {"visits", K_INT, false},        {"channels", K_LIST, true},
    {"accept_tiers", K_LIST, true},  {"decide_tier", K_STR, true},
    {"life_events", K_LIST, false},  {"keywords", K_LIST, false},
    {"legal_basis", K_STR, false},   {"conditions", K_STR, false},
    {"steps", K_LIST, false},        {"materials", K_JSON, false},
    {"form_fields", K_JSON, false},
};

enum { B_CODE, B_NAME, B_NAME_EN, B_LEAD, B_ITEMS, B_DESC, B__N };
static const col bundle_cols[B__N] = {
    {"code", K_STR, true},     {"name", K_STR, true},
    {"name_en", K_STR, false}, {"lead_department", K_STR, true},
    {"items", K_LIST, true},   {"description", K_STR, false},
};

enum { S_CODE, S_NAME, S_NAME_EN, S_TIER, S_PARENT, S_HOURS, S_ADDRESS, S_DEPTS, S__N };
static const col site_cols[S__N] = {
    {"code", K_STR, true},     {"name", K_STR, true},          {"name_en", K_STR, false},
    {"tier", K_STR, true},     {"parent", K_STR, false},       {"hours", K_STR, false},
    {"address", K_STR, false}, {"departments", K_LIST, false},
};

enum { W_SITE, W_NUMBER, W_KIND, W_AREA, W_DEPT, W_PAUSED, W__N };
static const col window_cols[W__N] = {
    {"site", K_STR, true},  {"number", K_INT, true},      {"kind", K_STR, true},
    {"area", K_STR, false}, {"department", K_STR, false}, {"paused", K_BOOL, false},
};

static const col *cols_of(cat_what w, size_t *n)
{
	switch (w) {
	case CAT_WHAT_ITEMS:
		*n = I__N;
		return item_cols;
	case CAT_WHAT_BUNDLES:
		*n = B__N;
		return bundle_cols;
	case CAT_WHAT_SITES:
		*n = S__N;
		return site_cols;
	case CAT_WHAT_WINDOWS:
		*n = W__N;
		return window_cols;
	default:
		*n = 0;
		return NULL;
	}
}

static int col_index(const col *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cols[i].name, name))
			return (int)i;
	return -1;
}

/* Map names to column slots: vals[col] = value. Unknown or repeated names
 * are refused; required columns must be present and not blank. */
static os_err slot(const col *cols, size_t ncols, const char *const *names,
                   const char *const *values, size_t n, const char **vals, cat_problem *p)
{
	for (size_t i = 0; i < ncols; i++)
		vals[i] = NULL;
	for (size_t i = 0; i < n; i++) {
		int c = col_index(cols, ncols, names[i]);
		if (c < 0)
			return bad(p, names[i], "unknown field");
		if (vals[c])
			return bad(p, names[i], "repeated field");
		vals[c] = values[i];
	}
	for (size_t i = 0; i < ncols; i++)
		if (cols[i].required && (!vals[i] || !vals[i][0]))
			return bad(p, cols[i].name, "required");
	return OS_OK;
}

static bool given(const char *v)
{
	return v && v[0];
}

static os_err parse_int(const char *v, const char *field, long min, long max, int *out,
                        cat_problem *p)
{
	char *end;
	errno = 0;
	if (!((v[0] >= '0' && v[0] <= '9') || (v[0] == '-' && v[1] >= '0' && v[1] <= '9')))
		return bad(p, field, "must be a whole number from %ld to %ld", min, max);
	long x = strtol(v, &end, 10);
	if (errno || *end || x < min || x > max)
		return bad(p, field, "must be a whole number from %ld to %ld", min, max);
	*out = (int)x;
	return OS_OK;
}

static os_err parse_bool(const char *v, const char *field, bool *out, cat_problem *p)
{
	if (!strcmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "false"))
		*out = false;
	else
		return bad(p, field, "must be true or false");
	return OS_OK;
}

/* Split a ';' list; entries are trimmed of spaces; empty entries skipped.
 * fn returns OS_OK or fills p. */
typedef os_err (*entry_fn)(const char *entry, size_t index, void *ctx, cat_problem *p);

static os_err each_entry(const char *v, const char *field, size_t max_entries, size_t max_len,
                         entry_fn fn, void *ctx, cat_problem *p)
{
	size_t index = 0;
	const char *s = v;
	while (*s) {
		const char *e = strchr(s, ';');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *a = s, *b = s + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			char f[64];
			snprintf(f, sizeof f, "%s[%zu]", field, index);
			if (index >= max_entries)
				return bad(p, field, "%zu entries at most", max_entries);
			if ((size_t)(b - a) > max_len)
				return bad(p, f, "longer than %zu bytes", max_len);
			char entry[512];
			memcpy(entry, a, (size_t)(b - a));
			entry[b - a] = '\0';
			os_err err = fn(entry, index, ctx, p);
			if (err)
				return err;
			index++;
		}
		s = e ? e + 1 : s + n;
	}
	return OS_OK;
}

static os_err channel_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	cat_item *it = ctx;
	unsigned c = cat_channel_parse(e);
	char f[48];
	snprintf(f, sizeof f, "channels[%zu]", i);
	if (!c)
		return bad(p, f, "unknown channel '%s' (window, online, mobile, proxy, post)", e);
	if (it->channels & c)
		return bad(p, f, "repeated channel '%s'", e);
	it->channels |= c;
	return OS_OK;
}

static os_err tier_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	cat_item *it = ctx;
	int t = site_tier_parse(e);
	char f[48];
	snprintf(f, sizeof f, "accept_tiers[%zu]", i);
	if (!t)
		return bad(p, f, "unknown tier '%s' (district, township, village)", e);
	if (it->accept_tiers & CAT_TIER_BIT(t))
		return bad(p, f, "repeated tier '%s'", e);
	it->accept_tiers |= CAT_TIER_BIT(t);
	return OS_OK;
}

static os_err event_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	cat_item *it = ctx;
	int k = cat_life_event_parse(e);
	char f[48];
	snprintf(f, sizeof f, "life_events[%zu]", i);
	if (k < 0)
		return bad(p, f, "unknown life event '%s'", e);
	if (it->life_events & (1u << k))
		return bad(p, f, "repeated life event '%s'", e);
	it->life_events |= 1u << k;
	return OS_OK;
}

static os_err keyword_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	(void)i;
	(void)p;
	cat_item_add_keyword(ctx, e);
	return OS_OK;
}

static os_err step_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	(void)i;
	(void)p;
	cat_item_add_step(ctx, e);
	return OS_OK;
}

/* A string member of a JSON object, type-checked; def when absent. */
static os_err obj_str(json_t *o, const char *key, const char *path, size_t max, const char *def,
                      char *out, size_t cap, cat_problem *p)
{
	json_t *v = json_object_get(o, key);
	char f[96];
	snprintf(f, sizeof f, "%s.%s", path, key);
	if (!v) {
		if (!def)
			return bad(p, f, "required");
		cpy(out, cap, def);
		return OS_OK;
	}
	if (!json_is_string(v))
		return bad(p, f, "must be a string");
	if (json_string_length(v) > max || strlen(json_string_value(v)) != json_string_length(v))
		return bad(p, f, "longer than %zu bytes (or holds NUL)", max);
	cpy(out, cap, json_string_value(v));
	return OS_OK;
}

static os_err obj_bool(json_t *o, const char *key, const char *path, bool def, bool *out,
                       cat_problem *p)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		*out = def;
		return OS_OK;
	}
	if (!json_is_boolean(v)) {
		char f[96];
		snprintf(f, sizeof f, "%s.%s", path, key);
		return bad(p, f, "must be true or false");
	}
	*out = json_is_true(v);
	return OS_OK;
}

static os_err obj_keys(json_t *o, const char *path, const char *const *allowed, cat_problem *p)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = !strcmp(*a, k);
		if (!ok) {
			char f[96];
			snprintf(f, sizeof f, "%s.%s", path, k);
			return bad(p, f, "unknown field");
		}
	}
	return OS_OK;
}

static os_err parse_materials(json_t *arr, cat_item *it, cat_problem *p)
{
	static const char *const keys[] = {"code",     "name",      "form",      "count",
	                                   "required", "condition", "e_licence", NULL};
	if (!json_is_array(arr))
		return bad(p, "materials", "must be a JSON array of objects");
	if (json_array_size(arr) > CAT_MAX_MATERIALS)
		return bad(p, "materials", "%d materials at most", CAT_MAX_MATERIALS);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	{
		char path[48], form[16], f[96];
		snprintf(path, sizeof path, "materials[%zu]", i);
		if (!json_is_object(o))
			return bad(p, path, "must be an object");
		if (obj_keys(o, path, keys, p))
			return OS_ERR_INVALID;
		cat_material *m = cat_item_add_material(it);
		if (obj_str(o, "code", path, CAT_CODE_MAX - 1, "", m->code, sizeof m->code, p) ||
		    obj_str(o, "name", path, CAT_NAME_MAX - 1, NULL, m->name, sizeof m->name, p) ||
		    obj_str(o, "form", path, 15, "original", form, sizeof form, p) ||
		    obj_str(o, "condition", path, CAT_NOTE_MAX - 1, "", m->condition,
		            sizeof m->condition, p) ||
		    obj_bool(o, "required", path, true, &m->required, p) ||
		    obj_bool(o, "e_licence", path, false, &m->e_licence, p))
			return OS_ERR_INVALID;
		snprintf(f, sizeof f, "%s.form", path);
		if (!(m->form = cat_form_parse(form)))
			return bad(p, f, "must be original, copy or both");
		json_t *c = json_object_get(o, "count");
		snprintf(f, sizeof f, "%s.count", path);
		if (c && (!json_is_integer(c) || json_integer_value(c) < 1 ||
		          json_integer_value(c) > 99))
			return bad(p, f, "must be a whole number from 1 to 99");
		m->count = c ? (int)json_integer_value(c) : 1;
	}
	return OS_OK;
}

static os_err parse_fields(json_t *arr, cat_item *it, cat_problem *p)
{
	static const char *const keys[] = {"name", "label", "label_en", "type", "required", NULL};
	if (!json_is_array(arr))
		return bad(p, "form_fields", "must be a JSON array of objects");
	if (json_array_size(arr) > CAT_MAX_FIELDS)
		return bad(p, "form_fields", "%d fields at most", CAT_MAX_FIELDS);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	{
		char path[48], type[16], f[96];
		snprintf(path, sizeof path, "form_fields[%zu]", i);
		if (!json_is_object(o))
			return bad(p, path, "must be an object");
		if (obj_keys(o, path, keys, p))
			return OS_ERR_INVALID;
		cat_field *fl = cat_item_add_field(it);
		if (obj_str(o, "name", path, CAT_FIELD_NAME - 1, NULL, fl->name, sizeof fl->name,
		            p) ||
		    obj_str(o, "label", path, CAT_LABEL_MAX - 1, NULL, fl->label, sizeof fl->label,
		            p) ||
		    obj_str(o, "label_en", path, CAT_LABEL_MAX - 1, "", fl->label_en,
		            sizeof fl->label_en, p) ||
		    obj_str(o, "type", path, 15, "text", type, sizeof type, p) ||
		    obj_bool(o, "required", path, false, &fl->required, p))
			return OS_ERR_INVALID;
		snprintf(f, sizeof f, "%s.type", path);
		int t = cat_field_type_parse(type);
		if (!t)
			return bad(p, f, "unknown field type '%s'", type);
		fl->type = (cat_field_type)t;
	}
	return OS_OK;
}

static os_err parse_json_list(const char *v, const char *field,
                              os_err (*fn)(json_t *, cat_item *, cat_problem *), cat_item *it,
                              cat_problem *p)
{
	json_error_t jerr;
	json_t *arr = json_loads(v, JSON_REJECT_DUPLICATES, &jerr);
	if (!arr)
		return bad(p, field, "not JSON: %s", jerr.text);
	os_err e = fn(arr, it, p);
	json_decref(arr);
	return e;
}

os_err cat_item_from_flat(const char *const *names, const char *const *values, size_t n,
                          cat_item *out, cat_problem *p)
{
	const char *v[I__N];
	cat_item_init(out);
	os_err e = slot(item_cols, I__N, names, values, n, v, p);
	if (e)
		goto fail;
	cpy(out->code, sizeof out->code, v[I_CODE]);
	if (strlen(v[I_CODE]) >= CAT_CODE_MAX || !cat_code_ok(v[I_CODE])) {
		e = bad(p, "code", "1 to 63 letters, digits, '.', '_' or '-'");
		goto fail;
	}
	if (given(v[I_EFFECTIVE])) {
		if (os_date_parse(v[I_EFFECTIVE], strlen(v[I_EFFECTIVE]), &out->effective_from)) {
			e = bad(p, "effective_from", "a date YYYY-MM-DD");
			goto fail;
		}
		if (os_date_year(out->effective_from) < 2000 ||
		    os_date_year(out->effective_from) > 2099) {
			e = bad(p, "effective_from", "a date in the years 2000 to 2099");
			goto fail;
		}
		out->has_effective = true;
	}
#define TEXT(field, idx, max)                                                                      \
	do {                                                                                       \
		if (v[idx] && strlen(v[idx]) > (max)) {                                            \
			e = bad(p, item_cols[idx].name, "longer than %d bytes", (int)(max));       \
			goto fail;                                                                 \
		}                                                                                  \
		cpy(out->field, sizeof out->field, v[idx]);                                        \
	} while (0)
	TEXT(name, I_NAME, CAT_NAME_MAX - 1);
	TEXT(name_en, I_NAME_EN, CAT_NAME_MAX - 1);
	TEXT(department, I_DEPT, ORG_CODE_MAX - 1);
	TEXT(fee_note, I_FEE_NOTE, CAT_NOTE_MAX - 1);
#undef TEXT
	int t = cat_type_parse(v[I_TYPE]);
	if (!t) {
		e = bad(p, "type", "unknown type '%.40s'", v[I_TYPE]);
		goto fail;
	}
	out->type = (cat_type)t;
	if (given(v[I_IMMEDIATE]) &&
	    (e = parse_bool(v[I_IMMEDIATE], "immediate", &out->immediate, p)))
		goto fail;
	out->legal_days = 20;
	if (given(v[I_LEGAL]) &&
	    (e = parse_int(v[I_LEGAL], "legal_days", 0, CAT_MAX_DAYS, &out->legal_days, p)))
		goto fail;
	out->promised_days = out->immediate ? 0 : out->legal_days;
	if (given(v[I_PROMISED]) && (e = parse_int(v[I_PROMISED], "promised_days", 0, CAT_MAX_DAYS,
	                                           &out->promised_days, p)))
		goto fail;
	if (given(v[I_FEE]) && cat_fee_parse(v[I_FEE], &out->fee_fen)) {
		e = bad(p, "fee", "yuan, such as 0 or 12.50 (at most 1000000.00)");
		goto fail;
	}
	if ((e = parse_int(v[I_DEPTH], "online_depth", 1, 4, &out->depth, p)))
		goto fail;
	out->visits = out->depth == 4 ? 0 : 1;
	if (given(v[I_VISITS]) &&
	    (e = parse_int(v[I_VISITS], "visits", 0, CAT_MAX_VISITS, &out->visits, p)))
		goto fail;
	if ((e = each_entry(v[I_CHANNELS], "channels", CAT_CHANNEL_COUNT, 16, channel_entry, out,
	                    p)) ||
	    (e = each_entry(v[I_ACCEPT], "accept_tiers", 3, 16, tier_entry, out, p)))
		goto fail;
	int dt = site_tier_parse(v[I_DECIDE]);
	if (!dt) {
		e = bad(p, "decide_tier", "must be district, township or village");
		goto fail;
	}
	out->decide_tier = (site_tier)dt;
	if ((given(v[I_EVENTS]) &&
	     (e = each_entry(v[I_EVENTS], "life_events", 32, 32, event_entry, out, p))) ||
	    (given(v[I_KEYWORDS]) &&
	     (e = each_entry(v[I_KEYWORDS], "keywords", CAT_MAX_KEYWORDS, CAT_KEYWORD_MAX - 1,
	                     keyword_entry, out, p))) ||
	    (given(v[I_STEPS]) && (e = each_entry(v[I_STEPS], "steps", CAT_MAX_STEPS,
	                                          CAT_STEP_MAX - 1, step_entry, out, p))))
		goto fail;
	if (given(v[I_BASIS])) {
		if (strlen(v[I_BASIS]) > CAT_TEXT_MAX) {
			e = bad(p, "legal_basis", "longer than %d bytes", CAT_TEXT_MAX);
			goto fail;
		}
		cat_item_set_text(&out->legal_basis, v[I_BASIS]);
	}
	if (given(v[I_CONDITIONS])) {
		if (strlen(v[I_CONDITIONS]) > CAT_TEXT_MAX) {
			e = bad(p, "conditions", "longer than %d bytes", CAT_TEXT_MAX);
			goto fail;
		}
		cat_item_set_text(&out->conditions, v[I_CONDITIONS]);
	}
	if ((given(v[I_MATERIALS]) &&
	     (e = parse_json_list(v[I_MATERIALS], "materials", parse_materials, out, p))) ||
	    (given(v[I_FIELDS]) &&
	     (e = parse_json_list(v[I_FIELDS], "form_fields", parse_fields, out, p))))
		goto fail;
	if ((e = cat_item_validate(out, p)))
		goto fail;
	return OS_OK;
fail:
	cat_item_free(out);
	return e ? e : OS_ERR_INVALID;
}

/* ---- JSON rows -> flat ---- */

typedef struct flat {
	const char *names[32];
	char *values[32];
	size_t n;
} flat;

static void flat_free(flat *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->values[i]);
	f->n = 0;
}

/* Type-check a JSON row against the columns and turn it into text values. */
static os_err json_to_flat(json_t *o, const col *cols, size_t ncols, flat *out, cat_problem *p)
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(o))
		return bad(p, "row", "must be a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		int c = col_index(cols, ncols, k);
		if (c < 0)
			return bad(p, k, "unknown field");
		if (out->n == sizeof out->names / sizeof out->names[0])
			return bad(p, k, "too many fields");
		char num[32];
		char *text = NULL;
		switch (cols[c].kind) {
		case K_STR:
			if (!json_is_string(v))
				return bad(p, k, "must be a string");
			if (strlen(json_string_value(v)) != json_string_length(v))
				return bad(p, k, "may not hold NUL");
			text = os_strdup(json_string_value(v));
			break;
		case K_INT:
			if (!json_is_integer(v))
				return bad(p, k, "must be a whole number");
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			text = os_strdup(num);
			break;
		case K_BOOL:
			if (!json_is_boolean(v))
				return bad(p, k, "must be true or false");
			text = os_strdup(json_is_true(v) ? "true" : "false");
			break;
		case K_LIST: {
			if (!json_is_array(v))
				return bad(p, k, "must be an array of strings");
			buf b;
			buf_init(&b, 1u << 20);
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x)
			{
				char f[64];
				snprintf(f, sizeof f, "%s[%zu]", k, i);
				if (!json_is_string(x) ||
				    strlen(json_string_value(x)) != json_string_length(x)) {
					buf_free(&b);
					return bad(p, f, "must be a string");
				}
				const char *s = json_string_value(x);
				if (strchr(s, ';')) {
					buf_free(&b);
					return bad(p, f, "may not contain ';'");
				}
				if (!s[0]) {
					buf_free(&b);
					return bad(p, f, "empty");
				}
				if ((i && buf_add(&b, ";", 1)) || buf_adds(&b, s)) {
					buf_free(&b);
					return bad(p, k, "too long");
				}
			}
			if (buf_add(&b, "", 0)) {
				buf_free(&b);
				return bad(p, k, "too long");
			}
			text = b.data ? buf_steal(&b, NULL) : os_strdup("");
			break;
		}
		case K_JSON:
			if (!json_is_array(v))
				return bad(p, k, "must be an array of objects");
			text = json_dumps(v, JSON_COMPACT);
			if (!text)
				return bad(p, k, "cannot be encoded");
			break;
		}
		out->names[out->n] = cols[c].name;
		out->values[out->n] = text;
		out->n++;
	}
	return OS_OK;
}

os_err cat_item_from_json(json_t *obj, cat_item *out, cat_problem *p)
{
	flat f;
	os_err e = json_to_flat(obj, item_cols, I__N, &f, p);
	if (!e)
		e = cat_item_from_flat(f.names, (const char *const *)f.values, f.n, out, p);
	else
		memset(out, 0, sizeof *out); /* nothing to free on failure */
	flat_free(&f);
	return e;
}

json_t *cat_item_to_json(const cat_item *it, bool with_effective)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(it->code));
	if (with_effective) {
		char d[OS_DATE_STRLEN];
		os_date_format(it->effective_from, d);
		json_object_set_new(o, "effective_from", json_string(d));
	}
	json_object_set_new(o, "name", json_string(it->name));
	json_object_set_new(o, "name_en", json_string(it->name_en));
	json_object_set_new(o, "department", json_string(it->department));
	json_object_set_new(o, "type", json_string(cat_type_key(it->type)));
	json_object_set_new(o, "immediate", json_boolean(it->immediate));
	json_object_set_new(o, "legal_days", json_integer(it->legal_days));
	json_object_set_new(o, "promised_days", json_integer(it->promised_days));
	char fee[24];
	cat_fee_format(it->fee_fen, fee);
	json_object_set_new(o, "fee", json_string(fee));
	json_object_set_new(o, "fee_note", json_string(it->fee_note));
	json_object_set_new(o, "online_depth", json_integer(it->depth));
	json_object_set_new(o, "visits", json_integer(it->visits));
	json_t *a = json_array();
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (it->channels & (1u << i))
			json_array_append_new(a, json_string(cat_channel_key(1u << i)));
	json_object_set_new(o, "channels", a);
	a = json_array();
	for (int t = TIER_DISTRICT; t <= TIER_VILLAGE; t++)
		if (it->accept_tiers & CAT_TIER_BIT(t))
			json_array_append_new(a, json_string(site_tier_key((site_tier)t)));
	json_object_set_new(o, "accept_tiers", a);
	json_object_set_new(o, "decide_tier", json_string(site_tier_key(it->decide_tier)));
	size_t n_ev;
	const cat_life_event *ev = cat_life_events(&n_ev);
	a = json_array();
	for (size_t i = 0; i < n_ev; i++)
		if (it->life_events & (1u << i))
			json_array_append_new(a, json_string(ev[i].key));
	json_object_set_new(o, "life_events", a);
	a = json_array();
	for (size_t i = 0; i < it->n_keywords; i++)
		json_array_append_new(a, json_string(it->keywords[i]));
	json_object_set_new(o, "keywords", a);
	json_object_set_new(o, "legal_basis", json_string(it->legal_basis ? it->legal_basis : ""));
	json_object_set_new(o, "conditions", json_string(it->conditions ? it->conditions : ""));
	a = json_array();
	for (size_t i = 0; i < it->n_steps; i++)
		json_array_append_new(a, json_string(it->steps[i]));
	json_object_set_new(o, "steps", a);
	a = json_array();
	for (size_t i = 0; i < it->n_materials; i++) {
		const cat_material *m = &it->materials[i];
		json_t *x = json_object();
		if (m->code[0])
			json_object_set_new(x, "code", json_string(m->code));
		json_object_set_new(x, "name", json_string(m->name));
		json_object_set_new(x, "form", json_string(cat_form_key(m->form)));
		json_object_set_new(x, "count", json_integer(m->count));
		json_object_set_new(x, "required", json_boolean(m->required));
		if (m->condition[0])
			json_object_set_new(x, "condition", json_string(m->condition));
		json_object_set_new(x, "e_licence", json_boolean(m->e_licence));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "materials", a);
	a = json_array();
	for (size_t i = 0; i < it->n_fields; i++) {
		const cat_field *f = &it->fields[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", f->name,
		                                   "label", f->label, "label_en", f->label_en,
		                                   "type", cat_field_type_key(f->type), "required",
		                                   f->required));
	}
	json_object_set_new(o, "form_fields", a);
	return o;
}

char *cat_item_doc(const cat_item *it)
{
	json_t *o = cat_item_to_json(it, false);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		abort(); /* out of memory: see mem.h */
	return s;
}

/* ---- bundles, sites, windows ---- */

static os_err bundle_item_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	cat_bundle *b = ctx;
	char f[48];
	snprintf(f, sizeof f, "items[%zu]", i);
	if (!cat_code_ok(e))
		return bad(p, f, "an item code");
	cpy(b->items[b->n_items++], CAT_CODE_MAX, e);
	return OS_OK;
}

static os_err text_col(const char *v, const char *field, size_t max, char *out, size_t cap,
                       bool multiline, cat_problem *p)
{
	v = v ? v : "";
	if (!cat_text_ok(v, max, multiline))
		return bad(p, field,
		           strlen(v) > max ? "longer than %zu bytes" : "not valid text (%zu bytes)",
		           max);
	cpy(out, cap, v);
	return OS_OK;
}

os_err cat_bundle_from_flat(const char *const *names, const char *const *values, size_t n,
                            cat_bundle *out, cat_problem *p)
{
	const char *v[B__N];
	memset(out, 0, sizeof *out);
	os_err e = slot(bundle_cols, B__N, names, values, n, v, p);
	if (e)
		return e;
	if ((e = text_col(v[B_CODE], "code", CAT_CODE_MAX - 1, out->code, sizeof out->code, false,
	                  p)) ||
	    (e = text_col(v[B_NAME], "name", CAT_NAME_MAX - 1, out->name, sizeof out->name, false,
	                  p)) ||
	    (e = text_col(v[B_NAME_EN], "name_en", CAT_NAME_MAX - 1, out->name_en,
	                  sizeof out->name_en, false, p)) ||
	    (e = text_col(v[B_LEAD], "lead_department", ORG_CODE_MAX - 1, out->lead_department,
	                  sizeof out->lead_department, false, p)) ||
	    (e = text_col(v[B_DESC], "description", CAT_DESC_MAX - 1, out->description,
	                  sizeof out->description, true, p)) ||
	    (e = each_entry(v[B_ITEMS], "items", CAT_BUNDLE_MAX_ITEMS, CAT_CODE_MAX - 1,
	                    bundle_item_entry, out, p)))
		return e;
	return cat_bundle_validate(out, p);
}

json_t *cat_bundle_to_json(const cat_bundle *b)
{
	json_t *items = json_array();
	for (size_t i = 0; i < b->n_items; i++)
		json_array_append_new(items, json_string(b->items[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "code", b->code, "name", b->name,
	                 "name_en", b->name_en, "lead_department", b->lead_department, "items",
	                 items, "description", b->description);
}

static os_err site_dept_entry(const char *e, size_t i, void *ctx, cat_problem *p)
{
	cat_site_row *s = ctx;
	char f[48];
	snprintf(f, sizeof f, "departments[%zu]", i);
	if (!cat_code_ok(e) || strlen(e) >= ORG_CODE_MAX)
		return bad(p, f, "a department code");
	for (size_t j = 0; j < s->n_departments; j++)
		if (!strcmp(s->departments[j], e))
			return bad(p, f, "repeated department %s", e);
	cpy(s->departments[s->n_departments++], ORG_CODE_MAX, e);
	return OS_OK;
}

static os_err site_from_flat(const char *const *names, const char *const *values, size_t n,
                             cat_site_row *out, cat_problem *p)
{
	const char *v[S__N];
	memset(out, 0, sizeof *out);
	os_err e = slot(site_cols, S__N, names, values, n, v, p);
	if (e)
		return e;
	org_site *s = &out->site;
	if (!cat_code_ok(v[S_CODE]) || strlen(v[S_CODE]) >= ORG_CODE_MAX)
		return bad(p, "code", "1 to 31 letters, digits, '.', '_' or '-'");
	cpy(s->code, sizeof s->code, v[S_CODE]);
	if ((e = text_col(v[S_NAME], "name", ORG_NAME_MAX - 1, s->name, sizeof s->name, false,
	                  p)) ||
	    (e = text_col(v[S_NAME_EN], "name_en", ORG_NAME_MAX - 1, s->name_en, sizeof s->name_en,
	                  false, p)) ||
	    (e = text_col(v[S_HOURS], "hours", ORG_NAME_MAX - 1, s->hours, sizeof s->hours, false,
	                  p)) ||
	    (e = text_col(v[S_ADDRESS], "address", ORG_NAME_MAX - 1, s->address, sizeof s->address,
	                  false, p)))
		return e;
	int t = site_tier_parse(v[S_TIER]);
	if (!t)
		return bad(p, "tier", "must be district, township or village");
	s->tier = (site_tier)t;
	if (given(v[S_PARENT])) {
		if (!cat_code_ok(v[S_PARENT]) || strlen(v[S_PARENT]) >= ORG_CODE_MAX)
			return bad(p, "parent", "a site code");
		cpy(out->parent, sizeof out->parent, v[S_PARENT]);
	}
	if ((t == TIER_DISTRICT) != !out->parent[0])
		return bad(p, "parent",
		           t == TIER_DISTRICT ? "the district center has no parent"
		                              : "a township or village needs a parent");
	if (!strcmp(out->parent, s->code))
		return bad(p, "parent", "a site cannot be its own parent");
	out->has_departments = v[S_DEPTS] != NULL;
	if (given(v[S_DEPTS]) && (e = each_entry(v[S_DEPTS], "departments", CAT_SITE_MAX_DEPTS,
	                                         ORG_CODE_MAX - 1, site_dept_entry, out, p)))
		return e;
	if (strspn(s->name, " \t") == strlen(s->name))
		return bad(p, "name", "required");
	return OS_OK;
}

json_t *cat_site_row_to_json(const cat_site_row *r)
{
	json_t *d = json_array();
	for (size_t i = 0; i < r->n_departments; i++)
		json_array_append_new(d, json_string(r->departments[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "code", r->site.code, "name",
	                 r->site.name, "name_en", r->site.name_en, "tier",
	                 site_tier_key(r->site.tier), "parent", r->parent, "hours", r->site.hours,
	                 "address", r->site.address, "departments", d);
}

static os_err window_from_flat(const char *const *names, const char *const *values, size_t n,
                               cat_window_row *out, cat_problem *p)
{
	const char *v[W__N];
	memset(out, 0, sizeof *out);
	os_err e = slot(window_cols, W__N, names, values, n, v, p);
	if (e)
		return e;
	if (!cat_code_ok(v[W_SITE]) || strlen(v[W_SITE]) >= ORG_CODE_MAX)
		return bad(p, "site", "a site code");
	cpy(out->site, sizeof out->site, v[W_SITE]);
	if ((e = parse_int(v[W_NUMBER], "number", 1, 999, &out->number, p)))
		return e;
	int k = cat_window_kind_parse(v[W_KIND]);
	if (!k)
		return bad(p, "kind", "unknown window kind '%.40s'", v[W_KIND]);
	out->kind = (window_kind)k;
	if (given(v[W_AREA])) {
		if (!cat_code_ok(v[W_AREA]) || strlen(v[W_AREA]) >= ORG_CODE_MAX)
			return bad(p, "area", "an area code");
		cpy(out->area, sizeof out->area, v[W_AREA]);
	}
	if (given(v[W_DEPT])) {
		if (!cat_code_ok(v[W_DEPT]) || strlen(v[W_DEPT]) >= ORG_CODE_MAX)
			return bad(p, "department", "a department code");
		cpy(out->department, sizeof out->department, v[W_DEPT]);
	}
	if ((out->kind == WINDOW_DEPARTMENT) != (out->department[0] != '\0'))
		return bad(p, "department",
		           out->kind == WINDOW_DEPARTMENT
		               ? "a department window needs a department"
		               : "only department windows have a department");
	if (given(v[W_PAUSED]) && (e = parse_bool(v[W_PAUSED], "paused", &out->paused, p)))
		return e;
	return OS_OK;
}

json_t *cat_window_row_to_json(const cat_window_row *w)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:b}", "site", w->site, "number", w->number,
	                 "kind", window_kind_key(w->kind), "area", w->area, "department",
	                 w->department, "paused", w->paused);
}

/* ---- import ---- */

void cat_import_free(cat_import *im)
{
	if (im->items)
		for (size_t i = 0; i < im->n; i++)
			cat_item_free(&im->items[i]);
	free(im->items);
	free(im->bundles);
	free(im->sites);
	free(im->windows);
	free(im->lines);
	memset(im, 0, sizeof *im);
}

static void add_error(cat_row_error *errs, size_t max, size_t *n, size_t line, const char *field,
                      const char *reason)
{
	if (*n < max) {
		errs[*n].line = line;
		cpy(errs[*n].field, sizeof errs[*n].field, field);
		cpy(errs[*n].reason, sizeof errs[*n].reason, reason);
	}
	(*n)++;
}

/* Room for one more row in im. */
static void reserve(cat_import *im, size_t *cap)
{
	if (im->n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 64;
	im->lines = os_realloc(im->lines, *cap * sizeof *im->lines);
	switch (im->what) {
	case CAT_WHAT_ITEMS:
		im->items = os_realloc(im->items, *cap * sizeof *im->items);
		break;
	case CAT_WHAT_BUNDLES:
		im->bundles = os_realloc(im->bundles, *cap * sizeof *im->bundles);
		break;
	case CAT_WHAT_SITES:
		im->sites = os_realloc(im->sites, *cap * sizeof *im->sites);
		break;
	case CAT_WHAT_WINDOWS:
		im->windows = os_realloc(im->windows, *cap * sizeof *im->windows);
		break;
	default:
		break;
	}
}

/* Parse one flat row into slot im->n (already reserved). */
static os_err row_from_flat(cat_import *im, const char *const *names, const char *const *values,
                            size_t n, cat_problem *p)
{
	switch (im->what) {
	case CAT_WHAT_ITEMS:
		return cat_item_from_flat(names, values, n, &im->items[im->n], p);
	case CAT_WHAT_BUNDLES:
		return cat_bundle_from_flat(names, values, n, &im->bundles[im->n], p);
	case CAT_WHAT_SITES:
		return site_from_flat(names, values, n, &im->sites[im->n], p);
	case CAT_WHAT_WINDOWS:
		return window_from_flat(names, values, n, &im->windows[im->n], p);
	default:
		return bad(p, "what", "unknown");
	}
}

/* Which kind of rows a CSV header describes. */
static cat_what what_of_header(const csv_record *h)
{
	cat_what found = CAT_WHAT_NONE;
	for (int w = CAT_WHAT_ITEMS; w <= CAT_WHAT_WINDOWS; w++) {
		size_t n;
		const col *cols = cols_of((cat_what)w, &n);
		bool ok = true;
		for (size_t i = 0; i < h->n && ok; i++)
			ok = col_index(cols, n, h->fields[i]) >= 0;
		for (size_t i = 0; i < n && ok; i++) {
			if (!cols[i].required)
				continue;
			bool has = false;
			for (size_t j = 0; j < h->n && !has; j++)
				has = !strcmp(h->fields[j], cols[i].name);
			ok = has;
		}
		if (ok) {
			if (found)
				return CAT_WHAT_NONE;
			found = (cat_what)w;
		}
	}
	return found;
}

static os_err import_csv(const char *data, size_t len, cat_what what, cat_import *out,
                         cat_row_error *errs, size_t max_errs, size_t *n_errs)
{
	csv_limits lim = CSV_LIMITS_DEFAULT;
	lim.max_rows = CAT_IMPORT_MAX_ROWS + 1;
	csv_reader r;
	csv_reader_init(&r, data, len, &lim);
	csv_record rec;
	bool done;
	char err[160];
	os_err e = csv_read(&r, &rec, &done, err, sizeof err);
	if (e || done) {
		add_error(errs, max_errs, n_errs, e ? r.line : 1, "", e ? err : "empty file");
		csv_reader_free(&r);
		return OS_ERR_INVALID;
	}
	size_t ncol = rec.n, header_line = rec.line;
	char **names = os_calloc(ncol, sizeof *names);
	for (size_t i = 0; i < ncol; i++)
		names[i] = os_strdup(rec.fields[i]);
	csv_record hdr = {(const char **)names, NULL, ncol, header_line};
	cat_what found = what_of_header(&hdr);
	if (what && found != what) {
		size_t nc;
		const col *cols = cols_of(what, &nc);
		/* name the first unknown or missing column */
		const char *field = "", *why = "not a header of this kind";
		for (size_t i = 0; i < ncol && !field[0]; i++)
			if (col_index(cols, nc, names[i]) < 0) {
				field = names[i];
				why = "unknown column";
			}
		for (size_t i = 0; i < nc && !field[0]; i++) {
			bool has = false;
			for (size_t j = 0; j < ncol && !has; j++)
				has = !strcmp(names[j], cols[i].name);
			if (cols[i].required && !has) {
				field = cols[i].name;
				why = "required column missing";
			}
		}
		add_error(errs, max_errs, n_errs, header_line, field, why);
		e = OS_ERR_INVALID;
		goto out;
	}
	if (!found) {
		add_error(errs, max_errs, n_errs, header_line, "",
		          "the header matches no kind of rows (items, bundles, sites, windows)");
		e = OS_ERR_INVALID;
		goto out;
	}
	for (size_t i = 0; i < ncol; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(names[i], names[j])) {
				add_error(errs, max_errs, n_errs, header_line, names[i],
				          "repeated column");
				e = OS_ERR_INVALID;
				goto out;
			}
	out->what = found;
	size_t cap = 0;
	for (;;) {
		e = csv_read(&r, &rec, &done, err, sizeof err);
		if (e) {
			add_error(errs, max_errs, n_errs, r.line, "", err);
			e = OS_ERR_INVALID;
			break;
		}
		if (done)
			break;
		if (rec.n == 1 && rec.lens[0] == 0)
			continue; /* an empty line */
		if (rec.n != ncol) {
			char why[80];
			snprintf(why, sizeof why, "expected %zu fields, found %zu", ncol, rec.n);
			add_error(errs, max_errs, n_errs, rec.line, "", why);
			continue;
		}
		if (out->n >= CAT_IMPORT_MAX_ROWS) {
			add_error(errs, max_errs, n_errs, rec.line, "", "too many rows");
			e = OS_ERR_INVALID;
			break;
		}
		reserve(out, &cap);
		cat_problem p = {"", ""};
		if (row_from_flat(out, (const char *const *)names, rec.fields, ncol, &p)) {
			add_error(errs, max_errs, n_errs, rec.line, p.field, p.reason);
			if (*n_errs >= max_errs)
				break;
			continue;
		}
		out->lines[out->n++] = rec.line;
	}
out:
	for (size_t i = 0; i < ncol; i++)
		free(names[i]);
	free(names);
	csv_reader_free(&r);
	return *n_errs ? OS_ERR_INVALID : e;
}

void cat_json_row_lines(const char *s, size_t len, size_t *lines, size_t cap, size_t *n)
{
	*n = 0;
	size_t line = 1;
	int depth = 0;
	bool in_str = false, rows = false, want_elem = false;
	size_t key_start = 0;
	bool key_is_rows = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n')
			line++;
		if (in_str) {
			if (c == '\\') {
				if (i + 1 < len && s[i + 1] == '\n')
					line++;
				i++;
			} else if (c == '"') {
				in_str = false;
				if (depth == 1)
					key_is_rows =
					    i - key_start == 4 && !memcmp(s + key_start, "rows", 4);
			}
			continue;
		}
		if (rows && depth == 2 && want_elem && c != ' ' && c != '\t' && c != '\r' &&
		    c != '\n' && c != ']' && c != ',') {
			if (*n < cap)
				lines[*n] = line;
			(*n)++;
			want_elem = false;
		}
		if (c == '"') {
			in_str = true;
			key_start = i + 1;
		} else if (c == '{' || c == '[') {
			depth++;
			if (depth == 2 && c == '[' && key_is_rows) {
				rows = true;
				want_elem = true;
			}
		} else if (c == '}' || c == ']') {
			if (depth == 2 && rows)
				rows = false;
			depth--;
		} else if (c == ',' && rows && depth == 2) {
			want_elem = true;
		} else if (c == ':' && depth == 1) {
			/* the key just read stays in key_is_rows */
		} else if (depth == 1 && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
		           c != ',') {
			key_is_rows = false;
		}
	}
	if (*n > cap)
		*n = cap;
}

static os_err import_json(const char *data, size_t len, cat_what what, cat_import *out,
                          cat_row_error *errs, size_t max_errs, size_t *n_errs)
{
	json_error_t jerr;
	json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		add_error(errs, max_errs, n_errs, (size_t)(jerr.line > 0 ? jerr.line : 1), "",
		          jerr.text);
		return OS_ERR_INVALID;
	}
	os_err e = OS_OK;
	size_t *lines = NULL;
	const char *k;
	json_t *v;
	if (!json_is_object(doc)) {
		add_error(errs, max_errs, n_errs, 1, "", "the file must hold a JSON object");
		e = OS_ERR_INVALID;
		goto out;
	}
	json_object_foreach(doc, k, v)
	{
		if (strcmp(k, "what") && strcmp(k, "rows")) {
			add_error(errs, max_errs, n_errs, 1, k, "unknown field");
			e = OS_ERR_INVALID;
			goto out;
		}
	}
	json_t *w = json_object_get(doc, "what"), *rows = json_object_get(doc, "rows");
	cat_what found = json_is_string(w) ? cat_what_parse(json_string_value(w)) : CAT_WHAT_NONE;
	if (!found || (what && found != what)) {
		add_error(errs, max_errs, n_errs, 1, "what",
		          found ? "not the kind of rows expected here"
		                : "must be items, bundles, sites or windows");
		e = OS_ERR_INVALID;
		goto out;
	}
	if (!json_is_array(rows)) {
		add_error(errs, max_errs, n_errs, 1, "rows", "must be an array");
		e = OS_ERR_INVALID;
		goto out;
	}
	size_t nrows = json_array_size(rows);
	if (nrows > CAT_IMPORT_MAX_ROWS) {
		add_error(errs, max_errs, n_errs, 1, "rows", "too many rows");
		e = OS_ERR_INVALID;
		goto out;
	}
	lines = os_calloc(nrows ? nrows : 1, sizeof *lines);
	size_t found_lines;
	cat_json_row_lines(data, len, lines, nrows, &found_lines);
	out->what = found;
	size_t cap = 0, ncols;
	const col *cols = cols_of(found, &ncols);
	for (size_t i = 0; i < nrows; i++) {
		size_t line = i < found_lines ? lines[i] : 1;
		cat_problem p = {"", ""};
		flat f;
		reserve(out, &cap);
		if (json_to_flat(json_array_get(rows, i), cols, ncols, &f, &p) ||
		    row_from_flat(out, f.names, (const char *const *)f.values, f.n, &p)) {
			flat_free(&f);
			add_error(errs, max_errs, n_errs, line, p.field, p.reason);
			if (*n_errs >= max_errs)
				break;
			continue;
		}
		flat_free(&f);
		out->lines[out->n++] = line;
	}
out:
	free(lines);
	json_decref(doc);
	return *n_errs ? OS_ERR_INVALID : e;
}

os_err cat_import_parse(const char *data, size_t len, cat_format fmt, cat_what what,
                        cat_import *out, cat_row_error *errs, size_t max_errs, size_t *n_errs)
{
	memset(out, 0, sizeof *out);
	*n_errs = 0;
	out->what = what;
	os_err e;
	if (memchr(data, '\0', len)) {
		add_error(errs, max_errs, n_errs, 1, "", "the file holds NUL bytes");
		e = OS_ERR_INVALID;
	} else if (fmt == CAT_FMT_CSV) {
		e = import_csv(data, len, what, out, errs, max_errs, n_errs);
	} else if (fmt == CAT_FMT_JSON) {
		e = import_json(data, len, what, out, errs, max_errs, n_errs);
	} else {
		add_error(errs, max_errs, n_errs, 0, "format", "csv or json");
		e = OS_ERR_INVALID;
	}
	if (e)
		cat_import_free(out);
	return e;
}

/* ---- export ---- */

/* A JSON value as the text of its CSV column (caller frees). */
static char *col_text(json_t *v, col_kind kind)
{
	char num[32];
	if (!v || json_is_null(v))
		return os_strdup("");
	if (json_is_string(v))
		return os_strdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		return os_strdup(num);
	}
	if (json_is_boolean(v))
		return os_strdup(json_is_true(v) ? "true" : "false");
	if (kind == K_LIST) {
		buf lb;
		buf_init(&lb, 1u << 20);
		size_t j;
		json_t *x;
		json_array_foreach(v, j, x)
		{
			if (j)
				buf_add(&lb, ";", 1);
			buf_adds(&lb, json_is_string(x) ? json_string_value(x) : "");
		}
		char *s = lb.data ? buf_steal(&lb, NULL) : os_strdup("");
		return s;
	}
	char *s = json_dumps(v, JSON_COMPACT);
	return s ? s : os_strdup("");
}

os_err cat_item_from_flat_over(const cat_item *base, const char *const *names,
                               const char *const *values, size_t n, cat_item *out, cat_problem *p)
{
	json_t *o = cat_item_to_json(base, false);
	const char *nm[I__N + 32];
	char *owned[I__N];
	const char *val[I__N + 32];
	size_t k = 0, n_owned = 0;
	for (size_t i = 0; i < I__N; i++) {
		bool replaced = false;
		for (size_t j = 0; j < n && !replaced; j++)
			replaced = !strcmp(names[j], item_cols[i].name);
		json_t *v = json_object_get(o, item_cols[i].name);
		if (replaced || !v)
			continue;
		owned[n_owned] = col_text(v, item_cols[i].kind);
		nm[k] = item_cols[i].name;
		val[k++] = owned[n_owned++];
	}
	json_decref(o);
	os_err e;
	if (n > 32) {
		e = bad(p, "body", "too many fields");
		cat_item_init(out);
		cat_item_free(out);
	} else {
		for (size_t j = 0; j < n; j++) {
			nm[k] = names[j];
			val[k++] = values[j];
		}
		e = cat_item_from_flat(nm, val, k, out, p);
	}
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	return e;
}

os_err cat_export_begin(buf *b, cat_format fmt, cat_what what)
{
	size_t n;
	const col *cols = cols_of(what, &n);
	if (!cols)
		return OS_ERR_INVALID;
	if (fmt == CAT_FMT_JSON)
		return buf_printf(b, "{\"what\": \"%s\",\n\"rows\": [\n", cat_what_key(what));
	const char *names[32];
	for (size_t i = 0; i < n; i++)
		names[i] = cols[i].name;
	return csv_write_record(b, names, n);
}

os_err cat_export_row(buf *b, cat_format fmt, cat_what what, json_t *row, bool first)
{
	if (fmt == CAT_FMT_JSON) {
		char *s = json_dumps(row, JSON_COMPACT);
		if (!s)
			return OS_ERR_INVALID;
		os_err e = buf_printf(b, "%s%s", first ? "" : ",\n", s);
		free(s);
		return e;
	}
	size_t n;
	const col *cols = cols_of(what, &n);
	char *vals[32] = {0};
	os_err e = OS_OK;
	for (size_t i = 0; i < n; i++)
		vals[i] = col_text(json_object_get(row, cols[i].name), cols[i].kind);
	e = csv_write_record(b, (const char *const *)vals, n);
	for (size_t i = 0; i < n; i++)
		free(vals[i]);
	return e;
}

os_err cat_export_end(buf *b, cat_format fmt)
{
	if (fmt == CAT_FMT_JSON)
		return buf_adds(b, "\n]}\n");
	return OS_OK;
}
