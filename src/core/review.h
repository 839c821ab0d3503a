/* review.h - good/bad reviews (好差评, DOMAIN.md §6). Pure rules, no I/O.
 *
 * A service event (a finished ticket at a window, a completed case) is rated
 * once on five levels, with the dimensions the national rules name for its
 * kind of service and an optional comment. Levels 4 and 5 are bad reviews:
 * each opens a follow-up for the responsible site's managers, driven by the
 * declared table review_followup_rules(). A wrong rating may be appealed;
 * the appeal is decided by someone other than the appellant and, when
 * upheld, excludes the rating from the praise rate (the rating itself is
 * never changed). Praise rate = levels 1-3 / all counted ratings. */
#ifndef ONESTOP_CORE_REVIEW_H
#define ONESTOP_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define REVIEW_FIX_DAYS_DEFAULT 15 /* local rules: fix within 15 working days */
#define REVIEW_NOTE_MAX         1024
#define REVIEW_COMMENT_MAX      500 /* characters of UTF-8 text, in bytes: 4x */
#define REVIEW_LINK_MAX         64

/* The five levels; 1 is best. Stored as these integers. */
typedef enum review_level {
	RL_NONE = 0,
	RL_VERY_SATISFIED = 1, /* 非常满意 */
	RL_SATISFIED,          /* 满意 */
	RL_BASIC,              /* 基本满意 */
	RL_UNSATISFIED,        /* 不满意 (bad) */
	RL_VERY_UNSATISFIED,   /* 非常不满意 (bad) */
	RL__COUNT
} review_level;

typedef struct review_level_info {
	review_level level;
	const char *key, *zh, *en;
	bool bad;
} review_level_info;

/* The table, level 1 first; *n gets its length. */
const review_level_info *review_levels(size_t *n);
const review_level_info *review_level_get(review_level l); /* NULL when unknown */
review_level review_level_from_key(const char *key);       /* RL_NONE when unknown */
bool review_level_bad(review_level l);
/* Counts towards the praise rate's numerator (levels 1-3). */
bool review_level_good(review_level l);

/* The kinds of service, each with its own dimensions. */
typedef enum review_service {
	RSV_WINDOW = 1u << 0, /* at a window: a hall ticket, a case filed at a window */
	RSV_ONLINE = 1u << 1, /* online, mobile, or by the guide's advice */
} review_service;

/* The dimensions (stored in columns d_<key>). */
typedef enum review_dim {
	RD_ATTITUDE = 0, /* 服务态度 */
	RD_EFFICIENCY,   /* 办事效率 */
	RD_ACCURACY,     /* 办事指南准确性 */
	RD_CONVENIENCE,  /* 便捷性 */
	RD__COUNT
} review_dim;

typedef struct review_dim_info {
	review_dim dim;
	const char *key, *zh, *en;
	unsigned services; /* review_service bits the dimension applies to */
} review_dim_info;

const review_dim_info *review_dims(size_t *n);
const review_dim_info *review_dim_by_key(const char *key);
bool review_dim_applies(review_dim d, review_service s);

/* The service events. */
typedef enum review_event {
	REV_TICKET = 1, /* a finished hall ticket */
	REV_CASE = 2,   /* a completed or delivered case */
} review_event;
const char *review_event_key(review_event k);

/* How the rating came in. */
typedef enum review_source {
	RSRC_TABLET = 1, /* the tablet at the window, anonymous */
	RSRC_SIGNED_IN,  /* the applicant signed in (the case page) */
	RSRC_LINK,       /* the link sent after completion */
} review_source;
const char *review_source_key(review_source s);

/* A rating as given, checked by review_check(). dims[d] 0 = not rated. */
typedef struct review_input {
	review_level level;
	int dims[RD__COUNT];
	const char *comment; /* may be NULL */
	const char *phone;   /* may be NULL */
} review_input;
/* Check a rating for a service: the level, each given dimension (1..5 and
 * applying to the service), the comment (valid UTF-8 without control
 * characters but newline, at most REVIEW_COMMENT_MAX characters) and the
 * phone (digits, optional leading +, 5..20). OS_ERR_INVALID with *field
 * naming the offending input and *why an English reason. */
