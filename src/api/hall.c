/* hall.c - the service hall (DOMAIN.md §5): queues and windows, tickets from
 * the kiosk, the guide desk, appointment check-in and the phone, the window
 * console (call next, recall, no-show and return, transfer, hold and resume,
 * start, finish), the display board with spoken calls, appointments and the
 * figures.
 *
 * The board. Its state (active queues with today's waiting counts, the last
 * calls) is kept in memory per site, loaded from the database on first use
 * (and again when the day changes), and updated after every committed write
 * from the absolute counts that write returned (store_hall_change): a count
 * is applied only when its version is newer, a call only once, so a load and
 * a concurrent update never disagree. The rendered JSON is kept, so a board
 * read is a copy under a read lock. Every call and every change of waiting
 * counts is published on the event topic "hall:<site id>" (events "call" and
 * "counts").
 *
 * Who may act. Clerks act at their own window (users.window_id) only;
 * managers at any window of their site (access_site); guides issue tickets
 * with a green-channel class and let no-shows come back. A ticket's public
 * page is reached by its unguessable token, never by its sequential id. */
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/queue.h"
#include "core/roles.h"
#include "http/access.h"
#include "http/app.h"
#include "http/sse.h"

/* ---- small helpers ------------------------------------------------------- */

static void new_token(char out[32])
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, 32, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static json_t *list_json(const char *csv, bool ints)
{
	json_t *a = json_array();
	const char *p = csv;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char one[72];
		if (n > 0 && n < sizeof one) {
			memcpy(one, p, n);
			one[n] = '\0';
			json_array_append_new(a, ints ? json_integer(strtoll(one, NULL, 10))
			                              : json_string(one));
		}
		p = comma ? comma + 1 : NULL;
	}
	return a;
}

static bool body_has(http_req *r, const char *name)
{
	return r->body && json_object_get(r->body, name) != NULL;
}

static bool policy_of(http_req *r, http_resp *w, queue_policy *p)
{
	const os_config *c = r->app->cfg;
	if (queue_policy_parse(c->queue_policy, c->queue_interleave, p)) {
		resp_problem(w, 503, "misconfigured", "Service misconfigured",
		             "setting queue_policy must be strict or interleave", NULL);
		return false;
	}
	return true;
}

/* A resident ID number: valid (normalised into out) or a 422 naming field. */
static bool id_number_of(http_req *r, http_resp *w, const char *field, char out[OS_ID_LEN + 1],
                         os_id_info *info)
{
	const char *s = api_body_str(r, field);
	const char *why = NULL;
	os_err e = os_id_check(s, strlen(s), queue_day(r->now), info, &why);
	if (e) {
		resp_problem(w, 422, "invalid", "Invalid ID number", why, field);
		return false;
	}
	memcpy(out, info->id, OS_ID_LEN + 1);
	return true;
}

static void masked(const char *id, char *out, size_t cap)
{
	if (!id[0] || os_mask_id(id, out, cap))
		out[0] = '\0';
}

/* ---- JSON views ---------------------------------------------------------- */

static json_t *queue_json(const store_hall_queue *q)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)q->id,
	                 "site_id", (json_int_t)q->site_id, "prefix", q->prefix, "name", q->name,
	                 "name_en", q->name_en, "departments", list_json(q->departments, true),
	                 "items", list_json(q->items, false), "active", q->active);
}

/* The staff view of a ticket (the ID number masked). */
static json_t *ticket_json(const store_hall_ticket *t)
{
	char m[24];
	masked(t->id_number, m, sizeof m);
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:b, s:I, s:o, s:o, s:o, s:o, s:o,"
	    " s:o, s:o, s:i, s:i, s:I, s:o, s:o, s:o}",
	    "id", (json_int_t)t->id, "number", t->number, "state", ticket_state_key(t->state),
	    "queue", "id", (json_int_t)t->queue_id, "prefix", t->queue_prefix, "name",
	    t->queue_name, "name_en", t->queue_name_en, "source", ticket_source_key(t->source),
	    "green", queue_green_key(t->green), "appointment",
	    t->category == QC_APPOINTMENT || t->appointment_id != 0, "issued_at",
	    (json_int_t)t->issued_at, "called_at", api_time_or_null(t->called_at), "started_at",
	    api_time_or_null(t->started_at), "finished_at", api_time_or_null(t->finished_at),
	    "noshow_at", api_time_or_null(t->noshow_at), "window",
	    t->window_number ? json_integer(t->window_number) : json_null(), "target_window",
	    t->target_window_number ? json_integer(t->target_window_number) : json_null(),
	    "id_number", api_str_or_null(m), "calls", t->calls, "transfers", t->transfers,
	    "estimate_s", (json_int_t)t->estimate_s, "items", list_json(t->items, false),
	    "case_ids", list_json(t->case_ids, true), "site_id", json_integer(t->site_id));
	return j;
}

