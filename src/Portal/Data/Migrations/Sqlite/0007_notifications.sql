-- Outgoing webhook deliveries, one per (webhook, release event): what was sent, how it went. Not the journal: a
-- delivery's status changes as it is attempted. The unique key makes enqueueing the same event twice (a restart
-- catching up from the journal, then the live stream) a no-op.
CREATE TABLE notification_deliveries (
  id              INTEGER PRIMARY KEY,
  webhook         TEXT    NOT NULL,
  release_id      TEXT    NOT NULL REFERENCES releases (id),
  seq             INTEGER NOT NULL,
  event           TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('Pending', 'Delivered', 'Failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT    NOT NULL,
  last_attempt_at TEXT,
  last_status     INTEGER,
  last_error      TEXT,
  completed_at    TEXT,
  UNIQUE (webhook, release_id, seq)
);
CREATE INDEX notification_deliveries_pending ON notification_deliveries (webhook, id) WHERE status = 'Pending';
CREATE INDEX notification_deliveries_release ON notification_deliveries (release_id, id);

-- Every attempt of a delivery: the HTTP status (or the error when no response came) and how long it took.
CREATE TABLE notification_attempts (
  delivery_id INTEGER NOT NULL REFERENCES notification_deliveries (id),
  attempt     INTEGER NOT NULL,
  at          TEXT    NOT NULL,
  status      INTEGER,
  error       TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- How far into the journal (its rowid) events have been turned into deliveries. Starts at the journal's end, so
-- history from before notifications existed is never sent.
CREATE TABLE notification_cursor (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  journal_id INTEGER NOT NULL
);
INSERT INTO notification_cursor (id, journal_id) SELECT 1, COALESCE(MAX(id), 0) FROM journal;
