-- SPDX-License-Identifier: MIT
-- Whether a role is still in use looks at past assignments too.
CREATE INDEX assignees_role ON process_assignees(role_id);
