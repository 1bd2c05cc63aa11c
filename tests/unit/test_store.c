/* SPDX-License-Identifier: MIT */
/*
 * The store against a real SQLite file: every test gets a fresh database
 * in its own temporary directory, migrated, and removed afterwards.
 */
#include "app/notify.h"
#include "app/process.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db_sqlite_h.h"
#include "store/outbox.h"
#include "store/process.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"
#include "util/str.h"

#include <dirent.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

/* The migrations SQLite applies (top and sqlite/), and the last one's
 * version. */
static int64_t
sqlite_migrations(int64_t *last)
{
	struct db_migration plan[64];
	size_t n = 0;

	assert_true(hd_migrations_count < 64);
	assert_int_equal(db_migrations_plan(hd_migrations, hd_migrations_count,
			     "sqlite", plan, &n),
	    HD_OK);
	assert_true(n >= 1);
	*last = plan[n - 1].version;
	return (int64_t)n;
}

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

/* ---- fixture ----------------------------------------------------------- */

/* Milliseconds until the next mail is due (store_outbox_next_due). */
static int64_t
next_due(struct db_conn *c, int64_t now_ms)
{
	int64_t ms = -2;

	assert_int_equal(store_outbox_next_due(c, now_ms, &ms), HD_OK);
	return ms;
}

static void
remove_dir(const char *dir)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-store-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK) {
		db_close(f->c);
		remove_dir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	remove_dir(f->dir);
	free(f);
	return 0;
}

/* Runs a test-only SQL script on the connection. */
static void
exec_sql(struct fx *f, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(test_sqlite(f->c), sql, NULL, NULL, &err) !=
	    SQLITE_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", err ? err : "?");
		sqlite3_free(err);
		fail_msg("SQL failed: %s", msg);
	}
}

static sqlite3_stmt *
q_prepare(struct fx *f, const char *fmt, va_list ap)
{
	char sql[2048];
	sqlite3_stmt *st = NULL;

	vsnprintf(sql, sizeof(sql), fmt, ap);
	if (sqlite3_prepare_v2(test_sqlite(f->c), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg(
		    "prepare %s: %s", sql, sqlite3_errmsg(test_sqlite(f->c)));
	return st;
}

/* The integer in the first column of the first row (-1: no row). The
 * query bypasses the store's statement cache. */
static int64_t q_int(struct fx *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int64_t
q_int(struct fx *f, const char *fmt, ...)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	va_list ap;

	va_start(ap, fmt);
	st = q_prepare(f, fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text in the first column of the first row into buf ("<no row>",
 * "<null>" otherwise); returns buf. */
static const char *q_text(struct fx *f, char *buf, size_t n, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static const char *
q_text(struct fx *f, char *buf, size_t n, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = q_prepare(f, fmt, ap);
	va_end(ap);
	hd_strlcpy(buf, "<no row>", n);
	if (sqlite3_step(st) == SQLITE_ROW)
		hd_strlcpy(buf,
		    sqlite3_column_type(st, 0) == SQLITE_NULL
			? "<null>"
			: (const char *)sqlite3_column_text(st, 0),
		    n);
	sqlite3_finalize(st);
	return buf;
}

static int64_t
count_orgs(struct fx *f)
{
	return q_int(f, "SELECT count(*) FROM orgs");
}

/* ---- db: open, migrate ------------------------------------------------- */

static void
migrate_creates_every_table(void **state)
{
	static const char *const tables[] = {
	    "schema_version",
	    "orgs",
	    "users",
	    "roles",
	    "properties",
	    "units",
	    "staff",
	    "residents",
	    "process_types",
	    "process_type_roles",
	    "process_counters",
	    "processes",
	    "process_assignees",
	    "history",
	    "comments",
	    "outbox",
	    "sessions",
	    "api_tokens",
	    "user_tokens",
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (q_int(f,
			"SELECT count(*) FROM sqlite_master WHERE type = "
			"'table' AND name = '%s'",
			tables[i]) != 1)
			fail_msg("table %s missing", tables[i]);
}

static void
open_uses_wal_and_enforces_foreign_keys(void **state)
{
	struct fx *f = *state;
	char buf[32];

	assert_string_equal(
	    q_text(f, buf, sizeof(buf), "PRAGMA journal_mode"), "wal");
	assert_int_equal(q_int(f, "PRAGMA foreign_keys"), 1);
	/* A user of an organisation that does not exist is refused. */
	assert_int_not_equal(db_exec(f->c,
				 "INSERT INTO users(org_id, kind, name, "
				 "created_at) VALUES (999, 'employee', 'X', 0)",
				 ""),
	    HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 0);
}

static void
migrate_twice_is_a_no_op_with_one_version_row_per_migration(void **state)
{
	struct fx *f = *state;
	int64_t last, n = sqlite_migrations(&last);

	exec_sql(f, "INSERT INTO orgs(name, created_at) VALUES ('ABC', 0)");
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM schema_version"), n);
	assert_int_equal(
	    q_int(f, "SELECT count(DISTINCT version) FROM schema_version"), n);
	assert_int_equal(
	    q_int(f, "SELECT max(version) FROM schema_version"), last);
	assert_int_equal(count_orgs(f), 1);
	/* And again after reopening the file. */
	db_close(f->c);
	f->c = NULL;
	assert_int_equal(db_open(f->path, 0, &f->c), HD_OK);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM schema_version"), n);
	assert_int_equal(count_orgs(f), 1);
}

/* The read pools: a GET's connection has a large cache, a changing
 * request's a small one; a returned connection is handed out next (its
 * cache is warm); each goes back to its own pool. */
static void
read_pools_hand_out_warm_connections_with_their_cache_sizes(void **state)
{
	struct fx *f = *state;
	struct db_conn *a, *b, *c;
	int64_t kib = 0;

	assert_int_equal(db_reader_set_target(f->path), HD_OK);
	a = db_reader_get(DB_POOL_READ);
	b = db_reader_get(DB_POOL_READ);
	c = db_reader_get(DB_POOL_CHANGE);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_scalar(a, &kib, "PRAGMA cache_size", ""), HD_OK);
	assert_int_equal(kib, -12000);
	assert_int_equal(db_scalar(c, &kib, "PRAGMA cache_size", ""), HD_OK);
	assert_int_equal(kib, -256);
	db_reader_put(a);
	db_reader_put(c);
	assert_ptr_equal(db_reader_get(DB_POOL_READ), a);
	assert_ptr_equal(db_reader_get(DB_POOL_CHANGE), c);
	db_reader_put(a);
	db_reader_put(b);
	db_reader_put(c);
	db_reader_close_all();
}

/* ---- db: transactions -------------------------------------------------- */

static enum hd_status
add_org(struct fx *f, const char *name)
{
	return db_exec(f->c, "INSERT INTO orgs(name, created_at) VALUES (?, 0)",
	    "t", name);
}

static int64_t
has_org(struct fx *f, const char *name)
{
	return q_int(f, "SELECT count(*) FROM orgs WHERE name = '%s'", name);
}

static void
commit_makes_work_visible_to_other_connections(void **state)
{
	struct fx *f = *state;
	struct db_conn *other;
	int64_t n = -1;

	assert_int_equal(db_open(f->path, 0, &other), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "A"), HD_OK);
	assert_int_equal(
	    db_scalar(other, &n, "SELECT count(*) FROM orgs", ""), HD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(
	    db_scalar(other, &n, "SELECT count(*) FROM orgs", ""), HD_OK);
	assert_int_equal(n, 1);
	db_close(other);
}

/* Comments and Vorgänge are created with db_insert: the id it gives is
 * the row's own, also when a trigger inserts into another table, and a
 * failing insert leaves it alone. */
static void
insert_gives_the_new_rows_id_not_a_triggers(void **state)
{
	struct fx *f = *state;
	int64_t id = -1, first = -1;

	exec_sql(f, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE);"
		    "CREATE TABLE log (id INTEGER PRIMARY KEY, v TEXT);"
		    "INSERT INTO log(id, v) VALUES (500, 'old');"
		    "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN "
		    "INSERT INTO log(v) VALUES (NEW.v); END;");
	assert_int_equal(
	    db_insert(f->c, &first, "INSERT INTO t(v) VALUES (?)", "t", "a"),
	    HD_OK);
	assert_int_equal(first, 1);
	assert_int_equal(
	    db_insert(f->c, &id, "INSERT INTO t(v) VALUES (?)", "t", "b"),
	    HD_OK);
	assert_int_equal(id, 2);
	assert_int_equal(q_int(f, "SELECT max(id) FROM log"), 502);
	id = -1;
	assert_int_equal(
	    db_insert(f->c, &id, "INSERT INTO t(v) VALUES (?)", "t", "a"),
	    HD_ECONFLICT);
	assert_int_equal(id, -1);
}

/* hd_auth_resolve relies on this: the read transaction a GET request
 * begins before it takes its snapshot only at its first read. */
static void
read_snapshot_is_taken_at_the_first_read_not_at_begin(void **state)
{
	struct fx *f = *state;
	struct db_conn *other;
	int64_t n = -1;
	bool begun;

	assert_int_equal(db_open(f->path, 0, &other), HD_OK);
	assert_false(db_snapshot_held(other));
	begun = db_read_begin(other);
	assert_true(begun);
	assert_false(db_snapshot_held(other));
	assert_int_equal(add_org(f, "A"), HD_OK);
	assert_int_equal(
	    db_scalar(other, &n, "SELECT count(*) FROM orgs", ""), HD_OK);
	assert_int_equal(n, 1);
	assert_true(db_snapshot_held(other));
	assert_int_equal(add_org(f, "B"), HD_OK);
	assert_int_equal(
	    db_scalar(other, &n, "SELECT count(*) FROM orgs", ""), HD_OK);
	assert_int_equal(n, 1);
	db_read_end(other, begun);
	assert_false(db_snapshot_held(other));
	db_close(other);
}

static void
rollback_discards_work(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "A"), HD_OK);
	assert_int_equal(has_org(f, "A"), 1);
	db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(has_org(f, "A"), 0);
	/* Rolling back with nothing open is harmless. */
	db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
}

static void
inner_rollback_keeps_outer_work(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "outer-before"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 2);
	assert_int_equal(add_org(f, "inner"), HD_OK);
	db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 1);
	assert_int_equal(add_org(f, "outer-after"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(has_org(f, "outer-before"), 1);
	assert_int_equal(has_org(f, "inner"), 0);
	assert_int_equal(has_org(f, "outer-after"), 1);
}

static void
outer_rollback_discards_committed_inner_work(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "outer"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "inner"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 1);
	db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(count_orgs(f), 0);
}

static void
three_levels_roll_back_only_the_innermost(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "L1"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "L2"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "L3"), HD_OK);
	db_rollback(f->c);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(has_org(f, "L1"), 1);
	assert_int_equal(has_org(f, "L2"), 1);
	assert_int_equal(has_org(f, "L3"), 0);
}