os_err review_check(const review_input *in, review_service s, const char **field, const char **why);

/* ---- the follow-up of a bad review ---- */
typedef enum review_fu_state {
	RFS_NONE = 0,
	RFS_OPENED = 1,      /* 待核实: opened with the bad review */
	RFS_VERIFIED,        /* 已核实: the call to the person is recorded */
	RFS_FIXED_NOW,       /* 立即整改 */
	RFS_FIX_BY_DEADLINE, /* 限期整改: due within the working days given */
	RFS_EXPLAINED,       /* 解释说明: with the legal basis */
	RFS_ANSWERED,        /* 已回复: the person was told */
	RFS_CLOSED,          /* 已办结 */
	RFS__COUNT
} review_fu_state;

typedef enum review_fu_action {
	RFA_NONE = 0,
	RFA_VERIFY = 1,      /* note: the call (who, when, what was said) */
	RFA_FIX_NOW,         /* note: what was fixed */
	RFA_FIX_BY_DEADLINE, /* note: the plan; days (default review_fix_days) */
	RFA_EXPLAIN,         /* legal_basis required; note optional */
	RFA_ANSWER,          /* answer: what the person was told */
	RFA_CLOSE,
	RFA__COUNT
} review_fu_action;

/* What an action requires. */
typedef enum review_fu_needs {
	RFN_NOTE = 1u << 0,
	RFN_LEGAL_BASIS = 1u << 1,
	RFN_ANSWER = 1u << 2,
	RFN_DEADLINE = 1u << 3, /* sets a new due date: today + days working days */
} review_fu_needs;

typedef struct review_fu_rule {
	review_fu_state from;
	review_fu_action action;
	review_fu_state to;
	unsigned needs; /* review_fu_needs bits */
} review_fu_rule;

const review_fu_rule *review_followup_rules(size_t *n);
/* OS_OK with *to; OS_ERR_CONFLICT (*why) when the action is illegal there. */
os_err review_followup_step(review_fu_state from, review_fu_action a, review_fu_state *to,
                            const char **why);
/* The actions legal in a state, as bits (1u << action). */
unsigned review_followup_actions(review_fu_state s);
bool review_followup_open(review_fu_state s); /* not yet answered */
const char *review_fu_state_key(review_fu_state s);
const char *review_fu_state_zh(review_fu_state s);
const char *review_fu_action_key(review_fu_action a);
const char *review_fu_action_zh(review_fu_action a);
review_fu_action review_fu_action_from_key(const char *key);
review_fu_state review_fu_state_from_key(const char *key);

/* ---- appeals ---- */
typedef enum review_appeal_state {
	RAP_NONE = 0,
	RAP_FILED = 1, /* 申诉中 */
	RAP_UPHELD,    /* 申诉成立: excluded from the praise rate */
	RAP_REJECTED,  /* 申诉不成立 */
} review_appeal_state;
const char *review_appeal_key(review_appeal_state s);
/* Who may decide: anyone but the appellant, once. OS_ERR_FORBIDDEN when the
 * decider is the appellant, OS_ERR_CONFLICT when already decided, OS_ERR_INVALID
 * when `to` is not upheld or rejected. */
os_err review_appeal_decide(review_appeal_state from, int64_t appellant_id, int64_t decider_id,
                            review_appeal_state to, const char **why);

/* ---- figures ---- */
/* Praise rate in tenths of a percent (0..1000) of good / counted; -1 when
 * nothing is counted. Rounded half up. */
int review_rate_permille(int64_t good, int64_t counted);

/* ---- rating links ---- */
/* A link token for a service event: "<t|c><id>.<base64url HMAC-SHA256 of
 * the event under secret, first 16 bytes>". OS_ERR_TOO_LARGE when cap is
 * too small (REVIEW_LINK_MAX is enough). */
os_err review_link_make(const unsigned char secret[32], review_event kind, int64_t id, char *out,
                        size_t cap);
/* Parse and verify a token (constant-time MAC comparison). OS_ERR_INVALID
 * for a malformed or forged token. */
os_err review_link_parse(const unsigned char secret[32], const char *token, review_event *kind,
                         int64_t *id);

#endif
