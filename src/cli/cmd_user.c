/* cmd_user.c - `onestop user add|disable|reset-password|list`: accounts from
 * the command line (other tools call these exactly; tests/cli/user.sh).
 *
 *   onestop user add --db PATH --username NAME --role ROLE [--site CODE] [--department CODE]
 *   onestop user disable --db PATH --username NAME
 *   onestop user reset-password --db PATH --username NAME
 *   onestop user list --db PATH
 *
 * add and reset-password read the password from the first line of stdin
 * (at least 12 characters, not the user name). list prints one line per
 * account, tab-separated: login, role, site code ("-" for none), status
 * (active, locked or disabled). Success of a change prints one line on
 * stdout; errors print one line on stderr and exit 1 (2 for usage). Every
 * change is audited with actor 0 and detail "cli". Besides these flags,
 * --key_file and --config are accepted, as by every command that opens the
 * database. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "core/account.h"
#include "core/roles.h"
#include "store/store.h"

#define USAGE                                                                                      \
	"usage: onestop user add --db PATH --username NAME --role ROLE [--site CODE] "             \
	"[--department CODE] | disable|reset-password --db PATH --username NAME | list --db PATH"

typedef struct user_flags {
	const char *username, *role, *site, *department;
	/* argv for config_load: "user" and the configuration flags */
	char *cfg_argv[16];
	int cfg_argc;
} user_flags;

static const char *const db_keys[] = {"db", "key_file", NULL};

/* Split our own flags from the configuration flags. Returns 0 or 2. */
static int parse_flags(int argc, char **argv, user_flags *f)
{
	f->cfg_argv[f->cfg_argc++] = argv[0];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			cli_error("unexpected argument '%s'; %s", a, USAGE);
			return 2;
		}
		const char *eq = strchr(a, '=');
		size_t klen = eq ? (size_t)(eq - a) : strlen(a);
		const char *val = eq ? eq + 1 : NULL;
		const char **own = NULL;
		if (klen == 10 && !strncmp(a, "--username", klen))
			own = &f->username;
		else if (klen == 6 && !strncmp(a, "--role", klen))
			own = &f->role;
		else if (klen == 6 && !strncmp(a, "--site", klen))
			own = &f->site;
		else if (klen == 12 && !strncmp(a, "--department", klen))
			own = &f->department;
		if (!val) {
			if (i + 1 >= argc) {
				cli_error("%.*s needs a value", (int)klen, a);
				return 2;
			}
			val = argv[++i];
		}
		if (own) {
			if (*own) {
				cli_error("%.*s given twice", (int)klen, a);
				return 2;
			}
			*own = val;
			continue;
		}
		/* --db, --key_file, --config (config_load refuses others) */
		if (f->cfg_argc + 2 >= (int)(sizeof f->cfg_argv / sizeof f->cfg_argv[0])) {
			cli_error("too many options; %s", USAGE);
			return 2;
		}
		if (eq) {
			f->cfg_argv[f->cfg_argc++] = argv[i];
		} else {
			f->cfg_argv[f->cfg_argc++] = argv[i - 1];
			f->cfg_argv[f->cfg_argc++] = argv[i];
		}
	}
	f->cfg_argv[f->cfg_argc] = NULL;
	return 0;
}

