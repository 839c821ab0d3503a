#include "http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

typedef struct slot {
	uint64_t key;
	int64_t window_start;
	long count;
} slot;

struct ratelimit {
	pthread_mutex_t mu;
	slot slots[RL_SLOTS];
};

ratelimit *ratelimit_new(void)
{
	ratelimit *rl = os_calloc(1, sizeof *rl);
	pthread_mutex_init(&rl->mu, NULL);
	return rl;
}

void ratelimit_free(ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

int ratelimit_hit(ratelimit *rl, const char *key, long limit, long window, int64_t now)
{
	uint64_t h = fnv1a(key);
	int64_t start = now - now % window;
	pthread_mutex_lock(&rl->mu);
	slot *s = &rl->slots[h % RL_SLOTS];
	if (s->key != h || s->window_start != start) {
		s->key = h;
		s->window_start = start;
		s->count = 0;
	}
	int wait = 0;
	if (s->count >= limit)
		wait = (int)(start + window - now);
	else
		s->count++;
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
