/* case.h - a case (办件) and its legal clock (DOMAIN.md §4). Pure: no I/O, no
 * clock of its own; the caller passes `now` (unix seconds) and the calendar.
 *
 * The lifecycle is one declared table (case_rules()): state x action -> next
 * state, the roles allowed, the effect on the clock. case_transition() is the
 * only way a state changes; the store calls it inside the transaction that
 * records the change.
 *
 *   draft --submit--> prereview (online; item depth >= 3)
 *   (window / proxy filing creates the case directly in `received`)
 *   received | prereview | supplemented
 *          --accept--> accepted        (opens the promised limit)
 *          --refuse--> rejected        (不予受理, reasons required)
 *          --notice--> notice          (一次性告知, not from supplemented:
 *                                        at most one notice per case)
 *          --complete_now--> completed (即办件 only, at the window)
 *   notice --supplement--> supplemented
 *   accepted --review--> review
 *   review | extended --suspend--> suspended (特别程序: the clock stops)
 *   suspended --resume--> review, or extended when the case was extended
 *   review --extend--> extended (once, 1..10 working days, reason)
 *   review | extended --approve | deny--> decided
 *   decided --complete--> completed   (办结: on-time flag fixed here)
 *   completed --deliver--> delivered  (pickup, post with tracking, electronic)
 *   draft .. extended (everything before decided) --withdraw--> withdrawn
 *   received | prereview | supplemented --deem_accept--> accepted
 *          (system: no decision within 5 working days of receipt)
 *
 * The acceptance period: 5 working days from the receipt date
 * (os_calendar_deadline_from_receipt). The decision period: the item's
 * promised limit (legal default 20) in working days from the acceptance, a
 * period starting the day after (accepted 2026-02-12 with 3 days -> due
 * 2026-02-24). A suspension from day s to day e adds the working days d with
 * s < d <= e to the deadline. An extension adds n working days once. */
#ifndef ONESTOP_CORE_CASE_H
#define ONESTOP_CORE_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"

typedef enum case_state {
	CS_NONE = 0,
	CS_DRAFT,        /* 草稿 (online, not yet submitted) */
	CS_PREREVIEW,    /* 网上预审 */
	CS_RECEIVED,     /* 已收件 */
	CS_NOTICE,       /* 一次性告知补正: waiting for the applicant */
	CS_SUPPLEMENTED, /* 已补正 */
	CS_ACCEPTED,     /* 已受理 */
	CS_REJECTED,     /* 不予受理 (final) */
	CS_REVIEW,       /* 审查中 */
	CS_SUSPENDED,    /* 特别程序中止 */
	CS_EXTENDED,     /* 已延期 (under review with the extension) */
	CS_DECIDED,      /* 已决定 (approved or denied) */
	CS_COMPLETED,    /* 已办结 */
	CS_DELIVERED,    /* 已送达 (final) */
	CS_WITHDRAWN,    /* 已撤回 (final) */
	CS__COUNT
} case_state;

typedef enum case_action {
	CA_NONE = 0,
	CA_SUBMIT,
	CA_ACCEPT,
	CA_REFUSE,
	CA_NOTICE,
	CA_SUPPLEMENT,
	CA_COMPLETE_NOW,
	CA_REVIEW,
	CA_SUSPEND,
	CA_RESUME,
	CA_EXTEND,
	CA_APPROVE,
	CA_DENY,
	CA_COMPLETE,
	CA_DELIVER,
	CA_WITHDRAW,
	CA_DEEM_ACCEPT,
	CA__COUNT
} case_action;

/* Who acts, relative to the case (the route's role is checked on top). */
typedef enum case_actor {
	CACT_APPLICANT = 1u << 0, /* the applicant or the proxy filing for him */
	CACT_CLERK = 1u << 1,     /* a window clerk of the case's site */
	CACT_APPROVER = 1u << 2,  /* an approver of the case's department */
	CACT_MANAGER = 1u << 3,   /* the site's manager (extension approval) */
	CACT_SYSTEM = 1u << 4,    /* the platform itself (deemed acceptance) */
} case_actor;

