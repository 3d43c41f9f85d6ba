-- Cluster mode, run-once work. A delivery is claimed before it is sent: the node that claimed it (claimed_by, kept after
-- completion as the record of who sent it), until when (claimed_until, the database's clock in ms like the leases of
-- 0020; 0 = not claimed) and the claim's fencing token (claim_epoch, moved on by every claim): an attempt is recorded and
-- a delivery completed only under the claim that is current, so a node whose claim ran out and was taken over can
-- never mark the delivery done.
ALTER TABLE notification_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE notification_deliveries ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notification_deliveries ADD COLUMN claim_epoch BIGINT NOT NULL DEFAULT 0;

-- Background work that runs on one node of a cluster at a time (the facts projector, the notification dispatcher, the
-- idempotency-key sweeper, audit anchoring): one lease row per kind of work, taken like a release's lease (free or run
-- out, epoch moved on), renewed by its holder, handed back at a graceful stop. node_id NULL: free.
CREATE TABLE cluster_singletons (
  name        TEXT   PRIMARY KEY,
  node_id     TEXT,
  epoch       BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  acquired_at BIGINT NOT NULL
);
