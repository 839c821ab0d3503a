/* visa.h - the airport port-visa office (口岸签证, DOMAIN.md §7): tour groups
 * pre-submitted by travel agencies, their members, the officer's review,
 * the watch list, arrival and issuance, special individual cases, the fee
 * schedule, visa numbers and the daily figures. Pure: no I/O, no clock (the
 * caller passes "today" and "now"), plain structs with fixed arrays.
 *
 * Rules (see also docs in DOMAIN.md §7 and §9):
 *  - A group visa (团体旅游签证) is single entry; the stay is 1..30 days. It is
 *    valid from the arrival date to arrival + stay - 1 (the last day of the
 *    stay); every passport must expire after that day.
 *  - A group is submitted at least `visa_submit_deadline_hours` (config)
 *    before its scheduled arrival (Asia/Shanghai wall time).
 *  - Members are validated one by one; errors name the member (0-based index
 *    in what was submitted, -1 for the group itself), the field and a reason.
 *    Callers save nothing when there is any error.
 *  - Fees come only from the schedule below (per person, per visa type,
 *    possibly zero). There is no surcharge anywhere: no field, no parameter.
 *    Every receipt states VISA_NO_SURCHARGE_ZH / _EN.
 *  - Visa numbers are "ZJJ" + year + 6-digit sequence, allocated by the store
 *    inside the issuing transaction. */
#ifndef ONESTOP_CORE_VISA_H
#define ONESTOP_CORE_VISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"

#define VISA_PORT_CODE     "DYG"
#define VISA_PORT_NAME_ZH  "张家界荷花国际机场"
#define VISA_PORT_NAME_EN  "Zhangjiajie Hehua International Airport"
#define VISA_NUMBER_PREFIX "ZJJ"

#define VISA_NO_SURCHARGE_ZH "除规定费用外，不收取任何其他费用"
#define VISA_NO_SURCHARGE_EN "No charge beyond the official fee"

/* Caps (also the database's CHECK limits and the route field specs). */
#define VISA_MAX_STAY_DAYS  30
#define VISA_MAX_MEMBERS    200 /* members in one group */
#define VISA_NAME_MAX       40  /* surname / given names, bytes incl. NUL (MRZ: 39) */
#define VISA_PASSPORT_MAX   10  /* passport number: 5..9 of A-Z 0-9, and NUL */
#define VISA_GROUP_NO_MAX   32  /* agency's group number: 1..31 of A-Z a-z 0-9 - _ / */
#define VISA_FLIGHT_MAX     9   /* "7C8601": airline code + 1..4 digits (+ letter) */
#define VISA_TEXT_MAX       512 /* itinerary, notes: bytes incl. NUL */
#define VISA_PERSON_MAX     64  /* leader / contact names */
#define VISA_PHONE_MAX      32
#define VISA_ORG_MAX        128   /* agency names */
#define VISA_LICENCE_MAX    32    /* travel agency licence number */
#define VISA_REASON_MAX     256   /* an officer's reason */
#define VISA_DOCREF_MAX     128   /* special case: supporting document reference */
#define VISA_NUMBER_MAX     16    /* "ZJJ2023000001" */
#define VISA_RECEIPT_MAX    20    /* "ZJJ2023000001-R" */
#define VISA_CSV_MAX        65536 /* bytes of CSV text */
#define VISA_MRZ_TEXT_MAX   24576 /* bytes of pasted MRZ lines */
#define VISA_MAX_ERRORS     100   /* errors reported for one submission */
#define VISA_STATS_MAX_DAYS 92    /* longest period of the figures */

/* ---- errors per member ---------------------------------------------------- */

typedef struct visa_error {
	int index;        /* 0-based member index in the submission; -1 = the group */
	char field[24];   /* e.g. "passport_number", "birth_date", "mrz", "csv" */
	char code[24];    /* stable slug: "required", "check-digit", "duplicate" ... */
	char reason[160]; /* one English sentence */
} visa_error;

typedef struct visa_errors {
	visa_error items[VISA_MAX_ERRORS];
	int n;
	int dropped; /* errors beyond VISA_MAX_ERRORS */
} visa_errors;

