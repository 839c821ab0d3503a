-- 0008: good/bad reviews (好差评, issue 9): one rating per service event,
-- the follow-up of every bad review, appeals of wrong ratings, and the
-- figures as counters.
--
-- Levels, dimensions, sources, follow-up and appeal states are the integers
-- of src/core/review.h. Days are os_date numbers, times unix seconds.
--
-- A rating is never edited or deleted: the triggers below refuse it (the
-- sealed comment and phone may only be re-sealed by key rotation, which
-- keeps them present or absent as they were). An upheld appeal excludes a
-- rating from the praise rate by a row of review_appeals, never by a change
-- of the rating. Rating, follow-up, counters and the audit row of each
-- action commit in one transaction (src/store/sqlite_reviews.c); the
-- figures read review_counters only.

-- The key of the rating links (/review?t=TOKEN): an HMAC over the service
-- event (src/core/review.h), so a link needs no stored row and works without
-- signing in; one rating per event makes it single-use.
CREATE TABLE review_secret (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  secret BLOB NOT NULL CHECK (length(secret) = 32)
);
INSERT INTO review_secret(id, secret) VALUES (1, randomblob(32));

CREATE TABLE review_ratings (
  id            INTEGER PRIMARY KEY,
  -- the service event: 1 a finished hall ticket, 2 a completed case
  event_kind    INTEGER NOT NULL CHECK (event_kind IN (1, 2)),
  event_id      INTEGER NOT NULL,
  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  -- dimensions, 0 = not rated
  d_attitude    INTEGER NOT NULL DEFAULT 0 CHECK (d_attitude BETWEEN 0 AND 5),
  d_efficiency  INTEGER NOT NULL DEFAULT 0 CHECK (d_efficiency BETWEEN 0 AND 5),
  d_accuracy    INTEGER NOT NULL DEFAULT 0 CHECK (d_accuracy BETWEEN 0 AND 5),
  d_convenience INTEGER NOT NULL DEFAULT 0 CHECK (d_convenience BETWEEN 0 AND 5),
  -- personal data: the comment may hold some; the phone when given
  comment_enc   BLOB,
  phone_enc     BLOB,
  source        INTEGER NOT NULL CHECK (source BETWEEN 1 AND 3), -- tablet, signed in, link
  rater_id      INTEGER REFERENCES users(id),
  -- who was responsible, copied at rating time (0 = none)
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  department_id INTEGER NOT NULL DEFAULT 0,
  window_id     INTEGER NOT NULL DEFAULT 0,
  clerk_id      INTEGER NOT NULL DEFAULT 0,
  event_no      TEXT NOT NULL DEFAULT '' CHECK (length(event_no) <= 40), -- A001, case number
  day           INTEGER NOT NULL,
  at            INTEGER NOT NULL,
  UNIQUE (event_kind, event_id)
);
CREATE INDEX review_ratings_site ON review_ratings(site_id, day);
CREATE INDEX review_ratings_clerk ON review_ratings(clerk_id, day) WHERE clerk_id <> 0;

CREATE TRIGGER review_ratings_no_delete BEFORE DELETE ON review_ratings
BEGIN SELECT RAISE(ABORT, 'a rating cannot be deleted'); END;
CREATE TRIGGER review_ratings_no_update
BEFORE UPDATE OF id, event_kind, event_id, level, d_attitude, d_efficiency, d_accuracy,
                 d_convenience, source, rater_id, site_id, department_id, window_id, clerk_id,
                 event_no, day, at ON review_ratings
BEGIN SELECT RAISE(ABORT, 'a rating cannot be edited'); END;
CREATE TRIGGER review_ratings_reseal_only
BEFORE UPDATE OF comment_enc, phone_enc ON review_ratings
WHEN (OLD.comment_enc IS NULL) <> (NEW.comment_enc IS NULL)
  OR (OLD.phone_enc IS NULL) <> (NEW.phone_enc IS NULL)
BEGIN SELECT RAISE(ABORT, 'a rating cannot be edited'); END;

