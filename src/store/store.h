/* store.h - the one storage interface.
 *
 * Operation-shaped: every function is one business operation and runs in one
 * transaction (writes) or one consistent snapshot (reads). src/api calls only
 * these; the SQLite backend (src/store/sqlite*.c) implements them today, and a
 * PostgreSQL backend can implement the same functions with libpq without
 * touching src/api.
 *
 * Durability: a write returns OS_OK only after its transaction is committed
 * with synchronous=FULL (WAL). Concurrent writers share one commit and one
 * fsync (group commit), each inside its own SAVEPOINT so that a failing
 * operation rolls back alone.
 *
 * Thread safety: all functions may be called from any thread concurrently.
 * Ownership: output structs are filled by the store; lists are allocated by
 * the store and released with the matching *_free(). */
#ifndef ONESTOP_STORE_STORE_H
#define ONESTOP_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/org.h"
#include "core/demo.h"

typedef struct store store;

typedef struct store_options {
	const char *path;
	int read_connections; /* kept open for readers */
	int group_commit_max; /* most operations per commit */
	bool create;          /* create the file (and the key file) when absent */
	const char *key_file; /* personal-data keyring; NULL = no sealing possible */
} store_options;

/* Open (and migrate) the database. On failure *out is NULL and err holds one
 * English line naming the path and the cause. */
os_err store_open(const store_options *o, store **out, char *err, size_t errlen);
/* Finish queued writes, checkpoint the WAL into the main file, close. */
void store_close(store *st);
os_err store_checkpoint(store *st);
os_err store_ping(store *st);
int store_schema_version(store *st);

typedef struct store_stats {
	uint64_t commits;    /* transactions committed by the writer */
	uint64_t operations; /* write operations carried by them */
	uint64_t failed;     /* operations rolled back */
	uint64_t max_batch;  /* largest number of operations in one commit */
} store_stats;
void store_get_stats(store *st, store_stats *out);

/* ---- organisation ---- */
typedef struct store_org_counts {
	int64_t sites[4]; /* by tier (index 1..3) */
	int64_t departments, areas, windows, users;
} store_org_counts;
os_err store_org_counts_get(store *st, store_org_counts *out);

/* Load a generated district in one transaction; OS_ERR_CONFLICT when the
 * database already holds sites. */
os_err store_demo_load(store *st, const demo_district *d);

typedef struct store_site_filter {
	int tier;          /* 0 = any */
	int64_t parent_id; /* 0 = any */
	int64_t offset, limit;
} store_site_filter;

typedef struct store_site_row {
	org_site site;
	int64_t windows;
	int64_t departments;
} store_site_row;

typedef struct store_site_list {
	store_site_row *rows;
	size_t n;
	int64_t total; /* matching rows without offset/limit */
} store_site_list;
os_err store_sites_list(store *st, const store_site_filter *f, store_site_list *out);
void store_site_list_free(store_site_list *l);

typedef struct store_window_row {
	org_window w;
	char department_name[ORG_NAME_MAX];
	char area_name[ORG_NAME_MAX];
	bool paused;
} store_window_row;

typedef struct store_site_detail {
	org_site site;
	org_department *departments;
	size_t n_departments;
	org_area *areas;
	size_t n_areas;
	store_window_row *windows;
	size_t n_windows;
} store_site_detail;
os_err store_site_get(store *st, int64_t id, store_site_detail *out);
void store_site_detail_free(store_site_detail *d);

/* The ancestors of a site, nearest first (parent, grandparent); *n = count. */
os_err store_site_ancestors(store *st, int64_t site_id, int64_t *out, int cap, int *n);

/* ---- accounts and sessions ---- */
typedef struct store_user {
	int64_t id;
	char login[65];
	char display_name[ORG_NAME_MAX];
	char role[32];
	int64_t site_id, department_id, window_id, agency_id;
	char site_name[ORG_NAME_MAX];
	char site_name_en[ORG_NAME_MAX];
	char department_name[ORG_NAME_MAX];
	char password_hash[160];
	bool disabled;
	bool mfa_pending; /* filled by store_session_get */
} store_user;

os_err store_user_create(store *st, const store_user *u, int64_t now, int64_t *id_out);
os_err store_user_by_login(store *st, const char *login, store_user *out);

/* Sessions are stored by the SHA-256 of their token, never the token. */
os_err store_session_create(store *st, const uint8_t hash[32], int64_t user_id, int64_t now,
                            int64_t expires_at);
/* Find a live session (not expired, idle less than idle_secs, user enabled)
 * and its user. Refreshes last_seen at most once a minute. */
os_err store_session_get(store *st, const uint8_t hash[32], int64_t now, int64_t idle_secs,
                         store_user *out);
os_err store_session_delete(store *st, const uint8_t hash[32]);

os_err store_audit(store *st, int64_t now, int64_t actor_id, const char *action, const char *object,
                   const char *detail);

/* ---- security (issue 3) ---- */

/* Personal data of an account, sealed at rest; "" clears a value. */
os_err store_user_set_personal(store *st, int64_t user_id, const char *phone,
                               const char *id_number);
os_err store_user_get_personal(store *st, int64_t user_id, char *phone, size_t phone_cap,
                               char *id_number, size_t id_cap);
/* Exact lookup by resident ID number through its keyed hash. */
os_err store_user_by_id_number(store *st, const char *id_number, store_user *out);

/* The audit context of the calling thread. While set, every store write
 * from this thread appends an audit row (action, object, actor, client,
 * request id, result "ok") in the same transaction as the write itself, so
 * that a state change and its audit row commit together or not at all.
 * `written` is set by the store when it did so. */
typedef struct store_audit_ctx {
	int64_t actor_id;
	char actor_role[32];
	char action[96];
	char object[160];
	char client[48];
	char request_id[33];
	bool written;
} store_audit_ctx;
void store_audit_context_set(store_audit_ctx *ctx); /* NULL clears */

typedef struct store_audit_row {
	int64_t id, at, actor_id;
	char actor_role[32], action[96], object[160], result[32], client[48], request_id[33];
	char detail[256];
} store_audit_row;
/* Append one row outside any business write (logins, refusals, reads);
 * at = 0 means now. */
os_err store_audit_append(store *st, const store_audit_row *row);
typedef struct store_audit_filter {
	int64_t actor_id;          /* 0 = any */
	const char *action_prefix; /* NULL = any */
	const char *object_prefix;
	const char *result_prefix;
	int64_t from, to; /* unix seconds; 0 = open */
	int64_t limit, offset;
} store_audit_filter;
typedef struct store_audit_list {
	store_audit_row *rows;
	size_t n;
	int64_t total;
} store_audit_list;
os_err store_audit_search(store *st, const store_audit_filter *f, store_audit_list *out);
void store_audit_list_free(store_audit_list *l);
/* Recompute the hash chain. OS_OK when intact; otherwise OS_ERR_CHECKSUM and
 * *bad_id names the first row that does not match. *rows = rows checked. */
os_err store_audit_verify(store *st, int64_t *bad_id, int64_t *rows);
/* Every audit row in id order to a callback (export). */
os_err store_audit_each(store *st, int64_t from, int64_t to,
                        void (*fn)(const store_audit_row *row, const uint8_t hash[32], void *ctx),
                        void *ctx);

/* A consistent copy of the database (online backup) to path. */
os_err store_backup(store *st, const char *path, char *err, size_t errlen);
/* Re-seal every personal value under a new key: the key file gets the new
 * key in front (old ones kept) before the data changes; once everything is
 * re-sealed in one transaction, the old keys are dropped from the file. */
os_err store_key_rotate(store *st, int64_t *values, char *err, size_t errlen);

/* ---- users (issue 3) ----
 * Account administration, sign-in bookkeeping (lockout) and the second
 * factor (src/store/sqlite_users.c). Rows never carry password hashes or
 * TOTP secrets, except store_totp_get, which unseals the secret for
 * verification. Personal data: store_user_get_personal above. */
typedef struct store_user_filter {
	const char *role;      /* NULL or "" = any */
	const char *site_code; /* NULL or "" = any */
	int disabled;          /* -1 any, 0 enabled only, 1 disabled only */
	int64_t offset, limit;
} store_user_filter;

typedef struct store_user_row {
	int64_t id;
	char login[65];
	char display_name[ORG_NAME_MAX];
	char role[32];
	int64_t site_id, department_id;
	char site_code[32], site_name[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX];
	char department_code[32], department_name[ORG_NAME_MAX], department_name_en[ORG_NAME_MAX];
	bool disabled, totp_enabled;
	int64_t failed_logins, locked_until, password_changed_at, created_at;
} store_user_row;

typedef struct store_user_list {
	store_user_row *rows;
	size_t n;
	int64_t total; /* matching rows without offset/limit */
} store_user_list;
/* By login. */
os_err store_users_list(store *st, const store_user_filter *f, store_user_list *out);
void store_user_list_free(store_user_list *l);
os_err store_user_get(store *st, int64_t id, store_user_row *out);

typedef struct store_user_new {
	const char *login, *display_name, *role;
	const char *site_code, *department_code; /* NULL or "" = none */
	const char *password_hash;
	const char *phone; /* NULL or "" = none; sealed */
	const char
	    *id_number; /* NULL or "" = none; normalised (os_id_check); sealed + keyed hash */
} store_user_new;
/* Create an account with its personal data in one transaction. Errors name
 * the field in *field (may be NULL): OS_ERR_CONFLICT "login" or "id_number"
 * (taken), OS_ERR_INVALID "site_code" or "department_code" (no such code). */
os_err store_user_add(store *st, const store_user_new *u, int64_t now, int64_t *id_out,
                      const char **field);
/* Set a new password hash (password_changed_at = now), clear the lockout,
 * and end the account's sessions except keep_session (NULL = all of them). */
os_err store_user_set_password(store *st, int64_t id, const char *password_hash, int64_t now,
                               const uint8_t keep_session[32]);
/* Disable (ending every session of the account in the same transaction) or
 * enable (clearing the lockout). OS_ERR_NOT_FOUND for no such account. */
os_err store_user_set_disabled(store *st, int64_t id, bool disabled);

typedef struct store_login_state {
	int64_t failed_logins; /* consecutive failures since the last success or lock */
	int64_t locked_until;  /* unix seconds; 0 = not locked */
} store_login_state;
/* Count a failed sign-in. When lock_after > 0 and the count reaches it, the
 * account is locked until now + lock_secs and the count starts again. */
os_err store_login_failure(store *st, int64_t id, int64_t now, int lock_after, int64_t lock_secs,
                           store_login_state *out);
/* A successful sign-in: the count and any lock are cleared. */
os_err store_login_success(store *st, int64_t id);

