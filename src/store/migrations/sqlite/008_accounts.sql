-- SPDX-License-Identifier: MIT
-- Accounts (issue 10, items 9, 10, 12, 15).
--
-- 1. A login is unique per organisation, not in the whole installation: a
--    person who is a tenant of two Hausverwaltungen has two accounts with
--    one address. SQLite cannot drop a column's UNIQUE constraint, so the
--    table is rebuilt (the documented procedure; db_migrate runs
--    migrations with foreign keys off and checks them before the commit).
--    Same columns in the same order.
CREATE TABLE users_new (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('employee', 'contact')),
	name TEXT NOT NULL,
	email TEXT COLLATE NOCASE,
	phone TEXT,
	is_admin INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	password_hash TEXT,
	created_at INTEGER NOT NULL,
	UNIQUE (org_id, email)
);
INSERT INTO users_new(id, org_id, kind, name, email, phone, is_admin, active,
    password_hash, created_at)
    SELECT id, org_id, kind, name, email, phone, is_admin, active,
        password_hash, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_org ON users(org_id, kind, id);
-- A login without an organisation looks at every account of the address.
CREATE INDEX users_email ON users(email);

-- 2. API tokens: an optional expiry. When a token was last used is kept
--    apart, in api_token_use: the credential cache ends every cached
--    credential when api_tokens changes (store/writer.c, auth_hook), and a
--    write per minute per token there would end them all the time.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
CREATE INDEX api_tokens_org ON api_tokens(org_id, id);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE api_token_use (
	token_id INTEGER PRIMARY KEY REFERENCES api_tokens(id) ON DELETE CASCADE,
	last_used_at INTEGER NOT NULL
);

-- 3. Counters against password guessing and reset-mail floods
--    (store/throttle.h): one row per key ("login:acct:<address>",
--    "login:ip:<address>", ...), in the database so that a restart, or a
--    second server process, does not reset them.
CREATE TABLE throttle (
	key TEXT PRIMARY KEY,
	count INTEGER NOT NULL,
	last_at INTEGER NOT NULL,	  -- the last event, Unix seconds
	until_at INTEGER NOT NULL DEFAULT 0 -- refused before this time
) WITHOUT ROWID;
CREATE INDEX throttle_last ON throttle(last_at);

-- 4. Secrets the server makes itself (the key that signs device cookies),
--    shared by every server process on this database.
CREATE TABLE server_keys (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
