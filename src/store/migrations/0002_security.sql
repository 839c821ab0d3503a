-- 0002: accounts for agencies and the security controls of issue 3.
ALTER TABLE users ADD COLUMN agency_id INTEGER;
