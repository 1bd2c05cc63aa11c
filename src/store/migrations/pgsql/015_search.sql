-- SPDX-License-Identifier: MIT
-- Issue 13 item 2, search: the folded searchable text of each Vorgang
-- (sqlite/015_search.sql says what and who writes it).
CREATE TABLE process_search (
	process_id BIGINT PRIMARY KEY REFERENCES processes(id),
	doc TEXT NOT NULL,
	internal TEXT NOT NULL DEFAULT ''
);
