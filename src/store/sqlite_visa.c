/* sqlite_visa.c - the port-visa office in SQLite (store.h, "port visa").
 *
 * Each write operation reads the rows it decides on and asks src/core/visa.c
 * whether the transition is allowed, inside its own transaction: the check
 * and the change commit together. Statements that several operations share
 * are static arrays so that the connection's statement cache holds them
 * once.
 *
 * Passport numbers and birth dates are sealed at rest (sq_bind_sealed,
 * src/core/pii.h): every insert seals them, every read opens them, and exact
 * matches (a passport in another group, the arrival scan, the unique
 * constraint) go through passport_hash, the keyed hash of the normalised
 * number. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "core/visa.h"
#include "store/sq.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src ? src : "", cap - 1);
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

static os_date col_date(sqlite3_stmt *st, int i)
{
	os_date d = 0;
	const unsigned char *t = sqlite3_column_text(st, i);
	if (t)
		os_date_parse((const char *)t, strlen((const char *)t), &d);
	return d;
}

static void bind_date(sqlite3_stmt *st, int i, os_date d)
{
	char s[OS_DATE_STRLEN];
	os_date_format(d, s);
	sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* ---- personal data at rest ---- */

/* The keyed lookup hash of a passport number, normalised as visa_passport_key
 * does (the same in src/store/sqlite_keys.c when a key rotation recomputes
 * it). */
static void passport_hash(sq_conn *c, const char *passport, uint8_t out[32])
{
	char key[32];
	visa_passport_key(passport, key, sizeof key);
	sq_lookup_hash(c, key, out);
}

/* Bind a passport number sealed at i_enc and its hash at i_hash (both NULL
 * for ""). */
static os_err bind_passport(sq_conn *c, sqlite3_stmt *st, int i_enc, int i_hash,
                            const char *passport)
{
	os_err e = sq_bind_sealed(c, st, i_enc, passport);
	if (e)
		return e;
	if (!passport || !passport[0])
		return sqlite3_bind_null(st, i_hash) == SQLITE_OK ? OS_OK : OS_ERR_IO;
	uint8_t h[32];
	passport_hash(c, passport, h);
	return sqlite3_bind_blob(st, i_hash, h, 32, SQLITE_TRANSIENT) == SQLITE_OK ? OS_OK
	                                                                           : OS_ERR_IO;
}

static os_err bind_passport_hash(sq_conn *c, sqlite3_stmt *st, int i, const char *passport)
{
	uint8_t h[32];
	passport_hash(c, passport, h);
	return sqlite3_bind_blob(st, i, h, 32, SQLITE_TRANSIENT) == SQLITE_OK ? OS_OK : OS_ERR_IO;
}

/* A date sealed as YYYY-MM-DD. */
static os_err bind_sealed_date(sq_conn *c, sqlite3_stmt *st, int i, os_date d)
{
	char s[OS_DATE_STRLEN];
	os_date_format(d, s);
	return sq_bind_sealed(c, st, i, s);
}

/* Open a sealed date; *has false (and *d 0) for NULL. */
static os_err col_sealed_date(sq_conn *c, sqlite3_stmt *st, int i, os_date *d, bool *has)
{
	char s[OS_DATE_STRLEN + 4];
	*d = 0;
	os_err e = sq_column_unsealed(c, st, i, s, sizeof s);
	if (e)
		return e;
	bool ok = s[0] && os_date_parse(s, strlen(s), d) == OS_OK;
	if (has)
		*has = ok;
	return OS_OK;
}

static os_err fail(store_visa_result *res, os_err e, const char *why, const char *field)
{
	if (res) {
		res->why = why;
		res->field = field;
	}
	return e;
}

/* ---- reading groups and members ------------------------------------------------ */

#define GROUP_COLS                                                                                 \
	"g.id, g.agency_id, a.name, g.group_no, g.flight, g.arrival_date, g.arrival_time,"         \
	" g.itinerary, g.stay_days, g.leader_name, g.leader_phone, g.status, g.note,"              \
	" g.created_at, coalesce(g.submitted_at, 0), coalesce(g.decided_at, 0),"                   \
	" coalesce(g.arrived_at, 0), coalesce(g.issued_at, 0),"                                    \
	" coalesce((SELECT v.id FROM visas v WHERE v.group_id = g.id), 0)"
#define GROUP_FROM  " FROM visa_groups g JOIN visa_agencies a ON a.id = g.agency_id"
#define GROUP_NCOLS 19

static const char SQL_GROUP_GET[] = "SELECT " GROUP_COLS GROUP_FROM " WHERE g.id = ?";

static void read_group(sqlite3_stmt *st, visa_group *g)
{
	char buf[16];
	memset(g, 0, sizeof *g);
	g->id = sqlite3_column_int64(st, 0);
	g->agency_id = sqlite3_column_int64(st, 1);
	sq_text(st, 2, g->agency_name, sizeof g->agency_name);
	sq_text(st, 3, g->group_no, sizeof g->group_no);
	sq_text(st, 4, g->flight, sizeof g->flight);
	g->arrival_date = col_date(st, 5);
	sq_text(st, 6, buf, sizeof buf);
	visa_parse_hhmm(buf, &g->arrival_minute);
	sq_text(st, 7, g->itinerary, sizeof g->itinerary);
	g->stay_days = sqlite3_column_int(st, 8);
	sq_text(st, 9, g->leader_name, sizeof g->leader_name);
	sq_text(st, 10, g->leader_phone, sizeof g->leader_phone);
	sq_text(st, 11, buf, sizeof buf);
	g->status = visa_group_status_parse(buf);
	sq_text(st, 12, g->note, sizeof g->note);
	g->created_at = sqlite3_column_int64(st, 13);
	g->submitted_at = sqlite3_column_int64(st, 14);
	g->decided_at = sqlite3_column_int64(st, 15);
	g->arrived_at = sqlite3_column_int64(st, 16);
	g->issued_at = sqlite3_column_int64(st, 17);
	g->visa_id = sqlite3_column_int64(st, 18);
}

static os_err group_load(sq_conn *c, int64_t id, visa_group *g)
{
	sqlite3_stmt *st = sq_prep(c, SQL_GROUP_GET);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_group(st, g);
	sqlite3_reset(st);
	return sq_one(rc);
}

/* Load a group for an agency write: it must exist and be the agency's own
 * (agency_id 0: an officer, any group). */
static os_err group_for(sq_conn *c, int64_t id, int64_t agency_id, visa_group *g,
                        store_visa_result *res)
{
	os_err e = group_load(c, id, g);
	if (e == OS_ERR_NOT_FOUND || (!e && agency_id && g->agency_id != agency_id))
		return fail(res, OS_ERR_NOT_FOUND, "no such group", NULL);
	return e;
}

#define MEMBER_COLS                                                                                \
	"id, group_id, seq, surname, given_names, sex, birth_enc, nationality, passport_enc,"      \
	" passport_expiry, status, note, needs_correction, coalesce(watch_id, 0),"                 \
	" coalesce(scanned_at, 0)"

static const char SQL_MEMBERS[] =
    "SELECT " MEMBER_COLS " FROM visa_members WHERE group_id = ? ORDER BY seq";

static os_err read_member(sq_conn *c, sqlite3_stmt *st, visa_member *m)
{
	char buf[16];
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->group_id = sqlite3_column_int64(st, 1);
	m->seq = sqlite3_column_int(st, 2);
	sq_text(st, 3, m->surname, sizeof m->surname);
	sq_text(st, 4, m->given_names, sizeof m->given_names);
	sq_text(st, 5, buf, sizeof buf);
	m->sex = buf[0];
	sq_text(st, 7, m->nationality, sizeof m->nationality);
	m->expiry = col_date(st, 9);
	sq_text(st, 10, buf, sizeof buf);
	m->status = visa_member_status_parse(buf);
	sq_text(st, 11, m->note, sizeof m->note);
	m->needs_correction = sqlite3_column_int(st, 12) != 0;
	m->watch_id = sqlite3_column_int64(st, 13);
	m->scanned_at = sqlite3_column_int64(st, 14);
	os_err e = col_sealed_date(c, st, 6, &m->birth, NULL);
	if (!e)
		e = sq_column_unsealed(c, st, 8, m->passport, sizeof m->passport);
	return e;
}

static os_err members_load(sq_conn *c, int64_t group_id, visa_member **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *st = sq_prep(c, SQL_MEMBERS);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, group_id);
	int rc;
	os_err e = OS_OK;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = os_realloc(*out, cap * sizeof **out);
		}
		e = read_member(c, st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	*out = sq_rows_take(e, *out, *n, n);
	return e;
}

/* ---- agencies -------------------------------------------------------------------- */

