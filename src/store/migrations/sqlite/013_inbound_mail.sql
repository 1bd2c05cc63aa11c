-- SPDX-License-Identifier: MIT
-- Inbound mail (issue 14, item 2; docs/mail-in.md).
--
-- 1. Intake addresses: mail to one of them belongs to its organisation
--    and becomes a Vorgang of its type (none: an admin picks the type).
--    An address names one mailbox in the whole installation, in any
--    letter case.
CREATE TABLE mailboxes (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	address TEXT NOT NULL,
	type_id INTEGER REFERENCES process_types(id),
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mailboxes_address ON mailboxes(lower(address));
CREATE INDEX mailboxes_org ON mailboxes(org_id, id);

-- 2. Every mail taken, by Message-ID: the same Message-ID taken twice
--    (an MTA's retry after a crash) is answered "duplicate" and changes
--    nothing. outcome: created, commented, ignored (reason says why),
--    unassigned (waits in inbound_unassigned for an admin).
CREATE TABLE inbound_mail (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	message_id TEXT NOT NULL,
	sender TEXT NOT NULL,
	subject TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN
	    ('created', 'commented', 'ignored', 'unassigned')),
	reason TEXT,
	process_id INTEGER REFERENCES processes(id),
	comment_id INTEGER REFERENCES comments(id),
	received_at INTEGER NOT NULL,
	UNIQUE (org_id, message_id)
);
CREATE INDEX inbound_mail_org ON inbound_mail(org_id, id);

-- 3. "Nicht zugeordnet": mail that could not become a Vorgang on its own
--    (a sender who is no contact, or one at several properties, or an
--    intake address without a type). An admin completes property and
--    type; then the Vorgang is filed and routed (process_id). The raw
--    message is kept until then for its attachments.
CREATE TABLE inbound_unassigned (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	inbound_id INTEGER NOT NULL REFERENCES inbound_mail(id),
	sender TEXT NOT NULL,
	sender_name TEXT NOT NULL DEFAULT '',
	contact_id INTEGER REFERENCES users(id),
	type_id INTEGER REFERENCES process_types(id),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	raw BLOB,
	created_at INTEGER NOT NULL,
	process_id INTEGER REFERENCES processes(id),
	completed_at INTEGER
);
CREATE INDEX inbound_unassigned_open ON inbound_unassigned(org_id, id)
    WHERE process_id IS NULL;

-- 4. Work that one process of the installation does at a time (the IMAP
--    poller): held by holder until until_at (Unix seconds), renewed by
--    its holder, taken over by another once it ran out.
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	until_at INTEGER NOT NULL
);
