-- Cluster mode, run-once work. A delivery is claimed before it is sent: the node that claimed it (claimed_by, kept after
-- completion as the record of who sent it), until when (claimed_until, the database's clock in ms like the leases of
-- 0020; 0 = not claimed) and the claim's fencing token (claim_epoch, moved on by every claim): an attempt is recorded and
-- a delivery completed only under the claim that is current. A SQLite portal is one node: its claims are its own.
ALTER TABLE notification_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE notification_deliveries ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notification_deliveries ADD COLUMN claim_epoch INTEGER NOT NULL DEFAULT 0;

-- Background work that runs on one node of a cluster at a time. A SQLite portal is one node and never writes this
-- table; it exists so a schema version means the same tables on every provider (migrate-store copies them too).
CREATE TABLE cluster_singletons (
  name        TEXT    PRIMARY KEY,
  node_id     TEXT,
  epoch       INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
