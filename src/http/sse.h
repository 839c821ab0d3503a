/* sse.h - the Server-Sent Events hub for live pages (display board, hall
 * monitor). Transport-agnostic: the server gives each subscriber a wake
 * function; the hub calls it (under its lock) when there is something new.
 *
 * Events are kept in a ring of the last SSE_RING events so that a client that
 * reconnects with Last-Event-ID gets what it missed. */
#ifndef ONESTOP_HTTP_SSE_H
#define ONESTOP_HTTP_SSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SSE_RING      1024
#define SSE_EVENT_MAX 4096 /* one formatted event, bytes */
#define SSE_TOPIC_MAX 64

typedef struct sse_hub sse_hub;
typedef struct sse_sub sse_sub;

sse_hub *sse_hub_new(int max_clients);
void sse_hub_free(sse_hub *h);
/* Publish an event (data is one line of JSON). Returns its id, or 0 when it
 * is too large. Thread-safe. */
int64_t sse_publish(sse_hub *h, const char *topic, const char *event, const char *data);
/* Wake every subscriber so it sends a comment line (keep-alive, and the way a
 * dead client is noticed). */
void sse_heartbeat(sse_hub *h);
/* Wake every subscriber and make them end their streams (shutdown). */
void sse_close_all(sse_hub *h);
int sse_clients(sse_hub *h);

/* Subscribe to a topic ("" = all). NULL when max_clients is reached. */
sse_sub *sse_subscribe(sse_hub *h, const char *topic, int64_t last_id, void (*wake)(void *ctx),
                       void *ctx);
void sse_unsubscribe(sse_sub *s);
/* Copy what is pending into out (whole events); max must be at least
 * SSE_EVENT_MAX so that any one event fits (the server passes 16 KiB). When nothing is pending it
 * calls park(ctx) under the hub's lock (so no publish is missed) and returns
 * 0. Returns -1 when the stream should end. */
long sse_read(sse_sub *s, char *out, size_t max, void (*park)(void *ctx), void *ctx);

#endif
