/* SPDX-License-Identifier: MIT */
/*
 * The database layer (src/db/) against real SQLite files: binding and
 * reading every type, what db_end reports, transactions and savepoints,
 * a full disk in the middle of a transaction, read snapshots against a
 * concurrent writer, the WAL controls, targets and migrations.
 */
#include "db/db.h"
#include "db/migrate.h"
#include "db_tmp.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

struct fx {
	struct db_tmp t;
	struct db_conn *c;
};

static const char schema[] =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, b INTEGER, "
    "  s TEXT, n INTEGER, x BLOB);"
    "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
    "  v INTEGER NOT NULL DEFAULT 0 CHECK (v >= 0));"
    "CREATE TABLE r (id INTEGER PRIMARY KEY, "
    "  u_id INTEGER NOT NULL REFERENCES u(id));"
    "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);"
    "INSERT INTO audit(id, note) VALUES (100, 'first');"
    "CREATE TRIGGER u_audit AFTER INSERT ON u BEGIN "
    "  INSERT INTO audit(note) VALUES ('u ' || new.name); END;";

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	db_tmp_make(&f->t);
	if (db_open(f->t.path, 0, &f->c) != HD_OK ||
	    db_script(f->c, schema) != HD_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	db_tmp_remove(&f->t);
	free(f);
	return 0;
}

static int64_t
count(struct db_conn *c, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_scalar(c, &n, sql, ""), HD_OK);
	return n;
}

/* ---- binding and columns ------------------------------------------- */

static void
every_type_binds_and_reads_back(void **state)
{
	static const unsigned char bytes[] = {0, 1, 2, 0, 255};
	const int64_t big = INT64_C(9007199254740993);
	struct fx *f = *state;
	struct db_stmt *st;
	const void *p;
	size_t len;

	assert_int_equal(
	    db_exec(f->c, "INSERT INTO t(i, b, s, n, x) VALUES (?, ?, ?, ?, ?)",
		"ibtIx", big, true, "Grüße, Frau Müller", (int64_t)42, bytes,
		sizeof(bytes)),
	    HD_OK);
	st = db_prepare(f->c, "SELECT i, b, s, n, x FROM t");
	assert_int_equal(db_bind(st, ""), HD_OK);
	assert_true(db_step(st));
	assert_true(db_col_i64(st, 0) == big);
	assert_int_equal(db_col_int(st, 1), 1);
	assert_string_equal(db_col_text(st, 2), "Grüße, Frau Müller");
	assert_string_equal(db_col_textn(st, 2, &len), "Grüße, Frau Müller");
	assert_int_equal(len, strlen("Grüße, Frau Müller"));
	assert_int_equal(db_col_i64(st, 3), 42);
	p = db_col_blob(st, 4, &len);
	assert_int_equal(len, sizeof(bytes));
	assert_memory_equal(p, bytes, sizeof(bytes));
	for (int k = 0; k < 5; k++)
		assert_false(db_col_null(st, k));
	assert_false(db_step(st));
	assert_false(db_step(st)); /* stays at its end, does not rerun */
	assert_int_equal(db_end(st), HD_OK);
}

static void
nulls_bind_and_read_as_null(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	size_t len = 99;

	/* 'i' 0 is a zero, 'I' 0 is NULL. */
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO t(i, b, s, n, x) VALUES (?, ?, ?, ?, ?)",
		"ibtIx", (int64_t)0, false, (const char *)NULL, (int64_t)0,
		(const void *)NULL, (size_t)0),
	    HD_OK);
	st = db_prepare(f->c, "SELECT i, b, s, n, x FROM t");
	db_bind(st, "");
	assert_true(db_step(st));
	assert_false(db_col_null(st, 0));
	assert_int_equal(db_col_i64(st, 0), 0);
	assert_false(db_col_null(st, 1));
	assert_true(db_col_null(st, 2));
	assert_string_equal(db_col_text(st, 2), "");
	assert_string_equal(db_col_textn(st, 2, &len), "");
	assert_int_equal(len, 0);
	assert_true(db_col_null(st, 3));
	assert_int_equal(db_col_i64(st, 3), 0);
	assert_true(db_col_null(st, 4));
	assert_null(db_col_blob(st, 4, &len));
	assert_int_equal(len, 0);
	assert_int_equal(db_end(st), HD_OK);
}

