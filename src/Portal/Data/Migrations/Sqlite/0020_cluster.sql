-- Cluster mode: the nodes sharing the database and the leases by which exactly one node drives each unsettled release.
-- A SQLite portal is one node and never writes these tables; they exist so a schema version means the same tables on
-- every provider (migrate-store copies them too).
-- Times in these two tables are the database's clock in milliseconds since the Unix epoch (SqlDialect.NowMillis), not
-- ISO text: every node compares them with the same clock, so skewed node clocks cannot stretch or cut a lease.
CREATE TABLE cluster_nodes (
  node_id      TEXT    PRIMARY KEY,
  host         TEXT    NOT NULL,
  process_id   INTEGER NOT NULL,
  version      TEXT    NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  stopped_at   INTEGER,
  plugins      TEXT    NOT NULL
);

-- node_id NULL: free (a new release, or handed back at shutdown). epoch moves on with every take-over: the fencing token.
CREATE TABLE release_leases (
  release_id  TEXT    PRIMARY KEY REFERENCES releases (id),
  node_id     TEXT,
  epoch       INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
CREATE INDEX release_leases_node ON release_leases (node_id);
