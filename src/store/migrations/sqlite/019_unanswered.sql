-- SPDX-License-Identifier: MIT
-- Issue 13, the order "oldest unanswered" (?sort=unanswered): since when
-- a Vorgang waits for staff's public answer. Set when a contact files
-- one (its creation time) and by the reporter's first public message
-- after staff's last public answer; cleared by a public comment of
-- staff (store_comment_insert). NULL: nobody waits (staff answered last,
-- or an employee filed it for themself).
ALTER TABLE processes ADD COLUMN awaiting_since INTEGER;
UPDATE processes SET awaiting_since = CASE
	WHEN NOT EXISTS (SELECT 1 FROM comments s WHERE
	    s.process_id = processes.id AND s.internal = 0 AND
	    s.author_id <> processes.reporter_id)
	THEN processes.created_at
	ELSE (SELECT min(c.created_at) FROM comments c WHERE
	    c.process_id = processes.id AND c.internal = 0 AND
	    c.author_id = processes.reporter_id AND c.created_at > (
		SELECT max(s.created_at) FROM comments s WHERE
		s.process_id = processes.id AND s.internal = 0 AND
		s.author_id <> processes.reporter_id))
	END
WHERE reporter_kind = 'contact';
CREATE INDEX processes_awaiting ON processes(org_id, awaiting_since, id)
	WHERE awaiting_since IS NOT NULL;