void visa_errors_add(visa_errors *e, int index, const char *field, const char *code,
                     const char *reason);
/* Errors reported for a given member index. */
int visa_errors_for(const visa_errors *e, int index);

/* ---- states ---------------------------------------------------------------- */

typedef enum visa_group_status {
	VG_DRAFT = 1,    /* 草稿: the agency is still editing */
	VG_SUBMITTED,    /* 已提交: pre-submitted, waiting for review */
	VG_UNDER_REVIEW, /* 审核中: an officer has started deciding */
	VG_APPROVED,     /* 已批准: may arrive */
	VG_RETURNED,     /* 退回补正: the agency must correct and resubmit */
	VG_REFUSED,      /* 不予签发 */
	VG_ARRIVED,      /* 已抵达: scanning at the window */
	VG_ISSUED,       /* 已签发 */
	VG_CANCELLED,    /* 已取消 */
	VG__COUNT
} visa_group_status;

typedef enum visa_group_action {
	VGA_EDIT = 1, /* change the group or its members */
	VGA_SUBMIT,
	VGA_REVIEW, /* an officer decides on a member */
	VGA_APPROVE,
	VGA_RETURN,
	VGA_REFUSE,
	VGA_ARRIVE, /* a member is scanned / marked at the window */
	VGA_ISSUE,
	VGA_CANCEL,
} visa_group_action;

typedef enum visa_member_status {
	VM_PENDING = 1, /* 待审 */
	VM_APPROVED,    /* 已批准 */
	VM_REFUSED,     /* 不予签发 */
	VM_FLAGGED,     /* 布控比中，待人工核查: the watch list matched */
	VM_PRESENT,     /* 已到场 */
	VM_ABSENT,      /* 未到，已划除: struck off */
	VM_ISSUED,      /* 已签发 */
	VM__COUNT
} visa_member_status;

typedef enum visa_member_action {
	VMA_APPROVE = 1,
	VMA_REFUSE,
	VMA_RETURN, /* needs correction: back to pending, the group is returned */
	VMA_FLAG,   /* the watch list matched */
	VMA_PRESENT,
	VMA_ABSENT,
	VMA_ISSUE,
	VMA_RESUBMIT, /* the group is submitted again: re-check */
} visa_member_action;

const char *visa_group_status_key(visa_group_status s);     /* "draft" ... */
const char *visa_group_status_name(visa_group_status s);    /* "草稿" ... */
visa_group_status visa_group_status_parse(const char *key); /* 0 if unknown */
const char *visa_member_status_key(visa_member_status s);
const char *visa_member_status_name(visa_member_status s);
visa_member_status visa_member_status_parse(const char *key);
/* Active groups hold their members' passports: a passport may be in one
 * active group at a time. */
bool visa_group_active(visa_group_status s);
/* The agency may change the group and its members. */
bool visa_group_editable(visa_group_status s);

/* The next group state for an action; OS_ERR_CONFLICT (and *why set to an
 * English sentence) when the action is not allowed in `from`. */
os_err visa_group_next(visa_group_status from, visa_group_action a, visa_group_status *to,
                       const char **why);
/* The next member state for an action in a group in state `g`. */
os_err visa_member_next(visa_group_status g, visa_member_status from, visa_member_action a,
                        visa_member_status *to, const char **why);

/* ---- agencies, groups, members --------------------------------------------- */

typedef struct visa_agency {
	int64_t id;
	char name[VISA_ORG_MAX];
	char name_en[VISA_ORG_MAX];
	char licence_no[VISA_LICENCE_MAX];
	char contact_name[VISA_PERSON_MAX];
	char contact_phone[VISA_PHONE_MAX];
	char contact_email[96];
} visa_agency;

typedef struct visa_group {
	int64_t id, agency_id;
	char agency_name[VISA_ORG_MAX]; /* filled by the store when reading */
	char group_no[VISA_GROUP_NO_MAX];
	char flight[VISA_FLIGHT_MAX];
	os_date arrival_date;
	int arrival_minute; /* minutes after midnight, Asia/Shanghai */
	char itinerary[VISA_TEXT_MAX];
	int stay_days;
	char leader_name[VISA_PERSON_MAX];
	char leader_phone[VISA_PHONE_MAX];
	visa_group_status status;
	char note[VISA_REASON_MAX]; /* the officer's last reason */
	int64_t created_at, submitted_at, decided_at, arrived_at, issued_at;
	int64_t visa_id; /* the issued visa, 0 if none */
} visa_group;