/* The public view of a ticket: no personal data. */
static json_t *public_ticket_json(const store_hall_ticket *t, const store_hall_position *pos)
{
	json_t *j = json_pack(
	    "{s:s, s:s, s:I, s:{s:I, s:s, s:s, s:s}, s:s, s:b, s:I, s:I, s:o, s:o}", "number",
	    t->number, "state", ticket_state_key(t->state), "site_id", (json_int_t)t->site_id,
	    "queue", "id", (json_int_t)t->queue_id, "prefix", t->queue_prefix, "name",
	    t->queue_name, "name_en", t->queue_name_en, "source", ticket_source_key(t->source),
	    "priority", t->category != QC_WALKIN, "issued_at", (json_int_t)t->issued_at,
	    "estimate_at_issue_s", (json_int_t)t->estimate_s, "called_at",
	    api_time_or_null(t->called_at), "window",
	    t->window_number && t->state != TS_WAITING ? json_integer(t->window_number)
	                                               : json_null());
	if (pos && t->state == TS_WAITING) {
		json_object_set_new(j, "ahead", json_integer(pos->ahead));
		json_object_set_new(
		    j, "estimate_s",
		    json_integer(queue_estimate(pos->ahead, pos->avg_service, pos->windows)));
	} else {
		json_object_set_new(j, "ahead", json_null());
		json_object_set_new(j, "estimate_s", json_null());
	}
	return j;
}

/* ---- the board in memory ------------------------------------------------- */

typedef struct board_site {
	int64_t site_id;
	store_hall_board b;
	char *json;
	size_t len;
	struct board_site *next;
} board_site;

static pthread_rwlock_t board_lock = PTHREAD_RWLOCK_INITIALIZER;
static board_site *boards;

static void board_render(board_site *s)
{
	json_t *qs = json_array(), *calls = json_array();
	for (size_t i = 0; i < s->b.n_queues; i++) {
		const store_hall_board_queue *q = &s->b.queues[i];
		json_array_append_new(qs, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id",
		                                    (json_int_t)q->id, "prefix", q->prefix, "name",
		                                    q->name, "name_en", q->name_en, "waiting",
		                                    (json_int_t)q->waiting, "version",
		                                    (json_int_t)q->version));
	}
	for (size_t i = 0; i < s->b.n_calls; i++) {
		const store_hall_call *k = &s->b.calls[i];
		json_array_append_new(calls,
		                      json_pack("{s:I, s:s, s:i, s:I}", "id", (json_int_t)k->id,
		                                "number", k->number, "window", k->window_number,
		                                "at", (json_int_t)k->at));
	}
	char day[OS_DATE_STRLEN];
	os_date_format(s->b.day, day);
	json_t *doc = json_pack("{s:I, s:s, s:o, s:o}", "site_id", (json_int_t)s->site_id, "day",
	                        day, "queues", qs, "calls", calls);
	free(s->json);
	s->json = json_dumps(doc, JSON_COMPACT);
	s->len = s->json ? strlen(s->json) : 0;
	json_decref(doc);
}

static board_site *board_find(int64_t site_id)
{
	for (board_site *s = boards; s; s = s->next)
		if (s->site_id == site_id)
			return s;
	return NULL;
}

/* Copy the board of a site into the response; loads it when needed. */
static os_err board_read(app *a, int64_t site_id, int64_t now, buf *out)
{
	os_date day = queue_day(now);
	pthread_rwlock_rdlock(&board_lock);
	board_site *s = board_find(site_id);
	if (s && s->b.day == day && s->json) {
		buf_reset(out);
		os_err e = buf_add(out, s->json, s->len);
		pthread_rwlock_unlock(&board_lock);
		return e;
	}
	pthread_rwlock_unlock(&board_lock);
	pthread_rwlock_wrlock(&board_lock);
	s = board_find(site_id);
	os_err e = OS_OK;
	if (!s || s->b.day != day || !s->json) {
		store_hall_board b;
		e = store_hall_board_load(a->st, site_id, day, &b);
		if (!e) {
			if (!s) {
				s = os_calloc(1, sizeof *s);
				s->site_id = site_id;
				s->next = boards;
				boards = s;
			}
			s->b = b;
			board_render(s);
		}
	}
	if (!e) {
		buf_reset(out);
		e = buf_add(out, s->json, s->len);
	}
	pthread_rwlock_unlock(&board_lock);
	return e;
}

/* A committed change: the board (when loaded for that day) and the events. */
static void hall_after(http_req *r, const store_hall_change *ch)
{
	if (!ch->site_id)
		return;
	pthread_rwlock_wrlock(&board_lock);
	board_site *s = board_find(ch->site_id);
	if (s && s->b.day == ch->day) {
		bool changed = false;
		for (int i = 0; i < ch->nq; i++)
			for (size_t k = 0; k < s->b.n_queues; k++) {
				store_hall_board_queue *q = &s->b.queues[k];
				if (q->id == ch->q[i].queue_id && ch->q[i].version > q->version) {
					q->waiting = ch->q[i].waiting;
					q->version = ch->q[i].version;
					changed = true;
				}
			}
		if (ch->has_call) {
			bool seen = false;
			for (size_t k = 0; k < s->b.n_calls; k++)
				seen |= s->b.calls[k].id == ch->call.id;
			if (!seen) {
				/* keep newest first by id, at most HALL_BOARD_CALLS */
				size_t at = 0;
				while (at < s->b.n_calls && s->b.calls[at].id > ch->call.id)
					at++;
				if (at < HALL_BOARD_CALLS) {
					size_t n = s->b.n_calls < HALL_BOARD_CALLS
					               ? s->b.n_calls
					               : HALL_BOARD_CALLS - 1;
					memmove(&s->b.calls[at + 1], &s->b.calls[at],
					        (n - at) * sizeof s->b.calls[0]);
					s->b.calls[at] = ch->call;
					s->b.n_calls = n + 1;
					changed = true;
				}
			}
		}
		if (changed)
			board_render(s);
	}
	pthread_rwlock_unlock(&board_lock);

	char topic[SSE_TOPIC_MAX];
	snprintf(topic, sizeof topic, "hall:%lld", (long long)ch->site_id);
	if (ch->nq > 0) {
		json_t *qs = json_array();
		for (int i = 0; i < ch->nq; i++)
			json_array_append_new(
			    qs, json_pack("{s:I, s:I, s:I}", "id", (json_int_t)ch->q[i].queue_id,
			                  "waiting", (json_int_t)ch->q[i].waiting, "version",
			                  (json_int_t)ch->q[i].version));
		json_t *doc =
		    json_pack("{s:I, s:o}", "site_id", (json_int_t)ch->site_id, "queues", qs);
		char *text = json_dumps(doc, JSON_COMPACT);
		if (text)
			sse_publish(r->app->hub, topic, "counts", text);
		free(text);
		json_decref(doc);
	}
	if (ch->has_call) {
		json_t *doc =
		    json_pack("{s:I, s:I, s:s, s:i, s:I}", "id", (json_int_t)ch->call.id, "site_id",
		              (json_int_t)ch->site_id, "number", ch->call.number, "window",
		              ch->call.window_number, "at", (json_int_t)ch->call.at);
		char *text = json_dumps(doc, JSON_COMPACT);
		if (text)
			sse_publish(r->app->hub, topic, "call", text);
		free(text);
		json_decref(doc);
	}
}