static int open_db(user_flags *f, store **st)
{
	os_config c;
	int rc = config_load(&c, f->cfg_argc, f->cfg_argv, db_keys);
	if (rc)
		return rc;
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	static char keypath[CFG_STR_MAX + 16];
	store_options so;
	cli_store_options(&c, &so, false, keypath, sizeof keypath);
	so.read_connections = 1;
	so.group_commit_max = 4;
	char err[512];
	if (store_open(&so, st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	return 0;
}

/* The first line of stdin (without its line end) checked by the policy. */
static int read_password(const char *login, char *pw, size_t cap)
{
	if (!fgets(pw, (int)cap, stdin)) {
		cli_error("no password on stdin (give it as the first line)");
		return 1;
	}
	size_t n = strlen(pw);
	bool whole = n > 0 && pw[n - 1] == '\n';
	if (!whole && !feof(stdin)) {
		cli_error("the password line is longer than %d bytes", PASSWORD_MAX_BYTES);
		return 1;
	}
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	const char *why;
	if (password_check(login, pw, n, &why) != OS_OK) {
		cli_error("password refused: %s", why);
		return 1;
	}
	return 0;
}

static void audit(store *st, const char *action, const char *login, const char *detail)
{
	store_audit_row row;
	memset(&row, 0, sizeof row);
	snprintf(row.actor_role, sizeof row.actor_role, "cli");
	snprintf(row.action, sizeof row.action, "%s", action);
	snprintf(row.object, sizeof row.object, "user:%s", login);
	snprintf(row.result, sizeof row.result, "ok");
	snprintf(row.detail, sizeof row.detail, "%s", detail);
	if (store_audit_append(st, &row))
		cli_error("warning: the audit row of %s %s could not be written", action, login);
}

static int need_username(const user_flags *f, const char *sub)
{
	if (!f->username) {
		cli_error("user %s needs --username NAME; %s", sub, USAGE);
		return 2;
	}
	if (f->role || f->site || f->department) {
		cli_error("user %s takes only --username; %s", sub, USAGE);
		return 2;
	}
	return 0;
}

static int user_add(user_flags *f)
{
	if (!f->username || !f->role) {
		cli_error("user add needs --username NAME and --role ROLE; %s", USAGE);
		return 2;
	}
	if (!account_login_ok(f->username)) {
		cli_error("invalid user name '%s': 3 to 64 letters, digits, '.', '_', '-' or '@'",
		          f->username);
		return 1;
	}
	const char *field, *why;
	if (account_placement_check(f->role, f->site, f->department, &field, &why)) {
		cli_error("--%s: %s",
		          !strcmp(field, "role")        ? "role"
		          : !strcmp(field, "site_code") ? "site"
		                                        : "department",
		          why);
		return 1;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	int rc = read_password(f->username, pw, sizeof pw);
	if (rc)
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	/* open first: a missing database is reported before the slow hash */
	store *st;
	if ((rc = open_db(f, &st))) {
		sodium_memzero(pw, sizeof pw);
		return rc;
	}
	if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		sodium_memzero(pw, sizeof pw);
		cli_error("cannot hash the password (out of memory)");
		store_close(st);
		return 1;
	}
	sodium_memzero(pw, sizeof pw);
	store_user_new u = {.login = f->username,
	                    .display_name = f->username,
	                    .role = f->role,
	                    .site_code = f->site,
	                    .department_code = f->department,
	                    .password_hash = hash};
	int64_t id = 0;
	os_err e = store_user_add(st, &u, (int64_t)time(NULL), &id, &field);
	if (e == OS_ERR_CONFLICT) {
		cli_error("user %s exists already", f->username);
		rc = 1;
	} else if (e == OS_ERR_INVALID && field) {
		cli_error("no %s with code '%s'",
		          !strcmp(field, "site_code") ? "site" : "department",
		          !strcmp(field, "site_code") ? f->site : f->department);
		rc = 1;
	} else if (e) {
		cli_error("cannot add user %s: %s", f->username, os_strerror(e));
		rc = 1;
	} else {
		audit(st, "cli user add", f->username, "cli");
		printf("onestop: user %s added (%s)\n", f->username, f->role);
	}
	store_close(st);
	return rc;
}

/* The account of --username, or exit status 1 after one line. */
static int find_user(store *st, const char *login, store_user *u)
{
	os_err e = store_user_by_login(st, login, u);
	sodium_memzero(u->password_hash, sizeof u->password_hash);
	if (e == OS_ERR_NOT_FOUND) {
		cli_error("no user %s", login);
		return 1;
	}
	if (e) {
		cli_error("cannot read user %s: %s", login, os_strerror(e));
		return 1;
	}
	return 0;
}

static int user_disable(user_flags *f)
{
	int rc = need_username(f, "disable");
	store *st;
	if (rc || (rc = open_db(f, &st)))
		return rc;
	store_user u;
	if (!(rc = find_user(st, f->username, &u))) {
		os_err e = store_user_set_disabled(st, u.id, true);
		if (e) {
			cli_error("cannot disable user %s: %s", f->username, os_strerror(e));
			rc = 1;
		} else {
			audit(st, "cli user disable", f->username, "cli");
			printf("onestop: user %s disabled (its sessions ended)\n", f->username);
		}
	}
	store_close(st);
	return rc;
}

static int user_reset_password(user_flags *f)
{
	int rc = need_username(f, "reset-password");
	if (rc)
		return rc;
	char pw[PASSWORD_MAX_BYTES + 2];
	if ((rc = read_password(f->username, pw, sizeof pw)))
		return rc;
	store *st;
	if ((rc = open_db(f, &st))) {
		sodium_memzero(pw, sizeof pw);
		return rc;
	}
	store_user u;
	if (!(rc = find_user(st, f->username, &u))) {
		char hash[crypto_pwhash_STRBYTES];
		os_err e = OS_ERR_NOMEM;
		if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0)
			e = store_user_set_password(st, u.id, hash, (int64_t)time(NULL), NULL);
		if (e) {
			cli_error("cannot reset the password of %s: %s", f->username,
			          os_strerror(e));
			rc = 1;
		} else {
			audit(st, "cli user reset-password", f->username, "cli");
			printf("onestop: password of %s reset (its sessions ended)\n", f->username);
		}
	}
	sodium_memzero(pw, sizeof pw);
	store_close(st);
	return rc;
}

static int user_list(user_flags *f)
{
	if (f->username || f->role || f->site || f->department) {
		cli_error("user list takes only --db; %s", USAGE);
		return 2;
	}
	store *st;
	int rc = open_db(f, &st);
	if (rc)
		return rc;
	int64_t now = (int64_t)time(NULL);
	store_user_filter flt = {.disabled = -1, .limit = 1000};
	for (;;) {
		store_user_list l;
		os_err e = store_users_list(st, &flt, &l);
		if (e) {
			cli_error("cannot list users: %s", os_strerror(e));
			rc = 1;
			break;
		}
		for (size_t i = 0; i < l.n; i++) {
			const store_user_row *u = &l.rows[i];
			const role_info *ri = role_by_key(u->role);
			bool locked = ri && (ri->role & ROLES_STAFF) && u->locked_until > now;
			printf("%s\t%s\t%s\t%s\n", u->login, u->role,
			       u->site_code[0] ? u->site_code : "-",
			       u->disabled ? "disabled"
			       : locked    ? "locked"
			                   : "active");
		}
		flt.offset += (int64_t)l.n;
		bool more = l.n > 0 && flt.offset < l.total;
		store_user_list_free(&l);
		if (!more)
			break;
	}
	store_close(st);
	return rc;
}

int cli_user(int argc, char **argv)
{
	if (argc < 2) {
		cli_error("%s", USAGE);
		return 2;
	}
	user_flags f = {0};
	int rc = parse_flags(argc, argv, &f);
	if (rc)
		return rc;
	const char *sub = argv[1];
	if (!strcmp(sub, "add"))
		return user_add(&f);
	if (!strcmp(sub, "disable"))
		return user_disable(&f);
	if (!strcmp(sub, "reset-password"))
		return user_reset_password(&f);
	if (!strcmp(sub, "list"))
		return user_list(&f);
	cli_error("unknown user command '%s'; %s", sub, USAGE);
	return 2;
}
