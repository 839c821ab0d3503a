/* test_store_calendar.c - the working-day calendar in the store: the seed
 * from the compiled-in notices, putting and replacing a year, importing a
 * document, closures (district-wide and per site), the audit row of every
 * change in the same transaction, and refused changes that change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/embedded.h"
#include "store/store.h"
#include "sq_query.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

typedef struct fixture {
	char dir[256];
	char path[512];
	store *st;
	sqlite3 *db; /* a side connection for looking at the rows */
} fixture;

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A fresh database with the seeded calendar, an account (id 7) and a site (id 1). */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/onestop-test-cal-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/onestop.db", f->dir);
	store_options o = {
	    .path = f->path, .read_connections = 2, .group_commit_max = 8, .create = true};
	char err[512];
	if (store_open(&o, &f->st, err, sizeof err)) {
		fprintf(stderr, "store_open: %s\n", err);
		return -1;
	}
	if (sqlite3_open_v2(f->path, &f->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(f->db, 5000);
	q_exec(f->db, "INSERT INTO sites(id, code, name, tier) VALUES (1, 'D1', '区中心', 1);"
	              "INSERT INTO users(id, login, display_name, role, password_hash, created_at)"
	              " VALUES (7, 'admin7', '管理员', 'sysadmin', 'x', 0)");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	sqlite3_close(f->db);
	store_close(f->st);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static void seed(fixture *f)
{
	bool seeded = false;
	assert_int_equal(store_calendar_ensure(f->st, NOW, &seeded), OS_OK);
	assert_true(seeded);
}

static os_calendar *load(fixture *f, int64_t site)
{
	os_calendar *cal = NULL;
	char msg[OS_CAL_MSG_SIZE];
	os_err e = store_calendar_load(f->st, site, &cal, NULL, msg, sizeof msg);
	if (e)
		fail_msg("store_calendar_load: %s: %s", os_strerror(e), msg);
	return cal;
}

static bool workday(const os_calendar *cal, const char *date)
{
	bool w = false;
	int missing = 0;
	os_err e = os_calendar_is_workday(cal, D(date), &w, &missing);
	if (e)
		fail_msg("is_workday(%s): %s (year %d)", date, os_strerror(e), missing);
	return w;
}

static int64_t generation(fixture *f)
{
	int64_t g = -1;
	assert_int_equal(store_calendar_generation(f->st, &g), OS_OK);
	return g;
}

static int64_t audit_count(fixture *f)
{
	return q_int(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'calendar.%'");
}

/* ---- the seed ------------------------------------------------------------ */

static void test_seed_once_and_equal_to_embedded(void **state)
{
	fixture *f = *state;
	int64_t g0 = generation(f);
	seed(f);
	bool seeded = true;
	assert_int_equal(store_calendar_ensure(f->st, NOW, &seeded), OS_OK);
	assert_false(seeded);
	assert_int_equal(generation(f), g0 + 1);

	store_cal_year_list l;
	assert_int_equal(store_calendar_years(f->st, &l), OS_OK);
	assert_int_equal(l.n, 4);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(l.rows[i].year, 2023 + (int)i);
	assert_int_equal(l.rows[0].n_holidays, 27); /* 2022-12-31 .. belongs to the 2023 notice */
	assert_non_null(strstr(l.rows[3].source, "2026"));
	assert_int_equal(l.closures, 0);
	store_cal_year_list_free(&l);

	/* Every day the compiled-in calendar knows has the same answer. */
	os_calendar *emb = NULL, *db = load(f, 0);
	char msg[OS_CAL_MSG_SIZE];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	assert_int_equal(os_calendar_from_json(os_data_holidays_json, len, &emb, msg, sizeof msg),
	                 OS_OK);
	int days = 0;
	for (os_date d = D("2022-12-31"); d <= D("2026-12-31"); d++, days++) {
		bool a, b;
		assert_int_equal(os_calendar_is_workday(emb, d, &a, NULL), OS_OK);
		assert_int_equal(os_calendar_is_workday(db, d, &b, NULL), OS_OK);
		if (a != b) {
			char ds[OS_DATE_STRLEN];
			os_date_format(d, ds);
			fail_msg("%s: embedded %d, database %d", ds, a, b);
		}
	}
	assert_int_equal(days, 1462);
	int missing = 0;
	bool w;
	assert_int_equal(os_calendar_is_workday(db, D("2027-01-04"), &w, &missing),
	                 OS_ERR_NO_CALENDAR);
	assert_int_equal(missing, 2027);
	os_calendar_free(emb);
	os_calendar_free(db);

	/* one audit row per notice, as the seed */
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE action ="
	                              " 'calendar.year.add' AND detail LIKE 'seed%'"
	                              " AND actor_id IS NULL"),
	                 4);
}

/* ---- years --------------------------------------------------------------- */

static void test_put_year_then_replace(void **state)
{
	fixture *f = *state;
	seed(f);
	int64_t g = generation(f);
	const os_date hol[] = {D("2027-01-01"), D("2027-02-06"), D("2027-02-07")};
	const os_date work[] = {D("2027-01-30")}; /* a Saturday */
	char msg[OS_CAL_MSG_SIZE];
	bool replaced = true;
	assert_int_equal(store_calendar_put_year(f->st, 7, NOW, "api req1", 2027, "notice 2027",
	                                         hol, 3, work, 1, &replaced, msg, sizeof msg),
	                 OS_OK);
	assert_false(replaced);
	assert_int_equal(generation(f), g + 1);
	os_calendar *cal = load(f, 0);
	assert_true(workday(cal, "2027-01-04"));
	assert_false(workday(cal, "2027-02-06"));
	assert_true(workday(cal, "2027-01-30"));
	assert_string_equal(os_calendar_year_source(cal, 2027), "notice 2027");
	os_calendar_free(cal);

	char text[128];
	q_text(f->db,
	       "SELECT actor_id || ' ' || object || ' ' || detail FROM audit_log"
	       " WHERE action = 'calendar.year.add' AND object = 'calendar/year/2027'",
	       text, sizeof text);
	assert_string_equal(text, "7 calendar/year/2027 api req1");
	assert_int_equal(q_int(f->db, "SELECT updated_by FROM calendar_years WHERE year = 2027"),
	                 7);

	/* Replacing drops the old dates. */
	const os_date hol2[] = {D("2027-01-01")};
	assert_int_equal(store_calendar_put_year(f->st, 0, NOW, "cli", 2027, NULL, hol2, 1, NULL, 0,
	                                         &replaced, msg, sizeof msg),
	                 OS_OK);
	assert_true(replaced);
	store_cal_year_detail d;
	assert_int_equal(store_calendar_year_get(f->st, 2027, &d), OS_OK);
	assert_int_equal(d.n_holidays, 1);
	assert_int_equal(d.n_workdays, 0);
	assert_int_equal(d.holidays[0], D("2027-01-01"));
	assert_string_equal(d.info.source, "");
	assert_int_equal(d.info.updated_by, 0);
	store_cal_year_detail_free(&d);
	cal = load(f, 0);
	assert_true(workday(cal, "2027-02-08"));
	assert_false(workday(cal, "2027-01-30")); /* an ordinary Saturday again */
	os_calendar_free(cal);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE action ="
	                              " 'calendar.year.replace' AND object = 'calendar/year/2027'"
	                              " AND detail = 'cli' AND actor_id IS NULL"),
	                 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM calendar_days WHERE year = 2027"), 1);
	assert_int_equal(store_calendar_year_get(f->st, 2031, &d), OS_ERR_NOT_FOUND);
}

