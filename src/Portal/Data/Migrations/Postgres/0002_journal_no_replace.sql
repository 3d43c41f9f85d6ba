-- SQLite needs a trigger here because INSERT OR REPLACE deletes the conflicting row without firing
-- journal_no_delete. PostgreSQL has no REPLACE: a plain insert on an existing (release_id, seq) already fails on the
-- unique constraint (23505), and INSERT … ON CONFLICT DO UPDATE goes through journal_no_update. Nothing to add but
-- this note, kept in the catalog beside the constraint that does the work.
COMMENT ON CONSTRAINT journal_release_id_seq_key ON journal IS
  'Also the journal''s no-replace guarantee: a second row at one (release_id, seq) is refused (SQLite needs a trigger for it, 0002).';
