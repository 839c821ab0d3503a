/* proxy.h - proxy service (帮代办), home visits (上门办) and volunteer butlers
 * (政务管家), DOMAIN.md §6. Pure: no I/O, no clock; the caller passes `now`
 * and `today`.
 *
 * A request. Someone asks for help for a person: the person himself, a
 * relative, or a village station on his behalf (proxy_filer), online or at
 * the proxy window (proxy_channel), for one catalog item, as
 *   PK_HELP    帮办: a specialist helps the person apply himself;
 *   PK_AGENCY  代办: the specialist files the cases for the person;
 *   PK_HOME    上门办: as 代办, with a home visit (or a video assessment).
 * The authorisation (委托) says who may act for whom (the person, recorded
 * sealed, grants it to the requester and to the assignee), for which items
 * (catalog codes) and until which day; a case is filed for the person only
 * under it (proxy_auth_check).
 *
 * The lifecycle is one declared table (proxy_rules()):
 *
 *   submitted --assign--> assigned --start--> in_progress
 *   assigned | in_progress --schedule_visit--> visit_scheduled
 *   visit_scheduled --schedule_visit--> visit_scheduled (rescheduled)
 *   visit_scheduled --record_visit--> visit_done
 *   assigned | in_progress | visit_done | cases_filed --file_case--> cases_filed
 *   in_progress | visit_done | cases_filed --complete--> completed
 *            (the results delivered: post with a tracking number, pickup,
 *             electronic; or nothing to deliver for plain help)
 *   assigned .. cases_filed --reassign--> the same state (another assignee)
 *   submitted .. cases_filed --cancel--> cancelled (reason)
 *
 * Who acts (proxy_actor bits): the requester (cancel before the work
 * starts), the assignee (a specialist or a butler: the work), a proxy
 * specialist or manager of the request's site (assignment and everything
 * the assignee may do).
 *
 * Priority (proxy_priority_cmp): green-channel people first (DOMAIN.md §5:
 * elderly by the ID number's birth date at proxy_green_age or older,
 * disabled, ill, pregnant, veterans: the hall's classes, queue_green), among
 * them and among the others home visits first, then the oldest request. */
#ifndef ONESTOP_CORE_PROXY_H
#define ONESTOP_CORE_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/queue.h"

#define PROXY_NO_MAX        24 /* "PX20260212-0001" and room */
#define PROXY_REASON_MAX    1025
#define PROXY_ITEMS_MAX     16 /* catalog codes in one authorisation */
#define PROXY_CODES_CAP     1024
#define PROXY_TEAM_MAX      8 /* members of a visit team */
#define PROXY_TEAM_CAP      640
#define PROXY_AUTH_MAX_DAYS 366 /* an authorisation is valid at most a year */

typedef enum proxy_kind {
	PK_NONE = 0,
	PK_HELP = 1,   /* 帮办 */
	PK_AGENCY = 2, /* 代办 */
	PK_HOME = 3,   /* 上门办 */
	PK__COUNT
} proxy_kind;

typedef enum proxy_filer {
	PF_NONE = 0,
	PF_SELF = 1,     /* 本人 */
	PF_RELATIVE = 2, /* 亲属 */
	PF_STATION = 3,  /* 村(社区)便民服务站 */
	PF__COUNT
} proxy_filer;

typedef enum proxy_channel {
	PCH_NONE = 0,
	PCH_ONLINE = 1, /* 网上申请 */
	PCH_WINDOW = 2, /* 帮代办窗口 */
	PCH__COUNT
} proxy_channel;

typedef enum proxy_state {
	PS_NONE = 0,
	PS_SUBMITTED,       /* 已提交 */
	PS_ASSIGNED,        /* 已指派 */
	PS_IN_PROGRESS,     /* 办理中 */
	PS_VISIT_SCHEDULED, /* 已约上门 */
	PS_VISIT_DONE,      /* 已上门 */
	PS_CASES_FILED,     /* 已代为申请 */
	PS_COMPLETED,       /* 已办结 (final) */
	PS_CANCELLED,       /* 已取消 (final) */
	PS__COUNT
} proxy_state;

typedef enum proxy_action {
	PA_NONE = 0,
	PA_ASSIGN,
	PA_REASSIGN,
	PA_START,
	PA_SCHEDULE_VISIT,
	PA_RECORD_VISIT,
	PA_FILE_CASE,
	PA_COMPLETE,
	PA_CANCEL,
	PA__COUNT
} proxy_action;

typedef enum proxy_actor {
	PACT_REQUESTER = 1u << 0,  /* the account that filed the request */
	PACT_ASSIGNEE = 1u << 1,   /* the specialist or butler it is assigned to */
	PACT_SPECIALIST = 1u << 2, /* a proxy specialist or manager of its site */
} proxy_actor;

