/* buf.h - a growable byte buffer with a hard cap (cf. curl's dynbuf).
 *
 * Ownership: the struct is owned by the caller (usually on the stack or in a
 * request); buf_free() releases the bytes. Appending past `cap` fails with
 * OS_ERR_TOO_LARGE and leaves the buffer unchanged. The content is always
 * NUL-terminated (not counted in len). */
#ifndef ONESTOP_CORE_BUF_H
#define ONESTOP_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"

typedef struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap; /* maximum len */
} buf;

void buf_init(buf *b, size_t cap);
void buf_free(buf *b);
void buf_reset(buf *b);
os_err buf_add(buf *b, const void *p, size_t n);
os_err buf_adds(buf *b, const char *s);
os_err buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
os_err buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Hand the bytes to the caller (who frees them); the buffer is left empty. */
char *buf_steal(buf *b, size_t *len);

#endif
