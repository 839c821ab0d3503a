/* fuzz_visa_csv.c - libFuzzer driver for the port-visa member parsers
 * (core/visa.c): CSV text and pasted MRZ lines. Whatever the input, the
 * parsers stay within their caps, every error names a member index within
 * what was read (or -1) and a field, and every member read without error is
 * well formed: names of A-Z and single spaces, a passport number of 5..9
 * letters and digits, a known nationality, sex M/F/X, real dates. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/countries.h"
#include "core/visa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++) {
		bool letter = s[i] >= 'A' && s[i] <= 'Z';
		if (!letter && !(s[i] == ' ' && i > 0 && i + 1 < n && s[i - 1] != ' '))
			abort();
	}
}

static void check(const visa_member *m, int n, const visa_errors *e)
{
	if (n < 0 || n > VISA_MAX_MEMBERS)
		abort();
	if (e->n > VISA_MAX_ERRORS || e->n < 0)
		abort();
	for (int i = 0; i < e->n; i++) {
		const visa_error *x = &e->items[i];
		if (x->index < -1 || x->index > n || !x->field[0] || !x->code[0] || !x->reason[0])
			abort();
	}
	for (int i = 0; i < n; i++) {
		if (visa_errors_for(e, i))
			continue;
		const visa_member *x = &m[i];
		check_name(x->surname, sizeof x->surname);
		check_name(x->given_names, sizeof x->given_names);
		if (!x->surname[0])
			abort();
		size_t pl = strnlen(x->passport, sizeof x->passport);
		if (pl < 5 || pl >= sizeof x->passport)
			abort();
		for (size_t k = 0; k < pl; k++)
			if (!((x->passport[k] >= 'A' && x->passport[k] <= 'Z') ||
			      (x->passport[k] >= '0' && x->passport[k] <= '9')))
				abort();
		if (!country_valid(x->nationality))
			abort();
		if (x->sex != 'M' && x->sex != 'F' && x->sex != 'X')
			abort();
		if (x->birth < os_date_min() || x->birth > os_date_max() ||
		    x->expiry < os_date_min() || x->expiry > os_date_max())
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static visa_member members[VISA_MAX_MEMBERS];
	static visa_errors errs;
	os_date today;
	if (os_date_from_ymd(2026, 6, 1, &today))
		abort();
	const char *s = (const char *)data;

	memset(&errs, 0, sizeof errs);
	int n = visa_csv_parse(s, size, members, VISA_MAX_MEMBERS, &errs);
	check(members, n, &errs);

	memset(&errs, 0, sizeof errs);
	n = visa_mrz_block_parse(s, size, today, members, VISA_MAX_MEMBERS, &errs);
	check(members, n, &errs);

	/* small caps too */
	memset(&errs, 0, sizeof errs);
	n = visa_csv_parse(s, size, members, 2, &errs);
	if (n > 2)
		abort();
	return 0;
}
