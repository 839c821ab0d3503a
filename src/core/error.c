#include "core/error.h"

static const char *const messages[OS_ERR__COUNT] = {
    [OS_OK] = "ok",
    [OS_ERR_NOMEM] = "out of memory",
    [OS_ERR_INVALID] = "invalid input",
    [OS_ERR_NOT_FOUND] = "not found",
    [OS_ERR_CONFLICT] = "conflict",
    [OS_ERR_FORBIDDEN] = "forbidden",
    [OS_ERR_UNAUTHENTICATED] = "authentication required",
    [OS_ERR_TOO_LARGE] = "input too large",
    [OS_ERR_IO] = "input/output error",
    [OS_ERR_BUSY] = "resource busy",
    [OS_ERR_NO_CALENDAR] = "no calendar for that year",
    [OS_ERR_CHECKSUM] = "check character mismatch",
    [OS_ERR_UNSUPPORTED] = "not supported",
    [OS_ERR_RATE_LIMITED] = "too many requests",
    [OS_ERR_INTERNAL] = "internal error",
};

const char *os_strerror(os_err e)
{
	if ((unsigned)e >= OS_ERR__COUNT || !messages[e])
		return "unknown error";
	return messages[e];
}
