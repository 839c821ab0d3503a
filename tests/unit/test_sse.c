/* test_sse.c - the Server-Sent Events hub without a network
 * (src/http/sse.c, included to check that callbacks run under its lock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "../../src/http/sse.c"

static const char HELLO[] = "retry: 3000\n: connected\n\n";

/* A fake connection: counts wakes and parks, and checks the hub's lock is
 * held when the hub calls back. */
typedef struct conn {
	sse_hub *hub;
	int wakes, parks;
	bool wake_unlocked, park_unlocked; /* a callback ran without the lock */
	/* for the threaded test */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool woken;
} conn;

static bool hub_locked(sse_hub *h)
{
	if (pthread_mutex_trylock(&h->mu) == 0) {
		pthread_mutex_unlock(&h->mu);
		return false;
	}
	return true;
}

static void on_wake(void *ctx)
{
	conn *c = ctx;
	c->wakes++;
	if (!hub_locked(c->hub))
		c->wake_unlocked = true;
}

static void on_park(void *ctx)
{
	conn *c = ctx;
	c->parks++;
	if (!hub_locked(c->hub))
		c->park_unlocked = true;
}

static void conn_init(conn *c, sse_hub *h)
{
	memset(c, 0, sizeof *c);
	c->hub = h;
}

static sse_sub *sub(sse_hub *h, conn *c, const char *topic, int64_t last)
{
	conn_init(c, h);
	sse_sub *s = sse_subscribe(h, topic, last, on_wake, c);
	assert_non_null(s);
	return s;
}

/* Read once into out (NUL-terminated); returns sse_read's result. */
static long rd(sse_sub *s, conn *c, char *out, size_t max)
{
	long n = sse_read(s, out, max - 1, on_park, c);
	if (n >= 0)
		out[n] = '\0';
	return n;
}

static void read_hello(sse_sub *s, conn *c)
{
	char out[256];
	int parks = c->parks;
	assert_int_equal(rd(s, c, out, sizeof out), (long)strlen(HELLO));
	assert_string_equal(out, HELLO);
	assert_int_equal(c->parks, parks); /* something was sent: no park */
}

static void test_hello_then_park(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	assert_int_equal(sse_clients(h), 1);
	char out[256];
	long n = rd(s, &c, out, sizeof out);
	assert_true(n > 0);
	assert_int_equal(strncmp(out, "retry:", 6), 0);
	assert_string_equal(out, HELLO);
	/* Nothing pending: returns 0 and parks, under the lock. */
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	assert_int_equal(c.parks, 1);
	assert_false(c.park_unlocked);
	assert_int_equal(c.wakes, 0);
	sse_unsubscribe(s);
	assert_int_equal(sse_clients(h), 0);
	sse_hub_free(h);
}

static void test_publish_wakes_and_formats(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	read_hello(s, &c);
	char out[SSE_EVENT_MAX * 4];
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	assert_int_equal(c.parks, 1);

	int64_t id = sse_publish(h, "hall:1", "ticket", "{\"n\":\"A001\"}");
	assert_int_equal(id, 1);
	assert_int_equal(c.wakes, 1);
	assert_false(c.wake_unlocked);
	/* Not parked any more: a second publish does not wake again. */
	assert_int_equal(sse_publish(h, "hall:1", "call", "{\"n\":\"A001\",\"w\":3}"), 2);
	assert_int_equal(c.wakes, 1);

	long n = rd(s, &c, out, sizeof out);
	const char *want = "id: 1\nevent: ticket\ndata: {\"n\":\"A001\"}\n\n"
	                   "id: 2\nevent: call\ndata: {\"n\":\"A001\",\"w\":3}\n\n";
	assert_int_equal(n, (long)strlen(want));
	assert_string_equal(out, want);
	assert_int_equal(c.parks, 1);
	/* Drained: park again, and the next publish wakes again. */
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	assert_int_equal(c.parks, 2);
	assert_int_equal(sse_publish(h, "x", "e", "d"), 3);
	assert_int_equal(c.wakes, 2);
	assert_int_equal(rd(s, &c, out, sizeof out), (long)strlen("id: 3\nevent: e\ndata: d\n\n"));
	assert_string_equal(out, "id: 3\nevent: e\ndata: d\n\n");
	sse_unsubscribe(s);
	sse_hub_free(h);
}