static void
blobs_round_trip_and_empty_is_not_null(void **state)
{
	struct fx *f = *state;
	enum { N = 100000 };
	unsigned char *big = malloc(N);
	struct db_stmt *st;
	const void *p;
	size_t len;

	assert_non_null(big);
	for (size_t k = 0; k < N; k++)
		big[k] = (unsigned char)(k * 7 % 256);
	assert_int_equal(db_exec(f->c, "INSERT INTO t(id, x) VALUES (1, ?)",
			     "x", big, (size_t)N),
	    HD_OK);
	assert_int_equal(db_exec(f->c, "INSERT INTO t(id, x) VALUES (2, ?)",
			     "x", "", (size_t)0),
	    HD_OK);
	st = db_prepare(f->c, "SELECT x FROM t ORDER BY id");
	db_bind(st, "");
	assert_true(db_step(st));
	p = db_col_blob(st, 0, &len);
	assert_int_equal(len, N);
	assert_memory_equal(p, big, N);
	assert_true(db_step(st));
	assert_false(db_col_null(st, 0));
	assert_non_null(db_col_blob(st, 0, &len));
	assert_int_equal(len, 0);
	assert_int_equal(db_end(st), HD_OK);
	free(big);
}

static void
bind_refuses_a_wrong_count_or_type_and_the_statement_does_not_run(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	st = db_prepare(f->c, "INSERT INTO u(name, v) VALUES (?, ?)");
	assert_int_equal(db_bind(st, "t", "a"), HD_EINVAL);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EINVAL);
	st = db_prepare(f->c, "INSERT INTO u(name, v) VALUES (?, ?)");
	assert_int_equal(db_bind(st, "tz", "a", 1), HD_EINVAL);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EINVAL);
	st = db_prepare(f->c, "INSERT INTO u(name, v) VALUES (?, ?)");
	assert_int_equal(
	    db_bind(st, "tii", "a", (int64_t)1, (int64_t)2), HD_EINVAL);
	assert_int_equal(db_end(st), HD_EINVAL);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u"), 0);
	/* The same statement runs once bound right. */
	assert_int_equal(db_exec(f->c, "INSERT INTO u(name, v) VALUES (?, ?)",
			     "ti", "a", (int64_t)1),
	    HD_OK);
	/* ?N counts each number once. */
	assert_int_equal(
	    db_exec(f->c, "UPDATE u SET v = ?1 WHERE name = ?2 AND v <> ?1",
		"it", (int64_t)2, "a"),
	    HD_OK);
	assert_int_equal(count(f->c, "SELECT v FROM u"), 2);
}

/* ---- what db_end reports ------------------------------------------- */

static void
unique_and_foreign_key_violations_end_in_conflict(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "a"), HD_OK);
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "a"),
	    HD_ECONFLICT);
	assert_int_equal(db_exec(f->c, "INSERT INTO u(id, name) VALUES (?, ?)",
			     "it", (int64_t)1, "b"),
	    HD_ECONFLICT);
	st = db_prepare(f->c, "INSERT INTO r(u_id) VALUES (?)");
	db_bind(st, "i", (int64_t)999);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_ECONFLICT);
	assert_int_equal(count(f->c, "SELECT count(*) FROM r"), 0);
}

static void
a_step_error_is_reported_not_taken_for_the_end(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	/* abs() of the smallest integer overflows at run time. */
	st = db_prepare(f->c, "SELECT abs(?)");
	db_bind(st, "i", INT64_MIN);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EIO);

	/* An error after rows: the rows came, then the error, not "done". */
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO t(id, i) VALUES (1, 5)", ""), HD_OK);
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO t(id, i) VALUES (2, ?)", "i", INT64_MIN),
	    HD_OK);
	st = db_prepare(f->c, "SELECT abs(i) FROM t ORDER BY id");
	db_bind(st, "");
	assert_true(db_step(st));
	assert_int_equal(db_col_i64(st, 0), 5);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EIO);

	/* A CHECK constraint is no conflict: it is a broken write. */
	assert_int_equal(db_exec(f->c, "INSERT INTO u(name, v) VALUES (?, ?)",
			     "ti", "a", (int64_t)-1),
	    HD_EIO);
	/* The statement is reusable after its error. */
	st = db_prepare(f->c, "SELECT abs(?)");
	db_bind(st, "i", (int64_t)-3);
	assert_true(db_step(st));
	assert_int_equal(db_col_i64(st, 0), 3);
	assert_int_equal(db_end(st), HD_OK);
}

