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

#include "core/error.h"
#include "core/org.h"
#include "core/demo.h"

typedef struct store store;

typedef struct store_options {
	const char *path;
	int read_connections; /* kept open for readers */
	int group_commit_max; /* most operations per commit */
	bool create;          /* create the file when absent */
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

#endif
