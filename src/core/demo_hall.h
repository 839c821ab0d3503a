/* demo_hall.h - the demo service hall on top of the demo district
 * (src/core/demo.h): queues of the district center (A 综合受理 … H) and of
 * the townships (A 综合受理), which windows serve which queues, and a
 * realistic day of tickets (arrivals with morning and afternoon peaks, the
 * green channel, appointments, no-shows), already served, for the figures.
 * Deterministic, no I/O: times are computed from the day given. */
#ifndef ONESTOP_CORE_DEMO_HALL_H
#define ONESTOP_CORE_DEMO_HALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/demo.h"
#include "core/queue.h"

typedef struct demo_hall_queue {
	int64_t site_id;
	char prefix[2];
	char name[64], name_en[96];
	char departments[96]; /* department ids, "1,5" */
} demo_hall_queue;

typedef struct demo_hall_assign {
	int64_t window_id;
	size_t queue; /* index into queues */
	int rank;
} demo_hall_assign;

typedef struct demo_hall_ticket {
	size_t queue; /* index into queues */
	queue_green green;
	bool appointment;
	bool noshow; /* called but never came */
	int64_t window_id;
	int window_number;
	int clerk; /* 0 none, 1 the demo "clerk" (window 1), 2 "clerk.sj" (window 13) */
	int64_t issued_at, called_at, started_at, finished_at;
} demo_hall_ticket;

typedef struct demo_hall {
	demo_hall_queue *queues;
	size_t n_queues;
	demo_hall_assign *assigns;
	size_t n_assigns;
	demo_hall_ticket *tickets; /* by issue time */
	size_t n_tickets;
} demo_hall;

/* The hall for district d with `day`'s tickets (served that day).
 * Ownership: free with demo_hall_free(). */
demo_hall *demo_hall_generate(const demo_district *d, os_date day);
void demo_hall_free(demo_hall *h);

#endif
