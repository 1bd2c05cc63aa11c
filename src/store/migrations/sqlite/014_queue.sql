-- SPDX-License-Identifier: MIT
-- Issue 13, the work queue: when each employee last opened each Vorgang,
-- so that a Vorgang changed since (or never opened) shows as unread in
-- their queue. One row per employee and Vorgang they opened, written by
-- POST /processes/{id}/seen; read by GET /processes/unread from the
-- employee's assignments (assignees_queue), a look-up per assignment.
CREATE TABLE process_seen (
	employee_id INTEGER NOT NULL REFERENCES users(id),
	process_id INTEGER NOT NULL REFERENCES processes(id),
	seen_at INTEGER NOT NULL,
	PRIMARY KEY (employee_id, process_id)
) WITHOUT ROWID;