static void test_whole_events_only(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	read_hello(s, &c);
	const char *e1 = "id: 1\nevent: a\ndata: 0123456789\n\n"; /* 34 bytes */
	const char *e2 = "id: 2\nevent: b\ndata: 0123456789\n\n";
	assert_int_equal(sse_publish(h, "t", "a", "0123456789"), 1);
	assert_int_equal(sse_publish(h, "t", "b", "0123456789"), 2);
	char out[64];
	/* Room for one and a half events: only the first is copied. */
	long n = rd(s, &c, out, 52);
	assert_int_equal(n, (long)strlen(e1));
	assert_string_equal(out, e1);
	n = rd(s, &c, out, 52);
	assert_string_equal(out, e2);
	assert_int_equal(rd(s, &c, out, 52), 0);
	sse_unsubscribe(s);
	sse_hub_free(h);
}

static void test_topic_filtering(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn ca, call, cb;
	sse_sub *a = sub(h, &ca, "hall:1", 0);
	sse_sub *all = sub(h, &call, "", 0);
	sse_sub *b = sub(h, &cb, "hall:2", 0);
	read_hello(a, &ca);
	read_hello(all, &call);
	read_hello(b, &cb);
	assert_int_equal(sse_publish(h, "hall:1", "e", "one"), 1);
	assert_int_equal(sse_publish(h, "hall:2", "e", "two"), 2);
	assert_int_equal(sse_publish(h, "", "e", "three"), 3);
	assert_int_equal(sse_publish(h, "hall:10", "e", "four"), 4); /* not a prefix match */
	char out[1024];
	rd(a, &ca, out, sizeof out);
	assert_string_equal(out, "id: 1\nevent: e\ndata: one\n\n");
	rd(b, &cb, out, sizeof out);
	assert_string_equal(out, "id: 2\nevent: e\ndata: two\n\n");
	rd(all, &call, out, sizeof out);
	assert_string_equal(out, "id: 1\nevent: e\ndata: one\n\n"
	                         "id: 2\nevent: e\ndata: two\n\n"
	                         "id: 3\nevent: e\ndata: three\n\n"
	                         "id: 4\nevent: e\ndata: four\n\n");
	/* Only other topics pending: nothing to send, park. */
	assert_int_equal(sse_publish(h, "hall:2", "e", "five"), 5);
	int parks = ca.parks;
	assert_int_equal(rd(a, &ca, out, sizeof out), 0);
	assert_int_equal(ca.parks, parks + 1);
	sse_unsubscribe(a);
	sse_unsubscribe(all);
	sse_unsubscribe(b);
	sse_hub_free(h);
}

/* Collect every id delivered to s (reads until it parks). */
static int collect_ids(sse_sub *s, conn *c, int64_t *ids, int max)
{
	int n = 0;
	static char out[1 << 20];
	for (;;) {
		long got = rd(s, c, out, sizeof out);
		assert_true(got >= 0);
		if (got == 0)
			break;
		for (char *p = out; (p = strstr(p, "id: ")); p += 4) {
			if (p != out && p[-1] != '\n')
				continue;
			assert_true(n < max);
			ids[n++] = strtoll(p + 4, NULL, 10);
		}
	}
	return n;
}

static void test_last_event_id_resume(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	for (int i = 1; i <= 5; i++)
		assert_int_equal(sse_publish(h, "t", "e", "d"), i);
	conn c;
	sse_sub *s = sub(h, &c, "", 2); /* saw up to 2 */
	int64_t ids[16];
	int n = collect_ids(s, &c, ids, 16);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 4);
	assert_int_equal(ids[2], 5);
	sse_unsubscribe(s);
	/* A new client (no Last-Event-ID) starts from now. */
	s = sub(h, &c, "", 0);
	assert_int_equal(collect_ids(s, &c, ids, 16), 0);
	assert_int_equal(sse_publish(h, "t", "e", "d"), 6);
	assert_int_equal(collect_ids(s, &c, ids, 16), 1);
	assert_int_equal(ids[0], 6);
	sse_unsubscribe(s);
	/* Up to date: nothing replayed. */
	s = sub(h, &c, "", 6);
	assert_int_equal(collect_ids(s, &c, ids, 16), 0);
	sse_unsubscribe(s);
	sse_hub_free(h);
}

