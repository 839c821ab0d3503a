/* test_users.c - the account policy (core/account.c) and the account store
 * operations (store/sqlite_users.c): create with sealed personal data,
 * list and filters, disabling ends sessions, a password change ends the
 * other sessions, staff lockout after 5 failures, the TOTP secret sealed at
 * rest, replayed steps refused, the mfa_pending flag of sessions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/account.h"
#include "core/demo.h"
#include "store/store.h"

/* ---- the policy ---- */

static void test_password_policy(void **state)
{
	(void)state;
	const char *why = NULL;
#define PW(login, s) password_check(login, s, strlen(s), &why)
	assert_int_equal(PW("clerk", "abcdefghijk"), OS_ERR_INVALID); /* 11 */
	assert_non_null(strstr(why, "12 characters"));
	assert_int_equal(PW("clerk", "abcdefghijkl"), OS_OK); /* 12 */
	assert_int_equal(PW("clerk", "correct horse battery"), OS_OK);
	/* Characters, not bytes: 11 Chinese characters are 33 bytes, refused. */
	assert_int_equal(PW("clerk", "一二三四五六七八九十百"), OS_ERR_INVALID);
	assert_int_equal(PW("clerk", "一二三四五六七八九十百千"), OS_OK);
	/* Not the user name, whatever its case. */
	assert_int_equal(PW("Administrator", "administrator"), OS_ERR_INVALID);
	assert_non_null(strstr(why, "user name"));
	assert_int_equal(PW("administrator1", "administrator"), OS_OK);
	/* Control characters and broken UTF-8. */
	assert_int_equal(PW("clerk", "abcdefghijkl\t"), OS_ERR_INVALID);
	assert_int_equal(PW("clerk", "abcdefghijkl\x7f"), OS_ERR_INVALID);
	assert_int_equal(PW("clerk", "abcdefghijk\xc3"), OS_ERR_INVALID);         /* truncated */
	assert_int_equal(PW("clerk", "abcdefghijk\xc0\xaf"), OS_ERR_INVALID);     /* overlong */
	assert_int_equal(PW("clerk", "abcdefghijk\xed\xa0\x80"), OS_ERR_INVALID); /* surrogate */
	assert_int_equal(PW("clerk", "abcdefghijk\xc2\x85"), OS_ERR_INVALID);     /* C1 control */
	/* An embedded NUL: the length says more than the string. */
	assert_int_equal(password_check("clerk", "abcdefghijkl\0zz", 15, &why), OS_ERR_INVALID);
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(PW("clerk", big), OS_ERR_INVALID);
	big[256] = '\0';
	assert_int_equal(PW("clerk", big), OS_OK);
#undef PW
}

