-- SPDX-License-Identifier: MIT
-- Issue 13, the work queue: when each employee last opened each Vorgang
-- (sqlite/014_queue.sql says why).
CREATE TABLE process_seen (
	employee_id BIGINT NOT NULL REFERENCES users(id),
	process_id BIGINT NOT NULL REFERENCES processes(id),
	seen_at BIGINT NOT NULL,
	PRIMARY KEY (employee_id, process_id)
);
