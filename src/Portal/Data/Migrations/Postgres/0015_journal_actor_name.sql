-- The journal names who acted by a stable id (actor) and, beside it, the display name they had then (actor_name), so
-- the record reads as people know each other without a lookup that a renamed or deleted account would break.
-- Rows written before this column stay NULL, and a NULL name leaves a row's hash exactly as it was (see ChainContent).
ALTER TABLE journal ADD COLUMN actor_name TEXT;
