-- 0009: the complaint window (办不成事反映窗口, issue 9): what could not get
-- done, its owner, the departments brought in, the contact before the
-- deadline, the answer (outcome and cause), typical cases, and the figures as
-- counters.
--
-- Days are os_date numbers (src/core/calendar.h), months yyyymm, times unix
-- seconds; states, actions, outcomes, causes, scopes and channels are the
-- integers of src/core/complaint.h. Every change is one write operation of
-- the store's single writer (src/store/sqlite_complaints.c): the complaint
-- row, its event, the counters and the audit row commit together. Figures
-- read the counters only.
--
-- Personal data (the contact's name and phone) is sealed (src/core/pii.h)
-- into *_enc columns. The lookup token given to the person is stored as its
-- SHA-256, never in clear.

-- The daily sequence of reference numbers (BC-YYYYMMDD-NNNN).
CREATE TABLE complaint_days (
  day INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE complaints (
  id            INTEGER PRIMARY KEY,
  no            TEXT NOT NULL UNIQUE CHECK (length(no) BETWEEN 1 AND 23),
  token_hash    BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  state         INTEGER NOT NULL CHECK (state BETWEEN 1 AND 5),
  channel       INTEGER NOT NULL CHECK (channel IN (1, 2)),
  site_id       INTEGER NOT NULL REFERENCES sites(id),     -- where it could not get done
  item_id       INTEGER REFERENCES catalog_items(id),      -- which item (optional)
  item_code     TEXT NOT NULL DEFAULT '' CHECK (length(item_code) <= 63),
  item_name     TEXT NOT NULL DEFAULT '' CHECK (length(CAST(item_name AS BLOB)) <= 255),
  item_department_id INTEGER REFERENCES departments(id),
  summary       TEXT NOT NULL CHECK (length(CAST(summary AS BLOB)) BETWEEN 1 AND 2000),
  name_enc      BLOB,
  phone_enc     BLOB,
  recorded_by   INTEGER REFERENCES users(id),             -- NULL: anonymous, online
  recorded_at   INTEGER NOT NULL,
  recorded_day  INTEGER NOT NULL,
  due           INTEGER NOT NULL,                         -- day the answer is due
  owner_id      INTEGER REFERENCES users(id),
  owned_at      INTEGER,
  contacted_at  INTEGER,                                  -- last contact with the person
  answered_at   INTEGER,
  answered_by   INTEGER REFERENCES users(id),
  outcome       INTEGER NOT NULL DEFAULT 0 CHECK (outcome BETWEEN 0 AND 3),
  cause         INTEGER NOT NULL DEFAULT 0 CHECK (cause BETWEEN 0 AND 5),
  scope         INTEGER NOT NULL DEFAULT 0 CHECK (scope BETWEEN 0 AND 3),
  answer        TEXT NOT NULL DEFAULT '' CHECK (length(CAST(answer AS BLOB)) <= 2000),
  referred_to   TEXT NOT NULL DEFAULT '' CHECK (length(CAST(referred_to AS BLOB)) <= 128),
  on_time       INTEGER CHECK (on_time IN (0, 1)),        -- fixed with the answer
  overdue_counted INTEGER NOT NULL DEFAULT 0 CHECK (overdue_counted IN (0, 1)),
  typical       INTEGER NOT NULL DEFAULT 0 CHECK (typical IN (0, 1)),
  improvement   TEXT NOT NULL DEFAULT '' CHECK (length(CAST(improvement AS BLOB)) <= 1000),
  closed_at     INTEGER,
  updated_at    INTEGER NOT NULL,
  CHECK ((state IN (4, 5)) = (answered_at IS NOT NULL)),
  CHECK (state = 1 OR owner_id IS NOT NULL OR scope <> 0)
);
CREATE INDEX complaints_state ON complaints(state, due);
CREATE INDEX complaints_owner ON complaints(owner_id, state, due);
CREATE INDEX complaints_site ON complaints(site_id, state);
CREATE INDEX complaints_typical ON complaints(typical, answered_at) WHERE typical = 1;

-- The departments brought in, each with the coordinator's note and the
-- department's response.
CREATE TABLE complaint_departments (
  complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  involved_at   INTEGER NOT NULL,
  involved_by   INTEGER REFERENCES users(id),
  note          TEXT NOT NULL CHECK (length(CAST(note AS BLOB)) BETWEEN 1 AND 1000),
  response      TEXT NOT NULL DEFAULT '' CHECK (length(CAST(response AS BLOB)) <= 2000),
  responded_at  INTEGER,
  responded_by  INTEGER REFERENCES users(id),
  PRIMARY KEY (complaint_id, department_id)
) WITHOUT ROWID;

-- The timeline: who did what, when. Never updated or deleted.
CREATE TABLE complaint_events (
  id            INTEGER PRIMARY KEY,
  complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
  at            INTEGER NOT NULL,
  actor_id      INTEGER REFERENCES users(id),
  actor_role    TEXT NOT NULL DEFAULT '' CHECK (length(actor_role) <= 31),
  action        INTEGER NOT NULL CHECK (action BETWEEN 1 AND 10),
  from_state    INTEGER NOT NULL CHECK (from_state BETWEEN 0 AND 5),
  to_state      INTEGER NOT NULL CHECK (to_state BETWEEN 1 AND 5),
  department_id INTEGER REFERENCES departments(id),
  target_id     INTEGER REFERENCES users(id),             -- the new owner (assign)
  note          TEXT NOT NULL DEFAULT '' CHECK (length(CAST(note AS BLOB)) <= 2000)
);
CREATE INDEX complaint_events_of ON complaint_events(complaint_id, id);

CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;

-- Figures per month and site, each counted in the month its event happened:
-- opened (the recording), answered and on_time (the answer), overdue (the
-- month of the missed due day; counted once per complaint, by the answer or
-- by the sweep of open complaints), out_of_scope (the answer), typical (the
-- recording month of complaints tagged typical).
CREATE TABLE complaint_counters (
  month        INTEGER NOT NULL,
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  opened       INTEGER NOT NULL DEFAULT 0 CHECK (opened >= 0),
  answered     INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
  on_time      INTEGER NOT NULL DEFAULT 0 CHECK (on_time >= 0),
  overdue      INTEGER NOT NULL DEFAULT 0 CHECK (overdue >= 0),
  out_of_scope INTEGER NOT NULL DEFAULT 0 CHECK (out_of_scope >= 0),
  typical      INTEGER NOT NULL DEFAULT 0 CHECK (typical >= 0),
  PRIMARY KEY (month, site_id)
) WITHOUT ROWID;

-- Answers per month (of the answer), site, outcome, cause and scope.
CREATE TABLE complaint_answer_counters (
  month   INTEGER NOT NULL,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  outcome INTEGER NOT NULL,
  cause   INTEGER NOT NULL,
  scope   INTEGER NOT NULL,
  n       INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (month, site_id, outcome, cause, scope)
) WITHOUT ROWID;