typedef struct proxy_rule {
	proxy_state from;
	proxy_action action;
	proxy_state to; /* PS_NONE: the state stays (reassign, reschedule) */
	unsigned actors;
	bool needs_reason;
} proxy_rule;

/* The declared table, n rows. */
const proxy_rule *proxy_rules(size_t *n);

/* The state after action a from `from` by an actor with bits `actor`.
 * OS_ERR_CONFLICT (*why) when the action is not allowed in that state,
 * OS_ERR_FORBIDDEN (*why) when it is but not for this actor. */
os_err proxy_transition(proxy_state from, proxy_action a, unsigned actor, proxy_state *to,
                        const char **why);
/* Whether the rule for (from, a) requires a reason. */
bool proxy_needs_reason(proxy_state from, proxy_action a);

/* Stable keys (API, pages) and Chinese labels; NULL when unknown. */
const char *proxy_kind_key(proxy_kind k); /* "help", "agency", "home" */
const char *proxy_kind_zh(proxy_kind k);
int proxy_kind_parse(const char *s);        /* 0 when unknown */
const char *proxy_filer_key(proxy_filer f); /* "self", "relative", "station" */
int proxy_filer_parse(const char *s);
const char *proxy_channel_key(proxy_channel c); /* "online", "window" */
int proxy_channel_parse(const char *s);
const char *proxy_state_key(proxy_state s);
const char *proxy_state_zh(proxy_state s);
int proxy_state_parse(const char *s);
const char *proxy_action_key(proxy_action a);
int proxy_action_parse(const char *s);
bool proxy_state_open(proxy_state s); /* not completed nor cancelled */

/* ---- priority ---- */
typedef struct proxy_order {
	int64_t id;
	queue_green green;
	proxy_kind kind;
	int64_t submitted_at;
} proxy_order;
/* qsort comparator over proxy_order: green first, home visits next, then
 * oldest first, then id. */
int proxy_priority_cmp(const void *a, const void *b);
/* The class a request gets: the declared one, else elderly when the ID
 * number's birth date makes the person green_age or older on today
 * (queue_green_for). */
queue_green proxy_green_of(queue_green declared, bool has_birth, os_date birth, os_date today,
                           int green_age);
/* Whether home service is offered first: every green class. */
bool proxy_offer_home(queue_green g);

/* ---- authorisation (委托) ---- */
typedef struct proxy_auth {
	char items[PROXY_CODES_CAP]; /* normalised "code1,code2" */
	os_date valid_until;
	bool consent; /* the person (or his guardian) agreed */
} proxy_auth;
/* Check and normalise the authorisation given with a request: consent
 * true, 1..PROXY_ITEMS_MAX codes, valid_until from today to
 * today + PROXY_AUTH_MAX_DAYS. *field names the offending input
 * ("consent", "auth_items", "auth_until") and *why says why. */
os_err proxy_auth_make(bool consent, const char *items, os_date valid_until, os_date today,
                       proxy_auth *out, const char **field, const char **why);
/* May the agent act for the item `code` on `today`? OS_ERR_FORBIDDEN
 * (*why) when the item is not covered or the authorisation has expired. */
os_err proxy_auth_check(const proxy_auth *a, const char *code, os_date today, const char **why);

/* ---- home visits ---- */
typedef enum proxy_visit_mode {
	PVM_NONE = 0,
	PVM_HOME = 1,  /* 上门 */
	PVM_VIDEO = 2, /* 视频远程评估 */
	PVM__COUNT
} proxy_visit_mode;
typedef enum proxy_visit_state {
	PVS_SCHEDULED = 1,
	PVS_DONE = 2,
	PVS_MISSED = 3, /* nobody home / call failed: schedule again */
} proxy_visit_state;
const char *proxy_visit_mode_key(proxy_visit_mode m); /* "home", "video" */
int proxy_visit_mode_parse(const char *s);
const char *proxy_visit_state_key(proxy_visit_state s); /* "scheduled", "done", "missed" */

/* Check and normalise a visit team: 1..PROXY_TEAM_MAX members separated by
 * commas or semicolons (full-width too), each "role:name" with role one of
 * doctor, specialist, butler, approver, staff, relative, other and a name
 * of 1..60 bytes without control characters. Written as "role:name,..."
 * into out. OS_ERR_INVALID (*why) / OS_ERR_TOO_LARGE. *has_doctor says
 * whether a doctor is on the team. */
os_err proxy_team_normalise(const char *s, char *out, size_t cap, bool *has_doctor,
                            const char **why);

/* "YYYY-MM-DDTHH:MM" (or with a space) on the Asia/Shanghai clock to unix
 * seconds. OS_ERR_INVALID for anything else. */
os_err proxy_parse_local(const char *s, int64_t *out);

/* The request number "PX" + YYYYMMDD + "-" + 4-digit daily sequence. */
os_err proxy_number(os_date day, int64_t seq, char *out, size_t cap);

/* yyyymm of a day (figures by month). */
int proxy_month(os_date day);

#endif
