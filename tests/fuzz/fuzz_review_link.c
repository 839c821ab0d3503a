/* fuzz_review_link.c - libFuzzer driver for the rating-link parser
 * (core/review.c) and the rating checks.
 *
 * Any input either is refused or names an event whose token, made again,
 * is the input itself (a forged MAC never parses); and any text as a comment
 * or phone is checked without crashing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/review.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	static const unsigned char key[32] = "onestop-fuzz-review-link-key-32";
	char in[257];
	memcpy(in, data, size);
	in[size] = '\0';
	review_event kind = 0;
	int64_t id = 0;
	if (review_link_parse(key, in, &kind, &id) == OS_OK) {
		char again[REVIEW_LINK_MAX];
		if (review_link_make(key, kind, id, again, sizeof again) != OS_OK ||
		    strcmp(again, in) != 0)
			abort();
	}
	review_input r = {.level = (review_level)(size % 7), .comment = in, .phone = in};
	for (int d = 0; d < RD__COUNT; d++)
		r.dims[d] = size > (size_t)d ? data[d] % 7 : 0;
	const char *field, *why;
	os_err e = review_check(&r, size % 2 ? RSV_WINDOW : RSV_ONLINE, &field, &why);
	if (e != OS_OK && (e != OS_ERR_INVALID || !field || !why))
		abort();
	return 0;
}
