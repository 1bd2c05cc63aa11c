/* SPDX-License-Identifier: MIT */
#include "core/validate.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/throttle.h"
#include "mail/notify.h"
#include "mail/worker.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char dummy_hash[160];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
	hd_password_hash(
	    "not-a-password-of-anyone", dummy_hash, sizeof(dummy_hash));
}

static json_t *
user_json(const struct hd_auth *a, const char *email)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)a->user_id,
	    "name", a->name, "email", email, "kind",
	    a->kind == HD_EMPLOYEE ? "employee" : "contact", "is_admin",
	    a->is_admin);
}

/* Starts a session for u: sets the cookie on w and answers status with
 * {user, csrf_token}. */
static void
start_session(struct hd_resp *w, const struct store_user *u, unsigned status)
{
	char token[HD_TOKEN_MAX], hash[HD_HASH_MAX], csrf[HD_TOKEN_MAX];
	struct hd_auth a = {0};
	struct db_conn *c;
	enum hd_status st;

	hd_token_new(token);
	hd_token_hash(token, hash);
	hd_token_new(csrf);
	if ((c = hd_writer(w)) == NULL)
		return;
	st = store_session_create(
	    c, u->id, hash, csrf, hd_now() + HD_SESSION_TTL);
	if ((st = db_writer_release(c, st)) != HD_OK) {
		hd_resp_err(w, st, NULL, "could not start a session");
		return;
	}
	snprintf(w->cookie, sizeof(w->cookie),
	    "hd_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
	    token, HD_SESSION_TTL,
	    strncmp(hd_cfg.base_url, "https:", 6) == 0 ? "; Secure" : "");
	hd_auth_from_user(&a, u);
	hd_resp_json(w, status,
	    json_pack("{s:o,s:s}", "user", user_json(&a, u->email),
		"csrf_token", csrf));
}

void
h_session_create(struct hd_req *r, struct hd_resp *w)
{
	const char *email, *password;
	struct store_user u;
	enum hd_status st;

	if (!hd_in_text(r, w, "email", HD_MAX_EMAIL, false, &email) ||
	    !hd_in_text(r, w, "password", HD_MAX_PASSWORD, false, &password))
		return;
	if (!hd_throttle_allow(email, hd_now())) {
		hd_resp_err(w, HD_ERATE, NULL,
		    "too many failed logins: try again in %d minutes",
		    HD_THROTTLE_WINDOW / 60);
		return;
	}
	st = store_user_by_email(r->rd, email, &u);
	if (st != HD_OK && st != HD_ENOTFOUND) {
		hd_resp_err(w, st, NULL, "login is not possible right now");
		return;
	}
	if (st == HD_ENOTFOUND || !u.has_password) {
		/* Same work as a real check: no account enumeration. */
		pthread_once(&dummy_once, make_dummy_hash);
		hd_password_verify(dummy_hash, password);
		goto fail;
	}
	if (!hd_password_verify(u.password_hash, password) || !u.active)
		goto fail;
	hd_throttle_reset(email);
	start_session(w, &u, 200);
	return;
fail:
	hd_throttle_fail(email, hd_now());
	hd_resp_err(w, HD_EUNAUTH, NULL, "e-mail address or password is wrong");
}

