/* sqlite_proxy.c - proxy service, home visits and butlers in the SQLite
 * backend (migration 0010).
 *
 * Every change is one write operation: the request row, its event, the
 * counters of the day (proxy_counters) and the audit row of the request
 * commit together, and the transition is checked by proxy_transition()
 * against the row as it is inside that transaction, so two specialists
 * acting at once never both succeed on a stale state. The actor's relation
 * to the request (requester, assignee) is decided here against the row; the
 * API only says whether he is a specialist of the request's site.
 *
 * Scope "the site and below": a row's site is the site itself, one of its
 * children or grandchildren (district → township → village). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/mem.h"
#include "store/sq.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* ---- counters ------------------------------------------------------------ */

typedef struct bump {
	int64_t butlers, requests, people, home, video, items;
} bump;

static os_err count(sq_conn *c, os_date day, int64_t site_id, bump b)
{
	return SQ_EXEC_INTS(
	    c,
	    "INSERT INTO proxy_counters(day, site_id, butlers, requests, people_served,"
	    " home_visits, video_visits, items_handled) VALUES (?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(day, site_id) DO UPDATE SET butlers = butlers + excluded.butlers,"
	    " requests = requests + excluded.requests,"
	    " people_served = people_served + excluded.people_served,"
	    " home_visits = home_visits + excluded.home_visits,"
	    " video_visits = video_visits + excluded.video_visits,"
	    " items_handled = items_handled + excluded.items_handled",
	    day, site_id, b.butlers, b.requests, b.people, b.home, b.video, b.items);
}

/* ---- requests: reading ---------------------------------------------------- */

#define REQ_SELECT                                                                                 \
	"SELECT r.id, r.no, r.site_id, s.name, s.name_en, r.kind, r.filer, r.channel, r.state,"    \
	" r.green, coalesce(r.requester_id, 0), coalesce(u.display_name, ''), r.relation,"         \
	" r.name_enc, r.id_enc, r.phone_enc, r.address_enc, r.item_id, r.item_code, r.item_name,"  \
	" r.note, r.auth_items, r.auth_until, r.consent, coalesce(r.assignee_id, 0),"              \
	" coalesce(a.display_name, ''), coalesce(a.role, ''), coalesce(r.assigned_at, 0),"         \
	" r.delivery, r.tracking, coalesce(r.posted_at, 0), coalesce(r.completed_at, 0), "         \
	"r.reason,"                                                                                \
	" r.created_at, r.updated_at,"                                                             \
	" coalesce((SELECT min(v.scheduled_at) FROM proxy_visits v"                                \
	"  WHERE v.request_id = r.id AND v.state = 1), 0),"                                        \
	" (SELECT count(*) FROM proxy_request_cases k WHERE k.request_id = r.id)"                  \
	" FROM proxy_requests r JOIN sites s ON s.id = r.site_id"                                  \
	" LEFT JOIN users u ON u.id = r.requester_id LEFT JOIN users a ON a.id = r.assignee_id"

/* The site filter on a row whose site is joined as `s` (?N = 0: any). */
#define SITE_BELOW(s, n)                                                                           \
	" (?" n " = 0 OR " s ".id = ?" n " OR " s ".parent_id = ?" n " OR " s ".parent_id IN"      \
	" (SELECT id FROM sites WHERE parent_id = ?" n "))"

static os_err read_request(sq_conn *c, sqlite3_stmt *st, bool reveal, store_proxy_request *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, o->no, sizeof o->no);
	o->site_id = sqlite3_column_int64(st, 2);
	sq_text(st, 3, o->site_name, sizeof o->site_name);
	sq_text(st, 4, o->site_name_en, sizeof o->site_name_en);
	o->kind = (proxy_kind)sqlite3_column_int(st, 5);
	o->filer = (proxy_filer)sqlite3_column_int(st, 6);
	o->channel = (proxy_channel)sqlite3_column_int(st, 7);
	o->state = (proxy_state)sqlite3_column_int(st, 8);
	o->green = (queue_green)sqlite3_column_int(st, 9);
	o->requester_id = sqlite3_column_int64(st, 10);
	sq_text(st, 11, o->requester_name, sizeof o->requester_name);
	sq_text(st, 12, o->relation, sizeof o->relation);
	os_err e = sq_column_unsealed(c, st, 13, o->person_name, sizeof o->person_name);
	if (!e)
		e = sq_column_unsealed(c, st, 14, o->id_number, sizeof o->id_number);
	if (!e)
		e = sq_column_unsealed(c, st, 15, o->phone, sizeof o->phone);
	if (!e && reveal)
		e = sq_column_unsealed(c, st, 16, o->address, sizeof o->address);
	if (e)
		return e;
	o->item_id = sqlite3_column_int64(st, 17);
	sq_text(st, 18, o->item_code, sizeof o->item_code);
	sq_text(st, 19, o->item_name, sizeof o->item_name);
	sq_text(st, 20, o->note, sizeof o->note);
	sq_text(st, 21, o->auth.items, sizeof o->auth.items);
	o->auth.valid_until = sqlite3_column_int(st, 22);
	o->auth.consent = sqlite3_column_int(st, 23) != 0;
	o->assignee_id = sqlite3_column_int64(st, 24);
	sq_text(st, 25, o->assignee_name, sizeof o->assignee_name);
	sq_text(st, 26, o->assignee_role, sizeof o->assignee_role);
	o->assigned_at = sqlite3_column_int64(st, 27);
	o->delivery = sqlite3_column_int(st, 28);
	sq_text(st, 29, o->tracking, sizeof o->tracking);
	o->posted_at = sqlite3_column_int64(st, 30);
	o->completed_at = sqlite3_column_int64(st, 31);
	sq_text(st, 32, o->reason, sizeof o->reason);
	o->created_at = sqlite3_column_int64(st, 33);
	o->updated_at = sqlite3_column_int64(st, 34);
	o->next_visit_at = sqlite3_column_int64(st, 35);
	o->cases = sqlite3_column_int64(st, 36);
	return OS_OK;
}

