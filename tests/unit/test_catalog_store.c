/* test_catalog_store.c - the catalog in the SQLite store: versions and the
 * day a scheduled version takes over (the store is asked with different
 * "today"s), search tiers and filters, import all-or-nothing and
 * idempotence, retiring, bundles and the demo load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/catalog_io.h"
#include "core/demo.h"
#include "core/demo_catalog.h"
#include "store/store.h"

typedef struct fixture {
	char dir[256];
	char path[512];
	store *st;
} fixture;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static os_date day(const char *s)
{
	os_date d;
	if (os_date_parse(s, strlen(s), &d))
		fail_msg("bad date %s", s);
	return d;
}

/* A database with the demo district (no catalog). */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/onestop-test-catalog-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/onestop.db", f->dir);
	store_options o = {
	    .path = f->path, .read_connections = 2, .group_commit_max = 16, .create = true};
	char err[512];
	if (store_open(&o, &f->st, err, sizeof err))
		fail_msg("store_open: %s", err);
	demo_district *d = demo_generate();
	if (store_demo_load(f->st, d))
		fail_msg("demo load");
	demo_free(d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static void make_item(cat_item *it, const char *code, const char *name, const char *effective)
{
	const char *names[] = {"code",         "name",     "department",    "type",
	                       "online_depth", "channels", "accept_tiers",  "decide_tier",
	                       "materials",    "keywords", "effective_from"};
	const char *values[] = {code,
	                        name,
	                        "YD-SJ",
	                        "licensing",
	                        "3",
	                        "window;online",
	                        "district;township",
	                        "district",
	                        "[{\"name\":\"居民身份证\"},{\"name\":\"营业执照\"}]",
	                        "测试",
	                        effective};
	cat_problem p;
	if (cat_item_from_flat(names, values, effective ? 11 : 10, it, &p))
		fail_msg("%s: %s: %s", code, p.field, p.reason);
}

static int64_t search_total(store *st, os_date today, const char *q, const char *first_code)
{
	cat_filter f = {.life_event = -1};
	cat_search_plan plan;
	cat_problem p;
	assert_int_equal(cat_search_plan_build(q, &f, &plan, &p), OS_OK);
	store_cat_page page;
	assert_int_equal(store_catalog_search(st, today, &plan, 0, 20, &page), OS_OK);
	int64_t total = page.total;
	if (first_code) {
		assert_true(page.n > 0);
		assert_string_equal(page.rows[0].code, first_code);
	}
	store_cat_page_free(&page);
	return total;
}

static void test_versions_take_over_on_their_day(void **state)
{
	fixture *f = *state;
	os_date d1 = day("2026-03-01");
	cat_item it;
	cat_problem p;
	make_item(&it, "V-1", "旧名称事项", "2026-01-01");
	assert_int_equal(store_item_create(f->st, d1, 0, 1, &it, &p), OS_OK);
	int64_t id = it.id;
	assert_int_equal(it.version, 1);
	cat_item_free(&it);

	/* a version for 2026-06-01: the current one stays until then */
	make_item(&it, "V-1", "新名称事项", "2026-06-01");
	bool changed;
	assert_int_equal(store_item_new_version(f->st, d1, 0, 2, id, &it, &changed, &p), OS_OK);
	assert_true(changed);
	assert_int_equal(it.version, 2);
	cat_item_free(&it);
	store_cat_item x;
	assert_int_equal(store_item_get(f->st, d1, id, &x), OS_OK);
	assert_int_equal(x.item.version, 1);
	assert_string_equal(x.item.name, "旧名称事项");
	assert_int_equal(x.latest_version, 2);
	store_cat_item_free(&x);
	assert_int_equal(search_total(f->st, d1, "旧名称", "V-1"), 1);
	assert_int_equal(search_total(f->st, d1, "新名称", NULL), 0);

	/* the day comes: the first read promotes it, search follows */
	os_date d2 = day("2026-06-01");
	assert_int_equal(search_total(f->st, d2, "新名称", "V-1"), 1);
	assert_int_equal(search_total(f->st, d2, "旧名称", NULL), 0);
	assert_int_equal(store_item_get(f->st, d2, id, &x), OS_OK);
	assert_int_equal(x.item.version, 2);
	assert_int_equal(x.current_version, 2);
	store_cat_item_free(&x);

	/* every version stays readable: what a case filed under it shows */
	assert_int_equal(store_item_version_get(f->st, id, 1, &x), OS_OK);
	assert_string_equal(x.item.name, "旧名称事项");
	store_cat_item_free(&x);
	assert_int_equal(store_item_version_get(f->st, id, 3, &x), OS_ERR_NOT_FOUND);

	store_cat_version *v;
	size_t n;
	assert_int_equal(store_item_versions(f->st, d2, id, &v, &n), OS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].effective_from, "2026-01-01");
	assert_false(v[0].current);
	assert_true(v[1].current);
	free(v);

	/* unchanged content: no version; an earlier date than the latest: refused */
	make_item(&it, "V-1", "新名称事项", "2026-07-01");
	assert_int_equal(store_item_new_version(f->st, d2, 0, 3, id, &it, &changed, &p), OS_OK);
	assert_false(changed);
	cat_item_free(&it);
	make_item(&it, "V-1", "又一个名称", "2026-05-01");
	assert_int_equal(store_item_new_version(f->st, d2, 0, 3, id, &it, &changed, &p),
	                 OS_ERR_INVALID);
	assert_string_equal(p.field, "effective_from");
	cat_item_free(&it);
	/* a duplicate code */
	make_item(&it, "V-1", "重复", NULL);
	assert_int_equal(store_item_create(f->st, d2, 0, 3, &it, &p), OS_ERR_CONFLICT);
	assert_string_equal(p.field, "code");
	cat_item_free(&it);
	/* an item whose first version is not yet effective is not shown */
	make_item(&it, "V-2", "将来的事项", "2027-01-01");
	assert_int_equal(store_item_create(f->st, d2, 0, 3, &it, &p), OS_OK);
	assert_int_equal(store_item_get(f->st, d2, it.id, &x), OS_ERR_NOT_FOUND);
	assert_int_equal(store_item_get(f->st, day("2027-01-02"), it.id, &x), OS_OK);
	store_cat_item_free(&x);
	cat_item_free(&it);
}

