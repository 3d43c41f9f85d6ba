-- Grants edited on the Access page and over /api/access/grants; grants from settings are not stored here.
-- environments and services hold JSON arrays of patterns ('*' is all).
CREATE TABLE access_grants (
  id           TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'group', 'everyone')),
  subject      TEXT NOT NULL,
  role         TEXT NOT NULL,
  environments TEXT NOT NULL,
  services     TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
