/* test_config.c - the typed configuration table (src/core/config.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"

static const cfg_entry *entry(const char *name)
{
	const cfg_entry *e = config_find(name);
	if (!e)
		fail_msg("no config entry %s", name);
	return e;
}

static void get(const os_config *c, const char *name, char *out, size_t n)
{
	config_get(c, entry(name), out, n);
}

static void assert_set_ok(os_config *c, const char *key, const char *value)
{
	const char *why = NULL;
	os_err e = config_set(c, key, value, &why);
	if (e)
		fail_msg("config_set(%s, \"%s\") failed: %s", key, value, why ? why : "?");
}

/* A refused value returns INVALID with a reason and leaves the setting alone. */
static void assert_set_invalid(os_config *c, const char *key, const char *value)
{
	char before[CFG_STR_MAX], after[CFG_STR_MAX];
	get(c, key, before, sizeof before);
	const char *why = NULL;
	os_err e = config_set(c, key, value, &why);
	if (e != OS_ERR_INVALID)
		fail_msg("config_set(%s, \"%s\") returned %d, want OS_ERR_INVALID", key, value,
		         (int)e);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
	get(c, key, after, sizeof after);
	assert_string_equal(before, after);
}

static void test_table_is_sane(void **state)
{
	(void)state;
	size_t n = 0;
	const cfg_entry *t = config_table(&n);
	assert_true(n >= 10);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		assert_non_null(t[i].def);
		assert_non_null(t[i].help);
		assert_true(strlen(t[i].help) > 0);
		assert_ptr_equal(config_find(t[i].name), &t[i]);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t[i].name, t[j].name))
				fail_msg("duplicate config key %s", t[i].name);
		switch (t[i].type) {
		case CFG_STRING:
		case CFG_HOSTPORT:
			assert_true(t[i].offset + (size_t)t[i].max + 1 <= sizeof(os_config));
			assert_true(t[i].max <= CFG_STR_MAX - 1);
			assert_true(t[i].min <= t[i].max);
			break;
		case CFG_INT:
			assert_true(t[i].offset + sizeof(long) <= sizeof(os_config));
			assert_true(t[i].min <= t[i].max);
			break;
		case CFG_BOOL:
			assert_true(t[i].offset + sizeof(bool) <= sizeof(os_config));
			break;
		}
	}
}

static void test_defaults_valid(void **state)
{
	(void)state;
	size_t n = 0;
	const cfg_entry *t = config_table(&n);
	os_config c;
	config_defaults(&c);
	for (size_t i = 0; i < n; i++) {
		/* Each default passes its own validation on its own ... */
		os_config one;
		memset(&one, 0, sizeof one);
		const char *why = NULL;
		if (config_set(&one, t[i].name, t[i].def, &why) != OS_OK)
			fail_msg("default of %s (\"%s\") is invalid: %s", t[i].name, t[i].def, why);
		if (t[i].type == CFG_INT) {
			char *end;
			long v = strtol(t[i].def, &end, 10);
			assert_true(*end == '\0');
			assert_true(v >= t[i].min && v <= t[i].max);
		}
		/* ... and config_defaults stored exactly it. */
		char out[CFG_STR_MAX];
		config_get(&c, &t[i], out, sizeof out);
		assert_string_equal(out, t[i].def);
	}
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.json_depth, 16);
	assert_false(c.demo_if_empty);
}

static void test_int_parsing_and_bounds(void **state)
{
	(void)state;
	os_config c;
	config_defaults(&c);
	const cfg_entry *e = entry("threads");
	char v[32];
	snprintf(v, sizeof v, "%ld", e->min);
	assert_set_ok(&c, "threads", v);
	assert_int_equal(c.threads, e->min);
	snprintf(v, sizeof v, "%ld", e->max);
	assert_set_ok(&c, "threads", v);
	assert_int_equal(c.threads, e->max);
	assert_set_ok(&c, "threads", "7");
	assert_int_equal(c.threads, 7);
	snprintf(v, sizeof v, "%ld", e->min - 1);
	assert_set_invalid(&c, "threads", v);
	snprintf(v, sizeof v, "%ld", e->max + 1);
	assert_set_invalid(&c, "threads", v);
	assert_set_invalid(&c, "threads", "");
	assert_set_invalid(&c, "threads", "abc");
	assert_set_invalid(&c, "threads", "4x");
	assert_set_invalid(&c, "threads", "4 ");
	assert_set_invalid(&c, "threads", "4.0");
	assert_set_invalid(&c, "threads", "0x4");
	assert_set_invalid(&c, "threads", "-1");
	assert_set_invalid(&c, "threads", "99999999999999999999999"); /* ERANGE */
	assert_int_equal(c.threads, 7);
	/* shutdown_grace admits 0. */
	assert_set_ok(&c, "shutdown_grace", "0");
	assert_int_equal(c.shutdown_grace, 0);
	/* Every integer entry: min and max accepted, one outside refused. */
	size_t n;
	const cfg_entry *t = config_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (t[i].type != CFG_INT)
			continue;
		snprintf(v, sizeof v, "%ld", t[i].min);
		assert_set_ok(&c, t[i].name, v);
		snprintf(v, sizeof v, "%ld", t[i].max);
		assert_set_ok(&c, t[i].name, v);
		snprintf(v, sizeof v, "%ld", t[i].min - 1);
		assert_set_invalid(&c, t[i].name, v);
		snprintf(v, sizeof v, "%ld", t[i].max + 1);
		assert_set_invalid(&c, t[i].name, v);
	}
}