typedef struct agencies_args {
	int64_t only;
	visa_agency *rows;
	size_t n;
} agencies_args;

static os_err agencies_op(sq_conn *c, void *arg)
{
	agencies_args *a = arg;
	size_t cap = 0;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, name, name_en, licence_no, contact_name,"
	                              " contact_phone, contact_email FROM visa_agencies"
	                              " WHERE ?1 = 0 OR id = ?1 ORDER BY id");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->only);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (a->n == cap) {
			cap = cap ? cap * 2 : 8;
			a->rows = os_realloc(a->rows, cap * sizeof *a->rows);
		}
		visa_agency *x = &a->rows[a->n++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, x->name, sizeof x->name);
		sq_text(st, 2, x->name_en, sizeof x->name_en);
		sq_text(st, 3, x->licence_no, sizeof x->licence_no);
		sq_text(st, 4, x->contact_name, sizeof x->contact_name);
		sq_text(st, 5, x->contact_phone, sizeof x->contact_phone);
		sq_text(st, 6, x->contact_email, sizeof x->contact_email);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_visa_agencies_list(store *st, int64_t only_id, visa_agency **out, size_t *n)
{
	agencies_args a = {only_id, NULL, 0};
	os_err e = sq_read(st, agencies_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

typedef struct agency_create_args {
	const visa_agency *a;
	int64_t now, id;
} agency_create_args;

static const char SQL_AGENCY_INSERT[] =
    "INSERT INTO visa_agencies(id, name, name_en, licence_no, contact_name, contact_phone,"
    " contact_email, created_at) VALUES (nullif(?, 0),?,?,?,?,?,?,?)";

static os_err agency_insert(sq_conn *c, const visa_agency *x, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = sq_prep(c, SQL_AGENCY_INSERT);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, x->id);
	bind_text(st, 2, x->name);
	bind_text(st, 3, x->name_en);
	bind_text(st, 4, x->licence_no);
	bind_text(st, 5, x->contact_name);
	bind_text(st, 6, x->contact_phone);
	bind_text(st, 7, x->contact_email);
	sqlite3_bind_int64(st, 8, now);
	os_err e = sq_exec(c, st);
	if (!e)
		*id = sqlite3_last_insert_rowid(c->db);
	return e;
}

static os_err agency_create_op(sq_conn *c, void *arg)
{
	agency_create_args *a = arg;
	visa_agency x = *a->a;
	x.id = 0;
	return agency_insert(c, &x, a->now, &a->id);
}

os_err store_visa_agency_create(store *st, const visa_agency *a, int64_t now, int64_t *id)
{
	agency_create_args x = {a, now, 0};
	os_err e = sq_write(st, agency_create_op, &x);
	if (!e && id)
		*id = x.id;
	return e;
}

/* ---- group lists -------------------------------------------------------------------- */

typedef struct groups_args {
	const store_visa_group_filter *f;
	store_visa_group_list *out;
} groups_args;

#define GROUP_WHERE                                                                                \
	" WHERE (?1 = 0 OR g.agency_id = ?1) AND (?2 = '' OR g.status = ?2)"                       \
	" AND (?3 = 0 OR g.status IN ('submitted', 'under_review'))"                               \
	" AND (?4 = 0 OR g.status IN ('approved', 'arrived', 'issued'))"                           \
	" AND (?5 = '' OR g.arrival_date = ?5)"

static void bind_group_filter(sqlite3_stmt *st, const store_visa_group_filter *f)
{
	sqlite3_bind_int64(st, 1, f->agency_id);
	bind_text(st, 2, f->status ? visa_group_status_key(f->status) : "");
	sqlite3_bind_int(st, 3, f->review_queue);
	sqlite3_bind_int(st, 4, f->arrivals);
	if (f->has_date)
		bind_date(st, 5, f->arrival_date);
	else
		bind_text(st, 5, "");
}

#define MCOUNT(cond) ", (SELECT count(*) FROM visa_members m WHERE m.group_id = g.id" cond ")"
static const char SQL_GROUP_LIST[] = "SELECT " GROUP_COLS MCOUNT("")
    MCOUNT(" AND m.status = 'pending'") MCOUNT(" AND m.status = 'approved'")
        MCOUNT(" AND m.status = 'refused'") MCOUNT(" AND m.status = 'flagged'")
            MCOUNT(" AND m.status = 'present'") MCOUNT(" AND m.status = 'absent'")
                MCOUNT(" AND m.status = 'issued'") GROUP_FROM GROUP_WHERE
    " ORDER BY CASE WHEN ?3 = 1 OR ?4 = 1 THEN g.arrival_at ELSE -g.id END, g.flight, g.id"
    " LIMIT ?6 OFFSET ?7";
#undef MCOUNT

static os_err groups_op(sq_conn *c, void *arg)
{
	groups_args *a = arg;
	const store_visa_group_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM visa_groups g" GROUP_WHERE);
	if (!st)
		return OS_ERR_IO;
	bind_group_filter(st, f);
	int rc = sqlite3_step(st);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, SQL_GROUP_LIST);
	if (!st)
		return OS_ERR_IO;
	bind_group_filter(st, f);
	sqlite3_bind_int64(st, 6, f->limit);
	sqlite3_bind_int64(st, 7, f->offset);
	size_t cap = f->limit > 0 ? (size_t)f->limit : 1;
	a->out->rows = os_calloc(cap, sizeof *a->out->rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < cap) {
		store_visa_group_row *r = &a->out->rows[a->out->n++];
		read_group(st, &r->g);
		int64_t *counts[] = {&r->members, &r->pending, &r->approved, &r->refused,
		                     &r->flagged, &r->present, &r->absent,   &r->issued};
		for (int k = 0; k < 8; k++)
			*counts[k] = sqlite3_column_int64(st, GROUP_NCOLS + k);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_visa_groups_list(store *st, const store_visa_group_filter *f,
                              store_visa_group_list *out)
{
	memset(out, 0, sizeof *out);
	groups_args a = {f, out};
	os_err e = sq_read(st, groups_op, &a);
	if (e)
		store_visa_group_list_free(out);
	return e;
}

void store_visa_group_list_free(store_visa_group_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static os_err group_get_op(sq_conn *c, void *arg)
{
	store_visa_group_detail *d = arg;
	os_err e = group_load(c, d->g.id, &d->g);
	if (!e)
		e = members_load(c, d->g.id, &d->members, &d->n_members);
	return e;
}

os_err store_visa_group_get(store *st, int64_t id, store_visa_group_detail *out)
{
	memset(out, 0, sizeof *out);
	out->g.id = id;
	os_err e = sq_read(st, group_get_op, out);
	if (e)
		store_visa_group_detail_free(out);
	return e;
}

void store_visa_group_detail_free(store_visa_group_detail *d)
{
	free(d->members);
	d->members = NULL;
	d->n_members = 0;
}

/* ---- writing groups and members ------------------------------------------------------- */

static const char SQL_GROUP_INSERT[] =
    "INSERT INTO visa_groups(agency_id, group_no, flight, arrival_date, arrival_time,"
    " arrival_at, port, itinerary, stay_days, leader_name, leader_phone, status, created_by,"
    " created_at, updated_at, submitted_at, decided_at, arrived_at)"
    " VALUES (?,?,?,?,?,?,'" VISA_PORT_CODE "',?,?,?,?,?,nullif(?, 0),?,?,nullif(?, 0),"
    " nullif(?, 0), nullif(?, 0))";

static os_err group_insert(sq_conn *c, const visa_group *g, int64_t user_id, int64_t now,
                           int64_t *id)
{
	char hhmm[6];
	sqlite3_stmt *st = sq_prep(c, SQL_GROUP_INSERT);
	if (!st)
		return OS_ERR_IO;
	visa_format_hhmm(g->arrival_minute, hhmm);
	sqlite3_bind_int64(st, 1, g->agency_id);
	bind_text(st, 2, g->group_no);
	bind_text(st, 3, g->flight);
	bind_date(st, 4, g->arrival_date);
	bind_text(st, 5, hhmm);
	sqlite3_bind_int64(st, 6, visa_arrival_unix(g->arrival_date, g->arrival_minute));
	bind_text(st, 7, g->itinerary);
	sqlite3_bind_int(st, 8, g->stay_days);
	bind_text(st, 9, g->leader_name);
	bind_text(st, 10, g->leader_phone);
	bind_text(st, 11, visa_group_status_key(g->status ? g->status : VG_DRAFT));
	sqlite3_bind_int64(st, 12, user_id);
	sqlite3_bind_int64(st, 13, g->created_at ? g->created_at : now);
	sqlite3_bind_int64(st, 14, now);
	sqlite3_bind_int64(st, 15, g->submitted_at);
	sqlite3_bind_int64(st, 16, g->decided_at);
	sqlite3_bind_int64(st, 17, g->arrived_at);
	os_err e = sq_exec(c, st);
	if (!e)
		*id = sqlite3_last_insert_rowid(c->db);
	return e;
}

static const char SQL_MEMBER_INSERT[] =
    "INSERT INTO visa_members(group_id, seq, surname, given_names, sex, birth_enc,"
    " nationality, passport_enc, passport_hash, passport_expiry, status, note, scanned_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,nullif(?, 0))";

static os_err member_insert(sq_conn *c, int64_t group_id, int seq, const visa_member *m)
{
	char sex[2] = {m->sex, '\0'};
	sqlite3_stmt *st = sq_prep(c, SQL_MEMBER_INSERT);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_int(st, 2, seq);
	bind_text(st, 3, m->surname);
	bind_text(st, 4, m->given_names);
	bind_text(st, 5, sex);
	os_err e = bind_sealed_date(c, st, 6, m->birth);
	bind_text(st, 7, m->nationality);
	if (!e)
		e = bind_passport(c, st, 8, 9, m->passport);
	bind_date(st, 10, m->expiry);
	bind_text(st, 11, visa_member_status_key(m->status ? m->status : VM_PENDING));
	bind_text(st, 12, m->note);
	sqlite3_bind_int64(st, 13, m->scanned_at);
	if (e) {
		sqlite3_clear_bindings(st);
		return e;
	}
	return sq_exec(c, st);
}

/* Is this passport in another active group? Members refused or struck off
 * do not hold their passport. */
static const char SQL_DUP[] =
    "SELECT m.group_id, g.agency_id FROM visa_members m JOIN visa_groups g ON g.id = m.group_id"
    " WHERE m.passport_hash = ?1 AND m.nationality = ?2 AND m.group_id <> ?3"
    " AND m.status NOT IN ('refused', 'absent')"
    " AND g.status IN ('draft', 'submitted', 'under_review', 'approved', 'returned', 'arrived')"
    " LIMIT 1";

static os_err other_group(sq_conn *c, const visa_member *m, int64_t group_id, bool *found)
{
	sqlite3_stmt *st = sq_prep(c, SQL_DUP);
	if (!st)
		return OS_ERR_IO;
	os_err e = bind_passport_hash(c, st, 1, m->passport);
	if (e)
		return e;
	bind_text(st, 2, m->nationality);
	sqlite3_bind_int64(st, 3, group_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*found = rc == SQLITE_ROW;
	return sq_err(rc);
}

/* Check new members (m[0..n)) for a group: the core checks against the
 * group's stay, duplicates against `existing` and each other, and passports
 * held by other active groups. index_base: the index of m[0] in the
 * submission. Returns OS_OK, OS_ERR_INVALID or OS_ERR_CONFLICT (only
 * other-group duplicates). */
static os_err check_members(sq_conn *c, const visa_group *g, const visa_member *existing,
                            size_t n_existing, const visa_member *m, size_t n, int index_base,
                            os_date today, visa_errors *errs)
{
	os_date from, until;
	visa_validity(g->arrival_date, g->stay_days, &from, &until);
	int before = errs->n + errs->dropped;
	for (size_t i = 0; i < n; i++)
		visa_member_check(&m[i], today, until, index_base + (int)i, errs);
	visa_member *all = os_calloc(n_existing + n + 1, sizeof *all);
	if (n_existing)
		memcpy(all, existing, n_existing * sizeof *all);
	memcpy(all + n_existing, m, n * sizeof *all);
	visa_members_unique(all, n_existing + n, index_base - (int)n_existing, errs);
	free(all);
	bool invalid = errs->n + errs->dropped > before;
	int cross = 0;
	for (size_t i = 0; i < n; i++) {
		bool found;
		os_err e = other_group(c, &m[i], g->id, &found);
		if (e)
			return e;
		if (found) {
			visa_errors_add(errs, index_base + (int)i, "passport_number",
			                "duplicate-other-group",
			                "this passport is already in another active group");
			cross++;
		}
	}
	if (invalid)
		return OS_ERR_INVALID;
	return cross ? OS_ERR_CONFLICT : OS_OK;
}

typedef struct write_args {
	int64_t group_id, agency_id, member_id, user_id, now;
	os_date today;
	const visa_group *g;
	const visa_member *m;
	size_t n;
	const char *reason;
	long deadline_hours;
	int action;
	bool flag;
	store_visa_result *res;
	visa_errors *errs;
} write_args;

static const char SQL_GROUP_STATUS[] =
    "UPDATE visa_groups SET status = ?2, note = coalesce(?3, note), updated_at = ?4,"
    " submitted_at = CASE WHEN ?2 = 'submitted' THEN ?4 ELSE submitted_at END,"
    " decided_at = CASE WHEN ?2 IN ('approved', 'returned', 'refused') THEN ?4"
    "  ELSE decided_at END,"
    " decided_by = CASE WHEN ?2 IN ('approved', 'returned', 'refused') THEN nullif(?5, 0)"
    "  ELSE decided_by END,"
    " arrived_at = CASE WHEN ?2 = 'arrived' AND arrived_at IS NULL THEN ?4 ELSE arrived_at END,"
    " issued_at = CASE WHEN ?2 = 'issued' THEN ?4 ELSE issued_at END"
    " WHERE id = ?1";

static os_err group_set_status(sq_conn *c, int64_t id, visa_group_status s, const char *note,
                               int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = sq_prep(c, SQL_GROUP_STATUS);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, visa_group_status_key(s));
	if (note)
		bind_text(st, 3, note);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, user_id);
	return sq_exec(c, st);
}

/* Set a member's state. note NULL keeps it; correction -1 keeps the mark;
 * watch_id -1 keeps it; scanned 1 records now as the scan time. */
static const char SQL_MEMBER_STATUS[] =
    "UPDATE visa_members SET status = ?2, note = coalesce(?3, note),"
    " needs_correction = CASE WHEN ?4 < 0 THEN needs_correction ELSE ?4 END,"
    " watch_id = CASE WHEN ?5 < 0 THEN watch_id ELSE nullif(?5, 0) END,"
    " scanned_at = CASE WHEN ?6 = 1 THEN ?7 ELSE scanned_at END,"
    " decided_by = coalesce(nullif(?8, 0), decided_by), decided_at = ?7 WHERE id = ?1";

static os_err member_set(sq_conn *c, int64_t id, visa_member_status s, const char *note,
                         int correction, int64_t watch_id, bool scanned, int64_t user_id,
                         int64_t now)
{
	sqlite3_stmt *st = sq_prep(c, SQL_MEMBER_STATUS);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, visa_member_status_key(s));
	if (note)
		bind_text(st, 3, note);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int(st, 4, correction);
	sqlite3_bind_int64(st, 5, watch_id);
	sqlite3_bind_int(st, 6, scanned);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, user_id);
	return sq_exec(c, st);
}

