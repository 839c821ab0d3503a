/* test_demo.c - invariants of the generated demo district (src/core/demo.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/roles.h"

static int setup(void **state)
{
	*state = demo_generate();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	demo_free(*state);
	return 0;
}

static const org_site *site(const demo_district *d, int64_t id)
{
	if (id < 1 || (size_t)id > d->n_sites)
		return NULL;
	return &d->sites[id - 1];
}

static const org_window *window(const demo_district *d, int64_t id)
{
	if (id < 1 || (size_t)id > d->n_windows)
		return NULL;
	return &d->windows[id - 1];
}

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80             ? 0
		        : (*p & 0xe0) == 0xc0 ? 1
		        : (*p & 0xf0) == 0xe0 ? 2
		        : (*p & 0xf8) == 0xf0 ? 3
		                              : -1;
		if (n < 0 || (n == 1 && *p < 0xc2))
			return false;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
}

/* A fixed-size string field is terminated and within the database's caps. */
static void assert_text(const char *s, size_t cap, size_t min)
{
	size_t n = strnlen(s, cap);
	assert_true(n < cap);
	assert_true(n >= min);
	assert_true(valid_utf8(s));
}

static void test_sizes(void **state)
{
	const demo_district *d = *state;
	assert_int_equal(d->n_sites, 1 + 24 + 258);
	assert_int_equal(d->n_departments, 17);
	assert_true(d->n_areas >= 22);
	assert_true(d->n_windows >= 86 + 24 * 3 + 258);
	assert_true(d->n_users > 0);
	assert_true(d->n_stationed >= 17);
	size_t tiers[4] = {0};
	for (size_t i = 0; i < d->n_sites; i++) {
		assert_true(d->sites[i].tier >= TIER_DISTRICT && d->sites[i].tier <= TIER_VILLAGE);
		tiers[d->sites[i].tier]++;
	}
	assert_int_equal(tiers[TIER_DISTRICT], 1);
	assert_int_equal(tiers[TIER_TOWNSHIP], 24);
	assert_int_equal(tiers[TIER_VILLAGE], 258);
}

static void test_ids_are_index_plus_one(void **state)
{
	const demo_district *d = *state;
	for (size_t i = 0; i < d->n_sites; i++)
		assert_int_equal(d->sites[i].id, (int64_t)i + 1);
	for (size_t i = 0; i < d->n_departments; i++)
		assert_int_equal(d->departments[i].id, (int64_t)i + 1);
	for (size_t i = 0; i < d->n_areas; i++)
		assert_int_equal(d->areas[i].id, (int64_t)i + 1);
	for (size_t i = 0; i < d->n_windows; i++)
		assert_int_equal(d->windows[i].id, (int64_t)i + 1);
}

static void test_site_parents(void **state)
{
	const demo_district *d = *state;
	for (size_t i = 0; i < d->n_sites; i++) {
		const org_site *s = &d->sites[i];
		switch (s->tier) {
		case TIER_DISTRICT:
			assert_int_equal(s->parent_id, 0);
			break;
		case TIER_TOWNSHIP: {
			const org_site *p = site(d, s->parent_id);
			assert_non_null(p);
			assert_int_equal(p->tier, TIER_DISTRICT);
			break;
		}
		case TIER_VILLAGE: {
			const org_site *p = site(d, s->parent_id);
			if (!p || p->tier != TIER_TOWNSHIP)
				fail_msg("village %s: parent %lld is not a township", s->name,
				         (long long)s->parent_id);
			break;
		}
		}
	}
	/* Every township has villages. */
	for (size_t i = 0; i < d->n_sites; i++) {
		if (d->sites[i].tier != TIER_TOWNSHIP)
			continue;
		int kids = 0;
		for (size_t j = 0; j < d->n_sites; j++)
			kids += d->sites[j].parent_id == d->sites[i].id &&
			        d->sites[j].tier == TIER_VILLAGE;
		assert_true(kids >= 1);
	}
}

