-- 0007: cases (办件, issue 6): applications for catalog items, their legal
-- clock, materials, the one-time notice, delivery, bundles, idempotency keys
-- and the figures as counters.
--
-- Days are os_date numbers (src/core/calendar.h), times unix seconds, states,
-- actions, channels and delivery methods the integers of src/core/case.h.
-- Every transition is one write operation of the store's single writer
-- (src/store/sqlite_cases.c): the case row, its event, the counters and the
-- audit row commit together. Figures read the counter tables only.
--
-- Personal data (the applicant's name, ID number, phone, postal address) is
-- sealed (XChaCha20-Poly1305, src/core/pii.h) into *_enc columns; id_hash is
-- the keyed lookup hash of the normalised ID number.

-- A bundle application (一件事一次办): one form and one set of materials fan
-- out into one case per item; its state is derived from its cases.
CREATE TABLE case_bundles (
  id           INTEGER PRIMARY KEY,
  bundle_id    INTEGER NOT NULL REFERENCES catalog_bundles(id),
  applicant_id INTEGER REFERENCES users(id),
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  channel      INTEGER NOT NULL,
  delivery     INTEGER NOT NULL DEFAULT 0,
  tracking     TEXT NOT NULL DEFAULT '' CHECK (length(tracking) <= 40),
  delivered_at INTEGER,
  created_at   INTEGER NOT NULL
);

CREATE TABLE cases (
  id            INTEGER PRIMARY KEY,
  no            TEXT NOT NULL UNIQUE CHECK (length(no) BETWEEN 1 AND 31),
  item_id       INTEGER NOT NULL REFERENCES catalog_items(id),
  item_version  INTEGER NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  site_id       INTEGER NOT NULL REFERENCES sites(id),   -- where it was received
  window_id     INTEGER REFERENCES windows(id),          -- NULL online
  channel       INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 4),
  state         INTEGER NOT NULL CHECK (state BETWEEN 1 AND 14),
  decision      INTEGER NOT NULL DEFAULT 0 CHECK (decision IN (0, 1, 2)), -- 1 approved, 2 denied
  bundle_app_id INTEGER REFERENCES case_bundles(id),
  -- who: the account that owns it (the applicant's own account, or NULL when
  -- filed at a window for someone without an account) and who filed it
  applicant_id  INTEGER REFERENCES users(id),
  filed_by      INTEGER REFERENCES users(id),
  on_behalf     INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)), -- a proxy filed it
  proxy_request_id INTEGER,                                 -- issue 9
  name_enc      BLOB,
  id_enc        BLOB,
  id_hash       BLOB,
  phone_enc     BLOB,
  address_enc   BLOB,
  form_json     TEXT NOT NULL DEFAULT '{}' CHECK (length(form_json) <= 65536),
  -- the clock
  received_at   INTEGER,
  accept_due    INTEGER,          -- day
  accepted_at   INTEGER,
  deemed        INTEGER NOT NULL DEFAULT 0 CHECK (deemed IN (0, 1)),
  limit_days    INTEGER NOT NULL DEFAULT 0,
  due           INTEGER,          -- day (decision deadline)
  suspended_at  INTEGER,          -- day the running suspension began
  suspended_days INTEGER NOT NULL DEFAULT 0,
  extended_days INTEGER NOT NULL DEFAULT 0 CHECK (extended_days BETWEEN 0 AND 10),
  notice_used   INTEGER NOT NULL DEFAULT 0 CHECK (notice_used IN (0, 1)),
  decided_at    INTEGER,
  completed_at  INTEGER,
  on_time       INTEGER CHECK (on_time IN (0, 1)),        -- fixed at completion
  overdue_counted INTEGER NOT NULL DEFAULT 0 CHECK (overdue_counted IN (0, 1)),
  overdue_day   INTEGER,          -- day the overdue counter took it (first day past due)
  delivery      INTEGER NOT NULL DEFAULT 0 CHECK (delivery BETWEEN 0 AND 3),
  tracking      TEXT NOT NULL DEFAULT '' CHECK (length(tracking) <= 40),
  delivered_at  INTEGER,
  reason        TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1024),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  -- The order of the inbox and the worklist, kept by SQLite on every write
  -- (the transitions and the demo loader alike): open cases first by their
  -- deadline (the decision deadline once it runs, else the acceptance
  -- deadline, else none: 2147483647), then the closed ones (rejected,
  -- completed, delivered, withdrawn) by the same day plus 2^32; ties by id.
  due_key       INTEGER NOT NULL GENERATED ALWAYS AS
                  ((CASE WHEN state IN (7, 12, 13, 14) THEN 4294967296 ELSE 0 END)
                   + coalesce(due, accept_due, 2147483647)) STORED
);
CREATE INDEX cases_applicant ON cases(applicant_id, id);
CREATE INDEX cases_filed_by ON cases(filed_by, id);
-- A department's (worklist) and a site's (inbox) cases per state in due_key
-- order: a list merges one range per site (or department) and state, and a
-- page reads no further than its own rows (src/store/sqlite_cases.c, list_op).
CREATE INDEX cases_site_queue ON cases(site_id, state, due_key, id);
CREATE INDEX cases_dept_queue ON cases(department_id, state, due_key, id);
-- open cases and decided ones not yet completed (the sweep's queries)
CREATE INDEX cases_open_due ON cases(state, due) WHERE state BETWEEN 2 AND 11;
CREATE INDEX cases_id_hash ON cases(id_hash);
CREATE INDEX cases_bundle ON cases(bundle_app_id);

-- Daily case numbers per site.
CREATE TABLE case_sequences (
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day     INTEGER NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (site_id, day)
) WITHOUT ROWID;

-- The timeline: every transition (who, when, from where, what, why).
CREATE TABLE case_events (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  at         INTEGER NOT NULL,
  action     INTEGER NOT NULL,
  from_state INTEGER NOT NULL,
  to_state   INTEGER NOT NULL,
  actor_id   INTEGER REFERENCES users(id),
  actor_role TEXT NOT NULL DEFAULT '',
  site_id    INTEGER,
  window_id  INTEGER,
  note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1024),
  due        INTEGER                              -- the deadline after the event
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- The one-time notice (一次性告知): at most one per case, listing every
-- missing or incorrect material at once (JSON array of {material, problem}).
CREATE TABLE case_notices (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  issued_at   INTEGER NOT NULL,
  issued_by   INTEGER REFERENCES users(id),
  items_json  TEXT NOT NULL CHECK (length(items_json) BETWEEN 2 AND 16384),
  answered_at INTEGER
);

-- Uploaded files, content-addressed (SHA-256), owned by the uploading account
-- so that an applicant can reuse what he filed before.
CREATE TABLE case_files (
  id         INTEGER PRIMARY KEY,
  owner_id   INTEGER REFERENCES users(id),
  sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
  mime       INTEGER NOT NULL CHECK (mime BETWEEN 1 AND 3),
  size       INTEGER NOT NULL CHECK (size BETWEEN 1 AND 4194304),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  data_enc   BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (owner_id, sha256)
);

-- Which file answers which material of the item (by material key).
CREATE TABLE case_materials (
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  material_key TEXT NOT NULL CHECK (length(material_key) BETWEEN 1 AND 160),
  file_id      INTEGER NOT NULL REFERENCES case_files(id),
  added_at     INTEGER NOT NULL,
  PRIMARY KEY (case_id, material_key, file_id)
) WITHOUT ROWID;

-- Idempotency-Key: one row per (account, key). Claimed before the work with
-- the request's hash; the work's own transaction sets resource_id; the
-- response is stored after. A claim older than the in-progress window whose
-- resource exists is replayed from the resource, never redone.
CREATE TABLE idempotency_keys (
  user_id     INTEGER NOT NULL,
  key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  route       TEXT NOT NULL,
  body_hash   BLOB NOT NULL CHECK (length(body_hash) = 32),
  resource_id INTEGER,
  status      INTEGER,
  response    TEXT,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- Figures: per day x site x department x item, updated in the transaction
-- of each transition. received on receipt, accepted on acceptance (deemed
-- too), completed and on_time at completion, overdue when an open case
-- passes its deadline (counted once, by the sweep or the next transition).
CREATE TABLE case_counters (
  day           INTEGER NOT NULL,
  site_id       INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  item_id       INTEGER NOT NULL,
  received      INTEGER NOT NULL DEFAULT 0,
  accepted      INTEGER NOT NULL DEFAULT 0,
  completed     INTEGER NOT NULL DEFAULT 0,
  on_time       INTEGER NOT NULL DEFAULT 0,
  overdue       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, department_id, item_id)
) WITHOUT ROWID;

-- Roll-ups of case_counters kept in the same statement's transaction (every
-- counter update adds the same numbers to all three tables; the demo loader
-- writes them from the same sums): per day x site x department without the
-- item, and per month (yyyymm of the day) x site x department. The figures
-- read the coarsest table that answers a filter exactly: an item filter the
-- detailed table, whole months the monthly one, the days of a partial month
-- at either end of the range the daily one.
CREATE TABLE case_counters_day (
  day           INTEGER NOT NULL,
  site_id       INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  month         INTEGER NOT NULL,   -- yyyymm of day (grouping by month reads it)
  received      INTEGER NOT NULL DEFAULT 0,
  accepted      INTEGER NOT NULL DEFAULT 0,
  completed     INTEGER NOT NULL DEFAULT 0,
  on_time       INTEGER NOT NULL DEFAULT 0,
  overdue       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, department_id)
) WITHOUT ROWID;
CREATE TABLE case_counters_month (
  month         INTEGER NOT NULL,   -- yyyymm
  site_id       INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  received      INTEGER NOT NULL DEFAULT 0,
  accepted      INTEGER NOT NULL DEFAULT 0,
  completed     INTEGER NOT NULL DEFAULT 0,
  on_time       INTEGER NOT NULL DEFAULT 0,
  overdue       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, site_id, department_id)
) WITHOUT ROWID;