typedef enum case_clock {
	CLK_NONE = 0,
	CLK_ACCEPT_START, /* receipt: the 5-working-day acceptance period opens */
	CLK_START,        /* acceptance: the promised limit opens */
	CLK_PAUSE,        /* suspension starts */
	CLK_RESUME,       /* suspension ends: deadline moves by its working days */
	CLK_EXTEND,       /* deadline + n working days, once */
	CLK_STOP,         /* completion: the on-time flag is fixed */
	CLK_CANCEL,       /* no deadline any more (refused, withdrawn) */
} case_clock;

typedef struct case_rule {
	case_state from;
	case_action action;
	case_state to;
	unsigned actors; /* case_actor bits */
	case_clock clock;
	bool needs_reason; /* refuse, notice, suspend, extend, deny, withdraw */
} case_rule;

typedef enum case_channel {
	CCH_ONLINE = 1, /* 网上办 */
	CCH_WINDOW,     /* 窗口办 */
	CCH_PROXY,      /* 帮代办 (filed by a proxy specialist or butler) */
	CCH_MOBILE,     /* 掌上办 */
	CCH__COUNT
} case_channel;

typedef enum case_delivery {
	CDL_NONE = 0,
	CDL_PICKUP,     /* 窗口领取 */
	CDL_POST,       /* 邮寄 (tracking number required) */
	CDL_ELECTRONIC, /* 电子证照 (PDF) */
	CDL__COUNT
} case_delivery;

typedef enum case_warning {
	CW_NONE = 0, /* no running deadline */
	CW_GREEN,    /* more than 2 working days left */
	CW_YELLOW,   /* 0..2 working days left */
	CW_RED,      /* overdue */
} case_warning;

#define CASE_ACCEPT_DAYS     5  /* 行政许可法 Art. 32 */
#define CASE_DEFAULT_DAYS    20 /* Art. 42 */
#define CASE_EXTEND_MAX_DAYS 10
#define CASE_WARN_DAYS       2
#define CASE_REASON_MAX      1024
#define CASE_NO_MAX          32 /* "YD20260212000123" */

/* The table, in declaration order; *n gets its length. */
const case_rule *case_rules(size_t *n);
/* The rule for (from, action), or NULL when the action is illegal there. */
const case_rule *case_rule_find(case_state from, case_action action);
/* Check a transition: OS_OK with *to set; OS_ERR_CONFLICT when the action is
 * illegal in that state (*why: English reason); OS_ERR_FORBIDDEN when the
 * actor may not do it. `extended` says whether the case already used its
 * extension (CA_EXTEND is refused a second time; CA_RESUME goes back to
 * CS_EXTENDED). */
os_err case_transition(case_state from, case_action action, unsigned actor, bool extended,
                       case_state *to, const char **why);

/* Stable keys (API, database) and names; NULL/0 when unknown. */
const char *case_state_key(case_state s);
const char *case_state_zh(case_state s);
case_state case_state_from_key(const char *key);
const char *case_action_key(case_action a);
const char *case_action_zh(case_action a);
case_action case_action_from_key(const char *key);
const char *case_channel_key(case_channel c);
case_channel case_channel_from_key(const char *key);
const char *case_delivery_key(case_delivery d);
case_delivery case_delivery_from_key(const char *key);
const char *case_warning_key(case_warning w);
/* Final states: no action leads out of them. */
bool case_state_final(case_state s);
/* States before the decision (withdrawal allowed, deadline running). */
bool case_state_open(case_state s);

/* ---- the clock ---- */
/* The last day to decide on acceptance: 5 working days from the receipt. */
os_err case_accept_due(const os_calendar *cal, int64_t received_at, os_date *out,
                       int *missing_year);
/* The decision deadline: `limit` working days after the acceptance day
 * (the receipt-date rule applies to accepted_at). limit 0 = same day. */
os_err case_decision_due(const os_calendar *cal, int64_t accepted_at, int limit, os_date *out,
                         int *missing_year);
/* The deadline after a suspension from `from` to `to` (dates). */
os_err case_due_after_suspension(const os_calendar *cal, os_date due, os_date from, os_date to,
                                 os_date *out, int *missing_year);
