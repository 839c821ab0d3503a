/* sqlite_reviews.c - good/bad reviews in the SQLite backend (migration 0008).
 *
 * A rating is one write operation: the event is read and checked (finished,
 * not rated, the tablet's ticket, the applicant's case), the responsible
 * site, department, window and clerk are copied onto the rating, the
 * counters of the rating's day move, and a bad rating opens its follow-up -
 * all in the same transaction as the request's audit row. The UNIQUE
 * (event_kind, event_id) constraint is the last line against a second
 * rating; triggers refuse any UPDATE or DELETE of a rating.
 *
 * Service events are read straight from the hall's and the cases' tables
 * (migrations 0006 and 0007): the clerk of a case is the actor of its
 * acceptance (or immediate completion), else whoever filed it at a window
 * or as a proxy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/demo_hall.h"
#include "core/mem.h"
#include "core/queue.h"
#include "store/sq.h"

/* ---- service events ---------------------------------------------------- */

/* Columns 0..12, the same in both kinds of event: the event, its service
 * and who gave it. */
static void read_event_head(sqlite3_stmt *st, review_event kind, store_review_event *out)
{
	memset(out, 0, sizeof *out);
	out->kind = kind;
	out->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, out->no, sizeof out->no);
	sq_text(st, 2, out->title, sizeof out->title);
	sq_text(st, 3, out->title_en, sizeof out->title_en);
	out->site_id = sqlite3_column_int64(st, 4);
	out->department_id = sqlite3_column_int64(st, 5);
	out->window_id = sqlite3_column_int64(st, 6);
	out->clerk_id = sqlite3_column_int64(st, 7);
	sq_text(st, 8, out->site_name, sizeof out->site_name);
	sq_text(st, 9, out->site_name_en, sizeof out->site_name_en);
	sq_text(st, 10, out->department_name, sizeof out->department_name);
	sq_text(st, 11, out->clerk_name, sizeof out->clerk_name);
	out->window_number = sqlite3_column_int(st, 12);
}

