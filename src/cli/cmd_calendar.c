/* cmd_calendar.c - `onestop calendar`: the administrator's working-day
 * calendar in the database.
 *
 *   onestop calendar list   --db PATH                        years and closures
 *   onestop calendar import --db PATH FILE.json              add or replace years
 *   onestop calendar close  --db PATH [--site ID] DATE REASON   declare a closure
 *   onestop calendar reopen --db PATH [--site ID] DATE          remove a closure
 *
 * FILE.json has the format of data/cn-holidays.json; the whole file is
 * validated before anything changes (a bad date: 'FILE: year Y: bad date
 * "X"'). Every change is one transaction with its audit_log row (actor 0 =
 * the command line, detail "cli"). A running server picks the change up
 * within a few seconds (src/api/calendar.c).
 *
 * Exit status: 0 done; 1 refused or failed (one line on stderr); 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "core/calendar.h"
#include "core/mem.h"
#include "store/store.h"

#define CAL_USAGE                                                                                  \
	"usage: onestop calendar list | import FILE.json | close [--site ID] DATE REASON | "       \
	"reopen [--site ID] DATE  (each with --db PATH)"
#define CAL_MAX_ARGS 8

/* The command line split into positional arguments, configuration flags
 * (for config_load) and --site. */
typedef struct cal_args {
	char *pos[CAL_MAX_ARGS];
	int npos;
	char *flags[2 * CAL_MAX_ARGS + 1];
	int nflags;
	int64_t site_id;
} cal_args;

/* One printable line from untrusted text. */
static void show(char *out, size_t outsz, const char *s)
{
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 4 < outsz; i++) {
		if (i == 40) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		unsigned char c = (unsigned char)s[i];
		out[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[j] = '\0';
}

static bool parse_site(const char *v, int64_t *out)
{
	size_t n = strlen(v);
	bool ok = n > 0 && n <= 12;
	int64_t x = 0;
	for (size_t i = 0; ok && i < n; i++) {
		ok = v[i] >= '0' && v[i] <= '9';
		x = x * 10 + (v[i] - '0');
	}
	if (!ok || x < 1) {
		char ex[48];
		show(ex, sizeof ex, v);
		cli_error("--site: '%s' is not a site id (a whole number from 1)", ex);
		return false;
	}
	*out = x;
	return true;
}

static int split_args(int argc, char **argv, cal_args *a)
{
	memset(a, 0, sizeof *a);
	a->flags[a->nflags++] = argv[0];
	for (int i = 2; i < argc; i++) {
		char *s = argv[i];
		if (strncmp(s, "--", 2) != 0 || !s[2]) {
			if (a->npos == CAL_MAX_ARGS) {
				cli_error(CAL_USAGE);
				return 2;
			}
			a->pos[a->npos++] = s;
			continue;
		}
		bool inline_value = strchr(s, '=') != NULL;
		if (!strcmp(s, "--site") || !strncmp(s, "--site=", 7)) {
			const char *v = inline_value ? s + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v) {
				cli_error("--site needs a value");
				return 2;
			}
			if (!parse_site(v, &a->site_id))
				return 2;
			continue;
		}
		if (a->nflags + 2 > 2 * CAL_MAX_ARGS) {
			cli_error(CAL_USAGE);
			return 2;
		}
		a->flags[a->nflags++] = s;
		if (!inline_value && i + 1 < argc)
			a->flags[a->nflags++] = argv[++i];
	}
	a->flags[a->nflags] = NULL;
	return 0;
}

static const char *const db_only[] = {"db", NULL};

