/* demo_hall.c - the demo hall: queues, window assignments and a served day. */
#include "core/demo_hall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* District center queues: prefix, name, English, covered department codes. */
static const struct {
	const char *prefix, *name, *en;
	const char *depts[10];
	int demand; /* tickets on a demo day */
} dq[] = {
    {"A", "综合受理", "Comprehensive acceptance", {NULL}, 150},
    {"B", "商事登记", "Business registration", {"SJ", NULL}, 60},
    {"C", "社会保障/医保", "Social and medical insurance", {"SB", "YB", NULL}, 70},
    {"D", "税务", "Taxation", {"SW", NULL}, 50},
    {"E", "不动产登记", "Real estate registration", {"BDC", "ZR", NULL}, 40},
    {"F", "公安", "Public security", {"GA", NULL}, 40},
    {"G", "绿色通道", "Green channel", {NULL}, 15},
    {"H",
     "其他部门",
     "Other departments",
     {"GJJ", "MZ", "CL", "NY", "ZJ", "JT", "WJ", "JY", "TY", NULL},
     30},
};
enum { Q_A, Q_B, Q_C, Q_D, Q_E, Q_F, Q_G, Q_H, N_DQ };

static int64_t dept_id(const demo_district *d, const char *code)
{
	char full[ORG_CODE_MAX];
	snprintf(full, sizeof full, "YD-%s", code);
	for (size_t i = 0; i < d->n_departments; i++)
		if (!strcmp(d->departments[i].code, full))
			return d->departments[i].id;
	return 0;
}

