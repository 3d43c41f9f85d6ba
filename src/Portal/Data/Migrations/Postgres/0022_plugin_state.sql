-- Plugins' durable key-value state (SDK IPluginStateStore), one row per plugin and key: what a plugin must still know when
-- another node takes over its releases. version is 1 when a key is added and one more on every write (compare-and-set).
-- Keys collate "C" (by their UTF-8 bytes, as SQLite's BINARY does), whatever the database's locale: a prefix listing is a
-- range of the primary key, in the same order on both providers.
CREATE TABLE plugin_state (
  plugin     TEXT COLLATE "C" NOT NULL,
  key        TEXT COLLATE "C" NOT NULL,
  value      BYTEA   NOT NULL,
  version    BIGINT  NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (plugin, key)
);
