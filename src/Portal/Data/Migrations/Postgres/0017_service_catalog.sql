-- The service catalog: which team (a group name) owns each service. The one truth of ownership: a release's team is
-- its service's owner, and grants may name teams ("services owned by these teams"). Edited by admins only.
CREATE TABLE services (
  name        TEXT PRIMARY KEY,
  team        TEXT NOT NULL,
  description TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE INDEX services_team ON services (team);

-- Team patterns of a grant: a JSON array, NULL for grants made before teams existed (= every team, as '*').
ALTER TABLE access_grants ADD COLUMN teams TEXT;