static void
exec_maps_unique_violation_to_conflict_and_keeps_the_transaction(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(add_org(f, "ABC Hausverwaltung"), HD_OK);
	assert_int_equal(add_org(f, "ABC Hausverwaltung"), HD_ECONFLICT);
	/* Only the failed statement is undone. */
	assert_int_equal(add_org(f, "XYZ Immobilien"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_orgs(f), 2);
	assert_int_equal(has_org(f, "ABC Hausverwaltung"), 1);
}

static void
int_returns_the_value_or_not_found(void **state)
{
	struct fx *f = *state;
	int64_t v = 42, id = 0;

	assert_int_equal(
	    db_scalar(
		f->c, &v, "SELECT id FROM orgs WHERE name = ?", "t", "nobody"),
	    HD_ENOTFOUND);
	assert_int_equal(db_scalar(f->c, &id,
			     "INSERT INTO orgs(name, created_at) VALUES (?, 0) "
			     "RETURNING id",
			     "t", "ABC"),
	    HD_OK);
	assert_true(id > 0);
	assert_int_equal(db_scalar(f->c, &v,
			     "SELECT id FROM orgs WHERE name = ?", "t", "ABC"),
	    HD_OK);
	assert_int_equal(v, id);
	assert_int_equal(
	    db_scalar(f->c, &v, "SELECT count(*) FROM orgs", ""), HD_OK);
	assert_int_equal(v, 1);
}

static void
bind_rejects_an_unknown_format_letter(void **state)
{
	struct fx *f = *state;

	/* 'x' is a blob now (db.h): 'z' is no letter of db_bind's. */
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO orgs(name, created_at) VALUES (?, 0)",
		"z", "ABC"),
	    HD_EINVAL);
	assert_int_equal(count_orgs(f), 0);
}

/* ---- setting: store_org_ensure ----------------------------------------- */

#define FAKE_HASH "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"