static void
row_tells_a_row_from_none_and_from_an_error(void **state)
{
	struct fx *f = *state;
	const char *by_name = "SELECT v FROM u WHERE name = ?";
	struct db_stmt *st;

	assert_int_equal(db_script(f->c, "INSERT INTO u(name, v) VALUES "
					 "('a', 7)"),
	    HD_OK);
	st = db_prepare(f->c, by_name);
	db_bind(st, "t", "a");
	assert_int_equal(db_row(st), HD_OK);
	assert_int_equal(db_col_i64(st, 0), 7);
	assert_int_equal(db_end(st), HD_OK);
	st = db_prepare(f->c, by_name);
	db_bind(st, "t", "b");
	assert_int_equal(db_row(st), HD_ENOTFOUND);
	assert_int_equal(db_end(st), HD_OK);
	st = db_prepare(f->c, "SELECT abs(?)");
	db_bind(st, "i", INT64_MIN);
	assert_int_equal(db_row(st), HD_EIO);
	assert_int_equal(db_end(st), HD_EIO);
	st = db_prepare(f->c, "SELECT nosuch FROM u");
	assert_int_equal(db_row(st), HD_EIO);
	assert_int_equal(db_end(st), HD_EIO);
}

static void
a_prepare_error_fails_every_later_call(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	st = db_prepare(f->c, "SELEC 1");
	assert_null(st);
	assert_int_equal(db_bind(st, "i", (int64_t)1), HD_EIO);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EIO);
	assert_int_equal(db_exec(f->c, "SELECT nosuch FROM t", ""), HD_EIO);
	/* A second statement would never run: refused. */
	assert_null(db_prepare(f->c, "SELECT 1; DELETE FROM u"));
	assert_int_equal(db_exec(f->c, "SELECT 1;", ""), HD_OK);
}

static void
statements_are_cached_by_address_and_restart_when_prepared_again(void **state)
{
	static const char sql[] = "SELECT id FROM t ORDER BY id";
	struct fx *f = *state;
	struct db_stmt *a, *b;

	assert_int_equal(
	    db_script(f->c, "INSERT INTO t(id) VALUES (1), (2)"), HD_OK);
	a = db_prepare(f->c, sql);
	db_bind(a, "");
	assert_true(db_step(a));
	assert_int_equal(db_col_i64(a, 0), 1);
	b = db_prepare(f->c, sql); /* before db_end: starts it again */
	assert_ptr_equal(a, b);
	db_bind(b, "");
	assert_true(db_step(b));
	assert_int_equal(db_col_i64(b, 0), 1);
	assert_true(db_step(b));
	assert_int_equal(db_col_i64(b, 0), 2);
	assert_int_equal(db_end(b), HD_OK);
}

/* ---- one-shot helpers ---------------------------------------------- */

static void
insert_gives_the_new_id_and_notfound_when_nothing_was_inserted(void **state)
{
	struct fx *f = *state;
	int64_t a = 0, b = 0, id = -1;

	assert_int_equal(
	    db_insert(f->c, &a, "INSERT INTO u(name) VALUES (?)", "t", "a"),
	    HD_OK);
	assert_int_equal(
	    db_insert(f->c, &b, "INSERT INTO u(name) VALUES (?)", "t", "b"),
	    HD_OK);
	/* The trigger inserted audit rows 101 and 102 meanwhile. */
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(count(f->c, "SELECT max(id) FROM audit"), 102);
	assert_int_equal(db_insert(f->c, &id,
			     "INSERT INTO u(name) VALUES (?) "
			     "ON CONFLICT (name) DO NOTHING",
			     "t", "a"),
	    HD_ENOTFOUND);
	assert_int_equal(id, -1);
	assert_int_equal(
	    db_insert(f->c, &id, "INSERT INTO u(name) VALUES (?)", "t", "a"),
	    HD_ECONFLICT);
	assert_int_equal(id, -1);
}

static void
scalar_reads_the_first_column_and_runs_a_write_to_its_end(void **state)
{
	struct fx *f = *state;
	int64_t v = -1;

	assert_int_equal(db_script(f->c, "INSERT INTO u(name, v) VALUES "
					 "('a', 1), ('b', 10)"),
	    HD_OK);
	assert_int_equal(db_scalar(f->c, &v, "SELECT id FROM u WHERE name = ?",
			     "t", "nobody"),
	    HD_ENOTFOUND);
	assert_int_equal(v, -1);
	assert_int_equal(
	    db_scalar(f->c, &v, "UPDATE u SET v = v + 1 RETURNING v", ""),
	    HD_OK);
	assert_true(v == 2 || v == 11);
	assert_int_equal(count(f->c, "SELECT sum(v) FROM u"), 13);
}

