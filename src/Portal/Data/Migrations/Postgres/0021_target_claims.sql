-- The line for each target, decided in the database: a release claims every target of its plan in the transaction that
-- creates it; it takes them (holds = 1) in the transaction that journals TargetsLocked, only when no other release holds
-- any of them and none created before it waits for one; its claims go when it settles. Every journal append is
-- serialised (SQLite's one writer; PostgreSQL's journal write scope), so two releases, on one node or two, can never
-- both take one target.
CREATE TABLE target_claims (
  target     TEXT    NOT NULL,
  release_id TEXT    NOT NULL REFERENCES releases (id),
  created_at TEXT    NOT NULL,
  holds      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (target, release_id)
);
CREATE INDEX target_claims_release ON target_claims (release_id);
