-- Plugins' durable key-value state (SDK IPluginStateStore), one row per plugin and key: what a plugin must still know when
-- another node takes over its releases. version is 1 when a key is added and one more on every write (compare-and-set).
-- Keys compare as BINARY text, i.e. by their UTF-8 bytes, as PostgreSQL's "C" collation does: a prefix listing is a range.
CREATE TABLE plugin_state (
  plugin     TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  value      BLOB    NOT NULL,
  version    BIGINT  NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (plugin, key)
);