void api_hall_board(http_req *r, http_resp *w)
{
	os_err e = board_read(r->app, req_param_id(r, "id"), r->now, &w->body);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such site" : "cannot read the board");
		return;
	}
	w->status = 200;
	w->content_type = "application/json";
	resp_header(w, "Cache-Control", "no-store");
}

/* ---- queues and windows (administration) --------------------------------- */

void api_hall_queues_list(http_req *r, http_resp *w)
{
	store_hall_queue *q = NULL;
	size_t n = 0;
	os_err e = store_hall_queues_list(r->app->st, req_param_id(r, "id"), &q, &n);
	if (e) {
		resp_error(w, e, "cannot list the queues");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, queue_json(&q[i]));
	free(q);
	resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* Validate the coverage fields into q; false after answering 422. */
static bool coverage_of(http_req *r, http_resp *w, store_hall_queue *q)
{
	const char *deps = api_body_str(r, "departments");
	if (deps) {
		int64_t ids[32];
		size_t n;
		if (queue_parse_ids(deps, ids, 32, &n)) {
			resp_problem(w, 422, "invalid", "Invalid departments",
			             "a comma-separated list of distinct department ids",
			             "departments");
			return false;
		}
		size_t o = 0;
		q->departments[0] = '\0';
		for (size_t i = 0; i < n; i++) {
			int k = snprintf(q->departments + o, sizeof q->departments - o, "%s%lld",
			                 i ? "," : "", (long long)ids[i]);
			if (k > 0)
				o += (size_t)k;
		}
	}
	const char *items = api_body_str(r, "items");
	if (items && queue_normalise_codes(items, 100, q->items, sizeof q->items)) {
		resp_problem(w, 422, "invalid", "Invalid items",
		             "a comma-separated list of at most 100 item codes ([A-Za-z0-9._-])",
		             "items");
		return false;
	}
	return true;
}

static void queue_write_error(http_resp *w, os_err e, const char *field)
{
	if (e == OS_ERR_CONFLICT)
		resp_problem(w, 409, "conflict", "Prefix taken",
		             "another queue of this site has that letter", "prefix");
	else if (e == OS_ERR_INVALID)
		resp_problem(w, 422, "invalid", "Invalid departments", "no such department",
		             field ? field : "departments");
	else
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such site or queue" : "cannot save");
}

void api_hall_queue_create(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	if (!access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	store_hall_queue q;
	memset(&q, 0, sizeof q);
	q.site_id = site;
	const char *prefix = api_body_str(r, "prefix");
	if (strlen(prefix) != 1 || prefix[0] < 'A' || prefix[0] > 'Z') {
		resp_problem(w, 422, "invalid", "Invalid prefix", "one capital letter A-Z",
		             "prefix");
		return;
	}
	q.prefix[0] = prefix[0];
	snprintf(q.name, sizeof q.name, "%s", api_body_str(r, "name"));
	const char *en = api_body_str(r, "name_en");
	snprintf(q.name_en, sizeof q.name_en, "%s", en ? en : "");
	q.active = true;
	if (!coverage_of(r, w, &q))
		return;
	int64_t id = 0;
	const char *field = NULL;
	os_err e = store_hall_queue_create(r->app->st, &q, &id, &field);
	if (e) {
		queue_write_error(w, e, field);
		return;
	}
	q.id = id;
	resp_json(w, 201, queue_json(&q));
}

void api_hall_queue_update(http_req *r, http_resp *w)
{
	store_hall_queue q;
	os_err e = store_hall_queue_get(r->app->st, req_param_id(r, "id"), &q);
	if (!api_loaded(r, w, e, "cannot read the queue"))
		return;
	if (!access_site(r, q.site_id)) {
		access_deny(r, w);
		return;
	}
	const char *name = api_body_str(r, "name"), *en = api_body_str(r, "name_en");
	if (name)
		snprintf(q.name, sizeof q.name, "%s", name);
	if (en)
		snprintf(q.name_en, sizeof q.name_en, "%s", en);
	if (body_has(r, "active"))
		q.active = json_is_true(json_object_get(r->body, "active"));
	if (!coverage_of(r, w, &q))
		return;
	const char *field = NULL;
	if ((e = store_hall_queue_update(r->app->st, &q, &field))) {
		queue_write_error(w, e, field);
		return;
	}
	resp_json(w, 200, queue_json(&q));
}

/* The window the caller may act at: clerks their own, managers and
 * administrators any of their site. Answers 404 when not. */
static bool window_of(http_req *r, http_resp *w, int64_t id, store_hall_window *out)
{
	os_err e = store_hall_window_get(r->app->st, id, out);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read the window");
		return false;
	}
	bool ok = !e && ((r->role & ROLE_CLERK) ? r->user && r->user->window_id == out->id
	                                        : access_site(r, out->site_id));
	if (!ok) {
		access_deny(r, w);
		return false;
	}
	return true;
}

void api_hall_window_queues(http_req *r, http_resp *w)
{
	store_hall_window win;
	if (!window_of(r, w, req_param_id(r, "id"), &win))
		return;
	int64_t ids[QUEUE_MAX_PER_WINDOW];
	size_t n = 0;
	if (queue_parse_ids(api_body_str(r, "queues"), ids, QUEUE_MAX_PER_WINDOW, &n)) {
		resp_problem(w, 422, "invalid", "Invalid queues",
		             "a comma-separated list of distinct queue ids, first served first",
		             "queues");
		return;
	}
	os_err e = store_hall_window_set_queues(r->app->st, win.id, ids, n);
	if (e == OS_ERR_INVALID) {
		resp_problem(w, 422, "invalid", "Invalid queues",
		             "every queue must be a queue of the window's site", "queues");
		return;
	}
	if (e || (e = store_hall_window_get(r->app->st, win.id, &win))) {
		resp_error(w, e, "cannot save the window's queues");
		return;
	}
	json_t *qs = json_array();
	for (int i = 0; i < win.n_queues; i++)
		json_array_append_new(qs, json_integer(win.queues[i]));
	resp_json(w, 200,
	          json_pack("{s:I, s:i, s:o}", "id", (json_int_t)win.id, "number", win.number,
	                    "queues", qs));
}

void api_hall_window_pause(http_req *r, http_resp *w)
{
	store_hall_window win;
	if (!window_of(r, w, req_param_id(r, "id"), &win))
		return;
	bool paused = json_is_true(json_object_get(r->body, "paused"));
	os_err e = store_hall_window_pause(r->app->st, win.id, paused);
	if (e) {
		resp_error(w, e, "cannot pause the window");
		return;
	}
	resp_json(w, 200,
	          json_pack("{s:I, s:i, s:b}", "id", (json_int_t)win.id, "number", win.number,
	                    "paused", paused));
}

/* ---- the window console -------------------------------------------------- */

void api_hall_window_get(http_req *r, http_resp *w)
{
	store_hall_window win;
	if (!window_of(r, w, req_param_id(r, "id"), &win))
		return;
	store_hall_ticket *t = NULL;
	size_t n = 0;
	os_err e = store_hall_window_tickets(r->app->st, win.id, &t, &n);
	store_hall_queue *qs = NULL;
	size_t nq = 0;
	if (!e)
		e = store_hall_queues_list(r->app->st, win.site_id, &qs, &nq);
	if (e) {
		free(t);
		resp_error(w, e, "cannot read the window");
		return;
	}
	/* Waiting counts come from the board (the same numbers as the hall's). */
	buf b;
	buf_init(&b, 1u << 20);
	json_t *board = NULL;
	if (!board_read(r->app, win.site_id, r->now, &b))
		board = json_loadb(b.data, b.len, 0, NULL);
	buf_free(&b);
	json_t *queues = json_array();
	for (int i = 0; i < win.n_queues; i++) {
		for (size_t k = 0; k < nq; k++) {
			if (qs[k].id != win.queues[i])
				continue;
			json_int_t waiting = 0;
			size_t bi;
			json_t *bq;
			json_array_foreach(json_object_get(board, "queues"), bi, bq)
			{
				if (json_integer_value(json_object_get(bq, "id")) == qs[k].id)
					waiting =
					    json_integer_value(json_object_get(bq, "waiting"));
			}
			json_array_append_new(queues,
			                      json_pack("{s:I, s:s, s:s, s:s, s:I}", "id",
			                                (json_int_t)qs[k].id, "prefix",
			                                qs[k].prefix, "name", qs[k].name, "name_en",
			                                qs[k].name_en, "waiting", waiting));
		}
	}
	json_decref(board);
	json_t *current = json_null(), *held = json_array();
	for (size_t i = 0; i < n; i++) {
		if (t[i].state == TS_HELD)
			json_array_append_new(held, ticket_json(&t[i]));
		else if (json_is_null(current))
			current = ticket_json(&t[i]);
	}
	json_t *others = json_array();
	for (size_t k = 0; k < nq; k++)
		if (qs[k].active)
			json_array_append_new(others, json_pack("{s:I, s:s, s:s, s:s}", "id",
			                                        (json_int_t)qs[k].id, "prefix",
			                                        qs[k].prefix, "name", qs[k].name,
			                                        "name_en", qs[k].name_en));
	free(t);
	free(qs);
	resp_json(w, 200,
	          json_pack("{s:I, s:I, s:i, s:s, s:b, s:o, s:o, s:o, s:o}", "id",
	                    (json_int_t)win.id, "site_id", (json_int_t)win.site_id, "number",
	                    win.number, "kind", window_kind_key(win.kind), "paused", win.paused,
	                    "queues", queues, "current", current, "held", held, "site_queues",
	                    others));
}

void api_hall_call_next(http_req *r, http_resp *w)
{
	store_hall_window win;
	if (!window_of(r, w, req_param_id(r, "id"), &win))
		return;
	queue_policy p;
	if (!policy_of(r, w, &p))
		return;
	store_hall_ticket t;
	store_hall_change ch;
	const char *why = NULL;
	os_err e = store_hall_call_next(r->app->st, win.id, r->user ? r->user->id : 0, r->now, &p,
	                                &t, &ch, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Cannot call", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot call the next ticket");
		return;
	}
	hall_after(r, &ch);
	if (!t.id) {
		resp_json(w, 200, json_pack("{s:n, s:I}", "ticket", "call_id", (json_int_t)0));
		return;
	}
	resp_json(
	    w, 200,
	    json_pack("{s:o, s:I}", "ticket", ticket_json(&t), "call_id", (json_int_t)ch.call.id));
}

