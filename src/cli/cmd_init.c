/* cmd_init.c - `onestop init` (create or migrate the database) and
 * `onestop demo` (load the demo district with one account per role). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "core/demo.h"
#include "store/store.h"

static const char *const db_only[] = {"db", "key_file", NULL};
static const char *const demo_keys[] = {"db", "key_file", "demo_cases", NULL};

static int open_store(const os_config *c, store **st)
{
	char err[512], keypath[CFG_STR_MAX + 16];
	store_options so;
	cli_store_options(c, &so, true, keypath, sizeof keypath);
	if (store_open(&so, st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	return 0;
}

int cli_init(int argc, char **argv)
{
	os_config c;
	int rc = config_load(&c, argc, argv, db_only);
	if (rc)
		return rc;
	store *st;
	if ((rc = open_store(&c, &st)))
		return rc;
	/* The working-day calendar (issue 4): an empty one gets the notices
	 * compiled into the binary (data/cn-holidays.json). */
	os_err e = store_calendar_ensure(st, (int64_t)time(NULL), NULL);
	if (e) {
		cli_error("cannot load the holiday calendar into %s: %s", c.db, os_strerror(e));
		store_close(st);
		return 1;
	}
	printf("onestop: database %s ready (schema %d)\n", c.db, store_schema_version(st));
	store_close(st);
	return 0;
}

/* 14 characters from an alphabet without look-alikes: ~80 bits. */
static void random_password(char *out, size_t cap)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = cap - 1 < 14 ? cap - 1 : 14;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = '\0';
}

static void accounts_path(const char *db, char *out, size_t cap)
{
	const char *slash = strrchr(db, '/');
	if (slash)
		snprintf(out, cap, "%.*s/demo-accounts.txt", (int)(slash - db), db);
	else
		snprintf(out, cap, "demo-accounts.txt");
}

int cli_demo(int argc, char **argv)
{
	os_config c;
	int rc = config_load(&c, argc, argv, demo_keys);
	if (rc)
		return rc;
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	store *st;
	if ((rc = open_store(&c, &st)))
		return rc;
	store_org_counts counts;
	if (store_org_counts_get(st, &counts) == OS_OK &&
	    counts.sites[1] + counts.sites[2] + counts.sites[3] > 0) {
		cli_error("database %s already holds a district; nothing changed", c.db);
		store_close(st);
		return 1;
	}
	demo_district *d = demo_generate();
	for (size_t i = 0; i < d->n_users; i++) {
		demo_user *u = &d->users[i];
		random_password(u->password, sizeof u->password);
		if (crypto_pwhash_str(u->password_hash, u->password, strlen(u->password),
		                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
			cli_error("cannot hash a password (out of memory)");
			rc = 1;
			goto out;
		}
	}
	/* The accounts file is written first under a temporary name and renamed
	 * only after the district is committed: a failure leaves neither. */
	char path[600], tmp[640];
	accounts_path(c.db, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		cli_error("cannot write %s: %s", tmp, strerror(errno));
		rc = 1;
		goto out;
	}
	fchmod(fd, 0600);
	FILE *fp = fdopen(fd, "w");
	fprintf(fp,
	        "# OneStop demo accounts (role, login, password, name). Keep this file private.\n");
	for (size_t i = 0; i < d->n_users; i++)
		fprintf(fp, "%s\t%s\t%s\t%s\n", d->users[i].role, d->users[i].login,
		        d->users[i].password, d->users[i].display_name);
	if (fflush(fp) != 0 || fsync(fd) != 0) {
		cli_error("cannot write %s: %s", tmp, strerror(errno));
		fclose(fp);
		unlink(tmp);
		rc = 1;
		goto out;
	}
	fclose(fp);
	os_err e = store_demo_load(st, d);
	if (!e) /* the port-visa office's first week (issue 8) */
		e = store_visa_demo_load(st);
	if (!e) /* the catalog: items, versions and bundles (issue 5) */
		e = cli_demo_catalog(st, d);
	if (!e) /* the service hall: queues, slots, yesterday's tickets (issue 7) */
		e = store_hall_demo_load(st, (int64_t)time(NULL));
	/* ---- cases (issue 6) ---- */
	if (!e) /* a year of completed cases (--demo_cases, default 458,143) */
		e = cli_demo_cases(st, c.demo_cases);
	/* ---- reviews (issue 9) ---- */
	if (!e) /* ratings of the hall's tickets, one bad review followed up (issue 9) */
		e = store_review_demo_load(st, (int64_t)time(NULL));
	/* ---- complaints (issue 9) ---- */
	if (!e) { /* a handful of complaints in every state; deadlines on the stored calendar */
		os_calendar *cp_cal = NULL;
		int64_t cp_now = (int64_t)time(NULL);
		e = store_calendar_ensure(st, cp_now, NULL);
		if (!e)
			e = store_calendar_load(st, 0, &cp_cal, NULL, NULL, 0);
		if (!e)
			e = store_complaints_demo_load(st, cp_cal, cp_now,
			                               (int)c.complaint_answer_days);
		if (cp_cal)
			os_calendar_free(cp_cal);
	}
	/* ---- proxy service and butlers (issue 9) ---- */
	if (!e) /* butlers, the year's people served and home visits, open requests */
		e = store_proxy_demo_load(st, (int64_t)time(NULL));
	if (e) {
		unlink(tmp);
		cli_error("cannot load the demo district into %s: %s", c.db, os_strerror(e));
		rc = 1;
		goto out;
	}
	if (rename(tmp, path) != 0) {
		cli_error("district loaded, but cannot rename %s: %s", tmp, strerror(errno));
		rc = 1;
		goto out;
	}
	store_org_counts_get(st, &counts);
	printf("onestop: demo district loaded into %s: %lld sites (1 center, %lld townships, "
	       "%lld villages), %lld departments, %lld windows, %lld accounts\n"
	       "onestop: demo accounts written to %s (mode 0600)\n",
	       c.db, (long long)(counts.sites[1] + counts.sites[2] + counts.sites[3]),
	       (long long)counts.sites[2], (long long)counts.sites[3],
	       (long long)counts.departments, (long long)counts.windows, (long long)counts.users,
	       path);
out:
	for (size_t i = 0; i < d->n_users; i++)
		sodium_memzero(d->users[i].password, sizeof d->users[i].password);
	demo_free(d);
	store_close(st);
	return rc;
}
