-- SPDX-License-Identifier: MIT
-- Issue 13, correcting and ending: Vorgangstypen, properties and contacts
-- can be archived (hidden from choosers and lists, refused for new
-- Vorgänge, kept on existing ones and in the history); a resident gets a
-- move-out date (a day number, core/day.h): after it they file no new
-- requests for that property but keep reading their own Vorgänge.
ALTER TABLE process_types ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE properties ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE residents ADD COLUMN moved_out_on INTEGER;
