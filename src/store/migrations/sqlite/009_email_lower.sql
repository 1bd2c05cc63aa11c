-- SPDX-License-Identifier: MIT
-- Addresses are looked up in any letter case as lower(email) = lower(?),
-- the same on SQLite and PostgreSQL (issue 11: no COLLATE NOCASE in the
-- store's queries); an index on that expression serves it, as
-- users_email served "email = ?" with the column's NOCASE. The UNIQUE
-- (org_id, email) NOCASE constraint stays: it refuses a second account
-- of an address in one organisation, in any letter case.
CREATE INDEX users_email_lower ON users(lower(email));
DROP INDEX users_email;
