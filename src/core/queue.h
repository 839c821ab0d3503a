/* queue.h - the service hall's numbers and calling rules (DOMAIN.md §5).
 * Pure: no I/O, no clock; the caller passes `now` (unix seconds) and the
 * store passes the candidate tickets it read.
 *
 * Tickets. A ticket is numbered with its queue's prefix letter and a daily
 * sequence per hall and queue (A001, A002 … A999, A1000), the day being the
 * Asia/Shanghai calendar date of its issue: the sequence starts again at 1
 * at midnight China Standard Time and a number is never reused within a day.
 *
 * States (queue_transition):
 *
 *   waiting --call--> called --start--> serving --finish--> finished
 *                      |  ^recall         |
 *                      |                  +--hold--> held --resume--> serving
 *                      +--no_show--> no_show --return (within
 *                      |                        noshow_return_minutes)--> waiting
 *   called/serving/held --transfer--> waiting (another queue or one window,
 *                                     keeping its place: the original time)
 *   waiting --cancel--> cancelled
 *
 * The calling rule (queue_pick). Each waiting ticket has a category:
 *   QC_GREEN        green channel (绿色通道): elderly (age from the ID
 *                   number's birth date >= green_age), disabled, ill, pregnant,
 *                   veteran;
 *   QC_APPOINTMENT  checked in for an appointment slot (预约);
 *   QC_WALKIN       everybody else.
 * A window calls, among the waiting tickets of the queues it serves (and
 * those transferred to it by name), the one with the smallest key
 *   (category, rank of its queue at the window, order time, id)
 * where the order time is the time the ticket was taken (kept across
 * transfers; a no-show that returns re-enters at the time of its return, so
 * that people who came on time are not passed over). Tickets transferred to
 * this window by name have rank 0.
 * Policies (setting queue_policy):
 *   strict      exactly that: priority tickets always go first;
 *   interleave  after queue_interleave consecutive priority calls (green or
 *               appointment) at a window, that window's next call is the best
 *               walk-in ticket if there is one, so walk-ins are never starved.
 * The count of consecutive priority calls is kept per window by the store.
 *
 * Wait estimate (queue_estimate): ahead × average service time ÷ open windows
 * serving the queue, rounded up to a minute. */
#ifndef ONESTOP_CORE_QUEUE_H
#define ONESTOP_CORE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"

#define QUEUE_NUMBER_MAX        12 /* "A" + up to 6 digits + NUL, with room */
#define QUEUE_DEFAULT_SERVICE_S 300
#define QUEUE_MAX_PER_WINDOW    32 /* queues one window can serve */
#define QUEUE_MAX_PER_SITE      26 /* one per prefix letter */
#define QUEUE_MAX_SEQ           999999

typedef enum queue_green {
	QG_NONE = 0,
	QG_ELDERLY = 1,
	QG_DISABLED = 2,
	QG_ILL = 3,
	QG_PREGNANT = 4,
	QG_VETERAN = 5,
} queue_green;
#define QG_COUNT 6

typedef enum queue_category {
	QC_GREEN = 0,
	QC_APPOINTMENT = 1,
	QC_WALKIN = 2,
} queue_category;
#define QC_COUNT 3

typedef enum ticket_state {
	TS_WAITING = 1,
	TS_CALLED = 2,
	TS_SERVING = 3,
	TS_FINISHED = 4,
	TS_NO_SHOW = 5,
	TS_HELD = 6,
	TS_CANCELLED = 7,
} ticket_state;

typedef enum ticket_action {
	TA_CALL = 1,
	TA_RECALL,
	TA_NO_SHOW,
	TA_RETURN,
	TA_START,
	TA_HOLD,
	TA_RESUME,
	TA_FINISH,
	TA_TRANSFER,
	TA_CANCEL,
} ticket_action;

typedef enum ticket_source {
	SRC_KIOSK = 1,
	SRC_GUIDE = 2,
	SRC_APPOINTMENT = 3,
	SRC_REMOTE = 4,
} ticket_source;

typedef enum queue_policy_kind { QP_STRICT = 1, QP_INTERLEAVE = 2 } queue_policy_kind;