static void test_login_and_placement(void **state)
{
	(void)state;
	assert_true(account_login_ok("clerk.sj"));
	assert_true(account_login_ok("a.b-c_d@e"));
	assert_false(account_login_ok("ab"));
	assert_false(account_login_ok(".abc"));
	assert_false(account_login_ok("ab c"));
	assert_false(account_login_ok("张三丰"));
	assert_false(account_login_ok(NULL));
	const char *field, *why;
	assert_int_equal(account_placement_check("clerk", true, false, &field, &why), OS_OK);
	assert_int_equal(account_placement_check("sysadmin,secadmin", false, false, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "role");
	assert_int_equal(account_placement_check("citizen", true, false, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "site_code");
	assert_int_equal(account_placement_check("approver", true, false, &field, &why),
	                 OS_ERR_INVALID);
	assert_string_equal(field, "department_code");
	assert_int_equal(account_placement_check("approver", true, true, &field, &why), OS_OK);
	assert_true(role_in_list("sysadmin,secadmin,auditor", "secadmin"));
	assert_true(role_in_list(" sysadmin , auditor ", "auditor"));
	assert_false(role_in_list("sysadmin,secadmin,auditor", "admin"));
	assert_false(role_in_list("sysadmin,secadmin", "sysadmin,secadmin"));
	assert_false(role_in_list("", "clerk"));
}

/* ---- the store ---- */

typedef struct fixture {
	char dir[64];
	char db[128], key[128];
	store *st;
} fixture;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/onestop-users-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
	snprintf(f->key, sizeof f->key, "%s/onestop.key", f->dir);
	store_options o = {.path = f->db,
	                   .read_connections = 2,
	                   .group_commit_max = 8,
	                   .create = true,
	                   .key_file = f->key};
	char err[512];
	if (store_open(&o, &f->st, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	demo_district *d = demo_generate();
	for (size_t i = 0; i < d->n_users; i++)
		snprintf(d->users[i].password_hash, sizeof d->users[i].password_hash, "x");
	os_err e = store_demo_load(f->st, d);
	demo_free(d);
	*state = f;
	return e ? -1 : 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	nftw(f->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static int64_t add(store *st, const char *login, const char *role, const char *site,
                   const char *dept)
{
	store_user_new u = {.login = login,
	                    .display_name = login,
	                    .role = role,
	                    .site_code = site,
	                    .department_code = dept,
	                    .password_hash = "hash"};
	int64_t id = 0;
	const char *field = NULL;
	os_err e = store_user_add(st, &u, 1000, &id, &field);
	if (e)
		fail_msg("store_user_add(%s): %s (%s)", login, os_strerror(e), field ? field : "-");
	return id;
}

static void session(store *st, uint8_t tag, int64_t user, uint8_t h[32])
{
	memset(h, tag, 32);
	assert_int_equal(store_session_create(st, h, user, 1000, 1000000), OS_OK);
}

static bool live(store *st, const uint8_t h[32])
{
	store_user u;
	return store_session_get(st, h, 2000, 3600, &u) == OS_OK;
}

/* Whether the file holds the bytes (the sealed values must not). */
static bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *data = malloc((size_t)n + 1);
	size_t got = fread(data, 1, (size_t)n, fp);
	fclose(fp);
	bool has = memmem(data, got, needle, strlen(needle)) != NULL;
	free(data);
	return has;
}

static void test_add_list_get(void **state)
{
	fixture *f = *state;
	store_user_new u = {.login = "clerk.new",
	                    .display_name = "新窗口",
	                    .role = "clerk",
	                    .site_code = "430802",
	                    .department_code = NULL,
	                    .password_hash = "$argon2id$fake",
	                    .phone = "13812345678",
	                    .id_number = "11010519491231002X"};
	int64_t id = 0;
	const char *field = "x";
	assert_int_equal(store_user_add(f->st, &u, 1234, &id, &field), OS_OK);
	assert_null(field);
	assert_true(id > 0);

	store_user_row row;
	assert_int_equal(store_user_get(f->st, id, &row), OS_OK);
	assert_string_equal(row.login, "clerk.new");
	assert_string_equal(row.role, "clerk");
	assert_string_equal(row.site_code, "430802");
	assert_int_equal(row.created_at, 1234);
	assert_int_equal(row.password_changed_at, 1234);
	assert_false(row.disabled);
	assert_false(row.totp_enabled);
	char phone[32], idn[32];
	assert_int_equal(store_user_get_personal(f->st, id, phone, sizeof phone, idn, sizeof idn),
	                 OS_OK);
	assert_string_equal(phone, "13812345678");
	assert_string_equal(idn, "11010519491231002X");
	assert_int_equal(store_user_get(f->st, 999999, &row), OS_ERR_NOT_FOUND);

	/* Refusals name the field. */
	assert_int_equal(store_user_add(f->st, &u, 1, &id, &field), OS_ERR_CONFLICT);
	assert_string_equal(field, "login");
	u.login = "someone.else";
	assert_int_equal(store_user_add(f->st, &u, 1, &id, &field), OS_ERR_CONFLICT);
	assert_string_equal(field, "id_number"); /* one account per person */
	u.id_number = NULL;
	u.site_code = "nowhere";
	assert_int_equal(store_user_add(f->st, &u, 1, &id, &field), OS_ERR_INVALID);
	assert_string_equal(field, "site_code");
	u.site_code = NULL;
	u.department_code = "nothing";
	assert_int_equal(store_user_add(f->st, &u, 1, &id, &field), OS_ERR_INVALID);
	assert_string_equal(field, "department_code");

	/* Filters and paging. */
	store_user_list l;
	store_user_filter flt = {.role = "clerk", .disabled = -1, .limit = 50};
	assert_int_equal(store_users_list(f->st, &flt, &l), OS_OK);
	assert_int_equal(l.total, 4); /* three demo clerks and the new one */
	assert_int_equal(l.n, 4);
	for (size_t i = 1; i < l.n; i++)
		assert_true(strcmp(l.rows[i - 1].login, l.rows[i].login) < 0);
	store_user_list_free(&l);
	flt = (store_user_filter){.site_code = "430802001", .disabled = -1, .limit = 50};
	assert_int_equal(store_users_list(f->st, &flt, &l), OS_OK);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.rows[0].login, "clerk.township");
	store_user_list_free(&l);
	flt = (store_user_filter){.disabled = -1, .limit = 5, .offset = 15};
	assert_int_equal(store_users_list(f->st, &flt, &l), OS_OK);
	assert_int_equal(l.total, 18);
	assert_int_equal(l.n, 3);
	store_user_list_free(&l);
	assert_int_equal(store_user_set_disabled(f->st, id, true), OS_OK);
	flt = (store_user_filter){.disabled = 1, .limit = 50};
	assert_int_equal(store_users_list(f->st, &flt, &l), OS_OK);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.rows[0].login, "clerk.new");
	store_user_list_free(&l);

	/* Personal data is sealed: not in the file in the clear. */
	store_checkpoint(f->st);
	assert_true(file_has(f->db, "clerk.new")); /* the check can see what is there */
	assert_false(file_has(f->db, "13812345678"));
	assert_false(file_has(f->db, "11010519491231002X"));
}

static void test_disable_ends_sessions(void **state)
{
	fixture *f = *state;
	int64_t a = add(f->st, "clerk.a", "clerk", "430802", NULL);
	int64_t b = add(f->st, "clerk.b", "clerk", "430802", NULL);
	uint8_t a1[32], a2[32], b1[32];
	session(f->st, 0xa1, a, a1);
	session(f->st, 0xa2, a, a2);
	session(f->st, 0xb1, b, b1);
	assert_true(live(f->st, a1) && live(f->st, a2) && live(f->st, b1));
	assert_int_equal(store_user_set_disabled(f->st, a, true), OS_OK);
	assert_false(live(f->st, a1));
	assert_false(live(f->st, a2));
	assert_true(live(f->st, b1));
	store_user_row row;
	assert_int_equal(store_user_get(f->st, a, &row), OS_OK);
	assert_true(row.disabled);
	/* Enabling clears a lock, and sessions stay ended. */
	store_login_state ls;
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_login_failure(f->st, a, 5000, 5, 900, &ls), OS_OK);
	assert_int_equal(ls.locked_until, 5900);
	assert_int_equal(store_user_set_disabled(f->st, a, false), OS_OK);
	assert_int_equal(store_user_get(f->st, a, &row), OS_OK);
	assert_false(row.disabled);
	assert_int_equal(row.locked_until, 0);
	assert_int_equal(row.failed_logins, 0);
	assert_false(live(f->st, a1));
	assert_int_equal(store_user_set_disabled(f->st, 987654, true), OS_ERR_NOT_FOUND);
}

static void test_password_ends_other_sessions(void **state)
{
	fixture *f = *state;
	int64_t a = add(f->st, "clerk.p", "clerk", "430802", NULL);
	uint8_t s1[32], s2[32], s3[32];
	session(f->st, 0x11, a, s1);
	session(f->st, 0x12, a, s2);
	session(f->st, 0x13, a, s3);
	store_login_state ls;
	assert_int_equal(store_login_failure(f->st, a, 100, 5, 900, &ls), OS_OK);
	assert_int_equal(store_user_set_password(f->st, a, "new-hash", 7777, s2), OS_OK);
	assert_false(live(f->st, s1));
	assert_true(live(f->st, s2));
	assert_false(live(f->st, s3));
	store_user_row row;
	assert_int_equal(store_user_get(f->st, a, &row), OS_OK);
	assert_int_equal(row.password_changed_at, 7777);
	assert_int_equal(row.failed_logins, 0);
	store_user u;
	assert_int_equal(store_user_by_login(f->st, "clerk.p", &u), OS_OK);
	assert_string_equal(u.password_hash, "new-hash");
	/* Without a session to keep (an administrator's reset): all end. */
	assert_int_equal(store_user_set_password(f->st, a, "newer", 8888, NULL), OS_OK);
	assert_false(live(f->st, s2));
	assert_int_equal(store_user_set_password(f->st, 987654, "x", 1, NULL), OS_ERR_NOT_FOUND);
}

static void test_lockout(void **state)
{
	fixture *f = *state;
	int64_t a = add(f->st, "clerk.l", "clerk", "430802", NULL);
	store_login_state ls;
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(store_login_failure(f->st, a, 1000 + i, 5, 900, &ls), OS_OK);
		assert_int_equal(ls.failed_logins, i);
		assert_int_equal(ls.locked_until, 0);
	}
	assert_int_equal(store_login_failure(f->st, a, 1005, 5, 900, &ls), OS_OK);
	assert_int_equal(ls.failed_logins, 5);
	assert_int_equal(ls.locked_until, 1005 + 900);
	store_user_row row;
	assert_int_equal(store_user_get(f->st, a, &row), OS_OK);
	assert_int_equal(row.locked_until, 1905);
	assert_int_equal(row.failed_logins, 0); /* the count starts again after the lock */
	assert_int_equal(store_login_success(f->st, a), OS_OK);
	assert_int_equal(store_user_get(f->st, a, &row), OS_OK);
	assert_int_equal(row.locked_until, 0);

	/* lock_after 0 (citizens): counted, never locked. */
	int64_t c = add(f->st, "citizen.c", "citizen", NULL, NULL);
	for (int i = 1; i <= 12; i++)
		assert_int_equal(store_login_failure(f->st, c, 1000, 0, 900, &ls), OS_OK);
	assert_int_equal(ls.failed_logins, 12);
	assert_int_equal(ls.locked_until, 0);
	assert_int_equal(store_login_failure(f->st, 987654, 1, 5, 900, &ls), OS_ERR_NOT_FOUND);
	assert_int_equal(store_login_success(f->st, 987654), OS_ERR_NOT_FOUND);
}