typedef struct store_totp {
	bool enabled;
	char secret[64]; /* base32, unsealed; "" = none */
	int64_t last_step;
} store_totp;
os_err store_totp_get(store *st, int64_t user_id, store_totp *out);
/* A new, not yet confirmed secret (sealed). OS_ERR_CONFLICT while a
 * confirmed one is enabled. */
os_err store_totp_set_secret(store *st, int64_t user_id, const char *secret_b32);
/* Confirm: enable the secret and record the step of the confirming code.
 * OS_ERR_CONFLICT when there is no secret, it is enabled already, or step is
 * not after the last one used. */
os_err store_totp_enable(store *st, int64_t user_id, int64_t step);
/* Remove the secret. */
os_err store_totp_disable(store *st, int64_t user_id);
/* An administrator's reset (a lost phone): remove the secret and end every
 * session of the account, in one transaction. OS_ERR_NOT_FOUND for no such
 * account. */
os_err store_totp_reset(store *st, int64_t user_id);
/* Record a verified code's step; OS_ERR_CONFLICT when step <= the last one
 * (a replayed code), atomically. */
os_err store_totp_use_step(store *st, int64_t user_id, int64_t step);

/* The second-factor flag of a session (by token hash, as store_session_*).
 * OS_ERR_NOT_FOUND when there is no such session. */
os_err store_session_mfa_pending(store *st, const uint8_t hash[32], bool *pending);
os_err store_session_mfa_set(store *st, const uint8_t hash[32]);
os_err store_session_mfa_clear(store *st, const uint8_t hash[32]);

/* ---- calendar (issue 4) ----
 * The working-day calendar as data (migration 0003): one State Council notice
 * per year (public holidays and make-up working days) and local closures
 * (district-wide, or of one site). Every change is one transaction that also
 * writes its audit_log row (actor_id 0 = the command line; `detail` says
 * through what: "cli", "api <request id>", "seed") and increments the
 * calendar generation, by which a running server notices changes made by
 * another process. Validation is the core's (os_calendar_set_year,
 * os_calendar_add_closure) against the calendar as stored, inside the
 * transaction: a change that fails changes nothing and msg (msgsz bytes, may
 * be 0) says why in one line naming the year and the date. */

/* When the database holds no calendar year, load the State Council notices
 * compiled into the binary (data/cn-holidays.json); *seeded (may be NULL)
 * says whether it did. `onestop init`, the `calendar` and `workday --db`
 * commands and the server at start call this, so a database always has a
 * calendar. */
os_err store_calendar_ensure(store *st, int64_t now, bool *seeded);

/* The whole calendar as stored: every notice and the district-wide closures,
 * plus those of site_id when it is not 0. The caller owns *out; *generation
 * (may be NULL) is the generation it was read at. */
os_err store_calendar_load(store *st, int64_t site_id, os_calendar **out, int64_t *generation,
                           char *msg, size_t msgsz);
/* The current generation (cheap: one row). */
os_err store_calendar_generation(store *st, int64_t *out);

typedef struct store_cal_year {
	int year;
	char source[OS_CAL_MAX_SOURCE + 1];
	int n_holidays, n_workdays;
	int64_t updated_by; /* 0 = command line or seed */
	int64_t updated_at;
} store_cal_year;

typedef struct store_cal_year_list {
	store_cal_year *rows; /* ascending */
	size_t n;
	int64_t closures; /* local closures in the database */
} store_cal_year_list;
os_err store_calendar_years(store *st, store_cal_year_list *out);
void store_cal_year_list_free(store_cal_year_list *l);

typedef struct store_cal_closure {
	os_date date;
	int64_t site_id; /* 0 = district-wide */
	char reason[OS_CAL_MAX_REASON + 1];
	int64_t created_by; /* 0 = command line */
	int64_t created_at;
} store_cal_closure;

typedef struct store_cal_closure_list {
	store_cal_closure *rows; /* by date, district-wide first */
	size_t n;
} store_cal_closure_list;
/* Closures with from <= date <= to, of every site. At most OS_CAL_MAX_CLOSURES. */
os_err store_calendar_closures(store *st, os_date from, os_date to, store_cal_closure_list *out);
void store_cal_closure_list_free(store_cal_closure_list *l);

typedef struct store_cal_year_detail {
	store_cal_year info;
	os_date *holidays, *workdays; /* ascending */
	size_t n_holidays, n_workdays;
} store_cal_year_detail;
/* OS_ERR_NOT_FOUND when the year has no notice. */
os_err store_calendar_year_get(store *st, int year, store_cal_year_detail *out);
void store_cal_year_detail_free(store_cal_year_detail *d);

/* Add or replace the notice of `year` (source may be NULL). *replaced (may be
 * NULL) says whether a notice was replaced. OS_ERR_INVALID/TOO_LARGE with msg
 * when the core refuses it. */
os_err store_calendar_put_year(store *st, int64_t actor_id, int64_t now, const char *detail,
                               int year, const char *source, const os_date *holidays,
                               size_t n_holidays, const os_date *workdays, size_t n_workdays,
                               bool *replaced, char *msg, size_t msgsz);

/* What an import did: the years it held, ascending, and for each whether it
 * replaced a stored notice. */
typedef struct store_cal_import {
	size_t n;
	int years[OS_CAL_MAX_YEARS];
	bool replaced[OS_CAL_MAX_YEARS];
} store_cal_import;
/* Add or replace every year of a calendar document in the format of
 * data/cn-holidays.json (len bytes), in one transaction. The whole document
 * is validated first (a malformed date: 'year Y: bad date "X"'); documents
 * with "closures" are refused (closures are added one by one). On failure
 * nothing changes. */
os_err store_calendar_import(store *st, int64_t actor_id, int64_t now, const char *detail,
                             const char *json, size_t len, store_cal_import *out, char *msg,
                             size_t msgsz);

/* Declare a closure (site_id 0 = district-wide). OS_ERR_CONFLICT if that date
 * is already closed there, OS_ERR_NOT_FOUND if the site does not exist,
 * OS_ERR_INVALID/TOO_LARGE for a bad reason (msg says why). */
os_err store_calendar_close(store *st, int64_t actor_id, int64_t now, const char *detail,
                            os_date date, int64_t site_id, const char *reason, char *msg,
                            size_t msgsz);
/* Remove a closure. OS_ERR_NOT_FOUND if that date is not closed there. */
os_err store_calendar_reopen(store *st, int64_t actor_id, int64_t now, const char *detail,
                             os_date date, int64_t site_id);

/* ---- catalog (issue 5) ----
 * Service items with versions, bundles, search, import/export, window
 * administration (src/store/sqlite_catalog.c, sqlite_catalog_io.c). `today`
 * is the Asia/Shanghai date of the request: an item's current version is
 * its latest version effective on or before today. A version scheduled for
 * a later day takes over by itself on that day (the first read on or after
 * it refreshes the cached current versions). Failures that concern one
 * input name it in *p (field, reason). */
#include "core/catalog.h"
#include "core/catalog_io.h"
#include "core/demo_catalog.h"

/* Search totals are exact up to STORE_CAT_COUNT_CAP items found by words,
 * STORE_CAT_BROWSE_CAP by filters alone (a department's items), and always
 * for the whole catalog; beyond a cap the total is "at least" (total_capped):
 * counting costs time per item found. */
#define STORE_CAT_COUNT_CAP  500
#define STORE_CAT_BROWSE_CAP 2000

typedef struct store_cat_row {
	int64_t id;
	int version;
	char code[CAT_CODE_MAX];
	char name[CAT_NAME_MAX], name_en[CAT_NAME_MAX];
	int64_t department_id;
	char department_code[ORG_CODE_MAX];
	char department_name[ORG_NAME_MAX], department_name_en[ORG_NAME_MAX];
	cat_type type;
	int depth, visits, legal_days, promised_days;
	bool immediate;
	unsigned channels, accept_tiers;
	site_tier decide_tier;
	uint32_t life_events;
	int64_t fee_fen;
	int match; /* 1 name, 3 keyword (or code), 2 material, 0 no words */
} store_cat_row;

typedef struct store_cat_page {
	store_cat_row *rows;
	size_t n;
	int64_t total;
	bool total_capped; /* a cap was reached: "at least total" */
} store_cat_page;

/* Search the current items: those with the words in the name, then in the
 * keywords, then in the materials, each tier in catalog order (item id). */
os_err store_catalog_search(store *st, os_date today, const cat_search_plan *plan, int64_t offset,
                            int64_t limit, store_cat_page *out);
void store_cat_page_free(store_cat_page *p);

typedef struct store_cat_item {
	cat_item item; /* id, version, effective_from filled */
	char department_name[ORG_NAME_MAX], department_name_en[ORG_NAME_MAX];
	int current_version, latest_version;
	char retired_on[OS_DATE_STRLEN]; /* "" when not retired */
	int64_t created_at, created_by;
} store_cat_item;
void store_cat_item_free(store_cat_item *x);

/* The current version; OS_ERR_NOT_FOUND for no such item, a retired item or
 * one whose first version is not yet effective. */
os_err store_item_get(store *st, os_date today, int64_t id, store_cat_item *out);
/* Any version of any item (retired too): what a case filed under it shows. */
os_err store_item_version_get(store *st, int64_t item_id, int version, store_cat_item *out);

typedef struct store_cat_version {
	int version;
	char effective_from[OS_DATE_STRLEN];
	char name[CAT_NAME_MAX];
	int64_t created_at, created_by;
	bool current, scheduled; /* scheduled: effective after today */
} store_cat_version;
os_err store_item_versions(store *st, os_date today, int64_t id, store_cat_version **out,
                           size_t *n);

/* Create an item (version 1) or add a version to item `id` (it->code must
 * be that item's). The content is validated again here; the department code
 * must exist; a new version's effective date may not precede the latest
 * version's. it->effective_from defaults to today. On success it->id and
 * it->version are set; *changed is false (and nothing written) when the
 * content equals the latest version's. OS_ERR_CONFLICT: duplicate code,
 * retired item, bad effective date (p names the field). */
os_err store_item_create(store *st, os_date today, int64_t actor, int64_t now, cat_item *it,
                         cat_problem *p);
os_err store_item_new_version(store *st, os_date today, int64_t actor, int64_t now, int64_t id,
                              cat_item *it, bool *changed, cat_problem *p);
/* Retire: the item leaves the catalog today (its versions stay). Refused
 * (OS_ERR_CONFLICT) while a bundle holds it or when already retired. */
os_err store_item_retire(store *st, os_date today, int64_t id, const char *reason, cat_problem *p);

typedef struct store_cat_bundle {
	cat_bundle b;
	char lead_name[ORG_NAME_MAX], lead_name_en[ORG_NAME_MAX];
	int64_t item_ids[CAT_BUNDLE_MAX_ITEMS];
	int64_t updated_at;
} store_cat_bundle;

