#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "onestop: out of memory allocating %zu bytes\n", n);
	abort();
}

void *os_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *os_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *os_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *os_strndup(const char *s, size_t n)
{
	char *p = os_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *os_strdup(const char *s)
{
	return os_strndup(s, strlen(s));
}
