/* complaint.c - the lifecycle table of a complaint, its clock and its
 * reference numbers (see complaint.h). */
#include "core/complaint.h"

#include <stdio.h>

#include "core/lifecycle.h"

#define ANY   CPACT_ANYONE
#define COORD CPACT_COORDINATOR
#define OWNER CPACT_OWNER
#define MGR   CPACT_MANAGER
#define TEXT  true
#define NOTXT false

/* THE table: every legal (state, action) pair, in lifecycle order. */
static const complaint_rule rules[] = {
    /* recording opens the 15-working-day answer period; an out-of-scope
     * matter recorded at the window is explained at once */
    {CPS_NONE, CPA_RECORD, CPS_RECORDED, ANY | COORD | OWNER | MGR, CPK_START, TEXT},
    {CPS_NONE, CPA_OUT_OF_SCOPE, CPS_ANSWERED, COORD, CPK_STOP, TEXT},
    /* one owner: a coordinator takes it, a manager (re)assigns it */
    {CPS_RECORDED, CPA_TAKE, CPS_OWNED, COORD, CPK_NONE, NOTXT},
    {CPS_RECORDED, CPA_ASSIGN, CPS_OWNED, MGR, CPK_NONE, NOTXT},
    {CPS_OWNED, CPA_ASSIGN, CPS_OWNED, MGR, CPK_NONE, NOTXT},
    {CPS_IN_PROGRESS, CPA_ASSIGN, CPS_IN_PROGRESS, MGR, CPK_NONE, NOTXT},
    /* the owner brings in departments and records their responses */
    {CPS_OWNED, CPA_INVOLVE, CPS_IN_PROGRESS, OWNER, CPK_NONE, TEXT},
    {CPS_IN_PROGRESS, CPA_INVOLVE, CPS_IN_PROGRESS, OWNER, CPK_NONE, TEXT},
    {CPS_IN_PROGRESS, CPA_RESPOND, CPS_IN_PROGRESS, OWNER, CPK_NONE, TEXT},
    /* contact the person before the deadline (if the answer runs late) */
    {CPS_OWNED, CPA_CONTACT, CPS_OWNED, OWNER, CPK_NONE, TEXT},
    {CPS_IN_PROGRESS, CPA_CONTACT, CPS_IN_PROGRESS, OWNER, CPK_NONE, TEXT},
    /* the answer: outcome, cause and the text given to the person */
    {CPS_OWNED, CPA_ANSWER, CPS_ANSWERED, OWNER, CPK_STOP, TEXT},
    {CPS_IN_PROGRESS, CPA_ANSWER, CPS_ANSWERED, OWNER, CPK_STOP, TEXT},
    /* lawsuits, petitions, private disputes: explained as out of scope */
    {CPS_RECORDED, CPA_OUT_OF_SCOPE, CPS_ANSWERED, COORD | MGR, CPK_STOP, TEXT},
    {CPS_OWNED, CPA_OUT_OF_SCOPE, CPS_ANSWERED, OWNER, CPK_STOP, TEXT},
    {CPS_IN_PROGRESS, CPA_OUT_OF_SCOPE, CPS_ANSWERED, OWNER, CPK_STOP, TEXT},
    /* typical cases feed improvements */
    {CPS_ANSWERED, CPA_TAG, CPS_ANSWERED, COORD | OWNER | MGR, CPK_NONE, NOTXT},
    {CPS_CLOSED, CPA_TAG, CPS_CLOSED, COORD | OWNER | MGR, CPK_NONE, NOTXT},
    {CPS_ANSWERED, CPA_CLOSE, CPS_CLOSED, COORD | OWNER | MGR, CPK_NONE, NOTXT},
};

const complaint_rule *complaint_rules(size_t *n)
{
	if (n)
		*n = sizeof rules / sizeof rules[0];
	return rules;
}

const complaint_rule *complaint_rule_find(complaint_state from, complaint_action action)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].from == from && rules[i].action == action)
			return &rules[i];
	return NULL;
}

os_err complaint_transition(complaint_state from, complaint_action action, unsigned actor,
                            complaint_state *to, const char **why)
{
	const char *w = NULL;
	os_err e = OS_OK;
	const complaint_rule *r = complaint_rule_find(from, action);
	if (!r) {
		e = OS_ERR_CONFLICT;
		if (action == CPA_TAKE && (from == CPS_OWNED || from == CPS_IN_PROGRESS))
			w = "the complaint already has an owner (a manager can reassign it)";
		else if (from == CPS_CLOSED)
			w = "the complaint is closed";
		else if (from == CPS_ANSWERED && action != CPA_RECORD)
			w = "the complaint has been answered";
		else
			w = "the action is not allowed in the complaint's state";
	} else if (!(r->actors & actor)) {
		e = OS_ERR_FORBIDDEN;
		w = (r->actors == CPACT_OWNER)
		        ? "only the coordinator who owns the complaint may do this"
		        : "this actor may not take the action";
	}
	if (why)
		*why = w;
	if (e)
		return e;
	if (to)
		*to = r->to;
	return OS_OK;
}

/* ---- keys and names ---- */
static const char *const state_keys[CPS__COUNT] = {NULL,          "recorded", "owned",
                                                   "in_progress", "answered", "closed"};
static const char *const state_zh[CPS__COUNT] = {NULL,     "已登记", "已认领",
                                                 "办理中", "已答复", "已关闭"};
static const char *const action_keys[CPA__COUNT] = {NULL,           "record",  "take",    "assign",
                                                    "involve",      "respond", "contact", "answer",
                                                    "out_of_scope", "tag",     "close"};
