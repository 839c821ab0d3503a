/* totp.h - the second factor: time-based one-time passwords (pure, no I/O).
 *
 *   SHA-1          FIPS 180-4 (only as the hash of HMAC-SHA1; never for
 *                  anything else: the TOTP default of RFC 6238 and every
 *                  authenticator app needs it, libsodium lacks it)
 *   HMAC-SHA1      RFC 2104, tested with the vectors of RFC 2202
 *   HOTP / TOTP    RFC 4226 / RFC 6238: 6 digits, 30-second steps, a code of
 *                  the previous, current or next step is accepted
 *   base32         RFC 4648 section 6 (the secret in the otpauth URI)
 *   otpauth URI    the Key Uri Format of Google Authenticator, understood by
 *                  every authenticator app
 *
 * Replay: a verified code yields its time step; the caller stores it and
 * passes it back as last_step, and totp_verify accepts only later steps, so
 * a code works once. The caller reads the clock and passes unix seconds. */
#ifndef ONESTOP_CORE_TOTP_H
#define ONESTOP_CORE_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define TOTP_DIGITS       6
#define TOTP_PERIOD       30 /* seconds per step */
#define TOTP_WINDOW       1  /* steps accepted on either side of now */
#define TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_SECRET_B32   33 /* base32 of 20 bytes (32 characters) + NUL */
#define TOTP_ISSUER       "OneStop"
#define TOTP_URI_MAX      512 /* bytes of an otpauth URI, NUL included */

/* ---- SHA-1 and HMAC-SHA1 ---- */
typedef struct os_sha1 {
	uint32_t h[5];
	uint64_t bytes; /* message length so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
} os_sha1;

void os_sha1_init(os_sha1 *s);
void os_sha1_update(os_sha1 *s, const void *data, size_t len);
void os_sha1_final(os_sha1 *s, uint8_t out[20]);
void os_sha1_digest(const void *data, size_t len, uint8_t out[20]);
void os_hmac_sha1(const void *key, size_t keylen, const void *msg, size_t msglen, uint8_t out[20]);

/* ---- HOTP / TOTP ---- */
/* The HOTP value (RFC 4226) of counter: `digits` (6..8) decimal digits. */
uint32_t totp_hotp(const uint8_t *key, size_t keylen, uint64_t counter, int digits);
/* The time step of a unix time (floor(t / 30); 0 before the epoch). */
int64_t totp_step(int64_t unix_seconds);
/* The code at a unix time, written as `digits` characters and a NUL into
 * out (cap >= digits + 1). */
void totp_code_at(const uint8_t *key, size_t keylen, int64_t unix_seconds, int digits, char *out,
                  size_t cap);

/* Check a 6-digit code typed by a person (exactly 6 ASCII digits; anything
 * else is wrong) against the steps now-1, now and now+1, comparing in
 * constant time. Returns OS_OK and sets *step to the matching step;
 * OS_ERR_INVALID for a wrong code; OS_ERR_CONFLICT when the code matches only
 * a step <= last_step (a replayed code). */
os_err totp_verify(const uint8_t *key, size_t keylen, const char *code, int64_t now,
                   int64_t last_step, int64_t *step);

/* ---- base32 (RFC 4648, upper-case alphabet A-Z 2-7) ---- */
/* Encode n bytes without padding ("=" is left out, as otpauth URIs do).
 * Returns the length written (NUL excluded), or 0 when out (cap) is too
 * small for the text and its NUL. */
size_t totp_base32_encode(const uint8_t *in, size_t n, char *out, size_t cap);
/* Decode base32: upper or lower case, with or without the "=" padding (when
 * present it must be the right amount and only at the end); bits left over in
 * the last character must be zero. Returns OS_OK and the byte count in *n;
 * OS_ERR_INVALID for anything else; OS_ERR_TOO_LARGE when out (cap) is too
 * small. */
os_err totp_base32_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *n);

/* ---- otpauth URI ---- */
/* "otpauth://totp/OneStop:LOGIN?secret=B32&issuer=OneStop&algorithm=SHA1&
 * digits=6&period=30" with the label percent-encoded. OS_ERR_TOO_LARGE when
 * out (cap) is too small, OS_ERR_INVALID for an empty login or secret. */
os_err totp_uri(const char *login, const char *secret_b32, char *out, size_t cap);

#endif
