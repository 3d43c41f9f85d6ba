-- The delivery dashboard tallies each (team, service) pair of its filter on its own (DeliveryTallyQueries): these
-- indexes let each of its queries read one index range holding only what it needs. Releases promoted in the period
-- with their lead time; those of them that fix another release (few: a partial index); releases deployed in it, not
-- failed (only counted) and failed (read for their time to restore), as two ranges. Derived data like the table:
-- nothing here is a second truth.
CREATE INDEX release_facts_pair_promoted ON release_facts (team, service, promoted_at, deployed_at, commit_at, build_at);
CREATE INDEX release_facts_pair_fixes ON release_facts (team, service, promoted_at, deployed_at, fixes) WHERE fixes IS NOT NULL;
CREATE INDEX release_facts_pair_deployed ON release_facts (
  team, service, failed, deployed_at, failed_at, incident_resolved_at, rolled_back_at, release_id);