typedef struct visa_member {
	int64_t id, group_id;
	int seq; /* 1-based order in the group */
	char surname[VISA_NAME_MAX];
	char given_names[VISA_NAME_MAX];
	char sex; /* 'M', 'F' or 'X' */
	os_date birth;
	char nationality[4];
	char passport[VISA_PASSPORT_MAX];
	os_date expiry;
	visa_member_status status;
	char note[VISA_REASON_MAX];
	bool needs_correction; /* the officer asked the agency to correct it */
	int64_t watch_id;      /* the watch-list entry that matched, 0 if none */
	int64_t scanned_at;    /* 0 until the MRZ was scanned on arrival */
} visa_member;

/* "HH:MM" (00:00..23:59) to minutes after midnight. */
os_err visa_parse_hhmm(const char *s, int *minutes);
void visa_format_hhmm(int minutes, char out[6]);
/* The Unix time of a wall-clock arrival in Asia/Shanghai. */
int64_t visa_arrival_unix(os_date date, int minute);
/* Validity of a visa for an arrival and a stay: from the arrival date to its
 * last day (arrival + stay - 1). */
void visa_validity(os_date arrival, int stay_days, os_date *from, os_date *until);

/* Validate a group's own fields. `today` bounds the arrival date (not in the
 * past) when check_future is set. Errors have index -1. */
bool visa_group_validate(const visa_group *g, os_date today, bool check_future, visa_errors *e);
bool visa_agency_validate(const visa_agency *a, visa_errors *e);
/* Pre-submission deadline: OS_ERR_CONFLICT when `now` is later than the
 * arrival minus deadline_hours. */
os_err visa_submit_check(int64_t arrival_at, int64_t now, long deadline_hours);

/* Build a member from the seven text fields of hand entry or CSV (surname,
 * given names, sex, birth date YYYY-MM-DD, nationality alpha-3, passport
 * number, expiry YYYY-MM-DD). Names are normalised as an MRZ writes them
 * (upper-case A-Z, '-' and '\'' become spaces); the nationality and passport
 * number are upper-cased. Returns false and adds errors (with `index`) when a
 * field is malformed. */
typedef struct visa_member_fields {
	const char *surname, *given_names, *sex, *birth_date, *nationality, *passport_number,
	    *expiry;
} visa_member_fields;
bool visa_member_from_fields(const visa_member_fields *f, visa_member *out, int index,
                             visa_errors *e);
/* Build a member from one passport MRZ (TD3, two lines of 44) with all its
 * check digits. MRZ errors are mapped to the member field they concern. */
bool visa_member_from_mrz(const char *text, size_t len, os_date today, visa_member *out, int index,
                          visa_errors *e);
/* The checks that need the context: birth date not in the future, a known
 * nationality that needs a visa, the passport valid after `last_day`. */
bool visa_member_check(const visa_member *m, os_date today, os_date last_day, int index,
                       visa_errors *e);
/* Duplicates within a list: the same passport (number and nationality) twice.
 * The later one gets the error; indexes are list positions + index_base. */
bool visa_members_unique(const visa_member *m, size_t n, int index_base, visa_errors *e);

/* Pasted MRZ lines: blank lines are ignored, every two lines are one
 * passport. Fills up to max members; returns the number of records found
 * (members[i] is valid only when no error has index i). */
int visa_mrz_block_parse(const char *text, size_t len, os_date today, visa_member *out, int max,
                         visa_errors *e);
/* CSV text: surname,given_names,sex,birth_date,nationality,passport_number,
 * expiry. An optional header line (starting with "surname"), a UTF-8 BOM, CRLF
 * line ends and "quoted, fields" are accepted; blank lines are skipped.
 * Returns the number of records, as visa_mrz_block_parse(). */
int visa_csv_parse(const char *text, size_t len, visa_member *out, int max, visa_errors *e);

/* The two TD3 lines (44 characters each) of a passport for a member, with
 * correct check digits: for demo data and tests. issuing_state "" = the
 * nationality. */