/* The ticket an action applies to, checked against the caller. */
static bool ticket_for_action(http_req *r, http_resp *w, ticket_action a, store_hall_ticket *t)
{
	os_err e = store_hall_ticket_get(r->app->st, req_param_id(r, "id"), t);
	if (e && e != OS_ERR_NOT_FOUND) {
		resp_error(w, e, "cannot read the ticket");
		return false;
	}
	bool ok = !e;
	if (ok && (r->role & ROLE_CLERK))
		ok = r->user && r->user->window_id && r->user->window_id == t->window_id;
	else if (ok)
		ok = access_site(r, t->site_id) &&
		     (a == TA_RETURN || (r->role & (ROLE_MANAGER | ROLE_SYSADMIN)));
	if (!ok) {
		access_deny(r, w);
		return false;
	}
	return true;
}

static void act_on_ticket(http_req *r, http_resp *w, ticket_action action)
{
	store_hall_ticket t;
	if (!ticket_for_action(r, w, action, &t))
		return;
	const os_config *cfg = r->app->cfg;
	store_hall_act a = {.action = action,
	                    .ticket_id = t.id,
	                    .window_id = (r->role & ROLE_CLERK) ? r->user->window_id : 0,
	                    .clerk_id = r->user ? r->user->id : 0,
	                    .now = r->now,
	                    .noshow_return_minutes = cfg->noshow_return_minutes};
	char items[HALL_ITEMS_MAX] = "", cases[HALL_CASES_MAX] = "";
	if (action == TA_FINISH) {
		const char *s = api_body_str(r, "items");
		if (s && queue_normalise_codes(s, 100, items, sizeof items)) {
			resp_problem(w, 422, "invalid", "Invalid items",
			             "a comma-separated list of item codes ([A-Za-z0-9._-])",
			             "items");
			return;
		}
		s = api_body_str(r, "case_ids");
		int64_t ids[40];
		size_t n = 0;
		if (s && queue_parse_ids(s, ids, 40, &n)) {
			resp_problem(w, 422, "invalid", "Invalid case ids",
			             "a comma-separated list of at most 40 distinct case ids",
			             "case_ids");
			return;
		}
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			int k = snprintf(cases + o, sizeof cases - o, "%s%lld", i ? "," : "",
			                 (long long)ids[i]);
			if (k > 0)
				o += (size_t)k;
		}
		a.items = items;
		a.case_ids = cases;
	}
	if (action == TA_TRANSFER) {
		a.to_queue_id = api_body_int(r, "queue_id", 0);
		a.to_window_id = api_body_int(r, "window_id", 0);
		if (!a.to_queue_id == !a.to_window_id) {
			resp_problem(w, 422, "invalid", "Invalid transfer",
			             "give either queue_id or window_id", "queue_id");
			return;
		}
	}
	store_hall_ticket out;
	store_hall_change ch;
	const char *why = NULL;
	os_err e = store_hall_ticket_act(r->app->st, &a, &out, &ch, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not possible now", why, NULL);
		return;
	}
	if (e == OS_ERR_INVALID) {
		resp_problem(w, 422, "invalid", "Invalid transfer", why,
		             a.to_window_id ? "window_id" : "queue_id");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot change the ticket");
		return;
	}
	hall_after(r, &ch);
	json_t *j = json_pack("{s:o}", "ticket", ticket_json(&out));
	if (ch.has_call)
		json_object_set_new(j, "call_id", json_integer(ch.call.id));
	resp_json(w, 200, j);
}

