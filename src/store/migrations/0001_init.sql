-- 0001: organisation (three tiers), accounts and sessions, audit log.
CREATE TABLE sites (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 31),
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
  name_en   TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 127),
  tier      INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
  parent_id INTEGER REFERENCES sites(id),
  hours     TEXT NOT NULL DEFAULT '' CHECK (length(hours) <= 127),
  address   TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 127),
  CHECK ((tier = 1) = (parent_id IS NULL))
);
CREATE INDEX sites_parent ON sites(parent_id);

CREATE TABLE departments (
  id      INTEGER PRIMARY KEY,
  code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 31),
  name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
  name_en TEXT NOT NULL DEFAULT ''
);

CREATE TABLE site_departments (
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (site_id, department_id)
) WITHOUT ROWID;

CREATE TABLE areas (
  id      INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  code    TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 31),
  name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
  name_en TEXT NOT NULL DEFAULT '',
  UNIQUE (site_id, code)
);

CREATE TABLE windows (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  area_id       INTEGER REFERENCES areas(id),
  number        INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
  kind          INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 7),
  department_id INTEGER REFERENCES departments(id),
  paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  UNIQUE (site_id, number),
  CHECK ((kind = 2) = (department_id IS NOT NULL))
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 3 AND 64),
  display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 127),
  role          TEXT NOT NULL,
  site_id       INTEGER REFERENCES sites(id),
  department_id INTEGER REFERENCES departments(id),
  window_id     INTEGER REFERENCES windows(id),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  actor_id INTEGER,
  action   TEXT NOT NULL,
  object   TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT ''
);
