/* sqlite_complaints.c - the complaint window in the SQLite backend
 * (migration 0009; interface in store.h, rules in src/core/complaint.h).
 *
 * Every write is ONE operation of the store's single writer: it reads the
 * complaint, checks the transition with complaint_transition(), and writes
 * the row, its event and the counters, so a state change, its timeline
 * entry, its figures and its audit row commit together or not at all, and
 * two coordinators taking the same complaint at once cannot both win (the
 * second sees the first's owner). Figures read the counters only. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sq.h"

/* ---- reading a complaint ------------------------------------------------- */

#define CP_SELECT                                                                                  \
	"SELECT c.id, c.no, c.state, c.channel, c.site_id, s.name, s.name_en,"                     \
	" coalesce(c.item_id, 0), coalesce(c.item_department_id, 0), c.item_code, c.item_name,"    \
	" c.summary, c.name_enc, c.phone_enc, coalesce(c.recorded_by, 0), c.recorded_at,"          \
	" c.recorded_day, c.due, coalesce(c.owner_id, 0), coalesce(u.display_name, ''),"           \
	" coalesce(c.owned_at, 0), coalesce(c.contacted_at, 0), coalesce(c.answered_at, 0),"       \
	" coalesce(c.answered_by, 0), coalesce(c.closed_at, 0), c.updated_at, c.outcome,"          \
	" c.cause, c.scope, c.answer, c.referred_to, coalesce(c.on_time, -1), c.typical,"          \
	" c.improvement,"                                                                          \
	" (SELECT count(*) FROM complaint_departments d WHERE d.complaint_id = c.id),"             \
	" (SELECT count(*) FROM complaint_departments d WHERE d.complaint_id = c.id"               \
	"   AND d.responded_at IS NOT NULL)"                                                       \
	" FROM complaints c JOIN sites s ON s.id = c.site_id LEFT JOIN users u ON u.id = "         \
	"c.owner_id"

static os_err read_row(sq_conn *c, sqlite3_stmt *st, store_complaint *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, o->no, sizeof o->no);
	o->state = (complaint_state)sqlite3_column_int(st, 2);
	o->channel = (complaint_channel)sqlite3_column_int(st, 3);
	o->site_id = sqlite3_column_int64(st, 4);
	sq_text(st, 5, o->site_name, sizeof o->site_name);
	sq_text(st, 6, o->site_name_en, sizeof o->site_name_en);
	o->item_id = sqlite3_column_int64(st, 7);
	o->item_department_id = sqlite3_column_int64(st, 8);
	sq_text(st, 9, o->item_code, sizeof o->item_code);
	sq_text(st, 10, o->item_name, sizeof o->item_name);
	sq_text(st, 11, o->summary, sizeof o->summary);
	os_err e = sq_column_unsealed(c, st, 12, o->contact_name, sizeof o->contact_name);
	if (!e)
		e = sq_column_unsealed(c, st, 13, o->contact_phone, sizeof o->contact_phone);
	o->recorded_by = sqlite3_column_int64(st, 14);
	o->recorded_at = sqlite3_column_int64(st, 15);
	o->recorded_day = (os_date)sqlite3_column_int64(st, 16);
	o->due = (os_date)sqlite3_column_int64(st, 17);
	o->owner_id = sqlite3_column_int64(st, 18);
	sq_text(st, 19, o->owner_name, sizeof o->owner_name);
	o->owned_at = sqlite3_column_int64(st, 20);
	o->contacted_at = sqlite3_column_int64(st, 21);
	o->answered_at = sqlite3_column_int64(st, 22);
	o->answered_by = sqlite3_column_int64(st, 23);
	o->closed_at = sqlite3_column_int64(st, 24);
	o->updated_at = sqlite3_column_int64(st, 25);
	o->outcome = (complaint_outcome)sqlite3_column_int(st, 26);
	o->cause = (complaint_cause)sqlite3_column_int(st, 27);
	o->scope = (complaint_scope)sqlite3_column_int(st, 28);
	sq_text(st, 29, o->answer, sizeof o->answer);
	sq_text(st, 30, o->referred_to, sizeof o->referred_to);
	o->on_time = sqlite3_column_int(st, 31);
	o->typical = sqlite3_column_int(st, 32) != 0;
	sq_text(st, 33, o->improvement, sizeof o->improvement);
	o->departments = sqlite3_column_int(st, 34);
	o->responses = sqlite3_column_int(st, 35);
	return e;
}