/* The deadline after an extension of n working days (1..CASE_EXTEND_MAX_DAYS). */
os_err case_due_after_extension(const os_calendar *cal, os_date due, int n, os_date *out,
                                int *missing_year);
/* Working days left on `today` until `due`: positive before, 0 on the day,
 * negative when overdue (minus the working days since due). */
os_err case_days_left(const os_calendar *cal, os_date today, os_date due, int *out,
                      int *missing_year);
/* The warning for days left (CW_GREEN > 2, CW_YELLOW 0..2, CW_RED < 0). */
case_warning case_warning_for(int days_left);
/* On time: completed no later than the deadline. */
bool case_on_time(os_date completed, os_date due);

/* A case number: site code prefix + date + daily sequence, e.g.
 * "430802-20260212-000123"; OS_ERR_INVALID when it does not fit. */
os_err case_number_format(const char *site_code, os_date day, int64_t seq, char out[CASE_NO_MAX]);

/* ---- uploads ---- */
typedef enum case_mime {
	CM_NONE = 0,
	CM_PDF,
	CM_JPEG,
	CM_PNG,
} case_mime;
#define CASE_UPLOAD_MAX (4 * 1024 * 1024)
/* What the content is, from its bytes (not its name): a PDF starts with
 * "%PDF-" and has "%%EOF" near its end; a JPEG starts FF D8 FF and ends
 * FF D9; a PNG has the 8-byte signature and an IHDR chunk first and IEND
 * last. CM_NONE for anything else or for an empty input. */
case_mime case_sniff(const unsigned char *data, size_t len);
const char *case_mime_type(case_mime m); /* "application/pdf" ... */

/* ---- the application form ---- */
struct cat_field;
struct cat_problem;
#define CASE_FORM_MAX       65536 /* bytes of form JSON */
#define CASE_FORM_TEXT_MAX  200   /* characters of a text or address field */
#define CASE_FORM_AREA_MAX  1000  /* characters of a textarea */
#define CASE_FORM_SHORT_MAX 64    /* characters of the other typed fields */
#define CASE_FORM_ANY_EXTRA                                                                        \
	1u                       /* let names that are not the item's fields pass                  \
	                          * (a bundle's form serves all its items) */
#define CASE_FORM_NO_REQUIRED 2u /* types only; missing required fields pass */
/* Check an application form (a JSON object as text; NULL or "" is the empty
 * form) against an item's fields: every required field present and not
 * empty (a bool: present as true or false), no name the item does not know
 * (unless CASE_FORM_ANY_EXTRA), each value of its type: text, textarea and
 * address a string of one line (textarea: lines) up to the caps above;
 * number a JSON number or a decimal string ("-12", "3.50"); date
 * "YYYY-MM-DD", a real date; id_number a resident ID (GB 11643, birth day
 * not after `today`); uscc a unified social credit code (GB 32100); phone
 * 5 to 20 of digits, spaces, '-' and '+'; bool true or false. null stands
 * for a missing value. OS_OK, or OS_ERR_INVALID with p->field "form" (not
 * an object) or "form.<name>" and an English p->reason. */
os_err case_form_check(const struct cat_field *fields, size_t n, const char *form_json,
                       os_date today, unsigned flags, struct cat_problem *p);

/* ---- the applicant's identity number ---- */
typedef enum case_id_kind {
	CID_NONE = 0,
	CID_RESIDENT, /* 居民身份号码, GB 11643 */
	CID_USCC,     /* 统一社会信用代码, GB 32100: an enterprise or organisation */
} case_id_kind;
/* What an applicant's identity number is: a resident ID (checked first,
 * birth day not after `today`) or a unified social credit code; the
 * normalised number (upper case) into out. CID_NONE (*why: English reason
 * about the resident ID, or the credit code when it looks like one) when
 * it is neither. */
case_id_kind case_id_number(const char *s, os_date today, char out[19], const char **why);
/* Mask a stored identity number for lists: a resident ID keeps its region
 * and last four ("430802********1234"), a credit code its authority, type
 * and region and last four ("91430802******123X"); anything else is all
 * stars. */
void case_mask_id_number(const char *s, char *out, size_t cap);

#endif
