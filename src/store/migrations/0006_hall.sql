-- 0006: the service hall (issue 7): queues, window assignments, tickets and
-- their calls, appointment slots and bookings, and the figures as counters.
--
-- Days are os_date numbers (days since 1970-01-01 on the Asia/Shanghai wall
-- calendar, src/core/calendar.h); times are unix seconds. States, sources
-- and green classes are the integers of src/core/queue.h.
--
-- Correctness: issuing allocates the daily sequence (hall_days) and calling
-- picks and updates the ticket inside ONE write operation of the store's
-- single writer (src/store/sqlite_hall.c), so a number is never given twice
-- and two windows never get the same ticket. Figures are counters updated in
-- the same transaction as the event (hall_counters); nothing scans tickets
-- to count.

-- A queue (business category) of a hall: a prefix letter, names, and what it
-- covers: department ids and/or catalog item codes, comma-separated text
-- (linked to catalog items by code once the catalog holds them).
CREATE TABLE hall_queues (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id),
  prefix      TEXT NOT NULL CHECK (length(prefix) = 1 AND prefix GLOB '[A-Z]'),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
  name_en     TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 127),
  departments TEXT NOT NULL DEFAULT '' CHECK (length(departments) <= 255),
  items       TEXT NOT NULL DEFAULT '' CHECK (length(items) <= 2048),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (site_id, prefix)
);

-- The ordered queues a (non-comprehensive) window serves; rank 0 first.
-- Comprehensive windows serve every active queue of their site.
CREATE TABLE hall_window_queues (
  window_id INTEGER NOT NULL REFERENCES windows(id),
  queue_id  INTEGER NOT NULL REFERENCES hall_queues(id),
  rank      INTEGER NOT NULL CHECK (rank BETWEEN 0 AND 31),
  PRIMARY KEY (window_id, queue_id)
) WITHOUT ROWID;
CREATE INDEX hall_window_queues_queue ON hall_window_queues(queue_id);

-- What the calling rule remembers per window: consecutive priority calls.
CREATE TABLE hall_window_state (
  window_id INTEGER PRIMARY KEY REFERENCES windows(id),
  streak    INTEGER NOT NULL DEFAULT 0
);

-- Per queue and day: the last sequence given (numbers are never reused) and
-- the waiting tickets by category (green, appointment, walk-in). version
-- grows with every change of the waiting counts so that the in-memory board
-- applies only newer states.
CREATE TABLE hall_days (
  queue_id INTEGER NOT NULL REFERENCES hall_queues(id),
  day      INTEGER NOT NULL,
  seq      INTEGER NOT NULL DEFAULT 0,
  w0       INTEGER NOT NULL DEFAULT 0 CHECK (w0 >= 0),
  w1       INTEGER NOT NULL DEFAULT 0 CHECK (w1 >= 0),
  w2       INTEGER NOT NULL DEFAULT 0 CHECK (w2 >= 0),
  version  INTEGER NOT NULL DEFAULT 0,
  -- finished tickets and their service seconds: the recent average service
  -- time for wait estimates, without reading the counters
  fin      INTEGER NOT NULL DEFAULT 0,
  svc_sum  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (queue_id, day)
) WITHOUT ROWID;

CREATE TABLE hall_tickets (
  id               INTEGER PRIMARY KEY,
  token            TEXT NOT NULL UNIQUE CHECK (length(token) BETWEEN 16 AND 64),
  site_id          INTEGER NOT NULL REFERENCES sites(id),
  issue_queue_id   INTEGER NOT NULL REFERENCES hall_queues(id),
  queue_id         INTEGER NOT NULL REFERENCES hall_queues(id),
  day              INTEGER NOT NULL,
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  number           TEXT NOT NULL,
  source           INTEGER NOT NULL CHECK (source BETWEEN 1 AND 4),
  green            INTEGER NOT NULL DEFAULT 0 CHECK (green BETWEEN 0 AND 5),
  category         INTEGER NOT NULL CHECK (category BETWEEN 0 AND 2),
  appointment_id   INTEGER,
  -- personal data: the ID number as given (to be sealed by the key helper)
  id_number_plain  TEXT,
  state            INTEGER NOT NULL CHECK (state BETWEEN 1 AND 7),
  issued_at        INTEGER NOT NULL,
  order_at         INTEGER NOT NULL,
  called_at        INTEGER,
  started_at       INTEGER,
  finished_at      INTEGER,
  noshow_at        INTEGER,
  window_id        INTEGER REFERENCES windows(id),
  target_window_id INTEGER REFERENCES windows(id),
  clerk_id         INTEGER REFERENCES users(id),
  calls            INTEGER NOT NULL DEFAULT 0,
  transfers        INTEGER NOT NULL DEFAULT 0,
  estimate_s       INTEGER NOT NULL DEFAULT 0,
  items            TEXT NOT NULL DEFAULT '' CHECK (length(items) <= 2048),
  case_ids         TEXT NOT NULL DEFAULT '' CHECK (length(case_ids) <= 512),
  UNIQUE (issue_queue_id, day, seq)
);
-- The calling rule reads the head of each (queue, category): only waiting
-- tickets are in this index.
CREATE INDEX hall_tickets_waiting ON hall_tickets(queue_id, day, category, order_at, id)
  WHERE state = 1;