/* ---- transactions -------------------------------------------------- */

static void
a_rolled_back_savepoint_undoes_only_its_level(void **state)
{
	struct fx *f = *state;
	const char *ins = "INSERT INTO u(name) VALUES (?)";

	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_exec(f->c, ins, "t", "a"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 2);
	assert_int_equal(db_exec(f->c, ins, "t", "b"), HD_OK);
	db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 1);
	assert_int_equal(db_exec(f->c, ins, "t", "c"), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_exec(f->c, ins, "t", "d"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u WHERE name IN "
				     "('a', 'c', 'd')"),
	    3);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u"), 3);

	/* An outer rollback takes a released savepoint with it. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_exec(f->c, ins, "t", "e"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	db_rollback(f->c);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u"), 3);
	db_rollback(f->c); /* outside a transaction: nothing */
	assert_int_equal(db_commit(f->c), HD_EIO);
}

static void
a_full_disk_rolls_all_back_and_nothing_runs_outside_the_transaction(
    void **state)
{
	struct fx *f = *state;
	enum hd_status s = HD_OK;
	static unsigned char page[8192];
	int64_t pages = 0;
	char sql[64];
	int i;

	assert_int_equal(
	    db_scalar(f->c, &pages, "PRAGMA page_count", ""), HD_OK);
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
	    (long long)pages + 4);
	assert_int_equal(db_script(f->c, sql), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK); /* a job's savepoint */
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "kept?"),
	    HD_OK);
	for (i = 0; i < 100 && s == HD_OK; i++)
		s = db_exec(f->c, "INSERT INTO t(x) VALUES (?)", "x", page,
		    sizeof(page));
	/* A full disk: noted (db/health.h), answered 507 by the server. */
	assert_int_equal(s, HD_EFULL);
	/* SQLite rolled the whole transaction back: a statement now would
	 * commit on its own, outside what the caller holds. Refused. */
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "after"),
	    HD_EIO);
	assert_int_equal(db_begin(f->c), HD_EIO);
	assert_int_equal(db_commit(f->c), HD_EIO); /* the savepoint */
	assert_int_equal(db_depth(f->c), 1);
	assert_int_equal(db_commit(f->c), HD_EIO);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(
	    db_script(f->c, "PRAGMA max_page_count = 1000000"), HD_OK);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u"), 0);
	assert_int_equal(count(f->c, "SELECT count(*) FROM t"), 0);
	/* And the connection works again. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "new"), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count(f->c, "SELECT count(*) FROM u"), 1);
}

/* ---- read snapshots ------------------------------------------------ */

static uint64_t ticks;

static uint64_t
tick(void *arg)
{
	(void)arg;
	return ++ticks;
}

static void
row_nop(void *arg, const struct db_change *ch)
{
	(void)arg;
	(void)ch;
}

static void
commit_nop(void *arg, bool committed)
{
	(void)arg;
	(void)committed;
}

static void
a_read_snapshot_does_not_see_a_concurrent_commit(void **state)
{
	struct fx *f = *state;
	const char *cnt = "SELECT count(*) FROM u";
	struct db_feed feed = {
	    .row = row_nop, .commit = commit_nop, .ticket = tick};
	struct db_conn *rd;
	uint64_t t;
	bool begun;

	assert_int_equal(db_feed_set(&feed), HD_OK);
	assert_int_equal(db_open(f->t.path, 0, &rd), HD_OK);
	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "a"), HD_OK);

	assert_false(db_snapshot_held(rd));
	begun = db_read_begin(rd);
	assert_true(begun);
	t = ticks; /* taken before the snapshot */
	assert_int_equal(db_read_ticket(rd), t);
	assert_false(db_snapshot_held(rd)); /* not before its first read */
	assert_int_equal(count(rd, cnt), 1);
	assert_true(db_snapshot_held(rd));

	assert_int_equal(
	    db_exec(f->c, "INSERT INTO u(name) VALUES (?)", "t", "b"), HD_OK);
	assert_int_equal(count(f->c, cnt), 2);
	assert_int_equal(count(rd, cnt), 1);
	assert_int_equal(db_read_ticket(rd), t);
	/* Nested: no second snapshot. */
	assert_false(db_read_begin(rd));
	db_read_end(rd, false);
	assert_int_equal(count(rd, cnt), 1);

	db_read_end(rd, begun);
	assert_false(db_snapshot_held(rd));
	assert_int_equal(count(rd, cnt), 2);
	assert_true(db_read_ticket(rd) > t); /* a new one outside */

	/* No snapshot inside a write transaction. */
	assert_int_equal(db_begin(rd), HD_OK);
	assert_false(db_read_begin(rd));
	db_rollback(rd);
	db_close(rd);
	assert_int_equal(db_feed_set(NULL), HD_OK);
	assert_int_equal(db_read_ticket(f->c), 0);
}