static void
org_ensure_creates_org_and_admin_once(void **state)
{
	struct fx *f = *state;
	struct store_user u;
	int64_t org = 0, org2 = 0;
	bool created = false;
	char buf[256];

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &org, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_true(created);
	assert_true(org > 0);
	assert_int_equal(count_orgs(f), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
	assert_int_equal(
	    store_user_by_email(f->c, "admin@abc.example", &u), HD_OK);
	assert_int_equal(u.org_id, org);
	assert_true(u.is_employee);
	assert_true(u.is_admin);
	assert_true(u.active);
	assert_true(u.has_password);
	assert_string_equal(u.name, "Frau Admin");
	assert_string_equal(u.password_hash, FAKE_HASH);
	assert_int_equal(store_org_name(f->c, org, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, "ABC Hausverwaltung");

	/* Again: nothing new, not even for a different admin address. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &org2, &created),
	    HD_OK);
	assert_false(created);
	assert_int_equal(org2, org);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "chef@abc.example",
		"Herr Chef", FAKE_HASH, &org2, &created),
	    HD_OK);
	assert_false(created);
	assert_int_equal(org2, org);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_orgs(f), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
}

static void
org_ensure_gives_an_admin_email_of_another_org_its_own_account(void **state)
{
	struct fx *f = *state;
	struct store_user u[2];
	int64_t abc = 0, xyz = 0;
	bool created = false;
	size_t n = 0;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &abc, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);

	/* A new organisation whose admin is ABC's admin too: a login is
	 * unique per organisation, so that is a second account. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "XYZ Immobilien", "Admin@ABC.example",
		"Herr X", FAKE_HASH, &xyz, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_true(created);
	assert_int_not_equal(xyz, abc);
	assert_int_equal(count_orgs(f), 2);
	assert_int_equal(
	    store_user_by_address(f->c, "admin@abc.example", 0, true, u, 2, &n),
	    HD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(u[0].org_id, abc);
	assert_int_equal(u[1].org_id, xyz);
	assert_true(u[1].is_admin);

	/* An existing organisation named with another admin address is
	 * left as it is. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@xyz.example",
		"Herr X", FAKE_HASH, &abc, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_false(created);
	assert_int_equal(count_orgs(f), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 2);
}

/* ---- user: employees --------------------------------------------------- */

static void
two_orgs(struct fx *f)
{
	exec_sql(f, "INSERT INTO orgs(id, name, created_at) VALUES "
		    "(1, 'ABC Hausverwaltung', 0), (2, 'XYZ Immobilien', 0)");
}

static void
employee_email_is_unique_per_org_regardless_of_case(void **state)
{
	struct fx *f = *state;
	struct store_user u;
	int64_t id = 0, id2 = 0, id3 = 0;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Huber",
			     "huber@abc.example", false, &id),
	    HD_OK);
	assert_true(id > 0);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Huber 2",
			     "HUBER@abc.EXAMPLE", false, &id2),
	    HD_ECONFLICT);
	/* Another organisation may have an account with the address. */
	assert_int_equal(store_employee_insert(f->c, 2, "Frau Huber",
			     "Huber@Abc.Example", true, &id3),
	    HD_OK);
	assert_int_not_equal(id3, id);
	assert_int_equal(store_employee_insert(f->c, 2, "Frau Huber 3",
			     "huber@abc.example", false, &id2),
	    HD_ECONFLICT);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 2);
	/* Lookups ignore case as well (the first account: lowest id). */
	assert_int_equal(
	    store_user_by_email(f->c, "HuBeR@aBc.ExAmPlE", &u), HD_OK);
	assert_int_equal(u.id, id);
	assert_false(u.is_admin);
	assert_false(u.has_password);
	assert_string_equal(u.email, "huber@abc.example");
	assert_int_equal(
	    store_user_by_email(f->c, "schmidt@abc.example", &u), HD_ENOTFOUND);
}

static void
employee_email_may_not_be_a_contacts_email(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;

	two_orgs(f);
	exec_sql(f, "INSERT INTO users(org_id, kind, name, email, created_at) "
		    "VALUES (1, 'contact', 'Herr Müller', "
		    "'mueller@example.org', 0)");
	assert_int_equal(store_employee_insert(f->c, 1, "Herr Müller",
			     "Mueller@Example.org", false, &id),
	    HD_ECONFLICT);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
}

static void
employee_update_false_is_stored_and_null_leaves_unchanged(void **state)
{
	struct fx *f = *state;
	const bool no = false, yes = true;
	struct store_user u;
	int64_t id = 0;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Admin",
			     "admin@abc.example", true, &id),
	    HD_OK);

	/* is_admin = false really stores false. */
	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, &no, NULL), HD_OK);
	assert_int_equal(q_int(f, "SELECT is_admin FROM users WHERE id = %lld",
			     (long long)id),
	    0);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_false(u.is_admin);
	assert_true(u.active);
	assert_string_equal(u.name, "Frau Admin");

	/* NULL everywhere but the name: flags stay as they are. */
	assert_int_equal(
	    store_employee_update(f->c, 1, id, "Frau Dr. Admin", NULL, NULL),
	    HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_string_equal(u.name, "Frau Dr. Admin");
	assert_false(u.is_admin);
	assert_true(u.active);

	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, &yes, NULL), HD_OK);
	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, NULL, &no), HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_true(u.is_admin);
	assert_false(u.active);
	assert_string_equal(u.name, "Frau Dr. Admin");
	assert_int_equal(
	    q_int(f, "SELECT active FROM users WHERE id = %lld", (long long)id),
	    0);

	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, NULL, &yes), HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_true(u.is_admin);
	assert_true(u.active);
}

static void
employee_update_of_unknown_or_foreign_employee_is_not_found(void **state)
{
	struct fx *f = *state;
	const bool no = false;
	struct store_user u;
	int64_t id = 0, contact;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Admin",
			     "admin@abc.example", true, &id),
	    HD_OK);
	exec_sql(f, "INSERT INTO users(org_id, kind, name, email, created_at) "
		    "VALUES (1, 'contact', 'Herr Müller', "
		    "'mueller@example.org', 0)");
	contact = q_int(f, "SELECT id FROM users WHERE kind = 'contact'");

	assert_int_equal(
	    store_employee_update(f->c, 2, id, "Gekapert", &no, &no),
	    HD_ENOTFOUND);
	assert_int_equal(
	    store_employee_update(f->c, 1, id + 1000, NULL, &no, NULL),
	    HD_ENOTFOUND);
	assert_int_equal(
	    store_employee_update(f->c, 1, contact, "X", NULL, NULL),
	    HD_ENOTFOUND);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_string_equal(u.name, "Frau Admin");
	assert_true(u.is_admin);
	assert_true(u.active);
}

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
	assert_int_equal(
	    store_apitoken_create(f->c, 1, uid, "ERP-Import", hash, 0, &id),
	    HD_OK);
	assert_true(id > 0);
	assert_int_equal(
	    store_apitoken_lookup(f->c, hash, 0, &u, NULL, NULL), HD_OK);
	assert_int_equal(u.id, uid);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "nope", 0, &u, NULL, NULL), HD_EUNAUTH);
	assert_int_equal(
	    store_employee_update(f->c, 1, uid, NULL, NULL, &no), HD_OK);
	assert_int_equal(
	    store_apitoken_lookup(f->c, hash, 0, &u, NULL, NULL), HD_EUNAUTH);
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

/* ---- outbox ------------------------------------------------------------ */

/* Queues a mail as every event does (app/notify.c: the Message-ID is
 * made there). */
static enum hd_status
queue_mail(struct fx *f, const char *to)
{
	struct mail_text t = {strdup("[V-2026-00001] Neuer Vorgang"),
	    strdup("Guten Tag Frau Huber,\n")};

	return app_notify_queue(f->c, 1, to, "Frau Huber", "assigned", 0, &t);
}

