-- Version quarantine: each row marks a service's version bad or lifts that mark, with who and why. Append-only:
-- a version is quarantined while its newest row says so.
CREATE TABLE quarantine (
  id       INTEGER PRIMARY KEY,
  service  TEXT NOT NULL,
  version  TEXT NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('quarantined', 'lifted')),
  reason   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL
);
CREATE INDEX quarantine_service_version ON quarantine (service, version, id);

CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
BEGIN SELECT RAISE(ABORT, 'the quarantine table is append-only'); END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
BEGIN SELECT RAISE(ABORT, 'the quarantine table is append-only'); END;
