-- SPDX-License-Identifier: MIT
-- PostgreSQL 15: the search behind the same store function (docs/search.md,
-- "PostgreSQL"). A sketch; not measured in the spike. The store writes the
-- same folded text as on SQLite (fold.c), so neither unaccent nor a
-- German stemmer is involved, and both databases match the same words.
CREATE EXTENSION IF NOT EXISTS pg_trgm;   -- postgresql-contrib, part of postgresql-15 on Debian

CREATE TABLE process_search (
	process_id  bigint PRIMARY KEY REFERENCES processes(id) ON DELETE CASCADE,
	org_id      bigint NOT NULL,
	property_id bigint NOT NULL,      -- kept in step like the SQLite scope
	reporter_id bigint NOT NULL,
	created_by  bigint NOT NULL,
	words    tsvector NOT NULL,       -- to_tsvector('simple', body || who || place || num)
	internal tsvector NOT NULL,       -- internal comments: employees only
	ident    text NOT NULL            -- number suffixes, e-mail token, phone digits
);
CREATE INDEX process_search_words ON process_search USING gin (words);
CREATE INDEX process_search_internal ON process_search USING gin (internal);
CREATE INDEX process_search_ident ON process_search USING gin (ident gin_trgm_ops);
CREATE INDEX process_search_org ON process_search (org_id, process_id DESC);

-- Written by the store in the transaction that changes the Vorgang:
-- INSERT INTO process_search(...) VALUES ($1, $2, $3, $4, $5,
--     to_tsvector('simple', $6), to_tsvector('simple', $7), $8)
-- ON CONFLICT (process_id) DO UPDATE SET ...;

-- The query: $1 the words as a tsquery built by the store from the folded
-- words ('muller:* & hauptstr:*' — prefix matching is native, no
-- vocabulary needed), $2 org, $3 viewer kind, $4 viewer, $5 cursor.
-- Employees: visibility as the list queries have it (staff by property,
-- assignees, filer); the planner joins the GIN bitmap with the b-tree.
SELECT s.process_id
FROM process_search s
WHERE s.org_id = $2
  AND (s.words @@ $1::tsquery OR ($3 <> 2 AND s.internal @@ $1::tsquery))
  AND ($5 = 0 OR s.process_id < $5)
  AND ($3 = 0
       OR ($3 = 2 AND s.reporter_id = $4)
       OR ($3 = 1 AND (s.created_by = $4
            OR s.property_id IN (SELECT property_id FROM staff WHERE employee_id = $4)
            OR EXISTS (SELECT 1 FROM process_assignees a
                       WHERE a.process_id = s.process_id AND a.employee_id = $4))))
ORDER BY s.process_id DESC
LIMIT 51;
-- A word of the query that spans several tokens (every term ANDed) is
-- written by the store as a tsquery; number fragments and phone digits go
-- to ident: ... AND s.ident LIKE '%' || $6 || '%' (pg_trgm answers LIKE
-- with three or more characters from the GIN index).
--
-- Watch: a GIN match does not come out newest first. For a word in half
-- of all Vorgänge PostgreSQL reads every match and sorts for the top 51;
-- the store should search in windows of process_id (newest 50,000, then
-- wider) when the first attempt's plan says the match is large.
