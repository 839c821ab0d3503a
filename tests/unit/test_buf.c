/* test_buf.c - the capped byte buffer (src/core/buf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

/* The buffer's bytes equal `want` (length and content) and are NUL-terminated. */
static void assert_content(const buf *b, const char *want, size_t n)
{
	assert_int_equal(b->len, n);
	if (n == 0 && !b->data)
		return;
	assert_non_null(b->data);
	assert_memory_equal(b->data, want, n);
	assert_int_equal(b->data[n], '\0');
	assert_true(b->alloc >= n + 1);
}

static void test_init_is_empty(void **state)
{
	(void)state;
	buf b;
	memset(&b, 0xA5, sizeof b);
	buf_init(&b, 100);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.cap, 100);
	buf_free(&b);
	buf_free(&b); /* twice is harmless */
	assert_null(b.data);
}

static void test_add_within_cap(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 16);
	assert_int_equal(buf_add(&b, "abc", 3), OS_OK);
	assert_content(&b, "abc", 3);
	assert_int_equal(buf_adds(&b, "defg"), OS_OK);
	assert_content(&b, "abcdefg", 7);
	/* Bytes with embedded NULs are kept as bytes. */
	assert_int_equal(buf_add(&b, "x\0y", 3), OS_OK);
	assert_content(&b, "abcdefgx\0y", 10);
	/* Zero bytes is a no-op that succeeds. */
	assert_int_equal(buf_add(&b, "", 0), OS_OK);
	assert_content(&b, "abcdefgx\0y", 10);
	buf_free(&b);
}

static void test_add_up_to_cap_exactly(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_add(&b, "12345678", 8), OS_OK);
	assert_content(&b, "12345678", 8);
	assert_int_equal(buf_add(&b, "9", 1), OS_ERR_TOO_LARGE);
	assert_content(&b, "12345678", 8);
	assert_int_equal(buf_add(&b, "", 0), OS_OK);
	buf_free(&b);
}

static void test_add_past_cap_leaves_content(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "hello"), OS_OK);
	char *before = b.data;
	size_t alloc = b.alloc;
	assert_int_equal(buf_adds(&b, "world!"), OS_ERR_TOO_LARGE); /* 11 > 10 */
	assert_content(&b, "hello", 5);
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.alloc, alloc);
	/* A huge length must not wrap around the cap check. */
	assert_int_equal(buf_add(&b, "x", SIZE_MAX), OS_ERR_TOO_LARGE);
	assert_int_equal(buf_add(&b, "x", SIZE_MAX - 4), OS_ERR_TOO_LARGE);
	assert_content(&b, "hello", 5);
	/* What still fits is accepted afterwards. */
	assert_int_equal(buf_adds(&b, "worl"), OS_OK);
	assert_content(&b, "helloworl", 9);
	buf_free(&b);
}

static void test_cap_zero(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "a", 1), OS_ERR_TOO_LARGE);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_printf(&b, "%d", 1), OS_ERR_TOO_LARGE);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_printf(&b, "%s", ""), OS_OK);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_first_add_past_cap_allocates_nothing(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 4);
	assert_int_equal(buf_adds(&b, "abcde"), OS_ERR_TOO_LARGE);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	buf_free(&b);
}

static void test_printf_growth(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 1 << 20);
	char want[8192];
	size_t wl = 0;
	/* Many small appends force several reallocations past the first block. */
	for (int i = 0; i < 500; i++) {
		assert_int_equal(buf_printf(&b, "%d:%s;", i, i % 2 ? "odd" : "even"), OS_OK);
		wl += (size_t)snprintf(want + wl, sizeof want - wl, "%d:%s;", i,
		                       i % 2 ? "odd" : "even");
	}
	assert_true(wl < sizeof want);
	assert_content(&b, want, wl);
	assert_true(b.alloc > 64);
	/* One large formatted append at once. */
	char big[3000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(buf_printf(&b, "[%s]", big), OS_OK);
	assert_int_equal(b.len, wl + 2 + sizeof big - 1);
	assert_int_equal(b.data[wl], '[');
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strlen(b.data), b.len);
	buf_free(&b);
}

