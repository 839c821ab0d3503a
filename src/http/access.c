#include "http/access.h"

#include "core/roles.h"
#include "http/app.h"

#define ROLES_ADMIN (ROLE_SYSADMIN | ROLE_SECADMIN | ROLE_AUDITOR)

bool access_own(http_req *r, int64_t owner_user_id)
{
	return r->user && owner_user_id && r->user->id == owner_user_id;
}

bool access_site(http_req *r, int64_t site_id)
{
	if (!r->user)
		return false;
	if (r->role & ROLES_ADMIN)
		return true;
	if (!r->user->site_id || !site_id)
		return false;
	if (r->user->site_id == site_id)
		return true;
	int64_t chain[4];
	int n = 0;
	if (store_site_ancestors(r->app->st, site_id, chain, 4, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (chain[i] == r->user->site_id)
			return true;
	return false;
}

bool access_department(http_req *r, int64_t department_id)
{
	if (!r->user)
		return false;
	if (r->role & ROLES_ADMIN)
		return true;
	return department_id && r->user->department_id == department_id;
}

bool access_agency(http_req *r, int64_t agency_id)
{
	if (!r->user)
		return false;
	if (r->role & ROLE_OFFICER)
		return true;
	return agency_id && r->user->agency_id == agency_id;
}

void access_deny(http_req *r, http_resp *w)
{
	r->denied = true;
	resp_problem(w, 404, "not-found", "Not found", "no such object", NULL);
}