/* A refused change leaves the rows, the audit log and the generation as they were. */
static void test_refused_year_changes_nothing(void **state)
{
	fixture *f = *state;
	seed(f);
	int64_t g = generation(f), audits = audit_count(f);
	int64_t days = q_int(f->db, "SELECT count(*) FROM calendar_days");
	char msg[OS_CAL_MSG_SIZE];
	const os_date friday[] = {D("2027-01-29")};
	const os_date ok[] = {D("2027-01-01")};
	const os_date taken[] = {D("2026-01-01")}; /* the 2026 notice lists it */
	const os_date far[] = {D("2029-05-01")};
	const os_date sat[] = {D("2027-01-02")};
	struct {
		const os_date *hol, *work;
		size_t nh, nw;
		const char *want;
	} cases[] = {
	    {ok, friday, 1, 1, "2027-01-29 is not a Saturday or Sunday"},
	    {taken, NULL, 1, 0, "already listed by the 2026 notice"},
	    {far, NULL, 1, 0, "2029-05-01 does not belong to 2027"},
	    {sat, sat, 1, 1, "listed as holiday and as working day"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		msg[0] = '\0';
		os_err e = store_calendar_put_year(f->st, 7, NOW, "api", 2027, "x", cases[i].hol,
		                                   cases[i].nh, cases[i].work, cases[i].nw, NULL,
		                                   msg, sizeof msg);
		assert_int_equal(e, OS_ERR_INVALID);
		if (!strstr(msg, cases[i].want))
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, msg, cases[i].want);
	}
	/* replacing 2026 with a bad list keeps the stored 2026 */
	assert_int_equal(store_calendar_put_year(f->st, 0, NOW, "cli", 2026, NULL, far, 1, NULL, 0,
	                                         NULL, msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_int_equal(store_calendar_put_year(f->st, 0, NOW, "cli", 1899, NULL, NULL, 0, NULL, 0,
	                                         NULL, msg, sizeof msg),
	                 OS_ERR_INVALID);
	store_cal_year_detail d;
	assert_int_equal(store_calendar_year_get(f->st, 2027, &d), OS_ERR_NOT_FOUND);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM calendar_days"), days);
	assert_int_equal(generation(f), g);
	assert_int_equal(audit_count(f), audits);
	os_calendar *cal = load(f, 0);
	assert_false(workday(cal, "2026-01-01"));
	os_calendar_free(cal);
}

/* ---- import -------------------------------------------------------------- */

static const char doc_2027[] =
    "{\"description\": \"a notice\", \"years\": {"
    " \"2027\": {\"source\": \"国务院办公厅关于2027年部分节假日安排的通知\","
    "  \"holidays\": [\"2027-01-01\", \"2027-02-06\", \"2027-02-07\", \"2027-02-08\"],"
    "  \"workdays\": [\"2027-02-13\"]},"
    " \"2026\": {\"source\": \"2026 again\", \"holidays\": [\"2026-01-01\"], \"workdays\": []}}}";

static void test_import(void **state)
{
	fixture *f = *state;
	seed(f);
	store_cal_import res;
	char msg[OS_CAL_MSG_SIZE];
	int64_t audits = audit_count(f);
	assert_int_equal(store_calendar_import(f->st, 0, NOW, "cli", doc_2027, strlen(doc_2027),
	                                       &res, msg, sizeof msg),
	                 OS_OK);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.years[0], 2026);
	assert_true(res.replaced[0]);
	assert_int_equal(res.years[1], 2027);
	assert_false(res.replaced[1]);
	assert_int_equal(audit_count(f), audits + 2);
	os_calendar *cal = load(f, 0);
	assert_false(workday(cal, "2027-02-08"));
	assert_true(workday(cal, "2027-02-13"));
	assert_true(workday(cal, "2026-02-16")); /* the replaced 2026 has no Spring Festival */
	os_calendar_free(cal);
}

static void test_import_refused_changes_nothing(void **state)
{
	fixture *f = *state;
	seed(f);
	int64_t g = generation(f), audits = audit_count(f);
	struct {
		const char *doc, *want;
	} cases[] = {
	    {"{\"years\": {\"2029\": {\"holidays\": [\"2029-01-01\"], \"workdays\": []},"
	     " \"2028\": {\"holidays\": [\"2028-02-30\"], \"workdays\": []}}}",
	     "year 2028: bad date \"2028-02-30\""},
	    {"{\"years\": {\"2028\": {\"holidays\": [], \"workdays\": [\"28-01-01\"]}}}",
	     "year 2028: bad date \"28-01-01\""},
	    {"{\"years\": {\"2029\": {\"holidays\": [\"2029-01-01\"], \"workdays\": []},"
	     " \"2027\": {\"holidays\": [\"2026-01-01\"], \"workdays\": []}}}",
	     "already listed by the 2026 notice"},
	    {"{\"years\": {\"2029\": {\"holidays\": [], \"workdays\": [], \"colour\": 1}}}",
	     "unknown key"},
	    {"{\"years\": {}, \"closures\": [{\"date\": \"2029-01-02\", \"reason\": \"x\"}]}",
	     "closures"},
	    {"{\"years\": {\"2029\": ", "calendar JSON"},
	    {"[]", "must be an object"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char msg[OS_CAL_MSG_SIZE] = "";
		os_err e = store_calendar_import(f->st, 0, NOW, "cli", cases[i].doc,
		                                 strlen(cases[i].doc), NULL, msg, sizeof msg);
		assert_int_equal(e, OS_ERR_INVALID);
		if (!strstr(msg, cases[i].want))
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, msg, cases[i].want);
	}
	store_cal_year_list l;
	assert_int_equal(store_calendar_years(f->st, &l), OS_OK);
	assert_int_equal(l.n, 4); /* 2029 of the first and third documents was not added */
	store_cal_year_list_free(&l);
	assert_int_equal(generation(f), g);
	assert_int_equal(audit_count(f), audits);
}

/* ---- closures ------------------------------------------------------------ */

static void test_closures(void **state)
{
	fixture *f = *state;
	seed(f);
	char msg[OS_CAL_MSG_SIZE];
	int64_t g = generation(f);
	assert_int_equal(store_calendar_close(f->st, 7, NOW, "api r", D("2026-07-01"), 0,
	                                      "暴雨停业", msg, sizeof msg),
	                 OS_OK);
	assert_int_equal(store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-02"), 1,
	                                      "区中心设备检修", msg, sizeof msg),
	                 OS_OK);
	assert_int_equal(generation(f), g + 2);
	/* the same day and place twice; an unknown site; no reason */
	assert_int_equal(store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-01"), 0, "again",
	                                      msg, sizeof msg),
	                 OS_ERR_CONFLICT);
	assert_non_null(strstr(msg, "already closed"));
	assert_int_equal(
	    store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-03"), 99, "x", msg, sizeof msg),
	    OS_ERR_NOT_FOUND);
	assert_int_equal(
	    store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-03"), 0, "", msg, sizeof msg),
	    OS_ERR_INVALID);
	assert_int_equal(store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-03"), 0, "bad\x01",
	                                      msg, sizeof msg),
	                 OS_ERR_INVALID);
	assert_int_equal(generation(f), g + 2);
	/* a site closure on a day closed district-wide too */
	assert_int_equal(store_calendar_close(f->st, 0, NOW, "cli", D("2026-07-01"), 1, "site too",
	                                      msg, sizeof msg),
	                 OS_OK);

	os_calendar *district = load(f, 0), *site = load(f, 1);
	assert_false(workday(district, "2026-07-01"));
	assert_string_equal(os_calendar_closure(district, D("2026-07-01")), "暴雨停业");
	assert_true(workday(district, "2026-07-02")); /* only the site closed */
	assert_false(workday(site, "2026-07-02"));
	assert_string_equal(os_calendar_closure(site, D("2026-07-01")), "暴雨停业");
	os_calendar_free(district);
	os_calendar_free(site);

	store_cal_closure_list cl;
	assert_int_equal(store_calendar_closures(f->st, D("2026-01-01"), D("2026-12-31"), &cl),
	                 OS_OK);
	assert_int_equal(cl.n, 3);
	assert_int_equal(cl.rows[0].date, D("2026-07-01"));
	assert_int_equal(cl.rows[0].site_id, 0);
	assert_int_equal(cl.rows[0].created_by, 7);
	assert_int_equal(cl.rows[0].created_at, NOW);
	assert_int_equal(cl.rows[1].site_id, 1);
	assert_string_equal(cl.rows[2].reason, "区中心设备检修");
	store_cal_closure_list_free(&cl);
	assert_int_equal(store_calendar_closures(f->st, D("2026-07-02"), D("2026-07-02"), &cl),
	                 OS_OK);
	assert_int_equal(cl.n, 1);
	store_cal_closure_list_free(&cl);

	/* reopen: the district's day, then again (not closed any more) */
	assert_int_equal(store_calendar_reopen(f->st, 7, NOW, "api r2", D("2026-07-01"), 0), OS_OK);
	assert_int_equal(store_calendar_reopen(f->st, 7, NOW, "api r3", D("2026-07-01"), 0),
	                 OS_ERR_NOT_FOUND);
	assert_int_equal(store_calendar_reopen(f->st, 0, NOW, "cli", D("2026-07-05"), 1),
	                 OS_ERR_NOT_FOUND);
	district = load(f, 0);
	assert_true(workday(district, "2026-07-01"));
	os_calendar_free(district);
	site = load(f, 1);
	assert_false(workday(site, "2026-07-01")); /* the site's own closure stays */
	os_calendar_free(site);

	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE action ="
	                              " 'calendar.closure.add'"),
	                 3);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE action ="
	                              " 'calendar.closure.add' AND object ="
	                              " 'calendar/closure/2026-07-02/site/1' AND detail = 'cli'"),
	                 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE action ="
	                              " 'calendar.closure.remove' AND object ="
	                              " 'calendar/closure/2026-07-01' AND actor_id = 7"
	                              " AND detail = 'api r2'"),
	                 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM audit_log WHERE detail = 'api r3'"), 0);
}

/* A closure in a year without a notice is kept; the year stays unknown. */
static void test_closure_before_notice(void **state)
{
	fixture *f = *state;
	seed(f);
	char msg[OS_CAL_MSG_SIZE];
	assert_int_equal(store_calendar_close(f->st, 0, NOW, "cli", D("2027-03-01"), 0, "planned",
	                                      msg, sizeof msg),
	                 OS_OK);
	os_calendar *cal = load(f, 0);
	bool w;
	int missing = 0;
	assert_int_equal(os_calendar_is_workday(cal, D("2027-03-02"), &w, &missing),
	                 OS_ERR_NO_CALENDAR);
	assert_int_equal(missing, 2027);
	os_calendar_free(cal);
	const os_date hol[] = {D("2027-01-01")};
	assert_int_equal(store_calendar_put_year(f->st, 0, NOW, "cli", 2027, NULL, hol, 1, NULL, 0,
	                                         NULL, msg, sizeof msg),
	                 OS_OK);
	cal = load(f, 0);
	assert_false(workday(cal, "2027-03-01"));
	assert_true(workday(cal, "2027-03-02"));
	os_calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_seed_once_and_equal_to_embedded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_put_year_then_replace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_year_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_refused_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closure_before_notice, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