/* The district queue covering a department window, or -1. */
static int queue_of_department(const demo_district *d, int64_t dept)
{
	for (int q = 0; q < N_DQ; q++)
		for (int k = 0; dq[q].depts[k]; k++)
			if (dept_id(d, dq[q].depts[k]) == dept)
				return q;
	return -1;
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: deterministic demo data, not for security */
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

static void add_assign(demo_hall *h, size_t *cap, int64_t window, size_t queue, int rank)
{
	if (h->n_assigns == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		h->assigns = os_realloc(h->assigns, *cap * sizeof *h->assigns);
	}
	h->assigns[h->n_assigns++] = (demo_hall_assign){window, queue, rank};
}

/* Minutes after midnight of the arrival of the k-th of n tickets: a morning
 * (08:30-12:00) and an afternoon (14:30-17:30) session, busier early. */
static int arrival_minute(uint64_t *s)
{
	int64_t r = rng_range(s, 0, 99);
	if (r < 60) {
		/* morning: 210 minutes, front-loaded */
		int64_t a = rng_range(s, 0, 209), b = rng_range(s, 0, 209);
		return 510 + (int)(a < b ? a : b);
	}
	int64_t a = rng_range(s, 0, 179), b = rng_range(s, 0, 179);
	return 870 + (int)(a < b ? a : b);
}

static int cmp_ticket(const void *x, const void *y)
{
	const demo_hall_ticket *a = x, *b = y;
	return a->issued_at < b->issued_at ? -1 : a->issued_at > b->issued_at;
}

demo_hall *demo_hall_generate(const demo_district *d, os_date day)
{
	demo_hall *h = os_calloc(1, sizeof *h);
	size_t n_town = 0;
	for (size_t i = 0; i < d->n_sites; i++)
		if (d->sites[i].tier == TIER_TOWNSHIP)
			n_town++;
	h->queues = os_calloc(N_DQ + n_town, sizeof *h->queues);
	for (int q = 0; q < N_DQ; q++) {
		demo_hall_queue *x = &h->queues[h->n_queues++];
		x->site_id = 1;
		snprintf(x->prefix, sizeof x->prefix, "%s", dq[q].prefix);
		snprintf(x->name, sizeof x->name, "%s", dq[q].name);
		snprintf(x->name_en, sizeof x->name_en, "%s", dq[q].en);
		size_t o = 0;
		for (int k = 0; dq[q].depts[k]; k++) {
			int n = snprintf(x->departments + o, sizeof x->departments - o, "%s%lld",
			                 o ? "," : "", (long long)dept_id(d, dq[q].depts[k]));
			if (n > 0)
				o += (size_t)n;
		}
	}
	for (size_t i = 0; i < d->n_sites; i++) {
		if (d->sites[i].tier != TIER_TOWNSHIP)
			continue;
		demo_hall_queue *x = &h->queues[h->n_queues++];
		x->site_id = d->sites[i].id;
		snprintf(x->prefix, sizeof x->prefix, "A");
		snprintf(x->name, sizeof x->name, "综合受理");
		snprintf(x->name_en, sizeof x->name_en, "Comprehensive acceptance");
	}

	/* Which windows serve what. Comprehensive windows serve every queue of
	 * their site without being listed. */
	size_t cap = 0;
	for (size_t i = 0; i < d->n_windows; i++) {
		const org_window *w = &d->windows[i];
		if (w->site_id == 1) {
			if (w->kind == WINDOW_DEPARTMENT) {
				int q = queue_of_department(d, w->department_id);
				if (q >= 0)
					add_assign(h, &cap, w->id, (size_t)q, 0);
			} else if (w->kind == WINDOW_GREEN || w->kind == WINDOW_PROXY) {
				add_assign(h, &cap, w->id, Q_G, 0);
				add_assign(h, &cap, w->id, Q_A, 1);
			}
		} else if (w->kind == WINDOW_DEPARTMENT) {
			for (size_t q = N_DQ; q < h->n_queues; q++)
				if (h->queues[q].site_id == w->site_id)
					add_assign(h, &cap, w->id, q, 0);
		}
	}

	/* The day: tickets of the district center, served by the windows that
	 * were open (the comprehensive ones 1-6 and the first two of each
	 * department area), each going to the window free first. */
	const int64_t midnight = (int64_t)day * 86400 - OS_SHANGHAI_UTC_OFFSET;
	uint64_t seed = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uint32_t)day;
	size_t total = 0;
	for (int q = 0; q < N_DQ; q++)
		total += (size_t)dq[q].demand;
	h->tickets = os_calloc(total, sizeof *h->tickets);
	for (int q = 0; q < N_DQ; q++) {
		for (int k = 0; k < dq[q].demand; k++) {
			demo_hall_ticket *t = &h->tickets[h->n_tickets++];
			t->queue = (size_t)q;
			t->issued_at =
			    midnight + arrival_minute(&seed) * 60 + rng_range(&seed, 0, 59);
			int64_t r = rng_range(&seed, 0, 99);
			if (q == Q_G || r < 6)
				t->green = (queue_green)rng_range(&seed, 1, 5);
			else if (r < 14 && q != Q_H)
				t->appointment = true;
		}
	}
	qsort(h->tickets, h->n_tickets, sizeof *h->tickets, cmp_ticket);

	/* open windows and when each is free */
	struct {
		int64_t id, free_at;
		int number, queue; /* queue: -1 comprehensive (all) */
	} open[64];
	size_t n_open = 0;
	int per_queue[N_DQ] = {0};
	for (size_t i = 0; i < d->n_windows && n_open < 64; i++) {
		const org_window *w = &d->windows[i];
		if (w->site_id != 1)
			continue;
		int q = -2;
		if (w->kind == WINDOW_COMPREHENSIVE && w->number <= 6)
			q = -1;
		else if (w->kind == WINDOW_DEPARTMENT)
			q = queue_of_department(d, w->department_id);
		else if (w->kind == WINDOW_GREEN)
			q = Q_G;
		if (q == -2 || (q >= 0 && per_queue[q] >= 2))
			continue;
		if (q >= 0)
			per_queue[q]++;
		open[n_open].id = w->id;
		open[n_open].number = w->number;
		open[n_open].queue = q;
		open[n_open].free_at = midnight + 510 * 60;
		n_open++;
	}
	for (size_t i = 0; i < h->n_tickets; i++) {
		demo_hall_ticket *t = &h->tickets[i];
		size_t best = n_open;
		for (size_t k = 0; k < n_open; k++) {
			if (open[k].queue != -1 && open[k].queue != (int)t->queue)
				continue;
			if (best == n_open || open[k].free_at < open[best].free_at)
				best = k;
		}
		if (best == n_open)
			best = 0; /* a comprehensive window takes it */
		int64_t start =
		    t->issued_at > open[best].free_at ? t->issued_at : open[best].free_at;
		/* the green channel and appointments wait less */
		if ((t->green || t->appointment) && start - t->issued_at > 300)
			start = t->issued_at + rng_range(&seed, 60, 300);
		t->window_id = open[best].id;
		t->window_number = open[best].number;
		t->clerk = open[best].number == 1 ? 1 : open[best].number == 13 ? 2 : 0;
		t->called_at = start + rng_range(&seed, 5, 40);
		if (rng_range(&seed, 0, 99) < 4) {
			t->noshow = true;
			open[best].free_at = t->called_at + 90;
			continue;
		}
		t->started_at = t->called_at + rng_range(&seed, 30, 120);
		t->finished_at = t->started_at + rng_range(&seed, 180, 960);
		open[best].free_at = t->finished_at + rng_range(&seed, 10, 60);
	}
	return h;
}

void demo_hall_free(demo_hall *h)
{
	if (!h)
		return;
	free(h->queues);
	free(h->assigns);
	free(h->tickets);
	free(h);
}