static os_err get_c(sq_conn *c, int64_t id, store_complaint *out)
{
	sqlite3_stmt *st = sq_prep(c, CP_SELECT " WHERE c.id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	os_err e = rc == SQLITE_ROW ? read_row(c, st, out) : sq_one(rc);
	sqlite3_reset(st);
	return e;
}

typedef struct get_args {
	int64_t id;
	const unsigned char *hash;
	store_complaint *out;
} get_args;

static os_err get_op(sq_conn *c, void *arg)
{
	get_args *a = arg;
	return get_c(c, a->id, a->out);
}

os_err store_complaint_get(store *st, int64_t id, store_complaint *out)
{
	get_args a = {.id = id, .out = out};
	return sq_read(st, get_op, &a);
}

static os_err by_token_op(sq_conn *c, void *arg)
{
	get_args *a = arg;
	sqlite3_stmt *st = sq_prep(c, "SELECT id FROM complaints WHERE token_hash = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_blob(st, 1, a->hash, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_one(rc);
	return get_c(c, id, a->out);
}

os_err store_complaint_by_token(store *st, const unsigned char hash[32], store_complaint *out)
{
	get_args a = {.hash = hash, .out = out};
	return sq_read(st, by_token_op, &a);
}

/* ---- events and counters ------------------------------------------------- */

static os_err event_add(sq_conn *c, int64_t id, int64_t at, int64_t actor_id,
                        const char *actor_role, complaint_action action, complaint_state from,
                        complaint_state to, int64_t department_id, int64_t target_id,
                        const char *note)
{
	sqlite3_stmt *st = sq_prep(
	    c, "INSERT INTO complaint_events(complaint_id, at, actor_id, actor_role, action,"
	       " from_state, to_state, department_id, target_id, note)"
	       " VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sq_bind_opt(st, 3, actor_id);
	sq_bind_str(st, 4, actor_role);
	sqlite3_bind_int(st, 5, (int)action);
	sqlite3_bind_int(st, 6, (int)from);
	sqlite3_bind_int(st, 7, (int)to);
	sq_bind_opt(st, 8, department_id);
	sq_bind_opt(st, 9, target_id);
	sq_bind_str(st, 10, note);
	return sq_exec(c, st);
}

typedef struct cp_delta {
	int opened, answered, on_time, overdue, out_of_scope, typical;
} cp_delta;

static os_err count_add(sq_conn *c, int month, int64_t site_id, const cp_delta *d)
{
	return SQ_EXEC_INTS(
	    c,
	    "INSERT INTO complaint_counters(month, site_id, opened, answered, on_time, overdue,"
	    " out_of_scope, typical) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"
	    " ON CONFLICT(month, site_id) DO UPDATE SET opened = opened + ?3,"
	    " answered = answered + ?4, on_time = on_time + ?5, overdue = overdue + ?6,"
	    " out_of_scope = out_of_scope + ?7, typical = typical + ?8",
	    month, site_id, d->opened, d->answered, d->on_time, d->overdue, d->out_of_scope,
	    d->typical);
}

static os_err answer_count_add(sq_conn *c, int month, int64_t site_id, complaint_outcome o,
                               complaint_cause cause, complaint_scope scope)
{
	return SQ_EXEC_INTS(
	    c,
	    "INSERT INTO complaint_answer_counters(month, site_id, outcome, cause, scope, n)"
	    " VALUES (?,?,?,?,?,1) ON CONFLICT(month, site_id, outcome, cause, scope)"
	    " DO UPDATE SET n = n + 1",
	    month, site_id, o, cause, scope);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* The answer's clock and counters (answer and out-of-scope alike). */
static os_err count_answer(sq_conn *c, int64_t id, int64_t site_id, os_date due,
                           bool overdue_counted, int64_t now, complaint_outcome o,
                           complaint_cause cause, complaint_scope scope, bool *in_time)
{
	os_date today = sq_day_of(now);
	*in_time = complaint_in_time(today, due);
	cp_delta d = {.answered = 1, .on_time = *in_time, .out_of_scope = scope != CPSC_IN_SCOPE};
	os_err e = count_add(c, complaint_month(today), site_id, &d);
	if (!e && !*in_time && !overdue_counted) {
		cp_delta late = {.overdue = 1};
		e = count_add(c, complaint_month(due), site_id, &late);
		if (!e)
			e = SQ_EXEC_INTS(
			    c, "UPDATE complaints SET overdue_counted = 1 WHERE id = ?", id);
	}
	if (!e)
		e = answer_count_add(c, complaint_month(today), site_id, o, cause, scope);
	return e;
}

/* ---- recording ----------------------------------------------------------- */

static os_err record_c(sq_conn *c, const store_complaint_new *in, store_complaint *out,
                       const char **field)
{
	*field = NULL;
	complaint_action act = in->scope != CPSC_IN_SCOPE ? CPA_OUT_OF_SCOPE : CPA_RECORD;
	complaint_state to;
	const char *why;
	os_err e = complaint_transition(CPS_NONE, act, in->actor, &to, &why);
	if (e) {
		*field = "scope";
		return e;
	}
	if (blank(in->summary)) {
		*field = "summary";
		return OS_ERR_INVALID;
	}
	if (act == CPA_OUT_OF_SCOPE && blank(in->explanation)) {
		*field = "explanation";
		return OS_ERR_INVALID;
	}
	sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM sites WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, in->site_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		*field = "site_id";
		return rc == SQLITE_DONE ? OS_ERR_INVALID : sq_err(rc);
	}
	char code[64] = "", name[256] = "";
	int64_t dept = 0;
	if (in->item_id) {
		st = sq_prep(c, "SELECT i.code, v.name, v.department_id FROM catalog_items i"
		                " JOIN catalog_versions v ON v.item_id = i.id AND v.version ="
		                "  (CASE WHEN i.current_version > 0 THEN i.current_version"
		                "   ELSE i.latest_version END)"
		                " WHERE i.id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, in->item_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			sq_text(st, 0, code, sizeof code);
			sq_text(st, 1, name, sizeof name);
			dept = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW) {
			*field = "item_id";
			return rc == SQLITE_DONE ? OS_ERR_INVALID : sq_err(rc);
		}
	}
	os_date day, due;
	if ((e = os_date_from_unix(in->now, &day)))
		return e;
	if ((e = complaint_due(in->cal, in->now, in->answer_days, &due, NULL)))
		return e;
	st = sq_prep(c, "INSERT INTO complaint_days(day, seq) VALUES (?, 1)"
	                " ON CONFLICT(day) DO UPDATE SET seq = seq + 1 RETURNING seq");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, day);
	rc = sqlite3_step(st);
	int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	char no[COMPLAINT_NO_MAX];
	if ((e = complaint_number_format(day, seq, no)))
		return e;
	bool oos = act == CPA_OUT_OF_SCOPE;
	bool in_time = true;
	st = sq_prep(c, "INSERT INTO complaints(no, token_hash, state, channel, site_id, item_id,"
	                " item_code, item_name, item_department_id, summary, name_enc, phone_enc,"
	                " recorded_by, recorded_at, recorded_day, due, owner_id, owned_at,"
	                " answered_at, answered_by, outcome, cause, scope, answer, on_time,"
	                " updated_at)"
	                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, in->token_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)to);
	sqlite3_bind_int(st, 4, (int)in->channel);
	sqlite3_bind_int64(st, 5, in->site_id);
	sq_bind_opt(st, 6, in->item_id);
	sqlite3_bind_text(st, 7, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, name, -1, SQLITE_TRANSIENT);
	sq_bind_opt(st, 9, dept);
	sqlite3_bind_text(st, 10, in->summary, -1, SQLITE_STATIC);
	if ((e = sq_bind_sealed(c, st, 11, in->contact_name)) ||
	    (e = sq_bind_sealed(c, st, 12, in->contact_phone))) {
		sqlite3_reset(st);
		return e;
	}
	sq_bind_opt(st, 13, in->recorded_by);
	sqlite3_bind_int64(st, 14, in->now);
	sqlite3_bind_int64(st, 15, day);
	sqlite3_bind_int64(st, 16, due);
	if (oos) {
		sq_bind_opt(st, 17, in->recorded_by);
		sqlite3_bind_int64(st, 18, in->now);
		sqlite3_bind_int64(st, 19, in->now);
		sq_bind_opt(st, 20, in->recorded_by);
		sqlite3_bind_int(st, 21, CPO_EXPLAINED);
		sqlite3_bind_int(st, 22, CPC_NONE);
		sqlite3_bind_int(st, 23, (int)in->scope);
		sqlite3_bind_text(st, 24, in->explanation, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 25, 1);
	} else {
		for (int i = 17; i <= 20; i++)
			sqlite3_bind_null(st, i);
		sqlite3_bind_int(st, 21, CPO_NONE);
		sqlite3_bind_int(st, 22, CPC_NONE);
		sqlite3_bind_int(st, 23, CPSC_IN_SCOPE);
		sqlite3_bind_text(st, 24, "", -1, SQLITE_STATIC);
		sqlite3_bind_null(st, 25);
	}
	sqlite3_bind_int64(st, 26, in->now);
	if ((e = sq_exec(c, st)))
		return e;
	int64_t id = sqlite3_last_insert_rowid(c->db);
	cp_delta d = {.opened = 1};
	if ((e = event_add(c, id, in->now, in->recorded_by, in->actor_role, CPA_RECORD, CPS_NONE,
	                   CPS_RECORDED, 0, 0, "")) ||
	    (e = count_add(c, complaint_month(day), in->site_id, &d)))
		return e;
	if (oos &&
	    ((e = event_add(c, id, in->now, in->recorded_by, in->actor_role, CPA_OUT_OF_SCOPE,
	                    CPS_RECORDED, CPS_ANSWERED, 0, 0, in->explanation)) ||
	     (e = count_answer(c, id, in->site_id, due, false, in->now, CPO_EXPLAINED, CPC_NONE,
	                       in->scope, &in_time))))
		return e;
	return get_c(c, id, out);
}

typedef struct record_args {
	const store_complaint_new *in;
	store_complaint *out;
	const char *field;
} record_args;

static os_err record_op(sq_conn *c, void *arg)
{
	record_args *a = arg;
	return record_c(c, a->in, a->out, &a->field);
}

os_err store_complaint_record(store *st, const store_complaint_new *in, store_complaint *out,
                              const char **field)
{
	record_args a = {.in = in, .out = out};
	os_err e = sq_write(st, record_op, &a);
	if (field)
		*field = a.field;
	return e;
}

/* ---- actions ------------------------------------------------------------- */

/* The body field that carries an action's text. */
static const char *text_field(complaint_action a)
{
	switch (a) {
	case CPA_RESPOND:
		return "response";
	case CPA_ANSWER:
		return "answer";
	case CPA_OUT_OF_SCOPE:
		return "explanation";
	case CPA_TAG:
		return "improvement";
	default:
		return "note";
	}
}

typedef struct cur_row {
	complaint_state state;
	int64_t site_id, owner_id;
	os_date due, recorded_day;
	bool overdue_counted, typical;
} cur_row;

static os_err cur_get(sq_conn *c, int64_t id, cur_row *r)
{
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT state, site_id, coalesce(owner_id, 0), due, recorded_day,"
	               " overdue_counted, typical FROM complaints WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->state = (complaint_state)sqlite3_column_int(st, 0);
		r->site_id = sqlite3_column_int64(st, 1);
		r->owner_id = sqlite3_column_int64(st, 2);
		r->due = (os_date)sqlite3_column_int64(st, 3);
		r->recorded_day = (os_date)sqlite3_column_int64(st, 4);
		r->overdue_counted = sqlite3_column_int(st, 5) != 0;
		r->typical = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	return sq_one(rc);
}

static os_err bad(const char **why, const char **field, const char *w, const char *f)
{
	*why = w;
	*field = f;
	return OS_ERR_INVALID;
}

static os_err exists(sq_conn *c, const char *sql, int64_t a, int64_t b, bool *out)
{
	sqlite3_stmt *st = sq_prep(c, sql);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*out = rc == SQLITE_ROW;
	return sq_err(rc);
}

/* The action's own effect on the row (after the transition was allowed). */
static os_err act_effect(sq_conn *c, const store_complaint_act *a, const cur_row *r,
                         complaint_state to, const char **why, const char **field, int64_t *dept,
                         int64_t *target)
{
	sqlite3_stmt *st;
	bool ok = false, in_time;
	os_err e;
	const char *text = a->text;
	switch (a->action) {
	case CPA_TAKE:
	case CPA_ASSIGN:
		*target = a->action == CPA_TAKE ? a->actor_id : a->owner_id;
		if (a->action == CPA_ASSIGN) {
			if ((e = exists(c,
			                "SELECT 1 FROM users WHERE id = ?1 AND role = 'complaint'"
			                " AND disabled = 0 AND ?2 = ?2",
			                a->owner_id, 0, &ok)))
				return e;
			if (!ok)
				return bad(why, field, "not an enabled complaint coordinator",
				           "owner_id");
			if (a->owner_id == r->owner_id)
				return bad(why, field, "already the owner", "owner_id");
		}
		/* the owner and the state in one statement (the row's CHECKs) */
		st = sq_prep(c, "UPDATE complaints SET owner_id = ?, owned_at = ?, state = ?"
		                " WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, *target);
		sqlite3_bind_int64(st, 2, a->now);
		sqlite3_bind_int(st, 3, (int)to);
		sqlite3_bind_int64(st, 4, a->complaint_id);
		return sq_exec(c, st);
	case CPA_INVOLVE:
		*dept = a->department_id;
		if ((e = exists(c, "SELECT 1 FROM departments WHERE id = ?1 AND ?2 = ?2",
		                a->department_id, 0, &ok)))
			return e;
		if (!ok)
			return bad(why, field, "no such department", "department_id");
		if ((e = exists(c,
		                "SELECT 1 FROM complaint_departments WHERE complaint_id = ?1"
		                " AND department_id = ?2",
		                a->complaint_id, a->department_id, &ok)))
			return e;
		if (ok)
			return bad(why, field, "the department was brought in already",
			           "department_id");
		st = sq_prep(c, "INSERT INTO complaint_departments(complaint_id, department_id,"
		                " involved_at, involved_by, note) VALUES (?,?,?,?,?)");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->complaint_id);
		sqlite3_bind_int64(st, 2, a->department_id);
		sqlite3_bind_int64(st, 3, a->now);
		sq_bind_opt(st, 4, a->actor_id);
		sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
		return sq_exec(c, st);
	case CPA_RESPOND:
		*dept = a->department_id;
		if ((e = exists(c,
		                "SELECT 1 FROM complaint_departments WHERE complaint_id = ?1"
		                " AND department_id = ?2 AND ?1 = ?1",
		                a->complaint_id, a->department_id, &ok)))
			return e;
		if (!ok)
			return bad(why, field, "the department was not brought in",
			           "department_id");
		st = sq_prep(c, "UPDATE complaint_departments SET response = ?, responded_at = ?,"
		                " responded_by = ? WHERE complaint_id = ? AND department_id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, a->now);
		sq_bind_opt(st, 3, a->actor_id);
		sqlite3_bind_int64(st, 4, a->complaint_id);
		sqlite3_bind_int64(st, 5, a->department_id);
		return sq_exec(c, st);
	case CPA_CONTACT:
		st = sq_prep(c, "UPDATE complaints SET contacted_at = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, a->complaint_id);
		return sq_exec(c, st);
	case CPA_ANSWER:
	case CPA_OUT_OF_SCOPE: {
		complaint_outcome o = a->outcome;
		complaint_cause cause = a->cause;
		complaint_scope scope = CPSC_IN_SCOPE;
		const char *ref = a->referred_to ? a->referred_to : "";
		if (a->action == CPA_OUT_OF_SCOPE) {
			if (a->scope == CPSC_IN_SCOPE || a->scope >= CPSC__COUNT)
				return bad(why, field, "lawsuit, petition or private_dispute",
				           "scope");
			o = CPO_EXPLAINED;
			cause = CPC_NONE;
			scope = a->scope;
			ref = "";
		} else {
			if (o <= CPO_NONE || o >= CPO__COUNT)
				return bad(why, field, "done, explained or referred", "outcome");
			if (cause <= CPC_NONE || cause >= CPC__COUNT)
				return bad(why, field,
				           "material_rules, staff, system, policy or other",
				           "cause");
			if (o == CPO_REFERRED && blank(ref))
				return bad(why, field, "a referral names the body it went to",
				           "referred_to");
			if (o != CPO_REFERRED)
				ref = "";
		}
		if ((e = count_answer(c, a->complaint_id, r->site_id, r->due, r->overdue_counted,
		                      a->now, o, cause, scope, &in_time)))
			return e;
		st = sq_prep(c,
		             "UPDATE complaints SET answered_at = ?, answered_by = ?, outcome = ?,"
		             " cause = ?, scope = ?, answer = ?, referred_to = ?, on_time = ?,"
		             " owner_id = coalesce(owner_id, ?), owned_at = coalesce(owned_at, ?),"
		             " state = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sq_bind_opt(st, 2, a->actor_id);
		sqlite3_bind_int(st, 3, (int)o);
		sqlite3_bind_int(st, 4, (int)cause);
		sqlite3_bind_int(st, 5, (int)scope);
		sqlite3_bind_text(st, 6, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, ref, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, in_time);
		sq_bind_opt(st, 9, a->actor_id);
		sqlite3_bind_int64(st, 10, a->now);
		sqlite3_bind_int(st, 11, (int)to);
		sqlite3_bind_int64(st, 12, a->complaint_id);
		return sq_exec(c, st);
	}
	case CPA_TAG:
		if (a->typical != r->typical) {
			cp_delta d = {.typical = a->typical ? 1 : -1};
			if ((e = count_add(c, complaint_month(r->recorded_day), r->site_id, &d)))
				return e;
		}
		st = sq_prep(c, "UPDATE complaints SET typical = ?, improvement = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int(st, 1, a->typical);
		sq_bind_str(st, 2, text);
		sqlite3_bind_int64(st, 3, a->complaint_id);
		return sq_exec(c, st);
	case CPA_CLOSE:
		st = sq_prep(c, "UPDATE complaints SET closed_at = ? WHERE id = ?");
		if (!st)
			return OS_ERR_IO;
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, a->complaint_id);
		return sq_exec(c, st);
	default:
		return bad(why, field, "not an action on a recorded complaint", "action");
	}
}

static os_err apply_c(sq_conn *c, const store_complaint_act *a, store_complaint *out,
                      const char **why, const char **field)
{
	*why = NULL;
	*field = NULL;
	cur_row r = {0};
	os_err e = cur_get(c, a->complaint_id, &r);
	if (e)
		return e;
	unsigned actor = a->actor;
	if (r.owner_id && r.owner_id == a->actor_id)
		actor |= CPACT_OWNER;
	complaint_state to;
	if ((e = complaint_transition(r.state, a->action, actor, &to, why))) {
		*field = "action";
		return e;
	}
	const complaint_rule *rule = complaint_rule_find(r.state, a->action);
	bool need_text = rule->needs_text || (a->action == CPA_TAG && a->typical);
	if (need_text && blank(a->text))
		return bad(why, field, "this action needs a text", text_field(a->action));
	int64_t dept = 0, target = 0;
	if ((e = act_effect(c, a, &r, to, why, field, &dept, &target)))
		return e;
	sqlite3_stmt *st =
	    sq_prep(c, "UPDATE complaints SET state = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int(st, 1, (int)to);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->complaint_id);
	if ((e = sq_exec(c, st)))
		return e;
	char note[COMPLAINT_TEXT_MAX];
	snprintf(note, sizeof note, "%s", a->text ? a->text : "");
	if (a->action == CPA_TAG && !a->typical)
		snprintf(note, sizeof note, "-"); /* untagged */
	if ((e = event_add(c, a->complaint_id, a->now, a->actor_id, a->actor_role, a->action,
	                   r.state, to, dept, target, note)))
		return e;
	return get_c(c, a->complaint_id, out);
}

typedef struct apply_args {
	const store_complaint_act *a;
	store_complaint *out;
	const char *why, *field;
} apply_args;

static os_err apply_op(sq_conn *c, void *arg)
{
	apply_args *x = arg;
	return apply_c(c, x->a, x->out, &x->why, &x->field);
}

os_err store_complaint_apply(store *st, const store_complaint_act *a, store_complaint *out,
                             const char **why, const char **field)
{
	apply_args x = {.a = a, .out = out};
	os_err e = sq_write(st, apply_op, &x);
	if (why)
		*why = x.why;
	if (field)
		*field = x.field;
	return e;
}

/* ---- the trail ----------------------------------------------------------- */

typedef struct trail_args {
	int64_t id;
	store_complaint_dept *d;
	size_t nd;
	store_complaint_event *ev;
	size_t ne;
} trail_args;

static os_err trail_op(sq_conn *c, void *arg)
{
	trail_args *a = arg;
	sqlite3_stmt *st = sq_prep(
	    c, "SELECT cd.department_id, d.name, d.name_en, cd.involved_at,"
	       " coalesce(cd.involved_by, 0), coalesce(cd.responded_at, 0),"
	       " coalesce(cd.responded_by, 0), cd.note, cd.response"
	       " FROM complaint_departments cd JOIN departments d ON d.id = cd.department_id"
	       " WHERE cd.complaint_id = ? ORDER BY cd.involved_at, cd.department_id"
	       " LIMIT 64");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	a->d = os_calloc(64, sizeof *a->d);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_complaint_dept *p = &a->d[a->nd++];
		p->department_id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, p->name, sizeof p->name);
		sq_text(st, 2, p->name_en, sizeof p->name_en);
		p->involved_at = sqlite3_column_int64(st, 3);
		p->involved_by = sqlite3_column_int64(st, 4);
		p->responded_at = sqlite3_column_int64(st, 5);
		p->responded_by = sqlite3_column_int64(st, 6);
		sq_text(st, 7, p->note, sizeof p->note);
		sq_text(st, 8, p->response, sizeof p->response);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_err(rc);
	st = sq_prep(c, "SELECT e.id, e.at, coalesce(e.actor_id, 0), coalesce(e.department_id, 0),"
	                " coalesce(e.target_id, 0), e.actor_role, coalesce(u.display_name, ''),"
	                " coalesce(d.name, ''), coalesce(t.display_name, ''), e.action,"
	                " e.from_state, e.to_state, e.note"
	                " FROM complaint_events e LEFT JOIN users u ON u.id = e.actor_id"
	                " LEFT JOIN departments d ON d.id = e.department_id"
	                " LEFT JOIN users t ON t.id = e.target_id"
	                " WHERE e.complaint_id = ? ORDER BY e.id LIMIT 500");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->id);
	size_t cap = 16;
	a->ev = os_calloc(cap, sizeof *a->ev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->ne < COMPLAINT_EVENTS_MAX) {
		if (a->ne == cap) {
			cap *= 2;
			a->ev = os_realloc(a->ev, cap * sizeof *a->ev);
		}
		store_complaint_event *p = &a->ev[a->ne++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		p->at = sqlite3_column_int64(st, 1);
		p->actor_id = sqlite3_column_int64(st, 2);
		p->department_id = sqlite3_column_int64(st, 3);
		p->target_id = sqlite3_column_int64(st, 4);
		sq_text(st, 5, p->actor_role, sizeof p->actor_role);
		sq_text(st, 6, p->actor_name, sizeof p->actor_name);
		sq_text(st, 7, p->department_name, sizeof p->department_name);
		sq_text(st, 8, p->target_name, sizeof p->target_name);
		p->action = (complaint_action)sqlite3_column_int(st, 9);
		p->from = (complaint_state)sqlite3_column_int(st, 10);
		p->to = (complaint_state)sqlite3_column_int(st, 11);
		sq_text(st, 12, p->note, sizeof p->note);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_complaint_trail(store *st, int64_t id, store_complaint_dept **depts, size_t *nd,
                             store_complaint_event **events, size_t *ne)
{
	trail_args a = {.id = id};
	os_err e = sq_read(st, trail_op, &a);
	if (e) {
		free(a.d);
		free(a.ev);
		return e;
	}
	*depts = a.d;
	*nd = a.nd;
	*events = a.ev;
	*ne = a.ne;
	return OS_OK;
}

/* ---- lists --------------------------------------------------------------- */

/* ?1 the site (0 = any; else it and the sites below it), ?2 the owner,
 * ?3 limit, ?4 offset. */
#define CP_SITE                                                                                    \
	" (?1 = 0 OR c.site_id IN (SELECT id FROM sites WHERE id = ?1 OR parent_id = ?1"           \
	"  OR parent_id IN (SELECT id FROM sites WHERE parent_id = ?1))) AND ?2 = ?2"
#define CP_PAGE " LIMIT ?3 OFFSET ?4"

static const char *const list_sql[] = {
    [CPV_OPEN] =
        CP_SELECT " WHERE c.state IN (1, 2, 3) AND" CP_SITE " ORDER BY c.due, c.id" CP_PAGE,
    [CPV_NEW] = CP_SELECT " WHERE c.state = 1 AND" CP_SITE " ORDER BY c.recorded_at, c.id" CP_PAGE,
    [CPV_MINE] = CP_SELECT " WHERE c.owner_id = ?2 AND c.state IN (2, 3) AND" CP_SITE
                           " ORDER BY c.due, c.id" CP_PAGE,
    [CPV_ANSWERED] = CP_SELECT " WHERE c.state IN (4, 5) AND" CP_SITE
                               " ORDER BY c.answered_at DESC, c.id DESC" CP_PAGE,
    [CPV_TYPICAL] = CP_SELECT " WHERE c.typical = 1 AND" CP_SITE
                              " ORDER BY c.answered_at DESC, c.id DESC" CP_PAGE,
    [CPV_ALL] = CP_SELECT " WHERE" CP_SITE " ORDER BY c.id DESC" CP_PAGE,
};
static const char *const count_sql[] = {
    [CPV_OPEN] = "SELECT count(*) FROM complaints c WHERE c.state IN (1, 2, 3) AND" CP_SITE,
    [CPV_NEW] = "SELECT count(*) FROM complaints c WHERE c.state = 1 AND" CP_SITE,
    [CPV_MINE] =
        "SELECT count(*) FROM complaints c WHERE c.owner_id = ?2 AND c.state IN (2, 3) AND" CP_SITE,
    [CPV_ANSWERED] = "SELECT count(*) FROM complaints c WHERE c.state IN (4, 5) AND" CP_SITE,
    [CPV_TYPICAL] = "SELECT count(*) FROM complaints c WHERE c.typical = 1 AND" CP_SITE,
    [CPV_ALL] = "SELECT count(*) FROM complaints c WHERE" CP_SITE,
};

typedef struct list_args {
	const store_complaint_filter *f;
	store_complaint_list *out;
} list_args;

static os_err list_op(sq_conn *c, void *arg)
{
	list_args *a = arg;
	const store_complaint_filter *f = a->f;
	if ((int)f->view < 0 || f->view > CPV_ALL)
		return OS_ERR_INVALID;
	int64_t limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
	sqlite3_stmt *st = sq_prep(c, count_sql[f->view]);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, f->site_id);
	sqlite3_bind_int64(st, 2, f->owner_id);
	int rc = sqlite3_step(st);
	a->out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	st = sq_prep(c, list_sql[f->view]);
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, f->site_id);
	sqlite3_bind_int64(st, 2, f->owner_id);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, f->offset > 0 ? f->offset : 0);
	a->out->rows = os_calloc((size_t)limit, sizeof *a->out->rows);
	os_err e = OS_OK;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW && a->out->n < (size_t)limit)
		e = read_row(c, st, &a->out->rows[a->out->n++]);
	sqlite3_reset(st);
	if (e)
		return e;
	return sq_err(rc);
}

os_err store_complaints_list(store *st, const store_complaint_filter *f, store_complaint_list *out)
{
	memset(out, 0, sizeof *out);
	list_args a = {.f = f, .out = out};
	os_err e = sq_read(st, list_op, &a);
	if (e)
		store_complaint_list_free(out);
	return e;
}

void store_complaint_list_free(store_complaint_list *l)
{
	if (!l)
		return;
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* ---- the overdue sweep --------------------------------------------------- */

#define SWEEP_MAX 1000

typedef struct sweep_args {
	os_date today;
	int max, marked;
} sweep_args;

static os_err sweep_op(sq_conn *c, void *arg)
{
	sweep_args *a = arg;
	int max = a->max > 0 && a->max <= SWEEP_MAX ? a->max : SWEEP_MAX;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT id, site_id, due FROM complaints"
	               " WHERE state IN (1, 2, 3) AND due < ? AND overdue_counted = 0"
	               " ORDER BY due, id LIMIT ?");
	if (!st)
		return OS_ERR_IO;
	sqlite3_bind_int64(st, 1, a->today);
	sqlite3_bind_int(st, 2, max);
	struct {
		int64_t id, site;
		os_date due;
	} *rows = os_calloc((size_t)max, sizeof *rows);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].site = sqlite3_column_int64(st, 1);
		rows[n].due = (os_date)sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	os_err e = sq_err(rc);
	for (int i = 0; !e && i < n; i++) {
		cp_delta d = {.overdue = 1};
		if ((e = count_add(c, complaint_month(rows[i].due), rows[i].site, &d)))
			break;
		st = sq_prep(c, "UPDATE complaints SET overdue_counted = 1 WHERE id = ?");
		if (!st) {
			e = OS_ERR_IO;
			break;
		}
		sqlite3_bind_int64(st, 1, rows[i].id);
		e = sq_exec(c, st);
	}
	free(rows);
	if (!e)
		a->marked = n;
	return e;
}

os_err store_complaints_sweep(store *st, os_date today, int max, int *marked)
{
	sweep_args a = {.today = today, .max = max};
	os_err e = sq_write(st, sweep_op, &a);
	if (marked)
		*marked = e ? 0 : a.marked;
	return e;
}

/* ---- figures ------------------------------------------------------------- */

#define FIG_SITE                                                                                   \
	" (?3 = 0 OR k.site_id IN (SELECT id FROM sites WHERE id = ?3 OR parent_id = ?3"           \
	"  OR parent_id IN (SELECT id FROM sites WHERE parent_id = ?3)))"
#define FIG_SUMS                                                                                   \
	" sum(k.opened), sum(k.answered), sum(k.on_time), sum(k.overdue), sum(k.out_of_scope),"    \
	" sum(k.typical)"

static void read_counts(sqlite3_stmt *st, int first, store_complaint_counts *o)
{
	o->opened = sqlite3_column_int64(st, first);
	o->answered = sqlite3_column_int64(st, first + 1);
	o->on_time = sqlite3_column_int64(st, first + 2);
	o->overdue = sqlite3_column_int64(st, first + 3);
	o->out_of_scope = sqlite3_column_int64(st, first + 4);
	o->typical = sqlite3_column_int64(st, first + 5);
}

typedef struct fig_args {
	int from, to;
	int64_t site;
	store_complaint_figures *out;
} fig_args;

static void fig_bind(sqlite3_stmt *st, const fig_args *a)
{
	sqlite3_bind_int(st, 1, a->from);
	sqlite3_bind_int(st, 2, a->to);
	sqlite3_bind_int64(st, 3, a->site);
}

#define FIG_ROWS_MAX 400

static os_err fig_rows(sq_conn *c, const char *sql, const fig_args *a,
                       store_complaint_fig_row **out, size_t *n)
{
	sqlite3_stmt *st = sq_prep(c, sql);
	if (!st)
		return OS_ERR_IO;
	fig_bind(st, a);
	*out = os_calloc(FIG_ROWS_MAX, sizeof **out);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < FIG_ROWS_MAX) {
		store_complaint_fig_row *r = &(*out)[(*n)++];
		r->key = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r->name, sizeof r->name);
		sq_text(st, 2, r->name_en, sizeof r->name_en);
		read_counts(st, 3, &r->c);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

static os_err fig_op(sq_conn *c, void *arg)
{
	fig_args *a = arg;
	store_complaint_figures *o = a->out;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT coalesce(sum(k.opened), 0), coalesce(sum(k.answered), 0),"
	               " coalesce(sum(k.on_time), 0), coalesce(sum(k.overdue), 0),"
	               " coalesce(sum(k.out_of_scope), 0), coalesce(sum(k.typical), 0)"
	               " FROM complaint_counters k WHERE k.month BETWEEN ?1 AND ?2 AND" FIG_SITE);
	if (!st)
		return OS_ERR_IO;
	fig_bind(st, a);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_counts(st, 0, &o->total);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_err(rc);
	os_err e = fig_rows(c,
	                    "SELECT k.month, '', '', " FIG_SUMS " FROM complaint_counters k"
	                    " WHERE k.month BETWEEN ?1 AND ?2 AND" FIG_SITE
	                    " GROUP BY k.month ORDER BY k.month",
	                    a, &o->by_month, &o->n_month);
	if (!e)
		e = fig_rows(c,
		             "SELECT k.site_id, s.name, s.name_en, " FIG_SUMS
		             " FROM complaint_counters k JOIN sites s ON s.id = k.site_id"
		             " WHERE k.month BETWEEN ?1 AND ?2 AND" FIG_SITE
		             " GROUP BY k.site_id ORDER BY k.site_id",
		             a, &o->by_site, &o->n_site);
	if (e)
		return e;
	st = sq_prep(
	    c, "SELECT k.outcome, k.cause, k.scope, sum(k.n)"
	       " FROM complaint_answer_counters k WHERE k.month BETWEEN ?1 AND ?2 AND" FIG_SITE
	       " GROUP BY k.outcome, k.cause, k.scope ORDER BY k.outcome, k.cause, k.scope");
	if (!st)
		return OS_ERR_IO;
	fig_bind(st, a);
	size_t cap = (size_t)CPO__COUNT * CPC__COUNT * CPSC__COUNT;
	o->answers = os_calloc(cap, sizeof *o->answers);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && o->n_answers < cap) {
		store_complaint_answer_row *r = &o->answers[o->n_answers++];
		r->outcome = (complaint_outcome)sqlite3_column_int(st, 0);
		r->cause = (complaint_cause)sqlite3_column_int(st, 1);
		r->scope = (complaint_scope)sqlite3_column_int(st, 2);
		r->n = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_complaint_figures_get(store *st, int from_month, int to_month, int64_t site_id,
                                   store_complaint_figures *out)
{
	memset(out, 0, sizeof *out);
	fig_args a = {.from = from_month, .to = to_month, .site = site_id, .out = out};
	os_err e = sq_read(st, fig_op, &a);
	if (e)
		store_complaint_figures_free(out);
	return e;
}

void store_complaint_figures_free(store_complaint_figures *f)
{
	if (!f)
		return;
	free(f->by_month);
	free(f->by_site);
	free(f->answers);
	memset(f, 0, sizeof *f);
}

/* ---- coordinators -------------------------------------------------------- */

typedef struct coord_args {
	store_complaint_coordinator *rows;
	size_t n;
} coord_args;

#define COORD_MAX 200

static os_err coord_op(sq_conn *c, void *arg)
{
	coord_args *a = arg;
	sqlite3_stmt *st =
	    sq_prep(c, "SELECT u.id, u.login, u.display_name, coalesce(s.name, ''),"
	               " (SELECT count(*) FROM complaints c WHERE c.owner_id = u.id"
	               "   AND c.state IN (2, 3))"
	               " FROM users u LEFT JOIN sites s ON s.id = u.site_id"
	               " WHERE u.role = 'complaint' AND u.disabled = 0 ORDER BY u.id LIMIT 200");
	if (!st)
		return OS_ERR_IO;
	a->rows = os_calloc(COORD_MAX, sizeof *a->rows);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < COORD_MAX) {
		store_complaint_coordinator *r = &a->rows[a->n++];
		r->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, r->login, sizeof r->login);
		sq_text(st, 2, r->display_name, sizeof r->display_name);
		sq_text(st, 3, r->site_name, sizeof r->site_name);
		r->open = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return sq_err(rc);
}