void api_hall_ticket_recall(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_RECALL);
}
void api_hall_ticket_noshow(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_NO_SHOW);
}
void api_hall_ticket_return(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_RETURN);
}
void api_hall_ticket_start(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_START);
}
void api_hall_ticket_hold(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_HOLD);
}
void api_hall_ticket_resume(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_RESUME);
}
void api_hall_ticket_finish(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_FINISH);
}
void api_hall_ticket_transfer(http_req *r, http_resp *w)
{
	act_on_ticket(r, w, TA_TRANSFER);
}

/* ---- issuing --------------------------------------------------------------- */

static void issued(http_req *r, http_resp *w, const store_hall_ticket *t,
                   const store_hall_change *ch)
{
	hall_after(r, ch);
	/* the position and estimate computed by the issuing operation itself */
	json_t *j = public_ticket_json(t, NULL);
	json_object_set_new(j, "ahead", json_integer(t->ahead_at_issue));
	json_object_set_new(j, "estimate_s", json_integer(t->estimate_s));
	char url[96];
	json_object_set_new(j, "token", json_string(t->token));
	snprintf(url, sizeof url, "/ticket?t=%s", t->token);
	json_object_set_new(j, "url", json_string(url));
	snprintf(url, sizeof url, "/api/v1/hall/t/%s/qr", t->token);
	json_object_set_new(j, "qr", json_string(url));
	json_object_set_new(j, "green", json_string(queue_green_key(t->green)));
	resp_json(w, 201, j);
}