void visa_member_mrz(const visa_member *m, const char *issuing_state, char line1[45],
                     char line2[45]);

/* ---- watch list ------------------------------------------------------------ */

typedef struct visa_watch {
	int64_t id;
	char surname[VISA_NAME_MAX];
	char given_names[VISA_NAME_MAX];
	os_date birth; /* used when has_birth */
	bool has_birth;
	char nationality[4];              /* "" = any */
	char passport[VISA_PASSPORT_MAX]; /* "" = match by name only */
	char reason[VISA_REASON_MAX];
	int64_t created_at;
} visa_watch;

/* Letters only, upper case, surname then given names: "O'NEIL, Mary-Ann" ->
 * "ONEIL|MARYANN". */
void visa_name_key(const char *surname, const char *given, char *out, size_t n);
/* Upper case, without spaces, '-' and '<'. */
void visa_passport_key(const char *passport, char *out, size_t n);
/* A member matches an entry when the passport numbers are equal (and the
 * nationalities, when the entry has one), or when the normalised names are
 * equal in either order (and the birth date, when the entry has one). */
bool visa_watch_match(const visa_watch *w, const visa_member *m);
/* Validate a new entry: a surname or a passport number is required. */
bool visa_watch_validate(const visa_watch *w, visa_errors *e);
/* Build and validate an entry from text fields (any may be NULL): names and
 * the passport number normalised as for members, birth date YYYY-MM-DD,
 * nationality alpha-3. */
bool visa_watch_from_fields(visa_watch *out, const char *surname, const char *given,
                            const char *birth_date, const char *nationality, const char *passport,
                            const char *reason, visa_errors *e);

/* ---- visa types and the fee schedule --------------------------------------- */

typedef enum visa_type {
	VT_GROUP_TOURIST = 1, /* 团体旅游签证 */
	VT_STUDY,             /* 特事特办: 入境求学 */
	VT_SPORTS,            /* 特事特办: 参加大型赛事活动 */
	VT_HUMANITARIAN,      /* 特事特办: 人道主义事由 */
	VT_BUSINESS,          /* 特事特办: 紧急商务 */
	VT_OTHER,             /* 特事特办: 其他紧急事由 */
	VT__COUNT
} visa_type;

typedef struct visa_type_info {
	visa_type type;
	const char *key;     /* "group_tourist", "study" ... (also the special case category) */
	const char *name_zh; /* "团体旅游签证" */
	const char *name_en;
	const char *category; /* visa category letter printed on the document: "L", "X2" ... */
	int64_t fee_fen;      /* official fee per person in fen (1/100 yuan); may be 0 */
	bool group;
} visa_type_info;

/* The schedule, in type order; *n gets its length. */
const visa_type_info *visa_types(size_t *n);
const visa_type_info *visa_type_get(visa_type t);
const visa_type_info *visa_type_by_key(const char *key);
/* Special case categories are the individual types (all but group_tourist). */
bool visa_type_is_special(visa_type t);

typedef struct visa_fee {
	int64_t per_person_fen;
	int persons;
	int64_t total_fen; /* always per_person_fen * persons */
} visa_fee;
/* The fee of a visa from the schedule alone. OS_ERR_INVALID for an unknown
 * type or persons outside 1..VISA_MAX_MEMBERS. */
os_err visa_fee_for(visa_type t, int persons, visa_fee *out);
/* "¥120.00" style amount: "120.00". */
void visa_format_yuan(int64_t fen, char *out, size_t n);

/* "ZJJ" + year + 6 digits; OS_ERR_TOO_LARGE when seq is outside 1..999999,
 * OS_ERR_INVALID for a year outside 2000..2999. */
os_err visa_number_format(int year, int64_t seq, char out[VISA_NUMBER_MAX]);
/* The receipt number of a visa: its number + "-R". */
void visa_receipt_number(const char *visa_number, char out[VISA_RECEIPT_MAX]);

/* ---- an issued visa (the document) ----------------------------------------- */