static void
free_items(struct outbox_item *items, int n)
{
	int i;

	for (i = 0; i < n; i++)
		store_outbox_item_cleanup(&items[i]);
}

/* Claims mail id for its next attempt, as the worker does before it sends
 * (lease: due again after a minute); returns the attempt's count. */
static int
claim_mail(struct fx *f, int64_t id)
{
	int attempts = (int)q_int(
	    f, "SELECT attempts FROM outbox WHERE id = %lld", (long long)id);

	assert_int_equal(store_outbox_claim(f->c, id, attempts, hd_now_ms(),
			     hd_now_ms() + 60000),
	    HD_OK);
	return attempts + 1;
}

static void
outbox_add_gives_each_mail_its_own_message_id(void **state)
{
	struct fx *f = *state;
	char a[128], b[128];

	two_orgs(f);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(
	    q_int(f, "SELECT count(DISTINCT message_id) FROM outbox"), 2);
	q_text(f, a, sizeof(a), "SELECT message_id FROM outbox WHERE id = 1");
	q_text(f, b, sizeof(b), "SELECT message_id FROM outbox WHERE id = 2");
	assert_string_not_equal(a, b);
	assert_int_equal(a[0], '<');
	assert_non_null(strstr(a, "@abc.example>"));
	assert_int_equal(a[strlen(a) - 1], '>');
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = "
		     "'queued' AND attempts = 0 AND process_id IS NULL "
		     "AND kind = 'assigned'"),
	    2);
}

static void
outbox_due_returns_queued_mail_with_its_details(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	char mid[128];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	q_text(f, mid, sizeof(mid), "SELECT message_id FROM outbox");
	assert_int_equal(
	    store_outbox_due(f->c, hd_now_ms(), items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 1);
	assert_int_equal(items[0].attempts, 0);
	assert_string_equal(items[0].to_addr, "huber@abc.example");
	assert_string_equal(items[0].to_name, "Frau Huber");
	assert_string_equal(items[0].subject, "[V-2026-00001] Neuer Vorgang");
	assert_string_equal(items[0].body, "Guten Tag Frau Huber,\n");
	assert_string_equal(items[0].message_id, mid);
	assert_string_equal(items[0].from_name, "ABC Hausverwaltung");
	free_items(items, n);
}

static void
outbox_due_respects_max(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK);
	assert_int_equal(
	    store_outbox_due(f->c, hd_now_ms(), items, 2, &n), HD_OK);
	assert_int_equal(n, 2);
	free_items(items, n);
}

static void
outbox_failed_with_retry_hides_mail_until_then(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4], *retry;
	int64_t now = hd_now_ms(), wait;
	char buf[64], mid[128];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(store_outbox_failed(f->c, 1, claim_mail(f, 1),
			     "421 try again later", now + 60000),
	    HD_OK);
	q_text(
	    f, mid, sizeof(mid), "SELECT message_id FROM outbox WHERE id = 1");
	assert_int_equal(
	    q_int(f, "SELECT attempts FROM outbox WHERE id = 1"), 1);

	assert_int_equal(store_outbox_due(f->c, now, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 2);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_due(f->c, now + 59999, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_due(f->c, now + 60000, items, 4, &n), HD_OK);
	assert_int_equal(n, 2);
	assert_true(items[0].id == 1 || items[1].id == 1);
	retry = items[0].id == 1 ? &items[0] : &items[1];
	assert_int_equal(retry->attempts, 1);
	/* The retry carries the same Message-ID as the first attempt. */
	assert_string_equal(retry->message_id, mid);
	free_items(items, n);

	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || last_error FROM outbox "
				"WHERE id = 1"),
	    "queued 421 try again later");

	/* Only the retry is queued: it is due in about a minute. */
	assert_int_equal(
	    store_outbox_sent(f->c, 2, claim_mail(f, 2), hd_now()), HD_OK);
	wait = next_due(f->c, now);
	assert_int_equal(wait, 60000);
	assert_int_equal(next_due(f->c, now + 70000), 0);
}

static void
outbox_failed_for_good_and_sent_leave_the_queue(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int64_t queued = -1, sent = -1, failed = -1, now = hd_now();
	char buf[64];
	int n = -1;

	two_orgs(f);
	assert_int_equal(next_due(f->c, hd_now_ms()), -1);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK);
	assert_int_equal(next_due(f->c, hd_now_ms()), 0);

	assert_int_equal(store_outbox_failed(
			     f->c, 1, claim_mail(f, 1), "550 no such user", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_sent(f->c, 2, claim_mail(f, 2), now), HD_OK);

	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state FROM outbox WHERE id = 1"),
	    "failed");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT last_error FROM outbox WHERE id = 1"),
	    "550 no such user");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state FROM outbox WHERE id = 2"),
	    "sent");
	assert_int_equal(
	    q_int(f, "SELECT sent_at FROM outbox WHERE id = 2"), now);
	assert_int_equal(
	    q_int(f, "SELECT attempts FROM outbox WHERE id = 2"), 1);

	/* Not even far in the future does a done mail come back. */
	assert_int_equal(store_outbox_due(f->c, hd_now_ms() + 365LL * 86400000,
			     items, 4, &n),
	    HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 3);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_counts(f->c, &queued, &sent, &failed), HD_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(sent, 1);
	assert_int_equal(failed, 1);

	assert_int_equal(
	    store_outbox_sent(f->c, 3, claim_mail(f, 3), now), HD_OK);
	assert_int_equal(next_due(f->c, hd_now_ms()), -1);
	assert_int_equal(
	    store_outbox_counts(f->c, &queued, &sent, &failed), HD_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(sent, 2);
	assert_int_equal(failed, 1);
}

static void
outbox_claim_counts_the_attempt_and_leases_the_mail(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int64_t now = hd_now_ms();
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(
	    store_outbox_claim(f->c, 1, 0, now, now + 30000), HD_OK);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 1);
	assert_int_equal(q_int(f, "SELECT last_attempt_at FROM outbox"), now);
	assert_int_equal(
	    q_int(f, "SELECT next_attempt_at FROM outbox"), now + 30000);
	/* Claimed, it is not due again before its lease ends, even if its
	 * result is never recorded. */
	assert_int_equal(
	    store_outbox_due(f->c, now + 29999, items, 4, &n), HD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    store_outbox_due(f->c, now + 30000, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].attempts, 1);
	free_items(items, n);
	/* A second claim with the old count is refused: somebody has it. */
	assert_int_equal(
	    store_outbox_claim(f->c, 1, 0, now, now + 30000), HD_ENOTFOUND);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 1);
}

