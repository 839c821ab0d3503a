/* error.h - the one error enum of OneStop.
 *
 * 0 is success. Values are never renumbered: new codes are appended before
 * OS_ERR__COUNT. Every function that can fail returns an os_err. Use
 * os_strerror() for a stable English message; user-facing text is translated
 * at the edge (web/i18n), never here. */
#ifndef ONESTOP_CORE_ERROR_H
#define ONESTOP_CORE_ERROR_H

typedef enum os_err {
	OS_OK = 0,
	OS_ERR_NOMEM = 1,     /* allocation failed (only outside the server) */
	OS_ERR_INVALID = 2,   /* malformed or out-of-range input */
	OS_ERR_NOT_FOUND = 3, /* no such object */
	OS_ERR_CONFLICT = 4,  /* state does not allow the operation / duplicate */
	OS_ERR_FORBIDDEN = 5, /* authenticated but not allowed */
	OS_ERR_UNAUTHENTICATED = 6,
	OS_ERR_TOO_LARGE = 7,    /* an input exceeded its cap */
	OS_ERR_IO = 8,           /* file, socket or database I/O failed */
	OS_ERR_BUSY = 9,         /* resource busy (port in use, database locked) */
	OS_ERR_NO_CALENDAR = 10, /* a date falls in a year without a calendar */
	OS_ERR_CHECKSUM = 11,    /* a check character / digit does not match */
	OS_ERR_UNSUPPORTED = 12, /* recognised but not supported (e.g. 15-digit ID) */
	OS_ERR_RATE_LIMITED = 13,
	OS_ERR_INTERNAL = 14, /* a bug: an invariant did not hold */
	OS_ERR__COUNT
} os_err;

/* Stable English message for an error code; never NULL. */
const char *os_strerror(os_err e);

#endif