static void test_totp_secret_and_replay(void **state)
{
	fixture *f = *state;
	int64_t a = add(f->st, "sys.t", "sysadmin", "430802", NULL);
	const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	store_totp t;
	assert_int_equal(store_totp_get(f->st, a, &t), OS_OK);
	assert_false(t.enabled);
	assert_string_equal(t.secret, "");
	/* Nothing to confirm yet. */
	assert_int_equal(store_totp_enable(f->st, a, 10), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_set_secret(f->st, a, secret), OS_OK);
	assert_int_equal(store_totp_get(f->st, a, &t), OS_OK);
	assert_string_equal(t.secret, secret);
	assert_false(t.enabled);
	/* Codes are not accepted before confirmation. */
	assert_int_equal(store_totp_use_step(f->st, a, 5), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_enable(f->st, a, 100), OS_OK);
	assert_int_equal(store_totp_get(f->st, a, &t), OS_OK);
	assert_true(t.enabled);
	assert_int_equal(t.last_step, 100);
	assert_int_equal(store_totp_enable(f->st, a, 200), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_set_secret(f->st, a, "MZXW6YTB"), OS_ERR_CONFLICT);
	/* Replay protection: only later steps. */
	assert_int_equal(store_totp_use_step(f->st, a, 100), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_use_step(f->st, a, 99), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_use_step(f->st, a, 101), OS_OK);
	assert_int_equal(store_totp_use_step(f->st, a, 101), OS_ERR_CONFLICT);
	assert_int_equal(store_totp_use_step(f->st, a, 103), OS_OK);
	assert_int_equal(store_totp_use_step(f->st, 987654, 500), OS_ERR_NOT_FOUND);
	/* Sealed at rest. */
	store_checkpoint(f->st);
	assert_false(file_has(f->db, secret));
	/* Removal. */
	assert_int_equal(store_totp_disable(f->st, a), OS_OK);
	assert_int_equal(store_totp_get(f->st, a, &t), OS_OK);
	assert_false(t.enabled);
	assert_string_equal(t.secret, "");
	assert_int_equal(t.last_step, 0);
	assert_int_equal(store_totp_set_secret(f->st, a, ""), OS_ERR_INVALID);
	/* An administrator's reset also ends the account's sessions. */
	uint8_t s1[32];
	session(f->st, 0x77, a, s1);
	assert_int_equal(store_totp_set_secret(f->st, a, secret), OS_OK);
	assert_int_equal(store_totp_enable(f->st, a, 5), OS_OK);
	assert_int_equal(store_totp_reset(f->st, a), OS_OK);
	assert_false(live(f->st, s1));
	assert_int_equal(store_totp_get(f->st, a, &t), OS_OK);
	assert_false(t.enabled);
	assert_string_equal(t.secret, "");
	assert_int_equal(store_totp_reset(f->st, 987654), OS_ERR_NOT_FOUND);
	assert_int_equal(store_totp_disable(f->st, 987654), OS_ERR_NOT_FOUND);
	assert_int_equal(store_totp_get(f->st, 987654, &t), OS_ERR_NOT_FOUND);
}