/* ---- WAL, cache, figures, read-only -------------------------------- */

static void
the_writer_counts_wal_frames_and_a_reader_holds_off_a_restart(void **state)
{
	struct fx *f = *state;
	struct db_conn *w, *rd;
	int frames = -1;
	bool begun;

	assert_int_equal(db_open(f->t.path, DB_WRITER, &w), HD_OK);
	assert_int_equal(db_wal_frames(w), 0);
	assert_int_equal(
	    db_exec(w, "INSERT INTO u(name) VALUES (?)", "t", "a"), HD_OK);
	assert_true(db_wal_frames(w) > 0);

	assert_int_equal(db_open(f->t.path, DB_READONLY, &rd), HD_OK);
	begun = db_read_begin(rd);
	assert_int_equal(count(rd, "SELECT count(*) FROM u"), 1);
	assert_int_equal(
	    db_exec(w, "INSERT INTO u(name) VALUES (?)", "t", "b"), HD_OK);
	assert_int_equal(
	    db_wal_checkpoint(w, DB_CHECKPOINT_RESTART, 20, &frames),
	    HD_ECONFLICT);
	assert_true(db_wal_frames(w) > 0);
	db_read_end(rd, begun);

	assert_int_equal(
	    db_wal_checkpoint(w, DB_CHECKPOINT_RESTART, 1000, &frames), HD_OK);
	assert_int_equal(db_wal_frames(w), 0);
	assert_int_equal(
	    db_wal_checkpoint(w, DB_CHECKPOINT_PASSIVE, 0, NULL), HD_OK);
	/* The restarted WAL is written from its start. */
	assert_int_equal(
	    db_exec(w, "INSERT INTO u(name) VALUES (?)", "t", "c"), HD_OK);
	assert_true(db_wal_frames(w) > 0 && db_wal_frames(w) <= frames);

	/* Read-only: reads, and refuses writes. */
	assert_int_equal(count(rd, "SELECT count(*) FROM u"), 3);
	assert_int_equal(
	    db_exec(rd, "INSERT INTO u(name) VALUES (?)", "t", "d"), HD_EIO);
	db_close(rd);
	db_close(w);
}

static void
cache_size_and_memory_figures(void **state)
{
	struct fx *f = *state;
	struct db_stats s;

	assert_int_equal(db_cache_set(f->c, 256), HD_OK);
	assert_int_equal(count(f->c, "PRAGMA cache_size"), -256);
	assert_int_equal(db_cache_set(f->c, 0), HD_EINVAL);
	db_memory_limit(64 * 1024 * 1024);
	db_stats(&s);
	assert_true(s.mem_used > 0);
	assert_true(s.mem_peak >= s.mem_used);
	assert_int_equal(db_conn_driver(f->c), DB_SQLITE);
}

/* ---- targets ------------------------------------------------------- */

static void
targets_name_their_driver(void **state)
{
	(void)state;
	assert_int_equal(db_driver_of("var/hausdesk.db"), DB_SQLITE);
	assert_int_equal(db_driver_of("/tmp/x.db"), DB_SQLITE);
	assert_int_equal(db_driver_of(":memory:"), DB_SQLITE);
	assert_int_equal(db_driver_of("./a=b.db"), DB_SQLITE);
	assert_int_equal(db_driver_of("file:x.db"), DB_SQLITE);
	assert_int_equal(
	    db_driver_of("postgresql://hd@localhost/hd"), DB_PGSQL);
	assert_int_equal(
	    db_driver_of("postgres://localhost:5433/hd"), DB_PGSQL);
	assert_int_equal(db_driver_of("PostgreSQL://h/hd"), DB_PGSQL);
	assert_int_equal(db_driver_of("host=/tmp dbname=hd"), DB_PGSQL);
	assert_int_equal(db_driver_of("dbname = hd"), DB_PGSQL);
	assert_int_equal(db_driver_of("  service_name=x"), DB_PGSQL);
	assert_int_equal(db_driver_of("mysql://h/hd"), DB_NONE);
	assert_int_equal(db_driver_of("file:///tmp/x.db"), DB_NONE);
	assert_int_equal(db_driver_of(""), DB_NONE);
	assert_int_equal(db_driver_of(NULL), DB_NONE);
}

