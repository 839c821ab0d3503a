/* main.c - the `onestop` command. The subcommand table below generates the
 * help; each subcommand lives in src/cli/cmd_*.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "core/config.h"
#include "version.h"

static int cli_help(int argc, char **argv);
static int check_config(int argc, char **argv);

static const cli_command commands[] = {
    {"serve", "[--db PATH] [--listen HOST:PORT] [--SETTING VALUE]...",
     "serve the web pages and the API", cli_serve},
    {"init", "[--db PATH]", "create or migrate the database", cli_init},
    {"demo", "[--db PATH]",
     "load the demo district; accounts go to demo-accounts.txt beside the db", cli_demo},
    {"workday", "add DATE N | between FROM TO | is DATE [--db PATH]",
     "working days of the official calendar (or of the database's)", cli_workday},
    {"calendar",
     "list | import FILE | close [--site ID] DATE REASON | reopen [--site ID] DATE  --db PATH",
     "the working-day calendar in the database: years and closures", cli_calendar_command},
    {"check", "id VALUE | uscc VALUE | mrz (lines on stdin)",
     "validate an ID number, a credit code or a passport MRZ", cli_check},
    {"audit", "verify|export --db PATH [--out FILE] [--from T] [--to T]",
     "check the audit log's hash chain, or export it as JSON lines", cli_audit},
    {"key", "rotate --db PATH", "re-seal personal data under a new key (server stopped)", cli_key},
    {"backup", "--db PATH --out FILE", "write a consistent copy of the database", cli_backup},
    {"user",
     "add --username NAME --role ROLE [--site CODE] [--department CODE] | disable --username NAME"
     " | reset-password --username NAME | list  --db PATH",
     "accounts; add and reset-password read the password from stdin", cli_user},
    {"catalog", "export|import --db PATH ...", "import or export items, bundles, sites, windows",
     cli_catalog},
    {"cases", "figures --db PATH [--from DATE] [--to DATE] [--recount]",
     "case figures from the counters; --recount checks them against the cases", cli_cases},
    {"routes", "", "print the route table as JSON", cli_routes},
    {"openapi", "", "print docs/openapi.yaml generated from the route table", cli_openapi},
    {"version", "", "print the version", cli_version},
    {"help", "[COMMAND]", "this help, or one command's", cli_help},
};
static const size_t n_commands = sizeof commands / sizeof commands[0];

void cli_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One line, always. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "onestop: %s\n", line);
}

static void print_settings(FILE *out)
{
	size_t n;
	const cfg_entry *t = config_table(&n);
	fprintf(out, "\nSettings (onestop.conf \"key = value\", environment ONESTOP_KEY, or --key "
	             "VALUE):\n");
	for (size_t i = 0; i < n; i++) {
		char bounds[64] = "";
		if (t[i].type == CFG_INT)
			snprintf(bounds, sizeof bounds, " [%ld..%ld]", t[i].min, t[i].max);
		fprintf(out, "  %-22s %s (default \"%s\")%s\n", t[i].name, t[i].help, t[i].def,
		        bounds);
	}
}

static int cli_help(int argc, char **argv)
{
	if (argc > 1) {
		for (size_t i = 0; i < n_commands; i++)
			if (!strcmp(commands[i].name, argv[1])) {
				printf("usage: onestop %s %s\n  %s\n", commands[i].name,
				       commands[i].usage, commands[i].help);
				if (!strcmp(argv[1], "serve"))
					print_settings(stdout);
				return 0;
			}
		cli_error("unknown command '%s' (see: onestop help)", argv[1]);
		return 2;
	}
	printf("OneStop %s - one-stop government services\n\nusage: onestop COMMAND [ARGS]\n\n",
	       ONESTOP_VERSION);
	for (size_t i = 0; i < n_commands; i++)
		printf("  %-8s %-50s %s\n", commands[i].name, commands[i].usage, commands[i].help);
	printf(
	    "  --check-config [--config FILE] [--SETTING VALUE]...  validate the configuration\n");
	print_settings(stdout);
	return 0;
}

int cli_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		cli_error("version takes no arguments");
		return 2;
	}
	printf("onestop %s\n", ONESTOP_VERSION);
	return 0;
}

/* `onestop --check-config [flags]`: load every source, print the effective
 * settings, exit 0 when all are valid. */
static int check_config(int argc, char **argv)
{
	os_config c;
	int rc = config_load(&c, argc, argv, NULL);
	if (rc)
		return rc;
	size_t n;
	const cfg_entry *t = config_table(&n);
	for (size_t i = 0; i < n; i++) {
		char v[CFG_STR_MAX];
		config_get(&c, &t[i], v, sizeof v);
		printf("%s = %s\n", t[i].name, v);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_help(1, argv);
		return 2;
	}
	if (!strcmp(argv[1], "--check-config"))
		return check_config(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help(1, argv);
	if (!strcmp(argv[1], "--version"))
		return cli_version(1, argv);
	for (size_t i = 0; i < n_commands; i++)
		if (!strcmp(commands[i].name, argv[1]))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s' (see: onestop help)", argv[1]);
	return 2;
}