static os_err group_create_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g = *a->g;
	g.id = 0;
	g.status = VG_DRAFT;
	os_err e = check_members(c, &g, NULL, 0, a->m, a->n, 0, a->today, a->errs);
	if (e)
		return e;
	e = group_insert(c, &g, a->user_id, a->now, &g.id);
	if (e == OS_ERR_CONFLICT)
		return fail(a->res, e, "this group number is already used by the agency",
		            "group_no");
	if (e)
		return e;
	for (size_t i = 0; i < a->n && !e; i++)
		e = member_insert(c, g.id, (int)i + 1, &a->m[i]);
	a->res->id = g.id;
	return e;
}

/* Run a write that may report member errors; the caller's list or ours. */
static os_err run_write(store *st, sq_op fn, write_args *a, store_visa_result *res)
{
	store_visa_result local = {0};
	if (!res)
		res = &local;
	a->res = res;
	visa_errors *own = NULL;
	if (res->errors) {
		a->errs = res->errors;
	} else {
		own = os_calloc(1, sizeof *own);
		a->errs = own;
	}
	os_err e = sq_write(st, fn, a);
	free(own);
	return e;
}

os_err store_visa_group_create(store *st, const visa_group *g, const visa_member *m, size_t n,
                               int64_t user_id, int64_t now, os_date today, store_visa_result *res)
{
	write_args a = {.g = g, .m = m, .n = n, .user_id = user_id, .now = now, .today = today};
	return run_write(st, group_create_op, &a, res);
}