static void
targets_are_shown_without_their_password(void **state)
{
	char b[256];

	(void)state;
	assert_string_equal(
	    db_target_shown("var/a:b@c.db", b, sizeof(b)), "var/a:b@c.db");
	assert_string_equal(
	    db_target_shown("postgresql://hd:geheim@db:5432/hd", b, sizeof(b)),
	    "postgresql://hd@db:5432/hd");
	assert_string_equal(
	    db_target_shown(
		"postgres://hd@db/hd?sslmode=require", b, sizeof(b)),
	    "postgres://hd@db/hd?sslmode=require");
	assert_string_equal(db_target_shown("postgresql://db/hd?password=geheim"
					    "&sslmode=require",
				b, sizeof(b)),
	    "postgresql://db/hd?password=***&sslmode=require");
	assert_string_equal(
	    db_target_shown("postgresql:///hd?host=/tmp", b, sizeof(b)),
	    "postgresql:///hd?host=/tmp");
	assert_string_equal(
	    db_target_shown("host=db password=geheim dbname=hd", b, sizeof(b)),
	    "host=db dbname=hd");
	assert_string_equal(db_target_shown("password=x", b, sizeof(b)), "");
	/* Cut to fit, never past the buffer. */
	assert_string_equal(
	    db_target_shown("postgresql://hd:pw@db/hd", b, 10), "postgresq");
	assert_null(strstr(db_target_shown("postgresql://hd:pw@db/h?password="
					   "geheim",
			       b, 30),
	    "geheim"));
}

static void
open_refuses_what_no_driver_serves_and_reports_a_missing_directory(void **state)
{
	static char dummy;
	struct db_conn *c = (struct db_conn *)(void *)&dummy;

	(void)state;
	/* A PostgreSQL target without a server (test_db_pg.c has one). */
	assert_int_equal(
	    db_open("postgresql://hd:secret@/hd?host=/nonexistent-dir", 0, &c),
	    HD_EIO);
	assert_null(c);
	assert_int_equal(db_open("mysql://h/hd", 0, &c), HD_EINVAL);
	assert_int_equal(db_open("", 0, &c), HD_EINVAL);
	assert_int_equal(db_open("/nonexistent-dir/x/y.db", 0, &c), HD_EIO);
	assert_null(c);
}

/* ---- migrations ---------------------------------------------------- */

static void
migrate_applies_the_embedded_migrations_once(void **state)
{
	struct fx *f = *state;
	struct db_migration plan[64];
	size_t n = 0;

	assert_true(hd_migrations_count < 64);
	assert_int_equal(db_migrations_plan(hd_migrations, hd_migrations_count,
			     "sqlite", plan, &n),
	    HD_OK);
	assert_true(n >= 6);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM schema_version"), (int64_t)n);
	assert_int_equal(count(f->c, "SELECT max(version) FROM schema_version"),
	    plan[n - 1].version);
	/* The versions are the numbers of the files, as before. */
	assert_int_equal(count(f->c, "SELECT version FROM schema_version "
				     "WHERE name = '001_initial.sql'"),
	    1);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM schema_version"), (int64_t)n);
	assert_int_equal(count(f->c, "SELECT count(*) FROM processes"), 0);
}

