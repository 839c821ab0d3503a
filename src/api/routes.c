/* routes.c - the API surface as data. Dispatch (router.c), docs/openapi.yaml
 * (`onestop openapi`) and the tests (every route exercised; the route x role
 * matrix) all read this table. A route declares its roles, its object rule
 * and its audit class; query parameters and body fields not declared here
 * are refused before the handler runs.
 *
 * Each feature keeps its entries in its own section below. */
#include "api/api.h"
#include "core/roles.h"

#define END_FIELDS {NULL, 0, false, 0, 0, NULL}

/* ---- foundation ---- */
static const field_spec q_sites[] = {
	{"tier", FT_STRING, false, 7, 8, "district, township or village"},
	{"parent_id", FT_INT, false, 1, 1000000000, "only children of this site"},
	{"limit", FT_INT, false, 1, 200, "page size (default 50)"},
	{"offset", FT_INT, false, 0, 100000000, "rows to skip"},
	END_FIELDS,
};

static const field_spec q_events[] = {
	{"topic", FT_STRING, false, 0, 63, "only events of this topic (e.g. hall:1)"},
	END_FIELDS,
};

static const field_spec b_login[] = {
	{"login", FT_STRING, true, 1, 64, "account name"},
	{"password", FT_STRING, true, 1, 256, "password"},
	END_FIELDS,
};

/* ---- security (issue 3) specs ---- */

/* ---- calendar (issue 4) specs ---- */

/* ---- catalog (issue 5) specs ---- */

/* ---- port visa (issue 8) specs ---- */

const route api_routes[] = {
	/* ---- foundation ---- */
	{.method = "GET", .pattern = "/healthz", .roles = ROLES_ALL, .fn = api_healthz,
	 .summary = "Liveness and readiness", .tag = "ops", .object = OBJ_PUBLIC,
	 .audit = AUDIT_NONE},
	{.method = "GET", .pattern = "/metrics", .roles = ROLES_ALL, .fn = api_metrics,
	 .summary = "Prometheus metrics (text format 0.0.4)", .tag = "ops", .object = OBJ_PUBLIC,
	 .audit = AUDIT_NONE},
	{.method = "GET", .pattern = "/api/v1/version", .roles = ROLES_ALL, .fn = api_version,
	 .summary = "Version and schema of this server", .tag = "ops", .object = OBJ_PUBLIC,
	 .audit = AUDIT_NONE},
	{.method = "GET", .pattern = "/api/v1/events", .roles = ROLES_ALL, .fn = api_events,
	 .query = q_events, .summary = "Live events (Server-Sent Events)", .tag = "ops",
	 .stream = true, .object = OBJ_PUBLIC, .audit = AUDIT_NONE},
	{.method = "POST", .pattern = "/api/v1/session", .roles = ROLES_ALL,
	 .fn = api_session_create, .body = b_login, .summary = "Sign in: starts a session cookie",
	 .tag = "accounts", .object = OBJ_SESSION},
	{.method = "DELETE", .pattern = "/api/v1/session", .roles = ROLES_SIGNED_IN,
	 .fn = api_session_delete, .summary = "Sign out: ends the session", .tag = "accounts",
	 .object = OBJ_SESSION},
	{.method = "GET", .pattern = "/api/v1/me", .roles = ROLES_ALL, .fn = api_me,
	 .summary = "The current user and what he can do", .tag = "accounts",
	 .object = OBJ_SESSION},
	{.method = "GET", .pattern = "/api/v1/org/summary", .roles = ROLES_ALL,
	 .fn = api_org_summary, .summary = "Counts of sites per tier, departments, windows",
	 .tag = "organisation", .object = OBJ_PUBLIC},
	{.method = "GET", .pattern = "/api/v1/sites", .roles = ROLES_ALL, .fn = api_sites_list,
	 .query = q_sites, .summary = "Service sites of the three tiers", .tag = "organisation",
	 .object = OBJ_PUBLIC},
	{.method = "GET", .pattern = "/api/v1/sites/{id}", .roles = ROLES_ALL, .fn = api_site_get,
	 .summary = "One site with its departments, areas and windows", .tag = "organisation",
	 .object = OBJ_PUBLIC},

	/* ---- security (issue 3) ---- */

	/* ---- calendar (issue 4) ---- */

	/* ---- catalog (issue 5) ---- */

	/* ---- port visa (issue 8) ---- */
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
