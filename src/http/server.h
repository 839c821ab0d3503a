/* server.h - the HTTP server on libmicrohttpd (epoll, a pool of worker
 * threads). It collects a request (bounded headers, query and body), hands
 * it to the router or the static files, and sends the response with a
 * request id, security headers and a JSON-lines access log entry. */
#ifndef ONESTOP_HTTP_SERVER_H
#define ONESTOP_HTTP_SERVER_H

#include "http/app.h"

typedef struct http_server http_server;

/* Bind cfg->listen and start serving. On failure returns an error with one
 * English line in err (e.g. "cannot listen on 127.0.0.1:8080: Address already
 * in use"). *port_out receives the bound port (useful with port 0). */
os_err http_server_start(app *a, http_server **out, int *port_out, char *err, size_t errlen);
/* Stop accepting, end event streams, wait up to grace seconds for in-flight
 * requests, then stop the workers. */
void http_server_stop(http_server *s, int grace_seconds);

#endif