/* After a server restart the ids start again at 1; a browser reconnecting
 * with the Last-Event-ID of the old process must not be muted until the new
 * ids catch up with it. */
static void test_last_event_id_from_the_future(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	assert_int_equal(sse_publish(h, "t", "e", "d"), 1);
	conn c;
	sse_sub *s = sub(h, &c, "", 5000);
	int64_t ids[16];
	collect_ids(s, &c, ids, 16);
	assert_int_equal(sse_publish(h, "t", "e", "new"), 2);
	int n = collect_ids(s, &c, ids, 16);
	sse_unsubscribe(s);
	sse_hub_free(h);
	if (n == 0)
		fail_msg("a client that reconnected with Last-Event-ID 5000 gets nothing");
	assert_int_equal(ids[n - 1], 2);
}

static void test_max_clients(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(2);
	conn c1, c2, c3;
	sse_sub *a = sub(h, &c1, "", 0);
	sse_sub *b = sub(h, &c2, "x", 0);
	conn_init(&c3, h);
	assert_null(sse_subscribe(h, "", 0, on_wake, &c3));
	assert_int_equal(sse_clients(h), 2);
	sse_unsubscribe(a);
	assert_int_equal(sse_clients(h), 1);
	sse_sub *d = sse_subscribe(h, "", 0, on_wake, &c3);
	assert_non_null(d);
	assert_int_equal(sse_clients(h), 2);
	sse_unsubscribe(b);
	sse_unsubscribe(d);
	assert_int_equal(sse_clients(h), 0);
	sse_hub_free(h);
}

static void test_unsubscribe_keeps_list(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c[4];
	sse_sub *s[4];
	char out[256];
	for (int i = 0; i < 4; i++) {
		s[i] = sub(h, &c[i], "", 0);
		read_hello(s[i], &c[i]);
		assert_int_equal(rd(s[i], &c[i], out, sizeof out), 0); /* parked */
	}
	sse_unsubscribe(s[1]); /* middle */
	sse_unsubscribe(s[3]); /* head (most recent) */
	assert_int_equal(sse_clients(h), 2);
	sse_publish(h, "t", "e", "d");
	assert_int_equal(c[0].wakes, 1);
	assert_int_equal(c[2].wakes, 1);
	assert_int_equal(c[1].wakes, 0);
	assert_int_equal(c[3].wakes, 0);
	sse_unsubscribe(s[0]); /* tail */
	sse_unsubscribe(s[2]);
	assert_int_equal(sse_clients(h), 0);
	sse_hub_free(h);
}

static void test_ring_overflow_skips_ahead(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	read_hello(s, &c);
	const int extra = 10;
	for (int i = 0; i < SSE_RING + extra; i++)
		sse_publish(h, "t", "e", "d");
	static int64_t ids[SSE_RING * 2];
	int n = collect_ids(s, &c, ids, SSE_RING * 2);
	/* The overwritten events are skipped; what follows is consecutive, has
	 * no duplicates and ends with the newest. */
	assert_true(n > 0);
	assert_int_equal(ids[n - 1], SSE_RING + extra);
	for (int i = 1; i < n; i++)
		assert_int_equal(ids[i], ids[i - 1] + 1);
	assert_true(ids[0] > extra);
	int live_n = n;
	int64_t live_first = ids[0];
	sse_unsubscribe(s);

	/* A reconnect from before the ring is resumed from the oldest kept. */
	s = sub(h, &c, "", 3);
	n = collect_ids(s, &c, ids, SSE_RING * 2);
	sse_unsubscribe(s);
	sse_hub_free(h);
	assert_int_equal(ids[n - 1], SSE_RING + extra);
	for (int i = 1; i < n; i++)
		assert_int_equal(ids[i], ids[i - 1] + 1);
	/* Everything the ring still holds is delivered: ids 11 .. 1034. */
	if (live_n != SSE_RING)
		fail_msg("%d events delivered from a full ring of %d (first id %lld)", live_n,
		         SSE_RING, (long long)live_first);
	if (n != SSE_RING)
		fail_msg("resume from id 3: %d events delivered, the ring holds %d", n, SSE_RING);
}

