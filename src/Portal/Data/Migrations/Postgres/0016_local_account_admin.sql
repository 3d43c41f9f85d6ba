-- Local accounts managed by admins (/api/access/users, the Access page). An account is never deleted, only disabled, so
-- the journal and the audit log keep naming someone who exists; a disabled account cannot sign in and its sessions end
-- (the security stamp changes with it). The last sign-in is shown to admins so stale accounts stand out.
ALTER TABLE local_accounts ADD COLUMN disabled_at TEXT;
ALTER TABLE local_accounts ADD COLUMN disabled_by TEXT;
ALTER TABLE local_accounts ADD COLUMN last_sign_in_at TEXT;
