-- SPDX-License-Identifier: MIT
-- The mail worker claims a mail before it sends it (docs/operations.md,
-- "Mail"): in one commit it counts the attempt, notes when it began, and
-- moves next_attempt_at to the retry the schedule would give — a lease.
-- Only then does it send. If the result cannot be recorded, the lease
-- still holds: the mail is not due again before the schedule says.
ALTER TABLE outbox ADD COLUMN last_attempt_at INTEGER; -- milliseconds
-- The give-up clock (milliseconds): mail is retried until it is older
-- than the give-up time since then. NULL: since created_at. An admin's
-- resend starts it anew.
ALTER TABLE outbox ADD COLUMN queued_at INTEGER;
-- "Resend all failed mail" of an organisation.
CREATE INDEX outbox_failed ON outbox(org_id, id) WHERE state = 'failed';
