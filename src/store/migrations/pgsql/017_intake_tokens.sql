-- SPDX-License-Identifier: MIT
-- Issue 14, inbound mail: an API token's scope (sqlite/017_intake_tokens.sql).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all'
	CHECK (scope IN ('all', 'inbound-mail'));
