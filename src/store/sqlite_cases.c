/* sqlite_cases.c - cases (办件) in the SQLite backend (migration 0007).
 *
 * Every change of a case is ONE write operation: load the row, catch up
 * with the clock (a deemed acceptance whose period ran out before `today`,
 * the overdue count of a case past its deadline), check the action with
 * case_transition() (src/core/case.h), update the row, insert the timeline
 * event and update the day's counters. The store's single writer runs it in
 * its own savepoint, so all of it commits together with the audit row, or
 * nothing does.
 *
 * The counters (case_counters, per day x site x department x item) count:
 *   received   on the Asia/Shanghai day of received_at (window and proxy
 *              filing, online submission);
 *   accepted   on the day of accepted_at: the acceptance, the completion of
 *              an immediate item at the window, or a deemed acceptance,
 *              which counts as accepted on receipt (accepted_at = the time
 *              of the receipt or supplement that opened the period);
 *   completed  on the day of completed_at, and on_time with it when the
 *              completion day is not after the deadline;
 *   overdue    once per case, on the first day after its deadline
 *              (overdue_day), when a case whose deadline runs (accepted,
 *              under review, extended, decided: not suspended) is found past
 *              it by the sweep or by its next action.
 * store_case_figures_recount() counts exactly these from the cases table.
 * The site of a counter is the case's site (where it was received).
 *
 * Errors: OS_ERR_INVALID comes with *why = "<field>: <reason>" (the field as
 * the API names it: item_id, site_id, window_id, applicant_user_id,
 * applicant_name, id_number, phone, address, form, reason, days, notice,
 * method, tracking, materials, material_key); OS_ERR_CONFLICT and
 * OS_ERR_FORBIDDEN with an English sentence. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog_io.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/proxy.h"
#include "store/sq.h"

#define LIST_MAX   200
#define EVENTS_MAX 2000
#define FILES_MAX  200
#define NOTICE_MAX 16384

/* A message that names a material is built in the operation's arguments
 * (the writer thread) and copied here, in the calling thread, for *why. */
#define WHY_MAX (CAT_NAME_MAX + 96)
static _Thread_local char why_out[WHY_MAX];

/* The reason an operation left: one built in its buffer buf is copied to
 * why_out first. */
static const char *why_of(const char *why, const char *buf)
{
	if (why != buf)
		return why;
	memcpy(why_out, buf, WHY_MAX);
	return why_out;
}

static os_err step1(sqlite3_stmt *st, bool *row)
{
	int rc = sqlite3_step(st);
	*row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return OS_OK;
	sqlite3_reset(st);
	return sq_err(rc);
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* States waiting for the acceptance decision; states whose decision
 * deadline runs (the overdue count looks at these). */
static bool awaiting_acceptance(case_state s)
{
	return s == CS_PREREVIEW || s == CS_RECEIVED || s == CS_SUPPLEMENTED;
}

static bool deadline_running(case_state s)
{
	return s == CS_ACCEPTED || s == CS_REVIEW || s == CS_EXTENDED || s == CS_DECIDED;
}

/* ---- masking ---- */

/* The first character of a name, then one star per further character. */
static void mask_name(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), o = 0, first = 0;
	if (cap == 0)
		return;
	if (n) {
		cat_utf8_next((const unsigned char *)in, n, &first);
		if (first == 0 || first > n)
			first = 1;
	}
	if (first < cap) {
		memcpy(out, in, first);
		o = first;
	}
	for (size_t i = first; i < n && o + 1 < cap;) {
		size_t l = 1;
		if (cat_utf8_next((const unsigned char *)in + i, n - i, &l) < 0 || l == 0)
			l = 1;
		out[o++] = '*';
		i += l;
	}
	out[o] = '\0';
}

/* "13812345678" -> "138****5678"; short values all stars. */
static void mask_phone(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in);
	if (cap == 0)
		return;
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++)
		out[o++] = (n >= 7 && (i < 3 || i >= n - 4)) ? in[i] : '*';
	out[o] = '\0';
}

/* The first six characters of an address, then "***". */
static void mask_address(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), i = 0;
	for (int k = 0; k < 6 && i < n; k++) {
		size_t l = 1;
		if (cat_utf8_next((const unsigned char *)in + i, n - i, &l) < 0 || l == 0)
			l = 1;
		i += l;
	}
	if (i > n)
		i = n;
	snprintf(out, cap, "%.*s%s", (int)i, in, i < n ? "***" : "");
}

/* ---- reading a case ---- */

#define CASE_SELECT                                                                                \
	"SELECT c.id, c.no, c.item_id, c.item_version, i.code, v.name,"                            \
	" coalesce(json_extract(v.doc, '$.name_en'), ''),"                                         \
	" coalesce(json_extract(v.doc, '$.immediate'), 0), c.department_id, d.name, c.site_id,"    \
	" s.name, coalesce(c.window_id, 0), c.channel, c.state, c.decision,"                       \
	" coalesce(c.bundle_app_id, 0), coalesce(c.applicant_id, 0), coalesce(c.filed_by, 0),"     \
	" coalesce(c.proxy_request_id, 0), c.on_behalf, c.name_enc, c.id_enc, c.phone_enc,"        \
	" c.address_enc, c.form_json, coalesce(c.received_at, 0), coalesce(c.accept_due, 0),"      \
	" coalesce(c.accepted_at, 0), c.deemed, c.limit_days, coalesce(c.due, 0),"                 \
	" coalesce(c.suspended_at, 0), c.suspended_days, c.extended_days, c.notice_used,"          \
	" coalesce(c.decided_at, 0), coalesce(c.completed_at, 0), coalesce(c.on_time, -1),"        \
	" c.delivery, c.tracking, coalesce(c.delivered_at, 0), c.reason, c.created_at,"            \
	" c.updated_at, d.name_en, s.name_en FROM cases c JOIN catalog_items i ON i.id = "         \
	"c.item_id"                                                                                \
	" JOIN catalog_versions v ON v.item_id = c.item_id AND v.version = c.item_version"         \
	" JOIN departments d ON d.id = c.department_id JOIN sites s ON s.id = c.site_id"

static os_err read_case(sq_conn *c, sqlite3_stmt *st, bool reveal, store_case *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, o->no, sizeof o->no);
	o->item_id = sqlite3_column_int64(st, 2);
	o->item_version = sqlite3_column_int(st, 3);
	sq_text(st, 4, o->item_code, sizeof o->item_code);
	sq_text(st, 5, o->item_name, sizeof o->item_name);
	sq_text(st, 6, o->item_name_en, sizeof o->item_name_en);
	o->immediate = sqlite3_column_int(st, 7) != 0;
	o->department_id = sqlite3_column_int64(st, 8);
	sq_text(st, 9, o->department_name, sizeof o->department_name);
	o->site_id = sqlite3_column_int64(st, 10);
	sq_text(st, 11, o->site_name, sizeof o->site_name);
	o->window_id = sqlite3_column_int64(st, 12);
	o->channel = (case_channel)sqlite3_column_int(st, 13);
	o->state = (case_state)sqlite3_column_int(st, 14);
	o->decision = sqlite3_column_int(st, 15);
	o->bundle_app_id = sqlite3_column_int64(st, 16);
	o->applicant_id = sqlite3_column_int64(st, 17);
	o->filed_by = sqlite3_column_int64(st, 18);
	o->proxy_request_id = sqlite3_column_int64(st, 19);
	o->on_behalf = sqlite3_column_int(st, 20) != 0;
	char name[ORG_NAME_MAX], id[24], phone[24], addr[256];
	os_err e = sq_column_unsealed(c, st, 21, name, sizeof name);
	if (!e)
		e = sq_column_unsealed(c, st, 22, id, sizeof id);
	if (!e)
		e = sq_column_unsealed(c, st, 23, phone, sizeof phone);
	if (!e)
		e = sq_column_unsealed(c, st, 24, addr, sizeof addr);
	if (e)
		return e;
	if (reveal) {
		copy_str(o->applicant_name, sizeof o->applicant_name, name);
		copy_str(o->id_number, sizeof o->id_number, id);
		copy_str(o->phone, sizeof o->phone, phone);
		copy_str(o->address, sizeof o->address, addr);
	} else {
		mask_name(name, o->applicant_name, sizeof o->applicant_name);
		case_mask_id_number(id, o->id_number, sizeof o->id_number);
		mask_phone(phone, o->phone, sizeof o->phone);
		mask_address(addr, o->address, sizeof o->address);
	}
	sodium_memzero(name, sizeof name);
	sodium_memzero(id, sizeof id);
	sodium_memzero(phone, sizeof phone);
	sodium_memzero(addr, sizeof addr);
	const unsigned char *form = sqlite3_column_text(st, 25);
	o->form_json = os_strdup(form ? (const char *)form : "{}");
	o->received_at = sqlite3_column_int64(st, 26);
	o->accept_due = (os_date)sqlite3_column_int64(st, 27);
	o->accepted_at = sqlite3_column_int64(st, 28);
	o->deemed = sqlite3_column_int(st, 29) != 0;
	o->limit_days = sqlite3_column_int(st, 30);
	o->due = (os_date)sqlite3_column_int64(st, 31);
	o->suspended_on = (os_date)sqlite3_column_int64(st, 32);
	o->suspended_days = sqlite3_column_int(st, 33);
	o->extended_days = sqlite3_column_int(st, 34);
	o->notice_used = sqlite3_column_int(st, 35) != 0;
	o->decided_at = sqlite3_column_int64(st, 36);
	o->completed_at = sqlite3_column_int64(st, 37);
	o->on_time = sqlite3_column_int(st, 38);
	o->delivery = (case_delivery)sqlite3_column_int(st, 39);
	sq_text(st, 40, o->tracking, sizeof o->tracking);
	o->delivered_at = sqlite3_column_int64(st, 41);
	sq_text(st, 42, o->reason, sizeof o->reason);
	o->created_at = sqlite3_column_int64(st, 43);
	o->updated_at = sqlite3_column_int64(st, 44);
	sq_text(st, 45, o->department_name_en, sizeof o->department_name_en);
	sq_text(st, 46, o->site_name_en, sizeof o->site_name_en);
	return OS_OK;
}

void store_case_free(store_case *c)
{
	if (!c)
		return;
	free(c->form_json);
	c->form_json = NULL;
}

