/* complaint.h - the complaint window (办不成事反映窗口, DOMAIN.md §6). Pure: no
 * I/O, no clock of its own; the caller passes `now` and the calendar.
 *
 * Anyone records what could not get done (where, which item, what
 * happened); a coordinator takes ownership and drives it to an answer. The
 * lifecycle is one declared table (complaint_rules()): state x action ->
 * next state, who may do it, what it does to the clock. complaint_transition()
 * is the only way a state changes; the store calls it inside the transaction
 * that records the change.
 *
 *   (none) --record--> recorded           anyone, online or at the window
 *   (none) --out_of_scope--> answered      a coordinator at the window
 *   recorded --take--> owned               a coordinator (one owner only)
 *   recorded | owned | in_progress --assign--> owned | in_progress
 *                                          a manager (re)assigns the owner
 *   owned | in_progress --involve--> in_progress   bring in a department
 *   in_progress --respond--> in_progress   a department's response recorded
 *   owned | in_progress --contact--> (same)        the person contacted
 *                                          before the deadline
 *   owned | in_progress --answer--> answered       outcome + cause + answer
 *   recorded | owned | in_progress --out_of_scope--> answered
 *                                          lawsuit / petition / private
 *                                          dispute: explained (outcome
 *                                          "explained", cause none)
 *   answered | closed --tag--> (same)      typical case + improvement note
 *   answered --close--> closed
 *
 * The clock: the answer is due 15 working days (setting
 * complaint_answer_days) after the recording, on the legal calendar, with the
 * receipt rule of os_calendar_deadline_from_receipt() (a complaint recorded
 * on a Sunday counts from the next working day). From complaint_warn_days
 * working days before the deadline the complaint is in its warning stage
 * (contact the person if the answer will run late); after the deadline it is
 * overdue. An answer on or before the due day is in time. */
#ifndef ONESTOP_CORE_COMPLAINT_H
#define ONESTOP_CORE_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"

typedef enum complaint_state {
	CPS_NONE = 0,
	CPS_RECORDED,    /* 已登记 */
	CPS_OWNED,       /* 已认领 */
	CPS_IN_PROGRESS, /* 办理中 (departments brought in) */
	CPS_ANSWERED,    /* 已答复 */
	CPS_CLOSED,      /* 已关闭 (final) */
	CPS__COUNT
} complaint_state;

typedef enum complaint_action {
	CPA_NONE = 0,
	CPA_RECORD,
	CPA_TAKE,
	CPA_ASSIGN,
	CPA_INVOLVE,
	CPA_RESPOND,
	CPA_CONTACT,
	CPA_ANSWER,
	CPA_OUT_OF_SCOPE,
	CPA_TAG,
	CPA_CLOSE,
	CPA__COUNT
} complaint_action;

/* Who acts, relative to the complaint (the route's role is checked on top). */
typedef enum complaint_actor {
	CPACT_ANYONE = 1u << 0,      /* anyone, signed in or not */
	CPACT_COORDINATOR = 1u << 1, /* a complaint coordinator (not the owner) */
	CPACT_OWNER = 1u << 2,       /* the coordinator who owns it */
	CPACT_MANAGER = 1u << 3,     /* a manager of the site */
} complaint_actor;

typedef enum complaint_clock {
	CPK_NONE = 0,
	CPK_START, /* recording: the answer period opens */
	CPK_STOP,  /* answer: in time or late is fixed */
} complaint_clock;

typedef struct complaint_rule {
	complaint_state from;
	complaint_action action;
	complaint_state to;
	unsigned actors; /* complaint_actor bits */
	complaint_clock clock;
	bool needs_text; /* a note, response, answer or explanation is required */
} complaint_rule;

typedef enum complaint_outcome {
	CPO_NONE = 0,
	CPO_DONE,      /* 已办结: it got done */
	CPO_EXPLAINED, /* 已解释: explained why it cannot be done */
	CPO_REFERRED,  /* 已转办: handed to the competent body */
	CPO__COUNT
} complaint_outcome;

typedef enum complaint_cause {
	CPC_NONE = 0,       /* not applicable (out of scope) */
	CPC_MATERIAL_RULES, /* 材料规则缺失 */
	CPC_STAFF,          /* 工作人员 */
	CPC_SYSTEM,         /* 系统 */
	CPC_POLICY,         /* 政策 */
	CPC_OTHER,          /* 其他 */
	CPC__COUNT
} complaint_cause;