static void test_bool_parsing(void **state)
{
	(void)state;
	os_config c;
	config_defaults(&c);
	const char *yes[] = {"true", "yes", "1", "on"};
	const char *no[] = {"false", "no", "0", "off"};
	for (size_t i = 0; i < 4; i++) {
		assert_set_ok(&c, "demo_if_empty", yes[i]);
		assert_true(c.demo_if_empty);
		assert_set_ok(&c, "demo_if_empty", no[i]);
		assert_false(c.demo_if_empty);
	}
	assert_set_ok(&c, "demo_if_empty", "true");
	assert_set_invalid(&c, "demo_if_empty", "");
	assert_set_invalid(&c, "demo_if_empty", "maybe");
	assert_set_invalid(&c, "demo_if_empty", "2");
	assert_set_invalid(&c, "demo_if_empty", "true ");
	assert_true(c.demo_if_empty);
}

static void test_string_bounds(void **state)
{
	(void)state;
	os_config c;
	config_defaults(&c);
	assert_set_ok(&c, "db", "/var/lib/onestop/x.db");
	assert_string_equal(c.db, "/var/lib/onestop/x.db");
	/* db has min 1: empty refused. */
	assert_set_invalid(&c, "db", "");
	/* access_log may be empty. */
	assert_set_ok(&c, "access_log", "");
	assert_string_equal(c.access_log, "");
	char s[CFG_STR_MAX + 2];
	memset(s, 'p', sizeof s);
	s[CFG_STR_MAX - 1] = '\0'; /* 511 bytes: the longest accepted */
	assert_set_ok(&c, "db", s);
	assert_int_equal(strlen(c.db), CFG_STR_MAX - 1);
	assert_set_ok(&c, "db", "short.db");
	s[CFG_STR_MAX - 1] = 'p';
	s[CFG_STR_MAX] = '\0'; /* 512 bytes: too long */
	assert_set_invalid(&c, "db", s);
	assert_string_equal(c.db, "short.db");
	/* Bytes are stored as given (UTF-8 paths). */
	assert_set_ok(&c, "web_root", "/srv/政务/web");
	assert_string_equal(c.web_root, "/srv/政务/web");
}

static void test_hostport_setting(void **state)
{
	(void)state;
	os_config c;
	config_defaults(&c);
	assert_set_ok(&c, "listen", "0.0.0.0:80");
	assert_string_equal(c.listen, "0.0.0.0:80");
	assert_set_ok(&c, "listen", "[::1]:8080");
	assert_string_equal(c.listen, "[::1]:8080");
	assert_set_invalid(&c, "listen", "8080");
	assert_set_invalid(&c, "listen", "localhost");
	assert_set_invalid(&c, "listen", "localhost:99999");
	assert_string_equal(c.listen, "[::1]:8080");
	char s[CFG_STR_MAX + 8];
	memset(s, 'h', sizeof s);
	memcpy(s + CFG_STR_MAX, ":80", 4); /* a host of 512 bytes */
	assert_set_invalid(&c, "listen", s);
}

static void test_unknown_key(void **state)
{
	(void)state;
	os_config c, before;
	config_defaults(&c);
	memcpy(&before, &c, sizeof c);
	const char *why = NULL;
	assert_int_equal(config_set(&c, "no_such_setting", "1", &why), OS_ERR_NOT_FOUND);
	assert_non_null(why);
	assert_int_equal(config_set(&c, "", "1", &why), OS_ERR_NOT_FOUND);
	assert_int_equal(config_set(&c, "Threads", "4", &why), OS_ERR_NOT_FOUND); /* exact names */
	assert_int_equal(config_set(&c, "threads ", "4", &why), OS_ERR_NOT_FOUND);
	assert_memory_equal(&c, &before, sizeof c);
	assert_null(config_find("no_such_setting"));
	assert_null(config_find(""));
}

static void split_ok(const char *in, const char *want_host, int want_port)
{
	char host[64];
	int port = -1;
	os_err e = config_split_hostport(in, host, sizeof host, &port);
	if (e)
		fail_msg("\"%s\" refused", in);
	assert_string_equal(host, want_host);
	assert_int_equal(port, want_port);
}

static void split_bad(const char *in)
{
	char host[64] = "untouched";
	int port = -7;
	if (config_split_hostport(in, host, sizeof host, &port) != OS_ERR_INVALID)
		fail_msg("\"%s\" accepted as host \"%s\" port %d", in, host, port);
	assert_string_equal(host, "untouched");
	assert_int_equal(port, -7);
}