os_err store_bundles_list(store *st, store_cat_bundle **out, size_t *n);
/* A bundle and the current versions of its members (members[i] for
 * b.items[i]; a member without a current version is left empty, id 0).
 * Free members with store_cat_members_free(). */
os_err store_bundle_get(store *st, os_date today, int64_t id, store_cat_bundle *out,
                        store_cat_item **members);
void store_cat_members_free(store_cat_item *members, size_t n);
/* Bundles holding an item: ids and names (cap entries). */
os_err store_item_bundles(store *st, int64_t item_id, store_cat_bundle *out, size_t cap, size_t *n);
/* Create (id 0) or replace a bundle. Members must be current items and
 * their form fields must merge without conflicts. */
os_err store_bundle_save(store *st, os_date today, int64_t now, int64_t id, const cat_bundle *b,
                         int64_t *id_out, cat_problem *p);

typedef struct store_cat_dept {
	org_department d;
	int64_t items;
} store_cat_dept;
/* Departments with their number of current items (those with none too). */
os_err store_catalog_departments(store *st, os_date today, store_cat_dept **out, size_t *n);

typedef struct store_cat_summary {
	int64_t items, power, licensing, online, immediate, zero_visit, free_of_charge;
	int64_t depth[5]; /* by online depth 1..4 */
	int64_t bundles, departments;
	int64_t events[32]; /* items per life event */
	char depth_zh[5][128], depth_en[5][128];
} store_cat_summary;
os_err store_catalog_summary(store *st, os_date today, store_cat_summary *out);
os_err store_depth_label_set(store *st, int depth, const char *zh, const char *en);
/* The labels of the online depth levels (index 1..4). */
os_err store_depth_labels(store *st, char zh[5][128], char en[5][128]);

/* Import a parsed file in one transaction: every row is applied or none.
 * Rows are matched by code (items, bundles, sites) or by site and number
 * (windows); a row equal to what is stored changes nothing (no new
 * version). On failure (OS_ERR_INVALID) *err names the row's line, the
 * field and the reason. */
typedef struct store_cat_import_result {
	size_t inserted, updated, unchanged;
	cat_row_error err;
} store_cat_import_result;
os_err store_catalog_import(store *st, os_date today, int64_t actor, int64_t now,
                            const cat_import *im, store_cat_import_result *out);

/* Every row of one kind, in a consistent snapshot, to fn (items: their
 * latest version, active items only). fn's error stops the export. */
typedef struct store_cat_export_row {
	const cat_item *item;
	const cat_bundle *bundle;
	const cat_site_row *site;
	const cat_window_row *window;
} store_cat_export_row;
os_err store_catalog_export(store *st, cat_what what,
                            os_err (*fn)(const store_cat_export_row *row, void *ctx), void *ctx);

/* Window administration. create: w->site_id, number, kind, area_id (0 =
 * none), department_id (department windows only; the department is
 * stationed at the site if it was not). update: the fields flagged in c. */
os_err store_window_create(store *st, const org_window *w, bool paused, int64_t *id_out,
                           cat_problem *p);
typedef struct store_window_change {
	bool set_number, set_kind, set_department, set_area, set_paused;
	int number;
	window_kind kind;
	int64_t department_id, area_id;
	bool paused;
} store_window_change;
os_err store_window_update(store *st, int64_t id, const store_window_change *c,
                           store_window_row *out, cat_problem *p);
os_err store_window_get(store *st, int64_t id, store_window_row *out);

/* The demo catalog (items effective 2024-01-01, bundles) in one
 * transaction; OS_ERR_CONFLICT when the catalog holds items already. */
os_err store_catalog_demo_load(store *st, int64_t now, const demo_catalog *c);

/* ---- hall (issue 7) ----
 * Queues, windows' queue sets, tickets, calls, appointment slots and the
 * figures of the service hall (src/store/sqlite_hall.c, migration 0006).
 * Issuing allocates the daily number and calling picks the next ticket by
 * the rule of src/core/queue.h inside one write operation each, so numbers
 * are never given twice and two windows never get the same ticket; the group
 * commit shares one fsync between concurrent calls. Every write that changes
 * what the display board shows fills a store_hall_change with the absolute
 * new state (waiting counts with a version, the call) so that the server's
 * in-memory board can apply it idempotently. Figures are counters written in
 * the same transaction as the event. Personal data (ID numbers) is returned
 * in full: the API masks it. */
#include "core/queue.h"

#define HALL_ITEMS_MAX 2049
#define HALL_CASES_MAX 513

typedef struct store_hall_queue {
	int64_t id, site_id;
	char prefix[2];
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	char departments[256];      /* "1,5": department ids */
	char items[HALL_ITEMS_MAX]; /* "code,code": catalog item codes */
	bool active;
} store_hall_queue;

/* The active and inactive queues of a site, by prefix. */
os_err store_hall_queues_list(store *st, int64_t site_id, store_hall_queue **out, size_t *n);
os_err store_hall_queue_get(store *st, int64_t id, store_hall_queue *out);
/* OS_ERR_CONFLICT (*field "prefix") when the letter is taken at the site;
 * OS_ERR_INVALID (*field "departments") for a department that does not
 * exist; OS_ERR_NOT_FOUND for no such site. */
os_err store_hall_queue_create(store *st, const store_hall_queue *q, int64_t *id,
                               const char **field);
/* Update names, coverage and active (prefix and site do not change). */
os_err store_hall_queue_update(store *st, const store_hall_queue *q, const char **field);

typedef struct store_hall_window {
	int64_t id, site_id, department_id;
	int number;
	window_kind kind;
	bool paused;
	int n_queues; /* the ordered queues it serves; comprehensive: every active one */
	int64_t queues[QUEUE_MAX_PER_SITE];
} store_hall_window;
os_err store_hall_window_get(store *st, int64_t window_id, store_hall_window *out);
/* Replace the ordered queue set of a window; the queues must belong to its
 * site (OS_ERR_INVALID otherwise). */
os_err store_hall_window_set_queues(store *st, int64_t window_id, const int64_t *queue_ids,
                                    size_t n);
os_err store_hall_window_pause(store *st, int64_t window_id, bool paused);

typedef struct store_hall_ticket {
	int64_t id, site_id, queue_id, issue_queue_id;
	char token[48];
	char number[QUEUE_NUMBER_MAX];
	os_date day;
	int64_t seq;
	ticket_source source;
	queue_green green;
	queue_category category;
	int64_t appointment_id;
	char id_number[24];
	ticket_state state;
	int64_t issued_at, order_at, called_at, started_at, finished_at, noshow_at;
	int64_t window_id, target_window_id, clerk_id;
	int window_number, target_window_number;
	int calls, transfers;
	int64_t estimate_s;
	int64_t ahead_at_issue; /* filled by issuing only: tickets ahead then */
	char items[HALL_ITEMS_MAX];
	char case_ids[HALL_CASES_MAX];
	char queue_prefix[2];
	char queue_name[ORG_NAME_MAX], queue_name_en[ORG_NAME_MAX];
} store_hall_ticket;

typedef struct store_hall_call {
	int64_t id, ticket_id, site_id, window_id;
	int window_number;
	char number[QUEUE_NUMBER_MAX];
	int64_t at;
} store_hall_call;

/* What a write changed on the board: absolute waiting counts (with their
 * version) of at most two queues and the call it made, if any. */
typedef struct store_hall_qstate {
	int64_t queue_id, waiting, version;
} store_hall_qstate;
typedef struct store_hall_change {
	int64_t site_id;
	os_date day;
	int nq;
	store_hall_qstate q[2];
	bool has_call;
	store_hall_call call;
} store_hall_change;

typedef struct store_hall_issue {
	int64_t site_id, queue_id;
	ticket_source source;
	queue_green green;
	const char *id_number; /* NULL or "" = anonymous; normalised */
	const char *token;     /* unguessable, from the caller */
	int64_t now;
} store_hall_issue;
/* Issue a ticket: the next daily number of the queue, the estimate of its
 * wait (stored), counters. OS_ERR_NOT_FOUND when the queue is not an active
 * queue of the site. */
os_err store_hall_ticket_issue(store *st, const store_hall_issue *in, store_hall_ticket *out,
                               store_hall_change *ch);

/* Check in for an appointment: today's booking of id_number at the site,
 * within `minutes` of its slot's start, becomes a ticket of the slot's queue
 * ahead of walk-ins (green when `green` is not QG_NONE). OS_ERR_NOT_FOUND
 * when there is no such booking; OS_ERR_CONFLICT with *why when it is too
 * early or too late. */
os_err store_hall_checkin(store *st, int64_t site_id, const char *id_number, queue_green green,
                          const char *token, int64_t now, long minutes, store_hall_ticket *out,
                          store_hall_change *ch, const char **why);

/* Call the next ticket at a window by the rule (policy p). out->id is 0 when
 * nothing waits. OS_ERR_CONFLICT (*why) when the window is paused or still
 * has a called or served ticket; OS_ERR_NOT_FOUND for no such window. */
os_err store_hall_call_next(store *st, int64_t window_id, int64_t clerk_id, int64_t now,
                            const queue_policy *p, store_hall_ticket *out, store_hall_change *ch,
                            const char **why);

typedef struct store_hall_act {
	ticket_action action; /* anything but TA_CALL */
	int64_t ticket_id;
	int64_t window_id; /* the acting window: the ticket must be at it (0 = any) */
	int64_t clerk_id;
	int64_t now;
	long noshow_return_minutes; /* TA_RETURN */
	const char *items;          /* TA_FINISH: normalised codes */
	const char *case_ids;       /* TA_FINISH: "12,13" */
	int64_t to_queue_id;        /* TA_TRANSFER: another queue of the site, or */
	int64_t to_window_id;       /* another window of the site */
} store_hall_act;
/* One state change of a ticket (src/core/queue.h's machine), checked against
 * the row inside the transaction. OS_ERR_CONFLICT with *why when the state or
 * the window does not allow it; OS_ERR_INVALID (*why) for a bad transfer
 * target; OS_ERR_NOT_FOUND for no such ticket. */
os_err store_hall_ticket_act(store *st, const store_hall_act *a, store_hall_ticket *out,
                             store_hall_change *ch, const char **why);

os_err store_hall_ticket_get(store *st, int64_t id, store_hall_ticket *out);

typedef struct store_hall_position {
	int64_t ahead;       /* waiting tickets of the queue called before this one */
	int64_t windows;     /* open windows serving the queue */
	int64_t avg_service; /* seconds, recent average (0 = none yet) */
} store_hall_position;
/* A ticket by its token, with its position when it waits. */
os_err store_hall_ticket_by_token(store *st, const char *token, store_hall_ticket *out,
                                  store_hall_position *pos);
/* The tickets in hand at a window (called, serving, held), oldest call first. */
os_err store_hall_window_tickets(store *st, int64_t window_id, store_hall_ticket **out, size_t *n);

