-- Cluster mode: the nodes sharing the database and the leases by which exactly one node drives each unsettled release.
-- Times in these two tables are the database's clock in milliseconds since the Unix epoch (SqlDialect.NowMillis), not
-- ISO text: every node compares them with the same clock, so skewed node clocks cannot stretch or cut a lease.
CREATE TABLE cluster_nodes (
  node_id      TEXT    PRIMARY KEY,
  host         TEXT    NOT NULL,
  process_id   BIGINT  NOT NULL,
  version      TEXT    NOT NULL,
  started_at   BIGINT  NOT NULL,
  heartbeat_at BIGINT  NOT NULL,
  stopped_at   BIGINT,
  plugins      TEXT    NOT NULL
);

-- node_id NULL: free (a new release, or handed back at shutdown). epoch moves on with every take-over: the fencing token.
CREATE TABLE release_leases (
  release_id  TEXT    PRIMARY KEY REFERENCES releases (id),
  node_id     TEXT,
  epoch       BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL,
  acquired_at BIGINT  NOT NULL
);
CREATE INDEX release_leases_node ON release_leases (node_id);
