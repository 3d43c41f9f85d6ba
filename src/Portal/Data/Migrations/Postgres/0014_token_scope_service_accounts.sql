-- A token's scope narrows what its owner may do (absent = all of it): the most it may do (a role name) and the
-- environment and service patterns it may act in, each a JSON array of patterns, NULL when unrestricted.
ALTER TABLE api_tokens ADD COLUMN scope_role TEXT;
ALTER TABLE api_tokens ADD COLUMN scope_environments TEXT;
ALTER TABLE api_tokens ADD COLUMN scope_services TEXT;

-- The service account a token belongs to, NULL for a person's own token. Kept apart from subject so a person whose
-- provider-given id happens to read 'sa:…' is never taken for a service account.
ALTER TABLE api_tokens ADD COLUMN service_account TEXT;

-- Non-human principals (pipelines, bots): their id is 'sa:' || name. Never deleted, only disabled, so the audit log and
-- the journal keep naming someone who exists.
CREATE TABLE service_accounts (
  name         TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  description  TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  disabled_at  TEXT,
  disabled_by  TEXT
);

CREATE INDEX api_tokens_service_account ON api_tokens (service_account) WHERE service_account IS NOT NULL;
