/* SPDX-License-Identifier: MIT */
/*
 * Accounts (issue 10): the migration to logins per organisation, the
 * throttle counters and their rules, client addresses and networks, API
 * token expiry, listing and revocation, and RFC 3339 parsing. Each test
 * gets a fresh database file in its own temporary directory.
 */
#include "db/db.h"
#include "db/migrate.h"
#include "http/throttle.h"
#include "store/throttle.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* The embedded migrations (scripts/embed-dir.py). */
extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

static int
setup_empty(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-acct-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/h.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	struct fx *f;

	if (setup_empty(state) != 0)
		return -1;
	f = *state;
	return db_migrate(f->c) == HD_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[256];

	db_close(f->c);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
sql(struct fx *f, const char *text)
{
	/* The database layer logs SQLite's message. */
	if (db_script(f->c, text) != HD_OK)
		fail_msg("SQL failed: %s", text);
}

static int64_t
q_int(struct fx *f, const char *text)
{
	int64_t v = -1;

	assert_int_equal(db_scalar(f->c, &v, text, ""), HD_OK);
	return v;
}

/* ---- migration 008: logins per organisation -------------------------- */

static struct db_migration plan[64];
static size_t n_plan;

/* Index in plan (SQLite's migrations, in order) of the migration named
 * name, or fails. */
static size_t
migration_index(const char *name)
{
	assert_true(hd_migrations_count < 64);
	assert_int_equal(db_migrations_plan(hd_migrations, hd_migrations_count,
			     "sqlite", plan, &n_plan),
	    HD_OK);
	for (size_t i = 0; i < n_plan; i++) {
		const char *base = strrchr(plan[i].file->name, '/');

		if (strcmp(base ? base + 1 : plan[i].file->name, name) == 0)
			return i;
	}
	fail_msg("no migration %s", name);
	return 0;
}

static void
migration_makes_logins_unique_per_org_and_keeps_every_reference(void **state)
{
	struct fx *f = *state;
	size_t upto = migration_index("008_accounts.sql");

	/* A database of the version before, with data pointing at users:
	 * as the binaries before migrations had dialects recorded them. */
	sql(f, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
	       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
	for (size_t i = 0; i < upto; i++) {
		const char *base = strrchr(plan[i].file->name, '/');
		char row[256];

		sql(f, plan[i].file->data);
		snprintf(row, sizeof(row),
		    "INSERT INTO schema_version VALUES (%lld, '%s', 0)",
		    (long long)plan[i].version,
		    base ? base + 1 : plan[i].file->name);
		sql(f, row);
	}
	sql(f, "INSERT INTO orgs(id, name, created_at) VALUES "
	       "(1, 'ABC', 0), (2, 'XYZ', 0);"
	       "INSERT INTO users(id, org_id, kind, name, email, "
	       "password_hash, created_at) VALUES "
	       "(7, 1, 'employee', 'Frau Huber', 'huber@abc.example', 'h', 0),"
	       "(9, 1, 'contact', 'Herr Müller', 'mueller@example.org', "
	       "NULL, 0);"
	       "INSERT INTO sessions(token_hash, user_id, csrf_token, "
	       "created_at, expires_at) VALUES ('s', 7, 'c', 0, 1);"
	       "INSERT INTO api_tokens(org_id, user_id, name, token_hash, "
	       "created_at) VALUES (1, 7, 'ERP', 't', 0);"
	       "INSERT INTO user_tokens(user_id, purpose, token_hash, "
	       "expires_at) VALUES (9, 'invite', 'u', 1);");
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(q_int(f, "SELECT max(version) FROM schema_version"),
	    plan[n_plan - 1].version);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM schema_version"), (int64_t)n_plan);
	/* Same ids, same rows, every reference intact, keys on again. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 2);
	assert_int_equal(
	    q_int(f, "SELECT id FROM users WHERE email = 'HUBER@abc.example'"),
	    7);
	assert_int_equal(q_int(f, "SELECT id FROM users WHERE lower(email) = "
				  "lower('HUBER@abc.example')"),
	    7);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(q_int(f, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM sessions s JOIN users "
				  "u ON u.id = s.user_id"),
	    1);
	/* The address again in another organisation: fine; in the same
	 * one, in another letter case: a conflict. */
	assert_int_equal(db_exec(f->c,
			     "INSERT INTO users(org_id, kind, name, email, "
			     "created_at) VALUES (2, 'contact', 'Frau H', "
			     "'Huber@ABC.example', 0)",
			     ""),
	    HD_OK);
	assert_int_equal(db_exec(f->c,
			     "INSERT INTO users(org_id, kind, name, email, "
			     "created_at) VALUES (1, 'contact', 'Frau H', "
			     "'HUBER@abc.example', 0)",
			     ""),
	    HD_ECONFLICT);
	/* Users still refuse an organisation that does not exist. */
	assert_int_not_equal(db_exec(f->c,
				 "INSERT INTO users(org_id, kind, name, "
				 "created_at) VALUES (99, 'contact', 'X', 0)",
				 ""),
	    HD_OK);
}

static void
accounts_of_an_address_by_org_and_password(void **state)
{
	struct fx *f = *state;
	struct store_user u[STORE_USER_ADDRESS_MAX];
	size_t n = 99;

	sql(f, "INSERT INTO orgs(id, name, created_at) VALUES "
	       "(1, 'ABC', 0), (2, 'XYZ', 0), (3, 'QRS', 0);"
	       "INSERT INTO users(id, org_id, kind, name, email, "
	       "password_hash, active, created_at) VALUES "
	       "(5, 2, 'contact', 'B', 'mieter@example.org', 'hb', 1, 0),"
	       "(4, 1, 'contact', 'A', 'Mieter@Example.org', 'ha', 1, 0),"
	       "(6, 3, 'contact', 'C', 'mieter@example.org', NULL, 1, 0),"
	       "(8, 1, 'contact', 'D', 'other@example.org', 'hd', 1, 0)");
	assert_int_equal(store_user_by_address(f->c, "MIETER@example.org", 0,
			     false, u, STORE_USER_ADDRESS_MAX, &n),
	    HD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(u[0].id, 4);
	assert_int_equal(u[1].id, 5);
	assert_int_equal(u[2].id, 6);
	assert_int_equal(store_user_by_address(f->c, "mieter@example.org", 0,
			     true, u, STORE_USER_ADDRESS_MAX, &n),
	    HD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_user_by_address(f->c, "mieter@example.org", 2,
			     true, u, STORE_USER_ADDRESS_MAX, &n),
	    HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(u[0].org_id, 2);
	assert_string_equal(u[0].password_hash, "hb");
	assert_int_equal(store_user_by_address(
			     f->c, "mieter@example.org", 1, false, u, 1, &n),
	    HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_user_by_address(f->c, "nobody@example.org", 0,
			     false, u, STORE_USER_ADDRESS_MAX, &n),
	    HD_OK);
	assert_int_equal(n, 0);
}

/* ---- throttle counters ------------------------------------------------- */

static const struct store_throttle_rule rule = {3, 10, 40, 100};

/* Counts one event of key at now in a transaction of its own. */
static void
hit_at(struct fx *f, const char *key, int64_t now)
{
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_throttle_hit(f->c, key, &rule, now), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
}

static int64_t
wait_at(struct fx *f, const char *key, int64_t now, int64_t *count)
{
	int64_t retry = -1, c = -1;

	assert_int_equal(
	    store_throttle_get(f->c, key, &rule, now, &c, &retry), HD_OK);
	if (count != NULL)
		*count = c;
	return retry;
}

static void
throttle_slows_down_doubling_up_to_the_longest_delay(void **state)
{
	struct fx *f = *state;
	int64_t count;

	assert_int_equal(wait_at(f, "k", 1000, &count), 0);
	assert_int_equal(count, 0);
	hit_at(f, "k", 1000);
	hit_at(f, "k", 1001);
	assert_int_equal(wait_at(f, "k", 1001, &count), 0);
	assert_int_equal(count, 2);
	hit_at(f, "k", 1002); /* the limit: wait the first delay */
	assert_int_equal(wait_at(f, "k", 1002, NULL), 10);
	assert_int_equal(wait_at(f, "k", 1011, NULL), 1);
	assert_int_equal(wait_at(f, "k", 1012, NULL), 0);
	hit_at(f, "k", 1012);
	assert_int_equal(wait_at(f, "k", 1012, NULL), 20);
	hit_at(f, "k", 1032);
	assert_int_equal(wait_at(f, "k", 1032, NULL), 40);
	hit_at(f, "k", 1072);
	assert_int_equal(wait_at(f, "k", 1072, &count), 40); /* the most */
	assert_int_equal(count, 6);
	/* A quiet time after the last delay starts the count anew. */
	assert_int_equal(wait_at(f, "k", 1072 + 101, &count), 0);
	assert_int_equal(count, 0);
	hit_at(f, "k", 1072 + 101);
	assert_int_equal(wait_at(f, "k", 1072 + 101, &count), 0);
	assert_int_equal(count, 1);
	/* A key that counted nothing for a day goes; one refusing stays. */
	hit_at(f, "recent", 100000);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_throttle_prune(f->c, 1072 + 101 + 86401), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM throttle"), 1);
}

static void
throttle_keeps_a_refused_key_whatever_else_is_counted(void **state)
{
	struct fx *f = *state;
	char key[64];

	for (int i = 0; i < 3; i++)
		hit_at(f, "login:acct:victim@abc.example", 5000);
	assert_true(
	    wait_at(f, "login:acct:victim@abc.example", 5001, NULL) > 0);
	/* Thousands of other keys — what pushed the victim out of the old
	 * in-memory table's window of 8 — change nothing. */
	assert_int_equal(db_begin(f->c), HD_OK);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "login:acct:a%d@abc.example", i);
		assert_int_equal(
		    store_throttle_hit(f->c, key, &rule, 5001), HD_OK);
	}
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(
	    wait_at(f, "login:acct:victim@abc.example", 5001, NULL), 9);
}

static void
server_key_is_made_once(void **state)
{
	struct fx *f = *state;
	char buf[80];

	assert_int_equal(
	    store_server_key_get(f->c, "k", buf, sizeof(buf)), HD_ENOTFOUND);
	assert_int_equal(store_server_key_put(f->c, "k", "first"), HD_OK);
	assert_int_equal(store_server_key_put(f->c, "k", "second"), HD_OK);
	assert_int_equal(
	    store_server_key_get(f->c, "k", buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, "first");
}

/* ---- client addresses ---------------------------------------------------- */

static void
client_of_text(const char *text, const char *ip, const char *net)
{
	struct hd_client c;

	assert_true(hd_client_from_text(text, &c));
	assert_string_equal(c.ip, ip);
	assert_string_equal(c.net, net);
}

static void
clients_are_counted_per_address_and_per_24_or_64(void **state)
{
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6};
	struct sockaddr_in s4 = {.sin_family = AF_INET};
	struct hd_client c;

	(void)state;
	client_of_text("127.0.0.2", "127.0.0.2", "127.0.0.0/24");
	client_of_text("127.0.1.40", "127.0.1.40", "127.0.1.0/24");
	client_of_text("192.0.2.255", "192.0.2.255", "192.0.2.0/24");
	client_of_text("::ffff:10.1.2.3", "10.1.2.3", "10.1.2.0/24");
	client_of_text("2001:DB8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6",
	    "2001:db8:1:2::/64");
	client_of_text(
	    "2001:db8:1:2::9", "2001:db8:1:2::9", "2001:db8:1:2::/64");
	client_of_text("::1", "::1", "::/64");
	assert_false(hd_client_from_text("", &c));
	assert_false(hd_client_from_text("10.1.2", &c));
	assert_false(hd_client_from_text("10.1.2.3 ", &c));
	assert_false(hd_client_from_text("example.org", &c));

	inet_pton(AF_INET, "198.51.100.7", &s4.sin_addr);
	assert_true(hd_client_from_sockaddr((struct sockaddr *)&s4, &c));
	assert_string_equal(c.ip, "198.51.100.7");
	assert_string_equal(c.net, "198.51.100.0/24");
	inet_pton(AF_INET6, "2001:db8:aa:bb:1::2", &s6.sin6_addr);
	assert_true(hd_client_from_sockaddr((struct sockaddr *)&s6, &c));
	assert_string_equal(c.net, "2001:db8:aa:bb::/64");
	assert_false(hd_client_from_sockaddr(NULL, &c));
	assert_string_equal(c.ip, "unknown");
}

/* ---- API tokens ---------------------------------------------------------- */

static void
api_tokens_expire_list_and_are_revoked(void **state)
{
	struct fx *f = *state;
	struct store_user u;
	int64_t a = 0, b = 0, id = 0, exp = 0, next = -1;
	json_t *items = NULL, *j;

	sql(f, "INSERT INTO orgs(id, name, created_at) VALUES "
	       "(1, 'ABC', 0), (2, 'XYZ', 0);"
	       "INSERT INTO users(id, org_id, kind, name, email, is_admin, "
	       "created_at) VALUES (7, 1, 'employee', 'Frau Admin', "
	       "'a@abc.example', 1, 0), (8, 2, 'employee', 'Herr X', "
	       "'x@xyz.example', 1, 0)");
	assert_int_equal(
	    store_apitoken_create(f->c, 1, 7, "ERP", "ha", 0, NULL, &a), HD_OK);
	assert_int_equal(
	    store_apitoken_create(f->c, 1, 7, "Kurz", "hb", 2000, NULL, &b),
	    HD_OK);
	/* Without expiry: INT64_MAX; with: until then, not after. */
	assert_int_equal(
	    store_apitoken_lookup(f->c, "ha", 1999, &u, &id, &exp, NULL),
	    HD_OK);
	assert_int_equal(id, a);
	assert_true(exp == INT64_MAX);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "hb", 1999, &u, &id, &exp, NULL),
	    HD_OK);
	assert_int_equal(id, b);
	assert_int_equal(exp, 2000);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "hb", 2000, &u, NULL, NULL, NULL),
	    HD_EUNAUTH);
	/* Last used: only the latest time stays; a revoked token is
	 * skipped, not an error. */
	assert_int_equal(store_apitoken_touch(f->c, a, 1500), HD_OK);
	assert_int_equal(store_apitoken_touch(f->c, a, 1400), HD_OK);
	assert_int_equal(store_apitoken_touch(f->c, 999, 1500), HD_OK);
	assert_int_equal(
	    store_apitoken_list(f->c, 1, 0, 1, &next, &items), HD_OK);
	assert_non_null(items);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, a);
	j = json_array_get(items, 0);
	assert_string_equal(
	    json_string_value(json_object_get(j, "name")), "ERP");
	assert_string_equal(
	    json_string_value(json_object_get(j, "last_used_at")),
	    "1970-01-01T00:25:00Z");
	assert_true(json_is_null(json_object_get(j, "expires_at")));
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(j, "user"), "name")),
	    "Frau Admin");
	assert_null(json_object_get(j, "token_hash"));
	json_decref(items);
	assert_int_equal(
	    store_apitoken_list(f->c, 2, 0, 50, &next, &items), HD_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	/* Another organisation cannot revoke it; its own can. */
	assert_int_equal(store_apitoken_delete(f->c, 2, a), HD_ENOTFOUND);
	assert_int_equal(store_apitoken_delete(f->c, 1, a), HD_OK);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "ha", 0, &u, NULL, NULL, NULL),
	    HD_EUNAUTH);
	assert_int_equal(q_int(f, "SELECT count(*) FROM api_token_use"), 0);
	assert_int_equal(store_apitoken_delete_user(f->c, 7), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM api_tokens"), 0);
}

