/* catalog_io.h - the catalog's exchange formats: items, bundles, sites and
 * windows as CSV and JSON files, the flat form of an item that CSV rows and
 * API bodies share, and the canonical JSON of an item version. Pure: the
 * caller reads and writes the files.
 *
 * The flat form of an item is a set of named text values (a CSV row, or an
 * API body's fields converted to text). Lists of words are separated by ';'
 * (channels "window;online", tiers "district;township", keywords, life
 * events, steps); materials and form fields are JSON arrays of objects
 * (exactly the JSON form's arrays). Optional columns left empty take their
 * defaults: name_en "", immediate false, legal_days 20, promised_days = the
 * legal limit (0 for immediate items), fee "0", visits 0 at depth 4 else 1,
 * lists empty, effective_from "today" (decided by the store).
 *
 * The JSON file: {"what": "items", "rows": [ {...}, ... ]}, one object per
 * row with the same keys as the CSV columns, lists as JSON arrays, numbers
 * and booleans as JSON numbers and booleans. Unknown keys and columns are
 * refused. The line of each row is found by scanning the text, so that
 * errors name FILE:LINE for JSON too.
 *
 * Ownership: a cat_import owns its rows; cat_import_free(). Export functions
 * append to a caller's capped buf. */
#ifndef ONESTOP_CORE_CATALOG_IO_H
#define ONESTOP_CORE_CATALOG_IO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "core/org.h"

struct buf; /* core/buf.h: not included here, so that store.h stays free of it */

typedef enum cat_what {
	CAT_WHAT_NONE = 0,
	CAT_WHAT_ITEMS,
	CAT_WHAT_BUNDLES,
	CAT_WHAT_SITES,
	CAT_WHAT_WINDOWS,
} cat_what;

typedef enum cat_format { CAT_FMT_NONE = 0, CAT_FMT_CSV, CAT_FMT_JSON } cat_format;

const char *cat_what_key(cat_what w); /* "items" ... */
cat_what cat_what_parse(const char *s);
cat_format cat_format_parse(const char *s);        /* "csv" | "json" */
cat_format cat_format_from_path(const char *path); /* by extension */

#define CAT_SITE_MAX_DEPTS 32

typedef struct cat_site_row {
	org_site site;             /* id, parent_id unused */
	char parent[ORG_CODE_MAX]; /* parent site code, "" for the district center */
	char departments[CAT_SITE_MAX_DEPTS][ORG_CODE_MAX]; /* stationed, by code */
	size_t n_departments;
	bool has_departments; /* the column was given: the list is the whole set */
} cat_site_row;

typedef struct cat_window_row {
	char site[ORG_CODE_MAX];
	int number;
	window_kind kind;
	char area[ORG_CODE_MAX];       /* "" = none */
	char department[ORG_CODE_MAX]; /* required for department windows only */
	bool paused;
} cat_window_row;

int cat_window_kind_parse(const char *s); /* 0 when unknown (keys: org.h window_kind_key) */

/* One refused row: line (0 for the file as a whole), field and reason. */
typedef struct cat_row_error {
	size_t line;
	char field[64];
	char reason[192];
} cat_row_error;

typedef struct cat_import {
	cat_what what;
	size_t n;
	size_t *lines; /* source line of each row */
	cat_item *items;
	cat_bundle *bundles;
	cat_site_row *sites;
	cat_window_row *windows;
} cat_import;

#define CAT_IMPORT_MAX_ROWS   100000
#define CAT_IMPORT_MAX_ERRORS 20

/* Parse and validate a whole file. `what` may be CAT_WHAT_NONE: JSON names
 * it, a CSV header is recognised by its columns. Every row is checked; up to
 * max_errs errors are reported (*n_errs counts them). OS_OK only when every
 * row is valid. References (departments, sites, items) are checked by the
 * store. */
os_err cat_import_parse(const char *data, size_t len, cat_format fmt, cat_what what,
                        cat_import *out, cat_row_error *errs, size_t max_errs, size_t *n_errs);
void cat_import_free(cat_import *im);

/* ---- items ---- */
/* The flat form: names[i] = values[i]. Unknown or repeated names refused.
 * The item is validated (cat_item_validate) on success. On failure *out
 * holds nothing to free (here and in the functions below). */
os_err cat_item_from_flat(const char *const *names, const char *const *values, size_t n,
                          cat_item *out, cat_problem *p);
/* A new version given as changes: base's content (not its effective date)
 * with the named columns replaced, then parsed as cat_item_from_flat(). */
os_err cat_item_from_flat_over(const cat_item *base, const char *const *names,
                               const char *const *values, size_t n, cat_item *out, cat_problem *p);
/* The JSON form (an object); validated on success. */
os_err cat_item_from_json(json_t *obj, cat_item *out, cat_problem *p);
/* The JSON form. with_effective adds "effective_from". */
json_t *cat_item_to_json(const cat_item *it, bool with_effective);
/* The canonical text of a version's content (what the store keeps and
 * compares to decide whether an import changes anything). Caller frees. */
char *cat_item_doc(const cat_item *it);

/* ---- bundles ---- */
os_err cat_bundle_from_flat(const char *const *names, const char *const *values, size_t n,
                            cat_bundle *out, cat_problem *p);
json_t *cat_bundle_to_json(const cat_bundle *b);

/* ---- export ---- */
/* CSV: the header, then one record per row. JSON: {"what", "rows"} with one
 * row per line. Rows are given as their JSON forms (objects as produced by
 * cat_item_to_json(it, true), cat_bundle_to_json, cat_site_row_to_json,
 * cat_window_row_to_json). */
os_err cat_export_begin(struct buf *b, cat_format fmt, cat_what what);
os_err cat_export_row(struct buf *b, cat_format fmt, cat_what what, json_t *row, bool first);
os_err cat_export_end(struct buf *b, cat_format fmt);
json_t *cat_site_row_to_json(const cat_site_row *s);
json_t *cat_window_row_to_json(const cat_window_row *w);

/* The 1-based line on which each element of the "rows" array of a JSON
 * document starts; *n gets the number found (at most cap). */
void cat_json_row_lines(const char *text, size_t len, size_t *lines, size_t cap, size_t *n);

#endif