static void
outbox_result_of_a_lost_claim_records_nothing(void **state)
{
	struct fx *f = *state;
	char buf[64];

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(claim_mail(f, 1), 1);
	/* The lease ran out and the mail was claimed again (attempt 2). */
	assert_int_equal(claim_mail(f, 1), 2);
	assert_int_equal(store_outbox_sent(f->c, 1, 1, hd_now()), HD_ENOTFOUND);
	assert_int_equal(
	    store_outbox_failed(f->c, 1, 1, "451 later", 0), HD_ENOTFOUND);
	assert_int_equal(
	    store_outbox_release(f->c, 1, 1, hd_now_ms()), HD_ENOTFOUND);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox"),
	    "queued 2");
	/* The claim that holds records. */
	assert_int_equal(store_outbox_sent(f->c, 1, 2, hd_now()), HD_OK);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox"),
	    "sent 2");
	/* Done is done: no result changes it any more. */
	assert_int_equal(
	    store_outbox_failed(f->c, 1, 2, "451 later", 0), HD_ENOTFOUND);
}

static void
outbox_release_gives_back_a_claim_never_sent(void **state)
{
	struct fx *f = *state;
	int64_t now = hd_now_ms();

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(claim_mail(f, 1), 1);
	assert_int_equal(store_outbox_release(f->c, 1, 1, now), HD_OK);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 0);
	assert_int_equal(next_due(f->c, now), 0);
}

static void
outbox_resend_queues_failed_mail_of_the_org_with_a_fresh_clock(void **state)
{
	struct fx *f = *state;
	int64_t now = hd_now_ms() + 5000, n = -1;
	char mid[128], buf[160];
	struct mail_text t;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK); /* 1 */
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK); /* 2 */
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK); /* 3 */
	t = (struct mail_text){strdup("Betreff"), strdup("Text")};
	assert_int_equal(
	    app_notify_queue(f->c, 2, "x@xyz.example", "X", "assigned", 0, &t),
	    HD_OK); /* 4, the other organisation's */
	q_text(
	    f, mid, sizeof(mid), "SELECT message_id FROM outbox WHERE id = 1");
	assert_int_equal(
	    store_outbox_failed(f->c, 1, claim_mail(f, 1), "451 gave up", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_failed(f->c, 2, claim_mail(f, 2), "550 unknown", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_failed(f->c, 4, claim_mail(f, 4), "451 gave up", 0),
	    HD_OK);

	/* Only failed mail, only of the caller's organisation. */
	assert_int_equal(store_outbox_resend(f->c, 2, 1, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 4, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 99, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 3, now), HD_ECONFLICT);
	assert_int_equal(store_outbox_resend(f->c, 1, 1, now), HD_OK);
	/* Due now, counted from 0, the same Message-ID. */
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox "
				"WHERE id = 1"),
	    "queued 0");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT message_id FROM outbox WHERE id = 1"),
	    mid);
	assert_int_equal(
	    q_int(f, "SELECT next_attempt_at FROM outbox WHERE id = 1"), now);
	assert_int_equal(
	    q_int(f, "SELECT queued_at FROM outbox WHERE id = 1"), now);
	assert_int_equal(store_outbox_resend(f->c, 1, 1, now), HD_ECONFLICT);

	assert_int_equal(store_outbox_resend_all(f->c, 1, now, &n), HD_OK);
	assert_int_equal(n, 1); /* mail 2 */
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = 'failed'"), 1);
	assert_int_equal(
	    q_int(f, "SELECT state = 'failed' FROM outbox WHERE id = 4"), 1);
	assert_int_equal(store_outbox_resend_all(f->c, 1, now, &n), HD_OK);
	assert_int_equal(n, 0);
}

/* ---- process: the seed scenario at store level ------------------------- */

enum {
	U_ADMIN = 1,
	U_HUBER,
	U_SCHMIDT,
	U_MUELLER,
	U_MEIER,
	U_ALT, /* a deactivated admin */
	U_NEU, /* an employee without any Zuständigkeit */
	U_XYZ_ADMIN,
};
enum { R_BUCH = 1, R_SACH, R_TECH, R_XYZ };
enum { P_MPS = 1, P_GOETHE, P_XYZ };
enum { T_INVOICE = 1, T_DAMAGE, T_INTERNAL, T_NOROLE, T_LIFT, T_XYZ };

#define MPS "Max-Planck-Straße 12"

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES "
    " (1, 'ABC Hausverwaltung', 0), (2, 'XYZ Immobilien', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (3, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (4, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0),"
    " (5, 1, 'contact', 'Frau Meier', 'meier@example.org', 0, 1, 0),"
    " (6, 1, 'employee', 'Herr Alt', 'alt@abc.example', 1, 0, 0),"
    " (7, 1, 'employee', 'Frau Neu', 'neu@abc.example', 0, 1, 0),"
    " (8, 2, 'employee', 'Herr Fremd', 'admin@xyz.example', 1, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES "
    " (1, 1, 'Buchhaltung'), (2, 1, 'Sachbearbeitung'), (3, 1, 'Technik'),"
    " (4, 2, 'Buchhaltung');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES "
    " (1, 1, 'Max-Planck-Straße 12', 'Max-Planck-Straße 12', '80331', "
    "  'München', 0),"
    " (2, 1, 'Goethestraße 5', 'Goethestraße 5', '80336', 'München', 0),"
    " (3, 2, 'Fremdweg 1', 'Fremdweg 1', '10115', 'Berlin', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1), (1, 1, 3, 2);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Frage zur Rechnung', 1), (2, 1, 'Schadensmeldung', 1),"
    " (3, 1, 'Interne Prüfung', 0), (4, 1, 'Sonstiges', 1),"
    " (5, 1, 'Aufzugsstörung', 1), (6, 2, 'Frage zur Rechnung', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0), (2, 2, 0), (3, 1, 0), (5, 3, 0), (6, 4, 0);"
    "INSERT INTO residents(org_id, property_id, contact_id, relation, "
    " created_at) VALUES (1, 1, 4, 'tenant', 0), (1, 1, 5, 'tenant', 0);";

static const struct viewer v_mueller = {1, U_MUELLER, VIEW_CONTACT};
static const struct viewer v_meier = {1, U_MEIER, VIEW_CONTACT};
static const struct viewer v_admin = {1, U_ADMIN, VIEW_ADMIN};
static const struct viewer v_huber = {1, U_HUBER, VIEW_EMPLOYEE};
static const struct viewer v_schmidt = {1, U_SCHMIDT, VIEW_EMPLOYEE};
static const struct viewer v_neu = {1, U_NEU, VIEW_EMPLOYEE};
static const struct viewer v_xyz_admin = {2, U_XYZ_ADMIN, VIEW_ADMIN};