static const char *const action_zh[CPA__COUNT] = {
    NULL,       "登记", "认领",         "指派",         "协调部门", "部门回复",
    "联系群众", "答复", "不属受理范围", "标记典型案例", "关闭"};
static const char *const outcome_keys[CPO__COUNT] = {"none", "done", "explained", "referred"};
static const char *const outcome_zh[CPO__COUNT] = {"", "已办结", "已解释", "已转办"};
static const char *const cause_keys[CPC__COUNT] = {"none",   "material_rules", "staff",
                                                   "system", "policy",         "other"};
static const char *const cause_zh[CPC__COUNT] = {"",     "材料规则缺失", "工作人员",
                                                 "系统", "政策",         "其他"};
static const char *const scope_keys[CPSC__COUNT] = {"in_scope", "lawsuit", "petition",
                                                    "private_dispute"};
static const char *const scope_zh[CPSC__COUNT] = {"受理范围内", "涉诉", "信访", "民事纠纷"};
static const char *const channel_keys[CPCH__COUNT] = {NULL, "online", "window"};
static const char *const warning_keys[] = {"none", "ok", "warn", "overdue"};

const char *complaint_state_key(complaint_state s)
{
	return lc_key(state_keys, CPS__COUNT, (int)s);
}

const char *complaint_state_zh(complaint_state s)
{
	return lc_key(state_zh, CPS__COUNT, (int)s);
}

complaint_state complaint_state_from_key(const char *key)
{
	return (complaint_state)lc_key_value(state_keys, CPS__COUNT, key);
}

const char *complaint_action_key(complaint_action a)
{
	return lc_key(action_keys, CPA__COUNT, (int)a);
}

const char *complaint_action_zh(complaint_action a)
{
	return lc_key(action_zh, CPA__COUNT, (int)a);
}

complaint_action complaint_action_from_key(const char *key)
{
	return (complaint_action)lc_key_value(action_keys, CPA__COUNT, key);
}

const char *complaint_outcome_key(complaint_outcome o)
{
	return lc_key(outcome_keys, CPO__COUNT, (int)o);
}

const char *complaint_outcome_zh(complaint_outcome o)
{
	return lc_key(outcome_zh, CPO__COUNT, (int)o);
}

complaint_outcome complaint_outcome_from_key(const char *key)
{
	return (complaint_outcome)lc_key_value(outcome_keys, CPO__COUNT, key);
}

const char *complaint_cause_key(complaint_cause c)
{
	return lc_key(cause_keys, CPC__COUNT, (int)c);
}

const char *complaint_cause_zh(complaint_cause c)
{
	return lc_key(cause_zh, CPC__COUNT, (int)c);
}

complaint_cause complaint_cause_from_key(const char *key)
{
	return (complaint_cause)lc_key_value(cause_keys, CPC__COUNT, key);
}

const char *complaint_scope_key(complaint_scope s)
{
	return lc_key(scope_keys, CPSC__COUNT, (int)s);
}

const char *complaint_scope_zh(complaint_scope s)
{
	return lc_key(scope_zh, CPSC__COUNT, (int)s);
}

int complaint_scope_from_key(const char *key)
{
	return lc_key_index(scope_keys, CPSC__COUNT, key);
}

const char *complaint_channel_key(complaint_channel c)
{
	return lc_key(channel_keys, CPCH__COUNT, (int)c);
}

complaint_channel complaint_channel_from_key(const char *key)
{
	return (complaint_channel)lc_key_value(channel_keys, CPCH__COUNT, key);
}

const char *complaint_warning_key(complaint_warning w)
{
	return lc_key(warning_keys, CPW_OVERDUE + 1, (int)w);
}

bool complaint_state_open(complaint_state s)
{
	return s == CPS_RECORDED || s == CPS_OWNED || s == CPS_IN_PROGRESS;
}

/* ---- the clock ---- */
os_err complaint_due(const os_calendar *cal, int64_t recorded_at, int days, os_date *out,
                     int *missing_year)
{
	if (days < 1 || days > OS_CAL_MAX_WORKDAYS)
		return OS_ERR_INVALID;
	return os_calendar_deadline_from_receipt(cal, recorded_at, days, out, missing_year);
}

os_err complaint_days_left(const os_calendar *cal, os_date today, os_date due, int *out,
                           int *missing_year)
{
	return lc_days_left(cal, today, due, out, missing_year);
}

complaint_warning complaint_warning_for(complaint_state s, int days_left, int warn_days)
{
	if (!complaint_state_open(s))
		return CPW_NONE;
	if (days_left < 0)
		return CPW_OVERDUE;
	if (days_left <= warn_days)
		return CPW_WARN;
	return CPW_OK;
}

bool complaint_in_time(os_date answered, os_date due)
{
	return answered <= due;
}

os_err complaint_number_format(os_date day, int64_t seq, char out[COMPLAINT_NO_MAX])
{
	int y, m, d;
	out[0] = '\0';
	if (seq < 1 || seq > 99999999 || day < os_date_min() || day > os_date_max())
		return OS_ERR_INVALID;
	os_date_to_ymd(day, &y, &m, &d);
	int n = snprintf(out, COMPLAINT_NO_MAX, "BC-%04d%02d%02d-%04lld", y, m, d, (long long)seq);
	if (n < 0 || n >= COMPLAINT_NO_MAX) {
		out[0] = '\0';
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

int complaint_month(os_date day)
{
	return lc_month(day);
}