static void test_printf_past_cap_leaves_content(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 12);
	assert_int_equal(buf_printf(&b, "%s-%d", "ab", 42), OS_OK);
	assert_content(&b, "ab-42", 5);
	assert_int_equal(buf_printf(&b, "%08d", 7), OS_ERR_TOO_LARGE); /* 5 + 8 > 12 */
	assert_content(&b, "ab-42", 5);
	assert_int_equal(buf_printf(&b, "%07d", 7), OS_OK); /* 5 + 7 == 12 */
	assert_content(&b, "ab-420000007", 12);
	assert_int_equal(buf_printf(&b, "%s", ""), OS_OK);
	assert_int_equal(buf_printf(&b, "%c", 'x'), OS_ERR_TOO_LARGE);
	assert_content(&b, "ab-420000007", 12);
	buf_free(&b);
}

static os_err call_vprintf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	os_err e = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return e;
}

static void test_vprintf(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 64);
	assert_int_equal(call_vprintf(&b, "%s=%ld", "n", 123456789L), OS_OK);
	assert_content(&b, "n=123456789", 11);
	buf_free(&b);
}

static void test_steal(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 100);
	assert_int_equal(buf_adds(&b, "payload"), OS_OK);
	size_t len = 0;
	char *p = buf_steal(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 7);
	assert_string_equal(p, "payload");
	/* The buffer is empty, owns nothing, and still has its cap. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.cap, 100);
	assert_int_equal(buf_adds(&b, "again"), OS_OK);
	assert_content(&b, "again", 5);
	assert_ptr_not_equal(b.data, p);
	assert_string_equal(p, "payload"); /* the stolen bytes were not touched */
	free(p);
	/* len may be NULL. */
	p = buf_steal(&b, NULL);
	assert_string_equal(p, "again");
	free(p);
	buf_free(&b);
}

static void test_steal_empty_gives_empty_string(void **state)
{
	(void)state;
	/* Leave a dirty block of the size the buffer allocates first, so that
	 * fresh zeroed memory cannot hide a missing terminator. */
	char *dirty = malloc(64);
	memset(dirty, 'Z', 64);
	free(dirty);
	buf b;
	buf_init(&b, 10);
	size_t len = 99;
	char *p = buf_steal(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	/* "The content is always NUL-terminated": the caller gets "". */
	char first = p[0];
	free(p);
	assert_int_equal(first, '\0');
	assert_null(b.data);
	buf_free(&b);
}

static void test_reset(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 32);
	buf_reset(&b); /* on a buffer that never allocated */
	assert_int_equal(b.len, 0);
	assert_null(b.data);
	assert_int_equal(buf_adds(&b, "0123456789"), OS_OK);
	char *data = b.data;
	size_t alloc = b.alloc;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_equal(b.data, data); /* memory is kept for reuse */
	assert_int_equal(b.alloc, alloc);
	assert_int_equal(b.cap, 32);
	/* After a reset the whole cap is available again. */
	char full[33];
	memset(full, 'q', 32);
	full[32] = '\0';
	assert_int_equal(buf_adds(&b, full), OS_OK);
	assert_content(&b, full, 32);
	assert_int_equal(buf_adds(&b, "!"), OS_ERR_TOO_LARGE);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty),
	    cmocka_unit_test(test_add_within_cap),
	    cmocka_unit_test(test_add_up_to_cap_exactly),
	    cmocka_unit_test(test_add_past_cap_leaves_content),
	    cmocka_unit_test(test_cap_zero),
	    cmocka_unit_test(test_first_add_past_cap_allocates_nothing),
	    cmocka_unit_test(test_printf_growth),
	    cmocka_unit_test(test_printf_past_cap_leaves_content),
	    cmocka_unit_test(test_vprintf),
	    cmocka_unit_test(test_steal),
	    cmocka_unit_test(test_steal_empty_gives_empty_string),
	    cmocka_unit_test(test_reset),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
