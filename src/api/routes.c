/* routes.c - the API surface as data. Dispatch (router.c), docs/openapi.yaml
 * (`onestop openapi`) and the "every route exercised" test all read this. */
#include "api/api.h"
#include "core/roles.h"

static const field_spec q_sites[] = {
    {"tier", FT_STRING, false, 7, 8, "district, township or village"},
    {"parent_id", FT_INT, false, 1, 1000000000, "only children of this site"},
    {"limit", FT_INT, false, 1, 200, "page size (default 50)"},
    {"offset", FT_INT, false, 0, 100000000, "rows to skip"},
    {NULL, 0, false, 0, 0, NULL},
};

static const field_spec q_events[] = {
    {"topic", FT_STRING, false, 0, 63, "only events of this topic (e.g. hall:1)"},
    {NULL, 0, false, 0, 0, NULL},
};

static const field_spec b_login[] = {
    {"login", FT_STRING, true, 1, 64, "account name"},
    {"password", FT_STRING, true, 1, 256, "password"},
    {NULL, 0, false, 0, 0, NULL},
};

const route api_routes[] = {
    {"GET", "/healthz", ROLES_ALL, api_healthz, NULL, NULL, "Liveness and readiness", "ops", false},
    {"GET", "/metrics", ROLES_ALL, api_metrics, NULL, NULL,
     "Prometheus metrics (text format 0.0.4)", "ops", false},
    {"GET", "/api/v1/version", ROLES_ALL, api_version, NULL, NULL,
     "Version and schema of this server", "ops", false},
    {"GET", "/api/v1/events", ROLES_ALL, api_events, q_events, NULL,
     "Live events (Server-Sent Events)", "ops", true},
    {"POST", "/api/v1/session", ROLES_ALL, api_session_create, NULL, b_login,
     "Sign in: starts a session cookie", "accounts", false},
    {"DELETE", "/api/v1/session", ROLES_SIGNED_IN, api_session_delete, NULL, NULL,
     "Sign out: ends the session", "accounts", false},
    {"GET", "/api/v1/me", ROLES_ALL, api_me, NULL, NULL, "The current user and what he can do",
     "accounts", false},
    {"GET", "/api/v1/org/summary", ROLES_ALL, api_org_summary, NULL, NULL,
     "Counts of sites per tier, departments, windows", "organisation", false},
    {"GET", "/api/v1/sites", ROLES_ALL, api_sites_list, q_sites, NULL,
     "Service sites of the three tiers", "organisation", false},
    {"GET", "/api/v1/sites/{id}", ROLES_ALL, api_site_get, NULL, NULL,
     "One site with its departments, areas and windows", "organisation", false},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
