-- SPDX-License-Identifier: MIT
-- Issue 13, correcting and ending: archiving and move-out dates
-- (sqlite/018_archive.sql says why).
ALTER TABLE process_types ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE properties ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE residents ADD COLUMN moved_out_on BIGINT;
