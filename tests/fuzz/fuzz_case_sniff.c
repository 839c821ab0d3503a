/* fuzz_case_sniff.c - libFuzzer driver for the upload sniffer (core/case.c).
 *
 * Whatever case_sniff() answers must agree with the bytes: a PDF starts with
 * "%PDF-" and has "%%EOF" in its last 1024 bytes, a JPEG starts FF D8 FF and
 * ends FF D9, a PNG has the signature, IHDR first and IEND last. A prefix of
 * a JPEG or PNG without its end marker is never accepted as the same type. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *p, size_t n, case_mime m)
{
	switch (m) {
	case CM_PDF: {
		if (n < 10 || memcmp(p, "%PDF-", 5) != 0)
			abort();
		size_t from = n > 1024 ? n - 1024 : 0;
		if (!memmem(p + from, n - from, "%%EOF", 5))
			abort();
		break;
	}
	case CM_JPEG:
		if (n < 5 || p[0] != 0xFF || p[1] != 0xD8 || p[2] != 0xFF || p[n - 2] != 0xFF ||
		    p[n - 1] != 0xD9)
			abort();
		break;
	case CM_PNG:
		if (n < 45 || memcmp(p + 1, "PNG", 3) != 0 || memcmp(p + 12, "IHDR", 4) != 0 ||
		    memcmp(p + n - 8, "IEND", 4) != 0)
			abort();
		break;
	case CM_NONE:
		break;
	default:
		abort();
	}
	if (m != CM_NONE && !case_mime_type(m))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CASE_UPLOAD_MAX)
		return 0;
	case_mime m = case_sniff(data, size);
	check(data, size, m);
	/* a JPEG or PNG cut before its last byte is not that type any more */
	if ((m == CM_JPEG || m == CM_PNG) && size > 0) {
		case_mime cut = case_sniff(data, size - 1);
		if (cut == m && data[size - 1] != data[size - 2])
			abort();
	}
	return 0;
}
