/* http.h - requests, responses and the declared route table.
 *
 * A route declares its method, path pattern ("/api/v1/sites/{id}"), the
 * roles it admits, its query parameters and its JSON body fields. The router
 * (router.c) refuses anything not declared before a handler runs: unknown
 * query parameters, unknown or protected body fields, wrong types, values out
 * of bounds. The same table generates docs/openapi.yaml (`onestop openapi`)
 * and drives the "every route exercised" test.
 *
 * Memory: a request owns everything hanging off it; it is freed when the
 * response has been sent. Handlers allocate freely with req_alloc()/req_strdup(),
 * which are released with the request (cf. h2o's req->pool). */
#ifndef ONESTOP_HTTP_HTTP_H
#define ONESTOP_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"

typedef struct app app;
typedef struct http_req http_req;
typedef struct http_resp http_resp;
typedef void (*route_handler)(http_req *r, http_resp *w);

/* FT_OBJECT / FT_ARRAY (body fields only): a JSON object or array, or a
 * string holding one as JSON text (the router parses it and puts the value
 * in its place); min/max bound its compact serialisation in bytes. */
typedef enum field_type { FT_STRING, FT_INT, FT_BOOL, FT_OBJECT, FT_ARRAY } field_type;

/* One JSON body field or query parameter. For strings min/max bound the
 * length in bytes; for integers the value. A NULL name ends a list. */
typedef struct field_spec {
	const char *name;
	field_type type;
	bool required;
	long min, max;
	const char *description;
} field_spec;

/* The object rule of a route: which objects a caller may reach through it,
 * on top of its roles. Every route must declare one; OBJ_UNSET is refused at
 * dispatch and by the route x role matrix test. The handler enforces the
 * rule with the access_* helpers (src/http/access.h) against the object it
 * loads, so that a caller never learns whether someone else's object exists. */
typedef enum route_object {
	OBJ_UNSET = 0,
	OBJ_PUBLIC,     /* public information, the same for everyone */
	OBJ_SESSION,    /* the caller's own session or account only */
	OBJ_OWN,        /* objects owned by the caller (a citizen's cases) */
	OBJ_SITE,       /* objects of the caller's site (and, for township/district staff, below) */
	OBJ_DEPARTMENT, /* objects of the caller's department */
	OBJ_AGENCY,     /* objects of the caller's travel agency */
	OBJ_ADMIN,      /* administration: the role alone decides */
} route_object;

/* What the audit log records for a route besides failures. */
typedef enum route_audit {
	AUDIT_DEFAULT = 0, /* state changes (non-GET) are audited, reads are not */
	AUDIT_PERSONAL,    /* reads return personal data: audited too */
	AUDIT_NONE,        /* high-volume technical routes (health, metrics) */
} route_audit;

/* Request limits per client address (limits in the config table). */
typedef enum route_rate {
	RATE_NONE = 0,
	RATE_LOGIN,  /* sign-in: per address and per address+account */
	RATE_SEARCH, /* catalog and other searches */
	RATE_EXPORT, /* exports and bulk reads */
	RATE_TICKET, /* issuing queue tickets */
} route_rate;

typedef struct route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/sites/{id}": {id} digits, {key} [A-Za-z0-9._-] */
	unsigned roles;      /* os_role bits admitted; ROLE_ANON admits everyone */
	route_handler fn;
	const field_spec *query; /* NULL: no query parameters accepted */
	const field_spec *body;  /* NULL: no body accepted */
	const char *summary;
	const char *tag;
	bool stream; /* the handler answers with Server-Sent Events */
	route_object object;
	route_audit audit;
	route_rate rate; /* request limit class (429 with Retry-After above it) */
	bool mfa_ok;     /* reachable by a session whose second factor is pending */
	/* Exactly once (issue 6): a signed-in request with an Idempotency-Key
	 * header is claimed before the handler (store_idem_claim) and its
	 * response stored after it; a retry gets the stored response with
	 * "Idempotent-Replayed: true". The handler passes r->idem_key to the
	 * store so that the resource and the key commit together, and renders
	 * r->idem_resource instead of creating when it is set. */
	bool idempotent;
	long max_body;      /* body cap in bytes; 0 = the max_body setting */
	bool body_optional; /* a route with a body schema may also be sent none */
} route;

