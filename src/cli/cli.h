/* cli.h - the `onestop` command: a table of subcommands that generates help.
 *
 * Each subcommand is `int fn(int argc, char **argv)` where argv[0] is the
 * subcommand's name. It returns the process exit status: 0 success, 1 a
 * negative answer or an operational failure, 2 a usage error. Errors are one
 * line on stderr starting with "onestop: ". */
#ifndef ONESTOP_CLI_CLI_H
#define ONESTOP_CLI_CLI_H

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
int cli_check(int argc, char **argv);   /* src/cli/cmd_check.c */

#endif
