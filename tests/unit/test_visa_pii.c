/* test_visa_pii.c - the port-visa office's personal data at rest
 * (src/store/sqlite_visa.c, migration 0005): passport numbers and birth dates
 * of members, the watch list and issued visas are sealed, so neither the
 * database, its WAL nor a backup holds them in the clear; exact matches (a
 * passport in another active group, the arrival scan) go through the keyed
 * hash and still work after `onestop key rotate`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/visa.h"
#include "pii_grep.h"
#include "store/store.h"

/* The values that must never be found in the clear. */
static const char *PASSPORT = "E12345678";  /* member 1, scanned and issued */
static const char *BIRTH = "1968-05-17";    /* member 1 */
static const char *PASSPORT2 = "E87654321"; /* member 2, on the watch list */
static const char *BIRTH2 = "1975-11-03";   /* member 2 */
static const char *PASSPORT3 = "K55501234"; /* the only member of a second group */
static const char *WATCH_BIRTH = "1959-09-21";

/* Count the files checked: a missing database or backup must fail the test. */
static int no_plaintext(const char *path)
{
	const char *const needles[] = {PASSPORT, BIRTH, PASSPORT2, BIRTH2, PASSPORT3, WATCH_BIRTH};
	return pii_file_clean(path, needles, sizeof needles / sizeof needles[0]);
}

/* The control: the grep does find a value stored as text (the agency's
 * licence number, not personal data), so a miss above is meaningful. */
static void assert_found(const char *path, const char *s)
{
	size_t n;
	char *p = pii_slurp(path, &n);
	assert_non_null(p);
	assert_non_null(memmem(p, n, s, strlen(s)));
	free(p);
}

static os_date D(int y, int m, int d)
{
	os_date x;
	if (os_date_from_ymd(y, m, d, &x))
		fail_msg("bad date %d-%d-%d", y, m, d);
	return x;
}

static visa_member member(const char *sur, const char *given, char sex, os_date birth,
                          const char *passport)
{
	visa_member m;
	memset(&m, 0, sizeof m);
	snprintf(m.surname, sizeof m.surname, "%s", sur);
	snprintf(m.given_names, sizeof m.given_names, "%s", given);
	m.sex = sex;
	m.birth = birth;
	snprintf(m.nationality, sizeof m.nationality, "KOR");
	snprintf(m.passport, sizeof m.passport, "%s", passport);
	m.expiry = D(2034, 1, 1);
	return m;
}

static visa_group group(int64_t agency_id, const char *no, os_date arrival)
{
	visa_group g;
	memset(&g, 0, sizeof g);
	g.agency_id = agency_id;
	snprintf(g.group_no, sizeof g.group_no, "%s", no);
	snprintf(g.flight, sizeof g.flight, "7C8601");
	g.arrival_date = arrival;
	g.arrival_minute = 12 * 60;
	snprintf(g.itinerary, sizeof g.itinerary, "天门山 / Tianmen Mountain");
	g.stay_days = 5;
	snprintf(g.leader_name, sizeof g.leader_name, "李明");
	return g;
}

static bool has_error(const visa_errors *e, int index, const char *code)
{
	for (int i = 0; i < e->n; i++)
		if (e->items[i].index == index && !strcmp(e->items[i].code, code))
			return true;
	return false;
}