#define REQ_MAX_PARAMS  4
#define REQ_MAX_QUERY   16
#define REQ_MAX_HEADERS 48

struct http_req {
	app *app;
	const char *method;
	const char *path;
	const route *route;
	int route_index;
	struct {
		const char *name;
		const char *value;
	} params[REQ_MAX_PARAMS];
	int n_params;
	json_t *body;           /* the parsed body (an object) or NULL */
	const store_user *user; /* NULL when not signed in */
	unsigned role;          /* ROLE_ANON when not signed in */
	char request_id[33];
	int64_t now;    /* unix seconds at arrival */
	void *conn;     /* the library's connection (server.c only) */
	void *pool[32]; /* allocations released with the request */
	int n_pool;
	store_user user_buf;
	const char *session_cookie; /* raw token, when one was presented */
	bool denied;                /* an object rule refused access (audited) */
	bool mfa_pending;           /* the session still owes its second factor */
	char client[48];            /* the peer's address */
	store_audit_ctx audit;      /* what the store writes with this request's changes */
	/* Collected by the server before dispatch (all bounded). */
	struct {
		const char *name;
		const char *value;
	} query[REQ_MAX_QUERY], headers[REQ_MAX_HEADERS];
	int n_query, n_headers;
	const char *raw_body;
	size_t raw_len;
	/* Idempotency (route.idempotent): the claimed key, and the resource an
	 * earlier attempt created when its response was never stored. */
	const char *idem_key;
	int64_t idem_resource;
};

#define RESP_MAX_HEADERS 8

struct http_resp {
	int status;
	const char *content_type;
	buf body;
	struct {
		const char *name;
		char *value; /* owned */
	} headers[RESP_MAX_HEADERS];
	int n_headers;
	int fd; /* >= 0: send this file (static files) */
	uint64_t fd_size;
	const char *sse_topic; /* non-NULL: switch to an event stream */
	int64_t sse_last_id;
};

/* ---- helpers for handlers (router.c) ---- */
void *req_alloc(http_req *r, size_t n);
const char *req_param(const http_req *r, const char *name);
int64_t req_param_id(const http_req *r, const char *name); /* 0 when absent */
/* Declared, validated query values (the router checked them). */
const char *req_query(const http_req *r, const char *name);
long req_query_int(const http_req *r, const char *name, long def);
const char *req_header(const http_req *r, const char *name);

void resp_header(http_resp *w, const char *name, const char *value);
/* Send a JSON document; takes ownership of `doc`. */
void resp_json(http_resp *w, int status, json_t *doc);
void resp_text(http_resp *w, int status, const char *ctype, const char *text, size_t len);
/* RFC 9457 problem details. `field` names the offending input (may be NULL). */
void resp_problem(http_resp *w, int status, const char *type, const char *title, const char *detail,
                  const char *field);
/* Map an os_err to a problem response. */
void resp_error(http_resp *w, os_err e, const char *detail);

/* ---- the router ---- */
/* The route table (src/api/routes.c). */
extern const route api_routes[];
extern const size_t api_routes_count;

/* Match method and path against the table: fills r->route and r->params.
 * Returns 200 on a match, 404 for no such path, 405 for a path matched with
 * another method (then `allow` lists the methods). */
int router_match(http_req *r, char *allow, size_t allowlen);
/* Validate the query against the route's declaration. */
bool router_check_query(http_req *r, http_resp *w);
/* The whole pipeline for an API request: match, session, role, CSRF, query,
 * body, handler. */
void router_dispatch(http_req *r, http_resp *w);
/* The body cap of the route a request line names (the route's max_body, or
 * the max_body setting); read before the body arrives. */
long router_body_cap(const app *a, const char *method, const char *path);
/* Strict path check: printable ASCII, starts with '/', no "//" or dot segments. */
bool path_is_clean(const char *p);

/* Check a JSON text's nesting depth before parsing it (jansson allows 2048). */
bool json_depth_ok(const char *s, size_t n, int max_depth);
/* Parse and validate a body against a schema. On failure fills the problem. */
bool body_decode(const char *s, size_t n, int max_depth, const field_spec *schema, json_t **out,
                 http_resp *w);

#endif
