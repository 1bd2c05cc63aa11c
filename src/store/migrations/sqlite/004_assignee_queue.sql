-- SPDX-License-Identifier: MIT
-- "Meine Vorgänge" (assignee = me, status = open) is the screen staff look
-- at all day: keep the Vorgang's status beside each assignment, so that the
-- queue is one index range instead of a walk over every assignment.
ALTER TABLE process_assignees ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
UPDATE process_assignees SET status =
    (SELECT p.status FROM processes p WHERE p.id = process_assignees.process_id);
CREATE INDEX assignees_queue
    ON process_assignees(employee_id, status, process_id);
