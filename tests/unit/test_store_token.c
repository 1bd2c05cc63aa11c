/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the store: sessions, API tokens and one-time user tokens.
 */
#include "store_fx.h"

/* ---- token: sessions and user tokens ----------------------------------- */

static int64_t
one_employee(struct fx *f)
{
	int64_t id = 0;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Huber",
			     "huber@abc.example", false, &id),
	    HD_OK);
	return id;
}

static void
session_lookup_finds_a_live_session(void **state)
{
	struct fx *f = *state;
	char tok[HD_TOKEN_MAX], hash[HD_HASH_MAX], csrf[HD_TOKEN_MAX];
	char got_csrf[HD_TOKEN_MAX];
	struct store_user u;
	int64_t uid = one_employee(f), sid = 0, now = hd_now(), exp = 0;

	hd_token_new(tok);
	hd_token_hash(tok, hash);
	hd_token_new(csrf);
	assert_int_equal(
	    store_session_create(f->c, uid, hash, csrf, now + HD_SESSION_TTL),
	    HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, got_csrf, &exp),
	    HD_OK);
	assert_int_equal(u.id, uid);
	assert_int_equal(u.org_id, 1);
	assert_true(sid > 0);
	assert_string_equal(got_csrf, csrf);
	assert_int_equal(exp, now + HD_SESSION_TTL);
	/* The raw token is never what is stored. */
	assert_int_equal(
	    store_session_lookup(f->c, tok, now, &u, &sid, got_csrf, NULL),
	    HD_EUNAUTH);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM sessions WHERE "
			     "token_hash = '%s'",
			     tok),
	    0);
}

static void
session_lookup_rejects_expired_unknown_and_deleted(void **state)
{
	struct fx *f = *state;
	char hash[HD_HASH_MAX], csrf[HD_TOKEN_MAX];
	struct store_user u;
	int64_t uid = one_employee(f), sid = 0, now = hd_now();

	hd_token_hash("session-token-1", hash);
	assert_int_equal(
	    store_session_create(f->c, uid, hash, "csrf-1", now + 60), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now + 59, &u, &sid, csrf, NULL),
	    HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now + 60, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now + 3600, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);
	assert_int_equal(store_session_lookup(f->c,
			     "0000000000000000000000000000000000000000000000000"
			     "000000000000000",
			     now, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, csrf, NULL), HD_OK);
	assert_int_equal(store_session_delete(f->c, sid), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);

	hd_token_hash("session-token-2", hash);
	assert_int_equal(
	    store_session_create(f->c, uid, hash, "csrf-2", now + 60), HD_OK);
	assert_int_equal(store_session_delete_user(f->c, uid), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);
}

static void
session_of_deactivated_user_is_unauthenticated(void **state)
{
	struct fx *f = *state;
	const bool no = false, yes = true;
	char hash[HD_HASH_MAX], csrf[HD_TOKEN_MAX];
	struct store_user u;
	int64_t uid = one_employee(f), sid = 0, now = hd_now();

	hd_token_hash("session-token", hash);
	assert_int_equal(
	    store_session_create(f->c, uid, hash, "csrf", now + 60), HD_OK);
	assert_int_equal(
	    store_employee_update(f->c, 1, uid, NULL, NULL, &no), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, csrf, NULL),
	    HD_EUNAUTH);
	assert_int_equal(
	    store_employee_update(f->c, 1, uid, NULL, NULL, &yes), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, hash, now, &u, &sid, csrf, NULL), HD_OK);
}

static void
api_token_of_deactivated_user_is_unauthenticated(void **state)
{
	struct fx *f = *state;
	const bool no = false;
	char hash[HD_HASH_MAX];
	struct store_user u;
	int64_t uid = one_employee(f), id = 0;

	hd_token_hash("api-token", hash);
	assert_int_equal(store_apitoken_create(
			     f->c, 1, uid, "ERP-Import", hash, 0, NULL, &id),
	    HD_OK);
	assert_true(id > 0);
	assert_int_equal(
	    store_apitoken_lookup(f->c, hash, 0, &u, NULL, NULL, NULL), HD_OK);
	assert_int_equal(u.id, uid);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "nope", 0, &u, NULL, NULL, NULL),
	    HD_EUNAUTH);
	assert_int_equal(
	    store_employee_update(f->c, 1, uid, NULL, NULL, &no), HD_OK);
	assert_int_equal(
	    store_apitoken_lookup(f->c, hash, 0, &u, NULL, NULL, NULL),
	    HD_EUNAUTH);
}

