-- Personal access tokens and service-account tokens for pipelines. Only a SHA-256 of the secret is stored: the
-- secret is 256 random bits, so a fast hash is enough (no dictionary to guess from) and lookups stay cheap.
CREATE TABLE api_tokens (
  id                TEXT    PRIMARY KEY,
  subject           TEXT    NOT NULL,
  subject_name      TEXT    NOT NULL,
  groups            TEXT    NOT NULL,
  name              TEXT    NOT NULL,
  secret_hash       TEXT    NOT NULL,
  created_by        TEXT    NOT NULL,
  created_at        TEXT    NOT NULL,
  expires_at        TEXT    NOT NULL,
  revoked_at        TEXT,
  revoked_by        TEXT,
  last_used_at      TEXT,
  last_used_address TEXT
);

CREATE INDEX api_tokens_subject ON api_tokens (subject);
