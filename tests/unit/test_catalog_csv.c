/* test_catalog_csv.c - the RFC 4180 reader and writer (src/core/csv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv.h"

/* Read every record of `in`; fields joined as "a|b|c", records by "\n".
 * Returns the error (OS_OK at the end) and leaves its message in err. */
static os_err read_all(const char *in, size_t n, const csv_limits *lim, char *out, size_t cap,
                       char *err, size_t errlen, size_t *lines, size_t max_lines)
{
	csv_reader r;
	csv_reader_init(&r, in, n, lim);
	size_t o = 0, k = 0;
	out[0] = '\0';
	os_err e;
	for (;;) {
		csv_record rec;
		bool done;
		e = csv_read(&r, &rec, &done, err, errlen);
		if (e || done)
			break;
		if (lines && k < max_lines)
			lines[k] = rec.line;
		k++;
		for (size_t i = 0; i < rec.n; i++) {
			assert_int_equal(strlen(rec.fields[i]), rec.lens[i]);
			o +=
			    (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "", rec.fields[i]);
		}
		o += (size_t)snprintf(out + o, cap - o, "\n");
	}
	csv_reader_free(&r);
	return e;
}

#define READ(in, out, err) read_all(in, strlen(in), NULL, out, sizeof out, err, sizeof err, NULL, 0)

static void test_plain_records(void **state)
{
	(void)state;
	char out[256], err[128];
	assert_int_equal(READ("a,b,c\r\n1,2,3\r\n", out, err), OS_OK);
	assert_string_equal(out, "a|b|c\n1|2|3\n");
	/* LF only, no final line break, empty fields */
	assert_int_equal(READ("a,,c\n,x,\nlast", out, err), OS_OK);
	assert_string_equal(out, "a||c\n|x|\nlast\n");
	/* an empty line is one empty field; empty input has no records */
	assert_int_equal(READ("a\n\nb\n", out, err), OS_OK);
	assert_string_equal(out, "a\n\nb\n");
	assert_int_equal(READ("", out, err), OS_OK);
	assert_string_equal(out, "");
}

static void test_quotes(void **state)
{
	(void)state;
	char out[256], err[128];
	assert_int_equal(READ("\"a,b\",\"say \"\"hi\"\"\",\"\"\r\n", out, err), OS_OK);
	assert_string_equal(out, "a,b|say \"hi\"|\n");
	/* embedded newlines: CRLF inside quotes is read as LF */
	assert_int_equal(READ("\"line1\r\nline2\",x\r\n\"a\nb\",y\n", out, err), OS_OK);
	assert_string_equal(out, "line1\nline2|x\na\nb|y\n");
	/* Chinese text, quoted and not */
	assert_int_equal(READ("名称,\"居民身份证；户口簿\"\n", out, err), OS_OK);
	assert_string_equal(out, "名称|居民身份证；户口簿\n");
}

static void test_line_numbers(void **state)
{
	(void)state;
	char out[256], err[128];
	size_t lines[8] = {0};
	const char *in = "h1,h2\r\n\"multi\nline\",x\r\nnext,y\r\n";
	assert_int_equal(read_all(in, strlen(in), NULL, out, sizeof out, err, sizeof err, lines, 8),
	                 OS_OK);
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 4); /* the quoted newline took line 3 */
}

static void test_bom_skipped(void **state)
{
	(void)state;
	char out[64], err[128];
	assert_int_equal(READ("\xEF\xBB\xBF"
	                      "code,name\n",
	                      out, err),
	                 OS_OK);
	assert_string_equal(out, "code|name\n");
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
	char out[256], err[128];
	assert_int_equal(READ("a,b\nx\"y,z\n", out, err), OS_ERR_INVALID);
	assert_string_equal(err, "line 2: quote inside an unquoted field");
	assert_int_equal(READ("a\n\"ab\"c,d\n", out, err), OS_ERR_INVALID);
	assert_string_equal(err, "line 2: characters after a closing quote");
	assert_int_equal(READ("a\n\"never\nclosed", out, err), OS_ERR_INVALID);
	assert_string_equal(err, "line 3: quoted field opened on line 2 is not closed");
	assert_int_equal(READ("a\rb\n", out, err), OS_ERR_INVALID);
	assert_string_equal(err, "line 1: carriage return without line feed");
	const char nul[] = "a,b\nc\0d\n";
	assert_int_equal(
	    read_all(nul, sizeof nul - 1, NULL, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_INVALID);
	assert_string_equal(err, "line 2: NUL byte");
}

static void test_caps(void **state)
{
	(void)state;
	char out[512], err[128];
	csv_limits lim = {.max_field = 4, .max_record = 16, .max_fields = 3, .max_rows = 2};
	const char *ok = "abcd,ef\n";
	assert_int_equal(read_all(ok, strlen(ok), &lim, out, sizeof out, err, sizeof err, NULL, 0),
	                 OS_OK);
	const char *field = "abcde\n";
	assert_int_equal(
	    read_all(field, strlen(field), &lim, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_TOO_LARGE);
	assert_string_equal(err, "line 1: field too long");
	const char *qfield = "\"abcde\"\n";
	assert_int_equal(
	    read_all(qfield, strlen(qfield), &lim, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_TOO_LARGE);
	const char *fields = "a,b,c,d\n";
	assert_int_equal(
	    read_all(fields, strlen(fields), &lim, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_TOO_LARGE);
	assert_string_equal(err, "line 1: too many fields");
	const char *rows = "a\nb\nc\n";
	assert_int_equal(
	    read_all(rows, strlen(rows), &lim, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_TOO_LARGE);
	assert_string_equal(err, "line 3: too many records");
	const char *record = "abcd,abcd,abcd\n";
	csv_limits lim2 = {.max_field = 100, .max_record = 10, .max_fields = 10, .max_rows = 10};
	assert_int_equal(
	    read_all(record, strlen(record), &lim2, out, sizeof out, err, sizeof err, NULL, 0),
	    OS_ERR_TOO_LARGE);
	assert_string_equal(err, "line 1: record too long");
}

static void test_writer_round_trip(void **state)
{
	(void)state;
	const char *fields[] = {"plain",    "with,comma", "say \"hi\"", "two\nlines",
	                        " padded ", "",           "居民身份证"};
	buf b;
	buf_init(&b, 4096);
	assert_int_equal(csv_write_record(&b, fields, 7), OS_OK);
	assert_string_equal(b.data,
	                    "plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded "
	                    "\",,居民身份证\r\n");
	csv_reader r;
	csv_reader_init(&r, b.data, b.len, NULL);
	csv_record rec;
	bool done;
	char err[64];
	assert_int_equal(csv_read(&r, &rec, &done, err, sizeof err), OS_OK);
	assert_false(done);
	assert_int_equal(rec.n, 7);
	for (int i = 0; i < 7; i++)
		assert_string_equal(rec.fields[i], fields[i]);
	assert_int_equal(csv_read(&r, &rec, &done, err, sizeof err), OS_OK);
	assert_true(done);
	csv_reader_free(&r);
	/* the writer respects the buffer's cap */
	buf small;
	buf_init(&small, 8);
	assert_int_equal(csv_write_record(&small, fields, 7), OS_ERR_TOO_LARGE);
	buf_free(&small);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_records),        cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_line_numbers),         cmocka_unit_test(test_bom_skipped),
	    cmocka_unit_test(test_errors_name_the_line), cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_writer_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
