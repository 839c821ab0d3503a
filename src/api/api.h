/* api.h - handlers, one file per resource. Each turns a validated request
 * into store calls and a response; decisions live in src/core. */
#ifndef ONESTOP_API_API_H
#define ONESTOP_API_API_H

#include "http/http.h"

/* health.c */
void api_healthz(http_req *r, http_resp *w);
void api_metrics(http_req *r, http_resp *w);
void api_events(http_req *r, http_resp *w);
void api_version(http_req *r, http_resp *w);
/* session.c */
void api_session_create(http_req *r, http_resp *w);
void api_session_delete(http_req *r, http_resp *w);
void api_me(http_req *r, http_resp *w);
/* org.c */
void api_org_summary(http_req *r, http_resp *w);
void api_sites_list(http_req *r, http_resp *w);
void api_site_get(http_req *r, http_resp *w);

/* Shared JSON for a user (the fields any signed-in user may see of himself). */
json_t *api_user_json(const store_user *u);

#endif
