/* cmd_audit.c - `onestop audit verify|export`, `onestop key rotate`,
 * `onestop backup`: the operator's tools for the audit chain, the
 * personal-data key and consistent copies. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "store/store.h"

static const char *const db_keys[] = {"db", "key_file", NULL};

static int open_db(int argc, char **argv, os_config *c, store **st)
{
	int rc = config_load(c, argc, argv, db_keys);
	if (rc)
		return rc;
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	static char keypath[CFG_STR_MAX + 16];
	store_options so;
	cli_store_options(c, &so, false, keypath, sizeof keypath);
	so.read_connections = 2;
	char err[512];
	if (store_open(&so, st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	return 0;
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void export_row(const store_audit_row *r, const uint8_t hash[32], void *ctx)
{
	FILE *out = ctx;
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, hash, 32);
	fprintf(out, "{\"id\":%lld,\"at\":%lld,\"actor_id\":%lld,\"actor_role\":", (long long)r->id,
	        (long long)r->at, (long long)r->actor_id);
	json_str(out, r->actor_role);
	fputs(",\"action\":", out);
	json_str(out, r->action);
	fputs(",\"object\":", out);
	json_str(out, r->object);
	fputs(",\"result\":", out);
	json_str(out, r->result);
	fputs(",\"client\":", out);
	json_str(out, r->client);
	fputs(",\"request_id\":", out);
	json_str(out, r->request_id);
	fputs(",\"detail\":", out);
	json_str(out, r->detail);
	fprintf(out, ",\"hash\":\"%s\"}\n", hex);
}

static bool parse_time(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

int cli_audit(int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "verify") && strcmp(argv[1], "export"))) {
		cli_error("usage: onestop audit verify|export --db PATH");
		return 2;
	}
	bool verify = !strcmp(argv[1], "verify");
	/* Drop the verb so the rest parses as flags. */
	argv[1] = argv[0];
	argc--;
	argv++;
	bool missing = false;
	const char *out_path = cli_take_flag(&argc, argv, "--out", &missing);
	const char *from_s = cli_take_flag(&argc, argv, "--from", &missing);
	const char *to_s = cli_take_flag(&argc, argv, "--to", &missing);
	int64_t from = 0, to = 0;
	if (missing || (from_s && !parse_time(from_s, &from)) || (to_s && !parse_time(to_s, &to))) {
		cli_error("--out FILE, --from and --to (unix seconds) need a value");
		return 2;
	}
	os_config c;
	store *st;
	int rc = open_db(argc, argv, &c, &st);
	if (rc)
		return rc;
	if (verify) {
		int64_t bad = 0, rows = 0;
		os_err e = store_audit_verify(st, &bad, &rows);
		if (e == OS_ERR_CHECKSUM) {
			cli_error("audit chain broken at row %lld (%lld rows checked)",
			          (long long)bad, (long long)rows);
			rc = 1;
		} else if (e) {
			cli_error("cannot read the audit log: %s", os_strerror(e));
			rc = 1;
		} else {
			printf("onestop: audit chain intact (%lld rows)\n", (long long)rows);
		}
	} else {
		FILE *out = out_path ? fopen(out_path, "w") : stdout;
		if (!out) {
			cli_error("cannot write %s", out_path);
			store_close(st);
			return 1;
		}
		os_err e = store_audit_each(st, from, to, export_row, out);
		if (out != stdout && fclose(out) != 0)
			e = e ? e : OS_ERR_IO;
		if (e) {
			cli_error("export stopped: %s",
			          e == OS_ERR_CHECKSUM
			              ? "the audit chain is broken (run onestop audit verify)"
			              : os_strerror(e));
			rc = 1;
		}
	}
	store_close(st);
	return rc;
}

int cli_key(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "rotate")) {
		cli_error("usage: onestop key rotate --db PATH  (stop the server first)");
		return 2;
	}
	argv[1] = argv[0];
	argc--;
	argv++;
	os_config c;
	store *st;
	int rc = open_db(argc, argv, &c, &st);
	if (rc)
		return rc;
	int64_t n = 0;
	char err[512];
	if (store_key_rotate(st, &n, err, sizeof err)) {
		cli_error("%s", err);
		rc = 1;
	} else {
		printf("onestop: personal-data key rotated; %lld values re-sealed\n", (long long)n);
	}
	store_close(st);
	return rc;
}

int cli_backup(int argc, char **argv)
{
	bool missing = false;
	const char *out = cli_take_flag(&argc, argv, "--out", &missing);
	if (!out) {
		cli_error("usage: onestop backup --db PATH --out FILE");
		return 2;
	}
	os_config c;
	store *st;
	int rc = open_db(argc, argv, &c, &st);
	if (rc)
		return rc;
	char err[512];
	if (store_backup(st, out, err, sizeof err)) {
		cli_error("%s", err);
		rc = 1;
	} else {
		printf(
		    "onestop: backup written to %s (the key file is not in it: back it up apart)\n",
		    out);
	}
	store_close(st);
	return rc;
}
