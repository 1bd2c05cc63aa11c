-- SPDX-License-Identifier: MIT
-- Attachments (issue 14, item 1; docs/attachments.md).
--
-- One row per stored content of an organisation. On SQLite the bytes are
-- the file attachments/<org_id>/<aa>/<hex sha256> beside the database;
-- on PostgreSQL they are the rows of blob_chunks.
CREATE TABLE blobs (
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
	size INTEGER NOT NULL CHECK (size BETWEEN 0 AND 20971520),
	-- 'live': its bytes are there and may be referenced; 'gone': the
	-- garbage collector has claimed it (no upload references it).
	state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'gone')),
	created_at INTEGER NOT NULL,          -- ms
	unreferenced_at INTEGER,              -- ms; set when its last attachment goes
	PRIMARY KEY (org_id, sha256)
);
CREATE INDEX blobs_unreferenced ON blobs(unreferenced_at)
	WHERE unreferenced_at IS NOT NULL;

-- The bytes on PostgreSQL, 1 MiB a row. SQLite keeps files and leaves
-- this table empty; it exists so that both schemas are one.
CREATE TABLE blob_chunks (
	org_id INTEGER NOT NULL,
	sha256 BLOB NOT NULL,
	seq INTEGER NOT NULL CHECK (seq >= 0),
	data BLOB NOT NULL,
	PRIMARY KEY (org_id, sha256, seq),
	FOREIGN KEY (org_id, sha256) REFERENCES blobs(org_id, sha256) ON DELETE CASCADE
);

CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	process_id INTEGER NOT NULL REFERENCES processes(id),
	sha256 BLOB NOT NULL,
	size INTEGER NOT NULL,
	content_type TEXT NOT NULL,           -- decided from the bytes, never the header
	filename TEXT NOT NULL,               -- cleaned, for display and Content-Disposition only
	uploaded_by INTEGER REFERENCES users(id),  -- NULL: a mail from an unknown sender
	source TEXT NOT NULL CHECK (source IN ('portal', 'backoffice', 'mail')),
	created_at INTEGER NOT NULL,          -- ms
	FOREIGN KEY (org_id, sha256) REFERENCES blobs(org_id, sha256)
);
CREATE INDEX attachments_process ON attachments(process_id, id);
CREATE INDEX attachments_blob ON attachments(org_id, sha256);

-- What each organisation has stored, for the quota (logical bytes). Not a
-- column of orgs: a write to orgs ends every cached credential.
CREATE TABLE attachment_usage (
	org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
	bytes INTEGER NOT NULL DEFAULT 0,
	quota INTEGER                         -- NULL: the installation's default
);

-- An assignment mail of a Vorgang whose files are still being uploaded
-- (POST /processes with attachments_to_follow) waits for them: each
-- upload counts one down, and the last one makes the mail due.
ALTER TABLE outbox ADD COLUMN wait_attachments INTEGER NOT NULL DEFAULT 0;
