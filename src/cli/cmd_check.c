/* cmd_check.c - `onestop check`: identity numbers from the shell.
 *
 *   onestop check id VALUE     resident ID number (GB 11643-1999)
 *   onestop check uscc VALUE   unified social credit code (GB 32100-2015)
 *   onestop check mrz          machine readable zone (ICAO 9303 TD3 or TD1), lines on stdin
 *
 * Valid: exit 0 and one JSON object on one line of stdout. Invalid: exit 1 and
 * one line on stderr with the reason. Usage error: exit 2. "Today" (for birth
 * dates) is the Asia/Shanghai date of the system clock. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/ident.h"

#define CHECK_USAGE "usage: onestop check id VALUE | uscc VALUE | mrz (MRZ lines on stdin)"

static os_date today_shanghai(void)
{
	os_date today = 0;
	if (os_date_from_unix((int64_t)time(NULL), &today) != OS_OK)
		today = os_date_max();
	return today;
}

static void set_date(json_t *obj, const char *key, os_date d)
{
	char ds[OS_DATE_STRLEN];
	os_date_format(d, ds);
	json_object_set_new(obj, key, json_string(ds));
}

static void set_char(json_t *obj, const char *key, char c)
{
	json_object_set_new(obj, key, json_stringn(&c, 1));
}

/* Print obj as one line on stdout and release it. */
static int emit(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	if (!text) {
		cli_error("cannot encode the result");
		return 1;
	}
	printf("%s\n", text);
	free(text);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int check_id(const char *value)
{
	os_id_info info;
	const char *reason;
	if (os_id_check(value, strlen(value), today_shanghai(), &info, &reason)) {
		cli_error("invalid ID number: %s", reason);
		return 1;
	}
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(info.id));
	set_date(o, "birth_date", info.birth);
	set_char(o, "sex", info.sex);
	json_object_set_new(o, "region", json_string(info.region));
	return emit(o);
}

static int check_uscc(const char *value)
{
	os_uscc_info info;
	const char *reason;
	if (os_uscc_check(value, strlen(value), &info, &reason)) {
		cli_error("invalid social credit code: %s", reason);
		return 1;
	}
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(info.uscc));
	set_char(o, "registration_authority", info.authority);
	json_object_set_new(o, "registration_authority_name", json_string(info.authority_name));
	set_char(o, "org_type", info.org_type);
	json_object_set_new(o, "org_type_name", json_string(info.org_type_name));
	json_object_set_new(o, "region", json_string(info.region));
	json_object_set_new(o, "org_code", json_string(info.org_code));
	return emit(o);
}

static int check_mrz(void)
{
	char text[OS_MRZ_MAX_INPUT + 1];
	size_t len = 0, got;
	while (len < sizeof text && (got = fread(text + len, 1, sizeof text - len, stdin)) > 0)
		len += got;
	if (ferror(stdin)) {
		cli_error("cannot read the MRZ from standard input");
		return 1;
	}
	os_mrz m;
	const char *reason;
	if (os_mrz_parse(text, len, today_shanghai(), &m, &reason)) {
		cli_error("invalid MRZ: %s", reason);
		return 1;
	}
	json_t *o = json_object();
	json_object_set_new(o, "format", json_string(m.format == OS_MRZ_TD3 ? "TD3" : "TD1"));
	json_object_set_new(o, "document_type", json_string(m.document_type));
	json_object_set_new(o, "document_number", json_string(m.document_number));
	json_object_set_new(o, "issuing_state", json_string(m.issuing_state));
	json_object_set_new(o, "nationality", json_string(m.nationality));
	json_object_set_new(o, "surname", json_string(m.surname));
	json_object_set_new(o, "given_names", json_string(m.given_names));
	set_date(o, "birth_date", m.birth);
	set_char(o, "sex", m.sex);
	set_date(o, "expiry_date", m.expiry);
	json_object_set_new(o, "optional_data", json_string(m.optional_data));
	if (m.format == OS_MRZ_TD1)
		json_object_set_new(o, "optional_data_2", json_string(m.optional_data2));
	return emit(o);
}

int cli_check(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (argc == 2 && (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help"))) {
		printf("%s\n", CHECK_USAGE);
		return 0;
	}
	if (argc == 3 && !strcmp(sub, "id"))
		return check_id(argv[2]);
	if (argc == 3 && !strcmp(sub, "uscc"))
		return check_uscc(argv[2]);
	if (argc == 2 && !strcmp(sub, "mrz"))
		return check_mrz();
	cli_error(CHECK_USAGE);
	return 2;
}
