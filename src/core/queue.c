/* queue.c - numbers, states and the calling rule of the service hall. */
#include "core/queue.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

os_err queue_policy_parse(const char *name, long n, queue_policy *out)
{
	if (!name)
		return OS_ERR_INVALID;
	if (!strcmp(name, "strict")) {
		out->kind = QP_STRICT;
		out->interleave = 0;
		return OS_OK;
	}
	if (!strcmp(name, "interleave") && n >= 1 && n <= 100) {
		out->kind = QP_INTERLEAVE;
		out->interleave = (int)n;
		return OS_OK;
	}
	return OS_ERR_INVALID;
}

static const char *const green_keys[QG_COUNT] = {"none", "elderly",  "disabled",
                                                 "ill",  "pregnant", "veteran"};

const char *queue_green_key(queue_green g)
{
	return (int)g >= 0 && (int)g < QG_COUNT ? green_keys[g] : NULL;
}

int queue_green_parse(const char *s)
{
	for (int i = 0; s && i < QG_COUNT; i++)
		if (!strcmp(s, green_keys[i]))
			return i;
	return -1;
}

const char *ticket_state_key(ticket_state s)
{
	static const char *const k[] = {NULL,       "waiting", "called", "serving",
	                                "finished", "no_show", "held",   "cancelled"};
	return (int)s >= 1 && (int)s <= 7 ? k[s] : NULL;
}

static const char *const source_keys[] = {NULL, "kiosk", "guide", "appointment", "remote"};

const char *ticket_source_key(ticket_source s)
{
	return (int)s >= 1 && (int)s <= 4 ? source_keys[s] : NULL;
}

int ticket_source_parse(const char *s)
{
	for (int i = 1; s && i <= 4; i++)
		if (!strcmp(s, source_keys[i]))
			return i;
	return 0;
}

const char *ticket_action_key(ticket_action a)
{
	static const char *const k[] = {NULL,   "call",   "recall", "no_show",  "return", "start",
	                                "hold", "resume", "finish", "transfer", "cancel"};
	return (int)a >= 1 && (int)a <= 10 ? k[a] : NULL;
}

os_err queue_transition(ticket_state from, ticket_action a, ticket_state *to, const char **why)
{
	const char *w = NULL;
	ticket_state t = from;
	switch (a) {
	case TA_CALL:
		t = TS_CALLED;
		if (from != TS_WAITING)
			w = "only a waiting ticket can be called";
		break;
	case TA_RECALL:
		if (from != TS_CALLED)
			w = "only a called ticket can be called again";
		break;
	case TA_NO_SHOW:
		t = TS_NO_SHOW;
		if (from != TS_CALLED)
			w = "only a called ticket can be marked as not shown";
		break;
	case TA_RETURN:
		t = TS_WAITING;
		if (from != TS_NO_SHOW)
			w = "only a ticket marked as not shown can come back";
		break;
	case TA_START:
		t = TS_SERVING;
		if (from != TS_CALLED)
			w = "service starts only for a called ticket";
		break;
	case TA_HOLD:
		t = TS_HELD;
		if (from != TS_CALLED && from != TS_SERVING)
			w = "only a called or served ticket can be held";
		break;
	case TA_RESUME:
		t = TS_SERVING;
		if (from != TS_HELD)
			w = "only a held ticket can be resumed";
		break;
	case TA_FINISH:
		t = TS_FINISHED;
		if (from != TS_SERVING)
			w = "only a ticket being served can be finished (start it first)";
		break;
	case TA_TRANSFER:
		t = TS_WAITING;
		if (from != TS_CALLED && from != TS_SERVING && from != TS_HELD)
			w = "only a ticket at a window can be transferred";
		break;
	case TA_CANCEL:
		t = TS_CANCELLED;
		if (from != TS_WAITING)
			w = "only a waiting ticket can be cancelled";
		break;
	default:
		w = "unknown action";
		break;
	}
	if (why)
		*why = w;
	if (w)
		return OS_ERR_CONFLICT;
	*to = t;
	return OS_OK;
}

queue_category queue_category_of(queue_green g, bool appointment)
{
	if (g != QG_NONE)
		return QC_GREEN;
	return appointment ? QC_APPOINTMENT : QC_WALKIN;
}

int queue_age(os_date birth, os_date today)
{
	int by, bm, bd, ty, tm, td;
	os_date_to_ymd(birth, &by, &bm, &bd);
	os_date_to_ymd(today, &ty, &tm, &td);
	int age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age < 0 ? 0 : age;
}

queue_green queue_green_for(queue_green declared, bool has_birth, os_date birth, os_date today,
                            int green_age)
{
	if (declared != QG_NONE)
		return declared;
	if (has_birth && queue_age(birth, today) >= green_age)
		return QG_ELDERLY;
	return QG_NONE;
}