static os_err get_c(sq_conn *c, int64_t id, bool reveal, store_proxy_request *out)
{
	sqlite3_stmt *st = sq_prep(c, REQ_SELECT " WHERE r.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	os_err e = rc == SQLITE_ROW ? read_request(c, st, reveal, out) : sq_one(rc);
	sqlite3_reset(st);
	return e;
}

typedef struct get_args {
	int64_t id;
	bool reveal;
	store_proxy_request *out;
} get_args;

static os_err get_op(sq_conn *c, void *arg)
{
	get_args *a = arg;
	return get_c(c, a->id, a->reveal, a->out);
}

os_err store_proxy_request_get(store *st, int64_t id, bool reveal, store_proxy_request *out)
{
	get_args a = {id, reveal, out};
	return sq_read(st, get_op, &a);
}

#define LIST_MAX 1000

typedef struct list_args {
	const store_proxy_filter *f;
	store_proxy_list *out;
} list_args;

static int order_cmp(const void *pa, const void *pb)
{
	const store_proxy_request *a = pa, *b = pb;
	proxy_order x = {a->id, a->green, a->kind, a->created_at};
	proxy_order y = {b->id, b->green, b->kind, b->created_at};
	return proxy_priority_cmp(&x, &y);
}

static os_err list_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	const store_proxy_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(
	    c, REQ_SELECT " WHERE" SITE_BELOW("s", "1") " AND (?2 = 0 OR r.assignee_id = ?2)"
	                                                " AND (?3 = 0 OR r.requester_id = ?3)"
	                                                " AND (?4 = 0 OR r.state BETWEEN 1 AND 6)"
	                                                " AND (?5 = 0 OR r.state = ?5)"
	                                                " ORDER BY r.id DESC LIMIT ?6 OFFSET ?7");
	sqlite3_stmt *cnt = sq_prep(c, "SELECT count(*) FROM proxy_requests r"
	                               " JOIN sites s ON s.id = r.site_id WHERE" SITE_BELOW(
	                                   "s", "1") " AND (?2 = 0 OR r.assignee_id = ?2)"
	                                             " AND (?3 = 0 OR r.requester_id = ?3)"
	                                             " AND (?4 = 0 OR r.state BETWEEN 1 AND 6)"
	                                             " AND (?5 = 0 OR r.state = ?5)");
	if (!st || !cnt)
		return OS_ERR_IO;
	sqlite3_stmt *both[2] = {st, cnt};
	for (int k = 0; k < 2; k++) {
		sqlite3_bind_int64(both[k], 1, f->site_id);
		sqlite3_bind_int64(both[k], 2, f->assignee_id);
		sqlite3_bind_int64(both[k], 3, f->requester_id);
		sqlite3_bind_int(both[k], 4, f->open_only);
		sqlite3_bind_int(both[k], 5, f->state);
	}
	int64_t limit = f->limit > 0 && f->limit <= LIST_MAX ? f->limit : 50;
	/* Open requests are ordered by the core's priority rule: read them all
	 * (up to LIST_MAX), sort, then cut the page. */
	sqlite3_bind_int64(st, 6, f->open_only ? LIST_MAX : limit);
	sqlite3_bind_int64(st, 7, f->open_only ? 0 : f->offset);
	os_err e = OS_OK;
	int rc = sqlite3_step(cnt);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(cnt, 0) : 0;
	sqlite3_reset(cnt);
	size_t cap = (size_t)(f->open_only ? LIST_MAX : limit);
	store_proxy_request *rows = os_calloc(cap ? cap : 1, sizeof *rows);
	size_t n = 0;
	while (!e && n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
		e = read_request(c, st, false, &rows[n++]);
	if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_err(rc);
	sqlite3_reset(st);
	if (e) {
		free(rows);
		return e;
	}
	if (f->open_only) {
		qsort(rows, n, sizeof *rows, order_cmp);
		size_t off = f->offset > 0 ? (size_t)f->offset : 0;
		if (off > n)
			off = n;
		size_t take = n - off < (size_t)limit ? n - off : (size_t)limit;
		memmove(rows, rows + off, take * sizeof *rows);
		n = take;
	}
	a->out->rows = rows;
	a->out->n = n;
	return OS_OK;
}

os_err store_proxy_requests_list(store *st, const store_proxy_filter *f, store_proxy_list *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {f, out};
	return sq_read(st, list_op, &a);
}

void store_proxy_list_free(store_proxy_list *l)
{
	if (!l)
		return;
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* ---- events --------------------------------------------------------------- */

static os_err event_add(sq_conn *c, int64_t request_id, int64_t at, proxy_action action,
                        proxy_state from, proxy_state to, int64_t actor_id, const char *role,
                        int64_t assignee_id, const char *note)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO proxy_events(request_id, at, action, from_state,"
	                              " to_state, actor_id, actor_role, assignee_id, note)"
	                              " VALUES (?,?,?,?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, request_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, action);
	sqlite3_bind_int(st, 4, from);
	sqlite3_bind_int(st, 5, to);
	sq_bind_opt(st, 6, actor_id);
	sq_bind_str(st, 7, role);
	sq_bind_opt(st, 8, assignee_id);
	sq_bind_str(st, 9, note);
	return sq_exec(c, st);
}

typedef struct events_args {
	int64_t id;
	store_proxy_event *rows;
	size_t n;
} events_args;

#define EVENTS_MAX 500

static os_err events_op(sq_conn *c, void *arg)
{
	events_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT e.id, e.at, coalesce(e.actor_id, 0), coalesce(e.assignee_id, 0), e.action,"
	       " e.from_state, e.to_state, e.actor_role, coalesce(u.display_name, ''),"
	       " coalesce(x.display_name, ''), e.note FROM proxy_events e"
	       " LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN users x ON x.id = e.assignee_id"
	       " WHERE e.request_id = ? ORDER BY e.id LIMIT 500");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	a->rows = os_calloc(EVENTS_MAX, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < EVENTS_MAX) {
		store_proxy_event *v = &a->rows[a->n++];
		v->id = sqlite3_column_int64(st, 0);
		v->at = sqlite3_column_int64(st, 1);
		v->actor_id = sqlite3_column_int64(st, 2);
		v->assignee_id = sqlite3_column_int64(st, 3);
		v->action = (proxy_action)sqlite3_column_int(st, 4);
		v->from = (proxy_state)sqlite3_column_int(st, 5);
		v->to = (proxy_state)sqlite3_column_int(st, 6);
		sq_text(st, 7, v->actor_role, sizeof v->actor_role);
		sq_text(st, 8, v->actor_name, sizeof v->actor_name);
		sq_text(st, 9, v->assignee_name, sizeof v->assignee_name);
		sq_text(st, 10, v->note, sizeof v->note);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_proxy_events(store *st, int64_t request_id, store_proxy_event **out, size_t *n)
{
	events_args a = {.id = request_id};
	os_err e = sq_read(st, events_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- requests: filing ------------------------------------------------------ */

typedef struct create_args {
	const store_proxy_new *in;
	store_proxy_request *out;
	const char *field;
} create_args;

static os_err create_c(sq_conn *c, const store_proxy_new *in, int64_t *id_out, const char **field)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		*field = "site_id";
		return sq_one(rc);
	}
	st = sq_prep(c, "INSERT INTO proxy_sequences(day, seq) VALUES (?, 1)"
	                " ON CONFLICT(day) DO UPDATE SET seq = seq + 1 RETURNING seq");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, in->today);
	rc = sqlite3_step(st);
	int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!seq)
		return sq_err(rc);
	char no[PROXY_NO_MAX];
	os_err e = proxy_number(in->today, seq, no, sizeof no);
	if (e)
		return e;
	st = sq_prep(
	    c, "INSERT INTO proxy_requests(no, site_id, kind, filer, channel, state, green,"
	       " requester_id, relation, name_enc, id_enc, id_hash, phone_enc, address_enc,"
	       " item_id, item_code, item_name, note, auth_items, auth_until, consent,"
	       " created_at, updated_at) VALUES (?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, in->site_id);
	sqlite3_bind_int(st, 3, in->kind);
	sqlite3_bind_int(st, 4, in->filer);
	sqlite3_bind_int(st, 5, in->channel);
	sqlite3_bind_int(st, 6, in->green);
	sq_bind_opt(st, 7, in->requester_id);
	sq_bind_str(st, 8, in->relation);
	if ((e = sq_bind_sealed(c, st, 9, in->person_name)) ||
	    (e = sq_bind_sealed(c, st, 10, in->id_number)) ||
	    (e = sq_bind_sealed(c, st, 12, in->phone)) ||
	    (e = sq_bind_sealed(c, st, 13, in->address))) {
		sqlite3_clear_bindings(st);
		return e;
	}
	if (in->id_number && in->id_number[0]) {
		unsigned char h[32];
		sq_lookup_hash(c, in->id_number, h);
		sqlite3_bind_blob(st, 11, h, 32, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 14, in->item_id);
	sq_bind_str(st, 15, in->item_code);
	sq_bind_str(st, 16, in->item_name);
	sq_bind_str(st, 17, in->note);
	sqlite3_bind_text(st, 18, in->auth->items, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 19, in->auth->valid_until);
	sqlite3_bind_int64(st, 20, in->now);
	sqlite3_bind_int64(st, 21, in->now);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	if (e)
		return e;
	int64_t id = sqlite3_last_insert_rowid(c->db);
	if ((e = event_add(c, id, in->now, PA_NONE, PS_NONE, PS_SUBMITTED, in->requester_id,
	                   in->actor_role, 0, in->note)) ||
	    (e = count(c, in->today, in->site_id, (bump){.requests = 1})))
		return e;
	*id_out = id;
	return OS_OK;
}

static os_err create_op(sq_conn *c, void *arg)
{
	create_args *a = arg;
	int64_t id = 0;
	os_err e = create_c(c, a->in, &id, &a->field);
	return e ? e : get_c(c, id, false, a->out);
}

os_err store_proxy_request_create(store *st, const store_proxy_new *in, store_proxy_request *out,
                                  const char **field)
{
	create_args a = {.in = in, .out = out};
	os_err e = sq_write(st, create_op, &a);
	if (field)
		*field = e ? a.field : NULL;
	return e;
}

/* ---- requests: actions ------------------------------------------------------ */

typedef struct act_args {
	store_proxy_act *a;
	store_proxy_request *out;
	const char *why, *field;
} act_args;

typedef struct req_core {
	proxy_state state;
	int64_t site_id, requester_id, assignee_id;
	bool has_hash;
	unsigned char hash[32];
	proxy_auth auth;
} req_core;

static os_err core_get(sq_conn *c, int64_t id, req_core *r)
{
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT state, site_id, coalesce(requester_id, 0), coalesce(assignee_id, 0),"
	       " id_hash, auth_items, auth_until, consent FROM proxy_requests WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(r, 0, sizeof *r);
		r->state = (proxy_state)sqlite3_column_int(st, 0);
		r->site_id = sqlite3_column_int64(st, 1);
		r->requester_id = sqlite3_column_int64(st, 2);
		r->assignee_id = sqlite3_column_int64(st, 3);
		if (sqlite3_column_bytes(st, 4) == 32) {
			r->has_hash = true;
			memcpy(r->hash, sqlite3_column_blob(st, 4), 32);
		}
		sq_text(st, 5, r->auth.items, sizeof r->auth.items);
		r->auth.valid_until = sqlite3_column_int(st, 6);
		r->auth.consent = sqlite3_column_int(st, 7) != 0;
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err assignee_ok(sq_conn *c, int64_t user_id)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM users WHERE id = ? AND disabled = 0"
	                              " AND role IN ('proxy', 'butler')");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OS_OK : rc == SQLITE_DONE ? OS_ERR_INVALID : sq_err(rc);
}

static os_err do_schedule(sq_conn *c, act_args *x, req_core *r)
{
	store_proxy_act *a = x->a;
	if (a->mode != PVM_HOME && a->mode != PVM_VIDEO) {
		x->field = "mode";
		x->why = "the visit is home or video";
		return OS_ERR_INVALID;
	}
	if (!a->team || !a->team[0]) {
		x->field = "team";
		x->why = "a visit needs its team";
		return OS_ERR_INVALID;
	}
	if (a->scheduled_at < a->now - 86400) {
		x->field = "scheduled_at";
		x->why = "a visit is scheduled from today on";
		return OS_ERR_INVALID;
	}
	/* A reschedule replaces the visit still pending. */
	sqlite3_stmt *st = sq_prep(c, "UPDATE proxy_visits SET state = 3, outcome = 'rescheduled'"
	                              " WHERE request_id = ? AND state = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->request_id);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	bool own_address = a->address && a->address[0];
	st = own_address
	         ? sq_prep(c, "INSERT INTO proxy_visits(request_id, mode, state, scheduled_at,"
	                      " address_enc, team, has_doctor, note, created_by, created_at)"
	                      " VALUES (?1,?2,1,?3,?4,?5,?6,?7,?8,?9)")
	         : sq_prep(c, "INSERT INTO proxy_visits(request_id, mode, state, scheduled_at,"
	                      " address_enc, team, has_doctor, note, created_by, created_at)"
	                      " SELECT ?1,?2,1,?3, address_enc,?5,?6,?7,?8,?9"
	                      " FROM proxy_requests WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->request_id);
	sqlite3_bind_int(st, 2, a->mode);
	sqlite3_bind_int64(st, 3, a->scheduled_at);
	if (own_address && (e = sq_bind_sealed(c, st, 4, a->address))) {
		sqlite3_clear_bindings(st);
		return e;
	}
	sqlite3_bind_text(st, 5, a->team, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, a->has_doctor);
	sq_bind_str(st, 7, a->note);
	sq_bind_opt(st, 8, a->actor_id);
	sqlite3_bind_int64(st, 9, a->now);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	if (!e)
		a->result_id = sqlite3_last_insert_rowid(c->db);
	(void)r;
	return e;
}

static os_err do_record(sq_conn *c, act_args *x, req_core *r, proxy_state *to)
{
	store_proxy_act *a = x->a;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT mode FROM proxy_visits WHERE id = ? AND request_id = ? AND state = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->visit_id);
	sqlite3_bind_int64(st, 2, a->request_id);
	int rc = sqlite3_step(st);
	int mode = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		x->field = "visit_id";
		x->why = "no such pending visit of this request";
		return sq_one(rc);
	}
	if (!a->outcome || !a->outcome[0]) {
		x->field = "outcome";
		x->why = "record what came of the visit";
		return OS_ERR_INVALID;
	}
	st = sq_prep(c, "UPDATE proxy_visits SET state = ?, outcome = ?, done_at = ?,"
	                " recorded_by = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->visit_done ? PVS_DONE : PVS_MISSED);
	sqlite3_bind_text(st, 2, a->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->now);
	sq_bind_opt(st, 4, a->actor_id);
	sqlite3_bind_int64(st, 5, a->visit_id);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	if (!a->visit_done) { /* nobody met: schedule again */
		*to = r->state;
		return OS_OK;
	}
	return count(c, a->today, r->site_id,
	             mode == PVM_VIDEO ? (bump){.video = 1} : (bump){.home = 1});
}

static os_err do_file_case(sq_conn *c, act_args *x, req_core *r)
{
	store_proxy_act *a = x->a;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT coalesce(c.proxy_request_id, 0), i.code,"
	               " (SELECT 1 FROM proxy_request_cases k WHERE k.case_id = c.id)"
	               " FROM cases c JOIN catalog_items i ON i.id = c.item_id"
	               " WHERE c.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	int rc = sqlite3_step(st);
	int64_t pr = 0;
	bool linked = false;
	char code[CAT_CODE_MAX] = "";
	if (rc == SQLITE_ROW) {
		pr = sqlite3_column_int64(st, 0);
		sq_text(st, 1, code, sizeof code);
		linked = sqlite3_column_type(st, 2) != SQLITE_NULL;
	}
	sqlite3_reset(st);
	x->field = "case_id";
	if (rc != SQLITE_ROW) {
		x->why = "no such case";
		return sq_one(rc);
	}
	if (pr != a->request_id) {
		x->why = "the case was not filed under this request (proxy_request_id)";
		return OS_ERR_INVALID;
	}
	if (linked) {
		x->why = "the case is recorded already";
		return OS_ERR_CONFLICT;
	}
	os_err e = proxy_auth_check(&r->auth, code, a->today, &x->why);
	if (e)
		return e;
	st = sq_prep(c, "INSERT INTO proxy_request_cases(case_id, request_id, item_code, filed_by,"
	                " filed_at) VALUES (?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->case_id);
	sqlite3_bind_int64(st, 2, a->request_id);
	sqlite3_bind_text(st, 3, code, -1, SQLITE_TRANSIENT);
	sq_bind_opt(st, 4, a->actor_id);
	sqlite3_bind_int64(st, 5, a->now);
	if ((e = sq_exec(c, st)))
		return e;
	x->field = NULL;
	return count(c, a->today, r->site_id, (bump){.items = 1});
}

static os_err do_complete(sq_conn *c, act_args *x, req_core *r, char *tracking, size_t cap)
{
	store_proxy_act *a = x->a;
	if (a->delivery < CDL_NONE || a->delivery >= CDL__COUNT) {
		x->field = "delivery";
		x->why = "delivery is none, pickup, post or electronic";
		return OS_ERR_INVALID;
	}
	snprintf(tracking, cap, "%s", nz(a->tracking));
	if (a->delivery == CDL_POST && !tracking[0]) {
		/* the tracking number of a filed case delivered by post */
		sqlite3_stmt *st =
		    sq_prep(c, "SELECT c.tracking FROM proxy_request_cases k"
		               " JOIN cases c ON c.id = k.case_id WHERE k.request_id = ?"
		               " AND c.delivery = 2 AND c.tracking <> ''"
		               " ORDER BY c.delivered_at DESC LIMIT 1");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->request_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			sq_text(st, 0, tracking, cap);
		sqlite3_reset(st);
		if (!tracking[0]) {
			x->field = "tracking";
			x->why = "a postal delivery needs its tracking number";
			return OS_ERR_INVALID;
		}
	}
	/* One person served one-to-one: his first completed request. */
	bool first = true;
	if (r->has_hash) {
		sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM proxy_requests WHERE id_hash = ?"
		                              " AND state = 7 AND id <> ? LIMIT 1");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_blob(st, 1, r->hash, 32, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, a->request_id);
		first = sqlite3_step(st) != SQLITE_ROW;
		sqlite3_reset(st);
	}
	return first ? count(c, a->today, r->site_id, (bump){.people = 1}) : OS_OK;
}

static os_err act_op(sq_conn *c, void *arg)
{
	act_args *x = arg;
	store_proxy_act *a = x->a;
	req_core r;
	os_err e = core_get(c, a->request_id, &r);
	if (e)
		return e;
	unsigned actor = (a->specialist ? PACT_SPECIALIST : 0u) |
	                 (r.requester_id && r.requester_id == a->actor_id ? PACT_REQUESTER : 0u) |
	                 (r.assignee_id && r.assignee_id == a->actor_id ? PACT_ASSIGNEE : 0u);
	proxy_state to;
	if ((e = proxy_transition(r.state, a->action, actor, &to, &x->why))) {
		x->field = "action";
		return e;
	}
	if (proxy_needs_reason(r.state, a->action) && (!a->reason || !a->reason[0])) {
		x->field = "reason";
		x->why = "give the reason";
		return OS_ERR_INVALID;
	}
	int64_t assignee = r.assignee_id;
	char note[PROXY_REASON_MAX];
	snprintf(note, sizeof note, "%s", nz(a->reason));
	char tracking[41] = "";
	switch (a->action) {
	case PA_ASSIGN:
	case PA_REASSIGN:
		if (!a->assignee_id || assignee_ok(c, a->assignee_id)) {
			x->field = "assignee_id";
			x->why = "assign to an enabled proxy specialist or butler account";
			return OS_ERR_INVALID;
		}
		if (a->action == PA_REASSIGN && a->assignee_id == r.assignee_id) {
			x->field = "assignee_id";
			x->why = "the request is assigned to this account already";
			return OS_ERR_INVALID;
		}
		assignee = a->assignee_id;
		break;
	case PA_SCHEDULE_VISIT:
		e = do_schedule(c, x, &r);
		if (!e)
			snprintf(note, sizeof note, "%s %s",
			         a->mode == PVM_VIDEO ? "video" : "home", a->team);
		break;
	case PA_RECORD_VISIT:
		e = do_record(c, x, &r, &to);
		if (!e)
			snprintf(note, sizeof note, "%s", a->outcome);
		break;
	case PA_FILE_CASE:
		e = do_file_case(c, x, &r);
		if (!e)
			snprintf(note, sizeof note, "case %lld", (long long)a->case_id);
		break;
	case PA_COMPLETE:
		e = do_complete(c, x, &r, tracking, sizeof tracking);
		if (!e && tracking[0])
			snprintf(note, sizeof note, "%s", tracking);
		break;
	default:
		break;
	}
	if (e)
		return e;
	sqlite3_stmt *st = sq_prep(
	    c, "UPDATE proxy_requests SET state = ?2, updated_at = ?3, assignee_id = nullif(?4, 0),"
	       " assigned_at = CASE WHEN ?5 THEN ?3 ELSE assigned_at END,"
	       " delivery = CASE WHEN ?6 THEN ?7 ELSE delivery END,"
	       " tracking = CASE WHEN ?6 THEN ?8 ELSE tracking END,"
	       " posted_at = CASE WHEN ?6 AND ?7 = 2 THEN ?3 ELSE posted_at END,"
	       " completed_at = CASE WHEN ?6 THEN ?3 ELSE completed_at END,"
	       " reason = CASE WHEN ?9 THEN ?10 ELSE reason END WHERE id = ?1 AND state = ?11");
	if (!st)
		return OS_ERR_IO;
	bool completing = a->action == PA_COMPLETE;
	sqlite3_bind_int64(st, 1, a->request_id);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_int64(st, 4, assignee);
	sqlite3_bind_int(st, 5, a->action == PA_ASSIGN || a->action == PA_REASSIGN);
	sqlite3_bind_int(st, 6, completing);
	sqlite3_bind_int(st, 7, completing ? a->delivery : 0);
	sqlite3_bind_text(st, 8, tracking, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 9, a->action == PA_CANCEL);
	sq_bind_str(st, 10, a->reason);
	sqlite3_bind_int(st, 11, r.state);
	if ((e = sq_exec(c, st)))
		return e;
	if (sqlite3_changes(c->db) != 1)
		return OS_ERR_CONFLICT;
	if ((e = event_add(c, a->request_id, a->now, a->action, r.state, to, a->actor_id,
	                   a->actor_role, assignee, note)))
		return e;
	return get_c(c, a->request_id, false, x->out);
}

os_err store_proxy_apply(store *st, store_proxy_act *a, store_proxy_request *out, const char **why,
                         const char **field)
{
	act_args x = {.a = a, .out = out};
	os_err e = sq_write(st, act_op, &x);
	if (why)
		*why = e ? x.why : NULL;
	if (field)
		*field = e ? x.field : NULL;
	return e;
}

/* ---- visits ----------------------------------------------------------------- */

typedef struct visits_args {
	const store_proxy_visit_filter *f;
	store_proxy_visit *rows;
	size_t n;
} visits_args;

#define VISITS_MAX 500

static os_err visits_op(sq_conn *c, void *arg)
{
	visits_args *a = arg;
	const store_proxy_visit_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(
	    c,
	    "SELECT v.id, v.request_id, r.no, r.name_enc, r.item_name, coalesce(r.assignee_id, 0),"
	    " r.site_id, v.mode, v.state, v.scheduled_at, coalesce(v.done_at, 0), v.created_at,"
	    " v.address_enc, v.team, v.has_doctor, v.note, v.outcome FROM proxy_visits v"
	    " JOIN proxy_requests r ON r.id = v.request_id JOIN sites s ON s.id = r.site_id"
	    " WHERE" SITE_BELOW(
	        "s",
	        "3") " AND (?1 = 0 OR v.request_id = ?1)"
	             " AND (?2 = 0 OR r.assignee_id = ?2) AND (?4 = 0 OR v.scheduled_at >= ?4)"
	             " AND (?5 = 0 OR v.scheduled_at < ?5) ORDER BY v.scheduled_at, v.id LIMIT ?6");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, f->request_id);
	sqlite3_bind_int64(st, 2, f->assignee_id);
	sqlite3_bind_int64(st, 3, f->site_id);
	sqlite3_bind_int64(st, 4, f->from);
	sqlite3_bind_int64(st, 5, f->to);
	int64_t limit = f->limit > 0 && f->limit <= VISITS_MAX ? f->limit : 100;
	sqlite3_bind_int64(st, 6, limit);
	a->rows = os_calloc((size_t)limit, sizeof *a->rows);
	int rc;
	os_err e = OS_OK;
	while (!e && a->n < (size_t)limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_proxy_visit *v = &a->rows[a->n++];
		v->id = sqlite3_column_int64(st, 0);
		v->request_id = sqlite3_column_int64(st, 1);
		sq_text(st, 2, v->request_no, sizeof v->request_no);
		e = sq_column_unsealed(c, st, 3, v->person_name, sizeof v->person_name);
		sq_text(st, 4, v->item_name, sizeof v->item_name);
		v->assignee_id = sqlite3_column_int64(st, 5);
		v->site_id = sqlite3_column_int64(st, 6);
		v->mode = (proxy_visit_mode)sqlite3_column_int(st, 7);
		v->state = (proxy_visit_state)sqlite3_column_int(st, 8);
		v->scheduled_at = sqlite3_column_int64(st, 9);
		v->done_at = sqlite3_column_int64(st, 10);
		v->created_at = sqlite3_column_int64(st, 11);
		if (!e && f->reveal)
			e = sq_column_unsealed(c, st, 12, v->address, sizeof v->address);
		sq_text(st, 13, v->team, sizeof v->team);
		v->has_doctor = sqlite3_column_int(st, 14) != 0;
		sq_text(st, 15, v->note, sizeof v->note);
		sq_text(st, 16, v->outcome, sizeof v->outcome);
		rc = SQLITE_ROW;
	}
	sqlite3_reset(st);
	return e;
}

os_err store_proxy_visits_list(store *st, const store_proxy_visit_filter *f,
                               store_proxy_visit **out, size_t *n)
{
	visits_args a = {.f = f};
	os_err e = sq_read(st, visits_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

typedef struct cases_args {
	int64_t id, *out;
	size_t cap, n;
} cases_args;

static os_err cases_op(sq_conn *c, void *arg)
{
	cases_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT case_id FROM proxy_request_cases WHERE request_id = ?"
	                              " ORDER BY case_id");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < a->cap)
		a->out[a->n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_proxy_request_cases(store *st, int64_t request_id, int64_t *out, size_t cap, size_t *n)
{
	cases_args a = {.id = request_id, .out = out, .cap = cap};
	os_err e = sq_read(st, cases_op, &a);
	*n = a.n;
	return e;
}

/* ---- butlers ------------------------------------------------------------------ */

typedef struct butler_args {
	const store_proxy_butler_new *in;
	int64_t id;
	store_proxy_butler *out;
	const store_proxy_butler_filter *f;
	store_proxy_butler *rows;
	size_t n;
	int64_t total;
	const char *items, *availability;
	int active;
	int64_t now;
} butler_args;

static os_err register_c(sq_conn *c, const store_proxy_butler_new *in, os_date day, int64_t *id_out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	if (in->user_id) {
		st = sq_prep(c, "SELECT role = 'butler', (SELECT 1 FROM proxy_butlers b WHERE"
		                " b.user_id = users.id) FROM users WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, in->user_id);
		rc = sqlite3_step(st);
		bool ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0) &&
		          sqlite3_column_type(st, 1) == SQLITE_NULL;
		sqlite3_reset(st);
		if (!ok)
			return OS_ERR_CONFLICT;
	}
	st = sq_prep(c, "INSERT INTO proxy_butlers(site_id, user_id, name_enc, phone_enc, items,"
	                " availability, active, registered_at, registered_by, updated_at)"
	                " VALUES (?,?,?,?,?,?,1,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	sq_bind_opt(st, 2, in->user_id);
	os_err e;
	if ((e = sq_bind_sealed(c, st, 3, in->name)) || (e = sq_bind_sealed(c, st, 4, in->phone))) {
		sqlite3_clear_bindings(st);
		return e;
	}
	sq_bind_str(st, 5, in->items);
	sq_bind_str(st, 6, in->availability);
	sqlite3_bind_int64(st, 7, in->now);
	sq_bind_opt(st, 8, in->registered_by);
	sqlite3_bind_int64(st, 9, in->now);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	if (e)
		return e;
	*id_out = sqlite3_last_insert_rowid(c->db);
	return count(c, day, in->site_id, (bump){.butlers = 1});
}

static os_err register_op(sq_conn *c, void *arg)
{
	butler_args *a = arg;
	if (!a->in->account)
		return register_c(c, a->in, queue_day(a->in->now), &a->id);
	/* the account and its butler record commit together or not at all */
	store_proxy_butler_new in = *a->in;
	const char *field = NULL;
	os_err e = sq_user_add(c, a->in->account, a->in->now, &in.user_id, &field);
	if (a->in->account_field)
		*a->in->account_field = field;
	return e ? e : register_c(c, &in, queue_day(in.now), &a->id);
}

os_err store_proxy_butler_register(store *st, const store_proxy_butler_new *in, int64_t *id)
{
	butler_args a = {.in = in};
	os_err e = sq_write(st, register_op, &a);
	if (!e && id)
		*id = a.id;
	return e;
}

#define BUTLER_SELECT                                                                              \
	"SELECT b.id, b.site_id, s.name, coalesce(b.user_id, 0), coalesce(u.login, ''), "          \
	"b.name_enc,"                                                                              \
	" b.phone_enc, b.items, b.availability, b.active, b.registered_at,"                        \
	" CASE WHEN b.user_id IS NULL THEN 0 ELSE (SELECT count(*) FROM proxy_requests r"          \
	"  WHERE r.assignee_id = b.user_id AND r.state BETWEEN 2 AND 6) END"                       \
	" FROM proxy_butlers b JOIN sites s ON s.id = b.site_id LEFT JOIN users u ON u.id = "      \
	"b.user_id"

static os_err read_butler(sq_conn *c, sqlite3_stmt *st, store_proxy_butler *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	b->site_id = sqlite3_column_int64(st, 1);
	sq_text(st, 2, b->site_name, sizeof b->site_name);
	b->user_id = sqlite3_column_int64(st, 3);
	sq_text(st, 4, b->login, sizeof b->login);
	os_err e = sq_column_unsealed(c, st, 5, b->name, sizeof b->name);
	if (!e)
		e = sq_column_unsealed(c, st, 6, b->phone, sizeof b->phone);
	sq_text(st, 7, b->items, sizeof b->items);
	sq_text(st, 8, b->availability, sizeof b->availability);
	b->active = sqlite3_column_int(st, 9) != 0;
	b->registered_at = sqlite3_column_int64(st, 10);
	b->open_requests = sqlite3_column_int64(st, 11);
	return e;
}

static os_err butler_get_op(sq_conn *c, void *arg)
{
	butler_args *a = arg;
	sqlite3_stmt *st = a->active == 2 ? sq_prep(c, BUTLER_SELECT " WHERE b.user_id = ?")
	                                  : sq_prep(c, BUTLER_SELECT " WHERE b.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	int rc = sqlite3_step(st);
	os_err e = rc == SQLITE_ROW ? read_butler(c, st, a->out) : sq_one(rc);
	sqlite3_reset(st);
	return e;
}

os_err store_proxy_butler_get(store *st, int64_t id, store_proxy_butler *out)
{
	butler_args a = {.id = id, .out = out};
	return sq_read(st, butler_get_op, &a);
}

os_err store_proxy_butler_of_user(store *st, int64_t user_id, store_proxy_butler *out)
{
	butler_args a = {.id = user_id, .out = out, .active = 2};
	return sq_read(st, butler_get_op, &a);
}

#define BUTLERS_MAX 500

static os_err butlers_op(sq_conn *c, void *arg)
{
	butler_args *a = arg;
	const store_proxy_butler_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(
	    c, BUTLER_SELECT " WHERE" SITE_BELOW(
	           "s", "1") " AND (?2 < 0 OR b.active = ?2)"
	                     " ORDER BY b.user_id IS NULL, b.site_id, b.id LIMIT ?3 OFFSET ?4");
	sqlite3_stmt *cnt = sq_prep(
	    c, "SELECT count(*) FROM proxy_butlers b JOIN sites s ON"
	       " s.id = b.site_id WHERE" SITE_BELOW("s", "1") " AND (?2 < 0 OR b.active = ?2)");
	if (!st || !cnt)
		return OS_ERR_IO;
	int64_t limit = f->limit > 0 && f->limit <= BUTLERS_MAX ? f->limit : 50;
	sqlite3_bind_int64(st, 1, f->site_id);
	sqlite3_bind_int(st, 2, f->active);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, f->offset);
	sqlite3_bind_int64(cnt, 1, f->site_id);
	sqlite3_bind_int(cnt, 2, f->active);
	int rc = sqlite3_step(cnt);
	a->total = rc == SQLITE_ROW ? sqlite3_column_int64(cnt, 0) : 0;
	sqlite3_reset(cnt);
	a->rows = os_calloc((size_t)limit, sizeof *a->rows);
	os_err e = OS_OK;
	while (!e && a->n < (size_t)limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		e = read_butler(c, st, &a->rows[a->n++]);
	sqlite3_reset(st);
	return e;
}

os_err store_proxy_butlers_list(store *st, const store_proxy_butler_filter *f,
                                store_proxy_butler **out, size_t *n, int64_t *total)
{
	butler_args a = {.f = f};
	os_err e = sq_read(st, butlers_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	if (total)
		*total = a.total;
	return e;
}

static os_err butler_update_op(sq_conn *c, void *arg)
{
	butler_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT site_id, active FROM proxy_butlers WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	int rc = sqlite3_step(st);
	int64_t site = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int was = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	st = sq_prep(c, "UPDATE proxy_butlers SET items = coalesce(?2, items),"
	                " availability = coalesce(?3, availability),"
	                " active = CASE WHEN ?4 < 0 THEN active ELSE ?4 END, updated_at = ?5"
	                " WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	if (a->items)
		sqlite3_bind_text(st, 2, a->items, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	if (a->availability)
		sqlite3_bind_text(st, 3, a->availability, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int(st, 4, a->active);
	sqlite3_bind_int64(st, 5, a->now);
	os_err e = sq_exec(c, st);
	if (!e && a->active >= 0 && a->active != was)
		e = count(c, queue_day(a->now), site, (bump){.butlers = a->active ? 1 : -1});
	return e;
}

os_err store_proxy_butler_update(store *st, int64_t id, const char *items, const char *availability,
                                 int active, int64_t now)
{
	butler_args a = {
	    .id = id, .items = items, .availability = availability, .active = active, .now = now};
	return sq_write(st, butler_update_op, &a);
}

/* ---- staff and workload ----------------------------------------------------------- */

typedef struct staff_args {
	int64_t site_id;
	store_proxy_staff *rows;
	size_t n;
} staff_args;

#define STAFF_MAX 200

static os_err staff_op(sq_conn *c, void *arg)
{
	staff_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT u.id, u.display_name, u.role, u.site_id, s.name,"
	       " (SELECT count(*) FROM proxy_requests r WHERE r.assignee_id = u.id"
	       "  AND r.state BETWEEN 2 AND 6),"
	       " (SELECT count(*) FROM proxy_visits v JOIN proxy_requests r ON r.id = v.request_id"
	       "  WHERE r.assignee_id = u.id AND v.state = 1),"
	       " coalesce(b.id, 0), coalesce(b.items, ''), coalesce(b.availability, '')"
	       " FROM users u JOIN sites s ON s.id = u.site_id"
	       " LEFT JOIN proxy_butlers b ON b.user_id = u.id"
	       " WHERE u.role IN ('proxy', 'butler') AND u.disabled = 0 AND" SITE_BELOW(
	           "s", "1") " ORDER BY u.role DESC, u.id LIMIT 200");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->site_id);
	a->rows = os_calloc(STAFF_MAX, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < STAFF_MAX) {
		store_proxy_staff *s = &a->rows[a->n++];
		s->user_id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, s->name, sizeof s->name);
		sq_text(st, 2, s->role, sizeof s->role);
		s->site_id = sqlite3_column_int64(st, 3);
		sq_text(st, 4, s->site_name, sizeof s->site_name);
		s->open_requests = sqlite3_column_int64(st, 5);
		s->visits_scheduled = sqlite3_column_int64(st, 6);
		s->butler_id = sqlite3_column_int64(st, 7);
		sq_text(st, 8, s->items, sizeof s->items);
		sq_text(st, 9, s->availability, sizeof s->availability);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_proxy_staff_list(store *st, int64_t site_id, store_proxy_staff **out, size_t *n)
{
	staff_args a = {.site_id = site_id};
	os_err e = sq_read(st, staff_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- figures ------------------------------------------------------------------------ */

typedef struct fig_args {
	const store_proxy_fig_filter *f;
	const char *group;
	store_proxy_figures *tot;
	store_proxy_fig_row *rows;
	size_t n;
} fig_args;

static void read_fig(sqlite3_stmt *st, int i, store_proxy_figures *f)
{
	f->butlers_active = sqlite3_column_int64(st, i);
	f->requests = sqlite3_column_int64(st, i + 1);
	f->people_served = sqlite3_column_int64(st, i + 2);
	f->home_visits = sqlite3_column_int64(st, i + 3);
	f->video_visits = sqlite3_column_int64(st, i + 4);
	f->items_handled = sqlite3_column_int64(st, i + 5);
}

#define FIG_SUMS                                                                                   \
	" coalesce(sum(k.butlers), 0),"                                                            \
	" coalesce(sum(CASE WHEN k.day >= ?1 THEN k.requests END), 0),"                            \
	" coalesce(sum(CASE WHEN k.day >= ?1 THEN k.people_served END), 0),"                       \
	" coalesce(sum(CASE WHEN k.day >= ?1 THEN k.home_visits END), 0),"                         \
	" coalesce(sum(CASE WHEN k.day >= ?1 THEN k.video_visits END), 0),"                        \
	" coalesce(sum(CASE WHEN k.day >= ?1 THEN k.items_handled END), 0)"

static os_err fig_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT" FIG_SUMS " FROM proxy_counters k"
	       " JOIN sites s ON s.id = k.site_id WHERE k.day <= ?2 AND" SITE_BELOW("s", "3"));
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->f->from);
	sqlite3_bind_int(st, 2, a->f->to);
	sqlite3_bind_int64(st, 3, a->f->site_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_fig(st, 0, a->tot);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OS_OK : sq_err(rc);
}

os_err store_proxy_figures_get(store *st, const store_proxy_fig_filter *f, store_proxy_figures *out)
{
	memset(out, 0, sizeof *out);
	fig_args a = {.f = f, .tot = out};
	return sq_read(st, fig_op, &a);
}

#define FIG_ROWS_MAX 400

static os_err fig_by_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	bool by_site = strcmp(a->group, "site") == 0;
	sqlite3_stmt *st =
	    by_site
	        ? sq_prep(c, "SELECT g.id, g.name, g.name_en," FIG_SUMS " FROM proxy_counters k"
	                     " JOIN sites s ON s.id = k.site_id JOIN sites g ON g.id = CASE"
	                     " WHEN s.tier = 3 THEN s.parent_id ELSE s.id END"
	                     " WHERE k.day <= ?2 AND" SITE_BELOW(
	                         "s", "3") " GROUP BY g.id ORDER BY g.tier, g.id LIMIT 400")
	        : sq_prep(c, "SELECT CAST(strftime('%Y%m', k.day * 86400, 'unixepoch') AS INTEGER)"
	                     " AS m, '', ''," FIG_SUMS " FROM proxy_counters k"
	                     " JOIN sites s ON s.id = k.site_id WHERE k.day <= ?2 AND" SITE_BELOW(
	                         "s", "3") " GROUP BY m ORDER BY m");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->f->from);
	sqlite3_bind_int(st, 2, a->f->to);
	sqlite3_bind_int64(st, 3, a->f->site_id);
	a->rows = os_calloc(FIG_ROWS_MAX, sizeof *a->rows);
	int rc;
	int from_month = proxy_month(a->f->from);
	int64_t before = 0; /* butlers registered before the first month shown */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < FIG_ROWS_MAX) {
		store_proxy_fig_row r = {0};
		r.key_id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r.name, sizeof r.name);
		sq_text(st, 2, r.name_en, sizeof r.name_en);
		read_fig(st, 3, &r.f);
		if (!by_site && r.key_id < from_month) {
			before += r.f.butlers_active;
			continue;
		}
		a->rows[a->n++] = r;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_err(rc);
	if (!by_site) /* months: the butlers active at the month's end */
		for (size_t i = 0; i < a->n; i++) {
			before += a->rows[i].f.butlers_active;
			a->rows[i].f.butlers_active = before;
		}
	return OS_OK;
}

os_err store_proxy_figures_by(store *st, const store_proxy_fig_filter *f, const char *group,
                              store_proxy_fig_row **out, size_t *n)
{
	fig_args a = {.f = f, .group = group};
	os_err e = sq_read(st, fig_by_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- the demo year ------------------------------------------------------------------ */

#define DEMO_BUTLERS_PER_VILLAGE  4
#define DEMO_BUTLERS_PER_TOWNSHIP 7
#define DEMO_PEOPLE_SERVED        2140
#define DEMO_HOME_VISITS          245

static const char *const demo_surnames[] = {"彭", "王", "李", "张", "刘", "陈", "杨",
                                            "赵", "黄", "周", "吴", "覃", "向", "田",
                                            "谷", "卓", "龚", "唐", "邓", "宋"};
static const char *const demo_given[] = {"建华", "秀英", "志强", "桂兰", "德明", "玉梅",
                                         "海波", "春燕", "国庆", "小红", "永福", "丽君",
                                         "光辉", "翠花", "文军", "金凤"};

typedef struct demo_args {
	int64_t now;
	os_date today;
	int64_t *sites; /* townships and villages */
	size_t n_sites;
} demo_args;

static uint32_t demo_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

static os_err demo_item(sq_conn *c, const char *name_like, int64_t *id, char *code, size_t code_cap,
                        char *name, size_t name_cap)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT i.id, i.code, v.name FROM catalog_items i"
	                              " JOIN catalog_versions v ON v.item_id = i.id"
	                              " AND v.version = i.current_version"
	                              " WHERE v.name LIKE ? ORDER BY i.id LIMIT 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, name_like, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, code, code_cap);
		sq_text(st, 2, name, name_cap);
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static int64_t user_id_of(sq_conn *c, const char *login, int64_t *site)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT id, coalesce(site_id, 0) FROM users WHERE login = ?");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (site)
			*site = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return id;
}

/* A few open requests for the desk and the butler's worklist. */
static os_err demo_requests(sq_conn *c, demo_args *a, int64_t first_village)
{
	int64_t item = 0, item2 = 0, proxy_site = 0, butler_site = 0;
	char code[CAT_CODE_MAX], name[CAT_NAME_MAX], code2[CAT_CODE_MAX], name2[CAT_NAME_MAX];
	if (demo_item(c, "残疾人证%", &item, code, sizeof code, name, sizeof name) ||
	    demo_item(c, "%养老%", &item2, code2, sizeof code2, name2, sizeof name2)) {
		item2 = item;
		snprintf(code2, sizeof code2, "%s", code);
		snprintf(name2, sizeof name2, "%s", name);
	}
	if (!item)
		return OS_OK; /* no catalog: no requests */
	int64_t proxy = user_id_of(c, "proxy", &proxy_site);
	int64_t butler = user_id_of(c, "butler", &butler_site);
	int64_t station = user_id_of(c, "clerk.township", NULL);
	static const struct {
		const char *name, *id, *phone, *address, *relation;
		proxy_kind kind;
		proxy_filer filer;
		queue_green green;
		int who;     /* 0 proxy window, 1 station */
		int assign;  /* 0 none, 1 proxy, 2 butler */
		int second;  /* the second item */
		int hours;   /* filed this many hours ago */
		int village; /* the butler's village, else the district */
	} reqs[] = {
	    {"田桂兰", "430802194503120026", "13907441201", "永定区王家坪镇田家坪村3组12号", "儿子",
	     PK_HOME, PF_RELATIVE, QG_ELDERLY, 0, 0, 0, 30, 0},
	    {"彭志强", "430802198808080019", "13907441202", "永定区崇文街道彭家巷5号", "", PK_HELP,
	     PF_SELF, QG_NONE, 0, 0, 1, 50, 0},
	    {"覃德明", "430802195211230017", "13907441203", "永定区尹家溪镇覃家溪村7组",
	     "村便民服务站", PK_AGENCY, PF_STATION, QG_DISABLED, 1, 2, 1, 20, 1},
	    {"向玉梅", "430802196706150021", "13907441204", "永定区后坪镇向家湾村2组8号", "女儿",
	     PK_HOME, PF_RELATIVE, QG_ILL, 0, 1, 0, 10, 0},
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		proxy_auth auth = {.valid_until = a->today + 90, .consent = true};
		snprintf(auth.items, sizeof auth.items, "%s", reqs[i].second ? code2 : code);
		store_proxy_new in = {
		    .site_id = reqs[i].village && butler_site ? butler_site : 1,
		    .kind = reqs[i].kind,
		    .filer = reqs[i].filer,
		    .channel = PCH_WINDOW,
		    .green = reqs[i].green,
		    .requester_id = reqs[i].who ? station : proxy,
		    .actor_role = reqs[i].who ? "clerk" : "proxy",
		    .relation = reqs[i].relation,
		    .person_name = reqs[i].name,
		    .id_number = reqs[i].id,
		    .phone = reqs[i].phone,
		    .address = reqs[i].address,
		    .item_id = reqs[i].second ? item2 : item,
		    .item_code = reqs[i].second ? code2 : code,
		    .item_name = reqs[i].second ? name2 : name,
		    .note = "",
		    .auth = &auth,
		    .now = a->now - reqs[i].hours * 3600,
		    .today = a->today,
		};
		int64_t id = 0;
		const char *field = NULL;
		os_err e = create_c(c, &in, &id, &field);
		if (e)
			return e;
		int64_t to = reqs[i].assign == 1 ? proxy : reqs[i].assign == 2 ? butler : 0;
		if (!to)
			continue;
		sqlite3_stmt *st =
		    sq_prep(c, "UPDATE proxy_requests SET state = 2, assignee_id = ?,"
		               " assigned_at = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, to);
		sqlite3_bind_int64(st, 2, in.now + 1800);
		sqlite3_bind_int64(st, 3, id);
		if ((e = sq_exec(c, st)) ||
		    (e = event_add(c, id, in.now + 1800, PA_ASSIGN, PS_SUBMITTED, PS_ASSIGNED,
		                   proxy, "proxy", to, "")))
			return e;
	}
	(void)first_village;
	return OS_OK;
}

static os_err demo_op(sq_conn *c, void *arg)
{
	demo_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM proxy_butlers LIMIT 1");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OS_ERR_CONFLICT;
	st = sq_prep(c, "SELECT id, tier FROM sites WHERE tier IN (2, 3) ORDER BY id");
	if (!st)
		return OS_ERR_IO;
	int64_t *sites = os_calloc(1024, sizeof *sites);
	int *tiers = os_calloc(1024, sizeof *tiers);
	size_t n = 0;
	while (n < 1024 && sqlite3_step(st) == SQLITE_ROW) {
		sites[n] = sqlite3_column_int64(st, 0);
		tiers[n++] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	int64_t butler_site = 0;
	int64_t butler_user = user_id_of(c, "butler", &butler_site);
	int64_t proxy_user = user_id_of(c, "proxy", NULL);
	/* Catalog codes butlers are trained for: the first items of the catalog. */
	char codes[8][CAT_CODE_MAX];
	size_t n_codes = 0;
	st = sq_prep(c, "SELECT code FROM catalog_items ORDER BY id LIMIT 8");
	if (!st) {
		free(sites);
		free(tiers);
		return OS_ERR_IO;
	}
	while (n_codes < 8 && sqlite3_step(st) == SQLITE_ROW)
		sq_text(st, 0, codes[n_codes++], CAT_CODE_MAX);
	sqlite3_reset(st);
	os_err e = OS_OK;
	uint32_t seed = 20220101u;
	int64_t registered = 0;
	bool linked = false;
	const int64_t total = 258 * DEMO_BUTLERS_PER_VILLAGE + 24 * DEMO_BUTLERS_PER_TOWNSHIP;
	for (size_t i = 0; !e && i < n; i++) {
		int k = tiers[i] == 3 ? DEMO_BUTLERS_PER_VILLAGE : DEMO_BUTLERS_PER_TOWNSHIP;
		for (int j = 0; !e && j < k; j++) {
			char name[64], phone[16], items[PROXY_CODES_CAP] = "";
			bool own = !linked && butler_user && sites[i] == butler_site;
			snprintf(name, sizeof name, "%s%s",
			         demo_surnames[demo_rand(&seed) %
			                       (sizeof demo_surnames / sizeof demo_surnames[0])],
			         demo_given[demo_rand(&seed) %
			                    (sizeof demo_given / sizeof demo_given[0])]);
			if (own)
				snprintf(name, sizeof name, "周强");
			snprintf(phone, sizeof phone, "139%08u",
			         (unsigned)(demo_rand(&seed) % 100000000u));
			for (size_t q = 0; n_codes && q < 3; q++) {
				size_t len = strlen(items);
				snprintf(items + len, sizeof items - len, "%s%s", len ? "," : "",
				         codes[(i + (size_t)j + q) % n_codes]);
			}
			/* Registered over the year, the earliest first. */
			int64_t day_index = registered * 365 / total;
			store_proxy_butler_new in = {
			    .site_id = sites[i],
			    .user_id = own ? butler_user : 0,
			    .name = name,
			    .phone = phone,
			    .items = items,
			    .availability =
			        j % 2 ? "周一至周五 09:00-17:00" : "周末及节假日，电话预约",
			    .registered_by = 0,
			    .now = a->now - (364 - day_index) * 86400,
			};
			int64_t id;
			e = register_c(c, &in, a->today - 364 + (os_date)day_index, &id);
			registered++;
			if (own)
				linked = true;
		}
	}
	free(sites);
	free(tiers);
	if (e)
		return e;
	/* People served one-to-one and home visits, spread over the year's
	 * months and the townships and villages (counters only: the history
	 * before this database). */
	st = sq_prep(c, "SELECT id FROM sites WHERE tier IN (2, 3) ORDER BY id");
	if (!st)
		return OS_ERR_IO;
	int64_t all[512];
	size_t n_all = 0;
	while (n_all < 512 && sqlite3_step(st) == SQLITE_ROW)
		all[n_all++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!n_all)
		return OS_ERR_NOT_FOUND;
	for (int64_t p = 0; !e && p < DEMO_PEOPLE_SERVED; p++) {
		os_date day = a->today - 364 + (os_date)(p * 365 / DEMO_PEOPLE_SERVED);
		int64_t site = all[demo_rand(&seed) % n_all];
		e = count(c, day, site,
		          (bump){.requests = 1, .people = 1, .items = 1 + (p % 2 == 0)});
	}
	for (int64_t v = 0; !e && v < DEMO_HOME_VISITS; v++) {
		os_date day = a->today - 364 + (os_date)(v * 365 / DEMO_HOME_VISITS);
		e = count(c, day, all[demo_rand(&seed) % n_all], (bump){.home = 1});
	}
	if (!e)
		e = demo_requests(c, a, butler_site);
	(void)proxy_user;
	return e;
}

os_err store_proxy_demo_load(store *st, int64_t now)
{
	demo_args a = {.now = now, .today = queue_day(now)};
	return sq_write(st, demo_op, &a);
}