static void test_close_all(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c1, c2;
	sse_sub *a = sub(h, &c1, "", 0);
	sse_sub *b = sub(h, &c2, "", 0);
	char out[256];
	read_hello(a, &c1);
	assert_int_equal(rd(a, &c1, out, sizeof out), 0); /* a parked, b not */
	sse_close_all(h);
	assert_int_equal(c1.wakes, 1);
	assert_false(c1.wake_unlocked);
	assert_int_equal(rd(a, &c1, out, sizeof out), -1);
	assert_int_equal(rd(b, &c2, out, sizeof out), -1);
	/* Even with events pending. */
	sse_publish(h, "t", "e", "d");
	assert_int_equal(rd(a, &c1, out, sizeof out), -1);
	/* No new subscribers once closing. */
	conn c3;
	conn_init(&c3, h);
	assert_null(sse_subscribe(h, "", 0, on_wake, &c3));
	sse_unsubscribe(a);
	sse_unsubscribe(b);
	sse_hub_free(h);
}

static void test_heartbeat(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	char out[256];
	read_hello(s, &c);
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	sse_heartbeat(h);
	assert_int_equal(c.wakes, 1);
	assert_int_equal(rd(s, &c, out, sizeof out), (long)strlen(": ping\n\n"));
	assert_string_equal(out, ": ping\n\n");
	assert_int_equal(rd(s, &c, out, sizeof out), 0); /* once per heartbeat */
	sse_unsubscribe(s);
	sse_hub_free(h);
}

static void test_refused_events(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	conn c;
	sse_sub *s = sub(h, &c, "", 0);
	read_hello(s, &c);
	char out[SSE_EVENT_MAX * 2];
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	assert_int_equal(sse_publish(h, "t", "e", "line1\nline2"), 0);
	assert_int_equal(sse_publish(h, "t", "e\nid: 99", "d"), 0);
	assert_int_equal(sse_publish(h, "t", "e", "a\n"), 0);
	char topic[SSE_TOPIC_MAX + 1];
	memset(topic, 't', sizeof topic);
	topic[SSE_TOPIC_MAX] = '\0'; /* 64 bytes: one too many */
	assert_int_equal(sse_publish(h, topic, "e", "d"), 0);
	/* Too large to format. */
	static char big[SSE_EVENT_MAX + 10];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(sse_publish(h, "t", "e", big), 0);
	/* Nothing was published, nobody was woken, and no id was used up. */
	assert_int_equal(c.wakes, 0);
	assert_int_equal(rd(s, &c, out, sizeof out), 0);
	topic[SSE_TOPIC_MAX - 1] = '\0'; /* 63 bytes: fits */
	assert_int_equal(sse_publish(h, topic, "e", "d"), 1);
	/* The largest event that fits. */
	size_t overhead = strlen("id: 2\nevent: e\ndata: \n\n");
	big[SSE_EVENT_MAX - 1 - overhead] = '\0';
	assert_int_equal(sse_publish(h, "t", "e", big), 2);
	long n = rd(s, &c, out, sizeof out);
	assert_int_equal(n, (long)(strlen("id: 1\nevent: e\ndata: d\n\n") + SSE_EVENT_MAX - 1));
	/* Subscribing to an over-long topic is refused. */
	conn c2;
	conn_init(&c2, h);
	topic[SSE_TOPIC_MAX - 1] = 't';
	assert_null(sse_subscribe(h, topic, 0, on_wake, &c2));
	sse_unsubscribe(s);
	sse_hub_free(h);
}

/* In the event-stream format a lone CR ends a line as LF does: a CR in the
 * data or the event name would let it forge fields. */
