/* app.h - what every handler can reach: the store, the configuration, the
 * event hub and the metrics. One per server; read-only after start except
 * the atomics in metrics. */
#ifndef ONESTOP_HTTP_APP_H
#define ONESTOP_HTTP_APP_H

#include <stdatomic.h>
#include <stdint.h>

#include "core/config.h"
#include "store/store.h"

typedef struct sse_hub sse_hub;
typedef struct ratelimit ratelimit;
typedef struct app app;

typedef struct app_metrics {
	_Atomic uint64_t *route_hits;                       /* per api_routes index */
	_Atomic uint64_t static_hits, not_found, status[6]; /* status[k]: kxx */
	_Atomic uint64_t in_flight, requests;
	_Atomic uint64_t latency_us_sum;
	_Atomic uint64_t latency_bucket[8]; /* <=0.5,1,5,10,50,100,500ms,+Inf */
} app_metrics;

struct app {
	store *st;
	const os_config *cfg;
	sse_hub *hub;
	ratelimit *rl;
	app_metrics m;
	int64_t started;
	int access_fd; /* -1 = off */
};

#endif
