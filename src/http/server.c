#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/roles.h"
#include "http/http.h"
#include "http/sse.h"
#include "http/static.h"

struct http_server {
	struct MHD_Daemon *d;
	app *a;
	int fd;
};

typedef struct conn_ctx {
	http_req req;
	http_resp resp;
	buf body;
	long body_cap; /* the route's cap (router_body_cap) */
	bool too_big;
	bool bad_headers;
	struct timespec t0;
	uint64_t bytes;
	sse_sub *sub; /* for event streams */
	struct MHD_Connection *conn;
	/* An event stream's context is referenced by the request and by the
	 * response's reader; the last to let go frees it. */
	_Atomic int refs;
} conn_ctx;

static void ctx_release(conn_ctx *c);

static const char CSP[] = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
                          "style-src 'self'; script-src 'self'; connect-src 'self'; "
                          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/* Request ids: a random per-process prefix and a counter - unique, cheap. */
static char id_prefix[9];
static _Atomic uint64_t id_counter;

static void new_request_id(char out[33])
{
	uint64_t n = atomic_fetch_add(&id_counter, 1);
	snprintf(out, 33, "%s%016llx", id_prefix, (unsigned long long)n);
}

static bool id_is_clean(const char *s)
{
	size_t n = strlen(s);
	if (n < 8 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || *s == '-'))
			return false;
	return true;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	conn_ctx *c = cls;
	http_req *r = &c->req;
	if (r->n_headers == REQ_MAX_HEADERS) {
		c->bad_headers = true;
		return MHD_NO;
	}
	r->headers[r->n_headers].name = key;
	r->headers[r->n_headers].value = value ? value : "";
	r->n_headers++;
	return MHD_YES;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
	(void)kind;
	conn_ctx *c = cls;
	http_req *r = &c->req;
	if (r->n_query == REQ_MAX_QUERY) {
		c->bad_headers = true;
		return MHD_NO;
	}
	r->query[r->n_query].name = key;
	r->query[r->n_query].value = value ? value : "";
	r->n_query++;
	return MHD_YES;
}

static bool is_api_path(const char *p)
{
	return !strncmp(p, "/api/", 5) || !strcmp(p, "/api") || !strcmp(p, "/healthz") ||
	       !strcmp(p, "/metrics");
}

/* ---- event streams ---- */

static void sse_wake(void *ctx)
{
	conn_ctx *c = ctx;
	MHD_resume_connection(c->conn);
}

static void sse_park(void *ctx)
{
	conn_ctx *c = ctx;
	MHD_suspend_connection(c->conn);
}

static ssize_t sse_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	conn_ctx *c = cls;
	long n = sse_read(c->sub, out, max, sse_park, c);
	if (n < 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	c->bytes += (uint64_t)n;
	return (ssize_t)n;
}

static void sse_free(void *cls)
{
	ctx_release(cls);
}

/* ---- the access handler ---- */

static void handle(app *a, conn_ctx *c, const char *url, const char *method)
{
	http_req *r = &c->req;
	http_resp *w = &c->resp;
	r->method = method;
	r->path = url;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client,
			          sizeof r->client);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
			          r->client, sizeof r->client);
	}
	MHD_get_connection_values(c->conn, MHD_HEADER_KIND, collect_header, c);
	MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, collect_query, c);
	const char *rid = req_header(r, "X-Request-Id");
	if (rid && id_is_clean(rid))
		snprintf(r->request_id, sizeof r->request_id, "%s", rid);

	if (c->bad_headers) {
		resp_problem(w, 431, "too-many-fields", "Too many header fields or parameters",
		             "at most 48 header fields and 16 query parameters", NULL);
		return;
	}
	if (c->too_big) {
		char d[96];
		snprintf(d, sizeof d, "the body exceeds %ld bytes", c->body_cap);
		resp_problem(w, 413, "too-large", "Request body too large", d, NULL);
		return;
	}
	if (!path_is_clean(url)) {
		resp_problem(w, 400, "bad-path", "Bad path",
		             "the path must be printable ASCII without empty or dot segments",
		             NULL);
		return;
	}
	r->raw_body = c->body.data;
	r->raw_len = c->body.len;
	if (is_api_path(url)) {
		router_dispatch(r, w);
		return;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		resp_header(w, "Allow", "GET, HEAD");
		resp_problem(w, 405, "method-not-allowed", "Method not allowed",
		             "pages accept GET and HEAD", NULL);
		return;
	}
	if (static_serve(a->cfg->web_root, r, w)) {
		atomic_fetch_add(&a->m.static_hits, 1);
		return;
	}
	atomic_fetch_add(&a->m.not_found, 1);
	resp_problem(w, 404, "not-found", "Not found", "no such page or resource", NULL);
}