static int
setup_seed(void **state)
{
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	if (sqlite3_exec(test_sqlite(f->c), seed_sql, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		fprintf(
		    stderr, "seed: %s\n", sqlite3_errmsg(test_sqlite(f->c)));
		teardown(state);
		return -1;
	}
	return 0;
}

/* Files a request in its own transaction, as the HTTP layer would. */
static enum hd_status
file_request(struct fx *f, const struct viewer *v, int64_t type_id,
    int64_t property_id, int64_t reporter_id, int64_t *id, const char **field)
{
	struct process_new in = {0};
	enum hd_status st;

	in.type_id = type_id;
	in.property_id = property_id;
	in.reporter_id = reporter_id;
	in.subject = "Nebenkostenabrechnung 2025";
	in.description = "Die Position Hausmeister ist doppelt berechnet.";
	*field = NULL;
	*id = 0;
	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_process_file_in(f->c, v, &in, field, id);
	if (st == HD_OK)
		st = db_commit(f->c);
	else
		db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
	return st;
}

static int64_t
contact_files(struct fx *f, int64_t type_id)
{
	const char *field;
	int64_t id = 0;

	assert_int_equal(
	    file_request(f, &v_mueller, type_id, P_MPS, 0, &id, &field), HD_OK);
	assert_true(id > 0);
	return id;
}

static int64_t
count_assignees(struct fx *f, int64_t pid)
{
	return q_int(f,
	    "SELECT count(*) FROM process_assignees WHERE process_id = %lld",
	    (long long)pid);
}

static int64_t
count_mails(struct fx *f, int64_t pid, const char *kind, const char *to)
{
	return q_int(f,
	    "SELECT count(*) FROM outbox WHERE process_id = %lld AND "
	    "kind = '%s' AND to_addr = '%s'",
	    (long long)pid, kind, to);
}

/* Rows written for Vorgänge in any table. */
static int64_t
count_process_rows(struct fx *f)
{
	return q_int(f, "SELECT (SELECT count(*) FROM processes) + "
			"(SELECT count(*) FROM process_counters) + "
			"(SELECT count(*) FROM process_assignees) + "
			"(SELECT count(*) FROM history) + "
			"(SELECT count(*) FROM outbox)");
}

/* Writes Vorgang id as v sees it into a NUL-terminated heap string. */
static char *
written(struct fx *f, const struct viewer *v, int64_t id)
{
	struct hd_buf b;
	struct hd_jw w;
	char *out = NULL;
	size_t len;

	hd_buf_init(&b, 1 << 20);
	hd_jw_init(&w, &b);
	assert_int_equal(store_process_write(f->c, v, id, true, &w), HD_OK);
	assert_int_equal(hd_buf_take(&b, &out, &len), HD_OK);
	return out;
}

/*
 * Opening a Vorgang skips the comments query when its count (kept by the
 * triggers of migration 005) is 0: the count must follow every comment
 * however it is written, and the answer must still show each comment to
 * exactly those who may see it.
 */
static void
comment_count_follows_every_comment_and_the_answer_shows_them(void **state)
{
	struct fx *f = *state;
	int64_t id = contact_files(f, T_DAMAGE), cid = 0;
	char sql[256], *j;

	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    0);
	j = written(f, &v_schmidt, id);
	assert_non_null(strstr(j, "\"comments\":[]"));
	free(j);
	assert_int_equal(app_comment_add_in(f->c, &v_mueller, id,
			     "Bitte schnell kommen", false, &cid),
	    HD_OK);
	assert_int_equal(app_comment_add_in(f->c, &v_schmidt, id,
			     "Intern: Dachdecker fragen", true, &cid),
	    HD_OK);
	snprintf(sql, sizeof(sql),
	    "INSERT INTO comments(process_id, author_id, body, internal, "
	    "created_at) VALUES (%lld, %d, 'Nachtrag', 0, 0)",
	    (long long)id, U_MUELLER);
	exec_sql(f, sql); /* as the demo generator writes them */
	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    3);
	j = written(f, &v_schmidt, id);
	assert_non_null(strstr(j, "Bitte schnell kommen"));
	assert_non_null(strstr(j, "Dachdecker"));
	assert_non_null(strstr(j, "Nachtrag"));
	free(j);
	j = written(f, &v_mueller, id);
	assert_non_null(strstr(j, "Bitte schnell kommen"));
	assert_null(strstr(j, "Dachdecker"));
	free(j);
	exec_sql(f, "DELETE FROM comments WHERE body = 'Nachtrag'");
	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    2);
}

static void
invoice_request_is_assigned_to_huber_alone_with_reason_in_history(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE);
	char buf[512];

	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_HUBER);
	assert_int_equal(q_int(f,
			     "SELECT role_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    R_BUCH);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld",
				(long long)pid),
	    "Frau Huber: Rolle Buchhaltung in " MPS);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM history WHERE process_id = "
			     "%lld AND event = 'routed' AND text = 'Frau "
			     "Huber: Rolle Buchhaltung in " MPS "'",
			     (long long)pid),
	    1);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT text FROM history WHERE process_id = "
				"%lld AND event = 'created'",
				(long long)pid),
	    "Vorgang angelegt von Herr Müller im Kundenportal");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reporter_kind || ' ' || reporter_id || "
				"' ' || created_by || ' ' || status || ' ' || "
				"unrouted FROM processes WHERE id = %lld",
				(long long)pid),
	    "contact 4 4 open 0");
}

static void
damage_report_is_assigned_to_schmidt_alone(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_DAMAGE);
	char buf[512];

	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_SCHMIDT);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT text FROM history WHERE process_id = "
				"%lld AND event = 'routed'",
				(long long)pid),
	    "Herr Schmidt: Rolle Sachbearbeitung in " MPS);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    0);
}

static void
seed_mails_each_assignee_once_and_the_tenant_a_receipt_each(void **state)
{
	struct fx *f = *state;
	int64_t invoice = contact_files(f, T_INVOICE);
	int64_t damage = contact_files(f, T_DAMAGE);
	char buf[512], want[64];

	assert_int_equal(
	    count_mails(f, invoice, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, invoice, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld",
			     (long long)invoice),
	    2);
	assert_int_equal(
	    count_mails(f, damage, "assigned", "schmidt@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, damage, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld",
			     (long long)damage),
	    2);
	/* Nobody else, and nothing outside these Vorgänge. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 4);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'huber@abc.example'"),
	    1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'schmidt@abc.example'"),
	    1);
	assert_int_equal(
	    q_int(f, "SELECT count(DISTINCT message_id) FROM outbox"), 4);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 4);

	/* The subject carries the number for threading; links point to the
	 * back office for staff and to the portal for the tenant. */
	snprintf(want, sizeof(want), "[V-%d-00001] ", hd_time_year(hd_now()));
	q_text(f, buf, sizeof(buf),
	    "SELECT subject FROM outbox WHERE process_id = %lld AND kind = "
	    "'assigned'",
	    (long long)invoice);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	assert_int_equal(q_int(f,
			     "SELECT instr(body, 'http://test/vorgaenge/%lld') "
			     "> 0 FROM outbox WHERE process_id = %lld AND "
			     "kind = 'assigned'",
			     (long long)invoice, (long long)invoice),
	    1);
	assert_int_equal(q_int(f,
			     "SELECT instr(body, "
			     "'http://test/portal/anfragen/%lld') > 0 FROM "
			     "outbox WHERE process_id = %lld AND kind = "
			     "'receipt'",
			     (long long)invoice, (long long)invoice),
	    1);
}