typedef struct queue_policy {
	queue_policy_kind kind;
	int interleave; /* QP_INTERLEAVE: priority calls before one walk-in (>= 1) */
} queue_policy;

/* "strict" or "interleave" with n (1..100). OS_ERR_INVALID otherwise. */
os_err queue_policy_parse(const char *name, long n, queue_policy *out);

/* Stable keys for the API and the database text; NULL/0 when unknown. */
const char *queue_green_key(queue_green g); /* "none", "elderly", ... */
int queue_green_parse(const char *s);       /* -1 when unknown */
const char *ticket_state_key(ticket_state s);
const char *ticket_source_key(ticket_source s);
int ticket_source_parse(const char *s); /* 0 when unknown */
const char *ticket_action_key(ticket_action a);

/* The state after action a from state `from`. OS_ERR_CONFLICT (and *why, an
 * English sentence) when the action is not allowed in that state. */
os_err queue_transition(ticket_state from, ticket_action a, ticket_state *to, const char **why);

/* The category of a ticket: green class first, then appointment. */
queue_category queue_category_of(queue_green g, bool appointment);

/* Age in whole years on `today` of someone born on `birth`. */
int queue_age(os_date birth, os_date today);
/* The green class an ID number's birth date gives (QG_ELDERLY at green_age
 * or older), or `declared` when that is not QG_NONE: a declared class wins
 * (disabled, pregnant …), else age decides. */
queue_green queue_green_for(queue_green declared, bool has_birth, os_date birth, os_date today,
                            int green_age);

/* The Asia/Shanghai day of a timestamp (the numbering day). */
os_date queue_day(int64_t now);
/* The hour 0..23 of a timestamp in Asia/Shanghai. */
int queue_hour(int64_t now);
/* "A001": prefix letter A-Z and seq 1..QUEUE_MAX_SEQ, at least 3 digits.
 * OS_ERR_INVALID for a bad prefix or seq, OS_ERR_TOO_LARGE when cap is
 * too small. */
os_err queue_number(char prefix, int64_t seq, char *out, size_t cap);

/* One candidate for a call: the best waiting ticket of one queue and one
 * category at this window (the store reads at most one per pair). */
typedef struct queue_candidate {
	int64_t id;
	queue_category category;
	int rank;         /* the queue's rank at the window (0 first) */
	int64_t order_at; /* the time that orders it */
} queue_candidate;

/* The index of the ticket to call among n candidates, or -1 when n is 0.
 * streak: consecutive priority calls at this window so far; *next_streak
 * gets the value to store after this call. */
int queue_pick(const queue_candidate *c, size_t n, const queue_policy *p, int streak,
               int *next_streak);

/* Seconds to wait for someone with `ahead` tickets before him, given the
 * average service time (<= 0: QUEUE_DEFAULT_SERVICE_S) and the open windows
 * serving the queue (<= 0 counts as 1). Rounded up to a whole minute. */
int64_t queue_estimate(int64_t ahead, int64_t avg_service_s, int64_t windows);

/* Whether a no-show called at noshow_at may come back at now. */
bool queue_noshow_may_return(int64_t noshow_at, int64_t now, long minutes);

/* Appointment check-in: -1 too early, 0 within [slot_start - minutes,
 * slot_start + minutes], 1 too late. */
int queue_checkin_window(int64_t slot_start, int64_t now, long minutes);

/* Parse a comma-separated list of positive ids ("3,1,2"; spaces allowed, no
 * duplicates) into out (cap entries). OS_ERR_INVALID for a malformed list or
 * a duplicate, OS_ERR_TOO_LARGE for more than cap. "" gives *n = 0. */
os_err queue_parse_ids(const char *s, int64_t *out, size_t cap, size_t *n);
/* Check a comma-separated list of catalog item codes ([A-Za-z0-9._-],
 * 1..63 each, at most `cap` codes) and write it normalised (no spaces) to
 * out. OS_ERR_INVALID / OS_ERR_TOO_LARGE. */
os_err queue_normalise_codes(const char *s, size_t cap, char *out, size_t outsz);

#endif