/* The green class asked for (body "green") and given by the ID number's age. */
static bool green_of(http_req *r, http_resp *w, bool has_id, const os_id_info *info,
                     queue_green *out)
{
	queue_green declared = QG_NONE;
	const char *g = api_body_str(r, "green");
	if (g) {
		int v = queue_green_parse(g);
		if (v < 0) {
			resp_problem(w, 422, "invalid", "Invalid green-channel class",
			             "none, elderly, disabled, ill, pregnant or veteran", "green");
			return false;
		}
		declared = (queue_green)v;
	}
	if (declared == QG_ELDERLY && !has_id) {
		resp_problem(w, 422, "invalid", "ID number needed",
		             "the elderly class is given by the age of the ID number", "id_number");
		return false;
	}
	if (declared == QG_ELDERLY) {
		queue_green by_age = queue_green_for(QG_NONE, true, info->birth, queue_day(r->now),
		                                     (int)r->app->cfg->green_age);
		if (by_age != QG_ELDERLY) {
			resp_problem(w, 422, "invalid", "Not of green-channel age",
			             "the ID number is younger than the setting green_age",
			             "green");
			return false;
		}
	}
	*out = queue_green_for(declared, has_id, has_id ? info->birth : 0, queue_day(r->now),
	                       (int)r->app->cfg->green_age);
	return true;
}

void api_hall_ticket_issue(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	if ((r->role & ROLE_GUIDE) && !access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	char idn[OS_ID_LEN + 1] = "";
	os_id_info info;
	bool has_id = api_body_str(r, "id_number") != NULL;
	if (has_id && !id_number_of(r, w, "id_number", idn, &info))
		return;
	queue_green green;
	if (!green_of(r, w, has_id, &info, &green))
		return;
	ticket_source src = SRC_KIOSK;
	const char *ch_s = api_body_str(r, "channel");
	if (ch_s) {
		int v = ticket_source_parse(ch_s);
		if (v != SRC_KIOSK && v != SRC_REMOTE &&
		    !(v == SRC_GUIDE && (r->role & ROLE_GUIDE))) {
			resp_problem(w, 422, "invalid", "Invalid channel",
			             "kiosk or remote (guide: guide)", "channel");
			return;
		}
		src = (ticket_source)v;
	} else if (r->role & ROLE_GUIDE) {
		src = SRC_GUIDE;
	}
	char token[32];
	new_token(token);
	store_hall_issue in = {.site_id = site,
	                       .queue_id = api_body_int(r, "queue_id", 0),
	                       .source = src,
	                       .green = green,
	                       .id_number = idn,
	                       .token = token,
	                       .now = r->now};
	store_hall_ticket t;
	store_hall_change ch;
	os_err e = store_hall_ticket_issue(r->app->st, &in, &t, &ch);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "No such queue", "not an open queue of this site",
		             "queue_id");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot issue a ticket");
		return;
	}
	issued(r, w, &t, &ch);
}

void api_hall_checkin(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	char idn[OS_ID_LEN + 1];
	os_id_info info;
	if (!id_number_of(r, w, "id_number", idn, &info))
		return;
	queue_green green;
	if (!green_of(r, w, true, &info, &green))
		return;
	char token[32];
	new_token(token);
	store_hall_ticket t;
	store_hall_change ch;
	const char *why = NULL;
	os_err e = store_hall_checkin(r->app->st, site, idn, green, token, r->now,
	                              r->app->cfg->appointment_checkin_minutes, &t, &ch, &why);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 404, "no-appointment", "No appointment",
		             "no booking today at this site for this ID number", "id_number");
		return;
	}
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not the time to check in", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot check in");
		return;
	}
	issued(r, w, &t, &ch);
}

/* ---- the ticket's public page -------------------------------------------- */

void api_hall_ticket_public(http_req *r, http_resp *w)
{
	store_hall_ticket t;
	store_hall_position pos;
	os_err e = store_hall_ticket_by_token(r->app->st, req_param(r, "token"), &t, &pos);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such ticket" : "cannot read the ticket");
		return;
	}
	resp_json(w, 200, public_ticket_json(&t, &pos));
}

void api_hall_ticket_cancel(http_req *r, http_resp *w)
{
	store_hall_ticket t;
	store_hall_position pos;
	os_err e = store_hall_ticket_by_token(r->app->st, req_param(r, "token"), &t, &pos);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such ticket" : "cannot read the ticket");
		return;
	}
	store_hall_act a = {.action = TA_CANCEL, .ticket_id = t.id, .now = r->now};
	store_hall_change ch;
	const char *why = NULL;
	e = store_hall_ticket_act(r->app->st, &a, &t, &ch, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Not possible now", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, "cannot cancel the ticket");
		return;
	}
	hall_after(r, &ch);
	resp_json(w, 200, public_ticket_json(&t, NULL));
}

/* The QR code of text as SVG (one path of dark squares, quiet zone 4). */
static os_err qr_svg(const char *text, buf *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return OS_ERR_INVALID;
	int n = q->width, side = n + 8;
	buf_reset(out);
	os_err e = buf_printf(out,
	                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	                      "width=\"%d\" height=\"%d\" role=\"img\"><title>QR</title>"
	                      "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>"
	                      "<path fill=\"#000000\" d=\"",
	                      side, side, side * 6, side * 6, side, side);
	for (int y = 0; y < n && !e; y++)
		for (int x = 0; x < n && !e; x++)
			if (q->data[y * n + x] & 1)
				e = buf_printf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
	if (!e)
		e = buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return e;
}