void
h_session_delete(struct hd_req *r, struct hd_resp *w)
{
	struct db_conn *c;
	enum hd_status st;

	if (r->auth.via_cookie) {
		if ((c = hd_writer(w)) == NULL)
			return;
		st = store_session_delete(c, r->auth.session_id);
		if ((st = db_writer_release(c, st)) != HD_OK) {
			hd_resp_err(w, st, NULL, "could not log out");
			return;
		}
	}
	snprintf(w->cookie, sizeof(w->cookie),
	    "hd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	hd_resp_empty(w);
}

void
h_me(struct hd_req *r, struct hd_resp *w)
{
	struct store_user u;
	enum hd_status st;

	if ((st = store_user_get(r->rd, r->auth.user_id, &u)) != HD_OK) {
		hd_resp_err(w, st, NULL, "user not found");
		return;
	}
	/* A new tab of a cookie session learns its CSRF token here. */
	if (r->auth.via_cookie)
		hd_resp_json(w, 200,
		    json_pack("{s:o,s:s}", "user", user_json(&r->auth, u.email),
			"csrf_token", r->auth.csrf));
	else
		hd_resp_json(w, 200,
		    json_pack("{s:o}", "user", user_json(&r->auth, u.email)));
}

/* Consumes a token of purpose and sets the new password; answers like a
 * login on success. */
static void
set_password_with_token(
    struct hd_req *r, struct hd_resp *w, const char *purpose)
{
	const char *token, *password;
	char hash[HD_HASH_MAX], pwhash[160];
	struct store_user u;
	struct db_conn *c;
	enum hd_status st;
	int64_t uid = 0;

	if (!hd_in_text(r, w, "token", 200, false, &token) ||
	    !hd_in_text(r, w, "password", HD_MAX_PASSWORD, false, &password))
		return;
	if (!hd_valid_password(password)) {
		hd_resp_err(w, HD_EINVAL, "password",
		    "the password needs at least %d characters",
		    HD_MIN_PASSWORD);
		return;
	}
	if (!hd_token_wellformed(token)) {
		hd_resp_err(w, HD_EBADTOKEN, "token", "this link is not valid");
		return;
	}
	if ((st = hd_password_hash(password, pwhash, sizeof(pwhash))) !=
	    HD_OK) {
		hd_resp_err(w, st, NULL, "could not set the password");
		return;
	}
	hd_token_hash(token, hash);
	if ((c = hd_writer(w)) == NULL)
		return;
	st = store_usertoken_consume(c, purpose, hash, hd_now(), &uid);
	if (st == HD_OK)
		st = store_user_get(c, uid, &u);
	if (st == HD_OK && !u.active)
		st = HD_EGONE;
	if (st == HD_OK)
		st = store_user_set_password(c, uid, pwhash);
	if (st == HD_OK)
		st = store_session_delete_user(c, uid);
	if ((st = db_writer_release(c, st)) != HD_OK) {
		hd_resp_err(w, st, "token", "%s",
		    st == HD_EBADTOKEN ? "this link is not valid"
		    : st == HD_EGONE   ? "this link was already used or has "
					 "expired"
				       : "could not set the password");
		return;
	}
	start_session(w, &u, 200);
}

void
h_invitation_accept(struct hd_req *r, struct hd_resp *w)
{
	set_password_with_token(r, w, "invite");
}

void
h_password_reset_confirm(struct hd_req *r, struct hd_resp *w)
{
	set_password_with_token(r, w, "reset");
}

void
h_password_reset(struct hd_req *r, struct hd_resp *w)
{
	const char *email;
	struct store_user u;
	struct db_conn *c;
	enum hd_status st;

	if (!hd_in_text(r, w, "email", HD_MAX_EMAIL, false, &email))
		return;
	/* 202 whatever happens next: no account enumeration. */
	if (store_user_by_email(r->rd, email, &u) == HD_OK && u.active &&
	    (c = db_writer_acquire()) != NULL) {
		st = notify_user_token(c, &u, "reset");
		if (db_writer_release(c, st) == HD_OK)
			mail_worker_wake();
	}
	hd_resp_json(w, 202, json_pack("{s:s}", "status", "accepted"));
}

void
h_token_create(struct hd_req *r, struct hd_resp *w)
{
	char token[HD_TOKEN_MAX], hash[HD_HASH_MAX];
	const char *name;
	struct db_conn *c;
	enum hd_status st;
	int64_t id = 0;

	if (!hd_in_text(r, w, "name", HD_MAX_NAME, false, &name))
		return;
	hd_token_new(token);
	hd_token_hash(token, hash);
	if ((c = hd_writer(w)) == NULL)
		return;
	st = store_apitoken_create(
	    c, r->auth.org_id, r->auth.user_id, name, hash, &id);
	if ((st = db_writer_release(c, st)) != HD_OK) {
		hd_resp_err(w, st, NULL, "could not create the token");
		return;
	}
	hd_resp_json(w, 201,
	    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", name,
		"token", token));
}