typedef struct visa_person {
	int line_no; /* 1-based on the document */
	int64_t member_id;
	char surname[VISA_NAME_MAX];
	char given_names[VISA_NAME_MAX];
	char sex;
	os_date birth;
	char nationality[4];
	char passport[VISA_PASSPORT_MAX];
} visa_person;

typedef struct visa_doc {
	int64_t id;
	char number[VISA_NUMBER_MAX];
	visa_type type;
	int64_t group_id, agency_id, special_id;
	char agency_name[VISA_ORG_MAX];
	char group_no[VISA_GROUP_NO_MAX];
	char flight[VISA_FLIGHT_MAX];
	os_date valid_from, valid_until;
	int entries; /* always 1: single entry */
	int stay_days;
	int persons;
	int64_t arrived_at, issued_at;
	char officer_name[VISA_ORG_MAX];
	int prints; /* reprints so far */
	int64_t receipt_id;
	char receipt_number[VISA_RECEIPT_MAX];
	visa_fee fee;
	char category_key[16]; /* special cases: the reason category */
	char document_ref[VISA_DOCREF_MAX];
	visa_person *people; /* n_people = persons */
	size_t n_people;
} visa_doc;

/* ---- daily figures ---------------------------------------------------------- */

typedef struct visa_tally {
	char key[VISA_ORG_MAX]; /* type key, nationality code, agency name, flight */
	int64_t visas, persons;
	int64_t last_visa; /* internal: the visa counted last (rows arrive by visa) */
} visa_tally;

typedef struct visa_tallies {
	visa_tally *v;
	size_t n, cap;
} visa_tallies;

typedef struct visa_day_stats {
	os_date day;
	int64_t visas, persons;
	int64_t last_visa;
	visa_tallies by_type, by_nationality, by_agency, by_flight;
	int64_t *minutes; /* arrival -> issuance of each group visa, minutes */
	size_t n_minutes, cap_minutes;
} visa_day_stats;

typedef struct visa_stats {
	os_date from, to;
	visa_day_stats *days; /* to - from + 1 */
	size_t n_days;
	visa_day_stats total; /* day = 0 */
} visa_stats;

/* OS_ERR_INVALID when to < from or the period is longer than
 * VISA_STATS_MAX_DAYS. The caller frees with visa_stats_free(). */
os_err visa_stats_new(os_date from, os_date to, visa_stats **out);
void visa_stats_free(visa_stats *s);
/* One person on a visa. Rows of one visa must arrive together. Rows outside
 * the period are ignored. */
void visa_stats_person(visa_stats *s, os_date day, int64_t visa_id, const char *type,
                       const char *nationality, const char *agency, const char *flight);
/* One visa's time from arrival to issuance. */
void visa_stats_minutes(visa_stats *s, os_date day, int64_t minutes);
/* The median of v (sorted in place); -1 when n = 0. Halves are rounded down. */
int64_t visa_median(int64_t *v, size_t n);

/* ---- demo data (src/core/demo_visa.c) --------------------------------------- */

typedef struct visa_demo_group {
	visa_group g; /* status, times, agency (index into agencies + 1) */
	size_t agency_index;
	visa_member *members;
	size_t n_members;
} visa_demo_group;

typedef struct visa_demo_special {
	visa_type type;
	char document_ref[VISA_DOCREF_MAX];
	char note[VISA_TEXT_MAX];
	char flight[VISA_FLIGHT_MAX];
	int stay_days;
	visa_member person;
	int64_t at;
} visa_demo_special;

typedef struct visa_demo {
	visa_agency *agencies; /* [0] is 张家界国际旅行社, the demo "agency" account's */
	size_t n_agencies;
	visa_demo_group *groups; /* in issuing order */
	size_t n_groups;
	visa_demo_special *specials;
	size_t n_specials;
	visa_watch *watch;
	size_t n_watch;
} visa_demo;

/* The first week of the reopened port (2023-04-10..16, fixed, so the
 * figures are deterministic): about 1,000 persons, 300+ on the busiest days,
 * mostly group tourist visas of six agencies, a few special cases; plus one
 * pre-submitted group of the demo agency arriving the day after `today`.
 * Deterministic for a given today. Caller frees with visa_demo_free(). */
visa_demo *visa_demo_generate(os_date today);
void visa_demo_free(visa_demo *d);

#endif
