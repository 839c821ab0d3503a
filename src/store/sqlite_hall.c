/* sqlite_hall.c - the service hall in the SQLite backend (migration 0006).
 *
 * Exactness under concurrency rests on the store's single writer: issuing
 * (the daily sequence in hall_days) and calling (reading the heads of the
 * window's queues, choosing with queue_pick() and updating the ticket) each
 * run inside ONE write operation, so no two operations ever see the same
 * waiting ticket or the same sequence number; the group commit gives many
 * concurrent calls one fsync. The UPDATE that calls a ticket also re-checks
 * `state = 1` as a last line of defence.
 *
 * The figures are counters (hall_counters) updated in the same operation as
 * the event they count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq.h"

/* ---- queues -------------------------------------------------------------- */

static void read_queue(sqlite3_stmt *st, store_hall_queue *q)
{
	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(st, 0);
	q->site_id = sqlite3_column_int64(st, 1);
	sq_text(st, 2, q->prefix, sizeof q->prefix);
	sq_text(st, 3, q->name, sizeof q->name);
	sq_text(st, 4, q->name_en, sizeof q->name_en);
	sq_text(st, 5, q->departments, sizeof q->departments);
	sq_text(st, 6, q->items, sizeof q->items);
	q->active = sqlite3_column_int(st, 7) != 0;
}

typedef struct queues_args {
	int64_t site_id;
	store_hall_queue *rows;
	size_t n;
} queues_args;

static os_err queues_op(sq_conn *c, void *arg)
{
	queues_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, site_id, prefix, name, name_en, departments,"
	                              " items, active FROM hall_queues WHERE site_id = ?"
	                              " ORDER BY prefix LIMIT 26");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->site_id);
	a->rows = os_calloc(QUEUE_MAX_PER_SITE, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < QUEUE_MAX_PER_SITE)
		read_queue(st, &a->rows[a->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_hall_queues_list(store *st, int64_t site_id, store_hall_queue **out, size_t *n)
{
	queues_args a = {.site_id = site_id};
	os_err e = sq_read(st, queues_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

static os_err queue_get_c(sq_conn *c, int64_t id, store_hall_queue *out)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT id, site_id, prefix, name, name_en, departments,"
	                              " items, active FROM hall_queues WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_queue(st, out);
	sqlite3_reset(st);
	return sq_one(rc);
}

typedef struct queue_args {
	store_hall_queue *q;
	const store_hall_queue *in;
	int64_t id;
	const char *field;
} queue_args;

static os_err queue_get_op(sq_conn *c, void *arg)
{
	queue_args *a = arg;
	return queue_get_c(c, a->id, a->q);
}

os_err store_hall_queue_get(store *st, int64_t id, store_hall_queue *out)
{
	queue_args a = {.q = out, .id = id};
	return sq_read(st, queue_get_op, &a);
}

/* Every department id of a "1,5" list exists. */
static os_err departments_exist(sq_conn *c, const char *list)
{
	int64_t ids[32];
	size_t n = 0;
	if (queue_parse_ids(list, ids, 32, &n))
		return OS_ERR_INVALID;
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM departments WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? OS_ERR_INVALID : sq_err(rc);
	}
	return OS_OK;
}

static os_err queue_create_op(sq_conn *c, void *arg)
{
	queue_args *a = arg;
	const store_hall_queue *q = a->in;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, q->site_id);
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (n == 0)
		return OS_ERR_NOT_FOUND;
	if (departments_exist(c, q->departments)) {
		a->field = "departments";
		return OS_ERR_INVALID;
	}
	st = sq_prep(c, "INSERT INTO hall_queues(site_id, prefix, name, name_en, departments,"
	                " items, active) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, q->site_id);
	sqlite3_bind_text(st, 2, q->prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, q->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, q->name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, q->departments, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, q->items, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, q->active ? 1 : 0);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	if (sqlite3_changes(c->db) == 0) {
		a->field = "prefix";
		return OS_ERR_CONFLICT;
	}
	a->id = sqlite3_last_insert_rowid(c->db);
	return OS_OK;
}

os_err store_hall_queue_create(store *st, const store_hall_queue *q, int64_t *id,
                               const char **field)
{
	queue_args a = {.in = q};
	os_err e = sq_write(st, queue_create_op, &a);
	if (id)
		*id = e ? 0 : a.id;
	if (field)
		*field = a.field;
	return e;
}

static os_err queue_update_op(sq_conn *c, void *arg)
{
	queue_args *a = arg;
	const store_hall_queue *q = a->in;
	if (departments_exist(c, q->departments)) {
		a->field = "departments";
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st = sq_prep(c, "UPDATE hall_queues SET name = ?, name_en = ?,"
	                              " departments = ?, items = ?, active = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, q->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q->name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, q->departments, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, q->items, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, q->active ? 1 : 0);
	sqlite3_bind_int64(st, 6, q->id);
	os_err e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		e = OS_ERR_NOT_FOUND;
	return e;
}

os_err store_hall_queue_update(store *st, const store_hall_queue *q, const char **field)
{
	queue_args a = {.in = q};
	os_err e = sq_write(st, queue_update_op, &a);
	if (field)
		*field = a.field;
	return e;
}

/* ---- windows ------------------------------------------------------------- */

static os_err window_get_c(sq_conn *c, int64_t id, store_hall_window *w)
{
	memset(w, 0, sizeof *w);
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT id, site_id, number, kind,"
	               " coalesce(department_id, 0), paused FROM windows WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		w->id = sqlite3_column_int64(st, 0);
		w->site_id = sqlite3_column_int64(st, 1);
		w->number = sqlite3_column_int(st, 2);
		w->kind = (window_kind)sqlite3_column_int(st, 3);
		w->department_id = sqlite3_column_int64(st, 4);
		w->paused = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	/* The queues it serves, in its order; comprehensive: all, by prefix. */
	st = sq_prep(c, "SELECT q.id FROM hall_queues q WHERE q.active = 1 AND"
	                " ((?2 = 1 AND q.site_id = ?3) OR"
	                "  (?2 <> 1 AND q.id IN (SELECT queue_id FROM hall_window_queues"
	                "   WHERE window_id = ?1)))"
	                " ORDER BY CASE WHEN ?2 = 1 THEN 0 ELSE (SELECT rank FROM"
	                " hall_window_queues x WHERE x.window_id = ?1 AND x.queue_id = q.id) END,"
	                " q.prefix LIMIT 26");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w->id);
	sqlite3_bind_int(st, 2, (int)w->kind);
	sqlite3_bind_int64(st, 3, w->site_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && w->n_queues < QUEUE_MAX_PER_SITE)
		w->queues[w->n_queues++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return sq_err(rc);
}

typedef struct window_args {
	int64_t id;
	store_hall_window *w;
	const int64_t *queues;
	size_t n;
	bool paused;
} window_args;

static os_err window_get_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	return window_get_c(c, a->id, a->w);
}

os_err store_hall_window_get(store *st, int64_t window_id, store_hall_window *out)
{
	window_args a = {.id = window_id, .w = out};
	return sq_read(st, window_get_op, &a);
}

static os_err set_queues_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	store_hall_window w;
	os_err e = window_get_c(c, a->id, &w);
	if (e)
		return e;
	sqlite3_stmt *st = sq_prep(c, "DELETE FROM hall_window_queues WHERE window_id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	if ((e = sq_exec(c, st)))
		return e;
	for (size_t i = 0; i < a->n; i++) {
		store_hall_queue q;
		if ((e = queue_get_c(c, a->queues[i], &q)))
			return e == OS_ERR_NOT_FOUND ? OS_ERR_INVALID : e;
		if (q.site_id != w.site_id)
			return OS_ERR_INVALID;
		st = sq_prep(c, "INSERT INTO hall_window_queues(window_id, queue_id, rank)"
		                " VALUES (?,?,?)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->id);
		sqlite3_bind_int64(st, 2, a->queues[i]);
		sqlite3_bind_int(st, 3, (int)i);
		if ((e = sq_exec(c, st)))
			return e;
	}
	return OS_OK;
}

os_err store_hall_window_set_queues(store *st, int64_t window_id, const int64_t *queue_ids,
                                    size_t n)
{
	if (n > QUEUE_MAX_PER_WINDOW)
		return OS_ERR_TOO_LARGE;
	window_args a = {.id = window_id, .queues = queue_ids, .n = n};
	return sq_write(st, set_queues_op, &a);
}

static os_err pause_op(sq_conn *c, void *arg)
{
	window_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "UPDATE windows SET paused = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, a->paused ? 1 : 0);
	sqlite3_bind_int64(st, 2, a->id);
	os_err e = sq_exec(c, st);
	if (!e && sqlite3_changes(c->db) == 0)
		e = OS_ERR_NOT_FOUND;
	return e;
}

os_err store_hall_window_pause(store *st, int64_t window_id, bool paused)
{
	window_args a = {.id = window_id, .paused = paused};
	return sq_write(st, pause_op, &a);
}

/* ---- tickets: reading ---------------------------------------------------- */

#define T_COLS                                                                                     \
	"t.id, t.site_id, t.queue_id, t.issue_queue_id, t.token, t.number, t.day, t.seq,"          \
	" t.source, t.green, t.category, coalesce(t.appointment_id, 0),"                           \
	" coalesce(t.id_number_plain, ''), t.state, t.issued_at, t.order_at,"                      \
	" coalesce(t.called_at, 0), coalesce(t.started_at, 0), coalesce(t.finished_at, 0),"        \
	" coalesce(t.noshow_at, 0), coalesce(t.window_id, 0), coalesce(t.target_window_id, 0),"    \
	" coalesce(t.clerk_id, 0), coalesce(w.number, 0), coalesce(tw.number, 0), t.calls,"        \
	" t.transfers, t.estimate_s, t.items, t.case_ids, q.prefix, q.name, q.name_en"
#define T_FROM                                                                                     \
	" FROM hall_tickets t JOIN hall_queues q ON q.id = t.queue_id"                             \
	" LEFT JOIN windows w ON w.id = t.window_id"                                               \
	" LEFT JOIN windows tw ON tw.id = t.target_window_id"

static const char SQL_TICKET_BY_ID[] = "SELECT " T_COLS T_FROM " WHERE t.id = ?";
static const char SQL_TICKET_BY_TOKEN[] = "SELECT " T_COLS T_FROM " WHERE t.token = ?";

static void read_ticket(sqlite3_stmt *st, store_hall_ticket *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->site_id = sqlite3_column_int64(st, 1);
	t->queue_id = sqlite3_column_int64(st, 2);
	t->issue_queue_id = sqlite3_column_int64(st, 3);
	sq_text(st, 4, t->token, sizeof t->token);
	sq_text(st, 5, t->number, sizeof t->number);
	t->day = (os_date)sqlite3_column_int64(st, 6);
	t->seq = sqlite3_column_int64(st, 7);
	t->source = (ticket_source)sqlite3_column_int(st, 8);
	t->green = (queue_green)sqlite3_column_int(st, 9);
	t->category = (queue_category)sqlite3_column_int(st, 10);
	t->appointment_id = sqlite3_column_int64(st, 11);
	sq_text(st, 12, t->id_number, sizeof t->id_number);
	t->state = (ticket_state)sqlite3_column_int(st, 13);
	t->issued_at = sqlite3_column_int64(st, 14);
	t->order_at = sqlite3_column_int64(st, 15);
	t->called_at = sqlite3_column_int64(st, 16);
	t->started_at = sqlite3_column_int64(st, 17);
	t->finished_at = sqlite3_column_int64(st, 18);
	t->noshow_at = sqlite3_column_int64(st, 19);
	t->window_id = sqlite3_column_int64(st, 20);
	t->target_window_id = sqlite3_column_int64(st, 21);
	t->clerk_id = sqlite3_column_int64(st, 22);
	t->window_number = sqlite3_column_int(st, 23);
	t->target_window_number = sqlite3_column_int(st, 24);
	t->calls = sqlite3_column_int(st, 25);
	t->transfers = sqlite3_column_int(st, 26);
	t->estimate_s = sqlite3_column_int64(st, 27);
	sq_text(st, 28, t->items, sizeof t->items);
	sq_text(st, 29, t->case_ids, sizeof t->case_ids);
	sq_text(st, 30, t->queue_prefix, sizeof t->queue_prefix);
	sq_text(st, 31, t->queue_name, sizeof t->queue_name);
	sq_text(st, 32, t->queue_name_en, sizeof t->queue_name_en);
}

static os_err ticket_get_c(sq_conn *c, int64_t id, store_hall_ticket *out)
{
	sqlite3_stmt *st = sq_prep(c, SQL_TICKET_BY_ID);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_ticket(st, out);
	sqlite3_reset(st);
	return sq_one(rc);
}

typedef struct ticket_args {
	int64_t id;
	const char *token;
	store_hall_ticket *t;
	store_hall_position *pos;
	store_hall_ticket *rows;
	size_t n;
} ticket_args;

static os_err ticket_get_op(sq_conn *c, void *arg)
{
	ticket_args *a = arg;
	return ticket_get_c(c, a->id, a->t);
}

os_err store_hall_ticket_get(store *st, int64_t id, store_hall_ticket *out)
{
	ticket_args a = {.id = id, .t = out};
	return sq_read(st, ticket_get_op, &a);
}

/* Open windows serving a queue: those that list it and the site's
 * comprehensive ones. */
static int64_t windows_serving(sq_conn *c, int64_t queue_id, int64_t site_id)
{
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT (SELECT count(*) FROM hall_window_queues x JOIN windows w ON"
	               " w.id = x.window_id WHERE x.queue_id = ?1 AND w.paused = 0 AND w.kind <> 1)"
	               " + (SELECT count(*) FROM windows WHERE site_id = ?2 AND kind = 1"
	               " AND paused = 0)");
	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, queue_id);
	sqlite3_bind_int64(st, 2, site_id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_reset(st);
	return n;
}

/* The average service time of a queue over its last eight days (0: none). */
static int64_t avg_service(sq_conn *c, int64_t queue_id, os_date day)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT coalesce(sum(svc_sum), 0), coalesce(sum(fin), 0)"
	                              " FROM hall_days WHERE queue_id = ? AND day BETWEEN ? AND ?");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, queue_id);
	sqlite3_bind_int64(st, 2, (int64_t)day - 7);
	sqlite3_bind_int64(st, 3, day);
	int64_t avg = 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) > 0)
		avg = sqlite3_column_int64(st, 0) / sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return avg;
}

