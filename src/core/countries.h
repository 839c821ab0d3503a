/* countries.h - ISO 3166-1 alpha-3 country codes with Chinese and English
 * short names (pure data, no I/O).
 *
 * Nationality fields of the port visa office (passport data, watch list,
 * figures) are validated against this table. Machine readable zones follow
 * ICAO Doc 9303, which uses the ISO codes except for a few ICAO-only codes;
 * country_from_mrz() maps the one a tour group meets in practice, Germany's
 * "D", to "DEU". Other ICAO-only codes (GBD, UNA, XXA ...) are not accepted
 * as nationalities here: such travellers are handled as special cases. */
#ifndef ONESTOP_CORE_COUNTRIES_H
#define ONESTOP_CORE_COUNTRIES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct country {
	const char *code;    /* "KOR" */
	const char *name_zh; /* "韩国" */
	const char *name_en; /* "Korea, Republic of" */
} country;

/* The table, sorted by code; *n gets its length. */
const country *countries_all(size_t *n);
/* Look up an upper-case alpha-3 code (exactly three bytes); NULL if unknown. */
const country *country_by_code(const char *code);
bool country_valid(const char *code);
/* The ISO code for a nationality as written in an MRZ ("D" -> "DEU"; a valid
 * ISO code maps to itself); NULL if it is not a country of the table. */
const char *country_from_mrz(const char *mrz_code);

#endif
