/* Personal data at rest: sealing, lookup hashes, key rotation, and the
 * plaintext grep test (the database, its WAL and a backup hold no personal
 * value in the clear). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/demo.h"
#include "core/pii.h"
#include "pii_grep.h"
#include "store/store.h"

#include <sqlite3.h>

const char *store_sealed_column(size_t i); /* src/store/sqlite_keys.c */

static const char *PHONE = "13912345678";
static const char *IDNO = "11010519491231002X";

static void test_seal_open_roundtrip(void **state)
{
	(void)state;
	pii_keyring kr = {0};
	pii_keyring_rotate(&kr);
	uint8_t blob[128], out[128];
	size_t n, m;
	assert_int_equal(pii_seal(&kr, IDNO, strlen(IDNO), blob, sizeof blob, &n), OS_OK);
	assert_int_equal(n, strlen(IDNO) + PII_OVERHEAD);
	assert_null(memmem(blob, n, "1949", 4));
	assert_int_equal(pii_open(&kr, blob, n, out, sizeof out, &m), OS_OK);
	assert_int_equal(m, strlen(IDNO));
	assert_memory_equal(out, IDNO, m);
	/* Any flipped byte (header, nonce, ciphertext, tag) is refused. */
	for (size_t i = 0; i < n; i++) {
		blob[i] ^= 0x01;
		assert_int_not_equal(pii_open(&kr, blob, n, out, sizeof out, &m), OS_OK);
		blob[i] ^= 0x01;
	}
	/* Two seals of the same value differ (random nonce). */
	uint8_t blob2[128];
	size_t n2;
	pii_seal(&kr, IDNO, strlen(IDNO), blob2, sizeof blob2, &n2);
	assert_memory_not_equal(blob, blob2, n);
}

static void test_keyring_format_parse_rotate(void **state)
{
	(void)state;
	pii_keyring kr = {0};
	pii_keyring_rotate(&kr);
	uint8_t blob[128], out[128];
	size_t n, m;
	pii_seal(&kr, PHONE, strlen(PHONE), blob, sizeof blob, &n);
	pii_keyring_rotate(&kr);
	assert_int_equal(kr.n, 2);
	assert_int_equal(kr.keys[0].id, 2);
	/* The old key still opens old blobs. */
	assert_int_equal(pii_open(&kr, blob, n, out, sizeof out, &m), OS_OK);
	char *text = pii_keyring_format(&kr);
	pii_keyring back;
	const char *why = NULL;
	assert_int_equal(pii_keyring_parse(text, strlen(text), &back, &why), OS_OK);
	free(text);
	assert_int_equal(back.n, 2);
	assert_memory_equal(back.keys[1].enc, kr.keys[1].enc, 32);
	pii_keyring_retire_old(&kr);
	assert_int_not_equal(pii_open(&kr, blob, n, out, sizeof out, &m), OS_OK);
	assert_int_not_equal(pii_keyring_parse("onestop-key v1 1 abc def\n", 25, &back, &why),
	                     OS_OK);
	assert_int_not_equal(pii_keyring_parse("", 0, &back, &why), OS_OK);
}

static void test_lookup_hash_is_keyed(void **state)
{
	(void)state;
	pii_keyring a = {0}, b = {0};
	pii_keyring_rotate(&a);
	pii_keyring_rotate(&b);
	uint8_t ha[32], ha2[32], hb[32];
	pii_lookup_hash(&a, IDNO, strlen(IDNO), ha);
	pii_lookup_hash(&a, IDNO, strlen(IDNO), ha2);
	pii_lookup_hash(&b, IDNO, strlen(IDNO), hb);
	assert_memory_equal(ha, ha2, 32);
	assert_memory_not_equal(ha, hb, 32);
}

/* The file exists (a missing WAL would make the check vacuous) and holds
 * none of the values in the clear. */
static void assert_no_plaintext(const char *path)
{
	const char *const needles[] = {PHONE, IDNO, "110105194912"};
	assert_int_equal(pii_file_clean(path, needles, sizeof needles / sizeof needles[0]), 1);
}

