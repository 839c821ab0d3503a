-- 0005: the airport port-visa office (issue 8): travel agencies, pre-submitted
-- tour groups and their members, the watch list, issued visas with the persons
-- on them, receipts (official fee only: total = fee x persons, no surcharge
-- column exists), special individual cases, prints, and the number sequence.
-- Personal data is sealed at rest (src/core/pii.h): *_enc columns hold AEAD
-- blobs (birth_enc: the date as YYYY-MM-DD; passport_enc: the number), and
-- passport_hash the keyed lookup hash of the normalised number (upper case,
-- no spaces, '-' or '<'; visa_passport_key) for exact matches: duplicates,
-- the arrival scan. Every sealed column is listed in src/store/sqlite_keys.c
-- (sealed[]) so that `onestop key rotate` re-seals it.
CREATE TABLE visa_agencies (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 127),
  name_en       TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 127),
  licence_no    TEXT NOT NULL UNIQUE CHECK (length(licence_no) BETWEEN 4 AND 31),
  contact_name  TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 63),
  contact_phone TEXT NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 31),
  contact_email TEXT NOT NULL DEFAULT '' CHECK (length(contact_email) <= 95),
  created_at    INTEGER NOT NULL
);

CREATE TABLE visa_groups (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES visa_agencies(id),
  group_no     TEXT NOT NULL CHECK (length(group_no) BETWEEN 1 AND 31),
  flight       TEXT NOT NULL CHECK (length(flight) BETWEEN 3 AND 8),
  arrival_date TEXT NOT NULL CHECK (length(arrival_date) = 10), -- YYYY-MM-DD, Asia/Shanghai
  arrival_time TEXT NOT NULL CHECK (length(arrival_time) = 5),  -- HH:MM
  arrival_at   INTEGER NOT NULL,                                -- the same as Unix time
  port         TEXT NOT NULL DEFAULT 'DYG',
  itinerary    TEXT NOT NULL CHECK (length(itinerary) BETWEEN 1 AND 511),
  stay_days    INTEGER NOT NULL CHECK (stay_days BETWEEN 1 AND 30),
  leader_name  TEXT NOT NULL CHECK (length(leader_name) BETWEEN 1 AND 63),
  leader_phone TEXT NOT NULL DEFAULT '' CHECK (length(leader_phone) <= 31),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'under_review', 'approved',
                 'returned', 'refused', 'arrived', 'issued', 'cancelled')),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 255),
  created_by   INTEGER REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  submitted_at INTEGER,
  decided_at   INTEGER,
  decided_by   INTEGER REFERENCES users(id),
  arrived_at   INTEGER,
  issued_at    INTEGER,
  UNIQUE (agency_id, group_no)
);
CREATE INDEX visa_groups_arrival ON visa_groups(arrival_date, flight);
CREATE INDEX visa_groups_status ON visa_groups(status, arrival_at);

CREATE TABLE visa_watchlist (
  id          INTEGER PRIMARY KEY,
  surname     TEXT NOT NULL DEFAULT '' CHECK (length(surname) <= 39),
  given_names TEXT NOT NULL DEFAULT '' CHECK (length(given_names) <= 39),
  birth_enc   BLOB,                     -- sealed; NULL = any
  nationality TEXT NOT NULL DEFAULT '' CHECK (length(nationality) IN (0, 3)),
  passport_enc  BLOB,                   -- sealed; NULL = match by name only
  passport_hash BLOB CHECK (length(passport_hash) = 32),
  reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 255),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  removed_by  INTEGER REFERENCES users(id),
  removed_at  INTEGER,
  CHECK (surname <> '' OR passport_enc IS NOT NULL),
  CHECK ((passport_enc IS NULL) = (passport_hash IS NULL))
);