static void test_site_text(void **state)
{
	const demo_district *d = *state;
	for (size_t i = 0; i < d->n_sites; i++) {
		const org_site *s = &d->sites[i];
		assert_text(s->code, sizeof s->code, 1);
		assert_text(s->name, sizeof s->name, 1);
		assert_text(s->name_en, sizeof s->name_en, 0);
		assert_text(s->hours, sizeof s->hours, 0);
		assert_text(s->address, sizeof s->address, 0);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(d->sites[j].code, s->code))
				fail_msg("site code %s repeated", s->code);
	}
	for (size_t i = 0; i < d->n_departments; i++) {
		const org_department *p = &d->departments[i];
		assert_text(p->code, sizeof p->code, 1);
		assert_text(p->name, sizeof p->name, 1);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(d->departments[j].code, p->code);
	}
	for (size_t i = 0; i < d->n_areas; i++) {
		const org_area *a = &d->areas[i];
		assert_non_null(site(d, a->site_id));
		assert_text(a->code, sizeof a->code, 1);
		assert_text(a->name, sizeof a->name, 1);
		for (size_t j = 0; j < i; j++)
			if (d->areas[j].site_id == a->site_id)
				assert_string_not_equal(d->areas[j].code, a->code);
	}
}

static void test_windows(void **state)
{
	const demo_district *d = *state;
	for (size_t i = 0; i < d->n_windows; i++) {
		const org_window *w = &d->windows[i];
		assert_non_null(site(d, w->site_id));
		assert_true(w->number >= 1 && w->number <= 999);
		assert_true(w->kind >= WINDOW_COMPREHENSIVE && w->kind <= WINDOW_PORT_VISA);
		/* Department windows have a department, others none. */
		if (w->kind == WINDOW_DEPARTMENT) {
			if (w->department_id < 1 || (size_t)w->department_id > d->n_departments)
				fail_msg("department window %lld has department %lld",
				         (long long)w->id, (long long)w->department_id);
		} else if (w->department_id != 0) {
			fail_msg("window %lld of kind %d has department %lld", (long long)w->id,
			         (int)w->kind, (long long)w->department_id);
		}
		/* An area, when given, is one of the window's site. */
		if (w->area_id) {
			assert_true(w->area_id >= 1 && (size_t)w->area_id <= d->n_areas);
			assert_int_equal(d->areas[w->area_id - 1].site_id, w->site_id);
		}
		/* Numbers are unique per site. */
		for (size_t j = 0; j < i; j++)
			if (d->windows[j].site_id == w->site_id &&
			    d->windows[j].number == w->number)
				fail_msg("site %lld has two windows numbered %d",
				         (long long)w->site_id, w->number);
	}
}

static void test_window_layout(void **state)
{
	const demo_district *d = *state;
	for (size_t s = 0; s < d->n_sites; s++) {
		const org_site *st = &d->sites[s];
		int comp = 0, dept = 0, total = 0;
		for (size_t i = 0; i < d->n_windows; i++) {
			if (d->windows[i].site_id != st->id)
				continue;
			total++;
			comp += d->windows[i].kind == WINDOW_COMPREHENSIVE;
			dept += d->windows[i].kind == WINDOW_DEPARTMENT;
		}
		switch (st->tier) {
		case TIER_DISTRICT:
			assert_int_equal(total, 86);
			break;
		case TIER_TOWNSHIP: /* "2+X" */
			if (comp != 2 || dept < 1)
				fail_msg("%s: %d comprehensive + %d department", st->name, comp,
				         dept);
			break;
		case TIER_VILLAGE:
			assert_true(total >= 1);
			break;
		}
	}
}

static void test_stationed(void **state)
{
	const demo_district *d = *state;
	int at_center = 0;
	for (size_t i = 0; i < d->n_stationed; i++) {
		const demo_station *p = &d->stationed[i];
		assert_non_null(site(d, p->site_id));
		assert_true(p->department_id >= 1 && (size_t)p->department_id <= d->n_departments);
		at_center += p->site_id == 1;
		for (size_t j = 0; j < i; j++)
			assert_false(d->stationed[j].site_id == p->site_id &&
			             d->stationed[j].department_id == p->department_id);
	}
	assert_int_equal(at_center, 17);
	/* A department window's department is stationed at its site. */
	for (size_t i = 0; i < d->n_windows; i++) {
		const org_window *w = &d->windows[i];
		if (w->kind != WINDOW_DEPARTMENT)
			continue;
		bool found = false;
		for (size_t j = 0; j < d->n_stationed; j++)
			found |= d->stationed[j].site_id == w->site_id &&
			         d->stationed[j].department_id == w->department_id;
		if (!found)
			fail_msg("window %lld: department %lld not stationed at site %lld",
			         (long long)w->id, (long long)w->department_id,
			         (long long)w->site_id);
	}
}

