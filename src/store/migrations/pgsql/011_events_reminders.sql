-- SPDX-License-Identifier: MIT
-- Issue 15, items 3 and 4 (docs/routing.md).
--
-- 1. History entries and routing reasons as data: the event's code and
--    parameters as JSON (store/event_json.c), rendered in the reader's
--    language when read. `text` stays for rows written before: the
--    server turns them into events when it starts (store/event_upgrade.c,
--    run after the migrations) and then empties it; a sentence it cannot
--    parse becomes a "legacy" event holding it.
ALTER TABLE history ADD COLUMN data TEXT;
ALTER TABLE process_assignees ADD COLUMN reason_data TEXT;
-- 2. The language of each person's mails: 'de' or 'en'.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'de';
-- 3. Reminders: a response time per Vorgangstyp (NULL: none); per
--    Vorgang when somebody responded (a status change or a public
--    comment by staff) and how far the reminders went (0 none, 1 the
--    assignees were reminded, 2 escalated). The reminder job writes the
--    level in the same transaction as it queues the mail.
ALTER TABLE process_types ADD COLUMN response_hours INTEGER;
ALTER TABLE processes ADD COLUMN responded_at BIGINT;
ALTER TABLE processes ADD COLUMN remind_level INTEGER NOT NULL DEFAULT 0;
UPDATE processes SET responded_at = coalesce(
    (SELECT min(h.at) FROM history h WHERE h.process_id = processes.id
        AND h.event = 'status'),
    (SELECT min(c.created_at) FROM comments c JOIN users u
        ON u.id = c.author_id WHERE c.process_id = processes.id
        AND c.internal = 0 AND u.kind = 'employee'));
-- The job's scan: open, unanswered Vorgänge not yet escalated.
CREATE INDEX processes_waiting ON processes(created_at)
    WHERE status = 'open' AND responded_at IS NULL AND remind_level < 2;