static bool host_ok(const char *h)
{
	if (!h || !h[0] || strlen(h) > 255)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' ||
		      *p == '[' || *p == ']'))
			return false;
	return true;
}

void api_hall_ticket_qr(http_req *r, http_resp *w)
{
	store_hall_ticket t;
	store_hall_position pos;
	os_err e = store_hall_ticket_by_token(r->app->st, req_param(r, "token"), &t, &pos);
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no such ticket" : "cannot read the ticket");
		return;
	}
	const char *host = req_header(r, "Host");
	char url[400];
	if (host_ok(host))
		snprintf(url, sizeof url, "%s://%s/ticket?t=%s",
		         r->app->cfg->behind_tls ? "https" : "http", host, t.token);
	else
		snprintf(url, sizeof url, "/ticket?t=%s", t.token);
	if ((e = qr_svg(url, &w->body))) {
		resp_error(w, e, "cannot draw the QR code");
		return;
	}
	w->status = 200;
	w->content_type = "image/svg+xml";
	resp_header(w, "Cache-Control", "private, max-age=86400");
}

/* ---- the spoken call ------------------------------------------------------ */

void api_hall_call_audio(http_req *r, http_resp *w)
{
	store_hall_call k;
	os_err e = store_hall_call_get(r->app->st, req_param_id(r, "id"), &k);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such call" : "cannot read the call");
		return;
	}
	char text[128];
	snprintf(text, sizeof text, "请 %s 号到 %d 号窗口办理", k.number, k.window_number);
	if ((e = tts_wav(text, &w->body))) {
		resp_problem(w, 503, "no-speech", "Speech unavailable",
		             "the speech synthesiser (espeak-ng, voice cmn) is not available",
		             NULL);
		return;
	}
	w->status = 200;
	w->content_type = "audio/wav";
	resp_header(w, "Cache-Control", "public, max-age=86400, immutable");
}

/* ---- appointments ---------------------------------------------------------- */

static json_t *slot_json(const store_hall_slot *s)
{
	char day[OS_DATE_STRLEN], start[8], end[8];
	os_date_format(s->day, day);
	int64_t ls = (s->start_at + OS_SHANGHAI_UTC_OFFSET) % 86400;
	int64_t le = (s->end_at + OS_SHANGHAI_UTC_OFFSET) % 86400;
	snprintf(start, sizeof start, "%02d:%02d", (int)(ls / 3600), (int)(ls % 3600 / 60));
	snprintf(end, sizeof end, "%02d:%02d", (int)(le / 3600), (int)(le % 3600 / 60));
	return json_pack("{s:I, s:I, s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:s, s:I, s:I, s:i, s:i,"
	                 " s:i}",
	                 "id", (json_int_t)s->id, "site_id", (json_int_t)s->site_id, "queue", "id",
	                 (json_int_t)s->queue_id, "prefix", s->queue_prefix, "name", s->queue_name,
	                 "name_en", s->queue_name_en, "date", day, "start", start, "end", end,
	                 "start_at", (json_int_t)s->start_at, "end_at", (json_int_t)s->end_at,
	                 "capacity", s->capacity, "booked", s->booked, "available",
	                 s->capacity - s->booked);
}

void api_hall_slots_list(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	os_date day;
	if (!api_query_date(r, w, "date", queue_day(r->now), &day))
		return;
	store_hall_appointments_sweep(r->app->st, site, r->now,
	                              r->app->cfg->appointment_checkin_minutes, NULL);
	store_hall_slot *s = NULL;
	size_t n = 0;
	os_err e =
	    store_hall_slots_list(r->app->st, site, day, req_query_int(r, "queue_id", 0), &s, &n);
	if (e) {
		resp_error(w, e, "cannot list the slots");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, slot_json(&s[i]));
	free(s);
	char d[OS_DATE_STRLEN];
	os_date_format(day, d);
	resp_json(w, 200, json_pack("{s:s, s:o}", "date", d, "items", items));
}

void api_hall_slots_create(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	if (!access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	const char *date = api_body_str(r, "date"), *start = api_body_str(r, "start");
	os_date day;
	if (os_date_parse(date, strlen(date), &day)) {
		resp_problem(w, 422, "invalid", "Invalid date", "YYYY-MM-DD", "date");
		return;
	}
	int hh = -1, mm = -1;
	if (strlen(start) != 5 || start[2] != ':' || sscanf(start, "%2d:%2d", &hh, &mm) != 2 ||
	    hh < 0 || hh > 23 || mm < 0 || mm > 59) {
		resp_problem(w, 422, "invalid", "Invalid time", "HH:MM, 24-hour", "start");
		return;
	}
	int64_t at = (int64_t)day * 86400 - OS_SHANGHAI_UTC_OFFSET + hh * 3600 + mm * 60;
	int created = 0;
	os_err e = store_hall_slots_create(r->app->st, site, api_body_int(r, "queue_id", 0), at,
	                                   (int)api_body_int(r, "minutes", 30),
	                                   (int)api_body_int(r, "count", 1),
	                                   (int)api_body_int(r, "capacity", 1), &created);
	if (e == OS_ERR_NOT_FOUND) {
		resp_problem(w, 422, "invalid", "No such queue", "not a queue of this site",
		             "queue_id");
		return;
	}
	if (e) {
		resp_error(w, e, "cannot create the slots");
		return;
	}
	resp_json(w, 201, json_pack("{s:i}", "created", created));
}

static json_t *appointment_json(const store_hall_appointment *a)
{
	static const char *const states[] = {"", "booked", "cancelled", "checked_in", "no_show"};
	char m[24];
	masked(a->id_number, m, sizeof m);
	return json_pack("{s:s, s:s, s:s, s:o, s:I}", "code", a->code, "state",
	                 states[a->state >= 1 && a->state <= 4 ? a->state : 0], "id_number", m,
	                 "slot", slot_json(&a->slot), "created_at", (json_int_t)a->created_at);
}

void api_hall_book(http_req *r, http_resp *w)
{
	char idn[OS_ID_LEN + 1];
	os_id_info info;
	if (!id_number_of(r, w, "id_number", idn, &info))
		return;
	char code[32];
	new_token(code);
	store_hall_appointment a;
	const char *why = NULL;
	os_err e = store_hall_book(r->app->st, req_param_id(r, "id"), idn, code, r->now, &a, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Cannot book", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such slot" : "cannot book");
		return;
	}
	resp_json(w, 201, appointment_json(&a));
}