#define HALL_BOARD_CALLS 8
typedef struct store_hall_board_queue {
	int64_t id;
	char prefix[2];
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	int64_t waiting, version;
} store_hall_board_queue;
typedef struct store_hall_board {
	int64_t site_id;
	os_date day;
	size_t n_queues;
	store_hall_board_queue queues[QUEUE_MAX_PER_SITE];
	size_t n_calls; /* newest first */
	store_hall_call calls[HALL_BOARD_CALLS];
} store_hall_board;
/* The board of a site for `day`: its active queues with today's waiting
 * counts and the last calls of the day. OS_ERR_NOT_FOUND for no such site. */
os_err store_hall_board_load(store *st, int64_t site_id, os_date day, store_hall_board *out);
os_err store_hall_call_get(store *st, int64_t call_id, store_hall_call *out);

/* ---- appointments ---- */
typedef struct store_hall_slot {
	int64_t id, site_id, queue_id;
	os_date day;
	int64_t start_at, end_at;
	int capacity, booked;
	char queue_prefix[2];
	char queue_name[ORG_NAME_MAX], queue_name_en[ORG_NAME_MAX];
} store_hall_slot;
/* `count` consecutive slots of `minutes` from start_at, each with capacity;
 * slots that exist already are skipped (*created counts the new ones). */
os_err store_hall_slots_create(store *st, int64_t site_id, int64_t queue_id, int64_t start_at,
                               int minutes, int count, int capacity, int *created);
/* Slots of a site on a day (queue_id 0 = every queue), by time. */
os_err store_hall_slots_list(store *st, int64_t site_id, os_date day, int64_t queue_id,
                             store_hall_slot **out, size_t *n);

typedef enum hall_appt_state {
	APPT_BOOKED = 1,
	APPT_CANCELLED = 2,
	APPT_CHECKED_IN = 3,
	APPT_NO_SHOW = 4,
} hall_appt_state;
typedef struct store_hall_appointment {
	int64_t id, slot_id, site_id, ticket_id;
	char code[48];
	char id_number[24];
	hall_appt_state state;
	int64_t created_at, changed_at;
	store_hall_slot slot;
} store_hall_appointment;
/* Book a slot: OS_ERR_CONFLICT (*why) when full, already booked by this
 * person, or in the past; OS_ERR_NOT_FOUND for no such slot. */
os_err store_hall_book(store *st, int64_t slot_id, const char *id_number, const char *code,
                       int64_t now, store_hall_appointment *out, const char **why);
os_err store_hall_appointment_get(store *st, const char *code, store_hall_appointment *out);
/* Cancel with the ID number it was booked with (OS_ERR_NOT_FOUND when the
 * code and the number do not match; OS_ERR_CONFLICT when not booked). */
os_err store_hall_appointment_cancel(store *st, const char *code, const char *id_number,
                                     int64_t now, store_hall_appointment *out, const char **why);
/* Record as no-shows the bookings of a site not checked in by their slot's
 * start + minutes. *marked (may be NULL) counts them. */
os_err store_hall_appointments_sweep(store *st, int64_t site_id, int64_t now, long minutes,
                                     int64_t *marked);

/* ---- figures ---- */
typedef struct store_hall_figure {
	int64_t key; /* queue id, window id, clerk id or hour; -1 for the total */
	char label[ORG_NAME_MAX];
	char label_en[ORG_NAME_MAX];
	int64_t issued, green, appointment, called, wait_sum, est_err_sum, finished, service_sum,
	    noshows, transfers, appt_noshow;
} store_hall_figure;
typedef struct store_hall_stats {
	store_hall_figure total;
	store_hall_figure *by_queue, *by_window, *by_clerk, *by_hour;
	size_t n_queue, n_window, n_clerk, n_hour;
} store_hall_stats;
/* Sums of the counters of a site over days from..to (inclusive). */
os_err store_hall_stats_get(store *st, int64_t site_id, os_date from, os_date to,
                            store_hall_stats *out);
void store_hall_stats_free(store_hall_stats *s);

/* The demo hall: queues of the district center and the townships, window
 * assignments, appointment slots on the next working days, and yesterday's
 * finished tickets with their counters. OS_ERR_CONFLICT when queues exist. */
os_err store_hall_demo_load(store *st, int64_t now);

/* ---- port visa (issue 8) ----
 * Travel agencies, pre-submitted tour groups, the officer's review, arrival,
 * issuance, special cases, receipts, the watch list and the daily figures
 * (src/store/sqlite_visa.c). Every write is one transaction that re-checks
 * the state machines of src/core/visa.h against the rows it reads, so two
 * officers acting at once cannot both win. Personal data (passport numbers,
 * birth dates) is returned in full: the API masks it where needed. */
#include "core/visa.h"

/* What a visa write tells besides its error: per-member errors (when the
 * caller passed a list), an English reason and the field for a conflict,
 * and the id of what it created or matched. */
typedef struct store_visa_result {
	visa_errors *errors; /* may be NULL */
	const char *why;
	const char *field;
	int64_t id;
} store_visa_result;

/* only_id 0 = every agency. The caller frees *out. */
os_err store_visa_agencies_list(store *st, int64_t only_id, visa_agency **out, size_t *n);
/* OS_ERR_CONFLICT when the name or licence number is taken. */
os_err store_visa_agency_create(store *st, const visa_agency *a, int64_t now, int64_t *id);

typedef struct store_visa_group_filter {
	int64_t agency_id;        /* 0 = every agency */
	visa_group_status status; /* 0 = any */
	bool review_queue;        /* submitted or under review, earliest arrival first */
	bool arrivals;            /* approved, arrived or issued: the day board */
	bool has_date;
	os_date arrival_date;
	int64_t offset, limit;
} store_visa_group_filter;

typedef struct store_visa_group_row {
	visa_group g;
	int64_t members, pending, approved, refused, flagged, present, absent, issued;
} store_visa_group_row;

typedef struct store_visa_group_list {
	store_visa_group_row *rows;
	size_t n;
	int64_t total;
} store_visa_group_list;
os_err store_visa_groups_list(store *st, const store_visa_group_filter *f,
                              store_visa_group_list *out);
void store_visa_group_list_free(store_visa_group_list *l);

typedef struct store_visa_group_detail {
	visa_group g;
	visa_member *members; /* by seq */
	size_t n_members;
} store_visa_group_detail;
os_err store_visa_group_get(store *st, int64_t id, store_visa_group_detail *out);
void store_visa_group_detail_free(store_visa_group_detail *d);

/* Agency writes. agency_id is the caller's agency (the group must be its
 * own); the group must be editable (draft or returned). Members are checked
 * against the group's stay and against every other active group: any error
 * saves nothing (OS_ERR_INVALID, or OS_ERR_CONFLICT for passports held by
 * another active group; res->errors lists them per member). */
os_err store_visa_group_create(store *st, const visa_group *g, const visa_member *m, size_t n,
                               int64_t user_id, int64_t now, os_date today, store_visa_result *res);
os_err store_visa_group_update(store *st, int64_t group_id, int64_t agency_id, const visa_group *g,
                               int64_t now, os_date today, store_visa_result *res);
os_err store_visa_members_add(store *st, int64_t group_id, int64_t agency_id, const visa_member *m,
                              size_t n, int64_t now, os_date today, store_visa_result *res);
os_err store_visa_member_update(store *st, int64_t group_id, int64_t agency_id, int64_t member_id,
                                const visa_member *m, int64_t now, os_date today,
                                store_visa_result *res);
os_err store_visa_member_delete(store *st, int64_t group_id, int64_t agency_id, int64_t member_id,
                                int64_t now, store_visa_result *res);
/* Submit before the deadline: every member is matched against the watch
 * list (a match flags the member for the officer). */
os_err store_visa_group_submit(store *st, int64_t group_id, int64_t agency_id, int64_t now,
                               long deadline_hours, store_visa_result *res);
/* agency_id 0: an officer cancels. */
os_err store_visa_group_cancel(store *st, int64_t group_id, int64_t agency_id, const char *reason,
                               int64_t user_id, int64_t now, store_visa_result *res);

/* Officer writes. */
/* VGA_APPROVE (pending members become approved; flagged ones must be decided
 * first), VGA_RETURN or VGA_REFUSE, with a reason. */
os_err store_visa_group_decide(store *st, int64_t group_id, visa_group_action a, const char *reason,
                               int64_t officer_id, int64_t now, store_visa_result *res);
/* VMA_APPROVE, VMA_REFUSE or VMA_RETURN of one member, with a reason. */
os_err store_visa_member_decide(store *st, int64_t group_id, int64_t member_id,
                                visa_member_action a, const char *reason, int64_t officer_id,
                                int64_t now, store_visa_result *res);
/* The MRZ read on arrival matched to the group's list: the member becomes
 * present (res->id) and the group arrived. OS_ERR_NOT_FOUND when nobody on
 * the list has that passport; OS_ERR_CONFLICT when the data differ or the
 * watch list matches (the member is then flagged). */
os_err store_visa_scan(store *st, int64_t group_id, const visa_member *scanned, int64_t officer_id,
                       int64_t now, store_visa_result *res);
/* VMA_PRESENT (checked by hand) or VMA_ABSENT (struck off). */
os_err store_visa_attendance(store *st, int64_t group_id, int64_t member_id, visa_member_action a,
                             const char *reason, int64_t officer_id, int64_t now,
                             store_visa_result *res);
/* Issue the group visa to the present members (strike_off: approved members
 * not present are struck off first): number, persons, receipt. res->id is
 * the visa. */
os_err store_visa_issue(store *st, int64_t group_id, bool strike_off, int64_t officer_id,
                        int64_t now, store_visa_result *res);

typedef struct store_visa_special {
	visa_type type; /* an individual type: the reason category */
	const char *document_ref;
	const char *note;
	const char *flight;
	int stay_days;
	visa_member person;
} store_visa_special;
/* A special case at once: checked against the watch list and active
 * groups, issued immediately with its receipt. res->id is the visa. */
os_err store_visa_special_issue(store *st, const store_visa_special *s, int64_t officer_id,
                                int64_t now, store_visa_result *res);

typedef struct store_visa_filter {
	int64_t agency_id; /* 0 = any */
	bool special_only;
	bool has_day;
	os_date day;
	int64_t offset, limit;
} store_visa_filter;
typedef struct store_visa_list {
	visa_doc *rows; /* without people */
	size_t n;
	int64_t total;
} store_visa_list;
os_err store_visa_visas_list(store *st, const store_visa_filter *f, store_visa_list *out);
void store_visa_list_free(store_visa_list *l);
/* One visa with its persons and receipt. by_receipt: id is a receipt id. */
os_err store_visa_get(store *st, int64_t id, bool by_receipt, visa_doc *out);
void store_visa_doc_free(visa_doc *d);
/* Record a reprint (who, why); *prints gets the count. */
os_err store_visa_reprint(store *st, int64_t visa_id, const char *reason, int64_t officer_id,
                          int64_t now, int *prints);