os_date queue_day(int64_t now)
{
	os_date d = 0;
	if (os_date_from_unix(now, &d))
		return 0;
	return d;
}

int queue_hour(int64_t now)
{
	int64_t local = (now + OS_SHANGHAI_UTC_OFFSET) % 86400;
	if (local < 0)
		local += 86400;
	return (int)(local / 3600);
}

os_err queue_number(char prefix, int64_t seq, char *out, size_t cap)
{
	if (prefix < 'A' || prefix > 'Z' || seq < 1 || seq > QUEUE_MAX_SEQ)
		return OS_ERR_INVALID;
	int n = snprintf(out, cap, "%c%03lld", prefix, (long long)seq);
	if (n < 0 || (size_t)n >= cap)
		return OS_ERR_TOO_LARGE;
	return OS_OK;
}

/* a before b under the rule's key. */
static bool better(const queue_candidate *a, const queue_candidate *b)
{
	if (a->category != b->category)
		return a->category < b->category;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	if (a->order_at != b->order_at)
		return a->order_at < b->order_at;
	return a->id < b->id;
}

int queue_pick(const queue_candidate *c, size_t n, const queue_policy *p, int streak,
               int *next_streak)
{
	int best = -1, best_walkin = -1;
	for (size_t i = 0; i < n; i++) {
		if (best < 0 || better(&c[i], &c[best]))
			best = (int)i;
		if (c[i].category == QC_WALKIN &&
		    (best_walkin < 0 || better(&c[i], &c[best_walkin])))
			best_walkin = (int)i;
	}
	if (best < 0) {
		if (next_streak)
			*next_streak = streak;
		return -1;
	}
	if (p && p->kind == QP_INTERLEAVE && c[best].category != QC_WALKIN && best_walkin >= 0 &&
	    streak >= p->interleave)
		best = best_walkin;
	if (next_streak)
		*next_streak = c[best].category == QC_WALKIN ? 0 : streak + 1;
	return best;
}

int64_t queue_estimate(int64_t ahead, int64_t avg_service_s, int64_t windows)
{
	if (ahead <= 0)
		return 0;
	if (avg_service_s <= 0)
		avg_service_s = QUEUE_DEFAULT_SERVICE_S;
	if (windows <= 0)
		windows = 1;
	int64_t s = (ahead * avg_service_s + windows - 1) / windows;
	return (s + 59) / 60 * 60;
}

bool queue_noshow_may_return(int64_t noshow_at, int64_t now, long minutes)
{
	return now >= noshow_at && now - noshow_at <= (int64_t)minutes * 60;
}

int queue_checkin_window(int64_t slot_start, int64_t now, long minutes)
{
	if (now < slot_start - (int64_t)minutes * 60)
		return -1;
	if (now > slot_start + (int64_t)minutes * 60)
		return 1;
	return 0;
}

os_err queue_parse_ids(const char *s, int64_t *out, size_t cap, size_t *n)
{
	*n = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	if (!*p)
		return OS_OK;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			return OS_ERR_INVALID;
		errno = 0;
		char *end;
		long long v = strtoll(p, &end, 10);
		if (errno || v <= 0 || v > 1000000000LL)
			return OS_ERR_INVALID;
		for (size_t i = 0; i < *n; i++)
			if (out[i] == v)
				return OS_ERR_INVALID;
		if (*n == cap)
			return OS_ERR_TOO_LARGE;
		out[(*n)++] = v;
		p = end;
		while (*p == ' ')
			p++;
		if (!*p)
			return OS_OK;
		if (*p != ',')
			return OS_ERR_INVALID;
		p++;
	}
}

os_err queue_normalise_codes(const char *s, size_t cap, char *out, size_t outsz)
{
	size_t o = 0, count = 0;
	const char *p = s;
	if (outsz == 0)
		return OS_ERR_TOO_LARGE;
	out[0] = '\0';
	while (*p == ' ')
		p++;
	if (!*p)
		return OS_OK;
	for (;;) {
		while (*p == ' ')
			p++;
		size_t len = 0;
		while (isalnum((unsigned char)p[len]) || p[len] == '.' || p[len] == '_' ||
		       p[len] == '-')
			len++;
		if (len == 0 || len > 63)
			return OS_ERR_INVALID;
		if (++count > cap)
			return OS_ERR_TOO_LARGE;
		if (o + len + 2 > outsz)
			return OS_ERR_TOO_LARGE;
		if (o)
			out[o++] = ',';
		memcpy(out + o, p, len);
		o += len;
		out[o] = '\0';
		p += len;
		while (*p == ' ')
			p++;
		if (!*p)
			return OS_OK;
		if (*p != ',')
			return OS_ERR_INVALID;
		p++;
	}
}