static os_err by_token_op(sq_conn *c, void *arg)
{
	ticket_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, SQL_TICKET_BY_TOKEN);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, a->token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_ticket(st, a->t);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	store_hall_ticket *t = a->t;
	memset(a->pos, 0, sizeof *a->pos);
	if (t->state != TS_WAITING)
		return OS_OK;
	st = sq_prep(c, "SELECT count(*) FROM hall_tickets WHERE queue_id = ?1 AND day = ?2"
	                " AND state = 1 AND (category < ?3 OR (category = ?3 AND (order_at < ?4"
	                " OR (order_at = ?4 AND id < ?5))))");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, t->queue_id);
	sqlite3_bind_int64(st, 2, t->day);
	sqlite3_bind_int(st, 3, (int)t->category);
	sqlite3_bind_int64(st, 4, t->order_at);
	sqlite3_bind_int64(st, 5, t->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		a->pos->ahead = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	a->pos->windows = windows_serving(c, t->queue_id, t->site_id);
	a->pos->avg_service = avg_service(c, t->queue_id, t->day);
	return OS_OK;
}

os_err store_hall_ticket_by_token(store *st, const char *token, store_hall_ticket *out,
                                  store_hall_position *pos)
{
	store_hall_position dummy;
	ticket_args a = {.token = token, .t = out, .pos = pos ? pos : &dummy};
	return sq_read(st, by_token_op, &a);
}

