-- SPDX-License-Identifier: MIT
-- Issue 13 item 2, search made fast (sqlite/016_search_index.sql): where
-- SQLite has an FTS5 trigram table, PostgreSQL has pg_trgm GIN indexes on
-- the same folded columns, which serve their LIKE '%word%' directly.
-- pg_trgm ships with PostgreSQL's contrib (Debian: postgresql-15) and is a
-- trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX process_search_doc_trgm ON process_search
	USING gin (doc gin_trgm_ops);
CREATE INDEX process_search_internal_trgm ON process_search
	USING gin (internal gin_trgm_ops);

CREATE TABLE contact_search (
	user_id BIGINT PRIMARY KEY REFERENCES users(id),
	doc TEXT NOT NULL
);
CREATE INDEX contact_search_trgm ON contact_search
	USING gin (doc gin_trgm_ops);
CREATE TABLE property_search (
	property_id BIGINT PRIMARY KEY REFERENCES properties(id),
	doc TEXT NOT NULL
);
CREATE INDEX property_search_trgm ON property_search
	USING gin (doc gin_trgm_ops);
