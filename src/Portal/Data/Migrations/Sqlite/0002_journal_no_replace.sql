-- INSERT OR REPLACE (or REPLACE INTO) deletes the conflicting row without firing journal_no_delete, unless
-- recursive triggers are on: refuse any insert that would land on an existing (release_id, seq).
CREATE TRIGGER journal_no_replace BEFORE INSERT ON journal
WHEN EXISTS (SELECT 1 FROM journal WHERE release_id = NEW.release_id AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'the release journal is append-only'); END;
