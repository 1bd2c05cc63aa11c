/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_AUTH_H
#define HD_APP_AUTH_H

/*
 * Who is calling: a bearer token or a session cookie resolved to its
 * account, through the credential cache (app/authcache.h), which the
 * change feed's auth epoch (store_auth_epoch) keeps current.
 */
#include "db/db.h"
#include "store/user.h"

#include <stdbool.h>
#include <stdint.h>

/* The kinds of caller; the numbers are part of the access rules. */
enum hd_user_kind { HD_ANON = 0, HD_EMPLOYEE = 1, HD_CONTACT = 2 };

/* Who is calling, from the session cookie or the bearer token. */
struct hd_auth {
	enum hd_user_kind kind;
	int64_t user_id;
	int64_t org_id;
	bool is_admin;
	bool via_cookie;
	int64_t session_id;
	int64_t token_id; /* the API token's id, 0 for cookie sessions */
	/* An intake token (scope inbound-mail): it may post inbound mail
	 * and nothing else, whoever its user is (is_admin false). */
	bool intake;
	char name[256];
	char csrf[64]; /* the session's CSRF token; "" for bearer tokens */
};

/*
 * Resolves token — the hd_session cookie's value when cookie, else a
 * bearer token; well-formed (hd_token_wellformed) — on the read
 * connection rd into *out: the account, or kind HD_ANON for an unknown,
 * expired or inactive credential. A credential resolved recently comes
 * from the cache without a query; an API token's use is noted
 * (app/tokenuse.h). Call it before anything reads on rd,
 * so that the lookup's snapshot is newer than the auth epoch it is
 * cached with (one taken earlier is not cached). HD_OK, also for
 * HD_ANON; the database's error when the lookup failed: answer that, not
 * 401.
 */
enum hd_status app_auth_resolve(
    struct db_conn *rd, const char *token, bool cookie, struct hd_auth *out);

/* Fills a from a loaded user. */
void app_auth_from_user(struct hd_auth *a, const struct store_user *u);

#endif
