-- Target secrets are kept apart from the settings, encrypted with ASP.NET Core Data Protection (keys in data/keys):
-- the settings column stays readable, this one is an opaque protected payload or NULL when the target has none.
ALTER TABLE targets ADD COLUMN secrets TEXT;
ALTER TABLE targets ADD COLUMN updated_at TEXT;
