-- Built-in accounts (Portal:Auth:Mode Local). A password is stored only as a salted, iterated hash (ASP.NET Core
-- Identity's PasswordHasher); the security stamp changes with the password, which ends every session signed in with
-- the old one. failed_count is a small counter and must_change a 0/1 flag: INTEGER, as the stores compare them.
CREATE TABLE local_accounts (
  id                  TEXT    PRIMARY KEY,
  display_name        TEXT    NOT NULL,
  password_hash       TEXT    NOT NULL,
  security_stamp      TEXT    NOT NULL,
  failed_count        INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  must_change         INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT    NOT NULL,
  password_changed_at TEXT    NOT NULL
);

CREATE TABLE local_account_groups (
  account_id TEXT NOT NULL REFERENCES local_accounts (id),
  group_name TEXT NOT NULL,
  PRIMARY KEY (account_id, group_name)
);