static void
numbers_count_up_per_organisation_and_year(void **state)
{
	struct fx *f = *state;
	int year = hd_time_year(hd_now());
	int64_t first = contact_files(f, T_INVOICE);
	int64_t second = contact_files(f, T_DAMAGE), other = 0;
	const char *field;
	char buf[64], want[64];

	snprintf(want, sizeof(want), "V-%d-00001", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)first),
	    want);
	snprintf(want, sizeof(want), "V-%d-00002", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)second),
	    want);
	/* Each organisation counts on its own. */
	assert_int_equal(
	    file_request(f, &v_xyz_admin, T_XYZ, P_XYZ, 0, &other, &field),
	    HD_OK);
	snprintf(want, sizeof(want), "V-%d-00001", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)other),
	    want);
}

static void
contact_cannot_file_for_a_property_they_do_not_live_in(void **state)
{
	struct fx *f = *state;
	struct process_new in = {0};
	const char *field = NULL;
	int64_t id = 0, pid;
	char buf[64], want[64];

	in.type_id = T_INVOICE;
	in.property_id = P_GOETHE;
	in.subject = "Rechnung";
	in.description = "Frage";
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_file_in(f->c, &v_mueller, &in, &field, &id),
	    HD_EFORBIDDEN);
	/* Nothing was written, even before the caller rolls back. */
	assert_int_equal(count_process_rows(f), 0);
	db_rollback(f->c);
	assert_int_equal(count_process_rows(f), 0);

	/* A property of another organisation is no better. */
	assert_int_equal(
	    file_request(f, &v_mueller, T_INVOICE, P_XYZ, 0, &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "property_id");
	assert_int_equal(count_process_rows(f), 0);

	/* The refused attempts did not use up a number. */
	pid = contact_files(f, T_INVOICE);
	snprintf(want, sizeof(want), "V-%d-00001", hd_time_year(hd_now()));
	assert_string_equal(
	    q_text(f, buf, sizeof(buf),
		"SELECT number FROM processes WHERE id = %lld", (long long)pid),
	    want);
}

static void
contact_cannot_use_a_type_outside_the_portal(void **state)
{
	struct fx *f = *state;
	struct process_new in = {0};
	const char *field = NULL;
	int64_t id = 0;

	in.type_id = T_INTERNAL;
	in.property_id = P_MPS;
	in.subject = "Prüfung";
	in.description = "Bitte prüfen";
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_file_in(f->c, &v_mueller, &in, &field, &id), HD_EINVAL);
	assert_non_null(field);
	assert_string_equal(field, "type_id");
	assert_int_equal(count_process_rows(f), 0);
	db_rollback(f->c);
	assert_int_equal(count_process_rows(f), 0);
}

static void
unknown_or_foreign_type_is_invalid_type_id(void **state)
{
	struct fx *f = *state;
	const char *field = NULL;
	int64_t id = 0;

	assert_int_equal(
	    file_request(f, &v_mueller, 999, P_MPS, 0, &id, &field), HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(
	    file_request(f, &v_mueller, T_XYZ, P_MPS, 0, &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(
	    file_request(f, &v_admin, T_XYZ, P_MPS, 0, &id, &field), HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(count_process_rows(f), 0);
}

static void
employee_may_file_an_internal_type_for_a_tenant(void **state)
{
	struct fx *f = *state;
	const char *field = NULL;
	int64_t id = 0;

	assert_int_equal(file_request(f, &v_schmidt, T_INTERNAL, P_MPS,
			     U_MUELLER, &id, &field),
	    HD_OK);
	assert_int_equal(q_int(f,
			     "SELECT reporter_id * 100 + created_by FROM "
			     "processes WHERE id = %lld",
			     (long long)id),
	    U_MUELLER * 100 + U_SCHMIDT);
	assert_int_equal(
	    count_mails(f, id, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, id, "receipt", "mueller@example.org"), 1);
	/* An employee is not a reporter to file for. */
	assert_int_equal(file_request(f, &v_schmidt, T_INTERNAL, P_MPS, U_HUBER,
			     &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "reporter_contact_id");
}

static void
type_without_roles_goes_unrouted_to_active_admins(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_NOROLE);
	char buf[512];

	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	/* Frau Admin only: Herr Alt is deactivated, Herr Fremd is of
	 * another organisation. */
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND role_id IS NULL",
			     (long long)pid),
	    U_ADMIN);
	q_text(f, buf, sizeof(buf),
	    "SELECT reason FROM process_assignees WHERE process_id = %lld",
	    (long long)pid);
	assert_non_null(strstr(buf, "Frau Admin"));
	assert_non_null(strstr(buf, "Vorgangstyp hat keine Mitarbeiterrolle"));
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM history WHERE process_id = "
			     "%lld AND instr(text, 'Vorgangstyp hat keine "
			     "Mitarbeiterrolle') > 0",
			     (long long)pid),
	    1);
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, pid, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 2);
}

static void
type_without_roles_goes_to_the_fallback_role_when_set(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	assert_int_equal(
	    store_settings_set_fallback(f->c, 1, R_XYZ), HD_EINVAL);
	assert_int_equal(store_settings_set_fallback(f->c, 1, R_SACH), HD_OK);
	pid = contact_files(f, T_NOROLE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld AND employee_id = %d",
				(long long)pid, U_SCHMIDT),
	    "Herr Schmidt: Ersatzzuständigkeit (Rolle Sachbearbeitung) in " MPS
	    " – Vorgangstyp hat keine Mitarbeiterrolle");
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "schmidt@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'admin@abc.example'"),
	    0);
}

static void
employee_holding_two_matching_roles_is_assigned_and_mailed_once(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	exec_sql(f, "INSERT INTO staff(org_id, property_id, employee_id, "
		    "role_id) VALUES (1, 1, 2, 2);"
		    "INSERT INTO process_types(id, org_id, name) VALUES "
		    "(7, 1, 'Mietvertrag');"
		    "INSERT INTO process_type_roles(type_id, role_id, "
		    "position) VALUES (7, 1, 0), (7, 2, 1)");
	pid = contact_files(f, 7);
	assert_int_equal(count_assignees(f, pid), 2);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld AND employee_id = %d",
				(long long)pid, U_HUBER),
	    "Frau Huber: Rollen Buchhaltung, Sachbearbeitung in " MPS);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND employee_id != %d",
			     (long long)pid, U_HUBER),
	    U_SCHMIDT);
	assert_int_equal(
	    count_mails(f, pid, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, pid, "assigned", "schmidt@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 3);
}

static void
deactivated_role_holder_is_skipped_and_the_vorgang_goes_unrouted(void **state)
{
	struct fx *f = *state;
	const bool no = false;
	int64_t pid;
	char buf[512];

	assert_int_equal(
	    store_employee_update(f->c, 1, U_HUBER, NULL, NULL, &no), HD_OK);
	pid = contact_files(f, T_INVOICE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 1);
	q_text(f, buf, sizeof(buf),
	    "SELECT reason FROM process_assignees WHERE process_id = %lld AND "
	    "employee_id = %d",
	    (long long)pid, U_ADMIN);
	assert_non_null(
	    strstr(buf, "Alle Mitarbeiter mit der Rolle Buchhaltung in " MPS
			" sind deaktiviert"));
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'huber@abc.example'"),
	    0);
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);
}

