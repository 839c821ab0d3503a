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

#endif
