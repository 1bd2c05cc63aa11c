/* SPDX-License-Identifier: MIT */
#include "http/auth.h"

#include "http/authcache.h"
#include "http/tokenuse.h"
#include "store/feed.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

void
hd_auth_from_user(struct hd_auth *a, const struct store_user *u)
{
	a->kind = u->is_employee ? HD_EMPLOYEE : HD_CONTACT;
	a->user_id = u->id;
	a->org_id = u->org_id;
	a->is_admin = u->is_employee && u->is_admin;
	hd_strlcpy(a->name, u->name, sizeof(a->name));
}

enum hd_status
hd_auth_resolve(struct hd_req *r)
{
	const char *h, *tok = NULL;
	char hash[HD_HASH_MAX];
	int64_t expires_at = INT64_MAX, mono, token_id = 0;
	struct store_user u;
	bool bearer = false, cacheable;
	enum hd_status st;
	uint64_t epoch;

	memset(&r->auth, 0, sizeof(r->auth));
	h = MHD_lookup_connection_value(
	    r->mhd, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0) {
		tok = h + 7;
		bearer = true;
	} else {
		tok = MHD_lookup_connection_value(
		    r->mhd, MHD_COOKIE_KIND, "hd_session");
	}
	if (tok == NULL || !hd_token_wellformed(tok) || r->rd == NULL)
		return HD_OK;
	hd_token_hash(tok, hash);
	/*
	 * The epoch is read before the lookup takes its snapshot: a lookup
	 * racing with the commit of, say, a deactivation is stored with the
	 * epoch from before that commit's bump and never answered after it.
	 * A snapshot taken earlier (none is, today: see dispatch) could be
	 * older than the epoch, so such a lookup is not stored.
	 */
	cacheable = !db_snapshot_held(r->rd);
	epoch = store_auth_epoch();
	mono = hd_mono_ms();
	if (hd_authcache_get(hash, !bearer, epoch, hd_now(), mono, &r->auth)) {
		if (bearer)
			hd_tokenuse_note(r->auth.token_id, hd_now());
		return HD_OK;
	}
	if (bearer)
		st = store_apitoken_lookup(
		    r->rd, hash, hd_now(), &u, &token_id, &expires_at);
	else
		st = store_session_lookup(r->rd, hash, hd_now(), &u,
		    &r->auth.session_id, r->auth.csrf, &expires_at);
	if (st != HD_OK) {
		/* Unknown, expired or inactive: anonymous. */
		memset(&r->auth, 0, sizeof(r->auth));
		return st == HD_EUNAUTH ? HD_OK : st;
	}
	r->auth.via_cookie = !bearer;
	hd_auth_from_user(&r->auth, &u);
	r->auth.token_id = token_id;
	if (bearer)
		hd_tokenuse_note(token_id, hd_now());
	if (cacheable)
		hd_authcache_put(
		    hash, !bearer, epoch, expires_at, mono, &r->auth);
	return HD_OK;
}

enum hd_status
hd_auth_check(struct hd_req *r, enum hd_access access)
{
	const char *csrf = r->auth.csrf;
	bool safe =
	    strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
	const char *sent;

	if (access == HD_PUBLIC)
		return HD_OK;
	if (r->auth.kind == HD_ANON)
		return HD_EUNAUTH;
	if (r->auth.via_cookie && !safe) {
		sent = MHD_lookup_connection_value(
		    r->mhd, MHD_HEADER_KIND, "X-CSRF-Token");
		if (sent == NULL || strlen(sent) != strlen(csrf) ||
		    sodium_memcmp(sent, csrf, strlen(csrf)) != 0)
			return HD_ECSRF;
	}
	if (access == HD_STAFF && r->auth.kind != HD_EMPLOYEE)
		return HD_EFORBIDDEN;
	if (access == HD_ADMIN && !r->auth.is_admin)
		return HD_EFORBIDDEN;
	return HD_OK;
}
