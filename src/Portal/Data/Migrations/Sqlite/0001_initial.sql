-- Templates are versioned: importing a changed template adds a version, never rewrites one.
CREATE TABLE templates (
  name        TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  description TEXT,
  yaml        TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  created_by  TEXT    NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE targets (
  name       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  settings   TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- What a release is never changes after creation; what happens to it lives in the journal.
CREATE TABLE releases (
  id               TEXT    PRIMARY KEY,
  template_name    TEXT    NOT NULL,
  template_version INTEGER NOT NULL,
  version          TEXT    NOT NULL,
  parameters       TEXT    NOT NULL,
  plan             TEXT    NOT NULL,
  created_at       TEXT    NOT NULL,
  created_by       TEXT    NOT NULL,
  FOREIGN KEY (template_name, template_version) REFERENCES templates (name, version)
);
CREATE INDEX releases_created_at ON releases (created_at);

-- Rows are stored in commit order (rowid) so many releases appending at once write to the table's end; the
-- unique index gives each release its gap-free sequence and serves every read by release.
CREATE TABLE journal (
  id         INTEGER PRIMARY KEY,
  release_id TEXT    NOT NULL REFERENCES releases (id),
  seq        INTEGER NOT NULL,
  at         TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  actor      TEXT,
  data       TEXT    NOT NULL,
  UNIQUE (release_id, seq)
);

-- The journal is append-only: the database itself refuses updates and deletes.
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the release journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the release journal is append-only'); END;