static void test_store_personal_data_never_in_clear(void **state)
{
	(void)state;
	pii_files fs;
	pii_files_make(&fs, "onestop-pii");
	const char *db = fs.db, *key = fs.key, *wal = fs.wal, *bak = fs.bak;
	store_options o = {.path = db,
	                   .read_connections = 2,
	                   .group_commit_max = 8,
	                   .create = true,
	                   .key_file = key};
	store *st;
	char err[512];
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	struct stat sb;
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	store_user u = {0};
	snprintf(u.login, sizeof u.login, "zhangsan");
	snprintf(u.display_name, sizeof u.display_name, "张三");
	snprintf(u.role, sizeof u.role, "citizen");
	snprintf(u.password_hash, sizeof u.password_hash, "x");
	int64_t id;
	assert_int_equal(store_user_create(st, &u, 1, &id), OS_OK);
	assert_int_equal(store_user_set_personal(st, id, PHONE, IDNO), OS_OK);

	char phone[32], idn[32];
	assert_int_equal(store_user_get_personal(st, id, phone, sizeof phone, idn, sizeof idn),
	                 OS_OK);
	assert_string_equal(phone, PHONE);
	assert_string_equal(idn, IDNO);
	store_user found;
	assert_int_equal(store_user_by_id_number(st, IDNO, &found), OS_OK);
	assert_string_equal(found.login, "zhangsan");
	assert_int_equal(store_user_by_id_number(st, "110105194912310029", &found),
	                 OS_ERR_NOT_FOUND);

	/* While the server runs the data sits in the WAL: no clear text there. */
	assert_no_plaintext(wal);
	assert_no_plaintext(db);
	assert_int_equal(store_backup(st, bak, err, sizeof err), OS_OK);
	assert_no_plaintext(bak);

	/* Rotation: new key, values re-sealed and still readable; old key gone. */
	size_t klen0;
	char *k0 = pii_slurp(key, &klen0);
	int64_t values = 0;
	assert_int_equal(store_key_rotate(st, &values, err, sizeof err), OS_OK);
	assert_int_equal(values, 2);
	size_t klen1;
	char *k1 = pii_slurp(key, &klen1);
	assert_non_null(strstr(k1, "onestop-key v1 2 "));
	assert_null(strstr(k1, "onestop-key v1 1 "));
	free(k0);
	free(k1);
	assert_int_equal(store_user_get_personal(st, id, phone, sizeof phone, idn, sizeof idn),
	                 OS_OK);
	assert_string_equal(idn, IDNO);
	assert_int_equal(store_user_by_id_number(st, IDNO, &found), OS_OK);
	store_close(st);
	assert_no_plaintext(db);

	/* Reopen with the rotated key file: everything readable. */
	o.create = false;
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	assert_int_equal(store_user_get_personal(st, id, phone, sizeof phone, idn, sizeof idn),
	                 OS_OK);
	assert_string_equal(phone, PHONE);
	store_close(st);

	/* Without the key file the store refuses to open, naming it. */
	unlink(key);
	assert_int_not_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	assert_non_null(strstr(err, "onestop.key"));
	pii_files_remove(&fs);
}

/* Every sealed column of the schema (a BLOB named *_enc, or the TOTP secret)
 * is in the rotation table, or `onestop key rotate` would strand it. */
static void test_every_sealed_column_rotates(void **state)
{
	(void)state;
	pii_files fs;
	pii_files_make(&fs, "onestop-pii");
	const char *db = fs.db, *key = fs.key;
	store_options o = {.path = db,
	                   .read_connections = 1,
	                   .group_commit_max = 8,
	                   .create = true,
	                   .key_file = key};
	store *st;
	char err[512];
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);
	store_close(st);
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(
	    sqlite3_prepare_v2(h,
	                       "SELECT m.name || '.' || c.name FROM sqlite_master m,"
	                       " pragma_table_info(m.name) c WHERE m.type = 'table' AND"
	                       " (c.name LIKE '%\\_enc' ESCAPE '\\' OR c.name = 'totp_secret')",
	                       -1, &q, NULL),
	    SQLITE_OK);
	int found = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 0);
		bool listed = false;
		for (size_t i = 0; store_sealed_column(i); i++)
			if (!strcmp(store_sealed_column(i), col))
				listed = true;
		if (!listed)
			fail_msg("sealed column %s is not in sealed[] (src/store/sqlite_keys.c)",
			         col);
		found++;
	}
	sqlite3_finalize(q);
	sqlite3_close(h);
	assert_true(found >= 3);
	pii_files_remove(&fs);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seal_open_roundtrip),
	    cmocka_unit_test(test_keyring_format_parse_rotate),
	    cmocka_unit_test(test_lookup_hash_is_keyed),
	    cmocka_unit_test(test_store_personal_data_never_in_clear),
	    cmocka_unit_test(test_every_sealed_column_rotates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
