/* demo.h - a generated Yongding-like district (DOMAIN.md §2): one district
 * center with 22 functional areas, 86 windows and 17 stationed departments,
 * 24 township/street centers with "2+X" windows, 258 village/community
 * stations, and one demo account per role. Deterministic, no I/O.
 *
 * Object ids are array index + 1 (parent_id, site_id, area_id and
 * department_id fields refer to them); the store inserts them as given.
 * Passwords are left empty: the caller fills password/password_hash. */
#ifndef ONESTOP_CORE_DEMO_H
#define ONESTOP_CORE_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/org.h"

typedef struct demo_user {
	char login[65];
	char display_name[ORG_NAME_MAX];
	const char *role;                          /* role key, see roles.h */
	int64_t site_id, department_id, window_id; /* 0 = none */
	char password[40];
	char password_hash[160];
} demo_user;

typedef struct demo_station {
	int64_t site_id, department_id;
} demo_station;

typedef struct demo_district {
	org_site *sites;
	size_t n_sites;
	org_department *departments;
	size_t n_departments;
	demo_station *stationed;
	size_t n_stationed;
	org_area *areas;
	size_t n_areas;
	org_window *windows;
	size_t n_windows;
	demo_user *users;
	size_t n_users;
} demo_district;

/* Ownership: the caller frees the result with demo_free(). */
demo_district *demo_generate(void);
void demo_free(demo_district *d);

#endif
