#include "http/sse.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

typedef struct sse_event {
	int64_t id;
	char topic[SSE_TOPIC_MAX];
	char *text; /* formatted "id: ..\nevent: ..\ndata: ..\n\n" */
	size_t len;
} sse_event;

struct sse_sub {
	sse_hub *hub;
	char topic[SSE_TOPIC_MAX];
	int64_t last_id;
	void (*wake)(void *ctx);
	void *ctx;
	bool parked;
	bool ping;
	bool hello; /* the retry: line is sent first */
	sse_sub *prev, *next;
};

struct sse_hub {
	pthread_mutex_t mu;
	sse_event ring[SSE_RING];
	int64_t next_id;
	sse_sub *subs;
	int n_subs, max_subs;
	bool closing;
};

sse_hub *sse_hub_new(int max_clients)
{
	sse_hub *h = os_calloc(1, sizeof *h);
	pthread_mutex_init(&h->mu, NULL);
	h->next_id = 1;
	h->max_subs = max_clients;
	return h;
}

void sse_hub_free(sse_hub *h)
{
	if (!h)
		return;
	for (int i = 0; i < SSE_RING; i++)
		free(h->ring[i].text);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

static void wake_all(sse_hub *h, bool ping)
{
	for (sse_sub *s = h->subs; s; s = s->next) {
		if (ping)
			s->ping = true;
		if (s->parked) {
			s->parked = false;
			s->wake(s->ctx);
		}
	}
}

int64_t sse_publish(sse_hub *h, const char *topic, const char *event, const char *data)
{
	if (strlen(topic) >= SSE_TOPIC_MAX || strpbrk(data, "\r\n") || strpbrk(event, "\r\n"))
		return 0;
	char tmp[SSE_EVENT_MAX];
	pthread_mutex_lock(&h->mu);
	int64_t id = h->next_id;
	int n = snprintf(tmp, sizeof tmp, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)id, event,
	                 data);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		pthread_mutex_unlock(&h->mu);
		return 0;
	}
	h->next_id++;
	sse_event *e = &h->ring[id % SSE_RING];
	free(e->text);
	e->id = id;
	snprintf(e->topic, sizeof e->topic, "%s", topic);
	e->text = os_strndup(tmp, (size_t)n);
	e->len = (size_t)n;
	wake_all(h, false);
	pthread_mutex_unlock(&h->mu);
	return id;
}

void sse_heartbeat(sse_hub *h)
{
	pthread_mutex_lock(&h->mu);
	wake_all(h, true);
	pthread_mutex_unlock(&h->mu);
}

void sse_close_all(sse_hub *h)
{
	pthread_mutex_lock(&h->mu);
	h->closing = true;
	wake_all(h, false);
	pthread_mutex_unlock(&h->mu);
}

int sse_clients(sse_hub *h)
{
	pthread_mutex_lock(&h->mu);
	int n = h->n_subs;
	pthread_mutex_unlock(&h->mu);
	return n;
}

sse_sub *sse_subscribe(sse_hub *h, const char *topic, int64_t last_id, void (*wake)(void *ctx),
                       void *ctx)
{
	if (strlen(topic) >= SSE_TOPIC_MAX)
		return NULL;
	pthread_mutex_lock(&h->mu);
	if (h->n_subs >= h->max_subs || h->closing) {
		pthread_mutex_unlock(&h->mu);
		return NULL;
	}
	sse_sub *s = os_calloc(1, sizeof *s);
	s->hub = h;
	snprintf(s->topic, sizeof s->topic, "%s", topic);
	/* A new client starts from now; a reconnecting one from what it saw,
	 * as far back as the ring reaches. */
	/* oldest: the id just before the oldest event the ring still holds. */
	int64_t oldest = h->next_id - SSE_RING - 1;
	if (oldest < 0)
		oldest = 0;
	if (last_id <= 0)
		s->last_id = h->next_id - 1; /* new client: from now */
	else if (last_id >= h->next_id)
		s->last_id = oldest; /* an id of a previous process: replay what we hold */
	else
		s->last_id = last_id < oldest ? oldest : last_id;
	s->wake = wake;
	s->ctx = ctx;
	s->next = h->subs;
	if (h->subs)
		h->subs->prev = s;
	h->subs = s;
	h->n_subs++;
	pthread_mutex_unlock(&h->mu);
	return s;
}

void sse_unsubscribe(sse_sub *s)
{
	sse_hub *h = s->hub;
	pthread_mutex_lock(&h->mu);
	if (s->prev)
		s->prev->next = s->next;
	else
		h->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	h->n_subs--;
	pthread_mutex_unlock(&h->mu);
	free(s);
}

static bool topic_matches(const char *want, const char *have)
{
	return want[0] == '\0' || !strcmp(want, have);
}

long sse_read(sse_sub *s, char *out, size_t max, void (*park)(void *ctx), void *ctx)
{
	sse_hub *h = s->hub;
	size_t n = 0;
	pthread_mutex_lock(&h->mu);
	if (h->closing) {
		pthread_mutex_unlock(&h->mu);
		return -1;
	}
	if (!s->hello) {
		static const char hello[] = "retry: 3000\n: connected\n\n";
		if (max < sizeof hello) {
			pthread_mutex_unlock(&h->mu);
			return 0;
		}
		memcpy(out, hello, sizeof hello - 1);
		n = sizeof hello - 1;
		s->hello = true;
	}
	while (s->last_id < h->next_id - 1) {
		sse_event *e = &h->ring[(s->last_id + 1) % SSE_RING];
		if (e->id != s->last_id + 1) { /* overwritten: skip ahead */
			s->last_id = h->next_id - SSE_RING - 1;
			continue;
		}
		if (topic_matches(s->topic, e->topic)) {
			if (n + e->len > max)
				break;
			memcpy(out + n, e->text, e->len);
			n += e->len;
		}
		s->last_id++;
	}
	if (n == 0 && s->ping) {
		static const char ping[] = ": ping\n\n";
		if (max >= sizeof ping - 1) {
			memcpy(out, ping, sizeof ping - 1);
			n = sizeof ping - 1;
		}
	}
	s->ping = false;
	if (n == 0) {
		s->parked = true;
		park(ctx);
	}
	pthread_mutex_unlock(&h->mu);
	return (long)n;
}
