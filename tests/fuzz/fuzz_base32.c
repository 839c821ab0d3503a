/* fuzz_base32.c - libFuzzer driver for the base32 decoder (core/totp.c)
 * and, on the way, the TOTP check of a code typed by a person.
 *
 * A decoded input must re-encode to itself (upper case, without padding)
 * and decode again to the same bytes; a too-small output buffer is refused,
 * never overrun. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/totp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	const char *in = (const char *)data;
	uint8_t out[4096 * 5 / 8 + 1];
	size_t n = 0;
	os_err e = totp_base32_decode(in, size, out, sizeof out, &n);
	if (e != OS_OK) {
		if (e != OS_ERR_INVALID || n != 0)
			abort();
		return 0;
	}
	if (n > size * 5 / 8)
		abort();
	char *enc = malloc(size + 2);
	size_t m = totp_base32_encode(out, n, enc, size + 2);
	if (m == 0 && n != 0)
		abort();
	/* The text without padding, in upper case. */
	size_t data_len = size;
	while (data_len > 0 && in[data_len - 1] == '=')
		data_len--;
	if (m != data_len)
		abort();
	for (size_t i = 0; i < m; i++) {
		char c = in[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (enc[i] != c)
			abort();
	}
	uint8_t again[sizeof out];
	size_t n2 = 0;
	if (totp_base32_decode(enc, m, again, sizeof again, &n2) != OS_OK || n2 != n ||
	    memcmp(again, out, n) != 0)
		abort();
	/* One byte short of the output: refused, not overrun. */
	if (n > 0 && totp_base32_decode(in, size, again, n - 1, &n2) != OS_ERR_TOO_LARGE)
		abort();
	free(enc);
	/* The decoded bytes as a key, the input's head as a typed code. */
	char code[7] = {0};
	memcpy(code, in, size < 6 ? size : 6);
	int64_t step;
	(void)totp_verify(out, n, code, 1111111111, 0, &step);
	return 0;
}
