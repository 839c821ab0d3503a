#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void buf_init(buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static os_err grow(buf *b, size_t need)
{
	if (need > b->cap)
		return OS_ERR_TOO_LARGE;
	if (need + 1 <= b->alloc)
		return OS_OK;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need + 1)
		n *= 2;
	b->data = os_realloc(b->data, n);
	b->alloc = n;
	return OS_OK;
}

os_err buf_add(buf *b, const void *p, size_t n)
{
	if (n > b->cap - b->len)
		return OS_ERR_TOO_LARGE;
	os_err e = grow(b, b->len + n);
	if (e)
		return e;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return OS_OK;
}

os_err buf_adds(buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

os_err buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return OS_ERR_INVALID;
	if ((size_t)n > b->cap - b->len)
		return OS_ERR_TOO_LARGE;
	os_err e = grow(b, b->len + (size_t)n);
	if (e)
		return e;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return OS_OK;
}

os_err buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	os_err e = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return e;
}

char *buf_steal(buf *b, size_t *len)
{
	if (!b->data) {
		b->data = os_malloc(1);
		b->data[0] = '\0';
	}
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}
