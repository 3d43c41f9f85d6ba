-- Keys compare and sort by their bytes, as SQLite's BINARY does, whatever the database's default collation: a server
-- created with a language's locale (en_US.UTF-8, ICU en-US) would otherwise list "a-b" after "ab" and "B" after "b",
-- and pick a different first-come release on a tie, than the same portal on SQLite. plugin_state's keys already
-- collate "C" (0022). Journal and release ids are left as they are: nothing lists them in name order to a person, and
-- changing releases.id would re-check every journal row's foreign key.
ALTER TABLE releases ALTER COLUMN template_name TYPE TEXT COLLATE "C";
ALTER TABLE templates ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE targets ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE services ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE service_accounts ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE local_account_groups ALTER COLUMN account_id TYPE TEXT COLLATE "C";
ALTER TABLE local_account_groups ALTER COLUMN group_name TYPE TEXT COLLATE "C";
ALTER TABLE local_accounts ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE access_grants ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE cluster_nodes ALTER COLUMN node_id TYPE TEXT COLLATE "C";
ALTER TABLE cluster_singletons ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE release_leases ALTER COLUMN release_id TYPE TEXT COLLATE "C";
ALTER TABLE target_claims ALTER COLUMN target TYPE TEXT COLLATE "C";
ALTER TABLE target_claims ALTER COLUMN release_id TYPE TEXT COLLATE "C";
ALTER TABLE data_protection_keys ALTER COLUMN friendly_name TYPE TEXT COLLATE "C";