static os_err ticket_event_c(sq_conn *c, int64_t id, store_review_event *out)
{
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT t.id, t.number, q.name, q.name_en, t.site_id, coalesce(w.department_id, 0),"
	       " coalesce(t.window_id, 0), coalesce(t.clerk_id, 0), s.name, s.name_en,"
	       " coalesce(d.name, ''), coalesce(u.display_name, ''), coalesce(w.number, 0),"
	       " t.state, coalesce(t.finished_at, 0), coalesce(r.id, 0), coalesce(r.level, 0)"
	       " FROM hall_tickets t JOIN hall_queues q ON q.id = t.queue_id"
	       " JOIN sites s ON s.id = t.site_id"
	       " LEFT JOIN windows w ON w.id = t.window_id"
	       " LEFT JOIN departments d ON d.id = w.department_id"
	       " LEFT JOIN users u ON u.id = t.clerk_id"
	       " LEFT JOIN review_ratings r ON r.event_kind = 1 AND r.event_id = t.id"
	       " WHERE t.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_event_head(st, REV_TICKET, out);
		out->rateable = sqlite3_column_int(st, 13) == TS_FINISHED;
		out->done_at = sqlite3_column_int64(st, 14);
		out->rating_id = sqlite3_column_int64(st, 15);
		out->level = (review_level)sqlite3_column_int(st, 16);
		out->service = RSV_WINDOW;
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static void read_case_event(sq_conn *c, sqlite3_stmt *st, store_review_event *out)
{
	read_event_head(st, REV_CASE, out);
	int state = sqlite3_column_int(st, 13);
	out->rateable = state == CS_COMPLETED || state == CS_DELIVERED;
	out->done_at = sqlite3_column_int64(st, 14);
	int channel = sqlite3_column_int(st, 15);
	out->service = channel == CCH_WINDOW || channel == CCH_PROXY ? RSV_WINDOW : RSV_ONLINE;
	out->owner_id = sqlite3_column_int64(st, 16);
	out->rating_id = sqlite3_column_int64(st, 17);
	out->level = (review_level)sqlite3_column_int(st, 18);
	(void)c;
}

/* The columns read_case_event() reads; ?1..?4: CA_ACCEPT, CA_COMPLETE_NOW,
 * CCH_WINDOW, CCH_PROXY. */
#define CASE_CLERK                                                                                 \
	"coalesce((SELECT e.actor_id FROM case_events e WHERE e.case_id = c.id"                    \
	" AND e.action IN (?1, ?2) AND e.actor_id IS NOT NULL ORDER BY e.id LIMIT 1),"             \
	" CASE WHEN c.channel IN (?3, ?4) THEN c.filed_by END, 0)"
#define CASE_EVENT_SQL                                                                             \
	"SELECT c.id, c.no, coalesce(v.name, ''), coalesce(json_extract(v.doc, '$.name_en'), '')," \
	" c.site_id, c.department_id, coalesce(c.window_id, 0), " CASE_CLERK ", s.name,"           \
	" s.name_en, coalesce(d.name, ''), coalesce((SELECT display_name FROM users"               \
	" WHERE id = " CASE_CLERK "), ''), coalesce(w.number, 0),"                                 \
	" c.state, coalesce(c.completed_at, c.delivered_at, 0), c.channel,"                        \
	" coalesce(c.applicant_id, 0), coalesce(r.id, 0), coalesce(r.level, 0)"                    \
	" FROM cases c JOIN sites s ON s.id = c.site_id"                                           \
	" LEFT JOIN catalog_versions v ON v.item_id = c.item_id AND v.version = c.item_version"    \
	" LEFT JOIN departments d ON d.id = c.department_id"                                       \
	" LEFT JOIN windows w ON w.id = c.window_id"                                               \
	" LEFT JOIN review_ratings r ON r.event_kind = 2 AND r.event_id = c.id"

static void bind_case_consts(sqlite3_stmt *st)
{
	sqlite3_bind_int(st, 1, CA_ACCEPT);
	sqlite3_bind_int(st, 2, CA_COMPLETE_NOW);
	sqlite3_bind_int(st, 3, CCH_WINDOW);
	sqlite3_bind_int(st, 4, CCH_PROXY);
}

static os_err case_event_c(sq_conn *c, int64_t id, store_review_event *out)
{
	sqlite3_stmt *st = sq_prep(c, CASE_EVENT_SQL " WHERE c.id = ?5");
	if (!st)
		return OS_ERR_IO;
	bind_case_consts(st);
	sqlite3_bind_int64(st, 5, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_case_event(c, st, out);
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err event_c(sq_conn *c, review_event kind, int64_t id, store_review_event *out)
{
	if (kind == REV_TICKET)
		return ticket_event_c(c, id, out);
	if (kind == REV_CASE)
		return case_event_c(c, id, out);
	return OS_ERR_INVALID;
}

typedef struct event_args {
	review_event kind;
	int64_t id, window_id, since, user_id;
	int limit;
	store_review_event *out;
	store_review_event *rows;
	size_t n;
} event_args;

static os_err event_get_op(sq_conn *c, void *arg)
{
	event_args *a = arg;
	return event_c(c, a->kind, a->id, a->out);
}

os_err store_review_event_get(store *st, review_event kind, int64_t id, store_review_event *out)
{
	event_args a = {.kind = kind, .id = id, .out = out};
	return sq_read(st, event_get_op, &a);
}

/* The window's last finished ticket (0 when none). */
static os_err window_last_c(sq_conn *c, int64_t window_id, int64_t *ticket_id, int64_t *finished)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT id, finished_at FROM hall_tickets WHERE window_id = ?"
	                              " AND state = 4 ORDER BY finished_at DESC, id DESC LIMIT 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, window_id);
	int rc = sqlite3_step(st);
	*ticket_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*finished = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	return sq_err(rc);
}

static os_err window_pending_op(sq_conn *c, void *arg)
{
	event_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT number, site_id FROM windows WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->window_id);
	int rc = sqlite3_step(st);
	memset(a->out, 0, sizeof *a->out);
	if (rc == SQLITE_ROW) {
		a->out->window_number = sqlite3_column_int(st, 0);
		a->out->site_id = sqlite3_column_int64(st, 1);
		a->out->window_id = a->window_id;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	int64_t tid, fin;
	os_err e = window_last_c(c, a->window_id, &tid, &fin);
	if (e || !tid || fin < a->since)
		return e;
	store_review_event ev;
	if ((e = ticket_event_c(c, tid, &ev)))
		return e;
	if (!ev.rating_id)
		*a->out = ev;
	return OS_OK;
}

os_err store_review_window_pending(store *st, int64_t window_id, int64_t since,
                                   store_review_event *out)
{
	event_args a = {.window_id = window_id, .since = since, .out = out};
	return sq_read(st, window_pending_op, &a);
}

static os_err mine_op(sq_conn *c, void *arg)
{
	event_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, CASE_EVENT_SQL " WHERE c.applicant_id = ?5 AND c.state IN"
	                                             " (?6, ?7) ORDER BY c.id DESC LIMIT ?8");
	if (!st)
		return OS_ERR_IO;
	bind_case_consts(st);
	sqlite3_bind_int64(st, 5, a->user_id);
	sqlite3_bind_int(st, 6, CS_COMPLETED);
	sqlite3_bind_int(st, 7, CS_DELIVERED);
	sqlite3_bind_int(st, 8, a->limit);
	a->rows = os_calloc((size_t)a->limit, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < (size_t)a->limit)
		read_case_event(c, st, &a->rows[a->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_review_mine(store *st, int64_t user_id, int limit, store_review_event **out, size_t *n)
{
	event_args a = {.user_id = user_id, .limit = limit > 0 && limit <= 200 ? limit : 50};
	os_err e = sq_read(st, mine_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- ratings ----------------------------------------------------------- */

/* Columns 0..24 of a rating with its names, follow-up and appeal state. */
#define RATING_COLS                                                                                \
	"r.id, r.event_kind, r.event_id, r.event_no, r.level, r.d_attitude, r.d_efficiency,"       \
	" r.d_accuracy, r.d_convenience, r.comment_enc, r.phone_enc, r.source,"                    \
	" coalesce(r.rater_id, 0), r.site_id, r.department_id, r.window_id, r.clerk_id, s.name,"   \
	" coalesce(d.name, ''), coalesce(u.display_name, ''), coalesce(w.number, 0), r.day, r.at," \
	" coalesce(f.id, 0), coalesce(a.state, 0)"
#define RATING_JOINS                                                                               \
	" JOIN sites s ON s.id = r.site_id"                                                        \
	" LEFT JOIN departments d ON d.id = r.department_id"                                       \
	" LEFT JOIN users u ON u.id = r.clerk_id"                                                  \
	" LEFT JOIN windows w ON w.id = r.window_id"                                               \
	" LEFT JOIN review_followups f ON f.rating_id = r.id"                                      \
	" LEFT JOIN review_appeals a ON a.rating_id = r.id"

static os_err read_rating(sq_conn *c, sqlite3_stmt *st, bool reveal, store_review_rating *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->kind = (review_event)sqlite3_column_int(st, 1);
	r->event_id = sqlite3_column_int64(st, 2);
	sq_text(st, 3, r->event_no, sizeof r->event_no);
	r->level = (review_level)sqlite3_column_int(st, 4);
	for (int d = 0; d < RD__COUNT; d++)
		r->dims[d] = sqlite3_column_int(st, 5 + d);
	r->has_comment = sqlite3_column_type(st, 9) != SQLITE_NULL;
	r->has_phone = sqlite3_column_type(st, 10) != SQLITE_NULL;
	if (reveal) {
		os_err e = sq_column_unsealed(c, st, 9, r->comment, sizeof r->comment);
		if (!e)
			e = sq_column_unsealed(c, st, 10, r->phone, sizeof r->phone);
		if (e)
			return e;
	}
	r->source = (review_source)sqlite3_column_int(st, 11);
	r->rater_id = sqlite3_column_int64(st, 12);
	r->site_id = sqlite3_column_int64(st, 13);
	r->department_id = sqlite3_column_int64(st, 14);
	r->window_id = sqlite3_column_int64(st, 15);
	r->clerk_id = sqlite3_column_int64(st, 16);
	sq_text(st, 17, r->site_name, sizeof r->site_name);
	sq_text(st, 18, r->department_name, sizeof r->department_name);
	sq_text(st, 19, r->clerk_name, sizeof r->clerk_name);
	r->window_number = sqlite3_column_int(st, 20);
	r->day = (os_date)sqlite3_column_int64(st, 21);
	r->at = sqlite3_column_int64(st, 22);
	r->followup_id = sqlite3_column_int64(st, 23);
	r->appeal = (review_appeal_state)sqlite3_column_int(st, 24);
	r->excluded = r->appeal == RAP_UPHELD;
	return OS_OK;
}

static os_err rating_get_c(sq_conn *c, int64_t id, bool reveal, store_review_rating *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT " RATING_COLS " FROM review_ratings r" RATING_JOINS
	                              " WHERE r.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	os_err e = OS_OK;
	if (rc == SQLITE_ROW)
		e = read_rating(c, st, reveal, out);
	sqlite3_reset(st);
	if (e)
		return e;
	return sq_one(rc);
}

typedef struct rating_args {
	int64_t id;
	bool reveal;
	store_review_rating *out;
} rating_args;

static os_err rating_get_op(sq_conn *c, void *arg)
{
	rating_args *a = arg;
	return rating_get_c(c, a->id, a->reveal, a->out);
}

os_err store_review_rating_get(store *st, int64_t id, bool reveal, store_review_rating *out)
{
	rating_args a = {.id = id, .reveal = reveal, .out = out};
	return sq_read(st, rating_get_op, &a);
}

/* One step of the counters of a rating's day and dimensions. */
typedef struct counter_delta {
	int64_t ratings, good, bad, excluded, answered, in_time;
} counter_delta;

static os_err counter_add(sq_conn *c, const store_review_rating *r, const counter_delta *d)
{
	return SQ_EXEC_INTS(
	    c,
	    "INSERT INTO review_counters(day, site_id, department_id, window_id, clerk_id,"
	    " ratings, good, bad, excluded, answered, in_time) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(day, site_id, department_id, window_id, clerk_id) DO UPDATE SET"
	    " ratings = ratings + excluded.ratings, good = good + excluded.good,"
	    " bad = bad + excluded.bad, excluded = review_counters.excluded + excluded.excluded,"
	    " answered = answered + excluded.answered, in_time = in_time + excluded.in_time",
	    r->day, r->site_id, r->department_id, r->window_id, r->clerk_id, d->ratings, d->good,
	    d->bad, d->excluded, d->answered, d->in_time);
}

static os_err fu_event_add(sq_conn *c, int64_t fu, int64_t now, review_fu_action a,
                           review_fu_state from, review_fu_state to, int64_t actor,
                           const char *role, const char *note, os_date due)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO review_followup_events(followup_id, at, action,"
	                              " from_state, to_state, actor_id, actor_role, note, due)"
	                              " VALUES (?,?,?,?,?,nullif(?,0),?,?,nullif(?,0))");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, fu);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, (int)a);
	sqlite3_bind_int(st, 4, (int)from);
	sqlite3_bind_int(st, 5, (int)to);
	sqlite3_bind_int64(st, 6, actor);
	sq_bind_str(st, 7, role);
	sq_bind_str(st, 8, note);
	sqlite3_bind_int64(st, 9, due);
	return sq_exec(c, st);
}

typedef struct rate_args {
	const store_review_new *in;
	store_review_rating *out;
	const char *why;
} rate_args;

static os_err rate_op(sq_conn *c, void *arg)
{
	rate_args *a = arg;
	const store_review_new *in = a->in;
	store_review_event ev;
	os_err e = event_c(c, in->kind, in->event_id, &ev);
	if (e)
		return e;
	if (in->owner_id && ev.owner_id != in->owner_id)
		return OS_ERR_NOT_FOUND;
	if (in->window_id) {
		if (ev.kind != REV_TICKET || ev.window_id != in->window_id)
			return OS_ERR_NOT_FOUND;
		int64_t last, fin;
		if ((e = window_last_c(c, in->window_id, &last, &fin)))
			return e;
		if (last != ev.id || fin < in->since) {
			a->why = "this ticket is no longer the window's last one: the next person "
			         "was served";
			return OS_ERR_CONFLICT;
		}
	}
	if (!ev.rateable) {
		a->why = ev.kind == REV_TICKET ? "the ticket is not finished yet"
		                               : "the case is not completed yet";
		return OS_ERR_CONFLICT;
	}
	if (ev.rating_id) {
		a->why = "this service was rated already: a rating cannot be changed";
		return OS_ERR_CONFLICT;
	}
	sqlite3_stmt *st = sq_prep(
	    c, "INSERT INTO review_ratings(event_kind, event_id, level, d_attitude, d_efficiency,"
	       " d_accuracy, d_convenience, comment_enc, phone_enc, source, rater_id, site_id,"
	       " department_id, window_id, clerk_id, event_no, day, at)"
	       " VALUES (?,?,?,?,?,?,?,?,?,?,nullif(?,0),?,?,?,?,?,?,?)"
	       " ON CONFLICT(event_kind, event_id) DO NOTHING");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)ev.kind);
	sqlite3_bind_int64(st, 2, ev.id);
	sqlite3_bind_int(st, 3, (int)in->in.level);
	for (int d = 0; d < RD__COUNT; d++)
		sqlite3_bind_int(st, 4 + d, in->in.dims[d]);
	if ((e = sq_bind_sealed(c, st, 8, in->in.comment ? in->in.comment : "")) ||
	    (e = sq_bind_sealed(c, st, 9, in->in.phone ? in->in.phone : ""))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return e;
	}
	sqlite3_bind_int(st, 10, (int)in->source);
	sqlite3_bind_int64(st, 11, in->rater_id);
	sqlite3_bind_int64(st, 12, ev.site_id);
	sqlite3_bind_int64(st, 13, ev.department_id);
	sqlite3_bind_int64(st, 14, ev.window_id);
	sqlite3_bind_int64(st, 15, ev.clerk_id);
	sqlite3_bind_text(st, 16, ev.no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 17, in->today);
	sqlite3_bind_int64(st, 18, in->now);
	e = sq_exec(c, st);
	sqlite3_clear_bindings(st);
	if (e)
		return e;
	if (sqlite3_changes(c->db) == 0) {
		a->why = "this service was rated already: a rating cannot be changed";
		return OS_ERR_CONFLICT;
	}
	int64_t id = sqlite3_last_insert_rowid(c->db);
	store_review_rating r;
	if ((e = rating_get_c(c, id, false, &r)))
		return e;
	bool bad = review_level_bad(in->in.level);
	counter_delta d = {.ratings = 1, .good = bad ? 0 : 1, .bad = bad ? 1 : 0};
	if ((e = counter_add(c, &r, &d)))
		return e;
	if (bad) {
		/* the follow-up for the responsible site's managers */
		st = sq_prep(c, "INSERT INTO review_followups(rating_id, site_id, state, opened_at,"
		                " due, updated_at) VALUES (?,?,?,?,?,?)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, ev.site_id);
		sqlite3_bind_int(st, 3, RFS_OPENED);
		sqlite3_bind_int64(st, 4, in->now);
		sqlite3_bind_int64(st, 5, in->due);
		sqlite3_bind_int64(st, 6, in->now);
		if ((e = sq_exec(c, st)))
			return e;
		int64_t fu = sqlite3_last_insert_rowid(c->db);
		if ((e = fu_event_add(c, fu, in->now, RFA_NONE, RFS_NONE, RFS_OPENED, 0, "", "",
		                      in->due)))
			return e;
		r.followup_id = fu;
	}
	*a->out = r;
	return OS_OK;
}

os_err store_review_rate(store *st, const store_review_new *in, store_review_rating *out,
                         const char **why)
{
	rate_args a = {.in = in, .out = out};
	os_err e = sq_write(st, rate_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- follow-ups -------------------------------------------------------- */

#define FU_COLS                                                                                    \
	RATING_COLS ", f.site_id, f.state, f.opened_at, coalesce(f.verified_at, 0),"               \
	            " coalesce(f.resolved_at, 0), coalesce(f.answered_at, 0),"                     \
	            " coalesce(f.closed_at, 0), f.updated_at, f.due, coalesce(f.in_time, -1),"     \
	            " f.call_note, f.fix_note, f.legal_basis, f.answer, coalesce(a.id, 0),"        \
	            " coalesce(a.appellant_id, 0), coalesce(a.decider_id, 0),"                     \
	            " coalesce(a.filed_at, 0), coalesce(a.decided_at, 0),"                         \
	            " coalesce(ua.display_name, ''), coalesce(ud.display_name, ''),"               \
	            " coalesce(a.reasons, ''), coalesce(a.decision_reasons, '')"
#define FU_FROM                                                                                    \
	" FROM review_followups f JOIN review_ratings r ON r.id = f.rating_id"                     \
	" JOIN sites s ON s.id = r.site_id"                                                        \
	" LEFT JOIN departments d ON d.id = r.department_id"                                       \
	" LEFT JOIN users u ON u.id = r.clerk_id"                                                  \
	" LEFT JOIN windows w ON w.id = r.window_id"                                               \
	" LEFT JOIN review_appeals a ON a.rating_id = r.id"                                        \
	" LEFT JOIN users ua ON ua.id = a.appellant_id"                                            \
	" LEFT JOIN users ud ON ud.id = a.decider_id"

static os_err read_fu(sq_conn *c, sqlite3_stmt *st, bool reveal, store_review_followup *f)
{
	memset(f, 0, sizeof *f);
	os_err e = read_rating(c, st, reveal, &f->rating);
	if (e)
		return e;
	f->id = f->rating.followup_id;
	f->site_id = sqlite3_column_int64(st, 25);
	f->state = (review_fu_state)sqlite3_column_int(st, 26);
	f->opened_at = sqlite3_column_int64(st, 27);
	f->verified_at = sqlite3_column_int64(st, 28);
	f->resolved_at = sqlite3_column_int64(st, 29);
	f->answered_at = sqlite3_column_int64(st, 30);
	f->closed_at = sqlite3_column_int64(st, 31);
	f->updated_at = sqlite3_column_int64(st, 32);
	f->due = (os_date)sqlite3_column_int64(st, 33);
	f->in_time = sqlite3_column_int(st, 34);
	sq_text(st, 35, f->call_note, sizeof f->call_note);
	sq_text(st, 36, f->fix_note, sizeof f->fix_note);
	sq_text(st, 37, f->legal_basis, sizeof f->legal_basis);
	sq_text(st, 38, f->answer, sizeof f->answer);
	f->appeal_id = sqlite3_column_int64(st, 39);
	f->appellant_id = sqlite3_column_int64(st, 40);
	f->decider_id = sqlite3_column_int64(st, 41);
	f->appeal_filed_at = sqlite3_column_int64(st, 42);
	f->appeal_decided_at = sqlite3_column_int64(st, 43);
	sq_text(st, 44, f->appellant_name, sizeof f->appellant_name);
	sq_text(st, 45, f->decider_name, sizeof f->decider_name);
	sq_text(st, 46, f->appeal_reasons, sizeof f->appeal_reasons);
	sq_text(st, 47, f->decision_reasons, sizeof f->decision_reasons);
	return OS_OK;
}

static os_err fu_get_c(sq_conn *c, int64_t id, bool reveal, store_review_followup *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT " FU_COLS FU_FROM " WHERE f.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	os_err e = OS_OK;
	if (rc == SQLITE_ROW)
		e = read_fu(c, st, reveal, out);
	sqlite3_reset(st);
	if (e)
		return e;
	return sq_one(rc);
}

typedef struct fu_args {
	int64_t id;
	bool reveal;
	store_review_followup *out;
	const store_review_fu_filter *f;
	store_review_fu_list *list;
	store_review_fu_event *events;
	size_t n;
	const store_review_fu_act *act;
	const char *why;
} fu_args;

static os_err fu_get_op(sq_conn *c, void *arg)
{
	fu_args *a = arg;
	return fu_get_c(c, a->id, a->reveal, a->out);
}

os_err store_review_followup_get(store *st, int64_t id, bool reveal, store_review_followup *out)
{
	fu_args a = {.id = id, .reveal = reveal, .out = out};
	return sq_read(st, fu_get_op, &a);
}

/* A site and the sites below it (three tiers). */
#define SITE_AND_BELOW(p)                                                                          \
	" (SELECT id FROM sites WHERE id = " p " OR parent_id = " p                                \
	" OR parent_id IN (SELECT id FROM sites WHERE parent_id = " p "))"

static os_err fu_list_op(sq_conn *c, void *arg)
{
	fu_args *a = arg;
	const store_review_fu_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT count(*) FROM review_followups f JOIN review_ratings r ON r.id = f.rating_id"
	       " LEFT JOIN review_appeals a ON a.rating_id = r.id"
	       " WHERE (?1 = 0 OR f.site_id IN" SITE_AND_BELOW(
	           "?1") ")"
	                 " AND (?2 = 0 OR f.state < 6) AND (?3 = 0 OR a.state = 1)"
	                 " AND (?4 = 0 OR r.clerk_id = ?4)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, f->site_id);
	sqlite3_bind_int(st, 2, f->open_only);
	sqlite3_bind_int(st, 3, f->appeals_only);
	sqlite3_bind_int64(st, 4, f->clerk_id);
	int rc = sqlite3_step(st);
	a->list->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, "SELECT " FU_COLS FU_FROM " WHERE (?1 = 0 OR f.site_id IN" SITE_AND_BELOW(
	                    "?1") ") AND (?2 = 0 OR f.state < 6) AND (?3 = 0 OR a.state = 1)"
	                          " AND (?4 = 0 OR r.clerk_id = ?4)"
	                          " ORDER BY f.state >= 6, f.due, f.id LIMIT ?5 OFFSET ?6");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, f->site_id);
	sqlite3_bind_int(st, 2, f->open_only);
	sqlite3_bind_int(st, 3, f->appeals_only);
	sqlite3_bind_int64(st, 4, f->clerk_id);
	sqlite3_bind_int64(st, 5, f->limit);
	sqlite3_bind_int64(st, 6, f->offset);
	a->list->rows = os_calloc((size_t)f->limit, sizeof *a->list->rows);
	os_err e = OS_OK;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW && a->list->n < (size_t)f->limit)
		e = read_fu(c, st, a->reveal, &a->list->rows[a->list->n++]);
	sqlite3_reset(st);
	if (e)
		return e;
	return sq_err(rc);
}

os_err store_review_followups_list(store *st, const store_review_fu_filter *f,
                                   store_review_fu_list *out)
{
	memset(out, 0, sizeof *out);
	store_review_fu_filter g = *f;
	if (g.limit <= 0 || g.limit > 100)
		g.limit = 50;
	if (g.offset < 0)
		g.offset = 0;
	fu_args a = {.f = &g, .list = out, .reveal = true};
	os_err e = sq_read(st, fu_list_op, &a);
	if (e)
		store_review_fu_list_free(out);
	return e;
}

void store_review_fu_list_free(store_review_fu_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static os_err fu_events_op(sq_conn *c, void *arg)
{
	fu_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT e.id, e.at, coalesce(e.actor_id, 0), e.action, e.from_state, e.to_state,"
	       " e.actor_role, coalesce(u.display_name, ''), e.note, coalesce(e.due, 0)"
	       " FROM review_followup_events e LEFT JOIN users u ON u.id = e.actor_id"
	       " WHERE e.followup_id = ? ORDER BY e.id LIMIT 64");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	a->events = os_calloc(64, sizeof *a->events);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < 64) {
		store_review_fu_event *x = &a->events[a->n++];
		x->id = sqlite3_column_int64(st, 0);
		x->at = sqlite3_column_int64(st, 1);
		x->actor_id = sqlite3_column_int64(st, 2);
		x->action = (review_fu_action)sqlite3_column_int(st, 3);
		x->from = (review_fu_state)sqlite3_column_int(st, 4);
		x->to = (review_fu_state)sqlite3_column_int(st, 5);
		sq_text(st, 6, x->actor_role, sizeof x->actor_role);
		sq_text(st, 7, x->actor_name, sizeof x->actor_name);
		sq_text(st, 8, x->note, sizeof x->note);
		x->due = (os_date)sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_review_followup_events(store *st, int64_t id, store_review_fu_event **out, size_t *n)
{
	fu_args a = {.id = id};
	os_err e = sq_read(st, fu_events_op, &a);
	if (e) {
		free(a.events);
		a.events = NULL;
		a.n = 0;
	}
	*out = a.events;
	*n = a.n;
	return e;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static os_err fu_act_op(sq_conn *c, void *arg)
{
	fu_args *a = arg;
	const store_review_fu_act *x = a->act;
	store_review_followup f;
	os_err e = fu_get_c(c, x->followup_id, false, &f);
	if (e)
		return e;
	review_fu_state to;
	if ((e = review_followup_step(f.state, x->action, &to, &a->why)))
		return e;
	unsigned needs = 0;
	size_t nr;
	const review_fu_rule *rules = review_followup_rules(&nr);
	for (size_t i = 0; i < nr; i++)
		if (rules[i].from == f.state && rules[i].action == x->action)
			needs = rules[i].needs;
	if ((needs & RFN_NOTE) && blank(x->note)) {
		a->why = "note";
		return OS_ERR_INVALID;
	}
	if ((needs & RFN_LEGAL_BASIS) && blank(x->legal_basis)) {
		a->why = "legal_basis";
		return OS_ERR_INVALID;
	}
	if ((needs & RFN_ANSWER) && blank(x->answer)) {
		a->why = "answer";
		return OS_ERR_INVALID;
	}
	if ((needs & RFN_DEADLINE) && x->due < x->today) {
		a->why = "days";
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st = NULL;
	const char *note = x->note;
	os_date due = f.due;
	bool in_time = false;
	switch (x->action) {
	case RFA_VERIFY:
		st = sq_prep(c, "UPDATE review_followups SET state = ?, call_note = ?,"
		                " verified_at = ?3, updated_at = ?3 WHERE id = ?4");
		break;
	case RFA_FIX_NOW:
		st = sq_prep(c, "UPDATE review_followups SET state = ?, fix_note = ?,"
		                " resolved_at = ?3, updated_at = ?3 WHERE id = ?4");
		break;
	case RFA_FIX_BY_DEADLINE:
		due = x->due;
		st = sq_prep(c, "UPDATE review_followups SET state = ?, fix_note = ?,"
		                " resolved_at = ?3, updated_at = ?3, due = ?5 WHERE id = ?4");
		break;
	case RFA_EXPLAIN:
		st = sq_prep(c, "UPDATE review_followups SET state = ?, legal_basis = ?,"
		                " fix_note = ?6, resolved_at = ?3, updated_at = ?3 WHERE id = ?4");
		note = x->legal_basis;
		break;
	case RFA_ANSWER:
		in_time = x->today <= f.due;
		st = sq_prep(c, "UPDATE review_followups SET state = ?, answer = ?,"
		                " answered_at = ?3, updated_at = ?3, in_time = ?7 WHERE id = ?4");
		note = x->answer;
		break;
	case RFA_CLOSE:
		st = sq_prep(c, "UPDATE review_followups SET state = ?, closed_at = ?3,"
		                " updated_at = ?3 WHERE id = ?4");
		break;
	default:
		return OS_ERR_INVALID;
	}
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)to);
	sq_bind_str(st, 2, note);
	sqlite3_bind_int64(st, 3, x->now);
	sqlite3_bind_int64(st, 4, f.id);
	if (x->action == RFA_FIX_BY_DEADLINE)
		sqlite3_bind_int64(st, 5, due);
	if (x->action == RFA_EXPLAIN)
		sq_bind_str(st, 6, x->note);
	if (x->action == RFA_ANSWER)
		sqlite3_bind_int(st, 7, in_time ? 1 : 0);
	if ((e = sq_exec(c, st)))
		return e;
	if (x->action == RFA_ANSWER) {
		counter_delta d = {.answered = 1, .in_time = in_time ? 1 : 0};
		if ((e = counter_add(c, &f.rating, &d)))
			return e;
	}
	char ev_note[REVIEW_TEXT_CAP];
	snprintf(ev_note, sizeof ev_note, "%s",
	         x->action == RFA_EXPLAIN && !blank(x->note) ? x->note : (note ? note : ""));
	if ((e = fu_event_add(c, f.id, x->now, x->action, f.state, to, x->actor_id, x->actor_role,
	                      ev_note, due)))
		return e;
	return fu_get_c(c, f.id, true, a->out);
}

os_err store_review_followup_act(store *st, const store_review_fu_act *x,
                                 store_review_followup *out, const char **why)
{
	fu_args a = {.act = x, .out = out};
	os_err e = sq_write(st, fu_act_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- appeals ----------------------------------------------------------- */

typedef struct appeal_args {
	int64_t rating_id, appeal_id, user_id, now;
	const char *reasons;
	review_appeal_state to;
	store_review_appeal *out;
	const char *why;
} appeal_args;

static os_err appeal_file_op(sq_conn *c, void *arg)
{
	appeal_args *a = arg;
	store_review_rating r;
	os_err e = rating_get_c(c, a->rating_id, false, &r);
	if (e)
		return e;
	if (!review_level_bad(r.level)) {
		a->why = "only a bad review can be appealed";
		return OS_ERR_CONFLICT;
	}
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO review_appeals(rating_id, site_id, appellant_id,"
	                              " reasons, filed_at, state) VALUES (?,?,?,?,?,1)"
	                              " ON CONFLICT(rating_id) DO NOTHING");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, r.id);
	sqlite3_bind_int64(st, 2, r.site_id);
	sqlite3_bind_int64(st, 3, a->user_id);
	sqlite3_bind_text(st, 4, a->reasons, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->now);
	if ((e = sq_exec(c, st)))
		return e;
	if (sqlite3_changes(c->db) == 0) {
		a->why = "this rating was appealed already";
		return OS_ERR_CONFLICT;
	}
	a->appeal_id = sqlite3_last_insert_rowid(c->db);
	return OS_OK;
}

os_err store_review_appeal_file(store *st, int64_t rating_id, int64_t appellant_id,
                                const char *reasons, int64_t now, int64_t *appeal_id,
                                const char **why)
{
	appeal_args a = {
	    .rating_id = rating_id, .user_id = appellant_id, .reasons = reasons, .now = now};
	os_err e = sq_write(st, appeal_file_op, &a);
	if (appeal_id)
		*appeal_id = a.appeal_id;
	if (why)
		*why = a.why;
	return e;
}

static os_err appeal_get_c(sq_conn *c, int64_t id, store_review_appeal *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT a.id, a.rating_id, a.site_id, a.appellant_id,"
	                              " coalesce(a.decider_id, 0), coalesce(f.id, 0), a.state,"
	                              " a.filed_at, coalesce(a.decided_at, 0) FROM review_appeals a"
	                              " LEFT JOIN review_followups f ON f.rating_id = a.rating_id"
	                              " WHERE a.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->rating_id = sqlite3_column_int64(st, 1);
		out->site_id = sqlite3_column_int64(st, 2);
		out->appellant_id = sqlite3_column_int64(st, 3);
		out->decider_id = sqlite3_column_int64(st, 4);
		out->followup_id = sqlite3_column_int64(st, 5);
		out->state = (review_appeal_state)sqlite3_column_int(st, 6);
		out->filed_at = sqlite3_column_int64(st, 7);
		out->decided_at = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err appeal_get_op(sq_conn *c, void *arg)
{
	appeal_args *a = arg;
	return appeal_get_c(c, a->appeal_id, a->out);
}

os_err store_review_appeal_get(store *st, int64_t id, store_review_appeal *out)
{
	appeal_args a = {.appeal_id = id, .out = out};
	return sq_read(st, appeal_get_op, &a);
}

static os_err appeal_decide_op(sq_conn *c, void *arg)
{
	appeal_args *a = arg;
	store_review_appeal ap;
	os_err e = appeal_get_c(c, a->appeal_id, &ap);
	if (e)
		return e;
	if ((e = review_appeal_decide(ap.state, ap.appellant_id, a->user_id, a->to, &a->why)))
		return e;
	sqlite3_stmt *st = sq_prep(c, "UPDATE review_appeals SET state = ?, decider_id = ?,"
	                              " decision_reasons = ?, decided_at = ? WHERE id = ?"
	                              " AND state = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)a->to);
	sqlite3_bind_int64(st, 2, a->user_id);
	sq_bind_str(st, 3, a->reasons);
	sqlite3_bind_int64(st, 4, a->now);
	sqlite3_bind_int64(st, 5, ap.id);
	if ((e = sq_exec(c, st)))
		return e;
	if (sqlite3_changes(c->db) != 1) {
		a->why = "the appeal was decided already";
		return OS_ERR_CONFLICT;
	}
	if (a->to == RAP_UPHELD) {
		store_review_rating r;
		if ((e = rating_get_c(c, ap.rating_id, false, &r)))
			return e;
		counter_delta d = {.excluded = 1};
		if ((e = counter_add(c, &r, &d)))
			return e;
	}
	return OS_OK;
}

os_err store_review_appeal_decide(store *st, int64_t appeal_id, int64_t decider_id,
                                  review_appeal_state to, const char *reasons, int64_t now,
                                  const char **why)
{
	appeal_args a = {.appeal_id = appeal_id,
	                 .user_id = decider_id,
	                 .to = to,
	                 .reasons = reasons,
	                 .now = now};
	os_err e = sq_write(st, appeal_decide_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- figures ----------------------------------------------------------- */

#define FIG_SUMS                                                                                   \
	"coalesce(sum(c.ratings), 0), coalesce(sum(c.good), 0), coalesce(sum(c.bad), 0),"          \
	" coalesce(sum(c.excluded), 0), coalesce(sum(c.answered), 0), coalesce(sum(c.in_time), 0)"
#define FIG_WHERE                                                                                  \
	" WHERE c.day BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.site_id IN" SITE_AND_BELOW(               \
	    "?3") ")"                                                                              \
	          " AND (?4 = 0 OR c.clerk_id = ?4)"

static void read_figs(sqlite3_stmt *st, int i, store_review_figures *f)
{
	f->ratings = sqlite3_column_int64(st, i);
	f->good = sqlite3_column_int64(st, i + 1);
	f->bad = sqlite3_column_int64(st, i + 2);
	f->excluded = sqlite3_column_int64(st, i + 3);
	f->answered = sqlite3_column_int64(st, i + 4);
	f->in_time = sqlite3_column_int64(st, i + 5);
}

typedef struct fig_args {
	const store_review_fig_filter *f;
	const char *group;
	store_review_figures *total;
	store_review_fig_row *rows;
	size_t n;
} fig_args;

#define FIG_ROWS_MAX 1000

static void bind_fig(sqlite3_stmt *st, const store_review_fig_filter *f)
{
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->to);
	sqlite3_bind_int64(st, 3, f->site_id);
	sqlite3_bind_int64(st, 4, f->clerk_id);
}

static os_err fig_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " FIG_SUMS " FROM review_counters c" FIG_WHERE);
	if (!st)
		return OS_ERR_IO;
	bind_fig(st, a->f);
	int rc = sqlite3_step(st);
	memset(a->total, 0, sizeof *a->total);
	if (rc == SQLITE_ROW)
		read_figs(st, 0, a->total);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	if (!a->group)
		return OS_OK;
	if (strcmp(a->group, "site") == 0)
		st = sq_prep(c, "SELECT c.site_id, s.name, s.name_en, '', " FIG_SUMS
		                " FROM review_counters c JOIN sites s ON s.id = c.site_id" FIG_WHERE
		                " GROUP BY c.site_id ORDER BY s.tier, c.site_id LIMIT 1000");
	else if (strcmp(a->group, "department") == 0)
		st = sq_prep(
		    c, "SELECT c.department_id, coalesce(d.name, ''), coalesce(d.name_en, ''),"
		       " '', " FIG_SUMS " FROM review_counters c"
		       " LEFT JOIN departments d ON d.id = c.department_id" FIG_WHERE
		       " GROUP BY c.department_id ORDER BY c.department_id LIMIT 1000");
	else if (strcmp(a->group, "window") == 0)
		st = sq_prep(c, "SELECT c.window_id, coalesce(w.number, 0), '', s.name, " FIG_SUMS
		                " FROM review_counters c LEFT JOIN windows w ON w.id = c.window_id"
		                " JOIN sites s ON s.id = c.site_id" FIG_WHERE
		                " GROUP BY c.window_id, c.site_id ORDER BY c.site_id, w.number"
		                " LIMIT 1000");
	else if (strcmp(a->group, "clerk") == 0)
		st = sq_prep(c, "SELECT c.clerk_id, coalesce(u.display_name, ''), '',"
		                " coalesce(s.name, ''), " FIG_SUMS " FROM review_counters c"
		                " LEFT JOIN users u ON u.id = c.clerk_id"
		                " LEFT JOIN sites s ON s.id = u.site_id" FIG_WHERE
		                " GROUP BY c.clerk_id ORDER BY c.clerk_id LIMIT 1000");
	else
		return OS_ERR_INVALID;
	if (!st)
		return OS_ERR_IO;
	bind_fig(st, a->f);
	a->rows = os_calloc(FIG_ROWS_MAX, sizeof *a->rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < FIG_ROWS_MAX) {
		store_review_fig_row *r = &a->rows[a->n++];
		r->key_id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r->name, sizeof r->name);
		sq_text(st, 2, r->name_en, sizeof r->name_en);
		sq_text(st, 3, r->site_name, sizeof r->site_name);
		read_figs(st, 4, &r->f);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_review_figures_get(store *st, const store_review_fig_filter *f, const char *group,
                                store_review_figures *total, store_review_fig_row **rows, size_t *n)
{
	fig_args a = {.f = f, .group = group, .total = total};
	os_err e = sq_read(st, fig_op, &a);
	size_t got;
	void *taken = sq_rows_take(e, a.rows, a.n, &got);
	if (rows)
		*rows = taken;
	else
		free(taken);
	if (n)
		*n = got;
	return e;
}

static os_err recount_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	const store_review_fig_filter *f = a->f;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT count(*), coalesce(sum(r.level <= 3), 0), coalesce(sum(r.level >= 4), 0),"
	       " coalesce(sum(a.state = 2), 0), coalesce(sum(f.answered_at IS NOT NULL), 0),"
	       " coalesce(sum(f.in_time = 1), 0) FROM review_ratings r"
	       " LEFT JOIN review_followups f ON f.rating_id = r.id"
	       " LEFT JOIN review_appeals a ON a.rating_id = r.id"
	       " WHERE r.day BETWEEN ?1 AND ?2 AND (?3 = 0 OR r.site_id IN" SITE_AND_BELOW(
	           "?3") ")"
	                 " AND (?4 = 0 OR r.clerk_id = ?4)");
	if (!st)
		return OS_ERR_IO;
	bind_fig(st, f);
	int rc = sqlite3_step(st);
	memset(a->total, 0, sizeof *a->total);
	if (rc == SQLITE_ROW)
		read_figs(st, 0, a->total);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OS_OK : sq_err(rc);
}

os_err store_review_figures_recount(store *st, const store_review_fig_filter *f,
                                    store_review_figures *out)
{
	fig_args a = {.f = f, .total = out};
	return sq_read(st, recount_op, &a);
}

/* ---- the link key ------------------------------------------------------ */

typedef struct secret_args {
	unsigned char *out;
} secret_args;

static os_err secret_op(sq_conn *c, void *arg)
{
	secret_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT secret FROM review_secret WHERE id = 1");
	if (!st)
		return OS_ERR_IO;
	int rc = sqlite3_step(st);
	os_err e = OS_OK;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32)
		memcpy(a->out, sqlite3_column_blob(st, 0), 32);
	else
		e = rc == SQLITE_ROW || rc == SQLITE_DONE ? OS_ERR_NOT_FOUND : sq_err(rc);
	sqlite3_reset(st);
	return e;
}

os_err store_review_secret(store *st, unsigned char out[32])
{
	secret_args a = {.out = out};
	return sq_read(st, secret_op, &a);
}

/* ---- the demo ---------------------------------------------------------- */

typedef struct demo_args {
	int64_t now;
	os_date due;
} demo_args;

static os_err review_demo_op(sq_conn *c, void *arg)
{
	demo_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM review_ratings");
	if (!st)
		return OS_ERR_IO;
	int64_t have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (have != 0)
		return have < 0 ? OS_ERR_IO : OS_ERR_CONFLICT;
	/* The finished tickets of the demo hall; most people rate, all good. */
	st = sq_prep(c, "SELECT id, finished_at FROM hall_tickets WHERE state = 4"
	                " ORDER BY id LIMIT 5000");
	if (!st)
		return OS_ERR_IO;
	int64_t *ids = os_calloc(5000, sizeof *ids);
	int64_t *fin = os_calloc(5000, sizeof *fin);
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 5000) {
		ids[n] = sqlite3_column_int64(st, 0);
		fin[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	os_err e = sq_err(rc);
	/* The bad review: the last ticket served by the demo clerk at window 1. */
	size_t bad_at = n;
	for (size_t i = 0; i < n && !e; i++) {
		store_review_event ev;
		if ((e = ticket_event_c(c, ids[i], &ev)))
			break;
		if (ev.window_number == 1 && ev.site_id == 1 && ev.clerk_id)
			bad_at = i;
	}
	for (size_t i = 0; i < n && !e; i++) {
		if (i % 5 == 4 && i != bad_at) /* one in five does not rate */
			continue;
		store_review_new in;
		memset(&in, 0, sizeof in);
		in.kind = REV_TICKET;
		in.event_id = ids[i];
		in.source = RSRC_TABLET;
		in.now = fin[i] + 20;
		in.today = queue_day(in.now);
		in.due = a->due;
		if (i == bad_at) {
			in.in.level = RL_UNSATISFIED;
			in.in.dims[RD_ATTITUDE] = RL_UNSATISFIED;
			in.in.dims[RD_EFFICIENCY] = RL_BASIC;
			in.in.comment = "窗口让我回去补一份材料，但办事指南上没有写。"
			                "希望能一次说清楚。";
		} else {
			in.in.level = i % 7 == 3 ? RL_SATISFIED : RL_VERY_SATISFIED;
			in.in.dims[RD_ATTITUDE] = in.in.level;
			in.in.dims[RD_EFFICIENCY] = i % 11 == 5 ? RL_BASIC : in.in.level;
		}
		store_review_rating r;
		rate_args ra = {.in = &in, .out = &r};
		e = rate_op(c, &ra);
	}
	free(ids);
	free(fin);
	return e;
}

os_err store_review_demo_load(store *st, int64_t now)
{
	/* The open follow-up is due review_fix_days working days after
	 * yesterday's bad review, on the stored calendar (or weekdays). */
	os_date day = queue_day(now) - 1, due = day;
	os_calendar *cal = NULL;
	char msg[256];
	if (store_calendar_load(st, 1, &cal, NULL, msg, sizeof msg))
		cal = NULL;
	if (!cal || os_calendar_add_workdays(cal, day, REVIEW_FIX_DAYS_DEFAULT, &due, NULL)) {
		for (int k = 0; k < REVIEW_FIX_DAYS_DEFAULT;)
			if (os_date_weekday(++due) <= 5)
				k++;
	}
	os_calendar_free(cal);
	demo_args a = {.now = now, .due = due};
	return sq_write(st, review_demo_op, &a);
}
