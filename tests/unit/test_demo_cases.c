/* test_demo_cases.c - the demo year's generator (src/core/demo_cases.c) on
 * the demo district, the demo catalog and the compiled-in calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/demo.h"
#include "core/demo_cases.h"
#include "core/demo_catalog.h"
#include "core/embedded.h"
#include "core/ident.h"
#include "core/mem.h"

typedef struct fixture {
	os_calendar *cal;
	demo_district *d;
	demo_catalog *cat;
	demo_cases_item *items;
	demo_cases_site *sites;
	demo_cases_window *windows;
	demo_cases_dept *depts;
	demo_cases_in in;
} fixture;

static int setup(void **state)
{
	fixture *f = os_calloc(1, sizeof *f);
	char msg[256];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	if (os_calendar_from_json(os_data_holidays_json, len, &f->cal, msg, sizeof msg))
		return -1;
	f->d = demo_generate();
	f->cat = demo_catalog_generate(f->d, DEMO_CATALOG_ITEMS);
	if (!f->cat)
		return -1;
	f->items = os_calloc(f->cat->n_items, sizeof *f->items);
	for (size_t i = 0; i < f->cat->n_items; i++) {
		const cat_item *it = &f->cat->items[i];
		int64_t dept = 0;
		for (size_t k = 0; k < f->d->n_departments; k++)
			if (!strcmp(f->d->departments[k].code, it->department))
				dept = f->d->departments[k].id;
		f->items[i] = (demo_cases_item){
		    (int64_t)i + 1,  1, dept, it->immediate, it->promised_days, it->channels,
		    it->accept_tiers};
	}
	f->sites = os_calloc(f->d->n_sites, sizeof *f->sites);
	for (size_t i = 0; i < f->d->n_sites; i++) {
		f->sites[i].id = f->d->sites[i].id;
		f->sites[i].parent_id = f->d->sites[i].parent_id;
		f->sites[i].tier = f->d->sites[i].tier;
		snprintf(f->sites[i].code, sizeof f->sites[i].code, "%s", f->d->sites[i].code);
	}
	f->windows = os_calloc(f->d->n_windows, sizeof *f->windows);
	for (size_t i = 0; i < f->d->n_windows; i++)
		f->windows[i] =
		    (demo_cases_window){f->d->windows[i].id, f->d->windows[i].site_id,
		                        f->d->windows[i].department_id, f->d->windows[i].kind};
	f->depts = os_calloc(f->d->n_departments, sizeof *f->depts);
	for (size_t i = 0; i < f->d->n_departments; i++) {
		f->depts[i].id = f->d->departments[i].id;
		snprintf(f->depts[i].code, sizeof f->depts[i].code, "%s",
		         f->d->departments[i].code);
	}
	os_date last;
	os_date_from_ymd(2026, 11, 28, &last);
	f->in = (demo_cases_in){.items = f->items,
	                        .n_items = f->cat->n_items,
	                        .sites = f->sites,
	                        .n_sites = f->d->n_sites,
	                        .windows = f->windows,
	                        .n_windows = f->d->n_windows,
	                        .depts = f->depts,
	                        .n_depts = f->d->n_departments,
	                        .cal = f->cal,
	                        .last_day = last,
	                        .n = 20000,
	                        .seed = 42};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	os_calendar_free(f->cal);
	demo_catalog_free(f->cat);
	demo_free(f->d);
	free(f->items);
	free(f->sites);
	free(f->windows);
	free(f->depts);
	free(f);
	return 0;
}

static const demo_cases_item *item_of(const fixture *f, int64_t id)
{
	return id >= 1 && (size_t)id <= f->cat->n_items ? &f->items[id - 1] : NULL;
}

static const demo_cases_site *site_of(const fixture *f, int64_t id)
{
	for (size_t i = 0; i < f->d->n_sites; i++)
		if (f->sites[i].id == id)
			return &f->sites[i];
	return NULL;
}

static int no_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every case obeys the clock, the catalog and the organisation. */
static void test_year_is_lawful(void **state)
{
	fixture *f = *state;
	demo_cases *g;
	const char *why;
	assert_int_equal(demo_cases_new(&f->in, &g, &why), OS_OK);
	os_date first = demo_cases_first_day(g);
	assert_int_equal(first, f->in.last_day - 364);
	demo_case c;
	int64_t n = 0, per_dept[32] = {0}, per_tier[4] = {0}, per_channel[CCH__COUNT] = {0};
	int64_t immediate = 0, persons_max = 0;
	int64_t last_received = 0;
	char **nos = os_calloc((size_t)f->in.n, sizeof *nos);
	while (demo_cases_next(g, &c)) {
		const demo_cases_item *it = item_of(f, c.item_id);
		assert_non_null(it);
		const demo_cases_site *s = site_of(f, c.site_id);
		assert_non_null(s);
		assert_int_equal(c.department_id, it->department_id);
		/* the item allows the site's tier */
		assert_true(!it->accept_tiers || (it->accept_tiers & CAT_TIER_BIT(s->tier)));
		/* in receipt order, within the year, on working days */
		assert_true(c.received_at >= last_received);
		last_received = c.received_at;
		assert_true(c.received_on >= first && c.completed_on <= f->in.last_day);
		bool work = false;
		assert_int_equal(os_calendar_is_workday(f->cal, c.received_on, &work, NULL), OS_OK);
		assert_true(work);
		/* timestamps in order, days consistent */
		assert_true(c.received_at < c.accepted_at && c.accepted_at < c.decided_at &&
		            c.decided_at < c.completed_at && c.completed_at < c.delivered_at);
		os_date day;
		os_date_from_unix(c.received_at, &day);
		assert_int_equal(day, c.received_on);
		os_date_from_unix(c.completed_at, &day);
		assert_int_equal(day, c.completed_on);
		os_date_from_unix(c.delivered_at, &day);
		assert_int_equal(day, c.completed_on);
		/* the clock: the same functions as the store's */
		os_date due;
		assert_int_equal(case_accept_due(f->cal, c.received_at, &due, NULL), OS_OK);
		assert_int_equal(due, c.accept_due);
		assert_true(c.accepted_on <= c.accept_due);
		if (c.immediate) {
			immediate++;
			assert_int_equal(c.limit_days, 0);
			assert_int_equal(c.completed_on, c.received_on);
		} else {
			assert_int_equal(c.limit_days, it->promised_days > 0 ? it->promised_days
			                                                     : CASE_DEFAULT_DAYS);
			assert_int_equal(
			    case_decision_due(f->cal, c.accepted_at, c.limit_days, &due, NULL),
			    OS_OK);
			assert_int_equal(due, c.due);
		}
		assert_true(case_on_time(c.completed_on, c.due));
		/* channel and window */
		bool online = c.channel == CCH_ONLINE || c.channel == CCH_MOBILE;
		assert_true(online == (c.window_id == 0));
		if (c.delivery == CDL_POST)
			assert_int_equal(strlen(c.tracking), 13);
		else
			assert_string_equal(c.tracking, "");
		/* the applicant: a valid resident ID number */
		os_id_info info;
		const char *reason;
		assert_int_equal(
		    os_id_check(c.id_number, strlen(c.id_number), f->in.last_day, &info, &reason),
		    OS_OK);
		assert_true(strlen(c.name) >= 6 && strlen(c.phone) == 11);
		if (c.person > persons_max)
			persons_max = c.person;
		nos[n] = os_strdup(c.no);
		per_dept[c.department_id < 32 ? c.department_id : 0]++;
		per_tier[s->tier]++;
		per_channel[c.channel]++;
		n++;
	}
	assert_int_equal(n, f->in.n);
	assert_int_equal(demo_cases_count(g), f->in.n);
	assert_false(demo_cases_next(g, &c));
	demo_cases_free(g);
	/* unique case numbers */
	qsort(nos, (size_t)n, sizeof *nos, no_cmp);
	for (int64_t i = 1; i < n; i++)
		assert_true(strcmp(nos[i - 1], nos[i]) != 0);
	for (int64_t i = 0; i < n; i++)
		free(nos[i]);
	free(nos);
	/* the spread: social security (id 3) leads, every tier and channel is used,
	 * immediate and promised items both occur, people come back */
	for (int64_t d = 1; d <= 17; d++)
		assert_true(per_dept[3] >= per_dept[d]);
	assert_true(per_dept[3] > n / 10);
	for (int t = 1; t <= 3; t++)
		assert_true(per_tier[t] > 0);
	for (int ch = 1; ch < CCH__COUNT; ch++)
		assert_true(per_channel[ch] > 0);
	assert_true(per_tier[TIER_DISTRICT] > per_tier[TIER_TOWNSHIP]);
	assert_true(immediate > 0 && immediate < n);
	assert_true(persons_max < n);
}

