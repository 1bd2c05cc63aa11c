-- SPDX-License-Identifier: MIT
-- The worker takes due mail in (next_attempt_at, id) order: an index in
-- exactly that order spares a sort of the whole queue on every batch.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'queued';
