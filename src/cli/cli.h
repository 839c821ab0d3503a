/* cli.h - the `onestop` command: a table of subcommands that generates help.
 *
 * Each subcommand is `int fn(int argc, char **argv)` where argv[0] is the
 * subcommand's name. It returns the process exit status: 0 success, 1 a
 * negative answer or an operational failure, 2 a usage error. Errors are one
 * line on stderr starting with "onestop: ". */
#ifndef ONESTOP_CLI_CLI_H
#define ONESTOP_CLI_CLI_H

#include "core/calendar.h"

typedef int (*cli_fn)(int argc, char **argv);

typedef struct cli_command {
	const char *name;
	const char *usage; /* arguments, e.g. "[--db PATH]" */
	const char *help;  /* one line */
	cli_fn fn;
} cli_command;

/* Print "onestop: <message>\n" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_version(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_openapi(int argc, char **argv);
int cli_workday(int argc, char **argv); /* src/cli/cmd_workday.c */
int cli_check(int argc, char **argv);
int cli_user(int argc, char **argv);  /* src/cli/cmd_user.c */
int cli_audit(int argc, char **argv); /* src/cli/cmd_audit.c */
int cli_key(int argc, char **argv);
int cli_backup(int argc, char **argv); /* src/cli/cmd_check.c */

/* `onestop calendar` (src/cli/cmd_calendar.c): the calendar in the database. */
int cli_calendar_command(int argc, char **argv);

/* The calendar every `workday` answer comes from (src/cli/cmd_workday.c):
 * the one handed over with cli_calendar_use(), else the database's when
 * `workday` got --db, else the State Council data compiled into the binary.
 * NULL after printing one line when it cannot be loaded. */
const os_calendar *cli_calendar(void);
/* Answer from `cal` from now on; the CLI takes ownership (it lives until exit). */
void cli_calendar_use(os_calendar *cal);

/* `onestop catalog` (src/cli/cmd_catalog.c): import and export of the catalog
 * and the organisation; cli_demo_catalog() is `onestop demo`'s catalog. */
struct store;
struct demo_district;
int cli_catalog(int argc, char **argv);
os_err cli_demo_catalog(struct store *st, const struct demo_district *d);

/* `onestop demo`'s year of cases (src/cli/cmd_demo_cases.c, issue 6): n
 * completed cases over the 365 days ending yesterday (Asia/Shanghai), within
 * the published calendar years; prints one line. `onestop cases`
 * (src/cli/cmd_cases.c): the figures from the counters, and their recount. */
os_err cli_demo_cases(struct store *st, long n);
int cli_cases(int argc, char **argv);

#endif
