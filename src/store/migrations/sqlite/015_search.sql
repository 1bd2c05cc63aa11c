-- SPDX-License-Identifier: MIT
-- Issue 13 item 2, search: the searchable text of each Vorgang, folded in
-- C (src/core/fold.c) by the store (src/store/search.c) in the same write
-- job that writes the Vorgang, a comment, or its reporter's or property's
-- data. doc: subject, description, public comments, the reporter's name,
-- e-mail and phone, the property's name, street, postal code and city,
-- the unit and the number; internal: internal comments (never searched
-- for contacts). Rows missing here (Vorgänge of a database from before
-- this migration, or written by the demo generator) are filled at start.
CREATE TABLE process_search (
	process_id INTEGER PRIMARY KEY REFERENCES processes(id),
	doc TEXT NOT NULL,
	internal TEXT NOT NULL DEFAULT ''
);
