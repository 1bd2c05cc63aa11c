/* SPDX-License-Identifier: MIT */
/* API tokens of the organisation: create, list, revoke (admins). */
#include "app/admin.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/rand.h"

/* Reads the optional "expires_at" (RFC 3339, in the future) into *out
 * (0: none). */
static bool
in_expiry(struct hd_req *r, struct hd_resp *w, int64_t *out)
{
	json_t *v = json_object_get(r->body, "expires_at");

	*out = 0;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v) || !hd_time_parse(json_string_value(v), out)) {
		hd_resp_err(w, HD_EINVAL, "expires_at",
		    "expires_at must be a time like 2027-01-31T23:59:59Z");
		return false;
	}
	if (*out <= hd_now()) {
		hd_resp_err(w, HD_EINVAL, "expires_at",
		    "expires_at must be in the future");
		return false;
	}
	return true;
}

void
h_token_create(struct hd_req *r, struct hd_resp *w)
{
	char token[HD_TOKEN_MAX];
	int64_t id = 0, expires_at;
	const char *name;
	enum hd_status st;
	json_t *j;

	if (!hd_in_text(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !in_expiry(r, w, &expires_at))
		return;
	st = app_apitoken_add(
	    r->auth.org_id, r->auth.user_id, name, expires_at, token, &id);
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "could not create the token");
		return;
	}
	/* The list's object, and the token itself: shown this once. */
	st = store_apitoken_json(r->rd, r->auth.org_id, id, &j);
	if (st == HD_OK &&
	    json_object_set_new(j, "token", json_string(token)) != 0)
		st = HD_ENOMEM;
	hd_resp_read(w, 201, st, j, "token");
}

void
h_token_list(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_list(r, w, store_apitoken_list, "the tokens");
}

void
h_token_delete(struct hd_req *r, struct hd_resp *w)
{
	/* The credential cache sees api_tokens change: the next request
	 * with the token is refused (store/feed.c). */
	enum hd_status st = app_apitoken_revoke(r->auth.org_id, r->id[0]);

	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND ? "no such token"
				       : "could not revoke the token");
		return;
	}
	hd_resp_empty(w);
}
