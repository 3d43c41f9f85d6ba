-- Derived data for the delivery dashboards: one row per release, folded from the journal by the facts projector.
-- Not a second truth: it can be deleted at any time and is rebuilt from the journal (last_seq says how far each
-- row has read). Unlike the journal's text times, times here are Unix milliseconds (UTC), BIGINT: the dashboard
-- reads and compares hundreds of thousands of them per request, and integers are several times cheaper than
-- parsing text. paused, awaiting and failed are 0/1 flags (INTEGER, compared with 0/1 on both providers), not
-- booleans, so the stores' SQL stays the same; incidents is a small per-release counter.
CREATE TABLE release_facts (
  release_id           TEXT    PRIMARY KEY REFERENCES releases (id),
  last_seq             BIGINT  NOT NULL,
  team                 TEXT    NOT NULL,
  service              TEXT    NOT NULL,
  version              TEXT    NOT NULL,
  created_at           BIGINT  NOT NULL,
  commit_at            BIGINT,
  build_at             BIGINT,
  deployed_at          BIGINT,
  promoted_at          BIGINT,
  failed_at            BIGINT,
  rolled_back_at       BIGINT,
  settled_at           BIGINT,
  state                TEXT    NOT NULL,
  paused               INTEGER NOT NULL DEFAULT 0,
  awaiting             INTEGER NOT NULL DEFAULT 0,
  failed               INTEGER NOT NULL DEFAULT 0,
  failure              TEXT,
  incidents            INTEGER NOT NULL DEFAULT 0,
  incident_opened_at   BIGINT,
  incident_resolved_at BIGINT,
  fixes                TEXT
);
-- The dashboard filters by team or service and a time window on one of the moments, or reads current states.
-- Figures read the releases deployed in the window from a covering index (every column the figures use, so
-- a quarter of a large team is one sequential index range, not a table lookup per release), then only those
-- promoted in the window but deployed before it: deployed_at in the promoted indexes answers that alone.
-- The same indexes as SQLite's, so the dashboard's queries are served alike on both providers.
CREATE INDEX release_facts_team_deployed ON release_facts (
  team, deployed_at, promoted_at, commit_at, build_at, failed, failed_at, rolled_back_at, incident_resolved_at, service, fixes, release_id);
CREATE INDEX release_facts_service_deployed ON release_facts (
  service, deployed_at, promoted_at, commit_at, build_at, failed, failed_at, rolled_back_at, incident_resolved_at, team, fixes, release_id);
CREATE INDEX release_facts_deployed ON release_facts (
  deployed_at, promoted_at, commit_at, build_at, failed, failed_at, rolled_back_at, incident_resolved_at, team, service, fixes, release_id);
CREATE INDEX release_facts_team_promoted ON release_facts (team, promoted_at, deployed_at);
CREATE INDEX release_facts_service_promoted ON release_facts (service, promoted_at, deployed_at);
CREATE INDEX release_facts_promoted ON release_facts (promoted_at, deployed_at);
CREATE INDEX release_facts_open ON release_facts (settled_at) WHERE settled_at IS NULL;
CREATE INDEX release_facts_fixes ON release_facts (fixes) WHERE fixes IS NOT NULL;