static os_err group_update_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group cur;
	visa_group_status to;
	const char *why;
	os_err e = group_for(c, a->group_id, a->agency_id, &cur, a->res);
	if (e)
		return e;
	if (visa_group_next(cur.status, VGA_EDIT, &to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	/* A new arrival or stay must still suit every member's passport. */
	visa_group g = *a->g;
	g.id = cur.id;
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, cur.id, &ms, &n)))
		return e;
	os_date from, until;
	visa_validity(g.arrival_date, g.stay_days, &from, &until);
	for (size_t i = 0; i < n; i++)
		visa_member_check(&ms[i], a->today, until, (int)i, a->errs);
	free(ms);
	if (a->errs->n)
		return OS_ERR_INVALID;
	char hhmm[6];
	visa_format_hhmm(g.arrival_minute, hhmm);
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE visa_groups SET group_no = ?2, flight = ?3, arrival_date = ?4,"
	               " arrival_time = ?5, arrival_at = ?6, itinerary = ?7, stay_days = ?8,"
	               " leader_name = ?9, leader_phone = ?10, updated_at = ?11 WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, cur.id);
	bind_text(st, 2, g.group_no);
	bind_text(st, 3, g.flight);
	bind_date(st, 4, g.arrival_date);
	bind_text(st, 5, hhmm);
	sqlite3_bind_int64(st, 6, visa_arrival_unix(g.arrival_date, g.arrival_minute));
	bind_text(st, 7, g.itinerary);
	sqlite3_bind_int(st, 8, g.stay_days);
	bind_text(st, 9, g.leader_name);
	bind_text(st, 10, g.leader_phone);
	sqlite3_bind_int64(st, 11, a->now);
	e = sq_exec(c, st);
	if (e == OS_ERR_CONFLICT)
		return fail(a->res, e, "this group number is already used by the agency",
		            "group_no");
	a->res->id = cur.id;
	return e;
}

os_err store_visa_group_update(store *st, int64_t group_id, int64_t agency_id, const visa_group *g,
                               int64_t now, os_date today, store_visa_result *res)
{
	write_args a = {
	    .group_id = group_id, .agency_id = agency_id, .g = g, .now = now, .today = today};
	return run_write(st, group_update_op, &a, res);
}

/* Load the caller's group and check that `action` is allowed in its state;
 * a refusal is recorded in a->res with the state machine's reason. */
static os_err group_for_action(sq_conn *c, write_args *a, visa_group_action action, visa_group *g,
                               visa_group_status *to)
{
	os_err e = group_for(c, a->group_id, a->agency_id, g, a->res);
	if (e)
		return e;
	const char *why;
	if (visa_group_next(g->status, action, to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	return OS_OK;
}

static os_err members_add_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	os_err e = group_for_action(c, a, VGA_EDIT, &g, &to);
	if (e)
		return e;
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	int seq = n ? ms[n - 1].seq : 0;
	if (n + a->n > VISA_MAX_MEMBERS) {
		free(ms);
		visa_errors_add(a->errs, (int)(VISA_MAX_MEMBERS - n), "members", "too-many",
		                "a group has at most 200 members");
		return fail(a->res, OS_ERR_INVALID, "a group has at most 200 members", "members");
	}
	e = check_members(c, &g, ms, n, a->m, a->n, 0, a->today, a->errs);
	free(ms);
	if (e)
		return e;
	for (size_t i = 0; i < a->n && !e; i++)
		e = member_insert(c, g.id, seq + (int)i + 1, &a->m[i]);
	if (!e && a->n)
		a->res->id = sqlite3_last_insert_rowid(c->db);
	return e;
}

os_err store_visa_members_add(store *st, int64_t group_id, int64_t agency_id, const visa_member *m,
                              size_t n, int64_t now, os_date today, store_visa_result *res)
{
	write_args a = {.group_id = group_id,
	                .agency_id = agency_id,
	                .m = m,
	                .n = n,
	                .now = now,
	                .today = today};
	return run_write(st, members_add_op, &a, res);
}

/* Find member_id in ms; its index or -1. */
static int member_index(const visa_member *ms, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ms[i].id == id)
			return (int)i;
	return -1;
}

static os_err member_update_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	os_err e = group_for_action(c, a, VGA_EDIT, &g, &to);
	if (e)
		return e;
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	int k = member_index(ms, n, a->member_id);
	if (k < 0) {
		free(ms);
		return fail(a->res, OS_ERR_NOT_FOUND, "no such member", NULL);
	}
	/* the others, then the corrected one */
	ms[k] = ms[n - 1];
	e = check_members(c, &g, ms, n - 1, a->m, 1, 0, a->today, a->errs);
	free(ms);
	if (e)
		return e;
	char sex[2] = {a->m->sex, '\0'};
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE visa_members SET surname = ?2, given_names = ?3, sex = ?4,"
	               " birth_enc = ?5, nationality = ?6, passport_enc = ?7, passport_hash = ?9,"
	               " passport_expiry = ?8, status = 'pending', note = '', needs_correction = 0,"
	               " watch_id = NULL WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->member_id);
	bind_text(st, 2, a->m->surname);
	bind_text(st, 3, a->m->given_names);
	bind_text(st, 4, sex);
	e = bind_sealed_date(c, st, 5, a->m->birth);
	bind_text(st, 6, a->m->nationality);
	if (!e)
		e = bind_passport(c, st, 7, 9, a->m->passport);
	bind_date(st, 8, a->m->expiry);
	if (e) {
		sqlite3_clear_bindings(st);
		return e;
	}
	a->res->id = a->member_id;
	return sq_exec(c, st);
}

os_err store_visa_member_update(store *st, int64_t group_id, int64_t agency_id, int64_t member_id,
                                const visa_member *m, int64_t now, os_date today,
                                store_visa_result *res)
{
	write_args a = {.group_id = group_id,
	                .agency_id = agency_id,
	                .member_id = member_id,
	                .m = m,
	                .n = 1,
	                .now = now,
	                .today = today};
	return run_write(st, member_update_op, &a, res);
}

static os_err member_delete_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	os_err e = group_for_action(c, a, VGA_EDIT, &g, &to);
	if (e)
		return e;
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM visa_members WHERE id = ?1 AND group_id = ?2");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->member_id);
	sqlite3_bind_int64(st, 2, g.id);
	if ((e = sq_exec(c, st)))
		return e;
	if (sqlite3_changes(c->db) == 0)
		return fail(a->res, OS_ERR_NOT_FOUND, "no such member", NULL);
	return OS_OK;
}

os_err store_visa_member_delete(store *st, int64_t group_id, int64_t agency_id, int64_t member_id,
                                int64_t now, store_visa_result *res)
{
	write_args a = {
	    .group_id = group_id, .agency_id = agency_id, .member_id = member_id, .now = now};
	return run_write(st, member_delete_op, &a, res);
}

/* ---- the watch list ---------------------------------------------------------------- */

static os_err watch_load(sq_conn *c, visa_watch **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, surname, given_names, birth_enc, nationality,"
	                              " passport_enc, reason, created_at FROM visa_watchlist"
	                              " WHERE active = 1 ORDER BY id");
	if (!st)
		return OS_ERR_IO;
	int rc;
	os_err e = OS_OK;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = os_realloc(*out, cap * sizeof **out);
		}
		visa_watch *w = &(*out)[(*n)++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, w->surname, sizeof w->surname);
		sq_text(st, 2, w->given_names, sizeof w->given_names);
		sq_text(st, 4, w->nationality, sizeof w->nationality);
		sq_text(st, 6, w->reason, sizeof w->reason);
		w->created_at = sqlite3_column_int64(st, 7);
		e = col_sealed_date(c, st, 3, &w->birth, &w->has_birth);
		if (!e)
			e = sq_column_unsealed(c, st, 5, w->passport, sizeof w->passport);
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_DONE)
		e = sq_err(rc);
	*out = sq_rows_take(e, *out, *n, n);
	return e;
}

static int64_t watch_hit(const visa_watch *w, size_t n, const visa_member *m)
{
	for (size_t i = 0; i < n; i++)
		if (visa_watch_match(&w[i], m))
			return w[i].id;
	return 0;
}

typedef struct watch_args {
	visa_watch *rows;
	size_t n;
} watch_args;

static os_err watch_list_op(sq_conn *c, void *arg)
{
	watch_args *a = arg;
	return watch_load(c, &a->rows, &a->n);
}

os_err store_visa_watch_list(store *st, visa_watch **out, size_t *n)
{
	watch_args a = {NULL, 0};
	os_err e = sq_read(st, watch_list_op, &a);
	*out = a.rows;
	*n = a.n;
	return e;
}

typedef struct watch_add_args {
	const visa_watch *w;
	int64_t user_id, now, id;
} watch_add_args;

static const char SQL_WATCH_INSERT[] =
    "INSERT INTO visa_watchlist(surname, given_names, birth_enc, nationality, passport_enc,"
    " passport_hash, reason, created_by, created_at) VALUES (?,?,?,?,?,?,?,nullif(?, 0),?)";