/* The active watch list; the caller frees *out. */
os_err store_visa_watch_list(store *st, visa_watch **out, size_t *n);
os_err store_visa_watch_add(store *st, const visa_watch *w, int64_t user_id, int64_t now,
                            int64_t *id);
os_err store_visa_watch_remove(store *st, int64_t id, int64_t user_id, int64_t now);

/* Fill the figures of s's period (persons of every visa issued then, and the
 * arrival-to-issuance minutes of group visas). */
os_err store_visa_stats(store *st, visa_stats *s);

/* The demo week (visa_demo_generate for the current date): agencies, the
 * demo "agency" account attached to the first, groups issued through the
 * same code as at the window, special cases, the watch list and an upcoming
 * group. OS_ERR_CONFLICT when agencies exist already. */
os_err store_visa_demo_load(store *st);

/* ---- cases (issue 6) ----
 * Implemented in src/store/sqlite_cases.c (operations) and
 * src/store/sqlite_cases_demo.c (the demo year). Every write is one
 * transaction: the case row, its timeline event, the counters of the day
 * (case_counters) and the audit row commit together. The transition is
 * checked by case_transition() (src/core/case.h) inside the transaction. */
#include "core/case.h"

typedef struct store_case {
	int64_t id;
	char no[CASE_NO_MAX];
	int64_t item_id;
	int item_version;
	char item_code[CAT_CODE_MAX];
	char item_name[CAT_NAME_MAX], item_name_en[CAT_NAME_MAX];
	bool immediate;
	int64_t department_id, site_id, window_id; /* window 0 = online */
	char department_name[ORG_NAME_MAX], site_name[ORG_NAME_MAX];
	char department_name_en[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX];
	case_channel channel;
	case_state state;
	int decision; /* 0 none, 1 approved, 2 denied */
	int64_t bundle_app_id;
	int64_t applicant_id, filed_by, proxy_request_id;
	bool on_behalf;
	/* unsealed only when the caller asked (reveal), otherwise masked */
	char applicant_name[ORG_NAME_MAX];
	char id_number[24];
	char phone[24];
	char address[256];
	char *form_json; /* owned; free with store_case_free */
	int64_t received_at, accepted_at, decided_at, completed_at, delivered_at;
	os_date accept_due, due, suspended_on; /* 0 = none */
	bool deemed, notice_used;
	int limit_days, suspended_days, extended_days;
	int on_time; /* -1 not completed, 0 late, 1 on time */
	case_delivery delivery;
	char tracking[41];
	char reason[CASE_REASON_MAX];
	int64_t created_at, updated_at;
} store_case;
void store_case_free(store_case *c);

/* Creating a case. Online (CCH_ONLINE/CCH_MOBILE): a draft owned by the
 * applicant account. At a window (CCH_WINDOW) or by a proxy (CCH_PROXY):
 * straight to CS_RECEIVED, the clock started (accept_due computed with cal),
 * filed_by the clerk/proxy, on_behalf set for a proxy. The item's current
 * version is recorded (store_item_version_get). idem (may be NULL) is the
 * claimed Idempotency-Key: its resource_id is set in the same transaction. */
typedef struct store_case_new {
	int64_t item_id;
	case_channel channel;
	int64_t site_id, window_id;
	int64_t applicant_id; /* 0: a walk-in without an account */
	int64_t filed_by;
	/* issue 9; 0 = none. Checked in the create transaction: the request
	 * exists and is open, filed_by is its assignee or a proxy specialist
	 * (or manager) of its site or above, its authorisation covers the item */
	int64_t proxy_request_id;
	int64_t bundle_app_id; /* set by store_case_bundle_create */
	/* sealed; id_number: a resident ID or (an enterprise) a credit code */
	const char *applicant_name, *id_number, *phone, *address;
	/* the form; NULL or "{}" when none was sent (then checked on submit),
	 * otherwise checked against the item's fields (case_form_check) */
	const char *form_json;
	int64_t now;
	os_date today;
	const os_calendar *cal;
	int64_t idem_user;    /* 0 = no idempotency key */
	const char *idem_key; /* claimed with store_idem_claim */
} store_case_new;
os_err store_case_create(store *st, const store_case_new *in, store_case *out, const char **why);

/* Apply one action. The actor's relation to the case (case_actor bits) is
 * decided by the API from the session and passed in; the store checks the
 * rule. Extras per action:
 *   CA_NOTICE       notice_json: [{"material":..,"problem":..}, ...] (>= 1)
 *   CA_REFUSE/DENY  reason (required)
 *   CA_EXTEND       days 1..10, reason
 *   CA_SUSPEND      reason
 *   CA_DELIVER      delivery, tracking (required for CDL_POST)
 *   CA_SUBMIT       checks the item's required materials are attached
 * On an open case whose acceptance period ran out before `today` the store
 * first records the deemed acceptance (CA_DEEM_ACCEPT) and then checks the
 * action against CS_ACCEPTED. OS_ERR_CONFLICT (*why) for an illegal
 * transition, OS_ERR_FORBIDDEN for a wrong actor, OS_ERR_INVALID (*why names
 * the field) for bad extras. */
typedef struct store_case_act {
	int64_t case_id;
	case_action action;
	unsigned actor; /* case_actor bits */
	int64_t actor_id;
	const char *actor_role;
	int64_t site_id, window_id; /* where the actor is */
	const char *reason;
	const char *notice_json;
	int days;
	case_delivery delivery;
	const char *tracking;
	const char *form_json; /* CA_SUBMIT: the corrected form (NULL = keep the draft's) */
	int64_t now;
	os_date today;
	const os_calendar *cal;
} store_case_act;
os_err store_case_apply(store *st, const store_case_act *a, store_case *out, const char **why);

/* Replace the form of a draft (its owner's edit before submitting): the
 * form is checked against the item's fields (case_form_check). OS_ERR_NOT_FOUND
 * when the case is not owner_id's, OS_ERR_CONFLICT (*why) when it is no
 * longer a draft, OS_ERR_INVALID (*why "form.<name>: ...") for a bad form. */
os_err store_case_form_set(store *st, int64_t case_id, int64_t owner_id, const char *form_json,
                           int64_t now, os_date today, store_case *out, const char **why);

/* One case; reveal = unseal the personal fields (the caller audits the read). */
os_err store_case_get(store *st, int64_t id, bool reveal, store_case *out);
os_err store_case_by_no(store *st, const char *no, bool reveal, store_case *out);

typedef struct store_case_filter {
	int64_t applicant_id; /* 0 = any */
	int64_t site_id;      /* 0 = any; includes the sites below it when below = true */
	bool below;
	int64_t department_id; /* 0 = any */
	int64_t proxy_request_id;
	unsigned states;       /* bit (1u << case_state); 0 = any */
	bool by_due;           /* order by deadline (open first), else newest first */
	int64_t offset, limit; /* offset at most STORE_CASE_OFFSET_MAX */
} store_case_filter;
/* A page costs its own rows (index order, no sort of the whole set); the
 * total is counted up to STORE_CASE_TOTAL_CAP (then "at least": total_capped). */
#define STORE_CASE_OFFSET_MAX 10000
#define STORE_CASE_TOTAL_CAP  1000
typedef struct store_case_list {
	store_case *rows; /* personal fields masked */
	size_t n;
	int64_t total;
	bool total_capped;
} store_case_list;
os_err store_cases_list(store *st, const store_case_filter *f, store_case_list *out);
void store_case_list_free(store_case_list *l);

typedef struct store_case_event {
	int64_t id, at, actor_id, site_id, window_id;
	case_action action;
	case_state from, to;
	char actor_role[32];
	char actor_name[ORG_NAME_MAX];
	char site_name[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX]; /* "" when no site */
	int window_number;                                        /* 0 when no window */
	char note[CASE_REASON_MAX];
	os_date due;
} store_case_event;
os_err store_case_events(store *st, int64_t case_id, store_case_event **out, size_t *n);

typedef struct store_case_notice {
	int64_t issued_at, issued_by, answered_at;
	char *items_json; /* owned */
} store_case_notice;
os_err store_case_notice_get(store *st, int64_t case_id, store_case_notice *out);

/* ---- materials ---- */
typedef struct store_case_file {
	int64_t id, owner_id, size, created_at;
	unsigned char sha256[32];
	case_mime mime;
	char name[256];
} store_case_file;
/* Store an upload (content already sniffed by the caller; sealed at rest);
 * the same bytes from the same owner give the existing file. */
os_err store_case_file_put(store *st, int64_t owner_id, const char *name, case_mime mime,
                           const unsigned char *data, size_t len, int64_t now,
                           store_case_file *out);
/* The caller's earlier files (for reuse), newest first. */
os_err store_case_files_of(store *st, int64_t owner_id, store_case_file **out, size_t *n);
/* Read a file back (unsealed); *data malloc'd. */
os_err store_case_file_get(store *st, int64_t file_id, store_case_file *meta, unsigned char **data,
                           size_t *len);
/* Attach a file to one of the item's materials (material_key from
 * cat_material_key()); OS_ERR_INVALID when the item has no such material,
 * OS_ERR_NOT_FOUND when the file is not the owner's, OS_ERR_CONFLICT when the
 * case no longer takes materials (only draft, received, prereview, notice). */
os_err store_case_attach(store *st, int64_t case_id, const char *material_key, int64_t file_id,
                         int64_t owner_id, int64_t now, const char **why);
typedef struct store_case_material {
	char key[160];
	char name[CAT_NAME_MAX];
	bool required;
	int64_t file_id; /* 0 = missing */
	char file_name[256];
	case_mime mime;
	int64_t size;
} store_case_material;
/* The item's materials with what is attached (one row per material; a
 * material with several files appears once per file). */
os_err store_case_materials(store *st, int64_t case_id, store_case_material **out, size_t *n);

/* ---- bundles ---- */
/* One application for a bundle: one case per item of the bundle, all in one
 * transaction (same channel, applicant, form, materials shared by key). */
os_err store_case_bundle_create(store *st, int64_t bundle_id, const store_case_new *in,
                                int64_t *bundle_app_id, store_case_list *cases, const char **why);
typedef struct store_case_bundle_app {
	int64_t id, bundle_id, applicant_id, site_id;
	char bundle_name[CAT_NAME_MAX];
	case_state state; /* derived: the least advanced of its cases (withdrawn/rejected aside) */
	case_delivery delivery;
	char tracking[41];
	int64_t created_at, delivered_at;
} store_case_bundle_app;
os_err store_case_bundle_get(store *st, int64_t bundle_app_id, store_case_bundle_app *out,
                             store_case_list *cases);