static void test_session_mfa_flag(void **state)
{
	fixture *f = *state;
	int64_t a = add(f->st, "audit.m", "auditor", "430802", NULL);
	uint8_t h[32], none[32];
	session(f->st, 0x42, a, h);
	memset(none, 0x43, sizeof none);
	bool p = true;
	assert_int_equal(store_session_mfa_pending(f->st, h, &p), OS_OK);
	assert_false(p);
	assert_int_equal(store_session_mfa_set(f->st, h), OS_OK);
	assert_int_equal(store_session_mfa_pending(f->st, h, &p), OS_OK);
	assert_true(p);
	store_user u;
	assert_int_equal(store_session_get(f->st, h, 2000, 3600, &u), OS_OK);
	assert_true(u.mfa_pending);
	assert_int_equal(store_session_mfa_clear(f->st, h), OS_OK);
	assert_int_equal(store_session_mfa_pending(f->st, h, &p), OS_OK);
	assert_false(p);
	assert_int_equal(store_session_mfa_pending(f->st, none, &p), OS_ERR_NOT_FOUND);
	assert_int_equal(store_session_mfa_set(f->st, none), OS_ERR_NOT_FOUND);
	assert_int_equal(store_session_mfa_clear(f->st, none), OS_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_password_policy),
	    cmocka_unit_test(test_login_and_placement),
	    cmocka_unit_test_setup_teardown(test_add_list_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disable_ends_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_ends_other_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_totp_secret_and_replay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_session_mfa_flag, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
