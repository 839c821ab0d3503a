-- 0003: the working-day calendar as data (issue 4).
--
-- One row per published State Council notice (calendar_years) with its dates
-- (calendar_days: a public holiday 放假 or a make-up working day 调休上班; a
-- notice of year Y may list dates of Y-1 and Y+1, and no date belongs to two
-- notices), local closures declared by an administrator (calendar_closures:
-- district-wide when site_id is NULL, else one site only), and a generation
-- number that every change increments so that a running server notices a
-- change made by `onestop calendar` and reloads. The rules (Saturday or
-- Sunday make-up days, no date both holiday and working day, years 1900-2999,
-- text limits) are checked by src/core/calendar.c before a row is written;
-- the CHECKs below are the last line of defence. Every change writes an
-- audit_log row in the same transaction (src/store/sqlite_calendar.c).
-- `onestop init` (and the server at start) fills an empty calendar from
-- data/cn-holidays.json compiled into the binary.
CREATE TABLE calendar_years (
  year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999),
  source     TEXT NOT NULL DEFAULT '' CHECK (length(CAST(source AS BLOB)) <= 512),
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY
       CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  year INTEGER NOT NULL REFERENCES calendar_years(year) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  CHECK (CAST(substr(date, 1, 4) AS INTEGER) BETWEEN year - 1 AND year + 1)
) WITHOUT ROWID;
CREATE INDEX calendar_days_year ON calendar_days(year);

CREATE TABLE calendar_closures (
  id         INTEGER PRIMARY KEY,
  date       TEXT NOT NULL
             CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  site_id    INTEGER REFERENCES sites(id),
  reason     TEXT NOT NULL
             CHECK (length(reason) >= 1 AND length(CAST(reason AS BLOB)) <= 256),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
-- One closure per date and site; coalesce() makes NULL (district-wide) count.
CREATE UNIQUE INDEX calendar_closures_day ON calendar_closures(date, coalesce(site_id, 0));

CREATE TABLE calendar_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO calendar_state(id, generation) VALUES (1, 0);