static os_err watch_insert(sq_conn *c, const visa_watch *w, int64_t user_id, int64_t now,
                           int64_t *id)
{
	sqlite3_stmt *st = sq_prep(c, SQL_WATCH_INSERT);
	if (!st)
		return OS_ERR_IO;
	bind_text(st, 1, w->surname);
	bind_text(st, 2, w->given_names);
	os_err e =
	    w->has_birth ? bind_sealed_date(c, st, 3, w->birth) : sq_bind_sealed(c, st, 3, "");
	bind_text(st, 4, w->nationality);
	if (!e)
		e = bind_passport(c, st, 5, 6, w->passport);
	bind_text(st, 7, w->reason);
	sqlite3_bind_int64(st, 8, user_id);
	sqlite3_bind_int64(st, 9, w->created_at ? w->created_at : now);
	if (e) {
		sqlite3_clear_bindings(st);
		return e;
	}
	e = sq_exec(c, st);
	if (!e && id)
		*id = sqlite3_last_insert_rowid(c->db);
	return e;
}

static os_err watch_add_op(sq_conn *c, void *arg)
{
	watch_add_args *a = arg;
	return watch_insert(c, a->w, a->user_id, a->now, &a->id);
}

os_err store_visa_watch_add(store *st, const visa_watch *w, int64_t user_id, int64_t now,
                            int64_t *id)
{
	watch_add_args a = {w, user_id, now, 0};
	os_err e = sq_write(st, watch_add_op, &a);
	if (!e && id)
		*id = a.id;
	return e;
}

static os_err watch_remove_op(sq_conn *c, void *arg)
{
	watch_add_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE visa_watchlist SET active = 0, removed_by = ?2,"
	                              " removed_at = ?3 WHERE id = ?1 AND active = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, a->user_id);
	sqlite3_bind_int64(st, 3, a->now);
	os_err e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		return OS_ERR_NOT_FOUND;
	return e;
}

os_err store_visa_watch_remove(store *st, int64_t id, int64_t user_id, int64_t now)
{
	watch_add_args a = {NULL, user_id, now, id};
	return sq_write(st, watch_remove_op, &a);
}

/* ---- submission and decisions ---------------------------------------------------------- */

static os_err submit_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	os_err e = group_for_action(c, a, VGA_SUBMIT, &g, &to);
	if (e)
		return e;
	if (visa_submit_check(visa_arrival_unix(g.arrival_date, g.arrival_minute), a->now,
	                      a->deadline_hours))
		return fail(a->res, OS_ERR_CONFLICT,
		            "too late: groups are submitted before the deadline ahead of arrival",
		            "arrival_date");
	visa_member *ms;
	size_t n;
	visa_watch *w;
	size_t nw;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	if ((e = watch_load(c, &w, &nw))) {
		free(ms);
		return e;
	}
	size_t live = 0;
	for (size_t i = 0; i < n && !e; i++) {
		visa_member_status next;
		if (visa_member_next(g.status, ms[i].status, VMA_RESUBMIT, &next, NULL))
			continue;
		if (next == VM_REFUSED)
			continue;
		live++;
		int64_t hit = watch_hit(w, nw, &ms[i]);
		e = member_set(c, ms[i].id, hit ? VM_FLAGGED : VM_PENDING, NULL, -1, hit, false, 0,
		               a->now);
	}
	free(ms);
	free(w);
	if (e)
		return e;
	if (live == 0)
		return fail(a->res, OS_ERR_CONFLICT, "the group has no members to submit",
		            "members");
	return group_set_status(c, g.id, to, NULL, 0, a->now);
}

os_err store_visa_group_submit(store *st, int64_t group_id, int64_t agency_id, int64_t now,
                               long deadline_hours, store_visa_result *res)
{
	write_args a = {.group_id = group_id,
	                .agency_id = agency_id,
	                .now = now,
	                .deadline_hours = deadline_hours};
	return run_write(st, submit_op, &a, res);
}

static os_err cancel_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	os_err e = group_for_action(c, a, VGA_CANCEL, &g, &to);
	if (e)
		return e;
	return group_set_status(c, g.id, to, a->reason, a->user_id, a->now);
}

os_err store_visa_group_cancel(store *st, int64_t group_id, int64_t agency_id, const char *reason,
                               int64_t user_id, int64_t now, store_visa_result *res)
{
	write_args a = {.group_id = group_id,
	                .agency_id = agency_id,
	                .reason = reason,
	                .user_id = user_id,
	                .now = now};
	return run_write(st, cancel_op, &a, res);
}

static os_err decide_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status to;
	const char *why;
	os_err e = group_for(c, a->group_id, 0, &g, a->res);
	if (e)
		return e;
	if (visa_group_next(g.status, (visa_group_action)a->action, &to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	size_t approved = 0;
	for (size_t i = 0; i < n && !e; i++) {
		visa_member *m = &ms[i];
		if (a->action == VGA_APPROVE) {
			if (m->status == VM_FLAGGED) {
				e = fail(a->res, OS_ERR_CONFLICT,
				         "decide the members flagged by the watch list first",
				         "members");
			} else if (m->needs_correction && m->status == VM_PENDING) {
				e = fail(a->res, OS_ERR_CONFLICT,
				         "members are marked for correction: return the group",
				         "members");
			} else if (m->status == VM_PENDING) {
				e = member_set(c, m->id, VM_APPROVED, NULL, 0, -1, false,
				               a->user_id, a->now);
				approved++;
			} else if (m->status == VM_APPROVED) {
				approved++;
			}
		} else if (a->action == VGA_REFUSE && m->status != VM_REFUSED) {
			e = member_set(c, m->id, VM_REFUSED, NULL, -1, -1, false, a->user_id,
			               a->now);
		}
	}
	free(ms);
	if (e)
		return e;
	if (a->action == VGA_APPROVE && approved == 0)
		return fail(a->res, OS_ERR_CONFLICT, "no member can be approved", "members");
	return group_set_status(c, g.id, to, a->reason, a->user_id, a->now);
}

os_err store_visa_group_decide(store *st, int64_t group_id, visa_group_action act,
                               const char *reason, int64_t officer_id, int64_t now,
                               store_visa_result *res)
{
	write_args a = {.group_id = group_id,
	                .action = (int)act,
	                .reason = reason,
	                .user_id = officer_id,
	                .now = now};
	if (act != VGA_APPROVE && act != VGA_RETURN && act != VGA_REFUSE)
		return OS_ERR_INVALID;
	return run_write(st, decide_op, &a, res);
}

/* Load the group and one of its members for an officer's write. */
static os_err group_member(sq_conn *c, write_args *a, visa_group *g, visa_member *m)
{
	os_err e = group_for(c, a->group_id, 0, g, a->res);
	if (e)
		return e;
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g->id, &ms, &n)))
		return e;
	int k = member_index(ms, n, a->member_id);
	if (k >= 0)
		*m = ms[k];
	free(ms);
	return k < 0 ? fail(a->res, OS_ERR_NOT_FOUND, "no such member", NULL) : OS_OK;
}

static os_err member_decide_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_member m;
	visa_member_status to;
	const char *why;
	os_err e = group_member(c, a, &g, &m);
	if (e)
		return e;
	if (visa_member_next(g.status, m.status, (visa_member_action)a->action, &to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	int correction = a->action == VMA_RETURN ? 1 : 0;
	e = member_set(c, m.id, to, a->reason, correction, -1, false, a->user_id, a->now);
	if (!e && g.status == VG_SUBMITTED) /* the first decision opens the review */
		e = group_set_status(c, g.id, VG_UNDER_REVIEW, NULL, a->user_id, a->now);
	a->res->id = m.id;
	return e;
}

os_err store_visa_member_decide(store *st, int64_t group_id, int64_t member_id,
                                visa_member_action act, const char *reason, int64_t officer_id,
                                int64_t now, store_visa_result *res)
{
	if (act != VMA_APPROVE && act != VMA_REFUSE && act != VMA_RETURN)
		return OS_ERR_INVALID;
	write_args a = {.group_id = group_id,
	                .member_id = member_id,
	                .action = (int)act,
	                .reason = reason,
	                .user_id = officer_id,
	                .now = now};
	return run_write(st, member_decide_op, &a, res);
}

/* ---- arrival ---------------------------------------------------------------------------- */

static os_err arrive(sq_conn *c, const visa_group *g, int64_t user_id, int64_t now)
{
	if (g->status == VG_ARRIVED)
		return OS_OK;
	return group_set_status(c, g->id, VG_ARRIVED, NULL, user_id, now);
}

/* The member of a group holding this passport (by its hash); *id 0 when
 * none. */
static os_err member_by_passport(sq_conn *c, int64_t group_id, const visa_member *s, int64_t *id)
{
	*id = 0;
	sqlite3_stmt *st = sq_prep(c, "SELECT id FROM visa_members WHERE group_id = ?1"
	                              " AND passport_hash = ?2 AND nationality = ?3");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, group_id);
	os_err e = bind_passport_hash(c, st, 2, s->passport);
	if (e)
		return e;
	bind_text(st, 3, s->nationality);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return sq_err(rc);
}

