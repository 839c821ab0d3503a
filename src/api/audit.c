/* audit.c - the auditor's search over the audit log. */
#include <string.h>

#include "api/api.h"
#include "http/app.h"

void api_audit_search(http_req *r, http_resp *w)
{
	store_audit_filter f = {
	    .actor_id = req_query_int(r, "actor_id", 0),
	    .action_prefix = req_query(r, "action"),
	    .object_prefix = req_query(r, "object"),
	    .result_prefix = req_query(r, "result"),
	    .from = req_query_int(r, "from", 0),
	    .to = req_query_int(r, "to", 0),
	    .limit = req_query_int(r, "limit", 50),
	    .offset = req_query_int(r, "offset", 0),
	};
	store_audit_list l;
	os_err e = store_audit_search(r->app->st, &f, &l);
	if (e) {
		resp_error(w, e, "cannot search the audit log");
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) {
		const store_audit_row *x = &l.rows[i];
		json_array_append_new(
		    items, json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
		                     (json_int_t)x->id, "at", (json_int_t)x->at, "actor_id",
		                     x->actor_id ? json_integer(x->actor_id) : json_null(),
		                     "actor_role", x->actor_role, "action", x->action, "object",
		                     x->object, "result", x->result, "client", x->client,
		                     "request_id", x->request_id, "detail", x->detail));
	}
	resp_json(w, 200,
	          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)l.total,
	                    "limit", (json_int_t)f.limit, "offset", (json_int_t)f.offset));
	store_audit_list_free(&l);
}