static void test_import_all_or_nothing_and_idempotent(void **state)
{
	fixture *f = *state;
	os_date today = day("2026-03-01");
	const char *csv =
	    "code,name,department,type,online_depth,channels,accept_tiers,decide_tier\n"
	    "I-1,导入一,YD-SJ,licensing,3,window;online,district,district\n"
	    "I-2,导入二,YD-NOPE,licensing,3,window;online,district,district\n";
	cat_import im;
	cat_row_error errs[4];
	size_t ne;
	assert_int_equal(
	    cat_import_parse(csv, strlen(csv), CAT_FMT_CSV, CAT_WHAT_NONE, &im, errs, 4, &ne),
	    OS_OK);
	store_cat_import_result r;
	assert_int_equal(store_catalog_import(f->st, today, 0, 1, &im, &r), OS_ERR_INVALID);
	assert_int_equal(r.err.line, 3);
	assert_string_equal(r.err.field, "department");
	assert_int_equal(r.inserted, 0);
	cat_import_free(&im);
	store_cat_summary s;
	assert_int_equal(store_catalog_summary(f->st, today, &s), OS_OK);
	assert_int_equal(s.items, 0); /* I-1 was rolled back with the file */

	const char *good =
	    "code,name,department,type,online_depth,channels,accept_tiers,decide_tier\n"
	    "I-1,导入一,YD-SJ,licensing,3,window;online,district,district\n"
	    "I-2,导入二,YD-MZ,public_service,4,online,district,district\n";
	for (int round = 0; round < 2; round++) {
		assert_int_equal(cat_import_parse(good, strlen(good), CAT_FMT_CSV, CAT_WHAT_NONE,
		                                  &im, errs, 4, &ne),
		                 OS_OK);
		assert_int_equal(store_catalog_import(f->st, today, 0, 1, &im, &r), OS_OK);
		assert_int_equal(r.inserted, round ? 0 : 2);
		assert_int_equal(r.unchanged, round ? 2 : 0);
		cat_import_free(&im);
	}
	assert_int_equal(store_catalog_summary(f->st, today, &s), OS_OK);
	assert_int_equal(s.items, 2);
	assert_int_equal(s.power, 1);
	assert_int_equal(s.depth[4], 1);
	/* filters */
	cat_filter fl = {.life_event = -1, .department_id = 8}; /* YD-MZ */
	cat_search_plan plan;
	cat_problem p;
	assert_int_equal(cat_search_plan_build("", &fl, &plan, &p), OS_OK);
	store_cat_page page;
	assert_int_equal(store_catalog_search(f->st, today, &plan, 0, 10, &page), OS_OK);
	assert_int_equal(page.n, 1);
	assert_string_equal(page.rows[0].code, "I-2");
	assert_false(page.total_capped);
	store_cat_page_free(&page);
}

