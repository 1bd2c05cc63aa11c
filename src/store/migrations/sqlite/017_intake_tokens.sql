-- SPDX-License-Identifier: MIT
-- Issue 14, inbound mail: an API token's scope. 'all' acts as its user
-- (every token before this migration); 'inbound-mail' may only post to
-- POST /inbound-mail (an intake token for an MTA on another host:
-- `hausdesk mail-in --url`), whoever its user is.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all'
	CHECK (scope IN ('all', 'inbound-mail'));
