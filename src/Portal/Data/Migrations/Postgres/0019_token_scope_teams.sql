-- A token's team patterns: it acts only on services the service catalog says one of those teams owns (as a grant's
-- teams do). A JSON array, NULL when unrestricted and for every token made before team scopes existed.
ALTER TABLE api_tokens ADD COLUMN scope_teams TEXT;
