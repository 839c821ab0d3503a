/* cmd_cases.c - `onestop cases`: the case figures from the counters, and the
 * recount that proves them (issue 6, items 10 and 12).
 *
 *   onestop cases figures --db PATH [--from DATE] [--to DATE] [--recount]
 *
 * prints the totals of the period (default: the 366 days ending today, as
 * GET /api/v1/cases/figures) and one line per department; with --recount it
 * counts the same figures again from the cases table
 * (store_case_figures_recount) and exits 1, naming every figure that
 * differs, when they do not match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "store/store.h"

#define CASES_USAGE "usage: onestop cases figures --db PATH [--from DATE] [--to DATE] [--recount]"
#define CASES_ARGS  16

static const char *const db_only[] = {"db", NULL};

static bool parse_day(const char *s, const char *flag, os_date *out)
{
	if (os_date_parse(s, strlen(s), out)) {
		cli_error("%s: expected a date YYYY-MM-DD, got '%s'", flag, s);
		return false;
	}
	return true;
}

static void print_figs(const char *label, const store_case_figures *f)
{
	char rate[16] = "-";
	if (f->completed > 0)
		snprintf(rate, sizeof rate, "%.1f%%",
		         (double)((f->on_time * 1000 + f->completed / 2) / f->completed) / 10.0);
	printf("%-10s received %lld  accepted %lld  completed %lld  on_time %lld  overdue %lld"
	       "  on_time_rate %s\n",
	       label, (long long)f->received, (long long)f->accepted, (long long)f->completed,
	       (long long)f->on_time, (long long)f->overdue, rate);
}

static int figures(store *st, const store_case_fig_filter *f, bool recount)
{
	store_case_figures tot, again;
	os_err e = store_case_figures_get(st, f, &tot);
	if (e) {
		cli_error("cannot read the counters: %s", os_strerror(e));
		return 1;
	}
	char from[OS_DATE_STRLEN], to[OS_DATE_STRLEN];
	os_date_format(f->from, from);
	os_date_format(f->to, to);
	printf("period     %s..%s\n", from, to);
	print_figs("counters", &tot);
	store_case_fig_row *rows;
	size_t n;
	if (store_case_figures_by(st, f, "department", &rows, &n) == OS_OK) {
		for (size_t i = 0; i < n; i++)
			printf("  %-32s received %lld  completed %lld  on_time %lld\n",
			       rows[i].name, (long long)rows[i].f.received,
			       (long long)rows[i].f.completed, (long long)rows[i].f.on_time);
		free(rows);
	}
	if (!recount)
		return fflush(stdout) == 0 ? 0 : 1;
	e = store_case_figures_recount(st, f, &again);
	if (e) {
		cli_error("cannot recount the cases: %s", os_strerror(e));
		return 1;
	}
	print_figs("recount", &again);
	fflush(stdout);
	const struct {
		const char *name;
		int64_t counted, recounted;
	} cmp[] = {
	    {"received", tot.received, again.received},
	    {"accepted", tot.accepted, again.accepted},
	    {"completed", tot.completed, again.completed},
	    {"on_time", tot.on_time, again.on_time},
	    {"overdue", tot.overdue, again.overdue},
	};
	char diff[512] = "";
	size_t used = 0;
	for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
		if (cmp[i].counted == cmp[i].recounted)
			continue;
		int k =
		    snprintf(diff + used, sizeof diff - used,
		             "%s%s %lld in the counters, %lld in the cases", used ? "; " : "",
		             cmp[i].name, (long long)cmp[i].counted, (long long)cmp[i].recounted);
		if (k > 0 && (size_t)k < sizeof diff - used)
			used += (size_t)k;
	}
	if (used) {
		cli_error("the counters differ from the recount: %s", diff);
		return 1;
	}
	printf("recount matches the counters\n");
	return fflush(stdout) == 0 ? 0 : 1;
}

int cli_cases(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "figures") != 0) {
		if (argc == 2 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help"))) {
			printf("%s\n", CASES_USAGE);
			return 0;
		}
		cli_error(CASES_USAGE);
		return 2;
	}
	/* argv without the subcommand's word; --recount has no value */
	char *args[CASES_ARGS + 1];
	int n = 0;
	bool recount = false;
	args[n++] = argv[0];
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--recount")) {
			recount = true;
			continue;
		}
		if (n >= CASES_ARGS) {
			cli_error(CASES_USAGE);
			return 2;
		}
		args[n++] = argv[i];
	}
	args[n] = NULL;
	bool missing = false;
	const char *from_s = cli_take_flag(&n, args, "--from", &missing);
	const char *to_s = cli_take_flag(&n, args, "--to", &missing);
	if (missing) {
		cli_error("--from and --to need a date (%s)", CASES_USAGE);
		return 2;
	}
	os_date today = 0;
	os_date_from_unix((int64_t)time(NULL), &today);
	store_case_fig_filter f = {.to = today};
	if (to_s && !parse_day(to_s, "--to", &f.to))
		return 2;
	f.from = f.to - 365;
	if (from_s && !parse_day(from_s, "--from", &f.from))
		return 2;
	if (f.from > f.to) {
		cli_error("--from: the period starts after it ends");
		return 2;
	}
	os_config c;
	int rc = config_load(&c, n, args, db_only);
	if (rc)
		return rc;
	char err[512];
	store_options so = {.path = c.db, .read_connections = 1, .group_commit_max = 1};
	store *st;
	if (store_open(&so, &st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	rc = figures(st, &f, recount);
	store_close(st);
	return rc;
}