static void
migrations_are_picked_by_dialect_and_ordered_by_number(void **state)
{
	static const struct hd_embedded files[] = {
	    {"001_a.sql", "", 0},
	    {"003_c.sql", "", 0},
	    {"README.md", "", 0},
	    {"pgsql/002_b.sql", "", 0},
	    {"pgsql/init.sql", "", 0},
	    {"sqlite/002_b.sql", "", 0},
	    {"sqlite/old/004_d.sql", "", 0},
	    {"sqlite/notes.txt", "", 0},
	};
	struct db_migration out[8];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    db_migrations_plan(files, 8, "sqlite", out, &n), HD_OK);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].file->name, "001_a.sql");
	assert_string_equal(out[1].file->name, "sqlite/002_b.sql");
	assert_string_equal(out[2].file->name, "003_c.sql");
	assert_int_equal(out[2].version, 3);
	/* pgsql/init.sql has no number: an error for PostgreSQL only. */
	assert_int_equal(
	    db_migrations_plan(files, 8, "pgsql", out, &n), HD_EINVAL);
	assert_int_equal(db_migrations_plan(files, 4, "pgsql", out, &n), HD_OK);
	assert_int_equal(n, 3);
	assert_string_equal(out[1].file->name, "pgsql/002_b.sql");
}

static void
migrations_of_one_number_or_none_are_refused(void **state)
{
	static const struct hd_embedded dup[] = {
	    {"001_a.sql", "", 0},
	    {"sqlite/001_b.sql", "", 0},
	};
	static const struct hd_embedded unnumbered[] = {
	    {"001_a.sql", "", 0},
	    {"init.sql", "", 0},
	};
	struct db_migration out[2];
	size_t n = 9;

	(void)state;
	assert_int_equal(
	    db_migrations_plan(dup, 2, "sqlite", out, &n), HD_EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(
	    db_migrations_plan(unnumbered, 2, "sqlite", out, &n), HD_EINVAL);
}

static void
a_failing_migration_is_rolled_back_and_applied_once_fixed(void **state)
{
	struct fx *f = *state;
	const struct hd_embedded bad[] = {
	    {"001_a.sql", "CREATE TABLE ma(x INTEGER);", 0},
	    {"002_b.sql",
		"CREATE TABLE mb(x INTEGER); INSERT INTO nosuch "
		"VALUES (1);",
		0},
	};
	const struct hd_embedded good[] = {
	    bad[0],
	    {"002_b.sql", "CREATE TABLE mb(x INTEGER);", 0},
	};

	assert_int_equal(db_migrate_files(f->c, bad, 2), HD_EIO);
	assert_int_equal(count(f->c, "SELECT count(*) FROM schema_version"), 1);
	assert_int_equal(count(f->c, "SELECT count(*) FROM ma"), 0);
	assert_int_equal(db_exec(f->c, "SELECT count(*) FROM mb", ""), HD_EIO);
	assert_int_equal(db_depth(f->c), 0);
	assert_int_equal(db_migrate_files(f->c, good, 2), HD_OK);
	assert_int_equal(count(f->c, "SELECT count(*) FROM mb"), 0);
	assert_int_equal(
	    count(f->c, "SELECT max(version) FROM schema_version"), 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(every_type_binds_and_reads_back),
	    T(nulls_bind_and_read_as_null),
	    T(blobs_round_trip_and_empty_is_not_null),
	    T(bind_refuses_a_wrong_count_or_type_and_the_statement_does_not_run),
	    T(unique_and_foreign_key_violations_end_in_conflict),
	    T(a_step_error_is_reported_not_taken_for_the_end),
	    T(row_tells_a_row_from_none_and_from_an_error),
	    T(a_prepare_error_fails_every_later_call),
	    T(statements_are_cached_by_address_and_restart_when_prepared_again),
	    T(insert_gives_the_new_id_and_notfound_when_nothing_was_inserted),
	    T(scalar_reads_the_first_column_and_runs_a_write_to_its_end),
	    T(a_rolled_back_savepoint_undoes_only_its_level),
	    T(a_full_disk_rolls_all_back_and_nothing_runs_outside_the_transaction),
	    T(a_read_snapshot_does_not_see_a_concurrent_commit),
	    T(the_writer_counts_wal_frames_and_a_reader_holds_off_a_restart),
	    T(cache_size_and_memory_figures),
	    cmocka_unit_test(targets_name_their_driver),
	    cmocka_unit_test(targets_are_shown_without_their_password),
	    cmocka_unit_test(
		open_refuses_what_no_driver_serves_and_reports_a_missing_directory),
	    T(migrate_applies_the_embedded_migrations_once),
	    cmocka_unit_test(
		migrations_are_picked_by_dialect_and_ordered_by_number),
	    cmocka_unit_test(migrations_of_one_number_or_none_are_refused),
	    T(a_failing_migration_is_rolled_back_and_applied_once_fixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
