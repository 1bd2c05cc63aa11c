-- SPDX-License-Identifier: MIT
-- hausdesk schema, version 1. Times are Unix seconds (UTC).

CREATE TABLE orgs (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	fallback_role_id INTEGER,
	created_at INTEGER NOT NULL
);

-- Employees and contacts (tenants, owners) share one table so that an
-- e-mail address names exactly one login.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('employee', 'contact')),
	name TEXT NOT NULL,
	email TEXT COLLATE NOCASE UNIQUE,
	phone TEXT,
	is_admin INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	password_hash TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX users_org ON users(org_id, kind, id);

CREATE TABLE roles (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	UNIQUE (org_id, name)
);

CREATE TABLE properties (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL,
	street TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	city TEXT NOT NULL,
	external_id TEXT,
	created_at INTEGER NOT NULL,
	UNIQUE (org_id, external_id)
);
CREATE INDEX properties_org ON properties(org_id, id);

CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	property_id INTEGER NOT NULL REFERENCES properties(id),
	label TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'apartment'
	    CHECK (kind IN ('apartment', 'commercial', 'parking', 'other')),
	UNIQUE (property_id, label)
);

-- Zuständigkeit: employee holds role at property.
CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	property_id INTEGER NOT NULL REFERENCES properties(id),
	employee_id INTEGER NOT NULL REFERENCES users(id),
	role_id INTEGER NOT NULL REFERENCES roles(id),
	UNIQUE (property_id, employee_id, role_id)
);
CREATE INDEX staff_employee ON staff(employee_id, property_id);
CREATE INDEX staff_role ON staff(role_id);

CREATE TABLE residents (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	property_id INTEGER NOT NULL REFERENCES properties(id),
	contact_id INTEGER NOT NULL REFERENCES users(id),
	unit_id INTEGER REFERENCES units(id),
	relation TEXT NOT NULL CHECK (relation IN ('tenant', 'owner')),
	created_at INTEGER NOT NULL
);
CREATE INDEX residents_contact ON residents(contact_id, property_id);
CREATE INDEX residents_property ON residents(property_id);

CREATE TABLE process_types (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	portal INTEGER NOT NULL DEFAULT 1,
	UNIQUE (org_id, name)
);

CREATE TABLE process_type_roles (
	type_id INTEGER NOT NULL REFERENCES process_types(id),
	role_id INTEGER NOT NULL REFERENCES roles(id),
	position INTEGER NOT NULL,
	PRIMARY KEY (type_id, role_id)
) WITHOUT ROWID;
CREATE INDEX ptr_role ON process_type_roles(role_id);

CREATE TABLE process_counters (
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

CREATE TABLE processes (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	number TEXT NOT NULL,
	type_id INTEGER NOT NULL REFERENCES process_types(id),
	property_id INTEGER NOT NULL REFERENCES properties(id),
	unit_id INTEGER REFERENCES units(id),
	reporter_kind TEXT NOT NULL CHECK (reporter_kind IN ('contact', 'employee')),
	reporter_id INTEGER NOT NULL REFERENCES users(id),
	created_by INTEGER NOT NULL REFERENCES users(id),
	subject TEXT NOT NULL,
	description TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	unrouted INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (org_id, number)
);
CREATE INDEX processes_org ON processes(org_id, id);
CREATE INDEX processes_property ON processes(property_id, id);
CREATE INDEX processes_reporter ON processes(reporter_id, id);
CREATE INDEX processes_unrouted ON processes(org_id, unrouted, id);

CREATE TABLE process_assignees (
	process_id INTEGER NOT NULL REFERENCES processes(id),
	employee_id INTEGER NOT NULL REFERENCES users(id),
	role_id INTEGER REFERENCES roles(id),
	reason TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (process_id, employee_id)
) WITHOUT ROWID;
CREATE INDEX assignees_employee ON process_assignees(employee_id, process_id);

CREATE TABLE history (
	id INTEGER PRIMARY KEY,
	process_id INTEGER NOT NULL REFERENCES processes(id),
	at INTEGER NOT NULL,
	event TEXT NOT NULL,
	text TEXT NOT NULL,
	actor_id INTEGER REFERENCES users(id)
);
CREATE INDEX history_process ON history(process_id, id);

CREATE TABLE comments (
	id INTEGER PRIMARY KEY,
	process_id INTEGER NOT NULL REFERENCES processes(id),
	author_id INTEGER NOT NULL REFERENCES users(id),
	body TEXT NOT NULL,
	internal INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX comments_process ON comments(process_id, id);

-- Durable outbox: one row per recipient, written in the transaction of
-- the change that causes it.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	to_addr TEXT NOT NULL,
	to_name TEXT,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	kind TEXT NOT NULL,
	message_id TEXT NOT NULL UNIQUE,
	process_id INTEGER REFERENCES processes(id),
	state TEXT NOT NULL DEFAULT 'queued'
	    CHECK (state IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT,
	next_attempt_at INTEGER NOT NULL, -- milliseconds
	created_at INTEGER NOT NULL,
	sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_process ON outbox(process_id);
CREATE INDEX outbox_org ON outbox(org_id, id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- Invitation and password-reset tokens, stored hashed, single use.
CREATE TABLE user_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
	token_hash TEXT NOT NULL UNIQUE,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX user_tokens_user ON user_tokens(user_id);
