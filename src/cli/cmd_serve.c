/* cmd_serve.c - `onestop serve`: open the store, start HTTP, wait for
 * SIGTERM/SIGINT, then shut down in order: stop accepting, finish in-flight
 * requests, stop workers, checkpoint the WAL, exit 0. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "api/api.h"
#include "cli/cli.h"
#include "cli/config_load.h"
#include "http/app.h"
#include "http/http.h"
#include "http/server.h"
#include "http/ratelimit.h"
#include "http/sse.h"
#include "store/store.h"

static int open_access_log(const os_config *c)
{
	if (!strcmp(c->access_log, "off"))
		return -1;
	if (!strcmp(c->access_log, "-"))
		return dup(STDERR_FILENO);
	char path[CFG_STR_MAX + 32];
	if (c->access_log[0]) {
		snprintf(path, sizeof path, "%s", c->access_log);
	} else {
		const char *slash = strrchr(c->db, '/');
		if (slash)
			snprintf(path, sizeof path, "%.*s/access.log", (int)(slash - c->db), c->db);
		else
			snprintf(path, sizeof path, "access.log");
	}
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		cli_error("cannot open access log %s: %s", path, strerror(errno));
	return fd < 0 ? -2 : fd;
}

int cli_serve(int argc, char **argv)
{
	os_config cfg;
	int rc = config_load(&cfg, argc, argv, NULL);
	if (rc)
		return rc;
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	/* Signals are taken by sigtimedwait below, in this thread only: block
	 * them before any thread starts so the workers inherit the mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	char err[512];
	char keypath[CFG_STR_MAX + 16];
	store_options so;
	cli_store_options(&cfg, &so, false, keypath, sizeof keypath);
	store *st;
	if (store_open(&so, &st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	app a = {.st = st, .cfg = &cfg, .started = (int64_t)time(NULL)};
	a.m.route_hits = calloc(api_routes_count, sizeof *a.m.route_hits);
	a.hub = sse_hub_new((int)cfg.sse_max_clients);
	a.rl = ratelimit_new();
	a.access_fd = open_access_log(&cfg);
	http_server *srv = NULL;
	int port = 0;
	if (a.access_fd == -2) {
		rc = 1;
		goto out;
	}
	/* The working-day calendar in memory (src/api/calendar.c, issue 4). */
	if (api_calendar_start(&a, err, sizeof err)) {
		cli_error("%s", err);
		rc = 1;
		goto out;
	}
	if (http_server_start(&a, &srv, &port, err, sizeof err)) {
		cli_error("%s", err);
		rc = 1;
		goto out;
	}
	char host[256];
	config_split_hostport(cfg.listen, host, sizeof host, &(int){0});
	printf("onestop: serving http://%s%s%s:%d/ (database %s)\n", strchr(host, ':') ? "[" : "",
	       host, strchr(host, ':') ? "]" : "", port, cfg.db);
	fflush(stdout);

	struct timespec beat = {15, 0};
	int64_t last_sweep = 0; /* the first sweep runs at the first beat */
	for (;;) {
		int sig = sigtimedwait(&sigs, NULL, &beat);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		/* Every 15 s (and on SIGHUP): keep event streams alive. */
		sse_heartbeat(a.hub);
		/* Cases (issue 6): deemed acceptances and overdue counts, every
		 * case_sweep_minutes; one bounded store write per run. */
		int64_t now = (int64_t)time(NULL);
		if (cfg.case_sweep_minutes > 0 && now - last_sweep >= cfg.case_sweep_minutes * 60) {
			last_sweep = now;
			int deemed = 0, overdue = 0;
			os_err se = api_cases_sweep(&a, now, &deemed, &overdue);
			if (se)
				fprintf(stderr, "onestop: case sweep failed: %s\n",
				        os_strerror(se));
			else if (deemed || overdue)
				fprintf(stderr,
				        "onestop: case sweep: %d deemed accepted, %d overdue\n",
				        deemed, overdue);
		}
	}
	fprintf(stderr, "onestop: shutting down\n");
	http_server_stop(srv, (int)cfg.shutdown_grace);
out:
	api_calendar_stop();
	store_close(st); /* checkpoints the WAL */
	sse_hub_free(a.hub);
	ratelimit_free(a.rl);
	free(a.m.route_hits);
	if (a.access_fd >= 0)
		close(a.access_fd);
	if (!rc)
		fprintf(stderr, "onestop: stopped\n");
	return rc;
}