void store_case_list_free(store_case_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		store_case_free(&l->rows[i]);
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static os_err case_get_c(sq_conn *c, int64_t id, bool reveal, store_case *out)
{
	sqlite3_stmt *st = sq_prep(c, CASE_SELECT " WHERE c.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bool row;
	os_err e = step1(st, &row);
	if (!e && !row)
		e = OS_ERR_NOT_FOUND;
	if (!e)
		e = read_case(c, st, reveal, out);
	sqlite3_reset(st);
	if (e)
		store_case_free(out);
	return e;
}

typedef struct get_args {
	int64_t id;
	const char *no;
	bool reveal;
	store_case *out;
} get_args;

static os_err get_op(sq_conn *c, void *arg)
{
	get_args *a = arg;
	if (a->no) {
		sqlite3_stmt *st = sq_prep(c, "SELECT id FROM cases WHERE no = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_text(st, 1, a->no, -1, SQLITE_STATIC);
		bool row;
		os_err e = step1(st, &row);
		a->id = row ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (e)
			return e;
		if (!row)
			return OS_ERR_NOT_FOUND;
	}
	return case_get_c(c, a->id, a->reveal, a->out);
}

os_err store_case_get(store *st, int64_t id, bool reveal, store_case *out)
{
	memset(out, 0, sizeof *out);
	get_args a = {.id = id, .reveal = reveal, .out = out};
	return sq_read(st, get_op, &a);
}

os_err store_case_by_no(store *st, const char *no, bool reveal, store_case *out)
{
	memset(out, 0, sizeof *out);
	if (!no || !no[0] || strlen(no) >= CASE_NO_MAX)
		return OS_ERR_NOT_FOUND;
	get_args a = {.no = no, .reveal = reveal, .out = out};
	return sq_read(st, get_op, &a);
}

/* ---- the mutable state of a case row ---- */

typedef struct cst {
	int64_t id, item_id, site_id, department_id, bundle_app_id;
	int item_version;
	case_state state;
	int decision;
	int64_t received_at, accepted_at, decided_at, completed_at, delivered_at;
	os_date accept_due, due, suspended_at, overdue_day; /* 0 = none */
	bool deemed, notice_used, overdue_counted;
	int limit_days, suspended_days, extended_days;
	int on_time; /* -1 = not yet */
	case_delivery delivery;
	char tracking[41];
	char reason[CASE_REASON_MAX];
} cst;

static os_err cst_load(sq_conn *c, int64_t id, cst *s)
{
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT id, item_id, site_id, department_id, coalesce(bundle_app_id, 0),"
	       " item_version, state, decision, coalesce(received_at, 0), coalesce(accepted_at, 0),"
	       " coalesce(decided_at, 0), coalesce(completed_at, 0), coalesce(delivered_at, 0),"
	       " coalesce(accept_due, 0), coalesce(due, 0), coalesce(suspended_at, 0),"
	       " coalesce(overdue_day, 0), deemed, notice_used, overdue_counted, limit_days,"
	       " suspended_days, extended_days, coalesce(on_time, -1), delivery, tracking, reason"
	       " FROM cases WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	bool row;
	os_err e = step1(st, &row);
	if (e)
		return e;
	if (!row) {
		sqlite3_reset(st);
		return OS_ERR_NOT_FOUND;
	}
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->item_id = sqlite3_column_int64(st, 1);
	s->site_id = sqlite3_column_int64(st, 2);
	s->department_id = sqlite3_column_int64(st, 3);
	s->bundle_app_id = sqlite3_column_int64(st, 4);
	s->item_version = sqlite3_column_int(st, 5);
	s->state = (case_state)sqlite3_column_int(st, 6);
	s->decision = sqlite3_column_int(st, 7);
	s->received_at = sqlite3_column_int64(st, 8);
	s->accepted_at = sqlite3_column_int64(st, 9);
	s->decided_at = sqlite3_column_int64(st, 10);
	s->completed_at = sqlite3_column_int64(st, 11);
	s->delivered_at = sqlite3_column_int64(st, 12);
	s->accept_due = (os_date)sqlite3_column_int64(st, 13);
	s->due = (os_date)sqlite3_column_int64(st, 14);
	s->suspended_at = (os_date)sqlite3_column_int64(st, 15);
	s->overdue_day = (os_date)sqlite3_column_int64(st, 16);
	s->deemed = sqlite3_column_int(st, 17) != 0;
	s->notice_used = sqlite3_column_int(st, 18) != 0;
	s->overdue_counted = sqlite3_column_int(st, 19) != 0;
	s->limit_days = sqlite3_column_int(st, 20);
	s->suspended_days = sqlite3_column_int(st, 21);
	s->extended_days = sqlite3_column_int(st, 22);
	s->on_time = sqlite3_column_int(st, 23);
	s->delivery = (case_delivery)sqlite3_column_int(st, 24);
	sq_text(st, 25, s->tracking, sizeof s->tracking);
	sq_text(st, 26, s->reason, sizeof s->reason);
	sqlite3_reset(st);
	return OS_OK;
}

static os_err cst_save(sq_conn *c, const cst *s, int64_t now)
{
	sqlite3_stmt *st = sq_prep(
	    c, "UPDATE cases SET state = ?, decision = ?, received_at = ?, accepted_at = ?,"
	       " decided_at = ?, completed_at = ?, delivered_at = ?, accept_due = ?, due = ?,"
	       " suspended_at = ?, overdue_day = ?, deemed = ?, notice_used = ?,"
	       " overdue_counted = ?, limit_days = ?, suspended_days = ?, extended_days = ?,"
	       " on_time = ?, delivery = ?, tracking = ?, reason = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)s->state);
	sqlite3_bind_int(st, 2, s->decision);
	sq_bind_opt(st, 3, s->received_at);
	sq_bind_opt(st, 4, s->accepted_at);
	sq_bind_opt(st, 5, s->decided_at);
	sq_bind_opt(st, 6, s->completed_at);
	sq_bind_opt(st, 7, s->delivered_at);
	sq_bind_opt(st, 8, s->accept_due);
	sq_bind_opt(st, 9, s->due);
	sq_bind_opt(st, 10, s->suspended_at);
	sq_bind_opt(st, 11, s->overdue_day);
	sqlite3_bind_int(st, 12, s->deemed);
	sqlite3_bind_int(st, 13, s->notice_used);
	sqlite3_bind_int(st, 14, s->overdue_counted);
	sqlite3_bind_int(st, 15, s->limit_days);
	sqlite3_bind_int(st, 16, s->suspended_days);
	sqlite3_bind_int(st, 17, s->extended_days);
	if (s->on_time < 0)
		sqlite3_bind_null(st, 18);
	else
		sqlite3_bind_int(st, 18, s->on_time);
	sqlite3_bind_int(st, 19, (int)s->delivery);
	sqlite3_bind_text(st, 20, s->tracking, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 21, s->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 22, now);
	sqlite3_bind_int64(st, 23, s->id);
	return sq_exec(c, st);
}

/* The deadline shown with an event: the decision deadline once it runs,
 * the acceptance deadline while the case waits for the decision. */
static os_date event_due(const cst *s)
{
	if (s->due)
		return s->due;
	return awaiting_acceptance(s->state) ? s->accept_due : 0;
}

typedef struct actor_ref {
	int64_t id;
	const char *role;
	int64_t site_id, window_id;
} actor_ref;

static os_err add_event(sq_conn *c, int64_t case_id, int64_t at, case_action action,
                        case_state from, case_state to, const actor_ref *who, const char *note,
                        os_date due)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO case_events(case_id, at, action, from_state,"
	                              " to_state, actor_id, actor_role, site_id, window_id, note,"
	                              " due) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, (int)action);
	sqlite3_bind_int(st, 4, (int)from);
	sqlite3_bind_int(st, 5, (int)to);
	sq_bind_opt(st, 6, who->id);
	sq_bind_str(st, 7, who->role);
	sq_bind_opt(st, 8, who->site_id);
	sq_bind_opt(st, 9, who->window_id);
	sq_bind_str(st, 10, note);
	sq_bind_opt(st, 11, due);
	return sq_exec(c, st);
}

enum { K_RECEIVED = 1, K_ACCEPTED = 2, K_COMPLETED = 4, K_ON_TIME = 8, K_OVERDUE = 16 };

/* The counters and their two roll-ups (0007_cases.sql) get the same numbers
 * in the caller's transaction. */
#define COUNT_SUMS                                                                                 \
	" DO UPDATE SET received = received + excluded.received,"                                  \
	" accepted = accepted + excluded.accepted, completed = completed + excluded.completed,"    \
	" on_time = on_time + excluded.on_time, overdue = overdue + excluded.overdue"

static os_err count(sq_conn *c, os_date day, const cst *s, unsigned what)
{
	int64_t r = (what & K_RECEIVED) != 0, a = (what & K_ACCEPTED) != 0,
	        done = (what & K_COMPLETED) != 0, ok = (what & K_ON_TIME) != 0,
	        late = (what & K_OVERDUE) != 0;
	os_err e = SQ_EXEC_INTS(
	    c,
	    "INSERT INTO case_counters(day, site_id, department_id, item_id, received, accepted,"
	    " completed, on_time, overdue) VALUES (?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(day, site_id, department_id, item_id)" COUNT_SUMS,
	    day, s->site_id, s->department_id, s->item_id, r, a, done, ok, late);
	if (!e)
		e = SQ_EXEC_INTS(
		    c,
		    "INSERT INTO case_counters_day(day, site_id, department_id, month,"
		    " received, accepted, completed, on_time, overdue) VALUES (?1, ?2, ?3,"
		    " CAST(strftime('%Y%m', ?1 * 86400, 'unixepoch') AS INTEGER),"
		    " ?4, ?5, ?6, ?7, ?8) ON CONFLICT(day, site_id, department_id)" COUNT_SUMS,
		    day, s->site_id, s->department_id, r, a, done, ok, late);
	if (!e)
		e = SQ_EXEC_INTS(c,
		                 "INSERT INTO case_counters_month(month, site_id, department_id,"
		                 " received, accepted, completed, on_time, overdue) VALUES"
		                 " (CAST(strftime('%Y%m', ?1 * 86400, 'unixepoch') AS INTEGER),"
		                 " ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(month, site_id,"
		                 " department_id)" COUNT_SUMS,
		                 day, s->site_id, s->department_id, r, a, done, ok, late);
	return e;
}

/* ---- the item version a case was filed under ---- */

static os_err load_item(sq_conn *c, int64_t item_id, int version, cat_item *it)
{
	memset(it, 0, sizeof *it); /* freeable whatever happens */
	sqlite3_stmt *st = sq_prep(c, "SELECT doc, department_id FROM catalog_versions"
	                              " WHERE item_id = ? AND version = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int(st, 2, version);
	bool row;
	os_err e = step1(st, &row);
	if (e)
		return e;
	if (!row) {
		sqlite3_reset(st);
		return OS_ERR_NOT_FOUND;
	}
	json_error_t jerr;
	json_t *o =
	    json_loads((const char *)sqlite3_column_text(st, 0), JSON_REJECT_DUPLICATES, &jerr);
	int64_t dept = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (!o)
		return OS_ERR_INTERNAL;
	cat_problem p;
	e = cat_item_from_json(o, it, &p);
	json_decref(o);
	if (e) {
		cat_item_free(it);
		return OS_ERR_INTERNAL;
	}
	it->id = item_id;
	it->version = version;
	it->department_id = dept;
	return OS_OK;
}

static int item_limit(const cat_item *it)
{
	if (it->immediate)
		return 0;
	if (it->promised_days > 0)
		return it->promised_days;
	if (it->legal_days > 0)
		return it->legal_days;
	return CASE_DEFAULT_DAYS;
}

/* ---- catching up with the clock ---- */

static os_err deem_accept(sq_conn *c, cst *s, int64_t now, const os_calendar *cal)
{
	case_state to;
	const char *why;
	os_err e =
	    case_transition(s->state, CA_DEEM_ACCEPT, CACT_SYSTEM, s->extended_days > 0, &to, &why);
	if (e)
		return e;
	/* accepted on receipt: the event that opened the acceptance period */
	sqlite3_stmt *st = sq_prep(c, "SELECT at FROM case_events WHERE case_id = ?1 AND"
	                              " to_state IN (?2, ?3, ?4) ORDER BY id DESC LIMIT 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int(st, 2, CS_PREREVIEW);
	sqlite3_bind_int(st, 3, CS_RECEIVED);
	sqlite3_bind_int(st, 4, CS_SUPPLEMENTED);
	bool row;
	e = step1(st, &row);
	int64_t at = row ? sqlite3_column_int64(st, 0) : s->received_at;
	sqlite3_reset(st);
	if (e)
		return e;
	if (!at)
		at = now;
	os_date due;
	e = case_decision_due(cal, at, s->limit_days, &due, NULL);
	if (e)
		return e;
	case_state from = s->state;
	s->state = to;
	s->accepted_at = at;
	s->deemed = true;
	s->due = due;
	e = cst_save(c, s, now);
	actor_ref sys = {.role = "system"};
	if (!e)
		e = add_event(c, s->id, now, CA_DEEM_ACCEPT, from, to, &sys, "", event_due(s));
	if (!e)
		e = count(c, sq_day_of(at), s, K_ACCEPTED);
	return e;
}

static os_err count_overdue(sq_conn *c, cst *s, int64_t now)
{
	s->overdue_counted = true;
	s->overdue_day = s->due + 1;
	os_err e = cst_save(c, s, now);
	if (!e)
		e = count(c, s->overdue_day, s, K_OVERDUE);
	return e;
}

/* The deemed acceptance and the overdue count that are due on `today`. */
static os_err catch_up(sq_conn *c, cst *s, os_date today, int64_t now, const os_calendar *cal)
{
	os_err e = OS_OK;
	if (awaiting_acceptance(s->state) && s->accept_due && s->accept_due < today)
		e = deem_accept(c, s, now, cal);
	if (!e && deadline_running(s->state) && s->due && s->due < today && !s->overdue_counted)
		e = count_overdue(c, s, now);
	return e;
}

/* ---- creating ---- */

static bool printable_ascii(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static bool phone_ok(const char *p)
{
	size_t n = strlen(p), digits = 0;
	if (n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch >= '0' && ch <= '9')
			digits++;
		else if (!(ch == '+' && i == 0) && ch != '-' && ch != ' ')
			return false;
	}
	return digits >= 5;
}

/* Checks of the personal fields; the normalised ID number into id. */
static const char *check_person(const store_case_new *in, char id[OS_ID_LEN + 1])
{
	bool walk_in = in->channel == CCH_WINDOW || in->channel == CCH_PROXY;
	const char *name = in->applicant_name ? in->applicant_name : "";
	const char *idn = in->id_number ? in->id_number : "";
	id[0] = '\0';
	if (walk_in && !name[0])
		return "applicant_name: the name of the person is required";
	if (strlen(name) >= ORG_NAME_MAX || !cat_text_ok(name, ORG_NAME_MAX - 1, false))
		return "applicant_name: at most 127 bytes of text";
	if (walk_in && !idn[0])
		return "id_number: the resident ID number (or an enterprise's credit code) is "
		       "required";
	if (idn[0] && case_id_number(idn, in->today, id, NULL) == CID_NONE)
		return "id_number: neither a valid resident ID number (GB 11643) nor a unified "
		       "social credit code (GB 32100)";
	if (in->phone && in->phone[0] && !phone_ok(in->phone))
		return "phone: digits, spaces, '-' and a leading '+' (5 to 20 characters)";
	if (in->address && (strlen(in->address) > 255 || !cat_text_ok(in->address, 255, false)))
		return "address: at most 255 bytes of text";
	return NULL;
}

/* A form against an item's fields (case_form_check); the reason, naming
 * "form.<field>", in buf. */
static const char *check_form(const char *form, const cat_field *fields, size_t n, os_date today,
                              unsigned flags, char buf[WHY_MAX])
{
	cat_problem p;
	if (case_form_check(fields, n, form, today, flags, &p) == OS_OK)
		return NULL;
	snprintf(buf, WHY_MAX, "%s: %s", p.field, p.reason);
	return buf;
}

/* A form was sent with the filing (not absent, not the empty object). */
static bool form_sent(const char *form)
{
	return form && form[0] && strcmp(form, "{}");
}

/* Everything a create needs that does not come from the database. */
static const char *check_new(const store_case_new *in, const cat_item *it, bool bundle,
                             char id[OS_ID_LEN + 1])
{
	if ((int)in->channel < CCH_ONLINE || (int)in->channel >= CCH__COUNT)
		return "channel: unknown channel";
	bool online = in->channel == CCH_ONLINE || in->channel == CCH_MOBILE;
	if (online && in->applicant_id <= 0)
		return "applicant_user_id: an online application belongs to an account";
	if (online && !cat_is_online(it))
		return "item_id: the item cannot be applied for online";
	if (!online && in->filed_by <= 0)
		return "filed_by: a window or proxy filing names who filed it";
	if (in->site_id <= 0)
		return "site_id: required";
	const char *w = check_person(in, id);
	if (!w && form_sent(in->form_json))
		w = check_form(in->form_json, it->fields, it->n_fields, in->today,
		               bundle ? CASE_FORM_ANY_EXTRA : 0u, why_out);
	return w;
}

/* A filing under a proxy request (issue 9, migration 0010): the request
 * exists and is open, the filer is its assignee or a proxy specialist or
 * manager of its site or a site above, and its authorisation (委托) covers
 * the item. The case's proxy_request_id links it to the request; the
 * request's own file_case action records it in proxy_request_cases. */
static os_err check_proxy_request(sq_conn *c, const store_case_new *in, const cat_item *it,
                                  const char **why)
{
	sqlite3_stmt *st = sq_prep(
	    c,
	    "SELECT r.state, coalesce(r.assignee_id, 0), r.auth_items, r.auth_until, r.consent,"
	    " EXISTS (SELECT 1 FROM users u WHERE u.id = ?2 AND u.role IN ('proxy', 'manager')"
	    " AND NOT u.disabled AND (u.site_id = r.site_id OR u.site_id IN (SELECT parent_id FROM"
	    " sites WHERE id = r.site_id) OR u.site_id IN (SELECT p.parent_id FROM sites s JOIN"
	    " sites p ON p.id = s.parent_id WHERE s.id = r.site_id)))"
	    " FROM proxy_requests r WHERE r.id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->proxy_request_id);
	sqlite3_bind_int64(st, 2, in->filed_by);
	bool row;
	os_err e = step1(st, &row);
	proxy_auth auth;
	memset(&auth, 0, sizeof auth);
	int state = 0;
	int64_t assignee = 0;
	bool specialist = false;
	if (!e && row) {
		state = sqlite3_column_int(st, 0);
		assignee = sqlite3_column_int64(st, 1);
		sq_text(st, 2, auth.items, sizeof auth.items);
		auth.valid_until = (os_date)sqlite3_column_int64(st, 3);
		auth.consent = sqlite3_column_int(st, 4) != 0;
		specialist = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row) {
		*why = "proxy_request_id: no such proxy request";
		return OS_ERR_INVALID;
	}
	if (!proxy_state_open((proxy_state)state)) {
		*why = "proxy_request_id: the proxy request is completed or cancelled";
		return OS_ERR_INVALID;
	}
	if (!(in->filed_by && assignee == in->filed_by) && !specialist) {
		*why = "proxy_request_id: you are neither the request's assignee nor a proxy "
		       "specialist of its site";
		return OS_ERR_INVALID;
	}
	const char *w = NULL;
	if (proxy_auth_check(&auth, it->code, in->today, &w)) {
		/* static reasons: this runs on the writer thread */
		*why = !auth.consent
		           ? "proxy_request_id: the person has not given the authorisation"
		       : in->today > auth.valid_until
		           ? "proxy_request_id: the authorisation has expired"
		           : "proxy_request_id: the authorisation does not cover this item";
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

static os_err create_one(sq_conn *c, const store_case_new *in, const cat_item *it,
                         const char *id_norm, int64_t bundle_app_id, int64_t *case_id,
                         const char **why)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT code, tier FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	bool row;
	os_err e = step1(st, &row);
	char site_code[ORG_CODE_MAX] = "";
	int tier = 0;
	if (row) {
		sq_text(st, 0, site_code, sizeof site_code);
		tier = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row) {
		*why = "site_id: no such site";
		return OS_ERR_INVALID;
	}
	if (!(it->accept_tiers & CAT_TIER_BIT(tier))) {
		*why = "site_id: the item is not accepted at this tier of site";
		return OS_ERR_INVALID;
	}
	if (in->window_id) {
		st = sq_prep(c, "SELECT 1 FROM windows WHERE id = ? AND site_id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, in->window_id);
		sqlite3_bind_int64(st, 2, in->site_id);
		e = step1(st, &row);
		sqlite3_reset(st);
		if (e)
			return e;
		if (!row) {
			*why = "window_id: not a window of the site";
			return OS_ERR_INVALID;
		}
	}
	int64_t users[2] = {in->applicant_id, in->filed_by};
	for (int i = 0; i < 2; i++) {
		if (users[i] <= 0)
			continue;
		st = sq_prep(c, "SELECT 1 FROM users WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, users[i]);
		e = step1(st, &row);
		sqlite3_reset(st);
		if (e)
			return e;
		if (!row) {
			*why = i == 0 ? "applicant_user_id: no such account"
			              : "filed_by: no such account";
			return OS_ERR_INVALID;
		}
	}
	if (in->proxy_request_id) {
		e = check_proxy_request(c, in, it, why);
		if (e)
			return e;
	}
	/* the number: site code, day, daily sequence of the site */
	st = sq_prep(c, "INSERT INTO case_sequences(site_id, day, seq) VALUES (?, ?, 1)"
	                " ON CONFLICT(site_id, day) DO UPDATE SET seq = seq + 1 RETURNING seq");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	sqlite3_bind_int64(st, 2, in->today);
	e = step1(st, &row);
	int64_t seq = row ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (e)
		return e;
	char no[CASE_NO_MAX];
	if (case_number_format(site_code, in->today, seq, no)) {
		*why = "site_id: the site code does not fit a case number";
		return OS_ERR_INVALID;
	}

	bool walk_in = in->channel == CCH_WINDOW || in->channel == CCH_PROXY;
	cst s = {.item_id = it->id,
	         .site_id = in->site_id,
	         .department_id = it->department_id,
	         .state = walk_in ? CS_RECEIVED : CS_DRAFT,
	         .limit_days = item_limit(it),
	         .on_time = -1};
	if (walk_in) {
		s.received_at = in->now;
		e = case_accept_due(in->cal, in->now, &s.accept_due, NULL);
		if (e) {
			*why = "the working-day calendar does not cover the date";
			return e;
		}
	}
	st = sq_prep(c, "INSERT INTO cases(no, item_id, item_version, department_id, site_id,"
	                " window_id, channel, state, bundle_app_id, applicant_id, filed_by,"
	                " on_behalf, proxy_request_id, name_enc, id_enc, id_hash, phone_enc,"
	                " address_enc, form_json, received_at, accept_due, limit_days,"
	                " created_at, updated_at)"
	                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, it->id);
	sqlite3_bind_int(st, 3, it->version);
	sqlite3_bind_int64(st, 4, it->department_id);
	sqlite3_bind_int64(st, 5, in->site_id);
	sq_bind_opt(st, 6, in->window_id);
	sqlite3_bind_int(st, 7, (int)in->channel);
	sqlite3_bind_int(st, 8, (int)s.state);
	sq_bind_opt(st, 9, bundle_app_id);
	sq_bind_opt(st, 10, in->applicant_id);
	sq_bind_opt(st, 11, in->filed_by);
	sqlite3_bind_int(st, 12, in->channel == CCH_PROXY);
	sq_bind_opt(st, 13, in->proxy_request_id);
	e = sq_bind_sealed(c, st, 14, in->applicant_name);
	if (!e)
		e = sq_bind_sealed(c, st, 15, id_norm);
	if (!e && id_norm[0]) {
		unsigned char h[32];
		sq_lookup_hash(c, id_norm, h);
		sqlite3_bind_blob(st, 16, h, 32, SQLITE_TRANSIENT);
	}
	if (!e)
		e = sq_bind_sealed(c, st, 17, in->phone);
	if (!e)
		e = sq_bind_sealed(c, st, 18, in->address);
	if (e)
		return e;
	sqlite3_bind_text(st, 19, in->form_json && in->form_json[0] ? in->form_json : "{}", -1,
	                  SQLITE_STATIC);
	sq_bind_opt(st, 20, s.received_at);
	sq_bind_opt(st, 21, s.accept_due);
	sqlite3_bind_int(st, 22, s.limit_days);
	sqlite3_bind_int64(st, 23, in->now);
	sqlite3_bind_int64(st, 24, in->now);
	e = sq_exec(c, st);
	if (e)
		return e;
	s.id = sqlite3_last_insert_rowid(c->db);
	actor_ref who = {.id = walk_in ? in->filed_by : in->applicant_id,
	                 .role = in->channel == CCH_PROXY    ? "proxy"
	                         : in->channel == CCH_WINDOW ? "clerk"
	                                                     : "applicant",
	                 .site_id = in->site_id,
	                 .window_id = in->window_id};
	/* the filing: action CA_NONE, from CS_NONE */
	e = add_event(c, s.id, in->now, CA_NONE, CS_NONE, s.state, &who, "", event_due(&s));
	if (!e && walk_in)
		e = count(c, sq_day_of(in->now), &s, K_RECEIVED);
	if (!e)
		*case_id = s.id;
	return e;
}

static os_err idem_set_resource(sq_conn *c, int64_t user, const char *key, int64_t resource)
{
	if (!user || !key)
		return OS_OK;
	sqlite3_stmt *st = sq_prep(c, "UPDATE idempotency_keys SET resource_id = ?"
	                              " WHERE user_id = ? AND key = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, resource);
	sqlite3_bind_int64(st, 2, user);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	return sq_exec(c, st);
}

typedef struct create_args {
	const store_case_new *in;
	const cat_item *it;
	const char *id_norm;
	store_case *out;
	const char *why;
} create_args;

static os_err create_op(sq_conn *c, void *arg)
{
	create_args *a = arg;
	int64_t id = 0;
	os_err e = create_one(c, a->in, a->it, a->id_norm, a->in->bundle_app_id, &id, &a->why);
	if (!e)
		e = idem_set_resource(c, a->in->idem_user, a->in->idem_key, id);
	if (!e)
		e = case_get_c(c, id, false, a->out);
	return e;
}

os_err store_case_create(store *st, const store_case_new *in, store_case *out, const char **why)
{
	const char *w = NULL;
	memset(out, 0, sizeof *out);
	store_cat_item item;
	os_err e = store_item_get(st, in->today, in->item_id, &item);
	if (e) {
		if (why)
			*why = "item_id: no such item in the catalog";
		return e == OS_ERR_NOT_FOUND ? OS_ERR_INVALID : e;
	}
	char id[OS_ID_LEN + 1];
	w = check_new(in, &item.item, false, id);
	if (w) {
		store_cat_item_free(&item);
		if (why)
			*why = w;
		return OS_ERR_INVALID;
	}
	create_args a = {.in = in, .it = &item.item, .id_norm = id, .out = out};
	e = sq_write(st, create_op, &a);
	sodium_memzero(id, sizeof id);
	store_cat_item_free(&item);
	if (why)
		*why = a.why;
	return e;
}

/* ---- actions ---- */

static const char *check_notice(const char *json)
{
	if (!json || !json[0])
		return "notice: list every missing or incorrect material";
	if (strlen(json) > NOTICE_MAX)
		return "notice: at most 16 KiB";
	json_error_t jerr;
	json_t *a = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
	const char *w = NULL;
	if (!a || !json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 100)
		w = "notice: an array of 1 to 100 {material, problem}";
	size_t i;
	json_t *x;
	json_array_foreach(w ? NULL : a, i, x)
	{
		json_t *m = json_object_get(x, "material"), *p = json_object_get(x, "problem");
		if (!json_is_object(x) || json_object_size(x) != 2 || !json_is_string(m) ||
		    !json_is_string(p) || !json_string_length(m) ||
		    !cat_text_ok(json_string_value(m), 255, false) ||
		    !cat_text_ok(json_string_value(p), 512, true)) {
			w = "notice: each entry is {material, problem}: non-empty texts";
			break;
		}
	}
	json_decref(a);
	return w;
}

static os_err check_materials(sq_conn *c, const cst *s, const char **why, char *buf)
{
	cat_item it;
	memset(&it, 0, sizeof it);
	os_err e = load_item(c, s->item_id, s->item_version, &it);
	sqlite3_stmt *st = e ? NULL
	                     : sq_prep(c, "SELECT 1 FROM case_materials WHERE case_id = ?"
	                                  " AND material_key = ? LIMIT 1");
	if (!e && !st)
		e = OS_ERR_IO;
	for (size_t i = 0; !e && i < it.n_materials; i++) {
		if (!it.materials[i].required)
			continue;
		char key[160];
		cat_material_key(it.materials[i].name, key, sizeof key);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->id);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
		bool row;
		e = step1(st, &row);
		sqlite3_reset(st);
		if (!e && !row) {
			snprintf(buf, WHY_MAX, "materials: %s has no file", it.materials[i].name);
			*why = buf;
			e = OS_ERR_INVALID;
		}
	}
	cat_item_free(&it);
	return e;
}

/* The form on submit: the corrected one (stored in place of the draft's)
 * or the draft's, complete and of the right types for the item's version. */
static os_err submit_form(sq_conn *c, const store_case_act *a, const cst *s, const char **why,
                          char *buf)
{
	cat_item it;
	memset(&it, 0, sizeof it);
	os_err e = load_item(c, s->item_id, s->item_version, &it);
	char *stored = NULL;
	const char *form = a->form_json;
	if (!e && !form) {
		sqlite3_stmt *st = sq_prep(c, "SELECT form_json FROM cases WHERE id = ?");
		if (!st)
			e = OS_ERR_IO;
		else {
			sqlite3_bind_int64(st, 1, s->id);
			bool row;
			e = step1(st, &row);
			if (!e && row)
				stored = os_strdup(sqlite3_column_text(st, 0)
				                       ? (const char *)sqlite3_column_text(st, 0)
				                       : "{}");
			sqlite3_reset(st);
			form = stored;
		}
	}
	if (!e && check_form(form, it.fields, it.n_fields, a->today,
	                     s->bundle_app_id ? CASE_FORM_ANY_EXTRA : 0u, buf)) {
		*why = buf;
		e = OS_ERR_INVALID;
	}
	if (!e && a->form_json) {
		sqlite3_stmt *st = sq_prep(c, "UPDATE cases SET form_json = ? WHERE id = ?");
		if (!st)
			e = OS_ERR_IO;
		else {
			sqlite3_bind_text(st, 1, a->form_json, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, s->id);
			e = sq_exec(c, st);
		}
	}
	free(stored);
	cat_item_free(&it);
	return e;
}

static bool item_immediate(sq_conn *c, const cst *s)
{
	cat_item it;
	memset(&it, 0, sizeof it);
	bool imm = !load_item(c, s->item_id, s->item_version, &it) && it.immediate;
	cat_item_free(&it);
	return imm;
}

typedef struct apply_args {
	const store_case_act *a;
	store_case *out;
	const char *why;
	char buf[WHY_MAX];
} apply_args;

/* The checks and effects of one action on s (already moved past the clock
 * catch-up); `to` from the rule. */
static os_err act(sq_conn *c, const store_case_act *a, cst *s, case_state to, const char **why,
                  const char **note, char *buf)
{
	const os_calendar *cal = a->cal;
	int64_t now = a->now;
	os_date today_ts = sq_day_of(now);
	os_err e = OS_OK;
	switch (a->action) {
	case CA_SUBMIT:
		e = submit_form(c, a, s, why, buf);
		if (!e)
			e = check_materials(c, s, why, buf);
		if (e)
			return e;
		s->received_at = now;
		e = case_accept_due(cal, now, &s->accept_due, NULL);
		break;
	case CA_ACCEPT:
		s->accepted_at = now;
		e = case_decision_due(cal, now, s->limit_days, &s->due, NULL);
		break;
	case CA_REFUSE:
	case CA_WITHDRAW:
		s->suspended_at = 0;
		break;
	case CA_NOTICE: {
		if (s->notice_used) {
			*why = "the one-time notice was already given";
			return OS_ERR_CONFLICT;
		}
		const char *w = check_notice(a->notice_json);
		if (w) {
			*why = w;
			return OS_ERR_INVALID;
		}
		sqlite3_stmt *st = sq_prep(c, "INSERT INTO case_notices(case_id, issued_at,"
		                              " issued_by, items_json) VALUES (?,?,?,?)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, s->id);
		sqlite3_bind_int64(st, 2, now);
		sq_bind_opt(st, 3, a->actor_id);
		sqlite3_bind_text(st, 4, a->notice_json, -1, SQLITE_STATIC);
		e = sq_exec(c, st);
		s->notice_used = true;
		break;
	}
	case CA_SUPPLEMENT: {
		sqlite3_stmt *st =
		    sq_prep(c, "UPDATE case_notices SET answered_at = ? WHERE case_id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, s->id);
		e = sq_exec(c, st);
		if (!e)
			e = case_accept_due(cal, now, &s->accept_due, NULL);
		break;
	}
	case CA_COMPLETE_NOW:
		if (!item_immediate(c, s)) {
			*why = "only an immediate item (即办件) is completed at the window";
			return OS_ERR_CONFLICT;
		}
		s->accepted_at = s->decided_at = s->completed_at = now;
		s->decision = 1;
		e = case_decision_due(cal, now, 0, &s->due, NULL);
		if (!e)
			s->on_time = case_on_time(today_ts, s->due);
		break;
	case CA_REVIEW:
		break;
	case CA_SUSPEND:
		s->suspended_at = a->today;
		break;
	case CA_RESUME: {
		int n = 0;
		os_date from = s->suspended_at ? s->suspended_at : a->today;
		e = os_calendar_count_between(cal, from, a->today, &n, NULL);
		if (!e)
			e = case_due_after_suspension(cal, s->due, from, a->today, &s->due, NULL);
		if (!e) {
			s->suspended_days += n;
			s->suspended_at = 0;
		}
		break;
	}
	case CA_EXTEND:
		if (a->days < 1 || a->days > CASE_EXTEND_MAX_DAYS) {
			*why = "days: 1 to 10 working days";
			return OS_ERR_INVALID;
		}
		e = case_due_after_extension(cal, s->due, a->days, &s->due, NULL);
		if (!e)
			s->extended_days = a->days;
		break;
	case CA_APPROVE:
	case CA_DENY:
		s->decision = a->action == CA_APPROVE ? 1 : 2;
		s->decided_at = now;
		break;
	case CA_COMPLETE:
		s->completed_at = now;
		s->on_time = case_on_time(today_ts, s->due);
		break;
	case CA_DELIVER: {
		const char *t = a->tracking ? a->tracking : "";
		if (a->delivery <= CDL_NONE || a->delivery >= CDL__COUNT) {
			*why = "method: pickup, post or electronic";
			return OS_ERR_INVALID;
		}
		if (!printable_ascii(t, 40)) {
			*why = "tracking: at most 40 printable ASCII characters";
			return OS_ERR_INVALID;
		}
		if (a->delivery == CDL_POST && !t[0]) {
			*why = "tracking: a postal delivery needs the tracking number";
			return OS_ERR_INVALID;
		}
		s->delivery = a->delivery;
		copy_str(s->tracking, sizeof s->tracking, a->delivery == CDL_POST ? t : "");
		s->delivered_at = now;
		*note = s->tracking;
		break;
	}
	case CA_DEEM_ACCEPT:
	default:
		*why = "the action is not allowed here";
		return OS_ERR_CONFLICT;
	}
	if (e == OS_ERR_NO_CALENDAR)
		*why = "the working-day calendar does not cover the date";
	if (!e)
		s->state = to;
	return e;
}

static os_err apply_op(sq_conn *c, void *arg)
{
	apply_args *aa = arg;
	const store_case_act *a = aa->a;
	cst s;
	os_err e = cst_load(c, a->case_id, &s);
	if (e)
		return e;
	if (a->action == CA_DEEM_ACCEPT) {
		/* the system's own action: only when the period ran out */
		if (!awaiting_acceptance(s.state) || !s.accept_due || s.accept_due >= a->today) {
			aa->why = "the acceptance period has not run out";
			return OS_ERR_CONFLICT;
		}
		e = catch_up(c, &s, a->today, a->now, a->cal);
		return e ? e : case_get_c(c, s.id, false, aa->out);
	}
	e = catch_up(c, &s, a->today, a->now, a->cal);
	if (e)
		return e;
	case_state to, from = s.state;
	e = case_transition(s.state, a->action, a->actor, s.extended_days > 0, &to, &aa->why);
	if (e)
		return e;
	const case_rule *r = case_rule_find(from, a->action);
	const char *reason = a->reason ? a->reason : "";
	if (strlen(reason) >= CASE_REASON_MAX || !cat_text_ok(reason, CASE_REASON_MAX - 1, true)) {
		aa->why = "reason: at most 1023 bytes of text";
		return OS_ERR_INVALID;
	}
	if (r->needs_reason && a->action != CA_NOTICE && !reason[0]) {
		aa->why = "reason: a reason is required";
		return OS_ERR_INVALID;
	}
	const char *note = reason;
	e = act(c, a, &s, to, &aa->why, &note, aa->buf);
	if (e)
		return e;
	if (reason[0])
		copy_str(s.reason, sizeof s.reason, reason);
	e = cst_save(c, &s, a->now);
	actor_ref who = {.id = a->actor_id,
	                 .role = a->actor_role,
	                 .site_id = a->site_id,
	                 .window_id = a->window_id};
	if (!e)
		e = add_event(c, s.id, a->now, a->action, from, s.state, &who, note, event_due(&s));
	if (!e) {
		os_date d = sq_day_of(a->now);
		switch (a->action) {
		case CA_SUBMIT:
			e = count(c, d, &s, K_RECEIVED);
			break;
		case CA_ACCEPT:
			e = count(c, d, &s, K_ACCEPTED);
			break;
		case CA_COMPLETE_NOW:
			e = count(c, d, &s, K_ACCEPTED | K_COMPLETED | (s.on_time ? K_ON_TIME : 0));
			break;
		case CA_COMPLETE:
			e = count(c, d, &s, K_COMPLETED | (s.on_time ? K_ON_TIME : 0));
			break;
		default:
			break;
		}
	}
	if (!e)
		e = case_get_c(c, s.id, false, aa->out);
	return e;
}

os_err store_case_apply(store *st, const store_case_act *a, store_case *out, const char **why)
{
	memset(out, 0, sizeof *out);
	apply_args aa = {.a = a, .out = out};
	if ((int)a->action <= CA_NONE || (int)a->action >= CA__COUNT) {
		if (why)
			*why = "action: unknown action";
		return OS_ERR_INVALID;
	}
	os_err e = sq_write(st, apply_op, &aa);
	if (why)
		*why = why_of(aa.why, aa.buf);
	return e;
}

/* ---- editing a draft's form ---- */

typedef struct form_set_args {
	int64_t case_id, owner_id, now;
	os_date today;
	const char *form;
	store_case *out;
	const char *why;
	char buf[WHY_MAX];
} form_set_args;

static os_err form_set_op(sq_conn *c, void *arg)
{
	form_set_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT state, item_id, item_version, coalesce(bundle_app_id,"
	                              " 0) FROM cases WHERE id = ? AND applicant_id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	sqlite3_bind_int64(st, 2, a->owner_id);
	bool row;
	os_err e = step1(st, &row);
	case_state state = CS_NONE;
	int64_t item_id = 0, bundle = 0;
	int version = 0;
	if (!e && row) {
		state = (case_state)sqlite3_column_int(st, 0);
		item_id = sqlite3_column_int64(st, 1);
		version = sqlite3_column_int(st, 2);
		bundle = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row)
		return OS_ERR_NOT_FOUND;
	if (state != CS_DRAFT) {
		a->why = "form: only a draft's form can be changed; the case is submitted";
		return OS_ERR_CONFLICT;
	}
	cat_item it;
	memset(&it, 0, sizeof it);
	e = load_item(c, item_id, version, &it);
	if (!e && check_form(a->form, it.fields, it.n_fields, a->today,
	                     bundle ? CASE_FORM_ANY_EXTRA : 0u, a->buf)) {
		a->why = a->buf;
		e = OS_ERR_INVALID;
	}
	cat_item_free(&it);
	if (e)
		return e;
	st = sq_prep(c, "UPDATE cases SET form_json = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, a->form, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->case_id);
	e = sq_exec(c, st);
	return e ? e : case_get_c(c, a->case_id, false, a->out);
}

os_err store_case_form_set(store *st, int64_t case_id, int64_t owner_id, const char *form_json,
                           int64_t now, os_date today, store_case *out, const char **why)
{
	memset(out, 0, sizeof *out);
	if (!form_json || !owner_id) {
		if (why)
			*why = "form: required";
		return OS_ERR_INVALID;
	}
	form_set_args a = {.case_id = case_id,
	                   .owner_id = owner_id,
	                   .now = now,
	                   .today = today,
	                   .form = form_json,
	                   .out = out};
	os_err e = sq_write(st, form_set_op, &a);
	if (why)
		*why = why_of(a.why, a.buf);
	return e;
}

/* ---- lists, timeline, notice ---- */

typedef struct list_args {
	const store_case_filter *f;
	store_case_list *out;
} list_args;

/* Any other combination of filters: one statement per leading filter. */
static os_err list_any(sq_conn *c, list_args *a)
{
	const store_case_filter *f = a->f;
	int64_t limit = f->limit > 0 && f->limit <= LIST_MAX ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	if (offset > STORE_CASE_OFFSET_MAX)
		return OS_ERR_INVALID;
/* One statement per leading filter, so that an index leads: the
 * applicant's cases (cases_applicant, cases_filed_by), a department's
 * (cases_dept_queue), a site's and those below it (cases_site_queue); the
 * other filters are checked on the rows found. The states bitmask is
 * turned into a list of states (1..14) for the index. */
#define LW_STATES                                                                                  \
	" c.state IN (SELECT column1 FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9),"    \
	" (10), (11), (12), (13), (14)) WHERE (?6 >> column1) & 1)"
#define LW_SITES                                                                                   \
	" c.site_id IN (SELECT id FROM sites WHERE id = ?2 OR (?3 AND (parent_id = ?2 OR"          \
	" parent_id IN (SELECT id FROM sites WHERE parent_id = ?2))))"
#define LW_REST                                                                                    \
	" AND (?1 = 0 OR c.applicant_id = ?1 OR c.filed_by = ?1) AND (?2 = 0 OR" LW_SITES ")"      \
	" AND (?4 = 0 OR c.department_id = ?4) AND (?5 = 0 OR c.proxy_request_id = ?5) "           \
	"AND" LW_STATES
#define LW_BY_APPLICANT                                                                            \
	" WHERE c.id IN (SELECT id FROM cases WHERE applicant_id = ?1 UNION"                       \
	" SELECT id FROM cases WHERE filed_by = ?1)" LW_REST
#define LW_BY_DEPARTMENT " WHERE c.department_id = ?4 AND" LW_STATES LW_REST
#define LW_BY_SITE       " WHERE" LW_SITES " AND" LW_STATES LW_REST
#define LW_ANY           " WHERE 1" LW_REST
#define LW_ORDER                                                                                   \
	" ORDER BY CASE WHEN ?7 THEN (CASE WHEN c.state IN (12, 13, 7, 14) THEN 1 ELSE 0 END)"     \
	" ELSE 0 END, CASE WHEN ?7 THEN coalesce(c.due, c.accept_due, 2147483647) ELSE 0 END,"     \
	" CASE WHEN ?7 THEN c.id ELSE -c.id END LIMIT ?8 OFFSET ?9"
	sqlite3_stmt *cnt, *st;
	if (f->applicant_id) {
		cnt = sq_prep(c, "SELECT count(*) FROM cases c" LW_BY_APPLICANT);
		st = sq_prep(c, CASE_SELECT LW_BY_APPLICANT LW_ORDER);
	} else if (f->department_id) {
		cnt = sq_prep(c, "SELECT count(*) FROM cases c" LW_BY_DEPARTMENT);
		st = sq_prep(c, CASE_SELECT LW_BY_DEPARTMENT LW_ORDER);
	} else if (f->site_id) {
		cnt = sq_prep(c, "SELECT count(*) FROM cases c" LW_BY_SITE);
		st = sq_prep(c, CASE_SELECT LW_BY_SITE LW_ORDER);
	} else {
		cnt = sq_prep(c, "SELECT count(*) FROM cases c" LW_ANY);
		st = sq_prep(c, CASE_SELECT LW_ANY LW_ORDER);
	}
	if (!cnt || !st)
		return OS_ERR_IO;
	sqlite3_stmt *both[2] = {cnt, st};
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_int64(both[i], 1, f->applicant_id);
		sqlite3_bind_int64(both[i], 2, f->site_id);
		sqlite3_bind_int(both[i], 3, f->below);
		sqlite3_bind_int64(both[i], 4, f->department_id);
		sqlite3_bind_int64(both[i], 5, f->proxy_request_id);
		sqlite3_bind_int64(both[i], 6, f->states ? f->states : 0x7ffe); /* 0: every state */
	}
	sqlite3_bind_int(st, 7, f->by_due);
	sqlite3_bind_int64(st, 8, limit);
	sqlite3_bind_int64(st, 9, offset);
	bool row;
	os_err e = step1(cnt, &row);
	a->out->total = row ? sqlite3_column_int64(cnt, 0) : 0;
	sqlite3_reset(cnt);
	if (e)
		return e;
	a->out->rows = os_calloc((size_t)limit, sizeof *a->out->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < (size_t)limit) {
		e = read_case(c, st, false, &a->out->rows[a->out->n]);
		if (e)
			break;
		a->out->n++;
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_err(rc);
	return e;
}

/* The fast lists (the inbox, the worklist, "my cases"): the candidates come
 * in index order from one or more streams (a department or each site of a
 * subtree, per state asked for; the applicant's and the filer's cases),
 * merged; each stream read no
 * further than the page needs (offset + limit, and past the worst entry kept
 * so far no further at all); only the page's rows are then read in full.
 * Keys ascend: due_key for the deadline order (0007_cases.sql), -id for
 * newest first. */
typedef struct lkey {
	int64_t k, id;
} lkey;

static int lkey_cmp(const void *x, const void *y)
{
	const lkey *a = x, *b = y;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

typedef struct pick {
	lkey *v;
	size_t n, cap, need;
	lkey bound; /* only entries before it can still make the page */
} pick;

static void pick_compact(pick *p)
{
	if (!p->n)
		return;
	qsort(p->v, p->n, sizeof *p->v, lkey_cmp);
	if (p->n >= p->need) {
		p->n = p->need;
		p->bound = p->v[p->need - 1];
	}
}

static void pick_add(pick *p, int64_t k, int64_t id)
{
	if (p->n == p->cap) {
		pick_compact(p);
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->v = os_realloc(p->v, p->cap * sizeof *p->v);
		}
	}
	p->v[p->n++] = (lkey){k, id};
}

/* Step a stream statement (columns: key, id; bound, limit bound by the
 * caller at ?2, ?3 and the limit parameter) into the pick. */
static os_err pick_stream(pick *p, sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		pick_add(p, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OS_OK : sq_err(rc);
}

static os_err count_capped(sqlite3_stmt *st, int64_t *total)
{
	bool row;
	os_err e = step1(st, &row);
	if (!e && row)
		*total += sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return e;
}

/* by deadline: a department (cases_dept_queue) or the sites of a subtree
 * (cases_site_queue); one stream per lead and state asked for, each in
 * due_key order */
static os_err list_by_due(sq_conn *c, const store_case_filter *f, unsigned states, pick *p,
                          int64_t *total)
{
	p->bound = (lkey){INT64_MAX, 0};
	int64_t leads[1024]; /* the department, or the sites */
	size_t n_leads = 0;
	if (f->department_id)
		leads[n_leads++] = f->department_id;
	else {
		sqlite3_stmt *st =
		    sq_prep(c, "SELECT id FROM sites WHERE id = ?1 OR (?2 AND"
		               " (parent_id = ?1 OR parent_id IN (SELECT id FROM sites"
		               " WHERE parent_id = ?1))) ORDER BY id LIMIT 1024");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, f->site_id);
		sqlite3_bind_int(st, 2, f->below);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n_leads < 1024)
			leads[n_leads++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_err(rc);
	}
	sqlite3_stmt *st, *cnt;
	if (f->department_id) {
		st = sq_prep(c,
		             "SELECT due_key, id FROM cases INDEXED BY cases_dept_queue"
		             " WHERE department_id = ?1 AND state = ?4 AND (due_key, id) < (?2, ?3)"
		             " ORDER BY due_key, id LIMIT ?5");
		cnt = sq_prep(
		    c, "SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY"
		       " cases_dept_queue WHERE department_id = ?1 AND state = ?2 LIMIT ?3)");
	} else {
		st = sq_prep(c, "SELECT due_key, id FROM cases INDEXED BY cases_site_queue"
		                " WHERE site_id = ?1 AND state = ?4 AND (due_key, id) < (?2, ?3)"
		                " ORDER BY due_key, id LIMIT ?5");
		cnt = sq_prep(c, "SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY"
		                 " cases_site_queue WHERE site_id = ?1 AND state = ?2 LIMIT ?3)");
	}
	if (!st || !cnt)
		return OS_ERR_IO;
	os_err e = OS_OK;
	for (size_t i = 0; i < n_leads && !e; i++)
		for (int s = CS_DRAFT; s < CS__COUNT && !e; s++) {
			if (!(states & (1u << s)))
				continue;
			if (p->n >= p->need)
				pick_compact(p);
			sqlite3_bind_int64(st, 1, leads[i]);
			sqlite3_bind_int64(st, 2, p->bound.k);
			sqlite3_bind_int64(st, 3, p->bound.id);
			sqlite3_bind_int(st, 4, s);
			sqlite3_bind_int64(st, 5, (int64_t)p->need);
			e = pick_stream(p, st);
			if (!e && *total < STORE_CASE_TOTAL_CAP) {
				sqlite3_bind_int64(cnt, 1, leads[i]);
				sqlite3_bind_int(cnt, 2, s);
				sqlite3_bind_int64(cnt, 3, STORE_CASE_TOTAL_CAP - *total);
				e = count_capped(cnt, total);
			}
		}
	return e;
}

/* newest first: the cases of the applicant's account (cases_applicant),
 * then those he filed for others (cases_filed_by) */
static os_err list_by_applicant(sq_conn *c, const store_case_filter *f, unsigned states, pick *p,
                                int64_t *total)
{
	sqlite3_stmt *st[2] = {
	    sq_prep(c, "SELECT -id, id FROM cases WHERE applicant_id = ?1 AND id > ?2"
	               " AND (?3 >> state) & 1 ORDER BY id DESC LIMIT ?4"),
	    sq_prep(c, "SELECT -id, id FROM cases WHERE filed_by = ?1 AND applicant_id IS NOT ?1"
	               " AND id > ?2 AND (?3 >> state) & 1 ORDER BY id DESC LIMIT ?4")};
	sqlite3_stmt *cnt[2] = {
	    sq_prep(c, "SELECT count(*) FROM (SELECT 1 FROM cases WHERE applicant_id = ?1"
	               " AND (?2 >> state) & 1 LIMIT ?3)"),
	    sq_prep(c, "SELECT count(*) FROM (SELECT 1 FROM cases WHERE filed_by = ?1"
	               " AND applicant_id IS NOT ?1 AND (?2 >> state) & 1 LIMIT ?3)")};
	if (!st[0] || !st[1] || !cnt[0] || !cnt[1])
		return OS_ERR_IO;
	p->bound = (lkey){INT64_MAX, 0};
	os_err e = OS_OK;
	for (int i = 0; i < 2 && !e; i++) {
		if (p->n >= p->need)
			pick_compact(p);
		/* before the bound (-id, id) in key order: a larger id */
		sqlite3_bind_int64(st[i], 1, f->applicant_id);
		sqlite3_bind_int64(st[i], 2, p->bound.id);
		sqlite3_bind_int64(st[i], 3, states);
		sqlite3_bind_int64(st[i], 4, (int64_t)p->need);
		e = pick_stream(p, st[i]);
		if (!e && *total < STORE_CASE_TOTAL_CAP) {
			sqlite3_bind_int64(cnt[i], 1, f->applicant_id);
			sqlite3_bind_int64(cnt[i], 2, states);
			sqlite3_bind_int64(cnt[i], 3, STORE_CASE_TOTAL_CAP - *total);
			e = count_capped(cnt[i], total);
		}
	}
	return e;
}

static os_err list_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	const store_case_filter *f = a->f;
	bool by_due = f->by_due && !f->applicant_id && !f->proxy_request_id &&
	              ((f->department_id && !f->site_id) || (f->site_id && !f->department_id));
	bool by_applicant = !f->by_due && f->applicant_id && !f->site_id && !f->department_id &&
	                    !f->proxy_request_id;
	if (!by_due && !by_applicant)
		return list_any(c, a);
	int64_t limit = f->limit > 0 && f->limit <= LIST_MAX ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	if (offset > STORE_CASE_OFFSET_MAX)
		return OS_ERR_INVALID;
	unsigned states = (f->states ? f->states : 0x7ffe) & 0x7ffe; /* 0: every state */
	pick p = {.need = (size_t)(offset + limit)};
	int64_t total = 0;
	os_err e = by_due ? list_by_due(c, f, states, &p, &total)
	                  : list_by_applicant(c, f, states, &p, &total);
	if (!e)
		pick_compact(&p);
	a->out->total = total;
	a->out->total_capped = total >= STORE_CASE_TOTAL_CAP;
	a->out->rows = os_calloc((size_t)limit, sizeof *a->out->rows);
	for (size_t i = (size_t)offset; !e && i < p.n; i++) {
		e = case_get_c(c, p.v[i].id, false, &a->out->rows[a->out->n]);
		if (!e)
			a->out->n++;
	}
	free(p.v);
	return e;
}

os_err store_cases_list(store *st, const store_case_filter *f, store_case_list *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {.f = f, .out = out};
	os_err e = sq_read(st, list_op, &a);
	if (e)
		store_case_list_free(out);
	return e;
}

typedef struct events_args {
	int64_t case_id;
	store_case_event *rows;
	size_t n;
} events_args;

static os_err events_op(sq_conn *c, void *arg)
{
	events_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM cases WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	bool row;
	os_err e = step1(st, &row);
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row)
		return OS_ERR_NOT_FOUND;
	st = sq_prep(
	    c, "SELECT e.id, e.at, coalesce(e.actor_id, 0), coalesce(e.site_id, 0),"
	       " coalesce(e.window_id, 0), e.action, e.from_state, e.to_state, e.actor_role,"
	       " coalesce(u.display_name, ''), e.note, coalesce(e.due, 0), coalesce(s.name, ''),"
	       " coalesce(s.name_en, ''), coalesce(w.number, 0) FROM case_events e"
	       " LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN sites s ON s.id = e.site_id"
	       " LEFT JOIN windows w ON w.id = e.window_id WHERE e.case_id = ? ORDER BY e.id"
	       " LIMIT 2000");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	size_t cap = 16;
	a->rows = os_calloc(cap, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < EVENTS_MAX) {
		if (a->n == cap) {
			cap *= 2;
			a->rows = os_realloc(a->rows, cap * sizeof *a->rows);
		}
		store_case_event *v = &a->rows[a->n++];
		memset(v, 0, sizeof *v);
		v->id = sqlite3_column_int64(st, 0);
		v->at = sqlite3_column_int64(st, 1);
		v->actor_id = sqlite3_column_int64(st, 2);
		v->site_id = sqlite3_column_int64(st, 3);
		v->window_id = sqlite3_column_int64(st, 4);
		v->action = (case_action)sqlite3_column_int(st, 5);
		v->from = (case_state)sqlite3_column_int(st, 6);
		v->to = (case_state)sqlite3_column_int(st, 7);
		sq_text(st, 8, v->actor_role, sizeof v->actor_role);
		sq_text(st, 9, v->actor_name, sizeof v->actor_name);
		sq_text(st, 10, v->note, sizeof v->note);
		v->due = (os_date)sqlite3_column_int64(st, 11);
		sq_text(st, 12, v->site_name, sizeof v->site_name);
		sq_text(st, 13, v->site_name_en, sizeof v->site_name_en);
		v->window_number = sqlite3_column_int(st, 14);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_case_events(store *st, int64_t case_id, store_case_event **out, size_t *n)
{
	events_args a = {.case_id = case_id};
	os_err e = sq_read(st, events_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

typedef struct notice_args {
	int64_t case_id;
	store_case_notice *out;
} notice_args;

static os_err notice_op(sq_conn *c, void *arg)
{
	notice_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT issued_at, coalesce(issued_by, 0),"
	                              " coalesce(answered_at, 0), items_json FROM case_notices"
	                              " WHERE case_id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	bool row;
	os_err e = step1(st, &row);
	if (!e && row) {
		a->out->issued_at = sqlite3_column_int64(st, 0);
		a->out->issued_by = sqlite3_column_int64(st, 1);
		a->out->answered_at = sqlite3_column_int64(st, 2);
		a->out->items_json = os_strdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	return e ? e : row ? OS_OK : OS_ERR_NOT_FOUND;
}

os_err store_case_notice_get(store *st, int64_t case_id, store_case_notice *out)
{
	memset(out, 0, sizeof *out);
	notice_args a = {.case_id = case_id, .out = out};
	os_err e = sq_read(st, notice_op, &a);
	if (e) {
		free(out->items_json);
		out->items_json = NULL;
	}
	return e;
}

/* ---- files ---- */

static void read_file_meta(sqlite3_stmt *st, store_case_file *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	f->owner_id = sqlite3_column_int64(st, 1);
	const void *h = sqlite3_column_blob(st, 2);
	if (h && sqlite3_column_bytes(st, 2) == 32)
		memcpy(f->sha256, h, 32);
	f->mime = (case_mime)sqlite3_column_int(st, 3);
	f->size = sqlite3_column_int64(st, 4);
	sq_text(st, 5, f->name, sizeof f->name);
	f->created_at = sqlite3_column_int64(st, 6);
}

typedef struct file_args {
	int64_t owner_id, file_id, now;
	const char *name;
	case_mime mime;
	const unsigned char *data;
	size_t len;
	unsigned char sha[32];
	store_case_file *meta;
	store_case_file *rows;
	size_t n;
	unsigned char *out;
	size_t out_len;
} file_args;

static os_err file_put_op(sq_conn *c, void *arg)
{
	file_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT id, coalesce(owner_id, 0), sha256, mime, size, name,"
	               " created_at FROM case_files WHERE owner_id = ? AND sha256 = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->owner_id);
	sqlite3_bind_blob(st, 2, a->sha, 32, SQLITE_STATIC);
	bool row;
	os_err e = step1(st, &row);
	if (!e && row)
		read_file_meta(st, a->meta);
	sqlite3_reset(st);
	if (e || row)
		return e; /* the same bytes from the same owner: that file */
	unsigned char *blob;
	size_t blen;
	e = sq_seal_bytes(c, a->data, a->len, &blob, &blen);
	if (e)
		return e;
	st = sq_prep(c, "INSERT INTO case_files(owner_id, sha256, mime, size, name, data_enc,"
	                " created_at) VALUES (?,?,?,?,?,?,?)");
	if (!st) {
		free(blob);
		return OS_ERR_IO;
	}
	sqlite3_bind_int64(st, 1, a->owner_id);
	sqlite3_bind_blob(st, 2, a->sha, 32, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)a->mime);
	sqlite3_bind_int64(st, 4, (int64_t)a->len);
	sqlite3_bind_text(st, 5, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, blob, (int)blen, free);
	sqlite3_bind_int64(st, 7, a->now);
	e = sq_exec(c, st);
	if (e)
		return e;
	store_case_file *f = a->meta;
	memset(f, 0, sizeof *f);
	f->id = sqlite3_last_insert_rowid(c->db);
	f->owner_id = a->owner_id;
	memcpy(f->sha256, a->sha, 32);
	f->mime = a->mime;
	f->size = (int64_t)a->len;
	copy_str(f->name, sizeof f->name, a->name);
	f->created_at = a->now;
	return OS_OK;
}

os_err store_case_file_put(store *st, int64_t owner_id, const char *name, case_mime mime,
                           const unsigned char *data, size_t len, int64_t now, store_case_file *out)
{
	memset(out, 0, sizeof *out);
	if (owner_id <= 0 || !name || !name[0] || strlen(name) > 255 ||
	    !cat_text_ok(name, 255, false))
		return OS_ERR_INVALID;
	if (len == 0 || !data)
		return OS_ERR_INVALID;
	if (len > CASE_UPLOAD_MAX)
		return OS_ERR_TOO_LARGE;
	if (mime == CM_NONE || case_sniff(data, len) != mime)
		return OS_ERR_INVALID;
	file_args a = {.owner_id = owner_id,
	               .name = name,
	               .mime = mime,
	               .data = data,
	               .len = len,
	               .now = now,
	               .meta = out};
	crypto_hash_sha256(a.sha, data, len);
	return sq_write(st, file_put_op, &a);
}

static os_err files_of_op(sq_conn *c, void *arg)
{
	file_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, coalesce(owner_id, 0), sha256, mime, size, name,"
	                              " created_at FROM case_files WHERE owner_id = ?"
	                              " ORDER BY id DESC LIMIT 200");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->owner_id);
	a->rows = os_calloc(FILES_MAX, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < FILES_MAX)
		read_file_meta(st, &a->rows[a->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_case_files_of(store *st, int64_t owner_id, store_case_file **out, size_t *n)
{
	file_args a = {.owner_id = owner_id};
	os_err e = sq_read(st, files_of_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

static os_err file_get_op(sq_conn *c, void *arg)
{
	file_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, coalesce(owner_id, 0), sha256, mime, size, name,"
	                              " created_at, data_enc FROM case_files WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->file_id);
	bool row;
	os_err e = step1(st, &row);
	if (!e && !row)
		e = OS_ERR_NOT_FOUND;
	if (!e) {
		read_file_meta(st, a->meta);
		e = sq_open_bytes(c, sqlite3_column_blob(st, 7),
		                  (size_t)sqlite3_column_bytes(st, 7), &a->out, &a->out_len);
	}
	sqlite3_reset(st);
	if (!e) {
		/* the content is what was hashed on upload */
		unsigned char h[32];
		crypto_hash_sha256(h, a->out, a->out_len);
		if (memcmp(h, a->meta->sha256, 32) != 0 || (int64_t)a->out_len != a->meta->size)
			e = OS_ERR_CHECKSUM;
	}
	if (e) {
		free(a->out);
		a->out = NULL;
		a->out_len = 0;
	}
	return e;
}

os_err store_case_file_get(store *st, int64_t file_id, store_case_file *meta, unsigned char **data,
                           size_t *len)
{
	store_case_file m;
	file_args a = {.file_id = file_id, .meta = meta ? meta : &m};
	memset(a.meta, 0, sizeof *a.meta);
	os_err e = sq_read(st, file_get_op, &a);
	if (data)
		*data = a.out;
	else
		free(a.out);
	if (len)
		*len = a.out_len;
	return e;
}

/* ---- materials ---- */

typedef struct attach_args {
	int64_t case_id, file_id, owner_id, now;
	const char *key;
	const char *why;
	store_case_material *rows;
	size_t n;
} attach_args;

static bool takes_materials(case_state s)
{
	return s == CS_DRAFT || s == CS_RECEIVED || s == CS_PREREVIEW || s == CS_NOTICE;
}

static os_err attach_op(sq_conn *c, void *arg)
{
	attach_args *a = arg;
	cst s;
	os_err e = cst_load(c, a->case_id, &s);
	if (e)
		return e;
	if (!takes_materials(s.state)) {
		a->why = "the case no longer takes materials";
		return OS_ERR_CONFLICT;
	}
	cat_item it;
	memset(&it, 0, sizeof it);
	e = load_item(c, s.item_id, s.item_version, &it);
	bool known = false;
	for (size_t i = 0; !e && i < it.n_materials && !known; i++) {
		char key[160];
		cat_material_key(it.materials[i].name, key, sizeof key);
		known = !strcmp(key, a->key);
	}
	cat_item_free(&it);
	if (e)
		return e;
	if (!known) {
		a->why = "material_key: the item asks for no such material";
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM case_files WHERE id = ? AND owner_id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->file_id);
	sqlite3_bind_int64(st, 2, a->owner_id);
	bool row;
	e = step1(st, &row);
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row) {
		a->why = "file_id: no such file of yours";
		return OS_ERR_NOT_FOUND;
	}
	st = sq_prep(c, "INSERT INTO case_materials(case_id, material_key, file_id, added_at)"
	                " VALUES (?,?,?,?) ON CONFLICT DO NOTHING");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	sqlite3_bind_text(st, 2, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->file_id);
	sqlite3_bind_int64(st, 4, a->now);
	e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) > 0) {
		st = sq_prep(c, "UPDATE cases SET updated_at = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, a->case_id);
		e = sq_exec(c, st);
	}
	return e;
}

os_err store_case_attach(store *st, int64_t case_id, const char *material_key, int64_t file_id,
                         int64_t owner_id, int64_t now, const char **why)
{
	if (!material_key || !material_key[0] || strlen(material_key) >= 160) {
		if (why)
			*why = "material_key: 1 to 159 bytes";
		return OS_ERR_INVALID;
	}
	attach_args a = {.case_id = case_id,
	                 .file_id = file_id,
	                 .owner_id = owner_id,
	                 .now = now,
	                 .key = material_key};
	os_err e = sq_write(st, attach_op, &a);
	if (why)
		*why = a.why;
	return e;
}

static os_err materials_op(sq_conn *c, void *arg)
{
	attach_args *a = arg;
	cst s;
	os_err e = cst_load(c, a->case_id, &s);
	if (e)
		return e;
	cat_item it;
	memset(&it, 0, sizeof it);
	e = load_item(c, s.item_id, s.item_version, &it);
	sqlite3_stmt *st =
	    e ? NULL
	      : sq_prep(c, "SELECT f.id, f.name, f.mime, f.size FROM case_materials m JOIN"
	                   " case_files f ON f.id = m.file_id WHERE m.case_id = ? AND"
	                   " m.material_key = ? ORDER BY m.added_at, f.id LIMIT 50");
	if (!e && !st)
		e = OS_ERR_IO;
	size_t cap = it.n_materials + 8;
	a->rows = os_calloc(cap, sizeof *a->rows);
	for (size_t i = 0; !e && i < it.n_materials; i++) {
		const cat_material *m = &it.materials[i];
		char key[160];
		cat_material_key(m->name, key, sizeof key);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, a->case_id);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
		int rc;
		bool any = false;
		for (;;) {
			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW && any)
				break;
			if (a->n == cap) {
				cap *= 2;
				a->rows = os_realloc(a->rows, cap * sizeof *a->rows);
			}
			store_case_material *r = &a->rows[a->n++];
			memset(r, 0, sizeof *r);
			copy_str(r->key, sizeof r->key, key);
			copy_str(r->name, sizeof r->name, m->name);
			r->required = m->required;
			if (rc != SQLITE_ROW)
				break; /* missing: one row with file_id 0 */
			any = true;
			r->file_id = sqlite3_column_int64(st, 0);
			sq_text(st, 1, r->file_name, sizeof r->file_name);
			r->mime = (case_mime)sqlite3_column_int(st, 2);
			r->size = sqlite3_column_int64(st, 3);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			e = sq_err(rc);
	}
	cat_item_free(&it);
	return e;
}

os_err store_case_materials(store *st, int64_t case_id, store_case_material **out, size_t *n)
{
	attach_args a = {.case_id = case_id};
	os_err e = sq_read(st, materials_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- bundles ---- */

typedef struct bundle_args {
	int64_t bundle_id;
	const store_case_new *in;
	const cat_item *items;
	size_t n_items;
	const char *id_norm;
	int64_t app_id;
	store_case_list *cases;
	store_case_bundle_app *app;
	case_delivery delivery;
	const char *tracking;
	int64_t actor_id, now;
	const char *why;
} bundle_args;

static os_err bundle_cases_c(sq_conn *c, int64_t app_id, store_case_list *out)
{
	sqlite3_stmt *st =
	    sq_prep(c, CASE_SELECT " WHERE c.bundle_app_id = ? ORDER BY c.id LIMIT 20");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, app_id);
	out->rows = os_calloc(CAT_BUNDLE_MAX_ITEMS, sizeof *out->rows);
	int rc;
	os_err e = OS_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < CAT_BUNDLE_MAX_ITEMS) {
		e = read_case(c, st, false, &out->rows[out->n]);
		if (e)
			break;
		out->n++;
	}
	sqlite3_reset(st);
	if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_err(rc);
	out->total = (int64_t)out->n;
	return e;
}

static os_err bundle_create_op(sq_conn *c, void *arg)
{
	bundle_args *a = arg;
	const store_case_new *in = a->in;
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO case_bundles(bundle_id, applicant_id, site_id,"
	                              " channel, created_at) VALUES (?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->bundle_id);
	sq_bind_opt(st, 2, in->applicant_id);
	sqlite3_bind_int64(st, 3, in->site_id);
	sqlite3_bind_int(st, 4, (int)in->channel);
	sqlite3_bind_int64(st, 5, in->now);
	os_err e = sq_exec(c, st);
	if (e)
		return e == OS_ERR_CONFLICT ? OS_ERR_INVALID : e;
	a->app_id = sqlite3_last_insert_rowid(c->db);
	for (size_t i = 0; !e && i < a->n_items; i++) {
		int64_t id;
		e = create_one(c, in, &a->items[i], a->id_norm, a->app_id, &id, &a->why);
	}
	if (!e)
		e = idem_set_resource(c, in->idem_user, in->idem_key, a->app_id);
	if (!e)
		e = bundle_cases_c(c, a->app_id, a->cases);
	return e;
}

os_err store_case_bundle_create(store *st, int64_t bundle_id, const store_case_new *in,
                                int64_t *bundle_app_id, store_case_list *cases, const char **why)
{
	memset(cases, 0, sizeof *cases);
	*bundle_app_id = 0;
	const char *w = NULL;
	store_cat_bundle b;
	store_cat_item *members = NULL;
	os_err e = store_bundle_get(st, in->today, bundle_id, &b, &members);
	if (e) {
		if (why)
			*why = "bundle_id: no such bundle";
		return e;
	}
	size_t n = b.b.n_items;
	cat_item *items = os_calloc(n ? n : 1, sizeof *items);
	char id[OS_ID_LEN + 1] = "";
	for (size_t i = 0; i < n && !w; i++) {
		if (members[i].item.id == 0) {
			w = "bundle_id: a member of the bundle is not in the catalog now";
			break;
		}
		items[i] = members[i].item; /* shallow: members own the memory */
		w = check_new(in, &items[i], true, id);
	}
	if (!w && n > 0 && form_sent(in->form_json)) {
		/* no name that none of the bundle's items knows */
		size_t nf = 0;
		for (size_t i = 0; i < n; i++)
			nf += items[i].n_fields;
		cat_field *all = os_calloc(nf ? nf : 1, sizeof *all);
		nf = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < items[i].n_fields; j++)
				all[nf++] = items[i].fields[j];
		w = check_form(in->form_json, all, nf, in->today, CASE_FORM_NO_REQUIRED, why_out);
		free(all);
	}
	if (!w && n == 0)
		w = "bundle_id: the bundle has no items";
	if (w) {
		e = OS_ERR_INVALID;
	} else {
		bundle_args a = {.bundle_id = bundle_id,
		                 .in = in,
		                 .items = items,
		                 .n_items = n,
		                 .id_norm = id,
		                 .cases = cases};
		e = sq_write(st, bundle_create_op, &a);
		w = a.why;
		if (!e)
			*bundle_app_id = a.app_id;
		else
			store_case_list_free(cases);
	}
	sodium_memzero(id, sizeof id);
	free(items);
	store_cat_members_free(members, n);
	if (why)
		*why = w;
	return e;
}

/* How far a case got, for the derived state of a bundle. */
static int progress(case_state s)
{
	switch (s) {
	case CS_DRAFT:
		return 0;
	case CS_PREREVIEW:
	case CS_RECEIVED:
		return 1;
	case CS_NOTICE:
		return 2;
	case CS_SUPPLEMENTED:
		return 3;
	case CS_ACCEPTED:
		return 4;
	case CS_REVIEW:
	case CS_SUSPENDED:
	case CS_EXTENDED:
		return 5;
	case CS_DECIDED:
		return 6;
	case CS_COMPLETED:
		return 7;
	case CS_DELIVERED:
		return 8;
	default:
		return 99;
	}
}

static case_state derived_state(const store_case_list *l)
{
	case_state best = CS_NONE;
	bool rejected = false;
	for (size_t i = 0; i < l->n; i++) {
		case_state s = l->rows[i].state;
		if (s == CS_REJECTED || s == CS_WITHDRAWN) {
			rejected |= s == CS_REJECTED;
			continue;
		}
		if (best == CS_NONE || progress(s) < progress(best) ||
		    (progress(s) == progress(best) && s < best))
			best = s;
	}
	if (best == CS_NONE && l->n)
		best = rejected ? CS_REJECTED : CS_WITHDRAWN;
	return best;
}

static os_err bundle_get_c(sq_conn *c, int64_t app_id, store_case_bundle_app *o,
                           store_case_list *cases)
{
	sqlite3_stmt *st = sq_prep(
	    c,
	    "SELECT a.id, a.bundle_id, coalesce(a.applicant_id, 0), a.site_id, b.name, a.delivery,"
	    " a.tracking, a.created_at, coalesce(a.delivered_at, 0) FROM case_bundles a"
	    " JOIN catalog_bundles b ON b.id = a.bundle_id WHERE a.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, app_id);
	bool row;
	os_err e = step1(st, &row);
	if (!e && row) {
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(st, 0);
		o->bundle_id = sqlite3_column_int64(st, 1);
		o->applicant_id = sqlite3_column_int64(st, 2);
		o->site_id = sqlite3_column_int64(st, 3);
		sq_text(st, 4, o->bundle_name, sizeof o->bundle_name);
		o->delivery = (case_delivery)sqlite3_column_int(st, 5);
		sq_text(st, 6, o->tracking, sizeof o->tracking);
		o->created_at = sqlite3_column_int64(st, 7);
		o->delivered_at = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row)
		return OS_ERR_NOT_FOUND;
	e = bundle_cases_c(c, app_id, cases);
	if (!e)
		o->state = derived_state(cases);
	return e;
}

static os_err bundle_get_op(sq_conn *c, void *arg)
{
	bundle_args *a = arg;
	return bundle_get_c(c, a->app_id, a->app, a->cases);
}

os_err store_case_bundle_get(store *st, int64_t bundle_app_id, store_case_bundle_app *out,
                             store_case_list *cases)
{
	store_case_list tmp;
	store_case_list *l = cases ? cases : &tmp;
	memset(out, 0, sizeof *out);
	memset(l, 0, sizeof *l);
	bundle_args a = {.app_id = bundle_app_id, .app = out, .cases = l};
	os_err e = sq_read(st, bundle_get_op, &a);
	if (e || !cases)
		store_case_list_free(l);
	return e;
}

static os_err bundle_deliver_op(sq_conn *c, void *arg)
{
	bundle_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id FROM cases WHERE bundle_app_id = ? AND state = ?"
	                              " ORDER BY id LIMIT 20");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->app_id);
	sqlite3_bind_int(st, 2, CS_COMPLETED);
	int64_t ids[CAT_BUNDLE_MAX_ITEMS];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < CAT_BUNDLE_MAX_ITEMS)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(rc);
	st = sq_prep(c, "SELECT 1 FROM case_bundles WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->app_id);
	bool row;
	os_err e = step1(st, &row);
	sqlite3_reset(st);
	if (e)
		return e;
	if (!row)
		return OS_ERR_NOT_FOUND;
	if (n == 0) {
		a->why = "no case of the application is completed";
		return OS_ERR_CONFLICT;
	}
	os_date today = sq_day_of(a->now);
	for (size_t i = 0; !e && i < n; i++) {
		store_case_act act_in = {.case_id = ids[i],
		                         .action = CA_DELIVER,
		                         .actor = CACT_CLERK,
		                         .actor_id = a->actor_id,
		                         .actor_role = "clerk",
		                         .delivery = a->delivery,
		                         .tracking = a->tracking,
		                         .now = a->now,
		                         .today = today};
		cst s;
		e = cst_load(c, ids[i], &s);
		if (e)
			break;
		const char *note = "";
		char buf[WHY_MAX]; /* CA_DELIVER names no material */
		case_state to;
		e = case_transition(s.state, CA_DELIVER, CACT_CLERK, s.extended_days > 0, &to,
		                    &a->why);
		if (!e)
			e = act(c, &act_in, &s, to, &a->why, &note, buf);
		if (!e)
			e = cst_save(c, &s, a->now);
		actor_ref who = {.id = a->actor_id, .role = "clerk"};
		if (!e)
			e = add_event(c, s.id, a->now, CA_DELIVER, CS_COMPLETED, s.state, &who,
			              note, event_due(&s));
	}
	if (e)
		return e;
	st = sq_prep(c, "UPDATE case_bundles SET delivery = ?, tracking = ?, delivered_at = ?"
	                " WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)a->delivery);
	sqlite3_bind_text(st, 2, a->delivery == CDL_POST && a->tracking ? a->tracking : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_int64(st, 4, a->app_id);
	return sq_exec(c, st);
}

os_err store_case_bundle_deliver(store *st, int64_t bundle_app_id, case_delivery d,
                                 const char *tracking, int64_t actor_id, int64_t now,
                                 const char **why)
{
	bundle_args a = {.app_id = bundle_app_id,
	                 .delivery = d,
	                 .tracking = tracking,
	                 .actor_id = actor_id,
	                 .now = now};
	os_err e = sq_write(st, bundle_deliver_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- idempotency ---- */

typedef struct idem_args {
	int64_t user_id, now, resource_id;
	const char *key, *route, *response;
	const unsigned char *hash;
	int in_progress_s, status;
	store_idem_state state;
	char *response_out;
} idem_args;

static os_err idem_claim_op(sq_conn *c, void *arg)
{
	idem_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT route, body_hash, coalesce(resource_id, 0), status,"
	                              " response, created_at FROM idempotency_keys"
	                              " WHERE user_id = ? AND key = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->user_id);
	sqlite3_bind_text(st, 2, a->key, -1, SQLITE_STATIC);
	bool row;
	os_err e = step1(st, &row);
	if (e)
		return e;
	if (row) {
		const unsigned char *h = sqlite3_column_blob(st, 1);
		const unsigned char *route = sqlite3_column_text(st, 0);
		bool same = h && sqlite3_column_bytes(st, 1) == 32 && !memcmp(h, a->hash, 32) &&
		            route && !strcmp((const char *)route, a->route);
		int64_t created = sqlite3_column_int64(st, 5);
		a->resource_id = sqlite3_column_int64(st, 2);
		if (!same) {
			a->state = IDEM_MISMATCH;
		} else if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			a->state = IDEM_REPLAY;
			a->status = sqlite3_column_int(st, 3);
			a->response_out = os_strdup((const char *)sqlite3_column_text(st, 4));
		} else if (a->resource_id) {
			a->state = IDEM_RESOURCE;
		} else if (a->now - created < a->in_progress_s) {
			a->state = IDEM_IN_PROGRESS;
		} else {
			a->state = IDEM_NEW; /* an abandoned claim: take it over */
		}
		sqlite3_reset(st);
		if (a->state != IDEM_NEW)
			return OS_OK;
		st = sq_prep(c, "UPDATE idempotency_keys SET created_at = ? WHERE user_id = ?"
		                " AND key = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, a->user_id);
		sqlite3_bind_text(st, 3, a->key, -1, SQLITE_STATIC);
		return sq_exec(c, st);
	}
	sqlite3_reset(st);
	st = sq_prep(c, "INSERT INTO idempotency_keys(user_id, key, route, body_hash, created_at)"
	                " VALUES (?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->user_id);
	sqlite3_bind_text(st, 2, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->route, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, a->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->now);
	a->state = IDEM_NEW;
	return sq_exec(c, st);
}

os_err store_idem_claim(store *st, int64_t user_id, const char *key, const char *route,
                        const unsigned char hash[32], int64_t now, int in_progress_s,
                        store_idem_state *state, int *status, char **response, int64_t *resource_id)
{
	if (status)
		*status = 0;
	if (response)
		*response = NULL;
	if (resource_id)
		*resource_id = 0;
	if (!key || !key[0] || strlen(key) > 255 || !route || !hash)
		return OS_ERR_INVALID;
	idem_args a = {.user_id = user_id,
	               .key = key,
	               .route = route,
	               .hash = hash,
	               .now = now,
	               .in_progress_s = in_progress_s};
	os_err e = sq_write(st, idem_claim_op, &a);
	if (e) {
		free(a.response_out);
		return e;
	}
	*state = a.state;
	if (status)
		*status = a.status;
	if (response)
		*response = a.response_out;
	else
		free(a.response_out);
	if (resource_id)
		*resource_id = a.resource_id;
	return OS_OK;
}

static os_err idem_finish_op(sq_conn *c, void *arg)
{
	idem_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE idempotency_keys SET status = ?, response = ?"
	                              " WHERE user_id = ? AND key = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->status);
	sq_bind_str(st, 2, a->response);
	sqlite3_bind_int64(st, 3, a->user_id);
	sqlite3_bind_text(st, 4, a->key, -1, SQLITE_STATIC);
	os_err e = sq_exec(c, st);
	return !e && sqlite3_changes(c->db) == 0 ? OS_ERR_NOT_FOUND : e;
}

os_err store_idem_finish(store *st, int64_t user_id, const char *key, int status,
                         const char *response)
{
	idem_args a = {.user_id = user_id, .key = key, .status = status, .response = response};
	return key ? sq_write(st, idem_finish_op, &a) : OS_ERR_INVALID;
}

static os_err idem_release_op(sq_conn *c, void *arg)
{
	idem_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?"
	                              " AND resource_id IS NULL AND response IS NULL");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->user_id);
	sqlite3_bind_text(st, 2, a->key, -1, SQLITE_STATIC);
	return sq_exec(c, st);
}

os_err store_idem_release(store *st, int64_t user_id, const char *key)
{
	idem_args a = {.user_id = user_id, .key = key};
	return key ? sq_write(st, idem_release_op, &a) : OS_ERR_INVALID;
}

/* ---- sweep ---- */

typedef struct sweep_args {
	os_date today;
	int64_t now;
	int max, deemed, overdue;
	const os_calendar *cal;
} sweep_args;

static os_err collect_ids(sqlite3_stmt *st, int64_t *ids, int max, int *n)
{
	int rc = SQLITE_DONE;
	*n = 0;
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	if (*n < max && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return sq_err(rc);
	}
	sqlite3_reset(st);
	return OS_OK;
}

static os_err sweep_op(sq_conn *c, void *arg)
{
	sweep_args *a = arg;
	int64_t *ids = os_calloc((size_t)a->max, sizeof *ids);
	int n = 0;
	sqlite3_stmt *st = sq_prep(c, "SELECT id FROM cases WHERE state BETWEEN 2 AND 11"
	                              " AND state IN (2, 3, 5) AND accept_due < ? ORDER BY id"
	                              " LIMIT ?");
	os_err e = st ? OS_OK : OS_ERR_IO;
	if (!e) {
		sqlite3_bind_int64(st, 1, a->today);
		sqlite3_bind_int(st, 2, a->max);
		e = collect_ids(st, ids, a->max, &n);
	}
	for (int i = 0; !e && i < n; i++) {
		cst s;
		e = cst_load(c, ids[i], &s);
		if (!e)
			e = deem_accept(c, &s, a->now, a->cal);
		if (!e)
			a->deemed++;
	}
	int left = a->max - a->deemed;
	if (!e && left > 0) {
		st = sq_prep(c, "SELECT id FROM cases WHERE state BETWEEN 2 AND 11"
		                " AND state IN (6, 8, 10, 11) AND due < ? AND overdue_counted = 0"
		                " ORDER BY id LIMIT ?");
		e = st ? OS_OK : OS_ERR_IO;
		if (!e) {
			sqlite3_bind_int64(st, 1, a->today);
			sqlite3_bind_int(st, 2, left);
			e = collect_ids(st, ids, left, &n);
		}
		for (int i = 0; !e && i < n; i++) {
			cst s;
			e = cst_load(c, ids[i], &s);
			if (!e)
				e = count_overdue(c, &s, a->now);
			if (!e)
				a->overdue++;
		}
	}
	free(ids);
	return e;
}

os_err store_cases_sweep(store *st, os_date today, int64_t now, int max, int *deemed, int *overdue)
{
	if (deemed)
		*deemed = 0;
	if (overdue)
		*overdue = 0;
	if (max <= 0)
		return OS_OK;
	if (max > 100000)
		max = 100000;
	/* the deadlines of deemed acceptances: the district calendar as stored */
	os_calendar *cal = NULL;
	char msg[OS_CAL_MSG_SIZE];
	os_err e = store_calendar_load(st, 0, &cal, NULL, msg, sizeof msg);
	if (e)
		return e;
	sweep_args a = {.today = today, .now = now, .max = max, .cal = cal};
	e = sq_write(st, sweep_op, &a);
	os_calendar_free(cal);
	if (deemed)
		*deemed = e ? 0 : a.deemed;
	if (overdue)
		*overdue = e ? 0 : a.overdue;
	return e;
}

/* ---- figures ---- */

/* The counters a filter needs, from the coarsest table that answers it
 * exactly (0007_cases.sql): with an item, the detailed case_counters over
 * the days; otherwise the whole months in the range from case_counters_month
 * (?7..?8, yyyymm) and the days of the partial months at either end from
 * case_counters_day (?1..?9 and ?10..?2). Each row carries its month. */
#define FIG_MONTH_OF(x) " CAST(strftime('%Y%m', " x " * 86400, 'unixepoch') AS INTEGER)"
#define FIG_COLS        " site_id, department_id, received, accepted, completed, on_time, overdue"
#define FIG_SRC                                                                                    \
	" FROM (SELECT" FIG_MONTH_OF(                                                              \
	    "day") " month," FIG_COLS " FROM case_counters"                                        \
	           " WHERE ?6 <> 0 AND day BETWEEN ?1 AND ?2 AND item_id = ?6"                     \
	           " UNION ALL SELECT month," FIG_COLS " FROM case_counters_month"                 \
	           " WHERE ?6 = 0 AND month BETWEEN ?7 AND ?8"                                     \
	           " UNION ALL SELECT month," FIG_COLS " FROM case_counters_day"                   \
	           " WHERE ?6 = 0 AND day BETWEEN ?1 AND ?9"                                       \
	           " UNION ALL SELECT month," FIG_COLS " FROM case_counters_day"                   \
	           " WHERE ?6 = 0 AND day BETWEEN ?10 AND ?2) k"
/* without a site or tier filter (?3 = ?4 = 0) the sites need no join */
#define FIG_SITES      " JOIN sites s ON s.id = k.site_id"
#define FIG_WHERE_DEPT " WHERE (?5 = 0 OR k.department_id = ?5)"
#define FIG_WHERE                                                                                  \
	" WHERE (?3 = 0 OR k.site_id = ?3 OR s.parent_id = ?3 OR"                                  \
	" s.parent_id IN (SELECT id FROM sites WHERE parent_id = ?3)) AND (?4 = 0 OR s.tier = ?4)" \
	" AND (?5 = 0 OR k.department_id = ?5)"
#define FIG_SUMS                                                                                   \
	" coalesce(sum(k.received), 0), coalesce(sum(k.accepted), 0),"                             \
	" coalesce(sum(k.completed), 0), coalesce(sum(k.on_time), 0), coalesce(sum(k.overdue), 0)"
/* the recount's filter: the same as FIG_WHERE on the cases table */
#define FIG_WHERE_CASES                                                                            \
	" WHERE (?3 = 0 OR c.site_id = ?3 OR s.parent_id = ?3 OR"                                  \
	" s.parent_id IN (SELECT id FROM sites WHERE parent_id = ?3)) AND (?4 = 0 OR s.tier = ?4)" \
	" AND (?5 = 0 OR c.department_id = ?5) AND (?6 = 0 OR c.item_id = ?6)"

typedef struct fig_args {
	const store_case_fig_filter *f;
	const char *group;
	store_case_figures *out;
	store_case_fig_row *rows;
	size_t n;
} fig_args;

static int yyyymm(os_date d)
{
	int y, m, day;
	os_date_to_ymd(d, &y, &m, &day);
	return y * 100 + m;
}

/* The first day of d's month and the first day of the next month. */
static os_date month_start(os_date d)
{
	int y, m, day;
	os_date_to_ymd(d, &y, &m, &day);
	return d - (day - 1);
}

static os_date next_month_start(os_date d)
{
	int y, m, day;
	os_date_to_ymd(d, &y, &m, &day);
	os_date out;
	if (os_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &out))
		return os_date_max() + 1; /* past the last valid month */
	return out;
}

static void bind_fig(sqlite3_stmt *st, const store_case_fig_filter *f)
{
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->to);
	sqlite3_bind_int64(st, 3, f->site_id);
	sqlite3_bind_int(st, 4, f->tier);
	sqlite3_bind_int64(st, 5, f->department_id);
	sqlite3_bind_int64(st, 6, f->item_id);
	/* whole months: [first, last] with first = the first month starting on
	 * or after `from`, last = the last month ending on or before `to` */
	os_date first = month_start(f->from) == f->from ? f->from : next_month_start(f->from);
	os_date after = next_month_start(f->to) - 1 == f->to ? f->to + 1 : month_start(f->to);
	if (first < after) {
		sqlite3_bind_int(st, 7, yyyymm(first));
		sqlite3_bind_int(st, 8, yyyymm(after - 1));
		sqlite3_bind_int64(st, 9, first - 1); /* the head: from .. first - 1 */
		sqlite3_bind_int64(st, 10, after);    /* the tail: after .. to */
	} else { /* no whole month: every day from case_counters_day */
		sqlite3_bind_int(st, 7, 1);
		sqlite3_bind_int(st, 8, 0);
		sqlite3_bind_int64(st, 9, f->to);
		sqlite3_bind_int64(st, 10, (int64_t)f->to + 1);
	}
}

static void read_figs(sqlite3_stmt *st, int first, store_case_figures *o)
{
	o->received = sqlite3_column_int64(st, first);
	o->accepted = sqlite3_column_int64(st, first + 1);
	o->completed = sqlite3_column_int64(st, first + 2);
	o->on_time = sqlite3_column_int64(st, first + 3);
	o->overdue = sqlite3_column_int64(st, first + 4);
}

static os_err fig_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	sqlite3_stmt *st = a->f->site_id || a->f->tier
	                       ? sq_prep(c, "SELECT" FIG_SUMS FIG_SRC FIG_SITES FIG_WHERE)
	                       : sq_prep(c, "SELECT" FIG_SUMS FIG_SRC FIG_WHERE_DEPT);
	if (!st)
		return OS_ERR_IO;
	bind_fig(st, a->f);
	bool row;
	os_err e = step1(st, &row);
	if (!e && row)
		read_figs(st, 0, a->out);
	sqlite3_reset(st);
	return e;
}

static bool fig_filter_ok(const store_case_fig_filter *f)
{
	return f && f->from <= f->to && f->tier >= 0 && f->tier <= 3 && f->from >= os_date_min() &&
	       f->to <= os_date_max();
}

os_err store_case_figures_get(store *st, const store_case_fig_filter *f, store_case_figures *out)
{
	memset(out, 0, sizeof *out);
	if (!fig_filter_ok(f))
		return OS_ERR_INVALID;
	fig_args a = {.f = f, .out = out};
	return sq_read(st, fig_op, &a);
}

static os_err fig_by_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	sqlite3_stmt *st = NULL;
	if (!strcmp(a->group, "department"))
		st = sq_prep(c, "SELECT k.department_id, d.name," FIG_SUMS FIG_SRC FIG_SITES
		                " JOIN departments d ON d.id = k.department_id" FIG_WHERE
		                " GROUP BY k.department_id ORDER BY k.department_id LIMIT 1000");
	else if (!strcmp(a->group, "site"))
		st = sq_prep(c, "SELECT k.site_id, s.name," FIG_SUMS FIG_SRC FIG_SITES FIG_WHERE
		                " GROUP BY k.site_id ORDER BY k.site_id LIMIT 1000");
	else if (!strcmp(a->group, "tier"))
		st = sq_prep(c, "SELECT s.tier, '', " FIG_SUMS FIG_SRC FIG_SITES FIG_WHERE
		                " GROUP BY s.tier ORDER BY s.tier");
	else if (!strcmp(a->group, "month") && (a->f->site_id || a->f->tier))
		st = sq_prep(
		    c, "SELECT k.month, printf('%04d-%02d', k.month / 100, k.month % 100)," FIG_SUMS
		           FIG_SRC FIG_SITES FIG_WHERE
		       " GROUP BY k.month ORDER BY k.month LIMIT 1000");
	else if (!strcmp(a->group, "month"))
		st = sq_prep(
		    c, "SELECT k.month, printf('%04d-%02d', k.month / 100, k.month % 100)," FIG_SUMS
		           FIG_SRC FIG_WHERE_DEPT " GROUP BY k.month ORDER BY k.month LIMIT 1000");
	else
		return OS_ERR_INVALID;
	if (!st)
		return OS_ERR_IO;
	bind_fig(st, a->f);
	size_t cap = 16;
	a->rows = os_calloc(cap, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < 1000) {
		if (a->n == cap) {
			cap *= 2;
			a->rows = os_realloc(a->rows, cap * sizeof *a->rows);
		}
		store_case_fig_row *r = &a->rows[a->n++];
		memset(r, 0, sizeof *r);
		r->key_id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r->name, sizeof r->name);
		if (!strcmp(a->group, "tier"))
			copy_str(r->name, sizeof r->name, site_tier_key((site_tier)r->key_id));
		read_figs(st, 2, &r->f);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_case_figures_by(store *st, const store_case_fig_filter *f, const char *group,
                             store_case_fig_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!fig_filter_ok(f) || !group)
		return OS_ERR_INVALID;
	fig_args a = {.f = f, .group = group};
	os_err e = sq_read(st, fig_by_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* The recount: the same definitions as the counters (see the top of this
 * file), from the cases table. A timestamp's day is its Asia/Shanghai date:
 * (t + 8 h) / 86400 (all times are after 1970). */
static os_err recount_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT"
	       " coalesce(sum(c.received_at IS NOT NULL AND (c.received_at + 28800) / 86400"
	       "   BETWEEN ?1 AND ?2), 0),"
	       " coalesce(sum(c.accepted_at IS NOT NULL AND (c.accepted_at + 28800) / 86400"
	       "   BETWEEN ?1 AND ?2), 0),"
	       " coalesce(sum(c.completed_at IS NOT NULL AND (c.completed_at + 28800) / 86400"
	       "   BETWEEN ?1 AND ?2), 0),"
	       " coalesce(sum(c.completed_at IS NOT NULL AND c.on_time = 1 AND"
	       "   (c.completed_at + 28800) / 86400 BETWEEN ?1 AND ?2), 0),"
	       " coalesce(sum(c.overdue_counted = 1 AND c.overdue_day BETWEEN ?1 AND ?2), 0)"
	       " FROM cases c JOIN sites s ON s.id = c.site_id" FIG_WHERE_CASES);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->f->from);
	sqlite3_bind_int64(st, 2, a->f->to);
	sqlite3_bind_int64(st, 3, a->f->site_id);
	sqlite3_bind_int(st, 4, a->f->tier);
	sqlite3_bind_int64(st, 5, a->f->department_id);
	sqlite3_bind_int64(st, 6, a->f->item_id);
	bool row;
	os_err e = step1(st, &row);
	if (!e && row)
		read_figs(st, 0, a->out);
	sqlite3_reset(st);
	return e;
}

os_err store_case_figures_recount(store *st, const store_case_fig_filter *f,
                                  store_case_figures *out)
{
	memset(out, 0, sizeof *out);
	if (!fig_filter_ok(f))
		return OS_ERR_INVALID;
	fig_args a = {.f = f, .out = out};
	return sq_read(st, recount_op, &a);
}