void api_hall_appointment_get(http_req *r, http_resp *w)
{
	store_hall_appointment a;
	os_err e = store_hall_appointment_get(r->app->st, req_param(r, "code"), &a);
	if (e) {
		resp_error(w, e, e == OS_ERR_NOT_FOUND ? "no such appointment" : "cannot read it");
		return;
	}
	resp_json(w, 200, appointment_json(&a));
}

void api_hall_appointment_cancel(http_req *r, http_resp *w)
{
	char idn[OS_ID_LEN + 1];
	os_id_info info;
	if (!id_number_of(r, w, "id_number", idn, &info))
		return;
	store_hall_appointment a;
	const char *why = NULL;
	os_err e =
	    store_hall_appointment_cancel(r->app->st, req_param(r, "code"), idn, r->now, &a, &why);
	if (e == OS_ERR_CONFLICT) {
		resp_problem(w, 409, "conflict", "Cannot cancel", why, NULL);
		return;
	}
	if (e) {
		resp_error(w, e,
		           e == OS_ERR_NOT_FOUND ? "no appointment with that code and ID number"
		                                 : "cannot cancel");
		return;
	}
	resp_json(w, 200, appointment_json(&a));
}

/* ---- figures --------------------------------------------------------------- */

static json_t *figure_json(const store_hall_figure *f)
{
	json_t *j = json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "issued",
	    (json_int_t)f->issued, "green", (json_int_t)f->green, "appointments",
	    (json_int_t)f->appointment, "called", (json_int_t)f->called, "finished",
	    (json_int_t)f->finished, "noshows", (json_int_t)f->noshows, "transfers",
	    (json_int_t)f->transfers, "appointment_noshows", (json_int_t)f->appt_noshow,
	    "avg_wait_s", f->called ? json_integer(f->wait_sum / f->called) : json_null(),
	    "avg_service_s", f->finished ? json_integer(f->service_sum / f->finished) : json_null(),
	    "avg_estimate_error_s",
	    f->called ? json_integer(f->est_err_sum / f->called) : json_null());
	if (f->key >= 0) {
		json_object_set_new(j, "key", json_integer(f->key));
		json_object_set_new(j, "label", json_string(f->label));
		json_object_set_new(j, "label_en", json_string(f->label_en));
	}
	return j;
}

static json_t *figures_json(const store_hall_figure *f, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, figure_json(&f[i]));
	return a;
}

void api_hall_stats(http_req *r, http_resp *w)
{
	int64_t site = req_param_id(r, "id");
	if (!access_site(r, site)) {
		access_deny(r, w);
		return;
	}
	os_date today = queue_day(r->now), from, to;
	if (!api_query_date(r, w, "from", today - 7, &from) ||
	    !api_query_date(r, w, "to", today, &to))
		return;
	if (to < from || to - from > 366) {
		resp_problem(w, 422, "invalid", "Invalid period", "from <= to, at most 366 days",
		             "to");
		return;
	}
	store_hall_appointments_sweep(r->app->st, site, r->now,
	                              r->app->cfg->appointment_checkin_minutes, NULL);
	store_hall_stats s;
	os_err e = store_hall_stats_get(r->app->st, site, from, to, &s);
	if (e) {
		resp_error(w, e, "cannot read the figures");
		return;
	}
	char f[OS_DATE_STRLEN], t[OS_DATE_STRLEN];
	os_date_format(from, f);
	os_date_format(to, t);
	resp_json(w, 200,
	          json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "site_id", (json_int_t)site,
	                    "from", f, "to", t, "total", figure_json(&s.total), "by_queue",
	                    figures_json(s.by_queue, s.n_queue), "by_window",
	                    figures_json(s.by_window, s.n_window), "by_clerk",
	                    figures_json(s.by_clerk, s.n_clerk), "by_hour",
	                    figures_json(s.by_hour, s.n_hour)));
	store_hall_stats_free(&s);
}

/* ---- the caller's place in the hall ---------------------------------------- */

void api_hall_me(http_req *r, http_resp *w)
{
	json_t *win = json_null();
	if (r->user && r->user->window_id) {
		store_hall_window x;
		if (!store_hall_window_get(r->app->st, r->user->window_id, &x))
			win = json_pack("{s:I, s:i, s:I}", "id", (json_int_t)x.id, "number",
			                x.number, "site_id", (json_int_t)x.site_id);
	}
	resp_json(
	    w, 200,
	    json_pack("{s:o, s:o}", "site_id",
	              r->user && r->user->site_id ? json_integer(r->user->site_id) : json_null(),
	              "window", win));
}
