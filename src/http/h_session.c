/* SPDX-License-Identifier: MIT */
#include "app/account.h"
#include "app/login.h"
#include "core/validate.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/throttle.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"

#include <stdio.h>
#include <string.h>

static json_t *
user_json(const struct hd_auth *a, const struct store_user *u)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:s}", "id",
	    (json_int_t)a->user_id, "name", a->name, "email", u->email, "kind",
	    a->kind == HD_EMPLOYEE ? "employee" : "contact", "is_admin",
	    a->is_admin, "org_id", (json_int_t)a->org_id, "locale",
	    u->locale[0] ? u->locale : "de");
}

/* Sets the session cookie of token on w and answers status with {user,
 * csrf_token} for u. */
static void
answer_session(struct hd_resp *w, const struct store_user *u, const char *token,
    const char *csrf, unsigned status)
{
	struct hd_auth a = {0};

	snprintf(w->cookie, sizeof(w->cookie),
	    "hd_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
	    token, HD_SESSION_TTL,
	    strncmp(hd_cfg.base_url, "https:", 6) == 0 ? "; Secure" : "");
	app_auth_from_user(&a, u);
	hd_resp_json(w, status,
	    json_pack(
		"{s:o,s:s}", "user", user_json(&a, u), "csrf_token", csrf));
}

/* Answers a session begun for s.user (a login, or a link that set the
 * password): the session cookie, a new device cookie — made after the
 * job, as its key may need the writer — and {user, csrf_token}. */
static void
answer_login(struct hd_req *r, struct hd_resp *w, const struct app_session *s)
{
	if (hd_device_cookie_new(
		r->rd, s->user.email, w->cookie2, sizeof(w->cookie2)) != HD_OK)
		w->cookie2[0] = '\0'; /* the login works without one */
	answer_session(w, &s->user, s->token, s->csrf, 200);
}

/* Answers 429 for a refused attempt: wait retry seconds. */
static void
too_many(struct hd_resp *w, int64_t retry, const char *what)
{
	hd_resp_err(w, HD_ERATE, NULL, "too many %s: try again in %lld seconds",
	    what, (long long)retry);
	w->retry_after = (int)retry;
}

/*
 * Answers 409 org_required: the password fits accounts of the
 * organisations l->org_ids. Only those are named — whoever sent the
 * password has each of them.
 */
static void
which_org(struct hd_req *r, struct hd_resp *w, const struct app_login *l)
{
	json_t *orgs = json_array(), *err;
	enum hd_status st = HD_OK;
	char name[256];

	for (size_t i = 0; orgs != NULL && st == HD_OK && i < l->n_orgs; i++)
		if ((st = store_org_name(
			 r->rd, l->org_ids[i], name, sizeof(name))) == HD_OK)
			json_array_append_new(
			    orgs, json_pack("{s:I,s:s}", "id",
				      (json_int_t)l->org_ids[i], "name", name));
	if (st != HD_OK) {
		json_decref(orgs);
		hd_resp_err(w, st, NULL, "login is not possible right now");
		return;
	}
	hd_resp_err(w, HD_EAMBIGUOUS, "org",
	    "this login exists in several organisations: send org");
	err = w->json ? json_object_get(w->json, "error") : NULL;
	if (err == NULL || orgs == NULL ||
	    json_object_set_new(err, "orgs", orgs) != 0)
		hd_resp_err(w, HD_ENOMEM, NULL, "out of memory");
}

/*
 * POST /session {email, password, org?}. Without org, the account is the
 * one of the address whose password matches; when it matches accounts
 * in several organisations, 409 org_required names them. See
 * docs/operations.md, "Logins and organisations".
 */
void
h_session_create(struct hd_req *r, struct hd_resp *w)
{
	const char *email, *password;
	struct app_login_try t;
	struct app_session s;
	struct app_login l;
	enum hd_status st;
	int64_t org;

	if (!hd_in_text(r, w, "email", HD_MAX_EMAIL, false, &email) ||
	    !hd_in_text(r, w, "password", HD_MAX_PASSWORD, false, &password) ||
	    !hd_in_id(r, w, "org", false, &org))
		return;
	st = hd_login_try_init(r, email, &t);
	if (st == HD_OK)
		st = app_login(r->rd, &t, email, password, org, &l, &s);
	if (st == HD_OK)
		answer_login(r, w, &s);
	else if (st == HD_ERATE)
		too_many(w, l.retry_after, "failed logins");
	else if (st == HD_EUNAUTH)
		hd_resp_err(
		    w, HD_EUNAUTH, NULL, "e-mail address or password is wrong");
	else if (st == HD_EAMBIGUOUS)
		which_org(r, w, &l);
	else
		hd_resp_err(w, st, NULL, "login is not possible right now");
}

void
h_session_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;

	if (r->auth.via_cookie) {
		if ((st = app_session_close(r->auth.session_id)) != HD_OK) {
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
		    json_pack("{s:o,s:s}", "user", user_json(&r->auth, &u),
			"csrf_token", r->auth.csrf));
	else
		hd_resp_json(w, 200,
		    json_pack("{s:o}", "user", user_json(&r->auth, &u)));
}

void
h_me_patch(struct hd_req *r, struct hd_resp *w)
{
	json_t *v = json_object_get(r->body, "locale");
	enum hd_status st;

	if (!json_is_string(v) ||
	    (strcmp(json_string_value(v), "de") != 0 &&
		strcmp(json_string_value(v), "en") != 0)) {
		hd_resp_err(w, HD_EINVAL, "locale", "locale must be de or en");
		return;
	}
	st = app_account_locale_set(r->auth.user_id, json_string_value(v));
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "could not save the locale");
		return;
	}
	h_me(r, w);
}

/* Consumes a token of purpose and sets the new password; answers like a
 * login on success. */
static void
set_password_with_token(
    struct hd_req *r, struct hd_resp *w, const char *purpose)
{
	const char *token, *password;
	struct app_session s;
	enum hd_status st;

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
	if ((st = app_password_set(purpose, token, password, &s)) != HD_OK) {
		hd_resp_err(w, st, "token", "%s",
		    st == HD_EBADTOKEN ? "this link is not valid"
		    : st == HD_EGONE   ? "this link was already used or has "
					 "expired"
				       : "could not set the password");
		return;
	}
	/* The link logs in on this device: a device cookie as a login's
	 * (its key may need the writer: after the job). */
	if (hd_device_cookie_new(
		r->rd, s.user.email, w->cookie2, sizeof(w->cookie2)) != HD_OK)
		w->cookie2[0] = '\0';
	answer_session(w, &s.user, s.token, s.csrf, 200);
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

/*
 * POST /password-reset {email, org?}: one mail per account of the
 * address (each names its organisation), HD_RESET_MAILS rounds, then
 * slower; 202 whatever happens next, 429 for a client over
 * HD_RESET_LIMIT_IP requests an hour (app/account.h).
 */
void
h_password_reset(struct hd_req *r, struct hd_resp *w)
{
	struct hd_client client;
	const char *email;
	enum hd_status st;
	int64_t org, retry = 0;

	if (!hd_in_text(r, w, "email", HD_MAX_EMAIL, false, &email) ||
	    !hd_in_id(r, w, "org", false, &org))
		return;
	hd_client_of(r, &client);
	st = app_password_reset_request(client.ip, email, org, &retry);
	if (st == HD_ERATE) {
		too_many(w, retry, "password reset requests");
		return;
	}
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "could not send the reset mail");
		return;
	}
	hd_resp_json(w, 202, json_pack("{s:s}", "status", "accepted"));
}