static void test_hostport_split(void **state)
{
	(void)state;
	split_ok("127.0.0.1:8080", "127.0.0.1", 8080);
	split_ok("localhost:80", "localhost", 80);
	split_ok("0.0.0.0:0", "0.0.0.0", 0);
	split_ok("h:65535", "h", 65535);
	split_ok("[::1]:8080", "::1", 8080);
	split_ok("[::]:443", "::", 443);
	split_ok("[fe80::1%eth0]:1", "fe80::1%eth0", 1);
}

static void test_hostport_bad_forms(void **state)
{
	(void)state;
	split_bad("");
	split_bad(":");
	split_bad(":8080"); /* no host */
	split_bad("host");  /* no port */
	split_bad("host:"); /* empty port */
	split_bad("host:http");
	split_bad("host:80x");
	split_bad("host:80 ");
	split_bad("host:-1");
	split_bad("host:65536");
	split_bad("host:99999999999999999999");
	split_bad("[]:80");     /* empty brackets */
	split_bad("[::1:80");   /* unclosed */
	split_bad("[::1]80");   /* no colon after the bracket */
	split_bad("[::1]x:80"); /* junk after the bracket */
	split_bad("[::1]");
	/* A host that does not fit the caller's buffer is refused, not cut. */
	char host[4] = "abc";
	int port = -1;
	assert_int_equal(config_split_hostport("abcd:80", host, sizeof host, &port),
	                 OS_ERR_INVALID);
	assert_int_equal(config_split_hostport("abc:80", host, sizeof host, &port), OS_OK);
	assert_string_equal(host, "abc");
	assert_int_equal(port, 80);
}

/* Forms that are ambiguous or not numbers in the strict sense: an IPv6
 * address must be bracketed, and a port is digits only. */
static void test_hostport_strict_forms(void **state)
{
	(void)state;
	split_bad("::1");      /* an address without a port, read as host ":" port 1 */
	split_bad("::1:8080"); /* unbracketed IPv6 */
	split_bad("a:b:80");
	split_bad("host:+80");
	split_bad("host: 80");
	split_bad("host:-0");
}

static void test_get_round_trip_every_entry(void **state)
{
	(void)state;
	size_t n;
	const cfg_entry *t = config_table(&n);
	for (size_t i = 0; i < n; i++) {
		const cfg_entry *e = &t[i];
		/* A value different from the default, valid for the type. */
		char v[CFG_STR_MAX];
		switch (e->type) {
		case CFG_STRING:
			/* Within the entry's length bounds. */
			snprintf(v, (size_t)e->max + 1 < sizeof v ? (size_t)e->max + 1 : sizeof v,
			         "value-of-%s", e->name);
			break;
		case CFG_HOSTPORT:
			snprintf(v, sizeof v, "[::1]:%zu", 1000 + i);
			break;
		case CFG_INT:
			snprintf(v, sizeof v, "%ld", e->max - 1 > e->min ? e->max - 1 : e->max);
			break;
		case CFG_BOOL:
			snprintf(v, sizeof v, "%s", strcmp(e->def, "true") ? "true" : "false");
			break;
		}
		assert_string_not_equal(v, e->def);
		os_config a, b;
		config_defaults(&a);
		config_defaults(&b);
		assert_set_ok(&a, e->name, v);
		char out[CFG_STR_MAX], out2[CFG_STR_MAX];
		config_get(&a, e, out, sizeof out);
		assert_string_equal(out, v);
		/* What config_get prints, config_set reads back to the same value. */
		assert_set_ok(&b, e->name, out);
		config_get(&b, e, out2, sizeof out2);
		assert_string_equal(out2, out);
		assert_memory_equal(&a, &b, sizeof a);
		/* Only this entry changed. */
		for (size_t j = 0; j < n; j++) {
			if (j == i)
				continue;
			char d[CFG_STR_MAX];
			config_get(&a, &t[j], d, sizeof d);
			assert_string_equal(d, t[j].def);
		}
	}
}

static void test_get_truncates_safely(void **state)
{
	(void)state;
	os_config c;
	config_defaults(&c);
	char out[5];
	memset(out, 'X', sizeof out);
	config_get(&c, entry("listen"), out, sizeof out);
	assert_string_equal(out, "127.");
	config_get(&c, entry("max_body"), out, sizeof out);
	assert_string_equal(out, "1048");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_is_sane),
	    cmocka_unit_test(test_defaults_valid),
	    cmocka_unit_test(test_int_parsing_and_bounds),
	    cmocka_unit_test(test_bool_parsing),
	    cmocka_unit_test(test_string_bounds),
	    cmocka_unit_test(test_hostport_setting),
	    cmocka_unit_test(test_unknown_key),
	    cmocka_unit_test(test_hostport_split),
	    cmocka_unit_test(test_hostport_bad_forms),
	    cmocka_unit_test(test_hostport_strict_forms),
	    cmocka_unit_test(test_get_round_trip_every_entry),
	    cmocka_unit_test(test_get_truncates_safely),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
