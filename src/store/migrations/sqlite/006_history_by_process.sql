-- SPDX-License-Identifier: MIT
-- A Vorgang's history is read whole, in order, every time it is opened:
-- store it clustered by Vorgang (WITHOUT ROWID, key process_id, id) so
-- that this is one B-tree search and usually one page, instead of a
-- search in the history_process index and a row lookup per entry (at one
-- million Vorgänge, about three random page reads of nine per request).
-- id now counts within the Vorgang (new entries take its max + 1); the
-- ids copied here keep their order.
CREATE TABLE history_by_process (
	process_id INTEGER NOT NULL REFERENCES processes(id),
	id INTEGER NOT NULL,
	at INTEGER NOT NULL,
	event TEXT NOT NULL,
	text TEXT NOT NULL,
	actor_id INTEGER REFERENCES users(id),
	PRIMARY KEY (process_id, id)
) WITHOUT ROWID;
INSERT INTO history_by_process(process_id, id, at, event, text, actor_id)
    SELECT process_id, id, at, event, text, actor_id FROM history
    ORDER BY process_id, id;
DROP TABLE history;
ALTER TABLE history_by_process RENAME TO history;
