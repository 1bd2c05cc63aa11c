/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the store: the database layer under the store: open, migrate,
 * transactions, statements.
 */
#include "store_fx.h"

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

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

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
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