static void test_tiers_retire_and_bundles(void **state)
{
	fixture *f = *state;
	os_date today = day("2026-03-01");
	cat_item it;
	cat_problem p;
	/* one item names 营业执照, one only asks for it */
	make_item(&it, "T-1", "营业执照补领", NULL);
	assert_int_equal(store_item_create(f->st, today, 0, 1, &it, &p), OS_OK);
	int64_t a = it.id;
	cat_item_free(&it);
	make_item(&it, "T-2", "食品经营许可", NULL);
	assert_int_equal(store_item_create(f->st, today, 0, 1, &it, &p), OS_OK);
	int64_t b = it.id;
	cat_item_free(&it);
	cat_filter fl = {.life_event = -1};
	cat_search_plan plan;
	assert_int_equal(cat_search_plan_build("营业执照", &fl, &plan, &p), OS_OK);
	store_cat_page page;
	assert_int_equal(store_catalog_search(f->st, today, &plan, 0, 10, &page), OS_OK);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.rows[0].id, a);
	assert_int_equal(page.rows[0].match, 1); /* name */
	assert_int_equal(page.rows[1].id, b);
	assert_int_equal(page.rows[1].match, 2); /* material */
	store_cat_page_free(&page);
	/* the second page starts in the material tier */
	assert_int_equal(cat_search_plan_build("营业执照", &fl, &plan, &p), OS_OK);
	assert_int_equal(store_catalog_search(f->st, today, &plan, 1, 10, &page), OS_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.rows[0].id, b);
	store_cat_page_free(&page);

	/* a bundle holds both; each material once */
	cat_bundle bd = {.code = "B-1", .name = "一件事", .lead_department = "YD-SJ", .n_items = 2};
	snprintf(bd.items[0], CAT_CODE_MAX, "T-1");
	snprintf(bd.items[1], CAT_CODE_MAX, "T-2");
	int64_t bid;
	assert_int_equal(store_bundle_save(f->st, today, 1, 0, &bd, &bid, &p), OS_OK);
	store_cat_bundle got;
	store_cat_item *members;
	assert_int_equal(store_bundle_get(f->st, today, bid, &got, &members), OS_OK);
	assert_int_equal(got.b.n_items, 2);
	const cat_item *mp[] = {&members[0].item, &members[1].item};
	cat_merge m;
	assert_int_equal(cat_bundle_merge(mp, 2, &m), OS_OK);
	assert_int_equal(m.n_materials, 2);
	assert_int_equal(m.materials[0].asked_by, 3);
	cat_merge_free(&m);
	store_cat_members_free(members, got.b.n_items);
	/* the bundle keeps its item from retiring */
	assert_int_equal(store_item_retire(f->st, today, a, "test", &p), OS_ERR_CONFLICT);
	bd.n_items = 1;
	assert_int_equal(store_bundle_save(f->st, today, 1, bid, &bd, &bid, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "items");
	/* without the bundle's hold */
	make_item(&it, "T-3", "第三个事项", NULL);
	assert_int_equal(store_item_create(f->st, today, 0, 1, &it, &p), OS_OK);
	int64_t c = it.id;
	cat_item_free(&it);
	assert_int_equal(store_item_retire(f->st, today, c, "test", &p), OS_OK);
	store_cat_item x;
	assert_int_equal(store_item_get(f->st, today, c, &x), OS_ERR_NOT_FOUND);
	assert_int_equal(store_item_version_get(f->st, c, 1, &x), OS_OK);
	store_cat_item_free(&x);
	assert_int_equal(store_item_retire(f->st, today, c, "again", &p), OS_ERR_CONFLICT);
	assert_int_equal(search_total(f->st, today, "第三个", NULL), 0);
}

static void test_demo_catalog_load(void **state)
{
	fixture *f = *state;
	demo_district *d = demo_generate();
	demo_catalog *c = demo_catalog_generate(d, DEMO_CATALOG_ITEMS);
	assert_int_equal(store_catalog_demo_load(f->st, 1767225600, c), OS_OK); /* 2026-01-01 */
	assert_int_equal(store_catalog_demo_load(f->st, 1767225600, c), OS_ERR_CONFLICT);
	store_cat_summary s;
	assert_int_equal(store_catalog_summary(f->st, day("2026-01-01"), &s), OS_OK);
	assert_int_equal(s.items, 1330);
	assert_int_equal(s.power, 996);
	assert_int_equal(s.online, 1316);
	assert_int_equal(s.depth[4], 663);
	assert_int_equal(s.bundles, (int64_t)c->n_bundles);
	demo_catalog_free(c);
	demo_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_versions_take_over_on_their_day, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_all_or_nothing_and_idempotent, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_tiers_retire_and_bundles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_catalog_load, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
