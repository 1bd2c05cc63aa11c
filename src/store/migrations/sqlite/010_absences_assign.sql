-- SPDX-License-Identifier: MIT
-- Issue 15, items 1 and 2 (docs/routing.md).
--
-- 1. Absences (Abwesenheiten): employee_id is away from starts_on to
--    ends_on, whole days in the organisation's time zone, both included,
--    stored as day numbers (days since 1970-01-01, core/day.h), and
--    optionally names a substitute (Vertretung).
CREATE TABLE absences (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	employee_id INTEGER NOT NULL REFERENCES users(id),
	starts_on INTEGER NOT NULL,
	ends_on INTEGER NOT NULL CHECK (ends_on >= starts_on),
	substitute_id INTEGER REFERENCES users(id),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX absences_employee ON absences(employee_id, ends_on);
CREATE INDEX absences_org_end ON absences(org_id, ends_on);

-- 2. How a role picks among its holders at a property (core/assign.h:
--    0 all, 1 round_robin, 2 least_open), and the round-robin turn per
--    property and role: the holder picked last, taken with compare and
--    set in the create's write job.
ALTER TABLE roles ADD COLUMN assign INTEGER NOT NULL DEFAULT 0;
CREATE TABLE role_turns (
	property_id INTEGER NOT NULL REFERENCES properties(id) ON DELETE CASCADE,
	role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
	turn INTEGER NOT NULL,
	PRIMARY KEY (property_id, role_id)
) WITHOUT ROWID;
