/* fuzz_csv.c - libFuzzer driver for the CSV reader and writer
 * (core/csv.c) and the catalog's import parser (core/catalog_io.c).
 *
 * Every input is read with small caps. Each record must respect the caps,
 * line numbers must not go backwards, fields must be NUL-terminated with
 * the reported length; writing the records back and reading them again must
 * give the same fields (for fields without CR, which the reader folds when
 * it follows... a CR inside quotes before LF is read as LF). The same bytes
 * go to the catalog import (as CSV and as JSON) and to the JSON row-line
 * scanner, which must not crash and must keep their promises (a failed
 * import keeps nothing; the error count is bounded by what was reported). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/catalog_io.h"
#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 64

static void check_csv(const char *s, size_t n)
{
	csv_limits lim = {
	    .max_field = 256, .max_record = 2048, .max_fields = 16, .max_rows = MAX_RECORDS};
	csv_reader r;
	csv_reader_init(&r, s, n, &lim);
	buf out;
	buf_init(&out, 1u << 20);
	size_t records = 0, last_line = 0;
	bool has_cr = false;
	for (;;) {
		csv_record rec;
		bool done;
		char err[128];
		os_err e = csv_read(&r, &rec, &done, err, sizeof err);
		if (e) {
			if (strncmp(err, "line ", 5) != 0)
				abort(); /* every error names its line */
			buf_free(&out);
			csv_reader_free(&r);
			return;
		}
		if (done)
			break;
		if (rec.n == 0 || rec.n > lim.max_fields || rec.line < last_line || rec.line < 1)
			abort();
		last_line = rec.line;
		for (size_t i = 0; i < rec.n; i++) {
			if (rec.lens[i] > lim.max_field || strlen(rec.fields[i]) != rec.lens[i])
				abort();
			if (memchr(rec.fields[i], '\r', rec.lens[i]))
				has_cr = true;
		}
		if (csv_write_record(&out, rec.fields, rec.n))
			abort();
		records++;
	}
	if (records > lim.max_rows)
		abort();
	csv_reader_free(&r);
	if (has_cr || !records) {
		buf_free(&out);
		return;
	}
	/* read back what was written: the same records (an empty record, a
	 * lone empty field, is written as an empty line) */
	csv_reader_init(&r, s, n, &lim);
	csv_reader back;
	csv_limits big = {
	    .max_field = 1u << 16, .max_record = 1u << 20, .max_fields = 16, .max_rows = 1000};
	csv_reader_init(&back, out.data, out.len, &big);
	for (;;) {
		csv_record a, b;
		bool da, db;
		char err[128];
		if (csv_read(&r, &a, &da, err, sizeof err) ||
		    csv_read(&back, &b, &db, err, sizeof err))
			abort();
		if (da != db)
			abort();
		if (da)
			break;
		if (a.n != b.n)
			abort();
		for (size_t i = 0; i < a.n; i++)
			if (a.lens[i] != b.lens[i] || memcmp(a.fields[i], b.fields[i], a.lens[i]))
				abort();
	}
	csv_reader_free(&back);
	csv_reader_free(&r);
	buf_free(&out);
}

static void check_import(const char *s, size_t n, cat_format fmt)
{
	cat_import im;
	cat_row_error errs[4];
	size_t n_errs = 9999;
	os_err e = cat_import_parse(s, n, fmt, CAT_WHAT_NONE, &im, errs, 4, &n_errs);
	if (e) {
		if (!n_errs || im.n || im.items || im.lines)
			abort(); /* a refused file keeps nothing and says why */
		for (size_t i = 0; i < n_errs && i < 4; i++)
			if (!errs[i].reason[0])
				abort();
		return;
	}
	if (n_errs || !im.what)
		abort();
	for (size_t i = 0; i < im.n; i++) {
		if (im.lines[i] < 1)
			abort();
		if (im.what == CAT_WHAT_ITEMS) {
			cat_problem p;
			if (cat_item_validate(&im.items[i], &p))
				abort(); /* what the parser accepts is valid */
			char *doc = cat_item_doc(&im.items[i]);
			free(doc);
		}
	}
	cat_import_free(&im);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	check_csv(s, size);
	if (size > 65536)
		return 0;
	check_import(s, size, CAT_FMT_CSV);
	check_import(s, size, CAT_FMT_JSON);
	size_t lines[8], n;
	cat_json_row_lines(s, size, lines, 8, &n);
	if (n > 8)
		abort();
	for (size_t i = 1; i < n; i++)
		if (lines[i] < lines[i - 1])
			abort();
	return 0;
}