CREATE INDEX hall_tickets_targeted ON hall_tickets(target_window_id, day, category, order_at, id)
  WHERE state = 1 AND target_window_id IS NOT NULL;
-- A window's tickets in hand (called, serving, held).
CREATE INDEX hall_tickets_window ON hall_tickets(window_id, state) WHERE state IN (2, 3, 6);
CREATE INDEX hall_tickets_site_day ON hall_tickets(site_id, day);

-- Every call and recall: the board's last calls and the spoken announcement.
CREATE TABLE hall_calls (
  id            INTEGER PRIMARY KEY,
  ticket_id     INTEGER NOT NULL REFERENCES hall_tickets(id),
  site_id       INTEGER NOT NULL,
  window_id     INTEGER NOT NULL,
  window_number INTEGER NOT NULL,
  number        TEXT NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX hall_calls_site ON hall_calls(site_id, id);
CREATE INDEX hall_calls_ticket ON hall_calls(ticket_id);

-- Appointment slots per hall × queue × time, with capacity.
CREATE TABLE hall_slots (
  id        INTEGER PRIMARY KEY,
  site_id   INTEGER NOT NULL REFERENCES sites(id),
  queue_id  INTEGER NOT NULL REFERENCES hall_queues(id),
  day       INTEGER NOT NULL,
  start_at  INTEGER NOT NULL,
  end_at    INTEGER NOT NULL CHECK (end_at > start_at),
  capacity  INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  booked    INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (queue_id, start_at)
);
CREATE INDEX hall_slots_site_day ON hall_slots(site_id, day, start_at);

-- A booking: state 1 booked, 2 cancelled, 3 checked in, 4 no-show.
CREATE TABLE hall_appointments (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 16 AND 64),
  slot_id         INTEGER NOT NULL REFERENCES hall_slots(id),
  site_id         INTEGER NOT NULL,
  day             INTEGER NOT NULL,
  -- personal data (to be sealed by the key helper)
  id_number_plain TEXT NOT NULL,
  state           INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
  ticket_id       INTEGER REFERENCES hall_tickets(id),
  created_at      INTEGER NOT NULL,
  changed_at      INTEGER NOT NULL
);
-- One active booking per person and slot.
CREATE UNIQUE INDEX hall_appointments_person ON hall_appointments(slot_id, id_number_plain)
  WHERE state IN (1, 3);
CREATE INDEX hall_appointments_day ON hall_appointments(site_id, day, state);

-- The figures, aggregated as events happen: one row per day, queue, window,
-- clerk and hour (window 0 / clerk 0 = not at a window, e.g. issuing).
CREATE TABLE hall_counters (
  day         INTEGER NOT NULL,
  site_id     INTEGER NOT NULL,
  queue_id    INTEGER NOT NULL,
  window_id   INTEGER NOT NULL DEFAULT 0,
  clerk_id    INTEGER NOT NULL DEFAULT 0,
  hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  issued      INTEGER NOT NULL DEFAULT 0,
  green       INTEGER NOT NULL DEFAULT 0,
  appointment INTEGER NOT NULL DEFAULT 0,
  called      INTEGER NOT NULL DEFAULT 0,
  wait_sum    INTEGER NOT NULL DEFAULT 0,
  est_err_sum INTEGER NOT NULL DEFAULT 0,
  finished    INTEGER NOT NULL DEFAULT 0,
  service_sum INTEGER NOT NULL DEFAULT 0,
  noshows     INTEGER NOT NULL DEFAULT 0,
  transfers   INTEGER NOT NULL DEFAULT 0,
  appt_noshow INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, queue_id, window_id, clerk_id, hour)
) WITHOUT ROWID;