/* The same inputs give the same year. */
static void test_deterministic(void **state)
{
	fixture *f = *state;
	demo_cases_in in = f->in;
	in.n = 3000;
	demo_cases *a, *b;
	const char *why;
	assert_int_equal(demo_cases_new(&in, &a, &why), OS_OK);
	assert_int_equal(demo_cases_new(&in, &b, &why), OS_OK);
	demo_case x, y;
	int64_t n = 0;
	while (demo_cases_next(a, &x)) {
		assert_true(demo_cases_next(b, &y));
		assert_string_equal(x.no, y.no);
		assert_string_equal(x.id_number, y.id_number);
		assert_int_equal(x.completed_at, y.completed_at);
		n++;
	}
	assert_false(demo_cases_next(b, &y));
	assert_int_equal(n, 3000);
	demo_cases_free(a);
	demo_cases_free(b);
}

/* Bad inputs are refused; n = 0 gives an empty year. */
static void test_refused(void **state)
{
	fixture *f = *state;
	demo_cases_in in = f->in;
	demo_cases *g;
	const char *why;
	in.n = -1;
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_ERR_INVALID);
	assert_non_null(why);
	in.n = DEMO_CASES_MAX + 1;
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_ERR_INVALID);
	in.n = 10;
	in.n_items = 0;
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_ERR_INVALID);
	/* a year the calendar does not know (1990) */
	in = f->in;
	os_date_from_ymd(1990, 6, 30, &in.last_day);
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_ERR_INVALID);
	assert_non_null(strstr(why, "calendar"));
	in = f->in;
	in.n = 0;
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_OK);
	demo_case c;
	assert_false(demo_cases_next(g, &c));
	demo_cases_free(g);
}

