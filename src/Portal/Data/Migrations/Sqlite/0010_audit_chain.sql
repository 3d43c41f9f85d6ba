-- The journal and the audit log are hash-chained (see docs/security.md, "Audit trail and hash chain"): each row carries
-- the SHA-256 of the row before it in insertion (id) order and of its own canonical content (Audit/ChainContent.cs).
-- One global chain per table, not one per release: deleting every event of a release breaks it too. 32-byte blobs.
ALTER TABLE journal ADD COLUMN prev_hash BLOB;
ALTER TABLE journal ADD COLUMN hash BLOB;

-- Rows written before the chain existed are chained now, in this migration's transaction: the append-only update
-- trigger steps aside for exactly that and is recreated as 0001 wrote it right after.
DROP TRIGGER journal_no_update;
-- @run ChainExistingJournal
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the release journal is append-only'); END;

-- Who did what outside a release's journal (targets, templates, quarantine, incidents): the same chain, the same
-- append-only triggers. Release commands, approvals and overrides stay in the journal alone (one truth).
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_id      TEXT NOT NULL,
  actor_name    TEXT NOT NULL,
  auth_method   TEXT NOT NULL,
  address       TEXT,
  action        TEXT NOT NULL,
  resource_kind TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  details       TEXT NOT NULL,
  prev_hash     BLOB NOT NULL,
  hash          BLOB NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX audit_log_resource ON audit_log (resource_kind, resource_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
