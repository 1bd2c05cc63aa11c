-- SPDX-License-Identifier: MIT
-- Issue 13 item 2, search made fast (docs/search.md "Built"):
-- process_fts, an FTS5 index of process_search's folded text with the
-- trigram tokenizer (substrings: any part of a word, number or phone) and
-- detail=none (the row ids of each trigram only; a word's candidates are
-- checked against process_search with LIKE, so no positions are needed).
-- External content: the text is process_search's, not a second copy. The
-- store keeps it in step (store_search_index: the old row's 'delete', the
-- new row's insert) in the transaction that writes process_search; a
-- repair is INSERT INTO process_fts(process_fts) VALUES ('rebuild').
-- The rebuild reads every row of process_search (about 10 s per 100,000
-- Vorgänge on a busy machine).
-- Its row ids are the Vorgänge's negated (a view gives them): FTS5 walks
-- a term's row ids upwards lazily, but reads the whole of it to walk
-- downwards (3-10 ms for a common trigram at 100,000 Vorgänge, against
-- 0.2-0.4 ms), and lists show the newest first.
CREATE VIEW process_search_fts AS
	SELECT -process_id AS fts_id, doc, internal FROM process_search;
CREATE VIRTUAL TABLE process_fts USING fts5(
	doc, internal,
	content = 'process_search_fts', content_rowid = 'fts_id',
	tokenize = 'trigram', detail = 'none'
);
INSERT INTO process_fts(process_fts) VALUES ('rebuild');

-- The folded text of contacts (name, e-mail, phone) and properties (name,
-- street, postal code, city, external id, unit labels), written by the
-- store with every change of them and filled at start for rows without
-- one (store_search_fill); searched with LIKE (GET /contacts?q=,
-- GET /properties?q=).
CREATE TABLE contact_search (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	doc TEXT NOT NULL
);
CREATE TABLE property_search (
	property_id INTEGER PRIMARY KEY REFERENCES properties(id),
	doc TEXT NOT NULL
);