os_err store_complaint_coordinators(store *st, store_complaint_coordinator **out, size_t *n)
{
	coord_args a = {0};
	os_err e = sq_read(st, coord_op, &a);
	*out = sq_rows_take(e, a.rows, a.n, n);
	return e;
}

/* ---- the demo ------------------------------------------------------------ */

typedef struct demo_args {
	const os_calendar *cal;
	int64_t now;
	int answer_days;
} demo_args;

static int64_t demo_id(sq_conn *c, const char *sql, const char *key, int64_t n)
{
	sqlite3_stmt *st = sq_prep(c, sql);
	if (!st)
		return 0;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, n);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

/* One step of a demo complaint's story: an action `days` days after its
 * recording (hours into that day). */
typedef struct demo_step {
	complaint_action action;
	int day, hour;
	const char *dept; /* department code (involve, respond) */
	const char *text;
	complaint_outcome outcome;
	complaint_cause cause;
	complaint_scope scope;
	const char *referred_to;
} demo_step;

typedef struct demo_case {
	int days_ago; /* recorded that many days before now, at 10:00 */
	complaint_channel channel;
	int item;      /* n-th catalog item (0 = none) */
	int tier_site; /* 0 district center, 1 a township, 2 a village */
	const char *summary, *name, *phone;
	complaint_scope scope;
	const char *explanation;
	demo_step steps[8];
} demo_case;