/* One delivery for the whole bundle: every completed case becomes delivered. */
os_err store_case_bundle_deliver(store *st, int64_t bundle_app_id, case_delivery d,
                                 const char *tracking, int64_t actor_id, int64_t now,
                                 const char **why);

/* ---- idempotency ---- */
typedef enum store_idem_state {
	IDEM_NEW = 1,     /* claimed now: do the work */
	IDEM_REPLAY,      /* done before: *status and *response (owned) are the stored answer */
	IDEM_RESOURCE,    /* the work committed but no response was stored: render resource_id */
	IDEM_MISMATCH,    /* same key, another request body: 422 */
	IDEM_IN_PROGRESS, /* claimed by a request still running: 409 */
} store_idem_state;
os_err store_idem_claim(store *st, int64_t user_id, const char *key, const char *route,
                        const unsigned char hash[32], int64_t now, int in_progress_s,
                        store_idem_state *state, int *status, char **response,
                        int64_t *resource_id);
os_err store_idem_finish(store *st, int64_t user_id, const char *key, int status,
                         const char *response);
/* Drop a claim whose work failed (so that a retry can do it). */
os_err store_idem_release(store *st, int64_t user_id, const char *key);

/* ---- sweep and figures ---- */
/* Deemed acceptances of cases whose acceptance period ended before `today`,
 * overdue counts of open cases whose deadline passed; at most `max` cases. */
os_err store_cases_sweep(store *st, os_date today, int64_t now, int max, int *deemed, int *overdue);
typedef struct store_case_figures {
	int64_t received, accepted, completed, on_time, overdue;
} store_case_figures;
typedef struct store_case_fig_filter {
	os_date from, to; /* inclusive */
	int64_t site_id;  /* 0 = all; with tier */
	int tier;         /* 0 = any */
	int64_t department_id, item_id;
} store_case_fig_filter;
/* Totals from case_counters only. */
os_err store_case_figures_get(store *st, const store_case_fig_filter *f, store_case_figures *out);
typedef struct store_case_fig_row {
	int64_t key_id;
	char name[ORG_NAME_MAX];
	store_case_figures f;
} store_case_fig_row;
/* Grouped by "department", "site", "tier" or "month" (key_id = yyyymm). */
os_err store_case_figures_by(store *st, const store_case_fig_filter *f, const char *group,
                             store_case_fig_row **out, size_t *n);
/* The same totals counted from the cases table (the recount test). */
os_err store_case_figures_recount(store *st, const store_case_fig_filter *f,
                                  store_case_figures *out);

/* The demo year (sqlite_cases_demo.c): `n` completed cases received over the
 * 365 days ending `last_day`, spread across departments, tiers and channels,
 * with their events and counters. OS_ERR_CONFLICT when cases exist. */
os_err store_cases_demo_load(store *st, const os_calendar *cal, os_date last_day, int64_t n,
                             int64_t *loaded);
/* Open cases for the demo accounts, made through the operations above
 * (events, counters and audit as in real use): the demo citizen's cases in
 * prereview, with a one-time notice, under review with a yellow and a red
 * deadline, and one delivered; walk-ins at the district center for the clerk's
 * inbox and the worklists of the market supervision and disabled persons'
 * federation approvers. States that need time are dated back on the
 * calendar (skipped where it does not reach). *made gets the count. */
os_err store_cases_demo_open(store *st, const os_calendar *cal, int64_t now, int *made);

/* ---- reviews (issue 9): sqlite_reviews.c ---- */
/* Good/bad reviews (migration 0008). One rating per service event (a
 * finished hall ticket, a completed or delivered case): the UNIQUE
 * constraint refuses a second (OS_ERR_CONFLICT) and triggers refuse any
 * change or deletion. The responsible site, department, window and clerk
 * are copied onto the rating when it is made. A bad rating opens its
 * follow-up in the same transaction; every rating, answer and appeal
 * decision updates review_counters in its own transaction, and the figures
 * read the counters only. Comment and phone are sealed at rest and unsealed
 * only when the caller asks (reveal; the route audits the read). */
#include "core/review.h"

#define REVIEW_TEXT_CAP    (REVIEW_NOTE_MAX + 1)
#define REVIEW_COMMENT_CAP (REVIEW_COMMENT_MAX * 4 + 1)
#define REVIEW_TABLET_SECS (30 * 60) /* the tablet rates tickets finished this recently */

/* A service event as the rating pages show it (no personal data). */
typedef struct store_review_event {
	review_event kind;
	int64_t id;
	char no[41];                    /* ticket number (A001) or case number */
	char title[256], title_en[256]; /* the queue or the item */
	int64_t site_id, department_id, window_id, clerk_id;
	char site_name[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX];
	char department_name[ORG_NAME_MAX];
	char clerk_name[ORG_NAME_MAX];
	int window_number;
	review_service service;
	int64_t owner_id;   /* a case's applicant account; 0 for tickets */
	int64_t done_at;    /* finished / completed; 0 = not yet */
	bool rateable;      /* finished ticket, completed or delivered case */
	int64_t rating_id;  /* 0 = not rated yet */
	review_level level; /* of that rating */
} store_review_event;
/* OS_ERR_NOT_FOUND for no such event. */
os_err store_review_event_get(store *st, review_event kind, int64_t id, store_review_event *out);
/* The window's last finished ticket when it was finished at or after
 * `since` and has no rating yet; out->id = 0 when there is none. Also fills
 * out->window_number and out->site_id from the window (OS_ERR_NOT_FOUND for
 * no such window). */
os_err store_review_window_pending(store *st, int64_t window_id, int64_t since,
                                   store_review_event *out);
/* The completed or delivered cases of an applicant account with their
 * rating state, newest first (at most `limit`). */
os_err store_review_mine(store *st, int64_t user_id, int limit, store_review_event **out,
                         size_t *n);

typedef struct store_review_rating {
	int64_t id;
	review_event kind;
	int64_t event_id;
	char event_no[41];
	review_level level;
	int dims[RD__COUNT];
	char comment[REVIEW_COMMENT_CAP]; /* "" unless revealed */
	char phone[24];                   /* "" unless revealed */
	bool has_comment, has_phone;
	review_source source;
	int64_t rater_id;
	int64_t site_id, department_id, window_id, clerk_id;
	char site_name[ORG_NAME_MAX], department_name[ORG_NAME_MAX], clerk_name[ORG_NAME_MAX];
	int window_number;
	os_date day;
	int64_t at;
	int64_t followup_id;        /* bad ratings */
	review_appeal_state appeal; /* RAP_NONE when never appealed */
	bool excluded;              /* an upheld appeal */
} store_review_rating;

typedef struct store_review_new {
	review_event kind;
	int64_t event_id;
	review_input in;
	review_source source;
	int64_t rater_id;  /* 0 = anonymous */
	int64_t owner_id;  /* cases rated signed in: must be the applicant (else NOT_FOUND) */
	int64_t window_id; /* the tablet: the window's last finished, unrated ticket */
	int64_t since;     /* the tablet: finished at or after */
	int64_t now;
	os_date today;
	os_date due; /* the follow-up's deadline when the rating is bad */
} store_review_new;
/* Rate a service event. OS_ERR_NOT_FOUND for no such event (or not the
 * owner's, or not at that window); OS_ERR_CONFLICT (*why) when it cannot be
 * rated (not finished, rated already, no longer the tablet's ticket). */
os_err store_review_rate(store *st, const store_review_new *in, store_review_rating *out,
                         const char **why);
os_err store_review_rating_get(store *st, int64_t id, bool reveal, store_review_rating *out);

typedef struct store_review_followup {
	int64_t id, site_id;
	review_fu_state state;
	int64_t opened_at, verified_at, resolved_at, answered_at, closed_at, updated_at;
	os_date due;
	int in_time; /* -1 not answered, 0 late, 1 in time */
	char call_note[REVIEW_TEXT_CAP], fix_note[REVIEW_TEXT_CAP];
	char legal_basis[REVIEW_TEXT_CAP], answer[REVIEW_TEXT_CAP];
	store_review_rating rating;
	/* the appeal of the rating, if any */
	int64_t appeal_id, appellant_id, decider_id, appeal_filed_at, appeal_decided_at;
	char appellant_name[ORG_NAME_MAX], decider_name[ORG_NAME_MAX];
	char appeal_reasons[REVIEW_TEXT_CAP], decision_reasons[REVIEW_TEXT_CAP];
} store_review_followup;

typedef struct store_review_fu_filter {
	int64_t site_id;   /* with the sites below it; 0 = all */
	bool open_only;    /* not answered yet */
	bool appeals_only; /* with an appeal waiting for its decision */
	int64_t clerk_id;  /* 0 = any */
	int64_t offset, limit;
} store_review_fu_filter;
typedef struct store_review_fu_list {
	store_review_followup *rows; /* by due date, open first; comments revealed */
	size_t n;
	int64_t total;
} store_review_fu_list;
os_err store_review_followups_list(store *st, const store_review_fu_filter *f,
                                   store_review_fu_list *out);
void store_review_fu_list_free(store_review_fu_list *l);
os_err store_review_followup_get(store *st, int64_t id, bool reveal, store_review_followup *out);

typedef struct store_review_fu_event {
	int64_t id, at, actor_id;
	review_fu_action action;
	review_fu_state from, to;
	char actor_role[32], actor_name[ORG_NAME_MAX];
	char note[REVIEW_TEXT_CAP];
	os_date due;
} store_review_fu_event;
os_err store_review_followup_events(store *st, int64_t id, store_review_fu_event **out, size_t *n);

typedef struct store_review_fu_act {
	int64_t followup_id;
	review_fu_action action;
	int64_t actor_id;
	const char *actor_role;
	const char *note, *legal_basis, *answer;
	os_date due; /* RFA_FIX_BY_DEADLINE: the new deadline (computed by the caller) */
	os_date today;
	int64_t now;
} store_review_fu_act;
/* One step of the follow-up (review_followup_step), its event, and for an
 * answer the counters (answered, in time). OS_ERR_CONFLICT (*why). */
os_err store_review_followup_act(store *st, const store_review_fu_act *a,
                                 store_review_followup *out, const char **why);

/* File an appeal of a bad rating. OS_ERR_CONFLICT (*why) when the rating is
 * good or was appealed before; *appeal_id the new appeal. */
os_err store_review_appeal_file(store *st, int64_t rating_id, int64_t appellant_id,
                                const char *reasons, int64_t now, int64_t *appeal_id,
                                const char **why);
typedef struct store_review_appeal {
	int64_t id, rating_id, site_id, appellant_id, decider_id, followup_id;
	review_appeal_state state;
	int64_t filed_at, decided_at;
} store_review_appeal;
os_err store_review_appeal_get(store *st, int64_t id, store_review_appeal *out);
/* Decide (review_appeal_decide inside the transaction): upheld excludes the
 * rating from the counters' praise rate. */