static void test_visa_personal_data_sealed(void **state)
{
	(void)state;
	pii_files fs;
	pii_files_make(&fs, "onestop-visa-pii");
	const char *db = fs.db, *key = fs.key, *wal = fs.wal, *bak = fs.bak;
	store_options o = {.path = db,
	                   .read_connections = 2,
	                   .group_commit_max = 8,
	                   .create = true,
	                   .key_file = key};
	store *st;
	char err[512];
	assert_int_equal(store_open(&o, &st, err, sizeof err), OS_OK);

	int64_t now = (int64_t)time(NULL);
	os_date today;
	assert_int_equal(os_date_from_unix(now, &today), OS_OK);
	os_date arrival = today + 5;

	store_user u = {0};
	snprintf(u.login, sizeof u.login, "officer");
	snprintf(u.display_name, sizeof u.display_name, "口岸签证官");
	snprintf(u.role, sizeof u.role, "officer");
	snprintf(u.password_hash, sizeof u.password_hash, "x");
	int64_t officer;
	assert_int_equal(store_user_create(st, &u, now, &officer), OS_OK);

	visa_agency ag = {0};
	snprintf(ag.name, sizeof ag.name, "测试国际旅行社");
	snprintf(ag.licence_no, sizeof ag.licence_no, "L-HN-CJ00777");
	int64_t agency;
	assert_int_equal(store_visa_agency_create(st, &ag, now, &agency), OS_OK);

	/* The watch list: member 2 by passport, and a name-and-birth entry. */
	visa_watch w = {0};
	snprintf(w.passport, sizeof w.passport, "%s", PASSPORT2);
	snprintf(w.nationality, sizeof w.nationality, "KOR");
	snprintf(w.reason, sizeof w.reason, "护照已报失 / reported lost");
	int64_t wid;
	assert_int_equal(store_visa_watch_add(st, &w, officer, now, &wid), OS_OK);
	visa_watch w2 = {0};
	snprintf(w2.surname, sizeof w2.surname, "PARK");
	snprintf(w2.given_names, sizeof w2.given_names, "SOYEON");
	w2.birth = D(1959, 9, 21);
	w2.has_birth = true;
	snprintf(w2.reason, sizeof w2.reason, "测试 / test");
	assert_int_equal(store_visa_watch_add(st, &w2, officer, now, NULL), OS_OK);
	visa_watch *wl;
	size_t nw;
	assert_int_equal(store_visa_watch_list(st, &wl, &nw), OS_OK);
	assert_int_equal(nw, 2);
	assert_string_equal(wl[0].passport, PASSPORT2);
	assert_false(wl[0].has_birth);
	assert_string_equal(wl[1].passport, "");
	assert_true(wl[1].has_birth);
	assert_int_equal(wl[1].birth, D(1959, 9, 21));
	free(wl);

	/* Group A (two members) and group C (one member). */
	visa_member ma[2] = {member("KIM", "MINJUN", 'M', D(1968, 5, 17), PASSPORT),
	                     member("LEE", "JIWOO", 'F', D(1975, 11, 3), PASSPORT2)};
	visa_group ga = group(agency, "VPII-A", arrival);
	store_visa_result res = {0};
	assert_int_equal(store_visa_group_create(st, &ga, ma, 2, officer, now, today, &res), OS_OK);
	int64_t group_a = res.id;
	visa_member mc = member("CHOI", "YUNA", 'F', D(1980, 1, 2), PASSPORT3);
	visa_group gc = group(agency, "VPII-C", arrival);
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_group_create(st, &gc, &mc, 1, officer, now, today, &res),
	                 OS_OK);

	/* Read back: the full values, opened. */
	store_visa_group_detail d;
	assert_int_equal(store_visa_group_get(st, group_a, &d), OS_OK);
	assert_int_equal(d.n_members, 2);
	assert_string_equal(d.members[0].passport, PASSPORT);
	assert_int_equal(d.members[0].birth, D(1968, 5, 17));
	assert_string_equal(d.members[1].passport, PASSPORT2);
	assert_int_equal(d.members[1].birth, D(1975, 11, 3));
	int64_t m1 = d.members[0].id, m2 = d.members[1].id;
	store_visa_group_detail_free(&d);

	/* The duplicate check matches on the hash: group A's passport again (in
	 * another group) is refused. */
	visa_errors *errs = calloc(1, sizeof *errs);
	visa_member dup = member("KIM", "MINJUN", 'M', D(1968, 5, 17), PASSPORT);
	visa_group gb = group(agency, "VPII-B", arrival);
	store_visa_result rb = {.errors = errs};
	assert_int_equal(store_visa_group_create(st, &gb, &dup, 1, officer, now, today, &rb),
	                 OS_ERR_CONFLICT);
	assert_true(has_error(errs, 0, "duplicate-other-group"));
	/* the same number of another nationality is another passport */
	snprintf(dup.nationality, sizeof dup.nationality, "JPN");
	memset(errs, 0, sizeof *errs);
	assert_int_equal(store_visa_group_create(st, &gb, &dup, 1, officer, now, today, &rb),
	                 OS_OK);

	/* Submit: member 2 matches the watch list (its passport, opened). */
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_group_submit(st, group_a, agency, now, 24, &res), OS_OK);
	assert_int_equal(store_visa_group_get(st, group_a, &d), OS_OK);
	assert_int_equal(d.members[1].status, VM_FLAGGED);
	assert_int_equal(d.members[1].watch_id, wid);
	assert_int_equal(d.members[0].status, VM_PENDING);
	store_visa_group_detail_free(&d);
	assert_int_equal(store_visa_member_decide(st, group_a, m2, VMA_REFUSE, "名单命中 / listed",
	                                          officer, now, &res),
	                 OS_OK);
	assert_int_equal(
	    store_visa_group_decide(st, group_a, VGA_APPROVE, NULL, officer, now, &res), OS_OK);

	/* Rotation re-seals every value and recomputes the hashes: the passports
	 * and birth dates of four members (A: 2, B: 1, C: 1), the watch list's
	 * passport (entry 1) and birth date (entry 2). */
	int64_t values = 0;
	assert_int_equal(store_key_rotate(st, &values, err, sizeof err), OS_OK);
	assert_int_equal(values, 4 * 2 + 2);

	/* The arrival scan matches on the (new) hash. */
	visa_member stranger = member("KIM", "MINJUN", 'M', D(1968, 5, 17), "E12345679");
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_scan(st, group_a, &stranger, officer, now, &res),
	                 OS_ERR_NOT_FOUND);
	/* a birth date differing from the list: found, but a conflict */
	visa_member scan = member("KIM", "MINJUN", 'M', D(1968, 5, 18), PASSPORT);
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_scan(st, group_a, &scan, officer, now, &res), OS_ERR_CONFLICT);
	assert_int_equal(res.id, m1);
	/* the number is normalised before hashing (upper case) */
	scan.birth = D(1968, 5, 17);
	snprintf(scan.passport, sizeof scan.passport, "e12345678");
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_scan(st, group_a, &scan, officer, now, &res), OS_OK);
	assert_int_equal(res.id, m1);

	/* The duplicate check after rotation: group C's passport. */
	visa_member dup3 = member("CHOI", "YUNA", 'F', D(1980, 1, 2), PASSPORT3);
	visa_group gd = group(agency, "VPII-D", arrival);
	memset(errs, 0, sizeof *errs);
	assert_int_equal(store_visa_group_create(st, &gd, &dup3, 1, officer, now, today, &rb),
	                 OS_ERR_CONFLICT);
	assert_true(has_error(errs, 0, "duplicate-other-group"));
	free(errs);

	/* Issue: the person on the visa, sealed too, opens in full. */
	memset(&res, 0, sizeof res);
	assert_int_equal(store_visa_issue(st, group_a, false, officer, now, &res), OS_OK);
	visa_doc v;
	assert_int_equal(store_visa_get(st, res.id, false, &v), OS_OK);
	assert_int_equal(v.n_people, 1);
	assert_string_equal(v.people[0].passport, PASSPORT);
	assert_int_equal(v.people[0].birth, D(1968, 5, 17));
	store_visa_doc_free(&v);

	/* A second rotation walks the visa's person (a WITHOUT ROWID table). */
	assert_int_equal(store_key_rotate(st, &values, err, sizeof err), OS_OK);
	assert_int_equal(values, 4 * 2 + 2 + 2);
	assert_int_equal(store_visa_get(st, res.id, false, &v), OS_OK);
	assert_string_equal(v.people[0].passport, PASSPORT);
	assert_int_equal(v.people[0].birth, D(1968, 5, 17));
	store_visa_doc_free(&v);

	/* No clear text: the database and its WAL while open, a backup. */
	int files = no_plaintext(wal) + no_plaintext(db);
	assert_int_equal(store_backup(st, bak, err, sizeof err), OS_OK);
	files += no_plaintext(bak);
	assert_int_equal(files, 3);
	assert_found(bak, "L-HN-CJ00777");
	store_close(st);
	assert_int_equal(no_plaintext(db), 1);
	assert_found(db, "L-HN-CJ00777");

	pii_files_remove(&fs);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_visa_personal_data_sealed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
