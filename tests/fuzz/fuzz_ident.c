/* fuzz_ident.c - libFuzzer driver for the identity parsers (core/ident.c).
 *
 * Every input goes to all three validators: resident ID, USCC and MRZ. On
 * success the outputs must be consistent (normalised values validate again,
 * strings are terminated, masking works); on failure a reason is given. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_id(const char *s, size_t n, os_date today)
{
	os_id_info info, again;
	const char *reason = NULL;
	os_err e = os_id_check(s, n, today, &info, &reason);
	if (!reason)
		abort();
	if (e != OS_OK)
		return;
	if (strlen(info.id) != OS_ID_LEN || strlen(info.region) != 6 || info.birth > today ||
	    (info.sex != 'M' && info.sex != 'F'))
		abort();
	if (os_id_check(info.id, OS_ID_LEN, today, &again, &reason) != OS_OK ||
	    strcmp(info.id, again.id) != 0 || info.birth != again.birth || info.sex != again.sex)
		abort();
	char masked[OS_ID_LEN + 1];
	if (os_mask_id(info.id, masked, sizeof masked) != OS_OK || strlen(masked) != OS_ID_LEN)
		abort();
}

static void check_uscc(const char *s, size_t n)
{
	os_uscc_info info, again;
	const char *reason = NULL;
	os_err e = os_uscc_check(s, n, &info, &reason);
	if (!reason)
		abort();
	if (e != OS_OK)
		return;
	if (strlen(info.uscc) != OS_USCC_LEN || os_uscc_check_char(info.uscc) != info.uscc[17] ||
	    !info.authority_name || !info.org_type_name)
		abort();
	if (os_uscc_check(info.uscc, OS_USCC_LEN, &again, &reason) != OS_OK)
		abort();
}

static void check_mrz(const char *s, size_t n, os_date today)
{
	os_mrz m;
	const char *reason = NULL;
	os_err e = os_mrz_parse(s, n, today, &m, &reason);
	if (!reason)
		abort();
	if (e != OS_OK)
		return;
	if (strnlen(m.document_number, sizeof m.document_number) >= sizeof m.document_number ||
	    strnlen(m.surname, sizeof m.surname) >= sizeof m.surname ||
	    strnlen(m.given_names, sizeof m.given_names) >= sizeof m.given_names ||
	    strnlen(m.optional_data, sizeof m.optional_data) >= sizeof m.optional_data ||
	    strnlen(m.optional_data2, sizeof m.optional_data2) >= sizeof m.optional_data2 ||
	    m.document_number[0] == '\0' || m.birth > today)
		abort();
	if (m.sex != 'M' && m.sex != 'F' && m.sex != 'X')
		abort();
	char masked[sizeof m.document_number];
	if (os_mask_passport(m.document_number, masked, sizeof masked) != OS_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	os_date today;
	if (os_date_from_ymd(2026, 6, 1, &today) != OS_OK)
		abort();
	check_id(s, size, today);
	check_uscc(s, size);
	check_mrz(s, size, today);
	if (size >= 1) /* and with a "today" taken from the input */
		check_mrz(s + 1, size - 1, today - 40000 + (os_date)data[0] * 300);
	if (size > 0 && size <= 64)
		(void)os_mrz_check_digit(s, size);
	if (size >= 17) {
		(void)os_id_check_char(s);
		(void)os_uscc_check_char(s);
	}
	return 0;
}