static const demo_case demo_cases[] = {
    {24,
     CPCH_ONLINE,
     1,
     0,
     "办理营业执照变更登记，窗口要求提供房产证原件，但网上办事指南的材料清单里没有写，白跑了一趟。",
     "向春梅",
     "13807441234",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_TAKE, 0, 2, NULL, NULL, 0, 0, 0, NULL},
      {CPA_INVOLVE, 1, 0, "YD-SJ", "请核实经营场所证明材料要求，答复群众。", 0, 0, 0, NULL},
      {CPA_RESPOND, 3, 0, "YD-SJ", "经核实，租赁合同即可作为场所证明，无需房产证原件；已更正指南。",
       0, 0, 0, NULL},
      {CPA_ANSWER, 4, 0, NULL, "已电话告知：凭租赁合同即可办理，市监局已当日为您办结变更登记。",
       CPO_DONE, CPC_MATERIAL_RULES, 0, NULL},
      {CPA_TAG, 5, 0, NULL, "办事指南材料清单与窗口要求不一致：全面核对市监类事项材料清单。", 0, 0,
       0, NULL},
      {CPA_CLOSE, 6, 0, NULL, "群众表示满意。", 0, 0, 0, NULL}}},
    {40,
     CPCH_WINDOW,
     2,
     1,
     "补办社保卡时系统一直提示“身份信息不一致”，跑了三次都办不了。",
     "覃小军",
     "13974412345",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_TAKE, 0, 1, NULL, NULL, 0, 0, 0, NULL},
      {CPA_INVOLVE, 1, 0, "YD-SB", "请查明系统比对失败原因。", 0, 0, 0, NULL},
      {CPA_CONTACT, 18, 0, NULL, "电话告知：系统数据核对仍在进行，答复将延后几天。", 0, 0, 0, NULL},
      {CPA_RESPOND, 25, 0, "YD-SB", "公安户籍数据与社保数据姓名用字不一致，已申请数据更正。", 0, 0,
       0, NULL},
      {CPA_ANSWER, 27, 0, NULL, "数据已更正，社保卡已补办并邮寄到家。", CPO_DONE, CPC_SYSTEM, 0,
       NULL},
      {CPA_TAG, 28, 0, NULL, "跨部门数据不一致：建立公安与社保数据差异的每周核对机制。", 0, 0, 0,
       NULL}}},
    {18,
     CPCH_ONLINE,
     3,
     0,
     "给卧床的父亲办残疾证，窗口说必须本人到场评定，我们实在去不了。",
     "周建华",
     "13574401234",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_TAKE, 0, 3, NULL, NULL, 0, 0, 0, NULL},
      {CPA_INVOLVE, 1, 0, "YD-CL", "请安排上门评定或视频评定。", 0, 0, 0, NULL},
      {CPA_CONTACT, 15, 0, NULL, "已告知：残联正在联系医生上门评定，答复可能晚两天。", 0, 0, 0,
       NULL}}},
    {26,
     CPCH_ONLINE,
     0,
     2,
     "村便民服务站的养老金认证机器坏了半个月，老人没法认证。",
     "",
     "13017441234",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_TAKE, 1, 0, NULL, NULL, 0, 0, 0, NULL}}},
    {9,
     CPCH_ONLINE,
     4,
     0,
     "不动产登记预约总是约不上，电话也打不通。",
     "李桂英",
     "15807449876",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_TAKE, 0, 4, NULL, NULL, 0, 0, 0, NULL},
      {CPA_ANSWER, 2, 0, NULL, "已转交不动产登记中心处理预约号源不足问题，对方将直接联系您。",
       CPO_REFERRED, CPC_POLICY, 0, "区不动产登记中心"}}},
    {5,
     CPCH_WINDOW,
     0,
     0,
     "要求政务服务中心撤销法院的判决，重新处理房屋纠纷。",
     "王某",
     "13800001111",
     CPSC_LAWSUIT,
     "该事项已进入司法程序，不属于本窗口受理范围；请依法向人民法院申请再审或上诉。",
     {{CPA_NONE, 0, 0, NULL, NULL, 0, 0, 0, NULL}}},
    {2,
     CPCH_ONLINE,
     5,
     1,
     "在乡镇便民服务中心办医保报销，工作人员让我去区里办，区里又让我回乡镇。",
     "",
     "",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_NONE, 0, 0, NULL, NULL, 0, 0, 0, NULL}}},
    {1,
     CPCH_WINDOW,
     0,
     0,
     "公积金提取需要的单位证明，单位已经注销开不出来。",
     "谭丽",
     "13907443322",
     CPSC_IN_SCOPE,
     NULL,
     {{CPA_NONE, 0, 0, NULL, NULL, 0, 0, 0, NULL}}},
};