static int open_db(cal_args *a, os_config *c, store **st)
{
	int rc = config_load(c, a->nflags, a->flags, db_only);
	if (rc)
		return rc;
	char err[512];
	store_options so = {.path = c->db, .read_connections = 1, .group_commit_max = 1};
	if (store_open(&so, st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	/* A database always has a calendar: the compiled-in notices first. */
	os_err e = store_calendar_ensure(*st, (int64_t)time(NULL), NULL);
	if (e) {
		cli_error("cannot seed the calendar of %s: %s", c->db, os_strerror(e));
		store_close(*st);
		return 1;
	}
	return 0;
}

static int do_list(store *st)
{
	store_cal_year_list years;
	store_cal_closure_list cl;
	os_err e = store_calendar_years(st, &years);
	if (e) {
		cli_error("cannot read the calendar: %s", os_strerror(e));
		return 1;
	}
	e = store_calendar_closures(st, os_date_min(), os_date_max(), &cl);
	if (e) {
		store_cal_year_list_free(&years);
		cli_error("cannot read the closures: %s", os_strerror(e));
		return 1;
	}
	printf("YEAR\tHOLIDAYS\tWORKDAYS\tSOURCE\n");
	for (size_t i = 0; i < years.n; i++)
		printf("%d\t%d\t%d\t%s\n", years.rows[i].year, years.rows[i].n_holidays,
		       years.rows[i].n_workdays, years.rows[i].source);
	if (cl.n) {
		printf("\nCLOSURE\tWHERE\tREASON\n");
		for (size_t i = 0; i < cl.n; i++) {
			char ds[OS_DATE_STRLEN], where[32];
			os_date_format(cl.rows[i].date, ds);
			if (cl.rows[i].site_id)
				snprintf(where, sizeof where, "site %lld",
				         (long long)cl.rows[i].site_id);
			else
				snprintf(where, sizeof where, "district");
			printf("%s\t%s\t%s\n", ds, where, cl.rows[i].reason);
		}
	}
	store_cal_year_list_free(&years);
	store_cal_closure_list_free(&cl);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* The whole file, at most OS_CAL_MAX_JSON bytes. */
static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		cli_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	char *text = os_malloc(OS_CAL_MAX_JSON + 1);
	size_t n = fread(text, 1, OS_CAL_MAX_JSON + 1, fp);
	bool bad = ferror(fp) != 0;
	fclose(fp);
	if (bad || n > OS_CAL_MAX_JSON) {
		if (bad)
			cli_error("%s: cannot read the file", path);
		else
			cli_error("%s: larger than %u bytes", path, OS_CAL_MAX_JSON);
		free(text);
		return NULL;
	}
	*len = n;
	return text;
}

static int do_import(store *st, const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return 1;
	char msg[OS_CAL_MSG_SIZE];
	store_cal_import res;
	os_err e = store_calendar_import(st, 0, (int64_t)time(NULL), "cli", text, len, &res, msg,
	                                 sizeof msg);
	free(text);
	if (e) {
		cli_error("%s: %s", path,
		          e == OS_ERR_INVALID || e == OS_ERR_TOO_LARGE ? msg : os_strerror(e));
		return 1;
	}
	printf("imported %zu year%s from %s:", res.n, res.n == 1 ? "" : "s", path);
	for (size_t i = 0; i < res.n; i++)
		printf(" %d (%s)", res.years[i], res.replaced[i] ? "replaced" : "added");
	printf("\n");
	return fflush(stdout) == 0 ? 0 : 1;
}

static bool parse_date(const char *s, os_date *out)
{
	if (os_date_parse(s, strlen(s), out) == OS_OK)
		return true;
	char ex[48];
	show(ex, sizeof ex, s);
	cli_error("invalid date '%s' (expected YYYY-MM-DD, a real date)", ex);
	return false;
}

static void where(char *out, size_t outsz, int64_t site_id)
{
	if (site_id)
		snprintf(out, outsz, "site %lld", (long long)site_id);
	else
		snprintf(out, outsz, "district-wide");
}

static int do_close(store *st, os_date date, int64_t site_id, const char *reason)
{
	char msg[OS_CAL_MSG_SIZE], ds[OS_DATE_STRLEN], w[32];
	os_date_format(date, ds);
	where(w, sizeof w, site_id);
	os_err e = store_calendar_close(st, 0, (int64_t)time(NULL), "cli", date, site_id, reason,
	                                msg, sizeof msg);
	if (e) {
		cli_error("%s", e == OS_ERR_IO || e == OS_ERR_BUSY ? os_strerror(e) : msg);
		return 1;
	}
	printf("closed %s (%s)\n", ds, w);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int do_reopen(store *st, os_date date, int64_t site_id)
{
	char ds[OS_DATE_STRLEN], w[32];
	os_date_format(date, ds);
	where(w, sizeof w, site_id);
	os_err e = store_calendar_reopen(st, 0, (int64_t)time(NULL), "cli", date, site_id);
	if (e == OS_ERR_NOT_FOUND) {
		cli_error("%s is not closed (%s)", ds, w);
		return 1;
	}
	if (e) {
		cli_error("cannot reopen %s: %s", ds, os_strerror(e));
		return 1;
	}
	printf("reopened %s (%s)\n", ds, w);
	return fflush(stdout) == 0 ? 0 : 1;
}

int cli_calendar_command(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (argc == 2 && (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help"))) {
		printf("%s\n", CAL_USAGE);
		return 0;
	}
	cal_args a;
	int rc = split_args(argc, argv, &a);
	if (rc)
		return rc;
	bool list = !strcmp(sub, "list"), import = !strcmp(sub, "import"),
	     close = !strcmp(sub, "close"), reopen = !strcmp(sub, "reopen");
	if (!((list && a.npos == 0) || (import && a.npos == 1) || (close && a.npos == 2) ||
	      (reopen && a.npos == 1)) ||
	    (a.site_id && !close && !reopen)) {
		cli_error(CAL_USAGE);
		return 2;
	}
	os_date date = 0;
	if ((close || reopen) && !parse_date(a.pos[0], &date))
		return 2;
	os_config c;
	store *st;
	if ((rc = open_db(&a, &c, &st)))
		return rc;
	if (list)
		rc = do_list(st);
	else if (import)
		rc = do_import(st, a.pos[0]);
	else if (close)
		rc = do_close(st, date, a.site_id, a.pos[1]);
	else
		rc = do_reopen(st, date, a.site_id);
	store_close(st);
	return rc;
}