static enum MHD_Result send_response(conn_ctx *c)
{
	http_resp *w = &c->resp;
	struct MHD_Response *resp;
	if (w->sse_topic) {
		int64_t last = 0;
		const char *lei = req_header(&c->req, "Last-Event-ID");
		if (lei)
			last = strtoll(lei, NULL, 10);
		c->sub = sse_subscribe(c->req.app->hub, w->sse_topic, last, sse_wake, c);
		if (!c->sub) {
			resp_problem(w, 503, "busy", "Too many live connections",
			             "try again in a moment", NULL);
			resp_header(w, "Retry-After", "5");
		} else {
			w->status = 200;
			atomic_fetch_add(&c->refs, 1);
			resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384,
			                                         sse_reader, c, sse_free);
			MHD_add_response_header(resp, "Content-Type", "text/event-stream");
			MHD_add_response_header(resp, "Cache-Control", "no-store");
			MHD_add_response_header(resp, "X-Accel-Buffering", "no");
			goto common;
		}
	}
	if (w->fd >= 0) {
		resp = MHD_create_response_from_fd64(w->fd_size, w->fd);
		w->fd = -1; /* MHD closes it */
		c->bytes = w->fd_size;
	} else {
		size_t len;
		char *body = buf_steal(&w->body, &len);
		c->bytes = len;
		resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	}