static os_err demo_op(sq_conn *c, void *arg)
{
	demo_args *a = arg;
	if (demo_id(c, "SELECT count(*) FROM complaints WHERE ?1 = ?1", NULL, 0) > 0)
		return OS_ERR_CONFLICT;
	int64_t coord = demo_id(c, "SELECT id FROM users WHERE login = ?", "complaint", 0);
	if (!coord)
		return OS_ERR_NOT_FOUND;
	int64_t town = demo_id(c, "SELECT min(id) FROM sites WHERE tier = ?", NULL, 2);
	int64_t village = demo_id(c, "SELECT min(id) FROM sites WHERE tier = ?", NULL, 3);
	int64_t center = demo_id(c, "SELECT min(id) FROM sites WHERE tier = ?", NULL, 1);
	os_date today;
	os_err e = os_date_from_unix(a->now, &today);
	for (size_t i = 0; !e && i < sizeof demo_cases / sizeof demo_cases[0]; i++) {
		const demo_case *d = &demo_cases[i];
		/* 10:00 Asia/Shanghai on the recording day */
		int64_t t0 =
		    ((int64_t)(today - d->days_ago) * 86400) - OS_SHANGHAI_UTC_OFFSET + 10 * 3600;
		/* nobody holds the lookup token of a demo complaint */
		unsigned char hash[32];
		randombytes_buf(hash, sizeof hash);
		int64_t item =
		    d->item ? demo_id(c,
		                      "SELECT id FROM catalog_items WHERE current_version > 0"
		                      " ORDER BY id LIMIT 1 OFFSET ?",
		                      NULL, d->item * 7)
		            : 0;
		store_complaint_new in = {
		    .site_id = d->tier_site == 0   ? center
		               : d->tier_site == 1 ? town
		                                   : village,
		    .item_id = item,
		    .summary = d->summary,
		    .contact_name = d->name,
		    .contact_phone = d->phone,
		    .channel = d->channel,
		    .scope = d->scope,
		    .explanation = d->explanation,
		    .recorded_by = d->channel == CPCH_WINDOW ? coord : 0,
		    .actor = d->channel == CPCH_WINDOW ? CPACT_COORDINATOR : CPACT_ANYONE,
		    .actor_role = d->channel == CPCH_WINDOW ? "complaint" : "anonymous",
		    .token_hash = hash,
		    .now = t0,
		    .cal = a->cal,
		    .answer_days = a->answer_days};
		store_complaint out;
		const char *field = NULL, *why = NULL;
		if ((e = record_c(c, &in, &out, &field)))
			break;
		for (int k = 0; !e && k < 8 && d->steps[k].action != CPA_NONE; k++) {
			const demo_step *s = &d->steps[k];
			store_complaint_act act = {
			    .complaint_id = out.id,
			    .action = s->action,
			    .actor = CPACT_COORDINATOR,
			    .actor_id = coord,
			    .actor_role = "complaint",
			    .department_id =
			        s->dept ? demo_id(c, "SELECT id FROM departments WHERE code = ?",
			                          s->dept, 0)
			                : 0,
			    .text = s->text,
			    .referred_to = s->referred_to,
			    .outcome = s->outcome,
			    .cause = s->cause,
			    .scope = s->scope,
			    .typical = s->action == CPA_TAG,
			    .now = t0 + (int64_t)s->day * 86400 + (int64_t)(s->hour + 1) * 3600};
			if (act.now > a->now)
				act.now = a->now;
			e = apply_c(c, &act, &out, &why, &field);
		}
	}
	if (!e) {
		sweep_args s = {.today = today, .max = SWEEP_MAX};
		e = sweep_op(c, &s);
	}
	return e;
}

os_err store_complaints_demo_load(store *st, const os_calendar *cal, int64_t now, int answer_days)
{
	demo_args a = {.cal = cal, .now = now, .answer_days = answer_days};
	return sq_write(st, demo_op, &a);
}
