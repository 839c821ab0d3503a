/* health.c - /healthz, /metrics, /api/v1/version and the event stream. */
#include <stdatomic.h>
#include <string.h>

#include "api/api.h"
#include "http/app.h"
#include "http/sse.h"
#include "version.h"

/* The store is pinged at most once a second; between pings the last answer
 * stands, so a load balancer's probes cost no database work. */
static _Atomic int64_t last_ping;
static _Atomic int last_ping_ok = 1;

void api_healthz(http_req *r, http_resp *w)
{
	app *a = r->app;
	int64_t prev = atomic_load(&last_ping);
	if (r->now != prev && atomic_compare_exchange_strong(&last_ping, &prev, r->now))
		atomic_store(&last_ping_ok, store_ping(a->st) == OS_OK);
	if (!atomic_load(&last_ping_ok)) {
		resp_problem(w, 503, "unhealthy", "Unhealthy", "the database does not answer",
		             NULL);
		return;
	}
	static const char ok[] = "{\"status\":\"ok\"}";
	resp_text(w, 200, "application/json", ok, sizeof ok - 1);
}

void api_version(http_req *r, http_resp *w)
{
	app *a = r->app;
	resp_json(w, 200,
	          json_pack("{s:s, s:i, s:I}", "version", ONESTOP_VERSION, "schema",
	                    store_schema_version(a->st), "uptime_seconds",
	                    (json_int_t)(r->now - a->started)));
}

void api_metrics(http_req *r, http_resp *w)
{
	app *a = r->app;
	buf *b = &w->body;
	buf_reset(b);
	buf_adds(b, "# HELP onestop_requests_total HTTP requests answered.\n"
	            "# TYPE onestop_requests_total counter\n");
	for (int k = 1; k <= 5; k++)
		buf_printf(b, "onestop_requests_total{class=\"%dxx\"} %llu\n", k,
		           (unsigned long long)atomic_load(&a->m.status[k]));
	buf_adds(b, "# HELP onestop_route_requests_total Requests per declared route.\n"
	            "# TYPE onestop_route_requests_total counter\n");
	for (size_t i = 0; i < api_routes_count; i++)
		buf_printf(b, "onestop_route_requests_total{method=\"%s\",route=\"%s\"} %llu\n",
		           api_routes[i].method, api_routes[i].pattern,
		           (unsigned long long)atomic_load(&a->m.route_hits[i]));
	buf_printf(b,
	           "# TYPE onestop_static_requests_total counter\n"
	           "onestop_static_requests_total %llu\n"
	           "# TYPE onestop_not_found_total counter\n"
	           "onestop_not_found_total %llu\n"
	           "# TYPE onestop_in_flight gauge\n"
	           "onestop_in_flight %llu\n",
	           (unsigned long long)atomic_load(&a->m.static_hits),
	           (unsigned long long)atomic_load(&a->m.not_found),
	           (unsigned long long)atomic_load(&a->m.in_flight));
	buf_adds(b, "# HELP onestop_request_duration_seconds Time to answer.\n"
	            "# TYPE onestop_request_duration_seconds histogram\n");
	static const char *const le[] = {"0.0005", "0.001", "0.005", "0.01",
	                                 "0.05",   "0.1",   "0.5",   "+Inf"};
	uint64_t cum = 0;
	for (int i = 0; i < 8; i++) {
		cum += atomic_load(&a->m.latency_bucket[i]);
		buf_printf(b, "onestop_request_duration_seconds_bucket{le=\"%s\"} %llu\n", le[i],
		           (unsigned long long)cum);
	}
	buf_printf(b,
	           "onestop_request_duration_seconds_sum %.6f\n"
	           "onestop_request_duration_seconds_count %llu\n",
	           (double)atomic_load(&a->m.latency_us_sum) / 1e6, (unsigned long long)cum);
	store_stats ss;
	store_get_stats(a->st, &ss);
	buf_printf(b,
	           "# HELP onestop_store_commits_total Write transactions (group commits).\n"
	           "# TYPE onestop_store_commits_total counter\n"
	           "onestop_store_commits_total %llu\n"
	           "# TYPE onestop_store_operations_total counter\n"
	           "onestop_store_operations_total %llu\n"
	           "# TYPE onestop_store_failed_operations_total counter\n"
	           "onestop_store_failed_operations_total %llu\n"
	           "# TYPE onestop_store_max_batch gauge\n"
	           "onestop_store_max_batch %llu\n"
	           "# TYPE onestop_sse_clients gauge\n"
	           "onestop_sse_clients %d\n"
	           "# TYPE onestop_uptime_seconds gauge\n"
	           "onestop_uptime_seconds %lld\n",
	           (unsigned long long)ss.commits, (unsigned long long)ss.operations,
	           (unsigned long long)ss.failed, (unsigned long long)ss.max_batch,
	           sse_clients(a->hub), (long long)(r->now - a->started));
	w->status = 200;
	w->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

void api_events(http_req *r, http_resp *w)
{
	const char *topic = req_query(r, "topic");
	w->sse_topic = topic ? topic : "";
}