/* Matters outside the window's remit: recorded and explained. */
typedef enum complaint_scope {
	CPSC_IN_SCOPE = 0,
	CPSC_LAWSUIT,  /* 涉诉 */
	CPSC_PETITION, /* 信访 */
	CPSC_PRIVATE,  /* 民事纠纷 */
	CPSC__COUNT
} complaint_scope;

typedef enum complaint_channel {
	CPCH_ONLINE = 1, /* the person, on the web */
	CPCH_WINDOW,     /* the coordinator at the window, for the person */
	CPCH__COUNT
} complaint_channel;

typedef enum complaint_warning {
	CPW_NONE = 0, /* no running deadline (answered, closed) */
	CPW_OK,       /* more than complaint_warn_days working days left */
	CPW_WARN,     /* 0..complaint_warn_days working days left: contact the person */
	CPW_OVERDUE,  /* the deadline has passed */
} complaint_warning;

#define COMPLAINT_ANSWER_DAYS 15 /* local rules: answer within 15 working days */
#define COMPLAINT_WARN_DAYS   3
#define COMPLAINT_NO_MAX      24   /* "BC-20260212-0001" */
#define COMPLAINT_TEXT_MAX    2001 /* summary, answer, responses: 2000 bytes */
#define COMPLAINT_NOTE_MAX    1001 /* notes, improvement: 1000 bytes */
#define COMPLAINT_REF_MAX     129  /* referred to: 128 bytes */

/* The table, in declaration order; *n gets its length. */
const complaint_rule *complaint_rules(size_t *n);
/* The rule for (from, action), or NULL when the action is illegal there. */
const complaint_rule *complaint_rule_find(complaint_state from, complaint_action action);
/* Check a transition: OS_OK with *to set; OS_ERR_CONFLICT when the action is
 * illegal in that state (*why: an English reason; taking an owned complaint
 * says "already owned"); OS_ERR_FORBIDDEN when the actor may not do it. */
os_err complaint_transition(complaint_state from, complaint_action action, unsigned actor,
                            complaint_state *to, const char **why);

/* Stable keys (API, database) and Chinese names; NULL/0 when unknown. */
const char *complaint_state_key(complaint_state s);
const char *complaint_state_zh(complaint_state s);
complaint_state complaint_state_from_key(const char *key);
const char *complaint_action_key(complaint_action a);
const char *complaint_action_zh(complaint_action a);
complaint_action complaint_action_from_key(const char *key);
const char *complaint_outcome_key(complaint_outcome o);
const char *complaint_outcome_zh(complaint_outcome o);
complaint_outcome complaint_outcome_from_key(const char *key);
const char *complaint_cause_key(complaint_cause c);
const char *complaint_cause_zh(complaint_cause c);
complaint_cause complaint_cause_from_key(const char *key); /* "none" is not a cause: 0 */
const char *complaint_scope_key(complaint_scope s);
const char *complaint_scope_zh(complaint_scope s);
/* -1 when unknown ("in_scope" gives CPSC_IN_SCOPE). */
int complaint_scope_from_key(const char *key);
const char *complaint_channel_key(complaint_channel c);
complaint_channel complaint_channel_from_key(const char *key);
const char *complaint_warning_key(complaint_warning w);
/* Open: the deadline runs (recorded, owned, in progress). */
bool complaint_state_open(complaint_state s);

/* ---- the clock ---- */
/* The answer deadline: `days` working days after the recording day (the
 * receipt rule applies to recorded_at). days 1..OS_CAL_MAX_WORKDAYS. */
os_err complaint_due(const os_calendar *cal, int64_t recorded_at, int days, os_date *out,
                     int *missing_year);
/* Working days left on `today` until `due`: positive before, 0 on the day,
 * negative after (at least -1 even when no working day lies between). */
os_err complaint_days_left(const os_calendar *cal, os_date today, os_date due, int *out,
                           int *missing_year);
/* The warning of an open complaint with `days_left`; CPW_NONE when closed. */
complaint_warning complaint_warning_for(complaint_state s, int days_left, int warn_days);
/* In time: answered on or before the due day. */
bool complaint_in_time(os_date answered, os_date due);

/* A reference number "BC-YYYYMMDD-NNNN" (the daily sequence, 1..99999999);
 * OS_ERR_INVALID when it does not fit. */
os_err complaint_number_format(os_date day, int64_t seq, char out[COMPLAINT_NO_MAX]);

/* A month key yyyymm of a day (202602 for 2026-02-12). */
int complaint_month(os_date day);

#endif