static os_err window_tickets_op(sq_conn *c, void *arg)
{
	ticket_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT " T_COLS T_FROM " WHERE t.window_id = ?"
	               " AND t.state IN (2, 3, 6) ORDER BY t.called_at, t.id LIMIT 50");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	a->rows = os_calloc(50, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < 50)
		read_ticket(st, &a->rows[a->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_hall_window_tickets(store *st, int64_t window_id, store_hall_ticket **out, size_t *n)
{
	ticket_args a = {.id = window_id};
	os_err e = sq_read(st, window_tickets_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- helpers of the writes ----------------------------------------------- */

/* One row of deltas for the counters. */
typedef struct hall_delta {
	os_date day;
	int64_t site_id, queue_id, window_id, clerk_id;
	int hour;
	int64_t issued, green, appointment, called, wait_sum, est_err_sum, finished, service_sum,
	    noshows, transfers, appt_noshow;
} hall_delta;

static os_err count_add(sq_conn *c, const hall_delta *d)
{
	sqlite3_stmt *st = sq_prep(
	    c,
	    "INSERT INTO hall_counters(day, site_id, queue_id, window_id, clerk_id, hour, issued,"
	    " green, appointment, called, wait_sum, est_err_sum, finished, service_sum, noshows,"
	    " transfers, appt_noshow) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(day, site_id, queue_id, window_id, clerk_id, hour) DO UPDATE SET"
	    " issued = issued + excluded.issued, green = green + excluded.green,"
	    " appointment = appointment + excluded.appointment,"
	    " called = called + excluded.called, wait_sum = wait_sum + excluded.wait_sum,"
	    " est_err_sum = est_err_sum + excluded.est_err_sum,"
	    " finished = finished + excluded.finished,"
	    " service_sum = service_sum + excluded.service_sum,"
	    " noshows = noshows + excluded.noshows, transfers = transfers + excluded.transfers,"
	    " appt_noshow = appt_noshow + excluded.appt_noshow");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, d->day);
	sqlite3_bind_int64(st, 2, d->site_id);
	sqlite3_bind_int64(st, 3, d->queue_id);
	sqlite3_bind_int64(st, 4, d->window_id);
	sqlite3_bind_int64(st, 5, d->clerk_id);
	sqlite3_bind_int(st, 6, d->hour);
	const int64_t v[] = {d->issued,   d->green,       d->appointment, d->called,
	                     d->wait_sum, d->est_err_sum, d->finished,    d->service_sum,
	                     d->noshows,  d->transfers,   d->appt_noshow};
	for (int i = 0; i < 11; i++)
		sqlite3_bind_int64(st, 7 + i, v[i]);
	return sq_exec(c, st);
}

static void delta_for(hall_delta *d, const store_hall_ticket *t, int64_t window_id,
                      int64_t clerk_id, int64_t now)
{
	memset(d, 0, sizeof *d);
	d->day = t->day;
	d->site_id = t->site_id;
	d->queue_id = t->queue_id;
	d->window_id = window_id;
	d->clerk_id = clerk_id;
	d->hour = queue_hour(now);
}

/* Change the waiting count of one category of a queue's day; the new total
 * and version go to ch. */
static os_err days_bump(sq_conn *c, int64_t queue_id, os_date day, queue_category cat, int delta,
                        store_hall_change *ch)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO hall_days(queue_id, day, w0, w1, w2, version)"
	                              " VALUES (?1, ?2, max(?3, 0), max(?4, 0), max(?5, 0), 1)"
	                              " ON CONFLICT(queue_id, day) DO UPDATE SET"
	                              " w0 = w0 + ?3, w1 = w1 + ?4, w2 = w2 + ?5,"
	                              " version = version + 1 RETURNING w0 + w1 + w2, version");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, queue_id);
	sqlite3_bind_int64(st, 2, day);
	for (int k = 0; k < 3; k++)
		sqlite3_bind_int(st, 3 + k, (int)cat == k ? delta : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && ch && ch->nq < 2) {
		store_hall_qstate *q = &ch->q[ch->nq++];
		q->queue_id = queue_id;
		q->waiting = sqlite3_column_int64(st, 0);
		q->version = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

static os_err insert_call(sq_conn *c, const store_hall_ticket *t, int64_t window_id,
                          int window_number, int64_t now, store_hall_change *ch)
{
	sqlite3_stmt *st = sq_prep(c, "INSERT INTO hall_calls(ticket_id, site_id, window_id,"
	                              " window_number, number, at) VALUES (?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int64(st, 2, t->site_id);
	sqlite3_bind_int64(st, 3, window_id);
	sqlite3_bind_int(st, 4, window_number);
	sqlite3_bind_text(st, 5, t->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	ch->has_call = true;
	ch->call.id = sqlite3_last_insert_rowid(c->db);
	ch->call.ticket_id = t->id;
	ch->call.site_id = t->site_id;
	ch->call.window_id = window_id;
	ch->call.window_number = window_number;
	snprintf(ch->call.number, sizeof ch->call.number, "%s", t->number);
	ch->call.at = now;
	return OS_OK;
}

/* ---- issuing ------------------------------------------------------------- */

typedef struct issue_args {
	const store_hall_issue *in;
	int64_t appointment_id;
	store_hall_ticket *out;
	store_hall_change *ch;
	/* check-in */
	const char *id_number;
	long minutes;
	const char *why;
} issue_args;

static os_err issue_c(sq_conn *c, const store_hall_issue *in, int64_t appointment_id,
                      store_hall_ticket *out, store_hall_change *ch)
{
	store_hall_queue q;
	os_err e = queue_get_c(c, in->queue_id, &q);
	if (e)
		return e;
	if (q.site_id != in->site_id || !q.active)
		return OS_ERR_NOT_FOUND;
	os_date day = queue_day(in->now);
	queue_category cat = queue_category_of(in->green, appointment_id != 0);
	sqlite3_stmt *st =
	    sq_prep(c, "INSERT INTO hall_days(queue_id, day, seq, w0, w1, w2, version)"
	               " VALUES (?1, ?2, 1, ?3, ?4, ?5, 1) ON CONFLICT(queue_id, day) DO UPDATE SET"
	               " seq = seq + 1, w0 = w0 + excluded.w0, w1 = w1 + excluded.w1,"
	               " w2 = w2 + excluded.w2, version = version + 1"
	               " RETURNING seq, w0, w1, w2, version");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, q.id);
	sqlite3_bind_int64(st, 2, day);
	for (int k = 0; k < 3; k++)
		sqlite3_bind_int(st, 3 + k, (int)cat == k ? 1 : 0);
	int rc = sqlite3_step(st);
	int64_t seq = 0, w[3] = {0, 0, 0}, version = 0;
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		for (int k = 0; k < 3; k++)
			w[k] = sqlite3_column_int64(st, 1 + k);
		version = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	if (seq > QUEUE_MAX_SEQ)
		return OS_ERR_TOO_LARGE;
	char number[QUEUE_NUMBER_MAX];
	if ((e = queue_number(q.prefix[0], seq, number, sizeof number)))
		return e;
	/* Ahead of it: the waiting tickets of its category and better ones. */
	int64_t ahead = -1;
	for (int k = 0; k <= (int)cat; k++)
		ahead += w[k];
	int64_t est =
	    queue_estimate(ahead, avg_service(c, q.id, day), windows_serving(c, q.id, q.site_id));
	st = sq_prep(c, "INSERT INTO hall_tickets(token, site_id, issue_queue_id, queue_id, day,"
	                " seq, number, source, green, category, appointment_id, id_number_plain,"
	                " state, issued_at, order_at, estimate_s)"
	                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, in->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q.site_id);
	sqlite3_bind_int64(st, 3, q.id);
	sqlite3_bind_int64(st, 4, q.id);
	sqlite3_bind_int64(st, 5, day);
	sqlite3_bind_int64(st, 6, seq);
	sqlite3_bind_text(st, 7, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, (int)in->source);
	sqlite3_bind_int(st, 9, (int)in->green);
	sqlite3_bind_int(st, 10, (int)cat);
	sq_bind_opt(st, 11, appointment_id);
	if (in->id_number && in->id_number[0])
		sqlite3_bind_text(st, 12, in->id_number, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_int64(st, 13, in->now);
	sqlite3_bind_int64(st, 14, in->now);
	sqlite3_bind_int64(st, 15, est);
	if ((e = sq_exec(c, st)))
		return e;
	int64_t id = sqlite3_last_insert_rowid(c->db);
	if ((e = ticket_get_c(c, id, out)))
		return e;
	out->ahead_at_issue = ahead;
	hall_delta d;
	delta_for(&d, out, 0, 0, in->now);
	d.issued = 1;
	d.green = in->green != QG_NONE;
	d.appointment = appointment_id != 0;
	if ((e = count_add(c, &d)))
		return e;
	ch->site_id = q.site_id;
	ch->day = day;
	ch->q[0] = (store_hall_qstate){q.id, w[0] + w[1] + w[2], version};
	ch->nq = 1;
	return OS_OK;
}

static os_err issue_op(sq_conn *c, void *arg)
{
	issue_args *a = arg;
	return issue_c(c, a->in, 0, a->out, a->ch);
}

os_err store_hall_ticket_issue(store *st, const store_hall_issue *in, store_hall_ticket *out,
                               store_hall_change *ch)
{
	memset(ch, 0, sizeof *ch);
	issue_args a = {.in = in, .out = out, .ch = ch};
	return sq_write(st, issue_op, &a);
}

static os_err checkin_op(sq_conn *c, void *arg)
{
	issue_args *a = arg;
	const store_hall_issue *in = a->in;
	os_date day = queue_day(in->now);
	sqlite3_stmt *st = sq_prep(c, "SELECT a.id, s.queue_id, s.start_at FROM hall_appointments a"
	                              " JOIN hall_slots s ON s.id = a.slot_id WHERE a.site_id = ?"
	                              " AND a.day = ? AND a.id_number_plain = ? AND a.state = 1"
	                              " ORDER BY s.start_at LIMIT 8");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_text(st, 3, a->id_number, -1, SQLITE_STATIC);
	int64_t appt = 0, queue = 0;
	int found = 0, verdict = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found++;
		int v = queue_checkin_window(sqlite3_column_int64(st, 2), in->now, a->minutes);
		if (v == 0) {
			appt = sqlite3_column_int64(st, 0);
			queue = sqlite3_column_int64(st, 1);
			break;
		}
		verdict = v;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(rc);
	if (!found)
		return OS_ERR_NOT_FOUND;
	if (!appt) {
		a->why = verdict < 0 ? "too early: check in at most the configured minutes before"
		                       " the slot"
		                     : "too late: the check-in time of the slot is over";
		return OS_ERR_CONFLICT;
	}
	store_hall_issue x = *in;
	x.queue_id = queue;
	x.source = SRC_APPOINTMENT;
	x.id_number = a->id_number;
	os_err e = issue_c(c, &x, appt, a->out, a->ch);
	if (e)
		return e;
	st = sq_prep(c, "UPDATE hall_appointments SET state = 3, ticket_id = ?, changed_at = ?"
	                " WHERE id = ? AND state = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->out->id);
	sqlite3_bind_int64(st, 2, in->now);
	sqlite3_bind_int64(st, 3, appt);
	return sq_exec(c, st);
}

os_err store_hall_checkin(store *st, int64_t site_id, const char *id_number, queue_green green,
                          const char *token, int64_t now, long minutes, store_hall_ticket *out,
                          store_hall_change *ch, const char **why)
{
	memset(ch, 0, sizeof *ch);
	store_hall_issue in = {.site_id = site_id, .green = green, .token = token, .now = now};
	issue_args a = {
	    .in = &in, .out = out, .ch = ch, .id_number = id_number, .minutes = minutes};
	os_err e = sq_write(st, checkin_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- calling ------------------------------------------------------------- */

typedef struct call_args {
	int64_t window_id, clerk_id, now;
	const queue_policy *p;
	store_hall_ticket *out;
	store_hall_change *ch;
	const char *why;
} call_args;

/* The head of a queue (or of the tickets transferred to a window by name):
 * the best waiting ticket of any category when walkin_only is false, else
 * the best walk-in. One index range each (hall_tickets_waiting or
 * hall_tickets_targeted, ordered by category and time). */
static os_err head_of(sq_conn *c, bool targeted, int64_t key, os_date day, bool walkin_only,
                      int64_t window_id, queue_candidate *out, bool *found)
{
	sqlite3_stmt *st =
	    targeted
	        ? sq_prep(c, "SELECT id, order_at, category FROM hall_tickets"
	                     " WHERE target_window_id = ?1 AND day = ?2 AND state = 1"
	                     " AND target_window_id IS NOT NULL AND category >= ?3"
	                     " ORDER BY category, order_at, id LIMIT 1")
	        : sq_prep(c, "SELECT id, order_at, category FROM hall_tickets"
	                     " WHERE queue_id = ?1 AND day = ?2 AND state = 1 AND category >= ?3"
	                     " AND (target_window_id IS NULL OR target_window_id = ?4)"
	                     " ORDER BY category, order_at, id LIMIT 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int(st, 3, walkin_only ? QC_WALKIN : QC_GREEN);
	if (!targeted)
		sqlite3_bind_int64(st, 4, window_id);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found) {
		out->id = sqlite3_column_int64(st, 0);
		out->order_at = sqlite3_column_int64(st, 1);
		out->category = (queue_category)sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

/* The candidates of one source: its best ticket, and under the interleave
 * policy also its best walk-in when the best one is not. */
static os_err heads(sq_conn *c, bool targeted, int64_t key, os_date day, int rank,
                    int64_t window_id, const queue_policy *p, queue_candidate *cand, size_t *n)
{
	bool found;
	os_err e = head_of(c, targeted, key, day, false, window_id, &cand[*n], &found);
	if (e || !found)
		return e;
	cand[(*n)++].rank = rank;
	if (p->kind != QP_INTERLEAVE || cand[*n - 1].category == QC_WALKIN)
		return OS_OK;
	if ((e = head_of(c, targeted, key, day, true, window_id, &cand[*n], &found)))
		return e;
	if (found)
		cand[(*n)++].rank = rank;
	return OS_OK;
}

static os_err call_op(sq_conn *c, void *arg)
{
	call_args *a = arg;
	store_hall_window w;
	os_err e = window_get_c(c, a->window_id, &w);
	if (e)
		return e;
	if (w.paused) {
		a->why = "the window is paused";
		return OS_ERR_CONFLICT;
	}
	sqlite3_stmt *st = sq_prep(c, "SELECT state FROM hall_tickets WHERE window_id = ?"
	                              " AND state IN (2, 3, 6)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w.id);
	int rc, busy = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int(st, 0) != TS_HELD)
			busy++;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);
	if (busy) {
		a->why = "the window still has a called or served ticket: finish, hold, transfer or"
		         " mark it as not shown first";
		return OS_ERR_CONFLICT;
	}
	os_date day = queue_day(a->now);
	queue_candidate cand[(QUEUE_MAX_PER_SITE + 1) * 2];
	size_t n = 0;
	if ((e = heads(c, true, w.id, day, 0, w.id, a->p, cand, &n)))
		return e;
	for (int i = 0; i < w.n_queues; i++)
		if ((e = heads(c, false, w.queues[i], day, w.kind == WINDOW_COMPREHENSIVE ? 0 : i,
		               w.id, a->p, cand, &n)))
			return e;
	memset(a->out, 0, sizeof *a->out);
	if (n == 0)
		return OS_OK;
	st = sq_prep(c, "SELECT streak FROM hall_window_state WHERE window_id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w.id);
	int streak = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	int next_streak = 0;
	int pick = queue_pick(cand, n, a->p, streak, &next_streak);
	if (pick < 0)
		return OS_ERR_INTERNAL;
	st = sq_prep(c, "UPDATE hall_tickets SET state = 2, window_id = ?, clerk_id = ?,"
	                " called_at = ?, calls = calls + 1, target_window_id = NULL"
	                " WHERE id = ? AND state = 1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w.id);
	sq_bind_opt(st, 2, a->clerk_id);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_int64(st, 4, cand[pick].id);
	if ((e = sq_exec(c, st)))
		return e;
	if (sqlite3_changes(c->db) != 1)
		return OS_ERR_INTERNAL; /* the rule read a ticket that is not waiting */
	st = sq_prep(c, "INSERT INTO hall_window_state(window_id, streak) VALUES (?, ?)"
	                " ON CONFLICT(window_id) DO UPDATE SET streak = excluded.streak");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, w.id);
	sqlite3_bind_int(st, 2, next_streak);
	if ((e = sq_exec(c, st)))
		return e;
	store_hall_ticket *t = a->out;
	if ((e = ticket_get_c(c, cand[pick].id, t)))
		return e;
	a->ch->site_id = t->site_id;
	a->ch->day = t->day;
	if ((e = days_bump(c, t->queue_id, t->day, t->category, -1, a->ch)) ||
	    (e = insert_call(c, t, w.id, w.number, a->now, a->ch)))
		return e;
	if (t->calls == 1) {
		hall_delta d;
		delta_for(&d, t, w.id, a->clerk_id, a->now);
		int64_t wait = a->now - t->issued_at;
		d.called = 1;
		d.wait_sum = wait;
		d.est_err_sum = wait > t->estimate_s ? wait - t->estimate_s : t->estimate_s - wait;
		if ((e = count_add(c, &d)))
			return e;
	}
	return OS_OK;
}

os_err store_hall_call_next(store *st, int64_t window_id, int64_t clerk_id, int64_t now,
                            const queue_policy *p, store_hall_ticket *out, store_hall_change *ch,
                            const char **why)
{
	memset(ch, 0, sizeof *ch);
	call_args a = {
	    .window_id = window_id, .clerk_id = clerk_id, .now = now, .p = p, .out = out, .ch = ch};
	os_err e = sq_write(st, call_op, &a);
	if (why)
		*why = a.why;
	return e;
}

/* ---- the other actions --------------------------------------------------- */

typedef struct act_args {
	const store_hall_act *a;
	store_hall_ticket *out;
	store_hall_change *ch;
	const char *why;
} act_args;

static os_err set_state(sq_conn *c, int64_t id, ticket_state s, int64_t started_at,
                        int64_t finished_at, int64_t noshow_at)
{
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE hall_tickets SET state = ?2,"
	               " started_at = coalesce(nullif(?3, 0), started_at),"
	               " finished_at = coalesce(nullif(?4, 0), finished_at),"
	               " noshow_at = coalesce(nullif(?5, 0), noshow_at) WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)s);
	sqlite3_bind_int64(st, 3, started_at);
	sqlite3_bind_int64(st, 4, finished_at);
	sqlite3_bind_int64(st, 5, noshow_at);
	return sq_exec(c, st);
}

/* Back to waiting in queue_id (for window_id when not 0), ordered at order_at. */
static os_err requeue(sq_conn *c, int64_t id, int64_t queue_id, int64_t window_id, int64_t order_at,
                      int transfers)
{
	sqlite3_stmt *st = sq_prep(c, "UPDATE hall_tickets SET state = 1, queue_id = ?2,"
	                              " target_window_id = ?3, order_at = ?4,"
	                              " transfers = transfers + ?5 WHERE id = ?1");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, queue_id);
	sq_bind_opt(st, 3, window_id);
	sqlite3_bind_int64(st, 4, order_at);
	sqlite3_bind_int(st, 5, transfers);
	return sq_exec(c, st);
}

static os_err act_op(sq_conn *c, void *arg)
{
	act_args *x = arg;
	const store_hall_act *a = x->a;
	store_hall_ticket t;
	os_err e = ticket_get_c(c, a->ticket_id, &t);
	if (e)
		return e;
	ticket_state to;
	if ((e = queue_transition(t.state, a->action, &to, &x->why)))
		return e;
	if (a->window_id && a->action != TA_RETURN && a->action != TA_CANCEL &&
	    t.window_id != a->window_id) {
		x->why = "the ticket is not at this window";
		return OS_ERR_CONFLICT;
	}
	store_hall_change *ch = x->ch;
	ch->site_id = t.site_id;
	ch->day = t.day;
	hall_delta d;
	delta_for(&d, &t, t.window_id, a->clerk_id, a->now);
	switch (a->action) {
	case TA_RECALL: {
		sqlite3_stmt *st =
		    sq_prep(c, "UPDATE hall_tickets SET calls = calls + 1 WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, t.id);
		if ((e = sq_exec(c, st)) ||
		    (e = insert_call(c, &t, t.window_id, t.window_number, a->now, ch)))
			return e;
		break;
	}
	case TA_NO_SHOW:
		if ((e = set_state(c, t.id, to, 0, 0, a->now)))
			return e;
		d.noshows = 1;
		e = count_add(c, &d);
		break;
	case TA_RETURN:
		if (!queue_noshow_may_return(t.noshow_at, a->now, a->noshow_return_minutes) ||
		    queue_day(a->now) != t.day) {
			x->why = "too late to come back: take a new ticket";
			return OS_ERR_CONFLICT;
		}
		if ((e = requeue(c, t.id, t.queue_id, 0, a->now, 0)))
			return e;
		e = days_bump(c, t.queue_id, t.day, t.category, 1, ch);
		break;
	case TA_START:
		e = set_state(c, t.id, to, a->now, 0, 0);
		break;
	case TA_HOLD:
		e = set_state(c, t.id, to, 0, 0, 0);
		break;
	case TA_RESUME:
		e = set_state(c, t.id, to, t.started_at ? 0 : a->now, 0, 0);
		break;
	case TA_FINISH: {
		sqlite3_stmt *st = sq_prep(c, "UPDATE hall_tickets SET state = 4, finished_at = ?,"
		                              " items = ?, case_ids = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_text(st, 2, a->items ? a->items : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a->case_ids ? a->case_ids : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, t.id);
		if ((e = sq_exec(c, st)))
			return e;
		int64_t svc = t.started_at && a->now > t.started_at ? a->now - t.started_at : 0;
		d.finished = 1;
		d.service_sum = svc;
		if ((e = count_add(c, &d)))
			return e;
		st =
		    sq_prep(c, "INSERT INTO hall_days(queue_id, day, fin, svc_sum) VALUES (?,?,1,?)"
		               " ON CONFLICT(queue_id, day) DO UPDATE SET fin = fin + 1,"
		               " svc_sum = svc_sum + excluded.svc_sum");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, t.queue_id);
		sqlite3_bind_int64(st, 2, t.day);
		sqlite3_bind_int64(st, 3, svc);
		e = sq_exec(c, st);
		break;
	}
	case TA_TRANSFER: {
		int64_t queue = t.queue_id, window = 0;
		if (a->to_window_id) {
			store_hall_window w;
			if (window_get_c(c, a->to_window_id, &w) || w.site_id != t.site_id) {
				x->why = "no such window at this site";
				return OS_ERR_INVALID;
			}
			if (w.id == t.window_id) {
				x->why = "the ticket is at that window already";
				return OS_ERR_INVALID;
			}
			window = w.id;
		} else {
			store_hall_queue q;
			if (queue_get_c(c, a->to_queue_id, &q) || q.site_id != t.site_id ||
			    !q.active) {
				x->why = "no such active queue at this site";
				return OS_ERR_INVALID;
			}
			queue = q.id;
		}
		if ((e = requeue(c, t.id, queue, window, t.order_at, 1)))
			return e;
		if ((e = days_bump(c, queue, t.day, t.category, 1, ch)))
			return e;
		d.transfers = 1;
		e = count_add(c, &d);
		break;
	}
	case TA_CANCEL:
		if ((e = set_state(c, t.id, to, 0, 0, 0)))
			return e;
		e = days_bump(c, t.queue_id, t.day, t.category, -1, ch);
		break;
	default:
		return OS_ERR_INVALID;
	}
	if (e)
		return e;
	return ticket_get_c(c, t.id, x->out);
}

os_err store_hall_ticket_act(store *st, const store_hall_act *a, store_hall_ticket *out,
                             store_hall_change *ch, const char **why)
{
	memset(ch, 0, sizeof *ch);
	act_args x = {.a = a, .out = out, .ch = ch};
	os_err e = sq_write(st, act_op, &x);
	if (why)
		*why = x.why;
	return e;
}

/* ---- the board ----------------------------------------------------------- */

static void read_call(sqlite3_stmt *st, store_hall_call *k)
{
	k->id = sqlite3_column_int64(st, 0);
	k->ticket_id = sqlite3_column_int64(st, 1);
	k->site_id = sqlite3_column_int64(st, 2);
	k->window_id = sqlite3_column_int64(st, 3);
	k->window_number = sqlite3_column_int(st, 4);
	sq_text(st, 5, k->number, sizeof k->number);
	k->at = sqlite3_column_int64(st, 6);
}

static os_err board_op(sq_conn *c, void *arg)
{
	store_hall_board *b = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, b->site_id);
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!n)
		return rc == SQLITE_ROW ? OS_ERR_NOT_FOUND : sq_err(rc);
	st = sq_prep(c, "SELECT q.id, q.prefix, q.name, q.name_en,"
	                " coalesce(d.w0 + d.w1 + d.w2, 0), coalesce(d.version, 0)"
	                " FROM hall_queues q LEFT JOIN hall_days d ON d.queue_id = q.id"
	                " AND d.day = ?2 WHERE q.site_id = ?1 AND q.active = 1"
	                " ORDER BY q.prefix LIMIT 26");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, b->site_id);
	sqlite3_bind_int64(st, 2, b->day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->n_queues < QUEUE_MAX_PER_SITE) {
		store_hall_board_queue *q = &b->queues[b->n_queues++];
		q->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, q->prefix, sizeof q->prefix);
		sq_text(st, 2, q->name, sizeof q->name);
		sq_text(st, 3, q->name_en, sizeof q->name_en);
		q->waiting = sqlite3_column_int64(st, 4);
		q->version = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_err(rc);
	int64_t day_start = (int64_t)b->day * 86400 - OS_SHANGHAI_UTC_OFFSET;
	st = sq_prep(c, "SELECT id, ticket_id, site_id, window_id, window_number, number, at"
	                " FROM hall_calls WHERE site_id = ? AND at >= ? ORDER BY id DESC LIMIT 8");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, b->site_id);
	sqlite3_bind_int64(st, 2, day_start);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->n_calls < HALL_BOARD_CALLS)
		read_call(st, &b->calls[b->n_calls++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_hall_board_load(store *st, int64_t site_id, os_date day, store_hall_board *out)
{
	memset(out, 0, sizeof *out);
	out->site_id = site_id;
	out->day = day;
	return sq_read(st, board_op, out);
}

typedef struct call_get_args {
	int64_t id;
	store_hall_call *out;
} call_get_args;

static os_err call_get_op(sq_conn *c, void *arg)
{
	call_get_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id, ticket_id, site_id, window_id, window_number,"
	                              " number, at FROM hall_calls WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_call(st, a->out);
	sqlite3_reset(st);
	return sq_one(rc);
}

os_err store_hall_call_get(store *st, int64_t call_id, store_hall_call *out)
{
	call_get_args a = {call_id, out};
	return sq_read(st, call_get_op, &a);
}

/* ---- appointments -------------------------------------------------------- */

typedef struct slot_args {
	int64_t site_id, queue_id, start_at, id;
	int minutes, count, capacity, created;
	os_date day;
	store_hall_slot *rows;
	size_t n;
	const char *code, *id_number;
	int64_t now;
	long mins;
	int64_t marked;
	store_hall_appointment *appt;
	const char *why;
} slot_args;

static os_err slots_create_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	store_hall_queue q;
	os_err e = queue_get_c(c, a->queue_id, &q);
	if (e || q.site_id != a->site_id)
		return e && e != OS_ERR_NOT_FOUND ? e : OS_ERR_NOT_FOUND;
	sqlite3_stmt *st =
	    sq_prep(c, "INSERT INTO hall_slots(site_id, queue_id, day, start_at, end_at, capacity)"
	               " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING");
	if (!st)
		return OS_ERR_IO;
	for (int i = 0; i < a->count; i++) {
		int64_t s = a->start_at + (int64_t)i * a->minutes * 60;
		sqlite3_bind_int64(st, 1, a->site_id);
		sqlite3_bind_int64(st, 2, a->queue_id);
		sqlite3_bind_int64(st, 3, queue_day(s));
		sqlite3_bind_int64(st, 4, s);
		sqlite3_bind_int64(st, 5, s + (int64_t)a->minutes * 60);
		sqlite3_bind_int(st, 6, a->capacity);
		if ((e = sq_exec(c, st)))
			return e;
		a->created += sqlite3_changes(c->db);
	}
	return OS_OK;
}

os_err store_hall_slots_create(store *st, int64_t site_id, int64_t queue_id, int64_t start_at,
                               int minutes, int count, int capacity, int *created)
{
	slot_args a = {.site_id = site_id,
	               .queue_id = queue_id,
	               .start_at = start_at,
	               .minutes = minutes,
	               .count = count,
	               .capacity = capacity};
	os_err e = sq_write(st, slots_create_op, &a);
	if (created)
		*created = e ? 0 : a.created;
	return e;
}

#define SLOT_COLS                                                                                  \
	"s.id, s.site_id, s.queue_id, s.day, s.start_at, s.end_at, s.capacity, s.booked,"          \
	" q.prefix, q.name, q.name_en"

static void read_slot(sqlite3_stmt *st, int i, store_hall_slot *s)
{
	s->id = sqlite3_column_int64(st, i);
	s->site_id = sqlite3_column_int64(st, i + 1);
	s->queue_id = sqlite3_column_int64(st, i + 2);
	s->day = (os_date)sqlite3_column_int64(st, i + 3);
	s->start_at = sqlite3_column_int64(st, i + 4);
	s->end_at = sqlite3_column_int64(st, i + 5);
	s->capacity = sqlite3_column_int(st, i + 6);
	s->booked = sqlite3_column_int(st, i + 7);
	sq_text(st, i + 8, s->queue_prefix, sizeof s->queue_prefix);
	sq_text(st, i + 9, s->queue_name, sizeof s->queue_name);
	sq_text(st, i + 10, s->queue_name_en, sizeof s->queue_name_en);
}

#define SLOTS_MAX 500

static os_err slots_list_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT " SLOT_COLS " FROM hall_slots s JOIN hall_queues q"
	                              " ON q.id = s.queue_id WHERE s.site_id = ?1 AND s.day = ?2"
	                              " AND (?3 = 0 OR s.queue_id = ?3)"
	                              " ORDER BY s.start_at, q.prefix LIMIT 500");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->site_id);
	sqlite3_bind_int64(st, 2, a->day);
	sqlite3_bind_int64(st, 3, a->queue_id);
	a->rows = os_calloc(SLOTS_MAX, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < SLOTS_MAX)
		read_slot(st, 0, &a->rows[a->n++]);
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_hall_slots_list(store *st, int64_t site_id, os_date day, int64_t queue_id,
                             store_hall_slot **out, size_t *n)
{
	slot_args a = {.site_id = site_id, .day = day, .queue_id = queue_id};
	os_err e = sq_read(st, slots_list_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

static const char SQL_APPT_BY_CODE[] =
    "SELECT a.id, a.slot_id, a.site_id, coalesce(a.ticket_id, 0), a.code, a.id_number_plain,"
    " a.state, a.created_at, a.changed_at, " SLOT_COLS
    " FROM hall_appointments a JOIN hall_slots s ON s.id = a.slot_id"
    " JOIN hall_queues q ON q.id = s.queue_id WHERE a.code = ?";

static os_err appt_get_c(sq_conn *c, const char *code, store_hall_appointment *out)
{
	sqlite3_stmt *st = sq_prep(c, SQL_APPT_BY_CODE);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->slot_id = sqlite3_column_int64(st, 1);
		out->site_id = sqlite3_column_int64(st, 2);
		out->ticket_id = sqlite3_column_int64(st, 3);
		sq_text(st, 4, out->code, sizeof out->code);
		sq_text(st, 5, out->id_number, sizeof out->id_number);
		out->state = (hall_appt_state)sqlite3_column_int(st, 6);
		out->created_at = sqlite3_column_int64(st, 7);
		out->changed_at = sqlite3_column_int64(st, 8);
		read_slot(st, 9, &out->slot);
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err book_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT site_id, day, end_at, capacity, booked"
	                              " FROM hall_slots WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	int rc = sqlite3_step(st);
	int64_t site = 0, day = 0, end = 0, cap = 0, booked = 0;
	if (rc == SQLITE_ROW) {
		site = sqlite3_column_int64(st, 0);
		day = sqlite3_column_int64(st, 1);
		end = sqlite3_column_int64(st, 2);
		cap = sqlite3_column_int64(st, 3);
		booked = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	if (end <= a->now) {
		a->why = "the slot is over";
		return OS_ERR_CONFLICT;
	}
	if (booked >= cap) {
		a->why = "the slot is full";
		return OS_ERR_CONFLICT;
	}
	st = sq_prep(c, "SELECT count(*) FROM hall_appointments WHERE site_id = ? AND day = ?"
	                " AND id_number_plain = ? AND state IN (1, 3)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_text(st, 3, a->id_number, -1, SQLITE_STATIC);
	int64_t mine = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (mine) {
		a->why = "this ID number has a booking at this site on that day already";
		return OS_ERR_CONFLICT;
	}
	st =
	    sq_prep(c, "INSERT INTO hall_appointments(code, slot_id, site_id, day,"
	               " id_number_plain, state, created_at, changed_at) VALUES (?,?,?,?,?,1,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, a->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->id);
	sqlite3_bind_int64(st, 3, site);
	sqlite3_bind_int64(st, 4, day);
	sqlite3_bind_text(st, 5, a->id_number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, a->now);
	sqlite3_bind_int64(st, 7, a->now);
	os_err e = sq_exec(c, st);
	if (e)
		return e;
	st = sq_prep(c, "UPDATE hall_slots SET booked = booked + ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, 1);
	sqlite3_bind_int64(st, 2, a->id);
	if ((e = sq_exec(c, st)))
		return e;
	return appt_get_c(c, a->code, a->appt);
}

os_err store_hall_book(store *st, int64_t slot_id, const char *id_number, const char *code,
                       int64_t now, store_hall_appointment *out, const char **why)
{
	slot_args a = {
	    .id = slot_id, .id_number = id_number, .code = code, .now = now, .appt = out};
	os_err e = sq_write(st, book_op, &a);
	if (why)
		*why = a.why;
	return e;
}

static os_err appt_get_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	return appt_get_c(c, a->code, a->appt);
}

os_err store_hall_appointment_get(store *st, const char *code, store_hall_appointment *out)
{
	slot_args a = {.code = code, .appt = out};
	return sq_read(st, appt_get_op, &a);
}

static os_err cancel_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	os_err e = appt_get_c(c, a->code, a->appt);
	if (e)
		return e;
	if (strcmp(a->appt->id_number, a->id_number) != 0)
		return OS_ERR_NOT_FOUND;
	if (a->appt->state != APPT_BOOKED) {
		a->why = "only a booked appointment can be cancelled";
		return OS_ERR_CONFLICT;
	}
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE hall_appointments SET state = 2, changed_at = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, a->appt->id);
	if ((e = sq_exec(c, st)))
		return e;
	st = sq_prep(c, "UPDATE hall_slots SET booked = booked + ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, -1);
	sqlite3_bind_int64(st, 2, a->appt->slot_id);
	if ((e = sq_exec(c, st)))
		return e;
	return appt_get_c(c, a->code, a->appt);
}

os_err store_hall_appointment_cancel(store *st, const char *code, const char *id_number,
                                     int64_t now, store_hall_appointment *out, const char **why)
{
	slot_args a = {.code = code, .id_number = id_number, .now = now, .appt = out};
	os_err e = sq_write(st, cancel_op, &a);
	if (why)
		*why = a.why;
	return e;
}

static os_err sweep_op(sq_conn *c, void *arg)
{
	slot_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT a.id, s.queue_id, s.day, s.start_at"
	                              " FROM hall_appointments a JOIN hall_slots s ON"
	                              " s.id = a.slot_id WHERE a.site_id = ? AND a.state = 1"
	                              " AND s.start_at < ? LIMIT 2000");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->site_id);
	sqlite3_bind_int64(st, 2, a->now - (int64_t)a->mins * 60);
	struct {
		int64_t id, queue, day, start;
	} *rows = os_calloc(2000, sizeof *rows);
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 2000) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].queue = sqlite3_column_int64(st, 1);
		rows[n].day = sqlite3_column_int64(st, 2);
		rows[n].start = sqlite3_column_int64(st, 3);
		n++;
	}
	sqlite3_reset(st);
	os_err e = sq_err(rc);
	for (size_t i = 0; i < n && !e; i++) {
		st = sq_prep(c, "UPDATE hall_appointments SET state = 4, changed_at = ?"
		                " WHERE id = ? AND state = 1");
		if (!st) {
			e = OS_ERR_IO;
			break;
		}
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, rows[i].id);
		if ((e = sq_exec(c, st)))
			break;
		hall_delta d;
		memset(&d, 0, sizeof d);
		d.day = (os_date)rows[i].day;
		d.site_id = a->site_id;
		d.queue_id = rows[i].queue;
		d.hour = queue_hour(rows[i].start);
		d.appt_noshow = 1;
		e = count_add(c, &d);
		a->marked++;
	}
	free(rows);
	return e;
}

os_err store_hall_appointments_sweep(store *st, int64_t site_id, int64_t now, long minutes,
                                     int64_t *marked)
{
	slot_args a = {.site_id = site_id, .now = now, .mins = minutes};
	os_err e = sq_write(st, sweep_op, &a);
	if (marked)
		*marked = e ? 0 : a.marked;
	return e;
}

/* ---- figures ------------------------------------------------------------- */

typedef struct stats_args {
	int64_t site_id;
	os_date from, to;
	store_hall_stats *out;
} stats_args;

static void label_of(sq_conn *c, int dim, int64_t key, store_hall_figure *f)
{
	if (dim == 3) {
		snprintf(f->label, sizeof f->label, "%02d:00", (int)key);
		snprintf(f->label_en, sizeof f->label_en, "%02d:00", (int)key);
		return;
	}
	if (key == 0) {
		/* events not at a window (issuing) or without a clerk recorded */
		snprintf(f->label, sizeof f->label, "%s",
		         dim == 1 ? "取号（未到窗口）" : "未记录人员");
		snprintf(f->label_en, sizeof f->label_en, "%s",
		         dim == 1 ? "Issuing (no window)" : "No clerk recorded");
		return;
	}
	sqlite3_stmt *st =
	    dim == 0 ? sq_prep(c, "SELECT prefix || ' ' || name, prefix || ' ' || name_en"
	                          " FROM hall_queues WHERE id = ?")
	    : dim == 1
	        ? sq_prep(
	              c,
	              "SELECT number || ' 号窗口', 'Window ' || number FROM windows WHERE id = ?")
	        : sq_prep(c, "SELECT display_name, login FROM users WHERE id = ?");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sq_text(st, 0, f->label, sizeof f->label);
		sq_text(st, 1, f->label_en, sizeof f->label_en);
	}
	sqlite3_reset(st);
}

static os_err stats_op(sq_conn *c, void *arg)
{
	stats_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT k, sum(issued), sum(green), sum(appointment), sum(called), sum(wait_sum),"
	       " sum(est_err_sum), sum(finished), sum(service_sum), sum(noshows), sum(transfers),"
	       " sum(appt_noshow) FROM (SELECT CASE ?4 WHEN 0 THEN queue_id WHEN 1 THEN window_id"
	       " WHEN 2 THEN clerk_id WHEN 3 THEN hour ELSE -1 END AS k, * FROM hall_counters"
	       " WHERE site_id = ?1 AND day BETWEEN ?2 AND ?3) GROUP BY k ORDER BY k LIMIT 1000");
	if (!st)
		return OS_ERR_IO;
	store_hall_stats *s = a->out;
	store_hall_figure **lists[4] = {&s->by_queue, &s->by_window, &s->by_clerk, &s->by_hour};
	size_t *counts[4] = {&s->n_queue, &s->n_window, &s->n_clerk, &s->n_hour};
	for (int dim = 4; dim >= 0; dim--) {
		sqlite3_bind_int64(st, 1, a->site_id);
		sqlite3_bind_int64(st, 2, a->from);
		sqlite3_bind_int64(st, 3, a->to);
		sqlite3_bind_int(st, 4, dim);
		store_hall_figure *rows = NULL;
		size_t n = 0, cap = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				rows = os_realloc(rows, cap * sizeof *rows);
			}
			store_hall_figure *f = &rows[n++];
			memset(f, 0, sizeof *f);
			f->key = sqlite3_column_int64(st, 0);
			int64_t *v[] = {&f->issued,    &f->green,       &f->appointment,
			                &f->called,    &f->wait_sum,    &f->est_err_sum,
			                &f->finished,  &f->service_sum, &f->noshows,
			                &f->transfers, &f->appt_noshow};
			for (int i = 0; i < 11; i++)
				*v[i] = sqlite3_column_int64(st, 1 + i);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(rows);
			return sq_err(rc);
		}
		if (dim == 4) {
			if (n)
				s->total = rows[0];
			s->total.key = -1;
			free(rows);
			continue;
		}
		*lists[dim] = rows;
		*counts[dim] = n;
	}
	for (int dim = 0; dim < 4; dim++)
		for (size_t i = 0; i < *counts[dim]; i++)
			label_of(c, dim, (*lists[dim])[i].key, &(*lists[dim])[i]);
	return OS_OK;
}