/* ---- RFC 3339 ------------------------------------------------------------ */

static void
times_are_parsed_as_rfc_3339(void **state)
{
	char buf[HD_TIME_MAX];
	int64_t t = 0;

	(void)state;
	assert_true(hd_time_parse("2026-11-27T08:00:00Z", &t));
	hd_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T08:00:00Z");
	assert_true(hd_time_parse("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(hd_time_parse("2024-02-29t23:59:59.999z", &t));
	hd_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2024-02-29T23:59:59Z");
	assert_true(hd_time_parse("2026-11-27T09:30:00+01:30", &t));
	hd_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T08:00:00Z");
	assert_true(hd_time_parse("2026-11-27T07:00:00-01:00", &t));
	hd_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T08:00:00Z");
	assert_false(hd_time_parse("2023-02-29T00:00:00Z", &t));
	assert_false(hd_time_parse("2026-13-01T00:00:00Z", &t));
	assert_false(hd_time_parse("2026-11-27 08:00:00Z", &t));
	assert_false(hd_time_parse("2026-11-27T08:00:00", &t));
	assert_false(hd_time_parse("2026-11-27T08:00:00+0100", &t));
	assert_false(hd_time_parse("2026-11-27T24:00:00Z", &t));
	assert_false(hd_time_parse("1969-12-31T23:59:59Z", &t));
	assert_false(hd_time_parse("2026-11-27", &t));
	assert_false(hd_time_parse("", &t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		migration_makes_logins_unique_per_org_and_keeps_every_reference,
		setup_empty, teardown),
	    cmocka_unit_test_setup_teardown(
		accounts_of_an_address_by_org_and_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		throttle_slows_down_doubling_up_to_the_longest_delay, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		throttle_keeps_a_refused_key_whatever_else_is_counted, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		server_key_is_made_once, setup, teardown),
	    cmocka_unit_test(clients_are_counted_per_address_and_per_24_or_64),
	    cmocka_unit_test_setup_teardown(
		api_tokens_expire_list_and_are_revoked, setup, teardown),
	    cmocka_unit_test(times_are_parsed_as_rfc_3339),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
