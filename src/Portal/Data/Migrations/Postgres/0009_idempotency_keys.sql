-- Idempotency keys of POST /api/releases (the IETF httpapi "Idempotency-Key" header) and of the wizard's Start: one
-- row per (actor, key), inserted in the same transaction as the release it created, so the primary key, not a
-- process, decides which of two requests with one key creates the release (the other answers with that release).
-- request_hash is the SHA-256 of the canonical request, never the request itself. A row counts for
-- IdempotencyKeyRepository.Retention after created_at; expired rows are swept (the release stays).
-- SQLite's WITHOUT ROWID has no PostgreSQL counterpart (every table is a heap beside its primary key index).
CREATE TABLE idempotency_keys (
  actor           TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash    TEXT NOT NULL,
  release_id      TEXT NOT NULL REFERENCES releases (id),
  created_at      TEXT NOT NULL,
  PRIMARY KEY (actor, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