/* At the end of the published calendar (the year ending 2026-12-31 with no
 * 2027 notice) cases keep lawful deadlines: days whose acceptance period
 * runs into 2027 take none, promised cases whose deadline would be there
 * become immediate ones. */
static void test_calendar_edge(void **state)
{
	fixture *f = *state;
	demo_cases_in in = f->in;
	os_date_from_ymd(2026, 12, 31, &in.last_day);
	in.n = 5000;
	demo_cases *g;
	const char *why;
	assert_int_equal(demo_cases_new(&in, &g, &why), OS_OK);
	demo_case c;
	int64_t n = 0;
	while (demo_cases_next(g, &c)) {
		os_date due;
		assert_int_equal(case_accept_due(f->cal, c.received_at, &due, NULL), OS_OK);
		assert_true(c.due <= in.last_day + 40 && c.completed_on <= c.due);
		assert_true(os_date_year(c.due) <= 2026);
		n++;
	}
	assert_int_equal(n, 5000);
	demo_cases_free(g);
}

/* The applicant pool: valid ID numbers with the right check character. */
static void test_person(void **state)
{
	(void)state;
	os_date today;
	os_date_from_ymd(2026, 11, 28, &today);
	for (int64_t p = 0; p < 2000; p++) {
		char name[DEMO_CASES_NAME], id[DEMO_CASES_ID], phone[DEMO_CASES_PHONE];
		demo_cases_person(7, p, today, name, id, phone);
		os_id_info info;
		const char *reason;
		assert_int_equal(os_id_check(id, strlen(id), today, &info, &reason), OS_OK);
		assert_int_equal(strlen(id), 18);
		assert_int_equal(id[17], os_id_check_char(id));
		assert_true(phone[0] == '1' && strlen(phone) == 11);
	}
	assert_int_equal(demo_cases_dept_weight("YD-SB"), 205);
	assert_int_equal(demo_cases_dept_weight("XX-UNKNOWN"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_year_is_lawful), cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_refused),        cmocka_unit_test(test_calendar_edge),
	    cmocka_unit_test(test_person),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