static void test_carriage_return_refused(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	int64_t in_data = sse_publish(h, "t", "e", "x\rid: 999\revent: forged");
	int64_t in_event = sse_publish(h, "t", "e\revent: forged", "d");
	sse_hub_free(h);
	if (in_data || in_event)
		fail_msg("CR accepted: in data -> id %lld, in event name -> id %lld",
		         (long long)in_data, (long long)in_event);
}

/* ---- threads: park/wake must not lose a publish ---- */

static void t_wake(void *ctx)
{
	conn *c = ctx;
	pthread_mutex_lock(&c->mu);
	c->woken = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void t_park(void *ctx)
{
	conn *c = ctx;
	c->parks++;
	pthread_mutex_lock(&c->mu);
	c->woken = false;
	pthread_mutex_unlock(&c->mu);
}

enum { T_EVENTS = 20000 };

typedef struct consumer {
	sse_hub *h;
	conn c;
	int64_t last;
	int64_t seen;
	bool timed_out, disorder;
	_Atomic bool ready;
} consumer;

static void *consume(void *p)
{
	consumer *k = p;
	sse_sub *s = sse_subscribe(k->h, "", 0, t_wake, &k->c);
	k->ready = true;
	static char out[1 << 16];
	while (k->last < T_EVENTS) {
		long n = sse_read(s, out, sizeof out - 1, t_park, &k->c);
		if (n < 0)
			break;
		if (n == 0) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 10;
			pthread_mutex_lock(&k->c.mu);
			while (!k->c.woken) {
				if (pthread_cond_timedwait(&k->c.cv, &k->c.mu, &ts) == ETIMEDOUT) {
					k->timed_out = true;
					break;
				}
			}
			pthread_mutex_unlock(&k->c.mu);
			if (k->timed_out)
				break;
			continue;
		}
		out[n] = '\0';
		for (char *q = out; (q = strstr(q, "id: ")); q += 4) {
			int64_t id = strtoll(q + 4, NULL, 10);
			if (id <= k->last)
				k->disorder = true;
			k->last = id;
			k->seen++;
		}
	}
	sse_unsubscribe(s);
	return NULL;
}

static void test_threads_no_lost_wakeup(void **state)
{
	(void)state;
	sse_hub *h = sse_hub_new(8);
	consumer k;
	memset(&k, 0, sizeof k);
	k.h = h;
	k.c.hub = h;
	pthread_mutex_init(&k.c.mu, NULL);
	pthread_cond_init(&k.c.cv, NULL);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, consume, &k), 0);
	while (!k.ready)
		usleep(100);
	char data[32];
	for (int i = 1; i <= T_EVENTS; i++) {
		snprintf(data, sizeof data, "{\"i\":%d}", i);
		assert_int_equal(sse_publish(h, "t", "e", data), i);
		if (i % 64 == 0)
			sched_yield();
	}
	pthread_join(th, NULL);
	assert_false(k.timed_out);
	assert_false(k.disorder);
	assert_int_equal(k.last, T_EVENTS);
	assert_true(k.seen > 0);
	pthread_mutex_destroy(&k.c.mu);
	pthread_cond_destroy(&k.c.cv);
	sse_hub_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hello_then_park),
	    cmocka_unit_test(test_publish_wakes_and_formats),
	    cmocka_unit_test(test_whole_events_only),
	    cmocka_unit_test(test_topic_filtering),
	    cmocka_unit_test(test_last_event_id_resume),
	    cmocka_unit_test(test_last_event_id_from_the_future),
	    cmocka_unit_test(test_max_clients),
	    cmocka_unit_test(test_unsubscribe_keeps_list),
	    cmocka_unit_test(test_ring_overflow_skips_ahead),
	    cmocka_unit_test(test_close_all),
	    cmocka_unit_test(test_heartbeat),
	    cmocka_unit_test(test_refused_events),
	    cmocka_unit_test(test_carriage_return_refused),
	    cmocka_unit_test(test_threads_no_lost_wakeup),
	};
	return cmocka_run_group_tests_name("sse", tests, NULL, NULL);
}