static os_err scan_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_group_status gto;
	const char *why;
	os_err e = group_for(c, a->group_id, 0, &g, a->res);
	if (e)
		return e;
	if (visa_group_next(g.status, VGA_ARRIVE, &gto, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	const visa_member *s = a->m;
	int64_t mid = 0;
	if ((e = member_by_passport(c, g.id, s, &mid))) {
		free(ms);
		return e;
	}
	int k = mid ? member_index(ms, n, mid) : -1;
	visa_member m;
	if (k >= 0)
		m = ms[k];
	free(ms);
	if (k < 0)
		return fail(a->res, OS_ERR_NOT_FOUND, "this passport is not on the group's list",
		            "mrz");
	a->res->id = m.id;
	if (m.birth != s->birth || strcmp(m.surname, s->surname) || m.sex != s->sex)
		return fail(a->res, OS_ERR_CONFLICT,
		            "the passport's data differ from the list (name, sex or birth date)",
		            "mrz");
	visa_watch *w;
	size_t nw;
	if ((e = watch_load(c, &w, &nw)))
		return e;
	int64_t hit = watch_hit(w, nw, s);
	free(w);
	visa_member_status to;
	if (hit && hit != m.watch_id) {
		/* a new watch-list entry since the review: hold the member */
		if (visa_member_next(g.status, m.status, VMA_FLAG, &to, &why))
			return fail(a->res, OS_ERR_CONFLICT, why, "mrz");
		e = member_set(c, m.id, to, NULL, -1, hit, true, a->user_id, a->now);
		if (!e)
			e = arrive(c, &g, a->user_id, a->now);
		a->flag = true;
		return e ? e : OS_OK;
	}
	if (visa_member_next(g.status, m.status, VMA_PRESENT, &to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, "mrz");
	e = member_set(c, m.id, to, NULL, -1, -1, true, a->user_id, a->now);
	if (!e)
		e = arrive(c, &g, a->user_id, a->now);
	return e;
}

os_err store_visa_scan(store *st, int64_t group_id, const visa_member *scanned, int64_t officer_id,
                       int64_t now, store_visa_result *res)
{
	write_args a = {
	    .group_id = group_id, .m = scanned, .n = 1, .user_id = officer_id, .now = now};
	os_err e = run_write(st, scan_op, &a, res);
	/* The flag is committed; the caller is told the member is held. */
	if (!e && a.flag)
		return fail(res, OS_ERR_CONFLICT,
		            "the watch list matched: the member is held for a decision", "mrz");
	return e;
}

static os_err attendance_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	visa_group g;
	visa_member m;
	visa_member_status to;
	const char *why;
	os_err e = group_member(c, a, &g, &m);
	if (e)
		return e;
	if (visa_member_next(g.status, m.status, (visa_member_action)a->action, &to, &why))
		return fail(a->res, OS_ERR_CONFLICT, why, NULL);
	e = member_set(c, m.id, to, a->reason, -1, -1, false, a->user_id, a->now);
	if (!e && to == VM_PRESENT)
		e = arrive(c, &g, a->user_id, a->now);
	a->res->id = m.id;
	return e;
}

os_err store_visa_attendance(store *st, int64_t group_id, int64_t member_id, visa_member_action act,
                             const char *reason, int64_t officer_id, int64_t now,
                             store_visa_result *res)
{
	if (act != VMA_PRESENT && act != VMA_ABSENT)
		return OS_ERR_INVALID;
	write_args a = {.group_id = group_id,
	                .member_id = member_id,
	                .action = (int)act,
	                .reason = reason,
	                .user_id = officer_id,
	                .now = now};
	return run_write(st, attendance_op, &a, res);
}

/* ---- issuance ---------------------------------------------------------------------------- */

/* Create a visa: the next number of the year of `now` (Asia/Shanghai), the
 * persons, and the receipt of the official fee. */
static os_err visa_create(sq_conn *c, visa_doc *v, const visa_person *p, size_t n,
                          int64_t officer_id, int64_t now)
{
	os_date day;
	os_err e = os_date_from_unix(now, &day);
	if (e)
		return e;
	int year = os_date_year(day);
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO visa_sequences(year, last) VALUES (?1, 1)"
	                              " ON CONFLICT(year) DO UPDATE SET last = last + 1"
	                              " RETURNING last");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, year);
	int rc = sqlite3_step(st);
	int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	if ((e = visa_number_format(year, seq, v->number)))
		return e;
	if ((e = visa_fee_for(v->type, (int)n, &v->fee)))
		return e;
	st = sq_prep(c, "INSERT INTO visas(number, type, group_id, agency_id, port, flight,"
	                " valid_from, valid_until, entries, stay_days, persons, arrived_at,"
	                " issued_at, issued_day, issued_by) VALUES (?,?,nullif(?, 0),nullif(?, 0),"
	                " '" VISA_PORT_CODE "',?,?,?,1,?,?,nullif(?, 0),?,?,?)");
	if (!st)
		return OS_ERR_IO;
	bind_text(st, 1, v->number);
	bind_text(st, 2, visa_type_get(v->type)->key);
	sqlite3_bind_int64(st, 3, v->group_id);
	sqlite3_bind_int64(st, 4, v->agency_id);
	bind_text(st, 5, v->flight);
	bind_date(st, 6, v->valid_from);
	bind_date(st, 7, v->valid_until);
	sqlite3_bind_int(st, 8, v->stay_days);
	sqlite3_bind_int(st, 9, (int)n);
	sqlite3_bind_int64(st, 10, v->arrived_at);
	sqlite3_bind_int64(st, 11, now);
	bind_date(st, 12, day);
	sqlite3_bind_int64(st, 13, officer_id);
	if ((e = sq_exec(c, st)))
		return e;
	v->id = sqlite3_last_insert_rowid(c->db);
	for (size_t i = 0; i < n; i++) {
		char sex[2] = {p[i].sex, '\0'};
		st = sq_prep(
		    c, "INSERT INTO visa_persons(visa_id, line_no, member_id, surname,"
		       " given_names, sex, birth_enc, nationality, passport_enc, passport_hash)"
		       " VALUES (?,?,nullif(?, 0),?,?,?,?,?,?,?)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, v->id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		sqlite3_bind_int64(st, 3, p[i].member_id);
		bind_text(st, 4, p[i].surname);
		bind_text(st, 5, p[i].given_names);
		bind_text(st, 6, sex);
		e = bind_sealed_date(c, st, 7, p[i].birth);
		bind_text(st, 8, p[i].nationality);
		if (!e)
			e = bind_passport(c, st, 9, 10, p[i].passport);
		if (e) {
			sqlite3_clear_bindings(st);
			return e;
		}
		if ((e = sq_exec(c, st)))
			return e;
	}
	visa_receipt_number(v->number, v->receipt_number);
	st = sq_prep(c, "INSERT INTO visa_receipts(visa_id, number, fee_per_person, persons, total,"
	                " issued_at) VALUES (?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, v->id);
	bind_text(st, 2, v->receipt_number);
	sqlite3_bind_int64(st, 3, v->fee.per_person_fen);
	sqlite3_bind_int(st, 4, v->fee.persons);
	sqlite3_bind_int64(st, 5, v->fee.total_fen);
	sqlite3_bind_int64(st, 6, now);
	return sq_exec(c, st);
}

static void person_from(visa_person *p, const visa_member *m, int line)
{
	memset(p, 0, sizeof *p);
	p->line_no = line;
	p->member_id = m->id;
	cpy(p->surname, sizeof p->surname, m->surname);
	cpy(p->given_names, sizeof p->given_names, m->given_names);
	p->sex = m->sex;
	p->birth = m->birth;
	cpy(p->nationality, sizeof p->nationality, m->nationality);
	cpy(p->passport, sizeof p->passport, m->passport);
}

static os_err issue_group(sq_conn *c, int64_t group_id, bool strike_off, int64_t officer_id,
                          int64_t now, store_visa_result *res)
{
	visa_group g;
	visa_group_status to;
	const char *why;
	os_err e = group_for(c, group_id, 0, &g, res);
	if (e)
		return e;
	if (visa_group_next(g.status, VGA_ISSUE, &to, &why))
		return fail(res, OS_ERR_CONFLICT, why, NULL);
	visa_member *ms;
	size_t n;
	if ((e = members_load(c, g.id, &ms, &n)))
		return e;
	visa_person *people = os_calloc(n + 1, sizeof *people);
	size_t np = 0;
	for (size_t i = 0; i < n && !e; i++) {
		visa_member *m = &ms[i];
		if (m->status == VM_FLAGGED)
			e = fail(res, OS_ERR_CONFLICT,
			         "a member matched the watch list: decide first", "members");
		else if (m->status == VM_APPROVED && !strike_off)
			e = fail(res, OS_ERR_CONFLICT,
			         "members were neither scanned nor struck off", "members");
		else if (m->status == VM_APPROVED)
			e = member_set(c, m->id, VM_ABSENT,
			               "未到场，签发时划除 / struck off at issuance", -1, -1, false,
			               officer_id, now);
		else if (m->status == VM_PRESENT) {
			person_from(&people[np], m, (int)np + 1);
			np++;
		}
	}
	if (!e && np == 0)
		e = fail(res, OS_ERR_CONFLICT, "no member is present", "members");
	visa_doc v;
	memset(&v, 0, sizeof v);
	if (!e) {
		v.type = VT_GROUP_TOURIST;
		v.group_id = g.id;
		v.agency_id = g.agency_id;
		cpy(v.flight, sizeof v.flight, g.flight);
		visa_validity(g.arrival_date, g.stay_days, &v.valid_from, &v.valid_until);
		v.stay_days = g.stay_days;
		v.arrived_at = g.arrived_at;
		e = visa_create(c, &v, people, np, officer_id, now);
	}
	for (size_t i = 0; i < n && !e; i++)
		if (ms[i].status == VM_PRESENT)
			e = member_set(c, ms[i].id, VM_ISSUED, NULL, -1, -1, false, officer_id,
			               now);
	if (!e)
		e = group_set_status(c, g.id, VG_ISSUED, NULL, officer_id, now);
	if (!e && res)
		res->id = v.id;
	free(people);
	free(ms);
	return e;
}

static os_err issue_op(sq_conn *c, void *arg)
{
	write_args *a = arg;
	return issue_group(c, a->group_id, a->flag, a->user_id, a->now, a->res);
}

os_err store_visa_issue(store *st, int64_t group_id, bool strike_off, int64_t officer_id,
                        int64_t now, store_visa_result *res)
{
	write_args a = {
	    .group_id = group_id, .flag = strike_off, .user_id = officer_id, .now = now};
	return run_write(st, issue_op, &a, res);
}

typedef struct special_args {
	const store_visa_special *s;
	int64_t officer_id, now;
	store_visa_result *res;
	bool check_watch;
} special_args;

static os_err special_issue(sq_conn *c, const store_visa_special *s, int64_t officer_id,
                            int64_t now, bool check_watch, store_visa_result *res)
{
	os_err e;
	bool dup;
	if ((e = other_group(c, &s->person, 0, &dup)))
		return e;
	if (dup)
		return fail(res, OS_ERR_CONFLICT,
		            "this passport is in an active group: issue it with the group", "mrz");
	if (check_watch) {
		visa_watch *w;
		size_t nw;
		if ((e = watch_load(c, &w, &nw)))
			return e;
		int64_t hit = watch_hit(w, nw, &s->person);
		free(w);
		if (hit)
			return fail(res, OS_ERR_CONFLICT,
			            "the watch list matched: no visa at once, refer the case",
			            "mrz");
	}
	visa_doc v;
	memset(&v, 0, sizeof v);
	v.type = s->type;
	cpy(v.flight, sizeof v.flight, s->flight);
	os_date today;
	if ((e = os_date_from_unix(now, &today)))
		return e;
	visa_validity(today, s->stay_days, &v.valid_from, &v.valid_until);
	v.stay_days = s->stay_days;
	visa_person p;
	person_from(&p, &s->person, 1);
	p.member_id = 0;
	if ((e = visa_create(c, &v, &p, 1, officer_id, now)))
		return e;
	sqlite3_stmt *st =
	    sq_prep(c, "INSERT INTO visa_special_cases(category, document_ref, note, visa_id,"
	               " created_by, created_at) VALUES (?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	bind_text(st, 1, visa_type_get(s->type)->key);
	bind_text(st, 2, s->document_ref);
	bind_text(st, 3, s->note);
	sqlite3_bind_int64(st, 4, v.id);
	sqlite3_bind_int64(st, 5, officer_id);
	sqlite3_bind_int64(st, 6, now);
	if ((e = sq_exec(c, st)))
		return e;
	if (res)
		res->id = v.id;
	return OS_OK;
}

static os_err special_op(sq_conn *c, void *arg)
{
	special_args *a = arg;
	return special_issue(c, a->s, a->officer_id, a->now, true, a->res);
}

os_err store_visa_special_issue(store *st, const store_visa_special *s, int64_t officer_id,
                                int64_t now, store_visa_result *res)
{
	if (!visa_type_is_special(s->type))
		return OS_ERR_INVALID;
	special_args a = {s, officer_id, now, res, true};
	return sq_write(st, special_op, &a);
}

/* ---- issued visas ------------------------------------------------------------------------- */

#define VISA_COLS                                                                                  \
	"v.id, v.number, v.type, coalesce(v.group_id, 0), coalesce(v.agency_id, 0),"               \
	" coalesce(a.name, ''), coalesce(g.group_no, ''), v.flight, v.valid_from, v.valid_until,"  \
	" v.entries, v.stay_days, v.persons, coalesce(v.arrived_at, 0), v.issued_at,"              \
	" coalesce(u.display_name, ''), v.prints, r.id, r.number, r.fee_per_person, r.persons,"    \
	" r.total, coalesce(s.id, 0), coalesce(s.category, ''), coalesce(s.document_ref, '')"
#define VISA_FROM                                                                                  \
	" FROM visas v JOIN visa_receipts r ON r.visa_id = v.id"                                   \
	" LEFT JOIN visa_agencies a ON a.id = v.agency_id"                                         \
	" LEFT JOIN visa_groups g ON g.id = v.group_id LEFT JOIN users u ON u.id = v.issued_by"    \
	" LEFT JOIN visa_special_cases s ON s.visa_id = v.id"

static void read_visa(sqlite3_stmt *st, visa_doc *v)
{
	char type[24];
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, v->number, sizeof v->number);
	sq_text(st, 2, type, sizeof type);
	const visa_type_info *ti = visa_type_by_key(type);
	v->type = ti ? ti->type : VT_OTHER;
	v->group_id = sqlite3_column_int64(st, 3);
	v->agency_id = sqlite3_column_int64(st, 4);
	sq_text(st, 5, v->agency_name, sizeof v->agency_name);
	sq_text(st, 6, v->group_no, sizeof v->group_no);
	sq_text(st, 7, v->flight, sizeof v->flight);
	v->valid_from = col_date(st, 8);
	v->valid_until = col_date(st, 9);
	v->entries = sqlite3_column_int(st, 10);
	v->stay_days = sqlite3_column_int(st, 11);
	v->persons = sqlite3_column_int(st, 12);
	v->arrived_at = sqlite3_column_int64(st, 13);
	v->issued_at = sqlite3_column_int64(st, 14);
	sq_text(st, 15, v->officer_name, sizeof v->officer_name);
	v->prints = sqlite3_column_int(st, 16);
	v->receipt_id = sqlite3_column_int64(st, 17);
	sq_text(st, 18, v->receipt_number, sizeof v->receipt_number);
	v->fee.per_person_fen = sqlite3_column_int64(st, 19);
	v->fee.persons = sqlite3_column_int(st, 20);
	v->fee.total_fen = sqlite3_column_int64(st, 21);
	v->special_id = sqlite3_column_int64(st, 22);
	sq_text(st, 23, v->category_key, sizeof v->category_key);
	sq_text(st, 24, v->document_ref, sizeof v->document_ref);
}

typedef struct visas_args {
	const store_visa_filter *f;
	store_visa_list *out;
} visas_args;

#define VISA_WHERE                                                                                 \
	" WHERE (?1 = 0 OR v.agency_id = ?1) AND (?2 = 0 OR v.group_id IS NULL)"                   \
	" AND (?3 = '' OR v.issued_day = ?3)"

static void bind_visa_filter(sqlite3_stmt *st, const store_visa_filter *f)
{
	sqlite3_bind_int64(st, 1, f->agency_id);
	sqlite3_bind_int(st, 2, f->special_only);
	if (f->has_day)
		bind_date(st, 3, f->day);
	else
		bind_text(st, 3, "");
}

static os_err visas_op(sq_conn *c, void *arg)
{
	visas_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM visas v" VISA_WHERE);
	if (!st)
		return OS_ERR_IO;
	bind_visa_filter(st, a->f);
	int rc = sqlite3_step(st);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, "SELECT " VISA_COLS VISA_FROM VISA_WHERE
	                " ORDER BY v.id DESC LIMIT ?4 OFFSET ?5");
	if (!st)
		return OS_ERR_IO;
	bind_visa_filter(st, a->f);
	sqlite3_bind_int64(st, 4, a->f->limit);
	sqlite3_bind_int64(st, 5, a->f->offset);
	size_t cap = a->f->limit > 0 ? (size_t)a->f->limit : 1;
	a->out->rows = os_calloc(cap, sizeof *a->out->rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < cap)
		read_visa(st, &a->out->rows[a->out->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_visa_visas_list(store *st, const store_visa_filter *f, store_visa_list *out)
{
	memset(out, 0, sizeof *out);
	visas_args a = {f, out};
	os_err e = sq_read(st, visas_op, &a);
	if (e)
		store_visa_list_free(out);
	return e;
}

void store_visa_list_free(store_visa_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

typedef struct visa_get_args {
	int64_t id;
	bool by_receipt;
	visa_doc *out;
} visa_get_args;

static os_err visa_get_op(sq_conn *c, void *arg)
{
	visa_get_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " VISA_COLS VISA_FROM
	                              " WHERE (?2 = 0 AND v.id = ?1) OR (?2 = 1 AND r.id = ?1)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int(st, 2, a->by_receipt);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_visa(st, a->out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	visa_doc *v = a->out;
	v->people = os_calloc((size_t)v->persons + 1, sizeof *v->people);
	st = sq_prep(c, "SELECT line_no, coalesce(member_id, 0), surname, given_names, sex,"
	                " birth_enc, nationality, passport_enc FROM visa_persons WHERE visa_id = ?"
	                " ORDER BY line_no");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, v->id);
	os_err e = OS_OK;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW && v->n_people < (size_t)v->persons) {
		visa_person *p = &v->people[v->n_people++];
		char sex[4];
		p->line_no = sqlite3_column_int(st, 0);
		p->member_id = sqlite3_column_int64(st, 1);
		sq_text(st, 2, p->surname, sizeof p->surname);
		sq_text(st, 3, p->given_names, sizeof p->given_names);
		sq_text(st, 4, sex, sizeof sex);
		p->sex = sex[0];
		sq_text(st, 6, p->nationality, sizeof p->nationality);
		e = col_sealed_date(c, st, 5, &p->birth, NULL);
		if (!e)
			e = sq_column_unsealed(c, st, 7, p->passport, sizeof p->passport);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	return sq_err(rc);
}

os_err store_visa_get(store *st, int64_t id, bool by_receipt, visa_doc *out)
{
	memset(out, 0, sizeof *out);
	visa_get_args a = {id, by_receipt, out};
	os_err e = sq_read(st, visa_get_op, &a);
	if (e)
		store_visa_doc_free(out);
	return e;
}

void store_visa_doc_free(visa_doc *d)
{
	free(d->people);
	d->people = NULL;
	d->n_people = 0;
}

typedef struct reprint_args {
	int64_t visa_id, officer_id, now;
	const char *reason;
	int prints;
} reprint_args;

static os_err reprint_op(sq_conn *c, void *arg)
{
	reprint_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE visas SET prints = prints + 1 WHERE id = ? RETURNING prints");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->visa_id);
	int rc = sqlite3_step(st);
	a->prints = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	st =
	    sq_prep(c, "INSERT INTO visa_prints(visa_id, at, printed_by, reason) VALUES (?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->visa_id);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->officer_id);
	bind_text(st, 4, a->reason);
	return sq_exec(c, st);
}

os_err store_visa_reprint(store *st, int64_t visa_id, const char *reason, int64_t officer_id,
                          int64_t now, int *prints)
{
	reprint_args a = {visa_id, officer_id, now, reason, 0};
	os_err e = sq_write(st, reprint_op, &a);
	if (!e && prints)
		*prints = a.prints;
	return e;
}

/* ---- figures -------------------------------------------------------------------------------- */

static os_err stats_op(sq_conn *c, void *arg)
{
	visa_stats *s = arg;
	char from[OS_DATE_STRLEN], to[OS_DATE_STRLEN];
	os_date_format(s->from, from);
	os_date_format(s->to, to);
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT v.issued_day, v.id, v.type, p.nationality, coalesce(a.name, ''), v.flight"
	       " FROM visas v JOIN visa_persons p ON p.visa_id = v.id"
	       " LEFT JOIN visa_agencies a ON a.id = v.agency_id"
	       " WHERE v.issued_day BETWEEN ?1 AND ?2 ORDER BY v.id, p.line_no");
	if (!st)
		return OS_ERR_IO;
	bind_text(st, 1, from);
	bind_text(st, 2, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		os_date day = col_date(st, 0);
		visa_stats_person(s, day, sqlite3_column_int64(st, 1),
		                  (const char *)sqlite3_column_text(st, 2),
		                  (const char *)sqlite3_column_text(st, 3),
		                  (const char *)sqlite3_column_text(st, 4),
		                  (const char *)sqlite3_column_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);
	st = sq_prep(c, "SELECT issued_day, (issued_at - arrived_at) / 60 FROM visas"
	                " WHERE issued_day BETWEEN ?1 AND ?2 AND arrived_at IS NOT NULL"
	                " AND group_id IS NOT NULL");
	if (!st)
		return OS_ERR_IO;
	bind_text(st, 1, from);
	bind_text(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		visa_stats_minutes(s, col_date(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_visa_stats(store *st, visa_stats *s)
{
	return sq_read(st, stats_op, s);
}

/* ---- the demo week ------------------------------------------------------------------------- */

static os_err demo_op(sq_conn *c, void *arg)
{
	const visa_demo *d = arg;
	os_err e;
	sqlite3_stmt *st = sq_prep(c, "SELECT (SELECT count(*) FROM visa_agencies),"
	                              " coalesce((SELECT id FROM users WHERE login = 'officer'),"
	                              " (SELECT min(id) FROM users WHERE role = 'officer'), 0)");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	int64_t officer = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	if (n != 0)
		return n < 0 ? sq_err(rc) : OS_ERR_CONFLICT;
	if (!officer)
		return OS_ERR_NOT_FOUND; /* the district (with its officer) comes first */
	for (size_t i = 0; i < d->n_agencies; i++) {
		int64_t id;
		if ((e = agency_insert(c, &d->agencies[i], d->groups[0].g.created_at, &id)))
			return e;
	}
	/* The demo agency account belongs to the first agency. */
	st =
	    sq_prep(c, "UPDATE users SET agency_id = ? WHERE login = 'agency' AND role = 'agency'");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, d->agencies[0].id);
	if ((e = sq_exec(c, st)))
		return e;
	for (size_t i = 0; i < d->n_watch; i++)
		if ((e = watch_insert(c, &d->watch[i], officer, 0, NULL)))
			return e;
	/* Groups and special cases in issuing order, through the window's code. */
	size_t gi = 0, si = 0;
	while (gi < d->n_groups || si < d->n_specials) {
		const visa_demo_group *dg = gi < d->n_groups ? &d->groups[gi] : NULL;
		const visa_demo_special *sp = si < d->n_specials ? &d->specials[si] : NULL;
		/* the upcoming (not issued) group comes after every special case */
		bool take_group =
		    dg && (!sp || (dg->g.status == VG_ISSUED && dg->g.issued_at <= sp->at));
		if (take_group) {
			visa_group g = dg->g;
			g.agency_id = d->agencies[dg->agency_index].id;
			bool issued = g.status == VG_ISSUED;
			if (issued)
				g.status = VG_ARRIVED;
			int64_t gid;
			if ((e = group_insert(c, &g, 0, g.created_at, &gid)))
				return e;
			for (size_t k = 0; k < dg->n_members; k++) {
				visa_member m = dg->members[k];
				if (m.status == VM_ISSUED)
					m.status = VM_PRESENT;
				if ((e = member_insert(c, gid, (int)k + 1, &m)))
					return e;
			}
			if (issued && (e = issue_group(c, gid, false, officer, g.issued_at, NULL)))
				return e;
			gi++;
		} else {
			store_visa_special s = {sp->type,   sp->document_ref, sp->note,
			                        sp->flight, sp->stay_days,    sp->person};
			if ((e = special_issue(c, &s, officer, sp->at, false, NULL)))
				return e;
			si++;
		}
	}
	return OS_OK;
}

os_err store_visa_demo_load(store *st)
{
	os_date today;
	if (os_date_from_unix((int64_t)time(NULL), &today))
		return OS_ERR_INTERNAL;
	visa_demo *d = visa_demo_generate(today);
	os_err e = sq_write(st, demo_op, d);
	visa_demo_free(d);
	return e;
}