/* Issues an invitation or reset token in its own transaction: creating
 * one also voids the earlier ones. */
static enum hd_status
issue_token(struct fx *f, int64_t uid, const char *purpose, const char *hash,
    int64_t expires_at)
{
	enum hd_status st;

	assert_int_equal(db_begin(f->c), HD_OK);
	st = store_usertoken_create(f->c, uid, purpose, hash, expires_at);
	if (st == HD_OK)
		st = db_commit(f->c);
	else
		db_rollback(f->c);
	return st;
}

static void
usertoken_is_consumed_once(void **state)
{
	struct fx *f = *state;
	char hash[HD_HASH_MAX];
	int64_t uid = one_employee(f), got = 0, now = hd_now();

	hd_token_hash("invite-1", hash);
	assert_int_equal(
	    issue_token(f, uid, "invite", hash, now + HD_INVITE_TTL), HD_OK);
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", hash, now, &got), HD_OK);
	assert_int_equal(got, uid);
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", hash, now, &got), HD_EGONE);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM user_tokens WHERE used_at "
		     "IS NOT NULL"),
	    1);
}

static void
usertoken_unknown_or_wrong_purpose_is_bad_token(void **state)
{
	struct fx *f = *state;
	char hash[HD_HASH_MAX], other[HD_HASH_MAX];
	int64_t uid = one_employee(f), got = 0, now = hd_now();

	hd_token_hash("invite-1", hash);
	hd_token_hash("never-issued", other);
	assert_int_equal(
	    issue_token(f, uid, "invite", hash, now + HD_INVITE_TTL), HD_OK);
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", other, now, &got),
	    HD_EBADTOKEN);
	/* An invitation does not reset a password. */
	assert_int_equal(
	    store_usertoken_consume(f->c, "reset", hash, now, &got),
	    HD_EBADTOKEN);
	/* Neither attempt used the token up. */
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", hash, now, &got), HD_OK);
}

static void
usertoken_expired_is_gone(void **state)
{
	struct fx *f = *state;
	char hash[HD_HASH_MAX];
	int64_t uid = one_employee(f), got = 0, now = hd_now();

	hd_token_hash("reset-1", hash);
	assert_int_equal(
	    issue_token(f, uid, "reset", hash, now + HD_RESET_TTL), HD_OK);
	assert_int_equal(store_usertoken_consume(
			     f->c, "reset", hash, now + HD_RESET_TTL, &got),
	    HD_EGONE);
	assert_int_equal(store_usertoken_consume(
			     f->c, "reset", hash, now + 7 * 24 * 3600, &got),
	    HD_EGONE);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM user_tokens WHERE used_at IS NULL"),
	    1);
}

static void
new_usertoken_voids_the_old_one_of_the_same_purpose(void **state)
{
	struct fx *f = *state;
	char old[HD_HASH_MAX], fresh[HD_HASH_MAX], reset[HD_HASH_MAX];
	int64_t uid = one_employee(f), got = 0, now = hd_now();

	hd_token_hash("invite-old", old);
	hd_token_hash("invite-new", fresh);
	hd_token_hash("reset", reset);
	assert_int_equal(
	    issue_token(f, uid, "invite", old, now + HD_INVITE_TTL), HD_OK);
	assert_int_equal(
	    issue_token(f, uid, "reset", reset, now + HD_RESET_TTL), HD_OK);
	assert_int_equal(
	    issue_token(f, uid, "invite", fresh, now + HD_INVITE_TTL), HD_OK);
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", old, now, &got), HD_EGONE);
	assert_int_equal(
	    store_usertoken_consume(f->c, "invite", fresh, now, &got), HD_OK);
	assert_int_equal(got, uid);
	/* The reset token of the same user was not touched. */
	assert_int_equal(
	    store_usertoken_consume(f->c, "reset", reset, now, &got), HD_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(session_lookup_finds_a_live_session),
	    T(session_lookup_rejects_expired_unknown_and_deleted),
	    T(session_of_deactivated_user_is_unauthenticated),
	    T(api_token_of_deactivated_user_is_unauthenticated),
	    T(usertoken_is_consumed_once),
	    T(usertoken_unknown_or_wrong_purpose_is_bad_token),
	    T(usertoken_expired_is_gone),
	    T(new_usertoken_voids_the_old_one_of_the_same_purpose),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