static void test_users(void **state)
{
	const demo_district *d = *state;
	for (size_t i = 0; i < d->n_users; i++) {
		const demo_user *u = &d->users[i];
		size_t ll = strnlen(u->login, sizeof u->login);
		assert_true(ll >= 3 && ll < sizeof u->login); /* the database's CHECK */
		assert_text(u->display_name, sizeof u->display_name, 1);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(d->users[j].login, u->login))
				fail_msg("login %s repeated", u->login);
		/* Every role exists. */
		assert_non_null(u->role);
		const role_info *ri = role_by_key(u->role);
		if (!ri)
			fail_msg("user %s has unknown role \"%s\"", u->login, u->role);
		assert_ptr_equal(role_by_bit(ri->role), ri);
		/* References point at existing objects, and agree with each other. */
		if (u->site_id)
			assert_non_null(site(d, u->site_id));
		if (u->department_id)
			assert_true(u->department_id >= 1 &&
			            (size_t)u->department_id <= d->n_departments);
		if (u->window_id) {
			const org_window *w = window(d, u->window_id);
			assert_non_null(w);
			assert_int_equal(w->site_id, u->site_id);
			if (w->kind == WINDOW_DEPARTMENT)
				assert_int_equal(w->department_id, u->department_id);
		}
	}
}

static void test_every_role_has_a_demo_user(void **state)
{
	const demo_district *d = *state;
	size_t n = 0;
	const role_info *all = roles_all(&n);
	assert_true(n > 0);
	char missing[512] = "";
	size_t ml = 0;
	for (size_t r = 0; r < n; r++) {
		bool found = false;
		for (size_t i = 0; i < d->n_users; i++)
			found |= !strcmp(d->users[i].role, all[r].key);
		if (!found)
			ml += (size_t)snprintf(missing + ml, sizeof missing - ml, "%s%s",
			                       ml ? ", " : "", all[r].key);
	}
	if (missing[0])
		fail_msg("roles without a demo user: %s", missing);
}

static void test_roles_table(void **state)
{
	(void)state;
	size_t n = 0;
	const role_info *all = roles_all(&n);
	assert_int_equal(n, ROLE_COUNT - 1); /* all but ROLE_ANON */
	unsigned seen = 0;
	for (size_t r = 0; r < n; r++) {
		const role_info *ri = &all[r];
		assert_true(ri->role != ROLE_ANON && ri->role != ROLE_NONE);
		assert_int_equal(ri->role & (ri->role - 1), 0); /* one bit */
		assert_int_equal(seen & ri->role, 0);
		seen |= ri->role;
		assert_true((ri->role & ROLES_SIGNED_IN) != 0);
		assert_non_null(ri->key);
		assert_true(strlen(ri->key) > 0 && strlen(ri->key) < 32); /* store_user.role */
		assert_ptr_equal(role_by_key(ri->key), ri);
		assert_true(strlen(ri->name_zh) > 0);
		assert_true(strlen(ri->name_en) > 0);
		/* Capabilities: non-empty, no blanks, no repeats. */
		assert_non_null(ri->capabilities);
		assert_non_null(ri->capabilities[0]);
		for (const char *const *c = ri->capabilities; *c; c++) {
			assert_true(strlen(*c) > 0);
			for (const char *const *e = ri->capabilities; e < c; e++)
				assert_string_not_equal(*e, *c);
		}
	}
	assert_int_equal(seen, ROLES_SIGNED_IN);
	assert_null(role_by_key("root"));
	assert_null(role_by_key(""));
	assert_null(role_by_bit(ROLE_ANON));
	const char *const *pub = roles_public_capabilities();
	assert_non_null(pub);
	assert_non_null(pub[0]);
}

static void test_deterministic(void **state)
{
	const demo_district *d = *state;
	demo_district *e = demo_generate();
	assert_int_equal(e->n_sites, d->n_sites);
	assert_int_equal(e->n_windows, d->n_windows);
	assert_int_equal(e->n_users, d->n_users);
	assert_memory_equal(e->sites, d->sites, d->n_sites * sizeof *d->sites);
	assert_memory_equal(e->windows, d->windows, d->n_windows * sizeof *d->windows);
	assert_memory_equal(e->areas, d->areas, d->n_areas * sizeof *d->areas);
	demo_free(e);
	demo_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_ids_are_index_plus_one),
	    cmocka_unit_test(test_site_parents),
	    cmocka_unit_test(test_site_text),
	    cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_window_layout),
	    cmocka_unit_test(test_stationed),
	    cmocka_unit_test(test_users),
	    cmocka_unit_test(test_every_role_has_a_demo_user),
	    cmocka_unit_test(test_roles_table),
	    cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests_name("demo", tests, setup, teardown);
}
