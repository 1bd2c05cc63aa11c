/* SPDX-License-Identifier: MIT */
/* Who is calling (auth.h). */
#include "app/auth.h"

#include "app/authcache.h"
#include "app/tokenuse.h"
#include "store/feed.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <string.h>

void
app_auth_from_user(struct hd_auth *a, const struct store_user *u)
{
	a->kind = u->is_employee ? HD_EMPLOYEE : HD_CONTACT;
	a->user_id = u->id;
	a->org_id = u->org_id;
	a->is_admin = u->is_employee && u->is_admin;
	hd_strlcpy(a->name, u->name, sizeof(a->name));
}

enum hd_status
app_auth_resolve(
    struct db_conn *rd, const char *token, bool cookie, struct hd_auth *out)
{
	char hash[HD_HASH_MAX];
	int64_t expires_at = INT64_MAX, mono, token_id = 0;
	bool intake = false;
	struct store_user u;
	enum hd_status st;
	bool cacheable;
	uint64_t epoch;

	memset(out, 0, sizeof(*out));
	hd_token_hash(token, hash);
	/*
	 * The epoch is read before the lookup takes its snapshot: a lookup
	 * racing with the commit of, say, a deactivation is stored with the
	 * epoch from before that commit's bump and never answered after it.
	 * A snapshot taken earlier (none is, today: see the server's
	 * dispatch) could be older than the epoch, so such a lookup is not
	 * stored.
	 */
	cacheable = !db_snapshot_held(rd);
	epoch = store_auth_epoch();
	mono = hd_mono_ms();
	if (app_authcache_get(hash, cookie, epoch, hd_now(), mono, out)) {
		if (!cookie)
			app_tokenuse_note(out->token_id, hd_now());
		return HD_OK;
	}
	if (!cookie)
		st = store_apitoken_lookup(
		    rd, hash, hd_now(), &u, &token_id, &expires_at, &intake);
	else
		st = store_session_lookup(rd, hash, hd_now(), &u,
		    &out->session_id, out->csrf, &expires_at);
	if (st != HD_OK) {
		/* Unknown, expired or inactive: anonymous. */
		memset(out, 0, sizeof(*out));
		return st == HD_EUNAUTH ? HD_OK : st;
	}
	out->via_cookie = cookie;
	app_auth_from_user(out, &u);
	out->token_id = token_id;
	if (intake) {
		out->intake = true;
		out->is_admin = false;
	}
	if (!cookie)
		app_tokenuse_note(token_id, hd_now());
	if (cacheable)
		app_authcache_put(hash, cookie, epoch, expires_at, mono, out);
	return HD_OK;
}
