/* cmd_workday.c - `onestop workday`: the working-day calendar from the shell.
 *
 *   onestop workday add DATE N        the date N working days after DATE
 *   onestop workday between FROM TO   the number of working days d, FROM < d <= TO
 *   onestop workday is DATE           yes or no
 *
 * With --db PATH (anywhere on the line) the answers come from that database's
 * calendar (the administrator's years and district-wide closures, see
 * `onestop calendar`); without it from the State Council data compiled into
 * the binary. Exit status: 0 answered; 1 a date falls in a year without a
 * published calendar (one line on stderr naming the year) or the calendar
 * cannot be loaded; 2 malformed input (bad date, negative or non-numeric N,
 * wrong arguments). Other tools call this: keep the contract exact. */
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/embedded.h"
#include "store/store.h"

#define WORKDAY_USAGE "usage: onestop workday add DATE N | between FROM TO | is DATE [--db PATH]"

static os_calendar *chosen;
static const char *db_path; /* --db PATH, or NULL for the embedded calendar */

/* The CLI takes ownership of `cal`; it lives until exit. */
void cli_calendar_use(os_calendar *cal)
{
	if (chosen && chosen != cal)
		os_calendar_free(chosen);
	chosen = cal;
}

/* The database's calendar: every notice and the district-wide closures. A
 * database without any year gets the embedded notices first (as `onestop
 * init` does). */
static os_calendar *load_db_calendar(const char *path)
{
	store_options so = {.path = path, .read_connections = 1, .group_commit_max = 1};
	store *st;
	char err[512], msg[OS_CAL_MSG_SIZE];
	if (store_open(&so, &st, err, sizeof err)) {
		cli_error("%s", err);
		return NULL;
	}
	os_calendar *cal = NULL;
	os_err e = store_calendar_ensure(st, (int64_t)time(NULL), NULL);
	if (e)
		cli_error("cannot seed the calendar of %s: %s", path, os_strerror(e));
	else if ((e = store_calendar_load(st, 0, &cal, NULL, msg, sizeof msg)))
		cli_error("cannot load the calendar of %s: %s", path, msg);
	store_close(st);
	return cal;
}

const os_calendar *cli_calendar(void)
{
	if (!chosen && db_path) {
		chosen = load_db_calendar(db_path);
		return chosen;
	}
	if (!chosen) {
		char msg[OS_CAL_MSG_SIZE];
		size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
		if (os_calendar_from_json(os_data_holidays_json, len, &chosen, msg, sizeof msg)) {
			cli_error("embedded holiday calendar: %s", msg);
			return NULL;
		}
	}
	return chosen;
}

/* Echo an argument safely inside a one-line message. */
static void show(char *out, size_t outsz, const char *s)
{
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == 40) {
			if (j + 4 < outsz) {
				memcpy(out + j, "...", 3);
				j += 3;
			}
			break;
		}
		out[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[j] = '\0';
}

static bool parse_date_arg(const char *s, os_date *out)
{
	if (os_date_parse(s, strlen(s), out) == OS_OK)
		return true;
	char ex[48];
	show(ex, sizeof ex, s);
	cli_error("invalid date '%s' (expected YYYY-MM-DD, a real date)", ex);
	return false;
}

/* N: decimal digits only, 0..OS_CAL_MAX_WORKDAYS. */
static bool parse_count_arg(const char *s, int *out)
{
	size_t len = strlen(s);
	bool ok = len > 0 && len <= 6;
	int v = 0;
	for (size_t i = 0; ok && i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			ok = false;
		else
			v = v * 10 + (s[i] - '0');
	}
	if (!ok || v > OS_CAL_MAX_WORKDAYS) {
		char ex[48];
		show(ex, sizeof ex, s);
		cli_error("invalid number of working days '%s' (expected 0 to %d)", ex,
		          OS_CAL_MAX_WORKDAYS);
		return false;
	}
	*out = v;
	return true;
}

/* Exit status and message for a calendar error. */
static int calendar_failure(os_err e, int missing_year)
{
	if (e == OS_ERR_NO_CALENDAR)
		cli_error("no published holiday calendar for the year %d", missing_year);
	else
		cli_error("%s", os_strerror(e));
	return 1;
}

/* Take "--db PATH" / "--db=PATH" out of argv (in place); false after a
 * usage error. */
static bool take_db(int *argc, char **argv)
{
	int k = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--db") || !strncmp(a, "--db=", 5)) {
			const char *v = a[4] == '=' ? a + 5 : (i + 1 < *argc ? argv[++i] : NULL);
			if (!v || !*v || db_path) {
				cli_error(v && *v ? "--db given twice" : "--db needs a path");
				return false;
			}
			db_path = v;
			continue;
		}
		argv[k++] = argv[i];
	}
	*argc = k;
	argv[k] = NULL;
	return true;
}

int cli_workday(int argc, char **argv)
{
	if (!take_db(&argc, argv))
		return 2;
	const char *sub = argc > 1 ? argv[1] : "";
	int missing = 0;
	os_err e;
	if (argc == 2 && (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help"))) {
		printf("%s\n", WORKDAY_USAGE);
		return 0;
	}
	bool add = !strcmp(sub, "add"), between = !strcmp(sub, "between"), is = !strcmp(sub, "is");
	if (!((add || between) && argc == 4) && !(is && argc == 3)) {
		cli_error(WORKDAY_USAGE);
		return 2;
	}
	os_date a, b;
	int n = 0;
	if (!parse_date_arg(argv[2], &a))
		return 2;
	if (add && !parse_count_arg(argv[3], &n))
		return 2;
	if (between && !parse_date_arg(argv[3], &b))
		return 2;
	const os_calendar *cal = cli_calendar();
	if (!cal)
		return 1;

	if (add) {
		os_date due;
		char ds[OS_DATE_STRLEN];
		e = os_calendar_add_workdays(cal, a, n, &due, &missing);
		if (e)
			return calendar_failure(e, missing);
		os_date_format(due, ds);
		printf("%s\n", ds);
	} else if (between) {
		int count;
		e = os_calendar_count_between(cal, a, b, &count, &missing);
		if (e)
			return calendar_failure(e, missing);
		printf("%d\n", count);
	} else {
		bool work;
		e = os_calendar_is_workday(cal, a, &work, &missing);
		if (e)
			return calendar_failure(e, missing);
		printf("%s\n", work ? "yes" : "no");
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
