/* ratelimit.h - request limits per key (client address, account) in fixed
 * windows, in memory. Above a limit the router answers 429 with Retry-After.
 * Best effort by design: a table of RL_SLOTS counters indexed by a hash of
 * the key; a key that lands on a slot held by another key restarts the
 * count (so a collision can only be lenient, never lock out a stranger). */
#ifndef ONESTOP_HTTP_RATELIMIT_H
#define ONESTOP_HTTP_RATELIMIT_H

#include <stdint.h>

#define RL_SLOTS 8192

typedef struct ratelimit ratelimit;

ratelimit *ratelimit_new(void);
void ratelimit_free(ratelimit *rl);
/* Count one event for key; limit events per window seconds. Returns 0 when
 * allowed, else the seconds until the window ends. */
int ratelimit_hit(ratelimit *rl, const char *key, long limit, long window, int64_t now);

#endif
