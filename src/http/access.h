/* access.h - object rules (route_object) enforced by handlers against the
 * object they load. Each returns true when the caller may reach the object.
 * A handler that gets false answers 404 with access_deny(), exactly as for a
 * missing object, so that nobody learns whether someone else's object
 * exists; the denial is audited by the router.
 *
 * Scope of staff by site: district-center staff reach every site; township
 * staff their township and its villages; village staff their station.
 * Administrators (sysadmin, secadmin, auditor) reach everything their role
 * admits. */
#ifndef ONESTOP_HTTP_ACCESS_H
#define ONESTOP_HTTP_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

bool access_own(http_req *r, int64_t owner_user_id);
bool access_site(http_req *r, int64_t site_id);
bool access_department(http_req *r, int64_t department_id);
bool access_agency(http_req *r, int64_t agency_id);
/* Answer 404 and mark the request as an authorization failure. */
void access_deny(http_req *r, http_resp *w);

#endif
