-- Which environment a target deploys to and which team owns it: data an admin sets on the target, never what a
-- template says. NULL for targets made before labels existed (unlabelled): only a grant unscoped in environments
-- (or in teams) covers them, so an unlabelled target widens nobody's power (docs/security.md).
ALTER TABLE targets ADD COLUMN environment TEXT;
ALTER TABLE targets ADD COLUMN team TEXT;