-- The follow-up of a bad review, owned by the responsible site's managers:
-- opened with the rating, then verified (a call), fixed at once, fixed by a
-- deadline or explained with the legal basis, answered, closed.
CREATE TABLE review_followups (
  id           INTEGER PRIMARY KEY,
  rating_id    INTEGER NOT NULL UNIQUE REFERENCES review_ratings(id),
  site_id      INTEGER NOT NULL REFERENCES sites(id),
  state        INTEGER NOT NULL CHECK (state BETWEEN 1 AND 7),
  opened_at    INTEGER NOT NULL,
  due          INTEGER NOT NULL,           -- day: answer (or fix) by then
  call_note    TEXT NOT NULL DEFAULT '' CHECK (length(call_note) <= 1024),
  fix_note     TEXT NOT NULL DEFAULT '' CHECK (length(fix_note) <= 1024),
  legal_basis  TEXT NOT NULL DEFAULT '' CHECK (length(legal_basis) <= 1024),
  answer       TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 1024),
  verified_at  INTEGER,
  resolved_at  INTEGER,
  answered_at  INTEGER,
  in_time      INTEGER CHECK (in_time IN (0, 1)), -- fixed when answered
  closed_at    INTEGER,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX review_followups_site ON review_followups(site_id, state, due);

CREATE TABLE review_followup_events (
  id          INTEGER PRIMARY KEY,
  followup_id INTEGER NOT NULL REFERENCES review_followups(id),
  at          INTEGER NOT NULL,
  action      INTEGER NOT NULL,
  from_state  INTEGER NOT NULL,
  to_state    INTEGER NOT NULL,
  actor_id    INTEGER REFERENCES users(id),
  actor_role  TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1024),
  due         INTEGER
);
CREATE INDEX review_followup_events_fu ON review_followup_events(followup_id, id);
CREATE TRIGGER review_followup_events_no_update BEFORE UPDATE ON review_followup_events
BEGIN SELECT RAISE(ABORT, 'the follow-up record is append-only'); END;
CREATE TRIGGER review_followup_events_no_delete BEFORE DELETE ON review_followup_events
BEGIN SELECT RAISE(ABORT, 'the follow-up record is append-only'); END;

-- An appeal of a wrong rating (申诉), decided by someone other than the
-- appellant: upheld excludes the rating from the praise rate.
CREATE TABLE review_appeals (
  id               INTEGER PRIMARY KEY,
  rating_id        INTEGER NOT NULL UNIQUE REFERENCES review_ratings(id),
  site_id          INTEGER NOT NULL REFERENCES sites(id),
  appellant_id     INTEGER NOT NULL REFERENCES users(id),
  reasons          TEXT NOT NULL CHECK (length(reasons) BETWEEN 1 AND 1024),
  filed_at         INTEGER NOT NULL,
  state            INTEGER NOT NULL CHECK (state IN (1, 2, 3)), -- filed, upheld, rejected
  decider_id       INTEGER REFERENCES users(id)
                   CHECK (decider_id IS NULL OR decider_id <> appellant_id),
  decision_reasons TEXT NOT NULL DEFAULT '' CHECK (length(decision_reasons) <= 1024),
  decided_at       INTEGER
);
CREATE INDEX review_appeals_site ON review_appeals(site_id, state);
CREATE TRIGGER review_appeals_no_delete BEFORE DELETE ON review_appeals
BEGIN SELECT RAISE(ABORT, 'an appeal cannot be deleted'); END;
CREATE TRIGGER review_appeals_decided BEFORE UPDATE ON review_appeals WHEN OLD.state <> 1
BEGIN SELECT RAISE(ABORT, 'a decided appeal cannot be changed'); END;

-- The figures: per day of the rating x site x department x window x clerk,
-- updated in the transaction of each rating, answer and appeal decision.
-- good + bad = ratings; excluded: bad ratings whose appeal was upheld;
-- answered: follow-ups answered, in_time: of those by their deadline.
CREATE TABLE review_counters (
  day           INTEGER NOT NULL,
  site_id       INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  window_id     INTEGER NOT NULL,
  clerk_id      INTEGER NOT NULL,
  ratings       INTEGER NOT NULL DEFAULT 0,
  good          INTEGER NOT NULL DEFAULT 0,
  bad           INTEGER NOT NULL DEFAULT 0,
  excluded      INTEGER NOT NULL DEFAULT 0,
  answered      INTEGER NOT NULL DEFAULT 0,
  in_time       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, department_id, window_id, clerk_id)
) WITHOUT ROWID;

-- The tablet at a window shows its last finished ticket.
CREATE INDEX review_hall_finished ON hall_tickets(window_id, finished_at) WHERE state = 4;
