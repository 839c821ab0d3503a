-- 0010: proxy service (帮代办), home visits (上门办) and volunteer butlers
-- (政务管家), issue 9.
--
-- Days are os_date numbers (src/core/calendar.h), times unix seconds; kinds,
-- filers, channels, states, actions, visit modes and green classes are the
-- integers of src/core/proxy.h and src/core/queue.h. Every change is one
-- write operation of the store's single writer (src/store/sqlite_proxy.c):
-- the request row, its event, the counters and the audit row commit
-- together. Figures read proxy_counters only.
--
-- Personal data (the person's name, ID number, phone, address; a visit's
-- address; a butler's name and phone) is sealed (src/core/pii.h) into *_enc
-- columns; id_hash is the keyed lookup hash of the normalised ID number.

-- A volunteer butler, registered by a site: the items he is trained for
-- (catalog codes), when he is available, and the account he signs in with
-- (users.role = 'butler'; NULL for volunteers without one).
CREATE TABLE proxy_butlers (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  user_id       INTEGER UNIQUE REFERENCES users(id),
  name_enc      BLOB NOT NULL,
  phone_enc     BLOB,
  items         TEXT NOT NULL DEFAULT '' CHECK (length(items) <= 1024),
  availability  TEXT NOT NULL DEFAULT '' CHECK (length(availability) <= 255),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  registered_at INTEGER NOT NULL,
  registered_by INTEGER REFERENCES users(id),
  updated_at    INTEGER NOT NULL
);
CREATE INDEX proxy_butlers_site ON proxy_butlers(site_id, active);

-- A request for help, agency or a home visit, with its authorisation.
CREATE TABLE proxy_requests (
  id            INTEGER PRIMARY KEY,
  no            TEXT NOT NULL UNIQUE CHECK (length(no) BETWEEN 1 AND 23),
  site_id       INTEGER NOT NULL REFERENCES sites(id),    -- the site that serves it
  kind          INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),
  filer         INTEGER NOT NULL CHECK (filer BETWEEN 1 AND 3),
  channel       INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 2),
  state         INTEGER NOT NULL CHECK (state BETWEEN 1 AND 8),
  green         INTEGER NOT NULL DEFAULT 0 CHECK (green BETWEEN 0 AND 5),
  requester_id  INTEGER REFERENCES users(id),             -- who filed it
  relation      TEXT NOT NULL DEFAULT '' CHECK (length(relation) <= 60),
  name_enc      BLOB NOT NULL,
  id_enc        BLOB,
  id_hash       BLOB,
  phone_enc     BLOB,
  address_enc   BLOB,
  item_id       INTEGER NOT NULL REFERENCES catalog_items(id),
  item_code     TEXT NOT NULL,
  item_name     TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1024),
  -- the authorisation (委托): the person grants it to the requester and the
  -- assignee, for these catalog codes, until this day
  auth_items    TEXT NOT NULL CHECK (length(auth_items) BETWEEN 1 AND 1024),
  auth_until    INTEGER NOT NULL,
  consent       INTEGER NOT NULL CHECK (consent = 1),
  assignee_id   INTEGER REFERENCES users(id),
  assigned_at   INTEGER,
  delivery      INTEGER NOT NULL DEFAULT 0 CHECK (delivery BETWEEN 0 AND 3),
  tracking      TEXT NOT NULL DEFAULT '' CHECK (length(tracking) <= 40),
  posted_at     INTEGER,
  completed_at  INTEGER,
  reason        TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1024),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX proxy_requests_open ON proxy_requests(site_id, state) WHERE state BETWEEN 1 AND 6;
CREATE INDEX proxy_requests_assignee ON proxy_requests(assignee_id, state);
CREATE INDEX proxy_requests_requester ON proxy_requests(requester_id, id);
CREATE INDEX proxy_requests_id_hash ON proxy_requests(id_hash);

-- Daily request numbers.
CREATE TABLE proxy_sequences (
  day INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL
);

-- The timeline: every transition (who, when, what, why).
CREATE TABLE proxy_events (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES proxy_requests(id),
  at          INTEGER NOT NULL,
  action      INTEGER NOT NULL,             -- proxy_action; 0 = filed
  from_state  INTEGER NOT NULL,
  to_state    INTEGER NOT NULL,
  actor_id    INTEGER REFERENCES users(id),
  actor_role  TEXT NOT NULL DEFAULT '',
  assignee_id INTEGER REFERENCES users(id),
  note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1024)
);
CREATE INDEX proxy_events_request ON proxy_events(request_id, id);

-- Home visits and video assessments: when, where (sealed), who goes, what
-- came of it.
CREATE TABLE proxy_visits (
  id           INTEGER PRIMARY KEY,
  request_id   INTEGER NOT NULL REFERENCES proxy_requests(id),
  mode         INTEGER NOT NULL CHECK (mode IN (1, 2)),
  state        INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
  scheduled_at INTEGER NOT NULL,
  address_enc  BLOB,
  team         TEXT NOT NULL CHECK (length(team) BETWEEN 1 AND 640),
  has_doctor   INTEGER NOT NULL DEFAULT 0 CHECK (has_doctor IN (0, 1)),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1024),
  outcome      TEXT NOT NULL DEFAULT '' CHECK (length(outcome) <= 1024),
  done_at      INTEGER,
  created_by   INTEGER REFERENCES users(id),
  recorded_by  INTEGER REFERENCES users(id),
  created_at   INTEGER NOT NULL
);
CREATE INDEX proxy_visits_request ON proxy_visits(request_id, id);
CREATE INDEX proxy_visits_when ON proxy_visits(scheduled_at);

-- The cases filed for the person under the request (cases.proxy_request_id
-- points back).
CREATE TABLE proxy_request_cases (
  case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
  request_id INTEGER NOT NULL REFERENCES proxy_requests(id),
  item_code  TEXT NOT NULL,
  filed_by   INTEGER REFERENCES users(id),
  filed_at   INTEGER NOT NULL
);
CREATE INDEX proxy_request_cases_request ON proxy_request_cases(request_id);

-- Figures per day and site, updated in the transaction of each event:
-- butlers registered (+1) or deactivated (-1), requests filed, people
-- served one-to-one (a person's first completed request), home visits and
-- video assessments done, items handled (cases filed for someone).
CREATE TABLE proxy_counters (
  day           INTEGER NOT NULL,
  site_id       INTEGER NOT NULL,
  butlers       INTEGER NOT NULL DEFAULT 0,
  requests      INTEGER NOT NULL DEFAULT 0,
  people_served INTEGER NOT NULL DEFAULT 0,
  home_visits   INTEGER NOT NULL DEFAULT 0,
  video_visits  INTEGER NOT NULL DEFAULT 0,
  items_handled INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id)
) WITHOUT ROWID;