os_err store_hall_stats_get(store *st, int64_t site_id, os_date from, os_date to,
                            store_hall_stats *out)
{
	memset(out, 0, sizeof *out);
	stats_args a = {site_id, from, to, out};
	os_err e = sq_read(st, stats_op, &a);
	if (e)
		store_hall_stats_free(out);
	return e;
}

void store_hall_stats_free(store_hall_stats *s)
{
	free(s->by_queue);
	free(s->by_window);
	free(s->by_clerk);
	free(s->by_hour);
	memset(s, 0, sizeof *s);
}

/* ---- the demo hall -------------------------------------------------------- */

#include "core/demo_hall.h"

#define DEMO_SLOT_DAYS 5

typedef struct demo_args {
	const demo_hall *h;
	os_date day; /* of the served tickets */
	os_date slot_days[DEMO_SLOT_DAYS];
	int n_days;
} demo_args;

static int64_t user_id_by_login(sq_conn *c, const char *login)
{
	sqlite3_stmt *st = sq_prep(c, "SELECT id FROM users WHERE login = ?");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static os_err demo_ticket(sq_conn *c, const demo_hall_ticket *t, int64_t queue_id,
                          const char *prefix, int64_t site_id, os_date day, int64_t seq,
                          int64_t clerk_id)
{
	char number[QUEUE_NUMBER_MAX];
	os_err e = queue_number(prefix[0], seq, number, sizeof number);
	if (e)
		return e;
	queue_category cat = queue_category_of(t->green, t->appointment);
	sqlite3_stmt *st = sq_prep(
	    c,
	    "INSERT INTO hall_tickets(token, site_id, issue_queue_id, queue_id, day, seq, number,"
	    " source, green, category, state, issued_at, order_at, called_at, started_at,"
	    " finished_at, noshow_at, window_id, clerk_id, calls, estimate_s)"
	    " VALUES (lower(hex(randomblob(16))), ?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?10, ?11, nullif(?12, 0), nullif(?13, 0), nullif(?14, 0), ?15, ?16, 1, ?17)");
	if (!st)
		return OS_ERR_IO;
	int64_t wait = t->called_at - t->issued_at;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, queue_id);
	sqlite3_bind_int64(st, 3, day);
	sqlite3_bind_int64(st, 4, seq);
	sqlite3_bind_text(st, 5, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6,
	                 t->appointment ? SRC_APPOINTMENT
	                 : t->green     ? SRC_GUIDE
	                                : SRC_KIOSK);
	sqlite3_bind_int(st, 7, (int)t->green);
	sqlite3_bind_int(st, 8, (int)cat);
	sqlite3_bind_int(st, 9, t->noshow ? TS_NO_SHOW : TS_FINISHED);
	sqlite3_bind_int64(st, 10, t->issued_at);
	sqlite3_bind_int64(st, 11, t->called_at);
	sqlite3_bind_int64(st, 12, t->started_at);
	sqlite3_bind_int64(st, 13, t->finished_at);
	sqlite3_bind_int64(st, 14, t->noshow ? t->called_at + 90 : 0);
	sqlite3_bind_int64(st, 15, t->window_id);
	sq_bind_opt(st, 16, clerk_id);
	/* the estimate it was given: within a few minutes of the real wait */
	sqlite3_bind_int64(st, 17,
	                   (wait / 60 + (seq % 5) - 2 > 0 ? wait / 60 + (seq % 5) - 2 : 0) * 60);
	if ((e = sq_exec(c, st)))
		return e;
	store_hall_ticket x;
	if ((e = ticket_get_c(c, sqlite3_last_insert_rowid(c->db), &x)))
		return e;
	store_hall_change ch;
	memset(&ch, 0, sizeof ch);
	if ((e = insert_call(c, &x, t->window_id, t->window_number, t->called_at, &ch)))
		return e;
	hall_delta d;
	delta_for(&d, &x, 0, 0, t->issued_at);
	d.issued = 1;
	d.green = t->green != QG_NONE;
	d.appointment = t->appointment;
	if ((e = count_add(c, &d)))
		return e;
	delta_for(&d, &x, t->window_id, clerk_id, t->called_at);
	d.called = 1;
	d.wait_sum = wait;
	d.est_err_sum = wait > x.estimate_s ? wait - x.estimate_s : x.estimate_s - wait;
	d.noshows = t->noshow;
	if ((e = count_add(c, &d)))
		return e;
	if (t->noshow)
		return OS_OK;
	delta_for(&d, &x, t->window_id, clerk_id, t->finished_at);
	d.finished = 1;
	d.service_sum = t->finished_at - t->started_at;
	if ((e = count_add(c, &d)))
		return e;
	st = sq_prep(c, "INSERT INTO hall_days(queue_id, day, fin, svc_sum) VALUES (?,?,1,?)"
	                " ON CONFLICT(queue_id, day) DO UPDATE SET fin = fin + 1,"
	                " svc_sum = svc_sum + excluded.svc_sum");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, queue_id);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int64(st, 3, d.service_sum);
	return sq_exec(c, st);
}