os_err store_review_appeal_decide(store *st, int64_t appeal_id, int64_t decider_id,
                                  review_appeal_state to, const char *reasons, int64_t now,
                                  const char **why);

typedef struct store_review_figures {
	int64_t ratings, good, bad, excluded, answered, in_time;
} store_review_figures;
typedef struct store_review_fig_filter {
	os_date from, to; /* inclusive */
	int64_t site_id;  /* with the sites below it; 0 = all */
	int64_t clerk_id; /* 0 = any */
} store_review_fig_filter;
typedef struct store_review_fig_row {
	int64_t key_id;
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	char site_name[ORG_NAME_MAX]; /* windows and clerks: where */
	store_review_figures f;
} store_review_fig_row;
/* Totals, and rows grouped by "site", "department", "window" or "clerk"
 * (NULL = no rows), from review_counters only. */
os_err store_review_figures_get(store *st, const store_review_fig_filter *f, const char *group,
                                store_review_figures *total, store_review_fig_row **rows,
                                size_t *n);
/* The same totals counted from the ratings (the recount test). */
os_err store_review_figures_recount(store *st, const store_review_fig_filter *f,
                                    store_review_figures *out);

/* The key of the rating links (created by the migration). */
os_err store_review_secret(store *st, unsigned char out[32]);

/* The demo: good ratings for most of the demo hall's finished tickets and
 * one bad review with its follow-up open (due on the stored calendar).
 * OS_ERR_CONFLICT when ratings exist. */
os_err store_review_demo_load(store *st, int64_t now);

/* ---- complaints (issue 9): sqlite_complaints.c ----
 * The complaint window (migration 0009): recording (online or at the
 * window), one owner, departments brought in with their responses, the
 * contact before the deadline, the answer with its outcome and cause,
 * out-of-scope matters explained, typical cases, the timeline and the
 * figures. Every write is one transaction: the complaint row, its event,
 * the counters (complaint_counters, complaint_answer_counters) and the audit
 * row commit together; the transition is checked by complaint_transition()
 * (src/core/complaint.h) against the row inside the transaction, so two
 * coordinators taking the same complaint cannot both win. The contact's
 * name and phone are sealed at rest and returned in full: the API masks
 * them where needed. */
#include "core/complaint.h"

typedef struct store_complaint {
	int64_t id;
	char no[COMPLAINT_NO_MAX];
	complaint_state state;
	complaint_channel channel;
	int64_t site_id;
	char site_name[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX];
	int64_t item_id, item_department_id;
	char item_code[64], item_name[256];
	char summary[COMPLAINT_TEXT_MAX];
	char contact_name[ORG_NAME_MAX], contact_phone[32]; /* unsealed */
	int64_t recorded_by, recorded_at;
	os_date recorded_day, due;
	int64_t owner_id;
	char owner_name[ORG_NAME_MAX];
	int64_t owned_at, contacted_at, answered_at, answered_by, closed_at, updated_at;
	complaint_outcome outcome;
	complaint_cause cause;
	complaint_scope scope;
	char answer[COMPLAINT_TEXT_MAX];
	char referred_to[COMPLAINT_REF_MAX];
	int on_time; /* -1 not answered, 0 late, 1 in time */
	bool typical;
	char improvement[COMPLAINT_NOTE_MAX];
	int departments, responses; /* brought in; of them answered */
} store_complaint;

/* Record a complaint: the reference number from the day's sequence, the
 * deadline `answer_days` working days after the recording on cal, the
 * lookup token's hash, the event and the counters. With scope (a
 * coordinator at the window) it is explained at once: answered, outcome
 * "explained", the explanation as the answer, the recorder its owner.
 * OS_ERR_INVALID with *field "site_id" or "item_id" for no such site or
 * item; OS_ERR_NO_CALENDAR when the calendar does not reach the deadline. */
typedef struct store_complaint_new {
	int64_t site_id, item_id; /* item 0 = none */
	const char *summary;
	const char *contact_name, *contact_phone; /* sealed; "" = none */
	complaint_channel channel;
	complaint_scope scope;
	const char *explanation; /* with scope */
	int64_t recorded_by;     /* 0 = anonymous */
	unsigned actor;          /* complaint_actor bits of the recorder */
	const char *actor_role;
	const unsigned char *token_hash; /* 32 bytes */
	int64_t now;
	const os_calendar *cal;
	int answer_days;
} store_complaint_new;
os_err store_complaint_record(store *st, const store_complaint_new *in, store_complaint *out,
                              const char **field);

/* Apply one action (not CPA_RECORD) to a complaint. actor holds
 * CPACT_COORDINATOR and/or CPACT_MANAGER from the caller's role; the store
 * adds CPACT_OWNER when the caller owns the complaint. Extras per action:
 *   CPA_ASSIGN        owner_id: an enabled complaint coordinator
 *   CPA_INVOLVE       department_id, text (the note; once per department)
 *   CPA_RESPOND       department_id (brought in before), text (its response)
 *   CPA_CONTACT       text (what the person was told)
 *   CPA_ANSWER        outcome, cause (not none), text (the answer),
 *                     referred_to (required for CPO_REFERRED)
 *   CPA_OUT_OF_SCOPE  scope (not in scope), text (the explanation)
 *   CPA_TAG           typical, text (the improvement note; required when typical)
 *   CPA_CLOSE         text (optional note)
 * OS_ERR_CONFLICT (*why) for an illegal transition (taking an owned one),
 * OS_ERR_FORBIDDEN (*why) for a wrong actor, OS_ERR_INVALID (*why, *field)
 * for bad extras, OS_ERR_NOT_FOUND for no such complaint. Nothing changes
 * on any error. */
typedef struct store_complaint_act {
	int64_t complaint_id;
	complaint_action action;
	unsigned actor;
	int64_t actor_id;
	const char *actor_role;
	int64_t owner_id, department_id;
	const char *text, *referred_to;
	complaint_outcome outcome;
	complaint_cause cause;
	complaint_scope scope;
	bool typical;
	int64_t now;
} store_complaint_act;
os_err store_complaint_apply(store *st, const store_complaint_act *a, store_complaint *out,
                             const char **why, const char **field);

os_err store_complaint_get(store *st, int64_t id, store_complaint *out);
/* By the SHA-256 of its lookup token. */
os_err store_complaint_by_token(store *st, const unsigned char hash[32], store_complaint *out);

typedef struct store_complaint_dept {
	int64_t department_id;
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	int64_t involved_at, involved_by, responded_at, responded_by;
	char note[COMPLAINT_NOTE_MAX];
	char response[COMPLAINT_TEXT_MAX];
} store_complaint_dept;
typedef struct store_complaint_event {
	int64_t id, at, actor_id, department_id, target_id;
	char actor_role[32], actor_name[ORG_NAME_MAX];
	char department_name[ORG_NAME_MAX], target_name[ORG_NAME_MAX];
	complaint_action action;
	complaint_state from, to;
	char note[COMPLAINT_TEXT_MAX];
} store_complaint_event;
/* The departments (in the order brought in) and the timeline (oldest
 * first, at most COMPLAINT_EVENTS_MAX). The caller frees both. */
#define COMPLAINT_EVENTS_MAX 500
os_err store_complaint_trail(store *st, int64_t id, store_complaint_dept **depts, size_t *nd,
                             store_complaint_event **events, size_t *ne);

typedef enum store_complaint_view {
	CPV_OPEN = 0, /* recorded, owned, in progress: by deadline */
	CPV_NEW,      /* recorded, nobody owns it yet: oldest first */
	CPV_MINE,     /* owned or in progress by owner_id: by deadline */
	CPV_ANSWERED, /* answered or closed: newest answer first */
	CPV_TYPICAL,  /* tagged typical: newest answer first */
	CPV_ALL,      /* newest first */
} store_complaint_view;
typedef struct store_complaint_filter {
	store_complaint_view view;
	int64_t owner_id; /* CPV_MINE */
	int64_t site_id;  /* 0 = any; else the site and the sites below it */
	int64_t offset, limit;
} store_complaint_filter;
typedef struct store_complaint_list {
	store_complaint *rows;
	size_t n;
	int64_t total;
} store_complaint_list;
os_err store_complaints_list(store *st, const store_complaint_filter *f, store_complaint_list *out);
void store_complaint_list_free(store_complaint_list *l);

/* Count as overdue (once, in the month of their due day) the open
 * complaints whose due day is before `today`; at most `max`. */
os_err store_complaints_sweep(store *st, os_date today, int max, int *marked);

typedef struct store_complaint_counts {
	int64_t opened, answered, on_time, overdue, out_of_scope, typical;
} store_complaint_counts;
typedef struct store_complaint_fig_row {
	int64_t key; /* yyyymm, site id */
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	store_complaint_counts c;
} store_complaint_fig_row;
typedef struct store_complaint_answer_row {
	complaint_outcome outcome;
	complaint_cause cause;
	complaint_scope scope;
	int64_t n;
} store_complaint_answer_row;
typedef struct store_complaint_figures {
	store_complaint_counts total;
	store_complaint_fig_row *by_month, *by_site; /* months ascending; sites by id */
	size_t n_month, n_site;
	store_complaint_answer_row *answers; /* by outcome, cause, scope */
	size_t n_answers;
} store_complaint_figures;
/* Sums of the counters of months from..to (yyyymm, inclusive), of site_id
 * and the sites below it (0 = every site). */
os_err store_complaint_figures_get(store *st, int from_month, int to_month, int64_t site_id,
                                   store_complaint_figures *out);
void store_complaint_figures_free(store_complaint_figures *f);

typedef struct store_complaint_coordinator {
	int64_t id;
	char login[65], display_name[ORG_NAME_MAX];
	char site_name[ORG_NAME_MAX];
	int64_t open; /* complaints owned and not yet answered */
} store_complaint_coordinator;
/* Enabled complaint coordinators with their open workload. */
os_err store_complaint_coordinators(store *st, store_complaint_coordinator **out, size_t *n);

/* The demo: a handful of complaints in every state recorded over the last
 * weeks through the same operations as the API (owned by the demo
 * coordinator "complaint"), two tagged typical, one out of scope.
 * OS_ERR_CONFLICT when complaints exist. */
os_err store_complaints_demo_load(store *st, const os_calendar *cal, int64_t now, int answer_days);

/* ---- proxy service and butlers (issue 9): sqlite_proxy.c ----
 * Requests for help (帮办), agency (代办) and home visits (上门办) with
 * their authorisation, assignment to a specialist or a butler, home visits
 * and video assessments, the cases filed for the person, delivery, the
 * butlers registered by the sites and the figures (proxy_counters). Every
 * write is one transaction: the request, its event, the counters and the
 * audit row commit together; transitions are checked by proxy_transition()
 * (src/core/proxy.h) inside it. */
