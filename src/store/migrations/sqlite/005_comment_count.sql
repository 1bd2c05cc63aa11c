-- SPDX-License-Identifier: MIT
-- Most Vorgänge have no comments, yet opening one looked for them in the
-- comments index: a random page read per request. Keep the number beside
-- the Vorgang, maintained by triggers for every way a comment is written.
ALTER TABLE processes ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
UPDATE processes SET comment_count =
    (SELECT count(*) FROM comments c WHERE c.process_id = processes.id)
    WHERE id IN (SELECT process_id FROM comments);
CREATE TRIGGER comments_counted AFTER INSERT ON comments BEGIN
    UPDATE processes SET comment_count = comment_count + 1
        WHERE id = NEW.process_id;
END;
CREATE TRIGGER comments_uncounted AFTER DELETE ON comments BEGIN
    UPDATE processes SET comment_count = comment_count - 1
        WHERE id = OLD.process_id;
END;
