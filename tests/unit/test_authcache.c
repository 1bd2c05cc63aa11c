/* SPDX-License-Identifier: MIT */
/*
 * The credential cache (src/app/authcache.c): it answers only for the
 * same token hash and kind, at the same auth epoch, before the session's
 * expiry and within its TTL.
 */
#include "app/authcache.h"
#include "util/rand.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define NOW 1800000000 /* Unix seconds */
#define MONO 5000000   /* hd_mono_ms */

static char hash[HD_HASH_MAX];

static int
setup(void **state)
{
	(void)state;
	app_authcache_clear();
	hd_token_hash("a-session-token-of-frau-huber", hash);
	return 0;
}

static void
session(struct hd_auth *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = HD_EMPLOYEE;
	a->user_id = 7;
	a->org_id = 1;
	a->is_admin = true;
	a->via_cookie = true;
	a->session_id = 42;
	hd_strlcpy(a->name, "Frau Huber", sizeof(a->name));
	hd_strlcpy(a->csrf, "csrf-of-session-42", sizeof(a->csrf));
}

static void
a_stored_credential_is_found_again_with_every_field(void **state)
{
	struct hd_auth a, got;

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 3600, MONO, &a);
	memset(&got, 0, sizeof(got));
	assert_true(app_authcache_get(hash, true, 3, NOW, MONO + 10, &got));
	assert_int_equal(got.kind, HD_EMPLOYEE);
	assert_int_equal(got.user_id, 7);
	assert_int_equal(got.org_id, 1);
	assert_true(got.is_admin);
	assert_true(got.via_cookie);
	assert_int_equal(got.session_id, 42);
	assert_string_equal(got.name, "Frau Huber");
	assert_string_equal(got.csrf, "csrf-of-session-42");
}

static void
nothing_is_found_in_an_empty_cache(void **state)
{
	struct hd_auth got;

	(void)state;
	assert_false(app_authcache_get(hash, true, 0, NOW, MONO, &got));
	assert_false(app_authcache_get(hash, false, 0, NOW, MONO, &got));
}

static void
an_entry_of_an_older_epoch_is_not_answered(void **state)
{
	struct hd_auth a, got;

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 3600, MONO, &a);
	assert_false(app_authcache_get(hash, true, 4, NOW, MONO + 10, &got));
	/* Nor one from a later epoch (epochs only grow; be strict). */
	assert_false(app_authcache_get(hash, true, 2, NOW, MONO + 10, &got));
}

static void
a_session_is_not_answered_at_or_after_its_expiry(void **state)
{
	struct hd_auth a, got;

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 1, MONO, &a);
	assert_true(app_authcache_get(hash, true, 3, NOW, MONO, &got));
	assert_false(app_authcache_get(hash, true, 3, NOW + 1, MONO, &got));
	assert_false(app_authcache_get(hash, true, 3, NOW + 2, MONO, &got));
}

static void
an_entry_older_than_the_ttl_is_not_answered(void **state)
{
	struct hd_auth a, got;

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 3600, MONO, &a);
	assert_true(app_authcache_get(
	    hash, true, 3, NOW, MONO + HD_AUTHCACHE_TTL_MS - 1, &got));
	assert_false(app_authcache_get(
	    hash, true, 3, NOW, MONO + HD_AUTHCACHE_TTL_MS, &got));
}

static void
another_hash_is_a_miss_even_in_the_same_bucket(void **state)
{
	struct hd_auth a, got;
	char other[HD_HASH_MAX];

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 3600, MONO, &a);
	/* Same leading digits (so the same bucket), different ending. */
	memcpy(other, hash, sizeof(other));
	other[HD_HASH_MAX - 2] = other[HD_HASH_MAX - 2] == '0' ? '1' : '0';
	assert_false(app_authcache_get(other, true, 3, NOW, MONO, &got));
	hd_token_hash("another-token", other);
	assert_false(app_authcache_get(other, true, 3, NOW, MONO, &got));
	/* A prefix of the hash is no hash. */
	memcpy(other, hash, 20);
	other[20] = '\0';
	assert_false(app_authcache_get(other, true, 3, NOW, MONO, &got));
}

static void
a_session_token_sent_as_bearer_token_is_not_answered(void **state)
{
	struct hd_auth a, got;

	(void)state;
	session(&a);
	app_authcache_put(hash, true, 3, NOW + 3600, MONO, &a);
	assert_false(app_authcache_get(hash, false, 3, NOW, MONO, &got));

	/* And the other way round. */
	app_authcache_clear();
	a.via_cookie = false;
	a.csrf[0] = '\0';
	app_authcache_put(hash, false, 3, INT64_MAX, MONO, &a);
	assert_false(app_authcache_get(hash, true, 3, NOW, MONO, &got));
	assert_true(app_authcache_get(hash, false, 3, NOW, MONO, &got));
	assert_false(got.via_cookie);
}

/* Four credentials whose hashes share the leading digits all stay; a
 * fifth replaces the one stored longest ago. */
static void
a_fifth_colliding_entry_replaces_the_oldest(void **state)
{
	struct hd_auth a, got;
	char h[5][HD_HASH_MAX];
	int i;

	(void)state;
	session(&a);
	for (i = 0; i < 5; i++) {
		memcpy(h[i], hash, HD_HASH_MAX);
		h[i][HD_HASH_MAX - 2] = (char)('a' + i);
		a.user_id = 100 + i;
		app_authcache_put(h[i], true, 3, NOW + 3600, MONO + i, &a);
		if (i == 3)
			for (int k = 0; k < 4; k++) {
				assert_true(app_authcache_get(
				    h[k], true, 3, NOW, MONO + 5, &got));
				assert_int_equal(got.user_id, 100 + k);
			}
	}
	assert_false(app_authcache_get(h[0], true, 3, NOW, MONO + 5, &got));
	for (i = 1; i < 5; i++) {
		assert_true(
		    app_authcache_get(h[i], true, 3, NOW, MONO + 5, &got));
		assert_int_equal(got.user_id, 100 + i);
	}
	/* Storing a key again takes its own slot, not another's. */
	a.user_id = 200;
	app_authcache_put(h[1], true, 3, NOW + 3600, MONO + 6, &a);
	for (i = 1; i < 5; i++)
		assert_true(
		    app_authcache_get(h[i], true, 3, NOW, MONO + 6, &got));
	assert_true(app_authcache_get(h[1], true, 3, NOW, MONO + 6, &got));
	assert_int_equal(got.user_id, 200);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(a_stored_credential_is_found_again_with_every_field),
	    T(nothing_is_found_in_an_empty_cache),
	    T(an_entry_of_an_older_epoch_is_not_answered),
	    T(a_session_is_not_answered_at_or_after_its_expiry),
	    T(an_entry_older_than_the_ttl_is_not_answered),
	    T(another_hash_is_a_miss_even_in_the_same_bucket),
	    T(a_session_token_sent_as_bearer_token_is_not_answered),
	    T(a_fifth_colliding_entry_replaces_the_oldest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
