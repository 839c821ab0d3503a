/* csv.c - RFC 4180 reader and writer (see csv.h). */
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void csv_reader_init(csv_reader *r, const char *data, size_t len, const csv_limits *lim)
{
	static const csv_limits def = CSV_LIMITS_DEFAULT;
	memset(r, 0, sizeof *r);
	r->p = data;
	r->len = len;
	r->line = 1;
	r->lim = lim ? *lim : def;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->pos = 3;
}

void csv_reader_free(csv_reader *r)
{
	free(r->store);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	memset(r, 0, sizeof *r);
}

static void put(csv_reader *r, char c)
{
	if (r->store_len + 1 >= r->store_cap) {
		r->store_cap = r->store_cap ? r->store_cap * 2 : 256;
		r->store = os_realloc(r->store, r->store_cap);
	}
	r->store[r->store_len++] = c;
}

static os_err fail(char *err, size_t errlen, os_err e, size_t line, const char *why)
{
	if (errlen)
		snprintf(err, errlen, "line %zu: %s", line, why);
	return e;
}

/* Close the current field: record its offset and length. */
static os_err end_field(csv_reader *r, size_t start, size_t n_fields, char *err, size_t errlen,
                        size_t line)
{
	size_t flen = r->store_len - start;
	if (flen > r->lim.max_field)
		return fail(err, errlen, OS_ERR_TOO_LARGE, line, "field too long");
	if (n_fields >= r->lim.max_fields)
		return fail(err, errlen, OS_ERR_TOO_LARGE, line, "too many fields");
	if (n_fields == r->cap_fields) {
		r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 16;
		r->offs = os_realloc(r->offs, r->cap_fields * sizeof *r->offs);
		r->lens = os_realloc(r->lens, r->cap_fields * sizeof *r->lens);
		r->fields = os_realloc(r->fields, r->cap_fields * sizeof *r->fields);
	}
	r->offs[n_fields] = start;
	r->lens[n_fields] = flen;
	put(r, '\0');
	return OS_OK;
}

os_err csv_read(csv_reader *r, csv_record *rec, bool *done, char *err, size_t errlen)
{
	memset(rec, 0, sizeof *rec);
	*done = false;
	if (errlen)
		err[0] = '\0';
	if (r->pos >= r->len) {
		*done = true;
		return OS_OK;
	}
	if (r->rows >= r->lim.max_rows)
		return fail(err, errlen, OS_ERR_TOO_LARGE, r->line, "too many records");
	const size_t rec_line = r->line, rec_start = r->pos;
	const char *p = r->p;
	size_t n = 0;
	r->store_len = 0;
	for (;;) {
		size_t start = r->store_len;
		if (r->pos - rec_start > r->lim.max_record)
			return fail(err, errlen, OS_ERR_TOO_LARGE, rec_line, "record too long");
		if (r->pos < r->len && p[r->pos] == '"') {
			size_t open_line = r->line;
			r->pos++;
			for (;;) {
				if (r->pos >= r->len) {
					char why[80];
					snprintf(why, sizeof why,
					         "quoted field opened on line %zu is not closed",
					         open_line);
					return fail(err, errlen, OS_ERR_INVALID, r->line, why);
				}
				char c = p[r->pos];
				if (c == '\0')
					return fail(err, errlen, OS_ERR_INVALID, r->line,
					            "NUL byte");
				if (c == '"') {
					if (r->pos + 1 < r->len && p[r->pos + 1] == '"') {
						put(r, '"');
						r->pos += 2;
						continue;
					}
					r->pos++;
					break;
				}
				if (c == '\r' && r->pos + 1 < r->len && p[r->pos + 1] == '\n') {
					r->pos++; /* CRLF inside quotes is read as LF */
					continue;
				}
				if (c == '\n')
					r->line++;
				put(r, c);
				r->pos++;
				if (r->store_len - start > r->lim.max_field)
					return fail(err, errlen, OS_ERR_TOO_LARGE, r->line,
					            "field too long");
				if (r->pos - rec_start > r->lim.max_record)
					return fail(err, errlen, OS_ERR_TOO_LARGE, rec_line,
					            "record too long");
			}
			if (r->pos < r->len && p[r->pos] != ',' && p[r->pos] != '\n' &&
			    p[r->pos] != '\r')
				return fail(err, errlen, OS_ERR_INVALID, r->line,
				            "characters after a closing quote");
		} else {
			while (r->pos < r->len) {
				char c = p[r->pos];
				if (c == ',' || c == '\n' || c == '\r')
					break;
				if (c == '"')
					return fail(err, errlen, OS_ERR_INVALID, r->line,
					            "quote inside an unquoted field");
				if (c == '\0')
					return fail(err, errlen, OS_ERR_INVALID, r->line,
					            "NUL byte");
				put(r, c);
				r->pos++;
				if (r->store_len - start > r->lim.max_field)
					return fail(err, errlen, OS_ERR_TOO_LARGE, r->line,
					            "field too long");
			}
		}
		os_err e = end_field(r, start, n, err, errlen, rec_line);
		if (e)
			return e;
		n++;
		if (r->pos >= r->len)
			break;
		char c = p[r->pos];
		if (c == ',') {
			r->pos++;
			continue;
		}
		if (c == '\r') {
			if (r->pos + 1 >= r->len || p[r->pos + 1] != '\n')
				return fail(err, errlen, OS_ERR_INVALID, r->line,
				            "carriage return without line feed");
			r->pos++;
		}
		r->pos++; /* the LF */
		r->line++;
		break;
	}
	if (r->pos - rec_start > r->lim.max_record)
		return fail(err, errlen, OS_ERR_TOO_LARGE, rec_line, "record too long");
	for (size_t i = 0; i < n; i++)
		r->fields[i] = r->store + r->offs[i];
	rec->fields = r->fields;
	rec->lens = r->lens;
	rec->n = n;
	rec->line = rec_line;
	r->rows++;
	return OS_OK;
}

os_err csv_write_field(buf *b, const char *s, size_t n)
{
	/* a leading byte order mark would be taken for the file's own */
	bool quote =
	    n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)));
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = true;
	if (!quote)
		return buf_add(b, s, n);
	os_err e = buf_add(b, "\"", 1);
	size_t from = 0;
	for (size_t i = 0; i < n && !e; i++) {
		if (s[i] == '"') {
			e = buf_add(b, s + from, i - from + 1);
			if (!e)
				e = buf_add(b, "\"", 1);
			from = i + 1;
		}
	}
	if (!e)
		e = buf_add(b, s + from, n - from);
	if (!e)
		e = buf_add(b, "\"", 1);
	return e;
}

os_err csv_write_record(buf *b, const char *const *fields, size_t n)
{
	os_err e = OS_OK;
	for (size_t i = 0; i < n && !e; i++) {
		if (i)
			e = buf_add(b, ",", 1);
		if (!e)
			e = csv_write_field(b, fields[i], strlen(fields[i]));
	}
	if (!e)
		e = buf_add(b, "\r\n", 2);
	return e;
}