CREATE TABLE visa_members (
  id              INTEGER PRIMARY KEY,
  group_id        INTEGER NOT NULL REFERENCES visa_groups(id),
  seq             INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 10000),
  surname         TEXT NOT NULL CHECK (length(surname) BETWEEN 1 AND 39),
  given_names     TEXT NOT NULL DEFAULT '' CHECK (length(given_names) <= 39),
  sex             TEXT NOT NULL CHECK (sex IN ('M', 'F', 'X')),
  birth_enc       BLOB NOT NULL,                                       -- sealed
  nationality     TEXT NOT NULL CHECK (length(nationality) = 3),
  passport_enc    BLOB NOT NULL,                                       -- sealed
  passport_hash   BLOB NOT NULL CHECK (length(passport_hash) = 32),
  passport_expiry TEXT NOT NULL CHECK (length(passport_expiry) = 10),
  status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'flagged',
                    'present', 'absent', 'issued')),
  note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 255),
  needs_correction INTEGER NOT NULL DEFAULT 0 CHECK (needs_correction IN (0, 1)),
  watch_id        INTEGER REFERENCES visa_watchlist(id),
  scanned_at      INTEGER,
  decided_by      INTEGER REFERENCES users(id),
  decided_at      INTEGER,
  UNIQUE (group_id, nationality, passport_hash)
);
CREATE INDEX visa_members_group ON visa_members(group_id, seq);
CREATE INDEX visa_members_passport ON visa_members(passport_hash, nationality);

CREATE TABLE visa_sequences (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
  last INTEGER NOT NULL CHECK (last BETWEEN 0 AND 999999)
);

CREATE TABLE visas (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE CHECK (length(number) = 13),
  type         TEXT NOT NULL CHECK (type IN ('group_tourist', 'study', 'sports', 'humanitarian',
                 'business', 'other')),
  group_id     INTEGER UNIQUE REFERENCES visa_groups(id),
  agency_id    INTEGER REFERENCES visa_agencies(id),
  port         TEXT NOT NULL DEFAULT 'DYG',
  flight       TEXT NOT NULL DEFAULT '',
  valid_from   TEXT NOT NULL,
  valid_until  TEXT NOT NULL,
  entries      INTEGER NOT NULL DEFAULT 1 CHECK (entries = 1),
  stay_days    INTEGER NOT NULL CHECK (stay_days BETWEEN 1 AND 30),
  persons      INTEGER NOT NULL CHECK (persons BETWEEN 1 AND 200),
  arrived_at   INTEGER,
  issued_at    INTEGER NOT NULL,
  issued_day   TEXT NOT NULL CHECK (length(issued_day) = 10), -- Asia/Shanghai
  issued_by    INTEGER NOT NULL REFERENCES users(id),
  prints       INTEGER NOT NULL DEFAULT 0 CHECK (prints >= 0),
  CHECK ((type = 'group_tourist') = (group_id IS NOT NULL))
);
CREATE INDEX visas_day ON visas(issued_day);

CREATE TABLE visa_persons (
  visa_id     INTEGER NOT NULL REFERENCES visas(id),
  line_no     INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 200),
  member_id   INTEGER REFERENCES visa_members(id),
  surname     TEXT NOT NULL,
  given_names TEXT NOT NULL DEFAULT '',
  sex         TEXT NOT NULL CHECK (sex IN ('M', 'F', 'X')),
  birth_enc   BLOB NOT NULL,  -- sealed
  nationality TEXT NOT NULL CHECK (length(nationality) = 3),
  passport_enc  BLOB NOT NULL, -- sealed
  passport_hash BLOB NOT NULL CHECK (length(passport_hash) = 32),
  PRIMARY KEY (visa_id, line_no)
) WITHOUT ROWID;

CREATE TABLE visa_receipts (
  id             INTEGER PRIMARY KEY,
  visa_id        INTEGER NOT NULL UNIQUE REFERENCES visas(id),
  number         TEXT NOT NULL UNIQUE,
  fee_per_person INTEGER NOT NULL CHECK (fee_per_person >= 0), -- fen, from the schedule
  persons        INTEGER NOT NULL CHECK (persons >= 1),
  total          INTEGER NOT NULL,
  currency       TEXT NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
  issued_at      INTEGER NOT NULL,
  CHECK (total = fee_per_person * persons)
);

CREATE TABLE visa_special_cases (
  id           INTEGER PRIMARY KEY,
  category     TEXT NOT NULL CHECK (category IN ('study', 'sports', 'humanitarian', 'business',
                 'other')),
  document_ref TEXT NOT NULL CHECK (length(document_ref) BETWEEN 1 AND 127),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 511),
  visa_id      INTEGER NOT NULL UNIQUE REFERENCES visas(id),
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL
);

CREATE TABLE visa_prints (
  id      INTEGER PRIMARY KEY,
  visa_id INTEGER NOT NULL REFERENCES visas(id),
  at      INTEGER NOT NULL,
  printed_by INTEGER NOT NULL REFERENCES users(id),
  reason  TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 255)
);
