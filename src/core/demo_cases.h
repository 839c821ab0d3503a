/* demo_cases.h - the demo year of cases (issue 6, item 12): Yongding's 2022
 * report as data: 458,143 cases received, accepted and completed within one
 * year, all on time (DOMAIN.md §8), spread across departments, tiers,
 * channels and the demo catalog's items.
 *
 * Pure and deterministic: the caller passes the catalog, the sites and
 * windows, the working-day calendar and the year's last day; the generator
 * hands out the cases one by one in receipt order (a day at a time), with
 * every timestamp of their short life (received, accepted, decided,
 * completed, delivered) and a generated applicant. No I/O, no clock.
 *
 * The shape of the year:
 *   - days: working days only (the hall's days; online submissions are
 *     counted on working days too, so that the receipt date and the date of
 *     the timestamp agree); busier on Mondays and in March, July, September
 *     and December, quieter in February and October (see day_weight()).
 *   - departments: weights per department code, justified in demo_cases.c;
 *     within a department the items follow a Zipf law (a few items make most
 *     of the volume, as in every service hall).
 *   - channels and tiers: see channel_weights/tier_weights in demo_cases.c,
 *     restricted to what the item allows (its channels and acceptance tiers).
 *   - the clock: immediate items (即办件) are completed the same day;
 *     promised items are accepted on receipt at a window, after the online
 *     pre-review within two working days, and completed within their promised
 *     limit in working days of the calendar, never after the year's last
 *     working day. Every case is on time: the figures must prove 100%.
 *
 * Ownership: demo_cases_new() returns a generator the caller frees with
 * demo_cases_free(); the inputs must outlive it. */
#ifndef ONESTOP_CORE_DEMO_CASES_H
#define ONESTOP_CORE_DEMO_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/case.h"
#include "core/error.h"
#include "core/org.h"

#define DEMO_CASES_YEAR  458143 /* the seed's 2022 report */
#define DEMO_CASES_MAX   2000000
#define DEMO_CASES_DAYS  365 /* the year: last_day - 364 .. last_day */
#define DEMO_CASES_NAME  32  /* bytes of an applicant's name (UTF-8) */
#define DEMO_CASES_PHONE 24
#define DEMO_CASES_ID    24
#define DEMO_CASES_TRACK 24

typedef struct demo_cases_item {
	int64_t id;
	int version;
	int64_t department_id;
	bool immediate;
	int promised_days;     /* working days; ignored for immediate items */
	unsigned channels;     /* CAT_CH_* bits (src/core/catalog.h) */
	unsigned accept_tiers; /* CAT_TIER_BIT(tier) bits */
} demo_cases_item;

typedef struct demo_cases_site {
	int64_t id, parent_id;
	site_tier tier;
	char code[ORG_CODE_MAX]; /* the case number's prefix */
} demo_cases_site;

typedef struct demo_cases_window {
	int64_t id, site_id, department_id; /* department 0: not a department window */
	window_kind kind;
} demo_cases_window;

typedef struct demo_cases_dept {
	int64_t id;
	char code[ORG_CODE_MAX]; /* "YD-SB" ... */
} demo_cases_dept;

typedef struct demo_cases_in {
	const demo_cases_item *items;
	size_t n_items;
	const demo_cases_site *sites;
	size_t n_sites;
	const demo_cases_window *windows;
	size_t n_windows;
	const demo_cases_dept *depts;
	size_t n_depts;
	const os_calendar *cal;
	os_date last_day; /* the year's last day (yesterday) */
	int64_t n;        /* cases to generate, 0..DEMO_CASES_MAX */
	uint64_t seed;
} demo_cases_in;

/* One case of the year. The event set is derived from it (the store writes
 * receive/submit, then complete_now or accept, review, approve, complete;
 * then deliver). */
typedef struct demo_case {
	int64_t item_id;
	int item_version;
	int64_t department_id, site_id, window_id; /* window 0 = online */
	size_t site_index;                         /* into demo_cases_in.sites */
	case_channel channel;
	bool immediate;
	int limit_days; /* 0 for immediate items */
	int64_t received_at, accepted_at, decided_at, completed_at, delivered_at;
	os_date received_on, accepted_on, completed_on; /* Asia/Shanghai dates of the above */
	os_date accept_due, due;
	int64_t seq; /* the site's daily sequence (the number's last part) */
	char no[CASE_NO_MAX];
	case_delivery delivery;
	char tracking[DEMO_CASES_TRACK]; /* post only */
	int64_t person;                  /* index into the applicant pool */
	char name[DEMO_CASES_NAME];
	char id_number[DEMO_CASES_ID];
	char phone[DEMO_CASES_PHONE];
} demo_case;

typedef struct demo_cases demo_cases;

/* A generator for the year ending in->last_day. OS_ERR_INVALID (*why) when
 * n is out of range, no item, site or department is usable, or the calendar
 * knows no working day of the year whose acceptance period it can compute. */
os_err demo_cases_new(const demo_cases_in *in, demo_cases **out, const char **why);
/* The next case in receipt order into *out; false after the n-th. */
bool demo_cases_next(demo_cases *g, demo_case *out);
/* Cases produced so far. */
int64_t demo_cases_count(const demo_cases *g);
/* The first day of the year (last_day - 364). */
os_date demo_cases_first_day(const demo_cases *g);
void demo_cases_free(demo_cases *g);

/* The share of a department (by code) in per mille; unknown codes get a
 * small default. */
int demo_cases_dept_weight(const char *code);
/* Applicant number p of the pool: a name, a valid resident ID number
 * (GB 11643, check character by ISO 7064 MOD 11-2; born 18 to 85 years
 * before `today`) and a mobile number. Deterministic in (seed, p). */
void demo_cases_person(uint64_t seed, int64_t p, os_date today, char name[DEMO_CASES_NAME],
                       char id_number[DEMO_CASES_ID], char phone[DEMO_CASES_PHONE]);

#endif