common:
	if (!resp)
		return MHD_NO;
	if (w->content_type)
		MHD_add_response_header(resp, "Content-Type", w->content_type);
	MHD_add_response_header(resp, "X-Request-Id", c->req.request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	bool has_cc = false;
	for (int i = 0; i < w->n_headers; i++) {
		MHD_add_response_header(resp, w->headers[i].name, w->headers[i].value);
		if (!strcmp(w->headers[i].name, "Cache-Control"))
			has_cc = true;
	}
	if (!has_cc && !w->sse_topic)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(c->conn, (unsigned)w->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	app *a = cls;
	conn_ctx *c = *con_cls;
	if (!c) {
		c = os_calloc(1, sizeof *c);
		c->refs = 1;
		c->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &c->t0);
		c->req.app = a;
		c->req.conn = conn;
		c->req.now = (int64_t)time(NULL);
		c->req.role = ROLE_ANON;
		c->resp.fd = -1;
		c->resp.status = 500;
		buf_init(&c->resp.body, 16u << 20);
		c->body_cap = router_body_cap(a, method, url);
		buf_init(&c->body, (size_t)c->body_cap);
		new_request_id(c->req.request_id);
		*con_cls = c;
		atomic_fetch_add(&a->m.in_flight, 1);
		return MHD_YES;
	}
	if (*upload_size) {
		if (!c->too_big && buf_add(&c->body, upload_data, *upload_size))
			c->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	handle(a, c, url, method);
	return send_response(c);
}

static void log_access(app *a, conn_ctx *c, uint64_t us)
{
	if (a->access_fd < 0)
		return;
	char path[300];
	size_t o = 0;
	for (const char *p = c->req.path ? c->req.path : ""; *p && o < sizeof path - 8; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
			o += (size_t)snprintf(path + o, sizeof path - o, "\\u%04x", ch);
		else
			path[o++] = (char)ch;
	}
	path[o] = '\0';
	char line[512];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int n = snprintf(
	    line, sizeof line,
	    "{\"ts\":%lld.%03ld,\"id\":\"%s\",\"method\":\"%.8s\",\"path\":\"%s\","
	    "\"route\":\"%s\",\"status\":%d,\"bytes\":%llu,\"us\":%llu,\"user\":%lld}\n",
	    (long long)now.tv_sec, now.tv_nsec / 1000000, c->req.request_id,
	    c->req.method ? c->req.method : "", path, c->req.route ? c->req.route->pattern : "",
	    c->resp.status, (unsigned long long)c->bytes, (unsigned long long)us,
	    c->req.user ? (long long)c->req.user->id : 0LL);
	if (n > 0) {
		ssize_t wr =
		    write(a->access_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line);
		(void)wr;
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	app *a = cls;
	conn_ctx *c = *con_cls;
	if (!c)
		return;
	*con_cls = NULL;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	uint64_t us =
	    (uint64_t)((t1.tv_sec - c->t0.tv_sec) * 1000000 + (t1.tv_nsec - c->t0.tv_nsec) / 1000);
	int cls_idx = c->resp.status / 100;
	if (cls_idx >= 1 && cls_idx <= 5)
		atomic_fetch_add(&a->m.status[cls_idx], 1);
	atomic_fetch_add(&a->m.requests, 1);
	atomic_fetch_add(&a->m.latency_us_sum, us);
	static const uint64_t bounds[] = {500, 1000, 5000, 10000, 50000, 100000, 500000};
	int b = 0;
	while (b < 7 && us > bounds[b])
		b++;
	atomic_fetch_add(&a->m.latency_bucket[b], 1);
	log_access(a, c, us);
	atomic_fetch_sub(&a->m.in_flight, 1);
	ctx_release(c);
}

static void ctx_release(conn_ctx *c)
{
	/* The subscription ends with the first release: after that the
	 * connection may go away and must not be woken. */
	sse_sub *sub = c->sub;
	c->sub = NULL;
	if (sub)
		sse_unsubscribe(sub);
	if (atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	if (c->resp.fd >= 0)
		close(c->resp.fd);
	for (int i = 0; i < c->resp.n_headers; i++)
		free(c->resp.headers[i].value);
	for (int i = 0; i < c->req.n_pool; i++)
		free(c->req.pool[i]);
	if (c->req.body)
		json_decref(c->req.body);
	buf_free(&c->resp.body);
	buf_free(&c->body);
	free(c);
}

static int listen_socket(const char *listen_spec, int *port_out, char *err, size_t errlen)
{
	char host[256];
	int port;
	if (config_split_hostport(listen_spec, host, sizeof host, &port)) {
		snprintf(err, errlen, "listen: %s is not HOST:PORT", listen_spec);
		return -1;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	socklen_t slen;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		slen = sizeof *s4;
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		slen = sizeof *s6;
	} else {
		snprintf(err, errlen, "listen: %s is not a numeric IP address", host);
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, slen) != 0 || listen(fd, 1024) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", listen_spec, strerror(errno));
		close(fd);
		return -1;
	}
	struct sockaddr_storage bound;
	socklen_t blen = sizeof bound;
	getsockname(fd, (struct sockaddr *)&bound, &blen);
	*port_out = ntohs(bound.ss_family == AF_INET ? ((struct sockaddr_in *)&bound)->sin_port
	                                             : ((struct sockaddr_in6 *)&bound)->sin6_port);
	return fd;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(stderr, "onestop: http: %s\n", line);
}

os_err http_server_start(app *a, http_server **out, int *port_out, char *err, size_t errlen)
{
	*out = NULL;
	uint32_t rnd = randombytes_random();
	snprintf(id_prefix, sizeof id_prefix, "%08x", rnd);
	int fd = listen_socket(a->cfg->listen, port_out, err, errlen);
	if (fd < 0)
		return errno == EADDRINUSE ? OS_ERR_BUSY : OS_ERR_IO;
	unsigned flags =
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, a, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)a->cfg->threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)a->cfg->max_header,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)a->cfg->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)a->cfg->connection_timeout,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, a, MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "cannot start the HTTP server on %s", a->cfg->listen);
		close(fd);
		return OS_ERR_IO;
	}
	http_server *s = os_calloc(1, sizeof *s);
	s->d = d;
	s->a = a;
	s->fd = fd;
	*out = s;
	return OS_OK;
}

void http_server_stop(http_server *s, int grace_seconds)
{
	if (!s)
		return;
	/* 1. stop accepting: the listening socket leaves the daemon. */
	MHD_socket lfd = MHD_quiesce_daemon(s->d);
	/* 2. end event streams (they would never finish by themselves). */
	sse_close_all(s->a->hub);
	/* 3. let in-flight requests finish. */
	struct timespec step = {0, 20 * 1000 * 1000};
	for (int i = 0; i < grace_seconds * 50 && atomic_load(&s->a->m.in_flight) > 0; i++)
		nanosleep(&step, NULL);
	MHD_stop_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	free(s);
}