static void
vorgang_with_nobody_to_route_to_is_kept_with_the_reason(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	exec_sql(f, "UPDATE users SET active = 0 WHERE id = 1");
	pid = contact_files(f, T_NOROLE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 0);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT text FROM history WHERE process_id = "
				"%lld AND event = 'unrouted'",
				(long long)pid),
	    "Vorgangstyp hat keine Mitarbeiterrolle");
	/* The tenant still gets a receipt; no employee is mailed. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(
	    count_mails(f, pid, "receipt", "mueller@example.org"), 1);
}

static void
reroute_applies_current_staff_and_mails_only_the_newly_assigned(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_LIFT);
	char buf[512];

	/* Nobody holds Technik: the admin has it. */
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_ADMIN);
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);

	/* New staff does not silently move the existing Vorgang. */
	exec_sql(f, "INSERT INTO staff(org_id, property_id, employee_id, "
		    "role_id) VALUES (1, 1, 7, 3)");
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_ADMIN);

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(app_process_reroute_in(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND role_id = %d",
			     (long long)pid, R_TECH),
	    U_NEU);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    0);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT text || ' / ' || actor_id FROM history "
				"WHERE process_id = %lld AND event = "
				"'rerouted'",
				(long long)pid),
	    "Frau Neu: Rolle Technik in " MPS " / 1");
	assert_int_equal(count_mails(f, pid, "assigned", "neu@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'admin@abc.example'"),
	    1);

	/* Re-routing again changes nothing and mails nobody. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(app_process_reroute_in(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 3);
}

static void
reroute_of_a_closed_or_invisible_vorgang_is_refused(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE);

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_xyz_admin, pid), HD_ENOTFOUND);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_admin, pid + 1000), HD_ENOTFOUND);
	db_rollback(f->c);
	exec_sql(f, "UPDATE processes SET status = 'closed'");
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_admin, pid), HD_ECONFLICT);
	db_rollback(f->c);
	assert_int_equal(count_assignees(f, pid), 1);
}

static void
vorgang_is_visible_only_to_its_people(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE), hers = 0;
	const char *field;

	assert_int_equal(store_process_visible(f->c, &v_mueller, pid), HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_huber, pid), HD_OK);
	/* Schmidt holds a role at the property. */
	assert_int_equal(store_process_visible(f->c, &v_schmidt, pid), HD_OK);
	/* Another tenant of the same house, with a Vorgang of her own,
	 * sees nothing of his, nor he of hers. */
	assert_int_equal(
	    file_request(f, &v_meier, T_DAMAGE, P_MPS, 0, &hers, &field),
	    HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_meier, hers), HD_OK);
	assert_int_equal(
	    store_process_visible(f->c, &v_meier, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_mueller, hers), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_neu, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_xyz_admin, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_admin, pid + 1000), HD_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define S(fn) cmocka_unit_test_setup_teardown(fn, setup_seed, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(migrate_creates_every_table),
	    T(open_uses_wal_and_enforces_foreign_keys),
	    T(migrate_twice_is_a_no_op_with_one_version_row_per_migration),
	    T(read_pools_hand_out_warm_connections_with_their_cache_sizes),
	    T(commit_makes_work_visible_to_other_connections),
	    T(insert_gives_the_new_rows_id_not_a_triggers),
	    T(read_snapshot_is_taken_at_the_first_read_not_at_begin),
	    T(rollback_discards_work),
	    T(inner_rollback_keeps_outer_work),
	    T(outer_rollback_discards_committed_inner_work),
	    T(three_levels_roll_back_only_the_innermost),
	    T(exec_maps_unique_violation_to_conflict_and_keeps_the_transaction),
	    T(int_returns_the_value_or_not_found),
	    T(bind_rejects_an_unknown_format_letter),
	    T(org_ensure_creates_org_and_admin_once),
	    T(org_ensure_gives_an_admin_email_of_another_org_its_own_account),
	    T(employee_email_is_unique_per_org_regardless_of_case),
	    T(employee_email_may_not_be_a_contacts_email),
	    T(employee_update_false_is_stored_and_null_leaves_unchanged),
	    T(employee_update_of_unknown_or_foreign_employee_is_not_found),
	    T(session_lookup_finds_a_live_session),
	    T(session_lookup_rejects_expired_unknown_and_deleted),
	    T(session_of_deactivated_user_is_unauthenticated),
	    T(api_token_of_deactivated_user_is_unauthenticated),
	    T(usertoken_is_consumed_once),
	    T(usertoken_unknown_or_wrong_purpose_is_bad_token),
	    T(usertoken_expired_is_gone),
	    T(new_usertoken_voids_the_old_one_of_the_same_purpose),
	    T(outbox_add_gives_each_mail_its_own_message_id),
	    T(outbox_due_returns_queued_mail_with_its_details),
	    T(outbox_due_respects_max),
	    T(outbox_failed_with_retry_hides_mail_until_then),
	    T(outbox_failed_for_good_and_sent_leave_the_queue),
	    T(outbox_claim_counts_the_attempt_and_leases_the_mail),
	    T(outbox_result_of_a_lost_claim_records_nothing),
	    T(outbox_release_gives_back_a_claim_never_sent),
	    T(outbox_resend_queues_failed_mail_of_the_org_with_a_fresh_clock),
	    S(invoice_request_is_assigned_to_huber_alone_with_reason_in_history),
	    S(comment_count_follows_every_comment_and_the_answer_shows_them),
	    S(damage_report_is_assigned_to_schmidt_alone),
	    S(seed_mails_each_assignee_once_and_the_tenant_a_receipt_each),
	    S(numbers_count_up_per_organisation_and_year),
	    S(contact_cannot_file_for_a_property_they_do_not_live_in),
	    S(contact_cannot_use_a_type_outside_the_portal),
	    S(unknown_or_foreign_type_is_invalid_type_id),
	    S(employee_may_file_an_internal_type_for_a_tenant),
	    S(type_without_roles_goes_unrouted_to_active_admins),
	    S(type_without_roles_goes_to_the_fallback_role_when_set),
	    S(employee_holding_two_matching_roles_is_assigned_and_mailed_once),
	    S(deactivated_role_holder_is_skipped_and_the_vorgang_goes_unrouted),
	    S(vorgang_with_nobody_to_route_to_is_kept_with_the_reason),
	    S(reroute_applies_current_staff_and_mails_only_the_newly_assigned),
	    S(reroute_of_a_closed_or_invisible_vorgang_is_refused),
	    S(vorgang_is_visible_only_to_its_people),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
