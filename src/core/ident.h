/* ident.h - identity numbers with check characters (pure, no I/O).
 *
 *   resident ID number    GB 11643-1999, check character ISO 7064:2003 MOD 11-2
 *   social credit code    GB 32100-2015, check character MOD 31
 *   passport / ID card    ICAO Doc 9303 machine readable zone: TD3 (part 4,
 *                          two lines of 44) and TD1 (part 5, three lines of 30),
 *                          check digits of part 3 (weights 7, 3, 1)
 *
 * Every validator takes the text with its length (no NUL needed, any bytes
 * accepted), returns OS_OK or an error and sets *reason (never NULL on
 * return, may be passed as NULL) to a static English sentence naming what
 * failed, e.g. "check character mismatch: expected X". Errors:
 *   OS_ERR_INVALID      malformed: length, characters, region, dates, layout
 *   OS_ERR_CHECKSUM     well formed but a check character/digit is wrong
 *   OS_ERR_UNSUPPORTED  a recognised but refused form (15-digit legacy ID)
 * On success the parsed parts are written to *out (plain structs with fixed
 * arrays; nothing to free). On failure *out is unspecified.
 *
 * "today" is an Asia/Shanghai calendar date passed in by the caller (the core
 * never reads the clock); it bounds birth dates and picks MRZ centuries. See
 * docs/rules.md for the rules and their sources. */
#ifndef ONESTOP_CORE_IDENT_H
#define ONESTOP_CORE_IDENT_H

#include <stddef.h>

#include "core/calendar.h"
#include "core/error.h"

/* ---- resident ID number (居民身份号码), GB 11643-1999 -------------------- */

#define OS_ID_LEN 18

typedef struct os_id_info {
	char id[OS_ID_LEN + 1]; /* normalised: a lowercase x becomes X */
	char region[7];         /* 6-digit administrative division code */
	os_date birth;
	int sequence; /* 0..999; odd = male */
	char sex;     /* 'M' or 'F' */
} os_id_info;

/* Valid: 18 characters, digits 1-17 and a check character 0-9 or X (x is
 * accepted), a province code in the first two digits (11-15, 21-23, 31-37,
 * 41-46, 50-54, 61-65, 71, 81-83, 91), a real birth date from 1800-01-01 up to
 * `today`, and the MOD 11-2 check. A 15-digit number is OS_ERR_UNSUPPORTED. */
os_err os_id_check(const char *s, size_t len, os_date today, os_id_info *out, const char **reason);
/* The MOD 11-2 check character ('0'-'9' or 'X') of 17 ASCII digits, or 0 if
 * any of them is not a digit. */
char os_id_check_char(const char *digits17);

/* ---- unified social credit code (统一社会信用代码), GB 32100-2015 --------- */

#define OS_USCC_LEN 18

typedef struct os_uscc_info {
	char uscc[OS_USCC_LEN + 1]; /* normalised to upper case */
	char authority;             /* registration authority code (position 1) */
	char org_type;              /* organisation type code (position 2) */
	char region[7];             /* administrative division code (3-8) */
	char org_code[10];          /* body identifier (9-17, GB 11714 organisation code) */
	const char *authority_name; /* static English name, "unknown" if unlisted */
	const char *org_type_name;  /* static English name, "unknown" if unlisted */
} os_uscc_info;

/* Valid: 18 characters of 0-9 A-H J-N P-R T-U W-Y (lower case accepted and
 * normalised), positions 3-8 digits, the MOD 31 check character. */
os_err os_uscc_check(const char *s, size_t len, os_uscc_info *out, const char **reason);
/* The MOD 31 check character of 17 code characters, or 0 if one is not in
 * the code's alphabet (upper case only). */
char os_uscc_check_char(const char *chars17);

/* ---- machine readable zone, ICAO Doc 9303 --------------------------------- */

typedef enum os_mrz_format {
	OS_MRZ_TD1 = 1, /* three lines of 30 (identity cards) */
	OS_MRZ_TD3 = 3, /* two lines of 44 (passports) */
} os_mrz_format;

#define OS_MRZ_MAX_INPUT 512 /* bytes of MRZ text accepted (lines and line ends) */

typedef struct os_mrz {
	os_mrz_format format;
	char document_type[3];    /* e.g. "P", "PO", "I" (fillers removed) */
	char issuing_state[4];    /* e.g. "UTO", "D" (fillers removed) */
	char nationality[4];      /* likewise */
	char surname[40];         /* primary identifier, '<' turned into spaces */
	char given_names[40];     /* secondary identifier, "" if none */
	char document_number[24]; /* without filler '<' (TD1 may extend past 9) */
	os_date birth;
	os_date expiry;
	char sex;                /* 'M', 'F' or 'X' (unspecified) */
	char optional_data[16];  /* TD3 personal number / TD1 line 1 optional data */
	char optional_data2[12]; /* TD1 line 2 optional data; "" for TD3 */
} os_mrz;

/* Parse and verify an MRZ: the lines separated by "\n" (or "\r\n"), a final
 * line end optional, at most OS_MRZ_MAX_INPUT bytes. Characters 0-9 A-Z <
 * only. TD3: document number, birth date, expiry, optional data and composite
 * check digits; TD1: document number, birth date, expiry and composite. Birth
 * YYMMDD is 20YY unless that is after `today`, then 19YY; expiry is 20YY. */
os_err os_mrz_parse(const char *text, size_t len, os_date today, os_mrz *out, const char **reason);
/* The 7-3-1 check digit (0-9) of n MRZ characters, or -1 if one is not in
 * 0-9 A-Z <. */
int os_mrz_check_digit(const char *s, size_t n);

/* ---- masking for screens that do not need the full value ------------------ */

/* "11010519491231002X" -> "110105********002X": the region and the last four
 * characters stay. OS_ERR_INVALID unless id is 18 characters; OS_ERR_TOO_LARGE
 * if outsz < 19. */
os_err os_mask_id(const char *id, char *out, size_t outsz);
/* "E12345678" -> "E1*****78": first two and last two stay; values of four
 * characters or fewer are all stars. OS_ERR_TOO_LARGE if out is too small. */
os_err os_mask_passport(const char *number, char *out, size_t outsz);

#endif
