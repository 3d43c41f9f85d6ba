-- The Data Protection key ring when nodes share the database (Portal:Storage:Provider = Postgres): one row per element
-- Data Protection stores (keys and revocations), so a secret or a sign-in cookie protected on one node opens on every
-- other. Each element's secret part is encrypted to Portal:DataProtection:Certificate before it is stored here (the
-- portal refuses to start on PostgreSQL without one). Rows are only ever added. A SQLite portal keeps its key ring in
-- the data folder's keys/ and leaves this table empty; migrate-store copies that folder into it.
CREATE TABLE data_protection_keys (
  friendly_name TEXT PRIMARY KEY,
  xml           TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
