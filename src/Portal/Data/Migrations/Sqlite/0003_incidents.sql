-- Every Alertmanager alert the portal received, whether or not it touched a release: the on-call's record of
-- what happened. Append-only like the journal; `releases` lists the releases it paused or rolled back.
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  received_at   TEXT    NOT NULL,
  fingerprint   TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
  service       TEXT,
  alert_name    TEXT,
  group_key     TEXT    NOT NULL,
  receiver      TEXT    NOT NULL,
  starts_at     TEXT    NOT NULL,
  ends_at       TEXT,
  generator_url TEXT,
  labels        TEXT    NOT NULL,
  annotations   TEXT    NOT NULL,
  releases      TEXT    NOT NULL
);
CREATE INDEX incidents_fingerprint ON incidents (fingerprint);
CREATE INDEX incidents_received_at ON incidents (received_at);

CREATE TRIGGER incidents_no_update BEFORE UPDATE ON incidents
BEGIN SELECT RAISE(ABORT, 'the incidents table is append-only'); END;
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'the incidents table is append-only'); END;
