/* sqlite_keys.c - personal data of accounts, and key rotation.
 *
 * Every sealed column of the schema is listed in `sealed[]`: rotation
 * re-seals each under the new key and recomputes its lookup hash. A feature
 * that adds a sealed column adds a line here (a test checks that no BLOB
 * column named *_enc is missing from the list). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/pii.h"
#include "core/visa.h"
#include "store/sq.h"

/* How a column's lookup hash is recomputed from its plaintext. */
enum sealed_hash {
	HASH_NONE,     /* no lookup hash */
	HASH_AS_IS,    /* the value is stored normalised */
	HASH_PASSPORT, /* visa_passport_key first: upper case, no spaces, '-', '<' */
	BYTES_NO_HASH, /* a binary value sealed with sq_seal_bytes (a file), no hash */
};

/* SELECT returns (key, [key2,] sealed value); UPDATE binds (value, [hash,]
 * key [, key2]). keys: 1 (rowid) or 2 (a two-column primary key of a
 * WITHOUT ROWID table). */
static const struct {
	const char *table_column;
	const char *select_sql;
	const char *update_sql;
	enum sealed_hash hash;
	int keys;
} sealed[] = {
    {"users.phone_enc", "SELECT id, phone_enc FROM users WHERE phone_enc IS NOT NULL",
     "UPDATE users SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"users.id_number_enc", "SELECT id, id_number_enc FROM users WHERE id_number_enc IS NOT NULL",
     "UPDATE users SET id_number_enc = ?, id_number_hash = ? WHERE id = ?", HASH_AS_IS, 1},
    {"users.totp_secret", "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL",
     "UPDATE users SET totp_secret = ? WHERE id = ?", HASH_NONE, 1},
    /* port visa (issue 8, migration 0005) */
    {"visa_members.passport_enc",
     "SELECT id, passport_enc FROM visa_members WHERE passport_enc IS NOT NULL",
     "UPDATE visa_members SET passport_enc = ?, passport_hash = ? WHERE id = ?", HASH_PASSPORT, 1},
    {"visa_members.birth_enc", "SELECT id, birth_enc FROM visa_members WHERE birth_enc IS NOT NULL",
     "UPDATE visa_members SET birth_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"visa_watchlist.passport_enc",
     "SELECT id, passport_enc FROM visa_watchlist WHERE passport_enc IS NOT NULL",
     "UPDATE visa_watchlist SET passport_enc = ?, passport_hash = ? WHERE id = ?", HASH_PASSPORT,
     1},
    {"visa_watchlist.birth_enc",
     "SELECT id, birth_enc FROM visa_watchlist WHERE birth_enc IS NOT NULL",
     "UPDATE visa_watchlist SET birth_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"visa_persons.passport_enc",
     "SELECT visa_id, line_no, passport_enc FROM visa_persons WHERE passport_enc IS NOT NULL",
     "UPDATE visa_persons SET passport_enc = ?, passport_hash = ?"
     " WHERE visa_id = ? AND line_no = ?",
     HASH_PASSPORT, 2},
    {"visa_persons.birth_enc",
     "SELECT visa_id, line_no, birth_enc FROM visa_persons WHERE birth_enc IS NOT NULL",
     "UPDATE visa_persons SET birth_enc = ? WHERE visa_id = ? AND line_no = ?", HASH_NONE, 2},
    /* reviews (issue 9, migration 0008): re-sealing only (the triggers refuse any edit) */
    {"review_ratings.comment_enc",
     "SELECT id, comment_enc FROM review_ratings WHERE comment_enc IS NOT NULL",
     "UPDATE review_ratings SET comment_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"review_ratings.phone_enc",
     "SELECT id, phone_enc FROM review_ratings WHERE phone_enc IS NOT NULL",
     "UPDATE review_ratings SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
    /* proxy service (issue 9, migration 0010) */
    {"proxy_requests.name_enc",
     "SELECT id, name_enc FROM proxy_requests WHERE name_enc IS NOT NULL",
     "UPDATE proxy_requests SET name_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"proxy_requests.id_enc", "SELECT id, id_enc FROM proxy_requests WHERE id_enc IS NOT NULL",
     "UPDATE proxy_requests SET id_enc = ?, id_hash = ? WHERE id = ?", HASH_AS_IS, 1},
    {"proxy_requests.phone_enc",
     "SELECT id, phone_enc FROM proxy_requests WHERE phone_enc IS NOT NULL",
     "UPDATE proxy_requests SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"proxy_requests.address_enc",
     "SELECT id, address_enc FROM proxy_requests WHERE address_enc IS NOT NULL",
     "UPDATE proxy_requests SET address_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"proxy_visits.address_enc",
     "SELECT id, address_enc FROM proxy_visits WHERE address_enc IS NOT NULL",
     "UPDATE proxy_visits SET address_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"proxy_butlers.name_enc", "SELECT id, name_enc FROM proxy_butlers WHERE name_enc IS NOT NULL",
     "UPDATE proxy_butlers SET name_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"proxy_butlers.phone_enc",
     "SELECT id, phone_enc FROM proxy_butlers WHERE phone_enc IS NOT NULL",
     "UPDATE proxy_butlers SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
    /* cases (issue 6, migration 0007): id_enc holds the normalised ID number */
    {"cases.name_enc", "SELECT id, name_enc FROM cases WHERE name_enc IS NOT NULL",
     "UPDATE cases SET name_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"cases.id_enc", "SELECT id, id_enc FROM cases WHERE id_enc IS NOT NULL",
     "UPDATE cases SET id_enc = ?, id_hash = ? WHERE id = ?", HASH_AS_IS, 1},
    {"cases.phone_enc", "SELECT id, phone_enc FROM cases WHERE phone_enc IS NOT NULL",
     "UPDATE cases SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"cases.address_enc", "SELECT id, address_enc FROM cases WHERE address_enc IS NOT NULL",
     "UPDATE cases SET address_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"case_files.data_enc", "SELECT id FROM case_files",
     "UPDATE case_files SET data_enc = ? WHERE id = ?", BYTES_NO_HASH, 1},
    /* complaints (issue 9, migration 0009) */
    {"complaints.name_enc", "SELECT id, name_enc FROM complaints WHERE name_enc IS NOT NULL",
     "UPDATE complaints SET name_enc = ? WHERE id = ?", HASH_NONE, 1},
    {"complaints.phone_enc", "SELECT id, phone_enc FROM complaints WHERE phone_enc IS NOT NULL",
     "UPDATE complaints SET phone_enc = ? WHERE id = ?", HASH_NONE, 1},
};

const char *store_sealed_column(size_t i);
const char *store_sealed_column(size_t i)
{
	return i < sizeof sealed / sizeof sealed[0] ? sealed[i].table_column : NULL;
}

/* ---- personal data of accounts ---- */

typedef struct personal_args {
	int64_t user_id;
	const char *phone, *id_number;
	char *phone_out, *id_out;
	size_t phone_cap, id_cap;
	store_user *user;
} personal_args;

static os_err set_personal_op(sq_conn *c, void *arg)
{
	personal_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE users SET phone_enc = ?, id_number_enc = ?,"
	                              " id_number_hash = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	os_err e = sq_bind_sealed(c, st, 1, a->phone);
	if (!e)
		e = sq_bind_sealed(c, st, 2, a->id_number);
	if (e)
		return e;
	if (a->id_number && a->id_number[0]) {
		uint8_t h[32];
		sq_lookup_hash(c, a->id_number, h);
		sqlite3_bind_blob(st, 3, h, 32, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 4, a->user_id);
	e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		e = OS_ERR_NOT_FOUND;
	return e;
}

os_err store_user_set_personal(store *st, int64_t user_id, const char *phone, const char *id_number)
{
	personal_args a = {.user_id = user_id, .phone = phone, .id_number = id_number};
	return sq_write(st, set_personal_op, &a);
}

static os_err get_personal_op(sq_conn *c, void *arg)
{
	personal_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT phone_enc, id_number_enc FROM users WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->user_id);
	int rc = sqlite3_step(st);
	os_err e = sq_one(rc);
	if (!e)
		e = sq_column_unsealed(c, st, 0, a->phone_out, a->phone_cap);
	if (!e)
		e = sq_column_unsealed(c, st, 1, a->id_out, a->id_cap);
	sqlite3_reset(st);
	return e;
}

os_err store_user_get_personal(store *st, int64_t user_id, char *phone, size_t phone_cap,
                               char *id_number, size_t id_cap)
{
	personal_args a = {.user_id = user_id,
	                   .phone_out = phone,
	                   .phone_cap = phone_cap,
	                   .id_out = id_number,
	                   .id_cap = id_cap};
	return sq_read(st, get_personal_op, &a);
}

static os_err by_id_number_op(sq_conn *c, void *arg)
{
	personal_args *a = arg;
	uint8_t h[32];
	sq_lookup_hash(c, a->id_number, h);
	sqlite3_stmt *st = sq_prep(c, "SELECT login FROM users WHERE id_number_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sq_text(st, 0, a->user->login, sizeof a->user->login);
	sqlite3_reset(st);
	return sq_one(rc);
}

os_err store_user_by_id_number(store *st, const char *id_number, store_user *out)
{
	memset(out, 0, sizeof *out);
	personal_args a = {.id_number = id_number, .user = out};
	os_err e = sq_read(st, by_id_number_op, &a);
	if (e)
		return e;
	char login[sizeof out->login];
	memcpy(login, out->login, sizeof login);
	return store_user_by_login(st, login, out);
}

/* ---- rotation ---- */

typedef struct rotate_args {
	int64_t values;
} rotate_args;

/* Binary columns (files): the ids first, then each row opened and sealed
 * again under the current key (one file in memory at a time). */
static os_err rotate_bytes(sq_conn *c, size_t i, rotate_args *a)
{
	sqlite3_stmt *sel = sq_prep(c, sealed[i].select_sql);
	if (!sel)
		return OS_ERR_IO;
	size_t n = 0, cap = 64;
	int64_t *ids = os_malloc(cap * sizeof *ids);
	int rc;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			ids = os_realloc(ids, cap * sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(sel, 0);
	}
	sqlite3_reset(sel);
	os_err e = sq_err(rc);
	for (size_t k = 0; !e && k < n; k++) {
		sqlite3_stmt *get = sq_prep(c, "SELECT data_enc FROM case_files WHERE id = ?");
		if (!get) {
			e = OS_ERR_IO;
			break;
		}
		sqlite3_bind_int64(get, 1, ids[k]);
		unsigned char *plain = NULL, *blob = NULL;
		size_t plen = 0, blen = 0;
		rc = sqlite3_step(get);
		if (rc == SQLITE_ROW)
			e = sq_open_bytes(c, sqlite3_column_blob(get, 0),
			                  (size_t)sqlite3_column_bytes(get, 0), &plain, &plen);
		else
			e = sq_err(rc);
		sqlite3_reset(get);
		if (!e && plain)
			e = sq_seal_bytes(c, plain, plen, &blob, &blen);
		if (plain) {
			sodium_memzero(plain, plen);
			free(plain);
		}
		if (!e && blob) {
			sqlite3_stmt *up = sq_prep(c, sealed[i].update_sql);
			if (!up) {
				free(blob);
				e = OS_ERR_IO;
				break;
			}
			sqlite3_bind_blob(up, 1, blob, (int)blen, free);
			sqlite3_bind_int64(up, 2, ids[k]);
			e = sq_exec(c, up);
			a->values++;
		}
	}
	free(ids);
	return e;
}

static os_err rotate_op(sq_conn *c, void *arg)
{
	rotate_args *a = arg;
	for (size_t i = 0; i < sizeof sealed / sizeof sealed[0]; i++) {
		if (sealed[i].hash == BYTES_NO_HASH) {
			os_err e = rotate_bytes(c, i, a);
			if (e)
				return e;
			continue;
		}
		sqlite3_stmt *sel = sq_prep(c, sealed[i].select_sql);
		if (!sel)
			return OS_ERR_IO;
		/* Collect first: the update must not run under an open SELECT on
		 * the same table. */
		int keys = sealed[i].keys;
		size_t n = 0, cap = 64;
		int64_t *ids = os_malloc(cap * 2 * sizeof *ids); /* keys per row: 1 or 2 */
		char **plain = os_malloc(cap * sizeof *plain);
		os_err e = OS_OK;
		int rc;
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			if (n == cap) {
				cap *= 2;
				ids = os_realloc(ids, cap * 2 * sizeof *ids);
				plain = os_realloc(plain, cap * sizeof *plain);
			}
			char buf[PII_MAX_PLAIN + 1];
			e = sq_column_unsealed(c, sel, keys, buf, sizeof buf);
			if (e)
				break;
			for (int k = 0; k < keys; k++)
				ids[n * 2 + (size_t)k] = sqlite3_column_int64(sel, k);
			plain[n] = os_strdup(buf);
			sodium_memzero(buf, sizeof buf);
			n++;
		}
		sqlite3_reset(sel);
		if (!e && rc != SQLITE_DONE && rc != SQLITE_ROW)
			e = sq_err(rc);
		for (size_t k = 0; k < n; k++) {
			if (!e) {
				sqlite3_stmt *up = sq_prep(c, sealed[i].update_sql);
				e = up ? sq_bind_sealed(c, up, 1, plain[k]) : OS_ERR_IO;
				int idx = 2;
				if (!e && sealed[i].hash != HASH_NONE) {
					uint8_t h[32];
					char norm[PII_MAX_PLAIN + 1];
					if (sealed[i].hash == HASH_PASSPORT) {
						visa_passport_key(plain[k], norm, sizeof norm);
						sq_lookup_hash(c, norm, h);
						sodium_memzero(norm, sizeof norm);
					} else {
						sq_lookup_hash(c, plain[k], h);
					}
					sqlite3_bind_blob(up, idx++, h, 32, SQLITE_TRANSIENT);
				}
				if (!e) {
					for (int j = 0; j < keys; j++)
						sqlite3_bind_int64(up, idx++,
						                   ids[k * 2 + (size_t)j]);
					e = sq_exec(c, up);
				}
				a->values++;
			}
			sodium_memzero(plain[k], strlen(plain[k]));
			free(plain[k]);
		}
		free(ids);
		free(plain);
		if (e)
			return e;
	}
	return OS_OK;
}

os_err store_key_rotate_sealed(store *st, int64_t *values);
os_err store_key_rotate_sealed(store *st, int64_t *values)
{
	rotate_args a = {0};
	os_err e = sq_write(st, rotate_op, &a);
	*values = a.values;
	return e;
}
