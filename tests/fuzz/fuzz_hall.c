/* fuzz_hall.c - libFuzzer driver for the hall's list parsers
 * (core/queue.c): ids ("3,1,2") and catalog item codes ("a,b"), as they come
 * from request bodies. Accepted lists hold only positive distinct ids within
 * the cap; normalised codes re-parse to themselves; nothing is overrun. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/queue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	int64_t ids[8];
	size_t n = 99;
	if (queue_parse_ids(s, ids, 8, &n) == OS_OK) {
		if (n > 8)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (ids[i] <= 0)
				abort();
			for (size_t k = 0; k < i; k++)
				if (ids[k] == ids[i])
					abort();
		}
	}
	char out[256], again[256];
	if (queue_normalise_codes(s, 10, out, sizeof out) == OS_OK) {
		if (strlen(out) >= sizeof out || strchr(out, ' '))
			abort();
		if (queue_normalise_codes(out, 10, again, sizeof again) != OS_OK ||
		    strcmp(out, again))
			abort();
	}
	char number[QUEUE_NUMBER_MAX];
	if (size >= 1 &&
	    queue_number((char)data[0], (int64_t)size * 997, number, sizeof number) == OS_OK &&
	    (number[0] != (char)data[0] || strlen(number) < 4))
		abort();
	free(s);
	return 0;
}
