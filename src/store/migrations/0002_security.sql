-- 0002: security controls (issue 3): agency accounts, second factor,
-- lockout, personal data encrypted at rest, a hash-chained append-only audit
-- log.
ALTER TABLE users ADD COLUMN agency_id INTEGER;
ALTER TABLE users ADD COLUMN totp_secret BLOB;                     -- sealed (pii_seal)
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;  -- refuses a replayed code
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN phone_enc BLOB;                       -- sealed
ALTER TABLE users ADD COLUMN id_number_enc BLOB;                   -- sealed
ALTER TABLE users ADD COLUMN id_number_hash BLOB;                  -- keyed hash for exact lookup
CREATE UNIQUE INDEX users_id_number ON users(id_number_hash) WHERE id_number_hash IS NOT NULL;

-- A session whose password step succeeded but whose second factor is still
-- due reaches nothing but the TOTP step.
ALTER TABLE sessions ADD COLUMN mfa_pending INTEGER NOT NULL DEFAULT 0;

-- The audit log. Rows go in through the view audit_log (so every writer,
-- whatever it inserts, is chained); the table refuses UPDATE and DELETE; each
-- row's hash covers its fields and the previous row's hash, computed by the
-- SQL function os_audit_hash() that the store registers on its connections.
-- `onestop audit verify` recomputes the chain.
DROP TABLE audit_log;
CREATE TABLE audit_chain (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,            -- unix seconds, UTC
  actor_id   INTEGER,
  actor_role TEXT NOT NULL DEFAULT '',
  action     TEXT NOT NULL,
  object     TEXT NOT NULL DEFAULT '',
  result     TEXT NOT NULL DEFAULT 'ok',
  client     TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT '',
  hash       BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_chain_at ON audit_chain(at);
CREATE INDEX audit_chain_actor ON audit_chain(actor_id, at);
CREATE VIEW audit_log AS
  SELECT id, at, actor_id, actor_role, action, object, result, client, request_id, detail, hash
  FROM audit_chain;
CREATE TRIGGER audit_log_insert INSTEAD OF INSERT ON audit_log
BEGIN
  INSERT INTO audit_chain(id, at, actor_id, actor_role, action, object, result, client,
                          request_id, detail, hash)
  SELECT n.id, n.at, n.actor_id, n.actor_role, n.action, n.object, n.result, n.client,
         n.request_id, n.detail,
         os_audit_hash((SELECT hash FROM audit_chain WHERE id = n.id - 1), n.id, n.at,
                       n.actor_id, n.actor_role, n.action, n.object, n.result, n.client,
                       n.request_id, n.detail)
  FROM (SELECT coalesce((SELECT max(id) FROM audit_chain), 0) + 1 AS id,
               coalesce(NEW.at, CAST(strftime('%s', 'now') AS INTEGER)) AS at,
               NEW.actor_id AS actor_id, coalesce(NEW.actor_role, '') AS actor_role,
               NEW.action AS action, coalesce(NEW.object, '') AS object,
               coalesce(NEW.result, 'ok') AS result, coalesce(NEW.client, '') AS client,
               coalesce(NEW.request_id, '') AS request_id,
               coalesce(NEW.detail, '') AS detail) AS n;
END;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