static os_err demo_hall_op(sq_conn *c, void *arg)
{
	demo_args *a = arg;
	const demo_hall *h = a->h;
	sqlite3_stmt *st = sq_prep(c, "SELECT count(*) FROM hall_queues");
	if (!st)
		return OS_ERR_IO;
	int64_t have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (have != 0)
		return have < 0 ? OS_ERR_IO : OS_ERR_CONFLICT;
	int64_t *ids = os_calloc(h->n_queues, sizeof *ids);
	int64_t *seqs = os_calloc(h->n_queues, sizeof *seqs);
	os_err e = OS_OK;
	for (size_t i = 0; i < h->n_queues && !e; i++) {
		queue_args qa = {0};
		store_hall_queue q;
		memset(&q, 0, sizeof q);
		q.site_id = h->queues[i].site_id;
		snprintf(q.prefix, sizeof q.prefix, "%s", h->queues[i].prefix);
		snprintf(q.name, sizeof q.name, "%s", h->queues[i].name);
		snprintf(q.name_en, sizeof q.name_en, "%s", h->queues[i].name_en);
		snprintf(q.departments, sizeof q.departments, "%s", h->queues[i].departments);
		q.active = true;
		qa.in = &q;
		e = queue_create_op(c, &qa);
		ids[i] = qa.id;
	}
	for (size_t i = 0; i < h->n_assigns && !e; i++) {
		st = sq_prep(c, "INSERT INTO hall_window_queues(window_id, queue_id, rank)"
		                " VALUES (?,?,?)");
		if (!st) {
			e = OS_ERR_IO;
			break;
		}
		sqlite3_bind_int64(st, 1, h->assigns[i].window_id);
		sqlite3_bind_int64(st, 2, ids[h->assigns[i].queue]);
		sqlite3_bind_int(st, 3, h->assigns[i].rank);
		e = sq_exec(c, st);
	}
	int64_t clerks[3] = {0, user_id_by_login(c, "clerk"), user_id_by_login(c, "clerk.sj")};
	for (size_t i = 0; i < h->n_tickets && !e; i++) {
		const demo_hall_ticket *t = &h->tickets[i];
		size_t q = t->queue;
		e = demo_ticket(c, t, ids[q], h->queues[q].prefix, h->queues[q].site_id, a->day,
		                ++seqs[q], clerks[t->clerk]);
	}
	/* Sequences of the served day, so that numbers of that day stay unique. */
	for (size_t q = 0; q < h->n_queues && !e; q++) {
		if (!seqs[q])
			continue;
		st = sq_prep(c, "UPDATE hall_days SET seq = ? WHERE queue_id = ? AND day = ?");
		if (!st) {
			e = OS_ERR_IO;
			break;
		}
		sqlite3_bind_int64(st, 1, seqs[q]);
		sqlite3_bind_int64(st, 2, ids[q]);
		sqlite3_bind_int64(st, 3, a->day);
		e = sq_exec(c, st);
	}
	/* Appointment slots: the district's queues A-F and the first township's
	 * queue, 09:00-11:30 and 14:30-17:00 in half hours, on the next working
	 * days. */
	for (int k = 0; k < a->n_days && !e; k++) {
		int64_t midnight = (int64_t)a->slot_days[k] * 86400 - OS_SHANGHAI_UTC_OFFSET;
		for (size_t q = 0; q < h->n_queues && !e; q++) {
			bool district = h->queues[q].site_id == 1 && h->queues[q].prefix[0] <= 'F';
			bool town = h->queues[q].site_id == 2;
			if (!district && !town)
				continue;
			slot_args sa = {.site_id = h->queues[q].site_id,
			                .queue_id = ids[q],
			                .start_at = midnight + 9 * 3600,
			                .minutes = 30,
			                .count = 6,
			                .capacity = district ? 4 : 2};
			e = slots_create_op(c, &sa);
			if (!e) {
				sa.start_at = midnight + 14 * 3600 + 1800;
				sa.created = 0;
				e = slots_create_op(c, &sa);
			}
		}
	}
	free(ids);
	free(seqs);
	return e;
}

os_err store_hall_demo_load(store *st, int64_t now)
{
	demo_district *d = demo_generate();
	os_date today = queue_day(now);
	demo_args a = {.day = today - 1};
	/* Slots on the next working days: from the stored calendar, or Monday
	 * to Friday when it cannot tell. */
	os_calendar *cal = NULL;
	char msg[256];
	if (store_calendar_load(st, 1, &cal, NULL, msg, sizeof msg))
		cal = NULL;
	for (os_date x = today + 1; a.n_days < DEMO_SLOT_DAYS && x < today + 30; x++) {
		bool work = os_date_weekday(x) <= 5;
		if (cal && os_calendar_is_workday(cal, x, &work, NULL))
			work = os_date_weekday(x) <= 5;
		if (work)
			a.slot_days[a.n_days++] = x;
	}
	os_calendar_free(cal);
	demo_hall *h = demo_hall_generate(d, a.day);
	a.h = h;
	os_err e = sq_write(st, demo_hall_op, &a);
	demo_hall_free(h);
	demo_free(d);
	return e;
}