#include "core/proxy.h"

typedef struct store_proxy_request {
	int64_t id;
	char no[PROXY_NO_MAX];
	int64_t site_id;
	char site_name[ORG_NAME_MAX], site_name_en[ORG_NAME_MAX];
	proxy_kind kind;
	proxy_filer filer;
	proxy_channel channel;
	proxy_state state;
	queue_green green;
	int64_t requester_id;
	char requester_name[ORG_NAME_MAX];
	char relation[64];
	/* the person, unsealed (the API masks what the caller may not see);
	 * the address only when the caller asked (reveal) */
	char person_name[ORG_NAME_MAX];
	char id_number[24];
	char phone[24];
	char address[256];
	int64_t item_id;
	char item_code[CAT_CODE_MAX];
	char item_name[CAT_NAME_MAX];
	char note[PROXY_REASON_MAX];
	proxy_auth auth;
	int64_t assignee_id;
	char assignee_name[ORG_NAME_MAX];
	char assignee_role[32];
	int64_t assigned_at;
	int delivery; /* case_delivery */
	char tracking[41];
	int64_t posted_at, completed_at;
	char reason[PROXY_REASON_MAX];
	int64_t created_at, updated_at;
	int64_t next_visit_at; /* the next scheduled visit, 0 none */
	int64_t cases;         /* cases filed under it */
} store_proxy_request;

typedef struct store_proxy_new {
	int64_t site_id;
	proxy_kind kind;
	proxy_filer filer;
	proxy_channel channel;
	queue_green green; /* as decided by the API (proxy_green_of) */
	int64_t requester_id;
	const char *actor_role;
	const char *relation;
	const char *person_name, *id_number, *phone, *address; /* sealed; id normalised */
	int64_t item_id;
	const char *item_code, *item_name; /* the item's current version */
	const char *note;
	const proxy_auth *auth;
	int64_t now;
	os_date today;
} store_proxy_new;
/* File a request (state submitted). OS_ERR_NOT_FOUND (*field "site_id")
 * when the site does not exist. */
os_err store_proxy_request_create(store *st, const store_proxy_new *in, store_proxy_request *out,
                                  const char **field);
/* One request; reveal = unseal the address too (the
 * caller audits the read). */
os_err store_proxy_request_get(store *st, int64_t id, bool reveal, store_proxy_request *out);

typedef struct store_proxy_filter {
	int64_t site_id;      /* 0 = any; the site and the sites below it */
	int64_t assignee_id;  /* 0 = any */
	int64_t requester_id; /* 0 = any */
	bool open_only;       /* not completed nor cancelled: ordered by priority */
	int state;            /* 0 = any, else one proxy_state */
	int64_t offset, limit;
} store_proxy_filter;
typedef struct store_proxy_list {
	store_proxy_request *rows; /* the address left empty */
	size_t n;
	int64_t total;
} store_proxy_list;
/* Open requests by priority (proxy_priority_cmp: green first, home visits
 * next, oldest first; at most 1000 considered), or all newest first. */
os_err store_proxy_requests_list(store *st, const store_proxy_filter *f, store_proxy_list *out);
void store_proxy_list_free(store_proxy_list *l);

/* One action on a request. `specialist` says whether the actor is a proxy
 * specialist or manager of the request's site (decided by the API); the
 * requester and assignee bits are decided here against the row, inside the
 * transaction. Extras per action:
 *   PA_ASSIGN/REASSIGN   assignee_id: an enabled account with role proxy or
 *                        butler (reason required to reassign)
 *   PA_SCHEDULE_VISIT    scheduled_at, mode, team (normalised), has_doctor,
 *                        address (NULL or "": the request's), note
 *   PA_RECORD_VISIT      visit_id, visit_done (false: nobody met, the
 *                        request stays scheduled), outcome
 *   PA_FILE_CASE         case_id: a case with proxy_request_id = this request,
 *                        its item covered by the authorisation on `today`
 *   PA_COMPLETE          delivery (case_delivery), tracking (post: required,
 *                        or taken from a filed case delivered by post)
 *   PA_CANCEL            reason
 * *why names the problem; *field (may be NULL) the input. OS_ERR_CONFLICT
 * for an illegal transition, OS_ERR_FORBIDDEN for a wrong actor,
 * OS_ERR_INVALID for bad extras, OS_ERR_NOT_FOUND for a missing object. */
typedef struct store_proxy_act {
	int64_t request_id;
	proxy_action action;
	int64_t actor_id;
	const char *actor_role;
	bool specialist;
	int64_t assignee_id;
	const char *reason;
	int64_t scheduled_at;
	proxy_visit_mode mode;
	const char *team;
	bool has_doctor;
	const char *address;
	const char *note;
	int64_t visit_id;
	bool visit_done;
	const char *outcome;
	int64_t case_id;
	int delivery;
	const char *tracking;
	int64_t now;
	os_date today;
	int64_t result_id; /* out: the visit scheduled */
} store_proxy_act;
os_err store_proxy_apply(store *st, store_proxy_act *a, store_proxy_request *out, const char **why,
                         const char **field);

typedef struct store_proxy_event {
	int64_t id, at, actor_id, assignee_id;
	proxy_action action; /* PA_NONE = filed */
	proxy_state from, to;
	char actor_role[32];
	char actor_name[ORG_NAME_MAX];
	char assignee_name[ORG_NAME_MAX];
	char note[PROXY_REASON_MAX];
} store_proxy_event;
os_err store_proxy_events(store *st, int64_t request_id, store_proxy_event **out, size_t *n);

typedef struct store_proxy_visit {
	int64_t id, request_id;
	char request_no[PROXY_NO_MAX];
	char person_name[ORG_NAME_MAX]; /* unsealed; the API masks it */
	char item_name[CAT_NAME_MAX];
	int64_t assignee_id, site_id;
	proxy_visit_mode mode;
	proxy_visit_state state;
	int64_t scheduled_at, done_at, created_at;
	char address[256]; /* only with reveal */
	char team[PROXY_TEAM_CAP];
	bool has_doctor;
	char note[PROXY_REASON_MAX];
	char outcome[PROXY_REASON_MAX];
} store_proxy_visit;
typedef struct store_proxy_visit_filter {
	int64_t request_id;  /* 0 = any */
	int64_t assignee_id; /* 0 = any: the request's assignee */
	int64_t site_id;     /* 0 = any; and below */
	int64_t from, to;    /* scheduled_at range; 0 = open */
	bool reveal;         /* unseal the addresses */
	int64_t limit;
} store_proxy_visit_filter;
/* By time of the visit. */
os_err store_proxy_visits_list(store *st, const store_proxy_visit_filter *f,
                               store_proxy_visit **out, size_t *n);

/* Cases filed under a request: ids (cap). */
os_err store_proxy_request_cases(store *st, int64_t request_id, int64_t *out, size_t cap,
                                 size_t *n);

/* ---- butlers ---- */
typedef struct store_proxy_butler {
	int64_t id, site_id, user_id;
	char site_name[ORG_NAME_MAX];
	char login[65];
	char name[ORG_NAME_MAX]; /* unsealed */
	char phone[24];          /* unsealed; the API masks it */
	char items[PROXY_CODES_CAP];
	char availability[256];
	bool active;
	int64_t registered_at;
	int64_t open_requests; /* of its account */
} store_proxy_butler;
typedef struct store_proxy_butler_new {
	int64_t site_id, user_id; /* user_id 0 = a volunteer without an account */
	const char *name, *phone, *items, *availability;
	int64_t registered_by, now;
	/* Non-NULL: create this butler account in the same transaction (then
	 * user_id is ignored); *account_field names a refused account input. */
	const store_user_new *account;
	const char **account_field;
} store_proxy_butler_new;
/* OS_ERR_CONFLICT when the account has a butler record already or is not a
 * butler account; OS_ERR_NOT_FOUND for no such site. */
os_err store_proxy_butler_register(store *st, const store_proxy_butler_new *in, int64_t *id);
os_err store_proxy_butler_get(store *st, int64_t id, store_proxy_butler *out);
/* A butler record by its account (OS_ERR_NOT_FOUND when it has none). */
os_err store_proxy_butler_of_user(store *st, int64_t user_id, store_proxy_butler *out);
typedef struct store_proxy_butler_filter {
	int64_t site_id; /* 0 = any; and below */
	int active;      /* -1 any, 0, 1 */
	int64_t offset, limit;
} store_proxy_butler_filter;
os_err store_proxy_butlers_list(store *st, const store_proxy_butler_filter *f,
                                store_proxy_butler **out, size_t *n, int64_t *total);
/* Change what a butler is trained for, his availability, or deactivate /
 * reactivate him (the butlers counter follows). NULL leaves a field. */
os_err store_proxy_butler_update(store *st, int64_t id, const char *items, const char *availability,
                                 int active, int64_t now);

/* The accounts requests may be assigned to (proxy specialists and butler
 * accounts of the site and below) and their open requests. */
typedef struct store_proxy_staff {
	int64_t user_id;
	char name[ORG_NAME_MAX];
	char role[32];
	int64_t site_id;
	char site_name[ORG_NAME_MAX];
	int64_t open_requests, visits_scheduled;
	int64_t butler_id; /* 0 = none */
	char items[PROXY_CODES_CAP];
	char availability[256];
} store_proxy_staff;
os_err store_proxy_staff_list(store *st, int64_t site_id, store_proxy_staff **out, size_t *n);

/* ---- figures ---- */
typedef struct store_proxy_figures {
	int64_t butlers_active; /* registered minus deactivated up to `to` */
	int64_t requests, people_served, home_visits, video_visits, items_handled;
} store_proxy_figures;
typedef struct store_proxy_fig_filter {
	os_date from, to; /* inclusive */
	int64_t site_id;  /* 0 = all; the site and below */
} store_proxy_fig_filter;
typedef struct store_proxy_fig_row {
	int64_t key_id; /* a township (or the district center) id, or yyyymm */
	char name[ORG_NAME_MAX], name_en[ORG_NAME_MAX];
	store_proxy_figures f;
} store_proxy_fig_row;
os_err store_proxy_figures_get(store *st, const store_proxy_fig_filter *f,
                               store_proxy_figures *out);
/* Grouped by "site" (villages counted under their township) or "month". */
os_err store_proxy_figures_by(store *st, const store_proxy_fig_filter *f, const char *group,
                              store_proxy_fig_row **out, size_t *n);

/* The demo year: 1,200 butlers across the townships and villages (the demo
 * "butler" account linked to one of them), 2,140 people served and 245 home
 * visits spread over the 12 months ending `today` by site, a few open
 * requests in the queue. OS_ERR_CONFLICT when butlers exist. */
os_err store_proxy_demo_load(store *st, int64_t now);

#endif
