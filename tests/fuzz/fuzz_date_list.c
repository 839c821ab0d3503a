/* fuzz_date_list.c - libFuzzer driver for the comma-separated date lists of
 * PUT /api/v1/calendar/years/{year} (cal_parse_date_list in
 * src/api/calendar.c, included to reach the static parser).
 *
 * Never more dates than the cap; a refused item lies inside the text and
 * holds no comma; an accepted list, written back with commas, parses to the
 * same dates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/api/calendar.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static os_date out[OS_CAL_MAX_LIST], again[OS_CAL_MAX_LIST];
	const char *s = (const char *)data;
	size_t cap = size ? data[0] % 8 + 1 : 1, n = 0, off = 0, len = 0;
	if (size && data[0] >= 128)
		cap = OS_CAL_MAX_LIST;
	int r = cal_parse_date_list(s, size, out, cap, &n, &off, &len);
	if (n > cap)
		abort();
	if (r == CAL_LIST_BAD_DATE && (off + len > size || memchr(s + off, ',', len)))
		abort();
	if (r != CAL_LIST_OK)
		return 0;
	char text[OS_CAL_MAX_LIST * 11 + 1];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			text[k++] = ',';
		os_date_format(out[i], text + k);
		k += 10;
	}
	size_t n2 = 0;
	if (cal_parse_date_list(text, k, again, cap, &n2, &off, &len) != CAL_LIST_OK || n2 != n ||
	    memcmp(out, again, n * sizeof *out) != 0)
		abort();
	return 0;
}
